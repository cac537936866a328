//! Self-test of the certificate lab: `openssl s_client`, the independent judge
//! the `triage certs check` tests compare with, must see every case the way it
//! was built, and the fault servers must fail a client the way they promise.

use crate::support::cert_lab::{
    Case, CertServer, ClosesMidHandshake, OpensslVerdict, PlainHttp, Tarpit, TarpitFarm,
    openssl_verdict, refused_port, s_client,
};
use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::time::{Duration, Instant};

fn judge(server: &CertServer, starttls: Option<&str>) -> OpensslVerdict {
    openssl_verdict(server.port, server.verify_name, &server.ca_file, starttls)
}

#[track_caller]
fn assert_verified(verdict: &OpensslVerdict) {
    assert!(
        verdict.verified && verdict.error.is_empty(),
        "openssl should verify: {verdict:?}\n{}",
        verdict.output
    );
}

#[track_caller]
fn assert_rejected(verdict: &OpensslVerdict, reason: &str) {
    assert!(
        !verdict.verified,
        "openssl should reject\n{}",
        verdict.output
    );
    assert_eq!(verdict.error, reason, "\n{}", verdict.output);
}

/// How many certificates each case sends, and openssl's words for it
/// (`None`: verified). Exhaustive, so a new case needs an answer here.
fn openssl_expects(case: Case) -> (usize, Option<&'static str>) {
    match case {
        Case::Valid => (2, None),
        // Expiring soon is triage's warning to give; to openssl it is valid.
        Case::ExpiresIn5Days => (2, None),
        Case::ExpiredLeaf => (2, Some("certificate has expired")),
        Case::ExpiredIntermediate => (2, Some("certificate has expired")),
        Case::NotYetValid => (2, Some("certificate is not yet valid")),
        Case::SelfSigned => (1, Some("self-signed certificate")),
        Case::WrongHost => (2, Some("hostname mismatch")),
        Case::MissingIntermediate => (1, Some("unable to get local issuer certificate")),
        Case::Rsa1024 => (2, Some("EE certificate key too weak")),
        Case::Sha1Signature => (2, Some("CA signature digest algorithm too weak")),
    }
}

#[test]
fn openssl_judges_every_case_as_built() {
    let mut wrong = Vec::new();
    for case in Case::ALL {
        let server = CertServer::start(case);
        let verdict = judge(&server, None);
        let (chain_length, reason) = openssl_expects(case);
        let seen = (
            server.chain.len(),
            (!verdict.verified).then_some(verdict.error.as_str()),
        );
        if seen != (chain_length, reason) {
            wrong.push(format!(
                "{case:?}: expected {:?}, got {seen:?}\n{}",
                (chain_length, reason),
                verdict.output
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn valid_chain_is_served_over_tls_1_2_and_1_3() {
    let server = CertServer::start(Case::Valid);
    let address = format!("127.0.0.1:{}", server.port);
    let ca_file = server.ca_file.to_str().unwrap();
    // Each flag makes openssl offer that version only.
    for only_version in ["-tls1_2", "-tls1_3"] {
        assert_verified(&s_client(&[
            "-connect",
            &address,
            "-CAfile",
            ca_file,
            only_version,
        ]));
    }
}

#[test]
fn leaf_expiring_in_5_days_has_5_days_left() {
    let server = CertServer::start(Case::ExpiresIn5Days);
    let (_, leaf) = x509_parser::parse_x509_certificate(&server.chain[0]).unwrap();
    let seconds_left =
        leaf.validity().not_after.timestamp() - time::OffsetDateTime::now_utc().unix_timestamp();
    let five_days = 5 * 86_400;
    assert!(
        (five_days - 60..=five_days).contains(&seconds_left),
        "{seconds_left} s left"
    );
}

#[test]
fn smtp_starttls_serves_the_valid_chain() {
    assert_verified(&judge(
        &CertServer::smtp_starttls(Case::Valid),
        Some("smtp"),
    ));
}

#[test]
fn smtp_starttls_serves_the_openssl_made_cases_too() {
    let server = CertServer::smtp_starttls(Case::Rsa1024);
    assert_rejected(&judge(&server, Some("smtp")), "EE certificate key too weak");
}

#[test]
fn postgres_sslrequest_serves_the_valid_chain() {
    let server = CertServer::postgres_sslrequest(Case::Valid);
    assert_verified(&judge(&server, Some("postgres")));
}

#[test]
fn postgres_sslrequest_serves_a_broken_chain() {
    let server = CertServer::postgres_sslrequest(Case::ExpiredLeaf);
    assert_rejected(&judge(&server, Some("postgres")), "certificate has expired");
}

#[test]
fn tls10_only_server_speaks_tls_1_0_and_nothing_newer() {
    let server = CertServer::tls10_only();
    assert_rejected(
        &judge(&server, None),
        "legacy sigalg disallowed or unsupported",
    );

    let address = format!("127.0.0.1:{}", server.port);
    let ca_file = server.ca_file.to_str().unwrap();
    let legacy = ["-tls1", "-cipher", "DEFAULT:@SECLEVEL=0"];
    let tls10 = s_client(&[&["-connect", &address, "-CAfile", ca_file][..], &legacy].concat());
    assert_verified(&tls10);
    assert!(
        tls10.output.contains("Protocol  : TLSv1\n"),
        "{}",
        tls10.output
    );

    let tls12 = s_client(&["-connect", &address, "-CAfile", ca_file, "-tls1_2"]);
    assert!(!tls12.verified, "{}", tls12.output);
}

/// A rustls client handshake that gives up after `timeout` without an answer.
fn tls_handshake(port: u16, timeout: Duration) -> std::io::Result<()> {
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(rustls::RootCertStore::empty())
        .with_no_client_auth();
    let name = "localhost".try_into().unwrap();
    let mut connection = rustls::ClientConnection::new(Arc::new(config), name).unwrap();
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(timeout))?;
    connection.complete_io(&mut stream).map(|_| ())
}

#[test]
fn tarpit_leaves_a_tls_handshake_hanging_until_the_client_times_out() {
    let tarpit = Tarpit::start();
    let started = Instant::now();
    let error = tls_handshake(tarpit.port, Duration::from_millis(500)).unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut),
        "{error:?}"
    );
    assert!(started.elapsed() >= Duration::from_millis(500));
}

#[test]
fn tarpit_farm_of_100_holds_every_connection_silently() {
    let farm = TarpitFarm::start(100);
    assert_eq!(farm.ports.len(), 100);
    let mut clients: Vec<TcpStream> = farm
        .ports
        .iter()
        .map(|port| {
            let mut client = TcpStream::connect(("127.0.0.1", *port)).unwrap();
            // The start of a ClientHello record.
            client.write_all(&[0x16, 0x03, 0x01, 0x00, 0x40]).unwrap();
            client
        })
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    for client in &mut clients {
        client.set_nonblocking(true).unwrap();
        let answer = client.read(&mut [0u8; 16]);
        assert!(
            matches!(&answer, Err(error) if error.kind() == ErrorKind::WouldBlock),
            "a tarpit answered: {answer:?}"
        );
    }
}

/// openssl's verdict on a fault server; any real CA file will do, since the
/// handshake never gets as far as a certificate.
fn judge_fault(port: u16) -> OpensslVerdict {
    let lab = CertServer::start(Case::Valid);
    openssl_verdict(port, "localhost", &lab.ca_file, None)
}

#[test]
fn server_closing_mid_handshake_fails_openssl() {
    let server = ClosesMidHandshake::start();
    let verdict = judge_fault(server.port);
    assert_rejected(&verdict, "unexpected eof while reading");
}

#[test]
fn plain_http_server_fails_openssl() {
    let server = PlainHttp::start();
    let verdict = judge_fault(server.port);
    assert_rejected(&verdict, "wrong version number");
}

#[test]
fn refused_port_fails_openssl() {
    let closed = refused_port();
    let verdict = judge_fault(closed.port);
    assert_rejected(&verdict, "Connection refused");
}
