//! Committing a draft: three-way merge with the branch head, a tree built in memory
//! (no index, no `index.lock`), and a compare-and-swap update of the branch. If the
//! branch moved meanwhile, merge again; if its ref is locked, retry briefly.

use std::time::{Duration, Instant};

use git2::{ErrorCode, Oid};

use super::error::StoreError;
use super::identity::Author;
use super::repo::{AssessmentName, Store};
use super::trailer;
use super::worktree::Sync;
use crate::assessment::Assessment;
use crate::diff::{AssessmentDiff, Stat, merge};
use crate::i18n::Lang;

/// How long a locked branch ref is retried before giving up.
const LOCK_PATIENCE: Duration = Duration::from_secs(1);

/// What a commit did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Committed {
    /// A new revision.
    Revision {
        /// Its id.
        id: Oid,
        /// What it changed relative to its parent.
        stat: Stat,
        /// Whether others' revisions were merged in (the branch had moved past the
        /// draft's base).
        merged: bool,
        /// What happened to the working-tree file.
        worktree: Sync,
    },
    /// The draft changed nothing the branch does not already have; it was dropped.
    NothingToCommit,
}

impl Committed {
    /// The outcome in the interface language, the same on the command line and in the
    /// workbench: `已提交 1a2b3c4d — 1 題新增回答（已與他人的新版本合併）`, or that
    /// there was nothing to commit. What happened to the working-tree file, when it
    /// is worth saying, is [`Committed::worktree_note`].
    pub fn describe(&self, lang: Lang) -> String {
        match self {
            Committed::Revision {
                id, stat, merged, ..
            } => {
                let mut text = format!(
                    "{} {} — {}",
                    lang.pick("已提交", "committed"),
                    super::repo::short_id(*id),
                    stat.describe(lang)
                );
                if *merged {
                    text += lang.pick(
                        "（已與他人的新版本合併）",
                        " (merged with newer revisions by others)",
                    );
                }
                text
            }
            Committed::NothingToCommit => lang
                .pick("沒有需要提交的變更。", "nothing to commit.")
                .to_owned(),
        }
    }

    /// The working-tree file when it did not simply follow the new revision (edited
    /// by hand, not writable, busy); `None` when there is nothing to say.
    pub fn worktree_note(&self) -> Option<&Sync> {
        match self {
            Committed::Revision { worktree, .. } if *worktree != Sync::Updated => Some(worktree),
            _ => None,
        }
    }
}

impl Store {
    /// Commits `user`'s draft of `name` with `message` by `author`. On conflict the
    /// draft is left untouched and every conflicting field is returned.
    pub fn commit(
        &self,
        name: &AssessmentName,
        user: &str,
        message: &str,
        author: &Author,
    ) -> Result<Committed, StoreError> {
        self.ensure_clean_state()?;
        // Held throughout, so the same user's other window cannot edit the draft
        // between reading it and dropping it.
        let _lock = self.lock_draft(name, user)?;
        let Some(draft) = self.draft(name, user)? else {
            return Ok(Committed::NothingToCommit);
        };
        let outcome = self.commit_content(
            name,
            &draft.base,
            &draft.mine,
            draft.base_rev,
            message,
            author,
        )?;
        // The draft is in the branch now (merged with whatever others did).
        self.discard_draft(name, user)?;
        Ok(outcome)
    }

    /// Commits the working-tree file as someone edited it by hand (validated first):
    /// its base is what dsw last put there, so others' revisions since then merge
    /// in. Afterwards the file equals the new head.
    pub fn commit_from_file(
        &self,
        name: &AssessmentName,
        message: &str,
        author: &Author,
    ) -> Result<Committed, StoreError> {
        self.ensure_clean_state()?;
        let path = self.worktree_path(name);
        let bytes = std::fs::read(&path).map_err(super::error::io(&path))?;
        if !bytes.is_empty() && !bytes.ends_with(b"\n") {
            // dsw always ends the file with a line break: a file without one was cut off.
            return Err(StoreError::Truncated(path));
        }
        let mine = self.parse(&path.display().to_string(), bytes.clone())?;
        let base_blob = match self.synced_blob(name) {
            Some(blob) => Some(blob),
            None => {
                let mut index = self.repo.index()?;
                index.read(false)?;
                index
                    .get_path(std::path::Path::new(&name.file_name()), 0)
                    .map(|entry| entry.id)
            }
        };
        let base = match base_blob {
            Some(blob) => self.parse("base", self.repo.find_blob(blob)?.content().to_vec())?,
            None => self.load_at(name, self.head_commit()?)?,
        };
        let head = self.head_commit()?;
        let outcome = self.commit_content(name, &base, &mine, head, message, author)?;
        // The hand edits are in the branch now: the file is no longer "edited by
        // hand", so bring it up to the head (unless it changed again meanwhile).
        let worktree = self
            .adopt_worktree(name, &bytes)
            .unwrap_or_else(|e| Sync::Failed(e.to_string()));
        Ok(match outcome {
            Committed::Revision {
                id, stat, merged, ..
            } => Committed::Revision {
                id,
                stat,
                merged,
                worktree,
            },
            other => other,
        })
    }

    /// Commits `mine` (edited from `base`) onto the branch: the engine behind
    /// [`Store::commit`], also used for `--from-file` and by `dsw init`.
    pub fn commit_content(
        &self,
        name: &AssessmentName,
        base: &Assessment,
        mine: &Assessment,
        base_rev: Oid,
        message: &str,
        author: &Author,
    ) -> Result<Committed, StoreError> {
        let updated = self.update_branch(author, |head| {
            let theirs = self.load_at(name, head)?;
            let merged = merge(base, mine, &theirs)
                .map_err(|conflicts| StoreError::Conflicts { conflicts })?;
            if merged == theirs {
                return Ok(Step::Nothing);
            }
            let form = self.form_of(&merged)?;
            let stat = AssessmentDiff::between(&theirs, &merged, form).stat();
            let bytes = crate::assessment::write(&merged, form);
            Ok(Step::Write {
                file: name.file_name(),
                bytes: bytes.into_bytes(),
                message: trailer::append(message, name, &stat, Some(head)),
                outcome: stat,
            })
        })?;
        let Some(Updated {
            id,
            head,
            outcome: stat,
        }) = updated
        else {
            return Ok(Committed::NothingToCommit);
        };
        // The revision is in: a working tree that cannot be written is a warning,
        // not a failed commit.
        let worktree = self
            .sync_worktree(name)
            .unwrap_or_else(|e| Sync::Failed(e.to_string()));
        Ok(Committed::Revision {
            id,
            stat,
            merged: head != base_rev,
            worktree,
        })
    }

    /// The one compare-and-swap path every revision takes (answers, review actions):
    /// `step` is given the branch head and says what one file becomes; the new
    /// revision is built in memory on that head and the branch moved to it only if
    /// it still points at that head. If it moved meanwhile, `step` runs again on the
    /// new head; a locked ref is retried briefly. `None` when `step` found nothing
    /// to write.
    pub(crate) fn update_branch<T>(
        &self,
        author: &Author,
        mut step: impl FnMut(Oid) -> Result<Step<T>, StoreError>,
    ) -> Result<Option<Updated<T>>, StoreError> {
        let branch = self.branch_ref()?;
        let signature = author.signature()?;
        // The account that ran dsw, whatever author it was given.
        let committer = super::identity::Account::current().author().signature()?;
        let started = Instant::now();
        let mut backoff = Duration::from_millis(5);
        loop {
            let head = self.head_commit()?;
            let (file, bytes, message, outcome) = match step(head)? {
                Step::Nothing => return Ok(None),
                Step::Write {
                    file,
                    bytes,
                    message,
                    outcome,
                } => (file, bytes, message, outcome),
            };
            let blob = self.repo.blob(&bytes)?;
            let parent = self.repo.find_commit(head)?;
            let mut builder = self.repo.treebuilder(Some(&parent.tree()?))?;
            builder.insert(&file, blob, 0o100_644)?;
            let tree = self.repo.find_tree(builder.write()?)?;
            let id = self
                .repo
                .commit(None, &signature, &committer, &message, &tree, &[&parent])?;
            // Records this process beside the ref lock libgit2 takes, so a lock left
            // by a dsw killed mid-update can be told from a live git's.
            let record = self.ref_lock_record();
            let recorded = std::fs::write(&record, std::process::id().to_string()).is_ok();
            let updated = self
                .repo
                .reference_matching(&branch, id, true, head, "dsw commit");
            if recorded {
                let _ = std::fs::remove_file(&record);
            }
            match updated {
                Ok(_) => {
                    super::maintenance::pack_in_background(self.workdir());
                    return Ok(Some(Updated { id, head, outcome }));
                }
                // Someone else committed first: merge with their revision and retry.
                Err(e) if e.code() == ErrorCode::Modified => continue,
                Err(e) if e.code() == ErrorCode::Locked => {
                    if started.elapsed() >= LOCK_PATIENCE {
                        if self.clear_stale_ref_lock(&branch) {
                            continue;
                        }
                        return Err(StoreError::Locked(branch));
                    }
                    std::thread::sleep(backoff);
                    backoff = (backoff * 2).min(Duration::from_millis(100));
                }
                Err(e) => return Err(e.into()),
            }
        }
    }
}

/// What one turn of [`Store::update_branch`] writes.
pub(crate) enum Step<T> {
    /// Nothing: the branch already has it.
    Nothing,
    /// `file` (a name at the top of the tree) becomes `bytes`, in a revision with
    /// `message`.
    Write {
        /// The file name.
        file: String,
        /// Its new content.
        bytes: Vec<u8>,
        /// The revision's message.
        message: String,
        /// What the caller wants back.
        outcome: T,
    },
}

/// A revision [`Store::update_branch`] put on the branch.
pub(crate) struct Updated<T> {
    /// The new revision.
    pub id: Oid,
    /// The head it was built on.
    pub head: Oid,
    /// What the step said.
    pub outcome: T,
}

impl Store {
    /// Where this process notes that it is updating a ref.
    fn ref_lock_record(&self) -> std::path::PathBuf {
        let dir = self.git_dir().join("dsw").join("ref-locks");
        let _ = self.team_dir(&dir, false);
        dir.join(std::process::id().to_string())
    }

    /// Removes `<branch>.lock` when a dsw that died while updating the branch left it
    /// (its record names a process that is gone); a live git's lock is never touched.
    /// True when the lock is gone and the update may be retried.
    fn clear_stale_ref_lock(&self, branch: &str) -> bool {
        let lock = self.git_dir().join(format!("{branch}.lock"));
        let Ok(lock_meta) = std::fs::metadata(&lock) else {
            return true;
        };
        let dir = self.git_dir().join("dsw").join("ref-locks");
        let Ok(entries) = std::fs::read_dir(&dir) else {
            return false;
        };
        let mut cleared = false;
        for entry in entries.flatten() {
            let Some(pid) = entry
                .file_name()
                .to_str()
                .and_then(|n| n.parse::<u32>().ok())
            else {
                continue;
            };
            if super::lock::process_alive(pid) {
                continue;
            }
            // The dead dsw took the lock right after writing its record; a lock made
            // long after an old record is someone else's.
            let began = entry.metadata().and_then(|m| m.modified()).ok();
            let locked = lock_meta.modified().ok();
            let its_own = match (began, locked) {
                (Some(began), Some(locked)) => match locked.duration_since(began) {
                    Ok(after) => after <= Duration::from_secs(2),
                    // Clocks with coarse stamps: the lock a moment "before" the record.
                    Err(before) => before.duration() <= Duration::from_secs(1),
                },
                _ => false,
            };
            if its_own && !cleared {
                cleared = std::fs::remove_file(&lock).is_ok();
            }
            let _ = std::fs::remove_file(entry.path());
        }
        cleared
    }
}
