//! Ages measured against the server's clock at sampling time, never ours.

use chrono::{DateTime, Utc};

/// Seconds from `since` to `now`; `None` when `since` is unknown. Clock skew
/// between backends can make tiny negative ages, which read as 0.
pub fn seconds(now: DateTime<Utc>, since: Option<DateTime<Utc>>) -> Option<f64> {
    since.map(|since| ((now - since).num_milliseconds() as f64 / 1000.0).max(0.0))
}

/// An age as on-call reads it: `45s`, `2m05s`, `1h02m`, `3d04h`.
pub fn format(seconds: f64) -> String {
    let total = seconds.max(0.0).floor() as u64;
    let (days, hours, minutes, secs) = (
        total / 86_400,
        total / 3600 % 24,
        total / 60 % 60,
        total % 60,
    );
    if days > 0 {
        format!("{days}d{hours:02}h")
    } else if hours > 0 {
        format!("{hours}h{minutes:02}m")
    } else if minutes > 0 {
        format!("{minutes}m{secs:02}s")
    } else if seconds < 1.0 {
        format!("{}ms", (seconds.max(0.0) * 1000.0).round())
    } else if seconds < 10.0 {
        format!("{:.1}s", seconds.max(0.0))
    } else {
        format!("{secs}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_read_like_durations() {
        assert_eq!(format(0.25), "250ms");
        assert_eq!(format(0.001), "1ms");
        assert_eq!(format(1.0), "1.0s");
        assert_eq!(format(45.0), "45s");
        assert_eq!(format(125.0), "2m05s");
        assert_eq!(format(3720.0), "1h02m");
        assert_eq!(format(3.0 * 86_400.0 + 4.0 * 3600.0), "3d04h");
    }

    #[test]
    fn unknown_and_skewed_starts() {
        let now = Utc::now();
        assert_eq!(seconds(now, None), None);
        assert_eq!(
            seconds(now, Some(now + chrono::Duration::seconds(1))),
            Some(0.0)
        );
    }
}
