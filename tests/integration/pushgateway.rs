//! `triage certs check --push-gateway` against a real Pushgateway (Debian's
//! `prometheus-pushgateway`): the CronJob alternative to the textfile
//! collector. The push replaces the job's group, and a gateway that cannot
//! be reached is UNKNOWN without hiding a broken certificate.

use crate::support::cert_lab::{Case, CertServer};
use crate::support::pushgateway::TestPushgateway;
use crate::support::{ClosedPort, Outcome, Triage};

fn check(servers: &[&CertServer], ca_from: &CertServer, gateway: &str) -> Outcome {
    let targets: Vec<String> = servers
        .iter()
        .map(|server| format!("127.0.0.1:{}", server.port))
        .collect();
    Triage::new()
        .args(["--timeout", "10s", "certs", "check"])
        .args(&targets)
        .args(["--sni", ca_from.verify_name])
        .arg_path("--ca-file", &ca_from.ca_file)
        .args(["--push-gateway", gateway, "--push-job", "certs_lab"])
        .run()
}

/// The value of `triage_cert_status` the gateway serves for a target, if any.
fn pushed_status(metrics: &str, server: &CertServer) -> Option<String> {
    let target = format!("target=\"127.0.0.1:{}\"", server.port);
    metrics
        .lines()
        .filter(|line| line.starts_with("triage_cert_status{"))
        .filter(|line| line.contains(&target) && line.contains("job=\"certs_lab\""))
        .find_map(|line| line.rsplit(' ').next().map(str::to_string))
}

#[test]
fn the_result_is_pushed_and_each_push_replaces_the_group() {
    let gateway = TestPushgateway::start();
    let valid = CertServer::start(Case::Valid);
    let expired = CertServer::start(Case::ExpiredLeaf);

    check(&[&valid, &expired], &valid, &gateway.url())
        .code(2)
        .stdout_has("CRITICAL");
    let metrics = gateway.metrics();
    assert_eq!(
        pushed_status(&metrics, &valid).as_deref(),
        Some("0"),
        "{metrics}"
    );
    assert_eq!(
        pushed_status(&metrics, &expired).as_deref(),
        Some("2"),
        "{metrics}"
    );
    assert!(
        metrics.contains("triage_cert_not_after_seconds{"),
        "{metrics}"
    );

    // The expired endpoint was taken out of the list: it must not linger at its last value.
    check(&[&valid], &valid, &gateway.url()).code(0);
    let metrics = gateway.metrics();
    assert_eq!(
        pushed_status(&metrics, &valid).as_deref(),
        Some("0"),
        "{metrics}"
    );
    assert_eq!(pushed_status(&metrics, &expired), None, "{metrics}");
}

#[test]
fn an_unreachable_gateway_is_unknown_but_never_hides_a_broken_certificate() {
    let down = ClosedPort::new();
    let gateway = format!("http://127.0.0.1:{}", down.port);
    let valid = CertServer::start(Case::Valid);
    check(&[&valid], &valid, &gateway)
        .code(3)
        .stdout_has("OK")
        .stderr_has(&format!(
            "triage: error: pushing to the Pushgateway: PUT {gateway}/metrics/job/certs_lab"
        ));
    let expired = CertServer::start(Case::ExpiredLeaf);
    check(&[&expired], &valid, &gateway)
        .code(2)
        .stderr_has("pushing to the Pushgateway");
}
