//! Secrets (passwords, tokens) come only from a file or an environment
//! variable, never from the config file itself, and never show up in output:
//! `Secret`'s `Debug` is redacted and it has no `Display` or `Serialize`.

use secrecy::{ExposeSecret, SecretString};
use std::fmt;
use std::path::PathBuf;

/// Where a secret is read from. Safe to print: it names the place, not the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretSource {
    File(PathBuf),
    EnvVar(String),
}

impl fmt::Display for SecretSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SecretSource::File(path) => write!(f, "file {}", path.display()),
            SecretSource::EnvVar(name) => write!(f, "environment variable {name}"),
        }
    }
}

/// A loaded secret value.
#[derive(Clone)]
pub struct Secret(SecretString);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

/// Equal when the values are: for comparing settings in tests, never printed.
impl PartialEq for Secret {
    fn eq(&self, other: &Self) -> bool {
        self.expose() == other.expose()
    }
}

impl Eq for Secret {}

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(SecretString::from(value.into()))
    }

    /// The value, for handing to a client library. Never format it.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

impl SecretSource {
    /// Chooses between a `*_file` and a `*_env` setting; naming both is an error.
    pub fn from_pair(
        file: Option<&PathBuf>,
        env_var: Option<&String>,
    ) -> Result<Option<SecretSource>, String> {
        match (file, env_var) {
            (Some(_), Some(_)) => Err("give either the _file or the _env setting, not both".into()),
            (Some(path), None) => Ok(Some(SecretSource::File(path.clone()))),
            (None, Some(name)) => Ok(Some(SecretSource::EnvVar(name.clone()))),
            (None, None) => Ok(None),
        }
    }

    /// Reads the secret now, so that an unreadable file is a config error at
    /// start-up rather than an authentication failure in the middle of an incident.
    pub fn load(&self, env: &dyn Fn(&str) -> Option<String>) -> Result<Secret, String> {
        let value = match self {
            SecretSource::File(path) => {
                crate::file_limits::read_to_string(path, crate::file_limits::SECRET)
                    .map_err(|err| format!("cannot read secret {self}: {err}"))?
            }
            SecretSource::EnvVar(name) => {
                env(name).ok_or_else(|| format!("secret {self} is not set"))?
            }
        };
        // Files written by `echo` or editors end in a newline that is not part of the secret.
        let value = value.trim_end_matches(['\n', '\r']);
        if value.is_empty() {
            return Err(format!("secret {self} is empty"));
        }
        Ok(Secret::new(value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_value() {
        let secret = Secret::new("hunter2-canary");
        assert!(!format!("{secret:?}").contains("hunter2"));
        assert_eq!(secret.expose(), "hunter2-canary");
    }

    #[test]
    fn file_secrets_lose_their_trailing_newline() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("token");
        std::fs::write(&path, "s3cret\n").unwrap();
        let secret = SecretSource::File(path).load(&|_| None).unwrap();
        assert_eq!(secret.expose(), "s3cret");
    }

    #[test]
    fn an_endless_file_is_refused_not_read_forever() {
        let err = SecretSource::File("/dev/zero".into())
            .load(&|_| None)
            .unwrap_err();
        assert!(err.contains("a device, not a file"), "{err}");
    }

    #[test]
    fn unreadable_and_unset_secrets_are_named_errors() {
        let missing = SecretSource::File("/nonexistent/token".into()).load(&|_| None);
        assert!(
            missing
                .unwrap_err()
                .contains("cannot read secret file /nonexistent/token")
        );
        let unset = SecretSource::EnvVar("PROM_TOKEN".into()).load(&|_| None);
        assert!(
            unset
                .unwrap_err()
                .contains("environment variable PROM_TOKEN is not set")
        );
    }

    #[test]
    fn both_file_and_env_is_ambiguous() {
        let file = PathBuf::from("/x");
        let var = "X".to_string();
        assert!(SecretSource::from_pair(Some(&file), Some(&var)).is_err());
    }
}
