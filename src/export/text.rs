//! Plain text: the assessment question by question, as `dsw show` prints it and as
//! git's textconv shows it in `git diff`.

use std::fmt::Write as _;

use crate::report::FormReport;
use crate::report::form::QuestionReport;
use crate::report::words;
use crate::safe_text::visible;

/// Renders the whole report: header fields, each guideline's items (status and
/// evidence) and questions (answer or "(未填)"), orphaned answers, BRiCS tables.
/// Every text from the repository is made safe to print.
pub fn render(report: &FormReport) -> String {
    let lang = report.lang;
    let mut out = String::new();
    let _ = writeln!(out, "{}", visible(&report.title, false));
    for field in &report.fields {
        let _ = writeln!(
            out,
            "{}{}{}",
            field.label,
            lang.colon(),
            visible(&field.value, false)
        );
    }
    let unanswered = words::no_answer(lang);
    for group in &report.groups {
        let _ = write!(out, "\n{}\n", group.heading);
        for item in &group.items {
            let status = words::status(item.status, lang);
            let _ = writeln!(out, "\n{} {} [{status}]", item.id, item.text);
            for (n, evidence) in item.evidence_words(lang).iter().enumerate() {
                let _ = writeln!(
                    out,
                    "  {} {}{}{}",
                    words::evidence_word(lang),
                    n + 1,
                    lang.colon(),
                    visible(evidence, false)
                );
            }
            for question in &item.questions {
                answer(&mut out, question, unanswered);
            }
        }
        for question in &group.questions {
            answer(&mut out, question, unanswered);
        }
    }
    if !report.orphaned_answers.is_empty() {
        let _ = write!(out, "\n{}\n", words::orphans_heading(lang));
        for (id, text) in &report.orphaned_answers {
            let orphan = QuestionReport {
                id: visible(id, false).into_owned(),
                text: String::new(),
                answer: text.clone(),
            };
            answer(&mut out, &orphan, unanswered);
        }
    }
    for table in &report.brics.tables {
        let _ = write!(
            out,
            "\nBRiCS{}{}\n",
            lang.colon(),
            visible(&table.title, false)
        );
        for stakeholder in &table.stakeholders {
            let kind = if stakeholder.kind.is_empty() {
                String::new()
            } else {
                lang.parenthesized(&visible(&stakeholder.kind, false))
            };
            let _ = writeln!(
                out,
                "\n  {}{}{kind}",
                visible(&stakeholder.name, false),
                lang.pick(" ", ""),
            );
            for (dimension, value) in report.brics.dimensions.iter().zip(&stakeholder.dimensions) {
                let value = if value.is_empty() {
                    lang.pick("（空白）", "(empty)").to_owned()
                } else {
                    visible(value, true).into_owned()
                };
                let _ = writeln!(
                    out,
                    "    {dimension}{}{}",
                    lang.colon(),
                    value.replace('\n', "\n      ")
                );
            }
        }
    }
    out
}

/// A question, then its answer line by line (or that it has none).
fn answer(out: &mut String, question: &QuestionReport, unanswered: &str) {
    let _ = writeln!(out, "  {} {}", question.id, question.text);
    if question.answer.is_empty() {
        let _ = writeln!(out, "    {unanswered}");
    } else {
        for line in visible(&question.answer, true).lines() {
            let _ = writeln!(out, "    {line}");
        }
    }
}
