//! A throwaway PostgreSQL 15 cluster on a free loopback port. `initdb` runs
//! once (as user `postgres` when the tests run as root, because PostgreSQL
//! refuses root) into a template that every test copies, which keeps a new
//! cluster well under a second.

use super::process::{ChildGuard, require_program};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

const BIN: &str = "/usr/lib/postgresql/15/bin";
const INSTALL: &str = "apt-get install -y --no-install-recommends postgresql-15";
/// The superuser's password in every test cluster (TCP connections need it; the socket trusts).
pub const SUPERUSER_PASSWORD: &str = "test-superuser-password";

pub struct TestPostgres {
    pub port: u16,
    dir: tempfile::TempDir,
    _server: ChildGuard,
}

/// The account the server runs as: `postgres` when we are root, else ourselves.
fn server_account() -> Option<(u32, u32)> {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        return None;
    }
    let passwd = std::fs::read_to_string("/etc/passwd").unwrap();
    let line = passwd
        .lines()
        .find(|line| line.starts_with("postgres:"))
        .expect("the tests run as root, so they need the postgres user (created by the postgresql-15 package)");
    let fields: Vec<&str> = line.split(':').collect();
    Some((fields[2].parse().unwrap(), fields[3].parse().unwrap()))
}

fn as_server_account(command: &mut Command) -> &mut Command {
    use std::os::unix::process::CommandExt;
    if let Some((uid, gid)) = server_account() {
        command.uid(uid).gid(gid);
    }
    command
}

fn give_to_server_account(path: &Path) {
    if let Some((uid, gid)) = server_account() {
        std::os::unix::fs::chown(path, Some(uid), Some(gid)).unwrap();
    }
}

/// The initdb'd template, made once per machine (and per change of this recipe).
fn template() -> &'static Path {
    static TEMPLATE: OnceLock<PathBuf> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        require_program(&format!("{BIN}/initdb"), INSTALL);
        // Per user: a template made by root belongs to `postgres`, one made by a developer to them.
        // SAFETY: geteuid has no preconditions.
        let uid = unsafe { libc::geteuid() };
        let template = std::env::temp_dir().join(format!("triage-test-pg15-template-v1-uid{uid}"));
        if template.join("PG_VERSION").exists() {
            return template;
        }
        // Build beside it and rename, so concurrent test processes never see half a cluster.
        let building =
            std::env::temp_dir().join(format!("triage-test-pg15-template-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&building);
        std::fs::create_dir_all(&building).unwrap();
        give_to_server_account(&building);
        let password_file = building.join("pwfile");
        std::fs::write(&password_file, SUPERUSER_PASSWORD).unwrap();
        give_to_server_account(&password_file);
        let data = building.join("data");
        let output = as_server_account(&mut Command::new(format!("{BIN}/initdb")))
            .arg("-D")
            .arg(&data)
            .args([
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--no-locale",
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
            ])
            .arg(format!("--pwfile={}", password_file.display()))
            .current_dir(&building)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "initdb failed:\n{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        if std::fs::rename(&data, &template).is_err() {
            assert!(
                template.join("PG_VERSION").exists(),
                "could not place the template at {}",
                template.display()
            );
        }
        let _ = std::fs::remove_dir_all(&building);
        template
    })
}

/// Server settings beyond the defaults, and files the server reads (certificates).
#[derive(Default)]
pub struct Options {
    /// `name=value` pairs passed as `-c`.
    pub settings: Vec<String>,
    /// Files written into the cluster's directory (mode 0600, owned by the server account).
    pub files: Vec<(&'static str, String)>,
}

/// One statement a triage session ran, as the server logged it.
#[derive(Debug)]
pub struct LoggedStatement {
    /// The server's session id (`%c`).
    pub session: String,
    /// `<unnamed>` for the extended protocol's one-shot statements; empty for simple queries.
    pub portal: String,
    /// The statement's first line.
    pub text: String,
}

impl Options {
    /// Every statement logged with the application and session: the server's
    /// own account of what triage ran (see `triage_statements`). No
    /// autovacuum, so that only clients move the transaction counter (see
    /// `next_transaction_id`).
    pub fn audited() -> Options {
        Options {
            settings: vec![
                "log_statement=all".into(),
                "log_line_prefix=%a|%c|".into(),
                "autovacuum=off".into(),
            ],
            files: Vec::new(),
        }
    }
}

impl TestPostgres {
    pub fn start() -> TestPostgres {
        TestPostgres::start_with(Options::default())
    }

    /// The id the next writing transaction will get. Reading it assigns none,
    /// so it moves only when some session writes: the proof that a run wrote
    /// nothing is that it did not move.
    pub fn next_transaction_id(&self) -> u64 {
        self.psql("SELECT txid_snapshot_xmax(txid_current_snapshot())")
            .trim()
            .parse()
            .unwrap()
    }

    /// What sessions named `triage` ran, from the log of a server started
    /// with [`Options::audited`].
    pub fn triage_statements(&self) -> Vec<LoggedStatement> {
        self.log()
            .lines()
            .filter_map(|line| line.strip_prefix("triage|"))
            .filter_map(|line| {
                let (session, rest) = line.split_once('|')?;
                let (_, statement) = rest
                    .split_once("LOG:  execute ")
                    .or_else(|| rest.split_once("LOG:  statement: "))?;
                // `execute <unnamed>: SELECT …`: the text follows the portal's name.
                let (portal, text) =
                    match (rest.contains("LOG:  execute "), statement.split_once(": ")) {
                        (true, Some((portal, text))) => (portal, text),
                        _ => ("", statement),
                    };
                Some(LoggedStatement {
                    session: session.to_string(),
                    portal: portal.to_string(),
                    text: text.trim_start().to_string(),
                })
            })
            .collect()
    }

    /// `max_connections = 20`, as the connection tests expect.
    pub fn start_small() -> TestPostgres {
        TestPostgres::start_with(Options {
            settings: vec!["max_connections=20".into()],
            files: Vec::new(),
        })
    }

    /// A server with `ssl = on`, serving the given certificate and key.
    pub fn start_with_tls(cert_pem: &str, key_pem: &str) -> TestPostgres {
        TestPostgres::start_with(Options {
            settings: vec![
                "ssl=on".into(),
                "log_connections=on".into(),
                "ssl_cert_file=server.crt".into(),
                "ssl_key_file=server.key".into(),
            ],
            files: vec![
                ("server.crt", cert_pem.to_string()),
                ("server.key", key_pem.to_string()),
            ],
        })
    }

    pub fn start_with(options: Options) -> TestPostgres {
        let template = template();
        let dir = tempfile::tempdir().unwrap();
        give_to_server_account(dir.path());
        let data = dir.path().join("data");
        let copied = Command::new("cp")
            .arg("-a")
            .arg(template)
            .arg(&data)
            .status()
            .unwrap();
        assert!(copied.success(), "could not copy the template cluster");
        for (name, content) in &options.files {
            use std::os::unix::fs::PermissionsExt;
            let path = data.join(name);
            std::fs::write(&path, content).unwrap();
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
            give_to_server_account(&path);
        }
        for _attempt in 0..3 {
            let port = super::free_port();
            let log = std::fs::File::create(dir.path().join("postgres.log")).unwrap();
            let mut command = Command::new(format!("{BIN}/postgres"));
            as_server_account(&mut command)
                .arg("-D")
                .arg(&data)
                .arg("-p")
                .arg(port.to_string())
                .arg("-k")
                .arg(dir.path())
                .args([
                    "-c",
                    "listen_addresses=127.0.0.1",
                    "-c",
                    "fsync=off",
                    "-c",
                    "max_connections=40",
                ])
                .args(
                    options
                        .settings
                        .iter()
                        .flat_map(|setting| ["-c", setting.as_str()]),
                )
                .stdin(Stdio::null())
                .stdout(log.try_clone().unwrap())
                .stderr(log);
            // SIGINT is PostgreSQL's fast shutdown.
            let mut server = ChildGuard::spawn(command, libc::SIGINT).expect("postgres starts");
            let deadline = Instant::now() + Duration::from_secs(30);
            while Instant::now() < deadline && server.exited().is_none() {
                let ready = Command::new(format!("{BIN}/pg_isready"))
                    // Our own socket directory: a ready answer cannot come from another test's server.
                    .args(["-q", "-p", &port.to_string()])
                    .arg("-h")
                    .arg(dir.path())
                    .status()
                    .is_ok_and(|status| status.success());
                if ready {
                    return TestPostgres {
                        port,
                        dir,
                        _server: server,
                    };
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        panic!(
            "PostgreSQL did not start:\n{}",
            std::fs::read_to_string(dir.path().join("postgres.log")).unwrap_or_default()
        );
    }

    /// A key=value connection string for the superuser over TCP, without the password.
    pub fn dsn(&self) -> String {
        format!(
            "host=127.0.0.1 port={} user=postgres dbname=postgres sslmode=disable",
            self.port
        )
    }

    /// A key=value connection string for a role over TCP (password included: tests only).
    pub fn dsn_as(&self, user: &str, password: &str, application: &str) -> String {
        format!(
            "host=127.0.0.1 port={} user={user} password={password} dbname=postgres sslmode=disable application_name={application}",
            self.port
        )
    }

    /// The directory of the server's Unix socket (local connections are trusted).
    pub fn socket_dir(&self) -> &Path {
        self.dir.path()
    }

    /// The server's log so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("postgres.log")).unwrap_or_default()
    }

    /// Runs SQL as the superuser through the Unix socket and returns psql's unaligned output.
    pub fn psql(&self, sql: &str) -> String {
        let output = self.superuser_psql(&["-c", sql]);
        assert!(
            output.status.success(),
            "psql failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).trim().to_string()
    }

    /// Runs an SQL file as the superuser; the error is psql's, naming the file and line.
    #[allow(dead_code)] // used by the incident lab's runner
    pub fn psql_file(&self, path: &Path) -> Result<(), String> {
        let output = self.superuser_psql(&["-q".as_ref(), "-f".as_ref(), path.as_os_str()]);
        if output.status.success() {
            Ok(())
        } else {
            Err(String::from_utf8_lossy(&output.stderr)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "))
        }
    }

    fn superuser_psql<S: AsRef<std::ffi::OsStr>>(&self, args: &[S]) -> std::process::Output {
        Command::new(format!("{BIN}/psql"))
            .args([
                "-X",
                "-A",
                "-t",
                "-v",
                "ON_ERROR_STOP=1",
                "-U",
                "postgres",
                "-d",
                "postgres",
            ])
            .arg("-h")
            .arg(self.dir.path())
            .arg("-p")
            .arg(self.port.to_string())
            .args(args)
            .output()
            .unwrap()
    }
}

/// The server's proof that triage only read: every statement a read, and
/// every session opened with triage's check that `default_transaction_read_only`
/// is on (triage asks nothing else otherwise). Returns the number of sessions.
/// With [`TestPostgres::next_transaction_id`] before and after, it also proves
/// nothing was written.
#[track_caller]
pub fn assert_only_reads(statements: &[LoggedStatement]) -> usize {
    assert!(!statements.is_empty(), "the log shows triage's statements");
    let mut sessions: Vec<&str> = Vec::new();
    for statement in statements {
        let text = &statement.text;
        assert!(
            // The log shows a statement's first line: the activity query opens with its CTE of waits.
            text.starts_with("SELECT") || text == "WITH waiting AS (",
            "not a read: {statement:?}"
        );
        if !sessions.contains(&statement.session.as_str()) {
            assert!(
                text.contains("current_setting('default_transaction_read_only')"),
                "session {} began without the read-only check: {statement:?}",
                statement.session
            );
            sessions.push(&statement.session);
        }
    }
    sessions.len()
}
