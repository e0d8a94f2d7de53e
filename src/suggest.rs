//! "Did you mean …?" for ids that do not exist.

/// The candidate closest to `wanted` by edit distance (counted in characters, so
/// Chinese ids work too), if any is close enough to be a plausible typo.
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (wanted.chars().count() / 2).max(2);
    candidates
        .into_iter()
        .map(|candidate| (strsim::levenshtein(wanted, candidate), candidate))
        .filter(|(distance, _)| *distance <= limit)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn suggests_a_near_id_and_nothing_for_a_far_one() {
        let ids = ["service", "ict-plan"];
        assert_eq!(closest("servise", ids), Some("service"));
        assert_eq!(closest("ict_plan", ids), Some("ict-plan"));
        assert_eq!(closest("completely-different", ids), None);
    }
}
