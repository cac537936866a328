//! `db-long-transaction`: long-running queries or sessions idle in an open
//! transaction hold their connections, their row locks and the xmin horizon;
//! others queue behind their locks, the pool has fewer connections to give,
//! and vacuum cannot clean up after them.

use super::super::facts::Facts;
use super::super::hypothesis::{Action, Proposal};
use super::shared::strongest_first;
use crate::analyze::finding::ShownBy;
use crate::analyze::postgres::kinds;

pub const ID: &str = "db-long-transaction";

const LONG: &[&str] = &[kinds::IDLE_IN_TRANSACTION, kinds::LONG_RUNNING_QUERY];
/// What the long transactions cost the others.
const COST: &[&str] = &[kinds::LOCK_WAIT, kinds::CONNECTION_USAGE];

const LONG_TRANSACTIONS_SQL: &str = "SELECT pid, usename, application_name, client_addr, state,\n       \
     now() - xact_start AS in_transaction, now() - state_change AS in_state, left(query, 200) AS query\n\
     FROM pg_stat_activity\n\
     WHERE backend_type = 'client backend' AND xact_start < now() - interval '5 minutes'\n\
     ORDER BY xact_start;";

pub fn propose(facts: &Facts) -> Vec<Proposal> {
    super::by_subject(facts, LONG)
        .into_iter()
        .map(|(database, long)| {
            let long = strongest_first(facts, long);
            let mut evidence = long.clone();
            evidence.extend(strongest_first(facts, facts.about(COST, &database)));
            // "…; the longest, pid 4242 (…)": the session to look at first.
            let longest = long.iter().find_map(|&i| {
                let finding = &facts.findings[i];
                let (_, rest) = finding.summary.split_once("the longest, pid ")?;
                let pid = rest
                    .split(|c: char| !c.is_ascii_digit())
                    .next()?
                    .parse::<u32>()
                    .ok()?;
                Some((pid, finding.kind == kinds::IDLE_IN_TRANSACTION))
            });
            let mut actions = vec![Action::new(
                "See the open transactions, oldest first",
                Some(ShownBy::Sql(LONG_TRANSACTIONS_SQL.into())),
            )];
            if let Some((pid, idle)) = longest {
                // Idle in a transaction: nothing to cancel, only the session to end.
                let (how, end) = if idle {
                    ("end", "pg_terminate_backend")
                } else {
                    ("cancel", "pg_cancel_backend")
                };
                actions.push(Action::new(
                    format!("Look at the longest, pid {pid}; {how} it only if its work can be lost"),
                    Some(ShownBy::Sql(format!(
                        "SELECT pid, usename, application_name, client_addr, state, now() - xact_start AS in_transaction, query\n\
                         FROM pg_stat_activity WHERE pid = {pid};\n\
                         -- If that is acceptable (its transaction rolls back):\n\
                         -- SELECT {end}({pid});"
                    ))),
                ));
            }
            Proposal {
                cause: ID,
                subject: database.clone(),
                summary: super::summaries(facts, &evidence),
                mechanism: "Long transactions (a slow query, or an application that opened a \
                            transaction and stopped talking) hold their connection, their row locks \
                            and the xmin horizon: others wait behind their locks, the pool has fewer \
                            connections to give, and vacuum cannot remove the rows they might still see."
                    .into(),
                onset: facts.earliest_onset(&long),
                evidence,
                is_change: false,
                confirm: vec![
                    "the same pids stay open across samples, with their xact_start before the symptoms".into(),
                    "the lock waits or the full pool clear when the long transactions end".into(),
                ],
                refute: vec![
                    "the long sessions are a known batch or backup that runs every day without symptoms".into(),
                    "nothing waits for their locks and the pool has connections to spare".into(),
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
    fn idle_transactions_are_proposed_with_what_they_cost() {
        let case = Case::new(vec![
            finding(
                kinds::LOCK_WAIT,
                "orders",
                Severity::Critical,
                "5 sessions waiting on locks behind pid 4242",
                -9,
            ),
            finding(
                kinds::IDLE_IN_TRANSACTION,
                "orders",
                Severity::Warning,
                "1 session idle in a transaction longer than 5m, holding their connections and locks; the longest, pid 4242 (app@10.0.0.7, billing), idle in transaction for 12m",
                -12,
            ),
            finding(
                kinds::LONG_RUNNING_QUERY,
                "orders",
                Severity::Warning,
                "1 query running longer than 5m; the longest, pid 77 (report), active for 6m",
                -6,
            ),
        ]);
        let proposals = propose(&case.facts());
        assert_eq!(proposals.len(), 1);
        let proposal = &proposals[0];
        assert_eq!(proposal.subject, "orders");
        assert_eq!(proposal.evidence, [1, 2, 0]);
        assert_eq!(proposal.onset, Some(at(-12)));
        assert!(
            proposal
                .summary
                .starts_with("1 session idle in a transaction")
        );
        let sql = proposal.actions[1].command.as_ref().unwrap().text();
        assert!(
            sql.contains("-- SELECT pg_terminate_backend(4242);"),
            "{sql}"
        );
    }

    #[test]
    fn silent_without_long_sessions() {
        let case = Case::new(vec![finding(
            kinds::LOCK_WAIT,
            "orders",
            Severity::Critical,
            "5 sessions waiting",
            -9,
        )]);
        assert!(propose(&case.facts()).is_empty());
    }
}
