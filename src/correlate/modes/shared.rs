//! What several failure modes need: evidence in a fixed order, the most
//! specific name of a subject, and names read out of findings.

use super::super::facts::{Facts, related};
use super::super::score::finding_strength;
use crate::analyze::finding::{Finding, ShownBy};

/// The findings, strongest first; equally strong ones in a fixed order (kind,
/// subject, summary), so the same findings in any order give the same proposal.
pub fn strongest_first(facts: &Facts, mut indices: Vec<usize>) -> Vec<usize> {
    indices.sort_unstable();
    indices.dedup();
    indices.sort_by(|&a, &b| {
        let (a, b) = (&facts.findings[a], &facts.findings[b]);
        finding_strength(b)
            .total_cmp(&finding_strength(a))
            .then_with(|| a.kind.cmp(&b.kind))
            .then_with(|| a.subject.cmp(&b.subject))
            .then_with(|| a.summary.cmp(&b.summary))
    });
    indices
}

/// The most specific name among the findings' subjects: a namespaced
/// `ns/name` over a bare service name; the same one whatever their order.
pub fn specific_subject(facts: &Facts, indices: &[usize]) -> String {
    indices
        .iter()
        .map(|&i| facts.findings[i].subject.as_str())
        .min_by_key(|subject| (!subject.contains('/'), *subject))
        .unwrap_or_default()
        .to_string()
}

/// The namespace and name of the example pod a Kubernetes finding points at
/// (`/api/v1/namespaces/NS/pods/POD`).
pub fn pod_of(finding: &Finding) -> Option<(String, String)> {
    let ShownBy::ApiPath(path) = &finding.shown_by else {
        return None;
    };
    let rest = path.split_once("/namespaces/")?.1;
    let (namespace, pod) = rest.split_once("/pods/")?;
    let pod = pod.split('/').next()?;
    (!namespace.is_empty() && !pod.is_empty()).then(|| (namespace.to_string(), pod.to_string()))
}

/// The namespace of a workload: from its `ns/name`, or from another finding
/// or rollout about it that has one.
pub fn namespace_of(facts: &Facts, subject: &str) -> Option<String> {
    if let Some((namespace, _)) = subject.split_once('/') {
        return Some(
            namespace
                .rsplit(' ')
                .next()
                .unwrap_or(namespace)
                .to_string(),
        );
    }
    facts
        .findings
        .iter()
        .map(|finding| finding.subject.as_str())
        .chain(
            facts
                .rollouts
                .iter()
                .map(|rollout| rollout.workload.as_str()),
        )
        .filter(|other| other.contains('/') && related(other, subject))
        .filter_map(|other| other.rsplit(' ').next()?.split_once('/'))
        .map(|(namespace, _)| namespace.to_string())
        .min()
}

/// The client that sends most of a service's requests, if one does: from the
/// service's client shares, else from a `client_share` finding's summary.
pub fn dominant_client(facts: &Facts, service: &str, clients: &[usize]) -> Option<String> {
    facts
        .service(service)
        .and_then(|health| health.clients.first())
        .filter(|top| top.share >= 0.5)
        .map(|top| top.name.clone())
        .or_else(|| {
            clients.iter().find_map(|&i| {
                let summary = facts.findings[i].summary.strip_prefix("client ")?;
                Some(summary.split_once(" sends ")?.0.to_string())
            })
        })
}
