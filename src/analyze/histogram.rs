//! Quantiles from classic histogram buckets, interpolated exactly as
//! PromQL's `histogram_quantile()` does, so that one query for the buckets
//! gives p50, p95 and p99 without three passes over every bucket series.

/// The `q` quantile of cumulative buckets `(upper bound, count)`, in any
/// order. NaN without a `+Inf` bucket or without observations, as in PromQL.
pub fn quantile(q: f64, buckets: &[(f64, f64)]) -> f64 {
    let mut buckets: Vec<(f64, f64)> = buckets
        .iter()
        .copied()
        .filter(|(upper, count)| !upper.is_nan() && count.is_finite())
        .collect();
    buckets.sort_by(|a, b| a.0.total_cmp(&b.0));
    if buckets.len() < 2
        || buckets
            .last()
            .is_none_or(|(upper, _)| *upper != f64::INFINITY)
    {
        return f64::NAN;
    }
    // Rates of separate bucket series can be slightly non-monotonic.
    for i in 1..buckets.len() {
        buckets[i].1 = buckets[i].1.max(buckets[i - 1].1);
    }
    let total = buckets[buckets.len() - 1].1;
    if total <= 0.0 || !(0.0..=1.0).contains(&q) {
        return f64::NAN;
    }
    let rank = q * total;
    let index = buckets
        .iter()
        .position(|(_, count)| *count >= rank)
        .unwrap_or(buckets.len() - 1);
    if index == buckets.len() - 1 {
        // In the +Inf bucket: the largest finite bound is all we know.
        return buckets[index - 1].0;
    }
    let (upper, count) = buckets[index];
    let (lower, below) = if index == 0 {
        (0.0_f64.min(upper), 0.0)
    } else {
        buckets[index - 1]
    };
    if index == 0 && upper <= 0.0 {
        return upper;
    }
    let in_bucket = count - below;
    if in_bucket <= 0.0 {
        return upper;
    }
    lower + (upper - lower) * ((rank - below) / in_bucket)
}

#[cfg(test)]
mod tests {
    use super::*;

    const INF: f64 = f64::INFINITY;

    #[test]
    fn interpolates_inside_the_bucket_like_promql() {
        // 100 requests: 50 under 0.1 s, 90 under 0.5 s, all under 1 s.
        let buckets = [(0.1, 50.0), (0.5, 90.0), (1.0, 100.0), (INF, 100.0)];
        assert!((quantile(0.5, &buckets) - 0.1).abs() < 1e-9);
        assert!((quantile(0.9, &buckets) - 0.5).abs() < 1e-9);
        assert!((quantile(0.99, &buckets) - 0.95).abs() < 1e-9);
        assert!((quantile(0.25, &buckets) - 0.05).abs() < 1e-9);
    }

    #[test]
    fn the_inf_bucket_answers_with_the_largest_finite_bound() {
        let buckets = [(0.1, 10.0), (1.0, 10.0), (INF, 100.0)];
        assert_eq!(quantile(0.99, &buckets), 1.0);
    }

    #[test]
    fn no_inf_bucket_or_no_observations_is_nan() {
        assert!(quantile(0.5, &[(0.1, 1.0), (1.0, 2.0)]).is_nan());
        assert!(quantile(0.5, &[(0.1, 0.0), (INF, 0.0)]).is_nan());
    }

    #[test]
    fn non_monotonic_rates_are_evened_out() {
        let buckets = [(0.1, 50.0), (0.5, 49.0), (INF, 100.0)];
        assert!((quantile(0.5, &buckets) - 0.1).abs() < 1e-9);
    }
}
