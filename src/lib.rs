//! triage: incident triage for on-call engineers.
//!
//! The flow is `cli` → `cmd/<subcommand>` → `sources/*` (I/O) → analysis →
//! rendering; see `ARCHITECTURE.md`. This file only wires the pieces together.

pub mod analyze;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod correlate;
pub mod evidence;
pub mod exit_status;
pub mod file_limits;
pub mod generated;
pub mod logging;
pub mod report;
pub mod signals;
pub mod sources;
pub mod time_arg;

pub use exit_status::ExitStatus;

use cli::{CertsCommand, Cli, Command, ConfigCommand, K8sCommand, PgCommand, PromCommand};
use std::io::Write;
use std::time::Duration;

/// Installs the one TLS crypto provider of the binary (rustls with aws-lc-rs).
/// kube, reqwest and tokio-postgres all use it; without a single process-wide
/// default they disagree at run time.
pub fn install_crypto_provider() {
    // Err means a provider is already installed, which is what we want.
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
}

/// Runs a parsed command line, writing the result to `out`.
pub fn run(cli: Cli, out: &mut dyn Write) -> anyhow::Result<ExitStatus> {
    let color = cmd::use_color(&cli.global) && std::io::IsTerminal::is_terminal(&std::io::stderr());
    logging::init(&cli.global, color);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let timeout = cli.global.timeout;
    start_watchdog(timeout + Duration::from_secs(2));
    // The safety net behind every source's own timeout: no run outlives --timeout by more than a second.
    let result = runtime.block_on(async {
        let work = async {
            match &cli.command {
                Command::Config(ConfigCommand::Check(args)) => {
                    cmd::config_check::run(&cli.global, args, out).await
                }
                Command::Prom(PromCommand::Health(args)) => {
                    cmd::prom_health::run(&cli.global, args, out).await
                }
                Command::Prom(PromCommand::Alerts(args)) => {
                    cmd::prom_alerts::run(&cli.global, args, out).await
                }
                Command::Prom(PromCommand::Query(args)) => {
                    cmd::prom_query::run(&cli.global, args, out).await
                }
                Command::Pg(PgCommand::Connections(args)) => {
                    cmd::pg::run(
                        &cli.global,
                        report::pg::PgView::Connections,
                        args,
                        false,
                        out,
                    )
                    .await
                }
                Command::Pg(PgCommand::Locks(args)) => {
                    cmd::pg::run(&cli.global, report::pg::PgView::Locks, args, false, out).await
                }
                Command::Pg(PgCommand::Activity(args)) => {
                    cmd::pg::run(
                        &cli.global,
                        report::pg::PgView::Activity,
                        &args.pg,
                        args.all,
                        out,
                    )
                    .await
                }
                Command::K8s(K8sCommand::Pods(args)) => {
                    cmd::k8s::run(
                        &cli.global,
                        cmd::k8s::View::Pods { all: args.all },
                        &args.kube,
                        out,
                    )
                    .await
                }
                Command::K8s(K8sCommand::Rollouts(args)) => {
                    cmd::k8s::run(
                        &cli.global,
                        cmd::k8s::View::Rollouts { since: args.since },
                        &args.kube,
                        out,
                    )
                    .await
                }
                Command::K8s(K8sCommand::Events(args)) => {
                    cmd::k8s::run(
                        &cli.global,
                        cmd::k8s::View::Events { since: args.since },
                        &args.kube,
                        out,
                    )
                    .await
                }
                Command::Investigate(args) => cmd::investigate::run(&cli.global, args, out).await,
                Command::Certs(CertsCommand::Check(args)) => {
                    cmd::certs::run(&cli.global, args, out).await
                }
                Command::Completions(args) => cmd::completions::run(args, out),
            }
        };
        match tokio::time::timeout(timeout + Duration::from_secs(1), work).await {
            Ok(result) => result,
            Err(_) => anyhow::bail!(
                "gave up after --timeout {} (raise it with --timeout)",
                time_arg::format_duration(timeout)
            ),
        }
    });
    // Don't wait for blocking work still in flight (a slow DNS lookup, a stuck
    // credential plugin): the answer is already decided.
    runtime.shutdown_background();
    result
}

/// The last resort against a hang: if something blocks a thread where no
/// async timeout can interrupt it, the process still ends, with UNKNOWN.
fn start_watchdog(after: Duration) {
    std::thread::spawn(move || {
        std::thread::sleep(after);
        eprintln!(
            "triage: error: still running {} after the deadline; giving up (exit 3)",
            time_arg::format_duration(Duration::from_secs(2))
        );
        std::process::exit(ExitStatus::Unknown.code().into());
    });
}

/// Prints an error with its whole context chain on one line.
pub fn print_error(err: &anyhow::Error) {
    eprintln!("triage: error: {err:#}");
}

/// True when the error is only stdout having been closed (`triage … | head`).
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain()
        .filter_map(|cause| cause.downcast_ref::<std::io::Error>())
        .any(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
}
