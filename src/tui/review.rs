//! The review tab (審查): the reviewers' comments (審查意見) grouped by the
//! iteration they were written against and by where they stand (待回覆, 再修正,
//! 已回覆, 已變更, 同意), with counts; the selected comment in full — what it is
//! about, who wrote it when, the team's reply (both, when two were written at
//! once) and its history. Keys reply (in the editor the answers use), accept,
//! reopen, write a new comment, and go to what a comment is about.
//!
//! Every action is committed off the UI thread by the model ([`Model::act_on_review`],
//! the store's one review path); what it did comes back as a notice, and the
//! comments shown follow the branch head, teammates' included.
//!
//! What is typed in the editor is kept on disk as it is typed, like an answer
//! ([`Model::write_review`]), until it is sent or emptied; a text left unsent by a
//! session that ended (a dropped connection, a killed process), or whose sending
//! failed, is put back in the editor ([`Component::resume_review`]).

use ratatui::Frame;
use ratatui::crossterm::event::{KeyEvent, MouseEvent, MouseEventKind};
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::area::{boxed, pane};
use super::component::{Ask, Component, Ctx, Outcome, Request, answered};
use super::editor::{Edit, Editor};
use super::keymap::{Action, Context, Keymap};
use super::model::Model;
use super::reviews::{Act, Done, new_comment};
use super::text::Wrapped;
use super::text::{block, line, truncate, width, wrap};
use super::theme::Theme;
use crate::form::Form;
use crate::i18n::Lang;
use crate::review::{
    Applied, Comment, Counts, Review, ReviewError, Standing, State, Target, TargetError,
};
use crate::store::{Purpose, StoreError, UnsentReview};

/// A row of the comment list.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Row {
    /// An iteration's heading: its tag, how many of its comments stand where, and
    /// how many are shown (fewer with the open-only filter).
    Iteration {
        tag: String,
        counts: Counts,
        shown: usize,
    },
    /// A standing's heading within an iteration, with how many are shown.
    Standing { standing: Standing, count: usize },
    /// A comment, by index into the review's comments.
    Comment(usize),
}

/// Which pane has the keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pane {
    List,
    Detail,
}

/// What the open editor writes.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Writes {
    /// The team's reply to comment `id`; `seen` is the reply shown when it opened.
    Reply {
        id: String,
        number: u32,
        seen: Option<String>,
    },
    /// Why comment `id` needs more (再修正).
    Reopen { id: String, number: u32 },
    /// A new comment on `target`.
    New { target: Target },
}

/// The open editor: what it writes, the text that would change nothing, the editor.
struct Writing {
    writes: Writes,
    /// What the text is about: the new comment's target, or the target of the
    /// comment replied to or reopened.
    about: Target,
    /// The iteration tag it is written against (a new comment's: the latest when
    /// the editor opened).
    iteration: String,
    /// Sending this would change nothing (the reply as it stands); `None` when
    /// any text does (two replies wait to be made one).
    unchanged: Option<String>,
    editor: Editor,
}

/// The review tab.
pub struct ReviewTab {
    /// Only comments still needing the team (待回覆, 再修正).
    open_only: bool,
    rows: Vec<Row>,
    /// Index into `rows`: a comment row whenever there is one.
    selected: usize,
    /// The selected comment's id, to keep it selected when the list changes.
    selected_id: Option<String>,
    scroll: usize,
    pane: Pane,
    detail_scroll: u16,
    list_area: Rect,
    writing: Option<Writing>,
    /// The new comment's target was asked for.
    asked: Option<()>,
}

impl ReviewTab {
    /// The tab on the first comment.
    pub fn new(model: &Model) -> ReviewTab {
        let mut tab = ReviewTab {
            open_only: false,
            rows: Vec::new(),
            selected: 0,
            selected_id: None,
            scroll: 0,
            pane: Pane::List,
            detail_scroll: 0,
            list_area: Rect::default(),
            writing: None,
            asked: None,
        };
        tab.rebuild(model);
        tab
    }

    /// The rows for the review as it is now, newest iteration first; the same
    /// comment stays selected.
    fn rebuild(&mut self, model: &Model) {
        let review = &model.reviews.review;
        let assessment = model.head_assessment();
        let mut rows = Vec::new();
        let mut iterations = review.iterations();
        iterations.reverse();
        for tag in iterations {
            let of_iteration: Vec<(usize, Standing)> = review
                .comments
                .iter()
                .enumerate()
                .filter(|(_, c)| c.iteration == tag)
                .map(|(n, c)| (n, c.standing(assessment)))
                .collect();
            let counts = Review::count(
                of_iteration.iter().map(|(n, _)| &review.comments[*n]),
                assessment,
            );
            let shown: Vec<(usize, Standing)> = of_iteration
                .into_iter()
                .filter(|(_, standing)| !self.open_only || standing.is_open())
                .collect();
            if shown.is_empty() {
                continue;
            }
            rows.push(Row::Iteration {
                tag: tag.to_owned(),
                counts,
                shown: shown.len(),
            });
            for standing in Standing::ALL {
                let group: Vec<usize> = shown
                    .iter()
                    .filter(|(_, s)| *s == standing)
                    .map(|(n, _)| *n)
                    .collect();
                if group.is_empty() {
                    continue;
                }
                rows.push(Row::Standing {
                    standing,
                    count: group.len(),
                });
                rows.extend(group.into_iter().map(Row::Comment));
            }
        }
        self.rows = rows;
        let keep = self.selected_id.as_deref().and_then(|id| {
            self.rows
                .iter()
                .position(|row| matches!(row, Row::Comment(n) if review.comments[*n].id == id))
        });
        self.selected = match keep {
            Some(at) => at,
            None => self
                .comment_rows()
                .find(|at| *at >= self.selected)
                .or_else(|| self.comment_rows().last())
                .unwrap_or(0),
        };
        self.remember(model);
    }

    /// Where the comment rows are.
    fn comment_rows(&self) -> impl DoubleEndedIterator<Item = usize> + '_ {
        self.rows
            .iter()
            .enumerate()
            .filter(|(_, row)| matches!(row, Row::Comment(_)))
            .map(|(at, _)| at)
    }

    fn remember(&mut self, model: &Model) {
        let id = self.comment(model).map(|c| c.id.clone());
        if id != self.selected_id {
            self.detail_scroll = 0;
        }
        self.selected_id = id;
    }

    /// The selected comment.
    fn comment<'m>(&self, model: &'m Model) -> Option<&'m Comment> {
        match self.rows.get(self.selected)? {
            Row::Comment(n) => model.reviews.review.comments.get(*n),
            _ => None,
        }
    }

    /// Moves the selection by `delta` comments.
    fn move_by(&mut self, delta: isize, model: &Model) {
        let rows: Vec<usize> = self.comment_rows().collect();
        if rows.is_empty() {
            return;
        }
        let here = rows.iter().position(|at| *at == self.selected).unwrap_or(0) as isize;
        let last = rows.len() as isize - 1;
        self.selected = rows[(here + delta).clamp(0, last) as usize];
        self.remember(model);
    }

    /// Opens the editor writing `writes` about `about` (written against
    /// `iteration`), holding `text`; sending `unchanged` would change nothing. A
    /// review text still in hand (being sent, or waiting to be sent again) comes
    /// first: the editor then opens on that one.
    fn write(
        &mut self,
        writes: Writes,
        (about, iteration): (Target, String),
        text: &str,
        unchanged: Option<String>,
        model: &mut Model,
        keys: &Keymap,
    ) -> Outcome {
        if model.sending_review() {
            return Outcome::Request(Request::Notice(
                model
                    .lang
                    .pick(
                        "上一則審查文字仍在送出中，請稍候再試。",
                        "the last review text is still being sent; try again in a moment.",
                    )
                    .to_owned(),
            ));
        }
        if let Some(notice) = self.resume_review(model, keys) {
            return Outcome::Request(Request::Notice(notice));
        }
        self.open_editor(writes, (about, iteration), text, unchanged);
        Outcome::Consumed
    }

    fn open_editor(
        &mut self,
        writes: Writes,
        (about, iteration): (Target, String),
        text: &str,
        unchanged: Option<String>,
    ) {
        self.writing = Some(Writing {
            writes,
            about,
            iteration,
            editor: Editor::new(text),
            unchanged,
        });
        self.pane = Pane::Detail;
    }

    /// The editor's text changed: it is kept on disk.
    fn keep(&self, model: &mut Model) {
        if let Some(writing) = &self.writing {
            model.write_review(kept(writing));
        }
    }

    /// Closes the editor and sends what it wrote: nothing when it is empty or as it
    /// started.
    fn send(&mut self, model: &mut Model) -> Option<String> {
        let writing = self.writing.take()?;
        self.pane = Pane::List;
        let text = writing.editor.text();
        let lang = model.lang;
        if text.trim().is_empty() {
            model.cancel_review();
            return Some(
                match writing.writes {
                    Writes::Reopen { .. } => lang.pick(
                        "沒有寫理由，未要求再修正。",
                        "no reason written; the comment was not reopened.",
                    ),
                    _ => lang.pick("內容是空的，沒有送出。", "nothing written; nothing sent."),
                }
                .to_owned(),
            );
        }
        if writing.unchanged.as_ref() == Some(&text) {
            model.cancel_review();
            return Some(
                lang.pick(
                    "回覆沒有改變，沒有送出。",
                    "the reply is unchanged; nothing sent.",
                )
                .to_owned(),
            );
        }
        let act = match writing.writes {
            Writes::Reply { id, seen, .. } => Act::Reply { id, text, seen },
            Writes::Reopen { id, .. } => Act::Reopen { id, text },
            Writes::New { target } => new_comment(target, writing.iteration, text),
        };
        model.send_review(act);
        Some(
            lang.pick("審查意見送出中…", "sending the review action…")
                .to_owned(),
        )
    }

    /// Asks for the target of a new comment, starting from `initial`.
    fn ask_target(&mut self, title: String, initial: String) -> Outcome {
        self.asked = Some(());
        Outcome::Request(Request::Ask(Ask { title, initial }))
    }

    fn list_key(&mut self, action: Action, model: &mut Model, keys: &Keymap) -> Outcome {
        let lang = model.lang;
        let page = self.list_area.height.saturating_sub(2).max(1) as isize;
        match action {
            Action::Up => self.move_by(-1, model),
            Action::Down => self.move_by(1, model),
            Action::PageUp => self.move_by(-page, model),
            Action::PageDown => self.move_by(page, model),
            Action::Top => self.move_by(isize::MIN / 2, model),
            Action::Bottom => self.move_by(isize::MAX / 2, model),
            Action::Filter => {
                self.open_only = !self.open_only;
                self.rebuild(model);
                let filter = keys.label(Action::Filter);
                return Outcome::Request(Request::Notice(match (self.open_only, lang) {
                    (true, Lang::Zh) => {
                        format!("只顯示待回覆與再修正的意見（{filter} 顯示全部）。")
                    }
                    (true, Lang::En) => {
                        format!("showing open and reopened comments only ({filter} shows all).")
                    }
                    (false, Lang::Zh) => "顯示全部審查意見。".to_owned(),
                    (false, Lang::En) => "showing every comment.".to_owned(),
                }));
            }
            Action::NewComment => {
                let title = match (&model.reviews.latest, lang) {
                    (Some((tag, _)), Lang::Zh) => format!(
                        "新增意見（{}）的對象：7.3.2、7.3、meta/欄位、brics/表…、general",
                        line(tag)
                    ),
                    (Some((tag, _)), Lang::En) => format!(
                        "New comment ({}) on: 7.3.2, 7.3, meta/FIELD, brics/TABLE…, general",
                        line(tag)
                    ),
                    (None, _) => lang
                        .pick(
                            "新增意見的對象：7.3.2、7.3、meta/欄位、brics/表…、general",
                            "New comment on: 7.3.2, 7.3, meta/FIELD, brics/TABLE…, general",
                        )
                        .to_owned(),
                };
                return self.ask_target(title, String::new());
            }
            Action::Edit | Action::Reply | Action::Accept | Action::Reopen => {
                let Some(comment) = self.comment(model) else {
                    let new = keys.label(Action::NewComment);
                    return Outcome::Request(Request::Notice(match lang {
                        Lang::Zh => format!("沒有選取審查意見；按 {new} 新增。"),
                        Lang::En => format!("no comment selected; {new} writes one."),
                    }));
                };
                let comment = comment.clone();
                return self.on_comment(action, &comment, model, keys);
            }
            _ => return Outcome::Ignored,
        }
        Outcome::Consumed
    }

    fn on_comment(
        &mut self,
        action: Action,
        comment: &Comment,
        model: &mut Model,
        keys: &Keymap,
    ) -> Outcome {
        let lang = model.lang;
        let (id, number) = (comment.id.clone(), comment.number);
        match action {
            Action::Edit => match &comment.target {
                Target::General => Outcome::Request(Request::Notice(
                    lang.pick(
                        "這則是對整份評估的意見，沒有特定題目。",
                        "this comment is about the whole assessment, not one place in it.",
                    )
                    .to_owned(),
                )),
                Target::Meta(field) => {
                    let label = model
                        .form
                        .field(field)
                        .map_or_else(|| field.clone(), |f| f.label.to_string());
                    let quit = keys.label(Action::Quit);
                    Outcome::Request(Request::Notice(match lang {
                        Lang::Zh => format!(
                            "表頭欄位「{}」不在工作台中編輯：請離開（{quit}）後在指令列以 dsw meta {} 修改。",
                            line(&label),
                            line(field)
                        ),
                        Lang::En => format!(
                            "the header field \"{}\" is not edited in the workbench: quit ({quit}) and use dsw meta {} at the command line.",
                            line(&label),
                            line(field)
                        ),
                    }))
                }
                target => Outcome::Request(Request::Show(target.clone())),
            },
            Action::Reply => {
                let seen = comment.reply.as_ref().map(|r| r.text.clone());
                // Two replies written at once: both are in the editor, to be made
                // one; sending them as they are settles it too.
                let mut text = seen.clone().unwrap_or_default();
                for other in &comment.other_replies {
                    if !text.is_empty() {
                        text.push_str("\n\n");
                    }
                    text.push_str(&other.text);
                }
                let unchanged = (!comment.reply_conflicts()).then(|| text.clone());
                let about = (comment.target.clone(), comment.iteration.clone());
                self.write(
                    Writes::Reply { id, number, seen },
                    about,
                    &text,
                    unchanged,
                    model,
                    keys,
                )
            }
            Action::Accept => {
                if comment.reply.is_none() && comment.state != State::Accepted {
                    let reply = keys.label(Action::Reply);
                    return Outcome::Request(Request::Notice(match lang {
                        Lang::Zh => {
                            format!("審查意見 {number} 尚未回覆，無從同意：請先按 {reply} 回覆。")
                        }
                        Lang::En => format!(
                            "comment {number} has no reply to accept yet: {reply} to reply first."
                        ),
                    }));
                }
                model.act_on_review(Act::Accept { id });
                Outcome::Request(Request::Notice(
                    lang.pick("審查意見送出中…", "sending the review action…")
                        .to_owned(),
                ))
            }
            Action::Reopen => {
                let about = (comment.target.clone(), comment.iteration.clone());
                self.write(Writes::Reopen { id, number }, about, "", None, model, keys)
            }
            _ => Outcome::Ignored,
        }
    }

    fn draw_list(&mut self, frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>, focused: bool) {
        self.list_area = area;
        let theme = ctx.theme;
        let lang = ctx.lang;
        let model = ctx.model;
        let review = &model.reviews.review;
        let shown = self.comment_rows().count();
        let title = match (self.open_only, lang) {
            (true, Lang::Zh) => format!(" 待回覆 {shown} "),
            (true, Lang::En) => format!(" Open {shown} "),
            (false, Lang::Zh) => format!(" 審查意見 {shown} "),
            (false, Lang::En) => format!(" Comments {shown} "),
        };
        let block = Block::default()
            .borders(Borders::ALL)
            .title(title)
            .border_style(if focused { theme.focus } else { theme.border });
        let inner = block.inner(area);
        frame.render_widget(boxed(block, area), area);
        let height = usize::from(inner.height);
        let max = usize::from(inner.width);
        if height == 0 || max == 0 {
            return;
        }
        if self.rows.is_empty() {
            let new = ctx.keys.label(Action::NewComment);
            let text = match (self.open_only, review.comments.len(), lang) {
                (_, 0, Lang::Zh) => format!("尚無審查意見。按 {new} 新增。"),
                (_, 0, Lang::En) => format!("No comments yet. {new} writes one."),
                (_, all, Lang::Zh) => format!(
                    "沒有待回覆的意見。按 {} 顯示全部 {all} 則。",
                    ctx.keys.label(Action::Filter)
                ),
                (_, all, Lang::En) => format!(
                    "No open comments. {} shows all {all}.",
                    ctx.keys.label(Action::Filter)
                ),
            };
            frame.render_widget(Wrapped::new(text).style(theme.muted), inner);
            return;
        }
        // A list that got shorter (a filter, comments gone from the branch) is not
        // left scrolled past rows that now fit above.
        self.scroll = self.scroll.min(self.rows.len().saturating_sub(height));
        // The headings above the selection stay in view when they can.
        if self.selected < self.scroll {
            self.scroll = self.selected.saturating_sub(2);
        }
        if self.selected >= self.scroll + height {
            self.scroll = self.selected + 1 - height;
        }
        let assessment = model.head_assessment();
        let lines: Vec<Line<'_>> = self
            .rows
            .iter()
            .enumerate()
            .skip(self.scroll)
            .take(height)
            .map(|(at, row)| {
                let (text, style) = match row {
                    Row::Iteration { tag, counts, shown } => {
                        let tag = if tag.is_empty() {
                            lang.pick("未指定送審版本", "no iteration").to_owned()
                        } else {
                            line(tag)
                        };
                        let total = counts.total();
                        let text = match (lang, *shown == total) {
                            (Lang::Zh, true) => format!("{tag}（{total} 則）"),
                            (Lang::En, true) => format!("{tag} ({total})"),
                            // The open-only filter: how many of them are listed.
                            (Lang::Zh, false) => format!("{tag}（{shown}／{total} 則）"),
                            (Lang::En, false) => format!("{tag} ({shown} of {total})"),
                        };
                        (text, theme.accent)
                    }
                    Row::Standing { standing, count } => (
                        format!(" {} {count}", standing.label(lang)),
                        standing_style(theme, *standing),
                    ),
                    Row::Comment(n) => {
                        // Rows are rebuilt whenever the review changes; a row from
                        // before that would be drawn empty rather than wrong.
                        let Some(comment) = review.comments.get(*n) else {
                            return Line::default();
                        };
                        let first = comment.text.lines().next().unwrap_or("");
                        let text = format!(
                            "   #{} {} {}",
                            comment.number,
                            short_target(&comment.target, &model.form, lang),
                            line(first)
                        );
                        let style = if comment.reply_conflicts() {
                            theme.warning
                        } else if comment.standing(assessment).is_open() {
                            theme.text
                        } else {
                            theme.muted
                        };
                        (text, style)
                    }
                };
                let text = truncate(&text, max);
                if at == self.selected {
                    let pad = " ".repeat(max.saturating_sub(width(&text)));
                    Line::from(Span::styled(format!("{text}{pad}"), theme.selection))
                } else {
                    Line::from(Span::styled(text, style))
                }
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), inner);
    }

    fn draw_detail(&mut self, frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>, focused: bool) {
        let theme = ctx.theme;
        let lang = ctx.lang;
        let model = ctx.model;
        if let Some(writing) = &mut self.writing {
            draw_writing(frame, area, ctx, writing);
            return;
        }
        let block = Block::default()
            .borders(Borders::ALL)
            .title(lang.pick(" 意見內容 ", " Comment "))
            .border_style(if focused { theme.focus } else { theme.border });
        let mut lines: Vec<Line<'_>> = Vec::new();
        if let Some(error) = &model.reviews.error {
            let error = format!("⚠ {}", super::text::block(error));
            lines.extend(
                error
                    .split('\n')
                    .map(|row| Line::styled(row.to_owned(), theme.warning)),
            );
            lines.push(Line::default());
        }
        if let Some(comment) = self.comment(model) {
            detail_lines(&mut lines, comment, ctx);
        }
        frame.render_widget(
            Wrapped::new(lines)
                .block(boxed(block, area))
                .scroll(self.detail_scroll),
            area,
        );
    }
}

/// What the editor writes, above it, and the editor.
fn draw_writing(frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>, writing: &mut Writing) {
    let theme = ctx.theme;
    let lang = ctx.lang;
    let model = ctx.model;
    let send = ctx.keys.label_in(Context::Comment, Action::Finish);
    let (about, title) = match &writing.writes {
        Writes::Reply { id, number, .. } => (
            comment_by_id(model, id).map(|c| c.text.clone()),
            match lang {
                Lang::Zh => format!(" 回覆審查意見 {number}（{send} 送出，清空則取消） "),
                Lang::En => format!(" Reply to comment {number} ({send} sends; empty cancels) "),
            },
        ),
        Writes::Reopen { id, number } => (
            comment_by_id(model, id).map(|c| c.text.clone()),
            match lang {
                Lang::Zh => {
                    format!(" 要求再修正審查意見 {number}：理由（{send} 送出，清空則取消） ")
                }
                Lang::En => {
                    format!(" Reopen comment {number}: why ({send} sends; empty cancels) ")
                }
            },
        ),
        Writes::New { target } => (
            Some(target.describe(&model.form, model.assessment(), lang)),
            match lang {
                Lang::Zh => format!(" 新增審查意見（{send} 送出，清空則取消） "),
                Lang::En => format!(" New comment ({send} sends; empty cancels) "),
            },
        ),
    };
    let about = block(about.as_deref().unwrap_or(""));
    let rows = wrap(&about, usize::from(area.width.max(1)));
    let top = u16::try_from(rows.len())
        .unwrap_or(u16::MAX)
        .min(area.height / 3);
    let [above, below] =
        Layout::vertical([Constraint::Length(top), Constraint::Min(3)]).areas(area);
    frame.render_widget(Wrapped::new(about).style(theme.muted), above);
    writing.editor.draw(frame, below, &title, theme);
}

fn comment_by_id<'m>(model: &'m Model, id: &str) -> Option<&'m Comment> {
    model.reviews.review.comments.iter().find(|c| c.id == id)
}

/// The selected comment in full.
fn detail_lines<'a>(lines: &mut Vec<Line<'a>>, comment: &Comment, ctx: &Ctx<'_>) {
    let theme = ctx.theme;
    let lang = ctx.lang;
    let model = ctx.model;
    let assessment = model.head_assessment();
    let standing = comment.standing(assessment);
    let colon = lang.colon();
    lines.push(Line::from(vec![
        Span::styled(comment.title(lang), theme.accent),
        Span::styled(" · ", theme.muted),
        Span::styled(standing.label(lang), standing_style(theme, standing)),
    ]));
    let field = |label: &str, value: String, style: Style| {
        Line::from(vec![
            Span::styled(format!("{label}{colon}"), theme.muted),
            Span::styled(value, style),
        ])
    };
    lines.push(field(
        lang.pick("對象", "About"),
        line(&comment.target.describe(&model.form, assessment, lang)),
        theme.text,
    ));
    if !comment.iteration.is_empty() {
        lines.push(field(
            lang.pick("送審版本", "Iteration"),
            line(&comment.iteration),
            theme.text,
        ));
    }
    lines.push(field(
        lang.pick("審查委員", "Reviewer"),
        format!(
            "{} · {}",
            line(&comment.reviewer),
            short_date(&comment.date)
        ),
        theme.text,
    ));
    lines.push(Line::default());
    lines.push(Line::styled(lang.pick("意見", "Comment"), theme.muted));
    push_block(lines, &comment.text, theme.text);
    lines.push(Line::default());
    match &comment.reply {
        Some(reply) => {
            lines.push(Line::styled(
                format!(
                    "{}{}",
                    lang.pick("回覆", "Reply"),
                    lang.parenthesized(&format!(
                        "{} · {}",
                        line(&reply.by),
                        short_date(&reply.date)
                    ))
                ),
                theme.muted,
            ));
            push_block(lines, &reply.text, theme.text);
        }
        None => {
            let reply = ctx.keys.label(Action::Reply);
            lines.push(Line::styled(
                match lang {
                    Lang::Zh => format!("（尚未回覆；按 {reply} 回覆）"),
                    Lang::En => format!("(no reply yet; {reply} to reply)"),
                },
                theme.muted,
            ));
        }
    }
    if comment.reply_conflicts() {
        lines.push(Line::default());
        let reply = ctx.keys.label(Action::Reply);
        lines.push(Line::styled(
            match lang {
                Lang::Zh => format!(
                    "⚠ 同時還有另一個回覆，兩個都保留；請按 {reply} 把它們寫成一個："
                ),
                Lang::En => format!(
                    "⚠ Another reply was written at the same time; both are kept. {reply} to make them one:"
                ),
            },
            theme.warning,
        ));
        for other in &comment.other_replies {
            lines.push(Line::styled(
                format!("{} · {}", line(&other.by), short_date(&other.date)),
                theme.warning,
            ));
            push_block(lines, &other.text, theme.text);
        }
    }
    lines.push(Line::default());
    lines.push(Line::styled(lang.pick("歷程", "History"), theme.muted));
    for step in &comment.history {
        let mut text = format!(
            "  {} {} {}",
            short_date(&step.date),
            state_label(step.state, lang),
            line(&step.by)
        );
        if !step.note.is_empty() {
            text += &format!("{colon}{}", line(&step.note));
        }
        lines.push(Line::styled(text, theme.text));
    }
}

/// Repository text as indented lines, made safe.
fn push_block(lines: &mut Vec<Line<'_>>, text: &str, style: Style) {
    for row in block(text).split('\n') {
        lines.push(Line::styled(format!("  {row}"), style));
    }
}

/// The word for a stored state.
fn state_label(state: State, lang: Lang) -> &'static str {
    match state {
        State::Open => Standing::Open,
        State::Replied => Standing::Replied,
        State::Accepted => Standing::Accepted,
        State::Reopened => Standing::Reopened,
    }
    .label(lang)
}

/// How a standing is coloured: what needs the team stands out.
pub fn standing_style(theme: &Theme, standing: Standing) -> Style {
    match standing {
        Standing::Open | Standing::Reopened | Standing::Changed => theme.warning,
        Standing::Replied => theme.accent,
        Standing::Accepted => theme.status[2],
    }
}

/// A target in a few cells, for the list: the question or item id, the header
/// field's label, `BRiCS`, or 整體.
fn short_target(target: &Target, form: &Form, lang: Lang) -> String {
    match target {
        Target::General => lang.pick("整體", "general").to_owned(),
        Target::Question(id) | Target::Item(id) => line(id),
        Target::Meta(field) => form
            .field(field)
            .map_or_else(|| line(field), |f| f.label.to_string()),
        Target::Brics { .. } => "BRiCS".to_owned(),
    }
}

/// `2026-12-01 10:00` from RFC 3339 (anything else as it is, made safe).
pub fn short_date(date: &str) -> String {
    match (date.get(..10), date.get(10..11), date.get(11..16)) {
        (Some(day), Some("T"), Some(time)) => format!("{day} {time}"),
        _ => line(date),
    }
}

/// What a review action did, in the status line, as `dsw review` says it but with
/// this window's keys; `true` when it must not be missed (two replies written to
/// one comment at once: both are kept, and someone has to make them one).
pub fn outcome(done: &Done, keys: &Keymap, lang: Lang) -> (String, bool) {
    match &done.result {
        Ok(reviewed) => match &reviewed.applied {
            Applied::Replied { number, others } if !others.is_empty() => {
                let names: Vec<String> = others.iter().map(|r| line(&r.by)).collect();
                let (tab, reply) = (review_tab_key(keys), keys.label(Action::Reply));
                let text = match lang {
                    Lang::Zh => format!(
                        "⚠ 審查意見 {number} 剛由 {} 回覆了不同的內容：兩個回覆都已保存。請在審查分頁（{tab}）看過兩者，按 {reply} 寫成一個回覆。",
                        names.join("、")
                    ),
                    Lang::En => format!(
                        "⚠ comment {number} was just replied to differently by {}: both replies are kept. Read both in the review tab ({tab}) and press {reply} to make them one.",
                        names.join(", ")
                    ),
                };
                (text, true)
            }
            applied => {
                let mut text = applied.describe(lang);
                if let Some(note) = reviewed.worktree.describe(lang) {
                    text = format!("{text}{}{note}", lang.pick("。", ". "));
                }
                (text, false)
            }
        },
        Err(StoreError::Review(ReviewError::NothingToAccept(number))) => {
            let reply = keys.label(Action::Reply);
            let text = match lang {
                Lang::Zh => format!("審查意見 {number} 尚未回覆，無從同意：請先按 {reply} 回覆。"),
                Lang::En => {
                    format!("comment {number} has no reply to accept yet: {reply} to reply first.")
                }
            };
            (text, false)
        }
        Err(StoreError::Review(ReviewError::RepliesToSettle(number))) => {
            let reply = keys.label(Action::Reply);
            let text = match lang {
                Lang::Zh => format!(
                    "審查意見 {number} 的兩個回覆尚未整合成一個：請先按 {reply} 整合，再同意。"
                ),
                Lang::En => format!(
                    "comment {number} has two replies not yet made one: {reply} to settle them, then accept."
                ),
            };
            (text, false)
        }
        Err(StoreError::Review(ReviewError::UnknownComment { key, .. })) => {
            let text = match lang {
                Lang::Zh => format!("分支上沒有審查意見 {}；清單已更新。", line(key)),
                Lang::En => format!(
                    "there is no comment {} on the branch; the list is up to date now.",
                    line(key)
                ),
            };
            (text, false)
        }
        // The store's words are a commit's (the draft kept, Ctrl-S again): a review
        // action's text is kept by the editor, and Esc sends it again.
        Err(StoreError::Locked(branch)) => {
            let text = match lang {
                Lang::Zh => format!(
                    "分支 {branch} 被另一個 git 程序鎖住超過 1 秒，沒有送出。若沒有其他 git 程序在執行，請刪除 .git/{branch}.lock。"
                ),
                Lang::En => format!(
                    "branch {branch} stayed locked by another git process for over a second, so nothing was sent. If no git process is running, remove .git/{branch}.lock."
                ),
            };
            (text, false)
        }
        Err(error) => (super::hint::store_message(error, keys, lang), false),
    }
}

/// The key that shows this tab.
fn review_tab_key(keys: &Keymap) -> String {
    super::tabs::TABS
        .iter()
        .position(|tab| tab.action == "tab_reviews")
        .map_or_else(String::new, |n| keys.label(Action::Tab(n)))
}

/// The prompt's title when a typed target names nothing: the closest is offered.
fn target_error_title(error: &TargetError, keys: &Keymap, lang: Lang) -> String {
    let typed = truncate(&line(&error.typed), 16);
    let submit = keys.label(Action::Submit);
    match (&error.closest, lang) {
        (Some(closest), Lang::Zh) => format!(
            "沒有「{typed}」；最接近的是 {}（{submit} 採用）",
            truncate(&line(closest), 24)
        ),
        (Some(closest), Lang::En) => format!(
            "No \"{typed}\"; the closest is {} ({submit} takes it)",
            truncate(&line(closest), 24)
        ),
        (None, Lang::Zh) => format!("沒有「{typed}」：7.3.2、7.3、meta/欄位、brics/表…、general"),
        (None, Lang::En) => {
            format!("No \"{typed}\": 7.3.2, 7.3, meta/FIELD, brics/TABLE…, general")
        }
    }
}

impl Component for ReviewTab {
    fn draw(&mut self, frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>, focused: bool) {
        let lang = ctx.lang;
        let model = ctx.model;
        let review = &model.reviews.review;
        let counts = Review::count(&review.comments, model.head_assessment());
        let mut summary = match lang {
            Lang::Zh => format!("審查意見 {} 則：{}", counts.total(), counts.describe(lang)),
            Lang::En => format!("{} comments: {}", counts.total(), counts.describe(lang)),
        };
        if model.reviews.pending() {
            summary += lang.pick("　送出中…", "  sending…");
        }
        let summary_rows = wrap(&summary, usize::from(area.width.max(1)));
        let summary_height = u16::try_from(summary_rows.len()).unwrap_or(2).min(2);
        let [top, body] =
            Layout::vertical([Constraint::Length(summary_height), Constraint::Min(3)]).areas(area);
        let summary_lines: Vec<Line<'_>> = summary_rows
            .into_iter()
            .map(|row| Line::styled(row, ctx.theme.accent))
            .collect();
        pane(frame, top, |frame| {
            frame.render_widget(Paragraph::new(summary_lines), top);
        });
        let list_width = (body.width * 2 / 5).max(30).min(body.width);
        let [list, detail] =
            Layout::horizontal([Constraint::Length(list_width), Constraint::Min(0)]).areas(body);
        let on = |which| focused && self.pane == which;
        let (list_focused, detail_focused) = (on(Pane::List), on(Pane::Detail));
        pane(frame, list, |frame| {
            self.draw_list(frame, list, ctx, list_focused);
        });
        pane(frame, detail, |frame| {
            self.draw_detail(frame, detail, ctx, detail_focused);
        });
    }

    fn key(&mut self, event: &KeyEvent, model: &mut Model, keys: &Keymap) -> Outcome {
        if let Some(writing) = &mut self.writing {
            return match writing.editor.key(event, keys) {
                Edit::Done => match self.send(model) {
                    Some(text) => Outcome::Request(Request::Notice(text)),
                    None => Outcome::Consumed,
                },
                Edit::Changed => {
                    self.keep(model);
                    Outcome::Consumed
                }
                Edit::Unchanged => Outcome::Consumed,
            };
        }
        let candidates = [
            Action::Up,
            Action::Down,
            Action::Top,
            Action::Bottom,
            Action::PageUp,
            Action::PageDown,
            Action::NextPane,
            Action::PrevPane,
            Action::Edit,
            Action::Reply,
            Action::Accept,
            Action::Reopen,
            Action::NewComment,
            Action::Filter,
        ];
        let Some(action) = keys.first(event, &candidates) else {
            return Outcome::Ignored;
        };
        match action {
            Action::NextPane | Action::PrevPane => {
                self.pane = match self.pane {
                    Pane::List => Pane::Detail,
                    Pane::Detail => Pane::List,
                };
                Outcome::Consumed
            }
            Action::Up | Action::Down | Action::PageUp | Action::PageDown | Action::Top
                if self.pane == Pane::Detail =>
            {
                self.detail_scroll = match action {
                    Action::Up => self.detail_scroll.saturating_sub(1),
                    Action::Down => self.detail_scroll.saturating_add(1),
                    Action::PageUp => self.detail_scroll.saturating_sub(10),
                    Action::PageDown => self.detail_scroll.saturating_add(10),
                    _ => 0,
                };
                Outcome::Consumed
            }
            _ => self.list_key(action, model, keys),
        }
    }

    fn paste(&mut self, text: &str, model: &mut Model) -> Outcome {
        let Some(writing) = &mut self.writing else {
            return Outcome::Ignored;
        };
        if !writing.editor.paste_fits(text) {
            return Outcome::Request(Request::Notice(Editor::too_long(model.lang)));
        }
        writing.editor.paste(text);
        self.keep(model);
        Outcome::Consumed
    }

    fn mouse(&mut self, event: &MouseEvent, model: &mut Model) -> Outcome {
        if self.writing.is_some() {
            return Outcome::Ignored;
        }
        let inside = self.list_area.contains(Position {
            x: event.column,
            y: event.row,
        });
        match event.kind {
            MouseEventKind::Down(_) if inside => {
                let at = usize::from(event.row.saturating_sub(self.list_area.y + 1)) + self.scroll;
                if matches!(self.rows.get(at), Some(Row::Comment(_))) {
                    self.selected = at;
                    self.pane = Pane::List;
                    self.remember(model);
                }
                Outcome::Consumed
            }
            MouseEventKind::ScrollDown => {
                self.move_by(3, model);
                Outcome::Consumed
            }
            MouseEventKind::ScrollUp => {
                self.move_by(-3, model);
                Outcome::Consumed
            }
            _ => Outcome::Ignored,
        }
    }

    fn answer(&mut self, answer: Option<&str>, model: &mut Model, keys: &Keymap) -> Outcome {
        let Some(((), typed)) = answered(&mut self.asked, answer) else {
            return Outcome::Consumed;
        };
        match Target::resolve(&typed, &model.form, model.assessment()) {
            Ok(target) => {
                let iteration = model
                    .reviews
                    .latest
                    .as_ref()
                    .map(|(tag, _)| tag.clone())
                    .unwrap_or_default();
                let about = (target.clone(), iteration);
                self.write(Writes::New { target }, about, "", None, model, keys)
            }
            Err(error) => {
                let title = target_error_title(&error, keys, model.lang);
                let initial = error.closest.clone().unwrap_or(typed);
                self.ask_target(title, initial)
            }
        }
    }

    fn context(&self) -> Context {
        if self.writing.is_some() {
            Context::Comment
        } else {
            Context::Review
        }
    }

    fn commands(&self) -> Vec<Action> {
        if self.writing.is_some() {
            return vec![Action::Finish];
        }
        vec![
            Action::Edit,
            Action::Reply,
            Action::Accept,
            Action::Reopen,
            Action::NewComment,
            Action::Filter,
            Action::NextPane,
        ]
    }

    fn cursor(&self) -> Option<Position> {
        self.writing.as_ref().and_then(|w| w.editor.cursor())
    }

    fn finish_editing(&mut self, model: &mut Model) {
        // Leaving the tab sends what was written, as the editor's own key does.
        let _ = self.send(model);
    }

    fn refresh(&mut self, model: &Model) {
        self.rebuild(model);
    }

    fn resume_review(&mut self, model: &mut Model, keys: &Keymap) -> Option<String> {
        if self.writing.is_some() || self.asked.is_some() {
            return None;
        }
        let (unsent, failed) = model.waiting_review()?;
        let unsent = unsent.clone();
        let lang = model.lang;
        let comment = unsent
            .comment()
            .and_then(|id| comment_by_id(model, id))
            .cloned();
        let about = (unsent.target.clone(), unsent.iteration.clone());
        let target = short_target(&unsent.target, &model.form, lang);
        let new = Writes::New {
            target: unsent.target.clone(),
        };
        let (writes, unchanged) = match (&unsent.purpose, &comment) {
            (
                Purpose::Reply {
                    comment: id, seen, ..
                },
                Some(comment),
            ) => {
                let unchanged = (!comment.reply_conflicts())
                    .then(|| comment.reply.as_ref().map(|r| r.text.clone()))
                    .flatten();
                let writes = Writes::Reply {
                    id: id.clone(),
                    number: comment.number,
                    seen: seen.clone(),
                };
                (writes, unchanged)
            }
            (Purpose::Reopen { comment: id, .. }, Some(comment)) => {
                let writes = Writes::Reopen {
                    id: id.clone(),
                    number: comment.number,
                };
                (writes, None)
            }
            // A new comment; or the comment is gone from the branch (its file
            // edited by hand): the text stays in the editor, to be sent as a
            // comment on the same target.
            _ => (new, None),
        };
        let send = keys.label_in(Context::Comment, Action::Finish);
        let notice = resumed(
            &unsent,
            comment.as_ref().map(|c| c.number),
            &target,
            failed,
            &send,
            lang,
        );
        if let Some(comment) = &comment {
            self.selected_id = Some(comment.id.clone());
            if self.open_only && !comment.standing(model.head_assessment()).is_open() {
                self.open_only = false;
            }
            self.rebuild(model);
        }
        self.open_editor(writes, about, &unsent.text, unchanged);
        // Kept again, by this window now (and as what it has become).
        self.keep(model);
        Some(notice)
    }
}

/// What to say when a review text is put back in the editor: `unsent`, about
/// comment `number` (`None`: a new comment, or the comment is gone), on `target`;
/// `failed` when its sending failed (else an earlier session left it unsent).
fn resumed(
    unsent: &UnsentReview,
    number: Option<u32>,
    target: &str,
    failed: bool,
    send: &str,
    lang: Lang,
) -> String {
    let what = match (&unsent.purpose, lang) {
        (Purpose::Reply { .. }, Lang::Zh) => "回覆",
        (Purpose::Reopen { .. }, Lang::Zh) => "再修正理由",
        (Purpose::New, Lang::Zh) => "新審查意見",
        (Purpose::Reply { .. }, Lang::En) => "reply",
        (Purpose::Reopen { .. }, Lang::En) => "reason for reopening",
        (Purpose::New, Lang::En) => "new comment",
    };
    let about = match (&unsent.purpose, number, lang) {
        (Purpose::New, _, Lang::Zh) => format!("對象 {target}"),
        (Purpose::New, _, Lang::En) => format!("on {target}"),
        (_, Some(number), Lang::Zh) => format!("審查意見 {number}"),
        (_, Some(number), Lang::En) => format!("comment {number}"),
        (_, None, _) => String::new(),
    };
    match (
        number.is_none() && unsent.purpose != Purpose::New,
        failed,
        lang,
    ) {
        (true, _, Lang::Zh) => format!(
            "審查意見 {} 已不在分支上：你尚未送出的{what}已放進新意見的編輯器（對象 {target}）；{send} 送出為新意見，清空則取消。",
            unsent.number().unwrap_or_default()
        ),
        (true, _, Lang::En) => format!(
            "comment {} is no longer on the branch: your unsent {what} is in a new comment's editor (on {target}); {send} sends it as a new comment; emptying it cancels.",
            unsent.number().unwrap_or_default()
        ),
        (false, false, Lang::Zh) => {
            format!("已恢復尚未送出的{what}（{about}）：{send} 送出，清空則取消。")
        }
        (false, false, Lang::En) => {
            format!("restored your unsent {what} ({about}): {send} sends it; emptying it cancels.")
        }
        (false, true, Lang::Zh) => format!(
            "{what}（{about}）沒有送出，文字已放回編輯器並保存：{send} 再送一次，清空則取消。"
        ),
        (false, true, Lang::En) => format!(
            "the {what} ({about}) was not sent; it is back in the editor and kept: {send} sends it again; emptying it cancels."
        ),
    }
}

/// What the editor holds, as it is kept on disk.
fn kept(writing: &Writing) -> UnsentReview {
    let purpose = match &writing.writes {
        Writes::Reply { id, number, seen } => Purpose::Reply {
            comment: id.clone(),
            number: *number,
            seen: seen.clone(),
        },
        Writes::Reopen { id, number } => Purpose::Reopen {
            comment: id.clone(),
            number: *number,
        },
        Writes::New { .. } => Purpose::New,
    };
    let edited = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0));
    UnsentReview {
        purpose,
        target: writing.about.clone(),
        iteration: writing.iteration.clone(),
        text: writing.editor.text(),
        edited,
        pid: std::process::id(),
    }
}

#[cfg(test)]
mod tests {
    use ratatui::crossterm::event::KeyCode;

    use super::*;
    use crate::review::Action as ReviewAction;
    use crate::store::Store;
    use crate::tui::component::Component;
    use crate::tui::testing::{FORM, author_named, open, press, render, repo, type_text};

    /// Adds a comment on `target` by 王委員 through the library, as `dsw review add`.
    fn add(store: &Store, name: &crate::store::AssessmentName, target: Target, text: &str) {
        store
            .act_on_review(
                name,
                &ReviewAction::Add {
                    id: crate::review::new_id(
                        &crate::review::Stamp {
                            by: "王委員".into(),
                            date: String::new(),
                        },
                        text,
                        0,
                    ),
                    target,
                    iteration: "第一次送審".into(),
                    reviewer: String::new(),
                    text: text.into(),
                },
                "",
                &author_named("王委員"),
            )
            .unwrap();
    }

    /// Ticks the model until its review action is done and the worker has read the
    /// review at the new head; returns what the action did.
    fn settle(model: &mut Model) -> Vec<Done> {
        let mut done = Vec::new();
        for _ in 0..1000 {
            model.poll_now();
            let update = model.poll();
            done.extend(update.reviewed);
            if !model.reviews.pending()
                && !done.is_empty()
                && model.head == model.store.head_commit().unwrap()
            {
                return done;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        panic!("the review action never finished");
    }

    #[test]
    fn comments_are_grouped_by_iteration_and_standing_and_a_reply_is_committed() {
        let (_dir, store, name) = repo(FORM);
        add(
            &store,
            &name,
            Target::Question("1.1.1".into()),
            "請補充使用者類型",
        );
        add(&store, &name, Target::General, "整體\u{1b}[2J說明");
        let mut model = open(store, name);
        let mut tab = ReviewTab::new(&model);
        let screen = render(&mut tab, &model, 100, 20);
        assert!(screen.contains("待回覆 2"), "{screen}");
        assert!(screen.contains("第一次送審（2 則）"), "{screen}");
        assert!(screen.contains("#1 1.1.1 請補充使用者類型"), "{screen}");
        assert!(!screen.contains('\u{1b}'), "made safe:\n{screen}");
        assert!(screen.contains("對象：1.1.1"), "{screen}");
        // Accepting a comment nobody replied to says what to do instead.
        match press(&mut tab, &mut model, KeyCode::Char('a')) {
            Outcome::Request(Request::Notice(text)) => {
                assert!(text.contains("按 r 回覆"), "{text}")
            }
            other => panic!("{other:?}"),
        }
        press(&mut tab, &mut model, KeyCode::Char('r'));
        assert_eq!(tab.context(), Context::Comment);
        type_text(&mut tab, &mut model, "已補充三類使用者");
        press(&mut tab, &mut model, KeyCode::Esc);
        assert_eq!(tab.context(), Context::Review);
        let done = settle(&mut model);
        let (text, loud) = outcome(&done[0], &Keymap::default(), Lang::Zh);
        assert_eq!(text, "已回覆審查意見 1");
        assert!(!loud);
        tab.refresh(&model);
        let screen = render(&mut tab, &model, 100, 20);
        assert!(screen.contains("已回覆 1"), "{screen}");
        assert!(screen.contains("已補充三類使用者"), "{screen}");
        // The reviewer accepts it.
        press(&mut tab, &mut model, KeyCode::Char('a'));
        settle(&mut model);
        tab.refresh(&model);
        let comment = &model.reviews.review.comments[0];
        assert_eq!(comment.state, State::Accepted);
        // Only open ones: the accepted one is hidden.
        press(&mut tab, &mut model, KeyCode::Char('f'));
        let screen = render(&mut tab, &model, 100, 20);
        assert!(!screen.contains("#1 1.1.1"), "{screen}");
        assert!(screen.contains("#2 整體"), "{screen}");
    }

    #[test]
    fn a_new_comment_asks_for_its_target_and_offers_the_closest() {
        let (_dir, store, name) = repo(FORM);
        let mut model = open(store, name);
        let mut tab = ReviewTab::new(&model);
        assert!(render(&mut tab, &model, 80, 12).contains("尚無審查意見"));
        let Outcome::Request(Request::Ask(_)) = press(&mut tab, &mut model, KeyCode::Char('n'))
        else {
            panic!("asks for the target");
        };
        let keys = Keymap::default();
        let Outcome::Request(Request::Ask(again)) = tab.answer(Some("1.1.9"), &mut model, &keys)
        else {
            panic!("asks again");
        };
        assert!(again.title.contains("最接近"), "{again:?}");
        assert_eq!(again.initial, "1.1.1");
        tab.answer(Some(&again.initial), &mut model, &keys);
        assert_eq!(tab.context(), Context::Comment);
        type_text(&mut tab, &mut model, "請說明");
        press(&mut tab, &mut model, KeyCode::Esc);
        let done = settle(&mut model);
        assert_eq!(outcome(&done[0], &keys, Lang::Zh).0, "已新增審查意見 1");
        let comment = &model.reviews.review.comments[0];
        assert_eq!(comment.target, Target::Question("1.1.1".into()));
        // Written by the person at the keyboard, found as `dsw` finds authors.
        assert!(!comment.reviewer.is_empty());
        assert_eq!(comment.iteration, "", "no iteration tag yet");
        // An empty reason does not reopen.
        tab.refresh(&model);
        press(&mut tab, &mut model, KeyCode::Char('o'));
        match press(&mut tab, &mut model, KeyCode::Esc) {
            Outcome::Request(Request::Notice(text)) => {
                assert!(text.contains("沒有寫理由"), "{text}")
            }
            other => panic!("{other:?}"),
        }
        assert!(!model.reviews.pending());
    }

    #[test]
    fn two_replies_written_at_once_are_both_shown_and_said_loudly() {
        let (_dir, store, name) = repo(FORM);
        add(&store, &name, Target::Question("1.1.1".into()), "請補充");
        let other = Store::open(store.workdir()).unwrap();
        let mut model = open(store, name.clone());
        let mut tab = ReviewTab::new(&model);
        // This window opens the reply editor; meanwhile 林 replies elsewhere.
        press(&mut tab, &mut model, KeyCode::Char('r'));
        let id = model.reviews.review.comments[0].id.clone();
        other
            .act_on_review(
                &name,
                &ReviewAction::Reply {
                    id,
                    text: "林的回覆".into(),
                    seen: None,
                },
                "",
                &author_named("林"),
            )
            .unwrap();
        type_text(&mut tab, &mut model, "我的回覆");
        press(&mut tab, &mut model, KeyCode::Esc);
        let done = settle(&mut model);
        let (text, loud) = outcome(&done[0], &Keymap::default(), Lang::Zh);
        assert!(loud, "{text}");
        assert!(
            text.contains("林") && text.contains("兩個回覆都已保存"),
            "{text}"
        );
        tab.refresh(&model);
        let screen = render(&mut tab, &model, 100, 30);
        assert!(
            screen.contains("我的回覆") && screen.contains("林的回覆"),
            "{screen}"
        );
        assert!(screen.contains("兩個都保留"), "{screen}");
        // The editor holds both; sent as they are, they become the one reply.
        press(&mut tab, &mut model, KeyCode::Char('r'));
        press(&mut tab, &mut model, KeyCode::Esc);
        let done = settle(&mut model);
        let (text, loud) = outcome(&done[0], &Keymap::default(), Lang::Zh);
        assert!(!loud, "{text}");
        let comment = &model.reviews.review.comments[0];
        assert!(!comment.reply_conflicts());
        assert_eq!(comment.reply.as_ref().unwrap().text, "我的回覆\n\n林的回覆");
    }

    /// A reply to comment 1 kept on disk by process `pid`, as the workbench keeps it.
    fn kept_reply(store: &Store, name: &crate::store::AssessmentName, text: &str, pid: u32) {
        let unsent = unsent_reply(store, name, text, pid);
        store.save_unsent_review(name, "tester", &unsent).unwrap();
    }

    /// A reply to comment 1 as process `pid` would keep it.
    fn unsent_reply(
        store: &Store,
        name: &crate::store::AssessmentName,
        text: &str,
        pid: u32,
    ) -> UnsentReview {
        let comment = store.review(name).unwrap().comments[0].clone();
        UnsentReview {
            purpose: Purpose::Reply {
                comment: comment.id,
                number: 1,
                seen: None,
            },
            target: comment.target,
            iteration: comment.iteration,
            text: text.into(),
            // Now: a running process `pid` can have written it.
            edited: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0)),
            pid,
        }
    }

    #[test]
    fn another_open_windows_review_text_is_left_alone_and_a_sent_one_is_dropped() {
        let (_dir, store, name) = repo(FORM);
        add(&store, &name, Target::Question("1.1.1".into()), "請補充");
        // pid 1 is always running: another workbench of the same person.
        kept_reply(&store, &name, "另一個視窗正在寫", 1);
        let theirs = store.unsent_review_path(&name, "tester", 1);
        let other = Store::open(store.workdir()).unwrap();
        let mut model = open(store, name.clone());
        assert!(model.waiting_review().is_none());
        let notice = model.take_unsent_notice().expect("said");
        assert!(
            notice.contains("另一個仍開著的工作台視窗（程序 1）"),
            "{notice}"
        );
        let mut tab = ReviewTab::new(&model);
        assert_eq!(tab.resume_review(&mut model, &Keymap::default()), None);
        // Replying here, and sending, leaves that window's text where it is.
        press(&mut tab, &mut model, KeyCode::Char('r'));
        type_text(&mut tab, &mut model, "這裡的回覆");
        model.save(true).unwrap();
        let ours = other.unsent_review_path(&name, "tester", std::process::id());
        assert!(
            std::fs::read_to_string(&ours)
                .unwrap()
                .contains("這裡的回覆")
        );
        press(&mut tab, &mut model, KeyCode::Esc);
        settle(&mut model);
        model.save(true).unwrap();
        assert!(!ours.exists(), "sent: dropped");
        assert!(
            std::fs::read_to_string(&theirs)
                .unwrap()
                .contains("另一個視窗正在寫")
        );
        std::fs::remove_file(&theirs).unwrap();
        // A text that did land before its session died is not offered again.
        let sent = model.reviews.review.comments[0].reply.clone().unwrap().text;
        kept_reply(&other, &name, &sent, 4_194_305);
        drop(model);
        let mut model = open(other, name.clone());
        assert!(model.waiting_review().is_none());
        assert_eq!(model.take_unsent_notice(), None);
        assert!(
            !model
                .store
                .unsent_review_path(&name, "tester", 4_194_305)
                .exists()
        );
    }

    #[test]
    fn a_gone_sessions_text_is_taken_over_and_an_older_one_waits_its_turn() {
        let (_dir, store, name) = repo(FORM);
        add(&store, &name, Target::Question("1.1.1".into()), "請補充");
        // Two sessions died mid-reply (process ids that cannot be running).
        let older = UnsentReview {
            edited: 1,
            ..unsent_reply(&store, &name, "較早的回覆", 4_194_306)
        };
        store.save_unsent_review(&name, "tester", &older).unwrap();
        kept_reply(&store, &name, "最後的回覆", 4_194_305);
        let other = Store::open(store.workdir()).unwrap();
        let mut model = open(store, name.clone());
        let notice = model.take_unsent_notice().expect("the older one is said");
        assert!(notice.contains("另有 1 則較早"), "{notice}");
        let mut tab = ReviewTab::new(&model);
        let keys = Keymap::default();
        let notice = tab.resume_review(&mut model, &keys).expect("taken back");
        assert!(
            notice.contains("已恢復尚未送出的回覆（審查意見 1）"),
            "{notice}"
        );
        assert_eq!(tab.context(), Context::Comment);
        model.save(true).unwrap();
        // Now this window's: the gone session's file is replaced by its own.
        let path = |pid| other.unsent_review_path(&name, "tester", pid);
        assert!(!path(4_194_305).exists());
        let mine = std::fs::read_to_string(path(std::process::id())).unwrap();
        assert!(mine.contains("最後的回覆"), "{mine}");
        assert!(path(4_194_306).exists(), "the older one waits");
        // Emptied: cancelled, its file goes.
        for _ in "最後的回覆".chars() {
            press(&mut tab, &mut model, KeyCode::Backspace);
        }
        press(&mut tab, &mut model, KeyCode::Esc);
        model.save(true).unwrap();
        assert!(!path(std::process::id()).exists());
        // The older one is offered at the next start.
        drop(model);
        let mut model = open(other, name);
        let mut tab = ReviewTab::new(&model);
        tab.resume_review(&mut model, &keys).expect("taken back");
        let screen = render(&mut tab, &model, 100, 20);
        assert!(screen.contains("較早的回覆"), "{screen}");
    }

    #[test]
    fn an_unreadable_review_text_is_said_where_it_is_and_kept() {
        let (_dir, store, name) = repo(FORM);
        let path = store.unsent_review_path(&name, "tester", 4_194_305);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, "version = 1\nkind = \"reply\"\n").unwrap();
        let mut model = open(store, name);
        let notice = model.take_unsent_notice().expect("said");
        assert!(
            notice.contains("無法讀取") && notice.contains("drafts/tester"),
            "{notice}"
        );
        assert!(path.exists());
    }
}
