//! JSON: the whole assessment with a `schema_version`, for programs — typed structs
//! serialised from the [`FormReport`], so that the shape is the code's and a change of
//! shape is a change of type.
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
//!       "kind": "user" | null, "benefit": "…", "risk": "…", "cost": "…" } ] } ],
//!   "review": [ …審查意見, see `review_json`… ],
//!   "revision": { "id": "…", "date": "…", "author": "…", "iterations": [ "…" ] } }
//! ```
//! `review` is always there (an empty array without comments): the comments on the
//! assessment as [`super::review_json`] writes them. `revision` is there when the
//! report shows a revision of the repository; `dsw show --json` gives the commit id
//! there instead, and `draft` (the draft's user) for a draft.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::assessment::{Completion, Evidence};
use crate::form::Status;
use crate::report::FormReport;
use crate::report::form::{ItemReport, QuestionReport, TableReport};

/// The version of the shape below. A type, not a number written by hand: the shape
/// and its version change together.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(into = "u32")]
pub struct SchemaVersion1;

impl From<SchemaVersion1> for u32 {
    fn from(_: SchemaVersion1) -> u32 {
        1
    }
}

/// The assessment as programs read it (see the module docs for the shape).
#[derive(Debug, Serialize)]
pub struct AssessmentJson<'a> {
    schema_version: SchemaVersion1,
    form: &'a str,
    edition: &'a str,
    form_title: &'a str,
    meta: &'a BTreeMap<String, String>,
    completion: CompletionJson,
    guidelines: Vec<GuidelineJson<'a>>,
    orphans: OrphansJson<'a>,
    brics: Vec<TableJson<'a>>,
    review: serde_json::Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    revision: Option<RevisionJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    draft: Option<&'a str>,
}

impl<'a> AssessmentJson<'a> {
    /// As `dsw show --json` gives it: the revision by its commit id, and the draft's
    /// user when it shows a draft.
    pub fn shown(mut self, commit: &'a str, draft: Option<&'a str>) -> Self {
        self.revision = Some(RevisionJson::Id(commit));
        self.draft = draft;
        self
    }
}

/// 完成度 with the counts behind it, as `dsw status --json` gives it.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct CompletionJson {
    answered: usize,
    questions: usize,
    settled: usize,
    items: usize,
    percent: usize,
}

impl From<Completion> for CompletionJson {
    fn from(done: Completion) -> Self {
        CompletionJson {
            answered: done.answered,
            questions: done.questions,
            settled: done.settled,
            items: done.items,
            percent: done.percent(),
        }
    }
}

#[derive(Debug, Serialize)]
struct GuidelineJson<'a> {
    id: &'a str,
    title: Option<&'a str>,
    items: Vec<ItemJson<'a>>,
    questions: Vec<QuestionJson<'a>>,
}

#[derive(Debug, Serialize)]
struct ItemJson<'a> {
    id: &'a str,
    text: &'a str,
    status: Status,
    evidence: Vec<EvidenceJson<'a>>,
    questions: Vec<QuestionJson<'a>>,
}

#[derive(Debug, Serialize)]
struct QuestionJson<'a> {
    id: &'a str,
    text: &'a str,
    /// Null when unanswered.
    answer: Option<&'a str>,
}

#[derive(Debug, Serialize)]
struct EvidenceJson<'a> {
    label: &'a str,
    target: &'a str,
}

#[derive(Debug, Serialize)]
struct OrphansJson<'a> {
    answers: BTreeMap<&'a str, &'a str>,
    items: BTreeMap<&'a str, OrphanedItemJson<'a>>,
}

#[derive(Debug, Serialize)]
struct OrphanedItemJson<'a> {
    status: Status,
    evidence: Vec<EvidenceJson<'a>>,
}

#[derive(Debug, Serialize)]
struct TableJson<'a> {
    id: &'a str,
    title: &'a str,
    stakeholders: Vec<StakeholderJson<'a>>,
}

#[derive(Debug, Serialize)]
struct StakeholderJson<'a> {
    id: &'a str,
    name: &'a str,
    /// The kind's id; null when none.
    kind: Option<&'a str>,
    benefit: &'a str,
    risk: &'a str,
    cost: &'a str,
}

/// Which revision: the whole description for an export, the commit id for `show`.
#[derive(Debug, Serialize)]
#[serde(untagged)]
enum RevisionJson<'a> {
    Full {
        id: &'a str,
        date: &'a str,
        author: &'a str,
        iterations: &'a [String],
    },
    Id(&'a str),
}

/// The assessment of `report` as JSON (see the module docs for the shape).
pub fn assessment(report: &FormReport) -> AssessmentJson<'_> {
    AssessmentJson {
        schema_version: SchemaVersion1,
        form: &report.form_id,
        edition: &report.edition,
        form_title: &report.title,
        meta: &report.meta,
        completion: report.completion.into(),
        guidelines: report
            .groups
            .iter()
            .map(|group| GuidelineJson {
                id: &group.id,
                title: group.title.as_deref(),
                items: group.items.iter().map(item).collect(),
                questions: group.questions.iter().map(question).collect(),
            })
            .collect(),
        orphans: OrphansJson {
            answers: report
                .orphaned_answers
                .iter()
                .map(|(id, answer)| (id.as_str(), answer.as_str()))
                .collect(),
            items: report
                .orphaned_items
                .iter()
                .map(|orphan| {
                    let state = OrphanedItemJson {
                        status: orphan.status,
                        evidence: evidence(&orphan.evidence),
                    };
                    (orphan.id.as_str(), state)
                })
                .collect(),
        },
        brics: report.brics.tables.iter().map(table).collect(),
        review: super::review_json::list(&report.comments),
        revision: report.revision.as_ref().map(|r| RevisionJson::Full {
            id: &r.id,
            date: &r.date,
            author: &r.author,
            iterations: &r.iterations,
        }),
        draft: None,
    }
}

fn item(item: &ItemReport) -> ItemJson<'_> {
    ItemJson {
        id: &item.id,
        text: &item.text,
        status: item.status,
        evidence: evidence(&item.evidence),
        questions: item.questions.iter().map(question).collect(),
    }
}

fn question(question: &QuestionReport) -> QuestionJson<'_> {
    QuestionJson {
        id: &question.id,
        text: &question.text,
        answer: (!question.answer.is_empty()).then_some(question.answer.as_str()),
    }
}

fn evidence(list: &[Evidence]) -> Vec<EvidenceJson<'_>> {
    list.iter()
        .map(|e| EvidenceJson {
            label: &e.label,
            target: &e.target,
        })
        .collect()
}

fn table(table: &TableReport) -> TableJson<'_> {
    TableJson {
        id: &table.id,
        title: &table.title,
        stakeholders: table
            .stakeholders
            .iter()
            .map(|s| StakeholderJson {
                id: &s.id,
                name: &s.name,
                kind: (!s.kind_id.is_empty()).then_some(s.kind_id.as_str()),
                benefit: &s.dimensions[0],
                risk: &s.dimensions[1],
                cost: &s.dimensions[2],
            })
            .collect(),
    }
}
