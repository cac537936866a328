//! What changed between two pod templates (the old and the new ReplicaSet of
//! a Deployment, or two ControllerRevisions), as a list of readable changes
//! for `triage k8s rollouts`.
//!
//! Rollouts that break production are often "trivial": in seed-001 a CORS env
//! var went from a string to a JSON array and every pod crash-looped. So the
//! diff shows values precisely enough to spot a change of shape (a literal env
//! value is quoted unless it is a JSON array or object), never shows what
//! looks like a secret, and leaves out what does not change the pods (env
//! order, the `pod-template-hash` label the controller adds to each template).
//!
//! Pure: no I/O. Fields this module does not know get a generic comparison of
//! their JSON, so nothing that changed is silently dropped.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use k8s_openapi::api::core::v1::{
    Container, ContainerPort, EnvFromSource, EnvVar, EnvVarSource, PodSpec, PodTemplateSpec, Probe,
    ResourceRequirements, Volume, VolumeMount,
};
use serde::Serialize;
use serde_json::{Map, Value};

/// Longer values are cut: one line per change must stay readable.
const MAX_CHARS: usize = 200;

/// What a secret-looking value is shown as.
const HIDDEN: &str = "(hidden)";

/// Labels the controllers put on each template: they differ between every two
/// revisions and say nothing about what changed.
const CONTROLLER_LABELS: [&str; 2] = ["pod-template-hash", "controller-revision-hash"];

/// Substrings of env var (and flag) names whose values are never shown.
const SECRET_WORDS: [&str; 12] = [
    "PASS", // PASSWORD, PASSWD, DB_PASS
    "SECRET",
    "TOKEN",
    "KEY",
    "CREDENTIAL",
    "PRIVATE",
    "AUTH",
    "DSN",
    "COOKIE",
    "SESSION",
    "SALT",
    "SIGNING",
];

const CONTAINER_ADDED: &str = "container added";
const CONTAINER_REMOVED: &str = "container removed";

/// Container fields compared one by one; the rest get the generic comparison.
const CONTAINER_FIELDS: [&str; 12] = [
    "name",
    "image",
    "command",
    "args",
    "env",
    "envFrom",
    "resources",
    "ports",
    "livenessProbe",
    "readinessProbe",
    "startupProbe",
    "volumeMounts",
];

/// Pod spec fields compared one by one (or per container); the rest get the
/// generic comparison. `serviceAccount` is the deprecated alias of
/// `serviceAccountName`, which the API server keeps in sync.
const POD_FIELDS: [&str; 7] = [
    "containers",
    "initContainers",
    "serviceAccountName",
    "serviceAccount",
    "volumes",
    "nodeSelector",
    "resources",
];

/// One difference between two pod templates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The container it is about (`None`: the pod as a whole: volumes,
    /// service account, node selector, template labels and annotations...).
    pub container: Option<String>,
    /// Whether `container` is an init container (container names are unique
    /// across both kinds, so the name alone identifies it; this is for the
    /// label).
    pub init_container: bool,
    /// What changed, in kubectl's words: "image", "env CORS_ORIGINS", "args",
    /// "envFrom configMap app-config", "resources.limits.memory",
    /// "volume config", "serviceAccountName", "container added",
    /// "label version", "annotation kubectl.kubernetes.io/restartedAt"...
    pub what: String,
    /// The old value as shown (`None`: it was not there).
    pub before: Option<String>,
    /// The new value as shown (`None`: it is gone).
    pub after: Option<String>,
}

impl fmt::Display for Change {
    /// `container cors-api: env CORS_ORIGINS: "https://a" → ["https://a","https://b"]`,
    /// `… (added) = value`, `… (removed, was value)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(name) = &self.container {
            let kind = if self.init_container {
                "init container"
            } else {
                "container"
            };
            write!(f, "{kind} {name}: ")?;
        }
        f.write_str(&self.what)?;
        match (&self.before, &self.after) {
            (_, Some(image)) if self.what == CONTAINER_ADDED => write!(f, " (image {image})"),
            (Some(image), _) if self.what == CONTAINER_REMOVED => {
                write!(f, " (was image {image})")
            }
            (Some(before), Some(after)) => write!(f, ": {before} → {after}"),
            (None, Some(after)) => write!(f, " (added) = {after}"),
            (Some(before), None) => write!(f, " (removed, was {before})"),
            (None, None) => Ok(()),
        }
    }
}

/// What changed from `old` to `new`, in a stable order: pod-level changes
/// first (template labels, annotations, serviceAccountName, volumes,
/// nodeSelector, resources, then other spec fields by name), then init
/// containers and containers, each in the new template's order followed by
/// the ones that are gone. Within a container: image, command, args, env (by
/// name), envFrom, resources, ports, probes, volumeMounts, then other fields
/// by name. Identical templates give an empty list.
pub fn diff(old: &PodTemplateSpec, new: &PodTemplateSpec) -> Vec<Change> {
    let mut changes = Vec::new();
    let mut pod = Scope {
        changes: &mut changes,
        container: None,
        init: false,
    };
    map_changes(&mut pod, "label ", &labels(old), &labels(new));
    map_changes(
        &mut pod,
        "annotation ",
        &annotations(old),
        &annotations(new),
    );

    // A template without a spec is treated as an empty one: every container
    // shows as added or removed instead of failing.
    let empty = PodSpec::default();
    let old_spec = old.spec.as_ref().unwrap_or(&empty);
    let new_spec = new.spec.as_ref().unwrap_or(&empty);
    pod_spec_changes(&mut pod, old_spec, new_spec);
    container_list_changes(
        &mut changes,
        old_spec.init_containers.as_deref().unwrap_or(&[]),
        new_spec.init_containers.as_deref().unwrap_or(&[]),
        true,
    );
    container_list_changes(
        &mut changes,
        &old_spec.containers,
        &new_spec.containers,
        false,
    );
    changes
}

/// Whether an env var (or flag) with this name holds something secret: its
/// name contains PASSWORD, PASSWD, SECRET, TOKEN, KEY, CREDENTIAL or PRIVATE,
/// in any case. Errs on the side of hiding (`MONKEY` is hidden too): a value
/// wrongly hidden costs a look at the manifest, a leaked one costs a rotation.
///
/// Literal values of such env vars are shown as "(hidden)" (the change still
/// appears). References (`valueFrom`) are always shown ("from secret db key
/// password"): they name where the value comes from, never the value.
pub fn is_secret_name(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    SECRET_WORDS.iter().any(|word| upper.contains(word))
}

/// Where changes go, and which container they are about.
struct Scope<'a> {
    changes: &'a mut Vec<Change>,
    container: Option<&'a str>,
    init: bool,
}

impl Scope<'_> {
    /// Records a change the caller has established; values are cut here.
    fn push(&mut self, what: impl Into<String>, before: Option<String>, after: Option<String>) {
        let what = what.into();
        // An annotation or label named like a secret holds one; so may header
        // values inside a probe or a lifecycle hook shown as JSON.
        let named_secret = ["annotation ", "label "]
            .iter()
            .any(|prefix| what.strip_prefix(prefix).is_some_and(is_secret_name));
        let shown = |value: String| {
            if named_secret {
                HIDDEN.to_string()
            } else {
                cut(hide_userinfo(&hide_secret_json(&value)))
            }
        };
        self.changes.push(Change {
            container: self.container.map(str::to_string),
            init_container: self.init,
            what,
            before: before.map(shown),
            after: after.map(shown),
        });
    }

    /// Records a change when the shown values differ.
    fn push_if_changed(
        &mut self,
        what: impl Into<String>,
        before: Option<String>,
        after: Option<String>,
    ) {
        if before != after {
            self.push(what, before, after);
        }
    }
}

/// Cuts a value to `MAX_CHARS` characters (not bytes: never splits a char).
fn cut(value: String) -> String {
    match value.char_indices().nth(MAX_CHARS) {
        Some((end, _)) => format!("{}…", &value[..end]),
        None => value,
    }
}

fn str_map(map: Option<&BTreeMap<String, String>>) -> BTreeMap<&str, &str> {
    map.into_iter()
        .flatten()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

fn labels(template: &PodTemplateSpec) -> BTreeMap<&str, &str> {
    let mut labels = str_map(template.metadata.as_ref().and_then(|m| m.labels.as_ref()));
    labels.retain(|key, _| !CONTROLLER_LABELS.contains(key));
    labels
}

fn annotations(template: &PodTemplateSpec) -> BTreeMap<&str, &str> {
    str_map(
        template
            .metadata
            .as_ref()
            .and_then(|m| m.annotations.as_ref()),
    )
}

/// One change per key whose value differs, keys sorted; `prefix` and the key
/// make the `what` ("label version", "resources.limits.memory").
fn map_changes(
    scope: &mut Scope<'_>,
    prefix: &str,
    old: &BTreeMap<&str, &str>,
    new: &BTreeMap<&str, &str>,
) {
    let keys: BTreeSet<&str> = old.keys().chain(new.keys()).copied().collect();
    for key in keys {
        scope.push_if_changed(
            format!("{prefix}{key}"),
            old.get(key).map(|v| v.to_string()),
            new.get(key).map(|v| v.to_string()),
        );
    }
}

fn pod_spec_changes(scope: &mut Scope<'_>, old: &PodSpec, new: &PodSpec) {
    let service_account = |spec: &PodSpec| {
        spec.service_account_name
            .clone()
            .or_else(|| spec.service_account.clone())
    };
    scope.push_if_changed(
        "serviceAccountName",
        service_account(old),
        service_account(new),
    );
    volume_changes(scope, old.volumes.as_deref(), new.volumes.as_deref());
    map_changes(
        scope,
        "nodeSelector ",
        &str_map(old.node_selector.as_ref()),
        &str_map(new.node_selector.as_ref()),
    );
    resource_changes(scope, old.resources.as_ref(), new.resources.as_ref());
    generic_changes(scope, &to_json(old), &to_json(new), &POD_FIELDS);
}

/// Volumes by name, sorted. A volume whose source changed kind or name shows
/// as "configMap a → configMap b"; a finer change (items, mode) shows the
/// source's JSON, with the summary in `what` to say which one it is.
fn volume_changes(scope: &mut Scope<'_>, old: Option<&[Volume]>, new: Option<&[Volume]>) {
    let by_name = |volumes: Option<&[Volume]>| -> BTreeMap<String, Value> {
        volumes
            .unwrap_or(&[])
            .iter()
            .map(|volume| {
                let mut source = to_json(volume);
                if let Value::Object(map) = &mut source {
                    map.remove("name");
                }
                (volume.name.clone(), source)
            })
            .collect()
    };
    let (old, new) = (by_name(old), by_name(new));
    let names: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    for name in names {
        let (before, after) = (old.get(name), new.get(name));
        if before == after {
            continue;
        }
        let what = format!("volume {name}");
        match (before.map(volume_summary), after.map(volume_summary)) {
            (Some(b), Some(a)) if b == a => {
                scope.push(
                    format!("{what} ({b})"),
                    before.map(compact),
                    after.map(compact),
                );
            }
            (b, a) => scope.push(what, b, a),
        }
    }
}

/// "configMap cors-config", "secret tls", "persistentVolumeClaim data",
/// "emptyDir", "projected (configMap a, secret b)"...
fn volume_summary(source: &Value) -> String {
    let Some(map) = source.as_object() else {
        return compact(source);
    };
    let Some((kind, body)) = map.iter().find(|(_, body)| !body.is_null()) else {
        return "(no source)".to_string();
    };
    if kind == "projected" {
        let parts: Vec<String> = body
            .get("sources")
            .and_then(Value::as_array)
            .map(|sources| sources.iter().map(volume_summary).collect())
            .unwrap_or_default();
        return format!("projected ({})", parts.join(", "));
    }
    let named_by = [
        "name",
        "secretName",
        "claimName",
        "path",
        "reference",
        "driver",
    ];
    match named_by
        .iter()
        .find_map(|field| body.get(*field).and_then(Value::as_str))
    {
        Some(name) => format!("{kind} {name}"),
        None => kind.clone(),
    }
}

/// Containers of one kind: changed ones in the new order, then the ones gone,
/// in the old order.
fn container_list_changes(
    changes: &mut Vec<Change>,
    old: &[Container],
    new: &[Container],
    init: bool,
) {
    let old_by_name: BTreeMap<&str, &Container> =
        old.iter().map(|c| (c.name.as_str(), c)).collect();
    let new_names: BTreeSet<&str> = new.iter().map(|c| c.name.as_str()).collect();
    let image = |c: &Container| c.image.clone().unwrap_or_else(|| "(none)".to_string());
    for container in new {
        let mut scope = Scope {
            changes: &mut *changes,
            container: Some(&container.name),
            init,
        };
        match old_by_name.get(container.name.as_str()) {
            Some(before) => container_changes(&mut scope, before, container),
            None => scope.push(CONTAINER_ADDED, None, Some(image(container))),
        }
    }
    for container in old.iter().filter(|c| !new_names.contains(c.name.as_str())) {
        let mut scope = Scope {
            changes: &mut *changes,
            container: Some(&container.name),
            init,
        };
        scope.push(CONTAINER_REMOVED, Some(image(container)), None);
    }
}

fn container_changes(scope: &mut Scope<'_>, old: &Container, new: &Container) {
    scope.push_if_changed("image", old.image.clone(), new.image.clone());
    scope.push_if_changed(
        "command",
        argv(old.command.as_deref()),
        argv(new.command.as_deref()),
    );
    scope.push_if_changed("args", argv(old.args.as_deref()), argv(new.args.as_deref()));
    env_changes(scope, old.env.as_deref(), new.env.as_deref());
    env_from_changes(scope, old.env_from.as_deref(), new.env_from.as_deref());
    resource_changes(scope, old.resources.as_ref(), new.resources.as_ref());
    scope.push_if_changed(
        "ports",
        ports(old.ports.as_deref()),
        ports(new.ports.as_deref()),
    );
    probe_changes(
        scope,
        "livenessProbe",
        old.liveness_probe.as_ref(),
        new.liveness_probe.as_ref(),
    );
    probe_changes(
        scope,
        "readinessProbe",
        old.readiness_probe.as_ref(),
        new.readiness_probe.as_ref(),
    );
    probe_changes(
        scope,
        "startupProbe",
        old.startup_probe.as_ref(),
        new.startup_probe.as_ref(),
    );
    volume_mount_changes(
        scope,
        old.volume_mounts.as_deref(),
        new.volume_mounts.as_deref(),
    );
    generic_changes(scope, &to_json(old), &to_json(new), &CONTAINER_FIELDS);
}

/// A command or args as a JSON array, with secret-looking flag values hidden
/// (`--db-password=x`, `--token x`): argv is as public as the template.
fn argv(args: Option<&[String]>) -> Option<String> {
    let args = args.filter(|a| !a.is_empty())?;
    let mut shown = Vec::with_capacity(args.len());
    let mut hide_next = false;
    for arg in args {
        if hide_next {
            shown.push(HIDDEN.to_string());
            hide_next = false;
            continue;
        }
        match arg.split_once('=') {
            Some((name, _)) if is_secret_name(name) => shown.push(format!("{name}={HIDDEN}")),
            Some(_) => shown.push(arg.clone()),
            None => {
                // A bare secret-named flag takes its value from the next arg.
                hide_next = arg.starts_with('-') && is_secret_name(arg);
                shown.push(arg.clone());
            }
        }
    }
    Some(compact(&Value::from(shown)))
}

/// Env vars by name, sorted, so reordering is no change. Duplicates: the last
/// one wins, as in the kubelet.
fn env_changes(scope: &mut Scope<'_>, old: Option<&[EnvVar]>, new: Option<&[EnvVar]>) {
    let (old, new) = (env_by_name(old), env_by_name(new));
    let names: BTreeSet<&str> = old.keys().chain(new.keys()).copied().collect();
    for name in names {
        let (before, after) = (old.get(name), new.get(name));
        let same = match (before, after) {
            (Some(b), Some(a)) => same_env(b, a),
            (None, None) => true,
            _ => false,
        };
        // Compared on the values, not on what is shown: two hidden values
        // look the same and the change must still appear.
        if !same {
            scope.push(
                format!("env {name}"),
                before.map(|v| env_value(v)),
                after.map(|v| env_value(v)),
            );
        }
    }
}

fn env_by_name(vars: Option<&[EnvVar]>) -> BTreeMap<&str, &EnvVar> {
    vars.unwrap_or(&[])
        .iter()
        .map(|v| (v.name.as_str(), v))
        .collect()
}

/// An absent value and an empty one are the same to the container.
fn same_env(a: &EnvVar, b: &EnvVar) -> bool {
    a.value.as_deref().unwrap_or("") == b.value.as_deref().unwrap_or("")
        && a.value_from == b.value_from
}

fn env_value(var: &EnvVar) -> String {
    if let Some(source) = &var.value_from {
        return env_source(source);
    }
    if is_secret_name(&var.name) {
        return HIDDEN.to_string();
    }
    literal(var.value.as_deref().unwrap_or(""))
}

/// In a value shown as JSON (a probe, a lifecycle hook, a field compared as a
/// whole), `{"name": "Authorization", "value": "Bearer …"}` pairs and keys that
/// look secret keep their shape but not their values.
fn hide_secret_json(value: &str) -> String {
    let trimmed = value.trim_start();
    if !(trimmed.starts_with('{') || trimmed.starts_with('[')) {
        return value.to_string();
    }
    let Ok(mut json) = serde_json::from_str::<Value>(value) else {
        return value.to_string();
    };
    fn walk(value: &mut Value) {
        match value {
            Value::Object(map) => {
                let secret_pair = map
                    .get("name")
                    .and_then(Value::as_str)
                    .is_some_and(is_secret_name);
                for (key, inner) in map.iter_mut() {
                    if (key == "value" && secret_pair) || (is_secret_name(key) && inner.is_string())
                    {
                        *inner = Value::from(HIDDEN);
                    } else {
                        walk(inner);
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(walk),
            _ => {}
        }
    }
    walk(&mut json);
    json.to_string()
}

/// Credentials inside URLs (`postgres://app:pw@db/orders`) are hidden whatever
/// the variable is called: `postgres://***@db/orders`.
pub fn hide_userinfo(value: &str) -> String {
    let mut shown = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(start) = rest.find("://") {
        let (before, after) = rest.split_at(start + 3);
        shown.push_str(before);
        let authority_end = after
            .find(|c: char| c == '/' || c == '?' || c == '#' || c == '"' || c.is_whitespace())
            .unwrap_or(after.len());
        match after[..authority_end].rfind('@') {
            Some(at) => {
                shown.push_str("***");
                rest = &after[at..];
            }
            None => rest = after,
        }
    }
    shown.push_str(rest);
    shown
}

/// A literal value quoted, except a JSON array or object shown as is: the
/// difference between `"https://a"` and `["https://a"]` is the seed-001
/// outage. Multi-line JSON is quoted to keep one change on one line.
fn literal(raw: &str) -> String {
    let trimmed = raw.trim_start();
    let structured = (trimmed.starts_with('[') || trimmed.starts_with('{'))
        && !raw.chars().any(char::is_control)
        && serde_json::from_str::<Value>(raw).is_ok_and(|v| v.is_array() || v.is_object());
    if structured {
        raw.to_string()
    } else {
        compact(&Value::from(raw))
    }
}

fn env_source(source: &EnvVarSource) -> String {
    let optional = |flag: Option<bool>| {
        if flag == Some(true) {
            " (optional)"
        } else {
            ""
        }
    };
    if let Some(r) = &source.config_map_key_ref {
        format!(
            "from configMap {} key {}{}",
            r.name,
            r.key,
            optional(r.optional)
        )
    } else if let Some(r) = &source.secret_key_ref {
        format!(
            "from secret {} key {}{}",
            r.name,
            r.key,
            optional(r.optional)
        )
    } else if let Some(r) = &source.field_ref {
        format!("from field {}", r.field_path)
    } else if let Some(r) = &source.resource_field_ref {
        let mut shown = format!("from resource {}", r.resource);
        if let Some(container) = &r.container_name {
            shown.push_str(&format!(" of container {container}"));
        }
        if let Some(divisor) = &r.divisor {
            shown.push_str(&format!(" divisor {}", divisor.0));
        }
        shown
    } else {
        format!("from {}", compact(&to_json(source)))
    }
}

/// envFrom sources by kind and name. Their order decides which wins when two
/// define the same key, so a reordering is reported too.
fn env_from_changes(
    scope: &mut Scope<'_>,
    old: Option<&[EnvFromSource]>,
    new: Option<&[EnvFromSource]>,
) {
    let entries = |sources: Option<&[EnvFromSource]>| -> Vec<(String, String)> {
        sources
            .unwrap_or(&[])
            .iter()
            .map(|s| (env_from_key(s), env_from_value(s)))
            .collect()
    };
    let (old, new) = (entries(old), entries(new));
    let find = |list: &[(String, String)], key: &str| {
        list.iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    };
    let mut seen = BTreeSet::new();
    for (key, _) in new.iter().chain(old.iter()) {
        if seen.insert(key.as_str()) {
            scope.push_if_changed(format!("envFrom {key}"), find(&old, key), find(&new, key));
        }
    }
    let common = |list: &[(String, String)], other: &[(String, String)]| -> Vec<String> {
        list.iter()
            .filter(|(k, _)| other.iter().any(|(o, _)| o == k))
            .map(|(k, _)| k.clone())
            .collect()
    };
    let (old_order, new_order) = (common(&old, &new), common(&new, &old));
    if old_order != new_order {
        scope.push(
            "envFrom order",
            Some(old_order.join(", ")),
            Some(new_order.join(", ")),
        );
    }
}

fn env_from_key(source: &EnvFromSource) -> String {
    if let Some(r) = &source.config_map_ref {
        format!("configMap {}", r.name)
    } else if let Some(r) = &source.secret_ref {
        format!("secret {}", r.name)
    } else {
        compact(&to_json(source))
    }
}

fn env_from_value(source: &EnvFromSource) -> String {
    let mut shown = "all keys".to_string();
    if let Some(prefix) = source.prefix.as_deref().filter(|p| !p.is_empty()) {
        shown.push_str(&format!(", prefixed {prefix}"));
    }
    let optional = source
        .config_map_ref
        .as_ref()
        .and_then(|r| r.optional)
        .or_else(|| source.secret_ref.as_ref().and_then(|r| r.optional));
    if optional == Some(true) {
        shown.push_str(" (optional)");
    }
    shown
}

/// One change per resource name: "resources.limits.memory: 256Mi → 512Mi"
/// says which knob was turned.
fn resource_changes(
    scope: &mut Scope<'_>,
    old: Option<&ResourceRequirements>,
    new: Option<&ResourceRequirements>,
) {
    if to_json(&old) == to_json(&new) {
        return;
    }
    for section in ["limits", "requests"] {
        map_changes(
            scope,
            &format!("resources.{section}."),
            &quantities(old, section),
            &quantities(new, section),
        );
    }
    let claims = |r: Option<&ResourceRequirements>| {
        r.and_then(|r| r.claims.as_ref())
            .filter(|c| !c.is_empty())
            .map(|c| compact(&to_json(c)))
    };
    scope.push_if_changed("resources.claims", claims(old), claims(new));
}

fn quantities<'a>(
    resources: Option<&'a ResourceRequirements>,
    section: &str,
) -> BTreeMap<&'a str, &'a str> {
    let map = resources.and_then(|r| match section {
        "limits" => r.limits.as_ref(),
        _ => r.requests.as_ref(),
    });
    map.into_iter()
        .flatten()
        .map(|(name, quantity)| (name.as_str(), quantity.0.as_str()))
        .collect()
}

/// Ports as a sorted list: their order means nothing.
fn ports(ports: Option<&[ContainerPort]>) -> Option<String> {
    let mut shown: Vec<String> = ports
        .unwrap_or(&[])
        .iter()
        .map(|p| {
            let mut s = format!(
                "{}/{}",
                p.container_port,
                p.protocol.as_deref().unwrap_or("TCP")
            );
            if let Some(name) = &p.name {
                s.push_str(&format!(" ({name})"));
            }
            if let Some(host_port) = p.host_port {
                s.push_str(&format!(
                    " host {}{host_port}",
                    p.host_ip
                        .as_deref()
                        .map(|ip| format!("{ip}:"))
                        .unwrap_or_default()
                ));
            }
            s
        })
        .collect();
    if shown.is_empty() {
        return None;
    }
    shown.sort();
    Some(shown.join(", "))
}

/// A probe changes as a whole, shown compactly; when the compact form hides
/// the difference (headers, say), both sides are shown as JSON.
fn probe_changes(scope: &mut Scope<'_>, what: &str, old: Option<&Probe>, new: Option<&Probe>) {
    let (old_json, new_json) = (old.map(to_json), new.map(to_json));
    if old_json == new_json {
        return;
    }
    let (before, after) = (
        old_json.as_ref().map(probe_summary),
        new_json.as_ref().map(probe_summary),
    );
    if before == after {
        scope.push(
            what,
            old_json.as_ref().map(compact),
            new_json.as_ref().map(compact),
        );
    } else {
        scope.push(what, before, after);
    }
}

/// "httpGet :8080/healthz delay=5s period=10s timeout=1s failure=3".
fn probe_summary(probe: &Value) -> String {
    let field = |v: &Value, name: &str| v.get(name).map(scalar).unwrap_or_default();
    let mut parts = Vec::new();
    if let Some(http) = probe.get("httpGet") {
        let scheme = match field(http, "scheme").as_str() {
            "" | "HTTP" => String::new(),
            other => format!("{} ", other),
        };
        parts.push(format!(
            "httpGet {scheme}{}:{}{}",
            field(http, "host"),
            field(http, "port"),
            field(http, "path")
        ));
    } else if let Some(tcp) = probe.get("tcpSocket") {
        parts.push(format!(
            "tcpSocket {}:{}",
            field(tcp, "host"),
            field(tcp, "port")
        ));
    } else if let Some(exec) = probe.get("exec") {
        parts.push(format!(
            "exec {}",
            exec.get("command").map(compact).unwrap_or_default()
        ));
    } else if let Some(grpc) = probe.get("grpc") {
        let service = field(grpc, "service");
        let service = if service.is_empty() {
            service
        } else {
            format!(" service {service}")
        };
        parts.push(format!("grpc :{}{service}", field(grpc, "port")));
    }
    let settings = [
        ("initialDelaySeconds", "delay", "s"),
        ("periodSeconds", "period", "s"),
        ("timeoutSeconds", "timeout", "s"),
        ("successThreshold", "success", ""),
        ("failureThreshold", "failure", ""),
        ("terminationGracePeriodSeconds", "grace", "s"),
    ];
    for (name, short, unit) in settings {
        if let Some(value) = probe.get(name) {
            parts.push(format!("{short}={}{unit}", scalar(value)));
        }
    }
    parts.join(" ")
}

/// Mounts by path (a volume can be mounted at several).
fn volume_mount_changes(
    scope: &mut Scope<'_>,
    old: Option<&[VolumeMount]>,
    new: Option<&[VolumeMount]>,
) {
    let by_path = |mounts: Option<&[VolumeMount]>| -> BTreeMap<String, String> {
        mounts
            .unwrap_or(&[])
            .iter()
            .map(|m| {
                let mut shown = m.name.clone();
                if let Some(sub_path) = m.sub_path.as_deref().filter(|s| !s.is_empty()) {
                    shown.push_str(&format!(" subPath {sub_path}"));
                }
                if let Some(expr) = m.sub_path_expr.as_deref().filter(|s| !s.is_empty()) {
                    shown.push_str(&format!(" subPathExpr {expr}"));
                }
                if m.read_only == Some(true) {
                    shown.push_str(" (read-only)");
                }
                if let Some(rro) = &m.recursive_read_only {
                    shown.push_str(&format!(" recursiveReadOnly {rro}"));
                }
                if let Some(propagation) = &m.mount_propagation {
                    shown.push_str(&format!(" propagation {propagation}"));
                }
                (m.mount_path.clone(), shown)
            })
            .collect()
    };
    let (old, new) = (by_path(old), by_path(new));
    let paths: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    for path in paths {
        scope.push_if_changed(
            format!("volumeMount {path}"),
            old.get(path).cloned(),
            new.get(path).cloned(),
        );
    }
}

/// Every other field, by its JSON name: nothing that changed goes unseen.
/// Absent, null and empty are the same (the API server drops empty lists).
fn generic_changes(scope: &mut Scope<'_>, old: &Value, new: &Value, handled: &[&str]) {
    let empty = Map::new();
    let (old, new) = (
        old.as_object().unwrap_or(&empty),
        new.as_object().unwrap_or(&empty),
    );
    let present =
        |map: &Map<String, Value>, key: &str| map.get(key).filter(|v| !is_empty(v)).cloned();
    let keys: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    for key in keys.into_iter().filter(|k| !handled.contains(&k.as_str())) {
        let (before, after) = (present(old, key), present(new, key));
        if before != after {
            scope.push(
                key.clone(),
                before.as_ref().map(scalar),
                after.as_ref().map(scalar),
            );
        }
    }
}

fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Array(items) => items.is_empty(),
        Value::Object(map) => map.is_empty(),
        _ => false,
    }
}

fn to_json<T: Serialize>(value: &T) -> Value {
    // k8s-openapi types always serialize; Null keeps this total anyway.
    serde_json::to_value(value).unwrap_or(Value::Null)
}

fn compact(value: &Value) -> String {
    value.to_string()
}

/// A string as is, anything else as compact JSON.
fn scalar(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => compact(other),
    }
}

#[cfg(test)]
mod userinfo_tests {
    use super::hide_userinfo;

    #[test]
    fn annotations_named_like_secrets_are_hidden() {
        use k8s_openapi::api::core::v1::PodTemplateSpec;
        let template = |token: &str| -> PodTemplateSpec {
            serde_json::from_value(serde_json::json!({
                "metadata": {"annotations": {"example.com/api-token": token, "team": token}}
            }))
            .unwrap()
        };
        let changes = super::diff(&template("canary-old"), &template("canary-new"));
        let shown: Vec<String> = changes.iter().map(ToString::to_string).collect();
        assert_eq!(shown.len(), 2, "{shown:#?}");
        assert!(
            shown
                .iter()
                .any(|c| c == "annotation example.com/api-token: (hidden) → (hidden)"),
            "{shown:#?}"
        );
        assert!(
            shown.iter().any(|c| c.contains("canary-new")),
            "an ordinary annotation is shown: {shown:#?}"
        );
    }

    #[test]
    fn secret_headers_in_json_are_hidden() {
        let probe = r#"{"httpGet":{"path":"/healthz","httpHeaders":[{"name":"Authorization","value":"Bearer canary-token"},{"name":"X-Env","value":"prod"}]}}"#;
        let shown = super::hide_secret_json(probe);
        assert!(!shown.contains("canary-token"), "{shown}");
        assert!(shown.contains("prod"), "{shown}");
        assert_eq!(super::hide_secret_json("plain text"), "plain text");
    }

    #[test]
    fn credentials_in_urls_are_hidden() {
        assert_eq!(
            hide_userinfo("\"postgres://app:pw@db:5432/orders?sslmode=require\""),
            "\"postgres://***@db:5432/orders?sslmode=require\""
        );
        assert_eq!(
            hide_userinfo("https://example.com/a@b"),
            "https://example.com/a@b"
        );
        assert_eq!(
            hide_userinfo("amqp://u:p@mq,redis://:secret@cache"),
            "amqp://***@mq,redis://***@cache"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_openapi::api::core::v1::{
        ConfigMapEnvSource, ConfigMapKeySelector, ConfigMapVolumeSource, HTTPGetAction,
        ObjectFieldSelector, PodSecurityContext, SecretKeySelector, SecurityContext,
    };
    use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
    use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
    use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

    fn container(name: &str, image: &str) -> Container {
        Container {
            name: name.to_string(),
            image: Some(image.to_string()),
            ..Container::default()
        }
    }

    fn template(containers: Vec<Container>) -> PodTemplateSpec {
        PodTemplateSpec {
            metadata: Some(ObjectMeta {
                labels: Some(BTreeMap::from([
                    ("app".to_string(), "cors-api".to_string()),
                    ("pod-template-hash".to_string(), "6d4cf56db6".to_string()),
                ])),
                ..ObjectMeta::default()
            }),
            spec: Some(PodSpec {
                containers,
                ..PodSpec::default()
            }),
        }
    }

    fn env(name: &str, value: &str) -> EnvVar {
        EnvVar {
            name: name.to_string(),
            value: Some(value.to_string()),
            value_from: None,
        }
    }

    fn env_from(name: &str, source: EnvVarSource) -> EnvVar {
        EnvVar {
            name: name.to_string(),
            value: None,
            value_from: Some(source),
        }
    }

    fn with_env(vars: Vec<EnvVar>) -> Container {
        Container {
            env: Some(vars),
            ..container("cors-api", "registry/cors-api:1.4.2")
        }
    }

    fn spec_mut(t: &mut PodTemplateSpec) -> &mut PodSpec {
        t.spec.as_mut().expect("test templates have a spec")
    }

    fn change(
        container: Option<&str>,
        what: &str,
        before: Option<&str>,
        after: Option<&str>,
    ) -> Change {
        Change {
            container: container.map(str::to_string),
            init_container: false,
            what: what.to_string(),
            before: before.map(str::to_string),
            after: after.map(str::to_string),
        }
    }

    fn shown(changes: &[Change]) -> Vec<String> {
        changes.iter().map(Change::to_string).collect()
    }

    #[test]
    fn seed_001_env_from_string_to_json_array() {
        let old = template(vec![with_env(vec![env("CORS_ORIGINS", "https://a")])]);
        let new = template(vec![with_env(vec![env(
            "CORS_ORIGINS",
            r#"["https://a","https://b"]"#,
        )])]);
        let changes = diff(&old, &new);
        assert_eq!(
            changes,
            vec![change(
                Some("cors-api"),
                "env CORS_ORIGINS",
                Some(r#""https://a""#),
                Some(r#"["https://a","https://b"]"#),
            )]
        );
        assert_eq!(
            changes[0].to_string(),
            "container cors-api: env CORS_ORIGINS: \"https://a\" → [\"https://a\",\"https://b\"]"
        );
    }

    #[test]
    fn image_bump() {
        let old = template(vec![container("web", "nginx:1.25")]);
        let new = template(vec![container("web", "nginx:1.27")]);
        assert_eq!(
            shown(&diff(&old, &new)),
            ["container web: image: nginx:1.25 → nginx:1.27"]
        );
    }

    #[test]
    fn added_env_from_config_map_key_ref() {
        let old = template(vec![with_env(vec![])]);
        let source = EnvVarSource {
            config_map_key_ref: Some(ConfigMapKeySelector {
                name: "cors-config".to_string(),
                key: "origins".to_string(),
                optional: None,
            }),
            ..EnvVarSource::default()
        };
        let new = template(vec![with_env(vec![env_from("CORS_ORIGINS", source)])]);
        let changes = diff(&old, &new);
        assert_eq!(
            changes,
            vec![change(
                Some("cors-api"),
                "env CORS_ORIGINS",
                None,
                Some("from configMap cors-config key origins"),
            )]
        );
        assert_eq!(
            changes[0].to_string(),
            "container cors-api: env CORS_ORIGINS (added) = from configMap cors-config key origins"
        );
    }

    #[test]
    fn secret_named_env_value_is_hidden_but_the_change_appears() {
        let old = template(vec![with_env(vec![
            env("DB_PASSWORD", "hunter2"),
            env("api_key", "k1"),
        ])]);
        let new = template(vec![with_env(vec![
            env("DB_PASSWORD", "hunter3"),
            env("api_key", "k1"),
            env("GITHUB_TOKEN", "ghp_abc"),
        ])]);
        let changes = diff(&old, &new);
        assert_eq!(
            changes,
            vec![
                change(
                    Some("cors-api"),
                    "env DB_PASSWORD",
                    Some(HIDDEN),
                    Some(HIDDEN)
                ),
                change(Some("cors-api"), "env GITHUB_TOKEN", None, Some(HIDDEN)),
            ]
        );
        let text = shown(&changes).join("\n");
        for secret in ["hunter2", "hunter3", "ghp_abc"] {
            assert!(!text.contains(secret), "{secret} leaked in {text}");
        }
    }

    #[test]
    fn secret_key_ref_shows_the_reference() {
        let old = template(vec![with_env(vec![env("DB_PASSWORD", "hunter2")])]);
        let source = EnvVarSource {
            secret_key_ref: Some(SecretKeySelector {
                name: "db".to_string(),
                key: "password".to_string(),
                optional: Some(true),
            }),
            ..EnvVarSource::default()
        };
        let new = template(vec![with_env(vec![env_from("DB_PASSWORD", source)])]);
        assert_eq!(
            shown(&diff(&old, &new)),
            [
                "container cors-api: env DB_PASSWORD: (hidden) → from secret db key password (optional)"
            ]
        );
    }

    #[test]
    fn field_ref_is_shown_as_a_reference() {
        let source = EnvVarSource {
            field_ref: Some(ObjectFieldSelector {
                api_version: None,
                field_path: "metadata.namespace".to_string(),
            }),
            ..EnvVarSource::default()
        };
        let old = template(vec![with_env(vec![env("NAMESPACE", "prod")])]);
        let new = template(vec![with_env(vec![env_from("NAMESPACE", source)])]);
        assert_eq!(
            shown(&diff(&old, &new)),
            ["container cors-api: env NAMESPACE: \"prod\" → from field metadata.namespace"]
        );
    }

    #[test]
    fn resources_change_per_quantity() {
        let resources = |pairs: &[(&str, &str, &str)]| {
            let mut r = ResourceRequirements::default();
            for (section, name, quantity) in pairs {
                let map = if *section == "limits" {
                    &mut r.limits
                } else {
                    &mut r.requests
                };
                map.get_or_insert_with(BTreeMap::new)
                    .insert(name.to_string(), Quantity(quantity.to_string()));
            }
            Some(r)
        };
        let mut old = template(vec![container("api", "api:1")]);
        let mut new = old.clone();
        spec_mut(&mut old).containers[0].resources =
            resources(&[("limits", "cpu", "500m"), ("limits", "memory", "256Mi")]);
        spec_mut(&mut new).containers[0].resources = resources(&[
            ("limits", "cpu", "500m"),
            ("limits", "memory", "512Mi"),
            ("requests", "cpu", "100m"),
        ]);
        assert_eq!(
            diff(&old, &new),
            vec![
                change(
                    Some("api"),
                    "resources.limits.memory",
                    Some("256Mi"),
                    Some("512Mi")
                ),
                change(Some("api"), "resources.requests.cpu", None, Some("100m")),
            ]
        );
    }

    #[test]
    fn container_added_and_removed() {
        let old = template(vec![
            container("api", "api:1"),
            container("statsd", "statsd:0.9"),
        ]);
        let new = template(vec![
            container("envoy", "envoy:1.30"),
            container("api", "api:1"),
        ]);
        let changes = diff(&old, &new);
        assert_eq!(
            changes,
            vec![
                change(Some("envoy"), CONTAINER_ADDED, None, Some("envoy:1.30")),
                change(Some("statsd"), CONTAINER_REMOVED, Some("statsd:0.9"), None),
            ]
        );
        assert_eq!(
            shown(&changes),
            [
                "container envoy: container added (image envoy:1.30)",
                "container statsd: container removed (was image statsd:0.9)",
            ]
        );
    }

    #[test]
    fn init_containers_are_labelled_and_come_before_containers() {
        let mut old = template(vec![container("api", "api:1")]);
        spec_mut(&mut old).init_containers = Some(vec![container("migrate", "api:1")]);
        let mut new = template(vec![container("api", "api:2")]);
        spec_mut(&mut new).init_containers = Some(vec![container("migrate", "api:2")]);
        let changes = diff(&old, &new);
        assert!(changes[0].init_container);
        assert_eq!(
            shown(&changes),
            [
                "init container migrate: image: api:1 → api:2",
                "container api: image: api:1 → api:2",
            ]
        );
    }

    #[test]
    fn volume_config_map_name_changed() {
        let volume = |config_map: &str| Volume {
            name: "config".to_string(),
            config_map: Some(ConfigMapVolumeSource {
                name: config_map.to_string(),
                ..ConfigMapVolumeSource::default()
            }),
            ..Volume::default()
        };
        let mut old = template(vec![container("api", "api:1")]);
        let mut new = old.clone();
        spec_mut(&mut old).volumes = Some(vec![volume("cors-config")]);
        spec_mut(&mut new).volumes = Some(vec![volume("cors-config-v2")]);
        let changes = diff(&old, &new);
        assert_eq!(
            changes,
            vec![change(
                None,
                "volume config",
                Some("configMap cors-config"),
                Some("configMap cors-config-v2")
            )]
        );
        assert_eq!(
            changes[0].to_string(),
            "volume config: configMap cors-config → configMap cors-config-v2"
        );

        // Same config map, other mode: the summary names it, JSON shows how.
        let mut newer = old.clone();
        spec_mut(&mut newer).volumes.as_mut().unwrap()[0]
            .config_map
            .as_mut()
            .unwrap()
            .default_mode = Some(0o400);
        let changes = diff(&old, &newer);
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].what, "volume config (configMap cors-config)");
        assert_eq!(
            changes[0].after.as_deref(),
            Some(r#"{"configMap":{"defaultMode":256,"name":"cors-config"}}"#)
        );
    }

    #[test]
    fn restarted_at_annotation_is_kept() {
        let old = template(vec![container("api", "api:1")]);
        let mut new = old.clone();
        new.metadata.as_mut().unwrap().annotations = Some(BTreeMap::from([(
            "kubectl.kubernetes.io/restartedAt".to_string(),
            "2025-03-01T10:00:00Z".to_string(),
        )]));
        assert_eq!(
            shown(&diff(&old, &new)),
            ["annotation kubectl.kubernetes.io/restartedAt (added) = 2025-03-01T10:00:00Z"]
        );
    }

    #[test]
    fn template_labels_change_but_not_the_pod_template_hash() {
        let old = template(vec![container("api", "api:1")]);
        let mut new = old.clone();
        let labels = new.metadata.as_mut().unwrap().labels.as_mut().unwrap();
        labels.insert("pod-template-hash".to_string(), "7f9c8b5d4".to_string());
        labels.insert("version".to_string(), "1.5".to_string());
        assert_eq!(
            diff(&old, &new),
            vec![change(None, "label version", None, Some("1.5"))]
        );
    }

    #[test]
    fn identical_templates_have_no_changes() {
        let t = template(vec![
            with_env(vec![env("A", "1")]),
            container("sidecar", "envoy:1"),
        ]);
        assert!(diff(&t, &t.clone()).is_empty());
    }

    #[test]
    fn reordered_env_is_no_change() {
        let old = template(vec![with_env(vec![
            env("A", "1"),
            env("B", "2"),
            env("C", "3"),
        ])]);
        let new = template(vec![with_env(vec![
            env("C", "3"),
            env("A", "1"),
            env("B", "2"),
        ])]);
        assert!(diff(&old, &new).is_empty());
    }

    #[test]
    fn env_changes_are_sorted_by_name_and_empty_equals_absent() {
        let old = template(vec![with_env(vec![
            env("Z", "1"),
            env("EMPTY", ""),
            env("A", "1"),
        ])]);
        let mut new_vars = vec![env("Z", "2"), env("A", "2")];
        new_vars.push(EnvVar {
            name: "EMPTY".to_string(),
            ..EnvVar::default()
        });
        let new = template(vec![with_env(new_vars)]);
        let whats: Vec<String> = diff(&old, &new).into_iter().map(|c| c.what).collect();
        assert_eq!(whats, ["env A", "env Z"]);
    }

    #[test]
    fn empty_templates_never_panic() {
        let empty = PodTemplateSpec::default();
        assert!(diff(&empty, &empty).is_empty());
        let no_containers = PodTemplateSpec {
            metadata: None,
            spec: Some(PodSpec::default()),
        };
        assert!(diff(&empty, &no_containers).is_empty());

        let full = template(vec![container("api", "api:1")]);
        assert_eq!(
            diff(&empty, &full),
            vec![
                change(None, "label app", None, Some("cors-api")),
                change(Some("api"), CONTAINER_ADDED, None, Some("api:1")),
            ]
        );
        assert_eq!(
            diff(&full, &empty),
            vec![
                change(None, "label app", Some("cors-api"), None),
                change(Some("api"), CONTAINER_REMOVED, Some("api:1"), None),
            ]
        );
        // A container without an image (which the API rejects) still diffs.
        let bare = template(vec![Container {
            name: "bare".to_string(),
            ..Container::default()
        }]);
        assert_eq!(
            shown(&diff(&bare, &full)),
            [
                "container api: container added (image api:1)",
                "container bare: container removed (was image (none))",
            ]
        );
    }

    #[test]
    fn changes_within_a_container_follow_the_documented_order() {
        let mut old = with_env(vec![env("A", "1")]);
        old.args = Some(vec!["--port=80".to_string()]);
        let mut new = with_env(vec![env("A", "2")]);
        new.image = Some("registry/cors-api:1.5.0".to_string());
        new.args = Some(vec!["--port=8080".to_string()]);
        new.env_from = Some(vec![EnvFromSource {
            config_map_ref: Some(ConfigMapEnvSource {
                name: "app-config".to_string(),
                optional: None,
            }),
            prefix: Some("APP_".to_string()),
            secret_ref: None,
        }]);
        new.volume_mounts = Some(vec![VolumeMount {
            name: "config".to_string(),
            mount_path: "/etc/cors".to_string(),
            read_only: Some(true),
            ..VolumeMount::default()
        }]);
        new.security_context = Some(SecurityContext {
            run_as_non_root: Some(true),
            ..SecurityContext::default()
        });
        let changes = diff(&template(vec![old]), &template(vec![new]));
        assert_eq!(
            shown(&changes),
            [
                "container cors-api: image: registry/cors-api:1.4.2 → registry/cors-api:1.5.0",
                "container cors-api: args: [\"--port=80\"] → [\"--port=8080\"]",
                "container cors-api: env A: \"1\" → \"2\"",
                "container cors-api: envFrom configMap app-config (added) = all keys, prefixed APP_",
                "container cors-api: volumeMount /etc/cors (added) = config (read-only)",
                "container cors-api: securityContext (added) = {\"runAsNonRoot\":true}",
            ]
        );
    }

    #[test]
    fn pod_level_changes_come_first() {
        let mut old = template(vec![container("api", "api:1")]);
        let mut new = template(vec![container("api", "api:2")]);
        spec_mut(&mut old).service_account_name = Some("api".to_string());
        spec_mut(&mut new).service_account_name = Some("api-v2".to_string());
        spec_mut(&mut new).node_selector = Some(BTreeMap::from([(
            "disktype".to_string(),
            "ssd".to_string(),
        )]));
        spec_mut(&mut new).security_context = Some(PodSecurityContext {
            fs_group: Some(2000),
            ..PodSecurityContext::default()
        });
        spec_mut(&mut new).termination_grace_period_seconds = Some(60);
        assert_eq!(
            shown(&diff(&old, &new)),
            [
                "serviceAccountName: api → api-v2",
                "nodeSelector disktype (added) = ssd",
                "securityContext (added) = {\"fsGroup\":2000}",
                "terminationGracePeriodSeconds (added) = 60",
                "container api: image: api:1 → api:2",
            ]
        );
    }

    #[test]
    fn probes_change_as_a_whole_and_compactly() {
        let probe = |path: &str, period: i32| Probe {
            http_get: Some(HTTPGetAction {
                path: Some(path.to_string()),
                port: IntOrString::Int(8080),
                ..HTTPGetAction::default()
            }),
            period_seconds: Some(period),
            failure_threshold: Some(3),
            ..Probe::default()
        };
        let mut old = container("api", "api:1");
        old.readiness_probe = Some(probe("/healthz", 10));
        let mut new = old.clone();
        new.readiness_probe = Some(probe("/ready", 5));
        new.liveness_probe = Some(probe("/healthz", 10));
        assert_eq!(
            shown(&diff(&template(vec![old]), &template(vec![new]))),
            [
                "container api: livenessProbe (added) = httpGet :8080/healthz period=10s failure=3",
                "container api: readinessProbe: httpGet :8080/healthz period=10s failure=3 → httpGet :8080/ready period=5s failure=3",
            ]
        );
    }

    #[test]
    fn secret_looking_flags_are_hidden_in_args() {
        let mut old = container("api", "api:1");
        old.args = Some(vec![
            "--db-password=hunter2".to_string(),
            "--token".to_string(),
            "abc".to_string(),
        ]);
        let mut new = old.clone();
        new.args = Some(vec![
            "--db-password=hunter3".to_string(),
            "--token".to_string(),
            "abc".to_string(),
            "-v".to_string(),
        ]);
        let changes = diff(&template(vec![old]), &template(vec![new]));
        assert_eq!(
            changes[0].after.as_deref(),
            Some(r#"["--db-password=(hidden)","--token","(hidden)","-v"]"#)
        );
        let text = shown(&changes).join("\n");
        assert!(!text.contains("hunter") && !text.contains("abc"), "{text}");
    }

    #[test]
    fn ports_ignore_order() {
        let port = |n: i32, name: &str| ContainerPort {
            container_port: n,
            name: Some(name.to_string()),
            protocol: Some("TCP".to_string()),
            ..ContainerPort::default()
        };
        let mut old = container("api", "api:1");
        old.ports = Some(vec![port(8080, "http"), port(9090, "metrics")]);
        let mut new = old.clone();
        new.ports = Some(vec![port(9090, "metrics"), port(8080, "http")]);
        assert!(diff(&template(vec![old.clone()]), &template(vec![new.clone()])).is_empty());
        new.ports = Some(vec![port(8081, "http")]);
        assert_eq!(
            shown(&diff(&template(vec![old]), &template(vec![new]))),
            ["container api: ports: 8080/TCP (http), 9090/TCP (metrics) → 8081/TCP (http)"]
        );
    }

    #[test]
    fn long_values_are_cut_by_chars() {
        let long = "é".repeat(300);
        let old = template(vec![with_env(vec![env("GREETING", "short")])]);
        let new = template(vec![with_env(vec![env("GREETING", &long)])]);
        let after = diff(&old, &new)[0].after.clone().unwrap();
        assert_eq!(after.chars().count(), MAX_CHARS + 1);
        assert!(after.starts_with("\"éé") && after.ends_with("é…"));
        assert_eq!(cut("abc".to_string()), "abc");
        assert_eq!(cut("x".repeat(MAX_CHARS)), "x".repeat(MAX_CHARS));
    }

    #[test]
    fn literals_are_quoted_unless_json_structures() {
        assert_eq!(literal("https://a"), r#""https://a""#);
        assert_eq!(literal("8080"), r#""8080""#);
        assert_eq!(literal(""), r#""""#);
        assert_eq!(literal(r#"{"a":1}"#), r#"{"a":1}"#);
        assert_eq!(literal("[not json"), r#""[not json""#);
        assert_eq!(literal("[1,\n2]"), r#""[1,\n2]""#);
    }

    #[test]
    fn secret_names() {
        for name in [
            "DB_PASSWORD",
            "db_passwd",
            "ClientSecret",
            "GITHUB_TOKEN",
            "api_key",
            "AWS_CREDENTIALS",
            "TLS_PRIVATE",
        ] {
            assert!(is_secret_name(name), "{name}");
        }
        for name in ["CORS_ORIGINS", "PORT", "LOG_LEVEL", ""] {
            assert!(!is_secret_name(name), "{name}");
        }
    }
}
