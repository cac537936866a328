//! The detectors on the recorded incident of tests/fixtures/k8s/incident,
//! analysed at the fixture's own "now": no server, no clock.

use super::*;
use crate::analyze::Severity;
use crate::sources::kubernetes::snapshot::ClusterSnapshot;
use serde::de::DeserializeOwned;

fn items<T: DeserializeOwned>(list: &str) -> Vec<T> {
    let value: serde_json::Value = serde_json::from_str(list).unwrap();
    serde_json::from_value(value["items"].clone()).unwrap()
}

fn anchor() -> chrono::DateTime<chrono::Utc> {
    "2026-11-21T13:30:00Z".parse().unwrap()
}

/// An empty cluster looked at the fixture's "now".
fn at_anchor() -> ClusterSnapshot {
    ClusterSnapshot {
        collected_at: anchor(),
        ..ClusterSnapshot::default()
    }
}

fn incident() -> ClusterSnapshot {
    ClusterSnapshot {
        collected_at: anchor(),
        server: "https://fixture".into(),
        pods: items(include_str!(
            "../../../tests/fixtures/k8s/incident/pods.json"
        )),
        deployments: items(include_str!(
            "../../../tests/fixtures/k8s/incident/deployments.json"
        )),
        statefulsets: items(include_str!(
            "../../../tests/fixtures/k8s/incident/statefulsets.json"
        )),
        replicasets: items(include_str!(
            "../../../tests/fixtures/k8s/incident/replicasets.json"
        )),
        events: items(include_str!(
            "../../../tests/fixtures/k8s/incident/events.json"
        )),
        nodes: items(include_str!(
            "../../../tests/fixtures/k8s/incident/nodes.json"
        )),
        hpas: items(include_str!(
            "../../../tests/fixtures/k8s/incident/hpas.json"
        )),
        configmaps: items::<k8s_openapi::api::core::v1::ConfigMap>(include_str!(
            "../../../tests/fixtures/k8s/incident/configmaps.json"
        ))
        .into_iter()
        .map(|map| map.metadata)
        .collect(),
        ..ClusterSnapshot::default()
    }
}

fn in_namespace(mut snapshot: ClusterSnapshot, namespace: &str) -> ClusterSnapshot {
    let keep = |meta: &k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta| {
        meta.namespace.as_deref() == Some(namespace)
    };
    snapshot.pods.retain(|o| keep(&o.metadata));
    snapshot.deployments.retain(|o| keep(&o.metadata));
    snapshot.statefulsets.retain(|o| keep(&o.metadata));
    snapshot.replicasets.retain(|o| keep(&o.metadata));
    snapshot.events.retain(|o| keep(&o.metadata));
    snapshot.hpas.retain(|o| keep(&o.metadata));
    snapshot.configmaps.retain(|meta| keep(meta));
    snapshot.namespaces = Some(vec![namespace.to_string()]);
    snapshot
}

#[test]
fn the_crash_loop_is_one_finding_for_the_whole_deployment() {
    let findings = state_findings(&incident());
    let crash: Vec<_> = findings
        .iter()
        .filter(|f| f.kind == kinds::CRASH_LOOP)
        .collect();
    assert_eq!(crash.len(), 1, "{crash:#?}");
    assert_eq!(crash[0].subject, "api/cors-api");
    assert_eq!(crash[0].severity, Severity::Critical);
    assert!(
        crash[0]
            .summary
            .starts_with("3 of 3 pods of deployment api/cors-api: CrashLoopBackOff, container cors-api exited 1 (Error)"),
        "{}",
        crash[0].summary
    );
    // The first BackOff, a minute after the rollout at 13:05.
    let onset = crash[0].onset.unwrap();
    assert!(onset > anchor() - chrono::Duration::minutes(26), "{onset}");
    assert!(onset < anchor() - chrono::Duration::minutes(22), "{onset}");
    // Critical findings first.
    assert_eq!(findings[0].severity, Severity::Critical);
}

#[test]
fn every_detector_fires_on_the_incident_and_none_on_the_healthy_namespace() {
    let findings = state_findings(&incident());
    for kind in [
        kinds::CRASH_LOOP,
        kinds::OOM_KILLED,
        kinds::IMAGE_PULL,
        kinds::UNSCHEDULABLE,
        kinds::EVICTED,
        kinds::NO_AVAILABLE_REPLICAS,
        kinds::ROLLOUT_STALLED,
        kinds::WORKLOAD_NOT_READY,
        kinds::NODE_NOT_READY,
        kinds::NODE_PRESSURE,
        kinds::HPA_AT_MAX,
    ] {
        assert!(
            findings.iter().any(|f| f.kind == kind),
            "no {kind}: {findings:#?}"
        );
    }
    let oom = findings
        .iter()
        .find(|f| f.kind == kinds::OOM_KILLED)
        .unwrap();
    assert_eq!(
        oom.severity,
        Severity::Warning,
        "it recovered: {}",
        oom.summary
    );
    assert!(
        oom.summary.contains("memory limit 256Mi"),
        "{}",
        oom.summary
    );
    let web = in_namespace(incident(), "web");
    assert!(
        state_findings(&web).is_empty(),
        "{:#?}",
        state_findings(&web)
    );
    assert!(
        event_report(&web, anchor() - chrono::Duration::hours(1))
            .1
            .is_empty()
    );
    assert!(pod_rows(&web).iter().all(|row| row.problems.is_empty()));
}

#[test]
fn the_rollout_shows_the_env_change_the_configmap_and_what_broke() {
    let (rollouts, findings) = rollout_report(&incident(), anchor() - chrono::Duration::hours(2));
    let cors = rollouts
        .iter()
        .find(|r| r.workload == "deployment api/cors-api")
        .unwrap();
    assert_eq!((cors.revision, cors.previous_revision), (Some(3), Some(2)));
    assert_eq!(cors.at, Some("2026-11-21T13:05:00Z".parse().unwrap()));
    let changes: Vec<String> = cors.changes.iter().map(ToString::to_string).collect();
    assert!(
        changes.contains(
            &r#"container cors-api: env CORS_ORIGINS: "https://app.example.com" → ["https://app.example.com","https://admin.example.com"]"#
                .to_string()
        ),
        "{changes:#?}"
    );
    assert_eq!(cors.config_changes.len(), 1);
    assert_eq!(cors.config_changes[0].configmap, "api/cors-config");
    assert_eq!(
        cors.config_changes[0].manager.as_deref(),
        Some("kubectl-edit")
    );
    assert_eq!(
        cors.outcome,
        "3 of 3 new pods failing (CrashLoopBackOff); 0 of 3 replicas available"
    );
    assert_eq!(cors.severity, Severity::Critical);
    let finding = findings
        .iter()
        .find(|f| f.subject == "api/cors-api")
        .unwrap();
    assert_eq!(finding.kind, kinds::BAD_ROLLOUT);
    assert_eq!(finding.onset, cors.at);
    // A window that starts after the rollout has nothing to say about it.
    let (later, _) = rollout_report(&incident(), anchor() - chrono::Duration::minutes(5));
    assert!(
        later
            .iter()
            .all(|r| r.workload != "deployment api/cors-api")
    );
}

#[test]
fn warning_events_are_grouped_and_counted() {
    let (groups, findings) = event_report(&incident(), anchor() - chrono::Duration::hours(1));
    let backoff = groups
        .iter()
        .find(|g| g.reason == "BackOff" && g.object.starts_with("Pod/cors-api-"))
        .unwrap();
    assert!(backoff.count >= 20, "{backoff:?}");
    assert_eq!(backoff.severity, Severity::Critical);
    assert!(backoff.first_seen < backoff.last_seen);
    // FailedScheduling carries only a series: its count comes from there.
    let scheduling = groups
        .iter()
        .find(|g| g.reason == "FailedScheduling")
        .unwrap();
    assert!(scheduling.count > 1, "{scheduling:?}");
    assert!(groups.iter().all(|g| g.reason != "Pulled"));
    assert!(
        findings
            .iter()
            .any(|f| f.subject == "api" && f.severity == Severity::Critical)
    );
}

#[test]
fn the_same_objects_in_any_order_give_the_same_findings() {
    let base = incident();
    let expected = state_findings(&base);
    let expected_events = event_report(&base, anchor() - chrono::Duration::hours(1));
    let mut rng = fastrand::Rng::with_seed(7);
    for _ in 0..5 {
        let mut shuffled = base.clone();
        rng.shuffle(&mut shuffled.pods);
        rng.shuffle(&mut shuffled.events);
        rng.shuffle(&mut shuffled.replicasets);
        rng.shuffle(&mut shuffled.nodes);
        rng.shuffle(&mut shuffled.deployments);
        assert_eq!(state_findings(&shuffled), expected);
        assert_eq!(
            event_report(&shuffled, anchor() - chrono::Duration::hours(1)),
            expected_events
        );
    }
}

#[test]
fn nodes_matter_to_a_namespace_only_when_its_pods_run_there() {
    let api = in_namespace(incident(), "api");
    let findings = state_findings(&api);
    // cors-api runs on node-a and node-b: node-b's memory pressure counts, node-c's outage does not.
    assert!(
        findings
            .iter()
            .any(|f| f.kind == kinds::NODE_PRESSURE && f.subject == "node-b")
    );
    assert!(!findings.iter().any(|f| f.kind == kinds::NODE_NOT_READY));
}

/// A pod as the API returns it, with one container in the given state.
fn pod(
    name: &str,
    phase: &str,
    state: serde_json::Value,
    ready: bool,
) -> k8s_openapi::api::core::v1::Pod {
    serde_json::from_value(serde_json::json!({
        "metadata": {"name": name, "namespace": "api", "uid": format!("uid-{name}"),
                     "creationTimestamp": "2026-11-21T13:00:00Z"},
        "spec": {"nodeName": "node-a", "containers": [{"name": "app", "image": "registry.example.com/app:1"}]},
        "status": {"phase": phase,
                   "conditions": [{"type": "Ready", "status": if ready { "True" } else { "False" },
                                   "lastTransitionTime": "2026-11-21T13:10:00Z"}],
                   "containerStatuses": [{"name": "app", "image": "registry.example.com/app:1", "imageID": "",
                                          "ready": ready, "restartCount": 0, "state": state}]}
    }))
    .unwrap()
}

#[test]
fn a_missing_secret_and_failing_probes_are_named() {
    let mut snapshot = at_anchor();
    snapshot.pods.push(pod(
        "config-broken",
        "Pending",
        serde_json::json!({"waiting": {"reason": "CreateContainerConfigError",
                                       "message": "secret \"db-credentials\" not found"}}),
        false,
    ));
    snapshot.pods.push(pod(
        "not-ready",
        "Running",
        serde_json::json!({"running": {"startedAt": "2026-11-21T13:00:05Z"}}),
        false,
    ));
    snapshot.events = serde_json::from_value(serde_json::json!([{
        "metadata": {"name": "not-ready.1", "namespace": "api"},
        "involvedObject": {"kind": "Pod", "namespace": "api", "name": "not-ready"},
        "reason": "Unhealthy", "type": "Warning", "count": 12,
        "message": "Readiness probe failed: HTTP probe failed with statuscode: 503",
        "firstTimestamp": "2026-11-21T13:10:00Z", "lastTimestamp": "2026-11-21T13:29:00Z"
    }]))
    .unwrap();
    let findings = state_findings(&snapshot);
    let config = findings
        .iter()
        .find(|f| f.kind == kinds::CONTAINER_CONFIG)
        .unwrap();
    assert_eq!(config.severity, Severity::Critical);
    assert!(
        config
            .summary
            .contains("secret \"db-credentials\" not found"),
        "{}",
        config.summary
    );
    let probe = findings
        .iter()
        .find(|f| f.kind == kinds::PROBE_FAILURE)
        .unwrap();
    assert_eq!(probe.severity, Severity::Warning);
    assert!(
        probe.summary.contains(
            "probes failed 12 times: Readiness probe failed: HTTP probe failed with statuscode: 503"
        ),
        "{}",
        probe.summary
    );
    assert_eq!(probe.onset, Some("2026-11-21T13:10:00Z".parse().unwrap()));
}

#[test]
fn history_is_not_the_incident() {
    let mut snapshot = at_anchor();
    // An OOM kill three days ago, still in lastState because the container never restarted since.
    let mut old_oom = pod(
        "old-oom",
        "Running",
        serde_json::json!({"running": {"startedAt": "2026-11-18T13:00:05Z"}}),
        true,
    );
    old_oom
        .status
        .as_mut()
        .unwrap()
        .container_statuses
        .as_mut()
        .unwrap()[0]
        .last_state = Some(
        serde_json::from_value(serde_json::json!({"terminated": {
            "exitCode": 137, "reason": "OOMKilled",
            "startedAt": "2026-11-18T12:00:00Z", "finishedAt": "2026-11-18T13:00:00Z"}}))
        .unwrap(),
    );
    old_oom
        .status
        .as_mut()
        .unwrap()
        .container_statuses
        .as_mut()
        .unwrap()[0]
        .restart_count = 1;
    snapshot.pods.push(old_oom);
    // A pod being deleted after a rollout, failing readiness as it shuts down.
    let mut terminating = pod(
        "terminating",
        "Running",
        serde_json::json!({"running": {"startedAt": "2026-11-21T12:00:05Z"}}),
        false,
    );
    terminating.metadata.deletion_timestamp =
        Some(serde_json::from_value(serde_json::json!("2026-11-21T13:29:30Z")).unwrap());
    snapshot.pods.push(terminating);
    // A new pod warming up: one probe failure, not ready for 30 s.
    let mut warming = pod(
        "warming",
        "Running",
        serde_json::json!({"running": {"startedAt": "2026-11-21T13:29:25Z"}}),
        false,
    );
    warming
        .status
        .as_mut()
        .unwrap()
        .conditions
        .as_mut()
        .unwrap()[0]
        .last_transition_time =
        Some(serde_json::from_value(serde_json::json!("2026-11-21T13:29:30Z")).unwrap());
    snapshot.pods.push(warming);
    snapshot.events = serde_json::from_value(serde_json::json!([{
        "metadata": {"name": "warming.1", "namespace": "api"},
        "involvedObject": {"kind": "Pod", "namespace": "api", "name": "warming"},
        "reason": "Unhealthy", "type": "Warning", "count": 1,
        "message": "Readiness probe failed: connection refused",
        "firstTimestamp": "2026-11-21T13:29:40Z", "lastTimestamp": "2026-11-21T13:29:40Z"
    }]))
    .unwrap();
    let findings = state_findings(&snapshot);
    assert!(findings.is_empty(), "{findings:#?}");
}

#[test]
fn a_container_that_runs_a_while_before_dying_is_still_crash_looping() {
    let mut snapshot = at_anchor();
    let mut flapping = pod(
        "flapping",
        "Running",
        serde_json::json!({"running": {"startedAt": "2026-11-21T13:28:00Z"}}),
        true,
    );
    let status = &mut flapping
        .status
        .as_mut()
        .unwrap()
        .container_statuses
        .as_mut()
        .unwrap()[0];
    status.restart_count = 9;
    status.last_state = Some(
        serde_json::from_value(serde_json::json!({"terminated": {
            "exitCode": 2, "reason": "Error",
            "startedAt": "2026-11-21T13:24:00Z", "finishedAt": "2026-11-21T13:27:55Z"}}))
        .unwrap(),
    );
    snapshot.pods.push(flapping);
    let findings = state_findings(&snapshot);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0].kind, kinds::CRASH_LOOP);
    assert!(
        findings[0]
            .summary
            .contains("restarting repeatedly, container app exited 2 (Error)")
    );
}

#[test]
fn a_rollback_is_a_rollout_at_the_time_it_happened() {
    let mut snapshot = incident();
    // Roll cors-api back to revision 2 at 13:20: the controller reuses its old
    // ReplicaSet, gives it revision 4 and records the revisions it had.
    let old = snapshot
        .replicasets
        .iter_mut()
        .find(|rs| rs.metadata.name.as_deref() == Some("cors-api-7d9f8b6c5d"))
        .unwrap();
    let annotations = old
        .metadata
        .annotations
        .get_or_insert_with(Default::default);
    annotations.insert("deployment.kubernetes.io/revision".into(), "4".into());
    annotations.insert(
        "deployment.kubernetes.io/revision-history".into(),
        "2".into(),
    );
    old.metadata.managed_fields = Some(
        serde_json::from_value(serde_json::json!([{
            "manager": "kube-controller-manager", "operation": "Update", "apiVersion": "apps/v1",
            "time": "2026-11-21T13:20:00Z", "fieldsType": "FieldsV1",
            "fieldsV1": {"f:metadata": {"f:annotations": {"f:deployment.kubernetes.io/revision": {},
                         "f:deployment.kubernetes.io/revision-history": {}}}}
        }]))
        .unwrap(),
    );
    let (rollouts, _) = rollout_report(&snapshot, anchor() - chrono::Duration::minutes(15));
    let rollback = rollouts
        .iter()
        .find(|r| r.workload == "deployment api/cors-api")
        .expect("the rollback is in the window");
    assert!(rollback.rollback);
    assert_eq!(
        (rollback.revision, rollback.previous_revision),
        (Some(4), Some(3))
    );
    assert_eq!(rollback.at, Some("2026-11-21T13:20:00Z".parse().unwrap()));
    let changes: Vec<String> = rollback.changes.iter().map(ToString::to_string).collect();
    assert!(
        changes
            .iter()
            .any(|c| c.starts_with("container cors-api: env CORS_ORIGINS: [")),
        "{changes:#?}"
    );
}

#[test]
fn a_config_change_without_a_rollout_is_still_reported() {
    let mut snapshot = incident();
    // Say revision 3 was rolled out the day before: only the ConfigMap changed in the window.
    let current = snapshot
        .replicasets
        .iter_mut()
        .find(|rs| rs.metadata.name.as_deref() == Some("cors-api-5c6b7d8e9f"))
        .unwrap();
    current.metadata.creation_timestamp =
        Some(serde_json::from_value(serde_json::json!("2026-11-20T10:00:00Z")).unwrap());
    let (rollouts, _) = rollout_report(&snapshot, anchor() - chrono::Duration::minutes(26));
    assert!(
        rollouts
            .iter()
            .any(|r| r.workload == "deployment api/cors-api"
                && r.changes.is_empty()
                && r.config_changes.len() == 1),
        "{rollouts:#?}"
    );
    // A write of the ConfigMap's labels only is not a change of what pods read.
    for entry in snapshot.configmaps[0].managed_fields.as_mut().unwrap() {
        entry.fields_v1 = Some(
            serde_json::from_value(serde_json::json!({"f:metadata": {"f:labels": {"f:team": {}}}}))
                .unwrap(),
        );
    }
    let (rollouts, _) = rollout_report(&snapshot, anchor() - chrono::Duration::minutes(26));
    assert!(
        rollouts
            .iter()
            .all(|r| r.workload != "deployment api/cors-api"),
        "{rollouts:#?}"
    );
}

#[test]
fn an_autoscaler_pinned_at_a_fixed_size_is_not_at_its_limit() {
    let mut snapshot = incident();
    let hpa = &mut snapshot.hpas[0];
    hpa.spec.as_mut().unwrap().min_replicas = Some(10);
    assert!(
        !state_findings(&snapshot)
            .iter()
            .any(|f| f.kind == kinds::HPA_AT_MAX)
    );
}
