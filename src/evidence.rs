//! The evidence bundle (`"schema": "triage.evidence/v1"`): everything one
//! investigation observed — the window, each source's raw data and each
//! source's error — in one JSON file. `--record` writes it (evidence is
//! ephemeral: events expire, sessions end); `--replay` analyses it again with
//! no network and gives the same report. Secrets are never part of it: the
//! sources return data, not credentials, and query text is redacted.

use crate::analyze::Window;
use crate::signals::SignalSeries;
use crate::sources::kubernetes::snapshot::ClusterSnapshot;
use crate::sources::postgres::snapshot::Snapshot;
use crate::sources::tls::observation::Observation;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::path::Path;

pub const SCHEMA: &str = "triage.evidence/v1";

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    pub schema: String,
    /// The triage version that recorded it.
    pub triage_version: String,
    pub recorded_at: DateTime<Utc>,
    /// A line saying what this is (an example bundle's incident).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// `--service`, when the investigation was about one service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    pub window: Window,
    /// What calls what (the config's `depends_on`), for the ranking's topology.
    #[serde(default)]
    pub topology: Vec<Dependency>,
    /// Every source considered: consulted, failed (a data gap) or not configured.
    pub sources: Vec<SourceRecord>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prometheus: Option<PrometheusEvidence>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub postgres: Vec<DatabaseEvidence>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kubernetes: Option<ClusterSnapshot>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tls: Vec<Observation>,
}

/// A service and the services, databases or TLS endpoints it calls.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dependency {
    pub service: String,
    pub depends_on: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceStatus {
    /// Asked, and it answered (possibly with gaps of its own).
    Ok,
    /// Asked, and it failed or timed out: a data gap.
    Failed,
    /// Nothing configured for it.
    NotConfigured,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceRecord {
    /// `prometheus`, `postgres NAME`, `kubernetes`, `tls`.
    pub name: String,
    pub status: SourceStatus,
    #[serde(default)]
    pub error: Option<String>,
    /// Parts that could not be read while the rest was (a failed query, a kind not listed).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub gaps: Vec<String>,
    pub duration_ms: u64,
}

/// The Prometheus signals as queried: every planned query and its range series.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PrometheusEvidence {
    /// The server asked (without credentials).
    pub server: String,
    pub step_seconds: u64,
    /// How the signals were chosen, one line per metric convention.
    #[serde(default)]
    pub conventions: Vec<String>,
    pub series: Vec<SignalSeries>,
    /// `ALERTS{alertstate="firing"}` over the window: what fired, and when.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alerts: Vec<crate::sources::prometheus::model::RangeSeries>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DatabaseEvidence {
    pub name: String,
    pub snapshot: Snapshot,
}

impl Evidence {
    /// An empty bundle for a window; sources fill it.
    pub fn new(window: Window, recorded_at: DateTime<Utc>) -> Evidence {
        Evidence {
            schema: SCHEMA.into(),
            triage_version: env!("CARGO_PKG_VERSION").into(),
            recorded_at,
            title: None,
            service: None,
            window,
            topology: Vec::new(),
            sources: Vec::new(),
            prometheus: None,
            postgres: Vec::new(),
            kubernetes: None,
            tls: Vec::new(),
        }
    }

    /// Reads and checks a bundle; every error says what is wrong with the file.
    pub fn load(path: &Path) -> Result<Evidence, String> {
        let shown = path.display();
        let text = crate::file_limits::read_to_string(path, crate::file_limits::BUNDLE)
            .map_err(|err| format!("--replay {shown}: {err}"))?;
        Evidence::parse(&text).map_err(|err| format!("--replay {shown}: {err}"))
    }

    pub fn parse(text: &str) -> Result<Evidence, String> {
        // The schema first, so a bundle of another version says so rather than
        // failing on whichever field changed.
        let head: serde_json::Value = serde_json::from_str(text)
            .map_err(|err| format!("not an evidence bundle: not JSON ({err})"))?;
        match head.get("schema").and_then(|schema| schema.as_str()) {
            Some(SCHEMA) => {}
            Some(other) => {
                return Err(format!(
                    "an evidence bundle of schema '{other}'; this triage reads '{SCHEMA}'"
                ));
            }
            None => {
                return Err(format!(
                    "not an evidence bundle: no \"schema\": \"{SCHEMA}\""
                ));
            }
        }
        let evidence: Evidence = serde_path_to_error::deserialize(head).map_err(|err| {
            format!(
                "a corrupt evidence bundle: at {}: {}",
                err.path(),
                err.inner()
            )
        })?;
        evidence.check()?;
        Ok(evidence)
    }

    /// What serde can't say: the invariants the analysis relies on.
    fn check(&self) -> Result<(), String> {
        if self.window.baseline_start > self.window.start || self.window.start >= self.window.end {
            return Err("a corrupt evidence bundle: the window's times are out of order".into());
        }
        if let Some(prometheus) = &self.prometheus {
            let window = (self.window.end - self.window.baseline_start)
                .num_seconds()
                .max(1) as u64;
            if prometheus.step_seconds == 0 || prometheus.step_seconds > window {
                return Err(format!(
                    "a corrupt evidence bundle: prometheus.step_seconds {} is not between 1 and the window's {window} s",
                    prometheus.step_seconds
                ));
            }
        }
        let mut names: Vec<&str> = self.postgres.iter().map(|d| d.name.as_str()).collect();
        names.sort_unstable();
        if let Some(twice) = names.windows(2).find(|pair| pair[0] == pair[1]) {
            return Err(format!(
                "a corrupt evidence bundle: database '{}' appears twice",
                twice[0]
            ));
        }
        if let Some(database) = self.postgres.iter().find(|d| d.snapshot.samples.is_empty()) {
            return Err(format!(
                "a corrupt evidence bundle: database '{}' has no sample",
                database.name
            ));
        }
        Ok(())
    }

    /// The bundle as pretty JSON, ending with a newline.
    pub fn to_json(&self) -> String {
        // Every field is a plain string, number, list or map: this cannot fail.
        let mut text = serde_json::to_string_pretty(self).expect("an evidence bundle serialises");
        text.push('\n');
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn window() -> Window {
        let end = DateTime::parse_from_rfc3339("2026-11-21T13:30:00Z")
            .unwrap()
            .with_timezone(&Utc);
        Window {
            baseline_start: end - chrono::Duration::hours(2),
            start: end - chrono::Duration::hours(1),
            end,
        }
    }

    #[test]
    fn a_bundle_round_trips() {
        let mut evidence = Evidence::new(window(), window().end);
        evidence.sources.push(SourceRecord {
            name: "prometheus".into(),
            status: SourceStatus::Failed,
            error: Some("timed out".into()),
            gaps: vec![],
            duration_ms: 5000,
        });
        let back = Evidence::parse(&evidence.to_json()).unwrap();
        assert_eq!(back.sources, evidence.sources);
        assert_eq!(back.window, evidence.window);
    }

    #[test]
    fn other_schemas_and_corrupt_files_are_clear_errors() {
        let err = Evidence::parse(r#"{"schema": "triage.evidence/v2"}"#).unwrap_err();
        assert!(err.contains("schema 'triage.evidence/v2'"), "{err}");
        let err = Evidence::parse("{not json").unwrap_err();
        assert!(err.starts_with("not an evidence bundle: not JSON"), "{err}");
        let mut json: serde_json::Value =
            serde_json::from_str(&Evidence::new(window(), window().end).to_json()).unwrap();
        json["window"]["start"] = serde_json::json!("yesterday");
        let err = Evidence::parse(&json.to_string()).unwrap_err();
        assert!(
            err.starts_with("a corrupt evidence bundle: at window.start"),
            "{err}"
        );
        let mut bad_step = Evidence::new(window(), window().end);
        bad_step.prometheus = Some(PrometheusEvidence {
            server: "http://prometheus:9090/".into(),
            step_seconds: u64::MAX,
            conventions: Vec::new(),
            series: Vec::new(),
            alerts: Vec::new(),
        });
        let err = Evidence::parse(&bad_step.to_json()).unwrap_err();
        assert!(err.contains("step_seconds"), "{err}");
        let err = Evidence::parse(r#"{"title": "x"}"#).unwrap_err();
        assert!(err.contains("no \"schema\""), "{err}");
    }
}
