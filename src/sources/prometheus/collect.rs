//! Runs a signal plan: every planned query over the baseline and the window,
//! concurrently within the client's limit. A failed query is a gap, not a
//! failed run.

use super::client::PromClient;
use crate::signals::{PlannedQuery, SignalSeries};
use crate::sources::Gap;
use chrono::{DateTime, Utc};
use std::time::Duration;

/// What a plan produced.
#[derive(Debug, Default)]
pub struct Collected {
    pub data: Vec<SignalSeries>,
    pub gaps: Vec<Gap>,
    /// The server's warnings (partial data), once each.
    pub warnings: Vec<String>,
}

pub async fn run(
    client: &PromClient<'_>,
    queries: &[PlannedQuery],
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    step: Duration,
) -> Collected {
    let answers =
        futures::future::join_all(queries.iter().map(|query| async move {
            (query, client.range(&query.promql, start, end, step).await)
        }))
        .await;
    let mut collected = Collected::default();
    for (query, answer) in answers {
        match answer {
            Ok(answer) => {
                for warning in answer.warnings {
                    if !collected.warnings.contains(&warning) {
                        collected.warnings.push(warning);
                    }
                }
                collected.data.push(SignalSeries {
                    query: query.clone(),
                    series: answer.data.into_series(),
                });
            }
            Err(err) => collected.gaps.push(Gap {
                what: format!("{} ({})", query.signal.id(), query.convention),
                error: err.to_string(),
            }),
        }
    }
    collected
}
