//! Findings as every report lists them: severity, subject, the measured
//! facts, since when, and the exact query that showed them.

use super::time;
use crate::analyze::Finding;

/// One finding on one line.
pub fn line(finding: &Finding) -> String {
    let mut line = format!(
        "{} {}: {}",
        finding.severity.label(),
        finding.subject,
        finding.summary
    );
    if let Some(onset) = finding.onset {
        line.push_str(&format!("; since {}", time(onset)));
    }
    match finding.score {
        // A flat baseline makes any change enormous in robust units; past 100 the number says nothing more.
        Some(score) if score.abs() >= 100.0 => {
            line.push_str("; over 100 robust units off the baseline")
        }
        Some(score) if score.abs() >= 1.0 => {
            line.push_str(&format!("; {score:.1} robust units off the baseline"))
        }
        _ => {}
    }
    line
}

/// A numbered Markdown list, each finding with its query in a fenced block.
pub fn markdown(findings: &[Finding]) -> String {
    let mut text = String::new();
    for (index, finding) in findings.iter().enumerate() {
        let body = line(finding);
        let (severity, rest) = body.split_once(' ').unwrap_or((&body, ""));
        let rest = rest
            .strip_prefix(&format!("{}:", finding.subject))
            .unwrap_or(rest);
        text.push_str(&format!(
            "{}. **{severity}** `{}`:{rest}\n\n   ```{}\n   {}\n   ```\n\n",
            index + 1,
            finding.subject,
            finding.shown_by.language(),
            finding.shown_by.text()
        ));
    }
    text
}

/// Findings for a terminal, the query indented under each.
pub fn terminal(findings: &[Finding]) -> String {
    findings
        .iter()
        .map(|finding| format!("  {}\n      {}\n", line(finding), finding.shown_by.text()))
        .collect()
}
