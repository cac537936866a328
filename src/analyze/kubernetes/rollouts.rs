//! What changed, when, and what broke after it: the rollouts of each
//! Deployment inside the window (a ReplicaSet created for a new revision),
//! what changed in the pod template against the revision before, the
//! ConfigMaps the new template reads that changed in the window, and how the
//! new pods are doing now.

use super::kinds;
use super::objects::{Index, api_path, name, qualified};
use super::template_diff::{self, Change};
use crate::analyze::{Finding, Severity, ShownBy};
use crate::sources::kubernetes::snapshot::{ClusterSnapshot, time};
use chrono::{DateTime, Utc};
use k8s_openapi::api::apps::v1::{Deployment, ReplicaSet};
use k8s_openapi::api::core::v1::PodTemplateSpec;
use serde::Serialize;
use std::collections::BTreeSet;

const REVISION: &str = "deployment.kubernetes.io/revision";

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rollout {
    /// `deployment api/cors-api`.
    pub workload: String,
    pub revision: Option<i64>,
    pub previous_revision: Option<i64>,
    /// The revision is an earlier template brought back (`kubectl rollout undo`, a revert).
    pub rollback: bool,
    pub at: Option<DateTime<Utc>>,
    pub replicaset: String,
    pub changes: Vec<Change>,
    pub config_changes: Vec<ConfigChange>,
    /// How the new revision's pods are doing: "3 of 3 new pods failing: CrashLoopBackOff …; 0 of 3 available".
    pub outcome: String,
    pub severity: Severity,
    /// The ReplicaSet's API path.
    pub path: String,
}

/// A ConfigMap the new template reads that changed in the window.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConfigChange {
    pub configmap: String,
    pub at: DateTime<Utc>,
    /// Who changed it (`kubectl-edit`, `helm`…), from `managedFields`.
    pub manager: Option<String>,
}

pub fn rollouts(snapshot: &ClusterSnapshot, since: DateTime<Utc>) -> Vec<Rollout> {
    let cluster = Index::new(snapshot);
    let mut rollouts: Vec<Rollout> = snapshot
        .deployments
        .iter()
        .flat_map(|deployment| deployment_rollouts(&cluster, deployment, since))
        .collect();
    rollouts.sort_by(|a, b| {
        b.at.cmp(&a.at)
            .then(a.workload.cmp(&b.workload))
            .then(b.revision.cmp(&a.revision))
    });
    rollouts
}

fn deployment_rollouts(
    cluster: &Index<'_>,
    deployment: &Deployment,
    since: DateTime<Utc>,
) -> Vec<Rollout> {
    let snapshot = cluster.snapshot;
    let mut owned: Vec<&ReplicaSet> = snapshot
        .replicasets
        .iter()
        .filter(|rs| {
            rs.metadata.namespace == deployment.metadata.namespace
                && rs
                    .metadata
                    .owner_references
                    .as_deref()
                    .unwrap_or_default()
                    .iter()
                    .any(|o| {
                        o.kind == "Deployment" && Some(&o.name) == deployment.metadata.name.as_ref()
                    })
        })
        .collect();
    owned.sort_by(|a, b| {
        revision(a)
            .cmp(&revision(b))
            .then(a.metadata.name.cmp(&b.metadata.name))
    });
    let mut found: Vec<Rollout> = owned
        .iter()
        .enumerate()
        .filter(|(_, rs)| rolled_out_at(rs).is_some_and(|at| at >= since))
        .map(|(index, rs)| {
            let previous = index.checked_sub(1).map(|i| owned[i]);
            let template = |rs: &ReplicaSet| rs.spec.as_ref().and_then(|s| s.template.clone());
            let new_template = template(rs).unwrap_or_default();
            // The first revision has nothing to be compared with: listing its whole template says nothing.
            let changes = match previous.and_then(template) {
                Some(old) => template_diff::diff(&old, &new_template),
                None => Vec::new(),
            };
            let (outcome, severity) = outcome(cluster, deployment, rs);
            Rollout {
                workload: format!("deployment {}", qualified(&deployment.metadata)),
                revision: revision(rs),
                previous_revision: previous.and_then(revision),
                rollback: is_rollback(rs),
                at: rolled_out_at(rs),
                replicaset: name(&rs.metadata).to_string(),
                changes,
                config_changes: config_changes(snapshot, &new_template, rs, since),
                outcome,
                severity,
                path: api_path("apps/v1", "replicasets", &rs.metadata),
            }
        })
        .collect();
    // No rollout, but a ConfigMap the current pods read changed: pods pick it up
    // through a mounted volume or on their next restart (a crash loop restarts them).
    if found.is_empty() {
        if let Some(current) = owned.last() {
            let template = current
                .spec
                .as_ref()
                .and_then(|s| s.template.clone())
                .unwrap_or_default();
            let config_changes = config_changes(snapshot, &template, current, since);
            if let Some(first) = config_changes.first() {
                let (outcome, severity) = outcome(cluster, deployment, current);
                found.push(Rollout {
                    workload: format!("deployment {}", qualified(&deployment.metadata)),
                    revision: revision(current),
                    previous_revision: revision(current),
                    rollback: false,
                    at: Some(first.at),
                    replicaset: name(&current.metadata).to_string(),
                    changes: Vec::new(),
                    config_changes,
                    outcome,
                    severity,
                    path: api_path("apps/v1", "replicasets", &current.metadata),
                });
            }
        }
    }
    found
}

/// When a ReplicaSet became the Deployment's current revision: its creation,
/// or — for a rollback, which reuses an old ReplicaSet and records the
/// revisions it had in `revision-history` — when the controller last wrote
/// it (`managedFields`; an entry's time is its manager's latest write).
fn rolled_out_at(rs: &ReplicaSet) -> Option<DateTime<Utc>> {
    if !is_rollback(rs) {
        return created(rs);
    }
    let annotated = rs
        .metadata
        .managed_fields
        .as_deref()
        .unwrap_or_default()
        .iter()
        .filter(|entry| {
            entry
                .fields_v1
                .as_ref()
                .is_some_and(|fields| fields.0.to_string().contains(REVISION))
        })
        .filter_map(|entry| entry.time.as_ref().map(time))
        .max();
    created(rs).max(annotated)
}

/// A revision brought back: the controller records the revisions it had before.
fn is_rollback(rs: &ReplicaSet) -> bool {
    rs.metadata
        .annotations
        .as_ref()
        .is_some_and(|a| a.contains_key("deployment.kubernetes.io/revision-history"))
}

fn revision(rs: &ReplicaSet) -> Option<i64> {
    rs.metadata
        .annotations
        .as_ref()
        .and_then(|a| a.get(REVISION))
        .and_then(|r| r.parse().ok())
}

fn created(rs: &ReplicaSet) -> Option<DateTime<Utc>> {
    rs.metadata.creation_timestamp.as_ref().map(time)
}

/// The new ReplicaSet's pods now: failing ones (a finding of theirs) and availability.
fn outcome(cluster: &Index<'_>, deployment: &Deployment, rs: &ReplicaSet) -> (String, Severity) {
    let snapshot = cluster.snapshot;
    let hash = rs
        .metadata
        .labels
        .as_ref()
        .and_then(|l| l.get("pod-template-hash"));
    let new_pods: Vec<_> = snapshot
        .pods
        .iter()
        .filter(|pod| {
            pod.metadata.namespace == rs.metadata.namespace
                && hash.is_some()
                && pod
                    .metadata
                    .labels
                    .as_ref()
                    .and_then(|l| l.get("pod-template-hash"))
                    == hash
        })
        .collect();
    let failing: Vec<String> = new_pods
        .iter()
        .filter(|pod| !super::pods::problem_kinds(pod, cluster).is_empty())
        .map(|pod| super::pods::kubectl_status(pod))
        .collect();
    let status = deployment.status.as_ref();
    let desired = deployment
        .spec
        .as_ref()
        .and_then(|s| s.replicas)
        .unwrap_or(1);
    let available = status.and_then(|s| s.available_replicas).unwrap_or(0);
    let mut outcome = if new_pods.is_empty() {
        "no pods of this revision now".to_string()
    } else if failing.is_empty() {
        format!(
            "{} new pod{} healthy",
            new_pods.len(),
            if new_pods.len() == 1 { "" } else { "s" }
        )
    } else {
        let statuses: BTreeSet<&str> = failing.iter().map(String::as_str).collect();
        format!(
            "{} of {} new pods failing ({})",
            failing.len(),
            new_pods.len(),
            statuses.into_iter().collect::<Vec<_>>().join(", ")
        )
    };
    outcome.push_str(&format!("; {available} of {desired} replicas available"));
    let severity = if !failing.is_empty() && (available == 0 || failing.len() == new_pods.len()) {
        Severity::Critical
    } else if !failing.is_empty() {
        Severity::Warning
    } else {
        Severity::Ok
    };
    (outcome, severity)
}

/// ConfigMaps the template reads (env, envFrom, volumes) that changed in the window.
fn config_changes(
    snapshot: &ClusterSnapshot,
    template: &PodTemplateSpec,
    rs: &ReplicaSet,
    since: DateTime<Utc>,
) -> Vec<ConfigChange> {
    let referenced = configmaps_read_by(template);
    let mut changes: Vec<ConfigChange> = snapshot
        .configmaps
        .iter()
        .filter(|meta| meta.namespace == rs.metadata.namespace)
        .filter(|meta| {
            meta.name
                .as_ref()
                .is_some_and(|n| referenced.contains(n.as_str()))
        })
        .filter_map(|meta| {
            // The latest write, from managedFields; creation when there is none.
            // Only writes of the content count, not of labels or annotations.
            let latest = meta
                .managed_fields
                .as_deref()
                .unwrap_or_default()
                .iter()
                .filter(|f| {
                    f.fields_v1.as_ref().is_none_or(|fields| {
                        let text = fields.0.to_string();
                        text.contains("f:data") || text.contains("f:binaryData")
                    })
                })
                .filter_map(|f| f.time.as_ref().map(|t| (time(t), f.manager.clone())))
                .max()
                .or_else(|| meta.creation_timestamp.as_ref().map(|t| (time(t), None)))?;
            (latest.0 >= since).then(|| ConfigChange {
                configmap: qualified(meta),
                at: latest.0,
                manager: latest.1,
            })
        })
        .collect();
    changes.sort_by(|a, b| a.at.cmp(&b.at).then(a.configmap.cmp(&b.configmap)));
    changes
}

fn configmaps_read_by(template: &PodTemplateSpec) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let Some(spec) = &template.spec else {
        return names;
    };
    for container in spec
        .containers
        .iter()
        .chain(spec.init_containers.iter().flatten())
    {
        for env in container.env.iter().flatten() {
            if let Some(key) = env
                .value_from
                .as_ref()
                .and_then(|v| v.config_map_key_ref.as_ref())
            {
                names.insert(key.name.clone());
            }
        }
        for from in container.env_from.iter().flatten() {
            if let Some(map) = &from.config_map_ref {
                names.insert(map.name.clone());
            }
        }
    }
    for volume in spec.volumes.iter().flatten() {
        if let Some(map) = &volume.config_map {
            names.insert(map.name.clone());
        }
        for source in volume
            .projected
            .iter()
            .flat_map(|p| p.sources.iter().flatten())
        {
            if let Some(map) = &source.config_map {
                names.insert(map.name.clone());
            }
        }
    }
    names
}

/// A rollout whose new pods fail is the prime suspect: one finding each.
pub fn rollout_findings(rollouts: &[Rollout]) -> Vec<Finding> {
    rollouts
        .iter()
        .filter(|r| r.severity > Severity::Ok)
        .map(|rollout| {
            let mut what: Vec<String> = rollout
                .changes
                .iter()
                .take(3)
                .map(ToString::to_string)
                .collect();
            if rollout.changes.len() > 3 {
                what.push(format!("{} more", rollout.changes.len() - 3));
            }
            for config in &rollout.config_changes {
                what.push(format!(
                    "configmap {} changed at {}",
                    config.configmap,
                    crate::report::time(config.at)
                ));
            }
            Finding::observed(
                kinds::BAD_ROLLOUT,
                rollout.workload.trim_start_matches("deployment "),
                rollout.severity,
                format!(
                    "{} rolled out revision {} at {}, then: {}. Changed: {}",
                    rollout.workload,
                    rollout.revision.map_or("?".into(), |r| r.to_string()),
                    rollout.at.map_or("?".into(), crate::report::time),
                    rollout.outcome,
                    if what.is_empty() {
                        "nothing in the pod template".into()
                    } else {
                        what.join("; ")
                    }
                ),
                1.0,
                rollout.at,
                ShownBy::ApiPath(rollout.path.clone()),
            )
        })
        .collect()
}
