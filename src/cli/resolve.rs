//! `dsw resolve ID (--mine | --theirs | --text T | -)`.

use std::io::Write;

use super::{Context, Exit, Out, UserError, input};
use crate::diff::FieldPath;
use crate::i18n::Lang;
use crate::store::{Choice, Unresolvable};

/// Settles one conflicting field of the user's draft.
pub fn run(
    context: &Context,
    id: &str,
    mine: bool,
    theirs: bool,
    text: Option<String>,
    out: &mut Out,
) -> anyhow::Result<Exit> {
    let lang = context.lang;
    let path: FieldPath = id
        .parse()
        .map_err(|e: crate::diff::ParsePathError| UserError::bad_input(e.message(lang)))?;
    let choice = match (mine, theirs, text) {
        (true, _, _) => Choice::Mine,
        (_, true, _) => Choice::Theirs,
        (_, _, Some(text)) => Choice::Text(input::text_or_stdin(Some(&text), lang)?),
        _ => {
            return Err(UserError::bad_input(lang.pick(
                "請指定 --mine、--theirs 或 --text T。",
                "say how: --mine, --theirs or --text T.",
            ))
            .into());
        }
    };
    let (store, name) = context.open()?;
    match store
        .resolve(&name, &context.user, &path, choice)
        .map_err(|e| context.fail(e))?
    {
        Ok(remaining) if remaining.is_empty() => {
            writeln!(
                out,
                "{}",
                lang.pick(
                    "已解決；現在可以 `dsw commit -m MSG`。",
                    "resolved; you can `dsw commit -m MSG` now."
                )
            )?;
        }
        Ok(remaining) => {
            let ids: Vec<String> = remaining.iter().map(|c| c.path.to_string()).collect();
            match lang {
                Lang::Zh => writeln!(
                    out,
                    "已解決 {path}；還有 {} 個衝突：{}",
                    ids.len(),
                    ids.join("、")
                )?,
                Lang::En => writeln!(
                    out,
                    "resolved {path}; {} conflicts left: {}",
                    ids.len(),
                    ids.join(", ")
                )?,
            }
        }
        Err(Unresolvable::NoDraft) => {
            return Err(UserError::bad_input(lang.pick(
                "你沒有草稿，沒有要解決的衝突。",
                "you have no draft, so nothing conflicts.",
            ))
            .into());
        }
        Err(Unresolvable::NotInConflict(list)) => {
            let ids: Vec<String> = list.iter().map(ToString::to_string).collect();
            let message = match (lang, ids.is_empty()) {
                (Lang::Zh, true) => format!("{path} 沒有衝突；目前沒有任何衝突。"),
                (Lang::Zh, false) => format!("{path} 沒有衝突；有衝突的是：{}", ids.join("、")),
                (Lang::En, true) => format!("{path} is not in conflict; nothing is."),
                (Lang::En, false) => {
                    format!("{path} is not in conflict; these are: {}", ids.join(", "))
                }
            };
            return Err(UserError::bad_input(message).into());
        }
        Err(Unresolvable::NotText) => {
            return Err(UserError::bad_input(lang.pick(
                "這個欄位不是文字；請用 --mine 或 --theirs。",
                "this field is not text; use --mine or --theirs.",
            ))
            .into());
        }
    }
    Ok(Exit::Success)
}
