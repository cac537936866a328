//! When an expiry date becomes a WARNING or a CRITICAL: a fixed time left
//! (`30d`), or a share of the certificate's lifetime (`33%`) for short-lived
//! certificates, where 30 days would be most of their life.

use super::certificate::Certificate;
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Threshold {
    /// Time left before notAfter.
    Remaining(#[serde(serialize_with = "seconds")] Duration),
    /// Percent of the lifetime (notBefore → notAfter) left.
    PercentOfLifetime(f64),
}

fn seconds<S: serde::Serializer>(duration: &Duration, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_u64(duration.as_secs())
}

impl Threshold {
    /// Parses `30d`, `12h` or `33%`.
    pub fn parse(text: &str) -> Result<Threshold, String> {
        let text = text.trim();
        if let Some(number) = text.strip_suffix('%') {
            return match number.trim().parse::<f64>() {
                Ok(percent) if percent > 0.0 && percent < 100.0 => {
                    Ok(Threshold::PercentOfLifetime(percent))
                }
                _ => Err(format!(
                    "'{text}' is not a percentage of the lifetime between 0% and 100%, like 33%"
                )),
            };
        }
        crate::time_arg::parse_duration(text).map(Threshold::Remaining)
    }

    /// True when the certificate has this little time left, or less.
    pub fn reached(&self, cert: &Certificate, now: DateTime<Utc>) -> bool {
        let left = (cert.not_after - now).num_seconds();
        match *self {
            Threshold::Remaining(duration) => left <= duration.as_secs() as i64,
            Threshold::PercentOfLifetime(percent) => {
                (left as f64) <= cert.lifetime_seconds() as f64 * percent / 100.0
            }
        }
    }

    /// True when both are the same kind and `self` leaves less time than `other`.
    pub fn is_shorter_than(&self, other: &Threshold) -> bool {
        match (self, other) {
            (Threshold::Remaining(a), Threshold::Remaining(b)) => a < b,
            (Threshold::PercentOfLifetime(a), Threshold::PercentOfLifetime(b)) => a < b,
            _ => false,
        }
    }

    /// The threshold in days, for Nagios perfdata; `None` for percentages.
    pub fn days(&self) -> Option<f64> {
        match self {
            Threshold::Remaining(duration) => Some(duration.as_secs_f64() / 86_400.0),
            Threshold::PercentOfLifetime(_) => None,
        }
    }
}

impl std::fmt::Display for Threshold {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Threshold::Remaining(duration) if duration.as_secs() % 86_400 == 0 => {
                write!(f, "{}d", duration.as_secs() / 86_400)
            }
            Threshold::Remaining(duration) => {
                f.write_str(&humantime::format_duration(*duration).to_string())
            }
            Threshold::PercentOfLifetime(percent) => write!(f, "{percent}% of the lifetime"),
        }
    }
}

/// The pair of thresholds; CRITICAL is checked first.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Thresholds {
    pub warn: Threshold,
    pub crit: Threshold,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            warn: Threshold::Remaining(Duration::from_secs(30 * 86_400)),
            crit: Threshold::Remaining(Duration::from_secs(7 * 86_400)),
        }
    }
}

/// Days as text with enough digits that a certificate with minutes left never
/// reads "0.0 days" (or, worse, looks expired).
pub fn days_text(days: f64) -> String {
    let magnitude = days.abs();
    let text = if magnitude >= 10.0 {
        format!("{magnitude:.0}")
    } else if magnitude >= 1.0 {
        format!("{magnitude:.1}")
    } else if magnitude >= 0.01 {
        format!("{magnitude:.2}")
    } else {
        "less than 0.01".to_string()
    };
    let unit = if text == "1.0" { "day" } else { "days" };
    format!("{text} {unit}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::certs::certificate::Key;

    fn cert(lifetime_days: i64, left_seconds: i64, now: DateTime<Utc>) -> Certificate {
        let not_after = now + chrono::Duration::seconds(left_seconds);
        Certificate {
            subject: "CN=x".into(),
            issuer: "CN=ca".into(),
            serial: "01".into(),
            not_before: not_after - chrono::Duration::days(lifetime_days),
            not_after,
            names: vec![],
            key: Key {
                algorithm: "EC".into(),
                bits: 256,
            },
            signature: "ecdsa-with-SHA256".into(),
            is_ca: false,
            self_issued: false,
        }
    }

    #[test]
    fn parses_durations_and_percentages() {
        assert_eq!(
            Threshold::parse("30d").unwrap(),
            Threshold::Remaining(Duration::from_secs(30 * 86_400))
        );
        assert_eq!(
            Threshold::parse("33%").unwrap(),
            Threshold::PercentOfLifetime(33.0)
        );
        assert!(Threshold::parse("0%").is_err());
        assert!(Threshold::parse("150%").is_err());
        assert!(Threshold::parse("30").unwrap_err().contains("no unit"));
    }

    #[test]
    fn remaining_time_is_compared_to_not_after() {
        let now = Utc::now();
        let seven_days = Threshold::parse("7d").unwrap();
        assert!(seven_days.reached(&cert(90, 5 * 86_400, now), now));
        assert!(seven_days.reached(&cert(90, 7 * 86_400, now), now));
        assert!(!seven_days.reached(&cert(90, 7 * 86_400 + 1, now), now));
    }

    #[test]
    fn a_percentage_scales_with_the_lifetime() {
        let now = Utc::now();
        let third = Threshold::parse("33%").unwrap();
        // A 3-day certificate with one day left has 33.3 % left: not yet.
        assert!(!third.reached(&cert(3, 86_400, now), now));
        assert!(third.reached(&cert(3, 85_000, now), now));
        // A 90-day certificate with 20 days left has 22 % left.
        assert!(third.reached(&cert(90, 20 * 86_400, now), now));
    }

    #[test]
    fn days_are_never_rounded_to_zero() {
        assert_eq!(days_text(89.6), "90 days");
        assert_eq!(days_text(5.04), "5.0 days");
        assert_eq!(days_text(1.0), "1.0 day");
        assert_eq!(days_text(0.04), "0.04 days");
        assert_eq!(days_text(0.001), "less than 0.01 days");
        assert_eq!(days_text(-2.26), "2.3 days");
    }
}
