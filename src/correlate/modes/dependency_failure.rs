//! `dependency-failure`: a service fails because something it calls (a
//! service, a database, an endpoint) fails; its errors and latency are the
//! cascade, and the abnormal dependency — the most upstream one — is the
//! root. Needs the dependency map (config `depends_on`).

use super::super::facts::{Facts, related};
use super::super::hypothesis::{Action, Proposal};
use super::shared::strongest_first;
use crate::analyze::finding::Severity;
use std::collections::{BTreeMap, BTreeSet};

pub const ID: &str = "dependency-failure";

pub fn propose(facts: &Facts) -> Vec<Proposal> {
    if facts.topology.is_empty() {
        return Vec::new();
    }
    // Every dependency, direct or not, of a service with symptoms → those services.
    let mut callers: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for symptom in facts.symptoms {
        let mut seen = BTreeSet::new();
        let mut next: Vec<&str> = facts.topology.dependencies_of(&symptom.subject);
        while let Some(dependency) = next.pop() {
            if related(dependency, &symptom.subject) || !seen.insert(dependency) {
                continue;
            }
            callers
                .entry(dependency.to_string())
                .or_default()
                .insert(symptom.subject.clone());
            next.extend(facts.topology.dependencies_of(dependency));
        }
    }
    callers
        .into_iter()
        .filter_map(|(dependency, callers)| {
            let abnormal: Vec<usize> = facts
                .findings
                .iter()
                .enumerate()
                .filter(|(_, f)| f.severity > Severity::Ok && related(&f.subject, &dependency))
                .map(|(index, _)| index)
                .collect();
            // A dependency with symptoms of its own is failing as its callers
            // see it: those are the evidence, and its other findings are for
            // the modes that explain its own failure. Otherwise (a database,
            // an endpoint) whatever is abnormal about it is.
            let own_symptoms: Vec<usize> = abnormal
                .iter()
                .copied()
                .filter(|&i| facts.symptoms.iter().any(|s| s.finding == i))
                .collect();
            let abnormal = if own_symptoms.is_empty() {
                abnormal
            } else {
                own_symptoms
            };
            if abnormal.is_empty() {
                return None;
            }
            let evidence = strongest_first(facts, abnormal);
            let callers: Vec<String> = callers.into_iter().collect();
            let callers = callers.join(", ");
            Some(Proposal {
                cause: ID,
                subject: dependency.clone(),
                summary: format!(
                    "{dependency}, which {callers} depend{} on, is failing: {}",
                    if callers.contains(", ") { "" } else { "s" },
                    super::summaries(facts, &evidence)
                ),
                mechanism: format!(
                    "{callers} call{} {dependency}; its failure makes those calls fail or wait, so \
                     the callers' errors and latency follow from it. Their symptoms are the \
                     cascade, not the cause.",
                    if callers.contains(", ") { "" } else { "s" }
                ),
                onset: facts.earliest_onset(&evidence),
                is_change: false,
                confirm: vec![
                    format!("{dependency}'s trouble began before its callers' symptoms"),
                    format!("the callers' errors are failed or timed-out calls to {dependency} (their logs, their client metrics)"),
                ],
                refute: vec![
                    format!("the callers fail on requests that never reach {dependency}"),
                    format!("{dependency} recovered while the callers still fail"),
                ],
                actions: vec![Action::new(
                    format!("See {dependency}'s failure as it was measured"),
                    Some(facts.findings[evidence[0]].shown_by.clone()),
                )],
                evidence,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::test_facts::{Case, at, finding};
    use super::*;

    fn findings() -> Vec<crate::analyze::Finding> {
        vec![
            finding(
                "error_ratio",
                "web",
                Severity::Critical,
                "5xx 20% of requests",
                6,
            ),
            finding("latency_p99", "api", Severity::Warning, "p99 latency 2s", 5),
            finding(
                "cpu",
                "api",
                Severity::Warning,
                "CPU at 85% of its limit",
                5,
            ),
            finding(
                "down",
                "payments",
                Severity::Critical,
                "every scrape target is down (up == 0)",
                3,
            ),
        ]
    }

    #[test]
    fn the_failing_dependency_is_the_subject() {
        let case = Case::new(findings()).calls(&[("web", &["api"]), ("api", &["payments"])]);
        let proposals = propose(&case.facts());
        let payments: Vec<_> = proposals
            .iter()
            .filter(|p| p.subject == "payments")
            .collect();
        assert_eq!(payments.len(), 1);
        let proposal = payments[0];
        assert_eq!(proposal.evidence, [case.index("down")]);
        assert_eq!(proposal.onset, Some(at(3)));
        assert!(proposal.summary.starts_with(
            "payments, which api, web depend on, is failing: every scrape target is down"
        ));
        // api fails as web sees it: its latency is the evidence, not its other findings.
        let api: Vec<_> = proposals.iter().filter(|p| p.subject == "api").collect();
        assert_eq!(api.len(), 1);
        assert_eq!(api[0].evidence, [case.index("latency_p99")]);
    }

    #[test]
    fn silent_without_topology_or_without_an_abnormal_dependency() {
        assert!(propose(&Case::new(findings()).facts()).is_empty());
        let case = Case::new(findings()).calls(&[("web", &["search"])]);
        assert!(propose(&case.facts()).is_empty());
    }
}
