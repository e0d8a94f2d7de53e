//! The assessment file (`<name>.assessment.toml`): deterministic writing and checked
//! reading.
//!
//! Layout: `form` and `edition`, `[meta]`, then in form order each item's table
//! (`[item."7.3"]`) followed by its questions' tables (`[question."7.3.2"]`, with the
//! question as a comment), then anything the form no longer has, then `[[brics]]`.
//! The same content always gives the same bytes, so `git diff` shows real changes
//! only and two people editing different questions touch different lines.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;

use serde::Deserialize;
use toml::Spanned;

use super::model::{Assessment, BricsTable, Evidence, ItemState, Stakeholder};
use super::toml_text::{basic, key, multiline, string};
use crate::diagnostic::{Diagnostic, Problem, Report};
use crate::form::{Catalog, Form, Status};
use crate::suggest::closest;

/// Writes `assessment` in the canonical layout, ordered by `form`.
pub fn write(assessment: &Assessment, form: &Form) -> String {
    let mut out = String::with_capacity(
        4096 + assessment.answers.values().map(String::len).sum::<usize>() * 11 / 10,
    );
    let _ = writeln!(out, "# dsw assessment: {}", one_line(&form.title));
    out.push_str(
        "# 以 dsw 編輯（`dsw answer` 或終端機工作台），或手動編輯後以 `dsw validate` 檢查。\n",
    );
    let _ = writeln!(out, "form = {}", basic(&assessment.form));
    let _ = writeln!(out, "edition = {}", basic(&assessment.edition));

    if !assessment.meta.is_empty() {
        out.push_str("\n[meta]\n");
        let known = form.fields.iter().map(|f| f.id.as_str());
        let unknown = assessment
            .meta
            .keys()
            .map(String::as_str)
            .filter(|k| form.field(k).is_none());
        for id in known.chain(unknown) {
            if let Some(value) = assessment.meta.get(id) {
                let _ = writeln!(out, "{} = {}", key(id), string(value));
            }
        }
    }

    let mut written_items = HashSet::new();
    let mut written_answers = HashSet::new();
    for group in &form.groups {
        for item in &group.items {
            if let Some(state) = assessment.items.get(item.id.as_str()) {
                write_item(&mut out, &item.id, state);
                written_items.insert(item.id.as_str());
            }
            for question in &item.questions {
                if let Some(answer) = assessment.answers.get(question.id.as_str()) {
                    write_answer(&mut out, &question.id, Some(&question.text), answer);
                    written_answers.insert(question.id.as_str());
                }
            }
        }
        for question in &group.questions {
            if let Some(answer) = assessment.answers.get(question.id.as_str()) {
                write_answer(&mut out, &question.id, Some(&question.text), answer);
                written_answers.insert(question.id.as_str());
            }
        }
    }
    let orphan_items: Vec<_> = assessment
        .items
        .iter()
        .filter(|(id, _)| !written_items.contains(id.as_str()))
        .collect();
    let orphan_answers: Vec<_> = assessment
        .answers
        .iter()
        .filter(|(id, _)| !written_answers.contains(id.as_str()))
        .collect();
    if !orphan_items.is_empty() || !orphan_answers.is_empty() {
        let _ = write!(
            out,
            "\n# Not in form {} edition {}: kept so that nothing is lost.\n",
            form.id, form.edition
        );
        for (id, state) in orphan_items {
            write_item(&mut out, id, state);
        }
        for (id, answer) in orphan_answers {
            write_answer(&mut out, id, None, answer);
        }
    }

    for table in &assessment.brics {
        out.push_str("\n[[brics]]\n");
        let _ = writeln!(out, "id = {}", basic(&table.id));
        let _ = writeln!(out, "title = {}", string(&table.title));
        for stakeholder in &table.stakeholders {
            out.push_str("\n[[brics.stakeholder]]\n");
            let _ = writeln!(out, "id = {}", basic(&stakeholder.id));
            let _ = writeln!(out, "name = {}", string(&stakeholder.name));
            if !stakeholder.kind.is_empty() {
                let _ = writeln!(out, "kind = {}", basic(&stakeholder.kind));
            }
            for (name, value) in [
                ("benefit", &stakeholder.benefit),
                ("risk", &stakeholder.risk),
                ("cost", &stakeholder.cost),
            ] {
                if !value.is_empty() {
                    let _ = writeln!(out, "{name} = {}", multiline(value));
                }
            }
        }
    }
    out
}

fn write_item(out: &mut String, id: &str, state: &ItemState) {
    let _ = write!(out, "\n[item.{}]\n", key(id));
    let _ = writeln!(out, "status = {}", basic(state.status.as_str()));
    if !state.evidence.is_empty() {
        out.push_str("evidence = [\n");
        for evidence in &state.evidence {
            let _ = writeln!(
                out,
                "  {{ label = {}, target = {} }},",
                basic(&evidence.label),
                basic(&evidence.target)
            );
        }
        out.push_str("]\n");
    }
}

fn write_answer(out: &mut String, id: &str, question: Option<&str>, answer: &str) {
    out.push('\n');
    if let Some(question) = question {
        let _ = writeln!(out, "# {}", one_line(question));
    }
    let _ = writeln!(out, "[question.{}]", key(id));
    let _ = writeln!(out, "answer = {}", multiline(answer));
}

/// Text for a comment line: one line, no control characters.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    form: Spanned<String>,
    #[serde(default)]
    edition: String,
    #[serde(default)]
    meta: BTreeMap<String, String>,
    #[serde(default)]
    item: BTreeMap<String, RawItem>,
    #[serde(default)]
    question: BTreeMap<String, RawQuestion>,
    #[serde(default)]
    brics: Vec<RawTable>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    #[serde(default)]
    status: Status,
    #[serde(default)]
    evidence: Vec<RawEvidence>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEvidence {
    label: String,
    target: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestion {
    #[serde(default)]
    answer: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTable {
    id: Spanned<String>,
    #[serde(default)]
    title: String,
    #[serde(default)]
    stakeholder: Vec<RawStakeholder>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStakeholder {
    id: Spanned<String>,
    #[serde(default)]
    name: String,
    #[serde(default)]
    kind: Option<Spanned<String>>,
    #[serde(default)]
    benefit: String,
    #[serde(default)]
    risk: String,
    #[serde(default)]
    cost: String,
}

/// An assessment read from a file, with what the file's form no longer has.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The assessment.
    pub assessment: Assessment,
    /// Answer and item ids the form does not have; kept in the assessment.
    pub orphans: Vec<String>,
}

/// Whether `source` has the markers a plain `git merge` leaves in a conflicted file;
/// the byte offset of the first one.
pub fn conflict_marker(source: &str) -> Option<usize> {
    let mut offset = 0;
    for line in source.split_inclusive('\n') {
        let bare = line.trim_end_matches(['\n', '\r']);
        let marker = ["<<<<<<<", ">>>>>>>", "|||||||"].iter().any(|m| {
            bare.starts_with(m) && bare[m.len()..].chars().next().is_none_or(|c| c == ' ')
        }) || bare == "=======";
        if marker {
            return Some(offset);
        }
        offset += line.len();
    }
    None
}

/// Parses one of dsw's files in a repository (an assessment, a review file) as `T`;
/// a file that does not parse because a plain `git merge` left conflict markers in
/// it is reported as such, at the first marker. (A line of `=======` may well be
/// inside an answer: markers only explain a file that does not parse.)
pub fn parse_merged<T: serde::de::DeserializeOwned>(path: &str, source: &str) -> Result<T, Report> {
    crate::diagnostic::parse_toml(path, source).map_err(|report| match conflict_marker(source) {
        Some(offset) => {
            let end = source[offset..]
                .find('\n')
                .map_or(source.len(), |n| offset + n);
            Report {
                path: path.to_owned(),
                source: source.to_owned(),
                diagnostics: vec![Diagnostic {
                    span: Some(offset..end),
                    problem: Problem::ConflictMarkers { review: false },
                }],
            }
        }
        None => report,
    })
}

/// Reads an assessment file. `path` names it in messages. Unknown keys, unknown
/// forms, unknown stakeholder kinds, duplicate ids and conflict markers are errors
/// pointing at their line; answers the form no longer has are kept as orphans.
pub fn read(path: &str, source: &str, catalog: &Catalog) -> Result<Loaded, Report> {
    let fail = |diagnostics: Vec<Diagnostic>| Report {
        path: path.to_owned(),
        source: source.to_owned(),
        diagnostics,
    };
    let raw: RawFile = parse_merged(path, source)?;
    let form = match catalog.form(raw.form.get_ref()) {
        Ok(entry) => &entry.form,
        Err(_) => {
            let ids = catalog.forms().iter().map(|f| f.form.id.as_str());
            let problem = Problem::UnknownForm {
                id: raw.form.get_ref().clone(),
                closest: closest(raw.form.get_ref(), ids).map(str::to_owned),
            };
            return Err(fail(vec![Diagnostic {
                span: Some(raw.form.span()),
                problem,
            }]));
        }
    };

    let mut problems = Vec::new();
    let mut table_ids = HashMap::new();
    let mut brics = Vec::with_capacity(raw.brics.len());
    for table in raw.brics {
        if let Some(problem) = check_id(source, "table", &table.id, &mut table_ids) {
            problems.push(problem);
        }
        let mut stakeholder_ids = HashMap::new();
        let mut stakeholders = Vec::with_capacity(table.stakeholder.len());
        for raw in table.stakeholder {
            if let Some(problem) = check_id(source, "stakeholder", &raw.id, &mut stakeholder_ids) {
                problems.push(problem);
            }
            let kind = match raw.kind {
                Some(kind) if catalog.brics.kind(kind.get_ref()).is_none() => {
                    let ids = catalog.brics.kinds.iter().map(|k| k.id.as_str());
                    problems.push(Diagnostic {
                        span: Some(kind.span()),
                        problem: Problem::Unknown {
                            what: "kind",
                            id: kind.get_ref().clone(),
                            closest: closest(kind.get_ref(), ids).map(str::to_owned),
                        },
                    });
                    String::new()
                }
                Some(kind) => kind.into_inner(),
                None => String::new(),
            };
            stakeholders.push(Stakeholder {
                id: raw.id.into_inner(),
                name: raw.name,
                kind,
                benefit: raw.benefit,
                risk: raw.risk,
                cost: raw.cost,
            });
        }
        brics.push(BricsTable {
            id: table.id.into_inner(),
            title: table.title,
            stakeholders,
        });
    }
    if !problems.is_empty() {
        return Err(fail(problems));
    }

    let mut assessment = Assessment {
        form: raw.form.into_inner(),
        edition: if raw.edition.is_empty() {
            form.edition.to_string()
        } else {
            raw.edition
        },
        meta: raw
            .meta
            .into_iter()
            .filter(|(_, v)| !v.trim().is_empty())
            .collect(),
        items: BTreeMap::new(),
        answers: raw
            .question
            .into_iter()
            .filter(|(_, q)| !q.answer.trim().is_empty())
            .map(|(id, q)| (id, q.answer))
            .collect(),
        brics,
    };
    for (id, item) in raw.item {
        let evidence = item
            .evidence
            .into_iter()
            .map(|e| Evidence {
                label: e.label,
                target: e.target,
            })
            .collect();
        let state = ItemState {
            status: item.status,
            evidence,
        };
        if state != ItemState::default() {
            assessment.items.insert(id, state);
        }
    }
    let orphans = assessment
        .orphaned_items(form)
        .chain(assessment.orphaned_answers(form))
        .map(str::to_owned)
        .chain(
            assessment
                .orphaned_meta(form)
                .map(|id| format!("meta/{id}")),
        )
        .collect();
    Ok(Loaded {
        assessment,
        orphans,
    })
}

/// Records a table or stakeholder id; a problem when it is empty or used before
/// (naming the line of its first use).
fn check_id(
    source: &str,
    what: &'static str,
    id: &Spanned<String>,
    seen: &mut HashMap<String, usize>,
) -> Option<Diagnostic> {
    if id.get_ref().trim().is_empty() {
        return Some(Diagnostic {
            span: Some(id.span()),
            problem: Problem::Empty { key: "id" },
        });
    }
    match seen.get(id.get_ref()) {
        Some(&first) => Some(Diagnostic {
            span: Some(id.span()),
            problem: Problem::Duplicate {
                what,
                id: id.get_ref().clone(),
                first_line: crate::diagnostic::line_col(source, first).0,
            },
        }),
        None => {
            seen.insert(id.get_ref().clone(), id.span().start);
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assessment::new_id;
    use crate::form::Status;

    fn catalog() -> Catalog {
        Catalog::bundled().unwrap()
    }

    /// Every question answered (multi-line, with quotes, backslashes and a control
    /// character), every item set, header fields and a BRiCS table.
    fn full(form: &Form) -> Assessment {
        let mut a = Assessment::new(form);
        for field in &form.fields {
            a.set_meta(&field.id, &format!("{} 的值 \"引號\"", field.label));
        }
        for (n, (_, item)) in form.items().enumerate() {
            a.set_status(&item.id, Status::ALL[n % 4]);
            if n % 3 == 0 {
                a.add_evidence(
                    &item.id,
                    Evidence {
                        label: "報告".into(),
                        target: format!("docs/{n}.pdf"),
                    },
                );
            }
        }
        for (n, (_, _, q)) in form.questions().enumerate() {
            a.set_answer(
                &q.id,
                format!("第 {n} 題的回答。\n第二行有 \"\"\" 與 \\ 與 \u{1b} 控制字元。\n"),
            );
        }
        a.brics.push(BricsTable {
            id: new_id(),
            title: "資料申請小幫手".into(),
            stakeholders: vec![Stakeholder {
                id: new_id(),
                name: "資料申請者".into(),
                kind: "user".into(),
                benefit: "瞭解其他申請者的經驗".into(),
                risk: String::new(),
                cost: "時間\n與心力".into(),
            }],
        });
        a
    }

    #[test]
    fn round_trip_is_lossless_and_bytes_are_deterministic() {
        let catalog = catalog();
        for entry in catalog.forms() {
            let form = &entry.form;
            let original = full(form);
            let text = write(&original, form);
            let loaded = read("x.assessment.toml", &text, &catalog).unwrap();
            assert_eq!(loaded.assessment, original, "{}", form.id);
            assert!(loaded.orphans.is_empty());
            assert_eq!(
                write(&loaded.assessment, form),
                text,
                "same content, same bytes"
            );
        }
    }

    #[test]
    fn questions_are_tables_in_form_order_separated_by_blank_lines() {
        let catalog = catalog();
        let form = &catalog.form("service").unwrap().form;
        let text = write(&full(form), form);
        let positions: Vec<usize> = form
            .questions()
            .map(|(_, _, q)| text.find(&format!("[question.\"{}\"]", q.id)).unwrap())
            .collect();
        assert!(
            positions.windows(2).all(|w| w[0] < w[1]),
            "questions out of order"
        );
        assert!(text.contains("\n\n# 誰是服務的使用者?(包含內、外部使用者)\n[question.\"1.1.1\"]\nanswer = \"\"\"\n第 0 題的回答。\n"));
        // Item tables come just before their questions.
        assert!(text.find("[item.\"7.2\"]").unwrap() < text.find("[question.\"7.2.1\"]").unwrap());
        assert!(text.find("[question.\"7.1.6\"]").unwrap() < text.find("[item.\"7.2\"]").unwrap());
    }

    #[test]
    fn unknown_keys_and_kinds_are_errors_with_their_line() {
        let catalog = catalog();
        let text = "form = \"service\"\nedition = \"1\"\n\n[question.\"1.1.1\"]\nanswr = \"x\"\n";
        let report = read("a.toml", text, &catalog).unwrap_err();
        let rendered = report.render(crate::i18n::Lang::En);
        assert!(
            rendered.contains("unknown field `answr`") && rendered.contains("a.toml:5:1"),
            "{rendered}"
        );

        let text = "form = \"service\"\n\n[[brics]]\nid = \"t\"\ntitle = \"x\"\n\n[[brics.stakeholder]]\nid = \"s\"\nkind = \"usr\"\n";
        let rendered = read("b.toml", text, &catalog)
            .unwrap_err()
            .render(crate::i18n::Lang::En);
        assert!(
            rendered.contains("unknown kind `usr`") && rendered.contains("did you mean `user`?"),
            "{rendered}"
        );
    }

    #[test]
    fn answers_the_form_no_longer_has_are_kept_as_orphans() {
        let catalog = catalog();
        let text = "form = \"service\"\nedition = \"1\"\n\n[question.\"1.1.1\"]\nanswer = \"a\"\n\n[question.\"99.1.1\"]\nanswer = \"\"\"\n舊版的回答\"\"\"\n\n[item.\"99.1\"]\nstatus = \"done\"\n";
        let loaded = read("o.toml", text, &catalog).unwrap();
        assert_eq!(loaded.orphans, ["99.1", "99.1.1"]);
        let form = &catalog.form("service").unwrap().form;
        let written = write(&loaded.assessment, form);
        assert!(written.contains("# Not in form service edition 1: kept so that nothing is lost."));
        assert_eq!(
            read("o.toml", &written, &catalog).unwrap().assessment,
            loaded.assessment
        );
    }

    #[test]
    fn conflict_markers_are_found_on_their_line() {
        let text = "form = \"service\"\n<<<<<<< ours\nx\n=======\ny\n>>>>>>> theirs\n";
        assert_eq!(conflict_marker(text), Some(17));
        assert_eq!(conflict_marker("a = \"<<<<<<< not at line start\"\n"), None);
    }

    #[test]
    fn a_separator_line_inside_an_answer_is_not_a_conflict() {
        let text = "form = \"service\"\n\n[question.\"1.1.1\"]\nanswer = \"\"\"\n上\n=======\n<<<<<<< 不是標記\n下\"\"\"\n";
        let loaded = read("s.toml", text, &catalog()).unwrap();
        assert_eq!(
            loaded.assessment.answer("1.1.1"),
            "上\n=======\n<<<<<<< 不是標記\n下"
        );
    }
}
