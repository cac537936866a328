//! TLS endpoints. The handshake here captures whatever chain the server
//! presents — expired, self-signed or for another host — because judging the
//! chain is the analysis' job, not the handshake's; the server must still prove
//! it holds the leaf's private key.

pub mod observation;

use crate::config::settings::TlsTarget;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpStream;

/// Accepts any certificate chain but checks the handshake signatures, so the
/// peer still proves possession of the key of the certificate it presented.
#[derive(Debug)]
pub struct AcceptAnyChain {
    algorithms: rustls::crypto::WebPkiSupportedAlgorithms,
}

impl AcceptAnyChain {
    pub fn new() -> Self {
        let provider = rustls::crypto::CryptoProvider::get_default()
            .cloned()
            .unwrap_or_else(|| Arc::new(rustls::crypto::aws_lc_rs::default_provider()));
        AcceptAnyChain {
            algorithms: provider.signature_verification_algorithms,
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
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
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

/// A client config that captures any chain (see [`AcceptAnyChain`]).
pub fn capturing_client_config() -> rustls::ClientConfig {
    rustls::ClientConfig::builder()
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(AcceptAnyChain::new()))
        .with_no_client_auth()
}

/// What one handshake showed.
#[derive(Debug, Clone)]
pub struct Handshake {
    pub protocol: String,
    pub cipher_suite: String,
    /// The presented chain, leaf first, as DER.
    pub chain: Vec<Vec<u8>>,
}

/// Connects and completes a TLS handshake, capturing the presented chain.
pub async fn handshake(target: &TlsTarget, timeout: Duration) -> Result<Handshake, String> {
    let address = target.address();
    let attempt = async {
        let tcp = TcpStream::connect(&address).await.map_err(|err| {
            format!(
                "cannot connect to {address}: {}",
                super::cause::describe_io(&err)
            )
        })?;
        let server_name = ServerName::try_from(target.sni.clone())
            .map_err(|_| format!("'{}' is not a valid TLS server name", target.sni))?;
        let connector = tokio_rustls::TlsConnector::from(Arc::new(capturing_client_config()));
        let stream = connector
            .connect(server_name, tcp)
            .await
            .map_err(|err| format!("TLS handshake with {address} failed: {err}"))?;
        let (_, session) = stream.get_ref();
        Ok(Handshake {
            protocol: session
                .protocol_version()
                .map(|version| format!("{version:?}").replace("TLSv1_", "TLS 1."))
                .unwrap_or_default(),
            cipher_suite: session
                .negotiated_cipher_suite()
                .map(|suite| format!("{:?}", suite.suite()))
                .unwrap_or_default(),
            chain: session
                .peer_certificates()
                .unwrap_or_default()
                .iter()
                .map(|cert| cert.to_vec())
                .collect(),
        })
    };
    tokio::time::timeout(timeout, attempt)
        .await
        .unwrap_or_else(|_| {
            Err(format!(
                "no TLS handshake with {address} within {}",
                crate::time_arg::format_duration(timeout)
            ))
        })
}

/// Only checks that the port accepts a TCP connection (for STARTTLS targets,
/// whose upgrade is negotiated by `triage certs check`).
pub async fn tcp_reachable(target: &TlsTarget, timeout: Duration) -> Result<(), String> {
    let address = target.address();
    match tokio::time::timeout(timeout, TcpStream::connect(&address)).await {
        Ok(Ok(_)) => Ok(()),
        Ok(Err(err)) => Err(format!(
            "cannot connect to {address}: {}",
            super::cause::describe_io(&err)
        )),
        Err(_) => Err(format!(
            "no TCP connection to {address} within {}",
            crate::time_arg::format_duration(timeout)
        )),
    }
}

/// The leaf certificate's subject and remaining validity, for a status line.
pub fn describe_leaf(der: &[u8], now: chrono::DateTime<chrono::Utc>) -> Option<String> {
    let (_, cert) = x509_parser::parse_x509_certificate(der).ok()?;
    let not_after = cert.validity().not_after.timestamp();
    let days = (not_after - now.timestamp()) as f64 / 86_400.0;
    let subject = cert.subject().to_string();
    Some(if days < 0.0 {
        format!("{subject}, expired {:.1} days ago", -days)
    } else {
        format!("{subject}, expires in {days:.1} days")
    })
}
