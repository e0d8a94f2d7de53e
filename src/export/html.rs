//! HTML: the filled form as one self-contained, printable page (header fields,
//! completion bars, the form table, the BRiCS tables), and the 修正對照表 as another.
//!
//! The page loads nothing: the style sheet is inline and the bars are inline SVG, so
//! the file can be mailed, archived and printed as it is. The markup is also
//! well-formed XML (every element closed, attributes quoted, only the five XML
//! entities), so tests and other tools can read it with an XML parser.

use std::fmt::Write as _;

use crate::assessment::Cell;
use crate::i18n::Lang;
use crate::report::form::{ItemReport, Row, StakeholderReport};
use crate::report::{
    CommentReport, Comparison, Entry, Fix, FormReport, ReplyRow, ReplyTable, Revision, Side, words,
};
use crate::review::{Standing, Target};
use crate::safe_text::visible;

/// The style sheet of both pages. A4 print rules keep table headers on every page and
/// rows whole; colours that carry meaning (bars, changes) survive black-and-white
/// printing through shape too (bar length, strike-through, underline).
const STYLE: &str = r#"
:root { color-scheme: light; }
body {
  font-family: "Noto Sans CJK TC", "Noto Sans TC", "Source Han Sans TC", "PingFang TC",
    "Microsoft JhengHei", "Heiti TC", "Segoe UI Symbol", sans-serif;
  color: #1b1b1b; background: #fff; line-height: 1.6;
  max-width: 64rem; margin: 2rem auto; padding: 0 1.5rem;
}
h1 { font-size: 1.6rem; margin: 0 0 .75rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .75rem; border-bottom: 2px solid #d0d7de; padding-bottom: .2rem; }
h3 { font-size: 1.05rem; margin: 1.5rem 0 .5rem; }
.intro { color: #444; font-size: .95rem; }
dl.fields { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: 1rem 0; }
dl.fields dt { font-weight: bold; }
dl.fields dd { margin: 0; }
dl.fields dt.revision { border-top: 1px solid #d0d7de; padding-top: .25rem; }
dl.fields dd.revision { border-top: 1px solid #d0d7de; padding-top: .25rem; }
.tag { display: inline-block; border: 1px solid #8c959f; border-radius: .3rem; padding: 0 .4rem; margin-right: .3rem; font-size: .9em; }
.overall { font-size: 1.05rem; }
.overall strong { font-size: 1.4rem; margin-right: .5rem; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #8c959f; padding: .35rem .5rem; vertical-align: top; text-align: left; }
thead th { background: #eaeef2; }
table.progress { width: auto; }
table.progress th, table.progress td { border: none; padding: .1rem .5rem .1rem 0; vertical-align: middle; }
table.progress th { font-weight: normal; white-space: nowrap; }
table.progress td.count { white-space: nowrap; font-variant-numeric: tabular-nums; text-align: right; }
table.progress td.bar { width: 210px; }
svg.bar { display: block; }
table.form, table.compare { table-layout: fixed; }
table.form col.guideline { width: 13%; }
table.form col.item { width: 19%; }
table.form col.question { width: 22%; }
table.compare col.entry { width: 22%; }
table.compare col.note { width: 14%; }
th.guideline { background: #f6f8fa; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; }
td, th { overflow-wrap: anywhere; }
.id { color: #57606a; font-size: .85em; margin-right: .35em; font-variant-numeric: tabular-nums; }
.mark { font-size: 1.1em; margin-right: .25em; }
.badge { display: inline-block; border: 1px solid #8c959f; border-radius: .3rem; padding: 0 .35rem; margin: 0 0 .2rem; font-size: .85em; }
.badge.partial { border-color: #9a6700; color: #7d4e00; background: #fff8c5; }
.badge.na { border-color: #8c959f; color: #57606a; background: #f6f8fa; }
.evidence { margin: .3rem 0 0; padding-left: 1.2rem; font-size: .9em; color: #444; }
.empty { color: #a0a7b0; }
del { color: #b3261e; text-decoration: line-through; background: #ffebe9; }
ins { color: #0b57d0; text-decoration: underline; background: #ddf4ff; }
.none { font-style: italic; }
@page { size: A4; margin: 15mm 12mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10pt; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  thead { display: table-header-group; }
  /* Rows stay whole. In the form table this is asked of the question and answer
     cells, not the row: Chromium keeps a row together with every row a rowspan
     cell in it covers, which pushed whole guidelines to the next page. */
  table.form td.question, table.form td.answer,
  table.brics tr, table.compare tr, table.orphans tr { break-inside: avoid; page-break-inside: avoid; }
  table.progress, dl.fields { break-inside: avoid; page-break-inside: avoid; }
  thead th, th.guideline, del, ins, .badge { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"#;

/// Renders the assessment as one self-contained HTML page: the form's title and
/// header fields, the revision shown, completion per guideline as bars, the form
/// table in official order and the BRiCS tables. Every text from the repository is
/// made visible and escaped.
pub fn report(report: &FormReport) -> String {
    let mut out = String::new();
    // The review's rules only where there are comments: a page without them is
    // byte for byte what it was before comments existed.
    let extra = if report.comments.is_empty() {
        ""
    } else {
        REVIEW_STYLE
    };
    open_page(&mut out, &report.title, extra);
    header(&mut out, report);
    review_summary(&mut out, report);
    completion(&mut out, report);
    form_table(&mut out, report);
    orphans(&mut out, report);
    brics_tables(&mut out, report);
    unplaced_comments(&mut out, report);
    close_page(&mut out);
    out
}

/// Renders a 修正對照表 as one self-contained HTML page: which revisions are
/// compared, then 項目 | 修正前 (A) | 修正後 (B) | 說明 with removed characters struck
/// through and added ones underlined.
pub fn comparison(comparison: &Comparison) -> String {
    let title = comparison.title();
    let mut out = String::new();
    open_page(&mut out, &title, "");
    out.push_str("<h1>");
    push_text(&mut out, &title);
    out.push_str("</h1>\n<dl class=\"fields\">\n");
    for (name, revision) in comparison.sides() {
        let _ = write!(out, "<dt>{name}</dt><dd>");
        push_text(&mut out, &revision);
        out.push_str("</dd>\n");
    }
    out.push_str("</dl>\n");
    if comparison.rows.is_empty() {
        let _ = writeln!(out, "<p class=\"none\">{}</p>", comparison.no_changes());
    } else {
        comparison_table(&mut out, comparison);
    }
    close_page(&mut out);
    out
}

/// Writes the doctype, the head with the inline style sheet (and `extra` rules
/// after it) and opens the body.
fn open_page(out: &mut String, title: &str, extra: &str) {
    // zh-Hant whatever the chrome language: the official content is always
    // Traditional Chinese, and the language picks the CJK glyph variants.
    out.push_str("<!DOCTYPE html>\n<html lang=\"zh-Hant\">\n<head>\n<meta charset=\"utf-8\" />\n");
    out.push_str(
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n<title>",
    );
    // <title> holds text only: a line break must not become a <br /> there.
    out.push_str(&attribute(title));
    out.push_str("</title>\n<style>");
    out.push_str(STYLE);
    out.push_str(extra);
    out.push_str("</style>\n</head>\n<body>\n");
}

/// Closes the body and the document.
fn close_page(out: &mut String) {
    out.push_str("</body>\n</html>\n");
}

/// Appends untrusted text: control and bidi characters made visible first, then the
/// characters HTML gives meaning to escaped; line breaks become `<br />`.
fn push_text(out: &mut String, text: &str) {
    for c in visible(text, true).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' => out.push_str("<br />"),
            c => out.push(c),
        }
    }
}

/// Untrusted text for an attribute value: on one line, escaped.
fn attribute(text: &str) -> String {
    let mut out = String::new();
    push_text(&mut out, &visible(text, false));
    out
}

/// A visibly empty cell's content.
fn push_empty(out: &mut String, word: &str) {
    out.push_str("<span class=\"empty\">");
    out.push_str(word);
    out.push_str("</span>");
}

/// ` rowspan="n"` when a cell spans more than one row.
fn rowspan(rows: usize) -> String {
    if rows > 1 {
        format!(" rowspan=\"{rows}\"")
    } else {
        String::new()
    }
}

/// Title, official introduction, header fields and the revision shown.
fn header(out: &mut String, report: &FormReport) {
    out.push_str("<header>\n<h1>");
    push_text(out, &report.title);
    out.push_str("</h1>\n");
    if let Some(intro) = &report.intro {
        out.push_str("<p class=\"intro text\">");
        push_text(out, intro);
        out.push_str("</p>\n");
    }
    out.push_str("<dl class=\"fields\">\n");
    for field in &report.fields {
        out.push_str("<dt>");
        push_text(out, &field.label);
        out.push_str("</dt><dd>");
        match field.value.as_str() {
            "" => push_empty(out, "—"),
            value => push_text(out, value),
        }
        comment_blocks(out, report, &Target::Meta(field.id.clone()));
        out.push_str("</dd>\n");
    }
    if let Some(revision) = &report.revision {
        revision_fields(out, revision, report.lang);
    }
    out.push_str("</dl>\n</header>\n");
}

/// The revision's short id, date, author and iteration tags as header fields.
fn revision_fields(out: &mut String, revision: &Revision, lang: Lang) {
    let fields = [
        (lang.pick("版本", "Revision"), &revision.short),
        (lang.pick("提交日期", "Date"), &revision.date),
        (lang.pick("作者", "Author"), &revision.author),
    ];
    for (n, (name, value)) in fields.into_iter().enumerate() {
        // The first revision row gets a rule above it, setting it apart from the
        // form's own fields.
        let class = if n == 0 { " class=\"revision\"" } else { "" };
        let _ = write!(out, "<dt{class}>{name}</dt><dd{class}>");
        push_text(out, value);
        out.push_str("</dd>\n");
    }
    if !revision.iterations.is_empty() {
        let _ = write!(out, "<dt>{}</dt><dd>", lang.pick("送審階段", "Iterations"));
        for tag in &revision.iterations {
            out.push_str("<span class=\"tag\">");
            push_text(out, tag);
            out.push_str("</span>");
        }
        out.push_str("</dd>\n");
    }
}

/// The overall 完成度 and one bar per guideline group, each with the counts behind it.
fn completion(out: &mut String, report: &FormReport) {
    let lang = report.lang;
    let total = &report.completion;
    let _ = write!(
        out,
        "<section class=\"completion\">\n<h2>{}</h2>\n<p class=\"overall\"><strong>{}%</strong>",
        lang.pick("完成度", "Completion"),
        total.percent()
    );
    let _ = writeln!(out, "{}</p>", total.summary(lang));
    out.push_str("<table class=\"progress\">\n<tbody>\n");
    for group in &report.groups {
        let done = &group.completion;
        out.push_str("<tr><th scope=\"row\">");
        push_text(out, &group.heading);
        out.push_str("</th><td class=\"bar\">");
        bar(out, done.done(), done.total(), &group.heading);
        let _ = writeln!(
            out,
            "</td><td class=\"count\">{}{}{}</td></tr>",
            done.done(),
            lang.pick("／", "/"),
            done.total()
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

/// A progress bar as inline SVG: it prints in colour without the browser's
/// "print backgrounds" option, which CSS backgrounds need. Filled by whole pixels
/// rounded down, so only a finished group is full.
fn bar(out: &mut String, done: usize, total: usize, label: &str) {
    const WIDTH: usize = 200;
    let filled = (WIDTH * done).checked_div(total).unwrap_or(0);
    let colour = if total > 0 && done == total {
        "#1a7f37"
    } else {
        "#0969da"
    };
    let _ = write!(
        out,
        "<svg class=\"bar\" width=\"{WIDTH}\" height=\"12\" viewBox=\"0 0 {WIDTH} 12\" \
         role=\"img\" aria-label=\"{} {done}/{total}\">\
         <rect width=\"{WIDTH}\" height=\"12\" rx=\"3\" fill=\"#d8dee4\" />\
         <rect width=\"{filled}\" height=\"12\" rx=\"3\" fill=\"{colour}\" /></svg>",
        attribute(label)
    );
}

/// The form table: the form's column headings, then one `<tbody>` per guideline
/// group with the guideline and item cells spanning their rows.
fn form_table(out: &mut String, report: &FormReport) {
    let _ = writeln!(
        out,
        "<section class=\"form\">\n<h2>{}</h2>",
        report
            .lang
            .pick("檢核清單與關鍵問題", "Checklist and key questions")
    );
    out.push_str(
        "<table class=\"form\">\n<colgroup><col class=\"guideline\" /><col class=\"item\" />\
         <col class=\"question\" /><col class=\"answer\" /></colgroup>\n<thead><tr>",
    );
    for heading in &report.columns {
        out.push_str("<th scope=\"col\">");
        push_text(out, heading);
        out.push_str("</th>");
    }
    out.push_str("</tr></thead>\n");
    for group in &report.groups {
        out.push_str("<tbody>\n");
        for row in group.rows() {
            form_row(out, report, &row, &group.heading);
        }
        out.push_str("</tbody>\n");
    }
    out.push_str("</table>\n</section>\n");
}

/// One row of the form table: the cells that start on it.
fn form_row(out: &mut String, report: &FormReport, row: &Row<'_>, heading: &str) {
    let lang = report.lang;
    out.push_str("<tr>");
    if let Some(rows) = row.guideline_rows {
        let _ = write!(
            out,
            "<th scope=\"rowgroup\" class=\"guideline\"{}>",
            rowspan(rows)
        );
        push_text(out, heading);
        out.push_str("</th>");
    }
    match (row.item, row.item_rows) {
        (Some(item), Some(rows)) => item_cell(out, report, item, rows),
        (None, Some(rows)) => {
            let _ = write!(out, "<td class=\"item\"{}></td>", rowspan(rows));
        }
        (_, None) => {}
    }
    match row.question {
        Some(question) => {
            out.push_str("<td class=\"question\"><span class=\"id\">");
            push_text(out, &question.id);
            out.push_str("</span>");
            push_text(out, &question.text);
            out.push_str("</td><td class=\"answer text\">");
            match question.answer.as_str() {
                "" => push_empty(out, words::no_answer(lang)),
                answer => push_text(out, answer),
            }
            comment_blocks(out, report, &Target::Question(question.id.clone()));
            out.push_str("</td>");
        }
        None => out.push_str("<td class=\"question\"></td><td class=\"answer\"></td>"),
    }
    out.push_str("</tr>\n");
}

/// A checklist cell: the status as the official form marks it, the item and its
/// evidence (as text: a link from the repository is not made clickable).
fn item_cell(out: &mut String, report: &FormReport, item: &ItemReport, rows: usize) {
    let lang = report.lang;
    let _ = write!(out, "<td class=\"item\"{}>", rowspan(rows));
    status_mark(out, item, lang);
    out.push_str("<span class=\"id\">");
    push_text(out, &item.id);
    out.push_str("</span>");
    push_text(out, &item.text);
    let evidence = item.evidence_words(lang);
    if !evidence.is_empty() {
        out.push_str("<ul class=\"evidence\">");
        for entry in evidence {
            let _ = write!(out, "<li>{}{}", words::evidence_word(lang), lang.colon());
            push_text(out, &entry);
            out.push_str("</li>");
        }
        out.push_str("</ul>");
    }
    comment_blocks(out, report, &Target::Item(item.id.clone()));
    out.push_str("</td>");
}

/// The official form's check box (☑ done, ☐ to do) titled with its word; a badge
/// with the word where the box alone cannot say it ("☐ 部分完成", "不適用").
fn status_mark(out: &mut String, item: &ItemReport, lang: Lang) {
    let (status, label) = (item.status, words::status(item.status, lang));
    let _ = match (item.mark(), item.spelled_status(lang)) {
        (Some(mark), None) => write!(
            out,
            "<span class=\"mark {status}\" title=\"{label}\">{mark}</span>"
        ),
        (Some(mark), Some(word)) => write!(
            out,
            "<span class=\"badge {status}\">{mark} {word}</span><br />"
        ),
        (None, _) => write!(out, "<span class=\"badge {status}\">{label}</span><br />"),
    };
}

/// Answers to questions the form no longer has: kept in the file, so shown too.
fn orphans(out: &mut String, report: &FormReport) {
    let lang = report.lang;
    if report.orphaned_answers.is_empty() {
        return;
    }
    let _ = write!(
        out,
        "<section class=\"orphans\">\n<h2>{}</h2>\n<table class=\"orphans\">\n\
         <thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>\n",
        words::orphans_heading(lang),
        lang.pick("關鍵問題代碼", "Question"),
        lang.pick("回答", "Answer"),
    );
    for (id, answer) in &report.orphaned_answers {
        out.push_str("<tr><td>");
        push_text(out, id);
        out.push_str("</td><td class=\"text\">");
        push_text(out, answer);
        comment_blocks(out, report, &Target::Question(id.clone()));
        out.push_str("</td></tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

/// Each BRiCS table: 利害關係人 | 類型 | 效益／價值 | 風險 | 成本／條件／脈絡.
fn brics_tables(out: &mut String, report: &FormReport) {
    let (lang, brics) = (report.lang, &report.brics);
    if brics.tables.is_empty() {
        return;
    }
    out.push_str("<section class=\"brics\">\n<h2>");
    push_text(out, &brics.title);
    out.push_str("</h2>\n");
    for table in &brics.tables {
        out.push_str("<h3>");
        push_text(out, &table.title);
        out.push_str("</h3>\n");
        comment_blocks(out, report, &brics_target(&table.id, None, None));
        out.push_str("<table class=\"brics\">\n<thead><tr>");
        for heading in &brics.columns {
            out.push_str("<th scope=\"col\">");
            push_text(out, heading);
            out.push_str("</th>");
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        for stakeholder in &table.stakeholders {
            stakeholder_row(out, report, &table.id, stakeholder);
        }
        if table.stakeholders.is_empty() {
            let _ = write!(out, "<tr><td colspan=\"{}\">", brics.columns.len());
            push_empty(
                out,
                lang.pick("（尚無利害關係人）", "(no stakeholders yet)"),
            );
            out.push_str("</td></tr>\n");
        }
        out.push_str("</tbody>\n</table>\n");
    }
    out.push_str("</section>\n");
}

/// One stakeholder: name, kind and the dimension cells, empty ones marked so a
/// reviewer sees the gap; comments on the stakeholder under its name, on a cell in
/// the cell.
fn stakeholder_row(
    out: &mut String,
    report: &FormReport,
    table: &str,
    stakeholder: &StakeholderReport,
) {
    let on = |cell: Option<Cell>| brics_target(table, Some(&stakeholder.id), cell);
    out.push_str("<tr><th scope=\"row\">");
    cell_text(out, &stakeholder.name);
    comment_blocks(out, report, &on(None));
    comment_blocks(out, report, &on(Some(Cell::Name)));
    out.push_str("</th><td>");
    cell_text(out, &stakeholder.kind);
    comment_blocks(out, report, &on(Some(Cell::Kind)));
    out.push_str("</td>");
    for (value, cell) in stakeholder.dimensions.iter().zip(Cell::DIMENSIONS) {
        out.push_str("<td class=\"text\">");
        cell_text(out, value);
        comment_blocks(out, report, &on(Some(cell)));
        out.push_str("</td>");
    }
    out.push_str("</tr>\n");
}

/// A cell's text, or a grey dash when it is empty.
fn cell_text(out: &mut String, text: &str) {
    if text.trim().is_empty() {
        push_empty(out, "—");
    } else {
        push_text(out, text);
    }
}

/// The 修正對照表 table.
fn comparison_table(out: &mut String, comparison: &Comparison) {
    out.push_str(
        "<table class=\"compare\">\n<colgroup><col class=\"entry\" /><col class=\"before\" />\
         <col class=\"after\" /><col class=\"note\" /></colgroup>\n<thead><tr>",
    );
    for heading in comparison.columns() {
        let _ = write!(out, "<th scope=\"col\">{heading}</th>");
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &comparison.rows {
        out.push_str("<tr><td>");
        push_text(out, &row.entry.heading);
        out.push_str("</td><td class=\"text\">");
        changed_side(out, &row.entry, Side::Before);
        out.push_str("</td><td class=\"text\">");
        changed_side(out, &row.entry, Side::After);
        out.push_str("</td><td>");
        for (n, note) in row.notes.iter().enumerate() {
            if n > 0 {
                out.push_str("<br />");
            }
            push_text(out, note);
        }
        out.push_str("</td></tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}

/// One side of a change with its changed runs marked: `<del>` before, `<ins>` after.
fn changed_side(out: &mut String, entry: &Entry, side: Side) {
    let runs = entry.runs(side);
    if runs.is_empty() {
        return push_empty(out, "—");
    }
    let tag = match side {
        Side::Before => "del",
        Side::After => "ins",
    };
    for run in runs {
        if run.changed {
            let _ = write!(out, "<{tag}>");
            push_text(out, &run.text);
            let _ = write!(out, "</{tag}>");
        } else {
            push_text(out, &run.text);
        }
    }
}

/// The rules of the comment blocks, added to [`STYLE`] only on a page that has
/// comments. A block is set off by a bar whose colour follows its standing and
/// whose words say it too, so black-and-white print loses nothing.
const REVIEW_STYLE: &str = r#"
.review { margin: .4rem 0 0; padding: .2rem .5rem; border-left: 3px solid #9a6700; background: #fff8e1; font-size: .88em; line-height: 1.5; }
.review.replied { border-left-color: #0969da; background: #f1f8ff; }
.review.accepted { border-left-color: #1a7f37; background: #f0fff4; }
.review p { margin: .1rem 0; }
.review .who { font-weight: bold; }
.review .details { color: #57606a; }
.review .target { color: #57606a; }
.review .reply { border-top: 1px dotted #8c959f; padding-top: .1rem; }
section.review-summary .review { font-size: .95em; }
table.brics { table-layout: fixed; }
@media print {
  .review { break-inside: avoid; page-break-inside: avoid; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"#;

/// The comments' CSS class for where they stand: open (待回覆, 再修正), replied,
/// accepted (同意, and 已變更 with its own words).
fn standing_class(standing: Standing) -> &'static str {
    match standing {
        Standing::Open | Standing::Reopened => "open",
        Standing::Replied => "replied",
        Standing::Changed | Standing::Accepted => "accepted",
    }
}

/// A BRiCS target.
fn brics_target(table: &str, stakeholder: Option<&str>, cell: Option<Cell>) -> Target {
    Target::Brics {
        table: table.to_owned(),
        stakeholder: stakeholder.map(str::to_owned),
        cell,
    }
}

/// The blocks of the comments on `target`, if any.
fn comment_blocks(out: &mut String, report: &FormReport, target: &Target) {
    for comment in report.comments_on(target) {
        comment_block(out, report.lang, comment, false);
    }
}

/// One comment: `審查意見 N（standing，reviewer，iteration）text`, the reviewer's
/// reasons for asking more, then the team's reply (each reply, labelled, when two
/// were written at once). With `with_target`, the target in words before the text.
fn comment_block(out: &mut String, lang: Lang, comment: &CommentReport, with_target: bool) {
    let _ = write!(
        out,
        "<div class=\"review {}\"><p class=\"comment\"><span class=\"who\">",
        standing_class(comment.standing)
    );
    push_text(out, &comment.title(lang));
    out.push_str("</span><span class=\"details\">");
    push_text(out, &lang.parenthesized(&comment.details(lang)));
    out.push_str("</span>");
    if with_target {
        out.push_str("<span class=\"target\">");
        push_text(out, &comment.target_text);
        out.push_str(lang.colon());
        out.push_str("</span>");
    }
    push_text(out, &comment.comment.text);
    out.push_str("</p>");
    for (label, note) in comment.reopenings(lang) {
        out.push_str("<p class=\"reopen\"><span class=\"who\">");
        push_text(out, &format!("{label}{}", lang.colon()));
        out.push_str("</span>");
        push_text(out, note);
        out.push_str("</p>");
    }
    for (label, reply) in comment.replies(lang) {
        out.push_str("<p class=\"reply\"><span class=\"who\">");
        push_text(out, &format!("{label}{}", lang.colon()));
        out.push_str("</span>");
        push_text(out, &reply.text);
        out.push_str("</p>");
    }
    out.push_str("</div>");
}

/// Above the form, when there are comments: how many stand where, and the comments
/// on the assessment as a whole.
fn review_summary(out: &mut String, report: &FormReport) {
    let lang = report.lang;
    if report.comments.is_empty() {
        return;
    }
    // The standings were read when the report was made: count those.
    let described = Standing::ALL
        .iter()
        .map(|standing| {
            let n = report
                .comments
                .iter()
                .filter(|c| c.standing == *standing)
                .count();
            format!("{} {n}", standing.label(lang))
        })
        .collect::<Vec<_>>()
        .join(" · ");
    let _ = write!(
        out,
        "<section class=\"review-summary\">\n<h2>{}</h2>\n<p>{}{}</p>\n",
        lang.pick("審查意見", "Review comments"),
        match lang {
            Lang::Zh => format!("共 {} 則：", report.comments.len()),
            Lang::En => format!("{} in all: ", report.comments.len()),
        },
        described
    );
    for comment in report.comments_on(&Target::General) {
        comment_block(out, lang, comment, false);
    }
    out.push_str("</section>\n");
}

/// Whether the page has a place for comments on `target`: a header field, an item
/// or a question of the form, an answer kept for a question the form no longer
/// has, a BRiCS table or stakeholder of the assessment. The whole is shown above.
fn has_place(report: &FormReport, target: &Target) -> bool {
    match target {
        Target::General => true,
        Target::Meta(field) => report.fields.iter().any(|f| f.id == *field),
        Target::Item(id) => report
            .groups
            .iter()
            .any(|g| g.items.iter().any(|i| i.id == *id)),
        Target::Question(id) => {
            report.groups.iter().any(|g| {
                g.questions.iter().any(|q| q.id == *id)
                    || g.items
                        .iter()
                        .any(|i| i.questions.iter().any(|q| q.id == *id))
            }) || report.orphaned_answers.iter().any(|(q, _)| q == id)
        }
        Target::Brics {
            table, stakeholder, ..
        } => report.brics.tables.iter().any(|t| {
            t.id == *table
                && stakeholder
                    .as_ref()
                    .is_none_or(|s| t.stakeholders.iter().any(|row| row.id == *s))
        }),
    }
}

/// Comments whose target the page has no place for (a question the form dropped
/// with no answer kept, a stakeholder removed since): listed at the end, each with
/// its target, so none is lost.
fn unplaced_comments(out: &mut String, report: &FormReport) {
    let lang = report.lang;
    let unplaced: Vec<&CommentReport> = report
        .comments
        .iter()
        .filter(|c| !has_place(report, c.target()))
        .collect();
    if unplaced.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "<section class=\"review-other\">\n<h2>{}</h2>",
        lang.pick(
            "其他審查意見（對象已不在評估中）",
            "Other review comments (their targets are no longer in the assessment)"
        )
    );
    for comment in unplaced {
        comment_block(out, lang, comment, true);
    }
    out.push_str("</section>\n");
}

/// The rules of the 審查意見回覆表's page.
const REPLY_STYLE: &str = r#"
.subtitle { color: #444; margin: -.25rem 0 .75rem; }
table.replies { table-layout: fixed; }
table.replies col.number { width: 8%; }
table.replies col.entry { width: 18%; }
table.replies col.comment { width: 22%; }
table.replies col.reply { width: 24%; }
td.number { text-align: center; }
.reviewer, .side { color: #57606a; }
.part { font-weight: bold; }
.fix + .fix { margin-top: .35rem; }
.unchanged { font-weight: bold; }
@media print { table.replies tr { break-inside: avoid; page-break-inside: avoid; } }
"#;

/// Renders a 審查意見回覆表 as one self-contained HTML page: the title (plan,
/// iteration), which versions 修正情形 compares and the date, then 編號 | 項目 |
/// 審查意見 | 回覆說明 | 修正情形 with removed text struck through (`<del>`) and
/// added text underlined (`<ins>`), as in the 修正對照表.
pub fn replies(table: &ReplyTable) -> String {
    let lang = table.lang;
    let title = table.title();
    let mut out = String::new();
    open_page(&mut out, &title, REPLY_STYLE);
    out.push_str("<h1>");
    push_text(&mut out, &title);
    out.push_str("</h1>\n<p class=\"subtitle\">");
    push_text(&mut out, &table.subtitle());
    out.push_str("</p>\n<dl class=\"fields\">\n");
    for (name, revision) in table.sides() {
        let _ = write!(out, "<dt>{name}</dt><dd>");
        push_text(&mut out, &revision);
        out.push_str("</dd>\n");
    }
    out.push_str("</dl>\n");
    if table.rows.is_empty() {
        out.push_str("<p class=\"none\">");
        push_text(&mut out, &table.no_comments());
        out.push_str("</p>\n");
        close_page(&mut out);
        return out;
    }
    out.push_str(
        "<table class=\"replies\">\n<colgroup><col class=\"number\" /><col class=\"entry\" />\
         <col class=\"comment\" /><col class=\"reply\" /><col class=\"fix\" /></colgroup>\n<thead><tr>",
    );
    for heading in table.columns() {
        let _ = write!(out, "<th scope=\"col\">{heading}</th>");
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &table.rows {
        reply_row(&mut out, table, row, lang);
    }
    out.push_str("</tbody>\n</table>\n");
    close_page(&mut out);
    out
}

/// One comment of the reply table.
fn reply_row(out: &mut String, table: &ReplyTable, row: &ReplyRow, lang: Lang) {
    let comment = &row.comment;
    let _ = write!(
        out,
        "<tr><td class=\"number\">{}<br /><span class=\"badge\">{}</span></td><td>",
        row.number(),
        comment.standing.label(lang)
    );
    push_text(out, &comment.target_text);
    out.push_str("</td><td class=\"text\">");
    push_text(out, &comment.comment.text);
    if let Some(reviewer) = table.reviewer_line(row) {
        out.push_str("<br /><span class=\"reviewer\">");
        push_text(out, &reviewer);
        out.push_str("</span>");
    }
    for (label, note) in comment.reopenings(lang) {
        out.push_str("<br /><span class=\"reviewer\">");
        push_text(out, &format!("{label}{}", lang.colon()));
        out.push_str("</span>");
        push_text(out, note);
    }
    out.push_str("</td><td class=\"text\">");
    let replies = comment.replies(lang);
    if replies.is_empty() {
        push_empty(out, table.no_reply());
    }
    let labelled = replies.len() > 1;
    for (n, (label, reply)) in replies.into_iter().enumerate() {
        if n > 0 {
            out.push_str("<br />");
        }
        if labelled {
            out.push_str("<span class=\"part\">");
            push_text(out, &format!("{label}{}", lang.colon()));
            out.push_str("</span>");
        }
        push_text(out, &reply.text);
    }
    out.push_str("</td><td class=\"text\">");
    match &row.fix {
        Fix::General => push_empty(out, "—"),
        Fix::Unchanged => {
            out.push_str("<span class=\"unchanged\">");
            push_text(out, table.unchanged());
            out.push_str("</span>");
        }
        Fix::Changed(parts) => {
            for part in parts {
                out.push_str("<div class=\"fix\">");
                if let Some(heading) = &part.heading {
                    out.push_str("<div class=\"part\">");
                    push_text(out, heading);
                    out.push_str("</div>");
                }
                for side in [Side::Before, Side::After] {
                    let _ = write!(
                        out,
                        "<div><span class=\"side\">{}{}</span>",
                        table.side_label(side),
                        lang.colon()
                    );
                    if part.entry.runs(side).is_empty() {
                        push_empty(out, table.nothing());
                    } else {
                        changed_side(out, &part.entry, side);
                    }
                    out.push_str("</div>");
                }
                out.push_str("</div>");
            }
        }
    }
    out.push_str("</td></tr>\n");
}

#[cfg(test)]
mod tests {
    use quick_xml::Reader;
    use quick_xml::events::Event;

    use super::*;
    use crate::export::sample::Sample;

    /// An element of the page: its name, attributes and the text inside it.
    struct Element {
        name: String,
        attributes: Vec<(String, String)>,
        text: String,
    }

    /// Parses the page as XML to the end, failing on any well-formedness error or
    /// an entity XML does not define; returns every element with its text.
    fn parse(page: &str) -> Vec<Element> {
        let mut reader = Reader::from_str(page);
        let mut elements: Vec<Element> = Vec::new();
        let mut open: Vec<usize> = Vec::new();
        loop {
            let event = reader
                .read_event()
                .unwrap_or_else(|e| panic!("not well-formed at {}: {e}", reader.error_position()));
            let text = match &event {
                Event::Start(start) | Event::Empty(start) => {
                    let attributes = start
                        .attributes()
                        .map(|a| {
                            let a = a.expect("attribute");
                            let value = a
                                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                .expect("attribute value");
                            (
                                String::from_utf8_lossy(a.key.as_ref()).into_owned(),
                                value.into_owned(),
                            )
                        })
                        .collect();
                    elements.push(Element {
                        name: String::from_utf8_lossy(start.name().as_ref()).into_owned(),
                        attributes,
                        text: String::new(),
                    });
                    if matches!(event, Event::Start(_)) {
                        open.push(elements.len() - 1);
                    }
                    continue;
                }
                Event::End(_) => {
                    open.pop();
                    continue;
                }
                Event::Text(text) => text.decode().expect("utf-8").into_owned(),
                Event::GeneralRef(reference) => {
                    let name = reference.decode().expect("utf-8");
                    match name.as_ref() {
                        "amp" => "&".to_owned(),
                        "lt" => "<".to_owned(),
                        "gt" => ">".to_owned(),
                        "quot" => "\"".to_owned(),
                        _ => reference
                            .resolve_char_ref()
                            .expect("character reference")
                            .unwrap_or_else(|| panic!("entity &{name}; is not XML"))
                            .to_string(),
                    }
                }
                Event::Eof => break,
                _ => continue,
            };
            for &index in &open {
                elements[index].text.push_str(&text);
            }
        }
        assert!(open.is_empty(), "elements left open");
        elements
    }

    fn attribute_of<'a>(element: &'a Element, name: &str) -> Option<&'a str> {
        element
            .attributes
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// The page is self-contained: nothing that would fetch or run anything.
    fn assert_self_contained(page: &str) {
        for banned in ["src=", "href=\"http", "url(", "@import", "<script", "<link"] {
            assert!(!page.contains(banned), "page contains {banned}");
        }
    }

    #[test]
    fn report_is_well_formed_self_contained_and_escapes_repository_text() {
        let sample = Sample::new();
        let page = report(&sample.report(Lang::Zh));
        parse(&page);
        assert_self_contained(&page);
        assert!(page.starts_with("<!DOCTYPE html>"));
        assert!(page.contains("<html lang=\"zh-Hant\">"));
        assert!(page.contains("&lt;b&gt;粗體&lt;/b&gt;"));
        assert!(!page.contains("<b>"));
        assert!(!page.contains('\u{1b}') && !page.contains('\u{202e}'));
        assert!(page.contains("␛[31m&lt;U+202E&gt;"));
        assert!(page.contains("&quot;引號&quot;"));
        // The answer's line break is kept.
        assert!(page.contains("管線<br />第二行"));
    }

    #[test]
    fn report_shows_header_revision_and_every_question_in_order() {
        let sample = Sample::new();
        let doc = sample.report(Lang::Zh);
        let page = report(&doc);
        let elements = parse(&page);
        let title = elements.iter().find(|e| e.name == "title").expect("title");
        assert_eq!(title.text, "政府數位服務指引：政府資通訊應用計畫自評表");
        for needle in [
            "計畫名稱",
            "OOOO 資訊系統服務(人事人員)",
            "01234567",
            "2026-11-22 14:05 +0800",
            "王小明",
            "第一次送審",
        ] {
            assert!(page.contains(needle), "missing {needle}");
        }
        let questions: Vec<&str> = elements
            .iter()
            .filter(|e| e.name == "td" && attribute_of(e, "class") == Some("question"))
            .map(|e| e.text.as_str())
            .collect();
        let expected: Vec<String> = sample
            .form()
            .questions()
            .map(|(_, _, q)| format!("{}{}", q.id, q.text))
            .collect();
        assert_eq!(questions, expected);
        let headers: Vec<&str> = elements
            .iter()
            .filter(|e| attribute_of(e, "scope") == Some("col"))
            .take(4)
            .map(|e| e.text.as_str())
            .collect();
        assert_eq!(
            headers,
            [
                "政府數位服務指引",
                "檢核清單(Checklist)",
                "關鍵問題(Key Questions)",
                "機關規劃構想或數位服務現況"
            ]
        );
    }

    #[test]
    fn report_marks_status_and_spans_guideline_and_item_cells() {
        let sample = Sample::new();
        let doc = sample.report(Lang::Zh);
        let page = report(&doc);
        let elements = parse(&page);
        let guideline = |heading: &str| {
            elements
                .iter()
                .find(|e| attribute_of(e, "class") == Some("guideline") && e.text == heading)
                .unwrap_or_else(|| panic!("no guideline cell {heading}"))
        };
        let two = sample
            .catalog
            .guidelines
            .guideline("2")
            .expect("2")
            .heading();
        assert_eq!(attribute_of(guideline(&two), "rowspan"), Some("3"));
        let three = sample
            .catalog
            .guidelines
            .guideline("3")
            .expect("3")
            .heading();
        assert_eq!(attribute_of(guideline(&three), "rowspan"), None);
        let item = |id: &str| {
            let text = &sample.form().item(id).expect("item").text;
            elements
                .iter()
                .find(|e| {
                    attribute_of(e, "class") == Some("item")
                        && e.text.contains(&format!("{id}{text}"))
                })
                .unwrap_or_else(|| panic!("no item cell {id}"))
        };
        // 2.1 is partial (one question), 2.2 not applicable (two questions).
        assert!(item("2.1").text.starts_with("☐ 部分完成"));
        assert_eq!(attribute_of(item("2.1"), "rowspan"), None);
        assert!(item("2.2").text.starts_with("不適用"));
        assert_eq!(attribute_of(item("2.2"), "rowspan"), Some("2"));
        assert!(item("1.1").text.starts_with('☑'));
        // 13.0.1 belongs to no item: its checklist cell is empty.
        assert!(
            elements
                .iter()
                .any(|e| attribute_of(e, "class") == Some("item") && e.text.is_empty())
        );
    }

    #[test]
    fn report_has_one_bar_per_guideline_group_and_the_brics_table() {
        let mut sample = Sample::new();
        sample.assessment.set_answer("1.1.1", "");
        let page = report(&sample.report(Lang::Zh));
        let elements = parse(&page);
        assert_eq!(page.matches("<svg").count(), sample.form().groups.len());
        let heading = sample
            .catalog
            .guidelines
            .guideline("1")
            .expect("1")
            .heading();
        let bar = elements
            .iter()
            .find(|e| {
                // 2 of 3 questions answered and its one item done: 3 of 4.
                e.name == "svg" && attribute_of(e, "aria-label") == Some(&*format!("{heading} 3/4"))
            })
            .expect("bar of guideline 1");
        assert_eq!(bar.name, "svg");
        assert!(page.contains("已回答 15／16 個關鍵問題"));
        // 完成度 counts items too: (15 + 10) / (16 + 11) = 92.6 % → 92 %, not the
        // 93 % of the questions alone.
        assert!(page.contains("<strong>92%</strong>"), "{page}");
        let stakeholder = elements
            .iter()
            .find(|e| e.name == "tr" && e.text.starts_with("資料申請者"))
            .expect("BRiCS row");
        assert_eq!(
            stakeholder.text,
            "資料申請者服務受益／使用者瞭解其他申請者的經驗申請被駁回時間與心力"
        );
        // The empty risk cell of 主管資料的行政機關 is visibly marked.
        assert!(
            page.contains("減少重複申請</td><td class=\"text\"><span class=\"empty\">—</span>")
        );
    }

    #[test]
    fn comparison_marks_removed_and_added_characters_row_by_row() {
        let sample = Sample::new();
        let comparison = sample.comparison(Lang::Zh);
        let page = super::comparison(&comparison);
        let elements = parse(&page);
        assert_self_contained(&page);
        let title = elements.iter().find(|e| e.name == "h1").expect("h1");
        assert_eq!(
            title.text,
            "政府數位服務指引：政府資通訊應用計畫自評表 修正對照表"
        );
        assert!(page.contains("第一次送審（01234567，2026-11-22 14:05 +0800，王小明）"));
        let body_rows = elements.iter().filter(|e| e.name == "tr").count() - 1;
        assert_eq!(body_rows, comparison.rows.len());
        assert!(!comparison.rows.is_empty());
        assert!(page.contains("<ins>&lt;b&gt;粗體&lt;/b&gt;"));
        assert!(page.contains("<del>以本計畫規劃"));
        // 2.1 went from done to partial: a status is a name, marked whole (never
        // cut into characters: `do<del>ne</del>` in English).
        assert!(page.contains("<del>已完成</del>"));
        assert!(page.contains("<ins>部分完成</ins>"));
        assert!(page.contains("補充改善前後對照"));
        assert!(!page.contains('\u{1b}'));
    }

    #[test]
    fn comparison_without_rows_says_so() {
        let sample = Sample::new();
        let mut comparison = sample.comparison(Lang::Zh);
        comparison.rows.clear();
        let page = super::comparison(&comparison);
        parse(&page);
        assert!(page.contains("兩個版本之間沒有修正。"));
        assert!(!page.contains("<table"));
    }

    #[test]
    fn reply_table_is_well_formed_and_marks_each_comments_change() {
        let sample = Sample::new();
        let table = sample.replies(Lang::Zh);
        let page = replies(&table);
        let elements = parse(&page);
        assert_self_contained(&page);
        let h1 = elements.iter().find(|e| e.name == "h1").expect("h1");
        assert_eq!(
            h1.text,
            "OOOO 資訊系統功能提升及維運計畫 ( 110-114 年 ) 第一次送審 審查意見回覆表"
        );
        let rows: Vec<&Element> = elements.iter().filter(|e| e.name == "tr").collect();
        assert_eq!(rows.len(), 1 + 4);
        assert!(
            rows[1].text.starts_with("1已回覆3.1.1 "),
            "{}",
            rows[1].text
        );
        assert!(page.contains("<ins>&lt;b&gt;粗體&lt;/b&gt;"));
        assert!(page.contains("<del>已完成</del>") && page.contains("<ins>部分完成</ins>"));
        assert!(
            rows[3].text.ends_with("（尚未回覆）未修正"),
            "{}",
            rows[3].text
        );
        assert!(rows[4].text.ends_with("已檢視—"), "{}", rows[4].text);
        assert!(
            rows[4]
                .text
                .contains("再修正（王委員，2026-11-23）：錯字仍多")
        );
        // Review text is escaped and its controls made visible like answers.
        assert!(page.contains("=HYPERLINK(&quot;x&quot;) &lt;i&gt;斜&lt;/i&gt;␛[1m&lt;U+202E&gt;"));
        assert!(page.contains("回覆（甲，2026-11-21）：</span>@已改寫 &lt;b&gt;粗&lt;/b&gt;␇"));
        assert!(page.contains("回覆（乙，2026-11-21）：</span>另一份回覆"));
        assert!(!page.contains(['\u{1b}', '\u{202e}', '\u{7}']));
    }

    #[test]
    fn reply_table_without_comments_says_so() {
        let sample = Sample::new();
        let mut table = sample.replies(Lang::En);
        table.rows.clear();
        let page = replies(&table);
        parse(&page);
        assert!(page.contains("There are no review comments on 第一次送審."));
        assert!(!page.contains("<table"));
    }

    #[test]
    fn report_shows_each_comment_under_its_target() {
        let sample = Sample::new();
        let review = sample.review();
        let doc = sample
            .report(Lang::Zh)
            .with_review(&review, sample.form(), &sample.assessment);
        let page = report(&doc);
        let elements = parse(&page);
        assert_self_contained(&page);
        let holding = |needle: &str, name: &str| {
            elements
                .iter()
                .filter(|e| e.name == name && e.text.contains(needle))
                .map(|e| attribute_of(e, "class").unwrap_or_default().to_owned())
                .collect::<Vec<_>>()
        };
        // On the question: in its answer cell, after the answer.
        assert_eq!(
            holding("審查意見 1（已回覆，王委員，第一次送審）", "td"),
            ["answer text"]
        );
        assert!(holding("管線第二行␛[31m<U+202E>審查意見 1", "td").len() == 1);
        // On the item: in its cell; on the plan: beside its value.
        assert_eq!(holding("審查意見 2（已回覆", "td"), ["item"]);
        assert_eq!(holding("審查意見 3（待回覆", "dd").len(), 1);
        // On the whole: above the form, with the counts.
        let summary = elements
            .iter()
            .find(|e| attribute_of(e, "class") == Some("review-summary"))
            .expect("the review section");
        assert!(
            summary
                .text
                .contains("共 5 則：待回覆 2 · 再修正 1 · 已回覆 2 · 已變更 0 · 同意 0")
        );
        assert!(
            summary
                .text
                .contains("審查意見 4（再修正，王委員，第一次送審）整體請再檢視")
        );
        assert!(
            summary
                .text
                .contains("再修正（王委員，2026-11-23）：錯字仍多")
        );
        assert!(page.contains("回覆（乙，2026-11-21）：</span>另一份回覆"));
        assert!(page.contains("&lt;i&gt;斜&lt;/i&gt;␛[1m&lt;U+202E&gt;"));
        assert!(page.contains(REVIEW_STYLE));
        // A comment on a stakeholder removed since is not lost.
        let mut review = review;
        review.comments[4].target = Target::Brics {
            table: "t1".into(),
            stakeholder: Some("gone".into()),
            cell: None,
        };
        let page = report(&sample.report(Lang::Zh).with_review(
            &review,
            sample.form(),
            &sample.assessment,
        ));
        let elements = parse(&page);
        let other = elements
            .iter()
            .find(|e| attribute_of(e, "class") == Some("review-other"))
            .expect("the section of comments without a place");
        assert!(other.text.contains("審查意見 5"), "{}", other.text);
    }

    #[test]
    fn report_without_comments_has_no_trace_of_them() {
        let sample = Sample::new();
        let page = report(&sample.report(Lang::Zh));
        assert!(!page.contains("review"), "no review markup or style");
    }
}
