//! Checking ids typed on the command line against the form, with "did you mean".

use super::UserError;
use crate::form::Form;
use crate::i18n::Lang;
use crate::suggest::closest;

fn unknown(lang: Lang, what_zh: &str, what_en: &str, id: &str, candidates: Vec<&str>) -> UserError {
    let near = closest(id, candidates.iter().copied());
    let mut message = match lang {
        Lang::Zh => format!("表單中沒有{what_zh} `{id}`。"),
        Lang::En => format!("the form has no {what_en} `{id}`."),
    };
    if let Some(near) = near {
        message += &match lang {
            Lang::Zh => format!("是不是 `{near}`？"),
            Lang::En => format!(" Did you mean `{near}`?"),
        };
    }
    message += lang.pick(
        "（`dsw forms show FORM` 列出所有代碼）",
        " (`dsw forms show FORM` lists every id)",
    );
    UserError::bad_input(message)
}

/// `id` if the form has that key question.
pub fn question(form: &Form, id: &str, lang: Lang) -> Result<(), UserError> {
    if form.question(id).is_some() {
        return Ok(());
    }
    let ids = form.questions().map(|(_, _, q)| q.id.as_str()).collect();
    Err(unknown(lang, "關鍵問題", "key question", id, ids))
}

/// `id` if the form has that checklist item.
pub fn item(form: &Form, id: &str, lang: Lang) -> Result<(), UserError> {
    if form.item(id).is_some() {
        return Ok(());
    }
    let ids = form.items().map(|(_, item)| item.id.as_str()).collect();
    Err(unknown(lang, "檢核項目", "checklist item", id, ids))
}

/// `id` if the form has that header field.
pub fn field(form: &Form, id: &str, lang: Lang) -> Result<(), UserError> {
    if form.field(id).is_some() {
        return Ok(());
    }
    let ids = form.fields.iter().map(|f| f.id.as_str()).collect();
    Err(unknown(lang, "表頭欄位", "header field", id, ids))
}
