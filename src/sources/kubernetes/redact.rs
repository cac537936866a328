//! What a recorded cluster must not carry: the values of environment
//! variables and arguments named like secrets, credentials inside URLs, and
//! `last-applied-configuration` annotations (a ConfigMap's hold its data).
//! A redacted value keeps a short SHA-256 prefix, so a rollout that changed a
//! secret still shows *that* it changed, never what it is.

use super::snapshot::ClusterSnapshot;
use crate::analyze::kubernetes::template_diff::{hide_userinfo, is_secret_name};
use k8s_openapi::api::core::v1::{Container, PodSpec, PodTemplateSpec};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";

/// Scrubs every object of the snapshot in place.
pub fn for_the_record(snapshot: &mut ClusterSnapshot) {
    for pod in &mut snapshot.pods {
        metadata(&mut pod.metadata);
        if let Some(spec) = &mut pod.spec {
            pod_spec(spec);
        }
    }
    for deployment in &mut snapshot.deployments {
        metadata(&mut deployment.metadata);
        if let Some(spec) = &mut deployment.spec {
            template(&mut spec.template);
        }
    }
    for replicaset in &mut snapshot.replicasets {
        metadata(&mut replicaset.metadata);
        if let Some(template_spec) = replicaset
            .spec
            .as_mut()
            .and_then(|spec| spec.template.as_mut())
        {
            template(template_spec);
        }
    }
    for statefulset in &mut snapshot.statefulsets {
        metadata(&mut statefulset.metadata);
        if let Some(spec) = &mut statefulset.spec {
            template(&mut spec.template);
        }
    }
    for daemonset in &mut snapshot.daemonsets {
        metadata(&mut daemonset.metadata);
        if let Some(spec) = &mut daemonset.spec {
            template(&mut spec.template);
        }
    }
    for configmap in &mut snapshot.configmaps {
        metadata(configmap);
    }
    for node in &mut snapshot.nodes {
        metadata(&mut node.metadata);
    }
    for hpa in &mut snapshot.hpas {
        metadata(&mut hpa.metadata);
    }
}

fn metadata(meta: &mut ObjectMeta) {
    if let Some(annotations) = &mut meta.annotations {
        annotations.remove(LAST_APPLIED);
        for (key, value) in annotations.iter_mut() {
            if is_secret_name(key) {
                *value = redacted(value);
            } else {
                *value = hide_userinfo(value);
            }
        }
    }
}

fn template(template: &mut PodTemplateSpec) {
    if let Some(meta) = &mut template.metadata {
        metadata(meta);
    }
    if let Some(spec) = &mut template.spec {
        pod_spec(spec);
    }
}

fn pod_spec(spec: &mut PodSpec) {
    spec.containers.iter_mut().for_each(container);
    for init in spec.init_containers.iter_mut().flatten() {
        container(init);
    }
}

fn container(container: &mut Container) {
    for variable in container.env.iter_mut().flatten() {
        if let Some(value) = &mut variable.value {
            *value = if is_secret_name(&variable.name) {
                redacted(value)
            } else {
                hide_userinfo(value)
            };
        }
    }
    for argument in container
        .args
        .iter_mut()
        .flatten()
        .chain(container.command.iter_mut().flatten())
    {
        *argument = match argument.split_once('=') {
            Some((flag, value)) if is_secret_name(flag) => format!("{flag}={}", redacted(value)),
            _ => hide_userinfo(argument),
        };
    }
}

/// `<redacted sha256:1a2b3c4d>`: enough to see a change, not to learn the value.
pub fn redacted(value: &str) -> String {
    let digest = rustls::crypto::aws_lc_rs::default_provider()
        .cipher_suites
        .iter()
        .find_map(|suite| suite.tls13())
        .map(|suite| suite.common.hash_provider.hash(value.as_bytes()))
        .map(|output| {
            output
                .as_ref()
                .iter()
                .take(4)
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
        })
        .unwrap_or_default();
    format!("<redacted sha256:{digest}>")
}

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_openapi::api::core::v1::Pod;

    #[test]
    fn secrets_and_last_applied_never_reach_the_record() {
        let pod: Pod = serde_json::from_value(serde_json::json!({
            "metadata": {"name": "api-1", "namespace": "prod", "annotations": {
                LAST_APPLIED: "{\"data\":{\"password\":\"hunter2\"}}",
                "vault.example/token": "s.canary-token-1"
            }},
            "spec": {"containers": [{
                "name": "api",
                "args": ["--db-password=canary-pass-2", "--verbose"],
                "env": [
                    {"name": "DATABASE_URL", "value": "postgres://app:canary-pass-3@db/orders"},
                    {"name": "API_TOKEN", "value": "canary-token-4"},
                    {"name": "CORS_ORIGINS", "value": "https://app.example.com"}
                ]
            }]}
        }))
        .unwrap();
        let mut snapshot = ClusterSnapshot {
            pods: vec![pod],
            ..ClusterSnapshot::default()
        };
        for_the_record(&mut snapshot);
        let json = serde_json::to_string(&snapshot).unwrap();
        for secret in [
            "hunter2",
            "canary-token-1",
            "canary-pass-2",
            "canary-pass-3",
            "canary-token-4",
        ] {
            assert!(!json.contains(secret), "{secret} in {json}");
        }
        assert!(
            json.contains("https://app.example.com"),
            "ordinary values stay"
        );
        assert!(json.contains("postgres://***@db/orders"));
        assert!(json.contains("--verbose"));
        assert_eq!(redacted("a"), redacted("a"));
        assert_ne!(
            redacted("a"),
            redacted("b"),
            "a changed secret still shows as changed"
        );
    }
}
