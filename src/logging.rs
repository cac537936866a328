//! Logs go to stderr, never stdout (stdout is the report), at a level chosen by -v/-q.

use crate::cli::GlobalArgs;
use tracing_subscriber::EnvFilter;

/// Installs the stderr logger: warnings by default, -v info, -vv debug,
/// -vvv trace, -q errors only; `TRIAGE_LOG` (an env-filter spec) overrides.
pub fn init(global: &GlobalArgs, color: bool) {
    let level = match (global.quiet, global.verbose) {
        (true, _) => "error",
        (false, 0) => "warn",
        (false, 1) => "info",
        (false, 2) => "debug",
        _ => "trace",
    };
    // Our own crate at the chosen level; dependencies one step quieter unless
    // tracing. kube-client logs every failed request as an ERROR, which triage
    // already reports in its own words (once, with the cause).
    // At trace, kube-client would also print whole response bodies it cannot
    // parse (env values included): only TRIAGE_LOG can ask for those.
    let default = if level == "trace" {
        "trace,kube_client=off".to_string()
    } else {
        format!("warn,kube_client=off,triage={level}")
    };
    let filter = std::env::var("TRIAGE_LOG")
        .ok()
        .and_then(|spec| EnvFilter::try_new(spec).ok())
        .unwrap_or_else(|| EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(color)
        .with_target(global.verbose >= 2)
        .try_init();
}
