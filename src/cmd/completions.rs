//! `triage completions SHELL`: prints a completion script generated from the clap definition.

use crate::cli::CompletionsArgs;
use crate::exit_status::ExitStatus;
use std::io::Write;

pub fn run(args: &CompletionsArgs, out: &mut dyn Write) -> anyhow::Result<ExitStatus> {
    out.write_all(&crate::generated::completion_script(args.shell))?;
    Ok(ExitStatus::Ok)
}
