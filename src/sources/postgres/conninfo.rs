//! libpq connection strings, read the way libpq reads them, so that the
//! string an on-call engineer already uses with `psql` means the same server,
//! database, user and TLS mode to triage.
//!
//! Both libpq forms are understood: `key=value` pairs
//! (`host=db port=5432 dbname='my db'`) and URIs
//! (`postgresql://user@host1:5432,host2:5433/db?sslmode=verify-full`).
//! [`ConnInfo::fill_from_env`] then applies libpq's `PG*` environment
//! variables, and [`ConnInfo::redacted`] shows the result without the password.
//!
//! Passwords never appear in error messages, `Debug` output or
//! [`ConnInfo::redacted`].

use crate::config::secret::Secret;
use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

/// libpq's compiled-in default port, used for an empty entry in a port list.
/// libpq's default port.
pub const DEFAULT_PORT: u16 = 5432;

/// How hard libpq tries TLS (the `sslmode` option), all six modes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SslMode {
    Disable,
    Allow,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

impl SslMode {
    const ALL: [SslMode; 6] = [
        SslMode::Disable,
        SslMode::Allow,
        SslMode::Prefer,
        SslMode::Require,
        SslMode::VerifyCa,
        SslMode::VerifyFull,
    ];

    /// The mode as libpq spells it, e.g. `verify-full`.
    pub fn name(self) -> &'static str {
        match self {
            SslMode::Disable => "disable",
            SslMode::Allow => "allow",
            SslMode::Prefer => "prefer",
            SslMode::Require => "require",
            SslMode::VerifyCa => "verify-ca",
            SslMode::VerifyFull => "verify-full",
        }
    }
}

impl std::str::FromStr for SslMode {
    type Err = String;

    /// Exact, case-sensitive names, as libpq compares them.
    fn from_str(value: &str) -> Result<Self, Self::Err> {
        SslMode::ALL
            .into_iter()
            .find(|mode| mode.name() == value)
            .ok_or_else(|| {
                format!(
                    "invalid sslmode value: {value:?} (use disable, allow, prefer, require, verify-ca or verify-full)"
                )
            })
    }
}

/// One connection's parameters; `None`/empty means "not given" so the
/// environment and defaults can fill it. `Debug` shows no password (`Secret` redacts itself).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConnInfo {
    /// `host=a,b`. A value starting with `/` is a Unix socket directory. In a
    /// list of several hosts an empty entry means libpq's default host for
    /// that position; it is kept so positions still line up with the ports.
    pub hosts: Vec<String>,
    /// `hostaddr=`: numeric addresses that skip name resolution.
    pub hostaddrs: Vec<IpAddr>,
    /// `port=5432,5433`: one port for all hosts, or one per host. An empty
    /// entry in a list is libpq's default port, 5432.
    pub ports: Vec<u16>,
    pub dbname: Option<String>,
    pub user: Option<String>,
    pub password: Option<Secret>,
    pub sslmode: Option<SslMode>,
    /// A path, or the word `system`.
    pub sslrootcert: Option<String>,
    pub sslcert: Option<PathBuf>,
    pub sslkey: Option<PathBuf>,
    /// libpq: integer seconds; values below 2 (but above 0) mean 2 s; 0 or
    /// negative mean "no timeout", which is `None` here.
    pub connect_timeout: Option<Duration>,
    pub application_name: Option<String>,
    /// `channel_binding=require`: refuse authentication that does not bind to
    /// the TLS channel (SCRAM-SHA-256-PLUS), so a man in the middle cannot ask for the password.
    pub channel_binding_required: bool,
}

/// The options triage reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Host,
    HostAddr,
    Port,
    DbName,
    User,
    Password,
    SslMode,
    SslRootCert,
    SslCert,
    SslKey,
    ConnectTimeout,
    ApplicationName,
}

impl Field {
    fn from_name(name: &str) -> Option<Field> {
        Some(match name {
            "host" => Field::Host,
            "hostaddr" => Field::HostAddr,
            "port" => Field::Port,
            "dbname" => Field::DbName,
            "user" => Field::User,
            "password" => Field::Password,
            "sslmode" => Field::SslMode,
            "sslrootcert" => Field::SslRootCert,
            "sslcert" => Field::SslCert,
            "sslkey" => Field::SslKey,
            "connect_timeout" => Field::ConnectTimeout,
            "application_name" => Field::ApplicationName,
            _ => return None,
        })
    }
}

/// Valid libpq options that do not change how triage connects, or that
/// triage sets itself (`options`, `application_name` fallback, keepalives).
const IGNORED_OPTIONS: &[&str] = &[
    "fallback_application_name",
    "options",
    "keepalives",
    "keepalives_idle",
    "keepalives_interval",
    "keepalives_count",
    "tcp_user_timeout",
    "sslcompression",
    "sslsni",
    "client_encoding",
    "load_balance_hosts",
];

/// Options that change how libpq connects at some values only: accepted at the
/// values that mean what triage does anyway (and `channel_binding=require`,
/// which triage honours), refused at the others.
const BEHAVIOUR_OPTIONS: &[(&str, &[&str])] = &[
    ("channel_binding", &["disable", "prefer", "require"]),
    ("target_session_attrs", &["any"]),
    ("gssencmode", &["disable", "prefer"]),
];

/// Valid libpq options that would change where or how libpq connects but that
/// triage does not implement. Rejected rather than ignored, so triage never
/// silently connects differently from psql; named as unsupported rather than
/// "invalid" so the engineer does not go looking for a typo.
const UNSUPPORTED_OPTIONS: &[&str] = &[
    "service",
    "passfile",
    "require_auth",
    "sslpassword",
    "sslcertmode",
    "sslcrl",
    "sslcrldir",
    "sslnegotiation",
    "ssl_min_protocol_version",
    "ssl_max_protocol_version",
    "min_protocol_version",
    "max_protocol_version",
    "requirepeer",
    "krbsrvname",
    "gsslib",
    "gssdelegation",
    "replication",
    "scram_client_key",
    "scram_server_key",
    "oauth_issuer",
    "oauth_client_id",
    "oauth_client_secret",
    "oauth_scope",
];

/// libpq's environment variables, in the order they are applied.
const ENV_VARS: &[(&str, Field)] = &[
    ("PGHOST", Field::Host),
    ("PGHOSTADDR", Field::HostAddr),
    ("PGPORT", Field::Port),
    ("PGDATABASE", Field::DbName),
    ("PGUSER", Field::User),
    ("PGPASSWORD", Field::Password),
    ("PGSSLMODE", Field::SslMode),
    ("PGSSLROOTCERT", Field::SslRootCert),
    ("PGSSLCERT", Field::SslCert),
    ("PGSSLKEY", Field::SslKey),
    ("PGAPPNAME", Field::ApplicationName),
    ("PGCONNECT_TIMEOUT", Field::ConnectTimeout),
];

/// What the word after a password value is called in errors, instead of
/// echoing it: it is most likely the rest of an unquoted password with a space.
const AFTER_PASSWORD_HINT: &str = "(quote a password that contains spaces: password='...')";

/// Parses a libpq connection string, key=value or URI. An empty string gives
/// `ConnInfo::default()`.
pub fn parse(dsn: &str) -> Result<ConnInfo, String> {
    // Pasted strings often carry a trailing newline; libpq would keep it in a
    // URI's last component.
    let dsn = dsn.trim_matches(is_space);
    let mut builder = Builder::default();
    match dsn
        .strip_prefix("postgresql://")
        .or_else(|| dsn.strip_prefix("postgres://"))
    {
        Some(rest) => parse_uri(rest, &mut builder)?,
        None => parse_key_values(dsn, &mut builder)?,
    }
    builder.finish()
}

impl ConnInfo {
    /// libpq's environment variables fill what the connection string left out
    /// (never override it): PGHOST, PGHOSTADDR, PGPORT, PGDATABASE, PGUSER,
    /// PGPASSWORD, PGSSLMODE, PGSSLROOTCERT, PGSSLCERT, PGSSLKEY, PGAPPNAME,
    /// PGCONNECT_TIMEOUT.
    ///
    /// `env` returns None for unset (and for empty) variables. Returns the
    /// names of the variables that filled something, for "where did this come
    /// from" display (`PGCONNECT_TIMEOUT=0` fills nothing, so it is not listed).
    /// A malformed value is an error naming the variable:
    /// `PGPORT: invalid port number: "x"`.
    ///
    /// This is also where the host and port counts are checked against each
    /// other for good, as libpq does once the environment is applied: with no
    /// host given anywhere there is one (default) host, so `port=5432,5433`
    /// alone is an error here. On error `self` is left unchanged.
    pub fn fill_from_env(
        &mut self,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Vec<&'static str>, String> {
        let mut builder = Builder {
            info: self.clone(),
            requiressl: false,
        };
        let mut used = Vec::new();
        for &(var, field) in ENV_VARS {
            if builder.info.is_given(field) {
                continue;
            }
            let Some(value) = env(var).filter(|value| !value.is_empty()) else {
                continue;
            };
            builder
                .set(field, &value)
                .map_err(|err| format!("{var}: {err}"))?;
            if builder.info.is_given(field) {
                used.push(var);
            }
        }
        builder.info.check_counts(true).map_err(|err| {
            let from_env: Vec<&str> = used
                .iter()
                .copied()
                .filter(|var| ["PGHOST", "PGHOSTADDR", "PGPORT"].contains(var))
                .collect();
            if from_env.is_empty() {
                err
            } else {
                format!("{err} (with {} from the environment)", from_env.join(", "))
            }
        })?;
        *self = builder.info;
        Ok(used)
    }

    /// The connection as a libpq key=value string with the password left out
    /// (never shown), values quoted with single quotes when they contain
    /// spaces, quotes or backslashes or are empty; keys in the order host,
    /// hostaddr, port, dbname, user, sslmode, sslrootcert, sslcert, sslkey,
    /// connect_timeout, application_name; only given ones.
    pub fn redacted(&self) -> String {
        let join = |items: Vec<String>| items.join(",");
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if !self.hosts.is_empty() {
            pairs.push(("host", self.hosts.join(",")));
        }
        if !self.hostaddrs.is_empty() {
            pairs.push((
                "hostaddr",
                join(self.hostaddrs.iter().map(IpAddr::to_string).collect()),
            ));
        }
        if !self.ports.is_empty() {
            pairs.push((
                "port",
                join(self.ports.iter().map(u16::to_string).collect()),
            ));
        }
        if let Some(dbname) = &self.dbname {
            pairs.push(("dbname", dbname.clone()));
        }
        if let Some(user) = &self.user {
            pairs.push(("user", user.clone()));
        }
        if let Some(mode) = self.sslmode {
            pairs.push(("sslmode", mode.name().to_string()));
        }
        if let Some(root) = &self.sslrootcert {
            pairs.push(("sslrootcert", root.clone()));
        }
        if let Some(cert) = &self.sslcert {
            pairs.push(("sslcert", cert.to_string_lossy().into_owned()));
        }
        if let Some(key) = &self.sslkey {
            pairs.push(("sslkey", key.to_string_lossy().into_owned()));
        }
        if let Some(timeout) = self.connect_timeout {
            // Round up: a sub-second timeout must not print as 0, which
            // libpq reads as "no timeout".
            let secs = timeout.as_secs() + u64::from(timeout.subsec_nanos() > 0);
            pairs.push(("connect_timeout", secs.to_string()));
        }
        if let Some(name) = &self.application_name {
            pairs.push(("application_name", name.clone()));
        }
        if self.channel_binding_required {
            pairs.push(("channel_binding", "require".into()));
        }
        pairs
            .into_iter()
            .map(|(key, value)| format!("{key}={}", quote(&value)))
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn is_given(&self, field: Field) -> bool {
        match field {
            Field::Host => !self.hosts.is_empty(),
            Field::HostAddr => !self.hostaddrs.is_empty(),
            Field::Port => !self.ports.is_empty(),
            Field::DbName => self.dbname.is_some(),
            Field::User => self.user.is_some(),
            Field::Password => self.password.is_some(),
            Field::SslMode => self.sslmode.is_some(),
            Field::SslRootCert => self.sslrootcert.is_some(),
            Field::SslCert => self.sslcert.is_some(),
            Field::SslKey => self.sslkey.is_some(),
            Field::ConnectTimeout => self.connect_timeout.is_some(),
            Field::ApplicationName => self.application_name.is_some(),
        }
    }

    /// libpq's rule: hostaddr and host lists must be equally long when both
    /// are given, and the port list is one port for all hosts or one per host
    /// (hosts counted from hostaddr when given). `default_host` says whether
    /// "no host given" now means libpq's single default host, or may still be
    /// filled from the environment.
    fn check_counts(&self, default_host: bool) -> Result<(), String> {
        if !self.hostaddrs.is_empty()
            && !self.hosts.is_empty()
            && self.hostaddrs.len() != self.hosts.len()
        {
            return Err(format!(
                "could not match {} hostaddr values to {} host names",
                self.hostaddrs.len(),
                self.hosts.len()
            ));
        }
        let hosts = if !self.hostaddrs.is_empty() {
            self.hostaddrs.len()
        } else if !self.hosts.is_empty() {
            self.hosts.len()
        } else if default_host {
            1
        } else {
            return Ok(());
        };
        if self.ports.len() > 1 && self.ports.len() != hosts {
            return Err(format!(
                "could not match {} port numbers to {hosts} hosts",
                self.ports.len()
            ));
        }
        Ok(())
    }
}

/// A `ConnInfo` being read, plus what only matters while reading.
#[derive(Default)]
struct Builder {
    info: ConnInfo,
    /// `requiressl=1`, applied at the end so an explicit sslmode wins
    /// wherever it appears.
    requiressl: bool,
}

impl Builder {
    /// Handles one option by name. `Ok(false)` means libpq has no such option;
    /// the caller words that error for its syntax.
    fn set_named(&mut self, name: &str, value: &str) -> Result<bool, String> {
        if let Some(field) = Field::from_name(name) {
            self.set(field, value)?;
        } else if name == "requiressl" {
            // libpq's legacy spelling: a value starting with 1 means require.
            self.requiressl = value.starts_with('1');
        } else if let Some(default_values) = BEHAVIOUR_OPTIONS
            .iter()
            .find_map(|(option, values)| (*option == name).then_some(*values))
        {
            // Only at the values that change nothing may these be ignored.
            if name == "channel_binding" && value == "require" {
                self.info.channel_binding_required = true;
            } else if !value.is_empty() && !default_values.contains(&value) {
                return Err(format!(
                    "connection option {name}={value:?} is not supported by triage (only {})",
                    default_values.join(", ")
                ));
            }
        } else if UNSUPPORTED_OPTIONS.contains(&name) {
            return Err(format!(
                "connection option {name:?} is not supported by triage"
            ));
        } else if !IGNORED_OPTIONS.contains(&name) {
            return Ok(false);
        }
        Ok(true)
    }

    /// Sets one option; an empty value means "not given". A later value
    /// replaces an earlier one, as in libpq.
    fn set(&mut self, field: Field, value: &str) -> Result<(), String> {
        let info = &mut self.info;
        let text = || (!value.is_empty()).then(|| value.to_string());
        match field {
            Field::Host => info.hosts = list(value).map(str::to_string).collect(),
            Field::HostAddr => {
                info.hostaddrs = list(value)
                    .map(|addr| {
                        addr.parse::<IpAddr>()
                            .map_err(|_| format!("invalid hostaddr {addr:?}"))
                    })
                    .collect::<Result<_, _>>()?;
            }
            Field::Port => {
                info.ports = list(value).map(parse_port).collect::<Result<_, _>>()?;
            }
            Field::DbName => info.dbname = text(),
            Field::User => info.user = text(),
            Field::Password => info.password = text().map(Secret::new),
            Field::SslMode => {
                info.sslmode = if value.is_empty() {
                    None
                } else {
                    Some(value.parse()?)
                };
            }
            Field::SslRootCert => info.sslrootcert = text(),
            Field::SslCert => info.sslcert = text().map(PathBuf::from),
            Field::SslKey => info.sslkey = text().map(PathBuf::from),
            Field::ConnectTimeout => info.connect_timeout = parse_connect_timeout(value)?,
            Field::ApplicationName => info.application_name = text(),
        }
        Ok(())
    }

    fn finish(self) -> Result<ConnInfo, String> {
        let mut info = self.info;
        if self.requiressl && info.sslmode.is_none() {
            info.sslmode = Some(SslMode::Require);
        }
        // The environment may still supply hosts, so only lists that are both
        // in the string can be checked now.
        info.check_counts(false)?;
        Ok(info)
    }
}

/// libpq's `isspace`: the separators of the key=value form.
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c')
}

/// The entries of a comma-separated list; an empty value is no list at all.
fn list(value: &str) -> impl Iterator<Item = &str> {
    let mut items = value.split(',');
    if value.is_empty() {
        items.next();
    }
    items
}

/// libpq's integer parsing: surrounding whitespace and a sign are allowed,
/// and the value must fit a C `int`.
fn parse_int(value: &str) -> Option<i32> {
    value.trim_matches(is_space).parse().ok()
}

fn parse_port(value: &str) -> Result<u16, String> {
    if value.is_empty() {
        return Ok(DEFAULT_PORT);
    }
    parse_int(value)
        .and_then(|port| u16::try_from(port).ok())
        .filter(|&port| port != 0)
        .ok_or_else(|| format!("invalid port number: {value:?}"))
}

fn parse_connect_timeout(value: &str) -> Result<Option<Duration>, String> {
    if value.is_empty() {
        return Ok(None);
    }
    let seconds =
        parse_int(value).ok_or_else(|| format!("invalid connect_timeout value: {value:?}"))?;
    // libpq enforces at least 2 s: rounding could otherwise make 1 s fail at once.
    Ok(u64::try_from(seconds)
        .ok()
        .filter(|&seconds| seconds > 0)
        .map(|seconds| Duration::from_secs(seconds.max(2))))
}

/// Quotes a value for the key=value form when it needs it.
fn quote(value: &str) -> String {
    let plain = !value.is_empty()
        && !value
            .chars()
            .any(|c| is_space(c) || c.is_whitespace() || c == '\'' || c == '\\');
    if plain {
        return value.to_string();
    }
    let mut quoted = String::with_capacity(value.len() + 2);
    quoted.push('\'');
    for c in value.chars() {
        if c == '\'' || c == '\\' {
            quoted.push('\\');
        }
        quoted.push(c);
    }
    quoted.push('\'');
    quoted
}

/// The key=value form, as libpq's `conninfo_parse` reads it.
fn parse_key_values(text: &str, builder: &mut Builder) -> Result<(), String> {
    let mut chars = text.chars().peekable();
    // Set after a password value: the next word may be the rest of an
    // unquoted password, so errors must not echo it.
    let mut after_password = false;
    loop {
        while chars.next_if(|&c| is_space(c)).is_some() {}
        if chars.peek().is_none() {
            return Ok(());
        }
        let mut key = String::new();
        while let Some(c) = chars.next_if(|&c| c != '=' && !is_space(c)) {
            key.push(c);
        }
        while chars.next_if(|&c| is_space(c)).is_some() {}
        if chars.next() != Some('=') {
            return Err(if after_password {
                format!(
                    "missing \"=\" after the word that follows the password in connection info string {AFTER_PASSWORD_HINT}"
                )
            } else {
                format!("missing \"=\" after {key:?} in connection info string")
            });
        }
        while chars.next_if(|&c| is_space(c)).is_some() {}
        let mut value = String::new();
        if chars.next_if_eq(&'\'').is_some() {
            loop {
                match chars.next() {
                    None => {
                        return Err(
                            "unterminated quoted string in connection info string".to_string()
                        );
                    }
                    Some('\\') => value.extend(chars.next()),
                    // A doubled quote is a quote, as in SQL. libpq rejects
                    // it, so no valid libpq string changes meaning.
                    Some('\'') if chars.next_if_eq(&'\'').is_some() => value.push('\''),
                    Some('\'') => break,
                    Some(c) => value.push(c),
                }
            }
        } else {
            while let Some(c) = chars.next_if(|&c| !is_space(c)) {
                if c == '\\' {
                    value.extend(chars.next());
                } else {
                    value.push(c);
                }
            }
        }
        if !builder.set_named(&key, &value)? {
            return Err(if after_password {
                format!("invalid connection option after the password {AFTER_PASSWORD_HINT}")
            } else {
                format!("invalid connection option {key:?}")
            });
        }
        after_password = key == "password";
    }
}

/// The URI form after `postgresql://`, as libpq's `conninfo_uri_parse_options`
/// reads it. Error messages never echo the user-info part wholesale, as it
/// may hold a password.
fn parse_uri(uri: &str, builder: &mut Builder) -> Result<(), String> {
    let mut rest = uri;

    // libpq takes user info only from before the first '/'.
    if let Some(at) = rest
        .find(['@', '/'])
        .filter(|&i| rest.as_bytes()[i] == b'@')
    {
        let userinfo = &rest[..at];
        let (user, password) = match userinfo.split_once(':') {
            Some((user, password)) => (user, Some(password)),
            None => (userinfo, None),
        };
        builder.set(Field::User, &percent_decode(user, "user name", true)?)?;
        if let Some(password) = password {
            builder.set(
                Field::Password,
                &percent_decode(password, "password", false)?,
            )?;
        }
        rest = &rest[at + 1..];
    }

    // An '@' left before the query means a user name or password with a raw
    // '/' or '@' in it: libpq would read part of the password as a host, port
    // or database name. Refuse, without echoing any of it.
    let before_query = rest.split('?').next().unwrap_or_default();
    if before_query.contains('@') {
        return Err(
            "unexpected \"@\" in URI after the user name and password (percent-encode \"/\" as %2F and \"@\" as %40 in them)"
                .to_string(),
        );
    }

    // Hosts and ports, "host[:port]" separated by commas. The port list keeps
    // one (maybe empty) entry per host, as libpq builds it.
    let mut hosts = Vec::new();
    let mut ports = Vec::new();
    loop {
        let host;
        if let Some(after) = rest.strip_prefix('[') {
            let close = after
                .find(']')
                .ok_or("missing \"]\" after IPv6 host address in URI")?;
            if close == 0 {
                return Err("IPv6 host address in URI is empty".to_string());
            }
            host = &after[..close];
            rest = &after[close + 1..];
            if let Some(c) = rest.chars().next().filter(|c| !":/?,".contains(*c)) {
                return Err(format!(
                    "unexpected character {c:?} after IPv6 host address [{host}] in URI (expected \":\", \"/\", \"?\" or \",\")"
                ));
            }
        } else {
            let end = rest.find([':', '/', '?', ',']).unwrap_or(rest.len());
            host = &rest[..end];
            rest = &rest[end..];
        }
        hosts.push(host);
        let mut port = "";
        if let Some(after) = rest.strip_prefix(':') {
            let end = after.find(['/', '?', ',']).unwrap_or(after.len());
            port = &after[..end];
            rest = &after[end..];
        }
        ports.push(port);
        match rest.strip_prefix(',') {
            Some(after) => rest = after,
            None => break,
        }
    }
    // Decoded as whole lists, as libpq does: "%2C" separates like ",".
    builder.set(
        Field::Host,
        &percent_decode(&hosts.join(","), "host", true)?,
    )?;
    builder.set(
        Field::Port,
        &percent_decode(&ports.join(","), "port", true)?,
    )?;

    if let Some(after) = rest.strip_prefix('/') {
        let end = after.find('?').unwrap_or(after.len());
        builder.set(
            Field::DbName,
            &percent_decode(&after[..end], "database name", true)?,
        )?;
        rest = &after[end..];
    }

    if let Some(query) = rest.strip_prefix('?') {
        parse_query(query, builder)?;
    }
    Ok(())
}

/// A URI's query parameters: the same options as the key=value form.
fn parse_query(query: &str, builder: &mut Builder) -> Result<(), String> {
    // After a password parameter, a malformed parameter is probably the rest of
    // a password with a raw '&' in it: say so without echoing any of it.
    let mut after_password = false;
    for param in query.split('&').filter(|param| !param.is_empty()) {
        parse_query_param(param, builder).map_err(|message| {
            if after_password {
                "malformed URI query parameter after password= (percent-encode '&' and '=' in a password as %26 and %3D)".to_string()
            } else {
                message
            }
        })?;
        after_password |= param.starts_with("password=");
    }
    Ok(())
}

fn parse_query_param(param: &str, builder: &mut Builder) -> Result<(), String> {
    // Empty parameters ("a=1&&b=2", a trailing "&") are skipped by the caller.
    let Some((raw_key, raw_value)) = param.split_once('=') else {
        return Err(format!(
            "missing key/value separator \"=\" in URI query parameter: {param:?}"
        ));
    };
    if raw_value.contains('=') {
        return Err(format!(
            "extra key/value separator \"=\" in URI query parameter: {raw_key:?}"
        ));
    }
    let key = percent_decode(raw_key, "query parameter name", true)?;
    let value = percent_decode(
        raw_value,
        &format!("query parameter {key:?}"),
        key != "password",
    )?;
    if key == "ssl" {
        // JDBC's spelling, which libpq also accepts (only as "true").
        if value != "true" {
            return Err(
                "invalid URI query parameter: \"ssl\" (only ssl=true is understood; use sslmode)"
                    .to_string(),
            );
        }
        builder.set(Field::SslMode, SslMode::Require.name())?;
    } else if !builder.set_named(&key, &value)? {
        return Err(format!("invalid URI query parameter: {key:?}"));
    }
    Ok(())
}

/// Decodes `%XX` escapes as libpq does (no `+` for space, `%00` forbidden).
/// `what` names the URI part in errors; `show` says whether the value may be
/// echoed (never for a password).
fn percent_decode(raw: &str, what: &str, show: bool) -> Result<String, String> {
    if !raw.contains('%') {
        return Ok(raw.to_string());
    }
    let shown = || {
        if show {
            format!(": {raw:?}")
        } else {
            String::new()
        }
    };
    let bytes = raw.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'%' {
            decoded.push(bytes[i]);
            i += 1;
            continue;
        }
        let byte = match (
            bytes.get(i + 1).copied().and_then(hex_digit),
            bytes.get(i + 2).copied().and_then(hex_digit),
        ) {
            (Some(high), Some(low)) => high * 16 + low,
            _ => {
                return Err(format!(
                    "invalid percent-encoded token in URI {what}{}",
                    shown()
                ));
            }
        };
        if byte == 0 {
            return Err(format!("forbidden value %00 in URI {what}{}", shown()));
        }
        decoded.push(byte);
        i += 3;
    }
    String::from_utf8(decoded).map_err(|_| {
        format!(
            "URI {what} is not valid UTF-8 after percent-decoding{}",
            shown()
        )
    })
}

fn hex_digit(byte: u8) -> Option<u8> {
    (byte as char).to_digit(16).map(|digit| digit as u8)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use std::net::{Ipv4Addr, Ipv6Addr};

    fn ok(dsn: &str) -> ConnInfo {
        parse(dsn).unwrap_or_else(|err| panic!("{dsn:?} did not parse: {err}"))
    }

    fn err(dsn: &str) -> String {
        match parse(dsn) {
            Ok(info) => panic!("{dsn:?} parsed as {info:?}"),
            Err(err) => {
                assert!(!err.contains('\n'), "error is not one line: {err:?}");
                err
            }
        }
    }

    fn password(info: &ConnInfo) -> Option<&str> {
        info.password.as_ref().map(Secret::expose)
    }

    fn env_of(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| vars.get(name).filter(|v| !v.is_empty()).cloned()
    }

    // ---- SslMode ----

    #[test]
    fn sslmode_names_parse_and_serialize_alike() {
        for mode in SslMode::ALL {
            assert_eq!(mode.name().parse::<SslMode>(), Ok(mode));
            assert_eq!(
                serde_json::to_string(&mode).unwrap(),
                format!("\"{}\"", mode.name())
            );
        }
        assert_eq!(SslMode::VerifyFull.name(), "verify-full");
        assert_eq!(SslMode::VerifyCa.name(), "verify-ca");
    }

    #[test]
    fn sslmode_is_case_sensitive_and_errors_list_the_modes() {
        assert_eq!(
            "Require".parse::<SslMode>().unwrap_err(),
            r#"invalid sslmode value: "Require" (use disable, allow, prefer, require, verify-ca or verify-full)"#
        );
        assert_eq!(
            err("sslmode=x"),
            r#"invalid sslmode value: "x" (use disable, allow, prefer, require, verify-ca or verify-full)"#
        );
    }

    // ---- key=value ----

    #[test]
    fn empty_strings_are_the_default() {
        assert_eq!(ok(""), ConnInfo::default());
        assert_eq!(ok("  \t\n "), ConnInfo::default());
    }

    #[test]
    fn key_value_reads_every_understood_key() {
        let info = ok(
            "host=db.example port=6432 dbname=orders user=oncall password=s3cret \
             sslmode=verify-full sslrootcert=/etc/ca.pem sslcert=/c.pem sslkey=/k.pem \
             connect_timeout=7 application_name=triage-test hostaddr=10.0.0.5",
        );
        assert_eq!(info.hosts, ["db.example"]);
        assert_eq!(info.hostaddrs, [IpAddr::V4(Ipv4Addr::new(10, 0, 0, 5))]);
        assert_eq!(info.ports, [6432]);
        assert_eq!(info.dbname.as_deref(), Some("orders"));
        assert_eq!(info.user.as_deref(), Some("oncall"));
        assert_eq!(password(&info), Some("s3cret"));
        assert_eq!(info.sslmode, Some(SslMode::VerifyFull));
        assert_eq!(info.sslrootcert.as_deref(), Some("/etc/ca.pem"));
        assert_eq!(info.sslcert, Some(PathBuf::from("/c.pem")));
        assert_eq!(info.sslkey, Some(PathBuf::from("/k.pem")));
        assert_eq!(info.connect_timeout, Some(Duration::from_secs(7)));
        assert_eq!(info.application_name.as_deref(), Some("triage-test"));
    }

    #[test]
    fn quoting_and_escapes() {
        let info = ok(r"host=db port=5432 dbname='my db' password='it''s' user=a\ b");
        assert_eq!(info.dbname.as_deref(), Some("my db"));
        assert_eq!(password(&info), Some("it's"));
        assert_eq!(info.user.as_deref(), Some("a b"));

        let info = ok(r"password='it\'s \\ ok' dbname=back\\slash application_name=x\'y");
        assert_eq!(password(&info), Some(r"it's \ ok"));
        assert_eq!(info.dbname.as_deref(), Some(r"back\slash"));
        assert_eq!(info.application_name.as_deref(), Some("x'y"));

        // A quote is only special at the start of a value.
        assert_eq!(ok("user=o'brien").user.as_deref(), Some("o'brien"));
        // Tabs and newlines separate like spaces.
        assert_eq!(ok("host=a\tport=1\ndbname=d").ports, [1]);
    }

    #[test]
    fn spaces_around_equals_are_allowed() {
        let info = ok("host = db  port= 5433 dbname ='x y'");
        assert_eq!(info.hosts, ["db"]);
        assert_eq!(info.ports, [5433]);
        assert_eq!(info.dbname.as_deref(), Some("x y"));
    }

    #[test]
    fn an_empty_unquoted_value_takes_the_next_word_like_libpq() {
        // libpq skips spaces after '=', so "host= port=1" sets host to "port=1".
        let info = ok("host= port=1");
        assert_eq!(info.hosts, ["port=1"]);
        assert!(info.ports.is_empty());
    }

    #[test]
    fn empty_values_are_not_given() {
        let info =
            ok("host='' port='' dbname='' user='' password='' sslmode='' connect_timeout=''");
        assert_eq!(info, ConnInfo::default());
    }

    #[test]
    fn the_last_of_repeated_keys_wins() {
        let info = ok("host=a host=b port=1 port=2");
        assert_eq!(info.hosts, ["b"]);
        assert_eq!(info.ports, [2]);
    }

    #[test]
    fn syntax_errors_are_named() {
        assert_eq!(
            err("host"),
            r#"missing "=" after "host" in connection info string"#
        );
        assert_eq!(
            err("host db"),
            r#"missing "=" after "host" in connection info string"#
        );
        assert_eq!(
            err("dbname='open"),
            "unterminated quoted string in connection info string"
        );
        assert_eq!(
            err(r"dbname='ends in a backslash\"),
            "unterminated quoted string in connection info string"
        );
    }

    #[test]
    fn unknown_keys_are_libpq_errors_and_harmless_ones_are_ignored() {
        assert_eq!(err("foo=1"), r#"invalid connection option "foo""#);
        assert_eq!(err("Host=a"), r#"invalid connection option "Host""#);
        assert_eq!(
            err("passfile=/x"),
            r#"connection option "passfile" is not supported by triage"#
        );
        let ignored = "fallback_application_name=x options='-c a=b' keepalives=1 \
             keepalives_idle=1 keepalives_interval=1 keepalives_count=1 tcp_user_timeout=1 \
             target_session_attrs=any sslcompression=0 sslsni=1 channel_binding=prefer \
             gssencmode=disable client_encoding=UTF8 load_balance_hosts=random";
        assert_eq!(ok(ignored), ConnInfo::default());
        assert!(ok("channel_binding=require").channel_binding_required);
        assert_eq!(
            err("target_session_attrs=read-write"),
            r#"connection option target_session_attrs="read-write" is not supported by triage (only any)"#
        );
        assert!(err("gssencmode=require").contains("not supported by triage"));
    }

    #[test]
    fn requiressl_is_the_legacy_spelling_of_sslmode_require() {
        assert_eq!(ok("requiressl=1").sslmode, Some(SslMode::Require));
        assert_eq!(ok("requiressl=0").sslmode, None);
        // An explicit sslmode wins, before or after.
        assert_eq!(
            ok("requiressl=1 sslmode=disable").sslmode,
            Some(SslMode::Disable)
        );
        assert_eq!(
            ok("sslmode=verify-ca requiressl=1").sslmode,
            Some(SslMode::VerifyCa)
        );
        assert_eq!(
            ok("postgresql://h/d?requiressl=1").sslmode,
            Some(SslMode::Require)
        );
    }

    #[test]
    fn connect_timeout_follows_libpq() {
        let timeout = |value: &str| ok(&format!("connect_timeout='{value}'")).connect_timeout;
        assert_eq!(timeout("10"), Some(Duration::from_secs(10)));
        assert_eq!(timeout("1"), Some(Duration::from_secs(2)));
        assert_eq!(timeout("2"), Some(Duration::from_secs(2)));
        assert_eq!(timeout(" 7 "), Some(Duration::from_secs(7)));
        assert_eq!(timeout("+3"), Some(Duration::from_secs(3)));
        assert_eq!(timeout("0"), None);
        assert_eq!(timeout("-5"), None);
        assert_eq!(
            err("connect_timeout=abc"),
            r#"invalid connect_timeout value: "abc""#
        );
        assert_eq!(
            err("connect_timeout=1.5"),
            r#"invalid connect_timeout value: "1.5""#
        );
        assert_eq!(
            err("connect_timeout=99999999999"),
            r#"invalid connect_timeout value: "99999999999""#
        );
    }

    #[test]
    fn ports_are_checked() {
        assert_eq!(err("port=abc"), r#"invalid port number: "abc""#);
        assert_eq!(err("port=0"), r#"invalid port number: "0""#);
        assert_eq!(err("port=65536"), r#"invalid port number: "65536""#);
        assert_eq!(err("port=-1"), r#"invalid port number: "-1""#);
        assert_eq!(ok("port=65535").ports, [65535]);
        // Errors stay on one line even for odd values.
        assert_eq!(err("port='5\n4'"), r#"invalid port number: "5\n4""#);
    }

    #[test]
    fn hostaddrs_are_numeric_addresses() {
        let info = ok("hostaddr=10.1.2.3,::1 host=a,b");
        assert_eq!(
            info.hostaddrs,
            [
                IpAddr::V4(Ipv4Addr::new(10, 1, 2, 3)),
                IpAddr::V6(Ipv6Addr::LOCALHOST)
            ]
        );
        assert_eq!(err("hostaddr=x"), r#"invalid hostaddr "x""#);
        assert_eq!(
            err("hostaddr=db.example"),
            r#"invalid hostaddr "db.example""#
        );
    }

    #[test]
    fn several_hosts_and_ports() {
        let info = ok("host=a,b,/var/run/postgresql port=5432,5433,5434");
        assert_eq!(info.hosts, ["a", "b", "/var/run/postgresql"]);
        assert_eq!(info.ports, [5432, 5433, 5434]);
        // One port serves every host.
        assert_eq!(ok("host=a,b,c port=6432").ports, [6432]);
        // An empty entry is the default for that position.
        let info = ok("host=a,,c port=6432,,6433");
        assert_eq!(info.hosts, ["a", "", "c"]);
        assert_eq!(info.ports, [6432, 5432, 6433]);
    }

    #[test]
    fn host_and_port_counts_must_match() {
        assert_eq!(
            err("host=a,b port=1,2,3"),
            "could not match 3 port numbers to 2 hosts"
        );
        assert_eq!(
            err("host=a hostaddr=10.0.0.1,10.0.0.2"),
            "could not match 2 hostaddr values to 1 host names"
        );
        // Hosts are counted from hostaddr when it is given.
        assert_eq!(
            err("hostaddr=10.0.0.1,10.0.0.2 port=1,2,3"),
            "could not match 3 port numbers to 2 hosts"
        );
        assert_eq!(ok("hostaddr=10.0.0.1,10.0.0.2 port=1,2").ports, [1, 2]);
        // Without hosts the environment may still supply them.
        assert_eq!(ok("port=1,2").ports, [1, 2]);
    }

    #[test]
    fn key_value_errors_never_show_the_password() {
        for dsn in [
            "password=Canary 2",
            "password=Canary S3cretPart",
            "password=Canary Pa55=W0rd",
            "password='Canary",
            "password=Canary host",
        ] {
            let message = err(dsn);
            for secret in ["Canary", "S3cretPart", "Pa55", "W0rd", "2"] {
                assert!(!message.contains(secret), "{dsn}: {message}");
            }
        }
        assert_eq!(
            err("password=Canary 2"),
            "missing \"=\" after the word that follows the password in connection info string (quote a password that contains spaces: password='...')"
        );
        assert_eq!(
            err("password=Canary Pa55=W0rd"),
            "invalid connection option after the password (quote a password that contains spaces: password='...')"
        );
        // Only the word right after the password is suspect.
        assert_eq!(
            err("password=Canary host=h foo=1"),
            r#"invalid connection option "foo""#
        );
    }

    // ---- URIs ----

    #[test]
    fn uri_with_everything() {
        let info = ok(
            "postgresql://user:pass@host1:5432,host2:5433/dbname?sslmode=verify-full&connect_timeout=5&application_name=x",
        );
        assert_eq!(info.user.as_deref(), Some("user"));
        assert_eq!(password(&info), Some("pass"));
        assert_eq!(info.hosts, ["host1", "host2"]);
        assert_eq!(info.ports, [5432, 5433]);
        assert_eq!(info.dbname.as_deref(), Some("dbname"));
        assert_eq!(info.sslmode, Some(SslMode::VerifyFull));
        assert_eq!(info.connect_timeout, Some(Duration::from_secs(5)));
        assert_eq!(info.application_name.as_deref(), Some("x"));
    }

    #[test]
    fn both_uri_schemes() {
        assert_eq!(ok("postgres://h/d"), ok("postgresql://h/d"));
        assert_eq!(ok("postgres://h/d").hosts, ["h"]);
        // Leading and trailing whitespace of a pasted string is dropped.
        assert_eq!(ok(" postgres://h/d\n").dbname.as_deref(), Some("d"));
    }

    #[test]
    fn uri_components_are_percent_decoded() {
        let info = ok(
            "postgresql://us%40er:p%40ss%2Fw%3Ard@db%2Dx/my%20db?application_name=a%26b&user=ignored%2Bplus",
        );
        assert_eq!(password(&info), Some("p@ss/w:rd"));
        assert_eq!(info.hosts, ["db-x"]);
        assert_eq!(info.dbname.as_deref(), Some("my db"));
        assert_eq!(info.application_name.as_deref(), Some("a&b"));
        // Query parameters come later and win; '+' is not a space.
        assert_eq!(info.user.as_deref(), Some("ignored+plus"));
        // A raw ':' after the first one belongs to the password.
        assert_eq!(password(&ok("postgresql://u:a:b@h")), Some("a:b"));
        // Non-ASCII text decodes as UTF-8.
        assert_eq!(
            ok("postgresql:///caf%C3%A9").dbname.as_deref(),
            Some("café")
        );
    }

    #[test]
    fn uri_socket_directories() {
        assert_eq!(
            ok("postgresql://%2Fvar%2Frun%2Fpostgresql/db").hosts,
            ["/var/run/postgresql"]
        );
        let info = ok("postgresql:///db?host=/var/run/postgresql&port=5433");
        assert_eq!(info.hosts, ["/var/run/postgresql"]);
        assert_eq!(info.ports, [5433]);
        assert_eq!(info.dbname.as_deref(), Some("db"));
    }

    #[test]
    fn uri_ipv6_hosts() {
        let info = ok("postgresql://[::1]:5433,[2001:db8::7]/d");
        assert_eq!(info.hosts, ["::1", "2001:db8::7"]);
        assert_eq!(info.ports, [5433, 5432]);
        assert_eq!(ok("postgresql://[fe80::1%25eth0]").hosts, ["fe80::1%eth0"]);
        assert_eq!(
            err("postgresql://[::1/d"),
            r#"missing "]" after IPv6 host address in URI"#
        );
        assert_eq!(
            err("postgresql://[]/d"),
            "IPv6 host address in URI is empty"
        );
        assert!(
            err("postgresql://[::1]x/d")
                .starts_with("unexpected character 'x' after IPv6 host address [::1] in URI")
        );
    }

    #[test]
    fn uri_port_lists_line_up_with_hosts_like_libpq() {
        // A host without a port gets libpq's default in its position.
        assert_eq!(ok("postgresql://h1,h2:5433/d").ports, [5432, 5433]);
        assert_eq!(ok("postgresql://h1:6432,h2/d").ports, [6432, 5432]);
        // Several hosts and no ports: libpq fills the list with its default,
        // so PGPORT does not apply.
        assert_eq!(ok("postgresql://h1,h2/d").ports, [5432, 5432]);
        // One host without a port: not given.
        assert!(ok("postgresql://h1/d").ports.is_empty());
        assert_eq!(err("postgresql://h:abc/d"), r#"invalid port number: "abc""#);
    }

    #[test]
    fn uri_empty_components_are_not_given() {
        assert_eq!(ok("postgresql://"), ConnInfo::default());
        assert_eq!(ok("postgresql:///"), ConnInfo::default());
        assert_eq!(ok("postgresql://:@/?"), ConnInfo::default());
        assert_eq!(ok("postgresql://@/?&"), ConnInfo::default());
        let info = ok("postgresql:///db");
        assert!(info.hosts.is_empty());
        assert_eq!(info.dbname.as_deref(), Some("db"));
        let info = ok("postgresql://u@h");
        assert_eq!(info.user.as_deref(), Some("u"));
        assert_eq!(info.hosts, ["h"]);
        assert_eq!(info.dbname, None);
        assert_eq!(ok("postgresql://h?dbname=x").dbname.as_deref(), Some("x"));
        assert_eq!(ok("postgresql://h?port=").ports, Vec::<u16>::new());
    }

    #[test]
    fn uri_query_parameters() {
        assert_eq!(
            ok("postgresql://h?ssl=true").sslmode,
            Some(SslMode::Require)
        );
        assert!(
            err("postgresql://h?ssl=false").starts_with(r#"invalid URI query parameter: "ssl""#)
        );
        assert_eq!(
            err("postgresql://h?foo=1"),
            r#"invalid URI query parameter: "foo""#
        );
        assert_eq!(
            err("postgresql://h?service=x"),
            r#"connection option "service" is not supported by triage"#
        );
        assert_eq!(
            ok("postgresql://h?options=-c%20x%3Dy&keepalives=1").hosts,
            ["h"]
        );
        assert_eq!(
            err("postgresql://h?sslmode"),
            r#"missing key/value separator "=" in URI query parameter: "sslmode""#
        );
        assert_eq!(
            err("postgresql://h?sslmode=a=b"),
            r#"extra key/value separator "=" in URI query parameter: "sslmode""#
        );
        assert_eq!(
            ok("postgresql://h?hostaddr=10.0.0.9").hostaddrs,
            [IpAddr::V4(Ipv4Addr::new(10, 0, 0, 9))]
        );
        assert_eq!(password(&ok("postgresql://h?password=a%20b")), Some("a b"));
    }

    #[test]
    fn uri_percent_encoding_errors() {
        assert_eq!(
            err("postgresql://h/d%zz"),
            r#"invalid percent-encoded token in URI database name: "d%zz""#
        );
        assert_eq!(
            err("postgresql://h/d%2"),
            r#"invalid percent-encoded token in URI database name: "d%2""#
        );
        assert_eq!(
            err("postgresql://h/d%00"),
            r#"forbidden value %00 in URI database name: "d%00""#
        );
        assert_eq!(
            err("postgresql://h/d%ff"),
            r#"URI database name is not valid UTF-8 after percent-decoding: "d%ff""#
        );
        // A sign is not a hex digit.
        assert!(err("postgresql://h/%+5").starts_with("invalid percent-encoded token"));
    }

    #[test]
    fn uri_errors_never_show_the_password() {
        for dsn in [
            "postgresql://u:Canary%zz@h/d",
            "postgresql://u:Canary%00@h/d",
            "postgresql://u:Canary%ff@h/d",
            // A raw '/' in the password hides the '@' from libpq.
            "postgresql://u:Can/ary@h/d",
            "postgresql://u:1234/Canary@h/d",
            // A raw '@' in the password.
            "postgresql://u:Can@ary@h/d",
            "postgresql://h/d?password=Canary%zz",
        ] {
            let message = err(dsn);
            for secret in ["Can", "ary", "1234"] {
                assert!(!message.contains(secret), "{dsn}: {message}");
            }
        }
        assert_eq!(
            err("postgresql://u:Canary%zz@h/d"),
            "invalid percent-encoded token in URI password"
        );
        assert_eq!(
            err("postgresql://u:Can/ary@h/d"),
            "unexpected \"@\" in URI after the user name and password (percent-encode \"/\" as %2F and \"@\" as %40 in them)"
        );
    }

    #[test]
    fn uri_host_and_port_counts_must_match() {
        assert_eq!(
            err("postgresql://a,b/d?port=1,2,3"),
            "could not match 3 port numbers to 2 hosts"
        );
    }

    #[test]
    fn a_raw_ampersand_in_a_uri_password_is_never_echoed() {
        let message = err("postgresql://db/orders?password=ab&cd-canary-tail&sslmode=require");
        assert!(!message.contains("cd-canary"), "{message}");
        assert!(message.contains("percent-encode"), "{message}");
    }

    // ---- ConnInfo ----

    #[test]
    fn debug_redacts_the_password() {
        let info = ok("host=h password=hunter2-canary");
        let debug = format!("{info:?}");
        assert!(!debug.contains("hunter2"), "{debug}");
        assert!(
            debug.contains("password: Some(Secret([redacted]))"),
            "{debug}"
        );
        assert!(format!("{:?}", ConnInfo::default()).contains("password: None"));
    }

    #[test]
    fn equality_compares_passwords() {
        assert_eq!(ok("password=a"), ok("postgresql://:a@"));
        assert_ne!(ok("password=a"), ok("password=b"));
        assert_ne!(ok("password=a"), ok(""));
    }

    #[test]
    fn redacted_leaves_out_the_password_and_keeps_the_order() {
        let info = ok(
            "application_name='on call' connect_timeout=9 sslkey=/k sslcert=/c \
             sslrootcert=system sslmode=require user=u dbname=d port=1,2 hostaddr=10.0.0.1,::1 \
             host=a,b password=hunter2",
        );
        assert_eq!(
            info.redacted(),
            "host=a,b hostaddr=10.0.0.1,::1 port=1,2 dbname=d user=u sslmode=require \
             sslrootcert=system sslcert=/c sslkey=/k connect_timeout=9 application_name='on call'"
        );
        assert_eq!(ConnInfo::default().redacted(), "");
        assert_eq!(ok("password=x").redacted(), "");
    }

    #[test]
    fn redacted_quotes_what_needs_it_and_reads_back() {
        let info = ok(r"dbname='my db' user='o\'brien' application_name='back\\slash' host=h");
        let text = info.redacted();
        assert_eq!(
            text,
            r"host=h dbname='my db' user='o\'brien' application_name='back\\slash'"
        );
        assert_eq!(parse(&text).unwrap(), info);

        let empty = ConnInfo {
            dbname: Some(String::new()),
            ..ConnInfo::default()
        };
        assert_eq!(empty.redacted(), "dbname=''");
    }

    #[test]
    fn redacted_rounds_sub_second_timeouts_up() {
        let info = ConnInfo {
            connect_timeout: Some(Duration::from_millis(500)),
            ..ConnInfo::default()
        };
        assert_eq!(info.redacted(), "connect_timeout=1");
    }

    #[test]
    fn uri_and_key_value_forms_agree() {
        let uri = ok("postgresql://u:p@a:1,b:2/d?sslmode=require&application_name=t");
        let kv =
            ok("user=u password=p host=a,b port=1,2 dbname=d sslmode=require application_name=t");
        assert_eq!(uri, kv);
        assert_eq!(parse(&uri.redacted()).unwrap().redacted(), uri.redacted());
    }

    // ---- environment ----

    #[test]
    fn env_fills_only_what_is_missing() {
        let mut info = ok("host=db dbname=orders");
        let env = env_of(&[
            ("PGHOST", "other"),
            ("PGPORT", "6432"),
            ("PGDATABASE", "other"),
            ("PGUSER", "oncall"),
            ("PGPASSWORD", "from-env"),
            ("PGSSLMODE", "verify-ca"),
            ("PGSSLROOTCERT", "system"),
            ("PGSSLCERT", "/c"),
            ("PGSSLKEY", "/k"),
            ("PGAPPNAME", "app"),
            ("PGCONNECT_TIMEOUT", "1"),
        ]);
        let used = info.fill_from_env(&env).unwrap();
        assert_eq!(
            used,
            [
                "PGPORT",
                "PGUSER",
                "PGPASSWORD",
                "PGSSLMODE",
                "PGSSLROOTCERT",
                "PGSSLCERT",
                "PGSSLKEY",
                "PGAPPNAME",
                "PGCONNECT_TIMEOUT"
            ]
        );
        assert_eq!(info.hosts, ["db"]);
        assert_eq!(info.dbname.as_deref(), Some("orders"));
        assert_eq!(info.ports, [6432]);
        assert_eq!(info.user.as_deref(), Some("oncall"));
        assert_eq!(password(&info), Some("from-env"));
        assert_eq!(info.sslmode, Some(SslMode::VerifyCa));
        assert_eq!(info.sslrootcert.as_deref(), Some("system"));
        assert_eq!(info.sslcert, Some(PathBuf::from("/c")));
        assert_eq!(info.sslkey, Some(PathBuf::from("/k")));
        assert_eq!(info.application_name.as_deref(), Some("app"));
        assert_eq!(info.connect_timeout, Some(Duration::from_secs(2)));
    }

    #[test]
    fn env_fills_hosts_and_hostaddrs() {
        let mut info = ConnInfo::default();
        let env = env_of(&[
            ("PGHOST", "a,b"),
            ("PGHOSTADDR", "10.0.0.1,10.0.0.2"),
            ("PGDATABASE", "d"),
        ]);
        assert_eq!(
            info.fill_from_env(&env).unwrap(),
            ["PGHOST", "PGHOSTADDR", "PGDATABASE"]
        );
        assert_eq!(info.hosts, ["a", "b"]);
        assert_eq!(info.hostaddrs.len(), 2);
    }

    #[test]
    fn env_with_nothing_set_changes_nothing() {
        let mut info = ok("host=h port=1");
        let before = info.clone();
        assert!(info.fill_from_env(&|_| None).unwrap().is_empty());
        assert_eq!(info, before);
        // Empty values count as unset, even if the closure passes them on.
        let mut info = ConnInfo::default();
        assert!(
            info.fill_from_env(&|_| Some(String::new()))
                .unwrap()
                .is_empty()
        );
        assert_eq!(info, ConnInfo::default());
    }

    #[test]
    fn env_no_timeout_fills_nothing() {
        let mut info = ConnInfo::default();
        let used = info
            .fill_from_env(&env_of(&[("PGCONNECT_TIMEOUT", "0")]))
            .unwrap();
        assert!(used.is_empty());
        assert_eq!(info.connect_timeout, None);
    }

    #[test]
    fn env_errors_name_the_variable_and_change_nothing() {
        let mut info = ok("host=h");
        let before = info.clone();
        let env = env_of(&[("PGUSER", "u"), ("PGPORT", "x")]);
        assert_eq!(
            info.fill_from_env(&env).unwrap_err(),
            r#"PGPORT: invalid port number: "x""#
        );
        assert_eq!(info, before);
        assert_eq!(
            ConnInfo::default()
                .fill_from_env(&env_of(&[("PGSSLMODE", "on")]))
                .unwrap_err(),
            r#"PGSSLMODE: invalid sslmode value: "on" (use disable, allow, prefer, require, verify-ca or verify-full)"#
        );
        assert_eq!(
            ConnInfo::default()
                .fill_from_env(&env_of(&[("PGHOSTADDR", "nope")]))
                .unwrap_err(),
            r#"PGHOSTADDR: invalid hostaddr "nope""#
        );
        assert_eq!(
            ConnInfo::default()
                .fill_from_env(&env_of(&[("PGCONNECT_TIMEOUT", "soon")]))
                .unwrap_err(),
            r#"PGCONNECT_TIMEOUT: invalid connect_timeout value: "soon""#
        );
    }

    #[test]
    fn env_passwords_are_taken_as_they_are() {
        // PGPASSWORD is never parsed, so it cannot be malformed.
        let mut info = ConnInfo::default();
        info.fill_from_env(&env_of(&[("PGPASSWORD", "a b'c\\d\n")]))
            .unwrap();
        assert_eq!(password(&info), Some("a b'c\\d\n"));
    }

    #[test]
    fn counts_are_checked_after_the_environment() {
        let mut info = ok("port=1,2");
        assert_eq!(
            info.clone().fill_from_env(&|_| None).unwrap_err(),
            "could not match 2 port numbers to 1 hosts"
        );
        assert_eq!(
            info.fill_from_env(&env_of(&[("PGHOST", "a,b")])).unwrap(),
            ["PGHOST"]
        );
        assert_eq!(info.hosts, ["a", "b"]);

        let mut info = ok("host=a,b");
        assert_eq!(
            info.fill_from_env(&env_of(&[("PGPORT", "1,2,3")]))
                .unwrap_err(),
            "could not match 3 port numbers to 2 hosts (with PGPORT from the environment)"
        );
        assert!(info.ports.is_empty());
    }
}
