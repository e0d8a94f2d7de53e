//! Every action the workbench can do, as data: its name, one line of doc in each
//! language, and its default keys. The footer, the help overlay and the key
//! dispatch all read this one table, so help is always right. A user file
//! (`$XDG_CONFIG_HOME/dsw/keys.toml`) overrides only the actions it names.

use std::collections::BTreeMap;
use std::fmt;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::Deserialize;

use crate::i18n::Lang;

/// An action the person can take.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    /// Quit (the draft is kept).
    Quit,
    /// Show the help overlay.
    Help,
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
    /// Next search match / next change.
    Next,
    /// Previous search match / previous change.
    Prev,
    /// Tab 1: checklist.
    TabChecklist,
    /// Tab 2: BRiCS.
    TabBrics,
    /// Tab 3: history.
    TabHistory,
    /// Tab 4: diff.
    TabDiff,
    /// Tab 5: overview.
    TabOverview,
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
}

/// One row of the command table.
pub struct Command {
    /// The action.
    pub action: Action,
    /// Its name in keys.toml.
    pub name: &'static str,
    /// Doc in Chinese.
    pub zh: &'static str,
    /// Doc in English.
    pub en: &'static str,
    /// Default keys.
    pub keys: &'static [&'static str],
}

/// The command table: every action, its name, doc and default keys.
#[rustfmt::skip]
pub const COMMANDS: &[Command] = &[
    Command { action: Action::Help, name: "help", zh: "說明", en: "help", keys: &["?", "f1"] },
    Command { action: Action::Quit, name: "quit", zh: "離開（保留草稿）", en: "quit (draft kept)", keys: &["q"] },
    Command { action: Action::Back, name: "back", zh: "返回", en: "back", keys: &["esc"] },
    Command { action: Action::Up, name: "up", zh: "上", en: "up", keys: &["up", "k"] },
    Command { action: Action::Down, name: "down", zh: "下", en: "down", keys: &["down", "j"] },
    Command { action: Action::Left, name: "left", zh: "收合／左", en: "collapse / left", keys: &["left", "h"] },
    Command { action: Action::Right, name: "right", zh: "展開／右", en: "expand / right", keys: &["right", "l"] },
    Command { action: Action::Top, name: "top", zh: "到頂端", en: "top", keys: &["g", "home"] },
    Command { action: Action::Bottom, name: "bottom", zh: "到底端", en: "bottom", keys: &["G", "end"] },
    Command { action: Action::PageUp, name: "page_up", zh: "上一頁", en: "page up", keys: &["pageup", "ctrl-b"] },
    Command { action: Action::PageDown, name: "page_down", zh: "下一頁", en: "page down", keys: &["pagedown", "ctrl-f"] },
    Command { action: Action::NextPane, name: "next_pane", zh: "下一個窗格", en: "next pane", keys: &["tab"] },
    Command { action: Action::PrevPane, name: "prev_pane", zh: "上一個窗格", en: "previous pane", keys: &["backtab"] },
    Command { action: Action::Edit, name: "edit", zh: "編輯", en: "edit", keys: &["enter", "e"] },
    Command { action: Action::CycleStatus, name: "cycle_status", zh: "切換檢核狀態", en: "cycle item status", keys: &["space", "s"] },
    Command { action: Action::AddEvidence, name: "add_evidence", zh: "新增佐證", en: "add evidence", keys: &["a"] },
    Command { action: Action::RemoveEvidence, name: "remove_evidence", zh: "移除最後一個佐證", en: "remove last evidence", keys: &["x"] },
    Command { action: Action::ToggleReference, name: "toggle_reference", zh: "顯示／隱藏參考資料", en: "show / hide reference", keys: &["r"] },
    Command { action: Action::Commit, name: "commit", zh: "提交", en: "commit", keys: &["ctrl-s"] },
    Command { action: Action::Search, name: "search", zh: "搜尋", en: "search", keys: &["/"] },
    Command { action: Action::Next, name: "next", zh: "下一個", en: "next", keys: &["n"] },
    Command { action: Action::Prev, name: "prev", zh: "上一個", en: "previous", keys: &["N"] },
    Command { action: Action::TabChecklist, name: "tab_checklist", zh: "指引", en: "checklist", keys: &["1"] },
    Command { action: Action::TabBrics, name: "tab_brics", zh: "BRiCS", en: "BRiCS", keys: &["2"] },
    Command { action: Action::TabHistory, name: "tab_history", zh: "歷程", en: "history", keys: &["3"] },
    Command { action: Action::TabDiff, name: "tab_diff", zh: "差異", en: "diff", keys: &["4"] },
    Command { action: Action::TabOverview, name: "tab_overview", zh: "總覽", en: "overview", keys: &["5"] },
    Command { action: Action::Add, name: "add", zh: "新增", en: "add", keys: &["a"] },
    Command { action: Action::Delete, name: "delete", zh: "刪除", en: "delete", keys: &["d"] },
    Command { action: Action::Rename, name: "rename", zh: "改名", en: "rename", keys: &["R"] },
    Command { action: Action::MoveUp, name: "move_up", zh: "上移", en: "move up", keys: &["K"] },
    Command { action: Action::MoveDown, name: "move_down", zh: "下移", en: "move down", keys: &["J"] },
    Command { action: Action::Mark, name: "mark", zh: "標記以比較", en: "mark to compare", keys: &["m"] },
    Command { action: Action::Tag, name: "tag", zh: "標記送審", en: "tag iteration", keys: &["t"] },
    Command { action: Action::Filter, name: "filter", zh: "依指引篩選", en: "filter by guideline", keys: &["f"] },
    Command { action: Action::Mine, name: "mine", zh: "用我的", en: "take mine", keys: &["m"] },
    Command { action: Action::Theirs, name: "theirs", zh: "用對方的", en: "take theirs", keys: &["t"] },
];

impl Action {
    /// The row of the command table for this action.
    pub fn command(self) -> &'static Command {
        COMMANDS
            .iter()
            .find(|c| c.action == self)
            .unwrap_or(&COMMANDS[0])
    }

    /// The doc line in `lang`.
    pub fn doc(self, lang: Lang) -> &'static str {
        let command = self.command();
        lang.pick(command.zh, command.en)
    }
}

/// A key as the table writes it: `ctrl-s`, `G`, `enter`, `f1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    code: KeyCode,
    ctrl: bool,
    alt: bool,
}

impl Key {
    /// Parses a key name; `None` if it is not one.
    pub fn parse(text: &str) -> Option<Key> {
        let mut ctrl = false;
        let mut alt = false;
        let mut rest = text;
        loop {
            if let Some(r) = rest.strip_prefix("ctrl-") {
                ctrl = true;
                rest = r;
            } else if let Some(r) = rest.strip_prefix("alt-") {
                alt = true;
                rest = r;
            } else {
                break;
            }
        }
        let code = match rest {
            "enter" => KeyCode::Enter,
            "esc" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "backtab" => KeyCode::BackTab,
            "space" => KeyCode::Char(' '),
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "pageup" => KeyCode::PageUp,
            "pagedown" => KeyCode::PageDown,
            "backspace" => KeyCode::Backspace,
            "delete" => KeyCode::Delete,
            f if f.len() > 1 && f.starts_with('f') => KeyCode::F(f[1..].parse().ok()?),
            c if c.chars().count() == 1 => KeyCode::Char(c.chars().next()?),
            _ => return None,
        };
        Some(Key { code, ctrl, alt })
    }

    /// The key of a terminal key event.
    pub fn of(event: &KeyEvent) -> Key {
        // Shift-Tab arrives as BackTab and capitals with SHIFT: the code says it all.
        let code = event.code;
        Key {
            code,
            ctrl: event.modifiers.contains(KeyModifiers::CONTROL),
            alt: event.modifiers.contains(KeyModifiers::ALT),
        }
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("Ctrl-")?;
        }
        if self.alt {
            f.write_str("Alt-")?;
        }
        match self.code {
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::F(n) => write!(f, "F{n}"),
            KeyCode::Char(c) if self.ctrl => write!(f, "{}", c.to_ascii_uppercase()),
            KeyCode::Char(c) => write!(f, "{c}"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// Keys bound to each action, defaults merged with the user's overrides.
#[derive(Debug, Clone)]
pub struct Keymap {
    keys: BTreeMap<Action, Vec<Key>>,
}

/// What keys.toml holds: `action_name = ["key", …]`, only the actions it changes.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeysFile {
    #[serde(default)]
    keys: BTreeMap<String, Vec<String>>,
}

impl Default for Keymap {
    fn default() -> Self {
        let keys = COMMANDS
            .iter()
            .map(|c| {
                (
                    c.action,
                    c.keys.iter().filter_map(|k| Key::parse(k)).collect(),
                )
            })
            .collect();
        Keymap { keys }
    }
}

impl Keymap {
    /// The defaults with `source` (a keys.toml) applied; errors name the line.
    pub fn with_overrides(path: &str, source: &str) -> Result<Keymap, crate::diagnostic::Report> {
        let file: KeysFile = crate::diagnostic::parse_toml(path, source)?;
        let mut keymap = Keymap::default();
        let mut problems = Vec::new();
        for (name, keys) in file.keys {
            let Some(command) = COMMANDS.iter().find(|c| c.name == name) else {
                let names = COMMANDS.iter().map(|c| c.name);
                problems.push(crate::diagnostic::Diagnostic {
                    span: source.find(&name).map(|at| at..at + name.len()),
                    problem: crate::diagnostic::Problem::Unknown {
                        what: "action",
                        id: name.clone(),
                        closest: crate::suggest::closest(&name, names).map(str::to_owned),
                    },
                });
                continue;
            };
            let mut parsed = Vec::new();
            for key in &keys {
                match Key::parse(key) {
                    Some(k) => parsed.push(k),
                    None => problems.push(crate::diagnostic::Diagnostic {
                        span: source
                            .find(&format!("\"{key}\""))
                            .map(|at| at..at + key.len() + 2),
                        problem: crate::diagnostic::Problem::Syntax(format!(
                            "`{key}` is not a key (e.g. \"ctrl-s\", \"q\", \"enter\", \"f1\")"
                        )),
                    }),
                }
            }
            keymap.keys.insert(command.action, parsed);
        }
        if problems.is_empty() {
            Ok(keymap)
        } else {
            Err(crate::diagnostic::Report {
                path: path.to_owned(),
                source: source.to_owned(),
                diagnostics: problems,
            })
        }
    }

    /// The user's keymap: defaults plus `$XDG_CONFIG_HOME/dsw/keys.toml` if present.
    pub fn load() -> Result<Keymap, crate::diagnostic::Report> {
        let Some(path) = crate::form::config_home().map(|dir| dir.join("dsw").join("keys.toml"))
        else {
            return Ok(Keymap::default());
        };
        match std::fs::read_to_string(&path) {
            Ok(source) => Keymap::with_overrides(&path.display().to_string(), &source),
            Err(_) => Ok(Keymap::default()),
        }
    }

    /// Whether `event` is one of `action`'s keys.
    pub fn is(&self, action: Action, event: &KeyEvent) -> bool {
        let key = Key::of(event);
        self.keys
            .get(&action)
            .is_some_and(|keys| keys.contains(&key))
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
        self.keys
            .get(&action)
            .map(|keys| {
                keys.iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("/")
            })
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_bind_arrows_and_vim_keys() {
        let map = Keymap::default();
        let j = KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE);
        let down = KeyEvent::new(KeyCode::Down, KeyModifiers::NONE);
        let ctrl_s = KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL);
        assert!(map.is(Action::Down, &j) && map.is(Action::Down, &down));
        assert!(map.is(Action::Commit, &ctrl_s));
        assert!(!map.is(Action::CycleStatus, &ctrl_s));
        assert_eq!(map.label(Action::Commit), "Ctrl-S");
    }

    #[test]
    fn a_user_file_overrides_only_what_it_names() {
        let map = Keymap::with_overrides("keys.toml", "[keys]\ncommit = [\"ctrl-w\"]\n").unwrap();
        assert_eq!(map.label(Action::Commit), "Ctrl-W");
        assert_eq!(map.label(Action::Quit), "q");
        let err = Keymap::with_overrides("keys.toml", "[keys]\ncomit = [\"x\"]\n").unwrap_err();
        let text = err.render(Lang::En);
        assert!(
            text.contains("unknown action `comit`") && text.contains("`commit`"),
            "{text}"
        );
        let err = Keymap::with_overrides("keys.toml", "[keys]\nquit = [\"ctrl-\"]\n").unwrap_err();
        assert!(
            err.render(Lang::En).contains("keys.toml:2:"),
            "{}",
            err.render(Lang::En)
        );
    }
}
