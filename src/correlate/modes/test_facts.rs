//! Test fixtures for the failure modes: findings at fixed times, and the
//! `Facts` a mode sees, built from them the way an investigation builds them.

use super::super::facts::{Facts, Topology};
use super::super::symptoms::{Symptom, symptoms};
use crate::analyze::Window;
use crate::analyze::finding::{Finding, Severity, ShownBy};
use crate::analyze::service_health::{ServiceHealth, Share};
use crate::evidence::Dependency;
use chrono::{DateTime, Duration, TimeZone, Utc};
use std::collections::BTreeMap;

/// `minute` minutes into the incident window (which starts at 10:00 UTC).
pub fn at(minute: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 4, 25, 10, 0, 0).unwrap() + Duration::minutes(minute)
}

/// A finding that began at `minute`, shown by a PromQL query naming its kind.
pub fn finding(
    kind: &str,
    subject: &str,
    severity: Severity,
    summary: &str,
    minute: i64,
) -> Finding {
    shown(
        kind,
        subject,
        severity,
        summary,
        minute,
        ShownBy::PromQl(format!("{kind}{{service=\"{subject}\"}}")),
    )
}

/// A finding that began at `minute`, shown by what the analyzer would show.
pub fn shown(
    kind: &str,
    subject: &str,
    severity: Severity,
    summary: &str,
    minute: i64,
    shown_by: ShownBy,
) -> Finding {
    Finding::observed(
        kind,
        subject,
        severity,
        summary.into(),
        1.0,
        Some(at(minute)),
        shown_by,
    )
}

/// A service's health with only its traffic shares known.
pub fn service(
    name: &str,
    clients: &[(&str, f64, f64)],
    instances: &[(&str, f64, f64)],
) -> ServiceHealth {
    let shares = |parts: &[(&str, f64, f64)]| -> Vec<Share> {
        parts
            .iter()
            .map(|&(name, share, baseline)| Share {
                name: name.into(),
                rate: share * 100.0,
                share,
                baseline_share: Some(baseline),
                onset: Some(at(0)),
                last_sample: at(30),
            })
            .collect()
    };
    ServiceHealth {
        service: name.into(),
        status: "DEGRADED".into(),
        metrics: BTreeMap::new(),
        instances: shares(instances),
        clients: shares(clients),
        waiting_reasons: Vec::new(),
        terminated_reasons: Vec::new(),
        assessment: Severity::Warning,
        onset: Some(at(0)),
    }
}

/// Everything `Facts` borrows, owned.
pub struct Case {
    pub window: Window,
    pub findings: Vec<Finding>,
    pub symptoms: Vec<Symptom>,
    pub services: Vec<ServiceHealth>,
    pub topology: Topology,
}

impl Case {
    pub fn new(findings: Vec<Finding>) -> Case {
        Case {
            window: Window {
                baseline_start: at(-60),
                start: at(-30),
                end: at(30),
            },
            symptoms: symptoms(&findings),
            findings,
            services: Vec::new(),
            topology: Topology::default(),
        }
    }

    /// `service` calls each of `calls`.
    pub fn calls(mut self, edges: &[(&str, &[&str])]) -> Case {
        let dependencies: Vec<Dependency> = edges
            .iter()
            .map(|(service, calls)| Dependency {
                service: (*service).into(),
                depends_on: calls.iter().map(|c| (*c).into()).collect(),
            })
            .collect();
        self.topology = Topology::new(&dependencies);
        self
    }

    pub fn services(mut self, services: Vec<ServiceHealth>) -> Case {
        self.services = services;
        self
    }

    pub fn facts(&self) -> Facts<'_> {
        Facts {
            window: &self.window,
            findings: &self.findings,
            symptoms: &self.symptoms,
            services: &self.services,
            rollouts: &[],
            certificates: &[],
            topology: &self.topology,
        }
    }

    /// The index of the first finding of this kind.
    pub fn index(&self, kind: &str) -> usize {
        self.findings
            .iter()
            .position(|finding| finding.kind == kind)
            .unwrap_or_else(|| panic!("no {kind} finding"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::kubernetes::kinds as k8s;
    use crate::analyze::postgres::kinds as pg;

    /// A bit of everything: each mode has something to propose, some of it
    /// about the same subjects under different names.
    fn everything() -> Vec<Finding> {
        use Severity::{Critical, Warning};
        let pod =
            |ns: &str, name: &str| ShownBy::ApiPath(format!("/api/v1/namespaces/{ns}/pods/{name}"));
        vec![
            finding("error_ratio", "api", Critical, "5xx 24.1% of requests (baseline 0.1%)", 5),
            finding("latency_p99", "web", Warning, "p99 latency 2.1s is 7.0x the baseline 300ms", 6),
            finding("traffic_surge", "web", Warning, "request rate 120/s is 8.0x the baseline 15/s", 0),
            finding("client_share", "web", Warning, "client 298427 sends 83% of requests (100/s; baseline share 5%)", 0),
            finding("downstream_throttled", "api", Warning, "receiving 429 from dependencies at 40/s (baseline 0/s)", 2),
            finding("cpu", "api", Critical, "CPU at 96.6% of its limit (baseline 30%)", 3),
            finding("memory", "api", Warning, "memory at 91% of its limit (baseline 60%)", 3),
            finding("instance_share", "web", Warning, "web-2 takes 70% of the traffic across 3 instances (fair share 33%; baseline 33%)", 1),
            finding("restarts", "api", Critical, "4 container restarts in the window (baseline window: 0)", 4),
            finding("waiting_reason", "api", Critical, "containers waiting: CrashLoopBackOff", 4),
            shown(k8s::CRASH_LOOP, "prod/api", Critical, "2 of 3 pods of deployment prod/api: CrashLoopBackOff, container api exited 137 (OOMKilled), restarted 4 times", 4, pod("prod", "api-7d9f8-x2x4z")),
            shown(k8s::OOM_KILLED, "prod/api", Critical, "2 of 3 pods of deployment prod/api: container api was OOMKilled (memory limit 512Mi) (exit 137), restarted 4 times", 4, pod("prod", "api-7d9f8-x2x4z")),
            shown(k8s::IMAGE_PULL, "prod/worker", Critical, "1 of 1 pod of deployment prod/worker: ImagePullBackOff, container worker cannot pull registry.example/worker:v9: not found", 1, pod("prod", "worker-5c6d-abcde")),
            shown(k8s::UNSCHEDULABLE, "prod/batch", Warning, "1 of 1 pod of deployment prod/batch: pending, not scheduled (Unschedulable): 0/3 nodes are available: 3 Insufficient cpu.", 2, pod("prod", "batch-6f7-zzzzz")),
            shown(k8s::NODE_NOT_READY, "node-a", Critical, "node node-a is NotReady (Ready=Unknown, NodeStatusUnknown): Kubelet stopped posting node status.", -5, ShownBy::ApiPath("/api/v1/nodes/node-a".into())),
            shown(k8s::HPA_AT_MAX, "prod/web", Warning, "autoscaler prod/web is at its maximum of 10 replicas (desired 14)", 1, ShownBy::ApiPath("/apis/autoscaling/v2/namespaces/prod/horizontalpodautoscalers/web".into())),
            shown(pg::LOCK_WAIT, "orders", Critical, "5 sessions waiting on locks behind pid 4242 (app@10.0.0.7, billing), idle in transaction for 12m; the longest has waited 9m", -9, ShownBy::Sql("SELECT 1;".into())),
            shown(pg::IDLE_IN_TRANSACTION, "orders", Warning, "1 session idle in a transaction longer than 5m, holding their connections and locks; the longest, pid 4242 (app@10.0.0.7, billing), idle in transaction for 12m", -12, ShownBy::Sql("SELECT 2;".into())),
            shown(crate::analyze::certs::findings::KIND, "sms-provider", Critical, "certificate expired 2 days ago", -2880, ShownBy::Shell("openssl s_client -connect 10.0.0.9:443 -servername api.sms.example -showcerts </dev/null".into())),
        ]
    }

    fn ranking(case: &Case) -> Vec<(&'static str, String, f64)> {
        crate::correlate::correlate(&case.facts())
            .hypotheses
            .into_iter()
            .map(|h| (h.cause, h.subject, h.confidence))
            .collect()
    }

    #[test]
    fn the_catalogue_ranks_the_same_findings_the_same_in_any_order() {
        let topology: &[(&str, &[&str])] =
            &[("web", &["api"]), ("api", &["orders", "sms-provider"])];
        let services = || {
            vec![service(
                "web",
                &[("298427", 0.83, 0.05)],
                &[("web-2", 0.7, 0.33)],
            )]
        };
        let forward = Case::new(everything()).calls(topology).services(services());
        let mut reversed_findings = everything();
        reversed_findings.reverse();
        let reversed = Case::new(reversed_findings)
            .calls(topology)
            .services(services());
        let ranked = ranking(&forward);
        // Every mode had something to say.
        for mode in &super::super::CATALOGUE {
            if mode.id == "bad-rollout" || mode.id == "db-connection-exhaustion" {
                continue;
            }
            assert!(
                ranked.iter().any(|(cause, _, _)| *cause == mode.id),
                "{} proposed nothing: {ranked:#?}",
                mode.id
            );
        }
        assert_eq!(ranked, ranking(&reversed));
    }
}
