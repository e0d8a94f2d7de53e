//! Keeping the repository packed. dsw writes objects with libgit2, which never runs
//! git's automatic housekeeping; without it every revision stays a loose file and
//! reading history slows down as it grows. After each commit dsw asks git to do what
//! it does after its own commits: `git gc --auto`, which returns at once unless there
//! is enough to pack.

use std::path::Path;
use std::process::{Command, Stdio};

/// Starts `git gc --auto --quiet` in the background for the repository at `workdir`
/// and does not wait for it. Without a `git` program this does nothing: packing is
/// an optimisation, never needed for correctness.
pub fn pack_in_background(workdir: &Path) {
    let child = Command::new("git")
        .args(["gc", "--auto", "--quiet"])
        .current_dir(workdir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    // Reaped on a thread of its own, so a long-running workbench collects no zombies.
    if let Ok(mut child) = child {
        std::thread::spawn(move || {
            let _ = child.wait();
        });
    }
}
