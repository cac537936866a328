//! How full the server is: client connections against the limit an ordinary
//! role can reach, and who holds them (by state, user, application, client).

use super::{PgThresholds, kinds};
use crate::analyze::{Finding, Severity, ShownBy};
use crate::sources::postgres::snapshot::{Session, Snapshot};
use serde::Serialize;
use std::collections::BTreeMap;

/// The SQL an engineer runs to see the same breakdown.
pub const CONNECTIONS_SQL: &str = "SELECT state, usename, application_name, client_addr, count(*) \
FROM pg_stat_activity WHERE backend_type = 'client backend' \
GROUP BY 1, 2, 3, 4 ORDER BY 5 DESC;";

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConnectionUsage {
    /// Client connections, triage's own left out.
    pub used: i64,
    /// `max_connections` less the slots reserved for superusers (and, from 16, `reserved_connections`).
    pub usable: i64,
    pub max_connections: i64,
    pub superuser_reserved_connections: i64,
    pub reserved_connections: i64,
    /// `used / usable`; above 1 when superusers hold the reserved slots.
    pub ratio: f64,
    pub severity: Severity,
    pub by_state: Vec<Count>,
    pub by_user: Vec<Count>,
    pub by_application: Vec<Count>,
    pub by_client: Vec<Count>,
}

/// How many connections share one value of a grouping.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Count {
    pub value: String,
    pub connections: usize,
}

pub fn connection_usage(snapshot: &Snapshot, thresholds: &PgThresholds) -> ConnectionUsage {
    let server = &snapshot.server;
    let clients: Vec<&Session> = snapshot
        .latest()
        .sessions
        .iter()
        .filter(|session| session.is_client() && session.pid != server.own_pid)
        .collect();
    let used = clients.len() as i64;
    let usable = server.usable_connections();
    let ratio = used as f64 / usable as f64;
    let severity = if ratio >= thresholds.connections_critical {
        Severity::Critical
    } else if ratio >= thresholds.connections_warning {
        Severity::Warning
    } else {
        Severity::Ok
    };
    let group = |key: fn(&Session) -> Option<&str>, hidden: &str| {
        count_by(clients.iter().map(|session| key(session).unwrap_or(hidden)))
    };
    ConnectionUsage {
        used,
        usable,
        max_connections: server.max_connections,
        superuser_reserved_connections: server.superuser_reserved_connections,
        reserved_connections: server.reserved_connections,
        ratio,
        severity,
        // State and client address of other users' sessions are hidden without pg_read_all_stats.
        by_state: group(|s| s.state.as_deref(), "(not visible)"),
        by_user: group(|s| s.user.as_deref(), "(unknown)"),
        by_application: group(
            |s| s.application.as_deref().filter(|name| !name.is_empty()),
            "(none)",
        ),
        by_client: group(
            |s| s.client_addr.as_deref(),
            "(local socket or not visible)",
        ),
    }
}

/// Counts, largest first, ties by name: the same input in any order gives the same list.
fn count_by<'a>(values: impl Iterator<Item = &'a str>) -> Vec<Count> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for value in values {
        *counts.entry(value).or_default() += 1;
    }
    let mut counts: Vec<Count> = counts
        .into_iter()
        .map(|(value, connections)| Count {
            value: value.to_string(),
            connections,
        })
        .collect();
    counts.sort_by_key(|count| std::cmp::Reverse(count.connections));
    counts
}

impl ConnectionUsage {
    /// The finding when usage crossed a threshold.
    pub fn finding(&self, database: &str) -> Option<Finding> {
        if self.severity == Severity::Ok {
            return None;
        }
        let holders = self
            .by_application
            .iter()
            .take(3)
            .map(|count| format!("{} {}", count.value, count.connections))
            .collect::<Vec<_>>()
            .join(", ");
        let idle = self
            .by_state
            .iter()
            .filter(|count| count.value.starts_with("idle"))
            .map(|count| format!("{} {}", count.connections, count.value))
            .collect::<Vec<_>>()
            .join(", ");
        let mut summary = format!(
            "{} of {} usable connections in use ({:.0}%; max_connections {}, {} reserved); by application: {holders}",
            self.used,
            self.usable,
            self.ratio * 100.0,
            self.max_connections,
            self.superuser_reserved_connections + self.reserved_connections,
        );
        if !idle.is_empty() {
            summary.push_str(&format!("; {idle}"));
        }
        Some(Finding::observed(
            kinds::CONNECTION_USAGE,
            database,
            self.severity,
            summary,
            self.ratio,
            None,
            ShownBy::Sql(CONNECTIONS_SQL.into()),
        ))
    }
}

/// The server refused triage itself for want of a free slot: the strongest
/// evidence of connection exhaustion there is, so a finding rather than an error.
pub fn refused_at_limit(database: &str, message: &str) -> Finding {
    Finding::observed(
        kinds::CONNECTION_REFUSED_AT_LIMIT,
        database,
        Severity::Critical,
        format!(
            "the server refused a new connection: {message} (every usable connection slot is taken)"
        ),
        1.0,
        None,
        ShownBy::Sql("SHOW max_connections;".into()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::postgres::test_data::{client, snapshot};

    #[test]
    fn usage_counts_clients_against_the_usable_limit() {
        let mut sessions: Vec<Session> = (0..16)
            .map(|pid| client(pid, "idle", "app", "loadgen"))
            .collect();
        sessions.push(client(100, "active", "postgres", "psql"));
        let mut autovacuum = client(200, "active", "postgres", "");
        autovacuum.backend_type = Some("autovacuum worker".into());
        sessions.push(autovacuum);
        let usage = connection_usage(&snapshot(20, 3, sessions), &PgThresholds::default());
        assert_eq!((usage.used, usage.usable), (17, 17));
        assert_eq!(usage.severity, Severity::Critical);
        assert_eq!(usage.by_application[0].value, "loadgen");
        assert_eq!(usage.by_application[0].connections, 16);
        assert_eq!(usage.by_state[0].value, "idle");
        let finding = usage.finding("orders").unwrap();
        assert!(
            finding.summary.contains("17 of 17 usable"),
            "{}",
            finding.summary
        );
        assert!(finding.summary.contains("16 idle"), "{}", finding.summary);
    }

    #[test]
    fn thresholds_decide_the_severity() {
        let sessions = |n: i32| (0..n).map(|pid| client(pid, "idle", "app", "x")).collect();
        let thresholds = PgThresholds::default();
        let of = |n| connection_usage(&snapshot(23, 3, sessions(n)), &thresholds).severity;
        assert_eq!(of(15), Severity::Ok); // 75%
        assert_eq!(of(16), Severity::Warning); // 80%
        assert_eq!(of(18), Severity::Warning); // 90%
        assert_eq!(of(19), Severity::Critical); // 95%
    }

    #[test]
    fn triage_never_counts_itself() {
        let mut data = snapshot(10, 0, vec![client(7, "active", "triage", "triage")]);
        data.server.own_pid = 7;
        assert_eq!(connection_usage(&data, &PgThresholds::default()).used, 0);
    }
}
