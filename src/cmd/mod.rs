//! One file per subcommand: turn flags and config into a plan, run it, render
//! the result and decide the exit status.

pub mod certs;
mod certs_targets;
pub mod completions;
pub mod config_check;
pub mod investigate;
mod investigate_collect;
pub mod k8s;
pub mod pg;
pub mod prom;
pub mod prom_alerts;
pub mod prom_health;
pub mod prom_query;

use crate::cli::{GlobalArgs, OutputFormat, SourceArgs};
use crate::config::settings::{self, EnvironmentScope, Inputs, Settings};
use std::io::{IsTerminal, Write};

/// Time the report subcommands keep back from `--timeout` to render what they
/// collected before the run's own backstop (timeout + 1 s) ends everything.
pub const RENDER_MARGIN: std::time::Duration = std::time::Duration::from_millis(400);

/// What the report subcommands (`prom`, `pg`) can write; the table is the default.
pub const REPORT_FORMATS: &[OutputFormat] = &[
    OutputFormat::Table,
    OutputFormat::Markdown,
    OutputFormat::Json,
];

/// Writes a document in the chosen format: JSON as is, Markdown or the table.
pub fn render<D: serde::Serialize>(
    global: &GlobalArgs,
    format: OutputFormat,
    document: &D,
    markdown: fn(&D) -> String,
    terminal: fn(&D, bool) -> String,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let text = match format {
        OutputFormat::Json => format!("{}\n", serde_json::to_string_pretty(document)?),
        OutputFormat::Markdown => markdown(document),
        OutputFormat::Table => terminal(document, use_color(global)),
        other => anyhow::bail!("-o {} is not a format of this subcommand", other.name()),
    };
    out.write_all(text.as_bytes())?;
    Ok(())
}

/// The output format a subcommand renders: the one asked for if the subcommand
/// supports it, else its first (default) format.
pub fn output_format(
    global: &GlobalArgs,
    supported: &[OutputFormat],
) -> anyhow::Result<OutputFormat> {
    match global.output {
        None => Ok(supported[0]),
        Some(format) if supported.contains(&format) => Ok(format),
        Some(format) => {
            let names: Vec<&str> = supported.iter().map(|f| f.name()).collect();
            anyhow::bail!(
                "this subcommand cannot write -o {}; it supports: {}",
                format.name(),
                names.join(", ")
            )
        }
    }
}

/// Colour only on a terminal, and never with --no-color or NO_COLOR.
pub fn use_color(global: &GlobalArgs) -> bool {
    !global.no_color
        && std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty())
        && std::io::stdout().is_terminal()
}

/// The settings of the environment a command runs in (`--env`, else the
/// default), with the command's source flags applied.
pub fn selected_settings(global: &GlobalArgs, sources: &SourceArgs) -> anyhow::Result<Settings> {
    let env = settings::process_env;
    Ok(settings::resolve(&Inputs {
        config: global.config.as_deref(),
        environment: global.environment.as_deref(),
        sources,
        scope: EnvironmentScope::Selected,
        env: &env,
    })?)
}
