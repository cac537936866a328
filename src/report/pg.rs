//! `triage pg connections|locks|activity` rendered: per database a header
//! (what was asked, which server), the view's table or tree, the findings
//! with the SQL that showed them, and what triage could not see.

use super::findings;
use super::table::Table;
use crate::ExitStatus;
use crate::analyze::Finding;
use crate::analyze::postgres::{
    BlockNode, BlockingChains, ConnectionUsage, LongSessions, SessionView, ages,
};
use crate::sources::postgres::snapshot::{DatabaseStats, Replica, ServerFacts};
use serde::Serialize;

/// Which `pg` subcommand a document answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PgView {
    Connections,
    Locks,
    Activity,
}

impl PgView {
    pub fn schema(self) -> &'static str {
        match self {
            PgView::Connections => "triage.pg-connections/v1",
            PgView::Locks => "triage.pg-locks/v1",
            PgView::Activity => "triage.pg-activity/v1",
        }
    }

    fn title(self) -> &'static str {
        match self {
            PgView::Connections => "connections",
            PgView::Locks => "lock waits",
            PgView::Activity => "long-running and idle-in-transaction sessions",
        }
    }
}

/// Everything one `pg` subcommand concluded, in the shape of its JSON output.
#[derive(Debug, Serialize)]
pub struct PgDocument {
    pub schema: &'static str,
    pub view: PgView,
    pub databases: Vec<DatabaseReport>,
    pub status: ExitStatus,
    pub summary: String,
}

#[derive(Debug, Serialize)]
pub struct DatabaseReport {
    pub name: String,
    /// The connection string, password left out.
    pub target: String,
    pub status: ExitStatus,
    /// Why nothing could be read (the findings may still say why: a full server).
    pub error: Option<String>,
    /// Why sampling stopped early; the samples taken were analysed.
    pub sampling_error: Option<String>,
    pub server: Option<ServerFacts>,
    /// Samples taken (fewer than asked for when sampling stopped early).
    pub samples: usize,
    pub sample_interval_seconds: f64,
    pub usage: Option<ConnectionUsage>,
    /// `pg_stat_database`, one row per database on the server.
    pub database_stats: Vec<DatabaseStats>,
    pub replicas: Vec<Replica>,
    pub blocking: Option<BlockingChains>,
    pub activity: Option<LongSessions>,
    /// Every session, with `pg activity --all`.
    pub sessions: Option<Vec<SessionView>>,
    pub findings: Vec<Finding>,
    pub not_visible: Option<String>,
}

pub fn markdown(document: &PgDocument) -> String {
    let mut text = format!("## PostgreSQL {}\n\n", document.view.title());
    for database in &document.databases {
        text.push_str(&format!("### `{}`\n\n", database.name));
        for line in header_lines(database) {
            text.push_str(&format!("- {line}\n"));
        }
        text.push('\n');
        text.push_str(&body(document.view, database, Format::Markdown));
        if !database.findings.is_empty() {
            text.push_str("#### Findings\n\n");
            text.push_str(&findings::markdown(&database.findings));
        }
        if let Some(hidden) = &database.not_visible {
            text.push_str(&format!("**Not visible:** {hidden}\n\n"));
        }
    }
    text.push_str(&format!(
        "**Status: {}**: {}\n",
        document.status, document.summary
    ));
    text
}

pub fn terminal(document: &PgDocument, color: bool) -> String {
    let mut text = String::new();
    for database in &document.databases {
        text.push_str(&format!("Database {}\n", database.name));
        for line in header_lines(database) {
            text.push_str(&format!("{line}\n"));
        }
        text.push('\n');
        text.push_str(&body(document.view, database, Format::Terminal(color)));
        if !database.findings.is_empty() {
            text.push_str("Findings:\n");
            text.push_str(&findings::terminal(&database.findings));
            text.push('\n');
        }
        if let Some(hidden) = &database.not_visible {
            text.push_str(&format!("Not visible: {hidden}\n\n"));
        }
    }
    text.push_str(&format!("{}: {}\n", document.status, document.summary));
    text
}

#[derive(Clone, Copy)]
enum Format {
    Markdown,
    Terminal(bool),
}

impl Format {
    fn table(self, table: &Table) -> String {
        match self {
            Format::Markdown => format!("{}\n", table.to_markdown()),
            Format::Terminal(color) => format!("{}\n", table.to_terminal(color)),
        }
    }

    /// A drawn tree or other preformatted text. In Markdown the fence is
    /// longer than any run of backticks in the text (query text can hold some).
    fn preformatted(self, text: &str) -> String {
        match self {
            Format::Markdown => {
                let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
                let fence = "`".repeat(longest.max(2) + 1);
                format!("{fence}text\n{text}{fence}\n\n")
            }
            Format::Terminal(_) => format!("{text}\n"),
        }
    }
}

fn header_lines(database: &DatabaseReport) -> Vec<String> {
    let mut lines = vec![format!("Target: {}", database.target)];
    if let Some(server) = &database.server {
        let role = if server.is_superuser {
            "superuser"
        } else if server.can_read_all_stats {
            "with pg_read_all_stats"
        } else {
            "without pg_read_all_stats"
        };
        lines.push(format!(
            "Server: PostgreSQL {} ({}), as {} ({role})",
            server.version,
            if server.in_recovery {
                "standby"
            } else {
                "primary"
            },
            server.user
        ));
    }
    if database.samples > 1 {
        lines.push(format!(
            "Sampled {} times, {} apart",
            database.samples,
            ages::format(database.sample_interval_seconds)
        ));
    }
    if let Some(usage) = &database.usage {
        lines.push(format!(
            "Connections: {} of {} usable ({:.0}%; max_connections {}, superuser_reserved_connections {}{}): {}",
            usage.used,
            usage.usable,
            usage.ratio * 100.0,
            usage.max_connections,
            usage.superuser_reserved_connections,
            if usage.reserved_connections > 0 {
                format!(", reserved_connections {}", usage.reserved_connections)
            } else {
                String::new()
            },
            usage.severity.label()
        ));
    }
    if let Some(error) = &database.error {
        lines.push(format!("Error: {error}"));
    }
    if let Some(error) = &database.sampling_error {
        lines.push(format!("Sampling stopped: {error}"));
    }
    lines
}

fn body(view: PgView, database: &DatabaseReport, format: Format) -> String {
    match view {
        PgView::Connections => connections_body(database, format),
        PgView::Locks => database
            .blocking
            .as_ref()
            .map(|chains| locks_body(chains, format))
            .unwrap_or_default(),
        PgView::Activity => activity_body(database, format),
    }
}

fn connections_body(database: &DatabaseReport, format: Format) -> String {
    let Some(usage) = &database.usage else {
        return String::new();
    };
    let mut text = String::new();
    let mut table = Table::new(&["By", "Value", "Connections", "Share"]);
    let groups = [
        ("state", &usage.by_state),
        ("user", &usage.by_user),
        ("application", &usage.by_application),
        ("client", &usage.by_client),
    ];
    for (by, counts) in groups {
        // The ten largest of each: a thousand client addresses help nobody at 3 a.m.
        for count in counts.iter().take(10) {
            table.push(vec![
                by.into(),
                count.value.clone(),
                count.connections.to_string(),
                format!(
                    "{:.0}%",
                    100.0 * count.connections as f64 / usage.used.max(1) as f64
                ),
            ]);
        }
        if counts.len() > 10 {
            table.push(vec![
                by.into(),
                format!("({} more)", counts.len() - 10),
                counts[10..]
                    .iter()
                    .map(|c| c.connections)
                    .sum::<usize>()
                    .to_string(),
                String::new(),
            ]);
        }
    }
    text.push_str(&format.table(&table));
    if !database.database_stats.is_empty() {
        let mut stats = Table::new(&[
            "Database",
            "Backends",
            "Deadlocks",
            "Conflicts",
            "Temp files",
            "Temp bytes",
        ]);
        for db in &database.database_stats {
            stats.push(vec![
                db.database.clone(),
                db.backends.to_string(),
                db.deadlocks.to_string(),
                db.conflicts.to_string(),
                db.temp_files.to_string(),
                db.temp_bytes.to_string(),
            ]);
        }
        text.push_str(&format.table(&stats));
    }
    if !database.replicas.is_empty() {
        let mut replicas = Table::new(&["Replica", "Client", "State", "Sync", "Replay lag"]);
        for replica in &database.replicas {
            replicas.push(vec![
                replica.application.clone().unwrap_or_default(),
                replica.client_addr.clone().unwrap_or_default(),
                replica.state.clone().unwrap_or_default(),
                replica.sync_state.clone().unwrap_or_default(),
                replica
                    .replay_lag_seconds
                    .map(ages::format)
                    .unwrap_or_else(|| "-".into()),
            ]);
        }
        text.push_str(&format.table(&replicas));
    }
    text
}

fn locks_body(chains: &BlockingChains, format: Format) -> String {
    if chains.roots.is_empty() {
        return "No session is waiting on a lock.\n\n".into();
    }
    let mut tree = String::new();
    for root in &chains.roots {
        draw(root, "", "", &mut tree);
    }
    format!(
        "{} session{} waiting on locks, the longest for {}:\n\n{}",
        chains.blocked_sessions,
        if chains.blocked_sessions == 1 {
            ""
        } else {
            "s"
        },
        ages::format(chains.longest_wait_seconds),
        format.preformatted(&tree)
    )
}

/// One node and its subtree, box-drawn as `tree(1)` does.
fn draw(node: &BlockNode, first: &str, rest: &str, out: &mut String) {
    out.push_str(&format!("{first}{}\n", describe_node(node)));
    for (index, child) in node.blocks.iter().enumerate() {
        let last = index + 1 == node.blocks.len();
        let (branch, indent) = if last {
            ("└── ", "    ")
        } else {
            ("├── ", "│   ")
        };
        draw(
            child,
            &format!("{rest}{branch}"),
            &format!("{rest}{indent}"),
            out,
        );
    }
}

fn describe_node(node: &BlockNode) -> String {
    let Some(view) = &node.session else {
        return if node.pid == 0 {
            "a prepared transaction (see pg_prepared_xacts)".into()
        } else {
            format!("pid {} (no longer visible)", node.pid)
        };
    };
    let mut text = view.label();
    match node.waiting_seconds {
        Some(wait) => text.push_str(&format!(
            " waiting {} on {}",
            ages::format(wait),
            view.wait.as_deref().unwrap_or("a lock")
        )),
        None => text.push_str(&format!(" {}", view.state_phrase())),
    }
    if let Some(verdict) = view.across_samples {
        text.push_str(&format!(" [{} across samples]", verdict.label()));
    }
    if !node.also_blocked_by.is_empty() {
        let others: Vec<String> = node.also_blocked_by.iter().map(i32::to_string).collect();
        text.push_str(&format!(" (also waits for pid {})", others.join(", ")));
    }
    if let Some(query) = view.query.as_deref().filter(|q| !q.is_empty()) {
        text.push_str(&format!(": {query}"));
    }
    text
}

fn activity_body(database: &DatabaseReport, format: Format) -> String {
    let mut text = String::new();
    if let Some(sessions) = &database.sessions {
        text.push_str(&format!("All sessions ({}):\n\n", sessions.len()));
        text.push_str(&format.table(&session_table(sessions, database.samples)));
    }
    if let Some(activity) = &database.activity {
        let threshold = ages::format(activity.threshold_seconds);
        text.push_str(&format!(
            "Queries running {threshold} or longer: {}\n\n",
            activity.long_running.len()
        ));
        if !activity.long_running.is_empty() {
            text.push_str(&format.table(&session_table(&activity.long_running, database.samples)));
        }
        text.push_str(&format!(
            "Idle in a transaction {threshold} or longer: {}\n\n",
            activity.idle_in_transaction.len()
        ));
        if !activity.idle_in_transaction.is_empty() {
            text.push_str(&format.table(&session_table(
                &activity.idle_in_transaction,
                database.samples,
            )));
        }
        if let Some(oldest) = &activity.oldest_xmin {
            text.push_str(&format!(
                "Oldest xmin holder: {}, {}, holding back vacuum by {} transactions\n\n",
                oldest.label(),
                oldest.state_phrase(),
                oldest.horizon_age.unwrap_or_default()
            ));
        }
    }
    text
}

fn session_table(sessions: &[SessionView], samples: usize) -> Table {
    let mut headers = vec![
        "PID",
        "User",
        "Application",
        "Client",
        "State",
        "Wait",
        "Query age",
        "Xact age",
        "In state",
    ];
    if samples > 1 {
        headers.push("Samples");
    }
    headers.push("Query");
    let mut table = Table::new(&headers);
    let age = |seconds: Option<f64>| seconds.map(ages::format).unwrap_or_else(|| "-".into());
    for view in sessions {
        let mut row = vec![
            view.pid.to_string(),
            view.user.clone().unwrap_or_else(|| "-".into()),
            view.application
                .clone()
                .filter(|a| !a.is_empty())
                .unwrap_or_else(|| "-".into()),
            view.client_addr.clone().unwrap_or_else(|| "-".into()),
            view.state.clone().unwrap_or_else(|| "-".into()),
            view.wait.clone().unwrap_or_else(|| "-".into()),
            age(view.query_age_seconds),
            age(view.xact_age_seconds),
            age(view.state_age_seconds),
        ];
        if samples > 1 {
            row.push(match view.across_samples {
                Some(verdict) => format!("{} {}/{samples}", verdict.label(), view.samples_seen),
                None => format!("{}/{samples}", view.samples_seen),
            });
        }
        row.push(view.query.clone().unwrap_or_default());
        table.push(row);
    }
    table
}
