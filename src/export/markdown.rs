//! GitHub-flavoured Markdown: the filled form (one table per guideline) and the
//! 修正對照表, for a README, an issue or a merge request.
//!
//! Repository text goes into table cells and one-line blocks only, escaped so that it
//! can neither break a table (`|`, line breaks) nor turn into markup (`<b>`, `*`,
//! `[link]`, `` ` ``): what someone typed is shown as they typed it.

use std::fmt::Write as _;

use crate::i18n::Lang;
use crate::report::form::{GroupReport, ItemReport};
use crate::report::{Comparison, Entry, Fix, FormReport, Mark, ReplyTable, Side, words};
use crate::safe_text::visible;

/// Renders the report: `# title`, header fields, revision and 完成度 as a list, then
/// per guideline a `## heading` and a table with one row per key question, then
/// answers the form no longer asks for, then the BRiCS tables.
pub fn form(report: &FormReport) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", cell(&report.title));
    if let Some(intro) = &report.intro {
        let _ = writeln!(out, "{}\n", escape(intro, true));
    }
    header(&mut out, report);
    for group in &report.groups {
        guideline(&mut out, report, group);
    }
    orphans(&mut out, report);
    brics_tables(&mut out, report);
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
        table_row(
            &mut out,
            &[
                cell(&row.entry.heading),
                marked_side(&row.entry, Side::Before),
                marked_side(&row.entry, Side::After),
                notes.join("<br>"),
            ],
        );
    }
    out
}

/// One side of a change as a table cell: the runs only this side has in `<del>`
/// (before) or `<ins>` (after).
fn marked_side(entry: &Entry, side: Side) -> String {
    let runs: Vec<(Mark, String)> = entry
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
}

/// Renders a 審查意見回覆表: `# {title}`, the versions compared and the date, then
/// | 編號 | 項目 | 審查意見 | 回覆說明 | 修正情形 | with, in 修正情形, removed text in
/// `<del>` and added text in `<ins>` as in the 修正對照表.
pub fn replies(table: &ReplyTable) -> String {
    let lang = table.lang;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# {}
",
        cell(&table.title())
    );
    let _ = writeln!(
        out,
        "{}
",
        escape(&table.subtitle(), true)
    );
    for (name, revision) in table.sides() {
        let _ = writeln!(out, "- {name}{}{}", lang.colon(), cell(&revision));
    }
    out.push('\n');
    if table.rows.is_empty() {
        let _ = writeln!(out, "{}", escape(&table.no_comments(), true));
        return out;
    }
    table_row(&mut out, &table.columns().map(str::to_owned));
    separator(&mut out, 5);
    for row in &table.rows {
        let comment = &row.comment;
        let mut said = vec![cell(&comment.comment.text)];
        said.extend(table.reviewer_line(row).map(|line| cell(&line)));
        said.extend(
            comment
                .reopenings(lang)
                .into_iter()
                .map(|(label, note)| format!("{}{}{}", cell(&label), lang.colon(), cell(note))),
        );
        let replies = comment.replies(lang);
        let labelled = replies.len() > 1;
        let replies: Vec<String> = replies
            .into_iter()
            .map(|(label, reply)| match labelled {
                true => format!("{}{}{}", cell(&label), lang.colon(), cell(&reply.text)),
                false => cell(&reply.text),
            })
            .collect();
        let replies = if replies.is_empty() {
            table.no_reply().to_owned()
        } else {
            replies.join("<br>")
        };
        table_row(
            &mut out,
            &[
                format!("{}<br>{}", row.number(), comment.standing.label(lang)),
                cell(&comment.target_text),
                said.join("<br>"),
                replies,
                fix_cell(table, &row.fix),
            ],
        );
    }
    out
}

/// 修正情形 as a table cell.
fn fix_cell(table: &ReplyTable, fix: &Fix) -> String {
    let lang = table.lang;
    match fix {
        Fix::General => "—".to_owned(),
        Fix::Unchanged => table.unchanged().to_owned(),
        Fix::Changed(parts) => {
            let mut lines = Vec::new();
            for part in parts {
                if let Some(heading) = &part.heading {
                    lines.push(format!("{}{}", cell(heading), lang.colon()));
                }
                for side in [Side::Before, Side::After] {
                    let text = marked_side(&part.entry, side);
                    let text = if text.is_empty() {
                        table.nothing().to_owned()
                    } else {
                        text
                    };
                    lines.push(format!("{}{}{text}", table.side_label(side), lang.colon()));
                }
            }
            lines.join("<br>")
        }
    }
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

/// Header fields, the revision and 完成度, as a list.
fn header(out: &mut String, report: &FormReport) {
    let lang = report.lang;
    for field in &report.fields {
        let _ = writeln!(
            out,
            "- {}{}{}",
            cell(&field.label),
            lang.colon(),
            cell(&field.value)
        );
    }
    if let Some(revision) = &report.revision {
        let _ = writeln!(
            out,
            "- {}{}{}",
            lang.pick("版本", "Revision"),
            lang.colon(),
            cell(&revision.label(lang))
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
    let total = &report.completion;
    let _ = writeln!(
        out,
        "- {}{}%{}",
        lang.pick("完成度：", "Completion: "),
        total.percent(),
        lang.parenthesized(&total.summary(lang))
    );
}

/// A guideline's section: `## heading` and its table. Markdown cannot span cells, so
/// the item and its status stand on its first row only, like the official form.
fn guideline(out: &mut String, report: &FormReport, group: &GroupReport) {
    let lang = report.lang;
    let _ = writeln!(out, "\n## {}\n", cell(&group.heading));
    // The form's own headings; its first column (the guideline) is this section's
    // heading, and the status gets a column of its own.
    let columns = &report.columns;
    table_row(
        out,
        &[
            cell(&columns[1]),
            lang.pick("狀態", "Status").to_owned(),
            cell(&columns[2]),
            cell(&columns[3]),
        ],
    );
    separator(out, 4);
    for row in group.rows() {
        let (item, status) = match (row.item, row.item_rows) {
            (Some(item), Some(_)) => (item_text(item, lang), status_word(item, lang)),
            _ => (String::new(), String::new()),
        };
        let (question, answer) = row.question.map_or_else(Default::default, |q| {
            (
                format!("{} {}", cell(&q.id), cell(&q.text)),
                cell(&q.answer),
            )
        });
        table_row(out, &[item, status, question, answer]);
    }
}

/// The checklist cell: id, text and evidence (as text).
fn item_text(item: &ItemReport, lang: Lang) -> String {
    let mut text = format!("{} {}", cell(&item.id), cell(&item.text));
    for evidence in item.evidence_words(lang) {
        let _ = write!(
            text,
            "<br>{}{}{}",
            words::evidence_word(lang),
            lang.colon(),
            cell(&evidence)
        );
    }
    text
}

/// The status as the official form's check box, with its word.
fn status_word(item: &ItemReport, lang: Lang) -> String {
    let word = words::status(item.status, lang);
    match item.mark() {
        Some(mark) => format!("{mark} {word}"),
        None => word.to_owned(),
    }
}

/// Answers to questions the form no longer has: kept in the file, so shown too.
fn orphans(out: &mut String, report: &FormReport) {
    let lang = report.lang;
    if report.orphaned_answers.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n## {}\n", words::orphans_heading(lang));
    table_row(
        out,
        &[
            lang.pick("關鍵問題代碼", "Question").to_owned(),
            lang.pick("回答", "Answer").to_owned(),
        ],
    );
    separator(out, 2);
    for (id, answer) in &report.orphaned_answers {
        table_row(out, &[cell(id), cell(answer)]);
    }
}

/// Each BRiCS table: 利害關係人 | 類型 | 效益／價值 | 風險 | 成本／條件／脈絡.
fn brics_tables(out: &mut String, report: &FormReport) {
    let brics = &report.brics;
    if brics.tables.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n## {}", cell(&brics.title));
    let columns: Vec<String> = brics.columns.iter().map(|c| cell(c)).collect();
    for table in &brics.tables {
        let _ = writeln!(out, "\n### {}\n", cell(&table.title));
        table_row(out, &columns);
        separator(out, columns.len());
        for stakeholder in &table.stakeholders {
            let mut cells = vec![cell(&stakeholder.name), cell(&stakeholder.kind)];
            cells.extend(stakeholder.dimensions.iter().map(|value| cell(value)));
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
        let doc = sample.report(Lang::Zh);
        let text = form(&doc);
        let tables = tables(&text);
        // One per guideline group and the BRiCS table.
        assert_eq!(tables.len(), sample.form().groups.len() + 1);
        for table in &tables {
            let header = separators(table[0]);
            for line in table {
                assert_eq!(separators(line), header, "broken row: {line}");
            }
        }
        let rows: usize = tables[..sample.form().groups.len()]
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
        let text = form(&sample.report(Lang::Zh));
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
        let doc = sample.report(Lang::Zh);
        let text = form(&doc);
        assert!(text.starts_with("# 政府數位服務指引：政府資通訊應用計畫自評表\n"));
        assert!(text.contains("\n- 計畫名稱：OOOO 資訊系統功能提升及維運計畫 ( 110-114 年 )\n"));
        assert!(text.contains("\n- 版本：01234567（2026-11-22 14:05 +0800，王小明）\n"));
        assert!(text.contains("\n- 送審階段：第一次送審\n"));
        let heading = sample
            .catalog
            .guidelines
            .guideline("2")
            .expect("2")
            .heading();
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
        // A status is a name: marked whole, as dsw diff and the diff tab show it.
        assert!(text.contains("| <del>已完成</del> | <ins>部分完成</ins> |"));
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

    #[test]
    fn reply_table_rows_stay_whole_and_mark_the_changes() {
        let sample = Sample::new();
        let table = sample.replies(Lang::Zh);
        let text = replies(&table);
        assert!(text.starts_with(
            "# OOOO 資訊系統功能提升及維運計畫 ( 110-114 年 ) 第一次送審 審查意見回覆表\n"
        ));
        assert!(text.contains("修正情形：第一次送審 → 目前版本　日期：2026-11-22"));
        let tables = tables(&text);
        assert_eq!(tables.len(), 1);
        assert_eq!(tables[0].len(), 2 + 4, "a row per comment of the iteration");
        for line in &tables[0] {
            assert_eq!(separators(line), 6, "broken row: {line}");
        }
        let row = |n: &str| {
            tables[0]
                .iter()
                .find(|l| l.starts_with(&format!("| {n}<br>")))
                .unwrap_or_else(|| panic!("row {n}"))
        };
        assert!(
            row("1").contains("<ins>&lt;b&gt;粗體&lt;/b&gt;"),
            "{}",
            row("1")
        );
        assert!(row("1").contains("&lt;i&gt;斜&lt;/i&gt;␛\\[1m&lt;U+202E&gt;"));
        assert!(row("1").contains("回覆（甲，2026-11-21）：@已改寫"));
        assert!(
            row("2")
                .contains("| 狀態：<br>修正前：<del>已完成</del><br>修正後：<ins>部分完成</ins> |")
        );
        assert!(
            row("3").ends_with("| （尚未回覆） | 未修正 |"),
            "{}",
            row("3")
        );
        assert!(row("4").ends_with("| 已檢視 | — |"), "{}", row("4"));
        assert!(row("4").contains("再修正（王委員，2026-11-23）：錯字仍多"));
        assert!(!text.contains(['\u{1b}', '\u{202e}', '\u{7}']));
    }
}
