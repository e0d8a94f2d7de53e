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
    Assessment {
        form: String,
        orphans: Vec<String>,
    },
    /// A review file: how many comments, and the assessment beside it whose
    /// targets they were checked against, if there is one.
    Review {
        comments: usize,
        against: Option<String>,
    },
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
                stderr_line!(
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
                stderr_line!("{}", error.message(lang).trim_end());
                stderr_line!();
            }
        }
    }
    if all_valid {
        Ok(Exit::Success)
    } else {
        let summary = lang.pick("有檔案未通過檢查。", "some files are not valid.");
        stderr_line!("dsw{}{summary}", lang.pick("：", ": "));
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
    match kind(path, &source) {
        Kind::Assessment => {
            let loaded =
                crate::assessment::read(&display, &source, catalog).map_err(FormError::Invalid)?;
            Ok(Valid::Assessment {
                form: loaded.assessment.form,
                orphans: loaded.orphans,
            })
        }
        Kind::Review => check_review(catalog, path, &display, &source),
        Kind::Checklist => load_any(&display, &source, &catalog.guidelines)
            .map(Valid::Checklist)
            .map_err(FormError::Invalid),
    }
}

/// What a file is, by its name first and then its content.
enum Kind {
    Assessment,
    Review,
    Checklist,
}

/// An assessment by its name or its `form = "…"` key; a review file by its name or
/// its `[[comment]]` tables; anything else is a form, guidelines or BRiCS file.
fn kind(path: &Path, source: &str) -> Kind {
    let name = path.to_string_lossy();
    let has_line = |wanted: &dyn Fn(&str) -> bool| source.lines().any(|l| wanted(l.trim()));
    if name.ends_with(crate::store::SUFFIX) {
        Kind::Assessment
    } else if name.ends_with(crate::review::SUFFIX) {
        Kind::Review
    } else if has_line(&|l| l.starts_with("form =") || l.starts_with("form=")) {
        Kind::Assessment
    } else if has_line(&|l| l == "[[comment]]") {
        Kind::Review
    } else {
        Kind::Checklist
    }
}

/// A review file: its own checks (`review::read`), then, when the assessment it
/// belongs to is beside it and readable, whether every target names something in it.
fn check_review(
    catalog: &Catalog,
    path: &Path,
    display: &str,
    source: &str,
) -> Result<Valid, FormError> {
    let review = crate::review::read(display, source).map_err(FormError::Invalid)?;
    let sibling = path
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.strip_suffix(crate::review::SUFFIX))
        .map(|stem| path.with_file_name(format!("{stem}{}", crate::store::SUFFIX)))
        .filter(|p| p.is_file());
    let Some(sibling) = sibling else {
        return Ok(Valid::Review {
            comments: review.comments.len(),
            against: None,
        });
    };
    // The assessment's own problems are its file's to report (`dsw validate` it);
    // one that cannot be read leaves the targets unchecked.
    let sibling_display = sibling.display().to_string();
    let loaded = std::fs::read(&sibling)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .and_then(|text| crate::assessment::read(&sibling_display, &text, catalog).ok());
    let Some(loaded) = loaded else {
        return Ok(Valid::Review {
            comments: review.comments.len(),
            against: None,
        });
    };
    let Ok(entry) = catalog.form(&loaded.assessment.form) else {
        return Ok(Valid::Review {
            comments: review.comments.len(),
            against: None,
        });
    };
    let problems = unknown_targets(source, &entry.form, &loaded.assessment);
    if !problems.is_empty() {
        return Err(FormError::Invalid(crate::diagnostic::Report {
            path: display.to_owned(),
            source: source.to_owned(),
            diagnostics: problems,
        }));
    }
    Ok(Valid::Review {
        comments: review.comments.len(),
        against: Some(sibling_display),
    })
}

/// Every comment's `target` that names nothing in `assessment`, at its place in the
/// file, with the closest target there is.
fn unknown_targets(
    source: &str,
    form: &crate::form::Form,
    assessment: &crate::assessment::Assessment,
) -> Vec<crate::diagnostic::Diagnostic> {
    #[derive(serde::Deserialize)]
    struct Targets {
        #[serde(default)]
        comment: Vec<TargetOf>,
    }
    #[derive(serde::Deserialize)]
    struct TargetOf {
        target: toml::Spanned<String>,
    }
    // The file has just been read as a review file, so this parse succeeds.
    let Ok(targets) = toml::from_str::<Targets>(source) else {
        return Vec::new();
    };
    targets
        .comment
        .iter()
        // A BRiCS table or stakeholder removed after a reviewer commented keeps its
        // comments: only the form's questions, items and fields must exist.
        .filter(|c| !c.target.get_ref().starts_with("brics/"))
        .filter_map(|c| {
            let stored = c.target.get_ref();
            let error = crate::review::Target::resolve(stored, form, assessment).err()?;
            Some(crate::diagnostic::Diagnostic {
                span: Some(c.target.span()),
                problem: crate::diagnostic::Problem::Unknown {
                    what: "review target",
                    id: stored.clone(),
                    closest: error.closest,
                },
            })
        })
        .collect()
}

fn label(lang: Lang, valid: &Valid) -> String {
    match valid {
        Valid::Checklist(Document::Form(form)) => {
            format!("{} {}", lang.pick("表單", "form"), form.id)
        }
        Valid::Checklist(Document::Guidelines(_)) => lang.pick("指引", "guidelines").to_owned(),
        Valid::Checklist(Document::Brics(_)) => "BRiCS".to_owned(),
        Valid::Assessment { form, .. } => format!("{} {form}", lang.pick("評估", "assessment")),
        Valid::Review { comments, against } => {
            let mut text = match lang {
                Lang::Zh => format!("審查意見 {comments} 則"),
                Lang::En => format!("review, {comments} comments"),
            };
            if let Some(against) = against {
                let against = visible(against, false);
                text += &match lang {
                    // BRiCS targets are not checked: a stakeholder removed since
                    // keeps its comments.
                    Lang::Zh => format!("，題號、項目與表頭欄位皆存在於 {against}"),
                    Lang::En => {
                        format!("; every question, item and header field is in {against}")
                    }
                };
            }
            text
        }
    }
}
