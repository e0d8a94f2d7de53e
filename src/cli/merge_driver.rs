//! `dsw merge-driver %O %A %B %P`: git's merge driver for assessments. A clean
//! semantic merge is written to %A (exit 0); on conflicting fields %A gets the
//! merged file with git-style conflict markers around just those fields, and the
//! conflicts are listed on stderr (exit 1), as git expects of a driver.

use std::path::Path;

use super::{Context, Exit, conflicts};
use crate::assessment::Assessment;
use crate::diff::{Conflict, assemble, fields, merge};

/// Merges base/ours/theirs into `ours`.
pub fn run(
    context: &Context,
    base: &Path,
    ours: &Path,
    theirs: &Path,
    path: Option<&str>,
) -> anyhow::Result<Exit> {
    let lang = context.lang;
    if let Some(file) = path.filter(|p| p.ends_with(crate::review::SUFFIX)) {
        return merge_reviews(context, base, ours, theirs, file);
    }
    let store = context.store()?;
    let label = path.unwrap_or("assessment");
    let read = |file: &Path| -> anyhow::Result<Option<Assessment>> {
        let bytes = std::fs::read(file)?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(None);
        }
        Ok(Some(
            store.parse(label, bytes).map_err(|e| context.fail(e))?,
        ))
    };
    let (Some(mine), Some(other)) = (read(ours)?, read(theirs)?) else {
        // One side deleted the file: not a merge dsw can do field by field.
        stderr_line!(
            "{}",
            lang.pick(
                "dsw：一方刪除了評估檔，請手動決定。",
                "dsw: one side deleted the assessment; decide by hand."
            )
        );
        return Ok(Exit::Failure);
    };
    let ancestor = read(base)?.unwrap_or_else(|| Assessment {
        form: mine.form.clone(),
        edition: mine.edition.clone(),
        ..Default::default()
    });
    let form = store.form_of(&mine).map_err(|e| context.fail(e))?.clone();
    match merge(&ancestor, &mine, &other) {
        Ok(merged) => {
            crate::store::write_atomically(
                ours,
                crate::assessment::write(&merged, &form).as_bytes(),
                0o644,
            )?;
            Ok(Exit::Success)
        }
        Err(list) => {
            let with_mine = settle(&ancestor, &mine, &other, &list, Side::Mine);
            let with_theirs = settle(&ancestor, &mine, &other, &list, Side::Theirs);
            let text = crate::store::with_markers(
                &crate::assessment::write(&with_mine, &form),
                &crate::assessment::write(&with_theirs, &form),
            );
            crate::store::write_atomically(ours, text.as_bytes(), 0o644)?;
            stderr_line!(
                "{}{}",
                match lang {
                    crate::i18n::Lang::Zh => format!(
                        "dsw：{label} 有 {} 個欄位雙方改得不同，已以衝突標記寫入。",
                        list.len()
                    ),
                    crate::i18n::Lang::En => format!(
                        "dsw: {label}: {} changed differently on both sides; marked in the file.",
                        if list.len() == 1 {
                            "1 field was".to_owned()
                        } else {
                            format!("{} fields were", list.len())
                        }
                    ),
                },
                conflicts::render(&list, &form, &store.catalog().brics, &mine, lang).trim_end()
            );
            stderr_line!(
                "{}",
                lang.pick(
                    "dsw：--mine 是目前分支的版本，--theirs 是合併進來的版本；全部決定後 dsw 會 git add，再執行 `git merge --continue`（rebase 則 `git rebase --continue`）。",
                    "dsw: --mine is the current branch's value, --theirs the incoming one; once all are settled dsw stages the file — then run `git merge --continue` (`git rebase --continue` in a rebase)."
                )
            );
            Ok(Exit::Failure)
        }
    }
}

/// Review files merge by comment, never with a conflict: comments added on both
/// sides all stay, replies written on both sides are both kept.
fn merge_reviews(
    context: &Context,
    base: &Path,
    ours: &Path,
    theirs: &Path,
    file: &str,
) -> anyhow::Result<Exit> {
    let read = |path: &Path, side: &str| -> anyhow::Result<crate::review::Review> {
        let bytes = std::fs::read(path)?;
        let origin = format!("{file} ({side})");
        let text = crate::diagnostic::decode_utf8(&origin, bytes)
            .map_err(|r| context.fail(crate::store::StoreError::Invalid(Box::new(r))))?;
        crate::review::read(&origin, &text)
            .map_err(|r| context.fail(crate::store::StoreError::Invalid(Box::new(r))))
    };
    let merged = crate::review::merge(
        &read(base, "base")?,
        &read(ours, "ours")?,
        &read(theirs, "theirs")?,
    );
    let name = std::path::Path::new(file)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(file);
    let stem = name.strip_suffix(crate::review::SUFFIX).unwrap_or(name);
    crate::store::write_atomically(ours, crate::review::write(&merged, stem).as_bytes(), 0o644)?;
    Ok(Exit::Success)
}

#[derive(Clone, Copy)]
enum Side {
    Mine,
    Theirs,
}

/// The merge with every conflict settled to one side: the base takes the other
/// side's value for those fields, so the trivial merge keeps the chosen one.
fn settle(
    base: &Assessment,
    mine: &Assessment,
    theirs: &Assessment,
    list: &[Conflict],
    side: Side,
) -> Assessment {
    let mut patched = fields(base);
    for conflict in list {
        let other = match side {
            Side::Mine => &conflict.theirs,
            Side::Theirs => &conflict.ours,
        };
        match other {
            Some(value) => patched.insert(conflict.path.clone(), value.clone()),
            None => patched.remove(&conflict.path),
        };
    }
    merge(&assemble(&patched), mine, theirs).unwrap_or_else(|_| mine.clone())
}
