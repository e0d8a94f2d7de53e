//! `dsw guideline N`: a guideline with its principle, explanation and the notes of
//! each related layer.

use std::io::Write;

use super::layout::write_block;
use super::{Context, Exit, Out, UserError};
use crate::i18n::Lang;

/// Prints guideline `id` (1–13 or 一–十三).
pub fn run(context: &Context, id: &str, out: &mut Out) -> anyhow::Result<Exit> {
    let lang = context.lang;
    let catalog = context.catalog()?;
    let guidelines = &catalog.guidelines;
    let Some(guideline) = guidelines.guideline(id) else {
        let message = match lang {
            Lang::Zh => format!(
                "沒有指引 `{id}`。指引編號為 1–13（或 一–十三）；`dsw forms show service` 列出全部。"
            ),
            Lang::En => format!(
                "there is no guideline `{id}`. Guidelines are numbered 1–13 (or 一–十三); `dsw forms show service` lists them all."
            ),
        };
        return Err(UserError::bad_input(message).into());
    };

    writeln!(out, "{}", guideline.heading())?;
    writeln!(out)?;
    writeln!(out, "{}", lang.pick("原則", "Principle"))?;
    write_block(out, "  ", &guideline.principle)?;
    writeln!(out)?;
    writeln!(out, "{}", lang.pick("說明", "Explanation"))?;
    write_paragraphs(out, &guideline.explanation)?;

    let layer_names: Vec<&str> = guideline
        .layers
        .iter()
        .filter_map(|id| guidelines.layer(id))
        .map(|layer| layer.name.as_str())
        .collect();
    writeln!(out)?;
    writeln!(
        out,
        "{}{}",
        lang.pick("相關配套措施層面：", "Related layers: "),
        layer_names.join(lang.list_separator())
    )?;

    for section in guidelines.sections_of(guideline) {
        let Some(layer) = guidelines.layer(&section.layer) else {
            continue;
        };
        writeln!(out)?;
        writeln!(out, "{}", guideline.notes_heading(layer, lang))?;
        write_block(
            out,
            &format!("  {}{}{}", lang.pick("（", "("), layer.name, lang.colon()),
            &format!("{}{}", layer.definition, lang.pick("）", ")")),
        )?;
        let mut cited = Vec::new();
        for note in &section.notes {
            let marks: String = note
                .refs
                .iter()
                .map(|r| r.n)
                .fold(String::new(), |mut acc, n| {
                    if !acc.contains(&format!("[{n}]")) {
                        acc += &format!("[{n}]");
                    }
                    acc
                });
            let text = if marks.is_empty() {
                note.text.to_string()
            } else {
                format!("{} {marks}", note.text)
            };
            write_block(out, &format!("  {}. ", note.n.get_ref()), &text)?;
            cited.extend(note.refs.iter());
        }
        for reference in cited {
            let line = match &reference.url {
                Some(url) => format!("{} <{url}>", reference.text),
                None => reference.text.to_string(),
            };
            write_block(out, &format!("     [{}] ", reference.n), &line)?;
        }
    }
    Ok(Exit::Success)
}

fn write_paragraphs(out: &mut Out, text: &str) -> std::io::Result<()> {
    for (n, paragraph) in text.split("\n\n").enumerate() {
        if n > 0 {
            writeln!(out)?;
        }
        write_block(out, "  ", paragraph)?;
    }
    Ok(())
}
