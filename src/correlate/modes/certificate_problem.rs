//! `certificate-problem`: an endpoint we depend on presents a certificate
//! its clients refuse — expired, not yet valid, untrusted, for another host,
//! or with its chain incomplete — so every TLS handshake with it fails from
//! that moment (for an expiry, its notAfter) and the calls behind it fail too.

use super::super::facts::Facts;
use super::super::hypothesis::{Action, Proposal};
use crate::analyze::certs::ProblemKind;
use crate::analyze::certs::findings::KIND;
use crate::exit_status::ExitStatus;

pub const ID: &str = "certificate-problem";

/// Problems that make clients refuse the handshake now, not some day.
const REFUSED: &[ProblemKind] = &[
    ProblemKind::Expired,
    ProblemKind::NotYetValid,
    ProblemKind::SelfSigned,
    ProblemKind::MissingIntermediate,
    ProblemKind::Untrusted,
    ProblemKind::HostnameMismatch,
    ProblemKind::HandshakeFailed,
];

pub fn propose(facts: &Facts) -> Vec<Proposal> {
    facts
        .abnormal(&[KIND])
        .map(|(index, finding)| {
            let endpoint = &finding.subject;
            // The verdict says whether clients refuse it already or only will.
            let verdict = facts.certificates.iter().find(|v| &v.target == endpoint);
            let refused: Vec<&str> = verdict
                .into_iter()
                .flat_map(|v| &v.problems)
                .filter(|p| p.severity == ExitStatus::Critical && REFUSED.contains(&p.kind))
                .map(|p| p.message.as_str())
                .collect();
            let fails_now = verdict.is_none_or(|_| !refused.is_empty());
            let mut summary = format!("{endpoint}: {}", finding.summary);
            for message in refused.iter().filter(|m| !finding.summary.contains(**m)) {
                summary.push_str(&format!("; {message}"));
            }
            Proposal {
                cause: ID,
                subject: endpoint.clone(),
                summary,
                mechanism: if fails_now {
                    format!(
                        "Clients verifying {endpoint}'s certificate refuse the TLS handshake, so \
                         every call to it fails from the moment the certificate became invalid; \
                         the callers' errors follow."
                    )
                } else {
                    format!(
                        "{endpoint}'s certificate is still accepted but will not be for long (or \
                         is weak); it explains current failures only if some client is stricter."
                    )
                },
                onset: finding.onset,
                evidence: vec![index],
                is_change: false,
                confirm: vec![
                    format!("the handshake with {endpoint} fails with a certificate error (the openssl command below)"),
                    format!("the callers' logs show TLS or certificate errors for calls to {endpoint}"),
                ],
                refute: vec![
                    format!("calls to {endpoint} succeed while the symptoms last"),
                    "the symptoms began before the certificate became invalid".into(),
                ],
                actions: vec![
                    Action::new(
                        format!("See the chain {endpoint} presents"),
                        Some(finding.shown_by.clone()),
                    ),
                    Action::new(
                        format!(
                            "Renew or replace the certificate (serving the full chain); until then every TLS call to {endpoint} fails"
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
    use super::super::test_facts::{Case, at, finding, shown};
    use super::*;
    use crate::analyze::finding::{Severity, ShownBy};

    #[test]
    fn each_certificate_finding_is_a_proposal_about_its_endpoint() {
        let openssl = "openssl s_client -connect 10.0.0.9:443 -servername api.sms.example -showcerts </dev/null";
        let case = Case::new(vec![
            finding(
                "error_ratio",
                "sms-sender",
                Severity::Critical,
                "5xx 40% of requests",
                2,
            ),
            shown(
                KIND,
                "sms-provider",
                Severity::Critical,
                "leaf expired 2 days ago",
                -2880,
                ShownBy::Shell(openssl.into()),
            ),
            shown(
                KIND,
                "mail",
                Severity::Warning,
                "leaf expires in 9 days",
                0,
                ShownBy::Shell("openssl …".into()),
            ),
        ]);
        let proposals = propose(&case.facts());
        assert_eq!(proposals.len(), 2);
        let proposal = &proposals[0];
        assert_eq!(proposal.subject, "sms-provider");
        assert_eq!(proposal.evidence, [1]);
        assert_eq!(proposal.onset, Some(at(-2880)));
        assert_eq!(proposal.summary, "sms-provider: leaf expired 2 days ago");
        assert_eq!(
            proposal.actions[0].command,
            Some(ShownBy::Shell(openssl.into()))
        );
        assert!(
            proposal.actions[1]
                .what
                .starts_with("Renew or replace the certificate")
        );
        assert_eq!(proposals[1].subject, "mail");
    }

    #[test]
    fn silent_without_certificate_findings() {
        let case = Case::new(vec![finding(
            "error_ratio",
            "sms-sender",
            Severity::Critical,
            "5xx 40%",
            2,
        )]);
        assert!(propose(&case.facts()).is_empty());
    }
}
