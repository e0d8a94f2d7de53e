//! The workbench: tabs, overlays (help, commit, conflicts, prompts), the header and
//! the footer, and where every key goes.

use std::time::{Duration, Instant};

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, MouseEvent};
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::brics::BricsTab;
use super::checklist::Checklist;
use super::component::{Component, Ctx, Outcome, Prompt, Request};
use super::dialogs::{CommitDialog, ConflictView, DialogOutcome, PromptBox};
use super::diff::DiffTab;
use super::hint;
use super::history::History;
use super::keymap::{Action, COMMANDS, Keymap};
use super::model::Model;
use super::overview::Overview;
use super::presence::Watcher;
use super::text::{line, truncate, width};
use super::theme::Theme;
use crate::assessment::{BricsError, Evidence};
use crate::i18n::Lang;
use crate::store::{StoreError, short_id};

/// Smaller than this the screen only says it is too small.
pub const MIN_WIDTH: u16 = 60;
/// See [`MIN_WIDTH`].
pub const MIN_HEIGHT: u16 = 16;

/// The five tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    /// 指引: the checklist.
    Checklist,
    /// BRiCS tables.
    Brics,
    /// 歷程: revisions.
    History,
    /// 差異: semantic diff.
    Diff,
    /// 總覽: completion.
    Overview,
}

impl Tab {
    const ALL: [Tab; 5] = [
        Tab::Checklist,
        Tab::Brics,
        Tab::History,
        Tab::Diff,
        Tab::Overview,
    ];

    fn title(self, lang: Lang) -> &'static str {
        match self {
            Tab::Checklist => lang.pick("指引", "Checklist"),
            Tab::Brics => "BRiCS",
            Tab::History => lang.pick("歷程", "History"),
            Tab::Diff => lang.pick("差異", "Diff"),
            Tab::Overview => lang.pick("總覽", "Overview"),
        }
    }
}

enum Overlay {
    Help {
        scroll: u16,
    },
    /// The draft cannot be written: quit anyway?
    ConfirmQuit,
    /// An earlier session's unsaved text: restore, keep or delete it?
    Recover,
    Commit(CommitDialog),
    Conflicts(ConflictView),
    Prompt(Prompt, PromptBox),
}

/// The whole application state.
pub struct App {
    /// The data.
    pub model: Model,
    theme: Theme,
    keys: Keymap,
    tab: Tab,
    checklist: Checklist,
    brics: BricsTab,
    history: History,
    diff: DiffTab,
    overview: Overview,
    overlay: Option<Overlay>,
    notice: Option<(String, Instant)>,
    /// Set when the person asked to quit.
    pub quit: bool,
    cursor: Option<Position>,
    /// This window's presence and everyone else's (withdrawn when dropped).
    presence: Watcher,
}

impl App {
    /// The workbench on `model`.
    pub fn new(model: Model, theme: Theme, keys: Keymap) -> App {
        let notice = model.restored.then(|| {
            let text = model.lang.pick(
                "已還原上次未提交的草稿。",
                "Restored your uncommitted draft from last time.",
            );
            (text.to_owned(), Instant::now())
        });
        let presence = Watcher::start(
            model.store.workdir().to_path_buf(),
            model.name.clone(),
            model.user.clone(),
        );
        // Text an earlier session could not save is offered back first.
        let overlay = (!model.recoveries.is_empty()).then_some(Overlay::Recover);
        App {
            checklist: Checklist::new(&model),
            brics: BricsTab::new(&model),
            history: History::new(&model),
            diff: DiffTab::new(&model),
            overview: Overview::new(&model),
            model,
            theme,
            keys,
            tab: Tab::Checklist,
            overlay,
            notice,
            quit: false,
            cursor: None,
            presence,
        }
    }

    fn lang(&self) -> Lang {
        self.model.lang
    }

    fn say(&mut self, text: impl Into<String>) {
        self.notice = Some((text.into(), Instant::now()));
    }

    fn component(&mut self) -> &mut dyn Component {
        match self.tab {
            Tab::Checklist => &mut self.checklist,
            Tab::Brics => &mut self.brics,
            Tab::History => &mut self.history,
            Tab::Diff => &mut self.diff,
            Tab::Overview => &mut self.overview,
        }
    }

    /// A focus change: the draft is sent to be saved at once, without waiting.
    fn save_now(&mut self) {
        let _ = self.model.save(false);
    }

    /// Periodic work: send a due save, take in what the draft's worker found (the
    /// same person's other window, teammates' revisions), collect background
    /// results. Never waits. Returns whether to redraw.
    pub fn tick(&mut self) -> bool {
        let update = self.model.poll();
        let mut redraw = update.redraw;
        if update.changed {
            // Everything that keeps copies shows the merged draft; an open editor
            // whose field changed underneath shows the merged text.
            let model = &self.model;
            self.checklist.refresh(model);
            self.brics.refresh(model);
            self.overview.refresh(model);
            if self.tab == Tab::Diff {
                self.diff.refresh(model);
            }
        }
        if update.head_moved {
            self.history.refresh(&self.model);
        }
        if !update.notices.is_empty() {
            let text = update.notices.join(self.lang().pick("　", "  "));
            self.say(text);
            redraw = true;
        }
        redraw |= self.sync_presence();
        let model = &self.model;
        redraw |= self.history.tick(model)
            | self.diff.tick(model)
            | self.overview.tick(model)
            | self.brics.tick(model);
        if self
            .notice
            .as_ref()
            .is_some_and(|(_, at)| at.elapsed() > Duration::from_secs(6))
        {
            self.notice = None;
            redraw = true;
        }
        redraw
    }

    /// Tells the presence thread where this window's editor is, and takes in who
    /// else is editing what. Returns whether to redraw.
    fn sync_presence(&mut self) -> bool {
        let field = self
            .checklist
            .editing_field()
            .or_else(|| self.brics.editing_field());
        let update = self.presence.update(field, self.lang());
        let mut redraw = false;
        if let Some(board) = update.board {
            self.checklist.others = board.clone();
            self.brics.others = board;
            redraw = true;
        }
        if let Some(text) = update.notice {
            self.say(text);
            redraw = true;
        }
        redraw
    }

    fn switch(&mut self, tab: Tab) {
        if self.tab == tab {
            return;
        }
        self.checklist.finish_editing(&mut self.model);
        self.brics.finish_editing(&mut self.model);
        self.save_now();
        self.tab = tab;
        let model = &self.model;
        match tab {
            Tab::Checklist => self.checklist.refresh(model),
            Tab::Brics => self.brics.refresh(model),
            Tab::History => self.history.refresh(model),
            Tab::Diff => self.diff.refresh(model),
            Tab::Overview => self.overview.refresh(model),
        }
    }

    /// A key press.
    pub fn key(&mut self, event: KeyEvent) {
        if event.kind == KeyEventKind::Release {
            return;
        }
        if let Some(overlay) = self.overlay.take() {
            self.overlay_key(overlay, &event);
            return;
        }
        let editing = self.component().editing();
        // Commit works everywhere, even while typing.
        if self.keys.is(Action::Commit, &event) {
            self.open_commit();
            return;
        }
        if !editing {
            let globals = [
                Action::Quit,
                Action::Help,
                Action::TabChecklist,
                Action::TabBrics,
                Action::TabHistory,
                Action::TabDiff,
                Action::TabOverview,
                Action::Search,
            ];
            // The component gets first say (a list may use `n` itself), except for
            // the tab numbers, quit and help, which always work.
            match self.keys.first(&event, &globals) {
                Some(Action::Quit) => {
                    self.checklist.finish_editing(&mut self.model);
                    self.brics.finish_editing(&mut self.model);
                    self.try_quit();
                    return;
                }
                Some(Action::Help) => {
                    self.overlay = Some(Overlay::Help { scroll: 0 });
                    return;
                }
                Some(Action::TabChecklist) => return self.switch(Tab::Checklist),
                Some(Action::TabBrics) => return self.switch(Tab::Brics),
                Some(Action::TabHistory) => return self.switch(Tab::History),
                Some(Action::TabDiff) => return self.switch(Tab::Diff),
                Some(Action::TabOverview) => return self.switch(Tab::Overview),
                Some(Action::Search) if self.tab == Tab::Checklist => {
                    self.open_prompt(Prompt::Search);
                    return;
                }
                _ => {}
            }
        }
        let keys = self.keys.clone();
        let outcome = match self.tab {
            Tab::Checklist => self.checklist.key(&event, &mut self.model, &keys),
            Tab::Brics => self.brics.key(&event, &mut self.model, &keys),
            Tab::History => self.history.key(&event, &mut self.model, &keys),
            Tab::Diff => self.diff.key(&event, &mut self.model, &keys),
            Tab::Overview => self.overview.key(&event, &mut self.model, &keys),
        };
        match outcome {
            Outcome::Request(request) => self.request(request),
            Outcome::Ignored if !editing && self.tab == Tab::Checklist => {
                if let Some(action) = self.keys.first(&event, &[Action::Next, Action::Prev]) {
                    let moved = self
                        .checklist
                        .jump(action == Action::Next, &self.model.form);
                    if !moved {
                        let text = self
                            .lang()
                            .pick("沒有搜尋結果；按 / 搜尋。", "no matches; / to search.");
                        self.say(text);
                    }
                }
            }
            _ => {}
        }
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
        if let Some(Overlay::Prompt(_, prompt)) = &mut self.overlay {
            prompt.paste(text);
            return;
        }
        if let Some(Overlay::Commit(dialog)) = &mut self.overlay {
            dialog.paste(text);
            return;
        }
        if self.overlay.is_some() {
            return;
        }
        let outcome = match self.tab {
            Tab::Checklist => self.checklist.paste(text, &mut self.model),
            Tab::Brics => self.brics.paste(text, &mut self.model),
            _ => Outcome::Ignored,
        };
        if let Outcome::Request(request) = outcome {
            self.request(request);
        }
    }

    /// A mouse event.
    pub fn mouse(&mut self, event: MouseEvent) {
        if self.overlay.is_some() {
            return;
        }
        let outcome = match self.tab {
            Tab::Checklist => self.checklist.mouse(&event, &mut self.model),
            Tab::Brics => self.brics.mouse(&event, &mut self.model),
            Tab::History => self.history.mouse(&event, &mut self.model),
            Tab::Diff => self.diff.mouse(&event, &mut self.model),
            Tab::Overview => self.overview.mouse(&event, &mut self.model),
        };
        if let Outcome::Request(request) = outcome {
            self.request(request);
        }
    }

    fn request(&mut self, request: Request) {
        match request {
            Request::Save => self.save_now(),
            Request::Notice(text) => self.say(text),
            Request::Prompt(prompt) => self.open_prompt(prompt),
            Request::ShowDiff { from, to } => {
                self.diff.show(&self.model, Some(from), Some(to));
                self.switch(Tab::Diff);
            }
        }
    }

    fn open_prompt(&mut self, prompt: Prompt) {
        let lang = self.lang();
        let (title, initial) = match &prompt {
            Prompt::EvidenceLabel { item } => (
                format!("{item} {}", lang.pick("佐證說明", "evidence label")),
                String::new(),
            ),
            Prompt::EvidenceTarget { label, .. } => (
                format!(
                    "{} {}",
                    line(label),
                    lang.pick("的網址或路徑", "— URL or path")
                ),
                String::new(),
            ),
            Prompt::NewStakeholder { .. } => (
                lang.pick("利害關係人名稱", "Stakeholder name").to_owned(),
                String::new(),
            ),
            Prompt::NewTable => (
                lang.pick("BRiCS 表名稱", "BRiCS table title").to_owned(),
                self.model
                    .assessment()
                    .new_table_title(&self.model.store.catalog().brics),
            ),
            Prompt::RenameStakeholder { table, stakeholder } => {
                let current = self
                    .model
                    .assessment()
                    .table(table)
                    .and_then(|t| t.stakeholders.iter().find(|s| s.id == *stakeholder))
                    .map(|s| s.name.clone())
                    .unwrap_or_default();
                (lang.pick("新名稱", "New name").to_owned(), current)
            }
            Prompt::TagName { revision } => (
                format!(
                    "{} {}",
                    lang.pick("送審標記名稱，版本", "Iteration tag for"),
                    short_id(*revision)
                ),
                String::new(),
            ),
            Prompt::Search => (
                lang.pick(
                    "搜尋題目、回答與參考資料",
                    "Search questions, answers and guidance",
                )
                .to_owned(),
                String::new(),
            ),
        };
        self.overlay = Some(Overlay::Prompt(prompt, PromptBox::new(&title, &initial)));
    }

    fn prompt_done(&mut self, prompt: Prompt, text: String) {
        let lang = self.lang();
        let text = text.trim().to_owned();
        if text.is_empty() && prompt != Prompt::Search {
            return;
        }
        match prompt {
            Prompt::EvidenceLabel { item } => {
                self.open_prompt(Prompt::EvidenceTarget { item, label: text })
            }
            Prompt::EvidenceTarget { item, label } => {
                self.model.edit(|a| {
                    a.add_evidence(
                        &item,
                        Evidence {
                            label,
                            target: text,
                        },
                    )
                });
                self.save_now();
            }
            // BRiCS edits and tagging: the operations the command line performs too.
            Prompt::NewTable => {
                let added = self
                    .model
                    .edit_brics(|a, brics| a.add_brics_table(brics, &text));
                self.brics_edited(added.map(drop));
            }
            Prompt::NewStakeholder { table } => {
                let added = self
                    .model
                    .edit_brics(|a, brics| a.add_stakeholder(brics, table.as_deref(), &text));
                self.brics_edited(added.map(drop));
            }
            Prompt::RenameStakeholder { table, stakeholder } => {
                let renamed = self
                    .model
                    .edit_brics(|a, _| a.rename_stakeholder(&table, &stakeholder, &text));
                self.brics_edited(renamed.map(drop));
            }
            Prompt::TagName { revision } => {
                let tagged = self.model.author().and_then(|tagger| {
                    let revision = revision.to_string();
                    self.model.store.tag(&text, Some(&revision), "", &tagger)
                });
                match tagged {
                    Ok(tagged) => {
                        self.history.refresh(&self.model);
                        self.say(tagged.describe(lang));
                    }
                    Err(error) => self.say(hint::store_message(&error, &self.keys, lang)),
                }
            }
            Prompt::Search => {
                if text.is_empty() {
                    return;
                }
                let found = self.checklist.search(&text, &self.model);
                self.switch(Tab::Checklist);
                self.say(match lang {
                    Lang::Zh => format!("「{}」：{found} 筆（n 下一筆，N 上一筆）", line(&text)),
                    Lang::En => format!("“{}”: {found} matches (n next, N previous)", line(&text)),
                });
            }
        }
    }

    /// After a BRiCS edit: the grid shows it, or the notice says why it was refused.
    fn brics_edited(&mut self, result: Result<(), BricsError>) {
        match result {
            Ok(()) => self.brics.refresh(&self.model),
            Err(error) => self.say(error.message(self.lang())),
        }
    }

    fn open_commit(&mut self) {
        self.checklist.finish_editing(&mut self.model);
        self.brics.finish_editing(&mut self.model);
        self.save_now();
        let lang = self.lang();
        // What committing would change, as `dsw status` counts it: an edit a
        // teammate has committed too changes nothing.
        let changes = self.model.draft_changes();
        if !self.model.has_changes() || changes.is_empty() {
            self.say(lang.pick(
                "草稿沒有變更，無需提交。",
                "the draft has no changes to commit.",
            ));
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
        let model = &self.model;
        self.checklist.refresh(model);
        self.brics.refresh(model);
        self.history.refresh(model);
        self.diff.refresh(model);
        self.overview.refresh(model);
    }

    fn overlay_key(&mut self, overlay: Overlay, event: &KeyEvent) {
        match overlay {
            Overlay::ConfirmQuit => match event.code {
                KeyCode::Char('y' | 'Y') => self.quit = true,
                KeyCode::Char('n' | 'N') | KeyCode::Esc => {}
                _ => self.overlay = Some(Overlay::ConfirmQuit),
            },
            Overlay::Recover => self.recover_key(event),
            Overlay::Help { scroll } => {
                let scroll = match self.keys.first(
                    event,
                    &[Action::Down, Action::Up, Action::PageDown, Action::PageUp],
                ) {
                    Some(Action::Down) => scroll.saturating_add(1),
                    Some(Action::Up) => scroll.saturating_sub(1),
                    Some(Action::PageDown) => scroll.saturating_add(10),
                    Some(Action::PageUp) => scroll.saturating_sub(10),
                    _ if self.keys.is(Action::Back, event)
                        || self.keys.is(Action::Help, event)
                        || self.keys.is(Action::Quit, event) =>
                    {
                        return;
                    }
                    _ => scroll,
                };
                self.overlay = Some(Overlay::Help { scroll });
            }
            Overlay::Prompt(prompt, mut input) => match input.key(event) {
                DialogOutcome::Open => self.overlay = Some(Overlay::Prompt(prompt, input)),
                DialogOutcome::Cancel => {}
                DialogOutcome::Submit(text) => self.prompt_done(prompt, text),
            },
            Overlay::Commit(mut dialog) => match dialog.key(event) {
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

    /// r restores the first offered recovery file, k keeps it, d deletes it; the
    /// next one (if any) is offered after.
    fn recover_key(&mut self, event: &KeyEvent) {
        let lang = self.lang();
        let Some(recovery) = self.model.recoveries.first().cloned() else {
            return;
        };
        let path = recovery.path.display().to_string();
        let result = match event.code {
            KeyCode::Char('r' | 'R') => self.model.restore(&recovery).map(|()| {
                self.refresh_all();
                if let Some(id) = self.model.last_edited().map(str::to_owned) {
                    self.checklist.focus_question(&id, &self.model.form);
                }
                lang.pick(
                    "已把救援檔的文字合併回草稿，並刪除救援檔。",
                    "merged the recovered text back into your draft and deleted the recovery file.",
                )
                .to_owned()
            }),
            KeyCode::Char('k' | 'K') | KeyCode::Esc => {
                self.model.keep_recovery(&recovery);
                Ok(match lang {
                    Lang::Zh => format!("救援檔保留在 {}；下次啟動會再詢問。", line(&path)),
                    Lang::En => format!(
                        "kept the recovery file at {}; you will be asked again next start.",
                        line(&path)
                    ),
                })
            }
            KeyCode::Char('d' | 'D') => self.model.drop_recovery(&recovery).map(|()| {
                lang.pick("救援檔已刪除。", "deleted the recovery file.")
                    .to_owned()
            }),
            _ => {
                self.overlay = Some(Overlay::Recover);
                return;
            }
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
            frame.render_widget(
                Paragraph::new(text)
                    .style(self.theme.warning)
                    .wrap(Wrap { trim: true }),
                area,
            );
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
        let [header, banner, tabs, body, footer] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(banner_height),
            Constraint::Length(1),
            Constraint::Min(3),
            Constraint::Length(1),
        ])
        .areas(area);
        self.draw_header(frame, header);
        if !banner_lines.is_empty() {
            let lines: Vec<Line<'_>> = banner_lines.into_iter().map(Line::from).collect();
            frame.render_widget(Paragraph::new(lines).style(self.theme.error), banner);
        }
        self.draw_tabs(frame, tabs);
        let ctx = Ctx {
            model: &self.model,
            theme: &self.theme,
            keys: &self.keys,
            lang: self.model.lang,
        };
        let component: &mut dyn Component = match self.tab {
            Tab::Checklist => &mut self.checklist,
            Tab::Brics => &mut self.brics,
            Tab::History => &mut self.history,
            Tab::Diff => &mut self.diff,
            Tab::Overview => &mut self.overview,
        };
        component.draw(frame, body, &ctx, self.overlay.is_none());
        self.cursor = component.cursor();
        let commands = component.commands();
        self.draw_footer(frame, footer, &commands);
        match &mut self.overlay {
            Some(Overlay::Help { scroll }) => draw_help(frame, body, &ctx, *scroll),
            Some(Overlay::ConfirmQuit) => draw_confirm_quit(frame, body, &ctx),
            Some(Overlay::Recover) => draw_recover(frame, body, &ctx),
            Some(Overlay::Commit(dialog)) => self.cursor = dialog.draw(frame, body, &ctx),
            Some(Overlay::Conflicts(view)) => self.cursor = view.draw(frame, body, &ctx),
            Some(Overlay::Prompt(_, prompt)) => self.cursor = prompt.draw(frame, body, &ctx),
            None => {}
        }
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
        } else if model.is_dirty() {
            lang.pick("草稿保存中…", "saving draft…")
        } else if model.has_changes() {
            lang.pick("草稿已保存", "draft saved")
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
        let mut spans = Vec::new();
        for (n, tab) in Tab::ALL.iter().enumerate() {
            let label = format!(" {} {} ", n + 1, tab.title(lang));
            let style = if *tab == self.tab {
                self.theme.selection
            } else {
                self.theme.muted
            };
            spans.push(Span::styled(label, style));
            spans.push(Span::raw(" "));
        }
        frame.render_widget(Paragraph::new(Line::from(spans)), area);
    }

    fn draw_footer(&self, frame: &mut Frame<'_>, area: Rect, commands: &[Action]) {
        let lang = self.lang();
        if let Some((notice, _)) = &self.notice {
            frame.render_widget(
                Paragraph::new(truncate(&line(notice), usize::from(area.width)))
                    .style(self.theme.warning),
                area,
            );
            return;
        }
        let mut all: Vec<Action> = commands.to_vec();
        for action in [Action::Commit, Action::Help, Action::Quit] {
            let hidden = action == Action::Quit && self.component_editing();
            if !all.contains(&action) && !hidden {
                all.push(action);
            }
        }
        let mut spans = Vec::new();
        let mut used = 0;
        for action in all {
            let keys = self.keys.label(action);
            let doc = action.doc(lang);
            let piece = width(&keys) + width(doc) + 3;
            if used + piece > usize::from(area.width) {
                break;
            }
            used += piece;
            spans.push(Span::styled(keys, self.theme.accent));
            spans.push(Span::styled(format!(" {doc}  "), self.theme.muted));
        }
        frame.render_widget(Paragraph::new(Line::from(spans)), area);
    }

    fn component_editing(&self) -> bool {
        match self.tab {
            Tab::Checklist => self.checklist.editing(),
            Tab::Brics => self.brics.editing(),
            _ => false,
        }
    }
}

/// The help overlay, generated from the command table (the same one the footer
/// and the key dispatch use, so it is always right).
fn draw_help(frame: &mut Frame<'_>, body: Rect, ctx: &Ctx<'_>, scroll: u16) {
    let area = centered(body, 72, body.height.saturating_sub(2));
    frame.render_widget(Clear, area);
    let mut lines = Vec::new();
    for command in COMMANDS {
        let keys = ctx.keys.label(command.action);
        let pad = 18usize.saturating_sub(width(&keys));
        lines.push(Line::from(vec![
            Span::styled(format!("{keys}{}", " ".repeat(pad)), ctx.theme.accent),
            Span::styled(
                format!("{}  ", command.action.doc(ctx.lang)),
                ctx.theme.text,
            ),
            Span::styled(command.name, ctx.theme.muted),
        ]));
    }
    let title = ctx.lang.pick(
        " 說明（Esc 關閉；鍵位可在 ~/.config/dsw/keys.toml 覆寫） ",
        " Help (Esc closes; override keys in ~/.config/dsw/keys.toml) ",
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(ctx.theme.focus)
        .title(title);
    frame.render_widget(Paragraph::new(lines).block(block).scroll((scroll, 0)), area);
}

/// Asks before quitting while the draft cannot be written.
fn draw_confirm_quit(frame: &mut Frame<'_>, body: Rect, ctx: &Ctx<'_>) {
    let lang = ctx.lang;
    let mut text = vec![Line::styled(
        lang.pick(
            "草稿無法寫入，最新的文字沒有存進草稿。",
            "The draft cannot be written: your latest text is not in it.",
        ),
        ctx.theme.error,
    )];
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
    text.push(Line::styled(
        lang.pick(
            "仍要離開嗎？ y 離開　n 留下",
            "Quit anyway?  y quit   n stay",
        ),
        ctx.theme.accent,
    ));
    draw_box(frame, body, ctx, lang.pick(" 離開 ", " Quit "), text);
}

/// Offers back the text an earlier session could not save.
fn draw_recover(frame: &mut Frame<'_>, body: Rect, ctx: &Ctx<'_>) {
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
            lang.pick(
                "r 還原（合併到目前的草稿）　k 保留檔案，暫不還原　d 刪除檔案",
                "r restore (merge into your draft)   k keep the file for later   d delete it",
            ),
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

/// A centred box with `title` and wrapped `text`.
fn draw_box(frame: &mut Frame<'_>, body: Rect, ctx: &Ctx<'_>, title: &str, text: Vec<Line<'_>>) {
    let area = centered(body, 72, 12);
    frame.render_widget(Clear, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(ctx.theme.focus)
        .title(title.to_owned());
    frame.render_widget(
        Paragraph::new(text).block(block).wrap(Wrap { trim: false }),
        area,
    );
}

/// A rectangle of at most `width`×`height` centred in `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}
