//! The config file's schema, exactly as written in TOML, and its parsing with
//! errors that name the file, line and key. Meaning (precedence, secrets,
//! cross-references) is given to it in `settings`.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// `config.toml` as a whole.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    /// The environment used when `--env` is not given.
    pub default_env: Option<String>,
    /// Named environments: `[env.prod-eu]`.
    #[serde(default, rename = "env")]
    pub environments: BTreeMap<String, EnvironmentConfig>,
}

/// One named environment: `[env.NAME]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnvironmentConfig {
    pub prometheus: Option<PrometheusConfig>,
    #[serde(default)]
    pub postgres: Vec<PostgresConfig>,
    pub kubernetes: Option<KubernetesConfig>,
    #[serde(default)]
    pub tls: Vec<TlsTargetConfig>,
    #[serde(default)]
    pub services: BTreeMap<String, ServiceConfig>,
}

/// `[env.NAME.prometheus]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrometheusConfig {
    pub url: String,
    /// Extra request headers, such as `X-Scope-OrgID` for Mimir. Not for credentials.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    pub bearer_token_file: Option<PathBuf>,
    pub bearer_token_env: Option<String>,
    pub basic_auth: Option<BasicAuthConfig>,
    pub ca_file: Option<PathBuf>,
    #[serde(default)]
    pub insecure_skip_verify: bool,
    /// Requests in flight at once [default: 8].
    pub max_concurrency: Option<usize>,
    /// The range of `rate(…[range])` [default: 5m]; at least 4 scrape intervals.
    pub rate_interval: Option<String>,
    /// The label that names services, instead of discovering it.
    pub service_label: Option<String>,
    /// Labels that name clients or tenants, tried in order.
    pub client_labels: Option<Vec<String>>,
    /// PromQL per signal id, replacing the discovered query.
    #[serde(default)]
    pub signals: BTreeMap<String, String>,
}

/// `basic_auth = { username = "…", password_file = "…" }`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BasicAuthConfig {
    pub username: String,
    pub password_file: Option<PathBuf>,
    pub password_env: Option<String>,
}

/// `[[env.NAME.postgres]]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PostgresConfig {
    /// How the database is called in reports and in `depends_on`.
    pub name: String,
    /// `postgres://user@host/db` or `host=… dbname=…`, without a password.
    pub dsn: String,
    pub password_file: Option<PathBuf>,
    pub password_env: Option<String>,
}

/// `[env.NAME.kubernetes]`
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KubernetesConfig {
    pub kubeconfig: Option<PathBuf>,
    pub context: Option<String>,
    #[serde(default)]
    pub namespaces: Vec<String>,
    #[serde(default)]
    pub all_namespaces: bool,
}

/// `[[env.NAME.tls]]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TlsTargetConfig {
    /// `host:port`
    pub target: String,
    /// How the endpoint is called in reports and in `depends_on` [default: the host].
    pub name: Option<String>,
    /// Server name sent in the handshake [default: the host].
    pub sni: Option<String>,
    /// Connect to this address instead of resolving the host (one backend behind a load balancer).
    pub connect_to: Option<String>,
    pub starttls: Option<StartTls>,
}

/// Protocols that upgrade a plain connection to TLS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum StartTls {
    Smtp,
    Imap,
    Pop3,
    Ftp,
    Ldap,
    Postgres,
    Mysql,
}

/// `[env.NAME.services.SERVICE]`: how a service is found in metrics and what it depends on.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceConfig {
    /// Label values that select the service's series, such as `{ service = "api-server" }`.
    #[serde(default)]
    pub labels: BTreeMap<String, String>,
    /// Services, databases (by `name`) or TLS endpoints (by `name`) this service calls.
    #[serde(default)]
    pub depends_on: Vec<String>,
}

impl ConfigFile {
    /// Makes every path in the file absolute: `~/x` is under `home`, and a
    /// relative path is relative to the config file's own directory (as in
    /// Prometheus' config), not to wherever triage happens to be run from.
    pub fn resolve_paths(&mut self, config_dir: &Path, home: Option<&Path>) {
        let fix = |path: &mut PathBuf| {
            if let (Ok(rest), Some(home)) = (path.strip_prefix("~"), home) {
                *path = home.join(rest);
            } else if path.is_relative() {
                *path = config_dir.join(&*path);
            }
        };
        for environment in self.environments.values_mut() {
            if let Some(prometheus) = &mut environment.prometheus {
                prometheus.bearer_token_file.as_mut().map(fix);
                prometheus.ca_file.as_mut().map(fix);
                if let Some(basic) = &mut prometheus.basic_auth {
                    basic.password_file.as_mut().map(fix);
                }
            }
            for database in &mut environment.postgres {
                database.password_file.as_mut().map(fix);
            }
            if let Some(kubernetes) = &mut environment.kubernetes {
                kubernetes.kubeconfig.as_mut().map(fix);
            }
        }
    }
}

/// A config file that could not be read or parsed, located as precisely as possible.
#[derive(Debug, PartialEq, Eq)]
pub struct ConfigFileError {
    pub path: PathBuf,
    /// 1-based line and column, when the parser knows them.
    pub position: Option<(usize, usize)>,
    /// Dotted key path such as `env.prod.postgres[0].dsn`, when known.
    pub key: Option<String>,
    pub message: String,
}

impl fmt::Display for ConfigFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some((line, column)) = self.position {
            write!(f, ":{line}:{column}")?;
        }
        f.write_str(": ")?;
        if let Some(key) = &self.key {
            write!(f, "{key}: ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for ConfigFileError {}

/// Parses config text; `path` is only used to name the file in errors.
pub fn parse(path: &Path, text: &str) -> Result<ConfigFile, ConfigFileError> {
    let deserializer = toml::Deserializer::parse(text).map_err(|err| ConfigFileError {
        path: path.to_path_buf(),
        position: err.span().map(|span| line_and_column(text, span.start)),
        key: None,
        message: first_line(err.message()),
    })?;
    serde_path_to_error::deserialize(deserializer).map_err(|err| {
        let key = err.path().to_string();
        let inner = err.into_inner();
        ConfigFileError {
            path: path.to_path_buf(),
            position: inner.span().map(|span| line_and_column(text, span.start)),
            key: (key != ".").then_some(key),
            message: first_line(inner.message()),
        }
    })
}

/// The first line of a parser message, without the offending value: serde
/// quotes it (`invalid type: string "…"`), and a value in the wrong place may
/// be a secret someone pasted by mistake.
fn first_line(message: &str) -> String {
    let line = message.lines().next().unwrap_or("invalid TOML").trim();
    for kind in ["invalid type: string", "invalid value: string"] {
        if let Some(rest) = line.strip_prefix(kind) {
            if let Some((_, expected)) = rest.rsplit_once("\", expected") {
                return format!("{kind}, expected{expected}");
            }
        }
    }
    line.to_string()
}

fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.chars().rev().take_while(|&c| c != '\n').count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> Result<ConfigFile, ConfigFileError> {
        parse(Path::new("config.toml"), text)
    }

    #[test]
    fn a_full_environment_parses() {
        let config = parse_str(
            r#"
default_env = "prod"
[env.prod.prometheus]
url = "https://prometheus.example:9090"
headers = { "X-Scope-OrgID" = "tenant-1" }
bearer_token_file = "/run/secrets/prom-token"

[[env.prod.postgres]]
name = "orders"
dsn = "host=db.example dbname=orders user=triage"
password_env = "ORDERS_PGPASSWORD"

[env.prod.kubernetes]
context = "prod"
namespaces = ["api"]

[[env.prod.tls]]
target = "api.sms-provider.example:443"
name = "sms-provider"

[env.prod.services.api-server]
labels = { service = "api-server" }
depends_on = ["orders", "sms-provider"]
"#,
        )
        .unwrap();
        let prod = &config.environments["prod"];
        assert_eq!(prod.postgres[0].name, "orders");
        assert_eq!(
            prod.services["api-server"].depends_on,
            ["orders", "sms-provider"]
        );
    }

    #[test]
    fn unknown_keys_name_the_line_and_key() {
        let err = parse_str("[env.prod.prometheus]\nurl = \"http://p\"\nbearer_token = \"x\"\n")
            .unwrap_err();
        assert_eq!(err.position.map(|p| p.0), Some(3), "{err}");
        assert!(
            err.message.contains("unknown field `bearer_token`"),
            "{err}"
        );
        assert!(err.to_string().starts_with("config.toml:3:"), "{err}");
    }

    #[test]
    fn wrong_types_name_the_line_and_key_path() {
        let err = parse_str("[env.prod.kubernetes]\nnamespaces = \"api\"\n").unwrap_err();
        assert_eq!(
            err.key.as_deref(),
            Some("env.prod.kubernetes.namespaces"),
            "{err}"
        );
        assert_eq!(err.position.map(|p| p.0), Some(2), "{err}");
        assert!(err.message.contains("invalid type"), "{err}");
    }

    #[test]
    fn paths_are_relative_to_the_config_file_and_tilde_is_home() {
        let mut config = parse_str(
            "[env.p.prometheus]\nurl = \"http://p\"\nbearer_token_file = \"secrets/token\"\n[env.p.kubernetes]\nkubeconfig = \"~/.kube/prod\"\n",
        )
        .unwrap();
        config.resolve_paths(Path::new("/etc/triage"), Some(Path::new("/home/oncall")));
        let env = &config.environments["p"];
        let token = env
            .prometheus
            .as_ref()
            .unwrap()
            .bearer_token_file
            .as_ref()
            .unwrap();
        assert_eq!(token, Path::new("/etc/triage/secrets/token"));
        let kubeconfig = env
            .kubernetes
            .as_ref()
            .unwrap()
            .kubeconfig
            .as_ref()
            .unwrap();
        assert_eq!(kubeconfig, Path::new("/home/oncall/.kube/prod"));
    }

    #[test]
    fn misplaced_values_are_not_repeated_in_errors() {
        let err = parse_str(
            "[env.p.prometheus]\nurl = \"http://p\"\nbasic_auth = \"oncall:canary-pw\"\n",
        )
        .unwrap_err();
        assert!(!err.to_string().contains("canary-pw"), "{err}");
        assert!(
            err.message.starts_with("invalid type: string, expected"),
            "{err}"
        );
    }

    #[test]
    fn broken_toml_names_the_line() {
        let err = parse_str("[env.prod\nurl = 1\n").unwrap_err();
        assert_eq!(err.position.map(|p| p.0), Some(1), "{err}");
    }
}
