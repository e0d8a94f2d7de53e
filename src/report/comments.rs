//! 審查意見 as people read them: each comment with its target in words, where it
//! stands against the assessment shown, and its replies labelled — the one reading
//! of a review that the HTML report, the JSON output, the 審查意見回覆表 and the
//! 修正對照表's 說明 share.

use crate::assessment::Assessment;
use crate::form::Form;
use crate::i18n::Lang;
use crate::review::{Comment, Reply, Review, Standing, State, Target};

/// A comment as reports show it. Texts are as the repository has them: each format
/// makes them safe its own way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentReport {
    /// The comment as stored (id, number, target, iteration, reviewer, date, text,
    /// replies, state, history).
    pub comment: Comment,
    /// The target in words ([`Target::describe`]): `7.3.2 問題…`, 計畫名稱, `BRiCS
    /// 資料申請 / 申請者 / 風險`, 整體.
    pub target_text: String,
    /// Where it stands against the assessment shown ([`Comment::standing`]).
    pub standing: Standing,
}

/// Every comment of `review`, by number, read against `assessment` (its standing)
/// and `form` (its target in words).
pub fn comments(
    review: &Review,
    form: &Form,
    assessment: &Assessment,
    lang: Lang,
) -> Vec<CommentReport> {
    review
        .comments
        .iter()
        .map(|comment| CommentReport::new(comment, form, assessment, lang))
        .collect()
}

impl CommentReport {
    /// One comment read against `assessment` and `form`.
    pub fn new(
        comment: &Comment,
        form: &Form,
        assessment: &Assessment,
        lang: Lang,
    ) -> CommentReport {
        CommentReport {
            target_text: comment.target.describe(form, assessment, lang),
            standing: comment.standing(assessment),
            comment: comment.clone(),
        }
    }

    /// Its target.
    pub fn target(&self) -> &Target {
        &self.comment.target
    }

    /// `審查意見 3` / `comment 3`.
    pub fn title(&self, lang: Lang) -> String {
        self.comment.title(lang)
    }

    /// The words after the title: `已回覆，王委員，第一次送審` — the standing, the
    /// reviewer and the iteration (those that are known).
    pub fn details(&self, lang: Lang) -> String {
        [
            self.standing.label(lang),
            self.comment.reviewer.as_str(),
            self.comment.iteration.as_str(),
        ]
        .into_iter()
        .filter(|s| !s.trim().is_empty())
        .collect::<Vec<_>>()
        .join(lang.pick("，", ", "))
    }

    /// The team's replies, each with the label it is shown under: one reply is
    /// 回覆說明 alone; replies written at the same time (both kept until one settles
    /// them) are each labelled with who wrote it and when, the newest first:
    /// `回覆（王小明，2026-11-22）`.
    pub fn replies(&self, lang: Lang) -> Vec<(String, &Reply)> {
        let all: Vec<&Reply> = self
            .comment
            .reply
            .iter()
            .chain(&self.comment.other_replies)
            .collect();
        let plain = lang.pick("回覆", "Reply").to_owned();
        if all.len() == 1 {
            return vec![(plain, all[0])];
        }
        all.into_iter()
            .map(|reply| {
                let details: Vec<&str> = [reply.by.as_str(), day(&reply.date)]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect();
                let label = format!(
                    "{plain}{}",
                    lang.parenthesized(&details.join(lang.pick("，", ", ")))
                );
                (label, reply)
            })
            .collect()
    }

    /// The reasons the reviewer gave when asking for more (再修正), oldest first,
    /// each labelled `再修正（王委員，2026-12-01）`; empty reasons are left out.
    pub fn reopenings(&self, lang: Lang) -> Vec<(String, &str)> {
        self.comment
            .history
            .iter()
            .filter(|t| t.state == State::Reopened && !t.note.trim().is_empty())
            .map(|t| {
                let details: Vec<&str> = [t.by.as_str(), day(&t.date)]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect();
                let label = format!(
                    "{}{}",
                    lang.pick("再修正", "Reopened"),
                    lang.parenthesized(&details.join(lang.pick("，", ", ")))
                );
                (label, t.note.as_str())
            })
            .collect()
    }
}

/// The day of an RFC 3339 time (`2026-11-22`), or the text as it is when it is not
/// one.
pub fn day(date: &str) -> &str {
    match date.get(..10) {
        Some(day)
            if date
                .as_bytes()
                .get(10)
                .is_none_or(|c| *c == b'T' || *c == b' ') =>
        {
            day
        }
        _ => date,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::testing::form;

    fn comment() -> Comment {
        Comment {
            id: "c1".into(),
            number: 3,
            target: Target::Question("1.1.1".into()),
            iteration: "第一次送審".into(),
            reviewer: "王委員".into(),
            date: "2026-11-20T09:00:00+08:00".into(),
            text: "請補充".into(),
            reply: None,
            other_replies: Vec::new(),
            state: State::Open,
            accepted: None,
            history: Vec::new(),
        }
    }

    fn reply(text: &str, by: &str) -> Reply {
        Reply {
            text: text.into(),
            by: by.into(),
            date: "2026-11-22T10:00:00+08:00".into(),
        }
    }

    #[test]
    fn one_reply_is_plain_and_replies_written_at_once_are_labelled() {
        let form = form();
        let assessment = Assessment::new(&form);
        let mut c = comment();
        c.reply = Some(reply("已補充", "甲"));
        c.state = State::Replied;
        let shown = CommentReport::new(&c, &form, &assessment, Lang::Zh);
        let replies = shown.replies(Lang::Zh);
        assert_eq!(replies.len(), 1);
        assert_eq!(replies[0].0, "回覆");
        assert_eq!(shown.details(Lang::Zh), "已回覆，王委員，第一次送審");
        c.other_replies = vec![reply("另一版", "乙")];
        let shown = CommentReport::new(&c, &form, &assessment, Lang::Zh);
        let labels: Vec<(String, String)> = shown
            .replies(Lang::Zh)
            .into_iter()
            .map(|(label, r)| (label, r.text.clone()))
            .collect();
        assert_eq!(
            labels,
            [
                ("回覆（甲，2026-11-22）".to_owned(), "已補充".to_owned()),
                ("回覆（乙，2026-11-22）".to_owned(), "另一版".to_owned())
            ]
        );
        assert!(shown.target_text.starts_with("1.1.1 "));
    }

    #[test]
    fn a_day_is_cut_from_an_rfc_3339_time_only() {
        assert_eq!(day("2026-11-22T10:00:00+08:00"), "2026-11-22");
        assert_eq!(day("2026-11-22"), "2026-11-22");
        assert_eq!(day("昨天"), "昨天");
        assert_eq!(day(""), "");
    }
}
