//! `triage k8s pods|rollouts|events` against the Kubernetes API fixture
//! serving real-shaped objects (tests/fixtures/k8s/incident, shifted so the
//! incident is happening now): the seed-001 crash loop after a config change,
//! an OOM kill, an image pull failure, an unschedulable pod, a NotReady node
//! with evictions, an autoscaler at its maximum, and a healthy namespace.

use crate::support::kube_cluster::{
    FIXTURE_ANCHOR, Faults, KubeCluster, exec_plugin_script, load_fixtures,
};
use crate::support::{Outcome, Triage};
use std::path::Path;
use std::time::{Duration, Instant};

const TOKEN: &str = "fixture-token-canary-91c2";

fn incident() -> Vec<serde_json::Value> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/k8s/incident");
    load_fixtures(&dir, FIXTURE_ANCHOR.parse().unwrap(), chrono::Utc::now())
}

/// triage against the cluster with a kubeconfig whose default namespace is `api`.
fn k8s(cluster: &KubeCluster, args: &[&str]) -> Outcome {
    let triage = Triage::new();
    let kubeconfig = triage.home_file("kube/config", &cluster.kubeconfig(TOKEN, "api"));
    triage
        .args(args.iter().copied())
        .args(["--kubeconfig".as_ref(), kubeconfig.as_os_str()])
        .run()
}

fn json(outcome: &Outcome) -> serde_json::Value {
    serde_json::from_str(&outcome.stdout).unwrap_or_else(|err| panic!("{err}: {}", outcome.stdout))
}

fn finding_kinds(document: &serde_json::Value) -> Vec<String> {
    let mut kinds: Vec<String> = document["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap().to_string())
        .collect();
    kinds.sort();
    kinds.dedup();
    kinds
}

#[test]
fn pods_name_every_broken_thing_and_nothing_healthy() {
    let cluster = KubeCluster::start(incident());
    let outcome = k8s(&cluster, &["k8s", "pods", "-A"]);
    outcome
        .code(2)
        .stdout_has("3 of 3 pods of deployment api/cors-api: CrashLoopBackOff, container cors-api exited 1 (Error)")
        .stdout_has("deployment api/cors-api has 0 of 3 replicas available")
        .stdout_has("OOMKilled (memory limit 256Mi)")
        .stdout_has("ImagePullBackOff")
        .stdout_has("not scheduled (Unschedulable): 0/3 nodes are available")
        .stdout_has("node node-c is NotReady (Ready=Unknown")
        .stdout_has("node node-b is under MemoryPressure")
        .stdout_has("is at its maximum of 10 replicas")
        .stdout_has("evicted from node node-c")
        .stdout_has("/api/v1/namespaces/api/pods/cors-api-")
        .never_shows(TOKEN);
    let document = json(&k8s(&cluster, &["k8s", "pods", "-A", "-o", "json"]));
    assert_eq!(document["schema"], "triage.k8s-pods/v1");
    assert_eq!(
        finding_kinds(&document),
        [
            "crash_loop",
            "evicted",
            "hpa_at_max",
            "image_pull_failure",
            "no_available_replicas",
            "node_not_ready",
            "node_pressure",
            "oom_killed",
            "rollout_stalled",
            "unschedulable",
            "workload_not_ready"
        ]
    );
    // Every finding names the API path that showed it, and has an onset within the last hours.
    for finding in document["findings"].as_array().unwrap() {
        assert!(
            finding["shown_by"]["text"]
                .as_str()
                .unwrap()
                .starts_with("/api"),
            "{finding}"
        );
    }
    let crash = document["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["kind"] == "crash_loop")
        .unwrap();
    let onset: chrono::DateTime<chrono::Utc> = crash["onset"].as_str().unwrap().parse().unwrap();
    let age = chrono::Utc::now() - onset;
    assert!(
        age > chrono::Duration::minutes(20) && age < chrono::Duration::minutes(30),
        "{age}"
    );

    // The healthy namespace: nothing found, every pod listed with --all.
    let healthy = k8s(
        &cluster,
        &["k8s", "pods", "-n", "web", "--all", "-o", "json"],
    );
    healthy.code(0);
    let document = json(&healthy);
    assert!(document["findings"].as_array().unwrap().is_empty());
    assert_eq!(document["pods"].as_array().unwrap().len(), 3);
    assert_eq!(document["summary"], "nothing wrong found");
}

#[test]
fn rollouts_show_the_config_change_that_broke_every_pod() {
    let cluster = KubeCluster::start(incident());
    k8s(&cluster, &["k8s", "rollouts", "--since", "2h"])
        .code(2)
        .stdout_has("deployment api/cors-api revision 3 (was 2)")
        .stdout_has("3 of 3 new pods failing (CrashLoopBackOff); 0 of 3 replicas available")
        .stdout_has("env CORS_ORIGINS")
        .stdout_has(r#"["https://app.example.com","https://admin.example.com"]"#)
        .stdout_has("configmap api/cors-config changed at");
    let markdown = k8s(&cluster, &["k8s", "rollouts", "-o", "markdown"]);
    markdown
        .code(2)
        .stdout_has("### Rollouts")
        .stdout_has("**CRITICAL**");
    // Outside the window there is nothing to report.
    k8s(&cluster, &["k8s", "rollouts", "--since", "5m"])
        .code(0)
        .stdout_has("No rollout in the window.");
}

#[test]
fn warning_events_are_grouped_by_object_and_reason() {
    let cluster = KubeCluster::start(incident());
    let outcome = k8s(&cluster, &["k8s", "events", "-A", "-o", "json"]);
    outcome.code(2);
    let document = json(&outcome);
    let groups = document["events"].as_array().unwrap();
    let backoff: Vec<_> = groups
        .iter()
        .filter(|g| g["reason"] == "BackOff" && g["namespace"] == "api")
        .collect();
    assert_eq!(
        backoff.len(),
        3,
        "one group per crash-looping pod: {groups:#?}"
    );
    assert!(backoff.iter().all(|g| g["count"].as_i64().unwrap() >= 20));
    assert!(groups.iter().any(|g| g["reason"] == "FailedScheduling"));
    assert!(
        groups.iter().all(|g| g["reason"] != "Pulled"),
        "Normal events are not listed"
    );
    k8s(&cluster, &["k8s", "events", "-n", "web"])
        .code(0)
        .stdout_has("nothing wrong found");
}

#[test]
fn triage_only_lists_and_pages_through_big_collections() {
    let mut objects = incident();
    objects.push(serde_json::json!({"apiVersion": "v1", "kind": "Namespace",
        "metadata": {"name": "filler", "uid": "ns-filler", "creationTimestamp": "2026-11-21T12:00:00Z"},
        "status": {"phase": "Active"}}));
    // 1,234 more pods: three pages of 500.
    for index in 0..1234 {
        objects.push(serde_json::json!({
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": {"name": format!("filler-{index:04}"), "namespace": "filler", "uid": format!("uid-{index}"),
                         "creationTimestamp": "2026-11-21T12:00:00Z"},
            "spec": {"containers": [{"name": "app", "image": "busybox"}], "nodeName": "node-a"},
            "status": {"phase": "Running", "containerStatuses": [{"name": "app", "ready": true, "restartCount": 0,
                        "image": "busybox", "imageID": "", "state": {"running": {"startedAt": "2026-11-21T12:00:05Z"}}}]}
        }));
    }
    let cluster = KubeCluster::start(objects);
    let outcome = k8s(
        &cluster,
        &["k8s", "pods", "-n", "filler", "--all", "-o", "json"],
    );
    outcome.code(0);
    assert_eq!(json(&outcome)["pods"].as_array().unwrap().len(), 1234);
    let requests = cluster.requests.lock().unwrap().clone();
    let pod_pages: Vec<&String> = requests
        .iter()
        .filter(|r| r.contains("/namespaces/filler/pods"))
        .collect();
    assert_eq!(pod_pages.len(), 3, "{pod_pages:#?}");
    assert!(pod_pages.iter().all(|r| r.contains("limit=500")));
    assert!(pod_pages[1].contains("continue="));
    assert!(
        cluster.methods().iter().all(|m| m == "GET"),
        "{:?}",
        cluster.methods()
    );
}

#[test]
fn a_kind_that_cannot_be_listed_is_a_named_gap() {
    let faults = Faults {
        forbidden: vec!["events".into()],
        missing: vec!["horizontalpodautoscalers".into()],
        malformed: vec!["nodes".into()],
        ..Faults::default()
    };
    let cluster = KubeCluster::start_with(incident(), faults);
    k8s(&cluster, &["k8s", "pods", "-A"])
        .code(2)
        .stdout_has("Not checked: Kubernetes events: cannot list events in all namespaces: HTTP 403: events is forbidden")
        .stdout_has("Not checked: Kubernetes horizontalpodautoscalers: cannot list horizontalpodautoscalers in all namespaces: HTTP 404")
        .stdout_has("Not checked: Kubernetes nodes")
        .stdout_has("CrashLoopBackOff");
    // The healthy namespace with a gap is not "OK": it was not fully checked.
    k8s(&cluster, &["k8s", "pods", "-n", "web"])
        .code(3)
        .stdout_has("3 kinds not checked");
    // Nothing listable at all: one clear line.
    k8s(&cluster, &["k8s", "events", "-A"])
        .code(3)
        .one_error_line()
        .stderr_has("events is forbidden");
}

#[test]
fn bad_credentials_and_bad_kubeconfigs_get_one_clear_line() {
    let cluster = KubeCluster::start_with(
        incident(),
        Faults {
            token: Some("the-right-token".into()),
            ..Faults::default()
        },
    );
    k8s(&cluster, &["k8s", "pods"])
        .code(3)
        .one_error_line()
        .stderr_has("HTTP 401: authentication failed");
    Triage::new()
        .args(["k8s", "pods", "--kubeconfig", "/nonexistent/kubeconfig"])
        .run()
        .code(3)
        .one_error_line()
        .stderr_has("--kubeconfig: cannot read /nonexistent/kubeconfig");
    let triage = Triage::new();
    let kubeconfig = triage.home_file("kube/config", &cluster.kubeconfig(TOKEN, "api"));
    triage
        .args(["k8s", "pods", "--context", "nope", "--kubeconfig"])
        .args([kubeconfig])
        .run()
        .code(3)
        .one_error_line()
        .stderr_has("no context nope in the kubeconfig; its contexts: fixture (kubectl config get-contexts)");
    // The kubeconfig's current context points at a server that is down.
    let triage = Triage::new();
    let kubeconfig = triage.home_file(
        "kube/config",
        &cluster.kubeconfig_with_contexts(TOKEN, "api"),
    );
    triage
        .args(["--timeout", "5s", "k8s", "pods", "--kubeconfig"])
        .args([kubeconfig])
        .run()
        .code(3)
        .one_error_line()
        .stderr_has("connection refused");
    let triage = Triage::new();
    let garbage = triage.home_file("kube/config", "this: [is not: a kubeconfig");
    triage
        .args(["k8s", "pods", "--kubeconfig"])
        .args([garbage])
        .run()
        .code(3)
        .one_error_line()
        .stderr_has("cannot read kubeconfig");
}

#[test]
fn contexts_and_exec_plugins_are_resolved_as_kubectl_does() {
    let cluster = KubeCluster::start(incident());
    let triage = Triage::new();
    let kubeconfig = triage.home_file(
        "kube/config",
        &cluster.kubeconfig_with_contexts(TOKEN, "web"),
    );
    triage
        .args(["k8s", "pods", "--context", "fixture", "--kubeconfig"])
        .args([kubeconfig])
        .run()
        .code(0)
        .stdout_has("(context fixture)")
        .stdout_has("Namespaces: web");

    let triage = Triage::new();
    let script = triage.home_file(
        "bin/credential-plugin",
        &exec_plugin_script("plugin-canary-token-55"),
    );
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let kubeconfig = triage.home_file("kube/config", &cluster.kubeconfig_with_exec(&script, "web"));
    triage
        .args(["-vvv", "k8s", "pods"])
        .env("KUBECONFIG", kubeconfig)
        .run()
        .code(0)
        .never_shows("plugin-canary-token-55");

    // KUBECONFIG as kubectl reads it: a list, files that don't exist skipped, the first to set a value wins.
    let triage = Triage::new();
    let first = triage.home_file("kube/first", &cluster.kubeconfig(TOKEN, "web"));
    let second = triage.home_file("kube/second", &cluster.kubeconfig(TOKEN, "api"));
    let missing = triage.home_file("kube/placeholder", "");
    std::fs::remove_file(&missing).unwrap();
    let list = std::env::join_paths([missing, first, second]).unwrap();
    triage
        .args(["k8s", "pods"])
        .env("KUBECONFIG", list)
        .run()
        .code(0)
        .stdout_has("Namespaces: web");
}

#[test]
fn a_hanging_api_server_is_bounded_by_the_timeout() {
    let cluster = KubeCluster::start_with(
        incident(),
        Faults {
            hanging: vec!["pods".into()],
            ..Faults::default()
        },
    );
    let started = Instant::now();
    k8s(&cluster, &["--timeout", "3s", "k8s", "pods", "-n", "web"])
        .code(3)
        .stdout_has("Not checked: Kubernetes pods: cannot list pods in namespace web: no answer before --timeout");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn a_namespace_that_does_not_exist_is_not_a_healthy_one() {
    let cluster = KubeCluster::start(incident());
    k8s(&cluster, &["k8s", "pods", "-n", "ap1"])
        .code(3)
        .one_error_line()
        .stderr_has("namespace ap1 does not exist (kubectl get namespaces lists them)");
    // The same namespace twice is looked at once.
    let document = json(&k8s(
        &cluster,
        &["k8s", "pods", "-n", "api", "-n", "api", "-o", "json"],
    ));
    assert_eq!(document["namespaces"], serde_json::json!(["api"]));
    let crash = document["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["kind"] == "crash_loop")
        .unwrap();
    assert!(
        crash["summary"]
            .as_str()
            .unwrap()
            .starts_with("3 of 3 pods"),
        "{crash}"
    );
}

#[test]
fn secrets_in_a_pod_template_never_reach_the_report() {
    let mut objects = incident();
    // The new revision also sets a literal password and a URL with credentials.
    for object in &mut objects {
        if object["metadata"]["name"] == "cors-api-5c6b7d8e9f" {
            let env = object["spec"]["template"]["spec"]["containers"][0]["env"]
                .as_array_mut()
                .unwrap();
            env.push(serde_json::json!({"name": "DB_PASS", "value": "canary-db-pass-3e1"}));
            env.push(serde_json::json!({"name": "DATABASE_URL",
                                         "value": "postgres://app:canary-url-pw-9f2@db:5432/orders"}));
        }
    }
    let cluster = KubeCluster::start(objects);
    for (format, shown) in [
        ("table", "env DB_PASS (added) = (hidden)"),
        ("markdown", "env DB_PASS (added) = (hidden)"),
        ("json", r#""after": "(hidden)""#),
    ] {
        k8s(&cluster, &["-vvv", "k8s", "rollouts", "-o", format])
            .code(2)
            .stdout_has(shown)
            .stdout_has("postgres://***@db:5432/orders")
            .never_shows("canary-db-pass-3e1")
            .never_shows("canary-url-pw-9f2");
    }
}
