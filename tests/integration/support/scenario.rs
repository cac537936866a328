//! The incident lab's runner: a scenario directory (see `tests/scenarios/README.md`)
//! is checked file by file, shifted so the incident is happening now, and run
//! against real servers — Prometheus backfilled from its OpenMetrics,
//! PostgreSQL with its SQL and held sessions, the Kubernetes API fixture, TLS
//! endpoints — with the real `triage investigate`. Every server stops when
//! the run ends, also when it fails.

use super::kube_cluster::{KubeCluster, load_fixtures};
use super::pg_sessions::Sessions;
use super::postgres::{Options, SUPERUSER_PASSWORD, TestPostgres};
use super::prometheus::TestPrometheus;
use super::tls_server::{LabCa, TlsServer};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    pub name: String,
    pub summary: String,
    /// The moment of the investigation in the scenario's own timeline.
    pub anchor: String,
    pub since: String,
    pub expect: Expect,
    #[serde(default)]
    pub services: BTreeMap<String, ServiceSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    pub top_cause: String,
    pub subject: Option<String>,
    #[serde(default)]
    pub mentions: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceSpec {
    #[serde(default)]
    pub labels: BTreeMap<String, String>,
    #[serde(default)]
    pub depends_on: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SessionsSpec {
    max_connections: Option<u32>,
    database: Option<String>,
    #[serde(default)]
    session: Vec<SessionSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SessionSpec {
    role: String,
    application_name: String,
    #[serde(default = "one")]
    count: u32,
    statements: Vec<String>,
    #[serde(default)]
    wait_until_blocked: bool,
}

fn one() -> u32 {
    1
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TlsSpec {
    #[serde(default)]
    endpoint: Vec<EndpointSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EndpointSpec {
    name: String,
    kind: String,
    days: Option<i64>,
}

const TLS_KINDS: [&str; 7] = [
    "valid",
    "expired",
    "expiring",
    "not-yet-valid",
    "self-signed",
    "wrong-host",
    "missing-intermediate",
];

/// A scenario, read and checked; nothing started yet.
pub struct Scenario {
    pub dir: PathBuf,
    pub spec: Spec,
    anchor: DateTime<Utc>,
    openmetrics: String,
    sql: Option<String>,
    sessions: Option<SessionsSpec>,
    has_k8s: bool,
    tls: TlsSpec,
}

/// What a run saw, and whether the expectations held.
pub struct Outcome {
    pub ranking: Vec<String>,
    pub markdown: String,
    pub failures: Vec<String>,
}

impl Scenario {
    /// Reads every file of the scenario and checks it; an error names the
    /// file (and the line, where there is one).
    pub fn load(dir: &Path) -> Result<Scenario, String> {
        let read = |name: &str| -> Result<Option<String>, String> {
            let path = dir.join(name);
            match std::fs::read_to_string(&path) {
                Ok(text) => Ok(Some(text)),
                Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
                Err(err) => Err(format!("{}: {err}", path.display())),
            }
        };
        let toml_of = |name: &str, text: &str| -> Result<_, String> {
            toml::from_str::<toml::Value>(text).map_err(|err| {
                format!(
                    "{}: {}",
                    dir.join(name).display(),
                    triage::analyze::text::one_line(&err.to_string())
                )
            })
        };
        let spec_text = read("scenario.toml")?.ok_or_else(|| {
            format!(
                "{}: missing (every scenario needs one)",
                dir.join("scenario.toml").display()
            )
        })?;
        toml_of("scenario.toml", &spec_text)?;
        let spec: Spec = toml::from_str(&spec_text).map_err(|err| {
            format!(
                "{}: {}",
                dir.join("scenario.toml").display(),
                triage::analyze::text::one_line(&err.to_string())
            )
        })?;
        let anchor = DateTime::parse_from_rfc3339(&spec.anchor)
            .map_err(|err| {
                format!(
                    "{}: anchor '{}' is not RFC 3339 ({err})",
                    dir.join("scenario.toml").display(),
                    spec.anchor
                )
            })?
            .with_timezone(&Utc);
        let openmetrics = read("prometheus.om")?.ok_or_else(|| {
            format!(
                "{}: missing (every scenario needs its metrics)",
                dir.join("prometheus.om").display()
            )
        })?;
        check_openmetrics(&dir.join("prometheus.om"), &openmetrics)?;
        let sessions = match read("postgres-sessions.toml")? {
            Some(text) => Some(toml::from_str::<SessionsSpec>(&text).map_err(|err| {
                format!(
                    "{}: {}",
                    dir.join("postgres-sessions.toml").display(),
                    triage::analyze::text::one_line(&err.to_string())
                )
            })?),
            None => None,
        };
        let tls = match read("tls.toml")? {
            Some(text) => toml::from_str::<TlsSpec>(&text).map_err(|err| {
                format!(
                    "{}: {}",
                    dir.join("tls.toml").display(),
                    triage::analyze::text::one_line(&err.to_string())
                )
            })?,
            None => TlsSpec {
                endpoint: Vec::new(),
            },
        };
        for endpoint in &tls.endpoint {
            if !TLS_KINDS.contains(&endpoint.kind.as_str()) {
                return Err(format!(
                    "{}: endpoint '{}': kind '{}' is not one of {}",
                    dir.join("tls.toml").display(),
                    endpoint.name,
                    endpoint.kind,
                    TLS_KINDS.join(", ")
                ));
            }
        }
        let k8s = dir.join("k8s");
        let has_k8s = k8s.is_dir();
        if has_k8s {
            let mut files: Vec<PathBuf> = std::fs::read_dir(&k8s)
                .map_err(|err| format!("{}: {err}", k8s.display()))?
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
                .collect();
            files.sort();
            if files.is_empty() {
                return Err(format!("{}: no *.json file", k8s.display()));
            }
            for file in files {
                let text = std::fs::read_to_string(&file)
                    .map_err(|err| format!("{}: {err}", file.display()))?;
                serde_json::from_str::<serde_json::Value>(&text)
                    .map_err(|err| format!("{}:{}: {err}", file.display(), err.line()))?;
            }
        }
        Ok(Scenario {
            dir: dir.to_path_buf(),
            spec,
            anchor,
            openmetrics,
            sql: read("postgres.sql")?,
            sessions,
            has_k8s,
            tls,
        })
    }

    /// Starts everything, runs `triage investigate` (`triage` is the binary)
    /// and checks the expectations. Every server has stopped when this
    /// returns; the ports they used come back either way, to prove it.
    pub fn run(&self, triage: &Path) -> (Result<Outcome, String>, Vec<u16>) {
        let mut ports = Vec::new();
        let result = self.run_servers(triage, &mut ports);
        (result, ports)
    }

    fn run_servers(&self, triage: &Path, ports: &mut Vec<u16>) -> Result<Outcome, String> {
        let now = Utc::now();
        let shift = (now - self.anchor).num_seconds();
        let home = tempfile::tempdir().map_err(|err| err.to_string())?;
        let prometheus = TestPrometheus::start(&shifted_openmetrics(&self.openmetrics, shift));
        ports.push(port_of(&prometheus.url()));
        let mut config = format!("[env.lab.prometheus]\nurl = \"{}\"\n", prometheus.url());

        let (postgres, _sessions) = match (&self.sql, &self.sessions) {
            (None, None) => (None, None),
            (sql, sessions) => {
                let max = sessions
                    .as_ref()
                    .and_then(|s| s.max_connections)
                    .unwrap_or(100);
                let postgres = TestPostgres::start_with(Options {
                    settings: vec![
                        format!("max_connections={max}"),
                        "superuser_reserved_connections=3".into(),
                    ],
                    files: Vec::new(),
                });
                ports.push(postgres.port);
                if sql.is_some() {
                    postgres.psql_file(&self.dir.join("postgres.sql"))?;
                }
                let mut held = Sessions::new();
                for session in sessions.iter().flat_map(|s| &s.session) {
                    let dsn =
                        postgres.dsn_as(&session.role, &session.role, &session.application_name);
                    for _ in 0..session.count {
                        let (last, first) = session.statements.split_last().ok_or_else(|| {
                            format!(
                                "{}: a session has no statements",
                                self.dir.join("postgres-sessions.toml").display()
                            )
                        })?;
                        if session.wait_until_blocked {
                            held.open_then_start(&dsn, &first.join("; "), last);
                        } else {
                            held.open_within(
                                &dsn,
                                &session.statements.join("; "),
                                Duration::from_secs(10),
                            )
                            .map_err(|err| {
                                format!(
                                    "{}: a session of {}: {err}",
                                    self.dir.join("postgres-sessions.toml").display(),
                                    session.role
                                )
                            })?;
                        }
                    }
                }
                let password = home.path().join("pg-password");
                std::fs::write(&password, SUPERUSER_PASSWORD).map_err(|err| err.to_string())?;
                let name = self
                    .sessions
                    .as_ref()
                    .and_then(|s| s.database.clone())
                    .unwrap_or_else(|| "postgres".into());
                config.push_str(&format!(
                    "[[env.lab.postgres]]\nname = \"{name}\"\ndsn = \"{}\"\npassword_file = \"{}\"\n",
                    postgres.dsn(),
                    password.display()
                ));
                (Some(postgres), Some(held))
            }
        };

        let cluster = if self.has_k8s {
            let cluster =
                KubeCluster::start(load_fixtures(&self.dir.join("k8s"), self.anchor, now));
            ports.push(port_of(&cluster.url()));
            let kubeconfig = home.path().join("kubeconfig");
            std::fs::write(&kubeconfig, cluster.kubeconfig("lab-token", "default"))
                .map_err(|err| err.to_string())?;
            config.push_str(&format!(
                "[env.lab.kubernetes]\nkubeconfig = \"{}\"\nall_namespaces = true\n",
                kubeconfig.display()
            ));
            Some(cluster)
        } else {
            None
        };

        // Endpoints are issued by a lab CA that triage trusts (SSL_CERT_FILE),
        // so "valid" is valid and each other kind is exactly its problem.
        let lab_ca = LabCa::new();
        let trusted = home.path().join("lab-ca.pem");
        std::fs::write(&trusted, &lab_ca.pem).map_err(|err| err.to_string())?;
        let mut endpoints = Vec::new();
        for endpoint in &self.tls.endpoint {
            // Days: valid for (90), expired ago (4), expiring in (5), valid from (2).
            let days = |default: i64| endpoint.days.unwrap_or(default);
            let server = match endpoint.kind.as_str() {
                "valid" => lab_ca.serve("localhost", -1, days(90).max(1)),
                "expired" => lab_ca.serve("localhost", -(days(4) + 90), -days(4)),
                "expiring" => lab_ca.serve("localhost", -80, days(5)),
                "not-yet-valid" => lab_ca.serve("localhost", days(2), days(2) + 90),
                "wrong-host" => lab_ca.serve("wrong-host.example", -1, 90),
                "self-signed" => TlsServer::self_signed("localhost", -1, 90),
                // An issuer nobody knows and nobody sent: a missing intermediate.
                _ => LabCa::new().serve("localhost", -1, 90),
            };
            ports.push(server.port);
            config.push_str(&format!(
                "[[env.lab.tls]]\ntarget = \"127.0.0.1:{}\"\nsni = \"localhost\"\nname = \"{}\"\n",
                server.port, endpoint.name
            ));
            endpoints.push(server);
        }

        for (service, spec) in &self.spec.services {
            let labels: Vec<String> = spec
                .labels
                .iter()
                .map(|(k, v)| format!("{k} = \"{v}\""))
                .collect();
            let depends: Vec<String> = spec.depends_on.iter().map(|d| format!("\"{d}\"")).collect();
            config.push_str(&format!(
                "[env.lab.services.{service}]\nlabels = {{ {} }}\ndepends_on = [{}]\n",
                labels.join(", "),
                depends.join(", ")
            ));
        }
        let config_path = home.path().join(".config/triage/config.toml");
        std::fs::create_dir_all(config_path.parent().unwrap()).map_err(|err| err.to_string())?;
        std::fs::write(&config_path, &config).map_err(|err| err.to_string())?;

        let investigate = |format: &str| -> Result<String, String> {
            let output = Command::new(triage)
                .args([
                    "--timeout",
                    "30s",
                    "investigate",
                    "--since",
                    &self.spec.since,
                    "-o",
                    format,
                ])
                .env_clear()
                .env("PATH", std::env::var_os("PATH").unwrap_or_default())
                .env("HOME", home.path())
                .env("SSL_CERT_FILE", &trusted)
                .output()
                .map_err(|err| format!("{}: {err}", triage.display()))?;
            if !matches!(output.status.code(), Some(0..=2)) {
                return Err(format!(
                    "triage investigate exited {:?}: {}",
                    output.status.code(),
                    String::from_utf8_lossy(&output.stderr)
                ));
            }
            Ok(String::from_utf8_lossy(&output.stdout).into_owned())
        };
        let json = investigate("json")?;
        let markdown = investigate("markdown")?;
        let report: serde_json::Value =
            serde_json::from_str(&json).map_err(|err| format!("triage's JSON: {err}"))?;
        let hypotheses = report["hypotheses"].as_array().cloned().unwrap_or_default();
        let ranking: Vec<String> = hypotheses
            .iter()
            .map(|h| {
                format!(
                    "{}. {} on {} ({}, {})",
                    h["rank"],
                    h["cause"].as_str().unwrap_or("?"),
                    h["subject"].as_str().unwrap_or("?"),
                    h["confidence"],
                    h["level"].as_str().unwrap_or("?")
                )
            })
            .collect();
        let mut failures = Vec::new();
        let top = hypotheses.first();
        match top {
            Some(top) if top["cause"] == self.spec.expect.top_cause.as_str() => {}
            _ => failures.push(format!(
                "expected {} first, got {}",
                self.spec.expect.top_cause,
                top.map(|t| t["cause"].to_string())
                    .unwrap_or_else(|| "no hypothesis".into())
            )),
        }
        if let Some(subject) = &self.spec.expect.subject {
            if !top
                .and_then(|t| t["subject"].as_str())
                .is_some_and(|s| s.contains(subject.as_str()))
            {
                failures.push(format!("expected the top subject to contain '{subject}'"));
            }
        }
        for mention in &self.spec.expect.mentions {
            if !markdown.contains(mention.as_str()) {
                failures.push(format!("the report does not mention '{mention}'"));
            }
        }
        drop((endpoints, cluster, postgres, prometheus));
        Ok(Outcome {
            ranking,
            markdown,
            failures,
        })
    }
}

/// Every sample line is `name{labels} value timestamp`; the file ends with `# EOF`.
fn check_openmetrics(path: &Path, text: &str) -> Result<(), String> {
    let lines: Vec<&str> = text.lines().collect();
    if lines.last().map(|l| l.trim()) != Some("# EOF") {
        return Err(format!("{}: must end with '# EOF'", path.display()));
    }
    for (number, line) in lines.iter().enumerate() {
        if line.starts_with('#') {
            continue;
        }
        let at = || format!("{}:{}", path.display(), number + 1);
        if line.trim().is_empty() {
            return Err(format!(
                "{}: blank lines are not allowed in OpenMetrics",
                at()
            ));
        }
        let fields: Vec<&str> = line.rsplitn(3, ' ').collect();
        if fields.len() < 3
            || fields[0].parse::<f64>().is_err()
            || fields[1].parse::<f64>().is_err()
        {
            return Err(format!(
                "{}: expected 'metric{{labels}} value timestamp', got '{}'",
                at(),
                triage::analyze::text::one_line(line)
            ));
        }
    }
    Ok(())
}

/// Moves every sample's timestamp (the last field) by `shift` seconds.
fn shifted_openmetrics(text: &str, shift: i64) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        if line.starts_with('#') {
            out.push_str(line);
        } else if let Some((head, time)) = line.rsplit_once(' ') {
            let time: f64 = time.parse().unwrap_or_default();
            out.push_str(&format!("{head} {}", time as i64 + shift));
        }
        out.push('\n');
    }
    out
}

fn port_of(url: &str) -> u16 {
    url.trim_end_matches('/')
        .rsplit(':')
        .next()
        .and_then(|port| port.parse().ok())
        .unwrap_or(0)
}
