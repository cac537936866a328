//! Bad input: every case exits 3 (UNKNOWN) with one line that says what to do.

use crate::support::Triage;

#[test]
fn unknown_flag_exits_3_with_a_tip() {
    Triage::new()
        .args(["config", "check", "--conect"])
        .run()
        .code(3)
        .one_error_line()
        .stderr_has("unexpected argument '--conect'")
        .stderr_has("--connect");
}

#[test]
fn missing_subcommand_exits_3_and_says_so() {
    Triage::new()
        .run()
        .code(3)
        .one_error_line()
        .stderr_has("a subcommand is required: triage [OPTIONS] <COMMAND>");
    Triage::new()
        .args(["config"])
        .run()
        .code(3)
        .one_error_line()
        .stderr_has("see 'triage config --help'");
}

#[test]
fn a_missing_config_file_named_by_the_environment_says_which_variable() {
    Triage::new()
        .args(["config", "check"])
        .env("TRIAGE_CONFIG", "/nonexistent/triage.toml")
        .run()
        .code(3)
        .one_error_line()
        .stderr_has("(named by $TRIAGE_CONFIG)");
}

#[test]
fn an_absurd_timeout_is_a_usage_error_not_a_crash() {
    Triage::new()
        .args(["--timeout", "18446744073709551615s", "config", "check"])
        .run()
        .code(3)
        .one_error_line();
}

#[test]
fn malformed_duration_exits_3() {
    Triage::new()
        .args(["--timeout", "soon", "config", "check"])
        .run()
        .code(3)
        .one_error_line()
        .stderr_has("'soon' is not a duration");
    Triage::new()
        .args(["--timeout", "30", "config", "check"])
        .run()
        .code(3)
        .one_error_line()
        .stderr_has("write 30s");
}

#[test]
fn malformed_duration_from_the_environment_exits_3() {
    Triage::new()
        .args(["config", "check"])
        .env("TRIAGE_TIMEOUT", "1 fortnight")
        .run()
        .code(3)
        .one_error_line();
}

#[test]
fn missing_config_file_named_by_flag_exits_3() {
    Triage::new()
        .args(["--config", "/nonexistent/triage.toml", "config", "check"])
        .run()
        .code(3)
        .one_error_line()
        .stderr_has("config file /nonexistent/triage.toml (named by --config) does not exist");
}

#[test]
fn invalid_toml_exits_3_naming_file_and_line() {
    let triage = Triage::new();
    let path = triage.home_file(
        "bad.toml",
        "[env.prod.prometheus]\nurl = \"http://p:9090\"\nurl = \"again\"\n",
    );
    triage
        .args([
            "--config".as_ref(),
            path.as_os_str(),
            "config".as_ref(),
            "check".as_ref(),
        ])
        .run()
        .code(3)
        .one_error_line()
        .stderr_has(&format!("{}:3:", path.display()));
}

#[test]
fn unknown_key_exits_3_naming_file_line_and_key() {
    let triage = Triage::new();
    triage.home_file(
        ".config/triage/config.toml",
        "[env.prod.kubernetes]\ncontext = \"prod\"\nnamespace = \"api\"\n",
    );
    triage
        .args(["config", "check"])
        .run()
        .code(3)
        .one_error_line()
        .stderr_has("config.toml:3:1: env.prod.kubernetes.namespace: unknown field `namespace`");
}

#[test]
fn wrong_type_exits_3_naming_the_key() {
    let triage = Triage::new();
    triage.home_file(
        ".config/triage/config.toml",
        "[env.prod.kubernetes]\nnamespaces = \"api\"\n",
    );
    triage
        .args(["config", "check"])
        .run()
        .code(3)
        .one_error_line()
        .stderr_has("config.toml:2:14: env.prod.kubernetes.namespaces: invalid type");
}

#[test]
fn unreadable_secret_file_exits_3() {
    let triage = Triage::new();
    triage.home_file(
        ".config/triage/config.toml",
        "[env.prod.prometheus]\nurl = \"http://127.0.0.1:9\"\nbearer_token_file = \"/nonexistent/token\"\n",
    );
    triage
        .args(["config", "check"])
        .run()
        .code(3)
        .one_error_line()
        .stderr_has("env.prod.prometheus.bearer_token: cannot read secret file /nonexistent/token");
}

#[test]
fn unknown_environment_exits_3_listing_the_known_ones() {
    let triage = Triage::new();
    triage.home_file(
        ".config/triage/config.toml",
        "[env.prod-eu]\n[env.staging]\n",
    );
    triage
        .args(["--env", "prod", "config", "check"])
        .run()
        .code(3)
        .one_error_line()
        .stderr_has("environment 'prod' is not in")
        .stderr_has("it has: prod-eu, staging");
}

#[test]
fn unsupported_output_format_exits_3() {
    Triage::new()
        .args(["config", "check", "-o", "markdown"])
        .run()
        .code(3)
        .one_error_line()
        .stderr_has("it supports: table, json");
}

#[test]
fn help_documents_the_exit_codes_and_exits_0() {
    Triage::new()
        .args(["--help"])
        .run()
        .code(0)
        .stdout_has("0  OK")
        .stdout_has("3  UNKNOWN");
}

#[test]
fn version_exits_0() {
    Triage::new()
        .args(["--version"])
        .run()
        .code(0)
        .stdout_has(env!("CARGO_PKG_VERSION"));
}
