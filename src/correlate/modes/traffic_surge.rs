//! `traffic-surge`: requests arrive far faster than usual and the service
//! (or what it calls) runs out of capacity. When one client or tenant sends
//! most of them, it is that client's burst, not organic growth.

use super::super::facts::Facts;
use super::super::hypothesis::{Action, Proposal};
use super::shared::{dominant_client, specific_subject, strongest_first};
use crate::analyze::finding::ShownBy;
use crate::analyze::service_health::Share;
use crate::signals::Unit;

pub const ID: &str = "traffic-surge";

pub fn propose(facts: &Facts) -> Vec<Proposal> {
    super::by_subject(facts, &["traffic_surge"])
        .into_iter()
        .map(|(_, surges)| {
            let surges = strongest_first(facts, surges);
            let subject = specific_subject(facts, &surges);
            let clients = strongest_first(facts, facts.about(&["client_share"], &subject));
            let mut summary = super::summaries(facts, &surges);
            let top = facts.service(&subject).and_then(|s| s.clients.first());
            match (clients.is_empty(), top) {
                (false, _) => summary.push_str(&format!("; {}", super::summaries(facts, &clients))),
                (true, Some(top)) => summary.push_str(&format!("; {}", client_sentence(top))),
                (true, None) => {}
            }
            let mut evidence = surges.clone();
            evidence.extend(&clients);
            // The client breakdown the analyzer ran, else one over the request rate.
            let topk = clients
                .first()
                .map(|&i| facts.findings[i].shown_by.clone())
                .or_else(|| {
                    let ShownBy::PromQl(rate) = &facts.findings[surges[0]].shown_by else {
                        return None;
                    };
                    topk_by_client(rate).map(ShownBy::PromQl)
                });
            let mut actions: Vec<Action> = topk
                .map(|query| {
                    Action::new(
                        "See which clients send the requests (if `tenant` is not your client label, use yours: company_id, api_key, client)",
                        Some(query),
                    )
                })
                .into_iter()
                .collect();
            actions.push(Action::new(
                match dominant_client(facts, &subject, &clients) {
                    Some(client) => format!(
                        "Rate-limit or block client {client} at the edge until its burst is understood; scale out only if the traffic is legitimate"
                    ),
                    None => "Rate-limit at the edge or scale out, depending on whether the traffic is legitimate".into(),
                },
                None,
            ));
            Proposal {
                cause: ID,
                subject,
                summary,
                mechanism: "Requests arrive far faster than the service is sized for: CPU, \
                            connections and the dependencies' quotas run out, so latency and errors \
                            rise. One client sending most of them points at its burst (a campaign, a \
                            retry loop, a bug) rather than organic growth."
                    .into(),
                onset: facts.earliest_onset(&evidence),
                evidence,
                is_change: false,
                confirm: vec![
                    "the request rate rose before the latency and errors".into(),
                    "one client's share of the requests jumped from its baseline".into(),
                ],
                refute: vec![
                    "the request rate is within its usual daily peak".into(),
                    "the surge is retries of failing requests that began after the errors (then it is a consequence)".into(),
                ],
                actions,
            }
        })
        .collect()
}

/// "client 298427 sends 83% of requests (100/s), baseline 5%".
fn client_sentence(top: &Share) -> String {
    let who = if top.share >= 0.5 {
        format!("client {}", top.name)
    } else {
        format!("the top client, {},", top.name)
    };
    format!(
        "{who} sends {} of requests ({}){}{}",
        Unit::Ratio.format(top.share),
        Unit::PerSecond.format(top.rate),
        top.baseline_share
            .map(|b| format!(", baseline {}", Unit::Ratio.format(b)))
            .unwrap_or_default(),
        if top.share >= 0.5 {
            ""
        } else {
            ": no single client dominates"
        }
    )
}

/// `sum by (service) (rate(…))` → the top five (service, client) pairs.
fn topk_by_client(rate: &str) -> Option<String> {
    let (labels, rest) = rate.strip_prefix("sum by (")?.split_once(')')?;
    Some(format!("topk(5, sum by ({labels}, tenant){rest})"))
}

#[cfg(test)]
mod tests {
    use super::super::test_facts::{Case, at, finding, service};
    use super::*;
    use crate::analyze::finding::Severity;

    #[test]
    fn a_surge_names_the_client_that_dominates_it() {
        let case = Case::new(vec![
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
                "latency_p99",
                "public-api",
                Severity::Critical,
                "p99 latency 3s",
                4,
            ),
        ])
        .services(vec![service("public-api", &[("298427", 0.83, 0.05)], &[])]);
        let proposals = propose(&case.facts());
        assert_eq!(proposals.len(), 1);
        let proposal = &proposals[0];
        assert_eq!(proposal.subject, "public-api");
        assert_eq!(
            proposal.evidence,
            [case.index("traffic_surge"), case.index("client_share")]
        );
        assert_eq!(proposal.onset, Some(at(0)));
        assert!(
            proposal
                .summary
                .contains("client 298427 sends 83% of requests"),
            "{}",
            proposal.summary
        );
        assert_eq!(
            proposal.actions[0].command,
            Some(case.findings[1].shown_by.clone())
        );
        assert!(proposal.actions[1].what.contains("client 298427"));
    }

    #[test]
    fn without_a_client_finding_the_service_shares_name_the_top_client() {
        let mut surge = finding(
            "traffic_surge",
            "api",
            Severity::Warning,
            "request rate 90/s is 6.0x the baseline 15/s",
            1,
        );
        surge.shown_by = ShownBy::PromQl("sum by (service) (rate(http_requests_total[5m]))".into());
        let case =
            Case::new(vec![surge]).services(vec![service("api", &[("acme", 0.3, 0.25)], &[])]);
        let proposal = &propose(&case.facts())[0];
        assert!(
            proposal.summary.contains("the top client, acme, sends 30%"),
            "{}",
            proposal.summary
        );
        assert_eq!(
            proposal.actions[0].command,
            Some(ShownBy::PromQl(
                "topk(5, sum by (service, tenant) (rate(http_requests_total[5m])))".into()
            ))
        );
    }

    #[test]
    fn silent_without_a_surge() {
        let case = Case::new(vec![finding(
            "client_share",
            "api",
            Severity::Warning,
            "client a sends 60% of requests",
            0,
        )]);
        assert!(propose(&case.facts()).is_empty());
    }
}
