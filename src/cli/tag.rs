//! `dsw tag NAME [REV] [-m MSG]` and `dsw tags`.

use std::io::Write;

use super::{Context, Exit, Out};
use crate::store::{Author, short_id};
use crate::time;

/// Tags a revision as an iteration.
pub fn run(
    context: &Context,
    name: &str,
    rev: Option<&str>,
    message: Option<&str>,
    out: &mut Out,
) -> anyhow::Result<Exit> {
    let store = context.store()?;
    let tagger = Author::resolve(None, Some(store.repository())).map_err(|e| context.fail(e))?;
    let tagged = store
        .tag(name, rev, message.unwrap_or(""), &tagger)
        .map_err(|e| context.fail(e))?;
    writeln!(out, "{}", tagged.describe(context.lang))?;
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
