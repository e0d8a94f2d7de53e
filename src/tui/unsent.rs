//! The review text being written in the 審查 tab's editor (a reply, a reason for
//! reopening, a new comment), kept on disk as the person types it — by the draft's
//! worker, at the draft's cadence ([`super::model`]) — until it is sent or emptied,
//! so a dropped connection or a killed process loses none of it. The next start
//! offers it back in the editor.
//!
//! This is the bookkeeping: what should be on disk (the text, or nothing), how many
//! changes were made to that and how many are on disk, and where the text stands —
//! being written, being sent, or waiting for the review tab to take it back (found
//! at start, or its sending failed).

use std::time::Instant;

use super::reviews::{Act, Done};
use crate::store::UnsentReview;

/// Where the text in hand stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stage {
    /// No text in hand.
    Idle,
    /// In the editor.
    Writing,
    /// Sent as this action; dropped once it is done, kept if it fails.
    Sending(Act),
    /// For the review tab to put back in its editor: found at start, or (`failed`)
    /// sending it failed.
    Waiting {
        /// Sending it failed.
        failed: bool,
    },
}

/// The review text in hand and its way to the disk.
#[derive(Debug)]
pub struct Unsent {
    /// The text in hand (also while it is being sent or waits).
    pub text: Option<UnsentReview>,
    /// Where it stands.
    pub stage: Stage,
    /// Changes made to what should be on disk ([`Unsent::wanted`]).
    pub edits: u64,
    /// Changes known to be on disk.
    pub saved: u64,
    /// The change count of the job in flight (at most one).
    pub pending: Option<u64>,
    /// When the first change not on disk was made.
    pub first_unsaved: Option<Instant>,
    /// When the last change was made.
    pub last_edit: Instant,
    /// Send the next job at once.
    pub soon: bool,
    /// After a failure, not before this.
    pub retry_at: Option<Instant>,
    /// Why it could not be written, while that lasts.
    pub failure: Option<String>,
    /// Something to say when the workbench starts (the text of another window left
    /// alone, an unreadable file).
    pub notice: Option<String>,
    /// The process whose text this window takes over (an earlier session's): its
    /// file goes with this window's next write.
    pub adopted: Option<u32>,
    /// The adopted process of the job in flight.
    adopting: Option<u32>,
}

impl Default for Unsent {
    fn default() -> Unsent {
        Unsent {
            text: None,
            stage: Stage::Idle,
            edits: 0,
            saved: 0,
            pending: None,
            first_unsaved: None,
            last_edit: Instant::now(),
            soon: false,
            retry_at: None,
            failure: None,
            notice: None,
            adopted: None,
            adopting: None,
        }
    }
}

impl Unsent {
    /// A text found on disk at start, for the review tab to take back.
    pub fn found(text: UnsentReview) -> Unsent {
        Unsent {
            adopted: (text.pid != std::process::id()).then_some(text.pid),
            text: Some(text),
            stage: Stage::Waiting { failed: false },
            ..Unsent::default()
        }
    }

    /// Whether a change is not on disk yet.
    pub fn is_dirty(&self) -> bool {
        self.edits != self.saved
    }

    /// What should be on disk: the text in hand, unless it is empty (or none).
    pub fn wanted(&self) -> Option<&UnsentReview> {
        self.text.as_ref().filter(|t| !t.text.trim().is_empty())
    }

    /// What should be on disk changed.
    fn changed(&mut self) {
        self.edits += 1;
        let now = Instant::now();
        self.last_edit = now;
        self.first_unsaved.get_or_insert(now);
    }

    /// The editor holds `text` now (opened on it, or typed into): kept on disk at
    /// the draft's cadence; an empty text needs no file.
    pub fn write(&mut self, text: UnsentReview) {
        self.text = Some(text);
        self.stage = Stage::Writing;
        self.changed();
    }

    /// The editor was closed on nothing to send (emptied, or as it began): the
    /// text goes.
    pub fn cancel(&mut self) {
        let kept = self.wanted().is_some();
        self.text = None;
        self.stage = Stage::Idle;
        if kept || self.is_dirty() {
            self.changed();
            self.soon = true;
        }
    }

    /// The text is sent as `act`: what is typed goes to disk at once, so a failure
    /// finds it there.
    pub fn sending(&mut self, act: Act) {
        if self.text.is_some() {
            self.stage = Stage::Sending(act);
            self.soon = true;
        }
    }

    /// Takes in review actions done: the text sent is dropped once it landed, and
    /// waits for the review tab when it did not. True when it failed.
    pub fn settle(&mut self, done: &[Done]) -> bool {
        let Stage::Sending(act) = &self.stage else {
            return false;
        };
        let Some(done) = done.iter().find(|d| d.act == *act) else {
            return false;
        };
        if done.result.is_ok() {
            self.text = None;
            self.stage = Stage::Idle;
            self.changed();
            self.soon = true;
            false
        } else {
            self.stage = Stage::Waiting { failed: true };
            true
        }
    }

    /// The text waiting for the review tab, and whether sending it failed (else
    /// it was found at start).
    pub fn waiting(&self) -> Option<(&UnsentReview, bool)> {
        match self.stage {
            Stage::Waiting { failed } => self.text.as_ref().map(|text| (text, failed)),
            _ => None,
        }
    }

    /// Whether a job is due at `now`.
    pub fn due(&self, now: Instant, idle: std::time::Duration, most: std::time::Duration) -> bool {
        self.is_dirty()
            && self.pending.is_none()
            && self.retry_at.is_none_or(|at| now >= at)
            && (self.soon
                || now >= self.last_edit + idle
                || self.first_unsaved.is_some_and(|first| now >= first + most))
    }

    /// When the next job falls due (`None`: nothing to do, or one is in flight).
    pub fn next_due(
        &self,
        idle: std::time::Duration,
        most: std::time::Duration,
    ) -> Option<Instant> {
        if !self.is_dirty() || self.pending.is_some() {
            return None;
        }
        let due = if self.soon {
            Instant::now()
        } else {
            let at = self.last_edit + idle;
            self.first_unsaved.map_or(at, |first| at.min(first + most))
        };
        Some(self.retry_at.map_or(due, |retry| due.max(retry)))
    }

    /// A job for the current changes was sent; returns the adopted process whose
    /// file it drops.
    pub fn sent(&mut self) -> Option<u32> {
        self.adopting = self.adopted.take();
        self.pending = Some(self.edits);
        self.soon = false;
        self.first_unsaved = None;
        self.adopting
    }

    /// A job's outcome; returns a failure newly met, to be said once.
    pub fn done(&mut self, serial: u64, result: Result<(), String>) -> Option<String> {
        if self.pending == Some(serial) {
            self.pending = None;
        }
        match result {
            Ok(()) => {
                self.adopting = None;
                self.saved = self.saved.max(serial);
                self.retry_at = None;
                self.failure = None;
                None
            }
            Err(reason) => {
                if let Some(pid) = self.adopting.take() {
                    self.adopted.get_or_insert(pid);
                }
                self.retry_at = Some(Instant::now() + super::model::RETRY);
                // Changes since stay unsaved; the next job carries them all.
                self.first_unsaved.get_or_insert(Instant::now());
                let new = self.failure.is_none();
                self.failure = Some(reason.clone());
                new.then_some(reason)
            }
        }
    }
}
