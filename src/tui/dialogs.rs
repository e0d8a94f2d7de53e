//! Small windows over the tabs: a one-line prompt, the commit dialog, the
//! conflict resolution view, and the questions asked before quitting with an
//! unsaved draft and about an earlier session's unsaved text. Their keys come from
//! the keymap (the dialog and conflict contexts), and so do the hints they show.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::area::{boxed, centered, draw_box, pane};
use super::component::Ctx;
use super::editor::{Edit, Editor};
use super::keymap::{Action, Keymap};
use super::model::Model;
use super::text::Wrapped;
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

    /// Submit or cancel by their keys; line breaks are not part of one line.
    pub fn key(&mut self, event: &KeyEvent, keys: &Keymap) -> DialogOutcome {
        match keys.first(event, &[Action::Submit, Action::Cancel]) {
            Some(Action::Submit) => DialogOutcome::Submit(self.editor.text().replace('\n', " ")),
            Some(_) => DialogOutcome::Cancel,
            None => {
                self.editor.input(event);
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
        super::area::clear(frame, area);
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

    /// Submit commits (not an empty message); new line adds a line; cancel
    /// cancels.
    pub fn key(&mut self, event: &KeyEvent, keys: &Keymap) -> DialogOutcome {
        match keys.first(event, &[Action::Submit, Action::NewLine, Action::Cancel]) {
            Some(Action::Submit) => {
                let message = self.editor.text();
                if message.trim().is_empty() {
                    DialogOutcome::Open
                } else {
                    DialogOutcome::Submit(message)
                }
            }
            Some(Action::NewLine) => {
                self.editor
                    .input(&KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
                DialogOutcome::Open
            }
            Some(_) => DialogOutcome::Cancel,
            None => {
                self.editor.input(event);
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
        super::area::clear(frame, area);
        let [editor, info] =
            Layout::vertical([Constraint::Min(3), Constraint::Length(2)]).areas(area);
        let (submit, new_line, cancel) = (
            ctx.keys.label(Action::Submit),
            ctx.keys.label(Action::NewLine),
            ctx.keys.label(Action::Cancel),
        );
        let title = match ctx.lang {
            Lang::Zh => {
                format!(" 提交：版本說明（{submit} 提交，{new_line} 換行，{cancel} 取消） ")
            }
            Lang::En => format!(
                " Commit: message ({submit} commits, {new_line} new line, {cancel} cancels) "
            ),
        };
        self.editor.draw(frame, editor, &title, ctx.theme);
        let author = format!(
            "{}{}",
            ctx.lang.pick("作者：", "Author: "),
            line(&self.author)
        );
        let block = Block::default()
            .borders(Borders::LEFT | Borders::RIGHT | Borders::BOTTOM)
            .border_style(ctx.theme.focus);
        pane(frame, info, |frame| {
            frame.render_widget(
                Paragraph::new(author)
                    .style(ctx.theme.muted)
                    .block(boxed(block, info)),
                info,
            );
        });
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

    /// Mine/theirs pick a side, rewrite writes a new text, up/down move, resolve
    /// applies the choices and commits once every field has one; back leaves with
    /// the draft intact.
    pub fn key(&mut self, event: &KeyEvent, keys: &Keymap, model: &mut Model) -> DialogOutcome {
        if let Some(editor) = &mut self.editor {
            if editor.key(event, keys) == Edit::Done {
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
                Action::Rewrite,
                Action::Resolve,
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
            Some(Action::Rewrite) if !self.conflicts[self.selected].path.is_text() => {
                self.error = Some(only_mine_or_theirs(keys, model.lang));
            }
            Some(Action::Rewrite) => {
                let current = self.conflicts[self.selected]
                    .ours
                    .as_ref()
                    .and_then(|v| v.as_text())
                    .unwrap_or("");
                self.editor = Some(Editor::new(current));
            }
            Some(Action::Resolve) => return self.apply(model, keys),
            _ => {}
        }
        DialogOutcome::Open
    }

    fn apply(&mut self, model: &mut Model, keys: &Keymap) -> DialogOutcome {
        if self.chosen.iter().any(Option::is_none) {
            let (mine, theirs, rewrite) = (
                keys.label(Action::Mine),
                keys.label(Action::Theirs),
                keys.label(Action::Rewrite),
            );
            self.error = Some(match model.lang {
                Lang::Zh => {
                    format!("每個欄位都要先選擇（{mine} 我的、{theirs} 對方的、{rewrite} 改寫）。")
                }
                Lang::En => format!(
                    "choose for every field first ({mine} mine, {theirs} theirs, {rewrite} edit)."
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
        super::area::clear(frame, area);
        let lang = ctx.lang;
        let keys = ctx.keys;
        let (mine, theirs, rewrite, resolve, back) = (
            keys.label(Action::Mine),
            keys.label(Action::Theirs),
            keys.label(Action::Rewrite),
            keys.label(Action::Resolve),
            keys.label(Action::Back),
        );
        let title = match lang {
            Lang::Zh => format!(
                " 衝突：他人也改了這些欄位（{mine} 用我的、{theirs} 用對方的、{rewrite} 改寫、{resolve} 提交、{back} 保留草稿離開） "
            ),
            Lang::En => format!(
                " Conflicts ({mine} mine, {theirs} theirs, {rewrite} edit, {resolve} commit, {back} leave with the draft intact) "
            ),
        };
        // Too wide for the box: the keys are in the footer too.
        let title = if super::text::width(&title) + 2 > usize::from(area.width) {
            lang.pick(" 衝突：他人也改了這些欄位 ", " Conflicts ")
                .to_owned()
        } else {
            title
        };
        let outer = Block::default()
            .borders(Borders::ALL)
            .border_style(ctx.theme.warning)
            .title(title);
        let inner = outer.inner(area);
        frame.render_widget(boxed(outer, area), area);
        if let Some(editor) = &mut self.editor {
            let done = keys.label(Action::Finish);
            let title = match lang {
                Lang::Zh => format!(" 改寫（{done} 完成） "),
                Lang::En => format!(" Write the text ({done} when done) "),
            };
            editor.draw(frame, inner, &title, ctx.theme);
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
        pane(frame, inner, |frame| {
            frame.render_widget(Wrapped::new(lines), inner)
        });
        None
    }
}

/// Why a status, evidence list or kind cannot be rewritten, and what to press instead.
fn only_mine_or_theirs(keys: &Keymap, lang: Lang) -> String {
    let (mine, theirs) = (keys.label(Action::Mine), keys.label(Action::Theirs));
    match lang {
        Lang::Zh => format!(
            "這個欄位不是文字（狀態、佐證或類型），不能改寫：請按 {mine} 用我的，或 {theirs} 用對方的。"
        ),
        Lang::En => format!(
            "this field is not text (a status, evidence or a kind) and cannot be rewritten: press {mine} for mine or {theirs} for theirs."
        ),
    }
}

/// Asks before quitting while the draft cannot be written.
pub fn draw_confirm_quit(frame: &mut Frame<'_>, body: Rect, ctx: &Ctx<'_>) {
    let lang = ctx.lang;
    let mut text = Vec::new();
    // Only the review text being written is not on disk: say that.
    if ctx.model.save_failure().is_none()
        && let Some(reason) = ctx.model.unsent_failure()
    {
        text.push(Line::styled(
            lang.pick(
                "尚未送出的審查文字無法寫入：離開會遺失它（請先複製）。",
                "The review text not sent yet cannot be written: quitting loses it (copy it first).",
            ),
            ctx.theme.error,
        ));
        text.push(Line::styled(line(reason), ctx.theme.text));
    } else {
        text.push(Line::styled(
            lang.pick(
                "草稿無法寫入，最新的文字沒有存進草稿。",
                "The draft cannot be written: your latest text is not in it.",
            ),
            ctx.theme.error,
        ));
    }
    if let Some(failure) = ctx.model.save_failure() {
        text.push(Line::styled(line(&failure.reason), ctx.theme.text));
        let kept = match &failure.recovery {
            Some(Ok(path)) => match lang {
                Lang::Zh => format!(
                    "文字已另存到 {}；下次在這個儲存庫啟動 dsw 時會詢問是否還原。",
                    line(&path.display().to_string())
                ),
                Lang::En => format!(
                    "It was written to {}; dsw offers it back the next time it starts in this repository.",
                    line(&path.display().to_string())
                ),
            },
            _ => lang
                .pick(
                    "救援檔也無法寫入：離開會遺失這些文字。",
                    "No recovery file could be written: quitting loses this text.",
                )
                .to_owned(),
        };
        text.push(Line::styled(kept, ctx.theme.warning));
    }
    text.push(Line::default());
    let (yes, no) = (
        ctx.keys.main_label(Action::Yes),
        ctx.keys.main_label(Action::No),
    );
    text.push(Line::styled(
        match lang {
            Lang::Zh => format!("仍要離開嗎？ {yes} 離開　{no} 留下"),
            Lang::En => format!("Quit anyway?  {yes} quit   {no} stay"),
        },
        ctx.theme.accent,
    ));
    draw_box(frame, body, ctx, lang.pick(" 離開 ", " Quit "), text);
}

/// Offers back the text an earlier session could not save.
pub fn draw_recover(frame: &mut Frame<'_>, body: Rect, ctx: &Ctx<'_>) {
    let lang = ctx.lang;
    let Some(recovery) = ctx.model.recoveries.first() else {
        return;
    };
    // In UTC, offset printed: the time zone is not known without a zone database.
    let when = crate::time::format(i64::try_from(recovery.written).unwrap_or(0), 0);
    let changes = crate::diff::AssessmentDiff::between(
        &recovery.draft.base,
        &recovery.draft.mine,
        &ctx.model.form,
    )
    .stat()
    .describe(lang);
    let path = line(&recovery.path.display().to_string());
    let (restore, keep, delete) = (
        ctx.keys.main_label(Action::Restore),
        ctx.keys.main_label(Action::Keep),
        ctx.keys.main_label(Action::DeleteFile),
    );
    let text = vec![
        Line::styled(
            match lang {
                Lang::Zh => format!("上次（{when}）有文字沒能寫入草稿：{changes}。"),
                Lang::En => {
                    format!("Text from {when} could not be saved to the draft then: {changes}.")
                }
            },
            ctx.theme.text,
        ),
        Line::styled(
            match lang {
                Lang::Zh => format!("救援檔：{path}"),
                Lang::En => format!("Recovery file: {path}"),
            },
            ctx.theme.muted,
        ),
        Line::default(),
        Line::styled(
            match lang {
                Lang::Zh => format!(
                    "{restore} 還原（合併到目前的草稿）　{keep} 保留檔案，暫不還原　{delete} 刪除檔案"
                ),
                Lang::En => format!(
                    "{restore} restore (merge into your draft)   {keep} keep the file for later   {delete} delete it"
                ),
            },
            ctx.theme.accent,
        ),
    ];
    draw_box(
        frame,
        body,
        ctx,
        lang.pick(" 救援檔 ", " Recovered text "),
        text,
    );
}

/// What the person answered to quitting with an unsaved draft: `Some(true)` quit,
/// `Some(false)` stay, `None` not an answer.
pub fn confirm_quit_key(event: &KeyEvent, keys: &Keymap) -> Option<bool> {
    match keys.first(event, &[Action::Yes, Action::No, Action::Cancel])? {
        Action::Yes => Some(true),
        _ => Some(false),
    }
}

/// What to do with an earlier session's unsaved text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecoverChoice {
    /// Merge it into the draft.
    Restore,
    /// Keep its file; ask again next start.
    Keep,
    /// Delete its file.
    Delete,
}

/// The person's answer about the recovered text, if the key is one.
pub fn recover_key(event: &KeyEvent, keys: &Keymap) -> Option<RecoverChoice> {
    match keys.first(
        event,
        &[
            Action::Restore,
            Action::Keep,
            Action::Cancel,
            Action::DeleteFile,
        ],
    )? {
        Action::Restore => Some(RecoverChoice::Restore),
        Action::DeleteFile => Some(RecoverChoice::Delete),
        _ => Some(RecoverChoice::Keep),
    }
}
