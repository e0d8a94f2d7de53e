//! Keeping one person's draft in step with their other windows and with the branch.
//!
//! The same person may have the workbench open twice, or run `dsw answer` beside it:
//! several processes then write one draft file. Each remembers the draft as it last
//! read or wrote it ([`Known`]); a save ([`Store::save_draft_merging`]) merges field by
//! field with whatever is on disk now, taking that remembered draft as the common
//! ancestor, instead of writing over it. Where both changed the same text, both texts
//! stay in the field, separated by a line holding [`OTHER_VERSION`], for the person
//! to settle ([`combine`]).
//!
//! [`rebase`] moves a draft onto a newer branch head the way a commit would merge it,
//! so the workbench can show teammates' revisions under the person's own edits while
//! every field both changed still conflicts at commit.
//!
//! Plain synchronous functions: the workbench calls them from its own worker thread.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read as _;
use std::path::Path;

use git2::Oid;

use super::atomic;
use super::draft::Draft;
use super::error::{StoreError, io};
use super::repo::{AssessmentName, Store};
use crate::assessment::{Assessment, Cell};
use crate::diff::{Conflict, FieldPath, Value, assemble, fields, merge};

/// The text of the line that separates two versions of one field kept side by side:
/// this window's text above it, the other window's (or command's) below. Box-drawing
/// characters, so it can never be taken for git's conflict markers (which the file
/// reader rejects at the start of a line).
pub const OTHER_VERSION: &str = "──── 另一個視窗的版本 · from another window ────";

/// The draft file as this process last read or wrote it: the common ancestor when
/// another process changed the file since.
#[derive(Debug, Clone)]
pub struct Known {
    /// The draft (a fresh one at the head when there was no file).
    pub draft: Draft,
    /// Whether that draft was on disk (false: no draft file, nothing typed yet).
    pub on_disk: bool,
    stamp: Option<Stamp>,
    digest: Option<u64>,
}

impl Known {
    /// A draft known from elsewhere (the workbench's memory), without a file stamp:
    /// the next look at the disk compares contents.
    pub fn new(draft: Draft, on_disk: bool) -> Known {
        Known {
            draft,
            on_disk,
            stamp: None,
            digest: None,
        }
    }
}

/// What a save found and did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    /// The file had changed since this process last read or wrote it; those
    /// changes were merged in (the written draft is not simply the one given).
    pub merged: bool,
    /// Fields both changed differently, now holding both texts.
    pub both_kept: Vec<FieldPath>,
    /// The draft file had gone (committed or discarded elsewhere): the edits made
    /// since were put on top of the branch head.
    pub vanished: bool,
    /// Whether a file was written (an empty draft with no file is not created).
    pub written: bool,
}

/// What changed on disk since the draft was last known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DiskChange {
    /// The file is gone: the draft is now a fresh one at the branch head.
    pub vanished: bool,
}

/// Two drafts merged into one: see [`combine`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Combined {
    /// The merged draft.
    pub draft: Draft,
    /// Fields both sides changed differently, now holding both texts.
    pub both_kept: Vec<FieldPath>,
}

/// A draft moved onto a newer branch head: see [`rebase`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rebased {
    /// The draft on the new head.
    pub draft: Draft,
    /// The fields that will conflict at commit (the head and the draft both changed
    /// them, differently), with the three values.
    pub conflicts: Vec<Conflict>,
}

/// What identifies one version of a file cheaply: a changed stamp means "read it
/// again", an equal one "unchanged" (an atomic rename gives each write a new inode).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
    #[cfg(unix)]
    identity: (u64, u64, i64, i64),
}

impl Stamp {
    fn of(metadata: &std::fs::Metadata) -> Stamp {
        #[cfg(unix)]
        use std::os::unix::fs::MetadataExt;
        Stamp {
            len: metadata.len(),
            modified: metadata.modified().ok(),
            #[cfg(unix)]
            identity: (
                metadata.dev(),
                metadata.ino(),
                metadata.ctime(),
                metadata.ctime_nsec(),
            ),
        }
    }
}

/// FNV-1a: a stable 64-bit digest (the standard library's hasher may change between
/// releases; these digests name files and compare contents).
pub(crate) fn digest(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The file's bytes and stamp, taken from one open handle so they belong together;
/// `None` when there is no file.
fn read_stamped(path: &Path) -> Result<Option<(Vec<u8>, Stamp)>, StoreError> {
    let mut file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io(path)(e)),
    };
    let stamp = Stamp::of(&file.metadata().map_err(io(path))?);
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).map_err(io(path))?;
    Ok(Some((bytes, stamp)))
}

/// How long a save waits for the person's draft lock (their other window, the CLI)
/// before it counts as failed for now.
const SAVE_PATIENCE: std::time::Duration = std::time::Duration::from_millis(300);

impl Store {
    /// A fresh draft at the branch head: what there is to edit when there is no
    /// draft file.
    pub fn fresh_draft(&self, name: &AssessmentName) -> Result<Draft, StoreError> {
        let head = self.head_commit()?;
        let content = self.load_at(name, head)?;
        Ok(Draft {
            base_rev: head,
            base: content.clone(),
            mine: content,
            last_edited: None,
        })
    }

    /// `user`'s draft of `name` as it is on disk now (or a fresh one at the head),
    /// remembered for later merges.
    pub fn known_draft(&self, name: &AssessmentName, user: &str) -> Result<Known, StoreError> {
        let path = self.draft_path(name, user);
        match read_stamped(&path)? {
            Some((bytes, stamp)) => {
                let digest = digest(&bytes);
                let draft = self.parse_draft(&path.display().to_string(), bytes)?;
                Ok(Known {
                    draft,
                    on_disk: true,
                    stamp: Some(stamp),
                    digest: Some(digest),
                })
            }
            None => Ok(Known::new(self.fresh_draft(name)?, false)),
        }
    }

    /// Looks whether another process changed `user`'s draft file since `known`; if
    /// so, `known` becomes what is there now. Cheap when nothing changed (one
    /// `stat`), so it can run every second.
    pub fn poll_draft(
        &self,
        name: &AssessmentName,
        user: &str,
        known: &mut Known,
    ) -> Result<Option<DiskChange>, StoreError> {
        let path = self.draft_path(name, user);
        let metadata = match std::fs::metadata(&path) {
            Ok(metadata) => metadata,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if !known.on_disk {
                    return Ok(None);
                }
                // Committed or discarded in another window.
                *known = Known::new(self.fresh_draft(name)?, false);
                return Ok(Some(DiskChange { vanished: true }));
            }
            Err(e) => return Err(io(&path)(e)),
        };
        if known.on_disk && known.stamp.as_ref() == Some(&Stamp::of(&metadata)) {
            return Ok(None);
        }
        let Some((bytes, stamp)) = read_stamped(&path)? else {
            // Gone between the two looks: the next poll sees it.
            return Ok(None);
        };
        let digest = digest(&bytes);
        if known.on_disk && known.digest == Some(digest) {
            known.stamp = Some(stamp);
            return Ok(None);
        }
        let draft = self.parse_draft(&path.display().to_string(), bytes)?;
        let same = known.on_disk && draft == known.draft;
        *known = Known {
            draft,
            on_disk: true,
            stamp: Some(stamp),
            digest: Some(digest),
        };
        Ok((!same).then_some(DiskChange { vanished: false }))
    }

    /// Saves `mine` as `user`'s draft of `name` without overwriting what another
    /// process (the same person's other window, `dsw answer`) wrote there since
    /// `known`: under the draft lock, the file on disk is merged field by field with
    /// `mine`, `known` being the common ancestor ([`combine`]). If the file is gone,
    /// the edits made since `known` go on top of the branch head. Afterwards `known`
    /// is what the file holds.
    pub fn save_draft_merging(
        &self,
        name: &AssessmentName,
        user: &str,
        known: &mut Known,
        mine: &Draft,
    ) -> Result<(Draft, Saved), StoreError> {
        // Brief: a lock held longer is reported at once, so the text goes to the
        // recovery file while it is fresh, and the save is tried again soon.
        let _lock = self.lock_draft_within(name, user, SAVE_PATIENCE)?;
        let path = self.draft_path(name, user);
        let disk = read_stamped(&path)?;
        let exists = disk.is_some();
        let (theirs, vanished) = match disk {
            Some((bytes, _)) if known.on_disk && known.digest == Some(digest(&bytes)) => {
                (None, false)
            }
            Some((bytes, _)) => {
                let draft = self.parse_draft(&path.display().to_string(), bytes)?;
                if known.on_disk && draft == known.draft {
                    (None, false)
                } else {
                    (Some(draft), false)
                }
            }
            None if known.on_disk => (Some(self.fresh_draft(name)?), true),
            None => (None, false),
        };
        let (draft, both_kept, merged) = match theirs {
            None => (mine.clone(), Vec::new(), false),
            Some(theirs) => {
                let combined = combine(&known.draft, mine, &theirs);
                (combined.draft, combined.both_kept, true)
            }
        };
        // After another window committed, an empty draft stays unwritten: there is
        // nothing in it, and a file would say there was.
        let written = exists || !draft.is_empty();
        if written {
            self.own_draft_dir(user, true)?;
            let text = self.draft_text(name, user, &draft)?;
            atomic::write(&path, text.as_bytes(), 0o600).map_err(io(&path))?;
            let stamp = std::fs::metadata(&path).ok().map(|m| Stamp::of(&m));
            *known = Known {
                draft: draft.clone(),
                on_disk: true,
                stamp,
                digest: Some(digest(text.as_bytes())),
            };
        } else {
            *known = Known::new(draft.clone(), false);
        }
        Ok((
            draft,
            Saved {
                merged,
                both_kept,
                vanished,
                written,
            },
        ))
    }
}

/// Merges two drafts that both started from `ancestor`: field by field, each side's
/// changes kept. Where both changed the same text differently, the field holds both:
/// `ours`, a line [`OTHER_VERSION`], then `theirs` — no text is dropped. Where one side
/// deleted what the other edited, the edited one stays. Item statuses both changed
/// keep ours; evidence lists keep ours and add their new links. The merge base
/// takes their base where only they moved it (a rebase or resolution done there),
/// and ours where both did.
pub fn combine(ancestor: &Draft, ours: &Draft, theirs: &Draft) -> Combined {
    // One side unchanged: the other side as it is (comparing is far cheaper than
    // splitting three drafts into fields).
    let unchanged = |side: &Draft| side.base == ancestor.base && side.mine == ancestor.mine;
    if unchanged(ours) || unchanged(theirs) {
        let mut draft = if unchanged(ours) { theirs } else { ours }.clone();
        draft.base_rev = if theirs.base_rev != ancestor.base_rev {
            theirs.base_rev
        } else {
            ours.base_rev
        };
        draft.last_edited = ours
            .last_edited
            .clone()
            .or_else(|| theirs.last_edited.clone());
        return Combined {
            draft,
            both_kept: Vec::new(),
        };
    }
    let base_rev = if theirs.base_rev != ancestor.base_rev {
        theirs.base_rev
    } else {
        ours.base_rev
    };
    let (base, _) = merge_settling(&ancestor.base, &ours.base, &theirs.base, |c| c.ours.clone());
    let (mine, settled) = merge_settling(&ancestor.mine, &ours.mine, &theirs.mine, keep_both);
    // The fields where a version from the other side was added to ours.
    let both_kept = settled
        .into_iter()
        .filter(|c| {
            let Some(Value::Text(before)) = &c.ours else {
                return false;
            };
            matches!(&c.theirs, Some(Value::Text(_)))
                && keeps_both(&c.path)
                && text_at(&mine, &c.path)
                    .is_some_and(|after| after != before && holds_both_versions(after))
        })
        .map(|c| c.path)
        .collect();
    Combined {
        draft: Draft {
            base_rev,
            base,
            mine,
            last_edited: ours
                .last_edited
                .clone()
                .or_else(|| theirs.last_edited.clone()),
        },
        both_kept,
    }
}

/// Moves `draft` onto the branch head `head` (at `head_rev`), the way a commit would
/// merge it: for every field that merges cleanly the draft's base takes the head's
/// value and the draft the merged value, so the teammates' work shows under the
/// person's own edits; a field both changed differently keeps its old base and the
/// person's value, so it still conflicts at commit (and is returned). A draft left
/// with no changes becomes a fresh draft at the head. `base_rev` otherwise stays:
/// it is where the draft began.
pub fn rebase(draft: &Draft, head_rev: Oid, head: &Assessment) -> Rebased {
    let conflicts = match merge(&draft.base, &draft.mine, head) {
        Ok(mine) => {
            let mut moved = Draft {
                base_rev: draft.base_rev,
                base: head.clone(),
                mine,
                last_edited: draft.last_edited.clone(),
            };
            if moved.is_empty() {
                moved.base_rev = head_rev;
            }
            return Rebased {
                draft: moved,
                conflicts: Vec::new(),
            };
        }
        Err(conflicts) => conflicts,
    };
    // The clean fields as the commit would merge them (the conflicting ones settled
    // with the head's value, then put back as they were below).
    let (merged, _) = merge_settling(&draft.base, &draft.mine, head, |c| c.theirs.clone());
    let (base, mine) = (fields(&draft.base), fields(&draft.mine));
    let (head_fields, merged_fields) = (fields(head), fields(&merged));
    // A stakeholder or table one side deleted while the other edited it stays whole
    // as it was: every field inside it is kept with the conflict.
    let owners: Vec<&FieldPath> = conflicts
        .iter()
        .map(|c| &c.path)
        .filter(|p| is_owner(p))
        .collect();
    let kept: BTreeSet<FieldPath> = conflicts
        .iter()
        .map(|c| c.path.clone())
        .chain(
            [&base, &mine, &head_fields, &merged_fields]
                .into_iter()
                .flat_map(|map| map.keys())
                .filter(|p| owners.iter().any(|owner| inside(owner, p)))
                .cloned(),
        )
        .collect();
    let rebuild = |fresh: BTreeMap<FieldPath, Value>, old: &BTreeMap<FieldPath, Value>| {
        let mut map: BTreeMap<FieldPath, Value> = fresh
            .into_iter()
            .filter(|(path, _)| !kept.contains(path))
            .collect();
        for path in &kept {
            if let Some(value) = old.get(path) {
                map.insert(path.clone(), value.clone());
            }
        }
        assemble(&map)
    };
    Rebased {
        draft: Draft {
            base_rev: draft.base_rev,
            base: rebuild(head_fields, &base),
            mine: rebuild(merged_fields, &mine),
            last_edited: draft.last_edited.clone(),
        },
        conflicts,
    }
}

/// Whether `text` holds two versions kept side by side by [`combine`].
pub fn holds_both_versions(text: &str) -> bool {
    text.contains(OTHER_VERSION)
}

/// The fields of `a` that hold two versions kept side by side (for marks in the
/// workbench); reads the texts in place rather than copying every field.
pub fn fields_with_both_versions(a: &Assessment) -> Vec<FieldPath> {
    let mut found = Vec::new();
    for (id, text) in &a.meta {
        if holds_both_versions(text) {
            found.push(FieldPath::Meta(id.clone()));
        }
    }
    for (id, text) in &a.answers {
        if holds_both_versions(text) {
            found.push(FieldPath::Answer(id.clone()));
        }
    }
    for table in &a.brics {
        if holds_both_versions(&table.title) {
            found.push(FieldPath::TableTitle(table.id.clone()));
        }
        for stakeholder in &table.stakeholders {
            for cell in [Cell::Name, Cell::Benefit, Cell::Risk, Cell::Cost] {
                if holds_both_versions(stakeholder.cell(cell)) {
                    found.push(FieldPath::Cell {
                        table: table.id.clone(),
                        stakeholder: stakeholder.id.clone(),
                        cell,
                    });
                }
            }
        }
    }
    found
}

/// The text of a text field of `a`, read in place (`None`: empty, or not a text).
pub fn text_at<'a>(a: &'a Assessment, path: &FieldPath) -> Option<&'a str> {
    let text = match path {
        FieldPath::Answer(id) => a.answers.get(id)?.as_str(),
        FieldPath::Meta(id) => a.meta.get(id)?.as_str(),
        FieldPath::TableTitle(table) => a.brics.iter().find(|t| t.id == *table)?.title.as_str(),
        FieldPath::Cell {
            table,
            stakeholder,
            cell,
        } => a
            .brics
            .iter()
            .find(|t| t.id == *table)?
            .stakeholders
            .iter()
            .find(|s| s.id == *stakeholder)?
            .cell(*cell),
        _ => return None,
    };
    (!text.is_empty()).then_some(text)
}

/// Sets the text field `path` of `a` to `text` (`None`: empty); false when `a` has
/// no such field (a stakeholder or table that does not exist, a field that is not
/// a text).
pub fn set_text_at(a: &mut Assessment, path: &FieldPath, text: Option<&str>) -> bool {
    let text = text.unwrap_or("");
    match path {
        FieldPath::Answer(id) => a.set_answer(id, text),
        FieldPath::Meta(id) => a.set_meta(id, text),
        FieldPath::TableTitle(table) => match a.brics.iter_mut().find(|t| t.id == *table) {
            Some(t) => t.title = text.to_owned(),
            None => return false,
        },
        FieldPath::Cell {
            table,
            stakeholder,
            cell,
        } => match a
            .brics
            .iter_mut()
            .find(|t| t.id == *table)
            .and_then(|t| t.stakeholders.iter_mut().find(|s| s.id == *stakeholder))
        {
            Some(row) => *row.cell_mut(*cell) = text.to_owned(),
            None => return false,
        },
        _ => return false,
    }
    true
}

/// Whether a text field can hold two versions: free text, not an id-like value (a
/// stakeholder kind must stay one of the known words; form and edition are ids).
fn keeps_both(path: &FieldPath) -> bool {
    match path {
        FieldPath::Answer(_) | FieldPath::Meta(_) | FieldPath::TableTitle(_) => true,
        FieldPath::Cell { cell, .. } => *cell != Cell::Kind,
        _ => false,
    }
}

/// How [`combine`] settles a field both sides changed: nothing typed is dropped.
fn keep_both(conflict: &Conflict) -> Option<Value> {
    match (&conflict.ours, &conflict.theirs) {
        (Some(ours), None) => Some(ours.clone()),
        (None, theirs) => theirs.clone(),
        (Some(Value::Text(ours)), Some(Value::Text(theirs))) if keeps_both(&conflict.path) => {
            let base = conflict.base.as_ref().and_then(Value::as_text);
            Some(Value::Text(both_versions(base, ours, theirs)))
        }
        (Some(Value::Evidence(ours)), Some(Value::Evidence(theirs))) => {
            let mut all = ours.clone();
            all.extend(theirs.iter().filter(|e| !ours.contains(e)).cloned());
            Some(Value::Evidence(all))
        }
        (Some(ours), Some(_)) => Some(ours.clone()),
    }
}

/// `ours`, then each version in `theirs` that `ours` does not already hold, each
/// after a separator line. A version equal to the common `base` is not added: when
/// this window typed on after its earlier text was merged elsewhere, `theirs` holds
/// that earlier text (the base here) and the other window's, and only the latter is
/// new. Merging the same two windows again therefore never repeats a version.
fn both_versions(base: Option<&str>, ours: &str, theirs: &str) -> String {
    let separator = format!("\n{OTHER_VERSION}\n");
    let candidates: Vec<&str> = ours
        .split(separator.as_str())
        .chain(theirs.split(separator.as_str()))
        .filter(|v| !v.is_empty() && Some(*v) != base)
        .collect();
    // Typing appends: a version that another one starts with is an earlier snapshot
    // of the same typing (this window's own, come back from the other window, or
    // a recovery of text already saved) and is held whole in the longer one.
    let mut kept: Vec<&str> = Vec::new();
    for (n, version) in candidates.iter().enumerate() {
        let contained = candidates
            .iter()
            .enumerate()
            .any(|(m, other)| m != n && other.len() > version.len() && other.starts_with(version));
        if !contained && !kept.contains(version) {
            kept.push(version);
        }
    }
    if kept.is_empty() {
        return ours.to_owned();
    }
    kept.join(separator.as_str())
}

/// Whether `path` is what makes a row or table exist (a stakeholder's name, a
/// table's title).
fn is_owner(path: &FieldPath) -> bool {
    matches!(
        path,
        FieldPath::TableTitle(_)
            | FieldPath::Cell {
                cell: Cell::Name,
                ..
            }
    )
}

/// Whether `path` lies inside the row or table `owner` makes exist.
fn inside(owner: &FieldPath, path: &FieldPath) -> bool {
    match (owner, path) {
        (FieldPath::TableTitle(table), FieldPath::Cell { table: t, .. })
        | (FieldPath::TableTitle(table), FieldPath::StakeholderOrder(t)) => table == t,
        (
            FieldPath::Cell {
                table,
                stakeholder,
                cell: Cell::Name,
            },
            FieldPath::Cell {
                table: t,
                stakeholder: s,
                ..
            },
        ) => table == t && stakeholder == s,
        _ => false,
    }
}

/// Three-way merge where every conflict is settled by `settle` (the value both sides
/// then get) and merged again; returns the result and the conflicts settled. A row
/// or table one side deleted while the other edited it is kept whole, as the side
/// that kept it has it.
pub(crate) fn merge_settling(
    base: &Assessment,
    ours: &Assessment,
    theirs: &Assessment,
    settle: impl Fn(&Conflict) -> Option<Value>,
) -> (Assessment, Vec<Conflict>) {
    let mut settled: Vec<Conflict> = Vec::new();
    let (mut o, mut t) = (Cow::Borrowed(ours), Cow::Borrowed(theirs));
    // Settling makes both sides agree on every reported field, so the second merge
    // succeeds; the bound only guards against a merge rule that reports new fields.
    for _ in 0..4 {
        let conflicts = match merge(base, &o, &t) {
            Ok(merged) => return (merged, settled),
            Err(conflicts) => conflicts,
        };
        let (mut of, mut tf) = (fields(&o), fields(&t));
        for conflict in conflicts {
            let path = &conflict.path;
            if is_owner(path) && conflict.ours.is_some() != conflict.theirs.is_some() {
                let keeper = if conflict.ours.is_some() { &of } else { &tf };
                let whole: Vec<(FieldPath, Value)> = keeper
                    .iter()
                    .filter(|(p, _)| *p == path || inside(path, p))
                    .map(|(p, v)| (p.clone(), v.clone()))
                    .collect();
                for map in [&mut of, &mut tf] {
                    map.retain(|p, _| p != path && !inside(path, p));
                    map.extend(whole.iter().cloned());
                }
            } else {
                let value = settle(&conflict);
                for map in [&mut of, &mut tf] {
                    match &value {
                        Some(value) => {
                            map.insert(path.clone(), value.clone());
                        }
                        None => {
                            map.remove(path);
                        }
                    }
                }
            }
            settled.push(conflict);
        }
        o = Cow::Owned(assemble(&of));
        t = Cow::Owned(assemble(&tf));
    }
    (o.into_owned(), settled)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assessment::{BricsTable, Stakeholder};
    use crate::store::Author;

    fn answers(pairs: &[(&str, &str)]) -> Assessment {
        let mut a = Assessment {
            form: "ict-plan".into(),
            edition: "1".into(),
            ..Assessment::default()
        };
        for (id, text) in pairs {
            a.set_answer(id, *text);
        }
        a
    }

    fn draft(base: Assessment, mine: Assessment) -> Draft {
        Draft {
            base_rev: Oid::ZERO_SHA1,
            base,
            mine,
            last_edited: None,
        }
    }

    #[test]
    fn another_window_changing_another_field_keeps_both_changes() {
        let k = draft(answers(&[]), answers(&[("1.1.1", "甲")]));
        let ours = draft(answers(&[]), answers(&[("1.1.1", "甲乙")]));
        let theirs = draft(answers(&[]), answers(&[("1.1.1", "甲"), ("2.1.1", "丙")]));
        let combined = combine(&k, &ours, &theirs);
        assert_eq!(combined.draft.mine.answer("1.1.1"), "甲乙");
        assert_eq!(combined.draft.mine.answer("2.1.1"), "丙");
        assert!(combined.both_kept.is_empty());
    }

    #[test]
    fn the_same_field_changed_in_both_windows_keeps_both_texts_with_the_marker() {
        let k = draft(answers(&[]), answers(&[("1.1.1", "原本")]));
        let ours = draft(answers(&[]), answers(&[("1.1.1", "我這裡打的")]));
        let theirs = draft(answers(&[]), answers(&[("1.1.1", "另一個視窗打的")]));
        let combined = combine(&k, &ours, &theirs);
        let text = combined.draft.mine.answer("1.1.1");
        assert_eq!(text, format!("我這裡打的\n{OTHER_VERSION}\n另一個視窗打的"));
        assert_eq!(combined.both_kept, [FieldPath::Answer("1.1.1".into())]);
        assert_eq!(
            fields_with_both_versions(&combined.draft.mine),
            combined.both_kept
        );
        // Not a git conflict marker: the assessment reader accepts the text.
        assert_eq!(crate::assessment::conflict_marker(text), None);
    }

    #[test]
    fn typing_on_after_a_merge_elsewhere_adds_only_the_other_version() {
        // This window's snapshot "甲" was merged on disk with "乙"; meanwhile the
        // person typed on to "甲丙".
        let sent = draft(answers(&[]), answers(&[("1.1.1", "甲")]));
        let now = draft(answers(&[]), answers(&[("1.1.1", "甲丙")]));
        let written = draft(
            answers(&[]),
            answers(&[("1.1.1", &format!("甲\n{OTHER_VERSION}\n乙"))]),
        );
        let combined = combine(&sent, &now, &written);
        assert_eq!(
            combined.draft.mine.answer("1.1.1"),
            format!("甲丙\n{OTHER_VERSION}\n乙")
        );
    }

    #[test]
    fn a_text_field_is_set_in_place_where_it_exists() {
        let mut a = answers(&[("1.1.1", "舊")]);
        let path = FieldPath::Answer("1.1.1".into());
        assert!(set_text_at(&mut a, &path, Some("新")));
        assert_eq!(text_at(&a, &path), Some("新"));
        assert!(set_text_at(&mut a, &path, None));
        assert_eq!(a.answer("1.1.1"), "");
        let cell = FieldPath::Cell {
            table: "t".into(),
            stakeholder: "s".into(),
            cell: Cell::Risk,
        };
        assert!(!set_text_at(&mut a, &cell, Some("無此列")));
    }

    #[test]
    fn snapshots_of_the_same_typing_never_pile_up_as_versions() {
        let sep = format!("\n{OTHER_VERSION}\n");
        // Window A holds 甲甲甲; B's draft holds its own 乙乙 and A's older 甲.
        let merged = both_versions(Some(""), "甲甲甲", &format!("乙乙{sep}甲"));
        assert_eq!(merged, format!("甲甲甲{sep}乙乙"));
        // The next round: each side has typed on; older snapshots go.
        let merged = both_versions(
            Some(""),
            &format!("甲甲甲甲{sep}乙乙"),
            &format!("乙乙乙{sep}甲甲甲"),
        );
        assert_eq!(merged, format!("甲甲甲甲{sep}乙乙乙"));
        // A recovery of text already saved and extended is the longer text alone.
        assert_eq!(
            both_versions(Some(""), "第一段", "第一段第二段"),
            "第一段第二段"
        );
        // Different texts are both kept.
        assert_eq!(both_versions(Some(""), "甲", "乙"), format!("甲{sep}乙"));
    }

    #[test]
    fn merging_an_already_merged_field_again_repeats_no_version() {
        let both = format!("我的\n{OTHER_VERSION}\n他的");
        let k = draft(answers(&[]), answers(&[("1.1.1", "原本")]));
        let ours = draft(answers(&[]), answers(&[("1.1.1", &both)]));
        let theirs = draft(answers(&[]), answers(&[("1.1.1", "他的")]));
        let combined = combine(&k, &ours, &theirs);
        assert_eq!(combined.draft.mine.answer("1.1.1"), both);
        assert!(combined.both_kept.is_empty());
    }

    #[test]
    fn a_deleted_answer_against_an_edit_keeps_the_edit_and_statuses_keep_ours() {
        let mut k = answers(&[("1.1.1", "原本")]);
        k.set_status("1.1", crate::form::Status::Partial);
        let mut ours = answers(&[]);
        ours.set_status("1.1", crate::form::Status::Done);
        let mut theirs = answers(&[("1.1.1", "改過")]);
        theirs.set_status("1.1", crate::form::Status::Na);
        let combined = combine(
            &draft(answers(&[]), k),
            &draft(answers(&[]), ours),
            &draft(answers(&[]), theirs),
        );
        assert_eq!(combined.draft.mine.answer("1.1.1"), "改過");
        assert_eq!(combined.draft.mine.status("1.1"), crate::form::Status::Done);
    }

    #[test]
    fn a_stakeholder_deleted_here_and_filled_in_there_comes_back_whole() {
        let row = |risk: &str| Stakeholder {
            id: "s".into(),
            name: "申請者".into(),
            benefit: "省時".into(),
            risk: risk.into(),
            ..Stakeholder::default()
        };
        let with = |rows: Vec<Stakeholder>| {
            let mut a = answers(&[]);
            a.brics.push(BricsTable {
                id: "t".into(),
                title: "案例".into(),
                stakeholders: rows,
            });
            a
        };
        let k = draft(answers(&[]), with(vec![row("")]));
        let ours = draft(answers(&[]), with(vec![]));
        let theirs = draft(answers(&[]), with(vec![row("外洩")]));
        let combined = combine(&k, &ours, &theirs);
        let table = combined.draft.mine.table("t").expect("table");
        assert_eq!(table.stakeholders, [row("外洩")]);
    }

    #[test]
    fn rebase_moves_clean_fields_and_keeps_a_conflicting_one_conflicting() {
        let base = answers(&[("1.1.1", "原本"), ("1.1.2", "舊")]);
        let mine = answers(&[("1.1.1", "我的"), ("1.1.2", "舊"), ("2.1.1", "新題")]);
        let head = answers(&[("1.1.1", "隊友的"), ("1.1.2", "隊友改的")]);
        let head_rev = Oid::from_bytes(&[1; 20]).unwrap();
        let rebased = rebase(&draft(base, mine), head_rev, &head);
        let d = &rebased.draft;
        // Clean: the head's change shows under the draft, and counts as seen.
        assert_eq!(d.mine.answer("1.1.2"), "隊友改的");
        assert_eq!(d.base.answer("1.1.2"), "隊友改的");
        assert_eq!(d.mine.answer("2.1.1"), "新題");
        // Conflicting: old base, my value — a commit still stops on it.
        assert_eq!(d.mine.answer("1.1.1"), "我的");
        assert_eq!(d.base.answer("1.1.1"), "原本");
        assert_eq!(
            rebased
                .conflicts
                .iter()
                .map(|c| c.path.to_string())
                .collect::<Vec<_>>(),
            ["1.1.1"]
        );
        let again = merge(&d.base, &d.mine, &head).expect_err("still a conflict");
        assert_eq!(again.len(), 1);
        assert_eq!(d.base_rev, Oid::ZERO_SHA1, "where the draft began");
        // Rebasing again changes nothing.
        assert_eq!(rebase(d, head_rev, &head).draft, *d);
    }

    #[test]
    fn rebasing_a_draft_with_no_changes_makes_it_fresh_at_the_head() {
        let head = answers(&[("1.1.1", "隊友的")]);
        let head_rev = Oid::from_bytes(&[2; 20]).unwrap();
        let rebased = rebase(&draft(answers(&[]), answers(&[])), head_rev, &head);
        assert_eq!(rebased.draft.mine, head);
        assert_eq!(rebased.draft.base_rev, head_rev);
        assert!(rebased.conflicts.is_empty());
    }

    fn repo() -> (tempfile::TempDir, Store, AssessmentName) {
        let dir = tempfile::tempdir().unwrap();
        let author = Author {
            name: "Tester".into(),
            email: "t@example.org".into(),
        };
        let (store, name, _) =
            Store::init(dir.path(), "ict-plan", None, None, &author, "init").unwrap();
        (dir, store, name)
    }

    #[test]
    fn a_save_merges_what_another_window_wrote_in_another_field() {
        let (_dir, store, name) = repo();
        let mut known = store.known_draft(&name, "amy").unwrap();
        assert!(!known.on_disk);
        // The other window (here: the CLI's locked read-modify-write).
        store
            .edit(&name, "amy", |a| a.set_answer("2.1.1", "另一個視窗"))
            .unwrap();
        let mut mine = known.draft.clone();
        mine.mine.set_answer("1.1.1", "這個視窗");
        let (written, saved) = store
            .save_draft_merging(&name, "amy", &mut known, &mine)
            .unwrap();
        assert!(saved.merged && saved.written && !saved.vanished);
        let on_disk = store.draft(&name, "amy").unwrap().unwrap();
        assert_eq!(on_disk, written);
        assert_eq!(on_disk.mine.answer("1.1.1"), "這個視窗");
        assert_eq!(on_disk.mine.answer("2.1.1"), "另一個視窗");
        // Saving again with nothing new elsewhere is a plain write.
        let mut more = written.clone();
        more.mine.set_answer("1.1.1", "這個視窗，再多打一點");
        let (_, saved) = store
            .save_draft_merging(&name, "amy", &mut known, &more)
            .unwrap();
        assert!(!saved.merged);
        assert_eq!(store.draft(&name, "amy").unwrap().unwrap(), more);
    }

    #[test]
    fn a_save_over_the_same_field_keeps_both_texts() {
        let (_dir, store, name) = repo();
        store
            .edit(&name, "amy", |a| a.set_answer("1.1.1", "開頭"))
            .unwrap();
        let mut known = store.known_draft(&name, "amy").unwrap();
        store
            .edit(&name, "amy", |a| a.set_answer("1.1.1", "開頭，另一個視窗"))
            .unwrap();
        let mut mine = known.draft.clone();
        mine.mine.set_answer("1.1.1", "開頭，這個視窗");
        let (written, saved) = store
            .save_draft_merging(&name, "amy", &mut known, &mine)
            .unwrap();
        assert_eq!(saved.both_kept, [FieldPath::Answer("1.1.1".into())]);
        assert_eq!(
            written.mine.answer("1.1.1"),
            format!("開頭，這個視窗\n{OTHER_VERSION}\n開頭，另一個視窗")
        );
        // The file reads back (the separator is no conflict marker).
        assert_eq!(store.draft(&name, "amy").unwrap().unwrap(), written);
    }

    #[test]
    fn a_draft_committed_elsewhere_gets_only_the_later_edits_on_top_of_the_head() {
        let (_dir, store, name) = repo();
        store
            .edit(&name, "amy", |a| a.set_answer("1.1.1", "已提交的"))
            .unwrap();
        let mut known = store.known_draft(&name, "amy").unwrap();
        let author = Author {
            name: "Amy".into(),
            email: "amy@example.org".into(),
        };
        // The other window commits (the draft file goes away).
        store.commit(&name, "amy", "其他視窗提交", &author).unwrap();
        let mut mine = known.draft.clone();
        mine.mine.set_answer("2.1.1", "之後才打的");
        let (written, saved) = store
            .save_draft_merging(&name, "amy", &mut known, &mine)
            .unwrap();
        assert!(saved.vanished && saved.merged);
        let head = store.head_commit().unwrap();
        assert_eq!(written.base_rev, head);
        assert_eq!(written.base.answer("1.1.1"), "已提交的");
        assert_eq!(written.mine.answer("1.1.1"), "已提交的");
        assert_eq!(written.mine.answer("2.1.1"), "之後才打的");
        let changes = crate::diff::AssessmentDiff::between(
            &written.base,
            &written.mine,
            store.form_of(&written.mine).unwrap(),
        );
        assert_eq!(changes.changes.len(), 1, "only the later edit is a change");
    }

    #[test]
    fn polling_notices_another_windows_write_and_a_vanished_draft() {
        let (_dir, store, name) = repo();
        let mut known = store.known_draft(&name, "amy").unwrap();
        assert_eq!(store.poll_draft(&name, "amy", &mut known).unwrap(), None);
        store
            .edit(&name, "amy", |a| a.set_answer("1.1.1", "別的視窗"))
            .unwrap();
        assert_eq!(
            store.poll_draft(&name, "amy", &mut known).unwrap(),
            Some(DiskChange { vanished: false })
        );
        assert_eq!(known.draft.mine.answer("1.1.1"), "別的視窗");
        assert_eq!(store.poll_draft(&name, "amy", &mut known).unwrap(), None);
        store.discard_draft(&name, "amy").unwrap();
        assert_eq!(
            store.poll_draft(&name, "amy", &mut known).unwrap(),
            Some(DiskChange { vanished: true })
        );
        assert_eq!(known.draft.mine.answer("1.1.1"), "");
        assert!(!known.on_disk);
    }
}
