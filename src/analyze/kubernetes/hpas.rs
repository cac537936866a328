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
            let max = hpa.spec.as_ref()?.max_replicas;
            let status = hpa.status.as_ref()?;
            let current = status.current_replicas.unwrap_or(0);
            let desired = status.desired_replicas;
            if current < max || desired < max {
                return None;
            }
            let limited = status
                .conditions
                .as_deref()
                .unwrap_or_default()
                .iter()
                .find(|c| c.type_ == "ScalingLimited" && c.status == "True");
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
