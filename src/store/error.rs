//! What can go wrong in the store, worded for the person at the terminal.

use std::path::PathBuf;

use crate::diagnostic::Report;
use crate::diff::Conflict;
use crate::i18n::Lang;

/// A store operation that could not be done.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No git repository at or above the directory.
    #[error("not inside a dsw repository: {}", .0.display())]
    NotARepository(PathBuf),
    /// The repository belongs to another user and git's safe.directory does not list it.
    #[error("repository owned by another user: {}", .0.display())]
    NotOwned(PathBuf),
    /// A `git merge` (or rebase, cherry-pick …, named) is unfinished.
    #[error("a git {0} is in progress")]
    InProgress(&'static str),
    /// The working-tree file ends mid-line: cut off.
    #[error("{} looks cut off", .0.display())]
    Truncated(PathBuf),
    /// A draft name that cannot be used (control characters, too long).
    #[error("bad user name {0}")]
    BadUser(String),
    /// `--user NAME` on a shared repository where NAME is another account's login.
    #[error("{0} is another account")]
    OtherAccount(String),
    /// The draft directory belongs to another account.
    #[error("draft directory of {user} belongs to {owner}")]
    DraftNotYours {
        /// The draft name asked for.
        user: String,
        /// The account that owns the directory.
        owner: String,
        /// The directory.
        path: PathBuf,
    },
    /// Another dsw of the same user held the draft too long.
    #[error("the draft is busy")]
    DraftBusy(PathBuf),
    /// A bare repository: assessments need a working tree.
    #[error("bare repository")]
    Bare,
    /// No assessment in the repository.
    #[error("no assessment in this repository")]
    NoAssessment,
    /// Several assessments and none chosen.
    #[error("several assessments: {0:?}")]
    Ambiguous(Vec<String>),
    /// The named assessment does not exist.
    #[error("no assessment named {name}")]
    UnknownAssessment {
        /// The name asked for.
        name: String,
        /// The ones that exist.
        known: Vec<String>,
    },
    /// `dsw init` where the assessment already exists.
    #[error("assessment exists: {0}")]
    AlreadyExists(PathBuf),
    /// HEAD is not on a branch.
    #[error("HEAD is detached")]
    Detached,
    /// A revision that does not resolve.
    #[error("unknown revision {0}")]
    UnknownRevision(String),
    /// A file that does not parse or validate.
    #[error("{}", .0.render(Lang::En))]
    Invalid(Box<Report>),
    /// The branch ref stayed locked.
    #[error("the branch is locked by another git process")]
    Locked(String),
    /// A three-way merge with conflicting fields.
    #[error("{} conflicting fields", .conflicts.len())]
    Conflicts {
        /// Every conflicting field.
        conflicts: Vec<Conflict>,
    },
    /// The working-tree file was edited by hand.
    #[error("{} was edited by hand", .0.display())]
    HandEdited(PathBuf),
    /// The author text is not `Name <email>`.
    #[error("bad author {0}")]
    BadAuthor(String),
    /// The form the assessment uses is not known here.
    #[error("unknown form {0}")]
    UnknownForm(String),
    /// A file-system error.
    #[error("{}: {source}", path.display())]
    Io {
        /// Where.
        path: PathBuf,
        /// What.
        source: std::io::Error,
    },
    /// The repository (or the part of it named) cannot be written by this account.
    #[error("{} is read-only", .0.display())]
    ReadOnly(PathBuf),
    /// `dsw init --name STEM` with a stem that cannot name a file here.
    #[error("bad assessment name {0}")]
    BadName(String),
    /// `dsw tag NAME` where the iteration NAME exists already.
    #[error("tag {0} exists")]
    TagExists(String),
    /// A tag name git does not allow.
    #[error("bad tag name {0}")]
    BadTagName(String),
    /// A review action that cannot be done (an unknown comment, nothing to accept).
    #[error("{0}")]
    Review(#[from] crate::review::ReviewError),
    /// A git error.
    #[error("git: {0}")]
    Git(#[from] git2::Error),
}

impl StoreError {
    /// The exit code class: bad input (2), conflict (3) or failure (1).
    pub fn exit_code(&self) -> u8 {
        match self {
            StoreError::Conflicts { .. } => 3,
            StoreError::NotARepository(_)
            | StoreError::NoAssessment
            | StoreError::Ambiguous(_)
            | StoreError::UnknownAssessment { .. }
            | StoreError::AlreadyExists(_)
            | StoreError::UnknownRevision(_)
            | StoreError::Invalid(_)
            | StoreError::BadAuthor(_)
            | StoreError::UnknownForm(_)
            | StoreError::NotOwned(_)
            | StoreError::OtherAccount(_)
            | StoreError::BadUser(_)
            | StoreError::DraftNotYours { .. }
            | StoreError::InProgress(_)
            | StoreError::TagExists(_)
            | StoreError::BadName(_)
            | StoreError::BadTagName(_)
            | StoreError::Truncated(_)
            | StoreError::Review(_)
            | StoreError::Bare => 2,
            _ => 1,
        }
    }

    /// What happened, in one or two sentences in the interface language, with what to
    /// do next where that is the same whatever the person is using (a git command, a
    /// file to remove). What to type in dsw itself is each front end's to add: the
    /// command line names commands and options (`cli::hint`), the workbench keys
    /// (`tui::hint`) — so a message never sends someone at the workbench to a command.
    pub fn message(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        match self {
            StoreError::NotARepository(dir) if zh => {
                format!("{} 不在任何評估儲存庫中。", dir.display())
            }
            StoreError::NotARepository(dir) => {
                format!("{} is not inside an assessment repository.", dir.display())
            }
            StoreError::NotOwned(dir) => {
                let (mine, everyone) = super::trust::fix_commands(dir);
                let path = dir.display().to_string();
                let shown = crate::safe_text::visible(&path, false);
                if zh {
                    format!(
                        "{shown} 屬於另一個帳號，git 與 dsw 為了安全不會在其中工作。若這是團隊共用的儲存庫，請執行一次 `{mine}`；或由管理員為所有人執行 `{everyone}`。"
                    )
                } else {
                    format!(
                        "{shown} belongs to another account, so git and dsw will not work in it, for safety. If it is your team's shared repository, run once: `{mine}`; or an administrator runs, for everyone: `{everyone}`."
                    )
                }
            }
            StoreError::BadUser(user) if zh => format!(
                "草稿名稱 `{}` 不能使用：不可含控制字元，且最多 64 個字。",
                crate::safe_text::visible(user, false)
            ),
            StoreError::BadUser(user) => format!(
                "the draft name `{}` cannot be used: no control characters, at most 64 characters.",
                crate::safe_text::visible(user, false)
            ),
            StoreError::OtherAccount(user) if zh => format!(
                "`{}` 是這台伺服器上另一個帳號的名稱；在共用儲存庫中，你只能使用自己的草稿。",
                crate::safe_text::visible(user, false)
            ),
            StoreError::OtherAccount(user) => format!(
                "`{}` is another account on this server; in a shared repository you can only use your own draft.",
                crate::safe_text::visible(user, false)
            ),
            StoreError::DraftNotYours { user, owner, path } if zh => format!(
                "草稿目錄 {} 屬於帳號 {owner}，不是你的；dsw 不會讀寫別人的草稿（{}）。若該目錄是誤建的，請 {owner} 或管理員將它移除。",
                crate::safe_text::visible(&path.display().to_string(), false),
                crate::safe_text::visible(user, false)
            ),
            StoreError::DraftNotYours { user, owner, path } => format!(
                "the draft directory {} belongs to the account {owner}, not to you; dsw never reads or writes another person's draft ({}). If it was made by mistake, {owner} or an administrator can remove it.",
                crate::safe_text::visible(&path.display().to_string(), false),
                crate::safe_text::visible(user, false)
            ),
            StoreError::InProgress(op) if zh => format!(
                "git 的 {op} 尚未完成：以 `git {op} --continue` 完成或以 `git {op} --abort` 放棄之前，dsw 不會修改評估。"
            ),
            StoreError::InProgress(op) => format!(
                "a git {op} is unfinished: until it is finished with `git {op} --continue` or given up with `git {op} --abort`, dsw changes nothing."
            ),
            StoreError::Truncated(path) => {
                let shown =
                    crate::safe_text::visible(&path.display().to_string(), false).into_owned();
                let quoted = super::trust::shell_quote(&path.display().to_string());
                if zh {
                    format!(
                        "{shown} 的結尾沒有換行，看起來被截斷了，因此沒有採用。若檔案其實完整，請補上結尾換行（`echo >> {quoted}`）後再試一次；若要回到最新版本，請 `git checkout -- {quoted}`。"
                    )
                } else {
                    format!(
                        "{shown} does not end with a line break and looks cut off, so it was not taken. If it is complete, add one (`echo >> {quoted}`) and try again; to go back to the latest revision, `git checkout -- {quoted}`."
                    )
                }
            }
            StoreError::DraftBusy(path) if zh => format!(
                "你的另一個 dsw 正在寫入草稿 {}；請稍後再試。",
                path.display()
            ),
            StoreError::DraftBusy(path) => format!(
                "another dsw of yours is writing the draft {}; try again in a moment.",
                path.display()
            ),
            StoreError::Bare if zh => {
                "這是 bare 儲存庫，沒有工作目錄；請在它的 clone 中使用 dsw。".into()
            }
            StoreError::Bare => {
                "this is a bare repository with no working tree; use dsw in a clone of it.".into()
            }
            StoreError::NoAssessment if zh => {
                "這個儲存庫還沒有評估檔（*.assessment.toml）。".into()
            }
            StoreError::NoAssessment => {
                "this repository has no assessment (*.assessment.toml) yet.".into()
            }
            StoreError::Ambiguous(names) if zh => {
                format!("這個儲存庫有多份評估：{}。", names.join("、"))
            }
            StoreError::Ambiguous(names) => {
                format!(
                    "this repository has several assessments: {}.",
                    names.join(", ")
                )
            }
            StoreError::UnknownAssessment { name, known } if zh => {
                format!("沒有名為 `{name}` 的評估；現有：{}。", known.join("、"))
            }
            StoreError::UnknownAssessment { name, known } => {
                format!(
                    "there is no assessment named `{name}`; there are: {}.",
                    known.join(", ")
                )
            }
            StoreError::AlreadyExists(path) if zh => {
                format!("{} 已經存在，dsw 不會覆寫它。", path.display())
            }
            StoreError::AlreadyExists(path) => {
                format!(
                    "{} already exists and dsw will not overwrite it.",
                    path.display()
                )
            }
            StoreError::Detached if zh => "HEAD 未指向任何分支；請先 `git switch main`。".into(),
            StoreError::Detached => "HEAD is not on a branch; run `git switch main` first.".into(),
            StoreError::UnknownRevision(rev) if zh => {
                format!("找不到版本 `{}`。", crate::safe_text::visible(rev, false))
            }
            StoreError::UnknownRevision(rev) => format!(
                "there is no revision `{}`.",
                crate::safe_text::visible(rev, false)
            ),
            StoreError::Invalid(report) => report.render(lang),
            StoreError::Review(error) => error.message(lang),
            StoreError::Locked(name) if zh => format!(
                "分支 {name} 被另一個 git 程序鎖住超過 1 秒，沒有提交；你的草稿完整保留。若沒有其他 git 程序在執行，請刪除 .git/{name}.lock。"
            ),
            StoreError::Locked(name) => format!(
                "branch {name} stayed locked by another git process for over a second, so nothing was committed; your draft is intact. If no git process is running, remove .git/{name}.lock."
            ),
            StoreError::Conflicts { conflicts } if zh => format!(
                "有 {} 個欄位與他人的修改衝突，沒有提交；草稿完整保留。",
                conflicts.len()
            ),
            StoreError::Conflicts { conflicts } => format!(
                "{} conflict{} with someone else's changes, so nothing was committed; your draft is intact.",
                if conflicts.len() == 1 {
                    "1 field".to_owned()
                } else {
                    format!("{} fields", conflicts.len())
                },
                if conflicts.len() == 1 { "s" } else { "" }
            ),
            // Short, with the file's name: the workbench says it on one status line.
            StoreError::HandEdited(path) => {
                let file = path.file_name().map_or_else(
                    || path.display().to_string(),
                    |name| name.to_string_lossy().into_owned(),
                );
                let file = crate::safe_text::visible(&file, false);
                match lang {
                    Lang::Zh => format!("工作目錄中的 {file} 被直接編輯過，dsw 沒有覆寫它。"),
                    Lang::En => format!(
                        "the working-tree file {file} was edited by hand; dsw left it alone."
                    ),
                }
            }
            StoreError::BadAuthor(text) if zh => {
                format!(
                    "作者 `{}` 的格式不對；請寫成 \"姓名 <email>\"。",
                    crate::safe_text::visible(text, false)
                )
            }
            StoreError::BadAuthor(text) => {
                format!(
                    "author `{}` is not of the form \"Name <email>\".",
                    crate::safe_text::visible(text, false)
                )
            }
            StoreError::UnknownForm(id) if zh => {
                format!("沒有表單 `{id}`；自訂表單放在 .dsw/forms/。")
            }
            StoreError::UnknownForm(id) => {
                format!("there is no form `{id}`; your own forms go in .dsw/forms/.")
            }
            StoreError::Io { path, source } if zh => {
                let hint = io_hint(source, lang);
                format!(
                    "無法寫入或讀取 {}：{}。{hint}",
                    path.display(),
                    crate::i18n::io_error(source, lang)
                )
            }
            StoreError::Io { path, source } => {
                let hint = io_hint(source, lang);
                format!("cannot read or write {}: {source}. {hint}", path.display())
            }
            StoreError::ReadOnly(path) if zh => format!(
                "你的帳號無法寫入 {}（權限不足），所以沒有任何變更。",
                crate::safe_text::visible(&path.display().to_string(), false)
            ),
            StoreError::ReadOnly(path) => format!(
                "your account cannot write to {} (permission denied), so nothing was changed.",
                crate::safe_text::visible(&path.display().to_string(), false)
            ),
            StoreError::BadName(name) if zh => format!(
                "`{}` 不能當評估名稱：不可為空白、不可含 / 或 \\、不可以 . 開頭、不可含控制字元。例如 plan-2027。",
                crate::safe_text::visible(name, false)
            ),
            StoreError::BadName(name) => format!(
                "`{}` cannot name an assessment: it may not be empty, contain / or \\, start with a dot, or hold control characters. For example plan-2027.",
                crate::safe_text::visible(name, false)
            ),
            StoreError::TagExists(name) if zh => format!(
                "送審標記 `{}` 已經存在，請換一個名稱。",
                crate::safe_text::visible(name, false)
            ),
            StoreError::TagExists(name) => format!(
                "the iteration `{}` exists already — choose another name.",
                crate::safe_text::visible(name, false)
            ),
            StoreError::BadTagName(name) if zh => format!(
                "`{}` 不能當送審標記名稱：不可含空白、~ ^ : ? * [ \\、連續的點，也不可以 / 或 . 結尾。",
                crate::safe_text::visible(name, false)
            ),
            StoreError::BadTagName(name) => format!(
                "`{}` cannot name an iteration: no spaces, ~ ^ : ? * [ \\ or `..`, and it may not end in / or `.`.",
                crate::safe_text::visible(name, false)
            ),
            StoreError::Git(error) if permission_denied(error) => {
                StoreError::ReadOnly(PathBuf::from(".git")).message(lang)
            }
            StoreError::Git(error) if zh => format!("git 錯誤：{}", error.message()),
            StoreError::Git(error) => format!("git error: {}", error.message()),
        }
    }
}

impl StoreError {
    /// Whether the account lacks the permission to read or write something (a
    /// read-only repository, a file it may not write): the cases `dsw doctor` explains.
    pub fn is_permission_denied(&self) -> bool {
        match self {
            StoreError::ReadOnly(_) => true,
            StoreError::Io { source, .. } => source.kind() == std::io::ErrorKind::PermissionDenied,
            StoreError::Git(error) => permission_denied(error),
            _ => false,
        }
    }
}

/// Whether libgit2 failed for want of permission to write a file.
fn permission_denied(error: &git2::Error) -> bool {
    error.class() == git2::ErrorClass::Os && error.message().contains("ermission denied")
}

fn io_hint(error: &std::io::Error, lang: Lang) -> &'static str {
    match error.kind() {
        std::io::ErrorKind::PermissionDenied => lang.pick(
            "請確認你的帳號可以讀寫它。",
            "Check that your account may read and write it.",
        ),
        std::io::ErrorKind::StorageFull => lang.pick(
            "清出空間後再試，原有資料未受影響。",
            "Free some space and retry — nothing was lost.",
        ),
        _ => lang.pick("原有資料未受影響。", "Nothing was lost."),
    }
}

/// Wraps an I/O error with its path.
pub fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> StoreError {
    let path = path.into();
    move |source| StoreError::Io { path, source }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One of every error whose message once named a command of the command line.
    fn every_kind() -> Vec<StoreError> {
        let path = PathBuf::from("/srv/plan/service.assessment.toml");
        vec![
            StoreError::NotARepository(path.clone()),
            StoreError::BadUser("a\u{1}b".into()),
            StoreError::OtherAccount("bob".into()),
            StoreError::InProgress("merge"),
            StoreError::Truncated(path.clone()),
            StoreError::NoAssessment,
            StoreError::Ambiguous(vec!["a".into(), "b".into()]),
            StoreError::AlreadyExists(path.clone()),
            StoreError::UnknownRevision("v9".into()),
            StoreError::Locked("refs/heads/main".into()),
            StoreError::Conflicts {
                conflicts: Vec::new(),
            },
            StoreError::HandEdited(path.clone()),
            StoreError::BadAuthor("x <".into()),
            StoreError::UnknownForm("nope".into()),
            StoreError::Io {
                path: path.clone(),
                source: std::io::Error::from(std::io::ErrorKind::PermissionDenied),
            },
            StoreError::ReadOnly(path),
            StoreError::BadName("../x".into()),
            StoreError::TagExists("v1".into()),
            StoreError::BadTagName("a b".into()),
        ]
    }

    #[test]
    fn the_stores_messages_name_no_command_of_dsw() {
        for error in every_kind() {
            for lang in [Lang::Zh, Lang::En] {
                let text = error.message(lang);
                // dsw may name itself ("dsw changes nothing"), never a command of it.
                for command in [
                    "`dsw",
                    "dsw init",
                    "dsw commit",
                    "dsw resolve",
                    "dsw log",
                    "dsw tags",
                    "dsw forms",
                    "dsw doctor",
                    "--user",
                    "--assessment",
                    "--name",
                    "--author",
                    "--form",
                    "-C",
                ] {
                    assert!(!text.contains(command), "{error:?}: {text}");
                }
            }
        }
    }
}
