//! The git-backed store: repositories, drafts, commits with no lost update, history,
//! iterations, and plain-git integration. Plain synchronous functions; the TUI runs
//! the slow ones off its UI thread.

mod atomic;
mod changes;
mod commit;
mod draft;
mod draft_sync;
mod error;
mod git_integration;
mod git_merge;
mod identity;
mod init;
mod lock;
mod log;
mod maintenance;
mod notes;
mod presence;
mod recovery;
mod repo;
mod resolve;
mod review;
mod review_draft;
mod shared;
mod tags;
mod trailer;
mod trust;
mod worktree;

pub use atomic::{write as write_atomically, write_through};
pub use changes::{DraftChanges, Newer};
pub use commit::Committed;
pub use draft::Draft;
pub use draft_sync::{
    Combined, DiskChange, Known, OTHER_VERSION, Rebased, Saved, combine, fields_with_both_versions,
    holds_both_versions, rebase, set_text_at, text_at,
};
pub use error::StoreError;
pub use git_integration::GitIntegration;
pub use git_merge::{split_markers, with_markers};
pub use identity::{Account, Author, account_name, user};
pub use init::NewAssessment;
pub use log::{Log, Revision};
pub use presence::{Presence, PresenceGuard};
pub use recovery::{Recovery, default_recovery_dir, remove_recovery};
pub use repo::{AssessmentName, GITATTRIBUTES, SUFFIX, Store, short_id, with_dsw_attributes};
pub use resolve::{Choice, Unresolvable};
pub use review::Reviewed;
pub use review_draft::{Purpose, UnsentReview, UnsentReviews};
pub use shared::{ShareReport, Sharing, admin_fix_command, current_umask, group_name, make_shared};
pub use tags::{Iteration, Tagged};
pub use trust::{
    disable_libgit2_owner_check as allow_any_owner, fix_commands as trust_fix_commands,
    shell_quote, trusted,
};
pub use worktree::Sync;
