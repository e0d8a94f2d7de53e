//! Exports: an assessment rendered for reviewers and programs that never open dsw —
//! the official form as ODT, an HTML report, Markdown, CSV, JSON, plain text — the
//! 修正對照表 (revision comparison table) between two revisions, and the
//! 審查意見回覆表 (the team's replies to an iteration's review comments).
//!
//! One file per format. Every exporter takes a [`FormReport`] (or a
//! [`Comparison`], or a [`ReplyTable`]) and returns bytes; nothing here touches
//! git or the terminal. What is shown — rows, marks, names, 完成度 — is decided in
//! `report`; exporters only lay it out. Text from the repository
//! is untrusted: each format escapes it as its syntax requires, and control and bidi
//! characters are made visible (see `crate::safe_text`).

pub mod csv;
pub mod diff;
pub mod html;
pub mod json;
pub mod markdown;
pub mod odt;
pub mod review_json;
#[cfg(test)]
pub mod sample;
pub mod text;

use crate::report::{Comparison, FormReport, ReplyTable};

/// The formats `dsw export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// ODF text document (.odt), the official form.
    Odt,
    /// One self-contained HTML file.
    Html,
    /// GitHub-flavoured Markdown.
    Markdown,
    /// One row per key question.
    Csv,
    /// The whole assessment, `schema_version` 1.
    Json,
}

impl Format {
    /// Whether the output is text (and may go to standard output).
    pub fn is_text(self) -> bool {
        !matches!(self, Format::Odt)
    }

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Odt => "odt",
            Format::Html => "html",
            Format::Markdown => "md",
            Format::Csv => "csv",
            Format::Json => "json",
        }
    }
}

/// Why an export could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Writing the archive or the XML failed.
    #[error("could not write the {format} file: {message}")]
    Write {
        /// The format.
        format: &'static str,
        /// What went wrong.
        message: String,
    },
}

/// Renders `report` in `format`.
pub fn export(format: Format, report: &FormReport) -> Result<Vec<u8>, ExportError> {
    match format {
        Format::Odt => odt::form(report),
        Format::Html => Ok(html::report(report).into_bytes()),
        Format::Markdown => Ok(markdown::form(report).into_bytes()),
        Format::Csv => Ok(csv::questions(report, false)),
        Format::Json => {
            let mut text = crate::safe_text::json(&json::assessment(report), true);
            text.push('\n');
            Ok(text.into_bytes())
        }
    }
}

/// Renders a 修正對照表 in `format` (ODT, HTML or Markdown).
pub fn compare(format: Format, comparison: &Comparison) -> Option<Result<Vec<u8>, ExportError>> {
    match format {
        Format::Odt => Some(odt::comparison(comparison)),
        Format::Html => Some(Ok(html::comparison(comparison).into_bytes())),
        Format::Markdown => Some(Ok(markdown::comparison(comparison).into_bytes())),
        Format::Csv | Format::Json => None,
    }
}

/// Renders a 審查意見回覆表 in `format` (ODT, HTML, Markdown or CSV; `bom` starts
/// CSV with a byte-order mark). None for JSON: programs read the comments from
/// `dsw review list --json`.
pub fn replies(
    format: Format,
    table: &ReplyTable,
    bom: bool,
) -> Option<Result<Vec<u8>, ExportError>> {
    match format {
        Format::Odt => Some(odt::replies(table)),
        Format::Html => Some(Ok(html::replies(table).into_bytes())),
        Format::Markdown => Some(Ok(markdown::replies(table).into_bytes())),
        Format::Csv => Some(Ok(csv::replies(table, bom))),
        Format::Json => None,
    }
}
