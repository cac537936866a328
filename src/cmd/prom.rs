//! What the `prom` subcommands share: finding the Prometheus to ask, the time
//! window, and the query step.

use crate::analyze::Window;
use crate::cli::{GlobalArgs, PrometheusArgs, WindowArgs};
use crate::config::settings::{self, EnvironmentSettings, PrometheusSettings};
use crate::sources::prometheus::{ClientOptions, PromClient};
use chrono::{DateTime, Utc};
use std::time::Duration;
use tokio::time::Instant;

/// The Prometheus of the selected environment.
pub fn settings(environment: &EnvironmentSettings) -> &PrometheusSettings {
    environment
        .prometheus
        .as_ref()
        .expect("environment() only returns environments with a Prometheus")
}

/// A client bounded by the config's concurrency and the run's `--timeout`.
pub fn client<'a>(
    global: &GlobalArgs,
    settings: &'a PrometheusSettings,
) -> anyhow::Result<PromClient<'a>> {
    client_until(settings, Instant::now() + global.timeout)
}

/// A client whose every request ends by `deadline`.
pub fn client_until(
    settings: &PrometheusSettings,
    deadline: Instant,
) -> anyhow::Result<PromClient<'_>> {
    let options = ClientOptions {
        concurrency: settings.query.max_concurrency,
        ..ClientOptions::until(deadline)
    };
    Ok(PromClient::new(settings, options)?)
}

/// The selected environment, which must have a Prometheus.
pub fn environment(
    global: &GlobalArgs,
    args: &PrometheusArgs,
) -> anyhow::Result<EnvironmentSettings> {
    let settings = super::selected_settings(global, &args.sources())?;
    let environment = settings.environments.into_iter().next();
    match environment {
        Some(environment) if environment.prometheus.is_some() => Ok(environment),
        _ => anyhow::bail!(
            "no Prometheus to ask: pass --prometheus URL, set PROMETHEUS_URL, or add [env.NAME.prometheus] to the config ({})",
            settings::describe_config_path(settings.config_path.as_deref())
        ),
    }
}

/// The window from `--since` or `--from`/`--to`, and the baseline of
/// `baseline` length (default: the window's length) just before it.
pub fn window(
    args: &WindowArgs,
    default_since: Duration,
    baseline: Option<Duration>,
    now: DateTime<Utc>,
) -> anyhow::Result<Window> {
    let end = args.to.unwrap_or(now);
    let start = match args.from {
        Some(from) => from,
        None => chrono::Duration::from_std(args.since.unwrap_or(default_since))
            .ok()
            .and_then(|since| end.checked_sub_signed(since))
            .ok_or_else(|| anyhow::anyhow!("--since reaches back further than time goes"))?,
    };
    if start >= end {
        anyhow::bail!(
            "the window is empty: --from {} is not before --to {}",
            crate::report::time(start),
            crate::report::time(end)
        );
    }
    let length = end - start;
    let baseline = match baseline {
        Some(baseline) => chrono::Duration::from_std(baseline)?,
        None => length,
    };
    // Every block of a long range is read from disk: a struggling server
    // should not be asked for months at 3 a.m.
    if length + baseline > chrono::Duration::days(MAX_DAYS) {
        anyhow::bail!(
            "the window and its baseline span more than {MAX_DAYS} days; shorten --since/--from or --baseline"
        );
    }
    Ok(Window {
        baseline_start: start - baseline,
        start,
        end,
    })
}

/// The longest window plus baseline triage asks for.
const MAX_DAYS: i64 = 31;

/// About 120 points inside the window (whatever the baseline's length),
/// never finer than a minute, and never more than 10 000 points in all
/// (Prometheus refuses 11 000): enough to place an onset, cheap for the server.
pub fn step(window: &Window) -> Duration {
    let length = (window.end - window.start).num_seconds().max(1) as u64;
    let total = (window.end - window.baseline_start).num_seconds().max(1) as u64;
    Duration::from_secs(length.div_ceil(120).max(total.div_ceil(10_000)).max(60))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_baseline_is_the_same_length_just_before() {
        let now = Utc.with_ymd_and_hms(2026, 11, 21, 12, 0, 0).unwrap();
        let args = WindowArgs::default();
        let w = window(&args, Duration::from_secs(3600), None, now).unwrap();
        assert_eq!(w.end, now);
        assert_eq!(w.start, now - chrono::Duration::hours(1));
        assert_eq!(w.baseline_start, now - chrono::Duration::hours(2));
        assert_eq!(step(&w), Duration::from_secs(60));
        let day = window(&args, Duration::from_secs(86_400), None, now).unwrap();
        assert_eq!(step(&day), Duration::from_secs(720));
        let long_baseline = window(
            &args,
            Duration::from_secs(3600),
            Some(Duration::from_secs(7 * 86_400)),
            now,
        )
        .unwrap();
        assert_eq!(step(&long_baseline), Duration::from_secs(61));
    }

    #[test]
    fn from_after_to_is_an_error() {
        let now = Utc.with_ymd_and_hms(2026, 11, 21, 12, 0, 0).unwrap();
        let args = WindowArgs {
            since: None,
            from: Some(now),
            to: Some(now - chrono::Duration::hours(1)),
        };
        let err = window(&args, Duration::from_secs(3600), None, now).unwrap_err();
        assert!(err.to_string().contains("the window is empty"), "{err}");
        let huge = WindowArgs {
            since: Some(Duration::from_secs(u64::MAX / 4)),
            ..WindowArgs::default()
        };
        assert!(window(&huge, Duration::ZERO, None, now).is_err());
        let long = WindowArgs {
            since: Some(Duration::from_secs(40 * 86_400)),
            ..WindowArgs::default()
        };
        let err = window(&long, Duration::ZERO, Some(Duration::ZERO), now).unwrap_err();
        assert!(err.to_string().contains("more than 31 days"), "{err}");
    }
}
