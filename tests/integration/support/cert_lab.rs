//! A small PKI lab for `triage certs check`: a root CA "triage test root", an
//! intermediate CA "triage test intermediate" and a leaf for `localhost` and
//! 127.0.0.1, made fresh by each server, presented on loopback either good or
//! broken in one deliberate way (`Case`). Plus SMTP STARTTLS and PostgreSQL
//! SSLRequest front doors, fault servers, and `openssl s_client` as the
//! independent judge the triage verdicts are compared with.
//!
//! Where the `openssl` CLI is needed, and why:
//! - `Rsa1024` and `Sha1Signature` leaves come from `openssl req` + `openssl
//!   x509 -req`, signed with the rcgen intermediate's key so the rcgen root
//!   stays the trust anchor: rcgen on aws-lc-rs can neither generate RSA-1024
//!   keys nor sign with SHA-1.
//! - `Rsa1024` is served by an `openssl s_server` child: aws-lc-rs only loads
//!   RSA signing keys of 2048 bits and more, so rustls cannot serve it, and
//!   s_server itself needs `@SECLEVEL=0` to accept the small key.
//! - `tls10_only()` is `openssl s_server -tls1`: rustls has no TLS 1.0.
//!
//! Every server's port is an in-process accept loop. For the openssl-served
//! ones it runs the plaintext preamble itself and then relays the bytes to the
//! child, so every case works behind every front door. s_server handles one
//! connection at a time.

use super::ClosedPort;
use super::accept_loop::AcceptLoop;
use super::process::{ChildGuard, require_program};
use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa,
    Issuer, KeyPair, KeyUsagePurpose,
};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use std::ffi::OsStr;
use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The name every CA-issued leaf (except `WrongHost`'s) is made for.
pub const VERIFY_NAME: &str = "localhost";

/// How long a server waits for a quiet client, and openssl for a verdict.
const TIMEOUT: Duration = Duration::from_secs(10);

/// What the server presents. Validity is in days relative to now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Case {
    /// Leaf −1 d … +90 d, served with the intermediate.
    Valid,
    /// Leaf −100 d … −2 d.
    ExpiredLeaf,
    /// Intermediate −100 d … −2 d; the leaf itself is valid.
    ExpiredIntermediate,
    /// Leaf +2 d … +90 d.
    NotYetValid,
    /// A self-signed leaf for localhost/127.0.0.1, not issued by the CA.
    SelfSigned,
    /// A CA-issued leaf for `www.example.org` only.
    WrongHost,
    /// A valid leaf served without its intermediate.
    MissingIntermediate,
    /// Leaf −80 d … +5 d.
    ExpiresIn5Days,
    /// A CA-issued leaf with a 1024-bit RSA key (served by `openssl s_server`).
    Rsa1024,
    /// A CA-issued leaf signed ecdsa-with-SHA1 by the intermediate.
    Sha1Signature,
}

impl Case {
    pub const ALL: [Case; 10] = [
        Case::Valid,
        Case::ExpiredLeaf,
        Case::ExpiredIntermediate,
        Case::NotYetValid,
        Case::SelfSigned,
        Case::WrongHost,
        Case::MissingIntermediate,
        Case::ExpiresIn5Days,
        Case::Rsa1024,
        Case::Sha1Signature,
    ];
}

/// A TLS server on 127.0.0.1 presenting one `Case`; stops when dropped.
pub struct CertServer {
    pub port: u16,
    /// PEM of the root CA a client should trust (`--ca-file`, `openssl -CAfile`).
    pub ca_file: PathBuf,
    /// The name a client should verify the leaf against.
    pub verify_name: &'static str,
    /// The certificates the server sends, leaf first.
    pub chain: Vec<CertificateDer<'static>>,
    // Dropped in this order: the accept loop, the openssl child, the files.
    _accept_loop: AcceptLoop,
    _openssl_server: Option<OpensslServer>,
    _dir: tempfile::TempDir,
}

/// What a client must say in plaintext before the TLS handshake.
#[derive(Clone, Copy)]
enum Preamble {
    None,
    SmtpStartTls,
    PostgresSslRequest,
}

/// Who does the TLS side of a connection.
#[derive(Clone)]
enum TlsSide {
    Rustls(Arc<rustls::ServerConfig>),
    OpensslAt(u16),
}

impl CertServer {
    /// TLS right away, TLS 1.2 and 1.3.
    pub fn start(case: Case) -> CertServer {
        CertServer::serve(case, Preamble::None)
    }

    /// SMTP on connect; TLS after the client's `STARTTLS`.
    pub fn smtp_starttls(case: Case) -> CertServer {
        CertServer::serve(case, Preamble::SmtpStartTls)
    }

    /// PostgreSQL: TLS after the client's 8-byte SSLRequest is answered `S`.
    pub fn postgres_sslrequest(case: Case) -> CertServer {
        CertServer::serve(case, Preamble::PostgresSslRequest)
    }

    /// The `Valid` chain, but only over TLS 1.0 (an `openssl s_server -tls1`).
    pub fn tls10_only() -> CertServer {
        let dir = tempfile::tempdir().unwrap();
        let files = write_case(Case::Valid, dir.path());
        // TLS 1.0 signs with SHA-1, which only security level 0 allows.
        let server = OpensslServer::start(&files, &["-tls1", "-cipher", "DEFAULT:@SECLEVEL=0"]);
        let tls = TlsSide::OpensslAt(server.port);
        CertServer::listen(dir, &files, Preamble::None, tls, Some(server))
    }

    fn serve(case: Case, preamble: Preamble) -> CertServer {
        let dir = tempfile::tempdir().unwrap();
        let files = write_case(case, dir.path());
        if case == Case::Rsa1024 {
            // s_server refuses a key this small below security level 0.
            let server = OpensslServer::start(&files, &["-cipher", "DEFAULT:@SECLEVEL=0"]);
            let tls = TlsSide::OpensslAt(server.port);
            CertServer::listen(dir, &files, preamble, tls, Some(server))
        } else {
            let tls = TlsSide::Rustls(rustls_config(&files));
            CertServer::listen(dir, &files, preamble, tls, None)
        }
    }

    fn listen(
        dir: tempfile::TempDir,
        files: &CaseFiles,
        preamble: Preamble,
        tls: TlsSide,
        openssl_server: Option<OpensslServer>,
    ) -> CertServer {
        let accept_loop = AcceptLoop::start(move |mut stream| {
            let _ = stream.set_read_timeout(Some(TIMEOUT));
            if run_preamble(preamble, &mut stream).is_err() {
                return;
            }
            match &tls {
                TlsSide::Rustls(config) => serve_rustls(stream, config.clone()),
                TlsSide::OpensslAt(port) => relay(stream, *port),
            }
        });
        CertServer {
            port: accept_loop.port,
            ca_file: files.ca.clone(),
            verify_name: VERIFY_NAME,
            chain: files.served_chain(),
            _accept_loop: accept_loop,
            _openssl_server: openssl_server,
            _dir: dir,
        }
    }
}

/// A case on disk as PEM files, the form both rustls and s_server load.
struct CaseFiles {
    dir: PathBuf,
    leaf: PathBuf,
    leaf_key: PathBuf,
    /// Sent after the leaf; `None` when the server sends the leaf alone.
    intermediates: Option<PathBuf>,
    ca: PathBuf,
}

impl CaseFiles {
    fn served_chain(&self) -> Vec<CertificateDer<'static>> {
        let files = std::iter::once(&self.leaf).chain(&self.intermediates);
        files
            .flat_map(|file| CertificateDer::pem_file_iter(file).unwrap())
            .map(Result::unwrap)
            .collect()
    }
}

/// Makes a fresh root, intermediate and leaf for `case` and writes them to `dir`.
fn write_case(case: Case, dir: &Path) -> CaseFiles {
    let write = |name: &str, pem: String| {
        let path = dir.join(name);
        std::fs::write(&path, pem).unwrap();
        path
    };

    let root_key = KeyPair::generate().unwrap();
    let root_params = ca_params("triage test root", -365, 3650);
    let ca = write("ca.pem", root_params.self_signed(&root_key).unwrap().pem());
    let root = Issuer::new(root_params, root_key);

    let (from, until) = match case {
        Case::ExpiredIntermediate => (-100, -2),
        _ => (-30, 3650),
    };
    let intermediate_key = KeyPair::generate().unwrap();
    let intermediate_params = ca_params("triage test intermediate", from, until);
    let intermediate = intermediate_params
        .signed_by(&intermediate_key, &root)
        .unwrap();
    // openssl signs the Rsa1024 and Sha1Signature leaves with this key.
    write("intermediate.key", intermediate_key.serialize_pem());
    let intermediate_pem = write("intermediate.pem", intermediate.pem());
    let intermediate = Issuer::new(intermediate_params, intermediate_key);

    let ours = ["localhost", "127.0.0.1"];
    let issued = |names: &[&str], from: i64, until: i64| {
        let key = KeyPair::generate().unwrap();
        let cert = leaf_params(names, from, until)
            .signed_by(&key, &intermediate)
            .unwrap();
        (cert.pem(), key.serialize_pem())
    };
    let (leaf, key) = match case {
        Case::Valid | Case::ExpiredIntermediate | Case::MissingIntermediate => {
            issued(&ours, -1, 90)
        }
        Case::ExpiredLeaf => issued(&ours, -100, -2),
        Case::NotYetValid => issued(&ours, 2, 90),
        Case::ExpiresIn5Days => issued(&ours, -80, 5),
        Case::WrongHost => issued(&["www.example.org"], -1, 90),
        Case::SelfSigned => {
            let key = KeyPair::generate().unwrap();
            let cert = leaf_params(&ours, -1, 90).self_signed(&key).unwrap();
            (cert.pem(), key.serialize_pem())
        }
        Case::Rsa1024 => openssl_leaf(dir, &["-newkey", "rsa:1024"], "-sha256"),
        Case::Sha1Signature => openssl_leaf(
            dir,
            &["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"],
            "-sha1",
        ),
    };
    let sends_intermediate = !matches!(case, Case::SelfSigned | Case::MissingIntermediate);
    CaseFiles {
        dir: dir.to_path_buf(),
        leaf: write("leaf.pem", leaf),
        leaf_key: write("leaf.key", key),
        intermediates: sends_intermediate.then_some(intermediate_pem),
        ca,
    }
}

fn ca_params(name: &str, from_days: i64, until_days: i64) -> CertificateParams {
    let mut params = CertificateParams::default();
    params.distinguished_name = DistinguishedName::new();
    params.distinguished_name.push(DnType::CommonName, name);
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    params.use_authority_key_identifier_extension = true;
    set_validity(&mut params, from_days, until_days);
    params
}

/// A server certificate for `names` (DNS names or IP addresses); CN is the first.
fn leaf_params(names: &[&str], from_days: i64, until_days: i64) -> CertificateParams {
    let names: Vec<String> = names.iter().map(|name| name.to_string()).collect();
    let mut params = CertificateParams::new(names.clone()).unwrap();
    params.distinguished_name = DistinguishedName::new();
    params
        .distinguished_name
        .push(DnType::CommonName, names[0].as_str());
    params.is_ca = IsCa::ExplicitNoCa;
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    params.use_authority_key_identifier_extension = true;
    set_validity(&mut params, from_days, until_days);
    params
}

fn set_validity(params: &mut CertificateParams, from_days: i64, until_days: i64) {
    let now = time::OffsetDateTime::now_utc();
    params.not_before = now + time::Duration::days(from_days);
    params.not_after = now + time::Duration::days(until_days);
}

/// A leaf for localhost/127.0.0.1 made by openssl: a new key from `new_key`,
/// signed by the intermediate with `digest`. Valid from now for 90 days
/// (openssl 3.0's `x509` cannot backdate). Returns (certificate, key) PEM.
fn openssl_leaf(dir: &Path, new_key: &[&str], digest: &str) -> (String, String) {
    std::fs::write(
        dir.join("leaf.ext"),
        "basicConstraints = critical, CA:FALSE\n\
         extendedKeyUsage = serverAuth\n\
         subjectAltName = DNS:localhost, IP:127.0.0.1\n\
         authorityKeyIdentifier = keyid\n",
    )
    .unwrap();
    let request = ["req", "-new", "-noenc", "-subj", "/CN=localhost"];
    let files = ["-keyout", "leaf.key", "-out", "leaf.csr"];
    run_openssl(dir, &[&request[..], new_key, &files].concat());
    let sign = [
        "x509", "-req", "-in", "leaf.csr", "-days", "90", "-extfile", "leaf.ext", "-out",
        "leaf.pem",
    ];
    let signer = [
        "-CA",
        "intermediate.pem",
        "-CAkey",
        "intermediate.key",
        digest,
    ];
    run_openssl(dir, &[&sign[..], &signer].concat());
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
    (read("leaf.pem"), read("leaf.key"))
}

/// Runs `openssl ARGS` in `dir`.
fn run_openssl(dir: &Path, args: &[&str]) {
    require_openssl();
    let output = Command::new("openssl")
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "openssl {args:?} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn require_openssl() {
    require_program("openssl", "apt-get install openssl");
}

fn rustls_config(files: &CaseFiles) -> Arc<rustls::ServerConfig> {
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_protocol_versions(&[&rustls::version::TLS12, &rustls::version::TLS13])
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            files.served_chain(),
            PrivateKeyDer::from_pem_file(&files.leaf_key).unwrap(),
        )
        .unwrap();
    Arc::new(config)
}

/// An `openssl s_server -www` child. It binds `127.0.0.1:0` and prints the
/// port it got ("ACCEPT 127.0.0.1:PORT"), so there is no free-port race.
struct OpensslServer {
    port: u16,
    _child: ChildGuard,
}

impl OpensslServer {
    fn start(files: &CaseFiles, extra: &[&str]) -> OpensslServer {
        require_openssl();
        let log_path = files.dir.join("s_server.log");
        let log = std::fs::File::create(&log_path).unwrap();
        let mut command = Command::new("openssl");
        // -www answers from its own loop and never reads stdin.
        command
            .args(["s_server", "-accept", "127.0.0.1:0", "-www", "-cert"])
            .arg(&files.leaf)
            .arg("-key")
            .arg(&files.leaf_key);
        if let Some(intermediates) = &files.intermediates {
            command.arg("-cert_chain").arg(intermediates);
        }
        command
            .args(extra)
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log);
        let mut child = ChildGuard::spawn(command, libc::SIGTERM).unwrap();
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let log = std::fs::read_to_string(&log_path).unwrap_or_default();
            let port = log
                .split_once("ACCEPT 127.0.0.1:")
                .and_then(|(_, rest)| rest.split_once('\n'))
                .and_then(|(port, _)| port.trim().parse().ok());
            if let Some(port) = port {
                return OpensslServer {
                    port,
                    _child: child,
                };
            }
            assert!(child.exited().is_none(), "openssl s_server exited:\n{log}");
            assert!(
                Instant::now() < deadline,
                "openssl s_server did not start listening:\n{log}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

fn run_preamble(preamble: Preamble, stream: &mut TcpStream) -> io::Result<()> {
    match preamble {
        Preamble::None => Ok(()),
        Preamble::SmtpStartTls => smtp_until_starttls(stream),
        Preamble::PostgresSslRequest => postgres_ssl_request(stream),
    }
}

/// Plays an SMTP server until the client says STARTTLS.
fn smtp_until_starttls(stream: &mut TcpStream) -> io::Result<()> {
    stream.write_all(b"220 localhost ESMTP\r\n")?;
    loop {
        let command = read_line(stream)?.to_ascii_uppercase();
        if command.starts_with("EHLO") {
            stream.write_all(b"250-localhost\r\n250 STARTTLS\r\n")?;
        } else if command.starts_with("STARTTLS") {
            return stream.write_all(b"220 ready\r\n");
        } else if command.starts_with("QUIT") {
            stream.write_all(b"221 bye\r\n")?;
            return Err(io::ErrorKind::ConnectionAborted.into());
        } else {
            stream.write_all(b"502 command not implemented\r\n")?;
        }
    }
}

/// One line, read a byte at a time so that no TLS bytes the client sends
/// right after it end up in a buffer the TLS side never sees.
fn read_line(stream: &mut TcpStream) -> io::Result<String> {
    let mut line = Vec::new();
    let mut byte = [0u8];
    while line.len() < 1000 {
        stream.read_exact(&mut byte)?;
        if byte[0] == b'\n' {
            break;
        }
        line.push(byte[0]);
    }
    Ok(String::from_utf8_lossy(&line).trim_end().to_string())
}

/// Length 8, then the SSLRequest code 80877103.
const POSTGRES_SSL_REQUEST: [u8; 8] = [0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f];

fn postgres_ssl_request(stream: &mut TcpStream) -> io::Result<()> {
    let mut request = [0u8; 8];
    stream.read_exact(&mut request)?;
    if request != POSTGRES_SSL_REQUEST {
        return Err(io::ErrorKind::InvalidData.into());
    }
    stream.write_all(b"S")
}

/// Handshakes, then stays until the client leaves or goes quiet, discarding
/// whatever it sends.
fn serve_rustls(mut stream: TcpStream, config: Arc<rustls::ServerConfig>) {
    let mut connection = rustls::ServerConnection::new(config).unwrap();
    while let Ok((read, written)) = connection.complete_io(&mut stream) {
        if read + written == 0 {
            break;
        }
        let _ = io::copy(&mut connection.reader(), &mut io::sink());
    }
}

/// Relays bytes between a client and the s_server child until either closes.
fn relay(client: TcpStream, server_port: u16) {
    let Ok(server) = TcpStream::connect(("127.0.0.1", server_port)) else {
        return;
    };
    let (mut from_client, mut to_server) =
        (client.try_clone().unwrap(), server.try_clone().unwrap());
    let upstream = std::thread::spawn(move || {
        let _ = io::copy(&mut from_client, &mut to_server);
        let _ = to_server.shutdown(Shutdown::Write);
    });
    let _ = io::copy(&mut &server, &mut &client);
    // Also wakes the upstream copy if the client is still connected.
    let _ = client.shutdown(Shutdown::Both);
    let _ = upstream.join();
}

/// Completes TCP handshakes and then never says a word: nothing calls
/// `accept`, so the kernel keeps each connection, and whatever the client
/// sends, in the listen backlog, and the client waits until its own timeout.
/// No thread, one descriptor. (Once the backlog is full, new connects hang
/// in the SYN stage instead.)
pub struct Tarpit {
    pub port: u16,
    _listener: TcpListener,
}

impl Tarpit {
    pub fn start() -> Tarpit {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        Tarpit {
            port: listener.local_addr().unwrap().port(),
            _listener: listener,
        }
    }
}

/// Many tarpits: `count` listening descriptors, no threads.
pub struct TarpitFarm {
    pub ports: Vec<u16>,
    _tarpits: Vec<Tarpit>,
}

impl TarpitFarm {
    pub fn start(count: usize) -> TarpitFarm {
        let tarpits: Vec<Tarpit> = (0..count).map(|_| Tarpit::start()).collect();
        TarpitFarm {
            ports: tarpits.iter().map(|tarpit| tarpit.port).collect(),
            _tarpits: tarpits,
        }
    }
}

/// Reads the ClientHello record, then closes without answering.
pub struct ClosesMidHandshake {
    pub port: u16,
    _accept_loop: AcceptLoop,
}

impl ClosesMidHandshake {
    pub fn start() -> ClosesMidHandshake {
        let accept_loop = AcceptLoop::start(|mut stream| {
            let _ = stream.set_read_timeout(Some(TIMEOUT));
            // Read the whole record so that closing sends a FIN, not the
            // reset that unread input would cause: the client sees EOF.
            let mut header = [0u8; 5];
            if stream.read_exact(&mut header).is_ok() {
                let length = u16::from_be_bytes([header[3], header[4]]);
                let _ = io::copy(&mut (&stream).take(length.into()), &mut io::sink());
            }
        });
        ClosesMidHandshake {
            port: accept_loop.port,
            _accept_loop: accept_loop,
        }
    }
}

/// An HTTP server where a TLS server was expected: answers anything with 400.
pub struct PlainHttp {
    pub port: u16,
    _accept_loop: AcceptLoop,
}

impl PlainHttp {
    pub fn start() -> PlainHttp {
        let accept_loop = AcceptLoop::start(|mut stream| {
            let _ = stream.set_read_timeout(Some(TIMEOUT));
            if stream.read(&mut [0u8; 4096]).unwrap_or(0) == 0 {
                return;
            }
            let _ = stream.write_all(
                b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            );
            // Close gracefully: closing with unread input would send a reset
            // that can destroy the response before the client reads it.
            let _ = stream.shutdown(Shutdown::Write);
            let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
            let _ = io::copy(&mut stream, &mut io::sink());
        });
        PlainHttp {
            port: accept_loop.port,
            _accept_loop: accept_loop,
        }
    }
}

/// A loopback port where nothing listens: connecting is refused.
pub fn refused_port() -> ClosedPort {
    ClosedPort::new()
}

/// What `openssl s_client` made of a server.
#[derive(Debug)]
pub struct OpensslVerdict {
    /// The handshake completed and the chain verified ("Verify return code: 0 (ok)").
    pub verified: bool,
    /// openssl's words for what went wrong (empty when verified), e.g.
    /// "certificate has expired".
    pub error: String,
    /// Everything it printed, for assertion messages.
    pub output: String,
}

/// The cross-check: `openssl s_client -connect 127.0.0.1:PORT -servername
/// NAME -verify_return_error -verify_hostname NAME -CAfile CA [-starttls
/// PROTOCOL] </dev/null`.
pub fn openssl_verdict(
    port: u16,
    verify_name: &str,
    ca_file: &Path,
    starttls: Option<&str>,
) -> OpensslVerdict {
    let address = format!("127.0.0.1:{port}");
    let mut args: Vec<&OsStr> = [
        "-connect",
        &address,
        "-servername",
        verify_name,
        "-verify_return_error",
        "-verify_hostname",
        verify_name,
        "-CAfile",
    ]
    .into_iter()
    .map(OsStr::new)
    .collect();
    args.push(ca_file.as_os_str());
    if let Some(protocol) = starttls {
        args.extend([OsStr::new("-starttls"), OsStr::new(protocol)]);
    }
    s_client(&args)
}

/// Runs `openssl s_client ARGS </dev/null`, killed if it takes over 10 s.
pub fn s_client<S: AsRef<OsStr>>(args: &[S]) -> OpensslVerdict {
    require_openssl();
    let dir = tempfile::tempdir().unwrap();
    let (stdout_path, stderr_path) = (dir.path().join("stdout"), dir.path().join("stderr"));
    let mut command = Command::new("openssl");
    command
        .arg("s_client")
        .args(args)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&stdout_path).unwrap())
        .stderr(std::fs::File::create(&stderr_path).unwrap());
    let mut child = ChildGuard::spawn(command, libc::SIGKILL).unwrap();
    let deadline = Instant::now() + TIMEOUT;
    let status = loop {
        if let Some(status) = child.exited() {
            break Some(status);
        }
        if Instant::now() > deadline {
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    drop(child);
    let read = |path: &Path| String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
    let (stdout, stderr) = (read(&stdout_path), read(&stderr_path));
    let output = format!("--- stdout\n{stdout}--- stderr\n{stderr}");
    let Some(status) = status else {
        return OpensslVerdict {
            verified: false,
            error: format!("no verdict within {} s", TIMEOUT.as_secs()),
            output,
        };
    };
    // A failed handshake can still print "Verify return code: 0 (ok)" when the
    // chain was fine, so the exit status counts too.
    let verified = status.success() && stdout.contains("Verify return code: 0 (ok)");
    let error = if verified {
        String::new()
    } else {
        failure_reason(&stderr)
    };
    OpensslVerdict {
        verified,
        error,
        output,
    }
}

/// The chain verification error when there is one
/// ("verify error:num=10:certificate has expired"), else the reason field of
/// openssl's first error line
/// ("40..:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:file:line:"),
/// else its first line ("write:errno=104").
fn failure_reason(stderr: &str) -> String {
    let verify_error = stderr
        .lines()
        .find_map(|line| line.strip_prefix("verify error:num="))
        .and_then(|rest| rest.split_once(':'))
        .map(|(_, text)| text);
    let first_error = || {
        stderr
            .lines()
            .find(|line| line.contains(":error:"))
            .and_then(|line| line.split(':').nth(5))
    };
    let first_line = || stderr.lines().find(|line| !line.trim().is_empty());
    verify_error
        .or_else(first_error)
        .or_else(first_line)
        .unwrap_or("openssl s_client failed without saying why")
        .to_string()
}
