//! `triage certs check`: fetch every chain first, verify it second, judge
//! every problem, and exit the way cron and Nagios expect.

use super::certs_targets::{self, Defaults};
use super::{RENDER_MARGIN, output_format};
use crate::analyze::certs::judge::urgency;
use crate::analyze::certs::{Policy, Thresholds, judge};
use crate::cli::{CertsCheckArgs, GlobalArgs, OutputFormat, SourceArgs};
use crate::exit_status::ExitStatus;
use crate::report::certs::{self as view, CertsReport};
use crate::sources::tls::fetch::{self, Limits};
use crate::sources::tls::{files, trust_stores};
use std::io::Write;

const FORMATS: &[OutputFormat] = &[
    OutputFormat::Table,
    OutputFormat::Json,
    OutputFormat::Jsonl,
    OutputFormat::Prometheus,
    OutputFormat::Nagios,
    OutputFormat::Markdown,
];

pub async fn run(
    global: &GlobalArgs,
    args: &CertsCheckArgs,
    out: &mut dyn Write,
) -> anyhow::Result<ExitStatus> {
    let started = tokio::time::Instant::now();
    let format = output_format(global, FORMATS)?;
    // Checked here, not by clap, whose error would quote a password in the URL.
    let gateway = args
        .push_gateway
        .as_deref()
        .map(crate::sources::pushgateway::parse_url)
        .transpose()
        .map_err(anyhow::Error::msg)?;
    let endpoints = endpoints(global, args)?;
    let ca_file = args.ca_file.clone();
    let loaded = tokio::task::spawn_blocking(move || trust_stores::load(ca_file.as_deref()))
        .await?
        .map_err(anyhow::Error::msg)?;
    for warning in &loaded.warnings {
        tracing::warn!("{warning}");
    }
    let limits = Limits {
        connect_timeout: args.connect_timeout,
        handshake_timeout: args.handshake_timeout,
        concurrency: args.concurrency.into(),
        deadline: started + global.timeout.saturating_sub(RENDER_MARGIN),
        every_address: !args.first_address_only,
    };
    let mut observations = fetch::fetch_all(endpoints, &limits).await;
    let mut cert_files = args.cert_files.clone();
    let mut seen = std::collections::HashSet::new();
    cert_files.retain(|path| seen.insert(path.clone()));
    observations.extend(files::read(&cert_files));
    if observations.is_empty() {
        // An empty target file or a directory of keys: checking nothing is not OK.
        anyhow::bail!(
            "nothing to check: the target files and certificate directories given hold no target"
        );
    }
    if args.warn.is_shorter_than(&args.crit) {
        anyhow::bail!(
            "--warn {} is closer to expiry than --crit {}: the warning would never come first",
            args.warn,
            args.crit
        );
    }
    let policy = Policy {
        thresholds: Thresholds {
            warn: args.warn,
            crit: args.crit,
        },
        unknown_as: args.unknown_as.status(),
        judge_file_trust: args.ca_file.is_some(),
    };
    let now = chrono::Utc::now();
    let verdicts = observations
        .iter()
        .map(|observation| judge(observation, &loaded.stores, &policy, now))
        .collect();
    let report = CertsReport::new(
        verdicts,
        &loaded.stores,
        policy.thresholds,
        loaded.warnings,
        now,
    );
    // -q: cron mails whatever is printed, so print only when something is
    // wrong. Never for monitoring formats: an empty .prom file would drop every
    // series, and Nagios would show "(No output)".
    let mut status = report.status;
    if let Some(gateway) = &gateway {
        let left =
            (started + global.timeout).saturating_duration_since(tokio::time::Instant::now());
        let pushed = crate::sources::pushgateway::push(
            gateway,
            &args.push_job,
            view::prometheus(&report),
            left.max(PUSH_AT_LEAST),
        )
        .await;
        if let Err(err) = pushed {
            // The check's own result still stands: a broken certificate is not
            // hidden behind a monitoring hiccup, but an OK run that monitoring
            // never saw is not OK either.
            eprintln!("triage: error: pushing to the Pushgateway: {err}");
            status = [status, ExitStatus::Unknown]
                .into_iter()
                .min_by_key(|status| urgency(*status))
                .unwrap_or(status);
        }
    }
    let for_people = !matches!(format, OutputFormat::Prometheus | OutputFormat::Nagios);
    if global.quiet && for_people && status == ExitStatus::Ok {
        return Ok(status);
    }
    let text = match format {
        OutputFormat::Json => format!("{}\n", serde_json::to_string_pretty(&report)?),
        OutputFormat::Jsonl => view::jsonl(&report)?,
        OutputFormat::Prometheus => view::prometheus(&report),
        OutputFormat::Nagios => view::nagios(&report),
        OutputFormat::Markdown => view::markdown(&report),
        OutputFormat::Table => view::terminal(&report, super::use_color(global)),
    };
    out.write_all(text.as_bytes())?;
    Ok(status)
}

/// The push gets at least this long, even when the check used all of --timeout.
const PUSH_AT_LEAST: std::time::Duration = std::time::Duration::from_millis(500);

/// Command-line targets and target files; without either (and without
/// certificate files), the config's TLS endpoints.
fn endpoints(global: &GlobalArgs, args: &CertsCheckArgs) -> anyhow::Result<Vec<fetch::Endpoint>> {
    let defaults = Defaults {
        sni: args.sni.clone(),
        connect_to: args.connect_to.clone(),
        starttls: args.starttls,
    };
    let mut endpoints = Vec::new();
    for target in &args.targets {
        endpoints.push(certs_targets::parse_target(target, &defaults).map_err(anyhow::Error::msg)?);
    }
    for file in &args.files {
        endpoints
            .extend(certs_targets::read_target_file(file, &defaults).map_err(anyhow::Error::msg)?);
    }
    if endpoints.is_empty() && args.files.is_empty() && args.cert_files.is_empty() {
        let settings = super::selected_settings(global, &SourceArgs::default())?;
        endpoints = settings
            .environments
            .iter()
            .flat_map(|environment| &environment.tls)
            .map(fetch::Endpoint::from_settings)
            .collect();
        if endpoints.is_empty() {
            anyhow::bail!(
                "nothing to check: name endpoints (triage certs check HOST:PORT), a --file of them, \
                 --cert-file, or [[env.NAME.tls]] endpoints in the config ({})",
                crate::config::settings::describe_config_path(settings.config_path.as_deref())
            );
        }
    }
    Ok(certs_targets::deduplicate(endpoints))
}
