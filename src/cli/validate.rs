//! `dsw validate FILE...`: tells what kind of file each is and checks it.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{Context, Exit, Out};
use crate::diagnostic::decode_utf8;
use crate::form::{Catalog, Document, FormError, load_any};
use crate::i18n::Lang;
use crate::safe_text::visible;

/// What a valid file turned out to be.
enum Valid {
    Checklist(Document),
    Assessment { form: String, orphans: Vec<String> },
}

/// Checks every file; prints `ok` lines to stdout and every problem to stderr.
/// Exits 0 when all are valid, 2 otherwise.
pub fn run(context: &Context, files: &[PathBuf], out: &mut Out) -> anyhow::Result<Exit> {
    let lang = context.lang;
    let catalog = context.catalog()?;
    let mut all_valid = true;
    for path in files {
        match check(&catalog, path) {
            // The same rule `dsw commit --from-file` applies: dsw always ends an
            // assessment with a line break, so one that parses without it may still
            // have been cut off at a line's end.
            Ok(Valid::Assessment { .. })
                if std::fs::read(path).is_ok_and(|b| !b.is_empty() && !b.ends_with(b"\n")) =>
            {
                all_valid = false;
                out.flush()?;
                eprintln!(
                    "{}\n",
                    crate::store::StoreError::Truncated(path.clone()).message(lang)
                );
            }
            Ok(valid) => {
                let name = visible(&path.display().to_string(), false).into_owned();
                writeln!(
                    out,
                    "{name}: {} ({})",
                    lang.pick("正確", "valid"),
                    label(lang, &valid)
                )?;
                if let Valid::Assessment { orphans, .. } = &valid
                    && !orphans.is_empty()
                {
                    let list = visible(&orphans.join(", "), false).into_owned();
                    match lang {
                        Lang::Zh => writeln!(out, "  表單已無這些代碼，內容保留未刪：{list}")?,
                        Lang::En => writeln!(out, "  kept, but no longer in the form: {list}")?,
                    }
                }
            }
            Err(error) => {
                all_valid = false;
                // Flush first so stdout and stderr interleave in file order.
                out.flush()?;
                eprintln!("{}", error.message(lang).trim_end());
                eprintln!();
            }
        }
    }
    if all_valid {
        Ok(Exit::Success)
    } else {
        let summary = lang.pick("有檔案未通過檢查。", "some files are not valid.");
        eprintln!("dsw{}{summary}", lang.pick("：", ": "));
        Ok(Exit::BadInput)
    }
}

fn check(catalog: &Catalog, path: &Path) -> Result<Valid, FormError> {
    let display = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| FormError::Read {
        path: path.to_owned(),
        source,
    })?;
    let source = decode_utf8(&display, bytes).map_err(FormError::Invalid)?;
    if is_assessment(path, &source) {
        let loaded =
            crate::assessment::read(&display, &source, catalog).map_err(FormError::Invalid)?;
        return Ok(Valid::Assessment {
            form: loaded.assessment.form,
            orphans: loaded.orphans,
        });
    }
    load_any(&display, &source, &catalog.guidelines)
        .map(Valid::Checklist)
        .map_err(FormError::Invalid)
}

/// An assessment by its name, or by its `form = "…"` key.
fn is_assessment(path: &Path, source: &str) -> bool {
    path.to_string_lossy().ends_with(crate::store::SUFFIX)
        || source.lines().any(|line| {
            line.trim_start().starts_with("form =") || line.trim_start().starts_with("form=")
        })
}

fn label(lang: Lang, valid: &Valid) -> String {
    match valid {
        Valid::Checklist(Document::Form(form)) => {
            format!("{} {}", lang.pick("表單", "form"), form.id)
        }
        Valid::Checklist(Document::Guidelines(_)) => lang.pick("指引", "guidelines").to_owned(),
        Valid::Checklist(Document::Brics(_)) => "BRiCS".to_owned(),
        Valid::Assessment { form, .. } => format!("{} {form}", lang.pick("評估", "assessment")),
    }
}
