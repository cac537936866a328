//! A Prometheus Pushgateway, for `certs check --push-gateway`: one PUT per
//! run, bounded by a timeout and never retried (the next cron run is the
//! retry). PUT replaces the job's whole group, so a target dropped from the
//! list stops being reported instead of going stale at its last value.

use super::http::describe_error;
use std::time::Duration;
use url::Url;

/// Largest error body quoted from the gateway.
const QUOTED_BYTES: usize = 300;

/// A Pushgateway base URL from the command line: http(s), no credentials
/// (they would show in `ps` and in cron mail), no query. Errors never quote
/// the text, which may hold a password.
pub fn parse_url(text: &str) -> Result<Url, String> {
    let url = Url::parse(text).map_err(|err| format!("--push-gateway is not a URL ({err})"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(
            "--push-gateway is not an http:// or https:// URL (e.g. http://pushgateway:9091)"
                .into(),
        );
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(
            "--push-gateway has credentials in it, which would show in ps and in cron mail: \
             use a Pushgateway reachable without them"
                .into(),
        );
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err("--push-gateway has a query or fragment: give the base URL only".into());
    }
    Ok(url)
}

/// `BASE/metrics/job/JOB`, the job's group.
pub fn group_url(base: &Url, job: &str) -> Url {
    let mut url = base.clone();
    url.path_segments_mut()
        .expect("an http(s) URL has a path")
        .pop_if_empty()
        .extend(["metrics", "job", job]);
    url
}

/// Replaces the job's group with `body` (Prometheus text format).
pub async fn push(base: &Url, job: &str, body: String, timeout: Duration) -> Result<(), String> {
    let url = group_url(base, job);
    let client = reqwest::Client::builder()
        .user_agent(concat!("triage/", env!("CARGO_PKG_VERSION")))
        .timeout(timeout)
        .connect_timeout(timeout)
        .build()
        .map_err(|err| describe_error(&err))?;
    let response = client
        .put(url.clone())
        .header("Content-Type", "text/plain; version=0.0.4")
        .body(body)
        .send()
        .await
        .map_err(|err| format!("PUT {url}: {}", describe_error(&err)))?;
    let status = response.status();
    if status.is_success() {
        return Ok(());
    }
    let text = response.text().await.unwrap_or_default();
    let quoted: String = text.trim().chars().take(QUOTED_BYTES).collect();
    Err(format!("PUT {url}: HTTP {status}: {quoted}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_group_url_ends_in_the_job_whatever_the_base_looks_like() {
        for base in [
            "http://gw:9091",
            "http://gw:9091/",
            "https://gw.example/prefix/",
        ] {
            let url = group_url(&parse_url(base).unwrap(), "triage_certs");
            assert!(
                url.as_str().ends_with("/metrics/job/triage_certs"),
                "{base}: {url}"
            );
            assert!(!url.as_str().contains("//metrics"), "{url}");
        }
        // A job name is one path segment, escaped.
        let url = group_url(&parse_url("http://gw:9091").unwrap(), "certs/eu west");
        assert_eq!(url.as_str(), "http://gw:9091/metrics/job/certs%2Feu%20west");
    }

    #[test]
    fn credentials_queries_and_other_schemes_are_refused() {
        assert!(
            parse_url("http://user:pw@gw:9091")
                .unwrap_err()
                .contains("credentials")
        );
        assert!(parse_url("ftp://gw").unwrap_err().contains("http://"));
        assert!(
            parse_url("http://gw:9091/?x=1")
                .unwrap_err()
                .contains("base URL")
        );
        assert!(parse_url("gw:9091").is_err());
    }
}
