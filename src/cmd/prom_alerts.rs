//! `triage prom alerts`: what fired and when, from the `ALERTS` series over
//! the window and `/api/v1/alerts` now, grouped by start time and shared labels.

use super::prom;
use crate::ExitStatus;
use crate::analyze::Severity;
use crate::analyze::alert_groups;
use crate::cli::{GlobalArgs, PromAlertsArgs};
use crate::report::alerts::{self, AlertsDocument};
use crate::sources::Gap;

use std::time::Duration;

pub const FIRING: &str = r#"ALERTS{alertstate="firing"}"#;

pub async fn run(
    global: &GlobalArgs,
    args: &PromAlertsArgs,
    out: &mut dyn std::io::Write,
) -> anyhow::Result<ExitStatus> {
    let format = super::output_format(global, super::REPORT_FORMATS)?;
    let environment = prom::environment(global, &args.prometheus)?;
    let settings = prom::settings(&environment);
    let window = prom::window(
        &args.window,
        Duration::from_secs(6 * 3600),
        Some(Duration::ZERO),
        chrono::Utc::now(),
    )?;
    let step = prom::step(&window);
    let client = prom::client(global, settings)?;
    let (history, active, rules) = tokio::join!(
        client.range(FIRING, window.start, window.end, step),
        client.alerts(),
        client.rules()
    );
    if let (Err(history), Err(_)) = (&history, &active) {
        anyhow::bail!("cannot read alerts: {history}");
    }
    let mut gaps = Vec::new();
    let mut warnings = Vec::new();
    let mut events = match history {
        Ok(answer) => {
            warnings.extend(answer.warnings);
            alert_groups::firing_intervals(&answer.data.into_series(), step, window.end)
        }
        Err(err) => {
            gaps.push(Gap {
                what: format!("alert history ({FIRING})"),
                error: err.to_string(),
            });
            Vec::new()
        }
    };
    let mut pending = Vec::new();
    // What fires now says nothing about a window that ended in the past.
    let window_is_now = window.end >= chrono::Utc::now() - chrono::Duration::from_std(step * 2)?;
    match active {
        Ok(_) if !window_is_now => {}
        Ok(answer) => {
            let range_began = window.start + chrono::Duration::from_std(step * 2)?;
            alert_groups::merge_active(&mut events, &answer.data.alerts, range_began);
            pending = answer
                .data
                .alerts
                .iter()
                .filter(|a| a.state == "pending")
                .map(|a| crate::report::query::series_name(&a.labels))
                .collect();
        }
        Err(err) => gaps.push(Gap {
            what: "active alerts (/api/v1/alerts)".into(),
            error: err.to_string(),
        }),
    }
    // An alerting rule that fails to evaluate can never fire: say so.
    let broken_rules = match rules {
        Ok(answer) => answer
            .data
            .groups
            .iter()
            .flat_map(|group| group.rules.iter().map(move |rule| (group, rule)))
            .filter(|(_, rule)| {
                rule.health == "err" || rule.last_error.as_deref().is_some_and(|e| !e.is_empty())
            })
            .map(|(group, rule)| {
                format!(
                    "{} (group {}): {}",
                    rule.name,
                    group.name,
                    rule.last_error.as_deref().unwrap_or("unhealthy")
                )
            })
            .collect(),
        // Engines without a ruler (plain VictoriaMetrics, some proxies) have no rules API.
        Err(err) if err.status == Some(404) => Vec::new(),
        Err(err) => {
            gaps.push(Gap {
                what: "alerting rules (/api/v1/rules)".into(),
                error: err.to_string(),
            });
            Vec::new()
        }
    };
    let groups = alert_groups::group(events, args.group_within);
    let worst = groups
        .iter()
        .map(|g| g.severity)
        .max()
        .unwrap_or(Severity::Ok);
    let firing_groups = groups.iter().filter(|g| g.end.is_none()).count();
    let firing_alerts: usize = groups
        .iter()
        .flat_map(|g| &g.alerts)
        .filter(|a| a.end.is_none())
        .count();
    let mut summary = format!(
        "{firing_alerts} alerts firing now in {firing_groups} groups; {} groups in the window",
        groups.len()
    );
    if !gaps.is_empty() {
        summary.push_str("; some alert data could not be read");
    }
    let status = if worst == Severity::Ok && !gaps.is_empty() {
        ExitStatus::Unknown
    } else {
        worst.exit_status()
    };
    let document = AlertsDocument {
        schema: alerts::SCHEMA,
        prometheus: client.base_url(),
        from: window.start,
        to: window.end,
        group_within_seconds: args.group_within.as_secs(),
        groups,
        pending,
        broken_rules,
        gaps,
        warnings,
        status,
        summary,
    };
    super::render(
        global,
        format,
        &document,
        alerts::markdown,
        alerts::terminal,
        out,
    )?;
    Ok(status)
}
