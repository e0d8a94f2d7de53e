//! The 繁體中文 help text. The English text lives on the clap definitions in `args`;
//! this table gives each command and option its Chinese line, keyed by the command
//! path and the argument id, and swaps clap's English headings for Chinese ones.

use clap::{Arg, ArgAction, Command};

/// `(command path, argument id or "" for the command itself, text)`.
const TEXT: &[(&str, &str, &str)] = &[
    (
        "dsw",
        "",
        "dsw — 數位服務指引工作台：依 13 項政府數位服務指引自評數位服務，每個版本都存入 git",
    ),
    ("dsw", "lang", "介面語言：zh（繁體中文，預設）或 en"),
    ("dsw", "directory", "如同在 PATH 目錄中啟動 dsw"),
    ("dsw forms", "", "列出可用的表單，或印出其中一份"),
    (
        "dsw forms show",
        "",
        "印出表單：每項指引、檢核項目與關鍵問題，附代碼",
    ),
    ("dsw forms show", "id", "表單代碼（見 `dsw forms`）"),
    (
        "dsw guideline",
        "",
        "印出一項指引：原則、說明與各相關層面的注意事項",
    ),
    ("dsw guideline", "id", "指引編號 1–13（或 一–十三）"),
    (
        "dsw validate",
        "",
        "檢查表單、指引或 BRiCS 檔案；有問題時逐一列出並以代碼 2 結束",
    ),
    ("dsw validate", "files", "要檢查的檔案"),
    ("dsw completions", "", "印出 shell 自動補全腳本"),
    ("dsw completions", "shell", "shell 種類"),
    ("dsw man", "", "印出使用手冊（roff 格式）"),
];

/// Gives `command` and all its subcommands their Chinese help.
pub fn localize(command: Command) -> Command {
    localize_at(command, "dsw")
}

fn localize_at(mut command: Command, path: &str) -> Command {
    for (at, id, text) in TEXT {
        if *at != path {
            continue;
        }
        if id.is_empty() {
            command = command.about(*text);
        } else {
            command = command.mut_arg(*id, |arg| arg.help(*text));
        }
    }
    let has_subcommands = command.get_subcommands().next().is_some();
    let has_positionals = command.get_positionals().next().is_some();
    let mut template = String::from("{about-with-newline}\n用法：{usage}\n");
    if has_subcommands {
        template.push_str("\n指令：\n{subcommands}\n");
    }
    if has_positionals {
        template.push_str("\n參數：\n{positionals}\n");
    }
    template.push_str("\n選項：\n{options}{after-help}");
    command = command.help_template(template).disable_help_flag(true).arg(
        Arg::new("help")
            .short('h')
            .long("help")
            .action(ArgAction::Help)
            .global(true)
            .help("印出說明"),
    );
    if path == "dsw" {
        command = command.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("印出版本"),
        );
    }
    let names: Vec<String> = command
        .get_subcommands()
        .map(|c| c.get_name().to_owned())
        .collect();
    for name in names {
        let sub_path = format!("{path} {name}");
        command = command.mut_subcommand(&name, |sub| localize_at(sub, &sub_path));
    }
    command
}
