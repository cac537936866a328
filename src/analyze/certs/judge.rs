//! The verdict on one observation: every problem of the chain, not only the
//! first — dates of every certificate, trust, host name, key and signature
//! strength, lifetime, protocol — each with its severity.

use super::certificate::{Certificate, is_weak_signature};
use super::thresholds::{Thresholds, days_text};
use super::trust::{self, Trust, TrustStore};
use crate::exit_status::ExitStatus;
use crate::sources::tls::observation::{FetchError, FetchErrorKind, Observation, Origin};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// The CA/Browser Forum's limit on a publicly trusted leaf's validity.
pub const CAB_MAX_VALIDITY_DAYS: i64 = 398;

/// How a run judges what it cannot see or does not fully trust.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Policy {
    pub thresholds: Thresholds,
    /// What an unreachable target counts as (`--unknown-as`).
    pub unknown_as: ExitStatus,
    /// Judge trust for certificate files (only when a CA file was given).
    pub judge_file_trust: bool,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            thresholds: Thresholds::default(),
            unknown_as: ExitStatus::Unknown,
            judge_file_trust: false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProblemKind {
    Unreachable,
    OldTlsVersion,
    HandshakeFailed,
    ClientCertificateRequired,
    UnreadableCertificate,
    Expired,
    NotYetValid,
    ExpiresSoon,
    SelfSigned,
    MissingIntermediate,
    Untrusted,
    HostnameMismatch,
    WeakKey,
    WeakSignature,
    LongValidity,
}

impl ProblemKind {
    /// Among problems of one severity, which says most to a reader: a date
    /// before a trust failure it may cause, a name before a chain.
    pub fn telling(self) -> u8 {
        match self {
            ProblemKind::Expired | ProblemKind::NotYetValid => 0,
            ProblemKind::HostnameMismatch => 1,
            ProblemKind::ExpiresSoon => 2,
            ProblemKind::MissingIntermediate | ProblemKind::SelfSigned => 3,
            ProblemKind::WeakKey | ProblemKind::WeakSignature => 4,
            ProblemKind::Untrusted => 5,
            _ => 6,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            ProblemKind::Unreachable => "unreachable",
            ProblemKind::OldTlsVersion => "old-tls-version",
            ProblemKind::HandshakeFailed => "handshake-failed",
            ProblemKind::ClientCertificateRequired => "client-certificate-required",
            ProblemKind::UnreadableCertificate => "unreadable-certificate",
            ProblemKind::Expired => "expired",
            ProblemKind::NotYetValid => "not-yet-valid",
            ProblemKind::ExpiresSoon => "expires-soon",
            ProblemKind::SelfSigned => "self-signed",
            ProblemKind::MissingIntermediate => "missing-intermediate",
            ProblemKind::Untrusted => "untrusted",
            ProblemKind::HostnameMismatch => "hostname-mismatch",
            ProblemKind::WeakKey => "weak-key",
            ProblemKind::WeakSignature => "weak-signature",
            ProblemKind::LongValidity => "long-validity",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    pub kind: ProblemKind,
    pub severity: ExitStatus,
    /// The certificate's position in the presented chain (0 = leaf), when it is about one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<usize>,
    pub message: String,
}

/// One presented certificate with its place and time left.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Presented {
    pub position: usize,
    /// `leaf`, `intermediate` or `root`.
    pub role: &'static str,
    #[serde(flatten)]
    pub certificate: Certificate,
    pub days_left: f64,
    /// Part of the chain a client builds (always true when no store trusts
    /// the chain: then nobody knows which certificates matter).
    pub on_client_path: bool,
}

/// Everything concluded about one observation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    pub target: String,
    pub origin: Origin,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub starttls: Option<crate::config::file::StartTls>,
    pub status: ExitStatus,
    /// The most urgent problem, or when the leaf expires.
    pub summary: String,
    pub problems: Vec<Problem>,
    /// The chain as the server sent it.
    pub presented: Vec<Presented>,
    /// The chain a client would build, and which stores trust it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trust: Option<Trust>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cipher_suite: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<FetchError>,
    pub duration_ms: u64,
}

impl Verdict {
    /// The leaf, when one was presented and readable.
    pub fn leaf(&self) -> Option<&Presented> {
        self.presented.first().filter(|p| p.position == 0)
    }

    /// The soonest notAfter of the certificates clients use: when this endpoint breaks.
    pub fn first_expiry(&self) -> Option<&Presented> {
        self.presented
            .iter()
            .filter(|presented| presented.on_client_path)
            .min_by_key(|presented| presented.certificate.not_after)
    }
}

/// Judges one observation at `now`.
pub fn judge(
    observation: &Observation,
    stores: &[TrustStore],
    policy: &Policy,
    now: DateTime<Utc>,
) -> Verdict {
    let mut problems = Vec::new();
    let mut presented = Vec::new();
    let mut parsed = Vec::new();
    for (position, der) in observation.chain.iter().enumerate() {
        match Certificate::parse(der) {
            Ok(certificate) => {
                parsed.push(certificate.clone());
                let role = if position == 0 {
                    "leaf"
                } else if certificate.self_issued {
                    "root"
                } else {
                    "intermediate"
                };
                let days_left = (certificate.not_after - now).num_seconds() as f64 / 86_400.0;
                presented.push(Presented {
                    position,
                    role,
                    certificate,
                    days_left,
                    on_client_path: true,
                });
            }
            Err(err) => problems.push(Problem {
                kind: ProblemKind::UnreadableCertificate,
                severity: policy.unknown_as,
                position: Some(position),
                message: format!("certificate {position} is {err}"),
            }),
        }
    }
    if let Some(error) = &observation.error {
        problems.push(fetch_problem(error, !observation.chain.is_empty(), policy));
    }
    let leaf_readable = presented.first().is_some_and(|p| p.position == 0);
    let trust = leaf_readable.then(|| trust::verify(&observation.chain, &parsed, stores, now));
    for cert in presented.iter_mut() {
        cert.on_client_path = on_client_path(cert, trust.as_ref());
    }
    for cert in &presented {
        date_problems(cert, policy, now, &mut problems);
        strength_problems(cert, &mut problems);
    }
    if let (Some(trust), Some(leaf)) = (&trust, presented.first()) {
        let judge_trust = observation.origin == Origin::Endpoint || policy.judge_file_trust;
        let root_on_disk = observation.origin == Origin::File && leaf.certificate.is_ca;
        if judge_trust && !root_on_disk && trust.trusted_by.is_empty() {
            problems.push(trust_problem(trust, &presented, stores));
        }
        if let Some(name) = &observation.server_name {
            if let Some(problem) = hostname_problem(&observation.chain[0], name, &leaf.certificate)
            {
                problems.push(problem);
            }
        }
        // Only Mozilla's roots are public: a company root in the system store
        // may issue long-lived certificates, and browsers accept them.
        let publicly_trusted = trust.trusted_by.iter().any(|store| store == "mozilla");
        let lifetime_days = leaf.certificate.lifetime_seconds() as f64 / 86_400.0;
        if publicly_trusted && lifetime_days > CAB_MAX_VALIDITY_DAYS as f64 {
            problems.push(Problem {
                kind: ProblemKind::LongValidity,
                severity: ExitStatus::Warning,
                position: Some(0),
                message: format!(
                    "the leaf is valid for {lifetime_days:.0} days, longer than the {CAB_MAX_VALIDITY_DAYS} days a public CA may issue; browsers reject it"
                ),
            });
        }
    }
    if observation.error.is_none() && observation.chain.is_empty() {
        problems.push(Problem {
            kind: ProblemKind::UnreadableCertificate,
            severity: policy.unknown_as,
            position: None,
            message: "no certificate was presented".into(),
        });
    }
    problems.sort_by_key(|problem| {
        (
            urgency(problem.severity),
            problem.kind.telling(),
            problem.position,
        )
    });
    let status = problems
        .iter()
        .map(|problem| problem.severity)
        .min_by_key(|&severity| urgency(severity))
        .unwrap_or(ExitStatus::Ok);
    let summary = match problems.first() {
        Some(problem) => problem.message.clone(),
        None => match presented.iter().min_by_key(|p| p.certificate.not_after) {
            Some(first) if first.position == 0 => {
                format!("expires in {}", days_text(first.days_left))
            }
            Some(first) => format!(
                "{} ({}) expires first, in {}",
                first.role,
                first.certificate.short_name(),
                days_text(first.days_left)
            ),
            None => "nothing to check".into(),
        },
    };
    Verdict {
        target: observation.target.clone(),
        origin: observation.origin,
        address: observation.address.clone(),
        server_name: observation.server_name.clone(),
        starttls: observation.starttls,
        status,
        summary,
        problems,
        presented,
        trust,
        protocol: observation.protocol.clone(),
        cipher_suite: observation.cipher_suite.clone(),
        error: observation.error.clone(),
        duration_ms: observation.duration_ms,
    }
}

/// Sort key: CRITICAL first, then WARNING, then UNKNOWN, then OK — the order
/// in which the overall status is decided (a broken certificate is never hidden
/// behind an unreachable one).
pub fn urgency(status: ExitStatus) -> u8 {
    match status {
        ExitStatus::Critical => 0,
        ExitStatus::Warning => 1,
        ExitStatus::Unknown => 2,
        ExitStatus::Ok => 3,
    }
}

fn fetch_problem(error: &FetchError, chain_captured: bool, policy: &Policy) -> Problem {
    match error.kind {
        FetchErrorKind::OldTlsVersion => Problem {
            kind: ProblemKind::OldTlsVersion,
            severity: ExitStatus::Warning,
            position: None,
            message: error.message.clone(),
        },
        // The chain is in hand, so the certificates are judged; a handshake
        // the server then broke off means clients fail too. A timeout or the
        // deadline says nothing about the certificate: that stays UNKNOWN.
        FetchErrorKind::Handshake | FetchErrorKind::NotTls if chain_captured => Problem {
            kind: ProblemKind::HandshakeFailed,
            severity: ExitStatus::Critical,
            position: None,
            message: format!(
                "the handshake failed after the certificates were sent: {}",
                error.message
            ),
        },
        // Mutual TLS: the server asked for a client certificate we don't have;
        // its own chain was seen and is judged on its merits.
        FetchErrorKind::ClientCertificateRequired => Problem {
            kind: ProblemKind::ClientCertificateRequired,
            severity: ExitStatus::Ok,
            position: None,
            message: error.message.clone(),
        },
        _ => Problem {
            kind: ProblemKind::Unreachable,
            severity: policy.unknown_as,
            position: None,
            message: error.message.clone(),
        },
    }
}

fn date_problems(
    cert: &Presented,
    policy: &Policy,
    now: DateTime<Utc>,
    problems: &mut Vec<Problem>,
) {
    let what = describe(cert);
    let certificate = &cert.certificate;
    // A certificate the server sends but clients don't use (an old cross-sign,
    // a stale root) breaks nobody today: say so, and only warn.
    let problem = |kind, severity: ExitStatus, message: String| {
        if cert.on_client_path {
            Problem {
                kind,
                severity,
                position: Some(cert.position),
                message,
            }
        } else {
            Problem {
                kind,
                severity: if severity == ExitStatus::Ok {
                    severity
                } else {
                    ExitStatus::Warning
                },
                position: Some(cert.position),
                message: format!(
                    "{message}; clients don't use it (they trust another path), remove it from the chain"
                ),
            }
        }
    };
    if certificate.not_after < now {
        problems.push(problem(
            ProblemKind::Expired,
            ExitStatus::Critical,
            format!(
                "{what} expired {} ago ({})",
                days_text(cert.days_left),
                crate::report::time(certificate.not_after)
            ),
        ));
    } else if certificate.not_before > now {
        let days = (certificate.not_before - now).num_seconds() as f64 / 86_400.0;
        problems.push(problem(
            ProblemKind::NotYetValid,
            ExitStatus::Critical,
            format!(
                "{what} is not valid yet: valid from {} (in {})",
                crate::report::time(certificate.not_before),
                days_text(days)
            ),
        ));
    } else if policy.thresholds.crit.reached(certificate, now)
        || policy.thresholds.warn.reached(certificate, now)
    {
        let critical = policy.thresholds.crit.reached(certificate, now);
        problems.push(problem(
            ProblemKind::ExpiresSoon,
            if critical {
                ExitStatus::Critical
            } else {
                ExitStatus::Warning
            },
            format!(
                "{what} expires in {} ({}; {} threshold {})",
                days_text(cert.days_left),
                crate::report::time(certificate.not_after),
                if critical { "critical" } else { "warning" },
                if critical {
                    policy.thresholds.crit
                } else {
                    policy.thresholds.warn
                }
            ),
        ));
    }
}

/// Weak keys and broken signature hashes, which clients refuse. A root's own
/// signature is never checked by anyone, so it doesn't count.
fn strength_problems(cert: &Presented, problems: &mut Vec<Problem>) {
    let certificate = &cert.certificate;
    let key = &certificate.key;
    let weak_key = match key.algorithm.as_str() {
        "RSA" => key.bits < 2048,
        "EC" => key.bits < 256,
        "DSA" => true,
        _ => false,
    };
    if weak_key {
        problems.push(Problem {
            kind: ProblemKind::WeakKey,
            severity: ExitStatus::Critical,
            position: Some(cert.position),
            message: format!(
                "{} has a weak key ({key}; clients require RSA 2048 or EC 256 at least)",
                describe(cert)
            ),
        });
    }
    if !certificate.self_issued && is_weak_signature(&certificate.signature) {
        problems.push(Problem {
            kind: ProblemKind::WeakSignature,
            severity: ExitStatus::Critical,
            position: Some(cert.position),
            message: format!(
                "{} is signed with {}, a hash clients no longer accept",
                describe(cert),
                certificate.signature
            ),
        });
    }
}

fn trust_problem(trust: &Trust, presented: &[Presented], stores: &[TrustStore]) -> Problem {
    let leaf = &presented[0].certificate;
    let store_names: Vec<&str> = stores.iter().map(|store| store.name).collect();
    let stores_text = store_names.join(", ");
    let issuer_presented = presented[1..]
        .iter()
        .any(|p| p.certificate.subject == leaf.issuer);
    let (kind, message) = if leaf.self_issued && presented.len() == 1 {
        (
            ProblemKind::SelfSigned,
            format!(
                "self-signed certificate ({}), trusted by no store ({stores_text})",
                leaf.short_name()
            ),
        )
    } else if trust.unknown_issuer && !leaf.self_issued && !issuer_presented {
        (
            ProblemKind::MissingIntermediate,
            format!(
                "the issuer '{}' was not sent and no store ({stores_text}) knows it: a missing intermediate certificate{}",
                leaf.issuer,
                if store_names.contains(&"ca-file") {
                    ""
                } else {
                    " (or a private CA: pass --ca-file)"
                }
            ),
        )
    } else {
        let ends_at = presented
            .last()
            .map(|p| p.certificate.issuer.clone())
            .unwrap_or_default();
        (
            ProblemKind::Untrusted,
            format!(
                "not trusted by {stores_text}: {} (the presented chain ends at '{ends_at}')",
                trust.error.as_deref().unwrap_or("verification failed")
            ),
        )
    };
    Problem {
        kind,
        severity: ExitStatus::Critical,
        position: None,
        message,
    }
}

fn hostname_problem(leaf_der: &[u8], name: &str, leaf: &Certificate) -> Option<Problem> {
    let der = rustls::pki_types::CertificateDer::from(leaf_der);
    let end_entity = webpki::EndEntityCert::try_from(&der).ok()?;
    let server_name = rustls::pki_types::ServerName::try_from(name).ok()?;
    if end_entity
        .verify_is_valid_for_subject_name(&server_name)
        .is_ok()
    {
        return None;
    }
    let shown: Vec<&str> = leaf.names.iter().take(6).map(String::as_str).collect();
    let presented = if leaf.names.is_empty() {
        format!("has no subjectAltName (CN {})", leaf.short_name())
    } else if leaf.names.len() > shown.len() {
        format!(
            "is for {} and {} more",
            shown.join(", "),
            leaf.names.len() - shown.len()
        )
    } else {
        format!("is for {}", shown.join(", "))
    };
    Some(Problem {
        kind: ProblemKind::HostnameMismatch,
        severity: ExitStatus::Critical,
        position: Some(0),
        message: format!("wrong host: the certificate {presented}, not {name}"),
    })
}

fn describe(cert: &Presented) -> String {
    format!(
        "{} '{}'",
        role_title(cert.role),
        cert.certificate.short_name()
    )
}

fn role_title(role: &str) -> &str {
    match role {
        "leaf" => "the leaf",
        "root" => "the root",
        _ => "the intermediate",
    }
}

/// Whether clients use this presented certificate: the leaf always; another
/// when it is on the path webpki built (or when no path could be built).
fn on_client_path(cert: &Presented, trust: Option<&Trust>) -> bool {
    let Some(trust) = trust.filter(|trust| !trust.trusted_by.is_empty()) else {
        return true;
    };
    if cert.position == 0 {
        return true;
    }
    // The built chain ends with the anchor's name; a presented copy of the
    // root is not used (clients take their own), its intermediates are.
    let used = &trust.built_chain[..trust.built_chain.len().saturating_sub(1)];
    used.iter()
        .skip(1)
        .any(|subject| subject == &cert.certificate.subject)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::certs::test_pki::Pki;
    use crate::analyze::certs::thresholds::Threshold;
    use rustls::pki_types::CertificateDer;

    fn endpoint(chain: Vec<Vec<u8>>) -> Observation {
        Observation {
            target: "localhost:443".into(),
            origin: Origin::Endpoint,
            server_name: Some("localhost".into()),
            address: Some("127.0.0.1:443".into()),
            starttls: None,
            protocol: Some("TLS 1.3".into()),
            cipher_suite: None,
            chain,
            error: None,
            duration_ms: 3,
        }
    }

    fn stores(pki: &Pki) -> Vec<TrustStore> {
        vec![
            TrustStore::mozilla(),
            TrustStore::from_certificates("ca-file", &[CertificateDer::from(pki.root_der())]).0,
        ]
    }

    fn kinds(verdict: &Verdict) -> Vec<ProblemKind> {
        verdict.problems.iter().map(|p| p.kind).collect()
    }

    #[test]
    fn a_good_chain_is_ok_and_says_when_it_expires() {
        let pki = Pki::new();
        let chain = vec![pki.leaf(&["localhost"], -1, 90), pki.intermediate_der()];
        let verdict = judge(
            &endpoint(chain),
            &stores(&pki),
            &Policy::default(),
            Utc::now(),
        );
        assert_eq!(verdict.status, ExitStatus::Ok, "{:?}", verdict.problems);
        assert_eq!(verdict.summary, "expires in 90 days");
        assert_eq!(verdict.presented[1].role, "intermediate");
        assert_eq!(verdict.trust.unwrap().built_chain.len(), 3);
    }

    #[test]
    fn every_problem_is_reported_not_only_the_first() {
        let pki = Pki::with_intermediate_validity(-400, -2);
        let chain = vec![
            pki.leaf(&["www.example.org"], -100, -1),
            pki.intermediate_der(),
        ];
        let verdict = judge(
            &endpoint(chain),
            &stores(&pki),
            &Policy::default(),
            Utc::now(),
        );
        assert_eq!(verdict.status, ExitStatus::Critical);
        let found = kinds(&verdict);
        assert!(found.contains(&ProblemKind::Expired), "{found:?}");
        assert!(found.contains(&ProblemKind::HostnameMismatch), "{found:?}");
        let expired: Vec<Option<usize>> = verdict
            .problems
            .iter()
            .filter(|p| p.kind == ProblemKind::Expired)
            .map(|p| p.position)
            .collect();
        assert_eq!(expired, vec![Some(0), Some(1)], "the intermediate too");
        let mismatch = verdict
            .problems
            .iter()
            .find(|p| p.kind == ProblemKind::HostnameMismatch)
            .unwrap();
        assert!(
            mismatch.message.contains("www.example.org"),
            "{}",
            mismatch.message
        );
    }

    #[test]
    fn thresholds_make_warnings_and_criticals() {
        let pki = Pki::new();
        let now = Utc::now();
        let soon = vec![pki.leaf(&["localhost"], -80, 5), pki.intermediate_der()];
        let verdict = judge(
            &endpoint(soon.clone()),
            &stores(&pki),
            &Policy::default(),
            now,
        );
        assert_eq!(verdict.status, ExitStatus::Critical);
        assert!(
            verdict
                .summary
                .starts_with("the leaf 'localhost' expires in 5.0 days"),
            "{}",
            verdict.summary
        );
        let relaxed = Policy {
            thresholds: Thresholds {
                warn: Threshold::parse("10d").unwrap(),
                crit: Threshold::parse("1d").unwrap(),
            },
            ..Policy::default()
        };
        let verdict = judge(&endpoint(soon), &stores(&pki), &relaxed, now);
        assert_eq!(verdict.status, ExitStatus::Warning);
    }

    #[test]
    fn self_signed_and_missing_intermediate_are_named() {
        let pki = Pki::new();
        let lonely = judge(
            &endpoint(vec![Pki::self_signed(&["localhost"], -1, 30)]),
            &stores(&pki),
            &Policy::default(),
            Utc::now(),
        );
        assert!(
            kinds(&lonely).contains(&ProblemKind::SelfSigned),
            "{:?}",
            lonely.problems
        );
        let no_intermediate = judge(
            &endpoint(vec![pki.leaf(&["localhost"], -1, 90)]),
            &stores(&pki),
            &Policy::default(),
            Utc::now(),
        );
        assert_eq!(
            kinds(&no_intermediate),
            vec![ProblemKind::MissingIntermediate]
        );
        assert!(
            no_intermediate.summary.contains("triage unit intermediate"),
            "{}",
            no_intermediate.summary
        );
    }

    #[test]
    fn an_unreachable_target_is_unknown_unless_told_otherwise() {
        let failed = Observation::failed(
            "db:5432",
            Origin::Endpoint,
            FetchErrorKind::Refused,
            "connection refused".into(),
        );
        let verdict = judge(&failed, &[], &Policy::default(), Utc::now());
        assert_eq!(verdict.status, ExitStatus::Unknown);
        assert_eq!(verdict.summary, "connection refused");
        let strict = Policy {
            unknown_as: ExitStatus::Critical,
            ..Policy::default()
        };
        assert_eq!(
            judge(&failed, &[], &strict, Utc::now()).status,
            ExitStatus::Critical
        );
    }

    #[test]
    fn an_old_protocol_is_a_warning_not_an_outage() {
        let old = Observation::failed(
            "legacy:443",
            Origin::Endpoint,
            FetchErrorKind::OldTlsVersion,
            "peer requires a TLS version below 1.2".into(),
        );
        let strict = Policy {
            unknown_as: ExitStatus::Critical,
            ..Policy::default()
        };
        assert_eq!(
            judge(&old, &[], &strict, Utc::now()).status,
            ExitStatus::Warning
        );
    }

    #[test]
    fn files_are_judged_on_dates_and_trust_only_with_a_ca_file() {
        let pki = Pki::new();
        let mut file = endpoint(vec![pki.leaf(&["localhost"], -1, 90)]);
        file.origin = Origin::File;
        file.server_name = None;
        let verdict = judge(&file, &stores(&pki), &Policy::default(), Utc::now());
        assert_eq!(verdict.status, ExitStatus::Ok, "{:?}", verdict.problems);
        let with_ca = Policy {
            judge_file_trust: true,
            ..Policy::default()
        };
        let verdict = judge(&file, &stores(&pki), &with_ca, Utc::now());
        assert_eq!(kinds(&verdict), vec![ProblemKind::MissingIntermediate]);
    }

    #[test]
    fn an_expired_certificate_clients_do_not_use_is_only_a_warning() {
        let pki = Pki::new();
        let stale_root = Pki::self_signed(&["old root"], -4000, -2);
        let chain = vec![
            pki.leaf(&["localhost"], -1, 90),
            pki.intermediate_der(),
            stale_root,
        ];
        let verdict = judge(
            &endpoint(chain),
            &stores(&pki),
            &Policy::default(),
            Utc::now(),
        );
        assert_eq!(
            verdict.status,
            ExitStatus::Warning,
            "{:?}",
            verdict.problems
        );
        assert!(
            verdict.summary.contains("clients don't use it"),
            "{}",
            verdict.summary
        );
        assert!(!verdict.presented[2].on_client_path);
        assert_eq!(
            verdict.first_expiry().unwrap().position,
            0,
            "the unused certificate doesn't set the expiry"
        );
    }

    #[test]
    fn a_mutual_tls_server_is_judged_on_its_own_chain() {
        let pki = Pki::new();
        let mut observation = endpoint(vec![
            pki.leaf(&["localhost"], -1, 90),
            pki.intermediate_der(),
        ]);
        observation.error = Some(FetchError {
            kind: FetchErrorKind::ClientCertificateRequired,
            message: "the server requires a client certificate".into(),
        });
        let verdict = judge(&observation, &stores(&pki), &Policy::default(), Utc::now());
        assert_eq!(verdict.status, ExitStatus::Ok, "{:?}", verdict.problems);
        let mut timed_out = observation.clone();
        timed_out.error = Some(FetchError {
            kind: FetchErrorKind::Timeout,
            message: "no handshake within 5s".into(),
        });
        let verdict = judge(&timed_out, &stores(&pki), &Policy::default(), Utc::now());
        assert_eq!(
            verdict.status,
            ExitStatus::Unknown,
            "a timeout is not a broken certificate"
        );
    }

    #[test]
    fn garbage_in_the_chain_is_reported_not_fatal() {
        let pki = Pki::new();
        let chain = vec![pki.leaf(&["localhost"], -1, 90), b"garbage".to_vec()];
        let verdict = judge(
            &endpoint(chain),
            &stores(&pki),
            &Policy::default(),
            Utc::now(),
        );
        assert!(kinds(&verdict).contains(&ProblemKind::UnreadableCertificate));
        assert_eq!(verdict.presented.len(), 1);
    }
}
