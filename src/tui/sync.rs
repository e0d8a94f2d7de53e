//! The draft's worker thread: saves the draft, and watches the draft file and the
//! branch, off the UI thread.
//!
//! After gitui: one thread with its own [`Store`] (git2's `Repository` is not `Sync`)
//! takes jobs over a channel and reports back over another, and the UI keeps at most
//! one save pending — so a draft lock held by another process, a slow disk or an
//! fsync never delays a keystroke or a frame. About every [`POLL`] it also looks,
//! cheaply, whether the draft file changed under it (the same person's other window,
//! `dsw answer`) and whether the branch moved (a teammate's commit); the UI merges
//! those into what it shows.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, TryRecvError};
use std::time::{Duration, Instant};

use git2::Oid;

use super::events::LateWaker;
use super::reviews::{Baseline, baseline, latest_iteration};
use crate::assessment::Assessment;
use crate::diff::FieldPath;
use crate::review::Review;
use crate::store::{
    AssessmentName, DiskChange, Draft, Known, Newer, Saved, Store, StoreError, UnsentReview,
    remove_recovery, set_text_at,
};

/// How often the worker looks at the draft file and the branch head.
pub const POLL: Duration = Duration::from_secs(1);

/// How many versions of the draft file the worker keeps as possible ancestors.
const VERSIONS_KEPT: usize = 4;

/// The UI's draft as sent for a save.
pub enum Snapshot {
    /// All of it.
    Full(Box<Draft>),
    /// Only the text fields changed since the last snapshot (typing into one answer
    /// or cell): the worker applies them to its copy. Copying the whole draft on
    /// the UI thread would cost milliseconds with long answers.
    Fields {
        /// Each changed field and its text (`None`: empty).
        fields: Vec<(FieldPath, Option<String>)>,
        /// The field last edited.
        last_edited: Option<String>,
    },
}

/// What the UI asks of the worker.
pub enum Job {
    /// Save the UI's draft.
    Save {
        /// The draft, or what changed in it.
        snapshot: Snapshot,
        /// How many edits it holds, to tell the UI which of its edits are saved.
        edits: u64,
        /// The version of the draft file the UI's draft last took in (from a
        /// [`Report::Saved`] or [`Report::Disk`]): the common ancestor for merging
        /// with what is on disk now.
        based_on: u64,
    },
    /// Start over from a draft the UI read or wrote itself (after a commit, a
    /// resolution, a restored recovery): reports about older states are stale. The
    /// draft is version 0 of the new generation.
    Reset {
        /// The draft as it is on disk now.
        known: Box<Known>,
        /// The branch head the UI shows.
        head: Oid,
        /// The new generation; reports carry it.
        generation: u64,
    },
    /// Look at the draft file and the branch now rather than at the next poll.
    Poll,
    /// Keep the review text being written in the editor (a reply, a reason for
    /// reopening, a new comment), or drop it (`None`: sent, or emptied).
    Unsent {
        /// The UI's count of changes to it, to tell which are on disk.
        serial: u64,
        /// The text, or `None` to drop it.
        unsent: Option<Box<UnsentReview>>,
        /// The process whose text this window took over (an earlier session's):
        /// its file goes once this one's is written.
        adopted: Option<u32>,
    },
}

/// What the worker tells the UI. Each report carries the generation of the state it
/// was computed from, so reports from before a reset are dropped.
pub enum Report {
    /// A save went through.
    Saved {
        /// See [`Report`].
        generation: u64,
        /// The edit count of the saved draft.
        edits: u64,
        /// The version of the file now (see [`Job::Save`]).
        version: u64,
        /// What the file holds now.
        written: Box<Draft>,
        /// The draft that was sent, when the file held other changes that were
        /// merged in (the ancestor for merging them into the UI's newer typing).
        sent: Option<Box<Draft>>,
        /// What the save found and did.
        saved: Saved,
        /// The session's recovery file was removed (an earlier save had failed).
        recovery_removed: bool,
    },
    /// A save failed; the draft went to a recovery file instead (if it could).
    Failed {
        /// See [`Report`].
        generation: u64,
        /// The edit count of the draft that was not saved.
        edits: u64,
        /// Why.
        error: StoreError,
        /// The recovery file written, or why it could not be.
        recovery: Option<Result<PathBuf, StoreError>>,
    },
    /// The draft file changed under us (another window of the same person, the
    /// CLI), or went away.
    Disk {
        /// See [`Report`].
        generation: u64,
        /// The version of the file now (see [`Job::Save`]).
        version: u64,
        /// The draft now (a fresh one at the head when the file went away).
        draft: Box<Draft>,
        /// What happened.
        change: DiskChange,
    },
    /// The branch moved.
    Head {
        /// See [`Report`].
        generation: u64,
        /// The new head.
        head: Oid,
        /// The assessment at the new head.
        content: Box<Assessment>,
        /// The revisions since the draft's base.
        newer: Newer,
        /// The review (審查意見) at the new head.
        review: Result<Review, StoreError>,
    },
    /// The latest iteration tag changed (a new tag): the assessment as it was there,
    /// or `None` when there is no tag any more or its content cannot be read.
    Iteration {
        /// The tag's name and revision, as looked up.
        latest: Option<(String, Oid)>,
        /// The assessment at that tag.
        baseline: Option<Box<Baseline>>,
    },
    /// A snapshot of changed fields did not fit the worker's copy (it has none, or
    /// lacks a row): send the whole draft.
    Resend,
    /// The review text was kept or dropped ([`Job::Unsent`]), or why not.
    Unsent {
        /// The serial of the job.
        serial: u64,
        /// Whether it went through.
        result: Result<(), StoreError>,
    },
    /// The worker could not open the repository; it has stopped.
    Broken(StoreError),
}

/// The UI's handle on the worker.
pub struct Worker {
    jobs: Sender<Job>,
    reports: Receiver<Report>,
}

/// Where and for whom the worker works.
pub struct Setup {
    /// The repository's working tree.
    pub workdir: PathBuf,
    /// Which assessment.
    pub name: AssessmentName,
    /// Whose draft.
    pub user: String,
    /// The draft as on disk when the worker starts: version 0.
    pub known: Known,
    /// The UI's draft when the worker starts, so that the first save can carry
    /// only the fields typed into (`None`: the first save sends it whole).
    pub copy: Option<Draft>,
    /// The branch head the UI shows.
    pub head: Oid,
    /// The latest iteration tag the UI knows of.
    pub iteration: Option<(String, Oid)>,
    /// Where recovery files go (`None`: nowhere known).
    pub recovery_dir: Option<PathBuf>,
    /// The UI's current generation.
    pub generation: u64,
    /// Woken after every report, so the event loop takes it in at once.
    pub wake: LateWaker,
}

impl Worker {
    /// Starts the worker thread.
    pub fn spawn(setup: Setup) -> std::io::Result<Worker> {
        let (jobs, job_receiver) = mpsc::channel();
        let (report_sender, reports) = mpsc::channel();
        std::thread::Builder::new()
            .name("dsw-draft".into())
            .spawn(move || run(setup, &job_receiver, &report_sender))?;
        Ok(Worker { jobs, reports })
    }

    /// Sends a job; false when the worker has stopped.
    pub fn send(&self, job: Job) -> bool {
        self.jobs.send(job).is_ok()
    }

    /// The next report, if one is waiting.
    pub fn try_report(&self) -> Result<Report, TryRecvError> {
        self.reports.try_recv()
    }

    /// The next report, waiting up to `timeout` (only flushes wait).
    pub fn wait_report(&self, timeout: Duration) -> Result<Report, RecvTimeoutError> {
        self.reports.recv_timeout(timeout)
    }
}

/// The worker's state.
struct State {
    store: Store,
    name: AssessmentName,
    user: String,
    /// The draft file as last seen by a poll or written: what changes are noticed
    /// against.
    seen: Known,
    /// The versions of the draft file the UI may have taken in last, oldest first
    /// (the newest is `seen`). A save merges with the disk taking the one the UI's
    /// draft is based on as the ancestor: an older one would make a change the other
    /// window undid look like ours (and redo it), a newer one would make a change
    /// the UI has not taken in yet look like ours undoing it.
    versions: VecDeque<(u64, Known)>,
    /// The number of the newest version.
    version: u64,
    head: Oid,
    /// The latest iteration tag as last looked up.
    iteration: Option<(String, Oid)>,
    generation: u64,
    /// The UI's draft as of its last snapshot, to apply changed fields to.
    copy: Option<Draft>,
    recovery_dir: Option<PathBuf>,
    /// This session's recovery file, once a save has failed.
    recovery: Option<PathBuf>,
}

fn run(setup: Setup, jobs: &Receiver<Job>, reports: &Sender<Report>) {
    let wake = setup.wake.clone();
    // False once the workbench is gone.
    let report = |report: Report| {
        let sent = reports.send(report).is_ok();
        wake.wake();
        sent
    };
    let store = match Store::open(&setup.workdir) {
        Ok(store) => store,
        Err(error) => {
            report(Report::Broken(error));
            return;
        }
    };
    let mut state = State::new(store, setup);
    let mut last_poll = Instant::now();
    let mut poll_now = false;
    loop {
        let wait = POLL.saturating_sub(last_poll.elapsed());
        let job = match jobs.recv_timeout(wait) {
            Ok(job) => Some(job),
            Err(RecvTimeoutError::Timeout) => None,
            // The workbench is gone.
            Err(RecvTimeoutError::Disconnected) => return,
        };
        let sent = match job {
            Some(Job::Save {
                snapshot,
                edits,
                based_on,
            }) => report(state.save(snapshot, edits, based_on)),
            Some(Job::Reset {
                known,
                head,
                generation,
            }) => {
                state.copy = None;
                state.seen = (*known).clone();
                state.versions = VecDeque::from([(0, *known)]);
                state.version = 0;
                state.head = head;
                state.generation = generation;
                true
            }
            Some(Job::Poll) => {
                poll_now = true;
                true
            }
            Some(Job::Unsent {
                serial,
                unsent,
                adopted,
            }) => report(Report::Unsent {
                serial,
                result: keep_unsent(
                    &state.store,
                    &state.name,
                    &state.user,
                    unsent.as_deref(),
                    adopted,
                ),
            }),
            None => true,
        };
        if !sent {
            return;
        }
        // Polls happen between jobs too, so that a stream of saves during steady
        // typing does not keep the other windows' changes from showing.
        if poll_now || last_poll.elapsed() >= POLL {
            poll_now = false;
            last_poll = Instant::now();
            for found in state.poll() {
                if !report(found) {
                    return;
                }
            }
        }
    }
}

impl State {
    fn new(store: Store, setup: Setup) -> State {
        State {
            store,
            name: setup.name,
            user: setup.user,
            seen: setup.known.clone(),
            versions: VecDeque::from([(0, setup.known)]),
            version: 0,
            head: setup.head,
            iteration: setup.iteration,
            generation: setup.generation,
            copy: setup.copy,
            recovery_dir: setup.recovery_dir,
            recovery: None,
        }
    }

    /// Remembers `known` as the newest version of the file.
    fn remember(&mut self, known: Known) -> u64 {
        self.version += 1;
        self.versions.push_back((self.version, known));
        // The UI takes in every report within a tick: a few versions suffice.
        while self.versions.len() > VERSIONS_KEPT {
            self.versions.pop_front();
        }
        self.version
    }

    fn save(&mut self, snapshot: Snapshot, edits: u64, based_on: u64) -> Report {
        match snapshot {
            Snapshot::Full(draft) => self.copy = Some(*draft),
            Snapshot::Fields {
                fields,
                last_edited,
            } => {
                let Some(copy) = &mut self.copy else {
                    return Report::Resend;
                };
                copy.last_edited = last_edited;
                for (path, text) in &fields {
                    if !set_text_at(&mut copy.mine, path, text.as_deref()) {
                        self.copy = None;
                        return Report::Resend;
                    }
                }
            }
        }
        let Some(draft) = &self.copy else {
            return Report::Resend;
        };
        // The version the UI's draft is based on; if it is no longer kept, the
        // oldest kept (see `versions`: older is the safer side).
        let mut ancestor = self
            .versions
            .iter()
            .find(|(version, _)| *version == based_on)
            .or_else(|| self.versions.front())
            .map_or_else(|| self.seen.clone(), |(_, known)| known.clone());
        let outcome = self
            .store
            .save_draft_merging(&self.name, &self.user, &mut ancestor, draft);
        match outcome {
            Ok((written, saved)) => {
                // Our own write is not a change to notice.
                self.seen = ancestor.clone();
                let version = self.remember(ancestor);
                let recovery_removed = match self.recovery.take() {
                    Some(path) => remove_recovery(&path).unwrap_or(false),
                    None => false,
                };
                let sent = saved
                    .merged
                    .then(|| self.copy.clone().map(Box::new))
                    .flatten();
                Report::Saved {
                    generation: self.generation,
                    edits,
                    version,
                    sent,
                    written: Box::new(written),
                    saved,
                    recovery_removed,
                }
            }
            Err(error) => {
                let recovery = self.recovery_dir.as_ref().map(|dir| {
                    let written = self.store.write_recovery(
                        dir,
                        &self.name,
                        &self.user,
                        draft,
                        self.recovery.as_deref(),
                    );
                    if let Ok(path) = &written {
                        self.recovery = Some(path.clone());
                    }
                    written
                });
                Report::Failed {
                    generation: self.generation,
                    edits,
                    error,
                    recovery,
                }
            }
        }
    }

    /// Looks at the draft file and the branch head; errors are left for the next
    /// poll (a save reports its own).
    fn poll(&mut self) -> Vec<Report> {
        let mut found = Vec::new();
        if let Ok(Some(change)) = self
            .store
            .poll_draft(&self.name, &self.user, &mut self.seen)
        {
            let version = self.remember(self.seen.clone());
            found.push(Report::Disk {
                generation: self.generation,
                version,
                draft: Box::new(self.seen.draft.clone()),
                change,
            });
        }
        if let Ok(Some(head)) = self.store.head()
            && head != self.head
        {
            self.head = head;
            if let Ok(content) = self.store.load_at(&self.name, head) {
                found.push(Report::Head {
                    generation: self.generation,
                    head,
                    content: Box::new(content),
                    newer: self
                        .store
                        .newer_since(&self.name, self.seen.draft.base_rev, head)
                        .unwrap_or_default(),
                    // Teammates' comments and replies arrive with their answers.
                    review: self.store.review_at(&self.name, head),
                });
            }
        }
        // A new iteration tag (cheap to look up: a few references).
        let latest = latest_iteration(&self.store);
        if latest != self.iteration {
            found.push(Report::Iteration {
                baseline: baseline(&self.store, &self.name, latest.as_ref()).map(Box::new),
                latest: latest.clone(),
            });
            self.iteration = latest;
        }
        found
    }
}

/// Keeps this window's review text being written (`Some`), or drops it (`None`);
/// then drops the text of the earlier session `adopted` took over: what
/// [`Job::Unsent`] does, on whichever thread runs it.
pub fn keep_unsent(
    store: &Store,
    name: &AssessmentName,
    user: &str,
    unsent: Option<&UnsentReview>,
    adopted: Option<u32>,
) -> Result<(), StoreError> {
    let own = std::process::id();
    match unsent {
        Some(unsent) => store.save_unsent_review(name, user, unsent)?,
        None => {
            store.discard_unsent_review(name, user, own)?;
        }
    }
    if let Some(pid) = adopted.filter(|pid| *pid != own) {
        store.discard_unsent_review(name, user, pid)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::testing::{FORM, author_named, repo_by};

    /// A worker's state (driven directly, without its thread) on a fresh
    /// ict-plan repository where amy's draft answers 1.1.1 with "原本".
    fn state() -> (tempfile::TempDir, Store, State) {
        let (dir, store, name) = repo_by(FORM, &author_named("Amy"));
        let head = store.head_commit().unwrap();
        store
            .edit(&name, "amy", |a| a.set_answer("1.1.1", "原本"))
            .unwrap();
        let setup = Setup {
            workdir: dir.path().to_path_buf(),
            name: name.clone(),
            user: "amy".into(),
            known: store.known_draft(&name, "amy").unwrap(),
            copy: None,
            head,
            iteration: None,
            recovery_dir: None,
            generation: 0,
            wake: LateWaker::default(),
        };
        let state = State::new(Store::open(dir.path()).unwrap(), setup);
        (dir, store, state)
    }

    #[test]
    fn a_change_another_window_undid_is_not_redone_by_a_save() {
        let (_dir, other, mut state) = state();
        let name = state.name.clone();
        // The other window changes 1.1.1; the worker notices and the UI takes it in.
        other
            .edit(&name, "amy", |a| a.set_answer("1.1.1", "改了"))
            .unwrap();
        let (version, mut ui) = match state.poll().pop() {
            Some(Report::Disk { version, draft, .. }) => (version, *draft),
            _ => panic!("the change was noticed"),
        };
        // The other window changes it back before this window's next save, which
        // is based on the version the UI took in.
        other
            .edit(&name, "amy", |a| a.set_answer("1.1.1", "原本"))
            .unwrap();
        ui.mine.set_answer("2.1.1", "這個視窗");
        match state.save(Snapshot::Full(Box::new(ui)), 1, version) {
            Report::Saved { saved, .. } => assert!(saved.merged),
            _ => panic!("saved"),
        }
        let draft = other.draft(&name, "amy").unwrap().unwrap();
        assert_eq!(draft.mine.answer("1.1.1"), "原本", "the undo stands");
        assert_eq!(draft.mine.answer("2.1.1"), "這個視窗");
    }

    #[test]
    fn changed_fields_are_applied_to_the_copy_or_the_whole_draft_is_asked_for() {
        let (_dir, other, mut state) = state();
        let name = state.name.clone();
        let fields = |text: &str| Snapshot::Fields {
            fields: vec![(FieldPath::Answer("1.1.1".into()), Some(text.to_owned()))],
            last_edited: Some("1.1.1".into()),
        };
        // No copy yet: the whole draft is needed.
        assert!(matches!(state.save(fields("一"), 1, 0), Report::Resend));
        let whole = other.draft(&name, "amy").unwrap().unwrap();
        assert!(matches!(
            state.save(Snapshot::Full(Box::new(whole)), 1, 0),
            Report::Saved { .. }
        ));
        let version = state.version;
        assert!(matches!(
            state.save(fields("原本加上一句"), 2, version),
            Report::Saved { .. }
        ));
        let draft = other.draft(&name, "amy").unwrap().unwrap();
        assert_eq!(draft.mine.answer("1.1.1"), "原本加上一句");
        assert_eq!(draft.last_edited.as_deref(), Some("1.1.1"));
    }
}
