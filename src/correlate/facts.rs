//! What the failure modes look at: every finding, the symptoms among them,
//! the services' health, the rollouts, the certificates, and who calls whom.

use super::symptoms::Symptom;
use crate::analyze::Window;
use crate::analyze::certs::Verdict;
use crate::analyze::finding::{Finding, Severity};
use crate::analyze::kubernetes::Rollout;
use crate::analyze::service_health::ServiceHealth;
use crate::evidence::Dependency;
use std::collections::{BTreeMap, BTreeSet};

pub struct Facts<'a> {
    pub window: &'a Window,
    pub findings: &'a [Finding],
    pub symptoms: &'a [Symptom],
    pub services: &'a [ServiceHealth],
    pub rollouts: &'a [Rollout],
    pub certificates: &'a [Verdict],
    pub topology: &'a Topology,
}

impl Facts<'_> {
    /// WARNING or CRITICAL findings of these kinds, with their indices.
    pub fn abnormal<'b>(
        &'b self,
        kinds: &'b [&str],
    ) -> impl Iterator<Item = (usize, &'b Finding)> + 'b {
        self.findings
            .iter()
            .enumerate()
            .filter(move |(_, finding)| {
                finding.severity > Severity::Ok && kinds.contains(&finding.kind.as_str())
            })
    }

    /// Abnormal findings of these kinds about `subject` (or something related to it).
    pub fn about<'b>(&'b self, kinds: &'b [&str], subject: &'b str) -> Vec<usize> {
        self.abnormal(kinds)
            .filter(|(_, finding)| related(&finding.subject, subject))
            .map(|(index, _)| index)
            .collect()
    }

    /// The service's health, when Prometheus knows it.
    pub fn service(&self, name: &str) -> Option<&ServiceHealth> {
        self.services
            .iter()
            .find(|service| related(&service.service, name))
    }

    /// The earliest onset among these findings.
    pub fn earliest_onset(&self, indices: &[usize]) -> Option<chrono::DateTime<chrono::Utc>> {
        indices.iter().filter_map(|&i| self.findings[i].onset).min()
    }
}

/// `depends_on` edges: service → what it calls.
#[derive(Debug, Clone, Default)]
pub struct Topology {
    calls: BTreeMap<String, BTreeSet<String>>,
}

impl Topology {
    pub fn new(dependencies: &[Dependency]) -> Topology {
        let mut calls: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for dependency in dependencies {
            calls
                .entry(dependency.service.clone())
                .or_default()
                .extend(dependency.depends_on.iter().cloned());
        }
        Topology { calls }
    }

    pub fn is_empty(&self) -> bool {
        self.calls.is_empty()
    }

    /// True when `service` calls `dependency`, directly or through others.
    pub fn depends_on(&self, service: &str, dependency: &str) -> bool {
        let mut seen = BTreeSet::new();
        let mut next: Vec<&str> = self
            .calls
            .iter()
            .filter(|(name, _)| related(name, service))
            .flat_map(|(_, targets)| targets.iter().map(String::as_str))
            .collect();
        while let Some(current) = next.pop() {
            if related(current, dependency) {
                return true;
            }
            if seen.insert(current.to_string()) {
                if let Some(targets) = self.calls.get(current) {
                    next.extend(targets.iter().map(String::as_str));
                }
            }
        }
        false
    }

    /// What `service` calls directly.
    pub fn dependencies_of(&self, service: &str) -> Vec<&str> {
        self.calls
            .iter()
            .filter(|(name, _)| related(name, service))
            .flat_map(|(_, targets)| targets.iter().map(String::as_str))
            .collect()
    }
}

/// Two names for the same thing across sources: `api-server`,
/// `prod/api-server`, `deployment prod/api-server`, and its pods
/// `api-server-7d9f8c-x2x4z` or `api-server-0`. Not `api-gateway` for `api`,
/// and not `staging/api` for `prod/api`.
pub fn related(a: &str, b: &str) -> bool {
    let (namespace_a, name_a) = parts(a);
    let (namespace_b, name_b) = parts(b);
    if name_a.is_empty() || name_b.is_empty() {
        return false;
    }
    if let (Some(x), Some(y)) = (namespace_a, namespace_b) {
        if x != y {
            return false;
        }
    }
    name_a == name_b || generated_from(&name_a, &name_b) || generated_from(&name_b, &name_a)
}

/// `(namespace, name)`, lower-case, from `kind ns/name`, `ns/name` or `name`.
fn parts(text: &str) -> (Option<String>, String) {
    let last = text.rsplit(' ').next().unwrap_or(text).to_ascii_lowercase();
    match last.rsplit_once('/') {
        Some((namespace, name)) => (
            Some(
                namespace
                    .rsplit('/')
                    .next()
                    .unwrap_or(namespace)
                    .to_string(),
            ),
            name.to_string(),
        ),
        None => (None, last),
    }
}

/// `name` is `base` plus what controllers append: a replica set hash, a pod
/// suffix (consonants and digits only) or an ordinal.
fn generated_from(name: &str, base: &str) -> bool {
    let Some(rest) = name
        .strip_prefix(base)
        .and_then(|rest| rest.strip_prefix('-'))
    else {
        return false;
    };
    rest.split('-').all(|segment| {
        !segment.is_empty()
            && segment.len() <= 10
            && segment
                .chars()
                .all(|c| (c.is_ascii_lowercase() || c.is_ascii_digit()) && !"aeiou".contains(c))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_across_sources() {
        assert!(related("api-server", "prod/api-server"));
        assert!(related("deployment prod/api-server", "api-server"));
        assert!(related("api-server-7d9f8c-x2x4z", "api-server"));
        assert!(related("api-0", "statefulset prod/api"));
        assert!(!related("api", "web"));
        assert!(!related("", "web"));
        assert!(
            !related("api-gateway", "api"),
            "another service, not a pod of api"
        );
        assert!(!related("api-proxy", "api"));
        assert!(!related("staging/api", "prod/api"), "another namespace");
    }

    #[test]
    fn dependencies_are_followed_through_services() {
        let topology = Topology::new(&[
            Dependency {
                service: "web-service".into(),
                depends_on: vec!["api-server".into()],
            },
            Dependency {
                service: "api-server".into(),
                depends_on: vec!["orders-db".into()],
            },
        ]);
        assert!(topology.depends_on("web-service", "orders-db"));
        assert!(topology.depends_on("api-server", "orders-db"));
        assert!(!topology.depends_on("orders-db", "api-server"));
        assert_eq!(topology.dependencies_of("web-service"), vec!["api-server"]);
    }
}
