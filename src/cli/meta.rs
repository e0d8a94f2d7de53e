//! `dsw meta FIELD VALUE`: set a header field in your draft.

use std::io::Write;

use super::{Context, Exit, Out, lookup};

/// Sets header field `field`.
pub fn run(context: &Context, field: &str, value: &str, out: &mut Out) -> anyhow::Result<Exit> {
    let (store, name, form) = context.open_for_edit()?;
    lookup::field(&form, field, context.lang)?;
    let label = form
        .field(field)
        .map(|f| f.label.to_string())
        .unwrap_or_default();
    store
        .edit(&name, &context.user, |a| a.set_meta(field, value))
        .map_err(|e| context.fail(e))?;
    writeln!(
        out,
        "{label}: {}{}",
        crate::safe_text::visible(value, false),
        context.lang.pick("（草稿）", " (draft)")
    )?;
    Ok(Exit::Success)
}
