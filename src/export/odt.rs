//! ODT (ODF 1.3 text document): the official self-assessment form as agencies file it,
//! and the 修正對照表 between two revisions.
//!
//! A package is a zip archive: `mimetype` first and stored, then `content.xml` (the
//! body and the tables' automatic styles), `styles.xml` (fonts, paragraph and text
//! styles, the A4 page and its footer), `meta.xml` and `META-INF/manifest.xml`. All
//! XML is written with quick-xml's writer, so escaping is never done by hand, and all
//! text passes through [`inline`], which makes control and bidi characters visible
//! before they reach the document.

use std::borrow::Cow;
use std::io::{self, Cursor, Write as _};

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::ExportError;
use crate::i18n::Lang;
use crate::report::form::{GroupReport, ItemReport, TableReport};
use crate::report::{
    Comparison, ComparisonRow, Entry, Fix, FormReport, ReplyRow, ReplyTable, Revision, Side, words,
};
use crate::safe_text::visible;

/// The media type of an ODF text document; also the content of `mimetype`.
const MIMETYPE: &str = "application/vnd.oasis.opendocument.text";
/// The ODF version written on every root element and in the manifest.
const ODF_VERSION: &str = "1.3";

const NS_OFFICE: (&str, &str) = (
    "xmlns:office",
    "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
);
const NS_STYLE: (&str, &str) = (
    "xmlns:style",
    "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
);
const NS_TEXT: (&str, &str) = (
    "xmlns:text",
    "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
);
const NS_TABLE: (&str, &str) = (
    "xmlns:table",
    "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
);
const NS_FO: (&str, &str) = (
    "xmlns:fo",
    "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
);
const NS_SVG: (&str, &str) = (
    "xmlns:svg",
    "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
);
const NS_META: (&str, &str) = (
    "xmlns:meta",
    "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
);
const NS_DC: (&str, &str) = ("xmlns:dc", "http://purl.org/dc/elements/1.1/");
const NS_MANIFEST: (&str, &str) = (
    "xmlns:manifest",
    "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0",
);

/// Paragraph and text style names defined in styles.xml.
mod style {
    pub const TITLE: &str = "Title";
    pub const HEADING: &str = "Heading";
    pub const BODY: &str = "Text_Body";
    pub const CELL: &str = "Table_Contents";
    pub const CELL_SMALL: &str = "Table_Contents_Small";
    pub const CELL_HEADING: &str = "Table_Heading";
    pub const CELL_GUIDELINE: &str = "Table_Guideline";
    pub const FOOTER: &str = "Footer";
    pub const STRONG: &str = "Strong";
    pub const REMOVED: &str = "Removed";
    pub const ADDED: &str = "Added";
}

/// Width of the text area: A4 (210 mm) less two 20 mm margins. Every table's
/// columns add up to it, so no table runs off the page.
const TEXT_WIDTH_MM: u32 = 170;

/// A table's look: its style name and its column widths in millimetres.
struct TableLayout {
    style: &'static str,
    columns_mm: &'static [u32],
}

/// 政府數位服務指引 | 檢核清單 | 關鍵問題 | 機關規劃構想: the answers get the most room.
const FORM_TABLE: TableLayout = TableLayout {
    style: "FormTable",
    columns_mm: &[24, 36, 44, 66],
};
/// 利害關係人 | 類型 | 效益／價值 | 風險 | 成本／條件／脈絡.
const BRICS_TABLE: TableLayout = TableLayout {
    style: "BricsTable",
    columns_mm: &[28, 24, 40, 38, 40],
};
/// 項目 | 修正前 | 修正後 | 說明.
const COMPARE_TABLE: TableLayout = TableLayout {
    style: "CompareTable",
    columns_mm: &[40, 48, 48, 34],
};
/// 編號 | 項目 | 審查意見 | 回覆說明 | 修正情形: the change gets the most room.
const REPLY_TABLE: TableLayout = TableLayout {
    style: "ReplyTable",
    columns_mm: &[15, 31, 38, 38, 48],
};

type Xml = Writer<Vec<u8>>;

/// Renders the official self-assessment form of `report` as an ODT package: title,
/// header fields, introduction (and for `ict-plan` the 名詞解釋), the main table with
/// one row per key question, the BRiCS tables, and a footer with the revision and
/// page numbers.
pub fn form(report: &FormReport) -> Result<Vec<u8>, ExportError> {
    let lang = report.lang;
    let content =
        xml(|w| document_content(w, &[&FORM_TABLE, &BRICS_TABLE], |w| form_body(w, report)))?;
    let footer = report.revision.as_ref().map(|r| revision_footer(r, lang));
    let styles = xml(|w| styles(w, footer.as_deref(), lang))?;
    let author = report.revision.as_ref().map(|r| r.author.as_str());
    let meta = xml(|w| meta(w, &report.title, author))?;
    package(&content, &styles, &meta)
}

/// Renders a 修正對照表 as an ODT package: title, which revisions are compared, and a
/// table 項目 | 修正前 | 修正後 | 說明 with removed characters struck through in red
/// and added ones underlined in blue.
pub fn comparison(comparison: &Comparison) -> Result<Vec<u8>, ExportError> {
    let lang = comparison.lang;
    let title = comparison.title();
    let content = xml(|w| {
        document_content(w, &[&COMPARE_TABLE], |w| {
            comparison_body(w, comparison, &title)
        })
    })?;
    let footer = format!(
        "{}{}{} → {}",
        comparison.name(),
        lang.colon(),
        comparison.before.short,
        comparison.after.short
    );
    let styles = xml(|w| styles(w, Some(&footer), lang))?;
    let meta = xml(|w| meta(w, &title, None))?;
    package(&content, &styles, &meta)
}

/// Renders a 審查意見回覆表 as an ODT package laid out like the form: A4, the
/// title (plan and iteration) with the versions compared and the date under it, a
/// table 編號 | 項目 | 審查意見 | 回覆說明 | 修正情形 whose header row repeats on every
/// page — in 修正情形 removed text struck through in red and added text underlined
/// in blue, as in the 修正對照表 — and page numbers in the footer.
pub fn replies(table: &ReplyTable) -> Result<Vec<u8>, ExportError> {
    let lang = table.lang;
    let title = table.title();
    let content =
        xml(|w| document_content(w, &[&REPLY_TABLE], |w| replies_body(w, table, &title)))?;
    let footer = format!(
        "{}{}{} → {}",
        table.name(),
        lang.colon(),
        table.iteration,
        table.later_name()
    );
    let styles = xml(|w| styles(w, Some(&footer), lang))?;
    let meta = xml(|w| meta(w, &title, None))?;
    package(&content, &styles, &meta)
}

// ---------------------------------------------------------------------------------
// Package and XML plumbing

fn write_error(message: impl ToString) -> ExportError {
    ExportError::Write {
        format: "odt",
        message: message.to_string(),
    }
}

/// Runs `build` on a fresh writer after the XML declaration and returns the bytes.
fn xml(build: impl FnOnce(&mut Xml) -> io::Result<()>) -> Result<Vec<u8>, ExportError> {
    let mut writer = Writer::new(Vec::new());
    writer
        .write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
        .map_err(write_error)?;
    build(&mut writer).map_err(write_error)?;
    Ok(writer.into_inner())
}

/// Zips the parts. `mimetype` comes first and uncompressed so that tools can
/// recognise the file type from its first bytes, as ODF requires.
fn package(content: &[u8], styles: &[u8], meta: &[u8]) -> Result<Vec<u8>, ExportError> {
    let manifest = xml(manifest)?;
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    let deflated = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    let parts: [(&str, &[u8], SimpleFileOptions); 5] = [
        ("mimetype", MIMETYPE.as_bytes(), stored),
        ("content.xml", content, deflated),
        ("styles.xml", styles, deflated),
        ("meta.xml", meta, deflated),
        ("META-INF/manifest.xml", &manifest, deflated),
    ];
    for (name, bytes, options) in parts {
        zip.start_file(name, options).map_err(write_error)?;
        zip.write_all(bytes).map_err(write_error)?;
    }
    Ok(zip.finish().map_err(write_error)?.into_inner())
}

fn manifest(w: &mut Xml) -> io::Result<()> {
    w.create_element("manifest:manifest")
        .with_attributes([NS_MANIFEST, ("manifest:version", ODF_VERSION)])
        .write_inner_content(|w| {
            w.create_element("manifest:file-entry")
                .with_attributes([
                    ("manifest:full-path", "/"),
                    ("manifest:version", ODF_VERSION),
                    ("manifest:media-type", MIMETYPE),
                ])
                .write_empty()?;
            for path in ["content.xml", "styles.xml", "meta.xml"] {
                w.create_element("manifest:file-entry")
                    .with_attributes([
                        ("manifest:full-path", path),
                        ("manifest:media-type", "text/xml"),
                    ])
                    .write_empty()?;
            }
            Ok(())
        })?;
    Ok(())
}

fn meta(w: &mut Xml, title: &str, author: Option<&str>) -> io::Result<()> {
    w.create_element("office:document-meta")
        .with_attributes([NS_OFFICE, NS_META, NS_DC, ("office:version", ODF_VERSION)])
        .write_inner_content(|w| {
            w.create_element("office:meta").write_inner_content(|w| {
                let generator = concat!("dsw/", env!("CARGO_PKG_VERSION"));
                plain_element(w, "meta:generator", generator)?;
                plain_element(w, "dc:title", title)?;
                plain_element(w, "dc:language", "zh-TW")?;
                if let Some(author) = author {
                    plain_element(w, "dc:creator", author)?;
                }
                Ok(())
            })?;
            Ok(())
        })?;
    Ok(())
}

/// An element holding one line of text (meta data: no line breaks allowed).
fn plain_element(w: &mut Xml, name: &str, text: &str) -> io::Result<()> {
    w.create_element(name)
        .write_text_content(BytesText::new(&safe(text, false)))?;
    Ok(())
}

/// `text` with control and bidi characters made visible, and the two noncharacters
/// XML 1.0 forbids (U+FFFE, U+FFFF) replaced, so any string yields well-formed XML.
fn safe(text: &str, keep_newlines: bool) -> Cow<'_, str> {
    let shown = visible(text, keep_newlines);
    if shown.contains(['\u{FFFE}', '\u{FFFF}']) {
        Cow::Owned(shown.replace(['\u{FFFE}', '\u{FFFF}'], "\u{FFFD}"))
    } else {
        shown
    }
}

/// Writes text as paragraph content. ODF collapses white space like HTML, so line
/// breaks become `text:line-break`, tabs `text:tab`, and any space that is not right
/// after an ordinary character becomes `text:s`; everything else is escaped text.
fn inline(w: &mut Xml, text: &str) -> io::Result<()> {
    let text = safe(text, true);
    let mut run = String::new();
    let mut spaces = 0usize;
    for c in text.chars() {
        if c == ' ' && !run.is_empty() && !run.ends_with(' ') {
            // A single space after text survives collapsing as it is.
            run.push(c);
            continue;
        }
        if c == ' ' {
            spaces += 1;
            continue;
        }
        flush_run(w, &mut run, &mut spaces)?;
        match c {
            '\n' => empty(w, "text:line-break", &[])?,
            '\t' => empty(w, "text:tab", &[])?,
            _ => run.push(c),
        }
    }
    flush_run(w, &mut run, &mut spaces)
}

/// Writes the pending text, then the pending spaces as one `text:s`.
fn flush_run(w: &mut Xml, run: &mut String, spaces: &mut usize) -> io::Result<()> {
    if !run.is_empty() {
        w.write_event(Event::Text(BytesText::new(run)))?;
        run.clear();
    }
    if *spaces > 0 {
        let count = spaces.to_string();
        empty(w, "text:s", &[("text:c", &count)])?;
        *spaces = 0;
    }
    Ok(())
}

fn empty(w: &mut Xml, name: &str, attributes: &[(&str, &str)]) -> io::Result<()> {
    w.create_element(name)
        .with_attributes(attributes.iter().copied())
        .write_empty()?;
    Ok(())
}

/// One paragraph of `text` in `style` (line breaks kept as `text:line-break`).
fn paragraph(w: &mut Xml, style: &str, text: &str) -> io::Result<()> {
    w.create_element("text:p")
        .with_attribute(("text:style-name", style))
        .write_inner_content(|w| inline(w, text))?;
    Ok(())
}

/// One paragraph per line of `text`, so each line of an answer keeps its own
/// paragraph as it had in the official form.
fn paragraphs(w: &mut Xml, style: &str, text: &str) -> io::Result<()> {
    for line in text.split('\n') {
        paragraph(w, style, line)?;
    }
    Ok(())
}

/// A paragraph `label：value` (`label: value` in English) with the label in bold.
fn labelled(w: &mut Xml, label: &str, value: &str, lang: Lang) -> io::Result<()> {
    w.create_element("text:p")
        .with_attribute(("text:style-name", style::BODY))
        .write_inner_content(|w| {
            text_span(w, style::STRONG, &format!("{label}{}", lang.colon()))?;
            inline(w, value)
        })?;
    Ok(())
}

fn text_span(w: &mut Xml, style: &str, text: &str) -> io::Result<()> {
    w.create_element("text:span")
        .with_attribute(("text:style-name", style))
        .write_inner_content(|w| inline(w, text))?;
    Ok(())
}

// ---------------------------------------------------------------------------------
// Tables

/// A table cell spanning `rows` rows, with a body of paragraphs.
fn cell(
    w: &mut Xml,
    style: &str,
    rows: usize,
    body: impl FnOnce(&mut Xml) -> io::Result<()>,
) -> io::Result<()> {
    let rows = rows.to_string();
    let mut element = w
        .create_element("table:table-cell")
        .with_attributes([("table:style-name", style), ("office:value-type", "string")]);
    if rows != "1" {
        element = element.with_attribute(("table:number-rows-spanned", rows.as_str()));
    }
    element.write_inner_content(body)?;
    Ok(())
}

/// An ordinary one-row cell: one paragraph per line of `text` (empty stays empty).
fn text_cell(w: &mut Xml, text: &str) -> io::Result<()> {
    cell(w, "Cell", 1, |w| paragraphs(w, style::CELL, text))
}

/// A table with its columns and a repeated bold header row, then `body`'s rows.
fn table(
    w: &mut Xml,
    layout: &TableLayout,
    name: &str,
    headings: &[&str],
    body: impl FnOnce(&mut Xml) -> io::Result<()>,
) -> io::Result<()> {
    w.create_element("table:table")
        .with_attributes([("table:name", name), ("table:style-name", layout.style)])
        .write_inner_content(|w| {
            for index in 0..layout.columns_mm.len() {
                let column = column_style(layout, index);
                empty(w, "table:table-column", &[("table:style-name", &column)])?;
            }
            // Header rows are repeated by office suites on every page the table spans.
            w.create_element("table:table-header-rows")
                .write_inner_content(|w| row(w, |w| header_cells(w, headings)))?;
            body(w)
        })?;
    Ok(())
}

fn header_cells(w: &mut Xml, headings: &[&str]) -> io::Result<()> {
    for heading in headings {
        cell(w, "HeaderCell", 1, |w| {
            paragraph(w, style::CELL_HEADING, heading)
        })?;
    }
    Ok(())
}

fn row(w: &mut Xml, cells: impl FnOnce(&mut Xml) -> io::Result<()>) -> io::Result<()> {
    w.create_element("table:table-row")
        .write_inner_content(cells)?;
    Ok(())
}

fn covered(w: &mut Xml) -> io::Result<()> {
    empty(w, "table:covered-table-cell", &[])
}

/// `FormTable.A`, `FormTable.B` …: the column style names office suites use.
fn column_style(layout: &TableLayout, index: usize) -> String {
    // Layouts have at most five columns; the clamp only keeps the name valid.
    let letter = char::from(b'A' + u8::try_from(index).unwrap_or(25).min(25));
    format!("{}.{letter}", layout.style)
}

/// content.xml: fonts, the tables' automatic styles, then the body `body` writes.
fn document_content(
    w: &mut Xml,
    layouts: &[&TableLayout],
    body: impl FnOnce(&mut Xml) -> io::Result<()>,
) -> io::Result<()> {
    w.create_element("office:document-content")
        .with_attributes([
            NS_OFFICE,
            NS_STYLE,
            NS_TEXT,
            NS_TABLE,
            NS_FO,
            NS_SVG,
            ("office:version", ODF_VERSION),
        ])
        .write_inner_content(|w| {
            font_faces(w)?;
            w.create_element("office:automatic-styles")
                .write_inner_content(|w| table_styles(w, layouts))?;
            w.create_element("office:body").write_inner_content(|w| {
                w.create_element("office:text").write_inner_content(body)?;
                Ok(())
            })?;
            Ok(())
        })?;
    Ok(())
}

/// Table, column and cell styles: tables as wide as the text area, cells with a
/// 0.5 pt black border, header cells shaded.
fn table_styles(w: &mut Xml, layouts: &[&TableLayout]) -> io::Result<()> {
    let width = format!("{TEXT_WIDTH_MM}mm");
    for layout in layouts {
        style_element(w, layout.style, "table", |w| {
            empty(
                w,
                "style:table-properties",
                &[
                    ("style:width", &width),
                    ("table:align", "margins"),
                    ("fo:margin-top", "0.2cm"),
                    ("fo:margin-bottom", "0.4cm"),
                ],
            )
        })?;
        for (index, mm) in layout.columns_mm.iter().enumerate() {
            let width = format!("{mm}mm");
            style_element(w, &column_style(layout, index), "table-column", |w| {
                empty(
                    w,
                    "style:table-column-properties",
                    &[("style:column-width", &width)],
                )
            })?;
        }
    }
    let border = [
        ("fo:border", "0.5pt solid #000000"),
        ("fo:padding", "0.1cm"),
    ];
    style_element(w, "Cell", "table-cell", |w| {
        let mut attributes = border.to_vec();
        attributes.push(("style:vertical-align", "top"));
        empty(w, "style:table-cell-properties", &attributes)
    })?;
    style_element(w, "HeaderCell", "table-cell", |w| {
        let mut attributes = border.to_vec();
        attributes.extend([
            ("style:vertical-align", "middle"),
            ("fo:background-color", "#e7e6e6"),
        ]);
        empty(w, "style:table-cell-properties", &attributes)
    })
}

fn style_element(
    w: &mut Xml,
    name: &str,
    family: &str,
    properties: impl FnOnce(&mut Xml) -> io::Result<()>,
) -> io::Result<()> {
    w.create_element("style:style")
        .with_attributes([("style:name", name), ("style:family", family)])
        .write_inner_content(properties)?;
    Ok(())
}

// ---------------------------------------------------------------------------------
// The form

fn form_body(w: &mut Xml, report: &FormReport) -> io::Result<()> {
    let lang = report.lang;
    paragraph(w, style::TITLE, &report.title)?;
    if let Some(intro) = &report.intro {
        paragraphs(w, style::BODY, intro)?;
    }
    for field in &report.fields {
        labelled(w, &field.label, &field.value, lang)?;
    }
    if !report.glossary.is_empty() {
        paragraph(w, style::HEADING, lang.pick("名詞解釋：", "Glossary:"))?;
        for term in &report.glossary {
            labelled(w, &term.term, &term.definition, lang)?;
        }
    }
    let headings = report.columns.each_ref().map(String::as_str);
    table(w, &FORM_TABLE, "Form", &headings, |w| {
        report
            .groups
            .iter()
            .try_for_each(|group| guideline_rows(w, group, lang))
    })?;
    orphaned_answers(w, report)?;
    for (index, table) in report.brics.tables.iter().enumerate() {
        brics_table(w, report, index, table)?;
    }
    Ok(())
}

/// The rows of one guideline: its heading cell spans them all, each item's cell (or
/// the blank one over questions under no item) spans its own.
fn guideline_rows(w: &mut Xml, group: &GroupReport, lang: Lang) -> io::Result<()> {
    for row in group.rows() {
        self::row(w, |w| {
            match row.guideline_rows {
                Some(span) => cell(w, "Cell", span, |w| {
                    paragraph(w, style::CELL_GUIDELINE, &group.heading)
                })?,
                None => covered(w)?,
            }
            match (row.item, row.item_rows) {
                (Some(item), Some(span)) => cell(w, "Cell", span, |w| {
                    item_lines(item, lang)
                        .iter()
                        .try_for_each(|line| paragraph(w, style::CELL, line))
                })?,
                (None, Some(span)) => cell(w, "Cell", span, |w| paragraphs(w, style::CELL, ""))?,
                (_, None) => covered(w)?,
            }
            text_cell(w, row.question.map_or("", |q| q.text.as_str()))?;
            text_cell(w, row.question.map_or("", |q| q.answer.as_str()))
        })?;
    }
    Ok(())
}

/// The item cell's paragraphs: the official check box before the text (☑ done,
/// ☐ to do); partial and not applicable are spelled out on a line of their own,
/// since a box cannot say them; then any evidence.
fn item_lines(item: &ItemReport, lang: Lang) -> Vec<String> {
    let mark = item.mark().map(|m| format!("{m} ")).unwrap_or_default();
    let mut lines = match item.spelled_status(lang) {
        None => vec![format!("{mark}{}", item.text)],
        Some(word) => vec![format!("{mark}{word}"), item.text.clone()],
    };
    for evidence in item.evidence_words(lang) {
        lines.push(format!(
            "{}{}{evidence}",
            words::evidence_word(lang),
            lang.colon()
        ));
    }
    lines
}

/// Answers whose question the form no longer has: kept, never dropped.
fn orphaned_answers(w: &mut Xml, report: &FormReport) -> io::Result<()> {
    if report.orphaned_answers.is_empty() {
        return Ok(());
    }
    paragraph(w, style::HEADING, words::orphans_heading(report.lang))?;
    for (id, answer) in &report.orphaned_answers {
        labelled(w, id, "", report.lang)?;
        paragraphs(w, style::BODY, answer)?;
    }
    Ok(())
}

fn brics_table(
    w: &mut Xml,
    report: &FormReport,
    index: usize,
    table_report: &TableReport,
) -> io::Result<()> {
    let lang = report.lang;
    paragraph(
        w,
        style::HEADING,
        &format!("BRiCS{}{}", lang.colon(), table_report.title),
    )?;
    let headings: Vec<&str> = report.brics.columns.iter().map(String::as_str).collect();
    let name = format!("BRiCS{}", index + 1);
    table(w, &BRICS_TABLE, &name, &headings, |w| {
        for stakeholder in &table_report.stakeholders {
            row(w, |w| {
                text_cell(w, &stakeholder.name)?;
                text_cell(w, &stakeholder.kind)?;
                stakeholder
                    .dimensions
                    .iter()
                    .try_for_each(|value| text_cell(w, value))
            })?;
        }
        Ok(())
    })
}

/// The footer's left part: which revision this is — named as everywhere, with its
/// date and author — and its iterations.
fn revision_footer(revision: &Revision, lang: Lang) -> String {
    let mut parts = vec![format!(
        "{} {}",
        lang.pick("版本", "Revision"),
        revision.label(lang)
    )];
    parts.extend(revision.iterations.iter().cloned());
    parts.join(lang.pick("・", " · "))
}

// ---------------------------------------------------------------------------------
// The 修正對照表

fn comparison_body(w: &mut Xml, comparison: &Comparison, title: &str) -> io::Result<()> {
    let lang = comparison.lang;
    paragraph(w, style::TITLE, title)?;
    for (name, revision) in comparison.sides() {
        labelled(w, name, &revision, lang)?;
    }
    let headings = comparison.columns();
    table(w, &COMPARE_TABLE, "Comparison", &headings, |w| {
        if comparison.rows.is_empty() {
            return no_changes_row(w, comparison.no_changes());
        }
        for row in &comparison.rows {
            comparison_row(w, row)?;
        }
        Ok(())
    })
}

/// A row of one cell across the whole table saying there is nothing to list.
fn no_changes_row(w: &mut Xml, message: &str) -> io::Result<()> {
    spanning_row(w, &COMPARE_TABLE, message)
}

fn spanning_row(w: &mut Xml, layout: &TableLayout, message: &str) -> io::Result<()> {
    let columns = layout.columns_mm.len().to_string();
    row(w, |w| {
        w.create_element("table:table-cell")
            .with_attributes([
                ("table:style-name", "Cell"),
                ("office:value-type", "string"),
                ("table:number-columns-spanned", columns.as_str()),
            ])
            .write_inner_content(|w| paragraph(w, style::CELL, message))?;
        for _ in 1..layout.columns_mm.len() {
            covered(w)?;
        }
        Ok(())
    })
}

fn comparison_row(w: &mut Xml, row: &ComparisonRow) -> io::Result<()> {
    self::row(w, |w| {
        text_cell(w, &row.entry.heading)?;
        marked_cell(w, row, Side::Before)?;
        marked_cell(w, row, Side::After)?;
        cell(w, "Cell", 1, |w| {
            if row.notes.is_empty() {
                return paragraph(w, style::CELL, "");
            }
            row.notes
                .iter()
                .try_for_each(|note| paragraphs(w, style::CELL, note))
        })
    })
}

/// One side of a change, with what it alone has marked the way offices mark
/// revisions: removed text struck through (red), added text underlined (blue).
fn marked_cell(w: &mut Xml, row: &ComparisonRow, side: Side) -> io::Result<()> {
    cell(w, "Cell", 1, |w| {
        w.create_element("text:p")
            .with_attribute(("text:style-name", style::CELL))
            .write_inner_content(|w| marked_runs(w, &row.entry, side))?;
        Ok(())
    })
}

/// The runs of one side of `entry`, those only this side has in the revision mark
/// of the side (struck through before, underlined after).
fn marked_runs(w: &mut Xml, entry: &Entry, side: Side) -> io::Result<()> {
    let style = match side {
        Side::Before => style::REMOVED,
        Side::After => style::ADDED,
    };
    for run in entry.runs(side) {
        if run.changed {
            text_span(w, style, &run.text)?;
        } else {
            inline(w, &run.text)?;
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------
// The 審查意見回覆表

fn replies_body(w: &mut Xml, table: &ReplyTable, title: &str) -> io::Result<()> {
    let lang = table.lang;
    paragraph(w, style::TITLE, title)?;
    paragraph(w, style::BODY, &table.subtitle())?;
    for (name, revision) in table.sides() {
        labelled(w, name, &revision, lang)?;
    }
    let headings = table.columns();
    self::table(w, &REPLY_TABLE, "Replies", &headings, |w| {
        if table.rows.is_empty() {
            return spanning_row(w, &REPLY_TABLE, &table.no_comments());
        }
        for row in &table.rows {
            reply_row(w, table, row)?;
        }
        Ok(())
    })
}

/// A paragraph in a cell: `label` in bold, then `text`.
fn cell_labelled(w: &mut Xml, label: &str, text: &str) -> io::Result<()> {
    w.create_element("text:p")
        .with_attribute(("text:style-name", style::CELL_SMALL))
        .write_inner_content(|w| {
            text_span(w, style::STRONG, label)?;
            inline(w, text)
        })?;
    Ok(())
}

fn reply_row(w: &mut Xml, table: &ReplyTable, reply_row: &ReplyRow) -> io::Result<()> {
    let lang = table.lang;
    let comment = &reply_row.comment;
    row(w, |w| {
        cell(w, "Cell", 1, |w| {
            paragraph(w, style::CELL_SMALL, &reply_row.number().to_string())?;
            paragraph(w, style::CELL_SMALL, comment.standing.label(lang))
        })?;
        cell(w, "Cell", 1, |w| {
            paragraphs(w, style::CELL_SMALL, &comment.target_text)
        })?;
        cell(w, "Cell", 1, |w| {
            paragraphs(w, style::CELL_SMALL, &comment.comment.text)?;
            if let Some(reviewer) = table.reviewer_line(reply_row) {
                paragraph(w, style::CELL_SMALL, &reviewer)?;
            }
            for (label, note) in comment.reopenings(lang) {
                cell_labelled(w, &format!("{label}{}", lang.colon()), note)?;
            }
            Ok(())
        })?;
        cell(w, "Cell", 1, |w| {
            let replies = comment.replies(lang);
            if replies.is_empty() {
                return paragraph(w, style::CELL_SMALL, table.no_reply());
            }
            let labelled = replies.len() > 1;
            for (label, reply) in replies {
                if labelled {
                    cell_labelled(w, &format!("{label}{}", lang.colon()), &reply.text)?;
                } else {
                    paragraphs(w, style::CELL_SMALL, &reply.text)?;
                }
            }
            Ok(())
        })?;
        cell(w, "Cell", 1, |w| fix_paragraphs(w, table, &reply_row.fix))
    })
}

/// 修正情形: per changed field its heading (when the target covers several), then
/// 修正前 with removed text struck through and 修正後 with added text underlined;
/// 未修正; or a dash for a comment on the whole.
fn fix_paragraphs(w: &mut Xml, table: &ReplyTable, fix: &Fix) -> io::Result<()> {
    let lang = table.lang;
    match fix {
        Fix::General => paragraph(w, style::CELL_SMALL, "—"),
        Fix::Unchanged => w
            .create_element("text:p")
            .with_attribute(("text:style-name", style::CELL_SMALL))
            .write_inner_content(|w| text_span(w, style::STRONG, table.unchanged()))
            .map(|_| ()),
        Fix::Changed(parts) => {
            for part in parts {
                if let Some(heading) = &part.heading {
                    cell_labelled(w, heading, "")?;
                }
                for side in [Side::Before, Side::After] {
                    w.create_element("text:p")
                        .with_attribute(("text:style-name", style::CELL_SMALL))
                        .write_inner_content(|w| {
                            let label = format!("{}{}", table.side_label(side), lang.colon());
                            text_span(w, style::STRONG, &label)?;
                            if part.entry.runs(side).is_empty() {
                                inline(w, table.nothing())
                            } else {
                                marked_runs(w, &part.entry, side)
                            }
                        })?;
                }
            }
            Ok(())
        }
    }
}

// ---------------------------------------------------------------------------------
// styles.xml

/// A font as a Taiwanese office has it, with the Noto CJK fonts as fallback where
/// it is missing (Linux, macOS without Office).
struct FontFace {
    name: &'static str,
    family: &'static str,
    generic: &'static str,
}

/// 標楷體 for headings.
const KAI: FontFace = FontFace {
    name: "DFKai-SB",
    family: "標楷體, DFKai-SB, 'Noto Serif CJK TC', 'Noto Sans CJK TC'",
    generic: "script",
};
/// 新細明體 for body text.
const MING: FontFace = FontFace {
    name: "PMingLiU",
    family: "新細明體, PMingLiU, 'Noto Serif CJK TC', 'Noto Sans CJK TC'",
    generic: "roman",
};

fn font_faces(w: &mut Xml) -> io::Result<()> {
    w.create_element("office:font-face-decls")
        .write_inner_content(|w| {
            for font in [&KAI, &MING] {
                empty(
                    w,
                    "style:font-face",
                    &[
                        ("style:name", font.name),
                        ("svg:font-family", font.family),
                        ("style:font-family-generic", font.generic),
                        ("style:font-pitch", "variable"),
                    ],
                )?;
            }
            Ok(())
        })?;
    Ok(())
}

/// styles.xml: fonts, named styles, the A4 page and the master page with a footer
/// that shows `footer` (if any) on the left and the page number on the right.
fn styles(w: &mut Xml, footer: Option<&str>, lang: Lang) -> io::Result<()> {
    w.create_element("office:document-styles")
        .with_attributes([
            NS_OFFICE,
            NS_STYLE,
            NS_TEXT,
            NS_TABLE,
            NS_FO,
            NS_SVG,
            ("office:version", ODF_VERSION),
        ])
        .write_inner_content(|w| {
            font_faces(w)?;
            w.create_element("office:styles")
                .write_inner_content(named_styles)?;
            w.create_element("office:automatic-styles")
                .write_inner_content(page_layout)?;
            w.create_element("office:master-styles")
                .write_inner_content(|w| master_page(w, footer, lang))?;
            Ok(())
        })?;
    Ok(())
}

/// Text properties: a font for both Latin and CJK text, a size, and a weight.
fn font_properties(font: &FontFace, size: &str, bold: bool) -> Vec<(&'static str, String)> {
    let mut properties = vec![
        ("style:font-name", font.name.to_owned()),
        ("style:font-name-asian", font.name.to_owned()),
        ("style:font-name-complex", font.name.to_owned()),
        ("fo:font-size", size.to_owned()),
        ("style:font-size-asian", size.to_owned()),
        ("style:font-size-complex", size.to_owned()),
    ];
    if bold {
        for name in [
            "fo:font-weight",
            "style:font-weight-asian",
            "style:font-weight-complex",
        ] {
            properties.push((name, "bold".to_owned()));
        }
    }
    properties
}

/// A named style with optional paragraph and text properties.
fn named_style(
    w: &mut Xml,
    name: &str,
    family: &str,
    paragraph: &[(&str, &str)],
    text: &[(&str, String)],
) -> io::Result<()> {
    let mut element = w
        .create_element("style:style")
        .with_attributes([("style:name", name), ("style:family", family)]);
    if family == "paragraph" && name != "Standard" {
        element = element.with_attribute(("style:parent-style-name", "Standard"));
    }
    element.write_inner_content(|w| {
        if !paragraph.is_empty() {
            empty(w, "style:paragraph-properties", paragraph)?;
        }
        if !text.is_empty() {
            let text: Vec<(&str, &str)> = text.iter().map(|(k, v)| (*k, v.as_str())).collect();
            empty(w, "style:text-properties", &text)?;
        }
        Ok(())
    })?;
    Ok(())
}

fn named_styles(w: &mut Xml) -> io::Result<()> {
    default_paragraph_style(w)?;
    let none: &[(&str, String)] = &[];
    named_style(w, "Standard", "paragraph", &[], none)?;
    let spaced = [("fo:margin-top", "0cm"), ("fo:margin-bottom", "0.15cm")];
    named_style(w, style::BODY, "paragraph", &spaced, none)?;
    named_style(
        w,
        style::TITLE,
        "paragraph",
        &[
            ("fo:text-align", "center"),
            ("fo:margin-bottom", "0.4cm"),
            ("fo:keep-with-next", "always"),
        ],
        &font_properties(&KAI, "18pt", true),
    )?;
    named_style(
        w,
        style::HEADING,
        "paragraph",
        &[
            ("fo:margin-top", "0.4cm"),
            ("fo:margin-bottom", "0.2cm"),
            ("fo:keep-with-next", "always"),
        ],
        &font_properties(&KAI, "14pt", true),
    )?;
    named_style(w, style::CELL, "paragraph", &[("fo:margin", "0cm")], none)?;
    // The reply table's five columns: 10 pt, so a line of a cell holds a phrase.
    named_style(
        w,
        style::CELL_SMALL,
        "paragraph",
        &[("fo:margin", "0cm")],
        &font_properties(&MING, "10pt", false),
    )?;
    named_style(
        w,
        style::CELL_HEADING,
        "paragraph",
        &[("fo:text-align", "center")],
        &font_properties(&KAI, "12pt", true),
    )?;
    named_style(
        w,
        style::CELL_GUIDELINE,
        "paragraph",
        &[],
        &font_properties(&KAI, "12pt", false),
    )?;
    footer_style(w)?;
    text_styles(w)
}

/// Body text: 新細明體 12 pt, Traditional Chinese, CJK line-breaking rules.
fn default_paragraph_style(w: &mut Xml) -> io::Result<()> {
    w.create_element("style:default-style")
        .with_attribute(("style:family", "paragraph"))
        .write_inner_content(|w| {
            empty(
                w,
                "style:paragraph-properties",
                &[
                    ("style:line-break", "strict"),
                    ("style:writing-mode", "lr-tb"),
                ],
            )?;
            let mut text = font_properties(&MING, "12pt", false);
            text.extend([
                ("fo:language", "en".to_owned()),
                ("fo:country", "US".to_owned()),
                ("style:language-asian", "zh".to_owned()),
                ("style:country-asian", "TW".to_owned()),
            ]);
            let text: Vec<(&str, &str)> = text.iter().map(|(k, v)| (*k, v.as_str())).collect();
            empty(w, "style:text-properties", &text)
        })?;
    Ok(())
}

/// The footer paragraph: 10 pt, a right tab stop at the right margin for the page
/// number.
fn footer_style(w: &mut Xml) -> io::Result<()> {
    w.create_element("style:style")
        .with_attributes([
            ("style:name", style::FOOTER),
            ("style:family", "paragraph"),
            ("style:parent-style-name", "Standard"),
        ])
        .write_inner_content(|w| {
            w.create_element("style:paragraph-properties")
                .write_inner_content(|w| {
                    w.create_element("style:tab-stops")
                        .write_inner_content(|w| {
                            let position = format!("{TEXT_WIDTH_MM}mm");
                            empty(
                                w,
                                "style:tab-stop",
                                &[("style:position", &position), ("style:type", "right")],
                            )
                        })?;
                    Ok(())
                })?;
            let text = font_properties(&MING, "10pt", false);
            let text: Vec<(&str, &str)> = text.iter().map(|(k, v)| (*k, v.as_str())).collect();
            empty(w, "style:text-properties", &text)
        })?;
    Ok(())
}

/// Bold, and the revision marks: removed struck through in red, added underlined in
/// blue.
fn text_styles(w: &mut Xml) -> io::Result<()> {
    let bold = [
        "fo:font-weight",
        "style:font-weight-asian",
        "style:font-weight-complex",
    ]
    .map(|name| (name, "bold".to_owned()));
    named_style(w, style::STRONG, "text", &[], &bold)?;
    let removed = [
        ("style:text-line-through-style", "solid".to_owned()),
        ("style:text-line-through-type", "single".to_owned()),
        ("fo:color", "#c00000".to_owned()),
    ];
    named_style(w, style::REMOVED, "text", &[], &removed)?;
    let added = [
        ("style:text-underline-style", "solid".to_owned()),
        ("style:text-underline-width", "auto".to_owned()),
        ("style:text-underline-color", "font-color".to_owned()),
        ("fo:color", "#0000ff".to_owned()),
    ];
    named_style(w, style::ADDED, "text", &[], &added)
}

/// A4 portrait, 2 cm margins, room for the footer.
fn page_layout(w: &mut Xml) -> io::Result<()> {
    w.create_element("style:page-layout")
        .with_attribute(("style:name", "A4"))
        .write_inner_content(|w| {
            empty(
                w,
                "style:page-layout-properties",
                &[
                    ("fo:page-width", "210mm"),
                    ("fo:page-height", "297mm"),
                    ("style:print-orientation", "portrait"),
                    ("fo:margin-top", "20mm"),
                    ("fo:margin-bottom", "15mm"),
                    ("fo:margin-left", "20mm"),
                    ("fo:margin-right", "20mm"),
                ],
            )?;
            w.create_element("style:footer-style")
                .write_inner_content(|w| {
                    empty(
                        w,
                        "style:header-footer-properties",
                        &[("fo:min-height", "0cm"), ("fo:margin-top", "5mm")],
                    )
                })?;
            Ok(())
        })?;
    Ok(())
}

/// The master page: the footer with the revision text, a tab, and 第 N 頁，共 M 頁.
fn master_page(w: &mut Xml, footer: Option<&str>, lang: Lang) -> io::Result<()> {
    w.create_element("style:master-page")
        .with_attributes([("style:name", "Standard"), ("style:page-layout-name", "A4")])
        .write_inner_content(|w| {
            w.create_element("style:footer").write_inner_content(|w| {
                w.create_element("text:p")
                    .with_attribute(("text:style-name", style::FOOTER))
                    .write_inner_content(|w| footer_text(w, footer, lang))?;
                Ok(())
            })?;
            Ok(())
        })?;
    Ok(())
}

fn footer_text(w: &mut Xml, footer: Option<&str>, lang: Lang) -> io::Result<()> {
    inline(w, footer.unwrap_or(""))?;
    empty(w, "text:tab", &[])?;
    inline(w, lang.pick("第 ", "page "))?;
    w.create_element("text:page-number")
        .with_attribute(("text:select-page", "current"))
        .write_text_content(BytesText::new("1"))?;
    inline(w, lang.pick(" 頁，共 ", " of "))?;
    w.create_element("text:page-count")
        .write_text_content(BytesText::new("1"))?;
    inline(w, lang.pick(" 頁", ""))
}

#[cfg(test)]
mod tests {
    use std::io::Read as _;

    use quick_xml::Reader;
    use quick_xml::events::BytesStart;

    use super::*;
    use crate::export::sample::Sample;
    use crate::form::Status;

    /// One file of the archive.
    struct Entry {
        name: String,
        stored: bool,
        data: Vec<u8>,
    }

    fn unzip(bytes: &[u8]) -> Vec<Entry> {
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip archive");
        (0..archive.len())
            .map(|index| {
                let mut file = archive.by_index(index).expect("an entry");
                let mut data = Vec::new();
                file.read_to_end(&mut data).expect("readable");
                Entry {
                    name: file.name().to_owned(),
                    stored: file.compression() == CompressionMethod::Stored,
                    data,
                }
            })
            .collect()
    }

    fn part(entries: &[Entry], name: &str) -> String {
        let entry = entries.iter().find(|e| e.name == name);
        let entry = entry.unwrap_or_else(|| panic!("{name} is in the package"));
        String::from_utf8(entry.data.clone()).expect("UTF-8")
    }

    /// A table cell as a reader sees it.
    #[derive(Debug, Default)]
    struct TestCell {
        rows_spanned: usize,
        covered: bool,
        text: String,
        /// (text style, text) of each `text:span`.
        spans: Vec<(String, String)>,
    }

    #[derive(Debug, Default)]
    struct TestTable {
        name: String,
        header: Vec<Vec<TestCell>>,
        rows: Vec<Vec<TestCell>>,
    }

    /// What a reader gets from a part: its text (paragraphs end with a newline,
    /// `text:s` / `text:tab` / `text:line-break` expanded) and its tables.
    #[derive(Debug, Default)]
    struct Parsed {
        text: String,
        tables: Vec<TestTable>,
    }

    impl Parsed {
        fn table(&self, name: &str) -> &TestTable {
            let table = self.tables.iter().find(|t| t.name == name);
            table.unwrap_or_else(|| panic!("table {name}"))
        }
    }

    #[derive(Default)]
    struct ParseState {
        parsed: Parsed,
        in_header: bool,
        in_cell: bool,
        spans: usize,
    }

    impl ParseState {
        fn rows(&mut self) -> &mut Vec<Vec<TestCell>> {
            let table = self.parsed.tables.last_mut().expect("inside a table");
            if self.in_header {
                &mut table.header
            } else {
                &mut table.rows
            }
        }

        fn cell(&mut self) -> Option<&mut TestCell> {
            if !self.in_cell {
                return None;
            }
            self.rows().last_mut()?.last_mut()
        }

        fn push(&mut self, text: &str) {
            self.parsed.text.push_str(text);
            let in_span = self.spans > 0;
            if let Some(cell) = self.cell() {
                cell.text.push_str(text);
                if in_span && let Some(span) = cell.spans.last_mut() {
                    span.1.push_str(text);
                }
            }
        }

        fn open(&mut self, element: &BytesStart<'_>, is_empty: bool) {
            let attribute = |name: &str| {
                element
                    .try_get_attribute(name)
                    .expect("attribute")
                    .map(|a| {
                        a.normalized_value(quick_xml::XmlVersion::Explicit1_0)
                            .expect("value")
                            .into_owned()
                    })
            };
            match element.name().as_ref() {
                b"table:table" => self.parsed.tables.push(TestTable {
                    name: attribute("table:name").unwrap_or_default(),
                    ..TestTable::default()
                }),
                b"table:table-header-rows" => self.in_header = true,
                b"table:table-row" => self.rows().push(Vec::new()),
                b"table:table-cell" | b"table:covered-table-cell" => {
                    let rows_spanned = attribute("table:number-rows-spanned")
                        .map_or(1, |n| n.parse().expect("a number"));
                    let covered = element.name().as_ref() == b"table:covered-table-cell";
                    let cell = TestCell {
                        rows_spanned,
                        covered,
                        ..TestCell::default()
                    };
                    self.rows().last_mut().expect("inside a row").push(cell);
                    self.in_cell = !is_empty;
                }
                b"text:span" => {
                    self.spans += 1;
                    let style = attribute("text:style-name").unwrap_or_default();
                    if let Some(cell) = self.cell() {
                        cell.spans.push((style, String::new()));
                    }
                }
                b"text:line-break" => self.push("\n"),
                b"text:tab" => self.push("\t"),
                b"text:s" => {
                    let count = attribute("text:c").map_or(1, |n| n.parse().expect("a number"));
                    self.push(&" ".repeat(count));
                }
                _ => {}
            }
        }

        fn close(&mut self, name: &[u8]) {
            match name {
                b"text:p" => self.push("\n"),
                b"text:span" => self.spans -= 1,
                b"table:table-header-rows" => self.in_header = false,
                b"table:table-cell" | b"table:covered-table-cell" => {
                    if let Some(cell) = self.cell() {
                        cell.text.truncate(cell.text.trim_end_matches('\n').len());
                    }
                    self.in_cell = false;
                }
                _ => {}
            }
        }
    }

    /// Reads `xml` to the end, failing on any error or unclosed element.
    fn parse(xml: &str) -> Parsed {
        let mut reader = Reader::from_str(xml);
        let mut state = ParseState::default();
        let mut depth = 0usize;
        loop {
            let event = reader.read_event();
            let event =
                event.unwrap_or_else(|e| panic!("XML error at {}: {e}", reader.error_position()));
            match event {
                Event::Start(element) => {
                    depth += 1;
                    state.open(&element, false);
                }
                Event::Empty(element) => state.open(&element, true),
                Event::End(element) => {
                    depth -= 1;
                    state.close(element.name().as_ref());
                }
                Event::Text(text) => state.push(&text.xml10_content().expect("text")),
                Event::GeneralRef(reference) => {
                    let resolved = match reference.resolve_char_ref().expect("char ref") {
                        Some(c) => c.to_string(),
                        None => {
                            let name = reference.decode().expect("name");
                            let entity = quick_xml::escape::resolve_xml_entity(&name);
                            entity.expect("a predefined entity").to_owned()
                        }
                    };
                    state.push(&resolved);
                }
                Event::Eof => break,
                _ => {}
            }
        }
        assert_eq!(depth, 0, "every element is closed");
        state.parsed
    }

    fn sample_form(lang: Lang) -> (Sample, Vec<Entry>) {
        let sample = Sample::new();
        let bytes = form(&sample.report(lang)).expect("exported");
        (sample, unzip(&bytes))
    }

    fn form_rows(parsed: &Parsed) -> &[Vec<TestCell>] {
        &parsed.table("Form").rows
    }

    #[test]
    fn package_starts_with_a_stored_mimetype_and_lists_its_parts() {
        let sample = Sample::new();
        let bytes = form(&sample.report(Lang::Zh)).expect("exported");
        // The ODF "magic": the first local header names `mimetype` and its content
        // follows uncompressed, with no extra field in between.
        assert_eq!(&bytes[30..38], b"mimetype");
        assert_eq!(&bytes[38..38 + MIMETYPE.len()], MIMETYPE.as_bytes());
        let entries = unzip(&bytes);
        assert_eq!(entries[0].name, "mimetype");
        assert!(entries[0].stored, "mimetype is stored, not compressed");
        assert_eq!(entries[0].data, b"application/vnd.oasis.opendocument.text");
        let manifest = part(&entries, "META-INF/manifest.xml");
        parse(&manifest);
        assert!(manifest.contains(r#"manifest:version="1.3""#));
        assert!(manifest.contains(&format!(
            r#"manifest:full-path="/" manifest:version="1.3" manifest:media-type="{MIMETYPE}""#
        )));
        for name in ["content.xml", "styles.xml", "meta.xml"] {
            assert!(
                entries.iter().any(|e| e.name == name),
                "{name} in the package"
            );
            assert!(
                manifest.contains(&format!(
                    r#"manifest:full-path="{name}" manifest:media-type="text/xml""#
                )),
                "{name} in the manifest"
            );
        }
    }

    #[test]
    fn every_part_is_well_formed_odf_1_3() {
        let (sample, entries) = sample_form(Lang::Zh);
        let comparison = comparison(&sample.comparison(Lang::Zh)).expect("exported");
        for entries in [entries, unzip(&comparison)] {
            for name in ["content.xml", "styles.xml", "meta.xml"] {
                let xml = part(&entries, name);
                parse(&xml);
                assert!(
                    xml.contains(r#"office:version="1.3""#),
                    "{name} says ODF 1.3"
                );
            }
            let meta = parse(&part(&entries, "meta.xml")).text;
            assert!(meta.contains("dsw/"), "generator: {meta}");
            assert!(
                meta.contains("政府數位服務指引：政府資通訊應用計畫自評表"),
                "{meta}"
            );
        }
    }

    #[test]
    fn form_has_every_question_and_answer_in_official_order() {
        let (sample, entries) = sample_form(Lang::Zh);
        let parsed = parse(&part(&entries, "content.xml"));
        let rows = form_rows(&parsed);
        let questions: Vec<_> = sample.form().questions().collect();
        assert_eq!(rows.len(), questions.len(), "one row per key question");
        for (row, (_, _, question)) in rows.iter().zip(questions) {
            assert_eq!(row[2].text, *question.text, "question {}", question.id);
            let answer = visible(sample.assessment.answer(&question.id), true);
            assert_eq!(row[3].text, answer, "answer to {}", question.id);
        }
        let first_line = sample
            .form()
            .question("1.1.1")
            .and_then(|q| q.example.as_deref());
        let first_line = first_line
            .expect("an example")
            .lines()
            .next()
            .expect("a line");
        assert!(parsed.text.contains(first_line));
        // A multi-line answer keeps its lines as separate paragraphs.
        assert!(parsed.text.contains("\n1.人事業務流程繁瑣未合理化：\n"));
    }

    #[test]
    fn item_cells_show_the_status_like_the_official_form() {
        let mut sample = Sample::new();
        sample.assessment.set_status("5.1", Status::Todo);
        let doc = sample.report(Lang::Zh);
        let entries = unzip(&form(&doc).expect("exported"));
        let parsed = parse(&part(&entries, "content.xml"));
        let rows = form_rows(&parsed);
        // The item cell is on the row of the item's first question.
        let item_cell = |id: &str| {
            let item = sample.form().item(id).expect("an item");
            let first = item.questions.first().expect("a question");
            let row = rows.iter().find(|row| row[2].text == *first.text);
            (row.expect("a row")[1].text.as_str(), item.text.as_str())
        };
        let (done, text) = item_cell("1.1");
        assert_eq!(done, format!("☑ {text}"));
        let (todo, text) = item_cell("5.1");
        assert_eq!(todo, format!("☐ {text}"));
        let (partial, text) = item_cell("2.1");
        assert_eq!(partial, format!("☐ 部分完成\n{text}"));
        let (na, text) = item_cell("2.2");
        assert_eq!(na, format!("不適用\n{text}"));
        // 13.0.1 belongs to no checklist item: its item cell is empty.
        let last = rows.last().expect("rows");
        assert!(!last[1].covered && last[1].text.is_empty(), "{:?}", last[1]);
    }

    #[test]
    fn guideline_and_item_cells_span_their_rows() {
        let (sample, entries) = sample_form(Lang::Zh);
        let heading = sample
            .catalog
            .guidelines
            .guideline("2")
            .expect("二")
            .heading();
        let parsed = parse(&part(&entries, "content.xml"));
        let rows = form_rows(&parsed);
        let start = rows.iter().position(|row| row[0].text == heading);
        let start = start.expect("a row with the guideline heading");
        // Guideline 二 has items 2.1 (one question) and 2.2 (two questions).
        assert_eq!(rows[start][0].rows_spanned, 3);
        assert!(rows[start + 1][0].covered && rows[start + 2][0].covered);
        assert!(
            !rows[start + 3][0].covered,
            "the next guideline starts a new cell"
        );
        assert_eq!(rows[start][1].rows_spanned, 1);
        assert_eq!(rows[start + 1][1].rows_spanned, 2);
        assert!(rows[start + 2][1].covered);
        // Every row has the four columns, spanned or covered.
        assert!(rows.iter().all(|row| row.len() == 4));
    }

    #[test]
    fn repository_text_is_escaped_and_control_characters_are_visible() {
        let sample = Sample::new();
        // The comparison marks the line break the answer gained (see `Entry::runs`).
        let packages = [
            (form(&sample.report(Lang::Zh)).expect("form"), ""),
            (
                comparison(&sample.comparison(Lang::Zh)).expect("comparison"),
                "↵",
            ),
        ];
        for (bytes, mark) in packages {
            let entries = unzip(&bytes);
            let content = part(&entries, "content.xml");
            assert!(
                content.contains("&lt;b&gt;粗體&lt;/b&gt;"),
                "markup is escaped"
            );
            let text = parse(&content).text;
            let expected = format!("<b>粗體</b> & \"引號\" | 管線{mark}\n第二行␛[31m<U+202E>");
            assert!(text.contains(&expected), "{text}");
            for entry in &entries {
                let data = String::from_utf8_lossy(&entry.data);
                assert!(
                    !data.contains(['\u{1b}', '\u{202e}']),
                    "raw control in {}",
                    entry.name
                );
            }
        }
    }

    #[test]
    fn white_space_survives_odf_collapsing() {
        let mut sample = Sample::new();
        let answer = "  縮排\t欄  位 \n 次行";
        sample.assessment.set_answer("1.1.1", answer);
        let entries = unzip(&form(&sample.report(Lang::Zh)).expect("exported"));
        let parsed = parse(&part(&entries, "content.xml"));
        assert_eq!(form_rows(&parsed)[0][3].text, answer);
    }

    #[test]
    fn header_intro_glossary_and_footer_are_there() {
        let (sample, entries) = sample_form(Lang::Zh);
        let text = parse(&part(&entries, "content.xml")).text;
        let expected_lines = [
            "政府數位服務指引：政府資通訊應用計畫自評表\n",
            "\n計畫名稱：OOOO 資訊系統功能提升及維運計畫 ( 110-114 年 )\n",
            "\n填表人：\n",
            "\n名詞解釋：\n數位服務：透過科技及網路，提供使用者操作的服務。\n",
        ];
        for line in expected_lines {
            assert!(text.contains(line), "{line:?} in\n{text}");
        }
        let intro = sample.form().intro.clone().expect("an intro");
        assert!(text.contains(intro.trim()));
        let styles = part(&entries, "styles.xml");
        let footer = parse(&styles).text;
        assert!(
            footer.contains(
                "版本 01234567（2026-11-22 14:05 +0800，王小明）・第一次送審\t第 1 頁，共 1 頁"
            ),
            "{footer}"
        );
        assert!(styles.contains("<text:page-number text:select-page=\"current\">"));
    }

    #[test]
    fn styles_use_taiwanese_fonts_on_a4_with_bordered_tables() {
        let (_, entries) = sample_form(Lang::Zh);
        let styles = part(&entries, "styles.xml");
        for family in [
            "標楷體, DFKai-SB, &apos;Noto Serif CJK TC&apos;",
            "新細明體, PMingLiU, &apos;Noto Serif CJK TC&apos;",
        ] {
            assert!(styles.contains(family), "{family}");
        }
        assert!(styles.contains(r#"style:font-name-asian="PMingLiU" style:font-name-complex="PMingLiU" fo:font-size="12pt""#));
        assert!(styles.contains(
            r#"fo:page-width="210mm" fo:page-height="297mm" style:print-orientation="portrait""#
        ));
        let content = part(&entries, "content.xml");
        assert!(content.contains(r##"fo:border="0.5pt solid #000000""##));
        let parsed = parse(&content);
        for table in &parsed.tables {
            assert_eq!(
                table.header.len(),
                1,
                "{} repeats its header row",
                table.name
            );
        }
        let header: Vec<&str> = parsed.table("Form").header[0]
            .iter()
            .map(|c| c.text.as_str())
            .collect();
        assert_eq!(
            header,
            [
                "政府數位服務指引",
                "檢核清單(Checklist)",
                "關鍵問題(Key Questions)",
                "機關規劃構想或數位服務現況"
            ]
        );
    }

    #[test]
    fn brics_tables_follow_the_form() {
        let (_, entries) = sample_form(Lang::Zh);
        let parsed = parse(&part(&entries, "content.xml"));
        assert!(parsed.text.contains("BRiCS：資料申請小幫手\n"));
        let table = parsed.table("BRiCS1");
        let header: Vec<&str> = table.header[0].iter().map(|c| c.text.as_str()).collect();
        assert_eq!(
            header,
            [
                "利害關係人",
                "類型",
                "效益／價值",
                "風險",
                "成本／條件／脈絡"
            ]
        );
        let cells = |row: &Vec<TestCell>| row.iter().map(|c| c.text.clone()).collect::<Vec<_>>();
        assert_eq!(table.rows.len(), 2);
        assert_eq!(cells(&table.rows[0])[0], "資料申請者");
        assert_eq!(
            cells(&table.rows[0])[2..],
            ["瞭解其他申請者的經驗", "申請被駁回", "時間與心力"]
        );
        assert!(!cells(&table.rows[0])[1].is_empty(), "the kind is named");
        assert_eq!(cells(&table.rows[1])[3], "", "an empty cell stays empty");
    }

    #[test]
    fn english_chrome_labels_the_statuses_and_pages_in_english() {
        let (_, entries) = sample_form(Lang::En);
        let parsed = parse(&part(&entries, "content.xml"));
        assert!(
            form_rows(&parsed)
                .iter()
                .any(|row| row[1].text.starts_with("☐ partial\n"))
        );
        assert!(parsed.text.contains("Stakeholder"));
        let footer = parse(&part(&entries, "styles.xml")).text;
        assert!(
            footer.contains("Revision 01234567") && footer.contains("page 1 of 1"),
            "{footer}"
        );
    }

    #[test]
    fn comparison_marks_removed_and_added_text() {
        let sample = Sample::new();
        let source = sample.comparison(Lang::Zh);
        let entries = unzip(&comparison(&source).expect("exported"));
        let parsed = parse(&part(&entries, "content.xml"));
        assert!(
            parsed
                .text
                .starts_with("政府數位服務指引：政府資通訊應用計畫自評表 修正對照表\n")
        );
        assert!(
            parsed
                .text
                .contains("修正前 (A)：第一次送審（01234567，2026-11-22 14:05 +0800，王小明）\n"),
            "the revision is named with its author, as in HTML and Markdown"
        );
        assert!(
            parsed
                .text
                .contains("修正後 (B)：第二次送審（01234567，2026-11-22 14:05 +0800，王小明）\n")
        );
        let table = parsed.table("Comparison");
        let header: Vec<&str> = table.header[0].iter().map(|c| c.text.as_str()).collect();
        assert_eq!(header, ["項目", "修正前 (A)", "修正後 (B)", "說明"]);
        assert_eq!(table.rows.len(), source.rows.len());
        for (row, source) in table.rows.iter().zip(&source.rows) {
            let entry = &source.entry;
            // What the change view says each side reads, changed line breaks marked.
            let side = |side| {
                let text: String = entry.runs(side).into_iter().map(|r| r.text).collect();
                visible(&text, true).into_owned()
            };
            assert_eq!(row[0].text, visible(&entry.heading, true));
            assert_eq!(row[1].text, side(Side::Before), "{}", entry.heading);
            assert_eq!(row[2].text, side(Side::After), "{}", entry.heading);
        }
        let answer = table
            .rows
            .iter()
            .find(|row| row[0].text.starts_with("3.1.1 "));
        let answer = answer.expect("the changed answer has a row");
        assert!(
            answer[1]
                .spans
                .iter()
                .any(|(style, text)| style == "Removed" && !text.is_empty())
        );
        assert!(answer[1].spans.iter().all(|(style, _)| style == "Removed"));
        assert!(
            answer[2]
                .spans
                .iter()
                .any(|(style, text)| style == "Added" && text.contains("粗體"))
        );
        assert!(answer[2].spans.iter().all(|(style, _)| style == "Added"));
        assert_eq!(answer[3].text, "補充改善前後對照");
        let styles = part(&entries, "styles.xml");
        assert!(styles.contains(r##"<style:style style:name="Removed" style:family="text"><style:text-properties style:text-line-through-style="solid" style:text-line-through-type="single" fo:color="#c00000"/>"##));
        assert!(styles.contains(r#"<style:style style:name="Added" style:family="text"><style:text-properties style:text-underline-style="solid""#));
        assert!(styles.contains(r##"fo:color="#0000ff""##));
    }

    #[test]
    fn comparison_without_changes_says_so() {
        let sample = Sample::new();
        let mut source = sample.comparison(Lang::Zh);
        source.rows.clear();
        let entries = unzip(&comparison(&source).expect("exported"));
        let parsed = parse(&part(&entries, "content.xml"));
        let table = parsed.table("Comparison");
        assert_eq!(table.rows.len(), 1);
        assert_eq!(table.rows[0][0].text, "兩個版本之間沒有修正。");
        assert!(table.rows[0][1..].iter().all(|cell| cell.covered));
    }

    #[test]
    fn reply_table_is_laid_out_like_the_form_with_marked_changes() {
        let sample = Sample::new();
        let source = sample.replies(Lang::Zh);
        let entries = unzip(&replies(&source).expect("exported"));
        for name in ["content.xml", "styles.xml", "meta.xml"] {
            parse(&part(&entries, name));
        }
        let parsed = parse(&part(&entries, "content.xml"));
        assert!(parsed.text.starts_with(
            "OOOO 資訊系統功能提升及維運計畫 ( 110-114 年 ) 第一次送審 審查意見回覆表\n\
             修正情形：第一次送審 → 目前版本　日期：2026-11-22\n\
             審查版本：第一次送審（01234567，2026-11-22 14:05 +0800，王小明）\n"
        ));
        let table = parsed.table("Replies");
        let header: Vec<&str> = table.header[0].iter().map(|c| c.text.as_str()).collect();
        assert_eq!(header, ["編號", "項目", "審查意見", "回覆說明", "修正情形"]);
        assert_eq!(table.rows.len(), 4);
        let first = &table.rows[0];
        assert_eq!(first[0].text, "1\n已回覆");
        assert!(first[1].text.starts_with("3.1.1 "));
        assert_eq!(
            first[2].text,
            "=HYPERLINK(\"x\") <i>斜</i>␛[1m<U+202E>\n審查委員：王委員"
        );
        assert_eq!(
            first[3].text,
            "回覆（甲，2026-11-21）：@已改寫 <b>粗</b>␇\n回覆（乙，2026-11-21）：另一份回覆"
        );
        assert!(first[4].text.starts_with("修正前："), "{}", first[4].text);
        assert!(
            first[4]
                .spans
                .iter()
                .any(|(style, text)| style == "Added" && text.contains("粗體"))
        );
        assert!(first[4].spans.iter().any(|(style, _)| style == "Removed"));
        let status = &table.rows[1][4];
        assert_eq!(status.text, "狀態\n修正前：已完成\n修正後：部分完成");
        assert!(status.spans.contains(&("Removed".into(), "已完成".into())));
        assert!(status.spans.contains(&("Added".into(), "部分完成".into())));
        assert_eq!(table.rows[2][3].text, "（尚未回覆）");
        assert_eq!(table.rows[2][4].text, "未修正");
        assert_eq!(table.rows[3][4].text, "—");
        assert!(
            table.rows[3][2]
                .text
                .ends_with("再修正（王委員，2026-11-23）：錯字仍多")
        );
        let styles = part(&entries, "styles.xml");
        let footer = parse(&styles).text;
        assert!(
            footer.contains("審查意見回覆表：第一次送審 → 目前版本\t第 1 頁，共 1 頁"),
            "{footer}"
        );
        assert!(styles.contains(r#"fo:page-width="210mm" fo:page-height="297mm""#));
        for entry in &entries {
            let data = String::from_utf8_lossy(&entry.data);
            assert!(
                !data.contains(['\u{1b}', '\u{202e}', '\u{7}']),
                "{}",
                entry.name
            );
        }
    }

    #[test]
    fn reply_table_without_comments_says_so() {
        let sample = Sample::new();
        let mut source = sample.replies(Lang::Zh);
        source.rows.clear();
        let entries = unzip(&replies(&source).expect("exported"));
        let parsed = parse(&part(&entries, "content.xml"));
        let table = parsed.table("Replies");
        assert_eq!(table.rows.len(), 1);
        assert_eq!(table.rows[0][0].text, "第一次送審 沒有審查意見。");
        assert!(table.rows[0][1..].iter().all(|cell| cell.covered));
    }
}
