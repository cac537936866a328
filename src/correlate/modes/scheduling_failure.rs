//! `scheduling-failure`: pods stay Pending because no node can take them
//! (insufficient CPU or memory, taints, affinity, a full or cordoned node
//! pool); the workload cannot replace or add replicas.

use super::super::facts::Facts;
use super::super::hypothesis::{Action, Proposal};
use super::shared::{namespace_of, pod_of, specific_subject, strongest_first};
use crate::analyze::finding::ShownBy;
use crate::analyze::kubernetes::kinds;

pub const ID: &str = "scheduling-failure";

pub fn propose(facts: &Facts) -> Vec<Proposal> {
    super::by_subject(facts, &[kinds::UNSCHEDULABLE])
        .into_iter()
        .map(|(_, pending)| {
            let subject = specific_subject(facts, &pending);
            let mut evidence = strongest_first(facts, pending.clone());
            // Nodes the scheduler's message names, when they are in trouble themselves.
            let nodes: Vec<usize> = facts
                .abnormal(&[kinds::NODE_NOT_READY, kinds::NODE_PRESSURE])
                .filter(|(_, node)| {
                    pending
                        .iter()
                        .any(|&i| facts.findings[i].summary.contains(node.subject.as_str()))
                })
                .map(|(index, _)| index)
                .collect();
            evidence.extend(strongest_first(facts, nodes));
            let pod = pending.iter().find_map(|&i| pod_of(&facts.findings[i]));
            let namespace = pod
                .as_ref()
                .map(|(namespace, _)| namespace.clone())
                .or_else(|| namespace_of(facts, &subject))
                .unwrap_or_else(|| "default".into());
            let mut actions = Vec::new();
            if let Some((ns, pod)) = &pod {
                actions.push(Action::new(
                    "Read the scheduler's reason (the pod's events) and the resources it requests",
                    Some(ShownBy::Shell(format!("kubectl -n {ns} describe pod {pod}"))),
                ));
            }
            actions.push(Action::new(
                "See every scheduling failure in the namespace",
                Some(ShownBy::Shell(format!(
                    "kubectl -n {namespace} get events --field-selector reason=FailedScheduling --sort-by=.lastTimestamp"
                ))),
            ));
            actions.push(Action::new(
                "See how much each node has left to allocate",
                Some(ShownBy::Shell(
                    "kubectl describe nodes | grep -A 8 'Allocated resources'".into(),
                )),
            ));
            Proposal {
                cause: ID,
                subject,
                summary: super::summaries(facts, &evidence),
                mechanism: "No node can take the new pods (not enough CPU or memory left to \
                            request, taints, affinity rules, or nodes gone), so they stay Pending: \
                            the workload cannot replace failed replicas or scale out, and the pods \
                            it still has carry the load."
                    .into(),
                onset: facts.earliest_onset(&pending),
                evidence,
                is_change: false,
                confirm: vec![
                    "the pods' FailedScheduling events name the shortage (Insufficient cpu/memory, taints, affinity)".into(),
                    "the workload has fewer available replicas than it wants".into(),
                ],
                refute: vec![
                    "the pending pods are extra replicas while the desired ones are all running and healthy".into(),
                    "the symptoms began before the pods went Pending".into(),
                ],
                actions,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::test_facts::{Case, at, finding, shown};
    use super::*;
    use crate::analyze::finding::Severity;

    #[test]
    fn pending_pods_are_proposed_with_the_schedulers_reason() {
        let case = Case::new(vec![
            finding(
                kinds::NO_AVAILABLE_REPLICAS,
                "prod/batch",
                Severity::Critical,
                "0 of 2 replicas available",
                3,
            ),
            shown(
                kinds::UNSCHEDULABLE,
                "prod/batch",
                Severity::Warning,
                "2 of 2 pods of deployment prod/batch: pending, not scheduled (Unschedulable): 0/3 nodes are available: 3 Insufficient cpu.",
                2,
                ShownBy::ApiPath("/api/v1/namespaces/prod/pods/batch-6f7-zzzzz".into()),
            ),
        ]);
        let proposals = propose(&case.facts());
        assert_eq!(proposals.len(), 1);
        let proposal = &proposals[0];
        assert_eq!(proposal.subject, "prod/batch");
        assert_eq!(proposal.evidence, [1]);
        assert_eq!(proposal.onset, Some(at(2)));
        assert!(proposal.summary.contains("Insufficient cpu"));
        assert_eq!(
            proposal.actions[0].command,
            Some(ShownBy::Shell(
                "kubectl -n prod describe pod batch-6f7-zzzzz".into()
            ))
        );
    }

    #[test]
    fn silent_when_everything_is_scheduled() {
        let case = Case::new(vec![finding(
            kinds::NO_AVAILABLE_REPLICAS,
            "prod/batch",
            Severity::Critical,
            "0 of 2",
            3,
        )]);
        assert!(propose(&case.facts()).is_empty());
    }
}
