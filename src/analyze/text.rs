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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newlines_and_escapes_never_pass() {
        assert_eq!(one_line("  a\n\tb \u{1b}[2J "), "a b ?[2J");
    }
}
