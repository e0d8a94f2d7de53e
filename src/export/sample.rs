//! A filled-in assessment to render in tests: the official ict-plan example with a
//! BRiCS table and some tricky text.

use crate::assessment::{Assessment, BricsTable, Stakeholder};
use crate::form::Catalog;
use crate::i18n::Lang;

use crate::form::Form;
use crate::report::{
    ChangeView, Comparison, ComparisonRow, FormReport, ReplyTable, Revision, Version,
};
use crate::review::{Comment, Reply, Review, State, Target, Transition};

/// An assessment with everything needed to report it.
pub struct Sample {
    /// Bundled forms.
    pub catalog: Catalog,
    /// The assessment.
    pub assessment: Assessment,
    /// A revision to show.
    pub revision: Revision,
}

impl Sample {
    /// The ict-plan official example, one answer replaced by text that must be
    /// escaped everywhere (`<b>`, `&`, `|`, quotes, a line break, ESC and RLO), and a
    /// BRiCS table with an empty cell.
    pub fn new() -> Sample {
        let catalog = Catalog::bundled().expect("bundled content");
        let form = &catalog.form("ict-plan").expect("ict-plan").form;
        let mut assessment = Assessment::from_example(form);
        assessment.set_answer(
            "3.1.1",
            "<b>粗體</b> & \"引號\" | 管線\n第二行\u{1b}[31m\u{202e}",
        );
        assessment.set_status("2.1", crate::form::Status::Partial);
        assessment.set_status("2.2", crate::form::Status::Na);
        assessment.brics.push(BricsTable {
            id: "t1".into(),
            title: "資料申請小幫手".into(),
            stakeholders: vec![
                Stakeholder {
                    id: "s1".into(),
                    name: "資料申請者".into(),
                    kind: "user".into(),
                    benefit: "瞭解其他申請者的經驗".into(),
                    risk: "申請被駁回".into(),
                    cost: "時間與心力".into(),
                },
                Stakeholder {
                    id: "s2".into(),
                    name: "主管資料的行政機關".into(),
                    kind: "authority".into(),
                    benefit: "減少重複申請".into(),
                    risk: String::new(),
                    cost: "統整准駁原因的人力".into(),
                },
            ],
        });
        let revision = Revision {
            id: "0123456789abcdef0123456789abcdef01234567".into(),
            short: "01234567".into(),
            date: "2026-11-22 14:05 +0800".into(),
            author: "王小明".into(),
            iterations: vec!["第一次送審".into()],
        };
        Sample {
            catalog,
            assessment,
            revision,
        }
    }

    /// The sample's form.
    pub fn form(&self) -> &Form {
        &self.catalog.form(&self.assessment.form).expect("form").form
    }

    /// The report to export.
    pub fn report(&self, lang: Lang) -> FormReport {
        FormReport::new(
            &self.assessment,
            self.form(),
            &self.catalog.guidelines,
            &self.catalog.brics,
            Some(self.revision.clone()),
            lang,
        )
    }
}

impl Sample {
    /// A 修正對照表 from the plain official example (A, tagged 第一次送審) to this
    /// sample (B, tagged 第二次送審), with a note on one row.
    pub fn comparison(&self, lang: Lang) -> Comparison {
        let form = &self.catalog.form(&self.assessment.form).expect("form").form;
        let before = Assessment::from_example(form);
        let diff = crate::diff::AssessmentDiff::between(&before, &self.assessment, form);
        let mut notes = std::collections::BTreeMap::new();
        notes.insert(
            crate::diff::FieldPath::Answer("3.1.1".into()),
            vec!["補充改善前後對照".to_owned()],
        );
        let view = ChangeView::new(&diff, form, &self.catalog.brics, lang);
        let mut after = self.revision.clone();
        after.iterations = vec!["第二次送審".into()];
        Comparison {
            form_title: form.title.to_string(),
            before: Revision {
                iterations: vec!["第一次送審".into()],
                ..self.revision.clone()
            },
            before_label: "第一次送審".into(),
            after,
            after_label: "第二次送審".into(),
            rows: ComparisonRow::all(view, &notes),
            lang,
        }
    }
}

impl Sample {
    /// Comments against 第一次送審 (the plain official example): on the answer that
    /// became tricky text (with tricky text of its own, and two replies written at
    /// once), on item 2.1 (its status changed), on the plan (unchanged), and on the
    /// whole (reopened with a reason); and one against another iteration.
    pub fn review(&self) -> Review {
        let comment = |number: u32, target: Target, text: &str, reply: Option<&str>| Comment {
            id: format!("c{number:012x}"),
            number,
            target,
            iteration: "第一次送審".into(),
            reviewer: "王委員".into(),
            date: "2026-11-20T09:00:00+08:00".into(),
            text: text.into(),
            reply: reply.map(|text| Reply {
                text: text.into(),
                by: "甲".into(),
                date: "2026-11-21T09:00:00+08:00".into(),
            }),
            other_replies: Vec::new(),
            state: if reply.is_some() {
                State::Replied
            } else {
                State::Open
            },
            accepted: None,
            history: Vec::new(),
        };
        let mut first = comment(
            1,
            Target::Question("3.1.1".into()),
            "=HYPERLINK(\"x\") <i>斜</i>\u{1b}[1m\u{202e}",
            Some("@已改寫 <b>粗</b>\u{7}"),
        );
        first.other_replies.push(Reply {
            text: "另一份回覆".into(),
            by: "乙".into(),
            date: "2026-11-21T09:01:00+08:00".into(),
        });
        let mut whole = comment(4, Target::General, "整體請再檢視", Some("已檢視"));
        whole.state = State::Reopened;
        whole.history.push(Transition {
            state: State::Reopened,
            by: "王委員".into(),
            date: "2026-11-23T09:00:00+08:00".into(),
            note: "錯字仍多".into(),
        });
        let mut later = comment(5, Target::Question("1.1.1".into()), "下一輪", None);
        later.iteration = "第二次送審".into();
        Review {
            comments: vec![
                first,
                comment(2, Target::Item("2.1".into()), "請說明人力", Some("已補充")),
                comment(3, Target::Meta("plan".into()), "計畫名稱請更正", None),
                whole,
                later,
            ],
        }
    }

    /// The 審查意見回覆表 of [`Sample::review`]'s 第一次送審 comments, from the plain
    /// official example (第一次送審) to this sample (the branch head).
    pub fn replies(&self, lang: Lang) -> ReplyTable {
        let form = self.form();
        let before = Assessment::from_example(form);
        let commented = Revision {
            iterations: vec!["第一次送審".into()],
            ..self.revision.clone()
        };
        ReplyTable::new(
            &self.review(),
            form,
            &self.catalog.brics,
            Version {
                assessment: &before,
                revision: &commented,
                iteration: Some("第一次送審"),
            },
            Version {
                assessment: &self.assessment,
                revision: &self.revision,
                iteration: None,
            },
            &self.assessment,
            lang,
        )
    }
}

impl Default for Sample {
    fn default() -> Self {
        Sample::new()
    }
}
