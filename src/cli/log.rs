//! `dsw log [-n N] [--json]`.

use std::io::Write;

use super::{Context, Exit, Out, time};
use crate::safe_text::visible;
use crate::store::short_id;

/// Lists revisions newest first; JSON is written as one array, streamed.
pub fn run(
    context: &Context,
    max: Option<usize>,
    json: bool,
    out: &mut Out,
) -> anyhow::Result<Exit> {
    let lang = context.lang;
    let (store, name) = context.open()?;
    let fail = |e| context.fail(e);
    let log = store.log(&name, None).map_err(fail)?;
    if json {
        write!(out, "[")?;
    }
    for (n, revision) in log.take(max.unwrap_or(usize::MAX)).enumerate() {
        let revision = revision.map_err(fail)?;
        let stat = match &revision.stat {
            Some(stat) => *stat,
            None => store.stat_of(&name, &revision).map_err(fail)?,
        };
        if json {
            let value = serde_json::json!({
                "id": revision.id.to_string(),
                "date": time::rfc3339(revision.time, revision.offset_minutes),
                "author": revision.author,
                "email": revision.email,
                "message": revision.message,
                "stat": stat,
                "tags": revision.tags,
            });
            if n > 0 {
                write!(out, ",")?;
            }
            write!(out, "\n  {value}")?;
            continue;
        }
        let tags = if revision.tags.is_empty() {
            String::new()
        } else {
            format!(
                "  [{}]",
                revision
                    .tags
                    .iter()
                    .map(|t| visible(t, false).into_owned())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        writeln!(
            out,
            "{}  {}  {}  {}{tags}",
            short_id(revision.id),
            time::format(revision.time, revision.offset_minutes),
            visible(&revision.author, false),
            visible(revision.summary(), false),
        )?;
        if stat != crate::diff::Stat::default() {
            writeln!(out, "          {}", stat.describe(lang))?;
        }
    }
    if json {
        writeln!(out, "\n]")?;
    }
    Ok(Exit::Success)
}
