//! Locks between dsw processes: serialise a read-modify-write (the same person's TUI
//! and CLI on one draft; two commits syncing the working tree).
//!
//! An advisory `flock(2)` on a lock file that is never removed: the kernel releases
//! it when its process exits, however it exits, so a killed process leaves nothing
//! to take over — and no process can ever remove a lock another one holds (a lock
//! *file* taken over as "stale" by path can be a live one that replaced it).

use std::fs::{File, OpenOptions};
use std::io;
use std::path::Path;
use std::time::{Duration, Instant};

use nix::errno::Errno;
use nix::fcntl::{Flock, FlockArg};

/// A held lock, released when dropped (or when the process ends).
pub struct Lock {
    _held: Flock<File>,
}

/// Takes the lock at `path`, waiting up to `patience`; `None` if it stayed held or
/// could not be made.
pub fn acquire(path: &Path, patience: Duration) -> Option<Lock> {
    try_acquire(path, patience, 0o644).ok().flatten()
}

/// Takes the lock at `path` (made with `mode` if missing), waiting up to `patience`:
/// `Ok(None)` if another process held it all along, an error if the lock file cannot
/// be opened at all (no permission, a full disk) — which no amount of waiting would
/// change.
pub fn try_acquire(path: &Path, patience: Duration, mode: u32) -> io::Result<Option<Lock>> {
    let mut file = open(path, mode)?;
    let started = Instant::now();
    let mut pause = Duration::from_millis(2);
    loop {
        match Flock::lock(file, FlockArg::LockExclusiveNonblock) {
            Ok(held) => return Ok(Some(Lock { _held: held })),
            Err((back, Errno::EINTR)) => file = back,
            Err((back, Errno::EWOULDBLOCK)) => {
                if started.elapsed() >= patience {
                    return Ok(None);
                }
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(25));
                file = back;
            }
            Err((_, errno)) => return Err(io::Error::from(errno)),
        }
    }
}

/// The lock file, opened for reading (which is all `flock` needs, so a file another
/// account made serves everyone who may read it); made when missing.
fn open(path: &Path, mode: u32) -> io::Result<File> {
    match File::open(path) {
        Ok(file) => Ok(file),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            let mut options = OpenOptions::new();
            options.read(true).write(true).create(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                options.mode(mode);
            }
            #[cfg(not(unix))]
            let _ = mode;
            options.open(path)
        }
        Err(e) => Err(e),
    }
}

/// Whether process `pid` exists on this machine, another account's included: signal
/// 0 checks without sending anything, and EPERM means it exists but is not ours
/// (`/proc` may hide other accounts' processes: `hidepid`).
pub fn process_alive(pid: u32) -> bool {
    use nix::sys::signal::kill;
    use nix::unistd::Pid;
    let Ok(raw) = i32::try_from(pid) else {
        return false;
    };
    if raw <= 0 {
        return false;
    }
    !matches!(kill(Pid::from_raw(raw), None), Err(Errno::ESRCH))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_held_lock_is_exclusive_and_released_on_drop() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.lock");
        let held = acquire(&path, Duration::ZERO).expect("free");
        assert!(acquire(&path, Duration::from_millis(20)).is_none());
        drop(held);
        assert!(acquire(&path, Duration::ZERO).is_some());
        assert!(
            path.exists(),
            "the file stays: nobody ever unlinks a live lock"
        );
    }

    #[test]
    fn a_lock_file_left_by_an_old_dsw_is_no_obstacle() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.lock");
        std::fs::write(&path, "12345").unwrap();
        assert!(acquire(&path, Duration::ZERO).is_some());
    }
}
