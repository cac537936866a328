//! PostgreSQL. Every session triage opens is read-only, has a statement and a
//! lock timeout, and calls itself `triage`, so it can never make an exhausted
//! or locked database worse and is easy to spot in `pg_stat_activity`.

use crate::config::settings::PostgresSettings;
use std::sync::Arc;
use std::time::Duration;
use tokio_postgres::config::SslMode;

/// `application_name` of every triage session.
pub const APPLICATION_NAME: &str = "triage";

/// The session settings that make a connection safe to use during an incident.
pub fn safe_session_options(statement_timeout: Duration) -> String {
    let statement_ms = statement_timeout.as_millis().max(1);
    format!(
        "-c default_transaction_read_only=on -c statement_timeout={statement_ms} -c lock_timeout=1000"
    )
}

/// Opens one read-only session. Only one: a pool could make exhaustion worse.
pub async fn connect(
    settings: &PostgresSettings,
    timeout: Duration,
) -> Result<tokio_postgres::Client, String> {
    let mut config = settings.config.clone();
    config.application_name(APPLICATION_NAME);
    config.options(safe_session_options(timeout));
    if config
        .get_connect_timeout()
        .is_none_or(|configured| *configured > timeout)
    {
        config.connect_timeout(timeout);
    }
    let connection = async {
        if config.get_ssl_mode() == SslMode::Disable {
            let (client, connection) = config.connect(tokio_postgres::NoTls).await?;
            tokio::spawn(connection);
            Ok(client)
        } else {
            // libpq's `prefer` and `require` encrypt without verifying the server's certificate.
            let tls = tokio_postgres_rustls::MakeRustlsConnect::new(
                super::tls::capturing_client_config(),
            );
            let (client, connection) = config.connect(tls).await?;
            tokio::spawn(connection);
            Ok(client)
        }
    };
    match tokio::time::timeout(timeout, connection).await {
        Ok(Ok(client)) => Ok(client),
        Ok(Err(err)) => Err(describe_error(&err)),
        Err(_) => Err(format!(
            "no connection within {}",
            crate::time_arg::format_duration(timeout)
        )),
    }
}

/// Checks reachability, authentication and that the session really is read-only.
pub async fn probe(settings: &PostgresSettings, timeout: Duration) -> Result<String, String> {
    let client = Arc::new(connect(settings, timeout).await?);
    let row = client
        .query_one(
            "SELECT current_setting('server_version'), current_user, current_setting('default_transaction_read_only')",
            &[],
        )
        .await
        .map_err(|err| describe_error(&err))?;
    let (version, user, read_only): (String, String, String) = (row.get(0), row.get(1), row.get(2));
    if read_only != "on" {
        return Err("the session is not read-only; refusing to continue".into());
    }
    Ok(format!(
        "PostgreSQL {version}, connected as {user}, read-only session"
    ))
}

/// The server's own message when there is one (`password authentication failed
/// for user "app"`, `too many connections`), else the I/O cause.
pub fn describe_error(err: &tokio_postgres::Error) -> String {
    if let Some(db) = err.as_db_error() {
        return format!("{} ({})", db.message(), db.code().code());
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
