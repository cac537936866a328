//! The systems triage asks. Each source knows how to talk to its system
//! safely (timeouts, authentication, read-only) and returns data; sources never
//! score or rank.

pub mod cause;
pub mod http;
pub mod kubernetes;
pub mod postgres;
pub mod prometheus;
pub mod pushgateway;
pub mod starttls;
pub mod tls;

/// Something a source could not read, and why: shown in the report as a
/// named gap instead of failing the whole run.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Gap {
    /// What is missing: "Prometheus query for error_rate".
    pub what: String,
    /// Why, naming the server (credentials redacted).
    pub error: String,
}
