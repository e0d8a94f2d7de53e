//! The review of an assessment: its comments, each with a target, the iteration it
//! was written against, the reviewer, the text, the team's reply and a state with
//! its history.

use crate::assessment::Assessment;
use crate::i18n::Lang;

use super::target::Target;

/// Every comment on one assessment, by display number.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Review {
    /// The comments, ordered by [`Comment::number`].
    pub comments: Vec<Comment>,
}

/// One 審查意見.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// Stable id, never reused (`c` and hex digits).
    pub id: String,
    /// Display number: 審查意見 1, 2, … in order of creation, fixed once committed.
    pub number: u32,
    /// What it is about.
    pub target: Target,
    /// The iteration (tag) it was written against; empty when there was none.
    pub iteration: String,
    /// Who wrote it.
    pub reviewer: String,
    /// When, RFC 3339.
    pub date: String,
    /// The comment.
    pub text: String,
    /// The team's reply (回覆說明).
    pub reply: Option<Reply>,
    /// Replies written at the same time as [`Comment::reply`] from an older view of
    /// it: kept, never dropped, until the next reply settles them.
    pub other_replies: Vec<Reply>,
    /// Where it stands.
    pub state: State,
    /// The target's content when it was accepted ([`Target::digest`]), so a later
    /// change shows as 已變更.
    pub accepted: Option<String>,
    /// Every change of state, oldest first.
    pub history: Vec<Transition>,
}

/// A reply, or another text written by someone (a reopening's reason).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// The text.
    pub text: String,
    /// Who wrote it.
    pub by: String,
    /// When, RFC 3339.
    pub date: String,
}

/// The stored state of a comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum State {
    /// 待回覆: waiting for the team's reply.
    Open,
    /// 已回覆: replied, waiting for the reviewer.
    Replied,
    /// 同意: the reviewer accepted the reply.
    Accepted,
    /// 再修正: the reviewer asks for more; needs a new reply.
    Reopened,
}

impl State {
    /// Every state, in the order a comment goes through them.
    pub const ALL: [State; 4] = [
        State::Open,
        State::Replied,
        State::Accepted,
        State::Reopened,
    ];

    /// The word in files and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Open => "open",
            State::Replied => "replied",
            State::Accepted => "accepted",
            State::Reopened => "reopened",
        }
    }

    /// Parses the file word.
    pub fn parse(word: &str) -> Option<State> {
        State::ALL.into_iter().find(|s| s.as_str() == word)
    }
}

/// A change of state: who made it, when, and what they said with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transition {
    /// The state entered.
    pub state: State,
    /// Who.
    pub by: String,
    /// When, RFC 3339.
    pub date: String,
    /// What they said (a reopening's reason); may be empty.
    pub note: String,
}

/// Where a comment stands as people read it: its state, except that an accepted
/// comment whose target changed since is 已變更 until accepted again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Standing {
    /// 待回覆.
    Open,
    /// 再修正: needs a new reply.
    Reopened,
    /// 已回覆.
    Replied,
    /// 已變更: accepted, and its target changed since.
    Changed,
    /// 同意.
    Accepted,
}

impl Standing {
    /// Every standing, those needing the team first.
    pub const ALL: [Standing; 5] = [
        Standing::Open,
        Standing::Reopened,
        Standing::Replied,
        Standing::Changed,
        Standing::Accepted,
    ];

    /// The name people read: 待回覆, 再修正, 已回覆, 已變更, 同意.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Standing::Open => lang.pick("待回覆", "open"),
            Standing::Reopened => lang.pick("再修正", "reopened"),
            Standing::Replied => lang.pick("已回覆", "replied"),
            Standing::Changed => lang.pick("已變更", "changed since accepted"),
            Standing::Accepted => lang.pick("同意", "accepted"),
        }
    }

    /// The word in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Standing::Open => "open",
            Standing::Reopened => "reopened",
            Standing::Replied => "replied",
            Standing::Changed => "changed",
            Standing::Accepted => "accepted",
        }
    }

    /// Whether the team still has to answer it (待回覆 or 再修正): what "open
    /// comments" means in filters, counts and markers.
    pub fn is_open(self) -> bool {
        matches!(self, Standing::Open | Standing::Reopened)
    }
}

impl Comment {
    /// Where it stands against `assessment` (the current content).
    pub fn standing(&self, assessment: &Assessment) -> Standing {
        match self.state {
            State::Open => Standing::Open,
            State::Reopened => Standing::Reopened,
            State::Replied => Standing::Replied,
            State::Accepted => match &self.accepted {
                Some(digest) if *digest != self.target.digest(assessment) => Standing::Changed,
                _ => Standing::Accepted,
            },
        }
    }

    /// Whether two replies were written at once and wait to be made one.
    pub fn reply_conflicts(&self) -> bool {
        !self.other_replies.is_empty()
    }

    /// `審查意見 3` / `comment 3`.
    pub fn title(&self, lang: Lang) -> String {
        format!("{} {}", lang.pick("審查意見", "comment"), self.number)
    }
}

/// How many comments stand where.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// 待回覆.
    pub open: usize,
    /// 再修正.
    pub reopened: usize,
    /// 已回覆.
    pub replied: usize,
    /// 已變更.
    pub changed: usize,
    /// 同意.
    pub accepted: usize,
}

impl Counts {
    /// The count of one standing.
    pub fn of(&self, standing: Standing) -> usize {
        match standing {
            Standing::Open => self.open,
            Standing::Reopened => self.reopened,
            Standing::Replied => self.replied,
            Standing::Changed => self.changed,
            Standing::Accepted => self.accepted,
        }
    }

    /// All comments counted.
    pub fn total(&self) -> usize {
        self.open + self.reopened + self.replied + self.changed + self.accepted
    }

    /// Those the team still has to answer.
    pub fn needing_reply(&self) -> usize {
        self.open + self.reopened
    }

    /// `待回覆 2 · 再修正 1 · 已回覆 0 · 已變更 0 · 同意 3`.
    pub fn describe(&self, lang: Lang) -> String {
        Standing::ALL
            .iter()
            .map(|s| format!("{} {}", s.label(lang), self.of(*s)))
            .collect::<Vec<_>>()
            .join(" · ")
    }

    fn add(&mut self, standing: Standing) {
        match standing {
            Standing::Open => self.open += 1,
            Standing::Reopened => self.reopened += 1,
            Standing::Replied => self.replied += 1,
            Standing::Changed => self.changed += 1,
            Standing::Accepted => self.accepted += 1,
        }
    }
}

impl Review {
    /// The comment with display number or id `key` (`3`, `#3`, `c1a2b…`).
    pub fn find(&self, key: &str) -> Option<&Comment> {
        let key = key.trim();
        let number = key.trim_start_matches('#').parse::<u32>().ok();
        self.comments
            .iter()
            .find(|c| Some(c.number) == number || c.id == key)
    }

    /// The comment with id `id`, for changing it.
    pub fn by_id_mut(&mut self, id: &str) -> Option<&mut Comment> {
        self.comments.iter_mut().find(|c| c.id == id)
    }

    /// The number the next comment gets.
    pub fn next_number(&self) -> u32 {
        self.comments.iter().map(|c| c.number).max().unwrap_or(0) + 1
    }

    /// The comments on `target`, by number.
    pub fn on<'a>(&'a self, target: &'a Target) -> impl Iterator<Item = &'a Comment> + 'a {
        self.comments.iter().filter(move |c| c.target == *target)
    }

    /// The comments written against iteration `tag`.
    pub fn of_iteration<'a>(&'a self, tag: &'a str) -> impl Iterator<Item = &'a Comment> + 'a {
        self.comments.iter().filter(move |c| c.iteration == tag)
    }

    /// The iterations comments were written against, in order of first comment.
    pub fn iterations(&self) -> Vec<&str> {
        let mut seen: Vec<&str> = Vec::new();
        for comment in &self.comments {
            if !seen.contains(&comment.iteration.as_str()) {
                seen.push(&comment.iteration);
            }
        }
        seen
    }

    /// How many of `comments` stand where against `assessment`.
    pub fn count<'a>(
        comments: impl IntoIterator<Item = &'a Comment>,
        assessment: &Assessment,
    ) -> Counts {
        let mut counts = Counts::default();
        for comment in comments {
            counts.add(comment.standing(assessment));
        }
        counts
    }

    /// The comment ids sorted into display order (after a change).
    pub(crate) fn sort(&mut self) {
        self.comments
            .sort_by(|a, b| (a.number, &a.id).cmp(&(b.number, &b.id)));
    }
}
