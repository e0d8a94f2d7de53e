//! The assessment: one form filled in by a team — its model, IDs and its
//! deterministic, diff-friendly TOML file format.

mod brics;
mod file;
mod model;
mod toml_text;

pub use brics::{BricsError, BricsRow, table_heading};
pub use file::{Loaded, conflict_marker, parse_merged, read, write};
pub use model::{Assessment, BricsTable, Cell, Completion, Evidence, ItemState, Stakeholder};
pub use toml_text::{basic as toml_basic_string, multiline as toml_multiline_string};

/// Most text one answer or cell may hold (a pasted report, not a disk image): the
/// same limit for `dsw answer -` and a paste into the workbench.
pub const MAX_TEXT: usize = 4 * 1024 * 1024;

/// A fresh id for a BRiCS table or stakeholder: short, and unique enough that two
/// people adding rows at the same moment never collide.
pub fn new_id() -> String {
    use std::hash::{BuildHasher, Hasher};
    use std::time::{SystemTime, UNIX_EPOCH};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    hasher.write_u128(nanos);
    hasher.write_u32(std::process::id());
    format!("{:08x}", hasher.finish() as u32)
}
