//! The envelope every Prometheus API answer comes in:
//! `{"status": "success"|"error", "data": …, "errorType", "error", "warnings", "infos"}`.
//! Thanos and Mimir report partial data in `warnings`, so they are kept with
//! the data instead of being dropped.

use serde::Deserialize;
use serde::de::DeserializeOwned;

/// Data the server answered with, and what it said about its completeness.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer<T> {
    pub data: T,
    /// Partial responses, dropped stores, truncated results.
    pub warnings: Vec<String>,
    /// Informational notes (newer Prometheus: PromQL annotations).
    pub infos: Vec<String>,
}

#[derive(Deserialize)]
struct RawEnvelope<T> {
    status: String,
    data: Option<T>,
    #[serde(rename = "errorType")]
    error_type: Option<String>,
    error: Option<String>,
    #[serde(default)]
    warnings: Vec<String>,
    #[serde(default)]
    infos: Vec<String>,
}

/// Why a body is not a usable answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnvelopeError {
    /// `status: "error"`: the server's own words.
    Api { error_type: String, message: String },
    /// Not the API's JSON at all (an HTML login page, a truncated body).
    Malformed(String),
}

impl std::fmt::Display for EnvelopeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EnvelopeError::Api {
                error_type,
                message,
            } => write!(f, "{error_type}: {message}"),
            EnvelopeError::Malformed(why) => write!(f, "not a Prometheus API answer: {why}"),
        }
    }
}

/// Parses a body into its data, or the server's error.
pub fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<Answer<T>, EnvelopeError> {
    let raw: RawEnvelope<T> = serde_json::from_slice(body).map_err(|err| {
        let why = if err.is_eof() {
            "the JSON ends early (truncated response)".to_string()
        } else if body.first().is_some_and(|b| *b == b'<') {
            "an HTML page, not JSON (a login page or proxy error? is the URL the API's base URL?)"
                .to_string()
        } else {
            format!("malformed JSON ({err})")
        };
        EnvelopeError::Malformed(why)
    })?;
    match (raw.status.as_str(), raw.data) {
        ("success", Some(data)) => Ok(Answer {
            data,
            warnings: raw.warnings,
            infos: raw.infos,
        }),
        ("success", None) => Err(EnvelopeError::Malformed(
            "status success without data".into(),
        )),
        _ => Err(EnvelopeError::Api {
            error_type: raw.error_type.unwrap_or_else(|| "error".into()),
            message: raw
                .error
                .unwrap_or_else(|| format!("status '{}' without a message", raw.status)),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::prometheus::model::QueryResult;

    #[test]
    fn warnings_and_infos_are_kept_with_the_data() {
        let answer: Answer<QueryResult> = parse(
            br#"{"status":"success","data":{"resultType":"vector","result":[]},"warnings":["store gateway unavailable: partial response"],"infos":["metric might not be a counter"]}"#,
        )
        .unwrap();
        assert_eq!(
            answer.warnings,
            ["store gateway unavailable: partial response"]
        );
        assert_eq!(answer.infos, ["metric might not be a counter"]);
    }

    #[test]
    fn error_envelopes_carry_the_servers_words() {
        let err = parse::<QueryResult>(
            br#"{"status":"error","errorType":"bad_data","error":"1:5: parse error: unexpected \")\""}"#,
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            r#"bad_data: 1:5: parse error: unexpected ")""#
        );
    }

    #[test]
    fn truncated_html_and_garbage_bodies_are_named() {
        let truncated =
            parse::<QueryResult>(br#"{"status":"success","data":{"resultType":"vec"#).unwrap_err();
        assert!(truncated.to_string().contains("truncated"), "{truncated}");
        let html = parse::<QueryResult>(b"<html><body>Sign in</body></html>").unwrap_err();
        assert!(html.to_string().contains("HTML"), "{html}");
        let garbage = parse::<QueryResult>(b"{\"status\":42}").unwrap_err();
        assert!(garbage.to_string().contains("malformed JSON"), "{garbage}");
    }
}
