//! `triage investigate`: collect an evidence bundle from every configured
//! source (or load one with --replay), analyse it, and write the report.

use super::output_format;
use crate::cli::{GlobalArgs, InvestigateArgs, OutputFormat};
use crate::correlate::investigation::investigate;
use crate::evidence::Evidence;
use crate::exit_status::ExitStatus;
use crate::sources::tls::trust_stores;
use std::io::Write;
use std::path::Path;

const FORMATS: &[OutputFormat] = &[OutputFormat::Markdown, OutputFormat::Json];

pub async fn run(
    global: &GlobalArgs,
    args: &InvestigateArgs,
    out: &mut dyn Write,
) -> anyhow::Result<ExitStatus> {
    let format = output_format(global, FORMATS)?;
    let evidence = match &args.replay {
        Some(path) => {
            if has_source_flags(args) {
                anyhow::bail!(
                    "--replay analyses the recorded bundle; source flags (--prometheus, --postgres, --kubeconfig, --tls, ...) don't apply to it"
                );
            }
            Evidence::load(path).map_err(anyhow::Error::msg)?
        }
        None => super::investigate_collect::collect(global, args).await?,
    };
    if let Some(path) = &args.record {
        // The evidence is in hand: a bad path must not cost the report.
        match write_atomically(path, evidence.to_json().as_bytes()) {
            Ok(()) => tracing::info!("evidence recorded in {}", path.display()),
            Err(err) => eprintln!(
                "triage: warning: --record {}: {err}; the evidence was not saved, the report follows",
                path.display()
            ),
        }
    }
    let stores = tokio::task::spawn_blocking(|| trust_stores::load(None))
        .await?
        .map_err(anyhow::Error::msg)?;
    let report = investigate(&evidence, &stores.stores);
    let text = match format {
        OutputFormat::Json => format!("{}\n", serde_json::to_string_pretty(&report)?),
        _ => crate::report::investigation::markdown(&report),
    };
    match &args.output_file {
        Some(path) => write_atomically(path, text.as_bytes())
            .map_err(|err| anyhow::anyhow!("--output-file {}: {err}", path.display()))?,
        None => out.write_all(text.as_bytes())?,
    }
    Ok(report.status)
}

fn has_source_flags(args: &InvestigateArgs) -> bool {
    let sources = &args.sources;
    sources.prometheus.is_some()
        || !sources.postgres.is_empty()
        || !sources.tls.is_empty()
        || sources.kube.kubeconfig.is_some()
        || sources.kube.context.is_some()
        || !sources.kube.namespaces.is_empty()
        || sources.kube.all_namespaces
        || args.service.is_some()
}

/// Writes next to the target and renames, so a reader never sees half a file.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let directory = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut temporary = tempfile::NamedTempFile::new_in(directory)?;
    temporary.write_all(bytes)?;
    temporary.persist(path).map_err(|err| err.error)?;
    Ok(())
}
