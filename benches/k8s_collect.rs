//! How long `triage k8s pods -A` and `triage k8s events -A` take on a big
//! cluster: 10,000 pods and 20,000 events served by the Kubernetes API fixture
//! in pages of 500 (the target: collected and analysed in under 3 s
//! and under 300 MB of memory).
//!
//! Run: `cargo bench --bench k8s_collect`. It prints the wall time and peak
//! memory (max RSS) of each run, then the medians, and fails above the targets.

// The integration tests' helpers: the API fixture and the hermetic `triage` runner.
#[allow(dead_code)]
#[path = "../tests/integration/support/mod.rs"]
mod support;

use std::time::{Duration, Instant};
use support::kube_cluster::KubeCluster;

const PODS: usize = 10_000;
const EVENTS: usize = 20_000;
const NAMESPACES: usize = 20;
const RUNS: usize = 5;

fn main() {
    let generated = Instant::now();
    let objects = cluster_objects();
    eprintln!(
        "generated {PODS} pods, {EVENTS} events in {NAMESPACES} namespaces in {:.1} s",
        generated.elapsed().as_secs_f64()
    );
    let cluster = KubeCluster::start(objects);
    let home = tempfile::tempdir().unwrap();
    let kubeconfig = home.path().join("kubeconfig");
    std::fs::write(&kubeconfig, cluster.kubeconfig("bench-token", "ns-0")).unwrap();
    let mut worst_rss = 0;
    for view in ["pods", "events"] {
        let mut times = Vec::new();
        for _ in 0..RUNS {
            let started = Instant::now();
            let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_triage"))
                .args([
                    "--timeout",
                    "60s",
                    "k8s",
                    view,
                    "-A",
                    "-o",
                    "json",
                    "--kubeconfig",
                ])
                .arg(&kubeconfig)
                .env("HOME", home.path())
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("triage runs");
            // The kernel's high-water mark of the child's own memory, read until it
            // exits (getrusage would also count the copy of this process a fork shares).
            let mut rss = 0;
            let status = loop {
                if let Some(status) = child.try_wait().unwrap() {
                    break status;
                }
                rss = rss.max(peak_rss_mb(child.id()));
                std::thread::sleep(Duration::from_millis(5));
            };
            let elapsed = started.elapsed();
            worst_rss = worst_rss.max(rss);
            assert!(
                status.code() == Some(2),
                "k8s {view}: {status}\n{}",
                std::io::read_to_string(child.stderr.take().unwrap()).unwrap_or_default()
            );
            eprintln!(
                "k8s {view} -A: {:.2} s, peak RSS {rss} MB",
                elapsed.as_secs_f64()
            );
            times.push(elapsed);
        }
        times.sort();
        let median = times[RUNS / 2];
        println!(
            "k8s_collect: triage k8s {view} -A over {PODS} pods / {EVENTS} events: median {:.2} s, min {:.2} s (target < 3 s)",
            median.as_secs_f64(),
            times[0].as_secs_f64()
        );
        assert!(
            median < Duration::from_secs(3),
            "k8s {view} over the 3 s target"
        );
    }
    println!("k8s_collect: peak RSS of any run {worst_rss} MB (target < 300 MB)");
    assert!(worst_rss < 300, "over the 300 MB target");
}

/// A running process's peak resident set (VmHWM), in MB; 0 once it is gone.
fn peak_rss_mb(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|line| line.strip_prefix("VmHWM:"))
                .and_then(|kb| kb.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        })
        .map_or(0, |kb| kb / 1024)
}

/// Pods of 50 deployments per namespace (a few crash-looping), and events about them.
fn cluster_objects() -> Vec<serde_json::Value> {
    let now = chrono::Utc::now();
    let at = |seconds: i64| (now - chrono::Duration::seconds(seconds)).to_rfc3339();
    let mut objects = Vec::with_capacity(PODS + EVENTS);
    for index in 0..PODS {
        let namespace = format!("ns-{}", index % NAMESPACES);
        let deployment = format!("app-{}", index % 50);
        let crashing = index % 97 == 0;
        let state = if crashing {
            serde_json::json!({"waiting": {"reason": "CrashLoopBackOff", "message": "back-off 5m0s restarting failed container"}})
        } else {
            serde_json::json!({"running": {"startedAt": at(3600)}})
        };
        objects.push(serde_json::json!({
            "apiVersion": "v1", "kind": "Pod",
            "metadata": {
                "name": format!("{deployment}-5c6b7d8e9f-{index:05}"), "namespace": namespace,
                "uid": format!("pod-{index}"), "resourceVersion": format!("{}", 1000 + index),
                "creationTimestamp": at(7200),
                "labels": {"app": deployment, "pod-template-hash": "5c6b7d8e9f"},
                "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": format!("{deployment}-5c6b7d8e9f"),
                                     "uid": format!("rs-{deployment}"), "controller": true, "blockOwnerDeletion": true}]
            },
            "spec": {"nodeName": format!("node-{}", index % 40), "containers": [{"name": "app", "image": "registry.example.com/app:1.0",
                     "resources": {"limits": {"cpu": "500m", "memory": "256Mi"}, "requests": {"cpu": "100m", "memory": "128Mi"}}}]},
            "status": {
                "phase": "Running", "podIP": "10.0.0.1", "hostIP": "10.1.0.1", "startTime": at(7200), "qosClass": "Burstable",
                "conditions": [{"type": "Ready", "status": if crashing { "False" } else { "True" }, "lastTransitionTime": at(3600)}],
                "containerStatuses": [{"name": "app", "image": "registry.example.com/app:1.0", "imageID": "sha256:abc",
                    "ready": !crashing, "started": !crashing, "restartCount": if crashing { 7 } else { 0 },
                    "containerID": "containerd://0123", "state": state,
                    "lastState": if crashing { serde_json::json!({"terminated": {"exitCode": 1, "reason": "Error", "startedAt": at(120), "finishedAt": at(100)}}) } else { serde_json::json!({}) }}]
            }
        }));
    }
    for index in 0..EVENTS {
        let pod = index % PODS;
        let namespace = format!("ns-{}", pod % NAMESPACES);
        let deployment = format!("app-{}", pod % 50);
        let warning = index % 3 == 0;
        objects.push(serde_json::json!({
            "apiVersion": "v1", "kind": "Event",
            "metadata": {"name": format!("{deployment}.{index:x}"), "namespace": namespace, "uid": format!("ev-{index}"),
                         "resourceVersion": format!("{}", 50_000 + index), "creationTimestamp": at(600)},
            "involvedObject": {"kind": "Pod", "namespace": namespace, "name": format!("{deployment}-5c6b7d8e9f-{pod:05}"),
                               "uid": format!("pod-{pod}"), "apiVersion": "v1", "fieldPath": "spec.containers{app}"},
            "reason": if warning { "BackOff" } else { "Pulled" },
            "message": if warning { "Back-off restarting failed container app" } else { "Container image already present on machine" },
            "source": {"component": "kubelet", "host": format!("node-{}", pod % 40)},
            "firstTimestamp": at(900), "lastTimestamp": at(60), "count": 1 + (index % 30),
            "type": if warning { "Warning" } else { "Normal" },
            "reportingComponent": "kubelet", "reportingInstance": format!("node-{}", pod % 40)
        }));
    }
    objects
}
