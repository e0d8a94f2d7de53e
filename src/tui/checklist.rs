//! The checklist tab (指引): the tree guideline → item → question on the left, the
//! selected question and its answer in the middle, the reference (principle,
//! explanation, layer notes, glossary, official example) on the right.

use std::collections::HashSet;

use ratatui::Frame;
use ratatui::crossterm::event::{KeyEvent, MouseEvent, MouseEventKind};
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::area::{boxed, pane};
use super::component::{Ask, Component, Ctx, Outcome, Request, answered};
use super::editor::{Edit, Editor};
use super::keymap::{Action, Context, Keymap};
use super::model::{Mark, Model};
use super::presence::{self, Board};
use super::text::Wrapped;
use super::text::{block as safe_block, line, truncate, width};
use crate::assessment::Evidence;
use crate::diff::FieldPath;
use crate::form::{Form, Status};
use crate::i18n::Lang;

/// A row of the tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    /// A guideline group (index into form.groups).
    Guideline(usize),
    /// A checklist item.
    Item(usize, usize),
    /// A key question: group, item (None: under no item), question index.
    Question(usize, Option<usize>, usize),
}

/// Which pane has the keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pane {
    Tree,
    Answer,
    Reference,
}

/// What the tab asked the person, waiting for the answer.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Question {
    /// Evidence label for an item.
    EvidenceLabel { item: String },
    /// Evidence target, after the label.
    EvidenceTarget { item: String, label: String },
    /// Search text.
    Search,
}

/// The checklist tab.
pub struct Checklist {
    collapsed: HashSet<usize>,
    rows: Vec<Row>,
    selected: usize,
    scroll: usize,
    pane: Pane,
    show_reference: bool,
    editor: Option<(String, Editor)>,
    answer_scroll: u16,
    reference_scroll: u16,
    tree_area: Rect,
    /// Rows matching the last search.
    matches: Vec<Row>,
    /// Who else is editing which question (the app keeps it current).
    others: Board,
    /// What the tab asked and waits for.
    asked: Option<Question>,
}

impl Checklist {
    /// The tab, with the cursor on the first unanswered question.
    pub fn new(model: &Model) -> Checklist {
        let mut tab = Checklist {
            collapsed: HashSet::new(),
            rows: Vec::new(),
            selected: 0,
            scroll: 0,
            pane: Pane::Tree,
            show_reference: true,
            editor: None,
            answer_scroll: 0,
            reference_scroll: 0,
            tree_area: Rect::default(),
            matches: Vec::new(),
            others: Board::default(),
            asked: None,
        };
        tab.rebuild(&model.form);
        let first_open = tab.rows.iter().position(|row| match row {
            Row::Question(g, i, q) => question(&model.form, *g, *i, *q)
                .is_some_and(|id| model.assessment().answer(id).is_empty()),
            _ => false,
        });
        tab.selected = first_open.unwrap_or(0);
        // A draft from an earlier session reopens where it was last edited.
        if model.restored
            && let Some(id) = model.last_edited()
        {
            tab.focus_question(id, &model.form);
        }
        tab
    }

    /// Selects the question `id` (expanding its guideline); false if the form has
    /// no such question.
    pub fn focus_question(&mut self, id: &str, form: &Form) -> bool {
        let row = form.groups.iter().enumerate().find_map(|(g, group)| {
            group
                .items
                .iter()
                .enumerate()
                .find_map(|(i, item)| {
                    item.questions
                        .iter()
                        .position(|q| q.id.as_str() == id)
                        .map(|q| Row::Question(g, Some(i), q))
                })
                .or_else(|| {
                    group
                        .questions
                        .iter()
                        .position(|q| q.id.as_str() == id)
                        .map(|q| Row::Question(g, None, q))
                })
        });
        match row {
            Some(row) => {
                self.select(row, form);
                true
            }
            None => false,
        }
    }

    fn rebuild(&mut self, form: &Form) {
        let selected = self.rows.get(self.selected).copied();
        self.rows.clear();
        for (g, group) in form.groups.iter().enumerate() {
            self.rows.push(Row::Guideline(g));
            if self.collapsed.contains(&g) {
                continue;
            }
            for (i, item) in group.items.iter().enumerate() {
                self.rows.push(Row::Item(g, i));
                for q in 0..item.questions.len() {
                    self.rows.push(Row::Question(g, Some(i), q));
                }
            }
            for q in 0..group.questions.len() {
                self.rows.push(Row::Question(g, None, q));
            }
        }
        if let Some(row) = selected
            && let Some(at) = self.rows.iter().position(|r| *r == row)
        {
            self.selected = at;
        }
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
    }

    /// The selected row.
    pub fn selected(&self) -> Option<Row> {
        self.rows.get(self.selected).copied()
    }

    /// Selects the row (expanding its guideline).
    pub fn select(&mut self, row: Row, form: &Form) {
        let group = match row {
            Row::Guideline(g) | Row::Item(g, _) | Row::Question(g, _, _) => g,
        };
        if self.collapsed.remove(&group) {
            self.rebuild(form);
        }
        if let Some(at) = self.rows.iter().position(|r| *r == row) {
            self.selected = at;
            self.answer_scroll = 0;
            self.reference_scroll = 0;
        }
    }

    /// Searches questions, answers and guidance for `needle`; selects the first match
    /// after the cursor. Returns how many rows match.
    pub fn search(&mut self, needle: &str, model: &Model) -> usize {
        let needle = needle.to_lowercase();
        let form = &model.form;
        let guidelines = &model.store.catalog().guidelines;
        let mut matches = Vec::new();
        for (g, group) in form.groups.iter().enumerate() {
            let guide = guidelines.guideline(&group.id);
            let guidance_hit = guide.is_some_and(|guide| {
                [
                    guide.title.as_str(),
                    guide.principle.as_str(),
                    guide.explanation.as_str(),
                ]
                .iter()
                .any(|t| t.to_lowercase().contains(&needle))
                    || guidelines
                        .sections_of(guide)
                        .flat_map(|s| s.notes.iter())
                        .any(|n| n.text.to_lowercase().contains(&needle))
            });
            if guidance_hit {
                matches.push(Row::Guideline(g));
            }
            let hit = |q: &crate::form::Question| {
                q.text.to_lowercase().contains(&needle)
                    || model
                        .assessment()
                        .answer(&q.id)
                        .to_lowercase()
                        .contains(&needle)
            };
            for (i, item) in group.items.iter().enumerate() {
                if item.text.to_lowercase().contains(&needle) {
                    matches.push(Row::Item(g, i));
                }
                for (q, question) in item.questions.iter().enumerate() {
                    if hit(question) {
                        matches.push(Row::Question(g, Some(i), q));
                    }
                }
            }
            for (q, question) in group.questions.iter().enumerate() {
                if hit(question) {
                    matches.push(Row::Question(g, None, q));
                }
            }
        }
        self.matches = matches;
        self.jump(true, &model.form);
        self.matches.len()
    }

    /// Moves to the next (or previous) search match.
    pub fn jump(&mut self, forward: bool, form: &Form) -> bool {
        if self.matches.is_empty() {
            return false;
        }
        let order = |row: &Row| -> (usize, usize, usize, usize) {
            match *row {
                Row::Guideline(g) => (g, 0, 0, 0),
                Row::Item(g, i) => (g, 1 + i, 0, 0),
                Row::Question(g, Some(i), q) => (g, 1 + i, 1, q),
                Row::Question(g, None, q) => (g, usize::MAX, 1, q),
            }
        };
        let here = self.selected().map(|r| order(&r)).unwrap_or_default();
        let target = if forward {
            self.matches
                .iter()
                .find(|r| order(r) > here)
                .or_else(|| self.matches.first())
        } else {
            self.matches
                .iter()
                .rev()
                .find(|r| order(r) < here)
                .or_else(|| self.matches.last())
        };
        match target.copied() {
            Some(row) => {
                self.select(row, form);
                true
            }
            None => false,
        }
    }

    /// The question id of the selected row, if it is a question.
    fn selected_question<'f>(&self, form: &'f Form) -> Option<&'f str> {
        match self.selected()? {
            Row::Question(g, i, q) => question(form, g, i, q),
            _ => None,
        }
    }

    /// The item id the selected row belongs to.
    fn selected_item<'f>(&self, form: &'f Form) -> Option<&'f str> {
        match self.selected()? {
            Row::Item(g, i) | Row::Question(g, Some(i), _) => form
                .groups
                .get(g)?
                .items
                .get(i)
                .map(|item| item.id.as_str()),
            _ => None,
        }
    }

    fn start_editing(&mut self, model: &Model) -> bool {
        let Some(id) = self.selected_question(&model.form) else {
            return false;
        };
        self.editor = Some((id.to_owned(), Editor::new(model.assessment().answer(id))));
        self.pane = Pane::Answer;
        true
    }

    fn move_by(&mut self, delta: isize) {
        let last = self.rows.len().saturating_sub(1) as isize;
        self.selected = (self.selected as isize + delta).clamp(0, last) as usize;
        self.answer_scroll = 0;
        self.reference_scroll = 0;
    }

    fn tree_key(&mut self, action: Action, model: &mut Model) -> Outcome {
        let page = self.tree_area.height.saturating_sub(2).max(1) as isize;
        match action {
            Action::Up => self.move_by(-1),
            Action::Down => self.move_by(1),
            Action::PageUp => self.move_by(-page),
            Action::PageDown => self.move_by(page),
            Action::Top => self.move_by(isize::MIN / 2),
            Action::Bottom => self.move_by(isize::MAX / 2),
            Action::Left => {
                let group = match self.selected() {
                    Some(Row::Guideline(g) | Row::Item(g, _) | Row::Question(g, _, _)) => g,
                    None => return Outcome::Consumed,
                };
                self.collapsed.insert(group);
                self.rebuild(&model.form);
                if let Some(at) = self.rows.iter().position(|r| *r == Row::Guideline(group)) {
                    self.selected = at;
                }
            }
            Action::Right => {
                if let Some(Row::Guideline(g)) = self.selected() {
                    self.collapsed.remove(&g);
                    self.rebuild(&model.form);
                } else {
                    self.pane = Pane::Answer;
                }
            }
            Action::Edit => match self.selected() {
                Some(Row::Guideline(g)) => {
                    if !self.collapsed.remove(&g) {
                        self.collapsed.insert(g);
                    }
                    self.rebuild(&model.form);
                }
                Some(Row::Question(..)) => {
                    self.start_editing(model);
                }
                _ => {}
            },
            Action::CycleStatus => {
                let Some(item) = self.selected_item(&model.form).map(str::to_owned) else {
                    return Outcome::Request(Request::Notice(
                        model
                            .lang
                            .pick(
                                "請先選擇檢核項目或其關鍵問題。",
                                "select a checklist item or one of its questions first.",
                            )
                            .into(),
                    ));
                };
                let status = model.cycle_status(&item);
                return Outcome::Request(Request::Notice(format!(
                    "{item}: {}",
                    status.label(model.lang)
                )));
            }
            Action::AddEvidence => {
                let Some(item) = self.selected_item(&model.form).map(str::to_owned) else {
                    return Outcome::Consumed;
                };
                return self.ask(Question::EvidenceLabel { item }, model.lang);
            }
            Action::RemoveEvidence => {
                let Some(item) = self.selected_item(&model.form).map(str::to_owned) else {
                    return Outcome::Consumed;
                };
                let count = model.assessment().evidence(&item).len();
                if count > 0 {
                    model.edit(|a| {
                        a.remove_evidence(&item, count - 1);
                    });
                }
            }
            _ => return Outcome::Ignored,
        }
        Outcome::Consumed
    }

    fn draw_tree(&mut self, frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>, focused: bool) {
        self.tree_area = area;
        let theme = ctx.theme;
        let model = ctx.model;
        let form = &model.form;
        let guidelines = &model.store.catalog().guidelines;
        let title = ctx.lang.pick(" 指引 ", " Guidelines ");
        let block = Block::default()
            .borders(Borders::ALL)
            .title(title)
            .border_style(if focused { theme.focus } else { theme.border });
        let inner = block.inner(area);
        frame.render_widget(boxed(block, area), area);
        let height = usize::from(inner.height);
        if height == 0 {
            return;
        }
        if self.selected < self.scroll {
            self.scroll = self.selected;
        } else if self.selected >= self.scroll + height {
            self.scroll = self.selected + 1 - height;
        }
        let max = usize::from(inner.width);
        let lines: Vec<Line<'_>> = self
            .rows
            .iter()
            .enumerate()
            .skip(self.scroll)
            .take(height)
            .map(|(n, row)| {
                let (text, style) = match *row {
                    Row::Guideline(g) => {
                        let group = &form.groups[g];
                        let heading = guidelines
                            .guideline(&group.id)
                            .map_or_else(|| group.id.to_string(), |g| g.heading());
                        let done = model.assessment().completion(form, Some(&group.id));
                        let fold = if self.collapsed.contains(&g) {
                            "▸"
                        } else {
                            "▾"
                        };
                        (
                            format!("{fold}{heading} {}/{}", done.answered, done.questions),
                            theme.accent,
                        )
                    }
                    Row::Item(g, i) => {
                        let item = &form.groups[g].items[i];
                        let status = model.assessment().status(&item.id);
                        let mark = match status {
                            Status::Todo => "[ ]",
                            Status::Partial => "[~]",
                            Status::Done => "[x]",
                            Status::Na => "[-]",
                        };
                        // A status or evidence list a teammate changed differently.
                        let conflict = !model.marks().is_empty()
                            && [
                                FieldPath::Status(item.id.to_string()),
                                FieldPath::Evidence(item.id.to_string()),
                            ]
                            .iter()
                            .any(|p| model.mark(p).is_some());
                        if conflict {
                            (format!("!{mark} {} {}", item.id, item.text), theme.warning)
                        } else {
                            (
                                format!(" {mark} {} {}", item.id, item.text),
                                theme.status[status as usize],
                            )
                        }
                    }
                    Row::Question(g, i, q) => {
                        let id = question(form, g, i, q).unwrap_or("");
                        let text = form.question(id).map_or("", |q| q.text.as_str());
                        let answered = !model.assessment().answer(id).is_empty();
                        let indent = if i.is_some() { "     " } else { "  " };
                        let (mark, style) = match answer_mark(model, id) {
                            Some(mark) => (mark, theme.warning),
                            None if answered => ("✓", theme.text),
                            None => ("·", theme.muted),
                        };
                        (format!("{indent}{mark} {id} {text}"), style)
                    }
                };
                // Someone else editing here: `✎alice` at the row's end.
                let (names, exact) = tree_names(&self.others, form, *row);
                let marker = presence::marker(&names, max / 3);
                if !marker.is_empty() {
                    let (text, marker) = presence::with_marker(&text, &marker, max);
                    let (style, mark) = match (n == self.selected, exact) {
                        (true, _) => (theme.selection, theme.selection),
                        (false, true) => (style, theme.warning),
                        (false, false) => (style, theme.muted),
                    };
                    return Line::from(vec![Span::styled(text, style), Span::styled(marker, mark)]);
                }
                let text = truncate(&text, max);
                if n == self.selected {
                    let pad = " ".repeat(max.saturating_sub(width(&text)));
                    Line::from(Span::styled(format!("{text}{pad}"), theme.selection))
                } else {
                    Line::from(Span::styled(text, style))
                }
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), inner);
    }

    fn draw_answer(&mut self, frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>, focused: bool) {
        let theme = ctx.theme;
        let lang = ctx.lang;
        let model = ctx.model;
        let form = &model.form;
        if let Some((id, editor)) = &mut self.editor {
            let question = form.question(id).map_or("", |q| q.text.as_str());
            let header_height = (width(question) as u16 / area.width.saturating_sub(2).max(1) + 2)
                .min(area.height / 3);
            let [top, bottom] =
                Layout::vertical([Constraint::Length(header_height), Constraint::Min(3)])
                    .areas(area);
            frame.render_widget(
                Wrapped::new(format!("{id} {question}")).style(theme.accent),
                top,
            );
            let done = ctx.keys.label(Action::Finish);
            let title = match lang {
                Lang::Zh => format!(" 編輯回答（{done} 結束，草稿自動保存） "),
                Lang::En => format!(" Editing ({done} to finish; the draft saves itself) "),
            };
            editor.draw(frame, bottom, &title, theme);
            return;
        }
        let title = lang.pick(" 回答 ", " Answer ");
        let block = Block::default()
            .borders(Borders::ALL)
            .title(title)
            .border_style(if focused { theme.focus } else { theme.border });
        let mut lines: Vec<Line<'_>> = Vec::new();
        match self.selected() {
            Some(Row::Question(g, i, q)) => {
                let id = question(form, g, i, q).unwrap_or("");
                let text = form.question(id).map_or("", |q| q.text.as_str());
                lines.push(Line::styled(format!("{id} {text}"), theme.accent));
                lines.push(Line::default());
                let answer = model.assessment().answer(id);
                if !model.marks().is_empty() {
                    push_mark_explanation(&mut lines, model, id, ctx);
                }
                if answer.is_empty() {
                    let hint = match lang {
                        crate::i18n::Lang::Zh => {
                            format!("（尚未回答；按 {} 編輯）", ctx.keys.label(Action::Edit))
                        }
                        crate::i18n::Lang::En => {
                            format!("(no answer yet; {} to edit)", ctx.keys.label(Action::Edit))
                        }
                    };
                    lines.push(Line::styled(hint, theme.muted));
                } else {
                    lines.extend(
                        safe_block(answer)
                            .split('\n')
                            .map(|l| Line::styled(l.to_owned(), theme.text)),
                    );
                }
            }
            Some(Row::Item(g, i)) => {
                let item = &form.groups[g].items[i];
                let status = model.assessment().status(&item.id);
                lines.push(Line::styled(
                    format!("{} {}", item.id, item.text),
                    theme.accent,
                ));
                lines.push(Line::from(vec![
                    Span::styled(lang.pick("狀態：", "Status: "), theme.muted),
                    Span::styled(
                        status.label(lang),
                        theme.status[status as usize].add_modifier(Modifier::BOLD),
                    ),
                    Span::styled(
                        format!("  ({})", ctx.keys.label(Action::CycleStatus)),
                        theme.muted,
                    ),
                ]));
                let evidence = model.assessment().evidence(&item.id);
                lines.push(Line::default());
                lines.push(Line::styled(
                    format!(
                        "{} ({} {}, {} {})",
                        lang.pick("佐證", "Evidence"),
                        ctx.keys.label(Action::AddEvidence),
                        lang.pick("新增", "add"),
                        ctx.keys.label(Action::RemoveEvidence),
                        lang.pick("移除", "remove")
                    ),
                    theme.muted,
                ));
                for (n, e) in evidence.iter().enumerate() {
                    lines.push(Line::styled(
                        format!("  {}. {} <{}>", n + 1, line(&e.label), line(&e.target)),
                        theme.text,
                    ));
                }
            }
            Some(Row::Guideline(g)) => {
                let group = &form.groups[g];
                let guidelines = &model.store.catalog().guidelines;
                if let Some(guide) = guidelines.guideline(&group.id) {
                    lines.push(Line::styled(guide.heading(), theme.accent));
                    lines.push(Line::default());
                    lines.push(Line::styled(guide.principle.to_string(), theme.text));
                }
                let done = model.assessment().completion(form, Some(&group.id));
                lines.push(Line::default());
                lines.push(Line::styled(
                    match lang {
                        crate::i18n::Lang::Zh => format!(
                            "關鍵問題 {}/{} 已回答；檢核項目 {}/{} 已完成或不適用",
                            done.answered, done.questions, done.settled, done.items
                        ),
                        crate::i18n::Lang::En => format!(
                            "{}/{} key questions answered; {}/{} items done or n/a",
                            done.answered, done.questions, done.settled, done.items
                        ),
                    },
                    theme.muted,
                ));
            }
            None => {}
        }
        frame.render_widget(
            Wrapped::new(lines)
                .block(boxed(block, area))
                .scroll(self.answer_scroll),
            area,
        );
    }

    fn draw_reference(&mut self, frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>, focused: bool) {
        let theme = ctx.theme;
        let lang = ctx.lang;
        let model = ctx.model;
        let form = &model.form;
        let catalog = model.store.catalog();
        let guidelines = &catalog.guidelines;
        let title = lang.pick(" 參考 ", " Reference ");
        let block = Block::default()
            .borders(Borders::ALL)
            .title(title)
            .border_style(if focused { theme.focus } else { theme.border });
        let group = match self.selected() {
            Some(Row::Guideline(g) | Row::Item(g, _) | Row::Question(g, _, _)) => g,
            None => 0,
        };
        let mut lines: Vec<Line<'_>> = Vec::new();
        if let Some(example) = self
            .selected_question(form)
            .and_then(|id| form.question(id))
            .and_then(|q| q.example.as_ref())
        {
            lines.push(Line::styled(
                lang.pick("官方填寫範例", "Official example"),
                theme.accent,
            ));
            lines.extend(
                example
                    .split('\n')
                    .map(|l| Line::styled(l.to_owned(), theme.text)),
            );
            lines.push(Line::default());
        }
        if let Some(guide) = form
            .groups
            .get(group)
            .and_then(|g| guidelines.guideline(&g.id))
        {
            lines.push(Line::styled(guide.heading(), theme.accent));
            lines.push(Line::styled(lang.pick("原則", "Principle"), theme.muted));
            lines.push(Line::styled(guide.principle.to_string(), theme.text));
            lines.push(Line::styled(lang.pick("說明", "Explanation"), theme.muted));
            lines.extend(
                guide
                    .explanation
                    .split('\n')
                    .map(|l| Line::styled(l.to_owned(), theme.text)),
            );
            for section in guidelines.sections_of(guide) {
                let Some(layer) = guidelines.layer(&section.layer) else {
                    continue;
                };
                lines.push(Line::default());
                lines.push(Line::styled(guide.notes_heading(layer, lang), theme.accent));
                for note in &section.notes {
                    lines.push(Line::styled(
                        format!("{}.{}", note.n.get_ref(), note.text),
                        theme.text,
                    ));
                    for reference in &note.refs {
                        let url = reference
                            .url
                            .as_ref()
                            .map(|u| format!(" <{u}>"))
                            .unwrap_or_default();
                        lines.push(Line::styled(
                            format!("   [{}] {}{url}", reference.n, reference.text),
                            theme.muted,
                        ));
                    }
                }
            }
        }
        if form.id.as_str() == "ict-plan" && !guidelines.terms.is_empty() {
            lines.push(Line::default());
            lines.push(Line::styled(
                lang.pick("名詞解釋", "Glossary"),
                theme.accent,
            ));
            for term in &guidelines.terms {
                lines.push(Line::styled(
                    format!("{}{}{}", term.term, lang.colon(), term.definition),
                    theme.text,
                ));
            }
        }
        frame.render_widget(
            Wrapped::new(lines)
                .block(boxed(block, area))
                .scroll(self.reference_scroll),
            area,
        );
    }
}

/// The tree's mark for a question's answer: `!` a teammate changed it differently
/// (a commit will ask), `※` it holds two windows' versions to settle.
pub fn answer_mark(model: &Model, id: &str) -> Option<&'static str> {
    if model.marks().is_empty() {
        return None;
    }
    match model.mark(&FieldPath::Answer(id.to_owned()))? {
        Mark::Conflict(_) => Some("!"),
        Mark::BothVersions => Some("※"),
    }
}

/// Above a marked answer: what the mark means, and for a conflict the teammate's text.
fn push_mark_explanation(lines: &mut Vec<Line<'_>>, model: &Model, id: &str, ctx: &Ctx<'_>) {
    let theme = ctx.theme;
    let lang = ctx.lang;
    match model.mark(&FieldPath::Answer(id.to_owned())) {
        Some(Mark::Conflict(conflict)) => {
            lines.push(Line::styled(
                lang.pick(
                    "!隊友提交了不同的回答；提交時要選擇保留哪一個。隊友的版本：",
                    "! A teammate committed a different answer; you will choose at commit. Theirs:",
                ),
                theme.warning,
            ));
            let theirs = conflict
                .theirs
                .as_ref()
                .and_then(crate::diff::Value::as_text)
                .unwrap_or("");
            let theirs = if theirs.is_empty() {
                lang.pick("（刪除了回答）", "(removed the answer)")
                    .to_owned()
            } else {
                safe_block(theirs)
            };
            lines.extend(
                theirs
                    .split('\n')
                    .map(|l| Line::styled(format!("  {l}"), theme.muted)),
            );
            lines.push(Line::styled(
                lang.pick("你的版本：", "Yours:"),
                theme.warning,
            ));
        }
        Some(Mark::BothVersions) => {
            lines.push(Line::styled(
                lang.pick(
                    "※兩個視窗都改了這題：兩份文字都在下方，以「────」那一行分隔；請整理後刪除分隔線。",
                    "※ Two windows changed this answer: both texts are below, split by the ──── line; settle them and remove that line.",
                ),
                theme.warning,
            ));
        }
        None => {}
    }
}

/// The names of those editing on a row of the checklist tree, and whether they are
/// on that very question (`true`) or somewhere under the item or guideline.
fn tree_names(board: &Board, form: &Form, row: Row) -> (Vec<String>, bool) {
    if board.is_empty() {
        return (Vec::new(), false);
    }
    let Some(group) = (match row {
        Row::Guideline(g) | Row::Item(g, _) | Row::Question(g, _, _) => form.groups.get(g),
    }) else {
        return (Vec::new(), false);
    };
    match row {
        Row::Question(_, i, q) => {
            let list = match i {
                Some(i) => group.items.get(i).map(|item| &item.questions),
                None => Some(&group.questions),
            };
            let id = list.and_then(|l| l.get(q)).map(|q| &*q.id);
            (board.names(|field| Some(field) == id), true)
        }
        Row::Item(_, i) => {
            let Some(item) = group.items.get(i) else {
                return (Vec::new(), false);
            };
            (
                board.names(|field| item.questions.iter().any(|q| *q.id == *field)),
                false,
            )
        }
        Row::Guideline(_) => {
            let in_group = |field: &str| {
                group
                    .items
                    .iter()
                    .flat_map(|item| item.questions.iter())
                    .chain(group.questions.iter())
                    .any(|q| *q.id == *field)
            };
            (board.names(in_group), false)
        }
    }
}

/// The id of question `q` of item `i` (or under no item) in group `g`.
fn question(form: &Form, g: usize, i: Option<usize>, q: usize) -> Option<&str> {
    let group = form.groups.get(g)?;
    let list = match i {
        Some(i) => &group.items.get(i)?.questions,
        None => &group.questions,
    };
    list.get(q).map(|q| q.id.as_str())
}

impl Component for Checklist {
    fn draw(&mut self, frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>, focused: bool) {
        let wide = area.width >= 100;
        let reference = self.show_reference && (wide || self.pane == Pane::Reference);
        let tree_width = (area.width * 35 / 100).max(24).min(area.width);
        let [tree, rest] =
            Layout::horizontal([Constraint::Length(tree_width), Constraint::Min(0)]).areas(area);
        let on = |which| focused && self.pane == which;
        let (tree_focused, answer_focused) = (on(Pane::Tree), on(Pane::Answer));
        let reference_focused = on(Pane::Reference);
        pane(frame, tree, |frame| {
            self.draw_tree(frame, tree, ctx, tree_focused);
        });
        if reference && wide {
            let [answer, refs] =
                Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
                    .areas(rest);
            pane(frame, answer, |frame| {
                self.draw_answer(frame, answer, ctx, answer_focused);
            });
            pane(frame, refs, |frame| {
                self.draw_reference(frame, refs, ctx, reference_focused);
            });
        } else if reference {
            pane(frame, rest, |frame| {
                self.draw_reference(frame, rest, ctx, focused)
            });
        } else {
            pane(frame, rest, |frame| {
                self.draw_answer(frame, rest, ctx, answer_focused);
            });
        }
    }

    fn key(&mut self, event: &KeyEvent, model: &mut Model, keys: &Keymap) -> Outcome {
        if let Some((id, editor)) = &mut self.editor {
            match editor.key(event, keys) {
                Edit::Changed => model.set_answer(id, editor.text()),
                Edit::Unchanged => {}
                Edit::Done => {
                    let (id, editor) = self.editor.take().expect("editing");
                    model.set_answer(&id, editor.text());
                    self.pane = Pane::Tree;
                    return Outcome::Request(Request::Save);
                }
            }
            return Outcome::Consumed;
        }
        let candidates = [
            Action::Up,
            Action::Down,
            Action::Left,
            Action::Right,
            Action::Top,
            Action::Bottom,
            Action::PageUp,
            Action::PageDown,
            Action::Edit,
            Action::CycleStatus,
            Action::AddEvidence,
            Action::RemoveEvidence,
            Action::ToggleReference,
            Action::NextPane,
            Action::PrevPane,
            Action::Search,
            Action::Next,
            Action::Prev,
        ];
        let Some(action) = keys.first(event, &candidates) else {
            return Outcome::Ignored;
        };
        match action {
            Action::Search => self.ask(Question::Search, model.lang),
            Action::Next | Action::Prev => {
                if self.jump(action == Action::Next, &model.form) {
                    return Outcome::Consumed;
                }
                let search = keys.label(Action::Search);
                Outcome::Request(Request::Notice(match model.lang {
                    Lang::Zh => format!("沒有搜尋結果；按 {search} 搜尋。"),
                    Lang::En => format!("no matches; {search} to search."),
                }))
            }
            Action::ToggleReference => {
                self.show_reference = !self.show_reference;
                if !self.show_reference && self.pane == Pane::Reference {
                    self.pane = Pane::Tree;
                }
                Outcome::Consumed
            }
            Action::NextPane | Action::PrevPane => {
                let panes: &[Pane] = if self.show_reference {
                    &[Pane::Tree, Pane::Answer, Pane::Reference]
                } else {
                    &[Pane::Tree, Pane::Answer]
                };
                let at = panes.iter().position(|p| *p == self.pane).unwrap_or(0);
                let next = if action == Action::NextPane {
                    (at + 1) % panes.len()
                } else {
                    (at + panes.len() - 1) % panes.len()
                };
                self.pane = panes[next];
                Outcome::Request(Request::Save)
            }
            _ if self.pane == Pane::Tree => self.tree_key(action, model),
            Action::Up | Action::Down | Action::PageUp | Action::PageDown | Action::Top => {
                let scroll = if self.pane == Pane::Answer {
                    &mut self.answer_scroll
                } else {
                    &mut self.reference_scroll
                };
                *scroll = match action {
                    Action::Up => scroll.saturating_sub(1),
                    Action::Down => scroll.saturating_add(1),
                    Action::PageUp => scroll.saturating_sub(10),
                    Action::PageDown => scroll.saturating_add(10),
                    _ => 0,
                };
                Outcome::Consumed
            }
            Action::Edit if self.pane == Pane::Answer => {
                self.start_editing(model);
                Outcome::Consumed
            }
            _ => self.tree_key(action, model),
        }
    }

    fn paste(&mut self, text: &str, model: &mut Model) -> Outcome {
        if self.editor.is_none() && !self.start_editing(model) {
            return Outcome::Ignored;
        }
        if let Some((_, editor)) = &self.editor
            && !editor.paste_fits(text)
        {
            return Outcome::Request(Request::Notice(Editor::too_long(model.lang)));
        }
        if let Some((id, editor)) = &mut self.editor
            && editor.paste(text) == Edit::Changed
        {
            model.set_answer(id, editor.text());
        }
        Outcome::Consumed
    }

    fn mouse(&mut self, event: &MouseEvent, _model: &mut Model) -> Outcome {
        let inside = |area: Rect| {
            area.contains(Position {
                x: event.column,
                y: event.row,
            })
        };
        match event.kind {
            MouseEventKind::Down(_) if inside(self.tree_area) && self.editor.is_none() => {
                let row = usize::from(event.row.saturating_sub(self.tree_area.y + 1)) + self.scroll;
                if row < self.rows.len() {
                    self.selected = row;
                    self.pane = Pane::Tree;
                }
                Outcome::Consumed
            }
            MouseEventKind::ScrollDown if self.editor.is_none() => {
                self.move_by(3);
                Outcome::Consumed
            }
            MouseEventKind::ScrollUp if self.editor.is_none() => {
                self.move_by(-3);
                Outcome::Consumed
            }
            _ => Outcome::Ignored,
        }
    }

    fn commands(&self) -> Vec<Action> {
        if self.editor.is_some() {
            return vec![Action::Finish, Action::Commit];
        }
        let mut list = vec![
            Action::Edit,
            Action::CycleStatus,
            Action::AddEvidence,
            Action::ToggleReference,
            Action::NextPane,
            Action::Search,
        ];
        if !self.matches.is_empty() {
            list.push(Action::Next);
        }
        list
    }

    fn cursor(&self) -> Option<Position> {
        self.editor.as_ref().and_then(|(_, editor)| editor.cursor())
    }

    fn context(&self) -> Context {
        if self.editor.is_some() {
            Context::Editor
        } else {
            Context::Tree
        }
    }

    fn answer(&mut self, answer: Option<&str>, model: &mut Model, keys: &Keymap) -> Outcome {
        let Some((question, text)) = answered(&mut self.asked, answer) else {
            return Outcome::Consumed;
        };
        match question {
            Question::EvidenceLabel { item } => {
                self.ask(Question::EvidenceTarget { item, label: text }, model.lang)
            }
            Question::EvidenceTarget { item, label } => {
                model.edit(|a| {
                    a.add_evidence(
                        &item,
                        Evidence {
                            label,
                            target: text,
                        },
                    )
                });
                Outcome::Request(Request::Save)
            }
            Question::Search => {
                let found = self.search(&text, model);
                let (next, prev) = (keys.label(Action::Next), keys.label(Action::Prev));
                Outcome::Request(Request::Notice(match model.lang {
                    Lang::Zh => format!(
                        "「{}」：{found} 筆（{next} 下一筆，{prev} 上一筆）",
                        line(&text)
                    ),
                    Lang::En => format!(
                        "“{}”: {found} matches ({next} next, {prev} previous)",
                        line(&text)
                    ),
                }))
            }
        }
    }

    fn editing_field(&self) -> Option<String> {
        self.editor.as_ref().map(|(id, _)| id.clone())
    }

    fn finish_editing(&mut self, model: &mut Model) {
        if let Some((id, editor)) = self.editor.take() {
            model.set_answer(&id, editor.text());
            self.pane = Pane::Tree;
        }
    }

    fn show_presence(&mut self, board: &Board) {
        self.others = board.clone();
    }

    fn restored(&mut self, model: &Model) {
        if let Some(id) = model.last_edited().map(str::to_owned) {
            self.focus_question(&id, &model.form);
        }
    }

    fn refresh(&mut self, model: &Model) {
        self.rebuild(&model.form);
        // What the person typed is already in the draft; an open editor only
        // changes when the answer changed underneath (another window's edit merged
        // in, a conflict settled), and then shows the merged text.
        if let Some((id, editor)) = &mut self.editor {
            let current = model.assessment().answer(id);
            if editor.text() != current {
                editor.set_text(current);
            }
        }
    }
}

impl Checklist {
    /// Asks the person `question`; the answer comes back to [`Component::answer`].
    fn ask(&mut self, question: Question, lang: Lang) -> Outcome {
        let title = match &question {
            Question::EvidenceLabel { item } => {
                format!("{item} {}", lang.pick("佐證說明", "evidence label"))
            }
            Question::EvidenceTarget { label, .. } => format!(
                "{} {}",
                line(label),
                lang.pick("的網址或路徑", "— URL or path")
            ),
            Question::Search => lang
                .pick(
                    "搜尋題目、回答與參考資料",
                    "Search questions, answers and guidance",
                )
                .to_owned(),
        };
        self.asked = Some(question);
        Outcome::Request(Request::Ask(Ask::new(title)))
    }
}
