//! Reading text given as an argument or, with `-`, from standard input.

use std::io::Read;

use super::UserError;
use crate::i18n::Lang;

use crate::assessment::MAX_TEXT;

/// `value` itself, or standard input when it is `-` or absent.
pub fn text_or_stdin(value: Option<&str>, lang: Lang) -> anyhow::Result<String> {
    match value {
        Some(text) if text != "-" => Ok(text.to_owned()),
        _ => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .lock()
                .take(MAX_TEXT as u64 + 1)
                .read_to_end(&mut bytes)?;
            if bytes.len() > MAX_TEXT {
                let message = lang.pick(
                    "輸入超過 4 MiB，沒有寫入任何內容。",
                    "the input is over 4 MiB; nothing was written.",
                );
                return Err(UserError::bad_input(message).into());
            }
            let text = String::from_utf8(bytes).map_err(|_| {
                UserError::bad_input(lang.pick(
                    "輸入不是 UTF-8 文字，沒有寫入任何內容。",
                    "the input is not UTF-8 text; nothing was written.",
                ))
            })?;
            // A trailing newline from `echo` or a heredoc is not part of the answer.
            Ok(text
                .strip_suffix('\n')
                .map(|t| t.strip_suffix('\r').unwrap_or(t))
                .unwrap_or(&text)
                .to_owned())
        }
    }
}
