//! Kubernetes analysis: a snapshot of the cluster's objects in, findings out,
//! one detector per concern (pods, workloads, nodes, autoscalers, events,
//! rollouts), as k8sgpt has one analyzer per kind. Pure: ages are measured
//! from the snapshot's collection time.

pub mod events;
#[cfg(test)]
mod fixture_tests;
pub mod hpas;
pub mod kinds;
pub mod nodes;
pub mod objects;
pub mod pods;
pub mod rollouts;
pub mod template_diff;
pub mod workloads;

pub use events::{EventGroup, warning_groups};
pub use objects::Workload;
pub use pods::{PodRow, pod_rows};
pub use rollouts::{ConfigChange, Rollout, rollouts};

use crate::analyze::Finding;
use crate::sources::kubernetes::snapshot::ClusterSnapshot;
use chrono::{DateTime, Utc};

/// The state of the cluster now: pods, workloads, nodes and autoscalers, most severe first.
pub fn state_findings(snapshot: &ClusterSnapshot) -> Vec<Finding> {
    let mut findings = pods::pod_findings(snapshot);
    findings.extend(workloads::workload_findings(snapshot));
    findings.extend(nodes::node_findings(snapshot));
    findings.extend(hpas::hpa_findings(snapshot));
    sort(&mut findings);
    findings
}

/// Most severe first; then by onset (earliest first, unknown last) and subject, so the same
/// objects in any order give the same list.
pub fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then((a.onset.is_none(), a.onset).cmp(&(b.onset.is_none(), b.onset)))
            .then(a.subject.cmp(&b.subject))
            .then(a.kind.cmp(&b.kind))
    });
}

/// Rollouts since `since`, and the findings of those that broke something.
pub fn rollout_report(
    snapshot: &ClusterSnapshot,
    since: DateTime<Utc>,
) -> (Vec<Rollout>, Vec<Finding>) {
    let rollouts = rollouts::rollouts(snapshot, since);
    let mut findings = rollouts::rollout_findings(&rollouts);
    sort(&mut findings);
    (rollouts, findings)
}

/// Warning events since `since`, grouped, and one finding per namespace.
pub fn event_report(
    snapshot: &ClusterSnapshot,
    since: DateTime<Utc>,
) -> (Vec<EventGroup>, Vec<Finding>) {
    let groups = warning_groups(snapshot, since);
    let mut findings = events::event_findings(&groups);
    sort(&mut findings);
    (groups, findings)
}
