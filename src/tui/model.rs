//! The workbench's data: the store, the assessment being edited (the user's draft),
//! and how that draft keeps in step with the disk and the branch.
//!
//! Every edit goes through here. A worker thread ([`super::sync`]) saves the draft
//! when typing pauses for [`SAVE_IDLE`], and at the latest [`SAVE_AT_MOST`] after the
//! first unsaved edit, so even continuous typing reaches disk within two seconds;
//! a focus change sends a save at once; quitting, a signal, a closed terminal and a
//! panic flush, waiting briefly. Nothing here waits for the disk on a keystroke.
//!
//! What the worker finds is merged into the draft in memory so the screen shows it:
//! the same person's other window or `dsw answer` (field by field, both texts kept
//! where both changed one), and teammates' revisions (the draft is rebased onto the
//! new head; fields both changed stay conflicting and are marked).

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::mpsc::{RecvTimeoutError, TryRecvError};
use std::time::{Duration, Instant};

use git2::Oid;

use super::events::{LateWaker, Waker};
use super::reviews::{Act, Done, Reviews};
use super::sync::{Job, Report, Setup, Snapshot, Worker, keep_unsent};
use super::unsent::Unsent;
use crate::assessment::{Assessment, BricsError};
use crate::diff::{Conflict, FieldPath};
use crate::form::{Brics, Form, Status};
use crate::i18n::Lang;
use crate::store::{
    AssessmentName, Author, Committed, Draft, DraftChanges, Known, Newer, Recovery, Store,
    StoreError, UnsentReview, combine, default_recovery_dir, fields_with_both_versions,
    holds_both_versions, rebase, short_id, text_at,
};

/// A pause in typing this long saves the draft.
const SAVE_IDLE: Duration = Duration::from_millis(300);
/// An edit waits at most this long for a save, however steadily the typing goes on
/// (the event loop wakes when a save falls due — see [`Model::next_save`] — and a
/// save takes milliseconds, so typing reaches disk well within two seconds).
const SAVE_AT_MOST: Duration = Duration::from_secs(1);
/// After a failed save, the next attempt waits this long.
/// How long edits may wait to be on disk before the header says so (the promise).
const SAVE_LATE: Duration = Duration::from_secs(2);
pub(super) const RETRY: Duration = Duration::from_secs(1);
/// How long a flush (quit, signal, commit) waits for the worker: its draft-lock
/// patience (3 s) and the write, with room to spare.
const FLUSH_PATIENCE: Duration = Duration::from_secs(6);

/// Why a field is marked in the tree and the grid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mark {
    /// It holds two versions, this window's and another's, to be settled by hand.
    BothVersions,
    /// A teammate's revision changed it differently: a commit will stop on it.
    Conflict(Box<Conflict>),
}

/// What changed in the draft since the last snapshot went to the worker.
#[derive(Debug)]
enum Touched {
    /// Only these text fields (typing): the snapshot carries just them.
    Fields(BTreeSet<FieldPath>),
    /// Anything else (a status, a row, a merge): the snapshot is the whole draft.
    All,
}

/// A draft that could not be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaveFailure {
    /// Why, in the interface language.
    pub reason: String,
    /// The recovery file the text went to instead, or why it could not be written
    /// (`None`: no place for recovery files is known).
    pub recovery: Option<Result<PathBuf, String>>,
}

/// What [`Model::poll`] found.
#[derive(Debug, Default)]
pub struct Update {
    /// Something to show changed.
    pub redraw: bool,
    /// The assessment changed from outside (another window, a teammate): views that
    /// keep copies (an open editor, the grid, the overview) must refresh.
    pub changed: bool,
    /// The branch moved.
    pub head_moved: bool,
    /// Things to say in the status line.
    pub notices: Vec<String>,
    /// Review actions this window asked for that are done (or failed): the app
    /// says so, with the keys to press next.
    pub reviewed: Vec<Done>,
}

/// The assessment being worked on, and where it lives.
pub struct Model {
    /// The repository.
    pub store: Store,
    /// Which assessment.
    pub name: AssessmentName,
    /// Whose draft.
    pub user: String,
    /// Interface language.
    pub lang: Lang,
    /// The assessment's form.
    pub form: Form,
    /// The draft: base and edited content.
    pub draft: Draft,
    /// The branch head when last looked at.
    pub head: Oid,
    /// Whether a draft from an earlier session was found at start.
    pub restored: bool,
    /// The revisions committed by others since the draft's base.
    pub newer: Newer,
    /// Recovery files from earlier sessions that could not save, offered at start.
    pub recoveries: Vec<Recovery>,
    /// The review comments at the head, the latest iteration, and review actions
    /// under way.
    pub reviews: Reviews,
    recovery_dir: Option<PathBuf>,
    worker: Option<Worker>,
    /// Whether the worker could not open the repository: save here instead.
    worker_broken: bool,
    /// Bumped when the UI itself rewrote the draft; older reports are stale.
    generation: u64,
    /// The draft as the worker last reported the file: the ancestor for merging a
    /// change noticed on disk into the draft in memory.
    synced: Draft,
    synced_on_disk: bool,
    /// The worker's number for that version of the file (saves are based on it).
    synced_version: u64,
    /// The assessment at `head`, once loaded (for rebasing after a merge).
    head_content: Option<Box<Assessment>>,
    edits: u64,
    saved_edits: u64,
    touched: Touched,
    /// The edit count of the save in flight (at most one).
    pending: Option<u64>,
    first_unsaved: Option<Instant>,
    last_edit: Instant,
    save_soon: bool,
    retry_at: Option<Instant>,
    failure: Option<SaveFailure>,
    /// The edit count of the last save that failed, and why.
    failed: Option<(u64, StoreError)>,
    marks: BTreeMap<FieldPath, Mark>,
    /// The review text being written, kept on disk until it is sent.
    unsent: Unsent,
    /// Wakes the event loop when the worker reports.
    wake: LateWaker,
}

impl Model {
    /// Opens `name` for `user`: their draft if they have one (moved onto the branch
    /// head, so teammates' revisions show), else the branch head. Recovery files go
    /// to the default place (`$XDG_STATE_HOME/dsw`).
    pub fn open(
        store: Store,
        name: AssessmentName,
        user: String,
        lang: Lang,
    ) -> Result<Model, StoreError> {
        Model::open_with(store, name, user, lang, default_recovery_dir())
    }

    /// [`Model::open`] with recovery files in `recovery_dir`.
    pub fn open_with(
        store: Store,
        name: AssessmentName,
        user: String,
        lang: Lang,
        recovery_dir: Option<PathBuf>,
    ) -> Result<Model, StoreError> {
        let known = store.known_draft(&name, &user)?;
        let restored = known.on_disk && !known.draft.is_empty();
        let form = store.form_of(&known.draft.mine)?.clone();
        let head = store.head_commit()?;
        let recoveries = recovery_dir
            .as_deref()
            .map(|dir| store.recoveries(dir, &name, &user))
            .unwrap_or_default();
        let wake = LateWaker::default();
        let reviews = Reviews::load(&store, &name, head, lang, wake.clone());
        let unsent = found_unsent(&store, &name, &user, &reviews, lang);
        let mut model = Model {
            draft: known.draft.clone(),
            synced: known.draft.clone(),
            synced_on_disk: known.on_disk,
            synced_version: 0,
            store,
            name,
            user,
            lang,
            form,
            head,
            restored,
            newer: Newer::default(),
            recoveries,
            reviews,
            recovery_dir,
            worker: None,
            worker_broken: false,
            generation: 0,
            head_content: None,
            edits: 0,
            saved_edits: 0,
            touched: Touched::All,
            pending: None,
            first_unsaved: None,
            last_edit: Instant::now(),
            save_soon: false,
            retry_at: None,
            failure: None,
            failed: None,
            marks: BTreeMap::new(),
            unsent,
            wake,
        };
        model.follow_head()?;
        // The worker starts with a copy of the draft as shown, so that saves carry
        // only what is typed (copying it all later would cost a frame).
        let copy = model.draft.clone();
        model.spawn_worker(known, Some(copy));
        model.touched = Touched::Fields(BTreeSet::new());
        model.newer = model
            .store
            .newer_since(&model.name, model.draft.base_rev, head)
            .unwrap_or_default();
        Ok(model)
    }

    fn spawn_worker(&mut self, known: Known, copy: Option<Draft>) {
        let setup = Setup {
            workdir: self.store.workdir().to_path_buf(),
            name: self.name.clone(),
            user: self.user.clone(),
            known,
            copy,
            head: self.head,
            iteration: self.reviews.latest.clone(),
            recovery_dir: self.recovery_dir.clone(),
            generation: self.generation,
            wake: self.wake.clone(),
        };
        self.worker = Worker::spawn(setup).ok();
    }

    /// Lets the draft's worker wake the event loop when it reports.
    pub fn wake_with(&self, waker: Waker) {
        self.wake.set(waker);
    }

    /// The worker, started again if it stopped (a panic in it); `None` when there
    /// cannot be one.
    fn worker(&mut self) -> Option<&Worker> {
        if self.worker.is_none() && !self.worker_broken {
            self.spawn_worker(Known::new(self.synced.clone(), self.synced_on_disk), None);
            self.synced_version = 0;
            // A new worker has no copy to apply changed fields to.
            self.touched = Touched::All;
        }
        self.worker.as_ref()
    }

    /// The assessment as edited.
    pub fn assessment(&self) -> &Assessment {
        &self.draft.mine
    }

    /// Changes the edited assessment; the draft is saved soon after.
    pub fn edit(&mut self, change: impl FnOnce(&mut Assessment)) {
        change(&mut self.draft.mine);
        self.touched = Touched::All;
        self.edited();
    }

    /// A BRiCS edit by the rules the command line applies too (`assessment`'s
    /// [`BricsError`] checks, the catalogue's kinds); a refused one changes nothing.
    pub fn edit_brics<T>(
        &mut self,
        change: impl FnOnce(&mut Assessment, &Brics) -> Result<T, BricsError>,
    ) -> Result<T, BricsError> {
        let result = change(&mut self.draft.mine, &self.store.catalog().brics);
        if result.is_ok() {
            self.touched = Touched::All;
            self.edited();
        }
        result
    }

    /// Changes one text field (an answer, a BRiCS cell) with `change`: the next save
    /// then carries only the changed fields, not the whole draft.
    pub fn edit_field(&mut self, path: FieldPath, change: impl FnOnce(&mut Assessment)) {
        change(&mut self.draft.mine);
        if let Touched::Fields(paths) = &mut self.touched {
            paths.insert(path);
        }
        self.edited();
    }

    fn edited(&mut self) {
        self.edits += 1;
        let now = Instant::now();
        self.last_edit = now;
        self.first_unsaved.get_or_insert(now);
        // A field holding two versions stops being marked once the person has
        // settled it (removed the separator line).
        if self
            .marks
            .values()
            .any(|mark| matches!(mark, Mark::BothVersions))
        {
            let mine = &self.draft.mine;
            self.marks.retain(|path, mark| {
                !matches!(mark, Mark::BothVersions)
                    || text_at(mine, path).is_some_and(holds_both_versions)
            });
        }
    }

    /// Sets an answer (only when it differs, so moving around never marks dirty).
    pub fn set_answer(&mut self, question: &str, text: impl AsRef<str> + Into<String>) {
        if self.draft.mine.answer(question) != text.as_ref() {
            self.edit_field(FieldPath::Answer(question.to_owned()), |a| {
                a.set_answer(question, text)
            });
            if self.draft.last_edited.as_deref() != Some(question) {
                self.draft.last_edited = Some(question.to_owned());
            }
        }
    }

    /// The question last edited (recorded in the draft), for putting the cursor back.
    pub fn last_edited(&self) -> Option<&str> {
        self.draft.last_edited.as_deref()
    }

    /// Moves an item to the next status: todo → partial → done → n/a → todo.
    pub fn cycle_status(&mut self, item: &str) -> Status {
        let next = match self.draft.mine.status(item) {
            Status::Todo => Status::Partial,
            Status::Partial => Status::Done,
            Status::Done => Status::Na,
            Status::Na => Status::Todo,
        };
        self.edit(|a| a.set_status(item, next));
        next
    }

    /// Whether there are edits not yet on disk.
    pub fn is_dirty(&self) -> bool {
        self.edits != self.saved_edits
    }

    /// Whether edits have waited longer than the promise (on disk within 2 s) to be
    /// written: the one time the header says the draft is still being saved. Saves
    /// on time are not announced: flipping the header twice a keystroke would cost
    /// more bytes over SSH than the keystroke itself.
    pub fn save_is_late(&self) -> bool {
        self.is_dirty()
            && self
                .first_unsaved
                .is_some_and(|first| first.elapsed() >= SAVE_LATE)
    }

    /// Whether the draft differs from its base (there is something to commit).
    pub fn has_changes(&self) -> bool {
        !self.draft.is_empty()
    }

    /// Why the draft could not be written, while that lasts.
    pub fn save_failure(&self) -> Option<&SaveFailure> {
        self.failure.as_ref()
    }

    /// Why `path` is marked, if it is.
    pub fn mark(&self, path: &FieldPath) -> Option<&Mark> {
        if self.marks.is_empty() {
            return None;
        }
        self.marks.get(path)
    }

    /// Every marked field.
    pub fn marks(&self) -> &BTreeMap<FieldPath, Mark> {
        &self.marks
    }

    /// Saves: at once, waiting for the result, when `now` (quit, signal, commit);
    /// otherwise a save is sent to the worker right away (a focus change) and this
    /// returns without waiting. Returns whether the draft is on disk.
    pub fn save(&mut self, now: bool) -> Result<bool, StoreError> {
        if now {
            // A reply sent as the editor closed lands before the window goes (and
            // its kept text is then dropped, or kept if it failed).
            self.reviews.finish(FLUSH_PATIENCE);
            self.unsent.settle(self.reviews.finished());
            self.flush()?;
            return Ok(true);
        }
        self.save_soon = true;
        self.schedule();
        Ok(!self.is_dirty())
    }

    /// Asks the worker to look at the draft file and the branch now.
    pub fn poll_now(&mut self) {
        if let Some(worker) = self.worker() {
            worker.send(Job::Poll);
        }
    }

    /// Periodic work (every tick): takes the worker's reports and sends a save when
    /// one is due. Never waits.
    pub fn poll(&mut self) -> Update {
        let mut update = Update::default();
        // Review actions first, so the worker's report of the revision one made is
        // known to be this window's own.
        let done = self.reviews.collect();
        self.unsent.settle(&done);
        if !done.is_empty() {
            // This window's own action is shown at once, as the job left the
            // review on the branch, not when the worker next reports the head: the
            // next key (a for accept right after r) acts on what the screen shows.
            let newest = done
                .iter()
                .filter_map(|d| d.result.as_ref().ok().filter(|r| r.id.is_some()))
                .next_back();
            if let Some(reviewed) = newest {
                self.reviews.set(Ok(reviewed.review.clone()), self.lang);
            }
            update.reviewed = done;
            update.redraw = true;
            // The branch moved: the worker reads the review there at once.
            self.poll_now();
        }
        while let Some(worker) = &self.worker {
            match worker.try_report() {
                Ok(report) => self.apply(report, &mut update),
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    // The worker died (a panic): the next save starts another.
                    self.worker = None;
                    self.pending = None;
                    self.unsent.pending = None;
                }
            }
        }
        if self.schedule() {
            update.redraw = true;
        }
        update
    }

    /// When the next save falls due (`None`: nothing to save, or a save is under
    /// way and the worker's report will wake the loop).
    pub fn next_save(&self) -> Option<Instant> {
        let unsent = self.unsent.next_due(SAVE_IDLE, SAVE_AT_MOST);
        match (self.next_draft_save(), unsent) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    fn next_draft_save(&self) -> Option<Instant> {
        if !self.is_dirty() || self.pending.is_some() {
            return None;
        }
        let due = if self.save_soon {
            Instant::now()
        } else {
            let idle = self.last_edit + SAVE_IDLE;
            self.first_unsaved
                .map_or(idle, |first| idle.min(first + SAVE_AT_MOST))
        };
        Some(self.retry_at.map_or(due, |retry| due.max(retry)))
    }

    /// Sends a save when one is due (the draft's, the review text's); true if one
    /// was sent.
    fn schedule(&mut self) -> bool {
        let unsent = self.schedule_unsent();
        self.schedule_draft() || unsent
    }

    fn schedule_draft(&mut self) -> bool {
        if !self.is_dirty() || self.pending.is_some() {
            return false;
        }
        if self.retry_at.is_some_and(|at| Instant::now() < at) {
            return false;
        }
        let due = self.save_soon
            || self.last_edit.elapsed() >= SAVE_IDLE
            || self
                .first_unsaved
                .is_some_and(|first| first.elapsed() >= SAVE_AT_MOST);
        if !due {
            return false;
        }
        if self.send_save() {
            return true;
        }
        // No worker: save here (rare — the worker could not open the repository).
        let _ = self.save_here();
        true
    }

    fn send_save(&mut self) -> bool {
        if self.worker().is_none() {
            return false;
        }
        let touched = std::mem::replace(&mut self.touched, Touched::Fields(BTreeSet::new()));
        let snapshot = match touched {
            Touched::All => Snapshot::Full(Box::new(self.draft.clone())),
            Touched::Fields(paths) => Snapshot::Fields {
                fields: paths
                    .into_iter()
                    .map(|path| {
                        let text = text_at(&self.draft.mine, &path).map(str::to_owned);
                        (path, text)
                    })
                    .collect(),
                last_edited: self.draft.last_edited.clone(),
            },
        };
        let edits = self.edits;
        let job = Job::Save {
            snapshot,
            edits,
            based_on: self.synced_version,
        };
        if !self.worker.as_ref().is_some_and(|worker| worker.send(job)) {
            self.worker = None;
            self.touched = Touched::All;
            return false;
        }
        self.pending = Some(edits);
        self.save_soon = false;
        self.first_unsaved = None;
        true
    }

    /// Sends the review text's job when one is due; true if one was sent.
    fn schedule_unsent(&mut self) -> bool {
        if !self.unsent.due(Instant::now(), SAVE_IDLE, SAVE_AT_MOST) {
            return false;
        }
        self.send_unsent();
        true
    }

    /// Sends the review text's job to the worker (or does it here when there is
    /// none).
    fn send_unsent(&mut self) {
        let serial = self.unsent.edits;
        let adopted = self.unsent.sent();
        let job = Job::Unsent {
            serial,
            unsent: self.unsent.wanted().cloned().map(Box::new),
            adopted,
        };
        let sent = match self.worker() {
            Some(worker) => worker.send(job),
            None => false,
        };
        if !sent {
            self.worker = None;
            let result = keep_unsent(
                &self.store,
                &self.name,
                &self.user,
                self.unsent.wanted(),
                adopted,
            );
            let mut update = Update::default();
            self.apply(Report::Unsent { serial, result }, &mut update);
        }
    }

    /// The review tab's editor holds `text` now (opened on it, or typed into): it is
    /// kept on disk, at the draft's cadence, until it is sent or emptied.
    pub fn write_review(&mut self, text: UnsentReview) {
        self.unsent.write(text);
    }

    /// The review editor was closed with nothing to send: its kept text goes.
    pub fn cancel_review(&mut self) {
        self.unsent.cancel();
        self.schedule_unsent();
    }

    /// Sends the review editor's text as `act`; the kept text is dropped once it
    /// landed, and offered back to the review tab if it did not.
    pub fn send_review(&mut self, act: Act) {
        self.unsent.sending(act.clone());
        self.schedule_unsent();
        self.reviews.submit(act);
    }

    /// Whether a review text is being sent (the editor waits for its outcome
    /// before it opens on another).
    pub fn sending_review(&self) -> bool {
        matches!(self.unsent.stage, super::unsent::Stage::Sending(_))
    }

    /// The review text waiting to be put back in the review tab's editor, and
    /// whether its sending failed (else an earlier session left it). It stays
    /// kept on disk.
    pub fn waiting_review(&self) -> Option<(&UnsentReview, bool)> {
        self.unsent.waiting()
    }

    /// What to say at start about a review text that is not offered back (another
    /// window's, or a file that cannot be read); said once.
    pub fn take_unsent_notice(&mut self) -> Option<String> {
        self.unsent.notice.take()
    }

    /// Whether the review text in the editor cannot be written to disk, and why.
    pub fn unsent_failure(&self) -> Option<&str> {
        self.unsent.failure.as_deref()
    }

    /// The review text not sent that is not on disk either, because it could not
    /// be written (quitting would lose it).
    pub fn unsent_unsaved(&self) -> Option<&UnsentReview> {
        let unsent = &self.unsent;
        unsent
            .wanted()
            .filter(|_| unsent.is_dirty() && unsent.failure.is_some())
    }

    /// Writes the draft on this thread (when there is no worker), merging with the
    /// disk like the worker does.
    fn save_here(&mut self) -> Result<(), StoreError> {
        let mut known = Known::new(self.synced.clone(), self.synced_on_disk);
        let edits = self.edits;
        let report =
            match self
                .store
                .save_draft_merging(&self.name, &self.user, &mut known, &self.draft)
            {
                Ok((written, saved)) => Report::Saved {
                    generation: self.generation,
                    edits,
                    version: self.synced_version,
                    sent: saved.merged.then(|| Box::new(self.draft.clone())),
                    written: Box::new(written),
                    saved,
                    recovery_removed: false,
                },
                Err(error) => Report::Failed {
                    generation: self.generation,
                    edits,
                    recovery: self.write_recovery_here(),
                    error,
                },
            };
        let mut update = Update::default();
        self.apply(report, &mut update);
        match self.failed.take() {
            Some((_, error)) => Err(error),
            None => Ok(()),
        }
    }

    fn write_recovery_here(&self) -> Option<Result<PathBuf, StoreError>> {
        let dir = self.recovery_dir.as_deref()?;
        let reuse = self
            .failure
            .as_ref()
            .and_then(|f| f.recovery.as_ref())
            .and_then(|r| r.as_ref().ok())
            .cloned();
        Some(
            self.store
                .write_recovery(dir, &self.name, &self.user, &self.draft, reuse.as_deref()),
        )
    }

    /// Saves everything typed, waiting for it (quit, signal, closed terminal, panic,
    /// commit). A save already under way finishes first: its result must be merged
    /// before a newer draft is sent. On failure the text is in a recovery file (see
    /// [`Model::save_failure`]) and the error is returned.
    pub fn flush(&mut self) -> Result<(), StoreError> {
        let deadline = Instant::now() + FLUSH_PATIENCE;
        let mut update = Update::default();
        let mut sent = 0;
        // The review text being written: one try (a failure is said at once).
        if self.unsent.is_dirty() {
            self.unsent.retry_at = None;
            self.send_unsent();
        }
        loop {
            while self.pending.is_some() || self.unsent.pending.is_some() {
                let Some(worker) = &self.worker else {
                    self.pending = None;
                    self.unsent.pending = None;
                    break;
                };
                match worker.wait_report(deadline.saturating_duration_since(Instant::now())) {
                    Ok(report) => self.apply(report, &mut update),
                    Err(RecvTimeoutError::Timeout) => return Err(self.stuck()),
                    Err(RecvTimeoutError::Disconnected) => {
                        self.worker = None;
                        self.pending = None;
                        self.unsent.pending = None;
                    }
                }
            }
            if !self.is_dirty() {
                return match (self.unsent_unsaved(), &self.unsent.failure) {
                    (Some(_), Some(reason)) => Err(StoreError::Io {
                        path: self.store.unsent_review_path(
                            &self.name,
                            &self.user,
                            std::process::id(),
                        ),
                        source: std::io::Error::other(reason.clone()),
                    }),
                    _ => Ok(()),
                };
            }
            // A failed save of everything typed so far: trying again at once would
            // fail the same way (its text is in the recovery file).
            if self
                .failed
                .as_ref()
                .is_some_and(|(edits, _)| *edits == self.edits)
                && let Some((_, error)) = self.failed.take()
            {
                return Err(error);
            }
            if sent >= 3 {
                return Err(self.stuck());
            }
            sent += 1;
            self.retry_at = None;
            if !self.send_save() {
                return self.save_here();
            }
        }
    }

    /// The worker did not answer in time (a hung disk): the text goes to a recovery
    /// file from here, and the error says why.
    fn stuck(&mut self) -> StoreError {
        let path = self.store.draft_path(&self.name, &self.user);
        let recovery = self.write_recovery_here();
        let error = StoreError::Io {
            path,
            source: std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                self.lang
                    .pick("草稿在時限內沒有寫完", "the draft was not written in time"),
            ),
        };
        self.failure = Some(SaveFailure {
            reason: error.message(self.lang),
            recovery: recovery.map(|r| r.map_err(|e| e.message(self.lang))),
        });
        error
    }

    /// Applies one report from the worker.
    fn apply(&mut self, report: Report, update: &mut Update) {
        let lang = self.lang;
        match report {
            Report::Saved {
                generation,
                edits,
                version,
                written,
                sent,
                saved,
                recovery_removed,
            } => {
                if generation != self.generation {
                    return;
                }
                self.pending = None;
                self.saved_edits = self.saved_edits.max(edits);
                self.failed = None;
                self.retry_at = None;
                update.redraw = true;
                let failure = self.failure.take();
                // A recovery file written here (the worker removes its own) is
                // this session's too: the text is in the draft now.
                if let Some(Some(Ok(path))) = failure.as_ref().map(|f| &f.recovery) {
                    let _ = crate::store::remove_recovery(path);
                }
                if failure.is_some() || recovery_removed {
                    update.notices.push(
                        lang.pick(
                            "草稿已順利寫入；先前的救援檔已刪除。",
                            "the draft is saved again; the earlier recovery file was removed.",
                        )
                        .to_owned(),
                    );
                }
                if saved.merged {
                    let merged = if self.edits == edits {
                        (*written).clone()
                    } else {
                        // Typing went on while the save ran: put the changes the save
                        // merged in from the disk under that typing.
                        let sent = sent.as_deref().unwrap_or(&written);
                        combine(sent, &self.draft, &written).draft
                    };
                    self.take_outside(merged, update);
                    update.notices.push(
                        if saved.vanished {
                            lang.pick(
                                "另一個視窗已提交或捨棄這份草稿；你之後的修改已放在最新版本上。",
                                "another window committed or discarded this draft; your later edits now sit on the latest revision.",
                            )
                        } else {
                            lang.pick(
                                "已合併另一個視窗（或 dsw 指令）對草稿的修改。",
                                "merged the changes another window (or a dsw command) made to the draft.",
                            )
                        }
                        .to_owned(),
                    );
                    self.say_both_kept(&saved.both_kept, update);
                }
                self.synced = *written;
                self.synced_on_disk = saved.written;
                self.synced_version = version;
            }
            Report::Failed {
                generation,
                edits,
                error,
                recovery,
            } => {
                if generation != self.generation {
                    return;
                }
                self.pending = None;
                self.retry_at = Some(Instant::now() + RETRY);
                self.failure = Some(SaveFailure {
                    reason: error.message(lang),
                    recovery: recovery.map(|r| r.map_err(|e| e.message(lang))),
                });
                self.failed = Some((edits, error));
                update.redraw = true;
            }
            Report::Disk {
                generation,
                version,
                draft,
                change,
            } => {
                if generation != self.generation {
                    return;
                }
                let combined = combine(&self.synced, &self.draft, &draft);
                self.synced = *draft;
                self.synced_on_disk = !change.vanished;
                self.synced_version = version;
                self.take_outside(combined.draft, update);
                update.notices.push(
                    if change.vanished {
                        lang.pick(
                            "另一個視窗已提交或捨棄這份草稿；畫面已更新為最新版本。",
                            "another window committed or discarded this draft; showing the latest revision.",
                        )
                    } else {
                        lang.pick(
                            "已合併另一個視窗（或 dsw 指令）對草稿的修改。",
                            "merged the changes another window (or a dsw command) made to the draft.",
                        )
                    }
                    .to_owned(),
                );
                self.say_both_kept(&combined.both_kept, update);
            }
            Report::Head {
                generation,
                head,
                content,
                newer,
                review,
            } => {
                if generation != self.generation {
                    return;
                }
                // A revision that changed only the review (a comment, a reply) is
                // told as what it did to the review; this window's own says nothing
                // (its outcome is told when the action returns).
                let same_content = *self.head_assessment() == *content;
                let before = self.reviews.set(review, lang);
                let review_news = super::reviews::news(&before, &self.reviews.review, lang);
                let own = self.reviews.is_own(head) || (self.reviews.pending() && same_content);
                self.head = head;
                self.head_content = Some(content);
                let conflicts_before = self.conflict_count();
                let draft = self.draft.clone();
                self.take_outside(draft, update);
                // A draft with no changes of its own is now simply the new head.
                self.newer = if self.draft.base_rev == head {
                    Newer::default()
                } else {
                    newer.clone()
                };
                update.head_moved = true;
                if same_content && (own || review_news.is_some()) {
                    if let Some(text) = review_news.filter(|_| !own) {
                        update.notices.push(text);
                    }
                    return;
                }
                let mut text = match (newer.authors.first(), lang) {
                    (Some(author), Lang::Zh) => format!(
                        "{} 提交了新版本 {}；內容已顯示在你的草稿之下。",
                        crate::safe_text::visible(author, false),
                        short_id(head)
                    ),
                    (Some(author), Lang::En) => format!(
                        "{} committed {}; it now shows under your draft.",
                        crate::safe_text::visible(author, false),
                        short_id(head)
                    ),
                    // The branch moved without new revisions (reset, rewound).
                    (None, Lang::Zh) => format!(
                        "分支已改指向 {}；內容已顯示在你的草稿之下。",
                        short_id(head)
                    ),
                    (None, Lang::En) => format!(
                        "the branch now points at {}; it shows under your draft.",
                        short_id(head)
                    ),
                };
                let conflicts = self.conflict_count();
                if conflicts > conflicts_before {
                    text += &match lang {
                        Lang::Zh => {
                            format!(" {conflicts} 個欄位雙方都改了（標 !），提交時需要選擇。")
                        }
                        Lang::En => format!(
                            " {conflicts} fields were changed on both sides (marked !); you will choose at commit."
                        ),
                    };
                }
                if let Some(news) = review_news {
                    text += lang.pick("", " ");
                    text += &news;
                }
                update.notices.push(text);
            }
            Report::Iteration { latest, baseline } => {
                self.reviews.latest = latest;
                self.reviews.baseline = baseline.map(|b| *b);
                update.changed = true;
                update.redraw = true;
            }
            Report::Unsent { serial, result } => {
                let result = result.map_err(|e| e.message(lang));
                if let Some(reason) = self.unsent.done(serial, result) {
                    update.notices.push(unsent_failure(&reason, lang));
                }
                update.redraw = true;
            }
            Report::Resend => {
                self.pending = None;
                self.touched = Touched::All;
                self.save_soon = true;
            }
            Report::Broken(error) => {
                self.worker = None;
                self.worker_broken = true;
                self.pending = None;
                update.notices.push(error.message(lang));
            }
        }
    }

    fn conflict_count(&self) -> usize {
        self.marks
            .values()
            .filter(|m| matches!(m, Mark::Conflict(_)))
            .count()
    }

    fn say_both_kept(&self, paths: &[FieldPath], update: &mut Update) {
        if paths.is_empty() {
            return;
        }
        let names: Vec<String> = paths.iter().map(ToString::to_string).collect();
        update.notices.push(match self.lang {
            Lang::Zh => format!(
                "{} 在兩個視窗都改了：兩份文字都保留在欄位中（以「────」分隔，標 ※），請整理。",
                names.join("、")
            ),
            Lang::En => format!(
                "{} changed in two windows: both texts are kept in the field (separated by a ──── line, marked ※); please settle it.",
                names.join(", ")
            ),
        });
    }

    /// Takes a draft changed from outside: moved onto the branch head (so teammates'
    /// revisions keep showing), marks recomputed.
    fn take_outside(&mut self, draft: Draft, update: &mut Update) {
        self.draft = draft;
        // The worker's copy no longer matches: the next snapshot is whole.
        self.touched = Touched::All;
        let _ = self.follow_head();
        update.changed = true;
        update.redraw = true;
    }

    /// Rebases the draft in memory onto the branch head when it started earlier, and
    /// recomputes the marks. Loads the head's content if it is not at hand.
    fn follow_head(&mut self) -> Result<(), StoreError> {
        let mut conflicts = Vec::new();
        // A draft newer than the head this window has heard of (another window, or
        // the CLI, committed and the draft moved on before the head report came):
        // the head is behind, not the draft. Rebasing backwards would drop what that
        // commit added.
        let repo = self.store.repository();
        if self.draft.base_rev != self.head
            && repo
                .graph_descendant_of(self.draft.base_rev, self.head)
                .unwrap_or(false)
        {
            self.head = self.draft.base_rev;
            self.head_content = None;
        }
        if self.draft.base_rev != self.head {
            if self.head_content.is_none() {
                let content = self.store.load_at(&self.name, self.head)?;
                self.head_content = Some(Box::new(content));
            }
            if let Some(head) = &self.head_content {
                let rebased = rebase(&self.draft, self.head, head);
                self.draft = rebased.draft;
                conflicts = rebased.conflicts;
            }
        }
        self.marks = conflicts
            .into_iter()
            .map(|c| (c.path.clone(), Mark::Conflict(Box::new(c))))
            .collect();
        for path in fields_with_both_versions(&self.draft.mine) {
            self.marks.insert(path, Mark::BothVersions);
        }
        Ok(())
    }

    /// Starts over from the draft on disk (after this thread rewrote it: a commit, a
    /// resolution, a restored recovery), telling the worker.
    fn adopt_disk(&mut self) -> Result<(), StoreError> {
        let known = self.store.known_draft(&self.name, &self.user)?;
        self.head = self.store.head_commit()?;
        // The head may have moved with this thread's own commit.
        self.head_content = None;
        self.draft = known.draft.clone();
        self.synced = known.draft.clone();
        self.synced_on_disk = known.on_disk;
        self.synced_version = 0;
        self.generation += 1;
        self.pending = None;
        self.edits = 0;
        self.saved_edits = 0;
        self.touched = Touched::All;
        self.first_unsaved = None;
        self.save_soon = false;
        self.failed = None;
        self.follow_head()?;
        self.newer = self
            .store
            .newer_since(&self.name, self.draft.base_rev, self.head)
            .unwrap_or_default();
        // The commit went on top of whatever others committed, their comments too;
        // the worker is told this head, so it will not read the review there.
        self.reviews.reload(&self.store, self.head, self.lang);
        let job = Job::Reset {
            known: Box::new(known.clone()),
            head: self.head,
            generation: self.generation,
        };
        if let Some(worker) = self.worker()
            && !worker.send(job)
        {
            self.worker = None;
        }
        Ok(())
    }

    /// Commits the draft (saving it first). On success the draft starts afresh at
    /// the new head.
    pub fn commit(&mut self, message: &str, author: &Author) -> Result<Committed, StoreError> {
        self.flush()?;
        let outcome = self.store.commit(&self.name, &self.user, message, author)?;
        self.adopt_disk()?;
        self.newer = Newer::default();
        self.restored = false;
        Ok(outcome)
    }

    /// The assessment at the branch head (what review comments stand against).
    pub fn head_assessment(&self) -> &Assessment {
        // Once the draft has been moved onto the head, its base is the head's content.
        self.head_content.as_deref().unwrap_or(&self.draft.base)
    }

    /// Commits a review action in the background (after any under way); what it
    /// did arrives in [`Update::reviewed`].
    pub fn act_on_review(&mut self, act: Act) {
        self.reviews.submit(act);
    }

    /// What committing the draft would change now ([`DraftChanges`]: from the branch
    /// head to the draft merged with it), as the command line's `dsw status` and
    /// `dsw diff` count it.
    pub fn draft_changes(&self) -> DraftChanges {
        // The head's content is at hand once the draft was moved onto it; a draft
        // that began at the head has it as its base.
        let head = self.head_content.as_deref().unwrap_or(&self.draft.base);
        self.draft.changes(head)
    }

    /// Reloads the draft from disk (after a resolution changed it there).
    pub fn reload(&mut self) -> Result<(), StoreError> {
        self.adopt_disk()
    }

    /// Puts an earlier session's recovered text back into the draft (merged field by
    /// field, moved onto the head) and removes its file.
    pub fn restore(&mut self, recovery: &Recovery) -> Result<(), StoreError> {
        self.flush()?;
        self.store
            .restore_recovery(&self.name, &self.user, recovery)?;
        self.recoveries.retain(|r| r.path != recovery.path);
        self.adopt_disk()?;
        self.restored = true;
        Ok(())
    }

    /// Deletes an earlier session's recovery file without restoring it.
    pub fn drop_recovery(&mut self, recovery: &Recovery) -> Result<(), StoreError> {
        crate::store::remove_recovery(&recovery.path)?;
        self.recoveries.retain(|r| r.path != recovery.path);
        Ok(())
    }

    /// Leaves an earlier session's recovery file where it is (offered again next
    /// start).
    pub fn keep_recovery(&mut self, recovery: &Recovery) {
        self.recoveries.retain(|r| r.path != recovery.path);
    }

    /// `main 1a2b3c4d`.
    pub fn position(&self) -> String {
        let branch = self.store.branch().unwrap_or_else(|_| "HEAD".into());
        format!("{branch} {}", short_id(self.head))
    }

    /// The author of commits and iterations: [`Author::resolve`], the rule the
    /// command line follows too (no `--author` here); a `DSW_AUTHOR` that is not
    /// `Name <email>` is an error, not replaced by a made-up address.
    pub fn author(&self) -> Result<Author, StoreError> {
        Author::resolve(None, Some(self.store.repository()))
    }

    /// A title for the header: the first header field's value, else the file stem.
    pub fn title(&self) -> String {
        self.form
            .fields
            .first()
            .map(|f| self.draft.mine.meta(&f.id))
            .filter(|v| !v.is_empty())
            .map_or_else(|| self.name.0.clone(), str::to_owned)
    }
}

/// The review text a person left unsent in an earlier session, to offer back: the
/// most recently edited of those whose workbench is gone (one that has in fact been
/// sent is removed instead). What is not offered is said: texts of workbenches
/// still running (left alone), older ones (offered at later starts), files that
/// cannot be read (left where they are).
fn found_unsent(
    store: &Store,
    name: &AssessmentName,
    user: &str,
    reviews: &Reviews,
    lang: Lang,
) -> Unsent {
    let found = match store.unsent_reviews(name, user) {
        Ok(found) => found,
        Err(error) => crate::store::UnsentReviews {
            texts: Vec::new(),
            unreadable: vec![error],
        },
    };
    let mut said: Vec<String> = Vec::new();
    let (running, gone): (Vec<UnsentReview>, Vec<UnsentReview>) = found
        .texts
        .into_iter()
        .partition(UnsentReview::by_another_window);
    let mut offered = None;
    let mut later = 0;
    for unsent in gone {
        if unsent.sent_in(&reviews.review) {
            let _ = store.discard_unsent_review(name, user, unsent.pid);
        } else if offered.is_none() {
            offered = Some(unsent);
        } else {
            later += 1;
        }
    }
    if later > 0 {
        said.push(match lang {
            Lang::Zh => format!("另有 {later} 則較早尚未送出的審查文字，之後啟動時再逐一提供。"),
            Lang::En => format!(
                "{later} older review text{} not sent yet will be offered at later starts, one at a time.",
                if later == 1 { "" } else { "s" }
            ),
        });
    }
    if let Some(unsent) = running.first() {
        said.push(match lang {
            Lang::Zh => format!(
                "另一個仍開著的工作台視窗（程序 {}）有尚未送出的審查文字；這裡不去動它。",
                unsent.pid
            ),
            Lang::En => format!(
                "another workbench window still open (process {}) has review text not sent yet; this one leaves it alone.",
                unsent.pid
            ),
        });
    }
    if let Some(error) = found.unreadable.first() {
        let reason = error.message(lang);
        let first = reason.lines().next().unwrap_or_default();
        let dir = store.drafts_dir().join(user).display().to_string();
        let dir = crate::safe_text::visible(&dir, false);
        said.push(match lang {
            Lang::Zh => format!(
                "尚未送出的審查文字無法讀取（{first}）；檔案保留在 {dir}，請自行查看。"
            ),
            Lang::En => format!(
                "review text not sent yet cannot be read ({first}); the file stays in {dir} for you to look at."
            ),
        });
    }
    let mut unsent = offered.map(Unsent::found).unwrap_or_default();
    unsent.notice = (!said.is_empty()).then(|| said.join(lang.pick("　", "  ")));
    unsent
}

/// The notice when the review text being written cannot be kept on disk.
fn unsent_failure(reason: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "尚未送出的審查文字無法寫入：{reason}。文字仍在編輯器中；請先送出，或複製保存。"
        ),
        Lang::En => format!(
            "the review text not sent yet cannot be written: {reason}. It is still in the editor; send it, or copy it somewhere."
        ),
    }
}
