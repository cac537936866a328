//! The correlation engine: findings in, ranked hypotheses out. Pure and
//! deterministic: the same findings, in any order, give the same ranking.

pub mod facts;
pub mod hypothesis;
pub mod investigation;
pub mod modes;
pub mod score;
pub mod symptoms;
pub mod timeline;

use crate::analyze::finding::Severity;
use facts::Facts;
use hypothesis::{Fact, Hypothesis, Level, RuledOut};
use serde::Serialize;
use symptoms::Symptom;

/// What the engine concluded.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Correlation {
    pub symptoms: Vec<Symptom>,
    /// Most probable first.
    pub hypotheses: Vec<Hypothesis>,
    pub ruled_out: Vec<RuledOut>,
    /// Abnormal findings that follow from the top hypothesis rather than cause it.
    pub cascade: Vec<Fact>,
    /// Symptoms no hypothesis explains: said plainly rather than guessed at.
    pub unexplained: Vec<String>,
}

/// A hypothesis this weak is listed as ruled out, not ranked.
const TOO_WEAK: f64 = 0.3;

pub fn correlate(facts: &Facts) -> Correlation {
    let mut ranked: Vec<Hypothesis> = Vec::new();
    let mut ruled_out = Vec::new();
    let proposals: Vec<_> = modes::CATALOGUE
        .iter()
        .flat_map(|mode| (mode.propose)(facts))
        .filter(|proposal| !proposal.evidence.is_empty())
        .collect();
    for (index, proposal) in proposals.iter().enumerate() {
        let explains = score::explained(facts, proposal);
        let mut score = score::score(facts, proposal, &explains);
        if let Some(larger) = subsumed_by(&proposals, index) {
            // Its findings are part of a fuller explanation: a consequence of
            // that mechanism (the CPU of a retry storm), or the same thing said
            // more generally. It follows; it doesn't lead.
            score.precedence.value = score.precedence.value.min(0.5);
            score.precedence.reason = format!(
                "its findings are part of the evidence of `{}` on {}",
                larger.cause, larger.subject
            );
        }
        let confidence = score.confidence();
        // A change that came after the symptoms began cannot have caused them.
        let symptoms_began = score::symptom_onset(facts, &explains);
        if let (true, Some(onset), Some(began)) =
            (proposal.is_change, proposal.onset, symptoms_began)
        {
            if onset > began + score::SAME_TIME {
                ruled_out.push(RuledOut {
                    cause: proposal.cause,
                    subject: proposal.subject.clone(),
                    reason: format!(
                        "the change at {} came after the symptoms began ({})",
                        crate::report::time(onset),
                        crate::report::time(began)
                    ),
                });
                continue;
            }
        }
        if score.strength.value < TOO_WEAK {
            ruled_out.push(RuledOut {
                cause: proposal.cause,
                subject: proposal.subject.clone(),
                reason: format!("the evidence is too weak ({})", score.strength.reason),
            });
            continue;
        }
        ranked.push(Hypothesis {
            rank: 0,
            cause: proposal.cause,
            subject: proposal.subject.clone(),
            confidence,
            level: Level::of(confidence),
            summary: proposal.summary.clone(),
            mechanism: proposal.mechanism.clone(),
            evidence: proposal
                .evidence
                .iter()
                .map(|&i| fact(&facts.findings[i]))
                .collect(),
            score,
            explains: explains
                .iter()
                .map(|&i| facts.symptoms[i].label())
                .collect(),
            alerts: Vec::new(),
            onset: proposal.onset,
            confirm: proposal.confirm.clone(),
            refute: proposal.refute.clone(),
            actions: proposal.actions.clone(),
        });
    }
    ranked.sort_by(|a, b| {
        b.confidence
            .total_cmp(&a.confidence)
            .then_with(|| a.cause.cmp(b.cause))
            .then_with(|| a.subject.cmp(&b.subject))
    });
    let best = ranked.first().map_or(0.0, |top| top.confidence);
    for (index, hypothesis) in ranked.iter_mut().enumerate() {
        hypothesis.rank = index + 1;
        hypothesis.level = level(hypothesis, best);
    }
    ruled_out.sort_by(|a, b| a.cause.cmp(b.cause).then_with(|| a.subject.cmp(&b.subject)));
    let cascade = cascade(facts, ranked.first());
    let explained: Vec<&String> = ranked.iter().flat_map(|h| &h.explains).collect();
    let unexplained = facts
        .symptoms
        .iter()
        .map(|symptom| symptom.label())
        .filter(|label| !explained.contains(&label))
        .collect();
    Correlation {
        symptoms: facts.symptoms.to_vec(),
        hypotheses: ranked,
        ruled_out,
        cascade,
        unexplained,
    }
}

/// "high" is earned, not summed: strong evidence, a cause that came first, and
/// close to the best explanation; otherwise at most "medium".
fn level(hypothesis: &Hypothesis, best: f64) -> Level {
    let level = Level::of(hypothesis.confidence);
    let earned = hypothesis.score.strength.value >= 0.75
        && hypothesis.score.precedence.value >= 0.8
        && best - hypothesis.confidence <= 0.1;
    if level == Level::High && !earned {
        Level::Medium
    } else {
        level
    }
}

/// The proposal whose evidence includes this one's leading finding and more
/// (or as much, when this one is the generic `dependency-failure`), if any.
fn subsumed_by(proposals: &[hypothesis::Proposal], index: usize) -> Option<&hypothesis::Proposal> {
    let this = &proposals[index];
    let generic = this.cause == modes::DEPENDENCY_FAILURE;
    proposals
        .iter()
        .enumerate()
        .filter(|(other, _)| *other != index)
        .map(|(_, proposal)| proposal)
        .filter(|other| other.cause != this.cause)
        .filter(|other| {
            this.evidence
                .first()
                .is_some_and(|lead| other.evidence.contains(lead))
        })
        .filter(|other| {
            other.evidence.len() > this.evidence.len()
                || (generic && other.cause != modes::DEPENDENCY_FAILURE)
        })
        .min_by(|a, b| a.cause.cmp(b.cause).then_with(|| a.subject.cmp(&b.subject)))
}

pub fn fact(finding: &crate::analyze::Finding) -> Fact {
    Fact {
        kind: finding.kind.clone(),
        subject: finding.subject.clone(),
        severity: finding.severity,
        summary: finding.summary.clone(),
        onset: finding.onset,
        shown_by: finding.shown_by.clone(),
    }
}

/// The consequences of the top hypothesis: the symptoms it explains and the
/// abnormal findings of the same subjects that began no earlier than it did,
/// which are not part of its evidence.
fn cascade(facts: &Facts, top: Option<&Hypothesis>) -> Vec<Fact> {
    let Some(top) = top else { return Vec::new() };
    let explained_subjects: Vec<&str> = facts
        .symptoms
        .iter()
        .filter(|symptom| top.explains.contains(&symptom.label()))
        .map(|symptom| symptom.subject.as_str())
        .collect();
    facts
        .findings
        .iter()
        .filter(|finding| finding.severity > Severity::Ok)
        .filter(|finding| {
            !top.evidence.iter().any(|e| {
                e.kind == finding.kind
                    && e.subject == finding.subject
                    && e.summary == finding.summary
            })
        })
        .filter(|finding| {
            explained_subjects
                .iter()
                .any(|subject| facts::related(&finding.subject, subject))
        })
        .filter(|finding| match (finding.onset, top.onset) {
            (Some(onset), Some(cause)) => onset + score::SAME_TIME >= cause,
            _ => true,
        })
        .map(fact)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::modes::test_facts::{Case, at, finding};
    use super::*;
    use crate::analyze::kubernetes::Rollout;

    #[test]
    fn a_healthy_system_yields_no_confident_hypothesis() {
        let case = Case::new(vec![finding(
            "request_rate",
            "api",
            Severity::Ok,
            "40/s as usual",
            0,
        )]);
        let correlation = correlate(&case.facts());
        assert!(
            correlation.hypotheses.is_empty(),
            "{:?}",
            correlation.hypotheses
        );
        assert!(correlation.unexplained.is_empty());
    }

    #[test]
    fn a_symptom_nothing_explains_is_said_not_guessed() {
        let case = Case::new(vec![finding(
            "error_ratio",
            "checkout",
            Severity::Critical,
            "5xx 30% of requests (baseline 0.1%)",
            5,
        )]);
        let correlation = correlate(&case.facts());
        assert!(
            correlation.hypotheses.is_empty(),
            "{:?}",
            correlation.hypotheses
        );
        assert_eq!(correlation.unexplained, vec!["error ratio of checkout"]);
    }

    #[test]
    fn a_change_after_the_onset_is_ruled_out_not_ranked() {
        let case = Case::new(vec![
            finding(
                "error_ratio",
                "api-server",
                Severity::Critical,
                "5xx 25%",
                0,
            ),
            finding(
                "crash_loop",
                "prod/api-server",
                Severity::Critical,
                "3 of 3 pods crash-looping",
                1,
            ),
        ]);
        let late = Rollout {
            workload: "deployment prod/api-server".into(),
            revision: Some(8),
            previous_revision: Some(7),
            rollback: false,
            at: Some(at(20)),
            replicaset: "api-server-6d5f".into(),
            changes: Vec::new(),
            config_changes: Vec::new(),
            outcome: "3 of 3 new pods failing".into(),
            severity: Severity::Critical,
            path: "/apis/apps/v1/namespaces/prod/replicasets/api-server-6d5f".into(),
        };
        let rollouts = [late];
        let facts = Facts {
            rollouts: &rollouts,
            ..case.facts()
        };
        let correlation = correlate(&facts);
        assert!(
            correlation
                .hypotheses
                .iter()
                .all(|h| h.cause != "bad-rollout"),
            "{:?}",
            correlation.hypotheses
        );
        let ruled_out = correlation
            .ruled_out
            .iter()
            .find(|r| r.cause == "bad-rollout")
            .expect("ruled out");
        assert!(
            ruled_out.reason.contains("came after the symptoms began"),
            "{}",
            ruled_out.reason
        );
        // The same rollout ten minutes before the symptoms is the prime suspect.
        let mut early = rollouts[0].clone();
        early.at = Some(at(-10));
        let rollouts = [early];
        let facts = Facts {
            rollouts: &rollouts,
            ..case.facts()
        };
        let correlation = correlate(&facts);
        assert_eq!(
            correlation.hypotheses[0].cause, "bad-rollout",
            "{:?}",
            correlation.hypotheses
        );
        assert!(
            correlation.hypotheses[0]
                .score
                .precedence
                .reason
                .contains("a change at")
        );
    }

    #[test]
    fn confidence_is_the_weighted_sum_of_the_parts_shown() {
        let case = Case::new(vec![
            finding(
                "error_ratio",
                "api-server",
                Severity::Critical,
                "5xx 25%",
                10,
            ),
            finding(
                "db_pool_usage",
                "api-server",
                Severity::Critical,
                "pool 98% in use",
                2,
            ),
        ]);
        let correlation = correlate(&case.facts());
        let top = &correlation.hypotheses[0];
        let score = &top.score;
        let sum: f64 = [
            &score.strength,
            &score.precedence,
            &score.coverage,
            &score.topology,
        ]
        .iter()
        .map(|part| part.value * part.weight)
        .sum();
        assert!(
            (sum - top.confidence).abs() < 0.001,
            "{sum} vs {}",
            top.confidence
        );
        assert!((0.0..=1.0).contains(&top.confidence));
    }
}
