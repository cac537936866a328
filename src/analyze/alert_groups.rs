//! What fired and when, grouped: alerts that start close together and share
//! an identifying label (service, namespace, job, instance…) are one group,
//! because one cause usually fires several alerts (seed 000 had eight).

use super::finding::Severity;
use super::window::time_of;
use crate::sources::prometheus::model::{ActiveAlert, Labels, RangeSeries};
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::time::Duration;

/// Labels that say what an alert is, not what it is about: never a reason to group.
/// Scrape and external labels (`job`, `endpoint`, `cluster`…) are shared by
/// every alert built on the same exporter or in the same cluster, and a
/// namespace holds many unrelated things: none of them makes alerts related.
const NON_IDENTIFYING: &[&str] = &[
    "__name__",
    "alertname",
    "alertstate",
    "severity",
    "prometheus",
    "prometheus_replica",
    "replica",
    "receiver",
    "job",
    "endpoint",
    "cluster",
    "env",
    "environment",
    "region",
    "namespace",
];

/// One alert's firing interval.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlertEvent {
    pub name: String,
    /// The alert's labels without `__name__` and `alertstate`.
    pub labels: Labels,
    pub severity: Severity,
    pub start: DateTime<Utc>,
    /// `None` while it is still firing.
    pub end: Option<DateTime<Utc>>,
    /// The `summary` (or `description`) annotation, when the server told us.
    pub summary: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlertGroup {
    pub start: DateTime<Utc>,
    /// `None` while any alert of the group still fires.
    pub end: Option<DateTime<Utc>>,
    /// Identifying labels every alert of the group has in common.
    pub shared_labels: Labels,
    /// The most severe alert still firing (OK when all have ended).
    pub severity: Severity,
    pub alerts: Vec<AlertEvent>,
}

/// Alerts that fire all the time on purpose (heartbeats, inhibitors).
const ALWAYS_FIRING: &[&str] = &["Watchdog", "InfoInhibitor", "DeadMansSwitch"];

/// Severity from the conventional `severity` label. `info`, `none` and `low`
/// alerts, and heartbeats such as kube-prometheus-stack's `Watchdog`, are
/// listed but are not problems.
pub fn alert_severity(labels: &Labels) -> Severity {
    if labels
        .get("alertname")
        .is_some_and(|name| ALWAYS_FIRING.contains(&name.as_str()))
    {
        return Severity::Ok;
    }
    match labels
        .get("severity")
        .map(|s| s.to_ascii_lowercase())
        .as_deref()
    {
        Some("critical" | "page" | "error" | "high" | "emergency") => Severity::Critical,
        Some("info" | "none" | "low") => Severity::Ok,
        _ => Severity::Warning,
    }
}

/// Firing intervals from `ALERTS{alertstate="firing"}` range data: a gap
/// longer than two steps ends an interval; an interval that reaches the last
/// step is still firing.
pub fn firing_intervals(
    series: &[RangeSeries],
    step: Duration,
    end: DateTime<Utc>,
) -> Vec<AlertEvent> {
    let gap = 2.0 * step.as_secs_f64();
    let last_step = end.timestamp() as f64 - gap;
    let mut events = Vec::new();
    for series in series {
        let mut labels = series.metric.clone();
        labels.remove("__name__");
        labels.remove("alertstate");
        let name = labels.get("alertname").cloned().unwrap_or_default();
        let severity = alert_severity(&labels);
        let mut run: Option<(f64, f64)> = None;
        let close = |(first, last): (f64, f64), still: bool| AlertEvent {
            name: name.clone(),
            labels: labels.clone(),
            severity,
            start: time_of(first),
            end: (!still).then(|| time_of(last)),
            summary: None,
        };
        for point in series.values.iter().filter(|p| p.value > 0.0) {
            run = match run {
                Some((first, last)) if point.time - last <= gap => Some((first, point.time)),
                Some(done) => {
                    events.push(close(done, false));
                    Some((point.time, point.time))
                }
                None => Some((point.time, point.time)),
            };
        }
        if let Some(done) = run {
            events.push(close(done, done.1 >= last_step));
        }
    }
    events
}

/// Adds what `/api/v1/alerts` knows: annotations, alerts the range missed,
/// and, for alerts already firing when the range began (`range_began`),
/// `activeAt`. That is when the alert became pending, earlier than firing by
/// its `for:`, so it only replaces a start the range could not see.
pub fn merge_active(
    events: &mut Vec<AlertEvent>,
    active: &[ActiveAlert],
    range_began: DateTime<Utc>,
) {
    for alert in active.iter().filter(|a| a.state == "firing") {
        let summary = alert
            .annotations
            .get("summary")
            .or_else(|| alert.annotations.get("description"))
            .cloned();
        let ongoing = events
            .iter_mut()
            .find(|e| e.end.is_none() && e.labels == alert.labels);
        match ongoing {
            Some(event) => {
                if let Some(active_at) = alert.active_at {
                    if event.start <= range_began {
                        event.start = event.start.min(active_at);
                    }
                }
                event.summary = event.summary.take().or(summary);
            }
            None => {
                let Some(start) = alert.active_at else {
                    continue;
                };
                events.push(AlertEvent {
                    name: alert.labels.get("alertname").cloned().unwrap_or_default(),
                    labels: alert.labels.clone(),
                    severity: alert_severity(&alert.labels),
                    start,
                    end: None,
                    summary,
                });
            }
        }
    }
}

/// Groups alerts that start within `within` of each other and share an
/// identifying label value (transitively). Newest group first.
pub fn group(mut events: Vec<AlertEvent>, within: Duration) -> Vec<AlertGroup> {
    events.sort_by(|a, b| a.start.cmp(&b.start).then_with(|| a.name.cmp(&b.name)));
    let n = events.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let within = chrono::Duration::from_std(within).unwrap_or(chrono::Duration::MAX);
    for i in 0..n {
        for j in i + 1..n {
            if events[j].start - events[i].start > within {
                break;
            }
            if shares_identity(&events[i].labels, &events[j].labels) {
                let (a, b) = (root(&mut parent, i), root(&mut parent, j));
                parent[b] = a;
            }
        }
    }
    let mut groups: Vec<Vec<AlertEvent>> = Vec::new();
    let mut index_of_root = std::collections::HashMap::new();
    for (i, event) in events.into_iter().enumerate() {
        let r = root(&mut parent, i);
        let index = *index_of_root.entry(r).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[index].push(event);
    }
    let mut groups: Vec<AlertGroup> = groups.into_iter().map(to_group).collect();
    groups.sort_by_key(|g| std::cmp::Reverse(g.start));
    groups
}

fn shares_identity(a: &Labels, b: &Labels) -> bool {
    a.iter().any(|(name, value)| {
        !NON_IDENTIFYING.contains(&name.as_str()) && b.get(name) == Some(value)
    })
}

fn to_group(alerts: Vec<AlertEvent>) -> AlertGroup {
    let start = alerts.iter().map(|a| a.start).min().unwrap_or_default();
    let end = if alerts.iter().any(|a| a.end.is_none()) {
        None
    } else {
        alerts.iter().filter_map(|a| a.end).max()
    };
    let mut shared_labels = alerts[0].labels.clone();
    shared_labels.retain(|name, value| {
        !NON_IDENTIFYING.contains(&name.as_str())
            && alerts.iter().all(|a| a.labels.get(name) == Some(value))
    });
    let severity = alerts
        .iter()
        .filter(|a| a.end.is_none())
        .map(|a| a.severity)
        .max()
        .unwrap_or(Severity::Ok);
    AlertGroup {
        start,
        end,
        shared_labels,
        severity,
        alerts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::prometheus::model::Point;

    fn alerts_series(labels: &[(&str, &str)], minutes: std::ops::Range<i64>) -> RangeSeries {
        let mut metric: Labels = labels
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        metric.insert("__name__".into(), "ALERTS".into());
        metric.insert("alertstate".into(), "firing".into());
        RangeSeries {
            metric,
            values: minutes
                .map(|m| Point {
                    time: (m * 60) as f64,
                    value: 1.0,
                })
                .collect(),
        }
    }

    #[test]
    fn intervals_end_at_gaps_and_reach_now_when_still_firing() {
        let mut series = alerts_series(&[("alertname", "HighErrorRate")], 10..20);
        series.values.extend(alerts_series(&[], 40..60).values);
        let events = firing_intervals(&[series], Duration::from_secs(60), time_of(59.0 * 60.0));
        assert_eq!(events.len(), 2);
        assert_eq!(events[0].start, time_of(600.0));
        assert_eq!(events[0].end, Some(time_of(19.0 * 60.0)));
        assert_eq!(events[1].end, None);
    }

    #[test]
    fn alerts_that_start_together_and_share_a_label_are_one_group() {
        let series = [
            alerts_series(
                &[
                    ("alertname", "HighErrorRate"),
                    ("service", "notify"),
                    ("severity", "critical"),
                ],
                30..60,
            ),
            alerts_series(
                &[("alertname", "HighLatency"), ("service", "notify")],
                32..60,
            ),
            alerts_series(
                &[
                    ("alertname", "QueueBacklog"),
                    ("queue", "sms"),
                    ("service", "notify"),
                ],
                34..60,
            ),
            alerts_series(&[("alertname", "DiskFull"), ("instance", "db-1")], 31..60),
            alerts_series(
                &[("alertname", "HighLatency"), ("service", "billing")],
                0..5,
            ),
        ];
        let events = firing_intervals(&series, Duration::from_secs(60), time_of(59.0 * 60.0));
        let groups = group(events, Duration::from_secs(300));
        assert_eq!(groups.len(), 3, "{groups:#?}");
        let notify = groups.iter().find(|g| g.alerts.len() == 3).unwrap();
        assert_eq!(notify.shared_labels.get("service").unwrap(), "notify");
        assert_eq!(notify.severity, Severity::Critical);
        assert_eq!(notify.end, None);
        let billing = groups.last().unwrap();
        assert_eq!(
            billing.severity,
            Severity::Ok,
            "ended alerts are not a problem now"
        );
    }

    #[test]
    fn active_alerts_give_the_real_start_and_annotations() {
        let series = [alerts_series(&[("alertname", "X"), ("job", "api")], 0..10)];
        let mut events = firing_intervals(&series, Duration::from_secs(60), time_of(540.0));
        let labels: Labels = [("alertname", "X"), ("job", "api")]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        merge_active(
            &mut events,
            &[ActiveAlert {
                labels: labels.clone(),
                annotations: Labels::from([("summary".into(), "api is failing".into())]),
                state: "firing".into(),
                active_at: Some(time_of(-3600.0)),
                value: None,
            }],
            time_of(60.0),
        );
        assert_eq!(events[0].start, time_of(-3600.0));
        assert_eq!(events[0].summary.as_deref(), Some("api is failing"));
    }
}
