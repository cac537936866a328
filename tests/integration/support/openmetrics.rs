//! OpenMetrics fixtures written as behaviour over time: "this counter grows at
//! 25/s until 20 minutes ago, then at 31/s". Samples are one a minute for the
//! last two hours, ending just before now, so an incident is happening now.

use std::fmt::Write;

/// Minutes of history before now.
pub const HISTORY_MINUTES: i64 = 120;

/// Histogram bucket bounds, in seconds.
const BUCKETS: [f64; 8] = [0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, f64::INFINITY];

/// One series: metric name, labels as written, samples oldest first.
struct Series {
    metric: String,
    labels: String,
    samples: Vec<(i64, f64)>,
}

pub struct OpenMetrics {
    /// Unix seconds of the last sample.
    pub last: i64,
    series: Vec<Series>,
}

impl OpenMetrics {
    pub fn new() -> OpenMetrics {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64;
        OpenMetrics {
            last: now - 30,
            series: Vec::new(),
        }
    }

    /// The sample times, oldest first, with how many minutes ago each is.
    fn times(&self) -> impl Iterator<Item = (i64, i64)> + '_ {
        (0..=HISTORY_MINUTES)
            .rev()
            .map(|ago| (self.last - ago * 60, ago))
    }

    /// A gauge whose value `minutes_ago` minutes ago is `value(minutes_ago)`;
    /// `None` leaves the series absent at that time.
    pub fn gauge_opt(
        &mut self,
        metric: &str,
        labels: &[(&str, &str)],
        value: impl Fn(i64) -> Option<f64>,
    ) -> &mut Self {
        let samples = self
            .times()
            .filter_map(|(time, ago)| value(ago).map(|v| (time, v)))
            .collect();
        self.series.push(Series {
            metric: metric.to_string(),
            labels: render_labels(labels),
            samples,
        });
        self
    }

    pub fn gauge(
        &mut self,
        metric: &str,
        labels: &[(&str, &str)],
        value: impl Fn(i64) -> f64,
    ) -> &mut Self {
        self.gauge_opt(metric, labels, |ago| Some(value(ago)))
    }

    /// A counter that grows at `rate(minutes_ago)` per second.
    pub fn counter(
        &mut self,
        metric: &str,
        labels: &[(&str, &str)],
        rate: impl Fn(i64) -> f64,
    ) -> &mut Self {
        let mut total = 0.0;
        let samples = self
            .times()
            .map(|(time, ago)| {
                total += rate(ago) * 60.0;
                (time, total)
            })
            .collect();
        self.series.push(Series {
            metric: metric.to_string(),
            labels: render_labels(labels),
            samples,
        });
        self
    }

    /// A request-duration histogram (`{prefix}_bucket`, `_count`, `_sum`)
    /// where requests arrive at `rate(ago)` per second and take `latency(ago)` seconds.
    pub fn histogram(
        &mut self,
        prefix: &str,
        labels: &[(&str, &str)],
        rate: impl Fn(i64) -> f64 + Copy,
        latency: impl Fn(i64) -> f64 + Copy,
    ) -> &mut Self {
        for bound in BUCKETS {
            let le = if bound.is_infinite() {
                "+Inf".to_string()
            } else {
                bound.to_string()
            };
            let mut with_le = labels.to_vec();
            with_le.push(("le", &le));
            self.counter(&format!("{prefix}_bucket"), &with_le, |ago| {
                if latency(ago) <= bound {
                    rate(ago)
                } else {
                    0.0
                }
            });
        }
        self.counter(&format!("{prefix}_count"), labels, rate);
        self.counter(&format!("{prefix}_sum"), labels, move |ago| {
            rate(ago) * latency(ago)
        })
    }

    /// The OpenMetrics text for `promtool tsdb create-blocks-from openmetrics`.
    /// Series of one metric stay together; each is sorted by time.
    pub fn text(&self) -> String {
        let mut series: Vec<&Series> = self.series.iter().collect();
        series.sort_by(|a, b| a.metric.cmp(&b.metric));
        let mut text = String::new();
        for Series {
            metric,
            labels,
            samples,
        } in series
        {
            for (time, value) in samples {
                writeln!(text, "{metric}{labels} {value} {time}").unwrap();
            }
        }
        text.push_str("# EOF\n");
        text
    }
}

fn render_labels(labels: &[(&str, &str)]) -> String {
    if labels.is_empty() {
        return String::new();
    }
    let inner: Vec<String> = labels
        .iter()
        .map(|(name, value)| format!("{name}=\"{value}\""))
        .collect();
    format!("{{{}}}", inner.join(","))
}
