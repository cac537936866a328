//! Findings as every report lists them: severity, subject, the measured
//! facts, since when, and the exact query that showed them.

use super::time;
use crate::analyze::Finding;

/// One finding on one line.
pub fn line(finding: &Finding) -> String {
    format!(
        "{} {}: {}",
        finding.severity.label(),
        finding.subject,
        facts(finding)
    )
}

/// The measured facts: the summary, its onset and how far off the baseline it is.
fn facts(finding: &Finding) -> String {
    let mut facts = finding.summary.clone();
    if let Some(onset) = finding.onset {
        facts.push_str(&format!("; since {}", time(onset)));
    }
    match finding.score {
        // A flat baseline makes any change enormous in robust units; past 100 the number says nothing more.
        Some(score) if score.abs() >= 100.0 => {
            facts.push_str("; over 100 robust units off the baseline")
        }
        Some(score) if score.abs() >= 1.0 => {
            facts.push_str(&format!("; {score:.1} robust units off the baseline"))
        }
        _ => {}
    }
    facts
}

/// A numbered Markdown list, each finding with its query in a fenced block.
pub fn markdown(findings: &[Finding]) -> String {
    findings
        .iter()
        .enumerate()
        .map(|(index, finding)| {
            format!(
                "{}. **{}** `{}`: {}\n\n   ```{}\n   {}\n   ```\n\n",
                index + 1,
                finding.severity.label(),
                finding.subject,
                facts(finding),
                finding.shown_by.language(),
                finding.shown_by.text()
            )
        })
        .collect()
}

/// Findings for a terminal, the query indented under each.
pub fn terminal(findings: &[Finding]) -> String {
    findings
        .iter()
        .map(|finding| format!("  {}\n      {}\n", line(finding), finding.shown_by.text()))
        .collect()
}
