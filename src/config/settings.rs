//! The effective settings of a run. Precedence is decided here and nowhere
//! else: command-line flags, then environment variables, then the config file,
//! then defaults. Secrets are read here too, so a missing token file is a config
//! error at start-up rather than a confusing 401 in the middle of an incident.

use super::ConfigError;
use super::file::{self, ConfigFile, EnvironmentConfig, StartTls};
use super::secret::{Secret, SecretSource};
use crate::cli::SourceArgs;
use serde::Serialize;
use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};
use url::Url;

/// How environment variables are looked up; injected so tests don't touch the process environment.
pub type EnvLookup<'a> = &'a dyn Fn(&str) -> Option<String>;

/// Looks a variable up in the real process environment (empty counts as unset).
pub fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|value| !value.is_empty())
}

/// Where a setting came from, so `config check` can say why a value is in effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Origin {
    Flag,
    EnvVar(&'static str),
    ConfigFile,
    Default,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Flag => f.write_str("flag"),
            Origin::EnvVar(name) => write!(f, "${name}"),
            Origin::ConfigFile => f.write_str("config file"),
            Origin::Default => f.write_str("default"),
        }
    }
}

/// Which environments of the config file a command wants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnvironmentScope {
    /// The one named by `--env`, else `default_env`, else the only one.
    Selected,
    /// The one named by `--env`, else every environment (for `config check`).
    AllUnlessNamed,
}

/// The config file location and every environment in scope, fully resolved.
#[derive(Debug)]
pub struct Settings {
    /// `None` when there is no explicit config file and no `$HOME` to look in.
    pub config_path: Option<PathBuf>,
    /// False when no file exists at the default location (flags and environment only).
    pub config_found: bool,
    pub environments: Vec<EnvironmentSettings>,
}

/// Where every source of one environment is, and how to authenticate.
#[derive(Debug, Default)]
pub struct EnvironmentSettings {
    /// The config environment's name; `None` when no config file environment applies.
    pub name: Option<String>,
    pub prometheus: Option<PrometheusSettings>,
    pub postgres: Vec<PostgresSettings>,
    pub kubernetes: Option<KubernetesSettings>,
    pub tls: Vec<TlsTarget>,
    pub services: Vec<ServiceSettings>,
}

impl EnvironmentSettings {
    pub fn display_name(&self) -> &str {
        self.name.as_deref().unwrap_or("(none)")
    }
}

#[derive(Debug)]
pub struct PrometheusSettings {
    /// The base URL, never with credentials in it (those move to `auth`).
    pub url: Url,
    pub origin: Origin,
    pub headers: Vec<(String, String)>,
    pub auth: HttpAuth,
    pub ca_file: Option<PathBuf>,
    pub insecure_skip_verify: bool,
    /// How triage queries this server; analysis settings, not credentials.
    pub query: PrometheusQuerySettings,
}

/// How signals are chosen and how hard the server may be asked.
#[derive(Debug, Clone, PartialEq)]
pub struct PrometheusQuerySettings {
    pub max_concurrency: usize,
    pub rate_interval: std::time::Duration,
    pub service_label: Option<String>,
    pub client_labels: Vec<String>,
    pub signals: crate::signals::SignalOverrides,
}

impl Default for PrometheusQuerySettings {
    fn default() -> Self {
        PrometheusQuerySettings {
            max_concurrency: crate::sources::prometheus::client::DEFAULT_CONCURRENCY,
            rate_interval: std::time::Duration::from_secs(300),
            service_label: None,
            client_labels: crate::signals::catalog::DEFAULT_CLIENT_LABELS
                .iter()
                .map(|label| label.to_string())
                .collect(),
            signals: Default::default(),
        }
    }
}

/// HTTP authentication; `from` says where the secret was read, for display.
#[derive(Debug)]
pub enum HttpAuth {
    None,
    Bearer {
        token: Secret,
        from: String,
    },
    Basic {
        username: String,
        password: Option<Secret>,
        from: String,
    },
}

impl fmt::Display for HttpAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HttpAuth::None => f.write_str("none"),
            HttpAuth::Bearer { from, .. } => write!(f, "bearer token from {from}"),
            HttpAuth::Basic { username, from, .. } => {
                write!(f, "basic auth as {username}, password from {from}")
            }
        }
    }
}

pub use super::postgres::PostgresSettings;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KubeconfigLocation {
    /// `--kubeconfig` or the config file's `kubeconfig`.
    File(PathBuf),
    /// `$KUBECONFIG`, possibly several files joined by `:`, merged as kubectl does.
    EnvVar(String),
    /// `~/.kube/config`.
    DefaultFile(PathBuf),
    /// The pod's service account.
    InCluster,
}

impl fmt::Display for KubeconfigLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KubeconfigLocation::File(path) | KubeconfigLocation::DefaultFile(path) => {
                write!(f, "{}", path.display())
            }
            KubeconfigLocation::EnvVar(value) => write!(f, "$KUBECONFIG ({value})"),
            KubeconfigLocation::InCluster => f.write_str("in-cluster service account"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NamespaceScope {
    /// The context's namespace (or `default`), as kubectl does.
    ContextDefault,
    Named(Vec<String>),
    All,
}

#[derive(Debug)]
pub struct KubernetesSettings {
    pub kubeconfig: KubeconfigLocation,
    pub context: Option<String>,
    pub namespaces: NamespaceScope,
    pub origin: Origin,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TlsTarget {
    /// How the endpoint is called in reports and `depends_on` (the host unless named).
    pub name: String,
    pub host: String,
    pub port: u16,
    /// Server name sent in the handshake.
    pub sni: String,
    /// Address to connect to instead of resolving `host`.
    pub connect_to: Option<String>,
    pub starttls: Option<StartTls>,
    pub origin: Origin,
}

impl TlsTarget {
    pub fn address(&self) -> String {
        let host = self.connect_to.as_deref().unwrap_or(&self.host);
        if host.contains(':') {
            format!("[{host}]:{}", self.port)
        } else {
            format!("{host}:{}", self.port)
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServiceSettings {
    pub name: String,
    pub labels: Vec<(String, String)>,
    pub depends_on: Vec<String>,
}

/// Where the config file is, and what named it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigLocation {
    pub path: PathBuf,
    /// `Some("--config")` or `Some("$TRIAGE_CONFIG")` when named explicitly
    /// (the file must then exist); `None` for the default location.
    pub named_by: Option<&'static str>,
}

/// The config file: `--config`, else `$TRIAGE_CONFIG`, else
/// `$XDG_CONFIG_HOME/triage/config.toml` or `~/.config/triage/config.toml`.
/// `None` when there is no explicit file and no home to look in.
pub fn config_location(flag: Option<&Path>, env: EnvLookup) -> Option<ConfigLocation> {
    if let Some(path) = flag {
        return Some(ConfigLocation {
            path: path.to_path_buf(),
            named_by: Some("--config"),
        });
    }
    if let Some(path) = env("TRIAGE_CONFIG") {
        return Some(ConfigLocation {
            path: path.into(),
            named_by: Some("$TRIAGE_CONFIG"),
        });
    }
    let base = env("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .filter(|path| path.is_absolute())
        .or_else(|| env("HOME").map(|home| PathBuf::from(home).join(".config")))?;
    Some(ConfigLocation {
        path: base.join("triage").join("config.toml"),
        named_by: None,
    })
}

/// Reads and parses the config file. `Ok(None)` when the default file does not exist.
pub fn load_file(
    location: &ConfigLocation,
    env: EnvLookup,
) -> Result<Option<ConfigFile>, ConfigError> {
    let path = location.path.as_path();
    let text = match crate::file_limits::read_to_string(path, crate::file_limits::CONFIG) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            return match location.named_by {
                None => Ok(None),
                Some(named_by) => Err(ConfigError::FileNotFound {
                    path: path.to_path_buf(),
                    named_by,
                }),
            };
        }
        Err(source) => {
            return Err(ConfigError::Unreadable {
                path: path.to_path_buf(),
                source,
            });
        }
    };
    let mut config = file::parse(path, &text)?;
    let config_dir = std::path::absolute(path)
        .ok()
        .and_then(|absolute| absolute.parent().map(Path::to_path_buf))
        .unwrap_or_default();
    config.resolve_paths(&config_dir, env("HOME").as_deref().map(Path::new));
    Ok(Some(config))
}

/// Everything a command needs to resolve its settings.
pub struct Inputs<'a> {
    pub config: Option<&'a Path>,
    pub environment: Option<&'a str>,
    pub sources: &'a SourceArgs,
    pub scope: EnvironmentScope,
    pub env: EnvLookup<'a>,
}

/// Loads the config file and resolves the environments in scope.
pub fn resolve(inputs: &Inputs) -> Result<Settings, ConfigError> {
    let location = config_location(inputs.config, inputs.env);
    let file = match &location {
        Some(location) => load_file(location, inputs.env)?,
        None => None,
    };
    let config_found = file.is_some();
    let file = file.unwrap_or_default();
    let config_path = location.map(|location| location.path);
    let resolver = Resolver {
        path: if config_found {
            config_path.as_deref()
        } else {
            None
        },
        env: inputs.env,
    };

    if let Some(default_env) = &file.default_env {
        if !file.environments.contains_key(default_env) {
            return Err(resolver.invalid("default_env", format!(
                "names environment '{default_env}', which is not defined (add [env.{default_env}])"
            )));
        }
    }

    tracing::info!(
        "config file {} ({})",
        describe_config_path(config_path.as_deref()),
        if config_found { "loaded" } else { "not found" }
    );
    let environment = inputs
        .environment
        .map(str::to_string)
        .or_else(|| (inputs.env)("TRIAGE_ENV"));
    let path = config_path.clone().unwrap_or_default();
    let names = choose_environments(
        &file,
        &path,
        config_found,
        environment.as_deref(),
        inputs.scope,
    )?;
    let environments = if names.is_empty() {
        vec![resolver.environment(None, &EnvironmentConfig::default(), inputs.sources)?]
    } else {
        names
            .iter()
            .map(|name| resolver.environment(Some(name), &file.environments[name], inputs.sources))
            .collect::<Result<_, _>>()?
    };
    Ok(Settings {
        config_path,
        config_found,
        environments,
    })
}

fn choose_environments(
    file: &ConfigFile,
    path: &Path,
    config_found: bool,
    environment: Option<&str>,
    scope: EnvironmentScope,
) -> Result<Vec<String>, ConfigError> {
    let available: Vec<String> = file.environments.keys().cloned().collect();
    if let Some(name) = environment {
        if !config_found {
            return Err(ConfigError::NoConfigFile {
                name: name.into(),
                path: path.into(),
            });
        }
        if !file.environments.contains_key(name) {
            return Err(ConfigError::UnknownEnvironment {
                name: name.into(),
                path: path.into(),
                available,
            });
        }
        return Ok(vec![name.to_string()]);
    }
    match scope {
        EnvironmentScope::AllUnlessNamed => Ok(available),
        EnvironmentScope::Selected => match (&file.default_env, available.len()) {
            (Some(name), _) => Ok(vec![name.clone()]),
            (None, 0 | 1) => Ok(available),
            (None, _) => Err(ConfigError::AmbiguousEnvironment {
                path: path.into(),
                available,
            }),
        },
    }
}

struct Resolver<'a> {
    path: Option<&'a Path>,
    env: EnvLookup<'a>,
}

impl Resolver<'_> {
    fn invalid(&self, key: impl Into<String>, message: impl Into<String>) -> ConfigError {
        ConfigError::Invalid {
            path: self.path.map(Path::to_path_buf),
            key: key.into(),
            message: message.into(),
        }
    }

    fn environment(
        &self,
        name: Option<&str>,
        config: &EnvironmentConfig,
        flags: &SourceArgs,
    ) -> Result<EnvironmentSettings, ConfigError> {
        let key = |rest: &str| match name {
            Some(name) => format!("env.{name}.{rest}"),
            None => rest.to_string(),
        };
        let prometheus = self.prometheus(config.prometheus.as_ref(), flags, &key("prometheus"))?;
        let postgres = self.postgres(&config.postgres, flags, &key("postgres"))?;
        let kubernetes = self.kubernetes(
            config.kubernetes.as_ref(),
            name.is_some(),
            flags,
            &key("kubernetes"),
        )?;
        let tls = self.tls(&config.tls, flags, &key("tls"))?;
        let services = self.services(config, &key("services"))?;
        Ok(EnvironmentSettings {
            name: name.map(str::to_string),
            prometheus,
            postgres,
            kubernetes,
            tls,
            services,
        })
    }

    fn prometheus(
        &self,
        config: Option<&file::PrometheusConfig>,
        flags: &SourceArgs,
        key: &str,
    ) -> Result<Option<PrometheusSettings>, ConfigError> {
        let mut configured = match config {
            Some(config) => Some(self.prometheus_from_file(config, key)?),
            None => None,
        };
        if flags.insecure_skip_verify {
            if let Some(configured) = &mut configured {
                configured.insecure_skip_verify = true;
            }
        }
        let (text, origin, name) = if let Some(url) = &flags.prometheus {
            (url.clone(), Origin::Flag, "--prometheus")
        } else if let Some(url) = (self.env)("PROMETHEUS_URL") {
            (url, Origin::EnvVar("PROMETHEUS_URL"), "PROMETHEUS_URL")
        } else {
            return Ok(configured);
        };
        let (url, auth) =
            parse_http_url(&text, true).map_err(|message| self.invalid(name, message))?;
        // Credentials configured for one server are never sent to another;
        // how to query (signals, concurrency) is not a secret and carries over.
        let settings = match configured {
            Some(configured)
                if same_origin(&configured.url, &url) && matches!(auth, HttpAuth::None) =>
            {
                PrometheusSettings {
                    url,
                    origin,
                    ..configured
                }
            }
            configured => PrometheusSettings {
                url,
                origin,
                headers: Vec::new(),
                auth,
                ca_file: None,
                insecure_skip_verify: flags.insecure_skip_verify,
                query: configured.map(|c| c.query).unwrap_or_default(),
            },
        };
        Ok(Some(settings))
    }

    /// `[prometheus]`'s query settings, validated.
    fn prometheus_query(
        &self,
        config: &file::PrometheusConfig,
        key: &str,
    ) -> Result<PrometheusQuerySettings, ConfigError> {
        let mut query = PrometheusQuerySettings::default();
        if let Some(max) = config.max_concurrency {
            if !(1..=64).contains(&max) {
                return Err(
                    self.invalid(format!("{key}.max_concurrency"), "must be between 1 and 64")
                );
            }
            query.max_concurrency = max;
        }
        if let Some(text) = &config.rate_interval {
            query.rate_interval = crate::time_arg::parse_duration(text)
                .map_err(|message| self.invalid(format!("{key}.rate_interval"), message))?;
        }
        query.service_label = config.service_label.clone();
        if let Some(labels) = &config.client_labels {
            query.client_labels = labels.clone();
        }
        for (id, promql) in &config.signals {
            let signal = crate::signals::Signal::from_id(id).ok_or_else(|| {
                let ids: Vec<&str> = crate::signals::Signal::ALL.iter().map(|s| s.id()).collect();
                self.invalid(
                    format!("{key}.signals.{id}"),
                    format!("is not a signal; known signals: {}", ids.join(", ")),
                )
            })?;
            if promql.trim().is_empty() {
                return Err(self.invalid(format!("{key}.signals.{id}"), "is empty"));
            }
            query.signals.insert(signal, promql.clone());
        }
        Ok(query)
    }

    fn prometheus_from_file(
        &self,
        config: &file::PrometheusConfig,
        key: &str,
    ) -> Result<PrometheusSettings, ConfigError> {
        let (url, _) = parse_http_url(&config.url, false)
            .map_err(|message| self.invalid(format!("{key}.url"), message))?;
        for (name, value) in &config.headers {
            let lower = name.to_ascii_lowercase();
            if lower == "authorization" || lower == "cookie" || lower == "proxy-authorization" {
                return Err(self.invalid(
                    format!("{key}.headers.{name}"),
                    "credentials do not belong in plain headers: use bearer_token_file, bearer_token_env or basic_auth",
                ));
            }
            if reqwest::header::HeaderName::from_bytes(name.as_bytes()).is_err()
                || reqwest::header::HeaderValue::from_str(value).is_err()
            {
                return Err(
                    self.invalid(format!("{key}.headers.{name}"), "not a valid HTTP header")
                );
            }
        }
        let bearer = SecretSource::from_pair(
            config.bearer_token_file.as_ref(),
            config.bearer_token_env.as_ref(),
        )
        .map_err(|message| self.invalid(format!("{key}.bearer_token_file"), message))?;
        let auth = match (bearer, &config.basic_auth) {
            (Some(_), Some(_)) => {
                return Err(self.invalid(key, "give either a bearer token or basic_auth, not both"));
            }
            (Some(source), None) => HttpAuth::Bearer {
                token: source
                    .load(self.env)
                    .map_err(|message| self.invalid(format!("{key}.bearer_token"), message))?,
                from: source.to_string(),
            },
            (None, Some(basic)) => {
                let source = SecretSource::from_pair(
                    basic.password_file.as_ref(),
                    basic.password_env.as_ref(),
                )
                .map_err(|message| {
                    self.invalid(format!("{key}.basic_auth.password_file"), message)
                })?
                .ok_or_else(|| {
                    self.invalid(
                        format!("{key}.basic_auth"),
                        "needs password_file or password_env",
                    )
                })?;
                HttpAuth::Basic {
                    username: basic.username.clone(),
                    password: Some(source.load(self.env).map_err(|message| {
                        self.invalid(format!("{key}.basic_auth.password"), message)
                    })?),
                    from: source.to_string(),
                }
            }
            (None, None) => HttpAuth::None,
        };
        if let Some(ca_file) = &config.ca_file {
            if let Err(err) = std::fs::metadata(ca_file) {
                return Err(self.invalid(
                    format!("{key}.ca_file"),
                    format!("cannot read {}: {err}", ca_file.display()),
                ));
            }
        }
        Ok(PrometheusSettings {
            url,
            origin: Origin::ConfigFile,
            headers: config
                .headers
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            auth,
            ca_file: config.ca_file.clone(),
            insecure_skip_verify: config.insecure_skip_verify,
            query: self.prometheus_query(config, key)?,
        })
    }

    fn postgres(
        &self,
        configs: &[file::PostgresConfig],
        flags: &SourceArgs,
        key: &str,
    ) -> Result<Vec<PostgresSettings>, ConfigError> {
        if !flags.postgres.is_empty() {
            return flags
                .postgres
                .iter()
                .map(|dsn| {
                    super::postgres::from_flag(dsn, self.env)
                        .map_err(|message| self.invalid("--postgres", message))
                })
                .collect();
        }
        let mut names = BTreeSet::new();
        configs
            .iter()
            .enumerate()
            .map(|(index, entry)| {
                let key = format!("{key}[{index}]");
                if entry.name.trim().is_empty() || !names.insert(entry.name.as_str()) {
                    return Err(self.invalid(
                        format!("{key}.name"),
                        format!("'{}' must be non-empty and unique", entry.name),
                    ));
                }
                super::postgres::from_config(entry, self.env)
                    .map_err(|(field, message)| self.invalid(format!("{key}.{field}"), message))
            })
            .collect()
    }

    fn kubernetes(
        &self,
        config: Option<&file::KubernetesConfig>,
        in_config_environment: bool,
        flags: &SourceArgs,
        key: &str,
    ) -> Result<Option<KubernetesSettings>, ConfigError> {
        if let Some(config) = config {
            if config.all_namespaces && !config.namespaces.is_empty() {
                return Err(self.invalid(key, "give namespaces or all_namespaces = true, not both"));
            }
        }
        let flag_given = flags.kube.kubeconfig.is_some()
            || flags.kube.context.is_some()
            || !flags.kube.namespaces.is_empty()
            || flags.kube.all_namespaces;
        // A config environment without [kubernetes] doesn't use Kubernetes: the
        // ambient $KUBECONFIG or current-context may well be another cluster.
        if in_config_environment && config.is_none() && !flag_given {
            return Ok(None);
        }
        let (kubeconfig, origin) = if let Some(path) = &flags.kube.kubeconfig {
            (KubeconfigLocation::File(path.clone()), Origin::Flag)
        } else if let Some(value) = (self.env)("KUBECONFIG") {
            (
                KubeconfigLocation::EnvVar(value),
                Origin::EnvVar("KUBECONFIG"),
            )
        } else if let Some(path) = config.and_then(|c| c.kubeconfig.as_ref()) {
            (KubeconfigLocation::File(path.clone()), Origin::ConfigFile)
        } else if let Some(path) = (self.env)("HOME")
            .map(|home| Path::new(&home).join(".kube/config"))
            .filter(|p| p.exists())
        {
            (KubeconfigLocation::DefaultFile(path), Origin::Default)
        } else if (self.env)("KUBERNETES_SERVICE_HOST").is_some() {
            (KubeconfigLocation::InCluster, Origin::Default)
        } else if flag_given || config.is_some() {
            return Err(self.invalid(
                key,
                "Kubernetes is asked for, but there is no kubeconfig: give --kubeconfig, set KUBECONFIG or create ~/.kube/config",
            ));
        } else {
            return Ok(None);
        };
        if let KubeconfigLocation::File(path) = &kubeconfig {
            if let Err(err) = std::fs::metadata(path) {
                let name = if origin == Origin::Flag {
                    "--kubeconfig".to_string()
                } else {
                    format!("{key}.kubeconfig")
                };
                return Err(self.invalid(name, format!("cannot read {}: {err}", path.display())));
            }
        }
        let namespaces = if flags.kube.all_namespaces {
            NamespaceScope::All
        } else if !flags.kube.namespaces.is_empty() {
            NamespaceScope::Named(flags.kube.namespaces.clone())
        } else {
            match config {
                Some(config) if config.all_namespaces => NamespaceScope::All,
                Some(config) if !config.namespaces.is_empty() => {
                    NamespaceScope::Named(config.namespaces.clone())
                }
                _ => NamespaceScope::ContextDefault,
            }
        };
        Ok(Some(KubernetesSettings {
            kubeconfig,
            context: flags
                .kube
                .context
                .clone()
                .or_else(|| config.and_then(|c| c.context.clone())),
            namespaces,
            origin,
        }))
    }

    fn tls(
        &self,
        configs: &[file::TlsTargetConfig],
        flags: &SourceArgs,
        key: &str,
    ) -> Result<Vec<TlsTarget>, ConfigError> {
        if !flags.tls.is_empty() {
            return flags
                .tls
                .iter()
                .map(|target| {
                    let (host, port) = parse_host_port(target)
                        .map_err(|message| self.invalid("--tls", message))?;
                    Ok(TlsTarget {
                        name: host.clone(),
                        sni: host.clone(),
                        host,
                        port,
                        connect_to: None,
                        starttls: None,
                        origin: Origin::Flag,
                    })
                })
                .collect();
        }
        let mut names = BTreeSet::new();
        configs
            .iter()
            .enumerate()
            .map(|(index, entry)| {
                let key = format!("{key}[{index}]");
                let (host, port) = parse_host_port(&entry.target)
                    .map_err(|message| self.invalid(format!("{key}.target"), message))?;
                let name = entry.name.clone().unwrap_or_else(|| host.clone());
                if !names.insert(name.clone()) {
                    return Err(self.invalid(
                        format!("{key}.name"),
                        format!("'{name}' is used twice; give each endpoint a unique name"),
                    ));
                }
                if let Some(sni) = &entry.sni {
                    rustls::pki_types::ServerName::try_from(sni.as_str()).map_err(|_| {
                        self.invalid(format!("{key}.sni"), format!("'{sni}' is not a valid TLS server name"))
                    })?;
                }
                if let Some(address) = &entry.connect_to {
                    if address.parse::<std::net::IpAddr>().is_err() && parse_host_port(address) != Ok((address.clone(), 443)) {
                        return Err(self.invalid(
                            format!("{key}.connect_to"),
                            format!("'{address}' must be an address or host name without a port (the port comes from target)"),
                        ));
                    }
                }
                Ok(TlsTarget {
                    name,
                    sni: entry.sni.clone().unwrap_or_else(|| host.clone()),
                    host,
                    port,
                    connect_to: entry.connect_to.clone(),
                    starttls: entry.starttls,
                    origin: Origin::ConfigFile,
                })
            })
            .collect()
    }

    /// The service map. `depends_on` is checked against the config file's own
    /// names, so `--postgres`/`--tls` on the command line don't break a valid file.
    fn services(
        &self,
        config: &EnvironmentConfig,
        key: &str,
    ) -> Result<Vec<ServiceSettings>, ConfigError> {
        let tls_names: Vec<String> = config
            .tls
            .iter()
            .map(|entry| {
                entry.name.clone().unwrap_or_else(|| {
                    parse_host_port(&entry.target)
                        .map(|(host, _)| host)
                        .unwrap_or_default()
                })
            })
            .collect();
        let known: BTreeSet<&str> = config
            .services
            .keys()
            .map(String::as_str)
            .chain(config.postgres.iter().map(|db| db.name.as_str()))
            .chain(tls_names.iter().map(String::as_str))
            .collect();
        config
            .services
            .iter()
            .map(|(name, service)| {
                for dependency in &service.depends_on {
                    if dependency == name {
                        return Err(self.invalid(format!("{key}.{name}.depends_on"), "a service cannot depend on itself"));
                    }
                    if !known.contains(dependency.as_str()) {
                        return Err(self.invalid(
                            format!("{key}.{name}.depends_on"),
                            format!(
                                "'{dependency}' is not a service, database or TLS endpoint of this environment (known: {})",
                                known.iter().copied().collect::<Vec<_>>().join(", ")
                            ),
                        ));
                    }
                }
                Ok(ServiceSettings {
                    name: name.clone(),
                    labels: service.labels.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
                    depends_on: service.depends_on.clone(),
                })
            })
            .collect()
    }
}

/// The config path for messages.
pub fn describe_config_path(path: Option<&Path>) -> String {
    match path {
        Some(path) => path.display().to_string(),
        None => "(none: neither $HOME nor $XDG_CONFIG_HOME is set)".into(),
    }
}

/// Parses an http(s) base URL. Credentials in it are only accepted from the
/// command line or environment (`allow_credentials`); they move into `HttpAuth`
/// so the URL can be printed safely.
fn parse_http_url(text: &str, allow_credentials: bool) -> Result<(Url, HttpAuth), String> {
    let mut url = Url::parse(text.trim()).map_err(|err| {
        format!(
            "'{}' is not a URL ({err}): expected http(s)://host:port",
            redact_userinfo(text)
        )
    })?;
    if url.scheme() != "http" && url.scheme() != "https" {
        return Err(format!(
            "'{}' must start with http:// or https://",
            redact_url(&url)
        ));
    }
    // API paths are appended to the base URL; a query string would end up in
    // the middle of them (and tokens in query strings end up in logs).
    if url.query().is_some() || url.fragment().is_some() {
        return Err(
            "must not have a query string or fragment: give the base URL, and credentials through bearer_token_file or basic_auth".into(),
        );
    }
    let auth = if url.password().is_some() || !url.username().is_empty() {
        if !allow_credentials {
            return Err(format!(
                "'{}' has credentials in it: move them to bearer_token_file or basic_auth",
                redact_url(&url)
            ));
        }
        let username = url.username().to_string();
        let password = url.password().map(Secret::new);
        let _ = url.set_username("");
        let _ = url.set_password(None);
        HttpAuth::Basic {
            username,
            password,
            from: "the URL".into(),
        }
    } else {
        HttpAuth::None
    };
    Ok((url, auth))
}

fn same_origin(a: &Url, b: &Url) -> bool {
    a.scheme() == b.scheme()
        && a.host_str() == b.host_str()
        && a.port_or_known_default() == b.port_or_known_default()
}

/// Text that failed to parse as a URL, with anything that may be credentials
/// (between `://` and the last `@` of the authority) replaced by `***`.
fn redact_userinfo(text: &str) -> String {
    let Some((scheme, rest)) = text.split_once("://") else {
        return text.to_string();
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{scheme}://***{}", &rest[at..]),
        None => text.to_string(),
    }
}

/// A URL with any password replaced by `***`, for messages.
pub fn redact_url(url: &Url) -> String {
    let mut url = url.clone();
    if url.password().is_some() {
        let _ = url.set_password(Some("***"));
    }
    url.to_string()
}

/// `host:port`, `[v6]:port`, or a bare host (port 443).
///
/// ```
/// use triage::config::settings::parse_host_port;
///
/// assert_eq!(parse_host_port("api.example.com"), Ok(("api.example.com".to_string(), 443)));
/// assert_eq!(parse_host_port("[::1]:8443"), Ok(("::1".to_string(), 8443)));
/// assert!(parse_host_port("api.example.com:https").is_err());
/// ```
pub fn parse_host_port(text: &str) -> Result<(String, u16), String> {
    let text = text.trim();
    let bad = || format!("'{text}' is not host:port (for example api.example.com:443)");
    let (host, port) = if let Some(rest) = text.strip_prefix('[') {
        let (host, after) = rest.split_once(']').ok_or_else(bad)?;
        (host, after.strip_prefix(':'))
    } else {
        match text.rsplit_once(':') {
            Some((host, port)) if !host.contains(':') => (host, Some(port)),
            Some(_) => return Err(bad()),
            None => (text, None),
        }
    };
    if host.is_empty() || host.contains(char::is_whitespace) || host.contains('/') {
        return Err(bad());
    }
    let port = match port {
        Some(port) => port
            .parse::<u16>()
            .ok()
            .filter(|&p| p != 0)
            .ok_or_else(bad)?,
        None => 443,
    };
    Ok((host.to_string(), port))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn write_config(text: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, text).unwrap();
        (dir, path)
    }

    fn resolve_with(
        path: &Path,
        flags: &SourceArgs,
        env: &HashMap<&str, String>,
    ) -> Result<Settings, ConfigError> {
        let lookup = |name: &str| env.get(name).cloned();
        resolve(&Inputs {
            config: Some(path),
            environment: None,
            sources: flags,
            scope: EnvironmentScope::Selected,
            env: &lookup,
        })
    }

    const TWO_ENVS: &str = r#"
default_env = "prod"
[env.prod.prometheus]
url = "https://prom.prod.example"
headers = { "X-Scope-OrgID" = "prod" }
[env.staging.prometheus]
url = "https://prom.staging.example"
"#;

    #[test]
    fn flags_beat_environment_beat_file() {
        let (_dir, path) = write_config(TWO_ENVS);
        let mut env = HashMap::new();
        let from_file = resolve_with(&path, &SourceArgs::default(), &env).unwrap();
        let prometheus = from_file.environments[0].prometheus.as_ref().unwrap();
        assert_eq!(
            (prometheus.url.as_str(), prometheus.origin),
            ("https://prom.prod.example/", Origin::ConfigFile)
        );

        env.insert("PROMETHEUS_URL", "http://from-env:9090".to_string());
        let from_env = resolve_with(&path, &SourceArgs::default(), &env).unwrap();
        let prometheus = from_env.environments[0].prometheus.as_ref().unwrap();
        assert_eq!(prometheus.origin, Origin::EnvVar("PROMETHEUS_URL"));
        assert!(
            prometheus.headers.is_empty(),
            "another server gets none of the configured headers or credentials"
        );

        let flags = SourceArgs {
            prometheus: Some("http://from-flag:9090".into()),
            ..Default::default()
        };
        let from_flag = resolve_with(&path, &flags, &env).unwrap();
        assert_eq!(
            from_flag.environments[0]
                .prometheus
                .as_ref()
                .unwrap()
                .origin,
            Origin::Flag
        );
    }

    #[test]
    fn overriding_with_the_same_server_keeps_its_auth_and_headers() {
        let (_dir, path) = write_config(TWO_ENVS);
        let flags = SourceArgs {
            prometheus: Some("https://prom.prod.example:443/".into()),
            ..Default::default()
        };
        let settings = resolve_with(&path, &flags, &HashMap::new()).unwrap();
        assert_eq!(
            settings.environments[0]
                .prometheus
                .as_ref()
                .unwrap()
                .headers
                .len(),
            1
        );
    }

    #[test]
    fn passwords_in_the_config_file_are_refused() {
        let (_dir, path) = write_config(
            "[[env.prod.postgres]]\nname = \"orders\"\ndsn = \"postgres://app:hunter2@db/orders\"\n",
        );
        let err = resolve_with(&path, &SourceArgs::default(), &HashMap::new())
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("env.prod.postgres[0].dsn: contains a password"),
            "{err}"
        );
        assert!(!err.contains("hunter2"), "{err}");
    }

    #[test]
    fn credentials_in_a_flag_url_move_into_auth() {
        let (_dir, path) = write_config("");
        let flags = SourceArgs {
            prometheus: Some("https://triage:canary@prom:9090".into()),
            ..Default::default()
        };
        let settings = resolve_with(&path, &flags, &HashMap::new()).unwrap();
        let prometheus = settings.environments[0].prometheus.as_ref().unwrap();
        assert_eq!(prometheus.url.as_str(), "https://prom:9090/");
        assert!(
            matches!(prometheus.auth, HttpAuth::Basic { ref username, .. } if username == "triage")
        );
        assert!(!format!("{settings:?}").contains("canary"));
    }

    #[test]
    fn debug_of_settings_never_shows_a_loaded_password() {
        let (dir, path) = write_config(
            "[[env.prod.postgres]]\nname = \"orders\"\ndsn = \"host=db user=app\"\npassword_file = \"pw\"\n",
        );
        std::fs::write(dir.path().join("pw"), "canary-pg-password\n").unwrap();
        let settings = resolve_with(&path, &SourceArgs::default(), &HashMap::new()).unwrap();
        let database = &settings.environments[0].postgres[0];
        assert_eq!(
            database.conninfo.password.as_ref().map(|p| p.expose()),
            Some("canary-pg-password")
        );
        assert!(!format!("{settings:?}").contains("canary-pg-password"));
        assert!(!database.redacted_dsn().contains("canary-pg-password"));
    }

    #[test]
    fn dependencies_must_name_something_known() {
        let (_dir, path) = write_config(
            "[env.prod.services.api]\ndepends_on = [\"ordrs\"]\n[[env.prod.postgres]]\nname = \"orders\"\ndsn = \"host=db\"\n",
        );
        let err = resolve_with(&path, &SourceArgs::default(), &HashMap::new())
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("'ordrs' is not a service, database or TLS endpoint"),
            "{err}"
        );
        assert!(err.contains("known: api, orders"), "{err}");
    }

    #[test]
    fn several_environments_without_a_default_need_env() {
        let (_dir, path) = write_config("[env.a]\n[env.b]\n");
        let err = resolve_with(&path, &SourceArgs::default(), &HashMap::new())
            .unwrap_err()
            .to_string();
        assert!(err.contains("choose one with --env"), "{err}");
    }

    #[test]
    fn host_port_forms() {
        assert_eq!(
            parse_host_port("api.example.com:8443"),
            Ok(("api.example.com".into(), 8443))
        );
        assert_eq!(
            parse_host_port("api.example.com"),
            Ok(("api.example.com".into(), 443))
        );
        assert_eq!(parse_host_port("[::1]:443"), Ok(("::1".into(), 443)));
        assert!(parse_host_port("api:0").is_err());
        assert!(parse_host_port("api:https").is_err());
        assert!(parse_host_port("::1:443").is_err());
    }

    #[test]
    fn unparsable_urls_are_quoted_without_credentials() {
        let err = parse_http_url("http://oncall:canary-pw@prom:99999", true)
            .err()
            .unwrap();
        assert!(!err.contains("canary-pw"), "{err}");
        assert!(err.contains("http://***@prom:99999"), "{err}");
    }

    #[test]
    fn dsn_errors_name_the_option() {
        let (_dir, path) = write_config(
            "[[env.p.postgres]]\nname = \"db\"\ndsn = \"host=db sslmode=verify-most\"\n",
        );
        let err = resolve_with(&path, &SourceArgs::default(), &HashMap::new())
            .unwrap_err()
            .to_string();
        assert!(err.contains("sslmode"), "{err}");
    }

    #[test]
    fn connect_to_takes_no_port() {
        let (_dir, path) = write_config(
            "[[env.p.tls]]\ntarget = \"api.example:443\"\nconnect_to = \"10.0.0.1:8443\"\n",
        );
        let err = resolve_with(&path, &SourceArgs::default(), &HashMap::new())
            .unwrap_err()
            .to_string();
        assert!(err.contains("env.p.tls[0].connect_to"), "{err}");
    }
}
