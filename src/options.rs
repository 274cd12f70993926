//! Validation limits and policies, fixed when a validator is built.

/// Limits and policies for validation. Built through [`crate::ValidatorBuilder`].
#[derive(Clone, Debug)]
pub(crate) struct Options {
    pub(crate) max_violations: usize,
    pub(crate) max_depth: usize,
    pub(crate) deny_unknown_members: bool,
    /// A member given twice in one object is not a violation; the last copy is validated.
    pub(crate) allow_duplicate_members: bool,
}

/// The default cap on violations reported for one payload.
pub(crate) const DEFAULT_MAX_VIOLATIONS: usize = 100;
/// The default nesting limit (serde_json's own parser stops at 128).
pub(crate) const DEFAULT_MAX_DEPTH: usize = 100;

impl Default for Options {
    fn default() -> Options {
        Options {
            max_violations: DEFAULT_MAX_VIOLATIONS,
            max_depth: DEFAULT_MAX_DEPTH,
            deny_unknown_members: false,
            allow_duplicate_members: false,
        }
    }
}
