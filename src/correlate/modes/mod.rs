//! The failure-mode catalogue (ARCHITECTURE §3): one file per mode, each
//! looking at the facts and proposing hypotheses when its mechanism fits.
//! The ids are a public contract (JSON output, tests).

use super::facts::Facts;
use super::hypothesis::Proposal;

mod autoscaler_at_max;
mod bad_rollout;
mod certificate_problem;
mod crash_loop;
mod db_connection_exhaustion;
mod db_lock_contention;
mod db_long_transaction;
mod dependency_failure;
mod downstream_rate_limited;
mod image_pull_failure;
mod load_imbalance;
mod node_failure;
mod oom_killed;
mod resource_saturation;
mod scheduling_failure;
mod shared;
#[cfg(test)]
pub(crate) mod test_facts;
mod traffic_surge;

/// The generic mode: a more specific one on the same evidence wins over it.
pub const DEPENDENCY_FAILURE: &str = dependency_failure::ID;

/// A failure mode: its id and what it proposes from the facts.
pub struct FailureMode {
    pub id: &'static str,
    pub propose: fn(&Facts) -> Vec<Proposal>,
}

/// Every failure mode, in the catalogue's order.
pub const CATALOGUE: [FailureMode; 16] = [
    FailureMode {
        id: db_connection_exhaustion::ID,
        propose: db_connection_exhaustion::propose,
    },
    FailureMode {
        id: db_lock_contention::ID,
        propose: db_lock_contention::propose,
    },
    FailureMode {
        id: db_long_transaction::ID,
        propose: db_long_transaction::propose,
    },
    FailureMode {
        id: bad_rollout::ID,
        propose: bad_rollout::propose,
    },
    FailureMode {
        id: crash_loop::ID,
        propose: crash_loop::propose,
    },
    FailureMode {
        id: oom_killed::ID,
        propose: oom_killed::propose,
    },
    FailureMode {
        id: resource_saturation::ID,
        propose: resource_saturation::propose,
    },
    FailureMode {
        id: traffic_surge::ID,
        propose: traffic_surge::propose,
    },
    FailureMode {
        id: downstream_rate_limited::ID,
        propose: downstream_rate_limited::propose,
    },
    FailureMode {
        id: load_imbalance::ID,
        propose: load_imbalance::propose,
    },
    FailureMode {
        id: dependency_failure::ID,
        propose: dependency_failure::propose,
    },
    FailureMode {
        id: certificate_problem::ID,
        propose: certificate_problem::propose,
    },
    FailureMode {
        id: node_failure::ID,
        propose: node_failure::propose,
    },
    FailureMode {
        id: scheduling_failure::ID,
        propose: scheduling_failure::propose,
    },
    FailureMode {
        id: image_pull_failure::ID,
        propose: image_pull_failure::propose,
    },
    FailureMode {
        id: autoscaler_at_max::ID,
        propose: autoscaler_at_max::propose,
    },
];

/// Findings grouped by subject, in the findings' order: one proposal per
/// subject is the usual shape of a mode.
pub fn by_subject(facts: &Facts, kinds: &[&str]) -> Vec<(String, Vec<usize>)> {
    let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
    for (index, finding) in facts.abnormal(kinds) {
        match groups
            .iter_mut()
            .find(|(subject, _)| super::facts::related(subject, &finding.subject))
        {
            Some((_, indices)) => indices.push(index),
            None => groups.push((finding.subject.clone(), vec![index])),
        }
    }
    groups
}

/// The summaries of these findings, joined: the measured facts in one line.
pub fn summaries(facts: &Facts, indices: &[usize]) -> String {
    indices
        .iter()
        .map(|&i| facts.findings[i].summary.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}
