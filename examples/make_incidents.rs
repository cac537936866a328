//! Builds the example evidence bundles in `examples/incidents/`, one per seed
//! incident (000 to 004; the numbers in the comments are the seeds'), so that `triage investigate --replay examples/incidents/NAME.json`
//! has real-shaped data to rank, with no server.
//!
//! Each bundle holds what a recording would: the PromQL triage plans for the
//! metrics such a server has (planned by `signals::plan` itself), two hours
//! of one-minute points (the baseline hour, then the incident hour), the
//! sessions of `pg_stat_activity`, the cluster's objects as the API returns
//! them, and the TLS chains presented. Everything is fixed (times, noise,
//! certificate keys), so every run writes the same files.
//!
//! Before writing, the generator reads every bundle back from its JSON, runs
//! the real analyzers on it and fails, listing what they found, when the
//! findings the incident is about are missing.
//!
//! Run: `cargo run --example make_incidents`

use chrono::{DateTime, Duration, Utc};
use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose, PKCS_ED25519, SerialNumber,
};
use rustls::pki_types::PrivatePkcs8KeyDer;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use std::path::Path;
use triage::ExitStatus;
use triage::analyze::Severity::{Critical, Warning};
use triage::analyze::certs::{self, Policy, ProblemKind, TrustStore, Verdict};
use triage::analyze::kubernetes::{self, Rollout};
use triage::analyze::postgres::{self, PgThresholds, QueryTextPolicy};
use triage::analyze::service_health;
use triage::analyze::{Finding, Severity, Window};
use triage::evidence::{
    DatabaseEvidence, Dependency, Evidence, PrometheusEvidence, SourceRecord, SourceStatus,
};
use triage::signals::catalog::DEFAULT_CLIENT_LABELS;
use triage::signals::{PlanOptions, PlannedQuery, Signal, SignalOverrides, SignalSeries, plan};
use triage::sources::kubernetes::snapshot::ClusterSnapshot;
use triage::sources::postgres::snapshot::{
    ActivitySample, DatabaseStats, Replica, ServerFacts, Session, Snapshot,
};
use triage::sources::prometheus::inventory::MetricInventory;
use triage::sources::prometheus::model::{Labels, Point, RangeSeries};
use triage::sources::tls::observation::{Observation, Origin};

/// The Prometheus the bundles were "recorded" from (no credentials in it).
const PROMETHEUS: &str = "https://prometheus.prod-eu.example:9090";
const KUBERNETES: &str = "https://k8s.prod-eu.example:6443";
/// The range queries' step.
const STEP_SECONDS: u64 = 60;
/// Minutes since the baseline hour began: every series runs from minute 0 to
/// `END`; the incident window is minutes 60 to 120, and `END` is `recorded_at`.
const END: i64 = 120;

struct Incident {
    file: &'static str,
    build: fn() -> Evidence,
    check: fn(&Analysis),
}

const INCIDENTS: [Incident; 5] = [
    Incident {
        file: "000-sms-retry-storm.json",
        build: sms_retry_storm,
        check: check_sms_retry_storm,
    },
    Incident {
        file: "001-cors-config-crashloop.json",
        build: cors_config_crashloop,
        check: check_cors_config_crashloop,
    },
    Incident {
        file: "002-db-pool-exhaustion.json",
        build: db_pool_exhaustion,
        check: check_db_pool_exhaustion,
    },
    Incident {
        file: "003-integration-flood.json",
        build: integration_flood,
        check: check_integration_flood,
    },
    Incident {
        file: "004-lb-weight-imbalance.json",
        build: lb_weight_imbalance,
        check: check_lb_weight_imbalance,
    },
];

fn main() -> std::io::Result<()> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join("incidents");
    std::fs::create_dir_all(&dir)?;
    for incident in &INCIDENTS {
        let json = (incident.build)().to_json();
        // What --replay will read: the analyzers run on the bundle as parsed back.
        let evidence = Evidence::parse(&json)
            .unwrap_or_else(|err| panic!("{}: does not read back: {err}", incident.file));
        let analysis = analyse(&evidence);
        (incident.check)(&analysis);
        std::fs::write(dir.join(incident.file), &json)?;
        println!(
            "{} ({} bytes): {}",
            incident.file,
            json.len(),
            evidence.title.as_deref().unwrap_or_default()
        );
        println!("{}", analysis.listing());
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// 000: one tenant's SMS broadcast, the provider's 429s, our retry storm.
// ---------------------------------------------------------------------------

/// Seed 000 (INC-810, HighCpuLoad95): company 298427 launches an SMS broadcast
/// through the public API; APIv3 hits the SMS provider's rate limit (HTTP
/// 429) and, with no backoff or circuit breaker, keeps retrying; its CPU
/// reaches 96.6%. Found by accident: the other SMS provider's certificate had
/// expired.
fn sms_retry_storm() -> Evidence {
    let end = utc("2026-11-21T22:00:00Z");
    // 21:32: the broadcast starts; HighCpuLoad95 fires at 22:00.
    const CAMPAIGN: i64 = 92;
    let campaign = |m: i64| rise(m, CAMPAIGN, 4);
    let mut prom = Recording::new(
        end,
        &[
            (
                "http_requests_total",
                &["service", "status", "method", "handler", "company_id"],
            ),
            (
                "http_request_duration_seconds",
                &["service", "instance", "quantile"],
            ),
            (
                "http_client_requests_seconds_count",
                &[
                    "service",
                    "client_name",
                    "method",
                    "outcome",
                    "status",
                    "uri",
                ],
            ),
            ("up", &["service", "instance", "job"]),
            ("container_cpu_usage_seconds_total", CADVISOR),
            ("container_memory_working_set_bytes", CADVISOR),
            ("kube_pod_container_resource_limits", LIMITS),
        ],
        &["public-api", "api-v3"],
    );
    // Requests by company (`company_id`, the seed's tenant label): the top
    // five of each service (topk 5) and the rest; 298427 is the fifth before
    // the broadcast. The same ripple on every part keeps
    // the parts adding up to the total.
    for (service, top, rest) in [
        (
            "public-api",
            [
                ("118204", 9.0),
                ("240117", 7.0),
                ("55021", 6.0),
                ("77310", 5.0),
            ],
            16.5,
        ),
        (
            "api-v3",
            [
                ("118204", 6.0),
                ("240117", 5.0),
                ("77310", 4.0),
                ("301852", 3.0),
            ],
            10.5,
        ),
    ] {
        // Company 298427: 1.5 requests/s before, 210/s during its broadcast.
        let tenant = move |m: i64| lerp(1.5, 210.0, campaign(m));
        let others: f64 = top.iter().map(|(_, rate)| rate).sum::<f64>() + rest;
        let total = move |m: i64| (tenant(m) + others) * wave(m, 0.04);
        prom.series(Signal::ClientRate, service, Some("298427"), move |m| {
            tenant(m) * wave(m, 0.04)
        });
        for (company, rate) in top {
            prom.series(Signal::ClientRate, service, Some(company), move |m| {
                rate * wave(m, 0.04)
            });
        }
        prom.series(Signal::RequestRate, service, None, total);
        // Timeouts once APIv3's queue is full (21:34): 3% of requests fail.
        prom.series(Signal::ErrorRate, service, None, move |m| {
            total(m) * lerp(0.001, 0.03, rise(m, CAMPAIGN + 2, 1))
        });
        prom.series(Signal::Up, service, None, |_| 1.0);
    }
    for (service, p50, p95, p99) in [
        ("public-api", (0.08, 0.9), (0.25, 1.8), (0.4, 2.6)),
        ("api-v3", (0.06, 0.8), (0.2, 1.6), (0.35, 2.4)),
    ] {
        for (signal, (before, during)) in [
            (Signal::LatencyP50, p50),
            (Signal::LatencyP95, p95),
            (Signal::LatencyP99, p99),
        ] {
            prom.series(signal, service, None, move |m| {
                lerp(before, during, rise(m, CAMPAIGN, 6)) * wave(m, 0.03)
            });
        }
    }
    // The SMS gateway answers 429 (it never did before); APIv3 retries every
    // refused message at once, so the 429s outnumber the messages.
    prom.sparse(
        Signal::DownstreamThrottledRate,
        "api-v3",
        Some("sms-gateway"),
        |m| (m >= CAMPAIGN).then(|| 420.0 * rise(m, CAMPAIGN, 4) * wave(m, 0.05)),
    );
    // CPU on the API host: 96.6%; memory alerts followed (RunningOutOfMemory).
    prom.series(Signal::Cpu, "api-v3", None, |m| {
        lerp(0.42, 0.966, rise(m, CAMPAIGN, 8)) * wave(m, 0.02)
    });
    prom.series(Signal::Cpu, "public-api", None, |m| {
        lerp(0.38, 0.71, rise(m, CAMPAIGN, 8)) * wave(m, 0.03)
    });
    prom.series(Signal::Memory, "api-v3", None, |m| {
        lerp(0.52, 0.87, rise(m, CAMPAIGN + 3, 20)) * wave(m, 0.01)
    });
    prom.series(Signal::Memory, "public-api", None, |m| 0.45 * wave(m, 0.01));

    let mut evidence = bundle(
        end,
        "Company 298427's SMS broadcast hits the SMS gateway's rate limit (429); api-v3 retries in a storm, CPU 96.6%; the other SMS provider's certificate has expired",
        "api-v3",
        &[
            ("public-api", &["api-v3"]),
            ("api-v3", &["sms-gateway", "sms-provider"]),
        ],
    );
    evidence.sources = vec![
        ok("prometheus", 1184),
        not_configured("postgres"),
        not_configured("kubernetes"),
        ok("tls", 212),
    ];
    evidence.prometheus = Some(prom.finish());
    // The fallback provider's leaf expired four days before the incident.
    evidence.tls.push(Observation {
        target: "sms-provider".into(),
        origin: Origin::Endpoint,
        server_name: Some("api.sms-provider.example".into()),
        address: Some("203.0.113.45:443".into()),
        starttls: None,
        protocol: Some("TLS 1.3".into()),
        cipher_suite: Some("TLS13_AES_128_GCM_SHA256".into()),
        chain: expired_chain("api.sms-provider.example", end),
        error: None,
        duration_ms: 212,
    });
    evidence
}

fn check_sms_retry_storm(analysis: &Analysis) {
    let bundle = "000-sms-retry-storm";
    analysis.expect_all(
        bundle,
        &[
            ("downstream_throttled", "api-v3", Warning, "429"),
            ("client_share", "api-v3", Warning, "298427"),
            ("client_share", "public-api", Warning, "298427"),
            ("traffic_surge", "api-v3", Warning, ""),
            ("cpu", "api-v3", Critical, "96.6%"),
            ("certificate-problem", "sms-provider", Critical, ""),
        ],
    );
    let verdict = analysis
        .verdicts
        .iter()
        .find(|v| v.target == "sms-provider")
        .unwrap_or_else(|| panic!("{bundle}: no certificate verdict for sms-provider"));
    let expired = verdict.problems.iter().any(|p| {
        p.kind == ProblemKind::Expired
            && p.position == Some(0)
            && p.severity == ExitStatus::Critical
    });
    assert!(
        verdict.status == ExitStatus::Critical && expired,
        "{bundle}: the sms-provider leaf should be CRITICAL and expired: {:#?}",
        verdict.problems
    );
}

// ---------------------------------------------------------------------------
// 001: a CORS config change (string → array) and every pod crash-loops.
// ---------------------------------------------------------------------------

/// The origins as the app expects them (seed 001: a comma-separated string) …
const CORS_BEFORE: &str = "https://app.example.com,https://phone.example.com";
/// … and as PR #4971 wrote them, for the E2E tests: an array it cannot parse.
const CORS_AFTER: &str =
    r#"["https://app.example.com","https://phone.example.com","http://localhost:3000"]"#;

/// Seed 001 (INC-866): the CORS config changed from a single-line string to
/// an array, deployed everywhere at once; the realtime API cannot parse it,
/// every pod crash-loops, 0 replicas are available and every request fails.
fn cors_config_crashloop() -> Evidence {
    let end = utc("2026-11-21T11:00:00Z");
    // 10:35:00 revision 8 rolls out; from 10:36 the new pods crash.
    const CRASH: i64 = 96;
    let mut prom = Recording::new(
        end,
        &[
            (
                "nginx_ingress_controller_requests",
                &[
                    "controller_class",
                    "controller_namespace",
                    "ingress",
                    "method",
                    "namespace",
                    "path",
                    "service",
                    "status",
                ],
            ),
            ("up", &["service", "instance", "job", "namespace", "pod"]),
            ("kube_pod_container_status_restarts_total", KSM),
            ("kube_pod_container_status_waiting_reason", KSM_REASON),
            (
                "kube_pod_container_status_last_terminated_reason",
                KSM_REASON,
            ),
        ],
        &[],
    );
    // The phone app retries: 35 requests/s become 52/s, and the ingress
    // answers almost all of them with 5xx (no ready endpoint).
    let requests = |m: i64| lerp(35.0, 52.0, rise(m, CRASH, 3)) * wave(m, 0.04);
    prom.series(Signal::RequestRate, "api-server", None, requests);
    prom.series(Signal::ErrorRate, "api-server", None, move |m| {
        requests(m) * lerp(0.0005, 0.99, rise(m, CRASH, 2))
    });
    // Scrapes fail while the containers are down; one in a while catches a
    // pod between restarts.
    prom.series(Signal::Up, "api-server", None, |m| {
        if m < CRASH {
            1.0
        } else if m % 5 == 2 && m < 112 {
            1.0 / 3.0
        } else {
            0.0
        }
    });
    // 7 + 7 + 6 restarts in the window, none in the baseline.
    prom.sparse(Signal::Restarts, "api-server", None, |m| {
        Some(if m == END { 20.0 } else { 0.0 })
    });
    prom.sparse(
        Signal::WaitingReason,
        "api-server",
        Some("CrashLoopBackOff"),
        |m| (m > CRASH).then_some(if m % 4 == 0 { 2.0 } else { 3.0 }),
    );
    prom.sparse(Signal::TerminatedReason, "api-server", Some("Error"), |m| {
        (m >= CRASH).then_some(3.0)
    });

    let mut evidence = bundle(
        end,
        "Realtime API down: revision 8 of api-server changed CORS_ORIGINS from a string to a JSON array; every pod crash-loops, 0 of 3 replicas available",
        "api-server",
        &[("phone-app", &["api-server"])],
    );
    evidence.sources = vec![
        ok("prometheus", 942),
        not_configured("postgres"),
        ok("kubernetes", 688),
        not_configured("tls"),
    ];
    evidence.prometheus = Some(prom.finish());
    evidence.kubernetes = Some(cors_cluster(end));
    evidence
}

fn check_cors_config_crashloop(analysis: &Analysis) {
    let bundle = "001-cors-config-crashloop";
    let deployment = "api/api-server";
    analysis.expect_all(
        bundle,
        &[
            ("crash_loop", deployment, Critical, "exited 1"),
            ("no_available_replicas", deployment, Critical, "0 of 3"),
            (
                "rollout_followed_by_failures",
                deployment,
                Critical,
                "env CORS_ORIGINS",
            ),
            (
                "rollout_followed_by_failures",
                deployment,
                Critical,
                "configmap api/api-config changed at 2026-11-21T10:34:58Z",
            ),
            ("error_ratio", "api-server", Critical, ""),
            ("down", "api-server", Critical, ""),
            ("waiting_reason", "api-server", Critical, "CrashLoopBackOff"),
        ],
    );
    let rollout = analysis
        .rollouts
        .iter()
        .find(|r| r.workload == "deployment api/api-server" && r.revision == Some(8))
        .unwrap_or_else(|| {
            panic!(
                "{bundle}: no rollout of revision 8: {:#?}",
                analysis.rollouts
            )
        });
    assert!(
        rollout.changes.iter().any(|c| c.what == "env CORS_ORIGINS"
            && c.after.as_deref().is_some_and(|a| a.starts_with('['))),
        "{bundle}: the rollout should show CORS_ORIGINS becoming an array: {rollout:#?}"
    );
}

/// The `api` namespace during seed 001: Deployment `api-server` at revision 8
/// (in its template only CORS_ORIGINS changed from revision 7; the helm
/// release also wrote the ConfigMap the pods read), its three new pods in
/// CrashLoopBackOff, and the events that tell the story.
fn cors_cluster(end: DateTime<Utc>) -> ClusterSnapshot {
    let at = |clock: &str| format!("2026-11-21T{clock}Z");
    let labels =
        json!({"app.kubernetes.io/name": "api-server", "app.kubernetes.io/part-of": "realtime"});
    let change_cause = "PR #4971: CORS origins as a list, to run the E2E tests in GitHub Actions";
    let deployment = json!({
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {
            "name": "api-server", "namespace": "api", "uid": uid("deployment/api-server"),
            "resourceVersion": "88120417", "generation": 8,
            "creationTimestamp": "2025-03-04T09:12:44Z", "labels": labels,
            "annotations": {
                "deployment.kubernetes.io/revision": "8",
                "kubernetes.io/change-cause": change_cause
            }
        },
        "spec": {
            "replicas": 3,
            "selector": {"matchLabels": {"app.kubernetes.io/name": "api-server"}},
            "template": api_server_template(None, CORS_AFTER),
            "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "25%", "maxSurge": "25%"}},
            "revisionHistoryLimit": 10, "progressDeadlineSeconds": 600
        },
        "status": {
            // The new pods passed their readiness probe before their first
            // request crashed them, so the rollout completed; then none was left.
            "observedGeneration": 8, "replicas": 3, "updatedReplicas": 3, "unavailableReplicas": 3,
            "conditions": [
                {"type": "Progressing", "status": "True", "reason": "NewReplicaSetAvailable",
                 "message": "ReplicaSet \"api-server-5f8b9c7d4e\" has successfully progressed.",
                 "lastUpdateTime": at("10:35:48"), "lastTransitionTime": "2025-03-04T09:13:02Z"},
                {"type": "Available", "status": "False", "reason": "MinimumReplicasUnavailable",
                 "message": "Deployment does not have minimum availability.",
                 "lastUpdateTime": at("10:36:02"), "lastTransitionTime": at("10:36:02")}
            ]
        }
    });
    let replicaset = |hash: &str, revision: &str, created: &str, replicas: i32, cors: &str| {
        json!({
            "apiVersion": "apps/v1", "kind": "ReplicaSet",
            "metadata": {
                "name": format!("api-server-{hash}"), "namespace": "api",
                "uid": uid(&format!("replicaset/api-server-{hash}")),
                "resourceVersion": "88120409", "generation": 3, "creationTimestamp": created,
                "labels": {"app.kubernetes.io/name": "api-server", "app.kubernetes.io/part-of": "realtime",
                           "pod-template-hash": hash},
                "annotations": {"deployment.kubernetes.io/desired-replicas": "3",
                                "deployment.kubernetes.io/max-replicas": "4",
                                "deployment.kubernetes.io/revision": revision},
                "ownerReferences": [{"apiVersion": "apps/v1", "kind": "Deployment", "name": "api-server",
                                     "uid": uid("deployment/api-server"), "controller": true,
                                     "blockOwnerDeletion": true}]
            },
            "spec": {
                "replicas": replicas,
                "selector": {"matchLabels": {"app.kubernetes.io/name": "api-server", "pod-template-hash": hash}},
                "template": api_server_template(Some(hash), cors)
            },
            "status": {"replicas": replicas, "fullyLabeledReplicas": replicas, "observedGeneration": 3}
        })
    };
    const NEW: &str = "5f8b9c7d4e";
    let mut pods = Vec::new();
    let mut events = vec![
        event(
            "api",
            ("Deployment", "api-server"),
            "ScalingReplicaSet",
            &format!("Scaled up replica set api-server-{NEW} from 0 to 1"),
            (&at("10:35:00"), &at("10:35:00"), 1),
            "deployment-controller",
        ),
        event(
            "api",
            ("Deployment", "api-server"),
            "ScalingReplicaSet",
            "Scaled down replica set api-server-7c9d5b8f6d from 3 to 0",
            (&at("10:35:48"), &at("10:35:48"), 1),
            "deployment-controller",
        ),
    ];
    // (pod, node, pod IP, restarts, last run, BackOff events)
    for (suffix, node, ip, restarts, (started, finished), backoffs) in [
        (
            "k2x9q",
            "node-a",
            "10.42.1.23",
            7,
            ("10:58:07", "10:58:41"),
            26,
        ),
        (
            "p7m4t",
            "node-b",
            "10.42.2.17",
            7,
            ("10:57:52", "10:58:19"),
            26,
        ),
        (
            "z8r2w",
            "node-c",
            "10.42.3.31",
            6,
            ("10:55:36", "10:56:04"),
            24,
        ),
    ] {
        let name = format!("api-server-{NEW}-{suffix}");
        let template = api_server_template(Some(NEW), CORS_AFTER);
        let mut spec = template["spec"].clone();
        spec["nodeName"] = json!(node);
        spec["serviceAccountName"] = json!("default");
        pods.push(json!({
            "apiVersion": "v1", "kind": "Pod",
            "metadata": {
                "name": name, "generateName": format!("api-server-{NEW}-"), "namespace": "api",
                "uid": uid(&format!("pod/{name}")), "resourceVersion": "88121977",
                "creationTimestamp": at("10:35:00"), "labels": template["metadata"]["labels"],
                "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet",
                                     "name": format!("api-server-{NEW}"),
                                     "uid": uid(&format!("replicaset/api-server-{NEW}")),
                                     "controller": true, "blockOwnerDeletion": true}]
            },
            "spec": spec,
            "status": {
                "phase": "Running",
                "conditions": [
                    {"type": "Initialized", "status": "True", "lastTransitionTime": at("10:35:00")},
                    {"type": "Ready", "status": "False", "reason": "ContainersNotReady",
                     "message": "containers with unready status: [api-server]",
                     "lastTransitionTime": at(finished)},
                    {"type": "ContainersReady", "status": "False", "reason": "ContainersNotReady",
                     "message": "containers with unready status: [api-server]",
                     "lastTransitionTime": at(finished)},
                    {"type": "PodScheduled", "status": "True", "lastTransitionTime": at("10:35:00")}
                ],
                "hostIP": "10.0.1.11", "podIP": ip, "podIPs": [{"ip": ip}], "startTime": at("10:35:00"),
                "containerStatuses": [{
                    "name": "api-server",
                    "state": {"waiting": {"reason": "CrashLoopBackOff",
                        "message": format!("back-off 5m0s restarting failed container=api-server pod={name}_api({})", uid(&format!("pod/{name}")))}},
                    "lastState": {"terminated": {
                        "exitCode": 1, "reason": "Error",
                        "message": "fatal: config: cannot parse CORS_ORIGINS: expected a comma-separated list of origins, got '[\"https://app.example.com\",\"https://phone.example.com\",\"http://localhost:3000\"]'",
                        "startedAt": at(started), "finishedAt": at(finished),
                        "containerID": format!("containerd://{}", hex_id(&name, 64))}},
                    "ready": false, "restartCount": restarts, "started": false,
                    "image": "registry.example.com/realtime/api-server:4.12.0",
                    "imageID": "registry.example.com/realtime/api-server@sha256:5b0c3f5e8a1d9c2e7f40b6a1c3d8e9f20718a4b5c6d7e8f9a0b1c2d3e4f5a6b7",
                    "containerID": format!("containerd://{}", hex_id(&name, 64))
                }],
                "qosClass": "Burstable"
            }
        }));
        events.push(event(
            "api",
            ("ReplicaSet", &format!("api-server-{NEW}")),
            "SuccessfulCreate",
            &format!("Created pod: {name}"),
            (&at("10:35:00"), &at("10:35:00"), 1),
            "replicaset-controller",
        ));
        events.push(event(
            "api",
            ("Pod", &name),
            "Pulled",
            "Container image \"registry.example.com/realtime/api-server:4.12.0\" already present on machine",
            (&at("10:35:02"), &at(started), restarts + 1),
            node,
        ));
        events.push(event(
            "api",
            ("Pod", &name),
            "Started",
            "Started container api-server",
            (&at("10:35:02"), &at(started), restarts + 1),
            node,
        ));
        events.push(event(
            "api",
            ("Pod", &name),
            "BackOff",
            &format!(
                "Back-off restarting failed container api-server in pod {name}_api({})",
                uid(&format!("pod/{name}"))
            ),
            (&at("10:36:14"), &at("10:59:41"), backoffs),
            node,
        ));
    }
    // The same helm release (PR #4971) wrote the ConfigMap the pods read two
    // seconds before the Deployment: the CORS headers the E2E tests need.
    let config: Value = json!({
        "name": "api-config", "namespace": "api", "uid": uid("configmap/api-config"),
        "resourceVersion": "88120398", "creationTimestamp": "2025-03-04T09:12:44Z",
        "labels": {"app.kubernetes.io/name": "api-server", "app.kubernetes.io/managed-by": "Helm"},
        "annotations": {"meta.helm.sh/release-name": "realtime", "meta.helm.sh/release-namespace": "api"},
        "managedFields": [
            {"manager": "helm", "operation": "Update", "apiVersion": "v1",
             "time": "2026-10-08T15:20:31Z", "fieldsType": "FieldsV1",
             "fieldsV1": {"f:data": {".": {}, "f:LOG_LEVEL": {}, "f:REDIS_URL": {}},
                          "f:metadata": {"f:annotations": {".": {}, "f:meta.helm.sh/release-name": {},
                                                           "f:meta.helm.sh/release-namespace": {}}}}},
            {"manager": "helm", "operation": "Update", "apiVersion": "v1",
             "time": at("10:34:58"), "fieldsType": "FieldsV1",
             "fieldsV1": {"f:data": {"f:CORS_ALLOW_HEADERS": {}}}}
        ]
    });
    ClusterSnapshot {
        collected_at: end,
        server: KUBERNETES.into(),
        context: Some("prod-eu".into()),
        namespaces: Some(vec!["api".into()]),
        pods: from_json(pods),
        deployments: from_json(vec![deployment]),
        replicasets: from_json(vec![
            replicaset("7c9d5b8f6d", "7", "2026-11-12T09:14:00Z", 0, CORS_BEFORE),
            replicaset(NEW, "8", &at("10:35:00"), 3, CORS_AFTER),
        ]),
        events: from_json(events),
        nodes: from_json(vec![
            node("node-a", "10.0.1.11", "eu-west-1a"),
            node("node-b", "10.0.2.12", "eu-west-1b"),
            node("node-c", "10.0.3.13", "eu-west-1c"),
        ]),
        configmaps: from_json(vec![config]),
        ..ClusterSnapshot::default()
    }
}

/// api-server's pod template; `hash` is the ReplicaSet's pod-template-hash.
fn api_server_template(hash: Option<&str>, cors_origins: &str) -> Value {
    let mut labels =
        json!({"app.kubernetes.io/name": "api-server", "app.kubernetes.io/part-of": "realtime"});
    if let Some(hash) = hash {
        labels["pod-template-hash"] = json!(hash);
    }
    json!({
        "metadata": {"creationTimestamp": null, "labels": labels},
        "spec": {
            "containers": [{
                "name": "api-server",
                "image": "registry.example.com/realtime/api-server:4.12.0",
                "ports": [{"name": "http", "containerPort": 8080, "protocol": "TCP"}],
                "env": [
                    {"name": "PORT", "value": "8080"},
                    {"name": "CORS_ORIGINS", "value": cors_origins}
                ],
                "envFrom": [{"configMapRef": {"name": "api-config"}}],
                "resources": {"limits": {"cpu": "1", "memory": "512Mi"},
                              "requests": {"cpu": "250m", "memory": "256Mi"}},
                "readinessProbe": {"httpGet": {"path": "/healthz", "port": "http", "scheme": "HTTP"},
                                   "timeoutSeconds": 1, "periodSeconds": 10,
                                   "successThreshold": 1, "failureThreshold": 3},
                "terminationMessagePath": "/dev/termination-log",
                "terminationMessagePolicy": "FallbackToLogsOnError",
                "imagePullPolicy": "IfNotPresent"
            }],
            "restartPolicy": "Always", "terminationGracePeriodSeconds": 30,
            "dnsPolicy": "ClusterFirst", "securityContext": {}, "schedulerName": "default-scheduler"
        }
    })
}

// ---------------------------------------------------------------------------
// 002: the database connection pool is exhausted.
// ---------------------------------------------------------------------------

/// Seed 002 (API error spike): api-server's pool at 98/100 with 24 waiting,
/// p99 2.8 s (baseline 150 ms), 12.5 errors/s (~25%, baseline 0.1/s);
/// web-service, which calls it, fails in cascade (8.3 errors/s, p99 3.1 s);
/// CPU 85% (baseline 35%) is a secondary effect. In pg_stat_activity:
/// sessions idle in a transaction for minutes, and long-running queries.
fn db_pool_exhaustion() -> Evidence {
    let end = utc("2026-11-21T14:00:00Z");
    // The seed's timeline, with its 01:00 at 13:30 (minute 90): the pool
    // climbs to 75%, 90% at 13:45, first errors 13:50, 98% and 12.5
    // errors/s at 13:55.
    let mut prom = Recording::new(
        end,
        &[
            (
                "http_requests_total",
                &["service", "status", "method", "handler"],
            ),
            (
                "http_request_duration_seconds",
                &["service", "instance", "quantile"],
            ),
            ("up", &["service", "instance", "job"]),
            ("db_connections_active", &["service"]),
            ("db_connections_max", &["service"]),
            ("db_connections_waiting", &["service"]),
            ("container_cpu_usage_seconds_total", CADVISOR),
            ("container_memory_working_set_bytes", CADVISOR),
            ("kube_pod_container_resource_limits", LIMITS),
        ],
        &[],
    );
    // (service, requests/s, 5xx share of them over time)
    let api_errors: &[(i64, f64)] = &[(109, 0.002), (110, 0.02), (115, 0.25)];
    let web_errors: &[(i64, f64)] = &[(110, 0.00125), (111, 0.02), (116, 0.2075)];
    for (service, rate, errors) in [
        ("api-server", 50.0, api_errors),
        ("web-service", 40.0, web_errors),
    ] {
        let requests = move |m: i64| rate * wave(m, 0.03);
        prom.series(Signal::RequestRate, service, None, requests);
        // api-server: 12.5 errors/s of 50 (25%), baseline 0.1/s;
        // web-service: 8.3 errors/s of 40, in cascade a minute later.
        prom.series(Signal::ErrorRate, service, None, move |m| {
            requests(m) * curve(m, errors)
        });
        prom.series(Signal::Up, service, None, |_| 1.0);
    }
    for (service, signal, knots) in [
        // api-server p50 80 ms → 1.2 s, p95 120 ms → 2.0 s, p99 150 ms → 2.8 s.
        (
            "api-server",
            Signal::LatencyP50,
            [(100, 0.08), (105, 0.3), (110, 0.8), (115, 1.2)],
        ),
        (
            "api-server",
            Signal::LatencyP95,
            [(100, 0.12), (105, 0.4), (110, 1.2), (115, 2.0)],
        ),
        (
            "api-server",
            Signal::LatencyP99,
            [(100, 0.15), (105, 0.5), (110, 1.6), (115, 2.8)],
        ),
        // web-service p99 200 ms → 3.1 s.
        (
            "web-service",
            Signal::LatencyP50,
            [(101, 0.09), (106, 0.3), (111, 0.9), (116, 1.4)],
        ),
        (
            "web-service",
            Signal::LatencyP95,
            [(101, 0.15), (106, 0.5), (111, 1.5), (116, 2.3)],
        ),
        (
            "web-service",
            Signal::LatencyP99,
            [(101, 0.2), (106, 0.6), (111, 1.9), (116, 3.1)],
        ),
    ] {
        prom.series(signal, service, None, move |m| {
            curve(m, &knots) * wave(m, 0.03)
        });
    }
    // The pool: 45 of 100 connections before, 75 at 13:32, 90 at 13:45, 98 from 13:53.
    prom.series(Signal::DbPoolUsage, "api-server", None, |m| {
        let active = curve(m, &[(88, 45.0), (92, 75.0), (105, 90.0), (113, 98.0)]);
        let noise = if m < 113 { 0.04 } else { 0.01 };
        (active * wave(m, noise)).round().min(100.0) / 100.0
    });
    // 24 requests waiting for a connection.
    prom.series(Signal::DbPoolWaiting, "api-server", None, |m| {
        (curve(m, &[(104, 0.0), (108, 6.0), (115, 24.0)]) * wave(m, 0.04)).round()
    });
    // CPU 85% (baseline 35%) and 72% (40%); memory 78% (50%) and 65% (45%).
    for (service, cpu, memory) in [
        ("api-server", (0.35, 0.85), (0.50, 0.78)),
        ("web-service", (0.40, 0.72), (0.45, 0.65)),
    ] {
        prom.series(Signal::Cpu, service, None, move |m| {
            lerp(cpu.0, cpu.1, rise(m, 92, 18)) * wave(m, 0.03)
        });
        prom.series(Signal::Memory, service, None, move |m| {
            lerp(memory.0, memory.1, rise(m, 92, 20)) * wave(m, 0.01)
        });
    }

    let mut evidence = bundle(
        end,
        "api-server's database connection pool is exhausted (98/100, 24 waiting): p99 2.8 s, 25% 5xx; web-service fails in cascade",
        "api-server",
        &[
            ("web-service", &["api-server"]),
            ("api-server", &["orders"]),
        ],
    );
    evidence.sources = vec![
        ok("prometheus", 1032),
        ok("postgres orders", 184),
        not_configured("kubernetes"),
        not_configured("tls"),
    ];
    let mut prometheus = prom.finish();
    // What fired, as the ALERTS series records it: the pool alert first.
    let baseline_start = end - Duration::hours(2);
    prometheus.alerts = [
        ("DatabasePoolExhausted", "api-server", "critical", 107),
        ("HighLatencyP99", "web-service", "warning", 103),
        ("HighErrorRate", "api-server", "page", 112),
    ]
    .into_iter()
    .map(|(name, service, severity, from)| RangeSeries {
        metric: [
            ("__name__", "ALERTS"),
            ("alertname", name),
            ("alertstate", "firing"),
            ("service", service),
            ("severity", severity),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect(),
        values: (from..=END)
            .map(|minute| Point {
                time: (baseline_start + Duration::minutes(minute)).timestamp() as f64,
                value: 1.0,
            })
            .collect(),
    })
    .collect();
    evidence.prometheus = Some(prometheus);
    evidence.postgres.push(DatabaseEvidence {
        name: "orders".into(),
        snapshot: orders_snapshot(end),
    });
    evidence
}

fn check_db_pool_exhaustion(analysis: &Analysis) {
    let bundle = "002-db-pool-exhaustion";
    analysis.expect_all(
        bundle,
        &[
            ("db_pool_usage", "api-server", Critical, "98%"),
            ("db_pool_waiting", "api-server", Critical, "24 "),
            ("latency_p99", "api-server", Critical, "2.80s"),
            ("error_ratio", "api-server", Critical, "25%"),
            ("cpu", "api-server", Warning, "85%"),
            ("latency_p99", "web-service", Critical, "3.10s"),
            ("error_ratio", "web-service", Critical, ""),
            ("connection_usage", "orders", Critical, "98 of 100 usable"),
            ("idle_in_transaction", "orders", Warning, ""),
            ("long_running_query", "orders", Warning, ""),
        ],
    );
}

/// pg_stat_activity on `orders` at 14:00: 98 sessions of api-server (its whole
/// pool) of the 100 an ordinary role can open (max_connections 103, 3
/// reserved for superusers): 70 short active queries, 4 reports running for
/// minutes, 14 sessions idle in a transaction the app never ended (the leak),
/// 10 idle.
fn orders_snapshot(now: DateTime<Utc>) -> Snapshot {
    let ago = |seconds: f64| Some(now - Duration::milliseconds((seconds * 1000.0) as i64));
    let pods = ["10.42.1.31", "10.42.2.44", "10.42.3.12"];
    let app = |pid: i32, n: usize| Session {
        pid,
        database: Some("orders".into()),
        user: Some("orders_app".into()),
        application: Some("api-server".into()),
        client_addr: Some(pods[n % pods.len()].into()),
        backend_type: Some("client backend".into()),
        state: Some("active".into()),
        wait_event_type: None,
        wait_event: None,
        // The first 45 are the pool's steady size, opened when the pods
        // started; the rest were opened as it grew, from 13:30.
        backend_start: if n < 45 {
            ago(28_000.0 + 37.0 * n as f64)
        } else {
            ago(1_800.0 - 25.0 * (n - 45) as f64)
        },
        xact_start: None,
        query_start: None,
        state_change: None,
        xmin_age: None,
        xid_age: None,
        query: None,
        lock_wait_start: None,
        blocked_by: Vec::new(),
    };
    let short_queries = [
        "SELECT id, status, total_cents, created_at FROM orders WHERE customer_id = $1 ORDER BY created_at DESC LIMIT 20",
        "SELECT product_id, quantity, unit_price_cents FROM order_items WHERE order_id = $1",
        "INSERT INTO order_events (order_id, kind, payload) VALUES ($1, $2, $3)",
        "UPDATE carts SET updated_at = now() WHERE id = $1",
    ];
    let mut sessions = Vec::new();
    let mut n = 0;
    let mut next = || {
        n += 1;
        (30_000 + 17 * n as i32, n - 1)
    };
    // 4 reports running for minutes, reading from disk.
    for seconds in [372.0, 340.0, 245.0, 151.0] {
        let (pid, i) = next();
        let mut s = app(pid, i);
        s.query_start = ago(seconds);
        s.xact_start = ago(seconds);
        s.state_change = ago(seconds);
        s.wait_event_type = Some("IO".into());
        s.wait_event = Some("DataFileRead".into());
        s.xmin_age = Some(41_000 + (seconds as i64) * 12);
        s.query = Some("SELECT o.customer_id, count(*), sum(i.quantity * i.unit_price_cents) FROM orders o JOIN order_items i ON i.order_id = o.id WHERE o.created_at >= $1 GROUP BY o.customer_id ORDER BY 3 DESC".into());
        sessions.push(s);
    }
    // 14 transactions the app opened, wrote in and never ended: idle in
    // transaction for 1½ to 9 minutes, each holding its connection.
    for k in 0..14 {
        let (pid, i) = next();
        let idle = 530.0 - 33.0 * k as f64;
        let mut s = app(pid, i);
        s.state = Some("idle in transaction".into());
        s.xact_start = ago(idle + 0.8);
        s.query_start = ago(idle + 0.01);
        s.state_change = ago(idle);
        s.wait_event_type = Some("Client".into());
        s.wait_event = Some("ClientRead".into());
        s.xid_age = Some(29_000 - 1_900 * k);
        s.query = Some("UPDATE orders SET status = $1, updated_at = now() WHERE id = $2".into());
        sessions.push(s);
    }
    // 70 short queries, slowed by the load but each under 3 s.
    for k in 0..70 {
        let (pid, i) = next();
        let running = 0.05 + (k * 37 % 280) as f64 / 100.0;
        let mut s = app(pid, i);
        s.query_start = ago(running);
        s.xact_start = ago(running + 0.002);
        s.state_change = ago(running);
        if k % 3 == 0 {
            s.wait_event_type = Some("IO".into());
            s.wait_event = Some("DataFileRead".into());
        }
        s.xmin_age = Some(2 + (k % 5) as i64);
        s.query = Some(short_queries[k % short_queries.len()].into());
        sessions.push(s);
    }
    // 10 idle between two requests.
    for k in 0..10 {
        let (pid, i) = next();
        let mut s = app(pid, i);
        s.state = Some("idle".into());
        s.query_start = ago(0.08 + 0.03 * k as f64);
        s.state_change = ago(0.07 + 0.03 * k as f64);
        s.wait_event_type = Some("Client".into());
        s.wait_event = Some("ClientRead".into());
        s.query = Some("COMMIT".into());
        sessions.push(s);
    }
    // The server's own processes, and triage itself (left out of every count).
    for (pid, kind) in [
        (61, "autovacuum launcher"),
        (62, "logical replication launcher"),
        (57, "checkpointer"),
        (58, "background writer"),
        (60, "walwriter"),
    ] {
        sessions.push(Session {
            pid,
            database: None,
            user: (kind == "logical replication launcher").then(|| "postgres".into()),
            application: Some(String::new()),
            client_addr: None,
            backend_type: Some(kind.into()),
            state: None,
            wait_event_type: Some("Activity".into()),
            wait_event: None,
            backend_start: Some(utc("2026-11-02T03:10:12Z")),
            xact_start: None,
            query_start: None,
            state_change: None,
            xmin_age: None,
            xid_age: None,
            query: Some(String::new()),
            lock_wait_start: None,
            blocked_by: Vec::new(),
        });
    }
    let own_pid = 48_213;
    sessions.push(Session {
        pid: own_pid,
        database: Some("orders".into()),
        user: Some("triage".into()),
        application: Some("triage".into()),
        client_addr: Some("10.0.9.4".into()),
        backend_type: Some("client backend".into()),
        state: Some("active".into()),
        wait_event_type: None,
        wait_event: None,
        backend_start: ago(0.2),
        xact_start: ago(0.01),
        query_start: ago(0.01),
        state_change: ago(0.01),
        xmin_age: Some(1),
        xid_age: None,
        query: Some("SELECT pid, datname, usename, application_name, client_addr, backend_type, state, wait_event_type, wait_event, backend_start, xact_start, query_start, state_change, age(backend_xmin), age(backend_xid), query FROM pg_stat_activity".into()),
        lock_wait_start: None,
        blocked_by: Vec::new(),
    });
    Snapshot {
        server: ServerFacts {
            version: "16.4".into(),
            max_connections: 103,
            superuser_reserved_connections: 3,
            reserved_connections: 0,
            in_recovery: false,
            user: "triage".into(),
            is_superuser: false,
            can_read_all_stats: true,
            own_pid,
        },
        samples: vec![ActivitySample { at: now, sessions }],
        databases: vec![DatabaseStats {
            database: "orders".into(),
            backends: 99,
            deadlocks: 0,
            conflicts: 0,
            temp_files: 412,
            temp_bytes: 7_834_112_000,
            stats_reset: Some(utc("2026-11-02T03:10:12Z")),
        }],
        replicas: vec![Replica {
            application: Some("orders-replica-1".into()),
            client_addr: Some("10.0.4.21".into()),
            state: Some("streaming".into()),
            sync_state: Some("async".into()),
            replay_lag_seconds: Some(0.4),
            replay_lag_bytes: Some(181_240.0),
        }],
        sampling_error: None,
    }
}

// ---------------------------------------------------------------------------
// 003: a misconfigured integration floods the service.
// ---------------------------------------------------------------------------

/// Seed 003 (WSDS outage): a misconfigured analytics integration with a
/// social-media platform sends a flood of requests; the load balancer in
/// front of the service becomes unresponsive and the service fails.
fn integration_flood() -> Evidence {
    let end = utc("2026-11-21T10:20:00Z");
    // 09:55: the integration starts flooding; 10:00 the alerts (latency,
    // errors); 10:07 one of the two load balancers stops answering.
    const FLOOD: i64 = 95;
    let flood = |m: i64| rise(m, FLOOD, 4);
    let mut prom = Recording::new(
        end,
        &[
            (
                "http_requests_total",
                &["service", "status", "method", "handler", "client_id"],
            ),
            (
                "http_request_duration_seconds",
                &["service", "instance", "quantile"],
            ),
            ("up", &["service", "instance", "job"]),
            ("container_cpu_usage_seconds_total", CADVISOR),
            ("container_memory_working_set_bytes", CADVISOR),
            ("kube_pod_container_resource_limits", LIMITS),
        ],
        &["wsds"],
    );
    // 120 requests/s before, of which the integration sent 6; then it sends 1,450/s.
    let integration = move |m: i64| lerp(6.0, 1450.0, flood(m));
    let clients = [
        ("web-frontend", 60.0),
        ("mobile-app", 35.0),
        ("partner-crm", 12.0),
        ("status-page", 1.0),
    ];
    let others = clients.iter().map(|(_, rate)| rate).sum::<f64>() + 6.0;
    let requests = move |m: i64| (integration(m) + others) * wave(m, 0.03);
    prom.series(Signal::RequestRate, "wsds", None, requests);
    prom.series(
        Signal::ClientRate,
        "wsds",
        Some("social-analytics-sync"),
        move |m| integration(m) * wave(m, 0.03),
    );
    for (client, rate) in clients {
        prom.series(Signal::ClientRate, "wsds", Some(client), move |m| {
            rate * wave(m, 0.03)
        });
    }
    // 502/503/504 from the overwhelmed balancer and backends: a quarter of requests.
    prom.series(Signal::ErrorRate, "wsds", None, move |m| {
        requests(m) * curve(m, &[(97, 0.0008), (100, 0.1), (105, 0.25)])
    });
    for (signal, knots) in [
        (Signal::LatencyP50, [(95, 0.05), (100, 0.6), (104, 1.5)]),
        (Signal::LatencyP95, [(95, 0.15), (100, 1.8), (104, 4.0)]),
        (Signal::LatencyP99, [(95, 0.3), (100, 2.0), (104, 6.0)]),
    ] {
        prom.series(signal, "wsds", None, move |m| {
            curve(m, &knots) * wave(m, 0.03)
        });
    }
    // The backends are busy but not saturated (the seed found nothing wrong
    // with them): the balancer in front of them is what gives way.
    prom.series(Signal::Cpu, "wsds", None, |m| {
        lerp(0.45, 0.76, rise(m, FLOOD, 6)) * wave(m, 0.02)
    });
    prom.series(Signal::Memory, "wsds", None, |m| {
        lerp(0.5, 0.62, rise(m, FLOOD, 15)) * wave(m, 0.01)
    });
    prom.series(Signal::Up, "wsds", None, |_| 1.0);
    // The pair of load balancers: one stops answering its scrapes at 10:07.
    prom.series(
        Signal::Up,
        "wsds-lb",
        None,
        |m| if m < 107 { 1.0 } else { 0.5 },
    );

    let mut evidence = bundle(
        end,
        "A misconfigured social-media analytics integration floods WSDS (13x its request rate); the load balancer falls over",
        "wsds",
        &[("wsds-lb", &["wsds"])],
    );
    evidence.sources = vec![
        ok("prometheus", 1216),
        not_configured("postgres"),
        not_configured("kubernetes"),
        not_configured("tls"),
    ];
    evidence.prometheus = Some(prom.finish());
    evidence
}

fn check_integration_flood(analysis: &Analysis) {
    let bundle = "003-integration-flood";
    analysis.expect_all(
        bundle,
        &[
            ("traffic_surge", "wsds", Warning, ""),
            ("client_share", "wsds", Warning, "social-analytics-sync"),
            ("error_ratio", "wsds", Critical, ""),
            ("latency_p99", "wsds", Critical, ""),
            ("targets_down", "wsds-lb", Warning, ""),
        ],
    );
}

// ---------------------------------------------------------------------------
// 004: a load-balancer weight change and the instance that takes it all.
// ---------------------------------------------------------------------------

/// Seed 004 (core API outage): a load-balancer configuration change raises
/// one API instance's weight; it takes most of the traffic, is overloaded
/// and crashes, and the balancer keeps sending it traffic.
fn lb_weight_imbalance() -> Evidence {
    let end = utc("2026-11-21T15:00:00Z");
    // 14:28: api-1's weight goes from 16 to 256 (the others keep 16): 84%
    // of the traffic. 14:30 alerts on errors and latency; 14:44 api-1 is
    // OOM-killed, and again at 14:47, 14:51 and 14:57.
    const CHANGE: i64 = 88;
    let mut prom = Recording::new(
        end,
        &[
            (
                "haproxy_backend_http_requests_total",
                &["proxy", "instance", "job"],
            ),
            (
                "haproxy_backend_http_responses_total",
                &["proxy", "code", "instance", "job"],
            ),
            (
                "haproxy_server_http_responses_total",
                &["proxy", "server", "code", "instance", "job"],
            ),
            (
                "haproxy_server_weight",
                &["proxy", "server", "instance", "job"],
            ),
            ("container_cpu_usage_seconds_total", CADVISOR),
            ("container_memory_working_set_bytes", CADVISOR),
            ("kube_pod_container_resource_limits", LIMITS),
            ("kube_pod_container_status_restarts_total", KSM),
            ("kube_pod_container_status_waiting_reason", KSM_REASON),
            (
                "kube_pod_container_status_last_terminated_reason",
                KSM_REASON,
            ),
        ],
        &[],
    );
    let requests = |m: i64| 200.0 * wave(m, 0.03);
    prom.series(Signal::RequestRate, "api", None, requests);
    // Timeouts while api-1 is overloaded, then most of its answers are 503s.
    prom.series(Signal::ErrorRate, "api", None, move |m| {
        requests(m) * curve(m, &[(92, 0.0005), (96, 0.05), (103, 0.12), (106, 0.59)])
    });
    // Each server's share of the traffic follows the weights, give or take
    // what a balancer achieves (never exactly equal): about 25% each before,
    // 256/304 = 84% for api-1 after (rate() spreads the step over 5 minutes).
    for (server, before, after) in [
        ("api-0", 0.252, 0.0537),
        ("api-1", 0.25, 0.8421),
        ("api-2", 0.247, 0.0519),
        ("api-3", 0.251, 0.0523),
    ] {
        let weight = move |m: i64| {
            if server == "api-1" && m >= CHANGE {
                256.0
            } else {
                16.0
            }
        };
        prom.series(Signal::InstanceWeight, "api", Some(server), weight);
        prom.series(Signal::InstanceRate, "api", Some(server), move |m| {
            requests(m) * lerp(before, after, rise(m, CHANGE, 5))
        });
    }
    // The busiest pod (api-1): CPU saturated, memory at its limit until the
    // OOM kills, then refilling after each restart.
    prom.series(Signal::Cpu, "api", None, |m| {
        curve(m, &[(CHANGE, 0.45), (95, 0.97)]) * wave(m, 0.01)
    });
    prom.series(Signal::Memory, "api", None, |m| {
        curve(m, &[(CHANGE, 0.55), (103, 0.99), (106, 0.9)]) * wave(m, 0.01)
    });
    // Four restarts of api-1 in the window, none in the baseline.
    prom.sparse(Signal::Restarts, "api", None, |m| {
        Some(if m == END { 4.0 } else { 0.0 })
    });
    prom.sparse(Signal::TerminatedReason, "api", Some("OOMKilled"), |m| {
        (m >= 104).then_some(1.0)
    });
    prom.sparse(
        Signal::WaitingReason,
        "api",
        Some("CrashLoopBackOff"),
        |m| matches!(m, 108 | 112..=113 | 118..=120).then_some(1.0),
    );

    let mut evidence = bundle(
        end,
        "A load-balancer weight change (api-1: 16 to 256) sends 84% of the API's traffic to one instance, which is OOM-killed and crash-loops",
        "api",
        &[("web-app", &["api"])],
    );
    evidence.sources = vec![
        ok("prometheus", 877),
        not_configured("postgres"),
        ok("kubernetes", 512),
        not_configured("tls"),
    ];
    evidence.prometheus = Some(prom.finish());
    evidence.kubernetes = Some(api_cluster(end));
    evidence
}

fn check_lb_weight_imbalance(analysis: &Analysis) {
    let bundle = "004-lb-weight-imbalance";
    analysis.expect_all(
        bundle,
        &[
            ("instance_share", "api", Critical, "api-1"),
            (
                "instance_share",
                "api",
                Critical,
                "load-balancer weight change",
            ),
            ("error_ratio", "api", Critical, ""),
            ("oom_killed", "api", Critical, ""),
            ("restarts", "api", Critical, ""),
            ("crash_loop", "api/api", Critical, "OOMKilled"),
            ("oom_killed", "api/api", Warning, ""),
        ],
    );
}

/// The `api` namespace during seed 004: StatefulSet `api` (pods api-0 … api-3,
/// the balancer's servers); api-1 OOM-killed four times and backing off.
fn api_cluster(end: DateTime<Utc>) -> ClusterSnapshot {
    let at = |clock: &str| format!("2026-11-21T{clock}Z");
    let labels = json!({"app.kubernetes.io/name": "api"});
    let container = json!({
        "name": "api", "image": "registry.example.com/core/api:7.3.1",
        "ports": [{"name": "http", "containerPort": 8080, "protocol": "TCP"}],
        "resources": {"limits": {"cpu": "2", "memory": "1Gi"}, "requests": {"cpu": "1", "memory": "1Gi"}},
        "livenessProbe": {"httpGet": {"path": "/healthz", "port": "http", "scheme": "HTTP"},
                          "timeoutSeconds": 2, "periodSeconds": 10, "successThreshold": 1, "failureThreshold": 3},
        "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File",
        "imagePullPolicy": "IfNotPresent"
    });
    let revision = "api-6d8f9b7c4d";
    let statefulset = json!({
        "apiVersion": "apps/v1", "kind": "StatefulSet",
        "metadata": {"name": "api", "namespace": "api", "uid": uid("statefulset/api"),
                     "resourceVersion": "55310862", "generation": 12,
                     "creationTimestamp": "2025-06-17T08:00:00Z", "labels": labels},
        "spec": {
            "replicas": 4, "serviceName": "api", "podManagementPolicy": "Parallel",
            "selector": {"matchLabels": labels},
            "template": {"metadata": {"labels": labels}, "spec": {"containers": [container]}},
            "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"partition": 0}},
            "revisionHistoryLimit": 10
        },
        "status": {"observedGeneration": 12, "replicas": 4, "readyReplicas": 3, "currentReplicas": 4,
                   "updatedReplicas": 4, "availableReplicas": 3, "currentRevision": revision,
                   "updateRevision": revision, "collisionCount": 0}
    });
    let mut pods = Vec::new();
    for (index, node, ip) in [
        (0, "node-a", "10.42.1.40"),
        (1, "node-b", "10.42.2.31"),
        (2, "node-c", "10.42.3.22"),
        (3, "node-a", "10.42.1.57"),
    ] {
        let name = format!("api-{index}");
        let crashed = index == 1;
        let status = if crashed {
            json!({
                "name": "api", "ready": false, "started": false, "restartCount": 4,
                "state": {"waiting": {"reason": "CrashLoopBackOff",
                    "message": format!("back-off 1m20s restarting failed container=api pod=api-1_api({})", uid("pod/api-1"))}},
                "lastState": {"terminated": {"exitCode": 137, "reason": "OOMKilled",
                    "startedAt": at("14:57:21"), "finishedAt": at("14:58:02"),
                    "containerID": format!("containerd://{}", hex_id("api-1-4", 64))}},
                "image": "registry.example.com/core/api:7.3.1",
                "imageID": "registry.example.com/core/api@sha256:0e4f1a7c9b2d3e5f60718293a4b5c6d7e8f9012a3b4c5d6e7f8091a2b3c4d5e6f",
                "containerID": format!("containerd://{}", hex_id("api-1-4", 64))
            })
        } else {
            json!({
                "name": "api", "ready": true, "started": true, "restartCount": 0,
                "state": {"running": {"startedAt": "2026-11-19T07:41:10Z"}},
                "image": "registry.example.com/core/api:7.3.1",
                "imageID": "registry.example.com/core/api@sha256:0e4f1a7c9b2d3e5f60718293a4b5c6d7e8f9012a3b4c5d6e7f8091a2b3c4d5e6f",
                "containerID": format!("containerd://{}", hex_id(&name, 64))
            })
        };
        let ready = if crashed { "False" } else { "True" };
        let ready_since = if crashed {
            at("14:57:48")
        } else {
            "2026-11-19T07:41:22Z".to_string()
        };
        pods.push(json!({
            "apiVersion": "v1", "kind": "Pod",
            "metadata": {
                "name": name, "generateName": "api-", "namespace": "api", "uid": uid(&format!("pod/{name}")),
                "resourceVersion": "55311804", "creationTimestamp": "2026-11-19T07:41:02Z",
                "labels": {"app.kubernetes.io/name": "api", "apps.kubernetes.io/pod-index": index.to_string(),
                           "controller-revision-hash": revision,
                           "statefulset.kubernetes.io/pod-name": name},
                "ownerReferences": [{"apiVersion": "apps/v1", "kind": "StatefulSet", "name": "api",
                                     "uid": uid("statefulset/api"), "controller": true,
                                     "blockOwnerDeletion": true}]
            },
            "spec": {"containers": [container], "nodeName": node, "hostname": name, "subdomain": "api",
                     "restartPolicy": "Always", "serviceAccountName": "default"},
            "status": {
                "phase": "Running",
                "conditions": [
                    {"type": "Ready", "status": ready, "lastTransitionTime": ready_since},
                    {"type": "ContainersReady", "status": ready, "lastTransitionTime": ready_since},
                    {"type": "PodScheduled", "status": "True", "lastTransitionTime": "2026-11-19T07:41:02Z"}
                ],
                "podIP": ip, "podIPs": [{"ip": ip}], "startTime": "2026-11-19T07:41:02Z",
                "containerStatuses": [status], "qosClass": "Guaranteed"
            }
        }));
    }
    let events = vec![
        event(
            "api",
            ("Pod", "api-1"),
            "Unhealthy",
            "Liveness probe failed: Get \"http://10.42.2.31:8080/healthz\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)",
            (&at("14:34:10"), &at("14:57:40"), 17),
            "node-b",
        ),
        event(
            "api",
            ("Pod", "api-1"),
            "Started",
            "Started container api",
            ("2026-11-19T07:41:09Z", &at("14:57:21"), 5),
            "node-b",
        ),
        event(
            "api",
            ("Pod", "api-1"),
            "BackOff",
            &format!(
                "Back-off restarting failed container api in pod api-1_api({})",
                uid("pod/api-1")
            ),
            (&at("14:48:05"), &at("14:59:30"), 9),
            "node-b",
        ),
    ];
    ClusterSnapshot {
        collected_at: end,
        server: KUBERNETES.into(),
        context: Some("prod-eu".into()),
        namespaces: Some(vec!["api".into()]),
        pods: from_json(pods),
        statefulsets: from_json(vec![statefulset]),
        events: from_json(events),
        nodes: from_json(vec![
            node("node-a", "10.0.1.11", "eu-west-1a"),
            node("node-b", "10.0.2.12", "eu-west-1b"),
            node("node-c", "10.0.3.13", "eu-west-1c"),
        ]),
        ..ClusterSnapshot::default()
    }
}

// ---------------------------------------------------------------------------
// Prometheus: the planned queries and their range series.
// ---------------------------------------------------------------------------

/// Labels of the cAdvisor and kube-state-metrics series.
const CADVISOR: &[&str] = &["container", "cpu", "id", "image", "namespace", "pod"];
const LIMITS: &[&str] = &["container", "namespace", "node", "pod", "resource", "unit"];
const KSM: &[&str] = &["container", "namespace", "pod", "uid"];
const KSM_REASON: &[&str] = &["container", "namespace", "pod", "reason", "uid"];

/// One recording of the Prometheus source: what triage plans for a server
/// with these metrics, and what each query returned.
struct Recording {
    baseline_start: DateTime<Utc>,
    queries: Vec<PlannedQuery>,
    conventions: Vec<String>,
    /// The series each query returned, by index in `queries`.
    results: Vec<Vec<RangeSeries>>,
}

impl Recording {
    /// `metrics`: the server's metric names and their labels; `client_subjects`:
    /// the services asked "who sends the traffic" about.
    fn new(end: DateTime<Utc>, metrics: &[(&str, &[&str])], client_subjects: &[&str]) -> Self {
        let inventory = MetricInventory::from_metrics(metrics);
        let overrides = SignalOverrides::new();
        let client_labels: Vec<String> = DEFAULT_CLIENT_LABELS
            .iter()
            .map(ToString::to_string)
            .collect();
        let subjects: Vec<String> = client_subjects.iter().map(ToString::to_string).collect();
        let options = PlanOptions {
            rate_interval: std::time::Duration::from_secs(300),
            step: std::time::Duration::from_secs(STEP_SECONDS),
            window: std::time::Duration::from_secs(3600),
            service: None,
            overrides: &overrides,
            subject_label: None,
            client_labels: &client_labels,
            client_subjects: Some(&subjects),
        };
        let plan = plan(&inventory, &options);
        Recording {
            baseline_start: end - Duration::hours(2),
            results: vec![Vec::new(); plan.queries.len()],
            queries: plan.queries,
            conventions: plan.conventions,
        }
    }

    /// A series of `signal` for `subject` (split by `detail` when the query
    /// has a detail label), with a point every step.
    fn series(
        &mut self,
        signal: Signal,
        subject: &str,
        detail: Option<&str>,
        value: impl Fn(i64) -> f64,
    ) {
        self.sparse(signal, subject, detail, |minute| Some(value(minute)));
    }

    /// As `series`, with no point where `value` is `None` (a series that
    /// appears or disappears, as `> 0` filters and topk make them).
    fn sparse(
        &mut self,
        signal: Signal,
        subject: &str,
        detail: Option<&str>,
        value: impl Fn(i64) -> Option<f64>,
    ) {
        let index = self
            .queries
            .iter()
            .position(|query| query.signal == signal)
            .unwrap_or_else(|| {
                panic!(
                    "{} is not planned: no metric of the inventory measures it",
                    signal.id()
                )
            });
        let query = &self.queries[index];
        let mut metric = Labels::new();
        metric.insert(query.subject_label.clone(), subject.to_string());
        match (&query.detail_label, detail) {
            (Some(label), Some(detail)) => {
                metric.insert(label.clone(), detail.to_string());
            }
            (None, None) => {}
            (label, detail) => panic!(
                "{}: the query's detail label is {label:?}, the series' {detail:?}",
                signal.id()
            ),
        }
        // A query with a step of its own (restarts: one point per hour).
        let step = query.step_seconds.unwrap_or(STEP_SECONDS) / 60;
        let values = (0..=END)
            .step_by(step.max(1) as usize)
            .filter_map(|minute| {
                value(minute).map(|value| Point {
                    time: (self.baseline_start + Duration::minutes(minute)).timestamp() as f64,
                    // As a rate() result reads, without float noise in the file.
                    value: (value * 10_000.0).round() / 10_000.0,
                })
            })
            .collect();
        self.results[index].push(RangeSeries { metric, values });
    }

    /// Every planned query with what it returned (nothing, for some).
    fn finish(self) -> PrometheusEvidence {
        PrometheusEvidence {
            server: PROMETHEUS.into(),
            step_seconds: STEP_SECONDS,
            conventions: self.conventions,
            series: self
                .queries
                .into_iter()
                .zip(self.results)
                .map(|(query, series)| SignalSeries { query, series })
                .collect(),
            alerts: Vec::new(),
        }
    }
}

/// 0 before `from`, then rising linearly to 1 over `ramp` minutes (as
/// `rate()` over 5 minutes turns a step into a ramp).
fn rise(minute: i64, from: i64, ramp: i64) -> f64 {
    if minute < from {
        0.0
    } else {
        ((minute - from + 1) as f64 / ramp.max(1) as f64).min(1.0)
    }
}

fn lerp(from: f64, to: f64, fraction: f64) -> f64 {
    from + (to - from) * fraction
}

/// A level through `(minute, value)` knots, linear between them and flat
/// before the first and after the last.
fn curve(minute: i64, knots: &[(i64, f64)]) -> f64 {
    let (first, last) = (knots[0], knots[knots.len() - 1]);
    if minute <= first.0 {
        return first.1;
    }
    if minute >= last.0 {
        return last.1;
    }
    knots
        .windows(2)
        .find(|pair| minute <= pair[1].0)
        .map_or(last.1, |pair| {
            let fraction = (minute - pair[0].0) as f64 / (pair[1].0 - pair[0].0) as f64;
            lerp(pair[0].1, pair[1].1, fraction)
        })
}

/// Gentle deterministic noise: `1 ± amplitude`. Its two ripples (5 and 12
/// minutes) have a median of exactly 0 over the baseline hour, and the
/// 5-minute one alone (all there is in the last ten minutes) over any five
/// consecutive minutes: the medians the analysis takes (the baseline, the
/// current level) are exactly the seeds' numbers.
fn wave(minute: i64, amplitude: f64) -> f64 {
    let m = minute as f64;
    let fast = (std::f64::consts::TAU * m / 5.0).sin();
    let slow = if minute < END - 10 {
        (std::f64::consts::TAU * m / 12.0).sin()
    } else {
        0.0
    };
    1.0 + amplitude * (0.6 * fast + 0.4 * slow)
}

// ---------------------------------------------------------------------------
// The bundle, its sources and Kubernetes objects.
// ---------------------------------------------------------------------------

fn utc(text: &str) -> DateTime<Utc> {
    text.parse()
        .unwrap_or_else(|err| panic!("{text} is not a time: {err}"))
}

/// An empty bundle: the last hour up to `end`, the hour before it as the
/// baseline, recorded at `end`.
fn bundle(
    end: DateTime<Utc>,
    title: &str,
    service: &str,
    topology: &[(&str, &[&str])],
) -> Evidence {
    let window = Window {
        baseline_start: end - Duration::hours(2),
        start: end - Duration::hours(1),
        end,
    };
    let mut evidence = Evidence::new(window, end);
    evidence.title = Some(title.into());
    evidence.service = Some(service.into());
    evidence.topology = topology
        .iter()
        .map(|(service, depends_on)| Dependency {
            service: service.to_string(),
            depends_on: depends_on.iter().map(ToString::to_string).collect(),
        })
        .collect();
    evidence
}

fn ok(name: &str, duration_ms: u64) -> SourceRecord {
    SourceRecord {
        name: name.into(),
        status: SourceStatus::Ok,
        error: None,
        gaps: Vec::new(),
        duration_ms,
    }
}

fn not_configured(name: &str) -> SourceRecord {
    SourceRecord {
        name: name.into(),
        status: SourceStatus::NotConfigured,
        error: None,
        gaps: Vec::new(),
        duration_ms: 0,
    }
}

/// Objects written as the API returns them, typed.
fn from_json<T: DeserializeOwned>(objects: Vec<Value>) -> Vec<T> {
    objects
        .into_iter()
        .map(|object| {
            let shown = object.to_string();
            serde_json::from_value(object)
                .unwrap_or_else(|err| panic!("not a Kubernetes object ({err}): {shown}"))
        })
        .collect()
}

/// A core/v1 Event about `object` (kind, name), `times` = (first, last, count).
fn event(
    namespace: &str,
    object: (&str, &str),
    reason: &str,
    message: &str,
    times: (&str, &str, i32),
    source: &str,
) -> Value {
    let (kind, name) = object;
    let (first, last, count) = times;
    let warning = matches!(reason, "BackOff" | "Unhealthy" | "Failed");
    let (component, host) = if source.starts_with("node-") {
        ("kubelet", Some(source))
    } else {
        (source, None)
    };
    let api_version = if kind == "Pod" { "v1" } else { "apps/v1" };
    json!({
        "apiVersion": "v1", "kind": "Event",
        "metadata": {"name": format!("{name}.{}", hex_id(&format!("{name}/{reason}/{first}"), 16)),
                     "namespace": namespace, "creationTimestamp": first},
        "involvedObject": {"kind": kind, "namespace": namespace, "name": name,
                           "uid": uid(&format!("{}/{name}", kind.to_lowercase())),
                           "apiVersion": api_version},
        "reason": reason, "message": message,
        "source": {"component": component, "host": host},
        "firstTimestamp": first, "lastTimestamp": last, "count": count,
        "type": if warning { "Warning" } else { "Normal" },
        "reportingComponent": component, "reportingInstance": host.unwrap_or_default()
    })
}

fn node(name: &str, ip: &str, zone: &str) -> Value {
    let condition = |kind: &str, status: &str, reason: &str| {
        json!({"type": kind, "status": status, "reason": reason,
               "lastHeartbeatTime": "2026-11-21T09:59:41Z",
               "lastTransitionTime": "2026-10-02T08:24:22Z"})
    };
    json!({
        "apiVersion": "v1", "kind": "Node",
        "metadata": {"name": name, "uid": uid(&format!("node/{name}")),
                     "creationTimestamp": "2026-10-02T08:14:22Z",
                     "labels": {"kubernetes.io/hostname": name, "kubernetes.io/os": "linux",
                                "node.kubernetes.io/instance-type": "m6i.xlarge",
                                "topology.kubernetes.io/zone": zone}},
        "status": {
            "conditions": [
                condition("MemoryPressure", "False", "KubeletHasSufficientMemory"),
                condition("DiskPressure", "False", "KubeletHasNoDiskPressure"),
                condition("PIDPressure", "False", "KubeletHasSufficientPID"),
                condition("Ready", "True", "KubeletReady")
            ],
            "addresses": [{"type": "InternalIP", "address": ip}, {"type": "Hostname", "address": name}],
            "nodeInfo": {"kubeletVersion": "v1.33.2", "containerRuntimeVersion": "containerd://1.7.27",
                         "kernelVersion": "6.8.0-1021-aws", "osImage": "Ubuntu 24.04.1 LTS",
                         "operatingSystem": "linux", "architecture": "amd64", "machineID": "",
                         "systemUUID": "", "bootID": "", "kubeProxyVersion": ""}
        }
    })
}

/// A stable hash of `text` as `digits` hex digits (FNV-1a, repeated).
fn hex_id(text: &str, digits: usize) -> String {
    let mut out = String::new();
    let mut round = 0u64;
    while out.len() < digits {
        let mut hash = 0xcbf2_9ce4_8422_2325_u64 ^ round;
        for byte in text.bytes() {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
        out.push_str(&format!("{hash:016x}"));
        round += 1;
    }
    out.truncate(digits);
    out
}

/// A stable UUID-shaped uid for an object.
fn uid(object: &str) -> String {
    let hex = hex_id(object, 32);
    format!(
        "{}-{}-5{}-8{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[13..16],
        &hex[17..20],
        &hex[20..32]
    )
}

// ---------------------------------------------------------------------------
// TLS: an expired chain from a CA no store knows.
// ---------------------------------------------------------------------------

/// The chain an endpoint presents: a leaf for `host` that expired four days
/// before `now` (valid one year), and the intermediate that issued it; the
/// root behind them is a private one, so no trust store knows it. Fixed keys
/// and Ed25519's deterministic signatures make it the same on every run.
fn expired_chain(host: &str, now: DateTime<Utc>) -> Vec<Vec<u8>> {
    let at = |time: DateTime<Utc>| {
        time::OffsetDateTime::from_unix_timestamp(time.timestamp()).expect("a representable time")
    };
    let ca = |name: &str, serial: u64, from: DateTime<Utc>, to: DateTime<Utc>| {
        let mut params = CertificateParams::new(Vec::<String>::new()).expect("CA parameters");
        params
            .distinguished_name
            .push(DnType::OrganizationName, "Example Trust Services");
        params.distinguished_name.push(DnType::CommonName, name);
        params.is_ca = IsCa::Ca(BasicConstraints::Constrained(1));
        params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        params.serial_number = Some(SerialNumber::from(serial));
        params.not_before = at(from);
        params.not_after = at(to);
        params
    };
    let root_key = fixed_key("example trust root");
    let root = Issuer::new(
        ca(
            "Example Trust Root CA R1",
            0x1001,
            utc("2020-01-01T00:00:00Z"),
            utc("2040-01-01T00:00:00Z"),
        ),
        root_key,
    );
    let intermediate_key = fixed_key("example trust issuing ca");
    let intermediate_params = ca(
        "Example Trust TLS Issuing CA 2",
        0x2002,
        utc("2024-06-01T00:00:00Z"),
        utc("2029-06-01T00:00:00Z"),
    );
    let intermediate = intermediate_params
        .signed_by(&intermediate_key, &root)
        .expect("the intermediate");
    let intermediate_issuer = Issuer::new(intermediate_params, intermediate_key);

    let expired = now - Duration::days(4);
    let mut leaf = CertificateParams::new(vec![host.to_string()]).expect("leaf parameters");
    leaf.distinguished_name.push(DnType::CommonName, host);
    leaf.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    leaf.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    leaf.use_authority_key_identifier_extension = true;
    leaf.serial_number = Some(SerialNumber::from(0x0004_3a91_7c22_u64));
    leaf.not_before = at(expired - Duration::days(365));
    leaf.not_after = at(expired);
    let leaf_key = fixed_key(host);
    let leaf = leaf
        .signed_by(&leaf_key, &intermediate_issuer)
        .expect("the leaf");
    vec![leaf.der().to_vec(), intermediate.der().to_vec()]
}

/// A test key derived from `name` (an Ed25519 seed in a PKCS#8 v1 document):
/// not a secret, only a way to make the same certificates on every run.
fn fixed_key(name: &str) -> KeyPair {
    let seed = hex_id(&format!("make_incidents key {name}"), 64);
    let mut pkcs8 = vec![
        0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04,
        0x20,
    ];
    pkcs8.extend((0..32).map(|i| u8::from_str_radix(&seed[2 * i..2 * i + 2], 16).unwrap_or(0)));
    KeyPair::from_pkcs8_der_and_sign_algo(&PrivatePkcs8KeyDer::from(pkcs8), &PKCS_ED25519)
        .expect("an Ed25519 key")
}

// ---------------------------------------------------------------------------
// The analyzers, as `--replay` runs them, and the checks.
// ---------------------------------------------------------------------------

struct Analysis {
    findings: Vec<Finding>,
    rollouts: Vec<Rollout>,
    verdicts: Vec<Verdict>,
}

/// Every analyzer on the bundle; certificate chains are verified against
/// Mozilla's roots at the bundle's `recorded_at`.
fn analyse(evidence: &Evidence) -> Analysis {
    let mut findings = Vec::new();
    if let Some(prometheus) = &evidence.prometheus {
        let step = std::time::Duration::from_secs(prometheus.step_seconds);
        findings
            .extend(service_health::assess(&evidence.window, step, &prometheus.series).findings);
    }
    for database in &evidence.postgres {
        findings.extend(
            postgres::analyze(
                &database.snapshot,
                &database.name,
                &PgThresholds::default(),
                QueryTextPolicy::default(),
            )
            .findings,
        );
    }
    let mut rollouts = Vec::new();
    if let Some(cluster) = &evidence.kubernetes {
        findings.extend(kubernetes::state_findings(cluster));
        let (found, rollout_findings) =
            kubernetes::rollout_report(cluster, evidence.window.baseline_start);
        rollouts = found;
        findings.extend(rollout_findings);
        findings.extend(kubernetes::event_report(cluster, evidence.window.start).1);
    }
    let stores = [TrustStore::mozilla()];
    let verdicts: Vec<Verdict> = evidence
        .tls
        .iter()
        .map(|observation| {
            certs::judge(
                observation,
                &stores,
                &Policy::default(),
                evidence.recorded_at,
            )
        })
        .collect();
    findings.extend(certs::findings::findings(&verdicts));
    findings.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then(a.onset.cmp(&b.onset))
            .then(a.kind.cmp(&b.kind))
    });
    Analysis {
        findings,
        rollouts,
        verdicts,
    }
}

impl Analysis {
    /// `expect` for each (kind, subject, severity, text).
    fn expect_all(&self, bundle: &str, expected: &[(&str, &str, Severity, &str)]) {
        for (kind, subject, severity, says) in expected {
            self.expect(bundle, kind, subject, *severity, says);
        }
    }

    /// Fails unless a finding of `kind` about `subject`, at least `severity`,
    /// says `says`.
    fn expect(&self, bundle: &str, kind: &str, subject: &str, severity: Severity, says: &str) {
        let found = self.findings.iter().any(|finding| {
            finding.kind == kind
                && finding.subject == subject
                && finding.severity >= severity
                && finding.summary.contains(says)
        });
        assert!(
            found,
            "{bundle}: no {kind} finding about {subject} ({} or worse, saying '{says}'); the analyzers found:\n{}",
            severity.label(),
            self.listing()
        );
    }

    fn listing(&self) -> String {
        self.findings
            .iter()
            .map(|finding| {
                format!(
                    "  {:<8} {} {}{}: {}",
                    finding.severity.label(),
                    finding.kind,
                    finding.subject,
                    finding
                        .onset
                        .map(|onset| format!(" (since {})", onset.format("%Y-%m-%d %H:%M")))
                        .unwrap_or_default(),
                    finding.summary
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}
