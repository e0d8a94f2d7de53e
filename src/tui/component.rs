//! What every part of the screen is: something that draws itself, takes the keys
//! meant for it, and says which commands work there (for the footer and help).

use git2::Oid;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyEvent, MouseEvent};
use ratatui::layout::{Position, Rect};

use super::keymap::{Action, Keymap};
use super::model::Model;
use super::theme::Theme;
use crate::i18n::Lang;

/// What a component did with an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// It handled the event.
    Consumed,
    /// Not its business: the app may use it.
    Ignored,
    /// It handled it and asks the app for something.
    Request(Request),
}

/// Things a component asks the app to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// Show the semantic diff between two revisions.
    ShowDiff {
        /// From.
        from: Oid,
        /// To.
        to: Oid,
    },
    /// Ask for a line of text.
    Prompt(Prompt),
    /// Say something in the status line.
    Notice(String),
    /// Save the draft now (a focus change).
    Save,
}

/// What a one-line prompt is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Prompt {
    /// Evidence label for an item.
    EvidenceLabel {
        /// The item.
        item: String,
    },
    /// Evidence target, after the label.
    EvidenceTarget {
        /// The item.
        item: String,
        /// The label given.
        label: String,
    },
    /// A new stakeholder's name in a BRiCS table (a new table if none).
    NewStakeholder {
        /// The table id, or None to create a table first.
        table: Option<String>,
    },
    /// A new BRiCS table's title.
    NewTable,
    /// A new name for a stakeholder.
    RenameStakeholder {
        /// The table id.
        table: String,
        /// The stakeholder id.
        stakeholder: String,
    },
    /// An iteration tag name for a revision.
    TagName {
        /// The revision.
        revision: Oid,
    },
    /// Search text.
    Search,
}

/// Read-only things components draw with.
pub struct Ctx<'a> {
    /// The data.
    pub model: &'a Model,
    /// Styles.
    pub theme: &'a Theme,
    /// Keys (for labels).
    pub keys: &'a Keymap,
    /// Interface language.
    pub lang: Lang,
}

/// A part of the screen.
pub trait Component {
    /// Draws into `area`; `focused` when it takes the keys.
    fn draw(&mut self, frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>, focused: bool);

    /// A key pressed while this component has the focus.
    fn key(&mut self, event: &KeyEvent, model: &mut Model, keys: &Keymap) -> Outcome;

    /// Text pasted while this component has the focus (bracketed paste).
    fn paste(&mut self, _text: &str, _model: &mut Model) -> Outcome {
        Outcome::Ignored
    }

    /// A mouse event inside the last drawn area.
    fn mouse(&mut self, _event: &MouseEvent, _model: &mut Model) -> Outcome {
        Outcome::Ignored
    }

    /// The commands that work here now, for the footer and help.
    fn commands(&self) -> Vec<Action>;

    /// Where the terminal cursor belongs (an editor's caret), so IME composition
    /// appears in place.
    fn cursor(&self) -> Option<Position> {
        None
    }

    /// Whether keys go to a text editor (so single letters are text, not commands).
    fn editing(&self) -> bool {
        false
    }

    /// Called when the assessment changed underneath (commit, reload, teammates).
    fn refresh(&mut self, _model: &Model) {}

    /// Called every tick (about ten times a second): collect background results.
    /// Returns true when something changed and the screen should be redrawn.
    fn tick(&mut self, _model: &Model) -> bool {
        false
    }
}
