//! Replicas falling behind: a primary's `pg_stat_replication` against the lag threshold.

use super::{PgThresholds, ages, kinds};
use crate::analyze::{Finding, Severity, ShownBy};
use crate::sources::postgres::snapshot::Snapshot;

/// Safe on a standby too, where `pg_current_wal_lsn()` would fail.
pub const REPLICATION_LAG_SQL: &str = "SELECT application_name, client_addr, state, sync_state, replay_lag, \
CASE WHEN pg_is_in_recovery() THEN NULL ELSE pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn) END \
AS replay_lag_bytes FROM pg_stat_replication;";

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
                kinds::REPLICATION_LAG,
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
    use crate::analyze::postgres::test_data::snapshot;
    use crate::sources::postgres::snapshot::Replica;

    fn replica(name: &str, lag: Option<f64>) -> Replica {
        Replica {
            application: Some(name.into()),
            client_addr: Some("10.0.0.9".into()),
            state: Some("streaming".into()),
            sync_state: Some("async".into()),
            replay_lag_seconds: lag,
            replay_lag_bytes: lag.map(|lag| lag * 1_048_576.0),
        }
    }

    #[test]
    fn only_replicas_past_the_threshold_are_findings() {
        let mut data = snapshot(20, 3, Vec::new());
        data.replicas = vec![
            replica("replica-a", Some(5.0)),
            replica("replica-b", Some(125.0)),
            replica("replica-c", None),
        ];
        let findings = replication_findings(&data, "orders", &PgThresholds::default());
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].kind, kinds::REPLICATION_LAG);
        assert_eq!(
            findings[0].summary,
            "replica replica-b (10.0.0.9) replays 2m05s behind the primary (125.0 MiB of WAL)"
        );
    }
}
