//! One investigation, from an evidence bundle to the report's content: run
//! every analyzer, gather the symptoms, let the catalogue propose, rank, and
//! lay out the timeline. Pure: a live run and the replay of its recording go
//! through exactly this function, so they give the same report.

use super::facts::{Facts, Topology};
use super::hypothesis::{Action, Fact, Hypothesis, Level, RuledOut};
use super::symptoms::{Symptom, symptoms};
use super::timeline::{Entry, timeline};
use crate::analyze::Window;
use crate::analyze::bundle;
use crate::analyze::certs::TrustStore;
use crate::analyze::finding::{Severity, ShownBy};
use crate::analyze::service_health::ServiceHealth;
use crate::evidence::{Evidence, SourceRecord, SourceStatus};
use crate::exit_status::ExitStatus;
use chrono::{DateTime, Utc};
use serde::Serialize;

pub const SCHEMA: &str = "triage.report/v1";

/// Alert labels that name what an alert is about (not `namespace`, `severity`…).
const WORKLOAD_LABELS: [&str; 12] = [
    "service",
    "job",
    "app",
    "deployment",
    "statefulset",
    "daemonset",
    "pod",
    "container",
    "instance",
    "workload",
    "destination_workload",
    "database",
];

#[derive(Debug, Clone, Serialize)]
pub struct Investigation {
    pub schema: &'static str,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    pub window: Window,
    /// When the evidence was collected: the report's "now".
    pub collected_at: DateTime<Utc>,
    pub status: ExitStatus,
    /// The one-paragraph summary: what, since when, impact, most probable cause.
    pub summary: String,
    pub services: Vec<ServiceHealth>,
    pub symptoms: Vec<Symptom>,
    pub hypotheses: Vec<Hypothesis>,
    pub ruled_out: Vec<RuledOut>,
    pub cascade: Vec<Fact>,
    pub unexplained: Vec<String>,
    pub findings: Vec<Fact>,
    pub timeline: Vec<Entry>,
    /// The immediate actions of the probable causes, most probable first.
    pub actions: Vec<Action>,
    pub sources: Vec<SourceRecord>,
    /// Every query, SQL statement, API path and command behind the report.
    pub queries: Vec<ShownBy>,
}

pub fn investigate(evidence: &Evidence, stores: &[TrustStore]) -> Investigation {
    let analysis = bundle::analyze(evidence, stores);
    let symptoms = symptoms(&analysis.findings);
    let topology = Topology::new(&evidence.topology);
    let facts = Facts {
        window: &evidence.window,
        findings: &analysis.findings,
        symptoms: &symptoms,
        services: &analysis.services,
        rollouts: &analysis.rollouts,
        certificates: &analysis.certificates,
        topology: &topology,
    };
    let mut correlation = super::correlate(&facts);
    // Each alert goes under the most probable hypothesis that explains it.
    let mut claimed = vec![false; analysis.alerts.len()];
    for hypothesis in &mut correlation.hypotheses {
        let mut subjects = vec![hypothesis.subject.clone()];
        subjects.extend(hypothesis.evidence.iter().map(|fact| fact.subject.clone()));
        subjects.extend(
            symptoms
                .iter()
                .filter(|symptom| hypothesis.explains.contains(&symptom.label()))
                .map(|symptom| symptom.subject.clone()),
        );
        for (index, alert) in analysis.alerts.iter().enumerate() {
            let related = alert.labels.iter().any(|(key, value)| {
                WORKLOAD_LABELS.contains(&key.as_str())
                    && subjects
                        .iter()
                        .any(|subject| super::facts::related(value, subject))
            });
            if related && !claimed[index] {
                claimed[index] = true;
                hypothesis.alerts.push(format!(
                    "{} since {}",
                    alert.name,
                    crate::report::time(alert.start)
                ));
            }
        }
    }
    // kubectl commands name the cluster the evidence came from: pasted into a
    // shell whose current context is another cluster, they would act there.
    if let Some(context) = evidence
        .kubernetes
        .as_ref()
        .and_then(|k| k.context.as_deref())
    {
        for hypothesis in &mut correlation.hypotheses {
            for action in &mut hypothesis.actions {
                if let Some(ShownBy::Shell(command)) = &mut action.command {
                    if let Some(rest) = command.strip_prefix("kubectl ") {
                        *command = format!(
                            "kubectl --context {} {rest}",
                            crate::analyze::text::shell_word(context)
                        );
                    }
                }
            }
        }
    }
    let mut actions: Vec<Action> = Vec::new();
    for hypothesis in correlation
        .hypotheses
        .iter()
        .filter(|h| h.level >= Level::Medium)
        .take(3)
    {
        for action in &hypothesis.actions {
            if !actions.contains(action) {
                actions.push(action.clone());
            }
        }
    }
    // What triage ran; the actions' commands are suggestions, never run.
    let queries = analysis.queries.clone();
    let status = status(evidence, &analysis.findings, &correlation.hypotheses);
    let summary = summary(
        evidence,
        &symptoms,
        &correlation.hypotheses,
        &correlation.unexplained,
    );
    Investigation {
        schema: SCHEMA,
        title: evidence
            .title
            .clone()
            .unwrap_or_else(|| title(evidence.service.as_deref(), correlation.hypotheses.first())),
        service: evidence.service.clone(),
        window: evidence.window,
        collected_at: evidence.recorded_at,
        status,
        summary,
        services: analysis.services.clone(),
        symptoms: correlation.symptoms,
        hypotheses: correlation.hypotheses,
        ruled_out: correlation.ruled_out,
        cascade: correlation.cascade,
        unexplained: correlation.unexplained,
        findings: analysis.findings.iter().map(super::fact).collect(),
        timeline: timeline(&analysis),
        actions,
        sources: evidence.sources.clone(),
        queries,
    }
}

/// A live run's title: the probable cause when there is one.
fn title(service: Option<&str>, top: Option<&Hypothesis>) -> String {
    let about = service.map(|s| format!(" ({s})")).unwrap_or_default();
    match top {
        Some(top) => format!(
            "Incident report{about}: probable {} on {}",
            top.cause, top.subject
        ),
        None => format!("Incident report{about}"),
    }
}

/// 2 when the top hypothesis is high confidence or a finding is critical; 1
/// for anything abnormal short of that; 0 when nothing is; 3 when no source
/// could be read.
fn status(
    evidence: &Evidence,
    findings: &[crate::analyze::Finding],
    hypotheses: &[Hypothesis],
) -> ExitStatus {
    if !evidence
        .sources
        .iter()
        .any(|source| source.status == SourceStatus::Ok)
    {
        return ExitStatus::Unknown;
    }
    let some_failed = something_unread(evidence);
    let worst = findings
        .iter()
        .map(|f| f.severity)
        .max()
        .unwrap_or(Severity::Ok);
    let top = hypotheses.first().map(|h| h.level);
    if top == Some(Level::High) || worst == Severity::Critical {
        ExitStatus::Critical
    } else if top.is_some() || worst == Severity::Warning {
        ExitStatus::Warning
    } else if some_failed {
        // "Nothing abnormal" is only true of what could be read.
        ExitStatus::Unknown
    } else {
        ExitStatus::Ok
    }
}

/// A source failed, or part of one (a query, a kind, an endpoint) could not be read.
fn something_unread(evidence: &Evidence) -> bool {
    evidence
        .sources
        .iter()
        .any(|source| source.status == SourceStatus::Failed || !source.gaps.is_empty())
}

fn summary(
    evidence: &Evidence,
    symptoms: &[Symptom],
    hypotheses: &[Hypothesis],
    unexplained: &[String],
) -> String {
    let time = |t: DateTime<Utc>| t.format("%H:%M UTC").to_string();
    let consulted = evidence
        .sources
        .iter()
        .filter(|s| s.status == SourceStatus::Ok)
        .count();
    if consulted == 0 {
        return "No source could be read, so nothing can be concluded; see the data gaps.".into();
    }
    let mut text = String::new();
    let metrics_read = evidence
        .sources
        .iter()
        .any(|source| source.name == "prometheus" && source.status == SourceStatus::Ok);
    if symptoms.is_empty() && !metrics_read {
        text.push_str(
            "Errors and latency could not be measured (Prometheus was not read), so user-facing symptoms are unknown. ",
        );
    } else if symptoms.is_empty() {
        text.push_str("No user-facing symptom (errors, latency, availability) in the window. ");
    } else {
        let began = symptoms.iter().filter_map(|s| s.onset).min();
        // One service under several names (api-server, api/api-server) counts once.
        let mut affected: Vec<&str> = Vec::new();
        for symptom in symptoms {
            if !affected
                .iter()
                .any(|known| super::facts::related(known, &symptom.subject))
            {
                affected.push(&symptom.subject);
            }
        }
        let what: Vec<String> = symptoms
            .iter()
            .take(4)
            .map(|s| format!("{}: {}", s.subject, s.summary))
            .collect();
        text.push_str(&format!(
            "{} {} affected{}: {}. ",
            affected.len(),
            if affected.len() == 1 {
                "service is"
            } else {
                "services are"
            },
            began
                .map(|t| format!(" since {}", time(t)))
                .unwrap_or_default(),
            what.join("; ")
        ));
    }
    match hypotheses.first() {
        Some(top) => text.push_str(&format!(
            "Most probable root cause: **{}** on {} (confidence {:.2}, {}): {}",
            top.cause,
            top.subject,
            top.confidence,
            top.level.name(),
            top.summary
        )),
        None if !symptoms.is_empty() => text.push_str(
            "No failure mode of the catalogue explains them with the evidence collected: the cause is \
             outside what triage could see (check the data gaps and sources not consulted).",
        ),
        None if something_unread(evidence) => {
            text.push_str("Nothing abnormal was found in what could be read; see the data gaps.")
        }
        None => text.push_str("Nothing abnormal was found."),
    }
    if !text.ends_with('.') && !text.ends_with(')') {
        text.push('.');
    }
    if !unexplained.is_empty() && !hypotheses.is_empty() {
        text.push_str(&format!(" Not explained: {}.", unexplained.join(", ")));
    }
    text
}
