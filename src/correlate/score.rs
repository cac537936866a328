//! The score of a proposal, in four visible parts (ARCHITECTURE §2):
//! strength of evidence, temporal precedence, coverage of the symptoms, and
//! topology. Confidence is their weighted sum, in [0, 1].

use super::facts::Facts;
use super::hypothesis::{Part, Proposal, Score};
use crate::analyze::finding::{Finding, Severity};
use chrono::{DateTime, Duration, Utc};

const STRENGTH_WEIGHT: f64 = 0.40;
const PRECEDENCE_WEIGHT: f64 = 0.25;
const COVERAGE_WEIGHT: f64 = 0.20;
const TOPOLOGY_WEIGHT: f64 = 0.15;

/// Onsets this close together count as simultaneous (about two query steps).
pub const SAME_TIME: Duration = Duration::minutes(2);
/// A change this long before the symptoms is "shortly before".
pub const SHORTLY_BEFORE: Duration = Duration::minutes(60);

/// How strong one finding is: its severity, raised by a large robust
/// deviation from the baseline.
pub fn finding_strength(finding: &Finding) -> f64 {
    let base = match finding.severity {
        Severity::Critical => 0.85,
        Severity::Warning => 0.55,
        Severity::Ok => 0.2,
    };
    let deviation = finding
        .score
        .map_or(0.0, |score| (score.abs() / 100.0).min(0.15));
    (base + deviation).min(1.0)
}

/// The symptoms a proposal explains: those of its subject, of anything its
/// evidence is about, and of services that depend on either.
pub fn explained(facts: &Facts, proposal: &Proposal) -> Vec<usize> {
    let mut subjects: Vec<&str> = vec![proposal.subject.as_str()];
    subjects.extend(
        proposal
            .evidence
            .iter()
            .map(|&i| facts.findings[i].subject.as_str()),
    );
    // Evidence made only of symptoms (one service failing because another
    // does) explains the others' symptoms, not its own.
    let symptom_findings: Vec<usize> = facts.symptoms.iter().map(|s| s.finding).collect();
    let has_cause_evidence = proposal
        .evidence
        .iter()
        .any(|i| !symptom_findings.contains(i));
    facts
        .symptoms
        .iter()
        .enumerate()
        .filter(|(_, symptom)| has_cause_evidence || !proposal.evidence.contains(&symptom.finding))
        .filter(|(_, symptom)| {
            subjects.iter().any(|subject| {
                super::facts::related(&symptom.subject, subject)
                    || facts.topology.depends_on(&symptom.subject, subject)
            })
        })
        .map(|(index, _)| index)
        .collect()
}

pub fn score(facts: &Facts, proposal: &Proposal, explains: &[usize]) -> Score {
    let mut score = Score {
        strength: strength(facts, proposal),
        precedence: precedence(facts, proposal, explains),
        coverage: coverage(facts, explains),
        topology: topology(facts, proposal, explains),
    };
    // Three decimals: what the report shows is what decides.
    for part in [
        &mut score.strength,
        &mut score.precedence,
        &mut score.coverage,
        &mut score.topology,
    ] {
        part.value = (part.value * 1000.0).round() / 1000.0;
    }
    score
}

impl Score {
    pub fn confidence(&self) -> f64 {
        let parts = [
            &self.strength,
            &self.precedence,
            &self.coverage,
            &self.topology,
        ];
        let total: f64 = parts.iter().map(|part| part.value * part.weight).sum();
        (total * 1000.0).round() / 1000.0
    }
}

fn strength(facts: &Facts, proposal: &Proposal) -> Part {
    let strengths: Vec<f64> = proposal
        .evidence
        .iter()
        .map(|&i| finding_strength(&facts.findings[i]))
        .collect();
    let strongest = strengths.iter().copied().fold(0.0, f64::max);
    // Corroboration from more findings adds a little, never past 1.
    let value = (strongest + 0.05 * strengths.len().saturating_sub(1) as f64).min(1.0);
    let critical = proposal
        .evidence
        .iter()
        .filter(|&&i| facts.findings[i].severity == Severity::Critical)
        .count();
    Part {
        value,
        weight: STRENGTH_WEIGHT,
        reason: format!(
            "{} finding{} ({critical} critical)",
            strengths.len(),
            if strengths.len() == 1 { "" } else { "s" }
        ),
    }
}

/// The onset of the symptoms a proposal is about: those it explains, else all.
pub fn symptom_onset(facts: &Facts, explains: &[usize]) -> Option<DateTime<Utc>> {
    let chosen: Vec<_> = if explains.is_empty() {
        facts.symptoms.iter().collect()
    } else {
        explains.iter().map(|&i| &facts.symptoms[i]).collect()
    };
    chosen.iter().filter_map(|symptom| symptom.onset).min()
}

fn precedence(facts: &Facts, proposal: &Proposal, explains: &[usize]) -> Part {
    let part = |value, reason: String| Part {
        value,
        weight: PRECEDENCE_WEIGHT,
        reason,
    };
    let Some(symptoms_began) = symptom_onset(facts, explains) else {
        return part(0.5, "no symptom onset to compare with".into());
    };
    // Minutes on the symptoms' day; the date too for anything on another day.
    let time = |t: DateTime<Utc>| {
        if t.date_naive() == symptoms_began.date_naive() {
            t.format("%H:%M").to_string()
        } else {
            t.format("%Y-%m-%d %H:%M").to_string()
        }
    };
    let Some(onset) = proposal.onset else {
        return part(
            0.5,
            format!(
                "its onset is unknown (symptoms began {})",
                time(symptoms_began)
            ),
        );
    };
    let lead = symptoms_began - onset;
    // A state that already held during the healthy baseline did not start
    // what began now (it may still matter: it is reported, but ranks low).
    if !proposal.is_change && onset < facts.window.baseline_start {
        return part(
            0.3,
            format!(
                "already so at {}, before the healthy baseline; the symptoms began {}",
                time(onset),
                time(symptoms_began)
            ),
        );
    }
    if lead < -SAME_TIME {
        return part(
            0.1,
            format!(
                "began {}, after the symptoms ({})",
                time(onset),
                time(symptoms_began)
            ),
        );
    }
    if proposal.is_change && lead <= SHORTLY_BEFORE {
        return part(
            1.0,
            format!(
                "a change at {}, {} min before the symptoms began ({})",
                time(onset),
                lead.num_minutes().max(0),
                time(symptoms_began)
            ),
        );
    }
    if lead > SAME_TIME {
        part(
            0.9,
            format!(
                "began {}, before the symptoms ({})",
                time(onset),
                time(symptoms_began)
            ),
        )
    } else {
        part(
            0.8,
            format!("began with the symptoms ({})", time(symptoms_began)),
        )
    }
}

fn coverage(facts: &Facts, explains: &[usize]) -> Part {
    let total = facts.symptoms.len();
    let value = if total == 0 {
        0.0
    } else {
        explains.len() as f64 / total as f64
    };
    Part {
        value,
        weight: COVERAGE_WEIGHT,
        reason: if total == 0 {
            "no symptoms to explain".into()
        } else {
            format!("explains {} of {total} symptoms", explains.len())
        },
    }
}

fn topology(facts: &Facts, proposal: &Proposal, explains: &[usize]) -> Part {
    let part = |value, reason: String| Part {
        value,
        weight: TOPOLOGY_WEIGHT,
        reason,
    };
    let upstream_of: Vec<&str> = explains
        .iter()
        .map(|&i| facts.symptoms[i].subject.as_str())
        .filter(|symptomatic| facts.topology.depends_on(symptomatic, &proposal.subject))
        .collect();
    if let Some(first) = upstream_of.first() {
        return part(1.0, format!("{} is upstream of {first}", proposal.subject));
    }
    // Something this subject calls is itself abnormal: it may be a consequence.
    let downstream_of: Vec<&str> = facts
        .topology
        .dependencies_of(&proposal.subject)
        .into_iter()
        .filter(|dependency| {
            facts
                .findings
                .iter()
                .any(|f| f.severity > Severity::Ok && super::facts::related(&f.subject, dependency))
        })
        .collect();
    if let Some(first) = downstream_of.first() {
        return part(
            0.3,
            format!("{} calls {first}, which is abnormal too", proposal.subject),
        );
    }
    if facts.topology.is_empty() {
        part(0.5, "no dependency map (config depends_on)".into())
    } else if !explains.is_empty() {
        part(0.7, format!("at {} itself", proposal.subject))
    } else {
        part(0.5, "not on a known dependency path".into())
    }
}
