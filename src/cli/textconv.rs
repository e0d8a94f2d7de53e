//! `dsw textconv FILE`: what `git diff` shows for an assessment after `dsw git-setup`
//! — questions and answers as text, so a diff reads question by question.

use std::io::Write;
use std::path::Path;

use super::{Context, Exit, Out};
use crate::form::Catalog;

/// Prints the file as readable text; a file dsw cannot read is printed as it is, so
/// `git diff` never fails because of dsw.
pub fn run(context: &Context, file: &Path, out: &mut Out) -> anyhow::Result<Exit> {
    let bytes = std::fs::read(file)?;
    let catalog = match context.store() {
        Ok(store) => store.catalog().clone(),
        Err(_) => Catalog::with_local_forms(&crate::form::local_form_dirs(None))
            .map(|(c, _)| c)
            .map_err(|e| anyhow::anyhow!(e.to_string()))?,
    };
    let text = String::from_utf8(bytes.clone()).ok();
    let rendered = text
        .and_then(|text| crate::assessment::read(&file.display().to_string(), &text, &catalog).ok())
        .and_then(|loaded| {
            let form = &catalog.form(&loaded.assessment.form).ok()?.form;
            let report = crate::report::FormReport::new(
                &loaded.assessment,
                form,
                &catalog.guidelines,
                &catalog.brics,
                None,
                context.lang,
            );
            Some(crate::export::text::render(&report))
        });
    match rendered {
        Some(text) => out.write_all(text.as_bytes())?,
        None => out.write_all(&bytes)?,
    }
    Ok(Exit::Success)
}
