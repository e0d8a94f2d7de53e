//! `dsw status`: completion per guideline, your draft's changes, revisions by others.

use std::io::Write;

use super::{Context, Exit, Out};
use crate::diff::AssessmentDiff;
use crate::i18n::Lang;
use crate::safe_text::visible;
use crate::store::{StoreError, Sync, short_id};

/// Prints the assessment's state for the user.
pub fn run(context: &Context, out: &mut Out) -> anyhow::Result<Exit> {
    let lang = context.lang;
    let (store, name) = context.open()?;
    let fail = |e| context.fail(e);
    let head = store.head_commit().map_err(fail)?;
    let draft = store.draft(&name, &context.user).map_err(fail)?;
    let current = match &draft {
        Some(draft) => draft.mine.clone(),
        None => store.load_at(&name, head).map_err(fail)?,
    };
    let form = store.form_of(&current).map_err(fail)?;
    let branch = store.branch().map_err(fail)?;

    writeln!(
        out,
        "{} · {} · {branch} {}",
        name.file_name(),
        form.title,
        short_id(head)
    )?;
    let total = current.completion(form, None);
    match lang {
        Lang::Zh => writeln!(
            out,
            "完成度 {:.0}%：關鍵問題 {}/{} 已回答，檢核項目 {}/{} 已完成或不適用",
            total.ratio() * 100.0,
            total.answered,
            total.questions,
            total.settled,
            total.items
        )?,
        Lang::En => writeln!(
            out,
            "{:.0}% complete: {}/{} key questions answered, {}/{} checklist items done or n/a",
            total.ratio() * 100.0,
            total.answered,
            total.questions,
            total.settled,
            total.items
        )?,
    }
    let mut rows = Vec::new();
    for group in &form.groups {
        let done = current.completion(form, Some(&group.id));
        let heading = store
            .catalog()
            .guidelines
            .guideline(&group.id)
            .map_or_else(|| group.id.to_string(), |g| g.heading());
        rows.push(vec![
            format!("  {heading}"),
            bar(done.ratio()),
            format!("{}/{}", done.answered, done.questions),
            format!("{}/{}", done.settled, done.items),
        ]);
    }
    super::layout::write_columns(out, &rows)?;

    writeln!(out)?;
    match &draft {
        Some(draft) if !draft.is_empty() => {
            let stat = AssessmentDiff::between(&draft.base, &draft.mine, form).stat();
            match lang {
                Lang::Zh => writeln!(
                    out,
                    "你的草稿（{}，以 {} 為基礎）：{}",
                    context.user,
                    short_id(draft.base_rev),
                    stat.describe(lang)
                )?,
                Lang::En => writeln!(
                    out,
                    "your draft ({}, based on {}): {}",
                    context.user,
                    short_id(draft.base_rev),
                    stat.describe(lang)
                )?,
            }
        }
        _ => writeln!(out, "{}", lang.pick("沒有草稿變更。", "no draft changes."))?,
    }
    if let Some(draft) = &draft {
        if draft.base_rev != head {
            let mut authors: Vec<String> = Vec::new();
            let mut count = 0;
            for revision in store.log(&name, Some(head)).map_err(fail)? {
                let revision = revision.map_err(fail)?;
                if revision.id == draft.base_rev
                    || store
                        .repository()
                        .graph_descendant_of(draft.base_rev, revision.id)
                        .unwrap_or(false)
                {
                    break;
                }
                count += 1;
                let author = visible(&revision.author, false).into_owned();
                if !authors.contains(&author) {
                    authors.push(author);
                }
            }
            if count > 0 {
                match lang {
                    Lang::Zh => writeln!(
                        out,
                        "他人在你之後提交了 {count} 個版本（{}），提交時會自動合併。",
                        authors.join("、")
                    )?,
                    Lang::En => writeln!(
                        out,
                        "{count} newer revision{} by {} since your draft began; committing merges them.",
                        if count == 1 { "" } else { "s" },
                        authors.join(", ")
                    )?,
                }
            }
        }
        let conflicts = store.conflicts(&name, &context.user).map_err(fail)?;
        if !conflicts.is_empty() {
            let ids: Vec<String> = conflicts.iter().map(|c| c.path.to_string()).collect();
            match lang {
                Lang::Zh => writeln!(
                    out,
                    "提交時會有 {} 個衝突：{}（`dsw resolve ID --mine | --theirs`）",
                    ids.len(),
                    ids.join("、")
                )?,
                Lang::En => writeln!(
                    out,
                    "committing now would conflict on {}: {} (`dsw resolve ID --mine | --theirs`)",
                    ids.len(),
                    ids.join(", ")
                )?,
            }
        }
    }
    let others: Vec<String> = store
        .draft_owners(&name)
        .into_iter()
        .filter(|u| *u != context.user)
        .collect();
    if !others.is_empty() {
        match lang {
            Lang::Zh => writeln!(out, "也有草稿的使用者：{}", others.join("、"))?,
            Lang::En => writeln!(out, "others with drafts: {}", others.join(", "))?,
        }
    }
    let orphans: Vec<String> = current
        .orphaned_answers(form)
        .chain(current.orphaned_items(form))
        .map(|id| visible(id, false).into_owned())
        .chain(
            current
                .orphaned_meta(form)
                .map(|id| format!("meta/{}", visible(id, false))),
        )
        .collect();
    if !orphans.is_empty() {
        match lang {
            Lang::Zh => writeln!(
                out,
                "表單已無這些代碼，內容保留未刪：{}",
                orphans.join("、")
            )?,
            Lang::En => writeln!(
                out,
                "kept, but no longer in the form: {}",
                orphans.join(", ")
            )?,
        }
    }
    // A plain git merge stopped on the assessment: say how to finish it.
    if let Some(operation) = store.unfinished_operation() {
        let open = store.git_conflicts(&name).map_err(fail)?;
        let ids: Vec<String> = open.iter().map(ToString::to_string).collect();
        match (lang, ids.is_empty()) {
            (Lang::Zh, false) => writeln!(
                out,
                "git 的 {operation} 尚未完成，{} 有 {} 個衝突欄位：{}。以 `dsw resolve ID --mine | --theirs | --text T` 逐欄決定，再執行 `git {operation} --continue`。",
                name.file_name(),
                ids.len(),
                ids.join("、")
            )?,
            (Lang::En, false) => writeln!(
                out,
                "a git {operation} is unfinished and {} has {} conflicting field(s): {}. Settle each with `dsw resolve ID --mine | --theirs | --text T`, then run `git {operation} --continue`.",
                name.file_name(),
                ids.len(),
                ids.join(", ")
            )?,
            (Lang::Zh, true) => writeln!(
                out,
                "git 的 {operation} 尚未完成；完成（`git {operation} --continue`）或放棄（`git {operation} --abort`）前，dsw 不會修改評估。"
            )?,
            (Lang::En, true) => writeln!(
                out,
                "a git {operation} is unfinished; until it is finished (`git {operation} --continue`) or aborted (`git {operation} --abort`), dsw changes nothing."
            )?,
        }
    }
    // A commit by another process may have left the working file behind.
    match store.sync_worktree(&name) {
        Ok(Sync::HandEdited(path)) => {
            writeln!(out, "{}", StoreError::HandEdited(path).message(lang))?
        }
        Ok(_) => {}
        Err(error) => writeln!(out, "{}", error.message(lang))?,
    }
    Ok(Exit::Success)
}

/// A ten-cell bar for a ratio.
fn bar(ratio: f64) -> String {
    let filled = (ratio.clamp(0.0, 1.0) * 10.0).round() as usize;
    format!("{}{}", "█".repeat(filled), "░".repeat(10 - filled))
}
