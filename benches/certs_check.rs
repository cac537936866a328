//! How fast `triage certs check` is, against the targets:
//!
//! 1. 1,000 TLS endpoints on loopback, each its own port presenting a valid
//!    ECDSA P-256 chain (root → intermediate → leaf for `localhost` and
//!    127.0.0.1) from one tokio runtime: `triage --timeout 60s certs check
//!    --file TARGETS --ca-file CA -o json`, 5 runs, all OK. Targets: median
//!    wall time under 5 s, peak memory (max RSS) under 100 MB.
//! 2. The same 1,000 endpoints checked the way shell scripts do it, one
//!    `openssl s_client` process per target in sequence, for comparison (if
//!    that would take far too long, the first 200 are timed and the rest
//!    extrapolated, and the output says so).
//! 3. 100 tarpits (the TCP handshake completes, then silence):
//!    `triage --timeout 2s certs check` must give up on all of them, UNKNOWN,
//!    in under 4 s; and with `--handshake-timeout 2s` under the default
//!    `--timeout` the time is printed (about two waves of the default
//!    concurrency of 64), not asserted.
//!
//! Run: `cargo bench --bench certs_check` (triage is then a release build).
//! It prints each run, then a summary of `certs_check:` lines, and fails
//! above the targets. Needs the `openssl` CLI.

// The integration tests' helpers: the tarpits and the openssl requirement check.
#[allow(dead_code)]
#[path = "../tests/integration/support/mod.rs"]
mod support;

use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa,
    Issuer, KeyPair, KeyUsagePurpose,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::cert_lab::TarpitFarm;

const ENDPOINTS: usize = 1_000;
const TARPITS: usize = 100;
const RUNS: usize = 5;
/// Targets for the 1,000 endpoints.
const MEDIAN_TARGET: Duration = Duration::from_secs(5);
const RSS_TARGET_MB: u64 = 100;
/// Target for the 100 tarpits under `--timeout 2s`.
const TARPIT_TARGET: Duration = Duration::from_secs(4);
/// The openssl loop times this many targets first, and stops there (and
/// extrapolates) when all of them would take longer than `OPENSSL_PATIENCE`.
const OPENSSL_SAMPLE: usize = 200;
const OPENSSL_PATIENCE: Duration = Duration::from_secs(90);
/// How long a loopback server waits for a handshake to complete.
const SERVER_TIMEOUT: Duration = Duration::from_secs(30);

fn main() {
    support::process::require_program("openssl", "apt-get install openssl");
    let work = tempfile::tempdir().unwrap();
    let home = work.path().join("home");
    std::fs::create_dir(&home).unwrap();

    // 1. 1,000 valid endpoints.
    let started = Instant::now();
    let farm = TlsFarm::start(ENDPOINTS, work.path());
    eprintln!(
        "serving {ENDPOINTS} TLS endpoints on loopback (set up in {:.1} s)",
        started.elapsed().as_secs_f64()
    );
    let targets = work.path().join("targets.txt");
    let lines: String = farm
        .ports
        .iter()
        .map(|port| format!("localhost:{port}\n"))
        .collect();
    std::fs::write(&targets, lines).unwrap();

    let mut times = Vec::new();
    let mut cpu_times = Vec::new();
    let mut worst_rss = 0;
    for run in 1..=RUNS {
        let outcome = run_triage(
            &home,
            work.path(),
            &[
                "--timeout".as_ref(),
                "60s".as_ref(),
                "certs".as_ref(),
                "check".as_ref(),
                "--file".as_ref(),
                targets.as_os_str(),
                "--ca-file".as_ref(),
                farm.ca_file.as_os_str(),
                "-o".as_ref(),
                "json".as_ref(),
            ],
        );
        outcome.expect_code(0, &format!("{ENDPOINTS} valid endpoints"));
        let statuses = target_statuses(&outcome.stdout);
        assert_eq!(statuses.len(), ENDPOINTS, "targets in the JSON report");
        let not_ok: Vec<&String> = statuses.iter().filter(|status| *status != "OK").collect();
        assert!(not_ok.is_empty(), "targets not OK: {not_ok:?}");
        eprintln!(
            "run {run}: {ENDPOINTS} endpoints OK in {:.2} s (CPU {:.2} s), peak RSS {} MB",
            outcome.wall.as_secs_f64(),
            outcome.cpu.as_secs_f64(),
            outcome.peak_rss_mb
        );
        times.push(outcome.wall);
        cpu_times.push(outcome.cpu);
        worst_rss = worst_rss.max(outcome.peak_rss_mb);
    }
    times.sort();
    let (median, fastest) = (times[RUNS / 2], times[0]);
    cpu_times.sort();
    let median_cpu = cpu_times[RUNS / 2];

    // 2. The shell way: one openssl s_client per target, one after another.
    let openssl = openssl_loop(&farm.ports, &farm.ca_file);
    let ratio = openssl.total.as_secs_f64() / median.as_secs_f64();
    drop(farm);

    // 3. Tarpits.
    let tarpits = TarpitFarm::start(TARPITS);
    let tarpit_targets = work.path().join("tarpits.txt");
    let lines: String = tarpits
        .ports
        .iter()
        .map(|port| format!("127.0.0.1:{port}\n"))
        .collect();
    std::fs::write(&tarpit_targets, lines).unwrap();
    let tarpit_run = |global: &[&str], limits: &[&str], label: &str| {
        let mut args: Vec<&OsStr> = global.iter().map(OsStr::new).collect();
        args.extend(["certs", "check", "--file"].map(OsStr::new));
        args.push(tarpit_targets.as_os_str());
        args.extend(limits.iter().map(OsStr::new));
        args.extend(["-o", "json"].map(OsStr::new));
        let outcome = run_triage(&home, work.path(), &args);
        outcome.expect_code(3, label);
        let statuses = target_statuses(&outcome.stdout);
        assert_eq!(
            statuses.len(),
            TARPITS,
            "{label}: targets in the JSON report"
        );
        assert!(
            statuses.iter().all(|status| status == "UNKNOWN"),
            "{label}: every tarpit should be UNKNOWN, got {statuses:?}"
        );
        eprintln!(
            "{label}: {TARPITS} tarpits UNKNOWN in {:.2} s, peak RSS {} MB",
            outcome.wall.as_secs_f64(),
            outcome.peak_rss_mb
        );
        outcome.wall
    };
    let tarpit_deadline = tarpit_run(&["--timeout", "2s"], &[], "--timeout 2s");
    let tarpit_handshake = tarpit_run(
        &[],
        &["--handshake-timeout", "2s"],
        "--handshake-timeout 2s",
    );
    drop(tarpits);

    println!(
        "certs_check: triage certs check over {ENDPOINTS} loopback TLS endpoints: median {:.2} s, min {:.2} s over {RUNS} runs (target < {} s)",
        median.as_secs_f64(),
        fastest.as_secs_f64(),
        MEDIAN_TARGET.as_secs()
    );
    println!(
        "certs_check: triage's own CPU time (user + system), median {:.2} s per run",
        median_cpu.as_secs_f64()
    );
    println!("certs_check: peak RSS of any run {worst_rss} MB (target < {RSS_TARGET_MB} MB)");
    println!(
        "certs_check: sequential openssl s_client loop over {ENDPOINTS} endpoints: {:.1} s{}, {:.1} ms per target",
        openssl.total.as_secs_f64(),
        if openssl.measured < ENDPOINTS {
            format!(
                " (extrapolated from the first {} targets, which took {:.1} s)",
                openssl.measured,
                openssl.elapsed.as_secs_f64()
            )
        } else {
            String::new()
        },
        openssl.elapsed.as_secs_f64() * 1000.0 / openssl.measured as f64,
    );
    println!("certs_check: openssl loop / triage median = {ratio:.1}x");
    println!(
        "certs_check: {TARPITS} tarpits with --timeout 2s: {:.2} s (target < {} s)",
        tarpit_deadline.as_secs_f64(),
        TARPIT_TARGET.as_secs()
    );
    println!(
        "certs_check: {TARPITS} tarpits with --handshake-timeout 2s and the default --timeout: {:.2} s (not a target)",
        tarpit_handshake.as_secs_f64()
    );
    assert!(
        median < MEDIAN_TARGET,
        "{ENDPOINTS} endpoints over the {} s target",
        MEDIAN_TARGET.as_secs()
    );
    assert!(
        worst_rss < RSS_TARGET_MB,
        "over the {RSS_TARGET_MB} MB target"
    );
    assert!(
        tarpit_deadline < TARPIT_TARGET,
        "tarpits over the {} s target",
        TARPIT_TARGET.as_secs()
    );
}

/// `count` loopback ports presenting the same valid chain, served by one
/// tokio runtime: an accept loop task per listener, a task per connection
/// that completes the handshake and closes. Stops when dropped.
struct TlsFarm {
    ports: Vec<u16>,
    /// PEM of the root CA.
    ca_file: PathBuf,
    _runtime: tokio::runtime::Runtime,
}

impl TlsFarm {
    fn start(count: usize, dir: &Path) -> TlsFarm {
        let pki = Pki::generate();
        let ca_file = dir.join("ca.pem");
        std::fs::write(&ca_file, &pki.root_pem).unwrap();
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_protocol_versions(&[&rustls::version::TLS12, &rustls::version::TLS13])
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(pki.chain, pki.leaf_key)
            .unwrap();
        let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .unwrap();
        let ports = runtime.block_on(async {
            let mut ports = Vec::with_capacity(count);
            for _ in 0..count {
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
                ports.push(listener.local_addr().unwrap().port());
                tokio::spawn(accept_loop(listener, acceptor.clone()));
            }
            ports
        });
        TlsFarm {
            ports,
            ca_file,
            _runtime: runtime,
        }
    }
}

async fn accept_loop(listener: tokio::net::TcpListener, acceptor: tokio_rustls::TlsAcceptor) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            // Out of descriptors, say: let some connections finish.
            tokio::time::sleep(Duration::from_millis(10)).await;
            continue;
        };
        let acceptor = acceptor.clone();
        tokio::spawn(async move {
            let _ = stream.set_nodelay(true);
            let _ = tokio::time::timeout(SERVER_TIMEOUT, serve(stream, &acceptor)).await;
        });
    }
}

/// Handshakes, waits for the client to leave (discarding anything it sends),
/// then closes with a close_notify. Closing right after the handshake would
/// make `openssl s_client` fail with an unexpected EOF while it reads the
/// TLS 1.3 session tickets.
async fn serve(stream: tokio::net::TcpStream, acceptor: &tokio_rustls::TlsAcceptor) {
    use tokio::io::AsyncWriteExt;
    let Ok(mut tls) = acceptor.accept(stream).await else {
        return;
    };
    let _ = tokio::io::copy(&mut tls, &mut tokio::io::sink()).await;
    let _ = tls.shutdown().await;
}

/// A root CA, an intermediate, and a leaf for localhost/127.0.0.1 valid for
/// 90 days, all ECDSA P-256.
struct Pki {
    root_pem: String,
    /// Leaf, then intermediate: what the servers send.
    chain: Vec<CertificateDer<'static>>,
    leaf_key: PrivateKeyDer<'static>,
}

impl Pki {
    fn generate() -> Pki {
        let new_key = || KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
        let ca = |name: &str| {
            let mut params = CertificateParams::default();
            params.distinguished_name = DistinguishedName::new();
            params.distinguished_name.push(DnType::CommonName, name);
            params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
            params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
            params.use_authority_key_identifier_extension = true;
            validity(&mut params, -365, 3650);
            params
        };
        let root_key = new_key();
        let root_params = ca("triage bench root");
        let root_pem = root_params.self_signed(&root_key).unwrap().pem();
        let root = Issuer::new(root_params, root_key);

        let intermediate_key = new_key();
        let intermediate_params = ca("triage bench intermediate");
        let intermediate = intermediate_params
            .signed_by(&intermediate_key, &root)
            .unwrap();
        let intermediate_issuer = Issuer::new(intermediate_params, intermediate_key);

        let names = vec!["localhost".to_string(), "127.0.0.1".to_string()];
        let mut leaf_params = CertificateParams::new(names).unwrap();
        leaf_params.distinguished_name = DistinguishedName::new();
        leaf_params
            .distinguished_name
            .push(DnType::CommonName, "localhost");
        leaf_params.is_ca = IsCa::ExplicitNoCa;
        leaf_params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        leaf_params.use_authority_key_identifier_extension = true;
        validity(&mut leaf_params, -1, 90);
        let leaf_key = new_key();
        let leaf = leaf_params
            .signed_by(&leaf_key, &intermediate_issuer)
            .unwrap();
        Pki {
            root_pem,
            chain: vec![leaf.der().clone(), intermediate.der().clone()],
            leaf_key: PrivatePkcs8KeyDer::from(leaf_key.serialize_der()).into(),
        }
    }
}

fn validity(params: &mut CertificateParams, from_days: i64, until_days: i64) {
    let now = time::OffsetDateTime::now_utc();
    params.not_before = now + time::Duration::days(from_days);
    params.not_after = now + time::Duration::days(until_days);
}

/// One triage run: how it exited, how long it took, its peak memory, and
/// what it printed.
struct Outcome {
    status: ExitStatus,
    wall: Duration,
    peak_rss_mb: u64,
    /// User + system CPU time, as last seen before it exited (to a tick).
    cpu: Duration,
    stdout: String,
    stderr: String,
}

impl Outcome {
    fn expect_code(&self, code: i32, what: &str) {
        assert!(
            self.status.code() == Some(code),
            "{what}: triage exited {} (expected {code})\n--- stderr\n{}",
            self.status,
            self.stderr
        );
    }
}

/// Runs the triage binary with a clean environment (only PATH, and HOME set
/// to `home`). Output goes to files in `dir`: the JSON of 1,000 targets is
/// bigger than a pipe holds, and this loop only polls memory.
fn run_triage(home: &Path, dir: &Path, args: &[&OsStr]) -> Outcome {
    let stdout_path = dir.join("triage.stdout");
    let stderr_path = dir.join("triage.stderr");
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_triage"))
        .args(args)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&stdout_path).unwrap())
        .stderr(std::fs::File::create(&stderr_path).unwrap())
        .spawn()
        .expect("triage runs");
    // The kernel's high-water mark of the child's own memory, read until it
    // exits (getrusage would also count the copy of this process a fork shares).
    let mut peak_rss_mb = 0;
    let mut cpu = Duration::ZERO;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        peak_rss_mb = peak_rss_mb.max(peak_rss_mb_of(child.id()));
        cpu = cpu.max(cpu_time_of(child.id()));
        std::thread::sleep(Duration::from_millis(5));
    };
    let wall = started.elapsed();
    let read = |path: &Path| String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
    Outcome {
        status,
        wall,
        peak_rss_mb,
        cpu,
        stdout: read(&stdout_path),
        stderr: read(&stderr_path),
    }
}

/// A running process's peak resident set (VmHWM), in MB; 0 once it is gone.
fn peak_rss_mb_of(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|line| line.strip_prefix("VmHWM:"))
                .and_then(|kb| kb.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        })
        .map_or(0, |kb| kb / 1024)
}

/// A running process's user + system CPU time so far; zero once it is gone.
fn cpu_time_of(pid: u32) -> Duration {
    // SAFETY: sysconf only reads a constant.
    let ticks_per_second = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as f64;
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|stat| {
            // After "PID (COMM) ", utime and stime are the 12th and 13th fields.
            let (_, fields) = stat.rsplit_once(')')?;
            let mut fields = fields.split_whitespace().skip(11);
            let user: u64 = fields.next()?.parse().ok()?;
            let system: u64 = fields.next()?.parse().ok()?;
            Some(Duration::from_secs_f64(
                (user + system) as f64 / ticks_per_second,
            ))
        })
        .unwrap_or_default()
}

/// The `status` of every entry of `targets` in a `certs check -o json` report.
fn target_statuses(json: &str) -> Vec<String> {
    let report: serde_json::Value = serde_json::from_str(json)
        .unwrap_or_else(|err| panic!("certs check -o json is not JSON ({err}):\n{json}"));
    report["targets"]
        .as_array()
        .unwrap_or_else(|| panic!("no targets array in:\n{json}"))
        .iter()
        .map(|target| target["status"].as_str().unwrap_or("(none)").to_string())
        .collect()
}

/// What the sequential openssl loop took.
struct OpensslLoop {
    /// Targets actually checked.
    measured: usize,
    /// Time for those.
    elapsed: Duration,
    /// For all of them: `elapsed`, or extrapolated linearly from it.
    total: Duration,
}

/// `openssl s_client -connect 127.0.0.1:PORT -servername localhost
/// -verify_return_error -CAfile CA </dev/null` for each port in turn, output
/// discarded (stderr kept for a failure). Every check must succeed, or the
/// comparison would be with something else. After `OPENSSL_SAMPLE` targets,
/// stops if the rest would take past `OPENSSL_PATIENCE`.
fn openssl_loop(ports: &[u16], ca_file: &Path) -> OpensslLoop {
    let started = Instant::now();
    let mut measured = 0;
    for (index, port) in ports.iter().enumerate() {
        if index == OPENSSL_SAMPLE {
            let projected = started.elapsed().mul_f64(ports.len() as f64 / index as f64);
            if projected > OPENSSL_PATIENCE {
                eprintln!(
                    "openssl loop: the first {index} targets took {:.1} s; extrapolating",
                    started.elapsed().as_secs_f64()
                );
                break;
            }
        }
        let output = Command::new("openssl")
            .args(["s_client", "-connect"])
            .arg(format!("127.0.0.1:{port}"))
            .args([
                "-servername",
                "localhost",
                "-verify_return_error",
                "-CAfile",
            ])
            .arg(ca_file)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .output()
            .expect("openssl runs");
        assert!(
            output.status.success(),
            "openssl s_client against port {port}: {}\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
        measured += 1;
    }
    let elapsed = started.elapsed();
    let total = elapsed.mul_f64(ports.len() as f64 / measured as f64);
    eprintln!(
        "openssl loop: {measured} targets verified in {:.1} s",
        elapsed.as_secs_f64()
    );
    OpensslLoop {
        measured,
        elapsed,
        total,
    }
}
