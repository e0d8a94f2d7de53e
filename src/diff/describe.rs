//! Fields and values in words, for every place that shows them to people (the CLI's
//! conflict list, the TUI's resolution view, the 修正對照表).

use super::{FieldPath, Value};
use crate::form::Form;
use crate::i18n::Lang;

/// A value as the text a person reads ("" when absent); not yet made safe to print.
pub fn value_text(value: Option<&Value>, lang: Lang) -> String {
    match value {
        None => String::new(),
        Some(Value::Text(text)) => text.clone(),
        Some(Value::Status(status)) => status.label(lang).to_owned(),
        Some(Value::Evidence(list)) => list
            .iter()
            .map(|e| format!("{}{}", e.label, lang.parenthesized(&e.target)))
            .collect::<Vec<_>>()
            .join("\n"),
        Some(Value::Order(ids)) => ids.join(lang.list_separator()),
    }
}

/// What a field is: the question, item or header field text where the form has it,
/// a BRiCS field by the table's title and the stakeholder's name in `names`.
pub fn path_label_named(
    path: &FieldPath,
    form: &Form,
    names: &crate::assessment::Assessment,
) -> String {
    match path {
        FieldPath::Cell { .. } | FieldPath::TableTitle(_) | FieldPath::StakeholderOrder(_) => {
            path.with_names(names)
        }
        _ => path_label(path, form),
    }
}

/// A field for people: the question or item with its text (see [`path_label_named`]
/// for BRiCS fields by their table's title and stakeholder's name).
pub fn path_label(path: &FieldPath, form: &Form) -> String {
    match path {
        FieldPath::Answer(id) => form
            .question(id)
            .map_or_else(|| id.clone(), |q| format!("{id} {}", q.text)),
        FieldPath::Status(id) | FieldPath::Evidence(id) => form
            .item(id)
            .map_or_else(|| path.to_string(), |item| format!("{path} {}", item.text)),
        FieldPath::Meta(id) => form
            .field(id)
            .map_or_else(|| path.to_string(), |f| format!("{path} {}", f.label)),
        _ => path.to_string(),
    }
}
