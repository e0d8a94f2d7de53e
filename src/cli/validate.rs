//! `dsw validate FILE...`: tells what kind of file each is and checks it.

use std::io::Write;
use std::path::PathBuf;

use super::{Context, Exit, Out};
use crate::form::{Catalog, Document, FormError, decode, load_any};
use crate::i18n::Lang;
use crate::safe_text::visible;

/// Checks every file; prints `ok` lines to stdout and every problem to stderr.
/// Exits 0 when all are valid, 2 otherwise.
pub fn run(context: &Context, files: &[PathBuf], out: &mut Out) -> anyhow::Result<Exit> {
    let lang = context.lang;
    let catalog = Catalog::bundled().map_err(|e| anyhow::anyhow!(e.message(lang)))?;
    let mut all_valid = true;
    for path in files {
        match check(&catalog, path) {
            Ok(kind) => {
                let name = visible(&path.display().to_string(), false).into_owned();
                writeln!(
                    out,
                    "{name}: {} ({})",
                    lang.pick("正確", "valid"),
                    kind_label(lang, &kind)
                )?;
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

fn check(catalog: &Catalog, path: &std::path::Path) -> Result<Document, FormError> {
    let display = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| FormError::Read {
        path: path.to_owned(),
        source,
    })?;
    let source = decode(&display, bytes).map_err(FormError::Invalid)?;
    load_any(&display, &source, &catalog.guidelines).map_err(FormError::Invalid)
}

fn kind_label(lang: Lang, document: &Document) -> String {
    match document {
        Document::Form(form) => format!("{} {}", lang.pick("表單", "form"), form.id),
        Document::Guidelines(_) => lang.pick("指引", "guidelines").to_owned(),
        Document::Brics(_) => "BRiCS".to_owned(),
    }
}
