//! What is wrong with pods: crash loops (with the last termination's reason
//! and exit code), OOM kills, image pulls, container config errors, probe
//! failures, unschedulable pods and evictions. Pods are grouped by the
//! workload that owns them: "3 of 3 pods of deployment api/cors-api", not three findings.

use super::kinds;
use super::objects::{self, Index, Workload};
use crate::analyze::text::one_line;
use crate::analyze::{Finding, Severity, ShownBy};
use crate::sources::kubernetes::snapshot::{ClusterSnapshot, time};
use chrono::{DateTime, Utc};
use k8s_openapi::api::core::v1::{ContainerStatus, Pod};
use serde::Serialize;
use std::collections::BTreeMap;

/// One pod as `kubectl get pods` shows it, with the facts that explain its state.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PodRow {
    pub namespace: String,
    pub name: String,
    pub workload: Workload,
    /// `1/2`: ready containers of all.
    pub ready: String,
    /// kubectl's STATUS column: `CrashLoopBackOff`, `ImagePullBackOff`, `Running`, `Evicted`…
    pub status: String,
    pub restarts: i32,
    pub node: Option<String>,
    /// `Error (exit 1) at 2026-…`: the last termination of the container that restarted most.
    pub last_termination: Option<String>,
    pub created: Option<DateTime<Utc>>,
    /// What is wrong with it, if anything (finding kinds).
    pub problems: Vec<&'static str>,
}

/// A problem of one pod, before grouping by workload.
struct Problem {
    kind: &'static str,
    severity: Severity,
    /// What it is, said of one pod: "CrashLoopBackOff: container cors-api exited 1 (Error)".
    detail: String,
    since: Option<DateTime<Utc>>,
}

pub fn pod_rows(snapshot: &ClusterSnapshot) -> Vec<PodRow> {
    let cluster = Index::new(snapshot);
    let mut rows: Vec<PodRow> = snapshot
        .pods
        .iter()
        .map(|pod| {
            let problems = problems(pod, &cluster);
            row(pod, &cluster, problems.iter().map(|p| p.kind).collect())
        })
        .collect();
    rows.sort_by(|a, b| (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name)));
    rows
}

/// One finding per workload and kind of problem.
pub fn pod_findings(snapshot: &ClusterSnapshot) -> Vec<Finding> {
    // (workload, kind) → (severity, pods with it, example detail, earliest since, a pod's API path)
    let mut groups: BTreeMap<(Workload, &'static str), Group> = BTreeMap::new();
    let mut pods_of: BTreeMap<Workload, usize> = BTreeMap::new();
    let cluster = Index::new(snapshot);
    // In name order, so each group's example pod is the same whatever order the API listed them in.
    let mut pods: Vec<&Pod> = snapshot.pods.iter().collect();
    pods.sort_by(|a, b| {
        (&a.metadata.namespace, &a.metadata.name).cmp(&(&b.metadata.namespace, &b.metadata.name))
    });
    for pod in pods {
        let workload = cluster.owner_of(pod);
        *pods_of.entry(workload.clone()).or_default() += 1;
        for problem in problems(pod, &cluster) {
            let group = groups
                .entry((workload.clone(), problem.kind))
                .or_insert_with(|| Group {
                    severity: problem.severity,
                    pods: 0,
                    detail: problem.detail.clone(),
                    since: problem.since,
                    path: objects::pod_path(pod),
                });
            group.pods += 1;
            group.severity = group.severity.max(problem.severity);
            if problem.since < group.since || group.since.is_none() {
                group.since = problem.since.or(group.since);
            }
        }
    }
    groups
        .into_iter()
        .map(|((workload, kind), group)| {
            let of = pods_of.get(&workload).copied().unwrap_or(group.pods);
            let who = if workload.kind == "pod" {
                format!("pod {}/{}", workload.namespace, workload.name)
            } else {
                format!("{} of {of} pod{} of {workload}", group.pods, plural(of))
            };
            Finding::observed(
                kind,
                &format!("{}/{}", workload.namespace, workload.name),
                group.severity,
                format!("{who}: {}", group.detail),
                group.pods as f64,
                group.since,
                ShownBy::ApiPath(group.path),
            )
        })
        .collect()
}

struct Group {
    severity: Severity,
    pods: usize,
    detail: String,
    since: Option<DateTime<Utc>>,
    path: String,
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The kinds of problem a pod has (empty: healthy).
pub fn problem_kinds(pod: &Pod, cluster: &Index<'_>) -> Vec<&'static str> {
    problems(pod, cluster).iter().map(|p| p.kind).collect()
}

/// Facts older than this are history, not the incident: an OOM kill or an
/// eviction from yesterday stays in the pod's status until it restarts or is
/// collected, and must not raise the exit code of every run.
pub const RECENT: chrono::Duration = chrono::Duration::hours(1);
/// A container that restarted this often, last within `CRASH_RECENT`, is crash-looping even while it runs.
const CRASH_RESTARTS: i32 = 3;
const CRASH_RECENT: chrono::Duration = chrono::Duration::minutes(15);
/// Not ready this long, with probes failing lately: a pod warming up is not a problem.
const PROBE_GRACE: chrono::Duration = chrono::Duration::minutes(2);
const PROBE_RECENT: chrono::Duration = chrono::Duration::minutes(5);

fn problems(pod: &Pod, cluster: &Index<'_>) -> Vec<Problem> {
    let mut problems = Vec::new();
    let now = cluster.snapshot.collected_at;
    // A pod being deleted (the old pods of a finished rollout) is going away as asked.
    if pod.metadata.deletion_timestamp.is_some() {
        return problems;
    }
    let status = pod.status.as_ref();
    let phase = status.and_then(|s| s.phase.as_deref()).unwrap_or("Unknown");
    let reason = status.and_then(|s| s.reason.as_deref());
    if phase == "Failed" && reason == Some("Evicted") {
        let since = condition_time(pod, "DisruptionTarget")
            .or_else(|| first_event(cluster, pod, &["Evicted"]));
        if since.is_none_or(|at| now - at <= RECENT) {
            problems.push(Problem {
                kind: kinds::EVICTED,
                severity: Severity::Warning,
                detail: format!(
                    "evicted{}: {}",
                    pod.spec
                        .as_ref()
                        .and_then(|s| s.node_name.as_deref())
                        .map(|node| format!(" from node {node}"))
                        .unwrap_or_default(),
                    one_line(
                        status
                            .and_then(|s| s.message.as_deref())
                            .unwrap_or("no message")
                    )
                ),
                since,
            });
        }
        return problems;
    }
    // A finished pod (a Job's) is done: what it went through is its Job's business.
    if phase == "Succeeded" {
        return problems;
    }
    let containers = status
        .and_then(|s| s.container_statuses.as_ref())
        .into_iter()
        .flatten()
        .chain(
            status
                .and_then(|s| s.init_container_statuses.as_ref())
                .into_iter()
                .flatten(),
        );
    for container in containers {
        problems.extend(container_problems(pod, container, cluster));
    }
    if phase == "Pending" {
        if let Some(condition) = status
            .and_then(|s| s.conditions.as_ref())
            .into_iter()
            .flatten()
            .find(|c| c.type_ == "PodScheduled" && c.status == "False")
        {
            problems.push(Problem {
                kind: kinds::UNSCHEDULABLE,
                severity: Severity::Warning,
                detail: format!(
                    "pending, not scheduled ({}): {}",
                    condition.reason.as_deref().unwrap_or("no reason"),
                    one_line(
                        condition
                            .message
                            .as_deref()
                            .unwrap_or("no message from the scheduler")
                    )
                ),
                since: condition.last_transition_time.as_ref().map(time),
            });
        }
    }
    // Running but not ready for a while, with the kubelet's recent probe failures as the reason.
    if phase == "Running" && problems.is_empty() {
        let not_ready_since = status
            .and_then(|s| s.conditions.as_ref())
            .into_iter()
            .flatten()
            .find(|c| c.type_ == "Ready" && c.status == "False")
            .and_then(|c| c.last_transition_time.as_ref())
            .map(time);
        let probe_failures: Vec<_> = cluster
            .events_about("Pod", &pod.metadata)
            .iter()
            .filter(|e| e.reason.as_deref() == Some("Unhealthy"))
            .filter(|e| objects::event_last_seen(e).is_some_and(|at| now - at <= PROBE_RECENT))
            .collect();
        let count: i64 = probe_failures.iter().map(|e| objects::event_count(e)).sum();
        let latest = probe_failures
            .iter()
            .max_by_key(|e| (objects::event_last_seen(e), e.message.clone()));
        if let (Some(since), Some(latest)) = (not_ready_since, latest) {
            if now - since >= PROBE_GRACE && count > 1 {
                problems.push(Problem {
                    kind: kinds::PROBE_FAILURE,
                    severity: Severity::Warning,
                    detail: format!(
                        "running but not ready, probes failed {count} times: {}",
                        one_line(latest.message.as_deref().unwrap_or("no message"))
                    ),
                    since: Some(since),
                });
            }
        }
    }
    problems
}

/// When one of the pod's conditions last changed.
fn condition_time(pod: &Pod, kind: &str) -> Option<DateTime<Utc>> {
    pod.status
        .as_ref()?
        .conditions
        .as_ref()?
        .iter()
        .find(|c| c.type_ == kind)?
        .last_transition_time
        .as_ref()
        .map(time)
}

fn container_problems(pod: &Pod, container: &ContainerStatus, cluster: &Index<'_>) -> Vec<Problem> {
    let mut problems = Vec::new();
    let now = cluster.snapshot.collected_at;
    let waiting = container.state.as_ref().and_then(|s| s.waiting.as_ref());
    let waiting_reason = waiting.and_then(|w| w.reason.as_deref()).unwrap_or("");
    let waiting_message = || {
        one_line(
            waiting
                .and_then(|w| w.message.as_deref())
                .unwrap_or("no message"),
        )
    };
    let last = container
        .last_state
        .as_ref()
        .and_then(|s| s.terminated.as_ref());
    let current = container.state.as_ref().and_then(|s| s.terminated.as_ref());
    let name = &container.name;
    let termination = last.or(current).map(|t| {
        format!(
            "exited {} ({}){}",
            t.exit_code,
            t.reason.as_deref().unwrap_or("no reason"),
            t.finished_at
                .as_ref()
                .map(|at| format!(" at {}", crate::report::time(time(at))))
                .unwrap_or_default()
        )
    });
    // Crash-looping: backing off now, or restarted often and failed lately (a
    // container that runs for minutes before it dies is often "running" when looked at).
    let failed_lately = last.is_some_and(|t| {
        t.exit_code != 0
            && t.finished_at
                .as_ref()
                .is_some_and(|at| now - time(at) <= CRASH_RECENT)
    });
    let crash_looping = waiting_reason == "CrashLoopBackOff"
        || (container.restart_count >= CRASH_RESTARTS && failed_lately);
    if crash_looping {
        problems.push(Problem {
            kind: kinds::CRASH_LOOP,
            severity: Severity::Critical,
            detail: format!(
                "{}, container {name} {}, restarted {} times",
                if waiting_reason == "CrashLoopBackOff" {
                    "CrashLoopBackOff"
                } else {
                    "restarting repeatedly"
                },
                termination
                    .clone()
                    .unwrap_or_else(|| "has not said why it exited".into()),
                container.restart_count
            ),
            since: first_event(cluster, pod, &["BackOff"])
                .or_else(|| last.and_then(|t| t.started_at.as_ref()).map(time)),
        });
    }
    match waiting_reason {
        "ImagePullBackOff" | "ErrImagePull" | "InvalidImageName" | "ErrImageNeverPull"
        | "ImageInspectError" => problems.push(Problem {
            kind: kinds::IMAGE_PULL,
            severity: Severity::Critical,
            detail: format!(
                "{waiting_reason}, container {name} cannot pull {}: {}",
                container.image,
                waiting_message()
            ),
            since: first_event(cluster, pod, &["Failed", "BackOff"])
                .or_else(|| pod.metadata.creation_timestamp.as_ref().map(time)),
        }),
        "CreateContainerConfigError" | "CreateContainerError" | "RunContainerError" => problems
            .push(Problem {
                kind: kinds::CONTAINER_CONFIG,
                severity: Severity::Critical,
                detail: format!("{waiting_reason}, container {name}: {}", waiting_message()),
                since: first_event(cluster, pod, &["Failed"])
                    .or_else(|| pod.metadata.creation_timestamp.as_ref().map(time)),
            }),
        _ => {}
    }
    let recent_oom = last.or(current).filter(|t| {
        t.reason.as_deref() == Some("OOMKilled")
            && t.finished_at
                .as_ref()
                .is_none_or(|at| now - time(at) <= RECENT)
    });
    if let Some(oom) = recent_oom {
        let spec = pod.spec.as_ref();
        let limit = spec
            .into_iter()
            .flat_map(|spec| {
                spec.containers
                    .iter()
                    .chain(spec.init_containers.iter().flatten())
            })
            .find(|c| &c.name == name)
            .and_then(|c| c.resources.as_ref())
            .and_then(|r| r.limits.as_ref())
            .and_then(|limits| limits.get("memory"))
            .map(|quantity| format!(" (memory limit {})", quantity.0))
            .unwrap_or_default();
        problems.push(Problem {
            kind: kinds::OOM_KILLED,
            severity: if crash_looping {
                Severity::Critical
            } else {
                Severity::Warning
            },
            detail: format!(
                "container {name} was OOMKilled{limit} (exit {}), restarted {} times",
                oom.exit_code, container.restart_count
            ),
            since: oom.finished_at.as_ref().map(time),
        });
    }
    problems
}

/// When the first of these events about the pod happened.
fn first_event(cluster: &Index<'_>, pod: &Pod, reasons: &[&str]) -> Option<DateTime<Utc>> {
    cluster
        .events_about("Pod", &pod.metadata)
        .iter()
        .filter(|e| e.reason.as_deref().is_some_and(|r| reasons.contains(&r)))
        .filter_map(|e| objects::event_first_seen(e))
        .min()
}

fn row(pod: &Pod, cluster: &Index<'_>, problems: Vec<&'static str>) -> PodRow {
    let status = pod.status.as_ref();
    let containers: Vec<&ContainerStatus> = status
        .and_then(|s| s.container_statuses.as_ref())
        .into_iter()
        .flatten()
        .collect();
    let total = pod
        .spec
        .as_ref()
        .map_or(containers.len(), |s| s.containers.len());
    let ready = containers.iter().filter(|c| c.ready).count();
    let restarts = containers.iter().map(|c| c.restart_count).sum();
    let most_restarted = containers.iter().max_by_key(|c| c.restart_count);
    PodRow {
        namespace: pod.metadata.namespace.clone().unwrap_or_default(),
        name: objects::name(&pod.metadata).to_string(),
        workload: cluster.owner_of(pod),
        ready: format!("{ready}/{total}"),
        status: kubectl_status(pod),
        restarts,
        node: pod.spec.as_ref().and_then(|s| s.node_name.clone()),
        last_termination: most_restarted
            .and_then(|c| c.last_state.as_ref())
            .and_then(|s| s.terminated.as_ref())
            .map(|t| {
                format!(
                    "{} (exit {}){}",
                    t.reason.as_deref().unwrap_or("terminated"),
                    t.exit_code,
                    t.finished_at
                        .as_ref()
                        .map(|at| format!(" at {}", crate::report::time(time(at))))
                        .unwrap_or_default()
                )
            }),
        created: pod.metadata.creation_timestamp.as_ref().map(time),
        problems,
    }
}

/// The STATUS `kubectl get pods` prints: a waiting or terminated reason, else the phase.
pub fn kubectl_status(pod: &Pod) -> String {
    let status = pod.status.as_ref();
    if pod.metadata.deletion_timestamp.is_some() {
        return "Terminating".into();
    }
    if let Some(reason) = status.and_then(|s| s.reason.as_deref()) {
        return reason.into();
    }
    // An init container that has not finished explains the pod, as kubectl's Init:… statuses do.
    for container in status
        .and_then(|s| s.init_container_statuses.as_ref())
        .into_iter()
        .flatten()
    {
        let state = container.state.as_ref();
        if let Some(reason) = state
            .and_then(|s| s.waiting.as_ref())
            .and_then(|w| w.reason.as_deref())
            .filter(|reason| *reason != "PodInitializing")
        {
            return format!("Init:{reason}");
        }
        if let Some(terminated) = state.and_then(|s| s.terminated.as_ref()) {
            if terminated.exit_code != 0 {
                return format!("Init:{}", terminated.reason.as_deref().unwrap_or("Error"));
            }
        }
    }
    let containers = status
        .and_then(|s| s.container_statuses.as_ref())
        .into_iter()
        .flatten();
    for container in containers {
        let state = container.state.as_ref();
        if let Some(reason) = state
            .and_then(|s| s.waiting.as_ref())
            .and_then(|w| w.reason.as_deref())
        {
            return reason.into();
        }
        if let Some(reason) = state
            .and_then(|s| s.terminated.as_ref())
            .and_then(|t| t.reason.as_deref())
        {
            return reason.into();
        }
    }
    status
        .and_then(|s| s.phase.clone())
        .unwrap_or_else(|| "Unknown".into())
}
