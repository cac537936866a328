//! Signals: what triage measures about a service (request rate, errors,
//! latency, saturation, …) and the PromQL that measures it on a given server.
//! Metric names differ between organisations, so the PromQL is chosen from a
//! catalogue of conventions by what the server actually has (`catalog`,
//! `plan`), and can be overridden per signal in the config. Pure: no I/O.

pub mod catalog;
pub mod plan;
pub mod promql;

pub use plan::{PlanOptions, ServiceFilter, plan};

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What one query measures. The ids (`Signal::id`) are used in the config's
/// `[env.NAME.prometheus.signals]` overrides and in JSON output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Signal {
    /// Requests per second served.
    RequestRate,
    /// 5xx responses per second.
    ErrorRate,
    /// 429 responses per second (the service rate limiting its callers).
    ThrottledRate,
    /// 429 responses per second the service *received* from its dependencies.
    DownstreamThrottledRate,
    LatencyP50,
    LatencyP95,
    LatencyP99,
    /// A latency histogram's buckets (by `le`), from which p50/p95/p99 are interpolated.
    LatencyBuckets,
    /// Requests per second per instance/backend server (for traffic share).
    InstanceRate,
    /// Configured load-balancer weight per instance/backend server.
    InstanceWeight,
    /// Requests per second of the top clients/tenants.
    ClientRate,
    /// Fraction of the service's scrape targets that are up.
    Up,
    /// CPU used, as a fraction of the limit (or in cores when there is no limit).
    Cpu,
    /// Fraction of CPU periods throttled.
    CpuThrottling,
    /// Memory working set, as a fraction of the limit (or bytes).
    Memory,
    /// Container restarts per step.
    Restarts,
    /// Containers waiting, by reason (CrashLoopBackOff, ImagePullBackOff, …).
    WaitingReason,
    /// Containers whose last termination had this reason (OOMKilled, Error, …).
    TerminatedReason,
    /// Connection pool or database connections in use, as a fraction of the maximum.
    DbPoolUsage,
    /// Requests waiting for a pool connection.
    DbPoolWaiting,
}

impl Signal {
    pub const ALL: [Signal; 20] = [
        Signal::RequestRate,
        Signal::ErrorRate,
        Signal::ThrottledRate,
        Signal::DownstreamThrottledRate,
        Signal::LatencyP50,
        Signal::LatencyP95,
        Signal::LatencyP99,
        Signal::LatencyBuckets,
        Signal::InstanceRate,
        Signal::InstanceWeight,
        Signal::ClientRate,
        Signal::Up,
        Signal::Cpu,
        Signal::CpuThrottling,
        Signal::Memory,
        Signal::Restarts,
        Signal::WaitingReason,
        Signal::TerminatedReason,
        Signal::DbPoolUsage,
        Signal::DbPoolWaiting,
    ];

    /// The stable id, as in the config and in JSON.
    pub fn id(self) -> &'static str {
        match self {
            Signal::RequestRate => "request_rate",
            Signal::ErrorRate => "error_rate",
            Signal::ThrottledRate => "throttled_rate",
            Signal::DownstreamThrottledRate => "downstream_throttled_rate",
            Signal::LatencyP50 => "latency_p50",
            Signal::LatencyP95 => "latency_p95",
            Signal::LatencyP99 => "latency_p99",
            Signal::LatencyBuckets => "latency_buckets",
            Signal::InstanceRate => "instance_rate",
            Signal::InstanceWeight => "instance_weight",
            Signal::ClientRate => "client_rate",
            Signal::Up => "up",
            Signal::Cpu => "cpu",
            Signal::CpuThrottling => "cpu_throttling",
            Signal::Memory => "memory",
            Signal::Restarts => "restarts",
            Signal::WaitingReason => "waiting_reason",
            Signal::TerminatedReason => "terminated_reason",
            Signal::DbPoolUsage => "db_pool_usage",
            Signal::DbPoolWaiting => "db_pool_waiting",
        }
    }

    pub fn from_id(id: &str) -> Option<Signal> {
        Signal::ALL.into_iter().find(|signal| signal.id() == id)
    }
}

/// The unit of a query's values, for rendering.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    PerSecond,
    Seconds,
    /// Latency histograms in milliseconds (istio); shown in seconds.
    Milliseconds,
    /// 0..1
    Ratio,
    Cores,
    Bytes,
    Count,
}

/// One query to run over the window and the baseline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlannedQuery {
    pub signal: Signal,
    pub promql: String,
    /// The label that names the subject (service) in the result.
    pub subject_label: String,
    /// A second label that splits a subject (instance, client, reason).
    pub detail_label: Option<String>,
    pub unit: Unit,
    /// The convention that chose this query, as shown in the report.
    pub convention: String,
    /// Lower wins when two conventions report the same subject.
    pub rank: usize,
    /// A step of its own (seconds), for queries that count over whole windows.
    pub step_seconds: Option<u64>,
}

/// Everything to run, and what the report says about how it was chosen.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SignalPlan {
    pub queries: Vec<PlannedQuery>,
    /// One line per convention used, such as
    /// `http_requests_total: service by "service", status by "code", histogram latency`.
    pub conventions: Vec<String>,
    /// Signals no convention on this server could measure.
    pub unavailable: Vec<Signal>,
}

/// What one planned query returned over the baseline and the window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignalSeries {
    pub query: PlannedQuery,
    pub series: Vec<crate::sources::prometheus::model::RangeSeries>,
}

/// PromQL overrides from the config, by signal. `$range` and `$step` are
/// replaced by the rate interval and the query step.
pub type SignalOverrides = BTreeMap<Signal, String>;

impl Unit {
    /// A value in this unit as people read it: `12.5/s`, `2.80s`, `150ms`, `24.1%`.
    pub fn format(self, value: f64) -> String {
        if !value.is_finite() {
            return "-".into();
        }
        match self {
            Unit::PerSecond => format!("{}/s", significant(value)),
            Unit::Seconds if value.abs() < 1.0 => format!("{}ms", significant(value * 1000.0)),
            Unit::Seconds => format!("{:.2}s", value),
            Unit::Milliseconds => Unit::Seconds.format(value / 1000.0),
            Unit::Ratio => format!("{}%", significant(value * 100.0)),
            Unit::Cores => format!("{} cores", significant(value)),
            Unit::Bytes => format_bytes(value),
            Unit::Count => significant(value),
        }
    }
}

/// Three significant digits at most, no trailing zeros: 0.0123, 1.5, 12.5, 2800.
fn significant(value: f64) -> String {
    let magnitude = value.abs();
    let text = if magnitude >= 100.0 || magnitude == 0.0 {
        format!("{value:.0}")
    } else if magnitude >= 10.0 {
        format!("{value:.1}")
    } else if magnitude >= 1.0 {
        format!("{value:.2}")
    } else {
        let decimals = (-magnitude.log10().floor()) as usize + 2;
        format!("{value:.decimals$}")
    };
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

fn format_bytes(value: f64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut value = value;
    let mut unit = 0;
    while value.abs() >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    format!("{}{}", significant(value), UNITS[unit])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_format_for_people() {
        assert_eq!(Unit::PerSecond.format(12.5), "12.5/s");
        assert_eq!(Unit::PerSecond.format(0.01234), "0.0123/s");
        assert_eq!(Unit::Seconds.format(2.8), "2.80s");
        assert_eq!(Unit::Seconds.format(0.15), "150ms");
        assert_eq!(Unit::Ratio.format(0.241), "24.1%");
        assert_eq!(Unit::Ratio.format(0.0), "0%");
        assert_eq!(Unit::Bytes.format(512.0 * 1024.0 * 1024.0), "512MiB");
        assert_eq!(Unit::Count.format(3.0), "3");
        assert_eq!(Unit::Ratio.format(f64::NAN), "-");
    }

    #[test]
    fn signal_ids_round_trip() {
        for signal in Signal::ALL {
            assert_eq!(Signal::from_id(signal.id()), Some(signal));
        }
    }
}
