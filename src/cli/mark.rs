//! `dsw mark ITEM STATUS`: set a checklist item's status in your draft.

use std::io::Write;

use super::{Context, Exit, Out, UserError, lookup};
use crate::form::Status;

/// Sets item `id` to `status`.
pub fn run(context: &Context, id: &str, status: &str, out: &mut Out) -> anyhow::Result<Exit> {
    let lang = context.lang;
    let status: Status = status.parse().map_err(|_| {
        UserError::bad_input(match lang {
            crate::i18n::Lang::Zh => {
                format!("不認得狀態 `{status}`；請用 todo、partial、done 或 na。")
            }
            crate::i18n::Lang::En => {
                format!("unknown status `{status}`; use todo, partial, done or na.")
            }
        })
    })?;
    let (store, name, form) = context.open_for_edit()?;
    lookup::item(&form, id, lang)?;
    store
        .edit(&name, &context.user, |a| a.set_status(id, status))
        .map_err(|e| context.fail(e))?;
    writeln!(
        out,
        "{id}: {}{}",
        status.label(lang),
        lang.pick("（草稿）", " (draft)")
    )?;
    Ok(Exit::Success)
}
