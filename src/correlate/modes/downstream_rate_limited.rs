//! `downstream-rate-limited`: a dependency answers 429 (its rate limit) and
//! our service retries at once, without backoff or a circuit breaker; each
//! rejected call comes back several times, the load climbs (CPU, queues) and
//! the rejections never stop — a retry storm, often set off by one tenant's burst.

use super::super::facts::{Facts, related};
use super::super::hypothesis::{Action, Proposal};
use super::shared::dominant_client;
use super::shared::{specific_subject, strongest_first};

pub const ID: &str = "downstream-rate-limited";

/// The load that set it off: a surge, a client dominating the requests.
const LOAD: &[&str] = &["client_share", "traffic_surge"];
/// What the storm costs the service.
const STRAIN: &[&str] = &["cpu", "cpu_throttling"];

pub fn propose(facts: &Facts) -> Vec<Proposal> {
    super::by_subject(facts, &["downstream_throttled"])
        .into_iter()
        .map(|(_, throttled)| {
            let throttled = strongest_first(facts, throttled);
            let service = specific_subject(facts, &throttled);
            // Which dependency limits: one that serves 429s itself, else the only one it calls.
            let dependencies = facts.topology.dependencies_of(&service);
            let limiting = dependencies
                .iter()
                .copied()
                .filter(|d| !facts.about(&["throttled_ratio"], d).is_empty())
                .min()
                .or_else(|| (dependencies.len() == 1).then(|| dependencies[0]));
            let rejections = limiting.map_or_else(Vec::new, |d| {
                strongest_first(facts, facts.about(&["throttled_ratio"], d))
            });
            // The load from the service itself or from those calling it.
            let load = strongest_first(
                facts,
                facts
                    .abnormal(LOAD)
                    .filter(|(_, f)| {
                        related(&f.subject, &service)
                            || facts.topology.depends_on(&f.subject, &service)
                    })
                    .map(|(index, _)| index)
                    .collect(),
            );
            let strain = strongest_first(facts, facts.about(STRAIN, &service));
            let clients: Vec<usize> = load
                .iter()
                .copied()
                .filter(|&i| facts.findings[i].kind == "client_share")
                .collect();
            let tenant = dominant_client(facts, &service, &clients).or_else(|| {
                load.iter()
                    .find_map(|&i| dominant_client(facts, &facts.findings[i].subject, &[]))
            });
            let from = limiting.map_or("a dependency".to_string(), str::to_string);
            let mut summary = format!("{service}: {}", super::summaries(facts, &throttled));
            for part in [&rejections, &load, &strain] {
                if !part.is_empty() {
                    summary.push_str(&format!("; {}", super::summaries(facts, part)));
                }
            }
            if let (Some(tenant), true) = (&tenant, clients.is_empty()) {
                summary.push_str(&format!("; client {tenant} sends most of the requests"));
            }
            let mut evidence = throttled.clone();
            evidence.extend(rejections.iter().chain(&load).chain(&strain));
            let mut onset_of = throttled.clone();
            onset_of.extend(&load);
            let mut actions = vec![Action::new(
                format!("See the 429s {service} receives from {from}"),
                Some(facts.findings[throttled[0]].shown_by.clone()),
            )];
            if let Some(&client) = clients.first() {
                actions.push(Action::new(
                    "See which clients send the requests behind them",
                    Some(facts.findings[client].shown_by.clone()),
                ));
            }
            actions.push(Action::new(
                format!(
                    "Stop the retry storm: back off or disable {service}'s retries to {from} (open its circuit breaker){}",
                    tenant
                        .as_ref()
                        .map(|t| format!(", and rate-limit client {t} at the edge"))
                        .unwrap_or_default()
                ),
                None,
            ));
            Proposal {
                cause: ID,
                subject: limiting.map_or_else(|| service.clone(), str::to_string),
                summary,
                mechanism: format!(
                    "{from} rejects {service}'s calls with 429 (a rate limit){}; {service} retries them \
                     without enough backoff, so each rejected call returns several times, its CPU and \
                     queues fill, and the rejections go on: a retry storm.",
                    tenant
                        .as_ref()
                        .map(|t| format!(" after client {t}'s burst pushed it over its quota"))
                        .unwrap_or_default()
                ),
                onset: facts.earliest_onset(&onset_of),
                evidence,
                is_change: false,
                confirm: vec![
                    format!("the 429s from {from} began before {service}'s CPU and latency rose"),
                    format!("{service}'s logs or retry metrics show the same calls attempted again and again"),
                ],
                refute: vec![
                    format!("the 429s began after {service}'s own errors"),
                    "the request rate to the dependency is within its quota and few calls are retried".into(),
                ],
                actions,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::test_facts::{Case, at, finding, service};
    use super::*;
    use crate::analyze::finding::Severity;

    /// Seed 000: one tenant's SMS burst through the public API, the provider's
    /// 429s to apiv3, apiv3's retries, and its CPU at 96.6%.
    fn seed_000() -> Case {
        Case::new(vec![
            finding(
                "cpu",
                "apiv3",
                Severity::Critical,
                "CPU at 96.6% of its limit (baseline 35%)",
                6,
            ),
            finding(
                "latency_p99",
                "public-api",
                Severity::Critical,
                "p99 latency 4s is 20x the baseline 200ms",
                7,
            ),
            finding(
                "downstream_throttled",
                "apiv3",
                Severity::Warning,
                "receiving 429 from dependencies at 40/s (baseline 0/s)",
                3,
            ),
            finding(
                "traffic_surge",
                "public-api",
                Severity::Warning,
                "request rate 120/s is 8.0x the baseline 15/s",
                1,
            ),
            finding(
                "client_share",
                "public-api",
                Severity::Warning,
                "client 298427 sends 83% of requests (100/s; baseline share 5%)",
                0,
            ),
            finding(
                "error_ratio",
                "other",
                Severity::Critical,
                "5xx 9% of requests",
                2,
            ),
        ])
        .services(vec![service("public-api", &[("298427", 0.83, 0.05)], &[])])
    }

    #[test]
    fn a_retry_storm_names_the_tenant_and_the_provider() {
        let case = seed_000().calls(&[("public-api", &["apiv3"]), ("apiv3", &["twilio"])]);
        let proposals = propose(&case.facts());
        assert_eq!(proposals.len(), 1);
        let proposal = &proposals[0];
        assert_eq!(proposal.subject, "twilio");
        assert_eq!(
            proposal.evidence,
            [
                case.index("downstream_throttled"),
                case.index("client_share"),
                case.index("traffic_surge"),
                case.index("cpu")
            ]
        );
        assert_eq!(proposal.onset, Some(at(0)));
        assert!(
            proposal.summary.starts_with("apiv3: receiving 429"),
            "{}",
            proposal.summary
        );
        assert!(proposal.summary.contains("client 298427 sends 83%"));
        assert!(proposal.summary.contains("CPU at 96.6%"));
        assert!(proposal.mechanism.contains("client 298427"));
        assert!(
            proposal
                .actions
                .iter()
                .any(|a| a.what.contains("rate-limit client 298427"))
        );
    }

    #[test]
    fn the_retry_storm_ranks_above_its_own_consequences() {
        let case = seed_000().calls(&[("public-api", &["apiv3"]), ("apiv3", &["twilio"])]);
        let ranked = crate::correlate::correlate(&case.facts()).hypotheses;
        let causes: Vec<(&str, &str)> = ranked
            .iter()
            .map(|h| (h.cause, h.subject.as_str()))
            .collect();
        assert_eq!(causes[0], (ID, "twilio"), "{causes:?}");
        assert!(causes.contains(&("resource-saturation", "apiv3")));
        assert!(causes.contains(&("traffic-surge", "public-api")));
    }

    #[test]
    fn without_topology_the_service_is_the_subject() {
        let case = seed_000();
        let proposal = &propose(&case.facts())[0];
        assert_eq!(proposal.subject, "apiv3");
        // Nothing says public-api calls apiv3: its surge is not part of this.
        assert_eq!(
            proposal.evidence,
            [case.index("downstream_throttled"), case.index("cpu")]
        );
    }

    #[test]
    fn silent_without_429s_received() {
        let case = Case::new(vec![
            finding(
                "throttled_ratio",
                "api",
                Severity::Critical,
                "429 30% of requests",
                1,
            ),
            finding(
                "cpu",
                "api",
                Severity::Critical,
                "CPU at 96.6% of its limit",
                2,
            ),
        ]);
        assert!(propose(&case.facts()).is_empty());
    }
}
