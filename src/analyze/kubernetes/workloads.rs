//! Workloads that do not serve: Deployments with no available replica or a
//! rollout past its progress deadline, StatefulSets and DaemonSets short of ready pods.

use super::kinds;
use super::objects::{api_path, qualified};
use crate::analyze::{Finding, Severity, ShownBy};
use crate::sources::kubernetes::snapshot::{ClusterSnapshot, time};
use k8s_openapi::api::apps::v1::DeploymentCondition;

/// How long a Deployment may have no replica available before that is CRITICAL.
const GRACE: chrono::Duration = chrono::Duration::minutes(1);

pub fn workload_findings(snapshot: &ClusterSnapshot) -> Vec<Finding> {
    let mut findings = Vec::new();
    for deployment in &snapshot.deployments {
        let meta = &deployment.metadata;
        let desired = deployment
            .spec
            .as_ref()
            .and_then(|s| s.replicas)
            .unwrap_or(1);
        let status = deployment.status.as_ref();
        let available = status.and_then(|s| s.available_replicas).unwrap_or(0);
        let conditions: &[DeploymentCondition] = status
            .and_then(|s| s.conditions.as_deref())
            .unwrap_or_default();
        let condition = |kind: &str| conditions.iter().find(|c| c.type_ == kind);
        let path = api_path("apps/v1", "deployments", meta);
        if desired > 0 && available == 0 {
            let since = condition("Available")
                .filter(|c| c.status == "False")
                .and_then(|c| c.last_transition_time.as_ref())
                .map(time);
            // A Deployment just created or scaled up from zero has no replica for a moment.
            let settling = since.is_some_and(|at| snapshot.collected_at - at < GRACE)
                || status.and_then(|s| s.observed_generation) < meta.generation;
            findings.push(Finding::observed(
                kinds::NO_AVAILABLE_REPLICAS,
                &qualified(meta),
                if settling {
                    Severity::Warning
                } else {
                    Severity::Critical
                },
                format!(
                    "deployment {} has 0 of {desired} replicas available ({} updated, {} unavailable)",
                    qualified(meta),
                    status.and_then(|s| s.updated_replicas).unwrap_or(0),
                    status.and_then(|s| s.unavailable_replicas).unwrap_or(desired)
                ),
                0.0,
                since,
                ShownBy::ApiPath(path.clone()),
            ));
        }
        if let Some(stalled) = condition("Progressing").filter(|c| {
            c.status == "False" && c.reason.as_deref() == Some("ProgressDeadlineExceeded")
        }) {
            findings.push(Finding::observed(
                kinds::ROLLOUT_STALLED,
                &qualified(meta),
                Severity::Warning,
                format!(
                    "deployment {} rollout stalled (ProgressDeadlineExceeded): {}",
                    qualified(meta),
                    stalled.message.as_deref().unwrap_or("no message")
                ),
                f64::from(available),
                stalled.last_transition_time.as_ref().map(time),
                ShownBy::ApiPath(path),
            ));
        }
    }
    for statefulset in &snapshot.statefulsets {
        let desired = statefulset
            .spec
            .as_ref()
            .and_then(|s| s.replicas)
            .unwrap_or(1);
        let status = statefulset.status.as_ref();
        let ready = status.and_then(|s| s.ready_replicas).unwrap_or(0);
        // A rolling update takes pods down one by one on purpose.
        if status.is_some_and(|s| s.current_revision != s.update_revision && ready > 0) {
            continue;
        }
        findings.extend(short_of_ready(
            "statefulset",
            &statefulset.metadata,
            api_path("apps/v1", "statefulsets", &statefulset.metadata),
            desired,
            ready,
        ));
    }
    for daemonset in &snapshot.daemonsets {
        let status = daemonset.status.as_ref();
        let desired = status.map_or(0, |s| s.desired_number_scheduled);
        let ready = status.map_or(0, |s| s.number_ready);
        if status
            .is_some_and(|s| s.updated_number_scheduled.unwrap_or(desired) < desired && ready > 0)
        {
            continue;
        }
        findings.extend(short_of_ready(
            "daemonset",
            &daemonset.metadata,
            api_path("apps/v1", "daemonsets", &daemonset.metadata),
            desired,
            ready,
        ));
    }
    findings
}

/// Fewer ready pods than desired: CRITICAL at none, else a WARNING.
fn short_of_ready(
    kind: &str,
    meta: &k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta,
    path: String,
    desired: i32,
    ready: i32,
) -> Option<Finding> {
    (desired > 0 && ready < desired).then(|| {
        Finding::observed(
            kinds::WORKLOAD_NOT_READY,
            &qualified(meta),
            if ready == 0 {
                Severity::Critical
            } else {
                Severity::Warning
            },
            format!(
                "{kind} {} has {ready} of {desired} pods ready",
                qualified(meta)
            ),
            f64::from(ready),
            None,
            ShownBy::ApiPath(path),
        )
    })
}
