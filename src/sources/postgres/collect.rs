//! The queries behind a snapshot: one round trip per view (typed queries, no
//! separate prepare), pipelined on the one session triage holds once it has
//! checked that the session is read-only. Rows come
//! back as one JSON document per view so that 2,000 sessions cost one
//! message, not 2,000.

use super::snapshot::{ActivitySample, DatabaseStats, Replica, ServerFacts, Session, Snapshot};
use std::time::Duration;
use tokio::time::Instant;
use tokio_postgres::Client;
use tokio_postgres::types::Type;

/// Who triage is and what it may see. `reserved_connections` exists from
/// PostgreSQL 16. The read-only setting comes first so that the server's
/// statement log, which shows a statement's first line, shows it was checked.
pub const SERVER_FACTS_SQL: &str = "\
SELECT current_setting('default_transaction_read_only'),
       current_setting('server_version'),
       current_setting('max_connections')::int8,
       current_setting('superuser_reserved_connections')::int8,
       coalesce(current_setting('reserved_connections', true)::int8, 0),
       pg_is_in_recovery(),
       current_user::text,
       coalesce((SELECT rolsuper FROM pg_roles WHERE rolname = current_user), false),
       pg_has_role(current_user, 'pg_read_all_stats', 'MEMBER'),
       pg_backend_pid()";

/// Every other session. `pg_blocking_pids` takes the lock manager's locks, so
/// it is asked only of sessions with an ungranted lock (from `pg_locks`, which
/// every role may read, so other roles' waits are found too). `waitstart`
/// (PostgreSQL 14+) is read through `to_jsonb` so older servers answer NULL
/// rather than an error. `$1` is the query text length kept.
pub const ACTIVITY_SQL: &str = "\
WITH waiting AS (
  SELECT pid, min((to_jsonb(l) ->> 'waitstart')::timestamptz) AS lock_wait_start
  FROM pg_locks l WHERE NOT granted AND pid IS NOT NULL GROUP BY pid
)
SELECT to_json(now())::text, coalesce(json_agg(s), '[]')::text FROM (
  SELECT a.pid, a.datname AS database, a.usename AS user, a.application_name AS application,
         host(a.client_addr) AS client_addr, a.backend_type, a.state,
         a.wait_event_type, a.wait_event,
         a.backend_start, a.xact_start, a.query_start, a.state_change,
         age(a.backend_xmin)::int8 AS xmin_age, age(a.backend_xid)::int8 AS xid_age,
         left(a.query, $1) AS query, w.lock_wait_start,
         CASE WHEN w.pid IS NOT NULL THEN pg_blocking_pids(a.pid) ELSE '{}' END AS blocked_by
  FROM pg_stat_activity a LEFT JOIN waiting w ON w.pid = a.pid
  WHERE a.pid <> pg_backend_pid()
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
            query_chars: crate::analyze::postgres::QueryTextPolicy::default().max_chars,
        }
    }
}

/// Time a sample is given before the deadline: no sample starts that cannot finish.
const SAMPLE_BUDGET: Duration = Duration::from_millis(500);

/// Takes a snapshot over an open session, within `deadline`. Errors are the
/// server's own words; a later sample that fails or would overrun the
/// deadline ends sampling, and the samples already taken are kept.
pub async fn snapshot(
    client: &Client,
    sampling: Sampling,
    deadline: Instant,
) -> Result<Snapshot, String> {
    let query_chars = i32::try_from(sampling.query_chars.max(1)).unwrap_or(i32::MAX);
    // A pooler that drops startup options (PgBouncer's ignore_startup_parameters)
    // would leave the session writable: this is asked alone, and first, so
    // that nothing else is asked of such a session.
    let facts = client
        .query_typed_one(SERVER_FACTS_SQL, &[])
        .await
        .map_err(|err| super::describe_error(&err))?;
    super::connect::ensure_read_only(&facts.get::<_, String>(0))?;
    let (first, databases, replicas) = tokio::try_join!(
        activity(client, query_chars),
        json_rows::<DatabaseStats>(client, DATABASE_STATS_SQL),
        json_rows::<Replica>(client, REPLICATION_SQL),
    )
    .map_err(|err| super::describe_error(&err))?;
    let server = ServerFacts {
        version: facts.get(1),
        max_connections: facts.get(2),
        superuser_reserved_connections: facts.get(3),
        reserved_connections: facts.get(4),
        in_recovery: facts.get(5),
        user: facts.get(6),
        is_superuser: facts.get(7),
        can_read_all_stats: facts.get(8),
        own_pid: facts.get(9),
    };
    let mut samples = vec![first.map_err(|err| format!("pg_stat_activity: {err}"))?];
    let mut sampling_error = None;
    for taken in 1..sampling.samples.max(1) {
        let next = Instant::now() + sampling.interval;
        let outcome = if next + SAMPLE_BUDGET > deadline {
            Err("stopped before --timeout".to_string())
        } else {
            tokio::time::sleep_until(next).await;
            match tokio::time::timeout_at(deadline, activity(client, query_chars)).await {
                Ok(Ok(Ok(sample))) => Ok(sample),
                Ok(Ok(Err(err))) => Err(err),
                Ok(Err(err)) => Err(super::describe_error(&err)),
                Err(_) => Err("no answer before --timeout".to_string()),
            }
        };
        match outcome {
            Ok(sample) => samples.push(sample),
            // What was collected stays: the analysis runs on the samples taken so far.
            Err(err) => {
                sampling_error = Some(format!(
                    "sample {} of {}: {err}; the analysis uses the {taken} taken before",
                    taken + 1,
                    sampling.samples
                ));
                break;
            }
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
    let row = client
        .query_typed_one(ACTIVITY_SQL, &[(&query_chars, Type::INT4)])
        .await?;
    let (at, sessions): (String, String) = (row.get(0), row.get(1));
    Ok(parse_json(&at).and_then(|at| {
        parse_json::<Vec<Session>>(&sessions).map(|sessions| ActivitySample { at, sessions })
    }))
}

async fn json_rows<T: serde::de::DeserializeOwned>(
    client: &Client,
    sql: &str,
) -> Result<Result<Vec<T>, String>, tokio_postgres::Error> {
    let row = client.query_typed_one(sql, &[]).await?;
    Ok(parse_json(&row.get::<_, String>(0)))
}

fn parse_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, String> {
    serde_json::from_str(text).map_err(|err| format!("unexpected answer from the server: {err}"))
}
