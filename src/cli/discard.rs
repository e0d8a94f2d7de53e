//! `dsw discard`: drop your draft.

use std::io::Write;

use super::{Context, Exit, Out};

/// Deletes the user's draft of the assessment.
pub fn run(context: &Context, out: &mut Out) -> anyhow::Result<Exit> {
    let (store, name) = context.open()?;
    let existed = store
        .discard_draft(&name, &context.user)
        .map_err(|e| context.fail(e))?;
    let text = match existed {
        true => context.lang.pick("已丟棄草稿。", "draft discarded."),
        false => context.lang.pick("沒有草稿。", "there was no draft."),
    };
    writeln!(out, "{text}")?;
    Ok(Exit::Success)
}
