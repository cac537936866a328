//! Sessions that hold on too long: queries running past the threshold,
//! sessions idle inside an open transaction (holding locks, a connection and
//! vacuum's horizon), and the session that holds vacuum's horizon back most
//! (by its snapshot, or by its own transaction id when it wrote and went idle).

use super::query_text::QueryTextPolicy;
use super::session_view::{Samples, SessionView};
use super::{PgThresholds, ages, kinds};
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

pub const OLDEST_XMIN_SQL: &str = "SELECT pid, usename, application_name, state, \
greatest(age(backend_xmin), age(backend_xid)) AS horizon_age, now() - xact_start AS transaction, \
left(query, 200) AS query FROM pg_stat_activity WHERE coalesce(backend_xmin, backend_xid) IS NOT NULL \
ORDER BY 5 DESC LIMIT 1;";

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LongSessions {
    pub threshold_seconds: f64,
    /// Active queries (clients' and autovacuum's) running at least the threshold, longest first.
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
    let samples = Samples::new(snapshot);
    let view = |session: &&Session| samples.view(session, policy);
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
        .filter(|s| s.horizon_age().is_some())
        .max_by(|a, b| {
            a.horizon_age()
                .cmp(&b.horizon_age())
                .then(b.pid.cmp(&a.pid))
        })
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
        // Autovacuum running long is listed but is routine on a large table:
        // it matters when it blocks someone, which the lock view reports.
        let clients: Vec<&SessionView> = self
            .long_running
            .iter()
            .filter(|view| view.backend_type.as_deref() != Some("autovacuum worker"))
            .collect();
        if let Some(longest) = clients.first() {
            let age = longest.query_age_seconds.unwrap_or(0.0);
            findings.push(Finding::observed(
                kinds::LONG_RUNNING_QUERY,
                database,
                Severity::Warning,
                format!(
                    "{} quer{} running longer than {}; the longest, {}, {}{}",
                    clients.len(),
                    if clients.len() == 1 { "y" } else { "ies" },
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::postgres::session_view::AcrossSamples;
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
        let stuck: Vec<(i32, Option<AcrossSamples>)> = long
            .long_running
            .iter()
            .map(|v| (v.pid, v.across_samples))
            .collect();
        assert_eq!(
            stuck,
            vec![
                (12, Some(AcrossSamples::Working)),
                (13, Some(AcrossSamples::Moving))
            ]
        );
    }
}
