//! An [`AssessmentDiff`] for people and programs: terminal text (with or without
//! colour), Markdown, and JSON — the three formats of `dsw diff --format`.
//!
//! All three share one layout: per change a heading that names the field the way the
//! form does, then body lines of [`Span`]s. Repository text is made safe with
//! [`visible`] piece by piece, before any escape code or Markdown marker is added.

use std::fmt::Write as _;

use serde_json::{Value as Json, json};

use super::fields::{FieldPath, Value};
use super::semantic::{AssessmentDiff, BricsNames, Change};
use super::text::{Span, char_diff};
use crate::assessment::Evidence;
use crate::form::{Form, Status};
use crate::i18n::Lang;
use crate::safe_text::visible;

const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

/// Body lines are indented by this much under their heading.
const INDENT: &str = "    ";

/// The diff as terminal text: per change a heading naming the field, then its
/// character-level changes line by line, indented; the summary last. With `color`,
/// removed text is red and added text green; without, removed text is `[-…-]` and
/// added text `{+…+}`.
pub fn text(diff: &AssessmentDiff, form: &Form, lang: Lang, color: bool) -> String {
    let mut out = String::new();
    for change in &diff.changes {
        let title = visible(&heading(change, &diff.names, form, lang), false).into_owned();
        if color {
            let _ = writeln!(out, "{BOLD}{title}{RESET}");
        } else {
            let _ = writeln!(out, "{title}");
        }
        for line in body(change, &diff.names, lang) {
            if !line.is_empty() {
                out.push_str(INDENT);
            }
            for span in &line {
                let piece = visible(span.text(), false);
                match (span, color) {
                    (Span::Same(_), _) => out.push_str(&piece),
                    (Span::Removed(_), true) => out.push_str(&format!("{RED}{piece}{RESET}")),
                    (Span::Added(_), true) => out.push_str(&format!("{GREEN}{piece}{RESET}")),
                    (Span::Removed(_), false) => out.push_str(&format!("[-{piece}-]")),
                    (Span::Added(_), false) => out.push_str(&format!("{{+{piece}+}}")),
                }
            }
            out.push('\n');
        }
        out.push('\n');
    }
    out.push_str(&diff.stat().describe(lang));
    out.push('\n');
    out
}

/// The diff as Markdown: a `###` heading per change, its text with removed
/// characters as `~~…~~` and added ones as `**…**` in a block quote, the summary last.
/// Repository text is escaped so it cannot add Markdown structure or HTML.
pub fn markdown(diff: &AssessmentDiff, form: &Form, lang: Lang) -> String {
    let mut out = String::new();
    for change in &diff.changes {
        let title = visible(&heading(change, &diff.names, form, lang), false).into_owned();
        let _ = writeln!(out, "### {}\n", escape_markdown(&title, false));
        let lines = body(change, &diff.names, lang);
        for (n, line) in lines.iter().enumerate() {
            if line.is_empty() {
                // A blank line of the answer: a paragraph break inside the quote.
                out.push_str(">\n");
                continue;
            }
            out.push_str("> ");
            for (k, span) in line.iter().enumerate() {
                out.push_str(&markdown_span(span, k == 0));
            }
            let next_has_text = lines.get(n + 1).is_some_and(|next| !next.is_empty());
            // A backslash at the end of a line is a hard line break in CommonMark.
            out.push_str(if next_has_text { "\\\n" } else { "\n" });
        }
        out.push('\n');
    }
    out.push_str(&diff.stat().describe(lang));
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
/// A value is a string for texts and statuses (`partial`, `done`, `na`; `todo` is null), an
/// array of `{"label", "target"}` objects for evidence, and an array of ids for
/// orders. Changes come in form order. Strings are the repository's text verbatim
/// (JSON escaping covers control characters, not bidi controls): a program that shows
/// them to people must neutralise them as dsw does.
pub fn json(diff: &AssessmentDiff, form: &Form) -> Json {
    let changes: Vec<Json> = diff
        .changes
        .iter()
        .map(|change| {
            let mut object = json!({
                "path": change.path.to_string(),
                "kind": kind(&change.path),
                "label": label(&change.path, &diff.names, form),
                "before": value_json(change.diff.before.as_ref()),
                "after": value_json(change.diff.after.as_ref()),
            });
            if let (Some(spans), Some(map)) = (text_spans(change), object.as_object_mut()) {
                let spans = spans
                    .iter()
                    .map(|span| {
                        let op = match span {
                            Span::Same(_) => "same",
                            Span::Removed(_) => "removed",
                            Span::Added(_) => "added",
                        };
                        json!({ "op": op, "text": span.text() })
                    })
                    .collect();
                map.insert("spans".to_owned(), Json::Array(spans));
            }
            object
        })
        .collect();
    json!({ "changes": changes, "stat": diff.stat() })
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

/// The form's or the repository's own name for the thing a field belongs to.
fn label(path: &FieldPath, names: &BricsNames, form: &Form) -> Option<String> {
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

fn value_json(value: Option<&Value>) -> Json {
    match value {
        None => Json::Null,
        Some(Value::Text(text)) => json!(text),
        Some(Value::Status(status)) => json!(status.as_str()),
        Some(Value::Evidence(list)) => list
            .iter()
            .map(|e| json!({ "label": e.label, "target": e.target }))
            .collect(),
        Some(Value::Order(ids)) => json!(ids),
    }
}

/// The character diff of a change between texts (absent counts as empty).
fn text_spans(change: &Change) -> Option<Vec<Span>> {
    fn text(value: &Option<Value>) -> Option<&str> {
        value.as_ref().map_or(Some(""), Value::as_text)
    }
    match (text(&change.diff.before), text(&change.diff.after)) {
        (Some(before), Some(after)) => Some(char_diff(before, after)),
        _ => None,
    }
}

/// The heading of a change: the field named as the form and the table name it.
fn heading(change: &Change, names: &BricsNames, form: &Form, lang: Lang) -> String {
    let not_in_form = lang.pick("（表單中沒有此項）", " (not in the form)");
    match &change.path {
        FieldPath::Form => lang.pick("表單", "form").to_owned(),
        FieldPath::Edition => lang.pick("表單版本", "form edition").to_owned(),
        FieldPath::Meta(id) => {
            let name = form.field(id).map_or(id.as_str(), |f| f.label.as_str());
            format!("{}{name}", lang.pick("表頭：", "header: "))
        }
        FieldPath::Status(id) | FieldPath::Evidence(id) => match form.item(id) {
            Some(item) => format!("{id} {}", item.text),
            None => format!("{id}{not_in_form}"),
        },
        FieldPath::Answer(id) => match form.question(id) {
            Some(question) => format!("{id} {}", question.text),
            None => format!("{id}{not_in_form}"),
        },
        FieldPath::TableOrder => format!("BRiCS{}", lang.pick("：表的順序", ": order of tables")),
        FieldPath::TableTitle(table) => {
            format!(
                "BRiCS {}{}",
                names.table(table),
                lang.pick("：表名", ": title")
            )
        }
        FieldPath::StakeholderOrder(table) => {
            format!(
                "BRiCS {}{}",
                names.table(table),
                lang.pick("：利害關係人順序", ": order of stakeholders")
            )
        }
        FieldPath::Cell {
            table,
            stakeholder,
            cell,
        } => format!(
            "BRiCS {} / {} / {}",
            names.table(table),
            names.stakeholder(table, stakeholder),
            cell.label(lang)
        ),
    }
}

/// The body lines of a change. `Same` spans are plain text.
fn body(change: &Change, names: &BricsNames, lang: Lang) -> Vec<Vec<Span>> {
    if let Some(spans) = text_spans(change) {
        return split_lines(&spans);
    }
    let (before, after) = (change.diff.before.as_ref(), change.diff.after.as_ref());
    let arrow = |label: &str, before: String, after: String| {
        vec![vec![Span::Same(format!("{label}{before} → {after}"))]]
    };
    match &change.path {
        FieldPath::Status(_) => {
            let status = |value: Option<&Value>| match value {
                Some(Value::Status(status)) => *status,
                _ => Status::Todo,
            };
            let label = lang.pick("狀態：", "status: ");
            arrow(
                label,
                status(before).label(lang).to_owned(),
                status(after).label(lang).to_owned(),
            )
        }
        FieldPath::Evidence(_) => {
            let list = |value: Option<&Value>| match value {
                Some(Value::Evidence(list)) => list.clone(),
                _ => Vec::new(),
            };
            let (old, new) = (list(before), list(after));
            let show = |e: &Evidence| format!("{} ({})", e.label, e.target);
            let removed = old
                .iter()
                .filter(|e| !new.contains(e))
                .map(|e| vec![Span::Removed(show(e))]);
            let added = new
                .iter()
                .filter(|e| !old.contains(e))
                .map(|e| vec![Span::Added(show(e))]);
            let mut lines: Vec<Vec<Span>> = removed.chain(added).collect();
            if lines.is_empty() {
                lines.push(vec![Span::Same(
                    lang.pick("（順序調整）", "(reordered)").to_owned(),
                )]);
            }
            lines
        }
        FieldPath::TableOrder | FieldPath::StakeholderOrder(_) => {
            let name = |id: &String| match &change.path {
                FieldPath::StakeholderOrder(table) => names.stakeholder(table, id).to_owned(),
                _ => names.table(id).to_owned(),
            };
            let order = |value: Option<&Value>| {
                let ids = value.and_then(Value::as_order).unwrap_or(&[]);
                ids.iter()
                    .map(name)
                    .collect::<Vec<_>>()
                    .join(lang.pick("、", ", "))
            };
            arrow(lang.pick("順序：", "order: "), order(before), order(after))
        }
        // Every other field holds text, handled above.
        _ => Vec::new(),
    }
}

/// Spans cut into lines at newlines. A newline that was removed or added is drawn as
/// `↵` at the end of its line, so joining or splitting lines shows.
fn split_lines(spans: &[Span]) -> Vec<Vec<Span>> {
    let mut lines: Vec<Vec<Span>> = vec![Vec::new()];
    for span in spans {
        let mut pieces = span.text().split('\n').peekable();
        while let Some(piece) = pieces.next() {
            let breaks = pieces.peek().is_some();
            let mut piece = piece.to_owned();
            if breaks && !matches!(span, Span::Same(_)) {
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

/// One span as Markdown. Emphasis markers cannot open or close next to whitespace,
/// so leading and trailing whitespace stays outside them.
fn markdown_span(span: &Span, line_start: bool) -> String {
    let text = visible(span.text(), false);
    let marker = match span {
        Span::Same(_) => return escape_markdown(&text, line_start),
        Span::Removed(_) => "~~",
        Span::Added(_) => "**",
    };
    let core = text.trim();
    if core.is_empty() {
        return escape_markdown(&text, line_start);
    }
    let start = text.len() - text.trim_start().len();
    let lead = &text[..start];
    let tail = &text[start + core.len()..];
    format!(
        "{}{marker}{}{marker}{}",
        escape_markdown(lead, line_start),
        escape_markdown(core, false),
        tail
    )
}

/// Text with everything that could make Markdown structure or HTML escaped. At the
/// start of a line, list, heading and indentation markers are escaped too.
fn escape_markdown(text: &str, line_start: bool) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut at_start = line_start;
    let mut digits = false;
    for c in text.chars() {
        if at_start {
            match c {
                // Indentation would turn the line into a code block.
                ' ' => {
                    out.push_str("&#32;");
                    continue;
                }
                '\t' => {
                    out.push_str("&#9;");
                    continue;
                }
                '-' | '+' | '=' => {
                    out.push('\\');
                    out.push(c);
                    at_start = false;
                    continue;
                }
                '0'..='9' => digits = true,
                '.' | ')' if digits => {
                    out.push('\\');
                    out.push(c);
                    at_start = false;
                    continue;
                }
                _ => {}
            }
            at_start = c.is_ascii_digit();
        }
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '~' | '|' | '&' | '#' | '!'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::testing::form;
    use super::*;
    use crate::assessment::{Assessment, BricsTable, Stakeholder};

    fn before() -> Assessment {
        let mut a = Assessment {
            form: "test".into(),
            edition: "1".into(),
            ..Assessment::default()
        };
        a.set_answer("1.1.1", "誰是服務的使用者");
        a.set_answer("1.1.2", "第一行\n第二行");
        a.brics.push(BricsTable {
            id: "t".into(),
            title: "資料申請".into(),
            stakeholders: vec![Stakeholder {
                id: "s".into(),
                name: "申請者".into(),
                ..Stakeholder::default()
            }],
        });
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

    fn sample() -> AssessmentDiff {
        AssessmentDiff::between(&before(), &after(), &form())
    }

    fn hostile() -> AssessmentDiff {
        let mut after = before();
        after.set_answer("2.0.1", "甲\u{1b}[31m乙\u{1b}[2J\u{202e}丙");
        after.set_meta("plan", "*粗* [連結](http://x) <b>");
        AssessmentDiff::between(&before(), &after, &form())
    }

    #[test]
    fn plain_text_names_each_field_and_marks_characters() {
        let out = text(&sample(), &form(), Lang::Zh, false);
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
        let diff = AssessmentDiff::between(&before(), &changed, &form());
        let out = text(&diff, &form(), Lang::En, true);
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
    fn joined_lines_show_the_removed_line_break() {
        let mut changed = before();
        changed.set_answer("1.1.2", "第一行第二行");
        let diff = AssessmentDiff::between(&before(), &changed, &form());
        let out = text(&diff, &form(), Lang::En, false);
        assert!(out.contains("    第一行[-↵-]\n    第二行\n"), "{out}");
    }

    #[test]
    fn markdown_strikes_removed_and_bolds_added_characters() {
        let out = markdown(&sample(), &form(), Lang::En);
        assert!(
            out.contains("### 1.1.1 誰是服務的使用者？\n\n> 誰是**本**服務的**主要**使用者\n"),
            "{out}"
        );
        assert!(
            out.contains("> 第一行\\\n> 第二行**改**\n"),
            "hard line breaks: {out}"
        );
        assert!(out.contains("status: to do → done"), "{out}");
        assert!(
            out.ends_with("2 answers changed, 1 item done, BRiCS: 1 cell\n"),
            "{out}"
        );
        let mut removed = before();
        removed.set_answer("1.1.1", "");
        let out = markdown(
            &AssessmentDiff::between(&before(), &removed, &form()),
            &form(),
            Lang::En,
        );
        assert!(out.contains("> ~~誰是服務的使用者~~\n"), "{out}");
    }

    #[test]
    fn json_has_the_documented_shape() {
        let value = json(&sample(), &form());
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
        let diff = hostile();
        for out in [
            text(&diff, &form(), Lang::Zh, false),
            markdown(&diff, &form(), Lang::Zh),
        ] {
            assert!(
                !out.contains('\u{1b}') && !out.contains('\u{202e}'),
                "{out:?}"
            );
            assert!(out.contains("␛[31m") || out.contains("␛\\[31m"), "{out:?}");
            assert!(
                out.contains("<U+202E>") || out.contains("\\<U+202E\\>"),
                "{out:?}"
            );
        }
        let colored = text(&diff, &form(), Lang::Zh, true);
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
    fn markdown_special_characters_in_answers_are_escaped() {
        let out = markdown(&hostile(), &form(), Lang::Zh);
        assert!(
            out.contains(r"**\*粗\* \[連結\](http://x) \<b\>**"),
            "{out}"
        );
        assert_eq!(escape_markdown("- 1. a", true), r"\- 1. a");
        assert_eq!(escape_markdown("12. a", true), r"12\. a");
        assert_eq!(
            escape_markdown("    code", true),
            "&#32;&#32;&#32;&#32;code"
        );
        assert_eq!(escape_markdown("# x", false), r"\# x");
    }
}
