//! The vocabulary: the words dsw shows for the things of the domain — a status and
//! its check box, a BRiCS cell, a stakeholder kind, a piece of evidence, a guideline,
//! a header field. Each is defined here once, so that `dsw diff`, the workbench, the
//! conflict view and every export name a thing alike.
//!
//! Official names come from the form and the course material (a dimension's name,
//! in English its English name; a kind's name); the rest is dsw's own chrome in the
//! interface language.

use crate::assessment::{Cell, Evidence};
use crate::form::{Brics, Form, Guidelines, Status};
use crate::i18n::Lang;

/// The columns of a BRiCS table, in order: who, of which kind, then the three
/// dimensions.
pub const BRICS_COLUMNS: [Cell; 5] = [
    Cell::Name,
    Cell::Kind,
    Cell::Benefit,
    Cell::Risk,
    Cell::Cost,
];

/// The official form's check box for a status: ☑ done, ☐ not (yet) done; none for
/// not applicable, which a box cannot say.
pub fn status_mark(status: Status) -> Option<char> {
    match status {
        Status::Done => Some('☑'),
        Status::Todo | Status::Partial => Some('☐'),
        Status::Na => None,
    }
}

/// Whether the check box alone says the status (done, to do); partly done and not
/// applicable are spelled out beside it.
pub fn mark_says_it(status: Status) -> bool {
    matches!(status, Status::Done | Status::Todo)
}

/// A status as people read it (未完成, 部分完成 …).
pub fn status(status: Status, lang: Lang) -> &'static str {
    status.label(lang)
}

/// A BRiCS cell's name: the course's name of a dimension (its English name in
/// English), 名稱 and 類型 for the stakeholder's name and kind.
pub fn cell_name(cell: Cell, brics: &Brics, lang: Lang) -> &str {
    brics
        .dimensions
        .iter()
        .find(|d| *d.id == *cell.as_str())
        .map_or_else(|| cell.label(lang), |d| d.name_in(lang))
}

/// A BRiCS table's column heading: 利害關係人 over the names, else the cell's name.
pub fn column_heading(cell: Cell, brics: &Brics, lang: Lang) -> &str {
    match cell {
        Cell::Name => lang.pick("利害關係人", "Stakeholder"),
        other => cell_name(other, brics, lang),
    }
}

/// A stakeholder kind by the course's name for it (服務受益／使用者); a kind the
/// course does not know as it is written.
pub fn kind_name<'a>(brics: &'a Brics, id: &'a str) -> &'a str {
    brics.kind(id).map_or(id, |kind| kind.name.as_str())
}

/// A piece of evidence: `label（target）`, `label (target)` in English.
pub fn evidence(evidence: &Evidence, lang: Lang) -> String {
    format!("{}{}", evidence.label, lang.parenthesized(&evidence.target))
}

/// An item's evidence list, one piece a line.
pub fn evidence_list(list: &[Evidence], lang: Lang) -> String {
    list.iter()
        .map(|e| evidence(e, lang))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The word before a piece of evidence in a form's item cell: 佐證.
pub fn evidence_word(lang: Lang) -> &'static str {
    lang.pick("佐證", "Evidence")
}

/// A guideline's official heading (七、兼顧資安、隱私及便利性), or its id for one the
/// reference material does not know.
pub fn guideline_heading(guidelines: &Guidelines, id: &str) -> String {
    guidelines
        .guideline(id)
        .map_or_else(|| id.to_owned(), |g| g.heading())
}

/// A header field's label as the form has it (計畫名稱), or its id.
pub fn field_label<'a>(form: &'a Form, id: &'a str) -> &'a str {
    form.field(id).map_or(id, |f| f.label.as_str())
}

/// In place of an empty answer.
pub fn no_answer(lang: Lang) -> &'static str {
    lang.pick("（未填）", "(no answer)")
}

/// The heading over answers to questions the form no longer has.
pub fn orphans_heading(lang: Lang) -> &'static str {
    lang.pick(
        "表單已無以下題目（回答保留）",
        "Answers to questions the form no longer has (kept)",
    )
}

/// After an id the form does not have.
pub fn not_in_form(lang: Lang) -> &'static str {
    lang.pick("（表單中沒有此項）", " (not in the form)")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::Catalog;

    #[test]
    fn cells_are_named_by_the_course_in_both_languages_and_kind_is_one_word() {
        let catalog = Catalog::bundled().unwrap();
        let brics = &catalog.brics;
        assert_eq!(cell_name(Cell::Benefit, brics, Lang::Zh), "效益／價值");
        assert_eq!(
            cell_name(Cell::Cost, brics, Lang::En),
            "Cost/Condition / Context",
            "the course's English name, not a spelling of dsw's own"
        );
        for lang in [Lang::Zh, Lang::En] {
            assert_eq!(
                cell_name(Cell::Kind, brics, lang),
                column_heading(Cell::Kind, brics, lang),
                "the kind column and the kind cell have one name"
            );
            // Without the course material the same words stand.
            for cell in BRICS_COLUMNS {
                assert_eq!(cell_name(cell, brics, lang), cell.label(lang), "{cell:?}");
            }
        }
        assert_eq!(cell_name(Cell::Kind, brics, Lang::Zh), "類型");
        assert_eq!(column_heading(Cell::Name, brics, Lang::Zh), "利害關係人");
    }

    #[test]
    fn kinds_are_named_and_unknown_kinds_kept_as_written() {
        let catalog = Catalog::bundled().unwrap();
        assert_eq!(kind_name(&catalog.brics, "user"), "服務受益／使用者");
        assert_eq!(kind_name(&catalog.brics, "martian"), "martian");
        assert_eq!(kind_name(&catalog.brics, ""), "");
    }

    #[test]
    fn evidence_reads_label_then_target_in_parentheses() {
        let e = Evidence {
            label: "訪談紀錄".into(),
            target: "docs/a.pdf".into(),
        };
        assert_eq!(evidence(&e, Lang::Zh), "訪談紀錄（docs/a.pdf）");
        assert_eq!(evidence(&e, Lang::En), "訪談紀錄 (docs/a.pdf)");
        assert_eq!(
            evidence_list(&[e.clone(), e], Lang::Zh),
            "訪談紀錄（docs/a.pdf）\n訪談紀錄（docs/a.pdf）"
        );
    }

    #[test]
    fn marks_follow_the_official_check_box() {
        assert_eq!(status_mark(Status::Done), Some('☑'));
        assert_eq!(status_mark(Status::Todo), Some('☐'));
        assert_eq!(status_mark(Status::Partial), Some('☐'));
        assert_eq!(status_mark(Status::Na), None);
        assert!(mark_says_it(Status::Done) && !mark_says_it(Status::Partial));
    }
}
