//! Plain-text layout for command output: columns aligned by display width (CJK
//! characters are two cells wide) and indented multi-line text.

use std::io::{self, Write};

use unicode_width::UnicodeWidthStr;

use crate::safe_text::visible;

/// Writes rows as aligned columns; every cell is made safe to print first.
pub fn write_columns(out: &mut impl Write, rows: &[Vec<String>]) -> io::Result<()> {
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            row.iter()
                .map(|cell| visible(cell, false).into_owned())
                .collect()
        })
        .collect();
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|row| row.get(c))
                .map(|cell| cell.width())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for row in &rows {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if c + 1 < row.len() {
                line.push_str(&" ".repeat(widths[c] - cell.width() + 2));
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// Writes `text` (which may span lines) with `first` before its first line and
/// continuation lines indented to line up under it. Untrusted characters are made
/// visible; line breaks are kept.
pub fn write_block(out: &mut impl Write, first: &str, text: &str) -> io::Result<()> {
    let indent = " ".repeat(first.width());
    let text = visible(text.trim_end(), true);
    for (n, line) in text.lines().enumerate() {
        let lead = if n == 0 { first } else { indent.as_str() };
        if line.is_empty() {
            writeln!(out)?;
        } else {
            writeln!(out, "{lead}{line}")?;
        }
    }
    Ok(())
}
