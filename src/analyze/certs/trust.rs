//! Would a client trust the chain? Verified with webpki (what rustls clients
//! use) separately against each trust store, so the report can say "trusted by
//! the system store, not by Mozilla's" and show the chain a client would build.

use super::certificate::Certificate;
use chrono::{DateTime, Utc};
use rustls::pki_types::{CertificateDer, TrustAnchor, UnixTime};
use serde::{Deserialize, Serialize};
use x509_parser::prelude::{FromDer, X509Name};

/// A named set of trust anchors: `mozilla`, `system` or `ca-file`.
#[derive(Debug, Clone)]
pub struct TrustStore {
    pub name: &'static str,
    anchors: Vec<TrustAnchor<'static>>,
}

impl TrustStore {
    /// The Mozilla root program, built into the binary (webpki-roots).
    pub fn mozilla() -> TrustStore {
        TrustStore {
            name: "mozilla",
            anchors: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
        }
    }

    /// Anchors from certificates; those that can't be anchors are returned as errors.
    pub fn from_certificates(
        name: &'static str,
        certificates: &[CertificateDer<'_>],
    ) -> (TrustStore, Vec<String>) {
        let mut anchors = Vec::new();
        let mut errors = Vec::new();
        for (index, der) in certificates.iter().enumerate() {
            match webpki::anchor_from_trusted_cert(der) {
                Ok(anchor) => anchors.push(anchor.to_owned()),
                Err(err) => errors.push(format!("certificate {} of {name}: {err}", index + 1)),
            }
        }
        (TrustStore { name, anchors }, errors)
    }

    pub fn len(&self) -> usize {
        self.anchors.len()
    }

    pub fn is_empty(&self) -> bool {
        self.anchors.is_empty()
    }
}

/// What verification against the stores concluded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Trust {
    /// The stores under which a client would accept the chain.
    pub trusted_by: Vec<String>,
    /// The chain a client would build (leaf first, ending with the trust
    /// anchor's subject), from the first store that trusts it.
    pub built_chain: Vec<String>,
    /// Why no store trusts it (webpki's reason, in words).
    pub error: Option<String>,
    /// No store knows the issuer: the root is private, or an intermediate is missing.
    pub unknown_issuer: bool,
    /// The chain uses a signature algorithm clients no longer accept (SHA-1, MD5).
    pub unsupported_signature: bool,
}

/// Verifies a presented chain (leaf first) against every store. Validity
/// dates are judged elsewhere for every certificate, so when the presented
/// chain is out of date at `now` the trust question is asked at a moment when
/// all of it was valid: an expired chain is "expired", not also "untrusted".
pub fn verify(
    chain: &[Vec<u8>],
    parsed: &[Certificate],
    stores: &[TrustStore],
    now: DateTime<Utc>,
) -> Trust {
    let mut trust = Trust {
        trusted_by: Vec::new(),
        built_chain: Vec::new(),
        error: None,
        unknown_issuer: false,
        unsupported_signature: false,
    };
    let Some(leaf_der) = chain.first() else {
        trust.error = Some("no certificate was presented".into());
        return trust;
    };
    let leaf_der = CertificateDer::from(leaf_der.as_slice());
    let leaf = match webpki::EndEntityCert::try_from(&leaf_der) {
        Ok(leaf) => leaf,
        Err(err) => {
            trust.error = Some(format!(
                "the leaf cannot be parsed for verification: {}",
                describe(&err)
            ));
            return trust;
        }
    };
    let intermediates: Vec<CertificateDer<'_>> = chain[1..]
        .iter()
        .map(|der| CertificateDer::from(der.as_slice()))
        .collect();
    let at = verification_time(parsed, now);
    // A store may hold the leaf itself (a self-signed certificate someone chose
    // to trust): clients such as openssl accept that, webpki does not build it.
    let pinned = webpki::anchor_from_trusted_cert(&leaf_der).ok();
    let algorithms = rustls::crypto::aws_lc_rs::default_provider()
        .signature_verification_algorithms
        .all;
    let mut first_error = None;
    for store in stores {
        if let Some(pinned) = &pinned
            && store.anchors.iter().any(|anchor| {
                anchor.subject == pinned.subject
                    && anchor.subject_public_key_info == pinned.subject_public_key_info
            })
        {
            trust.trusted_by.push(store.name.to_string());
            if trust.built_chain.is_empty() {
                trust.built_chain = parsed
                    .first()
                    .map(|c| c.subject.clone())
                    .into_iter()
                    .collect();
            }
            continue;
        }
        let result = leaf.verify_for_usage(
            algorithms,
            &store.anchors,
            &intermediates,
            at,
            webpki::KeyUsage::server_auth(),
            None,
            None,
        );
        match result {
            Ok(path) => {
                trust.trusted_by.push(store.name.to_string());
                if trust.built_chain.is_empty() {
                    trust.built_chain.push(
                        parsed
                            .first()
                            .map(|c| c.subject.clone())
                            .unwrap_or_default(),
                    );
                    for cert in path.intermediate_certificates() {
                        let subject = Certificate::parse(cert.der().as_ref())
                            .map(|c| c.subject)
                            .unwrap_or_else(|_| "(unreadable)".into());
                        trust.built_chain.push(subject);
                    }
                    trust
                        .built_chain
                        .push(name_text(path.anchor().subject.as_ref()));
                }
            }
            Err(err) => {
                match err {
                    webpki::Error::UnknownIssuer => trust.unknown_issuer = true,
                    webpki::Error::UnsupportedSignatureAlgorithmContext(_)
                    | webpki::Error::UnsupportedSignatureAlgorithmForPublicKeyContext(_) => {
                        trust.unsupported_signature = true
                    }
                    _ => {}
                }
                // A specific reason says more than "unknown issuer".
                let specific = !matches!(err, webpki::Error::UnknownIssuer);
                if first_error.is_none()
                    || (specific && matches!(first_error, Some(webpki::Error::UnknownIssuer)))
                {
                    first_error = Some(err);
                }
            }
        }
    }
    if trust.trusted_by.is_empty() {
        trust.error = first_error.map(|err| describe(&err));
        if trust.error.is_none() {
            trust.error = Some("no trust store to verify against".into());
        }
    } else {
        trust.unknown_issuer = false;
        trust.unsupported_signature = false;
    }
    trust
}

/// `now` when every presented certificate is valid then; otherwise the
/// nearest moment when they all were (or the leaf's own midpoint).
fn verification_time(parsed: &[Certificate], now: DateTime<Utc>) -> UnixTime {
    let latest_start = parsed.iter().map(|c| c.not_before).max();
    let earliest_end = parsed.iter().map(|c| c.not_after).min();
    let at = match (latest_start, earliest_end) {
        (Some(start), Some(end)) if start <= end => now.clamp(start, end),
        _ => parsed
            .first()
            .map(|leaf| leaf.not_before + (leaf.not_after - leaf.not_before) / 2)
            .unwrap_or(now),
    };
    UnixTime::since_unix_epoch(std::time::Duration::from_secs(at.timestamp().max(0) as u64))
}

/// webpki's reasons in the words of people who run servers.
fn describe(err: &webpki::Error) -> String {
    match err {
        webpki::Error::UnknownIssuer => {
            "issuer not trusted: the chain does not lead to a known root".into()
        }
        webpki::Error::UnsupportedSignatureAlgorithmContext(_)
        | webpki::Error::UnsupportedSignatureAlgorithmForPublicKeyContext(_) => {
            "a certificate in the chain is signed with an algorithm clients refuse (SHA-1, MD5 or a weak key)".into()
        }
        webpki::Error::InvalidSignatureForPublicKey => {
            "a signature in the chain does not verify".into()
        }
        webpki::Error::CaUsedAsEndEntity => "the leaf is a CA certificate".into(),
        webpki::Error::EndEntityUsedAsCa => "a non-CA certificate was used to issue another".into(),
        webpki::Error::CertExpired { .. } => "a certificate in the chain has expired".into(),
        webpki::Error::CertNotValidYet { .. } => "a certificate in the chain is not valid yet".into(),
        webpki::Error::RequiredEkuNotFoundContext(_) => {
            "the certificate is not for TLS servers (extended key usage)".into()
        }
        webpki::Error::CertDistrusted => "the issuing key is distrusted".into(),
        other => format!("verification failed ({other:?})"),
    }
}

/// A distinguished name as openssl-style text, from the inner bytes of a Name.
fn name_text(inner: &[u8]) -> String {
    let mut der = vec![0x30];
    let length = inner.len();
    if length < 0x80 {
        der.push(length as u8);
    } else {
        let bytes: Vec<u8> = length
            .to_be_bytes()
            .into_iter()
            .skip_while(|&b| b == 0)
            .collect();
        der.push(0x80 | bytes.len() as u8);
        der.extend(bytes);
    }
    der.extend_from_slice(inner);
    X509Name::from_der(&der)
        .map(|(_, name)| name.to_string())
        .unwrap_or_else(|_| "(unreadable name)".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::certs::test_pki::Pki;

    fn parse_all(chain: &[Vec<u8>]) -> Vec<Certificate> {
        chain
            .iter()
            .map(|der| Certificate::parse(der).unwrap())
            .collect()
    }

    fn ca_store(pki: &Pki) -> TrustStore {
        TrustStore::from_certificates("ca-file", &[CertificateDer::from(pki.root_der())]).0
    }

    #[test]
    fn a_complete_chain_is_trusted_and_the_built_chain_ends_at_the_root() {
        let pki = Pki::new();
        let chain = vec![pki.leaf(&["localhost"], -1, 90), pki.intermediate_der()];
        let trust = verify(
            &chain,
            &parse_all(&chain),
            &[TrustStore::mozilla(), ca_store(&pki)],
            Utc::now(),
        );
        assert_eq!(trust.trusted_by, vec!["ca-file"]);
        assert_eq!(trust.error, None);
        assert_eq!(trust.built_chain.len(), 3, "{:?}", trust.built_chain);
        assert!(
            trust.built_chain[2].contains("triage unit root"),
            "{:?}",
            trust.built_chain
        );
    }

    #[test]
    fn a_missing_intermediate_is_an_unknown_issuer() {
        let pki = Pki::new();
        let chain = vec![pki.leaf(&["localhost"], -1, 90)];
        let trust = verify(&chain, &parse_all(&chain), &[ca_store(&pki)], Utc::now());
        assert!(trust.trusted_by.is_empty());
        assert!(trust.unknown_issuer);
        assert!(trust.error.unwrap().contains("issuer not trusted"));
    }

    #[test]
    fn an_expired_chain_is_still_judged_for_trust() {
        let pki = Pki::new();
        let chain = vec![pki.leaf(&["localhost"], -100, -2), pki.intermediate_der()];
        let trust = verify(&chain, &parse_all(&chain), &[ca_store(&pki)], Utc::now());
        assert_eq!(trust.trusted_by, vec!["ca-file"], "{:?}", trust.error);
    }

    #[test]
    fn a_self_signed_leaf_in_the_ca_file_is_trusted() {
        let leaf = Pki::self_signed(&["localhost"], -1, 30);
        let chain = vec![leaf.clone()];
        let (store, _) = TrustStore::from_certificates("ca-file", &[CertificateDer::from(leaf)]);
        let trust = verify(
            &chain,
            &parse_all(&chain),
            &[TrustStore::mozilla(), store],
            Utc::now(),
        );
        assert_eq!(trust.trusted_by, vec!["ca-file"]);
    }

    #[test]
    fn anchor_names_are_readable() {
        let pki = Pki::new();
        let (store, errors) =
            TrustStore::from_certificates("ca-file", &[CertificateDer::from(pki.root_der())]);
        assert!(errors.is_empty());
        assert!(name_text(store.anchors[0].subject.as_ref()).contains("CN=triage unit root"));
    }
}
