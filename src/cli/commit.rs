//! `dsw commit -m MSG [--author A] [--from-file]`.

use std::io::Write;

use super::{Context, Exit, Out, UserError, conflicts};
use crate::store::{Author, Committed, StoreError, Sync, short_id};

/// Commits the user's draft (or, with `--from-file`, the hand-edited working file).
pub fn run(
    context: &Context,
    message: &str,
    author: Option<&str>,
    from_file: bool,
    out: &mut Out,
) -> anyhow::Result<Exit> {
    let lang = context.lang;
    if message.trim().is_empty() {
        return Err(UserError::bad_input(lang.pick(
            "版本說明不可為空白（-m MSG）。",
            "the message must not be empty (-m MSG).",
        ))
        .into());
    }
    let (store, name) = context.open()?;
    let author = Author::resolve(author, store.repository())
        .map_err(|t| context.fail(StoreError::BadAuthor(t)))?;
    let result = if from_file {
        store.commit_from_file(&name, message, &author)
    } else {
        store.commit(&name, &context.user, message, &author)
    };
    match result {
        Ok(Committed::Revision {
            id,
            stat,
            merged,
            worktree,
        }) => {
            write!(
                out,
                "{} {} — {}",
                lang.pick("已提交", "committed"),
                short_id(id),
                stat.describe(lang)
            )?;
            if merged {
                write!(
                    out,
                    "{}",
                    lang.pick(
                        "（已與他人的新版本合併）",
                        " (merged with newer revisions by others)"
                    )
                )?;
            }
            writeln!(out)?;
            match worktree {
                Sync::Updated => {}
                Sync::HandEdited(path) => {
                    writeln!(out, "{}", StoreError::HandEdited(path).message(lang))?;
                }
                Sync::Failed(reason) => writeln!(
                    out,
                    "{}{}",
                    lang.pick("工作目錄中的檔案未能更新（版本已安全提交）：", "the working-tree file could not be updated (the revision is safely committed): "),
                    crate::safe_text::visible(&reason, false)
                )?,
                Sync::Busy => writeln!(
                    out,
                    "{}",
                    lang.pick(
                        "工作目錄中的檔案稍後會更新。",
                        "the working-tree file will be updated by the next dsw command."
                    )
                )?,
            }
            Ok(Exit::Success)
        }
        Ok(Committed::NothingToCommit) => {
            writeln!(
                out,
                "{}",
                lang.pick("沒有需要提交的變更。", "nothing to commit.")
            )?;
            Ok(Exit::Success)
        }
        Err(StoreError::Conflicts { conflicts: list }) => {
            let draft = store.draft(&name, &context.user).ok().flatten();
            let details = match &draft {
                Some(draft) => match store.form_of(&draft.mine) {
                    Ok(form) => {
                        let brics = &store.catalog().brics;
                        conflicts::render(&list, form, brics, &draft.mine, lang)
                    }
                    Err(_) => String::new(),
                },
                None => String::new(),
            };
            let message = StoreError::Conflicts { conflicts: list }.message(lang);
            Err(UserError {
                exit: Exit::Conflict,
                message: format!("{message}\n{}", details.trim_end()),
            }
            .into())
        }
        Err(error) => Err(context.fail(error)),
    }
}
