//! The workbench's data: the store, the assessment being edited (the user's draft),
//! and when it was last saved. Every edit goes through here, so the draft reaches
//! disk within two seconds of any change and at every focus change.

use std::time::{Duration, Instant};

use git2::Oid;

use crate::assessment::Assessment;
use crate::form::{Form, Status};
use crate::i18n::Lang;
use crate::store::{AssessmentName, Author, Committed, Draft, Store, StoreError, short_id};

/// How long after the last edit the draft is written at the latest (the tick runs
/// every 100 ms, so an edit reaches disk within about a second).
const SAVE_AFTER: Duration = Duration::from_millis(900);

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
    /// Authors of revisions committed by others since the draft's base.
    pub newer: Vec<String>,
    dirty: bool,
    last_edit: Instant,
}

impl Model {
    /// Opens `name` for `user`: their draft if they have one, else the branch head.
    pub fn open(
        store: Store,
        name: AssessmentName,
        user: String,
        lang: Lang,
    ) -> Result<Model, StoreError> {
        let existing = store.draft(&name, &user)?;
        let restored = existing.as_ref().is_some_and(|d| !d.is_empty());
        let draft = match existing {
            Some(draft) => draft,
            None => store.draft_or_head(&name, &user)?,
        };
        let form = store.form_of(&draft.mine)?.clone();
        let head = store.head_commit()?;
        let mut model = Model {
            store,
            name,
            user,
            lang,
            form,
            draft,
            head,
            restored,
            newer: Vec::new(),
            dirty: false,
            last_edit: Instant::now(),
        };
        model.refresh_newer();
        Ok(model)
    }

    /// The assessment as edited.
    pub fn assessment(&self) -> &Assessment {
        &self.draft.mine
    }

    /// Changes the edited assessment; the draft is saved soon after.
    pub fn edit(&mut self, change: impl FnOnce(&mut Assessment)) {
        change(&mut self.draft.mine);
        self.dirty = true;
        self.last_edit = Instant::now();
    }

    /// Sets an answer (only when it differs, so moving around never marks dirty).
    pub fn set_answer(&mut self, question: &str, text: &str) {
        if self.draft.mine.answer(question) != text {
            self.edit(|a| a.set_answer(question, text));
        }
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
        self.dirty
    }

    /// Whether the draft differs from its base (there is something to commit).
    pub fn has_changes(&self) -> bool {
        !self.draft.is_empty()
    }

    /// Writes the draft if it has unsaved edits and the last one is old enough, or
    /// at once when `now` is set (focus change, quit, signal).
    pub fn save(&mut self, now: bool) -> Result<bool, StoreError> {
        if !self.dirty || (!now && self.last_edit.elapsed() < SAVE_AFTER) {
            return Ok(false);
        }
        self.store.save_draft(&self.name, &self.user, &self.draft)?;
        self.dirty = false;
        Ok(true)
    }

    /// Looks at the branch head; true when it moved (someone committed).
    pub fn poll_head(&mut self) -> bool {
        match self.store.head_commit() {
            Ok(head) if head != self.head => {
                self.head = head;
                self.refresh_newer();
                true
            }
            _ => false,
        }
    }

    fn refresh_newer(&mut self) {
        self.newer.clear();
        if self.head == self.draft.base_rev {
            return;
        }
        let Ok(log) = self.store.log(&self.name, Some(self.head)) else {
            return;
        };
        for revision in log.flatten() {
            if revision.id == self.draft.base_rev
                || self
                    .store
                    .repository()
                    .graph_descendant_of(self.draft.base_rev, revision.id)
                    .unwrap_or(false)
            {
                break;
            }
            self.newer.push(revision.author);
        }
    }

    /// Commits the draft (saving it first). On success the draft starts afresh at
    /// the new head.
    pub fn commit(&mut self, message: &str, author: &Author) -> Result<Committed, StoreError> {
        self.save(true)?;
        let outcome = self.store.commit(&self.name, &self.user, message, author)?;
        self.draft = self.store.draft_or_head(&self.name, &self.user)?;
        self.head = self.store.head_commit()?;
        self.newer.clear();
        self.restored = false;
        Ok(outcome)
    }

    /// Reloads the draft from disk (after a resolution changed it there).
    pub fn reload(&mut self) -> Result<(), StoreError> {
        self.draft = self.store.draft_or_head(&self.name, &self.user)?;
        self.dirty = false;
        Ok(())
    }

    /// `main 1a2b3c4d`.
    pub fn position(&self) -> String {
        let branch = self.store.branch().unwrap_or_else(|_| "HEAD".into());
        format!("{branch} {}", short_id(self.head))
    }

    /// The author for commits: DSW_AUTHOR, git config, or `$USER@host`.
    pub fn author(&self) -> Author {
        Author::resolve(None, self.store.repository()).unwrap_or(Author {
            name: self.user.clone(),
            email: format!("{}@localhost", self.user),
        })
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
