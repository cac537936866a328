//! Who waits for whom: sessions waiting on a lock, arranged as trees under the
//! session at the root of each chain (the one that holds the lock and waits
//! for nobody), which is the one to look at — or to end.

use super::ages;
use super::query_text::QueryTextPolicy;
use super::session_view::{Samples, SessionView};
use super::{PgThresholds, kinds};
use crate::analyze::{Finding, Severity, ShownBy};
use crate::sources::postgres::snapshot::{Session, Snapshot};
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// What an engineer runs in psql to see the same chains.
pub const LOCKS_SQL: &str = "SELECT pid, pg_blocking_pids(pid) AS blocked_by, wait_event_type, wait_event, \
now() - query_start AS waiting, state, left(query, 200) AS query \
FROM pg_stat_activity WHERE wait_event_type = 'Lock' ORDER BY query_start;";

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BlockingChains {
    pub roots: Vec<BlockNode>,
    /// Sessions waiting on a lock held by another session.
    pub blocked_sessions: usize,
    pub longest_wait_seconds: f64,
    /// A chain whose longest wait reaches this is CRITICAL.
    pub critical_after_seconds: f64,
    pub severity: Severity,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BlockNode {
    /// `None` when the holder is not a session triage can see: a prepared
    /// transaction (`pg_blocking_pids` says 0) or a backend that just ended.
    pub session: Option<SessionView>,
    pub pid: i32,
    /// How long this session has waited (it waits when it has a parent).
    pub waiting_seconds: Option<f64>,
    /// Other sessions this one also waits for (it is drawn under the first).
    pub also_blocked_by: Vec<i32>,
    pub blocks: Vec<BlockNode>,
}

impl BlockNode {
    /// Every session below this one.
    pub fn descendants(&self) -> usize {
        self.blocks
            .iter()
            .map(|child| 1 + child.descendants())
            .sum()
    }

    fn longest_wait(&self) -> f64 {
        self.blocks
            .iter()
            .map(|child| {
                child
                    .waiting_seconds
                    .unwrap_or(0.0)
                    .max(child.longest_wait())
            })
            .fold(0.0, f64::max)
    }
}

pub fn blocking_chains(
    snapshot: &Snapshot,
    thresholds: &PgThresholds,
    policy: QueryTextPolicy,
) -> BlockingChains {
    let sample = snapshot.latest();
    let own = snapshot.server.own_pid;
    let sessions: BTreeMap<i32, &Session> = sample
        .sessions
        .iter()
        .filter(|session| session.pid != own)
        .map(|session| (session.pid, session))
        .collect();
    let mut blockers_of: BTreeMap<i32, Vec<i32>> = BTreeMap::new();
    let mut waiters_of: BTreeMap<i32, Vec<i32>> = BTreeMap::new();
    // A parallel worker waits with its leader, which is the session that matters.
    let waiters = sessions
        .values()
        .filter(|session| session.backend_type.as_deref() != Some("parallel worker"));
    for session in waiters {
        let mut blockers: Vec<i32> = session
            .blocked_by
            .iter()
            .copied()
            .filter(|&pid| pid != session.pid)
            .collect();
        blockers.sort_unstable();
        blockers.dedup();
        for &blocker in &blockers {
            waiters_of.entry(blocker).or_default().push(session.pid);
        }
        if !blockers.is_empty() {
            blockers_of.insert(session.pid, blockers);
        }
    }
    // Roots hold locks and wait for nobody; a cycle (a deadlock the server has
    // not broken yet) has none, so its smallest pid stands in.
    let roots: Vec<i32> = waiters_of
        .keys()
        .copied()
        .filter(|pid| !blockers_of.contains_key(pid))
        .collect();
    let mut placed = BTreeSet::new();
    let builder = TreeBuilder {
        sessions: &sessions,
        blockers_of: &blockers_of,
        waiters_of: &waiters_of,
        samples: Samples::new(snapshot),
        policy,
        now: sample.at,
    };
    let mut trees: Vec<BlockNode> = Vec::new();
    for &root in &roots {
        trees.push(builder.node(root, None, &mut placed));
    }
    for &pid in blockers_of.keys() {
        if !placed.contains(&pid) {
            trees.push(builder.node(pid, None, &mut placed));
        }
    }
    // The worst chain first: most sessions behind it, then the longest wait.
    trees.sort_by(|a, b| {
        b.descendants()
            .cmp(&a.descendants())
            .then(b.longest_wait().total_cmp(&a.longest_wait()))
            .then(a.pid.cmp(&b.pid))
    });
    let longest_wait_seconds = trees
        .iter()
        .map(BlockNode::longest_wait)
        .fold(0.0, f64::max);
    let blocked_sessions = blockers_of.len();
    let critical_after_seconds = thresholds.blocked_critical_after.as_secs_f64();
    let severity = if blocked_sessions == 0 {
        Severity::Ok
    } else if longest_wait_seconds >= critical_after_seconds {
        Severity::Critical
    } else {
        Severity::Warning
    };
    BlockingChains {
        roots: trees,
        blocked_sessions,
        longest_wait_seconds,
        critical_after_seconds,
        severity,
    }
}

struct TreeBuilder<'a> {
    sessions: &'a BTreeMap<i32, &'a Session>,
    blockers_of: &'a BTreeMap<i32, Vec<i32>>,
    waiters_of: &'a BTreeMap<i32, Vec<i32>>,
    samples: Samples<'a>,
    policy: QueryTextPolicy,
    now: DateTime<Utc>,
}

impl TreeBuilder<'_> {
    /// Each session is drawn once, under the first blocker that reaches it.
    fn node(&self, pid: i32, parent: Option<i32>, placed: &mut BTreeSet<i32>) -> BlockNode {
        placed.insert(pid);
        let session = self.sessions.get(&pid).copied();
        let mut node = BlockNode {
            session: session.map(|s| self.samples.view(s, self.policy)),
            pid,
            waiting_seconds: parent.and(session).and_then(|s| {
                let since = s.lock_wait_start.or(s.query_start).or(s.state_change);
                ages::seconds(self.now, since)
            }),
            also_blocked_by: self
                .blockers_of
                .get(&pid)
                .map(|blockers| {
                    blockers
                        .iter()
                        .copied()
                        .filter(|&b| Some(b) != parent)
                        .collect()
                })
                .unwrap_or_default(),
            blocks: Vec::new(),
        };
        for &waiter in self.waiters_of.get(&pid).map(Vec::as_slice).unwrap_or(&[]) {
            if !placed.contains(&waiter) {
                node.blocks.push(self.node(waiter, Some(pid), placed));
            }
        }
        node
    }
}

impl BlockingChains {
    /// One finding per chain: who is at its root, what it does, and how long the others wait.
    pub fn findings(&self, database: &str, now: DateTime<Utc>) -> Vec<Finding> {
        if self.severity == Severity::Ok {
            return Vec::new();
        }
        self.roots
            .iter()
            .map(|root| {
                let waiting = root.descendants();
                let longest = root.longest_wait();
                let holder = match &root.session {
                    Some(view) => {
                        let mut text = format!("{}, {}", view.label(), view.state_phrase());
                        if let Some(query) = &view.query {
                            text.push_str(&format!(": {}", query.trim_end_matches(';')));
                        }
                        text
                    }
                    None if root.pid == 0 => "a prepared transaction (pg_prepared_xacts)".into(),
                    None => format!("pid {} (no longer visible)", root.pid),
                };
                let severity = if longest >= self.critical_after_seconds {
                    Severity::Critical
                } else {
                    Severity::Warning
                };
                Finding::observed(
                    kinds::LOCK_WAIT,
                    database,
                    severity,
                    format!(
                        "{waiting} session{} waiting on locks behind {holder}; the longest has waited {}",
                        if waiting == 1 { "" } else { "s" },
                        ages::format(longest)
                    ),
                    longest,
                    Some(now - chrono::Duration::milliseconds((longest * 1000.0) as i64)),
                    ShownBy::Sql(LOCKS_SQL.into()),
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::postgres::test_data::{client, seconds_ago, snapshot};

    fn waiting(pid: i32, on: &[i32], seconds: i64) -> Session {
        let mut session = client(pid, "active", "app", "worker");
        session.wait_event_type = Some("Lock".into());
        session.wait_event = Some("transactionid".into());
        session.blocked_by = on.to_vec();
        session.query_start = seconds_ago(seconds);
        session.query = Some("UPDATE accounts SET balance = balance - 1 WHERE id = 1".into());
        session
    }

    fn holder(pid: i32) -> Session {
        let mut session = client(pid, "idle in transaction", "app", "billing");
        session.xact_start = seconds_ago(300);
        session.state_change = seconds_ago(290);
        session
    }

    #[test]
    fn a_chain_is_drawn_under_its_root_holder() {
        let data = snapshot(
            20,
            3,
            vec![waiting(12, &[11], 30), holder(10), waiting(11, &[10], 45)],
        );
        let chains = blocking_chains(&data, &PgThresholds::default(), QueryTextPolicy::default());
        assert_eq!(chains.blocked_sessions, 2);
        assert_eq!(chains.roots.len(), 1);
        let root = &chains.roots[0];
        assert_eq!(root.pid, 10);
        assert_eq!(root.blocks[0].pid, 11);
        assert_eq!(root.blocks[0].blocks[0].pid, 12);
        assert_eq!(chains.longest_wait_seconds, 45.0);
        assert_eq!(chains.severity, Severity::Warning);
        let findings = chains.findings("orders", data.latest().at);
        assert_eq!(findings.len(), 1);
        assert!(
            findings[0].summary.contains("2 sessions waiting on locks behind pid 10 (app@127.0.0.1, billing), idle in transaction for 4m50s"),
            "{}",
            findings[0].summary
        );
    }

    #[test]
    fn a_wait_past_the_threshold_is_critical() {
        let data = snapshot(20, 3, vec![holder(10), waiting(11, &[10], 61)]);
        let chains = blocking_chains(&data, &PgThresholds::default(), QueryTextPolicy::default());
        assert_eq!(chains.severity, Severity::Critical);
        assert_eq!(
            chains.findings("orders", data.latest().at)[0].severity,
            Severity::Critical
        );
    }

    #[test]
    fn several_blockers_and_cycles_draw_each_session_once() {
        let data = snapshot(
            20,
            3,
            vec![
                holder(10),
                holder(20),
                waiting(11, &[10, 20], 5),
                waiting(30, &[31], 5),
                waiting(31, &[30], 5),
            ],
        );
        let chains = blocking_chains(&data, &PgThresholds::default(), QueryTextPolicy::default());
        let drawn: usize = chains.roots.iter().map(|r| 1 + r.descendants()).sum();
        assert_eq!(drawn, 5, "{chains:#?}");
        let first = chains.roots.iter().find(|r| r.pid == 10).unwrap();
        assert_eq!(first.blocks[0].also_blocked_by, vec![20]);
        assert!(chains.roots.iter().any(|r| r.pid == 30));
    }

    #[test]
    fn input_order_does_not_change_the_trees() {
        let sessions = vec![
            holder(10),
            waiting(11, &[10], 5),
            waiting(12, &[10], 9),
            holder(40),
            waiting(41, &[40], 2),
        ];
        let mut reversed = sessions.clone();
        reversed.reverse();
        let policy = QueryTextPolicy::default();
        let a = blocking_chains(&snapshot(20, 3, sessions), &PgThresholds::default(), policy);
        let b = blocking_chains(&snapshot(20, 3, reversed), &PgThresholds::default(), policy);
        assert_eq!(a, b);
        assert_eq!(a.roots[0].pid, 10);
    }

    #[test]
    fn a_prepared_transaction_is_named() {
        let data = snapshot(20, 3, vec![waiting(11, &[0], 5)]);
        let chains = blocking_chains(&data, &PgThresholds::default(), QueryTextPolicy::default());
        assert!(
            chains.findings("orders", data.latest().at)[0]
                .summary
                .contains("a prepared transaction")
        );
    }
}
