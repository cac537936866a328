//! The incident report in GitHub-flavoured Markdown, to paste into a
//! postmortem: summary, service health, ranked root causes with their
//! evidence, the cascade, the timeline, actions, data gaps, and every query.
//! Facts (measured) and inferences (mechanism, confidence) are kept apart.

use super::table::{Table, markdown_cell};
use crate::analyze::finding::ShownBy;
use crate::correlate::hypothesis::{Action, Hypothesis};
use crate::correlate::investigation::Investigation;
use crate::evidence::SourceStatus;
use std::fmt::Write;

pub fn markdown(report: &Investigation) -> String {
    let mut text = String::new();
    let _ = writeln!(text, "# {}\n", one_line(&report.title));
    let _ = writeln!(
        text,
        "_Window {} to {} (baseline from {}), evidence collected {}. Status: **{}**._\n",
        super::time(report.window.start),
        super::time(report.window.end),
        super::time(report.window.baseline_start),
        super::time(report.collected_at),
        report.status
    );
    text.push_str("## Summary\n\n");
    let _ = writeln!(text, "{}\n", one_line(&report.summary));
    if !report.services.is_empty() {
        text.push_str("## Service health\n\n");
        text.push_str(&super::health::services_table(&report.services).to_markdown());
        text.push('\n');
    }
    text.push_str("## Probable root causes\n\n");
    if report.hypotheses.is_empty() {
        text.push_str(if report.symptoms.is_empty() {
            "None: nothing abnormal enough to explain.\n\n"
        } else {
            "None found: the symptoms above are not explained by any failure mode of the catalogue with the evidence collected. See the data gaps below before concluding.\n\n"
        });
    }
    for hypothesis in &report.hypotheses {
        hypothesis_section(&mut text, hypothesis);
    }
    if !report.ruled_out.is_empty() {
        text.push_str("### Considered and ruled out\n\n");
        for ruled_out in &report.ruled_out {
            let _ = writeln!(
                text,
                "- `{}` {}: {}",
                ruled_out.cause,
                one_line(&ruled_out.subject),
                one_line(&ruled_out.reason)
            );
        }
        text.push('\n');
    }
    if !report.unexplained.is_empty() {
        let _ = writeln!(
            text,
            "Symptoms no hypothesis explains: {}.\n",
            one_line(&report.unexplained.join(", "))
        );
    }
    if !report.cascade.is_empty() {
        text.push_str("## Cascade: consequences, not causes\n\n");
        for fact in &report.cascade {
            let _ = writeln!(
                text,
                "- {} {}: {}",
                fact.severity.label(),
                one_line(&fact.subject),
                one_line(&fact.summary)
            );
        }
        text.push('\n');
    }
    if !report.timeline.is_empty() {
        text.push_str("## Timeline (UTC)\n\n");
        let mut table = Table::new(&["Time", "Source", "Event"]);
        for entry in &report.timeline {
            table.push(vec![
                entry.at.format("%Y-%m-%d %H:%M:%S").to_string(),
                entry.source.into(),
                crate::analyze::text::one_line(&entry.what),
            ]);
        }
        text.push_str(&table.to_markdown());
        text.push('\n');
    }
    if !report.actions.is_empty() {
        text.push_str("## Recommended immediate actions\n\n");
        for (number, action) in report.actions.iter().enumerate() {
            action_item(&mut text, number + 1, action);
        }
        text.push('\n');
    }
    text.push_str("## Data gaps and sources\n\n");
    let mut table = Table::new(&["Source", "Status", "Time", "Detail"]);
    for source in &report.sources {
        let status = match source.status {
            SourceStatus::Ok if source.gaps.is_empty() => "consulted",
            SourceStatus::Ok => "consulted, with gaps",
            SourceStatus::Failed => "FAILED: data gap",
            SourceStatus::NotConfigured => "not consulted",
        };
        let mut detail: Vec<String> = source.error.iter().cloned().collect();
        detail.extend(source.gaps.iter().cloned());
        table.push(vec![
            source.name.clone(),
            status.into(),
            if source.status == SourceStatus::NotConfigured {
                "-".into()
            } else {
                format!("{} ms", source.duration_ms)
            },
            crate::analyze::text::one_line(&detail.join("; ")),
        ]);
    }
    text.push_str(&table.to_markdown());
    text.push('\n');
    if !report.queries.is_empty() {
        text.push_str("## Appendix: every query run\n\n");
        for query in &report.queries {
            code_block(&mut text, query, "");
        }
    }
    text
}

fn hypothesis_section(text: &mut String, hypothesis: &Hypothesis) {
    let _ = writeln!(
        text,
        "### {}. `{}` on {}: confidence {:.2} ({})\n",
        hypothesis.rank,
        hypothesis.cause,
        one_line(&hypothesis.subject),
        hypothesis.confidence,
        hypothesis.level.name()
    );
    let _ = writeln!(text, "{}\n", one_line(&hypothesis.summary));
    text.push_str("**Evidence** (measured):\n\n");
    for (number, fact) in hypothesis.evidence.iter().enumerate() {
        let _ = writeln!(
            text,
            "{}. {} {}: {}{}",
            number + 1,
            fact.severity.label(),
            one_line(&fact.subject),
            one_line(&fact.summary),
            fact.onset
                .map(|t| format!(" (since {})", super::time(t)))
                .unwrap_or_default()
        );
        code_block(text, &fact.shown_by, "   ");
    }
    text.push('\n');
    let _ = writeln!(
        text,
        "**Mechanism** (inferred): {}\n",
        one_line(&hypothesis.mechanism)
    );
    if !hypothesis.explains.is_empty() {
        let _ = writeln!(
            text,
            "**Explains**: {}.\n",
            one_line(&hypothesis.explains.join(", "))
        );
    }
    if !hypothesis.alerts.is_empty() {
        let _ = writeln!(
            text,
            "**Alerts that fired**: {}.\n",
            one_line(&hypothesis.alerts.join(", "))
        );
    }
    let score = &hypothesis.score;
    let _ = writeln!(
        text,
        "**Score**: evidence {:.2} ({}), precedence {:.2} ({}), coverage {:.2} ({}), topology {:.2} ({}).\n",
        score.strength.value,
        one_line(&score.strength.reason),
        score.precedence.value,
        one_line(&score.precedence.reason),
        score.coverage.value,
        one_line(&score.coverage.reason),
        score.topology.value,
        one_line(&score.topology.reason)
    );
    if !hypothesis.confirm.is_empty() {
        let _ = writeln!(
            text,
            "**Would confirm**: {}.\n",
            hypothesis
                .confirm
                .iter()
                .map(|c| one_line(c))
                .collect::<Vec<_>>()
                .join("; ")
        );
    }
    if !hypothesis.refute.is_empty() {
        let _ = writeln!(
            text,
            "**Would refute**: {}.\n",
            hypothesis
                .refute
                .iter()
                .map(|c| one_line(c))
                .collect::<Vec<_>>()
                .join("; ")
        );
    }
}

fn action_item(text: &mut String, number: usize, action: &Action) {
    let warning = if action.changes_state {
        "**Changes the system: review before running.** "
    } else {
        ""
    };
    let _ = writeln!(text, "{number}. {warning}{}", one_line(&action.what));
    if let Some(command) = &action.command {
        code_block(text, command, "   ");
    }
}

/// A fenced block, indented to sit inside a list item; the fence is longer
/// than any run of backticks inside, so nothing can close it early.
fn code_block(text: &mut String, shown_by: &ShownBy, indent: &str) {
    let body = shown_by.text();
    let longest = body.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    let _ = writeln!(text, "{indent}{fence}{}", shown_by.language());
    for line in body.lines() {
        let _ = writeln!(text, "{indent}{}", clean(line));
    }
    let _ = writeln!(text, "{indent}{fence}");
}

/// Text from outside (messages, names) on one line, safe in a list or a table.
fn one_line(text: &str) -> String {
    markdown_cell(&crate::analyze::text::one_line(text))
}

/// No control characters (ANSI escapes) in a code block.
fn clean(line: &str) -> String {
    line.chars()
        .map(|c| if c.is_control() && c != '\t' { '?' } else { c })
        .collect()
}
