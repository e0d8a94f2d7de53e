//! Where things are drawn: a centred rectangle and a centred box of wrapped text for
//! overlays, and the two helpers every pane is drawn through — [`pane`] and
//! [`boxed`] — which in the crate's tests check that nothing is drawn outside its
//! box (`super::boxes`); outside the tests they do nothing.

use ratatui::Frame;
use ratatui::buffer::CellWidth;
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
/// (starting before it and reaching into it) would cover the overlay's border there
/// — the terminal draws it over that column and ratatui skips the column it covers
/// — so it is blanked, as is one in the area's last column, which would spill past
/// it. A character's reach is the wider of ratatui's width for it and a terminal's.
pub fn clear(frame: &mut Frame<'_>, area: Rect) {
    let buffer = frame.buffer_mut();
    let bounds = buffer.area;
    for y in area.top()..area.bottom() {
        let before = bounds.x..area.x.min(bounds.right());
        let last = area.right().checked_sub(1).filter(|&x| x >= area.x);
        for x in before.chain(last) {
            if !bounds.contains(ratatui::layout::Position { x, y }) {
                continue;
            }
            let cell = &buffer[(x, y)];
            let reach = cell_reach(cell);
            let edge = if x < area.x { area.x } else { area.right() };
            if x.saturating_add(reach) > edge {
                buffer[(x, y)].set_symbol(" ");
            }
        }
    }
    frame.render_widget(Clear, area);
}

/// How many columns `cell` covers: ratatui's width for it (its diff skips the
/// columns after) or a terminal's (which draws over them), the wider.
fn cell_reach(cell: &ratatui::buffer::Cell) -> u16 {
    let drawn = unicode_width::UnicodeWidthStr::width(cell.symbol());
    cell.cell_width()
        .max(u16::try_from(drawn).unwrap_or(u16::MAX))
}

/// Draws a pane: `draw` is to write only inside `area`. In the crate's tests, while
/// a check is armed, whatever it changed outside `area` is reported, and so is a
/// character it left that a terminal would draw past the area's right edge (a wide
/// one in its last column).
pub fn pane<R>(frame: &mut Frame<'_>, area: Rect, draw: impl FnOnce(&mut Frame<'_>) -> R) -> R {
    #[cfg(test)]
    let before = super::boxes::before(frame);
    let drawn = draw(frame);
    #[cfg(test)]
    super::boxes::after(frame, area, before);
    #[cfg(not(test))]
    let _ = area;
    drawn
}

/// `block`, to be drawn around `area`. In the crate's tests, while a check is
/// armed, its border and title are noted, and after the whole frame every cell of
/// them must still be there unless a later box covers it.
pub fn boxed(block: Block<'_>, area: Rect) -> Block<'_> {
    #[cfg(test)]
    super::boxes::note(&block, area);
    #[cfg(not(test))]
    let _ = area;
    block
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
    pane(frame, area, |frame| {
        frame.render_widget(Wrapped::new(text).block(boxed(block, area)), area);
    });
}

#[cfg(test)]
mod tests {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::style::Style;

    use super::*;

    /// An overlay's left edge blanks what reaches into it from the left: a wide
    /// character just before it, and one that ratatui lays out three columns wide
    /// (`ｶﾞ`) two before it; what ends before the edge stays.
    #[test]
    fn an_overlay_blanks_what_reaches_over_its_left_edge() {
        let mut terminal = Terminal::new(TestBackend::new(20, 3)).unwrap();
        let frame = terminal
            .draw(|frame| {
                let buffer = frame.buffer_mut();
                buffer.set_string(0, 0, "民眾字", Style::default());
                buffer.set_string(0, 1, "abcｶﾞ", Style::default());
                buffer.set_string(0, 2, "民眾", Style::default());
                clear(frame, Rect::new(5, 0, 10, 3));
            })
            .unwrap();
        let row = |y: u16| -> Vec<&str> { (0..5).map(|x| frame.buffer[(x, y)].symbol()).collect() };
        assert_eq!(row(0), ["民", " ", "眾", " ", " "]);
        assert_eq!(row(1), ["a", "b", "c", " ", " "]);
        assert_eq!(row(2), ["民", " ", "眾", " ", " "]);
    }
}
