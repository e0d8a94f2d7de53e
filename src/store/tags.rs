//! Iterations: annotated tags such as 第一次送審 marking the revision sent for review.

use git2::Oid;

use super::error::StoreError;
use super::identity::Author;
use super::repo::{Store, short_id};
use crate::i18n::Lang;

/// An iteration tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Iteration {
    /// The tag name.
    pub name: String,
    /// The tagged commit.
    pub target: Oid,
    /// The tag message.
    pub message: String,
    /// Who tagged it.
    pub tagger: String,
    /// When, seconds since the epoch.
    pub time: i64,
    /// The tagger's UTC offset in minutes.
    pub offset_minutes: i32,
}

/// An iteration just made by [`Store::tag`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tagged {
    /// The tag name, as stored (surrounding blanks trimmed).
    pub name: String,
    /// The tagged commit.
    pub target: Oid,
}

impl Tagged {
    /// What was done, in the interface language: `已標記 第一次送審 → 1a2b3c4d`.
    pub fn describe(&self, lang: Lang) -> String {
        format!(
            "{} {} → {}",
            lang.pick("已標記", "tagged"),
            crate::safe_text::visible(&self.name, false),
            short_id(self.target)
        )
    }
}

impl Store {
    /// Tags revision `rev` (any git revision syntax; the branch head when `None`) as
    /// iteration `name`, an annotated tag whose message is `message` (the name when
    /// blank) — the one way the command line and the workbench tag. The name is
    /// checked first, so a name git does not allow is said to be one even when the
    /// revision is wrong too; then the revision; an existing iteration of that name
    /// is refused, never moved.
    pub fn tag(
        &self,
        name: &str,
        rev: Option<&str>,
        message: &str,
        tagger: &Author,
    ) -> Result<Tagged, StoreError> {
        let name = name.trim();
        if name.is_empty() || !git2::Reference::is_valid_name(&format!("refs/tags/{name}")) {
            return Err(StoreError::BadTagName(name.to_owned()));
        }
        let target = match rev {
            Some(spec) => self.resolve_rev(spec)?,
            None => self.head_commit()?,
        };
        if self
            .repo
            .find_reference(&format!("refs/tags/{name}"))
            .is_ok()
        {
            return Err(StoreError::TagExists(name.to_owned()));
        }
        let object = self.repo.find_object(target, None)?;
        let message = if message.trim().is_empty() {
            name
        } else {
            message
        };
        self.repo
            .tag(name, &object, &tagger.signature()?, message, false)
            .map_err(|e| match e.code() {
                git2::ErrorCode::Exists => StoreError::TagExists(name.to_owned()),
                _ if !self.writable() => StoreError::ReadOnly(self.git_dir().to_path_buf()),
                _ => e.into(),
            })?;
        Ok(Tagged {
            name: name.to_owned(),
            target,
        })
    }

    /// Every tag, oldest target first.
    pub fn iterations(&self) -> Result<Vec<Iteration>, StoreError> {
        let mut list = Vec::new();
        for name in self.repo.tag_names(None)?.iter().flatten().flatten() {
            let reference = self.repo.find_reference(&format!("refs/tags/{name}"))?;
            let Ok(commit) = reference.peel_to_commit() else {
                continue;
            };
            let (message, tagger, time, offset_minutes) = match reference.peel_to_tag() {
                Ok(tag) => (
                    tag.message()
                        .ok()
                        .flatten()
                        .unwrap_or("")
                        .trim_end()
                        .to_owned(),
                    tag.tagger()
                        .map(|t| String::from_utf8_lossy(t.name_bytes()).into_owned())
                        .unwrap_or_default(),
                    tag.tagger()
                        .map_or(commit.time().seconds(), |t| t.when().seconds()),
                    tag.tagger().map_or(commit.time().offset_minutes(), |t| {
                        t.when().offset_minutes()
                    }),
                ),
                Err(_) => (
                    String::new(),
                    String::new(),
                    commit.time().seconds(),
                    commit.time().offset_minutes(),
                ),
            };
            list.push(Iteration {
                name: name.to_owned(),
                target: commit.id(),
                message,
                tagger,
                time,
                offset_minutes,
            });
        }
        list.sort_by_key(|it| (it.time, it.name.clone()));
        Ok(list)
    }
}
