//! `resource-saturation`: a service uses (nearly) all the CPU or memory it
//! may. Requests queue for CPU (a CFS quota throttles it even on an idle
//! node), or memory pressure slows it down before it is killed; latency and
//! timeouts follow. Nodes under pressure are `node-failure`.

use super::super::facts::Facts;
use super::super::hypothesis::{Action, Proposal};
use super::shared::{specific_subject, strongest_first};

pub const ID: &str = "resource-saturation";

const SATURATED: &[&str] = &["cpu", "cpu_throttling", "memory"];

pub fn propose(facts: &Facts) -> Vec<Proposal> {
    super::by_subject(facts, SATURATED)
        .into_iter()
        .map(|(_, indices)| {
            let evidence = strongest_first(facts, indices);
            let subject = specific_subject(facts, &evidence);
            let has = |kind: &str| evidence.iter().any(|&i| facts.findings[i].kind == kind);
            let cpu = has("cpu") || has("cpu_throttling");
            let mechanism = match (cpu, has("memory")) {
                (true, true) => "The service is at its CPU and memory limits: requests queue for CPU \
                                 and memory pressure (garbage collection, reclaim) slows each one, \
                                 so latency rises and slow requests turn into timeouts.",
                (true, false) => "The service uses all the CPU it may: requests queue for CPU, so \
                                  latency rises and slow requests turn into timeouts. Throttling \
                                  means its CPU quota stops it even when the node has CPU to spare.",
                _ => "The service's memory is near its limit: garbage collection or reclaim slows \
                      every request, and the next step is an OOM kill.",
            };
            // The strongest finding's query shows the saturation per series.
            let mut actions: Vec<Action> = evidence
                .first()
                .map(|&i| {
                    Action::new(
                        format!("Watch the saturation of {subject}"),
                        Some(facts.findings[i].shown_by.clone()),
                    )
                })
                .into_iter()
                .collect();
            actions.push(Action::new(
                "Find what drives the load (a traffic surge, a client, a hot loop since a change) before adding replicas or raising the limits",
                None,
            ));
            Proposal {
                cause: ID,
                subject,
                summary: super::summaries(facts, &evidence),
                mechanism: mechanism.into(),
                onset: facts.earliest_onset(&evidence),
                evidence,
                is_change: false,
                confirm: vec![
                    "the saturation began before the latency or errors rose".into(),
                    "the request rate is normal, so each request costs more (or the limit shrank)".into(),
                ],
                refute: vec![
                    "usage well below the limit and no CPU throttling while the symptoms last".into(),
                    "the saturation followed the symptoms (retries and timeouts can cost CPU too)".into(),
                ],
                actions,
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
    fn cpu_and_throttling_of_a_service_are_one_proposal() {
        let case = Case::new(vec![
            finding(
                "latency_p99",
                "api",
                Severity::Critical,
                "p99 latency 3s is 10x the baseline 300ms",
                4,
            ),
            finding(
                "cpu_throttling",
                "api",
                Severity::Warning,
                "CPU throttled 40% of periods (baseline 2%)",
                3,
            ),
            finding(
                "cpu",
                "api",
                Severity::Critical,
                "CPU at 96.6% of its limit (baseline 30%)",
                2,
            ),
        ]);
        let proposals = propose(&case.facts());
        assert_eq!(proposals.len(), 1);
        let proposal = &proposals[0];
        assert_eq!(proposal.subject, "api");
        assert_eq!(
            proposal.evidence,
            [case.index("cpu"), case.index("cpu_throttling")]
        );
        assert_eq!(proposal.onset, Some(at(2)));
        assert!(proposal.summary.starts_with("CPU at 96.6%"));
        assert!(proposal.mechanism.contains("CPU"));
    }

    #[test]
    fn silent_without_saturation() {
        let case = Case::new(vec![finding(
            "latency_p99",
            "api",
            Severity::Critical,
            "p99 latency 3s",
            4,
        )]);
        assert!(propose(&case.facts()).is_empty());
    }
}
