//! Writing TOML values by hand, so the file layout is ours: deterministic bytes,
//! multi-line strings for answers, one table per question.

/// A key: bare when it can be, else quoted (`"7.3.2"`, Chinese keys).
pub fn key(key: &str) -> String {
    let bare = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if bare { key.to_owned() } else { basic(key) }
}

/// A single-line basic string `"…"`; a value with line breaks is written as
/// [`multiline`] instead.
pub fn string(value: &str) -> String {
    if value.contains('\n') {
        multiline(value)
    } else {
        basic(value)
    }
}

/// A basic string with every character TOML does not allow raw escaped.
pub fn basic(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push('\t'),
            c if needs_escape(c) => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A multi-line basic string: `"""` then a newline (which TOML drops), the text
/// with its own line breaks, and `"""`. Only what TOML requires is escaped, so the
/// text reads as typed and a line added to an answer is a line added to the file.
pub fn multiline(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 8);
    out.push_str("\"\"\"\n");
    let chars: Vec<char> = value.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '\\' => out.push_str("\\\\"),
            // A quote that could start `"""` or run into the closing delimiter.
            '"' if chars.get(i + 1).is_none_or(|&next| next == '"') => out.push_str("\\\""),
            '\r' => out.push_str("\\r"),
            '\n' | '\t' => out.push(c),
            c if needs_escape(c) => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push_str("\"\"\"");
    out
}

/// Control characters TOML strings may not hold raw.
fn needs_escape(c: char) -> bool {
    (c < ' ' && c != '\t' && c != '\n') || c == '\u{7f}'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(value: &str) {
        for written in [basic(value), multiline(value), string(value)] {
            let doc = format!("v = {written}\n");
            let table: toml::Table = toml::from_str(&doc).unwrap_or_else(|e| panic!("{doc}: {e}"));
            assert_eq!(table["v"].as_str(), Some(value), "{doc}");
        }
    }

    #[test]
    fn every_tricky_string_survives() {
        for value in [
            "",
            "一行",
            "兩行\n第二行",
            "ends with newline\n",
            "\n\nleading blank lines",
            "quote \" and \"\" and \"\"\" and \"\"\"\"",
            "ends with quote\"",
            "\"",
            "back\\slash \\n not a newline",
            "esc \u{1b}[31m del \u{7f} nul \u{0} cr \r\n tab\t",
            "triple at end \"\"\"",
        ] {
            round_trip(value);
        }
    }

    #[test]
    fn keys_are_bare_only_when_safe() {
        assert_eq!(key("plan"), "plan");
        assert_eq!(key("7.3.2"), "\"7.3.2\"");
        assert_eq!(key("計畫"), "\"計畫\"");
    }
}
