//! The fixture Kubernetes cluster (support/kube_cluster.rs) and the incident
//! fixtures it serves: raw HTTP against the server, kube-rs typed clients
//! against it, and the shape and consistency of tests/fixtures/k8s/incident.

use crate::support::Triage;
use crate::support::kube_cluster::{
    FIXTURE_ANCHOR, Faults, KubeCluster, exec_plugin_script, load_fixtures,
};
use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/k8s/incident")
}

fn anchor() -> DateTime<Utc> {
    FIXTURE_ANCHOR.parse().unwrap()
}

fn incident() -> Vec<Value> {
    load_fixtures(&fixture_dir(), anchor(), Utc::now())
}

struct Response {
    status: u16,
    headers: HashMap<String, String>,
    body: String,
}

impl Response {
    #[track_caller]
    fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|err| panic!("{err}: HTTP {} {}", self.status, self.body))
    }

    /// A `Status` answer: checks its shape, returns its message.
    #[track_caller]
    fn status_failure(&self, code: u16, reason: &str) -> String {
        assert_eq!(self.status, code, "{}", self.body);
        let status = self.json();
        assert_eq!(status["kind"], "Status", "{status}");
        assert_eq!(status["apiVersion"], "v1", "{status}");
        assert_eq!(status["status"], "Failure", "{status}");
        assert_eq!(status["reason"], reason, "{status}");
        assert_eq!(status["code"], code, "{status}");
        status["message"].as_str().unwrap().to_string()
    }
}

fn port(cluster: &KubeCluster) -> u16 {
    cluster.url().rsplit(':').next().unwrap().parse().unwrap()
}

fn connect(cluster: &KubeCluster) -> TcpStream {
    let stream = TcpStream::connect(("127.0.0.1", port(cluster))).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream
}

fn send(stream: &mut TcpStream, method: &str, target: &str, headers: &[(&str, &str)], body: &str) {
    let mut request = format!("{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    if !body.is_empty() {
        request.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    request.push_str("\r\n");
    request.push_str(body);
    stream.write_all(request.as_bytes()).unwrap();
}

fn read_response(reader: &mut BufReader<TcpStream>) -> Response {
    let mut status_line = String::new();
    reader.read_line(&mut status_line).unwrap();
    let status = status_line
        .split_whitespace()
        .nth(1)
        .unwrap_or_else(|| panic!("no status line: {status_line:?}"))
        .parse()
        .unwrap();
    let mut headers = HashMap::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':').unwrap();
        headers.insert(name.to_ascii_lowercase(), value.trim().to_string());
    }
    let length: usize = headers["content-length"].parse().unwrap();
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    Response {
        status,
        headers,
        body: String::from_utf8(body).unwrap(),
    }
}

/// One request on a fresh connection.
fn request(
    cluster: &KubeCluster,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
) -> Response {
    let mut stream = connect(cluster);
    send(&mut stream, method, target, headers, "");
    read_response(&mut BufReader::new(stream))
}

fn get(cluster: &KubeCluster, target: &str) -> Response {
    request(cluster, "GET", target, &[])
}

/// A list's items as "namespace/name" (or "name" when cluster-scoped).
#[track_caller]
fn names(list: &Value) -> Vec<String> {
    list["items"]
        .as_array()
        .unwrap_or_else(|| panic!("not a list: {list}"))
        .iter()
        .map(|item| {
            let metadata = &item["metadata"];
            match metadata["namespace"].as_str() {
                Some(namespace) => format!("{namespace}/{}", metadata["name"].as_str().unwrap()),
                None => metadata["name"].as_str().unwrap().to_string(),
            }
        })
        .collect()
}

#[track_caller]
fn list_names(cluster: &KubeCluster, target: &str) -> Vec<String> {
    let response = get(cluster, target);
    assert_eq!(response.status, 200, "{target}: {}", response.body);
    names(&response.json())
}

#[test]
fn kube_cluster_pages_with_continue_tokens_through_every_item() {
    let cluster = KubeCluster::start(incident());
    let all = get(&cluster, "/api/v1/pods").json();
    assert_eq!(all["kind"], "PodList");
    assert_eq!(all["apiVersion"], "v1");
    assert!(
        all["metadata"]["resourceVersion"]
            .as_str()
            .unwrap()
            .parse::<u64>()
            .unwrap()
            > 1
    );
    assert!(
        all["metadata"].get("continue").is_none(),
        "{}",
        all["metadata"]
    );
    for item in all["items"].as_array().unwrap() {
        assert_eq!(
            (&item["apiVersion"], &item["kind"]),
            (&json!("v1"), &json!("Pod"))
        );
    }
    let all_names = names(&all);
    assert_eq!(all_names.len(), 23, "{all_names:?}");
    let mut sorted = all_names.clone();
    sorted.sort();
    assert_eq!(all_names, sorted, "items in (namespace, name) order");

    let mut paged = Vec::new();
    let mut token: Option<String> = None;
    let mut pages = 0;
    loop {
        let target = match &token {
            None => "/api/v1/pods?limit=2".to_string(),
            Some(token) => format!("/api/v1/pods?limit=2&continue={token}"),
        };
        let page = get(&cluster, &target);
        assert_eq!(page.status, 200, "{}", page.body);
        let page = page.json();
        let items = names(&page);
        assert!(!items.is_empty() && items.len() <= 2, "{items:?}");
        paged.extend(items);
        pages += 1;
        assert!(pages <= 20, "the continue tokens never end");
        match page["metadata"]["continue"].as_str() {
            Some(next) => {
                assert_eq!(
                    page["metadata"]["remainingItemCount"],
                    all_names.len() - paged.len(),
                    "{}",
                    page["metadata"]
                );
                token = Some(next.to_string());
            }
            None => {
                assert!(page["metadata"].get("remainingItemCount").is_none());
                break;
            }
        }
    }
    assert_eq!(paged, all_names);
    assert_eq!(pages, 12);

    // A token of another namespace's list, a stale one, garbage: 410 Gone.
    let shop = get(&cluster, "/api/v1/namespaces/shop/pods?limit=2").json();
    assert_eq!(shop["metadata"]["remainingItemCount"], 8);
    let shop_token = shop["metadata"]["continue"].as_str().unwrap();
    for token in [
        shop_token,
        "eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6MSwic3RhcnQiOjR9",
        "garbage!",
    ] {
        let message = get(
            &cluster,
            &format!("/api/v1/namespaces/api/pods?limit=2&continue={token}"),
        )
        .status_failure(410, "Expired");
        assert!(
            message.contains("continue parameter is too old"),
            "{message}"
        );
    }
    // The same token goes on where it left off.
    let next = list_names(
        &cluster,
        &format!("/api/v1/namespaces/shop/pods?limit=100&continue={shop_token}"),
    );
    assert_eq!(next.len(), 8);
    assert_eq!(next[0], "shop/checkout-6b7c8d9f5d-h2m9x");
}

#[test]
fn kube_cluster_scopes_by_namespace_and_gets_one_object() {
    let cluster = KubeCluster::start(incident());
    assert_eq!(
        list_names(&cluster, "/api/v1/namespaces/api/pods"),
        [
            "api/cors-api-5c6b7d8e9f-2xk8p",
            "api/cors-api-5c6b7d8e9f-h7q4m",
            "api/cors-api-5c6b7d8e9f-zt9wn"
        ]
    );
    assert!(list_names(&cluster, "/api/v1/namespaces/nowhere/pods").is_empty());
    assert_eq!(
        list_names(&cluster, "/apis/apps/v1/namespaces/batch/deployments"),
        ["batch/report-worker", "batch/thumbnailer"]
    );
    assert_eq!(list_names(&cluster, "/apis/apps/v1/replicasets").len(), 7);
    assert_eq!(
        list_names(&cluster, "/apis/apps/v1/statefulsets"),
        ["batch/etl-loader"]
    );
    assert!(list_names(&cluster, "/apis/apps/v1/daemonsets").is_empty());
    assert_eq!(
        list_names(&cluster, "/api/v1/nodes"),
        ["node-a", "node-b", "node-c"]
    );
    assert_eq!(list_names(&cluster, "/api/v1/namespaces").len(), 6);
    assert_eq!(
        list_names(&cluster, "/api/v1/namespaces/api/configmaps"),
        ["api/cors-config"]
    );
    assert_eq!(
        list_names(&cluster, "/apis/autoscaling/v2/horizontalpodautoscalers"),
        ["shop/checkout"]
    );

    let pod = get(
        &cluster,
        "/api/v1/namespaces/api/pods/cors-api-5c6b7d8e9f-2xk8p",
    );
    assert_eq!(pod.status, 200);
    assert_eq!(pod.headers["content-type"], "application/json");
    let pod = pod.json();
    assert_eq!(pod["kind"], "Pod");
    assert_eq!(pod["status"]["containerStatuses"][0]["restartCount"], 7);
    let hpa = get(
        &cluster,
        "/apis/autoscaling/v2/namespaces/shop/horizontalpodautoscalers/checkout",
    )
    .json();
    assert_eq!(hpa["apiVersion"], "autoscaling/v2");
    assert_eq!(hpa["status"]["currentReplicas"], 10);
    assert_eq!(
        get(&cluster, "/api/v1/nodes/node-c").json()["metadata"]["name"],
        "node-c"
    );
    assert_eq!(
        get(&cluster, "/api/v1/namespaces/api").json()["kind"],
        "Namespace"
    );

    let missing = get(&cluster, "/api/v1/namespaces/api/pods/nope");
    assert_eq!(
        missing.status_failure(404, "NotFound"),
        r#"pods "nope" not found"#
    );
    assert_eq!(
        missing.json()["details"],
        json!({"name": "nope", "kind": "pods"})
    );
    let missing = get(&cluster, "/apis/apps/v1/namespaces/web/deployments/nope");
    assert_eq!(missing.json()["details"]["group"], "apps");
    for path in [
        "/api/v1/namespaces/api/nodes",
        "/api/v1/pods/cors-api-5c6b7d8e9f-2xk8p",
        "/api/v1/services",
        "/apis/batch/v1/jobs",
        "/apis/autoscaling/v1/horizontalpodautoscalers",
        "/api/v1/namespaces/api/pods/cors-api-5c6b7d8e9f-2xk8p/log",
        "/metrics",
    ] {
        let message = get(&cluster, path).status_failure(404, "NotFound");
        assert_eq!(
            message, "the server could not find the requested resource",
            "{path}"
        );
    }

    // Discovery.
    assert_eq!(get(&cluster, "/version").json()["gitVersion"], "v1.33.2");
    assert_eq!(get(&cluster, "/api").json()["versions"], json!(["v1"]));
    let groups = get(&cluster, "/apis").json();
    assert_eq!(groups["kind"], "APIGroupList");
    let group_names: Vec<&str> = groups["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|group| group["preferredVersion"]["groupVersion"].as_str().unwrap())
        .collect();
    assert_eq!(
        group_names,
        ["apps/v1", "autoscaling/v2", "events.k8s.io/v1"]
    );
    let core = get(&cluster, "/api/v1").json();
    assert_eq!(core["kind"], "APIResourceList");
    let served: Vec<(&str, bool)> = core["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["name"].as_str().unwrap(),
                r["namespaced"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        served,
        [
            ("pods", true),
            ("events", true),
            ("configmaps", true),
            ("nodes", false),
            ("namespaces", false)
        ]
    );
    assert_eq!(core["resources"][0]["verbs"], json!(["get", "list"]));
    let apps = get(&cluster, "/apis/apps/v1").json();
    assert_eq!(apps["groupVersion"], "apps/v1");
    assert_eq!(apps["resources"].as_array().unwrap().len(), 4);
    let aggregated = request(
        &cluster,
        "GET",
        "/apis",
        &[(
            "Accept",
            "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json",
        )],
    )
    .json();
    assert_eq!(aggregated["kind"], "APIGroupDiscoveryList");
    assert_eq!(aggregated["items"].as_array().unwrap().len(), 3);

    // Metadata-only lists, as kube-rs `list_metadata` asks for them.
    let metadata = request(
        &cluster,
        "GET",
        "/api/v1/namespaces/batch/pods?limit=1",
        &[(
            "Accept",
            "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1",
        )],
    )
    .json();
    assert_eq!(metadata["kind"], "PartialObjectMetadataList");
    assert_eq!(metadata["items"][0]["kind"], "PartialObjectMetadata");
    assert_eq!(metadata["items"][0]["metadata"]["name"], "big-job-7xk2p");
    assert!(metadata["items"][0].get("spec").is_none());
    assert!(metadata["metadata"]["continue"].is_string());
}

#[test]
fn kube_cluster_serves_events_in_both_apis() {
    let cluster = KubeCluster::start(incident());
    let core = get(&cluster, "/api/v1/events").json();
    let new = get(&cluster, "/apis/events.k8s.io/v1/events").json();
    assert_eq!(core["kind"], "EventList");
    assert_eq!(new["kind"], "EventList");
    assert_eq!(new["apiVersion"], "events.k8s.io/v1");
    assert_eq!(names(&core), names(&new));
    assert!(names(&core).len() > 100);

    let find = |list: &Value, reason: &str, namespace: &str| {
        list["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["reason"] == reason && e["metadata"]["namespace"] == namespace)
            .unwrap_or_else(|| panic!("no {reason} event in {namespace}"))
            .clone()
    };
    let scheduling = find(&new, "FailedScheduling", "batch");
    assert_eq!(scheduling["apiVersion"], "events.k8s.io/v1");
    assert_eq!(scheduling["regarding"]["name"], "big-job-7xk2p");
    assert!(
        scheduling["note"]
            .as_str()
            .unwrap()
            .starts_with("0/3 nodes are available")
    );
    assert_eq!(scheduling["series"]["count"], 9);
    assert_eq!(scheduling["reportingController"], "default-scheduler");
    assert!(
        scheduling["eventTime"].as_str().unwrap().contains('.'),
        "a MicroTime"
    );
    assert!(scheduling.get("involvedObject").is_none());
    let backoff = find(&new, "BackOff", "api");
    assert!(backoff["deprecatedCount"].as_i64().unwrap() >= 25);
    assert_eq!(backoff["eventTime"], Value::Null);
    assert_eq!(backoff["deprecatedSource"]["component"], "kubelet");
    assert_eq!(backoff["reportingController"], "kubelet");
    assert!(backoff["deprecatedFirstTimestamp"].is_string());
    let core_backoff = find(&core, "BackOff", "api");
    assert_eq!(core_backoff["message"], backoff["note"]);
    assert_eq!(core_backoff["involvedObject"], backoff["regarding"]);

    // An event written through events.k8s.io/v1 shows in core/v1 too.
    let written = json!({
        "apiVersion": "events.k8s.io/v1", "kind": "Event",
        "metadata": {"name": "x.1", "namespace": "web", "uid": "u", "resourceVersion": "5"},
        "eventTime": "2026-11-21T13:00:00.000001Z", "reportingController": "example.com/ctl",
        "reportingInstance": "ctl-0", "action": "Check", "reason": "Checked", "type": "Normal",
        "regarding": {"kind": "Pod", "namespace": "web", "name": "p"}, "note": "all good",
    });
    let small = KubeCluster::start(vec![written]);
    let core = get(&small, "/api/v1/namespaces/web/events").json();
    let event = &core["items"][0];
    assert_eq!(event["apiVersion"], "v1");
    assert_eq!(event["message"], "all good");
    assert_eq!(event["involvedObject"]["name"], "p");
    assert_eq!(event["reportingComponent"], "example.com/ctl");
}

#[test]
fn kube_cluster_filters_by_label_and_field_selectors() {
    let cluster = KubeCluster::start(incident());
    let count = |target: &str| list_names(&cluster, target).len();
    assert_eq!(
        list_names(
            &cluster,
            "/api/v1/pods?labelSelector=app.kubernetes.io%2Fname%3Dcors-api"
        ),
        [
            "api/cors-api-5c6b7d8e9f-2xk8p",
            "api/cors-api-5c6b7d8e9f-h7q4m",
            "api/cors-api-5c6b7d8e9f-zt9wn"
        ]
    );
    assert_eq!(
        count("/api/v1/pods?labelSelector=app.kubernetes.io/name==cors-api"),
        3
    );
    assert_eq!(
        count("/api/v1/pods?labelSelector=app.kubernetes.io%2Fname%21%3Dcheckout"),
        13
    );
    assert_eq!(
        count("/api/v1/namespaces/shop/pods?labelSelector=app.kubernetes.io/name!=checkout"),
        0
    );
    assert_eq!(count("/api/v1/pods?labelSelector=pod-template-hash"), 19);
    assert_eq!(
        list_names(&cluster, "/api/v1/pods?labelSelector=%21pod-template-hash"),
        [
            "batch/big-job-7xk2p",
            "batch/etl-loader-0",
            "batch/nightly-export-29921100-9bq5d",
            "batch/nightly-export-29921100-r2v7c"
        ]
    );
    assert_eq!(
        count("/api/v1/pods?labelSelector=app.kubernetes.io%2Fname+in+%28web%2Cthumbnailer%29"),
        5
    );
    assert_eq!(
        count(
            "/api/v1/pods?labelSelector=app.kubernetes.io%2Fname%20notin%20(checkout),pod-template-hash"
        ),
        9
    );
    assert_eq!(
        count(
            "/api/v1/pods?labelSelector=app.kubernetes.io%2Fpart-of%3Dbatch%2Capp.kubernetes.io%2Fname%3Dthumbnailer"
        ),
        2
    );
    get(&cluster, "/api/v1/pods?labelSelector=a+in+%28b").status_failure(400, "BadRequest");
    get(&cluster, "/api/v1/pods?labelSelector=a%3D%3Db%3Dc").status_failure(400, "BadRequest");

    assert_eq!(
        list_names(
            &cluster,
            "/api/v1/pods?fieldSelector=status.phase%3DPending"
        ),
        ["batch/big-job-7xk2p", "batch/thumbnailer-84b6c9d7f5-w8r6t"]
    );
    assert_eq!(
        list_names(&cluster, "/api/v1/pods?fieldSelector=spec.nodeName=node-c"),
        ["batch/etl-loader-0", "batch/nightly-export-29921100-9bq5d"]
    );
    assert_eq!(
        count("/api/v1/pods?fieldSelector=status.phase!%3DRunning"),
        3
    );
    assert_eq!(
        count("/api/v1/pods?fieldSelector=metadata.namespace%3D%3Dweb"),
        3
    );
    assert_eq!(
        count(
            "/api/v1/pods?fieldSelector=metadata.name%3Dweb-7c9d8f6b5a-c4n8w,metadata.namespace%3Dweb"
        ),
        1
    );
    let message = get(&cluster, "/api/v1/pods?fieldSelector=spec.containers%3Dx")
        .status_failure(400, "BadRequest");
    assert_eq!(message, "field label not supported: spec.containers");

    assert_eq!(
        count("/api/v1/events?fieldSelector=involvedObject.name%3Dbig-job-7xk2p"),
        1
    );
    assert_eq!(
        count("/api/v1/namespaces/default/events?fieldSelector=involvedObject.kind%3DNode"),
        5
    );
    assert_eq!(
        count(
            "/api/v1/namespaces/api/events?fieldSelector=type%3DWarning,involvedObject.kind%3DPod"
        ),
        3
    );
    assert_eq!(
        count("/api/v1/events?fieldSelector=source%3Ddefault-scheduler,reason%3DFailedScheduling"),
        1
    );
    assert_eq!(
        count("/apis/events.k8s.io/v1/events?fieldSelector=regarding.name%3Dbig-job-7xk2p"),
        1
    );
    get(
        &cluster,
        "/apis/events.k8s.io/v1/events?fieldSelector=involvedObject.name%3Dx",
    )
    .status_failure(400, "BadRequest");

    // Selectors and paging together: pages of what matches, no remaining count.
    let mut sizes = Vec::new();
    let mut target =
        "/api/v1/pods?labelSelector=app.kubernetes.io%2Fname%3Dcheckout&limit=4".to_string();
    loop {
        let page = get(&cluster, &target).json();
        sizes.push(names(&page).len());
        assert!(page["metadata"].get("remainingItemCount").is_none());
        match page["metadata"]["continue"].as_str() {
            Some(token) => {
                target = format!(
                    "/api/v1/pods?labelSelector=app.kubernetes.io%2Fname%3Dcheckout&limit=4&continue={token}"
                )
            }
            None => break,
        }
    }
    assert_eq!(sizes, [4, 4, 2]);
}

#[test]
fn kube_cluster_faults_answer_like_a_real_api_server() {
    let cluster = KubeCluster::start_with(
        incident(),
        Faults {
            forbidden: vec!["pods".into(), "deployments".into()],
            missing: vec!["horizontalpodautoscalers".into(), "configmaps".into()],
            malformed: vec!["nodes".into()],
            ..Faults::default()
        },
    );
    let message =
        get(&cluster, "/api/v1/namespaces/api/pods?limit=500").status_failure(403, "Forbidden");
    assert_eq!(
        message,
        r#"pods is forbidden: User "oncall" cannot list resource "pods" in API group "" in the namespace "api""#
    );
    let message = get(&cluster, "/api/v1/pods").status_failure(403, "Forbidden");
    assert!(
        message.ends_with(r#"in API group "" at the cluster scope"#),
        "{message}"
    );
    let denied = get(&cluster, "/apis/apps/v1/namespaces/web/deployments/web");
    assert_eq!(
        denied.status_failure(403, "Forbidden"),
        r#"deployments "web" is forbidden: User "oncall" cannot get resource "deployments" in API group "apps" in the namespace "web""#
    );
    assert_eq!(
        denied.json()["details"],
        json!({"name": "web", "kind": "deployments", "group": "apps"})
    );

    for path in [
        "/apis/autoscaling/v2/namespaces/shop/horizontalpodautoscalers",
        "/apis/autoscaling/v2",
        "/api/v1/namespaces/api/configmaps/cors-config",
    ] {
        get(&cluster, path).status_failure(404, "NotFound");
    }
    let groups = get(&cluster, "/apis").body;
    assert!(
        groups.contains("apps/v1") && !groups.contains("autoscaling"),
        "{groups}"
    );
    let core = get(&cluster, "/api/v1").body;
    assert!(
        core.contains(r#""name":"pods""#) && !core.contains("configmaps"),
        "{core}"
    );

    let nodes = get(&cluster, "/api/v1/nodes");
    assert_eq!(nodes.status, 200);
    assert!(
        nodes.body.starts_with(r#"{"kind":"NodeList""#),
        "{}",
        nodes.body
    );
    assert!(
        serde_json::from_str::<Value>(&nodes.body).is_err(),
        "the body is cut short"
    );
    // Everything else still answers.
    assert_eq!(
        list_names(&cluster, "/apis/apps/v1/namespaces/web/replicasets").len(),
        1
    );

    let guarded = KubeCluster::start_with(
        incident(),
        Faults {
            token: Some("s3cret".into()),
            ..Faults::default()
        },
    );
    for headers in [
        vec![],
        vec![("Authorization", "Bearer wrong")],
        vec![("Authorization", "s3cret")],
    ] {
        let message = request(&guarded, "GET", "/api/v1/namespaces/web/pods", &headers)
            .status_failure(401, "Unauthorized");
        assert_eq!(message, "Unauthorized");
    }
    let allowed = request(
        &guarded,
        "GET",
        "/api/v1/namespaces/web/pods",
        &[("Authorization", "Bearer s3cret")],
    );
    assert_eq!(allowed.status, 200, "{}", allowed.body);
}

#[test]
fn kube_cluster_holds_hanging_requests_until_dropped() {
    let cluster = KubeCluster::start_with(
        incident(),
        Faults {
            hanging: vec!["events".into()],
            ..Faults::default()
        },
    );
    let mut held = connect(&cluster);
    held.set_read_timeout(Some(Duration::from_millis(700)))
        .unwrap();
    send(
        &mut held,
        "GET",
        "/api/v1/namespaces/api/events?limit=500",
        &[],
        "",
    );
    let mut byte = [0u8; 1];
    let waited = held.read(&mut byte);
    assert!(
        waited.as_ref().is_err_and(|err| matches!(
            err.kind(),
            std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
        )),
        "no answer expected, got {waited:?}"
    );
    // Other resources answer meanwhile, and the request was recorded.
    assert_eq!(list_names(&cluster, "/api/v1/namespaces/web/pods").len(), 3);
    assert!(
        cluster
            .requests
            .lock()
            .unwrap()
            .contains(&"GET /api/v1/namespaces/api/events?limit=500".to_string())
    );
    // An idle keep-alive connection, after one answered request.
    let mut idle = connect(&cluster);
    let mut idle_reader = BufReader::new(idle.try_clone().unwrap());
    send(&mut idle, "GET", "/version", &[], "");
    assert_eq!(read_response(&mut idle_reader).status, 200);
    // Dropping the server closes the held and the idle connection promptly.
    let dropped = Instant::now();
    drop(cluster);
    idle.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let mut rest = Vec::new();
    assert!(
        idle_reader.read_to_end(&mut rest).is_ok_and(|n| n == 0),
        "the idle connection is closed"
    );
    held.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let after = held.read(&mut byte);
    assert!(
        matches!(after, Ok(0)) || after.is_err() && dropped.elapsed() < Duration::from_secs(2),
        "{after:?} after {:?}",
        dropped.elapsed()
    );
    assert!(
        dropped.elapsed() < Duration::from_secs(2),
        "{:?}",
        dropped.elapsed()
    );
}

#[test]
fn kube_cluster_answers_only_get_and_never_watches() {
    let cluster = KubeCluster::start(incident());
    // Keep-alive: a refused POST with a body, then GETs, on one connection.
    let mut stream = connect(&cluster);
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    send(
        &mut stream,
        "POST",
        "/api/v1/namespaces/api/pods",
        &[],
        r#"{"kind":"Pod"}"#,
    );
    let refused = read_response(&mut reader);
    refused.status_failure(405, "MethodNotAllowed");
    send(&mut stream, "GET", "/api/v1/pods?limit=500", &[], "");
    let listed = read_response(&mut reader);
    assert_eq!(names(&listed.json()).len(), 23);
    send(
        &mut stream,
        "DELETE",
        "/api/v1/namespaces/api/pods/cors-api-5c6b7d8e9f-2xk8p",
        &[],
        "",
    );
    read_response(&mut reader).status_failure(405, "MethodNotAllowed");
    send(
        &mut stream,
        "GET",
        "/api/v1/pods?watch=true&resourceVersion=0",
        &[],
        "",
    );
    read_response(&mut reader).status_failure(405, "MethodNotAllowed");
    send(&mut stream, "GET", "/api/v1/pods?watch=1", &[], "");
    read_response(&mut reader).status_failure(405, "MethodNotAllowed");
    send(
        &mut stream,
        "GET",
        "/api/v1/pods?watch=false&resourceVersion=0&timeoutSeconds=5&allowWatchBookmarks=true",
        &[],
        "",
    );
    assert_eq!(read_response(&mut reader).status, 200);
    // `Connection: close` is honoured.
    send(
        &mut stream,
        "GET",
        "/version",
        &[("Connection", "close")],
        "",
    );
    assert_eq!(read_response(&mut reader).status, 200);
    let mut rest = Vec::new();
    reader.read_to_end(&mut rest).unwrap();
    assert!(rest.is_empty());

    assert_eq!(
        cluster.methods(),
        ["POST", "GET", "DELETE", "GET", "GET", "GET", "GET"]
    );
    let requests = cluster.requests.lock().unwrap().clone();
    assert_eq!(requests[0], "POST /api/v1/namespaces/api/pods");
    assert_eq!(requests[1], "GET /api/v1/pods?limit=500");
}

#[test]
fn kube_cluster_serves_ten_thousand_pods_in_pages_quickly() {
    let pods: Vec<Value> = (0..10_000)
        .map(|index| {
            json!({
                "apiVersion": "v1", "kind": "Pod",
                "metadata": {"name": format!("bulk-{index:05}"), "namespace": format!("ns-{}", index % 7),
                             "uid": format!("uid-{index}"), "resourceVersion": format!("{}", 1000 + index),
                             "labels": {"app": "bulk", "shard": format!("{}", index % 4)}},
                "spec": {"containers": [{"name": "app", "image": "registry.example.com/app:1"}], "nodeName": "node-a"},
                "status": {"phase": "Running"}
            })
        })
        .collect();
    let cluster = KubeCluster::start(pods);
    let started = Instant::now();
    let mut stream = connect(&cluster);
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut seen = 0;
    let mut pages = 0;
    let mut target = "/api/v1/pods?limit=500".to_string();
    loop {
        send(&mut stream, "GET", &target, &[], "");
        let page = read_response(&mut reader).json();
        seen += page["items"].as_array().unwrap().len();
        pages += 1;
        match page["metadata"]["continue"].as_str() {
            Some(token) => target = format!("/api/v1/pods?limit=500&continue={token}"),
            None => break,
        }
    }
    assert_eq!((seen, pages), (10_000, 20));
    assert_eq!(
        page_count(
            &cluster,
            "/api/v1/namespaces/ns-3/pods?labelSelector=shard%3D1&limit=500"
        ),
        357
    );
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

fn page_count(cluster: &KubeCluster, target: &str) -> usize {
    list_names(cluster, target).len()
}

#[test]
fn kube_cluster_load_fixtures_moves_the_incident_to_now() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.json"),
        r#"{"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"9"},"items":[
            {"metadata":{"name":"p","namespace":"n","creationTimestamp":"2026-11-21T13:30:00Z"},
             "status":{"startTime":"2026-11-21T13:00:00Z","conditions":[{"lastProbeTime":null,"lastTransitionTime":"2026-11-20T23:59:59Z"}]}},
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"q","namespace":"n"}}]}"#,
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b.json"),
        r#"[{"apiVersion":"v1","kind":"Event","metadata":{"name":"e","namespace":"n"},
             "eventTime":"2026-11-21T13:29:59.250000Z","firstTimestamp":null,
             "message":"at 2026-11-21T13:30:00Z","reason":"13:30:00"},
            {"apiVersion":"v1","kind":"Node","metadata":{"name":"x","labels":{"day":"2026-11-21"}}}]"#,
    )
    .unwrap();
    std::fs::write(
        dir.path().join("c.json"),
        r#"{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"n","creationTimestamp":"2026-11-21T13:30:00.5+01:00"}}"#,
    )
    .unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not a fixture").unwrap();
    let now: DateTime<Utc> = "2026-11-26T16:30:00.700Z".parse().unwrap();
    let objects = load_fixtures(dir.path(), anchor(), now);
    let names: Vec<&str> = objects
        .iter()
        .map(|o| o["metadata"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["p", "q", "e", "x", "n"]);
    let pod = &objects[0];
    assert_eq!(
        (&pod["apiVersion"], &pod["kind"]),
        (&json!("v1"), &json!("Pod"))
    );
    assert_eq!(pod["metadata"]["creationTimestamp"], "2026-11-26T16:30:00Z");
    assert_eq!(pod["status"]["startTime"], "2026-11-26T16:00:00Z");
    assert_eq!(
        pod["status"]["conditions"][0]["lastTransitionTime"],
        "2026-11-26T02:59:59Z"
    );
    assert_eq!(pod["status"]["conditions"][0]["lastProbeTime"], Value::Null);
    let event = &objects[2];
    assert_eq!(event["eventTime"], "2026-11-26T16:29:59.250000Z");
    assert_eq!(event["firstTimestamp"], Value::Null);
    assert_eq!(
        event["message"], "at 2026-11-21T13:30:00Z",
        "only whole timestamps move"
    );
    assert_eq!(event["reason"], "13:30:00");
    assert_eq!(objects[3]["metadata"]["labels"]["day"], "2026-11-21");
    assert_eq!(
        objects[4]["metadata"]["creationTimestamp"],
        "2026-11-26T15:30:00.500Z"
    );

    // The incident itself, against the real clock.
    let before = Utc::now();
    let objects = incident();
    let after = Utc::now();
    let find = |kind: &str, name: &str| {
        objects
            .iter()
            .find(|o| o["kind"] == kind && o["metadata"]["name"] == name)
            .unwrap_or_else(|| panic!("no {kind} {name}"))
    };
    let time = |value: &Value| value.as_str().unwrap().parse::<DateTime<Utc>>().unwrap();
    let edited = time(&find("ConfigMap", "cors-config")["metadata"]["managedFields"][1]["time"]);
    let expected = chrono::Duration::seconds(25 * 60 + 30);
    assert!(
        edited >= before - expected - chrono::Duration::seconds(1) && edited <= after - expected,
        "cors-config edited at {edited}, now is {after}"
    );
    let node = find("Node", "node-c");
    let ready = &node["status"]["conditions"][3];
    assert_eq!(ready["type"], "Ready");
    let since = after - time(&ready["lastTransitionTime"]);
    assert!(
        since > chrono::Duration::minutes(17) && since < chrono::Duration::minutes(19),
        "{since}"
    );
}

fn kind_of(object: &Value) -> &str {
    object["kind"].as_str().unwrap_or("")
}

/// Kinds whose objects live in a namespace.
const NAMESPACED: &[&str] = &[
    "Pod",
    "Event",
    "ConfigMap",
    "Deployment",
    "ReplicaSet",
    "StatefulSet",
    "HorizontalPodAutoscaler",
];

#[test]
fn kube_cluster_fixture_files_are_real_shaped() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(fixture_dir())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    let file_names: Vec<String> = files
        .iter()
        .map(|path| path.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        file_names,
        [
            "configmaps.json",
            "deployments.json",
            "events.json",
            "hpas.json",
            "namespaces.json",
            "nodes.json",
            "pods.json",
            "replicasets.json",
            "statefulsets.json"
        ]
    );
    // Each file is a list as the API server writes one: items without apiVersion/kind.
    for file in &files {
        let list: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap())
            .unwrap_or_else(|err| panic!("{}: {err}", file.display()));
        assert!(
            list["kind"].as_str().unwrap().ends_with("List"),
            "{}",
            file.display()
        );
        assert!(list["apiVersion"].is_string(), "{}", file.display());
        assert!(
            list["metadata"]["resourceVersion"].is_string(),
            "{}",
            file.display()
        );
        let items = list["items"].as_array().unwrap();
        assert!(!items.is_empty(), "{}", file.display());
        for item in items {
            assert!(
                item.get("kind").is_none() && item.get("apiVersion").is_none(),
                "{}",
                file.display()
            );
        }
    }

    let objects = load_fixtures(&fixture_dir(), anchor(), anchor());
    let mut by_kind: HashMap<String, usize> = HashMap::new();
    let mut uids = HashSet::new();
    for object in &objects {
        let kind = object["kind"]
            .as_str()
            .unwrap_or_else(|| panic!("no kind: {object}"));
        assert!(object["apiVersion"].is_string(), "{object}");
        let metadata = &object["metadata"];
        let name = metadata["name"]
            .as_str()
            .unwrap_or_else(|| panic!("no name: {object}"));
        assert!(
            metadata["resourceVersion"]
                .as_str()
                .unwrap()
                .parse::<u64>()
                .is_ok(),
            "{kind} {name}"
        );
        assert!(
            metadata["creationTimestamp"]
                .as_str()
                .unwrap()
                .parse::<DateTime<Utc>>()
                .is_ok(),
            "{kind} {name}"
        );
        assert!(
            uids.insert(metadata["uid"].as_str().unwrap().to_string()),
            "{kind} {name}: uid taken"
        );
        assert_eq!(
            metadata["namespace"].is_string(),
            NAMESPACED.contains(&kind),
            "{kind} {name}"
        );
        *by_kind.entry(kind.to_string()).or_default() += 1;
        // Each parses as the k8s-openapi type kube-rs gives triage.
        fn typed<T: serde::de::DeserializeOwned>(object: &Value) {
            if let Err(err) = serde_json::from_value::<T>(object.clone()) {
                panic!("{err}: {object}");
            }
        }
        use k8s_openapi::api::{
            apps::v1 as apps, autoscaling::v2 as autoscaling, core::v1 as core,
        };
        match kind {
            "Pod" => typed::<core::Pod>(object),
            "Event" => typed::<core::Event>(object),
            "ConfigMap" => typed::<core::ConfigMap>(object),
            "Node" => typed::<core::Node>(object),
            "Namespace" => typed::<core::Namespace>(object),
            "Deployment" => typed::<apps::Deployment>(object),
            "ReplicaSet" => typed::<apps::ReplicaSet>(object),
            "StatefulSet" => typed::<apps::StatefulSet>(object),
            "HorizontalPodAutoscaler" => typed::<autoscaling::HorizontalPodAutoscaler>(object),
            other => panic!("unexpected kind {other}"),
        }
    }
    let mut counts: Vec<(String, usize)> = by_kind
        .into_iter()
        .filter(|(kind, _)| kind != "Event")
        .collect();
    counts.sort();
    let expected = [
        ("ConfigMap", 1),
        ("Deployment", 5),
        ("HorizontalPodAutoscaler", 1),
        ("Namespace", 6),
        ("Node", 3),
        ("Pod", 23),
        ("ReplicaSet", 7),
        ("StatefulSet", 1),
    ];
    assert_eq!(counts, expected.map(|(kind, n)| (kind.to_string(), n)));

    // References resolve: owners, events' objects, nodes, namespaces.
    let index: HashMap<(String, String, String), &Value> = objects
        .iter()
        .map(|o| {
            let key = (
                o["kind"].as_str().unwrap().to_string(),
                o["metadata"]["namespace"]
                    .as_str()
                    .unwrap_or("")
                    .to_string(),
                o["metadata"]["name"].as_str().unwrap().to_string(),
            );
            (key, o)
        })
        .collect();
    let lookup = |kind: &str, namespace: &str, name: &str| {
        index.get(&(kind.to_string(), namespace.to_string(), name.to_string()))
    };
    for object in &objects {
        let metadata = &object["metadata"];
        let namespace = metadata["namespace"].as_str().unwrap_or("");
        if !namespace.is_empty() {
            assert!(
                lookup("Namespace", "", namespace).is_some(),
                "namespace {namespace}"
            );
        }
        for owner in metadata["ownerReferences"].as_array().into_iter().flatten() {
            let kind = owner["kind"].as_str().unwrap();
            if kind == "Job" {
                continue; // batch/v1 is not served
            }
            let found = lookup(kind, namespace, owner["name"].as_str().unwrap())
                .unwrap_or_else(|| panic!("{}: owner {owner} is missing", metadata["name"]));
            assert_eq!(
                found["metadata"]["uid"], owner["uid"],
                "{}",
                metadata["name"]
            );
        }
        if let ("Pod", Some(node)) = (kind_of(object), object["spec"]["nodeName"].as_str()) {
            assert!(lookup("Node", "", node).is_some(), "{node}");
        }
        if object["kind"] == "Event" {
            let involved = &object["involvedObject"];
            let kind = involved["kind"].as_str().unwrap();
            let name = involved["name"].as_str().unwrap();
            let found = lookup(kind, involved["namespace"].as_str().unwrap_or(""), name)
                .unwrap_or_else(|| {
                    panic!("event {} about a missing {kind} {name}", metadata["name"])
                });
            // The kubelet names its node by name, uid included.
            assert!(
                found["metadata"]["uid"] == involved["uid"] || involved["uid"] == name,
                "event {}",
                metadata["name"]
            );
        }
    }
}

#[test]
fn kube_cluster_fixtures_tell_the_incident() {
    let objects = load_fixtures(&fixture_dir(), anchor(), anchor());
    let find = |kind: &str, name: &str| {
        objects
            .iter()
            .find(|o| o["kind"] == kind && o["metadata"]["name"] == name)
            .unwrap_or_else(|| panic!("no {kind} {name}"))
    };
    let condition = |object: &Value, kind: &str| {
        object["status"]["conditions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["type"] == kind)
            .unwrap_or_else(|| panic!("no {kind} condition"))
            .clone()
    };
    let at = |hms: &str| json!(format!("2026-11-21T{hms}Z"));

    // 1. The cors-api config change.
    let cors = find("Deployment", "cors-api");
    assert_eq!(
        cors["metadata"]["annotations"]["deployment.kubernetes.io/revision"],
        "3"
    );
    assert!(cors["status"].get("availableReplicas").is_none());
    assert_eq!(cors["status"]["unavailableReplicas"], 3);
    let available = condition(cors, "Available");
    assert_eq!(
        (&available["status"], &available["reason"]),
        (&json!("False"), &json!("MinimumReplicasUnavailable"))
    );
    assert_eq!(available["lastTransitionTime"], at("13:06:02"));
    let progressing = condition(cors, "Progressing");
    assert_eq!(progressing["reason"], "ProgressDeadlineExceeded");
    assert_eq!(progressing["lastTransitionTime"], at("13:16:02"));
    let old = find("ReplicaSet", "cors-api-7d9f8b6c5d");
    let new = find("ReplicaSet", "cors-api-5c6b7d8e9f");
    assert_eq!(
        old["metadata"]["annotations"]["deployment.kubernetes.io/revision"],
        "2"
    );
    assert_eq!(
        new["metadata"]["annotations"]["deployment.kubernetes.io/revision"],
        "3"
    );
    assert_eq!(old["metadata"]["creationTimestamp"], "2026-11-20T09:00:00Z");
    assert_eq!(new["metadata"]["creationTimestamp"], at("13:05:00"));
    assert_eq!(
        (&old["spec"]["replicas"], &new["spec"]["replicas"]),
        (&json!(0), &json!(3))
    );
    let env = |rs: &Value| rs["spec"]["template"]["spec"]["containers"][0]["env"].clone();
    assert_eq!(
        env(old)[2],
        json!({"name": "CORS_ORIGINS", "value": "https://app.example.com"})
    );
    assert_eq!(
        env(new)[2]["value"],
        r#"["https://app.example.com","https://admin.example.com"]"#
    );
    assert_eq!(
        env(new)[3]["valueFrom"]["configMapKeyRef"]["name"],
        "cors-config"
    );
    for rs in [old, new] {
        assert_eq!(rs["metadata"]["ownerReferences"][0]["name"], "cors-api");
        assert_eq!(
            rs["spec"]["template"]["spec"]["containers"][0]["image"],
            "registry.example.com/cors-api:1.8.2"
        );
    }
    let edit = &find("ConfigMap", "cors-config")["metadata"]["managedFields"][1];
    assert_eq!(
        (&edit["manager"], &edit["operation"], &edit["time"]),
        (&json!("kubectl-edit"), &json!("Update"), &at("13:04:30"))
    );
    let crashing: Vec<&Value> = objects
        .iter()
        .filter(|o| {
            o["kind"] == "Pod" && o["metadata"]["labels"]["pod-template-hash"] == "5c6b7d8e9f"
        })
        .collect();
    assert_eq!(crashing.len(), 3);
    for pod in crashing {
        let status = &pod["status"]["containerStatuses"][0];
        assert_eq!(status["state"]["waiting"]["reason"], "CrashLoopBackOff");
        assert!(
            status["state"]["waiting"]["message"]
                .as_str()
                .unwrap()
                .starts_with("back-off 5m0s restarting failed container=cors-api pod=")
        );
        assert!((6..=7).contains(&status["restartCount"].as_i64().unwrap()));
        let terminated = &status["lastState"]["terminated"];
        assert_eq!(
            (&terminated["exitCode"], &terminated["reason"]),
            (&json!(1), &json!("Error"))
        );
        assert!(
            terminated["finishedAt"]
                .as_str()
                .unwrap()
                .starts_with("2026-11-21T13:2")
        );
    }
    let events: Vec<&Value> = objects.iter().filter(|o| o["kind"] == "Event").collect();
    let backoffs: Vec<&&Value> = events
        .iter()
        .filter(|e| e["reason"] == "BackOff" && e["metadata"]["namespace"] == "api")
        .collect();
    assert_eq!(backoffs.len(), 3);
    assert!(
        backoffs
            .iter()
            .all(|e| e["count"].as_i64().unwrap() >= 25 && e["type"] == "Warning")
    );
    assert!(events.iter().any(|e| e["reason"] == "ScalingReplicaSet"
        && e["message"] == "Scaled up replica set cors-api-5c6b7d8e9f to 1"
        && e["firstTimestamp"] == at("13:05:00")));

    // 2. batch: an OOM kill, an image that does not exist, a pod nowhere fits.
    let worker = find("Pod", "report-worker-6d5f7b9c8-q7m2x");
    let status = &worker["status"]["containerStatuses"][0];
    assert_eq!(status["lastState"]["terminated"]["reason"], "OOMKilled");
    assert_eq!(status["lastState"]["terminated"]["exitCode"], 137);
    assert_eq!(status["restartCount"], 2);
    assert!(status["state"]["running"].is_object());
    assert_eq!(
        worker["spec"]["containers"][0]["resources"]["limits"]["memory"],
        "256Mi"
    );
    let pull = find("Pod", "thumbnailer-84b6c9d7f5-w8r6t");
    assert_eq!(
        pull["status"]["containerStatuses"][0]["state"]["waiting"]["reason"],
        "ImagePullBackOff"
    );
    assert_eq!(
        pull["spec"]["containers"][0]["image"],
        "registry.example.com/thumbnailer:2.0.0-typo"
    );
    assert!(events.iter().any(|e| e["reason"] == "Failed"
        && e["involvedObject"]["name"] == "thumbnailer-84b6c9d7f5-w8r6t"
        && e["message"].as_str().unwrap().ends_with("not found")));
    let pending = find("Pod", "big-job-7xk2p");
    assert_eq!(pending["status"]["phase"], "Pending");
    let scheduled = condition(pending, "PodScheduled");
    assert_eq!(
        (&scheduled["status"], &scheduled["reason"]),
        (&json!("False"), &json!("Unschedulable"))
    );
    assert!(
        scheduled["message"]
            .as_str()
            .unwrap()
            .contains("Insufficient memory")
    );

    // 3. Nodes.
    let node_c = find("Node", "node-c");
    let ready = condition(node_c, "Ready");
    assert_eq!(
        (&ready["status"], &ready["reason"]),
        (&json!("Unknown"), &json!("NodeStatusUnknown"))
    );
    assert_eq!(ready["lastTransitionTime"], at("13:12:02"));
    assert!(
        node_c["spec"]["taints"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["key"] == "node.kubernetes.io/unreachable")
    );
    assert_eq!(
        condition(find("Node", "node-b"), "MemoryPressure")["status"],
        "True"
    );
    assert_eq!(condition(find("Node", "node-a"), "Ready")["status"], "True");
    let evicted = find("Pod", "nightly-export-29921100-9bq5d");
    assert_eq!(
        (&evicted["status"]["phase"], &evicted["status"]["reason"]),
        (&json!("Failed"), &json!("Evicted"))
    );
    assert!(
        evicted["status"]["message"]
            .as_str()
            .unwrap()
            .starts_with("The node was low on resource: memory.")
    );
    assert_eq!(evicted["spec"]["nodeName"], "node-c");
    assert!(events.iter().any(|e| e["reason"] == "TaintManagerEviction"
        && e["message"] == "Marking for deletion Pod batch/etl-loader-0"));
    assert!(
        events
            .iter()
            .any(|e| e["reason"] == "NodeNotReady" && e["involvedObject"]["kind"] == "Node")
    );

    // 4. The autoscaler at its maximum.
    let hpa = find("HorizontalPodAutoscaler", "checkout");
    assert_eq!(
        (&hpa["spec"]["minReplicas"], &hpa["spec"]["maxReplicas"]),
        (&json!(2), &json!(10))
    );
    assert_eq!(
        (
            &hpa["status"]["currentReplicas"],
            &hpa["status"]["desiredReplicas"]
        ),
        (&json!(10), &json!(10))
    );
    let limited = condition(hpa, "ScalingLimited");
    assert_eq!(
        (&limited["status"], &limited["reason"]),
        (&json!("True"), &json!("TooManyReplicas"))
    );
    assert_eq!(
        hpa["status"]["currentMetrics"][0]["resource"]["current"]["averageUtilization"],
        180
    );
    assert_eq!(
        hpa["spec"]["metrics"][0]["resource"]["target"]["averageUtilization"],
        70
    );
    assert_eq!(
        find("Deployment", "checkout")["status"]["availableReplicas"],
        10
    );

    // 5. web is healthy: only Normal events, every pod ready.
    let web = find("Deployment", "web");
    assert_eq!(
        (
            &web["status"]["replicas"],
            &web["status"]["availableReplicas"]
        ),
        (&json!(3), &json!(3))
    );
    for object in objects
        .iter()
        .filter(|o| o["metadata"]["namespace"] == "web")
    {
        match object["kind"].as_str().unwrap() {
            "Event" => assert_eq!(object["type"], "Normal", "{object}"),
            "Pod" => {
                assert_eq!(object["status"]["phase"], "Running");
                assert_eq!(condition(object, "Ready")["status"], "True");
                assert_eq!(object["status"]["containerStatuses"][0]["restartCount"], 0);
            }
            _ => {}
        }
    }
}

async fn list_all<K>(api: kube::Api<K>, page: u32) -> Vec<K>
where
    K: kube::Resource + Clone + serde::de::DeserializeOwned + std::fmt::Debug,
{
    let mut all = Vec::new();
    let mut params = kube::api::ListParams::default().limit(page);
    loop {
        let list = api.list(&params).await.unwrap();
        all.extend(list.items);
        match list.metadata.continue_ {
            Some(token) if !token.is_empty() => params = params.continue_token(&token),
            _ => return all,
        }
    }
}

async fn client(kubeconfig: &str, context: Option<&str>) -> kube::Client {
    let kubeconfig = kube::config::Kubeconfig::from_yaml(kubeconfig).unwrap();
    let options = kube::config::KubeConfigOptions {
        context: context.map(String::from),
        ..Default::default()
    };
    let config = kube::Config::from_custom_kubeconfig(kubeconfig, &options)
        .await
        .unwrap();
    kube::Client::try_from(config).unwrap()
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

#[test]
fn kube_cluster_serves_kube_rs_typed_clients() {
    use k8s_openapi::api::{
        apps::v1 as apps, autoscaling::v2 as autoscaling, core::v1 as core, events::v1 as events,
    };
    use kube::Api;
    let cluster = KubeCluster::start_with(
        incident(),
        Faults {
            token: Some("typed-token".into()),
            ..Faults::default()
        },
    );
    runtime().block_on(async {
        let client = client(&cluster.kubeconfig("typed-token", "api"), None).await;
        assert_eq!(client.default_namespace(), "api");
        assert_eq!(
            client.apiserver_version().await.unwrap().git_version,
            "v1.33.2"
        );
        let pods = list_all(Api::<core::Pod>::all(client.clone()), 5).await;
        assert_eq!(pods.len(), 23);
        let mine = list_all(Api::<core::Pod>::default_namespaced(client.clone()), 500).await;
        assert_eq!(mine.len(), 3);
        let restarts = mine[0]
            .status
            .as_ref()
            .unwrap()
            .container_statuses
            .as_ref()
            .unwrap()[0]
            .restart_count;
        assert_eq!(restarts, 7);
        assert!(
            list_all(Api::<core::Event>::all(client.clone()), 50)
                .await
                .len()
                > 100
        );
        let new_events =
            list_all(Api::<events::Event>::namespaced(client.clone(), "batch"), 7).await;
        assert!(
            new_events
                .iter()
                .any(|e| e.reason.as_deref() == Some("FailedScheduling") && e.series.is_some())
        );
        assert_eq!(
            list_all(Api::<core::ConfigMap>::all(client.clone()), 500)
                .await
                .len(),
            1
        );
        assert_eq!(
            list_all(Api::<core::Node>::all(client.clone()), 1)
                .await
                .len(),
            3
        );
        assert_eq!(
            list_all(Api::<core::Namespace>::all(client.clone()), 4)
                .await
                .len(),
            6
        );
        assert_eq!(
            list_all(Api::<apps::Deployment>::all(client.clone()), 2)
                .await
                .len(),
            5
        );
        assert_eq!(
            list_all(Api::<apps::ReplicaSet>::all(client.clone()), 3)
                .await
                .len(),
            7
        );
        assert_eq!(
            list_all(Api::<apps::StatefulSet>::all(client.clone()), 500)
                .await
                .len(),
            1
        );
        assert!(
            list_all(Api::<apps::DaemonSet>::all(client.clone()), 500)
                .await
                .is_empty()
        );
        let hpas = list_all(
            Api::<autoscaling::HorizontalPodAutoscaler>::all(client.clone()),
            500,
        )
        .await;
        assert_eq!(hpas[0].status.as_ref().unwrap().current_replicas, Some(10));

        let deployments = Api::<apps::Deployment>::namespaced(client.clone(), "api");
        let cors = deployments.get("cors-api").await.unwrap();
        assert_eq!(cors.status.unwrap().unavailable_replicas, Some(3));
        match deployments.get("nope").await {
            Err(kube::Error::Api(status)) => assert_eq!(status.code, 404),
            other => panic!("{other:?}"),
        }
        let metadata = Api::<core::Pod>::namespaced(client.clone(), "shop")
            .list_metadata(&kube::api::ListParams::default().limit(1))
            .await
            .unwrap();
        assert_eq!(metadata.items.len(), 1);
        assert!(metadata.metadata.continue_.is_some());
        let labelled = Api::<core::Pod>::all(client.clone())
            .list(
                &kube::api::ListParams::default()
                    .labels("app.kubernetes.io/name in (web,checkout)")
                    .fields("spec.nodeName=node-b"),
            )
            .await
            .unwrap();
        assert_eq!(
            labelled.items.len(),
            4,
            "four checkout pods run on node-b; web runs on node-a only"
        );

        // A wrong token is refused; a watch is refused.
        let wrong = client_for(&cluster.kubeconfig("wrong-token", "api")).await;
        match Api::<core::Pod>::all(wrong).list(&Default::default()).await {
            Err(kube::Error::Api(status)) => assert_eq!(status.code, 401),
            other => panic!("{other:?}"),
        }
        let watched = Api::<core::Pod>::all(client.clone())
            .watch(&kube::api::WatchParams::default(), "0")
            .await;
        assert!(watched.is_err(), "a watch must be refused");
    });
    assert!(cluster.methods().iter().all(|method| method == "GET"));
    assert!(
        cluster
            .requests
            .lock()
            .unwrap()
            .iter()
            .any(|r| r.contains("watch=true"))
    );
}

async fn client_for(kubeconfig: &str) -> kube::Client {
    client(kubeconfig, None).await
}

#[test]
fn kube_cluster_kubeconfigs_pick_contexts_and_run_exec_plugins() {
    use k8s_openapi::api::core::v1::Pod;
    use kube::Api;
    let cluster = KubeCluster::start_with(
        incident(),
        Faults {
            token: Some("plugin-token-3f7a".into()),
            ..Faults::default()
        },
    );
    let home = tempfile::tempdir().unwrap();
    let script = home.path().join("credential-plugin");
    std::fs::write(&script, exec_plugin_script("plugin-token-3f7a")).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let output = std::process::Command::new(&script).output().unwrap();
    let credential: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(credential["kind"], "ExecCredential");
    assert_eq!(credential["status"]["token"], "plugin-token-3f7a");

    let with_contexts = cluster.kubeconfig_with_contexts("plugin-token-3f7a", "web");
    assert!(with_contexts.contains("current-context: wrong"));
    runtime().block_on(async {
        let fixture = client(&with_contexts, Some("fixture")).await;
        assert_eq!(fixture.default_namespace(), "web");
        let pods = Api::<Pod>::default_namespaced(fixture)
            .list(&Default::default())
            .await
            .unwrap();
        assert_eq!(pods.items.len(), 3);
        let wrong = client(&with_contexts, None).await;
        let refused = Api::<Pod>::default_namespaced(wrong)
            .list(&Default::default())
            .await;
        assert!(
            refused.is_err(),
            "the current context points at a closed port"
        );

        let exec = client(&cluster.kubeconfig_with_exec(&script, "batch"), None).await;
        let pods = Api::<Pod>::default_namespaced(exec)
            .list(&Default::default())
            .await
            .unwrap();
        assert_eq!(pods.items.len(), 7);
    });

    // And through the triage binary, as an on-call engineer runs it.
    let triage = Triage::new();
    let kubeconfig = triage.home_file("kube/config", &cluster.kubeconfig_with_exec(&script, "api"));
    triage
        .args(["config", "check", "--connect"])
        .env("KUBECONFIG", kubeconfig)
        .run()
        .code(0)
        .stdout_has("Kubernetes v1.33.2, may list pods in namespaces api")
        .never_shows("plugin-token-3f7a");
    assert!(cluster.methods().iter().all(|method| method == "GET"));
}
