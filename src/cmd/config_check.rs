//! `triage config check`: validate the config, show what every source would
//! connect to (secrets redacted), and with `--connect` try each source once.
//! The 001 seed incident was a config nobody validated; ours is validated.

use crate::cli::{ConfigCheckArgs, GlobalArgs, OutputFormat};
use crate::config::settings::{self, EnvironmentScope, EnvironmentSettings, Inputs};
use crate::exit_status::ExitStatus;
use crate::sources;
use crate::time_arg::format_duration;
use comfy_table::{Cell, Color, ContentArrangement, Table, presets};
use futures::StreamExt;
use serde::Serialize;
use std::io::Write;
use std::time::{Duration, Instant};

/// At most this many sources are probed at once.
const PROBE_CONCURRENCY: usize = 8;

/// How much later than a probe's own deadline the backstop fires.
const PROBE_GRACE: Duration = Duration::from_millis(250);

/// One row: a source (or service) of one environment.
#[derive(Debug, Serialize)]
pub struct SourceLine {
    pub environment: String,
    pub kind: &'static str,
    pub name: String,
    pub target: String,
    pub details: String,
    pub origin: String,
    /// The result of `--connect`; `None` when not probed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub check: Option<ProbeResult>,
}

#[derive(Debug, Serialize)]
pub struct ProbeResult {
    pub ok: bool,
    pub message: String,
    pub elapsed_ms: u64,
}

#[derive(Debug, Serialize)]
pub struct ConfigCheckReport {
    pub schema: &'static str,
    pub config_file: String,
    pub config_found: bool,
    pub environments: Vec<String>,
    pub sources: Vec<SourceLine>,
    pub status: ExitStatus,
    pub summary: String,
}

pub async fn run(
    global: &GlobalArgs,
    args: &ConfigCheckArgs,
    out: &mut dyn Write,
) -> anyhow::Result<ExitStatus> {
    let format = super::output_format(global, &[OutputFormat::Table, OutputFormat::Json])?;
    let deadline = Instant::now() + global.timeout;
    let env = settings::process_env;
    let settings = settings::resolve(&Inputs {
        config: global.config.as_deref(),
        environment: global.environment.as_deref(),
        sources: &args.sources,
        scope: EnvironmentScope::AllUnlessNamed,
        env: &env,
    })?;

    let mut lines = Vec::new();
    let mut probes = Vec::new();
    for environment in &settings.environments {
        describe_environment(environment, &mut lines, &mut probes).await?;
    }
    if args.connect {
        let results: Vec<(usize, ProbeResult)> = futures::stream::iter(probes)
            .map(|(index, probe)| async move {
                (index, run_probe(probe, deadline, global.timeout).await)
            })
            .buffer_unordered(PROBE_CONCURRENCY)
            .collect()
            .await;
        for (index, result) in results {
            lines[index].check = Some(result);
        }
    }

    let (status, summary) = conclude(&lines, args.connect, settings.environments.len());
    let report = ConfigCheckReport {
        schema: "triage.config-check/v1",
        config_file: settings::describe_config_path(settings.config_path.as_deref()),
        config_found: settings.config_found,
        environments: settings
            .environments
            .iter()
            .map(|e| e.display_name().to_string())
            .collect(),
        sources: lines,
        status,
        summary,
    };
    match format {
        OutputFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?,
        _ => write!(
            out,
            "{}",
            render_table(&report, args.connect, super::use_color(global))
        )?,
    }
    Ok(status)
}

/// A source to try once, with everything it needs; `'a` borrows the settings.
enum Probe<'a> {
    Prometheus(&'a settings::PrometheusSettings),
    Postgres(&'a settings::PostgresSettings),
    Kubernetes(&'a settings::KubernetesSettings),
    Tls(&'a settings::TlsTarget),
}

impl Probe<'_> {
    /// What is probed, for logs (never with credentials).
    fn describe(&self) -> String {
        match self {
            Probe::Prometheus(settings) => format!("Prometheus at {}", settings.url),
            Probe::Postgres(settings) => {
                format!("PostgreSQL {} ({})", settings.name, settings.redacted_dsn())
            }
            Probe::Kubernetes(settings) => format!("Kubernetes via {}", settings.kubeconfig),
            Probe::Tls(target) => format!("TLS endpoint {} ({})", target.name, target.address()),
        }
    }
}

async fn describe_environment<'a>(
    environment: &'a EnvironmentSettings,
    lines: &mut Vec<SourceLine>,
    probes: &mut Vec<(usize, Probe<'a>)>,
) -> anyhow::Result<()> {
    let name = environment.display_name().to_string();
    let mut push = |line: SourceLine, probe: Option<Probe<'a>>| {
        if let Some(probe) = probe {
            probes.push((lines.len(), probe));
        }
        lines.push(line);
    };
    if let Some(prometheus) = &environment.prometheus {
        let mut details = vec![format!("auth: {}", prometheus.auth)];
        if !prometheus.headers.is_empty() {
            let names: Vec<&str> = prometheus
                .headers
                .iter()
                .map(|(name, _)| name.as_str())
                .collect();
            details.push(format!("headers: {}", names.join(", ")));
        }
        if let Some(ca) = &prometheus.ca_file {
            details.push(format!("CA file: {}", ca.display()));
        }
        if prometheus.insecure_skip_verify {
            details.push("TLS verification OFF".into());
        }
        push(
            SourceLine {
                environment: name.clone(),
                kind: "prometheus",
                name: "prometheus".into(),
                target: prometheus.url.to_string(),
                details: details.join("; "),
                origin: prometheus.origin.to_string(),
                check: None,
            },
            Some(Probe::Prometheus(prometheus)),
        );
    }
    for database in &environment.postgres {
        push(
            SourceLine {
                environment: name.clone(),
                kind: "postgres",
                name: database.name.clone(),
                target: database.redacted_dsn(),
                details: format!(
                    "password: {}",
                    database
                        .password_from
                        .as_deref()
                        .unwrap_or("none configured")
                ),
                origin: database.origin.to_string(),
                check: None,
            },
            Some(Probe::Postgres(database)),
        );
    }
    if let Some(kubernetes) = &environment.kubernetes {
        // Loading the kubeconfig reads files only; it validates the context before anything connects.
        let target = sources::kubernetes::load(kubernetes)
            .await
            .map_err(|err| anyhow::anyhow!("environment {name}: Kubernetes: {err}"))?;
        let namespaces = match sources::kubernetes::namespaces(kubernetes, &target) {
            None => "all namespaces".to_string(),
            Some(names) => format!("namespaces: {}", names.join(", ")),
        };
        let context = target.context.as_deref().unwrap_or("in-cluster");
        push(
            SourceLine {
                environment: name.clone(),
                kind: "kubernetes",
                name: context.to_string(),
                target: target.server(),
                details: format!(
                    "kubeconfig: {}; auth: {}; {namespaces}",
                    kubernetes.kubeconfig, target.auth
                ),
                origin: kubernetes.origin.to_string(),
                check: None,
            },
            Some(Probe::Kubernetes(kubernetes)),
        );
    }
    for target in &environment.tls {
        let mut details = vec![format!("SNI: {}", target.sni)];
        if let Some(starttls) = target.starttls {
            details.push(format!("STARTTLS: {starttls:?}").to_lowercase());
        }
        push(
            SourceLine {
                environment: name.clone(),
                kind: "tls",
                name: target.name.clone(),
                target: target.address(),
                details: details.join("; "),
                origin: target.origin.to_string(),
                check: None,
            },
            Some(Probe::Tls(target)),
        );
    }
    for service in &environment.services {
        let labels: Vec<String> = service
            .labels
            .iter()
            .map(|(k, v)| format!("{k}={v:?}"))
            .collect();
        let depends_on = if service.depends_on.is_empty() {
            "no dependencies".to_string()
        } else {
            format!("depends on: {}", service.depends_on.join(", "))
        };
        push(
            SourceLine {
                environment: name.clone(),
                kind: "service",
                name: service.name.clone(),
                target: format!("{{{}}}", labels.join(", ")),
                details: depends_on,
                origin: "config file".into(),
                check: None,
            },
            None,
        );
    }
    Ok(())
}

async fn run_probe(probe: Probe<'_>, deadline: Instant, timeout: Duration) -> ProbeResult {
    let started = Instant::now();
    tracing::info!("probing {}", probe.describe());
    let remaining = deadline
        .saturating_duration_since(started)
        .max(Duration::from_millis(1));
    // Each source bounds itself and says what it was waiting for; this later
    // deadline is only the backstop for one that doesn't.
    let outcome = tokio::time::timeout(remaining + PROBE_GRACE, async {
        match probe {
            Probe::Prometheus(settings) => sources::prometheus::probe(settings, remaining).await,
            Probe::Postgres(settings) => sources::postgres::probe(settings, remaining).await,
            Probe::Kubernetes(settings) => sources::kubernetes::probe(settings, remaining).await,
            Probe::Tls(target) => sources::tls::probe(target, remaining).await,
        }
    })
    .await
    .unwrap_or_else(|_| {
        Err(format!(
            "timed out: no answer within --timeout {}",
            format_duration(timeout)
        ))
    });
    let elapsed = started.elapsed();
    tracing::debug!("{}: {outcome:?} after {elapsed:?}", probe.describe());
    ProbeResult {
        ok: outcome.is_ok(),
        message: outcome.unwrap_or_else(|err| err),
        elapsed_ms: elapsed.as_millis() as u64,
    }
}

/// The exit status: 0 valid (and everything answered), 2 some source failed,
/// 3 no source answered.
fn conclude(lines: &[SourceLine], connect: bool, environments: usize) -> (ExitStatus, String) {
    let checked: Vec<&ProbeResult> = lines
        .iter()
        .filter_map(|line| line.check.as_ref())
        .collect();
    let sources = lines.iter().filter(|line| line.kind != "service").count();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    if connect && checked.is_empty() {
        // Asked to check reachability with nothing to reach: that is "could not check".
        return (
            ExitStatus::Unknown,
            "UNKNOWN: --connect, but no source is configured".into(),
        );
    }
    if !connect {
        let note = if sources == 0 {
            " (no source is configured)"
        } else {
            ""
        };
        return (
            ExitStatus::Ok,
            format!(
                "config OK: {}, {}{note}",
                plural(environments, "environment"),
                plural(sources, "source")
            ),
        );
    }
    let failed = checked.iter().filter(|result| !result.ok).count();
    let status = match failed {
        0 => ExitStatus::Ok,
        n if n == checked.len() => ExitStatus::Unknown,
        _ => ExitStatus::Critical,
    };
    (
        status,
        format!(
            "{status}: {} of {} answered",
            checked.len() - failed,
            plural(checked.len(), "source")
        ),
    )
}

fn render_table(report: &ConfigCheckReport, connect: bool, color: bool) -> String {
    let mut table = Table::new();
    table
        .load_preset(presets::NOTHING)
        .set_content_arrangement(ContentArrangement::Disabled);
    let mut header = vec!["ENVIRONMENT", "SOURCE", "NAME", "TARGET", "FROM", "DETAILS"];
    if connect {
        header.insert(0, "STATUS");
        header.push("RESULT");
    }
    table.set_header(header);
    for line in &report.sources {
        let mut row = vec![
            Cell::new(&line.environment),
            Cell::new(line.kind),
            Cell::new(&line.name),
            Cell::new(&line.target),
            Cell::new(&line.origin),
            Cell::new(&line.details),
        ];
        if connect {
            let (status, message, tint) = match &line.check {
                Some(check) if check.ok => (
                    "OK",
                    format!("{} ({} ms)", check.message, check.elapsed_ms),
                    Color::Green,
                ),
                Some(check) => (
                    "FAIL",
                    format!("{} ({} ms)", check.message, check.elapsed_ms),
                    Color::Red,
                ),
                None => ("-", String::new(), Color::Reset),
            };
            let mut status_cell = Cell::new(status);
            if color {
                status_cell = status_cell.fg(tint);
            }
            row.insert(0, status_cell);
            row.push(Cell::new(message));
        }
        table.add_row(row);
    }
    if !color {
        table.force_no_tty();
    }
    let found = if report.config_found {
        ""
    } else {
        " (not found: using flags and environment only)"
    };
    let mut text = format!("config file: {}{found}\n", report.config_file);
    if !report.sources.is_empty() {
        let rendered = table.to_string();
        for row in rendered.lines() {
            // The borderless preset pads every cell; the first column needs no left margin.
            text.push_str(row.strip_prefix(' ').unwrap_or(row).trim_end());
            text.push('\n');
        }
    }
    text.push_str(&report.summary);
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(kind: &'static str, check: Option<bool>) -> SourceLine {
        SourceLine {
            environment: "prod".into(),
            kind,
            name: kind.into(),
            target: "t".into(),
            details: String::new(),
            origin: "config file".into(),
            check: check.map(|ok| ProbeResult {
                ok,
                message: "m".into(),
                elapsed_ms: 1,
            }),
        }
    }

    #[test]
    fn exit_status_follows_what_answered() {
        let all_ok = [line("prometheus", Some(true)), line("postgres", Some(true))];
        assert_eq!(conclude(&all_ok, true, 1).0, ExitStatus::Ok);
        let some_failed = [
            line("prometheus", Some(true)),
            line("postgres", Some(false)),
        ];
        assert_eq!(conclude(&some_failed, true, 1).0, ExitStatus::Critical);
        let none_answered = [
            line("prometheus", Some(false)),
            line("postgres", Some(false)),
        ];
        assert_eq!(conclude(&none_answered, true, 1).0, ExitStatus::Unknown);
        assert_eq!(
            conclude(&none_answered, false, 1).0,
            ExitStatus::Ok,
            "without --connect only validity counts"
        );
        assert_eq!(
            conclude(&[], true, 1).0,
            ExitStatus::Unknown,
            "nothing to connect to"
        );
    }

    #[test]
    fn summary_counts_sources_not_services() {
        let lines = [line("prometheus", None), line("service", None)];
        assert_eq!(
            conclude(&lines, false, 1).1,
            "config OK: 1 environment, 1 source"
        );
    }
}
