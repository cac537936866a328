//! PostgreSQL analysis: a snapshot of `pg_stat_activity` and friends in,
//! findings out. Pure: every age is measured from the server's `now()`
//! recorded with the snapshot, so a recorded snapshot always gives the same answer.

pub mod ages;
pub mod blocking;
pub mod connection_usage;
pub mod kinds;
pub mod long_sessions;
pub mod query_text;
pub mod replication;
pub mod session_view;
#[cfg(test)]
mod test_data;
pub mod thresholds;

pub use blocking::{BlockNode, BlockingChains, blocking_chains};
pub use connection_usage::{ConnectionUsage, connection_usage};
pub use long_sessions::{LongSessions, long_sessions};
pub use query_text::QueryTextPolicy;
pub use session_view::{AcrossSamples, Samples, SessionView};
pub use thresholds::PgThresholds;

use crate::analyze::{Finding, Severity};
use crate::sources::postgres::snapshot::Snapshot;
use serde::Serialize;

/// Everything triage concludes about one database server.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PgAnalysis {
    pub usage: ConnectionUsage,
    pub blocking: BlockingChains,
    pub long: LongSessions,
    /// Every finding, most severe first.
    pub findings: Vec<Finding>,
    /// What triage could not see, and how to let it (`None`: it saw everything).
    pub not_visible: Option<String>,
}

pub fn analyze(
    snapshot: &Snapshot,
    database: &str,
    thresholds: &PgThresholds,
    policy: QueryTextPolicy,
) -> PgAnalysis {
    let now = snapshot.latest().at;
    let usage = connection_usage(snapshot, thresholds);
    let blocking = blocking_chains(snapshot, thresholds, policy);
    let long = long_sessions(snapshot, thresholds, policy);
    let mut findings: Vec<Finding> = usage.finding(database).into_iter().collect();
    findings.extend(blocking.findings(database, now));
    findings.extend(long.findings(database, now));
    findings.extend(replication::replication_findings(
        snapshot, database, thresholds,
    ));
    // Stable: equal severities keep the order above (usage, locks, long sessions, replicas).
    findings.sort_by_key(|finding| std::cmp::Reverse(finding.severity));
    PgAnalysis {
        usage,
        blocking,
        long,
        findings,
        not_visible: not_visible(snapshot),
    }
}

/// Sessions of other roles are mostly hidden from a role without
/// `pg_read_all_stats`: say so, and how to fix it, instead of reporting them as fine.
fn not_visible(snapshot: &Snapshot) -> Option<String> {
    let own = snapshot.server.own_pid;
    let hidden = snapshot
        .latest()
        .sessions
        .iter()
        .filter(|session| session.pid != own && session.is_client())
        .filter(|session| session.query.as_deref().is_some_and(query_text::is_hidden))
        .count();
    (hidden > 0).then(|| {
        format!(
            "{hidden} session{} of other roles not visible to {} (query text, state, wait events, client address): GRANT pg_monitor TO {};",
            if hidden == 1 { "" } else { "s" },
            snapshot.server.user,
            snapshot.server.user
        )
    })
}

impl PgAnalysis {
    /// The worst severity among findings of the given kinds.
    pub fn worst(&self, kinds: &[&str]) -> Severity {
        self.findings
            .iter()
            .filter(|finding| kinds.contains(&finding.kind.as_str()))
            .map(|finding| finding.severity)
            .max()
            .unwrap_or(Severity::Ok)
    }
}
