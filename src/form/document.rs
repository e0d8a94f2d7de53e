//! Telling which kind of checklist file a file is, and loading it fully checked.

use super::validate::{validate_brics, validate_form, validate_guidelines};
use super::{Brics, Form, Guidelines};
use crate::diagnostic::parse_toml;
use crate::diagnostic::{Diagnostic, Problem, Report};

/// A checklist file of any kind, parsed and validated.
#[derive(Debug, Clone)]
pub enum Document {
    /// A form (`service.toml`, `ict-plan.toml`, a local form).
    Form(Box<Form>),
    /// The guidelines file.
    Guidelines(Box<Guidelines>),
    /// The BRiCS file.
    Brics(Box<Brics>),
}

/// The kinds of checklist file, told apart by their top-level keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    /// Has `[[guideline]]` groups and an `id`.
    Form,
    /// Has `[[layer]]`.
    Guidelines,
    /// Has `[[kind]]` or `[[dimension]]`.
    Brics,
}

impl DocumentKind {
    /// Guesses the kind from a parsed top-level table, or `None`.
    pub fn detect(table: &toml::Table) -> Option<DocumentKind> {
        if table.contains_key("layer") || table.contains_key("section") {
            Some(DocumentKind::Guidelines)
        } else if table.contains_key("kind") || table.contains_key("dimension") {
            Some(DocumentKind::Brics)
        } else if table.contains_key("guideline") || table.contains_key("edition") {
            Some(DocumentKind::Form)
        } else {
            None
        }
    }
}

/// Parses and validates a file whose kind is known. A form's guideline references are
/// checked against `guidelines`.
pub fn load_as(
    kind: DocumentKind,
    path: &str,
    source: &str,
    guidelines: &Guidelines,
) -> Result<Document, Report> {
    let (document, diagnostics) = match kind {
        DocumentKind::Form => {
            let form: Form = parse_toml(path, source)?;
            let found = validate_form(&form, guidelines, source);
            (Document::Form(Box::new(form)), found)
        }
        DocumentKind::Guidelines => {
            let content: Guidelines = parse_toml(path, source)?;
            let found = validate_guidelines(&content, source);
            (Document::Guidelines(Box::new(content)), found)
        }
        DocumentKind::Brics => {
            let content: Brics = parse_toml(path, source)?;
            let found = validate_brics(&content, source);
            (Document::Brics(Box::new(content)), found)
        }
    };
    if diagnostics.is_empty() {
        Ok(document)
    } else {
        Err(report(path, source, diagnostics))
    }
}

/// Parses and validates a file of a kind told from its contents.
pub fn load_any(path: &str, source: &str, guidelines: &Guidelines) -> Result<Document, Report> {
    let table: toml::Table = parse_toml(path, source)?;
    match DocumentKind::detect(&table) {
        Some(kind) => load_as(kind, path, source, guidelines),
        None => Err(report(
            path,
            source,
            vec![Diagnostic {
                span: None,
                problem: Problem::UnknownFileKind,
            }],
        )),
    }
}

fn report(path: &str, source: &str, diagnostics: Vec<Diagnostic>) -> Report {
    Report {
        path: path.to_owned(),
        source: source.to_owned(),
        diagnostics,
    }
}
