//! Query text from `pg_stat_activity`, as incident reports show it.
//!
//! Query text can carry personal data (names, e-mail addresses, tokens in
//! `WHERE` clauses and `VALUES` lists) into a postmortem that is shared far
//! more widely than the database itself. So reports show it truncated, and
//! optionally with its literals redacted by a small SQL lexer.
//!
//! Pure: no I/O, so it can be tested on any text.

use std::borrow::Cow;

/// What PostgreSQL shows instead of another user's query when the viewer
/// lacks `pg_read_all_stats`.
pub const INSUFFICIENT_PRIVILEGE: &str = "<insufficient privilege>";

/// How query text is shown in reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueryTextPolicy {
    /// At most this many characters (not bytes) of the query; "…" follows a cut.
    pub max_chars: usize,
    /// Replace literals by `?` (see [`redact_literals`]).
    pub redact_literals: bool,
}

impl Default for QueryTextPolicy {
    fn default() -> Self {
        Self {
            max_chars: 200,
            redact_literals: false,
        }
    }
}

/// Whether PostgreSQL hid the query from us ([`INSUFFICIENT_PRIVILEGE`]).
pub fn is_hidden(query: &str) -> bool {
    query == INSUFFICIENT_PRIVILEGE
}

/// Query text as reports show it: literals replaced by `?` when asked (before
/// truncating, so a cut never reveals half a literal), whitespace runs
/// (including newlines and tabs) collapsed to one space and trimmed, then cut
/// to `max_chars` characters (never inside a UTF-8 character) with "…"
/// appended when cut. [`INSUFFICIENT_PRIVILEGE`] is returned unchanged.
pub fn display(query: &str, policy: QueryTextPolicy) -> String {
    if is_hidden(query) {
        // A marker from the server, not query text: nothing to redact or cut.
        return query.to_owned();
    }
    let text = if policy.redact_literals {
        Cow::Owned(redact_literals(query))
    } else {
        Cow::Borrowed(query)
    };
    // Any database user writes query text.
    let mut shown = crate::analyze::text::one_line(&text);
    // The byte offset of the first character past the limit is a char boundary.
    if let Some((cut, _)) = shown.char_indices().nth(policy.max_chars) {
        shown.truncate(cut);
        shown.push('…');
    }
    shown
}

/// Replaces every literal in SQL text with `?`.
///
/// Literals are single-quoted strings (with `''` doubling), `E'...'` strings
/// (backslash escapes), `B'...'`, `X'...'`, `N'...'` and `U&'...'` strings,
/// dollar-quoted strings (`$$...$$`, `$tag$...$tag$`) and numeric constants
/// (`42`, `3.14`, `.5`, `1e10`, `0x1F`, `1_000`). Digits inside identifiers
/// (`t1`, `col_2`, `"Table 3"`) and positional parameters (`$1`, already
/// placeholders) are kept, as are keywords, identifiers and double-quoted
/// identifiers. Comments (`--` to end of line, nested `/* ... */`) are dropped,
/// since they can carry data too; a space stands in for them so the tokens on
/// either side do not merge. An unterminated literal or comment (text cut off
/// by `track_activity_query_size`) is redacted to the end.
///
/// `IN (1, 2, 3)` becomes `IN (?, ?, ?)`; `x = -5` becomes `x = -?`.
///
/// Never panics, runs in linear time.
pub fn redact_literals(query: &str) -> String {
    // The lexer works on bytes: every delimiter in SQL is ASCII, and, as in
    // PostgreSQL's own scanner, any non-ASCII byte is an identifier byte. So a
    // token boundary is always next to an ASCII byte, i.e. on a char boundary,
    // and slicing `query` there cannot panic.
    let bytes = query.as_bytes();
    let len = bytes.len();
    let mut out = String::with_capacity(len);
    let mut i = 0;
    while i < len {
        let next = bytes.get(i + 1).copied();
        match bytes[i] {
            b'-' if next == Some(b'-') => {
                i = line_comment_end(bytes, i + 2);
                stand_in_for_comment(&mut out);
            }
            b'/' if next == Some(b'*') => {
                i = block_comment_end(bytes, i + 2);
                stand_in_for_comment(&mut out);
            }
            b'\'' => {
                i = quoted_end(bytes, i + 1, b'\'', false);
                out.push('?');
            }
            b'"' => {
                let end = quoted_end(bytes, i + 1, b'"', false);
                out.push_str(&query[i..end]);
                i = end;
            }
            b'$' if next.is_some_and(|b| b.is_ascii_digit()) => {
                let end = digits_end(bytes, i + 1);
                out.push_str(&query[i..end]);
                i = end;
            }
            b'$' => match dollar_tag_end(bytes, i) {
                Some(tag_end) => {
                    let delimiter = &query[i..=tag_end];
                    let body = tag_end + 1;
                    // `str::find` is linear (two-way search), whatever the tag.
                    i = query[body..]
                        .find(delimiter)
                        .map_or(len, |at| body + at + delimiter.len());
                    out.push('?');
                }
                None => {
                    out.push('$');
                    i += 1;
                }
            },
            b'0'..=b'9' => {
                i = number_end(bytes, i);
                out.push('?');
            }
            b'.' if next.is_some_and(|b| b.is_ascii_digit()) => {
                i = number_end(bytes, i);
                out.push('?');
            }
            b'E' | b'e' if next == Some(b'\'') => {
                i = quoted_end(bytes, i + 2, b'\'', true);
                out.push('?');
            }
            b'B' | b'b' | b'X' | b'x' | b'N' | b'n' if next == Some(b'\'') => {
                i = quoted_end(bytes, i + 2, b'\'', false);
                out.push('?');
            }
            b'U' | b'u' if next == Some(b'&') && bytes.get(i + 2) == Some(&b'\'') => {
                i = quoted_end(bytes, i + 3, b'\'', false);
                out.push('?');
            }
            b if is_ident_start(b) => {
                // Whole identifiers at once, so their digits are never taken
                // for numbers and `a$b` is never taken for a dollar quote.
                let mut end = i + 1;
                while end < len && is_ident_cont(bytes[end]) {
                    end += 1;
                }
                out.push_str(&query[i..end]);
                i = end;
            }
            // Whitespace, operators, punctuation: ASCII, since every byte
            // from 0x80 up starts an identifier.
            b => {
                out.push(char::from(b));
                i += 1;
            }
        }
    }
    out
}

/// Keeps `a/* c */b` as two tokens without doubling whitespace.
fn stand_in_for_comment(out: &mut String) {
    if out.chars().next_back().is_some_and(|c| !c.is_whitespace()) {
        out.push(' ');
    }
}

/// Where a `--` comment whose text starts at `start` ends (at its newline).
fn line_comment_end(bytes: &[u8], start: usize) -> usize {
    bytes[start..]
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .map_or(bytes.len(), |at| start + at)
}

/// Where a `/* */` comment whose text starts at `start` ends; they nest.
fn block_comment_end(bytes: &[u8], start: usize) -> usize {
    let mut depth = 1usize;
    let mut i = start;
    while i < bytes.len() {
        match (bytes[i], bytes.get(i + 1)) {
            (b'/', Some(b'*')) => {
                depth += 1;
                i += 2;
            }
            (b'*', Some(b'/')) => {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    return i;
                }
            }
            _ => i += 1,
        }
    }
    bytes.len()
}

/// Just past the closing `quote` of text that starts at `start`; a doubled
/// quote stands for itself, and with `backslash` (E-strings) a backslash
/// escapes the next byte. Unterminated text runs to the end.
fn quoted_end(bytes: &[u8], start: usize, quote: u8, backslash: bool) -> usize {
    let mut i = start;
    while i < bytes.len() {
        let b = bytes[i];
        if backslash && b == b'\\' {
            // May land inside a multi-byte char: harmless, we never slice here.
            i += 2;
        } else if b == quote {
            if bytes.get(i + 1) == Some(&quote) {
                i += 2;
            } else {
                return i + 1;
            }
        } else {
            i += 1;
        }
    }
    bytes.len()
}

fn digits_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start;
    while i < bytes.len() && bytes[i].is_ascii_digit() {
        i += 1;
    }
    i
}

/// The index of the closing `$` of a dollar-quote delimiter (`$$`, `$tag$`)
/// that opens at `start`, or `None` when the `$` there opens none.
fn dollar_tag_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut i = start + 1;
    // A tag is an identifier without `$`; it cannot start with a digit.
    if bytes.get(i).is_some_and(|&b| is_ident_start(b)) {
        i += 1;
        while i < bytes.len() && is_ident_cont(bytes[i]) && bytes[i] != b'$' {
            i += 1;
        }
    }
    (bytes.get(i) == Some(&b'$')).then_some(i)
}

/// Where a numeric constant starting at `start` (a digit, or `.` before one)
/// ends. Greedy over letters, digits, `_` and `.`: that covers `0x1F`, `1_000`,
/// `1e10`, and also trailing junk such as `1abc` (an error since PostgreSQL
/// 15), which is better hidden whole than half shown.
fn number_end(bytes: &[u8], start: usize) -> usize {
    let hex = bytes[start] == b'0' && matches!(bytes.get(start + 1), Some(b'x' | b'X'));
    let mut i = start;
    while i < bytes.len() {
        let b = bytes[i];
        let exponent_sign = matches!(b, b'+' | b'-')
            && !hex
            && i > start
            && matches!(bytes[i - 1], b'e' | b'E')
            && bytes.get(i + 1).is_some_and(|b| b.is_ascii_digit());
        // `1..10` (PL/pgSQL ranges) is two numbers, not one.
        let point = b == b'.' && bytes.get(i + 1) != Some(&b'.');
        if b.is_ascii_alphanumeric() || b == b'_' || point || exponent_sign {
            i += 1;
        } else {
            break;
        }
    }
    i
}

/// PostgreSQL's `ident_start`: ASCII letters, `_`, and any non-ASCII byte.
fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || !b.is_ascii()
}

/// PostgreSQL's `ident_cont`: `ident_start`, digits and `$`.
fn is_ident_cont(b: u8) -> bool {
    is_ident_start(b) || b.is_ascii_digit() || b == b'$'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_never_reach_the_terminal() {
        let shown = display(
            "SELECT '\u{1b}]0;pwned\u{7}' \u{1b}[2J",
            QueryTextPolicy::default(),
        );
        assert_eq!(shown, "SELECT '?]0;pwned?' ?[2J");
    }

    fn policy(max_chars: usize, redact_literals: bool) -> QueryTextPolicy {
        QueryTextPolicy {
            max_chars,
            redact_literals,
        }
    }

    // ---- policy and hidden text ----

    #[test]
    fn default_policy_shows_200_chars_unredacted() {
        assert_eq!(
            QueryTextPolicy::default(),
            QueryTextPolicy {
                max_chars: 200,
                redact_literals: false
            }
        );
    }

    #[test]
    fn only_the_exact_marker_is_hidden() {
        assert!(is_hidden("<insufficient privilege>"));
        assert!(is_hidden(INSUFFICIENT_PRIVILEGE));
        assert!(!is_hidden(" <insufficient privilege>"));
        assert!(!is_hidden("<insufficient privilege> "));
        assert!(!is_hidden("<Insufficient Privilege>"));
        assert!(!is_hidden("SELECT '<insufficient privilege>'"));
        assert!(!is_hidden(""));
    }

    #[test]
    fn hidden_text_is_displayed_unchanged_whatever_the_policy() {
        for p in [
            policy(3, true),
            policy(0, false),
            QueryTextPolicy::default(),
        ] {
            assert_eq!(display(INSUFFICIENT_PRIVILEGE, p), INSUFFICIENT_PRIVILEGE);
        }
    }

    // ---- display ----

    #[test]
    fn display_collapses_whitespace_and_trims() {
        let query = "\n\t SELECT  a,\n       b\r\n  FROM\tt \n";
        assert_eq!(
            display(query, QueryTextPolicy::default()),
            "SELECT a, b FROM t"
        );
    }

    #[test]
    fn display_keeps_literals_unless_asked() {
        let query = "SELECT * FROM users WHERE email = 'alice@example.com'";
        assert_eq!(display(query, QueryTextPolicy::default()), query);
        assert_eq!(
            display(query, policy(200, true)),
            "SELECT * FROM users WHERE email = ?"
        );
    }

    #[test]
    fn display_cuts_only_past_the_limit() {
        assert_eq!(display("SELECT 1", policy(8, false)), "SELECT 1");
        assert_eq!(display("SELECT 1", policy(9, false)), "SELECT 1");
        assert_eq!(display("SELECT 1", policy(7, false)), "SELECT …");
        assert_eq!(display("SELECT 1", policy(6, false)), "SELECT…");
        assert_eq!(display("SELECT 1", policy(0, false)), "…");
    }

    #[test]
    fn display_counts_the_limit_after_collapsing_whitespace() {
        assert_eq!(display("  a  \n\n  b  ", policy(3, false)), "a b");
    }

    #[test]
    fn display_counts_chars_not_bytes() {
        assert_eq!(display("ééé", policy(2, false)), "éé…");
        assert_eq!(display("ééé", policy(3, false)), "ééé");
        assert_eq!(display("a🦀b🦀c", policy(4, false)), "a🦀b🦀…");
        let long = "日本".repeat(200);
        let shown = display(&long, QueryTextPolicy::default());
        assert_eq!(shown.chars().count(), 201);
        assert!(shown.ends_with("本…"));
    }

    #[test]
    fn display_of_empty_or_blank_text_is_empty() {
        assert_eq!(display("", QueryTextPolicy::default()), "");
        assert_eq!(display(" \n\t ", policy(0, true)), "");
        assert_eq!(display("-- just a comment", policy(10, true)), "");
        assert_eq!(display("/* secret */", policy(10, true)), "");
    }

    #[test]
    fn display_redacts_before_cutting_so_no_half_literal_shows() {
        let query = "SELECT * FROM users WHERE name = 'Alice Smith' AND id = 12345";
        // Cut unredacted at 37 chars, the name would show as "'Ali".
        assert_eq!(
            display(query, policy(37, false)),
            "SELECT * FROM users WHERE name = 'Ali…"
        );
        assert_eq!(
            display(query, policy(38, true)),
            "SELECT * FROM users WHERE name = ? AND…"
        );
        assert_eq!(
            display(query, policy(200, true)),
            "SELECT * FROM users WHERE name = ? AND id = ?"
        );
    }

    #[test]
    fn display_collapses_the_space_left_by_comments() {
        let query = "SELECT a -- who asked\n  FROM t /* ticket 4711 */ WHERE b = 2";
        assert_eq!(
            display(query, policy(200, true)),
            "SELECT a FROM t WHERE b = ?"
        );
    }

    // ---- redact_literals: strings ----

    #[test]
    fn single_quoted_strings() {
        assert_eq!(redact_literals("SELECT 'secret'"), "SELECT ?");
        assert_eq!(redact_literals("x = ''"), "x = ?");
        assert_eq!(redact_literals("x = 'O''Brien'"), "x = ?");
        assert_eq!(redact_literals("x = ''''"), "x = ?");
        assert_eq!(redact_literals("f('a','b')"), "f(?,?)");
        assert_eq!(redact_literals("'a' 'b'"), "? ?");
        // Concatenation across a newline is two tokens; both are hidden.
        assert_eq!(redact_literals("'a'\n'b'"), "?\n?");
        assert_eq!(redact_literals("'1'::int"), "?::int");
    }

    #[test]
    fn standard_strings_do_not_treat_backslash_as_escape() {
        // standard_conforming_strings is on (the default since 9.1).
        assert_eq!(redact_literals(r"x = 'C:\' AND y"), "x = ? AND y");
    }

    #[test]
    fn escape_strings() {
        assert_eq!(redact_literals(r"x = E'it\'s' AND y"), "x = ? AND y");
        assert_eq!(redact_literals(r"x = e'a\\' AND y"), "x = ? AND y");
        assert_eq!(redact_literals(r"x = E'a''b\n' AND y"), "x = ? AND y");
        // The escaped quote does not end it: unterminated, hidden to the end.
        assert_eq!(redact_literals(r"E'\'"), "?");
        assert_eq!(redact_literals(r"x = E'\' AND secret"), "x = ?");
        assert_eq!(redact_literals(r"E'\"), "?");
        assert_eq!(redact_literals("E'\\é' x"), "? x");
    }

    #[test]
    fn prefixed_strings() {
        assert_eq!(redact_literals("B'1010' | b'01'"), "? | ?");
        assert_eq!(redact_literals("X'1F' || x'ff'"), "? || ?");
        assert_eq!(redact_literals("N'name' n'x'"), "? ?");
        assert_eq!(redact_literals(r"U&'d\0061t\+000061' u&'x'"), "? ?");
        assert_eq!(redact_literals("U&'d!0061t' UESCAPE '!'"), "? UESCAPE ?");
    }

    #[test]
    fn prefix_letters_inside_identifiers_are_identifiers() {
        assert_eq!(redact_literals("name'x'"), "name?");
        assert_eq!(redact_literals("tax'x'"), "tax?");
        // Not an escape string, so the backslash does not escape the quote.
        assert_eq!(redact_literals(r"type'\' b"), "type? b");
        assert_eq!(redact_literals("E"), "E");
        assert_eq!(redact_literals("U&x"), "U&x");
        assert_eq!(redact_literals("U&"), "U&");
    }

    #[test]
    fn unterminated_string_is_redacted_to_the_end() {
        assert_eq!(
            redact_literals("INSERT INTO t VALUES ('Alice Sm"),
            "INSERT INTO t VALUES (?"
        );
        assert_eq!(redact_literals("'"), "?");
        assert_eq!(redact_literals("''' more"), "?");
    }

    #[test]
    fn dollar_quoted_strings() {
        assert_eq!(redact_literals("SELECT $$secret$$"), "SELECT ?");
        assert_eq!(redact_literals("SELECT $$$$, 1"), "SELECT ?, ?");
        assert_eq!(redact_literals("SELECT $x$it's$x$ y"), "SELECT ? y");
        assert_eq!(redact_literals("$a$ $b$ $a$ z"), "? z");
        assert_eq!(
            redact_literals("DO $fn$ BEGIN PERFORM $$x$$; END $fn$;"),
            "DO ?;"
        );
        assert_eq!(redact_literals("$_t1$ x $_t1$"), "?");
        assert_eq!(redact_literals("$é$ x $é$ y"), "? y");
        // Tags are case-sensitive.
        assert_eq!(redact_literals("$A$ x $a$ y"), "?");
    }

    #[test]
    fn unterminated_dollar_quote_is_redacted_to_the_end() {
        assert_eq!(redact_literals("SELECT $$secret"), "SELECT ?");
        assert_eq!(redact_literals("SELECT $tag$secret $ta"), "SELECT ?");
        assert_eq!(redact_literals("$$"), "?");
        assert_eq!(redact_literals("$$$"), "?");
    }

    #[test]
    fn dollar_signs_that_open_nothing() {
        assert_eq!(redact_literals("$"), "$");
        assert_eq!(redact_literals("a $ b"), "a $ b");
        assert_eq!(redact_literals("$1$"), "$1$");
        assert_eq!(redact_literals("$a b$"), "$a b$");
        assert_eq!(redact_literals("$1a"), "$1a");
        // `$` continues an identifier, so this is one identifier.
        assert_eq!(redact_literals("foo$bar$ = 1"), "foo$bar$ = ?");
        assert_eq!(redact_literals("a$$b$$"), "a$$b$$");
    }

    #[test]
    fn positional_parameters_are_kept() {
        assert_eq!(
            redact_literals("SELECT * FROM t WHERE a = $1 AND b IN ($2, $10)"),
            "SELECT * FROM t WHERE a = $1 AND b IN ($2, $10)"
        );
        assert_eq!(redact_literals("$1::int + 1"), "$1::int + ?");
    }

    // ---- redact_literals: numbers ----

    #[test]
    fn numeric_constants() {
        for (query, expected) in [
            ("42", "?"),
            ("3.14", "?"),
            (".5", "?"),
            ("5.", "?"),
            ("1e10", "?"),
            ("1E+10", "?"),
            ("1.5e-3", "?"),
            ("0x1F", "?"),
            ("0X1f", "?"),
            ("0o17", "?"),
            ("0b101", "?"),
            ("1_000_000", "?"),
            ("x = -5", "x = -?"),
            ("x=-5", "x=-?"),
            ("10-5", "?-?"),
            ("0x1E-5", "?-?"),
            ("1e-x", "?-x"),
            ("a + .5*2", "a + ?*?"),
            ("1..10", "?.?"),
            ("LIMIT 10 OFFSET 20", "LIMIT ? OFFSET ?"),
            ("arr[1:2]", "arr[?:?]"),
            ("1.5::numeric(10,2)", "?::numeric(?,?)"),
        ] {
            assert_eq!(redact_literals(query), expected, "{query}");
        }
    }

    #[test]
    fn in_lists() {
        assert_eq!(redact_literals("IN (1, 2, 3)"), "IN (?, ?, ?)");
        assert_eq!(
            redact_literals("WHERE id IN ('a','b') AND n IN(1,2)"),
            "WHERE id IN (?,?) AND n IN(?,?)"
        );
    }

    #[test]
    fn trailing_junk_after_a_number_is_hidden_with_it() {
        assert_eq!(redact_literals("SELECT 123abc"), "SELECT ?");
        assert_eq!(redact_literals("SELECT 0x1G"), "SELECT ?");
    }

    #[test]
    fn digits_in_identifiers_are_kept() {
        let query = r#"SELECT t1.col_2, "Table 3".x9, _3 FROM t1 JOIN s2.t3 ON a1=b2"#;
        assert_eq!(redact_literals(query), query);
        assert_eq!(redact_literals("t.5"), "t?");
        assert_eq!(redact_literals("été1 = 1"), "été1 = ?");
    }

    // ---- redact_literals: identifiers and keywords ----

    #[test]
    fn keywords_identifiers_and_operators_are_untouched() {
        let query = "SELECT a.b, count(*) AS n FROM s.t WHERE x >= y AND z <> w \
                     OR p IS NULL ORDER BY 1 DESC";
        assert_eq!(
            redact_literals(query),
            "SELECT a.b, count(*) AS n FROM s.t WHERE x >= y AND z <> w \
             OR p IS NULL ORDER BY ? DESC"
        );
        assert_eq!(redact_literals("a->>b #> c @> d"), "a->>b #> c @> d");
    }

    #[test]
    fn double_quoted_identifiers_are_kept_as_they_are() {
        assert_eq!(
            redact_literals(r#"SELECT "it's", "a""b", "1" FROM "Table 3""#),
            r#"SELECT "it's", "a""b", "1" FROM "Table 3""#
        );
        assert_eq!(
            redact_literals(r#"U&"d\0061t" = 'x'"#),
            r#"U&"d\0061t" = ?"#
        );
        // Unterminated: kept to the end, like any identifier.
        assert_eq!(redact_literals(r#"SELECT "abc"#), r#"SELECT "abc"#);
        assert_eq!(redact_literals(r#"""#), r#"""#);
    }

    #[test]
    fn unicode_is_kept_intact() {
        assert_eq!(
            redact_literals("SELECT 名前 FROM ユーザー WHERE 名前 = 'ひみつ' -- 注意"),
            "SELECT 名前 FROM ユーザー WHERE 名前 = ? "
        );
        assert_eq!(redact_literals("x = '🦀' AND 🦀 = 1"), "x = ? AND 🦀 = ?");
    }

    // ---- redact_literals: comments ----

    #[test]
    fn line_comments_are_dropped() {
        assert_eq!(
            redact_literals("SELECT 1 -- Alice\nFROM t"),
            "SELECT ? \nFROM t"
        );
        assert_eq!(redact_literals("SELECT a --"), "SELECT a ");
        assert_eq!(redact_literals("a-- x\rb"), "a \rb");
        assert_eq!(redact_literals("a+--x\nb"), "a+ \nb");
        assert_eq!(redact_literals("a - b"), "a - b");
        assert_eq!(redact_literals("-- 'x' $$ /*"), "");
    }

    #[test]
    fn block_comments_are_dropped_and_nest() {
        assert_eq!(redact_literals("SELECT /* Alice */ 1"), "SELECT  ?");
        assert_eq!(redact_literals("a/**/b"), "a b");
        assert_eq!(redact_literals("1/**/2"), "? ?");
        assert_eq!(redact_literals("a /* x /* y */ still comment */ b"), "a  b");
        assert_eq!(redact_literals("/* a */"), "");
        assert_eq!(redact_literals("/*/ x */y"), "y");
        assert_eq!(redact_literals("a / b * c"), "a / b * c");
    }

    #[test]
    fn unterminated_block_comment_is_dropped_to_the_end() {
        assert_eq!(redact_literals("SELECT 1 /* Alice"), "SELECT ? ");
        assert_eq!(redact_literals("a /* /* */ b"), "a ");
        assert_eq!(redact_literals("/*"), "");
        assert_eq!(redact_literals("/*/"), "");
    }

    #[test]
    fn comment_markers_inside_literals_and_identifiers_are_not_comments() {
        assert_eq!(
            redact_literals("x = '-- not a comment' AND y"),
            "x = ? AND y"
        );
        assert_eq!(redact_literals("x = $$/* no */$$ AND y"), "x = ? AND y");
        assert_eq!(
            redact_literals(r#"SELECT "a--b", "/*" FROM t"#),
            r#"SELECT "a--b", "/*" FROM t"#
        );
    }

    #[test]
    fn quotes_inside_comments_open_nothing() {
        assert_eq!(redact_literals("a -- it's\nb = 1"), "a \nb = ?");
        assert_eq!(redact_literals("a /* it's */ b"), "a  b");
    }

    // ---- whole queries ----

    #[test]
    fn a_realistic_query() {
        let query = "/* app=checkout user=alice@example.com */\n\
                     UPDATE orders SET status = 'paid', total = 129.90,\n\
                     \tnote = E'card \\'4242\\''\n\
                     WHERE id = 981273 AND customer_id = $1 -- retry 3\n\
                     RETURNING id";
        assert_eq!(
            display(query, policy(200, true)),
            "UPDATE orders SET status = ?, total = ?, note = ? WHERE id = ? \
             AND customer_id = $1 RETURNING id"
        );
    }

    #[test]
    fn a_function_body_is_one_literal() {
        let query = "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $body$\n\
                     BEGIN RETURN (SELECT count(*) FROM t WHERE x = 'y'); END\n\
                     $body$";
        assert_eq!(
            redact_literals(query),
            "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS ?"
        );
    }

    // ---- robustness ----

    #[test]
    fn odd_inputs_do_not_panic() {
        for query in [
            "",
            "'",
            "\"",
            "$",
            "$1$",
            "$$",
            "$a",
            "$a$",
            "E'\\'",
            "E'",
            "e",
            "U&",
            "U&'",
            "-",
            "--",
            "/",
            "/*",
            "*/",
            "/*/",
            ".",
            "..",
            ".5.",
            "0x",
            "1e",
            "1e+",
            "\\",
            "é",
            "'é",
            "$é",
            "E'\\é",
            "🦀'🦀",
            "\0",
            "'\0'",
            "\u{feff}",
        ] {
            let _ = redact_literals(query);
            let _ = display(query, policy(1, true));
            let _ = display(query, policy(0, false));
        }
    }

    /// Every string of up to four symbols from an alphabet of SQL's tricky
    /// characters (multi-byte ones included): no panic, and no single quote
    /// outside a literal survives (without `"`, every `'` opens a literal or
    /// sits inside a comment or a literal).
    #[test]
    fn no_panic_and_no_quote_survives_on_all_short_inputs() {
        const ALPHABET: [&str; 17] = [
            "'", "\"", "$", "E", "U", "&", "\\", "-", "/", "*", "1", ".", "é", "x", " ", "\n", "🦀",
        ];
        let n = ALPHABET.len();
        for length in 0..=4u32 {
            for code in 0..n.pow(length) {
                let mut query = String::new();
                let mut rest = code;
                for _ in 0..length {
                    query.push_str(ALPHABET[rest % n]);
                    rest /= n;
                }
                let redacted = redact_literals(&query);
                if !query.contains('"') {
                    assert!(!redacted.contains('\''), "{query:?} -> {redacted:?}");
                }
                for max_chars in [0, 1, 3] {
                    let shown = display(&query, policy(max_chars, true));
                    assert!(shown.chars().count() <= max_chars + 1, "{query:?}");
                }
            }
        }
    }

    #[test]
    fn no_panic_on_random_inputs() {
        const PIECES: [&str; 24] = [
            "'", "''", "\"", "$", "$$", "$t$", "$1", "E'", "U&'", "x'", "\\", "--", "/*", "*/",
            "\n", " ", "1", "0x", ".", "e-", "é", "🦀", "SELECT", "\u{a0}",
        ];
        let mut rng = fastrand::Rng::with_seed(7);
        for _ in 0..20_000 {
            let length = rng.usize(0..30);
            let query: String = (0..length)
                .map(|_| PIECES[rng.usize(..PIECES.len())])
                .collect();
            let redacted = redact_literals(&query);
            if !query.contains('"') {
                assert!(!redacted.contains('\''), "{query:?} -> {redacted:?}");
            }
            let max_chars = rng.usize(0..40);
            let shown = display(&query, policy(max_chars, rng.bool()));
            assert!(shown.chars().count() <= max_chars + 1, "{query:?}");
        }
    }

    /// Inputs that would take quadratic time in a naive lexer (rescanning for
    /// a closing delimiter from every opener); these finish at once in a
    /// linear one, and would hang the test suite otherwise.
    #[test]
    fn adversarial_inputs_run_in_linear_time() {
        const N: usize = 200_000;
        let cases = [
            "$a".repeat(N),
            "$ab ".repeat(N),
            format!("$t$ {}", "$t".repeat(N)),
            "/*".repeat(N),
            "/*".repeat(N) + &"*/".repeat(N),
            "'".repeat(N),
            "E'\\".repeat(N),
            "1.".repeat(N),
            "\"".repeat(N),
            "-- \n".repeat(N),
            "x".repeat(N),
        ];
        for query in &cases {
            let redacted = redact_literals(query);
            assert!(redacted.len() <= query.len());
            let shown = display(query, policy(200, true));
            assert!(shown.chars().count() <= 201);
        }
    }
}
