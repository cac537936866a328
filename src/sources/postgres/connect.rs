//! Opening the one session triage uses per database: libpq's `sslmode`s on
//! rustls, and session settings that make the connection harmless during an
//! incident (read-only, statement and lock timeouts, named `triage`).

use super::conninfo::{ConnInfo, DEFAULT_PORT, SslMode};
use crate::config::settings::PostgresSettings;
use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, RootCertStore, SignatureScheme};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use tokio_postgres::Client;
use tokio_postgres::config::SslMode as WireSslMode;

/// `application_name` of every triage session.
pub const APPLICATION_NAME: &str = "triage";
/// Where libpq builds look for the server's socket when no host is given:
/// Debian's and Red Hat's directory first, then upstream's.
pub const DEFAULT_SOCKET_DIRS: [&str; 2] = ["/var/run/postgresql", "/tmp"];

/// The first default socket directory that exists on this machine.
pub fn default_socket_dir() -> &'static str {
    DEFAULT_SOCKET_DIRS
        .into_iter()
        .find(|dir| std::path::Path::new(dir).is_dir())
        .unwrap_or(DEFAULT_SOCKET_DIRS[0])
}
/// How long triage waits for a lock before giving up on a statement: it must
/// never join the queue it is investigating.
const LOCK_TIMEOUT_MS: u128 = 1000;

/// Why no session could be opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConnectError {
    /// The server has no free connection slot (SQLSTATE 53300): evidence, not just an error.
    AtConnectionLimit(String),
    Failed(String),
}

impl std::fmt::Display for ConnectError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConnectError::AtConnectionLimit(message) | ConnectError::Failed(message) => {
                f.write_str(message)
            }
        }
    }
}

/// The session settings that make a connection safe to use during an incident.
/// The server's statement timeout ends a second before triage's own deadline
/// (or halfway, for short ones), so a slow statement is stopped by the server,
/// with its own clear error, not abandoned still running.
pub fn safe_session_options(deadline: Duration) -> String {
    let statement_timeout = deadline
        .saturating_sub(Duration::from_secs(1))
        .max(deadline / 2);
    let statement_ms = statement_timeout.as_millis().max(1);
    format!(
        "-c default_transaction_read_only=on -c statement_timeout={statement_ms} -c lock_timeout={}",
        LOCK_TIMEOUT_MS.min(statement_ms)
    )
}

/// Opens one read-only session within `timeout`. Only one: a pool could make exhaustion worse.
pub async fn connect(
    settings: &PostgresSettings,
    timeout: Duration,
) -> Result<Client, ConnectError> {
    let info = &settings.conninfo;
    let failed = ConnectError::Failed;
    let mut config = wire_config(info, &settings.default_user, timeout);
    let tls = tls_plan(info, &settings.home).map_err(failed)?;
    let attempt = async {
        match tls {
            TlsPlan::Plain => open(&config, None).await,
            TlsPlan::Encrypted { mode, client } => {
                config.ssl_mode(mode);
                open(&config, Some(client)).await
            }
            TlsPlan::PlainThenEncrypted { client } => {
                // libpq's `allow`: plain first, TLS only when the server turns plain away.
                match open(&config, None).await {
                    Err(err) if err.as_db_error().is_some() => {
                        config.ssl_mode(WireSslMode::Require);
                        open(&config, Some(client)).await
                    }
                    other => other,
                }
            }
        }
    };
    match tokio::time::timeout(timeout, attempt).await {
        Ok(Ok(client)) => Ok(client),
        Ok(Err(err)) => {
            let message = describe(&err);
            if is_server_full(&err) {
                Err(ConnectError::AtConnectionLimit(message))
            } else {
                Err(failed(message))
            }
        }
        Err(_) => Err(failed(format!(
            "no connection within {}",
            crate::time_arg::format_duration(timeout)
        ))),
    }
}

/// SQLSTATE 53300 also answers a role's or a database's own connection limit;
/// only "too many clients" and "slots are reserved" mean the server is full.
fn is_server_full(err: &tokio_postgres::Error) -> bool {
    err.as_db_error().is_some_and(|db| {
        *db.code() == tokio_postgres::error::SqlState::TOO_MANY_CONNECTIONS
            && (db.message().contains("too many clients")
                || db.message().contains("connection slots are reserved"))
    })
}

async fn open(
    config: &tokio_postgres::Config,
    tls: Option<rustls::ClientConfig>,
) -> Result<Client, tokio_postgres::Error> {
    match tls {
        None => {
            let (client, connection) = config.connect(tokio_postgres::NoTls).await?;
            tokio::spawn(connection);
            Ok(client)
        }
        Some(tls) => {
            let tls = tokio_postgres_rustls::MakeRustlsConnect::new(tls);
            let (client, connection) = config.connect(tls).await?;
            tokio::spawn(connection);
            Ok(client)
        }
    }
}

/// The cause in words, with hints for what on-call can do: a pooler that
/// refuses triage's settings, a name mismatch, a peer that is not PostgreSQL.
fn describe(err: &tokio_postgres::Error) -> String {
    let text = super::describe_error(err);
    if text.contains("unsupported startup parameter") {
        return format!(
            "{text} (a connection pooler such as PgBouncer? point triage at PostgreSQL itself: it needs its read-only session settings)"
        );
    }
    if text.contains("not valid for this host name") {
        return format!(
            "{text} (a certificate with only a CN and no subjectAltName is not valid for any name; sslmode=verify-ca checks the chain alone)"
        );
    }
    let garbled = [
        "bytes remaining on stream",
        "unexpected message",
        "error parsing",
    ];
    if err.as_db_error().is_none()
        && garbled
            .iter()
            .any(|sign| text.contains(sign) || err.to_string().contains(sign))
    {
        return format!(
            "the server did not answer in the PostgreSQL protocol (not a PostgreSQL server, or the wrong port?): {text}"
        );
    }
    text
}

/// tokio-postgres's settings for a connection, with libpq's defaults filled in.
fn wire_config(info: &ConnInfo, default_user: &str, timeout: Duration) -> tokio_postgres::Config {
    let mut config = tokio_postgres::Config::new();
    if info.hosts.is_empty() && info.hostaddrs.is_empty() {
        config.host_path(default_socket_dir());
    }
    // With only an address, the address names the server (for TLS, too).
    if info.hosts.is_empty() {
        for address in &info.hostaddrs {
            config.host(address.to_string());
        }
    }
    for host in &info.hosts {
        // An empty entry in a host list is libpq's default host.
        if host.is_empty() {
            config.host_path(default_socket_dir());
        } else if host.starts_with('/') {
            config.host_path(host);
        } else {
            config.host(host);
        }
    }
    for address in &info.hostaddrs {
        config.hostaddr(*address);
    }
    if info.ports.is_empty() {
        config.port(DEFAULT_PORT);
    }
    for port in &info.ports {
        config.port(*port);
    }
    let user = info.user.as_deref().unwrap_or(default_user);
    config.user(user);
    config.dbname(info.dbname.as_deref().unwrap_or(user));
    if let Some(password) = &info.password {
        config.password(password.expose());
    }
    config.application_name(APPLICATION_NAME);
    if info.channel_binding_required {
        config.channel_binding(tokio_postgres::config::ChannelBinding::Require);
    }
    config.options(safe_session_options(timeout));
    config.connect_timeout(info.connect_timeout.map_or(timeout, |t| t.min(timeout)));
    config.ssl_mode(WireSslMode::Disable);
    config
}

enum TlsPlan {
    Plain,
    Encrypted {
        mode: WireSslMode,
        client: rustls::ClientConfig,
    },
    PlainThenEncrypted {
        client: rustls::ClientConfig,
    },
}

/// How much of the server's certificate is checked.
enum Verify {
    /// `prefer`, `require`: encrypted, but anyone can be on the other end.
    Nothing,
    /// `verify-ca`: signed by a trusted CA, for any host name.
    Chain(RootCertStore),
    /// `verify-full`: signed by a trusted CA and for the host we asked for.
    ChainAndHost(RootCertStore),
}

/// libpq's sslmode semantics, file defaults (`~/.postgresql/root.crt`,
/// `postgresql.crt`, `postgresql.key`) included.
fn tls_plan(info: &ConnInfo, home: &Option<PathBuf>) -> Result<TlsPlan, String> {
    let dot_postgresql = |file: &str| {
        home.as_ref()
            .map(|home| home.join(".postgresql").join(file))
    };
    let default_root = dot_postgresql("root.crt");
    let root_file: Option<PathBuf> = match info.sslrootcert.as_deref() {
        Some("system") | None => None,
        Some(path) => Some(PathBuf::from(path)),
    };
    // libpq never uses TLS on a Unix socket, whatever sslmode says.
    if uses_unix_socket(info) {
        return Ok(TlsPlan::Plain);
    }
    let mode = match (info.sslmode, info.sslrootcert.as_deref()) {
        // The system's CAs only make sense checking the name too: libpq
        // defaults to verify-full with them and refuses a weaker mode.
        (None | Some(SslMode::VerifyFull), Some("system")) => SslMode::VerifyFull,
        (Some(weak), Some("system")) => {
            return Err(format!(
                "sslmode={} may not be used with sslrootcert=system: use sslmode=verify-full",
                weak.name()
            ));
        }
        (Some(mode), _) => mode,
        (None, _) => SslMode::Prefer,
    };
    let roots = |required: bool| -> Result<RootCertStore, String> {
        if info.sslrootcert.as_deref() == Some("system") {
            return Ok(system_roots());
        }
        let path = root_file
            .clone()
            .or(default_root.clone())
            .ok_or("no sslrootcert given and no home directory for ~/.postgresql/root.crt")?;
        if !path.exists() && required {
            return Err(format!(
                "root certificate file \"{}\" does not exist: give sslrootcert=FILE (or sslrootcert=system for the system's CAs), or use sslmode=require to encrypt without verifying",
                path.display()
            ));
        }
        load_roots(&path)
    };
    let verify = match mode {
        SslMode::Disable => return Ok(TlsPlan::Plain),
        SslMode::Allow | SslMode::Prefer => Verify::Nothing,
        // libpq: with a root CA file present, require behaves as verify-ca.
        SslMode::Require => match root_file.clone().or(default_root.clone()) {
            Some(path) if path.exists() => Verify::Chain(load_roots(&path)?),
            _ => Verify::Nothing,
        },
        SslMode::VerifyCa => Verify::Chain(roots(true)?),
        SslMode::VerifyFull => Verify::ChainAndHost(roots(true)?),
    };
    let client = client_config(verify, client_certificate(info, dot_postgresql)?)?;
    Ok(match mode {
        SslMode::Allow => TlsPlan::PlainThenEncrypted { client },
        SslMode::Prefer => TlsPlan::Encrypted {
            mode: WireSslMode::Prefer,
            client,
        },
        _ => TlsPlan::Encrypted {
            mode: WireSslMode::Require,
            client,
        },
    })
}

/// Every host is a socket directory (or the default, which is one).
fn uses_unix_socket(info: &ConnInfo) -> bool {
    info.hostaddrs.is_empty()
        && info
            .hosts
            .iter()
            .all(|host| host.is_empty() || host.starts_with('/'))
}

fn client_config(
    verify: Verify,
    certificate: Option<(Vec<CertificateDer<'static>>, PrivateKeyDer<'static>)>,
) -> Result<rustls::ClientConfig, String> {
    let builder = rustls::ClientConfig::builder();
    let builder = match verify {
        Verify::Nothing => builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(crate::sources::tls::AcceptAnyChain::new())),
        Verify::Chain(roots) => {
            let webpki = WebPkiServerVerifier::builder(Arc::new(roots))
                .build()
                .map_err(|err| format!("cannot use sslrootcert: {err}"))?;
            builder
                .dangerous()
                .with_custom_certificate_verifier(Arc::new(ChainOnly(webpki)))
        }
        Verify::ChainAndHost(roots) => builder.with_root_certificates(roots),
    };
    match certificate {
        None => Ok(builder.with_no_client_auth()),
        Some((chain, key)) => builder
            .with_client_auth_cert(chain, key)
            .map_err(|err| format!("cannot use sslcert/sslkey: {err}")),
    }
}

/// `sslcert`/`sslkey`, or libpq's defaults when both files exist.
fn client_certificate(
    info: &ConnInfo,
    dot_postgresql: impl Fn(&str) -> Option<PathBuf>,
) -> Result<Option<(Vec<CertificateDer<'static>>, PrivateKeyDer<'static>)>, String> {
    let explicit = info.sslcert.is_some();
    let Some(cert_path) = info.sslcert.clone().or(dot_postgresql("postgresql.crt")) else {
        return Ok(None);
    };
    if !explicit && !cert_path.exists() {
        return Ok(None);
    }
    let key_path = info
        .sslkey
        .clone()
        .or(dot_postgresql("postgresql.key"))
        .ok_or("sslcert is given but sslkey is not")?;
    let chain = read_pem(&cert_path, "sslcert", |pem| {
        rustls_pemfile::certs(pem).collect::<Result<Vec<_>, _>>()
    })?;
    let key = read_pem(&key_path, "sslkey", |pem| rustls_pemfile::private_key(pem))?
        .ok_or_else(|| format!("sslkey \"{}\" holds no private key", key_path.display()))?;
    Ok(Some((chain, key)))
}

fn read_pem<T>(
    path: &Path,
    what: &str,
    parse: impl FnOnce(&mut &[u8]) -> std::io::Result<T>,
) -> Result<T, String> {
    let bytes = crate::file_limits::read(path, crate::file_limits::CERTIFICATES)
        .map_err(|err| format!("cannot read {what} \"{}\": {err}", path.display()))?;
    parse(&mut bytes.as_slice())
        .map_err(|err| format!("{what} \"{}\" is not PEM: {err}", path.display()))
}

fn load_roots(path: &Path) -> Result<RootCertStore, String> {
    let certs = read_pem(path, "sslrootcert", |pem| {
        rustls_pemfile::certs(pem).collect::<Result<Vec<_>, _>>()
    })?;
    let mut roots = RootCertStore::empty();
    let (added, _ignored) = roots.add_parsable_certificates(certs);
    if added == 0 {
        return Err(format!(
            "sslrootcert \"{}\" holds no usable certificate",
            path.display()
        ));
    }
    Ok(roots)
}

/// `sslrootcert=system`: Mozilla's roots plus the machine's own store.
fn system_roots() -> RootCertStore {
    let mut roots = RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    roots.add_parsable_certificates(rustls_native_certs::load_native_certs().certs);
    roots
}

/// verify-ca: the chain must lead to a trusted root; the name in it may be anything.
#[derive(Debug)]
struct ChainOnly(Arc<WebPkiServerVerifier>);

impl ServerCertVerifier for ChainOnly {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        use rustls::CertificateError::{NotValidForName, NotValidForNameContext};
        // webpki checks the chain before the name, so a name error means the chain is good.
        match self
            .0
            .verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
        {
            Err(rustls::Error::InvalidCertificate(
                NotValidForName | NotValidForNameContext { .. },
            )) => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_verify_schemes()
    }
}

/// Checks reachability, authentication and that the session really is read-only.
pub async fn probe(settings: &PostgresSettings, timeout: Duration) -> Result<String, String> {
    let client = connect(settings, timeout)
        .await
        .map_err(|err| err.to_string())?;
    let row = client
        .query_one(
            "SELECT current_setting('default_transaction_read_only'), current_setting('server_version'), current_user",
            &[],
        )
        .await
        .map_err(|err| super::describe_error(&err))?;
    let (read_only, version, user): (String, String, String) = (row.get(0), row.get(1), row.get(2));
    ensure_read_only(&read_only)?;
    Ok(format!(
        "PostgreSQL {version}, connected as {user}, read-only session"
    ))
}

/// Every session's first answer, `current_setting('default_transaction_read_only')`:
/// anything but `on` (a connection pooler that dropped the startup options)
/// ends the session before anything else is asked.
pub fn ensure_read_only(setting: &str) -> Result<(), String> {
    if setting == "on" {
        return Ok(());
    }
    Err(format!(
        "the session is not read-only (default_transaction_read_only is {setting}; \
         does a connection pooler drop the startup options?); refusing to continue"
    ))
}

/// The host a connection goes to, as reports name it (`/var/run/postgresql` for the socket).
pub fn first_host(info: &ConnInfo) -> String {
    match (info.hosts.first(), info.hostaddrs.first()) {
        (Some(host), _) => host.clone(),
        (None, Some(address)) => address.to_string(),
        (None, None) => default_socket_dir().into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::postgres::conninfo;

    fn plan(dsn: &str, home: Option<PathBuf>) -> Result<TlsPlan, String> {
        tls_plan(&conninfo::parse(dsn).unwrap(), &home)
    }

    #[test]
    fn every_session_is_read_only_with_timeouts() {
        assert_eq!(
            safe_session_options(Duration::from_secs(30)),
            "-c default_transaction_read_only=on -c statement_timeout=29000 -c lock_timeout=1000"
        );
        // A lock wait never outlasts the statement it belongs to.
        assert!(safe_session_options(Duration::from_millis(600)).ends_with("lock_timeout=300"));
    }

    #[test]
    fn sslmodes_map_as_libpq_does() {
        let home = tempfile::tempdir().unwrap();
        let home = Some(home.path().to_path_buf());
        assert!(matches!(
            plan("host=db sslmode=disable", None),
            Ok(TlsPlan::Plain)
        ));
        // Never TLS over a Unix socket.
        assert!(matches!(
            plan("host=/var/run/postgresql sslmode=verify-full", None),
            Ok(TlsPlan::Plain)
        ));
        let err = plan("host=db sslmode=require sslrootcert=system", None)
            .err()
            .unwrap();
        assert!(err.contains("use sslmode=verify-full"), "{err}");
        assert!(matches!(
            plan("host=db sslmode=allow", None),
            Ok(TlsPlan::PlainThenEncrypted { .. })
        ));
        assert!(matches!(
            plan("host=db", home.clone()),
            Ok(TlsPlan::Encrypted {
                mode: WireSslMode::Prefer,
                ..
            })
        ));
        assert!(matches!(
            plan("host=db sslmode=require", home.clone()),
            Ok(TlsPlan::Encrypted {
                mode: WireSslMode::Require,
                ..
            })
        ));
        let err = plan("host=db sslmode=verify-full", home.clone())
            .err()
            .unwrap();
        assert!(err.contains("root.crt\" does not exist"), "{err}");
        let err = plan(
            "host=db sslmode=verify-ca sslrootcert=/nonexistent/ca.pem",
            home.clone(),
        )
        .err()
        .unwrap();
        assert!(err.contains("/nonexistent/ca.pem"), "{err}");
        // sslrootcert=system means verify-full against the system's CAs.
        assert!(matches!(
            plan("host=db sslrootcert=system", home),
            Ok(TlsPlan::Encrypted {
                mode: WireSslMode::Require,
                ..
            })
        ));
    }

    #[test]
    fn the_default_host_is_the_local_socket() {
        let info = conninfo::parse("").unwrap();
        let config = wire_config(&info, "oncall", Duration::from_secs(5));
        assert_eq!(
            config.get_hosts(),
            &[tokio_postgres::config::Host::Unix(
                default_socket_dir().into()
            )]
        );
        assert_eq!(config.get_user(), Some("oncall"));
        assert_eq!(config.get_dbname(), Some("oncall"));
        assert_eq!(config.get_application_name(), Some(APPLICATION_NAME));
    }
}
