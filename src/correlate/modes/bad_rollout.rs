//! `bad-rollout`: a deployment, image or config change shortly before the
//! onset, with its new pods failing or the errors rising after it.

use super::super::facts::Facts;
use super::super::hypothesis::{Action, Proposal};
use crate::analyze::finding::{Severity, ShownBy};
use crate::analyze::kubernetes::kinds;

pub const ID: &str = "bad-rollout";

/// What a broken new revision looks like.
const AFTERMATH: &[&str] = &[
    kinds::BAD_ROLLOUT,
    kinds::CRASH_LOOP,
    kinds::CONTAINER_CONFIG,
    kinds::IMAGE_PULL,
    kinds::NO_AVAILABLE_REPLICAS,
    kinds::ROLLOUT_STALLED,
    "error_ratio",
    "restarts",
    "waiting_reason",
];

pub fn propose(facts: &Facts) -> Vec<Proposal> {
    let mut proposals = Vec::new();
    for rollout in facts.rollouts {
        let Some(rolled_at) = rollout.at else {
            continue;
        };
        // `deployment prod/api-server` → `prod/api-server` and `api-server`.
        let workload = rollout
            .workload
            .trim_start_matches("deployment ")
            .to_string();
        let (namespace, name) = workload.split_once('/').unwrap_or(("default", &workload));
        let evidence = facts.about(AFTERMATH, name);
        let failing = rollout.severity > Severity::Ok;
        if evidence.is_empty() && !failing {
            continue;
        }
        // A config edit picked up by the rollout is the change that matters.
        let changed_at = rollout
            .config_changes
            .iter()
            .map(|config| config.at)
            .min()
            .map_or(rolled_at, |config_at| config_at.min(rolled_at));
        let mut what: Vec<String> = rollout
            .changes
            .iter()
            .take(3)
            .map(ToString::to_string)
            .collect();
        what.extend(rollout.config_changes.iter().map(|config| {
            format!(
                "ConfigMap {} changed at {}{}",
                config.configmap,
                crate::report::time(config.at),
                config
                    .manager
                    .as_ref()
                    .map(|m| format!(" by {m}"))
                    .unwrap_or_default()
            )
        }));
        let revision = rollout.revision.map_or("?".into(), |r| r.to_string());
        let mut actions = vec![Action::new(
            "Read why the new pods fail",
            Some(ShownBy::Shell(format!(
                "kubectl -n {namespace} logs deploy/{name} --previous --tail=50"
            ))),
        )];
        // A rollback restores the pod template, not a ConfigMap it reads.
        for config in &rollout.config_changes {
            let (config_namespace, config_name) = config
                .configmap
                .split_once('/')
                .unwrap_or((namespace, &config.configmap));
            actions.push(Action::new(
                format!(
                    "ConfigMap {} changed too: a rollback does not restore it; put back its previous data (from git, or `helm rollback`), then restart the pods",
                    config.configmap
                ),
                Some(ShownBy::Shell(format!("kubectl -n {config_namespace} get configmap {config_name} -o yaml"))),
            ));
        }
        proposals.push(Proposal {
            cause: ID,
            subject: workload.clone(),
            summary: format!(
                "{} rolled out revision {revision} at {}{}; then {}",
                rollout.workload,
                crate::report::time(rolled_at),
                if what.is_empty() { String::new() } else { format!(" ({})", what.join("; ")) },
                rollout.outcome
            ),
            mechanism: "The new revision (its image, its environment, or the config it reads) does not \
                        work: its pods fail to start or serve errors, and as the old pods are replaced the \
                        service loses capacity, down to no available replica."
                .into(),
            onset: Some(changed_at),
            evidence,
            is_change: true,
            confirm: vec![
                format!("the new pods' logs show the failure (kubectl logs -n {namespace} deploy/{name} --previous)"),
                "rolling back to the previous revision ends the symptoms".into(),
            ],
            refute: vec![
                "the symptoms began before the rollout".into(),
                "pods of the previous revision fail the same way".into(),
            ],
            actions: {
                // Undo first restores the template; the ConfigMap notes follow.
                let rollback = Action::changing(
                    format!(
                        "Roll back to the previous revision{}",
                        rollout.previous_revision.map(|r| format!(" ({r})")).unwrap_or_default()
                    ),
                    ShownBy::Shell(format!(
                        "kubectl -n {namespace} rollout undo deployment/{name}{}",
                        rollout
                            .previous_revision
                            .map(|r| format!(" --to-revision={r}"))
                            .unwrap_or_default()
                    )),
                );
                actions.insert(1, rollback);
                actions
            },
        });
    }
    proposals
}
