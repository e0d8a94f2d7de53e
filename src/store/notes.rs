//! Which revisions changed which fields between two revisions: the 說明 column of a
//! 修正對照表.

use std::collections::BTreeMap;

use git2::{Oid, Sort};

use super::error::StoreError;
use super::repo::{AssessmentName, Store};
use super::trailer;
use crate::diff::{AssessmentDiff, FieldPath};

impl Store {
    /// For every field changed by a revision after `from` up to `to`, the messages of
    /// those revisions, oldest first. Revisions made without the assessment (before
    /// it existed) are skipped.
    pub fn change_notes(
        &self,
        name: &AssessmentName,
        from: Oid,
        to: Oid,
    ) -> Result<BTreeMap<FieldPath, Vec<String>>, StoreError> {
        let mut walk = self.repo.revwalk()?;
        walk.set_sorting(Sort::TOPOLOGICAL | Sort::REVERSE)?;
        walk.push(to)?;
        walk.hide(from)?;
        let mut notes: BTreeMap<FieldPath, Vec<String>> = BTreeMap::new();
        for id in walk {
            let commit = self.repo.find_commit(id?)?;
            let Ok(parent) = commit.parent_id(0) else {
                continue;
            };
            if self.blob_at(name, commit.id())?.is_none() || self.blob_at(name, parent)?.is_none() {
                continue;
            }
            let before = self.load_at(name, parent)?;
            let after = self.load_at(name, commit.id())?;
            let form = self.form_of(&after)?;
            let diff = AssessmentDiff::between(&before, &after, form);
            let message = trailer::strip(&String::from_utf8_lossy(commit.message_bytes()))
                .lines()
                .next()
                .unwrap_or("")
                .to_owned();
            for change in diff.changes {
                let list = notes.entry(change.path).or_default();
                if !message.is_empty() && !list.contains(&message) {
                    list.push(message.clone());
                }
            }
        }
        Ok(notes)
    }
}
