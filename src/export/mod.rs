//! Exports: an assessment rendered for reviewers and programs that never open dsw —
//! the official form as ODT, an HTML report, Markdown, CSV, JSON, plain text — and
//! the 修正對照表 (revision comparison table) between two revisions.
//!
//! One file per format. Every exporter takes a [`Document`] (or a [`Comparison`]) and
//! returns bytes; nothing here touches git or the terminal. Text from the repository
//! is untrusted: each format escapes it as its syntax requires, and control and bidi
//! characters are made visible (see `crate::safe_text`).

pub mod compare;
pub mod csv;
pub mod html;
pub mod json;
pub mod markdown;
pub mod odt;
#[cfg(test)]
pub mod sample;
pub mod text;

use crate::assessment::Assessment;
use crate::diff::Span;
use crate::form::{Brics, Form, Guidelines};
use crate::i18n::Lang;

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

/// Which revision an export shows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RevisionInfo {
    /// The full commit id.
    pub id: String,
    /// Its first 8 hex digits.
    pub short: String,
    /// The commit date, already formatted (`2026-11-22 14:05 +0800`).
    pub date: String,
    /// Who committed it.
    pub author: String,
    /// Iteration tags pointing at it (第一次送審 …).
    pub iterations: Vec<String>,
}

impl RevisionInfo {
    /// How a revision is named in headings: the label the user gave, then the short
    /// id, date and author (the label alone when it already is the id). Not escaped:
    /// each format escapes it its own way.
    pub fn summary(&self, label: &str, lang: Lang) -> String {
        let is_id = label.is_empty()
            || label == self.short
            || self.id.starts_with(&label.to_ascii_lowercase());
        let details: Vec<&str> = [
            if is_id { "" } else { self.short.as_str() },
            self.date.as_str(),
            self.author.as_str(),
        ]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect();
        let name = if is_id { self.short.as_str() } else { label };
        if details.is_empty() {
            name.to_owned()
        } else {
            let details = details.join(lang.pick("，", ", "));
            format!("{name}{}", lang.parenthesized(&details))
        }
    }
}

/// Everything an exporter needs to render one assessment.
#[derive(Debug, Clone, Copy)]
pub struct Document<'a> {
    /// The assessment.
    pub assessment: &'a Assessment,
    /// Its form (order, texts).
    pub form: &'a Form,
    /// Guideline titles and reference material.
    pub guidelines: &'a Guidelines,
    /// BRiCS kinds and dimension names.
    pub brics: &'a Brics,
    /// The revision shown, when it comes from the repository.
    pub revision: Option<&'a RevisionInfo>,
    /// Language of the chrome (labels dsw adds); official text is never translated.
    pub lang: Lang,
}

/// A 修正對照表: what changed between two revisions, one row per changed entry.
#[derive(Debug, Clone)]
pub struct Comparison<'a> {
    /// The form (for its title).
    pub form: &'a Form,
    /// The earlier revision (A).
    pub before: RevisionInfo,
    /// Its label as the user gave it (a tag such as 第一次送審, or an id).
    pub before_label: String,
    /// The later revision (B).
    pub after: RevisionInfo,
    /// Its label as the user gave it.
    pub after_label: String,
    /// The rows, in form order.
    pub rows: Vec<ComparisonRow>,
    /// Language of the chrome.
    pub lang: Lang,
}

/// One row of a 修正對照表: 項目 | 修正前 | 修正後 | 說明.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComparisonRow {
    /// 項目: the entry, e.g. `1.1.1 服務使用者有哪些類型？…` or `1.1 …（狀態）`.
    pub item: String,
    /// 修正前: the text in revision A ("" when absent).
    pub before: String,
    /// 修正後: the text in revision B ("" when absent).
    pub after: String,
    /// The character-level changes from `before` to `after`.
    pub spans: Vec<Span>,
    /// 說明: the messages of the revisions between A and B that changed this entry,
    /// oldest first.
    pub notes: Vec<String>,
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

/// Renders `document` in `format`.
pub fn export(format: Format, document: &Document<'_>) -> Result<Vec<u8>, ExportError> {
    match format {
        Format::Odt => odt::form(document),
        Format::Html => Ok(html::report(document).into_bytes()),
        Format::Markdown => Ok(markdown::form(document).into_bytes()),
        Format::Csv => Ok(csv::questions(document, false)),
        Format::Json => {
            let mut value =
                json::assessment(document.assessment, document.form, document.guidelines);
            if let Some(revision) = document.revision {
                value["revision"] = serde_json::json!({
                    "id": revision.id, "date": revision.date, "author": revision.author,
                    "iterations": revision.iterations,
                });
            }
            let mut text = crate::safe_text::json(&value, true);
            text.push('\n');
            Ok(text.into_bytes())
        }
    }
}

/// Renders a 修正對照表 in `format` (ODT, HTML or Markdown).
pub fn compare(
    format: Format,
    comparison: &Comparison<'_>,
) -> Option<Result<Vec<u8>, ExportError>> {
    match format {
        Format::Odt => Some(odt::comparison(comparison)),
        Format::Html => Some(Ok(html::comparison(comparison).into_bytes())),
        Format::Markdown => Some(Ok(markdown::comparison(comparison).into_bytes())),
        Format::Csv | Format::Json => None,
    }
}
