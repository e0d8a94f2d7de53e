//! The forms dsw knows: the bundled ones (embedded at build time) plus a repository's
//! `.dsw/forms/*.toml` and the user's `$XDG_CONFIG_HOME/dsw/forms/*.toml`.

use std::path::{Path, PathBuf};

use super::document::{Document, DocumentKind, load_as};
use super::{Brics, Form, FormError, Guidelines};
use crate::diagnostic::read_text;
use crate::suggest::closest;

/// The bundled content files, by name.
pub const BUNDLED: [(&str, &str); 4] = [
    (
        "guidelines.toml",
        include_str!("../../checklists/guidelines.toml"),
    ),
    ("brics.toml", include_str!("../../checklists/brics.toml")),
    (
        "service.toml",
        include_str!("../../checklists/service.toml"),
    ),
    (
        "ict-plan.toml",
        include_str!("../../checklists/ict-plan.toml"),
    ),
];

/// Where a form came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Embedded in the binary.
    Bundled,
    /// Read from this file.
    File(PathBuf),
}

/// A form and where it came from.
#[derive(Debug, Clone)]
pub struct CatalogForm {
    /// The form.
    pub form: Form,
    /// Its origin.
    pub origin: Origin,
}

/// The guidelines, the BRiCS material and every available form.
#[derive(Debug, Clone)]
pub struct Catalog {
    /// The 13 guidelines and their reference material.
    pub guidelines: Guidelines,
    /// The BRiCS analysis material.
    pub brics: Brics,
    forms: Vec<CatalogForm>,
}

impl Catalog {
    /// The bundled content only. Fails only if the binary was built with broken
    /// content, which the test suite prevents.
    pub fn bundled() -> Result<Catalog, FormError> {
        let [guidelines, brics, forms @ ..] = BUNDLED;
        let guidelines = match load_bundled(guidelines, DocumentKind::Guidelines, None)? {
            Document::Guidelines(content) => *content,
            _ => unreachable_kind(guidelines.0)?,
        };
        let brics = match load_bundled(brics, DocumentKind::Brics, None)? {
            Document::Brics(content) => *content,
            _ => unreachable_kind(brics.0)?,
        };
        let mut catalog = Catalog {
            guidelines,
            brics,
            forms: Vec::new(),
        };
        for file in forms {
            match load_bundled(file, DocumentKind::Form, Some(&catalog.guidelines))? {
                Document::Form(form) => catalog.forms.push(CatalogForm {
                    form: *form,
                    origin: Origin::Bundled,
                }),
                _ => unreachable_kind(file.0)?,
            }
        }
        Ok(catalog)
    }

    /// The bundled content plus the local forms found in `dirs` (later directories
    /// take precedence; a local form replaces a bundled one with the same id). Forms
    /// that cannot be read or are invalid are returned as problems; the rest load.
    pub fn with_local_forms(dirs: &[PathBuf]) -> Result<(Catalog, Vec<FormError>), FormError> {
        let mut catalog = Catalog::bundled()?;
        let mut problems = Vec::new();
        for dir in dirs {
            let files = match toml_files(dir) {
                Ok(files) => files,
                Err(error) => {
                    problems.push(error);
                    continue;
                }
            };
            for path in files {
                match catalog.read_form(&path) {
                    Ok(form) => catalog.insert(CatalogForm {
                        form,
                        origin: Origin::File(path),
                    }),
                    Err(error) => problems.push(error),
                }
            }
        }
        Ok((catalog, problems))
    }

    /// Reads and validates the form in `path` against these guidelines.
    pub fn read_form(&self, path: &Path) -> Result<Form, FormError> {
        let display = path.display().to_string();
        // Read as every file a person keeps is read (config, theme, keys).
        let source = match read_text(path).map_err(FormError::Invalid)? {
            Some(source) => source,
            None => {
                return Err(FormError::Read {
                    path: path.to_owned(),
                    source: std::io::ErrorKind::NotFound.into(),
                });
            }
        };
        match load_as(DocumentKind::Form, &display, &source, &self.guidelines)
            .map_err(FormError::Invalid)?
        {
            Document::Form(form) => Ok(*form),
            _ => unreachable_kind(&display),
        }
    }

    fn insert(&mut self, entry: CatalogForm) {
        match self.forms.iter_mut().find(|f| *f.form.id == *entry.form.id) {
            Some(existing) => *existing = entry,
            None => self.forms.push(entry),
        }
    }

    /// Every form, bundled first.
    pub fn forms(&self) -> &[CatalogForm] {
        &self.forms
    }

    /// The form with this id, or an error naming the closest id.
    pub fn form(&self, id: &str) -> Result<&CatalogForm, FormError> {
        self.forms
            .iter()
            .find(|f| *f.form.id == *id)
            .ok_or_else(|| {
                let ids = self.forms.iter().map(|f| f.form.id.as_str());
                FormError::UnknownForm {
                    id: id.to_owned(),
                    closest: closest(id, ids).map(str::to_owned),
                    known: self.forms.iter().map(|f| f.form.id.to_string()).collect(),
                }
            })
    }
}

/// The directories local forms are read from, lowest precedence first: the user's
/// config directory, then the repository's `.dsw/forms`.
pub fn local_form_dirs(repo_root: Option<&Path>) -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if let Some(config) = config_home() {
        dirs.push(config.join("dsw").join("forms"));
    }
    if let Some(root) = repo_root {
        dirs.push(root.join(".dsw").join("forms"));
    }
    dirs
}

/// `$XDG_CONFIG_HOME`, else `~/.config`.
pub fn config_home() -> Option<PathBuf> {
    match std::env::var_os("XDG_CONFIG_HOME") {
        Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir)),
        _ => std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".config")),
    }
}

/// The `*.toml` files of `dir`, sorted by name; none if `dir` does not exist.
fn toml_files(dir: &Path) -> Result<Vec<PathBuf>, FormError> {
    let read_error = |source| FormError::Read {
        path: dir.to_owned(),
        source,
    };
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => return Err(read_error(error)),
    };
    let mut files = Vec::new();
    for entry in entries {
        let path = entry.map_err(read_error)?.path();
        if path.extension().is_some_and(|ext| ext == "toml") && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

fn load_bundled(
    (name, source): (&str, &str),
    kind: DocumentKind,
    guidelines: Option<&Guidelines>,
) -> Result<Document, FormError> {
    let path = format!("bundled:{name}");
    let empty;
    let guidelines = match guidelines {
        Some(guidelines) => guidelines,
        None => {
            empty = Guidelines {
                source: None,
                layers: Vec::new(),
                guidelines: Vec::new(),
                sections: Vec::new(),
                terms: Vec::new(),
            };
            &empty
        }
    };
    load_as(kind, &path, source, guidelines).map_err(FormError::Invalid)
}

/// `load_as` returns the kind it was asked for; this keeps the impossible branch
/// an error rather than a panic.
fn unreachable_kind<T>(name: &str) -> Result<T, FormError> {
    Err(FormError::Internal(format!(
        "{name} loaded as the wrong kind of file"
    )))
}
