//! The status of a checklist item.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

/// Where a checklist item stands: the four states of the official form's check box
/// (☐ not yet, partly, ☑ done, not applicable).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Not started (☐).
    #[default]
    Todo,
    /// Partly done.
    Partial,
    /// Done (☑).
    Done,
    /// Not applicable to this service.
    Na,
}

impl Status {
    /// Every status, in the order a key press cycles through them.
    pub const ALL: [Status; 4] = [Status::Todo, Status::Partial, Status::Done, Status::Na];

    /// The word written in files and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Todo => "todo",
            Status::Partial => "partial",
            Status::Done => "done",
            Status::Na => "na",
        }
    }

    /// The label shown to people.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Status::Todo => lang.pick("未完成", "to do"),
            Status::Partial => lang.pick("部分完成", "partial"),
            Status::Done => lang.pick("已完成", "done"),
            Status::Na => lang.pick("不適用", "n/a"),
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Status {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Status::ALL
            .into_iter()
            .find(|status| status.as_str() == s)
            .ok_or_else(|| format!("unknown status `{s}` (expected todo, partial, done or na)"))
    }
}
