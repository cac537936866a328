//! `triage pg connections|locks|activity`: one read-only session per database
//! (concurrently, at most 8 at a time), one snapshot each, the same pure
//! analysis, and the view each subcommand asks for.

use crate::ExitStatus;
use crate::analyze::Severity;
use crate::analyze::postgres::{
    self, PgAnalysis, PgThresholds, QueryTextPolicy, Samples, SessionView, connection_usage, kinds,
};
use crate::cli::{GlobalArgs, PgArgs, SourceArgs};
use crate::config::postgres as postgres_settings;
use crate::config::settings::{self, PostgresSettings};
use crate::report::pg::{self, DatabaseReport, PgDocument, PgView};
use crate::sources::postgres::collect::{self, Sampling};
use crate::sources::postgres::snapshot::Snapshot;
use crate::sources::postgres::{self as source, ConnectError};
use futures::StreamExt;
use std::time::Duration;
use tokio::time::Instant;

/// Databases asked at the same time, at most.
const CONCURRENCY: usize = 8;
/// How much later than a database's own deadline the backstop fires.
const BACKSTOP_GRACE: Duration = Duration::from_millis(200);

/// The finding kinds each view reports (a full server is reported by every view).
fn kinds(view: PgView) -> &'static [&'static str] {
    match view {
        PgView::Connections => &[kinds::CONNECTION_USAGE, kinds::CONNECTION_REFUSED_AT_LIMIT],
        PgView::Locks => &[kinds::LOCK_WAIT, kinds::CONNECTION_REFUSED_AT_LIMIT],
        PgView::Activity => &[
            kinds::LONG_RUNNING_QUERY,
            kinds::IDLE_IN_TRANSACTION,
            kinds::REPLICATION_LAG,
            kinds::CONNECTION_REFUSED_AT_LIMIT,
        ],
    }
}

pub async fn run(
    global: &GlobalArgs,
    view: PgView,
    args: &PgArgs,
    all_sessions: bool,
    out: &mut dyn std::io::Write,
) -> anyhow::Result<ExitStatus> {
    let format = super::output_format(global, super::REPORT_FORMATS)?;
    let databases = databases(global, args)?;
    let sampling = Sampling {
        samples: args.samples,
        interval: args.interval,
        query_chars: args.query_length as usize,
    };
    let sampling_time = args.interval.checked_mul(args.samples - 1);
    if sampling_time.is_none_or(|time| time + Duration::from_secs(1) >= global.timeout) {
        anyhow::bail!(
            "--samples {} --interval {} take {}, too close to --timeout {}: raise --timeout or take fewer samples",
            args.samples,
            crate::time_arg::format_duration(args.interval),
            sampling_time.map_or("forever".into(), crate::time_arg::format_duration),
            crate::time_arg::format_duration(global.timeout)
        );
    }
    if args.warn_connections > args.crit_connections {
        anyhow::bail!(
            "--warn-connections {:.0}% is above --crit-connections {:.0}%: the warning must come first",
            args.warn_connections * 100.0,
            args.crit_connections * 100.0
        );
    }
    let thresholds = PgThresholds {
        connections_warning: args.warn_connections,
        connections_critical: args.crit_connections,
        blocked_critical_after: args.crit_blocked_for,
        long_running: args.long,
        replication_lag_warning: args.replication_lag,
    };
    let policy = QueryTextPolicy {
        max_chars: args.query_length as usize,
        redact_literals: args.redact_queries,
    };
    let deadline = Instant::now() + global.timeout.saturating_sub(super::RENDER_MARGIN);
    let results: Vec<Result<Snapshot, ConnectError>> = futures::stream::iter(&databases)
        .map(|database| observe(database, sampling, deadline))
        .buffered(CONCURRENCY)
        .collect()
        .await;
    let reports: Vec<DatabaseReport> = databases
        .iter()
        .zip(results)
        .map(|(database, result)| {
            report(
                view,
                database,
                result,
                &thresholds,
                policy,
                args,
                all_sessions,
            )
        })
        .collect();
    let status = overall_status(&reports);
    let document = PgDocument {
        schema: view.schema(),
        view,
        summary: summary(&reports),
        databases: reports,
        status,
    };
    super::render(global, format, &document, pg::markdown, pg::terminal, out)?;
    Ok(status)
}

/// `--postgres`, else the config's databases (or those named by `--db`), else libpq's environment.
fn databases(global: &GlobalArgs, args: &PgArgs) -> anyhow::Result<Vec<PostgresSettings>> {
    let sources = SourceArgs {
        postgres: args.postgres.clone(),
        ..SourceArgs::default()
    };
    let settings = super::selected_settings(global, &sources)?;
    let mut databases = settings
        .environments
        .into_iter()
        .next()
        .map(|environment| environment.postgres)
        .unwrap_or_default();
    if !args.databases.is_empty() {
        let known: Vec<String> = databases.iter().map(|db| db.name.clone()).collect();
        for name in &args.databases {
            if !known.contains(name) {
                anyhow::bail!(
                    "--db {name}: no such database in the config (known: {})",
                    if known.is_empty() {
                        "none".into()
                    } else {
                        known.join(", ")
                    }
                );
            }
        }
        databases.retain(|db| args.databases.contains(&db.name));
    }
    if databases.is_empty() {
        databases.push(
            postgres_settings::from_environment(&settings::process_env)
                .map_err(|message| anyhow::anyhow!("libpq environment: {message}"))?,
        );
    }
    Ok(databases)
}

/// One session, one snapshot, both within the deadline.
pub(crate) async fn observe(
    database: &PostgresSettings,
    sampling: Sampling,
    deadline: Instant,
) -> Result<Snapshot, ConnectError> {
    let remaining = deadline.saturating_duration_since(Instant::now());
    tracing::info!(
        "asking PostgreSQL {} ({})",
        database.name,
        database.redacted_dsn()
    );
    let work = async {
        let client = source::connect(database, remaining).await?;
        collect::snapshot(&client, sampling, deadline)
            .await
            .map_err(ConnectError::Failed)
    };
    // A backstop a little after the deadline: the connect timeout, the session's
    // statement_timeout and the sampling budget end first and say which it was.
    match tokio::time::timeout_at(deadline + BACKSTOP_GRACE, work).await {
        Ok(result) => result,
        Err(_) => Err(ConnectError::Failed(format!(
            "no answer within {}",
            crate::time_arg::format_duration(remaining)
        ))),
    }
}

fn report(
    view: PgView,
    database: &PostgresSettings,
    result: Result<Snapshot, ConnectError>,
    thresholds: &PgThresholds,
    policy: QueryTextPolicy,
    args: &PgArgs,
    all_sessions: bool,
) -> DatabaseReport {
    let mut report = DatabaseReport {
        name: database.name.clone(),
        target: database.redacted_dsn(),
        status: ExitStatus::Unknown,
        error: None,
        sampling_error: None,
        server: None,
        samples: 0,
        sample_interval_seconds: args.interval.as_secs_f64(),
        usage: None,
        database_stats: Vec::new(),
        replicas: Vec::new(),
        blocking: None,
        activity: None,
        sessions: None,
        findings: Vec::new(),
        not_visible: None,
    };
    let snapshot = match result {
        Ok(snapshot) => snapshot,
        Err(ConnectError::AtConnectionLimit(message)) => {
            report.findings = vec![connection_usage::refused_at_limit(&database.name, &message)];
            report.status = ExitStatus::Critical;
            report.error = Some(message);
            return report;
        }
        Err(ConnectError::Failed(message)) => {
            report.error = Some(with_password_hint(message, database));
            return report;
        }
    };
    let analysis: PgAnalysis = postgres::analyze(&snapshot, &database.name, thresholds, policy);
    let wanted = kinds(view);
    report.findings = analysis
        .findings
        .iter()
        .filter(|finding| wanted.contains(&finding.kind.as_str()))
        .cloned()
        .collect();
    let worst = analysis.worst(wanted);
    // Without pg_read_all_stats other roles' states are hidden: a clean activity view would be a guess.
    report.status =
        if worst == Severity::Ok && view == PgView::Activity && analysis.not_visible.is_some() {
            ExitStatus::Unknown
        } else {
            worst.exit_status()
        };
    report.not_visible = analysis.not_visible.clone();
    report.samples = snapshot.samples.len();
    report.sampling_error = snapshot.sampling_error.clone();
    if report.sampling_error.is_some() && report.status == ExitStatus::Ok {
        report.status = ExitStatus::Unknown;
    }
    match view {
        PgView::Connections => {
            report.usage = Some(analysis.usage);
            report.database_stats = snapshot.databases.clone();
            report.replicas = snapshot.replicas.clone();
        }
        PgView::Locks => report.blocking = Some(analysis.blocking),
        PgView::Activity => {
            report.activity = Some(analysis.long);
            report.replicas = snapshot.replicas.clone();
            if all_sessions {
                let samples = Samples::new(&snapshot);
                let mut sessions: Vec<SessionView> = snapshot
                    .latest()
                    .sessions
                    .iter()
                    .filter(|session| session.pid != snapshot.server.own_pid)
                    .map(|session| samples.view(session, policy))
                    .collect();
                sessions.sort_by_key(|view| view.pid);
                report.sessions = Some(sessions);
            }
        }
    }
    report.server = Some(snapshot.server);
    report
}

/// An authentication failure says where the password came from, since config
/// databases ignore PGPASSWORD and that is not what on-call will guess.
fn with_password_hint(message: String, database: &PostgresSettings) -> String {
    if !message.contains("password authentication failed") && !message.contains("no password") {
        return message;
    }
    match &database.password_from {
        Some(from) => format!("{message} (password from {from})"),
        None => format!(
            "{message} (no password given: set PGPASSWORD, password_file in the config, or a ~/.pgpass line)"
        ),
    }
}

/// The worst database decides; "could not check" only when nothing is worse, so a
/// CRITICAL database is never hidden behind an unreachable one.
fn overall_status(reports: &[DatabaseReport]) -> ExitStatus {
    let has = |status| reports.iter().any(|report| report.status == status);
    [
        ExitStatus::Critical,
        ExitStatus::Warning,
        ExitStatus::Unknown,
    ]
    .into_iter()
    .find(|&status| has(status))
    .unwrap_or(ExitStatus::Ok)
}

fn summary(reports: &[DatabaseReport]) -> String {
    let count = |status| reports.iter().filter(|r| r.status == status).count();
    let total = reports.len();
    let mut parts = Vec::new();
    for status in [ExitStatus::Critical, ExitStatus::Warning] {
        let n = count(status);
        if n > 0 {
            parts.push(format!("{n} of {total} database{} {status}", plural(total)));
        }
    }
    let unreadable = reports
        .iter()
        .filter(|r| r.status == ExitStatus::Unknown)
        .count();
    if unreadable > 0 {
        parts.push(format!(
            "{unreadable} of {total} database{} could not be checked fully",
            plural(total)
        ));
    }
    if parts.is_empty() {
        return format!("{total} database{} checked, all OK", plural(total));
    }
    parts.join("; ")
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
