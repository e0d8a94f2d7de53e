//! The text editor used for answers and BRiCS cells: ratatui-textarea with soft
//! wrap, so CJK text wraps at the pane edge and the caret sits on the right cell;
//! the real terminal cursor is placed there too, so IME composition shows in place.
//!
//! ratatui-textarea re-measures its whole text after every edit, which at the
//! 4 MiB an answer may hold costs tens of milliseconds a keystroke. So a long text
//! is edited through a window: the text area holds only the part around the caret
//! (about [`WINDOW`] bytes, cut at line ends where there are any), the rest waits
//! in `head` and `tail` untouched, and the window moves with the caret. Keystrokes
//! then cost the same in a 4 MiB answer as in a short one; what a window move
//! forgets is the undo history and a selection, and only in texts that long.

use ratatui::Frame;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::widgets::{Block, Borders};
use ratatui_textarea::{CursorMove, TextArea, WrapMode};

use super::keymap::{Action, Context, Keymap};
use super::theme::Theme;
use crate::assessment::MAX_TEXT;
use crate::i18n::Lang;

/// About how much text the text area holds at once: a window of this size is
/// centred on the caret.
const WINDOW: usize = 16 * 1024;
/// The window moves before a key when the caret is this close to a cut edge: more
/// than a page of an ordinary pane, so paging rarely runs into an edge (where it
/// does, the caret stops there and the next key moves the window on).
const MARGIN: usize = 6 * 1024;
/// The window is cut again once typing or pasting has grown it past this (it stays
/// well under the 65,535 rows and columns a caret jump can address).
const WINDOW_MAX: usize = 32 * 1024;

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
    /// The window of the text being edited.
    area: TextArea<'static>,
    /// The text before the window, and after it.
    head: String,
    tail: String,
    cursor: Option<Position>,
    /// Where the editor was last drawn: a rebuilt text area is laid out there at
    /// once, so paging and line moves work before the next frame.
    drawn: Option<Rect>,
}

impl Editor {
    /// An editor holding `text`, caret at the end.
    pub fn new(text: &str) -> Editor {
        Editor::with_caret(text, text.len())
    }

    /// An editor holding `text` with the caret at byte `caret` (or the nearest
    /// character boundary before it).
    fn with_caret(text: &str, caret: usize) -> Editor {
        let caret = floor_boundary(text, caret);
        let (start, end) = window_around(text, caret);
        let window = &text[start..end];
        let mut area = TextArea::new(window.split('\n').map(str::to_owned).collect());
        area.set_cursor_line_style(Style::default());
        area.set_max_histories(200);
        area.set_wrap_mode(WrapMode::Glyph);
        let before = &window[..caret - start];
        let row = before.matches('\n').count();
        let col = before[before.rfind('\n').map_or(0, |n| n + 1)..]
            .chars()
            .count();
        let clamp = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
        area.move_cursor(CursorMove::Jump(clamp(row), clamp(col)));
        Editor {
            area,
            head: text[..start].to_owned(),
            tail: text[end..].to_owned(),
            cursor: None,
            drawn: None,
        }
    }

    /// The caret as a byte offset into the whole text.
    fn caret(&self) -> usize {
        let cursor = self.area.cursor();
        let (row, col) = (cursor.0, cursor.1);
        let lines = self.area.lines();
        let above: usize = lines[..row].iter().map(|l| l.len() + 1).sum();
        let line = &lines[row];
        let within = line.char_indices().nth(col).map_or(line.len(), |(i, _)| i);
        self.head.len() + above + within
    }

    /// The window's size in bytes.
    fn window_len(&self) -> usize {
        self.area.lines().iter().map(|l| l.len() + 1).sum::<usize>() - 1
    }

    /// Moves the window so the caret is at its centre, keeping the caret.
    fn recentre(&mut self) {
        let caret = self.caret();
        self.rebuild(&self.text(), caret);
    }

    /// Replaces the text area by one holding `text` around byte `caret`, laid out
    /// where the old one was drawn (a text area knows its page height and wrap
    /// width only once drawn).
    fn rebuild(&mut self, text: &str, caret: usize) {
        let (cursor, drawn) = (self.cursor, self.drawn);
        *self = Editor::with_caret(text, caret);
        self.cursor = cursor;
        self.drawn = drawn;
        if let Some(area) = drawn {
            self.area.set_block(Block::default().borders(Borders::ALL));
            let mut scratch = ratatui::buffer::Buffer::empty(area);
            ratatui::widgets::Widget::render(&self.area, area, &mut scratch);
        }
    }

    /// Moves the window when the caret is near a cut edge, so the key about to be
    /// handled has text to work on past it.
    fn follow_caret(&mut self) {
        if self.head.is_empty() && self.tail.is_empty() {
            return;
        }
        let within = self.caret() - self.head.len();
        if (!self.head.is_empty() && within < MARGIN)
            || (!self.tail.is_empty() && self.window_len() - within < MARGIN)
        {
            self.recentre();
        }
    }

    /// Replaces the text (it changed underneath: another window's edit merged in),
    /// keeping the caret where it was as far as the new text allows.
    pub fn set_text(&mut self, text: &str) {
        let old = self.text();
        let caret = self.caret();
        // The caret stays beside the text it was beside: where the text before it
        // is unchanged it stays; after an edit before it (the text after it
        // unchanged) it moves with that text.
        let caret = if text.starts_with(&old[..caret]) {
            caret
        } else if text.ends_with(&old[caret..]) {
            text.len() - (old.len() - caret)
        } else {
            caret.min(text.len())
        };
        self.rebuild(text, caret);
    }

    /// The text.
    pub fn text(&self) -> String {
        let mut text = String::with_capacity(self.head.len() + self.window_len() + self.tail.len());
        text.push_str(&self.head);
        for (n, line) in self.area.lines().iter().enumerate() {
            if n > 0 {
                text.push('\n');
            }
            text.push_str(line);
        }
        text.push_str(&self.tail);
        text
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
        // The text area's own jump to its first or last line would stop at the
        // window's edge: jump in the whole text instead.
        if let Some(to_end) = jump_to_edge(event)
            && !(self.head.is_empty() && self.tail.is_empty())
        {
            let text = self.text();
            self.rebuild(&text, if to_end { text.len() } else { 0 });
            return Edit::Unchanged;
        }
        // The same limit as `dsw answer -`: a full text takes no more typing.
        let inserts = matches!(event.code, KeyCode::Char(_) | KeyCode::Enter | KeyCode::Tab)
            && !event
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        if inserts && self.head.len() + self.window_len() + self.tail.len() + 4 > MAX_TEXT {
            return Edit::Unchanged;
        }
        self.follow_caret();
        if self.area.input(Event::Key(*event)) {
            self.fit_window();
            Edit::Changed
        } else {
            Edit::Unchanged
        }
    }

    /// Whether the text area gives `event`, an Alt+key, a meaning of its own (word
    /// moves and deletes, first and last line, paragraphs, page up).
    pub fn takes_alt(event: &KeyEvent) -> bool {
        let alt = event.modifiers.contains(KeyModifiers::ALT);
        let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
        match event.code {
            KeyCode::Char('h' | 'd' | 'b' | 'f' | '<' | '>' | '[' | ']' | 'p' | 'n' | 'v') => {
                alt && (!ctrl || matches!(event.code, KeyCode::Char('p' | 'n')))
            }
            KeyCode::Backspace | KeyCode::Delete | KeyCode::Left | KeyCode::Right => alt,
            KeyCode::Up | KeyCode::Down => alt && ctrl,
            _ => false,
        }
    }

    /// Cuts the window again when edits have made it too large to stay fast.
    fn fit_window(&mut self) {
        if self.window_len() > WINDOW_MAX {
            self.recentre();
        }
    }

    /// Whether pasting `text` keeps the text within `MAX_TEXT`, the limit
    /// `dsw answer -` has too.
    pub fn paste_fits(&self, text: &str) -> bool {
        self.head.len() + self.window_len() + self.tail.len() + text.len() <= MAX_TEXT
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
        self.follow_caret();
        if self.area.insert_str(text) {
            self.fit_window();
            Edit::Changed
        } else {
            Edit::Unchanged
        }
    }

    /// Draws with a titled border and records where the caret is on screen.
    pub fn draw(&mut self, frame: &mut Frame<'_>, area: Rect, title: &str, theme: &Theme) {
        self.drawn = Some(area);
        self.area.set_block(super::area::boxed(
            Block::default()
                .borders(Borders::ALL)
                .border_style(theme.focus)
                .title(title.to_owned()),
            area,
        ));
        self.area.set_style(theme.text);
        // The terminal's own cursor is the caret (placed in `cursor`): a painted
        // block on top of it would cost bytes on every keystroke and hide what
        // an input method is composing.
        self.area.set_cursor_style(Style::default());
        super::area::pane(frame, area, |frame| frame.render_widget(&self.area, area));
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

/// The byte range of `text` to edit around `caret`: about [`WINDOW`] bytes, all of
/// a text that fits, otherwise cut just after a line end before the caret and
/// just before one after it where the lines allow, at a character boundary where
/// one line is longer than the window.
fn window_around(text: &str, caret: usize) -> (usize, usize) {
    if text.len() <= WINDOW {
        return (0, text.len());
    }
    let half = WINDOW / 2;
    // A cut moves to a line end only within the part of the half-window farther
    // than MARGIN from the caret: a long neighbouring line must not bring the cut
    // up to the caret, where the window could never move past it.
    let mut start = floor_boundary(text, caret.saturating_sub(half));
    let near_start = floor_boundary(text, caret.saturating_sub(MARGIN)).max(start);
    if start > 0
        && let Some(n) = text[start..near_start].find('\n')
    {
        start += n + 1;
    }
    let mut end = ceil_boundary(text, caret + half);
    let near_end = ceil_boundary(text, caret + MARGIN).min(end);
    if end < text.len()
        && let Some(n) = text[near_end..end].rfind('\n')
    {
        end = near_end + n;
    }
    (start, end)
}

/// The character boundary at or before `at` (`str::floor_char_boundary` needs a
/// newer Rust than dsw's minimum).
fn floor_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The character boundary at or after `at`.
fn ceil_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// Whether a key is the text area's jump to the first line (`Some(false)`) or the
/// last (`Some(true)`): Alt+< / Alt+>, Ctrl+Alt+Up / Down (or p / n).
fn jump_to_edge(event: &KeyEvent) -> Option<bool> {
    let ctrl_alt = KeyModifiers::CONTROL | KeyModifiers::ALT;
    let alt_only = event.modifiers.contains(KeyModifiers::ALT)
        && !event.modifiers.contains(KeyModifiers::CONTROL);
    match event.code {
        KeyCode::Char('<') if alt_only => Some(false),
        KeyCode::Char('>') if alt_only => Some(true),
        KeyCode::Up | KeyCode::Char('p') if event.modifiers.contains(ctrl_alt) => Some(false),
        KeyCode::Down | KeyCode::Char('n') if event.modifiers.contains(ctrl_alt) => Some(true),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::testing::{alt, key, typed};

    fn press(editor: &mut Editor, code: KeyCode, modifiers: KeyModifiers) -> Edit {
        editor.input(&KeyEvent::new(code, modifiers))
    }

    fn type_str(editor: &mut Editor, text: &str) {
        for event in typed(text) {
            editor.input(&event);
        }
    }

    /// Draws the editor as the workbench does (a text area learns its page height
    /// and wrap width when drawn).
    fn drawn(editor: &mut Editor) {
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(60, 20)).expect("terminal");
        terminal
            .draw(|frame| editor.draw(frame, frame.area(), "t", &Theme::fallback()))
            .expect("drawn");
    }

    /// Lines longer than half a window beside each other: the caret crosses them
    /// both ways and Backspace joins them (the second reader's walled-off text).
    #[test]
    fn long_neighbouring_lines_never_wall_the_caret_in() {
        let line = |c: &str| c.repeat(3400);
        let text = format!("{}\n{}\n{}", line("甲"), line("乙"), line("丙"));
        let mut editor = Editor::new(&text);
        drawn(&mut editor);
        let third = 2 * (line("甲").len() + 1);
        // Up to the start of the third line, then Backspace joins it to the second.
        while editor.caret() > third {
            press(&mut editor, KeyCode::Up, KeyModifiers::NONE);
            drawn(&mut editor);
            press(&mut editor, KeyCode::Home, KeyModifiers::NONE);
        }
        assert_eq!(editor.caret(), third);
        press(&mut editor, KeyCode::Backspace, KeyModifiers::NONE);
        assert_eq!(
            editor.text(),
            format!("{}\n{}{}", line("甲"), line("乙"), line("丙"))
        );
        // And down from the very start to the last line.
        press(&mut editor, KeyCode::Char('<'), KeyModifiers::ALT);
        for _ in 0..2000 {
            press(&mut editor, KeyCode::Down, KeyModifiers::NONE);
            drawn(&mut editor);
        }
        assert!(editor.caret() > line("甲").len() + 1, "{}", editor.caret());
    }

    /// After the window moves, a page down moves a page on, every time.
    #[test]
    fn paging_goes_on_across_window_moves() {
        let text: String = (0..30_000)
            .map(|n| format!("第{n}行：民眾線上申請資料。\n"))
            .collect();
        let mut editor = Editor::new(&text);
        drawn(&mut editor);
        press(&mut editor, KeyCode::Char('<'), KeyModifiers::ALT);
        let mut last = editor.caret();
        for n in 0..200 {
            press(&mut editor, KeyCode::PageDown, KeyModifiers::NONE);
            drawn(&mut editor);
            let now = editor.caret();
            assert!(now > last, "page {n}: from {last} to {now}");
            assert!(now - last < 4096, "page {n}: jumped from {last} to {now}");
            last = now;
        }
    }

    /// Text another window inserted before the caret moves the caret with the text
    /// it was beside.
    #[test]
    fn an_edit_before_the_caret_moves_it_along() {
        let mut editor = Editor::new("甲乙丙丁");
        press(&mut editor, KeyCode::Left, KeyModifiers::NONE);
        editor.set_text("XYZ甲乙丙丁");
        type_str(&mut editor, "!");
        assert_eq!(editor.text(), "XYZ甲乙丙!丁");
        // At the end, with text inserted before it: still at the end.
        let mut editor = Editor::new("甲乙");
        editor.set_text("XYZ甲乙");
        type_str(&mut editor, "!");
        assert_eq!(editor.text(), "XYZ甲乙!");
    }

    /// A 4 MiB text of many lines, with one line far longer than the window.
    fn huge() -> String {
        let mut text = "第一行的回答\n".repeat(MAX_TEXT / 2 / 19);
        text.push_str(&"很長的一行沒有換行".repeat(WINDOW / 9));
        text.push('\n');
        text.push_str(&"後面的回答 line\n".repeat(MAX_TEXT / 2 / 22));
        text
    }

    #[test]
    fn a_short_text_is_one_window_and_round_trips() {
        for text in ["", "一般的回答", "a\n\nb\n", "\n"] {
            let editor = Editor::new(text);
            assert!(editor.head.is_empty() && editor.tail.is_empty());
            assert_eq!(editor.text(), text);
            assert_eq!(editor.caret(), text.len());
        }
    }

    #[test]
    fn a_huge_text_is_edited_through_a_window_that_follows_the_caret() {
        let text = huge();
        assert!(text.len() > MAX_TEXT / 2);
        let middle = floor_boundary(&text, text.len() / 2);
        let mut editor = Editor::with_caret(&text, middle);
        assert_eq!(editor.text(), text, "opening changes nothing");
        assert!(editor.window_len() <= WINDOW + 1);
        assert_eq!(editor.caret(), middle);
        // Typing in the middle lands where the caret is.
        type_str(&mut editor, "插入");
        let mut expected = text.clone();
        expected.insert_str(middle, "插入");
        assert_eq!(editor.text(), expected);
        // Walking up across many windows and typing at the very start.
        for _ in 0..3000 {
            editor.input(&key(KeyCode::Up));
        }
        editor.input(&alt('<'));
        assert_eq!(editor.caret(), 0);
        type_str(&mut editor, "開頭");
        expected.insert_str(0, "開頭");
        assert_eq!(editor.text(), expected);
        // And at the very end.
        editor.input(&alt('>'));
        editor.input(&key(KeyCode::End));
        type_str(&mut editor, "結尾");
        expected.push_str("結尾");
        assert_eq!(editor.text(), expected);
        assert!(editor.window_len() <= WINDOW_MAX);
    }

    #[test]
    fn backspace_joins_across_a_window_edge_and_down_walks_to_the_end() {
        let text = "一二三四五六七八九十\n".repeat(4096);
        let mut editor = Editor::with_caret(&text, text.len() / 2);
        let head = editor.head.len();
        assert!(head > 0 && !editor.tail.is_empty());
        // The caret at the window's first byte, then a delete backwards.
        editor.area.move_cursor(CursorMove::Top);
        editor.area.move_cursor(CursorMove::Head);
        editor.input(&key(KeyCode::Backspace));
        let mut expected = text.clone();
        expected.remove(head - 1);
        assert_eq!(editor.text(), expected);
        // Walking down line by line reaches the end of the text.
        for _ in 0..4096 {
            editor.input(&key(KeyCode::Down));
        }
        assert_eq!(editor.caret(), expected.len());
    }

    #[test]
    fn a_line_longer_than_the_window_is_cut_at_a_character_and_kept_whole() {
        let text = "字".repeat(WINDOW * 2);
        let mut editor = Editor::with_caret(&text, 3 * WINDOW);
        assert!(!editor.head.is_empty() && !editor.tail.is_empty());
        assert_eq!(editor.text(), text);
        // To the window's cut end, then one step past it.
        editor.area.move_cursor(CursorMove::End);
        let edge = editor.caret();
        assert!(edge < text.len());
        editor.input(&key(KeyCode::Right));
        type_str(&mut editor, "a");
        let mut expected = text.clone();
        expected.insert(edge + "字".len(), 'a');
        assert_eq!(editor.text(), expected);
    }

    #[test]
    fn a_huge_paste_is_windowed_and_set_text_keeps_the_caret() {
        let mut editor = Editor::new("前");
        let pasted = "貼上\n".repeat(MAX_TEXT / 8);
        assert!(editor.paste_fits(&pasted));
        assert_eq!(editor.paste(&pasted), Edit::Changed);
        assert!(editor.window_len() <= WINDOW_MAX);
        let text = format!("前{pasted}");
        assert_eq!(editor.text(), text);
        assert_eq!(editor.caret(), text.len());
        assert!(!editor.paste_fits(&"x".repeat(MAX_TEXT)));
        // Full up to the limit, typing adds nothing more.
        let mut full = Editor::new(&"a".repeat(MAX_TEXT - 2));
        type_str(&mut full, "字字");
        assert!(full.text().len() <= MAX_TEXT, "{}", full.text().len());
        editor.set_text("短");
        assert_eq!(editor.text(), "短");
        assert_eq!(editor.caret(), "短".len());
    }
}
