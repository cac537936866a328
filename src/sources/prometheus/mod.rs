//! Prometheus and compatible engines (Thanos, Mimir, VictoriaMetrics) over the
//! HTTP API. Every request carries a timeout and the configured authentication.

pub mod client;
pub mod collect;
pub mod envelope;
pub mod inventory;
pub mod model;

pub use client::{ClientOptions, PromClient, PromError};

use super::http::describe_error;
use crate::config::settings::{HttpAuth, PrometheusSettings};
use std::time::Duration;

/// Builds the HTTP client for one Prometheus: CA, TLS verification, headers, timeout.
pub fn client(settings: &PrometheusSettings, timeout: Duration) -> Result<reqwest::Client, String> {
    let mut headers = reqwest::header::HeaderMap::new();
    for (name, value) in &settings.headers {
        let name = reqwest::header::HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| format!("header name '{name}' is not valid"))?;
        let value = reqwest::header::HeaderValue::from_str(value)
            .map_err(|_| format!("header {name} has a value that is not valid"))?;
        headers.insert(name, value);
    }
    let mut builder = reqwest::Client::builder()
        .user_agent(concat!("triage/", env!("CARGO_PKG_VERSION")))
        .default_headers(headers)
        .timeout(timeout)
        .connect_timeout(timeout.min(Duration::from_secs(10)))
        .tls_danger_accept_invalid_certs(settings.insecure_skip_verify);
    if let Some(ca_file) = &settings.ca_file {
        let pem = crate::file_limits::read(ca_file, crate::file_limits::CERTIFICATES)
            .map_err(|err| format!("cannot read CA file {}: {err}", ca_file.display()))?;
        let certs = reqwest::Certificate::from_pem_bundle(&pem).map_err(|err| {
            format!(
                "CA file {} holds no usable PEM certificate: {err}",
                ca_file.display()
            )
        })?;
        builder = builder.tls_certs_merge(certs);
    }
    builder
        .build()
        .map_err(|err| format!("cannot build the HTTP client: {}", describe_error(&err)))
}

/// Adds the configured authentication to a request.
pub fn authorize(request: reqwest::RequestBuilder, auth: &HttpAuth) -> reqwest::RequestBuilder {
    match auth {
        HttpAuth::None => request,
        HttpAuth::Bearer { token, .. } => request.bearer_auth(token.expose()),
        HttpAuth::Basic {
            username, password, ..
        } => request.basic_auth(
            username,
            password.as_ref().map(|password| password.expose()),
        ),
    }
}

/// The URL of an API path under the base URL, which may carry a path prefix
/// (`https://host/prometheus/`).
pub fn api_url(settings: &PrometheusSettings, path: &str) -> String {
    let base = settings.url.as_str().trim_end_matches('/');
    format!("{base}/{}", path.trim_start_matches('/'))
}

/// Checks reachability and authentication once: asks for the build info, and
/// falls back to a trivial query for engines that don't serve it.
pub async fn probe(settings: &PrometheusSettings, timeout: Duration) -> Result<String, String> {
    let options = ClientOptions::until(tokio::time::Instant::now() + timeout);
    let client = PromClient::new(settings, options).map_err(|err| err.reason)?;
    match client.build_info().await {
        Ok(answer) => Ok(format!(
            "Prometheus-compatible, version {}",
            answer.data.version
        )),
        Err(err) if err.status == Some(404) => {
            client.instant("1", None).await.map_err(|err| err.reason)?;
            Ok("answers queries (no build info endpoint)".into())
        }
        Err(err) => Err(err.reason),
    }
}
