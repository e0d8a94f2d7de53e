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

/// Clears `area` for an overlay. A wide character under the overlay's left edge
/// (starting one column before it) would cover the overlay's border there — the
/// terminal draws it two columns wide and ratatui skips the column it covers — so
/// it is blanked, as is one in the area's last column, which would spill past it.
pub fn clear(frame: &mut Frame<'_>, area: Rect) {
    let buffer = frame.buffer_mut();
    let bounds = buffer.area;
    for y in area.top()..area.bottom() {
        let before = area.x.checked_sub(1).filter(|&x| x >= bounds.x);
        let last = area.right().checked_sub(1).filter(|&x| x >= area.x);
        for x in before.into_iter().chain(last) {
            if bounds.contains(ratatui::layout::Position { x, y })
                && unicode_width::UnicodeWidthStr::width(buffer[(x, y)].symbol()) > 1
            {
                buffer[(x, y)].set_symbol(" ");
            }
        }
    }
    frame.render_widget(Clear, area);
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
    clear(frame, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(ctx.theme.focus)
        .title(title.to_owned());
    frame.render_widget(Wrapped::new(text).block(block), area);
}
