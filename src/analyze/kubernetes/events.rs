//! Warning events grouped by object and reason, as on-call reads them: how
//! often, first and last seen, and the latest message — not 20,000 lines.

use super::kinds;
use super::objects::{event_count, event_first_seen, event_last_seen};
use crate::analyze::{Finding, Severity, ShownBy};
use crate::sources::kubernetes::snapshot::ClusterSnapshot;
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::BTreeMap;

/// Reasons that say something is broken now, not merely unusual.
const CRITICAL_REASONS: &[&str] = &[
    "BackOff",
    "Failed",
    "FailedCreate",
    "Evicted",
    "NodeNotReady",
    "OOMKilling",
    "SystemOOM",
];

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventGroup {
    pub namespace: Option<String>,
    /// `Pod/cors-api-5c6b7d8e9f-abcde`.
    pub object: String,
    pub reason: String,
    pub count: i64,
    pub first_seen: Option<DateTime<Utc>>,
    pub last_seen: Option<DateTime<Utc>>,
    pub message: String,
    pub severity: Severity,
}

/// A group whose reason says "broken" is CRITICAL only while it still happens:
/// last seen this recently. An hour-old BackOff of a pod long gone is a WARNING.
const STILL_HAPPENING: chrono::Duration = chrono::Duration::minutes(10);

/// Warning events last seen at or after `since`, grouped, most recent first.
pub fn warning_groups(snapshot: &ClusterSnapshot, since: DateTime<Utc>) -> Vec<EventGroup> {
    let mut groups: BTreeMap<(Option<String>, String, String), EventGroup> = BTreeMap::new();
    for event in &snapshot.events {
        if event.type_.as_deref() != Some("Warning") {
            continue;
        }
        let last = event_last_seen(event);
        if last.is_some_and(|last| last < since) {
            continue;
        }
        let about = &event.involved_object;
        let object = format!(
            "{}/{}",
            about.kind.as_deref().unwrap_or("?"),
            about.name.as_deref().unwrap_or("?")
        );
        let reason = event.reason.clone().unwrap_or_else(|| "(no reason)".into());
        let group = groups
            .entry((about.namespace.clone(), object.clone(), reason.clone()))
            .or_insert_with(|| EventGroup {
                namespace: about.namespace.clone(),
                object,
                severity: if CRITICAL_REASONS.contains(&reason.as_str()) {
                    Severity::Critical
                } else {
                    Severity::Warning
                },
                reason,
                count: 0,
                first_seen: None,
                last_seen: None,
                message: String::new(),
            });
        group.count += event_count(event);
        let first = event_first_seen(event);
        if group.first_seen.is_none() || first < group.first_seen {
            group.first_seen = first.or(group.first_seen);
        }
        // The latest message; between two as late, the same one whatever the listing order.
        let message = event.message.as_deref().unwrap_or_default().trim();
        if last > group.last_seen || (last == group.last_seen && message > group.message.as_str()) {
            group.last_seen = last;
            group.message = crate::analyze::text::one_line(message);
        }
    }
    let now = snapshot.collected_at;
    let mut groups: Vec<EventGroup> = groups
        .into_values()
        .map(|mut group| {
            if group
                .last_seen
                .is_some_and(|last| now - last > STILL_HAPPENING)
            {
                group.severity = group.severity.min(Severity::Warning);
            }
            group
        })
        .collect();
    groups.sort_by(|a, b| {
        b.last_seen
            .cmp(&a.last_seen)
            .then(b.count.cmp(&a.count))
            .then(a.object.cmp(&b.object))
    });
    groups
}

/// One finding per namespace: how many Warning events, and the worst group.
pub fn event_findings(groups: &[EventGroup]) -> Vec<Finding> {
    let mut by_namespace: BTreeMap<Option<&str>, Vec<&EventGroup>> = BTreeMap::new();
    for group in groups {
        by_namespace
            .entry(group.namespace.as_deref())
            .or_default()
            .push(group);
    }
    by_namespace
        .into_iter()
        .map(|(namespace, groups)| {
            let worst = groups
                .iter()
                .max_by_key(|g| (g.severity, g.count))
                .expect("a namespace entry has groups");
            let total: i64 = groups.iter().map(|g| g.count).sum();
            let namespace_name = namespace.unwrap_or("(cluster)");
            Finding::observed(
                kinds::WARNING_EVENTS,
                namespace_name,
                groups
                    .iter()
                    .map(|g| g.severity)
                    .max()
                    .unwrap_or(Severity::Warning),
                format!(
                    "{total} Warning events in {} groups; the worst: {} {} ×{}: {}",
                    groups.len(),
                    worst.object,
                    worst.reason,
                    worst.count,
                    worst.message
                ),
                total as f64,
                groups.iter().filter_map(|g| g.first_seen).min(),
                ShownBy::ApiPath(match namespace {
                    Some(ns) => {
                        format!("/api/v1/namespaces/{ns}/events?fieldSelector=type%3DWarning")
                    }
                    None => "/api/v1/events?fieldSelector=type%3DWarning".into(),
                }),
            )
        })
        .collect()
}
