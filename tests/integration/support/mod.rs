//! Test helpers shared by every integration test: a builder that runs the real
//! `triage` binary hermetically, and real servers (Prometheus, PostgreSQL, a
//! Kubernetes API fixture, TLS endpoints) that stop when dropped.

pub mod kube_api;
pub mod postgres;
pub mod process;
pub mod prometheus;
pub mod tls_server;

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

    pub fn run(self) -> Outcome {
        let output = Command::new(env!("CARGO_BIN_EXE_triage"))
            .args(&self.args)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.home.path())
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .output()
            .expect("the triage binary runs");
        Outcome {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
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

/// A port on which nothing listens (bound, then released).
pub fn closed_port() -> u16 {
    free_port()
}
