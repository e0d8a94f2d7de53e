//! Whether to trust a repository that belongs to another account: the same rule and
//! the same `safe.directory` settings as the `git` on `PATH`.
//!
//! libgit2 has an ownership check of its own, but it reads only the system config
//! file it was built with: with git installed under `/usr/local`, an administrator's
//! `git config --system --add safe.directory …` (written to
//! `/usr/local/etc/gitconfig`) fixes git and not libgit2. So dsw turns libgit2's
//! check off and applies git's rule itself, asking `git` for the settings.

#![allow(unsafe_code)]

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Once;

/// Turns off libgit2's own ownership check, once, before the first repository is
/// opened: [`trusted`] replaces it. Whoever opens a repository without [`Store`]
/// (the doctor, `dsw init` looking for an enclosing repository) calls this first.
///
/// [`Store`]: super::Store
pub fn disable_libgit2_owner_check() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // SAFETY: `set_verify_owner_validation` writes one global flag of libgit2.
        // It is called once, through this `Once`, before this process opens any
        // repository (every open in dsw goes through `Store`, which calls this
        // first), so no other thread is reading the flag while it is written.
        let _ = unsafe { git2::opts::set_verify_owner_validation(false) };
    });
}

/// Whether this account may work in the repository whose working tree is `workdir`
/// and git directory `git_dir` (either may not exist yet, for `dsw init`): both are
/// owned by this account, or git's `safe.directory` lists the working tree.
pub fn trusted(workdir: &Path, git_dir: Option<&Path>) -> bool {
    let owned = |path: &Path| match std::fs::metadata(path) {
        Ok(meta) => owned_by_me(meta.uid()),
        // Not there yet: it will be created by, and belong to, this account.
        Err(_) => true,
    };
    if owned(workdir) && git_dir.is_none_or(owned) {
        return true;
    }
    listed(workdir, &safe_directories())
}

/// git's rule: the owner is this account; as root under sudo, also the account that
/// ran sudo.
fn owned_by_me(owner: u32) -> bool {
    let me = nix::unistd::geteuid().as_raw();
    if owner == me {
        return true;
    }
    me == 0
        && std::env::var("SUDO_UID")
            .ok()
            .and_then(|uid| uid.parse::<u32>().ok())
            .is_some_and(|uid| uid == owner)
}

/// The `safe.directory` values in force, in order, from the protected scopes git
/// reads them from (system, global, command line; never a repository's own config).
fn safe_directories() -> Vec<String> {
    let output = Command::new("git")
        .args([
            "config",
            "--show-scope",
            "--includes",
            "--get-all",
            "safe.directory",
        ])
        .current_dir("/")
        .env("GIT_CEILING_DIRECTORIES", "/")
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output();
    match output {
        Ok(output) if output.status.success() || output.status.code() == Some(1) => {
            String::from_utf8_lossy(&output.stdout)
                .lines()
                .filter_map(|line| line.split_once('\t'))
                .filter(|(scope, _)| matches!(*scope, "system" | "global" | "command"))
                .map(|(_, value)| value.to_owned())
                .collect()
        }
        // No git on PATH: what libgit2 finds in its own system and global files.
        _ => libgit2_safe_directories(),
    }
}

fn libgit2_safe_directories() -> Vec<String> {
    let Ok(config) = git2::Config::open_default() else {
        return Vec::new();
    };
    let mut values = Vec::new();
    if let Ok(mut entries) = config.multivar("safe.directory", None) {
        while let Some(Ok(entry)) = entries.next() {
            if matches!(
                entry.level(),
                git2::ConfigLevel::System
                    | git2::ConfigLevel::XDG
                    | git2::ConfigLevel::Global
                    | git2::ConfigLevel::ProgramData
            ) && let Ok(value) = entry.value()
            {
                values.push(value.to_owned());
            }
        }
    }
    values
}

/// git's matching of `safe.directory` values against a working tree: an empty value
/// resets the list, `*` trusts everything, `DIR/*` trusts everything below DIR, any
/// other value is compared as a path (both sides resolved to real paths).
fn listed(workdir: &Path, values: &[String]) -> bool {
    let target = normalise(workdir);
    let mut safe = false;
    for value in values {
        if value.is_empty() {
            safe = false;
            continue;
        }
        if value == "*" {
            safe = true;
            continue;
        }
        if let Some(prefix) = value.strip_suffix("/*") {
            let prefix = normalise(Path::new(prefix));
            if target.starts_with(&prefix) {
                safe = true;
            }
            continue;
        }
        if normalise(Path::new(value)) == target {
            safe = true;
        }
    }
    safe
}

fn normalise(path: &Path) -> PathBuf {
    let text = path.to_string_lossy();
    let trimmed = text.trim_end_matches('/');
    let path = Path::new(if trimmed.is_empty() { "/" } else { trimmed });
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// The commands that let this account work in `workdir`, for messages: its own
/// one-time setting, and the administrator's for everyone.
pub fn fix_commands(workdir: &Path) -> (String, String) {
    let path = shell_quote(&normalise(workdir).display().to_string());
    (
        format!("git config --global --add safe.directory {path}"),
        format!("sudo git config --system --add safe.directory {path}"),
    )
}

/// Quotes a path for a POSIX shell when it needs it.
pub fn shell_quote(text: &str) -> String {
    if !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+:@%".contains(c))
    {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_directory_values_match_like_git() {
        let dir = tempfile::tempdir().unwrap();
        let repo = dir.path().join("plan");
        std::fs::create_dir(&repo).unwrap();
        let exact = repo.display().to_string();
        let below = format!("{}/*", dir.path().display());
        assert!(listed(&repo, std::slice::from_ref(&exact)));
        assert!(listed(&repo, &[format!("{exact}/")]));
        assert!(listed(&repo, &["*".into()]));
        assert!(listed(&repo, &[below]));
        assert!(!listed(&repo, &[exact.clone(), String::new()]));
        assert!(!listed(&repo, &["/elsewhere".into()]));
        assert!(!listed(&repo, &[]));
    }

    #[test]
    fn paths_are_quoted_for_the_shell_only_when_needed() {
        assert_eq!(shell_quote("/srv/dsw/plan"), "/srv/dsw/plan");
        assert_eq!(shell_quote("/srv/my plan"), "'/srv/my plan'");
        assert_eq!(shell_quote("/srv/it's"), r"'/srv/it'\''s'");
    }
}
