//! 審查意見: reviewers' comments on an assessment, the team's replies, and the states
//! a comment goes through (待回覆 → 已回覆 → 同意 / 再修正). The comments of
//! `<stem>.assessment.toml` live beside it in `<stem>.review.toml`, deterministic
//! like the assessment file; every review action is one [`Action`] applied to the
//! branch head by the store's compare-and-swap commit, so several people can
//! comment and reply at once.
//!
//! Plain data and plain functions: the store commits, the report words, the CLI
//! and the workbench only call.

mod action;
mod file;
mod import;
mod merge;
mod model;
mod target;

pub use action::{Action, Applied, ReviewError, Stamp, new_id};
pub use file::{read, write};
pub use import::{ImportError, ImportRow, read_csv};
pub use merge::merge;
pub use model::{Comment, Counts, Reply, Review, Standing, State, Transition};
pub use target::{Target, TargetError};

/// The file name suffix of review files.
pub const SUFFIX: &str = ".review.toml";

/// The review file of the assessment with file stem `stem`.
pub fn file_name(stem: &str) -> String {
    format!("{stem}{SUFFIX}")
}
