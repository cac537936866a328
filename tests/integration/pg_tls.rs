//! libpq's sslmodes against a real PostgreSQL with `ssl = on` and a
//! certificate made here (rcgen): verify-full succeeds with the right CA and
//! fails with the wrong one or the wrong host name; verify-ca ignores the name.

use crate::support::Triage;
use crate::support::postgres::{SUPERUSER_PASSWORD, TestPostgres};

/// A CA and a server certificate it signed, for `localhost` only (not 127.0.0.1).
struct Pki {
    ca_pem: String,
    server_pem: String,
    server_key_pem: String,
}

fn pki() -> Pki {
    let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "triage test CA");
    let ca = rcgen::CertifiedIssuer::self_signed(ca_params, rcgen::KeyPair::generate().unwrap())
        .unwrap();
    let mut server_params = rcgen::CertificateParams::new(vec!["localhost".to_string()]).unwrap();
    server_params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "localhost");
    let server_key = rcgen::KeyPair::generate().unwrap();
    let server = server_params.signed_by(&server_key, &ca).unwrap();
    Pki {
        ca_pem: ca.pem(),
        server_pem: server.pem(),
        server_key_pem: server_key.serialize_pem(),
    }
}

fn run(
    postgres: &TestPostgres,
    triage: Triage,
    host: &str,
    params: &str,
) -> crate::support::Outcome {
    triage
        .args([
            "pg",
            "connections",
            "--postgres",
            &format!(
                "host={host} port={} user=postgres dbname=postgres {params}",
                postgres.port
            ),
        ])
        .env("PGPASSWORD", SUPERUSER_PASSWORD)
        .run()
}

/// triage with `sslrootcert` set to a file holding `ca_pem`, and `sslmode`.
fn run_with_ca(
    postgres: &TestPostgres,
    ca_pem: &str,
    host: &str,
    sslmode: &str,
) -> crate::support::Outcome {
    let triage = Triage::new();
    let ca = triage.home_file("ca.pem", ca_pem);
    let params = format!("sslmode={sslmode} sslrootcert={}", ca.display());
    run(postgres, triage, host, &params)
}

#[test]
fn verify_full_needs_the_right_ca_and_the_right_host() {
    let pki = pki();
    let other = self::pki();
    let postgres = TestPostgres::start_with_tls(&pki.server_pem, &pki.server_key_pem);
    // Right CA, right name: connected and verified.
    run_with_ca(&postgres, &pki.ca_pem, "localhost", "verify-full")
        .code(0)
        .stdout_has("sslmode=verify-full");

    // The CA from libpq's default place, ~/.postgresql/root.crt.
    let triage = Triage::new();
    triage.home_file(".postgresql/root.crt", &pki.ca_pem);
    run(&postgres, triage, "localhost", "sslmode=verify-full").code(0);

    // Another CA: refused, in words.
    run_with_ca(&postgres, &other.ca_pem, "localhost", "verify-full")
        .code(3)
        .stdout_has("certificate is not trusted")
        .stdout_has("sslrootcert");

    // The right CA but another name: verify-full refuses, verify-ca accepts.
    run_with_ca(&postgres, &pki.ca_pem, "127.0.0.1", "verify-full")
        .code(3)
        .stdout_has("not valid for this host name");
    run_with_ca(&postgres, &pki.ca_pem, "127.0.0.1", "verify-ca").code(0);

    // verify-ca still needs the right CA.
    run_with_ca(&postgres, &other.ca_pem, "127.0.0.1", "verify-ca")
        .code(3)
        .stdout_has("certificate is not trusted");

    // As libpq: require verifies the chain when ~/.postgresql/root.crt exists.
    let triage = Triage::new();
    triage.home_file(".postgresql/root.crt", &other.ca_pem);
    run(&postgres, triage, "127.0.0.1", "sslmode=require")
        .code(3)
        .stdout_has("certificate is not trusted");

    // prefer (the default) and allow connect to a TLS server without verifying; disable never tries.
    run(&postgres, Triage::new(), "127.0.0.1", "").code(0);
    run(&postgres, Triage::new(), "127.0.0.1", "sslmode=allow").code(0);
    run(&postgres, Triage::new(), "127.0.0.1", "sslmode=disable").code(0);

    // No root file at all: verify-full says what to do instead of guessing.
    run(&postgres, Triage::new(), "localhost", "sslmode=verify-full")
        .code(3)
        .stdout_has("root certificate file")
        .stdout_has("does not exist");

    // require encrypts without verifying (libpq's meaning), so another CA does not matter.
    run(&postgres, Triage::new(), "127.0.0.1", "sslmode=require").code(0);

    // The server really saw TLS from triage (log_connections is on in this cluster).
    let log = postgres.log();
    assert!(
        log.lines()
            .any(|line| line.contains("application_name=triage") && line.contains("SSL enabled")),
        "{log}"
    );
}
