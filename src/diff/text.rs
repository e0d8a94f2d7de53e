//! Character-level text diff. Chinese has no spaces between words, so a word diff
//! would mark whole sentences; characters are the unit people actually edit.

use std::time::Duration;

use similar::{Algorithm, ChangeTag, TextDiff};

/// A run of characters in a text diff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Span {
    /// In both texts.
    Same(String),
    /// Only in the text before.
    Removed(String),
    /// Only in the text after.
    Added(String),
}

impl Span {
    /// The characters of the run.
    pub fn text(&self) -> &str {
        match self {
            Span::Same(text) | Span::Removed(text) | Span::Added(text) => text,
        }
    }
}

/// How long one text diff may search for the smallest edit before settling for a
/// larger but still correct one: huge pastes must not stall a diff of a whole form.
const DEADLINE: Duration = Duration::from_millis(50);

/// The character-level diff of two texts, with adjacent runs of the same kind merged.
/// The `Same` and `Removed` runs spell `before`; the `Same` and `Added` runs spell
/// `after`.
pub fn char_diff(before: &str, after: &str) -> Vec<Span> {
    let diff = TextDiff::configure()
        .algorithm(Algorithm::Myers)
        .timeout(DEADLINE)
        .diff_chars(before, after);
    let mut spans: Vec<Span> = Vec::new();
    for change in diff.iter_all_changes() {
        let text = change.value();
        match (spans.last_mut(), change.tag()) {
            (Some(Span::Same(run)), ChangeTag::Equal)
            | (Some(Span::Removed(run)), ChangeTag::Delete)
            | (Some(Span::Added(run)), ChangeTag::Insert) => run.push_str(text),
            (_, ChangeTag::Equal) => spans.push(Span::Same(text.to_owned())),
            (_, ChangeTag::Delete) => spans.push(Span::Removed(text.to_owned())),
            (_, ChangeTag::Insert) => spans.push(Span::Added(text.to_owned())),
        }
    }
    spans
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn spell(spans: &[Span], keep: fn(&Span) -> bool) -> String {
        spans.iter().filter(|s| keep(s)).map(Span::text).collect()
    }

    #[test]
    fn inserted_chinese_characters_are_marked_one_by_one_not_as_a_word() {
        let spans = char_diff("誰是服務的使用者", "誰是本服務的主要使用者");
        assert_eq!(
            spans,
            [
                Span::Same("誰是".into()),
                Span::Added("本".into()),
                Span::Same("服務的".into()),
                Span::Added("主要".into()),
                Span::Same("使用者".into()),
            ]
        );
    }

    #[test]
    fn a_replacement_is_a_removal_and_an_addition() {
        let spans = char_diff("使用者痛點", "使用者需求");
        assert_eq!(spans[0], Span::Same("使用者".into()));
        assert_eq!(spell(&spans, |s| matches!(s, Span::Removed(_))), "痛點");
        assert_eq!(spell(&spans, |s| matches!(s, Span::Added(_))), "需求");
    }

    #[test]
    fn equal_and_empty_texts() {
        assert_eq!(char_diff("同", "同"), [Span::Same("同".into())]);
        assert_eq!(char_diff("", "新"), [Span::Added("新".into())]);
        assert_eq!(char_diff("舊", ""), [Span::Removed("舊".into())]);
        assert!(char_diff("", "").is_empty());
    }

    proptest! {
        #[test]
        fn spans_spell_both_texts_and_never_repeat_a_kind(before in "[甲乙丙 a\n]{0,12}", after in "[甲乙丙 a\n]{0,12}") {
            let spans = char_diff(&before, &after);
            prop_assert_eq!(spell(&spans, |s| !matches!(s, Span::Added(_))), before);
            prop_assert_eq!(spell(&spans, |s| !matches!(s, Span::Removed(_))), after);
            for pair in spans.windows(2) {
                prop_assert_ne!(std::mem::discriminant(&pair[0]), std::mem::discriminant(&pair[1]));
            }
        }
    }
}
