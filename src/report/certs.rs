//! How `certs check` reads: a table for people (most urgent first), JSON and
//! JSON Lines for machines, Prometheus textfile metrics for node_exporter,
//! a Nagios status line, and Markdown for a ticket.

use super::table::Table;
use crate::analyze::certs::judge::{Verdict, urgency};
use crate::analyze::certs::thresholds::days_text;
use crate::analyze::certs::{Thresholds, TrustStore};
use crate::exit_status::ExitStatus;
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::fmt::Write;

pub const SCHEMA: &str = "triage.certs/v1";

#[derive(Debug, Serialize)]
pub struct CertsReport {
    pub schema: &'static str,
    pub checked_at: DateTime<Utc>,
    pub status: ExitStatus,
    pub summary: String,
    pub thresholds: Thresholds,
    pub trust_stores: Vec<StoreSize>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// In the order the targets were given.
    pub targets: Vec<Verdict>,
}

#[derive(Debug, Serialize)]
pub struct StoreSize {
    pub name: &'static str,
    pub certificates: usize,
}

impl CertsReport {
    pub fn new(
        targets: Vec<Verdict>,
        stores: &[TrustStore],
        thresholds: Thresholds,
        warnings: Vec<String>,
        now: DateTime<Utc>,
    ) -> CertsReport {
        let status = targets
            .iter()
            .map(|verdict| verdict.status)
            .min_by_key(|&status| urgency(status))
            .unwrap_or(ExitStatus::Ok);
        CertsReport {
            schema: SCHEMA,
            checked_at: now,
            status,
            summary: summary(&targets),
            thresholds,
            trust_stores: stores
                .iter()
                .map(|store| StoreSize {
                    name: store.name,
                    certificates: store.len(),
                })
                .collect(),
            warnings,
            targets,
        }
    }

    /// Most urgent first; among equals, the soonest expiry first.
    pub fn by_urgency(&self) -> Vec<&Verdict> {
        let mut sorted: Vec<&Verdict> = self.targets.iter().collect();
        sorted.sort_by(|a, b| {
            urgency(a.status)
                .cmp(&urgency(b.status))
                .then_with(|| days_left(a).total_cmp(&days_left(b)))
        });
        sorted
    }
}

fn days_left(verdict: &Verdict) -> f64 {
    verdict
        .first_expiry()
        .map_or(f64::INFINITY, |p| p.days_left)
}

/// "2 of 5 CRITICAL, 1 WARNING" or "all 5 OK".
fn summary(targets: &[Verdict]) -> String {
    let total = targets.len();
    let count = |status| targets.iter().filter(|v| v.status == status).count();
    let parts: Vec<String> = [
        ExitStatus::Critical,
        ExitStatus::Warning,
        ExitStatus::Unknown,
    ]
    .into_iter()
    .filter(|&status| count(status) > 0)
    .map(|status| format!("{} {status}", count(status)))
    .collect();
    let noun = if total == 1 { "check" } else { "checks" };
    if parts.is_empty() {
        format!("all {total} {noun} OK")
    } else {
        format!("{} of {total} {noun}", parts.join(", "))
    }
}

fn location(verdict: &Verdict) -> String {
    match &verdict.address {
        Some(address) => format!("{} ({address})", verdict.target),
        None => verdict.target.clone(),
    }
}

/// Signed days with enough digits never to read 0 for a live certificate.
fn signed_days(days: f64) -> String {
    let number = days_text(days);
    let number = number.trim_end_matches(" days").trim_end_matches(" day");
    let number = number.replace("less than ", "<");
    if days < 0.0 {
        format!("-{number}")
    } else {
        number
    }
}

fn table(report: &CertsReport) -> Table {
    let mut table = Table::new(&[
        "Status", "Target", "Address", "Days", "Expires", "Subject", "Summary",
    ]);
    for verdict in report.by_urgency() {
        let first = verdict.first_expiry();
        table.push(vec![
            verdict.status.to_string(),
            verdict.target.clone(),
            verdict.address.clone().unwrap_or_else(|| "-".into()),
            first.map_or("-".into(), |p| signed_days(p.days_left)),
            first.map_or("-".into(), |p| {
                p.certificate.not_after.format("%Y-%m-%d %H:%M").to_string()
            }),
            verdict
                .leaf()
                .map_or("-".into(), |leaf| leaf.certificate.short_name().to_string()),
            verdict.summary.clone(),
        ]);
    }
    table
}

pub fn terminal(report: &CertsReport, color: bool) -> String {
    let mut text = table(report).to_terminal(color);
    for verdict in report.by_urgency() {
        if verdict.problems.len() < 2 {
            continue;
        }
        let _ = writeln!(text, "\n{}:", location(verdict));
        for problem in &verdict.problems {
            let _ = writeln!(
                text,
                "  {:<8}  {}: {}",
                problem.severity,
                problem.kind.name(),
                problem.message
            );
        }
    }
    let _ = writeln!(text, "\n{}: {}", report.status, report.summary);
    text
}

pub fn markdown(report: &CertsReport) -> String {
    let mut text = format!(
        "## TLS certificates: {}\n\n{}; checked {}, warning at {}, critical at {}.\n\n",
        report.status,
        report.summary,
        super::time(report.checked_at),
        report.thresholds.warn,
        report.thresholds.crit
    );
    text.push_str(&table(report).to_markdown());
    for verdict in report
        .by_urgency()
        .into_iter()
        .filter(|v| v.status != ExitStatus::Ok)
    {
        let _ = write!(text, "\n### {}: {}\n\n", location(verdict), verdict.status);
        for problem in &verdict.problems {
            let _ = writeln!(
                text,
                "- **{}** ({}): {}",
                problem.kind.name(),
                problem.severity,
                problem.message
            );
        }
        if let (Some(protocol), Some(cipher)) = (&verdict.protocol, &verdict.cipher_suite) {
            let _ = writeln!(text, "- Negotiated: {protocol}, {cipher}");
        }
        if !verdict.presented.is_empty() {
            text.push_str("- Presented chain:\n");
            for presented in &verdict.presented {
                let cert = &presented.certificate;
                let _ = writeln!(
                    text,
                    "  {}. `{}` ({}), issued by `{}`, valid {} to {}, {}, {}",
                    presented.position,
                    cert.subject,
                    presented.role,
                    cert.issuer,
                    super::time(cert.not_before),
                    super::time(cert.not_after),
                    cert.key,
                    cert.signature
                );
            }
        }
        if let Some(trust) = &verdict.trust {
            if trust.trusted_by.is_empty() {
                text.push_str("- Chain a client would build: none, no store trusts it\n");
            } else {
                let chain: Vec<String> =
                    trust.built_chain.iter().map(|s| format!("`{s}`")).collect();
                let _ = writeln!(
                    text,
                    "- Chain a client would build: {} (trusted by {})",
                    chain.join(" → "),
                    trust.trusted_by.join(", ")
                );
            }
        }
    }
    text
}

/// One compact JSON object per line, each stamped with the check time.
pub fn jsonl(report: &CertsReport) -> anyhow::Result<String> {
    #[derive(Serialize)]
    struct Line<'a> {
        checked_at: DateTime<Utc>,
        #[serde(flatten)]
        verdict: &'a Verdict,
    }
    let mut text = String::new();
    for verdict in &report.targets {
        text.push_str(&serde_json::to_string(&Line {
            checked_at: report.checked_at,
            verdict,
        })?);
        text.push('\n');
    }
    Ok(text)
}

/// The Prometheus text format node_exporter's textfile collector reads: each
/// family's HELP and TYPE once, then its series.
pub fn prometheus(report: &CertsReport) -> String {
    let mut families: Vec<(&str, &str, Vec<String>)> = vec![
        (
            "triage_cert_not_after_seconds",
            "notAfter of each presented certificate, as a Unix time.",
            vec![],
        ),
        (
            "triage_cert_not_before_seconds",
            "notBefore of each presented certificate, as a Unix time.",
            vec![],
        ),
        (
            "triage_cert_check_success",
            "1 when the chain could be fetched and read, else 0.",
            vec![],
        ),
        (
            "triage_cert_status",
            "The check's status: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.",
            vec![],
        ),
        (
            "triage_cert_trusted",
            "1 when some trust store accepts the chain, else 0.",
            vec![],
        ),
        (
            "triage_cert_problems",
            "Problems found, by kind (expired, untrusted, hostname-mismatch, ...).",
            vec![],
        ),
        (
            "triage_cert_check_duration_seconds",
            "Time taken to fetch the chain.",
            vec![],
        ),
    ];
    for (verdict, name) in report.targets.iter().zip(unique_names(report)) {
        let target = format!(
            "target=\"{}\",address=\"{}\"",
            escape(&name),
            escape(verdict.address.as_deref().unwrap_or(""))
        );
        for presented in &verdict.presented {
            let labels = format!(
                "{target},subject=\"{}\",position=\"{}\"",
                escape(&presented.certificate.subject),
                presented.position
            );
            families[0].2.push(format!(
                "{{{labels}}} {}",
                presented.certificate.not_after.timestamp()
            ));
            families[1].2.push(format!(
                "{{{labels}}} {}",
                presented.certificate.not_before.timestamp()
            ));
        }
        let fetched = !verdict.presented.is_empty() && verdict.error.is_none();
        families[2]
            .2
            .push(format!("{{{target}}} {}", u8::from(fetched)));
        families[3]
            .2
            .push(format!("{{{target}}} {}", verdict.status.code()));
        if let Some(trust) = &verdict.trust {
            families[4].2.push(format!(
                "{{{target}}} {}",
                u8::from(!trust.trusted_by.is_empty())
            ));
        }
        let mut kinds: Vec<&str> = verdict.problems.iter().map(|p| p.kind.name()).collect();
        kinds.sort_unstable();
        kinds.dedup();
        for kind in kinds {
            let count = verdict
                .problems
                .iter()
                .filter(|p| p.kind.name() == kind)
                .count();
            families[5]
                .2
                .push(format!("{{{target},problem=\"{kind}\"}} {count}"));
        }
        families[6].2.push(format!(
            "{{{target}}} {:.3}",
            verdict.duration_ms as f64 / 1000.0
        ));
    }
    let mut text = String::new();
    for (name, help, series) in &families {
        if series.is_empty() {
            continue;
        }
        let _ = writeln!(text, "# HELP {name} {help}\n# TYPE {name} gauge");
        for line in series {
            let _ = writeln!(text, "{name}{line}");
        }
    }
    let _ = writeln!(
        text,
        "# HELP triage_cert_check_timestamp_seconds When the check ran, as a Unix time.\n\
         # TYPE triage_cert_check_timestamp_seconds gauge\n\
         triage_cert_check_timestamp_seconds {}",
        report.checked_at.timestamp()
    );
    text
}

/// The target of each verdict as a series name, unique with its address: the
/// same host checked twice (another SNI, another STARTTLS, a file named twice)
/// must not make two series with the same labels, which collectors reject.
fn unique_names(report: &CertsReport) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    report
        .targets
        .iter()
        .map(|verdict| {
            let address = verdict.address.clone().unwrap_or_default();
            let mut name = verdict.target.clone();
            if seen.contains(&(name.clone(), address.clone())) {
                if let Some(sni) = &verdict.server_name {
                    name = format!("{name} sni={sni}");
                }
            }
            let mut n = 2;
            let base = name.clone();
            while !seen.insert((name.clone(), address.clone())) {
                name = format!("{base} #{n}");
                n += 1;
            }
            name
        })
        .collect()
}

/// Label values escape backslash, double quote and newline.
fn escape(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// A Nagios plugin's output: the status line with perfdata (days left of the
/// soonest-expiring certificate per check), then one line per check not OK.
pub fn nagios(report: &CertsReport) -> String {
    let sorted = report.by_urgency();
    let mut line = format!("CERTS {} - {}", report.status, report.summary);
    let worst: Vec<String> = sorted
        .iter()
        .filter(|v| v.status != ExitStatus::Ok)
        .take(3)
        .map(|v| format!("{}: {}", v.target, v.summary))
        .collect();
    if !worst.is_empty() {
        let _ = write!(line, ": {}", worst.join("; "));
    }
    // Days left alert when they fall *below* the thresholds: Nagios ranges `30:` and `7:`.
    let threshold = |days: Option<f64>| {
        days.map(|d| format!("{}:", trim_number(d)))
            .unwrap_or_default()
    };
    let perfdata: Vec<String> = report
        .targets
        .iter()
        .zip(unique_names(report))
        .filter_map(|(verdict, name)| {
            let first = verdict.first_expiry()?;
            let label = match &verdict.address {
                Some(address) if address != &name => format!("{name} {address}"),
                _ => name,
            };
            Some(format!(
                "'{}'={};{};{};;",
                label.replace('\'', "''").replace('=', "_"),
                trim_number(first.days_left),
                threshold(report.thresholds.warn.days()),
                threshold(report.thresholds.crit.days())
            ))
        })
        .collect();
    let mut text = one_line(&line);
    if !perfdata.is_empty() {
        let _ = write!(text, " | {}", perfdata.join(" "));
    }
    text.push('\n');
    for verdict in sorted.iter().filter(|v| v.status != ExitStatus::Ok) {
        let _ = writeln!(
            text,
            "{} {}: {}",
            verdict.status,
            location(verdict),
            one_line(&verdict.summary)
        );
    }
    text
}

/// Days with four decimals (9 seconds), trailing zeros dropped: a live
/// certificate never reads 0 unless it has seconds left.
fn trim_number(value: f64) -> String {
    let text = format!("{value:.4}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".into()
    } else {
        text.to_string()
    }
}

/// Nagios splits output at `|` and newlines; neither may appear in text.
fn one_line(text: &str) -> String {
    crate::analyze::text::one_line(text).replace('|', "/")
}
