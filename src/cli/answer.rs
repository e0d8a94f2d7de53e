//! `dsw answer QID [TEXT | -]`: set an answer in your draft.

use std::io::Write;

use super::{Context, Exit, Out, input, lookup};

/// Sets the answer to question `id`.
pub fn run(context: &Context, id: &str, text: Option<&str>, out: &mut Out) -> anyhow::Result<Exit> {
    let (store, name, form) = context.open_for_edit()?;
    lookup::question(&form, id, context.lang)?;
    let text = input::text_or_stdin(text, context.lang)?;
    store
        .edit(&name, &context.user, |a| a.set_answer(id, &text))
        .map_err(|e| context.fail(e))?;
    let chars = text.trim().chars().count();
    match context.lang {
        crate::i18n::Lang::Zh if chars == 0 => writeln!(out, "已清除 {id} 的回答（草稿）")?,
        crate::i18n::Lang::Zh => writeln!(out, "已寫入 {id} 的回答（{chars} 字，草稿）")?,
        crate::i18n::Lang::En if chars == 0 => writeln!(out, "cleared the answer to {id} (draft)")?,
        crate::i18n::Lang::En => writeln!(out, "answered {id} ({chars} characters, draft)")?,
    }
    Ok(Exit::Success)
}
