//! `triage config check --connect` against real servers: a real Prometheus, a
//! real PostgreSQL, the Kubernetes API fixture and a real TLS handshake.

use crate::support::kube_api::{KubeApi, empty_pod_list};
use crate::support::postgres::{SUPERUSER_PASSWORD, TestPostgres};
use crate::support::prometheus::TestPrometheus;
use crate::support::tls_server::TlsServer;
use crate::support::{ClosedPort, Triage};
use std::time::{Duration, Instant};

fn status_lines(stdout: &str) -> Vec<&str> {
    stdout
        .lines()
        .filter(|line| line.starts_with("OK ") || line.starts_with("FAIL "))
        .collect()
}

#[test]
fn every_real_source_answers() {
    let prometheus = TestPrometheus::start("");
    let postgres = TestPostgres::start();
    let kube = KubeApi::start(
        [(
            "/api/v1/namespaces/api/pods".to_string(),
            (200, empty_pod_list()),
        )]
        .into(),
    );
    let tls = TlsServer::self_signed("localhost", -1, 90);

    let triage = Triage::new();
    let password = triage.home_file("secrets/pg", SUPERUSER_PASSWORD);
    // Prometheus ignores the token, but triage sends it: it must not show up in any log.
    let token = triage.home_file("secrets/prom", "canary-prometheus-token-77e1");
    let kubeconfig = triage.home_file("kube/config", &kube.kubeconfig("fixture-token", "api"));
    triage.home_file(
        ".config/triage/config.toml",
        &format!(
            "[env.lab.prometheus]\nurl = \"{}\"\nbearer_token_file = \"{}\"\n[[env.lab.postgres]]\nname = \"main\"\ndsn = \"{}\"\npassword_file = \"{}\"\n[env.lab.kubernetes]\nkubeconfig = \"{}\"\n[[env.lab.tls]]\ntarget = \"127.0.0.1:{}\"\nsni = \"localhost\"\n",
            prometheus.url(),
            token.display(),
            postgres.dsn(),
            password.display(),
            kubeconfig.display(),
            tls.port
        ),
    );
    // At trace level too, no secret may reach stdout or stderr.
    let outcome = triage.args(["config", "check", "--connect", "-vvv"]).run();
    outcome
        .code(0)
        .stdout_has("Prometheus-compatible, version 2.")
        .stdout_has("PostgreSQL 15.")
        .stdout_has("read-only session")
        .stdout_has("Kubernetes v1.33.2, may list pods in namespaces api")
        .stdout_has("CN=localhost, expires in 90 days")
        .stdout_has("OK: 4 of 4 sources answered")
        .never_shows(SUPERUSER_PASSWORD)
        .never_shows("canary-prometheus-token-77e1")
        .never_shows("fixture-token");
    assert_eq!(status_lines(&outcome.stdout).len(), 4, "{}", outcome.stdout);

    let seen = kube.requests.lock().unwrap().clone();
    assert!(
        seen.iter().all(|request| request.starts_with("GET ")),
        "only reads: {seen:?}"
    );
    // The backend may take a moment to exit after triage has.
    let deadline = Instant::now() + Duration::from_secs(5);
    let sessions = loop {
        let sessions = postgres
            .psql("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'triage'");
        if sessions == "0" || Instant::now() > deadline {
            break sessions;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(sessions, "0", "triage closed its session");
}

#[test]
fn some_sources_failing_is_critical_and_none_answering_is_unknown() {
    let prometheus = TestPrometheus::start("");
    let closed_port = ClosedPort::new();
    let closed = closed_port.port;
    let outcome = Triage::new()
        .args([
            "config",
            "check",
            "--connect",
            "--prometheus",
            &prometheus.url(),
            "--tls",
            &format!("127.0.0.1:{closed}"),
        ])
        .run();
    outcome
        .code(2)
        .stdout_has("connection refused")
        .stdout_has("CRITICAL: 1 of 2 sources answered");

    Triage::new()
        .args([
            "config",
            "check",
            "--connect",
            "--prometheus",
            &format!("http://127.0.0.1:{closed}"),
        ])
        .run()
        .code(3)
        .stdout_has("FAIL")
        .stdout_has("connection refused");
}

#[test]
fn a_wrong_database_password_is_named() {
    let postgres = TestPostgres::start();
    let dsn = format!("{} password=wrong-canary-pw", postgres.dsn());
    Triage::new()
        .args(["config", "check", "--connect", "--postgres", &dsn])
        .run()
        .code(3)
        .stdout_has("password authentication failed for user \"postgres\"")
        .never_shows("wrong-canary-pw");
}

#[test]
fn kubernetes_rbac_denial_is_named() {
    let forbidden = r#"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"pods is forbidden: User \"oncall\" cannot list resource \"pods\" in API group \"\" in the namespace \"payments\"","reason":"Forbidden","code":403}"#;
    let kube = KubeApi::start(
        [(
            "/api/v1/namespaces/payments/pods".to_string(),
            (403, forbidden.to_string()),
        )]
        .into(),
    );
    let triage = Triage::new();
    let kubeconfig = triage.home_file("kube/config", &kube.kubeconfig("t", "default"));
    triage
        .args(["config", "check", "--connect", "-n", "payments"])
        .env("KUBECONFIG", kubeconfig)
        .run()
        .code(3)
        .stdout_has("cannot list pods in namespace payments: HTTP 403: pods is forbidden");
}

#[test]
fn a_server_that_never_answers_is_bounded_by_the_timeout() {
    // Accepts connections and never says a word.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let _held = std::thread::spawn(move || {
        let held: Vec<_> = listener.incoming().take(4).collect();
        std::thread::sleep(Duration::from_secs(30));
        drop(held);
    });
    let started = Instant::now();
    let outcome = Triage::new()
        .args([
            "--timeout",
            "2s",
            "config",
            "check",
            "--connect",
            "--prometheus",
            &format!("http://127.0.0.1:{port}"),
        ])
        .run();
    let elapsed = started.elapsed();
    outcome.code(3).stdout_has("FAIL").stdout_has("timed out");
    assert!(
        elapsed < Duration::from_millis(3500),
        "took {elapsed:?}: more than --timeout + 1s, plus process start-up"
    );
}

/// A kubeconfig whose exec credential plugin runs `script`.
fn kubeconfig_with_plugin(kube: &KubeApi, script: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Config\ncurrent-context: c\nclusters:\n- name: c\n  cluster:\n    server: {}\ncontexts:\n- name: c\n  context:\n    cluster: c\n    user: u\nusers:\n- name: u\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: sh\n      args: [\"-c\", {script:?}]\n      env:\n      - name: CLOUD_SECRET\n        value: canary-plugin-env-secret\n",
        kube.url()
    )
}

#[test]
fn a_failing_credential_plugin_leaks_nothing() {
    let kube = KubeApi::start(Default::default());
    let triage = Triage::new();
    let kubeconfig = triage.home_file(
        "kube/config",
        &kubeconfig_with_plugin(
            &kube,
            "echo canary-plugin-output; echo canary-plugin-stderr >&2; exit 1",
        ),
    );
    triage
        .args(["config", "check", "--connect", "-o", "json", "-vv"])
        .env("KUBECONFIG", kubeconfig)
        .run()
        .code(3)
        .stdout_has("credentials could not be obtained")
        .never_shows("canary-plugin-env-secret")
        .never_shows("canary-plugin-output");
}

#[test]
fn a_hanging_credential_plugin_is_bounded_by_the_timeout() {
    let kube = KubeApi::start(Default::default());
    let triage = Triage::new();
    let kubeconfig = triage.home_file("kube/config", &kubeconfig_with_plugin(&kube, "sleep 6"));
    let started = Instant::now();
    triage
        .args(["--timeout", "2s", "config", "check", "--connect"])
        .env("KUBECONFIG", kubeconfig)
        .run()
        .code(3)
        .stdout_has("credential plugin gave no answer within 2s");
    let elapsed = started.elapsed();
    assert!(elapsed < Duration::from_millis(3500), "took {elapsed:?}");
}
