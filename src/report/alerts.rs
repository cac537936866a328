//! `triage prom alerts` rendered: groups of alerts that fired together.

use super::table::Table;
use super::time;
use crate::ExitStatus;
use crate::analyze::alert_groups::{AlertEvent, AlertGroup};
use crate::sources::Gap;
use crate::sources::prometheus::model::Labels;
use chrono::{DateTime, Utc};
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct AlertsDocument {
    pub schema: &'static str,
    pub prometheus: String,
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub group_within_seconds: u64,
    /// Newest first.
    pub groups: Vec<AlertGroup>,
    /// Alerts whose condition holds but whose `for:` has not yet elapsed.
    pub pending: Vec<String>,
    /// Alerting rules that fail to evaluate, and so cannot fire.
    pub broken_rules: Vec<String>,
    pub gaps: Vec<Gap>,
    pub warnings: Vec<String>,
    pub status: ExitStatus,
    pub summary: String,
}

pub const SCHEMA: &str = "triage.prom-alerts/v1";

fn labels_text(labels: &Labels, skip: &Labels) -> String {
    labels
        .iter()
        .filter(|(name, _)| {
            !skip.contains_key(*name) && !matches!(name.as_str(), "alertname" | "severity")
        })
        .map(|(name, value)| format!("{name}={value}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn group_title(group: &AlertGroup) -> String {
    let shared = if group.shared_labels.is_empty() {
        group.alerts[0].name.clone()
    } else {
        labels_text(&group.shared_labels, &Labels::new())
    };
    let state = match group.end {
        None => format!("firing since {}", time(group.start)),
        Some(end) => format!("{} to {}, resolved", time(group.start), time(end)),
    };
    let count = match group.alerts.len() {
        1 => "1 alert".to_string(),
        n => format!("{n} alerts"),
    };
    format!("{shared}: {count}, {state}")
}

/// One row per alert of a group, its shared labels left out.
fn group_table(group: &AlertGroup) -> Table {
    let mut table = Table::new(&["Alert", "Severity", "Started", "Ended", "Labels", "Summary"]);
    for alert in &group.alerts {
        table.push(alert_row(alert, &group.shared_labels));
    }
    table
}

fn alert_row(alert: &AlertEvent, shared: &Labels) -> Vec<String> {
    vec![
        alert.name.clone(),
        alert
            .labels
            .get("severity")
            .cloned()
            .unwrap_or_else(|| "-".into()),
        time(alert.start),
        alert.end.map(time).unwrap_or_else(|| "firing".into()),
        labels_text(&alert.labels, shared),
        alert.summary.clone().unwrap_or_default(),
    ]
}

fn header(document: &AlertsDocument) -> [String; 2] {
    [
        format!("Prometheus: {}", document.prometheus),
        format!(
            "Window: {} to {}; alerts starting within {}s of each other and sharing a label are grouped",
            time(document.from),
            time(document.to),
            document.group_within_seconds
        ),
    ]
}

pub fn markdown(document: &AlertsDocument) -> String {
    let mut text = String::from("## Alerts\n\n");
    for line in header(document) {
        text.push_str(&format!("- {line}\n"));
    }
    text.push_str(&format!(
        "- Status: **{}**: {}\n",
        document.status, document.summary
    ));
    for (index, group) in document.groups.iter().enumerate() {
        text.push_str(&format!(
            "\n### {}. {} ({})\n\n",
            index + 1,
            group_title(group),
            group.severity.label()
        ));
        text.push_str(&group_table(group).to_markdown());
    }
    append_problems(&mut text, document, "\n### ");
    text
}

pub fn terminal(document: &AlertsDocument, color: bool) -> String {
    let mut text = String::new();
    for line in header(document) {
        text.push_str(&format!("{line}\n"));
    }
    for (index, group) in document.groups.iter().enumerate() {
        text.push_str(&format!(
            "\n{}. {} [{}]\n",
            index + 1,
            group_title(group),
            group.severity.label()
        ));
        text.push_str(&group_table(group).to_terminal(color));
    }
    append_problems(&mut text, document, "\n");
    text.push_str(&format!("\n{}: {}\n", document.status, document.summary));
    text
}

fn append_problems(text: &mut String, document: &AlertsDocument, heading: &str) {
    if !document.pending.is_empty() {
        text.push_str(&format!("{heading}Pending\n\n"));
        for alert in &document.pending {
            text.push_str(&format!("- {alert}\n"));
        }
    }
    if !document.broken_rules.is_empty() {
        text.push_str(&format!(
            "{heading}Alerting rules that fail to evaluate (they cannot fire)\n\n"
        ));
        for rule in &document.broken_rules {
            text.push_str(&format!("- {rule}\n"));
        }
    }
    if !document.gaps.is_empty() {
        text.push_str(&format!("{heading}Gaps (could not be read)\n\n"));
        for gap in &document.gaps {
            text.push_str(&format!("- {}: {}\n", gap.what, gap.error));
        }
    }
    if !document.warnings.is_empty() {
        text.push_str(&format!(
            "{heading}Server warnings (the data may be partial)\n\n"
        ));
        for warning in &document.warnings {
            text.push_str(&format!("- {warning}\n"));
        }
    }
}
