//! Kubernetes through kube-rs, with the kubeconfig resolved exactly as kubectl
//! resolves it. Only get and list are ever sent.

pub mod collect;
pub mod redact;
pub mod snapshot;

use crate::config::settings::{KubeconfigLocation, KubernetesSettings, NamespaceScope};
use k8s_openapi::api::core::v1::Pod;
use kube::api::{Api, ListParams};
use kube::config::{KubeConfigOptions, Kubeconfig};
use std::time::Duration;

/// Where the API server is and how to authenticate, read from the kubeconfig
/// without contacting anything (exec credential plugins run only on connect).
pub struct Target {
    pub config: kube::Config,
    /// How the client authenticates (never the credential itself).
    pub auth: String,
    pub context: Option<String>,
}

impl Target {
    /// The API server URL.
    pub fn server(&self) -> String {
        self.config.cluster_url.to_string()
    }
}

/// Loads the kubeconfig (or the in-cluster service account), as kubectl would.
pub async fn load(settings: &KubernetesSettings) -> Result<Target, String> {
    let kubeconfig = match &settings.kubeconfig {
        KubeconfigLocation::InCluster => None,
        KubeconfigLocation::File(path) | KubeconfigLocation::DefaultFile(path) => {
            Some(read_kubeconfig(path)?)
        }
        KubeconfigLocation::EnvVar(value) => Some(read_kubeconfig_list(value)?),
    };
    match kubeconfig {
        None => Ok(Target {
            config: kube::Config::incluster()
                .map_err(|err| format!("cannot use the in-cluster service account: {err}"))?,
            auth: "service account token".into(),
            context: None,
        }),
        Some(kubeconfig) => {
            if let Some(wanted) = &settings.context {
                if !kubeconfig.contexts.iter().any(|c| &c.name == wanted) {
                    let known: Vec<&str> = kubeconfig
                        .contexts
                        .iter()
                        .map(|c| c.name.as_str())
                        .collect();
                    return Err(format!(
                        "no context {wanted} in the kubeconfig; its contexts: {} (kubectl config get-contexts)",
                        if known.is_empty() {
                            "none".into()
                        } else {
                            known.join(", ")
                        }
                    ));
                }
            }
            let context = settings
                .context
                .clone()
                .or_else(|| kubeconfig.current_context.clone());
            let auth = describe_auth(&kubeconfig, context.as_deref());
            let options = KubeConfigOptions {
                context: settings.context.clone(),
                cluster: None,
                user: None,
            };
            let config = kube::Config::from_custom_kubeconfig(kubeconfig, &options)
                .await
                .map_err(|err| format!("kubeconfig: {err}"))?;
            Ok(Target {
                config,
                auth,
                context,
            })
        }
    }
}

/// One kubeconfig file, as kubectl reads it (relative paths in it are relative to it).
fn read_kubeconfig(path: &std::path::Path) -> Result<Kubeconfig, String> {
    let cannot = |why: String| format!("cannot read kubeconfig {}: {why}", path.display());
    crate::file_limits::check(path, crate::file_limits::CONFIG)
        .map_err(|err| cannot(err.to_string()))?;
    Kubeconfig::read_from(path).map_err(|err| cannot(first_line(&err)))
}

/// `$KUBECONFIG` as kubectl reads it: every file of the list that exists,
/// merged in order (the first to set a value wins); missing files are skipped.
fn read_kubeconfig_list(value: &str) -> Result<Kubeconfig, String> {
    let mut merged: Option<Kubeconfig> = None;
    for path in std::env::split_paths(value).filter(|path| path.is_file()) {
        let next = read_kubeconfig(&path)?;
        merged = Some(match merged {
            None => next,
            Some(merged) => merged
                .merge(next)
                .map_err(|err| format!("cannot merge $KUBECONFIG: {}", first_line(&err)))?,
        });
    }
    merged.ok_or_else(|| format!("$KUBECONFIG ({value}) names no file that exists"))
}

/// The first line of a parse error, with anything quoted left out: a YAML
/// parser's later lines quote the file, and a quoted value can be a token.
fn first_line(err: &dyn std::fmt::Display) -> String {
    let line = err
        .to_string()
        .lines()
        .next()
        .unwrap_or_default()
        .to_string();
    let mut shown = String::new();
    let mut quoted = false;
    for c in line.chars() {
        if c == '"' || c == '`' {
            if !quoted {
                shown.push_str("\"…\"");
            }
            quoted = !quoted;
        } else if !quoted {
            shown.push(c);
        }
    }
    shown
}

/// Builds a client. This is where an exec credential plugin runs, and kube runs
/// it synchronously, so it runs on the blocking pool under the timeout: a
/// plugin waiting for a browser login must not hang an incident tool.
pub async fn client(target: &Target, timeout: Duration) -> Result<kube::Client, String> {
    let mut config = target.config.clone();
    config.connect_timeout = Some(timeout);
    config.read_timeout = Some(timeout);
    // kube retries 429/503/504 up to 15 times by default: a struggling API
    // server must not get a retry storm from an incident tool.
    config.default_retry = false;
    let building = tokio::task::spawn_blocking(move || kube::Client::try_from(config));
    match tokio::time::timeout(timeout, building).await {
        Ok(Ok(Ok(client))) => Ok(client),
        Ok(Ok(Err(err))) => Err(format!(
            "cannot build the Kubernetes client: {}",
            describe_error(&err)
        )),
        Ok(Err(_)) => Err("building the Kubernetes client panicked".into()),
        Err(_) if target.auth.starts_with("exec plugin") => Err(format!(
            "the kubeconfig's credential plugin gave no answer within {}",
            crate::time_arg::format_duration(timeout)
        )),
        Err(_) => Err(format!(
            "could not prepare the Kubernetes client within {} (raise --timeout)",
            crate::time_arg::format_duration(timeout)
        )),
    }
}

/// How the context's user authenticates, without the credential.
fn describe_auth(kubeconfig: &Kubeconfig, context: Option<&str>) -> String {
    let user = context
        .and_then(|name| kubeconfig.contexts.iter().find(|c| c.name == name))
        .and_then(|named| named.context.as_ref())
        .and_then(|context| context.user.as_deref());
    let Some(auth) = user
        .and_then(|user| kubeconfig.auth_infos.iter().find(|a| a.name == user))
        .and_then(|named| named.auth_info.as_ref())
    else {
        return "none".into();
    };
    // The order kube-client itself uses to pick the method.
    if auth.auth_provider.is_some() {
        "auth provider".into()
    } else if let (Some(username), Some(_)) = (&auth.username, &auth.password) {
        format!("basic auth as {username}")
    } else if auth.token.is_some() {
        "bearer token (kubeconfig)".into()
    } else if let Some(file) = &auth.token_file {
        format!("bearer token from file {file}")
    } else if let Some(exec) = &auth.exec {
        format!("exec plugin {}", exec.command.as_deref().unwrap_or("?"))
    } else if auth.client_certificate.is_some() || auth.client_certificate_data.is_some() {
        "client certificate".into()
    } else {
        "none".into()
    }
}

/// The namespaces in scope (`None`: all), resolved against the context's default.
pub fn namespaces(settings: &KubernetesSettings, target: &Target) -> Option<Vec<String>> {
    match &settings.namespaces {
        NamespaceScope::All => None,
        NamespaceScope::Named(names) => Some(names.clone()),
        NamespaceScope::ContextDefault => Some(vec![target.config.default_namespace.clone()]),
    }
}

/// Checks reachability (`GET /version`) and that the credentials may list pods
/// in the namespaces in scope.
pub async fn probe(settings: &KubernetesSettings, timeout: Duration) -> Result<String, String> {
    let started = std::time::Instant::now();
    let target = load(settings).await?;
    // Bounded on its own, so a stuck credential plugin is named as such.
    let client = client(&target, timeout).await?;
    let remaining = timeout.saturating_sub(started.elapsed());
    let attempt = async {
        let version = client
            .apiserver_version()
            .await
            .map_err(|err| describe_error(&err))?;
        let one = ListParams::default().limit(1);
        let scope = namespaces(settings, &target);
        match &scope {
            None => {
                Api::<Pod>::all(client.clone())
                    .list_metadata(&one)
                    .await
                    .map_err(|err| {
                        format!(
                            "cannot list pods in all namespaces: {}",
                            describe_error(&err)
                        )
                    })?;
            }
            Some(names) => {
                for namespace in names {
                    Api::<Pod>::namespaced(client.clone(), namespace)
                        .list_metadata(&one)
                        .await
                        .map_err(|err| {
                            format!(
                                "cannot list pods in namespace {namespace}: {}",
                                describe_error(&err)
                            )
                        })?;
                }
            }
        }
        let scope = scope
            .map(|names| format!("namespaces {}", names.join(", ")))
            .unwrap_or("all namespaces".into());
        Ok(format!(
            "Kubernetes {}, may list pods in {scope}",
            version.git_version
        ))
    };
    tokio::time::timeout(remaining, attempt)
        .await
        .unwrap_or_else(|_| {
            Err(format!(
                "no answer within {}",
                crate::time_arg::format_duration(timeout)
            ))
        })
}

/// The API's status message when there is one (`pods is forbidden: …`), else the transport cause.
pub fn describe_error(err: &kube::Error) -> String {
    match err {
        // An exec plugin's error carries its environment and output, which can hold credentials.
        kube::Error::Auth(_) => {
            "the kubeconfig's credentials could not be obtained (exec plugin or auth provider failed; run kubectl with the same context to see why)".into()
        }
        kube::Error::Api(status) => match status.code {
            401 => "HTTP 401: authentication failed (check the kubeconfig's credentials)".into(),
            403 => format!("HTTP 403: {}", status.message),
            code => format!("HTTP {code}: {}", status.message),
        },
        other => super::cause::describe_root_cause(other, "the kubeconfig's certificate-authority"),
    }
}
