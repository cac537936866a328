//! One timeline across every source: onsets of findings, rollouts and config
//! changes, Warning events, certificate expiries; in time order.

use crate::analyze::bundle::Analysis;
use chrono::{DateTime, Utc};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    pub at: DateTime<Utc>,
    /// prometheus, postgres, kubernetes, tls.
    pub source: &'static str,
    pub what: String,
}

/// Where a finding kind comes from, for the timeline's source column.
fn source_of(kind: &str) -> &'static str {
    use crate::analyze::{kubernetes::kinds as k8s, postgres::kinds as pg};
    match kind {
        pg::CONNECTION_USAGE
        | pg::CONNECTION_REFUSED_AT_LIMIT
        | pg::LOCK_WAIT
        | pg::LONG_RUNNING_QUERY
        | pg::IDLE_IN_TRANSACTION
        | pg::REPLICATION_LAG => "postgres",
        crate::analyze::certs::findings::KIND => "tls",
        k8s::CRASH_LOOP
        | k8s::OOM_KILLED
        | k8s::IMAGE_PULL
        | k8s::CONTAINER_CONFIG
        | k8s::PROBE_FAILURE
        | k8s::UNSCHEDULABLE
        | k8s::EVICTED
        | k8s::NO_AVAILABLE_REPLICAS
        | k8s::ROLLOUT_STALLED
        | k8s::WORKLOAD_NOT_READY
        | k8s::NODE_NOT_READY
        | k8s::NODE_PRESSURE
        | k8s::HPA_AT_MAX
        | k8s::BAD_ROLLOUT
        | k8s::WARNING_EVENTS => "kubernetes",
        _ => "prometheus",
    }
}

pub fn timeline(analysis: &Analysis) -> Vec<Entry> {
    let mut entries = Vec::new();
    for finding in &analysis.findings {
        if let Some(at) = finding.onset {
            entries.push(Entry {
                at,
                source: source_of(&finding.kind),
                what: format!(
                    "{} {}: {}",
                    finding.severity.label(),
                    finding.subject,
                    finding.summary
                ),
            });
        }
    }
    for rollout in &analysis.rollouts {
        for config in &rollout.config_changes {
            entries.push(Entry {
                at: config.at,
                source: "kubernetes",
                what: format!(
                    "ConfigMap {} changed{}",
                    config.configmap,
                    config
                        .manager
                        .as_ref()
                        .map(|m| format!(" by {m}"))
                        .unwrap_or_default()
                ),
            });
        }
        if let Some(at) = rollout.at {
            entries.push(Entry {
                at,
                source: "kubernetes",
                what: format!(
                    "{} rolled out revision {}{}",
                    rollout.workload,
                    rollout.revision.map_or("?".into(), |r| r.to_string()),
                    if rollout.rollback {
                        " (a rollback)"
                    } else {
                        ""
                    }
                ),
            });
        }
    }
    for group in &analysis.events {
        if let Some(at) = group.first_seen {
            entries.push(Entry {
                at,
                source: "kubernetes",
                what: format!(
                    "{} {} ×{}: {}",
                    group.object, group.reason, group.count, group.message
                ),
            });
        }
    }
    for alert in &analysis.alerts {
        let labels: Vec<String> = alert
            .labels
            .iter()
            .filter(|(key, _)| key.as_str() != "alertname")
            .map(|(key, value)| format!("{key}={value}"))
            .collect();
        entries.push(Entry {
            at: alert.start,
            source: "prometheus",
            what: format!("alert {} fired ({})", alert.name, labels.join(", ")),
        });
    }
    for verdict in &analysis.certificates {
        for presented in verdict.presented.iter().filter(|p| p.days_left < 0.0) {
            entries.push(Entry {
                at: presented.certificate.not_after,
                source: "tls",
                what: format!(
                    "certificate {} of {} expired",
                    presented.certificate.short_name(),
                    verdict.target
                ),
            });
        }
    }
    entries.sort_by(|a, b| {
        a.at.cmp(&b.at)
            .then_with(|| a.source.cmp(b.source))
            .then_with(|| a.what.cmp(&b.what))
    });
    entries.dedup();
    entries
}
