//! Showing conflicts: each field with both sides, worded for people.

use std::fmt::Write as _;

use crate::diff::{Conflict, FieldPath, Value};
use crate::form::Form;
use crate::i18n::Lang;
use crate::safe_text::visible;

/// A field value as text; `None` (absent) as a placeholder.
pub fn value_text(value: Option<&Value>, lang: Lang) -> String {
    match value {
        None => lang.pick("（無）", "(none)").to_owned(),
        Some(Value::Text(text)) if text.is_empty() => lang.pick("（空白）", "(empty)").to_owned(),
        Some(Value::Text(text)) => visible(text, true).into_owned(),
        Some(Value::Status(status)) => status.label(lang).to_owned(),
        Some(Value::Evidence(list)) => list
            .iter()
            .map(|e| {
                format!(
                    "{} <{}>",
                    visible(&e.label, false),
                    visible(&e.target, false)
                )
            })
            .collect::<Vec<_>>()
            .join("\n"),
        Some(Value::Order(ids)) => ids.join(", "),
    }
}

/// What a field is, for people: the question or item text where the form has it.
pub fn describe_path(path: &FieldPath, form: &Form) -> String {
    match path {
        FieldPath::Answer(id) => form
            .question(id)
            .map_or_else(|| id.clone(), |q| format!("{id} {}", q.text)),
        FieldPath::Status(id) | FieldPath::Evidence(id) => form
            .item(id)
            .map_or_else(|| path.to_string(), |item| format!("{path} {}", item.text)),
        FieldPath::Meta(id) => form
            .field(id)
            .map_or_else(|| path.to_string(), |f| format!("{path} {}", f.label)),
        _ => path.to_string(),
    }
}

/// Every conflict with both texts, indented under its field.
pub fn render(conflicts: &[Conflict], form: &Form, lang: Lang) -> String {
    let mut out = String::new();
    for conflict in conflicts {
        let _ = writeln!(
            out,
            "\n{} {}",
            lang.pick("衝突", "conflict"),
            describe_path(&conflict.path, form)
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
        let _ = writeln!(
            out,
            "  → dsw resolve {} --mine | --theirs | --text …",
            conflict.path
        );
    }
    out
}
