//! Small windows over the tabs: a one-line prompt, the commit dialog, and the
//! conflict resolution view.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::app::centered;
use super::component::Ctx;
use super::editor::{Edit, Editor};
use super::keymap::{Action, Keymap};
use super::model::Model;
use super::text::{block, line};
use crate::diff::{BricsNames, Conflict};
use crate::i18n::Lang;
use crate::report::Namer;
use crate::store::{Choice, Unresolvable};

/// What a dialog key did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DialogOutcome {
    /// Still open.
    Open,
    /// Closed without doing anything.
    Cancel,
    /// Closed with this text.
    Submit(String),
}

/// A one-line text prompt.
pub struct PromptBox {
    title: String,
    editor: Editor,
}

impl PromptBox {
    /// A prompt titled `title`, holding `initial`.
    pub fn new(title: &str, initial: &str) -> PromptBox {
        PromptBox {
            title: format!(" {} ", line(title)),
            editor: Editor::new(initial),
        }
    }

    /// Enter submits, Esc cancels; line breaks are not part of one line.
    pub fn key(&mut self, event: &KeyEvent) -> DialogOutcome {
        match event.code {
            KeyCode::Enter => DialogOutcome::Submit(self.editor.text().replace('\n', " ")),
            KeyCode::Esc => DialogOutcome::Cancel,
            _ => {
                self.editor.key(event);
                DialogOutcome::Open
            }
        }
    }

    /// Pasted text, on one line.
    pub fn paste(&mut self, text: &str) {
        self.editor.paste(&text.replace(['\n', '\r'], " "));
    }

    /// Draws the prompt; returns where the caret is.
    pub fn draw(&mut self, frame: &mut Frame<'_>, body: Rect, ctx: &Ctx<'_>) -> Option<Position> {
        let area = centered(body, 64, 3);
        frame.render_widget(Clear, area);
        self.editor.draw(frame, area, &self.title, ctx.theme);
        self.editor.cursor()
    }
}

/// The commit dialog: the message (prefilled from the diff stat) and the author.
pub struct CommitDialog {
    editor: Editor,
    author: String,
}

impl CommitDialog {
    /// A dialog with `message` prefilled, committing as `author`.
    pub fn new(message: &str, author: &str) -> CommitDialog {
        CommitDialog {
            editor: Editor::new(message),
            author: author.to_owned(),
        }
    }

    /// Enter commits; Alt-Enter adds a line; Esc cancels.
    pub fn key(&mut self, event: &KeyEvent) -> DialogOutcome {
        match event.code {
            KeyCode::Enter if !event.modifiers.contains(KeyModifiers::ALT) => {
                let message = self.editor.text();
                if message.trim().is_empty() {
                    DialogOutcome::Open
                } else {
                    DialogOutcome::Submit(message)
                }
            }
            KeyCode::Esc => DialogOutcome::Cancel,
            _ => {
                let event = if event.code == KeyCode::Enter {
                    KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)
                } else {
                    *event
                };
                self.editor.key(&event);
                DialogOutcome::Open
            }
        }
    }

    /// Pasted text.
    pub fn paste(&mut self, text: &str) {
        self.editor.paste(text);
    }

    /// Draws the dialog; returns where the caret is.
    pub fn draw(&mut self, frame: &mut Frame<'_>, body: Rect, ctx: &Ctx<'_>) -> Option<Position> {
        let area = centered(body, 70, 9);
        frame.render_widget(Clear, area);
        let [editor, info] =
            Layout::vertical([Constraint::Min(3), Constraint::Length(2)]).areas(area);
        let title = ctx.lang.pick(
            " 提交：版本說明（Enter 提交，Alt-Enter 換行，Esc 取消） ",
            " Commit: message (Enter commits, Alt-Enter new line, Esc cancels) ",
        );
        self.editor.draw(frame, editor, title, ctx.theme);
        let author = format!(
            "{}{}",
            ctx.lang.pick("作者：", "Author: "),
            line(&self.author)
        );
        frame.render_widget(
            Paragraph::new(author).style(ctx.theme.muted).block(
                Block::default()
                    .borders(Borders::LEFT | Borders::RIGHT | Borders::BOTTOM)
                    .border_style(ctx.theme.focus),
            ),
            info,
        );
        self.editor.cursor()
    }
}

/// The conflict resolution view: each conflicting field with mine and theirs; the
/// person picks one or writes a new text, then the commit is retried.
pub struct ConflictView {
    conflicts: Vec<Conflict>,
    chosen: Vec<Option<Choice>>,
    selected: usize,
    editor: Option<Editor>,
    message: String,
    error: Option<String>,
}

impl ConflictView {
    /// The view for `conflicts` met while committing with `message`.
    pub fn new(conflicts: Vec<Conflict>, message: String) -> ConflictView {
        let chosen = vec![None; conflicts.len()];
        ConflictView {
            conflicts,
            chosen,
            selected: 0,
            editor: None,
            message,
            error: None,
        }
    }

    /// m/t pick a side, e edits, ↑↓ move, Enter applies the choices and commits once
    /// every field has one; Esc leaves with the draft intact.
    pub fn key(&mut self, event: &KeyEvent, keys: &Keymap, model: &mut Model) -> DialogOutcome {
        if let Some(editor) = &mut self.editor {
            if editor.key(event) == Edit::Done {
                let text = editor.text();
                self.chosen[self.selected] = Some(Choice::Text(text));
                self.editor = None;
            }
            return DialogOutcome::Open;
        }
        if keys.is(Action::Back, event) {
            return DialogOutcome::Cancel;
        }
        match keys.first(
            event,
            &[
                Action::Up,
                Action::Down,
                Action::Mine,
                Action::Theirs,
                Action::Edit,
            ],
        ) {
            Some(Action::Up) => self.selected = self.selected.saturating_sub(1),
            Some(Action::Down) => {
                self.selected = (self.selected + 1).min(self.conflicts.len().saturating_sub(1))
            }
            Some(Action::Mine) => self.chosen[self.selected] = Some(Choice::Mine),
            Some(Action::Theirs) => self.chosen[self.selected] = Some(Choice::Theirs),
            // A status, evidence or kind is one of a set of values, not free text: a
            // rewrite could only be refused later, so it is refused now, saying why.
            Some(Action::Edit)
                if event.code != KeyCode::Enter
                    && !self.conflicts[self.selected].path.is_text() =>
            {
                self.error = Some(only_mine_or_theirs(keys, model.lang));
            }
            Some(Action::Edit) if event.code != KeyCode::Enter => {
                let current = self.conflicts[self.selected]
                    .ours
                    .as_ref()
                    .and_then(|v| v.as_text())
                    .unwrap_or("");
                self.editor = Some(Editor::new(current));
            }
            _ if event.code == KeyCode::Enter => return self.apply(model, keys),
            _ => {}
        }
        DialogOutcome::Open
    }

    fn apply(&mut self, model: &mut Model, keys: &Keymap) -> DialogOutcome {
        if self.chosen.iter().any(Option::is_none) {
            let (mine, theirs, edit) = choice_keys(keys);
            self.error = Some(match model.lang {
                Lang::Zh => {
                    format!("每個欄位都要先選擇（{mine} 我的、{theirs} 對方的、{edit} 改寫）。")
                }
                Lang::En => format!(
                    "choose for every field first ({mine} mine, {theirs} theirs, {edit} edit)."
                ),
            });
            return DialogOutcome::Open;
        }
        if let Err(error) = model.save(true) {
            self.error = Some(error.message(model.lang));
            return DialogOutcome::Open;
        }
        for (n, (conflict, choice)) in self.conflicts.iter().zip(&self.chosen).enumerate() {
            let Some(choice) = choice.clone() else {
                continue;
            };
            match model
                .store
                .resolve(&model.name, &model.user, &conflict.path, choice)
            {
                // Settled, or no longer in conflict (settled in another window).
                Ok(Ok(_) | Err(Unresolvable::NotInConflict(_) | Unresolvable::NoDraft)) => {}
                // Never dropped silently: the same conflict would only come back.
                Ok(Err(Unresolvable::NotText)) => {
                    self.selected = n;
                    self.chosen[n] = None;
                    self.error = Some(only_mine_or_theirs(keys, model.lang));
                    return DialogOutcome::Open;
                }
                Err(error) => {
                    self.error = Some(super::hint::store_message(&error, keys, model.lang));
                    return DialogOutcome::Open;
                }
            }
        }
        DialogOutcome::Submit(self.message.clone())
    }

    /// Draws the view; returns the caret when editing.
    pub fn draw(&mut self, frame: &mut Frame<'_>, body: Rect, ctx: &Ctx<'_>) -> Option<Position> {
        let area = centered(
            body,
            body.width.saturating_sub(4),
            body.height.saturating_sub(2),
        );
        frame.render_widget(Clear, area);
        let lang = ctx.lang;
        let (mine, theirs, edit) = choice_keys(ctx.keys);
        let back = ctx.keys.label(Action::Back);
        let title = match lang {
            Lang::Zh => format!(
                " 衝突：他人也改了這些欄位（{mine} 用我的、{theirs} 用對方的、{edit} 改寫文字、Enter 提交、{back} 保留草稿離開） "
            ),
            Lang::En => format!(
                " Conflicts ({mine} mine, {theirs} theirs, {edit} rewrite text, Enter commit, {back} leave with the draft intact) "
            ),
        };
        let outer = Block::default()
            .borders(Borders::ALL)
            .border_style(ctx.theme.warning)
            .title(title);
        let inner = outer.inner(area);
        frame.render_widget(outer, area);
        if let Some(editor) = &mut self.editor {
            editor.draw(
                frame,
                inner,
                lang.pick(" 改寫（Esc 完成） ", " Write the text (Esc when done) "),
                ctx.theme,
            );
            return editor.cursor();
        }
        let mut lines = Vec::new();
        if let Some(error) = &self.error {
            lines.push(Line::styled(line(error), ctx.theme.warning));
        }
        let names = BricsNames::of(ctx.model.assessment(), ctx.model.assessment());
        let namer = Namer {
            form: &ctx.model.form,
            names: &names,
            brics: &ctx.model.store.catalog().brics,
            lang,
        };
        for (n, conflict) in self.conflicts.iter().enumerate() {
            let label = namer.heading(&conflict.path);
            let choice = match &self.chosen[n] {
                None => lang.pick("（未選）", "(undecided)"),
                Some(Choice::Mine) => lang.pick("→ 我的", "→ mine"),
                Some(Choice::Theirs) => lang.pick("→ 對方的", "→ theirs"),
                Some(Choice::Text(_)) => lang.pick("→ 改寫", "→ new text"),
            };
            let style = if n == self.selected {
                ctx.theme.selection
            } else {
                ctx.theme.accent
            };
            let only = if conflict.path.is_text() {
                ""
            } else {
                lang.pick("（只能選我的或對方的）", " (mine or theirs only)")
            };
            lines.push(Line::from(vec![
                Span::styled(line(&label), style),
                Span::styled(format!("  {choice}{only}"), ctx.theme.muted),
            ]));
            for (who, value) in [
                (lang.pick("  我的：", "  mine:   "), &conflict.ours),
                (lang.pick("  對方：", "  theirs: "), &conflict.theirs),
            ] {
                let text = namer.conflict_side(&conflict.path, value.as_ref());
                for (k, part) in block(&text).split('\n').enumerate() {
                    let lead = if k == 0 {
                        who.to_owned()
                    } else {
                        " ".repeat(super::text::width(who))
                    };
                    lines.push(Line::from(vec![
                        Span::styled(lead, ctx.theme.muted),
                        Span::styled(part.to_owned(), ctx.theme.text),
                    ]));
                }
            }
            lines.push(Line::default());
        }
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
        None
    }
}

/// The keys of the conflict view's choices, as the keymap binds them: mine, theirs,
/// and rewriting (Enter, which commits here, left out).
fn choice_keys(keys: &Keymap) -> (String, String, String) {
    let edit = keys.label(Action::Edit);
    let edit: Vec<&str> = edit.split('/').filter(|k| *k != "Enter").collect();
    (
        keys.label(Action::Mine),
        keys.label(Action::Theirs),
        edit.join("/"),
    )
}

/// Why a status, evidence list or kind cannot be rewritten, and what to press instead.
fn only_mine_or_theirs(keys: &Keymap, lang: Lang) -> String {
    let (mine, theirs, _) = choice_keys(keys);
    match lang {
        Lang::Zh => format!(
            "這個欄位不是文字（狀態、佐證或類型），不能改寫：請按 {mine} 用我的，或 {theirs} 用對方的。"
        ),
        Lang::En => format!(
            "this field is not text (a status, evidence or a kind) and cannot be rewritten: press {mine} for mine or {theirs} for theirs."
        ),
    }
}
