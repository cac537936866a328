//! Which metrics the server actually has, and which labels they carry: the
//! facts signal discovery chooses its PromQL templates from. Two cheap kinds
//! of request: one list of metric names, then the label names of each
//! candidate metric that exists.

use super::client::{PromClient, PromError};
use chrono::{DateTime, Utc};
use futures::StreamExt;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Metric names present in a time range, and the label names of the ones
/// signal discovery cares about.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetricInventory {
    pub names: BTreeSet<String>,
    pub labels: BTreeMap<String, BTreeSet<String>>,
}

impl MetricInventory {
    pub fn has(&self, metric: &str) -> bool {
        self.names.contains(metric)
    }

    /// True when `metric` exists and carries `label`.
    pub fn has_label(&self, metric: &str, label: &str) -> bool {
        self.labels
            .get(metric)
            .is_some_and(|labels| labels.contains(label))
    }

    /// An inventory from literal names and labels, for tests and replays.
    pub fn from_metrics(metrics: &[(&str, &[&str])]) -> MetricInventory {
        let mut inventory = MetricInventory::default();
        for (name, labels) in metrics {
            inventory.names.insert(name.to_string());
            inventory.labels.insert(
                name.to_string(),
                labels.iter().map(|label| label.to_string()).collect(),
            );
        }
        inventory
    }
}

/// What discovery learned, the warnings the server attached, and the
/// metrics whose labels could not be read.
pub struct Discovery {
    pub inventory: MetricInventory,
    pub warnings: Vec<String>,
    pub gaps: Vec<crate::sources::Gap>,
}

/// Lists metric names between `start` and `end`, then the label names of each
/// of `candidates` that exists. Failing to list names fails discovery (nothing
/// else can be chosen); a failed label lookup only leaves that metric's labels unknown.
pub async fn discover(
    client: &PromClient<'_>,
    candidates: &[&str],
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Result<Discovery, PromError> {
    let names = client.label_values("__name__", None, start, end).await?;
    let mut warnings = names.warnings;
    let names: BTreeSet<String> = names.data.into_iter().collect();
    let present: Vec<&str> = candidates
        .iter()
        .copied()
        .filter(|metric| names.contains(*metric))
        .collect();
    let answers: Vec<_> = futures::stream::iter(present)
        .map(|metric| async move { (metric, client.label_names(metric, start, end).await) })
        .buffer_unordered(super::client::DEFAULT_CONCURRENCY)
        .collect()
        .await;
    let mut labels = BTreeMap::new();
    let mut gaps = Vec::new();
    for (metric, answer) in answers {
        match answer {
            Ok(answer) => {
                warnings.extend(answer.warnings);
                labels.insert(metric.to_string(), answer.data.into_iter().collect());
            }
            // Its convention cannot be chosen: a gap, so "OK" is not claimed.
            Err(err) => gaps.push(crate::sources::Gap {
                what: format!("labels of {metric}"),
                error: err.to_string(),
            }),
        }
    }
    Ok(Discovery {
        inventory: MetricInventory { names, labels },
        warnings,
        gaps,
    })
}
