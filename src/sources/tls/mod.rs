//! TLS endpoints. The handshake here captures whatever chain the server
//! presents — expired, self-signed or for another host — because judging the
//! chain is the analysis' job, not the handshake's; the server must still prove
//! it holds the leaf's private key.

pub mod fetch;
pub mod files;
pub mod observation;
pub mod trust_stores;

use crate::config::settings::TlsTarget;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Where a capturing verifier leaves the chain it was shown (leaf first, DER).
pub type ChainSlot = Arc<Mutex<Vec<Vec<u8>>>>;

/// Accepts any certificate chain but checks the handshake signatures, so the
/// peer still proves possession of the key of the certificate it presented.
#[derive(Debug)]
pub struct AcceptAnyChain {
    algorithms: rustls::crypto::WebPkiSupportedAlgorithms,
    /// Filled before the handshake signature is checked, so a chain whose key
    /// is too weak to complete the handshake is still seen.
    captured: Option<ChainSlot>,
}

impl AcceptAnyChain {
    pub fn new() -> Self {
        let provider = rustls::crypto::CryptoProvider::get_default()
            .cloned()
            .unwrap_or_else(|| Arc::new(rustls::crypto::aws_lc_rs::default_provider()));
        AcceptAnyChain {
            algorithms: provider.signature_verification_algorithms,
            captured: None,
        }
    }

    /// A verifier that also records the presented chain in `slot`.
    pub fn capturing(slot: ChainSlot) -> Self {
        AcceptAnyChain {
            captured: Some(slot),
            ..AcceptAnyChain::new()
        }
    }
}

impl Default for AcceptAnyChain {
    fn default() -> Self {
        Self::new()
    }
}

impl ServerCertVerifier for AcceptAnyChain {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        if let Some(slot) = &self.captured {
            let chain = std::iter::once(end_entity)
                .chain(intermediates)
                .map(|cert| cert.to_vec())
                .collect();
            *slot.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = chain;
        }
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}

/// A client config that captures any chain into `slot` (see [`AcceptAnyChain`])
/// and notes in `asked_for_client_certificate` whether the server wanted one.
/// Session resumption is off: a resumed session presents no certificate.
pub fn capturing_client_config(
    slot: ChainSlot,
    asked_for_client_certificate: Arc<AtomicBool>,
) -> rustls::ClientConfig {
    let mut config = rustls::ClientConfig::builder()
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(AcceptAnyChain::capturing(slot)))
        .with_client_cert_resolver(Arc::new(NoteCertificateRequest(
            asked_for_client_certificate,
        )));
    config.resumption = rustls::client::Resumption::disabled();
    config
}

/// Has no client certificate, but remembers that the server asked for one, so
/// a mutual-TLS server's refusal is not mistaken for a broken endpoint.
#[derive(Debug)]
struct NoteCertificateRequest(Arc<AtomicBool>);

impl rustls::client::ResolvesClientCert for NoteCertificateRequest {
    fn resolve(
        &self,
        _root_hint_subjects: &[&[u8]],
        _sigschemes: &[SignatureScheme],
    ) -> Option<Arc<rustls::sign::CertifiedKey>> {
        self.0.store(true, Ordering::SeqCst);
        None
    }

    fn has_certs(&self) -> bool {
        false
    }
}

/// `config check --connect`: one handshake (after STARTTLS when configured)
/// with the first address, described in a line.
pub async fn probe(target: &TlsTarget, timeout: Duration) -> Result<String, String> {
    let endpoint = fetch::Endpoint::from_settings(target);
    let limits = fetch::Limits {
        connect_timeout: timeout,
        handshake_timeout: timeout,
        concurrency: 1,
        deadline: tokio::time::Instant::now() + timeout,
        every_address: false,
    };
    let observation = fetch::fetch_all(vec![endpoint], &limits)
        .await
        .into_iter()
        .next()
        .ok_or("no address to connect to")?;
    if let Some(error) = observation.error {
        return Err(error.message);
    }
    let leaf = observation
        .chain
        .first()
        .map(|der| describe_leaf(der, chrono::Utc::now()))
        .unwrap_or_else(|| "no certificate".into());
    Ok(format!(
        "{} {}, {leaf}",
        observation.protocol.unwrap_or_default(),
        observation.cipher_suite.unwrap_or_default()
    ))
}

/// The leaf certificate's subject and remaining validity, for a status line.
fn describe_leaf(der: &[u8], now: chrono::DateTime<chrono::Utc>) -> String {
    match crate::analyze::certs::certificate::Certificate::parse(der) {
        Ok(cert) => {
            let days = (cert.not_after - now).num_seconds() as f64 / 86_400.0;
            let left = crate::analyze::certs::thresholds::days_text(days);
            if days < 0.0 {
                format!("{}, expired {left} ago", cert.subject)
            } else {
                format!("{}, expires in {left}", cert.subject)
            }
        }
        Err(err) => err,
    }
}
