//! Real sessions a test opens and holds against a test PostgreSQL: idle ones,
//! open transactions, long queries and lock waits, for triage to find.

use std::time::{Duration, Instant};
use tokio_postgres::{Client, NoTls};

/// Sessions held open until dropped.
pub struct Sessions {
    runtime: tokio::runtime::Runtime,
    clients: Vec<std::sync::Arc<Client>>,
}

impl Sessions {
    pub fn new() -> Sessions {
        Sessions {
            runtime: tokio::runtime::Builder::new_multi_thread()
                .worker_threads(1)
                .enable_all()
                .build()
                .unwrap(),
            clients: Vec::new(),
        }
    }

    fn connect(&mut self, dsn: &str) -> (std::sync::Arc<Client>, i32) {
        let client = self.runtime.block_on(async {
            let (client, connection) = tokio_postgres::connect(dsn, NoTls)
                .await
                .unwrap_or_else(|err| panic!("test session cannot connect: {err}"));
            tokio::spawn(connection);
            client
        });
        let pid: i32 = self
            .runtime
            .block_on(client.query_one("SELECT pg_backend_pid()", &[]))
            .unwrap()
            .get(0);
        let client = std::sync::Arc::new(client);
        self.clients.push(client.clone());
        (client, pid)
    }

    /// Opens a session, runs `sql` to completion and keeps the session open. Returns its pid.
    pub fn open(&mut self, dsn: &str, sql: &str) -> i32 {
        let (client, pid) = self.connect(dsn);
        if !sql.is_empty() {
            // An error is part of some states (idle in transaction (aborted)).
            let _ = self.runtime.block_on(client.batch_execute(sql));
        }
        pid
    }

    /// Opens a session and runs `sql`, giving up after `within` (a statement
    /// blocked on a lock would otherwise wait for ever). Returns its pid.
    #[allow(dead_code)] // used by the incident lab's runner
    pub fn open_within(&mut self, dsn: &str, sql: &str, within: Duration) -> Result<i32, String> {
        let (client, pid) = self.connect(dsn);
        if sql.is_empty() {
            return Ok(pid);
        }
        match self
            .runtime
            .block_on(async { tokio::time::timeout(within, client.batch_execute(sql)).await })
        {
            Ok(_) => Ok(pid),
            Err(_) => Err(format!(
                "'{sql}' did not finish within {within:?} (blocked on a lock? then set wait_until_blocked = true)"
            )),
        }
    }

    /// Opens a session, runs `first` to completion, then starts `last` without
    /// waiting (a statement that will block on a lock, or run long).
    #[allow(dead_code)] // used by the incident lab's runner
    pub fn open_then_start(&mut self, dsn: &str, first: &str, last: &str) -> i32 {
        let (client, pid) = self.connect(dsn);
        if !first.is_empty() {
            let _ = self.runtime.block_on(client.batch_execute(first));
        }
        let last = last.to_string();
        self.runtime.spawn(async move {
            let _ = client.batch_execute(&last).await;
        });
        pid
    }

    /// Opens a session and starts `sql` without waiting for it to finish
    /// (a long query, a statement that will wait on a lock). Returns its pid.
    pub fn start(&mut self, dsn: &str, sql: &str) -> i32 {
        let (client, pid) = self.connect(dsn);
        let sql = sql.to_string();
        self.runtime.spawn(async move {
            let _ = client.batch_execute(&sql).await;
        });
        pid
    }
}

/// Waits until `condition` holds, or panics after 10 s with `what`.
pub fn wait_for(what: &str, mut condition: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !condition() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}
