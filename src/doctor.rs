//! `dsw doctor`: checks this account's setup for the repository here — what makes a
//! team server work or fail for one person — and says the exact fix for each problem.
//!
//! Each check is a plain function of the environment; the CLI prints them one line
//! each, or as JSON.

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde::Serialize;

use crate::i18n::Lang;
use crate::safe_text::visible;
use crate::store::{Account, Author, Store, StoreError, trust_fix_commands, trusted};

/// How a check came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// All is well.
    Ok,
    /// Something stops this account from working here; the fix says what to do.
    Fail,
    /// Worth knowing, never a failure (optional tools).
    Note,
}

/// One check: what was looked at, how it came out, and the fix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    /// A stable name (`git`, `ownership`, …) for scripts.
    pub check: &'static str,
    /// How it came out.
    pub status: Outcome,
    /// What was found, in the interface language.
    pub message: String,
    /// The exact command or step that fixes it, when it failed.
    pub fix: Option<String>,
}

impl Check {
    fn ok(check: &'static str, message: String) -> Check {
        Check {
            check,
            status: Outcome::Ok,
            message,
            fix: None,
        }
    }

    fn fail(check: &'static str, message: String, fix: impl Into<String>) -> Check {
        Check {
            check,
            status: Outcome::Fail,
            message,
            fix: Some(fix.into()),
        }
    }

    fn note(check: &'static str, message: String, fix: impl Into<String>) -> Check {
        Check {
            check,
            status: Outcome::Note,
            message,
            fix: Some(fix.into()),
        }
    }
}

/// Runs every check for the account running dsw, its draft name `user`, and the
/// repository found upward from `start`.
pub fn run(start: &Path, user: &str, lang: Lang) -> Vec<Check> {
    // Read before a shared repository is opened: opening one widens this process's
    // umask, and the person's own is what to report.
    let mask = crate::store::current_umask();
    let mut checks = vec![git(lang)];
    let (found, shared) = repository(start, user, lang);
    checks.extend(found);
    checks.push(umask(mask, shared, lang));
    checks.extend(tools(lang));
    checks
}

fn shown(path: &Path) -> String {
    visible(&path.display().to_string(), false).into_owned()
}

fn git(lang: Lang) -> Check {
    let output = Command::new("git")
        .arg("--version")
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output();
    match output {
        Ok(output) if output.status.success() => {
            let version = String::from_utf8_lossy(&output.stdout).trim().to_owned();
            let path = find_program(&["git"]).map_or_else(String::new, |p| shown(&p));
            Check::ok("git", format!("{version} ({path})"))
        }
        _ => Check::fail(
            "git",
            lang.pick(
                "找不到 git：dsw 需要它來整理儲存庫、讀取 safe.directory 設定，團隊也用它 push／pull。",
                "git is not on PATH: dsw uses it to pack the repository and read safe.directory, and the team uses it to push and pull.",
            )
            .to_owned(),
            "sudo apt-get install git",
        ),
    }
}

/// The checks that need the repository, and whether it is group-shared.
fn repository(start: &Path, user: &str, lang: Lang) -> (Vec<Check>, bool) {
    let mut checks = Vec::new();
    // Found first without the ownership rule, so that an untrusted repository can be
    // named and its fix given.
    crate::store::allow_any_owner();
    let repo = match git2::Repository::discover(start) {
        Ok(repo) => repo,
        Err(_) => {
            checks.push(Check::fail(
                "repository",
                StoreError::NotARepository(start.to_path_buf()).message(lang),
                lang.pick(
                    "cd 到評估儲存庫中再執行（或 `dsw -C DIR doctor`）；要建立一個：`dsw init --shared DIR --form service`",
                    "cd into the assessment repository and run it again (or `dsw -C DIR doctor`); to make one: `dsw init --shared DIR --form service`",
                ),
            ));
            return (checks, false);
        }
    };
    let Some(workdir) = repo.workdir().map(|w| w.components().collect::<PathBuf>()) else {
        checks.push(Check::fail(
            "repository",
            StoreError::Bare.message(lang),
            "git clone REPO DIR",
        ));
        return (checks, false);
    };
    let git_dir = repo.path().to_path_buf();
    checks.push(ownership(&workdir, &git_dir, lang));
    if checks.last().is_some_and(|c| c.status == Outcome::Fail) {
        // Nothing more can be looked at until it is trusted; said once, above.
        return (checks, false);
    }
    let store = match Store::open(&workdir) {
        Ok(store) => store,
        Err(error) => {
            checks.push(Check::fail(
                "repository",
                error.message(lang),
                lang.pick("依上面的說明修正", "fix what the message above says"),
            ));
            return (checks, false);
        }
    };
    checks.push(Check::ok(
        "repository",
        format!(
            "{} ({})",
            shown(&workdir),
            store
                .assessments()
                .unwrap_or_default()
                .iter()
                .map(|n| n.file_name())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    ));
    checks.extend(sharing(&store, lang));
    checks.push(own_draft(&store, user, lang));
    checks.push(author(&store, lang));
    checks.push(integration(&store, lang));
    (checks, store.is_shared())
}

fn ownership(workdir: &Path, git_dir: &Path, lang: Lang) -> Check {
    let owner = std::fs::metadata(workdir).map(|m| m.uid()).unwrap_or(0);
    let me = nix::unistd::geteuid().as_raw();
    if owner == me {
        return Check::ok(
            "ownership",
            lang.pick(
                "儲存庫屬於你的帳號",
                "the repository belongs to your account",
            )
            .to_owned(),
        );
    }
    let owner = crate::store::account_name(owner);
    if trusted(workdir, Some(git_dir)) {
        return Check::ok(
            "ownership",
            match lang {
                Lang::Zh => format!("儲存庫屬於 {owner}；git 的 safe.directory 已列出它"),
                Lang::En => {
                    format!("the repository belongs to {owner}; git's safe.directory lists it")
                }
            },
        );
    }
    let (mine, everyone) = trust_fix_commands(workdir);
    Check::fail(
        "ownership",
        StoreError::NotOwned(workdir.to_path_buf()).message(lang),
        format!("{mine}   # {} {everyone}", lang.pick("或", "or")),
    )
}

/// Shared mode, group membership, the modes of `.git`, the drafts directory.
fn sharing(store: &Store, lang: Lang) -> Vec<Check> {
    let mut checks = Vec::new();
    let git_dir = store.git_dir().to_path_buf();
    let gid = store.team_group().unwrap_or(0);
    let group = crate::store::group_name(gid);
    let owner = std::fs::metadata(store.workdir())
        .map(|m| m.uid())
        .unwrap_or(0);
    if !store.is_shared() && owner != nix::unistd::geteuid().as_raw() {
        let owner = crate::store::account_name(owner);
        checks.push(Check::fail(
            "shared",
            match lang {
                Lang::Zh => format!(
                    "這個儲存庫屬於 {owner} 且未群組共用：你無法在其中提交"
                ),
                Lang::En => format!(
                    "this repository belongs to {owner} and is not group-shared: you cannot commit in it"
                ),
            },
            match lang {
                Lang::Zh => format!("請 {owner} 在儲存庫中執行 `dsw init --shared`"),
                Lang::En => format!("ask {owner} to run `dsw init --shared` in the repository"),
            },
        ));
        return checks;
    }
    if !store.is_shared() {
        checks.push(Check::ok(
            "shared",
            lang.pick(
                "個人儲存庫（未群組共用）；團隊要在同一台伺服器上共用，請執行 `dsw init --shared`",
                "a personal repository (not group-shared); for a team on one server run `dsw init --shared`",
            )
            .to_owned(),
        ));
        return checks;
    }
    checks.push(Check::ok(
        "shared",
        match lang {
            Lang::Zh => format!(
                "群組共用（core.sharedRepository={}，群組 {group}）",
                store.sharing().config_value()
            ),
            Lang::En => format!(
                "group-shared (core.sharedRepository={}, group {group})",
                store.sharing().config_value()
            ),
        },
    ));
    let account = Account::current();
    let member = nix::unistd::getgroups()
        .map(|groups| groups.iter().any(|g| g.as_raw() == gid))
        .unwrap_or(false)
        || nix::unistd::getegid().as_raw() == gid;
    checks.push(if member {
        Check::ok(
            "group",
            match lang {
                Lang::Zh => format!("你在群組 {group} 中"),
                Lang::En => format!("you are in the group {group}"),
            },
        )
    } else {
        Check::fail(
            "group",
            match lang {
                Lang::Zh => format!(
                    "你的帳號 {} 不在群組 {group} 中（或加入後尚未重新登入），無法寫入儲存庫",
                    account.login
                ),
                Lang::En => format!(
                    "your account {} is not in the group {group} (or has not logged in again since joining), so it cannot write to the repository",
                    account.login
                ),
            },
            format!(
                "sudo usermod -aG {group} {}   # {}",
                account.login,
                lang.pick("然後重新登入", "then log in again")
            ),
        )
    });
    let wrong = wrong_modes(&git_dir, gid);
    checks.push(match wrong.first() {
        None => Check::ok(
            "modes",
            lang.pick(
                ".git 中的目錄與檔案都可由群組存取",
                "every directory and file in .git is group-accessible",
            )
            .to_owned(),
        ),
        Some(first) => {
            let me = nix::unistd::geteuid().as_raw();
            let all_mine = wrong.iter().all(|(_, owner)| *owner == me);
            let fix = if all_mine {
                "dsw init --shared".to_owned()
            } else {
                crate::store::admin_fix_command(&git_dir, store.workdir(), &group)
            };
            Check::fail(
                "modes",
                match lang {
                    Lang::Zh => format!(
                        ".git 中有 {} 個路徑群組無法存取（例如 {}，屬於 {}）",
                        wrong.len(),
                        shown(&first.0),
                        crate::store::account_name(first.1)
                    ),
                    Lang::En => format!(
                        "{} paths in .git are not group-accessible (e.g. {}, owned by {})",
                        wrong.len(),
                        shown(&first.0),
                        crate::store::account_name(first.1)
                    ),
                },
                fix,
            )
        }
    });
    let drafts = store.drafts_dir();
    checks.push(match std::fs::metadata(&drafts) {
        Err(_) => Check::ok(
            "drafts",
            lang.pick(
                "尚無草稿目錄；第一次編輯時會建立",
                "no drafts directory yet; the first edit makes it",
            )
            .to_owned(),
        ),
        Ok(meta) if meta.mode() & 0o1070 == 0o1070 => Check::ok(
            "drafts",
            lang.pick(
                "草稿目錄可供每人建立自己的草稿，且無人能動別人的（sticky）",
                "everyone can make their own draft and nobody can touch another's (sticky drafts directory)",
            )
            .to_owned(),
        ),
        Ok(meta) => {
            let command = format!("chmod 3770 {}", crate::store::shell_quote(&drafts.display().to_string()));
            let fix = if meta.uid() == nix::unistd::geteuid().as_raw() {
                command
            } else {
                format!("sudo {command}")
            };
            Check::fail(
                "drafts",
                match lang {
                    Lang::Zh => format!(
                        "草稿目錄 {} 的權限是 {:o}：其他人無法建立自己的草稿，或可動到別人的草稿",
                        shown(&drafts),
                        meta.mode() & 0o7777
                    ),
                    Lang::En => format!(
                        "the drafts directory {} has mode {:o}: others cannot make their drafts, or could touch another's",
                        shown(&drafts),
                        meta.mode() & 0o7777
                    ),
                },
                fix,
            )
        }
    });
    checks
}

/// Paths in `.git` (people's drafts aside) that lack the group access a shared
/// repository needs, with their owners.
fn wrong_modes(git_dir: &Path, gid: u32) -> Vec<(PathBuf, u32)> {
    let drafts = git_dir.join("dsw").join("drafts");
    // Presence files are each account's own, group-readable but not writable.
    let presence = git_dir.join("dsw").join("presence");
    let mut wrong = Vec::new();
    let mut visit = vec![git_dir.to_path_buf()];
    while let Some(path) = visit.pop() {
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if meta.file_type().is_symlink() {
            continue;
        }
        let mode = meta.permissions().mode();
        let private = (path.starts_with(&drafts) && path != drafts)
            || (path.starts_with(&presence) && path != presence);
        if private {
            continue;
        }
        let sticky = path == drafts || path == presence || path == git_dir.join("dsw");
        let ok = if meta.is_dir() {
            if let Ok(entries) = std::fs::read_dir(&path) {
                visit.extend(entries.flatten().map(|e| e.path()));
            }
            mode & 0o2070 == 0o2070 && (!sticky || mode & 0o1000 != 0)
        } else {
            // Lock files of a running command come and go; they are not setup.
            let transient = path.extension().is_some_and(|e| e == "lock");
            transient || (mode & 0o040 != 0 && (mode & 0o200 == 0 || mode & 0o020 != 0))
        };
        if !ok || meta.gid() != gid {
            wrong.push((path, meta.uid()));
        }
    }
    wrong.sort();
    wrong
}

fn own_draft(store: &Store, user: &str, lang: Lang) -> Check {
    let dir = store.drafts_dir().join(user);
    let user_shown = visible(user, false).into_owned();
    match store.draft_dir_check(user) {
        Err(error) => Check::fail(
            "draft",
            error.message(lang),
            lang.pick(
                "不要指定 --user／DSW_USER，或請管理員移除該目錄",
                "leave out --user/DSW_USER, or ask an administrator to remove that directory",
            ),
        ),
        Ok(false) => Check::ok(
            "draft",
            match lang {
                Lang::Zh => {
                    format!("草稿名稱 {user_shown}；尚無草稿目錄，第一次編輯時建立（僅你可讀寫）")
                }
                Lang::En => format!(
                    "draft name {user_shown}; no draft directory yet — the first edit makes it, private to you"
                ),
            },
        ),
        Ok(true) => {
            let mode = std::fs::metadata(&dir)
                .map(|m| m.mode() & 0o777)
                .unwrap_or(0);
            // 0711 on a shared repository: the team may see that a draft exists.
            if mode & 0o066 != 0 {
                Check::fail(
                    "draft",
                    match lang {
                        Lang::Zh => format!(
                            "你的草稿目錄 {} 的權限是 {mode:o}，別人可以讀取",
                            shown(&dir)
                        ),
                        Lang::En => format!(
                            "your draft directory {} has mode {mode:o}: others can read it",
                            shown(&dir)
                        ),
                    },
                    format!(
                        "chmod 700 {}",
                        crate::store::shell_quote(&dir.display().to_string())
                    ),
                )
            } else {
                Check::ok(
                    "draft",
                    match lang {
                        Lang::Zh => format!("草稿目錄 {} 屬於你，只有你能讀寫", shown(&dir)),
                        Lang::En => {
                            format!("the draft directory {} is yours and private", shown(&dir))
                        }
                    },
                )
            }
        }
    }
}

fn author(store: &Store, lang: Lang) -> Check {
    let account = Account::current();
    let committer = format!("{} <{}>", account.name, account.author().email);
    let source = if std::env::var("DSW_AUTHOR").is_ok_and(|v| !v.trim().is_empty()) {
        "DSW_AUTHOR"
    } else if store.repository().signature().is_ok() {
        "git config user.name/user.email"
    } else {
        lang.pick("帳號設定", "the account")
    };
    match Author::resolve(None, Some(store.repository())) {
        Ok(author) => Check::ok(
            "author",
            match lang {
                Lang::Zh => format!(
                    "作者 {} <{}>（來自 {source}）；提交者一律記為帳號 {}",
                    visible(&author.name, false),
                    visible(&author.email, false),
                    visible(&committer, false)
                ),
                Lang::En => format!(
                    "author {} <{}> (from {source}); the committer is always the account, {}",
                    visible(&author.name, false),
                    visible(&author.email, false),
                    visible(&committer, false)
                ),
            },
        ),
        Err(error) => Check::fail("author", error.message(lang), "unset DSW_AUTHOR"),
    }
}

fn integration(store: &Store, lang: Lang) -> Check {
    let registered = store.git_integration();
    let fix = "dsw git-setup";
    if registered.driver.is_none() || registered.textconv.is_none() {
        return Check::fail(
            "git-setup",
            lang.pick(
                "尚未登記 dsw 的合併程式與 textconv：一般 git pull／diff 無法逐題處理評估",
                "dsw's merge driver and textconv are not registered: plain git pull/diff cannot handle assessments question by question",
            )
            .to_owned(),
            fix,
        );
    }
    let unusable: Vec<String> = registered
        .programs()
        .into_iter()
        .filter(|program| {
            nix::unistd::access(Path::new(program), nix::unistd::AccessFlags::X_OK).is_err()
        })
        .collect();
    match unusable.first() {
        None => Check::ok(
            "git-setup",
            lang.pick(
                "已登記合併程式與 textconv",
                "the merge driver and textconv are registered",
            )
            .to_owned(),
        ),
        Some(program) => Check::fail(
            "git-setup",
            match lang {
                Lang::Zh => format!(
                    "登記的程式 {} 你無法執行（可能在別人的家目錄中）",
                    visible(program, false)
                ),
                Lang::En => format!(
                    "the registered program {} cannot be run by you (in someone's home directory?)",
                    visible(program, false)
                ),
            },
            match std::env::current_exe() {
                Ok(exe) if runnable_by_all(&exe) => format!(
                    "{} git-setup",
                    crate::store::shell_quote(&exe.display().to_string())
                ),
                _ => lang
                    .pick(
                        "以所有人都能執行的 dsw（如 /usr/local/bin/dsw）執行 `dsw git-setup`",
                        "run `dsw git-setup` with a dsw everyone can run (e.g. /usr/local/bin/dsw)",
                    )
                    .to_owned(),
            },
        ),
    }
}

fn umask(mask: u32, shared: bool, lang: Lang) -> Check {
    // dsw widens its own umask in a shared repository, but plain git does not for
    // the working tree: a checkout by someone whose umask hides files from the group
    // leaves a file the team cannot read.
    if shared && mask & 0o040 != 0 {
        return Check::fail(
            "umask",
            match lang {
                Lang::Zh => format!(
                    "umask {mask:04o}：你用一般 git（checkout、pull）寫出的工作目錄檔案，群組成員無法讀取"
                ),
                Lang::En => format!(
                    "umask {mask:04o}: working-tree files you write with plain git (checkout, pull) cannot be read by the group"
                ),
            },
            "echo 'umask 002' >> ~/.profile && umask 002",
        );
    }
    if mask & 0o600 != 0 {
        return Check::fail(
            "umask",
            match lang {
                Lang::Zh => format!("umask {mask:04o} 讓你無法讀寫自己建立的檔案"),
                Lang::En => {
                    format!("umask {mask:04o} keeps you from reading or writing your own files")
                }
            },
            "umask 022",
        );
    }
    Check::ok(
        "umask",
        match lang {
            Lang::Zh => format!(
                "umask {mask:04o}；在群組共用的儲存庫中，dsw 與 git 寫入的檔案一律可由群組存取"
            ),
            Lang::En => format!(
                "umask {mask:04o}; in a group-shared repository what dsw and git write is group-accessible regardless"
            ),
        },
    )
}

/// LibreOffice and a browser: only needed to look at exports, so never a failure.
fn tools(lang: Lang) -> Vec<Check> {
    vec![
        optional_tool(
            "libreoffice",
            &["soffice", "libreoffice"],
            lang.pick("可轉換 ODT 匯出", "can convert ODT exports"),
            lang.pick(
                "找不到 LibreOffice（選用：把 ODT 匯出轉成 PDF 或預覽時才需要）",
                "LibreOffice not found (optional: only needed to convert or preview ODT exports)",
            ),
            "sudo apt-get install libreoffice-writer-nogui",
        ),
        optional_tool(
            "browser",
            &[
                "chromium",
                "chromium-browser",
                "google-chrome",
                "firefox",
                "w3m",
                "lynx",
            ],
            lang.pick("可檢視 HTML 匯出", "can show HTML exports"),
            lang.pick(
                "找不到瀏覽器（選用：在伺服器上檢視 HTML 匯出時才需要）",
                "no browser found (optional: only needed to view HTML exports on the server)",
            ),
            "sudo apt-get install chromium",
        ),
    ]
}

/// A program only some exports need: OK with where it is, else a note and the
/// command that installs it.
fn optional_tool(
    check: &'static str,
    names: &[&str],
    found: &str,
    missing: &str,
    install: &str,
) -> Check {
    match find_program(names) {
        Some(path) => Check::ok(check, format!("{found} ({})", shown(&path))),
        None => Check::note(check, missing.to_owned(), install),
    }
}

/// Whether every account can run `program`: executable by others, in directories
/// everyone may enter.
fn runnable_by_all(program: &Path) -> bool {
    let executable = std::fs::metadata(program).is_ok_and(|m| m.permissions().mode() & 0o001 != 0);
    executable
        && program
            .ancestors()
            .skip(1)
            .all(|dir| std::fs::metadata(dir).is_ok_and(|m| m.permissions().mode() & 0o001 != 0))
}

/// The first of `names` found as an executable on `PATH`.
fn find_program(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    names.iter().find_map(|name| {
        std::env::split_paths(&path)
            .map(|dir| dir.join(name))
            .find(|candidate| {
                std::fs::metadata(candidate)
                    .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
            })
    })
}
