//! The 修正對照表 (revision comparison table): which two revisions, and per changed
//! field a row of the change view — 項目 | 修正前 | 修正後 | 說明 — with the team's
//! replies to the comments written against A on that field (see
//! [`Comparison::cite_replies`]), or else the messages of the revisions that
//! changed it. ODT, HTML and Markdown only lay it out.

use std::collections::BTreeMap;

use crate::diff::FieldPath;
use crate::i18n::Lang;
use crate::review::Comment;

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
    /// 說明: the replies to the comments on this field written against A
    /// (`審查意見 3：…`), else the messages of the revisions between A and B that
    /// changed it, oldest first.
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
    /// Puts the team's replies in 說明: a row whose field is covered by the target of
    /// one of `comments` (those written against A) that has a reply gets those
    /// replies, by number — `審查意見 3：已補充…` (replies written at once each with
    /// who wrote it) — in place of the revision messages. Rows no replied comment
    /// covers keep their messages; a comment on the whole (`general`) covers no row.
    pub fn cite_replies<'a>(&mut self, comments: impl IntoIterator<Item = &'a Comment>) {
        let lang = self.lang;
        let comments: Vec<&Comment> = comments.into_iter().filter(|c| c.reply.is_some()).collect();
        for row in &mut self.rows {
            let replies: Vec<String> = comments
                .iter()
                .filter(|c| c.target.covers(&row.entry.change.path))
                .flat_map(|c| {
                    let all: Vec<_> = c.reply.iter().chain(&c.other_replies).collect();
                    let several = all.len() > 1;
                    all.into_iter().map(move |reply| {
                        let by = if several && !reply.by.is_empty() {
                            lang.parenthesized(&reply.by)
                        } else {
                            String::new()
                        };
                        format!("{}{by}{}{}", c.title(lang), lang.colon(), reply.text)
                    })
                })
                .collect();
            if !replies.is_empty() {
                row.notes = replies;
            }
        }
    }

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assessment::Assessment;
    use crate::diff::AssessmentDiff;
    use crate::diff::testing::form;
    use crate::form::{Catalog, Status};
    use crate::review::{Reply, State, Target};

    fn comment(number: u32, target: Target, reply: Option<&str>) -> Comment {
        Comment {
            id: format!("c{number}"),
            number,
            target,
            iteration: "A".into(),
            reviewer: "王委員".into(),
            date: String::new(),
            text: "意見".into(),
            reply: reply.map(|text| Reply {
                text: text.into(),
                by: "甲".into(),
                date: String::new(),
            }),
            other_replies: Vec::new(),
            state: State::Replied,
            accepted: None,
            history: Vec::new(),
        }
    }

    #[test]
    fn replies_to_comments_on_a_field_replace_its_revision_messages() {
        let catalog = Catalog::bundled().unwrap();
        let form = form();
        let before = Assessment::new(&form);
        let mut after = before.clone();
        after.set_answer("1.1.1", "新");
        after.set_status("1.2", Status::Done);
        after.set_answer("2.1.1", "管道");
        let diff = AssessmentDiff::between(&before, &after, &form);
        let view = ChangeView::new(&diff, &form, &catalog.brics, Lang::Zh);
        let mut notes = BTreeMap::new();
        for path in ["1.1.1", "1.2", "2.1.1"] {
            let path: FieldPath = path.parse().unwrap();
            notes.insert(path, vec!["修訂訊息".to_owned()]);
        }
        let mut comparison = Comparison {
            form_title: "測試表".into(),
            before: Revision::default(),
            before_label: "A".into(),
            after: Revision::default(),
            after_label: "B".into(),
            rows: ComparisonRow::all(view, &notes),
            lang: Lang::Zh,
        };
        let mut two = comment(2, Target::Item("1.2".into()), Some("已完成研究"));
        two.other_replies.push(Reply {
            text: "另一版".into(),
            by: "乙".into(),
            date: String::new(),
        });
        let comments = [
            comment(1, Target::Question("1.1.1".into()), Some("已補充")),
            two,
            comment(3, Target::Question("2.1.1".into()), None),
            comment(4, Target::General, Some("全面檢視")),
        ];
        comparison.cite_replies(&comments);
        let notes: Vec<(String, Vec<String>)> = comparison
            .rows
            .iter()
            .map(|r| (r.entry.change.path.to_string(), r.notes.clone()))
            .collect();
        assert_eq!(
            notes,
            [
                ("1.1.1".to_owned(), vec!["審查意見 1：已補充".to_owned()]),
                (
                    "1.2".to_owned(),
                    vec![
                        "審查意見 2（甲）：已完成研究".to_owned(),
                        "審查意見 2（乙）：另一版".to_owned()
                    ]
                ),
                // A comment without a reply leaves the messages.
                ("2.1.1".to_owned(), vec!["修訂訊息".to_owned()]),
            ]
        );
    }
}
