//! `dsw init`: a new assessment (and the repository, if there is none yet).

use std::path::Path;

use git2::Oid;

use super::error::{StoreError, io};
use super::identity::Author;
use super::repo::{AssessmentName, Store, with_dsw_attributes};
use super::trailer;
use crate::assessment::Assessment;
use crate::diff::Stat;

impl Store {
    /// Creates `dir` and its repository when needed, writes a new assessment of
    /// `form_id` named `stem` (default: the form id) and `.gitattributes`, and makes
    /// the first revision. `title` fills the form's first header field. Refuses to
    /// overwrite an existing assessment.
    pub fn init(
        dir: &Path,
        form_id: &str,
        title: Option<&str>,
        stem: Option<&str>,
        author: &Author,
        message: &str,
    ) -> Result<(Store, AssessmentName, Oid), StoreError> {
        let spec = NewAssessment {
            form_id,
            title,
            stem,
            shared: false,
        };
        Store::create(dir, &spec, author, message)
    }

    /// Creates the assessment `spec` describes (and its repository, group-shared when
    /// asked); on failure removes whatever it created (the directory, the
    /// repository), so a failed `dsw init` leaves nothing half-made.
    pub fn create(
        dir: &Path,
        spec: &NewAssessment<'_>,
        author: &Author,
        message: &str,
    ) -> Result<(Store, AssessmentName, Oid), StoreError> {
        // Checked before anything is made.
        let stem = spec.stem.unwrap_or(spec.form_id);
        if stem.trim().is_empty()
            || stem.contains(['/', '\\'])
            || stem.starts_with('.')
            || stem.chars().any(char::is_control)
        {
            return Err(StoreError::BadName(stem.to_owned()));
        }
        let first_missing = dir
            .ancestors()
            .take_while(|d| !d.as_os_str().is_empty() && !d.exists())
            .last()
            .map(Path::to_path_buf);
        let git_dir = dir.join(".git");
        let had_repository = git_dir.exists();
        let had_attributes = dir.join(".gitattributes").exists();
        let result = Store::create_in(dir, spec, author, message);
        if result.is_err() {
            match &first_missing {
                Some(created) => {
                    let _ = std::fs::remove_dir_all(created);
                }
                None if !had_repository => {
                    let _ = std::fs::remove_dir_all(&git_dir);
                    if !had_attributes {
                        let _ = std::fs::remove_file(dir.join(".gitattributes"));
                    }
                }
                None => {}
            }
        }
        result
    }

    fn create_in(
        dir: &Path,
        spec: &NewAssessment<'_>,
        author: &Author,
        message: &str,
    ) -> Result<(Store, AssessmentName, Oid), StoreError> {
        let NewAssessment {
            form_id,
            title,
            stem,
            shared,
        } = *spec;
        let mut store = Store::open_or_init(dir, shared)?;
        let form = store
            .catalog()
            .form(form_id)
            .map_err(|_| StoreError::UnknownForm(form_id.to_owned()))?
            .form
            .clone();
        let name = AssessmentName(stem.unwrap_or(form_id).to_owned());
        let path = store.worktree_path(&name);
        if path.exists() || store.assessments()?.contains(&name) {
            return Err(StoreError::AlreadyExists(path));
        }
        // Shared only once nothing else can fail for want of a form or a name.
        if shared {
            store.share()?;
        }
        let mut assessment = Assessment::new(&form);
        if let (Some(title), Some(field)) = (title, form.fields.first()) {
            assessment.set_meta(&field.id, title);
        }
        let content = crate::assessment::write(&assessment, &form);

        let head = store.head()?;
        let attributes = gitattributes_with_dsw(&store)?;
        let id = {
            let parent = head.map(|id| store.repo.find_commit(id)).transpose()?;
            let mut builder = store
                .repo
                .treebuilder(parent.as_ref().map(|p| p.tree()).transpose()?.as_ref())?;
            builder.insert(
                name.file_name(),
                store.repo.blob(content.as_bytes())?,
                0o100_644,
            )?;
            builder.insert(
                ".gitattributes",
                store.repo.blob(attributes.as_bytes())?,
                0o100_644,
            )?;
            let tree = store.repo.find_tree(builder.write()?)?;
            let signature = author.signature()?;
            let committer = super::identity::Account::current().author().signature()?;
            let full = trailer::append(message, &name, &Stat::default(), head);
            let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
            let id = store
                .repo
                .commit(None, &signature, &committer, &full, &tree, &parents)?;
            let branch = store.branch_ref()?;
            match head {
                None => store.repo.reference(&branch, id, false, "dsw init")?,
                Some(head) => store
                    .repo
                    .reference_matching(&branch, id, true, head, "dsw init")?,
            };
            id
        };
        // The committed .gitattributes goes in the index; the working copy keeps any
        // uncommitted edits of the person's own, with dsw's line added.
        let attributes_path = store.workdir().join(".gitattributes");
        let working = std::fs::read_to_string(&attributes_path).ok();
        let working = match working {
            Some(text) if !text.is_empty() => with_dsw_attributes(&text).unwrap_or(text),
            _ => attributes.clone(),
        };
        super::atomic::write(&attributes_path, working.as_bytes(), store.team_file_mode())
            .map_err(io(&attributes_path))?;
        let mut index = store.repo.index()?;
        index.read(false)?;
        if working == attributes {
            index.add_path(Path::new(".gitattributes"))?;
        } else {
            super::worktree::stage_content(&mut index, ".gitattributes", attributes.as_bytes())?;
        }
        index.write()?;
        store.exclude_temporaries()?;
        store.sync_worktree(&name)?;
        Ok((store, name, id))
    }
}

/// What `dsw init` is asked to create.
#[derive(Debug, Clone, Copy)]
pub struct NewAssessment<'a> {
    /// The form's id.
    pub form_id: &'a str,
    /// Fills the form's first header field.
    pub title: Option<&'a str>,
    /// The file stem (default: the form id).
    pub stem: Option<&'a str>,
    /// A team repository: group-shared (an existing one is made shared).
    pub shared: bool,
}

/// The repository's `.gitattributes` (as committed) with dsw's line added if missing.
fn gitattributes_with_dsw(store: &Store) -> Result<String, StoreError> {
    let existing = match store.head()? {
        Some(head) => {
            let tree = store.repo.find_commit(head)?.tree()?;
            match tree.get_name(".gitattributes") {
                Some(entry) => String::from_utf8_lossy(store.repo.find_blob(entry.id())?.content())
                    .into_owned(),
                None => String::new(),
            }
        }
        None => String::new(),
    };
    Ok(with_dsw_attributes(&existing).unwrap_or(existing))
}
