//! Everything that can be wrong with the configuration, worded for the person
//! who has to fix it. All of these end the run with exit status 3 (UNKNOWN).

use super::file::ConfigFileError;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("config file {} (named by {named_by}) does not exist: check the path, or unset {named_by} to use the default location", path.display())]
    FileNotFound {
        path: PathBuf,
        named_by: &'static str,
    },

    #[error("cannot read config file {}: {source}", path.display())]
    Unreadable {
        path: PathBuf,
        source: std::io::Error,
    },

    // Transparent: `{:#}` would print the message twice, as error and as its source.
    #[error(transparent)]
    Parse(#[from] ConfigFileError),

    #[error("{}{key}: {message}", location(path))]
    Invalid {
        path: Option<PathBuf>,
        key: String,
        message: String,
    },

    #[error("environment '{name}' is not in {}; it has: {}", path.display(), list(available))]
    UnknownEnvironment {
        name: String,
        path: PathBuf,
        available: Vec<String>,
    },

    #[error("--env {name} names an environment, but there is no config file at {}", path.display())]
    NoConfigFile { name: String, path: PathBuf },

    #[error("{} has several environments ({}) and no default_env: choose one with --env", path.display(), list(available))]
    AmbiguousEnvironment {
        path: PathBuf,
        available: Vec<String>,
    },
}

fn location(path: &Option<PathBuf>) -> String {
    path.as_ref()
        .map(|path| format!("{}: ", path.display()))
        .unwrap_or_default()
}

fn list(names: &[String]) -> String {
    if names.is_empty() {
        "none".to_string()
    } else {
        names.join(", ")
    }
}
