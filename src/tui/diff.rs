//! The diff tab (差異): what changed, field by field in form order, with the
//! characters that were removed and added marked — by default what the person's
//! draft changes relative to the revision it started from, or any two revisions the
//! history tab asks to compare.
//!
//! The diff is computed when it is asked for (`show`, `refresh`, a filter change),
//! laid out once per width, and drawing only styles the lines on screen.

use std::collections::HashMap;

use git2::Oid;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyEvent, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};

use super::area::{boxed, pane};
use super::component::{Component, Ctx, Outcome, Request};
use super::keymap::{Action, Context, Keymap};
use super::model::Model;
use super::text::Wrapped;
use super::text::{line as safe_line, line_ranges_hanging, truncate, width};
use super::theme::Theme;
use crate::assessment::Assessment;
use crate::diff::AssessmentDiff;
use crate::form::Form;
use crate::i18n::Lang;
use crate::report::{Body, ChangeView, Mark, words};
use crate::store::short_id;

/// Body lines are indented by this many cells under their heading.
const INDENT: usize = 2;

/// What a piece of laid-out text is, so drawing can pick its style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A change's heading.
    Heading,
    /// A guideline divider.
    Divider,
    /// Text in both versions, or labels.
    Plain,
    /// Only in the version before.
    Removed,
    /// Only in the version after.
    Added,
}

impl Kind {
    fn style(self, theme: &Theme) -> Style {
        match self {
            Kind::Heading => theme.accent,
            Kind::Divider => theme.muted,
            Kind::Plain => theme.text,
            Kind::Removed => theme.removed,
            Kind::Added => theme.added,
        }
    }
}

/// A run of text of one kind, already made safe to draw.
type Piece = (Kind, String);

/// One change, in words, before it is wrapped to a width.
#[derive(Debug, Clone)]
struct Entry {
    /// The guideline the change belongs to (None: header fields, BRiCS).
    guideline: Option<String>,
    /// What changed, in words (safe).
    heading: String,
    /// The change, line by line (safe pieces).
    body: Vec<Vec<Piece>>,
}

/// The entries wrapped to one width.
#[derive(Debug, Clone, Default)]
struct Layout {
    width: usize,
    lines: Vec<Vec<Piece>>,
    /// The first line of each change (its divider or heading).
    starts: Vec<usize>,
}

/// The diff tab.
pub struct DiffTab {
    lang: Lang,
    /// Revisions compared; `None` on a side means the draft's (its base before, its
    /// content after). `(None, None)` is the default comparison.
    compare: (Option<Oid>, Option<Oid>),
    /// `before → after` in words (safe).
    compared: String,
    /// Every change, in words.
    full: ChangeView,
    /// Guideline ids in form order, each once, with their headings.
    guidelines: Vec<(String, String)>,
    /// The guideline shown, when filtered.
    filter: Option<String>,
    /// The changes shown (after the filter).
    entries: Vec<Entry>,
    /// The one-line summary of what is shown.
    stat: String,
    /// Why the comparison could not be made.
    error: Option<String>,
    layout: Option<Layout>,
    /// The change and line within it at the top, kept across a relayout.
    anchor: Option<(usize, usize)>,
    /// First line shown.
    scroll: usize,
    /// Height of the document area at the last draw.
    view_height: usize,
    /// Width of the document area at the last draw.
    view_width: usize,
}

impl DiffTab {
    /// The tab, showing what the draft changes.
    pub fn new(model: &Model) -> Self {
        let catalog = &model.store.catalog().guidelines;
        let mut guidelines: Vec<(String, String)> = Vec::new();
        for group in &model.form.groups {
            let id = group.id.as_str();
            if !guidelines.iter().any(|(g, _)| g == id) {
                let heading = words::guideline_heading(catalog, id);
                guidelines.push((id.to_owned(), safe_line(&heading)));
            }
        }
        let mut tab = DiffTab {
            lang: model.lang,
            compare: (None, None),
            compared: String::new(),
            full: ChangeView::default(),
            guidelines,
            filter: None,
            entries: Vec::new(),
            stat: String::new(),
            error: None,
            layout: None,
            anchor: None,
            scroll: 0,
            view_height: 0,
            view_width: 78,
        };
        tab.show(model, None, None);
        tab
    }

    /// Compares revision `from` with revision `to`; a side that is `None` is the
    /// draft's (`Model::draft_changes`): the branch head before, the draft merged
    /// with it after. `None, None` (the default) shows what the draft changes, as
    /// `dsw diff` does; it follows the draft on `refresh`.
    pub fn show(&mut self, model: &Model, from: Option<Oid>, to: Option<Oid>) {
        self.compare = (from, to);
        self.scroll = 0;
        self.anchor = None;
        self.layout = None;
        self.compute(model);
    }

    /// Whether two revisions are compared (rather than the draft).
    fn explicit(&self) -> bool {
        self.compare != (None, None)
    }

    /// Loads both sides, diffs them and builds the entries.
    fn compute(&mut self, model: &Model) {
        let lang = model.lang;
        self.lang = lang;
        let (from, to) = self.compare;
        let tags = if from.is_some() || to.is_some() {
            model.store.tags_by_commit().unwrap_or_default()
        } else {
            HashMap::new()
        };
        let label = |oid: Oid| match tags.get(&oid) {
            Some(names) => match lang {
                Lang::Zh => format!("{}（{}）", short_id(oid), safe_line(&names.join("、"))),
                Lang::En => format!("{} ({})", short_id(oid), safe_line(&names.join(", "))),
            },
            None => short_id(oid),
        };
        let before_label = match from {
            Some(oid) => label(oid),
            None => format!(
                "{} {}",
                lang.pick("最新版本", "latest revision"),
                short_id(model.head)
            ),
        };
        let after_label = match to {
            Some(oid) => label(oid),
            None => lang.pick("你的草稿", "your draft").to_owned(),
        };
        self.compared = format!("{before_label} → {after_label}");
        let load = |side: Option<Oid>, draft: &Assessment| -> Result<Assessment, String> {
            match side {
                Some(oid) => model
                    .store
                    .load_at(&model.name, oid)
                    .map_err(|e| e.message(lang)),
                None => Ok(draft.clone()),
            }
        };
        let changes = model.draft_changes();
        match (load(from, &changes.before), load(to, &changes.after)) {
            (Ok(before), Ok(after)) => {
                let diff = AssessmentDiff::between(&before, &after, &model.form);
                let brics = &model.store.catalog().brics;
                self.full = ChangeView::new(&diff, &model.form, brics, lang);
                self.error = None;
            }
            (Err(error), _) | (_, Err(error)) => {
                self.full = ChangeView::default();
                self.error = Some(safe_line(&error));
            }
        }
        self.apply_filter();
    }

    /// Builds the entries of the changes the filter lets through.
    fn apply_filter(&mut self) {
        let filtered;
        let shown = match &self.filter {
            Some(guideline) => {
                filtered = self.full.in_guideline(guideline);
                &filtered
            }
            None => &self.full,
        };
        self.stat = shown.stat.describe(self.lang);
        self.entries = shown
            .entries
            .iter()
            .map(|entry| Entry {
                guideline: entry.guideline.clone(),
                heading: safe_line(&entry.heading),
                body: body(&entry.body, self.lang),
            })
            .collect();
        self.invalidate();
    }

    /// Drops the layout, remembering which change is at the top.
    fn invalidate(&mut self) {
        if let Some(layout) = self.layout.take() {
            let at = layout.starts.partition_point(|start| *start <= self.scroll);
            self.anchor = at
                .checked_sub(1)
                .map(|change| (change, self.scroll - layout.starts[change]));
        }
    }

    /// The layout for `width`, made when missing or made for another width.
    fn layout(&mut self, width: usize) -> &Layout {
        if self.layout.as_ref().is_some_and(|l| l.width != width) {
            self.invalidate();
        }
        if self.layout.is_none() {
            let layout = lay_out(&self.entries, &self.guidelines, width);
            if let Some((change, offset)) = self.anchor.take()
                && let Some(start) = layout.starts.get(change)
            {
                let end = layout
                    .starts
                    .get(change + 1)
                    .copied()
                    .unwrap_or(layout.lines.len());
                self.scroll = (start + offset).min(end.saturating_sub(1)).max(*start);
            }
            self.layout = Some(layout);
        }
        self.layout.get_or_insert_with(Layout::default)
    }

    /// The furthest the view scrolls: the end of the text at the bottom, or the last
    /// change at the top, whichever is further (so `n` always brings a change to the top).
    fn max_scroll(&mut self) -> usize {
        let height = self.view_height.max(1);
        let width = self.view_width;
        let layout = self.layout(width);
        layout
            .lines
            .len()
            .saturating_sub(height)
            .max(layout.starts.last().copied().unwrap_or(0))
    }

    fn scroll_by(&mut self, delta: isize) {
        let max = self.max_scroll();
        self.scroll = self.scroll.saturating_add_signed(delta).min(max);
    }

    /// Brings the next (or previous) change to the top; false when there is none.
    fn jump(&mut self, forward: bool) -> bool {
        let max = self.max_scroll();
        let scroll = self.scroll;
        let width = self.view_width;
        let starts = &self.layout(width).starts;
        let target = if forward {
            starts.iter().find(|s| **s > scroll)
        } else {
            starts.iter().rev().find(|s| **s < scroll)
        };
        match target {
            Some(line) => {
                self.scroll = (*line).min(max);
                true
            }
            None => false,
        }
    }

    /// All guidelines → each guideline with changes, in form order → all. (The
    /// form's guidelines are the view's already.)
    fn cycle_filter(&mut self, _form: &Form) -> bool {
        let with_changes: Vec<&str> = self
            .guidelines
            .iter()
            .map(|(id, _)| id.as_str())
            .filter(|id| self.full.touches(id))
            .collect();
        if with_changes.is_empty() && self.filter.is_none() {
            return false;
        }
        let position = |id: &str| self.guidelines.iter().position(|(g, _)| g == id);
        let next = match &self.filter {
            None => with_changes.first().copied(),
            Some(current) => {
                let here = position(current);
                with_changes.iter().copied().find(|id| position(id) > here)
            }
        };
        self.filter = next.map(str::to_owned);
        self.scroll = 0;
        self.layout = None;
        self.anchor = None;
        self.apply_filter();
        true
    }

    /// The block title: what is compared, and the filter.
    fn title(&self) -> String {
        let lang = self.lang;
        let mut title = format!(" {}", self.compared);
        if let Some(filter) = &self.filter {
            let heading = self
                .guidelines
                .iter()
                .find(|(id, _)| id == filter)
                .map_or(filter.as_str(), |(_, h)| h.as_str());
            title += &format!(" · {}{heading}", lang.pick("篩選：", "filter: "));
        }
        title.push(' ');
        title
    }

    /// The message in place of an empty diff.
    fn empty_message(&self, keys: &Keymap) -> Vec<Line<'static>> {
        let lang = self.lang;
        let detail = if self.filter.is_some() {
            match lang {
                Lang::Zh => format!(
                    "這項指引沒有變更；按 {} 換下一個篩選。",
                    keys.label(Action::Filter)
                ),
                Lang::En => format!(
                    "nothing changed in this guideline; {} for the next filter.",
                    keys.label(Action::Filter)
                ),
            }
        } else if self.explicit() {
            lang.pick(
                "兩個版本的內容相同。",
                "both revisions have the same content.",
            )
            .to_owned()
        } else {
            lang.pick(
                "你的草稿與基準版本相同；在「指引」分頁作答後，這裡會顯示你改了什麼。",
                "your draft equals its base revision; what you change in the checklist shows here.",
            )
            .to_owned()
        };
        vec![
            Line::from(lang.pick("沒有差異", "No differences")),
            Line::from(""),
            Line::from(detail),
        ]
    }
}

impl Component for DiffTab {
    fn draw(&mut self, frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>, focused: bool) {
        let theme = ctx.theme;
        let title = truncate(&self.title(), usize::from(area.width.saturating_sub(2)));
        let block = Block::default()
            .borders(Borders::ALL)
            .title(title)
            .border_style(if focused { theme.focus } else { theme.border });
        let inner = block.inner(area);
        frame.render_widget(boxed(block, area), area);
        if inner.width == 0 || inner.height == 0 {
            return;
        }
        let stat_area = Rect { height: 1, ..inner };
        let doc = Rect {
            y: inner.y + 1,
            height: inner.height - 1,
            ..inner
        };
        self.view_height = usize::from(doc.height);
        self.view_width = usize::from(doc.width);

        let max = self.max_scroll();
        self.scroll = self.scroll.min(max);
        let (total, position) = {
            let scroll = self.scroll;
            let layout = self.layout(usize::from(doc.width));
            (
                layout.starts.len(),
                layout.starts.partition_point(|s| *s <= scroll).max(1),
            )
        };
        // Nothing to list: say why, in the whole pane.
        if let Some(error) = &self.error {
            let text = vec![
                Line::styled(
                    self.lang.pick("無法比較：", "Cannot compare: "),
                    theme.warning,
                ),
                Line::styled(error.clone(), theme.warning),
            ];
            frame.render_widget(Wrapped::new(text), inner);
            return;
        }
        if total == 0 {
            let mut lines = self.empty_message(ctx.keys);
            if let Some(first) = lines.first_mut() {
                *first = first.clone().style(theme.accent);
            }
            for line in lines.iter_mut().skip(1) {
                *line = line.clone().style(theme.muted);
            }
            frame.render_widget(Wrapped::new(lines), inner);
            return;
        }
        let label = self.lang.pick("變更", "change");
        let stat = format!("{} · {label} {position}/{total}", self.stat);
        frame.render_widget(
            Paragraph::new(truncate(&stat, usize::from(stat_area.width))).style(theme.muted),
            stat_area,
        );
        if doc.height == 0 {
            return;
        }
        // Only the lines on screen are styled, straight into the buffer.
        let scroll = self.scroll;
        let layout = self.layout(usize::from(doc.width));
        pane(frame, doc, |frame| {
            let buffer = frame.buffer_mut();
            for (row, pieces) in layout
                .lines
                .iter()
                .skip(scroll)
                .take(usize::from(doc.height))
                .enumerate()
            {
                let y = doc.y + row as u16;
                let mut x = doc.x;
                for (kind, text) in pieces {
                    let room = doc.right().saturating_sub(x);
                    if room == 0 {
                        break;
                    }
                    (x, _) = buffer.set_stringn(x, y, text, usize::from(room), kind.style(theme));
                }
            }
        });
    }

    fn key(&mut self, event: &KeyEvent, model: &mut Model, keys: &Keymap) -> Outcome {
        let candidates = [
            Action::Up,
            Action::Down,
            Action::PageUp,
            Action::PageDown,
            Action::Top,
            Action::Bottom,
            Action::Next,
            Action::Prev,
            Action::Filter,
            Action::Back,
        ];
        let Some(action) = keys.first(event, &candidates) else {
            return Outcome::Ignored;
        };
        let lang = model.lang;
        let page = self.view_height.saturating_sub(1).max(1) as isize;
        match action {
            Action::Up => self.scroll_by(-1),
            Action::Down => self.scroll_by(1),
            Action::PageUp => self.scroll_by(-page),
            Action::PageDown => self.scroll_by(page),
            Action::Top => self.scroll = 0,
            Action::Bottom => {
                // The end of the text at the bottom of the view (n may go further).
                let height = self.view_height.max(1);
                let width = self.view_width;
                self.scroll = self.layout(width).lines.len().saturating_sub(height);
            }
            Action::Next | Action::Prev => {
                let forward = action == Action::Next;
                if !self.jump(forward) {
                    let text = if self.entries.is_empty() {
                        lang.pick("沒有差異。", "no differences.")
                    } else if forward {
                        lang.pick("已是最後一項變更。", "this is the last change.")
                    } else {
                        lang.pick("已是第一項變更。", "this is the first change.")
                    };
                    return Outcome::Request(Request::Notice(text.to_owned()));
                }
            }
            Action::Filter => {
                if !self.cycle_filter(&model.form) {
                    return Outcome::Request(Request::Notice(
                        lang.pick(
                            "沒有屬於任何指引的變更可篩選。",
                            "no changes to a guideline to filter by.",
                        )
                        .to_owned(),
                    ));
                }
            }
            // Back to the default: the draft's changes, every guideline.
            Action::Back if self.explicit() || self.filter.is_some() => {
                self.filter = None;
                self.show(model, None, None);
            }
            _ => return Outcome::Ignored,
        }
        Outcome::Consumed
    }

    fn mouse(&mut self, event: &MouseEvent, _model: &mut Model) -> Outcome {
        match event.kind {
            MouseEventKind::ScrollDown => self.scroll_by(3),
            MouseEventKind::ScrollUp => self.scroll_by(-3),
            _ => return Outcome::Ignored,
        }
        Outcome::Consumed
    }

    fn commands(&self) -> Vec<Action> {
        let mut list = Vec::new();
        if self.explicit() || self.filter.is_some() {
            list.push(Action::Back);
        }
        list.extend([Action::Next, Action::Prev, Action::Filter, Action::PageDown]);
        list
    }

    fn context(&self) -> Context {
        Context::Diff
    }

    fn compare(&mut self, model: &Model, from: Oid, to: Oid) -> bool {
        self.show(model, Some(from), Some(to));
        true
    }

    fn refresh(&mut self, model: &Model) {
        // Two revisions never change; the draft does, as the person types.
        let (from, to) = self.compare;
        if from.is_none() || to.is_none() || model.lang != self.lang {
            self.compute(model);
        }
    }
}

/// Repository text for one piece of a line: visible controls, tabs as spaces.
fn display(text: &str) -> String {
    safe_line(text).replace('\t', "    ")
}

/// The change view's body as styled pieces: what was removed or replaced in the
/// removed style, what was added or came instead in the added style.
fn body(body: &Body, lang: Lang) -> Vec<Vec<Piece>> {
    body.lines(lang)
        .into_iter()
        .map(|line| {
            line.into_iter()
                .map(|(mark, text)| {
                    let kind = match mark {
                        Mark::Plain => Kind::Plain,
                        Mark::Removed | Mark::Old => Kind::Removed,
                        Mark::Added | Mark::New => Kind::Added,
                    };
                    (kind, display(&text))
                })
                .collect()
        })
        .collect()
}

/// The entries wrapped to `width` cells: per change its guideline divider when the
/// guideline changes, its heading, its body indented, a blank line between changes.
fn lay_out(entries: &[Entry], guidelines: &[(String, String)], width: usize) -> Layout {
    let mut layout = Layout {
        width,
        ..Layout::default()
    };
    let mut guideline: Option<&str> = None;
    for (n, entry) in entries.iter().enumerate() {
        if n > 0 {
            layout.lines.push(Vec::new());
        }
        layout.starts.push(layout.lines.len());
        if let Some(id) = entry
            .guideline
            .as_deref()
            .filter(|id| guideline != Some(*id))
        {
            let name = guidelines
                .iter()
                .find(|(g, _)| g == id)
                .map_or(id, |(_, h)| h.as_str());
            let text = truncate(&format!("── {name} "), width);
            let rule = "─".repeat(width.saturating_sub(self::width(&text)));
            layout
                .lines
                .push(vec![(Kind::Divider, format!("{text}{rule}"))]);
        }
        guideline = entry.guideline.as_deref().or(guideline);
        // A wrapped heading hangs under its text, after the id.
        let id = entry.heading.split(' ').next().map_or(0, self::width);
        let hang = if id > 0 && id < 12 && entry.heading.contains(' ') {
            id + 1
        } else {
            INDENT
        };
        wrap(
            &[(Kind::Heading, entry.heading.clone())],
            width,
            (0, hang),
            &mut layout.lines,
        );
        for line in &entry.body {
            wrap(line, width, (INDENT, INDENT), &mut layout.lines);
        }
    }
    layout
}

/// One logical line of pieces wrapped to `width` cells, the first line after
/// `indent.0` spaces and the rest after `indent.1`; a wide character is never split.
fn wrap(pieces: &[Piece], width: usize, indent: (usize, usize), out: &mut Vec<Vec<Piece>>) {
    // The one line breaking of every pane, over the pieces' text; each line takes
    // the pieces (and their kinds) it covers.
    let plain: String = pieces.iter().map(|(_, text)| text.as_str()).collect();
    let ranges = line_ranges_hanging(
        &plain,
        width.saturating_sub(indent.0),
        width.saturating_sub(indent.1),
    );
    for (n, range) in ranges.into_iter().enumerate() {
        let end = range.start + plain[range.clone()].trim_end().len();
        let pad = if n == 0 { indent.0 } else { indent.1 };
        let mut line = Vec::new();
        if pad > 0 {
            line.push((Kind::Plain, " ".repeat(pad)));
        }
        let mut at = 0;
        for (kind, text) in pieces {
            let (from, to) = (at, at + text.len());
            at = to;
            let (cut_from, cut_to) = (from.max(range.start), to.min(end));
            if cut_from < cut_to {
                line.push((*kind, text[cut_from - from..cut_to - from].to_owned()));
            }
        }
        out.push(line);
    }
}

#[cfg(test)]
mod tests {
    use ratatui::buffer::Buffer;
    use ratatui::crossterm::event::KeyCode;

    use super::*;
    use crate::form::Status;
    use crate::store::Committed;
    use crate::tui::testing::{self, FORM, author, draw, press};
    use crate::tui::text::buffer_text;
    use unicode_width::UnicodeWidthChar;

    /// A change's pieces break by the one line breaking: no line starts with 。,
    /// a word stays whole, each piece keeps its kind, later lines hang.
    #[test]
    fn a_changes_lines_break_by_the_chinese_rules() {
        let pieces = vec![
            (
                Kind::Plain,
                "推廣 My Data 加值服務，部分功能亦將服務".to_owned(),
            ),
            (Kind::Added, "對象擴大到全體公務人員。".to_owned()),
        ];
        for width in 8..40 {
            let mut out = Vec::new();
            wrap(&pieces, width, (2, 4), &mut out);
            let texts: Vec<String> = out
                .iter()
                .map(|line| line.iter().map(|(_, t)| t.as_str()).collect())
                .collect();
            for (n, text) in texts.iter().enumerate() {
                let body = text.trim_start();
                assert!(!body.starts_with(['。', '，']), "{width}: {texts:?}");
                assert!(super::width(text) <= width, "{width}: {texts:?}");
                assert!(text.starts_with(if n == 0 { "  " } else { "    " }));
            }
            let joined: String = texts.iter().map(|t| t.trim_start()).collect();
            assert!(
                joined.contains("Data") && joined.contains("My"),
                "{texts:?}"
            );
            assert!(
                out.iter()
                    .flatten()
                    .any(|(k, t)| *k == Kind::Added && t.contains('人'))
            );
        }
    }

    fn model() -> (tempfile::TempDir, Model) {
        testing::model(FORM)
    }

    fn commit(model: &mut Model, message: &str) -> Oid {
        match model.commit(message, &author()).unwrap() {
            Committed::Revision { id, .. } => id,
            other => panic!("no revision: {other:?}"),
        }
    }

    fn theme() -> Theme {
        Theme::bundled("default", super::super::theme::Depth::TrueColor)
            .unwrap()
            .unwrap()
    }

    fn rows(buffer: &Buffer) -> Vec<String> {
        buffer_text(buffer).lines().map(String::from).collect()
    }

    /// The cell where `needle` starts on screen.
    fn find(buffer: &Buffer, needle: &str) -> Option<(u16, u16)> {
        let area = buffer.area;
        for y in 0..area.height {
            for x in 0..area.width {
                let mut matched = true;
                let mut cx = x;
                for c in needle.chars() {
                    if cx >= area.width || buffer[(cx, y)].symbol() != c.to_string() {
                        matched = false;
                        break;
                    }
                    cx += c.width().unwrap_or(1).max(1) as u16;
                }
                if matched {
                    return Some((x, y));
                }
            }
        }
        None
    }

    /// A model whose head answers 1.1.1, with a draft that edits that answer, marks
    /// 1.1 done and answers a question of guideline 2.
    fn edited() -> (tempfile::TempDir, Model) {
        let (dir, mut model) = model();
        model.set_answer("1.1.1", "民眾與企業");
        commit(&mut model, "first answer");
        model.set_answer("1.1.1", "一般民眾與中小企業");
        model.edit(|a| a.set_status("1.1", Status::Done));
        model.set_answer("2.1.1", "資訊處長");
        (dir, model)
    }

    #[test]
    fn the_draft_changes_show_with_added_characters_styled_and_statuses_in_words() {
        let (_dir, model) = edited();
        let mut tab = DiffTab::new(&model);
        let theme = theme();
        let buffer = draw(&mut tab, &model, &theme, 80, 24);
        let screen = buffer_text(&buffer);
        assert!(
            screen.contains("最新版本") && screen.contains("你的草稿"),
            "{screen}"
        );
        assert!(screen.contains("1.1.1 服務使用者有哪些類型"), "{screen}");
        assert!(screen.contains("狀態：未完成 → 已完成"), "{screen}");
        assert!(
            screen.contains("1 題回答修改、1 題新增回答、1 項檢核完成"),
            "{screen}"
        );
        assert!(
            screen.contains("一、"),
            "the guideline divider names guideline 1: {screen}"
        );
        // 民眾與企業 → 一般民眾與中小企業: 一般 and 中小 are added.
        let (x, y) = find(&buffer, "一般民眾與中小企業").expect("the new answer is shown");
        let added = theme.added.fg.unwrap();
        assert_eq!(buffer[(x, y)].fg, added, "一 is added");
        assert_eq!(
            buffer[(x + 4, y)].fg,
            theme.text.fg.unwrap(),
            "民 was there before"
        );
        assert_eq!(buffer[(x + 10, y)].fg, added, "中 is added");
        let (x, y) = find(&buffer, "已完成").unwrap();
        assert_eq!(buffer[(x, y)].fg, added);
        let (x, y) = find(&buffer, "未完成").unwrap();
        assert_eq!(buffer[(x, y)].fg, theme.removed.fg.unwrap());
    }

    #[test]
    fn removed_characters_are_styled_removed_and_long_answers_wrap_line_by_line() {
        let (_dir, mut model) = model();
        model.set_answer("1.1.2", "痛點一\n痛點二");
        commit(&mut model, "answers");
        let long = "很長的回答".repeat(20);
        model.set_answer("1.1.2", format!("痛點一\n{long}"));
        let mut tab = DiffTab::new(&model);
        let theme = theme();
        let buffer = draw(&mut tab, &model, &theme, 60, 20);
        let screen = rows(&buffer);
        let (x, y) = find(&buffer, "痛點一").unwrap();
        assert_eq!(buffer[(x, y)].fg, theme.text.fg.unwrap());
        let (x, y) = find(&buffer, "二").unwrap();
        assert_eq!(buffer[(x, y)].fg, theme.removed.fg.unwrap(), "{screen:#?}");
        let wrapped = screen
            .iter()
            .filter(|row| row.contains("很長的回答"))
            .count();
        assert!(
            wrapped >= 3,
            "100 wide characters take several 56-cell lines: {screen:#?}"
        );
        assert!(screen.iter().all(|row| width(row) <= 60));
    }

    #[test]
    fn next_and_previous_bring_each_change_to_the_top() {
        let (_dir, mut model) = edited();
        let mut tab = DiffTab::new(&model);
        let theme = theme();
        let first_line = |buffer: &Buffer| rows(buffer)[2].clone();
        let buffer = draw(&mut tab, &model, &theme, 80, 24);
        assert!(
            first_line(&buffer).contains("一、"),
            "{}",
            buffer_text(&buffer)
        );
        assert!(buffer_text(&buffer).contains("變更 1/3"));
        assert_eq!(
            press(&mut tab, &mut model, KeyCode::Char('n')),
            Outcome::Consumed
        );
        let buffer = draw(&mut tab, &model, &theme, 80, 24);
        assert!(
            first_line(&buffer).contains("1.1.1 服務使用者"),
            "{}",
            buffer_text(&buffer)
        );
        assert!(buffer_text(&buffer).contains("變更 2/3"));
        press(&mut tab, &mut model, KeyCode::Char('n'));
        let buffer = draw(&mut tab, &model, &theme, 80, 24);
        assert!(
            first_line(&buffer).contains("二、"),
            "{}",
            buffer_text(&buffer)
        );
        assert!(
            matches!(
                press(&mut tab, &mut model, KeyCode::Char('n')),
                Outcome::Request(Request::Notice(_))
            ),
            "no change after the last"
        );
        press(&mut tab, &mut model, KeyCode::Char('N'));
        let buffer = draw(&mut tab, &model, &theme, 80, 24);
        assert!(
            first_line(&buffer).contains("1.1.1"),
            "{}",
            buffer_text(&buffer)
        );
        press(&mut tab, &mut model, KeyCode::Char('g'));
        let buffer = draw(&mut tab, &model, &theme, 80, 24);
        assert!(first_line(&buffer).contains("一、"));
    }

    #[test]
    fn the_filter_shows_one_guideline_at_a_time_and_names_it_in_the_title() {
        let (_dir, mut model) = edited();
        let mut tab = DiffTab::new(&model);
        let theme = theme();
        press(&mut tab, &mut model, KeyCode::Char('f'));
        let screen = buffer_text(&draw(&mut tab, &model, &theme, 80, 24));
        assert!(
            rows(&draw(&mut tab, &model, &theme, 80, 24))[0].contains("篩選：一、"),
            "{screen}"
        );
        assert!(
            screen.contains("1.1.1") && !screen.contains("2.1.1"),
            "{screen}"
        );
        // ict-plan lists guideline 3 before 2; 3 has no changes and is skipped.
        press(&mut tab, &mut model, KeyCode::Char('f'));
        let screen = buffer_text(&draw(&mut tab, &model, &theme, 80, 24));
        assert!(
            screen.contains("篩選：二、") && screen.contains("2.1.1") && !screen.contains("1.1.1"),
            "{screen}"
        );
        assert!(
            screen.contains("1 題新增回答") && !screen.contains("回答修改"),
            "the stat is the filtered one: {screen}"
        );
        press(&mut tab, &mut model, KeyCode::Char('f'));
        let screen = buffer_text(&draw(&mut tab, &model, &theme, 80, 24));
        assert!(
            !screen.contains("篩選") && screen.contains("1.1.1") && screen.contains("2.1.1"),
            "{screen}"
        );
        // Esc drops a filter.
        press(&mut tab, &mut model, KeyCode::Char('f'));
        assert!(tab.commands().contains(&Action::Back));
        assert_eq!(press(&mut tab, &mut model, KeyCode::Esc), Outcome::Consumed);
        let screen = buffer_text(&draw(&mut tab, &model, &theme, 80, 24));
        assert!(
            !screen.contains("篩選") && screen.contains("2.1.1"),
            "{screen}"
        );
    }

    #[test]
    fn two_revisions_are_compared_until_back_returns_to_the_draft() {
        let (_dir, mut model) = model();
        model.set_answer("5.1.1", "共用平台");
        let a = commit(&mut model, "one");
        model.set_answer("5.1.1", "共用雲端平台");
        let b = commit(&mut model, "two");
        model.set_answer("1.1.1", "草稿中的回答");
        let theme = theme();
        let mut tab = DiffTab::new(&model);
        tab.show(&model, Some(a), Some(b));
        tab.refresh(&model);
        let buffer = draw(&mut tab, &model, &theme, 80, 24);
        let screen = buffer_text(&buffer);
        assert!(
            screen.contains(&format!("{} → {}", short_id(a), short_id(b))),
            "{screen}"
        );
        assert!(
            screen.contains("5.1.1") && !screen.contains("草稿中的回答"),
            "{screen}"
        );
        let (x, y) = find(&buffer, "雲端").unwrap();
        assert_eq!(buffer[(x, y)].fg, theme.added.fg.unwrap());
        assert!(tab.commands().contains(&Action::Back));
        assert_eq!(press(&mut tab, &mut model, KeyCode::Esc), Outcome::Consumed);
        let screen = buffer_text(&draw(&mut tab, &model, &theme, 80, 24));
        assert!(
            screen.contains("你的草稿")
                && screen.contains("草稿中的回答")
                && !screen.contains("5.1.1"),
            "{screen}"
        );
        assert_eq!(
            press(&mut tab, &mut model, KeyCode::Esc),
            Outcome::Ignored,
            "Esc on the default is not ours"
        );
    }

    #[test]
    fn the_default_follows_the_draft_and_an_empty_diff_says_so() {
        let (_dir, mut model) = model();
        let theme = theme();
        let mut tab = DiffTab::new(&model);
        let screen = buffer_text(&draw(&mut tab, &model, &theme, 80, 24));
        assert!(screen.contains("沒有差異"), "{screen}");
        assert!(matches!(
            press(&mut tab, &mut model, KeyCode::Char('f')),
            Outcome::Request(Request::Notice(_))
        ));
        model.set_answer("3.1.1", "比較表");
        tab.refresh(&model);
        let screen = buffer_text(&draw(&mut tab, &model, &theme, 80, 24));
        assert!(
            screen.contains("3.1.1") && screen.contains("比較表") && !screen.contains("沒有差異"),
            "{screen}"
        );
    }

    #[test]
    fn a_revision_that_cannot_be_read_is_reported_not_a_panic() {
        let (_dir, model) = model();
        let mut tab = DiffTab::new(&model);
        let missing = Oid::from_str("0123456789abcdef0123456789abcdef01234567").unwrap();
        tab.show(&model, Some(missing), Some(model.head));
        let screen = buffer_text(&draw(&mut tab, &model, &theme(), 80, 24));
        assert!(screen.contains("無法比較"), "{screen}");
    }

    #[test]
    fn brics_cells_are_named_by_table_and_stakeholder_and_repository_text_is_made_safe() {
        let (_dir, mut model) = model();
        model.edit(|a| {
            a.brics.push(crate::assessment::BricsTable {
                id: "t1".into(),
                title: "線上申辦".into(),
                stakeholders: vec![crate::assessment::Stakeholder {
                    id: "s1".into(),
                    name: "申請民眾".into(),
                    benefit: "省時\u{1b}[31m".into(),
                    kind: "user".into(),
                    ..Default::default()
                }],
            })
        });
        let mut tab = DiffTab::new(&model);
        let buffer = draw(&mut tab, &model, &theme(), 100, 30);
        let screen = buffer_text(&buffer);
        assert!(
            screen.contains("BRiCS 線上申辦 / 申請民眾 / 效益／價值"),
            "{screen}"
        );
        assert!(
            screen.contains("省時␛[31m") && !screen.contains('\u{1b}'),
            "{screen}"
        );
    }

    #[test]
    fn it_draws_at_80_by_24_and_never_panics_at_odd_sizes() {
        let (_dir, mut model) = edited();
        let mut tab = DiffTab::new(&model);
        let theme = theme();
        let screen = rows(&draw(&mut tab, &model, &theme, 80, 24));
        assert_eq!(screen.len(), 24);
        assert!(screen.iter().all(|row| width(row) <= 80));
        for (w, h) in [(0, 0), (1, 1), (2, 2), (3, 5), (10, 3), (60, 16), (200, 60)] {
            draw(&mut tab, &model, &theme, w, h);
            for code in [
                KeyCode::Char('n'),
                KeyCode::PageDown,
                KeyCode::Char('G'),
                KeyCode::Char('N'),
            ] {
                press(&mut tab, &mut model, code);
            }
        }
        // Scrolling past the end stops at the last change.
        for _ in 0..50 {
            press(&mut tab, &mut model, KeyCode::Down);
        }
        let screen = rows(&draw(&mut tab, &model, &theme, 80, 24));
        assert!(screen[2].contains("二、"), "{screen:#?}");
    }
}
