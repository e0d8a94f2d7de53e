//! A plain `git merge` (or pull, rebase, cherry-pick) that stopped on an assessment:
//! dsw's merge driver wrote the file with git-style conflict markers around just the
//! conflicting fields. `dsw resolve ID …` settles those fields in the working file,
//! and once none is left writes the clean file and stages it, so `git merge
//! --continue` (or `git commit`) finishes the merge.

use std::path::Path;

use similar::{ChangeTag, TextDiff};

use super::error::{StoreError, io};
use super::repo::{AssessmentName, Store};
use super::resolve::{Choice, Unresolvable, set};
use crate::assessment::Assessment;
use crate::diff::{FieldPath, assemble, fields};

const START: &str = "<<<<<<< ";
const MIDDLE: &str = "=======";
const END: &str = ">>>>>>> ";

/// `ours` with each region where `theirs` differs wrapped in conflict markers.
pub fn with_markers(ours: &str, theirs: &str) -> String {
    let diff = TextDiff::from_lines(ours, theirs);
    let mut out = String::with_capacity(ours.len() + theirs.len() / 4);
    let (mut left, mut right) = (String::new(), String::new());
    let flush = |out: &mut String, left: &mut String, right: &mut String| {
        if !left.is_empty() || !right.is_empty() {
            out.push_str(START);
            out.push_str("ours\n");
            out.push_str(left);
            out.push_str(MIDDLE);
            out.push('\n');
            out.push_str(right);
            out.push_str(END);
            out.push_str("theirs\n");
            left.clear();
            right.clear();
        }
    };
    for change in diff.iter_all_changes() {
        let line = change.to_string_lossy();
        let line = if line.ends_with('\n') {
            line.into_owned()
        } else {
            format!("{line}\n")
        };
        match change.tag() {
            ChangeTag::Equal => {
                flush(&mut out, &mut left, &mut right);
                out.push_str(&line);
            }
            ChangeTag::Delete => left.push_str(&line),
            ChangeTag::Insert => right.push_str(&line),
        }
    }
    flush(&mut out, &mut left, &mut right);
    out
}

/// The two sides of a file with conflict markers (ours, theirs); `None` when it has
/// none, or they do not pair up. A `=======` line inside an answer is text, not a
/// marker: only one between a start and an end marker counts.
pub fn split_markers(text: &str) -> Option<(String, String)> {
    #[derive(PartialEq)]
    enum At {
        Both,
        Ours,
        Theirs,
    }
    let (mut ours, mut theirs) = (String::new(), String::new());
    let mut at = At::Both;
    let mut seen = false;
    for line in text.split_inclusive('\n') {
        let bare = line.trim_end_matches(['\n', '\r']);
        match at {
            At::Both if bare.starts_with(START) => {
                at = At::Ours;
                seen = true;
            }
            At::Ours if bare == MIDDLE => at = At::Theirs,
            At::Theirs if bare.starts_with(END) => at = At::Both,
            At::Both => {
                ours.push_str(line);
                theirs.push_str(line);
            }
            At::Ours => ours.push_str(line),
            At::Theirs => theirs.push_str(line),
        }
    }
    (seen && at == At::Both).then_some((ours, theirs))
}

/// The fields the two sides still disagree on.
fn differing(ours: &Assessment, theirs: &Assessment) -> Vec<FieldPath> {
    let (a, b) = (fields(ours), fields(theirs));
    let mut paths: Vec<FieldPath> = a
        .keys()
        .chain(b.keys())
        .filter(|path| a.get(*path) != b.get(*path))
        .cloned()
        .collect();
    paths.sort();
    paths.dedup();
    paths
}

impl Store {
    /// The two sides of the working-tree file while a git merge stopped on it, when
    /// it holds dsw's conflict markers.
    pub fn git_conflict(
        &self,
        name: &AssessmentName,
    ) -> Result<Option<(Assessment, Assessment)>, StoreError> {
        if self.repo.state() == git2::RepositoryState::Clean {
            return Ok(None);
        }
        let path = self.worktree_path(name);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(io(&path)(e)),
        };
        let Some((ours, theirs)) = split_markers(&text) else {
            return Ok(None);
        };
        let origin = path.display().to_string();
        Ok(Some((
            self.parse(&format!("{origin} (ours)"), ours.into_bytes())?,
            self.parse(&format!("{origin} (theirs)"), theirs.into_bytes())?,
        )))
    }

    /// The fields still in conflict in a stopped git merge (empty: none).
    pub fn git_conflicts(&self, name: &AssessmentName) -> Result<Vec<FieldPath>, StoreError> {
        Ok(self
            .git_conflict(name)?
            .map(|(ours, theirs)| differing(&ours, &theirs))
            .unwrap_or_default())
    }

    /// Settles one field of the working-tree file of a stopped git merge: `Mine` is
    /// the branch being merged into (ours), `Theirs` the one merged in. Once no field
    /// is left the file is written without markers and staged. Returns the fields
    /// still in conflict.
    pub fn resolve_git_conflict(
        &self,
        name: &AssessmentName,
        path: &FieldPath,
        choice: Choice,
    ) -> Result<Result<Vec<FieldPath>, Unresolvable>, StoreError> {
        let Some((ours, theirs)) = self.git_conflict(name)? else {
            return Ok(Err(Unresolvable::NotInConflict(Vec::new())));
        };
        let open = differing(&ours, &theirs);
        if !open.contains(path) {
            return Ok(Err(Unresolvable::NotInConflict(open)));
        }
        let (mut a, mut b) = (fields(&ours), fields(&theirs));
        let chosen = match super::resolve::chosen(path, choice, a.get(path), b.get(path)) {
            Ok(chosen) => chosen,
            Err(reason) => return Ok(Err(reason)),
        };
        set(&mut a, path, chosen.clone());
        set(&mut b, path, chosen);
        let (ours, theirs) = (assemble(&a), assemble(&b));
        let form = self.form_of(&ours)?;
        let (ours_text, theirs_text) = (
            crate::assessment::write(&ours, form),
            crate::assessment::write(&theirs, form),
        );
        let file = self.worktree_path(name);
        let remaining = differing(&ours, &theirs);
        if remaining.is_empty() {
            super::atomic::write(&file, ours_text.as_bytes(), self.team_file_mode())
                .map_err(io(&file))?;
            // Staging the settled file ends its conflict in the index.
            let mut index = self.repo.index()?;
            index.read(false)?;
            index.add_path(Path::new(&name.file_name()))?;
            index.write()?;
        } else {
            let text = with_markers(&ours_text, &theirs_text);
            super::atomic::write(&file, text.as_bytes(), self.team_file_mode())
                .map_err(io(&file))?;
        }
        Ok(Ok(remaining))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_split_back_into_the_two_sides() {
        let ours = "a\nb\nc = \"\"\"\n=======\n\"\"\"\nd\n";
        let theirs = "a\nB\nc = \"\"\"\n=======\n\"\"\"\nD\n";
        let marked = with_markers(ours, theirs);
        assert!(marked.contains("<<<<<<< ours"));
        assert_eq!(
            split_markers(&marked),
            Some((ours.to_owned(), theirs.to_owned()))
        );
        assert_eq!(split_markers(ours), None, "an answer's ======= is text");
    }
}
