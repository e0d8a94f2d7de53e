//! The review file of an assessment in the repository: reading it at any revision,
//! and committing a review action as a revision of its own through the same
//! compare-and-swap path as answers.

use git2::Oid;

use super::commit::{Step, Updated};
use super::error::StoreError;
use super::identity::Author;
use super::repo::{AssessmentName, Store, short_id};
use super::worktree::Sync;
use crate::review::{self, Action, Applied, Review, Stamp};

/// A review action done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reviewed {
    /// What it did.
    pub applied: Applied,
    /// The new revision; `None` when nothing changed.
    pub id: Option<Oid>,
    /// What happened to the working-tree review file.
    pub worktree: Sync,
    /// The review as it now is on the branch (with the action), so a front end
    /// shows it without reading it again.
    pub review: Review,
}

impl Store {
    /// The review file's name for assessment `name`.
    pub fn review_file(&self, name: &AssessmentName) -> String {
        review::file_name(&name.0)
    }

    /// The review of `name` at revision `rev`: empty when that revision has no
    /// review file; an error naming `file:line:column` when it has a broken one.
    pub fn review_at(&self, name: &AssessmentName, rev: Oid) -> Result<Review, StoreError> {
        let file = self.review_file(name);
        match self.file_at(&file, rev)? {
            None => Ok(Review::default()),
            Some((_, bytes)) => {
                let origin = format!("{}:{file}", short_id(rev));
                let text = crate::diagnostic::decode_utf8(&origin, bytes)
                    .map_err(|r| StoreError::Invalid(Box::new(r)))?;
                review::read(&origin, &text).map_err(|r| StoreError::Invalid(Box::new(r)))
            }
        }
    }

    /// The review at the branch head (empty on a branch with no revision yet).
    pub fn review(&self, name: &AssessmentName) -> Result<Review, StoreError> {
        match self.head()? {
            Some(head) => self.review_at(name, head),
            None => Ok(Review::default()),
        }
    }

    /// Applies `action` by `author` to the review at the branch head and commits the
    /// result as one revision; if others committed meanwhile, the action is applied
    /// again to their revision, so concurrent comments and replies all land.
    pub fn act_on_review(
        &self,
        name: &AssessmentName,
        action: &Action,
        message: &str,
        author: &Author,
    ) -> Result<Reviewed, StoreError> {
        self.ensure_clean_state()?;
        let file = self.review_file(name);
        let stamp = Stamp {
            by: author.name.clone(),
            date: now(),
        };
        let mut unchanged = None;
        let mut result = Review::default();
        let updated = self.update_branch(author, |head| {
            let assessment = self.load_at(name, head)?;
            let mut review = self.review_at(name, head)?;
            let applied = action.apply(&mut review, &stamp, &assessment)?;
            // The last turn's review is the one on the branch.
            result = review.clone();
            if !applied.changes() {
                unchanged = Some(applied);
                return Ok(Step::Nothing);
            }
            let subject = if message.trim().is_empty() {
                applied.subject(crate::i18n::Lang::Zh)
            } else {
                message.trim().to_owned()
            };
            Ok(Step::Write {
                file: file.clone(),
                bytes: review::write(&review, &name.0).into_bytes(),
                message: format!("{subject}\n\nDsw-Review: {}\n", name.0),
                outcome: applied,
            })
        })?;
        match updated {
            Some(Updated { id, outcome, .. }) => {
                let worktree = self
                    .sync_file(&file)
                    .unwrap_or_else(|e| Sync::Failed(e.to_string()));
                Ok(Reviewed {
                    applied: outcome,
                    id: Some(id),
                    worktree,
                    review: result,
                })
            }
            None => Ok(Reviewed {
                applied: unchanged.unwrap_or(Applied::Unchanged(0)),
                id: None,
                worktree: Sync::Updated,
                review: result,
            }),
        }
    }
}

impl Store {
    /// Whether the working-tree review file of `name` holds edits made by hand
    /// (neither what dsw last wrote there nor one of the branch's revisions).
    pub fn review_hand_edited(&self, name: &AssessmentName) -> Result<bool, StoreError> {
        self.hand_edited_file(&self.review_file(name))
    }

    /// Commits the review file as someone edited it by hand (checked first): its
    /// base is what dsw last put there, so comments and replies others committed
    /// since merge in comment by comment ([`review::merge`]) instead of being
    /// removed. Afterwards the file equals the new head. `None` when the edits are
    /// already on the branch.
    pub fn commit_review_from_file(
        &self,
        name: &AssessmentName,
        message: &str,
        author: &Author,
    ) -> Result<Option<(Oid, Sync)>, StoreError> {
        self.ensure_clean_state()?;
        let file = self.review_file(name);
        let path = self.workdir().join(&file);
        let bytes = std::fs::read(&path).map_err(super::error::io(&path))?;
        let origin = path.display().to_string();
        let parse = |origin: &str, bytes: Vec<u8>| {
            let text = crate::diagnostic::decode_utf8(origin, bytes)
                .map_err(|r| StoreError::Invalid(Box::new(r)))?;
            review::read(origin, &text).map_err(|r| StoreError::Invalid(Box::new(r)))
        };
        let mine = parse(&origin, bytes.clone())?;
        let base = match self.synced_file_blob(&file) {
            Some(blob) => parse("base", self.repo.find_blob(blob)?.content().to_vec())?,
            None => self.review(name)?,
        };
        let updated = self.update_branch(author, |head| {
            let theirs = self.review_at(name, head)?;
            let merged = review::merge(&base, &mine, &theirs);
            if merged == theirs {
                return Ok(Step::Nothing);
            }
            Ok(Step::Write {
                file: file.clone(),
                bytes: review::write(&merged, &name.0).into_bytes(),
                message: format!("{}\n\nDsw-Review: {}\n", message.trim(), name.0),
                outcome: (),
            })
        })?;
        let worktree = self
            .adopt_file(&file, &bytes)
            .unwrap_or_else(|e| Sync::Failed(e.to_string()));
        Ok(updated.map(|u| (u.id, worktree)))
    }
}

/// Now, RFC 3339 at the local UTC offset (as git records commit times).
fn now() -> String {
    let now = git2::Signature::now("dsw", "dsw@localhost");
    let (seconds, offset) = now.map_or((0, 0), |s| (s.when().seconds(), s.when().offset_minutes()));
    crate::time::rfc3339(seconds, offset)
}
