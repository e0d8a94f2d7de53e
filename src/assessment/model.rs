//! The assessment: one form filled in by a team.

use std::collections::BTreeMap;

use crate::form::{Form, Status};

/// One form filled in: header fields, item statuses and evidence, answers to key
/// questions, and BRiCS tables. Plain data; ordering for display and files comes
/// from the form.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Assessment {
    /// The form's id, e.g. `service`.
    pub form: String,
    /// The form edition the assessment was last written against.
    pub edition: String,
    /// Header field values by field id (計畫名稱 → `plan` …). Empty values are absent.
    pub meta: BTreeMap<String, String>,
    /// Checklist item states by item id. Items at their default (todo, no evidence)
    /// are absent.
    pub items: BTreeMap<String, ItemState>,
    /// Answers by key-question id. Empty answers are absent.
    pub answers: BTreeMap<String, String>,
    /// BRiCS tables, in the order they were created.
    pub brics: Vec<BricsTable>,
}

/// Where a checklist item stands, and what shows it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ItemState {
    /// todo / partial / done / na.
    pub status: Status,
    /// Links to what shows the item is met.
    pub evidence: Vec<Evidence>,
}

/// A piece of evidence: a label and a URL or a path in the repository.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    /// What it is.
    pub label: String,
    /// A URL or a repository path.
    pub target: String,
}

/// A BRiCS table: stakeholders × 效益／價值, 風險, 成本／條件／脈絡.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BricsTable {
    /// Stable id, so a rename on one side and edits on the other merge.
    pub id: String,
    /// Its title, e.g. the service or scenario it analyses.
    pub title: String,
    /// The stakeholders, in display order.
    pub stakeholders: Vec<Stakeholder>,
}

/// One stakeholder row of a BRiCS table.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Stakeholder {
    /// Stable id (see [`BricsTable::id`]).
    pub id: String,
    /// Who, e.g. 資料申請者.
    pub name: String,
    /// The stakeholder kind's id from brics.toml (`user`, `provider`, …), or empty.
    pub kind: String,
    /// 效益／價值 (Benefit).
    pub benefit: String,
    /// 風險 (Risk).
    pub risk: String,
    /// 成本／條件／脈絡 (Cost/Condition/Context).
    pub cost: String,
}

/// One of the editable cells of a stakeholder row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Cell {
    /// 效益／價值.
    Benefit,
    /// 風險.
    Risk,
    /// 成本／條件／脈絡.
    Cost,
    /// The stakeholder kind.
    Kind,
    /// The stakeholder's name.
    Name,
}

impl Cell {
    /// The three BRiCS dimensions, in column order.
    pub const DIMENSIONS: [Cell; 3] = [Cell::Benefit, Cell::Risk, Cell::Cost];

    /// The word used in files and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Cell::Benefit => "benefit",
            Cell::Risk => "risk",
            Cell::Cost => "cost",
            Cell::Kind => "kind",
            Cell::Name => "name",
        }
    }

    /// The cell's name as people read it, for where the course material is not at
    /// hand: the course's dimension names (in English its English names), 名稱 and
    /// 類型. `report::words::cell_name` gives the same words from the material.
    pub fn label(self, lang: crate::i18n::Lang) -> &'static str {
        match self {
            Cell::Benefit => lang.pick("效益／價值", "Benefit"),
            Cell::Risk => lang.pick("風險", "Risk"),
            Cell::Cost => lang.pick("成本／條件／脈絡", "Cost/Condition / Context"),
            Cell::Kind => lang.pick("類型", "Kind"),
            Cell::Name => lang.pick("名稱", "Name"),
        }
    }

    /// Parses the command-line word.
    pub fn parse(word: &str) -> Option<Cell> {
        [
            Cell::Benefit,
            Cell::Risk,
            Cell::Cost,
            Cell::Kind,
            Cell::Name,
        ]
        .into_iter()
        .find(|cell| cell.as_str() == word)
    }
}

impl Stakeholder {
    /// The value of a cell.
    pub fn cell(&self, cell: Cell) -> &str {
        match cell {
            Cell::Benefit => &self.benefit,
            Cell::Risk => &self.risk,
            Cell::Cost => &self.cost,
            Cell::Kind => &self.kind,
            Cell::Name => &self.name,
        }
    }

    /// The value of a cell, for changing it.
    pub fn cell_mut(&mut self, cell: Cell) -> &mut String {
        match cell {
            Cell::Benefit => &mut self.benefit,
            Cell::Risk => &mut self.risk,
            Cell::Cost => &mut self.cost,
            Cell::Kind => &mut self.kind,
            Cell::Name => &mut self.name,
        }
    }
}

/// How far an assessment is: counted against its form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Completion {
    /// Key questions with a non-empty answer.
    pub answered: usize,
    /// Key questions in the form.
    pub questions: usize,
    /// Items marked done or not applicable.
    pub settled: usize,
    /// Items in the form.
    pub items: usize,
}

impl Completion {
    /// One sentence for reports: questions answered and items settled.
    pub fn summary(&self, lang: crate::i18n::Lang) -> String {
        match lang {
            crate::i18n::Lang::Zh => format!(
                "已回答 {}／{} 個關鍵問題；{}／{} 項檢核清單已完成或不適用",
                self.answered, self.questions, self.settled, self.items
            ),
            crate::i18n::Lang::En => format!(
                "{} of {} key questions answered; {} of {} checklist items done or not applicable",
                self.answered, self.questions, self.settled, self.items
            ),
        }
    }

    /// Share of questions answered and items settled, 0.0–1.0 (for gauges; what
    /// people read as a number is [`Completion::percent`]).
    pub fn ratio(&self) -> f64 {
        let total = self.total();
        if total == 0 {
            1.0
        } else {
            self.done() as f64 / total as f64
        }
    }

    /// Questions answered plus items settled: what counts towards 完成度.
    pub fn done(&self) -> usize {
        self.answered + self.settled
    }

    /// Questions plus items: what 完成度 is counted against.
    pub fn total(&self) -> usize {
        self.questions + self.items
    }

    /// 完成度 in whole percent — the one definition every screen and export shows:
    /// answered questions and done or not-applicable items over questions and items,
    /// rounded down, so that 99.6 % never reads as finished. A form with nothing to
    /// fill in counts as finished.
    pub fn percent(&self) -> usize {
        (self.done() * 100).checked_div(self.total()).unwrap_or(100)
    }
}

impl Assessment {
    /// A new, empty assessment of `form`.
    pub fn new(form: &Form) -> Self {
        Assessment {
            form: form.id.to_string(),
            edition: form.edition.to_string(),
            ..Default::default()
        }
    }

    /// The form's official filled example as an assessment: its header values, item
    /// statuses and answers (empty for a form without an example).
    pub fn from_example(form: &Form) -> Self {
        let mut assessment = Assessment::new(form);
        for field in &form.fields {
            if let Some(example) = &field.example {
                assessment.set_meta(&field.id, example);
            }
        }
        for (_, item) in form.items() {
            if let Some(status) = item.example_status {
                assessment.set_status(&item.id, status);
            }
        }
        for (_, _, question) in form.questions() {
            if let Some(example) = &question.example {
                assessment.set_answer(&question.id, example.as_str());
            }
        }
        assessment
    }

    /// The answer to a question ("" when unanswered).
    pub fn answer(&self, question: &str) -> &str {
        self.answers.get(question).map_or("", String::as_str)
    }

    /// Sets an answer; an empty (whitespace-only) answer removes it.
    pub fn set_answer(&mut self, question: &str, text: impl AsRef<str> + Into<String>) {
        if text.as_ref().trim().is_empty() {
            self.answers.remove(question);
        } else {
            // Moved in when given a String: the editor hands over answers of up to
            // 4 MiB on every keystroke.
            self.answers.insert(question.to_owned(), text.into());
        }
    }

    /// A header field's value ("" when empty).
    pub fn meta(&self, field: &str) -> &str {
        self.meta.get(field).map_or("", String::as_str)
    }

    /// Sets a header field; empty removes it.
    pub fn set_meta(&mut self, field: &str, value: &str) {
        if value.trim().is_empty() {
            self.meta.remove(field);
        } else {
            self.meta.insert(field.to_owned(), value.to_owned());
        }
    }

    /// An item's status (todo when never set).
    pub fn status(&self, item: &str) -> Status {
        self.items
            .get(item)
            .map_or(Status::Todo, |state| state.status)
    }

    /// Sets an item's status.
    pub fn set_status(&mut self, item: &str, status: Status) {
        self.items.entry(item.to_owned()).or_default().status = status;
        self.prune_item(item);
    }

    /// An item's evidence.
    pub fn evidence(&self, item: &str) -> &[Evidence] {
        self.items.get(item).map_or(&[], |state| &state.evidence)
    }

    /// Adds evidence to an item.
    pub fn add_evidence(&mut self, item: &str, evidence: Evidence) {
        self.items
            .entry(item.to_owned())
            .or_default()
            .evidence
            .push(evidence);
    }

    /// Removes an item's evidence number `index` (0-based); false if there is none.
    pub fn remove_evidence(&mut self, item: &str, index: usize) -> bool {
        let removed = match self.items.get_mut(item) {
            Some(state) if index < state.evidence.len() => {
                state.evidence.remove(index);
                true
            }
            _ => false,
        };
        self.prune_item(item);
        removed
    }

    /// Drops an item entry that holds nothing but defaults, so equal content has one
    /// representation (and one serialisation).
    fn prune_item(&mut self, item: &str) {
        if self
            .items
            .get(item)
            .is_some_and(|state| *state == ItemState::default())
        {
            self.items.remove(item);
        }
    }

    /// The BRiCS table with this id or title.
    pub fn table(&self, key: &str) -> Option<&BricsTable> {
        self.brics
            .iter()
            .find(|t| t.id == key)
            .or_else(|| self.brics.iter().find(|t| t.title == key))
    }

    /// The BRiCS table with this id or title, for changing it.
    pub fn table_mut(&mut self, key: &str) -> Option<&mut BricsTable> {
        let index = self
            .brics
            .iter()
            .position(|t| t.id == key)
            .or_else(|| self.brics.iter().position(|t| t.title == key))?;
        self.brics.get_mut(index)
    }

    /// Answer ids the form does not have (kept, never dropped).
    pub fn orphaned_answers<'a>(&'a self, form: &'a Form) -> impl Iterator<Item = &'a str> {
        self.answers
            .keys()
            .map(String::as_str)
            .filter(|id| form.question(id).is_none())
    }

    /// Item ids the form does not have (kept, never dropped).
    pub fn orphaned_items<'a>(&'a self, form: &'a Form) -> impl Iterator<Item = &'a str> {
        self.items
            .keys()
            .map(String::as_str)
            .filter(|id| form.item(id).is_none())
    }

    /// Header field ids the form does not have (kept, never dropped).
    pub fn orphaned_meta<'a>(&'a self, form: &'a Form) -> impl Iterator<Item = &'a str> {
        self.meta
            .keys()
            .map(String::as_str)
            .filter(|id| form.field(id).is_none())
    }

    /// Completion of the whole form, or of one guideline's rows.
    pub fn completion(&self, form: &Form, guideline: Option<&str>) -> Completion {
        let mut done = Completion::default();
        for group in form
            .groups
            .iter()
            .filter(|g| guideline.is_none_or(|id| *g.id == *id))
        {
            for item in &group.items {
                done.items += 1;
                if matches!(self.status(&item.id), Status::Done | Status::Na) {
                    done.settled += 1;
                }
                for question in &item.questions {
                    done.questions += 1;
                    done.answered += usize::from(self.answers.contains_key(question.id.as_str()));
                }
            }
            for question in &group.questions {
                done.questions += 1;
                done.answered += usize::from(self.answers.contains_key(question.id.as_str()));
            }
        }
        done
    }
}
