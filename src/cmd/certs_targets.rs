//! The endpoints `certs check` looks at: command-line targets, target files
//! (`HOST[:PORT] [sni=…] [connect-to=…] [starttls=…]` per line), or the
//! config's TLS endpoints. STARTTLS is inferred from well-known ports.

use crate::cli::StartTlsChoice;
use crate::config::file::StartTls;
use crate::config::settings::parse_host_port;
use crate::file_limits;
use crate::sources::starttls;
use crate::sources::tls::fetch::Endpoint;
use std::path::Path;

/// Options that apply to every target unless its line says otherwise.
#[derive(Debug, Clone, Default)]
pub struct Defaults {
    pub sni: Option<String>,
    pub connect_to: Option<String>,
    pub starttls: Option<StartTlsChoice>,
}

/// A command-line target: `host[:port]`, `[v6]:port`, or a URL such as
/// `https://host:8443/path` (scheme gives the port when none is written).
pub fn parse_target(text: &str, defaults: &Defaults) -> Result<Endpoint, String> {
    let text = text.trim();
    let (scheme, rest) = match text.split_once("://") {
        Some((scheme, rest)) => (Some(scheme.to_ascii_lowercase()), rest),
        None => (None, text),
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    let authority = authority.rsplit('@').next().unwrap_or(authority);
    let (host, port) = parse_host_port(authority)?;
    let port_written = authority.ends_with(&format!(":{port}"));
    let (port, scheme_starttls) = match scheme.as_deref() {
        None | Some("https") | Some("tls") => (port, None),
        Some(scheme) => {
            let (default_port, protocol) = scheme_port(scheme)
                .ok_or_else(|| format!("'{text}': unknown scheme '{scheme}://'"))?;
            (if port_written { port } else { default_port }, protocol)
        }
    };
    let starttls = match defaults.starttls {
        Some(StartTlsChoice::None) => None,
        Some(StartTlsChoice::Protocol(protocol)) => Some(protocol),
        None => scheme_starttls.or_else(|| starttls::for_port(port)),
    };
    if let Some(sni) = &defaults.sni {
        rustls::pki_types::ServerName::try_from(sni.as_str())
            .map_err(|_| format!("'{sni}' is not a valid TLS server name"))?;
    }
    Ok(Endpoint {
        target: if port == 443 && scheme.is_none() && !port_written {
            host.clone()
        } else {
            format_target(&host, port)
        },
        server_name: defaults.sni.clone().unwrap_or_else(|| host.clone()),
        host,
        port,
        connect_to: defaults.connect_to.clone(),
        starttls,
    })
}

/// Ports and STARTTLS of the schemes people paste.
fn scheme_port(scheme: &str) -> Option<(u16, Option<StartTls>)> {
    Some(match scheme {
        "smtps" => (465, None),
        "smtp" => (25, Some(StartTls::Smtp)),
        "imaps" => (993, None),
        "imap" => (143, Some(StartTls::Imap)),
        "pop3s" => (995, None),
        "pop3" => (110, Some(StartTls::Pop3)),
        "ldaps" => (636, None),
        "ldap" => (389, Some(StartTls::Ldap)),
        "ftps" => (990, None),
        "postgres" | "postgresql" => (5432, Some(StartTls::Postgres)),
        "mysql" => (3306, Some(StartTls::Mysql)),
        _ => return None,
    })
}

fn format_target(host: &str, port: u16) -> String {
    if host.contains(':') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    }
}

/// A target file's lines; errors name the file and line.
pub fn parse_target_file(
    text: &str,
    source: &str,
    defaults: &Defaults,
) -> Result<Vec<Endpoint>, String> {
    let mut endpoints = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let at = |message: String| format!("{source} line {}: {message}", number + 1);
        let mut words = line.split_whitespace();
        let target = words.next().unwrap_or_default();
        let mut options = defaults.clone();
        for word in words {
            let (key, value) = word.split_once('=').ok_or_else(|| {
                at(format!(
                    "'{word}' is not KEY=VALUE (sni=, connect-to=, starttls=)"
                ))
            })?;
            match key {
                "sni" => options.sni = Some(value.to_string()),
                "connect-to" | "connect_to" => options.connect_to = Some(value.to_string()),
                "starttls" if value.eq_ignore_ascii_case("none") => {
                    options.starttls = Some(StartTlsChoice::None)
                }
                "starttls" => {
                    options.starttls = Some(StartTlsChoice::Protocol(
                        starttls::parse(value).map_err(at)?,
                    ))
                }
                _ => {
                    return Err(at(format!(
                        "unknown option '{key}' (sni=, connect-to=, starttls=)"
                    )));
                }
            }
        }
        endpoints.push(parse_target(target, &options).map_err(at)?);
    }
    Ok(endpoints)
}

/// Reads a target file (`-` is standard input).
pub fn read_target_file(path: &Path, defaults: &Defaults) -> Result<Vec<Endpoint>, String> {
    let (text, source) = if path == Path::new("-") {
        let text = file_limits::read_from(std::io::stdin(), file_limits::TARGETS)
            .and_then(file_limits::utf8)
            .map_err(|err| format!("--file -: {err}"))?;
        (text, "stdin".to_string())
    } else {
        let text = file_limits::read_to_string(path, file_limits::TARGETS)
            .map_err(|err| format!("--file {}: {err}", path.display()))?;
        (text, path.display().to_string())
    };
    parse_target_file(&text, &source, defaults)
}

/// The same endpoint named twice is checked once.
pub fn deduplicate(endpoints: Vec<Endpoint>) -> Vec<Endpoint> {
    let mut unique: Vec<Endpoint> = Vec::with_capacity(endpoints.len());
    for endpoint in endpoints {
        if !unique.contains(&endpoint) {
            unique.push(endpoint);
        }
    }
    unique
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(text: &str) -> Endpoint {
        parse_target(text, &Defaults::default()).unwrap()
    }

    #[test]
    fn hosts_ports_and_urls() {
        let plain = target("api.example.com");
        assert_eq!(
            (plain.target.as_str(), plain.port, plain.starttls),
            ("api.example.com", 443, None)
        );
        assert_eq!(
            target("api.example.com:8443").target,
            "api.example.com:8443"
        );
        let url = target("https://api.example.com:9443/health?x=1");
        assert_eq!((url.host.as_str(), url.port), ("api.example.com", 9443));
        let v6 = target("[::1]:8443");
        assert_eq!(
            (v6.host.as_str(), v6.target.as_str()),
            ("::1", "[::1]:8443")
        );
        assert_eq!(target("smtp://mail.example.com").port, 25);
        assert_eq!(target("ldaps://ldap.example.com").starttls, None);
        assert!(parse_target("gopher://x", &Defaults::default()).is_err());
    }

    #[test]
    fn starttls_follows_the_port_unless_told() {
        assert_eq!(
            target("mail.example.com:587").starttls,
            Some(StartTls::Smtp)
        );
        assert_eq!(
            target("db.example.com:5432").starttls,
            Some(StartTls::Postgres)
        );
        assert_eq!(target("mail.example.com:465").starttls, None);
        let off = Defaults {
            starttls: Some(StartTlsChoice::None),
            ..Defaults::default()
        };
        assert_eq!(
            parse_target("mail.example.com:25", &off).unwrap().starttls,
            None
        );
    }

    #[test]
    fn target_files_have_comments_and_per_line_options() {
        let text = "# production\napi.example.com\n\nmail.example.com:2525 starttls=smtp sni=mx.example.com # relay\nlb.example.com connect-to=10.0.0.7\n";
        let endpoints = parse_target_file(text, "targets.txt", &Defaults::default()).unwrap();
        assert_eq!(endpoints.len(), 3);
        assert_eq!(endpoints[1].starttls, Some(StartTls::Smtp));
        assert_eq!(endpoints[1].server_name, "mx.example.com");
        assert_eq!(endpoints[2].connect_to.as_deref(), Some("10.0.0.7"));
        let err = parse_target_file(
            "ok.example.com\nbad.example.com colour=red\n",
            "t.txt",
            &Defaults::default(),
        )
        .unwrap_err();
        assert!(
            err.starts_with("t.txt line 2: unknown option 'colour'"),
            "{err}"
        );
        let err = parse_target_file("host:99999\n", "t.txt", &Defaults::default()).unwrap_err();
        assert!(err.starts_with("t.txt line 1:"), "{err}");
    }

    #[test]
    fn duplicates_are_checked_once() {
        let twice = vec![
            target("a.example.com"),
            target("a.example.com:443"),
            target("b.example.com"),
        ];
        assert_eq!(
            deduplicate(twice).len(),
            3,
            "a.example.com and a.example.com:443 differ only in label"
        );
        assert_eq!(
            deduplicate(vec![target("a.example.com"), target("a.example.com")]).len(),
            1
        );
    }
}
