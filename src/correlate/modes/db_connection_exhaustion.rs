//! `db-connection-exhaustion`: the database's connections, or the client
//! pool's, at their limit; requests wait for a connection, time out, and the
//! latency and 5xx of every service behind them rise.

use super::super::facts::Facts;
use super::super::hypothesis::{Action, Proposal};
use crate::analyze::finding::ShownBy;
use crate::analyze::postgres::kinds;

pub const ID: &str = "db-connection-exhaustion";

/// At the limit: the server's connections, a refused connection, the pool's usage and its queue.
const AT_LIMIT: &[&str] = &[
    kinds::CONNECTION_USAGE,
    kinds::CONNECTION_REFUSED_AT_LIMIT,
    "db_pool_usage",
    "db_pool_waiting",
];
/// What holds connections for long: it explains why the pool ran dry.
const HOLDING: &[&str] = &[kinds::IDLE_IN_TRANSACTION, kinds::LONG_RUNNING_QUERY];

pub fn propose(facts: &Facts) -> Vec<Proposal> {
    let at_limit: Vec<usize> = facts.abnormal(AT_LIMIT).map(|(index, _)| index).collect();
    if at_limit.is_empty() {
        return Vec::new();
    }
    // The database is the subject when Postgres saw it, else the pool's service.
    let subject = at_limit
        .iter()
        .map(|&i| &facts.findings[i])
        .find(|finding| {
            finding.kind == kinds::CONNECTION_USAGE
                || finding.kind == kinds::CONNECTION_REFUSED_AT_LIMIT
        })
        .or_else(|| at_limit.first().map(|&i| &facts.findings[i]))
        .map(|finding| finding.subject.clone())
        .unwrap_or_default();
    let mut evidence = at_limit.clone();
    evidence.extend(facts.abnormal(HOLDING).map(|(index, _)| index));
    let holders = facts.abnormal(HOLDING).count();
    vec![Proposal {
        cause: ID,
        subject: subject.clone(),
        summary: super::summaries(facts, &at_limit),
        mechanism: "Every connection is taken, so each new request waits for one; waits turn into \
                    timeouts (503/504) and the latency of every caller rises. Sessions that hold a \
                    connection without working (idle in transaction, long queries) make it worse."
            .into(),
        onset: facts.earliest_onset(&at_limit),
        evidence,
        is_change: false,
        confirm: vec![
            "connections in use stay at the limit while requests queue (pg_stat_activity, the pool's waiting count)".into(),
            if holders > 0 {
                "the sessions idle in transaction or running long belong to the failing service".into()
            } else {
                "connections are held by one application or user (pg_stat_activity by application_name)".into()
            },
        ],
        refute: vec![
            "connections well below max_connections and no client waiting for the pool".into(),
            "the latency rise began before the connections filled up".into(),
        ],
        actions: vec![
            Action::new(
                "See who holds the connections",
                Some(ShownBy::Sql(
                    "SELECT application_name, usename, state, count(*), max(now() - state_change) AS longest\n\
                     FROM pg_stat_activity WHERE backend_type = 'client backend'\n\
                     GROUP BY 1, 2, 3 ORDER BY 4 DESC;"
                        .into(),
                )),
            ),
            Action::changing(
                "End sessions idle in a transaction for over 5 minutes (they hold connections and locks and do nothing); their transactions roll back",
                ShownBy::Sql(
                    "SELECT pid, usename, application_name, pg_terminate_backend(pid)\n\
                     FROM pg_stat_activity\n\
                     WHERE state = 'idle in transaction' AND now() - state_change > interval '5 minutes'\n\
                       AND datname = current_database() AND pid <> pg_backend_pid();"
                        .into(),
                ),
            ),
        ],
    }]
}
