//! Reading a reviewers' spreadsheet (CSV) of comments: UTF-8 with or without a BOM,
//! a header row naming the target column (題號 / 項目 / target), the text column
//! (審查意見 / 意見 / comment) and optionally the reviewer column (審查委員 /
//! reviewer). Every row is checked before any comment is added.

use crate::assessment::Assessment;
use crate::form::Form;
use crate::i18n::Lang;

use super::target::{Target, TargetError};

/// Header names of the target column.
const TARGET_COLUMN: [&str; 5] = ["題號", "項目", "target", "對象", "審查對象"];
/// Header names of the text column.
const TEXT_COLUMN: [&str; 4] = ["審查意見", "意見", "comment", "text"];
/// Header names of the reviewer column.
const REVIEWER_COLUMN: [&str; 3] = ["審查委員", "reviewer", "委員"];

/// One comment read from a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportRow {
    /// The row's line in the file (the header is line 1).
    pub line: usize,
    /// What it is about.
    pub target: Target,
    /// The comment.
    pub text: String,
    /// The reviewer named in the row, if any.
    pub reviewer: Option<String>,
}

/// Why a spreadsheet cannot be imported; nothing was added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    /// Not UTF-8 (a spreadsheet saved as Big5, say).
    NotUtf8,
    /// Not readable as CSV at `line`.
    Malformed {
        /// The line.
        line: usize,
        /// The parser's words.
        reason: String,
    },
    /// No header naming a target and a text column.
    NoHeader {
        /// Which one is missing: "target" or "text".
        missing: &'static str,
        /// The headers found.
        found: Vec<String>,
    },
    /// A row whose target names nothing.
    BadTarget {
        /// The row's line.
        line: usize,
        /// Why.
        error: TargetError,
    },
    /// A row with no comment text.
    EmptyText {
        /// The row's line.
        line: usize,
    },
    /// No rows at all.
    Empty,
}

impl ImportError {
    /// What is wrong and what to do, naming the row; says nothing was added.
    pub fn message(&self, file: &str, lang: Lang) -> String {
        let file = crate::safe_text::visible(file, false);
        // Sentences follow each other with a space in English only.
        let nothing = lang.pick("沒有新增任何審查意見。", " No comment was added.");
        match self {
            ImportError::NotUtf8 => format!(
                "{file}{}{nothing}",
                lang.pick(
                    " 不是 UTF-8 編碼：請在試算表中另存為「CSV UTF-8」後再匯入。",
                    " is not UTF-8: save it from the spreadsheet as \"CSV UTF-8\" and import again."
                )
            ),
            ImportError::Malformed { line, reason } => format!(
                "{file}:{line}: {}{}{nothing}",
                lang.pick("無法讀成 CSV：", "not readable as CSV: "),
                crate::safe_text::visible(reason, false)
            ),
            ImportError::NoHeader { missing, found } => {
                let names: &[&str] = if *missing == "target" {
                    &TARGET_COLUMN
                } else {
                    &TEXT_COLUMN
                };
                // The English interface names the English headers (the Chinese ones
                // work as well).
                let wanted = names
                    .iter()
                    .filter(|name| lang == Lang::Zh || name.is_ascii())
                    .copied()
                    .collect::<Vec<_>>()
                    .join(" / ");
                let wanted = match lang {
                    Lang::Zh => wanted,
                    Lang::En => format!("{wanted} (or its Chinese name)"),
                };
                format!(
                    "{file}:1: {}{wanted}{}{}{}{nothing}",
                    lang.pick("第一列要有欄位名稱 ", "the first row must name a column "),
                    lang.pick("；找到的是：", "; found: "),
                    crate::safe_text::visible(&found.join(", "), false),
                    lang.pick("。", "."),
                )
            }
            ImportError::BadTarget { line, error } => {
                format!("{file}:{line}: {}{nothing}", error.message(lang))
            }
            ImportError::EmptyText { line } => format!(
                "{file}:{line}: {}{nothing}",
                lang.pick(
                    "這一列沒有審查意見的內容。",
                    "this row has no comment text."
                )
            ),
            ImportError::Empty => format!(
                "{file}: {}{nothing}",
                lang.pick(
                    "檔案中沒有任何審查意見列。",
                    "the file holds no comment rows."
                )
            ),
        }
    }
}

/// Reads every row of a CSV, checking each target against `form` and `assessment`.
/// Blank rows are skipped. Any bad row fails the whole import.
pub fn read_csv(
    bytes: &[u8],
    form: &Form,
    assessment: &Assessment,
) -> Result<Vec<ImportRow>, ImportError> {
    let text = std::str::from_utf8(bytes).map_err(|_| ImportError::NotUtf8)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    // The csv crate's line count leaves out blank lines and CRLF line breaks, and a
    // record's byte offset is where reading it began — before the line breaks that
    // precede it — so the line is counted from its first byte that is not one.
    let line_at = |position: Option<&csv::Position>| {
        position.map_or(0, |p| {
            let offset = usize::try_from(p.byte()).unwrap_or(usize::MAX);
            let rest = text.as_bytes().get(offset..).unwrap_or_default();
            let breaks = rest.iter().take_while(|b| matches!(b, b'\r' | b'\n'));
            line_number(text, offset.saturating_add(breaks.count()))
        })
    };
    let line_of = |record: &csv::StringRecord| line_at(record.position());
    let malformed = |e: csv::Error| ImportError::Malformed {
        line: line_at(e.position()),
        reason: e.to_string(),
    };
    let header = match records.next() {
        Some(record) => record.map_err(malformed)?,
        None => return Err(ImportError::Empty),
    };
    let names: Vec<String> = header.iter().map(|h| h.trim().to_owned()).collect();
    let column = |wanted: &[&str]| {
        names
            .iter()
            .position(|n| wanted.iter().any(|w| n.eq_ignore_ascii_case(w)))
    };
    let target_column = column(&TARGET_COLUMN).ok_or(ImportError::NoHeader {
        missing: "target",
        found: names.clone(),
    })?;
    let text_column = column(&TEXT_COLUMN).ok_or(ImportError::NoHeader {
        missing: "text",
        found: names.clone(),
    })?;
    let reviewer_column = column(&REVIEWER_COLUMN);
    let mut rows = Vec::new();
    for record in records {
        let record = record.map_err(malformed)?;
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        let line = line_of(&record);
        let cell = |n: usize| record.get(n).unwrap_or("").trim();
        let target = Target::resolve(cell(target_column), form, assessment)
            .map_err(|error| ImportError::BadTarget { line, error })?;
        let text = record
            .get(text_column)
            .unwrap_or("")
            .trim_matches([' ', '\t']);
        let text = text
            .trim_end_matches(['\r', '\n'])
            .trim_start_matches(['\r', '\n']);
        if text.trim().is_empty() {
            return Err(ImportError::EmptyText { line });
        }
        let reviewer = reviewer_column
            .map(cell)
            .filter(|r| !r.is_empty())
            .map(str::to_owned);
        rows.push(ImportRow {
            line,
            target,
            text: text.replace("\r\n", "\n"),
            reviewer,
        });
    }
    if rows.is_empty() {
        return Err(ImportError::Empty);
    }
    Ok(rows)
}

/// The line (from 1) that byte `offset` of `text` is on; a line ends with LF, CRLF or
/// a lone CR, as a CSV reader takes them.
fn line_number(text: &str, offset: usize) -> usize {
    let before = text.as_bytes().get(..offset).unwrap_or(text.as_bytes());
    let breaks = before
        .iter()
        .enumerate()
        .filter(|&(n, &b)| b == b'\n' || (b == b'\r' && before.get(n + 1) != Some(&b'\n')))
        .count();
    breaks + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bad_line(csv: &str) -> usize {
        let form = crate::diff::testing::form();
        let assessment = Assessment::new(&form);
        match read_csv(csv.as_bytes(), &form, &assessment) {
            Err(ImportError::BadTarget { line, .. } | ImportError::EmptyText { line }) => line,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_bad_row_is_named_by_its_line_in_the_file_after_blank_lines_and_multiline_cells() {
        // Blank lines between rows, as a hand-made sheet has them.
        assert_eq!(bad_line("題號,審查意見\n\n\n9.9,x\n"), 4);
        assert_eq!(bad_line("題號,審查意見\r\n1.1.1,x\r\n\r\n9.9,x\r\n"), 4);
        // A cell of several lines, with LF or with CRLF inside the quotes.
        assert_eq!(bad_line("題號,審查意見\n1.1.1,\"a\n\nb\"\n9.9,x\n"), 5);
        assert_eq!(
            bad_line("題號,審查意見\r\n1.1.1,\"a\r\nb\"\r\n9.9,x\r\n"),
            4
        );
        // With a BOM, and a row without text.
        assert_eq!(bad_line("\u{feff}題號,審查意見\n\n1.1.1,\n"), 3);
    }
}
