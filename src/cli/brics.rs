//! `dsw brics set TABLE STAKEHOLDER FIELD VALUE` and `dsw brics remove TABLE [STAKEHOLDER]`:
//! the BRiCS edits of `assessment`, with their checks, on the user's draft.

use std::io::Write;

use super::{BricsCommand, Context, Exit, Out, UserError, input};
use crate::assessment::Cell;
use crate::i18n::Lang;

/// Runs a `dsw brics` subcommand.
pub fn run(context: &Context, action: BricsCommand, out: &mut Out) -> anyhow::Result<Exit> {
    let lang = context.lang;
    let (store, name) = context.open()?;
    let brics = &store.catalog().brics;
    let refused = |error: crate::assessment::BricsError| UserError::bad_input(error.message(lang));
    match action {
        BricsCommand::Set {
            table,
            stakeholder,
            field,
            value,
        } => {
            let cell = Cell::parse(&field)
                .filter(|c| *c != Cell::Name)
                .ok_or_else(|| {
                    UserError::bad_input(match lang {
                        Lang::Zh => {
                            format!("不認得欄位 `{field}`；請用 benefit、risk、cost 或 kind。")
                        }
                        Lang::En => {
                            format!("unknown field `{field}`; use benefit, risk, cost or kind.")
                        }
                    })
                })?;
            let value = input::text_or_stdin(Some(&value), lang)?;
            store
                .edit(&name, &context.user, |a| {
                    a.set_brics_cell(brics, &table, &stakeholder, cell, &value)
                })
                .map_err(|e| context.fail(e))?
                .map_err(refused)?;
            // A blank table name means the course's default table.
            let table = if table.trim().is_empty() {
                brics.title.trim()
            } else {
                table.as_str()
            };
            writeln!(
                out,
                "{} / {} / {}{}",
                crate::safe_text::visible(table, false),
                crate::safe_text::visible(&stakeholder, false),
                cell.label(lang),
                lang.pick("（草稿）", " (draft)")
            )?;
        }
        BricsCommand::Remove { table, stakeholder } => {
            let removed = store
                .edit(&name, &context.user, |a| {
                    a.remove_brics(&table, stakeholder.as_deref())
                })
                .map_err(|e| context.fail(e))?
                .map_err(refused)?;
            if !removed {
                return Err(UserError::bad_input(lang.pick(
                    "找不到這張表或這位利害關係人；`dsw show --draft` 列出你草稿中現有的。",
                    "no such table or stakeholder; `dsw show --draft` lists those in your draft.",
                ))
                .into());
            }
            writeln!(out, "{}", lang.pick("已移除（草稿）", "removed (draft)"))?;
        }
    }
    Ok(Exit::Success)
}
