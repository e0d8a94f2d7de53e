//! A [`ChangeView`] for people and programs: terminal text (with or without colour),
//! Markdown and JSON — the three formats of `dsw diff --format`. The words are the
//! change view's; these functions only lay them out and make repository text safe,
//! piece by piece, before any escape code or Markdown marker is added.

use std::fmt::Write as _;

use serde::Serialize;

use super::markdown;
use crate::diff::{FieldPath, Span, Stat, Value};
use crate::i18n::Lang;
use crate::report::{Body, ChangeView, Mark};
use crate::safe_text::visible;

const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

/// Body lines are indented by this much under their heading.
const INDENT: &str = "    ";

/// The diff as terminal text: per change its heading, then its body line by line,
/// indented; the summary last. With `color`, removed text is red and added text
/// green (and a replaced value's sides likewise); without, removed text is `[-…-]`
/// and added text `{+…+}`.
pub fn text(view: &ChangeView, lang: Lang, color: bool) -> String {
    let mut out = String::new();
    for entry in &view.entries {
        let title = visible(&entry.heading, false);
        if color {
            let _ = writeln!(out, "{BOLD}{title}{RESET}");
        } else {
            let _ = writeln!(out, "{title}");
        }
        for line in entry.body.lines(lang) {
            if !line.is_empty() {
                out.push_str(INDENT);
            }
            for (mark, text) in &line {
                let piece = visible(text, false);
                let _ = match (mark, color) {
                    (Mark::Plain, _) | (Mark::Old | Mark::New, false) => write!(out, "{piece}"),
                    (Mark::Removed | Mark::Old, true) => write!(out, "{RED}{piece}{RESET}"),
                    (Mark::Added | Mark::New, true) => write!(out, "{GREEN}{piece}{RESET}"),
                    (Mark::Removed, false) => write!(out, "[-{piece}-]"),
                    (Mark::Added, false) => write!(out, "{{+{piece}+}}"),
                };
            }
            out.push('\n');
        }
        out.push('\n');
    }
    out.push_str(&view.stat.describe(lang));
    out.push('\n');
    out
}

/// The diff as Markdown: a `###` heading per change, its body in a block quote with
/// removed characters in `<del>` and added ones in `<ins>` (as the 修正對照表 marks
/// them), the summary last. Text is escaped so it cannot add Markdown structure or
/// HTML.
pub fn markdown(view: &ChangeView, lang: Lang) -> String {
    let mut out = String::new();
    for entry in &view.entries {
        let _ = writeln!(out, "### {}\n", markdown::escape(&entry.heading, false));
        let lines = entry.body.lines(lang);
        for (n, line) in lines.iter().enumerate() {
            if line.is_empty() {
                // A blank line of the answer: a paragraph break inside the quote.
                out.push_str(">\n");
                continue;
            }
            out.push_str("> ");
            out.push_str(&markdown::marked(line, true));
            let next_has_text = lines.get(n + 1).is_some_and(|next| !next.is_empty());
            // A backslash at the end of a line is a hard line break in CommonMark.
            out.push_str(if next_has_text { "\\\n" } else { "\n" });
        }
        out.push('\n');
    }
    out.push_str(&view.stat.describe(lang));
    out.push('\n');
    out
}

/// The diff as JSON, for scripts. The shape is stable:
///
/// ```text
/// {
///   "changes": [
///     {
///       "path":   "7.3.2",        // the field, as `dsw resolve` takes it
///       "kind":   "answer" | "status" | "evidence" | "meta" | "brics_cell"
///               | "brics_title" | "brics_order" | "form" | "edition",
///       "label":  string | null,  // the form's question or item text or field label,
///                                 // the table title (brics_title, a stakeholder
///                                 // brics_order) or stakeholder name (brics_cell);
///                                 // null when there is none
///       "before": value | null,   // null: absent (empty, todo, or not there)
///       "after":  value | null,
///       "spans":  [ { "op": "same" | "removed" | "added", "text": string } ]
///                                 // only for texts: the character-level diff
///     }
///   ],
///   "stat": { "answers_added", "answers_changed", "answers_removed", "items_done",
///             "items_other", "evidence_changed", "meta_changed", "brics_cells",
///             "brics_tables", "brics_reordered": number }
/// }
/// ```
///
/// A value is a string for texts, stakeholder kinds (the kind's id) and statuses
/// (`partial`, `done`, `na`; `todo` is null), an array of `{"label", "target"}`
/// objects for evidence, and an array of ids for orders. Changes come in form order.
/// Strings are the repository's text verbatim (JSON escaping covers control
/// characters, not bidi controls): a program that shows them to people must
/// neutralise them as dsw does.
pub fn json(view: &ChangeView) -> DiffJson<'_> {
    let changes = view
        .entries
        .iter()
        .map(|entry| {
            let change = &entry.change;
            let spans = match &entry.body {
                Body::Text(_) => Some(
                    entry
                        .spans
                        .iter()
                        .map(|span| SpanJson {
                            op: match span {
                                Span::Same(_) => "same",
                                Span::Removed(_) => "removed",
                                Span::Added(_) => "added",
                            },
                            text: span.text(),
                        })
                        .collect(),
                ),
                _ => None,
            };
            ChangeJson {
                path: change.path.to_string(),
                kind: kind(&change.path),
                label: entry.label.as_deref(),
                before: change.diff.before.as_ref().map(ValueJson::of),
                after: change.diff.after.as_ref().map(ValueJson::of),
                spans,
            }
        })
        .collect();
    DiffJson {
        changes,
        stat: view.stat,
    }
}

/// `dsw diff --format json`: see [`json`].
#[derive(Debug, Serialize)]
pub struct DiffJson<'a> {
    changes: Vec<ChangeJson<'a>>,
    stat: Stat,
}

#[derive(Debug, Serialize)]
struct ChangeJson<'a> {
    path: String,
    kind: &'static str,
    label: Option<&'a str>,
    before: Option<ValueJson<'a>>,
    after: Option<ValueJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    spans: Option<Vec<SpanJson<'a>>>,
}

#[derive(Debug, Serialize)]
struct SpanJson<'a> {
    op: &'static str,
    text: &'a str,
}

/// A field's value as programs read it: the repository's own ids and words.
#[derive(Debug, Serialize)]
#[serde(untagged)]
enum ValueJson<'a> {
    Text(&'a str),
    Evidence(Vec<EvidenceJson<'a>>),
    Ids(&'a [String]),
}

#[derive(Debug, Serialize)]
struct EvidenceJson<'a> {
    label: &'a str,
    target: &'a str,
}

impl<'a> ValueJson<'a> {
    fn of(value: &'a Value) -> Self {
        match value {
            Value::Text(text) => ValueJson::Text(text),
            Value::Status(status) => ValueJson::Text(status.as_str()),
            Value::Evidence(list) => ValueJson::Evidence(
                list.iter()
                    .map(|e| EvidenceJson {
                        label: &e.label,
                        target: &e.target,
                    })
                    .collect(),
            ),
            Value::Order(ids) => ValueJson::Ids(ids),
        }
    }
}

/// The `kind` of a change in JSON.
fn kind(path: &FieldPath) -> &'static str {
    match path {
        FieldPath::Form => "form",
        FieldPath::Edition => "edition",
        FieldPath::Meta(_) => "meta",
        FieldPath::Status(_) => "status",
        FieldPath::Evidence(_) => "evidence",
        FieldPath::Answer(_) => "answer",
        FieldPath::TableTitle(_) => "brics_title",
        FieldPath::TableOrder | FieldPath::StakeholderOrder(_) => "brics_order",
        FieldPath::Cell { .. } => "brics_cell",
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::assessment::Assessment;
    use crate::diff::AssessmentDiff;
    use crate::diff::testing::{form, sample_table};
    use crate::form::{Catalog, Status};

    fn before() -> Assessment {
        let mut a = Assessment {
            form: "test".into(),
            edition: "1".into(),
            ..Assessment::default()
        };
        a.set_answer("1.1.1", "誰是服務的使用者");
        a.set_answer("1.1.2", "第一行\n第二行");
        a.brics.push(sample_table(""));
        a
    }

    fn after() -> Assessment {
        let mut a = before();
        a.set_answer("1.1.1", "誰是本服務的主要使用者");
        a.set_answer("1.1.2", "第一行\n第二行改");
        a.set_status("1.1", Status::Done);
        if let Some(table) = a.table_mut("t") {
            table.stakeholders[0].benefit = "省時".into();
        }
        a
    }

    fn view_of(before: &Assessment, after: &Assessment, lang: Lang) -> ChangeView {
        let catalog = Catalog::bundled().unwrap();
        let form = form();
        ChangeView::new(
            &AssessmentDiff::between(before, after, &form),
            &form,
            &catalog.brics,
            lang,
        )
    }

    fn sample(lang: Lang) -> ChangeView {
        view_of(&before(), &after(), lang)
    }

    fn hostile() -> ChangeView {
        let mut after = before();
        after.set_answer("2.0.1", "甲\u{1b}[31m乙\u{1b}[2J\u{202e}丙");
        after.set_meta("plan", "*粗* [連結](http://x) <b>");
        view_of(&before(), &after, Lang::Zh)
    }

    #[test]
    fn plain_text_names_each_field_and_marks_characters() {
        let out = text(&sample(Lang::Zh), Lang::Zh, false);
        assert!(
            out.contains("1.1 已從使用者觀點描述服務情境\n    狀態：未完成 → 已完成\n"),
            "{out}"
        );
        assert!(
            out.contains("1.1.1 誰是服務的使用者？\n    誰是{+本+}服務的{+主要+}使用者\n"),
            "{out}"
        );
        assert!(
            out.contains("1.1.2 使用者的痛點？\n    第一行\n    第二行{+改+}\n"),
            "multi-line answers line by line: {out}"
        );
        assert!(
            out.contains("BRiCS 資料申請 / 申請者 / 效益／價值\n    {+省時+}\n"),
            "{out}"
        );
        assert!(
            out.ends_with("2 題回答修改、1 項檢核完成、BRiCS：1 格\n"),
            "{out}"
        );
        assert!(!out.contains('\u{1b}'));
        let order = |needle: &str| out.find(needle).unwrap_or(usize::MAX);
        assert!(
            order("1.1 已從") < order("1.1.1 ") && order("1.1.2 ") < order("BRiCS"),
            "form order"
        );
    }

    #[test]
    fn colored_text_paints_removed_red_and_added_green() {
        let mut changed = before();
        changed.set_answer("1.1.1", "誰是服務使用者們");
        let out = text(&view_of(&before(), &changed, Lang::En), Lang::En, true);
        assert!(
            out.contains(&format!("{BOLD}1.1.1 誰是服務的使用者？{RESET}")),
            "{out:?}"
        );
        assert!(
            out.contains(&format!(
                "    誰是服務{RED}的{RESET}使用者{GREEN}們{RESET}\n"
            )),
            "{out:?}"
        );
        assert!(out.ends_with("1 answer changed\n"));
    }

    #[test]
    fn joined_lines_show_the_removed_line_break_and_new_answers_have_no_marks() {
        let mut changed = before();
        changed.set_answer("1.1.2", "第一行第二行");
        changed.set_answer("1.2.1", "新的\n兩行");
        let out = text(&view_of(&before(), &changed, Lang::En), Lang::En, false);
        assert!(out.contains("    第一行[-↵-]\n    第二行\n"), "{out}");
        assert!(out.contains("    {+新的+}\n    {+兩行+}\n"), "{out}");
    }

    #[test]
    fn a_lone_side_of_a_replaced_value_is_marked_and_both_sides_read_as_an_arrow() {
        let mut changed = before();
        changed.brics[0].stakeholders[0].kind = "concern".into();
        let out = text(&view_of(&before(), &changed, Lang::Zh), Lang::Zh, false);
        assert!(
            out.contains("BRiCS 資料申請 / 申請者 / 類型\n    {+衍生議題關注者+}\n"),
            "{out}"
        );
        let mut again = changed.clone();
        again.brics[0].stakeholders[0].kind = "user".into();
        let out = text(&view_of(&changed, &again, Lang::Zh), Lang::Zh, false);
        assert!(
            out.contains("    衍生議題關注者 → 服務受益／使用者\n"),
            "{out}"
        );
    }

    #[test]
    fn markdown_strikes_removed_and_underlines_added_characters() {
        let out = markdown(&sample(Lang::En), Lang::En);
        assert!(
            out.contains(
                "### 1.1.1 誰是服務的使用者？\n\n> 誰是<ins>本</ins>服務的<ins>主要</ins>使用者\n"
            ),
            "{out}"
        );
        assert!(
            out.contains("> 第一行\\\n> 第二行<ins>改</ins>\n"),
            "hard line breaks: {out}"
        );
        assert!(out.contains("status: to do → done"), "{out}");
        assert!(
            out.ends_with("2 answers changed, 1 item done, BRiCS: 1 cell\n"),
            "{out}"
        );
        let mut removed = before();
        removed.set_answer("1.1.1", "");
        let out = markdown(&view_of(&before(), &removed, Lang::En), Lang::En);
        assert!(out.contains("> <del>誰是服務的使用者</del>\n"), "{out}");
    }

    #[test]
    fn json_has_the_documented_shape() {
        let value = serde_json::to_value(json(&sample(Lang::Zh))).unwrap();
        let changes = value["changes"].as_array().cloned().unwrap_or_default();
        let paths: Vec<&str> = changes.iter().filter_map(|c| c["path"].as_str()).collect();
        assert_eq!(paths, ["1.1", "1.1.1", "1.1.2", "brics/t/s/benefit"]);
        assert_eq!(
            changes[0],
            json!({"path": "1.1", "kind": "status", "label": "已從使用者觀點描述服務情境", "before": null, "after": "done"})
        );
        assert_eq!(changes[1]["kind"], "answer");
        assert_eq!(changes[1]["before"], "誰是服務的使用者");
        assert_eq!(changes[1]["spans"][1], json!({"op": "added", "text": "本"}));
        assert_eq!(changes[3]["kind"], "brics_cell");
        assert_eq!(changes[3]["label"], "申請者");
        assert_eq!(
            changes[3]["spans"],
            json!([{"op": "added", "text": "省時"}])
        );
        assert_eq!(value["stat"]["answers_changed"], 2);
        assert_eq!(value["stat"]["items_done"], 1);
        assert_eq!(value["stat"]["brics_cells"], 1);
        assert_eq!(value["stat"].as_object().map(|o| o.len()), Some(10));
    }

    #[test]
    fn terminal_controls_and_bidi_overrides_never_reach_the_output_raw() {
        let view = hostile();
        for out in [text(&view, Lang::Zh, false), markdown(&view, Lang::Zh)] {
            assert!(
                !out.contains('\u{1b}') && !out.contains('\u{202e}'),
                "{out:?}"
            );
            assert!(out.contains("␛[31m") || out.contains("␛\\[31m"), "{out:?}");
            assert!(
                out.contains("<U+202E>") || out.contains("&lt;U+202E&gt;"),
                "{out:?}"
            );
        }
        let colored = text(&view, Lang::Zh, true);
        assert!(
            !colored.contains('\u{202e}') && !colored.contains("\u{1b}[2J"),
            "{colored:?}"
        );
        // Only additions here: the one red code in the answer must not survive as red.
        assert!(!colored.contains(RED), "{colored:?}");
        assert!(
            colored.contains(&format!("{GREEN}甲␛[31m乙␛[2J<U+202E>丙{RESET}")),
            "{colored:?}"
        );
    }

    #[test]
    fn markdown_special_characters_in_answers_are_escaped_as_the_export_escapes_them() {
        let out = markdown(&hostile(), Lang::Zh);
        assert!(
            out.contains(r"<ins>\*粗\* \[連結\](http://x) &lt;b&gt;</ins>"),
            "{out}"
        );
    }
}
