//! `image-pull-failure`: new pods cannot start because their image cannot
//! be pulled (a wrong tag, a deleted image, missing registry credentials, a
//! registry outage or rate limit): ImagePullBackOff / ErrImagePull, and the
//! workload runs short of replicas.

use super::super::facts::Facts;
use super::super::hypothesis::{Action, Proposal};
use super::shared::{namespace_of, pod_of, specific_subject, strongest_first};
use crate::analyze::finding::ShownBy;
use crate::analyze::kubernetes::kinds;

pub const ID: &str = "image-pull-failure";

const PULL_REASONS: &[&str] = &["ImagePullBackOff", "ErrImagePull", "InvalidImageName"];

pub fn propose(facts: &Facts) -> Vec<Proposal> {
    super::by_subject(facts, &[kinds::IMAGE_PULL, "waiting_reason"])
        .into_iter()
        .filter_map(|(_, indices)| {
            // Prometheus's waiting reasons count only when they are about pulling.
            let indices: Vec<usize> = indices
                .into_iter()
                .filter(|&i| {
                    let finding = &facts.findings[i];
                    finding.kind == kinds::IMAGE_PULL
                        || PULL_REASONS.iter().any(|r| finding.summary.contains(r))
                })
                .collect();
            (!indices.is_empty()).then(|| proposal(facts, indices))
        })
        .collect()
}

fn proposal(facts: &Facts, indices: Vec<usize>) -> Proposal {
    let evidence = strongest_first(facts, indices);
    let subject = specific_subject(facts, &evidence);
    let name = subject.rsplit('/').next().unwrap_or(&subject).to_string();
    let pod = evidence.iter().find_map(|&i| pod_of(&facts.findings[i]));
    let namespace = pod
        .as_ref()
        .map(|(namespace, _)| namespace.clone())
        .or_else(|| namespace_of(facts, &subject));
    let mut actions = Vec::new();
    if let Some((ns, pod)) = &pod {
        actions.push(Action::new(
            "Read the registry's answer (the pod's Failed events)",
            Some(ShownBy::Shell(format!(
                "kubectl -n {ns} describe pod {pod}"
            ))),
        ));
    }
    match &namespace {
        Some(ns) => actions.push(Action::new(
            "See which images the deployment asks for (a typo, a tag never pushed)",
            Some(ShownBy::Shell(format!(
                "kubectl -n {ns} get deployment {name} -o jsonpath='{{.spec.template.spec.containers[*].image}}'"
            ))),
        )),
        None => actions.push(Action::new(
            format!("Find {name}'s pods and read their events with kubectl describe pod"),
            Some(ShownBy::Shell(format!(
                "kubectl get pods --all-namespaces | grep -F -- {}",
                crate::analyze::text::shell_word(&name)
            ))),
        )),
    }
    actions.push(Action::new(
        "Fix the image reference or the registry credentials (imagePullSecrets), or roll back to the last image that pulled",
        None,
    ));
    Proposal {
        cause: ID,
        subject,
        summary: super::summaries(facts, &evidence),
        mechanism: "The node cannot pull the pods' image (a wrong tag, a deleted image, missing \
                    registry credentials, a registry outage or rate limit), so the new pods never \
                    start; as old pods go, the workload runs short of replicas."
            .into(),
        onset: facts.earliest_onset(&evidence),
        evidence,
        is_change: false,
        confirm: vec![
            "the pod's events show the registry's error (not found, unauthorized, toomanyrequests)".into(),
            "pulling the same image by hand fails the same way".into(),
        ],
        refute: vec![
            "the image pulls on another node and the failing node has no network to the registry (then it is the node)".into(),
            "the pull failures began after the symptoms".into(),
        ],
        actions,
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_facts::{Case, at, finding, shown};
    use super::*;
    use crate::analyze::finding::Severity;

    #[test]
    fn a_pull_failure_names_the_image_and_the_pod() {
        let case = Case::new(vec![
            finding(
                "waiting_reason",
                "worker",
                Severity::Critical,
                "containers waiting: ImagePullBackOff",
                2,
            ),
            shown(
                kinds::IMAGE_PULL,
                "prod/worker",
                Severity::Critical,
                "1 of 1 pod of deployment prod/worker: ImagePullBackOff, container worker cannot pull registry.example/worker:v9: not found",
                1,
                ShownBy::ApiPath("/api/v1/namespaces/prod/pods/worker-5c6d-abcde".into()),
            ),
        ]);
        let proposals = propose(&case.facts());
        assert_eq!(proposals.len(), 1);
        let proposal = &proposals[0];
        assert_eq!(proposal.subject, "prod/worker");
        assert_eq!(proposal.evidence, [1, 0]);
        assert_eq!(proposal.onset, Some(at(1)));
        assert!(proposal.summary.contains("registry.example/worker:v9"));
        assert_eq!(
            proposal.actions[0].command,
            Some(ShownBy::Shell(
                "kubectl -n prod describe pod worker-5c6d-abcde".into()
            ))
        );
    }

    #[test]
    fn silent_when_nothing_waits_for_an_image() {
        let case = Case::new(vec![finding(
            "waiting_reason",
            "worker",
            Severity::Critical,
            "containers waiting: CrashLoopBackOff",
            2,
        )]);
        assert!(propose(&case.facts()).is_empty());
    }
}
