//! Editing BRiCS tables: the one set of rules the command line (`dsw brics`) and the
//! workbench's BRiCS tab both apply. Tables are named by id or title and
//! stakeholders by id or name; a title or name that would stand for two of them is
//! refused (two people adding the same row at once can leave two, and then only the
//! id tells them apart); a kind must be one of the course's. Every operation checks
//! first and changes the assessment only when it succeeds.

use super::{Assessment, BricsTable, Cell, Stakeholder, new_id};
use crate::form::Brics;
use crate::i18n::Lang;
use crate::safe_text::visible;

/// Why a BRiCS edit was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BricsError {
    /// Several tables have this title.
    #[error("{} tables are titled {title}", ids.len())]
    AmbiguousTable {
        /// The title given.
        title: String,
        /// The ids of the tables with it.
        ids: Vec<String>,
    },
    /// Several stakeholders of the table have this name.
    #[error("{} stakeholders are named {name}", ids.len())]
    AmbiguousStakeholder {
        /// The table's title.
        table: String,
        /// The name given.
        name: String,
        /// The ids of the stakeholders with it.
        ids: Vec<String>,
    },
    /// A kind brics.toml does not list.
    #[error("unknown stakeholder kind {kind}")]
    UnknownKind {
        /// The kind given.
        kind: String,
        /// The known kind closest to it, if one is.
        closest: Option<String>,
        /// Every known kind: id and the course's name.
        known: Vec<(String, String)>,
    },
    /// A new title that another table has already.
    #[error("a table titled {0} exists")]
    TitleTaken(String),
    /// A new name that another stakeholder of the table has already.
    #[error("a stakeholder named {name} exists")]
    NameTaken {
        /// The table's title.
        table: String,
        /// The name given.
        name: String,
    },
    /// A stakeholder without a name.
    #[error("a stakeholder needs a name")]
    BlankName,
}

impl BricsError {
    /// What went wrong and what to do instead, in the interface language.
    pub fn message(&self, lang: Lang) -> String {
        let list = |ids: &[String]| ids.join(lang.pick("、", ", "));
        match (self, lang) {
            (BricsError::AmbiguousTable { title, ids }, Lang::Zh) => format!(
                "有 {} 張表都叫「{}」；請改用表的代碼：{}",
                ids.len(),
                visible(title, false),
                list(ids)
            ),
            (BricsError::AmbiguousTable { title, ids }, Lang::En) => format!(
                "{} tables are titled “{}”; name one by its id: {}",
                ids.len(),
                visible(title, false),
                list(ids)
            ),
            (BricsError::AmbiguousStakeholder { table, name, ids }, Lang::Zh) => format!(
                "「{}」中有 {} 位利害關係人都叫「{}」；請改用代碼：{}",
                visible(table, false),
                ids.len(),
                visible(name, false),
                list(ids)
            ),
            (BricsError::AmbiguousStakeholder { table, name, ids }, Lang::En) => format!(
                "{} stakeholders of “{}” are named “{}”; name one by its id: {}",
                ids.len(),
                visible(table, false),
                visible(name, false),
                list(ids)
            ),
            (
                BricsError::UnknownKind {
                    kind,
                    closest,
                    known,
                },
                _,
            ) => {
                let hint = closest
                    .as_ref()
                    .map(|c| format!(" `{c}`?"))
                    .unwrap_or_default();
                let known: Vec<String> = known
                    .iter()
                    .map(|(id, name)| format!("{id} ({name})"))
                    .collect();
                let kind = visible(kind, false);
                match lang {
                    Lang::Zh => format!(
                        "不認得利害關係人類型 `{kind}`{hint}。可用：{}",
                        known.join("、")
                    ),
                    Lang::En => format!(
                        "unknown stakeholder kind `{kind}`{hint}. Known: {}",
                        known.join(", ")
                    ),
                }
            }
            (BricsError::TitleTaken(title), Lang::Zh) => format!(
                "已經有一張表叫「{}」；同名的表無從分辨，請換一個名稱。",
                visible(title, false)
            ),
            (BricsError::TitleTaken(title), Lang::En) => format!(
                "a table titled “{}” exists already; two of one title could not be told apart — choose another.",
                visible(title, false)
            ),
            (BricsError::NameTaken { table, name }, Lang::Zh) => format!(
                "「{}」中已經有利害關係人「{}」；同名的利害關係人無從分辨，請換一個名稱。",
                visible(table, false),
                visible(name, false)
            ),
            (BricsError::NameTaken { table, name }, Lang::En) => format!(
                "“{}” has a stakeholder named “{}” already; two of one name could not be told apart — choose another.",
                visible(table, false),
                visible(name, false)
            ),
            (BricsError::BlankName, _) => lang
                .pick("利害關係人需要名稱。", "a stakeholder needs a name.")
                .to_owned(),
        }
    }
}

/// A BRiCS table named where a heading needs it: `BRiCS 資料申請`, or the title alone
/// when it already says BRiCS (the default title, `BRiCS 分析`).
pub fn table_heading(title: &str) -> String {
    if title.trim_start().to_lowercase().starts_with("brics") {
        title.to_owned()
    } else {
        format!("BRiCS {title}")
    }
}

/// Where an edit landed: the table's and the stakeholder's ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BricsRow {
    /// The table id.
    pub table: String,
    /// The stakeholder id.
    pub stakeholder: String,
}

impl Assessment {
    /// The title a table gets when none is given: the course's name for the analysis
    /// (brics.toml's title, `BRiCS 分析`) — content, the same whatever the interface
    /// language — numbered (`BRiCS 分析 2`) when a table has it already.
    pub fn new_table_title(&self, brics: &Brics) -> String {
        let base = brics.title.trim();
        (1..)
            .map(|n| {
                if n == 1 {
                    base.to_owned()
                } else {
                    format!("{base} {n}")
                }
            })
            .find(|title| !self.brics.iter().any(|t| t.title == *title))
            .unwrap_or_else(|| base.to_owned())
    }

    /// The index of the table `key` names: the one with that id, else the one with
    /// that title; several with that title cannot be told apart.
    pub fn find_table(&self, key: &str) -> Result<Option<usize>, BricsError> {
        if let Some(index) = self.brics.iter().position(|t| t.id == key) {
            return Ok(Some(index));
        }
        let titled: Vec<usize> = (0..self.brics.len())
            .filter(|&i| self.brics[i].title == key)
            .collect();
        match titled.as_slice() {
            [] => Ok(None),
            [one] => Ok(Some(*one)),
            _ => Err(BricsError::AmbiguousTable {
                title: key.to_owned(),
                ids: titled.iter().map(|&i| self.brics[i].id.clone()).collect(),
            }),
        }
    }

    /// Sets one cell of a stakeholder row (`dsw brics set`, a kind chosen in the
    /// grid), creating the table and the stakeholder when missing. A blank table key
    /// means the default table ([`Assessment::new_table_title`]'s unnumbered title).
    /// A kind must be one of brics.toml's (or empty); a name is a rename.
    pub fn set_brics_cell(
        &mut self,
        brics: &Brics,
        table: &str,
        stakeholder: &str,
        cell: Cell,
        value: &str,
    ) -> Result<BricsRow, BricsError> {
        if cell == Cell::Kind {
            check_kind(brics, value)?;
        }
        let default_title;
        let table = if table.trim().is_empty() {
            default_title = brics.title.trim().to_owned();
            default_title.as_str()
        } else {
            table
        };
        let found = self.find_table(table)?;
        let row = match found {
            Some(index) => find_stakeholder(&self.brics[index], stakeholder)?,
            None => None,
        };
        if cell == Cell::Name {
            check_name(found.map(|t| &self.brics[t]), value, row)?;
        }
        if row.is_none() && stakeholder.trim().is_empty() {
            return Err(BricsError::BlankName);
        }
        let index = found.unwrap_or_else(|| {
            self.brics.push(BricsTable {
                id: new_id(),
                title: table.to_owned(),
                stakeholders: Vec::new(),
            });
            self.brics.len() - 1
        });
        let rows = &mut self.brics[index].stakeholders;
        let row = row.unwrap_or_else(|| {
            rows.push(Stakeholder {
                id: new_id(),
                name: stakeholder.to_owned(),
                ..Default::default()
            });
            rows.len() - 1
        });
        *rows[row].cell_mut(cell) = value.to_owned();
        let stakeholder = rows[row].id.clone();
        Ok(BricsRow {
            table: self.brics[index].id.clone(),
            stakeholder,
        })
    }

    /// Adds a table titled `title` ([`Assessment::new_table_title`] when blank);
    /// a title another table has is refused. Returns its id.
    pub fn add_brics_table(&mut self, brics: &Brics, title: &str) -> Result<String, BricsError> {
        let title = match title.trim() {
            "" => self.new_table_title(brics),
            title => title.to_owned(),
        };
        if self.brics.iter().any(|t| t.title == title) {
            return Err(BricsError::TitleTaken(title));
        }
        let id = new_id();
        self.brics.push(BricsTable {
            id: id.clone(),
            title,
            stakeholders: Vec::new(),
        });
        Ok(id)
    }

    /// Adds a stakeholder named `name` to table `table` (by id or title). When there
    /// is no such table (none was given, or someone removed it meanwhile) the row
    /// goes to the default table, made if missing, so the name typed is never lost.
    /// A name the table has already is refused.
    pub fn add_stakeholder(
        &mut self,
        brics: &Brics,
        table: Option<&str>,
        name: &str,
    ) -> Result<BricsRow, BricsError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(BricsError::BlankName);
        }
        let found = match table {
            Some(key) => self.find_table(key)?,
            None => None,
        };
        let found = match found {
            Some(index) => Some(index),
            None => self.find_table(brics.title.trim())?,
        };
        check_name(found.map(|i| &self.brics[i]), name, None)?;
        let index = match found {
            Some(index) => index,
            None => {
                let title = brics.title.trim().to_owned();
                self.add_brics_table(brics, &title)?;
                self.brics.len() - 1
            }
        };
        let table = &mut self.brics[index];
        let id = new_id();
        table.stakeholders.push(Stakeholder {
            id: id.clone(),
            name: name.to_owned(),
            ..Default::default()
        });
        Ok(BricsRow {
            table: table.id.clone(),
            stakeholder: id,
        })
    }

    /// Renames a stakeholder; a name another stakeholder of the table has is refused.
    /// False when the table or the stakeholder is gone.
    pub fn rename_stakeholder(
        &mut self,
        table: &str,
        stakeholder: &str,
        name: &str,
    ) -> Result<bool, BricsError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(BricsError::BlankName);
        }
        let Some(index) = self.find_table(table)? else {
            return Ok(false);
        };
        let Some(row) = find_stakeholder(&self.brics[index], stakeholder)? else {
            return Ok(false);
        };
        check_name(Some(&self.brics[index]), name, Some(row))?;
        self.brics[index].stakeholders[row].name = name.to_owned();
        Ok(true)
    }

    /// Removes a stakeholder, or the whole table when `stakeholder` is `None`. False
    /// when there is no such table or stakeholder.
    pub fn remove_brics(
        &mut self,
        table: &str,
        stakeholder: Option<&str>,
    ) -> Result<bool, BricsError> {
        let Some(index) = self.find_table(table)? else {
            return Ok(false);
        };
        match stakeholder {
            None => {
                self.brics.remove(index);
                Ok(true)
            }
            Some(key) => match find_stakeholder(&self.brics[index], key)? {
                Some(row) => {
                    self.brics[index].stakeholders.remove(row);
                    Ok(true)
                }
                None => Ok(false),
            },
        }
    }
}

/// The row of the stakeholder `key` names in `table`: by id, else by name; several
/// of that name cannot be told apart.
fn find_stakeholder(table: &BricsTable, key: &str) -> Result<Option<usize>, BricsError> {
    let rows = &table.stakeholders;
    if let Some(row) = rows.iter().position(|s| s.id == key) {
        return Ok(Some(row));
    }
    let named: Vec<usize> = (0..rows.len()).filter(|&i| rows[i].name == key).collect();
    match named.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some(*one)),
        _ => Err(BricsError::AmbiguousStakeholder {
            table: table.title.clone(),
            name: key.to_owned(),
            ids: named.iter().map(|&i| rows[i].id.clone()).collect(),
        }),
    }
}

/// Refuses `name` when another row of `table` than `row` has it.
fn check_name(
    table: Option<&BricsTable>,
    name: &str,
    row: Option<usize>,
) -> Result<(), BricsError> {
    if name.trim().is_empty() {
        return Err(BricsError::BlankName);
    }
    let Some(table) = table else {
        return Ok(());
    };
    let taken = table
        .stakeholders
        .iter()
        .enumerate()
        .any(|(i, s)| Some(i) != row && s.name == name);
    if taken {
        return Err(BricsError::NameTaken {
            table: table.title.clone(),
            name: name.to_owned(),
        });
    }
    Ok(())
}

/// Refuses a kind brics.toml does not list (empty: no kind, is allowed).
fn check_kind(brics: &Brics, kind: &str) -> Result<(), BricsError> {
    if kind.is_empty() || brics.kind(kind).is_some() {
        return Ok(());
    }
    let ids = brics.kinds.iter().map(|k| &*k.id);
    Err(BricsError::UnknownKind {
        kind: kind.to_owned(),
        closest: crate::suggest::closest(kind, ids).map(str::to_owned),
        known: brics
            .kinds
            .iter()
            .map(|k| (k.id.to_string(), k.name.to_string()))
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brics() -> Brics {
        crate::form::Catalog::bundled().unwrap().brics
    }

    fn names(a: &Assessment, table: usize) -> Vec<&str> {
        a.brics[table]
            .stakeholders
            .iter()
            .map(|s| s.name.as_str())
            .collect()
    }

    #[test]
    fn a_cell_creates_what_is_missing_and_a_blank_table_is_the_default_one() {
        let brics = brics();
        let mut a = Assessment::default();
        a.set_brics_cell(&brics, "", "資料申請者", Cell::Benefit, "省時")
            .unwrap();
        a.set_brics_cell(&brics, "", "資料申請者", Cell::Kind, "user")
            .unwrap();
        assert_eq!(a.brics.len(), 1);
        assert_eq!(a.brics[0].title, "BRiCS 分析");
        assert_eq!(a.brics[0].stakeholders[0].benefit, "省時");
        assert_eq!(a.brics[0].stakeholders[0].kind, "user");
        assert_eq!(a.new_table_title(&brics), "BRiCS 分析 2");
    }

    #[test]
    fn a_title_or_name_that_stands_for_two_is_refused_and_nothing_changes() {
        let brics = brics();
        let mut a = Assessment::default();
        let first = a.add_brics_table(&brics, "表").unwrap();
        assert_eq!(
            a.add_brics_table(&brics, " 表 "),
            Err(BricsError::TitleTaken("表".into()))
        );
        a.add_stakeholder(&brics, Some(&first), "甲").unwrap();
        let taken = a.add_stakeholder(&brics, Some("表"), "甲").unwrap_err();
        assert!(matches!(taken, BricsError::NameTaken { .. }), "{taken:?}");
        let second = a.add_stakeholder(&brics, Some(&first), "乙").unwrap();
        assert!(matches!(
            a.rename_stakeholder(&first, &second.stakeholder, "甲"),
            Err(BricsError::NameTaken { .. })
        ));
        // Two people who added the same row at once left two: by name, neither.
        a.brics[0].stakeholders[1].name = "甲".into();
        a.brics.push(a.brics[0].clone());
        a.brics[1].id = "copy".into();
        let before = a.clone();
        let error = a
            .set_brics_cell(&brics, "表", "甲", Cell::Risk, "x")
            .unwrap_err();
        assert!(
            matches!(error, BricsError::AmbiguousTable { .. }),
            "{error:?}"
        );
        let error = a
            .set_brics_cell(&brics, "copy", "甲", Cell::Risk, "x")
            .unwrap_err();
        assert!(
            error.message(Lang::Zh).contains("2 位利害關係人都叫「甲」"),
            "{}",
            error.message(Lang::Zh)
        );
        assert_eq!(a, before);
        assert_eq!(names(&a, 0), ["甲", "甲"]);
    }

    #[test]
    fn an_unknown_kind_is_refused_with_the_closest_and_the_known_ones() {
        let brics = brics();
        let mut a = Assessment::default();
        let error = a
            .set_brics_cell(&brics, "表", "甲", Cell::Kind, "usr")
            .unwrap_err();
        let text = error.message(Lang::En);
        assert!(
            text.contains("`user`?") && text.contains("authority"),
            "{text}"
        );
        assert!(a.brics.is_empty(), "nothing was made");
        a.set_brics_cell(&brics, "表", "甲", Cell::Kind, "")
            .unwrap();
    }

    #[test]
    fn a_stakeholder_for_a_table_that_is_gone_goes_to_the_default_table() {
        let brics = brics();
        let mut a = Assessment::default();
        let row = a.add_stakeholder(&brics, Some("removed"), "甲").unwrap();
        assert_eq!(a.brics[0].title, "BRiCS 分析");
        assert_eq!(a.brics[0].id, row.table);
        a.add_stakeholder(&brics, None, "乙").unwrap();
        assert_eq!(a.brics.len(), 1);
        assert_eq!(names(&a, 0), ["甲", "乙"]);
        assert!(a.remove_brics("BRiCS 分析", Some("甲")).unwrap());
        assert!(!a.remove_brics("BRiCS 分析", Some("甲")).unwrap());
        assert_eq!(
            a.add_stakeholder(&brics, None, " "),
            Err(BricsError::BlankName)
        );
    }
}
