//! Errors of the pattern engine.

use std::fmt;

/// What kind of problem a [`PatternError`] reports.
///
/// ```
/// use conform::{MatchRule, Pattern, PatternErrorKind};
/// let err = Pattern::new(r"\X", MatchRule::WholeValue).unwrap_err();
/// assert_eq!(err.kind(), PatternErrorKind::Unsupported);
/// let err = Pattern::new("a{2", MatchRule::WholeValue).unwrap_err();
/// assert_eq!(err.kind(), PatternErrorKind::Syntax);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PatternErrorKind {
    /// Valid Java, but this engine does not implement the construct (it is never approximated).
    Unsupported,
    /// Not a valid Java pattern (`java.util.regex` rejects it too).
    Syntax,
    /// The translated pattern is too large for the matching engine.
    TooLarge,
}

/// A pattern that cannot be compiled.
///
/// ```
/// use conform::{MatchRule, Pattern};
/// let err = Pattern::new(r"ab\X", MatchRule::WholeValue).unwrap_err();
/// assert_eq!(err.to_string(), r"unsupported construct `\X` at offset 2");
/// assert_eq!(err.offset(), 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PatternError {
    offset: usize,
    kind: PatternErrorKind,
    message: String,
}

impl PatternError {
    pub(crate) fn unsupported(offset: usize, construct: impl fmt::Display) -> PatternError {
        PatternError {
            offset,
            kind: PatternErrorKind::Unsupported,
            message: format!("unsupported construct `{construct}`"),
        }
    }

    pub(crate) fn syntax(offset: usize, message: impl Into<String>) -> PatternError {
        PatternError { offset, kind: PatternErrorKind::Syntax, message: message.into() }
    }

    pub(crate) fn too_large(message: impl Into<String>) -> PatternError {
        PatternError { offset: 0, kind: PatternErrorKind::TooLarge, message: message.into() }
    }

    /// Byte offset of the offending construct in the pattern as written.
    ///
    /// ```
    /// let err = conform::Pattern::new("ab(c", conform::MatchRule::Search).unwrap_err();
    /// assert_eq!(err.offset(), 4);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// The kind of problem.
    ///
    /// ```
    /// use conform::{MatchRule, Pattern, PatternErrorKind};
    /// let err = Pattern::new(r"\p{InGreek}", MatchRule::Search).unwrap_err();
    /// assert_eq!(err.kind(), PatternErrorKind::Unsupported);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn kind(&self) -> PatternErrorKind {
        self.kind
    }

    /// The message without the offset.
    ///
    /// ```
    /// let err = conform::Pattern::new("*", conform::MatchRule::Search).unwrap_err();
    /// assert_eq!(err.message(), "dangling meta character `*`");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at offset {}", self.message, self.offset)
    }
}

impl std::error::Error for PatternError {}

/// A match that could not be decided (the backtracking limit was exceeded); callers fail closed.
///
/// ```
/// use conform::{MatchRule, Pattern};
/// // Look-around sends this to the backtracking engine, where the nested `+` explodes.
/// let p = Pattern::new("^(?:(?=0)0+)+$", MatchRule::WholeValue)?;
/// let err = p.is_match(&format!("{}!", "0".repeat(40))).unwrap_err();
/// assert!(err.to_string().contains("backtracking limit"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MatchError {
    message: String,
}

impl MatchError {
    pub(crate) fn new(message: impl Into<String>) -> MatchError {
        MatchError { message: message.into() }
    }
}

impl fmt::Display for MatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for MatchError {}
