//! The workbench's part of an error message: after the store says what happened, what
//! to press next — keys named through the keymap, so a person who rebound them reads
//! their own. Where only the command line can help, it says so plainly rather than
//! offering a command as if it were a key. The command line has its own hints
//! (`cli::hint`).

use super::keymap::{Action, Keymap};
use crate::i18n::Lang;
use crate::store::{StoreError, Sync};

/// The store's message followed by the workbench's hint, if there is one.
pub fn store_message(error: &StoreError, keys: &Keymap, lang: Lang) -> String {
    with_hint(error.message(lang), store_hint(error, keys, lang), lang)
}

/// What happened to the working-tree file after a commit, with how to take a hand
/// edit in; `None` when there is nothing to say.
pub fn worktree_note(sync: &Sync, keys: &Keymap, lang: Lang) -> Option<String> {
    let text = sync.describe(lang)?;
    Some(match sync {
        Sync::HandEdited(path) => with_hint(
            text,
            store_hint(&StoreError::HandEdited(path.clone()), keys, lang),
            lang,
        ),
        _ => text,
    })
}

fn with_hint(message: String, hint: Option<String>, lang: Lang) -> String {
    match hint {
        Some(hint) => format!("{message}{}{hint}", lang.pick("", " ")),
        None => message,
    }
}

/// What to press next for `error`.
pub fn store_hint(error: &StoreError, keys: &Keymap, lang: Lang) -> Option<String> {
    let key = |action: Action| keys.label(action);
    let history = super::tabs::TABS
        .iter()
        .position(|tab| tab.action == "tab_history")
        .map_or(Action::Help, Action::Tab);
    Some(match (error, lang) {
        (StoreError::Locked(_), Lang::Zh) => {
            format!("稍後按 {} 再提交一次。", key(Action::Commit))
        }
        (StoreError::Locked(_), Lang::En) => {
            format!("Press {} to commit again in a moment.", key(Action::Commit))
        }
        (StoreError::Conflicts { .. }, Lang::Zh) => {
            format!("按 {} 逐欄選擇要保留的版本。", key(Action::Commit))
        }
        (StoreError::Conflicts { .. }, Lang::En) => format!(
            "Press {} to choose which version to keep for each.",
            key(Action::Commit)
        ),
        (StoreError::UnknownRevision(_), Lang::Zh) => format!(
            "歷程分頁（{}）列出所有版本與送審標記。",
            key(history)
        ),
        (StoreError::UnknownRevision(_), Lang::En) => format!(
            "The history tab ({}) lists the revisions and iterations.",
            key(history)
        ),
        // Only the command line takes a hand-edited file in, settles a stopped git
        // merge or explains permissions: said as such, after quitting.
        (StoreError::HandEdited(_), Lang::Zh) => format!(
            "要採用，請離開（{}）後在指令列執行 dsw commit --from-file。",
            key(Action::Quit)
        ),
        (StoreError::HandEdited(_), Lang::En) => format!(
            "To take the edits, quit ({}) and run dsw commit --from-file at the command line.",
            key(Action::Quit)
        ),
        (StoreError::InProgress(_), Lang::Zh) => format!(
            "評估檔的衝突請離開工作台（{}）後在指令列以 dsw resolve 逐欄決定。",
            key(Action::Quit)
        ),
        (StoreError::InProgress(_), Lang::En) => format!(
            "Settle the assessment's conflicts field by field with dsw resolve at the command line, after quitting ({}).",
            key(Action::Quit)
        ),
        (StoreError::BadAuthor(_), _) => lang
            .pick(
                "工作台的作者取自 DSW_AUTHOR：請修正或取消設定（改用 git 的 user.name／user.email）後重新開啟。",
                "The workbench takes the author from DSW_AUTHOR: correct or unset it (git's user.name/user.email is used then), and start the workbench again.",
            )
            .to_owned(),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_name_the_keys_as_bound() {
        let locked = StoreError::Locked("refs/heads/main".into());
        let text = store_message(&locked, &Keymap::default(), Lang::Zh);
        assert!(text.ends_with("稍後按 Ctrl-S 再提交一次。"), "{text}");
        assert!(!text.contains("dsw commit"), "{text}");
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("config.toml"),
            "[keys]\ncommit = [\"ctrl-w\"]\n",
        )
        .unwrap();
        let rebound =
            super::super::config::Config::load_from(Some(dir.path()), &Default::default())
                .unwrap()
                .keys;
        let text = store_message(&locked, &rebound, Lang::En);
        assert!(text.contains("Press Ctrl-W to commit again"), "{text}");
        let hand = Sync::HandEdited("/srv/plan/ict-plan.assessment.toml".into());
        let text = worktree_note(&hand, &rebound, Lang::En).unwrap();
        assert!(
            text.contains("edited by hand") && text.contains("quit (q)"),
            "{text}"
        );
        assert_eq!(worktree_note(&Sync::Updated, &rebound, Lang::En), None);
    }
}
