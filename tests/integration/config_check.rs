//! `triage config check` without --connect: validation and what each source
//! would connect to, secrets redacted.

use crate::support::Triage;

const CANARY_TOKEN: &str = "canary-token-6b1f0c";
const CANARY_PASSWORD: &str = "canary-password-93ad2e";
const CANARY_KUBE_TOKEN: &str = "canary-kube-token-4c77";

/// A config with every kind of source and secret, under a fresh `$HOME`.
fn full_config() -> Triage {
    let triage = Triage::new();
    let token = triage.home_file("secrets/prom-token", &format!("{CANARY_TOKEN}\n"));
    let kubeconfig = triage.home_file(
        "kube/config",
        &format!(
            "apiVersion: v1\nkind: Config\ncurrent-context: prod\nclusters:\n- name: prod\n  cluster:\n    server: https://kube.prod.example:6443\ncontexts:\n- name: prod\n  context:\n    cluster: prod\n    user: oncall\n    namespace: api\nusers:\n- name: oncall\n  user:\n    token: {CANARY_KUBE_TOKEN}\n"
        ),
    );
    triage.home_file(
        ".config/triage/config.toml",
        &format!(
            r#"default_env = "prod"

[env.prod.prometheus]
url = "https://prometheus.prod.example:9090"
headers = {{ "X-Scope-OrgID" = "prod" }}
bearer_token_file = "{token}"

[[env.prod.postgres]]
name = "orders"
dsn = "postgres://triage@db.prod.example:5432/orders"
password_env = "ORDERS_PGPASSWORD"

[env.prod.kubernetes]
kubeconfig = "{kubeconfig}"

[[env.prod.tls]]
target = "api.sms-provider.example:443"
name = "sms-provider"

[env.prod.services.api-server]
labels = {{ service = "api-server" }}
depends_on = ["orders", "sms-provider"]

[env.staging.prometheus]
url = "http://prometheus.staging.example:9090"
"#,
            token = token.display(),
            kubeconfig = kubeconfig.display()
        ),
    );
    triage.env("ORDERS_PGPASSWORD", CANARY_PASSWORD)
}

#[test]
fn shows_every_source_of_every_environment_with_secrets_redacted() {
    let outcome = full_config().args(["config", "check"]).run();
    outcome
        .code(0)
        .stdout_has("https://prometheus.prod.example:9090/")
        .stdout_has("bearer token from file")
        .stdout_has("headers: X-Scope-OrgID")
        .stdout_has("host=db.prod.example port=5432 dbname=orders user=triage sslmode=prefer")
        .stdout_has("password: environment variable ORDERS_PGPASSWORD")
        .stdout_has("https://kube.prod.example:6443/")
        .stdout_has("auth: bearer token (kubeconfig)")
        .stdout_has("namespaces: api")
        .stdout_has("api.sms-provider.example:443")
        .stdout_has("depends on: orders, sms-provider")
        .stdout_has("http://prometheus.staging.example:9090/")
        .stdout_has("config OK: 2 environments, 5 sources")
        .never_shows(CANARY_TOKEN)
        .never_shows(CANARY_PASSWORD)
        .never_shows(CANARY_KUBE_TOKEN);
}

#[test]
fn env_flag_checks_only_that_environment() {
    full_config()
        .args(["--env", "staging", "config", "check"])
        .run()
        .code(0)
        .stdout_has("config OK: 1 environment, 1 source");
}

#[test]
fn json_output_is_machine_readable_and_redacted() {
    let outcome = full_config()
        .args(["config", "check", "-o", "json", "-vvv"])
        .run();
    outcome
        .code(0)
        .never_shows(CANARY_TOKEN)
        .never_shows(CANARY_PASSWORD)
        .never_shows(CANARY_KUBE_TOKEN);
    let report: serde_json::Value = serde_json::from_str(&outcome.stdout).expect("stdout is JSON");
    assert_eq!(report["schema"], "triage.config-check/v1");
    assert_eq!(report["status"], "OK");
    assert_eq!(
        report["environments"],
        serde_json::json!(["prod", "staging"])
    );
    let kinds: Vec<&str> = report["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "prometheus",
            "postgres",
            "kubernetes",
            "tls",
            "service",
            "prometheus"
        ]
    );
}

#[test]
fn flags_beat_environment_variables_beat_the_file() {
    let outcome = full_config()
        .args(["--env", "staging", "config", "check", "-o", "json"])
        .env("PROMETHEUS_URL", "http://from-env:9090")
        .run();
    let report: serde_json::Value = serde_json::from_str(&outcome.code(0).stdout).unwrap();
    assert_eq!(report["sources"][0]["target"], "http://from-env:9090/");
    assert_eq!(report["sources"][0]["origin"], "$PROMETHEUS_URL");

    let outcome = full_config()
        .args([
            "--env",
            "staging",
            "config",
            "check",
            "-o",
            "json",
            "--prometheus",
            "http://from-flag:9090",
        ])
        .env("PROMETHEUS_URL", "http://from-env:9090")
        .run();
    let report: serde_json::Value = serde_json::from_str(&outcome.code(0).stdout).unwrap();
    assert_eq!(report["sources"][0]["target"], "http://from-flag:9090/");
    assert_eq!(report["sources"][0]["origin"], "flag");
}

#[test]
fn a_password_in_a_flag_url_is_never_printed() {
    Triage::new()
        .args([
            "config",
            "check",
            "--prometheus",
            "https://oncall:canary-url-pass@prom.example",
        ])
        .run()
        .code(0)
        .stdout_has("basic auth as oncall, password from the URL")
        .never_shows("canary-url-pass");
}

#[test]
fn without_a_config_file_flags_and_environment_still_work() {
    Triage::new()
        .args(["config", "check", "--tls", "example.org"])
        .run()
        .code(0)
        .stdout_has("not found: using flags and environment only")
        .stdout_has("example.org:443");
}

#[test]
fn a_kubeconfig_context_that_does_not_exist_is_a_config_error() {
    let triage = full_config();
    triage
        .args(["config", "check", "--context", "prdo"])
        .run()
        .code(3)
        .one_error_line()
        .stderr_has("Kubernetes");
}

#[test]
fn completions_print_a_script() {
    Triage::new()
        .args(["completions", "bash"])
        .run()
        .code(0)
        .stdout_has("_triage()")
        .stdout_has("--connect");
}

#[test]
fn command_line_sources_do_not_break_a_valid_service_map() {
    full_config()
        .args([
            "--env",
            "prod",
            "config",
            "check",
            "--postgres",
            "host=elsewhere dbname=x",
        ])
        .run()
        .code(0)
        .stdout_has("host=elsewhere dbname=x");
}

#[test]
fn an_environment_without_kubernetes_ignores_the_ambient_kubeconfig() {
    let triage = full_config();
    triage.home_file(".kube/config", "this is not a kubeconfig");
    let outcome = triage.args(["--env", "staging", "config", "check"]).run();
    outcome.code(0);
    assert!(!outcome.stdout.contains("kubernetes"), "{}", outcome.stdout);
}

#[test]
fn connect_with_nothing_configured_is_unknown() {
    Triage::new()
        .args(["config", "check", "--connect"])
        .run()
        .code(3)
        .stdout_has("no source is configured");
}
