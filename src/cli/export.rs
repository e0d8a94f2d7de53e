//! `dsw export --format odt|html|md|csv|json [--rev REV] [-o FILE]`,
//! `dsw export --format odt|html|md --compare A B` (修正對照表) and
//! `dsw export --format odt|html|md|csv --replies [--iteration TAG]` (審查意見回覆表).

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use git2::Oid;

use super::{Context, Exit, ExportFormat, Out, UserError};
use crate::export::{Format, compare, export};
use crate::i18n::Lang;
use crate::report::{
    ChangeView, Comparison, ComparisonRow, FormReport, ReplyTable, Revision, Version,
};
use crate::safe_text::visible;
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
    /// The 審查意見回覆表 instead of the form.
    pub replies: bool,
    /// With `replies`: the iteration whose comments (default: the latest).
    pub iteration: Option<String>,
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
    if options.replies {
        let bytes = replies(context, &store, &name, format, &options)?;
        return write_output(context, &name, format, options.output.as_ref(), &bytes, out);
    }
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
            let mut comparison = Comparison {
                form_title: form.title.to_string(),
                before: revision_info(&store, &name, from)?,
                before_label: a.clone(),
                after: revision_info(&store, &name, to)?,
                after_label: b.clone(),
                rows: ComparisonRow::all(view, &notes),
                lang,
            };
            // 說明 gives the replies (as they stand now) to the comments written
            // against A — against an iteration tag that names A's revision.
            let review = store.review(&name).map_err(fail)?;
            let tags_of_a: Vec<String> = store
                .iterations()
                .map_err(fail)?
                .into_iter()
                .filter(|it| it.target == from)
                .map(|it| it.name)
                .collect();
            comparison.cite_replies(
                review
                    .comments
                    .iter()
                    .filter(|c| tags_of_a.contains(&c.iteration)),
            );
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
            let mut report = FormReport::new(
                &assessment,
                form,
                &catalog.guidelines,
                &catalog.brics,
                Some(revision_info(&store, &name, id)?),
                lang,
            );
            // The HTML report and the JSON show the comments as they were at the
            // revision exported; the other formats are the official form alone.
            if matches!(format, Format::Html | Format::Json) {
                let review = store.review_at(&name, id).map_err(fail)?;
                report = report.with_review(&review, form, &assessment);
            }
            match format {
                Format::Csv => crate::export::csv::questions(&report, options.bom),
                _ => export(format, &report)?,
            }
        }
    };
    write_output(context, &name, format, options.output.as_ref(), &bytes, out)
}

/// The 審查意見回覆表 of the iteration asked for (default: the latest): its comments,
/// their replies and standings as they are now (the branch head), and 修正情形 from
/// the iteration to the next one (the branch head after the latest).
fn replies(
    context: &Context,
    store: &Store,
    name: &AssessmentName,
    format: Format,
    options: &Options,
) -> anyhow::Result<Vec<u8>> {
    let lang = context.lang;
    let fail = |e| context.fail(e);
    let no_json = || {
        UserError::bad_input(lang.pick(
            "審查意見回覆表沒有 JSON 格式：程式請以 `dsw review list --json` 讀取審查意見與回覆。",
            "the reply table has no JSON format: programs read the comments and replies with `dsw review list --json`.",
        ))
    };
    if format == Format::Json {
        return Err(no_json().into());
    }
    let iterations = store.iterations().map_err(fail)?;
    if iterations.is_empty() {
        return Err(UserError::bad_input(lang.pick(
            "還沒有送審階段：先以 `dsw tag 第一次送審` 標記送審的版本，審查意見就寫在它上面。",
            "there are no iterations yet: tag the revision sent for review first (`dsw tag review-1`); comments are written against it.",
        ))
        .into());
    }
    let index = match &options.iteration {
        None => iterations.len() - 1,
        Some(tag) => match iterations.iter().position(|it| it.name == tag.trim()) {
            Some(index) => index,
            None => {
                let names = iterations.iter().map(|it| it.name.as_str());
                let closest = crate::suggest::closest(tag.trim(), names)
                    .or(iterations.last().map(|it| it.name.as_str()))
                    .unwrap_or_default();
                let (tag, closest) = (visible(tag, false), visible(closest, false));
                return Err(UserError::bad_input(match lang {
                    Lang::Zh => format!(
                        "沒有送審階段「{tag}」；最接近的是「{closest}」。以 `dsw tags` 查看全部。"
                    ),
                    Lang::En => format!(
                        "there is no iteration \"{tag}\"; the closest is \"{closest}\". `dsw tags` lists them."
                    ),
                })
                .into());
            }
        },
    };
    let commented = &iterations[index];
    let head = store.head_commit().map_err(fail)?;
    let (later_id, later_tag) = match iterations.get(index + 1) {
        Some(next) => (next.target, Some(next.name.as_str())),
        None => (head, None),
    };
    let before = store.load_at(name, commented.target).map_err(fail)?;
    let after = store.load_at(name, later_id).map_err(fail)?;
    let now = store.load_at(name, head).map_err(fail)?;
    let form = store.form_of(&after).map_err(fail)?;
    let review = store.review(name).map_err(fail)?;
    let (commented_revision, later_revision) = (
        revision_info(store, name, commented.target)?,
        revision_info(store, name, later_id)?,
    );
    let table = ReplyTable::new(
        &review,
        form,
        &store.catalog().brics,
        Version {
            assessment: &before,
            revision: &commented_revision,
            iteration: Some(&commented.name),
        },
        Version {
            assessment: &after,
            revision: &later_revision,
            iteration: later_tag,
        },
        &now,
        lang,
    );
    if table.rows.is_empty() {
        // Still a table (with a line saying so), so a document is always made; the
        // note tells a script or a person at the terminal.
        stderr_line!(
            "dsw{}{}",
            lang.colon(),
            visible(&table.no_comments(), false)
        );
    }
    match crate::export::replies(format, &table, options.bom) {
        Some(result) => Ok(result?),
        None => Err(no_json().into()),
    }
}

/// What a revision is, for the export's footer and headings: the revision of the
/// assessment that commit `id` holds (a review action after it changes only the
/// review file), with the iterations that include it.
fn revision_info(store: &Store, name: &AssessmentName, id: Oid) -> anyhow::Result<Revision> {
    let revision = store
        .content_revision(name, id)
        .map_err(anyhow::Error::from)?;
    Ok(Revision {
        id: revision.id.to_string(),
        short: short_id(revision.id),
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
