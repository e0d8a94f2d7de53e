//! The command line's part of an error message: after the store says what happened,
//! which `dsw` command or option gets the person further. The workbench has its own
//! hints, naming keys (`tui::hint`).

use crate::i18n::Lang;
use crate::store::{StoreError, Sync};

/// The store's message followed by the command-line hint, if there is one.
pub fn store_message(error: &StoreError, lang: Lang) -> String {
    let message = error.message(lang);
    match store_hint(error, lang) {
        Some(hint) => format!("{message}{}{hint}", lang.pick("", " ")),
        None => message,
    }
}

/// What to type next for `error`, naming dsw's commands and options.
pub fn store_hint(error: &StoreError, lang: Lang) -> Option<String> {
    if let StoreError::HandEdited(path) = error {
        let path = crate::store::shell_quote(&path.display().to_string());
        return Some(match lang {
            Lang::Zh => format!(
                "要採用那些修改，請執行 `dsw commit --from-file -m MSG`；要放棄，請 `git checkout -- {path}`。"
            ),
            Lang::En => format!(
                "To take those edits, run `dsw commit --from-file -m MSG`; to drop them, `git checkout -- {path}`."
            ),
        });
    }
    if error.is_permission_denied() {
        return Some(
            lang.pick(
                "`dsw doctor` 會指出原因與修正方式。",
                "`dsw doctor` tells why and how to fix it.",
            )
            .to_owned(),
        );
    }
    let hint = match error {
        StoreError::NotARepository(_) => lang.pick(
            "請先執行 `dsw init --form service`（或 `--form ict-plan`）建立一個，或以 -C 指定位置。",
            "Run `dsw init --form service` (or `--form ict-plan`) to create one, or point at one with -C.",
        ),
        StoreError::BadUser(_) => lang.pick(
            "請以 --user 或 DSW_USER 指定其他名稱。",
            "Give another with --user or DSW_USER.",
        ),
        StoreError::OtherAccount(_) => lang.pick(
            "請不要指定 --user／DSW_USER，或改用不是他人帳號的名稱。",
            "Leave out --user/DSW_USER, or use a name that is not someone else's account.",
        ),
        StoreError::InProgress(_) => lang.pick(
            "評估檔的衝突請先以 `dsw resolve ID --mine | --theirs | --text T` 逐欄決定（全部決定後 dsw 會 git add）。",
            "Settle the assessment's conflicts field by field first with `dsw resolve ID --mine | --theirs | --text T` (dsw stages the file when none is left).",
        ),
        StoreError::NoAssessment => lang.pick(
            "請執行 `dsw init --form service` 建立。",
            "Run `dsw init --form service` to create one.",
        ),
        StoreError::Ambiguous(_) => lang.pick(
            "請以 --assessment NAME 指定。",
            "Choose one with --assessment NAME.",
        ),
        StoreError::AlreadyExists(_) => lang.pick(
            "要另建一份評估，請以 --name 指定其他名稱。",
            "To start another assessment, give it another name with --name.",
        ),
        StoreError::UnknownRevision(_) => lang.pick(
            "可用 `dsw log` 查看版本，`dsw tags` 查看送審標記。",
            "`dsw log` lists revisions and `dsw tags` the iterations.",
        ),
        StoreError::Locked(_) => lang.pick(
            "稍後再執行 `dsw commit`。",
            "Run `dsw commit` again in a moment.",
        ),
        StoreError::Conflicts { .. } => lang.pick(
            "請以下列各欄位的 `dsw resolve` 指令逐一決定後再提交。",
            "Settle each field with the `dsw resolve` command listed for it below, then commit again.",
        ),
        StoreError::BadAuthor(_) => lang.pick(
            "請修正 --author 或 DSW_AUTHOR（不設定時採用 git 的 user.name／user.email）。",
            "Correct --author or DSW_AUTHOR (without them, git's user.name/user.email is used).",
        ),
        StoreError::UnknownForm(_) => lang.pick(
            "`dsw forms` 列出可用的表單。",
            "`dsw forms` lists them.",
        ),
        StoreError::TagExists(_) => lang.pick(
            "`dsw tags` 列出現有的標記。",
            "`dsw tags` lists them.",
        ),
        _ => return None,
    };
    Some(hint.to_owned())
}

/// What happened to the working-tree file after a commit (or found by `dsw status`),
/// with the command that takes a hand edit in; `None` when there is nothing to say.
pub fn worktree_note(sync: &Sync, lang: Lang) -> Option<String> {
    let text = sync.describe(lang)?;
    Some(match sync {
        Sync::HandEdited(path) => match store_hint(&StoreError::HandEdited(path.clone()), lang) {
            Some(hint) => format!("{text}{}{hint}", lang.pick("", " ")),
            None => text,
        },
        _ => text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_adds_the_command_after_the_stores_words() {
        let error = StoreError::UnknownRevision("v9".into());
        assert_eq!(
            store_message(&error, Lang::Zh),
            "找不到版本 `v9`。可用 `dsw log` 查看版本，`dsw tags` 查看送審標記。"
        );
        assert_eq!(
            store_message(&error, Lang::En),
            "there is no revision `v9`. `dsw log` lists revisions and `dsw tags` the iterations."
        );
        let read_only = StoreError::ReadOnly(".git".into());
        assert!(
            store_message(&read_only, Lang::En)
                .ends_with("`dsw doctor` tells why and how to fix it.")
        );
        let hand = Sync::HandEdited("/srv/plan/ict-plan.assessment.toml".into());
        assert!(
            worktree_note(&hand, Lang::En)
                .unwrap()
                .contains("run `dsw commit --from-file -m MSG`; to drop them, `git checkout -- /srv/plan/ict-plan.assessment.toml`.")
        );
    }
}
