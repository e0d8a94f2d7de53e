//! `dsw evidence ITEM add LABEL TARGET` / `remove N`.

use std::io::Write;

use super::{Context, EvidenceCommand, Exit, Out, UserError, lookup};
use crate::assessment::Evidence;

/// Adds or removes an evidence link of item `id`.
pub fn run(
    context: &Context,
    id: &str,
    action: EvidenceCommand,
    out: &mut Out,
) -> anyhow::Result<Exit> {
    let lang = context.lang;
    let (store, name, form) = context.open_for_edit()?;
    lookup::item(&form, id, lang)?;
    match action {
        EvidenceCommand::Add { label, target } => {
            if label.trim().is_empty() || target.trim().is_empty() {
                return Err(UserError::bad_input(lang.pick(
                    "說明與連結都不可為空白。",
                    "label and target must not be empty.",
                ))
                .into());
            }
            let count = store
                .edit(&name, &context.user, |a| {
                    a.add_evidence(id, Evidence { label, target });
                    a.evidence(id).len()
                })
                .map_err(|e| context.fail(e))?;
            writeln!(
                out,
                "{id}: {} {count}{}",
                lang.pick("佐證", "evidence"),
                lang.pick("（草稿）", " (draft)")
            )?;
        }
        EvidenceCommand::Remove { number } => {
            let removed = store
                .edit(&name, &context.user, |a| {
                    number >= 1 && a.remove_evidence(id, number - 1)
                })
                .map_err(|e| context.fail(e))?;
            if !removed {
                let message = match lang {
                    crate::i18n::Lang::Zh => {
                        format!(
                            "{id} 沒有第 {number} 個佐證；`dsw show --draft` 列出你草稿中現有的。"
                        )
                    }
                    crate::i18n::Lang::En => {
                        format!(
                            "{id} has no evidence number {number}; `dsw show --draft` lists those in your draft."
                        )
                    }
                };
                return Err(UserError::bad_input(message).into());
            }
            writeln!(
                out,
                "{id}: {} {number}{}",
                lang.pick("已移除佐證", "removed evidence"),
                lang.pick("（草稿）", " (draft)")
            )?;
        }
    }
    Ok(Exit::Success)
}
