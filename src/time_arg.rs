//! Durations and instants as on-call engineers type them: `30s`, `5m`, `1h30m`,
//! and RFC 3339 times such as `2026-11-21T03:12:00Z`.

use chrono::{DateTime, Utc};
use std::time::Duration;

/// Parses a duration such as `30s`, `5m`, `1h30m` or `7d`.
///
/// ```
/// use std::time::Duration;
/// use triage::time_arg::parse_duration;
///
/// assert_eq!(parse_duration("1h30m"), Ok(Duration::from_secs(5400)));
/// assert!(parse_duration("30").unwrap_err().contains("write 30s"));
/// ```
///
/// A bare number is rejected on purpose: `--timeout 30` could mean seconds or
/// minutes, and guessing wrong at 3 a.m. costs more than asking.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("empty duration: expected something like 30s, 5m or 1h".into());
    }
    if text.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return Err(format!(
            "'{text}' has no unit: write {text}s, {text}m or {text}h"
        ));
    }
    match humantime::parse_duration(text) {
        Ok(duration) if duration.is_zero() => {
            Err(format!("'{text}' is zero: a duration must be positive"))
        }
        Ok(duration) => Ok(duration),
        Err(err) => Err(format!(
            "'{text}' is not a duration ({err}): expected something like 30s, 5m, 1h30m or 7d"
        )),
    }
}

/// The longest `--timeout` accepted: a deadline longer than a day is a typo.
pub const MAX_TIMEOUT: Duration = Duration::from_secs(86_400);

/// Parses `--timeout`: a duration of at most a day.
pub fn parse_timeout(text: &str) -> Result<Duration, String> {
    let duration = parse_duration(text)?;
    if duration > MAX_TIMEOUT {
        return Err(format!("'{text}' is longer than the 24h a deadline may be"));
    }
    Ok(duration)
}

/// Parses an RFC 3339 instant (`2026-11-21T03:12:00Z`, `2026-11-21T04:12:00+01:00`) into UTC.
///
/// ```
/// let time = triage::time_arg::parse_time("2026-11-21T04:12:00+01:00").unwrap();
/// assert_eq!(time.to_rfc3339(), "2026-11-21T03:12:00+00:00");
/// assert!(triage::time_arg::parse_time("yesterday").is_err());
/// ```
pub fn parse_time(text: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(text.trim())
        .map(|time| time.with_timezone(&Utc))
        .map_err(|err| {
            format!("'{text}' is not an RFC 3339 time ({err}): expected something like 2026-11-21T03:12:00Z")
        })
}

/// Formats a duration the way it is typed (`30s`, `1h 30m`), for messages and reports.
pub fn format_duration(duration: Duration) -> String {
    if duration < Duration::from_secs(1) {
        return format!("{} ms", duration.as_millis());
    }
    // Deadlines computed from a clock come out as 1999 ms; say 2s.
    let seconds = (duration.as_millis() + 500) / 1000;
    humantime::format_duration(Duration::from_secs(seconds as u64)).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_with_units_parse() {
        assert_eq!(parse_duration("30s"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_duration("1h30m"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse_duration("7d"), Ok(Duration::from_secs(7 * 86400)));
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
    }

    #[test]
    fn durations_without_units_or_garbage_are_rejected_with_advice() {
        assert!(parse_duration("30").unwrap_err().contains("write 30s"));
        assert!(
            parse_duration("soon")
                .unwrap_err()
                .contains("expected something like")
        );
        assert!(parse_duration("").is_err());
        assert!(parse_duration("0s").unwrap_err().contains("positive"));
    }

    #[test]
    fn timeouts_are_capped_at_a_day() {
        assert_eq!(parse_timeout("24h"), Ok(MAX_TIMEOUT));
        assert!(parse_timeout("18446744073709551615s").is_err());
        assert!(parse_timeout("25h").unwrap_err().contains("24h"));
    }

    #[test]
    fn rfc3339_times_parse_to_utc() {
        let time = parse_time("2026-11-21T04:12:00+01:00").unwrap();
        assert_eq!(time.to_rfc3339(), "2026-11-21T03:12:00+00:00");
    }

    #[test]
    fn malformed_times_are_rejected_with_an_example() {
        let err = parse_time("yesterday 3am").unwrap_err();
        assert!(err.contains("RFC 3339"), "{err}");
        assert!(parse_time("2026-13-40T00:00:00Z").is_err());
    }

    #[test]
    fn durations_format_as_typed() {
        assert_eq!(format_duration(Duration::from_secs(90)), "1m 30s");
        assert_eq!(format_duration(Duration::from_millis(120)), "120 ms");
        assert_eq!(format_duration(Duration::from_millis(1999)), "2s");
    }
}
