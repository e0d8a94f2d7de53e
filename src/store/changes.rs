//! A draft against the branch: what it changes, and what others committed since it
//! began — each defined once, here, for `dsw status`, `dsw diff`, the workbench's
//! header, its commit dialog and its diff tab alike.

use git2::Oid;

use super::draft::Draft;
use super::draft_sync::merge_settling;
use super::error::StoreError;
use super::repo::{AssessmentName, Store};
use crate::assessment::Assessment;
use crate::diff::{AssessmentDiff, Conflict};
use crate::form::Form;

/// What "my draft changes" means: what committing it now would change in the
/// assessment everyone sees — from the branch head as it is now to the draft merged
/// with that head — and not what changed since the revision the draft began from.
///
/// That is the person's question ("what will my commit do?"), and the other reading
/// answers it wrongly twice over: teammates' revisions since the draft began would
/// either show as the person's own changes (counted from the draft's base) or as the
/// person removing them (the draft alone against the head). A field both the person
/// and a teammate changed shows as a change from the teammate's text to the person's,
/// and is listed in `conflicts`, because a commit stops there until one is chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftChanges {
    /// The branch head's content.
    pub before: Assessment,
    /// The assessment committing the draft would make (the person's value where a
    /// field conflicts).
    pub after: Assessment,
    /// The fields a commit would stop on now.
    pub conflicts: Vec<Conflict>,
}

impl DraftChanges {
    /// The changes field by field (question, item, header field, BRiCS cell).
    pub fn diff(&self, form: &Form) -> AssessmentDiff {
        AssessmentDiff::between(&self.before, &self.after, form)
    }

    /// Whether committing would change nothing.
    pub fn is_empty(&self) -> bool {
        self.before == self.after
    }
}

impl Draft {
    /// What committing this draft onto a branch whose head holds `head` would change
    /// (see [`DraftChanges`]).
    pub fn changes(&self, head: &Assessment) -> DraftChanges {
        let (after, conflicts) = merge_settling(&self.base, &self.mine, head, |conflict| {
            conflict.ours.clone()
        });
        DraftChanges {
            before: head.clone(),
            after,
            conflicts,
        }
    }
}

/// The revisions committed on the branch since a draft began: others' work the draft
/// has not been committed against yet (a commit merges it in).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Newer {
    /// How many revisions.
    pub count: usize,
    /// Their authors, each named once, in the order the history meets them (newest
    /// first): 王小明 committing twice around 李小華 is 王小明、李小華.
    pub authors: Vec<String>,
}

impl Store {
    /// What `user`'s draft of `name` changes ([`DraftChanges`]); nothing when there
    /// is no draft.
    pub fn draft_changes(
        &self,
        name: &AssessmentName,
        user: &str,
    ) -> Result<DraftChanges, StoreError> {
        let draft = self.draft_or_head(name, user)?;
        let head = self.load_at(name, self.head_commit()?)?;
        Ok(draft.changes(&head))
    }

    /// The revisions of `name` on the branch up to `head` that a draft begun at
    /// `base_rev` does not have ([`Newer`]).
    pub fn newer_since(
        &self,
        name: &AssessmentName,
        base_rev: Oid,
        head: Oid,
    ) -> Result<Newer, StoreError> {
        let mut newer = Newer::default();
        if head == base_rev {
            return Ok(newer);
        }
        for revision in self.log(name, Some(head))? {
            let revision = revision?;
            if revision.id == base_rev
                || self
                    .repo
                    .graph_descendant_of(base_rev, revision.id)
                    .unwrap_or(false)
            {
                break;
            }
            newer.count += 1;
            if !newer.authors.contains(&revision.author) {
                newer.authors.push(revision.author);
            }
        }
        Ok(newer)
    }
}

#[cfg(test)]
mod tests {
    use crate::assessment::Assessment;
    use crate::store::Draft;

    fn answered(pairs: &[(&str, &str)]) -> Assessment {
        let mut a = Assessment {
            form: "ict-plan".into(),
            ..Default::default()
        };
        for (id, text) in pairs {
            a.set_answer(id, *text);
        }
        a
    }

    #[test]
    fn a_draft_changes_the_head_not_its_base() {
        let draft = Draft {
            base_rev: git2::Oid::ZERO_SHA1,
            base: answered(&[]),
            mine: answered(&[("1.1.1", "我的")]),
            last_edited: None,
        };
        // A teammate answered 1.1.1 and 1.1.2 meanwhile.
        let head = answered(&[("1.1.1", "對方的"), ("1.1.2", "對方的第二題")]);
        let changes = draft.changes(&head);
        assert_eq!(changes.before, head);
        assert_eq!(changes.after.answer("1.1.1"), "我的");
        assert_eq!(
            changes.after.answer("1.1.2"),
            "對方的第二題",
            "the teammate's answer is not shown as removed"
        );
        assert_eq!(changes.conflicts.len(), 1);
        assert!(!changes.is_empty());
        // Nothing of one's own: nothing to change, whatever others did.
        let untouched = Draft {
            mine: draft.base.clone(),
            ..draft
        };
        assert!(untouched.changes(&head).is_empty());
    }
}
