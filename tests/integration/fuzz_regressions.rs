//! Every input the fuzzers saved — the minimised corpus and each crash found
//! (`fuzz/regressions/<target>/`) — replayed through the same harness the
//! fuzz targets run (`fuzz/harness.rs`), so `cargo test` catches a crash that
//! comes back without needing nightly Rust or libFuzzer.

#[path = "../../fuzz/harness.rs"]
mod harness;

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

/// A fuzz target: its name (the folder of its inputs) and what it runs.
type Target = (&'static str, fn(&[u8]));

const TARGETS: [Target; 6] = [
    ("prometheus_response", harness::prometheus_response),
    ("kubernetes_objects", harness::kubernetes_objects),
    ("certificate_der", harness::certificate_der),
    ("postgres_dsn_pgpass", harness::postgres_dsn_pgpass),
    ("config_file", harness::config_file),
    ("evidence_bundle", harness::evidence_bundle),
];

fn inputs(kind: &str, target: &str) -> Vec<PathBuf> {
    let directory = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz")
        .join(kind)
        .join(target);
    let Ok(entries) = std::fs::read_dir(&directory) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries.map(|entry| entry.unwrap().path()).collect();
    paths.sort();
    paths
}

/// Longer than any input takes (milliseconds, in a debug build): past this, it hangs.
const PER_INPUT: Duration = Duration::from_secs(20);

fn replay(kind: &str) -> usize {
    let mut replayed = 0;
    for (target, run) in TARGETS {
        for path in inputs(kind, target) {
            let data = std::fs::read(&path).unwrap();
            // On a thread of its own, so that a hang fails the test instead of stalling it.
            let (done, finished) = mpsc::channel();
            std::thread::spawn(move || {
                let outcome = std::panic::catch_unwind(|| run(&data));
                let _ = done.send(outcome.is_ok());
            });
            match finished.recv_timeout(PER_INPUT) {
                Ok(true) => {}
                Ok(false) => panic!("{target} panics on {}", path.display()),
                Err(_) => panic!("{target} hangs on {}", path.display()),
            }
            replayed += 1;
        }
    }
    replayed
}

#[test]
fn every_saved_crash_stays_fixed() {
    let replayed = replay("regressions");
    assert!(replayed > 0, "fuzz/regressions/ holds no inputs");
}

#[test]
fn the_minimised_corpus_runs_clean() {
    for (target, _) in TARGETS {
        assert!(
            !inputs("corpus", target).is_empty(),
            "fuzz/corpus/{target} is empty: run fuzz/make_seeds.py and fuzz it (fuzz/README.md)"
        );
    }
    replay("corpus");
}
