//! `autoscaler-at-max`: the HorizontalPodAutoscaler is at its maximum
//! replicas and wants more while demand keeps rising; every replica is busy,
//! so latency and errors rise with the load instead of the replica count.

use super::super::facts::Facts;
use super::super::hypothesis::{Action, Proposal};
use super::shared::{namespace_of, strongest_first};
use crate::analyze::finding::ShownBy;
use crate::analyze::kubernetes::kinds;

pub const ID: &str = "autoscaler-at-max";

/// The demand it cannot follow.
const DEMAND: &[&str] = &["traffic_surge", "cpu", "cpu_throttling"];

pub fn propose(facts: &Facts) -> Vec<Proposal> {
    facts
        .abnormal(&[kinds::HPA_AT_MAX])
        .map(|(index, finding)| {
            let subject = finding.subject.clone();
            let name = subject.rsplit('/').next().unwrap_or(&subject).to_string();
            let namespace = namespace_of(facts, &subject).unwrap_or_else(|| "default".into());
            let demand = strongest_first(facts, facts.about(DEMAND, &name));
            let mut evidence = vec![index];
            evidence.extend(&demand);
            // "… at its maximum of 10 replicas …": half again as many, at least one more.
            let max = finding
                .summary
                .split_once("maximum of ")
                .and_then(|(_, rest)| rest.split(' ').next()?.parse::<u32>().ok())
                .unwrap_or(finding.value.max(1.0) as u32);
            let raised = max + (max / 2).max(1);
            Proposal {
                cause: ID,
                subject: subject.clone(),
                summary: super::summaries(facts, &evidence),
                mechanism: format!(
                    "The autoscaler cannot add replicas past its maximum ({max}) while the load \
                     keeps rising, so each replica takes more than it can serve: CPU saturates, \
                     requests queue, latency and errors grow with the demand."
                ),
                onset: finding.onset.or_else(|| facts.earliest_onset(&demand)),
                evidence,
                is_change: false,
                confirm: vec![
                    "desired replicas stay above the maximum while the symptoms last".into(),
                    "the replicas' CPU (the autoscaler's target metric) is above its target".into(),
                ],
                refute: vec![
                    "the load is normal and the replicas are idle (then something else makes them slow)".into(),
                    "the symptoms began before the autoscaler reached its maximum".into(),
                ],
                actions: vec![
                    Action::new(
                        "See the autoscaler's metrics, target and limits",
                        Some(ShownBy::Shell(format!("kubectl -n {namespace} describe hpa {name}"))),
                    ),
                    Action::new(
                        "See how far demand is above the maximum",
                        Some(ShownBy::PromQl(format!(
                            "kube_horizontalpodautoscaler_status_desired_replicas{{namespace=\"{namespace}\", horizontalpodautoscaler=\"{name}\"}}\n\
                             / kube_horizontalpodautoscaler_spec_max_replicas{{namespace=\"{namespace}\", horizontalpodautoscaler=\"{name}\"}}"
                        ))),
                    ),
                    Action::changing(
                        format!(
                            "If the load is legitimate and the nodes have room, raise the maximum (from {max} to {raised})"
                        ),
                        ShownBy::Shell(format!(
                            "kubectl -n {namespace} patch hpa {name} --type merge -p '{{\"spec\":{{\"maxReplicas\":{raised}}}}}'"
                        )),
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
    fn an_autoscaler_at_max_carries_the_demand_of_its_service() {
        let case = Case::new(vec![
            finding(
                "cpu",
                "web",
                Severity::Critical,
                "CPU at 95% of its limit",
                2,
            ),
            finding(
                "traffic_surge",
                "web",
                Severity::Warning,
                "request rate 300/s is 5.0x the baseline 60/s",
                1,
            ),
            finding(
                kinds::HPA_AT_MAX,
                "prod/web",
                Severity::Warning,
                "autoscaler prod/web is at its maximum of 10 replicas (desired 14)",
                3,
            ),
            finding(
                "latency_p99",
                "web",
                Severity::Critical,
                "p99 latency 2s",
                4,
            ),
        ]);
        let proposals = propose(&case.facts());
        assert_eq!(proposals.len(), 1);
        let proposal = &proposals[0];
        assert_eq!(proposal.subject, "prod/web");
        assert_eq!(proposal.evidence, [2, 0, 1]);
        assert_eq!(proposal.onset, Some(at(3)));
        assert!(
            proposal
                .summary
                .starts_with("autoscaler prod/web is at its maximum of 10 replicas (desired 14)")
        );
        assert_eq!(
            proposal.actions[0].command,
            Some(ShownBy::Shell("kubectl -n prod describe hpa web".into()))
        );
        assert_eq!(
            proposal.actions[2].command,
            Some(ShownBy::Shell(
                r#"kubectl -n prod patch hpa web --type merge -p '{"spec":{"maxReplicas":15}}'"#
                    .into()
            ))
        );
    }

    #[test]
    fn silent_without_an_autoscaler_at_max() {
        let case = Case::new(vec![finding(
            "cpu",
            "web",
            Severity::Critical,
            "CPU at 95% of its limit",
            2,
        )]);
        assert!(propose(&case.facts()).is_empty());
    }
}
