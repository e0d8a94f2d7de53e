//! The git-backed store: repositories, drafts, commits with no lost update, history,
//! iterations, and plain-git integration. Plain synchronous functions; the TUI runs
//! the slow ones off its UI thread.

mod atomic;
mod commit;
mod draft;
mod draft_sync;
mod error;
mod identity;
mod init;
mod lock;
mod log;
mod maintenance;
mod notes;
mod recovery;
mod repo;
mod resolve;
mod tags;
mod trailer;
mod worktree;

pub use atomic::write as write_atomically;
pub use commit::Committed;
pub use draft::Draft;
pub use draft_sync::{
    Combined, DiskChange, Known, OTHER_VERSION, Rebased, Saved, combine, fields_with_both_versions,
    holds_both_versions, rebase, set_text_at, text_at,
};
pub use error::StoreError;
pub use identity::{Author, user};
pub use log::{Log, Revision};
pub use recovery::{Recovery, default_recovery_dir, remove_recovery};
pub use repo::{AssessmentName, GITATTRIBUTES, SUFFIX, Store, short_id};
pub use resolve::{Choice, Unresolvable};
pub use tags::Iteration;
pub use worktree::Sync;
