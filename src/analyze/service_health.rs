//! Service health from Prometheus signals: per service, the request rate,
//! error ratios, latency, saturation, restarts, pool usage and traffic shares,
//! each measured against the baseline, and the findings that make a service
//! WARNING or CRITICAL. The thresholds are listed in the README.

use super::finding::{Finding, Severity, ShownBy};
use super::window::{Measurement, Window, measure, time_of};
use crate::signals::{PlannedQuery, Signal, SignalSeries, Unit};
use crate::sources::prometheus::model::Point;
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

/// One measured value of a service, with its unit for rendering.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Metric {
    pub unit: Unit,
    #[serde(flatten)]
    pub measurement: Measurement,
    pub promql: String,
}

/// One part of a whole: an instance's or a client's share of a service's traffic.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Share {
    pub name: String,
    pub rate: f64,
    pub share: f64,
    pub baseline_share: Option<f64>,
    /// When this part's rate changed, if it did.
    pub onset: Option<DateTime<Utc>>,
    #[serde(skip)]
    pub last_sample: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceHealth {
    pub service: String,
    /// UP, DOWN, DEGRADED (n% of targets up), SERVING, NO TRAFFIC, or UNKNOWN.
    pub status: String,
    /// By metric id: request_rate, error_rate, error_ratio, throttled_ratio,
    /// downstream_throttled_rate, latency_p50/p95/p99, cpu, cpu_throttling,
    /// memory, restarts, db_pool_usage, db_pool_waiting.
    pub metrics: BTreeMap<&'static str, Metric>,
    pub instances: Vec<Share>,
    pub clients: Vec<Share>,
    /// Containers waiting now, as `reason` (CrashLoopBackOff, …).
    pub waiting_reasons: Vec<String>,
    /// Last termination reasons seen in the window (OOMKilled, Error, …).
    pub terminated_reasons: Vec<String>,
    pub assessment: Severity,
    /// The earliest onset among the service's findings.
    pub onset: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HealthAssessment {
    pub services: Vec<ServiceHealth>,
    /// Most severe first, then earliest onset.
    pub findings: Vec<Finding>,
}

impl HealthAssessment {
    pub fn worst(&self) -> Severity {
        self.services
            .iter()
            .map(|s| s.assessment)
            .max()
            .unwrap_or(Severity::Ok)
    }
}

/// Series of one signal for one subject, from the best-ranked convention.
struct Selected<'a> {
    rank: usize,
    query: &'a PlannedQuery,
    /// (detail label value, points); the detail is empty without a detail label.
    series: Vec<(String, &'a [Point])>,
}

/// Assesses every service seen in the data; `step` is the range queries' step.
pub fn assess(window: &Window, step: Duration, observed: &[SignalSeries]) -> HealthAssessment {
    let mut selected: BTreeMap<(Signal, String), Selected> = BTreeMap::new();
    for signal_series in observed {
        let query = &signal_series.query;
        for series in &signal_series.series {
            let Some(subject) = series.metric.get(&query.subject_label) else {
                continue;
            };
            let detail = query
                .detail_label
                .as_ref()
                .and_then(|label| series.metric.get(label))
                .cloned()
                .unwrap_or_default();
            let entry = selected
                .entry((query.signal, subject.clone()))
                .or_insert_with(|| Selected {
                    rank: query.rank,
                    query,
                    series: Vec::new(),
                });
            if query.rank < entry.rank {
                *entry = Selected {
                    rank: query.rank,
                    query,
                    series: Vec::new(),
                };
            }
            if query.rank == entry.rank {
                entry.series.push((detail, &series.values));
            }
        }
    }
    let planned: BTreeMap<(Signal, usize), &PlannedQuery> = observed
        .iter()
        .map(|o| ((o.query.signal, o.query.rank), &o.query))
        .collect();
    let subjects: BTreeSet<&String> = selected.keys().map(|(_, subject)| subject).collect();
    let mut services: Vec<ServiceHealth> = Vec::new();
    let mut findings = Vec::new();
    for subject in subjects {
        let only_up = selected
            .keys()
            .filter(|(_, s)| s == subject)
            .all(|(signal, _)| *signal == Signal::Up);
        let view = SubjectView {
            subject,
            selected: &selected,
            planned: &planned,
            window,
            step,
        };
        let (service, mut service_findings) = view.assess();
        // Every scrape job has `up`; only those that went down are services to report.
        if only_up && service_findings.is_empty() {
            continue;
        }
        services.push(service);
        findings.append(&mut service_findings);
    }
    services.sort_by(|a, b| {
        b.assessment
            .cmp(&a.assessment)
            .then_with(|| a.service.cmp(&b.service))
    });
    findings.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| a.onset.cmp(&b.onset))
            .then_with(|| a.subject.cmp(&b.subject))
    });
    HealthAssessment { services, findings }
}

struct SubjectView<'a> {
    subject: &'a str,
    selected: &'a BTreeMap<(Signal, String), Selected<'a>>,
    /// Every query that ran, also those that returned nothing for this subject.
    planned: &'a BTreeMap<(Signal, usize), &'a PlannedQuery>,
    window: &'a Window,
    step: Duration,
}

/// The smallest change that matters, per unit.
fn floor(unit: Unit) -> f64 {
    match unit {
        Unit::PerSecond => 0.01,
        Unit::Seconds | Unit::Milliseconds => 0.005,
        Unit::Ratio => 0.005,
        Unit::Cores => 0.02,
        Unit::Bytes => 1024.0 * 1024.0,
        Unit::Count => 0.5,
    }
}

impl<'a> SubjectView<'a> {
    /// A series whose last sample is older than this has stopped.
    fn fresh_since(&self) -> DateTime<Utc> {
        self.window.end - chrono::Duration::from_std(self.step * 3).unwrap_or_default()
    }

    fn get(&self, signal: Signal) -> Option<&'a Selected<'a>> {
        self.selected.get(&(signal, self.subject.to_string()))
    }

    /// The subject's one series of `signal` (no detail label).
    fn single(&self, signal: Signal) -> Option<(&'a PlannedQuery, &'a [Point])> {
        let selected = self.get(signal)?;
        selected
            .series
            .first()
            .map(|(_, points)| (selected.query, *points))
    }

    fn metric(&self, signal: Signal) -> Option<Metric> {
        let (query, points) = self.single(signal)?;
        let measurement = measure(points, self.window, floor(query.unit), false)?;
        Some(Metric {
            unit: query.unit,
            measurement,
            promql: query.promql.clone(),
        })
    }

    /// A latency quantile: the signal's own series (a summary, an override)
    /// when its convention ranks first, else interpolated from the histogram buckets.
    fn latency(&self, signal: Signal, q: f64) -> Option<Metric> {
        let buckets = self.get(Signal::LatencyBuckets);
        let direct_first = match (self.get(signal), buckets) {
            (Some(direct), Some(buckets)) => direct.rank <= buckets.rank,
            (Some(_), None) => true,
            (None, _) => false,
        };
        if direct_first {
            return self.metric(signal);
        }
        let buckets = buckets?;
        let to_seconds = if buckets.query.unit == Unit::Milliseconds {
            0.001
        } else {
            1.0
        };
        let mut by_time: BTreeMap<i64, Vec<(f64, f64)>> = BTreeMap::new();
        for (le, points) in &buckets.series {
            let Some(upper) = crate::sources::prometheus::model::parse_value(le) else {
                continue;
            };
            for point in *points {
                by_time
                    .entry((point.time * 1000.0) as i64)
                    .or_default()
                    .push((upper, point.value));
            }
        }
        let points: Vec<Point> = by_time
            .into_iter()
            .map(|(ms, buckets)| Point {
                time: ms as f64 / 1000.0,
                value: super::histogram::quantile(q, &buckets) * to_seconds,
            })
            .collect();
        let scale = if to_seconds == 1.0 { "" } else { " / 1000" };
        Some(Metric {
            unit: Unit::Seconds,
            measurement: measure(&points, self.window, floor(Unit::Seconds), false)?,
            promql: format!("histogram_quantile({q}, {}){scale}", buckets.query.promql),
        })
    }

    /// `numerator / denominator` point by point, both from the same
    /// convention. A numerator that ran but has no series for this subject
    /// (no 5xx at all) is 0; one that was never planned gives no ratio.
    fn ratio(&self, numerator: Signal, denominator: Signal) -> Option<Metric> {
        let (query, totals) = self.single(denominator)?;
        let (part_query, parts) = match self.single(numerator) {
            Some((part_query, parts)) if part_query.rank == query.rank => (part_query, parts),
            _ => (*self.planned.get(&(numerator, query.rank))?, &[][..]),
        };
        let by_time: BTreeMap<i64, f64> = parts
            .iter()
            .map(|p| ((p.time * 1000.0) as i64, p.value))
            .collect();
        let points: Vec<Point> = totals
            .iter()
            .filter(|total| total.value > 0.0)
            .map(|total| Point {
                time: total.time,
                value: by_time
                    .get(&((total.time * 1000.0) as i64))
                    .copied()
                    .unwrap_or(0.0)
                    / total.value,
            })
            .collect();
        let measurement = measure(&points, self.window, floor(Unit::Ratio), false)?;
        Some(Metric {
            unit: Unit::Ratio,
            measurement,
            promql: format!("({}) / ({})", part_query.promql, query.promql),
        })
    }

    fn assess(&self) -> (ServiceHealth, Vec<Finding>) {
        let mut metrics = BTreeMap::new();
        let mut insert = |id: &'static str, metric: Option<Metric>| {
            if let Some(metric) = metric {
                metrics.insert(id, metric);
            }
        };
        insert("request_rate", self.metric(Signal::RequestRate));
        insert("error_rate", self.metric(Signal::ErrorRate));
        insert(
            "error_ratio",
            self.ratio(Signal::ErrorRate, Signal::RequestRate),
        );
        insert(
            "throttled_ratio",
            self.ratio(Signal::ThrottledRate, Signal::RequestRate),
        );
        insert(
            "downstream_throttled_rate",
            self.summed(Signal::DownstreamThrottledRate),
        );
        insert("latency_p50", self.latency(Signal::LatencyP50, 0.5));
        insert("latency_p95", self.latency(Signal::LatencyP95, 0.95));
        insert("latency_p99", self.latency(Signal::LatencyP99, 0.99));
        insert("cpu", self.metric(Signal::Cpu));
        insert("cpu_throttling", self.metric(Signal::CpuThrottling));
        insert("memory", self.metric(Signal::Memory));
        insert("restarts", self.restarts());
        insert("db_pool_usage", self.metric(Signal::DbPoolUsage));
        insert("db_pool_waiting", self.metric(Signal::DbPoolWaiting));
        let up = self.metric(Signal::Up);

        let instances = self.shares(Signal::InstanceRate, None);
        let weights = self.shares(Signal::InstanceWeight, None);
        // Shares of a total from another convention would be meaningless.
        let same_convention = self.get(Signal::RequestRate).map(|s| s.rank)
            == self.get(Signal::ClientRate).map(|s| s.rank);
        let client_total = metrics.get("request_rate").filter(|_| same_convention);
        let clients = self.shares(Signal::ClientRate, client_total);
        let waiting_reasons = self.reasons(Signal::WaitingReason, true);
        let terminated_reasons = self.reasons(Signal::TerminatedReason, false);

        let mut rules = Rules {
            subject: self.subject,
            findings: Vec::new(),
        };
        // Series stop rather than drop to zero when every pod is gone: a
        // request rate whose last sample is old means the service went dark.
        let went_dark = metrics.get("request_rate").filter(|requests| {
            requests.measurement.last_sample < self.fresh_since()
                && requests.measurement.baseline.is_some_and(|b| b > 0.0)
        });
        if let Some(requests) = went_dark {
            rules.add(
                "no_data",
                Severity::Critical,
                format!(
                    "no request samples since {}: the service (or its metrics) went dark",
                    crate::report::time(requests.measurement.last_sample)
                ),
                requests,
            );
        }
        rules.check_metrics(&metrics, up.as_ref());
        rules.check_shares(&instances, &weights, &clients, client_total, self);
        rules.check_reasons(
            &waiting_reasons,
            &terminated_reasons,
            metrics.get("restarts"),
        );
        let findings = rules.findings;
        let assessment = findings
            .iter()
            .map(|f| f.severity)
            .max()
            .unwrap_or(Severity::Ok);
        let onset = findings.iter().filter_map(|f| f.onset).min();
        let status = match went_dark {
            Some(_) => "NO DATA".to_string(),
            None => status(up.as_ref(), metrics.get("request_rate")),
        };
        (
            ServiceHealth {
                service: self.subject.to_string(),
                status,
                metrics,
                instances,
                clients,
                waiting_reasons: waiting_reasons.into_iter().map(|(r, _, _)| r).collect(),
                terminated_reasons: terminated_reasons.into_iter().map(|(r, _, _)| r).collect(),
                assessment,
                onset,
            },
            findings,
        )
    }

    /// A signal split by a detail label, summed per point (all downstream targets).
    fn summed(&self, signal: Signal) -> Option<Metric> {
        let selected = self.get(signal)?;
        let mut by_time: BTreeMap<i64, f64> = BTreeMap::new();
        for (_, points) in &selected.series {
            for point in *points {
                *by_time.entry((point.time * 1000.0) as i64).or_default() += point.value;
            }
        }
        let points: Vec<Point> = by_time
            .into_iter()
            .map(|(ms, value)| Point {
                time: ms as f64 / 1000.0,
                value,
            })
            .collect();
        Some(Metric {
            unit: selected.query.unit,
            // 429s from a dependency that never rate-limited before had a baseline of 0.
            measurement: measure(&points, self.window, floor(selected.query.unit), true)?,
            promql: selected.query.promql.clone(),
        })
    }

    /// Restarts inside the window: the query's last point counts the window,
    /// the one before the baseline (see the query in `signals::plan`).
    fn restarts(&self) -> Option<Metric> {
        let (query, points) = self.single(Signal::Restarts)?;
        let finite: Vec<&Point> = points.iter().filter(|p| p.value.is_finite()).collect();
        let last = finite.last()?;
        let baseline = finite
            .len()
            .checked_sub(2)
            .map(|index| finite[index].value.round());
        Some(Metric {
            unit: Unit::Count,
            measurement: Measurement {
                current: last.value.round(),
                peak: last.value.round(),
                baseline,
                score: None,
                onset: None,
                last_sample: time_of(last.time),
            },
            promql: query.promql.clone(),
        })
    }

    /// Each detail's share of the subject's traffic, now and in the baseline.
    fn shares(&self, signal: Signal, total: Option<&Metric>) -> Vec<Share> {
        let Some(selected) = self.get(signal) else {
            return Vec::new();
        };
        let mut parts: Vec<(String, Measurement)> = selected
            .series
            .iter()
            // Series without the client/instance label come back with it empty.
            .filter(|(name, _)| !name.is_empty())
            // A server that stopped reporting is not taking a share now.
            .filter(|(_, points)| {
                points
                    .last()
                    .is_some_and(|p| time_of(p.time) >= self.fresh_since())
            })
            .filter_map(|(name, points)| {
                Some((
                    name.clone(),
                    measure(points, self.window, floor(Unit::PerSecond), false)?,
                ))
            })
            .collect();
        parts.sort_by(|a, b| {
            b.1.current
                .total_cmp(&a.1.current)
                .then_with(|| a.0.cmp(&b.0))
        });
        let now_total = total
            .map(|t| t.measurement.current)
            .unwrap_or_else(|| parts.iter().map(|(_, m)| m.current).sum());
        let baseline_total = match total {
            Some(total) => total.measurement.baseline,
            None => Some(parts.iter().filter_map(|(_, m)| m.baseline).sum()),
        };
        parts
            .into_iter()
            .map(|(name, m)| Share {
                name,
                rate: m.current,
                share: if now_total > 0.0 {
                    m.current / now_total
                } else {
                    0.0
                },
                baseline_share: match (m.baseline, baseline_total) {
                    (Some(part), Some(total)) if total > 0.0 => Some(part / total),
                    _ => None,
                },
                onset: m.onset,
                last_sample: m.last_sample,
            })
            .collect()
    }

    /// Reasons with their first time in the window; `now_only` keeps those
    /// still present at the end of the window.
    fn reasons(&self, signal: Signal, now_only: bool) -> Vec<(String, DateTime<Utc>, String)> {
        let Some(selected) = self.get(signal) else {
            return Vec::new();
        };
        let start = self.window.start.timestamp() as f64;
        let recent = self.window.end.timestamp() as f64 - 2.0 * self.step.as_secs_f64();
        let mut reasons: Vec<(String, DateTime<Utc>, String)> = selected
            .series
            .iter()
            .filter(|(_, points)| {
                points
                    .last()
                    .is_some_and(|last| last.time >= start && (!now_only || last.time >= recent))
            })
            .filter_map(|(reason, points)| {
                let first = points.iter().find(|p| p.time >= start)?;
                Some((
                    reason.clone(),
                    time_of(first.time),
                    selected.query.promql.clone(),
                ))
            })
            .collect();
        reasons.sort();
        reasons.dedup_by(|a, b| a.0 == b.0);
        reasons
    }
}

fn status(up: Option<&Metric>, requests: Option<&Metric>) -> String {
    if let Some(up) = up {
        let fraction = up.measurement.current;
        return if fraction >= 0.999 {
            "UP".into()
        } else if fraction <= 0.001 {
            "DOWN".into()
        } else {
            format!("DEGRADED ({}% up)", (fraction * 100.0).round())
        };
    }
    match requests {
        Some(requests) if requests.measurement.current > 0.0 => "SERVING".into(),
        Some(_) => "NO TRAFFIC".into(),
        None => "UNKNOWN".into(),
    }
}

/// The thresholds that turn measurements into findings.
struct Rules<'a> {
    subject: &'a str,
    findings: Vec<Finding>,
}

impl Rules<'_> {
    fn add(&mut self, kind: &str, severity: Severity, summary: String, metric: &Metric) {
        self.findings.push(Finding {
            kind: kind.into(),
            subject: self.subject.into(),
            severity,
            summary,
            value: metric.measurement.current,
            baseline: metric.measurement.baseline,
            score: metric.measurement.score,
            onset: metric.measurement.onset,
            shown_by: ShownBy::PromQl(metric.promql.clone()),
        });
    }

    fn check_metrics(&mut self, metrics: &BTreeMap<&'static str, Metric>, up: Option<&Metric>) {
        if let Some(up) = up {
            let fraction = up.measurement.current;
            // Down in the baseline too is a standing condition, not this incident.
            let was_up = up.measurement.baseline.is_none_or(|b| b > fraction);
            if was_up && fraction <= 0.001 {
                self.add(
                    "down",
                    Severity::Critical,
                    "every scrape target is down (up == 0)".into(),
                    up,
                );
            } else if was_up && fraction < 0.999 {
                self.add(
                    "targets_down",
                    Severity::Warning,
                    format!("only {} of scrape targets up", Unit::Ratio.format(fraction)),
                    up,
                );
            }
        }
        if let Some(requests) = metrics.get("request_rate") {
            self.check_traffic(requests);
        }
        // A single error at very low traffic is a huge ratio: below 0.05
        // errors/s a ratio only counts when it is at least half the requests.
        let requests_now = metrics
            .get("request_rate")
            .map_or(0.0, |r| r.measurement.current);
        let enough = |ratio: &Metric| {
            ratio.measurement.current * requests_now >= 0.05 || ratio.measurement.current >= 0.5
        };
        if let Some(errors) = metrics.get("error_ratio").filter(|m| enough(m)) {
            self.check_ratio("error_ratio", "5xx", errors, 0.01, 0.05);
        }
        if let Some(throttled) = metrics.get("throttled_ratio").filter(|m| enough(m)) {
            self.check_ratio("throttled_ratio", "429", throttled, 0.05, 0.20);
        }
        if let Some(downstream) = metrics.get("downstream_throttled_rate") {
            let m = &downstream.measurement;
            if m.current >= 0.1 && m.is_anomalous_up() {
                self.add(
                    "downstream_throttled",
                    Severity::Warning,
                    format!(
                        "receiving 429 from dependencies at {} (baseline {})",
                        Unit::PerSecond.format(m.current),
                        Unit::PerSecond.format(m.baseline.unwrap_or(0.0))
                    ),
                    downstream,
                );
            }
        }
        if let Some(p99) = metrics.get("latency_p99") {
            self.check_latency(p99);
        }
        for (id, what, warning, critical) in [
            ("cpu", "CPU", 0.8, 0.9),
            ("memory", "memory", 0.85, 0.95),
            ("db_pool_usage", "connection pool", 0.8, 0.9),
            ("cpu_throttling", "CPU throttled", 0.25, 0.5),
        ] {
            let Some(metric) = metrics.get(id) else {
                continue;
            };
            if metric.unit != Unit::Ratio {
                continue;
            }
            let current = metric.measurement.current;
            let severity = if current >= critical {
                Severity::Critical
            } else if current >= warning {
                Severity::Warning
            } else {
                continue;
            };
            let phrase = match id {
                "cpu_throttling" => format!("{what} {} of periods", Unit::Ratio.format(current)),
                "db_pool_usage" => format!("{what} {} in use", Unit::Ratio.format(current)),
                _ => format!("{what} at {} of its limit", Unit::Ratio.format(current)),
            };
            self.add(
                id,
                severity,
                format!("{phrase}{}", baseline_note(metric)),
                metric,
            );
        }
        if let Some(waiting) = metrics.get("db_pool_waiting") {
            let m = &waiting.measurement;
            if m.current >= 1.0 && m.baseline.is_none_or(|b| m.current > b) {
                let usage_critical = metrics
                    .get("db_pool_usage")
                    .is_some_and(|u| u.measurement.current >= 0.9);
                self.add(
                    "db_pool_waiting",
                    if usage_critical {
                        Severity::Critical
                    } else {
                        Severity::Warning
                    },
                    format!(
                        "{} requests waiting for a pool connection{}",
                        Unit::Count.format(m.current),
                        baseline_note(waiting)
                    ),
                    waiting,
                );
            }
        }
        if let Some(restarts) = metrics.get("restarts") {
            let count = restarts.measurement.current;
            if count >= 1.0 {
                self.add(
                    "restarts",
                    if count >= 3.0 {
                        Severity::Critical
                    } else {
                        Severity::Warning
                    },
                    format!(
                        "{} container restarts in the window (baseline window: {})",
                        Unit::Count.format(count),
                        Unit::Count.format(restarts.measurement.baseline.unwrap_or(0.0))
                    ),
                    restarts,
                );
            }
        }
    }

    fn check_traffic(&mut self, requests: &Metric) {
        let m = &requests.measurement;
        let Some(baseline) = m.baseline else {
            return;
        };
        let score = m.score.unwrap_or(0.0);
        if baseline >= 0.1 && m.current < 0.05 * baseline {
            self.add(
                "traffic_stopped",
                Severity::Critical,
                format!(
                    "traffic stopped: {} (baseline {})",
                    Unit::PerSecond.format(m.current),
                    Unit::PerSecond.format(baseline)
                ),
                requests,
            );
        } else if score >= 5.0 && m.current >= 3.0 * baseline.max(0.01) {
            self.add(
                "traffic_surge",
                Severity::Warning,
                format!(
                    "request rate {} is {}x the baseline {}",
                    Unit::PerSecond.format(m.current),
                    times(m.current, baseline),
                    Unit::PerSecond.format(baseline)
                ),
                requests,
            );
        } else if score <= -5.0 && m.current < 0.5 * baseline {
            self.add(
                "traffic_drop",
                Severity::Warning,
                format!(
                    "request rate fell to {} (baseline {})",
                    Unit::PerSecond.format(m.current),
                    Unit::PerSecond.format(baseline)
                ),
                requests,
            );
        }
    }

    /// A ratio over its thresholds. A ratio that was just as high in the
    /// baseline is chronic, not this incident: one level less severe.
    fn check_ratio(
        &mut self,
        kind: &str,
        what: &str,
        metric: &Metric,
        warning: f64,
        critical: f64,
    ) {
        let m = &metric.measurement;
        let mut severity = if m.current >= critical {
            Severity::Critical
        } else if m.current >= warning {
            Severity::Warning
        } else {
            return;
        };
        let chronic = m.baseline.is_some_and(|b| b >= warning) && !m.is_anomalous_up();
        if chronic {
            severity = if severity == Severity::Critical {
                Severity::Warning
            } else {
                return;
            };
        }
        self.add(
            kind,
            severity,
            format!(
                "{what} {} of requests{}{}",
                Unit::Ratio.format(m.current),
                baseline_note(metric),
                if chronic { " (chronic)" } else { "" }
            ),
            metric,
        );
    }

    fn check_latency(&mut self, p99: &Metric) {
        let m = &p99.measurement;
        let (Some(baseline), Some(score)) = (m.baseline, m.score) else {
            return;
        };
        let factor = m.current / baseline.max(0.001);
        let severity = if factor >= 3.0 && score >= 5.0 && m.current - baseline >= 0.1 {
            Severity::Critical
        } else if factor >= 1.5 && score >= ANOMALY && m.current - baseline >= 0.05 {
            Severity::Warning
        } else {
            return;
        };
        self.add(
            "latency_p99",
            severity,
            format!(
                "p99 latency {} is {}x the baseline {}",
                Unit::Seconds.format(m.current),
                times(m.current, baseline),
                Unit::Seconds.format(baseline)
            ),
            p99,
        );
    }

    fn check_shares(
        &mut self,
        instances: &[Share],
        weights: &[Share],
        clients: &[Share],
        requests: Option<&Metric>,
        view: &SubjectView,
    ) {
        if let (Some(top), Some(selected)) = (instances.first(), view.get(Signal::InstanceRate)) {
            // Drained and backup servers (under 1%) are not part of the balance.
            let n = instances.iter().filter(|i| i.share >= 0.01).count();
            let fair = 1.0 / n.max(1) as f64;
            let threshold = if n == 2 { 0.8 } else { 0.5_f64.max(2.0 * fair) };
            if n >= 2 && top.rate > 0.0 && top.share >= threshold {
                let severity = if top.share >= 0.8 && n >= 3 {
                    Severity::Critical
                } else {
                    Severity::Warning
                };
                let mut metric = share_metric(top, selected.query);
                let mut summary = format!(
                    "{} takes {} of the traffic across {n} instances (fair share {}{})",
                    top.name,
                    Unit::Ratio.format(top.share),
                    Unit::Ratio.format(fair),
                    top.baseline_share
                        .map(|b| format!("; baseline {}", Unit::Ratio.format(b)))
                        .unwrap_or_default()
                );
                // The balancer's own weights say whether this was configured.
                let weight = weights.iter().find(|w| w.name == top.name);
                let follows_weights = weight.is_some_and(|w| (w.share - top.share).abs() <= 0.1);
                let weight_changed = weight
                    .is_some_and(|w| w.baseline_share.is_some_and(|b| (w.share - b).abs() >= 0.1));
                match weight {
                    // A steady, configured split (a canary): not a finding.
                    Some(_) if follows_weights && !weight_changed => return self.check_clients(clients, requests, view),
                    Some(w) if weight_changed => {
                        summary.push_str(&format!(
                            "; its configured weight share changed from {} to {}: a load-balancer weight change",
                            Unit::Ratio.format(w.baseline_share.unwrap_or_default()),
                            Unit::Ratio.format(w.share)
                        ));
                        metric.measurement.onset = w.onset.or(metric.measurement.onset);
                        if let Some(weights) = view.get(Signal::InstanceWeight) {
                            metric.promql = format!("{}\n{}", metric.promql, weights.query.promql);
                        }
                    }
                    Some(w) => summary.push_str(&format!(
                        "; its configured weight share is {}: the balancer is not following its weights",
                        Unit::Ratio.format(w.share)
                    )),
                    None => {}
                }
                self.add("instance_share", severity, summary, &metric);
            }
        }
        self.check_clients(clients, requests, view);
    }

    fn check_clients(&mut self, clients: &[Share], requests: Option<&Metric>, view: &SubjectView) {
        // Without the same convention's total, top-5 shares would be inflated.
        let Some(requests) = requests else {
            return;
        };
        if let (Some(top), Some(selected)) = (clients.first(), view.get(Signal::ClientRate)) {
            let surged = requests.measurement.is_anomalous_up();
            let grew = top.baseline_share.is_none_or(|b| top.share >= b + 0.2);
            if top.share >= 0.5 && (surged || grew) {
                let metric = share_metric(top, selected.query);
                self.add(
                    "client_share",
                    Severity::Warning,
                    format!(
                        "client {} sends {} of requests ({}{})",
                        top.name,
                        Unit::Ratio.format(top.share),
                        Unit::PerSecond.format(top.rate),
                        top.baseline_share
                            .map(|b| format!("; baseline share {}", Unit::Ratio.format(b)))
                            .unwrap_or_default()
                    ),
                    &metric,
                );
            }
        }
    }

    fn check_reasons(
        &mut self,
        waiting: &[(String, DateTime<Utc>, String)],
        terminated: &[(String, DateTime<Utc>, String)],
        restarts: Option<&Metric>,
    ) {
        for (reason, since, promql) in waiting {
            let severity = match reason.as_str() {
                "CrashLoopBackOff"
                | "ImagePullBackOff"
                | "ErrImagePull"
                | "CreateContainerConfigError"
                | "InvalidImageName" => Severity::Critical,
                _ => Severity::Warning,
            };
            self.findings.push(Finding {
                kind: "waiting_reason".into(),
                subject: self.subject.into(),
                severity,
                summary: format!("containers waiting: {reason}"),
                value: 1.0,
                baseline: None,
                score: None,
                onset: Some(*since),
                shown_by: ShownBy::PromQl(promql.clone()),
            });
        }
        let restarted = restarts.is_some_and(|r| r.measurement.current >= 1.0);
        for (reason, since, promql) in terminated {
            if reason == "OOMKilled" && restarted {
                self.findings.push(Finding {
                    kind: "oom_killed".into(),
                    subject: self.subject.into(),
                    severity: Severity::Critical,
                    summary: "containers were OOMKilled and restarted in the window".into(),
                    value: 1.0,
                    baseline: None,
                    score: None,
                    onset: Some(*since),
                    shown_by: ShownBy::PromQl(promql.clone()),
                });
            }
        }
    }
}

const ANOMALY: f64 = super::window::ANOMALY_SCORE;

/// A share as a metric, so that a share finding reads like the others.
fn share_metric(share: &Share, query: &PlannedQuery) -> Metric {
    Metric {
        unit: Unit::Ratio,
        measurement: Measurement {
            current: share.share,
            peak: share.share,
            baseline: share.baseline_share,
            score: None,
            onset: share.onset,
            last_sample: share.last_sample,
        },
        promql: query.promql.clone(),
    }
}

fn baseline_note(metric: &Metric) -> String {
    match metric.measurement.baseline {
        Some(baseline) => format!(" (baseline {})", metric.unit.format(baseline)),
        None => String::new(),
    }
}

fn times(current: f64, baseline: f64) -> String {
    let factor = current / baseline.max(1e-9);
    if factor >= 10.0 {
        format!("{factor:.0}")
    } else {
        format!("{factor:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signals::PlannedQuery;
    use crate::sources::prometheus::model::{Labels, RangeSeries};

    /// Two hours of one-minute points; the window is the second hour.
    fn window() -> Window {
        Window {
            baseline_start: time_of(0.0),
            start: time_of(3600.0),
            end: time_of(7200.0),
        }
    }

    fn observed(
        signal: Signal,
        unit: Unit,
        subject: &str,
        value: impl Fn(i64) -> Option<f64>,
    ) -> SignalSeries {
        SignalSeries {
            query: PlannedQuery {
                signal,
                promql: signal.id().to_string(),
                subject_label: "service".into(),
                detail_label: None,
                unit,
                convention: "test".into(),
                rank: 0,
                step_seconds: None,
            },
            series: vec![RangeSeries {
                metric: Labels::from([("service".to_string(), subject.to_string())]),
                values: (0..=120)
                    .filter_map(|minute| {
                        value(minute).map(|value| Point {
                            time: minute as f64 * 60.0,
                            value,
                        })
                    })
                    .collect(),
            }],
        }
    }

    fn assess_one(observed: &[SignalSeries]) -> HealthAssessment {
        assess(&window(), Duration::from_secs(60), observed)
    }

    #[test]
    fn one_error_at_very_low_traffic_is_not_an_incident() {
        let result = assess_one(&[
            observed(Signal::RequestRate, Unit::PerSecond, "quiet", |_| {
                Some(0.02)
            }),
            observed(Signal::ErrorRate, Unit::PerSecond, "quiet", |m| {
                (m > 110).then_some(0.004)
            }),
        ]);
        assert_eq!(result.services[0].assessment, Severity::Ok, "{result:#?}");
    }

    #[test]
    fn a_service_whose_series_stopped_is_critical_no_data() {
        let result = assess_one(&[observed(
            Signal::RequestRate,
            Unit::PerSecond,
            "gone",
            |m| (m < 100).then_some(30.0),
        )]);
        let service = &result.services[0];
        assert_eq!(service.status, "NO DATA");
        assert_eq!(service.assessment, Severity::Critical);
        assert_eq!(result.findings[0].kind, "no_data");
    }

    #[test]
    fn scrape_jobs_are_only_reported_when_they_go_down() {
        let result = assess_one(&[
            observed(Signal::Up, Unit::Ratio, "always-down-etcd", |_| Some(0.0)),
            observed(Signal::Up, Unit::Ratio, "node-exporter", |_| Some(1.0)),
            observed(Signal::Up, Unit::Ratio, "payments", |m| {
                Some(if m > 100 { 0.0 } else { 1.0 })
            }),
        ]);
        let names: Vec<&str> = result.services.iter().map(|s| s.service.as_str()).collect();
        assert_eq!(names, ["payments"]);
        assert_eq!(result.services[0].status, "DOWN");
        assert_eq!(result.findings[0].kind, "down");
    }
}
