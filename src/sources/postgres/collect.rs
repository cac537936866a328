//! The queries behind a snapshot: one round trip per view, pipelined on the
//! one session triage holds. Rows come back as one JSON document per view so
//! that 2,000 sessions cost one message, not 2,000.

use super::snapshot::{ActivitySample, DatabaseStats, Replica, ServerFacts, Session, Snapshot};
use std::time::Duration;
use tokio_postgres::Client;

/// Who triage is and what it may see. `reserved_connections` exists from PostgreSQL 16.
pub const SERVER_FACTS_SQL: &str = "\
SELECT current_setting('server_version'),
       current_setting('max_connections')::int8,
       current_setting('superuser_reserved_connections')::int8,
       coalesce(current_setting('reserved_connections', true)::int8, 0),
       pg_is_in_recovery(),
       current_user::text,
       coalesce((SELECT rolsuper FROM pg_roles WHERE rolname = current_user), false),
       pg_has_role(current_user, 'pg_read_all_stats', 'MEMBER'),
       pg_backend_pid()";

/// Every other session. `pg_blocking_pids` is costly, so it is asked only of
/// sessions that wait on a lock — or whose wait events triage may not see
/// (another role's, without `pg_read_all_stats`); `$1` is the query text length kept.
pub const ACTIVITY_SQL: &str = "\
SELECT to_json(now())::text, coalesce(json_agg(s), '[]')::text FROM (
  SELECT pid, datname AS database, usename AS user, application_name AS application,
         host(client_addr) AS client_addr, backend_type, state, wait_event_type, wait_event,
         backend_start, xact_start, query_start, state_change,
         age(backend_xmin)::int8 AS xmin_age, left(query, $1) AS query,
         CASE WHEN wait_event_type = 'Lock' OR query = '<insufficient privilege>' THEN pg_blocking_pids(pid) ELSE '{}' END AS blocked_by
  FROM pg_stat_activity
  WHERE pid <> pg_backend_pid()
) s";

pub const DATABASE_STATS_SQL: &str = "\
SELECT coalesce(json_agg(d), '[]')::text FROM (
  SELECT datname AS database, numbackends AS backends, deadlocks, conflicts,
         temp_files, temp_bytes, stats_reset
  FROM pg_stat_database WHERE datname IS NOT NULL ORDER BY datname
) d";

/// On a standby `pg_current_wal_lsn()` fails, and there are no replicas to ask about.
pub const REPLICATION_SQL: &str = "\
SELECT coalesce(json_agg(r), '[]')::text FROM (
  SELECT application_name AS application, host(client_addr) AS client_addr, state, sync_state,
         extract(epoch FROM replay_lag)::float8 AS replay_lag_seconds,
         CASE WHEN pg_is_in_recovery() THEN NULL
              ELSE pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::float8 END AS replay_lag_bytes
  FROM pg_stat_replication
) r";

/// How many looks, how far apart, and how much query text to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sampling {
    pub samples: u32,
    pub interval: Duration,
    pub query_chars: usize,
}

impl Default for Sampling {
    fn default() -> Self {
        Sampling {
            samples: 1,
            interval: Duration::from_secs(1),
            query_chars: 200,
        }
    }
}

/// Takes a snapshot over an open session. Errors are the server's own words.
pub async fn snapshot(client: &Client, sampling: Sampling) -> Result<Snapshot, String> {
    let query_chars = i32::try_from(sampling.query_chars.max(1)).unwrap_or(i32::MAX);
    let (facts, first, databases, replicas) = tokio::try_join!(
        client.query_one(SERVER_FACTS_SQL, &[]),
        activity(client, query_chars),
        json_rows::<DatabaseStats>(client, DATABASE_STATS_SQL),
        json_rows::<Replica>(client, REPLICATION_SQL),
    )
    .map_err(|err| super::describe_error(&err))?;
    let server = ServerFacts {
        version: facts.get(0),
        max_connections: facts.get(1),
        superuser_reserved_connections: facts.get(2),
        reserved_connections: facts.get(3),
        in_recovery: facts.get(4),
        user: facts.get(5),
        is_superuser: facts.get(6),
        can_read_all_stats: facts.get(7),
        own_pid: facts.get(8),
    };
    let mut samples = vec![first.map_err(|err| format!("pg_stat_activity: {err}"))?];
    let mut sampling_error = None;
    for taken in 1..sampling.samples.max(1) {
        tokio::time::sleep(sampling.interval).await;
        match activity(client, query_chars).await {
            Ok(Ok(sample)) => samples.push(sample),
            // What was collected stays: the analysis runs on the samples taken so far.
            Ok(Err(err)) => sampling_error = Some(err),
            Err(err) => sampling_error = Some(super::describe_error(&err)),
        }
        if let Some(err) = &mut sampling_error {
            *err = format!(
                "sample {} of {}: {err}; the analysis uses the {taken} taken before",
                taken + 1,
                sampling.samples
            );
            break;
        }
    }
    Ok(Snapshot {
        server,
        samples,
        databases: databases.map_err(|err| format!("pg_stat_database: {err}"))?,
        replicas: replicas.map_err(|err| format!("pg_stat_replication: {err}"))?,
        sampling_error,
    })
}

/// One sample of `pg_stat_activity`; the inner error is a malformed document.
async fn activity(
    client: &Client,
    query_chars: i32,
) -> Result<Result<ActivitySample, String>, tokio_postgres::Error> {
    let row = client.query_one(ACTIVITY_SQL, &[&query_chars]).await?;
    let (at, sessions): (String, String) = (row.get(0), row.get(1));
    Ok(parse_json(&at).and_then(|at| {
        parse_json::<Vec<Session>>(&sessions).map(|sessions| ActivitySample { at, sessions })
    }))
}

async fn json_rows<T: serde::de::DeserializeOwned>(
    client: &Client,
    sql: &str,
) -> Result<Result<Vec<T>, String>, tokio_postgres::Error> {
    let row = client.query_one(sql, &[]).await?;
    Ok(parse_json(&row.get::<_, String>(0)))
}

fn parse_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, String> {
    serde_json::from_str(text).map_err(|err| format!("unexpected answer from the server: {err}"))
}
