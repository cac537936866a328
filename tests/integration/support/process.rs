//! Child processes of tests that never outlive them: killed on drop (also
//! when the test panics) and, through `PR_SET_PDEATHSIG`, when the test process dies.

use std::os::unix::process::CommandExt;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

pub struct ChildGuard {
    child: Child,
    /// The signal that asks the process to stop cleanly before it is killed.
    stop_signal: i32,
}

impl ChildGuard {
    pub fn spawn(mut command: Command, stop_signal: i32) -> std::io::Result<ChildGuard> {
        // SAFETY: prctl is async-signal-safe and only affects the child being started.
        unsafe {
            command.pre_exec(|| {
                libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
                Ok(())
            });
        }
        Ok(ChildGuard {
            child: command.spawn()?,
            stop_signal,
        })
    }

    /// `Some(status)` when the process has already exited.
    pub fn exited(&mut self) -> Option<std::process::ExitStatus> {
        self.child.try_wait().ok().flatten()
    }
}

impl Drop for ChildGuard {
    fn drop(&mut self) {
        if self.exited().is_some() {
            return;
        }
        // SAFETY: signalling our own child by pid.
        unsafe {
            libc::kill(self.child.id() as i32, self.stop_signal);
        }
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if self.exited().is_some() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Waits until `server` answers 200 on `/-/ready` (the Prometheus family's
/// readiness endpoint); false when it exited or `within` passed first.
pub fn ready_within(server: &mut ChildGuard, port: u16, within: Duration) -> bool {
    let deadline = std::time::Instant::now() + within;
    while std::time::Instant::now() < deadline && server.exited().is_none() {
        if matches!(http_get(port, "/-/ready"), Ok((200, _))) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    false
}

/// Panics with install advice when a program the tests need is missing.
pub fn require_program(path: &str, install: &str) {
    let found = if path.contains('/') {
        std::path::Path::new(path).exists()
    } else {
        std::env::var_os("PATH")
            .map(|paths| std::env::split_paths(&paths).any(|dir| dir.join(path).exists()))
            .unwrap_or(false)
    };
    assert!(
        found,
        "{path} is not installed; the tests need it: {install} (scripts/test installs it)"
    );
}

/// Sends a plain HTTP/1.0 GET to a loopback port and returns (status, body).
pub fn http_get(port: u16, path: &str) -> std::io::Result<(u16, String)> {
    http_exchange(
        port,
        &format!("GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n"),
        Duration::from_secs(5),
    )
}

/// Sends a plain HTTP/1.0 POST of a text body and returns (status, body).
pub fn http_post(
    port: u16,
    path: &str,
    body: &str,
    timeout: Duration,
) -> std::io::Result<(u16, String)> {
    http_exchange(
        port,
        &format!(
            "POST {path} HTTP/1.0\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\n\
             Content-Length: {}\r\n\r\n{body}",
            body.len()
        ),
        timeout,
    )
}

/// Writes a whole request; HTTP/1.0 so the server closes and nothing is chunked.
fn http_exchange(port: u16, request: &str, timeout: Duration) -> std::io::Result<(u16, String)> {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(timeout))?;
    stream.write_all(request.as_bytes())?;
    let mut response = String::new();
    stream.read_to_string(&mut response)?;
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or(0);
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_string())
        .unwrap_or_default();
    Ok((status, body))
}
