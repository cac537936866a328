//! `triage prom health`: discover the signals, query them over the window and
//! the baseline, assess every service, render, exit with the worst assessment.

use super::prom;
use crate::ExitStatus;
use crate::analyze::Severity;
use crate::analyze::Window;
use crate::analyze::service_health;
use crate::cli::{GlobalArgs, PromHealthArgs};
use crate::config::EnvironmentSettings;
use crate::report::health::{self, HealthDocument};
use crate::signals::{self, PlanOptions, ServiceFilter, catalog};
use crate::sources::Gap;
use crate::sources::prometheus::{collect, inventory};
use std::time::Duration;

pub async fn run(
    global: &GlobalArgs,
    args: &PromHealthArgs,
    out: &mut dyn std::io::Write,
) -> anyhow::Result<ExitStatus> {
    let format = super::output_format(global, super::REPORT_FORMATS)?;
    let environment = prom::environment(global, &args.prometheus)?;
    let window = prom::window(
        &args.window,
        Duration::from_secs(3600),
        args.baseline,
        chrono::Utc::now(),
    )?;
    let deadline = tokio::time::Instant::now() + global.timeout;
    let gathered = gather(&environment, &window, args.service.as_deref(), deadline).await?;
    let step = Duration::from_secs(gathered.step_seconds);
    let assessment = service_health::assess(&window, step, &gathered.series);
    let plan = gathered.plan_summary;
    if assessment.services.is_empty() {
        match &args.service {
            Some(name) => anyhow::bail!(
                "no series for service '{name}' between {} and {} (run without --service to see the names Prometheus has)",
                crate::report::time(window.baseline_start),
                crate::report::time(window.end)
            ),
            None => anyhow::bail!(
                "no service has data between {} and {}: the known metrics exist but none of their series name a service ({})",
                crate::report::time(window.baseline_start),
                crate::report::time(window.end),
                plan.conventions.join("; ")
            ),
        }
    }
    let (gaps, warnings) = (gathered.gaps, gathered.warnings);
    let (status, summary) = conclude(&assessment, &gaps, &warnings);
    let document = HealthDocument {
        schema: health::SCHEMA,
        prometheus: gathered.server,
        window,
        step_seconds: gathered.step_seconds,
        service_filter: args.service.clone(),
        conventions: plan.conventions,
        unavailable: plan.unavailable,
        services: assessment.services,
        findings: assessment.findings,
        gaps,
        warnings,
        status,
        summary,
    };
    super::render(
        global,
        format,
        &document,
        health::markdown,
        health::terminal,
        out,
    )?;
    Ok(status)
}

/// The exit status and its one-line reason. All fine but something could not
/// be measured (a gap, or the server's own warning of partial data) is
/// UNKNOWN: "OK" must mean "checked and fine".
fn conclude(
    assessment: &service_health::HealthAssessment,
    gaps: &[Gap],
    warnings: &[String],
) -> (ExitStatus, String) {
    let count = |severity| {
        assessment
            .services
            .iter()
            .filter(|s| s.assessment == severity)
            .count()
    };
    let total = assessment.services.len();
    let (critical, warning) = (count(Severity::Critical), count(Severity::Warning));
    let worst = assessment.worst();
    let mut summary = match worst {
        Severity::Ok => format!("{total} services OK"),
        _ => format!("{critical} of {total} services CRITICAL, {warning} WARNING"),
    };
    if !gaps.is_empty() {
        summary.push_str(&format!("; {} signals could not be measured", gaps.len()));
    }
    if !warnings.is_empty() {
        summary.push_str("; the server warned that its data may be partial");
    }
    let status = if worst == Severity::Ok && (!gaps.is_empty() || !warnings.is_empty()) {
        ExitStatus::Unknown
    } else {
        worst.exit_status()
    };
    (status, summary)
}

/// What the signals of a window are, as collected: the plan's description,
/// every series, and what could not be measured.
pub struct Gathered {
    pub server: String,
    pub step_seconds: u64,
    pub plan_summary: PlanSummary,
    pub series: Vec<signals::SignalSeries>,
    pub gaps: Vec<Gap>,
    pub warnings: Vec<String>,
}

pub struct PlanSummary {
    pub conventions: Vec<String>,
    pub unavailable: Vec<signals::Signal>,
}

/// Discovers the metrics, runs the signal plan over the baseline and the
/// window, and drills into who sends the traffic of the services that look
/// wrong. Shared by `prom health` and `investigate`.
pub async fn gather(
    environment: &EnvironmentSettings,
    window: &Window,
    service_name: Option<&str>,
    deadline: tokio::time::Instant,
) -> anyhow::Result<Gathered> {
    let settings = prom::settings(environment);
    let window = *window;
    let step = prom::step(&window);
    let client = prom::client_until(settings, deadline)?;

    let discovery = inventory::discover(
        &client,
        &catalog::candidate_metrics(),
        window.baseline_start,
        window.end,
    )
    .await
    .map_err(|err| anyhow::anyhow!("cannot list metric names: {err}"))?;
    let service = service_name.map(|name| ServiceFilter {
        name: name.to_string(),
        labels: environment
            .services
            .iter()
            .find(|s| s.name == name)
            .map(|s| s.labels.clone())
            .unwrap_or_default(),
    });
    let plan_options = PlanOptions {
        // A rate range shorter than the step would skip data between points.
        rate_interval: settings.query.rate_interval.max(step),
        window: (window.end - window.start).to_std()?,
        step,
        service: service.as_ref(),
        overrides: &settings.query.signals,
        subject_label: settings.query.service_label.as_deref(),
        client_labels: &settings.query.client_labels,
        client_subjects: None,
    };
    let plan = signals::plan(&discovery.inventory, &plan_options);
    if plan.queries.is_empty() {
        anyhow::bail!(
            "Prometheus at {} has none of the metrics triage knows between {} and {} (looked for {}); name your own with [env.NAME.prometheus.signals] in the config",
            client.base_url(),
            crate::report::time(window.baseline_start),
            crate::report::time(window.end),
            catalog::REQUEST_CONVENTIONS
                .iter()
                .map(|c| c.requests)
                .chain([catalog::CPU_USAGE])
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    tracing::info!(
        "{} queries planned, step {}s",
        plan.queries.len(),
        step.as_secs()
    );
    let collected = collect::run(
        &client,
        &plan.queries,
        window.baseline_start,
        window.end,
        step,
    )
    .await;
    if collected.data.is_empty() {
        let first = collected
            .gaps
            .first()
            .map(|g| g.error.clone())
            .unwrap_or_default();
        anyhow::bail!("every Prometheus query failed; the first: {first}");
    }
    let mut collected = collected;
    let assessment = service_health::assess(&window, step, &collected.data);
    // Drill down: who sends the traffic, only for the services that look wrong.
    let suspects: Vec<String> = assessment
        .services
        .iter()
        .filter(|s| s.assessment != Severity::Ok)
        .map(|s| s.service.clone())
        .collect();
    if !suspects.is_empty() {
        let drill = signals::plan(
            &discovery.inventory,
            &PlanOptions {
                client_subjects: Some(&suspects),
                ..plan_options
            },
        );
        let clients: Vec<_> = drill
            .queries
            .into_iter()
            .filter(|q| q.signal == signals::Signal::ClientRate)
            .collect();
        if !clients.is_empty() {
            let more =
                collect::run(&client, &clients, window.baseline_start, window.end, step).await;
            collected.data.extend(more.data);
            collected.gaps.extend(more.gaps);
            collected.warnings.extend(more.warnings);
        }
    }
    let mut gaps = discovery.gaps;
    gaps.extend(collected.gaps);
    let mut warnings = discovery.warnings;
    warnings.extend(collected.warnings);
    Ok(Gathered {
        server: client.base_url(),
        step_seconds: step.as_secs(),
        plan_summary: PlanSummary {
            conventions: plan.conventions,
            unavailable: plan.unavailable,
        },
        series: collected.data,
        gaps,
        warnings,
    })
}
