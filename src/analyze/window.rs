//! The incident window, the baseline window before it, and a range series
//! measured against them: the value now, its peak, the baseline, the robust
//! score and the onset.

use super::onset::change_point;
use super::robust::{Baseline, median};
use crate::sources::prometheus::model::Point;
use chrono::{DateTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};

/// `[baseline_start, start)` is the baseline, `[start, end]` the incident window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Window {
    pub baseline_start: DateTime<Utc>,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

/// A deviation of at least this many robust units is anomalous.
pub const ANOMALY_SCORE: f64 = 3.0;

/// One series measured over the window against its baseline.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Measurement {
    /// The recent level: the median of the window's last points.
    pub current: f64,
    /// The largest value inside the window.
    pub peak: f64,
    /// The baseline median, when the baseline window has data.
    pub baseline: Option<f64>,
    /// Robust units between `current` and the baseline.
    pub score: Option<f64>,
    /// When the change that led to `current` began.
    pub onset: Option<DateTime<Utc>>,
    /// The time of the last sample: long before the window's end means the
    /// series stopped (the service went dark), not that it is steady.
    pub last_sample: DateTime<Utc>,
}

impl Measurement {
    /// `current / baseline`, when the baseline is not zero.
    pub fn ratio_to_baseline(&self) -> Option<f64> {
        self.baseline
            .filter(|baseline| *baseline > 0.0)
            .map(|baseline| self.current / baseline)
    }

    pub fn is_anomalous_up(&self) -> bool {
        self.score.is_some_and(|score| score >= ANOMALY_SCORE)
    }
}

/// Measures `points` (sorted by time); `floor` is the smallest change that
/// matters for this kind of value. With `absent_is_zero`, a series with no
/// point in the baseline had a baseline of 0 (a counter of 429s that first
/// appears now), instead of no baseline. `None` when the window has no finite point.
pub fn measure(
    points: &[Point],
    window: &Window,
    floor: f64,
    absent_is_zero: bool,
) -> Option<Measurement> {
    let start = window.start.timestamp_millis() as f64 / 1000.0;
    let finite: Vec<&Point> = points.iter().filter(|p| p.value.is_finite()).collect();
    let baseline_values: Vec<f64> = finite
        .iter()
        .filter(|p| p.time < start)
        .map(|p| p.value)
        .collect();
    let window_values: Vec<f64> = finite
        .iter()
        .filter(|p| p.time >= start)
        .map(|p| p.value)
        .collect();
    if window_values.is_empty() {
        return None;
    }
    let recent = (window_values.len() / 10).clamp(1, 5);
    let current = median(&window_values[window_values.len() - recent..])?;
    let peak = window_values.iter().copied().fold(f64::MIN, f64::max);
    let baseline = if baseline_values.is_empty() && absent_is_zero {
        Some(Baseline {
            median: 0.0,
            scale: floor,
        })
    } else {
        (baseline_values.len() >= 3)
            .then(|| Baseline::of(&baseline_values, floor))
            .flatten()
    };
    let score = baseline.map(|b| b.score(current));
    let onset = baseline.and_then(|b| {
        if baseline_values.is_empty() {
            // Absent before: it began with its first point.
            return finite.first().map(|p| time_of(p.time));
        }
        let values: Vec<f64> = finite.iter().map(|p| p.value).collect();
        let index = change_point(&values, &b, ANOMALY_SCORE)?;
        Some(time_of(finite[index].time))
    });
    Some(Measurement {
        current,
        peak,
        baseline: baseline.map(|b| b.median),
        score,
        onset: onset.filter(|_| score.is_some_and(|s| s.abs() >= ANOMALY_SCORE)),
        last_sample: time_of(finite.last()?.time),
    })
}

/// A Prometheus sample time as UTC.
pub fn time_of(seconds: f64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt((seconds * 1000.0).round() as i64)
        .single()
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn window() -> Window {
        Window {
            baseline_start: time_of(0.0),
            start: time_of(3600.0),
            end: time_of(7200.0),
        }
    }

    fn points(values: impl IntoIterator<Item = (f64, f64)>) -> Vec<Point> {
        values
            .into_iter()
            .map(|(time, value)| Point { time, value })
            .collect()
    }

    #[test]
    fn a_step_inside_the_window_has_a_score_and_an_onset() {
        let series = points((0..120).map(|minute| {
            let value = if minute >= 100 { 2.8 } else { 0.15 };
            (minute as f64 * 60.0, value)
        }));
        let m = measure(&series, &window(), 0.001, false).unwrap();
        assert_eq!(m.current, 2.8);
        assert_eq!(m.baseline, Some(0.15));
        assert!(m.score.unwrap() > 10.0, "{m:?}");
        assert_eq!(m.onset, Some(time_of(6000.0)));
        assert!((m.ratio_to_baseline().unwrap() - 18.666).abs() < 0.01);
    }

    #[test]
    fn steady_series_have_no_onset() {
        let series = points((0..120).map(|minute| (minute as f64 * 60.0, 5.0)));
        let m = measure(&series, &window(), 0.01, false).unwrap();
        assert_eq!(m.score, Some(0.0));
        assert_eq!(m.onset, None);
    }

    #[test]
    fn no_baseline_means_no_score_and_nan_is_skipped() {
        let series = points([(3700.0, 1.0), (3760.0, f64::NAN), (3820.0, 3.0)]);
        let m = measure(&series, &window(), 0.01, false).unwrap();
        assert_eq!(m.baseline, None);
        assert_eq!(m.score, None);
        assert_eq!(m.peak, 3.0);
        assert!(measure(&points([(10.0, 1.0)]), &window(), 0.01, false).is_none());
    }

    #[test]
    fn a_counter_that_first_appears_in_the_window_starts_from_zero() {
        let series = points((100..120).map(|minute| (minute as f64 * 60.0, 20.0)));
        let m = measure(&series, &window(), 0.01, true).unwrap();
        assert_eq!(m.baseline, Some(0.0));
        assert!(m.is_anomalous_up());
        assert_eq!(m.onset, Some(time_of(6000.0)));
        assert_eq!(m.last_sample, time_of(119.0 * 60.0));
    }
}
