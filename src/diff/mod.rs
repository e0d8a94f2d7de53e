//! Semantic diff and three-way merge of assessments, and character-level text diff.
//!
//! After jj: an assessment is seen as a flat map of fields ([`fields`]: one answer,
//! one item status, one stakeholder cell …), and two small generic types do the
//! work one field at a time — [`Diff`] (before/after) and [`Merge`] (base/ours/theirs
//! with the trivial-merge rule). On top of them:
//!
//! - [`merge`]: the three-way merge a commit runs when the branch moved meanwhile;
//!   every field both sides changed differently comes back as a [`Conflict`];
//! - [`AssessmentDiff`]: the changed fields in form order, with a [`Stat`] summary;
//! - [`char_diff`]: character-level diff (Chinese has no spaces: never word-level).
//!
//! Putting a change into words is not this layer's job: see `report::change`.
//!
//! A field's [`FieldPath`] has a textual form users type (`7.3.2`, `7.3/evidence`,
//! `meta/plan`, `brics/<table>/<stakeholder>/benefit`).

mod fields;
mod generic;
mod merge;
mod semantic;
mod text;

#[cfg(test)]
pub(crate) mod testing;

pub use fields::{FieldPath, ParsePathError, Value, assemble, fields, stakeholder_key, table_key};
pub use generic::{Diff, Merge};
pub use merge::{Conflict, merge};
pub use semantic::{AssessmentDiff, BricsNames, Change, Stat};
pub use text::{Span, char_diff};
