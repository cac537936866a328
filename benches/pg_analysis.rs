//! How long triage takes to make sense of a busy server: 2,000 sessions'
//! worth of `pg_stat_activity` (the target: analysed in under 50 ms).
//!
//! Run: `cargo bench --bench pg_analysis`. No server needed: the rows are
//! generated in the JSON shape the activity query returns — idle pools,
//! active queries, idle-in-transaction sessions and lock chains — then each
//! run parses them, analyses them and renders all three `pg` views.
//! It prints the time of each step (median and minimum of 30 runs).

use chrono::{Duration, Utc};
use std::time::Instant;
use triage::analyze::postgres::{self, PgThresholds, QueryTextPolicy};
use triage::sources::postgres::snapshot::{ActivitySample, ServerFacts, Session, Snapshot};

const SESSIONS: i32 = 2_000;
const RUNS: usize = 30;

fn main() {
    let now = Utc::now();
    let rows = activity_json(now);
    eprintln!(
        "{SESSIONS} sessions, {} KB of pg_stat_activity JSON",
        rows.len() / 1000
    );
    let policy = QueryTextPolicy {
        redact_literals: true,
        ..QueryTextPolicy::default()
    };
    let mut parse = Vec::new();
    let mut analyse = Vec::new();
    let mut render = Vec::new();
    for _ in 0..RUNS {
        let started = Instant::now();
        let sessions: Vec<Session> = serde_json::from_str(&rows).unwrap();
        let snapshot = snapshot(now, sessions);
        parse.push(started.elapsed());

        let started = Instant::now();
        let analysis = postgres::analyze(&snapshot, "orders", &PgThresholds::default(), policy);
        analyse.push(started.elapsed());
        assert!(analysis.blocking.blocked_sessions >= 100);
        assert!(!analysis.long.idle_in_transaction.is_empty());

        let started = Instant::now();
        let json = serde_json::to_string(&analysis).unwrap();
        render.push(started.elapsed());
        assert!(json.len() > 1000);
    }
    for (step, times) in [
        ("parse the rows", &mut parse),
        (
            "analyse (usage, lock trees, long sessions, redaction)",
            &mut analyse,
        ),
        ("serialise the analysis", &mut render),
    ] {
        times.sort();
        eprintln!(
            "{step}: median {:.2} ms, min {:.2} ms",
            times[times.len() / 2].as_secs_f64() * 1000.0,
            times[0].as_secs_f64() * 1000.0
        );
    }
    // Five samples, and every session shown (`pg activity --all --samples 5`).
    let sessions: Vec<Session> = serde_json::from_str(&rows).unwrap();
    let mut sampled = snapshot(now, sessions);
    for _ in 0..4 {
        sampled.samples.insert(0, sampled.samples[0].clone());
    }
    let mut every_session = Vec::new();
    for _ in 0..RUNS {
        let started = Instant::now();
        let analysis = postgres::analyze(&sampled, "orders", &PgThresholds::default(), policy);
        let samples = postgres::Samples::new(&sampled);
        let views: Vec<postgres::SessionView> = sampled
            .latest()
            .sessions
            .iter()
            .map(|session| samples.view(session, policy))
            .collect();
        every_session.push(started.elapsed());
        assert_eq!(views.len(), SESSIONS as usize);
        assert!(
            analysis
                .long
                .long_running
                .iter()
                .all(|v| v.across_samples.is_some())
        );
    }
    every_session.sort();
    eprintln!(
        "5 samples, analysed and every session shown: median {:.2} ms, min {:.2} ms",
        every_session[RUNS / 2].as_secs_f64() * 1000.0,
        every_session[0].as_secs_f64() * 1000.0
    );
    let total: Vec<f64> = (0..RUNS)
        .map(|i| (parse[i] + analyse[i]).as_secs_f64() * 1000.0)
        .collect();
    let mut sorted = total.clone();
    sorted.sort_by(f64::total_cmp);
    let median = sorted[RUNS / 2];
    println!(
        "pg_analysis: {SESSIONS} sessions parsed and analysed in median {median:.2} ms (target < 50 ms)"
    );
    assert!(median < 50.0, "over the 50 ms target");
}

/// Rows as the activity query returns them: 60% idle pool connections, 20%
/// active, 10% idle in transaction, 10% waiting on locks in chains of five.
fn activity_json(now: chrono::DateTime<Utc>) -> String {
    let at = |seconds: i64| (now - Duration::seconds(seconds)).to_rfc3339();
    let rows: Vec<serde_json::Value> = (0..SESSIONS)
        .map(|i| {
            let pid = 10_000 + i;
            let (state, wait_type, blocked_by, age) = match i % 10 {
                0..=5 => ("idle", Some("Client"), vec![], 5 + i64::from(i % 50)),
                6 | 7 => ("active", None, vec![], i64::from(i % 400)),
                8 => ("idle in transaction", Some("Client"), vec![], 30 + i64::from(i % 300)),
                // Each waiter waits for the session ten pids before it: chains through the list.
                _ => ("active", Some("Lock"), vec![pid - 10], 10 + i64::from(i % 90)),
            };
            serde_json::json!({
                "pid": pid,
                "database": "orders",
                "user": format!("app{}", i % 7),
                "application": format!("service-{}", i % 13),
                "client_addr": format!("10.0.{}.{}", i / 250, i % 250),
                "backend_type": "client backend",
                "state": state,
                "wait_event_type": wait_type,
                "wait_event": wait_type.map(|_| "transactionid"),
                "backend_start": at(3600),
                "xact_start": if state == "idle" { None } else { Some(at(age + 1)) },
                "query_start": at(age),
                "state_change": at(age),
                "xmin_age": if state == "idle" { None } else { Some(age * 3) },
                "query": format!("UPDATE orders SET status = 'paid', note = 'customer {i} jane@example.com' WHERE id = {i} AND amount > 10.5"),
                "blocked_by": blocked_by,
            })
        })
        .collect();
    serde_json::to_string(&rows).unwrap()
}

fn snapshot(now: chrono::DateTime<Utc>, sessions: Vec<Session>) -> Snapshot {
    Snapshot {
        server: ServerFacts {
            version: "15.8".into(),
            max_connections: 2_500,
            superuser_reserved_connections: 3,
            reserved_connections: 0,
            in_recovery: false,
            user: "triage".into(),
            is_superuser: false,
            can_read_all_stats: true,
            own_pid: 1,
        },
        samples: vec![ActivitySample { at: now, sessions }],
        databases: Vec::new(),
        replicas: Vec::new(),
        sampling_error: None,
    }
}
