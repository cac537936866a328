//! What one look at a PostgreSQL server saw: the server's limits, every other
//! session in `pg_stat_activity` (one or more samples), per-database counters
//! and replicas. Raw data only, serializable, so it can be recorded and
//! analysed again later without the server.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub server: ServerFacts,
    /// At least one; the last is "now". Several tell a stuck session from a busy one.
    pub samples: Vec<ActivitySample>,
    pub databases: Vec<DatabaseStats>,
    pub replicas: Vec<Replica>,
    /// Why sampling stopped early; the samples taken before are kept.
    #[serde(default)]
    pub sampling_error: Option<String>,
}

impl Snapshot {
    /// The most recent sample.
    pub fn latest(&self) -> &ActivitySample {
        self.samples
            .last()
            .expect("a snapshot holds at least one sample")
    }
}

/// The server's identity, limits and what triage may see on it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServerFacts {
    pub version: String,
    pub max_connections: i64,
    pub superuser_reserved_connections: i64,
    /// PostgreSQL 16's `reserved_connections` (for `pg_use_reserved_connections`); 0 before 16.
    pub reserved_connections: i64,
    pub in_recovery: bool,
    /// The role triage connected as.
    pub user: String,
    pub is_superuser: bool,
    /// Superuser, or member of `pg_read_all_stats` (e.g. through `pg_monitor`):
    /// sees other users' query text, state and wait events.
    pub can_read_all_stats: bool,
    /// triage's own backend, left out of every result.
    pub own_pid: i32,
}

impl ServerFacts {
    /// Connections ordinary (non-superuser) roles can open.
    pub fn usable_connections(&self) -> i64 {
        (self.max_connections - self.superuser_reserved_connections - self.reserved_connections)
            .max(1)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActivitySample {
    /// The server's `now()` when the sample was taken: every age is measured from it.
    pub at: DateTime<Utc>,
    pub sessions: Vec<Session>,
}

/// One row of `pg_stat_activity`. Fields another user's session hides from a
/// role without `pg_read_all_stats` are `None`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    pub pid: i32,
    pub database: Option<String>,
    pub user: Option<String>,
    pub application: Option<String>,
    pub client_addr: Option<String>,
    pub backend_type: Option<String>,
    pub state: Option<String>,
    pub wait_event_type: Option<String>,
    pub wait_event: Option<String>,
    pub backend_start: Option<DateTime<Utc>>,
    pub xact_start: Option<DateTime<Utc>>,
    pub query_start: Option<DateTime<Utc>>,
    pub state_change: Option<DateTime<Utc>>,
    /// `age(backend_xmin)`: how many transactions this session's snapshot holds back vacuum.
    pub xmin_age: Option<i64>,
    /// `age(backend_xid)`: a transaction that wrote holds the horizon back from its
    /// own id, even idle between statements when it has no snapshot.
    #[serde(default)]
    pub xid_age: Option<i64>,
    /// Truncated by the server to the configured length.
    pub query: Option<String>,
    /// When its oldest ungranted lock request began (PostgreSQL 14+).
    #[serde(default)]
    pub lock_wait_start: Option<DateTime<Utc>>,
    /// `pg_blocking_pids(pid)`, asked only for sessions waiting on a lock.
    #[serde(default)]
    pub blocked_by: Vec<i32>,
}

impl Session {
    /// A connection that counts against `max_connections` (not autovacuum,
    /// WAL senders, background or parallel workers).
    pub fn is_client(&self) -> bool {
        match self.backend_type.as_deref() {
            Some(kind) => kind == "client backend",
            // Another role's session seen without pg_read_all_stats hides its
            // type; of what is left, only client backends have both a database and a role.
            None => self.database.is_some() && self.user.is_some(),
        }
    }

    /// How far this session holds back vacuum: its snapshot or its own transaction id.
    pub fn horizon_age(&self) -> Option<i64> {
        self.xmin_age.max(self.xid_age)
    }
}

/// One row of `pg_stat_database`; counters are cumulative since `stats_reset`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DatabaseStats {
    pub database: String,
    pub backends: i64,
    pub deadlocks: i64,
    pub conflicts: i64,
    pub temp_files: i64,
    pub temp_bytes: i64,
    pub stats_reset: Option<DateTime<Utc>>,
}

/// One row of `pg_stat_replication` on a primary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Replica {
    pub application: Option<String>,
    pub client_addr: Option<String>,
    pub state: Option<String>,
    pub sync_state: Option<String>,
    pub replay_lag_seconds: Option<f64>,
    pub replay_lag_bytes: Option<f64>,
}
