//! Building a 修正對照表 from a semantic diff: one row per changed question, item,
//! header field or BRiCS cell, with the messages of the revisions that changed it.

use std::collections::BTreeMap;

use super::ComparisonRow;
use crate::assessment::Cell;
use crate::diff::{AssessmentDiff, FieldPath, Value, char_diff, describe};
use crate::form::{Brics, Form};
use crate::i18n::Lang;

/// The rows for `diff` (A → B). `notes` holds, per field, the messages of the
/// revisions between A and B that changed it, oldest first.
pub fn rows(
    diff: &AssessmentDiff,
    form: &Form,
    brics: &Brics,
    notes: &BTreeMap<FieldPath, Vec<String>>,
    lang: Lang,
) -> Vec<ComparisonRow> {
    diff.changes
        .iter()
        .filter(|change| !change.path.is_order())
        .map(|change| {
            let text = |value: Option<&Value>| match &change.path {
                // A stakeholder kind reads as its name (服務受益／使用者), not its id.
                FieldPath::Cell {
                    cell: Cell::Kind, ..
                } => value
                    .and_then(Value::as_text)
                    .map(|id| {
                        brics
                            .kind(id)
                            .map_or(id, |kind| kind.name.as_str())
                            .to_owned()
                    })
                    .unwrap_or_default(),
                // An item never marked is 未完成, not blank.
                FieldPath::Status(_) if value.is_none() => {
                    crate::form::Status::Todo.label(lang).to_owned()
                }
                _ => describe::value_text(value, lang),
            };
            let before = text(change.diff.before.as_ref());
            let after = text(change.diff.after.as_ref());
            ComparisonRow {
                item: item_label(&change.path, form, brics, diff, lang),
                spans: char_diff(&before, &after),
                before,
                after,
                notes: notes.get(&change.path).cloned().unwrap_or_default(),
            }
        })
        .collect()
}

/// The 項目 column: the entry named the way the official form names it.
fn item_label(
    path: &FieldPath,
    form: &Form,
    brics: &Brics,
    diff: &AssessmentDiff,
    lang: Lang,
) -> String {
    match path {
        FieldPath::Answer(id) => match form.question(id) {
            Some(q) => format!("{id} {}", q.text),
            None => id.clone(),
        },
        FieldPath::Status(id) => match form.item(id) {
            Some(item) => format!(
                "{id} {}{}",
                item.text,
                lang.parenthesized(lang.pick("檢核狀態", "status"))
            ),
            None => id.clone(),
        },
        FieldPath::Evidence(id) => match form.item(id) {
            Some(item) => format!(
                "{id} {}{}",
                item.text,
                lang.parenthesized(lang.pick("佐證", "evidence"))
            ),
            None => id.clone(),
        },
        FieldPath::Meta(id) => form
            .field(id)
            .map_or_else(|| id.clone(), |f| f.label.to_string()),
        FieldPath::Form => lang.pick("表單", "form").to_owned(),
        FieldPath::Edition => lang.pick("表單版次", "form edition").to_owned(),
        FieldPath::TableTitle(table) => {
            format!(
                "BRiCS{}{}{}",
                lang.colon(),
                diff.names.table(table),
                lang.parenthesized(lang.pick("表名稱", "title"))
            )
        }
        FieldPath::Cell {
            table,
            stakeholder,
            cell,
        } => {
            let column = match cell.as_str() {
                "benefit" => brics.dimensions.first().map(|d| d.name_in(lang).to_owned()),
                "risk" => brics.dimensions.get(1).map(|d| d.name_in(lang).to_owned()),
                "cost" => brics.dimensions.get(2).map(|d| d.name_in(lang).to_owned()),
                "kind" => Some(lang.pick("類型", "kind").to_owned()),
                _ => Some(lang.pick("名稱", "name").to_owned()),
            }
            .unwrap_or_default();
            format!(
                "BRiCS{}{} / {} / {column}",
                lang.colon(),
                diff.names.table(table),
                diff.names.stakeholder(table, stakeholder)
            )
        }
        FieldPath::TableOrder | FieldPath::StakeholderOrder(_) => path.to_string(),
    }
}
