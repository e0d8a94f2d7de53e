//! Review actions: add a comment, reply, accept, reopen. Each is applied to the
//! review as it is at the branch head, inside the store's compare-and-swap loop, so
//! an action computed before someone else's lands on top of theirs: new comments
//! get the next free number, replies to different comments both land, and two
//! different replies to one comment are both kept for the team to settle.

use crate::assessment::Assessment;
use crate::i18n::Lang;

use super::model::{Comment, Reply, Review, State, Transition};
use super::target::Target;

/// Who acts, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    /// The person (author name).
    pub by: String,
    /// When, RFC 3339.
    pub date: String,
}

/// One review action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// A new comment. `id` is made once by [`new_id`], so a retried commit adds the
    /// same comment rather than two.
    Add {
        /// The new comment's id.
        id: String,
        /// What it is about.
        target: Target,
        /// The iteration it is written against.
        iteration: String,
        /// The reviewer (the stamp's person when empty).
        reviewer: String,
        /// The comment.
        text: String,
    },
    /// Several new comments at once (an import): all land, or none.
    AddMany(Vec<Action>),
    /// The team's reply to comment `id`. `seen` is the reply the person saw when
    /// they started (none when there was none): a different reply landed since
    /// means two people replied at once.
    Reply {
        /// The comment id.
        id: String,
        /// The reply.
        text: String,
        /// The reply the person started from.
        seen: Option<String>,
    },
    /// The reviewer accepts the reply.
    Accept {
        /// The comment id.
        id: String,
    },
    /// The reviewer asks for more, saying why.
    Reopen {
        /// The comment id.
        id: String,
        /// Why (may be empty).
        text: String,
    },
}

/// What an action did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Applied {
    /// New comments, by number.
    Added(Vec<u32>),
    /// A reply to comment `number`; `others` holds replies someone else wrote at the
    /// same time, kept beside this one.
    Replied {
        /// The comment's number.
        number: u32,
        /// Replies written at once with this one.
        others: Vec<Reply>,
    },
    /// Accepted.
    Accepted(u32),
    /// Reopened.
    Reopened(u32),
    /// Nothing to do: the comment already is that way.
    Unchanged(u32),
}

impl Applied {
    /// What happened, in the interface language: `已新增審查意見 6`.
    pub fn describe(&self, lang: Lang) -> String {
        let list = |numbers: &[u32]| {
            numbers
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(lang.list_separator())
        };
        match self {
            Applied::Added(numbers) => {
                format!(
                    "{} {}",
                    lang.pick("已新增審查意見", "added comment"),
                    list(numbers)
                )
            }
            Applied::Replied { number, others } if others.is_empty() => {
                format!(
                    "{} {number}",
                    lang.pick("已回覆審查意見", "replied to comment")
                )
            }
            Applied::Replied { number, others } => {
                let names: Vec<String> = others
                    .iter()
                    .map(|r| crate::safe_text::visible(&r.by, false).into_owned())
                    .collect();
                match lang {
                    Lang::Zh => format!(
                        "審查意見 {number} 剛由{}回覆了不同的內容：兩個回覆都已保存。請看過兩者後以 `dsw review reply {number}` 寫成一個回覆。",
                        names.join("、")
                    ),
                    Lang::En => format!(
                        "comment {number} was just replied to differently by {}: both replies are kept. Read both, then write one reply with `dsw review reply {number}`.",
                        names.join(", ")
                    ),
                }
            }
            Applied::Accepted(number) => {
                format!(
                    "{} {number}",
                    lang.pick("已同意審查意見", "accepted comment")
                )
            }
            Applied::Reopened(number) => {
                format!(
                    "{} {number}",
                    lang.pick("已要求再修正審查意見", "reopened comment")
                )
            }
            Applied::Unchanged(number) => format!(
                "{} {number} {}",
                lang.pick("審查意見", "comment"),
                lang.pick("已是如此，沒有變更。", "already is so; nothing changed.")
            ),
        }
    }

    /// A revision's subject for it: [`Applied::describe`], but for two replies
    /// written at once a short line rather than the advice to the person.
    pub fn subject(&self, lang: Lang) -> String {
        match self {
            Applied::Replied { number, others } if !others.is_empty() => format!(
                "{} {number}{}",
                lang.pick("已回覆審查意見", "replied to comment"),
                lang.pick(
                    "（與另一個同時寫下的回覆並存）",
                    " (beside another reply written at the same time)"
                )
            ),
            other => other.describe(lang),
        }
    }

    /// Whether two replies were written at once (exit 3 on the command line).
    pub fn conflicts(&self) -> bool {
        matches!(self, Applied::Replied { others, .. } if !others.is_empty())
    }

    /// Whether a revision is needed.
    pub fn changes(&self) -> bool {
        !matches!(self, Applied::Unchanged(_))
    }

    fn numbers(&self) -> Vec<u32> {
        match self {
            Applied::Added(numbers) => numbers.clone(),
            Applied::Replied { number, .. }
            | Applied::Accepted(number)
            | Applied::Reopened(number)
            | Applied::Unchanged(number) => vec![*number],
        }
    }
}

/// A review action that cannot be done.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReviewError {
    /// No comment with that number or id.
    #[error("no comment {key}")]
    UnknownComment {
        /// What was asked for.
        key: String,
        /// The numbers there are.
        known: Vec<u32>,
    },
    /// Accepting a comment nobody replied to.
    #[error("comment {0} has no reply to accept")]
    NothingToAccept(u32),
    /// Accepting a comment whose two replies, written at once, are not yet one.
    #[error("comment {0} has two replies to settle")]
    RepliesToSettle(u32),
    /// An empty comment or reply.
    #[error("empty text")]
    EmptyText,
}

impl ReviewError {
    /// One or two sentences with what to do next.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            ReviewError::UnknownComment { key, known } => {
                let key = crate::safe_text::visible(key, false);
                let closest = key
                    .trim_start_matches('#')
                    .parse::<i64>()
                    .ok()
                    .and_then(|n| known.iter().min_by_key(|k| (i64::from(**k) - n).abs()));
                let mut text = match known.is_empty() {
                    true => format!(
                        "{}{key}{}",
                        lang.pick("沒有審查意見 ", "there is no comment "),
                        lang.pick("：目前還沒有任何審查意見。", ": there are no comments yet.")
                    ),
                    false => format!(
                        "{}{key}{}{}–{}",
                        lang.pick("沒有審查意見 ", "there is no comment "),
                        lang.pick("；編號範圍是 ", "; the numbers are "),
                        known.iter().min().copied().unwrap_or(0),
                        known.iter().max().copied().unwrap_or(0),
                    ),
                };
                if let Some(n) = closest {
                    text += &format!("{}{n}", lang.pick("，最接近的是 ", ", the closest is "));
                }
                text += lang.pick(
                    "。以 `dsw review list` 查看全部。",
                    ". `dsw review list` lists them.",
                );
                text
            }
            ReviewError::NothingToAccept(n) => match lang {
                Lang::Zh => {
                    format!("審查意見 {n} 尚未回覆，無從同意：請先以 `dsw review reply {n}` 回覆。")
                }
                Lang::En => format!(
                    "comment {n} has no reply to accept yet: reply first with `dsw review reply {n}`."
                ),
            },
            ReviewError::RepliesToSettle(n) => match lang {
                Lang::Zh => format!(
                    "審查意見 {n} 有兩個同時寫下的回覆，尚未整合成一個：請先由團隊以 `dsw review reply {n}` 整合，再同意。"
                ),
                Lang::En => format!(
                    "comment {n} has two replies written at once and not yet made one: the team settles them with `dsw review reply {n}` first, then it can be accepted."
                ),
            },
            ReviewError::EmptyText => lang
                .pick(
                    "內容是空的：請寫下意見或回覆的文字。",
                    "the text is empty: write the comment or reply.",
                )
                .to_owned(),
        }
    }
}

/// A new comment id: `c` and 12 hex digits from the time, the process, the person
/// and the text (a comment made twice in the same nanosecond by the same process
/// with the same text is the same comment).
pub fn new_id(stamp: &Stamp, text: &str, salt: usize) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let seed = format!(
        "{nanos}\0{}\0{}\0{}\0{salt}\0{text}",
        std::process::id(),
        stamp.by,
        stamp.date
    );
    for byte in seed.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("c{:012x}", hash & 0xffff_ffff_ffff)
}

impl Action {
    /// Applies the action to `review` (as it is at the head) by `stamp`;
    /// `assessment` is the head's content, for acceptance's fingerprint.
    pub fn apply(
        &self,
        review: &mut Review,
        stamp: &Stamp,
        assessment: &Assessment,
    ) -> Result<Applied, ReviewError> {
        let applied = self.apply_one(review, stamp, assessment)?;
        review.sort();
        Ok(applied)
    }

    fn apply_one(
        &self,
        review: &mut Review,
        stamp: &Stamp,
        assessment: &Assessment,
    ) -> Result<Applied, ReviewError> {
        let unknown = |review: &Review, id: &str| ReviewError::UnknownComment {
            key: id.to_owned(),
            known: review.comments.iter().map(|c| c.number).collect(),
        };
        match self {
            Action::Add {
                id,
                target,
                iteration,
                reviewer,
                text,
            } => {
                if let Some(existing) = review.comments.iter().find(|c| c.id == *id) {
                    return Ok(Applied::Unchanged(existing.number));
                }
                if text.trim().is_empty() {
                    return Err(ReviewError::EmptyText);
                }
                let number = review.next_number();
                let reviewer = if reviewer.trim().is_empty() {
                    stamp.by.clone()
                } else {
                    reviewer.trim().to_owned()
                };
                review.comments.push(Comment {
                    id: id.clone(),
                    number,
                    target: target.clone(),
                    iteration: iteration.clone(),
                    reviewer: reviewer.clone(),
                    date: stamp.date.clone(),
                    text: text.clone(),
                    reply: None,
                    other_replies: Vec::new(),
                    state: State::Open,
                    accepted: None,
                    history: vec![Transition {
                        state: State::Open,
                        by: reviewer,
                        date: stamp.date.clone(),
                        note: String::new(),
                    }],
                });
                Ok(Applied::Added(vec![number]))
            }
            Action::AddMany(actions) => {
                let mut numbers = Vec::new();
                for action in actions {
                    numbers.extend(action.apply_one(review, stamp, assessment)?.numbers());
                }
                Ok(Applied::Added(numbers))
            }
            Action::Reply { id, text, seen } => {
                if text.trim().is_empty() {
                    return Err(ReviewError::EmptyText);
                }
                let error = unknown(review, id);
                let comment = review.by_id_mut(id).ok_or(error)?;
                let current = comment.reply.as_ref().map(|r| r.text.as_str());
                // The same reply again changes nothing — unless the reviewer asked
                // for more (再修正): then it says the reply stands, and is one.
                if current == Some(text.as_str())
                    && !comment.reply_conflicts()
                    && comment.state == State::Replied
                {
                    return Ok(Applied::Unchanged(comment.number));
                }
                let mine = Reply {
                    text: text.clone(),
                    by: stamp.by.clone(),
                    date: stamp.date.clone(),
                };
                // Someone replied differently since this person looked: keep theirs.
                let raced = current != seen.as_deref();
                let others = match comment.reply.clone() {
                    Some(theirs) if raced => {
                        let mut others = vec![theirs];
                        others.append(&mut comment.other_replies);
                        others
                    }
                    _ => Vec::new(),
                };
                // One reply in place of two kept side by side: who settled them is
                // part of the comment's story.
                let settles = !raced && comment.reply_conflicts();
                comment.other_replies = others.clone();
                comment.reply = Some(mine);
                // Who replied is part of the comment's story: a reply that went
                // beside another one, and one that settled two, are recorded too.
                if comment.state != State::Replied || settles || !others.is_empty() {
                    comment.state = State::Replied;
                    comment.history.push(Transition {
                        state: State::Replied,
                        by: stamp.by.clone(),
                        date: stamp.date.clone(),
                        note: String::new(),
                    });
                }
                comment.accepted = None;
                Ok(Applied::Replied {
                    number: comment.number,
                    others,
                })
            }
            Action::Accept { id } => {
                let error = unknown(review, id);
                let comment = review.by_id_mut(id).ok_or(error)?;
                let digest = comment.target.digest(assessment);
                if comment.state == State::Accepted && comment.accepted.as_deref() == Some(&digest)
                {
                    return Ok(Applied::Unchanged(comment.number));
                }
                if comment.reply.is_none() && comment.state != State::Accepted {
                    return Err(ReviewError::NothingToAccept(comment.number));
                }
                if comment.reply_conflicts() {
                    return Err(ReviewError::RepliesToSettle(comment.number));
                }
                comment.state = State::Accepted;
                comment.accepted = Some(digest);
                comment.history.push(Transition {
                    state: State::Accepted,
                    by: stamp.by.clone(),
                    date: stamp.date.clone(),
                    note: String::new(),
                });
                Ok(Applied::Accepted(comment.number))
            }
            Action::Reopen { id, text } => {
                let error = unknown(review, id);
                let comment = review.by_id_mut(id).ok_or(error)?;
                if comment.state == State::Reopened && text.trim().is_empty() {
                    return Ok(Applied::Unchanged(comment.number));
                }
                comment.state = State::Reopened;
                comment.accepted = None;
                comment.history.push(Transition {
                    state: State::Reopened,
                    by: stamp.by.clone(),
                    date: stamp.date.clone(),
                    note: text.trim_end().to_owned(),
                });
                Ok(Applied::Reopened(comment.number))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp(by: &str) -> Stamp {
        Stamp {
            by: by.into(),
            date: "2026-12-01T10:00:00+08:00".into(),
        }
    }

    fn add(review: &mut Review, id: &str, target: Target) -> Applied {
        Action::Add {
            id: id.into(),
            target,
            iteration: "第一次送審".into(),
            reviewer: String::new(),
            text: "請補充".into(),
        }
        .apply(review, &stamp("王委員"), &Assessment::default())
        .unwrap()
    }

    fn reply(review: &mut Review, id: &str, text: &str, seen: Option<&str>, by: &str) -> Applied {
        Action::Reply {
            id: id.into(),
            text: text.into(),
            seen: seen.map(str::to_owned),
        }
        .apply(review, &stamp(by), &Assessment::default())
        .unwrap()
    }

    #[test]
    fn comments_computed_at_once_get_the_next_free_numbers_and_a_retry_adds_nothing() {
        let mut review = Review::default();
        assert_eq!(
            add(&mut review, "ca", Target::General),
            Applied::Added(vec![1])
        );
        assert_eq!(
            add(&mut review, "cb", Target::General),
            Applied::Added(vec![2])
        );
        assert_eq!(
            add(&mut review, "ca", Target::General),
            Applied::Unchanged(1)
        );
        assert_eq!(review.comments.len(), 2);
        assert_eq!(review.comments[0].reviewer, "王委員");
    }

    #[test]
    fn two_different_replies_to_one_comment_are_both_kept_until_one_settles_them() {
        let mut review = Review::default();
        add(&mut review, "ca", Target::Question("1.1.1".into()));
        // Both started from no reply; 林 lands first.
        assert!(!reply(&mut review, "ca", "林的回覆", None, "林").conflicts());
        let second = reply(&mut review, "ca", "陳的回覆", None, "陳");
        assert!(second.conflicts(), "{second:?}");
        let last = review.comments[0].history.last().unwrap();
        assert_eq!(last.by, "陳", "the second replier is in the history");
        // Not accepted while the two are not one.
        assert_eq!(
            Action::Accept { id: "ca".into() }.apply(
                &mut review,
                &stamp("王"),
                &Assessment::default()
            ),
            Err(ReviewError::RepliesToSettle(1))
        );
        let comment = &review.comments[0];
        assert_eq!(comment.reply.as_ref().unwrap().text, "陳的回覆");
        assert_eq!(comment.other_replies[0].text, "林的回覆");
        assert!(second.describe(Lang::Zh).contains("林"));
        // Someone who saw both writes one reply.
        let settled = reply(&mut review, "ca", "合併後的回覆", Some("陳的回覆"), "林");
        assert!(!settled.conflicts());
        assert!(review.comments[0].other_replies.is_empty());
        assert_eq!(review.comments[0].state, State::Replied);
        let last = review.comments[0].history.last().unwrap();
        assert_eq!(
            (last.state, last.by.as_str()),
            (State::Replied, "林"),
            "who settled"
        );
        assert!(!second.subject(Lang::Zh).contains("dsw review"));
    }

    #[test]
    fn an_accepted_comment_shows_changed_when_its_target_changes_until_accepted_again() {
        let mut review = Review::default();
        let target = Target::Question("1.1.1".into());
        add(&mut review, "ca", target.clone());
        let mut assessment = Assessment::default();
        assessment.answers.insert("1.1.1".into(), "舊".into());
        let accept = Action::Accept { id: "ca".into() };
        assert_eq!(
            accept.apply(&mut review, &stamp("王"), &assessment),
            Err(ReviewError::NothingToAccept(1))
        );
        reply(&mut review, "ca", "已修正", None, "林");
        accept
            .apply(&mut review, &stamp("王"), &assessment)
            .unwrap();
        assert_eq!(
            review.comments[0].standing(&assessment),
            crate::review::Standing::Accepted
        );
        // Another question's answer is not this target.
        assessment.answers.insert("1.1.2".into(), "別題".into());
        assert_eq!(
            review.comments[0].standing(&assessment),
            crate::review::Standing::Accepted
        );
        assessment.answers.insert("1.1.1".into(), "新".into());
        assert_eq!(
            review.comments[0].standing(&assessment),
            crate::review::Standing::Changed
        );
        accept
            .apply(&mut review, &stamp("王"), &assessment)
            .unwrap();
        assert_eq!(
            review.comments[0].standing(&assessment),
            crate::review::Standing::Accepted
        );
        // An item covers its questions' answers too.
        assert!(Target::Item("1.1".into()).covers(&crate::diff::FieldPath::Answer("1.1.1".into())));
        assert!(
            !Target::Item("1.1".into()).covers(&crate::diff::FieldPath::Answer("1.10.1".into()))
        );
    }
}
