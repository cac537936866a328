//! Small facts about Kubernetes objects every detector needs: names, the API
//! path that shows an object, which workload owns a pod, and times.

use crate::sources::kubernetes::snapshot::{ClusterSnapshot, micro_time, time};
use chrono::{DateTime, Utc};
use k8s_openapi::api::apps::v1::ReplicaSet;
use k8s_openapi::api::core::v1::{Event, Pod};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use std::collections::HashMap;

/// `namespace/name`, or the name of a cluster-scoped object.
pub fn qualified(meta: &ObjectMeta) -> String {
    match &meta.namespace {
        Some(namespace) => format!("{namespace}/{}", name(meta)),
        None => name(meta).to_string(),
    }
}

pub fn name(meta: &ObjectMeta) -> &str {
    meta.name.as_deref().unwrap_or("?")
}

/// The path `kubectl get --raw` would read the object from.
pub fn api_path(group_version: &str, plural: &str, meta: &ObjectMeta) -> String {
    let prefix = if group_version == "v1" {
        "/api/v1".to_string()
    } else {
        format!("/apis/{group_version}")
    };
    match &meta.namespace {
        Some(namespace) => format!("{prefix}/namespaces/{namespace}/{plural}/{}", name(meta)),
        None => format!("{prefix}/{plural}/{}", name(meta)),
    }
}

pub fn pod_path(pod: &Pod) -> String {
    api_path("v1", "pods", &pod.metadata)
}

/// A workload: kind (kubectl's lower-case), namespace and name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Workload {
    pub kind: String,
    pub namespace: String,
    pub name: String,
}

impl Workload {
    pub fn new(kind: &str, namespace: &str, name: &str) -> Workload {
        Workload {
            kind: kind.into(),
            namespace: namespace.into(),
            name: name.into(),
        }
    }
}

impl std::fmt::Display for Workload {
    /// `deployment api/cors-api`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}/{}", self.kind, self.namespace, self.name)
    }
}

/// When an event first happened (`firstTimestamp`, else `eventTime`).
pub fn event_first_seen(event: &Event) -> Option<DateTime<Utc>> {
    event
        .first_timestamp
        .as_ref()
        .map(time)
        .or_else(|| event.event_time.as_ref().map(micro_time))
        .or_else(|| event.last_timestamp.as_ref().map(time))
}

/// When an event last happened (`series.lastObservedTime`, `lastTimestamp`, else `eventTime`).
pub fn event_last_seen(event: &Event) -> Option<DateTime<Utc>> {
    event
        .series
        .as_ref()
        .and_then(|series| series.last_observed_time.as_ref())
        .map(micro_time)
        .or_else(|| event.last_timestamp.as_ref().map(time))
        .or_else(|| event.event_time.as_ref().map(micro_time))
        .or_else(|| event.first_timestamp.as_ref().map(time))
}

/// How many times an event happened (`series.count`, else `count`, else once).
pub fn event_count(event: &Event) -> i64 {
    event
        .series
        .as_ref()
        .and_then(|series| series.count)
        .or(event.count)
        .map(i64::from)
        .unwrap_or(1)
        .max(1)
}

fn event_key(kind: &str, namespace: Option<&str>, name: &str) -> String {
    format!("{kind}/{}/{name}", namespace.unwrap_or_default())
}

/// A snapshot with its events and ReplicaSets indexed by object, built once,
/// so that looking up a pod's events or owner costs the same for 10 pods as
/// for 10,000.
pub struct Index<'a> {
    pub snapshot: &'a ClusterSnapshot,
    /// By `kind/namespace/name`.
    events: HashMap<String, Vec<&'a Event>>,
    /// By `namespace/name`.
    replicasets: HashMap<String, &'a ReplicaSet>,
}

impl<'a> Index<'a> {
    pub fn new(snapshot: &'a ClusterSnapshot) -> Index<'a> {
        let mut events: HashMap<_, Vec<&Event>> = HashMap::new();
        for event in &snapshot.events {
            let about = &event.involved_object;
            if let (Some(kind), Some(name)) = (about.kind.as_deref(), about.name.as_deref()) {
                events
                    .entry(event_key(kind, about.namespace.as_deref(), name))
                    .or_default()
                    .push(event);
            }
        }
        let replicasets = snapshot
            .replicasets
            .iter()
            .map(|rs| (qualified(&rs.metadata), rs))
            .collect();
        Index {
            snapshot,
            events,
            replicasets,
        }
    }

    /// Events about one object (by kind, namespace and name).
    pub fn events_about(&self, kind: &str, meta: &ObjectMeta) -> &[&'a Event] {
        self.events
            .get(&event_key(kind, meta.namespace.as_deref(), name(meta)))
            .map_or(&[], Vec::as_slice)
    }

    /// The workload a pod belongs to, as `kubectl` would name it:
    /// `deployment/cors-api` (through its ReplicaSet), `statefulset/db`,
    /// `daemonset/agent`, `job/x`, or the pod itself.
    pub fn owner_of(&self, pod: &Pod) -> Workload {
        let namespace = pod.metadata.namespace.clone().unwrap_or_default();
        let Some(owner) = pod.metadata.owner_references.as_ref().and_then(|owners| {
            owners
                .iter()
                .find(|o| o.controller == Some(true))
                .or(owners.first())
        }) else {
            return Workload::new("pod", &namespace, name(&pod.metadata));
        };
        if owner.kind == "ReplicaSet" {
            let deployment = match self.replicasets.get(&format!("{namespace}/{}", owner.name)) {
                Some(rs) => rs
                    .metadata
                    .owner_references
                    .as_ref()
                    .and_then(|owners| owners.iter().find(|o| o.kind == "Deployment"))
                    .map(|o| o.name.clone()),
                // Without the ReplicaSet, the pod-template-hash suffix still names the Deployment.
                None => owner
                    .name
                    .rsplit_once('-')
                    .map(|(base, _)| base.to_string()),
            };
            if let Some(deployment) = deployment {
                return Workload::new("deployment", &namespace, &deployment);
            }
        }
        Workload::new(&owner.kind.to_lowercase(), &namespace, &owner.name)
    }
}
