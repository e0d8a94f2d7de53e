//! The semantic diff of two assessments: the changed fields in the order a reader of
//! the form meets them, and a one-line summary.

use std::collections::BTreeMap;

use serde::Serialize;

use super::fields::{FieldPath, Value, fields};
use super::generic::Diff;
use crate::assessment::{Assessment, Cell};
use crate::form::{Form, Status};
use crate::i18n::Lang;

/// One changed field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The field.
    pub path: FieldPath,
    /// Its value before and after (`None` = absent).
    pub diff: Diff<Option<Value>>,
}

/// The titles and names of the BRiCS tables and stakeholders an assessment diff may
/// mention, so a diff can name them even when the change is not to the name itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BricsNames {
    /// Table title by table id (after the change, or before it for a removed table).
    pub tables: BTreeMap<String, String>,
    /// Stakeholder name by (table id, stakeholder id), likewise.
    pub stakeholders: BTreeMap<(String, String), String>,
}

impl BricsNames {
    /// The names in `before` and `after`, the later one winning where both have one.
    pub fn of(before: &Assessment, after: &Assessment) -> Self {
        let mut names = BricsNames::default();
        // After second, so that it wins.
        for table in before.brics.iter().chain(&after.brics) {
            names.tables.insert(table.id.clone(), table.title.clone());
            for s in &table.stakeholders {
                names
                    .stakeholders
                    .insert((table.id.clone(), s.id.clone()), s.name.clone());
            }
        }
        names
    }

    /// The title of a table, or its id when it has none.
    pub fn table<'a>(&'a self, id: &'a str) -> &'a str {
        self.tables
            .get(id)
            .map(String::as_str)
            .filter(|t| !t.is_empty())
            .unwrap_or(id)
    }

    /// The name of a stakeholder, or its id when it has none.
    pub fn stakeholder<'a>(&'a self, table: &str, id: &'a str) -> &'a str {
        self.stakeholders
            .get(&(table.to_owned(), id.to_owned()))
            .map(String::as_str)
            .filter(|n| !n.is_empty())
            .unwrap_or(id)
    }
}

/// What changed between two assessments, field by field, in form order: form and
/// edition, header fields (form order), then per checklist item its status, evidence
/// and answers, then ids the form does not know (sorted), then BRiCS.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AssessmentDiff {
    /// The changed fields.
    pub changes: Vec<Change>,
    /// Names for the BRiCS tables and stakeholders the changes refer to.
    pub names: BricsNames,
}

impl AssessmentDiff {
    /// The changes from `before` to `after`, ordered by `form`.
    pub fn between(before: &Assessment, after: &Assessment, form: &Form) -> AssessmentDiff {
        let (old, new) = (fields(before), fields(after));
        let mut changed: BTreeMap<FieldPath, Diff<Option<Value>>> = old
            .keys()
            .chain(new.keys())
            .map(|path| {
                (
                    path.clone(),
                    Diff::new(old.get(path).cloned(), new.get(path).cloned()),
                )
            })
            .filter(|(_, diff)| diff.is_change())
            .collect();
        let mut changes = Vec::with_capacity(changed.len());
        for path in form_order(before, after, form) {
            if let Some(diff) = changed.remove(&path) {
                changes.push(Change { path, diff });
            }
        }
        // Nothing is dropped, even a field the order above does not foresee.
        changes.extend(
            changed
                .into_iter()
                .map(|(path, diff)| Change { path, diff }),
        );
        AssessmentDiff {
            changes,
            names: BricsNames::of(before, after),
        }
    }

    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// The summary counts.
    pub fn stat(&self) -> Stat {
        Stat::count(&self.changes)
    }
}

/// Whether an order change only moved ids (adding or removing rows is counted by
/// their cells and titles instead).
fn is_reorder(diff: &Diff<Option<Value>>) -> bool {
    let sorted = |value: &Option<Value>| {
        let mut ids = value
            .as_ref()
            .and_then(Value::as_order)
            .unwrap_or(&[])
            .to_vec();
        ids.sort();
        ids
    };
    sorted(&diff.before) == sorted(&diff.after)
}

/// Every path a diff between `before` and `after` can have, in the order to show it.
fn form_order(before: &Assessment, after: &Assessment, form: &Form) -> Vec<FieldPath> {
    let mut order = vec![FieldPath::Form, FieldPath::Edition];
    order.extend(
        form.fields
            .iter()
            .map(|f| FieldPath::Meta(f.id.to_string())),
    );
    let mut orphan_meta: Vec<&String> = before
        .meta
        .keys()
        .chain(after.meta.keys())
        .filter(|id| form.field(id).is_none())
        .collect();
    orphan_meta.sort();
    orphan_meta.dedup();
    order.extend(
        orphan_meta
            .into_iter()
            .map(|id| FieldPath::Meta(id.clone())),
    );

    for group in &form.groups {
        for item in &group.items {
            order.push(FieldPath::Status(item.id.to_string()));
            order.push(FieldPath::Evidence(item.id.to_string()));
            order.extend(
                item.questions
                    .iter()
                    .map(|q| FieldPath::Answer(q.id.to_string())),
            );
        }
        order.extend(
            group
                .questions
                .iter()
                .map(|q| FieldPath::Answer(q.id.to_string())),
        );
    }

    // Ids the form does not know, by number, an item's fields before its questions.
    let mut orphans: Vec<(Vec<IdPart>, FieldPath)> = Vec::new();
    for a in [before, after] {
        for id in a.orphaned_items(form) {
            orphans.push((id_key(id), FieldPath::Status(id.to_owned())));
            orphans.push((id_key(id), FieldPath::Evidence(id.to_owned())));
        }
        for id in a.orphaned_answers(form) {
            orphans.push((id_key(id), FieldPath::Answer(id.to_owned())));
        }
    }
    orphans.sort();
    orphans.dedup();
    order.extend(orphans.into_iter().map(|(_, path)| path));

    order.push(FieldPath::TableOrder);
    let mut tables: Vec<&str> = Vec::new();
    for table in after.brics.iter().chain(&before.brics) {
        if !tables.contains(&table.id.as_str()) {
            tables.push(&table.id);
        }
    }
    for table in tables {
        order.push(FieldPath::TableTitle(table.to_owned()));
        order.push(FieldPath::StakeholderOrder(table.to_owned()));
        let mut rows: Vec<&str> = Vec::new();
        for t in after
            .brics
            .iter()
            .chain(&before.brics)
            .filter(|t| t.id == table)
        {
            for s in &t.stakeholders {
                if !rows.contains(&s.id.as_str()) {
                    rows.push(&s.id);
                }
            }
        }
        for row in rows {
            for cell in [
                Cell::Name,
                Cell::Kind,
                Cell::Benefit,
                Cell::Risk,
                Cell::Cost,
            ] {
                order.push(FieldPath::Cell {
                    table: table.to_owned(),
                    stakeholder: row.to_owned(),
                    cell,
                });
            }
        }
    }
    order
}

/// A part of a dotted id, so that `9.2` sorts before `10.1`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum IdPart {
    Number(u64),
    Word(String),
}

fn id_key(id: &str) -> Vec<IdPart> {
    id.split('.')
        .map(|part| {
            part.parse()
                .map_or_else(|_| IdPart::Word(part.to_owned()), IdPart::Number)
        })
        .collect()
}

/// How much changed, by kind: the numbers behind a one-line summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Stat {
    /// Questions answered that had no answer.
    pub answers_added: usize,
    /// Answers edited.
    pub answers_changed: usize,
    /// Answers cleared.
    pub answers_removed: usize,
    /// Items newly marked done.
    pub items_done: usize,
    /// Items whose status changed to something other than done.
    pub items_other: usize,
    /// Items whose evidence list changed.
    pub evidence_changed: usize,
    /// Header fields changed (including the form id and edition).
    pub meta_changed: usize,
    /// BRiCS cells changed, counting every cell of an added or removed stakeholder.
    pub brics_cells: usize,
    /// BRiCS tables added, removed or renamed.
    pub brics_tables: usize,
    /// BRiCS tables or stakeholder lists only put in another order.
    pub brics_reordered: usize,
}

impl Stat {
    /// The counts of `changes`.
    pub fn count<'a>(changes: impl IntoIterator<Item = &'a Change>) -> Stat {
        let mut stat = Stat::default();
        for Change { path, diff } in changes {
            match path {
                FieldPath::Answer(_) => match (&diff.before, &diff.after) {
                    (None, _) => stat.answers_added += 1,
                    (_, None) => stat.answers_removed += 1,
                    _ => stat.answers_changed += 1,
                },
                FieldPath::Status(_) => {
                    if diff.after == Some(Value::Status(Status::Done)) {
                        stat.items_done += 1;
                    } else {
                        stat.items_other += 1;
                    }
                }
                FieldPath::Evidence(_) => stat.evidence_changed += 1,
                FieldPath::Form | FieldPath::Edition | FieldPath::Meta(_) => stat.meta_changed += 1,
                FieldPath::Cell { .. } => stat.brics_cells += 1,
                FieldPath::TableTitle(_) => stat.brics_tables += 1,
                FieldPath::TableOrder | FieldPath::StakeholderOrder(_) => {
                    if is_reorder(diff) {
                        stat.brics_reordered += 1;
                    }
                }
            }
        }
        stat
    }

    /// One line for people, naming only what is not zero, e.g.
    /// `3 answers changed, 1 answer added, 1 item done, BRiCS: 2 cells`.
    pub fn describe(&self, lang: Lang) -> String {
        let count = |n: usize, zh_text: &str, one: &str, many: &str| -> Option<String> {
            (n > 0).then(|| match lang {
                Lang::Zh => format!("{n} {zh_text}"),
                Lang::En => format!("{n} {}", if n == 1 { one } else { many }),
            })
        };
        let mut parts: Vec<String> = [
            count(
                self.answers_changed,
                "題回答修改",
                "answer changed",
                "answers changed",
            ),
            count(
                self.answers_added,
                "題新增回答",
                "answer added",
                "answers added",
            ),
            count(
                self.answers_removed,
                "題刪除回答",
                "answer removed",
                "answers removed",
            ),
            count(self.items_done, "項檢核完成", "item done", "items done"),
            count(
                self.items_other,
                "項狀態變更",
                "other status change",
                "other status changes",
            ),
            count(
                self.evidence_changed,
                "項佐證變更",
                "item's evidence changed",
                "items' evidence changed",
            ),
            count(
                self.meta_changed,
                "個表頭欄位修改",
                "header field changed",
                "header fields changed",
            ),
        ]
        .into_iter()
        .flatten()
        .collect();
        let brics: Vec<String> = [
            count(self.brics_cells, "格", "cell", "cells"),
            count(self.brics_tables, "個表", "table", "tables"),
            count(
                self.brics_reordered,
                "處順序調整",
                "reordering",
                "reorderings",
            ),
        ]
        .into_iter()
        .flatten()
        .collect();
        if !brics.is_empty() {
            parts.push(format!(
                "BRiCS{}{}",
                lang.pick("：", ": "),
                brics.join(lang.pick("、", ", "))
            ));
        }
        if parts.is_empty() {
            lang.pick("沒有變更", "no changes").to_owned()
        } else {
            parts.join(lang.pick("、", ", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::form;
    use super::*;
    use crate::assessment::{BricsTable, Evidence, Stakeholder};

    fn sample() -> Assessment {
        let mut a = Assessment {
            form: "test".into(),
            edition: "1".into(),
            ..Assessment::default()
        };
        a.set_answer("1.1.1", "誰是服務的使用者");
        a.set_answer("1.1.2", "痛點");
        a.set_answer("2.1.1", "臨櫃");
        a.set_answer("2.0.1", "無");
        a.set_meta("plan", "甲計畫");
        a
    }

    #[test]
    fn changes_come_in_form_order_with_unknown_ids_after_the_form_and_brics_last() {
        let before = sample();
        let mut after = sample();
        after.brics.push(BricsTable {
            id: "t".into(),
            title: "案例".into(),
            stakeholders: vec![Stakeholder {
                id: "s".into(),
                name: "申請者".into(),
                ..Stakeholder::default()
            }],
        });
        after.set_answer("10.1.1", "孤兒");
        after.set_answer("9.1.1", "孤兒");
        after.set_answer("2.0.1", "有");
        after.set_status("9.1", Status::Done);
        after.set_answer("1.2.1", "訪談");
        after.set_status("1.2", Status::Partial);
        after.add_evidence(
            "1.2",
            Evidence {
                label: "紀錄".into(),
                target: "r.pdf".into(),
            },
        );
        after.set_meta("service", "乙服務");
        after.set_meta("zzz", "額外");
        after.edition = "2".into();
        let diff = AssessmentDiff::between(&before, &after, &form());
        let paths: Vec<String> = diff.changes.iter().map(|c| c.path.to_string()).collect();
        assert_eq!(
            paths,
            [
                "edition",
                "meta/service",
                "meta/zzz",
                "1.2",
                "1.2/evidence",
                "1.2.1",
                "2.0.1",
                "9.1",
                "9.1.1",
                "10.1.1",
                "brics/order",
                "brics/t/title",
                "brics/t/order",
                "brics/t/s/name",
            ]
        );
        assert_eq!(diff.names.stakeholder("t", "s"), "申請者");
    }

    #[test]
    fn identical_assessments_have_no_changes() {
        let diff = AssessmentDiff::between(&sample(), &sample(), &form());
        assert!(diff.is_empty());
        assert_eq!(diff.stat().describe(Lang::En), "no changes");
        assert_eq!(diff.stat().describe(Lang::Zh), "沒有變更");
    }

    #[test]
    fn the_stat_counts_each_kind_and_reads_as_one_line_in_both_languages() {
        let mut before = sample();
        before.brics.push(BricsTable {
            id: "t".into(),
            title: "案例".into(),
            stakeholders: vec![Stakeholder {
                id: "s".into(),
                name: "申請者".into(),
                ..Stakeholder::default()
            }],
        });
        let mut after = before.clone();
        after.set_answer("1.1.1", "改一");
        after.set_answer("1.1.2", "改二");
        after.set_answer("2.1.1", "改三");
        after.set_answer("1.2.1", "新");
        after.set_status("1.1", Status::Done);
        if let Some(table) = after.table_mut("t") {
            table.stakeholders[0].benefit = "省時".into();
            table.stakeholders[0].risk = "外洩".into();
        }
        let stat = AssessmentDiff::between(&before, &after, &form()).stat();
        assert_eq!(
            stat,
            Stat {
                answers_changed: 3,
                answers_added: 1,
                items_done: 1,
                brics_cells: 2,
                ..Stat::default()
            }
        );
        assert_eq!(
            stat.describe(Lang::En),
            "3 answers changed, 1 answer added, 1 item done, BRiCS: 2 cells"
        );
        assert_eq!(
            stat.describe(Lang::Zh),
            "3 題回答修改、1 題新增回答、1 項檢核完成、BRiCS：2 格"
        );
    }

    #[test]
    fn the_stat_tells_other_statuses_removals_tables_and_reorders_apart() {
        let mut before = sample();
        before.set_status("1.1", Status::Done);
        let rows = vec![
            Stakeholder {
                id: "a".into(),
                name: "甲".into(),
                ..Stakeholder::default()
            },
            Stakeholder {
                id: "b".into(),
                name: "乙".into(),
                ..Stakeholder::default()
            },
        ];
        before.brics.push(BricsTable {
            id: "t".into(),
            title: "案例".into(),
            stakeholders: rows,
        });
        let mut after = before.clone();
        after.set_status("1.1", Status::Todo);
        after.set_answer("2.0.1", "");
        after.set_meta("plan", "");
        after.brics[0].stakeholders.reverse();
        after.brics.push(BricsTable {
            id: "u".into(),
            title: "新表".into(),
            stakeholders: vec![],
        });
        let stat = AssessmentDiff::between(&before, &after, &form()).stat();
        assert_eq!(
            stat,
            Stat {
                items_other: 1,
                answers_removed: 1,
                meta_changed: 1,
                brics_tables: 1,
                brics_reordered: 1,
                ..Stat::default()
            },
            "adding table u changes the table order too, but that is not a mere reorder"
        );
        assert_eq!(
            stat.describe(Lang::En),
            "1 answer removed, 1 other status change, 1 header field changed, BRiCS: 1 table, 1 reordering"
        );
    }
}
