//! The data the Prometheus HTTP API returns, typed: instant vectors, range
//! matrices, alerts, rules and build info. These are also what the evidence
//! bundle stores, so they serialize back to the API's own shape.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;

/// A series' labels, `__name__` included when the server returns it.
pub type Labels = BTreeMap<String, String>;

/// One sample: Unix time in seconds and the value. The API writes it as
/// `[1712345678.123, "0.5"]`, values as strings so that `NaN` and `+Inf` survive.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub time: f64,
    pub value: f64,
}

/// One series of an instant vector.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InstantSample {
    pub metric: Labels,
    /// Absent for native histograms, which triage does not read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Point>,
}

/// One series of a range matrix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RangeSeries {
    pub metric: Labels,
    #[serde(default)]
    pub values: Vec<Point>,
}

/// The `data` of a query answer, tagged by `resultType` as the API does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "resultType", content = "result", rename_all = "lowercase")]
pub enum QueryResult {
    Vector(Vec<InstantSample>),
    Matrix(Vec<RangeSeries>),
    Scalar(Point),
    String(StringPoint),
}

/// A string result `[time, "text"]`; rare, kept for `prom query`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StringPoint(pub f64, pub String);

impl QueryResult {
    /// The result as range series, whatever its type: an instant sample is a
    /// series of one point. Scalars and strings have no labels.
    pub fn into_series(self) -> Vec<RangeSeries> {
        match self {
            QueryResult::Matrix(series) => series,
            QueryResult::Vector(samples) => samples
                .into_iter()
                .map(|sample| RangeSeries {
                    metric: sample.metric,
                    values: sample.value.into_iter().collect(),
                })
                .collect(),
            QueryResult::Scalar(point) => vec![RangeSeries {
                metric: Labels::new(),
                values: vec![point],
            }],
            QueryResult::String(_) => Vec::new(),
        }
    }
}

/// One alert from `/api/v1/alerts`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActiveAlert {
    #[serde(default)]
    pub labels: Labels,
    #[serde(default)]
    pub annotations: Labels,
    /// `firing`, `pending` (or `inactive` on some engines).
    pub state: String,
    #[serde(default)]
    pub active_at: Option<chrono::DateTime<chrono::Utc>>,
    #[serde(default)]
    pub value: Option<String>,
}

/// `data` of `/api/v1/alerts`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AlertList {
    #[serde(default)]
    pub alerts: Vec<ActiveAlert>,
}

/// `data` of `/api/v1/rules`: groups of alerting and recording rules.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RuleGroups {
    #[serde(default)]
    pub groups: Vec<RuleGroup>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleGroup {
    pub name: String,
    #[serde(default)]
    pub file: String,
    #[serde(default)]
    pub rules: Vec<Rule>,
}

/// One rule; only what triage reads, the rest of the object is ignored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rule {
    pub name: String,
    #[serde(default)]
    pub query: String,
    /// `alerting` or `recording`.
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub labels: Labels,
    #[serde(default)]
    pub health: String,
    #[serde(default, rename = "lastError")]
    pub last_error: Option<String>,
}

/// `data` of `/api/v1/status/buildinfo`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BuildInfo {
    pub version: String,
    #[serde(default)]
    pub revision: String,
}

impl Serialize for Point {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (self.time, format_value(self.value)).serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Point {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let (time, value): (f64, String) = Deserialize::deserialize(deserializer)?;
        let value = parse_value(&value).ok_or_else(|| {
            serde::de::Error::custom(format!("sample value '{value}' is not a number"))
        })?;
        Ok(Point { time, value })
    }
}

/// Parses a sample value as Prometheus writes it (`1.5`, `NaN`, `+Inf`, `-Inf`).
pub fn parse_value(text: &str) -> Option<f64> {
    match text {
        "NaN" => Some(f64::NAN),
        "+Inf" | "Inf" => Some(f64::INFINITY),
        "-Inf" => Some(f64::NEG_INFINITY),
        _ => text.parse().ok(),
    }
}

/// Writes a value the way Prometheus does, so that recorded evidence round-trips.
pub fn format_value(value: f64) -> String {
    if value.is_nan() {
        "NaN".into()
    } else if value == f64::INFINITY {
        "+Inf".into()
    } else if value == f64::NEG_INFINITY {
        "-Inf".into()
    } else {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vectors_and_matrices_parse_with_special_values() {
        let vector: QueryResult = serde_json::from_str(
            r#"{"resultType":"vector","result":[{"metric":{"job":"api"},"value":[1700000000.5,"NaN"]},{"metric":{},"value":[1700000000,"+Inf"]}]}"#,
        )
        .unwrap();
        let QueryResult::Vector(samples) = vector else {
            panic!("a vector")
        };
        assert!(samples[0].value.unwrap().value.is_nan());
        assert_eq!(samples[0].metric["job"], "api");
        assert_eq!(samples[1].value.unwrap().value, f64::INFINITY);

        let matrix: QueryResult = serde_json::from_str(
            r#"{"resultType":"matrix","result":[{"metric":{"job":"api"},"values":[[1,"1"],[2,"-Inf"],[3,"2.5e-3"]]}]}"#,
        )
        .unwrap();
        let series = matrix.into_series();
        assert_eq!(series[0].values.len(), 3);
        assert_eq!(series[0].values[2].value, 0.0025);
    }

    #[test]
    fn a_value_that_is_not_a_number_is_an_error_not_a_zero() {
        let err = serde_json::from_str::<QueryResult>(
            r#"{"resultType":"vector","result":[{"metric":{},"value":[1,"fast"]}]}"#,
        )
        .unwrap_err();
        assert!(err.to_string().contains("'fast'"), "{err}");
    }

    #[test]
    fn points_round_trip_through_json() {
        let series = RangeSeries {
            metric: Labels::from([("a".to_string(), "b".to_string())]),
            values: vec![
                Point {
                    time: 1.0,
                    value: f64::INFINITY,
                },
                Point {
                    time: 2.0,
                    value: 0.25,
                },
            ],
        };
        let json = serde_json::to_string(&series).unwrap();
        assert_eq!(
            json,
            r#"{"metric":{"a":"b"},"values":[[1.0,"+Inf"],[2.0,"0.25"]]}"#
        );
        assert_eq!(serde_json::from_str::<RangeSeries>(&json).unwrap(), series);
    }
}
