//! The metric conventions triage understands without configuration
//! (ARCHITECTURE §4). Data only; `plan` decides which apply to a server.

/// How one instrumentation library or proxy names HTTP request metrics.
#[derive(Debug)]
pub struct RequestConvention {
    /// Shown in the report.
    pub name: &'static str,
    /// Counter of requests.
    pub requests: &'static str,
    /// Counter of responses by status, when it is not `requests` (HAProxy).
    pub responses: Option<&'static str>,
    /// Matchers every selector of this convention carries.
    pub fixed: &'static [(&'static str, &'static str)],
    /// Labels that can name the service, most specific first.
    pub subject_labels: &'static [&'static str],
    pub status_labels: &'static [&'static str],
    /// Counter split per instance/backend server, when not `requests` (HAProxy).
    pub per_instance: Option<&'static str>,
    pub instance_labels: &'static [&'static str],
    /// `…_bucket` of a histogram, with `le`.
    pub histogram: Option<&'static str>,
    /// A summary with a `quantile` label.
    pub summary: Option<&'static str>,
    /// Factor from the latency metric's unit to seconds.
    pub latency_to_seconds: f64,
    /// Configured weight per instance/backend server (HAProxy), to tell a
    /// configured imbalance (a canary, a weight change) from a broken one.
    pub weights: Option<&'static str>,
}

pub const REQUEST_CONVENTIONS: &[RequestConvention] = &[
    RequestConvention {
        name: "http_requests_total",
        requests: "http_requests_total",
        responses: None,
        fixed: &[],
        subject_labels: &["service", "app", "job"],
        status_labels: &["status", "code", "status_code"],
        per_instance: None,
        instance_labels: &["instance", "pod"],
        histogram: Some("http_request_duration_seconds_bucket"),
        summary: Some("http_request_duration_seconds"),
        latency_to_seconds: 1.0,
        weights: None,
    },
    RequestConvention {
        name: "Micrometer http_server_requests_seconds",
        requests: "http_server_requests_seconds_count",
        responses: None,
        fixed: &[],
        subject_labels: &["service", "application", "app", "job"],
        status_labels: &["status"],
        per_instance: None,
        instance_labels: &["instance", "pod"],
        histogram: Some("http_server_requests_seconds_bucket"),
        summary: Some("http_server_requests_seconds"),
        latency_to_seconds: 1.0,
        weights: None,
    },
    RequestConvention {
        name: "istio_requests_total",
        requests: "istio_requests_total",
        responses: None,
        fixed: &[("reporter", "destination")],
        subject_labels: &["destination_workload", "destination_service_name"],
        status_labels: &["response_code"],
        per_instance: None,
        instance_labels: &["pod", "instance"],
        histogram: Some("istio_request_duration_milliseconds_bucket"),
        summary: None,
        latency_to_seconds: 0.001,
        weights: None,
    },
    RequestConvention {
        name: "ingress-nginx nginx_ingress_controller_requests",
        requests: "nginx_ingress_controller_requests",
        responses: None,
        fixed: &[],
        subject_labels: &["service", "ingress"],
        status_labels: &["status"],
        per_instance: None,
        instance_labels: &[],
        histogram: Some("nginx_ingress_controller_request_duration_seconds_bucket"),
        summary: None,
        latency_to_seconds: 1.0,
        weights: None,
    },
    RequestConvention {
        name: "HAProxy haproxy_backend_http_requests_total",
        requests: "haproxy_backend_http_requests_total",
        responses: Some("haproxy_backend_http_responses_total"),
        fixed: &[],
        subject_labels: &["proxy", "backend"],
        status_labels: &["code"],
        per_instance: Some("haproxy_server_http_responses_total"),
        instance_labels: &["server"],
        histogram: None,
        summary: None,
        latency_to_seconds: 1.0,
        weights: Some("haproxy_server_weight"),
    },
];

/// Micrometer's outbound client requests: 429s received from dependencies.
pub const CLIENT_REQUESTS: &str = "http_client_requests_seconds_count";
pub const CLIENT_SUBJECT_LABELS: &[&str] = &["service", "application", "app", "job"];
pub const CLIENT_TARGET_LABELS: &[&str] = &["client_name", "clientName", "uri"];

/// Labels that name a client or tenant, in the order they are tried.
pub const DEFAULT_CLIENT_LABELS: &[&str] = &[
    "tenant",
    "tenant_id",
    "company_id",
    "client",
    "client_id",
    "source_workload",
];

/// cAdvisor and kube-state-metrics, joined to services by container name.
pub const CONTAINER_LABEL: &str = "container";
pub const CPU_USAGE: &str = "container_cpu_usage_seconds_total";
pub const CPU_THROTTLED: &str = "container_cpu_cfs_throttled_periods_total";
pub const CPU_PERIODS: &str = "container_cpu_cfs_periods_total";
pub const MEMORY_WORKING_SET: &str = "container_memory_working_set_bytes";
pub const RESOURCE_LIMITS: &str = "kube_pod_container_resource_limits";
pub const RESTARTS: &str = "kube_pod_container_status_restarts_total";
pub const WAITING_REASON: &str = "kube_pod_container_status_waiting_reason";
pub const TERMINATED_REASON: &str = "kube_pod_container_status_last_terminated_reason";

/// Connection pools: (in use, maximum, waiting), by convention.
pub struct PoolConvention {
    pub name: &'static str,
    pub in_use: &'static str,
    pub max: &'static str,
    pub waiting: Option<&'static str>,
    pub subject_labels: &'static [&'static str],
}

pub const POOL_CONVENTIONS: &[PoolConvention] = &[
    PoolConvention {
        name: "HikariCP",
        in_use: "hikaricp_connections_active",
        max: "hikaricp_connections_max",
        waiting: Some("hikaricp_connections_pending"),
        subject_labels: &["service", "application", "app", "job", "pool"],
    },
    PoolConvention {
        name: "db_connections",
        in_use: "db_connections_active",
        max: "db_connections_max",
        waiting: Some("db_connections_waiting"),
        subject_labels: &["service", "app", "job", "pool"],
    },
    PoolConvention {
        name: "postgres_exporter",
        in_use: "pg_stat_activity_count",
        max: "pg_settings_max_connections",
        waiting: None,
        subject_labels: &["service", "server", "job", "instance"],
    },
];

/// Every metric whose labels discovery should look up.
pub fn candidate_metrics() -> Vec<&'static str> {
    let mut metrics = Vec::new();
    for convention in REQUEST_CONVENTIONS {
        metrics.push(convention.requests);
        metrics.extend(convention.responses);
        metrics.extend(convention.per_instance);
        metrics.extend(convention.histogram);
        metrics.extend(convention.summary);
        metrics.extend(convention.weights);
    }
    for pool in POOL_CONVENTIONS {
        metrics.extend([pool.in_use, pool.max]);
        metrics.extend(pool.waiting);
    }
    metrics.extend([
        "up",
        CLIENT_REQUESTS,
        CPU_USAGE,
        CPU_THROTTLED,
        CPU_PERIODS,
        MEMORY_WORKING_SET,
        RESOURCE_LIMITS,
        RESTARTS,
        WAITING_REASON,
        TERMINATED_REASON,
    ]);
    metrics.sort_unstable();
    metrics.dedup();
    metrics
}
