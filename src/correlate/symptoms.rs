//! Symptoms: what users feel — errors, latency, unavailability, no replicas —
//! with their onset. Everything else is a candidate cause or a consequence.

use crate::analyze::finding::{Finding, Severity};
use chrono::{DateTime, Utc};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SymptomKind {
    ErrorRatio,
    Latency,
    Availability,
    NoReplicas,
}

impl SymptomKind {
    pub fn name(self) -> &'static str {
        match self {
            SymptomKind::ErrorRatio => "error ratio",
            SymptomKind::Latency => "latency",
            SymptomKind::Availability => "availability",
            SymptomKind::NoReplicas => "no available replicas",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Symptom {
    pub kind: SymptomKind,
    pub subject: String,
    pub severity: Severity,
    pub onset: Option<DateTime<Utc>>,
    pub summary: String,
    /// Index into the findings.
    #[serde(skip)]
    pub finding: usize,
}

impl Symptom {
    /// "error ratio of api-server".
    pub fn label(&self) -> String {
        format!("{} of {}", self.kind.name(), self.subject)
    }
}

/// The finding kinds that are symptoms.
pub fn kind_of(finding: &Finding) -> Option<SymptomKind> {
    Some(match finding.kind.as_str() {
        "error_ratio" => SymptomKind::ErrorRatio,
        "latency_p99" => SymptomKind::Latency,
        "down" | "no_data" | "targets_down" | "traffic_stopped" => SymptomKind::Availability,
        crate::analyze::kubernetes::kinds::NO_AVAILABLE_REPLICAS => SymptomKind::NoReplicas,
        _ => return None,
    })
}

/// Every WARNING or CRITICAL finding that is a symptom, in the findings' order.
pub fn symptoms(findings: &[Finding]) -> Vec<Symptom> {
    findings
        .iter()
        .enumerate()
        .filter(|(_, finding)| finding.severity > Severity::Ok)
        .filter_map(|(index, finding)| {
            Some(Symptom {
                kind: kind_of(finding)?,
                subject: finding.subject.clone(),
                severity: finding.severity,
                onset: finding.onset,
                summary: finding.summary.clone(),
                finding: index,
            })
        })
        .collect()
}
