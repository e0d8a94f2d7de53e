//! The git repository that holds assessments: finding it, creating it, reading an
//! assessment at any revision.

use std::path::{Path, PathBuf};

use git2::{ErrorCode, Oid, Repository, RepositoryInitOptions};

use super::error::{StoreError, io};
use crate::assessment::{self, Assessment};
use crate::form::{Catalog, Form};

/// The file name suffix of assessments.
pub const SUFFIX: &str = ".assessment.toml";

/// The `.gitattributes` lines dsw needs: its merge driver and diff textconv for
/// assessments, its merge driver for review files.
pub const GITATTRIBUTES: &str = "*.assessment.toml merge=dsw diff=dsw\n*.review.toml merge=dsw\n";

/// `existing` `.gitattributes` text with every line of [`GITATTRIBUTES`] it lacks
/// added at the end; `None` when it has them all.
pub fn with_dsw_attributes(existing: &str) -> Option<String> {
    let missing: Vec<&str> = GITATTRIBUTES
        .lines()
        .filter(|wanted| !existing.lines().any(|line| line.trim() == *wanted))
        .collect();
    if missing.is_empty() {
        return None;
    }
    let mut text = existing.to_owned();
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    for line in missing {
        text.push_str(line);
        text.push('\n');
    }
    Some(text)
}

/// An assessment repository: a git repository with a working tree, and the forms
/// its assessments are read with.
pub struct Store {
    pub(crate) repo: Repository,
    workdir: PathBuf,
    catalog: Catalog,
    pub(crate) sharing: super::shared::Sharing,
}

/// Which assessment, by its file stem (`service` for `service.assessment.toml`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssessmentName(pub String);

impl AssessmentName {
    /// The file name in the repository.
    pub fn file_name(&self) -> String {
        format!("{}{SUFFIX}", self.0)
    }
}

impl std::fmt::Display for AssessmentName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl Store {
    /// Opens the repository containing `start` (searching upward, like git).
    pub fn discover(start: &Path) -> Result<Store, StoreError> {
        super::trust::disable_libgit2_owner_check();
        let repo = Repository::discover(start).map_err(|e| match e.code() {
            ErrorCode::NotFound => StoreError::NotARepository(start.to_path_buf()),
            ErrorCode::Owner => StoreError::NotOwned(owned_path(start)),
            _ => StoreError::Git(e),
        })?;
        Store::from_repo(repo)
    }

    /// Opens exactly the repository at `dir`.
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        super::trust::disable_libgit2_owner_check();
        let repo = Repository::open(dir).map_err(|e| match e.code() {
            ErrorCode::NotFound => StoreError::NotARepository(dir.to_path_buf()),
            ErrorCode::Owner => StoreError::NotOwned(dir.to_path_buf()),
            _ => StoreError::Git(e),
        })?;
        Store::from_repo(repo)
    }

    fn from_repo(repo: Repository) -> Result<Store, StoreError> {
        // Like git itself, trust object ids on read instead of re-hashing every object
        // (`git fsck` is the integrity check); it is an eighth of the cost of a log.
        git2::opts::strict_hash_verification(false);
        let workdir = repo.workdir().ok_or(StoreError::Bare)?.to_path_buf();
        if !super::trust::trusted(&workdir, Some(repo.path())) {
            // libgit2 ends the path with a slash; people write it without.
            return Err(StoreError::NotOwned(workdir.components().collect()));
        }
        let sharing = super::shared::Sharing::from_config(
            repo.config()
                .ok()
                .and_then(|c| c.get_string("core.sharedRepository").ok())
                .as_deref(),
        );
        // Before anything is written: from here on every file this process (and
        // libgit2, and the git it starts) creates is group-accessible.
        sharing.apply_umask();
        let dirs = crate::form::local_form_dirs(Some(&workdir));
        let (catalog, _problems) =
            Catalog::with_local_forms(&dirs).map_err(|e| StoreError::UnknownForm(e.to_string()))?;
        Ok(Store {
            repo,
            workdir,
            catalog,
            sharing,
        })
    }

    /// Opens `dir` as a repository, creating the directory and the repository (branch
    /// `main`) when needed; a new repository is group-shared when `shared`. Refuses,
    /// before creating anything, a directory that belongs to another account and is
    /// not listed in git's `safe.directory`.
    pub fn open_or_init(dir: &Path, shared: bool) -> Result<Store, StoreError> {
        super::trust::disable_libgit2_owner_check();
        // A directory that does not exist yet will be this account's own.
        if dir.exists() && !super::trust::trusted(dir, Some(&dir.join(".git"))) {
            return Err(StoreError::NotOwned(dir.to_path_buf()));
        }
        std::fs::create_dir_all(dir).map_err(io(dir))?;
        match Repository::open(dir) {
            Ok(repo) => Store::from_repo(repo),
            Err(e) if e.code() == ErrorCode::NotFound => {
                let mut options = RepositoryInitOptions::new();
                options.initial_head("main");
                if shared {
                    // As `git init --shared=group`: setgid, group-writable directories.
                    super::shared::Sharing::Group.apply_umask();
                    options.mode(git2::RepositoryInitMode::SHARED_GROUP);
                }
                Store::from_repo(Repository::init_opts(dir, &options)?)
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Refuses to change the assessment while a git merge, rebase or cherry-pick is
    /// unfinished: a revision made then would be undone when git concludes it.
    pub fn ensure_clean_state(&self) -> Result<(), StoreError> {
        match self.unfinished_operation() {
            None => Ok(()),
            Some(operation) => Err(StoreError::InProgress(operation)),
        }
    }

    /// The git operation that stopped unfinished (`merge`, `rebase`, `cherry-pick`,
    /// `revert`, `am`, `bisect`), if any.
    pub fn unfinished_operation(&self) -> Option<&'static str> {
        use git2::RepositoryState as S;
        Some(match self.repo.state() {
            S::Clean => return None,
            S::Merge => "merge",
            S::Revert | S::RevertSequence => "revert",
            S::CherryPick | S::CherryPickSequence => "cherry-pick",
            S::Rebase | S::RebaseInteractive | S::RebaseMerge => "rebase",
            S::ApplyMailbox | S::ApplyMailboxOrRebase => "am",
            S::Bisect => "bisect",
        })
    }

    /// Whether this account may write the repository's objects and refs.
    pub fn writable(&self) -> bool {
        let can = |path: std::path::PathBuf| {
            nix::unistd::access(&path, nix::unistd::AccessFlags::W_OK).is_ok()
        };
        can(self.git_dir().join("objects")) && can(self.git_dir().join("refs"))
    }

    /// The working tree's top directory.
    pub fn workdir(&self) -> &Path {
        &self.workdir
    }

    /// The git directory (`.git`).
    pub fn git_dir(&self) -> &Path {
        self.repo.path()
    }

    /// The forms known here (bundled, the user's, this repository's `.dsw/forms`).
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// The underlying git repository (for tests and the TUI's background jobs).
    pub fn repository(&self) -> &Repository {
        &self.repo
    }

    /// The full name of the branch HEAD points at (`refs/heads/main`), born or not.
    pub fn branch_ref(&self) -> Result<String, StoreError> {
        let head = self.repo.find_reference("HEAD")?;
        match head.symbolic_target() {
            Ok(Some(target)) => Ok(target.to_owned()),
            // A rebase (or bisect) detaches HEAD while it runs: say what is unfinished.
            _ => self.ensure_clean_state().and(Err(StoreError::Detached)),
        }
    }

    /// The short branch name (`main`).
    pub fn branch(&self) -> Result<String, StoreError> {
        let full = self.branch_ref()?;
        Ok(full.strip_prefix("refs/heads/").unwrap_or(&full).to_owned())
    }

    /// The branch tip, or `None` before the first commit.
    pub fn head(&self) -> Result<Option<Oid>, StoreError> {
        let name = self.branch_ref()?;
        match self.repo.refname_to_id(&name) {
            Ok(oid) => Ok(Some(oid)),
            Err(e) if e.code() == ErrorCode::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// The branch tip, or `NoAssessment` before the first commit.
    pub fn head_commit(&self) -> Result<Oid, StoreError> {
        self.head()?.ok_or(StoreError::NoAssessment)
    }

    /// Resolves any git revision syntax (`HEAD~2`, a tag, a short id) to a commit.
    pub fn resolve_rev(&self, spec: &str) -> Result<Oid, StoreError> {
        let object = self
            .repo
            .revparse_single(spec)
            .map_err(|_| StoreError::UnknownRevision(spec.to_owned()))?;
        let commit = object
            .peel_to_commit()
            .map_err(|_| StoreError::UnknownRevision(spec.to_owned()))?;
        Ok(commit.id())
    }

    /// The assessments at the branch head, by name, sorted.
    pub fn assessments(&self) -> Result<Vec<AssessmentName>, StoreError> {
        let Some(head) = self.head()? else {
            return Ok(Vec::new());
        };
        let tree = self.repo.find_commit(head)?.tree()?;
        let mut names: Vec<AssessmentName> = tree
            .iter()
            .filter_map(|entry| {
                entry
                    .name()
                    .ok()
                    .and_then(|n| n.strip_suffix(SUFFIX))
                    .map(str::to_owned)
            })
            .filter(|stem| !stem.is_empty())
            .map(AssessmentName)
            .collect();
        names.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(names)
    }

    /// The assessment to work on: `name` if given, else the only one.
    pub fn select(&self, name: Option<&str>) -> Result<AssessmentName, StoreError> {
        let all = self.assessments()?;
        let names = || all.iter().map(|n| n.0.clone()).collect::<Vec<_>>();
        match name {
            Some(name) => {
                let stem = name.strip_suffix(SUFFIX).unwrap_or(name);
                all.iter().find(|n| n.0 == stem).cloned().ok_or_else(|| {
                    StoreError::UnknownAssessment {
                        name: name.to_owned(),
                        known: names(),
                    }
                })
            }
            None => match all.as_slice() {
                [] => Err(StoreError::NoAssessment),
                [only] => Ok(only.clone()),
                _ => Err(StoreError::Ambiguous(names())),
            },
        }
    }

    /// The raw bytes of the assessment file at `rev`, or `None` if it has no such file.
    pub fn blob_at(
        &self,
        name: &AssessmentName,
        rev: Oid,
    ) -> Result<Option<(Oid, Vec<u8>)>, StoreError> {
        self.file_at(&name.file_name(), rev)
    }

    /// The raw bytes of file `file` (at the top of the tree) at `rev`.
    pub(crate) fn file_at(
        &self,
        file: &str,
        rev: Oid,
    ) -> Result<Option<(Oid, Vec<u8>)>, StoreError> {
        let tree = self.repo.find_commit(rev)?.tree()?;
        let Some(entry) = tree.get_name(file) else {
            return Ok(None);
        };
        let blob = self.repo.find_blob(entry.id())?;
        Ok(Some((entry.id(), blob.content().to_vec())))
    }

    /// Parses assessment bytes; `origin` names them in messages (`main:service.assessment.toml`).
    pub fn parse(&self, origin: &str, bytes: Vec<u8>) -> Result<Assessment, StoreError> {
        let text = crate::diagnostic::decode_utf8(origin, bytes)
            .map_err(|r| StoreError::Invalid(Box::new(r)))?;
        let loaded = assessment::read(origin, &text, &self.catalog)
            .map_err(|r| StoreError::Invalid(Box::new(r)))?;
        Ok(loaded.assessment)
    }

    /// The assessment as it is at revision `rev`.
    pub fn load_at(&self, name: &AssessmentName, rev: Oid) -> Result<Assessment, StoreError> {
        let short = short_id(rev);
        match self.blob_at(name, rev)? {
            Some((_, bytes)) => self.parse(&format!("{short}:{}", name.file_name()), bytes),
            None => Err(StoreError::UnknownAssessment {
                name: format!("{name}@{short}"),
                known: Vec::new(),
            }),
        }
    }

    /// The form an assessment is written against.
    pub fn form_of(&self, assessment: &Assessment) -> Result<&Form, StoreError> {
        self.catalog
            .form(&assessment.form)
            .map(|entry| &entry.form)
            .map_err(|_| StoreError::UnknownForm(assessment.form.clone()))
    }

    /// The canonical bytes of an assessment.
    pub fn serialize(&self, assessment: &Assessment) -> Result<String, StoreError> {
        Ok(assessment::write(assessment, self.form_of(assessment)?))
    }
}

/// The work tree git refused to open: the first ancestor of `start` with a `.git`.
fn owned_path(start: &Path) -> PathBuf {
    start
        .ancestors()
        .find(|dir| dir.join(".git").exists())
        .unwrap_or(start)
        .to_path_buf()
}

/// The first 8 hex digits of a commit id.
pub fn short_id(oid: Oid) -> String {
    let mut text = oid.to_string();
    text.truncate(8);
    text
}
