//! Bad input everywhere gets one clear line: flags, durations, times, config
//! files, target files and bundles, each exits 3 (UNKNOWN, never CRITICAL)
//! with a single `triage: error:` line that says what to do.

use crate::support::Triage;

/// Files the cases refer to, written under the run's `$HOME`.
const FILES: &[(&str, &str)] = &[
    (
        "bad-targets.txt",
        "ok.example.com\nbad.example.com colour=red\n",
    ),
    ("foreign.json", r#"{"schema": "triage.evidence/v9"}"#),
    (
        "corrupt.json",
        "{\"schema\": \"triage.evidence/v1\", \"window\": ",
    ),
    (
        "unknown-key.toml",
        "[env.prod]\nprometheus = { url = \"http://p:9090\", colour = \"red\" }\n",
    ),
    (
        "dsn-password.toml",
        "[[env.prod.postgres]]\nname = \"orders\"\ndsn = \"postgres://u:canary-pw-7e1@db/orders\"\n",
    ),
    (
        "bad-depends.toml",
        "[env.prod.prometheus]\nurl = \"http://p:9090\"\n[env.prod.services.api]\ndepends_on = [\"nothing\"]\n",
    ),
    ("broken.toml", "[env.prod.prometheus\nurl = 1\n"),
    ("empty-targets.txt", "# nothing here yet\n"),
];

/// (arguments, with `~` for the run's home; what the error line must say).
const CASES: &[(&str, &str)] = &[
    (
        "prom health --prometheus http://127.0.0.1:1 --since 5",
        "has no unit: write 5s, 5m or 5h",
    ),
    (
        "--timeout 0s config check",
        "is zero: a duration must be positive",
    ),
    (
        "--timeout 2d config check",
        "longer than the 24h a deadline may be",
    ),
    (
        "prom health --prometheus http://127.0.0.1:1 --from 2026-13-01T00:00:00Z",
        "is not an RFC 3339 time",
    ),
    (
        "prom health --prometheus http://127.0.0.1:1 --from 2026-11-02T00:00:00Z --to 2026-11-01T00:00:00Z",
        "the window is empty",
    ),
    (
        "-o nagios pg connections",
        "cannot write -o nagios; it supports: table, markdown, json",
    ),
    (
        "-o prometheus investigate --replay ~/foreign.json",
        "cannot write -o prometheus; it supports: markdown, json",
    ),
    (
        "certs check x.example.com --concurrency 0",
        "0 is not in 1..=1024",
    ),
    ("certs check --file ~/missing.txt", "--file"),
    (
        "certs check --file ~/bad-targets.txt",
        "bad-targets.txt line 2: unknown option 'colour'",
    ),
    ("certs check --file ~/empty-targets.txt", "nothing to check"),
    (
        "certs check x.example.com --warn soon",
        "'soon' is not a duration",
    ),
    (
        "certs check x.example.com --warn 3d --crit 7d",
        "--warn 3d is closer to expiry than --crit 7d",
    ),
    (
        "certs check x.example.com --starttls gopher",
        "unknown STARTTLS protocol 'gopher'",
    ),
    (
        "certs check x.example.com --unknown-as maybe",
        "possible values: critical, warning, unknown",
    ),
    (
        "certs check x.example.com --ca-file ~/missing-ca.pem",
        "--ca-file",
    ),
    (
        "certs check x.example.com:99999",
        "is not host:port (for example api.example.com:443)",
    ),
    (
        "certs check x.example.com --push-gateway http://u:canary-pw-7e1@gw:9091",
        "--push-gateway has credentials in it",
    ),
    (
        "certs check x.example.com --push-gateway gw:9091",
        "--push-gateway is not an http:// or https:// URL",
    ),
    (
        "--config /dev/zero config check",
        "/dev/zero: a device, not a file",
    ),
    (
        "investigate --replay /dev/zero",
        "--replay /dev/zero: a device, not a file",
    ),
    (
        "certs check --file /dev/zero",
        "--file /dev/zero: a device, not a file",
    ),
    (
        "certs check x.example.com --connect-timeout forever",
        "expected something like 30s, 5m, 1h30m or 7d",
    ),
    ("investigate --replay ~/missing.json", "--replay"),
    (
        "investigate --replay ~/foreign.json",
        "schema 'triage.evidence/v9'; this triage reads 'triage.evidence/v1'",
    ),
    (
        "investigate --replay ~/corrupt.json",
        "not an evidence bundle: not JSON",
    ),
    (
        "investigate --replay ~/foreign.json --prometheus http://p:9090",
        "source flags",
    ),
    (
        "investigate --since 1h --from 2026-11-01T00:00:00Z",
        "cannot be used with",
    ),
    (
        "--config ~/missing.toml config check",
        "does not exist: check the path, or unset --config",
    ),
    (
        "--config ~/unknown-key.toml config check",
        "unknown-key.toml:2:39: env.prod.prometheus.colour: unknown field `colour`",
    ),
    (
        "--config ~/dsn-password.toml config check",
        "contains a password: move it to password_file or password_env",
    ),
    (
        "--config ~/bad-depends.toml config check",
        "'nothing' is not a service, database or TLS endpoint",
    ),
    (
        "--config ~/broken.toml config check",
        "broken.toml:1:21: unclosed table",
    ),
    (
        "--config ~/bad-depends.toml --env nope config check",
        "environment 'nope' is not in",
    ),
    (
        "pg connections --postgres postgres://x/db?sslmode=bogus",
        "use disable, allow, prefer, require, verify-ca or verify-full",
    ),
    ("pg connections --samples 0", "0 is not in 1..=60"),
    (
        "pg connections --postgres host=x --warn-connections 90% --crit-connections 80%",
        "the warning must come first",
    ),
    ("pg activity --long 1 --postgres host=x", "has no unit"),
    (
        "k8s pods --kubeconfig ~/missing-kubeconfig",
        "--kubeconfig: cannot read",
    ),
    ("k8s pods -n a -A", "cannot be used with '--all-namespaces'"),
    (
        "k8s events --since yesterday",
        "'yesterday' is not a duration",
    ),
    ("prom query", "required arguments were not provided <EXPR>"),
    ("prom health --prometheus not-a-url", "is not a URL"),
    ("completions nosh", "a similar value exists: 'zsh'"),
    ("config nope", "unrecognized subcommand 'nope'"),
];

#[test]
fn every_bad_input_is_one_clear_line_and_unknown() {
    assert!(CASES.len() >= 30);
    let mut wrong = Vec::new();
    for (args, needle) in CASES {
        let triage = Triage::new();
        for (name, content) in FILES {
            triage.home_file(name, content);
        }
        let home = triage
            .home_file("placeholder", "")
            .parent()
            .unwrap()
            .to_path_buf();
        let args: Vec<String> = args
            .split(' ')
            .map(|arg| arg.replacen('~', &home.display().to_string(), 1))
            .collect();
        let outcome = triage.args(&args).run();
        let lines: Vec<&str> = outcome.stderr.lines().collect();
        let one_line = lines.len() == 1 && lines[0].starts_with("triage: error: ");
        if outcome.code != 3
            || !one_line
            || !outcome.stderr.contains(needle)
            || outcome.stderr.contains("canary-pw-7e1")
        {
            wrong.push(format!(
                "{args:?}: exit {}, stderr {:?}",
                outcome.code, outcome.stderr
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} cases:\n{}",
        wrong.len(),
        CASES.len(),
        wrong.join("\n")
    );
}
