//! Iterations: annotated tags such as 第一次送審 marking the revision sent for review.

use git2::Oid;

use super::error::StoreError;
use super::identity::Author;
use super::repo::Store;

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

impl Store {
    /// Tags `rev` as iteration `name` (an annotated tag). Refuses an existing name.
    pub fn tag(
        &self,
        name: &str,
        rev: Oid,
        message: &str,
        tagger: &Author,
    ) -> Result<Oid, StoreError> {
        if name.trim().is_empty() || !git2::Reference::is_valid_name(&format!("refs/tags/{name}")) {
            return Err(StoreError::BadTagName(name.to_owned()));
        }
        if self
            .repo
            .find_reference(&format!("refs/tags/{name}"))
            .is_ok()
        {
            return Err(StoreError::TagExists(name.to_owned()));
        }
        let object = self.repo.find_object(rev, None)?;
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
