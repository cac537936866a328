//! `triage prom` against servers that misbehave: every fault ends in one clear
//! error line naming the URL (never its credentials) within `--timeout`, never
//! a panic or a hang; and the retry policy holds: at most one retry after a
//! 200–800 ms pause on 5xx (not 501) and connection errors, never on 4xx or
//! timeouts, `Retry-After` honoured up to 3 s, bodies over 32 MiB refused.

use crate::support::mock_http::{Behaviour, MockHttp};
use crate::support::tls_server::TlsServer;
use crate::support::{ClosedPort, Outcome, Triage};
use std::time::{Duration, Instant};

const ERROR_500: &str =
    r#"{"status":"error","errorType":"internal","error":"query engine crashed"}"#;

/// `triage prom query up --prometheus URL --timeout TIMEOUT`, and how long it took.
fn query(url: &str, timeout: &str) -> (Outcome, Duration) {
    run([
        "prom",
        "query",
        "up",
        "--prometheus",
        url,
        "--timeout",
        timeout,
    ])
}

fn run<const N: usize>(args: [&str; N]) -> (Outcome, Duration) {
    let started = Instant::now();
    let outcome = Triage::new().args(args).run();
    (outcome, started.elapsed())
}

/// Exit 3 with one `triage: error:` line and no panic.
#[track_caller]
fn fails_cleanly(outcome: &Outcome) -> &Outcome {
    assert!(!outcome.stderr.contains("panicked"), "{}", outcome.stderr);
    outcome.code(3).one_error_line()
}

fn query_url(server: &MockHttp) -> String {
    format!("{}/api/v1/query", server.url())
}

#[test]
fn a_500_is_retried_once_after_a_short_pause_and_the_error_names_the_url() {
    let server = MockHttp::start(Behaviour::json(500, ERROR_500));
    let (outcome, _) = query(&server.url(), "10s");
    fails_cleanly(&outcome)
        .stderr_has(&query_url(&server))
        .stderr_has("HTTP 500")
        .stderr_has("internal: query engine crashed")
        .stderr_has("also on a retry");
    let requests = server.requests();
    assert_eq!(requests.len(), 2, "{requests:?}");
    let pause = requests[1].at - requests[0].at;
    assert!(
        pause >= Duration::from_millis(200) && pause < Duration::from_millis(2500),
        "the retry came {pause:?} after the first request (expected 200–800 ms of jitter)"
    );
}

#[test]
fn a_501_is_never_retried() {
    let server = MockHttp::start(Behaviour::json(501, ERROR_500));
    let (outcome, _) = query(&server.url(), "10s");
    fails_cleanly(&outcome).stderr_has("HTTP 501");
    assert!(
        !outcome.stderr.contains("also on a retry"),
        "{}",
        outcome.stderr
    );
    assert_eq!(server.request_count(), 1);
}

#[test]
fn a_400_shows_the_servers_words_and_is_never_retried() {
    let server = MockHttp::start(Behaviour::json(
        400,
        r#"{"status":"error","errorType":"bad_data","error":"parse error at char 3"}"#,
    ));
    let (outcome, _) = query(&server.url(), "10s");
    fails_cleanly(&outcome)
        .stderr_has(&query_url(&server))
        .stderr_has("bad_data: parse error at char 3");
    assert_eq!(server.request_count(), 1);
}

#[test]
fn a_401_says_authentication_failed_and_is_never_retried() {
    let server = MockHttp::start(Behaviour::json(401, "Unauthorized"));
    let (outcome, _) = query(&server.url(), "10s");
    fails_cleanly(&outcome)
        .stderr_has("HTTP 401")
        .stderr_has("authentication");
    assert_eq!(server.request_count(), 1);
}

#[test]
fn a_403_is_never_retried() {
    let server = MockHttp::start(Behaviour::json(403, "Forbidden"));
    let (outcome, _) = query(&server.url(), "10s");
    fails_cleanly(&outcome)
        .stderr_has("HTTP 403")
        .stderr_has("not allowed");
    assert_eq!(server.request_count(), 1);
}

#[test]
fn a_404_points_at_the_base_url_and_is_never_retried() {
    let server = MockHttp::start(Behaviour::json(404, "404 page not found"));
    let (outcome, _) = query(&server.url(), "10s");
    fails_cleanly(&outcome)
        .stderr_has("HTTP 404")
        .stderr_has("base URL");
    assert_eq!(server.request_count(), 1);
}

#[test]
fn a_503_with_a_short_retry_after_is_retried_after_that_long() {
    let server = MockHttp::start(Behaviour::Respond {
        status: 503,
        headers: vec![("Retry-After".into(), "1".into())],
        body: b"overloaded".to_vec(),
    });
    let (outcome, elapsed) = query(&server.url(), "10s");
    fails_cleanly(&outcome)
        .stderr_has("HTTP 503")
        .stderr_has("also on a retry");
    let requests = server.requests();
    assert_eq!(requests.len(), 2, "{requests:?}");
    // Longer than any jitter: the server's word was taken.
    let pause = requests[1].at - requests[0].at;
    assert!(pause >= Duration::from_secs(1), "retried after {pause:?}");
    assert!(elapsed >= Duration::from_secs(1), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(8), "{elapsed:?}");
}

#[test]
fn a_503_with_a_long_retry_after_is_not_retried_and_fails_at_once() {
    let server = MockHttp::start(Behaviour::Respond {
        status: 503,
        headers: vec![("Retry-After".into(), "60".into())],
        body: b"overloaded".to_vec(),
    });
    // A deadline long enough that sleeping towards it would show.
    let (outcome, elapsed) = query(&server.url(), "20s");
    fails_cleanly(&outcome).stderr_has("HTTP 503");
    assert_eq!(server.request_count(), 1);
    assert!(elapsed < Duration::from_secs(5), "took {elapsed:?}");
}

#[test]
fn a_503_with_a_retry_after_date_is_not_retried() {
    let server = MockHttp::start(Behaviour::Respond {
        status: 503,
        headers: vec![("Retry-After".into(), "Wed, 21 Oct 2099 07:28:00 GMT".into())],
        body: b"overloaded".to_vec(),
    });
    let (outcome, _) = query(&server.url(), "20s");
    fails_cleanly(&outcome).stderr_has("the server asks to retry later");
    assert_eq!(server.request_count(), 1);
}

#[test]
fn a_server_that_never_answers_times_out_within_the_deadline_without_a_retry() {
    let server = MockHttp::start(Behaviour::Hang);
    let (outcome, elapsed) = query(&server.url(), "3s");
    fails_cleanly(&outcome)
        .stderr_has(&query_url(&server))
        .stderr_has("timed out");
    assert_eq!(server.request_count(), 1);
    assert!(
        elapsed >= Duration::from_millis(2500),
        "gave up after {elapsed:?}, before the 3 s timeout"
    );
    assert!(
        elapsed < Duration::from_millis(4500),
        "took {elapsed:?} with --timeout 3s"
    );
}

#[test]
fn truncated_json_is_called_truncated() {
    let server = MockHttp::start(Behaviour::json(200, r#"{"status":"success","data":"#));
    let (outcome, _) = query(&server.url(), "10s");
    fails_cleanly(&outcome)
        .stderr_has(&query_url(&server))
        .stderr_has("truncated");
    assert_eq!(server.request_count(), 1);
}

#[test]
fn an_html_page_is_called_html() {
    let server = MockHttp::start(Behaviour::Respond {
        status: 200,
        headers: vec![("Content-Type".into(), "text/html".into())],
        body: b"<!DOCTYPE html><html><body><form>Sign in</form></body></html>".to_vec(),
    });
    let (outcome, _) = query(&server.url(), "10s");
    fails_cleanly(&outcome).stderr_has("HTML");
    assert_eq!(server.request_count(), 1);
}

#[test]
fn json_that_is_not_the_api_envelope_is_called_malformed() {
    let server = MockHttp::start(Behaviour::json(200, r#"{"status":42}"#));
    let (outcome, _) = query(&server.url(), "10s");
    fails_cleanly(&outcome).stderr_has("malformed JSON");
    assert_eq!(server.request_count(), 1);
}

#[test]
fn a_body_cut_short_of_its_content_length_is_an_error_not_a_hang() {
    let server = MockHttp::start(Behaviour::Truncated);
    let (outcome, elapsed) = query(&server.url(), "10s");
    fails_cleanly(&outcome).stderr_has(&query_url(&server));
    assert!(server.request_count() <= 2, "{:?}", server.requests());
    assert!(elapsed < Duration::from_secs(5), "took {elapsed:?}");
}

#[test]
fn a_100_mb_body_with_content_length_is_refused_without_reading_it() {
    let server = MockHttp::start(Behaviour::Huge {
        bytes: 100_000_000,
        content_length: true,
    });
    let (outcome, elapsed) = query(&server.url(), "20s");
    fails_cleanly(&outcome).stderr_has("larger than 32 MiB");
    assert_eq!(server.request_count(), 1);
    assert!(elapsed < Duration::from_secs(5), "took {elapsed:?}");
}

#[test]
fn a_100_mb_chunked_body_is_refused_once_past_32_mib() {
    let server = MockHttp::start(Behaviour::Huge {
        bytes: 100_000_000,
        content_length: false,
    });
    let (outcome, elapsed) = query(&server.url(), "20s");
    fails_cleanly(&outcome).stderr_has("larger than 32 MiB");
    assert_eq!(server.request_count(), 1);
    assert!(elapsed < Duration::from_secs(10), "took {elapsed:?}");
}

#[test]
fn warnings_of_a_partial_response_are_shown_with_the_data() {
    let server = MockHttp::start(Behaviour::json(
        200,
        r#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"__name__":"up","job":"api"},"value":[1767225600.5,"0.731"]}]},"warnings":["partial response: store unavailable"]}"#,
    ));
    let (outcome, _) = query(&server.url(), "10s");
    outcome
        .code(0)
        .stdout_has(r#"up{job="api"}"#)
        .stdout_has("0.731")
        .stdout_has("partial response: store unavailable");
    assert!(!outcome.stderr.contains("panicked"), "{}", outcome.stderr);
    assert_eq!(server.request_count(), 1);
}

#[test]
fn a_long_query_is_posted_as_a_form_and_retried_the_same_way() {
    let server = MockHttp::start(Behaviour::json(500, ERROR_500));
    let expr = format!("sum(up{{job=~\"{}\"}})", "a|".repeat(1000));
    let url = server.url();
    let (outcome, _) = run([
        "prom",
        "query",
        &expr,
        "--prometheus",
        &url,
        "--timeout",
        "10s",
    ]);
    fails_cleanly(&outcome).stderr_has("also on a retry");
    let lines: Vec<String> = server.requests().into_iter().map(|r| r.line).collect();
    assert_eq!(lines, ["POST /api/v1/query", "POST /api/v1/query"]);
}

#[test]
fn a_refused_connection_is_retried_once_and_named_within_the_deadline() {
    let closed = ClosedPort::new();
    let url = format!("http://127.0.0.1:{}", closed.port);
    let (outcome, elapsed) = query(&url, "3s");
    fails_cleanly(&outcome)
        .stderr_has(&format!("{url}/api/v1/query"))
        .stderr_has("connection refused")
        .stderr_has("also on a retry");
    assert!(
        elapsed >= Duration::from_millis(200),
        "no pause before the retry: {elapsed:?}"
    );
    assert!(elapsed < Duration::from_millis(4500), "took {elapsed:?}");
}

#[test]
fn an_unresolvable_host_is_one_error_line_naming_it() {
    let (outcome, elapsed) = query("http://triage-test.invalid:9090", "3s");
    fails_cleanly(&outcome).stderr_has("triage-test.invalid");
    assert!(elapsed < Duration::from_millis(4500), "took {elapsed:?}");
}

#[test]
fn an_untrusted_certificate_is_a_clear_tls_error() {
    let server = TlsServer::self_signed("localhost", -1, 30);
    let url = format!("https://127.0.0.1:{}", server.port);
    let (outcome, elapsed) = query(&url, "3s");
    fails_cleanly(&outcome)
        .stderr_has(&url)
        .stderr_has("the server's certificate is not trusted");
    assert!(
        !outcome.stderr.contains("retry"),
        "a rejected certificate is not retried: {}",
        outcome.stderr
    );
    assert!(elapsed < Duration::from_millis(4500), "took {elapsed:?}");
}

#[test]
fn credentials_in_the_url_never_appear_in_errors() {
    let server = MockHttp::start(Behaviour::json(500, ERROR_500));
    let url = format!("http://alice:s3cr3t-canary@127.0.0.1:{}", server.port);
    let (outcome, _) = query(&url, "10s");
    fails_cleanly(&outcome)
        .stderr_has(&query_url(&server))
        .never_shows("s3cr3t-canary");
    assert_eq!(server.request_count(), 2);
}

#[test]
fn prom_health_against_a_failing_server_is_one_clear_error() {
    let server = MockHttp::start(Behaviour::json(500, ERROR_500));
    let url = server.url();
    let (outcome, elapsed) = run(["prom", "health", "--prometheus", &url, "--timeout", "10s"]);
    fails_cleanly(&outcome)
        .stderr_has(&url)
        .stderr_has("HTTP 500");
    assert!(server.request_count() <= 2, "{:?}", server.requests());
    assert!(elapsed < Duration::from_secs(8), "took {elapsed:?}");
}
