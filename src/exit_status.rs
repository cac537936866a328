//! The process exit status, Nagios style, shared by every subcommand so that
//! cron, monitoring plugins and shell scripts can act on it.

use std::fmt;

/// What a run of `triage` concluded, as a monitoring system reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum ExitStatus {
    /// Everything checked is fine.
    Ok = 0,
    /// Something needs attention soon, nothing is broken yet.
    Warning = 1,
    /// Something is broken now.
    Critical = 2,
    /// Could not check: bad usage, bad config, or nothing reachable.
    Unknown = 3,
}

/// The exit-status table as it appears in `--help`, the man page and the README.
pub const EXIT_STATUS_HELP: &str = "\
Exit status (Nagios plugin convention, for every subcommand):
  0  OK        everything checked is fine
  1  WARNING   something needs attention soon
  2  CRITICAL  something is broken now
  3  UNKNOWN   could not check: bad usage, bad config, or nothing reachable";

impl ExitStatus {
    /// The numeric code the process exits with.
    pub fn code(self) -> u8 {
        self as u8
    }
}

impl fmt::Display for ExitStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ExitStatus::Ok => "OK",
            ExitStatus::Warning => "WARNING",
            ExitStatus::Critical => "CRITICAL",
            ExitStatus::Unknown => "UNKNOWN",
        })
    }
}

impl From<ExitStatus> for std::process::ExitCode {
    fn from(status: ExitStatus) -> Self {
        std::process::ExitCode::from(status.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_follow_the_nagios_convention() {
        assert_eq!(ExitStatus::Ok.code(), 0);
        assert_eq!(ExitStatus::Warning.code(), 1);
        assert_eq!(ExitStatus::Critical.code(), 2);
        assert_eq!(ExitStatus::Unknown.code(), 3);
    }
}
