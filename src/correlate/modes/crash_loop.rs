//! `crash-loop`: a container exits soon after it starts and the kubelet
//! restarts it, with a growing back-off; while it is down its pod is not
//! ready, so the workload serves with fewer replicas, or none.

use super::super::facts::Facts;
use super::super::hypothesis::{Action, Proposal};
use super::shared::{namespace_of, pod_of, specific_subject, strongest_first};
use crate::analyze::finding::ShownBy;
use crate::analyze::kubernetes::kinds;

pub const ID: &str = "crash-loop";

/// Kubernetes' own verdict, and what Prometheus sees of it.
const LOOPING: &[&str] = &[kinds::CRASH_LOOP, "waiting_reason", "restarts"];

pub fn propose(facts: &Facts) -> Vec<Proposal> {
    super::by_subject(facts, LOOPING)
        .into_iter()
        .filter_map(|(_, indices)| {
            // Waiting for another reason (an image pull, a bad config) is not a crash.
            let indices: Vec<usize> = indices
                .into_iter()
                .filter(|&i| {
                    let finding = &facts.findings[i];
                    finding.kind != "waiting_reason" || finding.summary.contains("CrashLoopBackOff")
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
    let mut summary = super::summaries(facts, &evidence);
    if let Some(health) = facts.service(&name) {
        if !health.terminated_reasons.is_empty() {
            summary.push_str(&format!(
                "; last terminated: {}",
                health.terminated_reasons.join(", ")
            ));
        }
    }
    let pod = evidence.iter().find_map(|&i| pod_of(&facts.findings[i]));
    let namespace = pod
        .as_ref()
        .map(|(namespace, _)| namespace.clone())
        .or_else(|| namespace_of(facts, &subject));
    let actions = match (&pod, &namespace) {
        (Some((ns, pod)), _) => vec![
            Action::new(
                "Read why the container exited (the previous container's last lines)",
                Some(ShownBy::Shell(format!(
                    "kubectl -n {ns} logs {pod} --previous --all-containers --tail=100"
                ))),
            ),
            Action::new(
                "See the last state (reason, exit code), probes and events",
                Some(ShownBy::Shell(format!(
                    "kubectl -n {ns} describe pod {pod}"
                ))),
            ),
        ],
        (None, Some(ns)) => vec![Action::new(
            "Read why the containers exited (the previous containers' last lines)",
            Some(ShownBy::Shell(format!(
                "kubectl -n {ns} logs deploy/{name} --previous --all-containers --tail=100"
            ))),
        )],
        (None, None) => vec![Action::new(
            format!(
                "Find {name}'s pods, then read `kubectl -n <namespace> logs <pod> --previous` and `kubectl -n <namespace> describe pod <pod>`"
            ),
            Some(ShownBy::Shell(format!(
                "kubectl get pods --all-namespaces | grep -F -- {}",
                crate::analyze::text::shell_word(&name)
            ))),
        )],
    };
    Proposal {
        cause: ID,
        subject,
        summary,
        mechanism:
            "The container exits shortly after it starts (the exit code and reason say how: \
                    an error at start-up, a failed dependency, a kill) and the kubelet restarts it \
                    with a growing back-off; while it is down its pod is not ready, so the service \
                    runs on fewer replicas and requests fail or queue."
                .into(),
        onset: facts.earliest_onset(&evidence),
        evidence,
        is_change: false,
        confirm: vec![
            "the previous container's logs end with the error that made it exit".into(),
            "the restart count keeps rising (kube_pod_container_status_restarts_total)".into(),
        ],
        refute: vec![
            "the containers ran without restarting until after the symptoms began".into(),
            "the last termination is exit 0 / Completed: a deliberate restart, not a crash".into(),
        ],
        actions,
    }
}

// Shared by the modes about Kubernetes workloads and findings in general.

#[cfg(test)]
mod tests {
    use super::super::test_facts::{Case, at, finding, shown};
    use super::*;
    use crate::analyze::finding::Severity;

    #[test]
    fn a_crash_looping_deployment_is_named_with_its_exit_and_pod() {
        let case = Case::new(vec![
            finding(
                "error_ratio",
                "api",
                Severity::Critical,
                "5xx 30% of requests",
                6,
            ),
            finding(
                "restarts",
                "api",
                Severity::Critical,
                "5 container restarts in the window",
                4,
            ),
            shown(
                kinds::CRASH_LOOP,
                "prod/api",
                Severity::Critical,
                "3 of 3 pods of deployment prod/api: CrashLoopBackOff, container api exited 1 (Error), restarted 5 times",
                3,
                ShownBy::ApiPath("/api/v1/namespaces/prod/pods/api-7d9f8-x2x4z".into()),
            ),
            finding(
                "waiting_reason",
                "api",
                Severity::Critical,
                "containers waiting: ImagePullBackOff",
                3,
            ),
        ]);
        let proposals = propose(&case.facts());
        assert_eq!(proposals.len(), 1);
        let proposal = &proposals[0];
        assert_eq!(proposal.subject, "prod/api");
        assert_eq!(
            proposal.evidence,
            [case.index(kinds::CRASH_LOOP), case.index("restarts")]
        );
        assert_eq!(proposal.onset, Some(at(3)));
        assert!(
            proposal.summary.contains("exited 1 (Error)"),
            "{}",
            proposal.summary
        );
        let commands: Vec<&str> = proposal
            .actions
            .iter()
            .filter_map(|a| a.command.as_ref())
            .map(ShownBy::text)
            .collect();
        assert!(commands.contains(
            &"kubectl -n prod logs api-7d9f8-x2x4z --previous --all-containers --tail=100"
        ));
        assert!(commands.contains(&"kubectl -n prod describe pod api-7d9f8-x2x4z"));
    }

    #[test]
    fn prometheus_alone_is_enough_and_other_waiting_reasons_are_not_crashes() {
        let case = Case::new(vec![finding(
            "waiting_reason",
            "api",
            Severity::Critical,
            "containers waiting: CrashLoopBackOff",
            2,
        )]);
        let proposals = propose(&case.facts());
        assert_eq!(proposals.len(), 1);
        assert_eq!(proposals[0].subject, "api");
        let case = Case::new(vec![
            finding(
                "waiting_reason",
                "api",
                Severity::Critical,
                "containers waiting: ImagePullBackOff",
                2,
            ),
            finding(
                "cpu",
                "api",
                Severity::Critical,
                "CPU at 99% of its limit",
                2,
            ),
        ]);
        assert!(propose(&case.facts()).is_empty());
    }
}
