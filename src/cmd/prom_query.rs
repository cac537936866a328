//! `triage prom query EXPR`: the raw query, for when on-call wants to look
//! for themselves. Instant by default; a range with `--since` or `--from`.

use super::prom;
use crate::ExitStatus;
use crate::cli::{GlobalArgs, PromQueryArgs};
use crate::report::query::{self, QueryDocument};

use std::time::Duration;

pub async fn run(
    global: &GlobalArgs,
    args: &PromQueryArgs,
    out: &mut dyn std::io::Write,
) -> anyhow::Result<ExitStatus> {
    let format = super::output_format(global, super::REPORT_FORMATS)?;
    let environment = prom::environment(global, &args.prometheus)?;
    let settings = prom::settings(&environment);
    let client = prom::client(global, settings)?;
    let is_range = args.window.since.is_some() || args.window.from.is_some();
    let document = if is_range {
        let window = prom::window(
            &args.window,
            Duration::from_secs(3600),
            Some(Duration::ZERO),
            chrono::Utc::now(),
        )?;
        let length = (window.end - window.start).num_seconds().max(1) as u64;
        let step = args
            .step
            .unwrap_or(Duration::from_secs(length.div_ceil(120).max(15)));
        if length / step.as_secs().max(1) > 11_000 {
            anyhow::bail!(
                "--step {} gives more than 11000 points per series, which Prometheus refuses; use a larger --step",
                crate::time_arg::format_duration(step)
            );
        }
        let answer = client
            .range(&args.expr, window.start, window.end, step)
            .await?;
        QueryDocument {
            schema: query::SCHEMA,
            prometheus: client.base_url(),
            query: args.expr.clone(),
            kind: "range",
            start: Some(window.start),
            end: Some(window.end),
            step_seconds: Some(step.as_secs()),
            data: answer.data,
            warnings: answer.warnings,
            infos: answer.infos,
        }
    } else {
        let answer = client.instant(&args.expr, args.window.to).await?;
        QueryDocument {
            schema: query::SCHEMA,
            prometheus: client.base_url(),
            query: args.expr.clone(),
            kind: "instant",
            start: None,
            end: args.window.to,
            step_seconds: None,
            data: answer.data,
            warnings: answer.warnings,
            infos: answer.infos,
        }
    };
    super::render(
        global,
        format,
        &document,
        query::markdown,
        query::terminal,
        out,
    )?;
    Ok(ExitStatus::Ok)
}
