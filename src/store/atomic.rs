//! Writing files so that a crash, a kill or a full disk never leaves half a file:
//! write a temporary file beside the target, fsync it, rename it over the target.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::Path;

/// Replaces `path` with `bytes` atomically. `mode` sets the new file's permissions
/// (Unix); the temporary file never has looser ones.
pub fn write(path: &Path, bytes: &[u8], mode: u32) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    remove_stale_temporaries(dir, &name);
    let result = (|| {
        let mut file = create(&temp, mode)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&temp, path)?;
        // Make the rename itself durable.
        if let Ok(dir) = File::open(dir) {
            let _ = dir.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

/// Writes a file a person named (`dsw export -o PATH`) the way they mean it, never
/// replacing something that is not an ordinary file:
///
/// - nothing there: a new file (mode `mode` less the umask), written atomically;
/// - a regular file: replaced atomically, keeping its mode, and its owner and group
///   where this account may set them; one with several hard links is rewritten in
///   place so every name sees the new content;
/// - a symlink: its target is written, by these same rules;
/// - a device, FIFO or other special file: written through, in place (a FIFO's
///   reader receives the bytes, a device node stays a device node);
/// - a directory: an error.
pub fn write_through(path: &Path, bytes: &[u8], mode: u32) -> io::Result<()> {
    let path = resolve_symlinks(path)?;
    let meta = match fs::metadata(&path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            // A new file gets the person's own umask, not the one a shared
            // repository widened for its own files.
            let mode = mode & !super::shared::login_umask();
            write(&path, bytes, mode)?;
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                fs::set_permissions(&path, fs::Permissions::from_mode(mode))?;
            }
            return Ok(());
        }
        Err(e) => return Err(e),
    };
    if meta.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::IsADirectory,
            "is a directory",
        ));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if meta.is_file() && meta.nlink() <= 1 {
            write(&path, bytes, meta.mode() & 0o7777)?;
            // The replacement belongs to whoever wrote it; give it back to the old
            // owner where allowed (root, or the group for an owner in it).
            let _ = nix::unistd::chown(
                &path,
                Some(nix::unistd::Uid::from_raw(meta.uid())),
                Some(nix::unistd::Gid::from_raw(meta.gid())),
            );
            let _ = nix::unistd::chown(&path, None, Some(nix::unistd::Gid::from_raw(meta.gid())));
            // chown may clear setuid/setgid bits; put the mode back exactly.
            use std::os::unix::fs::PermissionsExt;
            let _ = fs::set_permissions(&path, fs::Permissions::from_mode(meta.mode() & 0o7777));
            return Ok(());
        }
    }
    #[cfg(not(unix))]
    if meta.is_file() {
        return write(&path, bytes, mode);
    }
    // A hard-linked file or a special file: write in place.
    let mut file = OpenOptions::new()
        .write(true)
        .truncate(meta.is_file())
        .open(&path)?;
    file.write_all(bytes)?;
    if meta.is_file() {
        file.sync_all()?;
    } else {
        file.flush()?;
    }
    Ok(())
}

/// Follows `path` through symlinks (up to 40, like the kernel) to what they point at,
/// which may not exist yet.
fn resolve_symlinks(path: &Path) -> io::Result<std::path::PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = fs::read_link(&current)?;
                current = match current.parent() {
                    Some(parent) if target.is_relative() => parent.join(target),
                    _ => target,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

/// Removes temporaries of `name` left in `dir` by writers that were killed between
/// creating and renaming them (`.NAME.PID.tmp` whose process is gone).
fn remove_stale_temporaries(dir: &Path, name: &str) {
    let prefix = format!(".{name}.");
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name();
        let Some(pid) = file
            .to_str()
            .and_then(|f| f.strip_prefix(&prefix))
            .and_then(|rest| rest.strip_suffix(".tmp"))
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        if pid != std::process::id() && !super::lock::process_alive(pid) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

#[cfg(unix)]
fn create(path: &Path, mode: u32) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(mode)
        .open(path)
}

#[cfg(not(unix))]
fn create(path: &Path, _mode: u32) -> io::Result<File> {
    OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(path)
}

/// Creates `dir` (and parents) with permissions `mode` on the last component.
pub fn create_private_dir(dir: &Path, mode: u32) -> io::Result<()> {
    fs::create_dir_all(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(dir, fs::Permissions::from_mode(mode))?;
    }
    #[cfg(not(unix))]
    let _ = mode;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_temporary_left_by_a_killed_writer_is_removed_by_the_next_write() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.toml");
        // A process id that cannot be running (above Linux's pid_max).
        let stale = dir.path().join(".f.toml.4194305.tmp");
        fs::write(&stale, "half").unwrap();
        let other = dir.path().join(".g.toml.4194305.tmp");
        fs::write(&other, "someone else's").unwrap();
        write(&path, b"whole", 0o600).unwrap();
        assert!(!stale.exists());
        assert!(other.exists(), "only this file's temporaries are touched");
    }

    #[cfg(unix)]
    #[test]
    fn write_through_keeps_what_is_at_the_path() {
        use std::os::unix::fs::{FileTypeExt, MetadataExt};
        let dir = tempfile::tempdir().unwrap();
        // A private file stays private.
        let private = dir.path().join("private.md");
        write(&private, b"old", 0o600).unwrap();
        write_through(&private, b"new", 0o644).unwrap();
        assert_eq!(fs::read(&private).unwrap(), b"new");
        assert_eq!(fs::metadata(&private).unwrap().mode() & 0o777, 0o600);
        // A symlink stays a symlink; its target gets the bytes.
        let target = dir.path().join("target.md");
        fs::write(&target, "old").unwrap();
        let link = dir.path().join("link.md");
        std::os::unix::fs::symlink("target.md", &link).unwrap();
        write_through(&link, b"via link", 0o644).unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read(&target).unwrap(), b"via link");
        // A dangling symlink: its target is created.
        let dangling = dir.path().join("dangling.md");
        std::os::unix::fs::symlink("made.md", &dangling).unwrap();
        write_through(&dangling, b"made", 0o644).unwrap();
        assert_eq!(fs::read(dir.path().join("made.md")).unwrap(), b"made");
        // A hard link keeps both names on the same content.
        let first = dir.path().join("first.md");
        fs::write(&first, "old").unwrap();
        let second = dir.path().join("second.md");
        fs::hard_link(&first, &second).unwrap();
        write_through(&second, b"both", 0o644).unwrap();
        assert_eq!(fs::read(&first).unwrap(), b"both");
        // A FIFO's reader gets the bytes; the FIFO stays a FIFO.
        let fifo = dir.path().join("pipe");
        nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::from_bits_truncate(0o600)).unwrap();
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || fs::read(&fifo).unwrap())
        };
        write_through(&fifo, b"through the pipe", 0o644).unwrap();
        assert_eq!(reader.join().unwrap(), b"through the pipe");
        assert!(fs::metadata(&fifo).unwrap().file_type().is_fifo());
        // A directory is refused.
        assert!(write_through(dir.path(), b"x", 0o644).is_err());
    }

    #[test]
    fn replaces_the_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.toml");
        write(&path, b"one", 0o600).unwrap();
        write(&path, b"two", 0o600).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                fs::metadata(&path).unwrap().permissions().mode() & 0o777,
                0o600
            );
        }
    }
}
