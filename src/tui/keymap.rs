//! Every action the workbench can do, as data: the context it works in, its name,
//! one line of doc in each language, and its default keys. The footer, the help
//! overlay, the dialogs' own hints and the key dispatch all read this one table, so
//! what the screen says is what the keys do. A user file overrides only the actions
//! it names (see [`super::config`]); a key that would do two things in one context
//! is refused there, with its line.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::ops::Range;

use ratatui::crossterm::event::KeyEvent;
use toml::Spanned;

pub use super::key::Key;
use crate::diagnostic::{Diagnostic, Problem};
use crate::i18n::Lang;

/// An action the person can take.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    /// Quit (the draft is kept).
    Quit,
    /// Show the help overlay.
    Help,
    /// Clear the terminal and draw everything again.
    Redraw,
    /// Close an overlay or leave the editor.
    Back,
    /// Move up.
    Up,
    /// Move down.
    Down,
    /// Move left / collapse.
    Left,
    /// Move right / expand.
    Right,
    /// Go to the top.
    Top,
    /// Go to the bottom.
    Bottom,
    /// Page up.
    PageUp,
    /// Page down.
    PageDown,
    /// Next pane.
    NextPane,
    /// Previous pane.
    PrevPane,
    /// Edit the selected answer or cell.
    Edit,
    /// Cycle the selected item's status.
    CycleStatus,
    /// Add evidence to the selected item.
    AddEvidence,
    /// Remove the selected item's last evidence.
    RemoveEvidence,
    /// Show or hide the reference pane.
    ToggleReference,
    /// Commit the draft.
    Commit,
    /// Search.
    Search,
    /// Next search match / next change / next table.
    Next,
    /// Previous search match / previous change / previous table.
    Prev,
    /// Show the tab at this place in the tab table.
    Tab(usize),
    /// Add a row (stakeholder).
    Add,
    /// Delete the selected row.
    Delete,
    /// Rename the selected row.
    Rename,
    /// Move the selected row up.
    MoveUp,
    /// Move the selected row down.
    MoveDown,
    /// Mark the selected revision (for a diff).
    Mark,
    /// Tag the selected revision as an iteration.
    Tag,
    /// Filter by guideline.
    Filter,
    /// Take my side in a conflict.
    Mine,
    /// Take their side in a conflict.
    Theirs,
    /// Write a new text for a conflicting field.
    Rewrite,
    /// Apply the choices and commit.
    Resolve,
    /// Leave the editor.
    Finish,
    /// Accept a dialog.
    Submit,
    /// A new line in a dialog's text.
    NewLine,
    /// Close a dialog without doing anything.
    Cancel,
    /// Yes.
    Yes,
    /// No.
    No,
    /// Restore an earlier session's unsaved text.
    Restore,
    /// Keep that text's file for later.
    Keep,
    /// Delete that text's file.
    DeleteFile,
    /// Reply to the selected review comment.
    Reply,
    /// Accept the selected review comment's reply.
    Accept,
    /// Reopen the selected review comment (再修正), saying why.
    Reopen,
    /// Write a new review comment on a target.
    NewComment,
    /// Show only questions and items with open review comments.
    FilterOpen,
    /// Show only questions and items changed since the latest iteration.
    FilterChanged,
}

/// Where a key is pressed. Each context has its own commands, plus those of the
/// contexts it inherits; within that set a key does one thing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Context {
    /// Every tab, when nothing is being typed.
    Global,
    /// The checklist tab.
    Tree,
    /// Typing an answer or a cell: letters are text.
    Editor,
    /// The BRiCS tab.
    Brics,
    /// The history tab.
    History,
    /// The diff tab.
    Diff,
    /// Prompts, the commit dialog and questions.
    Dialog,
    /// The conflict view at commit.
    Conflict,
    /// The review tab (審查).
    Review,
    /// Writing a review comment, a reply or a reason: letters are text.
    Comment,
}

impl Context {
    /// Every context, in the order help lists them.
    pub const ALL: [Context; 10] = [
        Context::Global,
        Context::Tree,
        Context::Editor,
        Context::Brics,
        Context::History,
        Context::Diff,
        Context::Review,
        Context::Comment,
        Context::Dialog,
        Context::Conflict,
    ];

    /// Its name in messages about a config file.
    pub fn name(self) -> &'static str {
        match self {
            Context::Global => "global",
            Context::Tree => "tree",
            Context::Editor => "editor",
            Context::Brics => "brics",
            Context::History => "history",
            Context::Diff => "diff",
            Context::Dialog => "dialog",
            Context::Conflict => "conflict",
            Context::Review => "review",
            Context::Comment => "comment",
        }
    }

    /// Its heading in the help overlay.
    pub fn title(self, lang: Lang) -> &'static str {
        match self {
            Context::Global => lang.pick("全域", "Everywhere"),
            Context::Tree => lang.pick("指引", "Checklist"),
            Context::Editor => lang.pick("編輯中", "While typing"),
            Context::Brics => "BRiCS",
            Context::History => lang.pick("歷程", "History"),
            Context::Diff => lang.pick("差異", "Diff"),
            Context::Dialog => lang.pick("對話框", "Dialogs"),
            Context::Conflict => lang.pick("衝突", "Conflicts"),
            Context::Review => lang.pick("審查", "Reviews"),
            Context::Comment => lang.pick("撰寫審查意見或回覆", "Writing a comment or reply"),
        }
    }

    /// The contexts whose commands also work here.
    fn inherits(self) -> &'static [Context] {
        match self {
            Context::Tree | Context::Brics | Context::History | Context::Diff | Context::Review => {
                &[Context::Global]
            }
            _ => &[],
        }
    }

    /// Whether letters typed here are text (only keys with ctrl or alt, and keys
    /// such as Esc or F1, are commands).
    pub fn types_text(self) -> bool {
        matches!(self, Context::Editor | Context::Comment)
    }

    /// This context and the ones it inherits.
    fn scope(self) -> impl Iterator<Item = Context> {
        std::iter::once(self).chain(self.inherits().iter().copied())
    }
}

/// One row of the command table.
#[derive(Debug, Clone)]
pub struct Command {
    /// Where it works (and where help lists it).
    pub context: Context,
    /// The action.
    pub action: Action,
    /// Its name in a config file.
    pub name: &'static str,
    /// Doc in Chinese.
    pub zh: &'static str,
    /// Doc in English.
    pub en: &'static str,
    /// Default keys.
    pub keys: &'static [&'static str],
}

/// The command table, but for the tab keys, which the tab table adds
/// (`super::tabs::commands`). An action may work in several contexts, with a doc
/// for each; its keys are the same everywhere.
#[rustfmt::skip]
pub const COMMANDS: &[Command] = &[
    Command { context: Context::Global, action: Action::Help, name: "help", zh: "說明", en: "help", keys: &["?", "f1"] },
    Command { context: Context::Global, action: Action::Quit, name: "quit", zh: "離開（保留草稿）", en: "quit (draft kept)", keys: &["q"] },
    Command { context: Context::Global, action: Action::Commit, name: "commit", zh: "提交", en: "commit", keys: &["ctrl-s"] },
    Command { context: Context::Global, action: Action::Redraw, name: "redraw", zh: "清除並重畫畫面", en: "clear and redraw the screen", keys: &["ctrl-l"] },
    Command { context: Context::Global, action: Action::Back, name: "back", zh: "返回", en: "back", keys: &["esc"] },
    Command { context: Context::Global, action: Action::Up, name: "up", zh: "上", en: "up", keys: &["up", "k"] },
    Command { context: Context::Global, action: Action::Down, name: "down", zh: "下", en: "down", keys: &["down", "j"] },
    Command { context: Context::Global, action: Action::Left, name: "left", zh: "收合／左", en: "collapse / left", keys: &["left", "h"] },
    Command { context: Context::Global, action: Action::Right, name: "right", zh: "展開／右", en: "expand / right", keys: &["right", "l"] },
    Command { context: Context::Global, action: Action::Top, name: "top", zh: "到頂端", en: "top", keys: &["g", "home"] },
    Command { context: Context::Global, action: Action::Bottom, name: "bottom", zh: "到底端", en: "bottom", keys: &["G", "end"] },
    Command { context: Context::Global, action: Action::PageUp, name: "page_up", zh: "上一頁", en: "page up", keys: &["pageup", "ctrl-b"] },
    Command { context: Context::Global, action: Action::PageDown, name: "page_down", zh: "下一頁", en: "page down", keys: &["pagedown", "ctrl-f"] },
    Command { context: Context::Global, action: Action::NextPane, name: "next_pane", zh: "下一個窗格", en: "next pane", keys: &["tab"] },
    Command { context: Context::Global, action: Action::PrevPane, name: "prev_pane", zh: "上一個窗格", en: "previous pane", keys: &["backtab"] },
    Command { context: Context::Global, action: Action::Edit, name: "edit", zh: "編輯", en: "edit", keys: &["enter", "e"] },
    Command { context: Context::Tree, action: Action::Search, name: "search", zh: "搜尋", en: "search", keys: &["/"] },
    Command { context: Context::Tree, action: Action::Next, name: "next", zh: "下一個搜尋結果", en: "next match", keys: &["n"] },
    Command { context: Context::Tree, action: Action::Prev, name: "prev", zh: "上一個搜尋結果", en: "previous match", keys: &["N"] },
    Command { context: Context::Tree, action: Action::CycleStatus, name: "cycle_status", zh: "切換檢核狀態", en: "cycle item status", keys: &["space", "s"] },
    Command { context: Context::Tree, action: Action::AddEvidence, name: "add_evidence", zh: "新增佐證", en: "add evidence", keys: &["a"] },
    Command { context: Context::Tree, action: Action::RemoveEvidence, name: "remove_evidence", zh: "移除最後一個佐證", en: "remove last evidence", keys: &["x"] },
    Command { context: Context::Tree, action: Action::ToggleReference, name: "toggle_reference", zh: "顯示／隱藏參考資料", en: "show / hide reference", keys: &["r"] },
    Command { context: Context::Tree, action: Action::FilterOpen, name: "filter_open", zh: "只看待回覆", en: "open comments only", keys: &["o"] },
    Command { context: Context::Tree, action: Action::FilterChanged, name: "filter_changed", zh: "只看已修改", en: "changed since iteration", keys: &["c"] },
    Command { context: Context::Editor, action: Action::Finish, name: "finish", zh: "結束編輯（草稿自動保存）", en: "finish editing (the draft saves itself)", keys: &["esc"] },
    Command { context: Context::Editor, action: Action::Commit, name: "commit", zh: "提交", en: "commit", keys: &["ctrl-s"] },
    Command { context: Context::Editor, action: Action::Help, name: "help", zh: "說明", en: "help", keys: &["?", "f1"] },
    Command { context: Context::Brics, action: Action::Add, name: "add", zh: "新增", en: "add", keys: &["a"] },
    Command { context: Context::Brics, action: Action::Delete, name: "delete", zh: "刪除", en: "delete", keys: &["d"] },
    Command { context: Context::Brics, action: Action::Rename, name: "rename", zh: "改名", en: "rename", keys: &["R"] },
    Command { context: Context::Brics, action: Action::MoveUp, name: "move_up", zh: "上移", en: "move up", keys: &["K"] },
    Command { context: Context::Brics, action: Action::MoveDown, name: "move_down", zh: "下移", en: "move down", keys: &["J"] },
    Command { context: Context::Brics, action: Action::Next, name: "next", zh: "下一張表", en: "next table", keys: &["n"] },
    Command { context: Context::Brics, action: Action::Prev, name: "prev", zh: "上一張表", en: "previous table", keys: &["N"] },
    Command { context: Context::History, action: Action::Mark, name: "mark", zh: "標記以比較", en: "mark to compare", keys: &["m"] },
    Command { context: Context::History, action: Action::Tag, name: "tag", zh: "標記送審", en: "tag iteration", keys: &["t"] },
    Command { context: Context::Diff, action: Action::Next, name: "next", zh: "下一項變更", en: "next change", keys: &["n"] },
    Command { context: Context::Diff, action: Action::Prev, name: "prev", zh: "上一項變更", en: "previous change", keys: &["N"] },
    Command { context: Context::Diff, action: Action::Filter, name: "filter", zh: "依指引篩選", en: "filter by guideline", keys: &["f"] },
    Command { context: Context::Review, action: Action::Edit, name: "edit", zh: "前往對象", en: "go to target", keys: &["enter", "e"] },
    Command { context: Context::Review, action: Action::Reply, name: "reply", zh: "回覆", en: "reply", keys: &["r"] },
    Command { context: Context::Review, action: Action::Accept, name: "accept", zh: "同意", en: "accept", keys: &["a"] },
    Command { context: Context::Review, action: Action::Reopen, name: "reopen", zh: "再修正", en: "reopen", keys: &["o"] },
    Command { context: Context::Review, action: Action::NewComment, name: "new_comment", zh: "新增", en: "new", keys: &["n"] },
    Command { context: Context::Review, action: Action::Filter, name: "filter", zh: "待回覆／全部", en: "open / all", keys: &["f"] },
    Command { context: Context::Comment, action: Action::Finish, name: "finish", zh: "送出（清空則取消）", en: "send (empty: cancel)", keys: &["esc"] },
    Command { context: Context::Comment, action: Action::Help, name: "help", zh: "說明", en: "help", keys: &["?", "f1"] },
    Command { context: Context::Dialog, action: Action::Submit, name: "submit", zh: "確定", en: "OK", keys: &["enter"] },
    Command { context: Context::Dialog, action: Action::NewLine, name: "new_line", zh: "換行", en: "new line", keys: &["alt-enter"] },
    Command { context: Context::Dialog, action: Action::Cancel, name: "cancel", zh: "取消", en: "cancel", keys: &["esc"] },
    Command { context: Context::Dialog, action: Action::Yes, name: "yes", zh: "是", en: "yes", keys: &["y", "Y"] },
    Command { context: Context::Dialog, action: Action::No, name: "no", zh: "否", en: "no", keys: &["n", "N"] },
    Command { context: Context::Dialog, action: Action::Restore, name: "restore", zh: "還原救援檔", en: "restore the recovered text", keys: &["r", "R"] },
    Command { context: Context::Dialog, action: Action::Keep, name: "keep", zh: "保留救援檔", en: "keep the recovery file", keys: &["k", "K"] },
    Command { context: Context::Dialog, action: Action::DeleteFile, name: "delete_file", zh: "刪除救援檔", en: "delete the recovery file", keys: &["d", "D"] },
    Command { context: Context::Conflict, action: Action::Up, name: "up", zh: "上一個欄位", en: "previous field", keys: &["up", "k"] },
    Command { context: Context::Conflict, action: Action::Down, name: "down", zh: "下一個欄位", en: "next field", keys: &["down", "j"] },
    Command { context: Context::Conflict, action: Action::Mine, name: "mine", zh: "用我的", en: "take mine", keys: &["m"] },
    Command { context: Context::Conflict, action: Action::Theirs, name: "theirs", zh: "用對方的", en: "take theirs", keys: &["t"] },
    Command { context: Context::Conflict, action: Action::Rewrite, name: "rewrite", zh: "改寫", en: "write a new text", keys: &["e"] },
    Command { context: Context::Conflict, action: Action::Resolve, name: "resolve", zh: "套用選擇並提交", en: "apply the choices and commit", keys: &["enter"] },
    Command { context: Context::Conflict, action: Action::Back, name: "back", zh: "保留草稿離開", en: "leave, the draft intact", keys: &["esc"] },
];

/// Bindings as a config file writes them, `action = ["key", …]`, with the places
/// of names and keys kept for messages.
pub type Bindings = BTreeMap<Spanned<String>, Vec<Spanned<String>>>;

/// Where a user file set an action's keys: the file (by number) and each key's
/// place in it.
#[derive(Debug, Clone)]
struct Origin {
    file: usize,
    keys: Vec<(Key, Range<usize>)>,
}

/// Keys bound to each action, defaults merged with the user's overrides.
#[derive(Debug, Clone)]
pub struct Keymap {
    commands: &'static [Command],
    keys: BTreeMap<Action, Vec<Key>>,
    origins: BTreeMap<Action, Origin>,
}

impl Keymap {
    /// The default keys of `commands`.
    pub fn new(commands: &'static [Command]) -> Keymap {
        let mut keys = BTreeMap::new();
        for command in commands {
            keys.entry(command.action)
                .or_insert_with(|| command.keys.iter().filter_map(|k| Key::parse(k)).collect());
        }
        Keymap {
            commands,
            keys,
            origins: BTreeMap::new(),
        }
    }

    /// Every row of the command table.
    pub fn commands(&self) -> &'static [Command] {
        self.commands
    }

    /// Applies the bindings of the user's file number `file`; returns what is
    /// wrong in them (unknown actions, keys that are not keys).
    pub fn apply(&mut self, file: usize, bindings: &Bindings) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        for (name, keys) in bindings {
            let Some(command) = self.commands.iter().find(|c| c.name == name.get_ref()) else {
                let names: BTreeSet<&str> = self.commands.iter().map(|c| c.name).collect();
                problems.push(Diagnostic {
                    span: Some(name.span()),
                    problem: Problem::Unknown {
                        what: "action",
                        id: name.get_ref().clone(),
                        closest: crate::suggest::closest(name.get_ref(), names).map(str::to_owned),
                    },
                });
                continue;
            };
            let mut parsed = Vec::new();
            for key in keys {
                match Key::parse(key.get_ref()) {
                    Some(k) => parsed.push((k, key.span())),
                    None => problems.push(Diagnostic {
                        span: Some(key.span()),
                        problem: Problem::NotAKey(key.get_ref().clone()),
                    }),
                }
            }
            self.keys
                .insert(command.action, parsed.iter().map(|(key, _)| *key).collect());
            self.origins
                .insert(command.action, Origin { file, keys: parsed });
        }
        problems
    }

    /// What the user's bindings broke, each with the number of the file to blame: a
    /// key that does two things in one context, or leaving the editor with no key
    /// that is not text. The defaults never break (a test holds them to it).
    pub fn clashes(&self) -> Vec<(usize, Diagnostic)> {
        let mut found = Vec::new();
        let mut said: HashSet<(Key, Action, Action)> = HashSet::new();
        for context in Context::ALL {
            let mut holder: HashMap<Key, Action> = HashMap::new();
            for action in self.actions_in(context) {
                for key in self.keys_in(context, action) {
                    let Some(&other) = holder.get(&key) else {
                        holder.insert(key, action);
                        continue;
                    };
                    let (first, second) = if other < action {
                        (other, action)
                    } else {
                        (action, other)
                    };
                    if !said.insert((key, first, second)) {
                        continue;
                    }
                    // Blame the binding the user wrote (the later one if both).
                    let (blamed, kept) = match (self.origins.get(&action), self.origins.get(&other))
                    {
                        (Some(_), _) => (action, other),
                        (None, Some(_)) => (other, action),
                        (None, None) => continue,
                    };
                    if let Some((file, span)) = self.place(blamed, key) {
                        found.push((
                            file,
                            Diagnostic {
                                span: Some(span),
                                problem: Problem::KeyTaken {
                                    key: key.to_string(),
                                    action: self.name(kept).to_owned(),
                                    context_zh: context.title(Lang::Zh),
                                    context_en: context.name(),
                                },
                            },
                        ));
                    }
                }
            }
        }
        if let Some(origin) = self.origins.get(&Action::Finish)
            && self.keys_in(Context::Editor, Action::Finish).is_empty()
        {
            found.push((
                origin.file,
                Diagnostic {
                    span: origin.keys.first().map(|(_, span)| span.clone()),
                    problem: Problem::OnlyTextKeys {
                        action: self.name(Action::Finish).to_owned(),
                    },
                },
            ));
        }
        found
    }

    /// Where the user's file put `key` for `action`.
    fn place(&self, action: Action, key: Key) -> Option<(usize, Range<usize>)> {
        let origin = self.origins.get(&action)?;
        let (_, span) = origin.keys.iter().find(|(k, _)| *k == key)?;
        Some((origin.file, span.clone()))
    }

    /// The actions that work in `context`, each once, in table order.
    fn actions_in(&self, context: Context) -> Vec<Action> {
        let mut actions = Vec::new();
        for scope in context.scope() {
            for command in self.commands.iter().filter(|c| c.context == scope) {
                if !actions.contains(&command.action) {
                    actions.push(command.action);
                }
            }
        }
        actions
    }

    /// The keys of `action` that work in `context` (where letters are text, only
    /// the others).
    fn keys_in(&self, context: Context, action: Action) -> Vec<Key> {
        self.keys
            .get(&action)
            .map(|keys| {
                keys.iter()
                    .filter(|key| !(context.types_text() && key.types_text()))
                    .copied()
                    .collect()
            })
            .unwrap_or_default()
    }

    /// An action's name in a config file.
    pub fn name(&self, action: Action) -> &'static str {
        self.commands
            .iter()
            .find(|c| c.action == action)
            .map_or("", |c| c.name)
    }

    /// What `action` does in `context`, in `lang`.
    pub fn doc(&self, context: Context, action: Action, lang: Lang) -> &'static str {
        context
            .scope()
            .find_map(|scope| {
                self.commands
                    .iter()
                    .find(|c| c.context == scope && c.action == action)
            })
            .or_else(|| self.commands.iter().find(|c| c.action == action))
            .map_or("", |c| lang.pick(c.zh, c.en))
    }

    /// Whether `event` is one of `action`'s keys.
    pub fn is(&self, action: Action, event: &KeyEvent) -> bool {
        let key = Key::of(event);
        self.keys
            .get(&action)
            .is_some_and(|keys| keys.contains(&key))
    }

    /// Whether any action has `event` among its keys.
    pub fn bound(&self, event: &KeyEvent) -> bool {
        let key = Key::of(event);
        self.keys.values().any(|keys| keys.contains(&key))
    }

    /// Whether `event` is one of `action`'s keys that work in `context`.
    pub fn is_in(&self, context: Context, action: Action, event: &KeyEvent) -> bool {
        self.keys_in(context, action).contains(&Key::of(event))
    }

    /// The first action among `candidates` that `event` triggers.
    pub fn first(&self, event: &KeyEvent, candidates: &[Action]) -> Option<Action> {
        candidates
            .iter()
            .copied()
            .find(|action| self.is(*action, event))
    }

    /// How the keys of `action` are shown (`Ctrl-S`, `j/↓`).
    pub fn label(&self, action: Action) -> String {
        join(
            self.keys
                .get(&action)
                .map(Vec::as_slice)
                .unwrap_or_default(),
        )
    }

    /// How the first key of `action` is shown: for hints inside a sentence, where
    /// `y/Y` would be noise (help lists them all).
    pub fn main_label(&self, action: Action) -> String {
        join(
            self.keys
                .get(&action)
                .and_then(|keys| keys.get(..1))
                .unwrap_or_default(),
        )
    }

    /// How the keys of `action` that work in `context` are shown.
    pub fn label_in(&self, context: Context, action: Action) -> String {
        join(&self.keys_in(context, action))
    }
}

fn join(keys: &[Key]) -> String {
    keys.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use ratatui::crossterm::event::KeyCode;

    use super::*;
    use crate::tui::testing::{ctrl, key};

    fn bindings(source: &str) -> Bindings {
        #[derive(serde::Deserialize)]
        struct File {
            keys: Bindings,
        }
        toml::from_str::<File>(source).unwrap().keys
    }

    #[test]
    fn defaults_bind_arrows_and_vim_keys_and_never_clash() {
        let map = Keymap::default();
        let j = key(KeyCode::Char('j'));
        let down = key(KeyCode::Down);
        let ctrl_s = ctrl('s');
        assert!(map.is(Action::Down, &j) && map.is(Action::Down, &down));
        assert!(map.is(Action::Commit, &ctrl_s));
        assert!(!map.is(Action::CycleStatus, &ctrl_s));
        assert_eq!(map.label(Action::Commit), "Ctrl-S");
        // `m` marks a revision in the history and takes my side in a conflict:
        // different contexts, so no clash.
        assert_eq!(map.label(Action::Mark), map.label(Action::Mine));
        let mut all_origins = map.clone();
        for command in map.commands() {
            all_origins.origins.insert(
                command.action,
                Origin {
                    file: 0,
                    keys: map.keys[&command.action]
                        .iter()
                        .map(|k| (*k, 0..0))
                        .collect(),
                },
            );
        }
        assert!(
            all_origins.clashes().is_empty(),
            "{:?}",
            all_origins.clashes()
        );
    }

    #[test]
    fn a_user_file_overrides_only_what_it_names() {
        let mut map = Keymap::default();
        assert!(
            map.apply(0, &bindings("[keys]\ncommit = [\"ctrl-w\"]\n"))
                .is_empty()
        );
        assert_eq!(map.label(Action::Commit), "Ctrl-W");
        assert_eq!(map.label(Action::Quit), "q");
        let problems = map.apply(
            0,
            &bindings("[keys]\ncomit = [\"x\"]\nquit = [\"ctrl-\"]\n"),
        );
        assert!(
            matches!(&problems[0].problem, Problem::Unknown { id, closest: Some(c), .. } if id == "comit" && c == "commit"),
            "{problems:?}"
        );
        assert_eq!(problems[1].span, Some(29..36));
    }

    #[test]
    fn a_key_doing_two_things_in_one_context_is_blamed_on_the_users_binding() {
        let mut map = Keymap::default();
        let source = "[keys]\nmark = [\"v\"]\ncommit = [\"q\"]\n";
        assert!(map.apply(3, &bindings(source)).is_empty());
        let clashes = map.clashes();
        assert_eq!(clashes.len(), 1, "{clashes:?}");
        let (file, diagnostic) = &clashes[0];
        assert_eq!(*file, 3);
        assert_eq!(diagnostic.span, Some(30..33));
        assert_eq!(
            diagnostic.problem,
            Problem::KeyTaken {
                key: "q".into(),
                action: "quit".into(),
                context_zh: "全域",
                context_en: "global",
            }
        );
        // The same key in two contexts that never meet is fine.
        let mut map = Keymap::default();
        map.apply(0, &bindings("[keys]\nfilter = [\"m\"]\n"));
        assert!(map.clashes().is_empty());
        // Leaving the editor with a letter would make it impossible.
        let mut map = Keymap::default();
        map.apply(0, &bindings("[keys]\nfinish = [\"x\"]\n"));
        assert!(matches!(
            map.clashes()[..],
            [(
                0,
                Diagnostic {
                    problem: Problem::OnlyTextKeys { .. },
                    ..
                }
            )]
        ));
    }

    #[test]
    fn letters_are_text_while_typing() {
        let map = Keymap::default();
        assert_eq!(map.label_in(Context::Editor, Action::Help), "F1");
        assert_eq!(map.label_in(Context::Global, Action::Help), "?/F1");
        let question = key(KeyCode::Char('?'));
        assert!(!map.is_in(Context::Editor, Action::Help, &question));
        assert!(map.is_in(Context::Global, Action::Help, &question));
        assert_eq!(
            map.doc(Context::Brics, Action::Next, Lang::En),
            "next table"
        );
        assert_eq!(
            map.doc(Context::Diff, Action::Next, Lang::En),
            "next change"
        );
        assert_eq!(map.doc(Context::Brics, Action::Up, Lang::En), "up");
    }
}
