//! When a change began: change-point detection on a range series.
//!
//! The split that best separates the series into "before" and "after" (the
//! largest mean shift weighted by how many points each side has, as in
//! CUSUM/binary segmentation) locates the change; then we walk back over the
//! points that are already clearly off the baseline, because `rate()` smooths
//! a step into a ramp and the ramp's first point is when it began.

use super::robust::Baseline;

/// The index of the first point of the change, or `None` for a series with no
/// shift of at least `min_score` robust units away from `baseline`.
pub fn change_point(values: &[f64], baseline: &Baseline, min_score: f64) -> Option<usize> {
    let n = values.len();
    if n < 3 {
        return None;
    }
    let mut prefix = Vec::with_capacity(n + 1);
    prefix.push(0.0);
    for value in values {
        prefix.push(prefix.last().unwrap() + value);
    }
    let total = prefix[n];
    let mut best = (0.0, 0);
    for (split, sum_before) in prefix.iter().enumerate().take(n).skip(1) {
        let before = sum_before / split as f64;
        let after = (total - sum_before) / (n - split) as f64;
        let weight = ((split * (n - split)) as f64 / n as f64).sqrt();
        let statistic = (after - before).abs() * weight;
        if statistic > best.0 {
            best = (statistic, split);
        }
    }
    let split = best.1;
    if split == 0 {
        return None;
    }
    let after: Vec<f64> = values[split..].to_vec();
    let level = super::robust::median(&after)?;
    let direction = (level - baseline.median).signum();
    if baseline.score(level).abs() < min_score {
        return None;
    }
    let off = |value: f64| baseline.score(value) * direction >= min_score;
    let mut start = split;
    while start > 0 && off(values[start - 1]) {
        start -= 1;
    }
    // The change must hold at the change point itself, not only on average after it.
    off(values[start]).then_some(start)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn baseline(values: &[f64]) -> Baseline {
        Baseline::of(values, 0.01).unwrap()
    }

    #[test]
    fn a_step_is_found_where_it_happens() {
        let mut values = vec![1.0; 60];
        values.extend(vec![10.0; 20]);
        assert_eq!(
            change_point(&values, &baseline(&values[..60]), 3.0),
            Some(60)
        );
    }

    #[test]
    fn a_ramp_is_found_at_its_first_point() {
        let mut values = vec![1.0, 1.1, 0.9, 1.0, 1.05, 0.95, 1.0, 1.0, 1.0, 1.0];
        values.extend([3.0, 6.0, 9.0, 10.0, 10.0, 10.0, 10.0, 10.0]);
        assert_eq!(
            change_point(&values, &baseline(&values[..10]), 3.0),
            Some(10)
        );
    }

    #[test]
    fn noise_has_no_change_point() {
        let values: Vec<f64> = (0..80)
            .map(|i| 10.0 + ((i * 7919) % 13) as f64 / 13.0)
            .collect();
        assert_eq!(change_point(&values, &baseline(&values[..40]), 3.0), None);
    }

    #[test]
    fn a_drop_is_a_change_too() {
        let mut values = vec![100.0; 40];
        values.extend(vec![0.0; 10]);
        assert_eq!(
            change_point(&values, &baseline(&values[..40]), 3.0),
            Some(40)
        );
    }
}
