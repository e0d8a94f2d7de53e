//! Text that came from a file or a repository, made safe to show.
//!
//! Answers, names and messages are untrusted: a raw ESC could drive the terminal and a
//! bidi override could make text read differently from what it is. Every place that
//! prints such text passes it through [`visible`] first.

use std::borrow::Cow;

/// Returns `text` with control characters and bidi controls replaced by visible
/// stand-ins: C0 controls as their Control Pictures (␛ for ESC), DEL as ␡, C1 controls
/// and bidi/invisible format characters as `<U+XXXX>`. Newlines are kept when
/// `keep_newlines` is set (multi-line answers), tabs are kept always.
pub fn visible(text: &str, keep_newlines: bool) -> Cow<'_, str> {
    let needs = |c: char| !((c == '\n' && keep_newlines) || c == '\t') && is_hazard(c);
    if !text.chars().any(needs) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if !needs(c) {
            out.push(c);
        } else if (c as u32) < 0x20 {
            // U+2400..U+241F are the Control Pictures for U+0000..U+001F.
            out.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}'));
        } else if c == '\u{7f}' {
            out.push('␡');
        } else {
            out.push_str(&format!("<U+{:04X}>", c as u32));
        }
    }
    Cow::Owned(out)
}

/// Whether `c` must not reach a terminal or document raw: the one rule every
/// output follows. Controls (C0, DEL, C1), bidi controls, and zero-width characters
/// that would make two different texts look the same (`zw\u{200B}tag` and `zwtag`).
pub fn is_hazard(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{200E}' | '\u{200F}'            // LRM, RLM
            | '\u{202A}'..='\u{202E}'          // LRE RLE PDF LRO RLO
            | '\u{2066}'..='\u{2069}'          // LRI RLI FSI PDI
            | '\u{061C}'                        // Arabic letter mark
            | '\u{200B}'..='\u{200D}'          // zero width space, non-joiner, joiner
            | '\u{2060}'                        // word joiner
            | '\u{FEFF}'                        // zero width no-break space (BOM)
        )
}

/// `value` as JSON (`pretty`: indented), with every character of [`is_hazard`]
/// inside strings written as a `\uXXXX` escape: serde_json leaves DEL, C1 controls,
/// bidi controls and zero-width characters raw, and JSON printed to a terminal must
/// not carry them. The text a program reads back is unchanged.
pub fn json(value: &impl serde::Serialize, pretty: bool) -> String {
    let text = if pretty {
        serde_json::to_string_pretty(value)
    } else {
        serde_json::to_string(value)
    }
    // Serialising serde_json values and plain derived structs cannot fail.
    .unwrap_or_else(|_| "null".to_owned());
    // serde_json escapes C0 controls inside strings; raw ones are the layout's own
    // line breaks. Everything else [`is_hazard`] names can only be inside a string.
    let escape = |c: char| is_hazard(c) && (c as u32) >= 0x20;
    if !text.chars().any(escape) {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if escape(c) {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_and_bidi_are_made_visible() {
        assert_eq!(visible("a\u{1b}[31mb", false), "a␛[31mb");
        assert_eq!(visible("x\u{202E}y\u{2066}", false), "x<U+202E>y<U+2066>");
        assert_eq!(visible("\u{9b}", false), "<U+009B>");
        assert_eq!(visible("del\u{7f}", false), "del␡");
    }

    #[test]
    fn zero_width_characters_are_made_visible() {
        assert_eq!(visible("zw\u{200B}tag", false), "zw<U+200B>tag");
        assert_eq!(visible("\u{FEFF}x\u{2060}", false), "<U+FEFF>x<U+2060>");
    }

    #[test]
    fn json_escapes_every_hazard_and_reads_back_the_same() {
        let text = "a\u{7f}b\u{9b}c\u{202E}d\u{200B}e\u{1b}f 中文";
        for pretty in [false, true] {
            let out = json(&serde_json::json!({ "t": text, "u": [1, 2] }), pretty);
            assert!(!out.chars().any(|c| is_hazard(c) && c != '\n'), "{out}");
            let back: serde_json::Value = serde_json::from_str(&out).unwrap();
            assert_eq!(back["t"], text);
        }
    }

    #[test]
    fn ordinary_text_is_borrowed_untouched() {
        assert!(matches!(
            visible("誰是服務的使用者?\t(a)", false),
            Cow::Borrowed(_)
        ));
        assert_eq!(visible("一\n二", true), "一\n二");
        assert_eq!(visible("一\n二", false), "一␊二");
    }
}
