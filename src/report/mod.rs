//! What people read about an assessment, built once for every front end: the words of
//! the domain, a change in words, the form as filled.
//!
//! The CLI, the workbench and every export used to walk the assessment and its diffs
//! each on their own, and their words drifted apart (類型 here, 角色 there; a kind as
//! its id in one place and its name in another; three formulas for 完成度). Here each
//! is decided once, as plain data; the layers above only format it:
//!
//! - [`words`]: the vocabulary — status marks, BRiCS cell and kind names, evidence,
//!   guideline headings, header-field labels;
//! - [`Revision`]: which revision a report shows, and its label with date and author;
//! - [`change`]: a change as people read it (heading, label, before and after in
//!   words, the lines of its body) and the guideline filter;
//! - [`Comparison`]: the 修正對照表, a row per change with the notes that explain it
//!   (the team's replies to the comments on it, else the revision messages);
//! - [`comments`]: 審查意見 as people read them — target in words, standing, replies;
//! - [`ReplyTable`]: the 審查意見回覆表, a row per comment of an iteration with its
//!   replies and what changed on its target;
//! - [`form`]: the form as filled — header, completion, the table's rows with their
//!   spanning cells, orphans, BRiCS tables with names resolved.
//!
//! 完成度 is a number of the assessment, defined once as
//! [`Completion::percent`](crate::assessment::Completion::percent); every screen and
//! export here and above shows that figure.
//!
//! This layer sits above `store` and below `export`; it uses no terminal library and
//! escapes nothing: each format makes text safe its own way.

pub mod change;
pub mod comments;
mod comparison;
pub mod form;
pub mod replies;
mod revision;
pub mod words;

pub use change::{Body, ChangeView, Entry, Mark, Namer, Run, Side};
pub use comments::CommentReport;
pub use comparison::{Comparison, ComparisonRow};
pub use form::FormReport;
pub use replies::{Fix, FixEntry, ReplyRow, ReplyTable, Version};
pub use revision::Revision;
