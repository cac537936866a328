//! A finding: one abnormal fact about one subject, with how bad it is, since
//! when, and exactly what showed it.

use chrono::{DateTime, Utc};
use serde::Serialize;

/// How bad a finding (or a subject's overall assessment) is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Severity {
    Ok,
    Warning,
    Critical,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Ok => "OK",
            Severity::Warning => "WARNING",
            Severity::Critical => "CRITICAL",
        }
    }

    pub fn exit_status(self) -> crate::ExitStatus {
        match self {
            Severity::Ok => crate::ExitStatus::Ok,
            Severity::Warning => crate::ExitStatus::Warning,
            Severity::Critical => crate::ExitStatus::Critical,
        }
    }
}

/// The exact query that showed a finding, so a reader can run it themselves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "language", content = "text", rename_all = "lowercase")]
pub enum ShownBy {
    PromQl(String),
    /// SQL to paste into psql.
    Sql(String),
    /// The Kubernetes API path that returned the object (`kubectl get --raw PATH`).
    ApiPath(String),
    /// A shell command that shows the same thing (`openssl s_client …`).
    Shell(String),
}

impl ShownBy {
    /// The language tag of a fenced code block.
    pub fn language(&self) -> &'static str {
        match self {
            ShownBy::PromQl(_) => "promql",
            ShownBy::Sql(_) => "sql",
            ShownBy::ApiPath(_) => "text",
            ShownBy::Shell(_) => "sh",
        }
    }

    pub fn text(&self) -> &str {
        match self {
            ShownBy::PromQl(text)
            | ShownBy::Sql(text)
            | ShownBy::ApiPath(text)
            | ShownBy::Shell(text) => text,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// What kind of fact: a signal id such as `error_ratio` or `instance_share`.
    pub kind: String,
    /// The service, container, backend or database it is about.
    pub subject: String,
    pub severity: Severity,
    /// One sentence of measured facts: "5xx 24.1% of requests (baseline 0.1%)".
    pub summary: String,
    pub value: f64,
    pub baseline: Option<f64>,
    /// Robust units away from the baseline, when there is one.
    pub score: Option<f64>,
    pub onset: Option<DateTime<Utc>>,
    pub shown_by: ShownBy,
}

impl Finding {
    /// A fact judged by a fixed threshold rather than against a baseline (a
    /// lock wait, a full connection table): no baseline, no robust score.
    pub fn observed(
        kind: &str,
        subject: &str,
        severity: Severity,
        summary: String,
        value: f64,
        onset: Option<DateTime<Utc>>,
        shown_by: ShownBy,
    ) -> Finding {
        Finding {
            kind: kind.into(),
            subject: subject.into(),
            severity,
            summary,
            value,
            baseline: None,
            score: None,
            onset,
            shown_by,
        }
    }
}
