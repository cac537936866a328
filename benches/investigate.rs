//! How fast `triage investigate` is, against the targets:
//!
//! 1. Analysis and rendering of each seed bundle (`examples/incidents/`):
//!    every analyzer, the catalogue, the ranking, the Markdown and the JSON —
//!    the median of 30 runs must stay under 50 ms.
//! 2. A live investigation against real parts — Prometheus holding an
//!    incident, PostgreSQL, the Kubernetes API fixture, a TLS endpoint — where
//!    the sources must run concurrently: the wall time is compared with the
//!    slowest source's time and with the sum of all of them.
//!
//! Run: `cargo bench --bench investigate`.

#[allow(dead_code)]
#[path = "../tests/integration/support/mod.rs"]
mod support;

use std::path::Path;
use std::time::{Duration, Instant};
use triage::correlate::investigation::investigate;
use triage::evidence::Evidence;

const RUNS: usize = 30;

fn main() {
    let stores = triage::sources::tls::trust_stores::load(None)
        .unwrap()
        .stores;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/incidents");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    names.sort();
    for path in &names {
        let evidence = Evidence::load(path).unwrap();
        let mut times = Vec::new();
        for _ in 0..RUNS {
            let started = Instant::now();
            let report = investigate(&evidence, &stores);
            let markdown = triage::report::investigation::markdown(&report);
            let json = serde_json::to_string_pretty(&report).unwrap();
            std::hint::black_box((markdown, json));
            times.push(started.elapsed());
        }
        times.sort();
        let median = times[RUNS / 2];
        println!(
            "investigate: {}: analysis + Markdown + JSON median {:.2} ms, max {:.2} ms (target < 50 ms)",
            path.file_name().unwrap().to_string_lossy(),
            median.as_secs_f64() * 1000.0,
            times[RUNS - 1].as_secs_f64() * 1000.0
        );
        assert!(median < Duration::from_millis(50), "over the 50 ms target");
    }
    live();
}

/// The live run: every source at once; the wall time against the slowest source.
fn live() {
    use support::cert_lab::{Case, CertServer};
    use support::kube_cluster::{FIXTURE_ANCHOR, KubeCluster, load_fixtures};
    use support::postgres::{SUPERUSER_PASSWORD, TestPostgres};
    use support::prometheus::TestPrometheus;
    let prometheus = TestPrometheus::start(&incident().text());
    let postgres = TestPostgres::start();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/k8s/incident");
    let cluster = KubeCluster::start(load_fixtures(
        &fixtures,
        FIXTURE_ANCHOR.parse().unwrap(),
        chrono::Utc::now(),
    ));
    let tls = CertServer::start(Case::Valid);
    let home = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = home.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path
    };
    let password = write("secrets/pg", SUPERUSER_PASSWORD);
    let kubeconfig = write("kube/config", &cluster.kubeconfig("bench-token", "api"));
    write(
        ".config/triage/config.toml",
        &format!(
            "[env.lab.prometheus]\nurl = \"{}\"\n[[env.lab.postgres]]\nname = \"orders\"\ndsn = \"{}\"\npassword_file = \"{}\"\n[env.lab.kubernetes]\nkubeconfig = \"{}\"\n[[env.lab.tls]]\ntarget = \"127.0.0.1:{}\"\nsni = \"localhost\"\n",
            prometheus.url(),
            postgres.dsn(),
            password.display(),
            kubeconfig.display(),
            tls.port
        ),
    );
    run_live("fast sources", home.path(), None);
    // One source that never answers: the wall time must be that source's
    // timeout, not the sum of all the sources.
    let tarpit = support::cert_lab::Tarpit::start();
    let config = home.path().join(".config/triage/config.toml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str(&format!(
        "[[env.lab.tls]]\ntarget = \"127.0.0.1:{}\"\nname = \"stuck\"\n",
        tarpit.port
    ));
    std::fs::write(&config, text).unwrap();
    run_live(
        "one source stuck until --timeout 3s",
        home.path(),
        Some("3s"),
    );
    drop((prometheus, postgres, cluster, tls, tarpit));
}

fn run_live(label: &str, home: &Path, timeout: Option<&str>) {
    let bundle = home.join("evidence.json");
    let mut walls = Vec::new();
    let mut last_sources = Vec::new();
    for _ in 0..5 {
        let started = Instant::now();
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_triage"))
            .args([
                "-q",
                "--timeout",
                timeout.unwrap_or("30s"),
                "investigate",
                "-o",
                "json",
                "--record",
            ])
            .arg(&bundle)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", home)
            .stdout(std::process::Stdio::null())
            .status()
            .unwrap();
        walls.push(started.elapsed());
        assert!(
            status.code().is_some_and(|code| code != 3),
            "investigate failed: {status}"
        );
        let evidence = Evidence::load(&bundle).unwrap();
        last_sources = evidence
            .sources
            .iter()
            .map(|s| (s.name.clone(), s.duration_ms))
            .collect();
    }
    walls.sort();
    let wall = walls[walls.len() / 2];
    let slowest = last_sources.iter().map(|(_, ms)| *ms).max().unwrap_or(0);
    let sum: u64 = last_sources.iter().map(|(_, ms)| *ms).sum();
    println!("investigate: live, {label}: sources (last run) {last_sources:?}");
    println!(
        "investigate: live, {label}: wall time median {:.0} ms; slowest source {slowest} ms; all sources added up {sum} ms; wall / slowest = {:.2} (process start, config, trust store and analysis included)",
        wall.as_secs_f64() * 1000.0,
        wall.as_secs_f64() * 1000.0 / slowest.max(1) as f64
    );
    if slowest >= 1000 {
        assert!(
            wall.as_secs_f64() * 1000.0 <= slowest as f64 * 1.1,
            "the sources did not run concurrently"
        );
    }
}

/// api-server's errors, latency and pool jump 20 minutes ago; checkout is fine.
fn incident() -> support::openmetrics::OpenMetrics {
    let mut metrics = support::openmetrics::OpenMetrics::new();
    let during = |ago: i64| ago <= 20;
    for (service, instance) in [
        ("api-server", "a1"),
        ("api-server", "a2"),
        ("checkout", "c1"),
    ] {
        let broken = service == "api-server";
        let labels = [("service", service), ("instance", instance)];
        metrics.counter(
            "http_requests_total",
            &[labels[0], labels[1], ("status", "200")],
            |_| 20.0,
        );
        metrics.counter(
            "http_requests_total",
            &[labels[0], labels[1], ("status", "503")],
            move |ago| {
                if broken && during(ago) { 6.0 } else { 0.02 }
            },
        );
        metrics.histogram(
            "http_request_duration_seconds",
            &labels,
            |_| 20.0,
            move |ago| {
                if broken && during(ago) { 2.8 } else { 0.15 }
            },
        );
    }
    metrics.gauge(
        "hikaricp_connections_active",
        &[("service", "api-server"), ("pool", "main")],
        move |ago| {
            if during(ago) { 98.0 } else { 40.0 }
        },
    );
    metrics.gauge(
        "hikaricp_connections_max",
        &[("service", "api-server"), ("pool", "main")],
        |_| 100.0,
    );
    metrics
}
