//! A form: the checklist (檢核清單) and key questions (關鍵問題) an assessment fills in.

use serde::Deserialize;

use super::{Status, Text};

/// A self-assessment form such as `service` (政府數位服務自評表) or `ict-plan`
/// (政府資通訊應用計畫自評表): header fields, then rows grouped by guideline in the
/// official order. See `checklists/README.md` for the file format.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Form {
    /// Stable id, e.g. `service`.
    pub id: Text,
    /// The official title.
    pub title: Text,
    /// The edition of the transcription; a later edition keeps old ids.
    pub edition: Text,
    /// The document the form was transcribed from.
    #[serde(default)]
    pub source: Option<Text>,
    /// The official introduction, if the form has one.
    #[serde(default)]
    pub intro: Option<Text>,
    /// The official column headings of the form's table.
    #[serde(default)]
    pub columns: Vec<Text>,
    /// Header fields (計畫名稱, 服務名稱, 填表人, 填表日期 …), in form order.
    #[serde(default, rename = "field")]
    pub fields: Vec<Field>,
    /// The rows, grouped by guideline, in the official order.
    #[serde(rename = "guideline")]
    pub groups: Vec<Group>,
}

/// A header field of a form.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// Stable id, e.g. `plan`.
    pub id: Text,
    /// The official label, e.g. 計畫名稱.
    pub label: Text,
    /// The official example's value, where the form has one.
    #[serde(default)]
    pub example: Option<Text>,
}

/// The rows of a form that belong to one guideline.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    /// The guideline's id (`"1"`..`"13"`) in `guidelines.toml`.
    pub id: Text,
    /// Checklist items, in order.
    #[serde(default, rename = "item")]
    pub items: Vec<Item>,
    /// Key questions that belong to no checklist item (ids `"<g>.0.<m>"`).
    #[serde(default, rename = "question")]
    pub questions: Vec<Question>,
}

/// A checklist item (檢核清單).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// Stable id `"<guideline>.<n>"`.
    pub id: Text,
    /// The official text.
    pub text: Text,
    /// The status in the official filled example, where the form has one.
    #[serde(default)]
    pub example_status: Option<Status>,
    /// The item's key questions, in order.
    #[serde(default, rename = "question")]
    pub questions: Vec<Question>,
}

/// A key question (關鍵問題).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Stable id `"<item>.<m>"`, or `"<guideline>.0.<m>"` under no item.
    pub id: Text,
    /// The official text.
    pub text: Text,
    /// The official filled example's answer, where the form has one.
    #[serde(default)]
    pub example: Option<Text>,
}

/// How big a form is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// Distinct guidelines the form covers.
    pub guidelines: usize,
    /// Checklist items.
    pub items: usize,
    /// Key questions.
    pub questions: usize,
}

impl Form {
    /// Every checklist item with its group, in official order.
    pub fn items(&self) -> impl Iterator<Item = (&Group, &Item)> {
        self.groups
            .iter()
            .flat_map(|group| group.items.iter().map(move |item| (group, item)))
    }

    /// Every key question in official order, with its group and item (if any).
    pub fn questions(&self) -> impl Iterator<Item = (&Group, Option<&Item>, &Question)> {
        self.groups.iter().flat_map(|group| {
            let under_items = group
                .items
                .iter()
                .flat_map(move |item| item.questions.iter().map(move |q| (group, Some(item), q)));
            let loose = group.questions.iter().map(move |q| (group, None, q));
            under_items.chain(loose)
        })
    }

    /// The checklist item with this id.
    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items()
            .map(|(_, item)| item)
            .find(|item| *item.id == *id)
    }

    /// The key question with this id.
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions().map(|(_, _, q)| q).find(|q| *q.id == *id)
    }

    /// The header field with this id.
    pub fn field(&self, id: &str) -> Option<&Field> {
        self.fields.iter().find(|field| *field.id == *id)
    }

    /// Guidelines, items and questions counted.
    pub fn counts(&self) -> Counts {
        let mut guidelines: Vec<&str> = self.groups.iter().map(|g| g.id.as_str()).collect();
        guidelines.sort_unstable();
        guidelines.dedup();
        Counts {
            guidelines: guidelines.len(),
            items: self.items().count(),
            questions: self.questions().count(),
        }
    }
}
