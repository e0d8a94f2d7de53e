//! `dsw init [DIR] --form ID [--title T] [--name STEM]`.

use std::io::Write;
use std::path::PathBuf;

use super::{Context, Exit, Out};
use crate::store::{Author, ShareReport, Store};

/// The options of `dsw init`.
pub struct Options {
    /// Repository directory (default: here).
    pub dir: Option<PathBuf>,
    /// The form id (may be absent with `shared`: share an existing repository).
    pub form: Option<String>,
    /// Make the repository group-shared.
    pub shared: bool,
    /// Fills the first header field.
    pub title: Option<String>,
    /// The file stem.
    pub name: Option<String>,
    /// The first revision's author.
    pub author: Option<String>,
}

/// Creates the assessment and its first revision.
pub fn run(context: &Context, options: Options, out: &mut Out) -> anyhow::Result<Exit> {
    let lang = context.lang;
    // The enclosing repository is looked for whoever owns it; ownership is checked
    // by the store, with git's rule and message.
    crate::store::allow_any_owner();
    let dir = match &options.dir {
        Some(dir) if dir.is_absolute() => dir.clone(),
        Some(dir) => context.working_dir().join(dir),
        // Inside an existing repository, the assessment goes at its top, never into
        // a second repository nested in a subdirectory.
        None => match git2::Repository::discover(context.working_dir()) {
            Ok(repo) => repo
                .workdir()
                .map_or_else(|| context.working_dir(), |w| w.components().collect()),
            Err(_) => context.working_dir(),
        },
    };
    // Who is the author: resolved against the repository if one exists already.
    let repository = git2::Repository::discover(&dir).ok();
    let author = Author::resolve(options.author.as_deref(), repository.as_ref())
        .map_err(|e| context.fail(e))?;
    let Some(form) = &options.form else {
        // `dsw init --shared` in an existing repository: make it a team repository.
        let mut store = Store::open(&dir).map_err(|e| context.fail(e))?;
        let report = store.share().map_err(|e| context.fail(e))?;
        write_share_report(context, &store, &report, out)?;
        register_git_integration(context, &store, out)?;
        return Ok(if report.others.is_empty() {
            Exit::Success
        } else {
            Exit::Failure
        });
    };
    let title = context.lang.pick("建立評估", "Create the assessment");
    let spec = crate::store::NewAssessment {
        form_id: form,
        title: options.title.as_deref(),
        stem: options.name.as_deref(),
        shared: options.shared,
    };
    let (store, name, id) =
        Store::create(&dir, &spec, &author, title).map_err(|e| context.fail(e))?;
    let path = store.worktree_path(&name);
    writeln!(
        out,
        "{} {} ({}, {})",
        lang.pick("已建立", "created"),
        crate::safe_text::visible(&path.display().to_string(), false),
        form,
        crate::store::short_id(id)
    )?;
    if options.shared {
        write_share_report(context, &store, &ShareReport::default(), out)?;
        register_git_integration(context, &store, out)?;
    }
    writeln!(
        out,
        "{}",
        lang.pick(
            "下一步：`dsw answer QID 文字` 填寫、`dsw commit -m 說明` 提交；`dsw git-setup` 讓一般 git 也能逐題合併。",
            "next: `dsw answer QID TEXT` to answer, `dsw commit -m MSG` to commit; `dsw git-setup` lets plain git merge question by question."
        )
    )?;
    Ok(Exit::Success)
}

/// Says how the repository is shared, and what only other accounts or root can fix.
fn write_share_report(
    context: &Context,
    store: &Store,
    report: &ShareReport,
    out: &mut Out,
) -> anyhow::Result<()> {
    let lang = context.lang;
    let group = store
        .team_group()
        .map_or_else(|| "?".to_owned(), crate::store::group_name);
    let visible = |text: &str| crate::safe_text::visible(text, false).into_owned();
    writeln!(
        out,
        "{}",
        match lang {
            crate::i18n::Lang::Zh => format!(
                "群組共用：群組 {} 的每個帳號都能在此工作（core.sharedRepository={}）；草稿仍各自私有。",
                visible(&group),
                store.sharing().config_value()
            ),
            crate::i18n::Lang::En => format!(
                "group-shared: every account in the group {} can work here (core.sharedRepository={}); drafts stay private to each person.",
                visible(&group),
                store.sharing().config_value()
            ),
        }
    )?;
    // Shared with the person's own private group (a directory made in their home):
    // nobody else is in it, which is never what `--shared` was asked for.
    if let Some(gid) = store.team_group()
        && let Ok(Some(group)) = nix::unistd::Group::from_gid(nix::unistd::Gid::from_raw(gid))
        && group.mem.is_empty()
        && nix::unistd::getegid().as_raw() == gid
        && group.name == crate::store::Account::current().login
    {
        let top: std::path::PathBuf = store.workdir().components().collect();
        let dir = crate::store::shell_quote(&top.display().to_string());
        writeln!(
            out,
            "{}",
            match lang {
                crate::i18n::Lang::Zh => format!(
                    "注意：群組 {} 沒有其他成員（是你的個人群組）。請把儲存庫交給團隊的群組後再執行一次：chgrp -R TEAM {dir} && dsw -C {dir} init --shared",
                    visible(&group.name)
                ),
                crate::i18n::Lang::En => format!(
                    "note: the group {} has no other members (it is your personal group). Give the repository to the team's group, then run this again: chgrp -R TEAM {dir} && dsw -C {dir} init --shared",
                    visible(&group.name)
                ),
            }
        )?;
    }
    if report.fixed > 0 {
        writeln!(
            out,
            "{}",
            match lang {
                crate::i18n::Lang::Zh => format!("已修正 {} 個路徑的群組權限。", report.fixed),
                crate::i18n::Lang::En => format!("fixed group access on {} paths.", report.fixed),
            }
        )?;
    }
    if !report.others.is_empty() {
        let fix = crate::store::admin_fix_command(store.git_dir(), store.workdir(), &group);
        writeln!(
            out,
            "{}",
            match lang {
                crate::i18n::Lang::Zh => format!(
                    "另有 {} 個路徑屬於其他帳號，只有其擁有者或 root 能修正（例如 {}）。請管理員執行：\n  {}",
                    report.others.len(),
                    visible(&report.others[0].display().to_string()),
                    fix
                ),
                crate::i18n::Lang::En => format!(
                    "{} more paths belong to other accounts; only their owners or root can fix them (e.g. {}). An administrator runs:\n  {}",
                    report.others.len(),
                    visible(&report.others[0].display().to_string()),
                    fix
                ),
            }
        )?;
    }
    Ok(())
}

/// A team repository gets dsw's merge driver and textconv at once, so every member's
/// plain `git` understands assessments (the repository config is shared by all).
fn register_git_integration(context: &Context, store: &Store, out: &mut Out) -> anyhow::Result<()> {
    let exe = std::env::current_exe()?;
    store
        .register_git_integration(&exe)
        .map_err(|e| context.fail(e))?;
    writeln!(
        out,
        "{}{}",
        context.lang.pick(
            "已登記合併程式與 textconv（dsw git-setup）：",
            "registered the merge driver and textconv (dsw git-setup): "
        ),
        crate::safe_text::visible(&exe.display().to_string(), false)
    )?;
    Ok(())
}
