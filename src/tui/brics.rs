//! The BRiCS tab: the assessment's stakeholder tables as a grid — one row per
//! stakeholder; columns name, kind, 效益／價值, 風險, 成本／條件／脈絡 — with the full
//! text of the selected cell below it and, on wide screens, the course's guidance
//! beside it. Empty cells are marked so gaps show at a glance.

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
use super::text::Wrapped;
use super::text::{block as safe_block, line, truncate, width, wrap};
use super::theme::Theme;
use crate::assessment::{BricsTable, Cell, Stakeholder};
use crate::diff::FieldPath;
use crate::form::Brics;
use crate::i18n::Lang;
use crate::review::Target;

/// The grid's columns, left to right.
const COLUMNS: [Cell; 5] = [
    Cell::Name,
    Cell::Kind,
    Cell::Benefit,
    Cell::Risk,
    Cell::Cost,
];

/// Below this width the guidance pane is not shown.
const SIDE_MIN_WIDTH: u16 = 110;

/// How an empty cell shows in the grid.
const EMPTY_MARK: &str = "—";

/// The cell being edited: which table, which stakeholder (by id), which cell.
struct Editing {
    table: String,
    stakeholder: String,
    cell: Cell,
    editor: Editor,
}

/// What the tab asked the person, waiting for the answer.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Question {
    /// A new stakeholder's name, in this table (a new table if none).
    NewStakeholder { table: Option<String> },
    /// A new table's title.
    NewTable,
    /// A stakeholder's new name.
    Rename { table: String, stakeholder: String },
}

/// The BRiCS tab.
pub struct BricsTab {
    /// Index of the shown table.
    table: usize,
    /// Index of the selected stakeholder in that table.
    row: usize,
    /// Index into [`COLUMNS`].
    column: usize,
    /// The selection is on the table bar (choose / add tables) rather than the grid.
    on_tables: bool,
    /// First stakeholder row shown.
    scroll: usize,
    /// Scroll of the guidance pane.
    side_scroll: u16,
    editing: Option<Editing>,
    /// Tables and stakeholders as last seen, to keep the selection on the same
    /// stakeholder when rows move underneath.
    known: Vec<(String, Vec<String>)>,
    /// What the tab asked and waits for.
    asked: Option<Question>,
    /// Where the grid's stakeholder rows were drawn (for the mouse).
    rows_area: Rect,
    /// Where each column starts and how wide it is, as last drawn.
    column_spans: [(u16, u16); 5],
    /// The width last drawn at (whether the guidance pane is shown).
    drawn_width: u16,
    /// Lines per stakeholder row, chosen by the space there is.
    row_lines: u16,
    /// Screen lines per stakeholder row including its separator, as last drawn.
    row_unit: u16,
    /// Who else is editing which cell (the app keeps it current).
    others: Board,
}

impl BricsTab {
    /// The tab on the first table's first stakeholder.
    pub fn new(model: &Model) -> BricsTab {
        let mut tab = BricsTab {
            table: 0,
            row: 0,
            column: 2,
            on_tables: false,
            scroll: 0,
            side_scroll: 0,
            editing: None,
            known: Vec::new(),
            asked: None,
            rows_area: Rect::default(),
            column_spans: [(0, 0); 5],
            drawn_width: 0,
            row_lines: 1,
            row_unit: 1,
            others: Board::default(),
        };
        tab.remember(model);
        tab
    }

    fn remember(&mut self, model: &Model) {
        self.known = model
            .assessment()
            .brics
            .iter()
            .map(|t| {
                (
                    t.id.clone(),
                    t.stakeholders.iter().map(|s| s.id.clone()).collect(),
                )
            })
            .collect();
    }

    fn current<'m>(&self, model: &'m Model) -> Option<&'m BricsTable> {
        model.assessment().brics.get(self.table)
    }

    fn selected<'m>(&self, model: &'m Model) -> Option<(&'m BricsTable, &'m Stakeholder)> {
        let table = self.current(model)?;
        Some((table, table.stakeholders.get(self.row)?))
    }

    fn cell(&self) -> Cell {
        COLUMNS[self.column.min(COLUMNS.len() - 1)]
    }

    /// Keeps the indices inside what the assessment has.
    fn clamp(&mut self, model: &Model) {
        let tables = &model.assessment().brics;
        self.table = self.table.min(tables.len().saturating_sub(1));
        let rows = tables.get(self.table).map_or(0, |t| t.stakeholders.len());
        self.row = self.row.min(rows.saturating_sub(1));
        self.column = self.column.min(COLUMNS.len() - 1);
        if tables.is_empty() {
            self.on_tables = false;
        }
    }

    fn start_editing(&mut self, model: &Model) -> bool {
        let cell = self.cell();
        if matches!(cell, Cell::Name | Cell::Kind) {
            return false;
        }
        let Some((table, stakeholder)) = self.selected(model) else {
            return false;
        };
        self.editing = Some(Editing {
            table: table.id.clone(),
            stakeholder: stakeholder.id.clone(),
            cell,
            editor: Editor::new(stakeholder.cell(cell)),
        });
        true
    }

    /// Writes the editor's text into the draft (only when it differs).
    fn write(model: &mut Model, editing: &Editing) {
        let text = editing.editor.text();
        write_cell(
            model,
            &editing.table,
            &editing.stakeholder,
            editing.cell,
            text,
        );
    }

    fn cycle_kind(&mut self, model: &mut Model) -> Outcome {
        let Some((table, stakeholder)) = self.selected(model) else {
            return Outcome::Consumed;
        };
        let (table, id) = (table.id.clone(), stakeholder.id.clone());
        let brics = &model.store.catalog().brics;
        let next = next_kind(brics, &stakeholder.kind);
        let label = if next.is_empty() {
            model.lang.pick("（未分類）", "(none)").to_owned()
        } else {
            brics
                .kind(&next)
                .map_or_else(|| next.clone(), |k| k.name.to_string())
        };
        let name = line(&stakeholder.name);
        write_cell(model, &table, &id, Cell::Kind, next.clone());
        let colon = model.lang.colon();
        Outcome::Request(Request::Notice(format!("{name}{colon}{label}")))
    }

    fn move_row(&mut self, model: &mut Model, down: bool) {
        let Some(table) = self.current(model) else {
            return;
        };
        let len = table.stakeholders.len();
        let from = self.row;
        let to = if down { from + 1 } else { from.wrapping_sub(1) };
        if from >= len || to >= len {
            return;
        }
        let id = table.id.clone();
        model.edit(|a| {
            if let Some(table) = a.brics.iter_mut().find(|t| t.id == id) {
                table.stakeholders.swap(from, to);
            }
        });
        self.row = to;
        self.remember(model);
    }

    fn delete_row(&mut self, model: &mut Model) -> Outcome {
        let Some((table, stakeholder)) = self.selected(model) else {
            return Outcome::Consumed;
        };
        let (table, id, name) = (
            table.id.clone(),
            stakeholder.id.clone(),
            line(&stakeholder.name),
        );
        model.edit(|a| {
            if let Some(table) = a.brics.iter_mut().find(|t| t.id == table) {
                table.stakeholders.retain(|s| s.id != id);
            }
        });
        self.clamp(model);
        self.remember(model);
        let text = match model.lang {
            Lang::Zh => format!("已刪除利害關係人「{name}」（尚未提交；放棄草稿可復原）"),
            Lang::En => format!(
                "deleted stakeholder “{name}” (not committed; discarding the draft brings it back)"
            ),
        };
        Outcome::Request(Request::Notice(text))
    }

    fn switch_table(&mut self, model: &Model, forward: bool) {
        let count = model.assessment().brics.len();
        if count == 0 {
            return;
        }
        self.table = if forward {
            (self.table + 1) % count
        } else {
            (self.table + count - 1) % count
        };
        self.row = 0;
        self.scroll = 0;
        self.clamp(model);
    }

    fn add(&mut self, model: &Model) -> Outcome {
        let question = match self.current(model) {
            Some(table) if !self.on_tables => Question::NewStakeholder {
                table: Some(table.id.clone()),
            },
            _ => Question::NewTable,
        };
        self.ask(question, model)
    }

    /// Asks the person `question`; the answer comes back to [`Component::answer`].
    fn ask(&mut self, question: Question, model: &Model) -> Outcome {
        let lang = model.lang;
        let ask = match &question {
            Question::NewStakeholder { .. } => {
                Ask::new(lang.pick("利害關係人名稱", "Stakeholder name"))
            }
            // Offered the title the command line gives a table made without one.
            Question::NewTable => Ask {
                title: lang.pick("BRiCS 表名稱", "BRiCS table title").to_owned(),
                initial: model
                    .assessment()
                    .new_table_title(&model.store.catalog().brics),
            },
            Question::Rename { table, stakeholder } => {
                let current = model
                    .assessment()
                    .table(table)
                    .and_then(|t| t.stakeholders.iter().find(|s| s.id == *stakeholder))
                    .map(|s| s.name.clone())
                    .unwrap_or_default();
                Ask {
                    title: lang.pick("新名稱", "New name").to_owned(),
                    initial: current,
                }
            }
        };
        self.asked = Some(question);
        Outcome::Request(Request::Ask(ask))
    }

    /// Selects the stakeholder `stakeholder` (or the first row) of table `table`.
    fn select(&mut self, model: &Model, table: &str, stakeholder: Option<&str>) {
        let tables = &model.assessment().brics;
        if let Some(at) = tables.iter().position(|t| t.id == table) {
            self.table = at;
            self.row = stakeholder
                .and_then(|id| tables[at].stakeholders.iter().position(|s| s.id == id))
                .unwrap_or(0);
            self.on_tables = false;
        }
        self.remember(model);
        self.clamp(model);
    }

    fn grid_key(&mut self, action: Action, model: &mut Model) -> Outcome {
        let rows = self.current(model).map_or(0, |t| t.stakeholders.len());
        let page = usize::from(self.rows_area.height.max(1));
        match action {
            Action::Up if self.row == 0 && !model.assessment().brics.is_empty() => {
                self.on_tables = true
            }
            Action::Up => self.row = self.row.saturating_sub(1),
            Action::Down => self.row = (self.row + 1).min(rows.saturating_sub(1)),
            Action::Top => self.row = 0,
            Action::Bottom => self.row = rows.saturating_sub(1),
            Action::Left => {
                self.column = self.column.saturating_sub(1);
                self.side_scroll = 0;
            }
            Action::Right => {
                self.column = (self.column + 1).min(COLUMNS.len() - 1);
                self.side_scroll = 0;
            }
            Action::PageUp => self.row = self.row.saturating_sub(page),
            Action::PageDown => self.row = (self.row + page).min(rows.saturating_sub(1)),
            Action::Edit => match self.cell() {
                Cell::Kind => return self.cycle_kind(model),
                Cell::Name => return self.rename(model),
                _ => {
                    if !self.start_editing(model) && rows == 0 {
                        return self.add(model);
                    }
                }
            },
            Action::Add => return self.add(model),
            Action::Delete => return self.delete_row(model),
            Action::Rename => return self.rename(model),
            Action::MoveUp => self.move_row(model, false),
            Action::MoveDown => self.move_row(model, true),
            Action::Next | Action::NextPane => self.switch_table(model, true),
            Action::Prev | Action::PrevPane => self.switch_table(model, false),
            _ => return Outcome::Ignored,
        }
        Outcome::Consumed
    }

    fn tables_key(&mut self, action: Action, model: &mut Model) -> Outcome {
        match action {
            Action::Left | Action::Prev | Action::PrevPane => self.switch_table(model, false),
            Action::Right | Action::Next | Action::NextPane => self.switch_table(model, true),
            Action::Down | Action::Edit | Action::Back => self.on_tables = false,
            Action::Add => return self.add(model),
            Action::Up => {}
            _ => return Outcome::Ignored,
        }
        Outcome::Consumed
    }

    fn rename(&mut self, model: &Model) -> Outcome {
        match self.selected(model) {
            Some((table, stakeholder)) => {
                let question = Question::Rename {
                    table: table.id.clone(),
                    stakeholder: stakeholder.id.clone(),
                };
                self.ask(question, model)
            }
            None => Outcome::Consumed,
        }
    }

    /// The table bar: the titles, the shown one highlighted.
    fn draw_tables(&self, frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>, focused: bool) {
        let theme = ctx.theme;
        let lang = ctx.lang;
        let tables = &ctx.model.assessment().brics;
        let max = usize::from(area.width);
        if max == 0 || area.height == 0 {
            return;
        }
        let label = lang.pick("BRiCS 表：", "BRiCS tables: ");
        let chosen = if self.on_tables && focused {
            theme.selection
        } else {
            theme.accent.add_modifier(Modifier::UNDERLINED)
        };
        let titles: Vec<String> = tables
            .iter()
            .map(|t| line(&t.title).replace('\t', " "))
            .collect();
        let all: usize = width(label) + titles.iter().map(|t| width(t) + 2).sum::<usize>();
        let mut spans = vec![Span::styled(label, theme.muted)];
        if all <= max {
            for (n, title) in titles.iter().enumerate() {
                let style = if n == self.table { chosen } else { theme.muted };
                spans.push(Span::styled(format!(" {title} "), style));
            }
        } else if let Some(title) = titles.get(self.table) {
            let counter = format!("{}/{} ", self.table + 1, titles.len());
            let room = max.saturating_sub(width(label) + width(&counter) + 2);
            spans.push(Span::styled(counter, theme.muted));
            spans.push(Span::styled(format!(" {} ", truncate(title, room)), chosen));
        }
        if self.on_tables && focused {
            let hint = match lang {
                Lang::Zh => format!(
                    "  ←→ 切換，{} 新增表，↓ 回到表格",
                    ctx.keys.label(Action::Add)
                ),
                Lang::En => format!(
                    "  ←→ switch, {} new table, ↓ back to the grid",
                    ctx.keys.label(Action::Add)
                ),
            };
            spans.push(Span::styled(hint, theme.muted));
        }
        // Never wider than the area: cut span by span.
        let mut used = 0;
        let mut fitted = Vec::new();
        for span in spans {
            let w = width(&span.content);
            if used + w <= max {
                used += w;
                fitted.push(span);
            } else {
                let rest = truncate(&span.content, max - used);
                if !rest.is_empty() {
                    fitted.push(Span::styled(rest, span.style));
                }
                break;
            }
        }
        frame.render_widget(Paragraph::new(Line::from(fitted)), area);
    }

    /// The grid: a header line and one line per stakeholder.
    fn draw_grid(&mut self, frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>, focused: bool) {
        let theme = ctx.theme;
        let lang = ctx.lang;
        let model = ctx.model;
        let brics = &model.store.catalog().brics;
        let table = self.current(model);
        let empty_cells = table.map_or(0, |t| {
            t.stakeholders
                .iter()
                .map(|s| {
                    Cell::DIMENSIONS
                        .iter()
                        .filter(|c| s.cell(**c).is_empty())
                        .count()
                })
                .sum()
        });
        let title = match (table, lang) {
            (Some(t), Lang::Zh) => format!(
                " {} · {} 位利害關係人 · {} 格空白 ",
                line(&t.title),
                t.stakeholders.len(),
                empty_cells
            ),
            (Some(t), Lang::En) => format!(
                " {} · {} stakeholders · {} empty cells ",
                line(&t.title),
                t.stakeholders.len(),
                empty_cells
            ),
            (None, _) => " BRiCS ".to_owned(),
        };
        let title = truncate(&title, usize::from(area.width.saturating_sub(2)));
        let grid_focused = focused && !self.on_tables && self.editing.is_none();
        let block = Block::default()
            .borders(Borders::ALL)
            .title(title)
            .border_style(if grid_focused {
                theme.focus
            } else {
                theme.border
            });
        let inner = block.inner(area);
        frame.render_widget(boxed(block, area), area);
        self.rows_area = Rect::default();
        if inner.width == 0 || inner.height == 0 {
            return;
        }
        let Some(table) = table else {
            let text = match lang {
                Lang::Zh => format!(
                    "尚無 BRiCS 表。按 {} 新增一張表，再逐一加入利害關係人。",
                    ctx.keys.label(Action::Add)
                ),
                Lang::En => format!(
                    "No BRiCS table yet. Press {} to add one, then add its stakeholders.",
                    ctx.keys.label(Action::Add)
                ),
            };
            hint(frame, inner, text, theme);
            return;
        };
        let spans = column_spans(inner);
        self.column_spans = spans;
        // The header.
        let headers: Vec<String> = COLUMNS
            .iter()
            .map(|c| column_title(*c, brics, lang))
            .collect();
        let header: Vec<Span<'_>> = cells_line(
            &headers
                .iter()
                .map(|h| (h.clone(), theme.accent))
                .collect::<Vec<_>>(),
            &spans,
            theme.border,
        );
        frame.render_widget(
            Paragraph::new(Line::from(header)),
            Rect { height: 1, ..inner },
        );
        let body = Rect {
            y: inner.y + 1,
            height: inner.height - 1,
            ..inner
        };
        self.rows_area = body;
        let height = usize::from(body.height);
        if height == 0 {
            return;
        }
        if table.stakeholders.is_empty() {
            let text = match lang {
                Lang::Zh => format!(
                    "這張表還沒有利害關係人。按 {} 新增。",
                    ctx.keys.label(Action::Add)
                ),
                Lang::En => format!(
                    "This table has no stakeholders yet. Press {} to add one.",
                    ctx.keys.label(Action::Add)
                ),
            };
            hint(frame, body, text, theme);
            return;
        }
        // Each stakeholder takes `lines` lines, plus a separator when rows are tall.
        let lines_per_row = usize::from(self.row_lines.max(1));
        let unit = if lines_per_row > 1 {
            lines_per_row + 1
        } else {
            1
        };
        let visible = ((height + unit - lines_per_row) / unit).max(1);
        if self.row < self.scroll {
            self.scroll = self.row;
        } else if self.row >= self.scroll + visible {
            self.scroll = self.row + 1 - visible;
        }
        self.scroll = self.scroll.min(table.stakeholders.len().saturating_sub(1));
        self.row_unit = unit as u16;
        let row_style = theme.selection;
        let cell_style = selected_cell_style(theme);
        let empty_style = theme
            .warning
            .remove_modifier(Modifier::BOLD)
            .add_modifier(Modifier::DIM);
        let mut lines: Vec<Line<'_>> = Vec::new();
        for (n, stakeholder) in table
            .stakeholders
            .iter()
            .enumerate()
            .skip(self.scroll)
            .take(visible)
        {
            if n > self.scroll && unit > 1 {
                lines.push(Line::styled(separator_line(&spans), theme.border));
            }
            let selected = n == self.row && !self.on_tables;
            let cells: Vec<(Vec<String>, Style)> = COLUMNS
                .iter()
                .enumerate()
                .map(|(c, cell)| {
                    let value = stakeholder.cell(*cell);
                    let w = usize::from(spans[c].1);
                    let (text, base) = if value.is_empty() {
                        (vec![EMPTY_MARK.to_owned()], empty_style)
                    } else if *cell == Cell::Kind {
                        let name = brics
                            .kind(value)
                            .map_or_else(|| line(value), |k| k.name.to_string());
                        (fit(&name, w, lines_per_row), theme.muted)
                    } else if *cell == Cell::Name {
                        (
                            fit(value, w, lines_per_row),
                            theme.text.add_modifier(Modifier::BOLD),
                        )
                    } else {
                        (fit(value, w, lines_per_row), theme.text)
                    };
                    // A cell a teammate changed differently (!) or holding two
                    // windows' versions (※) is marked where it starts.
                    let (text, base) = match cell_mark(model, &table.id, &stakeholder.id, *cell) {
                        Some(mark) => {
                            let mut text = text;
                            if let Some(first) = text.first_mut() {
                                *first = truncate(&format!("{mark}{first}"), w);
                            }
                            (text, theme.warning)
                        }
                        None => (text, base),
                    };
                    // Someone else editing this cell: `✎alice` at its end.
                    let marker =
                        presence::cell_marker(&self.others, &table.id, &stakeholder.id, *cell, w);
                    let mut text = text;
                    if let Some(first) = text.first_mut().filter(|_| !marker.is_empty()) {
                        let (cut, marker) = presence::with_marker(first, &marker, w);
                        *first = cut + &marker;
                    }
                    let style = match (selected, c == self.column) {
                        (true, true) => cell_style,
                        (true, false) => row_style,
                        _ => base,
                    };
                    (text, style)
                })
                .collect();
            let separator = if selected { row_style } else { theme.border };
            for k in 0..lines_per_row {
                let parts: Vec<(String, Style)> = cells
                    .iter()
                    .map(|(text, style)| (text.get(k).cloned().unwrap_or_default(), *style))
                    .collect();
                lines.push(Line::from(cells_line(&parts, &spans, separator)));
            }
        }
        frame.render_widget(Paragraph::new(lines), body);
    }

    /// The selected cell in full (or the editor).
    fn draw_detail(&mut self, frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>) {
        let theme = ctx.theme;
        let lang = ctx.lang;
        let model = ctx.model;
        let brics = &model.store.catalog().brics;
        if area.width == 0 || area.height == 0 {
            return;
        }
        if let Some(editing) = &mut self.editing {
            let name = model
                .assessment()
                .table(&editing.table)
                .and_then(|t| t.stakeholders.iter().find(|s| s.id == editing.stakeholder))
                .map(|s| line(&s.name))
                .unwrap_or_default();
            let column = column_title(editing.cell, brics, lang);
            let done = ctx.keys.label(Action::Finish);
            let title = match lang {
                Lang::Zh => format!(" 編輯「{name}」的{column}（{done} 結束，草稿自動保存） "),
                Lang::En => format!(
                    " Editing {column} of “{name}” ({done} to finish; the draft saves itself) "
                ),
            };
            editing.editor.draw(
                frame,
                area,
                &truncate(&title, usize::from(area.width.saturating_sub(2))),
                theme,
            );
            return;
        }
        let cell = self.cell();
        let column = column_title(cell, brics, lang);
        let max = usize::from(area.width.saturating_sub(2));
        let mut lines: Vec<Line<'_>> = Vec::new();
        let title = match self.selected(model) {
            Some((_, stakeholder)) => {
                let value = stakeholder.cell(cell);
                match cell {
                    Cell::Kind => {
                        let current = brics.kind(value);
                        match (value.is_empty(), current) {
                            (true, _) => lines.push(Line::styled(
                                lang.pick("（未分類）", "(no kind)"),
                                theme.warning,
                            )),
                            (false, Some(kind)) => {
                                push_wrapped(&mut lines, &kind.name, max, theme.accent);
                                push_wrapped(&mut lines, &kind.description, max, theme.text);
                            }
                            (false, None) => push_wrapped(&mut lines, value, max, theme.text),
                        }
                        // The choices on one wrapped line, so they show in a short pane.
                        let hint = match lang {
                            Lang::Zh => format!("按 {} 切換：", ctx.keys.label(Action::Edit)),
                            Lang::En => format!("{} cycles: ", ctx.keys.label(Action::Edit)),
                        };
                        let mut spans = vec![Span::styled(hint, theme.muted)];
                        let none = lang.pick("（未分類）", "(none)").to_owned();
                        let choices = brics
                            .kinds
                            .iter()
                            .map(|k| (k.name.to_string(), *k.id == *value))
                            .chain(std::iter::once((none, value.is_empty())));
                        for (name, on) in choices {
                            let (mark, style) = if on {
                                ("●", theme.accent)
                            } else {
                                ("○", theme.muted)
                            };
                            spans.push(Span::styled(format!("{mark} {name}  "), style));
                        }
                        lines.extend(flow(spans, max));
                    }
                    _ if value.is_empty() => {
                        let hint = match (cell, lang) {
                            (Cell::Name, Lang::Zh) => {
                                format!("（空白；按 {} 命名）", ctx.keys.label(Action::Rename))
                            }
                            (Cell::Name, Lang::En) => {
                                format!("(empty; {} to name)", ctx.keys.label(Action::Rename))
                            }
                            (_, Lang::Zh) => {
                                format!("（空白；按 {} 填寫）", ctx.keys.label(Action::Edit))
                            }
                            (_, Lang::En) => {
                                format!("(empty; {} to fill in)", ctx.keys.label(Action::Edit))
                            }
                        };
                        lines.push(Line::styled(hint, theme.warning));
                    }
                    _ => {
                        push_wrapped(&mut lines, value, max, theme.text);
                        if cell == Cell::Name {
                            let hint = match lang {
                                Lang::Zh => {
                                    format!("（按 {} 改名）", ctx.keys.label(Action::Rename))
                                }
                                Lang::En => {
                                    format!("({} to rename)", ctx.keys.label(Action::Rename))
                                }
                            };
                            lines.push(Line::styled(hint, theme.muted));
                        }
                    }
                }
                format!(" {} · {column} ", line(&stakeholder.name))
            }
            None => format!(" {column} "),
        };
        let title = truncate(&title, usize::from(area.width.saturating_sub(2)));
        let block = Block::default()
            .borders(Borders::ALL)
            .title(title)
            .border_style(theme.border);
        frame.render_widget(Paragraph::new(lines).block(boxed(block, area)), area);
    }

    /// The course's guidance for the selected column.
    fn draw_side(&self, frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>) {
        let theme = ctx.theme;
        let lang = ctx.lang;
        let brics = &ctx.model.store.catalog().brics;
        let mut lines: Vec<Line<'_>> = Vec::new();
        let cell = self.cell();
        let max = usize::from(area.width.saturating_sub(2));
        let paragraph = |lines: &mut Vec<Line<'_>>, text: &str, style: Style| {
            push_wrapped(lines, text.trim(), max, style);
        };
        match cell {
            Cell::Name => {
                lines.push(Line::styled(brics.title.to_string(), theme.accent));
                paragraph(&mut lines, &brics.intro, theme.text);
            }
            Cell::Kind => {
                lines.push(Line::styled(
                    lang.pick("利害關係人類型", "Stakeholder kinds"),
                    theme.accent,
                ));
                for kind in &brics.kinds {
                    lines.push(Line::styled(
                        kind.name.to_string(),
                        theme.text.add_modifier(Modifier::BOLD),
                    ));
                    paragraph(&mut lines, &kind.description, theme.text);
                }
            }
            _ => {
                if let Some(dimension) = brics.dimensions.iter().find(|d| *d.id == *cell.as_str()) {
                    lines.push(Line::styled(
                        match lang {
                            Lang::Zh => format!("{}（{}）", dimension.name, dimension.english),
                            Lang::En => format!("{} ({})", dimension.english, dimension.name),
                        },
                        theme.accent,
                    ));
                    paragraph(&mut lines, &dimension.explanation, theme.text);
                }
            }
        }
        if !brics.guidance.is_empty() {
            lines.push(Line::default());
            lines.push(Line::styled(
                lang.pick("分析要點", "Guidance"),
                theme.accent,
            ));
            for guidance in &brics.guidance {
                paragraph(&mut lines, &format!("・{}", guidance.text), theme.text);
            }
        }
        if let Some(source) = &brics.source {
            lines.push(Line::default());
            lines.push(Line::styled(
                format!("{}{source}", lang.pick("出處：", "Source: ")),
                theme.muted,
            ));
        }
        let title = match lang {
            Lang::Zh => format!(
                " 參考（{}/{} 捲動） ",
                ctx.keys.label(Action::PageUp),
                ctx.keys.label(Action::PageDown)
            ),
            Lang::En => format!(
                " Reference ({}/{} scroll) ",
                ctx.keys.label(Action::PageUp),
                ctx.keys.label(Action::PageDown)
            ),
        };
        let title = truncate(&title, usize::from(area.width.saturating_sub(2)));
        let block = Block::default()
            .borders(Borders::ALL)
            .title(title)
            .border_style(theme.border);
        frame.render_widget(
            Paragraph::new(lines)
                .block(boxed(block, area))
                .scroll((self.side_scroll, 0)),
            area,
        );
    }

    fn wide(&self) -> bool {
        self.drawn_width >= SIDE_MIN_WIDTH
    }
}

/// Sets a cell of a stakeholder found by ids, only when the text differs (so moving
/// around never marks the draft dirty).
fn write_cell(model: &mut Model, table: &str, stakeholder: &str, cell: Cell, text: String) {
    let current = model
        .assessment()
        .table(table)
        .and_then(|t| t.stakeholders.iter().find(|s| s.id == stakeholder))
        .map(|s| s.cell(cell));
    if current.is_none_or(|current| current == text) {
        return;
    }
    let path = FieldPath::Cell {
        table: table.to_owned(),
        stakeholder: stakeholder.to_owned(),
        cell,
    };
    model.edit_field(path, |a| {
        if let Some(row) = a
            .table_mut(table)
            .and_then(|t| t.stakeholders.iter_mut().find(|s| s.id == stakeholder))
        {
            // Moved, not copied: a cell may hold up to 4 MiB.
            *row.cell_mut(cell) = text;
        }
    });
}

/// The kind after `current`: the catalogue's kinds in order, then none, then the first
/// again. An unknown kind goes to the first.
fn next_kind(brics: &Brics, current: &str) -> String {
    if current.is_empty() {
        return brics
            .kinds
            .first()
            .map(|k| k.id.to_string())
            .unwrap_or_default();
    }
    match brics.kinds.iter().position(|k| *k.id == *current) {
        Some(at) => brics
            .kinds
            .get(at + 1)
            .map(|k| k.id.to_string())
            .unwrap_or_default(),
        None => brics
            .kinds
            .first()
            .map(|k| k.id.to_string())
            .unwrap_or_default(),
    }
}

/// A column's heading: chrome for name and kind, the course's names for dimensions.
fn column_title(cell: Cell, brics: &Brics, lang: Lang) -> String {
    match cell {
        Cell::Name => lang.pick("利害關係人", "Stakeholder").to_owned(),
        Cell::Kind => lang.pick("類型", "Kind").to_owned(),
        dimension => brics
            .dimensions
            .iter()
            .find(|d| *d.id == *dimension.as_str())
            .map_or_else(
                || dimension.as_str().to_owned(),
                |d| d.name_in(lang).to_owned(),
            ),
    }
}

/// Repository text in at most `lines` lines of `max` cells (control characters
/// visible, tabs as spaces), the last line ending in `…` when text is left over.
fn fit(text: &str, max: usize, lines: usize) -> Vec<String> {
    let text = safe_block(text).replace('\t', " ");
    let mut wrapped = wrap(&text, max.max(1));
    if wrapped.len() > lines {
        wrapped.truncate(lines);
        if let Some(last) = wrapped.last_mut() {
            *last = truncate(&format!("{last}…"), max);
        }
    }
    wrapped
}

/// Text (repository or catalogue) as lines of at most `max` cells, broken anywhere
/// (Chinese has no spaces to break at), its own line breaks kept.
fn push_wrapped(lines: &mut Vec<Line<'_>>, text: &str, max: usize, style: Style) {
    let text = safe_block(text).replace('\t', "    ");
    for part in wrap(&text, max.max(1)) {
        lines.push(Line::styled(truncate(&part, max), style));
    }
}

/// Spans flowed into lines of at most `max` cells, each span kept whole.
fn flow(spans: Vec<Span<'static>>, max: usize) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let mut current: Vec<Span<'static>> = Vec::new();
    let mut used = 0;
    for span in spans {
        let w = width(&span.content);
        if used + w > max && !current.is_empty() {
            lines.push(Line::from(std::mem::take(&mut current)));
            used = 0;
        }
        let span = if w > max {
            Span::styled(truncate(&span.content, max), span.style)
        } else {
            span
        };
        used += width(&span.content);
        current.push(span);
    }
    if !current.is_empty() {
        lines.push(Line::from(current));
    }
    lines
}

/// The thin line between tall rows, with crossings under the column separators.
fn separator_line(spans: &[(u16, u16); 5]) -> String {
    let mut out = String::new();
    for (n, (_, w)) in spans.iter().enumerate() {
        out.push_str(&"╌".repeat(usize::from(*w)));
        if n + 1 < spans.len() {
            out.push('┼');
        }
    }
    out
}

/// The style of the selected cell inside the selected row.
fn selected_cell_style(theme: &Theme) -> Style {
    if theme.mono {
        theme
            .selection
            .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    } else {
        theme.accent.add_modifier(Modifier::REVERSED)
    }
}

/// Column starts and widths in `inner` (a one-cell separator between columns).
fn column_spans(inner: Rect) -> [(u16, u16); 5] {
    let total = inner.width.saturating_sub(4);
    let name = (total * 18 / 100).max(6).min(total);
    let kind = (total * 14 / 100).max(4).min(total - name);
    let rest = total - name - kind;
    let each = rest / 3;
    let widths = [name, kind, each, each, rest - 2 * each];
    let mut spans = [(0, 0); 5];
    let mut x = inner.x;
    for (n, w) in widths.into_iter().enumerate() {
        spans[n] = (x, w);
        x = x.saturating_add(w).saturating_add(1);
    }
    spans
}

/// One grid line: each text cut to its column and padded, with separators.
fn cells_line(
    cells: &[(String, Style)],
    spans: &[(u16, u16); 5],
    separator: Style,
) -> Vec<Span<'static>> {
    let mut out = Vec::new();
    for (n, ((text, style), (_, w))) in cells.iter().zip(spans.iter()).enumerate() {
        let w = usize::from(*w);
        let text = truncate(text, w);
        let pad = " ".repeat(w.saturating_sub(width(&text)));
        out.push(Span::styled(format!("{text}{pad}"), *style));
        if n + 1 < cells.len() {
            out.push(Span::styled("│", separator));
        }
    }
    out
}

impl Component for BricsTab {
    fn draw(&mut self, frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>, focused: bool) {
        self.clamp(ctx.model);
        self.drawn_width = area.width;
        if area.width == 0 || area.height == 0 {
            self.rows_area = Rect::default();
            return;
        }
        let (main, side) = if area.width >= SIDE_MIN_WIDTH {
            let side_width = (area.width * 36 / 100).max(36);
            let [main, side] =
                Layout::horizontal([Constraint::Min(0), Constraint::Length(side_width)])
                    .areas(area);
            (main, Some(side))
        } else {
            (area, None)
        };
        let rows = self.current(ctx.model).map_or(0, |t| t.stakeholders.len());
        let rows = u16::try_from(rows).unwrap_or(u16::MAX);
        let available = main.height.saturating_sub(1);
        // The detail (or the editor) keeps a quarter at least, half while typing.
        let detail_min = if self.editing.is_some() {
            (available / 2).max(5)
        } else {
            (available / 4).max(5)
        };
        // Rows grow to three lines (plus a separator) when there is room.
        let space = available.saturating_sub(detail_min).saturating_sub(3);
        let budget = space / rows.max(1);
        self.row_lines = if budget >= 3 { (budget - 1).min(3) } else { 1 };
        let unit = if self.row_lines > 1 {
            self.row_lines + 1
        } else {
            1
        };
        let wanted = rows
            .max(1)
            .saturating_mul(unit)
            .saturating_sub(unit - self.row_lines);
        let grid_height = wanted
            .saturating_add(3)
            .min(available.saturating_sub(detail_min))
            .max(available.min(3));
        let [bar, grid, detail] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(grid_height),
            Constraint::Min(0),
        ])
        .areas(main);
        pane(frame, bar, |frame| {
            self.draw_tables(frame, bar, ctx, focused)
        });
        pane(frame, grid, |frame| {
            self.draw_grid(frame, grid, ctx, focused)
        });
        pane(frame, detail, |frame| self.draw_detail(frame, detail, ctx));
        if let Some(side) = side {
            pane(frame, side, |frame| self.draw_side(frame, side, ctx));
        }
    }

    fn key(&mut self, event: &KeyEvent, model: &mut Model, keys: &Keymap) -> Outcome {
        if let Some(editing) = &mut self.editing {
            match editing.editor.key(event, keys) {
                Edit::Changed => Self::write(model, editing),
                Edit::Unchanged => {}
                Edit::Done => {
                    self.finish_editing(model);
                    return Outcome::Request(Request::Save);
                }
            }
            return Outcome::Consumed;
        }
        self.clamp(model);
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
            Action::Add,
            Action::Delete,
            Action::Rename,
            Action::MoveUp,
            Action::MoveDown,
            Action::Next,
            Action::Prev,
            Action::NextPane,
            Action::PrevPane,
            Action::Back,
        ];
        let Some(action) = keys.first(event, &candidates) else {
            return Outcome::Ignored;
        };
        // PageUp/PageDown scroll the guidance when it is shown.
        if matches!(action, Action::PageUp | Action::PageDown) && self.wide() {
            self.side_scroll = if action == Action::PageUp {
                self.side_scroll.saturating_sub(10)
            } else {
                self.side_scroll.saturating_add(10)
            };
            return Outcome::Consumed;
        }
        if self.on_tables {
            self.tables_key(action, model)
        } else {
            self.grid_key(action, model)
        }
    }

    fn paste(&mut self, text: &str, model: &mut Model) -> Outcome {
        if self.editing.is_none() && !self.start_editing(model) {
            return Outcome::Ignored;
        }
        if let Some(editing) = &self.editing
            && !editing.editor.paste_fits(text)
        {
            return Outcome::Request(Request::Notice(Editor::too_long(model.lang)));
        }
        if let Some(editing) = &mut self.editing
            && editing.editor.paste(text) == Edit::Changed
        {
            Self::write(model, editing);
        }
        Outcome::Consumed
    }

    fn mouse(&mut self, event: &MouseEvent, model: &mut Model) -> Outcome {
        if self.editing.is_some() {
            return Outcome::Ignored;
        }
        let rows = self.current(model).map_or(0, |t| t.stakeholders.len());
        match event.kind {
            MouseEventKind::Down(_)
                if self.rows_area.contains(Position {
                    x: event.column,
                    y: event.row,
                }) =>
            {
                let row = usize::from((event.row - self.rows_area.y) / self.row_unit.max(1))
                    + self.scroll;
                if row < rows {
                    self.row = row;
                    self.on_tables = false;
                    if let Some(column) = self.column_spans.iter().position(|(x, w)| {
                        event.column >= *x && event.column <= x.saturating_add(*w)
                    }) {
                        self.column = column;
                        self.side_scroll = 0;
                    }
                }
                Outcome::Consumed
            }
            MouseEventKind::ScrollDown => {
                self.row = (self.row + 1).min(rows.saturating_sub(1));
                Outcome::Consumed
            }
            MouseEventKind::ScrollUp => {
                self.row = self.row.saturating_sub(1);
                Outcome::Consumed
            }
            _ => Outcome::Ignored,
        }
    }

    fn commands(&self) -> Vec<Action> {
        if self.editing.is_some() {
            return vec![Action::Finish, Action::Commit];
        }
        if self.on_tables {
            return vec![Action::Left, Action::Right, Action::Add, Action::Down];
        }
        if self.known.is_empty() {
            return vec![Action::Add];
        }
        let mut list = vec![
            Action::Edit,
            Action::Add,
            Action::Delete,
            Action::Rename,
            Action::MoveUp,
            Action::MoveDown,
        ];
        if self.known.len() > 1 {
            list.insert(2, Action::Next);
        }
        list
    }

    fn cursor(&self) -> Option<Position> {
        self.editing.as_ref().and_then(|e| e.editor.cursor())
    }

    fn context(&self) -> Context {
        if self.editing.is_some() {
            Context::Editor
        } else {
            Context::Brics
        }
    }

    fn answer(&mut self, answer: Option<&str>, model: &mut Model, _keys: &Keymap) -> Outcome {
        let Some((question, text)) = answered(&mut self.asked, answer) else {
            return Outcome::Consumed;
        };
        // The BRiCS edits the command line performs too, with its checks.
        let done = match question {
            Question::NewTable => model
                .edit_brics(|a, brics| a.add_brics_table(brics, &text))
                .map(|table| self.select(model, &table, None)),
            Question::NewStakeholder { table } => model
                .edit_brics(|a, brics| a.add_stakeholder(brics, table.as_deref(), &text))
                .map(|row| self.select(model, &row.table, Some(&row.stakeholder))),
            Question::Rename { table, stakeholder } => model
                .edit_brics(|a, _| a.rename_stakeholder(&table, &stakeholder, &text))
                .map(drop),
        };
        if let Err(error) = done {
            return Outcome::Request(Request::Notice(error.message(model.lang)));
        }
        Outcome::Consumed
    }

    fn editing_field(&self) -> Option<String> {
        let e = self.editing.as_ref()?;
        Some(presence::cell_field(&e.table, &e.stakeholder, e.cell))
    }

    fn finish_editing(&mut self, model: &mut Model) {
        if let Some(editing) = self.editing.take() {
            Self::write(model, &editing);
        }
    }

    fn show_presence(&mut self, board: &Board) {
        self.others = board.clone();
    }

    fn show(&mut self, model: &Model, target: &Target) -> bool {
        let Target::Brics {
            table,
            stakeholder,
            cell,
        } = target
        else {
            return false;
        };
        let tables = &model.assessment().brics;
        let Some(at) = tables.iter().position(|t| t.id == *table) else {
            return false;
        };
        self.table = at;
        self.on_tables = false;
        self.row = stakeholder
            .as_ref()
            .and_then(|s| tables[at].stakeholders.iter().position(|r| r.id == *s))
            .unwrap_or(0);
        if let Some(column) = cell.and_then(|c| COLUMNS.iter().position(|col| *col == c)) {
            self.column = column;
        }
        self.side_scroll = 0;
        self.remember(model);
        true
    }

    fn refresh(&mut self, model: &Model) {
        let tables = &model.assessment().brics;
        // Keep the same table and stakeholder selected if they moved.
        let selected = self
            .known
            .get(self.table)
            .map(|(t, rows)| (t.clone(), rows.get(self.row).cloned()));
        if let Some((table_id, row_id)) = selected
            && let Some(at) = tables.iter().position(|t| t.id == table_id)
        {
            self.table = at;
            if let Some(row) =
                row_id.and_then(|r| tables[at].stakeholders.iter().position(|s| s.id == r))
            {
                self.row = row;
            }
        }
        // An editor whose row is gone (a teammate deleted it) closes; its text was
        // already in the draft, which the merge reported. One whose cell changed
        // underneath (another window's edit merged in) shows the merged text.
        if let Some(editing) = &mut self.editing {
            let current = model
                .assessment()
                .table(&editing.table)
                .and_then(|t| t.stakeholders.iter().find(|s| s.id == editing.stakeholder))
                .map(|s| s.cell(editing.cell).to_owned());
            match current {
                None => self.editing = None,
                Some(text) => {
                    if editing.editor.text() != text {
                        editing.editor.set_text(&text);
                    }
                }
            }
        }
        self.remember(model);
        self.clamp(model);
    }
}

/// The grid's mark for a cell: `!` a teammate changed it differently (a commit will
/// ask), `※` it holds two windows' versions to settle.
fn cell_mark(model: &Model, table: &str, stakeholder: &str, cell: Cell) -> Option<&'static str> {
    if model.marks().is_empty() {
        return None;
    }
    let path = FieldPath::Cell {
        table: table.to_owned(),
        stakeholder: stakeholder.to_owned(),
        cell,
    };
    match model.mark(&path)? {
        Mark::Conflict(_) => Some("!"),
        Mark::BothVersions => Some("※"),
    }
}

/// A muted line saying what to do in an empty place.
fn hint(frame: &mut Frame<'_>, area: Rect, text: String, theme: &Theme) {
    frame.render_widget(Wrapped::new(text).style(theme.muted), area);
}

#[cfg(test)]
mod tests {
    use ratatui::crossterm::event::KeyCode;

    use super::*;
    use crate::tui::testing::{self, FORM, press, render, type_text};

    /// A model on a fresh repository with one BRiCS table of three stakeholders.
    fn model() -> (tempfile::TempDir, Model) {
        let (dir, mut model) = testing::model(FORM);
        let row =
            |id: &str, name: &str, kind: &str, benefit: &str, risk: &str, cost: &str| Stakeholder {
                id: id.into(),
                name: name.into(),
                kind: kind.into(),
                benefit: benefit.into(),
                risk: risk.into(),
                cost: cost.into(),
            };
        model.edit(|a| {
            a.brics.push(BricsTable {
                id: "case".into(),
                title: "資料申請小幫手".into(),
                stakeholders: vec![
                    row(
                        "applicant",
                        "資料申請者",
                        "user",
                        "瞭解其他申請者的經驗與准駁原因。",
                        "申請仍可能被駁回。",
                        "需要花時間整理需求。",
                    ),
                    row(
                        "agency",
                        "主管資料的行政機關",
                        "authority",
                        "減少重複申請與說明。",
                        "准駁原因公開後可能受到外界質疑。",
                        "統整申復結果。",
                    ),
                    row(
                        "privacy",
                        "個資與隱私關注團體",
                        "concern",
                        "申請與准駁過程更透明。",
                        "",
                        "投入時間監督。",
                    ),
                ],
            });
        });
        (dir, model)
    }

    fn names(model: &Model) -> Vec<String> {
        model.assessment().brics[0]
            .stakeholders
            .iter()
            .map(|s| s.id.clone())
            .collect()
    }

    #[test]
    fn the_grid_shows_headers_and_marks_empty_cells() {
        let (_dir, model) = model();
        let mut tab = BricsTab::new(&model);
        for (w, h) in [(80, 24), (120, 40)] {
            let screen = render(&mut tab, &model, w, h);
            // Wide characters render as the glyph plus a blank cell.
            let compact = screen.replace(' ', "");
            for heading in ["利害關係人", "類型", "效益／價值", "風險"] {
                assert!(
                    compact.contains(heading),
                    "{heading} missing at {w}×{h}:\n{screen}"
                );
            }
            assert!(compact.contains("資料申請小幫手"), "{screen}");
            assert!(compact.contains("個資與隱私"), "{screen}");
            assert!(
                screen.contains(EMPTY_MARK),
                "no empty-cell mark at {w}×{h}:\n{screen}"
            );
            assert!(compact.contains("1格空白"), "{screen}");
            assert_eq!(
                compact.contains("分析要點"),
                w >= SIDE_MIN_WIDTH,
                "{screen}"
            );
        }
        // The selected cell's full text shows below the grid.
        let screen = render(&mut tab, &model, 80, 24).replace(' ', "");
        assert!(
            screen.contains("瞭解其他申請者的經驗與准駁原因。"),
            "{screen}"
        );
    }

    #[test]
    fn no_size_panics() {
        let (_dir, mut model) = model();
        let mut tab = BricsTab::new(&model);
        for w in 0..30 {
            for h in 0..12 {
                render(&mut tab, &model, w, h);
            }
        }
        press(&mut tab, &mut model, KeyCode::Enter);
        for (w, h) in [(0, 0), (1, 1), (10, 3), (60, 16), (200, 60)] {
            render(&mut tab, &model, w, h);
        }
        model.edit(|a| a.brics.clear());
        render(&mut tab, &model, 80, 24);
    }

    #[test]
    fn editing_a_cell_writes_the_draft() {
        let (_dir, mut model) = model();
        let mut tab = BricsTab::new(&model);
        // Third row, risk column (empty).
        press(&mut tab, &mut model, KeyCode::Down);
        press(&mut tab, &mut model, KeyCode::Down);
        press(&mut tab, &mut model, KeyCode::Right);
        assert!(tab.editing.is_none());
        press(&mut tab, &mut model, KeyCode::Enter);
        assert!(tab.editing.is_some());
        type_text(&mut tab, &mut model, "個資外洩");
        // Written on every change, before leaving.
        assert_eq!(model.assessment().brics[0].stakeholders[2].risk, "個資外洩");
        let screen = render(&mut tab, &model, 80, 24);
        assert!(tab.cursor().is_some(), "{screen}");
        // `d` and `q` are text while editing.
        press(&mut tab, &mut model, KeyCode::Char('d'));
        assert_eq!(
            press(&mut tab, &mut model, KeyCode::Esc),
            Outcome::Request(Request::Save)
        );
        assert!(tab.editing.is_none());
        assert_eq!(
            model.assessment().brics[0].stakeholders[2].risk,
            "個資外洩d"
        );
        assert_eq!(model.assessment().brics[0].stakeholders.len(), 3);
        // Paste starts editing the selected text cell.
        press(&mut tab, &mut model, KeyCode::Left);
        assert_eq!(tab.paste("監督\r\n並反映", &mut model), Outcome::Consumed);
        assert!(tab.editing.is_some());
        assert_eq!(
            model.assessment().brics[0].stakeholders[2].benefit,
            "申請與准駁過程更透明。監督\n並反映"
        );
    }

    #[test]
    fn rows_move_and_delete() {
        let (_dir, mut model) = model();
        let mut tab = BricsTab::new(&model);
        press(&mut tab, &mut model, KeyCode::Char('J'));
        assert_eq!(names(&model), ["agency", "applicant", "privacy"]);
        press(&mut tab, &mut model, KeyCode::Char('J'));
        assert_eq!(names(&model), ["agency", "privacy", "applicant"]);
        // At the bottom it stays.
        press(&mut tab, &mut model, KeyCode::Char('J'));
        assert_eq!(names(&model), ["agency", "privacy", "applicant"]);
        press(&mut tab, &mut model, KeyCode::Char('K'));
        press(&mut tab, &mut model, KeyCode::Char('K'));
        assert_eq!(names(&model), ["applicant", "agency", "privacy"]);
        press(&mut tab, &mut model, KeyCode::Down);
        let outcome = press(&mut tab, &mut model, KeyCode::Char('d'));
        assert!(
            matches!(outcome, Outcome::Request(Request::Notice(ref text)) if text.contains("主管資料的行政機關")),
            "{outcome:?}"
        );
        assert_eq!(names(&model), ["applicant", "privacy"]);
        // The selection stays on a row that exists.
        press(&mut tab, &mut model, KeyCode::Char('d'));
        press(&mut tab, &mut model, KeyCode::Char('d'));
        assert!(names(&model).is_empty());
        press(&mut tab, &mut model, KeyCode::Char('d'));
        let screen = render(&mut tab, &model, 80, 24).replace(' ', "");
        assert!(screen.contains("這張表還沒有利害關係人"), "{screen}");
    }

    #[test]
    fn the_kind_cycles_through_the_catalogue_and_none() {
        let (_dir, mut model) = model();
        let mut tab = BricsTab::new(&model);
        press(&mut tab, &mut model, KeyCode::Left);
        let mut seen = Vec::new();
        for _ in 0..5 {
            press(&mut tab, &mut model, KeyCode::Enter);
            assert!(tab.editing.is_none());
            seen.push(model.assessment().brics[0].stakeholders[0].kind.clone());
        }
        assert_eq!(seen, ["provider", "authority", "concern", "", "user"]);
    }

    fn ask(outcome: Outcome) -> Ask {
        match outcome {
            Outcome::Request(Request::Ask(ask)) => ask,
            other => panic!("no question asked: {other:?}"),
        }
    }

    fn selected_name(tab: &BricsTab, model: &Model) -> String {
        tab.selected(model).unwrap().1.name.clone()
    }

    #[test]
    fn the_answer_comes_back_here_and_selects_what_it_created() {
        let (_dir, mut model) = model();
        let mut tab = BricsTab::new(&model);
        let asked = ask(press(&mut tab, &mut model, KeyCode::Char('a')));
        assert_eq!(asked.title, "利害關係人名稱");
        // While the prompt is open a teammate's row arrives (and the app refreshes
        // the tab): the selection stays where it was, and the answer still selects
        // the row it created, not whichever row is new.
        model.edit(|a| {
            a.brics[0].stakeholders.push(Stakeholder {
                id: "teammate".into(),
                name: "同事新增的".into(),
                ..Default::default()
            })
        });
        tab.refresh(&model);
        assert_eq!(selected_name(&tab, &model), "資料申請者");
        assert_eq!(
            tab.answer(Some("  電信業者 "), &mut model, &Keymap::default()),
            Outcome::Consumed
        );
        assert_eq!(tab.row, 4);
        assert_eq!(selected_name(&tab, &model), "電信業者");
        // Rename starts from the current name.
        let asked = ask(press(&mut tab, &mut model, KeyCode::Char('R')));
        assert_eq!(asked.initial, "電信業者");
        tab.answer(Some("電信公司"), &mut model, &Keymap::default());
        assert_eq!(selected_name(&tab, &model), "電信公司");
        // A cancelled question changes nothing.
        ask(press(&mut tab, &mut model, KeyCode::Char('a')));
        tab.answer(None, &mut model, &Keymap::default());
        assert_eq!(model.assessment().brics[0].stakeholders.len(), 5);
        // From the table bar, `a` asks for a new table.
        press(&mut tab, &mut model, KeyCode::Char('g'));
        press(&mut tab, &mut model, KeyCode::Up);
        assert!(tab.commands().contains(&Action::Right));
        let asked = ask(press(&mut tab, &mut model, KeyCode::Char('a')));
        assert_eq!(asked.title, "BRiCS 表名稱");
        tab.answer(Some("第二張表"), &mut model, &Keymap::default());
        assert_eq!(tab.table, 1);
        assert!(tab.commands().contains(&Action::Next));
        let screen = render(&mut tab, &model, 80, 24).replace(' ', "");
        assert!(screen.contains("第二張表"), "{screen}");
        press(&mut tab, &mut model, KeyCode::Char('n'));
        assert_eq!(tab.table, 0);
    }

    #[test]
    fn with_no_table_add_asks_for_one() {
        let (_dir, mut model) = model();
        model.edit(|a| a.brics.clear());
        let mut tab = BricsTab::new(&model);
        assert_eq!(tab.commands(), [Action::Add]);
        let asked = ask(press(&mut tab, &mut model, KeyCode::Char('a')));
        assert_eq!(asked.title, "BRiCS 表名稱");
        tab.answer(Some("第一張表"), &mut model, &Keymap::default());
        assert_eq!(model.assessment().brics[0].title, "第一張表");
        model.edit(|a| a.brics.clear());
        tab.refresh(&model);
        assert_eq!(
            press(&mut tab, &mut model, KeyCode::Char('d')),
            Outcome::Consumed
        );
        let screen = render(&mut tab, &model, 80, 24).replace(' ', "");
        assert!(screen.contains("尚無BRiCS表"), "{screen}");
    }
}
