//! Drafts: each user's uncommitted edits to an assessment, kept under
//! `.git/dsw/drafts/<user>/` (directory 0700, file 0600) and written atomically.
//!
//! A draft holds the revision it started from, the content of that revision as the
//! merge base (conflict resolutions move single fields of it forward), and the
//! edited content. Committing merges (base, mine, branch head).

use std::fmt::Write as _;
use std::path::PathBuf;

use git2::Oid;
use serde::Deserialize;

use super::atomic;
use super::error::{StoreError, io};
use super::repo::{AssessmentName, Store};
use crate::assessment::{Assessment, toml_basic_string, toml_multiline_string};

/// Uncommitted edits of one user to one assessment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    /// The revision the draft started from.
    pub base_rev: Oid,
    /// The merge base: the content at `base_rev`, with fields the user has resolved
    /// against a later head moved forward to that head's value.
    pub base: Assessment,
    /// The edited assessment.
    pub mine: Assessment,
    /// The field the workbench last edited (`2.3.1`), so that reopening a draft puts
    /// the cursor back there. Optional in the file: older drafts have none.
    pub last_edited: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDraft {
    version: u32,
    base_rev: String,
    base: String,
    mine: String,
    #[serde(default)]
    last_edited: Option<String>,
}

impl Draft {
    /// Whether the draft changes anything.
    pub fn is_empty(&self) -> bool {
        self.base == self.mine
    }
}

impl Store {
    /// Where `user`'s draft of `name` lives.
    pub fn draft_path(&self, name: &AssessmentName, user: &str) -> PathBuf {
        self.drafts_dir().join(user).join(name.file_name())
    }

    /// Whether `user` has a draft directory here; an error when the name or the
    /// directory belongs to another account (see [`Store::own_draft_dir`]).
    pub fn draft_dir_check(&self, user: &str) -> Result<bool, StoreError> {
        Ok(self.own_draft_dir(user, false)?.is_dir())
    }

    /// The mode of a person's draft directory: 0700; on a shared repository 0711, so
    /// teammates can see *that* someone has a draft of an assessment (`dsw status`)
    /// but can neither list the directory nor read, add or remove anything in it.
    fn draft_dir_mode(&self) -> u32 {
        if self.is_shared() { 0o711 } else { 0o700 }
    }

    /// `user`'s draft directory, after making sure it is this account's: on a shared
    /// repository a draft name that is another account's login is refused, and so
    /// is a draft directory that another account owns — at once, never after
    /// waiting for a lock. With `create`, makes it (0700) when missing.
    pub(crate) fn own_draft_dir(&self, user: &str, create: bool) -> Result<PathBuf, StoreError> {
        use std::os::unix::fs::MetadataExt;
        let dir = self.drafts_dir().join(user);
        let me = nix::unistd::geteuid();
        if self.is_shared()
            && let Ok(Some(account)) = nix::unistd::User::from_name(user)
            && account.uid != me
        {
            return Err(StoreError::OtherAccount(user.to_owned()));
        }
        match std::fs::symlink_metadata(&dir) {
            Ok(meta) if !meta.is_dir() && meta.uid() == me.as_raw() => {
                return Err(io(&dir)(std::io::Error::from(
                    std::io::ErrorKind::NotADirectory,
                )));
            }
            Ok(meta) if meta.uid() != me.as_raw() || !meta.is_dir() => {
                return Err(StoreError::DraftNotYours {
                    user: user.to_owned(),
                    owner: super::identity::account_name(meta.uid()),
                    path: dir,
                });
            }
            Ok(meta) => {
                // A directory made private before the repository was shared: let the
                // team see that it holds drafts (never what they say).
                let mode = meta.mode() & 0o777;
                if create && mode == 0o700 && self.draft_dir_mode() != 0o700 {
                    let _ = atomic::create_private_dir(&dir, self.draft_dir_mode());
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if create {
                    let drafts = self.drafts_dir();
                    self.team_dir(&drafts, true).map_err(io(&drafts))?;
                    // Made private from the first instant (never group-writable for a
                    // moment, which would let someone plant a file in it).
                    let made = {
                        use std::os::unix::fs::DirBuilderExt;
                        std::fs::DirBuilder::new().mode(0o700).create(&dir)
                    };
                    match made {
                        Ok(()) => {}
                        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                            // Made meanwhile: check again whose it is.
                            return self.own_draft_dir(user, false);
                        }
                        Err(e) => return Err(io(&dir)(e)),
                    }
                    atomic::create_private_dir(&dir, self.draft_dir_mode()).map_err(io(&dir))?;
                }
            }
            Err(e) => return Err(io(&dir)(e)),
        }
        Ok(dir)
    }

    /// Locks `user`'s draft of `name` against their other dsw processes (their TUI in
    /// one window, the CLI in another) for one read-modify-write.
    pub(crate) fn lock_draft(
        &self,
        name: &AssessmentName,
        user: &str,
    ) -> Result<super::lock::Lock, StoreError> {
        self.lock_draft_within(name, user, std::time::Duration::from_secs(3))
    }

    /// [`Store::lock_draft`], waiting at most `patience`.
    pub(crate) fn lock_draft_within(
        &self,
        name: &AssessmentName,
        user: &str,
        patience: std::time::Duration,
    ) -> Result<super::lock::Lock, StoreError> {
        let path = self.draft_path(name, user);
        let dir = self.own_draft_dir(user, true)?;
        let lock = dir.join(format!("{}.lock", name.file_name()));
        super::lock::try_acquire(&lock, patience, 0o600)
            .map_err(io(&lock))?
            .ok_or(StoreError::DraftBusy(path))
    }

    /// `user`'s draft of `name`, if there is one.
    pub fn draft(&self, name: &AssessmentName, user: &str) -> Result<Option<Draft>, StoreError> {
        self.own_draft_dir(user, false)?;
        let path = self.draft_path(name, user);
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(io(&path)(e)),
        };
        self.parse_draft(&path.display().to_string(), bytes)
            .map(Some)
    }

    /// Reads the bytes of a draft file; `origin` names it in messages.
    pub(crate) fn parse_draft(&self, origin: &str, bytes: Vec<u8>) -> Result<Draft, StoreError> {
        let text = crate::diagnostic::decode_utf8(origin, bytes)
            .map_err(|r| StoreError::Invalid(Box::new(r)))?;
        let raw: RawDraft = crate::diagnostic::parse_toml(origin, &text)
            .map_err(|r| StoreError::Invalid(Box::new(r)))?;
        if raw.version != 1 {
            return Err(StoreError::UnknownForm(format!(
                "draft version {}",
                raw.version
            )));
        }
        self.draft_from_parts(origin, &raw.base_rev, raw.base, raw.mine, raw.last_edited)
    }

    /// A draft from the strings its file holds (also the recovery file's).
    pub(crate) fn draft_from_parts(
        &self,
        origin: &str,
        base_rev: &str,
        base: String,
        mine: String,
        last_edited: Option<String>,
    ) -> Result<Draft, StoreError> {
        let base_rev = Oid::from_str(base_rev)
            .map_err(|_| StoreError::UnknownRevision(base_rev.to_owned()))?;
        Ok(Draft {
            base_rev,
            base: self.parse(&format!("{origin} (base)"), base.into_bytes())?,
            mine: self.parse(&format!("{origin} (mine)"), mine.into_bytes())?,
            last_edited,
        })
    }

    /// Writes `user`'s draft atomically (temp file, fsync, rename), private to them.
    pub fn save_draft(
        &self,
        name: &AssessmentName,
        user: &str,
        draft: &Draft,
    ) -> Result<(), StoreError> {
        let _lock = self.lock_draft(name, user)?;
        self.write_draft(name, user, draft)
    }

    /// Writes the draft; the caller holds the draft lock.
    pub(crate) fn write_draft(
        &self,
        name: &AssessmentName,
        user: &str,
        draft: &Draft,
    ) -> Result<(), StoreError> {
        let path = self.draft_path(name, user);
        self.own_draft_dir(user, true)?;
        let text = self.draft_text(name, user, draft)?;
        atomic::write(&path, text.as_bytes(), 0o600).map_err(io(&path))
    }

    /// The text of a draft file.
    pub(crate) fn draft_text(
        &self,
        name: &AssessmentName,
        user: &str,
        draft: &Draft,
    ) -> Result<String, StoreError> {
        let mut text = String::new();
        let _ = writeln!(
            text,
            "# dsw draft of {} by {user}: uncommitted edits. `dsw discard` drops it.",
            name.file_name()
        );
        self.push_draft_keys(&mut text, draft)?;
        Ok(text)
    }

    /// The keys of a draft (after any header): version, base_rev, last_edited, base, mine.
    pub(crate) fn push_draft_keys(
        &self,
        text: &mut String,
        draft: &Draft,
    ) -> Result<(), StoreError> {
        text.push_str("version = 1\n");
        let _ = writeln!(text, "base_rev = \"{}\"", draft.base_rev);
        if let Some(field) = &draft.last_edited {
            let _ = writeln!(text, "last_edited = {}", toml_basic_string(field));
        }
        let _ = writeln!(
            text,
            "base = {}",
            toml_multiline_string(&self.serialize(&draft.base)?)
        );
        let _ = writeln!(
            text,
            "mine = {}",
            toml_multiline_string(&self.serialize(&draft.mine)?)
        );
        Ok(())
    }

    /// Drops `user`'s draft of `name`; true if there was one.
    pub fn discard_draft(&self, name: &AssessmentName, user: &str) -> Result<bool, StoreError> {
        self.own_draft_dir(user, false)?;
        let path = self.draft_path(name, user);
        match std::fs::remove_file(&path) {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
            Err(e) => Err(io(&path)(e)),
        }
    }

    /// The draft to edit: `user`'s existing draft, or a fresh one at the branch head.
    pub fn draft_or_head(&self, name: &AssessmentName, user: &str) -> Result<Draft, StoreError> {
        match self.draft(name, user)? {
            Some(draft) => Ok(draft),
            None => self.fresh_draft(name),
        }
    }

    /// Applies `edit` to `user`'s draft and saves it; the single path every CLI and
    /// TUI edit goes through.
    pub fn edit<T>(
        &self,
        name: &AssessmentName,
        user: &str,
        edit: impl FnOnce(&mut Assessment) -> T,
    ) -> Result<T, StoreError> {
        self.ensure_clean_state()?;
        let _lock = self.lock_draft(name, user)?;
        let mut draft = self.draft_or_head(name, user)?;
        let before = draft.mine.clone();
        let result = edit(&mut draft.mine);
        // A command that changed nothing (a failed lookup) leaves no draft behind.
        if draft.mine != before {
            self.write_draft(name, user, &draft)?;
        }
        Ok(result)
    }

    /// Every user with a draft of `name` (to tell who else is editing).
    pub fn draft_owners(&self, name: &AssessmentName) -> Vec<String> {
        let dir = self.git_dir().join("dsw").join("drafts");
        let Ok(entries) = std::fs::read_dir(dir) else {
            return Vec::new();
        };
        let mut owners: Vec<String> = entries
            .flatten()
            .filter(|entry| entry.path().join(name.file_name()).exists())
            .filter_map(|entry| entry.file_name().to_str().map(str::to_owned))
            .collect();
        owners.sort();
        owners
    }
}
