//! One session as reports show it: ages instead of timestamps, query text
//! truncated (and redacted when asked), and, with several samples, whether it
//! stood still or moved on.

use super::ages;
use super::query_text::{self, QueryTextPolicy};
use crate::sources::postgres::snapshot::{Session, Snapshot};
use serde::Serialize;
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SessionView {
    pub pid: i32,
    pub user: Option<String>,
    pub application: Option<String>,
    pub client_addr: Option<String>,
    pub backend_type: Option<String>,
    pub state: Option<String>,
    /// `Lock/transactionid`, `IO/DataFileRead`…
    pub wait: Option<String>,
    /// Since the current (or, when idle, the last) statement started.
    pub query_age_seconds: Option<f64>,
    /// Since the transaction started; `None` outside a transaction.
    pub xact_age_seconds: Option<f64>,
    /// Since the state last changed: how long it has been idle in transaction, for one.
    pub state_age_seconds: Option<f64>,
    /// Transactions by which this session holds back vacuum (its snapshot or its own xid).
    pub horizon_age: Option<i64>,
    pub query: Option<String>,
    /// With several samples: in how many this session was seen.
    pub samples_seen: usize,
    /// With several samples, for active and idle-in-transaction sessions.
    pub across_samples: Option<AcrossSamples>,
}

/// What several looks at one session say about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AcrossSamples {
    /// The same statement, waiting on the same thing (or idle in its
    /// transaction) every time: it is not getting anywhere.
    Stuck,
    /// The same statement every time, but on the CPU or changing waits: busy.
    Working,
    /// Different statements or states, or not there every time.
    Moving,
}

impl AcrossSamples {
    pub fn label(self) -> &'static str {
        match self {
            AcrossSamples::Stuck => "stuck",
            AcrossSamples::Working => "working",
            AcrossSamples::Moving => "moving",
        }
    }
}

/// Every sample of a snapshot indexed by pid, built once, so that looking a
/// session up across samples costs the same for 20 sessions as for 2,000.
pub struct Samples<'a> {
    snapshot: &'a Snapshot,
    by_pid: Vec<HashMap<i32, &'a Session>>,
}

impl<'a> Samples<'a> {
    pub fn new(snapshot: &'a Snapshot) -> Samples<'a> {
        let by_pid = if snapshot.samples.len() > 1 {
            snapshot
                .samples
                .iter()
                .map(|sample| sample.sessions.iter().map(|s| (s.pid, s)).collect())
                .collect()
        } else {
            Vec::new()
        };
        Samples { snapshot, by_pid }
    }

    /// The session as a report shows it.
    pub fn view(&self, session: &Session, policy: QueryTextPolicy) -> SessionView {
        let now = self.snapshot.latest().at;
        let appearances: Vec<&Session> = self
            .by_pid
            .iter()
            .filter_map(|sample| sample.get(&session.pid).copied())
            .collect();
        SessionView {
            pid: session.pid,
            user: session.user.clone(),
            application: session.application.clone(),
            client_addr: session.client_addr.clone(),
            backend_type: session.backend_type.clone(),
            state: session.state.clone(),
            wait: wait(session),
            query_age_seconds: ages::seconds(now, session.query_start),
            xact_age_seconds: ages::seconds(now, session.xact_start),
            state_age_seconds: ages::seconds(now, session.state_change),
            horizon_age: session.horizon_age(),
            query: session
                .query
                .as_deref()
                .map(|query| query_text::display(query, policy)),
            samples_seen: appearances.len().max(1),
            across_samples: self.across_samples(session, &appearances),
        }
    }

    fn across_samples(&self, session: &Session, seen: &[&Session]) -> Option<AcrossSamples> {
        let state = session.state.as_deref()?;
        let idle_in_transaction = state.starts_with("idle in transaction");
        if self.by_pid.is_empty() || !(state == "active" || idle_in_transaction) {
            return None;
        }
        let same_statement = seen.len() == self.by_pid.len()
            && seen.iter().all(|s| {
                s.query_start == session.query_start
                    && s.state == session.state
                    && s.backend_start == session.backend_start
            });
        Some(if !same_statement {
            AcrossSamples::Moving
        } else if idle_in_transaction
            || (session.wait_event.is_some() && seen.iter().all(|s| wait(s) == wait(session)))
        {
            AcrossSamples::Stuck
        } else {
            AcrossSamples::Working
        })
    }
}

fn wait(session: &Session) -> Option<String> {
    match (&session.wait_event_type, &session.wait_event) {
        (Some(kind), Some(event)) => Some(format!("{kind}/{event}")),
        (Some(kind), None) => Some(kind.clone()),
        _ => None,
    }
}

impl SessionView {
    /// `pid 4711 (app@10.0.0.7, loadgen)`: who a session is, in one phrase;
    /// a background process by its type (`pid 88 (autovacuum worker)`).
    pub fn label(&self) -> String {
        let Some(user) = &self.user else {
            let kind = self.backend_type.as_deref().unwrap_or("role not visible");
            return format!("pid {} ({kind})", self.pid);
        };
        let mut who = user.clone();
        if let Some(client) = &self.client_addr {
            who.push('@');
            who.push_str(client);
        }
        match self.application.as_deref().filter(|app| !app.is_empty()) {
            Some(app) => format!("pid {} ({who}, {app})", self.pid),
            None => format!("pid {} ({who})", self.pid),
        }
    }

    /// `idle in transaction for 2m05s (transaction 2m10s)`.
    pub fn state_phrase(&self) -> String {
        let state = self
            .state
            .clone()
            .or_else(|| self.backend_type.clone())
            .unwrap_or_else(|| "state not visible".into());
        let mut phrase = match (
            state.as_str(),
            self.query_age_seconds,
            self.state_age_seconds,
        ) {
            ("active", Some(age), _) => format!("active for {}", ages::format(age)),
            (_, _, Some(age)) => format!("{state} for {}", ages::format(age)),
            _ => state,
        };
        if let Some(xact) = self.xact_age_seconds {
            phrase.push_str(&format!(" (transaction {})", ages::format(xact)));
        }
        phrase
    }
}
