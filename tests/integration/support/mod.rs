//! Test helpers shared by every integration test: a builder that runs the real
//! `triage` binary hermetically, and real servers (Prometheus, PostgreSQL, a
//! Kubernetes API fixture, TLS endpoints) that stop when dropped.

pub mod accept_loop;
pub mod cert_lab;
pub mod fault_proxy;
pub mod kube_api;
pub mod kube_cluster;
pub mod mock_http;
pub mod openmetrics;
pub mod pg_sessions;
pub mod postgres;
pub mod process;
pub mod prometheus;
pub mod pushgateway;
// The incident lab's runner, used by tests/scenario.rs (not by this binary's tests).
#[allow(dead_code)]
pub mod scenario;
pub mod tls_server;
pub mod victoria;

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::Command;

/// Runs the `triage` binary with a clean environment: a fresh `$HOME` (so no
/// personal config or kubeconfig leaks in), only `PATH` kept.
pub struct Triage {
    args: Vec<OsString>,
    env: Vec<(String, OsString)>,
    home: tempfile::TempDir,
}

/// What a run printed and how it exited.
#[derive(Debug)]
pub struct Outcome {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Triage {
    pub fn new() -> Self {
        Triage {
            args: Vec::new(),
            env: Vec::new(),
            home: tempfile::tempdir().unwrap(),
        }
    }

    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<OsString>,
    {
        self.args.extend(args.into_iter().map(Into::into));
        self
    }

    /// A flag and the path it takes.
    pub fn arg_path(mut self, flag: &str, path: &std::path::Path) -> Self {
        self.args.push(flag.into());
        self.args.push(path.into());
        self
    }

    pub fn env(mut self, name: &str, value: impl Into<OsString>) -> Self {
        self.env.push((name.to_string(), value.into()));
        self
    }

    /// Writes a file under `$HOME` and returns its path.
    pub fn home_file(&self, relative: &str, content: &str) -> PathBuf {
        let path = self.home.path().join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, content).unwrap();
        path
    }

    /// Runs triage and waits for it to exit. Output goes through files, not
    /// pipes, so a grandchild that keeps a pipe open (a stuck credential
    /// plugin triage gave up on) cannot make the run look longer than it was.
    pub fn run(self) -> Outcome {
        let stdout_path = self.home.path().join(".triage-stdout");
        let stderr_path = self.home.path().join(".triage-stderr");
        let status = Command::new(env!("CARGO_BIN_EXE_triage"))
            .args(&self.args)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.home.path())
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .stdin(std::process::Stdio::null())
            .stdout(std::fs::File::create(&stdout_path).unwrap())
            .stderr(std::fs::File::create(&stderr_path).unwrap())
            .status()
            .expect("the triage binary runs");
        let read =
            |path: &PathBuf| String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
        Outcome {
            code: status.code().unwrap_or(-1),
            stdout: read(&stdout_path),
            stderr: read(&stderr_path),
        }
    }
}

impl Outcome {
    /// Asserts the exit code, showing everything printed when it differs.
    #[track_caller]
    pub fn code(&self, expected: i32) -> &Self {
        assert_eq!(
            self.code, expected,
            "exit code {} (expected {expected})\n--- stdout\n{}\n--- stderr\n{}",
            self.code, self.stdout, self.stderr
        );
        self
    }

    #[track_caller]
    pub fn stdout_has(&self, needle: &str) -> &Self {
        assert!(
            self.stdout.contains(needle),
            "stdout lacks {needle:?}\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    #[track_caller]
    pub fn stderr_has(&self, needle: &str) -> &Self {
        assert!(
            self.stderr.contains(needle),
            "stderr lacks {needle:?}\n--- stderr\n{}",
            self.stderr
        );
        self
    }

    /// Asserts a secret appears nowhere in what the run printed.
    #[track_caller]
    pub fn never_shows(&self, secret: &str) -> &Self {
        assert!(
            !self.stdout.contains(secret),
            "stdout shows the secret\n{}",
            self.stdout
        );
        assert!(
            !self.stderr.contains(secret),
            "stderr shows the secret\n{}",
            self.stderr
        );
        self
    }

    /// Asserts stderr is exactly one line that starts with `triage: error:`.
    #[track_caller]
    pub fn one_error_line(&self) -> &Self {
        let lines: Vec<&str> = self.stderr.lines().collect();
        assert_eq!(
            lines.len(),
            1,
            "expected one error line, got:\n{}",
            self.stderr
        );
        assert!(lines[0].starts_with("triage: error: "), "{}", self.stderr);
        self
    }
}

/// A free TCP port on the loopback interface.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A loopback port on which nothing listens, held for as long as the value
/// lives: the socket is bound but never listens, so connecting is refused and
/// no parallel test's server can take the port meanwhile.
pub struct ClosedPort {
    pub port: u16,
    fd: i32,
}

impl ClosedPort {
    pub fn new() -> ClosedPort {
        // SAFETY: plain socket calls on a descriptor we own; the address structs are fully initialised.
        unsafe {
            let fd = libc::socket(libc::AF_INET, libc::SOCK_STREAM, 0);
            assert!(fd >= 0, "socket() failed");
            let mut address: libc::sockaddr_in = std::mem::zeroed();
            address.sin_family = libc::AF_INET as libc::sa_family_t;
            address.sin_addr.s_addr = u32::from(std::net::Ipv4Addr::LOCALHOST).to_be();
            let size = std::mem::size_of::<libc::sockaddr_in>() as libc::socklen_t;
            assert_eq!(
                libc::bind(fd, &address as *const _ as *const libc::sockaddr, size),
                0,
                "bind() failed"
            );
            let mut bound: libc::sockaddr_in = std::mem::zeroed();
            let mut length = size;
            libc::getsockname(fd, &mut bound as *mut _ as *mut libc::sockaddr, &mut length);
            ClosedPort {
                port: u16::from_be(bound.sin_port),
                fd,
            }
        }
    }
}

impl Drop for ClosedPort {
    fn drop(&mut self) {
        // SAFETY: closing the descriptor this value owns.
        unsafe {
            libc::close(self.fd);
        }
    }
}
