//! Interface language. The chrome (labels, messages, help) is 繁體中文 by default and
//! English with `--lang en`; official content is never translated.

use std::str::FromStr;

/// The language of dsw's own interface text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// 繁體中文 (the default).
    #[default]
    Zh,
    /// English.
    En,
}

impl Lang {
    /// Picks the text for this language; every interface string goes through here so
    /// the two languages stay side by side in the source.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// What follows a label before its value: `：` in Chinese, `: ` in English.
    pub fn colon(self) -> &'static str {
        self.pick("：", ": ")
    }

    /// Between the items of a list: `、` in Chinese, `, ` in English.
    pub fn list_separator(self) -> &'static str {
        self.pick("、", ", ")
    }

    /// `text` in parentheses after what precedes it: `（text）` in Chinese,
    /// ` (text)` in English.
    pub fn parenthesized(self, text: &str) -> String {
        match self {
            Lang::Zh => format!("（{text}）"),
            Lang::En => format!(" ({text})"),
        }
    }

    /// The language asked for on the command line (`--lang X` / `--lang=X`) or in
    /// `DSW_LANG`. Read before argument parsing so `--help` itself is localised.
    pub fn from_args_and_env<I: IntoIterator<Item = String>>(args: I) -> Lang {
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            let value = if arg == "--lang" {
                args.next()
            } else {
                arg.strip_prefix("--lang=").map(str::to_owned)
            };
            if let Some(lang) = value.and_then(|v| v.parse().ok()) {
                return lang;
            }
        }
        Lang::from_env().unwrap_or_default()
    }

    /// The language `DSW_LANG` asks for, if it names one.
    pub fn from_env() -> Option<Lang> {
        std::env::var("DSW_LANG").ok().and_then(|v| v.parse().ok())
    }
}

/// An I/O error in the interface language: what the system said, by its kind, without
/// the English of the operating system (`No such file or directory (os error 2)`).
pub fn io_error(error: &std::io::Error, lang: Lang) -> String {
    use std::io::ErrorKind as K;
    let zh = match error.kind() {
        K::NotFound => "找不到這個檔案或目錄",
        K::PermissionDenied => "權限不足",
        K::AlreadyExists => "已經存在",
        K::StorageFull => "磁碟已滿",
        K::ReadOnlyFilesystem => "檔案系統是唯讀的",
        K::IsADirectory => "這是目錄，不是檔案",
        K::NotADirectory => "路徑中有一段不是目錄",
        K::DirectoryNotEmpty => "目錄不是空的",
        K::InvalidData => "內容不是有效的 UTF-8 文字",
        K::QuotaExceeded => "超過磁碟配額",
        K::FileTooLarge => "檔案太大",
        K::BrokenPipe => "讀取端已關閉",
        K::Interrupted => "被中斷",
        K::TimedOut => "逾時",
        _ => "",
    };
    match lang {
        Lang::Zh if !zh.is_empty() => zh.to_owned(),
        Lang::Zh => format!("系統錯誤（{error}）"),
        Lang::En => error.to_string(),
    }
}

/// A message from the TOML/serde parser in the interface language: the common
/// shapes (`unknown field`, `missing field`, `invalid type`, `duplicate key` …) are
/// translated, keeping the quoted names; anything else is kept as it came.
pub fn parser_message(message: &str, lang: Lang) -> String {
    let message = message.trim_end();
    if lang == Lang::En {
        return message.to_owned();
    }
    let list = |text: &str| {
        text.replace("`, `", "`、`")
            .replace(", or ", "、")
            .replace(" or ", "、")
    };
    if let Some(rest) = message.strip_prefix("unknown field ") {
        return match rest.split_once(", expected one of ") {
            Some((field, expected)) => {
                format!("不認得的欄位 {field}；可用的欄位：{}", list(expected))
            }
            None => match rest.split_once(", expected ") {
                Some((field, expected)) => format!("不認得的欄位 {field}；應為 {}", list(expected)),
                None => match rest.split_once(", there are no fields") {
                    Some((field, _)) => format!("不認得的欄位 {field}；這裡不能有任何欄位"),
                    None => format!("不認得的欄位 {rest}"),
                },
            },
        };
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        return match rest.split_once(", expected one of ") {
            Some((value, expected)) => format!("不認得的值 {value}；可用的值：{}", list(expected)),
            None => match rest.split_once(", expected ") {
                Some((value, expected)) => format!("不認得的值 {value}；應為 {}", list(expected)),
                None => format!("不認得的值 {rest}"),
            },
        };
    }
    if let Some(field) = message.strip_prefix("missing field ") {
        return format!("缺少欄位 {field}");
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        return match rest.split_once(", expected ") {
            Some((found, expected)) => {
                format!(
                    "型別不對：這裡是{}，應為 {}",
                    found_zh(found),
                    expected_zh(expected)
                )
            }
            None => format!("型別不對：{rest}"),
        };
    }
    if let Some(rest) = message.strip_prefix("invalid value: ") {
        return match rest.split_once(", expected ") {
            Some((found, expected)) => format!("值不對：{found}，應為 {expected}"),
            None => format!("值不對：{rest}"),
        };
    }
    if let Some(key) = message.strip_prefix("duplicate key") {
        return format!("重複的鍵{key}");
    }
    for (english, chinese) in [
        ("invalid string", "字串寫法不對"),
        ("invalid escape sequence", "字串中的跳脫序列不對"),
        ("unterminated string", "字串沒有結束"),
        ("unterminated", "沒有結束"),
        ("invalid number", "數字寫法不對"),
        ("expected newline", "這裡應該換行"),
        ("expected `=`", "這裡應該是 `=`"),
        ("expected `.`, `=`", "這裡應該是 `.` 或 `=`"),
        ("invalid table header", "表頭寫法不對"),
        ("invalid key", "鍵的寫法不對"),
        ("invalid inline table", "行內表格寫法不對"),
        ("invalid array", "陣列寫法不對"),
        ("key with no value", "有鍵沒有值"),
        ("string values must be quoted", "文字值必須用引號括起來"),
        ("unclosed table", "表頭沒有結束"),
        ("unclosed array", "陣列沒有結束"),
        ("unclosed inline table", "行內表格沒有結束"),
        ("invalid basic string", "字串寫法不對"),
        ("invalid literal string", "字串寫法不對"),
        ("invalid time", "時間寫法不對"),
        ("invalid date", "日期寫法不對"),
    ] {
        if let Some(rest) = message.strip_prefix(english) {
            return format!("{chinese}{}", rest.replace(", expected ", "；應為 "));
        }
    }
    // Anything else the parser says stays its own words, quoted as a detail
    // behind a Chinese sentence.
    format!("TOML 寫法不對（`{message}`）")
}

/// What the parser found (`string "yes"`, ``integer `3` ``): its type in Chinese,
/// the value as it was written.
fn found_zh(found: &str) -> String {
    let (kind, value) = found.split_once(' ').unwrap_or((found, ""));
    let kind = match kind {
        "string" => "字串",
        "integer" => "整數",
        "boolean" => "布林值",
        "float" => "小數",
        "sequence" | "array" => "陣列",
        "map" | "table" => "表格",
        other => other,
    };
    format!("{kind} {value}").trim_end().to_owned()
}

/// A type or value the parser expected, in Chinese where it names a common one.
fn expected_zh(expected: &str) -> String {
    match expected.trim() {
        "a boolean" => "布林值（true 或 false）".to_owned(),
        "a string" | "string" => "字串".to_owned(),
        "an integer" | "integer" => "整數".to_owned(),
        "a sequence" => "陣列".to_owned(),
        "a map" | "a table" => "表格".to_owned(),
        "literal string" => "字串".to_owned(),
        other => format!("`{other}`"),
    }
}

impl FromStr for Lang {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "zh" | "zh-tw" | "zh_tw" | "tw" => Ok(Lang::Zh),
            "en" | "en-us" | "en_us" | "en-gb" => Ok(Lang::En),
            other => Err(format!("unknown language `{other}` (expected zh or en)")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn lang_is_read_from_either_flag_form() {
        assert_eq!(
            Lang::from_args_and_env(args(&["dsw", "--lang", "en"])),
            Lang::En
        );
        assert_eq!(
            Lang::from_args_and_env(args(&["dsw", "forms", "--lang=en"])),
            Lang::En
        );
        assert_eq!(
            Lang::from_args_and_env(args(&["dsw", "--lang", "zh"])),
            Lang::Zh
        );
    }
}
