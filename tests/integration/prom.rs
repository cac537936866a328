//! `triage prom health|alerts|query` against a real Prometheus holding an
//! incident that started 20 minutes ago, next to healthy services.

use crate::support::Triage;
use crate::support::openmetrics::OpenMetrics;
use crate::support::prometheus::TestPrometheus;
use serde_json::Value;

/// The incident: api-server's errors, latency and DB pool jump 20 minutes ago;
/// one tenant floods notify, whose SMS provider answers 429; HAProxy's web1
/// takes 80% of the traffic; cors-api crash-loops. checkout and billing are fine.
pub fn incident() -> OpenMetrics {
    let mut m = OpenMetrics::new();
    let during = |ago: i64| ago <= 20;
    for instance in ["c1", "c2"] {
        let labels = [("service", "checkout"), ("instance", instance)];
        m.counter(
            "http_requests_total",
            &[labels[0], labels[1], ("status", "200")],
            |_| 5.0,
        );
        m.counter(
            "http_requests_total",
            &[labels[0], labels[1], ("status", "500")],
            |_| 0.005,
        );
        m.histogram("http_request_duration_seconds", &labels, |_| 5.0, |_| 0.08);
    }
    for instance in ["a1", "a2"] {
        let labels = [("service", "api-server"), ("instance", instance)];
        m.counter(
            "http_requests_total",
            &[labels[0], labels[1], ("status", "200")],
            move |ago| if during(ago) { 19.0 } else { 25.0 },
        );
        m.counter(
            "http_requests_total",
            &[labels[0], labels[1], ("status", "503")],
            move |ago| if during(ago) { 6.0 } else { 0.02 },
        );
        m.histogram(
            "http_request_duration_seconds",
            &labels,
            |_| 25.0,
            move |ago| if during(ago) { 2.8 } else { 0.15 },
        );
    }
    m.gauge(
        "hikaricp_connections_active",
        &[("service", "api-server"), ("pool", "main")],
        move |ago| {
            if during(ago) {
                98.0
            } else {
                40.0 + (ago % 3) as f64
            }
        },
    );
    m.gauge(
        "hikaricp_connections_max",
        &[("service", "api-server"), ("pool", "main")],
        |_| 100.0,
    );
    m.gauge(
        "hikaricp_connections_pending",
        &[("service", "api-server"), ("pool", "main")],
        move |ago| if during(ago) { 24.0 } else { 0.0 },
    );
    let pod = [
        ("namespace", "prod"),
        ("pod", "api-server-7d9f-1"),
        ("container", "api-server"),
    ];
    m.counter("container_cpu_usage_seconds_total", &pod, move |ago| {
        if during(ago) { 0.95 } else { 0.3 }
    });
    m.gauge("container_memory_working_set_bytes", &pod, |_| {
        300.0 * 1024.0 * 1024.0
    });
    m.gauge(
        "kube_pod_container_resource_limits",
        &[pod[0], pod[1], pod[2], ("resource", "cpu")],
        |_| 1.0,
    );
    m.gauge(
        "kube_pod_container_resource_limits",
        &[pod[0], pod[1], pod[2], ("resource", "memory")],
        |_| 512.0 * 1024.0 * 1024.0,
    );

    for (tenant, flood) in [("acme", true), ("beta", false), ("gamma", false)] {
        m.counter(
            "http_requests_total",
            &[
                ("service", "notify"),
                ("instance", "n1"),
                ("status", "200"),
                ("tenant", tenant),
            ],
            move |ago| if flood && during(ago) { 40.0 } else { 2.0 },
        );
    }
    m.counter(
        "http_client_requests_seconds_count",
        &[
            ("service", "notify"),
            ("client_name", "sms-provider"),
            ("status", "429"),
        ],
        move |ago| if during(ago) { 20.0 } else { 0.0 },
    );
    m.counter(
        "http_client_requests_seconds_count",
        &[
            ("service", "notify"),
            ("client_name", "sms-provider"),
            ("status", "200"),
        ],
        |_| 5.0,
    );

    m.counter(
        "haproxy_backend_http_requests_total",
        &[("proxy", "web")],
        |_| 30.0,
    );
    m.counter(
        "haproxy_backend_http_responses_total",
        &[("proxy", "web"), ("code", "2xx")],
        |_| 30.0,
    );
    // Seed 004: a weight change sends most of the traffic to one server.
    for (server, share, weight) in [
        ("web1", 0.8, 400.0),
        ("web2", 0.1, 50.0),
        ("web3", 0.1, 50.0),
    ] {
        m.counter(
            "haproxy_server_http_responses_total",
            &[("proxy", "web"), ("server", server), ("code", "2xx")],
            move |ago| if ago <= 15 { 30.0 * share } else { 10.0 },
        );
        m.gauge(
            "haproxy_server_weight",
            &[("proxy", "web"), ("server", server)],
            move |ago| if ago <= 16 { weight } else { 100.0 },
        );
    }
    // A steady 90/10 canary on another backend is configured, not a problem.
    for (server, share, weight) in [("api1", 0.9, 90.0), ("api2-canary", 0.1, 10.0)] {
        m.counter(
            "haproxy_server_http_responses_total",
            &[("proxy", "api"), ("server", server), ("code", "2xx")],
            move |_| 20.0 * share,
        );
        m.gauge(
            "haproxy_server_weight",
            &[("proxy", "api"), ("server", server)],
            move |_| weight,
        );
    }
    m.counter(
        "haproxy_backend_http_requests_total",
        &[("proxy", "api")],
        |_| 20.0,
    );

    let crashing = [
        ("namespace", "prod"),
        ("pod", "cors-api-5c8d-1"),
        ("container", "cors-api"),
    ];
    m.gauge(
        "kube_pod_container_status_restarts_total",
        &crashing,
        |ago| {
            if ago <= 30 {
                ((30 - ago) / 5) as f64
            } else {
                0.0
            }
        },
    );
    m.gauge_opt(
        "kube_pod_container_status_waiting_reason",
        &[
            crashing[0],
            crashing[1],
            crashing[2],
            ("reason", "CrashLoopBackOff"),
        ],
        |ago| (ago <= 25).then_some(1.0),
    );

    // legacy-api's pods all died 15 minutes ago: its series stop, they don't drop to 0.
    m.gauge_opt(
        "http_requests_total",
        &[
            ("service", "legacy-api"),
            ("instance", "l1"),
            ("status", "200"),
        ],
        |ago| (ago > 15).then(|| (120 - ago) as f64 * 60.0 * 3.0),
    );
    m.counter(
        "http_server_requests_seconds_count",
        &[
            ("application", "billing"),
            ("status", "200"),
            ("uri", "/pay"),
        ],
        |_| 5.0,
    );
    m.gauge(
        "http_server_requests_seconds",
        &[("application", "billing"), ("quantile", "0.99")],
        |ago| 0.2 + (ago % 2) as f64 * 0.01,
    );

    for (alert, severity, start) in [
        ("HighErrorRate", "critical", 18),
        ("HighLatency", "warning", 17),
        ("DBPoolExhausted", "critical", 16),
    ] {
        m.gauge_opt(
            "ALERTS",
            &[
                ("alertname", alert),
                ("alertstate", "firing"),
                ("service", "api-server"),
                ("severity", severity),
            ],
            move |ago| (ago <= start).then_some(1.0),
        );
    }
    m.gauge_opt(
        "ALERTS",
        &[
            ("alertname", "Watchdog"),
            ("alertstate", "firing"),
            ("severity", "none"),
        ],
        |_| Some(1.0),
    );
    m.gauge_opt(
        "ALERTS",
        &[
            ("alertname", "DiskSpaceLow"),
            ("alertstate", "firing"),
            ("instance", "db-9"),
            ("severity", "warning"),
        ],
        |ago| (90..=100).contains(&ago).then_some(1.0),
    );
    m
}

pub fn json(stdout: &str) -> Value {
    serde_json::from_str(stdout).unwrap_or_else(|err| panic!("{err}: {stdout}"))
}

pub fn service<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["service"] == name)
        .unwrap_or_else(|| panic!("no service {name} in {report:#}"))
}

pub fn finding<'a>(report: &'a Value, subject: &str, kind: &str) -> &'a Value {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["subject"] == subject && f["kind"] == kind)
        .unwrap_or_else(|| {
            panic!(
                "no {kind} finding for {subject} in {:#}",
                report["findings"]
            )
        })
}

/// Minutes between a finding's onset and the fixture's last sample.
fn onset_minutes_ago(finding: &Value, last: i64) -> f64 {
    let onset = chrono::DateTime::parse_from_rfc3339(finding["onset"].as_str().unwrap()).unwrap();
    (last - onset.timestamp()) as f64 / 60.0
}

#[test]
fn health_names_each_broken_service_with_evidence_and_onset() {
    let fixture = incident();
    let prometheus = TestPrometheus::start(&fixture.text());
    let outcome = Triage::new()
        .args([
            "prom",
            "health",
            "--prometheus",
            &prometheus.url(),
            "-o",
            "json",
        ])
        .run();
    outcome.code(2);
    let report = json(&outcome.stdout);
    assert_eq!(report["schema"], "triage.prom-health/v1");
    assert_eq!(report["status"], "CRITICAL");

    let api = service(&report, "api-server");
    assert_eq!(api["assessment"], "CRITICAL");
    let ratio = api["metrics"]["error_ratio"]["current"].as_f64().unwrap();
    assert!((0.2..0.3).contains(&ratio), "5xx ratio {ratio}");
    let p99 = &api["metrics"]["latency_p99"];
    assert!(p99["current"].as_f64().unwrap() > 2.5, "{p99}");
    assert!(p99["baseline"].as_f64().unwrap() < 0.3, "{p99}");
    let errors = finding(&report, "api-server", "error_ratio");
    assert_eq!(errors["severity"], "CRITICAL");
    let ago = onset_minutes_ago(errors, fixture.last);
    assert!(
        (17.0..=23.0).contains(&ago),
        "onset {ago} minutes ago, expected ~20"
    );
    assert!(
        errors["shown_by"]["text"]
            .as_str()
            .unwrap()
            .contains(r#"http_requests_total{status=~"5.."}"#),
        "{errors}"
    );
    assert_eq!(errors["shown_by"]["language"], "promql");
    assert_eq!(
        finding(&report, "api-server", "latency_p99")["severity"],
        "CRITICAL"
    );
    assert_eq!(
        finding(&report, "api-server", "db_pool_usage")["severity"],
        "CRITICAL"
    );
    assert_eq!(
        finding(&report, "api-server", "db_pool_waiting")["severity"],
        "CRITICAL"
    );
    assert_eq!(
        finding(&report, "api-server", "cpu")["severity"],
        "CRITICAL"
    );

    assert_eq!(service(&report, "checkout")["assessment"], "OK");
    let billing = service(&report, "billing");
    assert_eq!(billing["assessment"], "OK");
    assert!(
        billing["metrics"]["latency_p99"]["current"]
            .as_f64()
            .unwrap()
            > 0.19
    );

    let acme = finding(&report, "notify", "client_share");
    assert!(acme["summary"].as_str().unwrap().contains("acme"), "{acme}");
    finding(&report, "notify", "traffic_surge");
    finding(&report, "notify", "downstream_throttled");

    let web = finding(&report, "web", "instance_share");
    assert_eq!(web["severity"], "CRITICAL");
    assert!(
        web["summary"]
            .as_str()
            .unwrap()
            .starts_with("web1 takes 80%"),
        "{web}"
    );
    let summary = web["summary"].as_str().unwrap();
    assert!(
        summary.contains("its configured weight share changed from 33.3% to 80%"),
        "{web}"
    );
    let ago = onset_minutes_ago(web, fixture.last);
    assert!(
        (14.0..=18.0).contains(&ago),
        "weight change {ago} minutes ago, expected ~16"
    );
    assert_eq!(
        service(&report, "api")["assessment"],
        "OK",
        "a steady canary split is configured"
    );

    let dark = finding(&report, "legacy-api", "no_data");
    assert_eq!(dark["severity"], "CRITICAL");
    assert_eq!(service(&report, "legacy-api")["status"], "NO DATA");

    let crash = finding(&report, "cors-api", "waiting_reason");
    assert_eq!(crash["severity"], "CRITICAL");
    assert!(
        crash["summary"]
            .as_str()
            .unwrap()
            .contains("CrashLoopBackOff")
    );
    assert_eq!(
        finding(&report, "cors-api", "restarts")["severity"],
        "CRITICAL"
    );

    let conventions = report["conventions"].to_string();
    assert!(
        conventions.contains(r#"http_requests_total: service by \"service\", status by \"status\", histogram latency, clients by \"tenant\""#),
        "{conventions}"
    );
    assert!(conventions.contains("summary latency"), "{conventions}");
    assert!(report["gaps"].as_array().unwrap().is_empty(), "{report:#}");
}

#[test]
fn health_renders_the_seed_reports_table_as_markdown_and_for_terminals() {
    let prometheus = TestPrometheus::start(&incident().text());
    let markdown = Triage::new()
        .args([
            "prom",
            "health",
            "--prometheus",
            &prometheus.url(),
            "-o",
            "markdown",
        ])
        .run();
    markdown
        .code(2)
        .stdout_has("## Service health")
        .stdout_has("| Service | Status | Req/s | 5xx | 429 | p99 | p99 baseline | Change |")
        .stdout_has("| api-server | SERVING | 50/s | 24% (12/s) | 0% |")
        .stdout_has("| web | SERVING | 30/s | 0% | - |")
        .stdout_has("```promql")
        .stdout_has("### How it was measured");
    assert!(!markdown.stdout.contains('\x1b'), "no ANSI in Markdown");

    let table = Triage::new()
        .env("PROMETHEUS_URL", prometheus.url())
        .args(["prom", "health", "--service", "checkout"])
        .run();
    table
        .code(0)
        .stdout_has(" SERVICE ")
        .stdout_has("checkout")
        .stdout_has("OK: 1 services OK");
    assert!(!table.stdout.contains("api-server"), "{}", table.stdout);
}

#[test]
fn health_for_an_unknown_service_or_an_empty_server_is_unknown() {
    let prometheus = TestPrometheus::start(&incident().text());
    Triage::new()
        .args([
            "prom",
            "health",
            "--prometheus",
            &prometheus.url(),
            "--service",
            "nosuch",
        ])
        .run()
        .code(3)
        .one_error_line()
        .stderr_has("no series for service 'nosuch'");
    let empty = TestPrometheus::start("");
    Triage::new()
        .args(["prom", "health", "--prometheus", &empty.url()])
        .run()
        .code(3)
        .one_error_line()
        .stderr_has("has none of the metrics triage knows");
}

#[test]
fn config_overrides_a_signal_and_names_it_in_the_report() {
    let prometheus = TestPrometheus::start(&incident().text());
    let triage = Triage::new();
    let config = triage.home_file(
        "triage.toml",
        &format!(
            r#"
[env.test.prometheus]
url = "{}"
rate_interval = "3m"
client_labels = ["tenant"]

[env.test.prometheus.signals]
latency_p99 = "max by (service) (hikaricp_connections_pending) / 10"
"#,
            prometheus.url()
        ),
    );
    let outcome = triage
        .args([
            "--config",
            config.to_str().unwrap(),
            "prom",
            "health",
            "-o",
            "json",
        ])
        .run();
    outcome.code(2);
    let report = json(&outcome.stdout);
    let conventions = report["conventions"].to_string();
    assert!(
        conventions.contains("config override for latency_p99"),
        "{conventions}"
    );
    let p99 = &service(&report, "api-server")["metrics"]["latency_p99"];
    assert_eq!(p99["current"].as_f64(), Some(2.4), "{p99}");
    assert!(
        service(&report, "api-server")["metrics"]["request_rate"]["promql"]
            .as_str()
            .unwrap()
            .contains("[3m]")
    );
}

#[test]
fn alerts_that_fire_together_are_one_group() {
    let prometheus = TestPrometheus::start(&incident().text());
    let outcome = Triage::new()
        .args([
            "prom",
            "alerts",
            "--prometheus",
            &prometheus.url(),
            "-o",
            "json",
        ])
        .run();
    outcome.code(2);
    let report = json(&outcome.stdout);
    let groups = report["groups"].as_array().unwrap();
    let watchdog = groups
        .iter()
        .find(|g| g["alerts"][0]["name"] == "Watchdog")
        .expect("the Watchdog is listed");
    assert_eq!(watchdog["severity"], "OK", "a heartbeat is not a problem");
    let groups: Vec<&Value> = groups.iter().filter(|g| g != &watchdog).collect();
    assert_eq!(groups.len(), 2, "{report:#}");
    assert_eq!(groups[0]["shared_labels"]["service"], "api-server");
    assert_eq!(groups[0]["alerts"].as_array().unwrap().len(), 3);
    assert_eq!(groups[0]["end"], Value::Null, "still firing");
    assert_eq!(groups[0]["severity"], "CRITICAL");
    assert_eq!(groups[1]["alerts"][0]["name"], "DiskSpaceLow");
    assert_ne!(groups[1]["end"], Value::Null, "resolved");

    Triage::new()
        .args([
            "prom",
            "alerts",
            "--prometheus",
            &prometheus.url(),
            "-o",
            "markdown",
            "--since",
            "1h",
        ])
        .run()
        .code(2)
        .stdout_has("## Alerts")
        .stdout_has("### 1. service=api-server: 3 alerts, firing since")
        .stdout_has("| HighErrorRate | critical |");
}

#[test]
fn query_shows_instant_and_range_results() {
    let prometheus = TestPrometheus::start(&incident().text());
    Triage::new()
        .args([
            "prom",
            "query",
            "--prometheus",
            &prometheus.url(),
            "sum by (service) (hikaricp_connections_max)",
        ])
        .run()
        .code(0)
        .stdout_has(" SERIES ")
        .stdout_has(r#"{service="api-server"}"#)
        .stdout_has("100");
    let range = Triage::new()
        .args([
            "prom",
            "query",
            "--prometheus",
            &prometheus.url(),
            "hikaricp_connections_pending",
            "--since",
            "30m",
            "--step",
            "1m",
            "-o",
            "json",
        ])
        .run();
    range.code(0);
    let report = json(&range.stdout);
    assert_eq!(report["kind"], "range");
    let values = report["data"]["result"][0]["values"].as_array().unwrap();
    assert!((29..=31).contains(&values.len()), "{}", values.len());
    assert_eq!(values.last().unwrap()[1], "24");
    Triage::new()
        .args([
            "prom",
            "query",
            "--prometheus",
            &prometheus.url(),
            "sum(rate(x[5m]",
        ])
        .run()
        .code(3)
        .one_error_line()
        .stderr_has("bad_data");
}

#[test]
fn health_works_the_same_on_victoria_metrics() {
    let fixture = incident();
    let victoria = crate::support::victoria::TestVictoria::start(&fixture.text());
    let outcome = Triage::new()
        .args([
            "prom",
            "health",
            "--prometheus",
            &victoria.url(),
            "-o",
            "json",
        ])
        .run();
    outcome.code(2);
    let report = json(&outcome.stdout);
    let errors = finding(&report, "api-server", "error_ratio");
    assert_eq!(errors["severity"], "CRITICAL");
    let ago = onset_minutes_ago(errors, fixture.last);
    assert!(
        (17.0..=23.0).contains(&ago),
        "onset {ago} minutes ago, expected ~20"
    );
    assert_eq!(service(&report, "checkout")["assessment"], "OK");
    assert_eq!(
        finding(&report, "web", "instance_share")["severity"],
        "CRITICAL"
    );
    assert!(report["gaps"].as_array().unwrap().is_empty(), "{report:#}");
}
