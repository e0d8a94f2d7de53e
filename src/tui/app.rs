//! The workbench: the tabs (through the tab table), overlays (help, commit,
//! conflicts, prompts), the header and the footer, and where every key goes.

use std::time::{Duration, Instant};

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEvent};
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::area::pane;
use super::component::{Ctx, Outcome, Request};
use super::dialogs::{
    CommitDialog, ConflictView, DialogOutcome, PromptBox, RecoverChoice, confirm_quit_key,
    draw_confirm_quit, draw_recover, recover_key,
};
use super::editor::Editor;
use super::events::{Inbox, Message, Wait};
use super::help::Help;
use super::hint;
use super::keymap::{Action, Context, Keymap};
use super::model::Model;
use super::presence::Watcher;
use super::tabs::{TABS, Tabs};
use super::text::Wrapped;
use super::text::{line, truncate, width};
use super::theme::Theme;
use crate::i18n::Lang;
use crate::store::StoreError;

/// Smaller than this the screen only says it is too small.
pub const MIN_WIDTH: u16 = 60;
/// See [`MIN_WIDTH`].
pub const MIN_HEIGHT: u16 = 16;

/// How long a notice stays in the footer.
const NOTICE_FOR: Duration = Duration::from_secs(6);
/// How long a loud notice stays (two replies to one comment written at once).
const LOUD_FOR: Duration = Duration::from_secs(30);

enum Overlay {
    Help(Help),
    /// The draft cannot be written: quit anyway?
    ConfirmQuit,
    /// An earlier session's unsaved text: restore, keep or delete it?
    Recover,
    Commit(CommitDialog),
    Conflicts(ConflictView),
    /// A question a tab asked; the answer goes back to tab `asker`.
    Prompt {
        asker: usize,
        prompt: PromptBox,
    },
}

/// The whole application state.
pub struct App {
    /// The data.
    pub model: Model,
    theme: Theme,
    keys: Keymap,
    tabs: Tabs,
    overlay: Option<Overlay>,
    /// What the status line says, and until when.
    notice: Option<(String, Instant)>,
    /// Set when the person asked to quit.
    pub quit: bool,
    /// Set when the person asked for the screen to be cleared and drawn again
    /// (Ctrl-L); the event loop does it, as it owns the terminal.
    pub redraw: bool,
    cursor: Option<Position>,
    /// This window's presence and everyone else's (withdrawn when dropped).
    presence: Watcher,
    /// Terminal input and background wakes.
    inbox: Inbox,
}

impl App {
    /// The workbench on `model`.
    pub fn new(model: Model, theme: Theme, keys: Keymap) -> App {
        let notice = model.restored.then(|| {
            let text = model.lang.pick(
                "已還原上次未提交的草稿。",
                "Restored your uncommitted draft from last time.",
            );
            (text.to_owned(), Instant::now() + NOTICE_FOR)
        });
        let inbox = Inbox::default();
        model.wake_with(inbox.waker());
        let presence = Watcher::start(
            model.store.workdir().to_path_buf(),
            model.name.clone(),
            model.user.clone(),
            inbox.waker(),
        );
        // Text an earlier session could not save is offered back first.
        let overlay = (!model.recoveries.is_empty()).then_some(Overlay::Recover);
        let mut app = App {
            tabs: Tabs::open(&model, &inbox.waker()),
            model,
            theme,
            keys,
            overlay,
            notice,
            quit: false,
            redraw: false,
            cursor: None,
            presence,
            inbox,
        };
        // Review text an earlier session left unsent: back in its editor, on its
        // tab; or why it is not.
        let resumed = app.offer_unsent(true);
        let said = [resumed, app.model.take_unsent_notice()];
        for text in said.into_iter().flatten() {
            app.say_also(text);
        }
        app
    }

    /// Adds `text` to what the status line says now (which stays at least as long
    /// as it would have).
    fn say_also(&mut self, text: String) {
        let until = Instant::now() + NOTICE_FOR;
        self.notice = Some(match self.notice.take() {
            Some((before, was)) => (
                format!("{before}{}{text}", self.lang().pick("　", "  ")),
                was.max(until),
            ),
            None => (text, until),
        });
    }

    /// Gives the review text waiting in the model (left unsent by an earlier
    /// session, or whose sending failed) to the tab that takes it back: the shown
    /// one, or with `jump` any, which is then shown. Returns what to say.
    fn offer_unsent(&mut self, jump: bool) -> Option<String> {
        self.model.waiting_review()?;
        if !jump {
            return self
                .tabs
                .current()
                .resume_review(&mut self.model, &self.keys);
        }
        for n in 0..TABS.len() {
            let Some(tab) = self.tabs.get(n) else {
                continue;
            };
            if let Some(text) = tab.resume_review(&mut self.model, &self.keys) {
                self.tabs.show(n);
                self.tabs.current().refresh(&self.model);
                return Some(text);
            }
        }
        None
    }

    fn lang(&self) -> Lang {
        self.model.lang
    }

    fn say(&mut self, text: impl Into<String>) {
        self.notice = Some((text.into(), Instant::now() + NOTICE_FOR));
    }

    /// Says something that must not be missed: it stays longer.
    fn say_loud(&mut self, text: impl Into<String>) {
        self.notice = Some((text.into(), Instant::now() + LOUD_FOR));
    }

    /// A sender for the threads that deliver terminal input and hang-ups.
    pub fn messages(&self) -> std::sync::mpsc::Sender<Message> {
        self.inbox.sender()
    }

    /// When the app has something to do without being woken: a save falling
    /// due, a notice to clear. `None`: nothing until a message arrives.
    pub fn deadline(&self) -> Option<Instant> {
        let notice = self.notice.as_ref().map(|(_, until)| *until);
        match (self.model.next_save(), notice) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Waits for the next message, or until the [`App::deadline`].
    pub fn wait(&self) -> Wait {
        self.inbox.wait(self.deadline())
    }

    /// A focus change: the draft is sent to be saved at once, without waiting.
    fn save_now(&mut self) {
        let _ = self.model.save(false);
    }

    /// Closes any open editor, keeping its text.
    fn finish_editing(&mut self) {
        for tab in self.tabs.all() {
            tab.finish_editing(&mut self.model);
        }
    }

    /// Takes in whatever arrived: sends a due save, what the draft's worker found
    /// (the same person's other window, teammates' revisions), presence, the tabs'
    /// background results; clears an old notice. Never waits. Returns whether to
    /// redraw.
    pub fn tick(&mut self) -> bool {
        let update = self.model.poll();
        let mut redraw = update.redraw;
        if update.changed || update.head_moved {
            // The shown tab keeps copies (an open editor, the grid's selection, the
            // figures) in step at once; the others catch up when shown.
            self.tabs.current().refresh(&self.model);
        }
        if !update.notices.is_empty() {
            let text = update.notices.join(self.lang().pick("　", "  "));
            self.say(text);
            redraw = true;
        }
        // Review actions done: said as `dsw review` says them, with the keys here.
        for done in &update.reviewed {
            let (text, loud) = super::review::outcome(done, &self.keys, self.lang());
            if loud {
                self.say_loud(text);
            } else {
                self.say(text);
            }
        }
        // A review text whose sending failed is kept: back in the editor when its
        // tab is shown, else said where it waits.
        if !update.reviewed.is_empty() && self.model.waiting_review().is_some() {
            let text = match self.offer_unsent(false) {
                Some(text) => text,
                None => {
                    let tab = TABS
                        .iter()
                        .position(|tab| tab.action == "tab_reviews")
                        .map_or_else(String::new, |n| self.keys.label(Action::Tab(n)));
                    match self.lang() {
                        Lang::Zh => {
                            format!("沒有送出的文字已保存；回到審查分頁（{tab}）即可修改後再送出。")
                        }
                        Lang::En => format!(
                            "the text not sent is kept; show the review tab ({tab}) to edit it and send it again."
                        ),
                    }
                }
            };
            self.say_also(text);
            redraw = true;
        }
        redraw |= self.sync_presence();
        for tab in self.tabs.all() {
            redraw |= tab.collect(&self.model);
        }
        if self
            .notice
            .as_ref()
            .is_some_and(|(_, until)| Instant::now() >= *until)
        {
            self.notice = None;
            redraw = true;
        }
        redraw
    }

    /// Tells the presence thread where this window's editor is, and takes in who
    /// else is editing what. Returns whether to redraw.
    fn sync_presence(&mut self) -> bool {
        let field = self.tabs.all_ref().find_map(|tab| tab.editing_field());
        let update = self.presence.update(field, self.lang());
        let mut redraw = false;
        if let Some(board) = update.board {
            for tab in self.tabs.all() {
                tab.show_presence(&board);
            }
            redraw = true;
        }
        if let Some(text) = update.notice {
            self.say(text);
            redraw = true;
        }
        redraw
    }

    fn switch(&mut self, tab: usize) {
        if self.tabs.shown() == tab || tab >= TABS.len() {
            return;
        }
        self.finish_editing();
        self.save_now();
        self.tabs.show(tab);
        self.tabs.current().refresh(&self.model);
        if let Some(text) = self.offer_unsent(false) {
            self.say(text);
        }
    }

    /// A key press.
    pub fn key(&mut self, event: KeyEvent) {
        if event.kind == KeyEventKind::Release {
            return;
        }
        // Escape and the next key arriving in one read come as Alt+key: unless
        // something takes that Alt+key, they are Escape, then the key (so `Esc`
        // then `Ctrl-S`, typed quickly or sent by a script, leaves the editor and
        // commits).
        if event.modifiers.contains(KeyModifiers::ALT)
            && !self.keys.bound(&event)
            && !(self.tabs.current_ref().context().types_text() && Editor::takes_alt(&event))
        {
            self.key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
            self.key(KeyEvent::new(
                event.code,
                event.modifiers - KeyModifiers::ALT,
            ));
            return;
        }
        if let Some(overlay) = self.overlay.take() {
            self.overlay_key(overlay, &event);
            return;
        }
        let context = self.tabs.current_ref().context();
        if self.keys.is_in(context, Action::Redraw, &event) {
            self.redraw = true;
            return;
        }
        // Commit and help work everywhere, even while typing (by their keys that
        // are not text).
        if self.keys.is_in(context, Action::Commit, &event) {
            self.open_commit();
            return;
        }
        if self.keys.is_in(context, Action::Help, &event) {
            self.overlay = Some(Overlay::Help(Help::new(context)));
            return;
        }
        // Quit and the tab keys come before the tab's own keys.
        if !context.types_text() {
            if self.keys.is(Action::Quit, &event) {
                self.finish_editing();
                self.try_quit();
                return;
            }
            if let Some(tab) = (0..TABS.len()).find(|n| self.keys.is(Action::Tab(*n), &event)) {
                self.switch(tab);
                return;
            }
        }
        let asker = self.tabs.shown();
        let outcome = self.tabs.current().key(&event, &mut self.model, &self.keys);
        self.follow(asker, outcome);
    }

    /// Quits after saving everything typed (waiting briefly); if the draft cannot be
    /// written, asks first — the text is then only in memory and the recovery file.
    fn try_quit(&mut self) {
        if self.model.save_failure().is_none() {
            match self.model.save(true) {
                Ok(_) => {
                    self.quit = true;
                    return;
                }
                Err(error) => {
                    let message = error.message(self.lang());
                    self.say(message);
                }
            }
        }
        self.overlay = Some(Overlay::ConfirmQuit);
    }

    /// Pasted text (bracketed paste): one edit, never a series of commands.
    pub fn paste(&mut self, text: &str) {
        match &mut self.overlay {
            Some(Overlay::Prompt { prompt, .. }) => prompt.paste(text),
            Some(Overlay::Commit(dialog)) => dialog.paste(text),
            Some(_) => {}
            None => {
                let asker = self.tabs.shown();
                let outcome = self.tabs.current().paste(text, &mut self.model);
                self.follow(asker, outcome);
            }
        }
    }

    /// A mouse event.
    pub fn mouse(&mut self, event: MouseEvent) {
        if self.overlay.is_some() {
            return;
        }
        let asker = self.tabs.shown();
        let outcome = self.tabs.current().mouse(&event, &mut self.model);
        self.follow(asker, outcome);
    }

    /// Does what tab `asker` asked for.
    fn follow(&mut self, asker: usize, outcome: Outcome) {
        let Outcome::Request(request) = outcome else {
            return;
        };
        match request {
            Request::Save => self.save_now(),
            Request::Notice(text) => self.say(text),
            Request::Ask(ask) => {
                self.overlay = Some(Overlay::Prompt {
                    asker,
                    prompt: PromptBox::new(&ask.title, &ask.initial),
                })
            }
            Request::Show(target) => {
                let model = &self.model;
                let shown = (0..TABS.len()).find(|n| {
                    self.tabs
                        .get(*n)
                        .is_some_and(|tab| tab.show(model, &target))
                });
                match shown {
                    Some(tab) => self.switch(tab),
                    None => self.say(self.lang().pick(
                        "意見所指之處已不在評估中。",
                        "what the comment is about is no longer in the assessment.",
                    )),
                }
            }
            Request::ShowDiff { from, to } => {
                let model = &self.model;
                let shown = (0..TABS.len()).find(|n| {
                    self.tabs
                        .get(*n)
                        .is_some_and(|tab| tab.compare(model, from, to))
                });
                if let Some(tab) = shown {
                    self.switch(tab);
                }
            }
        }
    }

    /// Gives tab `asker` the answer to its question (`None`: cancelled).
    fn answer(&mut self, asker: usize, answer: Option<&str>) {
        let Some(tab) = self.tabs.get(asker) else {
            return;
        };
        let outcome = tab.answer(answer, &mut self.model, &self.keys);
        self.follow(asker, outcome);
    }

    fn open_commit(&mut self) {
        self.finish_editing();
        self.save_now();
        let lang = self.lang();
        // What committing would change, as `dsw status` counts it: an edit a
        // teammate has committed too changes nothing.
        let changes = self.model.draft_changes();
        if !self.model.has_changes() || changes.is_empty() {
            // Said as `dsw commit` says it.
            self.say(crate::store::Committed::NothingToCommit.describe(lang));
            return;
        }
        let stat = changes.diff(&self.model.form).stat();
        let author = match self.model.author() {
            Ok(author) => author,
            Err(error) => return self.say(hint::store_message(&error, &self.keys, lang)),
        };
        self.overlay = Some(Overlay::Commit(CommitDialog::new(
            &stat.describe(lang),
            &format!("{} <{}>", author.name, author.email),
        )));
    }

    fn commit(&mut self, message: &str) {
        let lang = self.lang();
        let committed = self
            .model
            .author()
            .and_then(|author| self.model.commit(message, &author));
        match committed {
            Ok(committed) => {
                // The same outcome, in the same words, as `dsw commit` prints.
                let mut text = committed.describe(lang);
                if let Some(note) = committed
                    .worktree_note()
                    .and_then(|sync| hint::worktree_note(sync, &self.keys, lang))
                {
                    text = format!("{text}{}{note}", lang.pick("。", ". "));
                }
                self.say(text);
                self.refresh_all();
            }
            Err(StoreError::Conflicts { conflicts }) => {
                self.overlay = Some(Overlay::Conflicts(ConflictView::new(
                    conflicts,
                    message.to_owned(),
                )));
            }
            Err(error) => self.say(hint::store_message(&error, &self.keys, lang)),
        }
    }

    fn refresh_all(&mut self) {
        for tab in self.tabs.all() {
            tab.refresh(&self.model);
        }
    }

    fn overlay_key(&mut self, overlay: Overlay, event: &KeyEvent) {
        match overlay {
            Overlay::ConfirmQuit => match confirm_quit_key(event, &self.keys) {
                Some(true) => self.quit = true,
                Some(false) => {}
                None => self.overlay = Some(Overlay::ConfirmQuit),
            },
            Overlay::Recover => self.recover_key(event),
            Overlay::Help(mut help) => {
                if help.key(event, &self.keys) {
                    self.overlay = Some(Overlay::Help(help));
                }
            }
            Overlay::Prompt { asker, mut prompt } => match prompt.key(event, &self.keys) {
                DialogOutcome::Open => self.overlay = Some(Overlay::Prompt { asker, prompt }),
                DialogOutcome::Cancel => self.answer(asker, None),
                DialogOutcome::Submit(text) => self.answer(asker, Some(&text)),
            },
            Overlay::Commit(mut dialog) => match dialog.key(event, &self.keys) {
                DialogOutcome::Open => self.overlay = Some(Overlay::Commit(dialog)),
                DialogOutcome::Cancel => {}
                DialogOutcome::Submit(message) => self.commit(&message),
            },
            Overlay::Conflicts(mut view) => match view.key(event, &self.keys, &mut self.model) {
                DialogOutcome::Open => self.overlay = Some(Overlay::Conflicts(view)),
                DialogOutcome::Cancel => {
                    self.say(self.lang().pick(
                        "衝突尚未解決；草稿完整保留。",
                        "conflicts left unresolved; your draft is intact.",
                    ));
                }
                DialogOutcome::Submit(message) => {
                    if let Err(error) = self.model.reload() {
                        let text = error.message(self.lang());
                        self.say(text);
                        return;
                    }
                    self.commit(&message);
                }
            },
        }
    }

    /// Restores the first offered recovery file, keeps it or deletes it, as the
    /// person chose; the next one (if any) is offered after.
    fn recover_key(&mut self, event: &KeyEvent) {
        let lang = self.lang();
        let Some(recovery) = self.model.recoveries.first().cloned() else {
            return;
        };
        let path = recovery.path.display().to_string();
        let Some(choice) = recover_key(event, &self.keys) else {
            self.overlay = Some(Overlay::Recover);
            return;
        };
        let result = match choice {
            RecoverChoice::Restore => self.model.restore(&recovery).map(|()| {
                self.refresh_all();
                for tab in self.tabs.all() {
                    tab.restored(&self.model);
                }
                lang.pick(
                    "已把救援檔的文字合併回草稿，並刪除救援檔。",
                    "merged the recovered text back into your draft and deleted the recovery file.",
                )
                .to_owned()
            }),
            RecoverChoice::Keep => {
                self.model.keep_recovery(&recovery);
                Ok(match lang {
                    Lang::Zh => format!("救援檔保留在 {}；下次啟動會再詢問。", line(&path)),
                    Lang::En => format!(
                        "kept the recovery file at {}; you will be asked again next start.",
                        line(&path)
                    ),
                })
            }
            RecoverChoice::Delete => self.model.drop_recovery(&recovery).map(|()| {
                lang.pick("救援檔已刪除。", "deleted the recovery file.")
                    .to_owned()
            }),
        };
        match result {
            Ok(text) => self.say(text),
            Err(error) => {
                let text = error.message(lang);
                self.say(text);
            }
        }
        if !self.model.recoveries.is_empty() {
            self.overlay = Some(Overlay::Recover);
        }
    }

    /// Draws the whole screen.
    pub fn draw(&mut self, frame: &mut Frame<'_>) {
        let area = frame.area();
        self.cursor = None;
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            let text = match self.lang() {
                Lang::Zh => format!(
                    "終端機太小（{}×{}）；至少需要 {MIN_WIDTH}×{MIN_HEIGHT}。草稿已保存。",
                    area.width, area.height
                ),
                Lang::En => format!(
                    "Terminal too small ({}×{}); dsw needs {MIN_WIDTH}×{MIN_HEIGHT}. Your draft is saved.",
                    area.width, area.height
                ),
            };
            pane(frame, area, |frame| {
                frame.render_widget(Wrapped::new(text).style(self.theme.warning), area);
            });
            return;
        }
        // A draft that cannot be written gets a banner of its own under the header,
        // wrapped rather than cut off: the reason and where the text went instead.
        // Wrapped once, by the same rule that sizes it, so a long path is never cut
        // (a third of the screen at most, which is room for it at 60×16 too).
        let banner_lines: Vec<String> = self
            .failure_banner()
            .map(|text| super::text::wrap(&text, usize::from(area.width)))
            .unwrap_or_default();
        let banner_height = u16::try_from(banner_lines.len())
            .unwrap_or(u16::MAX)
            .min((area.height / 3).max(1));
        // A notice too long for the footer gets lines of its own above it (three at
        // most), wrapped, so what it says is never cut off.
        // A dialog that takes text, or the conflict view, has the footer to itself:
        // its own keys, and how to leave it (a notice from before it opened waits).
        let dialog = match &self.overlay {
            Some(Overlay::Prompt { .. }) => Some((Context::Dialog, vec![Action::Submit])),
            Some(Overlay::Commit(_)) => {
                Some((Context::Dialog, vec![Action::Submit, Action::NewLine]))
            }
            Some(Overlay::Conflicts(_)) => Some((
                Context::Conflict,
                vec![
                    Action::Mine,
                    Action::Theirs,
                    Action::Rewrite,
                    Action::Resolve,
                ],
            )),
            _ => None,
        };
        let context = dialog.as_ref().map_or_else(
            || self.tabs.current_ref().context(),
            |(context, _)| *context,
        );
        let notice = if dialog.is_some() {
            None
        } else {
            self.notice.as_ref().map(|(text, _)| text.clone())
        };
        let notice_lines: Vec<String> = {
            let ctx = Ctx {
                model: &self.model,
                theme: &self.theme,
                keys: &self.keys,
                lang: self.model.lang,
            };
            notice
                .as_deref()
                .filter(|text| !super::footer::fits(&ctx, context, area.width, text))
                .map(|text| super::text::wrap(&line(text), usize::from(area.width)))
                .unwrap_or_default()
        };
        let notice_height = u16::try_from(notice_lines.len()).unwrap_or(3).min(3);
        let [header, banner, tabs, body, notice_area, footer] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(banner_height),
            Constraint::Length(1),
            Constraint::Min(3),
            Constraint::Length(notice_height),
            Constraint::Length(1),
        ])
        .areas(area);
        pane(frame, header, |frame| self.draw_header(frame, header));
        if !banner_lines.is_empty() {
            let lines: Vec<Line<'_>> = banner_lines.into_iter().map(Line::from).collect();
            pane(frame, banner, |frame| {
                frame.render_widget(Paragraph::new(lines).style(self.theme.error), banner);
            });
        }
        pane(frame, tabs, |frame| self.draw_tabs(frame, tabs));
        let ctx = Ctx {
            model: &self.model,
            theme: &self.theme,
            keys: &self.keys,
            lang: self.model.lang,
        };
        let tab = self.tabs.current();
        let focused = self.overlay.is_none();
        pane(frame, body, |frame| tab.draw(frame, body, &ctx, focused));
        self.cursor = tab.cursor();
        // Asked after drawing: what works can depend on what was just drawn (a
        // list that now scrolls).
        let commands = dialog.map_or_else(|| tab.commands(), |(_, commands)| commands);
        let footer_notice = if notice_lines.is_empty() {
            notice.as_deref()
        } else {
            let lines: Vec<Line<'_>> = notice_lines.into_iter().map(Line::from).collect();
            pane(frame, notice_area, |frame| {
                frame.render_widget(Paragraph::new(lines).style(self.theme.warning), notice_area);
            });
            None
        };
        pane(frame, footer, |frame| {
            super::footer::draw(frame, footer, &ctx, context, &commands, footer_notice);
        });
        let overlay = &mut self.overlay;
        let caret = pane(frame, body, |frame| match overlay {
            Some(Overlay::Help(help)) => {
                help.draw(frame, body, &ctx);
                None
            }
            Some(Overlay::ConfirmQuit) => {
                draw_confirm_quit(frame, body, &ctx);
                None
            }
            Some(Overlay::Recover) => {
                draw_recover(frame, body, &ctx);
                None
            }
            Some(Overlay::Commit(dialog)) => Some(dialog.draw(frame, body, &ctx)),
            Some(Overlay::Conflicts(view)) => Some(view.draw(frame, body, &ctx)),
            Some(Overlay::Prompt { prompt, .. }) => Some(prompt.draw(frame, body, &ctx)),
            None => None,
        });
        if let Some(caret) = caret {
            self.cursor = caret;
        }
        super::text::terminal_safe(frame.buffer_mut());
        if let Some(position) = self.cursor {
            frame.set_cursor_position(position);
        }
    }

    /// The banner text while the draft cannot be written.
    fn failure_banner(&self) -> Option<String> {
        let failure = self.model.save_failure()?;
        let lang = self.lang();
        let reason = line(&failure.reason);
        let kept = match (&failure.recovery, lang) {
            (Some(Ok(path)), Lang::Zh) => format!(
                "你的文字仍在記憶體中，並已另存到 {}。",
                line(&path.display().to_string())
            ),
            (Some(Ok(path)), Lang::En) => format!(
                "Your text is still in memory and was also written to {}.",
                line(&path.display().to_string())
            ),
            (Some(Err(error)), Lang::Zh) => format!(
                "救援檔也無法寫入（{}）；文字只在記憶體中，請先別離開。",
                line(error)
            ),
            (Some(Err(error)), Lang::En) => format!(
                "The recovery file could not be written either ({}); the text is only in memory — do not quit yet.",
                line(error)
            ),
            (None, _) => lang
                .pick(
                    "文字只在記憶體中（找不到可寫入救援檔的位置），請先別離開。",
                    "The text is only in memory (no place for a recovery file is known) — do not quit yet.",
                )
                .to_owned(),
        };
        Some(match lang {
            Lang::Zh => format!("⚠ 草稿無法寫入：{reason} {kept}"),
            Lang::En => format!("⚠ The draft cannot be written: {reason} {kept}"),
        })
    }

    fn draw_header(&self, frame: &mut Frame<'_>, area: Rect) {
        let lang = self.lang();
        let theme = &self.theme;
        let model = &self.model;
        let draft = if model.save_failure().is_some() {
            lang.pick("草稿無法寫入", "draft NOT saved")
        } else if model.save_is_late() {
            lang.pick("草稿保存中…", "saving draft…")
        } else if model.has_changes() || model.is_dirty() {
            // Not "saved": up to two seconds of typing may still be on its way.
            lang.pick("有草稿變更", "draft changes")
        } else {
            lang.pick("無草稿變更", "no draft changes")
        };
        let draft_style = if model.save_failure().is_some() {
            theme.error
        } else {
            theme.muted
        };
        let mut spans = vec![
            Span::styled(line(&model.title()), theme.accent),
            Span::styled(
                format!(" · {} · {} · ", model.form.id, model.position()),
                theme.muted,
            ),
            Span::styled(draft, draft_style),
        ];
        if model.newer.count > 0 {
            let authors: Vec<String> = model.newer.authors.iter().map(|a| line(a)).collect();
            let text = match lang {
                Lang::Zh => format!(
                    " · {} 個新版本（{}）",
                    model.newer.count,
                    authors.join("、")
                ),
                Lang::En => format!(
                    " · {} new revisions by {}",
                    model.newer.count,
                    authors.join(", ")
                ),
            };
            spans.push(Span::styled(text, theme.warning));
        }
        let text: String = spans.iter().map(|s| s.content.as_ref()).collect();
        if width(&text) > usize::from(area.width) {
            let truncated = truncate(&text, usize::from(area.width));
            frame.render_widget(Paragraph::new(truncated).style(theme.accent), area);
        } else {
            frame.render_widget(Paragraph::new(Line::from(spans)), area);
        }
    }

    fn draw_tabs(&self, frame: &mut Frame<'_>, area: Rect) {
        let lang = self.lang();
        let label = |n: usize, title: &str| format!(" {} {title} ", n + 1);
        let full: usize = TABS
            .iter()
            .enumerate()
            .map(|(n, tab)| width(&label(n, (tab.title)(lang))) + 1)
            .sum();
        // Too narrow for every title (English at 60 columns): the others by number.
        let compact = full > usize::from(area.width);
        let mut spans = Vec::new();
        for (n, tab) in TABS.iter().enumerate() {
            let label = if compact && n != self.tabs.shown() {
                format!(" {} ", n + 1)
            } else {
                label(n, (tab.title)(lang))
            };
            let style = if n == self.tabs.shown() {
                self.theme.selection
            } else {
                self.theme.muted
            };
            spans.push(Span::styled(label, style));
            spans.push(Span::raw(" "));
        }
        frame.render_widget(Paragraph::new(Line::from(spans)), area);
    }
}

#[cfg(test)]
mod tests {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    use super::*;
    use crate::tui::testing::model;

    fn header(app: &mut App) -> String {
        let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
        terminal.draw(|frame| app.draw(frame)).unwrap();
        crate::tui::text::buffer_text(terminal.backend().buffer())
            .lines()
            .next()
            .unwrap_or("")
            .to_owned()
    }

    #[test]
    fn the_header_does_not_flip_while_a_draft_is_saved_on_time() {
        let (_dir, mut model) = model("ict-plan");
        model.set_answer("1.1.1", "人事人員".to_owned());
        assert!(model.is_dirty() && !model.save_is_late());
        let mut app = App::new(model, Theme::fallback(), Keymap::default());
        let typing = header(&mut app);
        assert!(typing.contains("有草稿變更"), "{typing}");
        app.model.flush().unwrap();
        assert!(!app.model.is_dirty());
        // Saved: the same header, so a keystroke costs no header bytes.
        assert_eq!(header(&mut app), typing);
    }
}
