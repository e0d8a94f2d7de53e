//! The review (審查意見) as the workbench holds it: the comments at the branch head,
//! the assessment as it was at the latest iteration tag (what "changed since the last
//! iteration" is measured against), and the review actions the person asked for,
//! committed one after another off the UI thread through the store's one review
//! path ([`Store::act_on_review`], as `dsw review` does).
//!
//! The draft's worker (`super::sync`) reads the review again whenever the branch
//! moves, in the same poll that notices teammates' answers, so their comments and
//! replies appear the way their answers do.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use git2::Oid;

use super::events::{Inbox, LateWaker};
use super::job::Job;
use crate::assessment::Assessment;
use crate::i18n::Lang;
use crate::review::{Comment, Review, Stamp, State, Target, new_id};
use crate::safe_text::visible;
use crate::store::{AssessmentName, Author, Reviewed, Store, StoreError};

/// The latest iteration tag and the assessment as it was there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Baseline {
    /// The tag's name (第一次送審).
    pub tag: String,
    /// The tagged revision.
    pub rev: Oid,
    /// The assessment at that revision.
    pub content: Assessment,
}

/// A review action the person asked for: the library's own
/// [`Action`](crate::review::Action), so the
/// workbench and `dsw review` ask the store for the same thing.
pub use crate::review::Action as Act;

/// A new comment on `target` against `iteration`: its id made now, so a retried
/// send adds it once.
pub fn new_comment(target: Target, iteration: String, text: String) -> Act {
    // The time and this process make the id unique; who is resolved when it is sent.
    let stamp = Stamp {
        by: String::new(),
        date: now(),
    };
    Act::Add {
        id: new_id(&stamp, &text, 0),
        target,
        iteration,
        reviewer: String::new(),
        text,
    }
}

/// A review action done, or why not.
#[derive(Debug)]
pub struct Done {
    /// What was asked.
    pub act: Act,
    /// What the store did.
    pub result: Result<Reviewed, StoreError>,
}

/// The review state of the open assessment.
pub struct Reviews {
    /// The comments at the branch head as last read.
    pub review: Review,
    /// Why the review file at the head could not be read (the comments then shown
    /// are the last ones read).
    pub error: Option<String>,
    /// The assessment at the latest iteration tag, when there is one.
    pub baseline: Option<Baseline>,
    /// The latest iteration tag as last looked up (even when its content could not
    /// be read), so the worker reports only changes.
    pub latest: Option<(String, Oid)>,
    workdir: PathBuf,
    name: AssessmentName,
    wake: LateWaker,
    job: Option<Job<Done>>,
    /// Actions waiting for the one under way.
    queue: VecDeque<Act>,
    busy: bool,
    /// Finished while waiting (see [`Reviews::finish`]), reported at the next poll.
    done: Vec<Done>,
    /// The revisions this window's own actions made: their arrival is not news.
    own: Vec<Oid>,
}

/// The latest iteration tag of the repository, by name and revision.
pub fn latest_iteration(store: &Store) -> Option<(String, Oid)> {
    let list = store.iterations().ok()?;
    list.last().map(|it| (it.name.clone(), it.target))
}

/// The assessment `name` at the iteration `latest` (`None` without one, or when it
/// cannot be read there).
pub fn baseline(
    store: &Store,
    name: &AssessmentName,
    latest: Option<&(String, Oid)>,
) -> Option<Baseline> {
    let (tag, rev) = latest?;
    let content = store.load_at(name, *rev).ok()?;
    Some(Baseline {
        tag: tag.clone(),
        rev: *rev,
        content,
    })
}

impl Reviews {
    /// The review of `name` at `head`, and the latest iteration, read now.
    pub fn load(
        store: &Store,
        name: &AssessmentName,
        head: Oid,
        lang: Lang,
        wake: LateWaker,
    ) -> Reviews {
        let latest = latest_iteration(store);
        let mut reviews = Reviews {
            review: Review::default(),
            error: None,
            baseline: baseline(store, name, latest.as_ref()),
            latest,
            workdir: store.workdir().to_path_buf(),
            name: name.clone(),
            wake,
            job: None,
            queue: VecDeque::new(),
            busy: false,
            done: Vec::new(),
            own: Vec::new(),
        };
        reviews.set(store.review_at(name, head), lang);
        reviews
    }

    /// Reads the review at `head` again (after this window's own commit).
    pub fn reload(&mut self, store: &Store, head: Oid, lang: Lang) {
        let read = store.review_at(&self.name, head);
        self.set(read, lang);
    }

    /// Takes a review read at the head; returns the one it replaces. A review that
    /// could not be read keeps the last one shown, with the reason.
    pub fn set(&mut self, read: Result<Review, StoreError>, lang: Lang) -> Review {
        match read {
            Ok(review) => {
                self.error = None;
                std::mem::replace(&mut self.review, review)
            }
            Err(error) => {
                self.error = Some(error.message(lang));
                self.review.clone()
            }
        }
    }

    /// Asks for `act` to be committed; it runs after any action under way.
    pub fn submit(&mut self, act: Act) {
        self.queue.push_back(act);
        self.start_next();
    }

    /// Whether an action is under way or waiting.
    pub fn pending(&self) -> bool {
        self.busy || !self.queue.is_empty()
    }

    /// Whether revision `head` was made by this window's own review action.
    pub fn is_own(&self, head: Oid) -> bool {
        self.own.contains(&head)
    }

    fn start_next(&mut self) {
        if self.busy {
            return;
        }
        let Some(act) = self.queue.pop_front() else {
            return;
        };
        let wake = self.wake.clone();
        let job = self.job.get_or_insert_with(|| {
            // Without an event loop (a test driving the model), nobody is woken.
            let waker = wake.get().unwrap_or_else(|| Inbox::default().waker());
            Job::new("review", waker)
        });
        let (workdir, name) = (self.workdir.clone(), self.name.clone());
        let asked = act.clone();
        let started = job.start(move |run| {
            let result = perform(&workdir, &name, &act);
            run.send(Done { act, result });
        });
        match started {
            Ok(()) => self.busy = true,
            Err(error) => self.done.push(Done {
                act: asked,
                result: Err(StoreError::Io {
                    path: self.workdir.clone(),
                    source: error,
                }),
            }),
        }
    }

    /// What the actions under way have done since the last call; starts the next.
    pub fn collect(&mut self) -> Vec<Done> {
        let mut done = std::mem::take(&mut self.done);
        if let Some(job) = &mut self.job {
            let taken = job.take();
            done.extend(taken.items);
            if taken.finished {
                self.busy = false;
            }
        }
        for item in &done {
            if let Ok(Reviewed { id: Some(id), .. }) = &item.result {
                self.own.push(*id);
            }
        }
        // A handful is plenty: a head is reported within a second of its commit.
        if self.own.len() > 16 {
            self.own.drain(..self.own.len() - 16);
        }
        if !self.busy {
            self.start_next();
        }
        done
    }

    /// Waits up to `patience` for every asked action to be committed (quitting);
    /// what they did is reported at the next [`Reviews::collect`].
    pub fn finish(&mut self, patience: Duration) {
        let deadline = Instant::now() + patience;
        while self.pending() && Instant::now() < deadline {
            let done = self.collect();
            self.done.extend(done);
            if self.pending() {
                std::thread::sleep(Duration::from_millis(5));
            }
        }
    }

    /// The actions [`Reviews::finish`] saw done, not yet taken by
    /// [`Reviews::collect`].
    pub fn finished(&self) -> &[Done] {
        &self.done
    }

    /// The comments on `target`, by number.
    pub fn on<'a>(&'a self, target: &'a Target) -> impl Iterator<Item = &'a Comment> + 'a {
        self.review.on(target)
    }

    /// Whether question `id`'s answer in `now` differs from the latest
    /// iteration's (false without an iteration).
    pub fn answer_changed(&self, id: &str, now: &Assessment) -> bool {
        self.baseline
            .as_ref()
            .is_some_and(|b| b.content.answer(id) != now.answer(id))
    }

    /// Whether item `id`'s status or evidence in `now` differs from the latest
    /// iteration's (false without an iteration).
    pub fn item_changed(&self, id: &str, now: &Assessment) -> bool {
        self.baseline.as_ref().is_some_and(|b| {
            b.content.status(id) != now.status(id) || b.content.evidence(id) != now.evidence(id)
        })
    }

    /// How many open comments (待回覆 or 再修正) are on `target`.
    pub fn open_on(&self, target: &Target, assessment: &Assessment) -> usize {
        self.review
            .on(target)
            .filter(|c| c.standing(assessment).is_open())
            .count()
    }
}

/// Commits `act` with a store of its own, as the person found as `dsw` finds them.
fn perform(workdir: &Path, name: &AssessmentName, act: &Act) -> Result<Reviewed, StoreError> {
    let store = Store::open(workdir)?;
    let author = Author::resolve(None, Some(store.repository()))?;
    store.act_on_review(name, act, "", &author)
}

/// Now, RFC 3339 in UTC (only seeds a new comment's id).
fn now() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    crate::time::rfc3339(i64::try_from(seconds).unwrap_or(0), 0)
}

/// What others did to the review between `old` and `new`, in words for the status
/// line: `王委員 新增了審查意見 6；林 回覆了審查意見 3`. `None` when nothing changed.
pub fn news(old: &Review, new: &Review, lang: Lang) -> Option<String> {
    let mut said: Vec<String> = Vec::new();
    for comment in &new.comments {
        let number = comment.number;
        let Some(before) = old.comments.iter().find(|c| c.id == comment.id) else {
            said.push(deed(&comment.reviewer, Deed::Added, number, lang));
            continue;
        };
        if before.reply != comment.reply
            && let Some(reply) = &comment.reply
        {
            said.push(deed(&reply.by, Deed::Replied, number, lang));
        } else if before.history.len() < comment.history.len()
            && let Some(last) = comment.history.last()
        {
            let what = match last.state {
                State::Accepted => Deed::Accepted,
                State::Reopened => Deed::Reopened,
                State::Replied => Deed::Replied,
                State::Open => Deed::Added,
            };
            said.push(deed(&last.by, what, number, lang));
        } else if before.text != comment.text || before.target != comment.target {
            // Edited by hand in the file: nobody to name.
            said.push(match lang {
                Lang::Zh => format!("審查意見 {number} 的內容已修改"),
                Lang::En => format!("comment {number} was edited"),
            });
        }
    }
    if said.is_empty() {
        return None;
    }
    const SHOWN: usize = 3;
    let more = said.len().saturating_sub(SHOWN);
    said.truncate(SHOWN);
    let mut text = said.join(lang.pick("；", "; "));
    if more > 0 {
        text += &match lang {
            Lang::Zh => format!("，另有 {more} 項"),
            Lang::En => format!(", and {more} more"),
        };
    }
    text += lang.pick("。", ".");
    Some(text)
}

#[derive(Clone, Copy)]
enum Deed {
    Added,
    Replied,
    Accepted,
    Reopened,
}

fn deed(who: &str, what: Deed, number: u32, lang: Lang) -> String {
    let who = visible(who, false);
    let who = if who.trim().is_empty() {
        std::borrow::Cow::Borrowed(lang.pick("有人", "someone"))
    } else {
        who
    };
    match (what, lang) {
        (Deed::Added, Lang::Zh) => format!("{who} 新增了審查意見 {number}"),
        (Deed::Added, Lang::En) => format!("{who} added comment {number}"),
        (Deed::Replied, Lang::Zh) => format!("{who} 回覆了審查意見 {number}"),
        (Deed::Replied, Lang::En) => format!("{who} replied to comment {number}"),
        (Deed::Accepted, Lang::Zh) => format!("{who} 同意了審查意見 {number}"),
        (Deed::Accepted, Lang::En) => format!("{who} accepted comment {number}"),
        (Deed::Reopened, Lang::Zh) => format!("{who} 要求再修正審查意見 {number}"),
        (Deed::Reopened, Lang::En) => format!("{who} reopened comment {number}"),
    }
}

/// How many comments on targets of each guideline are open, in form order, and how
/// many open ones are on targets outside the guidelines (header fields, BRiCS, the
/// whole assessment).
pub fn open_per_guideline(
    review: &Review,
    form: &crate::form::Form,
    assessment: &Assessment,
) -> (Vec<usize>, usize) {
    let mut counts = vec![0; form.groups.len()];
    let mut elsewhere = 0;
    for comment in &review.comments {
        if !comment.standing(assessment).is_open() {
            continue;
        }
        let group = comment
            .target
            .guideline(form)
            .and_then(|g| form.groups.iter().position(|group| *group.id == *g));
        match group {
            Some(at) => counts[at] += 1,
            None => elsewhere += 1,
        }
    }
    (counts, elsewhere)
}

/// The tree's mark for `count` open comments: `審2` (`💬2` in English), two cells
/// and the count; empty for none.
pub fn badge(count: usize, lang: Lang) -> String {
    if count == 0 {
        return String::new();
    }
    format!("{}{count}", lang.pick("審", "💬"))
}

/// The tree's mark, in its left margin, for a question or item changed since the
/// latest iteration (the answer pane says since which).
pub const CHANGED_MARK: &str = "*";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::{Reply, Transition};

    fn comment(id: &str, number: u32) -> Comment {
        Comment {
            id: id.into(),
            number,
            target: Target::General,
            iteration: String::new(),
            reviewer: "王委員".into(),
            date: String::new(),
            text: "請補充".into(),
            reply: None,
            other_replies: Vec::new(),
            state: State::Open,
            accepted: None,
            history: vec![Transition {
                state: State::Open,
                by: "王委員".into(),
                date: String::new(),
                note: String::new(),
            }],
        }
    }

    #[test]
    fn news_names_who_did_what_to_which_comment() {
        let old = Review {
            comments: vec![comment("a", 1)],
        };
        assert_eq!(news(&old, &old, Lang::Zh), None);
        let mut new = old.clone();
        new.comments.push(comment("b", 2));
        new.comments[0].reply = Some(Reply {
            text: "已補充".into(),
            by: "林\u{1b}[31m".into(),
            date: String::new(),
        });
        let text = news(&old, &new, Lang::Zh).unwrap();
        assert!(text.contains("回覆了審查意見 1"), "{text}");
        assert!(text.contains("王委員 新增了審查意見 2"), "{text}");
        assert!(!text.contains('\u{1b}'), "names are made safe: {text:?}");
        let english = news(&old, &new, Lang::En).unwrap();
        assert!(english.contains("added comment 2"), "{english}");
        // A hand edit of the file names no one.
        let mut edited = new.clone();
        edited.comments[1].text = "請補充（修訂）".into();
        assert_eq!(
            news(&new, &edited, Lang::Zh).as_deref(),
            Some("審查意見 2 的內容已修改。")
        );
    }
}
