//! Presence: who has the editor open on which field, so teammates on the same server
//! see it — without a server process.
//!
//! While a person edits a field in the workbench, their process keeps a small file in
//! `.git/dsw/presence/` (one per editing process, `<host>.<pid>.<n>.toml`): who
//! (the draft user and the Unix account), where (host and process id), which
//! assessment and field (a [`FieldPath`](crate::diff::FieldPath) text: `7.3.2`,
//! `brics/<table>/<stakeholder>/<cell>`), and since when. A [`PresenceGuard`] writes
//! it, touches it every [`REFRESH`] on a thread of its own (so a slow disk never
//! delays the interface), moves it to another field, and removes it when dropped.
//!
//! [`Store::editing`] lists the fresh records of an assessment. A record is stale
//! when its file was not touched for [`STALE`], or when it was written on this host
//! by a process that no longer exists (a crash, `kill -9`): stale records are
//! ignored and removed where this account may remove them. On a shared repository
//! the directory is sticky, so each file belongs to its account: nobody can remove or
//! replace anyone else's. The account shown is the file's owner, whatever the file
//! says. Everything read from these files is untrusted: unreadable or malformed files
//! are skipped, and their text is shown only through
//! [`visible`](crate::safe_text::visible).

use std::fs;
use std::io;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, mpsc};
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::error::{StoreError, io};
use super::repo::{AssessmentName, Store};

/// How often an editing process touches its presence file.
pub const REFRESH: Duration = Duration::from_secs(2);

/// A presence file not touched for this long belongs to a process that is gone (or
/// hung): it is ignored.
pub const STALE: Duration = Duration::from_secs(10);

/// Presence files larger than this are not presence files: skipped unread.
const MAX_FILE: u64 = 4096;

/// The version written in presence files; others are skipped.
const VERSION: u32 = 1;

/// How long dropping a guard waits for its thread to remove the file.
const DROP_PATIENCE: Duration = Duration::from_millis(500);

/// Someone editing a field of an assessment, as read from a presence file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Presence {
    /// The file's name without `.toml`: unique per editing process and field session.
    pub id: String,
    /// The draft user (`--user` / `DSW_USER`, else the login): who the team knows.
    pub user: String,
    /// The Unix account whose process it is (the file's owner where known).
    pub account: String,
    /// The host the process runs on.
    pub host: String,
    /// The process id on that host.
    pub pid: u32,
    /// The assessment's file stem.
    pub assessment: String,
    /// The field, as a [`FieldPath`](crate::diff::FieldPath) text.
    pub field: String,
    /// Seconds since the epoch when the editor was opened on this field.
    pub since: i64,
    /// Seconds since the epoch when the process last refreshed the file.
    pub updated: i64,
}

impl Presence {
    /// Whether this record was written by `user` from the account `login` — the
    /// same person in another window.
    pub fn is_by(&self, user: &str, login: &str) -> bool {
        self.user == user && self.account == login
    }

    /// Who, as people are shown it: the draft user, and the account (the file's
    /// owner) when it is not the same name — so a record another account wrote in
    /// someone else's name, or a look-alike name, gives itself away.
    pub fn who(&self) -> String {
        if self.user == self.account {
            self.user.clone()
        } else {
            format!("{}({})", self.user, self.account)
        }
    }
}

/// The content of a presence file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Record {
    version: u32,
    user: String,
    account: String,
    host: String,
    pid: u32,
    assessment: String,
    field: String,
    since: i64,
}

impl Record {
    fn text(&self) -> String {
        let body = toml::to_string(self).unwrap_or_default();
        format!(
            "# dsw presence: who is editing which field. Removed when the editor closes; \
             ignored when not refreshed for {} s.\n{body}",
            STALE.as_secs()
        )
    }

    /// Whether the record says something usable: names present, a real process id
    /// and a field path dsw knows.
    fn is_sane(&self) -> bool {
        let short = |text: &str| !text.trim().is_empty() && text.len() <= 256;
        self.version == VERSION
            && short(&self.user)
            && short(&self.account)
            && short(&self.assessment)
            && short(&self.field)
            && self.host.len() <= 256
            && self.pid > 0
            && i32::try_from(self.pid).is_ok()
            && self.field.parse::<crate::diff::FieldPath>().is_ok()
    }
}

/// What the guard's thread is told: the record to keep, and whether to stop.
struct State {
    record: Record,
    /// Bumped at every move, so the thread knows to rewrite.
    version: u64,
    stop: bool,
}

/// Keeps this process's presence file fresh while alive; removes it when dropped.
pub struct PresenceGuard {
    id: String,
    path: PathBuf,
    shared: Arc<(Mutex<State>, Condvar)>,
    done: Option<mpsc::Receiver<()>>,
    thread: Option<JoinHandle<()>>,
}

impl PresenceGuard {
    /// The presence file's id (its name without `.toml`), as [`Presence::id`]
    /// shows it: lets a process recognise its own record in [`Store::editing`].
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The presence file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Moves the presence to another field (the editor opened elsewhere); written
    /// by the guard's thread, so this never waits for the disk.
    pub fn move_to(&self, field: &str) {
        let (lock, wake) = &*self.shared;
        let mut state = lock.lock().unwrap_or_else(|e| e.into_inner());
        if state.record.field == field {
            return;
        }
        state.record.field = field.to_owned();
        state.record.since = now();
        state.version += 1;
        wake.notify_all();
    }

    /// The field announced now.
    pub fn field(&self) -> String {
        let (lock, _) = &*self.shared;
        let state = lock.lock().unwrap_or_else(|e| e.into_inner());
        state.record.field.clone()
    }
}

impl Drop for PresenceGuard {
    fn drop(&mut self) {
        {
            let (lock, wake) = &*self.shared;
            let mut state = lock.lock().unwrap_or_else(|e| e.into_inner());
            state.stop = true;
            wake.notify_all();
        }
        // Wait a little for the thread to remove the file (so a quitting process
        // leaves nothing behind); a disk that hangs is left to the thread.
        let removed = self
            .done
            .take()
            .is_some_and(|done| done.recv_timeout(DROP_PATIENCE).is_ok());
        if removed && let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Distinguishes the guards of one process.
static SEQUENCE: AtomicU64 = AtomicU64::new(0);

/// A number no other account can predict: std's per-process random hash keys over
/// the time, the process and the sequence.
fn unguessable(pid: u32, n: u64) -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u32(pid);
    hasher.write_u64(n);
    hasher.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default(),
    );
    hasher.finish()
}

impl Store {
    /// The directory of presence files.
    pub fn presence_dir(&self) -> PathBuf {
        self.git_dir().join("dsw").join("presence")
    }

    /// Announces that `user` has the editor open on `field` (a
    /// [`FieldPath`](crate::diff::FieldPath) text) of `name`: writes the presence
    /// file now and keeps it fresh until the guard is dropped.
    pub fn announce(
        &self,
        name: &AssessmentName,
        user: &str,
        field: &str,
    ) -> Result<PresenceGuard, StoreError> {
        let dir = self.presence_dir();
        self.team_dir(&dir, true).map_err(io(&dir))?;
        let host = host();
        let pid = std::process::id();
        let record = Record {
            version: VERSION,
            user: user.to_owned(),
            account: super::Account::current().login,
            host,
            pid,
            assessment: name.0.clone(),
            field: field.to_owned(),
            since: now(),
        };
        // Readable by the team, writable by its account only: a group-writable
        // file in a sticky directory could not be removed by others, but it could be
        // overwritten.
        let mode = self.team_file_mode() & !0o022;
        // The name ends in a token nobody can guess, so no one can take it first (in
        // the sticky directory a file another account made could not be replaced);
        // should one be taken anyway, the next token serves.
        let mut attempt = 0;
        let (id, path) = loop {
            let n = SEQUENCE.fetch_add(1, Ordering::Relaxed);
            let id = format!(
                "{}.{pid}.{n}.{:016x}",
                file_safe(&record.host),
                unguessable(pid, n)
            );
            let path = dir.join(format!("{id}.toml"));
            attempt += 1;
            if path.exists() && attempt < 8 {
                continue;
            }
            match super::atomic::write(&path, record.text().as_bytes(), mode) {
                Ok(()) => break (id, path),
                Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied && attempt < 8 => {}
                Err(e) => return Err(io(&path)(e)),
            }
        };
        let shared = Arc::new((
            Mutex::new(State {
                record,
                version: 0,
                stop: false,
            }),
            Condvar::new(),
        ));
        let (done_sender, done) = mpsc::channel();
        let thread = {
            let shared = Arc::clone(&shared);
            let path = path.clone();
            std::thread::Builder::new()
                .name("dsw-presence".into())
                .spawn(move || keep_fresh(&path, mode, &shared, &done_sender))
        };
        let thread = match thread {
            Ok(thread) => thread,
            Err(error) => {
                let _ = fs::remove_file(&path);
                return Err(io(&path)(error));
            }
        };
        Ok(PresenceGuard {
            id,
            path,
            shared,
            done: Some(done),
            thread: Some(thread),
        })
    }

    /// Who is editing which field of `name` now: the fresh presence records, ordered
    /// by field, then by when they started. Stale records are left out (and removed
    /// where this account may); unreadable and malformed files are skipped.
    pub fn editing(&self, name: &AssessmentName) -> Vec<Presence> {
        let dir = self.presence_dir();
        let Ok(entries) = fs::read_dir(&dir) else {
            return Vec::new();
        };
        let here = host();
        let mut found = Vec::new();
        for entry in entries.flatten() {
            let file_name = entry.file_name();
            let Some(id) = file_name
                .to_str()
                .filter(|n| !n.starts_with('.'))
                .and_then(|n| n.strip_suffix(".toml"))
            else {
                continue;
            };
            let path = entry.path();
            if let Some(presence) = read_presence(&path, id, &here)
                && presence.assessment == name.0
            {
                found.push(presence);
            }
        }
        found.sort_by(|a, b| {
            (&a.field, a.since, &a.user, &a.id).cmp(&(&b.field, b.since, &b.user, &b.id))
        });
        found
    }
}

/// Reads one presence file: `None` when it is not a fresh, well-formed record (a
/// stale one is removed if this account may).
fn read_presence(path: &Path, id: &str, here: &str) -> Option<Presence> {
    // Never follow a link: only plain, small files are presence files.
    let meta = fs::symlink_metadata(path).ok()?;
    if !meta.file_type().is_file() || meta.len() > MAX_FILE {
        return None;
    }
    let touched = meta.modified().ok()?;
    if !is_fresh(touched, SystemTime::now()) {
        let _ = fs::remove_file(path);
        return None;
    }
    let text = fs::read_to_string(path).ok()?;
    let record: Record = toml::from_str(&text).ok()?;
    if !record.is_sane() {
        return None;
    }
    if record.host == here && !super::lock::process_alive(record.pid) {
        let _ = fs::remove_file(path);
        return None;
    }
    // The file's owner is who wrote it; what the file says could be anyone.
    let account = owner_login(meta.uid()).unwrap_or(record.account);
    Some(Presence {
        id: id.to_owned(),
        user: record.user,
        account,
        host: record.host,
        pid: record.pid,
        assessment: record.assessment,
        field: record.field,
        since: record.since,
        updated: seconds(touched),
    })
}

/// Whether a file touched at `touched` is fresh at `now`: not older than [`STALE`],
/// and not dated further in the future than that either (a clock gone wrong must
/// not keep a record alive for ever).
fn is_fresh(touched: SystemTime, now: SystemTime) -> bool {
    match now.duration_since(touched) {
        Ok(age) => age <= STALE,
        Err(ahead) => ahead.duration() <= STALE,
    }
}

/// The guard's thread: touch the file every [`REFRESH`], rewrite it when the field
/// moves (or when it went missing), remove it when told to stop.
fn keep_fresh(path: &Path, mode: u32, shared: &(Mutex<State>, Condvar), done: &mpsc::Sender<()>) {
    let (lock, wake) = shared;
    // The version last tried, and whether that try reached the disk.
    let mut tried = 0;
    let mut on_disk = true;
    loop {
        let (record, version, stop) = {
            let state = lock.lock().unwrap_or_else(|e| e.into_inner());
            let (state, _) = wake
                .wait_timeout_while(state, REFRESH, |s| !s.stop && s.version == tried)
                .unwrap_or_else(|e| e.into_inner());
            (state.record.clone(), state.version, state.stop)
        };
        if stop {
            let _ = fs::remove_file(path);
            let _ = done.send(());
            return;
        }
        // Errors are not fatal (presence is a courtesy): a failed write is tried
        // again at the next refresh, never in a tight loop.
        let rewrite = version != tried
            || !on_disk
            // Removed as stale while this process was stopped: write it anew.
            || touch(path).is_err_and(|e| e.kind() == io::ErrorKind::NotFound);
        if rewrite {
            on_disk = super::atomic::write(path, record.text().as_bytes(), mode).is_ok();
            tried = version;
        }
    }
}

/// Sets the file's modification time to now.
fn touch(path: &Path) -> io::Result<()> {
    fs::OpenOptions::new()
        .write(true)
        .open(path)?
        .set_modified(SystemTime::now())
}

/// The login of account `uid`, when the account database knows it.
fn owner_login(uid: u32) -> Option<String> {
    nix::unistd::User::from_uid(nix::unistd::Uid::from_raw(uid))
        .ok()
        .flatten()
        .map(|user| user.name)
}

fn host() -> String {
    gethostname::gethostname().to_string_lossy().into_owned()
}

/// `text` with anything but letters, digits, `-` and `_` replaced, for a file name.
fn file_safe(text: &str) -> String {
    let safe: String = text
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if safe.is_empty() { "host".into() } else { safe }
}

fn now() -> i64 {
    seconds(SystemTime::now())
}

fn seconds(time: SystemTime) -> i64 {
    time.duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A repository with an ict-plan assessment.
    fn store() -> (tempfile::TempDir, Store, AssessmentName) {
        let dir = tempfile::tempdir().unwrap();
        let author = super::super::Author {
            name: "t".into(),
            email: "t@example".into(),
        };
        let (store, name, _) =
            Store::init(dir.path(), "ict-plan", None, None, &author, "init").unwrap();
        (dir, store, name)
    }

    fn write_file(store: &Store, file: &str, text: &str) -> PathBuf {
        let dir = store.presence_dir();
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join(file);
        fs::write(&path, text).unwrap();
        path
    }

    fn record(pid: u32, host: &str, field: &str) -> String {
        format!(
            "version = 1\nuser = \"carol\"\naccount = \"carol\"\nhost = \"{host}\"\npid = {pid}\n\
             assessment = \"ict-plan\"\nfield = \"{field}\"\nsince = 1\n"
        )
    }

    fn fields(list: &[Presence]) -> Vec<(&str, &str)> {
        list.iter()
            .map(|p| (p.user.as_str(), p.field.as_str()))
            .collect()
    }

    #[test]
    fn an_announcement_is_listed_with_who_and_where() {
        let (_dir, store, name) = store();
        assert!(store.editing(&name).is_empty());
        let guard = store.announce(&name, "alice", "1.1.1").unwrap();
        let listed = store.editing(&name);
        assert_eq!(fields(&listed), [("alice", "1.1.1")]);
        let alice = &listed[0];
        assert_eq!(alice.id, guard.id());
        assert_eq!(alice.pid, std::process::id());
        assert_eq!(alice.account, super::super::Account::current().login);
        assert_eq!(alice.assessment, "ict-plan");
        assert!(alice.since > 0 && alice.updated >= alice.since - 1);
        // Another assessment's editors are not this one's.
        let other = AssessmentName("service".into());
        assert!(store.editing(&other).is_empty());
    }

    #[test]
    fn dropping_the_guard_removes_the_presence() {
        let (_dir, store, name) = store();
        let guard = store.announce(&name, "alice", "1.1.1").unwrap();
        let path = guard.path().to_path_buf();
        assert!(path.exists());
        drop(guard);
        assert!(!path.exists());
        assert!(store.editing(&name).is_empty());
    }

    #[test]
    fn a_guard_moves_to_another_field() {
        let (_dir, store, name) = store();
        let guard = store.announce(&name, "alice", "1.1.1").unwrap();
        guard.move_to("brics/t1/s1/risk");
        assert_eq!(guard.field(), "brics/t1/s1/risk");
        // The thread rewrites the file; wait for it (bounded, not timed).
        let mut listed = Vec::new();
        for _ in 0..500 {
            listed = store.editing(&name);
            if listed
                .first()
                .is_some_and(|p| p.field == "brics/t1/s1/risk")
            {
                break;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        assert_eq!(fields(&listed), [("alice", "brics/t1/s1/risk")]);
    }

    /// Sets a record's refresh time to well past the stale limit.
    fn make_stale(path: &Path) {
        let long_ago = SystemTime::now() - STALE - Duration::from_secs(5);
        fs::File::options()
            .write(true)
            .open(path)
            .unwrap()
            .set_modified(long_ago)
            .unwrap();
    }

    #[test]
    fn the_guard_keeps_its_file_fresh_and_puts_it_back_when_removed() {
        let (_dir, store, name) = store();
        let guard = store.announce(&name, "alice", "1.1.1").unwrap();
        let path = guard.path().to_path_buf();
        make_stale(&path);
        // Bounded waits for the guard's thread (it refreshes every REFRESH).
        let wait = |done: &dyn Fn() -> bool| {
            for _ in 0..(STALE.as_millis() / 20) {
                if done() {
                    return true;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            false
        };
        let fresh = || {
            fs::metadata(&path)
                .and_then(|m| m.modified())
                .is_ok_and(|t| is_fresh(t, SystemTime::now()))
        };
        assert!(wait(&fresh), "the guard touches its file");
        fs::remove_file(&path).unwrap();
        assert!(wait(&|| path.exists()), "a removed file is written again");
        assert_eq!(fields(&store.editing(&name)), [("alice", "1.1.1")]);
    }

    #[test]
    fn a_record_not_refreshed_is_stale_and_removed() {
        let (_dir, store, name) = store();
        let path = write_file(&store, "far.1.0.toml", &record(1, "elsewhere", "1.1.2"));
        assert_eq!(fields(&store.editing(&name)), [("carol", "1.1.2")]);
        make_stale(&path);
        assert!(store.editing(&name).is_empty());
        assert!(!path.exists(), "a stale record of this account is removed");
    }

    #[test]
    fn a_record_of_a_dead_process_on_this_host_is_stale() {
        let (_dir, store, name) = store();
        // A child that has exited (and been reaped): its pid no longer exists.
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        let path = write_file(&store, "here.dead.toml", &record(pid, &host(), "1.1.3"));
        // The same record from a living process is listed.
        write_file(
            &store,
            "here.alive.toml",
            &record(std::process::id(), &host(), "1.1.2"),
        );
        assert_eq!(fields(&store.editing(&name)), [("carol", "1.1.2")]);
        assert!(!path.exists());
    }

    #[test]
    fn malformed_files_are_skipped() {
        let (_dir, store, name) = store();
        write_file(&store, "a.toml", "this is = = not toml");
        write_file(&store, "b.toml", "version = 1\nuser = \"x\"\n");
        write_file(&store, "c.toml", &record(0, "elsewhere", "1.1.1"));
        write_file(&store, "d.toml", &record(7, "elsewhere", "not a field"));
        write_file(&store, "e.toml", &record(7, "elsewhere", "1.1.1").repeat(2));
        write_file(&store, "f.toml", &"#".repeat(10_000));
        write_file(
            &store,
            "g.toml",
            &[0xff, 0xfe, 0x00]
                .map(char::from)
                .iter()
                .collect::<String>(),
        );
        write_file(&store, "h.txt", &record(7, "elsewhere", "1.1.1"));
        write_file(&store, ".i.toml.9.tmp", &record(7, "elsewhere", "1.1.1"));
        #[cfg(unix)]
        std::os::unix::fs::symlink("/etc/passwd", store.presence_dir().join("j.toml")).unwrap();
        write_file(&store, "ok.toml", &record(7, "elsewhere", "1.1.1"));
        assert_eq!(fields(&store.editing(&name)), [("carol", "1.1.1")]);
    }

    #[test]
    fn the_file_owner_is_the_account_whatever_the_file_says() {
        let (_dir, store, name) = store();
        write_file(
            &store,
            "spoof.toml",
            &record(7, "elsewhere", "1.1.1").replace("account = \"carol\"", "account = \"root\""),
        );
        let listed = store.editing(&name);
        assert_eq!(listed[0].account, super::super::Account::current().login);
    }

    #[test]
    fn on_a_shared_repository_the_team_reads_presence_and_nobody_replaces_it() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let author = super::super::Author {
            name: "t".into(),
            email: "t@example".into(),
        };
        let (store, name, _) = Store::create(
            dir.path(),
            &crate::store::NewAssessment {
                form_id: "ict-plan",
                title: None,
                stem: None,
                shared: true,
            },
            &author,
            "init",
        )
        .unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o7777;
        // Made with the repository (so it belongs to whoever shared it), sticky.
        assert_eq!(mode(&store.presence_dir()) & 0o3770, 0o3770);
        let guard = store.announce(&name, "alice", "1.1.1").unwrap();
        // Readable by the team; nobody else may write into it.
        assert_eq!(mode(guard.path()), 0o644);
    }

    #[test]
    fn freshness_allows_little_clock_skew() {
        let now = SystemTime::now();
        assert!(is_fresh(now, now));
        assert!(is_fresh(now - Duration::from_secs(3), now));
        assert!(!is_fresh(now - STALE - Duration::from_secs(1), now));
        assert!(!is_fresh(now + STALE + Duration::from_secs(1), now));
    }

    #[test]
    fn file_names_are_safe() {
        assert_eq!(file_safe("srv-01.example.gov.tw"), "srv-01_example_gov_tw");
        assert_eq!(file_safe("../x"), "___x");
        assert_eq!(file_safe(""), "host");
    }
}
