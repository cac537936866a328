//! A fixture Kubernetes cluster: the real API paths over plain HTTP on
//! 127.0.0.1, answered from a set of real-shaped objects. Lists page with
//! `limit`/`continue`, filter by `labelSelector`/`fieldSelector`, scope by
//! namespace; discovery lists what is served; faults (403, 404, 401, a body cut
//! short, a request never answered) are chosen per resource. It records every
//! request, so a test can assert that only GET was sent.
//!
//! Objects are indexed once at start (sorted by namespace and name, each
//! serialized once), so a page of a 10,000-pod list costs only that page.

use super::accept_loop::AcceptLoop;
use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Map, Value, json};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The anchor used by the fixtures under tests/fixtures/k8s (the fixture's "now").
pub const FIXTURE_ANCHOR: &str = "2026-11-21T13:30:00Z";

/// The user named in 403 answers.
const USER: &str = "oncall";

/// How long a request to a hanging resource is held before the connection closes.
const HANG: Duration = Duration::from_secs(60);

const VERSION: &str = r#"{"major":"1","minor":"33","gitVersion":"v1.33.2","gitCommit":"fixture","gitTreeState":"clean","buildDate":"2026-01-01T00:00:00Z","goVersion":"go1.24","compiler":"gc","platform":"linux/amd64"}"#;

/// Faults, chosen by resource plural (`pods`, `deployments`, …); all empty by default.
#[derive(Debug, Clone, Default)]
pub struct Faults {
    /// Answered 403 Forbidden with the API server's RBAC message.
    pub forbidden: Vec<String>,
    /// Answered 404 NotFound and left out of discovery, as by a cluster without that API.
    pub missing: Vec<String>,
    /// Answered 200 with a JSON body cut in half.
    pub malformed: Vec<String>,
    /// Accepted and never answered: the connection stays open for 60 s (or until the server drops), then closes.
    pub hanging: Vec<String>,
    /// When set, a request without `Authorization: Bearer <token>` gets 401 Unauthorized.
    pub token: Option<String>,
}

pub struct KubeCluster {
    /// Every request seen, as "METHOD target" ("GET /api/v1/pods?limit=500").
    pub requests: Arc<Mutex<Vec<String>>>,
    state: Arc<State>,
    server: AcceptLoop,
}

impl KubeCluster {
    /// Serves `objects` (each with apiVersion, kind and metadata) without faults.
    pub fn start(objects: Vec<Value>) -> KubeCluster {
        KubeCluster::start_with(objects, Faults::default())
    }

    pub fn start_with(objects: Vec<Value>, faults: Faults) -> KubeCluster {
        let state = Arc::new(State::new(objects, faults));
        let requests = state.requests.clone();
        let server = {
            let state = state.clone();
            AcceptLoop::start(move |stream| serve(stream, &state))
        };
        KubeCluster {
            requests,
            state,
            server,
        }
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.server.port)
    }

    /// A kubeconfig with one context, "fixture" (bearer token, default namespace).
    pub fn kubeconfig(&self, token: &str, namespace: &str) -> String {
        kubeconfig_for(&self.url(), token, namespace)
    }

    /// A kubeconfig with two contexts: "wrong" (the current one, a closed port)
    /// and "fixture" (this server), for `--context fixture`.
    pub fn kubeconfig_with_contexts(&self, token: &str, namespace: &str) -> String {
        format!(
            "apiVersion: v1\nkind: Config\ncurrent-context: wrong\nclusters:\n{}{}contexts:\n{}{}users:\n- name: fixture-user\n  user:\n    token: {}\n",
            cluster_entry("wrong", "http://127.0.0.1:1"),
            cluster_entry("fixture", &self.url()),
            context_entry("wrong", "fixture-user", namespace),
            context_entry("fixture", "fixture-user", namespace),
            quoted(token)
        )
    }

    /// A kubeconfig whose user is an exec credential plugin running `script`
    /// (client.authentication.k8s.io/v1, interactiveMode Never).
    pub fn kubeconfig_with_exec(&self, script: &Path, namespace: &str) -> String {
        format!(
            "apiVersion: v1\nkind: Config\ncurrent-context: fixture\nclusters:\n{}contexts:\n{}users:\n- name: fixture-exec\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: {}\n      interactiveMode: Never\n      provideClusterInfo: false\n",
            cluster_entry("fixture", &self.url()),
            context_entry("fixture", "fixture-exec", namespace),
            quoted(&script.display().to_string())
        )
    }

    /// The method of every request seen, in order: asserts that only GET was sent.
    pub fn methods(&self) -> Vec<String> {
        self.requests
            .lock()
            .unwrap()
            .iter()
            .map(|request| request.split(' ').next().unwrap_or("").to_string())
            .collect()
    }
}

impl Drop for KubeCluster {
    /// Ends held (hanging) requests and idle keep-alive connections; the accept loop stops after.
    fn drop(&mut self) {
        self.state.stopped.store(true, Ordering::SeqCst);
        for stream in self.state.connections.lock().unwrap().values() {
            let _ = stream.shutdown(Shutdown::Both);
        }
    }
}

/// A script body for an exec credential plugin that prints an ExecCredential
/// with `token` (the test writes it to a file and makes it executable).
pub fn exec_plugin_script(token: &str) -> String {
    let credential = json!({
        "apiVersion": "client.authentication.k8s.io/v1",
        "kind": "ExecCredential",
        "status": {"token": token},
    });
    format!(
        "#!/bin/sh\n# A kubeconfig exec credential plugin, as a cloud CLI is one.\ncat <<'EOF'\n{credential}\nEOF\n"
    )
}

/// Reads every `*.json` file of `dir` (in name order): a JSON object of any
/// kind, a `{"kind":"…List","items":[…]}` list (items without apiVersion/kind
/// get the list's), or a JSON array of those. Every RFC 3339 timestamp string
/// anywhere in them moves by `now - anchor` (whole seconds, precision kept), so
/// a recorded incident happens now.
pub fn load_fixtures(dir: &Path, anchor: DateTime<Utc>, now: DateTime<Utc>) -> Vec<Value> {
    let shift = chrono::Duration::seconds((now - anchor).num_seconds());
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|err| panic!("{}: {err}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no *.json file in {}", dir.display());
    let mut objects = Vec::new();
    for file in &files {
        let text =
            std::fs::read_to_string(file).unwrap_or_else(|err| panic!("{}: {err}", file.display()));
        let value: Value =
            serde_json::from_str(&text).unwrap_or_else(|err| panic!("{}: {err}", file.display()));
        collect_objects(value, file, &mut objects);
    }
    for object in &mut objects {
        shift_times(object, shift);
    }
    objects
}

fn collect_objects(value: Value, file: &Path, out: &mut Vec<Value>) {
    match value {
        Value::Array(values) => {
            for value in values {
                collect_objects(value, file, out);
            }
        }
        Value::Object(mut list)
            if list.get("items").is_some_and(Value::is_array)
                && list
                    .get("kind")
                    .and_then(Value::as_str)
                    .is_some_and(|kind| kind.ends_with("List")) =>
        {
            let list_kind = list["kind"].as_str().unwrap_or_default().to_string();
            let item_kind = list_kind
                .strip_suffix("List")
                .unwrap_or_default()
                .to_string();
            let api_version = list
                .get("apiVersion")
                .and_then(Value::as_str)
                .map(String::from);
            let Some(Value::Array(items)) = list.remove("items") else {
                unreachable!("checked above")
            };
            for mut item in items {
                let Value::Object(fields) = &mut item else {
                    panic!(
                        "{}: an item of the {list_kind} is not an object",
                        file.display()
                    )
                };
                if !fields.contains_key("kind") {
                    assert!(
                        !item_kind.is_empty(),
                        "{}: an item of a plain List has no kind",
                        file.display()
                    );
                    fields.insert("kind".into(), Value::String(item_kind.clone()));
                }
                if !fields.contains_key("apiVersion") {
                    let api_version = api_version.clone().unwrap_or_else(|| {
                        panic!("{}: the {list_kind} has no apiVersion", file.display())
                    });
                    fields.insert("apiVersion".into(), Value::String(api_version));
                }
                out.push(item);
            }
        }
        Value::Object(_) => out.push(value),
        other => panic!(
            "{}: expected objects, lists or arrays, got {other}",
            file.display()
        ),
    }
}

fn shift_times(value: &mut Value, shift: chrono::Duration) {
    match value {
        Value::String(text) => {
            if let Some(shifted) = shift_timestamp(text, shift) {
                *text = shifted;
            }
        }
        Value::Array(values) => values
            .iter_mut()
            .for_each(|value| shift_times(value, shift)),
        Value::Object(fields) => fields
            .values_mut()
            .for_each(|value| shift_times(value, shift)),
        _ => {}
    }
}

/// `Some` when the whole string is an RFC 3339 timestamp: the shifted time in
/// UTC, with as many fractional digits as before (Time has none, MicroTime 6).
fn shift_timestamp(text: &str, shift: chrono::Duration) -> Option<String> {
    let bytes = text.as_bytes();
    if bytes.len() < 20 || bytes[4] != b'-' || bytes[7] != b'-' || !matches!(bytes[10], b'T' | b't')
    {
        return None;
    }
    let time = DateTime::parse_from_rfc3339(text).ok()?;
    let digits = text[19..]
        .strip_prefix('.')
        .map(|fraction| fraction.bytes().take_while(u8::is_ascii_digit).count())
        .unwrap_or(0);
    let format = match digits {
        0 => SecondsFormat::Secs,
        1..=3 => SecondsFormat::Millis,
        4..=6 => SecondsFormat::Micros,
        _ => SecondsFormat::Nanos,
    };
    Some((time.with_timezone(&Utc) + shift).to_rfc3339_opts(format, true))
}

/// A kubeconfig with one context, "fixture", for the API server at `server`.
pub fn kubeconfig_for(server: &str, token: &str, namespace: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Config\ncurrent-context: fixture\nclusters:\n{}contexts:\n{}users:\n- name: fixture-user\n  user:\n    token: {}\n",
        cluster_entry("fixture", server),
        context_entry("fixture", "fixture-user", namespace),
        quoted(token)
    )
}

fn quoted(text: &str) -> String {
    // A JSON string is a valid YAML double-quoted scalar.
    serde_json::to_string(text).unwrap()
}

fn cluster_entry(name: &str, server: &str) -> String {
    format!(
        "- name: {name}\n  cluster:\n    server: {}\n",
        quoted(server)
    )
}

fn context_entry(name: &str, user: &str, namespace: &str) -> String {
    format!(
        "- name: {name}\n  context:\n    cluster: {name}\n    user: {user}\n    namespace: {}\n",
        quoted(namespace)
    )
}

// ---------------------------------------------------------------- resources

struct Resource {
    /// "" for the core group.
    group: &'static str,
    version: &'static str,
    plural: &'static str,
    singular: &'static str,
    kind: &'static str,
    namespaced: bool,
    short_names: &'static [&'static str],
    /// Field selector labels this resource accepts besides metadata.name and
    /// metadata.namespace, each with the JSON path it reads ("a|b": the first non-empty).
    fields: &'static [(&'static str, &'static str)],
}

impl Resource {
    fn api_version(&self) -> String {
        if self.group.is_empty() {
            self.version.to_string()
        } else {
            format!("{}/{}", self.group, self.version)
        }
    }
}

const CORE_EVENT_FIELDS: &[(&str, &str)] = &[
    ("involvedObject.kind", "involvedObject.kind"),
    ("involvedObject.namespace", "involvedObject.namespace"),
    ("involvedObject.name", "involvedObject.name"),
    ("involvedObject.uid", "involvedObject.uid"),
    ("involvedObject.apiVersion", "involvedObject.apiVersion"),
    (
        "involvedObject.resourceVersion",
        "involvedObject.resourceVersion",
    ),
    ("involvedObject.fieldPath", "involvedObject.fieldPath"),
    ("reason", "reason"),
    ("reportingComponent", "reportingComponent"),
    ("source", "source.component|reportingComponent"),
    ("type", "type"),
];

const EVENTS_V1_FIELDS: &[(&str, &str)] = &[
    ("regarding.kind", "regarding.kind"),
    ("regarding.namespace", "regarding.namespace"),
    ("regarding.name", "regarding.name"),
    ("regarding.uid", "regarding.uid"),
    ("regarding.apiVersion", "regarding.apiVersion"),
    ("regarding.resourceVersion", "regarding.resourceVersion"),
    ("regarding.fieldPath", "regarding.fieldPath"),
    ("reason", "reason"),
    ("reportingController", "reportingController"),
    ("type", "type"),
];

const RESOURCES: &[Resource] = &[
    Resource {
        group: "",
        version: "v1",
        plural: "pods",
        singular: "pod",
        kind: "Pod",
        namespaced: true,
        short_names: &["po"],
        fields: &[
            ("spec.nodeName", "spec.nodeName"),
            ("spec.restartPolicy", "spec.restartPolicy"),
            ("spec.schedulerName", "spec.schedulerName"),
            ("spec.serviceAccountName", "spec.serviceAccountName"),
            ("spec.hostNetwork", "spec.hostNetwork"),
            ("status.phase", "status.phase"),
            ("status.podIP", "status.podIP"),
            ("status.nominatedNodeName", "status.nominatedNodeName"),
        ],
    },
    Resource {
        group: "",
        version: "v1",
        plural: "events",
        singular: "event",
        kind: "Event",
        namespaced: true,
        short_names: &["ev"],
        fields: CORE_EVENT_FIELDS,
    },
    Resource {
        group: "",
        version: "v1",
        plural: "configmaps",
        singular: "configmap",
        kind: "ConfigMap",
        namespaced: true,
        short_names: &["cm"],
        fields: &[],
    },
    Resource {
        group: "",
        version: "v1",
        plural: "nodes",
        singular: "node",
        kind: "Node",
        namespaced: false,
        short_names: &["no"],
        fields: &[("spec.unschedulable", "spec.unschedulable")],
    },
    Resource {
        group: "",
        version: "v1",
        plural: "namespaces",
        singular: "namespace",
        kind: "Namespace",
        namespaced: false,
        short_names: &["ns"],
        fields: &[("status.phase", "status.phase")],
    },
    Resource {
        group: "apps",
        version: "v1",
        plural: "deployments",
        singular: "deployment",
        kind: "Deployment",
        namespaced: true,
        short_names: &["deploy"],
        fields: &[],
    },
    Resource {
        group: "apps",
        version: "v1",
        plural: "statefulsets",
        singular: "statefulset",
        kind: "StatefulSet",
        namespaced: true,
        short_names: &["sts"],
        fields: &[],
    },
    Resource {
        group: "apps",
        version: "v1",
        plural: "daemonsets",
        singular: "daemonset",
        kind: "DaemonSet",
        namespaced: true,
        short_names: &["ds"],
        fields: &[],
    },
    Resource {
        group: "apps",
        version: "v1",
        plural: "replicasets",
        singular: "replicaset",
        kind: "ReplicaSet",
        namespaced: true,
        short_names: &["rs"],
        fields: &[("status.replicas", "status.replicas")],
    },
    Resource {
        group: "autoscaling",
        version: "v2",
        plural: "horizontalpodautoscalers",
        singular: "horizontalpodautoscaler",
        kind: "HorizontalPodAutoscaler",
        namespaced: true,
        short_names: &["hpa"],
        fields: &[],
    },
    Resource {
        group: "events.k8s.io",
        version: "v1",
        plural: "events",
        singular: "event",
        kind: "Event",
        namespaced: true,
        short_names: &["ev"],
        fields: EVENTS_V1_FIELDS,
    },
];

/// The API groups besides core, in discovery order.
const GROUPS: &[(&str, &str)] = &[
    ("apps", "v1"),
    ("autoscaling", "v2"),
    ("events.k8s.io", "v1"),
];

/// core/v1 Event field → events.k8s.io/v1 Event field, as the API server converts them.
const EVENT_FIELDS: &[(&str, &str)] = &[
    ("metadata", "metadata"),
    ("eventTime", "eventTime"),
    ("series", "series"),
    ("reportingComponent", "reportingController"),
    ("reportingInstance", "reportingInstance"),
    ("action", "action"),
    ("reason", "reason"),
    ("involvedObject", "regarding"),
    ("related", "related"),
    ("message", "note"),
    ("type", "type"),
    ("source", "deprecatedSource"),
    ("firstTimestamp", "deprecatedFirstTimestamp"),
    ("lastTimestamp", "deprecatedLastTimestamp"),
    ("count", "deprecatedCount"),
];

fn convert_event(event: &Value, to_events_v1: bool) -> Value {
    let mut out = Map::new();
    out.insert("kind".into(), "Event".into());
    out.insert(
        "apiVersion".into(),
        if to_events_v1 {
            "events.k8s.io/v1"
        } else {
            "v1"
        }
        .into(),
    );
    for (core, events_v1) in EVENT_FIELDS {
        let (from, to) = if to_events_v1 {
            (core, events_v1)
        } else {
            (events_v1, core)
        };
        if let Some(value) = event.get(from) {
            out.insert(to.to_string(), value.clone());
        }
    }
    // A zero MicroTime is written as null, never left out.
    out.entry("eventTime").or_insert(Value::Null);
    Value::Object(out)
}

// ---------------------------------------------------------------- state

struct Item {
    namespace: String,
    name: String,
    value: Value,
    /// The object, serialized once.
    json: String,
}

struct State {
    /// One sorted collection per entry of RESOURCES.
    collections: Vec<Vec<Item>>,
    faults: Faults,
    resource_version: u64,
    requests: Arc<Mutex<Vec<String>>>,
    stopped: AtomicBool,
    connections: Mutex<HashMap<u64, TcpStream>>,
    next_connection: AtomicU64,
}

impl State {
    fn new(objects: Vec<Value>, faults: Faults) -> State {
        let position = |group: &str, kind: &str| {
            RESOURCES
                .iter()
                .position(|resource| resource.group == group && resource.kind == kind)
                .unwrap()
        };
        let core_events = position("", "Event");
        let events_v1 = position("events.k8s.io", "Event");
        let mut buckets: Vec<Vec<Value>> = RESOURCES.iter().map(|_| Vec::new()).collect();
        for object in objects {
            let api_version = object["apiVersion"].as_str().unwrap_or("").to_string();
            let kind = object["kind"].as_str().unwrap_or("").to_string();
            match (api_version.as_str(), kind.as_str()) {
                ("v1", "Event") => {
                    buckets[events_v1].push(convert_event(&object, true));
                    buckets[core_events].push(object);
                }
                ("events.k8s.io/v1", "Event") => {
                    buckets[core_events].push(convert_event(&object, false));
                    buckets[events_v1].push(object);
                }
                _ => {
                    let index = RESOURCES
                        .iter()
                        .position(|resource| {
                            resource.kind == kind && resource.api_version() == api_version
                        })
                        .unwrap_or_else(|| {
                            panic!("the fixture cluster serves no {api_version:?} {kind:?}")
                        });
                    buckets[index].push(object);
                }
            }
        }
        let mut resource_version = 1;
        let mut collections = Vec::new();
        for (resource, objects) in RESOURCES.iter().zip(buckets) {
            let mut items: Vec<Item> = objects
                .into_iter()
                .map(|value| {
                    let metadata = &value["metadata"];
                    let name = metadata["name"].as_str().unwrap_or_else(|| {
                        panic!("a {} without metadata.name: {value}", resource.kind)
                    });
                    let namespace = metadata["namespace"].as_str();
                    assert_eq!(
                        namespace.is_some(),
                        resource.namespaced,
                        "{} {name}: metadata.namespace {}",
                        resource.kind,
                        if resource.namespaced {
                            "is required"
                        } else {
                            "is not allowed"
                        }
                    );
                    if let Some(version) = metadata["resourceVersion"]
                        .as_str()
                        .and_then(|text| text.parse::<u64>().ok())
                    {
                        resource_version = resource_version.max(version);
                    }
                    Item {
                        namespace: namespace.unwrap_or("").to_string(),
                        name: name.to_string(),
                        json: value.to_string(),
                        value,
                    }
                })
                .collect();
            items.sort_by(|a, b| (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name)));
            for pair in items.windows(2) {
                assert!(
                    (&pair[0].namespace, &pair[0].name) != (&pair[1].namespace, &pair[1].name),
                    "two {} objects named {}/{}",
                    resource.kind,
                    pair[0].namespace,
                    pair[0].name
                );
            }
            collections.push(items);
        }
        State {
            collections,
            faults,
            resource_version,
            requests: Arc::new(Mutex::new(Vec::new())),
            stopped: AtomicBool::new(false),
            connections: Mutex::new(HashMap::new()),
            next_connection: AtomicU64::new(0),
        }
    }

    fn is_missing(&self, resource: &Resource) -> bool {
        self.faults
            .missing
            .iter()
            .any(|plural| plural == resource.plural)
    }

    fn served(&self, group: &str, version: &str) -> Vec<&'static Resource> {
        RESOURCES
            .iter()
            .filter(|resource| {
                resource.group == group && resource.version == version && !self.is_missing(resource)
            })
            .collect()
    }
}

// ---------------------------------------------------------------- HTTP

#[derive(Default)]
struct Headers {
    authorization: Option<String>,
    accept: String,
    content_length: u64,
    chunked: bool,
    close: bool,
}

enum Answer {
    Respond {
        status: u16,
        content_type: &'static str,
        body: Vec<u8>,
    },
    /// Hold the connection without a word, then close it.
    Hang,
}

/// Unregisters a connection when its thread ends.
struct Registered<'a> {
    state: &'a State,
    id: u64,
}

impl Drop for Registered<'_> {
    fn drop(&mut self) {
        self.state.connections.lock().unwrap().remove(&self.id);
    }
}

fn serve(stream: TcpStream, state: &State) {
    let _ = stream.set_nodelay(true);
    let port = stream
        .local_addr()
        .map(|address| address.port())
        .unwrap_or(0);
    let id = state.next_connection.fetch_add(1, Ordering::SeqCst);
    let Ok(clone) = stream.try_clone() else {
        return;
    };
    state.connections.lock().unwrap().insert(id, clone);
    let _registered = Registered { state, id };
    if state.stopped.load(Ordering::SeqCst) {
        return;
    }
    let Ok(read_half) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(read_half);
    let mut writer = stream;
    loop {
        let mut request_line = String::new();
        if reader.read_line(&mut request_line).unwrap_or(0) == 0 {
            return;
        }
        let request_line = request_line.trim_end().to_string();
        if request_line.is_empty() {
            continue;
        }
        let mut parts = request_line.split_whitespace();
        let method = parts.next().unwrap_or("").to_string();
        let target = parts.next().unwrap_or("").to_string();
        let http_version = parts.next().unwrap_or("HTTP/1.1").to_string();
        let mut headers = Headers {
            close: http_version == "HTTP/1.0",
            ..Headers::default()
        };
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            let Some((name, value)) = line.split_once(':') else {
                continue;
            };
            let value = value.trim();
            match name.trim().to_ascii_lowercase().as_str() {
                "authorization" => headers.authorization = Some(value.to_string()),
                "accept" => headers.accept = value.to_string(),
                "content-length" => headers.content_length = value.parse().unwrap_or(0),
                "transfer-encoding" => headers.chunked = value.eq_ignore_ascii_case("chunked"),
                "connection" => {
                    if value.eq_ignore_ascii_case("close") {
                        headers.close = true;
                    } else if value.eq_ignore_ascii_case("keep-alive") {
                        headers.close = false;
                    }
                }
                _ => {}
            }
        }
        state
            .requests
            .lock()
            .unwrap()
            .push(format!("{method} {target}"));
        // Clients here send no bodies; skip one if sent, and give up on chunked ones after answering.
        if headers.content_length > 0
            && std::io::copy(
                &mut reader.by_ref().take(headers.content_length),
                &mut std::io::sink(),
            )
            .is_err()
        {
            return;
        }
        let close = headers.close || headers.chunked;
        match answer(state, &method, &target, &headers, port) {
            Answer::Hang => {
                let until = Instant::now() + HANG;
                while Instant::now() < until && !state.stopped.load(Ordering::SeqCst) {
                    std::thread::sleep(Duration::from_millis(20));
                }
                return;
            }
            Answer::Respond {
                status,
                content_type,
                body,
            } => {
                let mut response = format!(
                    "HTTP/1.1 {status} {}\r\nAudit-Id: {}\r\nCache-Control: no-cache, private\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n{}\r\n",
                    reason_phrase(status),
                    audit_id(state),
                    body.len(),
                    if close { "Connection: close\r\n" } else { "" }
                )
                .into_bytes();
                response.extend_from_slice(&body);
                if writer.write_all(&response).is_err() || close {
                    return;
                }
            }
        }
        if state.stopped.load(Ordering::SeqCst) {
            return;
        }
    }
}

fn reason_phrase(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        410 => "Gone",
        _ => "Fixture",
    }
}

fn audit_id(state: &State) -> String {
    let n = state.requests.lock().unwrap().len() as u64;
    format!("5f1d7c2e-0b9a-4c3e-8d21-{n:012x}")
}

fn json_answer(status: u16, body: String) -> Answer {
    Answer::Respond {
        status,
        content_type: "application/json",
        body: body.into_bytes(),
    }
}

/// A `Status` failure, as the API server writes one.
fn status_answer(code: u16, reason: &str, message: &str, details: Option<Value>) -> Answer {
    let mut status = json!({
        "kind": "Status",
        "apiVersion": "v1",
        "metadata": {},
        "status": "Failure",
        "message": message,
        "reason": reason,
        "code": code,
    });
    if let Some(details) = details {
        status["details"] = details;
    }
    json_answer(code, status.to_string())
}

fn path_not_found() -> Answer {
    status_answer(
        404,
        "NotFound",
        "the server could not find the requested resource",
        Some(json!({})),
    )
}

fn bad_request(message: &str) -> Answer {
    status_answer(400, "BadRequest", message, None)
}

fn answer(state: &State, method: &str, target: &str, headers: &Headers, port: u16) -> Answer {
    let authorized = |token: &String| {
        headers.authorization.as_deref() == Some(format!("Bearer {token}").as_str())
    };
    if state
        .faults
        .token
        .as_ref()
        .is_some_and(|token| !authorized(token))
    {
        return status_answer(401, "Unauthorized", "Unauthorized", None);
    }
    if method != "GET" {
        return status_answer(
            405,
            "MethodNotAllowed",
            "the server does not allow this method on the requested resource",
            Some(json!({})),
        );
    }
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let params = parse_query(query);
    if params
        .iter()
        .any(|(name, value)| name == "watch" && (value == "true" || value == "1"))
    {
        return status_answer(
            405,
            "MethodNotAllowed",
            "watch is not served by the fixture cluster: triage only gets and lists",
            Some(json!({})),
        );
    }
    let segments: Vec<String> = path
        .split('/')
        .filter(|segment| !segment.is_empty())
        .map(|segment| percent_decode(segment, false))
        .collect();
    let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
    let aggregated = headers.accept.contains("as=APIGroupDiscoveryList");
    match segments.as_slice() {
        ["version"] => json_answer(200, VERSION.to_string()),
        ["healthz"] | ["livez"] | ["readyz"] => Answer::Respond {
            status: 200,
            content_type: "text/plain; charset=utf-8",
            body: b"ok".to_vec(),
        },
        ["api"] if aggregated => aggregated_discovery(state, true),
        ["api"] => json_answer(
            200,
            json!({
                "kind": "APIVersions",
                "versions": ["v1"],
                "serverAddressByClientCIDRs": [
                    {"clientCIDR": "0.0.0.0/0", "serverAddress": format!("127.0.0.1:{port}")}
                ],
            })
            .to_string(),
        ),
        ["apis"] if aggregated => aggregated_discovery(state, false),
        ["apis"] => {
            let groups: Vec<Value> = GROUPS
                .iter()
                .filter(|(group, version)| !state.served(group, version).is_empty())
                .map(|(group, version)| {
                    let group_version = json!({"groupVersion": format!("{group}/{version}"), "version": version});
                    json!({"name": group, "versions": [group_version.clone()], "preferredVersion": group_version})
                })
                .collect();
            json_answer(
                200,
                json!({"kind": "APIGroupList", "apiVersion": "v1", "groups": groups}).to_string(),
            )
        }
        ["api", "v1"] => resource_list(state, "", "v1"),
        ["apis", group, version] => resource_list(state, group, version),
        ["api", "v1", rest @ ..] => {
            resource_request(state, "", "v1", rest, &params, &headers.accept)
        }
        ["apis", group, version, rest @ ..] => {
            resource_request(state, group, version, rest, &params, &headers.accept)
        }
        _ => path_not_found(),
    }
}

fn resource_list(state: &State, group: &str, version: &str) -> Answer {
    let served = state.served(group, version);
    if served.is_empty() {
        return path_not_found();
    }
    let group_version = if group.is_empty() {
        version.to_string()
    } else {
        format!("{group}/{version}")
    };
    let resources: Vec<Value> = served
        .iter()
        .map(|resource| {
            json!({
                "name": resource.plural,
                "singularName": resource.singular,
                "namespaced": resource.namespaced,
                "kind": resource.kind,
                "verbs": ["get", "list"],
                "shortNames": resource.short_names,
            })
        })
        .collect();
    json_answer(
        200,
        json!({"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": group_version, "resources": resources})
            .to_string(),
    )
}

/// Aggregated discovery (apidiscovery.k8s.io/v2), for clients that ask for it.
fn aggregated_discovery(state: &State, core: bool) -> Answer {
    let groups: Vec<(&str, &str)> = if core {
        vec![("", "v1")]
    } else {
        GROUPS.to_vec()
    };
    let items: Vec<Value> = groups
        .into_iter()
        .filter(|(group, version)| !state.served(group, version).is_empty())
        .map(|(group, version)| {
            let resources: Vec<Value> = state
                .served(group, version)
                .iter()
                .map(|resource| {
                    json!({
                        "resource": resource.plural,
                        "responseKind": {"group": group, "version": version, "kind": resource.kind},
                        "scope": if resource.namespaced { "Namespaced" } else { "Cluster" },
                        "singularResource": resource.singular,
                        "verbs": ["get", "list"],
                        "shortNames": resource.short_names,
                    })
                })
                .collect();
            let mut metadata = json!({"creationTimestamp": null});
            if !group.is_empty() {
                metadata["name"] = group.into();
            }
            json!({"metadata": metadata, "versions": [{"version": version, "resources": resources, "freshness": "Current"}]})
        })
        .collect();
    Answer::Respond {
        status: 200,
        content_type: "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList",
        body: json!({"kind": "APIGroupDiscoveryList", "apiVersion": "apidiscovery.k8s.io/v2", "metadata": {}, "items": items})
            .to_string()
            .into_bytes(),
    }
}

fn resource_request(
    state: &State,
    group: &str,
    version: &str,
    rest: &[&str],
    params: &[(String, String)],
    accept: &str,
) -> Answer {
    let (namespace, plural, name) = match rest {
        ["namespaces", namespace, plural] => (Some(*namespace), *plural, None),
        ["namespaces", namespace, plural, name] => (Some(*namespace), *plural, Some(*name)),
        [plural] => (None, *plural, None),
        [plural, name] => (None, *plural, Some(*name)),
        _ => return path_not_found(),
    };
    let Some(index) = RESOURCES.iter().position(|resource| {
        resource.group == group && resource.version == version && resource.plural == plural
    }) else {
        return path_not_found();
    };
    let resource = &RESOURCES[index];
    let scoped_wrongly = if resource.namespaced {
        namespace.is_none() && name.is_some()
    } else {
        namespace.is_some()
    };
    if scoped_wrongly || state.is_missing(resource) {
        return path_not_found();
    }
    let has = |faults: &[String]| faults.iter().any(|fault| fault == plural);
    if has(&state.faults.forbidden) {
        return forbidden(resource, namespace, name);
    }
    if has(&state.faults.hanging) {
        return Answer::Hang;
    }
    let metadata_only = accept.contains("as=PartialObjectMetadata");
    let answer = match name {
        Some(name) => get_one(state, index, namespace.unwrap_or(""), name, metadata_only),
        None => list(state, index, namespace, params, metadata_only),
    };
    match answer {
        Answer::Respond {
            status: 200,
            content_type,
            mut body,
        } if has(&state.faults.malformed) => {
            body.truncate(body.len() / 2);
            Answer::Respond {
                status: 200,
                content_type,
                body,
            }
        }
        other => other,
    }
}

fn forbidden(resource: &Resource, namespace: Option<&str>, name: Option<&str>) -> Answer {
    let verb = if name.is_some() { "get" } else { "list" };
    let subject = match name {
        Some(name) => format!("{} {name:?}", resource.plural),
        None => resource.plural.to_string(),
    };
    let scope = match namespace {
        Some(namespace) => format!("in the namespace {namespace:?}"),
        None => "at the cluster scope".to_string(),
    };
    let message = format!(
        "{subject} is forbidden: User {USER:?} cannot {verb} resource {:?} in API group {:?} {scope}",
        resource.plural, resource.group
    );
    let mut details = json!({"kind": resource.plural});
    if let Some(name) = name {
        details["name"] = name.into();
    }
    if !resource.group.is_empty() {
        details["group"] = resource.group.into();
    }
    status_answer(403, "Forbidden", &message, Some(details))
}

fn partial_metadata(item: &Item) -> String {
    json!({
        "kind": "PartialObjectMetadata",
        "apiVersion": "meta.k8s.io/v1",
        "metadata": item.value["metadata"],
    })
    .to_string()
}

fn get_one(
    state: &State,
    index: usize,
    namespace: &str,
    name: &str,
    metadata_only: bool,
) -> Answer {
    let items = &state.collections[index];
    let found = items.binary_search_by(|item| {
        (item.namespace.as_str(), item.name.as_str()).cmp(&(namespace, name))
    });
    match found {
        Ok(position) if metadata_only => json_answer(200, partial_metadata(&items[position])),
        Ok(position) => json_answer(200, items[position].json.clone()),
        Err(_) => {
            let resource = &RESOURCES[index];
            let mut details = json!({"name": name, "kind": resource.plural});
            if !resource.group.is_empty() {
                details["group"] = resource.group.into();
            }
            status_answer(
                404,
                "NotFound",
                &format!("{} {name:?} not found", resource.plural),
                Some(details),
            )
        }
    }
}

fn list(
    state: &State,
    index: usize,
    namespace: Option<&str>,
    params: &[(String, String)],
    metadata_only: bool,
) -> Answer {
    let resource = &RESOURCES[index];
    let items = &state.collections[index];
    let range = match namespace {
        Some(namespace) => {
            let start = items.partition_point(|item| item.namespace.as_str() < namespace);
            let end = items.partition_point(|item| item.namespace.as_str() <= namespace);
            start..end
        }
        None => 0..items.len(),
    };
    let param = |name: &str| {
        params
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
            .filter(|value| !value.is_empty())
    };
    let labels = match param("labelSelector").map(parse_label_selector).transpose() {
        Ok(labels) => labels.unwrap_or_default(),
        Err(message) => return bad_request(&message),
    };
    let fields = match param("fieldSelector")
        .map(|selector| parse_field_selector(selector, resource))
        .transpose()
    {
        Ok(fields) => fields.unwrap_or_default(),
        Err(message) => return bad_request(&message),
    };
    let limit = param("limit")
        .and_then(|limit| limit.parse::<usize>().ok())
        .filter(|limit| *limit > 0);
    let start = match param("continue") {
        None => range.start,
        Some(token) => match decode_continue(token, state.resource_version) {
            Some(start) if range.contains(&start) || start == range.end => start,
            _ => {
                return status_answer(
                    410,
                    "Expired",
                    "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.",
                    None,
                );
            }
        },
    };
    let selected = |item: &Item| {
        labels.iter().all(|term| term.matches(&item.value))
            && fields.iter().all(|term| term.matches(&item.value))
    };
    let mut body = String::new();
    let mut count = 0;
    let mut next = None;
    for (position, item) in items[start..range.end].iter().enumerate() {
        if !selected(item) {
            continue;
        }
        if limit.is_some_and(|limit| count == limit) {
            next = Some(start + position);
            break;
        }
        if count > 0 {
            body.push(',');
        }
        if metadata_only {
            body.push_str(&partial_metadata(item));
        } else {
            body.push_str(&item.json);
        }
        count += 1;
    }
    let mut metadata = json!({"resourceVersion": state.resource_version.to_string()});
    if let Some(next) = next {
        metadata["continue"] = encode_continue(next, state.resource_version).into();
        // The API server counts what is left only when nothing is filtered.
        if labels.is_empty() && fields.is_empty() {
            metadata["remainingItemCount"] = (range.end - next).into();
        }
    }
    let (kind, api_version) = if metadata_only {
        (
            "PartialObjectMetadataList".to_string(),
            "meta.k8s.io/v1".to_string(),
        )
    } else {
        (format!("{}List", resource.kind), resource.api_version())
    };
    json_answer(
        200,
        format!(
            r#"{{"kind":"{kind}","apiVersion":"{api_version}","metadata":{metadata},"items":[{body}]}}"#
        ),
    )
}

// ---------------------------------------------------------------- continue tokens

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Base64url (no padding) of `{"v":"meta.k8s.io/v1","rv":…,"start":…}`, shaped like the API server's.
fn encode_continue(start: usize, resource_version: u64) -> String {
    let text = json!({"v": "meta.k8s.io/v1", "rv": resource_version, "start": start}).to_string();
    let mut out = String::new();
    for chunk in text.as_bytes().chunks(3) {
        let bits = chunk.iter().enumerate().fold(0u32, |bits, (i, byte)| {
            bits | u32::from(*byte) << (16 - 8 * i)
        });
        for i in 0..=chunk.len() {
            out.push(BASE64[(bits >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

fn decode_continue(token: &str, resource_version: u64) -> Option<usize> {
    let mut bytes = Vec::new();
    let mut bits = 0u32;
    let mut count = 0;
    for character in token.bytes() {
        let value = BASE64.iter().position(|c| *c == character)? as u32;
        bits = bits << 6 | value;
        count += 6;
        if count >= 8 {
            count -= 8;
            bytes.push((bits >> count & 0xff) as u8);
        }
    }
    let decoded: Value = serde_json::from_slice(&bytes).ok()?;
    if decoded["v"] != "meta.k8s.io/v1" || decoded["rv"].as_u64()? != resource_version {
        return None;
    }
    usize::try_from(decoded["start"].as_u64()?).ok()
}

// ---------------------------------------------------------------- query and selectors

fn parse_query(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(name, true), percent_decode(value, true))
        })
        .collect()
}

fn percent_decode(text: &str, plus_is_space: bool) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = |byte: u8| (byte as char).to_digit(16);
                match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                    (Some(high), Some(low)) => {
                        out.push((high * 16 + low) as u8);
                        i += 3;
                        continue;
                    }
                    _ => out.push(b'%'),
                }
            }
            b'+' if plus_is_space => out.push(b' '),
            byte => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn lookup<'a>(object: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.')
        .try_fold(object, |value, key| value.get(key))
}

fn field_text(object: &Value, paths: &str) -> String {
    for path in paths.split('|') {
        let text = match lookup(object, path) {
            Some(Value::String(text)) => text.clone(),
            Some(Value::Bool(flag)) => flag.to_string(),
            Some(Value::Number(number)) => number.to_string(),
            _ => String::new(),
        };
        if !text.is_empty() {
            return text;
        }
    }
    String::new()
}

enum LabelTerm {
    Equals(String, String),
    NotEquals(String, String),
    In(String, Vec<String>),
    NotIn(String, Vec<String>),
    Exists(String),
    NotExists(String),
}

impl LabelTerm {
    fn matches(&self, object: &Value) -> bool {
        let labels = &object["metadata"]["labels"];
        let label = |key: &str| labels.get(key).and_then(Value::as_str);
        match self {
            LabelTerm::Equals(key, value) => label(key) == Some(value.as_str()),
            LabelTerm::NotEquals(key, value) => label(key) != Some(value.as_str()),
            LabelTerm::In(key, values) => label(key).is_some_and(|v| values.iter().any(|x| x == v)),
            LabelTerm::NotIn(key, values) => {
                !label(key).is_some_and(|v| values.iter().any(|x| x == v))
            }
            LabelTerm::Exists(key) => label(key).is_some(),
            LabelTerm::NotExists(key) => label(key).is_none(),
        }
    }
}

fn valid_label_part(text: &str, may_be_empty: bool) -> bool {
    (may_be_empty || !text.is_empty())
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
}

/// Equality (`a=b`, `a==b`, `a!=b`), set (`a in (x,y)`, `a notin (x)`) and
/// existence (`a`, `!a`) requirements, comma-separated.
fn parse_label_selector(selector: &str) -> Result<Vec<LabelTerm>, String> {
    let mut terms = Vec::new();
    let mut depth = 0;
    let mut current = String::new();
    let mut raw_terms = Vec::new();
    for c in selector.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                raw_terms.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    raw_terms.push(current);
    for raw in raw_terms {
        let term = raw.trim();
        let invalid =
            || format!("unable to parse requirement: invalid label selector term {term:?}");
        if term.is_empty() {
            continue;
        }
        let parsed = if let Some(key) = term.strip_prefix('!') {
            LabelTerm::NotExists(key.trim().to_string())
        } else if let Some((key, value)) = term.split_once("!=") {
            LabelTerm::NotEquals(key.trim().to_string(), value.trim().to_string())
        } else if let Some((key, value)) = term.split_once("==") {
            LabelTerm::Equals(key.trim().to_string(), value.trim().to_string())
        } else if let Some((key, value)) = term.split_once('=') {
            LabelTerm::Equals(key.trim().to_string(), value.trim().to_string())
        } else if let Some(open) = term.find('(') {
            let (head, values) = term.split_at(open);
            let values = values
                .strip_prefix('(')
                .and_then(|values| values.strip_suffix(')'))
                .ok_or_else(invalid)?;
            let values: Vec<String> = values.split(',').map(|v| v.trim().to_string()).collect();
            let mut words = head.split_whitespace();
            let (Some(key), Some(operator), None) = (words.next(), words.next(), words.next())
            else {
                return Err(invalid());
            };
            match operator {
                "in" => LabelTerm::In(key.to_string(), values),
                "notin" => LabelTerm::NotIn(key.to_string(), values),
                _ => return Err(invalid()),
            }
        } else {
            LabelTerm::Exists(term.to_string())
        };
        let valid = match &parsed {
            LabelTerm::Equals(key, value) | LabelTerm::NotEquals(key, value) => {
                valid_label_part(key, false) && valid_label_part(value, true)
            }
            LabelTerm::In(key, values) | LabelTerm::NotIn(key, values) => {
                valid_label_part(key, false) && values.iter().all(|v| valid_label_part(v, true))
            }
            LabelTerm::Exists(key) | LabelTerm::NotExists(key) => valid_label_part(key, false),
        };
        if !valid {
            return Err(invalid());
        }
        terms.push(parsed);
    }
    Ok(terms)
}

struct FieldTerm {
    paths: &'static str,
    value: String,
    negated: bool,
}

impl FieldTerm {
    fn matches(&self, object: &Value) -> bool {
        (field_text(object, self.paths) == self.value) != self.negated
    }
}

/// `label=value`, `label==value`, `label!=value`, comma-separated, on the
/// labels the resource supports; any other label is refused as the API server does.
fn parse_field_selector(selector: &str, resource: &Resource) -> Result<Vec<FieldTerm>, String> {
    let mut terms = Vec::new();
    for term in selector.split(',').map(str::trim).filter(|t| !t.is_empty()) {
        let (label, value, negated) = if let Some((label, value)) = term.split_once("!=") {
            (label, value, true)
        } else if let Some((label, value)) = term.split_once("==") {
            (label, value, false)
        } else if let Some((label, value)) = term.split_once('=') {
            (label, value, false)
        } else {
            return Err(format!(
                "invalid selector: '{selector}'; can't understand '{term}'"
            ));
        };
        let label = label.trim();
        let paths = match label {
            "metadata.name" => "metadata.name",
            "metadata.namespace" => "metadata.namespace",
            _ => resource
                .fields
                .iter()
                .find(|(name, _)| *name == label)
                .map(|(_, paths)| *paths)
                .ok_or_else(|| format!("field label not supported: {label}"))?,
        };
        terms.push(FieldTerm {
            paths,
            value: value.trim().to_string(),
            negated,
        });
    }
    Ok(terms)
}
