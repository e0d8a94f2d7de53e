//! `dsw git-setup`: registers dsw's merge driver and textconv in `.git/config` and
//! makes sure `.gitattributes` routes `*.assessment.toml` (and `*.review.toml`) to them, so plain
//! `git pull` merges assessments question by question and `git diff` reads them.

use std::io::Write;

use super::{Context, Exit, Out};
use crate::store::with_dsw_attributes;

/// Writes the git configuration; safe to run again.
pub fn run(context: &Context, out: &mut Out) -> anyhow::Result<Exit> {
    let lang = context.lang;
    let store = context.store()?;
    let exe = std::env::current_exe()?;
    store
        .register_git_integration(&exe)
        .map_err(|e| context.fail(e))?;
    store.exclude_temporaries().map_err(|e| context.fail(e))?;
    writeln!(
        out,
        "{}",
        lang.pick(
            "已在 .git/config 登記合併程式（merge.dsw）與 textconv（diff.dsw）。",
            "registered the merge driver (merge.dsw) and textconv (diff.dsw) in .git/config."
        )
    )?;

    let path = store.workdir().join(".gitattributes");
    let existing = std::fs::read_to_string(&path).unwrap_or_default();
    match with_dsw_attributes(&existing) {
        None => writeln!(
            out,
            "{}",
            lang.pick(
                ".gitattributes 已包含設定。",
                ".gitattributes already routes assessments to dsw."
            )
        )?,
        Some(text) => {
            crate::store::write_atomically(&path, text.as_bytes(), 0o644)?;
            writeln!(out, "{}", lang.pick(
                "已在 .gitattributes 加入設定；請以 git 提交 .gitattributes，讓其他 clone 也適用。",
                "added the lines to .gitattributes; commit .gitattributes with git so other clones get them too.",
            ))?;
        }
    }
    writeln!(
        out,
        "{}",
        lang.pick(
            "其他 clone 也需各自執行一次 `dsw git-setup`（git 不會複製 .git/config）。",
            "run `dsw git-setup` once in every other clone too (git does not copy .git/config).",
        )
    )?;
    Ok(Exit::Success)
}
