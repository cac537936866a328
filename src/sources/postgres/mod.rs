//! PostgreSQL. Every session triage opens is read-only, has a statement and a
//! lock timeout, and calls itself `triage`, so it can never make an exhausted
//! or locked database worse and is easy to spot in `pg_stat_activity`.

pub mod collect;
pub mod connect;
pub mod conninfo;
pub mod pgpass;
pub mod snapshot;

pub use connect::{APPLICATION_NAME, ConnectError, connect, probe, safe_session_options};

/// The server's own message when there is one (`password authentication failed
/// for user "app"`, `too many connections`), else the I/O cause.
pub fn describe_error(err: &tokio_postgres::Error) -> String {
    if let Some(db) = err.as_db_error() {
        return format!("{} ({})", db.message(), db.code().code());
    }
    if let Some(problem) = super::cause::certificate_problem(err, "sslrootcert") {
        return problem;
    }
    let root = super::cause::root_cause(err);
    if let Some(io) = root.downcast_ref::<std::io::Error>() {
        return super::cause::describe_io(io);
    }
    match std::error::Error::source(err) {
        Some(source) if source.to_string() != err.to_string() => format!("{err}: {source}"),
        _ => err.to_string(),
    }
}
