//! Sessions that hold on too long: queries running past the threshold,
//! sessions idle inside an open transaction (holding locks, a connection and
//! vacuum's horizon), and the session whose snapshot holds vacuum back most.

use super::PgThresholds;
use super::ages;
use super::query_text::QueryTextPolicy;
use super::session_view::SessionView;
use crate::analyze::{Finding, Severity, ShownBy};
use crate::sources::postgres::snapshot::{Session, Snapshot};
use chrono::{DateTime, Utc};
use serde::Serialize;

pub const LONG_RUNNING_SQL: &str = "SELECT pid, usename, application_name, client_addr, now() - query_start AS running, \
wait_event_type, wait_event, left(query, 200) AS query FROM pg_stat_activity \
WHERE state = 'active' AND backend_type IN ('client backend', 'autovacuum worker') \
AND pid <> pg_backend_pid() ORDER BY query_start;";

pub const IDLE_IN_TRANSACTION_SQL: &str = "SELECT pid, usename, application_name, client_addr, state, \
now() - state_change AS idle, now() - xact_start AS transaction, left(query, 200) AS last_query \
FROM pg_stat_activity WHERE state LIKE 'idle in transaction%' ORDER BY state_change;";

pub const OLDEST_XMIN_SQL: &str = "SELECT pid, usename, application_name, state, age(backend_xmin), \
now() - xact_start AS transaction, left(query, 200) AS query FROM pg_stat_activity \
WHERE backend_xmin IS NOT NULL ORDER BY age(backend_xmin) DESC LIMIT 1;";

pub const REPLICATION_LAG_SQL: &str = "SELECT application_name, client_addr, state, sync_state, replay_lag, \
pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn) AS replay_lag_bytes FROM pg_stat_replication;";

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LongSessions {
    pub threshold_seconds: f64,
    /// Active queries running at least the threshold, longest first.
    pub long_running: Vec<SessionView>,
    /// Idle in a transaction at least the threshold, longest first.
    pub idle_in_transaction: Vec<SessionView>,
    /// The session holding back vacuum's horizon the most.
    pub oldest_xmin: Option<SessionView>,
}

pub fn long_sessions(
    snapshot: &Snapshot,
    thresholds: &PgThresholds,
    policy: QueryTextPolicy,
) -> LongSessions {
    let threshold = thresholds.long_running.as_secs_f64();
    let now = snapshot.latest().at;
    let own = snapshot.server.own_pid;
    let sessions: Vec<&Session> = snapshot
        .latest()
        .sessions
        .iter()
        .filter(|session| session.pid != own)
        .collect();
    let age_of = |since: Option<DateTime<Utc>>| ages::seconds(now, since).unwrap_or(0.0);
    let view = |session: &&Session| SessionView::new(session, snapshot, policy);
    let mut running: Vec<&Session> = sessions
        .iter()
        .copied()
        .filter(|s| {
            s.state.as_deref() == Some("active")
                && matches!(
                    s.backend_type.as_deref(),
                    Some("client backend" | "autovacuum worker")
                )
                && age_of(s.query_start) >= threshold
        })
        .collect();
    running.sort_by(|a, b| a.query_start.cmp(&b.query_start).then(a.pid.cmp(&b.pid)));
    let mut idle: Vec<&Session> = sessions
        .iter()
        .copied()
        .filter(|s| {
            s.state
                .as_deref()
                .is_some_and(|state| state.starts_with("idle in transaction"))
                && age_of(s.state_change) >= threshold
        })
        .collect();
    idle.sort_by(|a, b| a.state_change.cmp(&b.state_change).then(a.pid.cmp(&b.pid)));
    let oldest_xmin = sessions
        .iter()
        .filter(|s| s.xmin_age.is_some())
        .max_by(|a, b| a.xmin_age.cmp(&b.xmin_age).then(b.pid.cmp(&a.pid)))
        .map(view);
    LongSessions {
        threshold_seconds: threshold,
        long_running: running.iter().map(view).collect(),
        idle_in_transaction: idle.iter().map(view).collect(),
        oldest_xmin,
    }
}

impl LongSessions {
    pub fn findings(&self, database: &str, now: DateTime<Utc>) -> Vec<Finding> {
        let mut findings = Vec::new();
        let started =
            |seconds: f64| now - chrono::Duration::milliseconds((seconds * 1000.0) as i64);
        if let Some(longest) = self.long_running.first() {
            let age = longest.query_age_seconds.unwrap_or(0.0);
            findings.push(Finding::observed(
                "long_running_query",
                database,
                Severity::Warning,
                format!(
                    "{} quer{} running longer than {}; the longest, {}, {}{}",
                    self.long_running.len(),
                    if self.long_running.len() == 1 {
                        "y"
                    } else {
                        "ies"
                    },
                    ages::format(self.threshold_seconds),
                    longest.label(),
                    longest.state_phrase(),
                    query_suffix(longest),
                ),
                age,
                Some(started(age)),
                ShownBy::Sql(LONG_RUNNING_SQL.into()),
            ));
        }
        if let Some(longest) = self.idle_in_transaction.first() {
            let age = longest.state_age_seconds.unwrap_or(0.0);
            findings.push(Finding::observed(
"idle_in_transaction",
database,
Severity::Warning,
format!(
                    "{} session{} idle in a transaction longer than {}, holding their connections and locks; the longest, {}, {}{}",
                    self.idle_in_transaction.len(),
                    if self.idle_in_transaction.len() == 1 { "" } else { "s" },
                    ages::format(self.threshold_seconds),
                    longest.label(),
                    longest.state_phrase(),
                    query_suffix(longest),
                ),
age,
Some(started(age)),
ShownBy::Sql(IDLE_IN_TRANSACTION_SQL.into()),
));
        }
        findings
    }
}

fn query_suffix(view: &SessionView) -> String {
    let last = if view.state.as_deref() == Some("active") {
        "runs"
    } else {
        "last ran"
    };
    match &view.query {
        Some(query) if !query.is_empty() => {
            format!("; it {last}: {}", query.trim_end_matches(';'))
        }
        _ => String::new(),
    }
}

/// Replicas whose replay is behind by the threshold or more.
pub fn replication_findings(
    snapshot: &Snapshot,
    database: &str,
    thresholds: &PgThresholds,
) -> Vec<Finding> {
    let limit = thresholds.replication_lag_warning.as_secs_f64();
    snapshot
        .replicas
        .iter()
        .filter(|replica| replica.replay_lag_seconds.is_some_and(|lag| lag >= limit))
        .map(|replica| {
            let lag = replica.replay_lag_seconds.unwrap_or_default();
            Finding::observed(
                "replication_lag",
                database,
                Severity::Warning,
                format!(
                    "replica {} ({}) replays {} behind the primary{}",
                    replica.application.as_deref().unwrap_or("?"),
                    replica.client_addr.as_deref().unwrap_or("local"),
                    ages::format(lag),
                    replica
                        .replay_lag_bytes
                        .map(|bytes| format!(" ({:.1} MiB of WAL)", bytes / 1_048_576.0))
                        .unwrap_or_default()
                ),
                lag,
                None,
                ShownBy::Sql(REPLICATION_LAG_SQL.into()),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::postgres::test_data::{client, seconds_ago, snapshot};
    use crate::sources::postgres::snapshot::ActivitySample;

    fn sleeper(pid: i32, seconds: i64) -> Session {
        let mut session = client(pid, "active", "app", "report");
        session.query_start = seconds_ago(seconds);
        session.xact_start = seconds_ago(seconds);
        session.query = Some("SELECT pg_sleep(600)".into());
        session
    }

    fn idle_in_transaction(pid: i32, seconds: i64) -> Session {
        let mut session = client(pid, "idle in transaction", "app", "billing");
        session.state_change = seconds_ago(seconds);
        session.xact_start = seconds_ago(seconds + 5);
        session.xmin_age = Some(12);
        session
    }

    #[test]
    fn long_queries_and_idle_transactions_past_the_threshold_are_listed() {
        let data = snapshot(
            20,
            3,
            vec![
                sleeper(10, 30),
                sleeper(11, 90),
                sleeper(12, 400),
                idle_in_transaction(13, 120),
                idle_in_transaction(14, 10),
            ],
        );
        let long = long_sessions(&data, &PgThresholds::default(), QueryTextPolicy::default());
        let pids: Vec<i32> = long.long_running.iter().map(|v| v.pid).collect();
        assert_eq!(pids, vec![12, 11]);
        assert_eq!(long.idle_in_transaction.len(), 1);
        assert_eq!(long.idle_in_transaction[0].pid, 13);
        assert_eq!(long.oldest_xmin.as_ref().unwrap().pid, 13);
        let findings = long.findings("orders", data.latest().at);
        assert_eq!(findings.len(), 2);
        assert!(
            findings[0]
                .summary
                .contains("2 queries running longer than 1m00s; the longest, pid 12"),
            "{}",
            findings[0].summary
        );
        assert!(
            findings[0]
                .summary
                .contains("it runs: SELECT pg_sleep(600)")
        );
        assert!(
            findings[1]
                .summary
                .contains("idle in transaction for 2m00s"),
            "{}",
            findings[1].summary
        );
    }

    #[test]
    fn samples_tell_a_stuck_session_from_a_busy_one() {
        let mut data = snapshot(20, 3, vec![sleeper(12, 400), sleeper(13, 100)]);
        let mut earlier = data.samples[0].clone();
        earlier.at -= chrono::Duration::seconds(1);
        // pid 13 ran another statement a second ago: busy, not stuck.
        earlier.sessions[1].query_start = seconds_ago(101);
        data.samples.insert(0, ActivitySample { ..earlier });
        let long = long_sessions(&data, &PgThresholds::default(), QueryTextPolicy::default());
        let stuck: Vec<(i32, bool)> = long
            .long_running
            .iter()
            .map(|v| (v.pid, v.unchanged_across_samples))
            .collect();
        assert_eq!(stuck, vec![(12, true), (13, false)]);
    }
}
