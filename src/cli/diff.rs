//! `dsw diff [A [B]] [--format text|md|json] [--stat]`: question by question.

use std::io::Write;

use super::{Context, DiffFormat, Exit, Out, output};
use crate::assessment::Assessment;
use crate::diff::AssessmentDiff;
use crate::export::diff as render;
use crate::report::ChangeView;
use crate::store::{AssessmentName, Store};

/// Diffs head → draft (no argument), A → draft (one), or A → B (two).
pub fn run(
    context: &Context,
    a: Option<&str>,
    b: Option<&str>,
    format: DiffFormat,
    stat: bool,
    out: &mut Out,
) -> anyhow::Result<Exit> {
    let lang = context.lang;
    let (store, name) = context.open()?;
    let before = match a {
        Some(spec) => at(context, &store, &name, spec)?,
        None => store
            .load_at(&name, store.head_commit().map_err(|e| context.fail(e))?)
            .map_err(|e| context.fail(e))?,
    };
    let after = match b {
        Some(spec) => at(context, &store, &name, spec)?,
        // "Your draft" as committing would make it (store::DraftChanges).
        None => {
            store
                .draft_changes(&name, &context.user)
                .map_err(|e| context.fail(e))?
                .after
        }
    };
    let form = store.form_of(&after).map_err(|e| context.fail(e))?;
    let diff = AssessmentDiff::between(&before, &after, form);
    let view = ChangeView::new(&diff, form, &store.catalog().brics, lang);
    if stat {
        match format {
            DiffFormat::Json => writeln!(out, "{}", crate::safe_text::json(&view.stat, true))?,
            _ => writeln!(out, "{}", view.stat.describe(lang))?,
        }
        return Ok(Exit::Success);
    }
    match format {
        DiffFormat::Text => write!(out, "{}", render::text(&view, lang, output::use_color()))?,
        DiffFormat::Md => write!(out, "{}", render::markdown(&view, lang))?,
        DiffFormat::Json => writeln!(
            out,
            "{}",
            crate::safe_text::json(&render::json(&view), true)
        )?,
    }
    Ok(Exit::Success)
}

fn at(
    context: &Context,
    store: &Store,
    name: &AssessmentName,
    spec: &str,
) -> anyhow::Result<Assessment> {
    let id = store.resolve_rev(spec).map_err(|e| context.fail(e))?;
    store.load_at(name, id).map_err(|e| context.fail(e))
}
