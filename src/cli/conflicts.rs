//! Showing conflicts: each field with both sides, worded for people.

use std::fmt::Write as _;

use crate::assessment::Assessment;
use crate::diff::{Conflict, Value, describe};
use crate::form::Form;
use crate::i18n::Lang;
use crate::safe_text::visible;

/// A field value as text; `None` (absent) as a placeholder.
pub fn value_text(value: Option<&Value>, lang: Lang) -> String {
    match value {
        None => lang.pick("（無）", "(none)").to_owned(),
        Some(Value::Text(text)) if text.is_empty() => lang.pick("（空白）", "(empty)").to_owned(),
        Some(value) => visible(&describe::value_text(Some(value), lang), true).into_owned(),
    }
}

/// Every conflict with both texts, indented under its field, and the `dsw resolve`
/// that settles it — BRiCS fields by the names in `names`, only the choices that
/// apply to the field.
pub fn render(conflicts: &[Conflict], form: &Form, names: &Assessment, lang: Lang) -> String {
    let mut out = String::new();
    for conflict in conflicts {
        let _ = writeln!(
            out,
            "\n{} {}",
            lang.pick("衝突", "conflict"),
            visible(
                &describe::path_label_named(&conflict.path, form, names),
                false
            )
        );
        for (label, value) in [
            (lang.pick("  你的：", "  yours:  "), conflict.ours.as_ref()),
            (
                lang.pick("  對方：", "  theirs: "),
                conflict.theirs.as_ref(),
            ),
        ] {
            let text = value_text(value, lang);
            let pad = " ".repeat(unicode_width::UnicodeWidthStr::width(label));
            let _ = writeln!(out, "{label}{}", text.replace('\n', &format!("\n{pad}")));
        }
        let path = conflict.path.with_names(names);
        let path = if path.contains(char::is_whitespace) {
            crate::store::shell_quote(&path)
        } else {
            path
        };
        let choices = if conflict.path.is_text() {
            "--mine | --theirs | --text …"
        } else {
            "--mine | --theirs"
        };
        let _ = writeln!(out, "  → dsw resolve {} {choices}", visible(&path, false));
    }
    out
}
