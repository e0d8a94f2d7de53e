//! The help overlay: every command grouped by the context it works in, the
//! context the person is in first, generated from the command table (the same one
//! the footer and the key dispatch use, so it is always right).

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::area::centered;
use super::component::Ctx;
use super::keymap::{Action, Context, Keymap};
use super::text::width;

/// Width of the keys column, in cells.
const KEYS_WIDTH: usize = 18;

/// The open help overlay.
#[derive(Debug, Clone, Copy)]
pub struct Help {
    /// Where the person was: listed first.
    context: Context,
    scroll: u16,
}

impl Help {
    /// Help opened in `context`.
    pub fn new(context: Context) -> Help {
        Help { context, scroll: 0 }
    }

    /// Scrolls; false when the key closes help.
    pub fn key(&mut self, event: &KeyEvent, keys: &Keymap) -> bool {
        let scroll = self.scroll;
        self.scroll = match keys.first(
            event,
            &[Action::Down, Action::Up, Action::PageDown, Action::PageUp],
        ) {
            Some(Action::Down) => scroll.saturating_add(1),
            Some(Action::Up) => scroll.saturating_sub(1),
            Some(Action::PageDown) => scroll.saturating_add(10),
            Some(Action::PageUp) => scroll.saturating_sub(10),
            _ => {
                return keys
                    .first(event, &[Action::Back, Action::Help, Action::Quit])
                    .is_none();
            }
        };
        true
    }

    /// The contexts in the order shown: the person's first.
    fn order(&self) -> impl Iterator<Item = Context> + '_ {
        std::iter::once(self.context).chain(Context::ALL.into_iter().filter(|c| *c != self.context))
    }

    /// Draws the overlay over `body`.
    pub fn draw(&mut self, frame: &mut Frame<'_>, body: Rect, ctx: &Ctx<'_>) {
        let area = centered(body, 80, body.height.saturating_sub(2));
        super::area::clear(frame, area);
        let keys = ctx.keys;
        let mut lines = Vec::new();
        for context in self.order() {
            if !lines.is_empty() {
                lines.push(Line::default());
            }
            lines.push(Line::styled(
                format!("── {} ──", context.title(ctx.lang)),
                ctx.theme.accent,
            ));
            for command in keys.commands().iter().filter(|c| c.context == context) {
                let label = keys.label_in(context, command.action);
                let pad = KEYS_WIDTH.saturating_sub(width(&label));
                lines.push(Line::from(vec![
                    Span::styled(format!("{label}{}", " ".repeat(pad)), ctx.theme.accent),
                    Span::styled(
                        format!("{}  ", ctx.lang.pick(command.zh, command.en)),
                        ctx.theme.text,
                    ),
                    Span::styled(command.name, ctx.theme.muted),
                ]));
            }
        }
        lines.push(Line::default());
        lines.push(Line::styled(
            ctx.lang.pick(
                "鍵位可在 ~/.config/dsw/config.toml 的 [keys] 改寫，例如 commit = [\"ctrl-w\"]（名稱見右欄）",
                "Change keys under [keys] in ~/.config/dsw/config.toml, e.g. commit = [\"ctrl-w\"] (names on the right)",
            ),
            ctx.theme.muted,
        ));
        let inner_height = area.height.saturating_sub(2);
        let last = u16::try_from(lines.len())
            .unwrap_or(u16::MAX)
            .saturating_sub(inner_height);
        self.scroll = self.scroll.min(last);
        let (close, up, down) = (
            keys.label(Action::Back),
            keys.label(Action::Up),
            keys.label(Action::Down),
        );
        let title = match ctx.lang {
            crate::i18n::Lang::Zh => format!(" 說明（{close} 關閉，{up} {down} 捲動） "),
            crate::i18n::Lang::En => format!(" Help ({close} closes, {up} {down} scroll) "),
        };
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(ctx.theme.focus)
            .title(title);
        super::area::pane(frame, area, |frame| {
            frame.render_widget(
                Paragraph::new(lines)
                    .block(super::area::boxed(block, area))
                    .scroll((self.scroll, 0)),
                area,
            );
        });
    }
}
