//! Text on a terminal: display width (CJK characters take two cells), truncation
//! that never splits a wide character, wrapping by width, and repository text made
//! safe before it is drawn.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Display width in cells.
pub fn width(text: &str) -> usize {
    text.width()
}

/// `text` cut to at most `max` cells, with `…` when cut; a wide character that would
/// straddle the edge is left out whole.
pub fn truncate(text: &str, max: usize) -> String {
    if text.width() <= max {
        return text.to_owned();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > max.saturating_sub(1) {
            break;
        }
        out.push(c);
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

/// `text` wrapped to `max` cells per line, breaking anywhere (Chinese has no spaces
/// to break at), keeping its own line breaks.
pub fn wrap(text: &str, max: usize) -> Vec<String> {
    let max = max.max(2);
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut current = String::new();
        let mut used = 0;
        for c in paragraph.chars() {
            let w = c.width().unwrap_or(0);
            if used + w > max && !current.is_empty() {
                lines.push(std::mem::take(&mut current));
                used = 0;
            }
            current.push(c);
            used += w;
        }
        lines.push(current);
    }
    lines
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
    }

    #[test]
    fn wrapping_counts_cells() {
        assert_eq!(wrap("一二三四五", 4), ["一二", "三四", "五"]);
        assert_eq!(wrap("ab\ncd", 10), ["ab", "cd"]);
    }
}
