//! What every tab is: something that draws itself, takes the keys, pastes, clicks
//! and prompt answers meant for it, and says which commands work there (for the
//! footer and help). The app reaches every tab only through this trait and the tab
//! table (`super::tabs`), so a new tab needs no change to the app.

use git2::Oid;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyEvent, MouseEvent};
use ratatui::layout::{Position, Rect};

use super::keymap::{Action, Context, Keymap};
use super::model::Model;
use super::presence::Board;
use super::theme::Theme;
use crate::i18n::Lang;
use crate::review::Target;

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
    /// Show the semantic diff between two revisions (the tab that can, see
    /// [`Component::compare`]).
    ShowDiff {
        /// From.
        from: Oid,
        /// To.
        to: Oid,
    },
    /// Ask for a line of text; the answer comes back to this component's
    /// [`Component::answer`].
    Ask(Ask),
    /// Say something in the status line.
    Notice(String),
    /// Save the draft now (a focus change).
    Save,
    /// Show what a review comment is about (the tab that can, see
    /// [`Component::show`]).
    Show(Target),
}

/// A one-line question for the person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ask {
    /// The prompt's title.
    pub title: String,
    /// The text it starts with.
    pub initial: String,
}

impl Ask {
    /// A question titled `title`, starting empty.
    pub fn new(title: impl Into<String>) -> Ask {
        Ask {
            title: title.into(),
            initial: String::new(),
        }
    }
}

/// The question `asked` and the text of its `answer`, trimmed: `None` when the
/// person cancelled, answered nothing, or nothing was asked. Clears `asked`.
pub fn answered<Q>(asked: &mut Option<Q>, answer: Option<&str>) -> Option<(Q, String)> {
    let question = asked.take()?;
    let text = answer?.trim();
    (!text.is_empty()).then(|| (question, text.to_owned()))
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

/// A tab.
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

    /// The answer to the question this component asked ([`Request::Ask`]); `None`
    /// when the person cancelled it.
    fn answer(&mut self, _answer: Option<&str>, _model: &mut Model, _keys: &Keymap) -> Outcome {
        Outcome::Ignored
    }

    /// Shows the diff between two revisions, if this is the tab for it.
    fn compare(&mut self, _model: &Model, _from: Oid, _to: Oid) -> bool {
        false
    }

    /// Selects what a review comment is about, if this is the tab for it; false
    /// when it is not (or the target is not there).
    fn show(&mut self, _model: &Model, _target: &Target) -> bool {
        false
    }

    /// Which keys work here now: the tab's own context, or the editor's while
    /// typing.
    fn context(&self) -> Context;

    /// The commands that work here now, for the footer.
    fn commands(&self) -> Vec<Action>;

    /// Where the terminal cursor belongs (an editor's caret), so IME composition
    /// appears in place.
    fn cursor(&self) -> Option<Position> {
        None
    }

    /// The field an open editor is on (for presence: others see who edits what).
    fn editing_field(&self) -> Option<String> {
        None
    }

    /// Closes an open editor, keeping its text (the focus leaves the tab, or the
    /// person commits or quits).
    fn finish_editing(&mut self, _model: &mut Model) {}

    /// Who else is editing what, whenever that changes.
    fn show_presence(&mut self, _board: &Board) {}

    /// Called when the tab is shown and when the assessment changed underneath
    /// (commit, reload, teammates).
    fn refresh(&mut self, _model: &Model) {}

    /// Text from a recovery file was merged into the draft: show where it was
    /// last edited.
    fn restored(&mut self, _model: &Model) {}

    /// Puts the review text waiting in the model ([`Model::waiting_review`]: left
    /// unsent by an earlier session, or whose sending failed) back in this tab's
    /// editor, if this is the tab for it and its editor is free; returns what to
    /// say.
    fn resume_review(&mut self, _model: &mut Model, _keys: &Keymap) -> Option<String> {
        None
    }

    /// Takes in what the tab's background job sent (the event loop was woken for
    /// it). Returns true when something changed and the screen should be redrawn.
    fn collect(&mut self, _model: &Model) -> bool {
        false
    }
}
