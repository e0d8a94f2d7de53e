//! The text editor used for answers and BRiCS cells: ratatui-textarea with soft
//! wrap, so CJK text wraps at the pane edge and the caret sits on the right cell;
//! the real terminal cursor is placed there too, so IME composition shows in place.

use ratatui::Frame;
use ratatui::crossterm::event::{Event, KeyEvent};
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::widgets::{Block, Borders};
use ratatui_textarea::{CursorMove, TextArea, WrapMode};

use super::keymap::{Action, Context, Keymap};
use super::theme::Theme;
use crate::assessment::MAX_TEXT;
use crate::i18n::Lang;

/// Above this size an editor stops soft-wrapping (see [`Editor::fit_wrap`]).
const SOFT_WRAP_LIMIT: usize = 256 * 1024;

/// What an editor key did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    /// The text changed.
    Changed,
    /// The caret moved or nothing happened.
    Unchanged,
    /// The person left the editor (the finish key, Esc by default).
    Done,
}

/// A multi-line editor.
pub struct Editor {
    area: TextArea<'static>,
    cursor: Option<Position>,
}

impl Editor {
    /// An editor holding `text`, caret at the end.
    pub fn new(text: &str) -> Editor {
        let lines: Vec<String> = if text.is_empty() {
            vec![String::new()]
        } else {
            text.split('\n').map(str::to_owned).collect()
        };
        let mut area = TextArea::new(lines);
        area.set_cursor_line_style(Style::default());
        area.set_max_histories(200);
        area.move_cursor(CursorMove::Bottom);
        area.move_cursor(CursorMove::End);
        let mut editor = Editor { area, cursor: None };
        editor.fit_wrap();
        editor
    }

    /// Soft wrap for ordinary answers; none for a huge one. ratatui-textarea
    /// re-wraps the whole text on every edit, which at a few MiB costs ~80 ms a
    /// keystroke; unwrapped (scrolling sideways) it stays within the frame budget.
    fn fit_wrap(&mut self) {
        let size: usize = self.area.lines().iter().map(|l| l.len() + 1).sum();
        let mode = if size > SOFT_WRAP_LIMIT {
            WrapMode::None
        } else {
            WrapMode::Glyph
        };
        if self.area.wrap_mode() != mode {
            self.area.set_wrap_mode(mode);
        }
    }

    /// Replaces the text (it changed underneath: another window's edit merged in),
    /// keeping the caret where it was as far as the new text allows.
    pub fn set_text(&mut self, text: &str) {
        let caret = self.area.cursor();
        let mut fresh = Editor::new(text);
        let clamp = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
        fresh
            .area
            .move_cursor(CursorMove::Jump(clamp(caret.0), clamp(caret.1)));
        fresh.cursor = self.cursor;
        *self = fresh;
    }

    /// The text.
    pub fn text(&self) -> String {
        self.area.lines().join("\n")
    }

    /// Handles a key; the finish key leaves.
    pub fn key(&mut self, event: &KeyEvent, keys: &Keymap) -> Edit {
        if keys.is_in(Context::Editor, Action::Finish, event) {
            return Edit::Done;
        }
        self.input(event)
    }

    /// Types a key into the text (a dialog's editor, whose own keys the dialog
    /// has already taken).
    pub fn input(&mut self, event: &KeyEvent) -> Edit {
        if self.area.input(Event::Key(*event)) {
            self.fit_wrap();
            Edit::Changed
        } else {
            Edit::Unchanged
        }
    }

    /// Whether pasting `text` keeps the text within `MAX_TEXT`, the limit
    /// `dsw answer -` has too.
    pub fn paste_fits(&self, text: &str) -> bool {
        let current: usize = self.area.lines().iter().map(|l| l.len() + 1).sum();
        current + text.len() <= MAX_TEXT
    }

    /// What the status line says when a paste does not fit.
    pub fn too_long(lang: Lang) -> String {
        lang.pick(
            "貼上的文字會讓內容超過 4 MiB，沒有貼上。",
            "the pasted text would take this over 4 MiB; nothing was pasted.",
        )
        .to_owned()
    }

    /// Inserts pasted text as one edit (bracketed paste keeps it from being typed
    /// key by key, which would be slow and could trigger commands).
    pub fn paste(&mut self, text: &str) -> Edit {
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        if self.area.insert_str(text) {
            self.fit_wrap();
            Edit::Changed
        } else {
            Edit::Unchanged
        }
    }

    /// Draws with a titled border and records where the caret is on screen.
    pub fn draw(&mut self, frame: &mut Frame<'_>, area: Rect, title: &str, theme: &Theme) {
        self.area.set_block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(theme.focus)
                .title(title.to_owned()),
        );
        self.area.set_style(theme.text);
        self.area
            .set_cursor_style(Style::default().add_modifier(Modifier::REVERSED));
        frame.render_widget(&self.area, area);
        // The widget scrolls while drawing; the caret's screen cell is its display
        // position minus that scroll, inside the border.
        let caret = self.area.screen_cursor();
        let (top, left) = self.area.scroll_offset();
        let inner = Rect {
            x: area.x + 1,
            y: area.y + 1,
            width: area.width.saturating_sub(2),
            height: area.height.saturating_sub(2),
        };
        let row = caret.row.saturating_sub(usize::from(top));
        let col = caret.col.saturating_sub(usize::from(left));
        self.cursor =
            (row < usize::from(inner.height) && col <= usize::from(inner.width)).then(|| {
                Position {
                    x: inner.x + col.min(usize::from(inner.width.saturating_sub(1))) as u16,
                    y: inner.y + row as u16,
                }
            });
    }

    /// Where the caret was drawn.
    pub fn cursor(&self) -> Option<Position> {
        self.cursor
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_huge_text_is_edited_unwrapped_and_an_ordinary_one_wrapped() {
        let mut editor = Editor::new("一般的回答");
        assert_eq!(editor.area.wrap_mode(), WrapMode::Glyph);
        let huge = "長文字\n".repeat(SOFT_WRAP_LIMIT / 10 + 1);
        assert_eq!(editor.paste(&huge), Edit::Changed);
        assert_eq!(editor.area.wrap_mode(), WrapMode::None);
        assert_eq!(Editor::new(&huge).area.wrap_mode(), WrapMode::None);
        editor.set_text("短");
        assert_eq!(editor.area.wrap_mode(), WrapMode::Glyph);
    }
}
