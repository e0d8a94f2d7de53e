//! The workbench: tabs, overlays (help, commit, conflicts, prompts), the header and
//! the footer, and where every key goes.

use std::time::{Duration, Instant};

use ratatui::Frame;
use ratatui::crossterm::event::{KeyEvent, KeyEventKind, MouseEvent};
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::brics::BricsTab;
use super::checklist::Checklist;
use super::component::{Component, Ctx, Outcome, Prompt, Request};
use super::dialogs::{CommitDialog, ConflictView, DialogOutcome, PromptBox};
use super::diff::DiffTab;
use super::history::History;
use super::keymap::{Action, COMMANDS, Keymap};
use super::model::Model;
use super::overview::Overview;
use super::presence::Watcher;
use super::text::{line, truncate, width};
use super::theme::Theme;
use crate::assessment::{BricsTable, Evidence, Stakeholder, new_id};
use crate::i18n::Lang;
use crate::store::{Committed, StoreError, short_id};

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
    Help { scroll: u16 },
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
    last_poll: Instant,
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
            overlay: None,
            notice,
            last_poll: Instant::now(),
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

    fn save_now(&mut self) {
        if let Err(error) = self.model.save(true) {
            let message = error.message(self.lang());
            self.say(message);
        }
    }

    /// Periodic work: save a due draft, look for teammates' revisions, collect
    /// background results. Returns whether to redraw.
    pub fn tick(&mut self) -> bool {
        let mut redraw = false;
        match self.model.save(false) {
            Ok(saved) => redraw |= saved,
            Err(error) => {
                let message = error.message(self.lang());
                self.say(message);
                redraw = true;
            }
        }
        if self.last_poll.elapsed() >= Duration::from_secs(3) {
            self.last_poll = Instant::now();
            if self.model.poll_head() {
                // Teammates committed: history and overview show it; the checklist
                // keeps what is being typed.
                self.history.refresh(&self.model);
                self.overview.refresh(&self.model);
                redraw = true;
            }
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
                    self.save_now();
                    self.quit = true;
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
                String::new(),
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
            Prompt::NewTable => {
                self.model.edit(|a| {
                    a.brics.push(BricsTable {
                        id: new_id(),
                        title: text,
                        stakeholders: Vec::new(),
                    })
                });
                self.brics.refresh(&self.model);
            }
            Prompt::NewStakeholder { table } => {
                let stakeholder = Stakeholder {
                    id: new_id(),
                    name: text,
                    ..Default::default()
                };
                self.model.edit(|a| {
                    match table
                        .as_deref()
                        .and_then(|t| a.brics.iter_mut().find(|x| x.id == t))
                    {
                        Some(table) => table.stakeholders.push(stakeholder),
                        None => a.brics.push(BricsTable {
                            id: new_id(),
                            title: "BRiCS".into(),
                            stakeholders: vec![stakeholder],
                        }),
                    }
                });
                self.brics.refresh(&self.model);
            }
            Prompt::RenameStakeholder { table, stakeholder } => {
                self.model.edit(|a| {
                    if let Some(row) = a
                        .brics
                        .iter_mut()
                        .find(|t| t.id == table)
                        .and_then(|t| t.stakeholders.iter_mut().find(|s| s.id == stakeholder))
                    {
                        row.name = text;
                    }
                });
                self.brics.refresh(&self.model);
            }
            Prompt::TagName { revision } => {
                let tagger = self.model.author();
                match self.model.store.tag(&text, revision, &text, &tagger) {
                    Ok(_) => {
                        self.history.refresh(&self.model);
                        self.say(format!(
                            "{} {text} → {}",
                            lang.pick("已標記", "tagged"),
                            short_id(revision)
                        ));
                    }
                    Err(error) => {
                        let message = error.message(lang);
                        self.say(message);
                    }
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

    fn open_commit(&mut self) {
        self.checklist.finish_editing(&mut self.model);
        self.brics.finish_editing(&mut self.model);
        self.save_now();
        let lang = self.lang();
        if !self.model.has_changes() {
            self.say(lang.pick(
                "草稿沒有變更，無需提交。",
                "the draft has no changes to commit.",
            ));
            return;
        }
        let stat = crate::diff::AssessmentDiff::between(
            &self.model.draft.base,
            &self.model.draft.mine,
            &self.model.form,
        )
        .stat();
        let author = self.model.author();
        self.overlay = Some(Overlay::Commit(CommitDialog::new(
            &stat.describe(lang),
            &format!("{} <{}>", author.name, author.email),
        )));
    }

    fn commit(&mut self, message: &str) {
        let lang = self.lang();
        let author = self.model.author();
        match self.model.commit(message, &author) {
            Ok(Committed::Revision {
                id, stat, merged, ..
            }) => {
                let mut text = format!(
                    "{} {} — {}",
                    lang.pick("已提交", "committed"),
                    short_id(id),
                    stat.describe(lang)
                );
                if merged {
                    text += lang.pick("（已與他人的新版本合併）", " (merged with newer revisions)");
                }
                self.say(text);
                self.refresh_all();
            }
            Ok(Committed::NothingToCommit) => {
                self.say(lang.pick("沒有需要提交的變更。", "nothing to commit."))
            }
            Err(StoreError::Conflicts { conflicts }) => {
                self.overlay = Some(Overlay::Conflicts(ConflictView::new(
                    conflicts,
                    message.to_owned(),
                )));
            }
            Err(error) => {
                let message = error.message(lang);
                self.say(message);
            }
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
        let [header, tabs, body, footer] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Min(3),
            Constraint::Length(1),
        ])
        .areas(area);
        self.draw_header(frame, header);
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
            Some(Overlay::Commit(dialog)) => self.cursor = dialog.draw(frame, body, &ctx),
            Some(Overlay::Conflicts(view)) => self.cursor = view.draw(frame, body, &ctx),
            Some(Overlay::Prompt(_, prompt)) => self.cursor = prompt.draw(frame, body, &ctx),
            None => {}
        }
        if let Some(position) = self.cursor {
            frame.set_cursor_position(position);
        }
    }

    fn draw_header(&self, frame: &mut Frame<'_>, area: Rect) {
        let lang = self.lang();
        let theme = &self.theme;
        let model = &self.model;
        let draft = if model.is_dirty() {
            lang.pick("草稿保存中…", "saving draft…")
        } else if model.has_changes() {
            lang.pick("草稿已保存", "draft saved")
        } else {
            lang.pick("無草稿變更", "no draft changes")
        };
        let mut spans = vec![
            Span::styled(line(&model.title()), theme.accent),
            Span::styled(
                format!(" · {} · {} · {draft}", model.form.id, model.position()),
                theme.muted,
            ),
        ];
        if !model.newer.is_empty() {
            let mut authors: Vec<String> = model.newer.iter().map(|a| line(a)).collect();
            authors.dedup();
            let text = match lang {
                Lang::Zh => format!(
                    " · {} 個新版本（{}）",
                    model.newer.len(),
                    authors.join("、")
                ),
                Lang::En => format!(
                    " · {} new revisions by {}",
                    model.newer.len(),
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
