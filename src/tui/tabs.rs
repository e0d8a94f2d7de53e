//! The tab table: every tab of the workbench, in the order of the tab bar and of
//! their number keys. The app draws, dispatches keys, pastes, clicks and prompt
//! answers, and collects background results only through this table and the
//! [`Component`] trait, so adding a tab is its file plus one row here.

use std::sync::OnceLock;

use super::brics::BricsTab;
use super::checklist::Checklist;
use super::component::Component;
use super::diff::DiffTab;
use super::events::Waker;
use super::history::History;
use super::keymap::{Action, COMMANDS, Command, Context, Keymap};
use super::model::Model;
use super::overview::Overview;
use super::review::ReviewTab;
use crate::i18n::Lang;

/// One tab.
pub struct Tab {
    /// The action that shows it, by its name in a config file.
    pub action: &'static str,
    /// Its title in the tab bar (and, in help, what its number key does).
    pub title: fn(Lang) -> &'static str,
    /// Makes the tab; background work wakes the event loop with the waker.
    pub open: fn(&Model, Waker) -> Box<dyn Component>,
}

/// The tabs, in order; the n-th is shown by the key n.
pub const TABS: &[Tab] = &[
    Tab {
        action: "tab_checklist",
        title: |lang| lang.pick("指引", "Checklist"),
        open: |model, _| Box::new(Checklist::new(model)),
    },
    Tab {
        action: "tab_brics",
        title: |_| "BRiCS",
        open: |model, _| Box::new(BricsTab::new(model)),
    },
    Tab {
        action: "tab_history",
        title: |lang| lang.pick("歷程", "History"),
        open: |model, waker| Box::new(History::new(model, waker)),
    },
    Tab {
        action: "tab_diff",
        title: |lang| lang.pick("差異", "Diff"),
        open: |model, _| Box::new(DiffTab::new(model)),
    },
    Tab {
        action: "tab_overview",
        title: |lang| lang.pick("總覽", "Overview"),
        open: |model, waker| Box::new(Overview::new(model, waker)),
    },
    Tab {
        action: "tab_reviews",
        title: |lang| lang.pick("審查", "Reviews"),
        open: |model, _| Box::new(ReviewTab::new(model)),
    },
];

/// The default keys of the tabs: 1, 2, 3 …
static DIGITS: [&str; 9] = ["1", "2", "3", "4", "5", "6", "7", "8", "9"];

/// The whole command table: the keymap's rows and one per tab.
pub fn commands() -> &'static [Command] {
    static ALL: OnceLock<Vec<Command>> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut all = COMMANDS.to_vec();
        // After quit and commit, where help lists the global commands people
        // look for first.
        let at = all
            .iter()
            .position(|c| c.action == Action::Back)
            .unwrap_or(all.len());
        let tabs = TABS.iter().enumerate().map(|(n, tab)| Command {
            context: Context::Global,
            action: Action::Tab(n),
            name: tab.action,
            zh: (tab.title)(Lang::Zh),
            en: (tab.title)(Lang::En),
            keys: DIGITS.get(n..=n).unwrap_or_default(),
        });
        all.splice(at..at, tabs);
        all
    })
}

/// The defaults need the tab table for the tab keys, so they are made here rather
/// than in the keymap (which the tabs themselves use).
impl Default for Keymap {
    fn default() -> Self {
        Keymap::new(commands())
    }
}

/// The open tabs and which one is shown.
pub struct Tabs {
    tabs: Vec<Box<dyn Component>>,
    shown: usize,
}

impl Tabs {
    /// Every tab of the table, the first shown.
    pub fn open(model: &Model, waker: &Waker) -> Tabs {
        Tabs {
            tabs: TABS
                .iter()
                .map(|tab| (tab.open)(model, waker.clone()))
                .collect(),
            shown: 0,
        }
    }

    /// Which tab is shown.
    pub fn shown(&self) -> usize {
        self.shown
    }

    /// The shown tab.
    pub fn current(&mut self) -> &mut dyn Component {
        self.tabs[self.shown].as_mut()
    }

    /// The shown tab, to read.
    pub fn current_ref(&self) -> &dyn Component {
        self.tabs[self.shown].as_ref()
    }

    /// The tab at `n`.
    pub fn get(&mut self, n: usize) -> Option<&mut dyn Component> {
        Some(self.tabs.get_mut(n)?.as_mut())
    }

    /// Every tab.
    pub fn all(&mut self) -> impl Iterator<Item = &mut Box<dyn Component>> {
        self.tabs.iter_mut()
    }

    /// Every tab, to read.
    pub fn all_ref(&self) -> impl Iterator<Item = &Box<dyn Component>> {
        self.tabs.iter()
    }

    /// Shows tab `n` (its editor state is the caller's business).
    pub fn show(&mut self, n: usize) {
        if n < self.tabs.len() {
            self.shown = n;
        }
    }
}
