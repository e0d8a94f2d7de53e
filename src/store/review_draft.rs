//! Review text not sent yet: the reply, the reason for reopening, or the new comment
//! a person is writing in the workbench's editor, kept beside their draft under
//! `.git/dsw/drafts/<user>/` (the same private directory: 0700, file 0600, written
//! atomically), so a dropped connection or a killed process loses none of it.
//!
//! One file per workbench process that is writing one (`<stem>.unsent-review.<pid>.toml`:
//! a window writes one review text at a time), so the same person's workbench in
//! another window — or one left running after its connection dropped — never
//! replaces another's text. The file says what the text is for (which comment,
//! which target and iteration), the text and when it was last edited. The next
//! start offers back the text of a process that is gone, and leaves alone those of
//! processes still running.

use std::fmt::Write as _;
use std::path::PathBuf;

use serde::Deserialize;

use super::atomic;
use super::error::{StoreError, io};
use super::repo::{AssessmentName, Store};
use crate::assessment::{toml_basic_string, toml_multiline_string};
use crate::diagnostic::{Diagnostic, Problem, Report};
use crate::review::{Review, State, Target};

/// What an unsent review text is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Purpose {
    /// The team's reply to a comment.
    Reply {
        /// The comment's id.
        comment: String,
        /// Its number as shown then (審查意見 2).
        number: u32,
        /// The reply that stood when the person began (`None`: none yet), so a reply
        /// written meanwhile by someone else is kept beside this one, not replaced.
        seen: Option<String>,
    },
    /// Why a comment needs more (再修正).
    Reopen {
        /// The comment's id.
        comment: String,
        /// Its number as shown then.
        number: u32,
    },
    /// A new comment.
    New,
}

/// A review text typed in the workbench and not sent yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnsentReview {
    /// What it is for.
    pub purpose: Purpose,
    /// What it is about: the new comment's target, or the target of the comment
    /// replied to or reopened (so the text can still become a comment on it when
    /// that comment is gone).
    pub target: Target,
    /// The iteration tag the text was written against (empty: none).
    pub iteration: String,
    /// The text.
    pub text: String,
    /// When it was last edited, in seconds since the Unix epoch.
    pub edited: i64,
    /// The process that writes it (its file is named by it).
    pub pid: u32,
}

/// Every unsent review text of a person on an assessment.
#[derive(Debug, Default)]
pub struct UnsentReviews {
    /// The texts, the most recently edited first.
    pub texts: Vec<UnsentReview>,
    /// The files that cannot be read as one, and why (they are left where they are).
    pub unreadable: Vec<StoreError>,
}

#[derive(Deserialize)]
#[serde(rename_all = "lowercase")]
enum Kind {
    Reply,
    Reopen,
    New,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    version: u32,
    kind: Kind,
    #[serde(default)]
    comment: Option<toml::Spanned<String>>,
    #[serde(default)]
    number: u32,
    #[serde(default)]
    seen: Option<String>,
    target: toml::Spanned<String>,
    #[serde(default)]
    iteration: String,
    edited: i64,
    text: String,
}

impl UnsentReview {
    /// The number of the comment it is about (`None` for a new comment).
    pub fn number(&self) -> Option<u32> {
        match &self.purpose {
            Purpose::Reply { number, .. } | Purpose::Reopen { number, .. } => Some(*number),
            Purpose::New => None,
        }
    }

    /// The id of the comment it is about (`None` for a new comment).
    pub fn comment(&self) -> Option<&str> {
        match &self.purpose {
            Purpose::Reply { comment, .. } | Purpose::Reopen { comment, .. } => Some(comment),
            Purpose::New => None,
        }
    }

    /// What it is, in words: `回覆審查意見 2`, `新審查意見（對象 1.1.1）`.
    pub fn describe(&self, lang: crate::i18n::Lang) -> String {
        use crate::i18n::Lang;
        let target = crate::safe_text::visible(&self.target.to_string(), false).into_owned();
        match (&self.purpose, lang) {
            (Purpose::Reply { number, .. }, Lang::Zh) => format!("回覆審查意見 {number}"),
            (Purpose::Reply { number, .. }, Lang::En) => format!("a reply to comment {number}"),
            (Purpose::Reopen { number, .. }, Lang::Zh) => {
                format!("要求再修正審查意見 {number} 的理由")
            }
            (Purpose::Reopen { number, .. }, Lang::En) => {
                format!("a reason for reopening comment {number}")
            }
            (Purpose::New, Lang::Zh) => format!("新審查意見（對象 {target}）"),
            (Purpose::New, Lang::En) => format!("a new comment on {target}"),
        }
    }

    /// Whether `review` already holds this text as sent (the process was killed
    /// after sending it, before it could remove the file).
    pub fn sent_in(&self, review: &Review) -> bool {
        let text = self.text.trim_end();
        match &self.purpose {
            Purpose::Reply { comment, .. } => review
                .comments
                .iter()
                .find(|c| c.id == *comment)
                .and_then(|c| c.reply.as_ref())
                .is_some_and(|reply| reply.text.trim_end() == text),
            Purpose::Reopen { comment, .. } => review
                .comments
                .iter()
                .find(|c| c.id == *comment)
                .filter(|c| c.state == State::Reopened)
                .and_then(|c| c.history.last())
                .is_some_and(|step| step.state == State::Reopened && step.note == text),
            Purpose::New => review
                .comments
                .iter()
                .any(|c| c.target == self.target && c.text.trim_end() == text),
        }
    }

    /// Whether another workbench that is still running wrote it (the same person in
    /// another window, or one whose connection dropped and that has not noticed
    /// yet): that one keeps it; this process leaves it alone.
    pub fn by_another_window(&self) -> bool {
        self.pid != std::process::id() && could_be_writer(self.pid, self.edited)
    }

    /// The file's text.
    fn to_toml(&self, user: &str) -> String {
        let mut text = format!(
            "# dsw: review text {user} wrote in the workbench and has not sent yet. The \
             workbench offers it back; `dsw discard --review` drops it.\nversion = 1\n"
        );
        let kind = match &self.purpose {
            Purpose::Reply { .. } => "reply",
            Purpose::Reopen { .. } => "reopen",
            Purpose::New => "new",
        };
        let _ = writeln!(text, "kind = \"{kind}\"");
        if let Purpose::Reply {
            comment, number, ..
        }
        | Purpose::Reopen { comment, number } = &self.purpose
        {
            let _ = writeln!(text, "comment = {}", toml_basic_string(comment));
            let _ = writeln!(text, "number = {number}");
        }
        let _ = writeln!(
            text,
            "target = {}",
            toml_basic_string(&self.target.to_string())
        );
        let _ = writeln!(text, "iteration = {}", toml_basic_string(&self.iteration));
        let _ = writeln!(text, "edited = {}", self.edited);
        if let Purpose::Reply {
            seen: Some(seen), ..
        } = &self.purpose
        {
            let _ = writeln!(text, "seen = {}", toml_multiline_string(seen));
        }
        let _ = writeln!(text, "text = {}", toml_multiline_string(&self.text));
        text
    }

    /// Reads the text of the file of process `pid`; `origin` names it in messages.
    fn parse(origin: &str, source: &str, pid: u32) -> Result<UnsentReview, Report> {
        let raw: Raw = crate::diagnostic::parse_toml(origin, source)?;
        let report = |span: Option<std::ops::Range<usize>>, problem: Problem| Report {
            path: origin.to_owned(),
            source: source.to_owned(),
            diagnostics: vec![Diagnostic { span, problem }],
        };
        if raw.version != 1 {
            return Err(report(
                None,
                Problem::Syntax(format!("unknown version {}", raw.version)),
            ));
        }
        let target = Target::parse_stored(raw.target.get_ref()).ok_or_else(|| {
            report(
                Some(raw.target.span()),
                Problem::Unknown {
                    what: "review target",
                    id: raw.target.get_ref().clone(),
                    closest: None,
                },
            )
        })?;
        let comment = || match &raw.comment {
            Some(id) if !id.get_ref().trim().is_empty() => Ok(id.get_ref().clone()),
            Some(id) => Err(report(Some(id.span()), Problem::Empty { key: "comment" })),
            None => Err(report(None, Problem::Empty { key: "comment" })),
        };
        let purpose = match raw.kind {
            Kind::Reply => Purpose::Reply {
                comment: comment()?,
                number: raw.number,
                seen: raw.seen.clone(),
            },
            Kind::Reopen => Purpose::Reopen {
                comment: comment()?,
                number: raw.number,
            },
            Kind::New => Purpose::New,
        };
        Ok(UnsentReview {
            purpose,
            target,
            iteration: raw.iteration,
            text: raw.text,
            edited: raw.edited,
            pid,
        })
    }
}

impl Store {
    /// Where the unsent review text that process `pid` writes for `user` on `name`
    /// is kept.
    pub fn unsent_review_path(&self, name: &AssessmentName, user: &str, pid: u32) -> PathBuf {
        self.drafts_dir()
            .join(user)
            .join(format!("{}{pid}.toml", unsent_prefix(name)))
    }

    /// Keeps `unsent` as the unsent review text of its process, atomically and
    /// private to `user`, replacing that process's earlier one.
    pub fn save_unsent_review(
        &self,
        name: &AssessmentName,
        user: &str,
        unsent: &UnsentReview,
    ) -> Result<(), StoreError> {
        self.own_draft_dir(user, true)?;
        let path = self.unsent_review_path(name, user, unsent.pid);
        atomic::write(&path, unsent.to_toml(user).as_bytes(), 0o600).map_err(io(&path))
    }

    /// Every unsent review text of `user` on `name`, the most recently edited
    /// first; a file that cannot be read as one is reported with `file:line:column`
    /// (and left where it is).
    pub fn unsent_reviews(
        &self,
        name: &AssessmentName,
        user: &str,
    ) -> Result<UnsentReviews, StoreError> {
        let dir = self.own_draft_dir(user, false)?;
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(UnsentReviews::default());
            }
            Err(e) => return Err(io(&dir)(e)),
        };
        let prefix = unsent_prefix(name);
        let mut found = UnsentReviews::default();
        for entry in entries {
            let entry = entry.map_err(io(&dir))?;
            let file = entry.file_name();
            let Some(pid) = file
                .to_str()
                .and_then(|f| f.strip_prefix(&prefix))
                .and_then(|rest| rest.strip_suffix(".toml"))
                .and_then(|pid| pid.parse::<u32>().ok())
            else {
                continue;
            };
            match self.read_unsent(&entry.path(), pid) {
                Ok(Some(unsent)) => found.texts.push(unsent),
                Ok(None) => {}
                Err(error) => found.unreadable.push(error),
            }
        }
        found
            .texts
            .sort_by(|a, b| b.edited.cmp(&a.edited).then(a.pid.cmp(&b.pid)));
        Ok(found)
    }

    /// The unsent review text of `user` on `name` to offer back: the most recently
    /// edited one not being written by a workbench still running. `None` when there
    /// is none; an error when a file cannot be read as one.
    pub fn unsent_review(
        &self,
        name: &AssessmentName,
        user: &str,
    ) -> Result<Option<UnsentReview>, StoreError> {
        let mut found = self.unsent_reviews(name, user)?;
        if !found.unreadable.is_empty() {
            return Err(found.unreadable.remove(0));
        }
        Ok(found.texts.into_iter().find(|u| !u.by_another_window()))
    }

    /// The file of process `pid`, read; `None` when it has gone meanwhile.
    fn read_unsent(
        &self,
        path: &std::path::Path,
        pid: u32,
    ) -> Result<Option<UnsentReview>, StoreError> {
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(io(path)(e)),
        };
        let origin = path.display().to_string();
        let text = crate::diagnostic::decode_utf8(&origin, bytes)
            .map_err(|r| StoreError::Invalid(Box::new(r)))?;
        UnsentReview::parse(&origin, &text, pid)
            .map(Some)
            .map_err(|r| StoreError::Invalid(Box::new(r)))
    }

    /// Drops the unsent review text process `pid` wrote for `user` on `name` (sent,
    /// emptied, or taken over by a later window); true if there was one.
    pub fn discard_unsent_review(
        &self,
        name: &AssessmentName,
        user: &str,
        pid: u32,
    ) -> Result<bool, StoreError> {
        self.own_draft_dir(user, false)?;
        let path = self.unsent_review_path(name, user, pid);
        match std::fs::remove_file(&path) {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
            Err(e) => Err(io(&path)(e)),
        }
    }

    /// Drops every unsent review text of `user` on `name`, unreadable files
    /// included (`dsw discard --review`); returns how many there were.
    pub fn discard_unsent_reviews(
        &self,
        name: &AssessmentName,
        user: &str,
    ) -> Result<usize, StoreError> {
        let dir = self.own_draft_dir(user, false)?;
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
            Err(e) => return Err(io(&dir)(e)),
        };
        let prefix = unsent_prefix(name);
        let mut dropped = 0;
        for entry in entries {
            let entry = entry.map_err(io(&dir))?;
            let ours = entry
                .file_name()
                .to_str()
                .and_then(|f| f.strip_prefix(&prefix))
                .and_then(|rest| rest.strip_suffix(".toml"))
                .is_some_and(|pid| pid.parse::<u32>().is_ok());
            if ours {
                let path = entry.path();
                match std::fs::remove_file(&path) {
                    Ok(()) => dropped += 1,
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => return Err(io(&path)(e)),
                }
            }
        }
        Ok(dropped)
    }
}

/// Whether process `pid` runs now and can be the one that last edited a text at
/// `edited`: not killed and left unreaped (a zombie, as a killed process in a
/// container without an init that reaps stays), and not started after that edit
/// (its id since given to another process). Where the process table cannot be
/// read, any running process counts.
fn could_be_writer(pid: u32, edited: i64) -> bool {
    if !super::lock::process_alive(pid) {
        return false;
    }
    #[cfg(target_os = "linux")]
    if let Some((state, started)) = linux_process(pid) {
        if matches!(state, 'Z' | 'X' | 'x') {
            return false;
        }
        // A second of slack for rounding.
        if started.is_some_and(|started| started > edited + 1) {
            return false;
        }
    }
    true
}

/// Process `pid`'s state letter and, when known, when it started (seconds since
/// the epoch), from `/proc`.
#[cfg(target_os = "linux")]
fn linux_process(pid: u32) -> Option<(char, Option<i64>)> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // After the command name (in parentheses, and it may hold anything): the state
    // (field 3) … the start time (field 22) in clock ticks since boot.
    let fields: Vec<&str> = stat
        .get(stat.rfind(')')? + 1..)?
        .split_whitespace()
        .collect();
    let state = fields.first()?.chars().next()?;
    let ticks = fields.get(19).and_then(|t| t.parse::<i64>().ok());
    let boot = std::fs::read_to_string("/proc/stat").ok().and_then(|text| {
        text.lines()
            .find_map(|l| l.strip_prefix("btime "))
            .and_then(|b| b.trim().parse::<i64>().ok())
    });
    // /proc counts in USER_HZ, 100 on every architecture Linux runs dsw on.
    let started = ticks.zip(boot).map(|(ticks, boot)| boot + ticks / 100);
    Some((state, started))
}

/// The start of the names of the unsent review texts' files on `name`.
fn unsent_prefix(name: &AssessmentName) -> String {
    format!("{}.unsent-review.", name.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::{Reply, Transition};
    use crate::store::Author;

    fn repo() -> (tempfile::TempDir, Store, AssessmentName) {
        let dir = tempfile::tempdir().unwrap();
        let author = Author {
            name: "Tester".into(),
            email: "t@example.org".into(),
        };
        let (store, name, _) =
            Store::init(dir.path(), "ict-plan", None, None, &author, "init").unwrap();
        (dir, store, name)
    }

    fn now() -> i64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0))
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_killed_workbench_left_unreaped_counts_as_gone() {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let unsent = UnsentReview {
            pid: child.id(),
            edited: now() + 5,
            ..reply("被砍掉的視窗")
        };
        // Exited, not yet waited for: a zombie, which signal 0 still finds.
        let mut zombie = false;
        for _ in 0..500 {
            if linux_process(child.id()).is_some_and(|(state, _)| state == 'Z') {
                zombie = true;
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        assert!(zombie, "the child never became a zombie");
        assert!(crate::store::lock::process_alive(child.id()));
        assert!(!unsent.by_another_window());
        child.wait().unwrap();
    }

    fn reply(text: &str) -> UnsentReview {
        UnsentReview {
            purpose: Purpose::Reply {
                comment: "c0123456789ab".into(),
                number: 2,
                seen: Some("舊的回覆 \"引號\"\n第二行".into()),
            },
            target: Target::Question("1.1.1".into()),
            iteration: "第一次送審".into(),
            text: text.into(),
            edited: 1_790_000_000,
            pid: std::process::id(),
        }
    }

    #[test]
    fn each_kind_reads_back_as_written() {
        let (_dir, store, name) = repo();
        assert_eq!(store.unsent_review(&name, "amy").unwrap(), None);
        let new = UnsentReview {
            purpose: Purpose::New,
            target: Target::Brics {
                table: "t".into(),
                stakeholder: Some("s".into()),
                cell: Some(crate::assessment::Cell::Risk),
            },
            iteration: String::new(),
            text: String::new(),
            edited: 0,
            pid: std::process::id(),
        };
        let reopen = UnsentReview {
            purpose: Purpose::Reopen {
                comment: "c1".into(),
                number: 7,
            },
            target: Target::General,
            ..reply("理由：\t仍未說明\n\"\"\"三個引號\"\"\"\\ 與 \u{1b}[31m 控制字元")
        };
        for unsent in [reply("已補充三類使用者。\n\n第二段"), new, reopen] {
            store.save_unsent_review(&name, "amy", &unsent).unwrap();
            assert_eq!(store.unsent_review(&name, "amy").unwrap(), Some(unsent));
        }
        let pid = std::process::id();
        assert!(store.discard_unsent_review(&name, "amy", pid).unwrap());
        assert!(!store.discard_unsent_review(&name, "amy", pid).unwrap());
        assert_eq!(store.unsent_review(&name, "amy").unwrap(), None);
    }

    #[cfg(unix)]
    #[test]
    fn it_is_private_to_the_account_like_a_draft() {
        use std::os::unix::fs::PermissionsExt;
        let (_dir, store, name) = repo();
        store
            .save_unsent_review(&name, "amy", &reply("只有我看得到"))
            .unwrap();
        let path = store.unsent_review_path(&name, "amy", std::process::id());
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(path.parent().unwrap()), 0o700);
        assert_eq!(path.parent(), store.draft_path(&name, "amy").parent());
        // Not taken for a draft: nobody "has a draft" because of it.
        assert!(store.draft_owners(&name).is_empty());
        assert_eq!(store.draft(&name, "amy").unwrap(), None);
    }

    #[test]
    fn a_corrupt_file_is_reported_with_its_place_and_kept() {
        let (_dir, store, name) = repo();
        store.save_unsent_review(&name, "amy", &reply("x")).unwrap();
        let path = store.unsent_review_path(&name, "amy", std::process::id());
        let cases = [
            "version = 1\nkind = \"reply\"\ntext = \"\"\"\n未結束",
            "version = 1\nkind = \"reply\"\ntarget = \"1..1\"\nedited = 0\ncomment = \"c\"\ntext = \"x\"\n",
            "version = 1\nkind = \"reopen\"\ntarget = \"1.1.1\"\nedited = 0\ntext = \"x\"\n",
            "version = 1\nkind = \"later\"\ntarget = \"1.1.1\"\nedited = 0\ntext = \"x\"\n",
        ];
        for case in cases {
            std::fs::write(&path, case).unwrap();
            let error = store.unsent_review(&name, "amy").unwrap_err();
            let StoreError::Invalid(report) = &error else {
                panic!("{error:?}");
            };
            let shown = error.message(crate::i18n::Lang::En);
            assert!(shown.contains("unsent-review."), "{shown}");
            assert_eq!(report.diagnostics.len(), 1, "{shown}");
            // Listed as unreadable, beside the texts that can be read; left where
            // it is.
            let found = store.unsent_reviews(&name, "amy").unwrap();
            assert_eq!((found.texts.len(), found.unreadable.len()), (0, 1));
            assert!(path.exists());
        }
        std::fs::write(&path, [0xff, 0xfe]).unwrap();
        assert!(matches!(
            store.unsent_review(&name, "amy"),
            Err(StoreError::Invalid(_))
        ));
        assert_eq!(store.discard_unsent_reviews(&name, "amy").unwrap(), 1);
        assert!(!path.exists());
    }

    #[test]
    fn each_window_keeps_its_own_and_only_a_gone_ones_is_offered_back() {
        let (_dir, store, name) = repo();
        // pid 1 always runs: the same person's workbench in another window.
        let running = UnsentReview {
            pid: 1,
            edited: now() - 20,
            ..reply("另一個視窗的")
        };
        assert!(running.by_another_window());
        // A running process that started after the text was last edited did not
        // write it: the id was given to it later.
        #[cfg(target_os = "linux")]
        assert!(
            !UnsentReview {
                pid: 1,
                edited: 20,
                ..reply("x")
            }
            .by_another_window()
        );
        store.save_unsent_review(&name, "amy", &running).unwrap();
        assert_eq!(store.unsent_review(&name, "amy").unwrap(), None);
        // A process id that cannot be running (above Linux's pid_max): a session
        // that died mid-reply.
        let gone = UnsentReview {
            pid: 4_194_305,
            edited: now() - 30,
            ..reply("上次被中斷的")
        };
        assert!(!gone.by_another_window());
        store.save_unsent_review(&name, "amy", &gone).unwrap();
        assert_eq!(
            store.unsent_review(&name, "amy").unwrap(),
            Some(gone.clone())
        );
        // This window's own text does not replace either.
        let mine = UnsentReview {
            edited: now(),
            ..reply("這個視窗的")
        };
        store.save_unsent_review(&name, "amy", &mine).unwrap();
        let all = store.unsent_reviews(&name, "amy").unwrap();
        let texts: Vec<&str> = all.texts.iter().map(|u| u.text.as_str()).collect();
        assert_eq!(
            texts,
            ["這個視窗的", "另一個視窗的", "上次被中斷的"],
            "newest first"
        );
        assert!(store.discard_unsent_review(&name, "amy", gone.pid).unwrap());
        assert_eq!(store.discard_unsent_reviews(&name, "amy").unwrap(), 2);
        assert!(store.unsent_reviews(&name, "amy").unwrap().texts.is_empty());
    }

    #[test]
    fn a_text_already_in_the_review_counts_as_sent() {
        let unsent = reply("已補充。\n");
        let mut review = Review::default();
        assert!(!unsent.sent_in(&review));
        review.comments.push(crate::review::Comment {
            id: "c0123456789ab".into(),
            number: 2,
            target: Target::Question("1.1.1".into()),
            iteration: String::new(),
            reviewer: "王委員".into(),
            date: String::new(),
            text: "請補充".into(),
            reply: None,
            other_replies: Vec::new(),
            state: State::Open,
            accepted: None,
            history: Vec::new(),
        });
        assert!(!unsent.sent_in(&review));
        review.comments[0].reply = Some(Reply {
            text: "已補充。".into(),
            by: "林".into(),
            date: String::new(),
        });
        assert!(unsent.sent_in(&review));
        let reopen = UnsentReview {
            purpose: Purpose::Reopen {
                comment: "c0123456789ab".into(),
                number: 2,
            },
            ..reply("仍不足")
        };
        assert!(!reopen.sent_in(&review));
        review.comments[0].state = State::Reopened;
        review.comments[0].history.push(Transition {
            state: State::Reopened,
            by: "王委員".into(),
            date: String::new(),
            note: "仍不足".into(),
        });
        assert!(reopen.sent_in(&review));
        let new = UnsentReview {
            purpose: Purpose::New,
            ..reply("請補充")
        };
        assert!(new.sent_in(&review));
        let elsewhere = UnsentReview {
            target: Target::General,
            ..new
        };
        assert!(!elsewhere.sent_in(&review));
    }
}
