//! `dsw status [--json]`: completion per guideline, your draft's changes, revisions by
//! others, who else has a draft and who is editing which field right now.

use std::io::Write;

use super::{Context, Exit, Out};
use crate::assessment::{Assessment, Completion};
use crate::diff::{BricsNames, FieldPath};
use crate::export::json::CompletionJson;
use crate::form::Form;
use crate::i18n::Lang;
use crate::report::Namer;
use crate::safe_text::visible;
use crate::store::{Account, Newer, Presence, Purpose, Store, Sync, UnsentReviews, short_id};
use crate::time;

/// Prints the assessment's state for the user; with `json`, one JSON object.
pub fn run(context: &Context, json: bool, out: &mut Out) -> anyhow::Result<Exit> {
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
    // What committing would change now, and what others committed meanwhile: the
    // same definitions as the workbench's (store::DraftChanges, store::Newer).
    let mut stat = None;
    let mut newer = Newer::default();
    let mut conflicts = Vec::new();
    // `--text` is offered only where every conflicting field is text.
    let mut all_text = true;
    if let Some(draft) = &draft {
        let changes = draft.changes(&store.load_at(&name, head).map_err(fail)?);
        stat = (!changes.is_empty()).then(|| changes.diff(form).stat());
        newer = store
            .newer_since(&name, draft.base_rev, head)
            .map_err(fail)?;
        conflicts = changes
            .conflicts
            .iter()
            .map(|c| c.path.to_string())
            .collect();
        all_text = changes.conflicts.iter().all(|c| c.path.is_text());
    }
    let others: Vec<String> = store
        .draft_owners(&name)
        .into_iter()
        .filter(|u| *u != context.user)
        .collect();
    let orphans: Vec<String> = current
        .orphaned_answers(form)
        .chain(current.orphaned_items(form))
        .map(str::to_owned)
        .chain(current.orphaned_meta(form).map(|id| format!("meta/{id}")))
        .collect();
    let editing = store.editing(&name);
    // Review text typed in the workbench and not sent (a session that died
    // mid-reply): said, so someone back at the command line learns of it.
    let unsent = store
        .unsent_reviews(&name, &context.user)
        .unwrap_or_else(|error| crate::store::UnsentReviews {
            texts: Vec::new(),
            unreadable: vec![error],
        });
    // Review comments stand against the committed content, as everyone sees it.
    let review = store.review(&name).map_err(fail)?;
    let review_counts =
        crate::review::Review::count(&review.comments, &store.load_at(&name, head).map_err(fail)?);
    // A commit by another process may have left the working file behind.
    let synced = store.sync_worktree(&name);
    // Each guideline's heading and completion, for the text and the JSON alike.
    let per_guideline: Vec<(&crate::form::Group, String, _)> = form
        .groups
        .iter()
        .map(|group| {
            let heading = store
                .catalog()
                .guidelines
                .guideline(&group.id)
                .map_or_else(|| group.id.to_string(), |g| g.heading());
            (group, heading, current.completion(form, Some(&group.id)))
        })
        .collect();

    if json {
        let offset = local_offset_minutes();
        let guidelines: Vec<serde_json::Value> = per_guideline
            .iter()
            .map(|(group, heading, done)| {
                let mut value = completion_json(*done);
                value["id"] = group.id.to_string().into();
                value["heading"] = heading.clone().into();
                value
            })
            .collect();
        let value = serde_json::json!({
            "assessment": name.0,
            "form": form.id.to_string(),
            "form_title": form.title.to_string(),
            "branch": branch,
            "head": head.to_string(),
            "completion": completion_json(current.completion(form, None)),
            "guidelines": guidelines,
            "user": context.user,
            "draft": draft.as_ref().map(|draft| serde_json::json!({
                "base": draft.base_rev.to_string(),
                "stat": stat.unwrap_or_default(),
            })),
            "newer": { "count": newer.count, "authors": newer.authors },
            "conflicts": conflicts,
            "drafts": others,
            "unsent_reviews": unsent.texts.iter().map(|u| serde_json::json!({
                "kind": match u.purpose {
                    Purpose::Reply { .. } => "reply",
                    Purpose::Reopen { .. } => "reopen",
                    Purpose::New => "new",
                },
                "number": u.number(),
                "target": u.target.to_string(),
                "edited": time::rfc3339(u.edited, offset),
                "elsewhere": u.by_another_window(),
            })).collect::<Vec<_>>(),
            "orphans": orphans,
            "review": {
                "open": review_counts.open,
                "reopened": review_counts.reopened,
                "replied": review_counts.replied,
                "changed": review_counts.changed,
                "accepted": review_counts.accepted,
            },
            "editing": editing.iter().map(|p| serde_json::json!({
                "user": p.user,
                "account": p.account,
                "field": p.field,
                "since": time::rfc3339(p.since, offset),
            })).collect::<Vec<_>>(),
            "hand_edited": matches!(synced, Ok(Sync::HandEdited(_))),
            "git_operation": store.unfinished_operation(),
            "git_conflicts": store
                .git_conflicts(&name)
                .unwrap_or_default()
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>(),
        });
        writeln!(out, "{}", crate::safe_text::json(&value, true))?;
        return Ok(Exit::Success);
    }

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
            "完成度 {}%：關鍵問題 {}/{} 已回答，檢核項目 {}/{} 已完成或不適用",
            total.percent(),
            total.answered,
            total.questions,
            total.settled,
            total.items
        )?,
        Lang::En => writeln!(
            out,
            "{}% complete: {}/{} key questions answered, {}/{} checklist items done or n/a",
            total.percent(),
            total.answered,
            total.questions,
            total.settled,
            total.items
        )?,
    }
    let mut rows = Vec::new();
    for (_, heading, done) in &per_guideline {
        rows.push(vec![
            format!("  {heading}"),
            bar(done),
            format!("{}/{}", done.answered, done.questions),
            format!("{}/{}", done.settled, done.items),
        ]);
    }
    super::layout::write_columns(out, &rows)?;

    writeln!(out)?;
    match (&draft, stat) {
        (Some(draft), Some(stat)) => match lang {
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
        },
        _ => writeln!(out, "{}", lang.pick("沒有草稿變更。", "no draft changes."))?,
    }
    write_unsent(out, &unsent, lang)?;
    if newer.count > 0 {
        let authors: Vec<String> = newer
            .authors
            .iter()
            .map(|a| visible(a, false).into_owned())
            .collect();
        let count = newer.count;
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
    if !conflicts.is_empty() {
        let choices = if all_text {
            "--mine | --theirs | --text T"
        } else {
            "--mine | --theirs"
        };
        match lang {
            Lang::Zh => writeln!(
                out,
                "提交時會有 {} 個衝突：{}（`dsw resolve ID {choices}`）",
                conflicts.len(),
                conflicts.join("、")
            )?,
            Lang::En => writeln!(
                out,
                "committing now would conflict on {}: {} (`dsw resolve ID {choices}`)",
                conflicts.len(),
                conflicts.join(", ")
            )?,
        }
    }
    if !others.is_empty() {
        match lang {
            Lang::Zh => writeln!(out, "也有草稿的使用者：{}", others.join("、"))?,
            Lang::En => writeln!(out, "others with drafts: {}", others.join(", "))?,
        }
    }
    if review_counts.total() > 0 {
        writeln!(
            out,
            "{}{}{}",
            lang.pick("審查意見：", "review comments: "),
            review_counts.describe(lang),
            if review_counts.needing_reply() > 0 {
                lang.pick(
                    "（`dsw review list --open`）",
                    " (`dsw review list --open`)",
                )
            } else {
                ""
            }
        )?;
    }
    write_editing(out, &store, &current, form, &editing, context)?;
    if !orphans.is_empty() {
        let orphans: Vec<String> = orphans
            .iter()
            .map(|id| visible(id, false).into_owned())
            .collect();
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
    match synced {
        Ok(sync @ Sync::HandEdited(_)) => {
            if let Some(note) = super::hint::worktree_note(&sync, lang) {
                writeln!(out, "{note}")?;
            }
        }
        Ok(_) => {}
        Err(error) => writeln!(out, "{}", super::hint::store_message(&error, lang))?,
    }
    Ok(Exit::Success)
}

/// One line about the review text typed in the workbench and not sent: what it is,
/// how it begins, when it was edited, and what to do with it.
fn write_unsent(out: &mut Out, unsent: &UnsentReviews, lang: Lang) -> anyhow::Result<()> {
    // The one the workbench would offer back, when there is one.
    let first = unsent
        .texts
        .iter()
        .find(|u| !u.by_another_window())
        .or(unsent.texts.first());
    if let Some(first) = first {
        let begins: String = visible(first.text.lines().next().unwrap_or(""), false)
            .chars()
            .take(20)
            .collect();
        let more = first.text.chars().count() > begins.chars().count();
        let begins = format!("{begins}{}", if more { "…" } else { "" });
        let clock = time::format(first.edited, local_offset_minutes());
        let clock = clock.get(..16).unwrap_or(&clock);
        let others = unsent.texts.len() - 1 + unsent.unreadable.len();
        let what = first.describe(lang);
        let line = match (first.by_another_window(), lang) {
            (false, Lang::Zh) => format!(
                "尚未送出的審查文字：{what}「{begins}」（{clock} 編輯）；開啟工作台（dsw）即放回編輯器，丟棄：dsw discard --review"
            ),
            (false, Lang::En) => format!(
                "review text not sent yet: {what}, \"{begins}\" (edited {clock}); the workbench (dsw) puts it back in its editor; to drop it: dsw discard --review"
            ),
            (true, Lang::Zh) => format!(
                "尚未送出的審查文字：{what}「{begins}」（{clock} 編輯），在另一個仍開著的工作台視窗（程序 {}）中",
                first.pid
            ),
            (true, Lang::En) => format!(
                "review text not sent yet: {what}, \"{begins}\" (edited {clock}), in a workbench window still open (process {})",
                first.pid
            ),
        };
        let line = match (others, lang) {
            (0, _) => line,
            (n, Lang::Zh) => format!("{line}（另有 {n} 則）"),
            (n, Lang::En) => format!("{line} (and {n} more)"),
        };
        writeln!(out, "{line}")?;
    } else if let Some(error) = unsent.unreadable.first() {
        let reason = error.message(lang);
        let reason = reason.lines().next().unwrap_or_default();
        match lang {
            Lang::Zh => writeln!(
                out,
                "尚未送出的審查文字無法讀取：{reason}（檔案保留在原處；丟棄：dsw discard --review）"
            )?,
            Lang::En => writeln!(
                out,
                "review text not sent yet cannot be read: {reason} (the file is left where it is; to drop it: dsw discard --review)"
            )?,
        }
    }
    Ok(())
}

/// One line per person with the editor open: `編輯中：alice — 1.1.1 …（14:05 起）`,
/// your own other windows marked.
fn write_editing(
    out: &mut Out,
    store: &Store,
    current: &Assessment,
    form: &Form,
    editing: &[Presence],
    context: &Context,
) -> anyhow::Result<()> {
    let lang = context.lang;
    let login = Account::current().login;
    let offset = local_offset_minutes();
    for presence in editing {
        let mut who = visible(&presence.user, false).into_owned();
        if presence.account != presence.user {
            let account = visible(&presence.account, false);
            who += &match lang {
                Lang::Zh => format!("（帳號 {account}）"),
                Lang::En => format!(" (account {account})"),
            };
        }
        if presence.is_by(&context.user, &login) {
            who += lang.pick("（你，另一個視窗）", " (you, in another window)");
        }
        let field = visible(
            &field_label(&presence.field, current, form, store, lang),
            false,
        )
        .into_owned();
        let clock = time::format(presence.since, offset);
        let clock = clock.get(11..16).unwrap_or(&clock);
        match lang {
            Lang::Zh => writeln!(out, "編輯中：{who} — {field}（{clock} 起）")?,
            Lang::En => writeln!(out, "editing: {who} — {field} (since {clock})")?,
        }
    }
    Ok(())
}

/// A field in words, as the change view names it: the question with its text, or the
/// BRiCS table, stakeholder and cell by name. Not yet made safe to print.
fn field_label(
    field: &str,
    current: &Assessment,
    form: &Form,
    store: &Store,
    lang: Lang,
) -> String {
    match field.parse::<FieldPath>() {
        Ok(path) => Namer {
            form,
            names: &BricsNames::of(current, current),
            brics: &store.catalog().brics,
            lang,
        }
        .heading(&path),
        Err(_) => field.to_owned(),
    }
}

/// A completion as JSON, as the JSON export gives it.
fn completion_json(done: Completion) -> serde_json::Value {
    serde_json::to_value(CompletionJson::from(done)).unwrap_or_default()
}

/// This machine's UTC offset now, in minutes (as libgit2 reads it for a signature
/// stamped now), for showing presence times in local time.
fn local_offset_minutes() -> i32 {
    git2::Signature::now("dsw", "dsw@localhost").map_or(0, |s| s.when().offset_minutes())
}

/// A ten-cell bar for a completion: a cell per whole ten percent, so that a bar is
/// full only when the figure beside it reads 100 %.
fn bar(done: &Completion) -> String {
    let filled = (done.percent() / 10).min(10);
    format!("{}{}", "█".repeat(filled), "░".repeat(10 - filled))
}
