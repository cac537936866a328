//! Rendering: structured results in, text out. Markdown for humans and
//! postmortems (GitHub-flavoured, no ANSI), JSON for machines, a plain table
//! for terminals. Pure: no I/O beyond the `String` returned.

pub mod alerts;
pub mod certs;
pub mod findings;
pub mod health;
pub mod investigation;
pub mod k8s;
pub mod pg;
pub mod query;
pub mod table;

use chrono::{DateTime, SecondsFormat, Utc};

/// A time as reports write it: UTC RFC 3339 to the second.
pub fn time(time: DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::Secs, true)
}
