//! Test support: a small form and random small assessments for property tests.

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;

use crate::assessment::{Assessment, BricsTable, Evidence, ItemState, Stakeholder};
use crate::form::{Form, Status};

/// Two guidelines, three items, five questions (one under no item), two header fields.
pub const FORM: &str = r#"
id = "test"
title = "測試表"
edition = "1"

[[field]]
id = "plan"
label = "計畫名稱"

[[field]]
id = "service"
label = "服務名稱"

[[guideline]]
id = "1"

[[guideline.item]]
id = "1.1"
text = "已從使用者觀點描述服務情境"

[[guideline.item.question]]
id = "1.1.1"
text = "誰是服務的使用者？"

[[guideline.item.question]]
id = "1.1.2"
text = "使用者的痛點？"

[[guideline.item]]
id = "1.2"
text = "已規劃使用者研究"

[[guideline.item.question]]
id = "1.2.1"
text = "如何訪談使用者？"

[[guideline]]
id = "2"

[[guideline.item]]
id = "2.1"
text = "已提供多元管道"

[[guideline.item.question]]
id = "2.1.1"
text = "有哪些管道？"

[[guideline.question]]
id = "2.0.1"
text = "其他說明？"
"#;

/// The test form.
/// A BRiCS table 資料申請 (id `t`) with one stakeholder 申請者 (id `s`) of `kind`.
pub fn sample_table(kind: &str) -> BricsTable {
    BricsTable {
        id: "t".into(),
        title: "資料申請".into(),
        stakeholders: vec![Stakeholder {
            id: "s".into(),
            name: "申請者".into(),
            kind: kind.into(),
            ..Stakeholder::default()
        }],
    }
}

pub fn form() -> Form {
    match crate::diagnostic::parse_toml::<Form>("test.toml", FORM) {
        Ok(form) => form,
        Err(report) => panic!("test form: {report:?}"),
    }
}

fn text() -> impl Strategy<Value = String> {
    // Few values, so that two random sides often agree and often collide.
    prop::sample::select(vec!["甲", "乙", "誰是服務的使用者", "一\n二", "a b"])
        .prop_map(str::to_owned)
}

fn maybe_empty_text() -> impl Strategy<Value = String> {
    prop_oneof![Just(String::new()), text()]
}

fn evidence() -> impl Strategy<Value = Evidence> {
    (
        prop::sample::select(vec!["計畫書", "網站"]),
        prop::sample::select(vec!["doc.pdf", "https://x"]),
    )
        .prop_map(|(label, target)| Evidence {
            label: label.into(),
            target: target.into(),
        })
}

fn item_state() -> impl Strategy<Value = ItemState> {
    (
        prop::sample::select(Status::ALL.to_vec()),
        prop::collection::vec(evidence(), 0..=2),
    )
        .prop_map(|(status, evidence)| ItemState { status, evidence })
}

fn stakeholder() -> impl Strategy<Value = Stakeholder> {
    (
        prop::sample::select(vec!["s1", "s2", "s3", "s4"]),
        maybe_empty_text(),
        prop::sample::select(vec!["", "user", "provider"]),
        maybe_empty_text(),
        maybe_empty_text(),
        maybe_empty_text(),
    )
        .prop_map(|(id, name, kind, benefit, risk, cost)| Stakeholder {
            id: id.into(),
            name,
            kind: kind.into(),
            benefit,
            risk,
            cost,
        })
}

fn table() -> impl Strategy<Value = BricsTable> {
    (
        prop::sample::select(vec!["t1", "t2", "t3"]),
        maybe_empty_text(),
        prop::collection::vec(stakeholder(), 0..=3),
    )
        .prop_map(|(id, title, stakeholders)| BricsTable {
            id: id.into(),
            title,
            stakeholders: unique_by_id(stakeholders, |s| s.id.clone()),
        })
}

fn unique_by_id<T>(list: Vec<T>, id: impl Fn(&T) -> String) -> Vec<T> {
    let mut seen = BTreeSet::new();
    list.into_iter().filter(|x| seen.insert(id(x))).collect()
}

/// A random valid assessment over a handful of ids (some of them not in the form).
pub fn assessment() -> impl Strategy<Value = Assessment> {
    let meta = prop::collection::btree_map(
        prop::sample::select(vec!["plan", "service", "other"]),
        text(),
        0..=3,
    );
    let items = prop::collection::btree_map(
        prop::sample::select(vec!["1.1", "1.2", "2.1", "9.1"]),
        item_state(),
        0..=3,
    );
    let questions = vec!["1.1.1", "1.1.2", "1.1.3", "1.1.4", "2.0.1", "9.1.1"];
    let answers = prop::collection::btree_map(prop::sample::select(questions), text(), 0..=4);
    let tables = prop::collection::vec(table(), 0..=2);
    (
        prop::sample::select(vec!["1", "2"]),
        meta,
        items,
        answers,
        tables,
    )
        .prop_map(|(edition, meta, items, answers, tables)| Assessment {
            form: "test".into(),
            edition: edition.into(),
            meta: owned(meta),
            items: items
                .into_iter()
                .filter(|(_, state)| *state != ItemState::default())
                .map(|(id, state)| (id.to_owned(), state))
                .collect(),
            answers: owned(answers),
            brics: unique_by_id(tables, |t| t.id.clone()),
        })
}

fn owned(map: BTreeMap<&str, String>) -> BTreeMap<String, String> {
    map.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
}
