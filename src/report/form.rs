//! The form as filled: one model of what every export of an assessment shows — its
//! title, introduction and header fields, the revision, 完成度, the glossary the
//! official form prints, the table's rows with the cells that span them, the answers
//! and items the form no longer has, and the BRiCS tables with kinds and dimensions
//! named. Built once by [`FormReport::new`]; ODT, HTML, Markdown, text, CSV and JSON
//! only serialise it, so they cannot disagree on a row, a mark or a name.

use std::collections::BTreeMap;

use crate::assessment::{Assessment, Cell, Completion, Evidence};
use crate::form::{Brics, Form, Guidelines, Status, Term};
use crate::i18n::Lang;

use super::{CommentReport, Revision, words};
use crate::review::{Review, Target};

/// The column headings the official forms use, for a form that names none.
const DEFAULT_COLUMNS: [&str; 4] = [
    "政府數位服務指引",
    "檢核清單(Checklist)",
    "關鍵問題(Key Questions)",
    "機關規劃構想或數位服務現況",
];

/// An assessment as its exports show it. Texts are as the form and the repository
/// have them: each format escapes them its own way.
#[derive(Debug, Clone)]
pub struct FormReport {
    /// The form's id, as the assessment records it.
    pub form_id: String,
    /// The form edition the assessment was written against.
    pub edition: String,
    /// The form's official title.
    pub title: String,
    /// The form's official introduction, trimmed.
    pub intro: Option<String>,
    /// The header fields in form order, with their values ("" when empty).
    pub fields: Vec<HeaderField>,
    /// Every header value the assessment holds, by field id (those the form no longer
    /// has included), for programs.
    pub meta: BTreeMap<String, String>,
    /// The revision shown, when it comes from the repository.
    pub revision: Option<Revision>,
    /// 完成度 of the whole form.
    pub completion: Completion,
    /// The 名詞解釋 where the official form prints it above its table (ict-plan), else
    /// empty.
    pub glossary: Vec<Term>,
    /// The table's column headings: guideline, checklist item, key question, answer.
    pub columns: [String; 4],
    /// The guideline groups in form order.
    pub groups: Vec<GroupReport>,
    /// Answers to questions the form no longer has, by id: kept, so shown.
    pub orphaned_answers: Vec<(String, String)>,
    /// Items the form no longer has, by id, with their state.
    pub orphaned_items: Vec<OrphanedItem>,
    /// The BRiCS tables.
    pub brics: BricsReport,
    /// The 審查意見 on the assessment, by number (empty unless
    /// [`FormReport::with_review`] added them).
    pub comments: Vec<CommentReport>,
    /// Language of the chrome (official text is never translated).
    pub lang: Lang,
}

/// A header field and its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderField {
    /// The field id (`plan`).
    pub id: String,
    /// The form's label (計畫名稱).
    pub label: String,
    /// The value, "" when empty.
    pub value: String,
}

/// One guideline group of the form's table.
#[derive(Debug, Clone)]
pub struct GroupReport {
    /// The guideline id.
    pub id: String,
    /// The guideline's title, when the reference material knows it.
    pub title: Option<String>,
    /// Its official heading (一、了解使用者需求), else its id.
    pub heading: String,
    /// 完成度 of this group's rows.
    pub completion: Completion,
    /// The checklist items, with their questions.
    pub items: Vec<ItemReport>,
    /// Key questions that belong to no item.
    pub questions: Vec<QuestionReport>,
}

/// A checklist item as filled.
#[derive(Debug, Clone)]
pub struct ItemReport {
    /// The item id (`1.1`).
    pub id: String,
    /// The official text.
    pub text: String,
    /// Where it stands.
    pub status: Status,
    /// Its evidence, as recorded.
    pub evidence: Vec<Evidence>,
    /// Its key questions.
    pub questions: Vec<QuestionReport>,
}

/// A key question and its answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionReport {
    /// The question id (`1.1.1`).
    pub id: String,
    /// The official text.
    pub text: String,
    /// The answer, "" when unanswered.
    pub answer: String,
}

/// An item the form no longer has, kept in the assessment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrphanedItem {
    /// Its id.
    pub id: String,
    /// Its status.
    pub status: Status,
    /// Its evidence.
    pub evidence: Vec<Evidence>,
}

/// The BRiCS tables with the course's words.
#[derive(Debug, Clone)]
pub struct BricsReport {
    /// The section's title (BRiCS 分析).
    pub title: String,
    /// Column headings: 利害關係人, 類型 and the three dimensions.
    pub columns: Vec<String>,
    /// The three dimensions' names, in column order.
    pub dimensions: Vec<String>,
    /// The tables, in the order they were made.
    pub tables: Vec<TableReport>,
}

/// One BRiCS table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableReport {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its rows.
    pub stakeholders: Vec<StakeholderReport>,
}

/// One stakeholder row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StakeholderReport {
    /// Its id.
    pub id: String,
    /// Who.
    pub name: String,
    /// The kind's id as recorded ("" when none).
    pub kind_id: String,
    /// The kind by the course's name (as recorded when the course has no such kind).
    pub kind: String,
    /// 效益／價值, 風險, 成本／條件／脈絡.
    pub dimensions: [String; 3],
}

/// A row of the form's table: one per key question, in official order.
#[derive(Debug, Clone, Copy)]
pub struct Row<'a> {
    /// On a group's first row, how many rows the guideline cell spans.
    pub guideline_rows: Option<usize>,
    /// The item the row belongs to (none for a question under no item).
    pub item: Option<&'a ItemReport>,
    /// Where the checklist cell starts and how many rows it spans; `None` where a
    /// cell from a row above covers it.
    pub item_rows: Option<usize>,
    /// The row's key question (none for an item without questions).
    pub question: Option<&'a QuestionReport>,
}

impl FormReport {
    /// The report of `assessment` against its `form`, with the reference material's
    /// headings and the course's BRiCS words.
    pub fn new(
        assessment: &Assessment,
        form: &Form,
        guidelines: &Guidelines,
        brics: &Brics,
        revision: Option<Revision>,
        lang: Lang,
    ) -> FormReport {
        let question = |q: &crate::form::Question| QuestionReport {
            id: q.id.to_string(),
            text: q.text.to_string(),
            answer: assessment.answer(&q.id).to_owned(),
        };
        let groups = form
            .groups
            .iter()
            .map(|group| GroupReport {
                id: group.id.to_string(),
                title: guidelines.guideline(&group.id).map(|g| g.title.to_string()),
                heading: words::guideline_heading(guidelines, &group.id),
                completion: assessment.completion(form, Some(&group.id)),
                items: group
                    .items
                    .iter()
                    .map(|item| ItemReport {
                        id: item.id.to_string(),
                        text: item.text.to_string(),
                        status: assessment.status(&item.id),
                        evidence: assessment.evidence(&item.id).to_vec(),
                        questions: item.questions.iter().map(question).collect(),
                    })
                    .collect(),
                questions: group.questions.iter().map(question).collect(),
            })
            .collect();
        let columns = std::array::from_fn(|n| {
            form.columns
                .get(n)
                .map_or(DEFAULT_COLUMNS[n], |c| c.as_str())
                .to_owned()
        });
        // The official ict-plan form prints the glossary above its table; the service
        // form does not.
        let glossary = if *form.id == *"ict-plan" {
            guidelines.terms.clone()
        } else {
            Vec::new()
        };
        FormReport {
            form_id: assessment.form.clone(),
            edition: assessment.edition.clone(),
            title: form.title.to_string(),
            intro: form.intro.as_ref().map(|intro| intro.trim().to_owned()),
            fields: form
                .fields
                .iter()
                .map(|field| HeaderField {
                    id: field.id.to_string(),
                    label: field.label.to_string(),
                    value: assessment.meta(&field.id).to_owned(),
                })
                .collect(),
            meta: assessment.meta.clone(),
            revision,
            completion: assessment.completion(form, None),
            glossary,
            columns,
            groups,
            orphaned_answers: assessment
                .orphaned_answers(form)
                .map(|id| (id.to_owned(), assessment.answer(id).to_owned()))
                .collect(),
            orphaned_items: assessment
                .orphaned_items(form)
                .map(|id| OrphanedItem {
                    id: id.to_owned(),
                    status: assessment.status(id),
                    evidence: assessment.evidence(id).to_vec(),
                })
                .collect(),
            brics: BricsReport::new(assessment, brics, lang),
            comments: Vec::new(),
            lang,
        }
    }

    /// The report with the comments of `review` on it, read against `assessment`
    /// (the one reported) and `form`.
    pub fn with_review(
        mut self,
        review: &Review,
        form: &Form,
        assessment: &Assessment,
    ) -> FormReport {
        self.comments = super::comments::comments(review, form, assessment, self.lang);
        self
    }

    /// The comments on `target`, by number.
    pub fn comments_on<'a>(
        &'a self,
        target: &'a Target,
    ) -> impl Iterator<Item = &'a CommentReport> + 'a {
        self.comments.iter().filter(move |c| c.target() == target)
    }
}

impl BricsReport {
    fn new(assessment: &Assessment, brics: &Brics, lang: Lang) -> BricsReport {
        BricsReport {
            title: brics.title.to_string(),
            columns: words::BRICS_COLUMNS
                .iter()
                .map(|cell| words::column_heading(*cell, brics, lang).to_owned())
                .collect(),
            dimensions: Cell::DIMENSIONS
                .iter()
                .map(|cell| words::cell_name(*cell, brics, lang).to_owned())
                .collect(),
            tables: assessment
                .brics
                .iter()
                .map(|table| TableReport {
                    id: table.id.clone(),
                    title: table.title.clone(),
                    stakeholders: table
                        .stakeholders
                        .iter()
                        .map(|s| StakeholderReport {
                            id: s.id.clone(),
                            name: s.name.clone(),
                            kind_id: s.kind.clone(),
                            kind: words::kind_name(brics, &s.kind).to_owned(),
                            dimensions: Cell::DIMENSIONS.map(|cell| s.cell(cell).to_owned()),
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

impl GroupReport {
    /// The group's rows in official order — each item's questions (an item without
    /// questions still gets a row, so it is not lost), then the questions under no
    /// item — with the guideline cell spanning them all and each item's cell, or the
    /// one blank cell over the questions under no item, spanning its own.
    pub fn rows(&self) -> Vec<Row<'_>> {
        let mut rows = Vec::new();
        for item in &self.items {
            let span = item.questions.len().max(1);
            let questions: Vec<Option<&QuestionReport>> = if item.questions.is_empty() {
                vec![None]
            } else {
                item.questions.iter().map(Some).collect()
            };
            for (n, question) in questions.into_iter().enumerate() {
                rows.push(Row {
                    guideline_rows: None,
                    item: Some(item),
                    item_rows: (n == 0).then_some(span),
                    question,
                });
            }
        }
        for (n, question) in self.questions.iter().enumerate() {
            rows.push(Row {
                guideline_rows: None,
                item: None,
                item_rows: (n == 0).then_some(self.questions.len()),
                question: Some(question),
            });
        }
        if rows.is_empty() {
            // A guideline with nothing to fill in still shows its heading.
            rows.push(Row {
                guideline_rows: None,
                item: None,
                item_rows: Some(1),
                question: None,
            });
        }
        let count = rows.len();
        if let Some(first) = rows.first_mut() {
            first.guideline_rows = Some(count);
        }
        rows
    }
}

impl ItemReport {
    /// The official form's check box for the item (none for not applicable).
    pub fn mark(&self) -> Option<char> {
        words::status_mark(self.status)
    }

    /// The status spelled out where the box alone cannot say it (partly done, not
    /// applicable); none for done and to do.
    pub fn spelled_status(&self, lang: Lang) -> Option<&'static str> {
        (!words::mark_says_it(self.status)).then(|| words::status(self.status, lang))
    }

    /// The item's evidence in words, one piece each: `label（target）`.
    pub fn evidence_words(&self, lang: Lang) -> Vec<String> {
        self.evidence
            .iter()
            .map(|e| words::evidence(e, lang))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::Catalog;

    fn report(assessment: &Assessment, catalog: &Catalog) -> FormReport {
        let form = &catalog.form(&assessment.form).unwrap().form;
        FormReport::new(
            assessment,
            form,
            &catalog.guidelines,
            &catalog.brics,
            None,
            Lang::Zh,
        )
    }

    #[test]
    fn rows_span_their_guideline_and_item_cells() {
        let catalog = Catalog::bundled().unwrap();
        let form = &catalog.form("ict-plan").unwrap().form;
        let report = report(&Assessment::from_example(form), &catalog);
        let two = report.groups.iter().find(|g| g.id == "2").unwrap();
        let rows = two.rows();
        // 2.1 has one question, 2.2 two.
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].guideline_rows, Some(3));
        assert!(rows[1..].iter().all(|r| r.guideline_rows.is_none()));
        let spans: Vec<Option<usize>> = rows.iter().map(|r| r.item_rows).collect();
        assert_eq!(spans, [Some(1), Some(2), None]);
        assert_eq!(rows[2].item.map(|i| i.id.as_str()), Some("2.2"));
        // 13.0.1 belongs to no item: a blank cell of its own.
        let thirteen = report.groups.iter().find(|g| g.id == "13").unwrap();
        let row = thirteen.rows()[0];
        assert!(row.item.is_none() && row.item_rows == Some(1));
        assert_eq!(row.question.map(|q| q.id.as_str()), Some("13.0.1"));
        assert_eq!(report.glossary.len(), catalog.guidelines.terms.len());
    }

    #[test]
    fn kinds_and_dimensions_are_named_and_orphans_kept() {
        let catalog = Catalog::bundled().unwrap();
        let form = &catalog.form("ict-plan").unwrap().form;
        let mut assessment = Assessment::new(form);
        assessment.set_answer("9.9.9", "舊回答");
        assessment.set_status("9.9", Status::Done);
        assessment.brics.push(crate::assessment::BricsTable {
            id: "t".into(),
            title: "表".into(),
            stakeholders: vec![crate::assessment::Stakeholder {
                id: "s".into(),
                name: "民眾".into(),
                kind: "martian".into(),
                risk: "風險".into(),
                ..Default::default()
            }],
        });
        let report = report(&assessment, &catalog);
        assert_eq!(report.orphaned_answers, [("9.9.9".into(), "舊回答".into())]);
        assert_eq!(report.orphaned_items[0].status, Status::Done);
        assert_eq!(
            report.brics.columns,
            [
                "利害關係人",
                "類型",
                "效益／價值",
                "風險",
                "成本／條件／脈絡"
            ]
        );
        let row = &report.brics.tables[0].stakeholders[0];
        assert_eq!(row.kind, "martian", "an unknown kind as it is written");
        assert_eq!(row.dimensions, ["".to_owned(), "風險".into(), "".into()]);
    }

    #[test]
    fn an_item_spells_out_only_what_its_box_cannot_say() {
        let item = |status| ItemReport {
            id: "1.1".into(),
            text: "t".into(),
            status,
            evidence: vec![],
            questions: vec![],
        };
        assert_eq!(item(Status::Done).mark(), Some('☑'));
        assert_eq!(item(Status::Done).spelled_status(Lang::Zh), None);
        assert_eq!(item(Status::Partial).mark(), Some('☐'));
        assert_eq!(
            item(Status::Partial).spelled_status(Lang::Zh),
            Some("部分完成")
        );
        assert_eq!(item(Status::Na).mark(), None);
        assert_eq!(item(Status::Na).spelled_status(Lang::En), Some("n/a"));
    }
}
