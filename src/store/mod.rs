//! The git-backed store: repositories, drafts, commits with no lost update, history,
//! iterations, and plain-git integration. Plain synchronous functions; the TUI runs
//! the slow ones off its UI thread.

mod atomic;
mod commit;
mod draft;
mod error;
mod identity;
mod init;
mod lock;
mod log;
mod maintenance;
mod notes;
mod presence;
mod repo;
mod resolve;
mod shared;
mod tags;
mod trailer;
mod trust;
mod worktree;

pub use atomic::write as write_atomically;
pub use commit::Committed;
pub use draft::Draft;
pub use error::StoreError;
pub use identity::{Account, Author, account_name, user};
pub use log::{Log, Revision};
pub use presence::{Presence, PresenceGuard};
pub use repo::{AssessmentName, GITATTRIBUTES, SUFFIX, Store, short_id};
pub use resolve::{Choice, Unresolvable};
pub use shared::{ShareReport, Sharing, admin_fix_command, current_umask, group_name, make_shared};
pub use tags::Iteration;
pub use trust::{fix_commands as trust_fix_commands, shell_quote, trusted};
pub use worktree::Sync;
