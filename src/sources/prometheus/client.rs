//! The Prometheus HTTP API client. It is careful with a server that may be
//! struggling in the same incident: a bounded number of requests in flight,
//! a deadline on every request (passed to the server as the query `timeout`
//! too), at most one retry after a short random pause, never on 4xx, and a cap
//! on how much of a response it reads.

use super::envelope::{self, Answer};
use super::model::{AlertList, BuildInfo, Labels, QueryResult, RuleGroups};
use super::{api_url, authorize, client};
use crate::config::settings::PrometheusSettings;
use crate::sources::http::describe_error;
use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tokio::sync::Semaphore;
use tokio::time::Instant;

/// How many requests may be in flight at once, by default.
pub const DEFAULT_CONCURRENCY: usize = 8;
/// Responses larger than this are refused rather than read into memory.
pub const DEFAULT_MAX_BODY_BYTES: usize = 32 * 1024 * 1024;
/// Above this many bytes of parameters a query goes as a POST form, which
/// proxies don't truncate the way they truncate long URLs.
const MAX_GET_PARAMS_LEN: usize = 1500;
/// A retry waits a random time in this range (or the server's `Retry-After`,
/// when that is shorter than `MAX_RETRY_AFTER`).
const RETRY_PAUSE_MS: std::ops::Range<u64> = 200..800;
const MAX_RETRY_AFTER: Duration = Duration::from_secs(3);

/// Limits for one run's client.
#[derive(Debug, Clone, Copy)]
pub struct ClientOptions {
    pub concurrency: usize,
    pub max_body_bytes: usize,
    /// Nothing is sent or waited for after this instant.
    pub deadline: Instant,
}

impl ClientOptions {
    pub fn until(deadline: Instant) -> ClientOptions {
        ClientOptions {
            concurrency: DEFAULT_CONCURRENCY,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            deadline,
        }
    }
}

/// A failed request, named by the URL it went to (never with credentials).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Prometheus at {url}: {reason}")]
pub struct PromError {
    pub url: String,
    pub reason: String,
    /// The HTTP status, when the server answered.
    pub status: Option<u16>,
}

pub struct PromClient<'a> {
    settings: &'a PrometheusSettings,
    http: reqwest::Client,
    permits: Semaphore,
    options: ClientOptions,
    /// Set by the first failure: from then on nothing is retried, so a
    /// struggling server sees at most one extra request from this run.
    failed_once: AtomicBool,
}

/// One attempt's failure, and whether trying again could help.
struct Failure {
    reason: String,
    status: Option<u16>,
    retry_after: Option<Duration>,
    retryable: bool,
}

impl<'a> PromClient<'a> {
    pub fn new(
        settings: &'a PrometheusSettings,
        options: ClientOptions,
    ) -> Result<Self, PromError> {
        let timeout = options
            .deadline
            .saturating_duration_since(Instant::now())
            .max(Duration::from_millis(1));
        let http = client(settings, timeout).map_err(|reason| PromError {
            url: settings.url.to_string(),
            reason,
            status: None,
        })?;
        Ok(PromClient {
            settings,
            http,
            permits: Semaphore::new(options.concurrency.max(1)),
            options,
            failed_once: AtomicBool::new(false),
        })
    }

    /// The server's base URL, for reports.
    pub fn base_url(&self) -> String {
        self.settings.url.to_string()
    }

    /// `/api/v1/query` at `time` (the server's now when `None`).
    pub async fn instant(
        &self,
        query: &str,
        time: Option<DateTime<Utc>>,
    ) -> Result<Answer<QueryResult>, PromError> {
        let mut params = vec![("query", query.to_string())];
        if let Some(time) = time {
            params.push(("time", unix(time)));
        }
        self.call("api/v1/query", params, true).await
    }

    /// `/api/v1/query_range` from `start` to `end` every `step`.
    pub async fn range(
        &self,
        query: &str,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        step: Duration,
    ) -> Result<Answer<QueryResult>, PromError> {
        let params = vec![
            ("query", query.to_string()),
            ("start", unix(start)),
            ("end", unix(end)),
            ("step", format!("{}s", step.as_secs().max(1))),
        ];
        self.call("api/v1/query_range", params, true).await
    }

    /// `/api/v1/label/NAME/values`, optionally only for series matching `selector`.
    pub async fn label_values(
        &self,
        label: &str,
        selector: Option<&str>,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Result<Answer<Vec<String>>, PromError> {
        let mut params = vec![("start", unix(start)), ("end", unix(end))];
        params.extend(selector.map(|s| ("match[]", s.to_string())));
        self.call(&format!("api/v1/label/{label}/values"), params, false)
            .await
    }

    /// `/api/v1/labels`: the label names of the series matching `selector`.
    pub async fn label_names(
        &self,
        selector: &str,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Result<Answer<Vec<String>>, PromError> {
        let params = vec![
            ("match[]", selector.to_string()),
            ("start", unix(start)),
            ("end", unix(end)),
        ];
        self.call("api/v1/labels", params, true).await
    }

    /// `/api/v1/series`: the label sets of the series matching `selector`.
    pub async fn series(
        &self,
        selector: &str,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Result<Answer<Vec<Labels>>, PromError> {
        let params = vec![
            ("match[]", selector.to_string()),
            ("start", unix(start)),
            ("end", unix(end)),
        ];
        self.call("api/v1/series", params, true).await
    }

    /// `/api/v1/alerts`: alerts pending or firing now.
    pub async fn alerts(&self) -> Result<Answer<AlertList>, PromError> {
        self.call("api/v1/alerts", Vec::new(), false).await
    }

    /// `/api/v1/rules`: alerting and recording rules.
    pub async fn rules(&self) -> Result<Answer<RuleGroups>, PromError> {
        self.call("api/v1/rules", Vec::new(), false).await
    }

    /// `/api/v1/status/buildinfo`.
    pub async fn build_info(&self) -> Result<Answer<BuildInfo>, PromError> {
        self.call("api/v1/status/buildinfo", Vec::new(), false)
            .await
    }

    /// What the server may spend on a query: what we have left at the moment
    /// of sending, so that it stops working when we stop waiting.
    fn server_timeout(&self) -> String {
        let left = self
            .options
            .deadline
            .saturating_duration_since(Instant::now());
        format!("{}ms", left.as_millis().max(1))
    }

    /// One API call: at most two attempts, within the deadline and the
    /// concurrency limit.
    async fn call<T: DeserializeOwned>(
        &self,
        path: &str,
        params: Vec<(&str, String)>,
        may_post: bool,
    ) -> Result<Answer<T>, PromError> {
        let url = api_url(self.settings, path);
        let error = |failure: Failure| PromError {
            url: url.clone(),
            reason: failure.reason,
            status: failure.status,
        };
        let _permit = tokio::time::timeout_at(self.options.deadline, self.permits.acquire())
            .await
            .map_err(|_| error(timed_out()))?
            .expect("the semaphore is never closed");
        let post = may_post
            && params
                .iter()
                .map(|(name, value)| name.len() + value.len() + 2)
                .sum::<usize>()
                > MAX_GET_PARAMS_LEN;

        let began = Instant::now();
        let first = self.attempt(&url, &params, post).await;
        tracing::debug!(
            "{} {url} {:?} took {} ms",
            if post { "POST" } else { "GET" },
            params
                .iter()
                .find(|(name, _)| *name == "query")
                .map(|(_, q)| q.as_str())
                .unwrap_or(""),
            began.elapsed().as_millis()
        );
        let failure = match first {
            Ok(body) => return envelope::parse(&body).map_err(|err| error(from_envelope(err))),
            Err(failure) => failure,
        };
        let pause = match failure.retry_after {
            Some(wait) if wait <= MAX_RETRY_AFTER => wait,
            Some(_) => return Err(error(failure)),
            None => Duration::from_millis(fastrand::u64(RETRY_PAUSE_MS)),
        };
        let earlier_failure = self.failed_once.swap(true, Ordering::SeqCst);
        if !failure.retryable || earlier_failure || Instant::now() + pause >= self.options.deadline
        {
            return Err(error(failure));
        }
        tracing::info!(
            "retrying {url} once in {} ms: {}",
            pause.as_millis(),
            failure.reason
        );
        tokio::time::sleep(pause).await;
        match self.attempt(&url, &params, post).await {
            Ok(body) => envelope::parse(&body).map_err(|err| error(from_envelope(err))),
            Err(second) => Err(error(Failure {
                reason: format!("{} (also on a retry)", second.reason),
                ..second
            })),
        }
    }

    async fn attempt(
        &self,
        url: &str,
        params: &[(&str, String)],
        post: bool,
    ) -> Result<Vec<u8>, Failure> {
        let mut params = params.to_vec();
        if url.ends_with("/api/v1/query") || url.ends_with("/api/v1/query_range") {
            params.push(("timeout", self.server_timeout()));
        }
        let request = if post {
            self.http.post(url).form(&params)
        } else {
            self.http.get(url).query(&params)
        };
        let request = authorize(request, &self.settings.auth);
        let work = async {
            let mut response = request.send().await.map_err(|err| Failure {
                reason: describe_error(&err),
                status: None,
                retry_after: None,
                // A server that is down may be restarting; a timeout means
                // it is overloaded and another request would only add to it;
                // a rejected certificate will be rejected again.
                retryable: !err.is_timeout()
                    && crate::sources::cause::certificate_problem(&err, "ca_file").is_none(),
            })?;
            let status = response.status();
            let retry_after = retry_after(&response);
            let body = read_limited(&mut response, self.options.max_body_bytes).await?;
            if status.is_success() {
                return Ok(body);
            }
            Err(http_failure(status, &body, retry_after))
        };
        tokio::time::timeout_at(self.options.deadline, work)
            .await
            .unwrap_or_else(|_| Err(timed_out()))
    }
}

fn timed_out() -> Failure {
    Failure {
        reason: "timed out".into(),
        status: None,
        retry_after: None,
        retryable: false,
    }
}

fn from_envelope(err: envelope::EnvelopeError) -> Failure {
    Failure {
        reason: err.to_string(),
        status: None,
        retry_after: None,
        retryable: false,
    }
}

/// Reads the body chunk by chunk, giving up past `limit` bytes.
async fn read_limited(response: &mut reqwest::Response, limit: usize) -> Result<Vec<u8>, Failure> {
    let too_large = || Failure {
        reason: format!(
            "the response is larger than {} MiB; narrow the query (aggregate with sum by (…), or a shorter --since)",
            limit / (1024 * 1024)
        ),
        status: None,
        retry_after: None,
        retryable: false,
    };
    if response
        .content_length()
        .is_some_and(|length| length > limit as u64)
    {
        return Err(too_large());
    }
    let mut body = Vec::new();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                if body.len() + chunk.len() > limit {
                    return Err(too_large());
                }
                body.extend_from_slice(&chunk);
            }
            Ok(None) => return Ok(body),
            Err(err) => {
                return Err(Failure {
                    reason: format!("the response broke off: {}", describe_error(&err)),
                    status: None,
                    retry_after: None,
                    retryable: !err.is_timeout(),
                });
            }
        }
    }
}

/// A non-2xx answer: the server's own error message when it sent one.
fn http_failure(
    status: reqwest::StatusCode,
    body: &[u8],
    retry_after: Option<Duration>,
) -> Failure {
    let code = status.as_u16();
    let detail = match envelope::parse::<serde_json::Value>(body) {
        Err(envelope::EnvelopeError::Api {
            error_type,
            message,
        }) => format!(": {error_type}: {message}"),
        _ => String::new(),
    };
    let advice = match code {
        401 => " (authentication failed: check the bearer token or basic auth)",
        403 => " (authenticated, but not allowed)",
        404 => " (is the URL the API's base URL, with any path prefix?)",
        429 => " (the server is rate limiting triage)",
        _ => "",
    };
    let asks = match retry_after {
        Some(wait) if wait <= MAX_RETRY_AFTER => String::new(),
        Some(wait) if wait == Duration::MAX => " (the server asks to retry later)".into(),
        Some(wait) => format!(" (the server asks to retry in {} s)", wait.as_secs()),
        None => String::new(),
    };
    Failure {
        reason: format!("HTTP {status}{detail}{advice}{asks}"),
        status: Some(code),
        retry_after,
        retryable: status.is_server_error() && code != 501,
    }
}

/// `Retry-After` in seconds. The date form (or anything unreadable) counts as
/// "longer than we would wait": the server asked for patience, so no retry.
fn retry_after(response: &reqwest::Response) -> Option<Duration> {
    let value = response.headers().get(reqwest::header::RETRY_AFTER)?;
    let seconds = value
        .to_str()
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok());
    Some(seconds.map_or(Duration::MAX, Duration::from_secs))
}

/// Unix seconds with millisecond precision, as the API takes them.
fn unix(time: DateTime<Utc>) -> String {
    format!("{:.3}", time.timestamp_millis() as f64 / 1000.0)
}
