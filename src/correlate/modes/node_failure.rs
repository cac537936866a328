//! `node-failure`: a node stopped being able to run pods — NotReady (the
//! kubelet stopped reporting) or under memory, disk or PID pressure — so its
//! pods are evicted or unreachable and the workloads on it lose replicas.

use super::super::facts::Facts;
use super::super::hypothesis::{Action, Proposal};
use super::shared::strongest_first;
use crate::analyze::finding::ShownBy;
use crate::analyze::kubernetes::kinds;
use std::collections::BTreeMap;

pub const ID: &str = "node-failure";

pub fn propose(facts: &Facts) -> Vec<Proposal> {
    // Node → its conditions, then the evictions from it.
    let mut nodes: BTreeMap<String, (Vec<usize>, Vec<usize>)> = BTreeMap::new();
    for (index, finding) in facts.abnormal(&[kinds::NODE_NOT_READY, kinds::NODE_PRESSURE]) {
        nodes
            .entry(finding.subject.clone())
            .or_default()
            .0
            .push(index);
    }
    for (index, finding) in facts.abnormal(&[kinds::EVICTED]) {
        // "1 of 3 pods of deployment prod/api: evicted from node node-a: The node was low on …".
        let node = finding
            .summary
            .split_once("evicted from node ")
            .and_then(|(_, rest)| rest.split([':', ' ']).next())
            .filter(|node| !node.is_empty());
        if let Some(node) = node {
            nodes.entry(node.to_string()).or_default().1.push(index);
        }
    }
    nodes
        .into_iter()
        .map(|(node, (conditions, evictions))| {
            let mut evidence = strongest_first(facts, conditions.clone());
            evidence.extend(strongest_first(facts, evictions));
            let cause = if conditions.is_empty() { &evidence } else { &conditions };
            let not_ready = evidence
                .iter()
                .any(|&i| facts.findings[i].kind == kinds::NODE_NOT_READY);
            Proposal {
                cause: ID,
                subject: node.clone(),
                summary: super::summaries(facts, &evidence),
                mechanism: if not_ready {
                    format!(
                        "Node {node} is NotReady: its pods stop being served (and are evicted after \
                         the toleration timeout), so every workload with pods on it runs short of \
                         replicas until they are rescheduled elsewhere."
                    )
                } else {
                    format!(
                        "Node {node} is short of memory, disk or PIDs: the kubelet evicts pods to \
                         recover, and the workloads with pods on it lose replicas and restart them elsewhere."
                    )
                },
                onset: facts.earliest_onset(cause),
                evidence,
                is_change: false,
                confirm: vec![
                    format!("kubectl describe node {node} shows the condition and its reason"),
                    format!("the failing pods ran on {node} (kubectl get pods -o wide)"),
                ],
                refute: vec![
                    "the failing pods run on other, healthy nodes".into(),
                    "the node's trouble began after the symptoms".into(),
                ],
                actions: vec![
                    Action::new(
                        format!("See {node}'s conditions, pressure and recent events"),
                        Some(ShownBy::Shell(format!("kubectl describe node {node}"))),
                    ),
                    Action::new(
                        format!("See which pods run on {node}"),
                        Some(ShownBy::Shell(format!(
                            "kubectl get pods --all-namespaces -o wide --field-selector spec.nodeName={node}"
                        ))),
                    ),
                    Action::changing(
                        "If it does not recover, keep new pods off it while it is looked at",
                        ShownBy::Shell(format!("kubectl cordon {node}")),
                    ),
                ],
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::test_facts::{Case, at, finding};
    use super::*;
    use crate::analyze::finding::Severity;

    #[test]
    fn a_not_ready_node_carries_the_evictions_from_it() {
        let case = Case::new(vec![
            finding(
                "error_ratio",
                "api",
                Severity::Critical,
                "5xx 20% of requests",
                4,
            ),
            finding(
                kinds::EVICTED,
                "prod/api",
                Severity::Warning,
                "2 of 3 pods of deployment prod/api: evicted from node node-a: The node was low on resource: memory.",
                3,
            ),
            finding(
                kinds::NODE_PRESSURE,
                "node-a",
                Severity::Warning,
                "node node-a is under MemoryPressure: kubelet has insufficient memory available",
                2,
            ),
            finding(
                kinds::NODE_NOT_READY,
                "node-a",
                Severity::Critical,
                "node node-a is NotReady (Ready=Unknown, NodeStatusUnknown): Kubelet stopped posting node status.",
                1,
            ),
        ]);
        let proposals = propose(&case.facts());
        assert_eq!(proposals.len(), 1);
        let proposal = &proposals[0];
        assert_eq!(proposal.subject, "node-a");
        assert_eq!(proposal.evidence, [3, 2, 1]);
        assert_eq!(proposal.onset, Some(at(1)));
        assert!(proposal.summary.starts_with("node node-a is NotReady"));
        assert!(proposal.mechanism.contains("NotReady"));
        assert_eq!(
            proposal.actions[0].command,
            Some(ShownBy::Shell("kubectl describe node node-a".into()))
        );
    }

    #[test]
    fn silent_without_node_trouble() {
        let case = Case::new(vec![
            finding(
                "error_ratio",
                "api",
                Severity::Critical,
                "5xx 20% of requests",
                4,
            ),
            finding(
                kinds::CRASH_LOOP,
                "prod/api",
                Severity::Critical,
                "CrashLoopBackOff",
                3,
            ),
        ]);
        assert!(propose(&case.facts()).is_empty());
    }
}
