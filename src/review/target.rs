//! What a comment is about: a key question (`7.3.2`), a checklist item (`7.3`), a
//! header field (`meta/plan`), a BRiCS table, stakeholder or cell
//! (`brics/TABLE[/STAKEHOLDER[/DIMENSION]]`), or the assessment as a whole
//! (`general`). Stored by id; typed by id, title or name.

use std::fmt;

use crate::assessment::{Assessment, Cell};
use crate::diff::{FieldPath, Value, fields};
use crate::form::Form;
use crate::i18n::Lang;
use crate::suggest::closest;

/// The target of a comment.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Target {
    /// The assessment as a whole: `general`.
    General,
    /// A key question's answer: `7.3.2`.
    Question(String),
    /// A checklist item — its status, evidence and its questions' answers: `7.3`.
    Item(String),
    /// A header field: `meta/plan`.
    Meta(String),
    /// A BRiCS table, one stakeholder of it, or one cell: `brics/T`, `brics/T/S`,
    /// `brics/T/S/benefit`.
    Brics {
        /// The table id.
        table: String,
        /// The stakeholder id, for a row or a cell.
        stakeholder: Option<String>,
        /// The cell, for one cell.
        cell: Option<Cell>,
    },
}

/// A target that does not parse or names nothing in the assessment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetError {
    /// What was typed.
    pub typed: String,
    /// The closest existing target, as typed.
    pub closest: Option<String>,
}

impl TargetError {
    /// One sentence naming the target and the closest one.
    pub fn message(&self, lang: Lang) -> String {
        let typed = crate::safe_text::visible(&self.typed, false);
        let mut text = format!(
            "{}{typed}{}",
            lang.pick("沒有審查對象「", "no review target \""),
            lang.pick(
                "」。對象可以是題號（7.3.2）、項目（7.3）、meta/欄位、brics/表格[/利害關係人[/面向]] 或 general",
                "\". A target is a question (7.3.2), an item (7.3), meta/FIELD, brics/TABLE[/STAKEHOLDER[/DIMENSION]] or general",
            )
        );
        if let Some(closest) = &self.closest {
            text += &format!(
                "{}{}{}",
                lang.pick("；最接近的是「", "; the closest is \""),
                crate::safe_text::visible(closest, false),
                lang.pick("」", "\"")
            );
        }
        text += lang.pick("。", ".");
        text
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::General => f.write_str("general"),
            Target::Question(id) | Target::Item(id) => f.write_str(id),
            Target::Meta(field) => write!(f, "meta/{field}"),
            Target::Brics {
                table,
                stakeholder,
                cell,
            } => {
                write!(f, "brics/{table}")?;
                if let Some(stakeholder) = stakeholder {
                    write!(f, "/{stakeholder}")?;
                }
                if let Some(cell) = cell {
                    write!(f, "/{}", cell.as_str())?;
                }
                Ok(())
            }
        }
    }
}

/// Words people use for the assessment as a whole.
const GENERAL: [&str; 4] = ["general", "整體", "全部", "通則"];

impl Target {
    /// Reads a stored target (ids only), as the review file holds it. `None` when it
    /// is not a target's shape.
    pub fn parse_stored(text: &str) -> Option<Target> {
        let text = text.trim();
        if text == "general" {
            return Some(Target::General);
        }
        if let Some(field) = text.strip_prefix("meta/") {
            return (!field.is_empty() && !field.contains('/')).then(|| Target::Meta(field.into()));
        }
        if let Some(rest) = text.strip_prefix("brics/") {
            let parts: Vec<&str> = rest.split('/').collect();
            if parts.iter().any(|p| p.is_empty()) || parts.len() > 3 {
                return None;
            }
            let cell = match parts.get(2) {
                Some(word) => Some(Cell::parse(word)?),
                None => None,
            };
            return Some(Target::Brics {
                table: parts[0].to_owned(),
                stakeholder: parts.get(1).map(|s| (*s).to_owned()),
                cell,
            });
        }
        let numbers: Vec<&str> = text.split('.').collect();
        if numbers.iter().any(|n| n.is_empty()) {
            return None;
        }
        match numbers.len() {
            3 => Some(Target::Question(text.to_owned())),
            2 => Some(Target::Item(text.to_owned())),
            _ => None,
        }
    }

    /// Reads a target as a person types it and checks it names something in `form`
    /// and `assessment`: questions and items by id, header fields by id or label,
    /// BRiCS tables by id or title, stakeholders by id or name, dimensions by word
    /// (`benefit`) or name (效益／價值, 效益, 風險, 成本).
    pub fn resolve(
        typed: &str,
        form: &Form,
        assessment: &Assessment,
    ) -> Result<Target, TargetError> {
        let text = typed.trim();
        let fail = |closest: Option<String>| TargetError {
            typed: typed.to_owned(),
            closest,
        };
        let every = || Target::every(form, assessment);
        let suggest = |candidates: Vec<String>| {
            closest(text, candidates.iter().map(String::as_str)).map(str::to_owned)
        };
        if GENERAL.contains(&text.to_lowercase().as_str()) {
            return Ok(Target::General);
        }
        if let Some(field) = text.strip_prefix("meta/") {
            let found = form
                .fields
                .iter()
                .find(|f| *f.id == *field || *f.label == *field)
                .map(|f| f.id.to_string());
            return found
                .map(Target::Meta)
                .ok_or_else(|| fail(suggest(every())));
        }
        if let Some(rest) = text.strip_prefix("brics/") {
            let parts: Vec<&str> = rest.split('/').collect();
            // A wrong part is suggested in its place, the rest kept as typed.
            let with_part = |n: usize, part: Option<&str>| {
                part.map(|part| {
                    let mut parts = parts.clone();
                    parts[n] = part;
                    format!("brics/{}", parts.join("/"))
                })
            };
            if parts.len() > 3 {
                return Err(fail(suggest(every())));
            }
            let Some(table) = assessment.table(parts[0]) else {
                let titles = assessment.brics.iter().map(|t| t.title.as_str());
                return Err(fail(with_part(0, closest(parts[0], titles))));
            };
            let Some(stakeholder) = parts.get(1) else {
                return Ok(Target::Brics {
                    table: table.id.clone(),
                    stakeholder: None,
                    cell: None,
                });
            };
            let row = table
                .stakeholders
                .iter()
                .find(|s| s.id == *stakeholder)
                .or_else(|| table.stakeholders.iter().find(|s| s.name == *stakeholder));
            let Some(row) = row else {
                let names = table.stakeholders.iter().map(|s| s.name.as_str());
                return Err(fail(with_part(1, closest(stakeholder, names))));
            };
            let cell = match parts.get(2) {
                None => None,
                Some(word) => Some(cell_named(word).ok_or_else(|| {
                    let words = Cell::DIMENSIONS.iter().flat_map(|c| {
                        let zh = c.label(Lang::Zh);
                        [c.as_str(), zh, zh.split('／').next().unwrap_or(zh)]
                    });
                    fail(with_part(2, closest(word, words)))
                })?),
            };
            return Ok(Target::Brics {
                table: table.id.clone(),
                stakeholder: Some(row.id.clone()),
                cell,
            });
        }
        if form.question(text).is_some() {
            return Ok(Target::Question(text.to_owned()));
        }
        if form.item(text).is_some() {
            return Ok(Target::Item(text.to_owned()));
        }
        Err(fail(suggest(every())))
    }

    /// Every target of `form` and `assessment`, as typed (BRiCS tables and
    /// stakeholders by name where unique): what a mistyped target is compared with.
    pub fn every(form: &Form, assessment: &Assessment) -> Vec<String> {
        let mut all = vec!["general".to_owned()];
        all.extend(form.fields.iter().map(|f| format!("meta/{}", f.id)));
        for (_, item) in form.items() {
            all.push(item.id.to_string());
        }
        for (_, _, question) in form.questions() {
            all.push(question.id.to_string());
        }
        for table in &assessment.brics {
            let named = |stakeholder: Option<&str>, cell: Option<Cell>| {
                Target::Brics {
                    table: table.id.clone(),
                    stakeholder: stakeholder.map(str::to_owned),
                    cell,
                }
                .with_names(assessment)
            };
            all.push(named(None, None));
            for row in &table.stakeholders {
                all.push(named(Some(&row.id), None));
                for cell in Cell::DIMENSIONS {
                    all.push(named(Some(&row.id), Some(cell)));
                }
            }
        }
        all
    }

    /// Whether field `path` of an assessment belongs to this target (what "the
    /// target changed" means).
    pub fn covers(&self, path: &FieldPath) -> bool {
        match (self, path) {
            (Target::General, _) => false,
            (Target::Question(id), FieldPath::Answer(q)) => q == id,
            (Target::Item(id), FieldPath::Status(i) | FieldPath::Evidence(i)) => i == id,
            (Target::Item(id), FieldPath::Answer(q)) => q
                .strip_prefix(id.as_str())
                .is_some_and(|rest| rest.starts_with('.')),
            (Target::Meta(field), FieldPath::Meta(f)) => f == field,
            (
                Target::Brics {
                    table,
                    stakeholder: None,
                    ..
                },
                FieldPath::TableTitle(t) | FieldPath::StakeholderOrder(t),
            ) => t == table,
            (
                Target::Brics {
                    table,
                    stakeholder,
                    cell,
                },
                FieldPath::Cell {
                    table: t,
                    stakeholder: s,
                    cell: c,
                },
            ) => {
                t == table
                    && stakeholder.as_ref().is_none_or(|want| want == s)
                    && cell.is_none_or(|want| want == *c)
            }
            _ => false,
        }
    }

    /// A short fingerprint of the target's content in `assessment`: equal exactly
    /// when every field the target covers is equal (FNV-1a over the fields).
    pub fn digest(&self, assessment: &Assessment) -> String {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        let mut feed = |bytes: &[u8]| {
            for byte in bytes {
                hash ^= u64::from(*byte);
                hash = hash.wrapping_mul(0x0100_0000_01b3);
            }
        };
        for (path, value) in fields(assessment) {
            if !self.covers(&path) {
                continue;
            }
            feed(path.to_string().as_bytes());
            feed(&[0]);
            match &value {
                Value::Text(text) => feed(text.as_bytes()),
                Value::Status(status) => feed(status.as_str().as_bytes()),
                Value::Evidence(list) => {
                    for evidence in list {
                        feed(evidence.label.as_bytes());
                        feed(&[1]);
                        feed(evidence.target.as_bytes());
                        feed(&[2]);
                    }
                }
                Value::Order(ids) => {
                    for id in ids {
                        feed(id.as_bytes());
                        feed(&[1]);
                    }
                }
            }
            feed(&[0xff]);
        }
        format!("{hash:016x}")
    }

    /// The target as a person types it: BRiCS tables and stakeholders by title and
    /// name where those are unique (as `dsw resolve` paths are shown), else as stored;
    /// [`Target::resolve`] reads it back.
    pub fn with_names(&self, assessment: &Assessment) -> String {
        match self {
            Target::Brics {
                table,
                stakeholder,
                cell,
            } => {
                let mut text = format!("brics/{}", crate::diff::table_key(assessment, table));
                if let Some(stakeholder) = stakeholder {
                    text += "/";
                    text += &crate::diff::stakeholder_key(assessment, table, stakeholder);
                }
                if let Some(cell) = cell {
                    text += "/";
                    text += cell.as_str();
                }
                text
            }
            other => other.to_string(),
        }
    }

    /// The guideline the target belongs to (questions and items), from the form.
    pub fn guideline(&self, form: &Form) -> Option<String> {
        match self {
            Target::Question(id) => form
                .questions()
                .find(|(_, _, q)| *q.id == **id)
                .map(|(group, _, _)| group.id.to_string()),
            Target::Item(id) => form
                .items()
                .find(|(_, item)| *item.id == **id)
                .map(|(group, _)| group.id.to_string()),
            _ => None,
        }
    }

    /// The target in words for people: the question's or item's id and text, the
    /// header field's label, the BRiCS table's title, stakeholder's name and the
    /// dimension's name, or 整體.
    pub fn describe(&self, form: &Form, assessment: &Assessment, lang: Lang) -> String {
        match self {
            Target::General => lang.pick("整體", "general").to_owned(),
            Target::Question(id) => match form.question(id) {
                Some(q) => format!("{id} {}", q.text),
                None => id.clone(),
            },
            Target::Item(id) => match form.item(id) {
                Some(item) => format!("{id} {}", item.text),
                None => id.clone(),
            },
            Target::Meta(field) => match form.field(field) {
                Some(f) => f.label.to_string(),
                None => field.clone(),
            },
            Target::Brics {
                table,
                stakeholder,
                cell,
            } => {
                let found = assessment.brics.iter().find(|t| t.id == *table);
                let mut text = crate::assessment::table_heading(
                    found.map_or(table.as_str(), |t| t.title.as_str()),
                );
                if let Some(stakeholder) = stakeholder {
                    let name = found
                        .and_then(|t| t.stakeholders.iter().find(|s| s.id == *stakeholder))
                        .map_or(stakeholder.as_str(), |s| s.name.as_str());
                    text += &format!(" / {name}");
                }
                if let Some(cell) = cell {
                    text += &format!(" / {}", cell.label(lang));
                }
                text
            }
        }
    }
}

/// A dimension by its word or its name.
fn cell_named(word: &str) -> Option<Cell> {
    Cell::parse(word).or_else(|| {
        Cell::DIMENSIONS
            .into_iter()
            .chain([Cell::Name, Cell::Kind])
            .find(|cell| {
                let zh = cell.label(Lang::Zh);
                zh == word || zh.split('／').next() == Some(word)
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> (Form, Assessment) {
        let form = crate::diff::testing::form();
        let mut assessment = Assessment::new(&form);
        let mut table = crate::diff::testing::sample_table("");
        table.title = "資料申請小幫手".into();
        table.stakeholders[0].name = "資料申請者".into();
        assessment.brics.push(table);
        (form, assessment)
    }

    #[test]
    fn a_mistyped_brics_part_is_suggested_in_its_place() {
        let (form, assessment) = sample();
        let error =
            Target::resolve("brics/資料申請小幫手/申請者/風險", &form, &assessment).unwrap_err();
        assert_eq!(
            error.closest.as_deref(),
            Some("brics/資料申請小幫手/資料申請者/風險")
        );
        let error =
            Target::resolve("brics/資料申請小幫/資料申請者", &form, &assessment).unwrap_err();
        assert_eq!(
            error.closest.as_deref(),
            Some("brics/資料申請小幫手/資料申請者")
        );
        let error = Target::resolve("brics/資料申請小幫手/資料申請者/風俭", &form, &assessment)
            .unwrap_err();
        assert_eq!(
            error.closest.as_deref(),
            Some("brics/資料申請小幫手/資料申請者/風險")
        );
        let found =
            Target::resolve("brics/資料申請小幫手/資料申請者/風險", &form, &assessment).unwrap();
        assert_eq!(
            found.with_names(&assessment),
            "brics/資料申請小幫手/資料申請者/risk"
        );
        assert_eq!(
            Target::resolve(&found.with_names(&assessment), &form, &assessment),
            Ok(found)
        );
    }
}
