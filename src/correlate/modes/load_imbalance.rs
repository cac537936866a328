//! `load-imbalance`: one instance or backend receives a disproportionate
//! share of a service's traffic (a balancer weight change, sticky sessions,
//! hashing on a hot key, or the other instances failing their checks); it
//! saturates while the others idle, and its slow or failed requests are the
//! service's symptoms.

use super::super::facts::Facts;
use super::super::hypothesis::{Action, Proposal};
use super::shared::{specific_subject, strongest_first};
use crate::analyze::kubernetes::kinds;

pub const ID: &str = "load-imbalance";

/// The hot instance failing too.
const FAILING: &[&str] = &["restarts", kinds::CRASH_LOOP, kinds::OOM_KILLED];
/// Saturation of the service the instance belongs to.
const STRAIN: &[&str] = &["cpu", "cpu_throttling", "memory"];

pub fn propose(facts: &Facts) -> Vec<Proposal> {
    super::by_subject(facts, &["instance_share"])
        .into_iter()
        .map(|(_, shares)| {
            let shares = strongest_first(facts, shares);
            let service = specific_subject(facts, &shares);
            // The analyzer's summary starts with the instance's name.
            let instance = facts
                .service(&service)
                .and_then(|health| health.instances.first())
                .map(|top| top.name.clone())
                .or_else(|| {
                    let summary = &facts.findings[shares[0]].summary;
                    summary.split_once(" takes ").map(|(name, _)| name.to_string())
                })
                .unwrap_or_else(|| "one instance".into());
            let failing = strongest_first(facts, facts.about(FAILING, &instance));
            // The overloaded instance saturating is this mechanism at work, not another cause.
            let strain = strongest_first(facts, facts.about(STRAIN, &service));
            let mut evidence = shares.clone();
            evidence.extend(&failing);
            evidence.extend(&strain);
            Proposal {
                cause: ID,
                subject: service.clone(),
                summary: super::summaries(facts, &evidence),
                mechanism: format!(
                    "{instance} receives far more than its fair share of {service}'s requests (a \
                     balancer weight change, sticky sessions, hashing on a hot key, or the other \
                     instances out of rotation); it saturates while the others idle, and its slow \
                     or failed requests are the service's symptoms."
                ),
                onset: facts.earliest_onset(&shares),
                evidence,
                is_change: false,
                confirm: vec![
                    format!("the errors and latency come from {instance} (break them down by instance)"),
                    "the balancer's weights, affinity or health checks changed when the share did".into(),
                ],
                refute: vec![
                    "the shares are as uneven in the baseline and the symptoms are new".into(),
                    "every instance shows the same errors and latency".into(),
                ],
                actions: vec![
                    Action::new(
                        format!("See each instance's share of {service}'s requests"),
                        Some(facts.findings[shares[0]].shown_by.clone()),
                    ),
                    Action::new(
                        format!(
                            "Take {instance} out of rotation or restore the balancer's weights and affinity, then watch the shares even out"
                        ),
                        None,
                    ),
                ],
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::test_facts::{Case, at, finding, service};
    use super::*;
    use crate::analyze::finding::Severity;

    #[test]
    fn the_hot_instance_is_named_with_its_share() {
        let case = Case::new(vec![
            finding("latency_p99", "web", Severity::Critical, "p99 latency 2s", 5),
            finding(
                "instance_share",
                "web",
                Severity::Critical,
                "web-7d9f8-x2x4z takes 85% of the traffic across 3 instances (fair share 33%; baseline 34%)",
                2,
            ),
            finding("restarts", "web", Severity::Warning, "2 container restarts in the window", 3),
        ])
        .services(vec![service("web", &[], &[("web-7d9f8-x2x4z", 0.85, 0.34)])]);
        let proposals = propose(&case.facts());
        assert_eq!(proposals.len(), 1);
        let proposal = &proposals[0];
        assert_eq!(proposal.subject, "web");
        assert_eq!(
            proposal.evidence,
            [case.index("instance_share"), case.index("restarts")]
        );
        assert_eq!(proposal.onset, Some(at(2)));
        assert!(proposal.summary.contains("web-7d9f8-x2x4z takes 85%"));
        assert!(proposal.summary.contains("baseline 34%"));
        assert!(proposal.mechanism.starts_with("web-7d9f8-x2x4z receives"));
    }

    #[test]
    fn silent_when_the_traffic_is_balanced() {
        let case = Case::new(vec![finding(
            "latency_p99",
            "web",
            Severity::Critical,
            "p99 latency 2s",
            5,
        )])
        .services(vec![service(
            "web",
            &[],
            &[("web-1", 0.34, 0.34), ("web-2", 0.33, 0.33)],
        )]);
        assert!(propose(&case.facts()).is_empty());
    }
}
