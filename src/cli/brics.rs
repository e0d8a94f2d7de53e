//! `dsw brics set TABLE STAKEHOLDER FIELD VALUE` and `dsw brics remove TABLE [STAKEHOLDER]`.

use std::io::Write;

use super::{BricsCommand, Context, Exit, Out, UserError, input};
use crate::assessment::{Assessment, BricsTable, Cell, Stakeholder, new_id};
use crate::i18n::Lang;
use crate::suggest::closest;

/// Runs a `dsw brics` subcommand.
pub fn run(context: &Context, action: BricsCommand, out: &mut Out) -> anyhow::Result<Exit> {
    let lang = context.lang;
    let (store, name) = context.open()?;
    // Two people who each created a table with the same title at once leave two:
    // by title, which one is meant cannot be told — ask for the id.
    let table_key = match &action {
        BricsCommand::Set { table, .. } | BricsCommand::Remove { table, .. } => table.clone(),
    };
    let current = store
        .draft_or_head(&name, &context.user)
        .map_err(|e| context.fail(e))?
        .mine;
    let ids: Vec<&str> = current
        .brics
        .iter()
        .filter(|t| t.title == table_key && t.id != table_key)
        .map(|t| t.id.as_str())
        .collect();
    if ids.len() > 1 {
        return Err(UserError::bad_input(match lang {
            Lang::Zh => format!(
                "有 {} 張表都叫「{}」；請改用表的代碼：{}",
                ids.len(),
                crate::safe_text::visible(&table_key, false),
                ids.join("、")
            ),
            Lang::En => format!(
                "{} tables are titled “{}”; name one by its id: {}",
                ids.len(),
                crate::safe_text::visible(&table_key, false),
                ids.join(", ")
            ),
        })
        .into());
    }
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
            if cell == Cell::Kind
                && !value.is_empty()
                && store.catalog().brics.kind(&value).is_none()
            {
                let kinds: Vec<&str> = store
                    .catalog()
                    .brics
                    .kinds
                    .iter()
                    .map(|k| k.id.as_str())
                    .collect();
                let hint = closest(&value, kinds.iter().copied())
                    .map(|c| format!(" `{c}`?"))
                    .unwrap_or_default();
                let list: Vec<String> = store
                    .catalog()
                    .brics
                    .kinds
                    .iter()
                    .map(|k| format!("{} ({})", k.id, k.name))
                    .collect();
                return Err(UserError::bad_input(match lang {
                    Lang::Zh => format!(
                        "不認得利害關係人類型 `{value}`{hint}。可用：{}",
                        list.join("、")
                    ),
                    Lang::En => format!(
                        "unknown stakeholder kind `{value}`{hint}. Known: {}",
                        list.join(", ")
                    ),
                })
                .into());
            }
            store
                .edit(&name, &context.user, |a| {
                    set(a, &table, &stakeholder, cell, &value)
                })
                .map_err(|e| context.fail(e))?;
            writeln!(
                out,
                "{} / {} / {}{}",
                crate::safe_text::visible(&table, false),
                crate::safe_text::visible(&stakeholder, false),
                cell.label(lang),
                lang.pick("（草稿）", " (draft)")
            )?;
        }
        BricsCommand::Remove { table, stakeholder } => {
            let removed = store
                .edit(&name, &context.user, |a| {
                    remove(a, &table, stakeholder.as_deref())
                })
                .map_err(|e| context.fail(e))?;
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

/// Sets one cell, creating the table and the stakeholder when missing.
fn set(assessment: &mut Assessment, table: &str, stakeholder: &str, cell: Cell, value: &str) {
    if assessment.table(table).is_none() {
        assessment.brics.push(BricsTable {
            id: new_id(),
            title: table.to_owned(),
            stakeholders: Vec::new(),
        });
    }
    let Some(table) = assessment.table_mut(table) else {
        return;
    };
    let index = table
        .stakeholders
        .iter()
        .position(|s| s.id == stakeholder)
        .or_else(|| {
            table
                .stakeholders
                .iter()
                .position(|s| s.name == stakeholder)
        });
    let index = match index {
        Some(index) => index,
        None => {
            table.stakeholders.push(Stakeholder {
                id: new_id(),
                name: stakeholder.to_owned(),
                ..Default::default()
            });
            table.stakeholders.len() - 1
        }
    };
    *table.stakeholders[index].cell_mut(cell) = value.to_owned();
}

/// Removes a stakeholder, or the table when `stakeholder` is `None`.
fn remove(assessment: &mut Assessment, table: &str, stakeholder: Option<&str>) -> bool {
    let Some(position) = assessment
        .brics
        .iter()
        .position(|t| t.id == table || t.title == table)
    else {
        return false;
    };
    match stakeholder {
        None => {
            assessment.brics.remove(position);
            true
        }
        Some(key) => {
            let rows = &mut assessment.brics[position].stakeholders;
            let before = rows.len();
            if let Some(index) = rows
                .iter()
                .position(|s| s.id == key)
                .or_else(|| rows.iter().position(|s| s.name == key))
            {
                rows.remove(index);
            }
            rows.len() != before
        }
    }
}
