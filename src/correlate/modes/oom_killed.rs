//! `oom-killed`: a container's memory reached its limit and the kernel killed
//! it (exit 137, OOMKilled); it restarts with empty caches and dropped
//! requests, and kills in a row become a crash loop.

use super::super::facts::Facts;
use super::super::hypothesis::{Action, Proposal};
use super::shared::{namespace_of, pod_of, specific_subject, strongest_first};
use crate::analyze::finding::ShownBy;
use crate::analyze::kubernetes::kinds;

pub const ID: &str = "oom-killed";

/// Memory near the limit: how close the next kill is.
const NEAR_LIMIT: &[&str] = &["memory"];

pub fn propose(facts: &Facts) -> Vec<Proposal> {
    // Kubernetes and Prometheus name the kill the same.
    super::by_subject(facts, &[kinds::OOM_KILLED])
        .into_iter()
        .map(|(_, killed)| {
            let subject = specific_subject(facts, &killed);
            let name = subject.rsplit('/').next().unwrap_or(&subject).to_string();
            let killed = strongest_first(facts, killed);
            let mut evidence = killed.clone();
            evidence.extend(strongest_first(facts, facts.about(NEAR_LIMIT, &name)));
            // Without a known namespace, the pods of that name in any.
            let pods = match namespace_of(facts, &subject) {
                Some(namespace) => format!("namespace=\"{namespace}\", pod=~\"{name}-.*\""),
                None => format!("pod=~\"{name}-.*\""),
            };
            let mut actions = Vec::new();
            if let Some((ns, pod)) = killed.iter().find_map(|&i| pod_of(&facts.findings[i])) {
                actions.push(Action::new(
                    "See the kill (Last State: OOMKilled, exit 137) and the memory limit",
                    Some(ShownBy::Shell(format!("kubectl -n {ns} describe pod {pod}"))),
                ));
            }
            actions.push(Action::new(
                "See how close each container's memory is to its limit",
                Some(ShownBy::PromQl(format!(
                    "max by (pod, container) (container_memory_working_set_bytes{{{pods}, container!=\"\"}})\n\
                     / on (pod, container) max by (pod, container) (kube_pod_container_resource_limits{{{pods}, resource=\"memory\"}})"
                ))),
            ));
            actions.push(Action::new(
                "Raise the memory limit if the working set legitimately grew; find what grows (a leak, an unbounded cache or batch) if it did not",
                None,
            ));
            Proposal {
                cause: ID,
                subject,
                summary: super::summaries(facts, &evidence),
                mechanism: "The container's memory reached its limit and the kernel killed it \
                            (OOMKilled, exit 137). Requests in flight fail, the restarted process \
                            starts cold, and repeated kills turn into a crash loop with fewer ready \
                            replicas."
                    .into(),
                onset: facts.earliest_onset(&killed),
                evidence,
                is_change: false,
                confirm: vec![
                    "the pod's Last State is OOMKilled (exit 137) with the memory limit shown by kubectl describe pod".into(),
                    "the working set climbs to the limit before each restart (container_memory_working_set_bytes)".into(),
                ],
                refute: vec![
                    "the kills came after the symptoms began".into(),
                    "memory stays well below the limit and the node was not under memory pressure".into(),
                ],
                actions,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::test_facts::{Case, at, finding, shown};
    use super::*;
    use crate::analyze::finding::Severity;

    #[test]
    fn a_kill_with_memory_at_the_limit_is_proposed_on_the_workload() {
        let case = Case::new(vec![
            finding(
                "memory",
                "api",
                Severity::Critical,
                "memory at 97% of its limit (baseline 60%)",
                1,
            ),
            shown(
                kinds::OOM_KILLED,
                "prod/api",
                Severity::Critical,
                "2 of 3 pods of deployment prod/api: container api was OOMKilled (memory limit 512Mi) (exit 137), restarted 4 times",
                4,
                ShownBy::ApiPath("/api/v1/namespaces/prod/pods/api-7d9f8-x2x4z".into()),
            ),
            finding(
                "error_ratio",
                "api",
                Severity::Critical,
                "5xx 12% of requests",
                5,
            ),
        ]);
        let proposals = propose(&case.facts());
        assert_eq!(proposals.len(), 1);
        let proposal = &proposals[0];
        assert_eq!(proposal.subject, "prod/api");
        assert_eq!(
            proposal.evidence,
            [case.index(kinds::OOM_KILLED), case.index("memory")]
        );
        assert_eq!(proposal.onset, Some(at(4)));
        assert!(proposal.summary.contains("memory limit 512Mi"));
        assert!(proposal.summary.contains("memory at 97%"));
        assert_eq!(
            proposal.actions[0].command,
            Some(ShownBy::Shell(
                "kubectl -n prod describe pod api-7d9f8-x2x4z".into()
            ))
        );
    }

    #[test]
    fn memory_near_the_limit_alone_is_not_a_kill() {
        let case = Case::new(vec![finding(
            "memory",
            "api",
            Severity::Critical,
            "memory at 97% of its limit",
            1,
        )]);
        assert!(propose(&case.facts()).is_empty());
    }
}
