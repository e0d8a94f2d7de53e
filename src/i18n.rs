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
        std::env::var("DSW_LANG")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or_default()
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
