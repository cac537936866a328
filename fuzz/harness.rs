//! What each fuzz target does with one input. Shared, through `#[path]`, by
//! the libFuzzer targets (`fuzz/fuzz_targets/`) and by the regression test
//! that replays every saved input inside `cargo test`
//! (`tests/integration/fuzz_regressions.rs`), so a crash found here stays
//! fixed. Every function must return for any input: an error is fine, a
//! panic, a hang or unbounded memory is the bug.
#![allow(dead_code)] // each fuzz target uses one of these

use chrono::{DateTime, Duration as ChronoDuration, Utc};
use rustls::pki_types::CertificateDer;
use std::time::Duration;
use triage::analyze::Window;
use triage::analyze::certs::judge::{Policy, judge};
use triage::analyze::certs::trust::TrustStore;
use triage::analyze::{alert_groups, certs::certificate::Certificate, kubernetes, service_health};
use triage::signals::{PlannedQuery, Signal, SignalSeries, Unit};
use triage::sources::kubernetes::snapshot::ClusterSnapshot;
use triage::sources::postgres::{conninfo, pgpass};
use triage::sources::prometheus::envelope;
use triage::sources::prometheus::model::{AlertList, QueryResult};
use triage::sources::tls::files::parse_certificates;
use triage::sources::tls::observation::{Observation, Origin};

/// A Prometheus API body: the envelope and query result parser, then the
/// analysis every signal and the alert history run on what it returned.
pub fn prometheus_response(data: &[u8]) {
    let _ = envelope::parse::<AlertList>(data);
    let Ok(answer) = envelope::parse::<QueryResult>(data) else {
        return;
    };
    let series = answer.data.into_series();
    let window = window_around(&series);
    let step = Duration::from_secs(60);
    let observed: Vec<SignalSeries> = Signal::ALL
        .iter()
        .map(|&signal| SignalSeries {
            query: PlannedQuery {
                signal,
                promql: "fuzz".into(),
                subject_label: "service".into(),
                detail_label: Some("instance".into()),
                unit: Unit::PerSecond,
                convention: "fuzz".into(),
                rank: 0,
                step_seconds: None,
            },
            series: series.clone(),
        })
        .collect();
    let _ = service_health::assess(&window, step, &observed);
    let events = alert_groups::firing_intervals(&series, step, window.end);
    let _ = alert_groups::group(events, Duration::from_secs(300));
}

/// The window the series fall in (so the analysis sees their points), or a
/// fixed one when they carry no usable time.
fn window_around(series: &[triage::sources::prometheus::model::RangeSeries]) -> Window {
    let times = series
        .iter()
        .flat_map(|series| series.values.iter().map(|point| point.time))
        .filter(|time| time.is_finite());
    let (first, last) = times.fold((f64::MAX, f64::MIN), |(lo, hi), time| {
        (lo.min(time), hi.max(time))
    });
    let at = |seconds: f64| DateTime::<Utc>::from_timestamp(seconds as i64, 0);
    match (at(first), at(last)) {
        (Some(first), Some(last)) if first <= last => {
            let start = first + (last - first) / 2;
            Window {
                baseline_start: first,
                start,
                end: last,
            }
        }
        _ => {
            let end = DateTime::<Utc>::from_timestamp(1_700_000_000, 0).unwrap();
            Window {
                baseline_start: end - ChronoDuration::hours(2),
                start: end - ChronoDuration::hours(1),
                end,
            }
        }
    }
}

/// A Kubernetes look (the objects a list call returns, as the evidence bundle
/// stores them): every analysis `triage k8s` and `investigate` run on it.
pub fn kubernetes_objects(data: &[u8]) {
    let Ok(snapshot) = serde_json::from_slice::<ClusterSnapshot>(data) else {
        return;
    };
    let _ = kubernetes::pods::pod_rows(&snapshot);
    let _ = kubernetes::state_findings(&snapshot);
    let since = snapshot
        .collected_at
        .checked_sub_signed(ChronoDuration::hours(1))
        .unwrap_or(DateTime::<Utc>::MIN_UTC);
    let _ = kubernetes::rollout_report(&snapshot, since);
    let _ = kubernetes::event_report(&snapshot, since);
    let _ = kubernetes::rollout_report(&snapshot, DateTime::<Utc>::MIN_UTC);
}

/// Arbitrary bytes as a certificate: the parser, the file reader (PEM or DER)
/// and the whole judgement of a chain, trust included.
pub fn certificate_der(data: &[u8]) {
    let _ = Certificate::parse(data);
    let chain = parse_certificates(data).unwrap_or_else(|_| vec![data.to_vec()]);
    let observation = Observation {
        target: "fuzz.example:443".into(),
        origin: Origin::Endpoint,
        server_name: Some("fuzz.example".into()),
        address: Some("127.0.0.1:443".into()),
        starttls: None,
        protocol: Some("TLSv1.3".into()),
        cipher_suite: None,
        chain: chain.clone(),
        error: None,
        duration_ms: 1,
    };
    // The chain's last certificate as the one anchor: it drives path building.
    let anchor: Vec<CertificateDer> = chain
        .last()
        .map(|der| CertificateDer::from(der.as_slice()))
        .into_iter()
        .collect();
    let (store, _) = TrustStore::from_certificates("fuzz", &anchor);
    let stores = [store];
    let now = DateTime::<Utc>::from_timestamp(1_700_000_000, 0).unwrap();
    let _ = judge(&observation, &stores, &Policy::default(), now);
}

/// A libpq connection string or URI, and a `.pgpass` file.
pub fn postgres_dsn_pgpass(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(mut info) = conninfo::parse(&text) {
        let _ = info.redacted();
        let _ = info.fill_from_env(&|name| (name == "PGPORT").then(|| "5433".to_string()));
    }
    let passwords = pgpass::parse(&text);
    let _ = passwords.lookup("localhost", 5432, "postgres", "triage");
}

/// A config file, through the same loader and resolution every command uses.
pub fn config_file(data: &[u8]) {
    use triage::cli::SourceArgs;
    use triage::config::settings::{EnvironmentScope, Inputs, resolve};
    thread_local! {
        static DIR: tempfile::TempDir = tempfile::tempdir().expect("a temporary directory");
    }
    let path = DIR.with(|dir| dir.path().join("config.toml"));
    std::fs::write(&path, data).expect("write the config file");
    let sources = SourceArgs::default();
    let no_env = |_: &str| None;
    for scope in [EnvironmentScope::Selected, EnvironmentScope::AllUnlessNamed] {
        let _ = resolve(&Inputs {
            config: Some(&path),
            environment: None,
            sources: &sources,
            scope,
            env: &no_env,
        });
    }
}

/// An evidence bundle (`--replay`): the loader, the whole investigation and
/// its Markdown and JSON reports.
pub fn evidence_bundle(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(evidence) = triage::evidence::Evidence::parse(text) else {
        return;
    };
    let investigation = triage::correlate::investigation::investigate(&evidence, &[]);
    let _ = triage::report::investigation::markdown(&investigation);
    let _ = serde_json::to_string(&investigation);
}
