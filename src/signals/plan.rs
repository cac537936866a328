//! Chooses the PromQL for each signal from what the server has. All heavy
//! aggregation (`sum by`, `rate`, `histogram_quantile`, `topk`) is in the
//! query, so a result holds one series per subject, not the raw series.

use super::catalog::{self, PoolConvention, RequestConvention};
use super::promql::{self, Matcher, duration, selector};
use super::{PlannedQuery, Signal, SignalOverrides, SignalPlan, Unit};
use crate::sources::prometheus::inventory::MetricInventory;
use std::time::Duration;

/// Restricts every query to one service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceFilter {
    pub name: String,
    /// The config's `services.NAME.labels`; empty means "the subject label equals the name".
    pub labels: Vec<(String, String)>,
}

#[derive(Debug, Clone)]
pub struct PlanOptions<'a> {
    /// The range of `rate(…[range])`.
    pub rate_interval: Duration,
    /// The range query's step.
    pub step: Duration,
    /// The incident window's length.
    pub window: Duration,
    pub service: Option<&'a ServiceFilter>,
    pub overrides: &'a SignalOverrides,
    /// Forces the label that names services, instead of discovering it.
    pub subject_label: Option<&'a str>,
    /// Labels that name clients/tenants, in the order tried.
    pub client_labels: &'a [String],
    /// Which services to ask "who sends the traffic" about. Splitting by
    /// client is the most expensive query, so it is a drill-down: `None`
    /// plans none, `Some(names)` plans them for those services only.
    pub client_subjects: Option<&'a [String]>,
}

/// The queries to run on a server with this inventory.
pub fn plan(inventory: &MetricInventory, options: &PlanOptions) -> SignalPlan {
    let mut plan = SignalPlan::default();
    let range = duration(options.rate_interval);
    for (rank, convention) in catalog::REQUEST_CONVENTIONS.iter().enumerate() {
        plan_requests(inventory, options, convention, rank, &range, &mut plan);
    }
    plan_downstream(inventory, options, &range, &mut plan);
    plan_containers(inventory, options, &range, &mut plan);
    for (index, pool) in catalog::POOL_CONVENTIONS.iter().enumerate() {
        plan_pool(inventory, options, pool, 100 + index, &mut plan);
    }
    apply_overrides(options, &range, &mut plan);
    let planned = |signal: Signal| plan.queries.iter().any(|q| q.signal == signal);
    let has_buckets = planned(Signal::LatencyBuckets);
    let is_quantile = |signal: Signal| {
        matches!(
            signal,
            Signal::LatencyP50 | Signal::LatencyP95 | Signal::LatencyP99
        )
    };
    plan.unavailable = Signal::ALL
        .into_iter()
        // Inputs of other signals, not measurements of their own.
        .filter(|signal| !matches!(signal, Signal::LatencyBuckets | Signal::InstanceWeight))
        .filter(|signal| !(planned(*signal) || has_buckets && is_quantile(*signal)))
        .collect();
    plan
}

/// Matchers that restrict a selector to the filtered service.
fn service_matchers(options: &PlanOptions, subject_label: &str) -> Vec<Matcher> {
    match options.service {
        None => Vec::new(),
        Some(filter) if filter.labels.is_empty() => vec![Matcher::eq(subject_label, &filter.name)],
        Some(filter) => filter
            .labels
            .iter()
            .map(|(label, value)| Matcher::eq(label, value))
            .collect(),
    }
}

fn first_label<'l>(
    inventory: &MetricInventory,
    metric: &str,
    forced: Option<&'l str>,
    candidates: &[&'l str],
) -> Option<&'l str> {
    match forced {
        Some(label) => inventory.has_label(metric, label).then_some(label),
        None => candidates
            .iter()
            .copied()
            .find(|label| inventory.has_label(metric, label)),
    }
}

fn plan_requests(
    inventory: &MetricInventory,
    options: &PlanOptions,
    convention: &RequestConvention,
    rank: usize,
    range: &str,
    plan: &mut SignalPlan,
) {
    if !inventory.has(convention.requests) {
        return;
    }
    let Some(subject) = first_label(
        inventory,
        convention.requests,
        options.subject_label,
        convention.subject_labels,
    ) else {
        plan.conventions.push(format!(
            "{}: present but without a service label ({}); not used",
            convention.name,
            convention.subject_labels.join(", ")
        ));
        return;
    };
    let mut base: Vec<Matcher> = convention
        .fixed
        .iter()
        .map(|(label, value)| Matcher::eq(label, value))
        .collect();
    base.extend(service_matchers(options, subject));
    let with = |extra: Matcher| {
        let mut matchers = base.clone();
        matchers.push(extra);
        matchers
    };
    // `up` is the same for every convention with this label: ask once.
    let up_planned = plan
        .queries
        .iter()
        .any(|q| q.signal == Signal::Up && q.subject_label == subject);
    let mut add = |signal, promql: String, detail: Option<&str>, unit| {
        plan.queries.push(PlannedQuery {
            signal,
            promql,
            subject_label: subject.to_string(),
            detail_label: detail.map(str::to_string),
            unit,
            convention: convention.name.to_string(),
            rank,
            step_seconds: None,
        });
    };
    let requests = selector(convention.requests, &base);
    add(
        Signal::RequestRate,
        format!("sum by ({subject}) (rate({requests}[{range}]))"),
        None,
        Unit::PerSecond,
    );

    let responses = convention.responses.unwrap_or(convention.requests);
    let status = first_label(inventory, responses, None, convention.status_labels);
    if let Some(status) = status {
        let errors = selector(responses, &with(Matcher::regex(status, "5..")));
        add(
            Signal::ErrorRate,
            format!("sum by ({subject}) (rate({errors}[{range}]))"),
            None,
            Unit::PerSecond,
        );
        // HAProxy only counts classes (4xx), so a 429 cannot be told apart there.
        if convention.responses.is_none() {
            let throttled = selector(responses, &with(Matcher::eq(status, "429")));
            add(
                Signal::ThrottledRate,
                format!("sum by ({subject}) (rate({throttled}[{range}]))"),
                None,
                Unit::PerSecond,
            );
        }
    }

    let latency = if let Some(bucket) = convention.histogram.filter(|m| inventory.has(m)) {
        // One query for the buckets; p50/p95/p99 are interpolated from it
        // exactly as histogram_quantile() does, instead of three queries that
        // each make the server re-read every bucket series.
        let buckets = selector(bucket, &base);
        add(
            Signal::LatencyBuckets,
            format!("sum by ({subject}, le) (rate({buckets}[{range}]))"),
            Some("le"),
            if convention.latency_to_seconds == 1.0 {
                Unit::Seconds
            } else {
                Unit::Milliseconds
            },
        );
        "histogram latency"
    } else if let Some(summary) = convention
        .summary
        .filter(|m| inventory.has_label(m, "quantile"))
    {
        // Summary quantiles cannot be aggregated; the worst instance is the honest bound.
        let scale = scale_suffix(convention.latency_to_seconds);
        for (signal, quantile) in QUANTILES {
            let series = selector(summary, &with(Matcher::eq("quantile", quantile)));
            add(
                signal,
                format!("max by ({subject}) ({series}){scale}"),
                None,
                Unit::Seconds,
            );
        }
        "summary latency (worst instance)"
    } else {
        "no latency metric"
    };

    let per_instance = convention.per_instance.unwrap_or(convention.requests);
    if let Some(instance) = first_label(inventory, per_instance, None, convention.instance_labels)
        .filter(|label| *label != subject)
    {
        let series = selector(per_instance, &base);
        add(
            Signal::InstanceRate,
            format!("sum by ({subject}, {instance}) (rate({series}[{range}]))"),
            Some(instance),
            Unit::PerSecond,
        );
        if let Some(weights) = convention
            .weights
            .filter(|m| inventory.has_label(m, subject) && inventory.has_label(m, instance))
        {
            add(
                Signal::InstanceWeight,
                format!(
                    "max by ({subject}, {instance}) ({})",
                    selector(weights, &base)
                ),
                Some(instance),
                Unit::Count,
            );
        }
    }

    let client_label = options
        .client_labels
        .iter()
        .find(|label| *label != subject && inventory.has_label(convention.requests, label));
    let drill_down = options.client_subjects.filter(|names| !names.is_empty());
    if let (Some(client), Some(names)) = (client_label, drill_down) {
        let only = selector(
            convention.requests,
            &with(Matcher::regex(subject, &promql::alternation(names))),
        );
        add(
            Signal::ClientRate,
            format!(
                "topk by ({subject}) (5, sum by ({subject}, {client}) (rate({only}[{range}])))"
            ),
            Some(client),
            Unit::PerSecond,
        );
    }

    if inventory.has_label("up", subject) && !up_planned {
        let up = selector("up", &service_matchers(options, subject));
        add(
            Signal::Up,
            format!("avg by ({subject}) ({up})"),
            None,
            Unit::Ratio,
        );
    }

    plan.conventions.push(format!(
        "{}: service by \"{subject}\", {}, {latency}{}",
        convention.name,
        match status {
            Some(status) => format!("status by \"{status}\""),
            None => "no status label (no error rates)".to_string(),
        },
        match client_label {
            Some(client) => format!(", clients by \"{client}\""),
            None => String::new(),
        }
    ));
}

const QUANTILES: [(Signal, &str); 3] = [
    (Signal::LatencyP50, "0.5"),
    (Signal::LatencyP95, "0.95"),
    (Signal::LatencyP99, "0.99"),
];

fn scale_suffix(to_seconds: f64) -> String {
    if to_seconds == 1.0 {
        String::new()
    } else {
        format!(" * {to_seconds}")
    }
}

/// 429s the service received from the APIs it calls (Micrometer's client metrics).
fn plan_downstream(
    inventory: &MetricInventory,
    options: &PlanOptions,
    range: &str,
    plan: &mut SignalPlan,
) {
    let metric = catalog::CLIENT_REQUESTS;
    let Some(subject) = first_label(
        inventory,
        metric,
        options.subject_label,
        catalog::CLIENT_SUBJECT_LABELS,
    ) else {
        return;
    };
    if !inventory.has_label(metric, "status") {
        return;
    }
    let target = first_label(inventory, metric, None, catalog::CLIENT_TARGET_LABELS);
    let mut matchers = service_matchers(options, subject);
    matchers.push(Matcher::eq("status", "429"));
    let series = selector(metric, &matchers);
    let by = match target {
        Some(target) => format!("{subject}, {target}"),
        None => subject.to_string(),
    };
    plan.queries.push(PlannedQuery {
        signal: Signal::DownstreamThrottledRate,
        promql: format!("sum by ({by}) (rate({series}[{range}]))"),
        subject_label: subject.to_string(),
        detail_label: target.map(str::to_string),
        unit: Unit::PerSecond,
        convention: "Micrometer http_client_requests_seconds".into(),
        rank: 0,
        step_seconds: None,
    });
    plan.conventions.push(format!(
        "Micrometer http_client_requests_seconds: 429s received from dependencies, service by \"{subject}\""
    ));
}

const CONTAINERS: &str = "cAdvisor + kube-state-metrics";

/// CPU, memory, restarts and waiting reasons from cAdvisor and kube-state-metrics,
/// joined to services by container name (the usual Deployment convention).
fn plan_containers(
    inventory: &MetricInventory,
    options: &PlanOptions,
    range: &str,
    plan: &mut SignalPlan,
) {
    let label = catalog::CONTAINER_LABEL;
    let mut matchers = vec![Matcher::ne(label, ""), Matcher::ne(label, "POD")];
    if let Some(filter) = options.service {
        matchers.push(Matcher::eq(label, &filter.name));
    }
    let per_pod = "namespace, pod, container";
    let has_limits = inventory.has_label(catalog::RESOURCE_LIMITS, "resource");
    let mut used = Vec::new();
    let mut add = |signal, promql: String, detail: Option<&str>, unit| {
        plan.queries.push(PlannedQuery {
            signal,
            promql,
            subject_label: label.to_string(),
            detail_label: detail.map(str::to_string),
            unit,
            convention: CONTAINERS.into(),
            rank: 50,
            step_seconds: None,
        });
    };
    let limit = |resource: &str| {
        let mut with_resource = matchers.clone();
        with_resource.push(Matcher::eq("resource", resource));
        selector(catalog::RESOURCE_LIMITS, &with_resource)
    };

    if inventory.has(catalog::CPU_USAGE) {
        let usage = format!(
            "sum by ({per_pod}) (rate({}[{range}]))",
            selector(catalog::CPU_USAGE, &matchers)
        );
        if has_limits {
            add(
                Signal::Cpu,
                format!(
                    "max by (container) ({usage} / sum by ({per_pod}) ({}))",
                    limit("cpu")
                ),
                None,
                Unit::Ratio,
            );
            used.push("CPU of the limit (busiest pod)");
        } else {
            add(
                Signal::Cpu,
                format!("max by (container) ({usage})"),
                None,
                Unit::Cores,
            );
            used.push("CPU in cores (no limits known)");
        }
    }
    if inventory.has(catalog::CPU_THROTTLED) && inventory.has(catalog::CPU_PERIODS) {
        add(
            Signal::CpuThrottling,
            format!(
                "max by (container) (sum by ({per_pod}) (rate({}[{range}])) / sum by ({per_pod}) (rate({}[{range}])))",
                selector(catalog::CPU_THROTTLED, &matchers),
                selector(catalog::CPU_PERIODS, &matchers)
            ),
            None,
            Unit::Ratio,
        );
        used.push("CPU throttling");
    }
    if inventory.has(catalog::MEMORY_WORKING_SET) {
        let working_set = format!(
            "sum by ({per_pod}) ({})",
            selector(catalog::MEMORY_WORKING_SET, &matchers)
        );
        if has_limits {
            add(
                Signal::Memory,
                format!(
                    "max by (container) ({working_set} / sum by ({per_pod}) ({}))",
                    limit("memory")
                ),
                None,
                Unit::Ratio,
            );
            used.push("memory of the limit (largest pod)");
        } else {
            add(
                Signal::Memory,
                format!("max by (container) ({working_set})"),
                None,
                Unit::Bytes,
            );
            used.push("memory in bytes (no limits known)");
        }
    }
    for (signal, metric) in [
        (Signal::WaitingReason, catalog::WAITING_REASON),
        (Signal::TerminatedReason, catalog::TERMINATED_REASON),
    ] {
        if inventory.has_label(metric, "reason") {
            add(
                signal,
                format!(
                    "sum by (container, reason) ({}) > 0",
                    selector(metric, &matchers)
                ),
                Some("reason"),
                Unit::Count,
            );
        }
    }
    if inventory.has(catalog::RESTARTS) {
        // Restarts per pod over a whole window (max - min of the counter: no
        // extrapolation, unlike increase()), summed per container. Run with
        // the window as its step, so its last point counts the window and the
        // one before it the baseline.
        let restarts = selector(catalog::RESTARTS, &matchers);
        let window = duration(options.window);
        plan.queries.push(PlannedQuery {
            signal: Signal::Restarts,
            promql: format!(
                "sum by (container) (max_over_time({restarts}[{window}]) - min_over_time({restarts}[{window}]))"
            ),
            subject_label: label.to_string(),
            detail_label: None,
            unit: Unit::Count,
            convention: CONTAINERS.into(),
            rank: 50,
            step_seconds: Some(options.window.as_secs().max(1)),
        });
        used.push("restarts");
    }
    if !used.is_empty() {
        plan.conventions.push(format!(
            "cAdvisor + kube-state-metrics: service by \"container\": {}",
            used.join(", ")
        ));
    }
}

fn plan_pool(
    inventory: &MetricInventory,
    options: &PlanOptions,
    pool: &PoolConvention,
    rank: usize,
    plan: &mut SignalPlan,
) {
    if !inventory.has(pool.in_use) || !inventory.has(pool.max) {
        return;
    }
    let Some(subject) = pool.subject_labels.iter().copied().find(|label| {
        inventory.has_label(pool.in_use, label) && inventory.has_label(pool.max, label)
    }) else {
        return;
    };
    let matchers = service_matchers(options, subject);
    let mut add = |signal, promql: String, unit| {
        plan.queries.push(PlannedQuery {
            signal,
            promql,
            subject_label: subject.to_string(),
            detail_label: None,
            unit,
            convention: pool.name.to_string(),
            rank,
            step_seconds: None,
        });
    };
    // Each pool is its own limit: one exhausted pod next to idle ones must
    // show as exhausted, not as the average. So the ratio is per pool (per
    // instance and pool name, where the metrics say so), and the worst one wins.
    let mut per_pool = vec![subject];
    per_pool.extend(
        ["instance", "pod", "pool", "server", "datname"]
            .into_iter()
            .filter(|label| *label != subject)
            .filter(|label| {
                inventory.has_label(pool.in_use, label) && inventory.has_label(pool.max, label)
            }),
    );
    let per_pool = per_pool.join(", ");
    add(
        Signal::DbPoolUsage,
        format!(
            "max by ({subject}) (sum by ({per_pool}) ({}) / sum by ({per_pool}) ({}))",
            selector(pool.in_use, &matchers),
            selector(pool.max, &matchers)
        ),
        Unit::Ratio,
    );
    if let Some(waiting) = pool.waiting.filter(|m| inventory.has(m)) {
        add(
            Signal::DbPoolWaiting,
            format!("sum by ({subject}) ({})", selector(waiting, &matchers)),
            Unit::Count,
        );
    }
    plan.conventions.push(format!(
        "{}: connections in use of the maximum, by \"{subject}\"",
        pool.name
    ));
}

/// Replaces the chosen queries of each overridden signal by the config's PromQL.
fn apply_overrides(options: &PlanOptions, range: &str, plan: &mut SignalPlan) {
    // An override's result names services the way the main request metric
    // does (or as `service_label` says).
    let subject = options
        .subject_label
        .map(str::to_string)
        .or_else(|| {
            plan.queries
                .iter()
                .filter(|q| q.signal == Signal::RequestRate)
                .min_by_key(|q| q.rank)
                .map(|q| q.subject_label.clone())
        })
        .unwrap_or_else(|| "service".into());
    for (signal, template) in options.overrides {
        let unit = plan
            .queries
            .iter()
            .find(|q| q.signal == *signal)
            .map(|q| q.unit)
            .unwrap_or(default_unit(*signal));
        plan.queries.retain(|q| q.signal != *signal);
        plan.queries.push(PlannedQuery {
            signal: *signal,
            promql: template
                .replace("$range", range)
                .replace("$step", &duration(options.step)),
            subject_label: subject.clone(),
            detail_label: None,
            unit,
            convention: "config override".into(),
            rank: 0,
            step_seconds: None,
        });
        plan.conventions.push(format!(
            "config override for {}: service by \"{subject}\"",
            signal.id()
        ));
    }
}

fn default_unit(signal: Signal) -> Unit {
    match signal {
        Signal::LatencyP50 | Signal::LatencyP95 | Signal::LatencyP99 | Signal::LatencyBuckets => {
            Unit::Seconds
        }
        Signal::Up | Signal::Cpu | Signal::CpuThrottling | Signal::Memory | Signal::DbPoolUsage => {
            Unit::Ratio
        }
        Signal::Restarts
        | Signal::InstanceWeight
        | Signal::WaitingReason
        | Signal::TerminatedReason
        | Signal::DbPoolWaiting => Unit::Count,
        _ => Unit::PerSecond,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options<'a>(overrides: &'a SignalOverrides, clients: &'a [String]) -> PlanOptions<'a> {
        PlanOptions {
            rate_interval: Duration::from_secs(300),
            step: Duration::from_secs(60),
            window: Duration::from_secs(3600),
            service: None,
            overrides,
            subject_label: None,
            client_labels: clients,
            client_subjects: None,
        }
    }

    fn query(plan: &SignalPlan, signal: Signal) -> &str {
        &plan
            .queries
            .iter()
            .find(|q| q.signal == signal)
            .unwrap_or_else(|| panic!("{signal:?} planned: {plan:#?}"))
            .promql
    }

    #[test]
    fn prometheus_client_histograms_with_code_and_job() {
        let inventory = MetricInventory::from_metrics(&[
            (
                "http_requests_total",
                &["job", "code", "instance", "tenant"],
            ),
            ("http_request_duration_seconds_bucket", &["job", "le"]),
        ]);
        let clients = vec!["tenant".to_string()];
        let drill = vec!["api".to_string(), "a.b".to_string()];
        let overrides = SignalOverrides::new();
        let mut options = options(&overrides, &clients);
        options.client_subjects = Some(&drill);
        let plan = plan(&inventory, &options);
        assert_eq!(
            query(&plan, Signal::RequestRate),
            "sum by (job) (rate(http_requests_total[5m]))"
        );
        assert_eq!(
            query(&plan, Signal::ErrorRate),
            r#"sum by (job) (rate(http_requests_total{code=~"5.."}[5m]))"#
        );
        assert_eq!(
            query(&plan, Signal::LatencyBuckets),
            "sum by (job, le) (rate(http_request_duration_seconds_bucket[5m]))"
        );
        assert_eq!(
            query(&plan, Signal::ClientRate),
            r#"topk by (job) (5, sum by (job, tenant) (rate(http_requests_total{job=~"api|a\\.b"}[5m])))"#
        );
        assert_eq!(
            plan.conventions[0],
            "http_requests_total: service by \"job\", status by \"code\", histogram latency, clients by \"tenant\""
        );
    }

    #[test]
    fn summaries_istio_and_haproxy_get_their_own_templates() {
        let inventory = MetricInventory::from_metrics(&[
            (
                "http_server_requests_seconds_count",
                &["application", "status", "uri"],
            ),
            ("http_server_requests_seconds", &["application", "quantile"]),
            (
                "istio_requests_total",
                &["destination_workload", "response_code", "reporter"],
            ),
            (
                "istio_request_duration_milliseconds_bucket",
                &["destination_workload", "le"],
            ),
            ("haproxy_backend_http_requests_total", &["proxy"]),
            ("haproxy_backend_http_responses_total", &["proxy", "code"]),
            (
                "haproxy_server_http_responses_total",
                &["proxy", "server", "code"],
            ),
        ]);
        let plan = plan(&inventory, &options(&SignalOverrides::new(), &[]));
        assert_eq!(
            query(&plan, Signal::LatencyP99),
            r#"max by (application) (http_server_requests_seconds{quantile="0.99"})"#
        );
        let istio = plan
            .queries
            .iter()
            .find(|q| q.signal == Signal::LatencyBuckets)
            .unwrap();
        assert_eq!(
            istio.promql,
            r#"sum by (destination_workload, le) (rate(istio_request_duration_milliseconds_bucket{reporter="destination"}[5m]))"#
        );
        assert_eq!(istio.unit, Unit::Milliseconds);
        let instance: Vec<&str> = plan
            .queries
            .iter()
            .filter(|q| q.signal == Signal::InstanceRate)
            .map(|q| q.promql.as_str())
            .collect();
        assert_eq!(
            instance,
            ["sum by (proxy, server) (rate(haproxy_server_http_responses_total[5m]))"]
        );
        let haproxy_errors = plan
            .queries
            .iter()
            .find(|q| q.signal == Signal::ErrorRate && q.convention.starts_with("HAProxy"))
            .unwrap();
        assert_eq!(
            haproxy_errors.promql,
            r#"sum by (proxy) (rate(haproxy_backend_http_responses_total{code=~"5.."}[5m]))"#
        );
    }

    #[test]
    fn a_service_filter_and_overrides_shape_the_queries() {
        let inventory = MetricInventory::from_metrics(&[
            ("http_requests_total", &["service", "status"]),
            (
                "container_cpu_usage_seconds_total",
                &["container", "pod", "namespace"],
            ),
        ]);
        let filter = ServiceFilter {
            name: "api\"x".into(),
            labels: Vec::new(),
        };
        let overrides = SignalOverrides::from([(
            Signal::LatencyP99,
            "max by (service) (my_p99[$range])".to_string(),
        )]);
        let mut options = options(&overrides, &[]);
        options.service = Some(&filter);
        let plan = plan(&inventory, &options);
        assert_eq!(
            query(&plan, Signal::RequestRate),
            r#"sum by (service) (rate(http_requests_total{service="api\"x"}[5m]))"#
        );
        assert_eq!(
            query(&plan, Signal::Cpu),
            r#"max by (container) (sum by (namespace, pod, container) (rate(container_cpu_usage_seconds_total{container!="",container!="POD",container="api\"x"}[5m])))"#
        );
        assert_eq!(
            query(&plan, Signal::LatencyP99),
            "max by (service) (my_p99[5m])"
        );
        assert!(plan.unavailable.contains(&Signal::Memory));
    }

    #[test]
    fn pool_usage_is_the_worst_pool_not_the_average() {
        let inventory = MetricInventory::from_metrics(&[
            (
                "hikaricp_connections_active",
                &["application", "instance", "pool"],
            ),
            (
                "hikaricp_connections_max",
                &["application", "instance", "pool"],
            ),
        ]);
        let plan = plan(&inventory, &options(&SignalOverrides::new(), &[]));
        assert_eq!(
            query(&plan, Signal::DbPoolUsage),
            "max by (application) (sum by (application, instance, pool) (hikaricp_connections_active) / sum by (application, instance, pool) (hikaricp_connections_max))"
        );
    }

    #[test]
    fn a_request_metric_without_a_service_label_is_reported_not_used() {
        let inventory = MetricInventory::from_metrics(&[("http_requests_total", &["code"])]);
        let plan = plan(&inventory, &options(&SignalOverrides::new(), &[]));
        assert!(plan.queries.is_empty());
        assert!(
            plan.conventions[0].contains("without a service label"),
            "{:?}",
            plan.conventions
        );
    }
}
