//! Typing that could not be written to the draft — a read-only or full disk, a
//! drafts directory that is not one — is kept in a private recovery file under
//! `$XDG_STATE_HOME/dsw/` (default `~/.local/state/dsw/`; directory 0700, file 0600),
//! outside the repository, so that the next start can offer it back.
//!
//! One file per workbench session, named by the repository's path (as a digest, so
//! different repositories never collide), the assessment, the user, the time and
//! the process; the file also records those, and only files that name this
//! repository, assessment and user are offered.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::atomic;
use super::draft::Draft;
use super::draft_sync::{combine, digest, rebase};
use super::error::{StoreError, io};
use super::repo::{AssessmentName, Store};
use crate::assessment::toml_basic_string;

/// A recovery file and the draft it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recovery {
    /// Where it is.
    pub path: PathBuf,
    /// The draft as it was when it could not be written.
    pub draft: Draft,
    /// When it was written, in seconds since the Unix epoch.
    pub written: u64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRecovery {
    repository: String,
    assessment: String,
    user: String,
    written: u64,
    version: u32,
    base_rev: String,
    #[serde(default)]
    last_edited: Option<String>,
    base: String,
    mine: String,
}

/// Where recovery files go: `$XDG_STATE_HOME/dsw`, else `~/.local/state/dsw`; `None`
/// when neither is known.
pub fn default_recovery_dir() -> Option<PathBuf> {
    let state = std::env::var_os("XDG_STATE_HOME")
        .map(PathBuf::from)
        .filter(|dir| dir.is_absolute())
        .or_else(|| {
            std::env::var_os("HOME")
                .map(PathBuf::from)
                .filter(|home| home.is_absolute())
                .map(|home| home.join(".local").join("state"))
        })?;
    Some(state.join("dsw"))
}

/// A name part safe in a file name: letters, digits (any script), `.`, `_`; the rest
/// becomes `_`.
fn file_part(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '.' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// Removes a recovery file; true if there was one.
pub fn remove_recovery(path: &Path) -> Result<bool, StoreError> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(io(path)(e)),
    }
}

impl Store {
    /// The repository's path as recovery files record it (canonical when possible).
    fn recovery_repository(&self) -> String {
        std::fs::canonicalize(self.workdir())
            .unwrap_or_else(|_| self.workdir().to_path_buf())
            .display()
            .to_string()
    }

    /// The start of the file names of this repository's, assessment's and user's
    /// recovery files.
    fn recovery_prefix(&self, name: &AssessmentName, user: &str) -> String {
        format!(
            "{:016x}-{}-{}-",
            digest(self.recovery_repository().as_bytes()),
            file_part(&name.0),
            file_part(user)
        )
    }

    /// Writes `draft` to a private recovery file in `dir`: to `reuse` when given (the
    /// session's own file, rewritten), else to a new one. Returns its path.
    pub fn write_recovery(
        &self,
        dir: &Path,
        name: &AssessmentName,
        user: &str,
        draft: &Draft,
        reuse: Option<&Path>,
    ) -> Result<PathBuf, StoreError> {
        // Every directory made on the way (~/.local, ~/.local/state …) is the
        // person's alone: the umask may have been widened for a shared repository.
        {
            use std::os::unix::fs::DirBuilderExt;
            std::fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(dir)
                .map_err(io(dir))?;
        }
        atomic::create_private_dir(dir, 0o700).map_err(io(dir))?;
        let written = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let path = match reuse {
            Some(path) => path.to_path_buf(),
            None => dir.join(format!(
                "{}{written}-{}.toml",
                self.recovery_prefix(name, user),
                std::process::id()
            )),
        };
        let mut text = String::new();
        let _ = writeln!(
            text,
            "# dsw: text typed into {} that could not be saved to the draft.\n\
             # `dsw` offers it back when started in this repository.",
            name.file_name()
        );
        let _ = writeln!(
            text,
            "repository = {}",
            toml_basic_string(&self.recovery_repository())
        );
        let _ = writeln!(text, "assessment = {}", toml_basic_string(&name.0));
        let _ = writeln!(text, "user = {}", toml_basic_string(user));
        let _ = writeln!(text, "written = {written}");
        self.push_draft_keys(&mut text, draft)?;
        atomic::write(&path, text.as_bytes(), 0o600).map_err(io(&path))?;
        Ok(path)
    }

    /// The recovery files in `dir` for this repository, `name` and `user`, newest
    /// first. Files that cannot be read, or name another repository, are left alone.
    pub fn recoveries(&self, dir: &Path, name: &AssessmentName, user: &str) -> Vec<Recovery> {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return Vec::new();
        };
        let prefix = self.recovery_prefix(name, user);
        let repository = self.recovery_repository();
        let mut found: Vec<Recovery> = entries
            .flatten()
            .filter(|entry| {
                entry
                    .file_name()
                    .to_str()
                    .is_some_and(|n| n.starts_with(&prefix) && n.ends_with(".toml"))
            })
            .filter_map(|entry| {
                let path = entry.path();
                let bytes = std::fs::read(&path).ok()?;
                let origin = path.display().to_string();
                let text = crate::diagnostic::decode_utf8(&origin, bytes).ok()?;
                let raw: RawRecovery = crate::diagnostic::parse_toml(&origin, &text).ok()?;
                // The digest in the name could collide; the recorded names cannot.
                if raw.repository != repository
                    || raw.assessment != name.0
                    || raw.user != user
                    || raw.version != 1
                {
                    return None;
                }
                let draft = self
                    .draft_from_parts(&origin, &raw.base_rev, raw.base, raw.mine, raw.last_edited)
                    .ok()?;
                Some(Recovery {
                    path,
                    draft,
                    written: raw.written,
                })
            })
            .collect();
        found.sort_by(|a, b| b.written.cmp(&a.written).then(b.path.cmp(&a.path)));
        found
    }

    /// Puts a recovered draft back: it is moved onto the branch head and merged
    /// field by field into `user`'s current draft (a field both changed keeps both
    /// texts); the result is written and the recovery file removed. Returns the draft
    /// now on disk.
    pub fn restore_recovery(
        &self,
        name: &AssessmentName,
        user: &str,
        recovery: &Recovery,
    ) -> Result<Draft, StoreError> {
        let _lock = self.lock_draft(name, user)?;
        let fresh = self.fresh_draft(name)?;
        let recovered = rebase(&recovery.draft, fresh.base_rev, &fresh.base).draft;
        let restored = match self.draft(name, user)? {
            None => recovered,
            Some(current) => {
                let moved = rebase(&current, fresh.base_rev, &fresh.base).draft;
                // Both measured from the head: what each changes on top of it.
                let mut merged = combine(&fresh, &moved, &recovered).draft;
                merged.base_rev = current.base_rev;
                merged.last_edited = recovered.last_edited.clone().or(current.last_edited);
                merged
            }
        };
        self.write_draft(name, user, &restored)?;
        remove_recovery(&recovery.path)?;
        Ok(restored)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Author;

    fn repo() -> (tempfile::TempDir, Store, AssessmentName) {
        let dir = tempfile::tempdir().unwrap();
        let author = Author {
            name: "Tester".into(),
            email: "t@example.org".into(),
        };
        let (store, name, _) = Store::init(
            &dir.path().join("repo"),
            "ict-plan",
            None,
            None,
            &author,
            "init",
        )
        .unwrap();
        (dir, store, name)
    }

    #[test]
    fn a_recovery_file_is_private_found_again_and_restored_into_the_draft() {
        let (dir, store, name) = repo();
        let state = dir.path().join("state/dsw");
        let mut draft = store.fresh_draft(&name).unwrap();
        draft.mine.set_answer("1.1.1", "寫不進草稿的字");
        draft.last_edited = Some("1.1.1".into());
        let path = store
            .write_recovery(&state, &name, "amy", &draft, None)
            .unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&state), 0o700);
            assert_eq!(mode(&path), 0o600);
        }
        // Not offered to another user or assessment.
        assert!(store.recoveries(&state, &name, "bob").is_empty());
        let found = store.recoveries(&state, &name, "amy");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].draft, draft);
        // Meanwhile the draft gained another answer; restoring keeps both.
        store
            .edit(&name, "amy", |a| a.set_answer("2.1.1", "後來打的"))
            .unwrap();
        let restored = store.restore_recovery(&name, "amy", &found[0]).unwrap();
        assert_eq!(restored.mine.answer("1.1.1"), "寫不進草稿的字");
        assert_eq!(restored.mine.answer("2.1.1"), "後來打的");
        assert_eq!(restored.last_edited.as_deref(), Some("1.1.1"));
        assert_eq!(store.draft(&name, "amy").unwrap().unwrap(), restored);
        assert!(!path.exists());
    }

    #[test]
    fn two_repositories_never_share_recovery_files() {
        let (dir_a, store_a, name) = repo();
        let (_dir_b, store_b, _) = repo();
        let state = dir_a.path().join("state");
        let draft = store_a.fresh_draft(&name).unwrap();
        store_a
            .write_recovery(&state, &name, "amy", &draft, None)
            .unwrap();
        assert_eq!(store_a.recoveries(&state, &name, "amy").len(), 1);
        assert!(store_b.recoveries(&state, &name, "amy").is_empty());
    }
}
