//! Autoscalers that cannot scale further: at their maximum while they would want more.

use super::kinds;
use super::objects::{api_path, qualified};
use crate::analyze::{Finding, Severity, ShownBy};
use crate::sources::kubernetes::snapshot::{ClusterSnapshot, time};

pub fn hpa_findings(snapshot: &ClusterSnapshot) -> Vec<Finding> {
    snapshot
        .hpas
        .iter()
        .filter_map(|hpa| {
            let spec = hpa.spec.as_ref()?;
            let max = spec.max_replicas;
            let status = hpa.status.as_ref()?;
            let current = status.current_replicas.unwrap_or(0);
            let desired = status.desired_replicas;
            // At max and wanting more: the controller says so with ScalingLimited/TooManyReplicas.
            // (min = max is a fixed size, not a ceiling being hit.)
            let limited = status
                .conditions
                .as_deref()
                .unwrap_or_default()
                .iter()
                .find(|c| {
                    c.type_ == "ScalingLimited"
                        && c.status == "True"
                        && c.reason.as_deref() == Some("TooManyReplicas")
                })?;
            if current < max || spec.min_replicas == Some(max) {
                return None;
            }
            let limited = Some(limited);
            Some(Finding::observed(
                kinds::HPA_AT_MAX,
                &qualified(&hpa.metadata),
                Severity::Warning,
                format!(
                    "autoscaler {} is at its maximum of {max} replicas (desired {desired}){}",
                    qualified(&hpa.metadata),
                    limited
                        .and_then(|c| c.message.as_deref())
                        .map(|m| format!(": {m}"))
                        .unwrap_or_default()
                ),
                f64::from(current),
                limited
                    .and_then(|c| c.last_transition_time.as_ref())
                    .map(time),
                ShownBy::ApiPath(api_path(
                    "autoscaling/v2",
                    "horizontalpodautoscalers",
                    &hpa.metadata,
                )),
            ))
        })
        .collect()
}
