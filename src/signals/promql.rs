//! Building PromQL text safely: selectors from label matchers, with label
//! values escaped so that a service name can never change the query's meaning.

use std::time::Duration;

/// One label matcher: `label op "value"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matcher {
    pub label: String,
    pub op: &'static str,
    pub value: String,
}

impl Matcher {
    pub fn eq(label: &str, value: &str) -> Matcher {
        Matcher {
            label: label.into(),
            op: "=",
            value: value.into(),
        }
    }

    pub fn ne(label: &str, value: &str) -> Matcher {
        Matcher {
            label: label.into(),
            op: "!=",
            value: value.into(),
        }
    }

    pub fn regex(label: &str, value: &str) -> Matcher {
        Matcher {
            label: label.into(),
            op: "=~",
            value: value.into(),
        }
    }
}

/// `metric{a="x",b=~"y"}`, or the bare metric name without matchers.
pub fn selector(metric: &str, matchers: &[Matcher]) -> String {
    if matchers.is_empty() {
        return metric.to_string();
    }
    let inner: Vec<String> = matchers
        .iter()
        .map(|m| format!("{}{}\"{}\"", m.label, m.op, escape(&m.value)))
        .collect();
    format!("{metric}{{{}}}", inner.join(","))
}

/// A regex matching exactly these values (`a|b\.c`); PromQL anchors it.
pub fn alternation(values: &[String]) -> String {
    values
        .iter()
        .map(|value| {
            let mut escaped = String::with_capacity(value.len());
            for c in value.chars() {
                if "\\.+*?()|[]{}^$".contains(c) {
                    escaped.push('\\');
                }
                escaped.push(c);
            }
            escaped
        })
        .collect::<Vec<_>>()
        .join("|")
}

/// Escapes a label value for a double-quoted PromQL string.
pub fn escape(value: &str) -> String {
    let mut escaped = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => escaped.push_str("\\\\"),
            '"' => escaped.push_str("\\\""),
            '\n' => escaped.push_str("\\n"),
            _ => escaped.push(c),
        }
    }
    escaped
}

/// A PromQL duration such as `5m` or `90s`.
pub fn duration(duration: Duration) -> String {
    let seconds = duration.as_secs().max(1);
    if seconds % 3600 == 0 {
        format!("{}h", seconds / 3600)
    } else if seconds % 60 == 0 {
        format!("{}m", seconds / 60)
    } else {
        format!("{seconds}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selectors_escape_values() {
        assert_eq!(selector("up", &[]), "up");
        assert_eq!(
            selector(
                "http_requests_total",
                &[
                    Matcher::eq("service", r#"a"b\c"#),
                    Matcher::regex("code", "5..")
                ]
            ),
            r#"http_requests_total{service="a\"b\\c",code=~"5.."}"#
        );
    }

    #[test]
    fn durations_use_the_largest_whole_unit() {
        assert_eq!(duration(Duration::from_secs(300)), "5m");
        assert_eq!(duration(Duration::from_secs(7200)), "2h");
        assert_eq!(duration(Duration::from_secs(90)), "90s");
    }
}
