//! The kinds of PostgreSQL findings, named once: views choose findings and
//! exit codes by these, so a misspelt kind cannot silently drop one.

pub const CONNECTION_USAGE: &str = "connection_usage";
pub const CONNECTION_REFUSED_AT_LIMIT: &str = "connection_refused_at_limit";
pub const LOCK_WAIT: &str = "lock_wait";
pub const LONG_RUNNING_QUERY: &str = "long_running_query";
pub const IDLE_IN_TRANSACTION: &str = "idle_in_transaction";
pub const REPLICATION_LAG: &str = "replication_lag";
