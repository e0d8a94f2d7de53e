//! The 審查意見回覆表 (reply table): one row per comment written against an
//! iteration — 編號 | 項目 | 審查意見 | 回覆說明 | 修正情形 — where 修正情形 is the
//! target's change from the commented iteration to the later version (the next
//! iteration, else the branch head) as the change view reads it, removed text
//! struck through and added text underlined, or 未修正 when nothing the target
//! covers changed. Built once by [`ReplyTable::new`]; ODT, HTML, Markdown and CSV
//! only lay it out.
//!
//! A comment on the assessment as a whole (`general`) covers no field, so whether it
//! was acted on cannot be read from the answers: its 修正情形 is a dash and the reply
//! says what was done — never 未修正.

use crate::assessment::Assessment;
use crate::diff::{AssessmentDiff, FieldPath};
use crate::form::{Brics, Form};
use crate::i18n::Lang;
use crate::review::{Review, Target};

use super::comments::{CommentReport, day};
use super::{ChangeView, Entry, Revision, Side, words};

/// One of the two versions a reply table compares.
#[derive(Debug, Clone, Copy)]
pub struct Version<'a> {
    /// The assessment at that version.
    pub assessment: &'a Assessment,
    /// The revision, named.
    pub revision: &'a Revision,
    /// The iteration tag it is, or `None` for the branch head.
    pub iteration: Option<&'a str>,
}

/// A 審查意見回覆表.
#[derive(Debug, Clone)]
pub struct ReplyTable {
    /// The form's title.
    pub form_title: String,
    /// The plan's name (the `plan` header field of the later version, else of the
    /// commented one); none when the assessment has none.
    pub plan: Option<String>,
    /// The iteration the comments were written against (第一次送審).
    pub iteration: String,
    /// Its revision.
    pub commented: Revision,
    /// The version 修正情形 compares with.
    pub later: Revision,
    /// Its iteration tag (the next one after [`ReplyTable::iteration`]), or `None`
    /// when it is the branch head.
    pub later_iteration: Option<String>,
    /// The date of the table: the day of the later version (`2026-11-22`).
    pub date: String,
    /// One row per comment of the iteration, by number.
    pub rows: Vec<ReplyRow>,
    /// Language of the chrome.
    pub lang: Lang,
}

/// One comment, its replies and what changed on its target.
#[derive(Debug, Clone)]
pub struct ReplyRow {
    /// The comment as reports read it (target in words, standing, replies).
    pub comment: CommentReport,
    /// 修正情形.
    pub fix: Fix,
}

/// What changed on a comment's target between the two versions.
#[derive(Debug, Clone)]
pub enum Fix {
    /// The changes of the fields the target covers, in form order.
    Changed(Vec<FixEntry>),
    /// 未修正: nothing the target covers changed.
    Unchanged,
    /// The target is the assessment as a whole: no field tells.
    General,
}

/// One changed field of a target.
#[derive(Debug, Clone)]
pub struct FixEntry {
    /// What the field is, when the target covers several (an item's 狀態, 佐證 and
    /// its questions' answers; a BRiCS table's cells); none when the 項目 column
    /// already names it.
    pub heading: Option<String>,
    /// The change, as the change view reads it; [`Entry::runs`] gives each side.
    pub entry: Entry,
}

impl ReplyTable {
    /// The reply table of the comments of `review` written against the iteration of
    /// `commented`, with 修正情形 from `commented` to `later`; standings are read
    /// against `now` (the branch head), as everywhere else.
    pub fn new(
        review: &Review,
        form: &Form,
        brics: &Brics,
        commented: Version<'_>,
        later: Version<'_>,
        now: &Assessment,
        lang: Lang,
    ) -> ReplyTable {
        let iteration = commented.iteration.unwrap_or_default().to_owned();
        let diff = AssessmentDiff::between(commented.assessment, later.assessment, form);
        let view = ChangeView::new(&diff, form, brics, lang);
        let rows = review
            .of_iteration(&iteration)
            .map(|comment| {
                let fix = fix(&comment.target, &view, lang);
                let mut shown = CommentReport::new(comment, form, now, lang);
                // A BRiCS table or stakeholder removed since is named as it was when
                // the reviewer commented, not by its id.
                if !in_brics(&comment.target, now) {
                    shown.target_text = comment.target.describe(form, commented.assessment, lang);
                }
                ReplyRow {
                    comment: shown,
                    fix,
                }
            })
            .collect();
        let plan = [later.assessment, commented.assessment]
            .into_iter()
            .map(|a| a.meta("plan").trim())
            .find(|plan| !plan.is_empty())
            .map(str::to_owned);
        ReplyTable {
            form_title: form.title.to_string(),
            plan,
            iteration,
            commented: commented.revision.clone(),
            later: later.revision.clone(),
            later_iteration: later.iteration.map(str::to_owned),
            date: revision_day(later.revision).to_owned(),
            rows,
            lang,
        }
    }

    /// What the table is: 審查意見回覆表.
    pub fn name(&self) -> &'static str {
        self.lang
            .pick("審查意見回覆表", "Replies to review comments")
    }

    /// The title: the plan (else the form's title), the iteration and the table's
    /// name — `OOOO 計畫 第一次送審 審查意見回覆表`.
    pub fn title(&self) -> String {
        let subject = self.plan.as_deref().unwrap_or(&self.form_title);
        match self.lang {
            Lang::Zh => format!("{subject} {} {}", self.iteration, self.name()),
            Lang::En => format!("{subject}: {} — {}", self.iteration, self.name()),
        }
    }

    /// The line under the title: which two versions 修正情形 compares, and the date —
    /// `修正情形：第一次送審 → 第二次送審　日期：2026-11-22`.
    pub fn subtitle(&self) -> String {
        let lang = self.lang;
        let mut line = format!(
            "{}{}{} → {}",
            self.fix_heading(),
            lang.colon(),
            self.iteration,
            self.later_name()
        );
        if !self.date.is_empty() {
            line += &format!(
                "{}{}{}{}",
                lang.pick("　", "; "),
                lang.pick("日期", "date"),
                lang.colon(),
                self.date
            );
        }
        line
    }

    /// The later version by name: its iteration tag, else 目前版本 (the branch head).
    pub fn later_name(&self) -> String {
        match &self.later_iteration {
            Some(tag) => tag.clone(),
            None => self.lang.pick("目前版本", "the current version").to_owned(),
        }
    }

    /// The two versions named in full, as label and revision (id, date, author):
    /// `審查版本：第一次送審（01234567，…）`, `修正情形對照：第二次送審（…）` or
    /// `目前版本（89abcdef，…）`.
    pub fn sides(&self) -> [(&'static str, String); 2] {
        let lang = self.lang;
        let later = self.later.summary(&self.later_name(), lang);
        [
            (
                lang.pick("審查版本", "Commented version"),
                self.commented.summary(&self.iteration, lang),
            ),
            (lang.pick("修正情形對照", "Revision shown against"), later),
        ]
    }

    /// The column headings: 編號 | 項目 | 審查意見 | 回覆說明 | 修正情形.
    pub fn columns(&self) -> [&'static str; 5] {
        let lang = self.lang;
        [
            lang.pick("編號", "No."),
            lang.pick("項目", "Entry"),
            lang.pick("審查意見", "Comment"),
            lang.pick("回覆說明", "Reply"),
            self.fix_heading(),
        ]
    }

    /// 修正情形.
    pub fn fix_heading(&self) -> &'static str {
        self.lang.pick("修正情形", "Revision")
    }

    /// What stands in place of rows when the iteration has no comments.
    pub fn no_comments(&self) -> String {
        match self.lang {
            Lang::Zh => format!("{} 沒有審查意見。", self.iteration),
            Lang::En => format!("There are no review comments on {}.", self.iteration),
        }
    }

    /// In place of a reply not written yet.
    pub fn no_reply(&self) -> &'static str {
        self.lang.pick("（尚未回覆）", "(no reply yet)")
    }

    /// 未修正: nothing the target covers changed.
    pub fn unchanged(&self) -> &'static str {
        self.lang.pick("未修正", "not revised")
    }

    /// The labels of the two sides of a change in 修正情形: 修正前, 修正後.
    pub fn side_label(&self, side: Side) -> &'static str {
        match side {
            Side::Before => self.lang.pick("修正前", "Before"),
            Side::After => self.lang.pick("修正後", "After"),
        }
    }

    /// In place of a side with nothing on it (an answer added or removed whole).
    pub fn nothing(&self) -> &'static str {
        self.lang.pick("（無）", "(none)")
    }

    /// Who wrote the comment, for under its text: `審查委員：王委員`.
    pub fn reviewer_line(&self, row: &ReplyRow) -> Option<String> {
        let reviewer = row.comment.comment.reviewer.trim();
        (!reviewer.is_empty()).then(|| {
            format!(
                "{}{}{reviewer}",
                self.lang.pick("審查委員", "Reviewer"),
                self.lang.colon()
            )
        })
    }

    /// 修正情形 as one plain text, for a spreadsheet cell: per changed field
    /// `[heading：]before → after` (an empty side as （無）), a line each; 未修正; or
    /// nothing for a comment on the whole.
    pub fn fix_text(&self, fix: &Fix) -> String {
        match fix {
            Fix::General => String::new(),
            Fix::Unchanged => self.unchanged().to_owned(),
            Fix::Changed(entries) => entries
                .iter()
                .map(|part| {
                    let side = |side: Side| {
                        let text: String =
                            part.entry.runs(side).into_iter().map(|r| r.text).collect();
                        if text.is_empty() {
                            self.nothing().to_owned()
                        } else {
                            text
                        }
                    };
                    let heading = part
                        .heading
                        .as_ref()
                        .map(|h| format!("{h}{}", self.lang.colon()))
                        .unwrap_or_default();
                    format!("{heading}{} → {}", side(Side::Before), side(Side::After))
                })
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }
}

impl ReplyRow {
    /// `1` — the comment's display number.
    pub fn number(&self) -> u32 {
        self.comment.comment.number
    }
}

/// Whether the BRiCS table and stakeholder `target` names are in `assessment`
/// (true for every other target).
fn in_brics(target: &Target, assessment: &Assessment) -> bool {
    let Target::Brics {
        table, stakeholder, ..
    } = target
    else {
        return true;
    };
    assessment
        .brics
        .iter()
        .find(|t| t.id == *table)
        .is_some_and(|t| {
            stakeholder
                .as_ref()
                .is_none_or(|s| t.stakeholders.iter().any(|x| x.id == *s))
        })
}

/// What changed on `target` in `view`.
fn fix(target: &Target, view: &ChangeView, lang: Lang) -> Fix {
    if *target == Target::General {
        return Fix::General;
    }
    let entries: Vec<FixEntry> = view
        .entries
        .iter()
        .filter(|entry| target.covers(&entry.change.path))
        .map(|entry| FixEntry {
            heading: part_heading(target, entry, lang),
            entry: entry.clone(),
        })
        .collect();
    if entries.is_empty() {
        Fix::Unchanged
    } else {
        Fix::Changed(entries)
    }
}

/// The heading of one changed field under a target that covers several: an item's
/// 狀態 and 佐證 by those words, its questions and a table's cells as the change
/// view names them. None where the target is the field itself.
fn part_heading(target: &Target, entry: &Entry, lang: Lang) -> Option<String> {
    match target {
        Target::Item(_) => Some(match &entry.change.path {
            FieldPath::Status(_) => lang.pick("狀態", "Status").to_owned(),
            FieldPath::Evidence(_) => words::evidence_word(lang).to_owned(),
            _ => entry.heading.clone(),
        }),
        Target::Brics { cell: None, .. } => Some(entry.heading.clone()),
        _ => None,
    }
}

/// The day a revision's date names (`2026-11-22 14:05 +0800` → `2026-11-22`), as
/// comments' dates are cut by [`day`].
fn revision_day(revision: &Revision) -> &str {
    day(revision.date.split_whitespace().next().unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assessment::Cell;
    use crate::diff::testing::{form, sample_table};
    use crate::form::{Catalog, Status};
    use crate::review::{Comment, Reply, State};

    fn comment(number: u32, target: Target, iteration: &str) -> Comment {
        Comment {
            id: format!("c{number}"),
            number,
            target,
            iteration: iteration.into(),
            reviewer: "王委員".into(),
            date: "2026-11-20T09:00:00+08:00".into(),
            text: format!("意見 {number}"),
            reply: Some(Reply {
                text: format!("回覆 {number}"),
                by: "甲".into(),
                date: "2026-11-21T09:00:00+08:00".into(),
            }),
            other_replies: Vec::new(),
            state: State::Replied,
            accepted: None,
            history: Vec::new(),
        }
    }

    fn revision(short: &str) -> Revision {
        Revision {
            id: format!("{short}00000000000000000000000000000000"),
            short: short.into(),
            date: "2026-11-22 14:05 +0800".into(),
            author: "王小明".into(),
            iterations: vec![],
        }
    }

    #[test]
    fn each_comment_of_the_iteration_gets_its_targets_change_or_unrevised() {
        let catalog = Catalog::bundled().unwrap();
        let form = form();
        let mut before = Assessment::new(&form);
        before.set_meta("plan", "甲計畫");
        before.set_answer("1.1.1", "舊的回答");
        before.brics.push(sample_table("user"));
        let mut after = before.clone();
        after.set_answer("1.1.1", "新的回答");
        after.set_status("1.2", Status::Done);
        after.set_answer("1.2.1", "訪談十人");
        after.brics[0].stakeholders[0].risk = "新風險".into();
        let table = &before.brics[0];
        let (t, s) = (table.id.clone(), table.stakeholders[0].id.clone());
        let review = Review {
            comments: vec![
                comment(1, Target::Question("1.1.1".into()), "第一次送審"),
                comment(2, Target::Item("1.2".into()), "第一次送審"),
                comment(3, Target::Meta("plan".into()), "第一次送審"),
                comment(
                    4,
                    Target::Brics {
                        table: t.clone(),
                        stakeholder: Some(s.clone()),
                        cell: Some(Cell::Risk),
                    },
                    "第一次送審",
                ),
                comment(5, Target::General, "第一次送審"),
                comment(6, Target::Question("1.1.2".into()), "第二次送審"),
            ],
        };
        let (a, b) = (revision("aaaaaaaa"), revision("bbbbbbbb"));
        let table = ReplyTable::new(
            &review,
            &form,
            &catalog.brics,
            Version {
                assessment: &before,
                revision: &a,
                iteration: Some("第一次送審"),
            },
            Version {
                assessment: &after,
                revision: &b,
                iteration: None,
            },
            &after,
            Lang::Zh,
        );
        assert_eq!(table.title(), "甲計畫 第一次送審 審查意見回覆表");
        assert_eq!(
            table.subtitle(),
            "修正情形：第一次送審 → 目前版本　日期：2026-11-22"
        );
        let numbers: Vec<u32> = table.rows.iter().map(ReplyRow::number).collect();
        assert_eq!(numbers, [1, 2, 3, 4, 5], "only the iteration's comments");
        let Fix::Changed(question) = &table.rows[0].fix else {
            panic!("1.1.1 changed");
        };
        assert_eq!(question.len(), 1);
        assert!(question[0].heading.is_none());
        let runs = question[0].entry.runs(Side::Before);
        assert!(runs.iter().any(|r| r.changed && r.text == "舊"));
        let Fix::Changed(item) = &table.rows[1].fix else {
            panic!("1.2 changed");
        };
        let headings: Vec<&str> = item.iter().filter_map(|e| e.heading.as_deref()).collect();
        assert_eq!(headings, ["狀態", "1.2.1 如何訪談使用者？"]);
        assert!(matches!(table.rows[2].fix, Fix::Unchanged));
        assert!(matches!(table.rows[3].fix, Fix::Changed(_)));
        assert!(matches!(table.rows[4].fix, Fix::General));
        assert_eq!(table.fix_text(&table.rows[2].fix), "未修正");
        assert_eq!(table.fix_text(&table.rows[4].fix), "");
        assert_eq!(
            table.fix_text(&table.rows[1].fix),
            "狀態：未完成 → 已完成\n1.2.1 如何訪談使用者？：（無） → 訪談十人"
        );
        assert_eq!(
            table.rows[0].comment.target_text,
            "1.1.1 誰是服務的使用者？"
        );
        // The stakeholder removed since: named as it was when commented on.
        let mut removed = after.clone();
        removed.brics[0].stakeholders.remove(0);
        let table = ReplyTable::new(
            &review,
            &form,
            &catalog.brics,
            Version {
                assessment: &before,
                revision: &a,
                iteration: Some("第一次送審"),
            },
            Version {
                assessment: &removed,
                revision: &b,
                iteration: None,
            },
            &removed,
            Lang::Zh,
        );
        assert_eq!(
            table.rows[3].comment.target_text,
            "BRiCS 資料申請 / 申請者 / 風險"
        );
    }

    #[test]
    fn the_next_iteration_is_named_and_no_comments_is_said() {
        let catalog = Catalog::bundled().unwrap();
        let form = form();
        let before = Assessment::new(&form);
        let (a, b) = (revision("aaaaaaaa"), revision("bbbbbbbb"));
        let table = ReplyTable::new(
            &Review::default(),
            &form,
            &catalog.brics,
            Version {
                assessment: &before,
                revision: &a,
                iteration: Some("v1"),
            },
            Version {
                assessment: &before,
                revision: &b,
                iteration: Some("v2"),
            },
            &before,
            Lang::En,
        );
        assert!(table.rows.is_empty());
        assert_eq!(table.title(), "測試表: v1 — Replies to review comments");
        assert_eq!(table.no_comments(), "There are no review comments on v1.");
        assert_eq!(table.subtitle(), "Revision: v1 → v2; date: 2026-11-22");
        assert_eq!(
            table.sides()[1].1,
            "v2 (bbbbbbbb, 2026-11-22 14:05 +0800, 王小明)"
        );
        assert_eq!(revision_day(&a), "2026-11-22");
    }
}
