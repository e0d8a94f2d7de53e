//! The 繁體中文 help text. The English text lives on the clap definitions in `args`;
//! this table gives each command and option its Chinese line, keyed by the command
//! path and the argument id, and swaps clap's English headings for Chinese ones.

use clap::{Arg, ArgAction, Command};

/// `(command path, argument id or "" for the command itself, text)`.
#[rustfmt::skip]
const TEXT: &[(&str, &str, &str)] = &[
    (
        "dsw",
        "",
        "dsw — 數位服務指引工作台：依 13 項政府數位服務指引自評數位服務，每個版本都存入 git",
    ),
    ("dsw", "lang", "介面語言：zh（繁體中文，預設）或 en"),
    ("dsw", "directory", "如同在 PATH 目錄中啟動 dsw"),
    ("dsw", "theme", "終端機介面的佈景：default、light、high-contrast、mono，或檔案路徑"),
    ("dsw", "mouse", "讓工作台使用滑鼠（點選、滾輪捲動）"),
    ("dsw open", "", "在 PATH（預設為目前目錄）的評估上開啟終端機工作台"),
    ("dsw open", "path", "儲存庫中的目錄，或評估檔"),
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
    (
        "dsw",
        "user",
        "使用誰的草稿（預設：DSW_USER，否則為登入名稱）",
    ),
    ("dsw", "assessment", "儲存庫有多份評估時，指定其中一份"),
    (
        "dsw doctor",
        "",
        "檢查你的帳號在這個儲存庫的設定（擁有者、共用、草稿、作者、git 整合、工具）；有問題時結束碼為 1",
    ),
    ("dsw doctor", "json", "以 JSON 輸出檢查結果"),
    (
        "dsw init",
        "",
        "建立評估（必要時一併建立 git 儲存庫）並提交第一個版本",
    ),
    ("dsw init", "dir", "儲存庫目錄（預設：目前目錄）"),
    (
        "dsw init",
        "form",
        "要填寫的表單：service 或 ict-plan（見 `dsw forms`）；在既有儲存庫加 --shared 時可省略",
    ),
    (
        "dsw init",
        "shared",
        "團隊儲存庫：群組共用，目錄所屬群組的每個帳號都能在其中工作（既有儲存庫會改為共用）",
    ),
    (
        "dsw init",
        "title",
        "標題：填入表單的第一個表頭欄位（計畫名稱）",
    ),
    (
        "dsw init",
        "name",
        "檔名（預設為表單代碼 → service.assessment.toml）",
    ),
    ("dsw init", "author", "第一個版本的作者，\"姓名 <email>\""),
    (
        "dsw answer",
        "",
        "在草稿中填寫關鍵問題的回答（TEXT，或以 - / 省略改讀標準輸入）",
    ),
    ("dsw answer", "id", "關鍵問題代碼，例如 7.3.2"),
    ("dsw answer", "text", "回答內容；- 或省略則讀取標準輸入"),
    (
        "dsw mark",
        "",
        "設定檢核項目狀態：todo、partial、done 或 na",
    ),
    ("dsw mark", "id", "檢核項目代碼，例如 7.3"),
    (
        "dsw mark",
        "status",
        "todo（未完成）| partial（部分完成）| done（已完成）| na（不適用）",
    ),
    ("dsw evidence", "", "新增或移除檢核項目的佐證連結"),
    ("dsw evidence", "id", "檢核項目代碼"),
    ("dsw evidence add", "", "新增連結：說明與網址或儲存庫路徑"),
    ("dsw evidence add", "label", "說明"),
    ("dsw evidence add", "target", "網址或儲存庫中的路徑"),
    (
        "dsw evidence remove",
        "",
        "移除第 N 個連結（依 `dsw show --draft` 的編號，從 1 起算）",
    ),
    ("dsw evidence remove", "number", "連結編號"),
    (
        "dsw meta",
        "",
        "設定表頭欄位（如 plan、service、filled_by、date）",
    ),
    ("dsw meta", "field", "欄位代碼（見 `dsw forms show ID`）"),
    ("dsw meta", "value", "內容（空白則清除）"),
    ("dsw brics", "", "編輯 BRiCS 利害關係人分析表"),
    (
        "dsw brics set",
        "",
        "設定一格（表或利害關係人不存在時自動建立）",
    ),
    ("dsw brics set", "table", "表名稱（或代碼）"),
    ("dsw brics set", "stakeholder", "利害關係人名稱（或代碼）"),
    (
        "dsw brics set",
        "field",
        "benefit（效益／價值）| risk（風險）| cost（成本／條件／脈絡）| kind（類型）",
    ),
    ("dsw brics set", "value", "內容（- 讀取標準輸入）"),
    ("dsw brics remove", "", "移除利害關係人，或整張表"),
    ("dsw brics remove", "table", "表名稱（或代碼）"),
    (
        "dsw brics remove",
        "stakeholder",
        "利害關係人名稱（或代碼）；省略則移除整張表",
    ),
    (
        "dsw status",
        "",
        "各指引完成度、你的草稿變更、他人新提交的版本、誰正在編輯哪一題",
    ),
    ("dsw status", "json", "機器可讀的輸出（一個 JSON 物件）"),
    ("dsw commit", "", "把草稿提交為新版本（自動合併他人的版本）"),
    ("dsw commit", "message", "版本說明"),
    (
        "dsw commit",
        "author",
        "作者，\"姓名 <email>\"（預設：DSW_AUTHOR，否則 git 設定，否則帳號的 \"姓名 <login@host>\"）",
    ),
    (
        "dsw commit",
        "from_file",
        "提交工作目錄中被直接編輯過的檔案（會先檢查）",
    ),
    (
        "dsw discard",
        "",
        "丟棄你的草稿（在工作台打了但還沒送出的審查文字會保留）",
    ),
    (
        "dsw discard",
        "review",
        "改為丟棄你在工作台打了但還沒送出的審查文字（回覆、再修正理由、新意見）",
    ),
    (
        "dsw resolve",
        "",
        "決定衝突欄位：保留自己的、採用對方的，或改寫",
    ),
    (
        "dsw resolve",
        "id",
        "欄位代碼，即 `dsw commit` 列出的（如 7.3.2、7.3、meta/plan）",
    ),
    ("dsw resolve", "mine", "保留你的內容"),
    ("dsw resolve", "theirs", "採用分支上的內容"),
    ("dsw resolve", "text", "改寫為這段文字（- 讀取標準輸入）"),
    ("dsw resolve", "stdin", "-：自標準輸入讀取新的文字"),
    ("dsw log", "", "列出評估的歷次版本"),
    ("dsw log", "max", "最多顯示 N 個版本"),
    ("dsw log", "json", "機器可讀的輸出（一個 JSON 陣列）"),
    ("dsw show", "", "顯示某個版本的評估（預設：分支最新版本）"),
    ("dsw show", "rev", "任何 git 版本寫法：代碼、HEAD~2、標記"),
    ("dsw show", "draft", "你的草稿：你正在編輯的評估"),
    ("dsw show", "json", "機器可讀的輸出"),
    (
        "dsw diff",
        "",
        "逐題比較：最新版本與草稿、A 與草稿，或 A 與 B",
    ),
    ("dsw diff", "a", "比較的起點版本（預設：分支最新版本）"),
    ("dsw diff", "b", "比較的終點版本（預設：你的草稿）"),
    ("dsw diff", "format", "輸出格式：text（純文字，在終端機上有顏色）、md（Markdown）或 json（JSON）"),
    ("dsw diff", "stat", "只顯示一行摘要"),
    (
        "dsw tag",
        "",
        "把版本標記為一次送審（annotated tag），例如 第一次送審",
    ),
    ("dsw tag", "name", "標記名稱"),
    ("dsw tag", "rev", "版本（預設：分支最新版本）"),
    ("dsw tag", "message", "標記說明"),
    ("dsw tags", "", "列出各次送審標記"),
    ("dsw export", "", "匯出評估（ODT 表單、HTML 報告、Markdown、CSV、JSON）、修正對照表或審查意見回覆表"),
    ("dsw export", "format", "匯出格式：odt（ODF 文件：官方表單）、html（單一自足的 HTML 檔）、md（GitHub 格式的 Markdown）、csv（每個關鍵問題一列）或 json（整份評估）"),
    ("dsw export", "rev", "要匯出的版本（預設：分支最新版本）"),
    ("dsw export", "output", "輸出檔案（- 或省略：文字格式寫到標準輸出）"),
    ("dsw export", "compare", "兩個版本或送審標記之間的修正對照表（odt、html、md）"),
    ("dsw export", "replies", "送審階段的審查意見回覆表：每則審查意見的回覆說明與對象其後的修正情形（odt、html、md、csv）"),
    ("dsw export", "iteration", "與 --replies 併用：列出哪個送審階段的審查意見（預設：最新的送審標記）"),
    ("dsw export", "bom", "CSV 開頭加上 BOM，方便 Excel 開啟"),
    (
        "dsw review",
        "",
        "審查意見：新增、列出、顯示、回覆、同意、再修正、匯入",
    ),
    (
        "dsw review add",
        "",
        "對關鍵問題、檢核項目、表頭欄位、BRiCS 表或格，或整份評估新增審查意見（TEXT，或以 - / 省略改讀標準輸入）",
    ),
    (
        "dsw review add",
        "target",
        "7.3.2、7.3、meta/欄位、brics/表格[/利害關係人[/面向]] 或 general（整體）",
    ),
    ("dsw review add", "text", "審查意見；- 或省略則讀取標準輸入"),
    (
        "dsw review add",
        "iteration",
        "針對哪一次送審（預設：最新的送審標記）",
    ),
    ("dsw review add", "by", "審查委員姓名（預設：作者）"),
    ("dsw review add", "author", "作者，\"姓名 <email>\"（預設：DSW_AUTHOR，否則 git 設定）"),
    ("dsw review list", "", "列出審查意見，每則一行，附目前狀態"),
    ("dsw review list", "open", "只列出待處理的（待回覆與再修正）"),
    ("dsw review list", "iteration", "只列出針對這次送審的"),
    ("dsw review list", "target", "只列出這個對象的"),
    ("dsw review list", "json", "機器可讀的輸出（一個 JSON 陣列）"),
    ("dsw review show", "", "顯示一則審查意見：對象、內容、回覆與經過"),
    ("dsw review show", "number", "審查意見編號（或代碼）"),
    ("dsw review show", "json", "機器可讀的輸出（一個 JSON 物件）"),
    (
        "dsw review reply",
        "",
        "回覆審查意見（TEXT，或以 - / 省略改讀標準輸入）",
    ),
    ("dsw review reply", "number", "審查意見編號（或代碼）"),
    ("dsw review reply", "text", "回覆說明；- 或省略則讀取標準輸入"),
    ("dsw review reply", "author", "作者，\"姓名 <email>\"（預設：DSW_AUTHOR，否則 git 設定）"),
    ("dsw review accept", "", "同意審查意見的回覆"),
    ("dsw review accept", "number", "審查意見編號（或代碼）"),
    ("dsw review accept", "author", "作者，\"姓名 <email>\"（預設：DSW_AUTHOR，否則 git 設定）"),
    (
        "dsw review reopen",
        "",
        "要求再修正，並說明原因（TEXT，或以 - / 省略改讀標準輸入）",
    ),
    ("dsw review reopen", "number", "審查意見編號（或代碼）"),
    ("dsw review reopen", "text", "原因；- 或省略則讀取標準輸入"),
    ("dsw review reopen", "author", "作者，\"姓名 <email>\"（預設：DSW_AUTHOR，否則 git 設定）"),
    (
        "dsw review import",
        "",
        "匯入審查委員的試算表（CSV，UTF-8）中的每則意見：全部匯入，或一則都不匯入",
    ),
    (
        "dsw review import",
        "file",
        "CSV 檔：第一列為欄位名稱，需有對象欄（題號／項目／target）與意見欄（審查意見／意見／comment），可有審查委員欄（審查委員／reviewer）",
    ),
    (
        "dsw review import",
        "iteration",
        "這些意見針對哪一次送審（預設：最新的送審標記）",
    ),
    ("dsw review import", "by", "未寫明審查委員的列所用的姓名（預設：作者）"),
    ("dsw review import", "author", "作者，\"姓名 <email>\"（預設：DSW_AUTHOR，否則 git 設定）"),
    ("dsw demo", "", "在新的暫存儲存庫中建立範例評估（官方填寫範例）"),
    ("dsw demo", "no_tui", "只建立並印出位置"),
    (
        "dsw git-setup",
        "",
        "登記 dsw 的合併程式與 textconv，讓一般 git 也能逐題合併與比較評估",
    ),
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
    // The formats' Chinese help names the values itself: clap would list them
    // again with the English descriptions of their enum.
    if matches!(path, "dsw export" | "dsw diff") {
        command = command.mut_arg("format", |arg| arg.hide_possible_values(true));
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

/// A command-line error (or the help and version texts clap produces as errors) in
/// Chinese: clap words its own errors in English only.
pub fn error_text(error: &clap::Error) -> String {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let context = |kind: ContextKind| -> Vec<String> {
        match error.get(kind) {
            Some(ContextValue::String(text)) => vec![text.clone()],
            Some(ContextValue::Strings(list)) => list.clone(),
            Some(ContextValue::StyledStr(text)) => vec![text.to_string()],
            Some(ContextValue::StyledStrs(list)) => list.iter().map(ToString::to_string).collect(),
            Some(ContextValue::Number(n)) => vec![n.to_string()],
            _ => Vec::new(),
        }
    };
    let one = |kind: ContextKind| context(kind).into_iter().next().unwrap_or_default();
    let quoted = |list: Vec<String>| {
        list.iter()
            .map(|v| format!("`{v}`"))
            .collect::<Vec<_>>()
            .join("、")
    };
    let rendered = error.render().to_string();
    let main = match error.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            return rendered
                .replace("[default: ", "[預設：")
                .replace("[possible values: ", "[可用值：")
                .replace("[aliases: ", "[別名：")
                .replace("[env: ", "[環境變數：");
        }
        ErrorKind::InvalidValue => {
            let valid = context(ContextKind::ValidValue);
            let mut text = format!(
                "`{}` 不是 `{}` 可用的值",
                one(ContextKind::InvalidValue),
                one(ContextKind::InvalidArg)
            );
            if !valid.is_empty() {
                text.push_str(&format!("；可用的值：{}", quoted(valid)));
            }
            text
        }
        ErrorKind::UnknownArgument => {
            let mut text = format!("不認得的選項 `{}`", one(ContextKind::InvalidArg));
            let suggested = context(ContextKind::SuggestedArg);
            if !suggested.is_empty() {
                text.push_str(&format!("；是不是要 {}？", quoted(suggested)));
            }
            text
        }
        ErrorKind::InvalidSubcommand => {
            let mut text = format!("不認得的指令 `{}`", one(ContextKind::InvalidSubcommand));
            let suggested = context(ContextKind::SuggestedSubcommand);
            if !suggested.is_empty() {
                text.push_str(&format!("；是不是要 {}？", quoted(suggested)));
            }
            text
        }
        ErrorKind::MissingRequiredArgument => {
            format!(
                "缺少必要的參數：{}",
                quoted(context(ContextKind::InvalidArg))
            )
        }
        ErrorKind::MissingSubcommand => "需要指定一個子指令".to_owned(),
        ErrorKind::ArgumentConflict => format!(
            "`{}` 不能和 {} 一起使用",
            one(ContextKind::InvalidArg),
            quoted(context(ContextKind::PriorArg))
        ),
        ErrorKind::NoEquals => format!("`{}` 需要以 = 給值", one(ContextKind::InvalidArg)),
        ErrorKind::ValueValidation => format!(
            "`{}` 不是 `{}` 的有效值",
            one(ContextKind::InvalidValue),
            one(ContextKind::InvalidArg)
        ),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
            format!("`{}` 的值數量不對", one(ContextKind::InvalidArg))
        }
        ErrorKind::InvalidUtf8 => "參數不是有效的 UTF-8 文字".to_owned(),
        // Anything else: clap's own words rather than none.
        _ => return rendered,
    };
    let usage = one(ContextKind::Usage);
    let usage = usage
        .trim()
        .strip_prefix("Usage:")
        .or_else(|| usage.trim().strip_prefix("用法："))
        .unwrap_or(usage.trim())
        .trim()
        .to_owned();
    let mut text = format!("錯誤：{main}\n");
    if !usage.is_empty() {
        text.push_str(&format!("\n用法：{usage}\n"));
    }
    text.push_str("\n更多說明請執行 `dsw --help`（或在指令後加 --help）。\n");
    text
}
