//! The fault matrix: each source `triage investigate` asks (Prometheus,
//! PostgreSQL, Kubernetes, TLS) and each target `triage certs check` checks,
//! against every way a server fails — refused, unresolvable, silent, late,
//! cut off mid-answer, an error status, refused credentials, malformed or
//! truncated or 100 MB answers, another protocol on the port. Every run must
//! report within `--timeout` + 1 s, name the failed source and its server
//! (never its credentials), keep everything the healthy sources returned, and
//! exit with the documented code. The healthy sources are real servers; the
//! faults are real servers behind a distorting proxy where the fault is in
//! the answer's timing or length, and small fake servers otherwise.

use crate::support::cert_lab::{Case, CertServer, ClosesMidHandshake, PlainHttp, Tarpit};
use crate::support::fault_proxy::{Distortion, FaultProxy, Greeting, RawServer};
use crate::support::kube_cluster::{FIXTURE_ANCHOR, KubeCluster, kubeconfig_for, load_fixtures};
use crate::support::mock_http::{Behaviour, MockHttp};
use crate::support::pg_sessions::Sessions;
use crate::support::postgres::{Options, SUPERUSER_PASSWORD, TestPostgres};
use crate::support::prometheus::TestPrometheus;
use crate::support::{ClosedPort, Outcome, Triage};
use serde_json::Value;
use std::any::Any;
use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(6);
/// Later than any run waits: the answer arrives after the report.
const LATE: Duration = Duration::from_secs(9);
const HUNDRED_MB: usize = 100 * 1024 * 1024;
/// `.invalid` never resolves (RFC 6761).
const UNRESOLVABLE: &str = "triage-fault.invalid";
const PROMETHEUS_PASSWORD: &str = "canary-prom-url-pass-61c0";
const KUBE_TOKEN: &str = "canary-kube-token-2f8a";
const WRONG_PG_PASSWORD: &str = "canary-wrong-pg-pass-c4d2";
const OUTSIDER_PASSWORD: &str = "canary-outsider-pass-7e19";
const SECRETS: [&str; 5] = [
    PROMETHEUS_PASSWORD,
    KUBE_TOKEN,
    WRONG_PG_PASSWORD,
    OUTSIDER_PASSWORD,
    SUPERUSER_PASSWORD,
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Source {
    Prometheus,
    Postgres,
    Kubernetes,
    Tls,
}

const SOURCES: [Source; 4] = [
    Source::Prometheus,
    Source::Postgres,
    Source::Kubernetes,
    Source::Tls,
];

impl Source {
    /// The source's name in the report's `sources`.
    fn record_name(self) -> &'static str {
        match self {
            Source::Prometheus => "prometheus",
            Source::Postgres => "postgres orders",
            Source::Kubernetes => "kubernetes",
            Source::Tls => "tls",
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum Fault {
    Refused,
    Dns,
    /// Accepts, reads the request, never answers.
    Hang,
    /// The real server's answer, after the deadline.
    Late,
    /// The real server's answer, cut off after a few hundred bytes.
    ClosedMidResponse,
    /// HTTP status; for PostgreSQL its equivalents (401: wrong password,
    /// 403: no CONNECT privilege, 503: the server at max_connections).
    Status(u16),
    MalformedJson,
    Truncated,
    HundredMegabytes,
    WrongProtocol,
}

const FAULTS: [Fault; 13] = [
    Fault::Refused,
    Fault::Dns,
    Fault::Hang,
    Fault::Late,
    Fault::ClosedMidResponse,
    Fault::Status(500),
    Fault::Status(503),
    Fault::Status(401),
    Fault::Status(403),
    Fault::MalformedJson,
    Fault::Truncated,
    Fault::HundredMegabytes,
    Fault::WrongProtocol,
];

/// Where a source is reached, and the server kept alive while it is.
struct Address {
    host: String,
    port: u16,
    /// For PostgreSQL: the role, password and database to connect with.
    login: Option<(&'static str, &'static str, &'static str)>,
    _server: Box<dyn Any + Send + Sync>,
}

impl Address {
    fn local(port: u16, server: impl Any + Send + Sync) -> Address {
        Address {
            host: "127.0.0.1".into(),
            port,
            login: None,
            _server: Box::new(server),
        }
    }

    fn unresolvable() -> Address {
        Address {
            host: UNRESOLVABLE.into(),
            port: 9,
            login: None,
            _server: Box::new(()),
        }
    }

    /// What the gap must name: the server (host and port), never its credentials.
    fn shown(&self) -> Vec<String> {
        match self.host.as_str() {
            UNRESOLVABLE => vec![UNRESOLVABLE.to_string()],
            host => vec![host.to_string(), self.port.to_string()],
        }
    }
}

/// The real servers every row's healthy sources use.
struct Healthy {
    prometheus: TestPrometheus,
    postgres: TestPostgres,
    /// The same server for every row's full database: at max_connections.
    full_postgres: TestPostgres,
    _full_sessions: Sessions,
    cluster: KubeCluster,
    tls: CertServer,
}

impl Healthy {
    fn start() -> Healthy {
        let postgres = TestPostgres::start();
        postgres.psql("CREATE DATABASE restricted");
        postgres.psql("REVOKE CONNECT ON DATABASE restricted FROM PUBLIC");
        postgres.psql(&format!(
            "CREATE ROLE outsider LOGIN PASSWORD '{OUTSIDER_PASSWORD}'"
        ));
        let full_postgres = TestPostgres::start_with(Options {
            settings: vec![
                "max_connections=3".into(),
                "superuser_reserved_connections=0".into(),
                "log_connections=on".into(),
            ],
            files: Vec::new(),
        });
        let mut full_sessions = Sessions::new();
        for _ in 0..3 {
            full_sessions.open(
                &full_postgres.dsn_as("postgres", SUPERUSER_PASSWORD, "app"),
                "",
            );
        }
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/k8s/incident");
        let objects = load_fixtures(&dir, FIXTURE_ANCHOR.parse().unwrap(), chrono::Utc::now());
        Healthy {
            prometheus: TestPrometheus::start(&crate::prom::incident().text()),
            postgres,
            full_postgres,
            _full_sessions: full_sessions,
            cluster: KubeCluster::start(objects),
            tls: CertServer::start(Case::ExpiredLeaf),
        }
    }

    fn real_port(&self, source: Source) -> u16 {
        match source {
            Source::Prometheus => port_of(&self.prometheus.url()),
            Source::Postgres => self.postgres.port,
            Source::Kubernetes => port_of(&self.cluster.url()),
            Source::Tls => self.tls.port,
        }
    }

    fn address(&self, source: Source) -> Address {
        Address::local(self.real_port(source), ())
    }
}

/// The fault as `source` would meet it, or `None` where the protocol has
/// no such thing (a TLS endpoint has no HTTP status). `real_port` is the
/// healthy server behind the proxy faults; `full_postgres_port` a PostgreSQL
/// at max_connections.
fn faulty(
    source: Source,
    fault: Fault,
    real_port: u16,
    full_postgres_port: u16,
) -> Option<Address> {
    let http = matches!(source, Source::Prometheus | Source::Kubernetes);
    let mock = |behaviour: Behaviour| {
        let server = MockHttp::start(behaviour);
        Address::local(server.port, server)
    };
    let proxy = |distortion: Distortion| {
        let proxy = FaultProxy::start(real_port, distortion);
        Address::local(proxy.port, proxy)
    };
    let raw = |greeting: Greeting| {
        let server = RawServer::start(greeting);
        Address::local(server.port, server)
    };
    Some(match fault {
        Fault::Refused => {
            let closed = ClosedPort::new();
            Address::local(closed.port, closed)
        }
        Fault::Dns => Address::unresolvable(),
        Fault::Hang if http => mock(Behaviour::Hang),
        Fault::Hang => {
            let tarpit = Tarpit::start();
            Address::local(tarpit.port, tarpit)
        }
        Fault::Late => proxy(Distortion::Late(LATE)),
        Fault::ClosedMidResponse => proxy(Distortion::CutAfter(200)),
        Fault::Status(status) if http => mock(Behaviour::json(status, &error_body(source, status))),
        Fault::Status(401) if source == Source::Postgres => Address {
            login: Some(("postgres", WRONG_PG_PASSWORD, "postgres")),
            ..Address::local(real_port, ())
        },
        Fault::Status(403) if source == Source::Postgres => Address {
            login: Some(("outsider", OUTSIDER_PASSWORD, "restricted")),
            ..Address::local(real_port, ())
        },
        Fault::Status(503) if source == Source::Postgres => Address::local(full_postgres_port, ()),
        Fault::Status(_) => return None,
        Fault::MalformedJson if http => {
            mock(Behaviour::json(200, r#"{"status": success, "data": [}"#))
        }
        // The protocol's own malformed message: a length shorter than its header.
        Fault::MalformedJson if source == Source::Postgres => {
            raw(Greeting::Banner(b"R\x00\x00\x00\x02\x00\x00"))
        }
        Fault::MalformedJson => raw(Greeting::Banner(b"\x16\x03\x03\x00\x02\x0e\x00")),
        Fault::Truncated if http => mock(Behaviour::Truncated),
        Fault::Truncated if source == Source::Tls => {
            let server = ClosesMidHandshake::start();
            Address::local(server.port, server)
        }
        Fault::Truncated => proxy(Distortion::CutAfter(3)),
        Fault::HundredMegabytes if http => mock(Behaviour::Huge {
            bytes: HUNDRED_MB,
            content_length: false,
        }),
        Fault::HundredMegabytes => raw(Greeting::Flood(HUNDRED_MB)),
        Fault::WrongProtocol if source == Source::Tls || source == Source::Postgres => {
            let server = PlainHttp::start();
            Address::local(server.port, server)
        }
        Fault::WrongProtocol => raw(Greeting::Banner(b"SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n")),
    })
}

fn port_of(url: &str) -> u16 {
    url.rsplit(':')
        .next()
        .unwrap()
        .trim_end_matches('/')
        .parse()
        .unwrap()
}

/// What each API says with an error status.
fn error_body(source: Source, status: u16) -> String {
    match source {
        Source::Kubernetes => format!(
            r#"{{"kind":"Status","apiVersion":"v1","metadata":{{}},"status":"Failure","message":"injected fault","reason":"InternalError","code":{status}}}"#
        ),
        _ => r#"{"status":"error","errorType":"internal","error":"injected fault"}"#.to_string(),
    }
}

/// A second database and TLS endpoint, always healthy: a failing one must
/// not take its healthy sibling down with it.
#[derive(Clone, Copy)]
struct Siblings {
    postgres_port: u16,
    tls_port: u16,
}

/// A config naming `prometheus`, two databases, `kubernetes` and two TLS endpoints.
fn config(triage: &Triage, addresses: &[(Source, &Address)], siblings: Siblings) {
    let mut text = String::new();
    for (source, address) in addresses {
        let (host, port) = (&address.host, address.port);
        match source {
            Source::Prometheus => {
                let password = triage.home_file("secrets/prometheus", PROMETHEUS_PASSWORD);
                text.push_str(&format!(
                    "[env.lab.prometheus]\nurl = \"http://{host}:{port}\"\n\
                     basic_auth = {{ username = \"triage\", password_file = \"{}\" }}\n",
                    password.display()
                ));
            }
            Source::Postgres => {
                let (user, password, database) =
                    address.login.unwrap_or(("postgres", SUPERUSER_PASSWORD, "postgres"));
                let password = triage.home_file("secrets/postgres", password);
                text.push_str(&format!(
                    "[[env.lab.postgres]]\nname = \"orders\"\n\
                     dsn = \"postgresql://{user}@{host}:{port}/{database}?sslmode=disable\"\n\
                     password_file = \"{}\"\n",
                    password.display()
                ));
                let sibling = triage.home_file("secrets/billing", SUPERUSER_PASSWORD);
                text.push_str(&format!(
                    "[[env.lab.postgres]]\nname = \"billing\"\n\
                     dsn = \"postgresql://postgres@127.0.0.1:{}/postgres?sslmode=disable\"\n\
                     password_file = \"{}\"\n",
                    siblings.postgres_port,
                    sibling.display()
                ));
            }
            Source::Kubernetes => {
                let kubeconfig = triage.home_file(
                    "kube/config",
                    &kubeconfig_for(&format!("http://{host}:{port}"), KUBE_TOKEN, "api"),
                );
                text.push_str(&format!(
                    "[env.lab.kubernetes]\nkubeconfig = \"{}\"\n",
                    kubeconfig.display()
                ));
            }
            Source::Tls => text.push_str(&format!(
                "[[env.lab.tls]]\ntarget = \"{host}:{port}\"\nsni = \"localhost\"\nname = \"sms-provider\"\n\
                 [[env.lab.tls]]\ntarget = \"127.0.0.1:{}\"\nsni = \"localhost\"\nname = \"auth-provider\"\n",
                siblings.tls_port
            )),
        }
    }
    triage.home_file(".config/triage/config.toml", &text);
}

/// What one run gave: the outcome, how long it took, and the recorded bundle.
struct Run {
    outcome: Outcome,
    took: Duration,
    /// The recorded bundle as written, and parsed.
    bundle_text: String,
    bundle: Option<Value>,
}

/// `triage investigate -o json --record` with these sources.
fn investigate(addresses: &[(Source, &Address)], siblings: Siblings) -> Run {
    let triage = Triage::new();
    config(&triage, addresses, siblings);
    let files = tempfile::tempdir().unwrap();
    let bundle = files.path().join("evidence.json");
    let started = Instant::now();
    let outcome = triage
        .args([
            "-vvv",
            "--timeout",
            &format!("{}s", TIMEOUT.as_secs()),
            "investigate",
            "--since",
            "1h",
            "-o",
            "json",
        ])
        .arg_path("--record", &bundle)
        .run();
    let took = started.elapsed();
    let bundle_text = std::fs::read_to_string(&bundle).unwrap_or_default();
    Run {
        outcome,
        took,
        bundle: serde_json::from_str(&bundle_text).ok(),
        bundle_text,
    }
}

/// How much of a source's data a bundle holds: series, databases, objects, chains.
fn kept(bundle: &Value, source: Source) -> usize {
    let count = |value: &Value| value.as_array().map_or(0, Vec::len);
    match source {
        Source::Prometheus => bundle["prometheus"]["series"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|signal| count(&signal["series"]))
            .sum(),
        Source::Postgres => count(&bundle["postgres"]),
        Source::Kubernetes => ["pods", "deployments", "replicasets", "events", "nodes"]
            .iter()
            .map(|kind| count(&bundle["kubernetes"][kind]))
            .sum(),
        Source::Tls => bundle["tls"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|observation| match &observation["chain"] {
                Value::String(pem) => !pem.is_empty(),
                chain => count(chain) > 0,
            })
            .count(),
    }
}

type FindingKey = (String, String);

fn findings(report: &Value) -> BTreeSet<FindingKey> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["kind"].as_str().unwrap().into(),
                f["subject"].as_str().unwrap().into(),
            )
        })
        .collect()
}

fn record(report: &Value, source: Source) -> &Value {
    report["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|record| record["name"] == source.record_name())
        .unwrap_or_else(|| panic!("no record of {source:?}: {}", report["sources"]))
}

/// Everything the report says went wrong with a source: its error and its gaps.
fn trouble(record: &Value) -> String {
    let mut text = record["error"].as_str().unwrap_or_default().to_string();
    for gap in record["gaps"].as_array().into_iter().flatten() {
        text.push_str(" | ");
        text.push_str(gap.as_str().unwrap());
    }
    text
}

#[test]
fn investigate_survives_every_fault_of_every_source() {
    let healthy = Healthy::start();
    let healthy_addresses: Vec<(Source, Address)> = SOURCES
        .iter()
        .map(|&source| (source, healthy.address(source)))
        .collect();

    let siblings = Siblings {
        postgres_port: healthy.postgres.port,
        tls_port: healthy.tls.port,
    };
    // What each source gives on its own: what a row must keep of it.
    let alone: Vec<Alone> = healthy_addresses
        .iter()
        .map(|(source, address)| {
            let run = investigate(&[(*source, address)], siblings);
            let report: Value = serde_json::from_str(&run.outcome.stdout)
                .unwrap_or_else(|_| panic!("{source:?} alone: {}", run.outcome.stderr));
            assert_eq!(record(&report, *source)["status"], "ok", "{source:?} alone");
            let kept = kept(run.bundle.as_ref().unwrap(), *source);
            assert!(kept > 0, "{source:?} alone returns data to keep");
            Alone {
                findings: findings(&report),
                kept,
            }
        })
        .collect();

    let rows: Vec<(Source, Fault)> = SOURCES
        .iter()
        .flat_map(|&source| FAULTS.iter().map(move |&fault| (source, fault)))
        .collect();
    let next = Mutex::new(rows.into_iter());
    let failures = Mutex::new(Vec::<String>::new());
    let ran = Mutex::new(Vec::<String>::new());
    std::thread::scope(|scope| {
        // Two at a time: the slow rows overlap, and a 2-core machine is not swamped.
        for _ in 0..2 {
            scope.spawn(|| {
                loop {
                    let Some((source, fault)) = next.lock().unwrap().next() else {
                        return;
                    };
                    let real_port = healthy.real_port(source);
                    let full_postgres_port = healthy.full_postgres.port;
                    let Some(faulty) = faulty(source, fault, real_port, full_postgres_port) else {
                        ran.lock()
                            .unwrap()
                            .push(format!("{source:?} × {fault:?}: not applicable"));
                        continue;
                    };
                    let addresses: Vec<(Source, &Address)> = healthy_addresses
                        .iter()
                        .map(|(other, address)| {
                            (*other, if *other == source { &faulty } else { address })
                        })
                        .collect();
                    let run = investigate(&addresses, siblings);
                    let verdict = check_row(source, &faulty, &run, &alone);
                    let line = format!("{source:?} × {fault:?}: {:.1?}", run.took);
                    ran.lock().unwrap().push(line.clone());
                    if let Err(why) = verdict {
                        failures.lock().unwrap().push(format!("{line}: {why}"));
                    }
                }
            });
        }
    });
    // The full server was asked once (the 503 row) and triage gave up: no retry.
    let full_log = healthy.full_postgres.log();
    let refusals = full_log.matches("sorry, too many clients already").count();
    assert_eq!(
        refusals, 1,
        "connection attempts at max_connections:\n{full_log}"
    );
    let ran = ran.into_inner().unwrap();
    let not_applicable = ran
        .iter()
        .filter(|line| line.ends_with("not applicable"))
        .count();
    // PostgreSQL has no HTTP 500; TLS has no statuses at all: 52 pairs, 47 rows.
    assert_eq!(not_applicable, 5, "{ran:#?}");
    let failures = failures.into_inner().unwrap();
    assert!(
        failures.is_empty(),
        "{} rows failed:\n{}\n\nall rows:\n{}",
        failures.len(),
        failures.join("\n"),
        ran.join("\n")
    );
}

/// What a source gives when it is the only one configured.
struct Alone {
    findings: BTreeSet<FindingKey>,
    kept: usize,
}

fn check_row(source: Source, faulty: &Address, run: &Run, alone: &[Alone]) -> Result<(), String> {
    let (outcome, took) = (&run.outcome, run.took);
    if took > TIMEOUT + Duration::from_secs(1) {
        return Err(format!("took {took:?}, over --timeout + 1 s"));
    }
    for secret in SECRETS {
        if outcome.stdout.contains(secret) || outcome.stderr.contains(secret) {
            return Err(format!("the output shows the secret {secret}"));
        }
        if run.bundle_text.contains(secret) {
            return Err(format!("the bundle holds the secret {secret}"));
        }
    }
    if outcome.stderr.contains("panicked") {
        return Err(format!("panic: {}", outcome.stderr));
    }
    let report: Value = serde_json::from_str(&outcome.stdout)
        .map_err(|err| format!("no JSON report ({err}); stderr: {}", tail(&outcome.stderr)))?;
    if outcome.code != 2 {
        return Err(format!(
            "exit {} (the healthy sources' critical findings make it 2): {}",
            outcome.code, report["summary"]
        ));
    }
    let failed = record(&report, source);
    let said = trouble(failed);
    // A source with one server fails as a whole; of several TLS endpoints,
    // the one that failed is a gap of a source that still answered.
    let named = match source {
        Source::Tls => failed["gaps"].as_array().is_some_and(|g| !g.is_empty()),
        _ => failed["status"] == "failed",
    };
    if !named {
        return Err(format!("the failure is not reported: {failed}"));
    }
    if !faulty
        .shown()
        .iter()
        .all(|part| said.contains(part.as_str()))
    {
        return Err(format!(
            "the gap does not name {:?}: {said}",
            faulty.shown()
        ));
    }
    let found = findings(&report);
    let bundle = run
        .bundle
        .as_ref()
        .ok_or("no evidence bundle was recorded")?;
    for (other, expected) in SOURCES.iter().zip(alone) {
        if *other == source {
            // Of two databases or two endpoints, the healthy one is kept.
            let sibling_kept = match source {
                Source::Postgres | Source::Tls => kept(bundle, source) == expected.kept - 1,
                Source::Prometheus | Source::Kubernetes => true,
            };
            if !sibling_kept {
                return Err(format!("the healthy sibling of {source:?} was lost"));
            }
            continue;
        }
        if record(&report, *other)["status"] != "ok" {
            return Err(format!("{other:?} was lost: {}", record(&report, *other)));
        }
        let missing: Vec<&FindingKey> = expected.findings.difference(&found).collect();
        if !missing.is_empty() {
            return Err(format!("{other:?}'s findings were lost: {missing:?}"));
        }
        if kept(bundle, *other) != expected.kept {
            return Err(format!(
                "{other:?}'s data was not all kept: {} of {}",
                kept(bundle, *other),
                expected.kept
            ));
        }
    }
    Ok(())
}

fn tail(text: &str) -> &str {
    &text[text.len().saturating_sub(2000)..]
}

#[test]
fn certs_check_survives_every_fault_of_a_target() {
    let healthy = CertServer::start(Case::ExpiredLeaf);
    let mut failures = Vec::new();
    let mut checked = 0;
    for fault in FAULTS {
        let Some(faulty) = faulty(Source::Tls, fault, healthy.port, 0) else {
            continue;
        };
        checked += 1;
        let started = Instant::now();
        let outcome = Triage::new()
            .args([
                "--timeout",
                &format!("{}s", TIMEOUT.as_secs()),
                "certs",
                "check",
                &format!("127.0.0.1:{}", healthy.port),
                &format!("{}:{}", faulty.host, faulty.port),
                "--sni",
                "localhost",
                "-o",
                "json",
            ])
            .run();
        let took = started.elapsed();
        if let Err(why) = check_certs_row(&faulty, &outcome, took) {
            failures.push(format!("{fault:?} ({took:.1?}): {why}"));
        }
    }
    assert_eq!(checked, 9, "every fault a TLS endpoint can have");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn check_certs_row(faulty: &Address, outcome: &Outcome, took: Duration) -> Result<(), String> {
    if took > TIMEOUT + Duration::from_secs(1) {
        return Err(format!("took {took:?}, over --timeout + 1 s"));
    }
    let report: Value = serde_json::from_str(&outcome.stdout)
        .map_err(|err| format!("no JSON report ({err}); stderr: {}", tail(&outcome.stderr)))?;
    // The worst target decides: the expired healthy one, CRITICAL, outranks the unknown.
    if outcome.code != 2 {
        return Err(format!("exit {}: {}", outcome.code, report["summary"]));
    }
    let targets = report["targets"].as_array().unwrap();
    let expired = targets.iter().find(|t| {
        t["problems"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["kind"] == "expired")
    });
    if expired.is_none() {
        return Err(format!(
            "the healthy target's verdict was lost: {targets:?}"
        ));
    }
    let failed = targets
        .iter()
        .find(|t| {
            t["target"].as_str().unwrap().starts_with(&faulty.host)
                && t["presented"].as_array().unwrap().is_empty()
        })
        .ok_or_else(|| format!("no verdict for the faulty target: {targets:?}"))?;
    let message = failed["error"]["message"].as_str().unwrap_or_default();
    if failed["status"] == "OK" || message.is_empty() {
        return Err(format!(
            "the faulty target is not reported as failed: {failed}"
        ));
    }
    Ok(())
}
