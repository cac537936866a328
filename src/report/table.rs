//! One table, rendered as Markdown or for a terminal.

use comfy_table::presets::NOTHING;
use comfy_table::{Attribute, Cell, Color, ContentArrangement};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(headers: &[&str]) -> Table {
        Table {
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    pub fn push(&mut self, row: Vec<String>) {
        self.rows.push(row);
    }

    /// A GitHub-flavoured Markdown table; `|` in cells is escaped.
    pub fn to_markdown(&self) -> String {
        let line = |cells: &[String]| {
            let cells: Vec<String> = cells.iter().map(|c| markdown_cell(c)).collect();
            format!("| {} |\n", cells.join(" | "))
        };
        let mut text = line(&self.headers);
        text.push_str(&format!(
            "|{}|\n",
            vec!["---"; self.headers.len()].join("|")
        ));
        for row in &self.rows {
            text.push_str(&line(row));
        }
        text
    }

    /// A kubectl-style table: upper-case headers, no borders; with `color`,
    /// CRITICAL/DOWN cells red and WARNING yellow.
    pub fn to_terminal(&self, color: bool) -> String {
        let mut table = comfy_table::Table::new();
        table
            .load_preset(NOTHING)
            .set_content_arrangement(ContentArrangement::Disabled)
            .set_header(self.headers.iter().map(|h| h.to_uppercase()));
        for row in &self.rows {
            table.add_row(row.iter().map(|cell| {
                let mut styled = Cell::new(cell);
                if color {
                    if cell == "CRITICAL" || cell == "DOWN" {
                        styled = styled.fg(Color::Red).add_attribute(Attribute::Bold);
                    } else if cell == "WARNING" {
                        styled = styled.fg(Color::Yellow);
                    }
                }
                styled
            }));
        }
        let mut text: String = table
            .lines()
            .map(|line| format!("{}\n", line.trim_end()))
            .collect();
        if self.rows.is_empty() {
            text.push_str("(no rows)\n");
        }
        text
    }
}

/// Escapes what would break a Markdown table cell, or turn outside text
/// (SQL's `count(*)`, `<redacted …>`) into emphasis, code or HTML.
pub fn markdown_cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('*', "\\*")
        .replace('`', "\\`")
        .replace('<', "\\<")
        .replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_tables_escape_pipes() {
        let mut table = Table::new(&["Series", "Value"]);
        table.push(vec![r#"{code=~"5..|4.."}"#.into(), "1".into()]);
        assert_eq!(
            table.to_markdown(),
            "| Series | Value |\n|---|---|\n| {code=~\"5..\\|4..\"} | 1 |\n"
        );
    }

    #[test]
    fn terminal_tables_have_upper_case_headers_and_no_trailing_spaces() {
        let mut table = Table::new(&["Service", "Status"]);
        table.push(vec!["api".into(), "UP".into()]);
        let text = table.to_terminal(false);
        assert!(text.starts_with(" SERVICE"), "{text}");
        assert!(text.lines().all(|line| !line.ends_with(' ')), "{text:?}");
    }
}
