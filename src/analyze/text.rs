//! Text that others wrote (query text, event and status messages, exec-probe
//! output) as reports show it: on one line, without control characters, so it
//! can neither break a table nor drive the on-call engineer's terminal.

/// Whitespace runs collapsed to one space, trimmed, control characters as `?`.
pub fn one_line(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .map(|c| if c.is_control() { '?' } else { c })
        .collect()
}

/// A value as one shell word, whatever it contains: bare when it is plain,
/// single-quoted otherwise.
pub fn shell_word(text: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "._/:@-+,=".contains(c);
    if !text.is_empty() && text.chars().all(plain) {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newlines_and_escapes_never_pass() {
        assert_eq!(one_line("  a\n\tb \u{1b}[2J "), "a b ?[2J");
    }

    #[test]
    fn shell_words_are_quoted_only_when_needed() {
        assert_eq!(shell_word("api-server"), "api-server");
        assert_eq!(shell_word("my cert's.pem"), "'my cert'\\''s.pem'");
        assert_eq!(shell_word(""), "''");
    }
}
