//! The history tab (歷程): the assessment's revisions, newest first — when, who,
//! what they wrote, what changed and which iteration tags point at them. Two
//! revisions marked with `m` open in the diff tab; Enter shows one revision as the
//! text of the whole assessment, read-only; `t` tags an iteration.
//!
//! The log is read off the UI thread by the tab's [`Job`]: its work opens its own
//! store (git2 repositories are not shared between threads), walks the log and
//! sends the rows in batches, which [`Component::collect`] takes in. The first
//! batch is sent as soon as [`FIRST_BATCH`] rows are ready, so the first page shows
//! at once even for 10,000 revisions. A reload keeps the rows on screen until the
//! new ones cover them, so a teammate's commit never makes the list flicker.

use std::path::Path;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use git2::Oid;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyEvent, MouseEvent, MouseEventKind};
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::area::{boxed, pane};
use super::component::{Ask, Component, Ctx, Outcome, Request, answered};
use super::events::Waker;
use super::job::{Job, Reporter};
use super::keymap::{Action, Context, Keymap};
use super::model::Model;
use super::text::{block as safe_block, line, truncate, width, wrap};
use crate::i18n::Lang;
use crate::store::{AssessmentName, Revision, Store, short_id};

/// Rows in the first batch: enough for a screen, sent before the rest is read.
const FIRST_BATCH: usize = 50;
/// Rows in every later batch.
const BATCH: usize = 200;
/// A partial batch is sent anyway after this long (a slow walk still shows progress).
const FLUSH_AFTER: Duration = Duration::from_millis(100);
/// Width of the date column, in cells (`2026-01-05`, `59 分鐘前`, `59 min ago`).
const DATE_WIDTH: usize = 10;

/// What the loader sends: a batch of rows, or why it stopped early.
type Batch = Result<Vec<Revision>, String>;

/// A log being read in the background.
struct Loading {
    /// Rows received while the previous rows are still on screen.
    pending: Vec<Revision>,
    /// Whether this run's rows have replaced the previous ones.
    shown: bool,
    /// Rows received so far.
    count: usize,
}

/// A marked revision (for a diff).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Mark {
    id: Oid,
    time: i64,
}

/// One revision shown read-only as text.
struct View {
    id: Oid,
    title: String,
    /// The assessment as text, made safe, tabs expanded.
    text: String,
    /// `text` wrapped to `wrapped_width`.
    wrapped: Vec<String>,
    wrapped_width: usize,
    scroll: usize,
    /// The last drawn height, for paging and the bottom.
    height: usize,
}

impl View {
    fn max_scroll(&self) -> usize {
        self.wrapped.len().saturating_sub(self.height.max(1))
    }
}

/// The history tab.
pub struct History {
    rows: Vec<Revision>,
    job: Job<Batch>,
    loading: Option<Loading>,
    error: Option<String>,
    selected: usize,
    scroll: usize,
    /// At most two, the earliest marked first.
    marks: Vec<Mark>,
    view: Option<View>,
    list_area: Rect,
    /// Rows the list showed last time (for paging).
    page: usize,
    /// The revision a tag name was asked for.
    tagging: Option<Oid>,
}

impl History {
    /// The tab; its rows arrive in the background (see [`Component::collect`]).
    pub fn new(model: &Model, waker: Waker) -> History {
        let mut tab = History {
            rows: Vec::new(),
            job: Job::new("history", waker),
            loading: None,
            error: None,
            selected: 0,
            scroll: 0,
            marks: Vec::new(),
            view: None,
            list_area: Rect::default(),
            page: 10,
            tagging: None,
        };
        tab.reload(model);
        tab
    }

    /// Starts reading the log again; the rows on screen stay until the new ones
    /// cover them. A run still going is cancelled (it stops at its next send).
    fn reload(&mut self, model: &Model) {
        self.error = None;
        let (workdir, name, lang) = (
            model.store.workdir().to_path_buf(),
            model.name.clone(),
            model.lang,
        );
        match self
            .job
            .start(move |reporter| load(&workdir, &name, lang, reporter))
        {
            Ok(()) => {
                self.loading = Some(Loading {
                    pending: Vec::new(),
                    shown: false,
                    count: 0,
                })
            }
            Err(error) => {
                self.loading = None;
                self.error = Some(format!(
                    "{}: {error}",
                    model.lang.pick("無法讀取歷程", "cannot read the history")
                ));
            }
        }
    }

    /// Whether the log is still being read.
    fn loading(&self) -> bool {
        self.loading.is_some()
    }

    fn selected_revision(&self) -> Option<&Revision> {
        self.rows.get(self.selected)
    }

    /// Puts the rows of a job in place of the old ones, keeping the selected
    /// revision selected when it is still there.
    fn show_pending(&mut self, pending: Vec<Revision>) {
        let anchor = self.selected_revision().map(|r| r.id);
        let offset = self.selected.saturating_sub(self.scroll);
        self.rows = pending;
        if let Some(at) = anchor.and_then(|id| self.rows.iter().position(|r| r.id == id)) {
            self.selected = at;
            // At the top, the news shows above the selection; further down, the
            // selected row stays where it is on screen.
            if self.scroll > 0 {
                self.scroll = at.saturating_sub(offset);
            }
        }
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
        self.scroll = self.scroll.min(self.selected);
    }

    fn move_by(&mut self, delta: isize) {
        let last = self.rows.len().saturating_sub(1) as isize;
        self.selected = (self.selected as isize)
            .saturating_add(delta)
            .clamp(0, last.max(0)) as usize;
    }

    /// Marks `revision`, or unmarks it if marked; a third mark replaces the earliest.
    fn toggle_mark(&mut self, id: Oid, time: i64) {
        if let Some(at) = self.marks.iter().position(|m| m.id == id) {
            self.marks.remove(at);
            return;
        }
        if self.marks.len() == 2 {
            self.marks.remove(0);
        }
        self.marks.push(Mark { id, time });
    }

    fn is_marked(&self, id: Oid) -> bool {
        self.marks.iter().any(|m| m.id == id)
    }

    /// The two marks as (older, newer): by their place in the log (children before
    /// parents), else by time.
    fn compared(&self) -> Option<(Oid, Oid)> {
        let [a, b] = self.marks[..] else { return None };
        let index = |id: Oid| self.rows.iter().position(|r| r.id == id);
        let a_older = match (index(a.id), index(b.id)) {
            (Some(x), Some(y)) => x > y,
            _ => a.time <= b.time,
        };
        Some(if a_older { (a.id, b.id) } else { (b.id, a.id) })
    }

    /// Opens the selected revision read-only.
    fn open(&mut self, model: &Model) -> Outcome {
        let lang = model.lang;
        let Some(revision) = self.selected_revision() else {
            return Outcome::Consumed;
        };
        let (id, time, offset, author) = (
            revision.id,
            revision.time,
            revision.offset_minutes,
            revision.author.clone(),
        );
        let assessment = match model.store.load_at(&model.name, id) {
            Ok(assessment) => assessment,
            Err(error) => return Outcome::Request(Request::Notice(error.message(lang))),
        };
        let form = match model.store.form_of(&assessment) {
            Ok(form) => form,
            Err(error) => return Outcome::Request(Request::Notice(error.message(lang))),
        };
        let catalog = model.store.catalog();
        let report = crate::report::FormReport::new(
            &assessment,
            form,
            &catalog.guidelines,
            &catalog.brics,
            None,
            lang,
        );
        let text = crate::export::text::render(&report);
        let title = format!(
            " {} · {} · {} · {} ",
            short_id(id),
            line(&author),
            date(time, offset, true),
            lang.pick("唯讀", "read-only")
        );
        self.view = Some(View {
            id,
            title,
            text: safe_block(&text).replace('\t', "    "),
            wrapped: Vec::new(),
            wrapped_width: 0,
            scroll: 0,
            height: 0,
        });
        Outcome::Consumed
    }

    fn view_key(&mut self, action: Action, model: &Model, keys: &Keymap) -> Outcome {
        let Some(view) = &mut self.view else {
            return Outcome::Ignored;
        };
        let page = view.height.saturating_sub(1).max(1);
        match action {
            Action::Back => self.view = None,
            Action::Up => view.scroll = view.scroll.saturating_sub(1),
            Action::Down => view.scroll = (view.scroll + 1).min(view.max_scroll()),
            Action::PageUp => view.scroll = view.scroll.saturating_sub(page),
            Action::PageDown => view.scroll = (view.scroll + page).min(view.max_scroll()),
            Action::Top => view.scroll = 0,
            Action::Bottom => view.scroll = view.max_scroll(),
            Action::Mark => {
                let id = view.id;
                let time = self.rows.iter().find(|r| r.id == id).map_or(0, |r| r.time);
                self.toggle_mark(id, time);
                return Outcome::Request(Request::Notice(self.mark_notice(model.lang, keys)));
            }
            Action::Tag => {
                let revision = view.id;
                return self.ask_tag(revision, model.lang);
            }
            _ => {}
        }
        Outcome::Consumed
    }

    /// Asks for an iteration tag's name for `revision`.
    fn ask_tag(&mut self, revision: Oid, lang: Lang) -> Outcome {
        self.tagging = Some(revision);
        Outcome::Request(Request::Ask(Ask::new(format!(
            "{} {}",
            lang.pick("送審標記名稱，版本", "Iteration tag for"),
            short_id(revision)
        ))))
    }

    fn mark_notice(&self, lang: Lang, keys: &Keymap) -> String {
        let compare = keys.main_label(Action::Edit);
        match (self.marks.len(), lang) {
            (2, Lang::Zh) => format!("已標記兩個版本；在歷程按 {compare} 比較。"),
            (2, Lang::En) => {
                format!("two revisions marked; {compare} in the history compares them.")
            }
            (n, Lang::Zh) => format!("已標記 {n}/2 個版本。"),
            (n, Lang::En) => format!("{n}/2 revisions marked."),
        }
    }

    fn list_key(&mut self, action: Action, model: &Model) -> Outcome {
        let page = self.page.max(1) as isize;
        match action {
            Action::Up => self.move_by(-1),
            Action::Down => self.move_by(1),
            Action::PageUp => self.move_by(-page),
            Action::PageDown => self.move_by(page),
            Action::Top => self.move_by(isize::MIN),
            Action::Bottom => self.move_by(isize::MAX),
            Action::Edit => {
                if let Some((from, to)) = self.compared() {
                    return Outcome::Request(Request::ShowDiff { from, to });
                }
                return self.open(model);
            }
            Action::Mark => {
                let Some((id, time)) = self.selected_revision().map(|r| (r.id, r.time)) else {
                    return Outcome::Consumed;
                };
                self.toggle_mark(id, time);
            }
            Action::Tag => {
                let Some(revision) = self.selected_revision().map(|r| r.id) else {
                    return Outcome::Consumed;
                };
                return self.ask_tag(revision, model.lang);
            }
            Action::Back if !self.marks.is_empty() => self.marks.clear(),
            _ => return Outcome::Ignored,
        }
        Outcome::Consumed
    }

    fn draw_list(&mut self, frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>, focused: bool) {
        let theme = ctx.theme;
        let lang = ctx.lang;
        let title = match (self.loading.as_ref(), lang) {
            (Some(loading), Lang::Zh) => format!(" 歷程 · 載入中… {} ", loading.count),
            (Some(loading), Lang::En) => format!(" History · loading… {} ", loading.count),
            (None, Lang::Zh) => format!(" 歷程 · {} 個版本 ", self.rows.len()),
            (None, Lang::En) => format!(" History · {} revisions ", self.rows.len()),
        };
        let block = Block::default()
            .borders(Borders::ALL)
            .title(truncate(&title, usize::from(area.width.saturating_sub(2))))
            .border_style(if focused { theme.focus } else { theme.border });
        let inner = block.inner(area);
        frame.render_widget(boxed(block, area), area);
        self.list_area = inner;
        let height = usize::from(inner.height);
        let max = usize::from(inner.width);
        if height == 0 || max == 0 {
            return;
        }
        self.page = height;
        if self.rows.is_empty() {
            let text = if self.loading() {
                lang.pick("載入中…", "loading…")
            } else if self.error.is_some() {
                ""
            } else {
                lang.pick("沒有版本。", "no revisions.")
            };
            frame.render_widget(
                Paragraph::new(truncate(text, max)).style(theme.muted),
                inner,
            );
            return;
        }
        self.selected = self.selected.min(self.rows.len() - 1);
        if self.selected < self.scroll {
            self.scroll = self.selected;
        } else if self.selected >= self.scroll + height {
            self.scroll = self.selected + 1 - height;
        }
        let now = now();
        let author_width = (max / 6).clamp(6, 16);
        let lines: Vec<Line<'_>> = self
            .rows
            .iter()
            .enumerate()
            .skip(self.scroll)
            .take(height)
            .map(|(n, revision)| {
                let mark = if self.is_marked(revision.id) {
                    "● "
                } else {
                    "  "
                };
                let mut pieces = vec![
                    (mark.to_owned(), theme.accent),
                    (
                        pad(
                            &relative(revision.time, revision.offset_minutes, now, lang),
                            DATE_WIDTH + 1,
                        ),
                        theme.muted,
                    ),
                    (pad(&line(&revision.author), author_width + 1), theme.text),
                ];
                for tag in &revision.tags {
                    pieces.push((format!("[{}] ", line(tag)), theme.warning));
                }
                pieces.push((line(revision.summary()).replace('\t', " "), theme.text));
                if let Some(stat) = &revision.stat {
                    pieces.push((format!("  {}", stat.describe(lang)), theme.muted));
                }
                fit(pieces, max, (n == self.selected).then_some(theme.selection))
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), inner);
    }

    /// The selected revision in full: id, date, author and email, tags, change
    /// summary and the message.
    fn draw_detail(&self, frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>) {
        let (theme, lang) = (ctx.theme, ctx.lang);
        let max = usize::from(area.width);
        let Some(revision) = self.selected_revision() else {
            return;
        };
        if area.height == 0 || max == 0 {
            return;
        }
        let mut lines = vec![fit(
            vec![
                (format!("{} · ", short_id(revision.id)), theme.accent),
                (
                    format!("{} · ", date(revision.time, revision.offset_minutes, true)),
                    theme.muted,
                ),
                (
                    format!("{} <{}>", line(&revision.author), line(&revision.email)),
                    theme.text,
                ),
            ],
            max,
            None,
        )];
        let mut about: Vec<(String, Style)> = revision
            .tags
            .iter()
            .map(|t| (format!("[{}] ", line(t)), theme.warning))
            .collect();
        if let Some(stat) = &revision.stat {
            about.push((
                format!(
                    "{}{}",
                    lang.pick("變更：", "changes: "),
                    stat.describe(lang)
                ),
                theme.muted,
            ));
        }
        if !about.is_empty() {
            lines.push(fit(about, max, None));
        }
        // Someone committed on another's behalf: the account that did it, on a line
        // of its own.
        if let Some(committer) = revision.committed_by_other() {
            lines.push(Line::styled(
                truncate(
                    &format!(
                        "{}{}",
                        lang.pick("提交者：", "committed by "),
                        line(&committer)
                    ),
                    max,
                ),
                theme.muted,
            ));
        }
        let message = safe_block(revision.message.trim_end()).replace('\t', "    ");
        for text in wrap(&message, max).into_iter().filter(|l| !l.is_empty()) {
            if lines.len() >= usize::from(area.height) {
                break;
            }
            lines.push(Line::styled(truncate(&text, max), theme.text));
        }
        frame.render_widget(Paragraph::new(lines), area);
    }

    fn draw_hint(&self, frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>) {
        let (theme, lang, keys) = (ctx.theme, ctx.lang, ctx.keys);
        let max = usize::from(area.width);
        if let Some(error) = &self.error {
            frame.render_widget(
                Paragraph::new(truncate(&line(error), max)).style(theme.warning),
                area,
            );
            return;
        }
        if self.rows.is_empty() {
            return;
        }
        let (edit, mark, tag, back) = (
            keys.label(Action::Edit),
            keys.label(Action::Mark),
            keys.label(Action::Tag),
            keys.label(Action::Back),
        );
        let text = match (self.marks.len(), lang) {
            (2, Lang::Zh) => {
                format!("{edit} 比較已標記的兩個版本 · {mark} 標記／取消 · {back} 清除標記")
            }
            (2, Lang::En) => format!(
                "{edit} compare the two marked revisions · {mark} mark/unmark · {back} clear marks"
            ),
            (n, Lang::Zh) => {
                format!("{edit} 檢視此版本 · {mark} 標記以比較（{n}/2） · {tag} 標記送審")
            }
            (n, Lang::En) => format!(
                "{edit} view this revision · {mark} mark to compare ({n}/2) · {tag} tag iteration"
            ),
        };
        frame.render_widget(
            Paragraph::new(truncate(&text, max)).style(theme.muted),
            area,
        );
    }

    fn draw_view(&mut self, frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>, focused: bool) {
        let theme = ctx.theme;
        let Some(view) = &mut self.view else { return };
        let block = Block::default()
            .borders(Borders::ALL)
            .title(truncate(
                &view.title,
                usize::from(area.width.saturating_sub(2)),
            ))
            .border_style(if focused { theme.focus } else { theme.border });
        let inner = block.inner(area);
        frame.render_widget(boxed(block, area), area);
        let max = usize::from(inner.width);
        if max == 0 || inner.height == 0 {
            return;
        }
        if view.wrapped_width != max {
            view.wrapped = wrap_indented(&view.text, max);
            view.wrapped_width = max;
        }
        view.height = usize::from(inner.height);
        view.scroll = view.scroll.min(view.max_scroll());
        let lines: Vec<Line<'_>> = view
            .wrapped
            .iter()
            .skip(view.scroll)
            .take(view.height)
            .map(|l| Line::styled(truncate(l, max), theme.text))
            .collect();
        frame.render_widget(Paragraph::new(lines), inner);
    }
}

impl Component for History {
    fn draw(&mut self, frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>, focused: bool) {
        if self.view.is_some() {
            pane(frame, area, |frame| {
                self.draw_view(frame, area, ctx, focused)
            });
            return;
        }
        let hint = u16::from(area.height >= 6);
        let detail = if area.height >= 14 { 3 } else { 0 };
        let [list, detail, hint] = Layout::vertical([
            Constraint::Min(0),
            Constraint::Length(detail),
            Constraint::Length(hint),
        ])
        .areas(area);
        pane(frame, list, |frame| {
            self.draw_list(frame, list, ctx, focused)
        });
        pane(frame, detail, |frame| self.draw_detail(frame, detail, ctx));
        pane(frame, hint, |frame| self.draw_hint(frame, hint, ctx));
    }

    fn key(&mut self, event: &KeyEvent, model: &mut Model, keys: &Keymap) -> Outcome {
        let candidates = [
            Action::Up,
            Action::Down,
            Action::PageUp,
            Action::PageDown,
            Action::Top,
            Action::Bottom,
            Action::Edit,
            Action::Mark,
            Action::Tag,
            Action::Back,
        ];
        let Some(action) = keys.first(event, &candidates) else {
            return Outcome::Ignored;
        };
        if self.view.is_some() {
            return self.view_key(action, model, keys);
        }
        self.list_key(action, model)
    }

    fn mouse(&mut self, event: &MouseEvent, _model: &mut Model) -> Outcome {
        let step = match event.kind {
            MouseEventKind::ScrollDown => 3,
            MouseEventKind::ScrollUp => -3,
            MouseEventKind::Down(_) if self.view.is_none() => {
                if !self.list_area.contains(Position {
                    x: event.column,
                    y: event.row,
                }) {
                    return Outcome::Ignored;
                }
                let row = usize::from(event.row - self.list_area.y) + self.scroll;
                if row < self.rows.len() {
                    self.selected = row;
                }
                return Outcome::Consumed;
            }
            _ => return Outcome::Ignored,
        };
        match &mut self.view {
            Some(view) => {
                view.scroll = view
                    .scroll
                    .saturating_add_signed(step)
                    .min(view.max_scroll())
            }
            None => self.move_by(step),
        }
        Outcome::Consumed
    }

    fn commands(&self) -> Vec<Action> {
        if self.view.is_some() {
            return vec![Action::Back, Action::PageDown, Action::Mark, Action::Tag];
        }
        if self.rows.is_empty() {
            return Vec::new();
        }
        match self.marks.len() {
            0 => vec![Action::Edit, Action::Mark, Action::Tag, Action::PageDown],
            1 => vec![Action::Edit, Action::Mark, Action::Tag, Action::Back],
            _ => vec![Action::Edit, Action::Mark, Action::Back, Action::Tag],
        }
    }

    fn context(&self) -> Context {
        Context::History
    }

    fn answer(&mut self, answer: Option<&str>, model: &mut Model, keys: &Keymap) -> Outcome {
        let Some((revision, text)) = answered(&mut self.tagging, answer) else {
            return Outcome::Consumed;
        };
        let lang = model.lang;
        // Tagging as `dsw tag` does it: the name checked, a taken one refused.
        let tagged = model.author().and_then(|tagger| {
            let revision = revision.to_string();
            model.store.tag(&text, Some(&revision), "", &tagger)
        });
        match tagged {
            Ok(tagged) => {
                self.reload(model);
                Outcome::Request(Request::Notice(tagged.describe(lang)))
            }
            Err(error) => Outcome::Request(Request::Notice(super::hint::store_message(
                &error, keys, lang,
            ))),
        }
    }

    /// New revisions (a commit, teammates' commits, a new tag): read the log again.
    fn refresh(&mut self, model: &Model) {
        self.reload(model);
    }

    fn collect(&mut self, _model: &Model) -> bool {
        let Some(loading) = &mut self.loading else {
            return false;
        };
        let taken = self.job.take();
        let mut changed = taken.finished;
        for batch in taken.items {
            changed = true;
            match batch {
                Ok(batch) => {
                    loading.count += batch.len();
                    if loading.shown {
                        self.rows.extend(batch);
                    } else {
                        loading.pending.extend(batch);
                    }
                }
                Err(message) => self.error = Some(message),
            }
        }
        let anchor = self.rows.get(self.selected).map(|r| r.id);
        if !loading.shown && (taken.finished || covers(anchor, self.page, &loading.pending)) {
            loading.shown = true;
            let pending = std::mem::take(&mut loading.pending);
            self.show_pending(pending);
        }
        if taken.finished {
            self.loading = None;
        }
        changed
    }
}

/// Whether `pending` already holds the selected revision (`anchor`) and a screen
/// below it, so showing it now changes nothing the person is looking at but the news.
fn covers(anchor: Option<Oid>, page: usize, pending: &[Revision]) -> bool {
    match anchor {
        None => !pending.is_empty(),
        Some(anchor) => pending
            .iter()
            .position(|r| r.id == anchor)
            .is_some_and(|at| pending.len() >= at + page),
    }
}

/// Walks the log, sending rows in batches; stops when the run is cancelled.
fn load(workdir: &Path, name: &AssessmentName, lang: Lang, sender: &Reporter<Batch>) {
    let store = match Store::open(workdir) {
        Ok(store) => store,
        Err(error) => {
            let _ = sender.send(Err(error.message(lang)));
            return;
        }
    };
    let log = match store.log(name, None) {
        Ok(log) => log,
        Err(error) => {
            let _ = sender.send(Err(error.message(lang)));
            return;
        }
    };
    let mut limit = FIRST_BATCH;
    let mut batch = Vec::with_capacity(limit);
    let mut since = Instant::now();
    for revision in log {
        match revision {
            Ok(revision) => batch.push(revision),
            Err(error) => {
                if !batch.is_empty() {
                    let _ = sender.send(Ok(std::mem::take(&mut batch)));
                }
                let _ = sender.send(Err(error.message(lang)));
                return;
            }
        }
        if batch.len() >= limit || since.elapsed() >= FLUSH_AFTER {
            if !sender.send(Ok(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)))) {
                return;
            }
            limit = BATCH;
            since = Instant::now();
        }
    }
    if !batch.is_empty() {
        let _ = sender.send(Ok(batch));
    }
}

/// Styled pieces laid out on one line of `max` cells, the last one that does not
/// fit cut with `…`; `selected` paints the whole line (padded to the edge).
fn fit(pieces: Vec<(String, Style)>, max: usize, selected: Option<Style>) -> Line<'static> {
    let mut spans = Vec::new();
    let mut used = 0;
    for (text, style) in pieces {
        let room = max.saturating_sub(used);
        if room == 0 {
            break;
        }
        let text = truncate(&text, room);
        used += width(&text);
        spans.push(Span::styled(text, selected.unwrap_or(style)));
    }
    if let Some(style) = selected {
        spans.push(Span::styled(" ".repeat(max.saturating_sub(used)), style));
    }
    Line::from(spans)
}

/// `text` wrapped to `max` cells, each line's continuation indented like the line
/// itself (answers sit under their question).
fn wrap_indented(text: &str, max: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let body = paragraph.trim_start_matches(' ');
        let indent = (paragraph.len() - body.len()).min(max / 2);
        let pieces = wrap(body, max - indent);
        lines.extend(
            pieces
                .into_iter()
                .map(|piece| format!("{}{piece}", " ".repeat(indent))),
        );
    }
    lines
}

/// `text` cut or padded with spaces to exactly `cells` cells.
fn pad(text: &str, cells: usize) -> String {
    let text = truncate(text, cells.saturating_sub(1));
    let fill = cells.saturating_sub(width(&text));
    format!("{text}{}", " ".repeat(fill))
}

/// Seconds since the epoch now.
fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// When, for a list: 剛剛 / 5 分鐘前 / 3 小時前 / 2 天前, else the date.
fn relative(time: i64, offset_minutes: i32, now: i64, lang: Lang) -> String {
    let age = now.saturating_sub(time);
    match (age, lang) {
        (..-60, _) => date(time, offset_minutes, false),
        (..60, Lang::Zh) => "剛剛".into(),
        (..60, Lang::En) => "just now".into(),
        (..3600, Lang::Zh) => format!("{} 分鐘前", age / 60),
        (..3600, Lang::En) => format!("{} min ago", age / 60),
        (..86_400, Lang::Zh) => format!("{} 小時前", age / 3600),
        (..86_400, Lang::En) => format!("{} hr ago", age / 3600),
        (..604_800, Lang::Zh) => format!("{} 天前", age / 86_400),
        (..172_800, Lang::En) => "1 day ago".into(),
        (..604_800, Lang::En) => format!("{} days ago", age / 86_400),
        _ => date(time, offset_minutes, false),
    }
}

/// `2026-01-05` (with `with_time`: `2026-01-05 14:05 +0800`), local to the offset.
fn date(seconds: i64, offset_minutes: i32, with_time: bool) -> String {
    if with_time {
        crate::time::format(seconds, offset_minutes)
    } else {
        crate::time::day(seconds, offset_minutes)
    }
}

#[cfg(test)]
mod tests {
    use std::thread;

    use super::*;
    use crate::assessment::Assessment;
    use crate::store::{Author, Committed};
    use crate::tui::events::Inbox;
    use crate::tui::testing::{self, FORM, author_named, press, render};
    use ratatui::crossterm::event::KeyCode;

    /// Commits an answer change to `name` on top of the head.
    fn commit(
        store: &Store,
        name: &AssessmentName,
        answer: &str,
        message: &str,
        by: &Author,
    ) -> Oid {
        let head = store.head_commit().unwrap();
        let base = store.load_at(name, head).unwrap();
        let mut mine: Assessment = base.clone();
        let question = store
            .form_of(&base)
            .unwrap()
            .questions()
            .next()
            .unwrap()
            .2
            .id
            .to_string();
        mine.set_answer(&question, answer);
        match store
            .commit_content(name, &base, &mine, head, message, by)
            .unwrap()
        {
            Committed::Revision { id, .. } => id,
            Committed::NothingToCommit => panic!("nothing committed"),
        }
    }

    /// A repository with three revisions by two authors; the middle one tagged.
    fn fixture() -> (tempfile::TempDir, Model, [Oid; 3]) {
        let (dir, store, name) = testing::repo_by(FORM, &author_named("王小明"));
        let first = store.head_commit().unwrap();
        let second = commit(
            &store,
            &name,
            "第二版的回答",
            "第二版",
            &author_named("李美玲"),
        );
        let third = commit(
            &store,
            &name,
            "第三版的回答",
            "第三版：補充說明\n\n細節在這裡",
            &author_named("王小明"),
        );
        store
            .tag(
                "第一次送審",
                Some(&second.to_string()),
                "第一次送審",
                &author_named("李美玲"),
            )
            .unwrap();
        (dir, testing::open(store, name), [first, second, third])
    }

    /// A tab whose wakes go nowhere (the tests collect by themselves).
    fn tab(model: &Model) -> History {
        History::new(model, Inbox::default().waker())
    }

    /// Collects until the log is read (bounded: a hung loader fails the test).
    fn settle(tab: &mut History, model: &Model) {
        for _ in 0..1000 {
            tab.collect(model);
            if !tab.loading() {
                return;
            }
            thread::sleep(Duration::from_millis(5));
        }
        panic!("the history never finished loading");
    }

    #[test]
    fn rows_arrive_in_the_background_newest_first_with_tags() {
        let (_dir, model, [first, second, third]) = fixture();
        let mut tab = tab(&model);
        settle(&mut tab, &model);
        let ids: Vec<Oid> = tab.rows.iter().map(|r| r.id).collect();
        assert_eq!(ids, [third, second, first]);
        assert_eq!(tab.rows[1].tags, ["第一次送審"]);
        let screen = render(&mut tab, &model, 80, 24);
        assert!(screen.contains("3 個版本"), "{screen}");
        assert!(
            screen.contains("王小明") && screen.contains("李美玲"),
            "{screen}"
        );
        assert!(screen.contains("[第一次送審]"), "{screen}");
        assert!(screen.contains("第三版：補充說明"), "{screen}");
        assert!(screen.contains("剛剛"), "{screen}");
        // The change summary from the commit's trailer.
        assert!(screen.contains("1 題新增回答"), "{screen}");
    }

    #[test]
    fn two_marks_and_enter_compare_older_with_newer() {
        let (_dir, mut model, [first, second, third]) = fixture();
        let mut tab = tab(&model);
        settle(&mut tab, &model);
        // Mark the older one first: the diff still goes from older to newer.
        press(&mut tab, &mut model, KeyCode::Down);
        press(&mut tab, &mut model, KeyCode::Down);
        press(&mut tab, &mut model, KeyCode::Char('m'));
        press(&mut tab, &mut model, KeyCode::Up);
        press(&mut tab, &mut model, KeyCode::Char('m'));
        let screen = render(&mut tab, &model, 80, 24);
        assert_eq!(screen.matches('●').count(), 2, "{screen}");
        assert!(screen.contains("比較已標記的兩個版本"), "{screen}");
        assert_eq!(
            press(&mut tab, &mut model, KeyCode::Enter),
            Outcome::Request(Request::ShowDiff {
                from: first,
                to: second
            })
        );
        // A third mark replaces the earliest (`first`).
        press(&mut tab, &mut model, KeyCode::Up);
        press(&mut tab, &mut model, KeyCode::Char('m'));
        assert_eq!(
            press(&mut tab, &mut model, KeyCode::Enter),
            Outcome::Request(Request::ShowDiff {
                from: second,
                to: third
            })
        );
        // m again unmarks; Esc clears the marks; Enter then opens the revision.
        press(&mut tab, &mut model, KeyCode::Char('m'));
        assert_eq!(tab.marks.len(), 1);
        assert_eq!(press(&mut tab, &mut model, KeyCode::Esc), Outcome::Consumed);
        assert!(tab.marks.is_empty());
        assert_eq!(press(&mut tab, &mut model, KeyCode::Esc), Outcome::Ignored);
    }

    #[test]
    fn t_asks_for_a_tag_name_and_the_answer_tags_the_selected_revision() {
        let (_dir, mut model, [_, second, _]) = fixture();
        let mut tab = tab(&model);
        settle(&mut tab, &model);
        press(&mut tab, &mut model, KeyCode::Down);
        let Outcome::Request(Request::Ask(ask)) = press(&mut tab, &mut model, KeyCode::Char('t'))
        else {
            panic!("no question asked");
        };
        assert!(ask.title.contains(&short_id(second)), "{}", ask.title);
        assert!(tab.commands().contains(&Action::Tag));
        let outcome = tab.answer(Some(" 第二次送審 "), &mut model, &Keymap::default());
        assert!(
            matches!(&outcome, Outcome::Request(Request::Notice(text)) if text.contains("已標記 第二次送審")),
            "{outcome:?}"
        );
        settle(&mut tab, &model);
        assert!(
            tab.rows[1].tags.contains(&"第二次送審".to_owned()),
            "{:?}",
            tab.rows[1].tags
        );
    }

    #[test]
    fn enter_shows_the_revision_read_only_and_esc_returns() {
        let (_dir, mut model, [_, second, _]) = fixture();
        let mut tab = tab(&model);
        settle(&mut tab, &model);
        press(&mut tab, &mut model, KeyCode::Down);
        assert_eq!(
            press(&mut tab, &mut model, KeyCode::Enter),
            Outcome::Consumed
        );
        let screen = render(&mut tab, &model, 80, 24);
        assert!(
            screen.contains(&short_id(second)) && screen.contains("唯讀"),
            "{screen}"
        );
        // The answer as it was then, not as it is at the head.
        let mut found = screen.contains("第二版的回答");
        for _ in 0..40 {
            press(&mut tab, &mut model, KeyCode::PageDown);
            found |= render(&mut tab, &model, 80, 24).contains("第二版的回答");
        }
        assert!(found, "the revision's answer never showed");
        assert_eq!(tab.commands()[0], Action::Back);
        press(&mut tab, &mut model, KeyCode::Esc);
        assert!(tab.view.is_none());
        assert!(render(&mut tab, &model, 80, 24).contains("3 個版本"));
    }

    #[test]
    fn a_refresh_shows_a_teammates_revision_and_keeps_the_selection() {
        let (dir, mut model, [_, second, _]) = fixture();
        let mut tab = tab(&model);
        settle(&mut tab, &model);
        press(&mut tab, &mut model, KeyCode::Down);
        let teammate = Store::open(dir.path()).unwrap();
        let fourth = commit(
            &teammate,
            &model.name,
            "第四版",
            "同事的修訂",
            &author_named("陳志強"),
        );
        // The draft's worker notices the new head (asked to look now, not in a second).
        let mut moved = false;
        for _ in 0..500 {
            model.poll_now();
            if model.poll().head_moved {
                moved = true;
                break;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        assert!(moved, "the worker reported the teammate's revision");
        // Two refreshes in a row: the first job is dropped, no row comes twice.
        tab.refresh(&model);
        tab.refresh(&model);
        settle(&mut tab, &model);
        assert_eq!(tab.rows.len(), 4);
        assert_eq!(tab.rows[0].id, fourth);
        assert_eq!(tab.selected_revision().map(|r| r.id), Some(second));
        assert!(render(&mut tab, &model, 80, 24).contains("陳志強"));
    }

    #[test]
    fn drawing_at_any_size_never_panics() {
        let (_dir, mut model, _) = fixture();
        let mut tab = tab(&model);
        let _ = render(&mut tab, &model, 80, 24);
        settle(&mut tab, &model);
        for (width, height) in [
            (0, 0),
            (1, 1),
            (2, 3),
            (10, 2),
            (20, 5),
            (60, 16),
            (80, 24),
            (200, 60),
        ] {
            render(&mut tab, &model, width, height);
        }
        press(&mut tab, &mut model, KeyCode::Enter);
        for (width, height) in [(0, 0), (1, 1), (2, 3), (10, 2), (80, 24)] {
            render(&mut tab, &model, width, height);
            press(&mut tab, &mut model, KeyCode::Char('G'));
        }
    }

    #[test]
    fn wrapped_answers_stay_under_their_question() {
        assert_eq!(
            wrap_indented("  一二三四五\nab", 6),
            ["  一二", "  三四", "  五", "ab"]
        );
    }

    #[test]
    fn dates_are_relative_when_recent() {
        let now = 1_795_327_509;
        assert_eq!(relative(now - 10, 480, now, Lang::Zh), "剛剛");
        assert_eq!(relative(now - 5 * 60, 480, now, Lang::Zh), "5 分鐘前");
        assert_eq!(relative(now - 3 * 3600, 480, now, Lang::Zh), "3 小時前");
        assert_eq!(relative(now - 2 * 86_400, 480, now, Lang::Zh), "2 天前");
        assert_eq!(relative(now - 2 * 86_400, 480, now, Lang::En), "2 days ago");
        assert_eq!(
            relative(now - 30 * 86_400, 480, now, Lang::En),
            "2026-10-23"
        );
        assert_eq!(date(now, 480, true), "2026-11-22 14:05 +0800");
        assert!(relative(now - 59 * 60, 0, now, Lang::En).len() <= DATE_WIDTH);
    }

    /// `revisions` commits of the ict-plan assessment made directly with git2 (as
    /// `benches/common` does), each with dsw's trailer.
    fn long_history(dir: &Path, revisions: usize) {
        let catalog = crate::form::Catalog::bundled().unwrap();
        let form = catalog.form("ict-plan").unwrap().form.clone();
        let mut options = git2::RepositoryInitOptions::new();
        options.initial_head("main");
        let repo = git2::Repository::init_opts(dir, &options).unwrap();
        // Objects go to memory, then to disk as one pack: thousands of loose
        // object files would make the test slow for nothing.
        let odb = repo.odb().unwrap();
        let mempack = odb.add_new_mempack_backend(1000).unwrap();
        let question = form.questions().next().unwrap().2.id.to_string();
        let mut assessment = Assessment::new(&form);
        let mut parent: Option<Oid> = None;
        for n in 0..revisions {
            assessment.set_answer(&question, format!("第 {n} 版"));
            let bytes = crate::assessment::write(&assessment, &form);
            let blob = repo.blob(bytes.as_bytes()).unwrap();
            let mut builder = repo.treebuilder(None).unwrap();
            builder
                .insert("ict-plan.assessment.toml", blob, 0o100_644)
                .unwrap();
            let tree = repo.find_tree(builder.write().unwrap()).unwrap();
            let who = ["王小明", "李美玲"][n % 2];
            let time = git2::Time::new(1_700_000_000 + n as i64 * 60, 480);
            let signature = git2::Signature::new(who, "team@example.gov.tw", &time).unwrap();
            let message = format!(
                "第 {n} 次修訂\n\nDsw-Assessment: ict-plan\nDsw-Parent: {}\nDsw-Stat: answers_changed=1\n",
                parent.map_or_else(|| "none".to_owned(), |id| id.to_string())
            );
            let parents: Vec<git2::Commit<'_>> = parent
                .iter()
                .map(|id| repo.find_commit(*id).unwrap())
                .collect();
            let parents: Vec<&git2::Commit<'_>> = parents.iter().collect();
            let id = repo.commit(None, &signature, &signature, &message, &tree, &parents);
            parent = Some(id.unwrap());
        }
        let mut pack = git2::Buf::new();
        mempack.dump(&repo, &mut pack).unwrap();
        let mut writer = odb.packwriter().unwrap();
        std::io::Write::write_all(&mut writer, &pack).unwrap();
        writer.commit().unwrap();
        mempack.reset().unwrap();
        repo.reference("refs/heads/main", parent.unwrap(), true, "fixture")
            .unwrap();
        let mut checkout = git2::build::CheckoutBuilder::new();
        checkout.force();
        repo.checkout_head(Some(&mut checkout)).unwrap();
    }

    #[test]
    fn a_long_history_loads_in_batches_off_the_ui_thread() {
        const REVISIONS: usize = 3000;
        let dir = tempfile::tempdir().unwrap();
        long_history(dir.path(), REVISIONS);
        let store = Store::open(dir.path()).unwrap();
        let name = AssessmentName("ict-plan".into());

        // The loader sends a small first batch, then batches of at most BATCH rows.
        let inbox = Inbox::default();
        let mut job = Job::new("test", inbox.waker());
        let (workdir, loaded) = (store.workdir().to_path_buf(), name.clone());
        job.start(move |reporter| load(&workdir, &loaded, Lang::En, reporter))
            .unwrap();
        let mut sizes: Vec<usize> = Vec::new();
        loop {
            let taken = job.take();
            sizes.extend(taken.items.into_iter().map(|batch| batch.unwrap().len()));
            if taken.finished {
                break;
            }
            thread::sleep(Duration::from_millis(5));
        }
        assert!((1..=FIRST_BATCH).contains(&sizes[0]), "{sizes:?}");
        assert!(sizes.iter().all(|n| (1..=BATCH).contains(n)), "{sizes:?}");
        assert_eq!(sizes.iter().sum::<usize>(), REVISIONS);

        // new() reads nothing itself: the rows come as they are collected.
        let mut model = Model::open(store, name, "tester".into(), Lang::En).unwrap();
        let mut tab = tab(&model);
        assert!(tab.rows.is_empty() && tab.loading());
        assert!(render(&mut tab, &model, 80, 24).contains("loading…"));
        for _ in 0..1000 {
            if tab.collect(&model) {
                break;
            }
            thread::sleep(Duration::from_millis(5));
        }
        assert!(!tab.rows.is_empty(), "no rows after the first batch");
        assert_eq!(
            tab.rows[0].summary(),
            format!("第 {} 次修訂", REVISIONS - 1)
        );
        settle(&mut tab, &model);
        assert_eq!(tab.rows.len(), REVISIONS);
        press(&mut tab, &mut model, KeyCode::Char('G'));
        assert_eq!(tab.selected, REVISIONS - 1);
        assert!(render(&mut tab, &model, 80, 24).contains("第 0 次修訂"));
    }
}
