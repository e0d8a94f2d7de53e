//! Three-way merge of review files, for plain git (`git pull`, rebase, cherry-pick
//! between clones): comments are matched by id, so comments added on both sides
//! both stay (one side's new numbers moved past the other's when they collide);
//! a comment changed on both sides keeps both replies and the whole history.
//! Never a conflict: nobody's words are dropped.

use std::collections::BTreeMap;

use super::model::{Comment, Reply, Review};

/// `ours` and `theirs`, both changed from `base`, as one review.
pub fn merge(base: &Review, ours: &Review, theirs: &Review) -> Review {
    let base_by_id: BTreeMap<&str, &Comment> =
        base.comments.iter().map(|c| (c.id.as_str(), c)).collect();
    let theirs_by_id: BTreeMap<&str, &Comment> =
        theirs.comments.iter().map(|c| (c.id.as_str(), c)).collect();
    let mut merged: Vec<Comment> = Vec::new();
    for mine in &ours.comments {
        let base = base_by_id.get(mine.id.as_str()).copied();
        match theirs_by_id.get(mine.id.as_str()) {
            Some(other) => merged.push(merge_comment(base, mine, other)),
            // Deleted on their side (by hand): kept unless we left it unchanged.
            None if base == Some(mine) => {}
            None => merged.push(mine.clone()),
        }
    }
    let ours_ids: Vec<&str> = ours.comments.iter().map(|c| c.id.as_str()).collect();
    let new_theirs: Vec<Comment> = theirs
        .comments
        .iter()
        .filter(|c| !ours_ids.contains(&c.id.as_str()))
        // Deleted on our side and unchanged on theirs: stays deleted.
        .filter(|c| base_by_id.get(c.id.as_str()).copied() != Some(*c))
        .cloned()
        .collect();
    // Their new comments keep their numbers unless one is taken; then all of them
    // follow ours, in their order.
    if new_theirs
        .iter()
        .any(|c| merged.iter().any(|m| m.number == c.number))
    {
        let mut next = merged.iter().map(|c| c.number).max().unwrap_or(0);
        for mut comment in new_theirs {
            next += 1;
            comment.number = next;
            merged.push(comment);
        }
    } else {
        merged.extend(new_theirs);
    }
    let mut review = Review { comments: merged };
    review.sort();
    review
}

/// One comment changed on one side or both.
fn merge_comment(base: Option<&Comment>, ours: &Comment, theirs: &Comment) -> Comment {
    if ours == theirs || base == Some(theirs) {
        return ours.clone();
    }
    if base == Some(ours) {
        return theirs.clone();
    }
    let mut merged = ours.clone();
    // Replies: both kept when they differ, as replies written at once. One that both
    // had before and one side no longer has was replaced or settled there: it goes.
    // The standing reply is a new one, ours first.
    let had = |c: &Comment, r: &Reply| c.reply.as_ref() == Some(r) || c.other_replies.contains(r);
    let settled = |r: &Reply| base.is_some_and(|b| had(b, r)) && !(had(ours, r) && had(theirs, r));
    let is_new = |r: &Reply| !base.is_some_and(|b| had(b, r));
    let mut replies: Vec<Reply> = Vec::new();
    let newest = [&ours.reply, &theirs.reply].into_iter().flatten();
    let candidates = newest
        .clone()
        .filter(|r| is_new(r))
        .chain(newest)
        .chain(&ours.other_replies)
        .chain(&theirs.other_replies);
    for reply in candidates {
        if !settled(reply) && !replies.contains(reply) {
            replies.push(reply.clone());
        }
    }
    let mut replies = replies.into_iter();
    merged.reply = replies.next();
    merged.other_replies = replies.collect();
    // History: every transition from both, in time order; the state is the last.
    for transition in &theirs.history {
        if !merged.history.contains(transition) {
            merged.history.push(transition.clone());
        }
    }
    merged.history.sort_by(|a, b| a.date.cmp(&b.date));
    let last_theirs = theirs.history.last();
    let last = merged.history.last();
    if last.is_some() && last == last_theirs {
        merged.state = theirs.state;
        merged.accepted = theirs.accepted.clone();
    }
    // The comment's own text: an edit on one side wins over the unchanged other.
    if base.is_some_and(|b| b.text == ours.text) {
        merged.text = theirs.text.clone();
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::{Action, Stamp, Target};

    fn act(review: &mut Review, action: Action, by: &str, date: &str) {
        action
            .apply(
                review,
                &Stamp {
                    by: by.into(),
                    date: date.into(),
                },
                &crate::assessment::Assessment::default(),
            )
            .unwrap();
    }

    fn add(id: &str) -> Action {
        Action::Add {
            id: id.into(),
            target: Target::General,
            iteration: "第一次送審".into(),
            reviewer: "王".into(),
            text: format!("意見 {id}"),
        }
    }

    #[test]
    fn comments_added_in_two_clones_all_stay_with_distinct_numbers() {
        let mut base = Review::default();
        act(&mut base, add("c0"), "王", "1");
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        act(&mut ours, add("ca"), "王", "2");
        act(&mut theirs, add("cb"), "李", "2");
        act(&mut theirs, add("cc"), "李", "3");
        let merged = merge(&base, &ours, &theirs);
        let ids: Vec<_> = merged.comments.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["c0", "ca", "cb", "cc"]);
        let numbers: Vec<_> = merged.comments.iter().map(|c| c.number).collect();
        assert_eq!(numbers, [1, 2, 3, 4]);
        // Merging is the same whichever side is ours, up to numbering.
        assert_eq!(merge(&base, &theirs, &ours).comments.len(), 4);
    }

    #[test]
    fn two_replies_in_two_clones_are_both_kept_and_a_later_acceptance_wins() {
        let mut base = Review::default();
        act(&mut base, add("c0"), "王", "1");
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        let reply = |text: &str| Action::Reply {
            id: "c0".into(),
            text: text.into(),
            seen: None,
        };
        act(&mut ours, reply("我們的"), "林", "2");
        act(&mut theirs, reply("他們的"), "陳", "3");
        let merged = merge(&base, &ours, &theirs);
        let comment = &merged.comments[0];
        assert_eq!(comment.reply.as_ref().unwrap().text, "我們的");
        assert_eq!(comment.other_replies[0].text, "他們的");
        // One clone settles the two replies while the reviewer reopens the comment
        // in the other: the settled reply is not brought back as a second one.
        let base = merged.clone();
        let (mut settled, mut accepted) = (base.clone(), base.clone());
        act(
            &mut settled,
            Action::Reply {
                id: "c0".into(),
                text: "合併後的回覆".into(),
                seen: Some("我們的".into()),
            },
            "林",
            "5",
        );
        act(
            &mut accepted,
            Action::Reopen {
                id: "c0".into(),
                text: "請再說明".into(),
            },
            "王",
            "4",
        );
        for merged in [
            merge(&base, &accepted, &settled),
            merge(&base, &settled, &accepted),
        ] {
            let comment = &merged.comments[0];
            assert_eq!(comment.reply.as_ref().unwrap().text, "合併後的回覆");
            assert!(comment.other_replies.is_empty(), "{comment:?}");
        }
        // Both clones settle them differently: those two stand side by side.
        let mut other = base.clone();
        act(
            &mut other,
            Action::Reply {
                id: "c0".into(),
                text: "另一個整合".into(),
                seen: Some("我們的".into()),
            },
            "陳",
            "6",
        );
        let comment = &merge(&base, &settled, &other).comments[0];
        let texts: Vec<&str> = comment
            .reply
            .iter()
            .chain(&comment.other_replies)
            .map(|r| r.text.as_str())
            .collect();
        assert_eq!(texts, ["合併後的回覆", "另一個整合"]);
        // One side only accepted: that side's state is taken.
        let mut accepted = ours.clone();
        act(&mut accepted, Action::Accept { id: "c0".into() }, "王", "4");
        let merged = merge(&ours, &ours, &accepted);
        assert_eq!(merged.comments[0].state, crate::review::State::Accepted);
    }
}
