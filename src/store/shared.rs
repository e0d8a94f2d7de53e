//! Group-shared repositories: one repository on a team server, each person with their
//! own Unix account.
//!
//! git honours `core.sharedRepository` by fixing the mode of everything it creates;
//! libgit2 ignores it (libgit2 #3733), and so would every file dsw writes itself. So
//! once dsw has opened a shared repository it clears the group bits from the
//! process umask: everything it, libgit2 or the `git gc` it starts creates from
//! then on is group-accessible whatever the person's login umask. Directories in a
//! shared `.git` carry the setgid bit, so new ones inherit the team's group.
//!
//! Drafts are the exception: `.git/dsw/drafts/` is group-writable and sticky, so
//! each person can create their own draft directory (0700) but nobody can rename,
//! replace or delete anyone else's. `.git/dsw/presence/` is the same, its files
//! readable but not writable by the group.

use std::fs;
use std::io;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use super::repo::Store;

/// How a repository is shared between accounts (git's `core.sharedRepository`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sharing {
    /// Only its owner works in it (git's default, `umask`/`false`).
    Private,
    /// The owner's group reads and writes it (`group`/`true`).
    Group,
    /// The group reads and writes it and everyone reads it (`all`/`world`).
    All,
}

impl Sharing {
    /// Reads `core.sharedRepository` the way git does.
    pub fn from_config(value: Option<&str>) -> Sharing {
        let Some(value) = value.map(|v| v.trim().to_ascii_lowercase()) else {
            return Sharing::Private;
        };
        match value.as_str() {
            "group" | "true" | "1" => Sharing::Group,
            "all" | "world" | "everybody" | "2" => Sharing::All,
            octal if octal.starts_with('0') && octal.len() > 1 => {
                match u32::from_str_radix(&octal[1..], 8) {
                    Ok(mode) if mode & 0o002 != 0 || mode & 0o004 != 0 => Sharing::All,
                    Ok(mode) if mode & 0o020 != 0 => Sharing::Group,
                    _ => Sharing::Private,
                }
            }
            _ => Sharing::Private,
        }
    }

    /// Whether other accounts of the group work in the repository.
    pub fn is_shared(self) -> bool {
        self != Sharing::Private
    }

    /// The git config value dsw writes for it.
    pub fn config_value(self) -> &'static str {
        match self {
            Sharing::Private => "false",
            Sharing::Group => "group",
            Sharing::All => "all",
        }
    }

    /// The bits no file dsw creates may lack, besides the owner's.
    fn required_bits(self) -> u32 {
        match self {
            Sharing::Private => 0,
            Sharing::Group => 0o060,
            Sharing::All => 0o064,
        }
    }

    /// Clears from the process umask the bits this sharing needs, so files created
    /// from now on (by dsw, libgit2 or a child `git`) are group-accessible.
    pub(crate) fn apply_umask(self) {
        let needed = self.required_bits() | if self.is_shared() { 0o010 } else { 0 };
        if needed == 0 {
            return;
        }
        use nix::sys::stat::{Mode, umask};
        // umask() both sets and returns: read the current mask, then put back the
        // same mask without the needed bits.
        let current = umask(Mode::from_bits_truncate(0o022));
        let _ = LOGIN_UMASK.set(current.bits());
        let wanted = Mode::from_bits_truncate(current.bits() & !needed);
        umask(wanted);
    }
}

/// The umask the person logged in with, before a shared repository widened it: what
/// files dsw writes for them outside the repository (exports) are made with.
static LOGIN_UMASK: std::sync::OnceLock<u32> = std::sync::OnceLock::new();

/// The person's own umask (see [`LOGIN_UMASK`]).
pub fn login_umask() -> u32 {
    LOGIN_UMASK.get().copied().unwrap_or_else(current_umask)
}

/// The process's current umask (read without changing it).
pub fn current_umask() -> u32 {
    use nix::sys::stat::{Mode, umask};
    let current = umask(Mode::from_bits_truncate(0o022));
    umask(current);
    current.bits()
}

/// The sticky, setgid, group-writable mode of a shared directory whose entries
/// belong to the account that made them (drafts, presence).
pub const STICKY_TEAM_DIR: u32 = 0o3770;
/// The mode of an ordinary directory of a shared repository.
pub const TEAM_DIR: u32 = 0o2770;

impl Store {
    /// How this repository is shared.
    pub fn sharing(&self) -> Sharing {
        self.sharing
    }

    /// Whether several accounts work in this repository.
    pub fn is_shared(&self) -> bool {
        self.sharing.is_shared()
    }

    /// The mode for a file anyone on the team may read and replace (the working-tree
    /// file, dsw's bookkeeping): 0664 on a shared repository, else 0644.
    pub fn team_file_mode(&self) -> u32 {
        match self.sharing {
            Sharing::Private => 0o644,
            Sharing::Group => 0o664,
            Sharing::All => 0o664,
        }
    }

    /// Creates `dir` (and its parents) for dsw's bookkeeping under `.git/dsw/`. On a
    /// shared repository a directory dsw creates is made group-writable and setgid,
    /// and sticky when `sticky` (each entry then belongs to the account that made
    /// it). An existing directory is left as it is: only its owner could change it.
    pub fn team_dir(&self, dir: &Path, sticky: bool) -> io::Result<()> {
        if dir.is_dir() {
            return Ok(());
        }
        if let Some(parent) = dir.parent()
            && !parent.is_dir()
        {
            self.team_dir(parent, false)?;
        }
        match fs::create_dir(dir) {
            Ok(()) => {}
            // Someone else made it at the same moment: theirs is as good.
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => return Ok(()),
            Err(e) => return Err(e),
        }
        if self.is_shared() {
            let mode = if sticky { STICKY_TEAM_DIR } else { TEAM_DIR };
            let mode = if self.sharing == Sharing::All {
                mode | 0o005
            } else {
                mode
            };
            fs::set_permissions(dir, fs::Permissions::from_mode(mode))?;
        }
        Ok(())
    }

    /// The directory that holds every person's drafts.
    pub fn drafts_dir(&self) -> PathBuf {
        self.git_dir().join("dsw").join("drafts")
    }
}

/// What making a repository shared did, and what only someone else can do.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ShareReport {
    /// Paths whose mode or group this account fixed.
    pub fixed: usize,
    /// Paths owned by other accounts that still lack group access.
    pub others: Vec<PathBuf>,
}

/// Makes the repository at `git_dir` (and its working tree top `workdir`) group-shared
/// as `git init --shared=group` would: `core.sharedRepository`, every directory
/// group-writable and setgid with the group of `workdir`, every file group-readable
/// (and group-writable where git would), `.git/dsw/drafts/` sticky. Fixes what this
/// account owns; lists what only the owner or root can fix.
pub fn make_shared(
    repo: &git2::Repository,
    workdir: &Path,
    sharing: Sharing,
) -> Result<ShareReport, super::StoreError> {
    let mut config = repo.config()?.open_level(git2::ConfigLevel::Local)?;
    config.set_str("core.sharedRepository", sharing.config_value())?;
    // git's own files: receive.denyNonFastForwards as `git init --shared` sets it.
    config.set_bool("receive.denyNonFastForwards", true)?;
    sharing.apply_umask();
    let git_dir = repo.path().to_path_buf();
    let group = fs::metadata(workdir)
        .map_err(super::error::io(workdir))?
        .gid();
    let me = nix::unistd::geteuid().as_raw();
    let mut report = ShareReport::default();
    let drafts = git_dir.join("dsw").join("drafts");
    fs::create_dir_all(&drafts).map_err(super::error::io(&drafts))?;
    // Presence files, like drafts, each belong to the account that wrote them; the
    // directory is made here, so its owner is whoever shares the repository.
    let presence = git_dir.join("dsw").join("presence");
    fs::create_dir_all(&presence).map_err(super::error::io(&presence))?;
    let personal = |path: &Path| {
        [&drafts, &presence]
            .iter()
            .any(|d| path.starts_with(d) && path != *d)
    };
    let mut visit = vec![git_dir.clone()];
    // The working tree's top and dsw's files in it: the team replaces the
    // assessment file there after every commit.
    let mut top_level = vec![workdir.to_path_buf()];
    if let Ok(entries) = fs::read_dir(workdir) {
        top_level.extend(entries.flatten().map(|e| e.path()).filter(|p| {
            p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                n == ".gitattributes" || (n.ends_with(super::SUFFIX) && p.is_file())
            })
        }));
    }
    let mut walk = top_level
        .into_iter()
        .map(|p| (p, false))
        .collect::<Vec<_>>();
    while let Some(path) = visit.pop() {
        walk.push((path.clone(), true));
        if let Ok(meta) = fs::symlink_metadata(&path)
            && meta.is_dir()
            && !personal(&path)
            && let Ok(entries) = fs::read_dir(&path)
        {
            visit.extend(entries.flatten().map(|e| e.path()));
        }
    }
    for (path, _) in walk {
        let Ok(meta) = fs::symlink_metadata(&path) else {
            continue;
        };
        if meta.file_type().is_symlink() {
            continue;
        }
        let is_dir = meta.is_dir();
        // A person's own draft directory and files stay private; presence files
        // keep the mode their writer gave them.
        if personal(&path) {
            continue;
        }
        let mode = meta.mode() & 0o7777;
        // Directories whose entries belong to their makers are sticky: nobody
        // renames or removes another account's draft directory or presence file
        // (nor, through `.git/dsw`, the directories that hold them).
        let sticky = path == drafts || path == presence || path == git_dir.join("dsw");
        let wanted = if sticky {
            mode | 0o3070 | if sharing == Sharing::All { 0o005 } else { 0 }
        } else if is_dir {
            mode | 0o2070 | if sharing == Sharing::All { 0o005 } else { 0 }
        } else {
            // Read-only files (objects, packs) stay read-only for the group too.
            let group_write = if mode & 0o200 != 0 { 0o020 } else { 0 };
            mode | 0o040 | group_write | if sharing == Sharing::All { 0o004 } else { 0 }
        };
        let wrong_group = meta.gid() != group;
        if mode == wanted && !wrong_group {
            continue;
        }
        if meta.uid() != me && me != 0 {
            report.others.push(path);
            continue;
        }
        if wrong_group {
            let _ = nix::unistd::chown(&path, None, Some(nix::unistd::Gid::from_raw(group)));
        }
        fs::set_permissions(&path, fs::Permissions::from_mode(wanted))
            .map_err(super::error::io(&path))?;
        report.fixed += 1;
    }
    report.others.sort();
    Ok(report)
}

/// The name of group `gid` (or the number, when it has none).
pub fn group_name(gid: u32) -> String {
    match nix::unistd::Group::from_gid(nix::unistd::Gid::from_raw(gid)) {
        Ok(Some(group)) => group.name,
        _ => gid.to_string(),
    }
}

/// The one command an administrator runs to give `group` access to everything in
/// the repository that its owners could not fix — `.git` (people's drafts and
/// presence files left as they are), the working tree's top and dsw's files in it —
/// with the same modes `dsw init --shared` gives: directories group-writable and
/// setgid, files group-readable (group-writable where the owner may write), the
/// directories whose entries belong to their makers sticky.
pub fn admin_fix_command(git_dir: &Path, workdir: &Path, group: &str) -> String {
    let q = super::trust::shell_quote;
    // Written without a trailing slash, so `find -path` patterns match what find prints.
    let git: PathBuf = git_dir.components().collect();
    let top: PathBuf = workdir.components().collect();
    let g = git.display().to_string();
    let keep = format!(
        "\\( -path {} -o -path {} \\) -prune -o",
        q(&format!("{g}/dsw/drafts/*")),
        q(&format!("{g}/dsw/presence/*"))
    );
    let find = |rest: &str| format!("sudo find {} {keep} {rest}", q(&g));
    let w = top.display().to_string();
    let files = format!(
        "{}/*{} {}",
        q(&w),
        super::SUFFIX,
        q(&format!("{w}/.gitattributes"))
    );
    [
        find(&format!("-exec chgrp {} {{}} +", q(group))),
        find("-type d -exec chmod g+rwxs {} +"),
        find("-type f -exec chmod g+r {} +"),
        find("-type f -perm -u+w -exec chmod g+w {} +"),
        format!(
            "sudo chmod g+rwxs,+t {} {} {}",
            q(&format!("{g}/dsw")),
            q(&format!("{g}/dsw/drafts")),
            q(&format!("{g}/dsw/presence"))
        ),
        format!("sudo chgrp {} {} {files}", q(group), q(&w)),
        format!("sudo chmod g+rwxs {}", q(&w)),
        format!("sudo chmod g+rw {files}"),
    ]
    .join(" && ")
}

impl Store {
    /// The group the team shares the repository with: the working tree's group.
    pub fn team_group(&self) -> Option<u32> {
        fs::metadata(self.workdir()).ok().map(|m| m.gid())
    }

    /// Makes this repository group-shared (`dsw init --shared` in an existing
    /// repository); see [`make_shared`].
    pub fn share(&mut self) -> Result<ShareReport, super::StoreError> {
        let sharing = if self.sharing.is_shared() {
            self.sharing
        } else {
            Sharing::Group
        };
        let workdir = self.workdir().to_path_buf();
        let report = make_shared(&self.repo, &workdir, sharing)?;
        self.sharing = sharing;
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn git_values_of_shared_repository_are_read_like_git() {
        assert_eq!(Sharing::from_config(None), Sharing::Private);
        assert_eq!(Sharing::from_config(Some("group")), Sharing::Group);
        assert_eq!(Sharing::from_config(Some("true")), Sharing::Group);
        assert_eq!(Sharing::from_config(Some("1")), Sharing::Group);
        assert_eq!(Sharing::from_config(Some("world")), Sharing::All);
        assert_eq!(Sharing::from_config(Some("umask")), Sharing::Private);
        assert_eq!(Sharing::from_config(Some("false")), Sharing::Private);
        assert_eq!(Sharing::from_config(Some("0660")), Sharing::Group);
        assert_eq!(Sharing::from_config(Some("0664")), Sharing::All);
        assert_eq!(Sharing::from_config(Some("0600")), Sharing::Private);
    }
}
