//! One session as reports show it: ages instead of timestamps, query text
//! truncated (and redacted when asked), and whether it stood still across samples.

use super::ages;
use super::query_text::{self, QueryTextPolicy};
use crate::sources::postgres::snapshot::{Session, Snapshot};
use serde::Serialize;

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
    pub xmin_age: Option<i64>,
    pub query: Option<String>,
    /// With several samples: in how many this session was seen, and whether it
    /// was in the same statement and state every time (stuck, not busy).
    pub samples_seen: usize,
    pub unchanged_across_samples: bool,
}

impl SessionView {
    pub fn new(session: &Session, snapshot: &Snapshot, policy: QueryTextPolicy) -> SessionView {
        let now = snapshot.latest().at;
        let appearances: Vec<&Session> = snapshot
            .samples
            .iter()
            .filter_map(|sample| sample.sessions.iter().find(|s| s.pid == session.pid))
            .collect();
        let unchanged = appearances.len() == snapshot.samples.len()
            && appearances.iter().all(|seen| {
                seen.query_start == session.query_start
                    && seen.state == session.state
                    && seen.backend_start == session.backend_start
            });
        SessionView {
            pid: session.pid,
            user: session.user.clone(),
            application: session.application.clone(),
            client_addr: session.client_addr.clone(),
            backend_type: session.backend_type.clone(),
            state: session.state.clone(),
            wait: match (&session.wait_event_type, &session.wait_event) {
                (Some(kind), Some(event)) => Some(format!("{kind}/{event}")),
                (Some(kind), None) => Some(kind.clone()),
                _ => None,
            },
            query_age_seconds: ages::seconds(now, session.query_start),
            xact_age_seconds: ages::seconds(now, session.xact_start),
            state_age_seconds: ages::seconds(now, session.state_change),
            xmin_age: session.xmin_age,
            query: session
                .query
                .as_deref()
                .map(|query| query_text::display(query, policy)),
            samples_seen: appearances.len(),
            unchanged_across_samples: snapshot.samples.len() > 1 && unchanged,
        }
    }

    /// `pid 4711 (app@10.0.0.7, loadgen)`: who a session is, in one phrase.
    pub fn label(&self) -> String {
        let mut who = self.user.clone().unwrap_or_else(|| "?".into());
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
