//! What one look at a Kubernetes cluster saw: the objects of every kind a
//! command needs, in the namespaces in scope, and what could not be listed.
//! Raw objects only (as the API returned them), serializable, so a look can be
//! recorded and analysed again without the cluster.

use crate::sources::Gap;
use chrono::{DateTime, Utc};
use k8s_openapi::api::apps::v1::{DaemonSet, Deployment, ReplicaSet, StatefulSet};
use k8s_openapi::api::autoscaling::v2::HorizontalPodAutoscaler;
use k8s_openapi::api::core::v1::{Event, Node, Pod};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{MicroTime, ObjectMeta, Time};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ClusterSnapshot {
    /// When the look was taken (this machine's clock): ages are measured from it.
    pub collected_at: DateTime<Utc>,
    pub server: String,
    pub context: Option<String>,
    /// `None`: every namespace.
    pub namespaces: Option<Vec<String>>,
    pub pods: Vec<Pod>,
    pub deployments: Vec<Deployment>,
    pub statefulsets: Vec<StatefulSet>,
    pub daemonsets: Vec<DaemonSet>,
    pub replicasets: Vec<ReplicaSet>,
    pub events: Vec<Event>,
    pub nodes: Vec<Node>,
    pub hpas: Vec<HorizontalPodAutoscaler>,
    /// ConfigMaps' metadata only (when they changed, not what they hold).
    pub configmaps: Vec<ObjectMeta>,
    /// Kinds that could not be listed, and why.
    pub gaps: Vec<Gap>,
}

/// A Kubernetes timestamp as chrono's.
pub fn time(time: &Time) -> DateTime<Utc> {
    from_jiff(time.0)
}

/// A Kubernetes micro-timestamp (events' `eventTime`) as chrono's.
pub fn micro_time(time: &MicroTime) -> DateTime<Utc> {
    from_jiff(time.0)
}

fn from_jiff(timestamp: k8s_openapi::jiff::Timestamp) -> DateTime<Utc> {
    DateTime::from_timestamp(
        timestamp.as_second(),
        u32::try_from(timestamp.subsec_nanosecond()).unwrap_or(0),
    )
    .unwrap_or_default()
}
