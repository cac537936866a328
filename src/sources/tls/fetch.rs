//! Fetching chains from live endpoints: resolve every address of a name,
//! connect, speak STARTTLS when the protocol needs it, and complete a
//! handshake that captures the presented chain. Bounded everywhere — a
//! connection limit, a connect timeout, a handshake timeout and one overall
//! deadline — so a hundred filtered ports cost one timeout, not a hundred.

use super::observation::{FetchError, FetchErrorKind, Observation, Origin};
use super::{ChainSlot, capturing_client_config};
use crate::config::file::StartTls;
use crate::config::settings::TlsTarget;
use crate::sources::starttls;
use crate::time_arg::format_duration;
use rustls::pki_types::ServerName;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tokio::net::TcpStream;
use tokio::sync::Semaphore;
use tokio::time::{Instant, timeout, timeout_at};

/// One endpoint to check, as the user named it.
#[derive(Debug, Clone, PartialEq)]
pub struct Endpoint {
    /// How the endpoint is shown: `host:port` (or the config's name).
    pub target: String,
    pub host: String,
    pub port: u16,
    /// Sent as SNI and checked against the certificate.
    pub server_name: String,
    /// Connect here instead of resolving `host` (one backend behind a balancer).
    pub connect_to: Option<String>,
    pub starttls: Option<StartTls>,
}

impl Endpoint {
    /// A config endpoint; STARTTLS from the port when the config is silent.
    pub fn from_settings(target: &TlsTarget) -> Endpoint {
        Endpoint {
            target: target.name.clone(),
            host: target.host.clone(),
            port: target.port,
            server_name: target.sni.clone(),
            connect_to: target.connect_to.clone(),
            starttls: target.starttls.or_else(|| starttls::for_port(target.port)),
        }
    }
}

/// The bounds of one run.
#[derive(Debug, Clone)]
pub struct Limits {
    pub connect_timeout: Duration,
    /// For the STARTTLS exchange and the TLS handshake together.
    pub handshake_timeout: Duration,
    /// Connections (and DNS lookups) in flight at once.
    pub concurrency: usize,
    /// Nothing runs past this; what hasn't finished is reported as such.
    pub deadline: Instant,
    /// Check every address a name resolves to (round-robin backends can
    /// disagree), or only the first.
    pub every_address: bool,
}

/// Fetches every endpoint's chain on every address, in the endpoints' order.
pub async fn fetch_all(endpoints: Vec<Endpoint>, limits: &Limits) -> Vec<Observation> {
    let permits = Arc::new(Semaphore::new(limits.concurrency.max(1)));
    // A task per endpoint, so handshakes spread over every core; awaited in
    // order, so the report keeps the order the targets were given.
    let tasks: Vec<_> = endpoints
        .into_iter()
        .map(|endpoint| {
            let limits = limits.clone();
            let permits = permits.clone();
            let shown = endpoint.clone();
            let task =
                tokio::spawn(async move { fetch_endpoint(endpoint, &limits, &permits).await });
            (shown, task)
        })
        .collect();
    let mut observations = Vec::new();
    for (endpoint, task) in tasks {
        match task.await {
            Ok(found) => observations.extend(found),
            Err(err) => observations.push(crashed(&endpoint, None, &err)),
        }
    }
    observations
}

async fn fetch_endpoint(
    endpoint: Endpoint,
    limits: &Limits,
    permits: &Arc<Semaphore>,
) -> Vec<Observation> {
    let addresses = {
        let Ok(_permit) = timeout_at(limits.deadline, permits.acquire()).await else {
            return vec![failed(&endpoint, None, deadline_error(), Duration::ZERO)];
        };
        let started = Instant::now();
        match timeout_at(limits.deadline, resolve(&endpoint, limits.connect_timeout)).await {
            Ok(Ok(addresses)) => addresses,
            Ok(Err(error)) => return vec![failed(&endpoint, None, error, started.elapsed())],
            Err(_) => return vec![failed(&endpoint, None, deadline_error(), started.elapsed())],
        }
    };
    let addresses = if limits.every_address {
        addresses
    } else {
        addresses.into_iter().take(1).collect()
    };
    fetch_addresses(endpoint, addresses, limits, permits).await
}

/// Each address on its own connection, labelled by IP: round-robin backends can disagree.
async fn fetch_addresses(
    endpoint: Endpoint,
    addresses: Vec<SocketAddr>,
    limits: &Limits,
    permits: &Arc<Semaphore>,
) -> Vec<Observation> {
    let endpoint = Arc::new(endpoint);
    let tasks: Vec<_> = addresses
        .into_iter()
        .map(|address| {
            let endpoint = endpoint.clone();
            let limits = limits.clone();
            let permits = permits.clone();
            let task =
                tokio::spawn(
                    async move { fetch_address(&endpoint, address, &limits, &permits).await },
                );
            (address, task)
        })
        .collect();
    let mut observations = Vec::new();
    for (address, task) in tasks {
        match task.await {
            Ok(observation) => observations.push(observation),
            Err(err) => observations.push(crashed(&endpoint, Some(address), &err)),
        }
    }
    without_unroutable_ipv6(observations)
}

/// A monitoring host without IPv6 cannot reach a dual-stack name's AAAA
/// addresses; when an IPv4 address of the name answered, those are noise.
fn without_unroutable_ipv6(observations: Vec<Observation>) -> Vec<Observation> {
    let is_v6 = |o: &Observation| o.address.as_deref().is_some_and(|a| a.starts_with('['));
    let unroutable = |o: &Observation| {
        is_v6(o)
            && o.error.as_ref().is_some_and(|e| {
                e.kind == FetchErrorKind::Network && e.message.contains("unreachable")
            })
    };
    let v4_answered = observations
        .iter()
        .any(|o| !is_v6(o) && !o.chain.is_empty());
    if !v4_answered {
        return observations;
    }
    observations
        .into_iter()
        .filter(|o| {
            let skip = unroutable(o);
            if skip {
                tracing::info!(
                    "{}: skipping {:?}, no IPv6 route from here",
                    o.target,
                    o.address
                );
            }
            !skip
        })
        .collect()
}

/// A fetch that panicked is reported, never silently dropped.
fn crashed(
    endpoint: &Endpoint,
    address: Option<SocketAddr>,
    err: &tokio::task::JoinError,
) -> Observation {
    failed(
        endpoint,
        address,
        FetchError {
            kind: FetchErrorKind::Network,
            message: format!("the check itself failed ({err}); please report this"),
        },
        Duration::ZERO,
    )
}

/// Every address of the name (or `connect_to`), in the resolver's order, once each.
async fn resolve(endpoint: &Endpoint, within: Duration) -> Result<Vec<SocketAddr>, FetchError> {
    let host = endpoint.connect_to.as_deref().unwrap_or(&endpoint.host);
    if let Ok(ip) = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .parse::<IpAddr>()
    {
        return Ok(vec![SocketAddr::new(ip, endpoint.port)]);
    }
    let lookup = tokio::net::lookup_host((host, endpoint.port));
    let found = match timeout(within, lookup).await {
        Ok(Ok(found)) => found,
        Ok(Err(err)) => {
            let reason = err.to_string();
            let reason = reason
                .strip_prefix("failed to lookup address information: ")
                .unwrap_or(&reason);
            return Err(FetchError {
                kind: FetchErrorKind::Dns,
                message: format!("cannot resolve '{host}': {reason}"),
            });
        }
        Err(_) => {
            return Err(FetchError {
                kind: FetchErrorKind::Dns,
                message: format!(
                    "no DNS answer for '{host}' within {}",
                    format_duration(within)
                ),
            });
        }
    };
    let mut addresses: Vec<SocketAddr> = Vec::new();
    for address in found {
        if !addresses.contains(&address) {
            addresses.push(address);
        }
    }
    if addresses.is_empty() {
        return Err(FetchError {
            kind: FetchErrorKind::Dns,
            message: format!("'{host}' resolves to no address"),
        });
    }
    Ok(addresses)
}

async fn fetch_address(
    endpoint: &Endpoint,
    address: SocketAddr,
    limits: &Limits,
    permits: &Semaphore,
) -> Observation {
    let Ok(_permit) = timeout_at(limits.deadline, permits.acquire()).await else {
        return failed(endpoint, Some(address), deadline_error(), Duration::ZERO);
    };
    let started = Instant::now();
    let slot = ChainSlot::default();
    let asked = Arc::new(AtomicBool::new(false));
    let outcome = timeout_at(
        limits.deadline,
        handshake(endpoint, address, limits, slot.clone(), asked.clone()),
    )
    .await
    .unwrap_or_else(|_| Err(deadline_error()));
    let chain = std::mem::take(&mut *slot.lock().unwrap_or_else(|poisoned| poisoned.into_inner()));
    let mut observation = failed(endpoint, Some(address), deadline_error(), started.elapsed());
    observation.chain = chain;
    match outcome {
        Ok((protocol, cipher_suite)) => {
            observation.error = None;
            observation.protocol = Some(protocol);
            observation.cipher_suite = Some(cipher_suite);
        }
        Err(error) if asked.load(Ordering::SeqCst) && error.kind == FetchErrorKind::Handshake => {
            observation.error = Some(FetchError {
                kind: FetchErrorKind::ClientCertificateRequired,
                message: format!(
                    "the server requires a client certificate (mutual TLS) and closed the handshake without one; its own chain was checked ({})",
                    error.message
                ),
            })
        }
        Err(error) => observation.error = Some(error),
    }
    observation
}

/// Connect, STARTTLS if asked, handshake; the chain lands in `slot` even when
/// the handshake then fails. Returns the protocol version and cipher suite.
async fn handshake(
    endpoint: &Endpoint,
    address: SocketAddr,
    limits: &Limits,
    slot: ChainSlot,
    asked_for_client_certificate: Arc<AtomicBool>,
) -> Result<(String, String), FetchError> {
    let error = |kind, message| FetchError { kind, message };
    let mut tcp = match timeout(limits.connect_timeout, TcpStream::connect(address)).await {
        Ok(Ok(tcp)) => tcp,
        Ok(Err(err)) if err.kind() == std::io::ErrorKind::ConnectionRefused => {
            return Err(error(
                FetchErrorKind::Refused,
                format!("connection refused by {address}: nothing listens on the port"),
            ));
        }
        Ok(Err(err)) => {
            return Err(error(
                FetchErrorKind::Network,
                format!(
                    "cannot connect to {address}: {}",
                    crate::sources::cause::describe_io(&err)
                ),
            ));
        }
        Err(_) => {
            return Err(error(
                FetchErrorKind::Timeout,
                format!(
                    "no TCP connection to {address} within {} (a firewall dropping packets?)",
                    format_duration(limits.connect_timeout)
                ),
            ));
        }
    };
    let _ = tcp.set_nodelay(true);
    let server_name = ServerName::try_from(endpoint.server_name.clone()).map_err(|_| {
        error(
            FetchErrorKind::Handshake,
            format!("'{}' is not a valid TLS server name", endpoint.server_name),
        )
    })?;
    let within = limits.handshake_timeout;
    let exchange = async {
        if let Some(protocol) = endpoint.starttls {
            starttls::negotiate(&mut tcp, protocol)
                .await
                .map_err(|message| error(FetchErrorKind::StartTls, message))?;
        }
        let connector = tokio_rustls::TlsConnector::from(Arc::new(capturing_client_config(
            slot,
            asked_for_client_certificate,
        )));
        let stream = connector
            .connect(server_name, tcp)
            .await
            .map_err(|err| classify(&err, address))?;
        let (_, session) = stream.get_ref();
        Ok((
            session
                .protocol_version()
                .map(|version| format!("{version:?}").replace("TLSv1_", "TLS 1."))
                .unwrap_or_default(),
            session
                .negotiated_cipher_suite()
                .map(|suite| format!("{:?}", suite.suite()))
                .unwrap_or_default(),
        ))
    };
    match timeout(within, exchange).await {
        Ok(result) => result,
        Err(_) => Err(error(
            FetchErrorKind::Timeout,
            format!(
                "{address} accepted the connection but completed no {}handshake within {}",
                if endpoint.starttls.is_some() {
                    "STARTTLS/TLS "
                } else {
                    "TLS "
                },
                format_duration(within)
            ),
        )),
    }
}

/// What a failed handshake means, in words an operator can act on.
fn classify(err: &std::io::Error, address: SocketAddr) -> FetchError {
    use rustls::{AlertDescription, Error as Tls, PeerIncompatible};
    let tls = err.get_ref().and_then(|inner| inner.downcast_ref::<Tls>());
    let (kind, message) = match tls {
        Some(Tls::InvalidMessage(_)) => (
            FetchErrorKind::NotTls,
            format!(
                "{address} does not speak TLS (plain HTTP or another protocol? for STARTTLS use --starttls)"
            ),
        ),
        Some(Tls::PeerIncompatible(PeerIncompatible::ServerTlsVersionIsDisabledByOurConfig))
        | Some(Tls::AlertReceived(AlertDescription::ProtocolVersion)) => (
            FetchErrorKind::OldTlsVersion,
            format!(
                "peer requires a TLS version below 1.2: {address} only speaks TLS 1.0/1.1, which triage (like current browsers) refuses"
            ),
        ),
        Some(Tls::AlertReceived(AlertDescription::HandshakeFailure)) => (
            FetchErrorKind::Handshake,
            format!(
                "{address} refused the handshake (handshake_failure alert): no cipher suite in common? triage, like browsers, offers only ECDHE with AES-GCM or ChaCha20"
            ),
        ),
        Some(Tls::AlertReceived(alert)) => (
            FetchErrorKind::Handshake,
            format!("{address} refused the handshake with a {alert:?} alert"),
        ),
        Some(other) => (
            FetchErrorKind::Handshake,
            format!("TLS handshake with {address} failed: {other}"),
        ),
        None if matches!(
            err.kind(),
            std::io::ErrorKind::UnexpectedEof | std::io::ErrorKind::ConnectionReset
        ) =>
        {
            (
                FetchErrorKind::Handshake,
                format!("{address} closed the connection during the TLS handshake"),
            )
        }
        None => (
            FetchErrorKind::Handshake,
            format!(
                "TLS handshake with {address} failed: {}",
                crate::sources::cause::describe_io(err)
            ),
        ),
    };
    FetchError { kind, message }
}

fn deadline_error() -> FetchError {
    FetchError {
        kind: FetchErrorKind::Deadline,
        message: "not checked before the overall deadline (raise --timeout, or --concurrency)"
            .into(),
    }
}

fn failed(
    endpoint: &Endpoint,
    address: Option<SocketAddr>,
    error: FetchError,
    took: Duration,
) -> Observation {
    Observation {
        target: endpoint.target.clone(),
        origin: Origin::Endpoint,
        server_name: Some(endpoint.server_name.clone()),
        address: address.map(|address| address.to_string()),
        starttls: endpoint.starttls,
        protocol: None,
        cipher_suite: None,
        chain: Vec::new(),
        error: Some(error),
        duration_ms: took.as_millis() as u64,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A TLS server on 127.0.0.1 with a self-signed certificate, for a few handshakes.
    async fn serve_once() -> u16 {
        let cert = rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).unwrap();
        let key =
            rustls::pki_types::PrivateKeyDer::try_from(cert.signing_key.serialize_der()).unwrap();
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(vec![cert.cert.der().clone()], key)
            .unwrap();
        serve(config).await
    }

    /// Accepts TLS connections with `config` on a loopback port, for the test's lifetime.
    async fn serve(config: rustls::ServerConfig) -> u16 {
        let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        tokio::spawn(async move {
            while let Ok((tcp, _)) = listener.accept().await {
                let acceptor = acceptor.clone();
                tokio::spawn(async move {
                    let _ = acceptor.accept(tcp).await;
                });
            }
        });
        port
    }

    #[tokio::test]
    async fn a_server_that_wants_a_client_certificate_still_shows_its_chain() {
        let cert = rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).unwrap();
        let key =
            rustls::pki_types::PrivateKeyDer::try_from(cert.signing_key.serialize_der()).unwrap();
        let mut roots = rustls::RootCertStore::empty();
        roots.add(cert.cert.der().clone()).unwrap();
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let verifier = rustls::server::WebPkiClientVerifier::builder_with_provider(
            Arc::new(roots),
            provider.clone(),
        )
        .build()
        .unwrap();
        // TLS 1.2: the server refuses before the client's handshake completes.
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_protocol_versions(&[&rustls::version::TLS12])
            .unwrap()
            .with_client_cert_verifier(verifier)
            .with_single_cert(vec![cert.cert.der().clone()], key)
            .unwrap();
        let port = serve(config).await;
        let endpoint = Endpoint {
            target: format!("127.0.0.1:{port}"),
            host: "127.0.0.1".into(),
            port,
            server_name: "localhost".into(),
            connect_to: None,
            starttls: None,
        };
        let observations = fetch_all(vec![endpoint], &limits()).await;
        assert_eq!(
            observations[0].chain.len(),
            1,
            "{:?}",
            observations[0].error
        );
        let error = observations[0].error.as_ref().unwrap();
        assert_eq!(
            error.kind,
            FetchErrorKind::ClientCertificateRequired,
            "{}",
            error.message
        );
    }

    fn limits() -> Limits {
        Limits {
            connect_timeout: Duration::from_secs(2),
            handshake_timeout: Duration::from_secs(2),
            concurrency: 4,
            deadline: Instant::now() + Duration::from_secs(5),
            every_address: true,
        }
    }

    #[tokio::test]
    async fn every_address_of_a_name_is_checked_and_labelled() {
        let port = serve_once().await;
        let endpoint = Endpoint {
            target: "api.example.com".into(),
            host: "api.example.com".into(),
            port,
            server_name: "localhost".into(),
            connect_to: None,
            starttls: None,
        };
        // Two backends: one serves, the other (127.0.0.2, where nothing listens) is down.
        let addresses = vec![
            SocketAddr::from(([127, 0, 0, 1], port)),
            SocketAddr::from(([127, 0, 0, 2], port)),
        ];
        let permits = Arc::new(Semaphore::new(4));
        let observations = fetch_addresses(endpoint, addresses, &limits(), &permits).await;
        assert_eq!(observations.len(), 2);
        assert_eq!(
            observations[0].address.as_deref(),
            Some(&*format!("127.0.0.1:{port}"))
        );
        assert!(
            observations[0].error.is_none(),
            "{:?}",
            observations[0].error
        );
        assert_eq!(observations[0].chain.len(), 1);
        assert_eq!(
            observations[1].address.as_deref(),
            Some(&*format!("127.0.0.2:{port}"))
        );
        let error = observations[1].error.as_ref().unwrap();
        assert_eq!(error.kind, FetchErrorKind::Refused, "{}", error.message);
    }

    #[tokio::test]
    async fn connect_to_replaces_the_resolved_address() {
        let endpoint = Endpoint {
            target: "lb.example.com".into(),
            host: "lb.example.com".into(),
            port: 8443,
            server_name: "lb.example.com".into(),
            connect_to: Some("10.1.2.3".into()),
            starttls: None,
        };
        let addresses = resolve(&endpoint, Duration::from_secs(1)).await.unwrap();
        assert_eq!(addresses, vec![SocketAddr::from(([10, 1, 2, 3], 8443))]);
    }
}
