//! 審查意見 as JSON, for programs: the `review` section of `dsw show --json` and
//! `dsw export --format json`, and the output of `dsw review list --json` and
//! `dsw review show N --json` — one shape, written here only.
//!
//! An array of comments by number:
//! ```json
//! [ { "id": "c1a2b3c4d5e6f", "number": 3, "target": "7.3.2",
//!     "target_text": "7.3.2 …", "iteration": "第一次送審", "reviewer": "王委員",
//!     "date": "2026-11-22T14:05:09+08:00", "text": "…",
//!     "state": "open" | "replied" | "accepted" | "reopened",
//!     "standing": "open" | "reopened" | "replied" | "changed" | "accepted",
//!     "reply": { "text": "…", "by": "…", "date": "…" } | null,
//!     "other_replies": [ { "text": "…", "by": "…", "date": "…" } ],
//!     "history": [ { "state": "replied", "by": "…", "date": "…", "note": "…" } ] } ]
//! ```
//! `target` is the stored form (`7.3.2`, `7.3`, `meta/plan`,
//! `brics/TABLE[/STAKEHOLDER[/DIMENSION]]`, `general`) and `target_text` the same in
//! words in the interface language; `state` is what the file records and `standing`
//! what people read (`changed`: accepted, and the target changed since);
//! `other_replies` are replies written at the same time as `reply`, kept until one
//! reply settles them. Strings are the repository's text verbatim.

use serde::Serialize;
use serde_json::Value;

use crate::assessment::Assessment;
use crate::form::Form;
use crate::i18n::Lang;
use crate::report::CommentReport;
use crate::review::{Comment, Reply, Review, Transition};

#[derive(Debug, Serialize)]
struct CommentJson<'a> {
    id: &'a str,
    number: u32,
    target: String,
    target_text: &'a str,
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

/// Every comment of `review` as JSON (the shape in the module docs), each read
/// against `assessment` (its standing) and `form` (its target in words, in `lang`).
pub fn comments(review: &Review, form: &Form, assessment: &Assessment, lang: Lang) -> Value {
    list(&crate::report::comments::comments(
        review, form, assessment, lang,
    ))
}

/// Some comments (a filtered list, `dsw review list --json`) as one JSON array.
pub fn of<'a>(
    comments: impl IntoIterator<Item = &'a Comment>,
    form: &Form,
    assessment: &Assessment,
    lang: Lang,
) -> Value {
    let shown: Vec<CommentReport> = comments
        .into_iter()
        .map(|c| CommentReport::new(c, form, assessment, lang))
        .collect();
    list(&shown)
}

/// One comment as a JSON object (`dsw review show N --json`).
pub fn one(comment: &Comment, form: &Form, assessment: &Assessment, lang: Lang) -> Value {
    let shown = CommentReport::new(comment, form, assessment, lang);
    serde_json::to_value(json_of(&shown)).unwrap_or(Value::Null)
}

/// Comments already read for a report, as JSON (the shape in the module docs).
pub fn list(comments: &[CommentReport]) -> Value {
    let array: Vec<CommentJson<'_>> = comments.iter().map(json_of).collect();
    // Plain derived structs of strings and numbers always serialise.
    serde_json::to_value(array).unwrap_or(Value::Array(Vec::new()))
}

fn json_of(shown: &CommentReport) -> CommentJson<'_> {
    let c = &shown.comment;
    CommentJson {
        id: &c.id,
        number: c.number,
        target: c.target.to_string(),
        target_text: &shown.target_text,
        iteration: &c.iteration,
        reviewer: &c.reviewer,
        date: &c.date,
        text: &c.text,
        state: c.state.as_str(),
        standing: shown.standing.as_str(),
        reply: c.reply.as_ref().map(reply),
        other_replies: c.other_replies.iter().map(reply).collect(),
        history: c.history.iter().map(transition).collect(),
    }
}

fn reply(reply: &Reply) -> ReplyJson<'_> {
    ReplyJson {
        text: &reply.text,
        by: &reply.by,
        date: &reply.date,
    }
}

fn transition(t: &Transition) -> TransitionJson<'_> {
    TransitionJson {
        state: t.state.as_str(),
        by: &t.by,
        date: &t.date,
        note: &t.note,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::testing::form;
    use crate::review::{Comment, State, Target};

    #[test]
    fn every_field_of_a_comment_is_there_with_its_standing() {
        let form = form();
        let mut assessment = Assessment::new(&form);
        let target = Target::Question("1.1.1".into());
        let accepted = target.digest(&assessment);
        let reply = Reply {
            text: "已補充\u{1b}".into(),
            by: "甲".into(),
            date: "2026-11-22T10:00:00+08:00".into(),
        };
        let review = Review {
            comments: vec![Comment {
                id: "c0123456789ab".into(),
                number: 1,
                target,
                iteration: "第一次送審".into(),
                reviewer: "王委員".into(),
                date: "2026-11-20T09:00:00+08:00".into(),
                text: "請補充".into(),
                reply: Some(reply.clone()),
                other_replies: vec![reply],
                state: State::Accepted,
                accepted: Some(accepted),
                history: vec![Transition {
                    state: State::Accepted,
                    by: "王委員".into(),
                    date: "2026-11-23T09:00:00+08:00".into(),
                    note: String::new(),
                }],
            }],
        };
        assessment.set_answer("1.1.1", "改了");
        let value = comments(&review, &form, &assessment, Lang::Zh);
        let first = &value[0];
        let keys: Vec<&str> = first
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            [
                "id",
                "number",
                "target",
                "target_text",
                "iteration",
                "reviewer",
                "date",
                "text",
                "state",
                "standing",
                "reply",
                "other_replies",
                "history"
            ]
        );
        assert_eq!(first["target"], "1.1.1");
        assert_eq!(first["target_text"], "1.1.1 誰是服務的使用者？");
        assert_eq!(first["state"], "accepted");
        assert_eq!(first["standing"], "changed", "accepted, then changed");
        assert_eq!(first["reply"]["text"], "已補充\u{1b}", "text verbatim");
        assert_eq!(first["other_replies"][0]["by"], "甲");
        assert_eq!(first["history"][0]["state"], "accepted");
    }
}
