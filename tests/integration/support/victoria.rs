//! A real VictoriaMetrics (Debian's `victoria-metrics` package) on a free
//! loopback port, holding the same OpenMetrics samples the Prometheus helper
//! backfills, imported through `/api/v1/import/prometheus`.

use super::process::{ChildGuard, http_get, http_post, require_program};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const INSTALL: &str = "apt-get install -y --no-install-recommends victoria-metrics";

pub struct TestVictoria {
    pub port: u16,
    // Dropped first: the server stops before its data directory is removed.
    _server: ChildGuard,
    dir: tempfile::TempDir,
}

impl TestVictoria {
    /// Starts VictoriaMetrics serving the given OpenMetrics samples (Unix-second
    /// timestamps, ending in `# EOF`); an empty string starts it without data.
    /// Every sample is stored and searchable when this returns.
    pub fn start(openmetrics: &str) -> TestVictoria {
        require_program("victoria-metrics", INSTALL);
        let exposition = Exposition::from_openmetrics(openmetrics);
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let log = std::fs::File::create(dir.path().join("victoria-metrics.log")).unwrap();

        for _attempt in 0..3 {
            let port = super::free_port();
            let mut command = Command::new("victoria-metrics");
            command
                .arg(format!("-httpListenAddr=127.0.0.1:{port}"))
                .arg(format!("-storageDataPath={}", data.display()))
                // The default keeps one month and refuses older samples.
                .arg("-retentionPeriod=100y")
                // Imports write into the past: no cached query result may hide them.
                .arg("-search.disableCache")
                // By default queries near now are answered as of 30s ago.
                .arg("-search.latencyOffset=0s")
                .arg("-loggerLevel=WARN")
                .stdin(Stdio::null())
                .stdout(log.try_clone().unwrap())
                .stderr(log.try_clone().unwrap());
            let mut server =
                ChildGuard::spawn(command, libc::SIGTERM).expect("victoria-metrics starts");
            let deadline = Instant::now() + Duration::from_secs(60);
            while Instant::now() < deadline && server.exited().is_none() {
                if matches!(http_get(port, "/health"), Ok((200, _))) {
                    let victoria = TestVictoria {
                        port,
                        _server: server,
                        dir,
                    };
                    victoria.import(&exposition);
                    return victoria;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            // Most likely the port was taken between choosing and binding: try another.
        }
        panic!(
            "VictoriaMetrics did not become ready:\n{}",
            std::fs::read_to_string(dir.path().join("victoria-metrics.log")).unwrap_or_default()
        );
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Stores the samples, makes them searchable and waits until they are.
    fn import(&self, exposition: &Exposition) {
        let Some((first, last)) = exposition.span_ms else {
            return;
        };
        let (status, body) = http_post(
            self.port,
            "/api/v1/import/prometheus",
            &exposition.text,
            Duration::from_secs(60),
        )
        .unwrap();
        assert_eq!(status, 204, "the import failed: {body}\n{}", self.log());
        // Without this, new samples stay invisible for about a second.
        let (status, body) = http_get(self.port, "/internal/force_flush").unwrap();
        assert_eq!(status, 200, "force_flush failed: {body}\n{}", self.log());

        // The import answers 204 even when it skips lines it cannot parse or
        // samples outside the retention period or over two days ahead; its
        // own counters tell.
        let read = self.counter(r#"vm_rows_inserted_total{type="prometheus"}"#);
        let ignored = self.counter(r#"vm_rows_ignored_total{reason="big_timestamp"}"#)
            + self.counter(r#"vm_rows_ignored_total{reason="small_timestamp"}"#);
        assert!(
            read == exposition.samples as f64 && ignored == 0.0,
            "VictoriaMetrics parsed {read} of {} samples and dropped {ignored} for their \
             timestamps (outside the retention or over two days ahead):\n{}",
            exposition.samples,
            self.log()
        );

        // Without `start`, `/api/v1/series` looks back five minutes (rounded
        // down to a UTC day), not over all time as Prometheus does.
        let path = format!(
            "/api/v1/series?match[]=%7B__name__%21%3D%22%22%7D&start={}&end={}",
            first / 1000,
            last / 1000 + 1
        );
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if let Ok((200, body)) = http_get(self.port, &path) {
                let answer: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
                if answer["data"]
                    .as_array()
                    .is_some_and(|series| !series.is_empty())
                {
                    return;
                }
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!(
            "the imported series never became searchable:\n{}",
            self.log()
        );
    }

    /// The value of one of the server's own metrics on `/metrics`.
    fn counter(&self, series: &str) -> f64 {
        let (status, body) = http_get(self.port, "/metrics").unwrap();
        assert_eq!(status, 200, "{body}");
        body.lines()
            .find_map(|line| line.strip_prefix(series)?.strip_prefix(' '))
            .and_then(|value| value.trim().parse().ok())
            .unwrap_or_else(|| panic!("/metrics has no {series}"))
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("victoria-metrics.log")).unwrap_or_default()
    }
}

/// OpenMetrics samples rewritten as the Prometheus text format that
/// `/api/v1/import/prometheus` takes.
struct Exposition {
    text: String,
    samples: usize,
    /// The first and last sample times in milliseconds; `None` without samples.
    span_ms: Option<(i64, i64)>,
}

impl Exposition {
    /// Drops comments (`# TYPE`, `# HELP`, `# EOF`) and exemplars, and turns
    /// timestamps from seconds into milliseconds.
    fn from_openmetrics(openmetrics: &str) -> Exposition {
        let mut exposition = Exposition {
            text: String::new(),
            samples: 0,
            span_ms: None,
        };
        for line in openmetrics.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (series, rest) = line.split_at(series_end(line));
            let rest = rest.split('#').next().unwrap_or_default();
            let mut fields = rest.split_whitespace();
            let (Some(value), Some(seconds)) = (fields.next(), fields.next()) else {
                panic!("an OpenMetrics sample needs a value and a timestamp: {line}");
            };
            let seconds: f64 = seconds
                .parse()
                .unwrap_or_else(|_| panic!("bad OpenMetrics timestamp: {line}"));
            let ms = (seconds * 1000.0).round() as i64;
            exposition
                .text
                .push_str(&format!("{series} {value} {ms}\n"));
            exposition.samples += 1;
            exposition.span_ms = Some(match exposition.span_ms {
                Some((first, last)) => (first.min(ms), last.max(ms)),
                None => (ms, ms),
            });
        }
        exposition
    }
}

/// Where the metric name and labels of a sample line end; label values may
/// hold spaces, braces and escaped quotes.
fn series_end(line: &str) -> usize {
    let (mut in_labels, mut in_quotes, mut escaped) = (false, false, false);
    for (index, byte) in line.bytes().enumerate() {
        if in_quotes {
            if escaped {
                escaped = false;
            } else if byte == b'\\' {
                escaped = true;
            } else if byte == b'"' {
                in_quotes = false;
            }
        } else if in_labels {
            match byte {
                b'"' => in_quotes = true,
                b'}' => return index + 1,
                _ => {}
            }
        } else if byte == b'{' {
            in_labels = true;
        } else if byte.is_ascii_whitespace() {
            return index;
        }
    }
    line.len()
}
