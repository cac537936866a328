//! A real Pushgateway (Debian's `prometheus-pushgateway` package) on a free
//! loopback port, in memory (no persistence file).

use super::process::{ChildGuard, http_get, ready_within, require_program};
use std::process::{Command, Stdio};
use std::time::Duration;

const PROGRAM: &str = "prometheus-pushgateway";
const INSTALL: &str = "apt-get install -y --no-install-recommends prometheus-pushgateway";

pub struct TestPushgateway {
    pub port: u16,
    _server: ChildGuard,
}

impl TestPushgateway {
    pub fn start() -> TestPushgateway {
        require_program(PROGRAM, INSTALL);
        for _attempt in 0..3 {
            let port = super::free_port();
            let mut command = Command::new(PROGRAM);
            command
                .arg(format!("--web.listen-address=127.0.0.1:{port}"))
                .arg("--log.level=warn")
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null());
            let mut server = ChildGuard::spawn(command, libc::SIGTERM).expect("pushgateway starts");
            if ready_within(&mut server, port, Duration::from_secs(30)) {
                return TestPushgateway {
                    port,
                    _server: server,
                };
            }
            // Most likely the port was taken between choosing and binding: try another.
        }
        panic!("the Pushgateway did not become ready");
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// What Prometheus would scrape from it.
    pub fn metrics(&self) -> String {
        let (status, body) = http_get(self.port, "/metrics").unwrap();
        assert_eq!(status, 200, "{body}");
        body
    }
}
