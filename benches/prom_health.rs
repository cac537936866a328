//! How long `triage prom health` takes over 200 services and about 20 000
//! series on a local Prometheus (the target: under 2 s wall).
//!
//! Run: `cargo bench --bench prom_health` (needs Debian's `prometheus`; the
//! backfill of the generated data takes a minute or two before timing starts).
//! It prints the wall time of each run, then the minimum and median.

// The integration tests' helpers: real Prometheus, OpenMetrics builder, the
// hermetic `triage` runner. Not every helper is used here.
#[allow(dead_code)]
#[path = "../tests/integration/support/mod.rs"]
mod support;

use std::time::{Duration, Instant};
use support::openmetrics::OpenMetrics;
use support::prometheus::TestPrometheus;

const SERVICES: usize = 200;
const INSTANCES: usize = 4;
const TENANTS: usize = 5;
const RUNS: usize = 7;

fn main() {
    let generated = Instant::now();
    let (fixture, series) = fleet();
    let text = fixture.text();
    eprintln!(
        "generated {series} series ({} MB of OpenMetrics) in {:.1} s",
        text.len() / 1_000_000,
        generated.elapsed().as_secs_f64()
    );
    let started = Instant::now();
    let prometheus = TestPrometheus::start(&text);
    drop(text);
    eprintln!(
        "backfilled and started Prometheus in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    if std::env::var_os("TRIAGE_BENCH_VERBOSE").is_some() {
        // Which queries take the time: triage logs each one at -vv.
        let outcome = support::Triage::new()
            .args([
                "-vv",
                "prom",
                "health",
                "--prometheus",
                &prometheus.url(),
                "-o",
                "json",
            ])
            .run();
        eprintln!("{}", outcome.stderr);
    }
    let mut times = Vec::new();
    for run in 0..=RUNS {
        let began = Instant::now();
        let outcome = support::Triage::new()
            .args([
                "prom",
                "health",
                "--prometheus",
                &prometheus.url(),
                "-o",
                "json",
            ])
            .run();
        let took = began.elapsed();
        assert!(
            (0..=2).contains(&outcome.code),
            "prom health failed: {}",
            outcome.stderr
        );
        let report: serde_json::Value = serde_json::from_str(&outcome.stdout).unwrap();
        let services = report["services"].as_array().unwrap().len();
        assert!(services >= SERVICES, "only {services} services assessed");
        if run == 0 {
            eprintln!(
                "warm-up run: {:.3} s, {services} services",
                took.as_secs_f64()
            );
        } else {
            eprintln!("run {run}: {:.3} s", took.as_secs_f64());
            times.push(took);
        }
    }
    times.sort();
    let median = times[times.len() / 2];
    println!(
        "prom health, {SERVICES} services / {series} series: min {:.3} s, median {:.3} s over {RUNS} runs (target < 2 s)",
        times[0].as_secs_f64(),
        median.as_secs_f64()
    );
    assert!(
        median < Duration::from_secs(2),
        "slower than the 2 s target"
    );
}

/// 200 services, each with 4 instances (3 status codes, one split by 5
/// tenants, and a 10-series latency histogram), 4 pods of cAdvisor and
/// kube-state-metrics series, and a connection pool: about 100 series each.
/// Every tenth service degrades 20 minutes ago.
fn fleet() -> (OpenMetrics, usize) {
    let mut m = OpenMetrics::new();
    let mut series = 0;
    for s in 0..SERVICES {
        let service = format!("svc-{s:03}");
        let broken = s % 10 == 0;
        let during = move |ago: i64| broken && ago <= 20;
        for i in 0..INSTANCES {
            let instance = format!("{service}-{i}");
            let base = [
                ("service", service.as_str()),
                ("instance", instance.as_str()),
            ];
            for t in 0..TENANTS {
                let tenant = format!("tenant-{t}");
                m.counter(
                    "http_requests_total",
                    &[base[0], base[1], ("status", "200"), ("tenant", &tenant)],
                    |_| 2.0,
                );
            }
            m.counter(
                "http_requests_total",
                &[base[0], base[1], ("status", "404")],
                |_| 0.1,
            );
            m.counter(
                "http_requests_total",
                &[base[0], base[1], ("status", "500")],
                move |ago| {
                    if during(ago) { 3.0 } else { 0.01 }
                },
            );
            m.histogram(
                "http_request_duration_seconds",
                &base,
                |_| 10.0,
                move |ago| {
                    if during(ago) { 2.0 } else { 0.08 }
                },
            );
            m.gauge(
                "up",
                &[
                    ("service", service.as_str()),
                    ("instance", instance.as_str()),
                ],
                |_| 1.0,
            );
            series += TENANTS + 2 + 10 + 1;

            let pod = [
                ("namespace", "prod"),
                ("pod", instance.as_str()),
                ("container", service.as_str()),
            ];
            m.counter("container_cpu_usage_seconds_total", &pod, |_| 0.3);
            m.gauge("container_memory_working_set_bytes", &pod, |_| 2e8);
            m.gauge(
                "kube_pod_container_resource_limits",
                &[pod[0], pod[1], pod[2], ("resource", "cpu")],
                |_| 1.0,
            );
            m.gauge(
                "kube_pod_container_resource_limits",
                &[pod[0], pod[1], pod[2], ("resource", "memory")],
                |_| 5e8,
            );
            m.gauge("kube_pod_container_status_restarts_total", &pod, |_| 0.0);
            series += 5;
        }
        let pool = [("service", service.as_str()), ("pool", "main")];
        m.gauge("hikaricp_connections_active", &pool, move |ago| {
            if during(ago) { 98.0 } else { 30.0 }
        });
        m.gauge("hikaricp_connections_max", &pool, |_| 100.0);
        m.gauge("hikaricp_connections_pending", &pool, |_| 0.0);
        series += 3;
    }
    (m, series)
}
