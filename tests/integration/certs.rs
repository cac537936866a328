//! `triage certs check` against real TLS servers on loopback (certificates
//! made in the test), a real PostgreSQL with `ssl = on`, and fault servers;
//! every case's verdict is cross-checked with `openssl s_client`.

use crate::support::Triage;
use crate::support::cert_lab::{
    Case, CertServer, ClosesMidHandshake, PlainHttp, Tarpit, TarpitFarm, openssl_verdict,
    refused_port,
};
use crate::support::postgres::TestPostgres;
use serde_json::Value;

/// `certs check 127.0.0.1:PORT --sni localhost`: one address, the name the
/// lab's certificates are made for (as openssl is run: -connect, -servername).
fn check(server: &CertServer, extra: &[&str]) -> crate::support::Outcome {
    let target = format!("127.0.0.1:{}", server.port);
    let mut args = vec!["certs", "check", &target, "--sni", server.verify_name];
    let ca = server.ca_file.to_string_lossy().into_owned();
    args.extend(["--ca-file", &ca]);
    args.extend(extra);
    Triage::new().args(args).run()
}

fn json(outcome: &crate::support::Outcome) -> Value {
    serde_json::from_str(&outcome.stdout).unwrap_or_else(|err| {
        panic!(
            "not JSON ({err}):\n{}\n--- stderr\n{}",
            outcome.stdout, outcome.stderr
        )
    })
}

fn problem_kinds(target: &Value) -> Vec<String> {
    target["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["kind"].as_str().unwrap().to_string())
        .collect()
}

/// The problems that mean a client would refuse the connection.
const REFUSALS: &[&str] = &[
    "expired",
    "not-yet-valid",
    "untrusted",
    "self-signed",
    "missing-intermediate",
    "hostname-mismatch",
    "weak-key",
    "weak-signature",
    "handshake-failed",
];

/// The problem triage must name for each case.
fn expected_problem(case: Case) -> Option<&'static str> {
    match case {
        Case::Valid => None,
        Case::ExpiresIn5Days => Some("expires-soon"),
        Case::ExpiredLeaf | Case::ExpiredIntermediate => Some("expired"),
        Case::NotYetValid => Some("not-yet-valid"),
        Case::SelfSigned => Some("self-signed"),
        Case::WrongHost => Some("hostname-mismatch"),
        Case::MissingIntermediate => Some("missing-intermediate"),
        Case::Rsa1024 => Some("weak-key"),
        Case::Sha1Signature => Some("weak-signature"),
    }
}

#[test]
fn every_case_agrees_with_openssl() {
    let mut disagreements = Vec::new();
    for case in Case::ALL {
        let server = CertServer::start(case);
        let openssl = openssl_verdict(server.port, server.verify_name, &server.ca_file, None);
        let outcome = check(&server, &["-o", "json"]);
        let report = json(&outcome);
        let target = &report["targets"][0];
        let kinds = problem_kinds(target);
        let triage_refuses = kinds.iter().any(|kind| REFUSALS.contains(&kind.as_str()));
        if triage_refuses == openssl.verified {
            disagreements.push(format!(
                "{case:?}: openssl verified={} ({}), triage problems {kinds:?}",
                openssl.verified, openssl.error
            ));
        }
        match expected_problem(case) {
            None => {
                assert_eq!(outcome.code, 0, "{case:?}: {}", outcome.stdout);
                assert!(kinds.is_empty(), "{case:?}: {kinds:?}");
            }
            Some(kind) => {
                assert_eq!(outcome.code, 2, "{case:?} is CRITICAL: {}", outcome.stdout);
                assert!(
                    kinds.iter().any(|k| k == kind),
                    "{case:?}: expected {kind} in {kinds:?}"
                );
            }
        }
    }
    assert!(disagreements.is_empty(), "{disagreements:#?}");
}

#[test]
fn the_expired_intermediate_is_named_while_the_leaf_is_fine() {
    let server = CertServer::start(Case::ExpiredIntermediate);
    let outcome = check(&server, &["-o", "json"]);
    let target = &json(&outcome)["targets"][0];
    let expired: Vec<u64> = target["problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["kind"] == "expired")
        .map(|p| p["position"].as_u64().unwrap())
        .collect();
    assert_eq!(expired, vec![1], "{}", outcome.stdout);
    assert_eq!(target["presented"][1]["role"], "intermediate");
    assert!(target["presented"][0]["days_left"].as_f64().unwrap() > 30.0);
}

#[test]
fn the_presented_chain_and_the_chain_a_client_builds_are_both_shown() {
    let server = CertServer::start(Case::Valid);
    let outcome = check(&server, &["-o", "json"]);
    let target = &json(&outcome)["targets"][0];
    assert_eq!(target["presented"].as_array().unwrap().len(), 2);
    let built = target["trust"]["built_chain"].as_array().unwrap();
    assert_eq!(built.len(), 3, "leaf, intermediate, root: {built:?}");
    assert_eq!(
        target["trust"]["trusted_by"],
        serde_json::json!(["ca-file"])
    );
    assert!(target["protocol"].as_str().unwrap().starts_with("TLS 1."));
    assert!(!target["cipher_suite"].as_str().unwrap().is_empty());
    let markdown = check(&server, &["-o", "markdown"]);
    markdown.code(0).stdout_has("## TLS certificates: OK");
}

#[test]
fn wrong_host_names_the_names_presented() {
    let server = CertServer::start(Case::WrongHost);
    check(&server, &[])
        .code(2)
        .stdout_has("wrong host: the certificate is for www.example.org, not localhost");
}

#[test]
fn starttls_smtp_and_the_postgres_ssl_request_are_spoken() {
    let smtp = CertServer::smtp_starttls(Case::Valid);
    assert!(openssl_verdict(smtp.port, smtp.verify_name, &smtp.ca_file, Some("smtp")).verified);
    check(&smtp, &["--starttls", "smtp", "-o", "json"]).code(0);
    // Without STARTTLS the SMTP greeting is not TLS: a clear error, not a hang.
    check(&smtp, &["--starttls", "none"])
        .code(3)
        .stdout_has("does not speak TLS");
    let postgres = CertServer::postgres_sslrequest(Case::ExpiredLeaf);
    check(&postgres, &["--starttls", "postgres"])
        .code(2)
        .stdout_has("expired");
}

#[test]
fn a_target_file_carries_per_line_options() {
    let smtp = CertServer::smtp_starttls(Case::Valid);
    let tls = CertServer::start(Case::Valid);
    let triage = Triage::new();
    let targets = triage.home_file(
        "targets.txt",
        &format!(
            "# relays\n127.0.0.1:{} starttls=smtp sni=localhost\n\n127.0.0.1:{} sni=localhost # api\n",
            smtp.port, tls.port
        ),
    );
    // Each lab server has its own root: trust both.
    let roots = [&smtp.ca_file, &tls.ca_file].map(|file| std::fs::read_to_string(file).unwrap());
    let ca_file = triage.home_file("roots.pem", &roots.concat());
    let outcome = triage
        .args(["certs", "check", "-o", "jsonl"])
        .arg_path("--ca-file", &ca_file)
        .arg_path("--file", &targets)
        .run();
    outcome.code(0);
    let lines: Vec<Value> = outcome
        .stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{}", outcome.stdout);
    assert!(
        lines
            .iter()
            .all(|line| line["status"] == "OK" && line["checked_at"].is_string())
    );
}

#[test]
fn the_real_postgres_with_ssl_on_is_checked_through_its_ssl_request() {
    let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "certs test CA");
    let ca = rcgen::CertifiedIssuer::self_signed(ca_params, rcgen::KeyPair::generate().unwrap())
        .unwrap();
    let mut params = rcgen::CertificateParams::new(vec!["localhost".to_string()]).unwrap();
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "localhost");
    let key = rcgen::KeyPair::generate().unwrap();
    let server = params.signed_by(&key, &ca).unwrap();
    let postgres = TestPostgres::start_with_tls(&server.pem(), &key.serialize_pem());
    let triage = Triage::new();
    let ca_file = triage.home_file("ca.pem", &ca.pem());
    let outcome = triage
        .args([
            "certs",
            "check",
            &format!("localhost:{}", postgres.port),
            "--starttls",
            "postgres",
            "-o",
            "json",
        ])
        .arg_path("--ca-file", &ca_file)
        .run();
    outcome.code(0);
    let target = &json(&outcome)["targets"][0];
    assert_eq!(target["starttls"], "postgres");
    assert!(
        target["protocol"].as_str().unwrap().starts_with("TLS 1."),
        "{}",
        outcome.stdout
    );
    assert_eq!(target["presented"][0]["subject"], "CN=localhost");
}

#[test]
fn a_server_below_tls_1_2_is_a_warning_not_an_outage() {
    let server = CertServer::tls10_only();
    check(&server, &["--unknown-as", "critical"])
        .code(1)
        .stdout_has("peer requires a TLS version below 1.2");
}

#[test]
fn faults_become_unknown_with_their_reason_and_never_hide_the_rest() {
    let good = CertServer::start(Case::Valid);
    let tarpit = Tarpit::start();
    let refused = refused_port();
    let http = PlainHttp::start();
    let closes = ClosesMidHandshake::start();
    let targets = [
        format!("127.0.0.1:{}", good.port),
        format!("127.0.0.1:{}", tarpit.port),
        format!("127.0.0.1:{}", refused.port),
        format!("127.0.0.1:{}", http.port),
        format!("127.0.0.1:{}", closes.port),
        "no-such-host.invalid:443".to_string(),
    ];
    let run = |extra: &[&str]| {
        Triage::new()
            .args([
                "certs",
                "check",
                "--sni",
                "localhost",
                "--handshake-timeout",
                "1s",
            ])
            .args(&targets)
            .arg_path("--ca-file", &good.ca_file)
            .args(extra)
            .run()
    };
    let outcome = run(&["-o", "json"]);
    outcome.code(3);
    let report = json(&outcome);
    let summaries: Vec<(String, String)> = report["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["status"].as_str().unwrap().to_string(),
                t["summary"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expect = [
        ("OK", "expires in"),
        (
            "UNKNOWN",
            "accepted the connection but completed no TLS handshake within 1s",
        ),
        ("UNKNOWN", "connection refused"),
        ("UNKNOWN", "does not speak TLS"),
        ("UNKNOWN", "closed the connection during the TLS handshake"),
        ("UNKNOWN", "cannot resolve 'no-such-host.invalid'"),
    ];
    for ((status, summary), (want_status, want_text)) in summaries.iter().zip(expect) {
        assert!(
            status == want_status && summary.contains(want_text),
            "{summaries:#?}"
        );
    }
    assert_eq!(summaries.len(), expect.len());
    run(&["--unknown-as", "critical"]).code(2);
    run(&["--unknown-as", "warning"]).code(1);
}

#[test]
fn the_overall_deadline_ends_the_run_and_names_what_was_not_reached() {
    let farm = TarpitFarm::start(12);
    let targets: Vec<String> = farm
        .ports
        .iter()
        .map(|port| format!("127.0.0.1:{port}"))
        .collect();
    let started = std::time::Instant::now();
    let outcome = Triage::new()
        .args([
            "--timeout",
            "2s",
            "certs",
            "check",
            "--concurrency",
            "4",
            "-o",
            "json",
        ])
        .args(&targets)
        .run();
    let took = started.elapsed();
    outcome.code(3);
    assert!(took < std::time::Duration::from_secs(6), "took {took:?}");
    let report = json(&outcome);
    let targets = report["targets"].as_array().unwrap();
    assert_eq!(targets.len(), 12);
    assert!(targets.iter().all(|t| t["status"] == "UNKNOWN"));
    assert!(
        targets.iter().any(|t| t["summary"]
            .as_str()
            .unwrap()
            .contains("not checked before the overall deadline")),
        "{}",
        outcome.stdout
    );
}

#[test]
fn certificate_files_on_disk_are_judged_on_their_dates() {
    let expired = CertServer::start(Case::ExpiredLeaf);
    let valid = CertServer::start(Case::Valid);
    let triage = Triage::new();
    let pem = |server: &CertServer| -> String {
        server
            .chain
            .iter()
            .map(|der| pem::encode(&pem::Pem::new("CERTIFICATE", der.to_vec())))
            .collect()
    };
    triage.home_file("certs/expired.pem", &pem(&expired));
    triage.home_file("certs/valid.crt", &pem(&valid));
    let dir = triage.home_file(
        "certs/key.pem",
        "-----BEGIN PRIVATE KEY-----\nc2VjcmV0\n-----END PRIVATE KEY-----\n",
    );
    let outcome = triage
        .args(["certs", "check", "-o", "json"])
        .arg_path("--cert-file", dir.parent().unwrap())
        .run();
    outcome.code(2).never_shows("c2VjcmV0");
    let report = json(&outcome);
    let statuses: Vec<(&str, &str)> = report["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["target"].as_str().unwrap().rsplit('/').next().unwrap(),
                t["status"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        statuses,
        vec![("expired.pem", "CRITICAL"), ("valid.crt", "OK")]
    );
}

#[test]
fn prometheus_output_is_valid_for_the_textfile_collector() {
    let good = CertServer::start(Case::Valid);
    let expired = CertServer::start(Case::ExpiredLeaf);
    let refused = refused_port();
    let outcome = Triage::new()
        .args(["certs", "check", "--sni", "localhost", "-o", "prometheus"])
        .args([
            format!("127.0.0.1:{}", good.port),
            format!("127.0.0.1:{}", expired.port),
            format!("127.0.0.1:{}", refused.port),
        ])
        .arg_path("--ca-file", &good.ca_file)
        .run();
    outcome
        .code(2)
        .stdout_has("# TYPE triage_cert_not_after_seconds gauge")
        .stdout_has(&format!(
            "triage_cert_check_success{{target=\"127.0.0.1:{0}\",address=\"127.0.0.1:{0}\"}} 0",
            refused.port
        ))
        .stdout_has("problem=\"expired\"} 1");
    promtool_accepts(&outcome.stdout);
}

/// `promtool check metrics` accepts the text (as node_exporter would).
fn promtool_accepts(metrics: &str) {
    let promtool = std::process::Command::new("promtool")
        .args(["check", "metrics"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("promtool is installed (apt-get install prometheus; scripts/test does it)");
    use std::io::Write;
    promtool
        .stdin
        .as_ref()
        .unwrap()
        .write_all(metrics.as_bytes())
        .unwrap();
    let checked = promtool.wait_with_output().unwrap();
    assert!(
        checked.status.success(),
        "promtool check metrics: {}{}\n{metrics}",
        String::from_utf8_lossy(&checked.stdout),
        String::from_utf8_lossy(&checked.stderr),
    );
}

#[test]
fn the_same_host_twice_makes_distinct_series_and_quiet_keeps_the_metrics() {
    let good = CertServer::start(Case::Valid);
    let triage = Triage::new();
    // The same address with two server names: two checks, two sets of series.
    let targets = triage.home_file(
        "targets.txt",
        &format!(
            "127.0.0.1:{0} sni=localhost\n127.0.0.1:{0} sni=127.0.0.1\n",
            good.port
        ),
    );
    let outcome = triage
        .args(["-q", "certs", "check", "-o", "prometheus"])
        .arg_path("--file", &targets)
        .arg_path("--ca-file", &good.ca_file)
        .run();
    outcome
        .code(0)
        .stdout_has(&format!("target=\"127.0.0.1:{} sni=127.0.0.1\"", good.port));
    promtool_accepts(&outcome.stdout);
}

#[test]
fn nagios_output_is_one_status_line_with_perfdata() {
    let soon = CertServer::start(Case::ExpiresIn5Days);
    let outcome = check(&soon, &["-o", "nagios", "--warn", "30d", "--crit", "3d"]);
    outcome.code(1);
    let first = outcome.stdout.lines().next().unwrap();
    assert!(
        first.starts_with("CERTS WARNING - 1 WARNING of 1 check: "),
        "{first}"
    );
    let (_, perfdata) = first.split_once(" | ").expect("perfdata after |");
    let (label, rest) = perfdata.split_once('=').unwrap();
    assert_eq!(label, format!("'127.0.0.1:{}'", soon.port));
    let fields: Vec<&str> = rest.split(';').collect();
    let days: f64 = fields[0].parse().unwrap();
    assert!((4.99..=5.0).contains(&days), "{perfdata}");
    assert_eq!(&fields[1..], ["30:", "3:", "", ""], "{perfdata}");
    assert!(
        outcome
            .stdout
            .lines()
            .nth(1)
            .unwrap()
            .starts_with("WARNING 127.0.0.1:")
    );
}

#[test]
fn quiet_prints_nothing_when_all_is_well() {
    let good = CertServer::start(Case::Valid);
    let quiet = check(&good, &["-q"]);
    quiet.code(0);
    assert_eq!(quiet.stdout, "");
    let expired = CertServer::start(Case::ExpiredLeaf);
    check(&expired, &["-q"]).code(2).stdout_has("CRITICAL");
}

#[test]
fn a_percentage_threshold_scales_with_the_lifetime() {
    // 5 days left of an 85-day certificate is 5.9 % of its life.
    let soon = CertServer::start(Case::ExpiresIn5Days);
    check(&soon, &["--warn", "10%", "--crit", "5%"])
        .code(1)
        .stdout_has("warning threshold 10%");
    check(&soon, &["--warn", "4%", "--crit", "2%"]).code(0);
}

#[test]
fn bad_input_is_one_clear_error() {
    let triage = Triage::new();
    let targets = triage.home_file(
        "targets.txt",
        "ok.example.com\nbad.example.com colour=red\n",
    );
    triage
        .args(["certs", "check"])
        .arg_path("--file", &targets)
        .run()
        .code(3)
        .one_error_line()
        .stderr_has("targets.txt line 2: unknown option 'colour'");
    Triage::new()
        .args([
            "certs",
            "check",
            "x.example.com",
            "--ca-file",
            "/nonexistent/ca.pem",
        ])
        .run()
        .code(3)
        .one_error_line()
        .stderr_has("--ca-file /nonexistent/ca.pem");
    Triage::new()
        .args(["certs", "check"])
        .run()
        .code(3)
        .stderr_has("nothing to check");
    Triage::new()
        .args(["certs", "check", "x.example.com", "--warn", "soon"])
        .run()
        .code(3)
        .stderr_has("'soon' is not a duration");
    Triage::new()
        .args([
            "certs",
            "check",
            "x.example.com",
            "--warn",
            "3d",
            "--crit",
            "7d",
        ])
        .run()
        .code(3)
        .stderr_has("--warn 3d is closer to expiry than --crit 7d");
    let empty = Triage::new();
    let comments = empty.home_file("targets.txt", "# nothing yet\n\n");
    empty
        .args(["certs", "check"])
        .arg_path("--file", &comments)
        .run()
        .code(3)
        .one_error_line()
        .stderr_has("nothing to check");
    Triage::new()
        .args(["certs", "check", "x.example.com", "--starttls", "gopher"])
        .run()
        .code(3)
        .stderr_has("unknown STARTTLS protocol");
}
