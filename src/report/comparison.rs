//! The 修正對照表 (revision comparison table): which two revisions, and per changed
//! field a row of the change view — 項目 | 修正前 | 修正後 | 說明 — with the messages
//! of the revisions that changed it. ODT, HTML and Markdown only lay it out.

use std::collections::BTreeMap;

use crate::diff::FieldPath;
use crate::i18n::Lang;

use super::{ChangeView, Entry, Revision};

/// A 修正對照表 between two revisions.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// The form's title.
    pub form_title: String,
    /// The earlier revision (A).
    pub before: Revision,
    /// Its label as the user gave it (a tag such as 第一次送審, or an id).
    pub before_label: String,
    /// The later revision (B).
    pub after: Revision,
    /// Its label as the user gave it.
    pub after_label: String,
    /// The rows, in form order.
    pub rows: Vec<ComparisonRow>,
    /// Language of the chrome.
    pub lang: Lang,
}

/// One row: a change and what was said about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComparisonRow {
    /// The change: its heading is the 項目, its sides 修正前 and 修正後.
    pub entry: Entry,
    /// 說明: the messages of the revisions between A and B that changed this field,
    /// oldest first.
    pub notes: Vec<String>,
}

impl ComparisonRow {
    /// The rows for `view`, orders left out (a table lists fields, not arrangements),
    /// with `notes` holding per field the messages of the revisions that changed it.
    pub fn all(view: ChangeView, notes: &BTreeMap<FieldPath, Vec<String>>) -> Vec<ComparisonRow> {
        view.entries
            .into_iter()
            .filter(|entry| !entry.change.path.is_order())
            .map(|entry| ComparisonRow {
                notes: notes.get(&entry.change.path).cloned().unwrap_or_default(),
                entry,
            })
            .collect()
    }
}

impl Comparison {
    /// What the table is: 修正對照表.
    pub fn name(&self) -> &'static str {
        self.lang.pick("修正對照表", "revision comparison")
    }

    /// `{form title} 修正對照表`.
    pub fn title(&self) -> String {
        format!("{} {}", self.form_title, self.name())
    }

    /// What the two revisions are called above the table, with the revisions named:
    /// `修正前 (A)` and `修正後 (B)`.
    pub fn sides(&self) -> [(&'static str, String); 2] {
        let lang = self.lang;
        [
            (
                lang.pick("修正前 (A)", "Before (A)"),
                self.before.summary(&self.before_label, lang),
            ),
            (
                lang.pick("修正後 (B)", "After (B)"),
                self.after.summary(&self.after_label, lang),
            ),
        ]
    }

    /// The table's column headings: 項目 | 修正前 (A) | 修正後 (B) | 說明.
    pub fn columns(&self) -> [&'static str; 4] {
        let lang = self.lang;
        [
            lang.pick("項目", "Entry"),
            lang.pick("修正前 (A)", "Before (A)"),
            lang.pick("修正後 (B)", "After (B)"),
            lang.pick("說明", "Notes"),
        ]
    }

    /// What stands in place of rows when nothing changed.
    pub fn no_changes(&self) -> &'static str {
        self.lang.pick(
            "兩個版本之間沒有修正。",
            "There are no changes between the two revisions.",
        )
    }
}
