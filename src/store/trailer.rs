//! The trailer dsw adds to its commit messages: which assessment a revision changed
//! and its change counts, so `dsw log` can list 10,000 revisions without diffing any.
//!
//! ```text
//! Dsw-Assessment: service
//! Dsw-Parent: 40c035c3d5…
//! Dsw-Stat: answers_added=1 answers_changed=3 items_done=1 brics_cells=2
//! ```
//!
//! The stat describes the commit against the parent it was computed against, which
//! `Dsw-Parent` records (`none` for a first commit). A cherry-pick or rebase copies
//! the message onto another parent: its stat is then not trusted, and `dsw log`
//! computes the real one.

use git2::Oid;

use super::repo::AssessmentName;
use crate::diff::Stat;

const ASSESSMENT: &str = "Dsw-Assessment: ";
const PARENT: &str = "Dsw-Parent: ";
const STAT: &str = "Dsw-Stat: ";
/// Where the trailer begins in a message.
const TRAILER_START: &str = "\n\nDsw-Assessment: ";

/// The stat fields by trailer name; one table so writing and reading agree.
fn fields(stat: &mut Stat) -> [(&'static str, &mut usize); 10] {
    [
        ("answers_added", &mut stat.answers_added),
        ("answers_changed", &mut stat.answers_changed),
        ("answers_removed", &mut stat.answers_removed),
        ("items_done", &mut stat.items_done),
        ("items_other", &mut stat.items_other),
        ("evidence_changed", &mut stat.evidence_changed),
        ("meta_changed", &mut stat.meta_changed),
        ("brics_cells", &mut stat.brics_cells),
        ("brics_tables", &mut stat.brics_tables),
        ("brics_reordered", &mut stat.brics_reordered),
    ]
}

/// `message` with the trailer appended after a blank line; `stat` is the change
/// against `parent`.
pub fn append(message: &str, name: &AssessmentName, stat: &Stat, parent: Option<Oid>) -> String {
    let mut stat = *stat;
    let counts: Vec<String> = fields(&mut stat)
        .into_iter()
        .filter(|(_, n)| **n > 0)
        .map(|(key, n)| format!("{key}={n}"))
        .collect();
    let parent = parent.map_or_else(|| "none".to_owned(), |id| id.to_string());
    format!(
        "{}\n\n{ASSESSMENT}{}\n{PARENT}{parent}\n{STAT}{}\n",
        message.trim_end(),
        name.0,
        counts.join(" ")
    )
}

/// The assessment a dsw commit message names, if it is one.
pub fn assessment(message: &str) -> Option<&str> {
    message
        .lines()
        .rev()
        .find_map(|line| line.strip_prefix(ASSESSMENT))
        .map(str::trim)
}

/// The stat a dsw commit message carries, if it provably describes this commit: it
/// was computed against `parent`, the commit's actual first parent.
pub fn stat(message: &str, parent: Option<Oid>) -> Option<Stat> {
    let recorded = message
        .lines()
        .rev()
        .find_map(|line| line.strip_prefix(PARENT))?
        .trim();
    let matches = match parent {
        Some(id) => Oid::from_str(recorded).is_ok_and(|r| r == id),
        None => recorded == "none",
    };
    if !matches {
        return None;
    }
    let line = message
        .lines()
        .rev()
        .find_map(|line| line.strip_prefix(STAT))?;
    let mut stat = Stat::default();
    for pair in line.split_whitespace() {
        let (key, value) = pair.split_once('=')?;
        let value: usize = value.parse().ok()?;
        if let Some((_, slot)) = fields(&mut stat).into_iter().find(|(k, _)| *k == key) {
            *slot = value;
        }
    }
    Some(stat)
}

/// The message without dsw's trailer lines (what people wrote).
pub fn strip(message: &str) -> &str {
    match message.find(TRAILER_START) {
        Some(end) => &message[..end],
        None => message.trim_end(),
    }
}
