//! Patterns: AWS/Smithy regular expressions compiled once, matched with Java semantics.
//!
//! INTERIM SHIM: compiles the pattern text with fancy-regex as written. The Java-dialect
//! translator and the tiered matcher replace the internals; the interface stays.

use std::fmt;
use std::sync::Arc;

/// How a pattern is applied to a value.
///
/// ```
/// use conform::MatchRule;
/// assert_eq!(MatchRule::WholeValue.as_str(), "whole-value");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MatchRule {
    /// The whole value must match (Java `String.matches`; AWS reference pages and botocore).
    WholeValue,
    /// Some part of the value must match (Java `Matcher.find`; Smithy `@pattern`).
    Search,
}

impl MatchRule {
    /// The name used in spec files: `whole-value` or `search`.
    ///
    /// ```
    /// assert_eq!(conform::MatchRule::Search.as_str(), "search");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            MatchRule::WholeValue => "whole-value",
            MatchRule::Search => "search",
        }
    }
}

/// A compiled pattern.
///
/// ```
/// use conform::{MatchRule, Pattern};
/// let p = Pattern::new("[a-z]+", MatchRule::WholeValue)?;
/// assert_eq!(p.is_match("abc")?, true);
/// assert_eq!(p.is_match("abc!")?, false);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct Pattern {
    source: Arc<str>,
    rule: MatchRule,
    regex: Arc<fancy_regex::Regex>,
}

impl Pattern {
    /// Compiles `source` (Java dialect) for the given rule.
    ///
    /// # Errors
    /// A [`PatternError`] naming the construct and its offset when the pattern cannot be compiled.
    pub fn new(source: &str, rule: MatchRule) -> Result<Pattern, PatternError> {
        let wrapped = match rule {
            MatchRule::WholeValue => format!("\\A(?:{source})\\z"),
            MatchRule::Search => source.to_owned(),
        };
        let regex = fancy_regex::RegexBuilder::new(&wrapped)
            .backtrack_limit(1_000_000)
            .build()
            .map_err(|e| PatternError { offset: 0, message: e.to_string() })?;
        Ok(Pattern { source: source.into(), rule, regex: Arc::new(regex) })
    }

    /// The pattern as written in the spec.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The shared text of the pattern as written (cheap to clone into violations).
    pub fn source_arc(&self) -> &Arc<str> {
        &self.source
    }

    /// The matching rule.
    pub fn rule(&self) -> MatchRule {
        self.rule
    }

    /// Whether `value` satisfies the pattern under its rule.
    ///
    /// # Errors
    /// A [`MatchError`] when the backtracking engine gives up (the caller fails closed).
    pub fn is_match(&self, value: &str) -> Result<bool, MatchError> {
        self.regex.is_match(value).map_err(|e| MatchError { message: e.to_string() })
    }
}

/// A pattern that cannot be compiled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PatternError {
    offset: usize,
    message: String,
}

impl PatternError {
    /// Byte offset of the offending construct in the pattern as written.
    pub fn offset(&self) -> usize {
        self.offset
    }
}

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at offset {}", self.message, self.offset)
    }
}

impl std::error::Error for PatternError {}

/// A match that could not be decided (e.g. the backtracking limit was exceeded).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MatchError {
    message: String,
}

impl fmt::Display for MatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for MatchError {}
