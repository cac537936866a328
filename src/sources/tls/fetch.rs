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
    pub fn from_settings(target: &TlsTarget) -> Endpoint {
        Endpoint {
            target: target.name.clone(),
            host: target.host.clone(),
            port: target.port,
            server_name: target.sni.clone(),
            connect_to: target.connect_to.clone(),
            starttls: target.starttls,
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
    let mut tasks = tokio::task::JoinSet::new();
    for (index, endpoint) in endpoints.into_iter().enumerate() {
        let limits = limits.clone();
        let permits = permits.clone();
        // A task per endpoint, so handshakes spread over every core.
        tasks.spawn(async move { (index, fetch_endpoint(endpoint, &limits, &permits).await) });
    }
    let mut results = Vec::new();
    while let Some(joined) = tasks.join_next().await {
        if let Ok(result) = joined {
            results.push(result);
        }
    }
    results.sort_by_key(|(index, _)| *index);
    results
        .into_iter()
        .flat_map(|(_, observations)| observations)
        .collect()
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
    let mut tasks = tokio::task::JoinSet::new();
    for (index, address) in addresses.into_iter().enumerate() {
        let endpoint = endpoint.clone();
        let limits = limits.clone();
        let permits = permits.clone();
        tasks.spawn(async move {
            (
                index,
                fetch_address(&endpoint, address, &limits, &permits).await,
            )
        });
    }
    let mut observations = Vec::new();
    while let Some(joined) = tasks.join_next().await {
        if let Ok(result) = joined {
            observations.push(result);
        }
    }
    observations.sort_by_key(|(index, _)| *index);
    observations
        .into_iter()
        .map(|(_, observation)| observation)
        .collect()
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
    let outcome = timeout_at(
        limits.deadline,
        handshake(endpoint, address, limits, slot.clone()),
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
        let connector = tokio_rustls::TlsConnector::from(Arc::new(capturing_client_config(slot)));
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
