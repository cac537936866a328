//! `triage k8s pods|rollouts|events`: load the kubeconfig as kubectl does,
//! list the kinds the view needs (concurrently, paged, only list), analyse,
//! render, exit with the worst severity.

use crate::ExitStatus;
use crate::analyze::Severity;
use crate::analyze::kubernetes::{self, pod_rows};
use crate::cli::{GlobalArgs, KubeArgs};
use crate::config::settings;
use crate::report::k8s::{self as report, K8sDocument};
use crate::sources::kubernetes::collect::{self, Kind};
use crate::sources::kubernetes::{self as source};
use std::time::Duration;
use tokio::time::Instant;

/// Which `k8s` subcommand runs.
#[derive(Debug, Clone, Copy)]
pub enum View {
    Pods { all: bool },
    Rollouts { since: Duration },
    Events { since: Duration },
}

impl View {
    fn schema(self) -> &'static str {
        match self {
            View::Pods { .. } => "triage.k8s-pods/v1",
            View::Rollouts { .. } => "triage.k8s-rollouts/v1",
            View::Events { .. } => "triage.k8s-events/v1",
        }
    }

    /// The kinds without which the view cannot say "fine" (the others only add detail).
    fn essential(self) -> &'static [Kind] {
        match self {
            View::Pods { .. } => &[Kind::Pods],
            View::Rollouts { .. } => &[Kind::Deployments, Kind::ReplicaSets],
            View::Events { .. } => &[Kind::Events],
        }
    }

    /// What the view lists: only what its analysis reads.
    fn kinds(self) -> &'static [Kind] {
        match self {
            View::Pods { .. } => &[
                Kind::Pods,
                Kind::Events,
                Kind::ReplicaSets,
                Kind::Deployments,
                Kind::StatefulSets,
                Kind::DaemonSets,
                Kind::Nodes,
                Kind::Hpas,
            ],
            View::Rollouts { .. } => &[
                Kind::Deployments,
                Kind::ReplicaSets,
                Kind::Pods,
                Kind::Events,
                Kind::ConfigMaps,
            ],
            View::Events { .. } => &[Kind::Events],
        }
    }
}

pub async fn run(
    global: &GlobalArgs,
    view: View,
    args: &KubeArgs,
    out: &mut dyn std::io::Write,
) -> anyhow::Result<ExitStatus> {
    let format = super::output_format(global, super::REPORT_FORMATS)?;
    let started = Instant::now();
    let deadline = started + global.timeout.saturating_sub(super::RENDER_MARGIN);
    let resolved = super::selected_settings(global, &args.sources())?;
    let Some(kube) = resolved
        .environments
        .into_iter()
        .next()
        .and_then(|e| e.kubernetes)
    else {
        anyhow::bail!(
            "no Kubernetes to ask: pass --kubeconfig FILE, set KUBECONFIG, or add [env.NAME.kubernetes] to the config ({})",
            settings::describe_config_path(resolved.config_path.as_deref())
        );
    };
    let target = source::load(&kube).await.map_err(anyhow::Error::msg)?;
    let remaining = deadline.saturating_duration_since(Instant::now());
    let client = source::client(&target, remaining)
        .await
        .map_err(anyhow::Error::msg)?;
    let namespaces = source::namespaces(&kube, &target);
    tracing::info!(
        "asking Kubernetes {} for {:?}",
        target.server(),
        view.kinds()
    );
    let snapshot = collect::snapshot(&client, &target, namespaces, view.kinds(), deadline)
        .await
        .map_err(|err| anyhow::anyhow!("Kubernetes at {}: {err}", target.server()))?;

    let window_start = |since: Duration| {
        chrono::Duration::from_std(since)
            .ok()
            .and_then(|since| snapshot.collected_at.checked_sub_signed(since))
            .unwrap_or(chrono::DateTime::<chrono::Utc>::MIN_UTC)
    };
    let mut document = K8sDocument {
        schema: view.schema(),
        server: snapshot.server.clone(),
        context: snapshot.context.clone(),
        namespaces: snapshot.namespaces.clone(),
        collected_at: snapshot.collected_at,
        since: None,
        pods: None,
        rollouts: None,
        events: None,
        findings: Vec::new(),
        gaps: snapshot.gaps.clone(),
        status: ExitStatus::Ok,
        summary: String::new(),
    };
    match view {
        View::Pods { all } => {
            let rows = pod_rows(&snapshot);
            document.pods = Some(if all {
                rows
            } else {
                rows.into_iter()
                    .filter(|row| !row.problems.is_empty())
                    .collect()
            });
            document.findings = kubernetes::state_findings(&snapshot);
        }
        View::Rollouts { since } => {
            let start = window_start(since);
            let (rollouts, findings) = kubernetes::rollout_report(&snapshot, start);
            document.since = Some(start);
            document.rollouts = Some(rollouts);
            document.findings = findings;
        }
        View::Events { since } => {
            let start = window_start(since);
            let (groups, findings) = kubernetes::event_report(&snapshot, start);
            document.since = Some(start);
            document.events = Some(groups);
            document.findings = findings;
        }
    }
    let worst = document
        .findings
        .iter()
        .map(|f| f.severity)
        .max()
        .unwrap_or(Severity::Ok);
    // "OK" must mean "checked and fine": a missing kind makes a clean result
    // unknown, and a missing essential kind (pods, for `pods`) anything short of CRITICAL.
    let essential_missing = view.essential().iter().any(|kind| {
        let what = format!("Kubernetes {}", kind.plural());
        document.gaps.iter().any(|gap| gap.what == what)
    });
    document.status = if (worst == Severity::Ok && !document.gaps.is_empty())
        || (essential_missing && worst < Severity::Critical)
    {
        ExitStatus::Unknown
    } else {
        worst.exit_status()
    };
    document.summary = summary(&document);
    super::render(
        global,
        format,
        &document,
        report::markdown,
        report::terminal,
        out,
    )?;
    Ok(document.status)
}

fn summary(document: &K8sDocument) -> String {
    let count = |severity| {
        document
            .findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    };
    let mut parts = Vec::new();
    for (severity, word) in [
        (Severity::Critical, "CRITICAL"),
        (Severity::Warning, "WARNING"),
    ] {
        let n = count(severity);
        if n > 0 {
            parts.push(format!(
                "{n} {word} finding{}",
                if n == 1 { "" } else { "s" }
            ));
        }
    }
    if !document.gaps.is_empty() {
        parts.push(format!(
            "{} kind{} not checked",
            document.gaps.len(),
            if document.gaps.len() == 1 { "" } else { "s" }
        ));
    }
    if parts.is_empty() {
        "nothing wrong found".into()
    } else {
        parts.join("; ")
    }
}
