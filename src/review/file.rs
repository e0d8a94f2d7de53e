//! The review file (`<stem>.review.toml`): deterministic writing and checked
//! reading, like the assessment file. One `[[comment]]` table per comment in number
//! order, texts as multi-line strings, the reply and each change of state in tables
//! of their own, so a plain `git diff` shows a new reply as lines added under its
//! comment and two people's new comments as separate hunks.

use std::collections::HashMap;
use std::fmt::Write as _;

use serde::Deserialize;
use toml::Spanned;

use super::model::{Comment, Reply, Review, State, Transition};
use super::target::Target;
use crate::assessment::{toml_basic_string as basic, toml_multiline_string as multiline};
use crate::diagnostic::{Diagnostic, Problem, Report};

/// Writes `review` of the assessment with file stem `stem` in the canonical layout.
pub fn write(review: &Review, stem: &str) -> String {
    let mut out = String::with_capacity(1024 + review.comments.len() * 512);
    out.push_str("# dsw 審查意見 (review comments)\n");
    out.push_str(
        "# 以 `dsw review` 新增、回覆、同意或再修正（或在終端機工作台的「審查」分頁）；手動編輯後以 `dsw validate` 檢查。\n",
    );
    let _ = writeln!(out, "assessment = {}", basic(stem));
    for comment in &review.comments {
        out.push_str("\n[[comment]]\n");
        let _ = writeln!(out, "number = {}", comment.number);
        let _ = writeln!(out, "id = {}", basic(&comment.id));
        let _ = writeln!(out, "target = {}", basic(&comment.target.to_string()));
        let _ = writeln!(out, "iteration = {}", basic(&comment.iteration));
        let _ = writeln!(out, "reviewer = {}", basic(&comment.reviewer));
        let _ = writeln!(out, "date = {}", basic(&comment.date));
        let _ = writeln!(out, "state = {}", basic(comment.state.as_str()));
        if let Some(digest) = &comment.accepted {
            let _ = writeln!(out, "accepted = {}", basic(digest));
        }
        let _ = writeln!(out, "text = {}", multiline(&comment.text));
        if let Some(reply) = &comment.reply {
            out.push_str("\n[comment.reply]\n");
            write_reply(&mut out, reply);
        }
        for other in &comment.other_replies {
            out.push_str("\n[[comment.other_reply]]\n");
            write_reply(&mut out, other);
        }
        for transition in &comment.history {
            out.push_str("\n[[comment.history]]\n");
            let _ = writeln!(out, "state = {}", basic(transition.state.as_str()));
            let _ = writeln!(out, "by = {}", basic(&transition.by));
            let _ = writeln!(out, "date = {}", basic(&transition.date));
            if !transition.note.is_empty() {
                let _ = writeln!(out, "note = {}", multiline(&transition.note));
            }
        }
    }
    out
}

fn write_reply(out: &mut String, reply: &Reply) {
    let _ = writeln!(out, "by = {}", basic(&reply.by));
    let _ = writeln!(out, "date = {}", basic(&reply.date));
    let _ = writeln!(out, "text = {}", multiline(&reply.text));
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    #[allow(dead_code)]
    assessment: String,
    #[serde(default)]
    comment: Vec<RawComment>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawComment {
    number: Spanned<u32>,
    id: Spanned<String>,
    target: Spanned<String>,
    #[serde(default)]
    iteration: String,
    #[serde(default)]
    reviewer: String,
    #[serde(default)]
    date: String,
    state: Spanned<String>,
    #[serde(default)]
    accepted: Option<String>,
    text: String,
    #[serde(default)]
    reply: Option<RawReply>,
    #[serde(default)]
    other_reply: Vec<RawReply>,
    #[serde(default)]
    history: Vec<RawTransition>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReply {
    #[serde(default)]
    by: String,
    #[serde(default)]
    date: String,
    text: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTransition {
    state: Spanned<String>,
    #[serde(default)]
    by: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    note: String,
}

/// Reads a review file; `path` names it in messages. Syntax, unknown keys, unknown
/// states, malformed targets, duplicate numbers or ids and conflict markers are
/// errors pointing at their line. (Whether a target exists is for the assessment
/// to say: a stakeholder removed later keeps its comments.)
pub fn read(path: &str, source: &str) -> Result<Review, Report> {
    let raw: RawFile = crate::assessment::parse_merged(path, source).map_err(|mut report| {
        // Conflict markers here are not fields to settle with `dsw resolve`: the merge
        // driver merges review files without conflicts.
        for diagnostic in &mut report.diagnostics {
            if let Problem::ConflictMarkers { review } = &mut diagnostic.problem {
                *review = true;
            }
        }
        report
    })?;
    let mut problems = Vec::new();
    let mut numbers: HashMap<u32, usize> = HashMap::new();
    let mut ids: HashMap<String, usize> = HashMap::new();
    let line_of = |offset: usize| crate::diagnostic::line_col(source, offset).0;
    let state_of = |word: &Spanned<String>, problems: &mut Vec<Diagnostic>| {
        State::parse(word.get_ref()).or_else(|| {
            problems.push(Diagnostic {
                span: Some(word.span()),
                problem: Problem::Unknown {
                    what: "state",
                    id: word.get_ref().clone(),
                    closest: crate::suggest::closest(
                        word.get_ref(),
                        State::ALL.iter().map(|s| s.as_str()),
                    )
                    .map(str::to_owned),
                },
            });
            None
        })
    };
    let mut comments = Vec::with_capacity(raw.comment.len());
    for c in raw.comment {
        let number = *c.number.get_ref();
        if number == 0 {
            problems.push(Diagnostic {
                span: Some(c.number.span()),
                problem: Problem::Syntax("comment numbers start at 1".into()),
            });
        }
        if let Some(first) = numbers.insert(number, c.number.span().start) {
            problems.push(Diagnostic {
                span: Some(c.number.span()),
                problem: Problem::Duplicate {
                    what: "comment number",
                    id: number.to_string(),
                    first_line: line_of(first),
                },
            });
        }
        if c.id.get_ref().trim().is_empty() {
            problems.push(Diagnostic {
                span: Some(c.id.span()),
                problem: Problem::Empty { key: "id" },
            });
        } else if let Some(first) = ids.insert(c.id.get_ref().clone(), c.id.span().start) {
            problems.push(Diagnostic {
                span: Some(c.id.span()),
                problem: Problem::Duplicate {
                    what: "comment id",
                    id: c.id.get_ref().clone(),
                    first_line: line_of(first),
                },
            });
        }
        let target = Target::parse_stored(c.target.get_ref());
        if target.is_none() {
            problems.push(Diagnostic {
                span: Some(c.target.span()),
                problem: Problem::Unknown {
                    what: "review target",
                    id: c.target.get_ref().clone(),
                    closest: None,
                },
            });
        }
        let state = state_of(&c.state, &mut problems);
        let mut history = Vec::with_capacity(c.history.len());
        for t in c.history {
            if let Some(state) = state_of(&t.state, &mut problems) {
                history.push(Transition {
                    state,
                    by: t.by,
                    date: t.date,
                    note: t.note,
                });
            }
        }
        let reply_of = |r: RawReply| Reply {
            text: r.text,
            by: r.by,
            date: r.date,
        };
        if let (Some(target), Some(state)) = (target, state) {
            comments.push(Comment {
                id: c.id.into_inner(),
                number,
                target,
                iteration: c.iteration,
                reviewer: c.reviewer,
                date: c.date,
                text: c.text,
                reply: c.reply.map(reply_of),
                other_replies: c.other_reply.into_iter().map(reply_of).collect(),
                state,
                accepted: c.accepted,
                history,
            });
        }
    }
    if !problems.is_empty() {
        return Err(Report {
            path: path.to_owned(),
            source: source.to_owned(),
            diagnostics: problems,
        });
    }
    let mut review = Review { comments };
    review.sort();
    Ok(review)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assessment::Cell;

    fn sample() -> Review {
        Review {
            comments: vec![
                Comment {
                    id: "c000000000001".into(),
                    number: 1,
                    target: Target::Question("7.3.2".into()),
                    iteration: "第一次送審".into(),
                    reviewer: "王委員".into(),
                    date: "2026-12-01T10:00:00+08:00".into(),
                    text: "請補充\n\"資料\" 來源 \u{1b}[31m".into(),
                    reply: Some(Reply {
                        text: "已補充。".into(),
                        by: "林小姐".into(),
                        date: "2026-12-02T09:00:00+08:00".into(),
                    }),
                    other_replies: vec![Reply {
                        text: "另一版".into(),
                        by: "陳先生".into(),
                        date: "2026-12-02T09:00:01+08:00".into(),
                    }],
                    state: State::Accepted,
                    accepted: Some("0123456789abcdef".into()),
                    history: vec![
                        Transition {
                            state: State::Open,
                            by: "王委員".into(),
                            date: "2026-12-01T10:00:00+08:00".into(),
                            note: String::new(),
                        },
                        Transition {
                            state: State::Reopened,
                            by: "王委員".into(),
                            date: "2026-12-03T10:00:00+08:00".into(),
                            note: "仍不清楚".into(),
                        },
                    ],
                },
                Comment {
                    id: "c000000000002".into(),
                    number: 2,
                    target: Target::Brics {
                        table: "t1".into(),
                        stakeholder: Some("s1".into()),
                        cell: Some(Cell::Risk),
                    },
                    iteration: String::new(),
                    reviewer: "R".into(),
                    date: "d".into(),
                    text: "x".into(),
                    reply: None,
                    other_replies: Vec::new(),
                    state: State::Open,
                    accepted: None,
                    history: Vec::new(),
                },
            ],
        }
    }

    #[test]
    fn a_review_survives_writing_and_reading_byte_for_byte() {
        let review = sample();
        let text = write(&review, "service");
        let back = read("t.review.toml", &text).unwrap();
        assert_eq!(back, review);
        assert_eq!(write(&back, "service"), text);
    }

    #[test]
    fn errors_point_at_their_line() {
        let text = write(&sample(), "service").replace("number = 2", "number = 1");
        let report = read("t.review.toml", &text).unwrap_err();
        let rendered = report.render(crate::i18n::Lang::En);
        assert!(rendered.contains("t.review.toml:"), "{rendered}");
        let text =
            write(&sample(), "service").replace("state = \"open\"\nt", "state = \"opne\"\nt");
        let report = read("t.review.toml", &text).unwrap_err();
        assert!(report.render(crate::i18n::Lang::En).contains("open"));
        let text = write(&sample(), "service").replace("target = \"7.3.2\"", "target = \"7..2\"");
        assert!(read("t.review.toml", &text).is_err());
        let text = write(&sample(), "service").replace("reviewer = \"R\"", "reviewr = \"R\"");
        assert!(read("t.review.toml", &text).is_err());
    }

    #[test]
    fn conflict_markers_point_to_the_merge_driver_not_to_dsw_resolve() {
        let text = write(&sample(), "service").replace(
            "number = 2\n",
            "<<<<<<< HEAD\nnumber = 2\n=======\nnumber = 3\n>>>>>>> theirs\n",
        );
        for lang in [crate::i18n::Lang::Zh, crate::i18n::Lang::En] {
            let rendered = read("t.review.toml", &text).unwrap_err().render(lang);
            assert!(rendered.contains("t.review.toml:"), "{rendered}");
            assert!(rendered.contains("dsw git-setup"), "{rendered}");
            assert!(rendered.contains("git checkout -m FILE"), "{rendered}");
            assert!(!rendered.contains("dsw resolve"), "{rendered}");
        }
    }
}
