//! Text on a terminal: display width (CJK characters take two cells), truncation
//! that never splits a wide character, wrapping by width, and repository text made
//! safe before it is drawn.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Paragraph, Widget};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Display width in cells.
pub fn width(text: &str) -> usize {
    text.width()
}

/// `text` cut to at most `max` cells, with `…` when cut; a wide character that would
/// straddle the edge is left out whole. Measured a cluster at a time, as ratatui
/// lays cells out (`❤` and a presentation selector are one emoji two cells wide,
/// though each code point alone is narrower).
pub fn truncate(text: &str, max: usize) -> String {
    if text.width() <= max {
        return text.to_owned();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for cluster in text.graphemes(true) {
        let w = cluster.width();
        if used + w > max.saturating_sub(1) {
            break;
        }
        out.push_str(cluster);
        used += w;
    }
    out.push('…');
    out
}

/// Repository text for one line of the screen: control and bidi characters made
/// visible (line breaks too).
pub fn line(text: &str) -> String {
    crate::safe_text::visible(text, false).into_owned()
}

/// Repository text for a block: visible, line breaks kept.
pub fn block(text: &str) -> String {
    crate::safe_text::visible(text, true).into_owned()
}

/// `text` wrapped to `max` cells per line, keeping its own line breaks: the one
/// text layout of every pane (see [`line_ranges`]).
pub fn wrap(text: &str, max: usize) -> Vec<String> {
    text.split('\n')
        .flat_map(|paragraph| {
            line_ranges(paragraph, max)
                .into_iter()
                .map(|range| paragraph[range].trim_end().to_owned())
        })
        .collect()
}

/// Where a paragraph (no line breaks of its own) breaks into lines of at most
/// `max` cells, as byte ranges. Breaks fall only where the Unicode line-breaking
/// rules (UAX #14) allow, which are also the rules Chinese readers expect: no line
/// starts with closing punctuation (`。，、；：？！」』）`) and none ends with
/// opening punctuation (`「『（`), and a Latin word stays whole. Only a run with no
/// break allowed in it that is wider than the line is cut, at a character. Spaces
/// at a line's end hang past `max` (drawn, they are trimmed).
pub fn line_ranges(paragraph: &str, max: usize) -> Vec<std::ops::Range<usize>> {
    line_ranges_hanging(paragraph, max, max)
}

/// [`line_ranges`] with a first line of at most `first` cells and the others of
/// at most `rest` (a paragraph whose later lines hang under an indent).
pub fn line_ranges_hanging(
    paragraph: &str,
    first: usize,
    rest: usize,
) -> Vec<std::ops::Range<usize>> {
    let (first, rest) = (first.max(2), rest.max(2));
    let mut lines: Vec<std::ops::Range<usize>> = Vec::new();
    let mut start = 0;
    // The last place this line may end, and how wide it is up to there.
    let mut fits: Option<usize> = None;
    for (at, _) in unicode_linebreak::linebreaks(paragraph) {
        loop {
            let max = if lines.is_empty() { first } else { rest };
            if paragraph[start..at].trim_end().width() <= max {
                fits = Some(at);
                break;
            }
            match fits.take() {
                // Break at the last opportunity that fit, then measure again.
                Some(end) if end > start => {
                    lines.push(start..end);
                    start = end;
                }
                // One unbreakable run wider than the line: cut it by characters,
                // where the next line would not start with closing punctuation
                // (if the line allows such a place).
                _ => {
                    let cut = cut_run(paragraph, start, at, max);
                    lines.push(start..cut);
                    start = cut;
                }
            }
        }
    }
    if start < paragraph.len() || lines.is_empty() {
        lines.push(start..paragraph.len());
    }
    lines
}

/// Styled lines broken by [`line_ranges`] at `max` cells: each line's spans are
/// cut where its text breaks, styles kept, spaces at a break dropped.
pub fn wrap_lines<'a>(lines: &[Line<'a>], max: usize) -> Vec<Line<'a>> {
    let mut out = Vec::new();
    for line in lines {
        let plain: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
        for range in line_ranges(&plain, max) {
            let end = range.start + plain[range.clone()].trim_end().len();
            let mut spans = Vec::new();
            let mut at = 0;
            for span in &line.spans {
                let (from, to) = (at, at + span.content.len());
                at = to;
                let (cut_from, cut_to) = (from.max(range.start), to.min(end));
                if cut_from < cut_to {
                    let piece = span.content[cut_from - from..cut_to - from].to_owned();
                    spans.push(Span::styled(piece, span.style));
                }
            }
            let mut wrapped = Line::from(spans).style(line.style);
            wrapped.alignment = line.alignment;
            out.push(wrapped);
        }
    }
    out
}

/// Text drawn wrapped by [`wrap_lines`] at the width of where it is drawn, in an
/// optional block, scrolled: what every pane uses instead of ratatui's word wrap
/// (which breaks only at spaces, and anywhere in Chinese).
pub struct Wrapped<'a> {
    text: Text<'a>,
    block: Option<Block<'a>>,
    style: Style,
    scroll: u16,
}

impl<'a> Wrapped<'a> {
    /// `text`, unstyled, not scrolled, without a block.
    pub fn new(text: impl Into<Text<'a>>) -> Wrapped<'a> {
        Wrapped {
            text: text.into(),
            block: None,
            style: Style::default(),
            scroll: 0,
        }
    }

    /// Drawn inside `block`.
    pub fn block(mut self, block: Block<'a>) -> Wrapped<'a> {
        self.block = Some(block);
        self
    }

    /// The base style.
    pub fn style(mut self, style: Style) -> Wrapped<'a> {
        self.style = style;
        self
    }

    /// The first `rows` wrapped lines scrolled out of view.
    pub fn scroll(mut self, rows: u16) -> Wrapped<'a> {
        self.scroll = rows;
        self
    }
}

impl Widget for Wrapped<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let inner = match &self.block {
            Some(block) => block.inner(area),
            None => area,
        };
        if let Some(block) = self.block {
            block.render(area, buf);
        }
        let lines = wrap_lines(&self.text.lines, usize::from(inner.width));
        Paragraph::new(lines)
            .style(self.style.patch(self.text.style))
            .scroll((self.scroll, 0))
            .render(inner, buf);
    }
}

/// Characters no line may start with: Chinese closing punctuation.
const NO_LINE_START: &str = "。，、；：？！」』）】》〕〉．・｝";

/// Where to cut `paragraph[start..end]`, a run with no break allowed that is wider
/// than `max`: as far along as fits, but neither before closing punctuation nor
/// inside a Latin word when an earlier cut avoids it.
fn cut_run(paragraph: &str, start: usize, end: usize, max: usize) -> usize {
    let mut used = 0;
    let mut fits = start;
    let mut good = None;
    // A cluster at a time: a cut never separates a mark or a joined emoji from
    // what it belongs to.
    let mut clusters = paragraph[start..end].grapheme_indices(true).peekable();
    while let Some((i, cluster)) = clusters.next() {
        let w = cluster.width();
        if used + w > max && used > 0 {
            break;
        }
        used += w;
        fits = start + i + cluster.len();
        let c = cluster.chars().last().unwrap_or(' ');
        let next = clusters.peek().and_then(|&(_, next)| next.chars().next());
        let in_word = |next: char| c.is_ascii_alphanumeric() && next.is_ascii_alphanumeric();
        if next.is_none_or(|next| !NO_LINE_START.contains(next) && !in_word(next)) {
            good = Some(fits);
        }
    }
    good.unwrap_or(fits)
}

/// Makes every cell of a drawn frame something a terminal draws within the cell's
/// own columns. ratatui gives a cluster of code points the width Unicode gives it,
/// but terminals differ on some: emoji joined by a zero-width joiner, with a skin
/// tone, a presentation selector or a keycap mark are one emoji two columns wide
/// in some and several emoji (or one narrow character) in others (tmux 3.3 draws
/// `👨‍👩‍👧` six columns wide, over the text after it and a pane's border). Such a
/// cluster is drawn as its first character (a narrower one leaves the columns after
/// it blank). A mark of no width at the start of a cell (a line or a span starting
/// with a combining mark) is put by a terminal on the cell before, which may be a
/// border: it is left out. And ratatui (0.30) lays the half-width sound marks
/// `ﾞ` `ﾟ` out a column wider than terminals draw them, so the column after is never
/// sent and shows whatever it held before (an overlay's border lost): they are
/// drawn as the full-width `゛` `゜`, which everyone takes as two columns.
pub fn terminal_safe(buffer: &mut Buffer) {
    let area = buffer.area;
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            let symbol = buffer[(x, y)].symbol();
            let mut chars = symbol.chars();
            let Some(first) = chars.next() else {
                continue;
            };
            let sound_mark = matches!(first, '\u{FF9E}' | '\u{FF9F}');
            if first.width().is_some_and(|w| w > 0) && !sound_mark && chars.clone().next().is_none()
            {
                continue;
            }
            let lead = symbol
                .char_indices()
                .find(|(_, c)| c.width().is_some_and(|w| w > 0))
                .map(|(at, _)| at);
            let kept = match lead {
                Some(at) => &symbol[at..],
                None => " ",
            };
            let disputed = kept.chars().skip(1).any(disputes_width);
            let wanted = if disputed {
                let base = kept.chars().next().unwrap_or(' ');
                let room = kept.width();
                if base.width().unwrap_or(0) <= room {
                    base.to_string()
                } else {
                    " ".to_owned()
                }
            } else {
                kept.replace('\u{FF9E}', "\u{309B}")
                    .replace('\u{FF9F}', "\u{309C}")
            };
            if wanted != symbol {
                buffer[(x, y)].set_symbol(&wanted);
            }
        }
    }
}

/// Whether `c`, following the first character of a cluster, makes terminals
/// disagree on how wide the cluster is (see [`terminal_safe`]): a zero-width
/// joiner, the emoji presentation selector, the keycap mark, a skin tone, a tag
/// character (subdivision flags).
pub fn disputes_width(c: char) -> bool {
    matches!(
        c,
        '\u{200D}' | '\u{FE0F}' | '\u{20E3}' | '\u{1F3FB}'..='\u{1F3FF}' | '\u{E0020}'..='\u{E007F}'
    )
}

/// A drawn screen as text, one line per row, each wide character once (its second
/// cell holds nothing of its own): for tests and benchmarks that read the screen.
pub fn buffer_text(buffer: &ratatui::buffer::Buffer) -> String {
    let mut out = String::new();
    for y in 0..buffer.area.height {
        let mut skip = 0;
        for x in 0..buffer.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buffer[(x, y)].symbol();
            skip = symbol.width().saturating_sub(1);
            out.push_str(symbol);
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncation_never_splits_a_wide_character() {
        assert_eq!(truncate("了解使用者需求", 6), "了解…");
        assert_eq!(truncate("了解使用者需求", 7), "了解使…");
        assert_eq!(truncate("abc", 3), "abc");
        assert_eq!(truncate("了解", 0), "");
        assert!(truncate("了解使用者需求", 5).width() <= 5);
        // An emoji and its presentation selector are two columns together, though
        // one of them alone is one and the other none (the history's revision line
        // once came out wider than the pane, and its arithmetic overflowed).
        let hearts = "❤\u{fe0f}".repeat(8);
        for max in 0..20 {
            let cut = truncate(&hearts, max);
            assert!(cut.width() <= max, "{max}: {cut:?}");
            assert!(!cut.contains("❤…"), "{max}: a cluster split in {cut:?}");
        }
    }

    /// Every cell of a frame is what terminals draw in its own columns: joined
    /// emoji and the like as their first character, no mark of no width at a
    /// cell's start (a terminal would put it on the cell before, a border), the
    /// half-width sound marks as the full-width ones ratatui's width is right for.
    #[test]
    fn a_frame_holds_only_what_terminals_draw_in_its_columns() {
        let mut buffer = Buffer::empty(Rect::new(0, 0, 20, 1));
        buffer.set_string(0, 0, "│", Style::default());
        buffer[(1, 0)].set_symbol("\u{301}x");
        buffer.set_string(2, 0, "👨\u{200d}👩\u{200d}👧", Style::default());
        buffer.set_string(4, 0, "❤\u{fe0f}", Style::default());
        buffer.set_string(6, 0, "👍🏽", Style::default());
        buffer.set_string(8, 0, "ｶﾞ", Style::default());
        buffer.set_string(11, 0, "e\u{301}🇹🇼字", Style::default());
        terminal_safe(&mut buffer);
        let cells: Vec<&str> = (0..16).map(|x| buffer[(x, 0)].symbol()).collect();
        assert_eq!(
            cells,
            [
                "│", "x", "👨", " ", "❤", " ", "👍", " ", "ｶ゛", " ", " ", "e\u{301}", "🇹🇼", " ",
                "字", " "
            ]
        );
        // ratatui's width of each cell is now what terminals draw.
        for x in 0..16 {
            let cell = &buffer[(x, 0)];
            let laid_out = ratatui::buffer::CellWidth::cell_width(cell);
            assert_eq!(
                usize::from(laid_out),
                cell.symbol().width(),
                "{x}: {cell:?}"
            );
        }
    }

    #[test]
    fn wrapping_counts_cells() {
        assert_eq!(wrap("一二三四五", 4), ["一二", "三四", "五"]);
        assert_eq!(wrap("ab\ncd", 10), ["ab", "cd"]);
        assert_eq!(wrap("", 10), [""]);
        assert_eq!(wrap("a\n\nb", 10), ["a", "", "b"]);
        // A word too long for the line is cut between clusters, each as wide as
        // ratatui lays it out (a keycap: two columns, though `#` alone is one).
        let word = "ab#\u{fe0f}\u{20e3}cd#\u{fe0f}\u{20e3}ef#\u{fe0f}\u{20e3}gh";
        for max in 3..12 {
            for line in wrap(word, max) {
                assert!(line.width() <= max, "{max}: {line:?}");
                assert!(!line.starts_with('\u{fe0f}'), "{max}: {line:?}");
            }
        }
    }

    #[test]
    fn styled_lines_keep_their_styles_where_they_break() {
        let bold = Style::default().add_modifier(ratatui::style::Modifier::BOLD);
        let line = Line::from(vec![
            Span::raw("推廣 My "),
            Span::styled("Data 加值服務", bold),
        ]);
        let wrapped = wrap_lines(&[line], 10);
        let text: Vec<String> = wrapped.iter().map(ToString::to_string).collect();
        assert_eq!(text, ["推廣 My", "Data 加值", "服務"]);
        assert_eq!(wrapped[1].spans[0].style, bold);
        assert_eq!(wrapped[0].spans.len(), 1);
    }

    #[test]
    fn lines_break_by_the_chinese_rules() {
        // 。 cannot start a line: the character before it goes down with it.
        assert_eq!(
            wrap("軟體開發方式，持續精進服務。", 26),
            ["軟體開發方式，持續精進服", "務。"]
        );
        // 「 cannot end a line.
        assert_eq!(wrap("一二三四「五六」", 10), ["一二三四", "「五六」"]);
        // Latin words stay whole, next to Chinese text.
        assert_eq!(
            wrap("推廣 My Data 加值服務", 10),
            ["推廣 My", "Data 加值", "服務"]
        );
        assert_eq!(
            wrap("資訊系統OOOO資訊系統", 12),
            ["資訊系統OOOO", "資訊系統"]
        );
        // A word longer than the line is cut at characters.
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
    }

    /// Over many texts and widths: no line wider than the width (unless a single
    /// character is), none starting with closing or ending with opening
    /// punctuation where the text allowed another break, no word shorter than the
    /// width split, and nothing lost.
    #[test]
    fn wrapping_keeps_every_rule_at_every_width() {
        let closing = "。，、；：？！」』）】》";
        let opening = "「『（【《";
        let texts = [
            "為設計符合使用者真正需要的(數位)服務，讓使用者樂於使用，須界定使用者(包含多方利害關係人)，確認服務是融入使用者的生活。",
            "資訊系統功能提升及維運計畫(以下簡稱本計畫)主要規劃為協助全國人事人員辦理日常人事資訊業務，惟為推廣 My Data 加值服務，部分功能亦將服務對象擴大到全體公務人員。",
            "「網際網路版人力資源管理資訊系統」(以下簡稱 WebHR)、「全國公教人員退休撫卹整合平臺」……等，均係提供全國各機關免費使用？是！",
            "Digital service guidelines: understand users' needs, then iterate.",
        ];
        for text in texts {
            for max in 4..=60 {
                let lines = wrap(text, max);
                let joined: String = lines.concat();
                let squeeze =
                    |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
                assert_eq!(squeeze(&joined), squeeze(text), "{max}: nothing lost");
                for (n, line) in lines.iter().enumerate() {
                    assert!(line.width() <= max, "{max}: {line:?} is too wide");
                    // (Narrower than 8 cells, a run like `人)，` cannot be kept
                    // from starting a line with punctuation.)
                    if n > 0 && max >= 8 {
                        let first = line.chars().next().unwrap_or(' ');
                        assert!(
                            !closing.contains(first),
                            "{max}: {line:?} starts with {first}"
                        );
                    }
                    if n + 1 < lines.len() && max >= 8 {
                        let last = line.chars().last().unwrap_or(' ');
                        assert!(!opening.contains(last), "{max}: {line:?} ends with {last}");
                    }
                }
                for word in text.split(|c: char| !c.is_ascii_alphanumeric()) {
                    if !word.is_empty() && word.len() <= max {
                        assert!(
                            lines.iter().any(|l| l.contains(word)),
                            "{max}: {word} split"
                        );
                    }
                }
            }
        }
    }
}
