//! `dsw log [-n N] [--json]`.

use std::io::Write;

use super::{Context, Exit, Out};
use crate::safe_text::visible;
use crate::store::short_id;
use crate::time;

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
        // A revision dsw cannot read (a hand commit with conflict markers) is listed
        // without its change count rather than ending the log.
        let stat = match &revision.stat {
            Some(stat) => Some(*stat),
            None => store.stat_of(&name, &revision).ok(),
        };
        if json {
            let value = serde_json::json!({
                "id": revision.id.to_string(),
                "date": time::rfc3339(revision.time, revision.offset_minutes),
                "author": revision.author,
                "email": revision.email,
                "committer": revision.committer,
                "committer_email": revision.committer_email,
                "message": revision.message,
                "stat": stat,
                "tags": revision.tags,
            });
            if n > 0 {
                write!(out, ",")?;
            }
            write!(out, "\n  {}", crate::safe_text::json(&value, false))?;
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
        // Someone committing on another's behalf (`--author`) is named too.
        let by = match revision.committed_by_other() {
            Some(committer) => format!(
                "{}{}",
                lang.pick("（提交者 ", " (committed by "),
                format_args!("{}{}", visible(&committer, false), lang.pick("）", ")"))
            ),
            None => String::new(),
        };
        writeln!(
            out,
            "{}  {}  {}{by}  {}{tags}",
            short_id(revision.id),
            time::format(revision.time, revision.offset_minutes),
            visible(&revision.author, false),
            visible(revision.summary(), false),
        )?;
        match stat {
            Some(stat) if stat != crate::diff::Stat::default() => {
                writeln!(out, "          {}", stat.describe(lang))?
            }
            Some(_) => {}
            None => writeln!(
                out,
                "          {}",
                lang.pick("（無法讀取此版本）", "(this revision cannot be read)")
            )?,
        }
    }
    if json {
        writeln!(out, "\n]")?;
    }
    Ok(Exit::Success)
}
