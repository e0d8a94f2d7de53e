//! The two small generic types everything else is built from, after jj: a change
//! of one value, and a three-way merge of one value with the trivial-merge rule.

/// One value before and after a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diff<T> {
    /// The value before.
    pub before: T,
    /// The value after.
    pub after: T,
}

impl<T: PartialEq> Diff<T> {
    /// A change from `before` to `after`.
    pub fn new(before: T, after: T) -> Self {
        Diff { before, after }
    }

    /// Whether the value actually changed.
    pub fn is_change(&self) -> bool {
        self.before != self.after
    }
}

/// One value as it was at the common ancestor (`base`) and on the two sides that
/// changed it since.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merge<T> {
    /// The value at the common ancestor.
    pub base: T,
    /// Our side's value (the draft being committed).
    pub ours: T,
    /// Their side's value (what landed meanwhile).
    pub theirs: T,
}

impl<T: PartialEq + Clone> Merge<T> {
    /// The merged value by the trivial-merge rule, or `None` when both sides changed
    /// the value differently (a conflict a person must decide).
    ///
    /// Both sides agree → that value; only one side changed it → that side's value.
    pub fn resolve(&self) -> Option<T> {
        if self.ours == self.theirs || self.theirs == self.base {
            Some(self.ours.clone())
        } else if self.ours == self.base {
            Some(self.theirs.clone())
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn merge(base: i32, ours: i32, theirs: i32) -> Option<i32> {
        Merge { base, ours, theirs }.resolve()
    }

    #[test]
    fn a_change_is_a_difference() {
        assert!(Diff::new("a", "b").is_change());
        assert!(!Diff::new("a", "a").is_change());
    }

    #[test]
    fn trivial_merge_takes_the_one_changed_side_or_the_agreed_value() {
        assert_eq!(merge(1, 1, 1), Some(1));
        assert_eq!(merge(1, 2, 1), Some(2), "only ours changed");
        assert_eq!(merge(1, 1, 3), Some(3), "only theirs changed");
        assert_eq!(merge(1, 4, 4), Some(4), "both made the same change");
        assert_eq!(merge(1, 2, 3), None, "both changed it differently");
    }
}
