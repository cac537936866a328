//! Files generated from the clap definition and committed: shell completions
//! under `completions/` and man pages under `man/`. A test compares these with
//! the committed copies so they never go stale.

use clap_complete::Shell;
use std::path::PathBuf;

/// The command to run when the committed files are stale.
pub const REGENERATE_COMMAND: &str = "TRIAGE_BLESS=1 cargo test --test integration generated_files";

/// The completion script for one shell.
pub fn completion_script(shell: Shell) -> Vec<u8> {
    let mut command = crate::cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "triage", &mut script);
    script
}

/// Every generated file, as (path relative to the repository root, content).
pub fn files() -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    for shell in [
        Shell::Bash,
        Shell::Zsh,
        Shell::Fish,
        Shell::Elvish,
        Shell::PowerShell,
    ] {
        let name = match shell {
            Shell::Bash => "triage.bash",
            Shell::Zsh => "_triage",
            Shell::Fish => "triage.fish",
            Shell::Elvish => "triage.elv",
            _ => "_triage.ps1",
        };
        files.push((
            PathBuf::from("completions").join(name),
            completion_script(shell),
        ));
    }
    let mut command = crate::cli::command();
    command.build();
    man_pages(&command, "triage", &mut files);
    files
}

/// `triage.1` plus one page per subcommand (`triage-config-check.1`), as git and cargo do.
fn man_pages(command: &clap::Command, name: &str, files: &mut Vec<(PathBuf, Vec<u8>)>) {
    let page_command = command
        .clone()
        .name(name.to_string())
        .bin_name(name.replace('-', " "));
    let mut page = Vec::new();
    clap_mangen::Man::new(page_command)
        .date("")
        .render(&mut page)
        .expect("rendering a man page into memory cannot fail");
    files.push((PathBuf::from("man").join(format!("{name}.1")), page));
    for subcommand in command.get_subcommands() {
        if subcommand.get_name() == "help" || subcommand.is_hide_set() {
            continue;
        }
        man_pages(
            subcommand,
            &format!("{name}-{}", subcommand.get_name()),
            files,
        );
    }
}
