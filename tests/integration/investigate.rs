//! `triage investigate` live against real parts — Prometheus holding an
//! incident, PostgreSQL, the Kubernetes API fixture, TLS servers — with one
//! source down; the recording replays to the same report; seed bundles.

use crate::support::cert_lab::{Case, CertServer};
use crate::support::kube_cluster::{FIXTURE_ANCHOR, KubeCluster, load_fixtures};
use crate::support::postgres::{Options, SUPERUSER_PASSWORD, TestPostgres, assert_only_reads};
use crate::support::prometheus::TestPrometheus;
use crate::support::{ClosedPort, Triage};
use serde_json::Value;
use std::path::Path;

const PROMETHEUS_TOKEN: &str = "canary-prometheus-token-5b1d";
const KUBE_TOKEN: &str = "canary-kube-token-93e0";
/// Planted in a pod's environment and annotations: must never reach a bundle.
const POD_SECRETS: [&str; 3] = [
    "canary-env-pass-41a7",
    "canary-url-pass-8c2e",
    "canary-applied-9d3f",
];

/// Every pod gets a password variable, a URL with credentials and a
/// last-applied annotation, as real clusters have.
fn plant_secrets(objects: &mut [Value]) {
    for object in objects.iter_mut().filter(|o| o["kind"] == "Pod") {
        object["metadata"]["annotations"]["kubectl.kubernetes.io/last-applied-configuration"] =
            Value::from(format!("{{\"password\":\"{}\"}}", POD_SECRETS[2]));
        for container in object["spec"]["containers"].as_array_mut().unwrap() {
            let env = container["env"].as_array().cloned().unwrap_or_default();
            let mut env = env;
            env.push(serde_json::json!({"name": "DB_PASSWORD", "value": POD_SECRETS[0]}));
            env.push(serde_json::json!({"name": "DATABASE_URL", "value": format!("postgres://app:{}@db/orders", POD_SECRETS[1])}));
            container["env"] = Value::from(env);
        }
    }
}

/// A config with every source, one database that is down, and the service map.
fn config(
    triage: &Triage,
    prometheus: &TestPrometheus,
    postgres: &TestPostgres,
    down: &ClosedPort,
    cluster: &KubeCluster,
    tls: &CertServer,
) -> std::path::PathBuf {
    let password = triage.home_file("secrets/pg", SUPERUSER_PASSWORD);
    let token = triage.home_file("secrets/prom", PROMETHEUS_TOKEN);
    let kubeconfig = triage.home_file("kube/config", &cluster.kubeconfig(KUBE_TOKEN, "api"));
    triage.home_file(
        ".config/triage/config.toml",
        &format!(
            r#"[env.lab.prometheus]
url = "{}"
bearer_token_file = "{}"
[[env.lab.postgres]]
name = "orders"
dsn = "{}"
password_file = "{}"
[[env.lab.postgres]]
name = "billing"
dsn = "host=127.0.0.1 port={} user=postgres dbname=postgres sslmode=disable connect_timeout=2"
password_file = "{}"
[env.lab.kubernetes]
kubeconfig = "{}"
[[env.lab.tls]]
target = "127.0.0.1:{}"
sni = "localhost"
name = "sms-provider"
[env.lab.services.api-server]
labels = {{ service = "api-server" }}
depends_on = ["orders", "sms-provider"]
"#,
            prometheus.url(),
            token.display(),
            postgres.dsn(),
            password.display(),
            down.port,
            password.display(),
            kubeconfig.display(),
            tls.port
        ),
    )
}

#[test]
fn a_live_investigation_reports_every_source_and_replays_to_the_same_report() {
    let prometheus = TestPrometheus::start(&crate::prom::incident().text());
    // Every statement logged with its application name: the proof that triage only reads.
    let postgres = TestPostgres::start_with(Options::audited());
    let down = ClosedPort::new();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/k8s/incident");
    let mut objects = load_fixtures(&dir, FIXTURE_ANCHOR.parse().unwrap(), chrono::Utc::now());
    plant_secrets(&mut objects);
    let cluster = KubeCluster::start(objects);
    let tls = CertServer::start(Case::ExpiredLeaf);
    let triage = Triage::new();
    config(&triage, &prometheus, &postgres, &down, &cluster, &tls);
    // Outside triage's home, which goes away with the run.
    let files = tempfile::tempdir().unwrap();
    let bundle = files.path().join("evidence.json");
    let report_file = files.path().join("report.md");
    let before = postgres.next_transaction_id();
    let live = triage
        .args([
            "-vvv",
            "--timeout",
            "20s",
            "investigate",
            "--since",
            "1h",
            "-o",
            "json",
        ])
        .arg_path("--record", &bundle)
        .run();
    live.code(2)
        .never_shows(PROMETHEUS_TOKEN)
        .never_shows(KUBE_TOKEN)
        .never_shows(SUPERUSER_PASSWORD);
    let report: Value = serde_json::from_str(&live.stdout).unwrap();
    assert_eq!(report["schema"], "triage.report/v1");
    let sources: Vec<(String, String)> = report["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["name"].as_str().unwrap().to_string(),
                s["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    for (name, status) in [
        ("prometheus", "ok"),
        ("postgres orders", "ok"),
        ("postgres billing", "failed"),
        ("kubernetes", "ok"),
        ("tls", "ok"),
    ] {
        assert!(
            sources.contains(&(name.to_string(), status.to_string())),
            "{name} {status}: {sources:?}"
        );
    }
    let causes: Vec<&str> = report["hypotheses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["cause"].as_str().unwrap())
        .collect();
    for expected in [
        "db-connection-exhaustion",
        "certificate-problem",
        "crash-loop",
    ] {
        assert!(causes.contains(&expected), "{expected} not in {causes:?}");
    }
    let recorded = std::fs::read_to_string(&bundle).unwrap();
    for secret in [PROMETHEUS_TOKEN, KUBE_TOKEN, SUPERUSER_PASSWORD]
        .into_iter()
        .chain(POD_SECRETS)
    {
        assert!(
            !recorded.contains(secret),
            "the bundle holds the secret {secret}"
        );
        assert!(
            !live.stdout.contains(secret),
            "the report shows the secret {secret}"
        );
    }
    assert!(
        recorded.contains("<redacted sha256:"),
        "the planted secrets were in the cluster"
    );

    // Read-only: Kubernetes saw only GETs, PostgreSQL only SELECTs from triage.
    assert!(
        cluster.methods().iter().all(|method| method == "GET"),
        "{:?}",
        cluster.methods()
    );
    // One session per database that answered (the other is down), and nothing written.
    assert_eq!(assert_only_reads(&postgres.triage_statements()), 1);
    assert_eq!(
        postgres.next_transaction_id(),
        before,
        "something was written"
    );

    // The replay needs no server: stop them all first.
    drop((prometheus, postgres, cluster, tls));
    let replay = Triage::new()
        .args(["investigate", "-o", "json"])
        .arg_path("--replay", &bundle)
        .run();
    replay.code(2);
    assert_eq!(
        replay.stdout, live.stdout,
        "the replay gives the live run's report"
    );
    let markdown = Triage::new()
        .args(["investigate"])
        .arg_path("--replay", &bundle)
        .arg_path("--output-file", &report_file)
        .run();
    markdown.code(2);
    assert_eq!(markdown.stdout, "", "the report went to the file");
    let text = std::fs::read_to_string(&report_file).unwrap();
    for section in [
        "## Summary",
        "## Probable root causes",
        "## Timeline (UTC)",
        "## Data gaps and sources",
        "## Appendix: every query run",
    ] {
        assert!(text.contains(section), "{section} missing:\n{text}");
    }
    assert!(
        text.contains("| postgres billing | FAILED: data gap |"),
        "{text}"
    );
}

#[test]
fn nothing_configured_or_nothing_reachable_is_unknown() {
    let down = ClosedPort::new();
    let outcome = Triage::new()
        .args([
            "--timeout",
            "5s",
            "investigate",
            "--prometheus",
            &format!("http://127.0.0.1:{}", down.port),
        ])
        .args(["--record", "/nonexistent/directory/evidence.json"])
        .run();
    outcome
        .code(3)
        .stdout_has("No source could be read")
        .stdout_has("| prometheus | FAILED: data gap |")
        .stderr_has("--record /nonexistent/directory/evidence.json")
        .stderr_has("the report follows");
}

#[test]
fn an_unreachable_tls_endpoint_is_a_named_gap_never_all_clear() {
    let down = ClosedPort::new();
    let target = format!("127.0.0.1:{}", down.port);
    Triage::new()
        .args(["--timeout", "5s", "investigate", "--tls", &target])
        .run()
        .code(3)
        .stdout_has("Nothing abnormal was found in what could be read; see the data gaps.")
        .stdout_has("| tls | consulted, with gaps |")
        .stdout_has(&format!("connection refused by {target}"));
}

#[test]
fn replaying_a_corrupt_or_foreign_bundle_is_one_clear_error() {
    let triage = Triage::new();
    let foreign = triage.home_file("other.json", r#"{"schema": "triage.evidence/v9"}"#);
    let corrupt = triage.home_file(
        "corrupt.json",
        "{\"schema\": \"triage.evidence/v1\", \"window\": 3",
    );
    Triage::new()
        .args(["investigate"])
        .arg_path("--replay", &foreign)
        .run()
        .code(3)
        .one_error_line()
        .stderr_has("schema 'triage.evidence/v9'; this triage reads 'triage.evidence/v1'");
    Triage::new()
        .args(["investigate"])
        .arg_path("--replay", &corrupt)
        .run()
        .code(3)
        .one_error_line()
        .stderr_has("not an evidence bundle");
    Triage::new()
        .args(["investigate", "--prometheus", "http://x"])
        .arg_path("--replay", &foreign)
        .run()
        .code(3)
        .stderr_has("source flags");
}

/// No amplification: against sources that answer 503 to everything, one
/// investigation sends a small fixed number of requests — no retry storm of
/// our own on top of whatever is already failing.
#[test]
fn failing_sources_get_no_retry_storm() {
    use crate::support::mock_http::{Behaviour, MockHttp};
    let unavailable = r#"{"status":"error","errorType":"unavailable","error":"overloaded"}"#;
    let prometheus = MockHttp::start(Behaviour::json(503, unavailable));
    let kubernetes = MockHttp::start(Behaviour::json(
        503,
        r#"{"kind":"Status","apiVersion":"v1","status":"Failure","message":"overloaded","code":503}"#,
    ));
    let triage = Triage::new();
    let kubeconfig = triage.home_file(
        "kube/config",
        &format!(
            "apiVersion: v1\nkind: Config\ncurrent-context: c\nclusters:\n- name: c\n  cluster:\n    server: {}\ncontexts:\n- name: c\n  context:\n    cluster: c\n    user: u\n    namespace: api\nusers:\n- name: u\n  user:\n    token: t\n",
            kubernetes.url()
        ),
    );
    let outcome = triage
        .args([
            "--timeout",
            "10s",
            "investigate",
            "--prometheus",
            &prometheus.url(),
        ])
        .arg_path("--kubeconfig", &kubeconfig)
        .run();
    outcome.code(3).stdout_has("No source could be read");
    let (to_prometheus, to_kubernetes) = (prometheus.request_count(), kubernetes.request_count());
    assert!(
        to_prometheus <= 4,
        "{to_prometheus} requests to a failing Prometheus: {:?}",
        prometheus.requests()
    );
    assert!(
        to_kubernetes <= 3,
        "{to_kubernetes} requests to a failing API server: {:?}",
        kubernetes.requests()
    );
}
