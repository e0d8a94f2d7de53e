//! Three-way merge of assessments, field by field.
//!
//! Each field is merged with the trivial-merge rule of [`Merge::resolve`]; a field
//! both sides changed differently is a [`Conflict`]. Orders of tables and
//! stakeholders never conflict: both sides' additions and removals are kept (see
//! [`merge_order`]). One more conflict is found across fields: a stakeholder or
//! table that one side deleted while the other side edited something in it — left
//! alone, the merge would bring back a row without its name.

use std::collections::{BTreeMap, BTreeSet};

use super::fields::{FieldPath, Value, assemble, fields};
use super::generic::Merge;
use crate::assessment::{Assessment, Cell};

/// A field both sides changed differently, with its three values (`None` = absent:
/// empty, or deleted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// The field.
    pub path: FieldPath,
    /// The value at the common ancestor.
    pub base: Option<Value>,
    /// Our value (the draft being committed).
    pub ours: Option<Value>,
    /// Their value (what landed meanwhile).
    pub theirs: Option<Value>,
}

/// Merges the changes `ours` and `theirs` made since `base`, or returns every
/// conflict, sorted by path.
pub fn merge(
    base: &Assessment,
    ours: &Assessment,
    theirs: &Assessment,
) -> Result<Assessment, Vec<Conflict>> {
    let sides = Merge {
        base: fields(base),
        ours: fields(ours),
        theirs: fields(theirs),
    };
    let paths: BTreeSet<&FieldPath> = sides
        .base
        .keys()
        .chain(sides.ours.keys())
        .chain(sides.theirs.keys())
        .collect();
    let at = |path: &FieldPath| Merge {
        base: sides.base.get(path).cloned(),
        ours: sides.ours.get(path).cloned(),
        theirs: sides.theirs.get(path).cloned(),
    };
    let conflict = |path: &FieldPath| {
        let values = at(path);
        Conflict {
            path: path.clone(),
            base: values.base,
            ours: values.ours,
            theirs: values.theirs,
        }
    };

    let mut merged = BTreeMap::new();
    let mut conflicts = Vec::new();
    for path in paths {
        let values = at(path);
        let resolved = if path.is_order() {
            Some(merge_order(&values))
        } else {
            values.resolve()
        };
        match resolved {
            Some(Some(value)) => {
                merged.insert(path.clone(), value);
            }
            Some(None) => {}
            None => conflicts.push(conflict(path)),
        }
    }

    // A row or table is touched when a field inside it survives the merge or is in
    // conflict; if its name or title did not survive, one side deleted it while the
    // other edited it. Rows first, so that their conflicts count for their table.
    for container in [row_name, table_title] {
        let touched: BTreeSet<FieldPath> = merged
            .keys()
            .chain(conflicts.iter().map(|c| &c.path))
            .filter_map(container)
            .collect();
        for owner in touched {
            if !merged.contains_key(&owner) && !conflicts.iter().any(|c| c.path == owner) {
                conflicts.push(conflict(&owner));
            }
        }
    }

    if conflicts.is_empty() {
        Ok(assemble(&merged))
    } else {
        conflicts.sort_by(|a, b| a.path.cmp(&b.path));
        Err(conflicts)
    }
}

/// The name field of the stakeholder row a cell (other than the name) belongs to.
fn row_name(path: &FieldPath) -> Option<FieldPath> {
    match path {
        FieldPath::Cell {
            table,
            stakeholder,
            cell,
        } if *cell != Cell::Name => Some(FieldPath::Cell {
            table: table.clone(),
            stakeholder: stakeholder.clone(),
            cell: Cell::Name,
        }),
        _ => None,
    }
}

/// The title field of the table a stakeholder cell belongs to. (A table's orders do
/// not count: an order merged against a deleted table keeps only rows added to it,
/// and those rows have cells.)
fn table_title(path: &FieldPath) -> Option<FieldPath> {
    match path {
        FieldPath::Cell { table, .. } => Some(FieldPath::TableTitle(table.clone())),
        _ => None,
    }
}

/// Merges an order of ids so that neither side's additions or removals are lost:
/// if one side left it alone, the other side's order; otherwise our order, without
/// the ids they removed, followed by the ids only they added, in their order.
fn merge_order(values: &Merge<Option<Value>>) -> Option<Value> {
    if values.ours == values.base {
        return values.theirs.clone();
    }
    if values.theirs == values.base {
        return values.ours.clone();
    }
    let ids = |value: &Option<Value>| {
        value
            .as_ref()
            .and_then(Value::as_order)
            .unwrap_or(&[])
            .to_vec()
    };
    let (base, ours, theirs) = (ids(&values.base), ids(&values.ours), ids(&values.theirs));
    let mut order: Vec<String> = ours
        .iter()
        .filter(|id| theirs.contains(id) || !base.contains(id))
        .cloned()
        .collect();
    for id in &theirs {
        if !base.contains(id) && !order.contains(id) {
            order.push(id.clone());
        }
    }
    // An empty order is the absent one (no tables / no stakeholders).
    (!order.is_empty()).then_some(Value::Order(order))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::super::testing::assessment;
    use super::*;
    use crate::assessment::{BricsTable, Stakeholder};

    fn answers(pairs: &[(&str, &str)]) -> Assessment {
        let mut a = Assessment {
            form: "test".into(),
            edition: "1".into(),
            ..Assessment::default()
        };
        for (id, text) in pairs {
            a.set_answer(id, *text);
        }
        a
    }

    fn row(id: &str, name: &str) -> Stakeholder {
        Stakeholder {
            id: id.into(),
            name: name.into(),
            ..Stakeholder::default()
        }
    }

    fn with_table(rows: Vec<Stakeholder>) -> Assessment {
        let mut a = answers(&[]);
        a.brics.push(BricsTable {
            id: "t".into(),
            title: "案例".into(),
            stakeholders: rows,
        });
        a
    }

    fn ids(a: &Assessment) -> Vec<&str> {
        a.brics
            .iter()
            .flat_map(|t| t.stakeholders.iter().map(|s| s.id.as_str()))
            .collect()
    }

    fn text(s: &str) -> Option<Value> {
        Some(Value::Text(s.into()))
    }

    #[test]
    fn the_same_answer_changed_on_both_sides_is_a_conflict_with_all_three_versions() {
        let base = answers(&[("1.1.1", "原本")]);
        let ours = answers(&[("1.1.1", "我們的"), ("1.1.2", "甲"), ("2.0.1", "同")]);
        let theirs = answers(&[("1.1.1", "他們的"), ("1.1.2", "乙"), ("2.0.1", "同")]);
        let conflicts = merge(&base, &ours, &theirs).expect_err("two conflicts");
        assert_eq!(
            conflicts,
            [
                Conflict {
                    path: FieldPath::Answer("1.1.1".into()),
                    base: text("原本"),
                    ours: text("我們的"),
                    theirs: text("他們的"),
                },
                Conflict {
                    path: FieldPath::Answer("1.1.2".into()),
                    base: None,
                    ours: text("甲"),
                    theirs: text("乙")
                },
            ],
            "every conflict, sorted, and none for the identical change"
        );
    }

    #[test]
    fn a_deletion_against_an_edit_conflicts() {
        let base = answers(&[("1.1.1", "原本")]);
        let conflicts =
            merge(&base, &answers(&[]), &answers(&[("1.1.1", "改過")])).expect_err("conflict");
        assert_eq!(conflicts.len(), 1);
        assert_eq!(conflicts[0].ours, None);
    }

    #[test]
    fn stakeholders_added_on_both_sides_are_all_kept() {
        let base = with_table(vec![row("a", "甲")]);
        let ours = with_table(vec![row("a", "甲"), row("b", "乙")]);
        let theirs = with_table(vec![row("c", "丙"), row("a", "甲")]);
        let merged = merge(&base, &ours, &theirs).expect("no conflict");
        assert_eq!(ids(&merged), ["a", "b", "c"]);
    }

    #[test]
    fn a_reorder_on_one_side_and_a_removal_on_the_other_both_apply() {
        let base = with_table(vec![row("a", "甲"), row("b", "乙"), row("c", "丙")]);
        let ours = with_table(vec![row("c", "丙"), row("b", "乙"), row("a", "甲")]);
        let theirs = with_table(vec![row("a", "甲"), row("c", "丙"), row("d", "丁")]);
        let merged = merge(&base, &ours, &theirs).expect("no conflict");
        assert_eq!(ids(&merged), ["c", "a", "d"]);
    }

    #[test]
    fn deleting_a_stakeholder_that_the_other_side_filled_in_conflicts_on_its_name() {
        let base = with_table(vec![row("a", "甲"), row("b", "乙")]);
        let ours = with_table(vec![row("b", "乙")]);
        let mut filled = row("a", "甲");
        filled.risk = "個資外洩".into();
        let theirs = with_table(vec![filled, row("b", "乙")]);
        let conflicts = merge(&base, &ours, &theirs).expect_err("delete vs edit");
        let name = FieldPath::Cell {
            table: "t".into(),
            stakeholder: "a".into(),
            cell: Cell::Name,
        };
        assert_eq!(conflicts.len(), 1);
        assert_eq!(conflicts[0].path, name);
        assert_eq!(
            (conflicts[0].ours.clone(), conflicts[0].theirs.clone()),
            (None, text("甲"))
        );
    }

    #[test]
    fn deleting_a_table_that_the_other_side_added_a_row_to_conflicts_on_its_title() {
        let base = with_table(vec![]);
        let ours = answers(&[]);
        let theirs = with_table(vec![row("n", "新")]);
        let conflicts = merge(&base, &ours, &theirs).expect_err("delete vs edit");
        let paths: Vec<String> = conflicts.iter().map(|c| c.path.to_string()).collect();
        assert_eq!(paths, ["brics/t/title"]);
    }

    /// Whether both sides changed `path`, differently — computed without `Merge`.
    fn changed_differently(b: Option<&Value>, o: Option<&Value>, t: Option<&Value>) -> bool {
        o != b && t != b && o != t
    }

    /// The conflicts a merge must report, worked out from the three field maps.
    fn expected_conflicts(
        base: &Assessment,
        ours: &Assessment,
        theirs: &Assessment,
    ) -> BTreeSet<FieldPath> {
        let (b, o, t) = (fields(base), fields(ours), fields(theirs));
        let paths: BTreeSet<&FieldPath> = b.keys().chain(o.keys()).chain(t.keys()).collect();
        let mut expected: BTreeSet<FieldPath> = paths
            .iter()
            .filter(|p| !p.is_order() && changed_differently(b.get(p), o.get(p), t.get(p)))
            .map(|p| (*p).clone())
            .collect();
        // A name or title one side deleted and the other kept as it was, while that
        // other side made something inside present and different.
        for owner in paths.iter().filter(|p| {
            matches!(
                p,
                FieldPath::TableTitle(_)
                    | FieldPath::Cell {
                        cell: Cell::Name,
                        ..
                    }
            )
        }) {
            let kept_by = if !o.contains_key(*owner) && t.get(owner) == b.get(owner) {
                &t
            } else if !t.contains_key(*owner) && o.get(owner) == b.get(owner) {
                &o
            } else {
                continue;
            };
            let inside = |p: &FieldPath| match (owner, p) {
                (FieldPath::TableTitle(table), FieldPath::Cell { table: x, .. }) => table == x,
                (
                    FieldPath::Cell {
                        table, stakeholder, ..
                    },
                    FieldPath::Cell {
                        table: x,
                        stakeholder: y,
                        cell,
                    },
                ) => table == x && stakeholder == y && *cell != Cell::Name,
                _ => false,
            };
            if b.contains_key(*owner)
                && paths
                    .iter()
                    .any(|p| inside(p) && kept_by.get(p).is_some() && kept_by.get(p) != b.get(p))
            {
                expected.insert((*owner).clone());
            }
        }
        expected
    }

    /// `base` with each field replaced, where `pick` says so, by `other`'s.
    fn mix(base: &Assessment, other: &Assessment, pick: &[bool]) -> Assessment {
        let (b, x) = (fields(base), fields(other));
        let paths: BTreeSet<&FieldPath> = b.keys().chain(x.keys()).collect();
        let mut mixed = BTreeMap::new();
        for (n, path) in paths.into_iter().enumerate() {
            let from = if pick[n % pick.len()] { &x } else { &b };
            if let Some(value) = from.get(path) {
                mixed.insert(path.clone(), value.clone());
            }
        }
        assemble(&mixed)
    }

    fn edits() -> impl Strategy<Value = (Assessment, Assessment, Assessment)> {
        let side = || {
            (
                assessment(),
                prop::collection::vec(prop::bool::weighted(0.3), 1..40),
            )
        };
        (assessment(), side(), side()).prop_map(|(base, (x, px), (y, py))| {
            let ours = mix(&base, &x, &px);
            let theirs = mix(&base, &y, &py);
            (base, ours, theirs)
        })
    }

    proptest! {
        #[test]
        fn only_our_changes_give_ours(b in assessment(), x in assessment()) {
            prop_assert_eq!(merge(&b, &x, &b), Ok(x));
        }

        #[test]
        fn only_their_changes_give_theirs(b in assessment(), y in assessment()) {
            prop_assert_eq!(merge(&b, &b, &y), Ok(y));
        }

        #[test]
        fn the_same_change_on_both_sides_gives_it(b in assessment(), x in assessment()) {
            prop_assert_eq!(merge(&b, &x, &x), Ok(x));
        }

        #[test]
        fn a_conflict_is_reported_iff_both_sides_changed_a_field_differently((base, ours, theirs) in edits()) {
            let expected = expected_conflicts(&base, &ours, &theirs);
            match merge(&base, &ours, &theirs) {
                Ok(merged) => {
                    prop_assert!(expected.is_empty(), "missed conflicts {:?}", expected);
                    // Every field (orders aside) is the one side's change or the agreed value.
                    let (b, o, t, m) = (fields(&base), fields(&ours), fields(&theirs), fields(&merged));
                    for path in b.keys().chain(o.keys()).chain(t.keys()).chain(m.keys()).filter(|p| !p.is_order()) {
                        let want = if o.get(path) == b.get(path) { t.get(path) } else { o.get(path) };
                        prop_assert_eq!(m.get(path), want, "{}", path);
                    }
                }
                Err(conflicts) => {
                    let paths: Vec<FieldPath> = conflicts.iter().map(|c| c.path.clone()).collect();
                    let mut sorted = paths.clone();
                    sorted.sort();
                    sorted.dedup();
                    prop_assert_eq!(&paths, &sorted, "sorted, each once");
                    prop_assert_eq!(paths.into_iter().collect::<BTreeSet<_>>(), expected);
                }
            }
        }

        #[test]
        fn edits_to_different_questions_always_merge(
            base in assessment(),
            ours_edits in prop::collection::btree_map(prop::sample::select(vec!["1.1.1", "1.1.2", "1.1.3"]), "[甲乙]{0,2}", 0..=3),
            theirs_edits in prop::collection::btree_map(prop::sample::select(vec!["1.1.4", "2.0.1", "9.1.1"]), "[丙丁]{0,2}", 0..=3),
        ) {
            let mut ours = base.clone();
            for (id, text) in &ours_edits {
                ours.set_answer(id, text);
            }
            let mut theirs = base.clone();
            for (id, text) in &theirs_edits {
                theirs.set_answer(id, text);
            }
            let merged = merge(&base, &ours, &theirs);
            prop_assert!(merged.is_ok(), "{:?}", merged);
            let merged = merged.unwrap_or_default();
            for (id, text) in ours_edits.iter().chain(&theirs_edits) {
                prop_assert_eq!(merged.answer(id), text.as_str());
            }
        }
    }
}
