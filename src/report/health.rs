//! `triage prom health` rendered: the service health table of the seed 002
//! report, the findings with the PromQL that showed them, how the signals were
//! chosen, and what could not be measured.

use super::findings;
use super::table::Table;
use super::time;
use crate::ExitStatus;
use crate::analyze::Window;
use crate::analyze::finding::Finding;
use crate::analyze::service_health::{Metric, ServiceHealth};
use crate::signals::{Signal, Unit};
use crate::sources::Gap;
use serde::Serialize;

/// Everything `prom health` concluded, in the shape of its JSON output.
#[derive(Debug, Serialize)]
pub struct HealthDocument {
    pub schema: &'static str,
    pub prometheus: String,
    pub window: Window,
    pub step_seconds: u64,
    pub service_filter: Option<String>,
    /// How each convention on the server was used.
    pub conventions: Vec<String>,
    /// Signals no convention could measure here.
    pub unavailable: Vec<Signal>,
    pub services: Vec<ServiceHealth>,
    pub findings: Vec<Finding>,
    pub gaps: Vec<Gap>,
    /// The server's own warnings (partial data from Thanos or Mimir).
    pub warnings: Vec<String>,
    pub status: ExitStatus,
    pub summary: String,
}

pub const SCHEMA: &str = "triage.prom-health/v1";

pub fn table(document: &HealthDocument) -> Table {
    services_table(&document.services)
}

/// One row per service: traffic, errors, latency against the baseline, resources.
pub fn services_table(services: &[crate::analyze::service_health::ServiceHealth]) -> Table {
    let mut table = Table::new(&[
        "Service",
        "Status",
        "Req/s",
        "5xx",
        "429",
        "p99",
        "p99 baseline",
        "Change",
        "CPU",
        "Memory",
        "Restarts",
        "Pool",
        "Assessment",
    ]);
    for service in services {
        let get = |id: &str| service.metrics.get(id);
        let p99 = get("latency_p99");
        table.push(vec![
            service.service.clone(),
            service.status.clone(),
            current(get("request_rate")),
            errors(get("error_ratio"), get("error_rate")),
            current(get("throttled_ratio")),
            current(p99),
            p99.and_then(|m| m.measurement.baseline)
                .map(|b| Unit::Seconds.format(b))
                .unwrap_or_else(|| "-".into()),
            p99.map(change).unwrap_or_else(|| "-".into()),
            current(get("cpu")),
            current(get("memory")),
            current(get("restarts")),
            current(get("db_pool_usage")),
            service.assessment.label().to_string(),
        ]);
    }
    table
}

fn current(metric: Option<&Metric>) -> String {
    metric
        .map(|m| m.unit.format(m.measurement.current))
        .unwrap_or_else(|| "-".into())
}

fn errors(ratio: Option<&Metric>, rate: Option<&Metric>) -> String {
    match (ratio, rate) {
        (Some(ratio), Some(rate)) => format!(
            "{} ({})",
            Unit::Ratio.format(ratio.measurement.current),
            Unit::PerSecond.format(rate.measurement.current)
        ),
        (None, Some(rate)) => Unit::PerSecond.format(rate.measurement.current),
        (Some(ratio), None) => Unit::Ratio.format(ratio.measurement.current),
        (None, None) => "-".into(),
    }
}

/// `+1767%` against the baseline.
fn change(metric: &Metric) -> String {
    match metric.measurement.ratio_to_baseline() {
        Some(ratio) => format!("{:+.0}%", (ratio - 1.0) * 100.0),
        None => "-".into(),
    }
}

fn header_lines(document: &HealthDocument) -> Vec<String> {
    let w = &document.window;
    let mut lines = vec![
        format!("Prometheus: {}", document.prometheus),
        format!(
            "Window: {} to {}; baseline {} to {}; step {}s",
            time(w.start),
            time(w.end),
            time(w.baseline_start),
            time(w.start),
            document.step_seconds
        ),
    ];
    if let Some(service) = &document.service_filter {
        lines.push(format!("Service: {service}"));
    }
    lines
}

pub fn markdown(document: &HealthDocument) -> String {
    let mut text = String::from("## Service health\n\n");
    for line in header_lines(document) {
        text.push_str(&format!("- {line}\n"));
    }
    text.push_str(&format!(
        "- Status: **{}**: {}\n\n",
        document.status, document.summary
    ));
    text.push_str(&table(document).to_markdown());
    if !document.findings.is_empty() {
        text.push_str("\n### Findings\n\n");
        text.push_str(&findings::markdown(&document.findings));
    }
    text.push_str("\n### How it was measured\n\n");
    for convention in &document.conventions {
        text.push_str(&format!("- {convention}\n"));
    }
    if !document.unavailable.is_empty() {
        let ids: Vec<&str> = document.unavailable.iter().map(|s| s.id()).collect();
        text.push_str(&format!(
            "- Not measurable on this server: {}\n",
            ids.join(", ")
        ));
    }
    append_problems(&mut text, document, "### ");
    text
}

fn append_problems(text: &mut String, document: &HealthDocument, heading: &str) {
    if !document.gaps.is_empty() {
        text.push_str(&format!("\n{heading}Gaps (could not be measured)\n\n"));
        for gap in &document.gaps {
            text.push_str(&format!("- {}: {}\n", gap.what, gap.error));
        }
    }
    if !document.warnings.is_empty() {
        text.push_str(&format!(
            "\n{heading}Server warnings (the data may be partial)\n\n"
        ));
        for warning in &document.warnings {
            text.push_str(&format!("- {warning}\n"));
        }
    }
}

pub fn terminal(document: &HealthDocument, color: bool) -> String {
    let mut text = String::new();
    for line in header_lines(document) {
        text.push_str(&format!("{line}\n"));
    }
    text.push('\n');
    text.push_str(&table(document).to_terminal(color));
    if !document.findings.is_empty() {
        text.push_str("\nFindings:\n");
        text.push_str(&findings::terminal(&document.findings));
    }
    text.push_str("\nSignals:\n");
    for convention in &document.conventions {
        text.push_str(&format!("  {convention}\n"));
    }
    append_problems(&mut text, document, "");
    text.push_str(&format!("\n{}: {}\n", document.status, document.summary));
    text
}
