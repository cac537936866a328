//! `triage prom query` rendered: one row per series.

use super::table::Table;
use crate::sources::prometheus::model::{Labels, QueryResult, format_value};
use chrono::{DateTime, Utc};
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct QueryDocument {
    pub schema: &'static str,
    pub prometheus: String,
    pub query: String,
    /// `instant` or `range`.
    pub kind: &'static str,
    pub start: Option<DateTime<Utc>>,
    pub end: Option<DateTime<Utc>>,
    pub step_seconds: Option<u64>,
    pub data: QueryResult,
    pub warnings: Vec<String>,
    pub infos: Vec<String>,
}

pub const SCHEMA: &str = "triage.prom-query/v1";

/// `name{a="x", b="y"}` as Prometheus prints a series.
pub fn series_name(labels: &Labels) -> String {
    let name = labels.get("__name__").cloned().unwrap_or_default();
    let rest: Vec<String> = labels
        .iter()
        .filter(|(label, _)| *label != "__name__")
        .map(|(label, value)| format!("{label}=\"{value}\""))
        .collect();
    if rest.is_empty() && !name.is_empty() {
        name
    } else {
        format!("{name}{{{}}}", rest.join(", "))
    }
}

pub fn table(document: &QueryDocument) -> Table {
    match &document.data {
        QueryResult::Vector(samples) => {
            let mut table = Table::new(&["Series", "Value"]);
            for sample in samples {
                table.push(vec![
                    series_name(&sample.metric),
                    sample
                        .value
                        .map(|p| format_value(p.value))
                        .unwrap_or_else(|| "(histogram)".into()),
                ]);
            }
            table
        }
        QueryResult::Matrix(series) => {
            let mut table = Table::new(&["Series", "Points", "Min", "Max", "Last"]);
            for s in series {
                let values = s.values.iter().map(|p| p.value);
                let min = values.clone().fold(f64::INFINITY, f64::min);
                let max = values.clone().fold(f64::NEG_INFINITY, f64::max);
                table.push(vec![
                    series_name(&s.metric),
                    s.values.len().to_string(),
                    format_value(min),
                    format_value(max),
                    s.values
                        .last()
                        .map(|p| format_value(p.value))
                        .unwrap_or_default(),
                ]);
            }
            table
        }
        QueryResult::Scalar(point) => {
            let mut table = Table::new(&["Scalar"]);
            table.push(vec![format_value(point.value)]);
            table
        }
        QueryResult::String(point) => {
            let mut table = Table::new(&["String"]);
            table.push(vec![point.1.clone()]);
            table
        }
    }
}

fn notes(document: &QueryDocument, bullet: &str) -> String {
    let mut text = String::new();
    for warning in &document.warnings {
        text.push_str(&format!("{bullet}warning (partial data?): {warning}\n"));
    }
    for info in &document.infos {
        text.push_str(&format!("{bullet}info: {info}\n"));
    }
    text
}

pub fn markdown(document: &QueryDocument) -> String {
    let mut text = format!(
        "## Query\n\n```promql\n{}\n```\n\n- Prometheus: {}\n",
        document.query, document.prometheus
    );
    if let (Some(start), Some(end)) = (document.start, document.end) {
        text.push_str(&format!(
            "- Range: {} to {}, step {}s\n",
            super::time(start),
            super::time(end),
            document.step_seconds.unwrap_or_default()
        ));
    }
    text.push_str(&notes(document, "- "));
    text.push('\n');
    text.push_str(&table(document).to_markdown());
    text
}

pub fn terminal(document: &QueryDocument, color: bool) -> String {
    let mut text = table(document).to_terminal(color);
    text.push_str(&notes(document, ""));
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn series_print_like_prometheus() {
        let labels: Labels = [("__name__", "up"), ("job", "api")]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        assert_eq!(series_name(&labels), r#"up{job="api"}"#);
        assert_eq!(series_name(&Labels::new()), "{}");
    }
}
