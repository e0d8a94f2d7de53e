//! Reading a checklist file: TOML text → typed content, or a [`Report`] that points
//! at the problem.

use serde::de::DeserializeOwned;

use crate::diagnostic::{Diagnostic, Problem, Report};

/// Parses `source` (the text of the file named `path`) as `T`, rejecting unknown keys.
pub fn parse<T: DeserializeOwned>(path: &str, source: &str) -> Result<T, Report> {
    toml::from_str(source).map_err(|error| Report {
        path: path.to_owned(),
        source: source.to_owned(),
        diagnostics: vec![Diagnostic {
            span: error.span(),
            problem: Problem::Syntax(error.message().to_owned()),
        }],
    })
}

/// Decodes file bytes as UTF-8, or reports that they are not.
pub fn decode(path: &str, bytes: Vec<u8>) -> Result<String, Report> {
    String::from_utf8(bytes).map_err(|error| {
        let valid_up_to = error.utf8_error().valid_up_to();
        let source = String::from_utf8_lossy(error.as_bytes()).into_owned();
        Report {
            path: path.to_owned(),
            diagnostics: vec![Diagnostic {
                span: Some(valid_up_to..valid_up_to),
                problem: Problem::NotUtf8,
            }],
            source,
        }
    })
}

/// The text of a file the person keeps (a config, a theme): `None` when there is
/// none; a report when it cannot be read or is not UTF-8, so every such file fails
/// the same way, with its name.
pub fn read_text(path: &std::path::Path) -> Result<Option<String>, Report> {
    let display = path.display().to_string();
    match std::fs::read(path) {
        Ok(bytes) => decode(&display, bytes).map(Some),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(Report {
            path: display,
            source: String::new(),
            diagnostics: vec![Diagnostic {
                span: None,
                problem: Problem::Unreadable { kind: error.kind() },
            }],
        }),
    }
}
