//! `triage k8s pods|rollouts|events` rendered: which cluster and namespaces,
//! the view's table (failing pods, rollouts with their diffs, grouped Warning
//! events), the findings with the API path that showed each, and what could
//! not be listed.

use super::findings;
use super::table::Table;
use super::time;
use crate::ExitStatus;
use crate::analyze::Finding;
use crate::analyze::kubernetes::{EventGroup, PodRow, Rollout};
use crate::sources::Gap;
use chrono::{DateTime, Utc};
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct K8sDocument {
    pub schema: &'static str,
    pub server: String,
    pub context: Option<String>,
    /// `None`: every namespace.
    pub namespaces: Option<Vec<String>>,
    pub collected_at: DateTime<Utc>,
    /// The window's start, for rollouts and events.
    pub since: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pods: Option<Vec<PodRow>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rollouts: Option<Vec<Rollout>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub events: Option<Vec<EventGroup>>,
    pub findings: Vec<Finding>,
    pub gaps: Vec<Gap>,
    pub status: ExitStatus,
    pub summary: String,
}

fn header_lines(document: &K8sDocument) -> Vec<String> {
    let mut lines = vec![format!(
        "Kubernetes: {}{}",
        document.server,
        document
            .context
            .as_ref()
            .map(|c| format!(" (context {c})"))
            .unwrap_or_default()
    )];
    lines.push(format!(
        "Namespaces: {}",
        document
            .namespaces
            .as_ref()
            .map_or("all".into(), |names| names.join(", "))
    ));
    lines.push(match document.since {
        Some(since) => format!("Window: {} to {}", time(since), time(document.collected_at)),
        None => format!("As of {}", time(document.collected_at)),
    });
    lines
}

fn pod_table(rows: &[PodRow]) -> Table {
    let mut table = Table::new(&[
        "Namespace",
        "Pod",
        "Ready",
        "Status",
        "Restarts",
        "Node",
        "Last termination",
        "Workload",
    ]);
    for row in rows {
        table.push(vec![
            row.namespace.clone(),
            row.name.clone(),
            row.ready.clone(),
            row.status.clone(),
            row.restarts.to_string(),
            row.node.clone().unwrap_or_else(|| "-".into()),
            row.last_termination.clone().unwrap_or_else(|| "-".into()),
            format!("{}/{}", row.workload.kind, row.workload.name),
        ]);
    }
    table
}

fn event_table(groups: &[EventGroup]) -> Table {
    let mut table = Table::new(&[
        "Namespace",
        "Object",
        "Reason",
        "Count",
        "First seen",
        "Last seen",
        "Message",
    ]);
    for group in groups {
        table.push(vec![
            group.namespace.clone().unwrap_or_else(|| "-".into()),
            group.object.clone(),
            group.reason.clone(),
            group.count.to_string(),
            group.first_seen.map_or("-".into(), time),
            group.last_seen.map_or("-".into(), time),
            group.message.clone(),
        ]);
    }
    table
}

/// Each rollout: when, what revision, its outcome, then the changes one per line.
fn rollout_lines(rollout: &Rollout) -> (String, Vec<String>) {
    let what = if rollout.changes.is_empty()
        && !rollout.config_changes.is_empty()
        && rollout.revision == rollout.previous_revision
    {
        "config change, no rollout, at revision"
    } else if rollout.rollback {
        "rolled back to revision"
    } else {
        "revision"
    };
    let heading = format!(
        "{} {what} {} (was {}) at {}, ReplicaSet {}: {} [{}]",
        rollout.workload,
        rollout.revision.map_or("?".into(), |r| r.to_string()),
        rollout
            .previous_revision
            .map_or("none".into(), |r| r.to_string()),
        rollout.at.map_or("?".into(), time),
        rollout.replicaset,
        rollout.outcome,
        rollout.severity.label()
    );
    let mut lines: Vec<String> = rollout.changes.iter().map(ToString::to_string).collect();
    for config in &rollout.config_changes {
        lines.push(format!(
            "configmap {} changed at {}{}",
            config.configmap,
            time(config.at),
            config
                .manager
                .as_ref()
                .map(|m| format!(" by {m}"))
                .unwrap_or_default()
        ));
    }
    if lines.is_empty() {
        lines.push(match (rollout.previous_revision, rollout.revision) {
            (None, Some(1) | None) => "the first revision (nothing earlier to compare with)".into(),
            (None, Some(_)) => {
                "the previous revision's ReplicaSet no longer exists (revisionHistoryLimit): cannot compare".into()
            }
            (Some(_), _) => "no change in the pod template".into(),
        });
    }
    (heading, lines)
}

/// "No rollout" only when the kinds that show rollouts could all be listed.
fn no_rollout(document: &K8sDocument) -> &'static str {
    if document.gaps.is_empty() {
        "No rollout in the window.\n\n"
    } else {
        "No rollout found, but some kinds could not be listed (see Not checked).\n\n"
    }
}

pub fn terminal(document: &K8sDocument, color: bool) -> String {
    let mut text = String::new();
    for line in header_lines(document) {
        text.push_str(&format!("{line}\n"));
    }
    text.push('\n');
    if let Some(pods) = &document.pods {
        text.push_str(&pod_table(pods).to_terminal(color));
        text.push('\n');
    }
    if let Some(rollouts) = &document.rollouts {
        if rollouts.is_empty() {
            text.push_str(no_rollout(document));
        }
        for rollout in rollouts {
            let (heading, lines) = rollout_lines(rollout);
            text.push_str(&format!("{heading}\n"));
            for line in lines {
                text.push_str(&format!("    {line}\n"));
            }
            text.push('\n');
        }
    }
    if let Some(events) = &document.events {
        text.push_str(&event_table(events).to_terminal(color));
        text.push('\n');
    }
    if !document.findings.is_empty() {
        text.push_str("Findings:\n");
        text.push_str(&findings::terminal(&document.findings));
        text.push('\n');
    }
    for gap in &document.gaps {
        text.push_str(&format!("Not checked: {}: {}\n", gap.what, gap.error));
    }
    text.push_str(&format!("{}: {}\n", document.status, document.summary));
    text
}

pub fn markdown(document: &K8sDocument) -> String {
    let mut text = String::from("## Kubernetes\n\n");
    for line in header_lines(document) {
        text.push_str(&format!("- {line}\n"));
    }
    text.push('\n');
    if let Some(pods) = &document.pods {
        text.push_str(&pod_table(pods).to_markdown());
        text.push('\n');
    }
    if let Some(rollouts) = &document.rollouts {
        text.push_str("### Rollouts\n\n");
        if rollouts.is_empty() {
            text.push_str(no_rollout(document));
        }
        for rollout in rollouts {
            let (heading, lines) = rollout_lines(rollout);
            text.push_str(&format!("- **{heading}**\n"));
            for line in lines {
                text.push_str(&format!("  - `{}`\n", line.replace('`', "'")));
            }
        }
        text.push('\n');
    }
    if let Some(events) = &document.events {
        text.push_str("### Warning events\n\n");
        text.push_str(&event_table(events).to_markdown());
        text.push('\n');
    }
    if !document.findings.is_empty() {
        text.push_str("### Findings\n\n");
        text.push_str(&findings::markdown(&document.findings));
    }
    if !document.gaps.is_empty() {
        text.push_str("### Not checked\n\n");
        for gap in &document.gaps {
            text.push_str(&format!("- {}: {}\n", gap.what, gap.error));
        }
        text.push('\n');
    }
    text.push_str(&format!(
        "**Status: {}**: {}\n",
        document.status, document.summary
    ));
    text
}
