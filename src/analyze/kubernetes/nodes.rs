//! Nodes that cannot run pods: NotReady (or Unknown: the kubelet stopped
//! reporting), or under memory, disk or PID pressure. A cordoned node is
//! routine maintenance, not a finding (the scheduler's message names it when
//! it keeps pods pending).

use super::kinds;
use super::objects::{api_path, name};
use crate::analyze::{Finding, Severity, ShownBy};
use crate::sources::kubernetes::snapshot::{ClusterSnapshot, time};
use std::collections::BTreeSet;

/// With namespaces named (`-n`), only the nodes their pods run on matter;
/// with every namespace (`-A`), every node.
pub fn node_findings(snapshot: &ClusterSnapshot) -> Vec<Finding> {
    let hosting: BTreeSet<&str> = snapshot
        .pods
        .iter()
        .filter(|pod| {
            // Finished pods no longer depend on their node.
            !matches!(
                pod.status.as_ref().and_then(|s| s.phase.as_deref()),
                Some("Succeeded" | "Failed")
            )
        })
        .filter_map(|pod| pod.spec.as_ref()?.node_name.as_deref())
        .collect();
    let in_scope = |node: &str| snapshot.namespaces.is_none() || hosting.contains(node);
    let mut findings = Vec::new();
    for node in snapshot
        .nodes
        .iter()
        .filter(|n| in_scope(name(&n.metadata)))
    {
        let meta = &node.metadata;
        let path = api_path("v1", "nodes", meta);
        let conditions = node
            .status
            .as_ref()
            .and_then(|s| s.conditions.as_deref())
            .unwrap_or_default();
        for condition in conditions {
            let since = condition.last_transition_time.as_ref().map(time);
            let message = condition.message.as_deref().unwrap_or("no message");
            let (kind, severity, summary) =
                match (condition.type_.as_str(), condition.status.as_str()) {
                    ("Ready", "False" | "Unknown") => (
                        kinds::NODE_NOT_READY,
                        Severity::Critical,
                        format!(
                            "node {} is NotReady (Ready={}, {}): {message}",
                            name(meta),
                            condition.status,
                            condition.reason.as_deref().unwrap_or("no reason")
                        ),
                    ),
                    ("MemoryPressure" | "DiskPressure" | "PIDPressure", "True") => (
                        kinds::NODE_PRESSURE,
                        Severity::Warning,
                        format!(
                            "node {} is under {}: {message}",
                            name(meta),
                            condition.type_
                        ),
                    ),
                    _ => continue,
                };
            findings.push(Finding::observed(
                kind,
                name(meta),
                severity,
                summary,
                1.0,
                since,
                ShownBy::ApiPath(path.clone()),
            ));
        }
    }
    findings
}
