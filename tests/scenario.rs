//! The incident lab (`tests/scenarios/`): every scenario against real
//! servers, and the runner's handling of bad scenarios. Also the runner
//! behind `scripts/scenario run DIR...`, for scenarios anywhere.
//!
//! `cargo test --test scenario` runs the lab; `cargo test --test scenario --
//! run DIR...` runs the given scenario directories and prints the ranking.

#[allow(dead_code)]
#[path = "integration/support/mod.rs"]
mod support;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;
use support::scenario::Scenario;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("run") if args.len() > 1 => run(args[1..].iter().map(PathBuf::from).collect()),
        Some("run") => {
            eprintln!("usage: scripts/scenario run DIR [DIR...]");
            ExitCode::from(3)
        }
        // `cargo test NAME` hands NAME to every test binary: run only when it names us.
        Some(filter) if !filter.starts_with('-') && !"scenario lab".contains(filter) => {
            ExitCode::SUCCESS
        }
        _ => lab(),
    }
}

fn triage() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_triage"))
}

/// Runs scenario directories, printing each ranking; exit 0 when all hold.
fn run(dirs: Vec<PathBuf>) -> ExitCode {
    let mut failed = false;
    for dir in dirs {
        match run_one(&dir) {
            Ok(()) => {}
            Err(message) => {
                eprintln!("{}: FAILED: {message}", dir.display());
                failed = true;
            }
        }
    }
    if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}

fn run_one(dir: &Path) -> Result<(), String> {
    let started = Instant::now();
    let scenario = Scenario::load(dir)?;
    let (result, _) = scenario.run(triage());
    let outcome = result?;
    println!(
        "{} ({:.1} s): {}",
        scenario.spec.name,
        started.elapsed().as_secs_f64(),
        scenario.spec.summary
    );
    for line in &outcome.ranking {
        println!("  {line}");
    }
    if outcome.failures.is_empty() {
        println!(
            "  expectations hold: {} first",
            scenario.spec.expect.top_cause
        );
        Ok(())
    } else {
        Err(outcome.failures.join("; "))
    }
}

/// The whole lab: every scenario of `tests/scenarios/`, one of them copied
/// outside the repository, and the bad-input cases.
fn lab() -> ExitCode {
    let started = Instant::now();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap_or_else(|err| panic!("{}: {err}", root.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.join("scenario.toml").is_file())
        .collect();
    dirs.sort();
    assert_eq!(
        dirs.len(),
        5,
        "the five seed incidents in {}",
        root.display()
    );
    let mut failures = Vec::new();
    for dir in &dirs {
        if let Err(message) = run_one(dir) {
            failures.push(format!("{}: {message}", dir.display()));
        }
    }
    // The runner works on a scenario anywhere, not only in the repository.
    let outside = tempfile::tempdir().unwrap();
    let copy = outside.path().join("copied-scenario");
    copy_dir(&dirs[3], &copy);
    if let Err(message) = run_one(&copy) {
        failures.push(format!(
            "{} (outside the repository): {message}",
            copy.display()
        ));
    }
    failures.extend(bad_input(&dirs[3]));
    println!(
        "scenario lab: {} scenarios in {:.1} s",
        dirs.len() + 1,
        started.elapsed().as_secs_f64()
    );
    if failures.is_empty() {
        println!("scenario lab: ok");
        ExitCode::SUCCESS
    } else {
        for failure in &failures {
            eprintln!("FAILED: {failure}");
        }
        ExitCode::FAILURE
    }
}

/// Broken scenarios give one clear error naming the file (and line), and a
/// failure after servers started leaves none of them running.
fn bad_input(template: &Path) -> Vec<String> {
    let mut failures = Vec::new();
    let mut expect_error = |what: &str, change: &dyn Fn(&Path), needle: &str| {
        let dir = tempfile::tempdir().unwrap();
        let scenario = dir.path().join("broken");
        copy_dir(template, &scenario);
        change(&scenario);
        match Scenario::load(&scenario) {
            Ok(_) => failures.push(format!("{what}: loaded without an error")),
            Err(message) if message.contains(needle) && !message.contains('\n') => {
                println!("bad input, {what}: {message}")
            }
            Err(message) => failures.push(format!("{what}: expected '{needle}' in: {message}")),
        }
    };
    expect_error(
        "missing metrics",
        &|dir| std::fs::remove_file(dir.join("prometheus.om")).unwrap(),
        "prometheus.om: missing",
    );
    expect_error(
        "malformed scenario.toml",
        &|dir| std::fs::write(dir.join("scenario.toml"), "name = \"x\"\nsummary = \n").unwrap(),
        "line 2",
    );
    // The first sample line broken: the error names its line.
    let template_metrics = std::fs::read_to_string(template.join("prometheus.om")).unwrap();
    let broken_line = template_metrics
        .lines()
        .position(|line| !line.starts_with('#'))
        .unwrap();
    expect_error(
        "malformed OpenMetrics",
        &|dir| {
            let path = dir.join("prometheus.om");
            let text = std::fs::read_to_string(&path).unwrap();
            let mut lines: Vec<&str> = text.lines().collect();
            lines[broken_line] = "http_requests_total{service=\"x\"} not-a-number";
            std::fs::write(&path, lines.join("\n") + "\n").unwrap();
        },
        &format!("prometheus.om:{}:", broken_line + 1),
    );
    // A failing SQL file after Prometheus started must stop every server.
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("failing-sql");
    copy_dir(template, &scenario);
    std::fs::write(scenario.join("postgres.sql"), "SELECT 1;\nSELEC broken;\n").unwrap();
    match Scenario::load(&scenario) {
        Err(message) => failures.push(format!("failing SQL: the scenario should load: {message}")),
        Ok(loaded) => {
            let (result, ports) = loaded.run(triage());
            match result {
                Ok(_) => failures.push("failing SQL: the run succeeded".into()),
                Err(message) if message.contains("postgres.sql:2") => {
                    println!("bad input, failing SQL: {message}")
                }
                Err(message) => failures.push(format!(
                    "failing SQL: expected postgres.sql:2 in: {message}"
                )),
            }
            assert!(
                ports.len() >= 2,
                "Prometheus and PostgreSQL had started: {ports:?}"
            );
            for port in ports {
                if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                    failures.push(format!("failing SQL: a server still listens on {port}"));
                }
            }
        }
    }
    failures
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}
