//! The manifests in `deploy/`, checked offline: each parses into the real
//! Kubernetes API type of its kind, the role grants exactly the read access
//! triage uses, and the certificate CronJob runs unprivileged without a token.

use k8s_openapi::api::batch::v1::CronJob;
use k8s_openapi::api::rbac::v1::{ClusterRole, ClusterRoleBinding};
use serde_json::Value;
use std::path::Path;

fn manifest(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("deploy")
        .join(name);
    let text =
        std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
    serde_saphyr::from_str(&text).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

#[test]
fn every_manifest_is_a_valid_object_of_its_kind() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".yaml"))
        .collect();
    names.sort();
    assert_eq!(names.len(), 5, "{names:?}");
    for name in names {
        let value = manifest(&name);
        let kind = value["kind"].as_str().unwrap_or_default().to_string();
        let parsed = match kind.as_str() {
            "ServiceAccount" => {
                serde_json::from_value::<k8s_openapi::api::core::v1::ServiceAccount>(value)
                    .map(|_| ())
            }
            "ConfigMap" => {
                serde_json::from_value::<k8s_openapi::api::core::v1::ConfigMap>(value).map(|_| ())
            }
            "ClusterRole" => serde_json::from_value::<ClusterRole>(value).map(|_| ()),
            "ClusterRoleBinding" => serde_json::from_value::<ClusterRoleBinding>(value).map(|_| ()),
            "CronJob" => serde_json::from_value::<CronJob>(value).map(|_| ()),
            other => panic!("{name}: unexpected kind {other:?}"),
        };
        parsed.unwrap_or_else(|err| panic!("{name}: not a valid {kind}: {err}"));
    }
}

#[test]
fn the_role_grants_exactly_the_reads_triage_makes() {
    let role: ClusterRole = serde_json::from_value(manifest("clusterrole.yaml")).unwrap();
    let mut granted = Vec::new();
    for rule in role.rules.unwrap_or_default() {
        for verb in &rule.verbs {
            assert!(
                verb == "get" || verb == "list",
                "a write or watch verb: {verb}"
            );
        }
        for resource in rule.resources.unwrap_or_default() {
            assert_ne!(resource, "secrets", "triage never reads Secrets");
            granted.push(format!("{}:{}", resource, rule.verbs.join(",")));
        }
    }
    granted.sort();
    let mut expected: Vec<String> = [
        "pods",
        "events",
        "nodes",
        "configmaps",
        "deployments",
        "replicasets",
        "statefulsets",
        "daemonsets",
        "horizontalpodautoscalers",
    ]
    .iter()
    .map(|resource| format!("{resource}:get,list"))
    .chain(["namespaces:get".to_string()])
    .collect();
    expected.sort();
    assert_eq!(granted, expected);
    let binding: ClusterRoleBinding =
        serde_json::from_value(manifest("clusterrolebinding.yaml")).unwrap();
    assert_eq!(binding.role_ref.name, "triage-read-only");
}

#[test]
fn the_certificate_cronjob_runs_unprivileged_and_writes_atomically() {
    let cronjob: CronJob = serde_json::from_value(manifest("certs-cronjob.yaml")).unwrap();
    let spec = cronjob.spec.unwrap();
    assert_eq!(
        spec.concurrency_policy.as_deref(),
        Some("Forbid"),
        "runs never pile up"
    );
    let pod = spec.job_template.spec.unwrap().template.spec.unwrap();
    assert_eq!(pod.automount_service_account_token, Some(false));
    assert_eq!(pod.security_context.unwrap().run_as_non_root, Some(true));
    let container = &pod.containers[0];
    let security = container.security_context.clone().unwrap();
    assert_eq!(security.read_only_root_filesystem, Some(true));
    assert_eq!(security.allow_privilege_escalation, Some(false));
    let script = container.args.clone().unwrap().join("\n");
    assert!(
        script.contains("certs check --file /etc/triage/endpoints.txt -o prometheus"),
        "{script}"
    );
    assert!(
        script.contains("mv \"$out.$$\" \"$out\""),
        "written to a temporary file and renamed: {script}"
    );
    assert!(
        container
            .resources
            .as_ref()
            .and_then(|r| r.limits.as_ref())
            .is_some(),
        "bounded resources"
    );
}
