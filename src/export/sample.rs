//! A filled-in assessment to render in tests: the official ict-plan example with a
//! BRiCS table and some tricky text.

use crate::assessment::{Assessment, BricsTable, Stakeholder};
use crate::form::Catalog;
use crate::i18n::Lang;

use crate::form::Form;
use crate::report::{ChangeView, Comparison, ComparisonRow, FormReport, Revision};

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

impl Default for Sample {
    fn default() -> Self {
        Sample::new()
    }
}
