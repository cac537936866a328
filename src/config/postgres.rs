//! Which PostgreSQL databases a run talks to, and with which password — as
//! libpq users expect: a connection string completed by libpq's `PG*`
//! variables, and the password from the string, a configured secret,
//! `$PGPASSWORD` or the password file (`$PGPASSFILE`, `~/.pgpass`).
//!
//! libpq's variables complete `--postgres` and the psql-like default; a
//! database in the config file is complete as written (plus its own secret
//! and the password file), so a shell's `PGHOST` or `PGPASSWORD` meant for one
//! server never reaches another.

use super::file::PostgresConfig;
use super::secret::SecretSource;
use super::settings::{EnvLookup, Origin};
use crate::sources::postgres::connect::first_host;
use crate::sources::postgres::conninfo::DEFAULT_PORT;
use crate::sources::postgres::conninfo::{self, ConnInfo};
use crate::sources::postgres::pgpass::{self, PasswordFile};
use std::path::PathBuf;

#[derive(Debug)]
pub struct PostgresSettings {
    /// How the database is called in reports and `depends_on`.
    pub name: String,
    pub origin: Origin,
    /// The connection; its `Debug` redacts the password.
    pub conninfo: ConnInfo,
    /// Where the password comes from, for display (`None`: no password).
    pub password_from: Option<String>,
    /// The role when the connection names none: the login name, as libpq does.
    pub default_user: String,
    /// For libpq's `~/.postgresql/` certificate defaults.
    pub home: Option<PathBuf>,
}

impl PostgresSettings {
    /// The connection string as key=value pairs, password left out.
    /// The sslmode in effect is always shown: "prefer" (libpq's default) encrypts without verifying.
    pub fn redacted_dsn(&self) -> String {
        let mut shown = self.conninfo.clone();
        shown
            .sslmode
            .get_or_insert(crate::sources::postgres::conninfo::SslMode::Prefer);
        shown.redacted()
    }
}

/// A `--postgres` connection string, completed by libpq's environment.
pub fn from_flag(dsn: &str, env: EnvLookup) -> Result<PostgresSettings, String> {
    let mut info = conninfo::parse(dsn)?;
    let mut password_from = info
        .password
        .as_ref()
        .map(|_| "the connection string".to_string());
    if password_from.is_some() {
        tracing::warn!(
            "a password in --postgres is visible to every user of this machine in ps; prefer PGPASSWORD or ~/.pgpass"
        );
    }
    let used = info.fill_from_env(env)?;
    if password_from.is_none() && used.contains(&"PGPASSWORD") {
        password_from = Some("$PGPASSWORD".into());
    }
    finish(info, Origin::Flag, None, password_from, env)
}

/// No database given anywhere: psql's default, libpq's environment (`PGHOST`…)
/// or the local socket.
pub fn from_environment(env: EnvLookup) -> Result<PostgresSettings, String> {
    let mut info = ConnInfo::default();
    let used = info.fill_from_env(env)?;
    let password_from = used
        .contains(&"PGPASSWORD")
        .then(|| "$PGPASSWORD".to_string());
    let origin = used
        .first()
        .map_or(Origin::Default, |name| Origin::EnvVar(name));
    finish(info, origin, None, password_from, env)
}

/// A database of the config file; errors are `(key suffix, message)`.
pub fn from_config(
    entry: &PostgresConfig,
    env: EnvLookup,
) -> Result<PostgresSettings, (&'static str, String)> {
    let mut info = conninfo::parse(&entry.dsn).map_err(|message| ("dsn", message))?;
    if info.password.is_some() {
        return Err((
            "dsn",
            "contains a password: move it to password_file or password_env".into(),
        ));
    }
    let source = SecretSource::from_pair(entry.password_file.as_ref(), entry.password_env.as_ref())
        .map_err(|message| ("password_file", message))?;
    let mut password_from = None;
    if let Some(source) = source {
        let password = source.load(env).map_err(|message| ("password", message))?;
        info.password = Some(password);
        password_from = Some(source.to_string());
    }
    finish(
        info,
        Origin::ConfigFile,
        Some(entry.name.clone()),
        password_from,
        env,
    )
    .map_err(|message| ("dsn", message))
}

fn finish(
    mut info: ConnInfo,
    origin: Origin,
    name: Option<String>,
    mut password_from: Option<String>,
    env: EnvLookup,
) -> Result<PostgresSettings, String> {
    let default_user = os_user_name()
        .or_else(|| env("USER"))
        .or_else(|| env("LOGNAME"))
        .unwrap_or_else(|| "postgres".into());
    let home = env("HOME").map(PathBuf::from);
    if info.password.is_none() {
        if let Some((password, file)) = password_file_entry(&info, &default_user, &home, env)? {
            info.password = Some(password);
            password_from = Some(format!("password file {file}"));
        }
    }
    let name = name.unwrap_or_else(|| {
        let host = first_host(&info);
        match &info.dbname {
            Some(db) => format!("{db}@{host}"),
            None => host,
        }
    });
    Ok(PostgresSettings {
        name,
        origin,
        conninfo: info,
        password_from,
        default_user,
        home,
    })
}

/// The effective user's login name, which libpq uses as the default role (cron
/// jobs, systemd units and containers often have no `$USER`).
fn os_user_name() -> Option<String> {
    let mut entry: libc::passwd = unsafe { std::mem::zeroed() };
    let mut buffer = vec![0 as libc::c_char; 16 * 1024];
    let mut found: *mut libc::passwd = std::ptr::null_mut();
    // SAFETY: getpwuid_r writes only into `entry` and `buffer`, both ours and
    // sized as passed; `found` is null or points at `entry`.
    let status = unsafe {
        libc::getpwuid_r(
            libc::geteuid(),
            &mut entry,
            buffer.as_mut_ptr(),
            buffer.len(),
            &mut found,
        )
    };
    if status != 0 || found.is_null() || entry.pw_name.is_null() {
        return None;
    }
    // SAFETY: pw_name points into `buffer`, NUL-terminated by getpwuid_r.
    let name = unsafe { std::ffi::CStr::from_ptr(entry.pw_name) };
    name.to_str().ok().map(str::to_string)
}

/// libpq's password file lookup for the first host of the connection.
fn password_file_entry(
    info: &ConnInfo,
    default_user: &str,
    home: &Option<PathBuf>,
    env: EnvLookup,
) -> Result<Option<(crate::config::secret::Secret, String)>, String> {
    let Some(path) = env("PGPASSFILE")
        .map(PathBuf::from)
        .or_else(|| home.as_ref().map(|home| home.join(".pgpass")))
    else {
        return Ok(None);
    };
    let entries = match pgpass::load(&path)? {
        PasswordFile::Loaded(entries) => entries,
        PasswordFile::Missing => return Ok(None),
        PasswordFile::Ignored(warning) => {
            tracing::warn!("{warning}");
            return Ok(None);
        }
    };
    let hostaddr = info.hostaddrs.first().map(ToString::to_string);
    let host = pgpass::host_for_lookup(info.hosts.first().map(String::as_str), hostaddr.as_deref());
    let user = info.user.as_deref().unwrap_or(default_user);
    let database = info.dbname.as_deref().unwrap_or(user);
    let port = info.ports.first().copied().unwrap_or(DEFAULT_PORT);
    Ok(entries
        .lookup(&host, port, database, user)
        .map(|password| (password, path.display().to_string())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use std::os::unix::fs::PermissionsExt;

    fn lookup<'a>(vars: &'a HashMap<&str, String>) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| vars.get(name).cloned()
    }

    #[test]
    fn libpq_variables_complete_a_flag_but_never_override_it() {
        let vars = HashMap::from([
            ("PGHOST", "env-host".to_string()),
            ("PGUSER", "env-user".to_string()),
            ("PGPASSWORD", "canary-env-password".to_string()),
            ("PGSSLMODE", "verify-full".to_string()),
        ]);
        let settings = from_flag("host=flag-host dbname=orders", &lookup(&vars)).unwrap();
        assert_eq!(settings.conninfo.hosts, vec!["flag-host"]);
        assert_eq!(settings.conninfo.user.as_deref(), Some("env-user"));
        assert_eq!(settings.password_from.as_deref(), Some("$PGPASSWORD"));
        assert_eq!(settings.name, "orders@flag-host");
        let shown = format!("{settings:?} {}", settings.redacted_dsn());
        assert!(!shown.contains("canary-env-password"), "{shown}");
        assert!(shown.contains("sslmode=verify-full"), "{shown}");
    }

    #[test]
    fn config_databases_ignore_the_shell_but_read_the_password_file() {
        let home = tempfile::tempdir().unwrap();
        let pgpass = home.path().join(".pgpass");
        std::fs::write(&pgpass, "db:5432:orders:triage:canary-pgpass\n").unwrap();
        std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o600)).unwrap();
        let vars = HashMap::from([
            ("HOME", home.path().display().to_string()),
            ("PGHOST", "somewhere-else".to_string()),
            ("PGPASSWORD", "not-for-this-server".to_string()),
        ]);
        let entry = PostgresConfig {
            name: "orders".into(),
            dsn: "host=db dbname=orders user=triage".into(),
            password_file: None,
            password_env: None,
        };
        let settings = from_config(&entry, &lookup(&vars)).unwrap();
        assert_eq!(settings.conninfo.hosts, vec!["db"]);
        assert_eq!(
            settings.conninfo.password.as_ref().map(|p| p.expose()),
            Some("canary-pgpass")
        );
        assert!(
            settings
                .password_from
                .unwrap()
                .starts_with("password file ")
        );
    }

    #[test]
    fn a_password_file_others_can_read_is_ignored() {
        let home = tempfile::tempdir().unwrap();
        let pgpass = home.path().join(".pgpass");
        std::fs::write(&pgpass, "*:*:*:*:canary-pgpass\n").unwrap();
        std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o644)).unwrap();
        let vars = HashMap::from([("HOME", home.path().display().to_string())]);
        let settings = from_flag("host=db", &lookup(&vars)).unwrap();
        assert!(settings.conninfo.password.is_none());
    }

    #[test]
    fn nothing_given_means_the_local_socket_as_the_login_user() {
        let vars = HashMap::from([("USER", "not-the-login-user".to_string())]);
        let settings = from_environment(&lookup(&vars)).unwrap();
        assert_eq!(settings.origin, Origin::Default);
        // As libpq: the effective user, not whatever $USER says.
        assert_eq!(Some(settings.default_user), os_user_name());
        assert_eq!(
            settings.name,
            crate::sources::postgres::connect::default_socket_dir()
        );
    }
}
