//! The test helpers themselves: the real servers start, hold data and stop.

use crate::support::postgres::TestPostgres;
use crate::support::process::http_get;
use crate::support::prometheus::TestPrometheus;
use crate::support::victoria::TestVictoria;

#[test]
fn prometheus_serves_backfilled_openmetrics() {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let mut openmetrics = String::from("# TYPE triage_fixture gauge\n");
    for minute in (0..30).rev() {
        openmetrics.push_str(&format!(
            "triage_fixture{{service=\"api\"}} 42 {}\n",
            now - minute * 60
        ));
    }
    openmetrics.push_str("# EOF\n");
    let prometheus = TestPrometheus::start(&openmetrics);
    let (status, body) = http_get(prometheus.port, "/api/v1/query?query=triage_fixture").unwrap();
    assert_eq!(status, 200, "{body}");
    let answer: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(answer["data"]["result"][0]["value"][1], "42", "{body}");
    assert_eq!(
        answer["data"]["result"][0]["metric"]["service"], "api",
        "{body}"
    );
}

#[test]
fn prometheus_stops_when_dropped() {
    let prometheus = TestPrometheus::start("");
    let port = prometheus.port;
    drop(prometheus);
    assert!(
        http_get(port, "/-/ready").is_err(),
        "nothing listens after drop"
    );
}

#[test]
fn postgres_clusters_are_independent_and_stop_when_dropped() {
    let first = TestPostgres::start();
    let second = TestPostgres::start();
    first.psql("CREATE TABLE only_here (id int)");
    assert_eq!(
        first.psql("SELECT count(*) FROM pg_tables WHERE tablename = 'only_here'"),
        "1"
    );
    assert_eq!(
        second.psql("SELECT count(*) FROM pg_tables WHERE tablename = 'only_here'"),
        "0"
    );
    let port = first.port;
    drop(first);
    assert!(
        std::net::TcpStream::connect(("127.0.0.1", port)).is_err(),
        "nothing listens after drop"
    );
}

#[test]
fn a_panicking_test_leaves_no_server_behind() {
    let panicked = std::thread::spawn(|| {
        let postgres = TestPostgres::start();
        std::panic::panic_any(postgres.port);
    })
    .join()
    .unwrap_err();
    let port = *panicked.downcast::<u16>().unwrap();
    assert!(
        std::net::TcpStream::connect(("127.0.0.1", port)).is_err(),
        "the server stopped during unwinding"
    );
}

#[test]
fn victoria_metrics_serves_imported_openmetrics() {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let mut openmetrics =
        String::from("# HELP triage_fixture A gauge.\n# TYPE triage_fixture gauge\n");
    for minute in (0..30).rev() {
        openmetrics.push_str(&format!(
            "triage_fixture{{service=\"api\"}} 42 {}\n",
            now - minute * 60
        ));
    }
    openmetrics.push_str("# EOF\n");
    let victoria = TestVictoria::start(&openmetrics);
    assert_eq!(
        victoria.url(),
        format!("http://127.0.0.1:{}", victoria.port)
    );
    let get = |path: &str| {
        let (status, body) = http_get(victoria.port, path).unwrap();
        assert_eq!(status, 200, "{path}: {body}");
        serde_json::from_str::<serde_json::Value>(&body).unwrap()
    };

    let answer = get("/api/v1/query?query=triage_fixture");
    assert_eq!(answer["data"]["result"][0]["value"][1], "42", "{answer}");
    assert_eq!(
        answer["data"]["result"][0]["metric"]["service"], "api",
        "{answer}"
    );
    let answer = get(&format!(
        "/api/v1/query_range?query=triage_fixture&start={}&end={now}&step=60",
        now - 29 * 60
    ));
    let points = answer["data"]["result"][0]["values"].as_array().unwrap();
    assert_eq!(points.len(), 30, "{answer}");
    assert!(points.iter().all(|point| point[1] == "42"), "{answer}");
    let answer = get("/api/v1/label/__name__/values");
    assert_eq!(answer["data"], serde_json::json!(["triage_fixture"]));
    let answer = get("/api/v1/labels?match[]=triage_fixture");
    assert_eq!(answer["data"], serde_json::json!(["__name__", "service"]));

    let port = victoria.port;
    drop(victoria);
    assert!(
        http_get(port, "/health").is_err(),
        "nothing listens after drop"
    );
}
