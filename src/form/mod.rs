//! Checklist schema: the forms, the guidelines and the BRiCS material — their types,
//! loading (bundled and local), validation with `file:line:column` diagnostics.
//!
//! This is the bottom layer: it knows nothing of assessments, git or terminals.

mod brics;
mod catalog;
mod checklist;
mod document;
mod guidelines;
mod parse;
mod status;
mod suggest;
mod text;
mod validate;

use std::path::PathBuf;

pub use crate::diagnostic::{Diagnostic, Problem, Report, line_col};
pub use brics::{Brics, Case, DIMENSION_IDS, Dimension, Guidance, Kind};
pub use catalog::{BUNDLED, Catalog, CatalogForm, Origin, config_home, local_form_dirs};
pub use checklist::{Counts, Field, Form, Group, Item, Question};
pub use document::{Document, DocumentKind, load_any, load_as};
pub use guidelines::{Guideline, Guidelines, Layer, Note, Reference, Section, Term};
pub use parse::{decode, parse, read_text};
pub use status::Status;
pub use suggest::closest;
pub use text::Text;

use crate::i18n::Lang;

/// Why a form or checklist file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum FormError {
    /// The file has problems; the report shows each with its place.
    #[error("{}", .0.render(Lang::En))]
    Invalid(Report),
    /// The file or directory could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The path.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// No form has this id.
    #[error("unknown form `{id}`")]
    UnknownForm {
        /// The id asked for.
        id: String,
        /// The closest known id.
        closest: Option<String>,
        /// Every known id.
        known: Vec<String>,
    },
    /// A bug in dsw itself.
    #[error("internal error: {0}")]
    Internal(String),
}

impl FormError {
    /// The message for people, in the interface language, with a hint.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            FormError::Invalid(report) => report.render(lang),
            FormError::Read { path, source } => match lang {
                Lang::Zh => format!(
                    "無法讀取 {}：{}",
                    path.display(),
                    crate::i18n::io_error(source, lang)
                ),
                Lang::En => format!("cannot read {}: {source}", path.display()),
            },
            FormError::UnknownForm { id, closest, known } => {
                let mut text = match lang {
                    Lang::Zh => format!("沒有代碼為 `{id}` 的表單。"),
                    Lang::En => format!("there is no form with id `{id}`."),
                };
                if let Some(closest) = closest {
                    text += &match lang {
                        Lang::Zh => format!("是不是 `{closest}`？"),
                        Lang::En => format!(" Did you mean `{closest}`?"),
                    };
                }
                text += &match lang {
                    Lang::Zh => {
                        format!("\n可用的表單：{}（`dsw forms` 列出全部）", known.join("、"))
                    }
                    Lang::En => format!(
                        "\navailable forms: {} (`dsw forms` lists them)",
                        known.join(", ")
                    ),
                };
                text
            }
            FormError::Internal(what) => format!(
                "{}: {what}",
                lang.pick(
                    "dsw 內部錯誤，請回報",
                    "internal error in dsw, please report it"
                )
            ),
        }
    }
}
