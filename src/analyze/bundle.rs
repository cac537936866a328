//! Every analyzer over one evidence bundle: Prometheus signals to service
//! health, each database's snapshot, the cluster's objects, the certificate
//! chains. Pure, and measured from the bundle's own clock, so a replay gives
//! the same findings as the live run it recorded.

use super::certs::{self, Policy, TrustStore, Verdict};
use super::finding::{Finding, ShownBy};
use super::kubernetes::{self, EventGroup, Rollout};
use super::postgres::{self, PgThresholds, QueryTextPolicy};
use super::service_health::{self, ServiceHealth};
use crate::evidence::Evidence;
use std::time::Duration;

/// What the analyzers made of a bundle.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    pub services: Vec<ServiceHealth>,
    /// Every finding of every source, in a fixed order (most severe first).
    pub findings: Vec<Finding>,
    /// Deployments rolled out in the window (and the baseline before it).
    pub rollouts: Vec<Rollout>,
    pub events: Vec<EventGroup>,
    pub certificates: Vec<Verdict>,
    /// Alerts that fired in the window (from the `ALERTS` series).
    pub alerts: Vec<super::alert_groups::AlertEvent>,
    /// Every query, SQL statement and API path that produced the data.
    pub queries: Vec<ShownBy>,
}

/// Runs every analyzer on the bundle. `stores` are the trust stores TLS
/// chains are verified against (the replaying machine's: trust is not
/// recorded, the chains are).
pub fn analyze(evidence: &Evidence, stores: &[TrustStore]) -> Analysis {
    let mut analysis = Analysis::default();
    if let Some(prometheus) = &evidence.prometheus {
        let step = Duration::from_secs(prometheus.step_seconds.max(1));
        let health = service_health::assess(&evidence.window, step, &prometheus.series);
        analysis.services = health.services;
        analysis.findings.extend(health.findings);
        let mut promql: Vec<String> = prometheus
            .series
            .iter()
            .map(|s| s.query.promql.clone())
            .collect();
        promql.sort();
        promql.dedup();
        analysis
            .queries
            .extend(promql.into_iter().map(ShownBy::PromQl));
        if !prometheus.alerts.is_empty() {
            let mut alerts = super::alert_groups::firing_intervals(
                &prometheus.alerts,
                step,
                evidence.window.end,
            );
            alerts.sort_by(|a, b| {
                a.start
                    .cmp(&b.start)
                    .then_with(|| a.name.cmp(&b.name))
                    .then_with(|| a.labels.cmp(&b.labels))
            });
            analysis.alerts = alerts;
            analysis
                .queries
                .push(ShownBy::PromQl(r#"ALERTS{alertstate="firing"}"#.into()));
        }
    }
    for database in &evidence.postgres {
        let found = postgres::analyze(
            &database.snapshot,
            &database.name,
            &PgThresholds::default(),
            QueryTextPolicy::default(),
        );
        analysis.findings.extend(found.findings);
    }
    if !evidence.postgres.is_empty() {
        use crate::sources::postgres::collect::{
            ACTIVITY_SQL, DATABASE_STATS_SQL, REPLICATION_SQL, SERVER_FACTS_SQL,
        };
        for sql in [
            SERVER_FACTS_SQL,
            ACTIVITY_SQL,
            DATABASE_STATS_SQL,
            REPLICATION_SQL,
        ] {
            analysis.queries.push(ShownBy::Sql(sql.trim().to_string()));
        }
    }
    if let Some(cluster) = &evidence.kubernetes {
        let since = evidence.window.baseline_start;
        analysis
            .findings
            .extend(kubernetes::state_findings(cluster));
        let (rollouts, rollout_findings) = kubernetes::rollout_report(cluster, since);
        analysis.rollouts = rollouts;
        analysis.findings.extend(rollout_findings);
        let (events, event_findings) = kubernetes::event_report(cluster, evidence.window.start);
        analysis.events = events;
        analysis.findings.extend(event_findings);
        analysis
            .queries
            .extend(list_paths(cluster).into_iter().map(ShownBy::ApiPath));
    }
    if !evidence.tls.is_empty() {
        let policy = Policy::default();
        analysis.certificates = evidence
            .tls
            .iter()
            .map(|observation| certs::judge(observation, stores, &policy, evidence.recorded_at))
            .collect();
        let found = certs::findings::findings(&analysis.certificates);
        analysis
            .queries
            .extend(found.iter().map(|finding| finding.shown_by.clone()));
        analysis.findings.extend(found);
    }
    sort(&mut analysis.findings);
    analysis
}

/// The list requests a snapshot of the cluster is made of (`kubectl get --raw PATH`).
fn list_paths(cluster: &crate::sources::kubernetes::snapshot::ClusterSnapshot) -> Vec<String> {
    const NAMESPACED: [&str; 8] = [
        "/api/v1/{ns}pods",
        "/api/v1/{ns}events",
        "/apis/apps/v1/{ns}replicasets",
        "/apis/apps/v1/{ns}deployments",
        "/apis/apps/v1/{ns}statefulsets",
        "/apis/apps/v1/{ns}daemonsets",
        "/apis/autoscaling/v2/{ns}horizontalpodautoscalers",
        "/api/v1/{ns}configmaps",
    ];
    let scopes: Vec<String> = match &cluster.namespaces {
        Some(namespaces) => namespaces
            .iter()
            .map(|ns| format!("namespaces/{ns}/"))
            .collect(),
        None => vec![String::new()],
    };
    let mut paths: Vec<String> = NAMESPACED
        .iter()
        .flat_map(|template| {
            scopes
                .iter()
                .map(move |scope| template.replace("{ns}", scope))
        })
        .collect();
    paths.push("/api/v1/nodes".into());
    paths
}

/// A total order, so the same bundle always gives the same list whatever the
/// order its sources answered in.
pub fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then((a.onset.is_none(), a.onset).cmp(&(b.onset.is_none(), b.onset)))
            .then_with(|| a.kind.cmp(&b.kind))
            .then_with(|| a.subject.cmp(&b.subject))
            .then_with(|| a.summary.cmp(&b.summary))
            .then_with(|| a.value.total_cmp(&b.value))
    });
}
