//! A change as people read it. One function, [`ChangeView::new`], turns the changes of
//! an [`AssessmentDiff`] into entries — a heading naming the field the way the form
//! does, the form's label, the value before and after in words (statuses and
//! stakeholder kinds named, evidence joined, orders by name), the lines of its body
//! and the guideline it belongs to — and every consumer only formats them: `dsw diff`
//! (text, Markdown, JSON), the workbench's diff tab, the 修正對照表 and the conflict
//! views.

use crate::assessment::{Cell, Evidence, table_heading};
use crate::diff::{AssessmentDiff, BricsNames, Change, FieldPath, Span, Stat, Value, char_diff};
use crate::form::{Brics, Form, Status};
use crate::i18n::Lang;

use super::words;

/// What the body of a change shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// A text, character by character: its lines, each a list of spans. A line break
    /// removed or added inside a text both sides have ends its line with `↵`, so that
    /// a joined or split line shows; a text added or removed whole needs no such mark.
    Text(Vec<Vec<Span>>),
    /// A value replaced whole — a status, a stakeholder kind, an order of names —
    /// after its label (`狀態：`, `順序：`, or none). A side with no words is empty.
    Replaced {
        /// What the value is, with its colon; "" when the heading says it.
        label: String,
        /// The value before, in words.
        before: String,
        /// The value after, in words.
        after: String,
    },
    /// The entries of a list (evidence) that were removed and added, in words; both
    /// empty when the list was only put in another order.
    Listed {
        /// Entries only before.
        removed: Vec<String>,
        /// Entries only after.
        added: Vec<String>,
    },
}

/// How a piece of a body line reads: the one reading of a change's body that every
/// format lays out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Unchanged text, or words of dsw's own.
    Plain,
    /// Characters or an entry only before: marked as removed.
    Removed,
    /// Characters or an entry only after: marked as added.
    Added,
    /// The value before a `→`: the arrow already says it went, so it needs colour at
    /// most, never a removal marker.
    Old,
    /// The value after a `→`.
    New,
}

impl Body {
    /// The body line by line, as marked pieces. A value replaced whole reads
    /// `label before → after`; a side with no words is left out with the arrow and
    /// the other marked as removed or added. A list only reordered says so.
    pub fn lines(&self, lang: Lang) -> Vec<Vec<(Mark, String)>> {
        match self {
            Body::Text(lines) => lines
                .iter()
                .map(|line| {
                    line.iter()
                        .map(|span| match span {
                            Span::Same(text) => (Mark::Plain, text.clone()),
                            Span::Removed(text) => (Mark::Removed, text.clone()),
                            Span::Added(text) => (Mark::Added, text.clone()),
                        })
                        .collect()
                })
                .collect(),
            Body::Replaced {
                label,
                before,
                after,
            } => {
                let mut line = Vec::new();
                if !label.is_empty() {
                    line.push((Mark::Plain, label.clone()));
                }
                match (before.is_empty(), after.is_empty()) {
                    (false, false) => line.extend([
                        (Mark::Old, before.clone()),
                        (Mark::Plain, " → ".to_owned()),
                        (Mark::New, after.clone()),
                    ]),
                    (false, true) => line.push((Mark::Removed, before.clone())),
                    (true, false) => line.push((Mark::Added, after.clone())),
                    (true, true) => {}
                }
                vec![line]
            }
            Body::Listed { removed, added } if removed.is_empty() && added.is_empty() => {
                vec![vec![(
                    Mark::Plain,
                    lang.pick("（順序調整）", "(reordered)").to_owned(),
                )]]
            }
            Body::Listed { removed, added } => removed
                .iter()
                .map(|text| vec![(Mark::Removed, text.clone())])
                .chain(added.iter().map(|text| vec![(Mark::Added, text.clone())]))
                .collect(),
        }
    }
}

/// One change in words. Not yet made safe: each format escapes and neutralises
/// repository text its own way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The field and its values, as the diff has them (for programs and the stat).
    pub change: Change,
    /// The field named as the form names it: `1.1.1 服務使用者有哪些類型？…`,
    /// `1.1 …（佐證）`, `表頭：計畫名稱`, `BRiCS 資料申請 / 申請者 / 類型`.
    pub heading: String,
    /// The form's text for the field (question, item, header field) or the BRiCS
    /// table's title or stakeholder's name; none for the form id, edition and the order
    /// of tables.
    pub label: Option<String>,
    /// The guideline an item's or question's field belongs to (ids the form does not
    /// know by their first number); none for header fields and BRiCS.
    pub guideline: Option<String>,
    /// The value before, in words ("" when there was none; an item never marked is
    /// 未完成).
    pub before: String,
    /// The value after, in words.
    pub after: String,
    /// The character-level changes from `before` to `after`, for a text (empty for a
    /// value replaced or listed whole).
    pub spans: Vec<Span>,
    /// What the body shows.
    pub body: Body,
}

/// Which side of a change a cell of the 修正對照表 shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// 修正前: the unchanged and removed runs.
    Before,
    /// 修正後: the unchanged and added runs.
    After,
}

/// A run of one side's text: changed (removed before, added after) or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    /// Whether only this side has it.
    pub changed: bool,
    /// The characters; a changed line break is `↵` then the break (see [`Body::Text`]).
    pub text: String,
}

impl Entry {
    /// Whether changed line breaks are marked with `↵`: only inside a text both sides
    /// have, where a join or a split would otherwise pass unseen.
    pub fn marks_breaks(&self) -> bool {
        !self.before.is_empty() && !self.after.is_empty()
    }

    /// The runs of one side as a table cell shows it, neighbours of the same kind
    /// joined: a text character by character (changed line breaks marked as
    /// [`Entry::marks_breaks`] says), a value replaced whole as one run, a list entry
    /// by entry — so that a name is never cut into characters.
    pub fn runs(&self, side: Side) -> Vec<Run> {
        let mut runs: Vec<Run> = Vec::new();
        let mut push = |changed: bool, text: &str| match runs.last_mut() {
            Some(last) if last.changed == changed => last.text.push_str(text),
            _ if text.is_empty() => {}
            _ => runs.push(Run {
                changed,
                text: text.to_owned(),
            }),
        };
        let (mine, theirs) = match side {
            Side::Before => (&self.before, &self.after),
            Side::After => (&self.after, &self.before),
        };
        match &self.body {
            Body::Text(_) => {
                for span in &self.spans {
                    let changed = match (span, side) {
                        (Span::Same(_), _) => false,
                        (Span::Removed(_), Side::Before) | (Span::Added(_), Side::After) => true,
                        _ => continue,
                    };
                    if changed && self.marks_breaks() {
                        push(true, &span.text().replace('\n', "↵\n"));
                    } else {
                        push(changed, span.text());
                    }
                }
            }
            Body::Replaced { .. } => push(mine != theirs, mine),
            Body::Listed { removed, added } => {
                let only_here = match side {
                    Side::Before => removed,
                    Side::After => added,
                };
                for (n, entry) in mine.split('\n').enumerate() {
                    if n > 0 {
                        push(false, "\n");
                    }
                    push(only_here.iter().any(|e| e == entry), entry);
                }
            }
        }
        runs
    }
}

/// The changes between two assessments in words, with the summary of what they are.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChangeView {
    /// The entries, in form order.
    pub entries: Vec<Entry>,
    /// How much changed, by kind.
    pub stat: Stat,
}

impl ChangeView {
    /// Every change of `diff` in words.
    pub fn new(diff: &AssessmentDiff, form: &Form, brics: &Brics, lang: Lang) -> ChangeView {
        let namer = Namer {
            form,
            names: &diff.names,
            brics,
            lang,
        };
        let entries = diff
            .changes
            .iter()
            .map(|change| namer.entry(change))
            .collect();
        ChangeView {
            entries,
            stat: diff.stat(),
        }
    }

    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Only the changes to guideline `guideline`'s items and questions, with their
    /// own summary: the guideline filter of the diff tab.
    pub fn in_guideline(&self, guideline: &str) -> ChangeView {
        let entries: Vec<Entry> = self
            .entries
            .iter()
            .filter(|e| e.guideline.as_deref() == Some(guideline))
            .cloned()
            .collect();
        ChangeView {
            stat: Stat::count(entries.iter().map(|e| &e.change)),
            entries,
        }
    }

    /// Whether any change belongs to guideline `guideline`.
    pub fn touches(&self, guideline: &str) -> bool {
        self.entries
            .iter()
            .any(|e| e.guideline.as_deref() == Some(guideline))
    }
}

/// What fields and values are named by: the form, the titles and names of the BRiCS
/// tables and stakeholders, the course material, and the interface language. The one
/// place that words a field — for the change view, the conflict views and presence.
#[derive(Debug, Clone, Copy)]
pub struct Namer<'a> {
    /// The form (question, item and header-field texts).
    pub form: &'a Form,
    /// Titles and names of the BRiCS tables and stakeholders.
    pub names: &'a BricsNames,
    /// The course material (dimension and kind names).
    pub brics: &'a Brics,
    /// The interface language.
    pub lang: Lang,
}

impl Namer<'_> {
    /// One change in words.
    fn entry(&self, change: &Change) -> Entry {
        let (lang, path) = (self.lang, &change.path);
        let (old, new) = (change.diff.before.as_ref(), change.diff.after.as_ref());
        let before = self.value(path, old);
        let after = self.value(path, new);
        let spans = if path.is_text()
            && !matches!(
                path,
                FieldPath::Cell {
                    cell: Cell::Kind,
                    ..
                }
            ) {
            char_diff(&before, &after)
        } else {
            Vec::new()
        };
        let replaced = |label: &str| Body::Replaced {
            label: label.to_owned(),
            before: before.clone(),
            after: after.clone(),
        };
        let body = match path {
            FieldPath::Status(_) => replaced(lang.pick("狀態：", "status: ")),
            FieldPath::TableOrder | FieldPath::StakeholderOrder(_) => {
                replaced(lang.pick("順序：", "order: "))
            }
            // A stakeholder's kind is one of the course's kinds: named, not spelled.
            FieldPath::Cell {
                cell: Cell::Kind, ..
            } => replaced(""),
            FieldPath::Evidence(_) => {
                let list = |value: Option<&Value>| match value {
                    Some(Value::Evidence(list)) => list.clone(),
                    _ => Vec::new(),
                };
                let (old, new) = (list(old), list(new));
                let only = |these: &[Evidence], others: &[Evidence]| {
                    these
                        .iter()
                        .filter(|e| !others.contains(e))
                        .map(|e| words::evidence(e, lang))
                        .collect()
                };
                Body::Listed {
                    removed: only(&old, &new),
                    added: only(&new, &old),
                }
            }
            _ => Body::Text(lines(&spans, !before.is_empty() && !after.is_empty())),
        };
        Entry {
            change: change.clone(),
            heading: self.heading(path),
            label: self.label(path),
            guideline: guideline_of(path, self.form),
            before,
            after,
            spans,
            body,
        }
    }

    /// A field named the way the form names it — the question, item or header field
    /// with its text, a BRiCS field by its table's title, stakeholder's name and cell
    /// name — for headings, the 修正對照表's 項目 column, conflicts and presence. Not
    /// yet safe.
    pub fn heading(&self, path: &FieldPath) -> String {
        let (lang, form, names) = (self.lang, self.form, self.names);
        match path {
            FieldPath::Form => lang.pick("表單", "form").to_owned(),
            FieldPath::Edition => lang.pick("表單版次", "form edition").to_owned(),
            FieldPath::Meta(id) => format!(
                "{}{}",
                lang.pick("表頭：", "header: "),
                words::field_label(form, id)
            ),
            FieldPath::Status(id) => match form.item(id) {
                Some(item) => format!("{id} {}", item.text),
                None => format!("{id}{}", words::not_in_form(lang)),
            },
            FieldPath::Evidence(id) => format!(
                "{}{}",
                self.heading(&FieldPath::Status(id.clone())),
                lang.parenthesized(lang.pick("佐證", "evidence"))
            ),
            FieldPath::Answer(id) => match form.question(id) {
                Some(question) => format!("{id} {}", question.text),
                None => format!("{id}{}", words::not_in_form(lang)),
            },
            FieldPath::TableOrder => {
                format!("BRiCS{}", lang.pick("：表的順序", ": order of tables"))
            }
            FieldPath::TableTitle(table) => format!(
                "{}{}",
                table_heading(names.table(table)),
                lang.pick("：表名", ": title")
            ),
            FieldPath::StakeholderOrder(table) => format!(
                "{}{}",
                table_heading(names.table(table)),
                lang.pick("：利害關係人順序", ": order of stakeholders")
            ),
            FieldPath::Cell {
                table,
                stakeholder,
                cell,
            } => format!(
                "{} / {} / {}",
                table_heading(names.table(table)),
                names.stakeholder(table, stakeholder),
                words::cell_name(*cell, self.brics, lang)
            ),
        }
    }

    /// The form's own text for the thing a field belongs to, or the repository's name
    /// for a BRiCS table or stakeholder.
    fn label(&self, path: &FieldPath) -> Option<String> {
        let (form, names) = (self.form, self.names);
        match path {
            FieldPath::Form | FieldPath::Edition | FieldPath::TableOrder => None,
            FieldPath::Meta(id) => form.field(id).map(|f| f.label.to_string()),
            FieldPath::Status(id) | FieldPath::Evidence(id) => {
                form.item(id).map(|i| i.text.to_string())
            }
            FieldPath::Answer(id) => form.question(id).map(|q| q.text.to_string()),
            FieldPath::TableTitle(table) | FieldPath::StakeholderOrder(table) => {
                names.tables.get(table).cloned()
            }
            FieldPath::Cell {
                table, stakeholder, ..
            } => names
                .stakeholders
                .get(&(table.clone(), stakeholder.clone()))
                .cloned(),
        }
    }

    /// A field's value in words ("" when absent, 未完成 for an item never marked): a
    /// status by its name, a stakeholder kind by the course's name, evidence one piece
    /// a line, an order by the titles and names. Not yet safe.
    pub fn value(&self, path: &FieldPath, value: Option<&Value>) -> String {
        let lang = self.lang;
        match (path, value) {
            (FieldPath::Status(_), None) => words::status(Status::Todo, lang).to_owned(),
            (_, None) => String::new(),
            (
                FieldPath::Cell {
                    cell: Cell::Kind, ..
                },
                Some(Value::Text(id)),
            ) => words::kind_name(self.brics, id).to_owned(),
            (_, Some(Value::Text(text))) => text.clone(),
            (_, Some(Value::Status(status))) => words::status(*status, lang).to_owned(),
            (_, Some(Value::Evidence(list))) => words::evidence_list(list, lang),
            (_, Some(Value::Order(ids))) => ids
                .iter()
                .map(|id| match path {
                    FieldPath::StakeholderOrder(table) => self.names.stakeholder(table, id),
                    _ => self.names.table(id),
                })
                .collect::<Vec<_>>()
                .join(lang.list_separator()),
        }
    }

    /// One side of a conflict in words: as [`Namer::value`], with a value that is not
    /// there said as （無） and an empty text as （空白）, so that neither reads as a
    /// blank line. Not yet safe.
    pub fn conflict_side(&self, path: &FieldPath, value: Option<&Value>) -> String {
        match value {
            // An item never marked is not done: it has a status, 未完成.
            None if matches!(path, FieldPath::Status(_)) => self.value(path, None),
            None => self.lang.pick("（無）", "(none)").to_owned(),
            Some(Value::Text(text)) if text.is_empty() => {
                self.lang.pick("（空白）", "(empty)").to_owned()
            }
            value => self.value(path, value),
        }
    }
}

/// Spans cut into lines at their line breaks; with `mark_breaks`, a removed or added
/// break shows as `↵` at the end of its line.
fn lines(spans: &[Span], mark_breaks: bool) -> Vec<Vec<Span>> {
    let mut lines: Vec<Vec<Span>> = vec![Vec::new()];
    for span in spans {
        let mut pieces = span.text().split('\n').peekable();
        while let Some(piece) = pieces.next() {
            let breaks = pieces.peek().is_some();
            let mut piece = piece.to_owned();
            if breaks && mark_breaks && !matches!(span, Span::Same(_)) {
                piece.push('↵');
            }
            if let (false, Some(line)) = (piece.is_empty(), lines.last_mut()) {
                line.push(match span {
                    Span::Same(_) => Span::Same(piece),
                    Span::Removed(_) => Span::Removed(piece),
                    Span::Added(_) => Span::Added(piece),
                });
            }
            if breaks {
                lines.push(Vec::new());
            }
        }
    }
    lines
}

/// The guideline an item's or question's field belongs to: from the form, else the
/// id's first number. None for fields of no guideline (header, BRiCS).
pub fn guideline_of(path: &FieldPath, form: &Form) -> Option<String> {
    let (id, known) = match path {
        FieldPath::Status(id) | FieldPath::Evidence(id) => (
            id,
            form.items()
                .find(|(_, item)| *item.id == **id)
                .map(|(g, _)| g.id.to_string()),
        ),
        FieldPath::Answer(id) => (
            id,
            form.questions()
                .find(|(_, _, q)| *q.id == **id)
                .map(|(g, _, _)| g.id.to_string()),
        ),
        _ => return None,
    };
    Some(known.unwrap_or_else(|| id.split('.').next().unwrap_or(id).to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assessment::Assessment;
    use crate::diff::testing::{form, sample_table};
    use crate::form::Catalog;

    fn base() -> Assessment {
        let mut a = Assessment::new(&form());
        a.set_answer("1.1.1", "第一行\n第二行");
        a.brics.push(sample_table("user"));
        a
    }

    fn view(before: &Assessment, after: &Assessment, lang: Lang) -> ChangeView {
        let catalog = Catalog::bundled().unwrap();
        let form = form();
        let diff = AssessmentDiff::between(before, after, &form);
        ChangeView::new(&diff, &form, &catalog.brics, lang)
    }

    #[test]
    fn a_kind_change_is_named_by_the_course_not_spelled_as_ids() {
        let before = base();
        let mut after = before.clone();
        after.brics[0].stakeholders[0].kind = "provider".into();
        let view = view(&before, &after, Lang::Zh);
        let entry = &view.entries[0];
        assert_eq!(entry.heading, "BRiCS 資料申請 / 申請者 / 類型");
        assert_eq!(entry.label.as_deref(), Some("申請者"));
        assert_eq!(
            entry.body,
            Body::Replaced {
                label: String::new(),
                before: "服務受益／使用者".into(),
                after: "服務協力提供者／中介者".into(),
            }
        );
        assert_eq!(
            entry.body.lines(Lang::Zh),
            [[
                (Mark::Old, "服務受益／使用者".to_owned()),
                (Mark::Plain, " → ".to_owned()),
                (Mark::New, "服務協力提供者／中介者".to_owned()),
            ]]
        );
    }

    #[test]
    fn statuses_evidence_and_unknown_ids_are_in_words() {
        let before = base();
        let mut after = before.clone();
        after.set_status("1.1", Status::Partial);
        after.add_evidence(
            "1.1",
            Evidence {
                label: "訪談".into(),
                target: "a.pdf".into(),
            },
        );
        after.set_answer("9.9.9", "舊");
        let view = view(&before, &after, Lang::Zh);
        let headings: Vec<&str> = view.entries.iter().map(|e| e.heading.as_str()).collect();
        assert_eq!(
            headings,
            [
                "1.1 已從使用者觀點描述服務情境",
                "1.1 已從使用者觀點描述服務情境（佐證）",
                "9.9.9（表單中沒有此項）"
            ]
        );
        let status = &view.entries[0];
        assert_eq!(
            (status.before.as_str(), status.after.as_str()),
            ("未完成", "部分完成")
        );
        assert_eq!(
            view.entries[1].body,
            Body::Listed {
                removed: vec![],
                added: vec!["訪談（a.pdf）".into()]
            }
        );
        assert_eq!(view.entries[1].after, "訪談（a.pdf）");
        // A table cell marks a name or an entry whole, never a part of it.
        let run = |changed: bool, text: &str| Run {
            changed,
            text: text.into(),
        };
        assert_eq!(status.runs(Side::Before), [run(true, "未完成")]);
        assert_eq!(status.runs(Side::After), [run(true, "部分完成")]);
        assert_eq!(
            view.entries[1].runs(Side::After),
            [run(true, "訪談（a.pdf）")]
        );
        assert!(view.entries[1].runs(Side::Before).is_empty());
        assert_eq!(view.entries[2].guideline.as_deref(), Some("9"));
        assert_eq!(view.entries[0].guideline.as_deref(), Some("1"));
    }

    #[test]
    fn line_breaks_are_marked_only_inside_a_text_both_sides_have() {
        let before = base();
        let mut after = before.clone();
        after.set_answer("1.1.1", "第一行第二行");
        after.set_answer("1.1.2", "新的\n兩行");
        let view = view(&before, &after, Lang::Zh);
        assert_eq!(
            view.entries[0].body,
            Body::Text(vec![
                vec![Span::Same("第一行".into()), Span::Removed("↵".into())],
                vec![Span::Same("第二行".into())],
            ])
        );
        assert_eq!(
            view.entries[1].body,
            Body::Text(vec![
                vec![Span::Added("新的".into())],
                vec![Span::Added("兩行".into())],
            ]),
            "an answer added whole has no ↵"
        );
        let run = |changed: bool, text: &str| Run {
            changed,
            text: text.into(),
        };
        assert_eq!(
            view.entries[0].runs(Side::Before),
            [run(false, "第一行"), run(true, "↵\n"), run(false, "第二行")]
        );
        assert_eq!(view.entries[1].runs(Side::After), [run(true, "新的\n兩行")]);
        assert!(view.entries[1].runs(Side::Before).is_empty());
    }

    #[test]
    fn the_guideline_filter_keeps_its_items_and_questions_with_their_own_stat() {
        let before = base();
        let mut after = before.clone();
        after.set_answer("1.1.1", "改");
        after.set_status("2.1", Status::Done);
        after.set_answer("2.0.1", "新");
        after.set_answer("2.9.9", "孤兒");
        after.set_meta("plan", "改");
        let all = view(&before, &after, Lang::En);
        let two = all.in_guideline("2");
        let paths: Vec<String> = two
            .entries
            .iter()
            .map(|e| e.change.path.to_string())
            .collect();
        assert_eq!(paths, ["2.1", "2.0.1", "2.9.9"]);
        assert_eq!(two.stat.describe(Lang::En), "2 answers added, 1 item done");
        assert!(all.touches("1") && all.touches("2") && !all.touches("3"));
    }

    #[test]
    fn a_conflict_side_that_is_not_there_or_empty_is_said_so() {
        let catalog = Catalog::bundled().unwrap();
        let form = form();
        let namer = Namer {
            form: &form,
            names: &BricsNames::default(),
            brics: &catalog.brics,
            lang: Lang::Zh,
        };
        let path = FieldPath::Answer("1.1.1".into());
        let side = |value: Option<&Value>| namer.conflict_side(&path, value);
        assert_eq!(side(None), "（無）");
        assert_eq!(side(Some(&Value::Text(String::new()))), "（空白）");
        assert_eq!(side(Some(&Value::Text("回答".into()))), "回答");
        // An item never marked is 未完成, not （無）.
        let status = FieldPath::Status("1.1".into());
        assert_eq!(namer.conflict_side(&status, None), "未完成");
    }
}
