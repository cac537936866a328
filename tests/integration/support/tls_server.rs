//! TLS endpoints on loopback with certificates made in the test (rcgen),
//! served by an in-process rustls server.

use super::accept_loop::AcceptLoop;
use std::net::TcpStream;
use std::sync::Arc;

pub struct TlsServer {
    pub port: u16,
    _server: AcceptLoop,
}

impl TlsServer {
    /// Serves a self-signed certificate for `name`, valid from `not_before_days`
    /// to `not_after_days` relative to now (negative: in the past).
    pub fn self_signed(name: &str, not_before_days: i64, not_after_days: i64) -> TlsServer {
        let params = leaf_params(name, not_before_days, not_after_days);
        let key = rcgen::KeyPair::generate().unwrap();
        let cert = params.self_signed(&key).unwrap();
        TlsServer::serving(vec![cert.der().clone()], &key)
    }

    /// Serves `chain` (leaf first) with the leaf's `key`.
    pub fn serving(
        chain: Vec<rustls::pki_types::CertificateDer<'static>>,
        key: &rcgen::KeyPair,
    ) -> TlsServer {
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(
                chain,
                rustls::pki_types::PrivateKeyDer::try_from(key.serialize_der()).unwrap(),
            )
            .unwrap();
        let config = Arc::new(config);
        let server = AcceptLoop::start(move |stream| handshake(stream, config.clone()));
        TlsServer {
            port: server.port,
            _server: server,
        }
    }
}

fn handshake(mut stream: TcpStream, config: Arc<rustls::ServerConfig>) {
    let _ = stream.set_read_timeout(Some(std::time::Duration::from_secs(5)));
    let mut connection = rustls::ServerConnection::new(config).unwrap();
    while connection.is_handshaking() {
        if connection.complete_io(&mut stream).is_err() {
            return;
        }
    }
    let _ = connection.complete_io(&mut stream);
}

/// A CA of the lab that issues leaves for `localhost` (or another name)
/// valid from/to days relative to now; its PEM goes into the trust store of
/// the triage under test (SSL_CERT_FILE), so a "valid" endpoint is trusted.
pub struct LabCa {
    issuer: rcgen::Issuer<'static, rcgen::KeyPair>,
    pub pem: String,
}

impl LabCa {
    pub fn new() -> LabCa {
        let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, "triage lab CA");
        let key = rcgen::KeyPair::generate().unwrap();
        let cert = params.self_signed(&key).unwrap();
        LabCa {
            pem: cert.pem(),
            issuer: rcgen::Issuer::new(params, key),
        }
    }

    /// A TLS server presenting a leaf for `name` issued by this CA.
    pub fn serve(&self, name: &str, not_before_days: i64, not_after_days: i64) -> TlsServer {
        let params = leaf_params(name, not_before_days, not_after_days);
        let key = rcgen::KeyPair::generate().unwrap();
        let cert = params.signed_by(&key, &self.issuer).unwrap();
        TlsServer::serving(vec![cert.der().clone()], &key)
    }
}

/// A leaf's parameters: `name` as CN and subjectAltName, valid from/to days relative to now.
fn leaf_params(name: &str, not_before_days: i64, not_after_days: i64) -> rcgen::CertificateParams {
    let mut params = rcgen::CertificateParams::new(vec![name.to_string()]).unwrap();
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, name);
    let now = time_now();
    params.not_before = now + rcgen_days(not_before_days);
    params.not_after = now + rcgen_days(not_after_days);
    params
}

fn time_now() -> time::OffsetDateTime {
    time::OffsetDateTime::now_utc()
}

fn rcgen_days(days: i64) -> time::Duration {
    time::Duration::days(days)
}
