use std::process::ExitCode;
use triage::ExitStatus;

fn main() -> ExitCode {
    triage::install_crypto_provider();
    let cli = match triage::cli::parse(std::env::args_os()) {
        Ok(cli) => cli,
        Err(status) => return status.into(),
    };
    match triage::run(cli, &mut std::io::stdout().lock()) {
        Ok(status) => status.into(),
        Err(err) if triage::is_broken_pipe(&err) => ExitStatus::Ok.into(),
        Err(err) => {
            triage::print_error(&err);
            ExitStatus::Unknown.into()
        }
    }
}
