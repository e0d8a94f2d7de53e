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
    // A plain git merge stopped on the assessment: settle the field in the file.
    if let Some(operation) = store.unfinished_operation()
        && let Some((ours, _)) = store.git_conflict(&name).map_err(|e| context.fail(e))?
    {
        let path = path.with_ids(&ours);
        return resolve_in_git(context, &store, &name, &path, choice, operation, out);
    }
    // BRiCS tables and stakeholders may be named by title and name.
    let path = match store.draft(&name, &context.user) {
        Ok(Some(draft)) => path.with_ids(&draft.mine),
        _ => path,
    };
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
            write_remaining(out, &path, &ids, lang)?;
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

/// `dsw resolve` while a git merge (pull, rebase, cherry-pick) is stopped on the
/// assessment: the field is settled in the working file, which is staged once no
/// conflict is left.
fn resolve_in_git(
    context: &Context,
    store: &crate::store::Store,
    name: &crate::store::AssessmentName,
    path: &FieldPath,
    choice: Choice,
    operation: &str,
    out: &mut Out,
) -> anyhow::Result<Exit> {
    let lang = context.lang;
    let continue_with = if operation == "merge" {
        "git merge --continue".to_owned()
    } else {
        format!("git {operation} --continue")
    };
    match store
        .resolve_git_conflict(name, path, choice)
        .map_err(|e| context.fail(e))?
    {
        Ok(remaining) if remaining.is_empty() => writeln!(
            out,
            "{}",
            match lang {
                Lang::Zh => format!(
                    "已解決，{} 已無衝突並已 git add。請執行 `{continue_with}` 完成。",
                    name.file_name()
                ),
                Lang::En => format!(
                    "resolved; {} has no conflicts left and is staged. Run `{continue_with}` to finish.",
                    name.file_name()
                ),
            }
        )?,
        Ok(remaining) => {
            let ids: Vec<String> = remaining.iter().map(ToString::to_string).collect();
            write_remaining(out, path, &ids, lang)?;
        }
        Err(Unresolvable::NotInConflict(list)) => {
            let ids: Vec<String> = list.iter().map(ToString::to_string).collect();
            return Err(UserError::bad_input(match lang {
                Lang::Zh => format!("{path} 沒有衝突；有衝突的是：{}", ids.join("、")),
                Lang::En => format!("{path} is not in conflict; these are: {}", ids.join(", ")),
            })
            .into());
        }
        Err(Unresolvable::NotText) => {
            return Err(UserError::bad_input(lang.pick(
                "這個欄位不是文字；請用 --mine 或 --theirs。",
                "this field is not text; use --mine or --theirs.",
            ))
            .into());
        }
        Err(Unresolvable::NoDraft) => {}
    }
    Ok(Exit::Success)
}

/// "resolved X; N left: …", for both kinds of conflict.
fn write_remaining(
    out: &mut Out,
    path: &FieldPath,
    ids: &[String],
    lang: Lang,
) -> std::io::Result<()> {
    match lang {
        Lang::Zh => writeln!(
            out,
            "已解決 {path}；還有 {} 個衝突：{}",
            ids.len(),
            ids.join("、")
        ),
        Lang::En => writeln!(
            out,
            "resolved {path}; {} left: {}",
            ids.len(),
            ids.join(", ")
        ),
    }
}
