//! `dsw forms` (list the forms) and `dsw forms show ID` (print one).

use std::io::Write;

use super::layout::{write_block, write_columns};
use super::{Context, Exit, FormsCommand, Out, UserError};
use crate::form::{Catalog, CatalogForm, Form, Origin};
use crate::i18n::Lang;

/// Runs `dsw forms [show ID]`.
pub fn run(
    context: &Context,
    command: Option<FormsCommand>,
    out: &mut Out,
) -> anyhow::Result<Exit> {
    match command {
        None => list(context, out),
        Some(FormsCommand::Show { id }) => {
            let catalog = context.catalog()?;
            let entry = catalog
                .form(&id)
                .map_err(|error| UserError::bad_input(error.message(context.lang)))?;
            show(context.lang, &catalog, entry, out)?;
            Ok(Exit::Success)
        }
    }
}

fn list(context: &Context, out: &mut Out) -> anyhow::Result<Exit> {
    let lang = context.lang;
    let (catalog, problems) = context.catalog_with_problems()?;
    let mut rows = vec![
        [
            lang.pick("代碼", "ID"),
            lang.pick("標題", "TITLE"),
            lang.pick("版次", "EDITION"),
            lang.pick("指引", "GUIDELINES"),
            lang.pick("檢核項目", "ITEMS"),
            lang.pick("關鍵問題", "QUESTIONS"),
            lang.pick("來源", "SOURCE"),
        ]
        .map(str::to_owned)
        .to_vec(),
    ];
    for entry in catalog.forms() {
        let counts = entry.form.counts();
        rows.push(vec![
            entry.form.id.to_string(),
            entry.form.title.to_string(),
            entry.form.edition.to_string(),
            counts.guidelines.to_string(),
            counts.items.to_string(),
            counts.questions.to_string(),
            origin(lang, &entry.origin),
        ]);
    }
    write_columns(out, &rows)?;
    if problems.is_empty() {
        return Ok(Exit::Success);
    }
    for problem in &problems {
        stderr_line!("{}", problem.message(lang).trim_end());
    }
    Ok(Exit::BadInput)
}

fn origin(lang: Lang, origin: &Origin) -> String {
    match origin {
        Origin::Bundled => lang.pick("內建", "bundled").to_owned(),
        Origin::File(path) => {
            crate::safe_text::visible(&path.display().to_string(), false).into_owned()
        }
    }
}

/// Prints the whole form: header, fields, then every guideline, item and question
/// with ids, in the official order.
fn show(lang: Lang, catalog: &Catalog, entry: &CatalogForm, out: &mut Out) -> anyhow::Result<()> {
    let form: &Form = &entry.form;
    let counts = form.counts();
    write_block(out, "", &form.title)?;
    let summary = match lang {
        Lang::Zh => format!(
            "代碼 {} · 版次 {} · {} 項指引、{} 個檢核項目、{} 個關鍵問題 · {}",
            form.id,
            form.edition,
            counts.guidelines,
            counts.items,
            counts.questions,
            origin(lang, &entry.origin)
        ),
        Lang::En => format!(
            "id {} · edition {} · {} guidelines, {} checklist items, {} key questions · {}",
            form.id,
            form.edition,
            counts.guidelines,
            counts.items,
            counts.questions,
            origin(lang, &entry.origin)
        ),
    };
    write_block(out, "", &summary)?;
    if let Some(source) = &form.source {
        write_block(out, lang.pick("來源：", "Source: "), source)?;
    }
    if let Some(intro) = &form.intro {
        writeln!(out)?;
        write_block(out, "", intro)?;
    }
    if !form.fields.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", lang.pick("欄位", "Fields"))?;
        for field in &form.fields {
            write_block(out, &format!("  {}  ", field.id), &field.label)?;
            if let Some(example) = &field.example {
                write_block(
                    out,
                    &format!("      {}", lang.pick("範例：", "example: ")),
                    example,
                )?;
            }
        }
    }
    for group in &form.groups {
        writeln!(out)?;
        let heading = catalog
            .guidelines
            .guideline(&group.id)
            .map_or_else(|| group.id.to_string(), |g| g.heading());
        write_block(out, "", &format!("{heading} [{}]", group.id))?;
        for item in &group.items {
            let mut line = item.text.to_string();
            if let Some(status) = item.example_status {
                line += &lang.parenthesized(&format!(
                    "{}{}",
                    lang.pick("範例：", "example: "),
                    status.label(lang)
                ));
            }
            write_block(out, &format!("  {}  ", item.id), &line)?;
            for question in &item.questions {
                write_question(lang, out, question, "    ")?;
            }
        }
        for question in &group.questions {
            write_question(lang, out, question, "  ")?;
        }
    }
    Ok(())
}

fn write_question(
    lang: Lang,
    out: &mut Out,
    question: &crate::form::Question,
    indent: &str,
) -> anyhow::Result<()> {
    let lead = format!("{indent}{}  ", question.id);
    write_block(out, &lead, &question.text)?;
    if let Some(example) = &question.example {
        let pad = " ".repeat(unicode_width::UnicodeWidthStr::width(lead.as_str()));
        write_block(
            out,
            &format!("{pad}{}", lang.pick("範例：", "Example: ")),
            example,
        )?;
    }
    Ok(())
}
