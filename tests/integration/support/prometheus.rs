//! A real Prometheus (Debian's `prometheus` package) on a free loopback port,
//! with data backfilled from OpenMetrics text by `promtool tsdb create-blocks-from openmetrics`.

use super::process::{ChildGuard, ready_within, require_program};
use std::process::{Command, Stdio};
use std::time::Duration;

const INSTALL: &str = "apt-get install -y --no-install-recommends prometheus";

pub struct TestPrometheus {
    pub port: u16,
    // Dropped first: the server stops before its data directory is removed.
    _server: ChildGuard,
    _dir: tempfile::TempDir,
}

impl TestPrometheus {
    /// Starts Prometheus serving the given OpenMetrics samples (Unix-second
    /// timestamps, series sorted by time, ending in `# EOF`); an empty string
    /// starts it without data.
    pub fn start(openmetrics: &str) -> TestPrometheus {
        require_program("prometheus", INSTALL);
        require_program("promtool", INSTALL);
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        std::fs::create_dir_all(&data).unwrap();
        if !openmetrics.trim().is_empty() {
            let input = dir.path().join("input.om");
            std::fs::write(&input, openmetrics).unwrap();
            let output = Command::new("promtool")
                .args(["tsdb", "create-blocks-from", "openmetrics"])
                .arg(&input)
                .arg(&data)
                .output()
                .unwrap();
            assert!(
                output.status.success(),
                "promtool could not backfill the OpenMetrics data:\n{}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
        }
        let config = dir.path().join("prometheus.yml");
        std::fs::write(&config, "global:\n  scrape_interval: 1h\n").unwrap();
        let log = std::fs::File::create(dir.path().join("prometheus.log")).unwrap();

        for _attempt in 0..3 {
            let port = super::free_port();
            let mut command = Command::new("prometheus");
            command
                .arg(format!("--config.file={}", config.display()))
                .arg(format!("--storage.tsdb.path={}", data.display()))
                .arg(format!("--web.listen-address=127.0.0.1:{port}"))
                .arg("--storage.tsdb.retention.time=100y")
                .arg("--log.level=warn")
                .stdin(Stdio::null())
                .stdout(log.try_clone().unwrap())
                .stderr(log.try_clone().unwrap());
            let mut server = ChildGuard::spawn(command, libc::SIGTERM).expect("prometheus starts");
            if ready_within(&mut server, port, Duration::from_secs(60)) {
                return TestPrometheus {
                    port,
                    _server: server,
                    _dir: dir,
                };
            }
            // Most likely the port was taken between choosing and binding: try another.
        }
        panic!(
            "Prometheus did not become ready:\n{}",
            std::fs::read_to_string(dir.path().join("prometheus.log")).unwrap_or_default()
        );
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}
