//! GitHub-flavoured Markdown: the filled form (one table per guideline) and the
//! 修正對照表, for a README, an issue or a merge request.
//!
//! Repository text goes into table cells and one-line blocks only, escaped so that it
//! can neither break a table (`|`, line breaks) nor turn into markup (`<b>`, `*`,
//! `[link]`, `` ` ``): what someone typed is shown as they typed it.

use std::fmt::Write as _;

use super::Document;
use crate::form::{Group, Status};
use crate::i18n::Lang;
use crate::report::{Comparison, Mark, Side};
use crate::safe_text::visible;

/// Renders the assessment: `# title`, header fields and revision as a list, then per
/// guideline a `## heading` and a table with one row per key question, then answers
/// the form no longer asks for, then the BRiCS tables.
pub fn form(document: &Document<'_>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", cell(&document.form.title));
    if let Some(intro) = &document.form.intro {
        let _ = writeln!(out, "{}\n", escape(intro.trim(), true));
    }
    header(&mut out, document);
    for group in &document.form.groups {
        guideline(&mut out, document, group);
    }
    orphans(&mut out, document);
    brics_tables(&mut out, document);
    out
}

/// Renders a 修正對照表: `# {title} 修正對照表`, the two revisions, then
/// | 項目 | 修正前 (A) | 修正後 (B) | 說明 | with removed characters in `<del>` and added
/// ones in `<ins>`, as the HTML and ODT tables strike and underline them.
pub fn comparison(comparison: &Comparison) -> String {
    let lang = comparison.lang;
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", escape(&comparison.title(), false));
    for (name, revision) in comparison.sides() {
        let _ = writeln!(out, "- {name}{}{}", lang.colon(), cell(&revision));
    }
    out.push('\n');
    if comparison.rows.is_empty() {
        let _ = writeln!(out, "{}", comparison.no_changes());
        return out;
    }
    table_row(&mut out, &comparison.columns().map(str::to_owned));
    separator(&mut out, 4);
    for row in &comparison.rows {
        let notes: Vec<String> = row.notes.iter().map(|note| cell(note)).collect();
        let side = |side| {
            let runs: Vec<(Mark, String)> = row
                .entry
                .runs(side)
                .into_iter()
                .map(|run| {
                    let mark = match (run.changed, side) {
                        (false, _) => Mark::Plain,
                        (true, Side::Before) => Mark::Removed,
                        (true, Side::After) => Mark::Added,
                    };
                    (mark, run.text)
                })
                .collect();
            marked(&runs, false)
        };
        table_row(
            &mut out,
            &[
                cell(&row.entry.heading),
                side(Side::Before),
                side(Side::After),
                notes.join("<br>"),
            ],
        );
    }
    out
}

/// Text in a table cell or after a list marker, where no block can start.
fn cell(text: &str) -> String {
    escape(text, false)
}

/// Text made safe for Markdown — the one escaper of every Markdown dsw writes:
/// control and bidi characters made visible, `< > &` as entities (so `<b>` shows as
/// text), the characters that start Markdown syntax backslash-escaped (`~` is
/// GitHub's strike-through, `$` its math delimiter), line breaks as `<br>`. With
/// `line_start`, what would open a block at the start of a line — indentation, a
/// list, heading or setext marker, a numbered list's `1.` — is escaped too.
pub fn escape(text: &str, line_start: bool) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut at_start = line_start;
    let mut digits = false;
    for c in visible(text, true).chars() {
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
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' => out.push_str("<br>"),
            '\\' | '*' | '_' | '`' | '[' | ']' | '#' | '|' | '~' | '$' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Pieces of a changed text as Markdown, escaped, removed ones in `<del>` and added
/// ones in `<ins>` (the two sides of an arrow plain) — the marks of the HTML 修正對照表, which GitHub renders alike
/// (Markdown has no underline, and its `~~` and `**` do not open next to CJK
/// punctuation inside a word).
pub fn marked(pieces: &[(Mark, String)], line_start: bool) -> String {
    let mut out = String::new();
    for (n, (mark, text)) in pieces.iter().enumerate() {
        let plain = matches!(mark, Mark::Plain | Mark::Old | Mark::New);
        let text = escape(text, line_start && n == 0 && plain);
        match mark {
            Mark::Plain | Mark::Old | Mark::New => out.push_str(&text),
            Mark::Removed => {
                let _ = write!(out, "<del>{text}</del>");
            }
            Mark::Added => {
                let _ = write!(out, "<ins>{text}</ins>");
            }
        }
    }
    out
}

/// A table row. Cells are padded with a space so that an escaped backslash at a
/// cell's end can never pair with the separating `|`.
fn table_row(out: &mut String, cells: &[String]) {
    out.push('|');
    for cell in cells {
        out.push(' ');
        out.push_str(cell);
        out.push_str(" |");
    }
    out.push('\n');
}

/// The line under a table's header.
fn separator(out: &mut String, columns: usize) {
    out.push('|');
    for _ in 0..columns {
        out.push_str(" --- |");
    }
    out.push('\n');
}

/// Header fields, the revision and completion, as a list.
fn header(out: &mut String, document: &Document<'_>) {
    let lang = document.lang;
    for field in &document.form.fields {
        let _ = writeln!(
            out,
            "- {}{}{}",
            cell(&field.label),
            lang.colon(),
            cell(document.assessment.meta(&field.id))
        );
    }
    if let Some(revision) = document.revision {
        let _ = writeln!(
            out,
            "- {}{}{}",
            lang.pick("版本", "Revision"),
            lang.colon(),
            cell(&revision.summary(&revision.short, lang))
        );
        if !revision.iterations.is_empty() {
            let tags: Vec<String> = revision.iterations.iter().map(|t| cell(t)).collect();
            let _ = writeln!(
                out,
                "- {}{}{}",
                lang.pick("送審階段", "Iterations"),
                lang.colon(),
                tags.join(lang.list_separator())
            );
        }
    }
    let total = document.assessment.completion(document.form, None);
    let _ = writeln!(
        out,
        "- {}{}%{}",
        lang.pick("完成度：", "Completion: "),
        total.percent(),
        lang.parenthesized(&total.summary(lang))
    );
}

/// A guideline's section: `## heading` and its table.
fn guideline(out: &mut String, document: &Document<'_>, group: &Group) {
    let lang = document.lang;
    let heading = document
        .guidelines
        .guideline(&group.id)
        .map_or_else(|| group.id.to_string(), |g| g.heading());
    let _ = writeln!(out, "\n## {}\n", cell(&heading));
    // The form's own headings where it has them; its first column (the guideline)
    // is this section's heading, and the status gets a column of its own.
    let column = |n: usize, default: &str| {
        cell(document.form.columns.get(n).map_or(default, |c| c.as_str()))
    };
    table_row(
        out,
        &[
            column(1, lang.pick("檢核清單", "Checklist")),
            lang.pick("狀態", "Status").to_owned(),
            column(2, lang.pick("關鍵問題", "Key question")),
            column(3, lang.pick("回答", "Answer")),
        ],
    );
    separator(out, 4);
    for item in &group.items {
        let mut first = true;
        let questions: Vec<_> = item.questions.iter().map(Some).collect();
        // An item without questions still gets its row.
        let questions = if questions.is_empty() {
            vec![None]
        } else {
            questions
        };
        for question in questions {
            // Like the official form, the item is named on its first row only.
            let (item_cell, status_cell) = if first {
                (
                    item_text(document, item),
                    status_word(document.assessment.status(&item.id), lang),
                )
            } else {
                (String::new(), String::new())
            };
            first = false;
            let (question_cell, answer_cell) = question.map_or_else(Default::default, |q| {
                question_cells(document, &q.id, &q.text)
            });
            table_row(out, &[item_cell, status_cell, question_cell, answer_cell]);
        }
    }
    for question in &group.questions {
        let (question_cell, answer_cell) = question_cells(document, &question.id, &question.text);
        table_row(
            out,
            &[String::new(), String::new(), question_cell, answer_cell],
        );
    }
}

/// The checklist cell: id, text and evidence (as text).
fn item_text(document: &Document<'_>, item: &crate::form::Item) -> String {
    let mut text = format!("{} {}", cell(&item.id), cell(&item.text));
    for evidence in document.assessment.evidence(&item.id) {
        let _ = write!(
            text,
            "<br>{}{}{}{}",
            document.lang.pick("佐證", "Evidence"),
            document.lang.colon(),
            cell(&evidence.label),
            document.lang.parenthesized(&cell(&evidence.target))
        );
    }
    text
}

/// The question and answer cells of a row.
fn question_cells(document: &Document<'_>, id: &str, text: &str) -> (String, String) {
    (
        format!("{} {}", cell(id), cell(text)),
        cell(document.assessment.answer(id)),
    )
}

/// The status as the official form's check box, with its word.
fn status_word(status: Status, lang: Lang) -> String {
    let mark = match status {
        Status::Done => "☑ ",
        Status::Todo | Status::Partial => "☐ ",
        Status::Na => "",
    };
    format!("{mark}{}", status.label(lang))
}

/// Answers to questions the form no longer has: kept in the file, so shown too.
fn orphans(out: &mut String, document: &Document<'_>) {
    let lang = document.lang;
    let ids: Vec<&str> = document
        .assessment
        .orphaned_answers(document.form)
        .collect();
    if ids.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "\n## {}\n",
        lang.pick(
            "表單已無以下題目（回答保留）",
            "Answers to questions the form no longer has (kept)"
        )
    );
    table_row(
        out,
        &[
            lang.pick("關鍵問題代碼", "Question").to_owned(),
            lang.pick("回答", "Answer").to_owned(),
        ],
    );
    separator(out, 2);
    for id in ids {
        table_row(out, &[cell(id), cell(document.assessment.answer(id))]);
    }
}

/// Each BRiCS table: 利害關係人 | 類型 | 效益／價值 | 風險 | 成本／條件／脈絡.
fn brics_tables(out: &mut String, document: &Document<'_>) {
    let lang = document.lang;
    if document.assessment.brics.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n## {}", cell(&document.brics.title));
    let mut columns = vec![
        lang.pick("利害關係人", "Stakeholder").to_owned(),
        lang.pick("類型", "Kind").to_owned(),
    ];
    columns.extend(
        document
            .brics
            .dimensions
            .iter()
            .map(|d| cell(d.name_in(lang))),
    );
    for table in &document.assessment.brics {
        let _ = writeln!(out, "\n### {}\n", cell(&table.title));
        table_row(out, &columns);
        separator(out, columns.len());
        for stakeholder in &table.stakeholders {
            let kind = document
                .brics
                .kind(&stakeholder.kind)
                .map_or(stakeholder.kind.as_str(), |k| k.name.as_str());
            let mut cells = vec![cell(&stakeholder.name), cell(kind)];
            let values = [&stakeholder.benefit, &stakeholder.risk, &stakeholder.cost];
            cells.extend(
                document
                    .brics
                    .dimensions
                    .iter()
                    .zip(values)
                    .map(|(_, value)| cell(value)),
            );
            table_row(out, &cells);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::sample::Sample;

    /// `|` not escaped by a backslash.
    fn separators(line: &str) -> usize {
        let mut count = 0;
        let mut chars = line.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => {
                    chars.next();
                }
                '|' => count += 1,
                _ => {}
            }
        }
        count
    }

    /// The tables of a Markdown text: runs of consecutive lines starting with `|`.
    fn tables(text: &str) -> Vec<Vec<&str>> {
        let mut tables: Vec<Vec<&str>> = Vec::new();
        let mut current: Vec<&str> = Vec::new();
        for line in text.lines() {
            if line.starts_with('|') {
                current.push(line);
            } else if !current.is_empty() {
                tables.push(std::mem::take(&mut current));
            }
        }
        if !current.is_empty() {
            tables.push(current);
        }
        tables
    }

    #[test]
    fn every_table_row_has_as_many_cells_as_its_header() {
        let sample = Sample::new();
        let document = sample.document(Lang::Zh);
        let text = form(&document);
        let tables = tables(&text);
        // One per guideline group and the BRiCS table.
        assert_eq!(tables.len(), document.form.groups.len() + 1);
        for table in &tables {
            let header = separators(table[0]);
            for line in table {
                assert_eq!(separators(line), header, "broken row: {line}");
            }
        }
        let rows: usize = tables[..document.form.groups.len()]
            .iter()
            .map(|t| t.len() - 2)
            .sum();
        assert_eq!(rows, 16);
        assert_eq!(
            tables[0][0],
            "| 檢核清單(Checklist) | 狀態 | 關鍵問題(Key Questions) | 機關規劃構想或數位服務現況 |"
        );
        // The tricky answer stays in one row, its pipe escaped, its line break a <br>.
        let row = text
            .lines()
            .find(|l| l.contains("3.1.1"))
            .expect("3.1.1 row");
        assert_eq!(separators(row), 5);
        assert!(row.contains(
            "&lt;b&gt;粗體&lt;/b&gt; &amp; \"引號\" \\| 管線<br>第二行␛\\[31m&lt;U+202E&gt;"
        ));
    }

    #[test]
    fn repository_text_cannot_become_markup() {
        let sample = Sample::new();
        let text = form(&sample.document(Lang::Zh));
        assert!(!text.contains("<b>"));
        assert!(!text.contains('\u{1b}') && !text.contains('\u{202e}'));
        assert_eq!(
            cell("*強調* _底線_ `碼` [連結](x) # ~~刪~~ $x$ a\\b"),
            "\\*強調\\* \\_底線\\_ \\`碼\\` \\[連結\\](x) \\# \\~\\~刪\\~\\~ \\$x\\$ a\\\\b"
        );
    }

    #[test]
    fn form_has_title_header_revision_headings_and_statuses() {
        let sample = Sample::new();
        let document = sample.document(Lang::Zh);
        let text = form(&document);
        assert!(text.starts_with("# 政府數位服務指引：政府資通訊應用計畫自評表\n"));
        assert!(text.contains("\n- 計畫名稱：OOOO 資訊系統功能提升及維運計畫 ( 110-114 年 )\n"));
        assert!(text.contains("\n- 版本：01234567（2026-11-22 14:05 +0800，王小明）\n"));
        assert!(text.contains("\n- 送審階段：第一次送審\n"));
        let heading = document.guidelines.guideline("2").expect("2").heading();
        assert!(text.contains(&format!("\n## {heading}\n")));
        assert!(text.contains("| 2.1 已完成人力配置評估 | ☐ 部分完成 | 2.1.1 "));
        assert!(text.contains("| 2.2 已建立跨機關協調與合作機制 | 不適用 | 2.2.1 "));
        assert!(text.contains("|  |  | 2.2.2 "));
        assert!(text.contains("| 1.1 已從使用者觀點描述服務情境與再造策略 | ☑ 已完成 | 1.1.1 "));
        assert!(text.contains(
            "| 資料申請者 | 服務受益／使用者 | 瞭解其他申請者的經驗 | 申請被駁回 | 時間與心力 |"
        ));
        assert!(text.contains(
            "| 主管資料的行政機關 | 政府主管機關 | 減少重複申請 |  | 統整准駁原因的人力 |"
        ));
    }

    #[test]
    fn comparison_strikes_removed_and_underlines_added_characters_as_html_and_odt_do() {
        let sample = Sample::new();
        let comparison = sample.comparison(Lang::Zh);
        let text = super::comparison(&comparison);
        assert!(text.starts_with("# 政府數位服務指引：政府資通訊應用計畫自評表 修正對照表\n"));
        assert!(
            text.contains("- 修正前 (A)：第一次送審（01234567，2026-11-22 14:05 +0800，王小明）")
        );
        let tables = tables(&text);
        assert_eq!(tables.len(), 1);
        assert_eq!(tables[0].len() - 2, comparison.rows.len());
        for line in &tables[0] {
            assert_eq!(separators(line), 5, "broken row: {line}");
        }
        assert!(text.contains("| <del>已</del>完成 | <ins>部分</ins>完成 |"));
        let row = text
            .lines()
            .find(|l| l.starts_with("| 3.1.1"))
            .expect("3.1.1");
        assert!(row.contains("| <del>以本計畫規劃"));
        assert!(row.contains("| <ins>&lt;b&gt;粗體&lt;/b&gt;"));
        assert!(!row.contains("**"), "added text is not bold: {row}");
        assert!(row.ends_with("| 補充改善前後對照 |"));
    }

    #[test]
    fn changed_pieces_are_tags_that_work_next_to_cjk_punctuation() {
        let pieces = [
            (Mark::Plain, "文".to_owned()),
            (Mark::Added, "「引號」".to_owned()),
            (Mark::Removed, "*".to_owned()),
            (Mark::Plain, "字".to_owned()),
        ];
        assert_eq!(
            marked(&pieces, false),
            "文<ins>「引號」</ins><del>\\*</del>字"
        );
    }

    #[test]
    fn what_would_open_a_block_at_a_line_start_is_escaped_there_only() {
        assert_eq!(escape("- 1. a", true), r"\- 1. a");
        assert_eq!(escape("- 1. a", false), "- 1. a");
        assert_eq!(escape("12. a", true), r"12\. a");
        assert_eq!(escape("    code", true), "&#32;&#32;&#32;&#32;code");
        assert_eq!(escape("# x", false), r"\# x");
        assert_eq!(escape("a\nb", false), "a<br>b");
        // A piece after a marked one is not at the start of the line.
        let pieces = [
            (Mark::Added, "新".to_owned()),
            (Mark::Plain, "- 舊".to_owned()),
        ];
        assert_eq!(marked(&pieces, true), "<ins>新</ins>- 舊");
        let pieces = [(Mark::Plain, "- 舊".to_owned())];
        assert_eq!(marked(&pieces, true), r"\- 舊");
    }

    #[test]
    fn comparison_without_rows_says_so() {
        let sample = Sample::new();
        let mut comparison = sample.comparison(Lang::Zh);
        comparison.rows.clear();
        let text = super::comparison(&comparison);
        assert!(text.contains("兩個版本之間沒有修正。"));
        assert!(tables(&text).is_empty());
    }
}
