//! Teammates in the workbench: while this window's editor is open on a field, its
//! presence is announced (and withdrawn when the editor closes); who else is editing
//! what is read every second — all on a thread of its own, so neither a slow disk
//! nor a busy repository ever delays a key press. The results arrive over a channel
//! that [`Watcher::update`] drains on every tick.
//!
//! The tree marks a question someone is editing with `✎name` at the end of its row
//! (muted on its item and guideline rows); the BRiCS grid marks the cell. Opening the
//! editor on a field someone else is editing says so in the status line.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use super::events::Waker;
use super::text::{line, truncate, width};
use crate::assessment::Cell;
use crate::diff::FieldPath;
use crate::i18n::Lang;
use crate::store::{Account, AssessmentName, Presence, PresenceGuard, Store};

/// How often others' presence is read.
const SCAN_EVERY: Duration = Duration::from_secs(1);

/// How long closing the workbench waits for its presence file to be removed.
const STOP_PATIENCE: Duration = Duration::from_secs(1);

/// The mark before the names of people editing.
pub const MARK: &str = "✎";

/// Who else is editing what, as last read (this window's own record left out; the
/// same person's other windows included).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Board {
    entries: Vec<Presence>,
}

impl Board {
    /// A board of these records.
    pub fn new(entries: Vec<Presence>) -> Board {
        Board { entries }
    }

    /// Whether nobody else is editing.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The records on `field`.
    pub fn on<'b>(&'b self, field: &'b str) -> impl Iterator<Item = &'b Presence> + 'b {
        self.entries.iter().filter(move |p| p.field == field)
    }

    /// The names (draft users) of the people editing a field `matches` accepts, each
    /// once, made safe to draw.
    pub fn names(&self, matches: impl Fn(&str) -> bool) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for presence in self.entries.iter().filter(|p| matches(&p.field)) {
            let name = line(&presence.who());
            if !names.contains(&name) {
                names.push(name);
            }
        }
        names
    }

    /// Whether the records differ in anything but their refresh times.
    fn differs(&self, other: &Board) -> bool {
        let key = |b: &Board| -> Vec<(String, String, String, i64)> {
            b.entries
                .iter()
                .map(|p| (p.id.clone(), p.user.clone(), p.field.clone(), p.since))
                .collect()
        };
        key(self) != key(other)
    }
}

/// The field path of a BRiCS cell, as presence records name it.
pub fn cell_field(table: &str, stakeholder: &str, cell: Cell) -> String {
    FieldPath::Cell {
        table: table.to_owned(),
        stakeholder: stakeholder.to_owned(),
        cell,
    }
    .to_string()
}

/// The marker for a BRiCS cell others are editing (at most `max` cells), or "".
pub fn cell_marker(
    board: &Board,
    table: &str,
    stakeholder: &str,
    cell: Cell,
    max: usize,
) -> String {
    if board.is_empty() {
        return String::new();
    }
    let field = cell_field(table, stakeholder, cell);
    marker(&board.names(|f| f == field), max)
}

/// ` ✎alice,bob` for the names (at most `max` cells), or "" for nobody.
pub fn marker(names: &[String], max: usize) -> String {
    if names.is_empty() || max < 3 {
        return String::new();
    }
    let text = format!(" {MARK}{}", names.join(","));
    truncate(&text, max)
}

/// `text` with `marker` at its end, within `max` cells: the text is cut to make
/// room, and padded so the marker sits at the right edge.
pub fn with_marker(text: &str, marker: &str, max: usize) -> (String, String) {
    let room = max.saturating_sub(width(marker));
    let text = truncate(text, room);
    let pad = " ".repeat(room.saturating_sub(width(&text)));
    (format!("{text}{pad}"), marker.to_owned())
}

/// What the presence thread is told.
enum Command {
    /// This window's editor is open on this field (or closed: `None`).
    Edit(Option<String>),
}

/// What changed since the last tick.
#[derive(Debug, Default)]
pub struct Update {
    /// Others' presence changed: the new board.
    pub board: Option<Board>,
    /// Something to say in the status line (someone is editing this field too).
    pub notice: Option<String>,
}

/// This window's presence and the view of everyone else's, kept by a thread of its
/// own. Dropping it withdraws this window's presence.
pub struct Watcher {
    commands: Option<Sender<Command>>,
    boards: Receiver<Board>,
    stopped: Receiver<()>,
    /// The field last told to the thread.
    editing: Option<String>,
    /// Whether this window ever announced itself (else there is nothing to
    /// withdraw, and closing need not wait).
    announced: bool,
    board: Board,
    /// The field and the records last warned about, so a notice is said once.
    warned: Option<(String, Vec<String>)>,
    user: String,
    login: String,
}

impl Watcher {
    /// Starts watching `name` in the repository at `workdir` for `user`. When the
    /// thread cannot start, presence simply stays off.
    pub fn start(workdir: PathBuf, name: AssessmentName, user: String, waker: Waker) -> Watcher {
        let (commands, command_receiver) = mpsc::channel();
        let (board_sender, boards) = mpsc::channel();
        let (stop_sender, stopped) = mpsc::channel();
        let thread_user = user.clone();
        let spawned = std::thread::Builder::new()
            .name("dsw-presence-watch".into())
            .spawn(move || {
                watch(
                    &workdir,
                    &name,
                    &thread_user,
                    &command_receiver,
                    &board_sender,
                    &waker,
                );
                let _ = stop_sender.send(());
            });
        Watcher {
            commands: spawned.is_ok().then_some(commands),
            boards,
            stopped,
            editing: None,
            announced: false,
            board: Board::default(),
            warned: None,
            user,
            login: Account::current().login,
        }
    }

    /// Tells where this window's editor is (`None`: closed) and collects what the
    /// thread found. Never waits.
    pub fn update(&mut self, editing: Option<String>, lang: Lang) -> Update {
        let mut update = Update::default();
        if editing != self.editing {
            if let Some(commands) = &self.commands {
                let _ = commands.send(Command::Edit(editing.clone()));
                self.announced |= editing.is_some();
            }
            self.editing = editing;
        }
        let mut latest = None;
        while let Ok(board) = self.boards.try_recv() {
            latest = Some(board);
        }
        if let Some(board) = latest
            && board.differs(&self.board)
        {
            self.board = board.clone();
            update.board = Some(board);
        }
        update.notice = self.notice(lang);
        update
    }

    /// `alice 正在編輯這一題` when others are on the field being edited — once per
    /// field and set of people.
    fn notice(&mut self, lang: Lang) -> Option<String> {
        let Some(field) = &self.editing else {
            self.warned = None;
            return None;
        };
        let here: Vec<&Presence> = self.board.on(field).collect();
        let ids: Vec<String> = here.iter().map(|p| p.id.clone()).collect();
        let known = match &self.warned {
            Some((warned_field, warned_ids)) if warned_field == field => {
                ids.iter().all(|id| warned_ids.contains(id))
            }
            _ => false,
        };
        self.warned = Some((field.clone(), ids));
        if here.is_empty() || known {
            return None;
        }
        let mut names: Vec<String> = Vec::new();
        for presence in here {
            let name = if presence.is_by(&self.user, &self.login) {
                lang.pick("你（另一個視窗）", "you (in another window)")
                    .to_owned()
            } else {
                line(&presence.who())
            };
            if !names.contains(&name) {
                names.push(name);
            }
        }
        let cell = field.starts_with("brics/");
        Some(match lang {
            Lang::Zh => format!(
                "{} 正在編輯這一{}",
                names.join("、"),
                if cell { "格" } else { "題" }
            ),
            Lang::En => format!(
                "{} {} editing this too",
                names.join(", "),
                if names.len() == 1 && !names[0].starts_with("you") {
                    "is"
                } else {
                    "are"
                }
            ),
        })
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        // Closing the channel tells the thread to withdraw this window's presence;
        // wait a moment for it so a quitting workbench leaves nothing behind.
        if self.commands.take().is_some() && self.announced {
            let _ = self.stopped.recv_timeout(STOP_PATIENCE);
        }
    }
}

/// The presence thread: announce, move and withdraw this window's presence as told;
/// read everyone's every [`SCAN_EVERY`]; stop when the workbench goes.
fn watch(
    workdir: &std::path::Path,
    name: &AssessmentName,
    user: &str,
    commands: &Receiver<Command>,
    boards: &Sender<Board>,
    waker: &Waker,
) {
    // git2 repositories are not shared between threads: a store of its own.
    let Ok(store) = Store::open(workdir) else {
        return;
    };
    let mut guard: Option<PresenceGuard> = None;
    // Every record this window ever wrote: never shown as someone else.
    let mut mine: HashSet<String> = HashSet::new();
    let mut next_scan = Instant::now();
    // The board last sent: the loop is woken only when someone came, went or moved.
    let mut sent: Option<Board> = None;
    loop {
        match commands.recv_timeout(next_scan.saturating_duration_since(Instant::now())) {
            Ok(Command::Edit(Some(field))) => {
                match &guard {
                    Some(guard) => guard.move_to(&field),
                    None => {
                        // A repository this account cannot write to: no presence,
                        // and nothing else the worse for it.
                        guard = store.announce(name, user, &field).ok();
                        if let Some(guard) = &guard {
                            mine.insert(guard.id().to_owned());
                        }
                    }
                }
                continue;
            }
            Ok(Command::Edit(None)) => {
                guard = None;
                continue;
            }
            Err(RecvTimeoutError::Disconnected) => return,
            Err(RecvTimeoutError::Timeout) => {}
        }
        let others: Vec<Presence> = store
            .editing(name)
            .into_iter()
            .filter(|p| !mine.contains(&p.id))
            .collect();
        let board = Board::new(others);
        if sent.as_ref().is_none_or(|last| board.differs(last)) {
            if boards.send(board.clone()).is_err() {
                return;
            }
            waker.wake();
            sent = Some(board);
        }
        next_scan = Instant::now() + SCAN_EVERY;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn presence(id: &str, user: &str, field: &str) -> Presence {
        Presence {
            id: id.into(),
            user: user.into(),
            account: user.into(),
            host: "h".into(),
            pid: 1,
            assessment: "ict-plan".into(),
            field: field.into(),
            since: 1,
            updated: 1,
        }
    }

    #[test]
    fn markers_fit_and_names_are_made_safe() {
        let board = Board::new(vec![
            presence("1", "alice", "1.1.1"),
            presence("2", "alice", "1.1.1"),
            presence("3", "b\u{1b}[31mob", "1.1.1"),
        ]);
        let names = board.names(|f| f == "1.1.1");
        assert_eq!(names, ["alice", "b␛[31mob"]);
        assert_eq!(marker(&names, 40), " ✎alice,b␛[31mob");
        assert_eq!(marker(&[], 40), "");
        let (text, mark) = with_marker("1.1.1 服務使用者有哪些類型", " ✎alice", 20);
        assert_eq!(width(&text) + width(&mark), 20);
        assert!(text.ends_with('…'), "{text}");
    }

    #[test]
    fn a_notice_is_said_once_per_field_and_people() {
        let (_sender, boards) = mpsc::channel();
        let (_stop, stopped) = mpsc::channel();
        let mut watcher = Watcher {
            commands: None,
            boards,
            stopped,
            editing: None,
            announced: false,
            board: Board::new(vec![
                presence("a", "alice", "1.1.1"),
                presence("m", "me", "1.1.2"),
            ]),
            warned: None,
            user: "me".into(),
            login: "me".into(),
        };
        let field = |f: &str| Some(f.to_owned());
        assert_eq!(watcher.update(None, Lang::Zh).notice, None);
        assert_eq!(
            watcher.update(field("1.1.1"), Lang::Zh).notice.as_deref(),
            Some("alice 正在編輯這一題")
        );
        assert_eq!(watcher.update(field("1.1.1"), Lang::Zh).notice, None);
        assert_eq!(
            watcher.update(field("1.1.2"), Lang::En).notice.as_deref(),
            Some("you (in another window) are editing this too")
        );
        assert_eq!(watcher.update(field("1.1.3"), Lang::En).notice, None);
        assert_eq!(
            watcher.update(field("1.1.1"), Lang::En).notice.as_deref(),
            Some("alice is editing this too")
        );
    }
}
