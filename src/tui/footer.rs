//! The footer: what the keys do here, from the command table. How to get help and
//! how to get out are kept at its right end, whatever the width, and whatever
//! notice the status line is showing; the rest is cut to fit.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::component::Ctx;
use super::keymap::{Action, Context};
use super::text::{line, truncate, width};

/// The keys always shown at the footer's right end: how to get help and how to get
/// out. While typing, letters are text: the way out of the editor comes first, and
/// help has only its keys that are not text (F1).
fn kept(context: Context) -> &'static [Action] {
    match context {
        _ if context.types_text() => &[Action::Finish, Action::Help],
        // A dialog is left by cancelling it; the conflict view keeps the draft.
        Context::Dialog => &[Action::Cancel],
        Context::Conflict => &[Action::Back],
        _ => &[Action::Help, Action::Quit],
    }
}

fn kept_spans<'a>(ctx: &Ctx<'_>, context: Context) -> Vec<Span<'a>> {
    let mut right = Vec::new();
    for &action in kept(context) {
        let keys = ctx.keys.label_in(context, action);
        if keys.is_empty() {
            continue;
        }
        right.push(Span::styled(format!("  {keys}"), ctx.theme.accent));
        right.push(Span::styled(
            format!(" {}", ctx.keys.doc(context, action, ctx.lang)),
            ctx.theme.muted,
        ));
    }
    right
}

/// Whether `notice` fits in a footer `columns` wide beside the kept keys; a longer
/// one gets lines of its own above the footer, so it is never cut.
pub fn fits(ctx: &Ctx<'_>, context: Context, columns: u16, notice: &str) -> bool {
    let right: usize = kept_spans(ctx, context)
        .iter()
        .map(|s| width(&s.content))
        .sum();
    width(&line(notice)) <= usize::from(columns).saturating_sub(right)
}

/// Draws the footer for `context`: `notice` if there is one, else `commands`.
pub fn draw(
    frame: &mut Frame<'_>,
    area: Rect,
    ctx: &Ctx<'_>,
    context: Context,
    commands: &[Action],
    notice: Option<&str>,
) {
    let kept = kept(context);
    let right = kept_spans(ctx, context);
    let right_width: usize = right.iter().map(|s| width(&s.content)).sum();
    let room = usize::from(area.width).saturating_sub(right_width);
    let mut spans = Vec::new();
    let mut used = 0;
    match notice {
        Some(notice) => {
            let text = truncate(&line(notice), room);
            used = width(&text);
            spans.push(Span::styled(text, ctx.theme.warning));
        }
        None => {
            let mut all: Vec<Action> = commands.to_vec();
            let in_dialog = matches!(context, Context::Dialog | Context::Conflict);
            if !in_dialog && !all.contains(&Action::Commit) {
                all.push(Action::Commit);
            }
            for action in all.into_iter().filter(|a| !kept.contains(a)) {
                let keys = ctx.keys.label_in(context, action);
                let doc = ctx.keys.doc(context, action, ctx.lang);
                let separator = if used == 0 { "" } else { "  " };
                let piece = width(separator) + width(&keys) + 1 + width(doc);
                if keys.is_empty() || used + piece > room {
                    continue;
                }
                used += piece;
                spans.push(Span::styled(format!("{separator}{keys}"), ctx.theme.accent));
                spans.push(Span::styled(format!(" {doc}"), ctx.theme.muted));
            }
        }
    }
    spans.push(Span::raw(" ".repeat(room.saturating_sub(used))));
    spans.extend(right);
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
