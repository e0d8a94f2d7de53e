//! `dsw man`: the manual page, generated from the same definitions as `--help`: the
//! synopsis and global options as clap_mangen writes them, then a section per
//! subcommand (instead of references to `dsw-init(1)` pages that do not exist),
//! exit status and environment.

use std::io::Write;

use super::{Exit, Out, command};
use crate::i18n::Lang;

/// Writes the roff manual page.
pub fn run(lang: Lang, out: &mut Out) -> anyhow::Result<Exit> {
    let command = command(lang);
    let about = command
        .get_about()
        .map(ToString::to_string)
        .unwrap_or_default();
    // The about line begins with the program's name; NAME adds it again.
    let about = about
        .strip_prefix("dsw — ")
        .or_else(|| about.strip_prefix("dsw - "))
        .unwrap_or(&about)
        .to_owned();
    let page = command.clone().about(about);
    let man = clap_mangen::Man::new(page);
    man.render_title(out)?;
    man.render_name_section(out)?;
    man.render_synopsis_section(out)?;
    man.render_description_section(out)?;
    man.render_options_section(out)?;
    writeln!(out, ".SH {}", lang.pick("指令", "COMMANDS"))?;
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        write_subcommand(out, &format!("dsw {}", sub.get_name()), sub)?;
    }
    write_exit_status(out, lang)?;
    write_environment(out, lang)?;
    write_files(out, lang)?;
    man.render_version_section(out)?;
    Ok(Exit::Success)
}

/// One subcommand (and its own subcommands) as a subsection: usage, what it does,
/// its arguments and options.
fn write_subcommand(out: &mut Out, path: &str, command: &clap::Command) -> anyhow::Result<()> {
    let mut usage = vec![path.to_owned()];
    for arg in command.get_positionals() {
        let name = arg
            .get_value_names()
            .and_then(|names| names.first())
            .map_or_else(|| arg.get_id().to_string(), ToString::to_string);
        usage.push(if arg.is_required_set() {
            name
        } else {
            format!("[{name}]")
        });
    }
    if command.get_opts().any(|a| a.get_long() != Some("help")) {
        usage.push("[OPTIONS]".into());
    }
    writeln!(out, ".SS \"{}\"", roff(&usage.join(" ")))?;
    if let Some(about) = command.get_about() {
        writeln!(out, "{}", roff_line(&about.to_string()))?;
    }
    for arg in command.get_arguments() {
        if arg.is_hide_set() || arg.is_global_set() || arg.get_id() == "help" {
            continue;
        }
        let mut head = Vec::new();
        if let Some(short) = arg.get_short() {
            head.push(format!("\\fB\\-{}\\fR", roff(&short.to_string())));
        }
        if let Some(long) = arg.get_long() {
            head.push(format!("\\fB\\-\\-{}\\fR", roff(long)));
        }
        let takes_value =
            arg.get_num_args().is_some_and(|n| n.takes_values()) || arg.is_positional();
        let value = arg
            .get_value_names()
            .and_then(|names| names.first())
            .map(ToString::to_string)
            .filter(|_| takes_value);
        let mut line = head.join(", ");
        if let Some(value) = value {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(&format!("\\fI{}\\fR", roff(&value)));
        }
        writeln!(out, ".TP")?;
        writeln!(out, "{line}")?;
        if let Some(help) = arg.get_help() {
            writeln!(out, "{}", roff_line(&help.to_string()))?;
        }
    }
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        write_subcommand(out, &format!("{path} {}", sub.get_name()), sub)?;
    }
    Ok(())
}

fn write_exit_status(out: &mut Out, lang: Lang) -> anyhow::Result<()> {
    writeln!(out, ".SH {}", lang.pick("結束碼", "EXIT STATUS"))?;
    let codes = [
        ("0", "成功。", "success."),
        (
            "1",
            "失敗（無法寫入、git 錯誤、`dsw doctor` 發現問題）。",
            "failure (cannot write, a git error, a problem `dsw doctor` found).",
        ),
        (
            "2",
            "輸入有誤：用法、無效的檔案（包括工作台的 config.toml、keys.toml 與佈景主題檔）、不存在的代碼或佈景主題。",
            "bad input: usage, an invalid file (the workbench's config.toml, keys.toml and theme files too), an unknown id or theme.",
        ),
        (
            "3",
            "合併衝突：兩人改了同一欄位；草稿完整保留，以 `dsw resolve` 決定。或兩人同時對同一則審查意見寫了不同的回覆：兩者都保留，以 `dsw review reply N` 寫成一個。",
            "merge conflict: two people changed the same field; the draft is intact, settle it with `dsw resolve`. Or two people replied differently to one review comment at the same moment: both replies are kept, write one with `dsw review reply N`.",
        ),
    ];
    write_entries(out, lang, &codes)
}

fn write_files(out: &mut Out, lang: Lang) -> anyhow::Result<()> {
    writeln!(out, ".SH {}", lang.pick("檔案", "FILES"))?;
    let entries = [
        (
            "$XDG_CONFIG_HOME/dsw/config.toml",
            "工作台的設定，啟動時讀取一次：theme = \"light\"（內建佈景主題名稱，或相對於此檔的佈景主題檔）、mouse = true、lang = \"en\"（--lang 與 DSW_LANG 優先），以及 [keys] 下的 動作 = [\"鍵\", …]（名稱見工作台的 ? 說明）。同一情境中一個鍵只能做一件事。檔案有誤時工作台不啟動，以 2 結束並指出行與欄。",
            "the workbench's settings, read once at start: theme = \"light\" (a bundled theme, or a theme file relative to this one), mouse = true, lang = \"en\" (--lang and DSW_LANG come first), and action = [\"key\", …] under [keys] (the names ? shows in the workbench). A key does one thing in each context. A file with a problem stops the workbench with exit 2, naming its line and column.",
        ),
        (
            "$XDG_CONFIG_HOME/dsw/keys.toml",
            "舊版的鍵位檔（[keys]），仍會讀取；config.toml 的 [keys] 優先。",
            "the older keys file ([keys]), still read; config.toml's [keys] wins over it.",
        ),
        (
            "STEM.review.toml",
            "評估 STEM.assessment.toml 的審查意見，與評估檔並存於儲存庫，由 `dsw review` 與工作台的審查分頁寫入；手動編輯後以 `dsw validate` 檢查（行與欄、對象是否存在）。",
            "the review comments of the assessment STEM.assessment.toml, beside it in the repository, written by `dsw review` and the workbench's review tab; after editing it by hand, check it with `dsw validate` (line and column, whether each target exists).",
        ),
        (
            "THEME.toml",
            "佈景主題檔：name = \"…\" 與 [colors]，只需寫出與 default 不同的顏色（text、muted、accent、border、focus、selection_fg、selection_bg、added、removed、warning、todo、partial、done、na）；顏色為名稱（red、light-blue …）、\"#rrggbb\" 或 256 色編號（\"244\"）。",
            "a theme file: name = \"…\" and [colors], naming only the colours that differ from default (text, muted, accent, border, focus, selection_fg, selection_bg, added, removed, warning, todo, partial, done, na); a colour is a name (red, light-blue …), \"#rrggbb\" or a 256-colour index (\"244\").",
        ),
    ];
    write_entries(out, lang, &entries)
}

fn write_environment(out: &mut Out, lang: Lang) -> anyhow::Result<()> {
    writeln!(out, ".SH {}", lang.pick("環境變數", "ENVIRONMENT"))?;
    let entries = [
        (
            "DSW_USER",
            "草稿的名稱（同 --user；預設為帳號的登入名稱）。",
            "whose draft (as --user; default: the account's login name).",
        ),
        (
            "DSW_AUTHOR",
            "提交的作者，\"姓名 <email>\"（同 --author）；提交者一律是執行 dsw 的帳號。",
            "the author of commits, \"Name <email>\" (as --author); the committer is always the account running dsw.",
        ),
        (
            "DSW_LANG",
            "介面語言 zh 或 en（同 --lang）。",
            "interface language, zh or en (as --lang).",
        ),
        (
            "NO_COLOR",
            "不輸出顏色；工作台使用 mono 佈景。",
            "no colour; the workbench uses the mono theme.",
        ),
        (
            "XDG_CONFIG_HOME",
            "設定目錄（預設 ~/.config）：dsw/config.toml、dsw/keys.toml、dsw/forms/（見「檔案」）。",
            "configuration (default ~/.config): dsw/config.toml, dsw/keys.toml, dsw/forms/ (see FILES).",
        ),
        (
            "XDG_STATE_HOME",
            "狀態目錄（預設 ~/.local/state）：草稿無法寫入儲存庫時的復原檔 dsw/。",
            "state (default ~/.local/state): dsw/ holds recovery files when a draft cannot be written.",
        ),
        (
            "COLORTERM, TERM",
            "決定工作台使用的顏色數。",
            "how many colours the workbench uses.",
        ),
    ];
    write_entries(out, lang, &entries)
}

/// Named entries of a section, each its name in bold and its text in `lang`.
fn write_entries(out: &mut Out, lang: Lang, entries: &[(&str, &str, &str)]) -> anyhow::Result<()> {
    for (name, zh, en) in entries {
        writeln!(
            out,
            ".TP\n\\fB{}\\fR\n{}",
            roff(name),
            roff_line(lang.pick(zh, en))
        )?;
    }
    Ok(())
}

/// Text escaped for roff: backslashes and hyphens.
fn roff(text: &str) -> String {
    text.replace('\\', "\\e").replace('-', "\\-")
}

/// A line of text for roff: escaped, and never starting with a control character.
fn roff_line(text: &str) -> String {
    let text = roff(text);
    if text.starts_with(['.', '\'']) {
        format!("\\&{text}")
    } else {
        text
    }
}
