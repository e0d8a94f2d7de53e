//! The overview tab (總覽): how far the assessment is — overall, per guideline and
//! over its revisions — how the checklist items stand, which BRiCS cells are still
//! empty, and where the review comments (審查意見) stand.
//!
//! The draft's numbers are recomputed in [`Component::refresh`] (cheap: a walk over
//! the form). The history chart needs every revision's content, so the tab's
//! [`Job`] computes it with a store of its own and [`Component::collect`] takes the
//! result; the screen says "計算中…" until it arrives.

use std::path::{Path, PathBuf};

use git2::Oid;
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyEvent, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, LineGauge, Paragraph, Sparkline, Widget};

use super::area::{boxed, pane};
use super::component::{Component, Ctx, Outcome};
use super::events::Waker;
use super::job::{Job, Reporter};
use super::keymap::{Action, Context, Keymap};
use super::model::Model;
use super::review::standing_style;
use super::reviews::open_per_guideline;
use super::text::{line, truncate, width};
use crate::assessment::{Cell, Completion};
use crate::form::Status;
use crate::i18n::Lang;
use crate::review::{Counts, Review, Standing};
use crate::store::{AssessmentName, Store, StoreError};

/// At most this many revisions are loaded for the history chart; longer histories
/// are sampled evenly (always keeping the first and the latest).
const MAX_SAMPLES: usize = 200;

/// From this width on, the tab uses two columns.
const TWO_COLUMNS: u16 = 100;

/// Cells between the two columns.
const GAP: u16 = 3;

/// Marks for the item statuses, the same as the checklist tree's.
const STATUS_MARKS: [&str; 4] = ["[ ]", "[~]", "[x]", "[-]"];

/// The overview tab.
pub struct Overview {
    stats: Stats,
    history: History,
    /// The branch head the history chart is (being) computed for.
    history_head: Option<Oid>,
    job: Job<Result<Series, String>>,
    scroll: u16,
    content_height: u16,
    view_height: u16,
    area: Rect,
}

/// The draft's numbers.
#[derive(Debug, Default)]
struct Stats {
    overall: Completion,
    /// Each guideline group's heading (made safe) and completion, in form order.
    groups: Vec<(String, Completion)>,
    /// Items per status, indexed like [`Status::ALL`].
    statuses: [usize; 4],
    tables: Vec<TableGaps>,
    comments: Comments,
}

/// The review comments (審查意見): how many stand where, and where the open ones are.
#[derive(Debug, Default)]
struct Comments {
    counts: Counts,
    /// Each guideline with open comments: its heading (made safe) and how many.
    open: Vec<(String, usize)>,
    /// Open comments on header fields, BRiCS or the whole assessment.
    elsewhere: usize,
    /// Why the review file at the head could not be read.
    error: Option<String>,
}

/// How many BRiCS cells a table still lacks.
#[derive(Debug)]
struct TableGaps {
    title: String,
    stakeholders: usize,
    empty: usize,
}

/// Completion over the committed revisions, oldest first.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Series {
    /// Completion in percent of each (sampled) revision, oldest → newest.
    values: Vec<u64>,
    /// How many revisions the history has (more than `values` when sampled).
    revisions: usize,
}

/// Where the history chart stands.
#[derive(Debug)]
enum History {
    Computing,
    Ready(Series),
    Failed(String),
}

impl Stats {
    fn of(model: &Model) -> Stats {
        let assessment = model.assessment();
        let form = &model.form;
        let guidelines = &model.store.catalog().guidelines;
        let groups = form
            .groups
            .iter()
            .map(|group| {
                let heading = guidelines
                    .guideline(&group.id)
                    .map_or_else(|| group.id.to_string(), |g| g.heading());
                (line(&heading), assessment.completion(form, Some(&group.id)))
            })
            .collect();
        let mut statuses = [0; 4];
        for item in form.groups.iter().flat_map(|g| g.items.iter()) {
            let status = assessment.status(&item.id);
            if let Some(at) = Status::ALL.iter().position(|s| *s == status) {
                statuses[at] += 1;
            }
        }
        let tables = assessment
            .brics
            .iter()
            .map(|table| TableGaps {
                title: line(&table.title),
                stakeholders: table.stakeholders.len(),
                empty: table
                    .stakeholders
                    .iter()
                    .map(|s| {
                        Cell::DIMENSIONS
                            .iter()
                            .filter(|cell| s.cell(**cell).trim().is_empty())
                            .count()
                    })
                    .sum(),
            })
            .collect();
        // Comments stand against the head, as in the review tab and `dsw review`.
        let head = model.head_assessment();
        let review = &model.reviews.review;
        let (per_guideline, elsewhere) = open_per_guideline(review, form, head);
        let comments = Comments {
            counts: Review::count(&review.comments, head),
            open: per_guideline
                .iter()
                .zip(&groups)
                .filter(|(count, _)| **count > 0)
                .map(|(count, (heading, _)): (&usize, &(String, Completion))| {
                    (heading.clone(), *count)
                })
                .collect(),
            elsewhere,
            error: model.reviews.error.clone(),
        };
        Stats {
            overall: assessment.completion(form, None),
            groups,
            statuses,
            tables,
            comments,
        }
    }
}

/// Which of `len` revisions to load: all of them, or `max` spread evenly over the
/// history, always including the first and the last.
fn sample(len: usize, max: usize) -> Vec<usize> {
    if len <= max || max < 2 {
        return (0..len).collect();
    }
    (0..max).map(|i| i * (len - 1) / (max - 1)).collect()
}

/// The completion series of `name` up to `head`, read with a store of its own.
/// `None` when cancelled.
fn completion_series<T>(
    workdir: &Path,
    name: &AssessmentName,
    head: Oid,
    run: &Reporter<T>,
) -> Result<Option<Series>, StoreError> {
    let store = Store::open(workdir)?;
    let mut ids = Vec::new();
    for revision in store.log(name, Some(head))? {
        if run.cancelled() {
            return Ok(None);
        }
        ids.push(revision?.id);
    }
    ids.reverse();
    let mut values = Vec::new();
    for at in sample(ids.len(), MAX_SAMPLES) {
        if run.cancelled() {
            return Ok(None);
        }
        // A revision that cannot be read (a hand edit gone wrong, an unknown form)
        // leaves a gap rather than hiding the whole chart.
        let Ok(assessment) = store.load_at(name, ids[at]) else {
            continue;
        };
        let Ok(form) = store.form_of(&assessment) else {
            continue;
        };
        values.push(assessment.completion(form, None).percent() as u64);
    }
    Ok(Some(Series {
        values,
        revisions: ids.len(),
    }))
}

/// One row (or a few, for the chart) of the tab's content.
enum Piece {
    Text(Line<'static>),
    Gauge {
        ratio: f64,
        label: Line<'static>,
        filled: Style,
        unfilled: Style,
    },
    Spark {
        values: Vec<u64>,
        height: u16,
        style: Style,
        /// For the baseline under revisions at 0%.
        baseline: Style,
    },
}

impl Piece {
    fn height(&self) -> u16 {
        match self {
            Piece::Text(_) | Piece::Gauge { .. } => 1,
            Piece::Spark { height, .. } => *height,
        }
    }

    fn render(&self, area: Rect, buf: &mut Buffer) {
        match self {
            Piece::Text(text) => Paragraph::new(text.clone()).render(area, buf),
            Piece::Gauge {
                ratio,
                label,
                filled,
                unfilled,
            } => LineGauge::default()
                .ratio(ratio.clamp(0.0, 1.0))
                .label(label.clone())
                .filled_symbol("█")
                .unfilled_symbol("░")
                .filled_style(*filled)
                .unfilled_style(*unfilled)
                .render(area, buf),
            Piece::Spark {
                values,
                style,
                baseline,
                ..
            } => {
                Sparkline::default()
                    .data(values)
                    .max(100)
                    .style(*style)
                    .render(area, buf);
                // A revision at 0% would leave no mark at all: draw the baseline.
                if area.height > 0 {
                    let y = area.bottom() - 1;
                    for x in area.left()
                        ..area
                            .right()
                            .min(area.left().saturating_add(values.len() as u16))
                    {
                        if buf[(x, y)].symbol() == " " {
                            buf[(x, y)].set_symbol("·").set_style(*baseline);
                        }
                    }
                }
            }
        }
    }
}

fn text(content: impl Into<String>, style: Style, max: usize) -> Piece {
    Piece::Text(Line::styled(truncate(&content.into(), max), style))
}

/// A bar of `cells` cells, filled to `ratio` with eighth-cell precision.
fn bar(ratio: f64, cells: usize) -> (String, String) {
    const PARTS: [&str; 8] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
    let eighths = (ratio.clamp(0.0, 1.0) * (cells * 8) as f64).floor() as usize;
    let full = eighths / 8;
    let mut filled = "█".repeat(full);
    let part = PARTS[eighths % 8];
    filled.push_str(part);
    let used = full + usize::from(!part.is_empty());
    (filled, "░".repeat(cells.saturating_sub(used)))
}

impl Overview {
    /// The tab; its numbers are computed now, the history chart when it is first
    /// shown ([`Component::refresh`]).
    pub fn new(model: &Model, waker: Waker) -> Self {
        Overview {
            stats: Stats::of(model),
            history: History::Computing,
            history_head: None,
            job: Job::new("overview", waker),
            scroll: 0,
            content_height: 0,
            view_height: 0,
            area: Rect::default(),
        }
    }

    /// Starts computing the history chart for the current head in the background.
    fn start_history(&mut self, model: &Model) {
        let head = model.head;
        self.history_head = Some(head);
        self.history = History::Computing;
        let workdir: PathBuf = model.store.workdir().to_path_buf();
        let name = model.name.clone();
        let lang = model.lang;
        let started = self.job.start(move |run| {
            let result = match completion_series(&workdir, &name, head, run) {
                Ok(Some(series)) => Ok(series),
                Ok(None) => return,
                Err(error) => Err(error.message(lang)),
            };
            run.send(result);
        });
        if let Err(error) = started {
            self.history = History::Failed(error.to_string());
        }
    }

    fn max_scroll(&self) -> u16 {
        self.content_height.saturating_sub(self.view_height)
    }

    fn scroll_by(&mut self, delta: i32) {
        let next = (i32::from(self.scroll) + delta).clamp(0, i32::from(self.max_scroll()));
        self.scroll = u16::try_from(next).unwrap_or(0);
    }

    fn overall_pieces(&self, lang: Lang, ctx: &Ctx<'_>, max: usize) -> Vec<Piece> {
        let theme = ctx.theme;
        let done = &self.stats.overall;
        let (questions, items) = match lang {
            Lang::Zh => (
                format!("關鍵問題已回答 {}/{}", done.answered, done.questions),
                format!("檢核項目已完成或不適用 {}/{}", done.settled, done.items),
            ),
            Lang::En => (
                format!(
                    "{}/{} key questions answered",
                    done.answered, done.questions
                ),
                format!("{}/{} items done or n/a", done.settled, done.items),
            ),
        };
        let mut pieces = vec![
            text(
                lang.pick("整體完成度（草稿）", "Overall completion (draft)"),
                theme.accent,
                max,
            ),
            Piece::Gauge {
                ratio: done.ratio(),
                label: Line::styled(format!("{:>3}%", done.percent()), theme.accent),
                filled: theme.status[2],
                unfilled: theme.muted,
            },
        ];
        let both = format!("{questions} · {items}");
        if width(&both) <= max {
            pieces.push(text(both, theme.text, max));
        } else {
            pieces.push(text(questions, theme.text, max));
            pieces.push(text(items, theme.text, max));
        }
        pieces
    }

    fn guideline_pieces(&self, lang: Lang, ctx: &Ctx<'_>, max: usize) -> Vec<Piece> {
        let theme = ctx.theme;
        let mut pieces = vec![text(
            lang.pick(
                "各指引完成度（已答題＋已完成項／題數＋項數）",
                "Per guideline (answered + settled / questions + items)",
            ),
            theme.accent,
            max,
        )];
        let counts: Vec<String> = self
            .stats
            .groups
            .iter()
            .map(|(_, done)| format!("{}/{}", done.done(), done.total()))
            .collect();
        let count_width = counts.iter().map(|c| width(c)).max().unwrap_or(0);
        let longest = self
            .stats
            .groups
            .iter()
            .map(|(h, _)| width(h))
            .max()
            .unwrap_or(0);
        let label_width = longest.min((max / 2).max(10)).min(max);
        // label, space, bar, space, "100%", space, count
        let bar_width = max.saturating_sub(label_width + count_width + 7);
        for ((heading, done), count) in self.stats.groups.iter().zip(&counts) {
            let label = truncate(heading, label_width);
            let pad = " ".repeat(label_width.saturating_sub(width(&label)));
            let mut spans = vec![Span::styled(format!("{label}{pad}"), theme.text)];
            if bar_width >= 3 {
                let (filled, empty) = bar(done.ratio(), bar_width);
                spans.push(Span::raw(" "));
                spans.push(Span::styled(filled, theme.status[2]));
                spans.push(Span::styled(empty, theme.muted));
                spans.push(Span::styled(format!(" {:>3}%", done.percent()), theme.text));
            }
            spans.push(Span::styled(format!(" {count:>count_width$}"), theme.muted));
            let row: String = spans.iter().map(|s| s.content.as_ref()).collect();
            if width(&row) > max {
                pieces.push(text(row, theme.text, max));
            } else {
                pieces.push(Piece::Text(Line::from(spans)));
            }
        }
        pieces
    }

    fn history_pieces(&self, lang: Lang, ctx: &Ctx<'_>, max: usize, height: u16) -> Vec<Piece> {
        let theme = ctx.theme;
        let mut pieces = vec![text(
            lang.pick(
                "歷次版本完成度（舊 → 新）",
                "Completion over revisions (old → new)",
            ),
            theme.accent,
            max,
        )];
        match &self.history {
            History::Computing => {
                pieces.push(text(lang.pick("計算中…", "computing…"), theme.muted, max))
            }
            History::Failed(message) => pieces.push(text(line(message), theme.warning, max)),
            History::Ready(series) if series.values.is_empty() => {
                pieces.push(text(
                    lang.pick("沒有可讀取的版本。", "no readable revisions."),
                    theme.muted,
                    max,
                ));
            }
            History::Ready(series) => {
                // Few revisions get wider bars; many show the latest that fit.
                let repeat = (max / series.values.len()).clamp(1, 4);
                let mut values: Vec<u64> = series
                    .values
                    .iter()
                    .flat_map(|v| std::iter::repeat_n(*v, repeat))
                    .collect();
                if values.len() > max {
                    values.drain(..values.len() - max);
                }
                pieces.push(Piece::Spark {
                    values,
                    height,
                    style: theme.accent,
                    baseline: theme.muted,
                });
                let first = series.values.first().copied().unwrap_or(0);
                let last = series.values.last().copied().unwrap_or(0);
                let draft = self.stats.overall.percent();
                let sampled = series.values.len() < series.revisions;
                let caption = match lang {
                    Lang::Zh => format!(
                        "{} 個版本{}：最初 {first}% → 最新 {last}%（草稿 {draft}%）",
                        series.revisions,
                        if sampled {
                            format!("（取樣 {}）", series.values.len())
                        } else {
                            String::new()
                        }
                    ),
                    Lang::En => format!(
                        "{} revisions{}: first {first}% → latest {last}% (draft {draft}%)",
                        series.revisions,
                        if sampled {
                            format!(" ({} sampled)", series.values.len())
                        } else {
                            String::new()
                        }
                    ),
                };
                pieces.push(text(caption, theme.muted, max));
            }
        }
        pieces
    }

    fn status_pieces(&self, lang: Lang, ctx: &Ctx<'_>, max: usize) -> Vec<Piece> {
        let theme = ctx.theme;
        let total: usize = self.stats.statuses.iter().sum();
        let heading = match lang {
            Lang::Zh => format!("檢核項目狀態（共 {total} 項）"),
            Lang::En => format!("Checklist items ({total})"),
        };
        let mut pieces = vec![text(heading, theme.accent, max)];
        let mut spans: Vec<Span<'static>> = Vec::new();
        let mut used = 0;
        for (n, status) in Status::ALL.iter().enumerate() {
            let piece = format!(
                "{} {} {}",
                STATUS_MARKS[n],
                status.label(lang),
                self.stats.statuses[n]
            );
            let piece = truncate(&piece, max);
            let gap = if spans.is_empty() { 0 } else { 3 };
            if used + gap + width(&piece) > max && !spans.is_empty() {
                pieces.push(Piece::Text(Line::from(std::mem::take(&mut spans))));
                used = 0;
            } else if gap > 0 {
                spans.push(Span::raw("   "));
                used += gap;
            }
            used += width(&piece);
            spans.push(Span::styled(piece, theme.status[n]));
        }
        if !spans.is_empty() {
            pieces.push(Piece::Text(Line::from(spans)));
        }
        pieces
    }

    fn review_pieces(&self, lang: Lang, ctx: &Ctx<'_>, max: usize) -> Vec<Piece> {
        let theme = ctx.theme;
        let comments = &self.stats.comments;
        let counts = &comments.counts;
        let heading = match lang {
            Lang::Zh => format!("審查意見（共 {} 則）", counts.total()),
            Lang::En => format!("Review comments ({})", counts.total()),
        };
        let mut pieces = vec![text(heading, theme.accent, max)];
        // The review file cannot be read: where and why, every line of it.
        if let Some(error) = &comments.error {
            let error = format!("⚠ {}", super::text::block(error));
            for row in super::text::wrap(&error, max) {
                pieces.push(text(row, theme.warning, max));
            }
        }
        if counts.total() == 0 && comments.error.is_none() {
            pieces.push(text(
                lang.pick("尚無審查意見。", "no comments yet."),
                theme.muted,
                max,
            ));
        }
        if counts.total() == 0 {
            return pieces;
        }
        // The standings, as many to a row as fit.
        let mut spans: Vec<Span<'static>> = Vec::new();
        let mut used = 0;
        for standing in Standing::ALL {
            let piece = truncate(
                &format!("{} {}", standing.label(lang), counts.of(standing)),
                max,
            );
            let gap = if spans.is_empty() { 0 } else { 3 };
            if used + gap + width(&piece) > max && !spans.is_empty() {
                pieces.push(Piece::Text(Line::from(std::mem::take(&mut spans))));
                used = 0;
            } else if gap > 0 {
                spans.push(Span::raw("   "));
                used += gap;
            }
            used += width(&piece);
            let style = if counts.of(standing) == 0 {
                theme.muted
            } else {
                standing_style(theme, standing)
            };
            spans.push(Span::styled(piece, style));
        }
        if !spans.is_empty() {
            pieces.push(Piece::Text(Line::from(spans)));
        }
        if counts.needing_reply() == 0 {
            pieces.push(text(
                lang.pick("沒有待回覆的意見。", "no open comments."),
                theme.status[2],
                max,
            ));
            return pieces;
        }
        pieces.push(text(
            lang.pick("各指引待回覆", "Open per guideline"),
            theme.muted,
            max,
        ));
        let mut rows: Vec<(String, usize)> = comments.open.clone();
        if comments.elsewhere > 0 {
            rows.push((
                lang.pick("表頭、BRiCS 與整體", "Header, BRiCS and general")
                    .to_owned(),
                comments.elsewhere,
            ));
        }
        // Labels in a column as wide as the longest (within the width), counts after.
        let count_width = rows
            .iter()
            .map(|(_, count)| count.to_string().len())
            .max()
            .unwrap_or(1);
        let label_width = rows
            .iter()
            .map(|(heading, _)| width(heading))
            .max()
            .unwrap_or(0)
            .min(max.saturating_sub(count_width + 1));
        for (heading, count) in rows {
            let label = truncate(&heading, label_width);
            let pad = " ".repeat(label_width.saturating_sub(width(&label)));
            pieces.push(Piece::Text(Line::from(vec![
                Span::styled(format!("{label}{pad}"), theme.text),
                Span::styled(format!(" {count:>count_width$}"), theme.warning),
            ])));
        }
        pieces
    }

    fn brics_pieces(&self, lang: Lang, ctx: &Ctx<'_>, max: usize) -> Vec<Piece> {
        let theme = ctx.theme;
        let mut pieces = vec![text(
            lang.pick("BRiCS 尚未填寫的欄位", "BRiCS cells left empty"),
            theme.accent,
            max,
        )];
        if self.stats.tables.is_empty() {
            pieces.push(text(
                lang.pick("尚無 BRiCS 表。", "no BRiCS tables yet."),
                theme.muted,
                max,
            ));
        }
        for table in &self.stats.tables {
            let cells = table.stakeholders * Cell::DIMENSIONS.len();
            let (detail, style) = match (lang, table.stakeholders, table.empty) {
                (Lang::Zh, 0, _) => ("：尚無利害關係人".to_owned(), theme.muted),
                (Lang::En, 0, _) => (": no stakeholders yet".to_owned(), theme.muted),
                (Lang::Zh, n, 0) => (format!("：已全部填寫（{n} 位 × 3）"), theme.status[2]),
                (Lang::En, n, 0) => (format!(": all filled ({n} × 3)"), theme.status[2]),
                (Lang::Zh, n, empty) => (
                    format!("：{empty}/{cells} 格空白（{n} 位利害關係人 × 3）"),
                    theme.warning,
                ),
                (Lang::En, n, empty) => (
                    format!(": {empty}/{cells} empty ({n} stakeholders × 3)"),
                    theme.warning,
                ),
            };
            let title_width = max.saturating_sub(width(&detail)).max(4.min(max));
            let title = truncate(&table.title, title_width);
            let row = format!("{title}{detail}");
            if width(&row) > max {
                pieces.push(text(row, style, max));
            } else {
                pieces.push(Piece::Text(Line::from(vec![
                    Span::styled(title, theme.text),
                    Span::styled(detail, style),
                ])));
            }
        }
        if self.stats.tables.len() > 1 {
            let empty: usize = self.stats.tables.iter().map(|t| t.empty).sum();
            let total = match lang {
                Lang::Zh => format!("合計 {empty} 格空白"),
                Lang::En => format!("{empty} empty in all"),
            };
            pieces.push(text(total, theme.muted, max));
        }
        pieces
    }

    /// The content as columns of pieces, with each column's width.
    fn columns(&self, ctx: &Ctx<'_>, area_width: u16, wide: bool) -> Vec<(u16, Vec<Piece>)> {
        let lang = ctx.lang;
        let blank = || Piece::Text(Line::default());
        if wide && area_width > 2 * GAP {
            let gap = GAP;
            let left_width = (area_width - gap) / 2;
            let right_width = area_width - gap - left_width;
            let (lw, rw) = (usize::from(left_width), usize::from(right_width));
            let mut left = self.overall_pieces(lang, ctx, lw);
            left.push(blank());
            left.extend(self.guideline_pieces(lang, ctx, lw));
            let mut right = self.history_pieces(lang, ctx, rw, 5);
            right.push(blank());
            right.extend(self.status_pieces(lang, ctx, rw));
            right.push(blank());
            right.extend(self.review_pieces(lang, ctx, rw));
            right.push(blank());
            right.extend(self.brics_pieces(lang, ctx, rw));
            vec![(left_width, left), (right_width, right)]
        } else {
            let w = usize::from(area_width);
            let mut all = self.overall_pieces(lang, ctx, w);
            all.push(blank());
            all.extend(self.guideline_pieces(lang, ctx, w));
            all.push(blank());
            all.extend(self.history_pieces(lang, ctx, w, 3));
            all.push(blank());
            all.extend(self.status_pieces(lang, ctx, w));
            all.push(blank());
            all.extend(self.review_pieces(lang, ctx, w));
            all.push(blank());
            all.extend(self.brics_pieces(lang, ctx, w));
            vec![(area_width, all)]
        }
    }
}

impl Component for Overview {
    fn draw(&mut self, frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>, focused: bool) {
        self.area = area;
        let theme = ctx.theme;
        let mut block = Block::default()
            .borders(Borders::ALL)
            .title(ctx.lang.pick(" 總覽 ", " Overview "))
            .border_style(if focused { theme.focus } else { theme.border });
        let inner = block.inner(area);
        let columns = if inner.width == 0 || inner.height == 0 {
            Vec::new()
        } else {
            self.columns(ctx, inner.width, area.width >= TWO_COLUMNS)
        };
        let total: usize = columns
            .iter()
            .map(|(_, pieces)| {
                pieces
                    .iter()
                    .map(|p| usize::from(p.height()))
                    .sum::<usize>()
            })
            .max()
            .unwrap_or(0);
        self.content_height = u16::try_from(total).unwrap_or(u16::MAX);
        self.view_height = inner.height;
        self.scroll = self.scroll.min(self.max_scroll());
        if self.max_scroll() > 0 {
            let position = format!(
                " {}–{}/{} ",
                self.scroll + 1,
                (self.scroll + self.view_height).min(self.content_height),
                self.content_height
            );
            block = block.title_bottom(Line::styled(position, theme.muted).right_aligned());
        }
        frame.render_widget(boxed(block, area), area);
        if columns.is_empty() {
            return;
        }
        // Everything is drawn into a buffer as tall as the content, and the visible
        // window is copied: any widget scrolls the same way.
        let content_width =
            columns.iter().map(|(w, _)| *w).sum::<u16>() + GAP * (columns.len() as u16 - 1);
        let mut canvas = Buffer::empty(Rect::new(0, 0, content_width, self.content_height));
        let mut x = 0;
        for (column_width, pieces) in &columns {
            let mut y = 0u16;
            for piece in pieces {
                let height = piece.height().min(self.content_height.saturating_sub(y));
                if height == 0 {
                    break;
                }
                piece.render(Rect::new(x, y, *column_width, height), &mut canvas);
                y += height;
            }
            x += column_width + GAP;
        }
        let rows = inner.height.min(self.content_height - self.scroll);
        let cols = inner.width.min(content_width);
        let scroll = self.scroll;
        pane(frame, inner, |frame| {
            let buffer = frame.buffer_mut();
            for row in 0..rows {
                for col in 0..cols {
                    let target = Position::new(inner.x + col, inner.y + row);
                    if buffer.area.contains(target) {
                        buffer[target] = canvas[(col, row + scroll)].clone();
                    }
                }
            }
        });
    }

    fn key(&mut self, event: &KeyEvent, _model: &mut Model, keys: &Keymap) -> Outcome {
        let candidates = [Action::Up, Action::Down, Action::PageUp, Action::PageDown];
        let Some(action) = keys.first(event, &candidates) else {
            return Outcome::Ignored;
        };
        if self.max_scroll() == 0 {
            return Outcome::Ignored;
        }
        let page = i32::from(self.view_height.saturating_sub(1).max(1));
        self.scroll_by(match action {
            Action::Up => -1,
            Action::Down => 1,
            Action::PageUp => -page,
            _ => page,
        });
        Outcome::Consumed
    }

    fn mouse(&mut self, event: &MouseEvent, _model: &mut Model) -> Outcome {
        if !self.area.contains(Position::new(event.column, event.row)) {
            return Outcome::Ignored;
        }
        match event.kind {
            MouseEventKind::ScrollDown => self.scroll_by(3),
            MouseEventKind::ScrollUp => self.scroll_by(-3),
            _ => return Outcome::Ignored,
        }
        Outcome::Consumed
    }

    fn commands(&self) -> Vec<Action> {
        if self.max_scroll() > 0 {
            // Page up / down work too; the footer keeps room for quit and help.
            vec![Action::Up, Action::Down]
        } else {
            Vec::new()
        }
    }

    fn refresh(&mut self, model: &Model) {
        self.stats = Stats::of(model);
        if self.history_head != Some(model.head) {
            self.start_history(model);
        }
    }

    fn context(&self) -> Context {
        Context::Global
    }

    fn collect(&mut self, model: &Model) -> bool {
        let taken = self.job.take();
        self.history = match taken.items.into_iter().last() {
            Some(Ok(series)) => History::Ready(series),
            Some(Err(message)) => History::Failed(message),
            // Finished without a result: the work failed on its way.
            None if taken.finished && matches!(self.history, History::Computing) => {
                History::Failed(
                    model
                        .lang
                        .pick(
                            "計算歷次完成度時發生錯誤。",
                            "computing the history failed.",
                        )
                        .to_owned(),
                )
            }
            None => return false,
        };
        true
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use ratatui::crossterm::event::KeyCode;

    use super::*;
    use crate::tui::events::Inbox;
    use crate::tui::testing::{FORM, author, model, press, render};

    fn question_ids(model: &Model) -> Vec<String> {
        let mut ids = Vec::new();
        for group in &model.form.groups {
            for item in &group.items {
                ids.extend(item.questions.iter().map(|q| q.id.to_string()));
            }
            ids.extend(group.questions.iter().map(|q| q.id.to_string()));
        }
        ids
    }

    fn item_ids(model: &Model) -> Vec<String> {
        model
            .form
            .groups
            .iter()
            .flat_map(|g| g.items.iter().map(|i| i.id.to_string()))
            .collect()
    }

    fn wait_for_history(overview: &mut Overview, model: &Model) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while !overview.collect(model) {
            assert!(
                Instant::now() < deadline,
                "the history series never arrived"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    #[test]
    fn the_drafts_numbers_show_in_gauge_bars_and_status_counts() {
        let (_dir, mut model) = model(FORM);
        let questions = question_ids(&model);
        let items = item_ids(&model);
        // The official ict-plan form: 16 key questions, 11 checklist items.
        assert_eq!((questions.len(), items.len()), (16, 11));
        let mut overview = Overview::new(&model, Inbox::default().waker());
        overview.refresh(&model);
        assert!(render(&mut overview, &model, 120, 40).contains("0%"));

        for id in &questions[..3] {
            model.set_answer(id, "已訪談使用者");
        }
        model.edit(|a| {
            a.set_status(&items[0], Status::Done);
            a.set_status(&items[1], Status::Partial);
            a.set_status(&items[2], Status::Na);
        });
        overview.refresh(&model);
        let screen = render(&mut overview, &model, 120, 40);
        // (3 answered + 2 settled) / (16 + 11) = 18.5% → 18% (never rounded up).
        assert!(screen.contains("18%"), "{screen}");
        assert!(screen.contains("關鍵問題已回答 3/16"), "{screen}");
        assert!(screen.contains("檢核項目已完成或不適用 2/11"), "{screen}");
        let guidelines = &model.store.catalog().guidelines;
        for group in &model.form.groups {
            let heading = guidelines.guideline(&group.id).unwrap().heading();
            assert!(screen.contains(&heading), "missing {heading}:\n{screen}");
        }
        for expected in [
            "[ ] 未完成 8",
            "[~] 部分完成 1",
            "[x] 已完成 1",
            "[-] 不適用 1",
            "共 11 項",
        ] {
            assert!(screen.contains(expected), "missing {expected}:\n{screen}");
        }
        // The first guideline holds the three answers and the settled items: its row
        // counts what its percentage counts.
        let first = guidelines
            .guideline(&model.form.groups[0].id)
            .unwrap()
            .heading();
        let row = screen.lines().find(|l| l.contains(&first)).unwrap();
        let in_first = model
            .assessment()
            .completion(&model.form, Some(&model.form.groups[0].id));
        assert!(in_first.answered > 0);
        assert!(
            row.contains(&format!("{}%", in_first.percent()))
                && row.contains(&format!(" {}/{}", in_first.done(), in_first.total())),
            "{row}"
        );
    }

    #[test]
    fn empty_brics_cells_are_counted_per_table() {
        let (_dir, mut model) = model(FORM);
        model.edit(|a| {
            a.brics.push(crate::assessment::BricsTable {
                id: "t1".into(),
                title: "報稅服務".into(),
                stakeholders: vec![
                    crate::assessment::Stakeholder {
                        id: "s1".into(),
                        name: "民眾".into(),
                        benefit: "省時".into(),
                        ..Default::default()
                    },
                    crate::assessment::Stakeholder {
                        id: "s2".into(),
                        name: "稅務員".into(),
                        ..Default::default()
                    },
                ],
            });
        });
        let mut overview = Overview::new(&model, Inbox::default().waker());
        overview.refresh(&model);
        let screen = render(&mut overview, &model, 120, 40);
        assert!(
            screen.contains("報稅服務：5/6 格空白（2 位利害關係人 × 3）"),
            "{screen}"
        );
    }

    #[test]
    fn the_history_chart_arrives_from_a_background_thread() {
        let (_dir, mut model) = model(FORM);
        let questions = question_ids(&model);
        for n in 1..=3 {
            for id in &questions[..n * 4] {
                model.set_answer(id, "有");
            }
            model.commit(&format!("第 {n} 版"), &author()).unwrap();
        }
        let mut overview = Overview::new(&model, Inbox::default().waker());
        overview.refresh(&model);
        assert!(render(&mut overview, &model, 80, 24).contains("計算中…"));
        wait_for_history(&mut overview, &model);
        // init + three revisions, oldest first: 0, 4, 8 and 12 of 27.
        let History::Ready(series) = &overview.history else {
            panic!("{:?}", overview.history)
        };
        assert_eq!(
            series,
            &Series {
                values: vec![0, 14, 29, 44],
                revisions: 4
            }
        );
        let screen = render(&mut overview, &model, 120, 40);
        assert!(screen.contains("4 個版本：最初 0% → 最新 44%"), "{screen}");

        // Someone commits: showing the tab again computes the chart anew.
        model.set_answer(&questions[12], "有");
        model.commit("第 4 版", &author()).unwrap();
        overview.refresh(&model);
        assert!(matches!(overview.history, History::Computing));
        wait_for_history(&mut overview, &model);
        let History::Ready(series) = &overview.history else {
            panic!("{:?}", overview.history)
        };
        assert_eq!(series.values.last(), Some(&48));
    }

    #[test]
    fn long_histories_are_sampled_evenly() {
        assert_eq!(sample(3, 200), [0, 1, 2]);
        let picked = sample(1000, 200);
        assert_eq!(picked.len(), 200);
        assert_eq!((picked[0], picked[199]), (0, 999));
        assert!(picked.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn it_renders_at_every_size_and_scrolls_when_taller_than_the_screen() {
        let (_dir, mut model) = model("service");
        let mut overview = Overview::new(&model, Inbox::default().waker());
        overview.refresh(&model);
        wait_for_history(&mut overview, &model);
        for (w, h) in [
            (80, 24),
            (120, 40),
            (60, 16),
            (100, 30),
            (20, 5),
            (3, 3),
            (1, 1),
            (0, 0),
            (200, 2),
        ] {
            render(&mut overview, &model, w, h);
        }

        // 80×24: one column; the gauge and all 13 guideline bars come first.
        let screen = render(&mut overview, &model, 80, 24);
        assert!(
            screen.contains("整體完成度") && screen.contains("0%"),
            "{screen}"
        );
        assert!(
            screen.contains("一、了解使用者需求") && screen.contains("十三、衡量服務績效"),
            "{screen}"
        );
        assert!(!screen.contains("BRiCS 尚未填寫"), "{screen}");
        assert!(overview.commands().contains(&Action::Down));
        assert_eq!(
            press(&mut overview, &mut model, KeyCode::PageDown),
            Outcome::Consumed
        );
        let scrolled = render(&mut overview, &model, 80, 24);
        assert!(
            scrolled.contains("BRiCS 尚未填寫") && scrolled.contains("尚無 BRiCS 表"),
            "{scrolled}"
        );
        assert!(!scrolled.contains("整體完成度"), "{scrolled}");
        press(&mut overview, &mut model, KeyCode::Up);
        press(&mut overview, &mut model, KeyCode::PageUp);
        assert_eq!(render(&mut overview, &model, 80, 24), screen);

        // 120×40: two columns, everything visible, nothing to scroll.
        let wide = render(&mut overview, &model, 120, 40);
        let row = wide.lines().find(|l| l.contains("整體完成度")).unwrap();
        assert!(row.contains("歷次版本完成度"), "{wide}");
        assert!(
            wide.contains("BRiCS 尚未填寫") && wide.contains("十三、衡量服務績效"),
            "{wide}"
        );
        assert!(overview.commands().is_empty());
        assert_eq!(
            press(&mut overview, &mut model, KeyCode::Down),
            Outcome::Ignored
        );
    }
}
