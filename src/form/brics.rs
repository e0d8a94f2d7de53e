//! The BRiCS stakeholder analysis as taught in the civil-service course: stakeholder
//! kinds, the three dimensions, guidance, and the worked case.

use serde::Deserialize;

use super::Text;

/// The content of `brics.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Brics {
    /// The course material this was transcribed from.
    #[serde(default)]
    pub source: Option<Text>,
    /// Title, e.g. BRiCS 分析.
    pub title: Text,
    /// The course's paragraph introducing the analysis.
    pub intro: Text,
    /// Stakeholder kinds.
    #[serde(rename = "kind")]
    pub kinds: Vec<Kind>,
    /// Benefit, Risk, Cost/Condition/Context — always these three, in this order.
    #[serde(rename = "dimension")]
    pub dimensions: Vec<Dimension>,
    /// The course's advice on reading a BRiCS table.
    #[serde(default)]
    pub guidance: Vec<Guidance>,
    /// The worked case.
    #[serde(default)]
    pub example: Option<Case>,
}

/// A kind of stakeholder, e.g. 服務受益／使用者.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Kind {
    /// Stable id, e.g. `user`.
    pub id: Text,
    /// The course's name for the kind.
    pub name: Text,
    /// The course's words for who this is.
    pub description: Text,
}

/// A dimension of the analysis.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dimension {
    /// `benefit`, `risk` or `cost`.
    pub id: Text,
    /// The Chinese name, e.g. 效益／價值.
    pub name: Text,
    /// The English name, e.g. Benefit.
    pub english: Text,
    /// The course's explanation.
    pub explanation: Text,
}

impl Dimension {
    /// The name in the interface language: the material's English name in English.
    pub fn name_in(&self, lang: crate::i18n::Lang) -> &str {
        lang.pick(&self.name, &self.english)
    }
}

/// A piece of the course's guidance.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Guidance {
    /// The course's words.
    pub text: Text,
}

/// The course's worked case (資料申請小幫手).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// The case title.
    pub title: Text,
    /// 案例情境.
    pub scenario: Text,
    /// 問題探討.
    pub question: Text,
    /// 問題解析.
    pub analysis: Text,
    /// The case's footnote.
    #[serde(default)]
    pub note: Option<Text>,
}

/// The ids the three dimensions must have, in order: an assessment's BRiCS cells are
/// stored under these names.
pub const DIMENSION_IDS: [&str; 3] = ["benefit", "risk", "cost"];

impl Brics {
    /// The stakeholder kind with this id.
    pub fn kind(&self, id: &str) -> Option<&Kind> {
        self.kinds.iter().find(|kind| *kind.id == *id)
    }
}
