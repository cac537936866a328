//! libpq's password file (`~/.pgpass`, `$PGPASSFILE`), read and matched the
//! way libpq does, so a password that works for `psql` works for triage.
//!
//! Each line is `hostname:port:database:username:password`; a field of just
//! `*` matches anything, `\:` and `\\` are a literal colon and backslash, and
//! the first matching line wins. Passwords never appear in `Debug` output.

use crate::config::secret::Secret;
use std::fmt;
use std::path::Path;

/// Socket directories that libpq builds use as their default
/// (`DEFAULT_PGSOCKET_DIR`: `/tmp` upstream, `/var/run/postgresql` on Debian
/// and Red Hat; `/run/postgresql` is the same directory on current systems).
/// libpq looks up a connection through the default directory as `localhost`.
const DEFAULT_SOCKET_DIRS: &[&str] = &["/tmp", "/var/run/postgresql", "/run/postgresql"];

/// One line of the file. `None` is the `*` wildcard.
#[derive(Clone)]
struct Entry {
    host: Option<String>,
    port: Option<String>,
    database: Option<String>,
    user: Option<String>,
    password: Secret,
}

/// The entries of a password file, in file order (the first match wins, as in libpq).
#[derive(Clone, Default)]
pub struct PgPass {
    entries: Vec<Entry>,
}

impl fmt::Debug for PgPass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Only the count: even host and user names hint at what the file unlocks.
        f.debug_struct("PgPass")
            .field("entries", &self.entries.len())
            .finish()
    }
}

/// Parses the text of a password file. Lines that are not entries (comments
/// starting with `#`, blank lines, lines with fewer than five fields) are
/// skipped, as libpq skips them.
pub fn parse(text: &str) -> PgPass {
    let entries = text
        .split('\n')
        .map(|line| line.trim_end_matches(['\r', '\n']))
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .filter_map(parse_line)
        .collect();
    PgPass { entries }
}

/// One entry line, or `None` when it has fewer than five fields.
fn parse_line(line: &str) -> Option<Entry> {
    let mut chars = line.chars();
    let mut fields: [Option<String>; 4] = Default::default();
    for field in &mut fields {
        let mut value = String::new();
        // libpq's wildcard is a field of exactly `*`; `\*` is a literal star.
        let mut raw_star = true;
        let mut len = 0;
        loop {
            match chars.next()? {
                ':' => break,
                '\\' => {
                    value.push(chars.next()?);
                    raw_star = false;
                }
                c => {
                    raw_star &= c == '*';
                    value.push(c);
                }
            }
            len += 1;
        }
        *field = if raw_star && len == 1 {
            None
        } else {
            Some(value)
        };
    }
    // As libpq: the password ends at the next unescaped ':' (what follows is ignored).
    let mut password = String::new();
    while let Some(c) = chars.next() {
        match c {
            // A trailing lone backslash stays, as in libpq.
            '\\' => password.push(chars.next().unwrap_or('\\')),
            ':' => break,
            c => password.push(c),
        }
    }
    let [host, port, database, user] = fields;
    Some(Entry {
        host,
        port,
        database,
        user,
        password: Secret::new(password),
    })
}

/// The host name to look a connection up under, as libpq chooses it: the
/// host as given; `localhost` when connecting through a Unix socket in the
/// default directory or when nothing is given (libpq's default host is that
/// socket); the hostaddr when only a hostaddr is given.
///
/// Like libpq, a socket directory other than the default is looked up by its
/// path (an entry `/srv/pg:5432:...` matches `host=/srv/pg`), not as `localhost`.
pub fn host_for_lookup(host: Option<&str>, hostaddr: Option<&str>) -> String {
    match host.filter(|host| !host.is_empty()) {
        Some(host) if DEFAULT_SOCKET_DIRS.contains(&host) => "localhost".to_string(),
        Some(host) => host.to_string(),
        None => hostaddr
            .filter(|address| !address.is_empty())
            .unwrap_or("localhost")
            .to_string(),
    }
}

impl PgPass {
    /// libpq's match: each of hostname:port:database:username must equal the
    /// field exactly (case-sensitive) or the field is `*`. Pass `host` through
    /// [`host_for_lookup`] first.
    ///
    /// The first matching entry decides; an empty password there means "no
    /// password", as in libpq (later entries are not tried). An empty database
    /// or user name never matches, as libpq does not look those up.
    pub fn lookup(&self, host: &str, port: u16, database: &str, user: &str) -> Option<Secret> {
        if database.is_empty() || user.is_empty() {
            return None;
        }
        let port = port.to_string();
        let matches =
            |field: &Option<String>, value: &str| field.as_deref().is_none_or(|f| f == value);
        let entry = self.entries.iter().find(|entry| {
            matches(&entry.host, host)
                && matches(&entry.port, &port)
                && matches(&entry.database, database)
                && matches(&entry.user, user)
        })?;
        (!entry.password.expose().is_empty()).then(|| entry.password.clone())
    }

    /// How many entries the file has (comments and skipped lines not counted).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// What reading the file came to.
#[derive(Debug, Clone)]
pub enum PasswordFile {
    Loaded(PgPass),
    /// No file at the path: not an error, as in libpq.
    Missing,
    /// Not a plain file, or group- or world-readable: ignored, as libpq does,
    /// with this warning text.
    Ignored(String),
}

/// Reads a password file. Like libpq: a missing file is not an error; a file
/// that is not a regular file is ignored with a warning; on Unix a file with
/// any group or other permission bits (mode & 0o077 != 0) is ignored with the
/// warning `password file "PATH" has group or world access; permissions
/// should be u=rw (0600) or less`. A file that cannot be opened is ignored with
/// a warning too; only one that opens but cannot be read is an error.
pub fn load(path: &Path) -> Result<PasswordFile, String> {
    let cannot_read =
        |err: std::io::Error| format!("cannot read password file \"{}\": {err}", path.display());
    // Open first and check the opened file, as libpq does, so the checks and
    // the read are about the same file.
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(PasswordFile::Missing),
        // libpq skips a file it cannot open; so does triage, but it says so.
        Err(err) => return Ok(PasswordFile::Ignored(cannot_read(err))),
    };
    let metadata = file.metadata().map_err(cannot_read)?;
    if !metadata.is_file() {
        return Ok(PasswordFile::Ignored(format!(
            "password file \"{}\" is not a plain file",
            path.display()
        )));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // libpq refuses a file others could read: the passwords may already be known.
        if metadata.permissions().mode() & 0o077 != 0 {
            return Ok(PasswordFile::Ignored(format!(
                "password file \"{}\" has group or world access; permissions should be u=rw (0600) or less",
                path.display()
            )));
        }
    }
    let text = crate::file_limits::read_from(file, crate::file_limits::CONFIG)
        .and_then(crate::file_limits::utf8)
        .map_err(cannot_read)?;
    Ok(PasswordFile::Loaded(parse(&text)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn password(
        pgpass: &PgPass,
        host: &str,
        port: u16,
        database: &str,
        user: &str,
    ) -> Option<String> {
        pgpass
            .lookup(host, port, database, user)
            .map(|secret| secret.expose().to_string())
    }

    #[test]
    fn an_exact_entry_matches_only_itself() {
        let pgpass = parse("db.example:5432:orders:oncall:s3cret\n");
        assert_eq!(pgpass.len(), 1);
        assert_eq!(
            password(&pgpass, "db.example", 5432, "orders", "oncall").as_deref(),
            Some("s3cret")
        );
        assert_eq!(password(&pgpass, "other", 5432, "orders", "oncall"), None);
        assert_eq!(
            password(&pgpass, "db.example", 5433, "orders", "oncall"),
            None
        );
        assert_eq!(
            password(&pgpass, "db.example", 5432, "other", "oncall"),
            None
        );
        assert_eq!(
            password(&pgpass, "db.example", 5432, "orders", "other"),
            None
        );
        // Case matters, as in libpq.
        assert_eq!(
            password(&pgpass, "DB.example", 5432, "orders", "oncall"),
            None
        );
    }

    #[test]
    fn a_star_in_each_field_matches_anything() {
        for (line, miss) in [
            ("*:5432:orders:oncall:pw", ("x", 5433, "orders", "oncall")),
            ("db:*:orders:oncall:pw", ("db", 1, "other", "oncall")),
            ("db:5432:*:oncall:pw", ("db", 5432, "any", "other")),
            ("db:5432:orders:*:pw", ("other", 5432, "orders", "any")),
        ] {
            let pgpass = parse(line);
            let hit = match line.split(':').position(|field| field == "*") {
                Some(0) => ("anything", 5432, "orders", "oncall"),
                Some(1) => ("db", 6543, "orders", "oncall"),
                Some(2) => ("db", 5432, "anything", "oncall"),
                _ => ("db", 5432, "orders", "anything"),
            };
            assert_eq!(
                password(&pgpass, hit.0, hit.1, hit.2, hit.3).as_deref(),
                Some("pw"),
                "{line}"
            );
            assert_eq!(
                password(&pgpass, miss.0, miss.1, miss.2, miss.3),
                None,
                "{line}"
            );
        }
        let everything = parse("*:*:*:*:pw");
        assert_eq!(
            password(&everything, "h", 1, "d", "u").as_deref(),
            Some("pw")
        );
    }

    #[test]
    fn a_star_is_a_wildcard_only_on_its_own() {
        let pgpass = parse("db*:5432:orders:oncall:a\n\\*:5432:orders:oncall:b\n");
        assert_eq!(password(&pgpass, "dbx", 5432, "orders", "oncall"), None);
        assert_eq!(
            password(&pgpass, "db*", 5432, "orders", "oncall").as_deref(),
            Some("a")
        );
        assert_eq!(
            password(&pgpass, "*", 5432, "orders", "oncall").as_deref(),
            Some("b")
        );
        assert_eq!(password(&pgpass, "other", 5432, "orders", "oncall"), None);
    }

    #[test]
    fn the_first_match_wins() {
        let pgpass = parse(
            "db:5432:orders:oncall:specific\n\
             *:*:*:oncall:general\n\
             db:5432:orders:oncall:too-late\n",
        );
        assert_eq!(
            password(&pgpass, "db", 5432, "orders", "oncall").as_deref(),
            Some("specific")
        );
        assert_eq!(
            password(&pgpass, "other", 1, "x", "oncall").as_deref(),
            Some("general")
        );

        let general_first = parse("*:*:*:*:general\ndb:5432:orders:oncall:specific\n");
        assert_eq!(
            password(&general_first, "db", 5432, "orders", "oncall").as_deref(),
            Some("general")
        );
    }

    #[test]
    fn an_empty_password_in_the_first_match_means_none() {
        let pgpass = parse("db:5432:orders:oncall:\n*:*:*:*:fallback\n");
        assert_eq!(pgpass.len(), 2);
        assert_eq!(password(&pgpass, "db", 5432, "orders", "oncall"), None);
        assert_eq!(
            password(&pgpass, "x", 5432, "orders", "oncall").as_deref(),
            Some("fallback")
        );
    }

    #[test]
    fn escapes_in_host_and_password() {
        let pgpass = parse(r"fe80\:\:1:5432:orders:oncall:pa\:ss\\word");
        assert_eq!(
            password(&pgpass, "fe80::1", 5432, "orders", "oncall").as_deref(),
            Some(r"pa:ss\word")
        );
        let pgpass = parse(r"back\\slash:5432:d\:b:u\\x:pw");
        assert_eq!(
            password(&pgpass, r"back\slash", 5432, "d:b", r"u\x").as_deref(),
            Some("pw")
        );
        // Any escaped character is itself, as in libpq.
        let pgpass = parse(r"\h:5432:d:u:\p\w");
        assert_eq!(
            password(&pgpass, "h", 5432, "d", "u").as_deref(),
            Some("pw")
        );
    }

    #[test]
    fn the_password_ends_at_an_unescaped_colon() {
        // As libpq: what follows the next ':' is ignored.
        let pgpass = parse("h:5432:d:u:a:b:c");
        assert_eq!(password(&pgpass, "h", 5432, "d", "u").as_deref(), Some("a"));
        // Spaces and '#' inside are part of it; a trailing lone backslash stays.
        let pgpass = parse("h:5432:d:u: p #w \\");
        assert_eq!(
            password(&pgpass, "h", 5432, "d", "u").as_deref(),
            Some(" p #w \\")
        );
    }

    #[test]
    fn comments_blank_short_and_crlf_lines() {
        let text = "# a comment: h:5432:d:u:commented\n\
                    \n\
                    h:5432:d:u\n\
                    h:5432:d\n\
                    just-text\n\
                    h:5432:d:u:\\\n\
                    \r\n\
                    h:5432:d:u:windows\r\n\
                    h:5432:d:u2:last";
        let pgpass = parse(text);
        // Three entries: "h:5432:d:u:\" (its password a lone backslash),
        // "...:windows" and "...:last"; everything else is skipped.
        assert_eq!(pgpass.len(), 3);
        assert_eq!(
            password(&pgpass, "h", 5432, "d", "u").as_deref(),
            Some("\\")
        );
        assert_eq!(
            password(&pgpass, "h", 5432, "d", "u2").as_deref(),
            Some("last")
        );

        let pgpass = parse("h:5432:d:u:windows\r\n");
        assert_eq!(
            password(&pgpass, "h", 5432, "d", "u").as_deref(),
            Some("windows")
        );
        // An escaped separator does not count towards the five fields.
        assert!(parse(r"h:5432:d:u\:pw").is_empty());
        // A comment must start the line.
        assert!(parse("# h:5432:d:u:pw").is_empty());
        assert!(parse("").is_empty());
        assert_eq!(PgPass::default().len(), 0);
    }

    #[test]
    fn empty_database_or_user_is_never_looked_up() {
        let pgpass = parse("*:*:*:*:pw");
        assert_eq!(password(&pgpass, "h", 5432, "", "u"), None);
        assert_eq!(password(&pgpass, "h", 5432, "d", ""), None);
    }

    #[test]
    fn host_for_lookup_follows_libpq() {
        assert_eq!(host_for_lookup(Some("db.example"), None), "db.example");
        assert_eq!(
            host_for_lookup(Some("db.example"), Some("10.0.0.1")),
            "db.example"
        );
        assert_eq!(host_for_lookup(None, None), "localhost");
        assert_eq!(host_for_lookup(Some(""), None), "localhost");
        assert_eq!(host_for_lookup(None, Some("10.0.0.1")), "10.0.0.1");
        assert_eq!(host_for_lookup(Some(""), Some("10.0.0.1")), "10.0.0.1");
        for dir in ["/tmp", "/var/run/postgresql", "/run/postgresql"] {
            assert_eq!(host_for_lookup(Some(dir), None), "localhost");
            assert_eq!(host_for_lookup(Some(dir), Some("10.0.0.1")), "localhost");
        }
        // Another socket directory is looked up by its path.
        assert_eq!(host_for_lookup(Some("/srv/pg"), None), "/srv/pg");
        let pgpass = parse("/srv/pg:5432:d:u:socket\nlocalhost:5432:d:u:local\n");
        let lookup =
            |host: Option<&str>| password(&pgpass, &host_for_lookup(host, None), 5432, "d", "u");
        assert_eq!(lookup(Some("/srv/pg")).as_deref(), Some("socket"));
        assert_eq!(
            lookup(Some("/var/run/postgresql")).as_deref(),
            Some("local")
        );
        assert_eq!(lookup(None).as_deref(), Some("local"));
    }

    #[test]
    fn debug_never_shows_a_password() {
        let pgpass = parse("h:5432:d:u:hunter2-canary\n*:*:*:*:other-canary\n# c\n");
        let debug = format!("{pgpass:?}");
        assert_eq!(debug, "PgPass { entries: 2 }");
        let loaded = format!("{:?}", PasswordFile::Loaded(pgpass));
        assert!(!loaded.contains("canary"), "{loaded}");
    }

    #[test]
    fn load_checks_permissions_like_libpq() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pgpass");
        std::fs::write(&path, "h:5432:d:u:pw\n").unwrap();

        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        match load(&path).unwrap() {
            PasswordFile::Ignored(warning) => assert_eq!(
                warning,
                format!(
                    "password file \"{}\" has group or world access; permissions should be u=rw (0600) or less",
                    path.display()
                )
            ),
            other => panic!("0644 was not ignored: {other:?}"),
        }
        for mode in [0o640, 0o604, 0o610, 0o601] {
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
            assert!(
                matches!(load(&path).unwrap(), PasswordFile::Ignored(_)),
                "{mode:o}"
            );
        }

        for mode in [0o600, 0o400] {
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
            match load(&path).unwrap() {
                PasswordFile::Loaded(pgpass) => assert_eq!(
                    password(&pgpass, "h", 5432, "d", "u").as_deref(),
                    Some("pw")
                ),
                other => panic!("{mode:o} was not loaded: {other:?}"),
            }
        }
    }

    #[test]
    fn a_missing_file_is_not_an_error() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            load(&dir.path().join("nope")).unwrap(),
            PasswordFile::Missing
        ));
    }

    #[test]
    fn a_directory_is_ignored_with_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        match load(dir.path()).unwrap() {
            PasswordFile::Ignored(warning) => assert_eq!(
                warning,
                format!(
                    "password file \"{}\" is not a plain file",
                    dir.path().display()
                )
            ),
            other => panic!("a directory was not ignored: {other:?}"),
        }
    }

    #[test]
    fn a_file_that_cannot_be_opened_is_ignored_naming_the_path() {
        let dir = tempfile::tempdir().unwrap();
        // A path through a regular file cannot be opened (ENOTDIR), whoever runs the test.
        let file = dir.path().join("file");
        std::fs::write(&file, "").unwrap();
        let path = file.join("pgpass");
        let PasswordFile::Ignored(err) = load(&path).unwrap() else {
            panic!("not ignored");
        };
        assert!(
            err.starts_with(&format!(
                "cannot read password file \"{}\": ",
                path.display()
            )),
            "{err}"
        );

        // Not UTF-8: readable bytes, but not text we can hand on.
        let path = dir.path().join("binary");
        std::fs::write(&path, b"h:5432:d:u:\xff\n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert!(
            load(&path)
                .unwrap_err()
                .contains(&path.display().to_string())
        );
    }
}
