//! `dsw show [REV | --draft] [--json]`.

use std::io::Write;

use super::{Context, Exit, Out};
use crate::report::FormReport;

/// Prints the assessment at `rev` (default: the branch head), or the user's draft.
pub fn run(
    context: &Context,
    rev: Option<&str>,
    draft: bool,
    json: bool,
    out: &mut Out,
) -> anyhow::Result<Exit> {
    let (store, name) = context.open()?;
    let fail = |e| context.fail(e);
    let id = match rev {
        Some(spec) => store.resolve_rev(spec).map_err(fail)?,
        None => store.head_commit().map_err(fail)?,
    };
    let (assessment, id) = if draft {
        let draft = store.draft_or_head(&name, &context.user).map_err(fail)?;
        (draft.mine, draft.base_rev)
    } else {
        (store.load_at(&name, id).map_err(fail)?, id)
    };
    let form = store.form_of(&assessment).map_err(fail)?;
    let catalog = store.catalog();
    let report = FormReport::new(
        &assessment,
        form,
        &catalog.guidelines,
        &catalog.brics,
        None,
        context.lang,
    );
    if json {
        // The comments as they were at the revision shown (at the draft's base).
        let review = store.review_at(&name, id).map_err(fail)?;
        let report = report.with_review(&review, form, &assessment);
        let commit = id.to_string();
        let value = crate::export::json::assessment(&report)
            .shown(&commit, draft.then_some(context.user.as_str()));
        writeln!(out, "{}", crate::safe_text::json(&value, true))?;
    } else {
        let revision = store.revision(id).map_err(fail)?;
        if draft {
            writeln!(
                out,
                "{} {} · {} {}",
                context.lang.pick("草稿", "draft of"),
                crate::safe_text::visible(&context.user, false),
                context.lang.pick("基於版本", "based on revision"),
                crate::store::short_id(id),
            )?;
        } else {
            writeln!(
                out,
                "{} {} · {}",
                context.lang.pick("版本", "revision"),
                crate::store::short_id(id),
                crate::time::format(revision.time, revision.offset_minutes)
            )?;
        }
        write!(out, "{}", crate::export::text::render(&report))?;
    }
    Ok(Exit::Success)
}
