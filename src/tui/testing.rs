//! The TUI unit tests' shared set-up: a fresh repository and a model on it, key
//! events as a terminal sends them, and a tab drawn to text. One copy here, so
//! that the tests say what they check rather than how they get there.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tempfile::TempDir;

use super::component::{Component, Ctx, Outcome};
use super::keymap::Keymap;
use super::model::Model;
use super::text::buffer_text;
use super::theme::Theme;
use crate::i18n::Lang;
use crate::store::{AssessmentName, Author, Store};

/// The form most tests fill in.
pub(crate) const FORM: &str = "ict-plan";

/// Someone called `name`, writing from `<name in lower case>@example.org`.
pub(crate) fn author_named(name: &str) -> Author {
    Author {
        name: name.into(),
        email: format!("{}@example.org", name.to_lowercase()),
    }
}

/// The tests' author: Tester <tester@example.org>.
pub(crate) fn author() -> Author {
    author_named("Tester")
}

/// A fresh repository with one assessment of `form`, initialised by `by`. Keep
/// the directory alive as long as the store.
pub(crate) fn repo_by(form: &str, by: &Author) -> (TempDir, Store, AssessmentName) {
    let dir = tempfile::tempdir().unwrap();
    let (store, name, _) = Store::init(dir.path(), form, None, None, by, "init").unwrap();
    (dir, store, name)
}

/// A fresh repository with one assessment of `form`, initialised by [`author`].
pub(crate) fn repo(form: &str) -> (TempDir, Store, AssessmentName) {
    repo_by(form, &author())
}

/// `store`'s `name` opened by user `tester`, in Chinese.
pub(crate) fn open(store: Store, name: AssessmentName) -> Model {
    Model::open(store, name, "tester".into(), Lang::Zh).unwrap()
}

/// A model on a fresh repository of `form` (see [`repo`] and [`open`]).
pub(crate) fn model(form: &str) -> (TempDir, Model) {
    let (dir, store, name) = repo(form);
    (dir, open(store, name))
}

/// A key as the terminal sends it: capitals with SHIFT, the rest bare.
pub(crate) fn key(code: KeyCode) -> KeyEvent {
    let modifiers = match code {
        KeyCode::Char(c) if c.is_ascii_uppercase() => KeyModifiers::SHIFT,
        _ => KeyModifiers::NONE,
    };
    KeyEvent::new(code, modifiers)
}

/// Ctrl and `c`.
pub(crate) fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

/// Alt and `c`.
pub(crate) fn alt(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::ALT)
}

/// The keys that type `text`, one a character.
pub(crate) fn typed(text: &str) -> impl Iterator<Item = KeyEvent> + '_ {
    text.chars().map(|c| key(KeyCode::Char(c)))
}

/// `code` pressed on `tab`, with the default keys.
pub(crate) fn press(tab: &mut impl Component, model: &mut Model, code: KeyCode) -> Outcome {
    tab.key(&key(code), model, &Keymap::default())
}

/// `text` typed into `tab`, a key a character.
pub(crate) fn type_text(tab: &mut impl Component, model: &mut Model, text: &str) {
    for event in typed(text) {
        tab.key(&event, model, &Keymap::default());
    }
}

/// `tab` drawn focused with `theme` on a `width` × `height` terminal, in the
/// model's language and with the default keys.
pub(crate) fn draw(
    tab: &mut impl Component,
    model: &Model,
    theme: &Theme,
    width: u16,
    height: u16,
) -> Buffer {
    let keys = Keymap::default();
    let ctx = Ctx {
        model,
        theme,
        keys: &keys,
        lang: model.lang,
    };
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| tab.draw(frame, frame.area(), &ctx, true))
        .unwrap();
    terminal.backend().buffer().clone()
}

/// The screen as text, one line a row (see [`buffer_text`]): `tab` drawn as by
/// [`draw`] with the fallback theme.
pub(crate) fn render(tab: &mut impl Component, model: &Model, width: u16, height: u16) -> String {
    buffer_text(&draw(tab, model, &Theme::fallback(), width, height))
}
