//! Review comments (審查意見) as JSON: the one shape `dsw review list --json`,
//! `dsw review show N --json`, the `review` section of `dsw show --json` and the JSON
//! export all use — typed structs, so the shape is the code's.
//!
//! One comment:
//! ```json
//! { "id": "c1a2b3c4d5e6f", "number": 3, "target": "7.3.2",
//!   "target_text": "7.3.2 是否…", "iteration": "第一次送審", "reviewer": "王委員",
//!   "date": "2026-12-01T10:00:00+08:00", "text": "請補充…",
//!   "state": "open" | "replied" | "accepted" | "reopened",
//!   "standing": "open" | "reopened" | "replied" | "changed" | "accepted",
//!   "reply": { "text": "…", "by": "林小姐", "date": "…" } | null,
//!   "other_replies": [ { "text": "…", "by": "…", "date": "…" } ],
//!   "history": [ { "state": "open", "by": "王委員", "date": "…", "note": "" } ] }
//! ```
//! `target` is the stored form (`7.3.2`, `7.3`, `meta/plan`,
//! `brics/TABLE/STAKEHOLDER/benefit`, `general`), `target_text` the target in words
//! in the interface language. `state` is what the file records; `standing` is where
//! the comment stands against the assessment given (`changed`: accepted, and the
//! target changed since). `other_replies` holds replies written at the same time as
//! `reply`, until the next reply settles them. `iteration` is empty when the
//! comment was written before any iteration tag.

use serde::Serialize;

use crate::assessment::Assessment;
use crate::form::Form;
use crate::i18n::Lang;
use crate::review::{Comment, Reply, Review, Transition};

/// One comment as programs read it (see the module docs).
#[derive(Debug, Serialize)]
pub struct CommentJson<'a> {
    id: &'a str,
    number: u32,
    target: String,
    target_text: String,
    iteration: &'a str,
    reviewer: &'a str,
    date: &'a str,
    text: &'a str,
    state: &'static str,
    standing: &'static str,
    reply: Option<ReplyJson<'a>>,
    other_replies: Vec<ReplyJson<'a>>,
    history: Vec<TransitionJson<'a>>,
}

#[derive(Debug, Serialize)]
struct ReplyJson<'a> {
    text: &'a str,
    by: &'a str,
    date: &'a str,
}

#[derive(Debug, Serialize)]
struct TransitionJson<'a> {
    state: &'static str,
    by: &'a str,
    date: &'a str,
    note: &'a str,
}

/// `comment` in the shape of the module docs; its standing is taken against
/// `assessment` (the branch head, or the revision shown) and its target described
/// from `form` in `lang`.
pub fn comment<'a>(
    comment: &'a Comment,
    form: &Form,
    assessment: &Assessment,
    lang: Lang,
) -> CommentJson<'a> {
    CommentJson {
        id: &comment.id,
        number: comment.number,
        target: comment.target.to_string(),
        target_text: comment.target.describe(form, assessment, lang),
        iteration: &comment.iteration,
        reviewer: &comment.reviewer,
        date: &comment.date,
        text: &comment.text,
        state: comment.state.as_str(),
        standing: comment.standing(assessment).as_str(),
        reply: comment.reply.as_ref().map(reply),
        other_replies: comment.other_replies.iter().map(reply).collect(),
        history: comment.history.iter().map(transition).collect(),
    }
}

/// Every comment of `review`, by number, as one JSON array (the `review` section
/// of `dsw show --json` and of the JSON export, and `dsw review list --json`).
pub fn comments(
    review: &Review,
    form: &Form,
    assessment: &Assessment,
    lang: Lang,
) -> serde_json::Value {
    of(review.comments.iter(), form, assessment, lang)
}

/// Some comments (a filtered list), as one JSON array.
pub fn of<'a>(
    list: impl IntoIterator<Item = &'a Comment>,
    form: &Form,
    assessment: &Assessment,
    lang: Lang,
) -> serde_json::Value {
    let list: Vec<CommentJson<'_>> = list
        .into_iter()
        .map(|c| comment(c, form, assessment, lang))
        .collect();
    // Serialising plain derived structs of strings and numbers cannot fail.
    serde_json::to_value(list).unwrap_or(serde_json::Value::Null)
}

fn reply(reply: &Reply) -> ReplyJson<'_> {
    ReplyJson {
        text: &reply.text,
        by: &reply.by,
        date: &reply.date,
    }
}

fn transition(transition: &Transition) -> TransitionJson<'_> {
    TransitionJson {
        state: transition.state.as_str(),
        by: &transition.by,
        date: &transition.date,
        note: &transition.note,
    }
}
