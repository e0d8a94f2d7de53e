//! The checklist tab (指引): the tree guideline → item → question on the left, the
//! selected question and its answer in the middle, the reference (principle,
//! explanation, layer notes, glossary, official example) on the right.

use std::collections::HashSet;

use ratatui::Frame;
use ratatui::crossterm::event::{KeyEvent, MouseEvent, MouseEventKind};
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::area::{boxed, pane};
use super::component::{Ask, Component, Ctx, Outcome, Request, answered};
use super::editor::{Edit, Editor};
use super::keymap::{Action, Context, Keymap};
use super::model::{Mark, Model};
use super::presence::{self, Board};
use super::review::{short_date, standing_style};
use super::reviews::{CHANGED_MARK, badge, open_per_guideline};
use super::text::Wrapped;
use super::text::{block as safe_block, line, truncate, width};
use crate::assessment::Evidence;
use crate::diff::FieldPath;
use crate::form::{Form, Status};
use crate::i18n::Lang;
use crate::review::{Comment, Review, Target};

/// A row of the tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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
    /// Only questions and items with open review comments.
    filter_open: bool,
    /// Only questions and items changed since the latest iteration.
    filter_changed: bool,
    /// The questions and items the filters let through (`None`: no filter).
    keep: Option<HashSet<Row>>,
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
            filter_open: false,
            filter_changed: false,
            keep: None,
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
        match question_row(id, form) {
            Some(row) => {
                self.select(row, form);
                true
            }
            None => false,
        }
    }

    fn rebuild(&mut self, form: &Form) {
        let selected = self.rows.get(self.selected).copied();
        let keep = &self.keep;
        let kept = |row: &Row| keep.as_ref().is_none_or(|keep| keep.contains(row));
        let mut rows = Vec::new();
        for (g, group) in form.groups.iter().enumerate() {
            let mut under = Vec::new();
            for (i, item) in group.items.iter().enumerate() {
                let questions: Vec<Row> = (0..item.questions.len())
                    .map(|q| Row::Question(g, Some(i), q))
                    .filter(kept)
                    .collect();
                // An item stays as the heading of its questions that pass.
                if kept(&Row::Item(g, i)) || !questions.is_empty() {
                    under.push(Row::Item(g, i));
                    under.extend(questions);
                }
            }
            under.extend(
                (0..group.questions.len())
                    .map(|q| Row::Question(g, None, q))
                    .filter(kept),
            );
            if keep.is_some() && under.is_empty() {
                continue;
            }
            rows.push(Row::Guideline(g));
            if !self.collapsed.contains(&g) {
                rows.extend(under);
            }
        }
        self.rows = rows;
        // The same row, or (filtered out) the next question or item in form order.
        let after = |row: &Row| {
            let next = |r: &Row| order(r) > order(row);
            let leaf = |r: &Row| !matches!(r, Row::Guideline(_));
            (self.rows.iter().position(|r| leaf(r) && next(r)))
                .or_else(|| self.rows.iter().position(next))
        };
        if let Some(row) = selected
            && let Some(at) = self
                .rows
                .iter()
                .position(|r| *r == row)
                .or_else(|| after(&row))
        {
            self.selected = at;
        }
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
    }

    /// Works out what the filters let through, and the rows then.
    fn apply_filters(&mut self, model: &Model) {
        if !self.filter_open && !self.filter_changed {
            self.keep = None;
            self.rebuild(&model.form);
            return;
        }
        let (now, head) = (model.assessment(), model.head_assessment());
        let reviews = &model.reviews;
        let passes = |target: Target, changed: bool| {
            (!self.filter_open || reviews.open_on(&target, head) > 0)
                && (!self.filter_changed || changed)
        };
        let mut keep = HashSet::new();
        for (g, group) in model.form.groups.iter().enumerate() {
            for (i, item) in group.items.iter().enumerate() {
                let id = item.id.to_string();
                if passes(Target::Item(id.clone()), reviews.item_changed(&id, now)) {
                    keep.insert(Row::Item(g, i));
                }
                for (q, question) in item.questions.iter().enumerate() {
                    let id = question.id.to_string();
                    if passes(
                        Target::Question(id.clone()),
                        reviews.answer_changed(&id, now),
                    ) {
                        keep.insert(Row::Question(g, Some(i), q));
                    }
                }
            }
            for (q, question) in group.questions.iter().enumerate() {
                let id = question.id.to_string();
                if passes(
                    Target::Question(id.clone()),
                    reviews.answer_changed(&id, now),
                ) {
                    keep.insert(Row::Question(g, None, q));
                }
            }
        }
        self.keep = Some(keep);
        self.rebuild(&model.form);
    }

    /// Turns a filter on or off; says what is shown now.
    fn toggle_filter(&mut self, action: Action, model: &Model, keys: &Keymap) -> Outcome {
        let lang = model.lang;
        let key = keys.label(action);
        if action == Action::FilterChanged
            && !self.filter_changed
            && model.reviews.baseline.is_none()
        {
            let history = super::tabs::TABS
                .iter()
                .position(|tab| tab.action == "tab_history")
                .map_or_else(String::new, |n| keys.label(Action::Tab(n)));
            let tag = keys.label(Action::Tag);
            return Outcome::Request(Request::Notice(match lang {
                Lang::Zh => format!(
                    "還沒有送審標記，無從比較：在歷程分頁（{history}）按 {tag} 標記一個版本。"
                ),
                Lang::En => format!(
                    "no iteration tag yet to compare with: tag a revision with {tag} in the history tab ({history})."
                ),
            }));
        }
        let on = match action {
            Action::FilterOpen => {
                self.filter_open = !self.filter_open;
                self.filter_open
            }
            _ => {
                self.filter_changed = !self.filter_changed;
                self.filter_changed
            }
        };
        self.apply_filters(model);
        let shown = self
            .rows
            .iter()
            .filter(|row| !matches!(row, Row::Guideline(_)))
            .count();
        let tag = model
            .reviews
            .baseline
            .as_ref()
            .map(|b| line(&b.tag))
            .unwrap_or_default();
        let text = match (action, on, lang) {
            (Action::FilterOpen, true, Lang::Zh) => {
                format!("只顯示有待回覆審查意見的題目與項目：{shown} 列（{key} 取消）。")
            }
            (Action::FilterOpen, true, Lang::En) => format!(
                "showing only questions and items with open comments: {shown} rows ({key} to undo)."
            ),
            (_, true, Lang::Zh) => {
                format!("只顯示自「{tag}」以來修改的題目與項目：{shown} 列（{key} 取消）。")
            }
            (_, true, Lang::En) => format!(
                "showing only questions and items changed since {tag}: {shown} rows ({key} to undo)."
            ),
            (_, false, Lang::Zh) => "已取消篩選。".to_owned(),
            (_, false, Lang::En) => "filter off.".to_owned(),
        };
        Outcome::Request(Request::Notice(text))
    }
}

/// Where a row comes in the tree (the form's order), to compare rows.
fn order(row: &Row) -> (usize, usize, usize, usize) {
    match *row {
        Row::Guideline(g) => (g, 0, 0, 0),
        Row::Item(g, i) => (g, 1 + i, 0, 0),
        Row::Question(g, Some(i), q) => (g, 1 + i, 1, q),
        Row::Question(g, None, q) => (g, usize::MAX, 1, q),
    }
}

/// The tree row of question `id`.
fn question_row(id: &str, form: &Form) -> Option<Row> {
    form.groups.iter().enumerate().find_map(|(g, group)| {
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
    })
}

/// The tree row of item `id`.
fn item_row(id: &str, form: &Form) -> Option<Row> {
    form.groups.iter().enumerate().find_map(|(g, group)| {
        group
            .items
            .iter()
            .position(|item| item.id.as_str() == id)
            .map(|i| Row::Item(g, i))
    })
}

impl Checklist {
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
        if self.rows.is_empty() {
            let text = match ctx.lang {
                Lang::Zh => format!(
                    "沒有符合篩選的題目或項目（{}／{} 取消篩選）。",
                    ctx.keys.label(Action::FilterOpen),
                    ctx.keys.label(Action::FilterChanged)
                ),
                Lang::En => format!(
                    "Nothing passes the filter ({} / {} to undo).",
                    ctx.keys.label(Action::FilterOpen),
                    ctx.keys.label(Action::FilterChanged)
                ),
            };
            frame.render_widget(Wrapped::new(text).style(theme.muted), inner);
            return;
        }
        let lang = ctx.lang;
        let (now, head) = (model.assessment(), model.head_assessment());
        let reviews = &model.reviews;
        let (per_guideline, _) = open_per_guideline(&reviews.review, form, head);
        // `審2 ` after the id when there are open comments.
        let badge_of = |target: Target| {
            let count = reviews.open_on(&target, head);
            if count == 0 {
                String::new()
            } else {
                format!("{} ", badge(count, lang))
            }
        };
        let lines: Vec<Line<'_>> = self
            .rows
            .iter()
            .enumerate()
            .skip(self.scroll)
            .take(height)
            .map(|(n, row)| {
                // What the row says: up to the id, the open comments' mark, the rest.
                let (head_text, marks, rest, style) = match *row {
                    Row::Guideline(g) => {
                        let group = &form.groups[g];
                        let heading = guidelines
                            .guideline(&group.id)
                            .map_or_else(|| group.id.to_string(), |g| g.heading());
                        let done = now.completion(form, Some(&group.id));
                        let fold = if self.collapsed.contains(&g) {
                            "▸"
                        } else {
                            "▾"
                        };
                        let open = per_guideline.get(g).copied().unwrap_or(0);
                        // The mark before the count, which a narrow tree cuts first.
                        (
                            format!("{fold}{heading} "),
                            if open > 0 {
                                format!("{} ", badge(open, lang))
                            } else {
                                String::new()
                            },
                            format!("{}/{}", done.answered, done.questions),
                            theme.accent,
                        )
                    }
                    Row::Item(g, i) => {
                        let item = &form.groups[g].items[i];
                        let status = now.status(&item.id);
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
                        // The left margin: a conflict, else changed since the latest
                        // iteration.
                        let (first, style) = if conflict {
                            ("!", theme.warning)
                        } else if reviews.item_changed(&item.id, now) {
                            (CHANGED_MARK, theme.status[status as usize])
                        } else {
                            (" ", theme.status[status as usize])
                        };
                        (
                            format!("{first}{mark} {} ", item.id),
                            badge_of(Target::Item(item.id.to_string())),
                            item.text.to_string(),
                            style,
                        )
                    }
                    Row::Question(g, i, q) => {
                        let id = question(form, g, i, q).unwrap_or("");
                        let text = form.question(id).map_or("", |q| q.text.as_str());
                        let answered = !now.answer(id).is_empty();
                        // The left margin: changed since the latest iteration.
                        let margin = if reviews.answer_changed(id, now) {
                            CHANGED_MARK
                        } else {
                            " "
                        };
                        let indent = if i.is_some() { "    " } else { " " };
                        let (mark, style) = match answer_mark(model, id) {
                            Some(mark) => (mark, theme.warning),
                            None if answered => ("✓", theme.text),
                            None => ("·", theme.muted),
                        };
                        (
                            format!("{margin}{indent}{mark} {id} "),
                            badge_of(Target::Question(id.to_owned())),
                            text.to_owned(),
                            style,
                        )
                    }
                };
                let text = format!("{head_text}{marks}{rest}");
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
                if n == self.selected {
                    let text = truncate(&text, max);
                    let pad = " ".repeat(max.saturating_sub(width(&text)));
                    Line::from(Span::styled(format!("{text}{pad}"), theme.selection))
                } else {
                    Line::from(fit(
                        vec![(head_text, style), (marks, theme.warning), (rest, style)],
                        max,
                    ))
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
                if let Some(baseline) = &model.reviews.baseline
                    && model.reviews.answer_changed(id, model.assessment())
                {
                    lines.push(Line::default());
                    lines.push(Line::styled(
                        match lang {
                            Lang::Zh => {
                                format!("{CHANGED_MARK} 自「{}」以來已修改", line(&baseline.tag))
                            }
                            Lang::En => {
                                format!("{CHANGED_MARK} changed since {}", line(&baseline.tag))
                            }
                        },
                        theme.accent,
                    ));
                }
                push_comments(&mut lines, &Target::Question(id.to_owned()), None, ctx);
                if let Some(item) = self.selected_item(form) {
                    push_comments(&mut lines, &Target::Item(item.to_owned()), Some(item), ctx);
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
                if let Some(baseline) = &model.reviews.baseline
                    && model.reviews.item_changed(&item.id, model.assessment())
                {
                    lines.push(Line::default());
                    lines.push(Line::styled(
                        match lang {
                            Lang::Zh => format!(
                                "{CHANGED_MARK} 狀態或佐證自「{}」以來已修改",
                                line(&baseline.tag)
                            ),
                            Lang::En => format!(
                                "{CHANGED_MARK} status or evidence changed since {}",
                                line(&baseline.tag)
                            ),
                        },
                        theme.accent,
                    ));
                }
                push_comments(&mut lines, &Target::Item(item.id.to_string()), None, ctx);
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

/// The review comments on `target` (a question, or its item when `item` names it)
/// under the answer: each with its number, standing, reviewer, text and reply.
fn push_comments(lines: &mut Vec<Line<'_>>, target: &Target, item: Option<&str>, ctx: &Ctx<'_>) {
    let theme = ctx.theme;
    let lang = ctx.lang;
    let model = ctx.model;
    let head = model.head_assessment();
    let comments: Vec<&Comment> = model.reviews.on(target).collect();
    if comments.is_empty() {
        return;
    }
    let counts = Review::count(comments.iter().copied(), head);
    let (total, open) = (counts.total(), counts.needing_reply());
    lines.push(Line::default());
    lines.push(Line::styled(
        match (item, lang) {
            (None, Lang::Zh) => format!("審查意見 {total} 則（待回覆 {open}）"),
            (None, Lang::En) => format!("Review comments: {total} ({open} open)"),
            (Some(item), Lang::Zh) => format!("項目 {item} 的審查意見 {total} 則（待回覆 {open}）"),
            (Some(item), Lang::En) => {
                format!("Review comments on item {item}: {total} ({open} open)")
            }
        },
        theme.accent,
    ));
    let indented = |text: &str, indent: &str, style: Style| -> Vec<Line<'static>> {
        safe_block(text)
            .split('\n')
            .map(|row| Line::styled(format!("{indent}{row}"), style))
            .collect()
    };
    for comment in comments {
        let standing = comment.standing(head);
        lines.push(Line::from(vec![
            Span::styled(format!("#{} ", comment.number), theme.accent),
            Span::styled(standing.label(lang), standing_style(theme, standing)),
            Span::styled(
                format!(
                    " · {} · {}",
                    line(&comment.reviewer),
                    short_date(&comment.date)
                ),
                theme.muted,
            ),
        ]));
        lines.extend(indented(&comment.text, "  ", theme.text));
        for (reply, other) in comment
            .reply
            .iter()
            .map(|r| (r, false))
            .chain(comment.other_replies.iter().map(|r| (r, true)))
        {
            let (label, style) = if other {
                (
                    lang.pick("⚠ 同時的另一個回覆", "⚠ another reply at once"),
                    theme.warning,
                )
            } else {
                (lang.pick("回覆", "Reply"), theme.muted)
            };
            lines.push(Line::styled(
                format!(
                    "  {label}{}",
                    lang.parenthesized(&format!(
                        "{} · {}",
                        line(&reply.by),
                        short_date(&reply.date)
                    ))
                ),
                style,
            ));
            lines.extend(indented(&reply.text, "    ", theme.text));
        }
    }
}

/// Styled pieces of one row cut to `max` cells as [`truncate`] cuts their text.
fn fit(pieces: Vec<(String, Style)>, max: usize) -> Vec<Span<'static>> {
    let whole: String = pieces.iter().map(|(text, _)| text.as_str()).collect();
    if width(&whole) <= max {
        return pieces
            .into_iter()
            .filter(|(text, _)| !text.is_empty())
            .map(|(text, style)| Span::styled(text, style))
            .collect();
    }
    let cut = truncate(&whole, max);
    // `truncate` keeps a prefix of the text and adds `…`.
    let mut left = cut.strip_suffix('…').map_or(cut.len(), str::len);
    let mut spans = Vec::new();
    let mut last = Style::default();
    for (text, style) in pieces {
        if left == 0 {
            break;
        }
        let take = left.min(text.len());
        if take > 0 {
            spans.push(Span::styled(text[..take].to_owned(), style));
            last = style;
        }
        left -= take;
    }
    if cut.ends_with('…') {
        spans.push(Span::styled("…", last));
    }
    spans
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
            Action::FilterOpen,
            Action::FilterChanged,
        ];
        let Some(action) = keys.first(event, &candidates) else {
            return Outcome::Ignored;
        };
        match action {
            Action::FilterOpen | Action::FilterChanged => self.toggle_filter(action, model, keys),
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
        let mut list = Vec::new();
        // A filter that is on comes first: how to turn it off.
        if self.filter_open {
            list.push(Action::FilterOpen);
        }
        if self.filter_changed {
            list.push(Action::FilterChanged);
        }
        list.extend([
            Action::Edit,
            Action::CycleStatus,
            Action::AddEvidence,
            Action::ToggleReference,
            Action::NextPane,
            Action::Search,
        ]);
        if !self.matches.is_empty() {
            list.push(Action::Next);
        }
        for filter in [Action::FilterOpen, Action::FilterChanged] {
            if !list.contains(&filter) {
                list.push(filter);
            }
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

    fn show(&mut self, model: &Model, target: &Target) -> bool {
        let form = &model.form;
        let row = match target {
            Target::Question(id) => question_row(id, form),
            Target::Item(id) => item_row(id, form),
            _ => None,
        };
        let Some(row) = row else {
            return false;
        };
        self.select(row, form);
        // A filter hiding it gives way.
        if !self.rows.contains(&row) {
            self.filter_open = false;
            self.filter_changed = false;
            self.keep = None;
            self.rebuild(form);
            self.select(row, form);
        }
        self.pane = Pane::Tree;
        true
    }

    fn refresh(&mut self, model: &Model) {
        // New comments, a new iteration or others' answers change what the filters
        // let through.
        self.apply_filters(model);
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

#[cfg(test)]
mod tests {
    use ratatui::crossterm::event::KeyCode;

    use super::*;
    use crate::review::{Action as ReviewAction, Stamp, new_id};
    use crate::tui::testing::{FORM, author_named, open, press, render, repo};

    #[test]
    fn the_open_comments_filter_leaves_the_commented_question_and_says_how_to_undo_it() {
        let (_dir, store, name) = repo(FORM);
        let stamp = Stamp {
            by: "王委員".into(),
            date: String::new(),
        };
        let add = ReviewAction::Add {
            id: new_id(&stamp, "請補充", 0),
            target: Target::Question("2.1.1".into()),
            iteration: String::new(),
            reviewer: String::new(),
            text: "請補充".into(),
        };
        store
            .act_on_review(&name, &add, "", &author_named("王委員"))
            .unwrap();
        let mut model = open(store, name);
        let mut tab = Checklist::new(&model);
        assert!(render(&mut tab, &model, 120, 30).contains("2.1.1 審1 "));
        // Without an iteration tag there is nothing to compare with.
        match press(&mut tab, &mut model, KeyCode::Char('c')) {
            Outcome::Request(Request::Notice(text)) => {
                assert!(text.contains("還沒有送審標記"), "{text}")
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(tab.commands().last(), Some(&Action::FilterChanged));
        press(&mut tab, &mut model, KeyCode::Char('o'));
        // The filter that is on comes first in the footer: how to turn it off.
        assert_eq!(tab.commands()[0], Action::FilterOpen);
        let rows: Vec<Row> = tab.rows.clone();
        assert_eq!(
            rows.len(),
            3,
            "the guideline, the item, the question: {rows:?}"
        );
        let screen = render(&mut tab, &model, 120, 30);
        assert!(screen.contains("2.1.1 審1 "), "{screen}");
        assert!(!screen.contains("1.1.1"), "{screen}");
        press(&mut tab, &mut model, KeyCode::Char('o'));
        assert!(render(&mut tab, &model, 120, 30).contains("1.1.1"));
    }
}
