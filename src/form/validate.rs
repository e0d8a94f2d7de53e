//! Checks that parsing alone cannot make: ids unique and where their position says,
//! references that resolve, no empty texts.

use std::collections::HashMap;
use std::ops::Range;

use super::{Brics, DIMENSION_IDS, Form, Guidelines, Text};
use crate::diagnostic::{Diagnostic, Problem, line_col};
use crate::suggest::closest;

/// Collects the problems of one file.
struct Checker<'s> {
    source: &'s str,
    found: Vec<Diagnostic>,
}

impl<'s> Checker<'s> {
    fn new(source: &'s str) -> Self {
        Checker {
            source,
            found: Vec::new(),
        }
    }

    fn push(&mut self, span: Range<usize>, problem: Problem) {
        self.found.push(Diagnostic {
            span: Some(span),
            problem,
        });
    }

    fn not_empty(&mut self, key: &'static str, text: &Text) {
        if text.trim().is_empty() {
            self.push(text.span(), Problem::Empty { key });
        }
    }

    /// Records `id` (with its byte offset); reports it when it was already used.
    /// Returns whether it was new.
    fn unique<'a>(
        &mut self,
        seen: &mut HashMap<&'a str, usize>,
        what: &'static str,
        id: &'a Text,
    ) -> bool {
        match seen.get(id.as_str()) {
            Some(&first) => {
                // Lines are counted only for a duplicate: counting them for every id
                // would make checking a form quadratic in its size.
                let first_line = line_col(self.source, first).0;
                self.push(
                    id.span(),
                    Problem::Duplicate {
                        what,
                        id: id.to_string(),
                        first_line,
                    },
                );
                false
            }
            None => {
                seen.insert(id.as_str(), id.span().start);
                true
            }
        }
    }

    fn in_place(&mut self, what: &'static str, id: &Text, expected: String) {
        if *id.as_str() != expected {
            self.push(
                id.span(),
                Problem::OutOfPlace {
                    what,
                    id: id.to_string(),
                    expected,
                },
            );
        }
    }
}

/// Problems of a form; guideline references are checked against `guidelines`.
pub fn validate_form(form: &Form, guidelines: &Guidelines, source: &str) -> Vec<Diagnostic> {
    let mut check = Checker::new(source);
    let well_formed = !form.id.is_empty()
        && form
            .id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !form.id.starts_with('-');
    if !well_formed {
        check.push(
            form.id.span(),
            Problem::BadFormId {
                id: form.id.to_string(),
            },
        );
    }
    check.not_empty("title", &form.title);
    check.not_empty("edition", &form.edition);
    for column in &form.columns {
        check.not_empty("columns", column);
    }

    let mut field_ids = HashMap::new();
    for field in &form.fields {
        check.not_empty("id", &field.id);
        check.not_empty("label", &field.label);
        check.unique(&mut field_ids, "field", &field.id);
    }

    let mut group_ids = HashMap::new();
    let mut ids = HashMap::new();
    for group in &form.groups {
        if guidelines
            .guideline(&group.id)
            .is_none_or(|g| *g.id != *group.id)
        {
            let known = guidelines.guidelines.iter().map(|g| g.id.as_str());
            check.push(
                group.id.span(),
                Problem::Unknown {
                    what: "guideline",
                    id: group.id.to_string(),
                    closest: closest(&group.id, known).map(str::to_owned),
                },
            );
        }
        check.unique(&mut group_ids, "guideline", &group.id);
        if group.items.is_empty() && group.questions.is_empty() {
            check.push(
                group.id.span(),
                Problem::EmptyGroup {
                    guideline: group.id.to_string(),
                },
            );
        }
        for (n, item) in group.items.iter().enumerate() {
            check.not_empty("text", &item.text);
            if check.unique(&mut ids, "item", &item.id) {
                check.in_place("item", &item.id, format!("{}.{}", group.id, n + 1));
            }
            for (m, question) in item.questions.iter().enumerate() {
                check.not_empty("text", &question.text);
                if check.unique(&mut ids, "question", &question.id) {
                    check.in_place("question", &question.id, format!("{}.{}", item.id, m + 1));
                }
            }
        }
        for (m, question) in group.questions.iter().enumerate() {
            check.not_empty("text", &question.text);
            if check.unique(&mut ids, "question", &question.id) {
                check.in_place(
                    "question",
                    &question.id,
                    format!("{}.0.{}", group.id, m + 1),
                );
            }
        }
    }
    check.found
}

/// Problems of the guidelines file.
pub fn validate_guidelines(content: &Guidelines, source: &str) -> Vec<Diagnostic> {
    let mut check = Checker::new(source);
    let mut layer_ids = HashMap::new();
    for layer in &content.layers {
        check.not_empty("id", &layer.id);
        check.not_empty("name", &layer.name);
        check.not_empty("definition", &layer.definition);
        check.unique(&mut layer_ids, "layer", &layer.id);
    }
    let known_layers = || content.layers.iter().map(|l| l.id.as_str());

    let mut guideline_ids = HashMap::new();
    for (n, guideline) in content.guidelines.iter().enumerate() {
        if check.unique(&mut guideline_ids, "guideline", &guideline.id) {
            check.in_place("guideline", &guideline.id, (n + 1).to_string());
        }
        check.not_empty("numeral", &guideline.numeral);
        check.not_empty("title", &guideline.title);
        check.not_empty("principle", &guideline.principle);
        check.not_empty("explanation", &guideline.explanation);
        let mut mapped = HashMap::new();
        for layer in &guideline.layers {
            if content.layer(layer).is_none() {
                let problem = Problem::Unknown {
                    what: "layer",
                    id: layer.to_string(),
                    closest: closest(layer, known_layers()).map(str::to_owned),
                };
                check.push(layer.span(), problem);
            }
            check.unique(&mut mapped, "layer", layer);
        }
    }

    let mut section_keys: HashMap<(&str, &str), usize> = HashMap::new();
    for section in &content.sections {
        let guideline = content
            .guidelines
            .iter()
            .find(|g| *g.id == *section.guideline);
        match guideline {
            None => {
                let known = content.guidelines.iter().map(|g| g.id.as_str());
                let problem = Problem::Unknown {
                    what: "guideline",
                    id: section.guideline.to_string(),
                    closest: closest(&section.guideline, known).map(str::to_owned),
                };
                check.push(section.guideline.span(), problem);
            }
            Some(guideline) if content.layer(&section.layer).is_none() => {
                let problem = Problem::Unknown {
                    what: "layer",
                    id: section.layer.to_string(),
                    closest: closest(&section.layer, guideline.layers.iter().map(|l| l.as_str()))
                        .map(str::to_owned),
                };
                check.push(section.layer.span(), problem);
            }
            Some(guideline) if !guideline.layers.contains(&section.layer) => {
                let problem = Problem::LayerNotMapped {
                    guideline: guideline.id.to_string(),
                    layer: section.layer.to_string(),
                };
                check.push(section.layer.span(), problem);
            }
            Some(_) => {}
        }
        let key = (section.guideline.as_str(), section.layer.as_str());
        let line = line_col(source, section.guideline.span().start).0;
        if let Some(&first_line) = section_keys.get(&key) {
            let problem = Problem::Duplicate {
                what: "section",
                id: format!("{}/{}", key.0, key.1),
                first_line,
            };
            check.push(section.layer.span(), problem);
        } else {
            section_keys.insert(key, line);
        }
        for (n, note) in section.notes.iter().enumerate() {
            if *note.n.get_ref() as usize != n + 1 {
                let problem = Problem::OutOfPlace {
                    what: "note",
                    id: note.n.get_ref().to_string(),
                    expected: (n + 1).to_string(),
                };
                check.push(note.n.span(), problem);
            }
            check.not_empty("text", &note.text);
            for reference in &note.refs {
                check.not_empty("text", &reference.text);
                if let Some(url) = &reference.url {
                    check.not_empty("url", url);
                }
            }
        }
    }
    // Every guideline × layer of 表2 has its notes (only checked once any section
    // exists, so a file of guidelines alone is still valid).
    if !content.sections.is_empty() {
        for guideline in &content.guidelines {
            // An unknown layer was already reported; a missing section would repeat it.
            for layer in guideline
                .layers
                .iter()
                .filter(|l| content.layer(l).is_some())
            {
                if !section_keys.contains_key(&(guideline.id.as_str(), layer.as_str())) {
                    let problem = Problem::MissingSection {
                        guideline: guideline.id.to_string(),
                        layer: layer.to_string(),
                    };
                    check.push(layer.span(), problem);
                }
            }
        }
    }

    let mut terms = HashMap::new();
    for term in &content.terms {
        check.not_empty("term", &term.term);
        check.not_empty("definition", &term.definition);
        check.unique(&mut terms, "term", &term.term);
    }
    check.found
}

/// Problems of the BRiCS file.
pub fn validate_brics(content: &Brics, source: &str) -> Vec<Diagnostic> {
    let mut check = Checker::new(source);
    check.not_empty("title", &content.title);
    check.not_empty("intro", &content.intro);
    let mut kinds = HashMap::new();
    for kind in &content.kinds {
        check.not_empty("id", &kind.id);
        check.not_empty("name", &kind.name);
        check.not_empty("description", &kind.description);
        check.unique(&mut kinds, "kind", &kind.id);
    }
    for (dimension, expected) in content.dimensions.iter().zip(DIMENSION_IDS) {
        check.in_place("dimension", &dimension.id, expected.to_owned());
        check.not_empty("name", &dimension.name);
        check.not_empty("english", &dimension.english);
        check.not_empty("explanation", &dimension.explanation);
    }
    if content.dimensions.len() != DIMENSION_IDS.len() {
        let problem = Problem::DimensionCount {
            found: content.dimensions.len(),
        };
        check.found.push(Diagnostic {
            span: None,
            problem,
        });
    }
    for guidance in &content.guidance {
        check.not_empty("text", &guidance.text);
    }
    if let Some(case) = &content.example {
        check.not_empty("title", &case.title);
        check.not_empty("scenario", &case.scenario);
        check.not_empty("question", &case.question);
        check.not_empty("analysis", &case.analysis);
    }
    check.found
}
