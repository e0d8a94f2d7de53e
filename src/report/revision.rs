//! Which revision a report shows, and how it is named: one label, with its date and
//! author, wherever a revision is named.

use crate::i18n::Lang;

/// A revision as reports name it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Revision {
    /// The full commit id.
    pub id: String,
    /// Its first 8 hex digits.
    pub short: String,
    /// The commit date, already formatted (`2026-11-22 14:05 +0800`).
    pub date: String,
    /// Who wrote it.
    pub author: String,
    /// Iteration tags pointing at it (第一次送審 …).
    pub iterations: Vec<String>,
}

impl Revision {
    /// How a revision is named: the label the user gave, then the short id, date and
    /// author in parentheses (the id is not repeated when the label already is it):
    /// `第一次送審（01234567，2026-11-22 14:05 +0800，王小明）`. Not escaped: each
    /// format escapes it its own way.
    pub fn summary(&self, label: &str, lang: Lang) -> String {
        let is_id = label.is_empty()
            || label == self.short
            || self.id.starts_with(&label.to_ascii_lowercase());
        let details: Vec<&str> = [
            if is_id { "" } else { self.short.as_str() },
            self.date.as_str(),
            self.author.as_str(),
        ]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect();
        let name = if is_id { self.short.as_str() } else { label };
        if details.is_empty() {
            name.to_owned()
        } else {
            let details = details.join(lang.pick("，", ", "));
            format!("{name}{}", lang.parenthesized(&details))
        }
    }

    /// The revision by its own id: `01234567（2026-11-22 14:05 +0800，王小明）`.
    pub fn label(&self, lang: Lang) -> String {
        self.summary(&self.short, lang)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn revision() -> Revision {
        Revision {
            id: "0123456789abcdef0123456789abcdef01234567".into(),
            short: "01234567".into(),
            date: "2026-11-22 14:05 +0800".into(),
            author: "王小明".into(),
            iterations: vec!["第一次送審".into()],
        }
    }

    #[test]
    fn a_revision_is_named_with_its_date_and_author() {
        let r = revision();
        assert_eq!(
            r.summary("第一次送審", Lang::Zh),
            "第一次送審（01234567，2026-11-22 14:05 +0800，王小明）"
        );
        assert_eq!(
            r.summary("0123456", Lang::En),
            "01234567 (2026-11-22 14:05 +0800, 王小明)"
        );
        assert_eq!(
            r.label(Lang::Zh),
            "01234567（2026-11-22 14:05 +0800，王小明）"
        );
    }
}
