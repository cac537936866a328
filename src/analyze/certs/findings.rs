//! Certificate verdicts as findings (`certificate-problem`), the form
//! `triage investigate` correlates: an expired certificate's notAfter is the
//! moment calls to that dependency started failing.

use super::judge::{ProblemKind, Verdict};
use crate::analyze::finding::{Finding, Severity, ShownBy};
use crate::exit_status::ExitStatus;
use crate::sources::tls::observation::Origin;

pub const KIND: &str = "certificate-problem";

/// One finding per endpoint address that is WARNING or CRITICAL. An endpoint
/// that could not be reached is a data gap, not a certificate problem.
pub fn findings(verdicts: &[Verdict]) -> Vec<Finding> {
    verdicts
        .iter()
        .filter_map(|verdict| {
            let severity = match verdict.status {
                ExitStatus::Critical => Severity::Critical,
                ExitStatus::Warning => Severity::Warning,
                _ => return None,
            };
            let first = verdict.first_expiry();
            // When the problem began, if the certificate says: expiry or the start of validity.
            let onset = verdict.problems.iter().find_map(|problem| {
                let cert = &verdict
                    .presented
                    .iter()
                    .find(|p| Some(p.position) == problem.position)?
                    .certificate;
                match problem.kind {
                    ProblemKind::Expired => Some(cert.not_after),
                    ProblemKind::NotYetValid => Some(cert.not_before),
                    _ => None,
                }
            });
            Some(Finding::observed(
                KIND,
                &verdict.target,
                severity,
                verdict.summary.clone(),
                first.map_or(0.0, |p| p.days_left),
                onset,
                ShownBy::Shell(openssl_command(verdict)),
            ))
        })
        .collect()
}

/// The openssl command that shows the same chain, for the reader to check.
fn openssl_command(verdict: &Verdict) -> String {
    match (verdict.origin, &verdict.address) {
        (Origin::Endpoint, Some(address)) => format!(
            "openssl s_client -connect {address} -servername {}{} -showcerts </dev/null",
            verdict.server_name.as_deref().unwrap_or(&verdict.target),
            verdict
                .starttls
                .map(|protocol| format!(" -starttls {}", crate::sources::starttls::name(protocol)))
                .unwrap_or_default()
        ),
        _ => format!(
            "openssl crl2pkcs7 -nocrl -certfile {} | openssl pkcs7 -print_certs -noout",
            crate::analyze::text::shell_word(&verdict.target)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::certs::test_pki::Pki;
    use crate::analyze::certs::{Policy, TrustStore, judge};
    use crate::sources::tls::observation::Observation;

    #[test]
    fn an_expired_endpoint_becomes_a_critical_finding_dated_at_its_expiry() {
        let pki = Pki::new();
        let observation = Observation {
            target: "sms-provider".into(),
            origin: Origin::Endpoint,
            server_name: Some("api.sms.example".into()),
            address: Some("10.0.0.9:443".into()),
            starttls: None,
            protocol: Some("TLS 1.3".into()),
            cipher_suite: None,
            chain: vec![
                pki.leaf(&["api.sms.example"], -100, -2),
                pki.intermediate_der(),
            ],
            error: None,
            duration_ms: 1,
        };
        let stores = [TrustStore::from_certificates("ca-file", &[pki.root_der().into()]).0];
        let verdict = judge(
            &observation,
            &stores,
            &Policy::default(),
            chrono::Utc::now(),
        );
        let found = findings(std::slice::from_ref(&verdict));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].kind, KIND);
        assert_eq!(found[0].subject, "sms-provider");
        assert_eq!(found[0].severity, Severity::Critical);
        assert_eq!(
            found[0].onset,
            Some(verdict.presented[0].certificate.not_after)
        );
        assert!(
            found[0]
                .shown_by
                .text()
                .starts_with("openssl s_client -connect 10.0.0.9:443 -servername api.sms.example")
        );
        let unreachable = Observation::failed(
            "db",
            Origin::Endpoint,
            crate::sources::tls::observation::FetchErrorKind::Refused,
            "refused".into(),
        );
        assert!(
            findings(&[judge(
                &unreachable,
                &stores,
                &Policy::default(),
                chrono::Utc::now()
            )])
            .is_empty()
        );
    }
}
