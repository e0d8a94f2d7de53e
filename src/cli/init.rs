//! `dsw init [DIR] --form ID [--title T] [--name STEM]`.

use std::io::Write;
use std::path::PathBuf;

use super::{Context, Exit, Out};
use crate::store::{Author, Store, StoreError};

/// The options of `dsw init`.
pub struct Options {
    /// Repository directory (default: here).
    pub dir: Option<PathBuf>,
    /// The form id.
    pub form: String,
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
    let dir = match &options.dir {
        Some(dir) if dir.is_absolute() => dir.clone(),
        Some(dir) => context.working_dir().join(dir),
        // Inside an existing repository, the assessment goes at its top, never into
        // a second repository nested in a subdirectory.
        None => match git2::Repository::discover(context.working_dir()) {
            Ok(repo) => repo
                .workdir()
                .map_or_else(|| context.working_dir(), std::path::Path::to_path_buf),
            Err(_) => context.working_dir(),
        },
    };
    // Who is the author: resolved against the repository if one exists already.
    let author =
        match &options.author {
            Some(text) => Author::parse(text)
                .ok_or_else(|| context.fail(StoreError::BadAuthor(text.clone())))?,
            None => match git2::Repository::discover(&dir) {
                Ok(repo) => Author::resolve(None, &repo)
                    .map_err(|t| context.fail(StoreError::BadAuthor(t)))?,
                Err(_) => author_without_repository(context)?,
            },
        };
    let title = context.lang.pick("建立評估", "Create the assessment");
    let (store, name, id) = Store::init(
        &dir,
        &options.form,
        options.title.as_deref(),
        options.name.as_deref(),
        &author,
        title,
    )
    .map_err(|e| context.fail(e))?;
    let path = store.worktree_path(&name);
    writeln!(
        out,
        "{} {} ({}, {})",
        lang.pick("已建立", "created"),
        crate::safe_text::visible(&path.display().to_string(), false),
        options.form,
        crate::store::short_id(id)
    )?;
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

/// The author when there is no repository yet: DSW_AUTHOR, else git's global config,
/// else `$USER@host`.
fn author_without_repository(context: &Context) -> anyhow::Result<Author> {
    if let Ok(text) = std::env::var("DSW_AUTHOR")
        && !text.trim().is_empty()
    {
        return Author::parse(&text).ok_or_else(|| context.fail(StoreError::BadAuthor(text)));
    }
    if let Ok(config) = git2::Config::open_default()
        && let (Ok(name), Ok(email)) = (
            config.get_string("user.name"),
            config.get_string("user.email"),
        )
    {
        return Ok(Author { name, email });
    }
    let user = crate::store::user(None);
    Ok(Author::parse(&user).unwrap_or(Author {
        email: format!("{user}@localhost"),
        name: user,
    }))
}
