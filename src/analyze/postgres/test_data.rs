//! Sessions and snapshots for unit tests.

use crate::sources::postgres::snapshot::{ActivitySample, ServerFacts, Session, Snapshot};
use chrono::{DateTime, Duration, Utc};

pub fn now() -> DateTime<Utc> {
    "2026-11-21T13:30:00Z".parse().unwrap()
}

pub fn seconds_ago(seconds: i64) -> Option<DateTime<Utc>> {
    Some(now() - Duration::seconds(seconds))
}

pub fn client(pid: i32, state: &str, user: &str, application: &str) -> Session {
    Session {
        pid,
        database: Some("orders".into()),
        user: Some(user.into()),
        application: Some(application.into()),
        client_addr: Some("127.0.0.1".into()),
        backend_type: Some("client backend".into()),
        state: Some(state.into()),
        wait_event_type: None,
        wait_event: None,
        backend_start: seconds_ago(3600),
        xact_start: None,
        query_start: seconds_ago(1),
        state_change: seconds_ago(1),
        xmin_age: None,
        xid_age: None,
        lock_wait_start: None,
        query: Some("SELECT 1".into()),
        blocked_by: Vec::new(),
    }
}

pub fn snapshot(max_connections: i64, reserved: i64, sessions: Vec<Session>) -> Snapshot {
    Snapshot {
        server: ServerFacts {
            version: "15.8".into(),
            max_connections,
            superuser_reserved_connections: reserved,
            reserved_connections: 0,
            in_recovery: false,
            user: "triage".into(),
            is_superuser: false,
            can_read_all_stats: true,
            own_pid: 99_999,
        },
        samples: vec![ActivitySample {
            at: now(),
            sessions,
        }],
        databases: Vec::new(),
        replicas: Vec::new(),
        sampling_error: None,
    }
}
