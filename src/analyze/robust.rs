//! Robust statistics: median and MAD, which the anomaly itself cannot drag
//! along the way it drags a mean and a standard deviation.

/// The median of the finite values, or `None` when there are none.
pub fn median(values: &[f64]) -> Option<f64> {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    if sorted.is_empty() {
        return None;
    }
    sorted.sort_by(f64::total_cmp);
    let middle = sorted.len() / 2;
    Some(if sorted.len() % 2 == 0 {
        (sorted[middle - 1] + sorted[middle]) / 2.0
    } else {
        sorted[middle]
    })
}

/// The median absolute deviation from the median.
pub fn mad(values: &[f64]) -> Option<f64> {
    let center = median(values)?;
    let deviations: Vec<f64> = values
        .iter()
        .filter(|v| v.is_finite())
        .map(|v| (v - center).abs())
        .collect();
    median(&deviations)
}

/// A baseline: its center and the spread that one unit of score stands for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Baseline {
    pub median: f64,
    /// 1.4826 × MAD (a standard deviation for normal data), never below the
    /// floor: a perfectly flat baseline must not make every wiggle infinite.
    pub scale: f64,
}

impl Baseline {
    /// `floor` is the smallest change that matters for this kind of value
    /// (0.01 requests/s, 1 ms…); 5 % of the median also counts as noise.
    pub fn of(values: &[f64], floor: f64) -> Option<Baseline> {
        let median = median(values)?;
        let mad = mad(values)?;
        let scale = (1.4826 * mad).max(0.05 * median.abs()).max(floor);
        Some(Baseline { median, scale })
    }

    /// How many robust units `value` lies above (positive) or below the baseline.
    pub fn score(&self, value: f64) -> f64 {
        (value - self.median) / self.scale
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_and_mad_ignore_non_finite_values() {
        assert_eq!(median(&[3.0, 1.0, f64::NAN, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(median(&[f64::NAN]), None);
        assert_eq!(mad(&[1.0, 1.0, 2.0, 2.0, 4.0, 6.0, 9.0]), Some(1.0));
    }

    #[test]
    fn one_outlier_does_not_move_the_baseline() {
        let baseline = Baseline::of(&[10.0, 11.0, 9.0, 10.0, 500.0], 0.01).unwrap();
        assert_eq!(baseline.median, 10.0);
        assert!(baseline.scale < 2.0, "{baseline:?}");
        assert!(baseline.score(100.0) > 50.0);
    }

    #[test]
    fn a_flat_baseline_uses_the_floor() {
        let baseline = Baseline::of(&[0.0; 10], 0.01).unwrap();
        assert_eq!(baseline.scale, 0.01);
        assert_eq!(baseline.score(0.05), 5.0);
    }
}
