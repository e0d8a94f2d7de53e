//! `dsw export --format odt|html|md|csv|json [--rev REV] [-o FILE]` and
//! `dsw export --format odt|html|md --compare A B` (修正對照表).

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use git2::Oid;

use super::{Context, Exit, ExportFormat, Out, UserError};
use crate::export::{Format, compare, export};
use crate::i18n::Lang;
use crate::report::{ChangeView, Comparison, ComparisonRow, FormReport, Revision};
use crate::store::{AssessmentName, Store, short_id};
use crate::time;

/// The options of `dsw export`.
pub struct Options {
    /// The format.
    pub format: ExportFormat,
    /// The revision (default: head).
    pub rev: Option<String>,
    /// Where to write (`-` or none: stdout).
    pub output: Option<PathBuf>,
    /// Two revisions for a 修正對照表.
    pub compare: Option<Vec<String>>,
    /// A BOM before CSV.
    pub bom: bool,
}

/// Writes the export.
pub fn run(context: &Context, options: Options, out: &mut Out) -> anyhow::Result<Exit> {
    let lang = context.lang;
    let format = match options.format {
        ExportFormat::Odt => Format::Odt,
        ExportFormat::Html => Format::Html,
        ExportFormat::Md => Format::Markdown,
        ExportFormat::Csv => Format::Csv,
        ExportFormat::Json => Format::Json,
    };
    let (store, name) = context.open()?;
    let fail = |e| context.fail(e);
    let bytes = match &options.compare {
        Some(pair) => {
            let [a, b] = pair.as_slice() else {
                return Err(UserError::bad_input(lang.pick(
                    "--compare 需要兩個版本：A B。",
                    "--compare takes two revisions: A B.",
                ))
                .into());
            };
            let (from, to) = (
                store.resolve_rev(a).map_err(fail)?,
                store.resolve_rev(b).map_err(fail)?,
            );
            let before = store.load_at(&name, from).map_err(fail)?;
            let after = store.load_at(&name, to).map_err(fail)?;
            let form = store.form_of(&after).map_err(fail)?;
            let diff = crate::diff::AssessmentDiff::between(&before, &after, form);
            let notes = store.change_notes(&name, from, to).map_err(fail)?;
            let view = ChangeView::new(&diff, form, &store.catalog().brics, lang);
            let comparison = Comparison {
                form_title: form.title.to_string(),
                before: revision_info(&store, from)?,
                before_label: a.clone(),
                after: revision_info(&store, to)?,
                after_label: b.clone(),
                rows: ComparisonRow::all(view, &notes),
                lang,
            };
            match compare(format, &comparison) {
                Some(result) => result?,
                None => {
                    return Err(UserError::bad_input(lang.pick(
                        "修正對照表只能匯出為 odt、html 或 md。",
                        "a comparison table can be exported as odt, html or md only.",
                    ))
                    .into());
                }
            }
        }
        None => {
            let id = match &options.rev {
                Some(spec) => store.resolve_rev(spec).map_err(fail)?,
                None => store.head_commit().map_err(fail)?,
            };
            let assessment = store.load_at(&name, id).map_err(fail)?;
            let form = store.form_of(&assessment).map_err(fail)?;
            let catalog = store.catalog();
            let report = FormReport::new(
                &assessment,
                form,
                &catalog.guidelines,
                &catalog.brics,
                Some(revision_info(&store, id)?),
                lang,
            );
            match format {
                Format::Csv => crate::export::csv::questions(&report, options.bom),
                _ => export(format, &report)?,
            }
        }
    };
    write_output(context, &name, format, options.output.as_ref(), &bytes, out)
}

/// What a revision is, for the export's footer and headings.
fn revision_info(store: &Store, id: Oid) -> anyhow::Result<Revision> {
    let revision = store.revision(id).map_err(anyhow::Error::from)?;
    Ok(Revision {
        id: id.to_string(),
        short: short_id(id),
        date: time::format(revision.time, revision.offset_minutes),
        author: revision.author,
        iterations: revision.tags,
    })
}

fn write_output(
    context: &Context,
    name: &AssessmentName,
    format: Format,
    output: Option<&PathBuf>,
    bytes: &[u8],
    out: &mut Out,
) -> anyhow::Result<Exit> {
    let lang = context.lang;
    match output {
        Some(path) if path.as_os_str() != "-" => {
            let path = if path.is_absolute() {
                path.clone()
            } else {
                context.working_dir().join(path)
            };
            crate::store::write_through(&path, bytes, 0o644).map_err(|e| {
                UserError::bad_input(match lang {
                    Lang::Zh => format!(
                        "無法寫入 {}：{}。",
                        path.display(),
                        crate::i18n::io_error(&e, lang)
                    ),
                    Lang::En => format!("cannot write {}: {e}", path.display()),
                })
            })?;
            let size = bytes.len();
            match lang {
                Lang::Zh => writeln!(out, "已匯出 {}（{size} 位元組）", path.display())?,
                Lang::En => writeln!(out, "exported {} ({size} bytes)", path.display())?,
            }
        }
        _ if !format.is_text() && std::io::stdout().is_terminal() => {
            let suggestion = format!("{}.{}", name.0, format.extension());
            return Err(UserError::bad_input(match lang {
                Lang::Zh => format!(
                    "ODT 是二進位檔，不能直接印到終端機；請加上 -o 檔名，例如 -o {suggestion}"
                ),
                Lang::En => format!(
                    "ODT is binary and cannot go to a terminal; add -o FILE, e.g. -o {suggestion}"
                ),
            })
            .into());
        }
        _ => out.write_all(bytes)?,
    }
    Ok(Exit::Success)
}
