//! Where overlays go: a centred rectangle, and a centred box of wrapped text.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear};

use super::component::Ctx;
use super::text::Wrapped;

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

/// A centred box with `title` and wrapped `text`.
pub fn draw_box(
    frame: &mut Frame<'_>,
    body: Rect,
    ctx: &Ctx<'_>,
    title: &str,
    text: Vec<Line<'_>>,
) {
    let area = centered(body, 72, 12);
    frame.render_widget(Clear, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(ctx.theme.focus)
        .title(title.to_owned());
    frame.render_widget(Wrapped::new(text).block(block), area);
}
