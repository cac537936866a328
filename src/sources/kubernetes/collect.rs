//! Listing what a command needs: every kind concurrently, each in pages of
//! 500 (a 10,000-pod cluster never arrives in one response), each namespace
//! in scope in turn. Only list is sent. A kind the server lacks (404), may
//! not be listed (403), answers garbage or too late becomes a named gap; only
//! when nothing at all could be listed is the look an error.

use super::snapshot::ClusterSnapshot;
use super::{Target, describe_error};
use crate::sources::Gap;
use k8s_openapi::NamespaceResourceScope;
use k8s_openapi::api::apps::v1::{DaemonSet, Deployment, ReplicaSet, StatefulSet};
use k8s_openapi::api::autoscaling::v2::HorizontalPodAutoscaler;
use k8s_openapi::api::core::v1::{ConfigMap, Event, Namespace, Node, Pod};
use kube::api::{Api, ListParams, ObjectList};
use kube::{Client, Resource};
use serde::de::DeserializeOwned;
use std::fmt::Debug;
use tokio::time::Instant;

/// Items per page.
pub const PAGE_SIZE: u32 = 500;

/// The kinds a look can include.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Pods,
    Deployments,
    StatefulSets,
    DaemonSets,
    ReplicaSets,
    Events,
    Nodes,
    Hpas,
    ConfigMaps,
}

impl Kind {
    /// Every kind triage lists.
    pub const ALL: [Kind; 9] = [
        Kind::Pods,
        Kind::Events,
        Kind::ReplicaSets,
        Kind::Deployments,
        Kind::StatefulSets,
        Kind::DaemonSets,
        Kind::Nodes,
        Kind::Hpas,
        Kind::ConfigMaps,
    ];

    /// The resource as `kubectl get` names it.
    pub fn plural(self) -> &'static str {
        match self {
            Kind::Pods => "pods",
            Kind::Deployments => "deployments",
            Kind::StatefulSets => "statefulsets",
            Kind::DaemonSets => "daemonsets",
            Kind::ReplicaSets => "replicasets",
            Kind::Events => "events",
            Kind::Nodes => "nodes",
            Kind::Hpas => "horizontalpodautoscalers",
            Kind::ConfigMaps => "configmaps",
        }
    }
}

/// Lists `kinds` in the namespaces in scope (`None`: all) before `deadline`.
pub async fn snapshot(
    client: &Client,
    target: &Target,
    namespaces: Option<Vec<String>>,
    kinds: &[Kind],
    deadline: Instant,
) -> Result<ClusterSnapshot, String> {
    let namespaces = namespaces.map(|mut names| {
        names.sort();
        names.dedup();
        names
    });
    let mut snapshot = ClusterSnapshot {
        collected_at: chrono::Utc::now(),
        server: target.server(),
        context: target.context.clone(),
        namespaces: namespaces.clone(),
        ..ClusterSnapshot::default()
    };
    if let Some(names) = &namespaces {
        check_namespaces_exist(client, names, deadline).await?;
    }
    let scope = namespaces.as_deref();
    let wanted = |kind| kinds.contains(&kind);
    let (pods, deployments, statefulsets, daemonsets, replicasets, events, nodes, hpas, configmaps) = tokio::join!(
        when(
            wanted(Kind::Pods),
            namespaced::<Pod>(client, scope, deadline)
        ),
        when(
            wanted(Kind::Deployments),
            namespaced::<Deployment>(client, scope, deadline)
        ),
        when(
            wanted(Kind::StatefulSets),
            namespaced::<StatefulSet>(client, scope, deadline)
        ),
        when(
            wanted(Kind::DaemonSets),
            namespaced::<DaemonSet>(client, scope, deadline)
        ),
        when(
            wanted(Kind::ReplicaSets),
            namespaced::<ReplicaSet>(client, scope, deadline)
        ),
        when(
            wanted(Kind::Events),
            namespaced::<Event>(client, scope, deadline)
        ),
        when(wanted(Kind::Nodes), cluster_wide::<Node>(client, deadline)),
        when(
            wanted(Kind::Hpas),
            namespaced::<HorizontalPodAutoscaler>(client, scope, deadline)
        ),
        when(
            wanted(Kind::ConfigMaps),
            configmap_metadata(client, scope, deadline)
        ),
    );
    let mut gaps = Vec::new();
    snapshot.pods = settle(Kind::Pods, pods, &mut gaps);
    snapshot.deployments = settle(Kind::Deployments, deployments, &mut gaps);
    snapshot.statefulsets = settle(Kind::StatefulSets, statefulsets, &mut gaps);
    snapshot.daemonsets = settle(Kind::DaemonSets, daemonsets, &mut gaps);
    snapshot.replicasets = settle(Kind::ReplicaSets, replicasets, &mut gaps);
    snapshot.events = settle(Kind::Events, events, &mut gaps);
    snapshot.nodes = settle(Kind::Nodes, nodes, &mut gaps);
    snapshot.hpas = settle(Kind::Hpas, hpas, &mut gaps);
    snapshot.configmaps = settle(Kind::ConfigMaps, configmaps, &mut gaps);
    if gaps.len() == kinds.len() {
        // Nothing could be listed: one error (the first kind's), not a report of gaps.
        return Err(gaps.swap_remove(0).error);
    }
    snapshot.gaps = gaps;
    Ok(snapshot)
}

/// The objects of a kind that was listed, or nothing and a gap that says why.
fn settle<T>(kind: Kind, result: Option<Result<Vec<T>, String>>, gaps: &mut Vec<Gap>) -> Vec<T> {
    match result {
        Some(Ok(items)) => items,
        Some(Err(error)) => {
            gaps.push(Gap {
                what: format!("Kubernetes {}", kind.plural()),
                error,
            });
            Vec::new()
        }
        None => Vec::new(),
    }
}

/// A namespace that does not exist lists as empty: a typo in `-n` must not
/// read as "nothing wrong". A role that may not get namespaces is trusted.
async fn check_namespaces_exist(
    client: &Client,
    names: &[String],
    deadline: Instant,
) -> Result<(), String> {
    let api = Api::<Namespace>::all(client.clone());
    for name in names {
        match tokio::time::timeout_at(deadline, api.get_opt(name)).await {
            Ok(Ok(Some(_))) => {}
            Ok(Ok(None)) => {
                return Err(format!(
                    "namespace {name} does not exist (kubectl get namespaces lists them)"
                ));
            }
            Ok(Err(kube::Error::Api(status))) if status.code == 403 => {}
            Ok(Err(err)) => return Err(describe_error(&err)),
            Err(_) => return Err("no answer before --timeout".into()),
        }
    }
    Ok(())
}

async fn when<T>(wanted: bool, work: impl Future<Output = T>) -> Option<T> {
    if wanted { Some(work.await) } else { None }
}

/// Every object of a namespaced kind in the namespaces in scope.
async fn namespaced<K>(
    client: &Client,
    namespaces: Option<&[String]>,
    deadline: Instant,
) -> Result<Vec<K>, String>
where
    K: Resource<DynamicType = (), Scope = NamespaceResourceScope>
        + Clone
        + DeserializeOwned
        + Debug,
{
    let Some(namespaces) = namespaces else {
        return paged(Api::<K>::all(client.clone()), deadline, "all namespaces").await;
    };
    let mut items = Vec::new();
    for namespace in namespaces {
        let api = Api::<K>::namespaced(client.clone(), namespace);
        items.extend(paged(api, deadline, &format!("namespace {namespace}")).await?);
    }
    Ok(items)
}

async fn cluster_wide<K>(client: &Client, deadline: Instant) -> Result<Vec<K>, String>
where
    K: Resource<DynamicType = ()> + Clone + DeserializeOwned + Debug,
{
    paged(Api::<K>::all(client.clone()), deadline, "the cluster").await
}

/// One kind in one scope, page by page, before the deadline. A list that
/// expires midway (410: the continue token is too old on a busy cluster) is
/// started again once. `managedFields` are dropped as pages arrive: they are
/// most of an object's size, and only ReplicaSets' (rollbacks) and
/// ConfigMaps' (content changes) are read.
async fn paged<K>(api: Api<K>, deadline: Instant, scope: &str) -> Result<Vec<K>, String>
where
    K: Resource<DynamicType = ()> + Clone + DeserializeOwned + Debug,
{
    let keep_managed_fields = K::plural(&()) == "replicasets";
    page_through(K::plural(&()).as_ref(), scope, deadline, |params| {
        let api = api.clone();
        async move { api.list(&params).await }
    })
    .await
    .map(|items| {
        items
            .into_iter()
            .map(|mut item| {
                if !keep_managed_fields {
                    item.meta_mut().managed_fields = None;
                }
                item
            })
            .collect()
    })
}

/// Every page of a list: `list` is asked with `limit` and each `continue` token.
async fn page_through<T, F, Fut>(
    plural: &str,
    scope: &str,
    deadline: Instant,
    list: F,
) -> Result<Vec<T>, String>
where
    T: Clone,
    F: Fn(ListParams) -> Fut,
    Fut: Future<Output = kube::Result<ObjectList<T>>>,
{
    let mut restarted = false;
    let mut items = Vec::new();
    let mut params = ListParams::default().limit(PAGE_SIZE);
    loop {
        let page = match tokio::time::timeout_at(deadline, list(params.clone())).await {
            Ok(Ok(page)) => page,
            Ok(Err(kube::Error::Api(status))) if status.code == 410 && !restarted => {
                restarted = true;
                items.clear();
                params = ListParams::default().limit(PAGE_SIZE);
                continue;
            }
            Ok(Err(err)) => {
                return Err(format!(
                    "cannot list {plural} in {scope}: {}",
                    describe_error(&err)
                ));
            }
            Err(_) => {
                return Err(format!(
                    "cannot list {plural} in {scope}: no answer before --timeout"
                ));
            }
        };
        items.extend(page.items);
        match page.metadata.continue_.filter(|token| !token.is_empty()) {
            Some(token) => params = params.continue_token(&token),
            None => return Ok(items),
        }
    }
}

/// ConfigMaps' metadata only: when they changed, never what they hold.
async fn configmap_metadata(
    client: &Client,
    namespaces: Option<&[String]>,
    deadline: Instant,
) -> Result<Vec<k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta>, String> {
    let apis: Vec<(Api<ConfigMap>, String)> = match namespaces {
        None => vec![(Api::all(client.clone()), "all namespaces".into())],
        Some(names) => names
            .iter()
            .map(|ns| {
                (
                    Api::namespaced(client.clone(), ns),
                    format!("namespace {ns}"),
                )
            })
            .collect(),
    };
    let mut items = Vec::new();
    for (api, scope) in apis {
        let page = page_through("configmaps", &scope, deadline, |params| {
            let api = api.clone();
            async move { api.list_metadata(&params).await }
        });
        items.extend(page.await?.into_iter().map(|item| item.metadata));
    }
    Ok(items)
}
