//! `dsw discard [--review]`: drop your draft, or the review text you typed in the
//! workbench and did not send.

use std::io::Write;

use super::{Context, Exit, Out};
use crate::i18n::Lang;

/// Deletes the user's draft of the assessment; with `review`, their unsent review
/// text instead. Each is kept when the other is dropped: they are different work.
pub fn run(context: &Context, review: bool, out: &mut Out) -> anyhow::Result<Exit> {
    let lang = context.lang;
    let (store, name) = context.open()?;
    if review {
        let dropped = store
            .discard_unsent_reviews(&name, &context.user)
            .map_err(|e| context.fail(e))?;
        match (dropped, lang) {
            (0, _) => writeln!(
                out,
                "{}",
                lang.pick(
                    "沒有尚未送出的審查文字。",
                    "there was no unsent review text."
                )
            )?,
            (n, Lang::Zh) => writeln!(out, "已丟棄 {n} 則尚未送出的審查文字。")?,
            (1, Lang::En) => writeln!(out, "unsent review text discarded.")?,
            (n, Lang::En) => writeln!(out, "{n} unsent review texts discarded.")?,
        }
        return Ok(Exit::Success);
    }
    let existed = store
        .discard_draft(&name, &context.user)
        .map_err(|e| context.fail(e))?;
    let text = match existed {
        true => lang.pick("已丟棄草稿。", "draft discarded."),
        false => lang.pick("沒有草稿。", "there was no draft."),
    };
    writeln!(out, "{text}")?;
    // Said, so nobody takes it for gone (or for dropped).
    let unsent = store
        .unsent_reviews(&name, &context.user)
        .map(|found| found.texts.len() + found.unreadable.len())
        .unwrap_or(0);
    if unsent > 0 {
        writeln!(
            out,
            "{}",
            lang.pick(
                "尚未送出的審查文字仍保留（工作台會放回編輯器）；要丟棄它：dsw discard --review",
                "your unsent review text is kept (the workbench puts it back in its editor); to drop it: dsw discard --review",
            )
        )?;
    }
    Ok(Exit::Success)
}
