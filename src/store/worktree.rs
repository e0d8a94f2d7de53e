//! Keeping the working-tree file equal to the branch head after a commit, so that
//! `git status` stays clean — unless someone edited the file by hand, which is left
//! alone and reported.
//!
//! "Edited by hand" means the file differs from what the index records (what dsw
//! or git last put there). Several dsw processes may commit at once; a small lock
//! file serialises the check-and-write, and each sync writes the *current* head, so
//! whichever runs last leaves the newest content.

use std::fs::OpenOptions;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use git2::{ObjectType, Oid};

use super::atomic;
use super::error::{StoreError, io};
use super::repo::{AssessmentName, Store};

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
}

/// A lock file that is removed when dropped.
struct Lock(PathBuf);

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn lock(path: &Path, patience: Duration) -> Option<Lock> {
    let started = Instant::now();
    loop {
        match OpenOptions::new().write(true).create_new(true).open(path) {
            Ok(_) => return Some(Lock(path.to_path_buf())),
            Err(_) if started.elapsed() < patience => std::thread::sleep(Duration::from_millis(5)),
            Err(_) => {
                // A lock left by a killed process: older than any real sync.
                let stale = std::fs::metadata(path)
                    .and_then(|m| m.modified())
                    .is_ok_and(|t| {
                        SystemTime::now().duration_since(t).unwrap_or_default()
                            > Duration::from_secs(10)
                    });
                if stale {
                    let _ = std::fs::remove_file(path);
                    continue;
                }
                return None;
            }
        }
    }
}

impl Store {
    /// Where the assessment lives in the working tree.
    pub fn worktree_path(&self, name: &AssessmentName) -> PathBuf {
        self.workdir().join(name.file_name())
    }

    /// Whether the working-tree file differs from what the index records.
    pub fn hand_edited(&self, name: &AssessmentName) -> Result<bool, StoreError> {
        let path = self.worktree_path(name);
        let mut index = self.repo.index()?;
        // The cached index may be older than the file on disk (another process).
        index.read(false)?;
        let recorded = index
            .get_path(Path::new(&name.file_name()), 0)
            .map(|entry| entry.id);
        let current = match std::fs::read(&path) {
            Ok(bytes) => Some(Oid::hash_object(ObjectType::Blob, &bytes)?),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(io(&path)(e)),
        };
        Ok(match (recorded, current) {
            (Some(recorded), Some(current)) => recorded != current,
            // Deleted by hand: nothing to lose, it is restored.
            (Some(_), None) => false,
            (None, Some(_)) => true,
            (None, None) => false,
        })
    }

    /// Makes the working-tree file and its index entry equal the branch head, unless
    /// the file was edited by hand.
    pub fn sync_worktree(&self, name: &AssessmentName) -> Result<Sync, StoreError> {
        let dir = self.git_dir().join("dsw");
        atomic::create_private_dir(&dir, 0o755).map_err(io(&dir))?;
        let Some(_lock) = lock(&dir.join("sync.lock"), Duration::from_secs(2)) else {
            return Ok(Sync::Busy);
        };
        let path = self.worktree_path(name);
        if self.hand_edited(name)? {
            return Ok(Sync::HandEdited(path));
        }
        let head = self.head_commit()?;
        let Some((blob, bytes)) = self.blob_at(name, head)? else {
            return Ok(Sync::Updated);
        };
        let current = std::fs::read(&path)
            .ok()
            .map(|b| Oid::hash_object(ObjectType::Blob, &b))
            .transpose()?;
        if current != Some(blob) {
            atomic::write(&path, &bytes, 0o644).map_err(io(&path))?;
        }
        let mut index = self.repo.index()?;
        index.read(false)?;
        let relative = Path::new(&name.file_name()).to_path_buf();
        let recorded = index.get_path(&relative, 0).map(|entry| entry.id);
        if recorded != Some(blob) || current != Some(blob) {
            index.add_path(&relative)?;
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
        Ok(Sync::Updated)
    }
}
