//! History: the revisions of an assessment, newest first, with their iteration tags.

use std::collections::{BinaryHeap, HashMap, HashSet};

use git2::Oid;

use super::error::StoreError;
use super::repo::{AssessmentName, Store};
use super::trailer;
use crate::diff::{AssessmentDiff, Stat};

/// One revision of an assessment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    /// The commit.
    pub id: Oid,
    /// Commit time, seconds since the Unix epoch.
    pub time: i64,
    /// The committer's UTC offset in minutes (for showing local dates).
    pub offset_minutes: i32,
    /// Author name.
    pub author: String,
    /// Author email.
    pub email: String,
    /// Committer name: the account that made the revision.
    pub committer: String,
    /// Committer email (`login@host` for dsw's commits).
    pub committer_email: String,
    /// The message people wrote (dsw's trailer removed).
    pub message: String,
    /// What changed, when known without diffing (dsw's trailer); `None` for
    /// revisions made by other tools.
    pub stat: Option<Stat>,
    /// Iteration tags pointing at it.
    pub tags: Vec<String>,
}

impl Revision {
    /// The message's first line.
    pub fn summary(&self) -> &str {
        self.message.lines().next().unwrap_or("")
    }

    /// The committer, when someone other than the author made the revision (an
    /// `--author` given on someone else's behalf): `Name <email>`. Compared by name.
    pub fn committed_by_other(&self) -> Option<String> {
        // The same person under another address (git config vs. `login@host`) is
        // not news; another name is.
        (self.committer != self.author)
            .then(|| format!("{} <{}>", self.committer, self.committer_email))
    }
}

/// Walks the history of one assessment newest first, yielding only commits that
/// changed it. Lazy, so the first page costs little whatever the history length.
///
/// The walk is git's default order (newest commit date first, children before
/// parents, ties in the order met), done here rather than with libgit2's revwalk so
/// that each commit is read and parsed once instead of twice.
pub struct Log<'a> {
    name: AssessmentName,
    repo: &'a git2::Repository,
    /// Commits to visit, newest first.
    queue: BinaryHeap<Queued<'a>>,
    queued: HashSet<Oid>,
    sequence: u64,
    /// The assessment's blob id at commits already looked at (children are visited
    /// before parents, so each tree is read once).
    blobs: HashMap<Oid, Option<Oid>>,
    tags: HashMap<Oid, Vec<String>>,
    /// Tags met on commits that did not change the assessment (a review action, a
    /// revision of another assessment), for the next revision that did: the
    /// assessment in that iteration is that revision's.
    carried: Vec<String>,
}

/// A commit waiting in the walk, ordered by time, then by when it was met.
struct Queued<'a> {
    time: i64,
    sequence: u64,
    commit: git2::Commit<'a>,
}

impl Ord for Queued<'_> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.time
            .cmp(&other.time)
            .then_with(|| other.sequence.cmp(&self.sequence))
    }
}

impl PartialOrd for Queued<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Queued<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.sequence == other.sequence
    }
}

impl Eq for Queued<'_> {}

impl Store {
    /// The revisions of `name` reachable from `from` (default: the branch head).
    pub fn log(&self, name: &AssessmentName, from: Option<Oid>) -> Result<Log<'_>, StoreError> {
        let start = match from {
            Some(oid) => oid,
            None => self.head_commit()?,
        };
        let mut log = Log {
            name: name.clone(),
            repo: &self.repo,
            queue: BinaryHeap::new(),
            queued: HashSet::new(),
            sequence: 0,
            blobs: HashMap::new(),
            tags: self.tags_by_commit()?,
            carried: Vec::new(),
        };
        log.enqueue(self.repo.find_commit(start)?);
        Ok(log)
    }

    /// Annotated and lightweight tags, by the commit they point at.
    pub fn tags_by_commit(&self) -> Result<HashMap<Oid, Vec<String>>, StoreError> {
        let mut tags: HashMap<Oid, Vec<String>> = HashMap::new();
        for name in self.repo.tag_names(None)?.iter().flatten().flatten() {
            let Ok(reference) = self.repo.find_reference(&format!("refs/tags/{name}")) else {
                continue;
            };
            if let Ok(commit) = reference.peel_to_commit() {
                tags.entry(commit.id()).or_default().push(name.to_owned());
            }
        }
        Ok(tags)
    }

    /// The revision of `name` that commit `id` holds: `id` itself when it changed
    /// the assessment, else the latest one before it (a review action changes only
    /// the review file), with the iteration tags of the commits in between.
    pub fn content_revision(&self, name: &AssessmentName, id: Oid) -> Result<Revision, StoreError> {
        match self.log(name, Some(id))?.next() {
            Some(revision) => revision,
            None => self.revision(id),
        }
    }

    /// The revision at commit `id`.
    pub fn revision(&self, id: Oid) -> Result<Revision, StoreError> {
        let tags = self.tags_by_commit()?;
        let commit = self.repo.find_commit(id)?;
        Ok(revision_of(&commit, &tags))
    }

    /// What a revision changed, diffing against its first parent when the commit
    /// does not say (revisions made by plain git).
    pub fn stat_of(&self, name: &AssessmentName, revision: &Revision) -> Result<Stat, StoreError> {
        if let Some(stat) = &revision.stat {
            return Ok(*stat);
        }
        let commit = self.repo.find_commit(revision.id)?;
        let after = self.load_at(name, revision.id)?;
        let before = match commit.parent_id(0) {
            Ok(parent) if self.blob_at(name, parent)?.is_some() => self.load_at(name, parent)?,
            _ => crate::assessment::Assessment::new(self.form_of(&after)?),
        };
        Ok(AssessmentDiff::between(&before, &after, self.form_of(&after)?).stat())
    }
}

fn revision_of(commit: &git2::Commit<'_>, tags: &HashMap<Oid, Vec<String>>) -> Revision {
    revision_with_message(
        commit,
        &String::from_utf8_lossy(commit.message_bytes()),
        tags,
    )
}

fn revision_with_message(
    commit: &git2::Commit<'_>,
    raw: &str,
    tags: &HashMap<Oid, Vec<String>>,
) -> Revision {
    let author = commit.author();
    Revision {
        id: commit.id(),
        time: commit.time().seconds(),
        offset_minutes: commit.time().offset_minutes(),
        author: String::from_utf8_lossy(author.name_bytes()).into_owned(),
        email: String::from_utf8_lossy(author.email_bytes()).into_owned(),
        committer: String::from_utf8_lossy(commit.committer().name_bytes()).into_owned(),
        committer_email: String::from_utf8_lossy(commit.committer().email_bytes()).into_owned(),
        message: trailer::strip(raw).to_owned(),
        stat: trailer::stat(raw, commit.parent_id(0).ok()),
        tags: tags.get(&commit.id()).cloned().unwrap_or_default(),
    }
}

impl Log<'_> {
    fn blob_of(&mut self, commit: &git2::Commit<'_>) -> Result<Option<Oid>, git2::Error> {
        if let Some(blob) = self.blobs.get(&commit.id()) {
            return Ok(*blob);
        }
        let blob = commit
            .tree()?
            .get_name(&self.name.file_name())
            .map(|entry| entry.id());
        self.blobs.insert(commit.id(), blob);
        Ok(blob)
    }

    /// Whether `commit` (whose message is `message`) changed the assessment.
    fn touches(&mut self, commit: &git2::Commit<'_>, message: &str) -> Result<bool, git2::Error> {
        // dsw's own commits say which assessment they change: no tree to read.
        if let Some(named) = trailer::assessment(message) {
            return Ok(named == self.name.0);
        }
        let mine = self.blob_of(commit)?;
        if mine.is_none() {
            return Ok(false);
        }
        if commit.parent_count() == 0 {
            return Ok(true);
        }
        for parent in commit.parents() {
            if self.blob_of(&parent)? == mine {
                return Ok(false);
            }
        }
        Ok(true)
    }
}

impl<'a> Log<'a> {
    fn enqueue(&mut self, commit: git2::Commit<'a>) {
        if self.queued.insert(commit.id()) {
            self.sequence += 1;
            self.queue.push(Queued {
                time: commit.time().seconds(),
                sequence: self.sequence,
                commit,
            });
        }
    }
}

impl Iterator for Log<'_> {
    type Item = Result<Revision, StoreError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let commit = self.queue.pop()?.commit;
            for parent in commit.parent_ids() {
                match self.repo.find_commit(parent) {
                    Ok(parent) => self.enqueue(parent),
                    Err(e) => return Some(Err(e.into())),
                }
            }
            let message = String::from_utf8_lossy(commit.message_bytes());
            match self.touches(&commit, &message) {
                Ok(true) => {
                    let mut revision = revision_with_message(&commit, &message, &self.tags);
                    revision.tags.append(&mut self.carried);
                    return Some(Ok(revision));
                }
                Ok(false) => {
                    if let Some(tags) = self.tags.get(&commit.id()) {
                        self.carried.extend(tags.iter().cloned());
                    }
                    continue;
                }
                Err(e) => return Some(Err(e.into())),
            }
        }
    }
}
