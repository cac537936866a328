//! `triage pg connections|locks|activity` against a real PostgreSQL 15 with
//! real sessions held open by the test: idle connections up to the limits,
//! open transactions, a row-lock chain, long queries, and roles with and
//! without `pg_monitor`.

use crate::support::fault_proxy::FaultProxy;
use crate::support::pg_sessions::{Sessions, wait_for};
use crate::support::postgres::{SUPERUSER_PASSWORD, TestPostgres};
use crate::support::{ClosedPort, Triage};
use std::time::{Duration, Instant};

const APP_PASSWORD: &str = "app-canary-password-5d1";

/// A cluster with max_connections = 20 (17 usable), an `app` role and an `accounts` table.
fn small_cluster() -> TestPostgres {
    let postgres = TestPostgres::start_small();
    postgres.psql(&format!(
        "CREATE ROLE app LOGIN PASSWORD '{APP_PASSWORD}';
         CREATE TABLE accounts (id int PRIMARY KEY, balance int, email text);
         INSERT INTO accounts VALUES (1, 100, 'jane@example.com');
         GRANT ALL ON accounts TO app;"
    ));
    postgres
}

fn app_dsn(postgres: &TestPostgres, application: &str) -> String {
    postgres.dsn_as("app", APP_PASSWORD, application)
}

/// triage as the superuser, its password from libpq's PGPASSWORD.
fn triage_as_superuser(postgres: &TestPostgres, args: &[&str]) -> crate::support::Outcome {
    Triage::new()
        .args(args.iter().copied())
        .args(["--postgres", &postgres.dsn()])
        .env("PGPASSWORD", SUPERUSER_PASSWORD)
        .run()
}

fn count(postgres: &TestPostgres, condition: &str) -> usize {
    postgres
        .psql(&format!(
            "SELECT count(*) FROM pg_stat_activity WHERE {condition}"
        ))
        .parse()
        .unwrap()
}

#[test]
fn connection_usage_crosses_the_warning_then_the_critical_threshold() {
    let postgres = small_cluster();
    let mut sessions = Sessions::new();
    for _ in 0..14 {
        sessions.open(&app_dsn(&postgres, "loadgen"), "");
    }
    triage_as_superuser(&postgres, &["pg", "connections"])
        .code(1)
        .stdout_has("Connections: 14 of 17 usable (82%; max_connections 20, superuser_reserved_connections 3): WARNING")
        .stdout_has("application  loadgen")
        .stdout_has("WARNING postgres@127.0.0.1: 14 of 17 usable connections in use (82%")
        .stdout_has("SELECT state, usename, application_name, client_addr, count(*)")
        .never_shows(SUPERUSER_PASSWORD)
        .never_shows(APP_PASSWORD);

    for _ in 0..3 {
        sessions.open(&app_dsn(&postgres, "loadgen"), "");
    }
    let outcome = triage_as_superuser(&postgres, &["pg", "connections", "-o", "json"]);
    outcome.code(2);
    let json: serde_json::Value = serde_json::from_str(&outcome.stdout).unwrap();
    assert_eq!(json["schema"], "triage.pg-connections/v1");
    assert_eq!(json["status"], "CRITICAL");
    let usage = &json["databases"][0]["usage"];
    assert_eq!(usage["used"], 17, "{usage}");
    assert_eq!(usage["usable"], 17);
    assert_eq!(usage["by_user"][0]["value"], "app");
    assert_eq!(usage["by_user"][0]["connections"], 17);
    assert_eq!(usage["by_state"][0]["value"], "idle");

    let markdown = triage_as_superuser(&postgres, &["pg", "connections", "-o", "markdown"]);
    markdown
        .code(2)
        .stdout_has("## PostgreSQL connections")
        .stdout_has("| state | idle | 17 | 100% |")
        .stdout_has("```sql");
}

#[test]
fn a_full_server_that_refuses_triage_is_a_critical_finding() {
    let postgres = small_cluster();
    postgres.psql("CREATE ROLE watcher LOGIN PASSWORD 'watcher-pw'; GRANT pg_monitor TO watcher;");
    let mut sessions = Sessions::new();
    for _ in 0..17 {
        sessions.open(&app_dsn(&postgres, "loadgen"), "");
    }
    let started = Instant::now();
    Triage::new()
        .args(["pg", "connections", "--postgres"])
        .args([postgres.dsn_as("watcher", "watcher-pw", "x")])
        .run()
        .code(2)
        .stdout_has("CRITICAL")
        .stdout_has("the server refused a new connection: remaining connection slots are reserved")
        .stdout_has("every usable connection slot is taken")
        .never_shows("watcher-pw");
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[test]
fn a_lock_chain_is_drawn_under_the_idle_transaction_that_holds_it() {
    let postgres = small_cluster();
    let mut sessions = Sessions::new();
    let holder = sessions.open(
        &app_dsn(&postgres, "billing"),
        "BEGIN; UPDATE accounts SET balance = balance - 1 WHERE id = 1;",
    );
    let first = sessions.start(
        &app_dsn(&postgres, "worker"),
        "UPDATE accounts SET balance = balance + 1 WHERE id = 1",
    );
    wait_for("the first waiter to wait on a lock", || {
        count(
            &postgres,
            &format!("pid = {first} AND wait_event_type = 'Lock'"),
        ) == 1
    });
    let second = sessions.start(
        &app_dsn(&postgres, "worker"),
        "UPDATE accounts SET balance = balance + 2 WHERE id = 1",
    );
    wait_for("the second waiter to wait on a lock", || {
        count(
            &postgres,
            &format!("pid = {second} AND wait_event_type = 'Lock'"),
        ) == 1
    });

    triage_as_superuser(&postgres, &["pg", "locks"])
        .code(1)
        .stdout_has(&format!(
            "pid {holder} (app@127.0.0.1, billing) idle in transaction for"
        ))
        .stdout_has(&format!("── pid {first} (app@127.0.0.1, worker) waiting"))
        .stdout_has("on Lock/transactionid: UPDATE accounts SET balance = balance + 1 WHERE id = 1")
        .stdout_has("2 sessions waiting on locks behind")
        .stdout_has("pg_blocking_pids(pid)");

    let outcome = triage_as_superuser(&postgres, &["pg", "locks", "-o", "json"]);
    let json: serde_json::Value = serde_json::from_str(&outcome.stdout).unwrap();
    let blocking = &json["databases"][0]["blocking"];
    assert_eq!(blocking["blocked_sessions"], 2, "{blocking}");
    let root = &blocking["roots"][0];
    assert_eq!(root["pid"], holder);
    assert_eq!(root["session"]["state"], "idle in transaction");
    assert_eq!(root["blocks"][0]["pid"], first);
    let second_is_drawn =
        root["blocks"][0]["blocks"][0]["pid"] == second || root["blocks"][1]["pid"] == second;
    assert!(second_is_drawn, "{root}");

    // Past --crit-blocked-for the chain is critical; Markdown draws it in a text block.
    std::thread::sleep(Duration::from_millis(1100));
    triage_as_superuser(
        &postgres,
        &["pg", "locks", "--crit-blocked-for", "1s", "-o", "markdown"],
    )
    .code(2)
    .stdout_has("## PostgreSQL lock waits")
    .stdout_has("```text\n")
    .stdout_has("**CRITICAL**");
}

#[test]
fn long_queries_and_idle_transactions_are_listed_and_sampling_finds_the_stuck_ones() {
    let postgres = small_cluster();
    let mut sessions = Sessions::new();
    let sleeper = sessions.start(
        &app_dsn(&postgres, "reports"),
        "SELECT pg_sleep(60), 'jane@example.com' AS email",
    );
    let idle = sessions.open(
        &app_dsn(&postgres, "billing"),
        "BEGIN; SELECT balance FROM accounts;",
    );
    let aborted = sessions.open(&app_dsn(&postgres, "billing"), "BEGIN; SELECT 1/0;");
    wait_for("the sessions to show up", || {
        count(
            &postgres,
            "application_name IN ('reports', 'billing') AND state <> 'idle'",
        ) == 3
    });
    std::thread::sleep(Duration::from_millis(1200));

    let sampled = &[
        "pg",
        "activity",
        "--long",
        "1s",
        "--samples",
        "3",
        "--interval",
        "200ms",
    ];
    triage_as_superuser(&postgres, sampled)
        .code(1)
        .stdout_has("Queries running 1.0s or longer: 1")
        .stdout_has("stuck 3/3")
        .stdout_has("Idle in a transaction 1.0s or longer: 2")
        .stdout_has("idle in transaction (aborted)")
        .stdout_has("jane@example.com");
    let outcome = triage_as_superuser(&postgres, &[sampled.as_slice(), &["-o", "json"]].concat());
    let json: serde_json::Value = serde_json::from_str(&outcome.stdout).unwrap();
    let activity = &json["databases"][0]["activity"];
    let verdicts = |list: &str| -> Vec<(i64, String)> {
        activity[list]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| {
                (
                    v["pid"].as_i64().unwrap(),
                    v["across_samples"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    // pg_sleep waits on the same timeout every time: stuck, not busy.
    assert_eq!(
        verdicts("long_running"),
        vec![(i64::from(sleeper), "stuck".to_string())]
    );
    let mut idle_pids: Vec<i64> = verdicts("idle_in_transaction")
        .into_iter()
        .map(|(pid, verdict)| {
            assert_eq!(verdict, "stuck");
            pid
        })
        .collect();
    idle_pids.sort();
    let mut expected = vec![i64::from(idle), i64::from(aborted)];
    expected.sort();
    assert_eq!(idle_pids, expected);
    assert_eq!(json["databases"][0]["samples"], 3);

    // Redacted, the literal is gone but the shape of the query stays.
    triage_as_superuser(
        &postgres,
        &[
            "pg",
            "activity",
            "--long",
            "1s",
            "--redact-queries",
            "-o",
            "markdown",
        ],
    )
    .code(1)
    .stdout_has("SELECT pg_sleep(?), ? AS email")
    .never_shows("jane@example.com");

    // Below the threshold nothing is listed, and the exit is OK.
    triage_as_superuser(&postgres, &["pg", "activity", "--long", "10m"])
        .code(0)
        .stdout_has("Queries running 10m00s or longer: 0");
}

#[test]
fn triage_never_shows_its_own_session_and_holds_only_one() {
    let postgres = small_cluster();
    let outcome = triage_as_superuser(&postgres, &["pg", "activity", "--all", "-o", "json"]);
    outcome.code(0);
    let json: serde_json::Value = serde_json::from_str(&outcome.stdout).unwrap();
    let sessions = json["databases"][0]["sessions"].as_array().unwrap().clone();
    assert!(
        sessions.iter().all(|s| s["application"] != "triage"),
        "{sessions:?}"
    );
    // Background processes are there: the list is real.
    assert!(sessions.iter().any(|s| s["backend_type"] == "checkpointer"));
    // The settings of a triage session, seen from another session while triage sleeps between samples.
    let postgres = std::sync::Arc::new(postgres);
    let watcher = {
        let postgres = postgres.clone();
        std::thread::spawn(move || {
            wait_for("triage's session", || {
                count(&postgres, "application_name = 'triage'") >= 1
            });
            // The most triage sessions seen at once while it samples.
            (0..20)
                .map(|_| {
                    std::thread::sleep(Duration::from_millis(50));
                    count(&postgres, "application_name = 'triage'")
                })
                .max()
                .unwrap()
        })
    };
    triage_as_superuser(
        &postgres,
        &["pg", "activity", "--samples", "10", "--interval", "300ms"],
    )
    .code(0);
    assert_eq!(watcher.join().unwrap(), 1, "exactly one triage session");
}

#[test]
fn without_pg_monitor_triage_says_what_it_cannot_see() {
    let postgres = small_cluster();
    postgres.psql("CREATE ROLE watcher LOGIN PASSWORD 'watcher-pw';");
    let mut sessions = Sessions::new();
    sessions.open(&app_dsn(&postgres, "billing"), "BEGIN; SELECT 1;");
    let as_watcher = |args: &[&str]| {
        Triage::new()
            .args(args.iter().copied())
            .args([
                "--postgres",
                &format!(
                    "host=127.0.0.1 port={} user=watcher dbname=postgres",
                    postgres.port
                ),
            ])
            .env("PGPASSWORD", "watcher-pw")
            .run()
    };
    as_watcher(&["pg", "activity", "--long", "1ms"])
        .code(3)
        .stdout_has("Server: PostgreSQL 15")
        .stdout_has("as watcher (without pg_read_all_stats)")
        .stdout_has("Not visible: 1 session of other roles not visible to watcher")
        .stdout_has("GRANT pg_monitor TO watcher;");
    // Connections are still counted right: other roles' sessions hide their type, not their existence.
    as_watcher(&["pg", "connections"])
        .code(0)
        .stdout_has("Connections: 1 of 17 usable")
        .stdout_has("user         app");

    postgres.psql("GRANT pg_monitor TO watcher;");
    as_watcher(&["pg", "activity", "--long", "1ms"])
        .code(1)
        .stdout_has("as watcher (with pg_read_all_stats)")
        .stdout_has("Idle in a transaction 1ms or longer: 1");
}

#[test]
fn bad_connections_get_one_clear_line_within_the_timeout() {
    let postgres = TestPostgres::start();
    // Wrong password.
    Triage::new()
        .args(["pg", "connections", "--postgres", &postgres.dsn()])
        .env("PGPASSWORD", "wrong-canary-pw")
        .run()
        .code(3)
        .stdout_has("password authentication failed for user \"postgres\"")
        .stdout_has("UNKNOWN: 1 of 1 database could not be checked fully")
        .never_shows("wrong-canary-pw");
    // Nothing listening.
    let closed = ClosedPort::new();
    Triage::new()
        .args([
            "pg",
            "locks",
            "--postgres",
            &format!("host=127.0.0.1 port={} user=x", closed.port),
        ])
        .run()
        .code(3)
        .stdout_has("connection refused");
    // TLS demanded of a server that has none.
    Triage::new()
        .args([
            "pg",
            "connections",
            "--postgres",
            &format!(
                "{} sslmode=require",
                postgres.dsn().replace(" sslmode=disable", "")
            ),
        ])
        .env("PGPASSWORD", SUPERUSER_PASSWORD)
        .run()
        .code(3)
        .stdout_has("TLS");
    // A port that accepts and never answers (not PostgreSQL).
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let started = Instant::now();
    Triage::new()
        .args([
            "--timeout",
            "2s",
            "pg",
            "activity",
            "--postgres",
            &format!(
                "host=127.0.0.1 port={} user=x",
                silent.local_addr().unwrap().port()
            ),
        ])
        .run()
        .code(3)
        .stdout_has("no connection within");
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
    // A port that speaks another protocol (an HTTP server's answer to the startup packet).
    let http = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let http_port = http.local_addr().unwrap().port();
    std::thread::spawn(move || {
        use std::io::{Read, Write};
        for mut stream in http.incoming().flatten() {
            let mut buffer = [0u8; 512];
            let _ = stream.read(&mut buffer);
            let _ = stream.write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
        }
    });
    Triage::new()
        .args([
            "--timeout",
            "5s",
            "pg",
            "connections",
            "--postgres",
            &format!("host=127.0.0.1 port={http_port} user=x sslmode=disable"),
        ])
        .run()
        .code(3)
        .stdout_has("Error: ")
        .stdout_has("not a PostgreSQL server");
    // A connection string libpq would refuse.
    Triage::new()
        .args([
            "pg",
            "connections",
            "--postgres",
            "host=db sslmode=sometimes",
        ])
        .run()
        .code(3)
        .one_error_line()
        .stderr_has("sslmode");
}

#[test]
fn a_sample_stuck_behind_a_catalog_lock_gives_up_and_keeps_what_was_collected() {
    let postgres = std::sync::Arc::new(TestPostgres::start());
    // Once triage's session is in, take an exclusive lock on pg_authid, which
    // pg_stat_activity joins: triage's next sample waits, until its lock_timeout ends the wait.
    let locker = {
        let postgres = postgres.clone();
        std::thread::spawn(move || {
            // Its first samples are in once it is idle, sleeping until the next one.
            wait_for("triage's session to sleep between samples", || {
                count(&postgres, "application_name = 'triage' AND state = 'idle'") == 1
            });
            let mut sessions = Sessions::new();
            let superuser = format!("{} password={SUPERUSER_PASSWORD}", postgres.dsn());
            sessions.open(
                &superuser,
                "BEGIN; LOCK TABLE pg_authid IN ACCESS EXCLUSIVE MODE;",
            );
            std::thread::sleep(Duration::from_secs(4));
        })
    };
    let started = Instant::now();
    triage_as_superuser(
        &postgres,
        &[
            "--timeout",
            "20s",
            "pg",
            "connections",
            "--samples",
            "10",
            "--interval",
            "500ms",
        ],
    )
    .code(3)
    .stdout_has("canceling statement due to lock timeout")
    .stdout_has("the analysis uses the")
    .stdout_has(" of 37 usable");
    assert!(
        started.elapsed() < Duration::from_secs(8),
        "{:?}",
        started.elapsed()
    );
    locker.join().unwrap();
}

#[test]
fn libpq_environment_and_password_file_are_used_like_psql() {
    let postgres = TestPostgres::start();
    let triage = Triage::new();
    let pgpass = triage.home_file(
        ".pgpass",
        &format!(
            "# local test cluster\n127.0.0.1:{}:*:postgres:{SUPERUSER_PASSWORD}\n",
            postgres.port
        ),
    );
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o600)).unwrap();
    triage
        .args(["pg", "connections"])
        .env("PGHOST", "127.0.0.1")
        .env("PGPORT", postgres.port.to_string())
        .env("PGUSER", "postgres")
        .env("PGSSLMODE", "disable")
        .run()
        .code(0)
        .stdout_has(&format!(
            "Target: host=127.0.0.1 port={} user=postgres sslmode=disable",
            postgres.port
        ))
        .never_shows(SUPERUSER_PASSWORD);

    // A password file others can read is ignored, as libpq does, with a warning.
    let triage = Triage::new();
    let pgpass = triage.home_file(".pgpass", &format!("*:*:*:*:{SUPERUSER_PASSWORD}\n"));
    std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o644)).unwrap();
    triage
        .args(["pg", "connections", "--postgres", &postgres.dsn()])
        .run()
        .code(3)
        .stderr_has("has group or world access")
        .never_shows(SUPERUSER_PASSWORD);
}

#[test]
fn every_pg_view_only_reads_in_read_only_sessions_one_round_trip_a_query() {
    let postgres = TestPostgres::start_with(crate::support::postgres::Options::audited());
    let before = postgres.next_transaction_id();
    triage_as_superuser(&postgres, &["pg", "connections"]).code(0);
    let once = postgres.triage_statements();
    assert_eq!(
        once.len(),
        4,
        "facts, activity, databases, replication: {once:#?}"
    );
    triage_as_superuser(
        &postgres,
        &["pg", "locks", "--samples", "3", "--interval", "100ms"],
    )
    .code(0);
    let two = postgres.triage_statements();
    assert_eq!(two.len(), 4 + 6, "two more activity samples: {two:#?}");
    triage_as_superuser(&postgres, &["pg", "activity", "--all"]).code(0);
    let all = postgres.triage_statements();
    assert!(all.len() > two.len(), "pg activity ran: {all:#?}");
    for statement in &all {
        // Parsed, bound and run in one exchange, never prepared in a round trip of its own.
        assert_eq!(statement.portal, "<unnamed>", "{statement:?}");
    }
    assert_eq!(
        crate::support::postgres::assert_only_reads(&all),
        3,
        "one session for each command"
    );
    assert_eq!(
        postgres.next_transaction_id(),
        before,
        "something was written"
    );
}

#[test]
fn a_session_that_is_not_read_only_is_refused_before_anything_else_is_asked() {
    let postgres = TestPostgres::start_with(crate::support::postgres::Options::audited());
    // As a pooler that drops the startup options would: the session comes up writable.
    let pooler = FaultProxy::rewriting(
        postgres.port,
        b"default_transaction_read_only=on",
        b"default_transaction_read_only=no",
    );
    let dsn = format!(
        "host=127.0.0.1 port={} user=postgres dbname=postgres sslmode=disable",
        pooler.port
    );
    Triage::new()
        .args(["pg", "connections", "--postgres", &dsn])
        .env("PGPASSWORD", SUPERUSER_PASSWORD)
        .run()
        .code(3)
        .stdout_has("the session is not read-only (default_transaction_read_only is off");
    let statements = postgres.triage_statements();
    assert_eq!(
        statements.len(),
        1,
        "only the check was asked: {statements:#?}"
    );
}

#[test]
fn several_databases_are_asked_together_and_the_worst_decides() {
    let busy = small_cluster();
    let mut sessions = Sessions::new();
    for _ in 0..14 {
        sessions.open(&app_dsn(&busy, "loadgen"), "");
    }
    let quiet = TestPostgres::start();
    let closed = ClosedPort::new();
    let config = format!(
        "[[env.lab.postgres]]\nname = \"orders\"\ndsn = \"{}\"\npassword_env = \"ORDERS_PW\"\n\
         [[env.lab.postgres]]\nname = \"billing\"\ndsn = \"{}\"\npassword_env = \"ORDERS_PW\"\n\
         [[env.lab.postgres]]\nname = \"gone\"\ndsn = \"host=127.0.0.1 port={} user=x sslmode=disable\"\n",
        busy.dsn(),
        quiet.dsn(),
        closed.port
    );
    let triage = Triage::new();
    triage.home_file(".config/triage/config.toml", &config);
    let outcome = triage
        .args(["pg", "connections", "-o", "json"])
        .env("ORDERS_PW", SUPERUSER_PASSWORD)
        .run();
    // One database WARNING outranks one that could not be asked.
    outcome.code(1).never_shows(SUPERUSER_PASSWORD);
    let json: serde_json::Value = serde_json::from_str(&outcome.stdout).unwrap();
    let databases = json["databases"].as_array().unwrap();
    let names: Vec<&str> = databases
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["orders", "billing", "gone"], "in config order");
    assert_eq!(databases[0]["status"], "WARNING");
    assert_eq!(databases[1]["status"], "OK");
    assert_eq!(databases[2]["status"], "UNKNOWN");
    assert!(
        databases[2]["error"]
            .as_str()
            .unwrap()
            .contains("connection refused")
    );
    assert_eq!(
        json["summary"],
        "1 of 3 databases WARNING; 1 of 3 databases could not be checked fully"
    );

    // --db picks configured databases by name, and an unknown name is one clear line.
    let triage = Triage::new();
    triage.home_file(".config/triage/config.toml", &config);
    triage
        .args(["pg", "connections", "--db", "billing"])
        .env("ORDERS_PW", SUPERUSER_PASSWORD)
        .run()
        .code(0)
        .stdout_has("Database billing")
        .stdout_has("1 database checked, all OK");
    let triage = Triage::new();
    triage.home_file(".config/triage/config.toml", &config);
    triage
        .args(["pg", "connections", "--db", "ordrs"])
        .env("ORDERS_PW", SUPERUSER_PASSWORD)
        .run()
        .code(3)
        .one_error_line()
        .stderr_has("--db ordrs: no such database in the config (known: orders, billing, gone)");
}

#[test]
fn every_triage_session_is_read_only_with_timeouts() {
    triage::install_crypto_provider();
    let postgres = TestPostgres::start();
    let settings = triage::config::postgres::from_flag(
        &format!("{} password={SUPERUSER_PASSWORD}", postgres.dsn()),
        &|_| None,
    )
    .unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let shown: Vec<String> = runtime.block_on(async {
        let client = triage::sources::postgres::connect(&settings, Duration::from_secs(10))
            .await
            .unwrap();
        let row = client
            .query_one(
                "SELECT current_setting('default_transaction_read_only'), current_setting('statement_timeout'), \
                 current_setting('lock_timeout'), current_setting('application_name')",
                &[],
            )
            .await
            .unwrap();
        let write = client
            .batch_execute("CREATE TABLE triage_must_not_write (x int)")
            .await;
        let refused = write
            .unwrap_err()
            .as_db_error()
            .map(|db| db.message().to_string());
        vec![
            row.get(0),
            row.get(1),
            row.get(2),
            row.get(3),
            refused.unwrap_or_default(),
        ]
    });
    assert_eq!(
        shown,
        [
            "on",
            "9s",
            "1s",
            "triage",
            "cannot execute CREATE TABLE in a read-only transaction"
        ]
    );
}

#[test]
fn the_local_socket_needs_no_tls_and_no_secret_shows_at_any_verbosity() {
    let postgres = TestPostgres::start();
    // As psql: PGHOST names the socket directory; TLS never applies to a socket, whatever PGSSLMODE says.
    Triage::new()
        .args(["-vvv", "pg", "connections"])
        .env("PGHOST", postgres.socket_dir())
        .env("PGPORT", postgres.port.to_string())
        .env("PGUSER", "postgres")
        .env("PGSSLMODE", "require")
        .run()
        .code(0)
        .stdout_has(&format!("Target: host={}", postgres.socket_dir().display()));

    // Over TCP at trace level, from every place a password can come from.
    let canary = "canary-pg-secret-7f3e";
    postgres.psql(&format!("ALTER ROLE postgres PASSWORD '{canary}'"));
    let triage = Triage::new();
    let pgpass = triage.home_file(".pgpass", &format!("*:*:*:*:{canary}\n"));
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o600)).unwrap();
    triage
        .args(["-vvv", "pg", "locks", "--postgres", &postgres.dsn()])
        .run()
        .code(0)
        .never_shows(canary);
    Triage::new()
        .args([
            "-vvv",
            "pg",
            "activity",
            "-o",
            "json",
            "--postgres",
            &postgres.dsn(),
        ])
        .env("PGPASSWORD", canary)
        .run()
        .code(0)
        .never_shows(canary);
    Triage::new()
        .args([
            "-vvv",
            "pg",
            "connections",
            "-o",
            "markdown",
            "--postgres",
            &format!("{} password={canary}", postgres.dsn()),
        ])
        .run()
        .code(0)
        .stderr_has("a password in --postgres is visible to every user of this machine")
        .never_shows(canary);
    Triage::new()
        .args(["-vvv", "pg", "connections", "--postgres", &postgres.dsn()])
        .env("PGPASSWORD", "wrong-canary-4e1")
        .run()
        .code(3)
        .stdout_has("(password from $PGPASSWORD)")
        .never_shows("wrong-canary-4e1");
}
