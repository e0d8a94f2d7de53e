//! Plain text: the assessment question by question, as `dsw show` prints it and as
//! git's textconv shows it in `git diff`.

use std::fmt::Write as _;

use crate::assessment::Assessment;
use crate::form::{Brics, Form, Guidelines};
use crate::i18n::Lang;
use crate::safe_text::visible;

/// Renders the whole assessment: header fields, each guideline's items (status and
/// evidence) and questions (answer or "(未填)"), orphaned answers, BRiCS tables.
/// Every text from the repository is made safe to print.
pub fn render(
    assessment: &Assessment,
    form: &Form,
    guidelines: &Guidelines,
    brics: &Brics,
    lang: Lang,
) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", visible(&form.title, false));
    for field in &form.fields {
        let value = assessment.meta(&field.id);
        let _ = writeln!(
            out,
            "{}{}{}",
            field.label,
            lang.colon(),
            visible(value, false)
        );
    }
    let unanswered = lang.pick("（未填）", "(no answer)");
    for group in &form.groups {
        let heading = guidelines
            .guideline(&group.id)
            .map_or_else(|| group.id.to_string(), |g| g.heading());
        let _ = write!(out, "\n{heading}\n");
        for item in &group.items {
            let status = assessment.status(&item.id);
            let _ = writeln!(out, "\n{} {} [{}]", item.id, item.text, status.label(lang));
            for (n, evidence) in assessment.evidence(&item.id).iter().enumerate() {
                let _ = writeln!(
                    out,
                    "  {}{}: {} <{}>",
                    lang.pick("佐證 ", "evidence "),
                    n + 1,
                    visible(&evidence.label, false),
                    visible(&evidence.target, false)
                );
            }
            for question in &item.questions {
                answer(
                    &mut out,
                    &question.id,
                    &question.text,
                    assessment.answer(&question.id),
                    unanswered,
                );
            }
        }
        for question in &group.questions {
            answer(
                &mut out,
                &question.id,
                &question.text,
                assessment.answer(&question.id),
                unanswered,
            );
        }
    }
    let orphans: Vec<&str> = assessment.orphaned_answers(form).collect();
    if !orphans.is_empty() {
        let _ = write!(
            out,
            "\n{}\n",
            lang.pick(
                "表單已無以下題目（回答保留）",
                "Answers to questions the form no longer has (kept)"
            )
        );
        for id in orphans {
            answer(
                &mut out,
                &visible(id, false),
                "",
                assessment.answer(id),
                unanswered,
            );
        }
    }
    for table in &assessment.brics {
        let _ = write!(
            out,
            "\nBRiCS{}{}\n",
            lang.colon(),
            visible(&table.title, false)
        );
        for stakeholder in &table.stakeholders {
            let kind = brics
                .kind(&stakeholder.kind)
                .map_or("", |k| k.name.as_str());
            let _ = writeln!(
                out,
                "\n  {}{}{}",
                visible(&stakeholder.name, false),
                lang.pick(" ", ""),
                if kind.is_empty() {
                    String::new()
                } else {
                    lang.parenthesized(kind)
                }
            );
            for (dimension, value) in brics.dimensions.iter().zip([
                &stakeholder.benefit,
                &stakeholder.risk,
                &stakeholder.cost,
            ]) {
                let value = if value.is_empty() {
                    lang.pick("（空白）", "(empty)").to_owned()
                } else {
                    visible(value, true).into_owned()
                };
                let _ = writeln!(
                    out,
                    "    {}{}{}",
                    dimension.name_in(lang),
                    lang.colon(),
                    indent(&value, "      ")
                );
            }
        }
    }
    out
}

fn answer(out: &mut String, id: &str, question: &str, answer: &str, unanswered: &str) {
    let _ = writeln!(out, "  {id} {question}");
    if answer.is_empty() {
        let _ = writeln!(out, "    {unanswered}");
    } else {
        for line in visible(answer, true).lines() {
            let _ = writeln!(out, "    {line}");
        }
    }
}

fn indent(text: &str, pad: &str) -> String {
    text.replace('\n', &format!("\n{pad}"))
}
