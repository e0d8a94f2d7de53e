//! Small lock files under `.git/dsw/`: serialise a read-modify-write between dsw
//! processes (the same user's TUI and CLI, two commits syncing the working tree).
//! A lock left behind by a killed process is taken over once it is clearly stale.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

/// A held lock; the file is removed when this is dropped.
pub struct Lock(PathBuf);

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Older than this, a lock file belongs to a process that died.
const STALE: Duration = Duration::from_secs(10);

/// Takes the lock at `path`, waiting up to `patience`; `None` if it stayed held.
pub fn acquire(path: &Path, patience: Duration) -> Option<Lock> {
    try_acquire(path, patience).ok()
}

/// Why a lock was not taken.
#[derive(Debug)]
pub enum Refused {
    /// Another process held it for all of the patience.
    Busy,
    /// The lock file cannot be created at all (a read-only or missing directory, a
    /// full disk): waiting would not help, and the reason is worth telling.
    Io(std::io::Error),
}

/// Takes the lock at `path`, waiting up to `patience`; says why when it cannot.
pub fn try_acquire(path: &Path, patience: Duration) -> Result<Lock, Refused> {
    let started = Instant::now();
    let mut pause = Duration::from_millis(2);
    loop {
        match OpenOptions::new().write(true).create_new(true).open(path) {
            Ok(mut file) => {
                // The owner's process id, so a lock left by a killed process can be
                // recognised at once rather than after it goes stale.
                let _ = write!(file, "{}", std::process::id());
                return Ok(Lock(path.to_path_buf()));
            }
            Err(error) if error.kind() != std::io::ErrorKind::AlreadyExists => {
                return Err(Refused::Io(error));
            }
            Err(_) => {
                let old = std::fs::metadata(path)
                    .and_then(|m| m.modified())
                    .is_ok_and(|t| SystemTime::now().duration_since(t).unwrap_or_default() > STALE);
                let stale = old || owner_is_gone(path);
                if stale {
                    let _ = std::fs::remove_file(path);
                    continue;
                }
                if started.elapsed() >= patience {
                    return Err(Refused::Busy);
                }
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(25));
            }
        }
    }
}

/// Whether the process that wrote the lock has exited (Linux: no `/proc/PID`), or
/// died between creating it and writing its id (empty for over a second).
fn owner_is_gone(path: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(path) else {
        return false;
    };
    let Ok(pid) = text.trim().parse::<u32>() else {
        return std::fs::metadata(path)
            .and_then(|m| m.modified())
            .is_ok_and(|t| {
                SystemTime::now().duration_since(t).unwrap_or_default() > Duration::from_secs(1)
            });
    };
    let proc = Path::new("/proc");
    proc.is_dir() && !proc.join(pid.to_string()).exists()
}
