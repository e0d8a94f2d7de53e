//! An assessment seen as a flat map of fields, so that diff and merge work one field
//! at a time with the generic [`Diff`](super::Diff) and [`Merge`](super::Merge).
//!
//! A field that holds nothing is absent from the map: an empty answer or header
//! field, an item's status when it is `todo`, an item's empty evidence list, an empty
//! stakeholder cell. The one exception is a stakeholder's name: it is always present
//! for an existing stakeholder (even when the name is ""), because its presence is
//! what says the stakeholder exists. Likewise a table exists iff its title field does.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use crate::assessment::{Assessment, BricsTable, Cell, Evidence, ItemState, Stakeholder};
use crate::form::Status;
use crate::i18n::Lang;

/// Where a field lives in an assessment. Its textual form (see [`fmt::Display`]) is
/// what users type, e.g. `dsw resolve 7.3.2`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FieldPath {
    /// The form id: `form`.
    Form,
    /// The form edition: `edition`.
    Edition,
    /// A header field by field id: `meta/plan`.
    Meta(String),
    /// A checklist item's status by item id: `7.3`.
    Status(String),
    /// A checklist item's evidence list by item id: `7.3/evidence`.
    Evidence(String),
    /// A key question's answer by question id: `7.3.2`.
    Answer(String),
    /// A BRiCS table's title: `brics/<table>/title`.
    TableTitle(String),
    /// The order of the BRiCS tables: `brics/order`.
    TableOrder,
    /// The order of a table's stakeholders: `brics/<table>/order`.
    StakeholderOrder(String),
    /// One cell of a stakeholder row: `brics/<table>/<stakeholder>/<cell>` with the
    /// cell word of [`Cell::as_str`].
    Cell {
        /// The table id.
        table: String,
        /// The stakeholder id.
        stakeholder: String,
        /// Which cell.
        cell: Cell,
    },
}

/// The value of one field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// A text: an answer, header field, table title or stakeholder cell, form id or
    /// edition.
    Text(String),
    /// An item status (never `todo`: that is the absent value).
    Status(Status),
    /// An item's evidence list (never empty).
    Evidence(Vec<Evidence>),
    /// Ids in display order (never empty).
    Order(Vec<String>),
}

impl Value {
    /// The text, if this is a text.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Value::Text(text) => Some(text),
            _ => None,
        }
    }

    /// The ids, if this is an order.
    pub fn as_order(&self) -> Option<&[String]> {
        match self {
            Value::Order(ids) => Some(ids),
            _ => None,
        }
    }
}

impl FieldPath {
    /// Whether this field holds an order of ids (merged specially: never a conflict).
    pub fn is_order(&self) -> bool {
        matches!(self, FieldPath::TableOrder | FieldPath::StakeholderOrder(_))
    }
}

/// The fields of `a`; see the module documentation for which are absent.
pub fn fields(a: &Assessment) -> BTreeMap<FieldPath, Value> {
    let mut map = BTreeMap::new();
    map.insert(FieldPath::Form, Value::Text(a.form.clone()));
    map.insert(FieldPath::Edition, Value::Text(a.edition.clone()));
    for (id, value) in &a.meta {
        map.insert(FieldPath::Meta(id.clone()), Value::Text(value.clone()));
    }
    for (id, state) in &a.items {
        if state.status != Status::Todo {
            map.insert(FieldPath::Status(id.clone()), Value::Status(state.status));
        }
        if !state.evidence.is_empty() {
            map.insert(
                FieldPath::Evidence(id.clone()),
                Value::Evidence(state.evidence.clone()),
            );
        }
    }
    for (id, text) in &a.answers {
        map.insert(FieldPath::Answer(id.clone()), Value::Text(text.clone()));
    }
    if !a.brics.is_empty() {
        let ids = a.brics.iter().map(|t| t.id.clone()).collect();
        map.insert(FieldPath::TableOrder, Value::Order(ids));
    }
    for table in &a.brics {
        map.insert(
            FieldPath::TableTitle(table.id.clone()),
            Value::Text(table.title.clone()),
        );
        if !table.stakeholders.is_empty() {
            let ids = table.stakeholders.iter().map(|s| s.id.clone()).collect();
            map.insert(
                FieldPath::StakeholderOrder(table.id.clone()),
                Value::Order(ids),
            );
        }
        for stakeholder in &table.stakeholders {
            for cell in [
                Cell::Name,
                Cell::Kind,
                Cell::Benefit,
                Cell::Risk,
                Cell::Cost,
            ] {
                let text = stakeholder.cell(cell);
                if cell == Cell::Name || !text.is_empty() {
                    let path = FieldPath::Cell {
                        table: table.id.clone(),
                        stakeholder: stakeholder.id.clone(),
                        cell,
                    };
                    map.insert(path, Value::Text(text.to_owned()));
                }
            }
        }
    }
    map
}

/// A table being put back together.
#[derive(Default)]
struct TableParts {
    title: String,
    stakeholders: BTreeMap<String, Stakeholder>,
}

/// The assessment with these fields: the inverse of [`fields`].
///
/// Tables and stakeholders follow their order field; ones that have fields but are
/// missing from the order come after, in id order, and ids in an order with no
/// fields are skipped — so a merged order can never lose or invent a row. A
/// stakeholder with cells but no name gets the name "". A value of the wrong kind
/// for its path (which [`fields`] never produces) is ignored.
pub fn assemble(fields: &BTreeMap<FieldPath, Value>) -> Assessment {
    let mut a = Assessment::default();
    let mut tables: BTreeMap<String, TableParts> = BTreeMap::new();
    let mut table_order: &[String] = &[];
    let mut stakeholder_orders: BTreeMap<&str, &[String]> = BTreeMap::new();
    for (path, value) in fields {
        match (path, value) {
            (FieldPath::Form, Value::Text(text)) => a.form = text.clone(),
            (FieldPath::Edition, Value::Text(text)) => a.edition = text.clone(),
            (FieldPath::Meta(id), Value::Text(text)) => {
                a.meta.insert(id.clone(), text.clone());
            }
            (FieldPath::Status(id), Value::Status(status)) => {
                a.items.entry(id.clone()).or_default().status = *status;
            }
            (FieldPath::Evidence(id), Value::Evidence(evidence)) => {
                a.items.entry(id.clone()).or_default().evidence = evidence.clone();
            }
            (FieldPath::Answer(id), Value::Text(text)) => {
                a.answers.insert(id.clone(), text.clone());
            }
            (FieldPath::TableOrder, Value::Order(ids)) => table_order = ids,
            (FieldPath::StakeholderOrder(table), Value::Order(ids)) => {
                stakeholder_orders.insert(table, ids);
            }
            (FieldPath::TableTitle(table), Value::Text(title)) => {
                tables.entry(table.clone()).or_default().title = title.clone();
            }
            (
                FieldPath::Cell {
                    table,
                    stakeholder,
                    cell,
                },
                Value::Text(text),
            ) => {
                let row = tables
                    .entry(table.clone())
                    .or_default()
                    .stakeholders
                    .entry(stakeholder.clone())
                    .or_insert_with(|| Stakeholder {
                        id: stakeholder.clone(),
                        ..Stakeholder::default()
                    });
                *row.cell_mut(*cell) = text.clone();
            }
            _ => {}
        }
    }
    // An explicit `todo` with no evidence is the absent item; keep one representation.
    a.items.retain(|_, state| *state != ItemState::default());
    a.brics = in_order(table_order, tables)
        .into_iter()
        .map(|(id, parts)| {
            let order = stakeholder_orders.get(id.as_str()).copied().unwrap_or(&[]);
            let stakeholders = in_order(order, parts.stakeholders)
                .into_iter()
                .map(|(_, s)| s)
                .collect();
            BricsTable {
                id,
                title: parts.title,
                stakeholders,
            }
        })
        .collect();
    a
}

/// The entries of `present` in `order`, then the ones the order misses in id order.
/// Ids in the order that are not present, or repeated, are skipped.
fn in_order<V>(order: &[String], mut present: BTreeMap<String, V>) -> Vec<(String, V)> {
    let mut out = Vec::with_capacity(present.len());
    for id in order {
        if let Some(value) = present.remove(id) {
            out.push((id.clone(), value));
        }
    }
    out.extend(present);
    out
}

impl FieldPath {
    /// The path as a person types it: BRiCS tables and stakeholders by title and name
    /// where those are unique in `assessment` and hold no `/`, else by id (both are
    /// accepted by [`FieldPath::with_ids`]).
    pub fn with_names(&self, assessment: &Assessment) -> String {
        let table_name = |table: &str| table_key(assessment, table);
        let stakeholder_name =
            |table: &str, stakeholder: &str| stakeholder_key(assessment, table, stakeholder);
        match self {
            FieldPath::TableTitle(table) => format!("brics/{}/title", table_name(table)),
            FieldPath::StakeholderOrder(table) => format!("brics/{}/order", table_name(table)),
            FieldPath::Cell {
                table,
                stakeholder,
                cell,
            } => format!(
                "brics/{}/{}/{}",
                table_name(table),
                stakeholder_name(table, stakeholder),
                cell.as_str()
            ),
            other => other.to_string(),
        }
    }

    /// The path with BRiCS tables and stakeholders given by title or name turned into
    /// their ids in `assessment` (ids are kept as they are).
    pub fn with_ids(self, assessment: &Assessment) -> FieldPath {
        let table_id = |key: &str| {
            if assessment.brics.iter().any(|t| t.id == key) {
                return key.to_owned();
            }
            let mut found = assessment.brics.iter().filter(|t| t.title == key);
            match (found.next(), found.next()) {
                (Some(table), None) => table.id.clone(),
                _ => key.to_owned(),
            }
        };
        let stakeholder_id = |table: &str, key: &str| {
            let Some(rows) = assessment.brics.iter().find(|t| t.id == table) else {
                return key.to_owned();
            };
            if rows.stakeholders.iter().any(|s| s.id == key) {
                return key.to_owned();
            }
            let mut found = rows.stakeholders.iter().filter(|s| s.name == key);
            match (found.next(), found.next()) {
                (Some(row), None) => row.id.clone(),
                _ => key.to_owned(),
            }
        };
        match self {
            FieldPath::TableTitle(table) => FieldPath::TableTitle(table_id(&table)),
            FieldPath::StakeholderOrder(table) => FieldPath::StakeholderOrder(table_id(&table)),
            FieldPath::Cell {
                table,
                stakeholder,
                cell,
            } => {
                let table = table_id(&table);
                let stakeholder = stakeholder_id(&table, &stakeholder);
                FieldPath::Cell {
                    table,
                    stakeholder,
                    cell,
                }
            }
            other => other,
        }
    }

    /// Whether the field holds free text, which a conflict may be settled with by
    /// writing a new one (`dsw resolve --text`, the workbench's edit). A status,
    /// evidence list, order or stakeholder kind is one of a set of values: only
    /// mine or theirs.
    pub fn is_text(&self) -> bool {
        !matches!(
            self,
            FieldPath::Status(_)
                | FieldPath::Evidence(_)
                | FieldPath::TableOrder
                | FieldPath::StakeholderOrder(_)
                | FieldPath::Cell {
                    cell: Cell::Kind,
                    ..
                }
        )
    }
}

/// A title or name that can stand in a path as it is.
/// How a person types BRiCS table `table` of `assessment` in a path: its title
/// where that is unique and holds no `/`, else its id.
pub fn table_key(assessment: &Assessment, table: &str) -> String {
    let title = assessment
        .brics
        .iter()
        .find(|t| t.id == table)
        .map(|t| t.title.as_str());
    match title {
        Some(title)
            if is_name(title)
                && assessment.brics.iter().filter(|t| t.title == title).count() == 1 =>
        {
            title.to_owned()
        }
        _ => table.to_owned(),
    }
}

/// How a person types stakeholder `stakeholder` of table `table`: its name where
/// that is unique in the table and holds no `/`, else its id.
pub fn stakeholder_key(assessment: &Assessment, table: &str, stakeholder: &str) -> String {
    let rows = assessment
        .brics
        .iter()
        .find(|t| t.id == table)
        .map(|t| &t.stakeholders);
    let name = rows
        .and_then(|rows| rows.iter().find(|s| s.id == stakeholder))
        .map(|s| s.name.as_str());
    match (rows, name) {
        (Some(rows), Some(name))
            if is_name(name) && rows.iter().filter(|s| s.name == name).count() == 1 =>
        {
            name.to_owned()
        }
        _ => stakeholder.to_owned(),
    }
}

fn is_name(text: &str) -> bool {
    !text.trim().is_empty()
        && text.trim() == text
        && !text.contains('/')
        && !text.chars().any(crate::safe_text::is_hazard)
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldPath::Form => f.write_str("form"),
            FieldPath::Edition => f.write_str("edition"),
            FieldPath::Meta(id) => write!(f, "meta/{id}"),
            FieldPath::Status(id) | FieldPath::Answer(id) => f.write_str(id),
            FieldPath::Evidence(id) => write!(f, "{id}/evidence"),
            FieldPath::TableTitle(table) => write!(f, "brics/{table}/title"),
            FieldPath::TableOrder => f.write_str("brics/order"),
            FieldPath::StakeholderOrder(table) => write!(f, "brics/{table}/order"),
            FieldPath::Cell {
                table,
                stakeholder,
                cell,
            } => {
                write!(f, "brics/{table}/{stakeholder}/{}", cell.as_str())
            }
        }
    }
}

/// Text that is not a [`FieldPath`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{text}` is not a field (expected a question like 7.3.2, an item like 7.3, 7.3/evidence, \
     meta/FIELD, form, edition, brics/order, brics/TABLE/title, brics/TABLE/order or \
     brics/TABLE/STAKEHOLDER/benefit|risk|cost|kind|name)"
)]
pub struct ParsePathError {
    /// The text that was given.
    pub text: String,
}

impl ParsePathError {
    /// The message for people, in the interface language.
    pub fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.to_string(),
            Lang::Zh => format!(
                "`{}` 不是欄位代碼（應為關鍵問題如 7.3.2、檢核項目如 7.3、7.3/evidence、meta/欄位、\
                 form、edition、brics/order、brics/表/title、brics/表/order 或 \
                 brics/表/利害關係人/benefit|risk|cost|kind|name）",
                self.text
            ),
        }
    }
}

impl FromStr for FieldPath {
    type Err = ParsePathError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bad = || ParsePathError {
            text: text.to_owned(),
        };
        let segment = |s: &str| !s.is_empty() && !s.contains('/');
        match text {
            "form" => return Ok(FieldPath::Form),
            "edition" => return Ok(FieldPath::Edition),
            "brics/order" => return Ok(FieldPath::TableOrder),
            _ => {}
        }
        if let Some(field) = text.strip_prefix("meta/") {
            return if field.is_empty() {
                Err(bad())
            } else {
                Ok(FieldPath::Meta(field.to_owned()))
            };
        }
        if let Some(rest) = text.strip_prefix("brics/") {
            let parts: Vec<&str> = rest.split('/').collect();
            if !parts.iter().all(|part| segment(part)) {
                return Err(bad());
            }
            return match parts.as_slice() {
                [table, "title"] => Ok(FieldPath::TableTitle((*table).to_owned())),
                [table, "order"] => Ok(FieldPath::StakeholderOrder((*table).to_owned())),
                [table, stakeholder, word] => Cell::parse(word)
                    .map(|cell| FieldPath::Cell {
                        table: (*table).to_owned(),
                        stakeholder: (*stakeholder).to_owned(),
                        cell,
                    })
                    .ok_or_else(bad),
                _ => Err(bad()),
            };
        }
        if let Some(item) = text.strip_suffix("/evidence") {
            return if is_id(item, 2) {
                Ok(FieldPath::Evidence(item.to_owned()))
            } else {
                Err(bad())
            };
        }
        // Item ids are `<guideline>.<n>` and question ids `<item>.<m>` (validated in
        // the form), so the number of parts tells them apart.
        if is_id(text, 2) {
            Ok(FieldPath::Status(text.to_owned()))
        } else if is_id(text, 3) {
            Ok(FieldPath::Answer(text.to_owned()))
        } else {
            Err(bad())
        }
    }
}

/// Whether `text` is a dotted id of `parts` non-empty parts.
fn is_id(text: &str, parts: usize) -> bool {
    text.split('.').count() == parts
        && text
            .split('.')
            .all(|part| !part.is_empty() && !part.contains(['/', ' ']))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::super::testing::assessment;
    use super::*;

    proptest! {
        #[test]
        fn assemble_inverts_fields(a in assessment()) {
            prop_assert_eq!(assemble(&fields(&a)), a);
        }

        #[test]
        fn every_field_path_reads_back_from_its_text(path in path()) {
            let text = path.to_string();
            prop_assert_eq!(text.parse::<FieldPath>(), Ok(path));
        }
    }

    fn id() -> impl Strategy<Value = String> {
        "[a-z0-9_]{1,8}"
    }

    fn path() -> impl Strategy<Value = FieldPath> {
        let cell = prop::sample::select(vec![
            Cell::Benefit,
            Cell::Risk,
            Cell::Cost,
            Cell::Kind,
            Cell::Name,
        ]);
        prop_oneof![
            Just(FieldPath::Form),
            Just(FieldPath::Edition),
            Just(FieldPath::TableOrder),
            id().prop_map(FieldPath::Meta),
            "[0-9]{1,2}\\.[0-9]{1,2}".prop_map(FieldPath::Status),
            "[0-9]{1,2}\\.[0-9]{1,2}".prop_map(FieldPath::Evidence),
            "[0-9]{1,2}\\.[0-9]{1,2}\\.[0-9]{1,2}".prop_map(FieldPath::Answer),
            id().prop_map(FieldPath::TableTitle),
            id().prop_map(FieldPath::StakeholderOrder),
            (id(), id(), cell).prop_map(|(table, stakeholder, cell)| FieldPath::Cell {
                table,
                stakeholder,
                cell
            }),
        ]
    }

    #[test]
    fn paths_have_the_documented_text() {
        let cases = [
            (FieldPath::Answer("7.3.2".into()), "7.3.2"),
            (FieldPath::Status("7.3".into()), "7.3"),
            (FieldPath::Evidence("7.3".into()), "7.3/evidence"),
            (FieldPath::Meta("plan".into()), "meta/plan"),
            (FieldPath::Form, "form"),
            (FieldPath::Edition, "edition"),
            (FieldPath::TableOrder, "brics/order"),
            (FieldPath::TableTitle("t1".into()), "brics/t1/title"),
            (FieldPath::StakeholderOrder("t1".into()), "brics/t1/order"),
            (
                FieldPath::Cell {
                    table: "t1".into(),
                    stakeholder: "s1".into(),
                    cell: Cell::Benefit,
                },
                "brics/t1/s1/benefit",
            ),
        ];
        for (path, text) in cases {
            assert_eq!(path.to_string(), text);
            assert_eq!(text.parse::<FieldPath>(), Ok(path));
        }
    }

    #[test]
    fn malformed_paths_are_rejected_with_the_expected_forms() {
        for text in [
            "",
            "7",
            "7.3.2.1",
            "meta/",
            "brics/t1",
            "brics/t1/s1/colour",
            "7/evidence",
            "brics//title",
        ] {
            let error = text.parse::<FieldPath>().expect_err(text);
            assert!(error.to_string().contains("7.3.2"), "{error}");
            assert!(error.message(Lang::Zh).contains("關鍵問題"));
        }
    }

    #[test]
    fn empty_cells_and_todo_status_are_absent_but_a_name_is_always_there() {
        let mut a = Assessment::default();
        a.set_status("1.1", Status::Todo);
        a.add_evidence(
            "1.2",
            Evidence {
                label: "x".into(),
                target: "y".into(),
            },
        );
        a.brics.push(BricsTable {
            id: "t".into(),
            title: String::new(),
            stakeholders: vec![Stakeholder {
                id: "s".into(),
                benefit: "b".into(),
                ..Stakeholder::default()
            }],
        });
        let map = fields(&a);
        let cell = |cell| FieldPath::Cell {
            table: "t".into(),
            stakeholder: "s".into(),
            cell,
        };
        assert_eq!(
            map.get(&cell(Cell::Name)),
            Some(&Value::Text(String::new()))
        );
        assert_eq!(
            map.get(&cell(Cell::Benefit)),
            Some(&Value::Text("b".into()))
        );
        assert!(!map.contains_key(&cell(Cell::Risk)));
        assert!(!map.contains_key(&FieldPath::Status("1.1".into())));
        assert!(!map.contains_key(&FieldPath::Status("1.2".into())));
        assert!(map.contains_key(&FieldPath::Evidence("1.2".into())));
        assert_eq!(
            map.get(&FieldPath::TableTitle("t".into())),
            Some(&Value::Text(String::new()))
        );
    }

    #[test]
    fn assemble_follows_orders_appends_missing_ids_and_skips_unknown_ones() {
        let mut map = BTreeMap::new();
        let name = |table: &str, stakeholder: &str| FieldPath::Cell {
            table: table.into(),
            stakeholder: stakeholder.into(),
            cell: Cell::Name,
        };
        map.insert(
            FieldPath::TableOrder,
            Value::Order(vec!["b".into(), "gone".into()]),
        );
        map.insert(FieldPath::TableTitle("a".into()), Value::Text("A".into()));
        map.insert(FieldPath::TableTitle("b".into()), Value::Text("B".into()));
        map.insert(
            FieldPath::StakeholderOrder("b".into()),
            Value::Order(vec!["y".into(), "x".into()]),
        );
        map.insert(name("b", "x"), Value::Text("X".into()));
        map.insert(name("b", "y"), Value::Text("Y".into()));
        map.insert(name("b", "z"), Value::Text("Z".into()));
        map.insert(
            FieldPath::Cell {
                table: "b".into(),
                stakeholder: "w".into(),
                cell: Cell::Risk,
            },
            Value::Text("r".into()),
        );
        let a = assemble(&map);
        let tables: Vec<&str> = a.brics.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(tables, ["b", "a"]);
        let rows: Vec<(&str, &str)> = a.brics[0]
            .stakeholders
            .iter()
            .map(|s| (s.id.as_str(), s.name.as_str()))
            .collect();
        assert_eq!(rows, [("y", "Y"), ("x", "X"), ("w", ""), ("z", "Z")]);
    }
}
