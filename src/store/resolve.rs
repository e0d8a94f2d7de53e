//! Settling a conflict field by field: `dsw resolve ID --mine | --theirs | --text T`.

use super::error::StoreError;
use super::repo::{AssessmentName, Store};
use crate::diff::{Conflict, FieldPath, Value, assemble, fields, merge};

/// How to settle a conflicting field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    /// Keep my value.
    Mine,
    /// Take the branch head's value.
    Theirs,
    /// Write this text instead (text fields only).
    Text(String),
}

/// Why a resolution could not be applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unresolvable {
    /// There is no draft, so nothing conflicts.
    NoDraft,
    /// The field is not in conflict; these are.
    NotInConflict(Vec<FieldPath>),
    /// A new text for a field that is not text (a status, evidence, a kind): only
    /// mine or theirs settle it.
    NotText,
}

impl Store {
    /// The conflicts committing `user`'s draft would meet now (empty: none).
    pub fn conflicts(
        &self,
        name: &AssessmentName,
        user: &str,
    ) -> Result<Vec<Conflict>, StoreError> {
        let Some(draft) = self.draft(name, user)? else {
            return Ok(Vec::new());
        };
        let theirs = self.load_at(name, self.head_commit()?)?;
        Ok(merge(&draft.base, &draft.mine, &theirs)
            .err()
            .unwrap_or_default())
    }

    /// Settles one conflicting field of `user`'s draft: the draft's merge base takes
    /// the head's value for that field (so the head's change counts as seen) and the
    /// draft takes the chosen value. Returns the conflicts that remain.
    pub fn resolve(
        &self,
        name: &AssessmentName,
        user: &str,
        path: &FieldPath,
        choice: Choice,
    ) -> Result<Result<Vec<Conflict>, Unresolvable>, StoreError> {
        self.ensure_clean_state()?;
        let _lock = self.lock_draft(name, user)?;
        let Some(mut draft) = self.draft(name, user)? else {
            return Ok(Err(Unresolvable::NoDraft));
        };
        let theirs = self.load_at(name, self.head_commit()?)?;
        let conflicts = merge(&draft.base, &draft.mine, &theirs)
            .err()
            .unwrap_or_default();
        let Some(conflict) = conflicts.iter().find(|c| &c.path == path) else {
            return Ok(Err(Unresolvable::NotInConflict(
                conflicts.into_iter().map(|c| c.path).collect(),
            )));
        };
        let chosen = match chosen(
            path,
            choice,
            conflict.ours.as_ref(),
            conflict.theirs.as_ref(),
        ) {
            Ok(chosen) => chosen,
            Err(reason) => return Ok(Err(reason)),
        };
        let mut base = fields(&draft.base);
        let mut mine = fields(&draft.mine);
        set(&mut base, path, conflict.theirs.clone());
        set(&mut mine, path, chosen);
        draft.base = assemble(&base);
        draft.mine = assemble(&mine);
        self.write_draft(name, user, &draft)?;
        Ok(Ok(merge(&draft.base, &draft.mine, &theirs)
            .err()
            .unwrap_or_default()))
    }
}

/// The value `choice` settles field `path` with, mine being `ours` and theirs
/// `theirs`; a new text only for a text field ([`FieldPath::is_text`]), and a blank
/// one clears it.
pub(crate) fn chosen(
    path: &FieldPath,
    choice: Choice,
    ours: Option<&Value>,
    theirs: Option<&Value>,
) -> Result<Option<Value>, Unresolvable> {
    match choice {
        Choice::Mine => Ok(ours.cloned()),
        Choice::Theirs => Ok(theirs.cloned()),
        Choice::Text(_) if !path.is_text() => Err(Unresolvable::NotText),
        Choice::Text(text) => match ours.or(theirs) {
            Some(Value::Text(_)) | None if text.trim().is_empty() => Ok(None),
            Some(Value::Text(_)) | None => Ok(Some(Value::Text(text))),
            Some(_) => Err(Unresolvable::NotText),
        },
    }
}

/// Sets (or, with `None`, removes) one field in a field map.
pub(crate) fn set(
    map: &mut std::collections::BTreeMap<FieldPath, Value>,
    path: &FieldPath,
    value: Option<Value>,
) {
    match value {
        Some(value) => {
            map.insert(path.clone(), value);
        }
        None => {
            map.remove(path);
        }
    }
}
