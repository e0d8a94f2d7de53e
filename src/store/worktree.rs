//! Keeping the working-tree file equal to the branch head after a commit, so that
//! `git status` stays clean — unless someone edited the file by hand, which is left
//! alone and reported.
//!
//! dsw records the blob it last put in the working tree (`.git/dsw/synced/<file>`).
//! The file counts as edited by hand when the working tree or the index holds a blob
//! that is neither that one nor one of the branch's recent revisions (an edit, or one
//! staged with `git add`; a clone, a pull, another process's commit or a sync cut off
//! halfway leave a revision's blob). Several dsw processes may commit at once; a lock file serialises the
//! check-and-write, and each sync writes the *current* head, so whichever runs last
//! leaves the newest content.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use git2::{ObjectType, Oid};

use super::atomic;
use super::error::{StoreError, io};
use super::repo::{AssessmentName, Store};
use crate::i18n::Lang;

/// What happened to the working-tree file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sync {
    /// It now equals the branch head.
    Updated,
    /// It was edited by hand and left as it was.
    HandEdited(PathBuf),
    /// Another process held the sync lock too long; the next commit or `dsw status`
    /// will sync it.
    Busy,
    /// It could not be written (permissions, a full disk); the revision itself is
    /// safely in the branch.
    Failed(String),
}

impl Sync {
    /// What happened to the working-tree file, in the interface language; `None` when
    /// it simply follows the branch. A hand edit is [`StoreError::HandEdited`]'s
    /// message, so each front end can add how to take the edits in.
    pub fn describe(&self, lang: Lang) -> Option<String> {
        match self {
            Sync::Updated => None,
            Sync::HandEdited(path) => Some(StoreError::HandEdited(path.clone()).message(lang)),
            Sync::Busy => Some(
                lang.pick(
                    "工作目錄中的檔案稍後會更新。",
                    "the working-tree file will be brought up to date later.",
                )
                .to_owned(),
            ),
            Sync::Failed(reason) => Some(format!(
                "{}{}",
                lang.pick(
                    "工作目錄中的檔案未能更新（版本已安全提交）：",
                    "the working-tree file could not be updated (the revision is safely committed): "
                ),
                crate::safe_text::visible(reason, false)
            )),
        }
    }
}

impl Store {
    /// Where the assessment lives in the working tree.
    pub fn worktree_path(&self, name: &AssessmentName) -> PathBuf {
        self.workdir().join(name.file_name())
    }

    /// Keeps the temporaries of dsw's atomic writes out of `git status` (they exist
    /// for a moment, or after a kill until the next write removes them).
    pub fn exclude_temporaries(&self) -> Result<(), StoreError> {
        const PATTERN: &str = "/.*.[0-9]*.tmp";
        let path = self.git_dir().join("info").join("exclude");
        let existing = std::fs::read_to_string(&path).unwrap_or_default();
        if existing.lines().any(|line| line.trim() == PATTERN) {
            return Ok(());
        }
        let mut text = existing;
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str("# dsw: temporaries of its atomic writes\n");
        text.push_str(PATTERN);
        text.push('\n');
        self.team_dir(&self.git_dir().join("info"), false)
            .map_err(io(&path))?;
        atomic::write(&path, text.as_bytes(), self.team_file_mode()).map_err(io(&path))
    }

    fn synced_record(&self, file: &str) -> PathBuf {
        self.git_dir().join("dsw").join("synced").join(file)
    }

    /// The blob dsw last put in the working tree and index, if it has recorded one.
    pub fn synced_blob(&self, name: &AssessmentName) -> Option<Oid> {
        self.synced_file_blob(&name.file_name())
    }

    pub(crate) fn synced_file_blob(&self, file: &str) -> Option<Oid> {
        let text = std::fs::read_to_string(self.synced_record(file)).ok()?;
        Oid::from_str(text.trim()).ok()
    }

    /// The index's stage-0 blob for the assessment (none while a merge conflicts).
    fn index_blob(&self, file: &str) -> Result<Option<Oid>, StoreError> {
        let mut index = self.repo.index()?;
        // The cached index may be older than the file on disk (another process).
        index.read(false)?;
        Ok(index.get_path(Path::new(file), 0).map(|entry| entry.id))
    }

    /// Whether the working-tree file or its index entry holds something neither dsw
    /// nor git put there: content that is neither what dsw last synced nor one of the
    /// branch's recent revisions (a hand edit, or one staged with `git add`). A file
    /// or index entry that is merely behind — dsw wrote the file but could not write
    /// the index, a commit was killed halfway, another process committed meanwhile —
    /// is not a hand edit: the next sync brings it up to date.
    pub fn hand_edited(&self, name: &AssessmentName) -> Result<bool, StoreError> {
        self.hand_edited_file(&name.file_name())
    }

    pub(crate) fn hand_edited_file(&self, file: &str) -> Result<bool, StoreError> {
        let path = self.workdir().join(file);
        let indexed = self.index_blob(file)?;
        let history = self.recent_blobs(file)?;
        let synced = self.synced_file_blob(file);
        let known = |blob: Oid| Some(blob) == synced || history.contains(&blob);
        let current = match std::fs::read(&path) {
            Ok(bytes) => Some(Oid::hash_object(ObjectType::Blob, &bytes)?),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(io(&path)(e)),
        };
        // Deleted by hand: nothing to lose, it is restored.
        Ok(current.is_some_and(|blob| !known(blob)) || indexed.is_some_and(|blob| !known(blob)))
    }

    /// The assessment's blobs in the branch's last revisions: what git or dsw may
    /// legitimately have left in the index (a fresh clone's checkout, a pull, the
    /// revision before another process's commit).
    fn recent_blobs(&self, file: &str) -> Result<Vec<Oid>, StoreError> {
        let mut blobs = Vec::new();
        let Some(head) = self.head()? else {
            return Ok(blobs);
        };
        let mut commit = Some(self.repo.find_commit(head)?);
        for _ in 0..100 {
            let Some(current) = commit else { break };
            if let Some(entry) = current.tree()?.get_name(file) {
                blobs.push(entry.id());
            }
            commit = current.parents().next();
        }
        Ok(blobs)
    }

    /// Makes the working-tree file and its index entry equal the branch head, unless
    /// the file was edited by hand. Even then the index entry is brought up to the
    /// head (unless it holds a staged edit), so a plain `git commit` never records
    /// an older revision over a dsw commit.
    pub fn sync_worktree(&self, name: &AssessmentName) -> Result<Sync, StoreError> {
        self.sync_file(&name.file_name())
    }

    /// [`Store::sync_worktree`] for any file dsw keeps at the top of the tree (an
    /// assessment, a review file).
    pub(crate) fn sync_file(&self, file: &str) -> Result<Sync, StoreError> {
        // Mid-merge the index holds git's conflict stages and the file its markers:
        // both are git's until the merge is finished.
        if self.unfinished_operation().is_some() {
            return Ok(Sync::Busy);
        }
        let dir = self.git_dir().join("dsw");
        self.team_dir(&dir.join("synced"), false)
            .map_err(io(&dir))?;
        let Some(_lock) = super::lock::acquire(&dir.join("sync.lock"), Duration::from_secs(2))
        else {
            return Ok(Sync::Busy);
        };
        let path = self.workdir().join(file);
        if self.hand_edited_file(file)? {
            if let Sync::Busy = self.write_worktree(file, false)? {
                return Ok(Sync::Busy);
            }
            return Ok(Sync::HandEdited(path));
        }
        self.write_worktree(file, true)
    }

    /// Writes the head's content to the working tree and index; without `file`, only
    /// to the index, and not over a staged edit (lock held).
    fn write_worktree(&self, name: &str, file: bool) -> Result<Sync, StoreError> {
        let path = self.workdir().join(name);
        let head = self.head_commit()?;
        let Some((blob, bytes)) = self.file_at(name, head)? else {
            return Ok(Sync::Updated);
        };
        let mut current = std::fs::read(&path)
            .ok()
            .map(|b| Oid::hash_object(ObjectType::Blob, &b))
            .transpose()?;
        let record = self.synced_record(name);
        let synced_before = self.synced_file_blob(name);
        if file && current != Some(blob) {
            atomic::write(&path, &bytes, self.team_file_mode()).map_err(io(&path))?;
            current = Some(blob);
            // Recorded before the index is written: if that fails, the file is still
            // known to be dsw's own.
            atomic::write(
                &record,
                format!("{blob}\n").as_bytes(),
                self.team_file_mode(),
            )
            .map_err(io(&record))?;
        }
        let mut index = self.repo.index()?;
        index.read(false)?;
        let relative = Path::new(name).to_path_buf();
        let recorded = index.get_path(&relative, 0).map(|entry| entry.id);
        // With the file left alone (a hand edit), an index entry nobody knows is a
        // staged edit, and stays.
        // The branch's recent blobs are read only when it matters: the file is a
        // hand edit and the index holds something else again.
        let staged_edit = match recorded {
            Some(old) if !file && old != blob && Some(old) != synced_before => {
                !self.recent_blobs(name)?.contains(&old)
            }
            _ => false,
        };
        if recorded != Some(blob) && !staged_edit {
            if current == Some(blob) {
                // The file matches: stage it from disk, so git's stat cache is right.
                index.add_path(&relative)?;
            } else {
                // The file was edited by hand: only the index moves to the head.
                stage_content(&mut index, &relative.to_string_lossy(), &bytes)?;
            }
            // index.lock may be held by a git command running right now; retry briefly.
            let started = Instant::now();
            loop {
                match index.write() {
                    Ok(()) => break,
                    Err(e)
                        if e.code() == git2::ErrorCode::Locked
                            && started.elapsed() < Duration::from_secs(1) =>
                    {
                        std::thread::sleep(Duration::from_millis(10));
                    }
                    Err(e) if e.code() == git2::ErrorCode::Locked => return Ok(Sync::Busy),
                    Err(e) => return Err(e.into()),
                }
            }
        }
        if file && synced_before != Some(blob) {
            atomic::write(
                &record,
                format!("{blob}\n").as_bytes(),
                self.team_file_mode(),
            )
            .map_err(io(&record))?;
        }
        Ok(Sync::Updated)
    }

    /// Takes the hand-edited file as dsw's own (after `commit --from-file` put its
    /// content in the branch) and brings it up to the head.
    pub(crate) fn adopt_worktree(
        &self,
        name: &AssessmentName,
        bytes: &[u8],
    ) -> Result<Sync, StoreError> {
        self.adopt_file(&name.file_name(), bytes)
    }

    /// [`Store::adopt_worktree`] for any file dsw keeps at the top of the tree.
    pub(crate) fn adopt_file(&self, file: &str, bytes: &[u8]) -> Result<Sync, StoreError> {
        let dir = self.git_dir().join("dsw");
        self.team_dir(&dir.join("synced"), false)
            .map_err(io(&dir))?;
        let Some(_lock) = super::lock::acquire(&dir.join("sync.lock"), Duration::from_secs(2))
        else {
            return Ok(Sync::Busy);
        };
        let path = self.workdir().join(file);
        // Edited again since it was read: leave the new edits alone.
        if std::fs::read(&path).map_err(io(&path))? != bytes {
            return Ok(Sync::HandEdited(path));
        }
        self.write_worktree(file, true)
    }
}

/// Puts `bytes` in the index as `path` without touching the working-tree file (a
/// hand edit stays there, as git shows a file modified after `git add`).
pub(crate) fn stage_content(
    index: &mut git2::Index,
    path: &str,
    bytes: &[u8],
) -> Result<(), git2::Error> {
    let entry = git2::IndexEntry {
        ctime: git2::IndexTime::new(0, 0),
        mtime: git2::IndexTime::new(0, 0),
        dev: 0,
        ino: 0,
        mode: 0o100_644,
        uid: 0,
        gid: 0,
        file_size: u32::try_from(bytes.len()).unwrap_or(u32::MAX),
        id: git2::Oid::ZERO_SHA1,
        flags: 0,
        flags_extended: 0,
        path: path.as_bytes().to_vec(),
    };
    index.add_frombuffer(&entry, bytes)
}
