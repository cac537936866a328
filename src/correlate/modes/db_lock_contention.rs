//! `db-lock-contention`: sessions wait on a lock (`wait_event_type = Lock`)
//! behind a session that holds it and waits for nobody; each waiter keeps
//! its connection and its caller's request, so queries that usually take
//! milliseconds take as long as the holder's transaction.

use super::super::facts::Facts;
use super::super::hypothesis::{Action, Proposal};
use super::shared::strongest_first;
use crate::analyze::finding::ShownBy;
use crate::analyze::postgres::kinds;

pub const ID: &str = "db-lock-contention";

/// What the holder is often doing: sitting in an open transaction.
const HOLDING: &[&str] = &[kinds::IDLE_IN_TRANSACTION, kinds::LONG_RUNNING_QUERY];

/// Every waiting session with who blocks it, and who holds the locks.
const BLOCKING_TREE_SQL: &str = "SELECT pid, pg_blocking_pids(pid) AS blocked_by, usename, application_name, state,\n       \
     now() - xact_start AS in_transaction, wait_event_type, wait_event, left(query, 200) AS query\n\
     FROM pg_stat_activity\n\
     WHERE cardinality(pg_blocking_pids(pid)) > 0\n   \
     OR pid IN (SELECT unnest(pg_blocking_pids(pid)) FROM pg_stat_activity)\n\
     ORDER BY xact_start;";

pub fn propose(facts: &Facts) -> Vec<Proposal> {
    super::by_subject(facts, &[kinds::LOCK_WAIT])
        .into_iter()
        .map(|(database, waits)| {
            let waits = strongest_first(facts, waits);
            let mut evidence = waits.clone();
            evidence.extend(strongest_first(facts, facts.about(HOLDING, &database)));
            // "5 sessions waiting on locks behind pid 4242 (…)": the root of the worst chain.
            let root = waits.iter().find_map(|&i| {
                let (_, rest) = facts.findings[i].summary.split_once("behind pid ")?;
                rest.split(|c: char| !c.is_ascii_digit())
                    .next()?
                    .parse::<u32>()
                    .ok()
            });
            let mut actions = vec![Action::new(
                "See the blocking chains: who waits, and the session at the root that holds the lock",
                Some(ShownBy::Sql(BLOCKING_TREE_SQL.into())),
            )];
            if let Some(pid) = root {
                actions.push(Action::new(
                    format!("Look at the root holder, pid {pid}; end it only if its transaction can be lost"),
                    Some(ShownBy::Sql(format!(
                        "SELECT pid, usename, application_name, client_addr, state, now() - xact_start AS in_transaction, query\n\
                         FROM pg_stat_activity WHERE pid = {pid};\n\
                         -- If ending it is acceptable (its transaction rolls back):\n\
                         -- SELECT pg_terminate_backend({pid});"
                    ))),
                ));
            }
            Proposal {
                cause: ID,
                subject: database.clone(),
                summary: super::summaries(facts, &evidence),
                mechanism: "Sessions wait on a lock held by a session that does not release it (a \
                            long or idle open transaction, a migration, an explicit LOCK). Each \
                            waiter holds its connection and its caller's request, so latency rises, \
                            the pool drains and requests time out."
                    .into(),
                onset: facts.earliest_onset(&waits),
                evidence,
                is_change: false,
                confirm: vec![
                    "the blocking tree has the same root pid across samples".into(),
                    "the failing requests' queries are among the waiting sessions".into(),
                ],
                refute: vec![
                    "the waits are short and come and go (normal row-lock traffic)".into(),
                    "the latency rise began before the lock waits".into(),
                ],
                actions,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::test_facts::{Case, at, finding};
    use super::*;
    use crate::analyze::finding::Severity;

    #[test]
    fn a_blocking_chain_names_its_root_and_how_to_end_it() {
        let case = Case::new(vec![
            finding(
                "latency_p99",
                "orders-api",
                Severity::Critical,
                "p99 latency 9s",
                2,
            ),
            finding(
                kinds::IDLE_IN_TRANSACTION,
                "orders",
                Severity::Warning,
                "1 session idle in a transaction longer than 5m; the longest, pid 4242 (app@10.0.0.7, billing)",
                -12,
            ),
            finding(
                kinds::LOCK_WAIT,
                "orders",
                Severity::Critical,
                "5 sessions waiting on locks behind pid 4242 (app@10.0.0.7, billing), idle in transaction for 12m; the longest has waited 9m",
                -9,
            ),
        ]);
        let proposals = propose(&case.facts());
        assert_eq!(proposals.len(), 1);
        let proposal = &proposals[0];
        assert_eq!(proposal.subject, "orders");
        assert_eq!(proposal.evidence, [2, 1]);
        assert_eq!(proposal.onset, Some(at(-9)));
        assert!(
            proposal
                .summary
                .starts_with("5 sessions waiting on locks behind pid 4242")
        );
        let sql = proposal.actions[1].command.as_ref().unwrap().text();
        assert!(sql.contains("WHERE pid = 4242;"));
        assert!(sql.contains("-- SELECT pg_terminate_backend(4242);"));
        assert!(
            proposal.actions[0]
                .command
                .as_ref()
                .unwrap()
                .text()
                .contains("pg_blocking_pids")
        );
    }

    #[test]
    fn silent_without_lock_waits() {
        let case = Case::new(vec![finding(
            kinds::IDLE_IN_TRANSACTION,
            "orders",
            Severity::Warning,
            "1 session idle",
            -12,
        )]);
        assert!(propose(&case.facts()).is_empty());
    }
}
