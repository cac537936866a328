//! What a failure mode proposes, and what the ranking makes of it.

use crate::analyze::finding::{Severity, ShownBy};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// A failure mode's proposal: "this mechanism, on this subject, because of
/// these findings". The ranking scores it; the mode only says what it saw.
#[derive(Debug, Clone, PartialEq)]
pub struct Proposal {
    /// The catalogue id (ARCHITECTURE §3), such as `db-connection-exhaustion`.
    pub cause: &'static str,
    /// The database, deployment, endpoint or service it is about.
    pub subject: String,
    /// One sentence of measured facts.
    pub summary: String,
    /// How this cause produces the symptoms (an inference, shown as such).
    pub mechanism: String,
    /// Indices into `Facts::findings`, the strongest first.
    pub evidence: Vec<usize>,
    /// When the cause began, when known.
    pub onset: Option<DateTime<Utc>>,
    /// A deliberate change (a rollout, a config edit): one shortly before the
    /// symptoms is a prime suspect, one after them is ruled out.
    pub is_change: bool,
    /// What would confirm it, and what would refute it.
    pub confirm: Vec<String>,
    pub refute: Vec<String>,
    pub actions: Vec<Action>,
}

/// A recommended immediate action, with a command that is safe to copy.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Action {
    pub what: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub command: Option<ShownBy>,
    /// The command changes the system (a rollback, a patch, a terminated
    /// session): the report says so before anyone pastes it.
    pub changes_state: bool,
}

impl Action {
    /// An action that only looks.
    pub fn new(what: impl Into<String>, command: Option<ShownBy>) -> Action {
        Action {
            what: what.into(),
            command,
            changes_state: false,
        }
    }

    /// An action whose command changes the system.
    pub fn changing(what: impl Into<String>, command: ShownBy) -> Action {
        Action {
            what: what.into(),
            command: Some(command),
            changes_state: true,
        }
    }
}

/// high / medium / low.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Low,
    Medium,
    High,
}

impl Level {
    pub fn of(confidence: f64) -> Level {
        if confidence >= 0.7 {
            Level::High
        } else if confidence >= 0.45 {
            Level::Medium
        } else {
            Level::Low
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Level::High => "high",
            Level::Medium => "medium",
            Level::Low => "low",
        }
    }
}

/// One part of the score, with the reason it has this value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Part {
    pub value: f64,
    pub weight: f64,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Score {
    /// How strong the evidence is (severity, robust deviation from the baseline).
    pub strength: Part,
    /// Whether it began before the symptoms (a change shortly before them most of all).
    pub precedence: Part,
    /// How many of the symptoms it explains.
    pub coverage: Part,
    /// Where it sits among the dependencies (upstream of the symptoms gains).
    pub topology: Part,
}

/// A measured fact supporting a hypothesis, with what produced it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fact {
    pub kind: String,
    pub subject: String,
    pub severity: Severity,
    pub summary: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub onset: Option<DateTime<Utc>>,
    pub shown_by: ShownBy,
}

/// A ranked hypothesis, as the report shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hypothesis {
    pub rank: usize,
    pub cause: &'static str,
    pub subject: String,
    pub confidence: f64,
    pub level: Level,
    pub summary: String,
    pub mechanism: String,
    pub evidence: Vec<Fact>,
    pub score: Score,
    /// The symptoms it explains, as "error ratio of api-server".
    pub explains: Vec<String>,
    /// Alerts that fired about what it explains ("HighErrorRate since 13:52").
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub alerts: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub onset: Option<DateTime<Utc>>,
    pub confirm: Vec<String>,
    pub refute: Vec<String>,
    pub actions: Vec<Action>,
}

/// A hypothesis considered and set aside, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuledOut {
    pub cause: &'static str,
    pub subject: String,
    pub reason: String,
}
