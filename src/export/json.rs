//! JSON: the whole assessment with a `schema_version`, for programs.
//!
//! Shape (schema_version 1):
//! ```json
//! { "schema_version": 1, "form": "service", "edition": "1", "form_title": "…",
//!   "meta": { "plan": "…" },
//!   "completion": { "answered": 15, "questions": 16, "settled": 10, "items": 11, "percent": 92 },
//!   "guidelines": [ { "id": "1", "title": "了解使用者需求",
//!       "items": [ { "id": "1.1", "text": "…", "status": "done",
//!                    "evidence": [ { "label": "…", "target": "…" } ],
//!                    "questions": [ { "id": "1.1.1", "text": "…", "answer": "…" | null } ] } ],
//!       "questions": [ …questions under no item… ] } ],
//!   "orphans": { "answers": { "9.9.9": "…" }, "items": { "9.9": { "status": "done", "evidence": [] } } },
//!   "brics": [ { "id": "…", "title": "…", "stakeholders": [ { "id": "…", "name": "…",
//!       "kind": "user" | null, "benefit": "…", "risk": "…", "cost": "…" } ] } ] }
//! ```

use serde_json::{Value, json};

use crate::assessment::Assessment;
use crate::form::{Form, Guidelines, Question};

/// The schema version of [`assessment`]'s output; bumped on incompatible changes.
pub const SCHEMA_VERSION: u32 = 1;

/// The assessment as JSON (see the module docs for the shape).
pub fn assessment(assessment: &Assessment, form: &Form, guidelines: &Guidelines) -> Value {
    let question = |q: &Question| json!({ "id": q.id.as_str(), "text": q.text.as_str(), "answer": assessment.answers.get(q.id.as_str()) });
    let groups: Vec<Value> = form
        .groups
        .iter()
        .map(|group| {
            let items: Vec<Value> = group
                .items
                .iter()
                .map(|item| {
                    json!({
                        "id": item.id.as_str(),
                        "text": item.text.as_str(),
                        "status": assessment.status(&item.id).as_str(),
                        "evidence": evidence(assessment.evidence(&item.id)),
                        "questions": item.questions.iter().map(question).collect::<Vec<_>>(),
                    })
                })
                .collect();
            json!({
                "id": group.id.as_str(),
                "title": guidelines.guideline(&group.id).map(|g| g.title.as_str()),
                "items": items,
                "questions": group.questions.iter().map(question).collect::<Vec<_>>(),
            })
        })
        .collect();
    let orphan_answers: serde_json::Map<String, Value> = assessment
        .orphaned_answers(form)
        .map(|id| (id.to_owned(), json!(assessment.answer(id))))
        .collect();
    let orphan_items: serde_json::Map<String, Value> = assessment
        .orphaned_items(form)
        .map(|id| (id.to_owned(), json!({ "status": assessment.status(id).as_str(), "evidence": evidence(assessment.evidence(id)) })))
        .collect();
    let brics: Vec<Value> = assessment
        .brics
        .iter()
        .map(|table| {
            json!({
                "id": table.id,
                "title": table.title,
                "stakeholders": table.stakeholders.iter().map(|s| json!({
                    "id": s.id, "name": s.name,
                    "kind": if s.kind.is_empty() { Value::Null } else { json!(s.kind) },
                    "benefit": s.benefit, "risk": s.risk, "cost": s.cost,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "schema_version": SCHEMA_VERSION,
        "form": assessment.form,
        "edition": assessment.edition,
        "form_title": form.title.as_str(),
        "meta": assessment.meta,
        "completion": completion(assessment.completion(form, None)),
        "guidelines": groups,
        "orphans": { "answers": orphan_answers, "items": orphan_items },
        "brics": brics,
    })
}

/// 完成度 with the counts behind it, as `dsw status --json` gives it.
fn completion(done: crate::assessment::Completion) -> Value {
    json!({
        "answered": done.answered,
        "questions": done.questions,
        "settled": done.settled,
        "items": done.items,
        "percent": done.percent(),
    })
}

fn evidence(list: &[crate::assessment::Evidence]) -> Value {
    list.iter()
        .map(|e| json!({ "label": e.label, "target": e.target }))
        .collect()
}
