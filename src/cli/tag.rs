//! `dsw tag NAME [REV] [-m MSG]` and `dsw tags`.

use std::io::Write;

use super::{Context, Exit, Out, UserError};
use crate::i18n::Lang;
use crate::store::{Author, StoreError, short_id};
use crate::time;

/// Tags a revision as an iteration.
pub fn run(
    context: &Context,
    name: &str,
    rev: Option<&str>,
    message: Option<&str>,
    out: &mut Out,
) -> anyhow::Result<Exit> {
    let lang = context.lang;
    let store = context.store()?;
    let fail = |e| context.fail(e);
    let id = match rev {
        Some(spec) => store.resolve_rev(spec).map_err(fail)?,
        None => store.head_commit().map_err(fail)?,
    };
    if store
        .iterations()
        .map_err(fail)?
        .iter()
        .any(|it| it.name == name)
    {
        return Err(UserError::bad_input(match lang {
            Lang::Zh => format!("已有名為 `{name}` 的送審標記；請換個名稱。"),
            Lang::En => format!("an iteration named `{name}` exists already; choose another name."),
        })
        .into());
    }
    let tagger =
        Author::resolve(None, store.repository()).map_err(|t| fail(StoreError::BadAuthor(t)))?;
    store
        .tag(name, id, message.unwrap_or(""), &tagger)
        .map_err(|e| match e {
            StoreError::UnknownRevision(_) => UserError::bad_input(match lang {
                Lang::Zh => {
                    format!("`{name}` 不能當標記名稱（不可含空白、~ ^ : ? * [ \\ 或 ..）。")
                }
                Lang::En => {
                    format!("`{name}` is not a valid tag name (no spaces, ~ ^ : ? * [ \\ or ..).")
                }
            })
            .into(),
            other => fail(other),
        })?;
    writeln!(
        out,
        "{} {} → {}",
        lang.pick("已標記", "tagged"),
        crate::safe_text::visible(name, false),
        short_id(id)
    )?;
    Ok(Exit::Success)
}

/// Lists iterations, oldest first.
pub fn list(context: &Context, out: &mut Out) -> anyhow::Result<Exit> {
    let store = context.store()?;
    let iterations = store.iterations().map_err(|e| context.fail(e))?;
    if iterations.is_empty() {
        writeln!(
            out,
            "{}",
            context.lang.pick(
                "還沒有送審標記；用 `dsw tag 第一次送審` 建立。",
                "no iterations yet; `dsw tag NAME` makes one."
            )
        )?;
    }
    let rows: Vec<Vec<String>> = iterations
        .iter()
        .map(|it| {
            vec![
                crate::safe_text::visible(&it.name, false).into_owned(),
                short_id(it.target),
                time::format(it.time, it.offset_minutes),
                crate::safe_text::visible(&it.tagger, false).into_owned(),
                it.message.lines().next().unwrap_or("").to_owned(),
            ]
        })
        .collect();
    super::layout::write_columns(out, &rows)?;
    Ok(Exit::Success)
}
