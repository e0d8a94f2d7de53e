//! `dsw show [REV | --draft] [--json]`.

use std::io::Write;

use super::{Context, Exit, Out};

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
    if json {
        let mut value = crate::export::json::assessment(&assessment, form, &catalog.guidelines);
        value["revision"] = serde_json::json!(id.to_string());
        if draft {
            value["draft"] = serde_json::json!(context.user);
        }
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
        let text = crate::export::text::render(
            &assessment,
            form,
            &catalog.guidelines,
            &catalog.brics,
            context.lang,
        );
        write!(out, "{text}")?;
    }
    Ok(Exit::Success)
}
