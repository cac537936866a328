//! When a PostgreSQL observation becomes a WARNING or a CRITICAL.

use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PgThresholds {
    /// Share of the usable connections in use (0–1).
    pub connections_warning: f64,
    pub connections_critical: f64,
    /// A session waiting on a lock is a WARNING; waiting this long, CRITICAL.
    pub blocked_critical_after: Duration,
    /// An active query running this long, or a session idle in a transaction
    /// this long, is listed and a WARNING.
    pub long_running: Duration,
    /// A replica this far behind in replay is a WARNING.
    pub replication_lag_warning: Duration,
}

impl Default for PgThresholds {
    fn default() -> Self {
        PgThresholds {
            connections_warning: 0.80,
            connections_critical: 0.95,
            blocked_critical_after: Duration::from_secs(60),
            long_running: Duration::from_secs(60),
            replication_lag_warning: Duration::from_secs(60),
        }
    }
}
