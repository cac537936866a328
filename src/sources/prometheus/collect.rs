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
    let answers = futures::future::join_all(queries.iter().map(|query| async move {
        // A query with a step of its own ends exactly at `end`, so that its
        // last point covers the window and the one before it the baseline.
        let (start, step) = match query.step_seconds {
            Some(own) => {
                let own_step = chrono::Duration::seconds(own.max(1) as i64);
                let steps = ((end - start).num_seconds() / own_step.num_seconds()).max(1);
                (
                    end - own_step * steps as i32,
                    Duration::from_secs(own.max(1)),
                )
            }
            None => (start, step),
        };
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
