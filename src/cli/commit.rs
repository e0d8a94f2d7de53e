//! `dsw commit -m MSG [--author A] [--from-file]`.

use std::io::Write;

use super::{Context, Exit, Out, UserError, conflicts, hint};
use crate::store::{Author, StoreError};

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
    let author = Author::resolve(author, Some(store.repository())).map_err(|e| context.fail(e))?;
    // A hand-edited review file goes in too, merged comment by comment with what
    // others committed since (checked first, so a broken one commits nothing).
    let review = if from_file && store.review_hand_edited(&name).unwrap_or(false) {
        store
            .commit_review_from_file(&name, message, &author)
            .map_err(|e| context.fail(e))?
    } else {
        None
    };
    let result = if from_file {
        store.commit_from_file(&name, message, &author)
    } else {
        store.commit(&name, &context.user, message, &author)
    };
    if let Some((id, sync)) = &review {
        writeln!(
            out,
            "{} {}",
            lang.pick(
                "已提交審查意見檔的手動修改",
                "committed the hand edits of the review file"
            ),
            crate::store::short_id(*id)
        )?;
        if let Some(note) = hint::worktree_note(sync, lang) {
            writeln!(out, "{note}")?;
        }
    }
    match result {
        // The review file's edits were the commit: nothing else to say.
        Ok(crate::store::Committed::NothingToCommit) if review.is_some() => Ok(Exit::Success),
        Ok(committed) => {
            writeln!(out, "{}", committed.describe(lang))?;
            if let Some(note) = committed
                .worktree_note()
                .and_then(|sync| hint::worktree_note(sync, lang))
            {
                writeln!(out, "{note}")?;
            }
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
            let message = hint::store_message(&StoreError::Conflicts { conflicts: list }, lang);
            Err(UserError {
                exit: Exit::Conflict,
                message: format!("{message}\n{}", details.trim_end()),
            }
            .into())
        }
        Err(error) => Err(context.fail(error)),
    }
}
