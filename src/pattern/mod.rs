//! Patterns: AWS/Smithy regular expressions in the `java.util.regex` dialect, compiled once and
//! matched with Java semantics.
//!
//! A pattern is parsed as Java would parse it ([`parse`]), translated into Rust regex text
//! ([`translate`]) and given to the cheapest matcher that is exact for it ([`tier`]):
//!
//! | tier | when | engine |
//! |---|---|---|
//! | [`Tier::OneClass`] | one class + quantifier, e.g. `[^\p{C}]+`, `^\S{36,64}$` | per-char predicate and a count |
//! | [`Tier::Sequence`] | counted classes in order that need no backtracking, e.g. `[a-z][a-z0-9\-]{0,48}[a-z0-9]`, `^([0-9]+)\.([0-9]+)$` | one pass, class by class |
//! | [`Tier::Regex`] | no look-around, back-references, atomic groups or `(?m)` anchors | the `regex` crate |
//! | [`Tier::Guarded`] | look-arounds only at the ends, e.g. `^(?!aws:)[\p{L}\p{N}_.:/=+\-@]*$`, `[a-z0-9.]*(?<!\.)`, or at the ends of each top-level alternative, e.g. `^(?![0-9_])\w+$\|^_\w*[a-zA-Z0-9]\w*$` | a search per look-around, the rest on a tier above; each alternative on its own |
//! | [`Tier::Backtracking`] | the rest | `fancy-regex`, with a backtrack limit |
//!
//! Java meanings kept: ASCII `\d \w \s \b`; `.` excludes `\n \r U+0085 U+2028 U+2029`; Java's
//! POSIX `\p{Alpha}`… are ASCII; `\p{C}` includes unassigned code points; surrogate-pair escapes
//! stand for one supplementary char; `$` also matches before a final line terminator; `(?i)` folds
//! ASCII only. Constructs that cannot be matched exactly are rejected with a [`PatternError`].
//!
//! Known differences from Java, by design: character data is Unicode 16 (Java 17 has 13.0), so
//! code points assigned since then differ under `\p{C}`/`\p{L}`…; `\b` uses ASCII word chars
//! (Java ≥ 19; Java ≤ 18 also counted non-ASCII letters and digits); a non-spacing mark after a
//! word char does not count as a word char for `\b`.

pub(crate) mod ascii;
pub(crate) mod ast;
pub(crate) mod class;
mod ecma;
mod error;
mod guard;
mod parse;
mod sequence;
pub(crate) mod tier;
mod translate;

use std::sync::Arc;

pub use error::{MatchError, PatternError, PatternErrorKind};

use ast::Node;
use guard::Split;
use sequence::Sequence;
use tier::Cuts;
pub(crate) use tier::OneClass;
use translate::Flavor;

/// Compiled-program size limit for both engines (the default of 10 MiB rejects some AWS
/// patterns with large counted repetitions of Unicode classes).
const SIZE_LIMIT: usize = 64 << 20;
/// Lazy-DFA cache limit.
const DFA_SIZE_LIMIT: usize = 16 << 20;
/// `fancy-regex` gives up (with a [`MatchError`]) after this many backtracking steps.
const BACKTRACK_LIMIT: usize = 1_000_000;

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

/// The matcher a [`Pattern`] was given.
///
/// ```
/// use conform::{MatchRule, Pattern, Tier};
/// assert_eq!(Pattern::new(r"[^\p{C}]+", MatchRule::WholeValue)?.tier(), Tier::OneClass);
/// assert_eq!(Pattern::new(r"[a-z][a-z0-9\-]{0,48}", MatchRule::WholeValue)?.tier(), Tier::Sequence);
/// assert_eq!(Pattern::new(r"[a-z]+[a-z0-9]+", MatchRule::WholeValue)?.tier(), Tier::Regex);
/// assert_eq!(Pattern::new(r"^(?!\s*$).+", MatchRule::WholeValue)?.tier(), Tier::Guarded);
/// assert_eq!(Pattern::new(r"^(?![0-9_])\w+$|^_\w*[a-zA-Z0-9]\w*$", MatchRule::WholeValue)?.tier(), Tier::Guarded);
/// assert_eq!(Pattern::new(r"(?!-)[a-z-]+(?!-)\.[a-z]+", MatchRule::WholeValue)?.tier(), Tier::Backtracking);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Tier {
    /// One char class with a count: a per-char predicate, no regex engine.
    OneClass,
    /// Counted classes in order, each taking the longest run it can (only when that is exact):
    /// one pass, no regex engine.
    Sequence,
    /// The `regex` crate (linear time).
    Regex,
    /// Look-arounds at the ends of the pattern (or of each of its top-level alternatives)
    /// checked as separate searches, and the rest on one of the tiers above: each part linear.
    Guarded,
    /// `fancy-regex` (backtracking, with a step limit).
    Backtracking,
}

impl Tier {
    /// A short name: `one-class`, `sequence`, `regex`, `guarded` or `fancy-regex`.
    ///
    /// ```
    /// assert_eq!(conform::Tier::Backtracking.as_str(), "fancy-regex");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::OneClass => "one-class",
            Tier::Sequence => "sequence",
            Tier::Regex => "regex",
            Tier::Guarded => "guarded",
            Tier::Backtracking => "fancy-regex",
        }
    }
}

#[derive(Debug)]
enum Engine {
    OneClass(Arc<OneClass>),
    Sequence(Box<Sequence>),
    Regex(regex::Regex),
    Guarded(Box<Guarded>),
    /// A top-level alternation whose alternatives each avoid backtracking on their own: the
    /// value matches when one of them does.
    Alternatives(Vec<Compiled>),
    Fancy(fancy_regex::Regex),
}

/// A pattern whose look-arounds at the ends were split off ([`guard`]): each part linear.
#[derive(Debug)]
struct Guarded {
    /// The pattern without them, under the pattern's own rule.
    rest: Compiled,
    /// `(want, check)`: a value matches when every check (searched) gives `want`.
    checks: Vec<(bool, Compiled)>,
}

#[derive(Debug)]
struct Compiled {
    translated: String,
    whole_value: bool,
    cuts: Cuts,
    engine: Engine,
}

impl Compiled {
    /// Compiles a parsed pattern for the whole-value rule (`whole_value`) or the search rule,
    /// choosing the cheapest exact engine.
    fn new(node: &Node, whole_value: bool) -> Result<Compiled, PatternError> {
        let wrap = |t: String| if whole_value { format!("\\A(?:{t})\\z") } else { t };
        if !tier::needs_backtracking(node, whole_value) {
            let translated = wrap(translate::translate(node, Flavor::Regex));
            let engine = if let Some(one) = OneClass::detect(node, whole_value) {
                Engine::OneClass(Arc::new(one))
            } else if let Some(seq) = Sequence::detect(node, whole_value) {
                Engine::Sequence(Box::new(seq))
            } else {
                Engine::Regex(
                    regex::RegexBuilder::new(&translated)
                        .size_limit(SIZE_LIMIT)
                        .dfa_size_limit(DFA_SIZE_LIMIT)
                        .build()
                        .map_err(|e| engine_error(&e.to_string()))?,
                )
            };
            let cuts = tier::cuts(node, whole_value);
            return Ok(Compiled { translated, whole_value, cuts, engine });
        }
        let translated = wrap(translate::translate(node, Flavor::Fancy));
        let engine = match Guarded::new(node, whole_value)? {
            Some(guarded) => Engine::Guarded(Box::new(guarded)),
            None if let Some(each) = Compiled::alternatives(node, whole_value) => {
                Engine::Alternatives(each)
            }
            None => Engine::Fancy(
                fancy_regex::RegexBuilder::new(&translated)
                    .backtrack_limit(BACKTRACK_LIMIT)
                    .delegate_size_limit(SIZE_LIMIT)
                    .delegate_dfa_size_limit(DFA_SIZE_LIMIT)
                    .build()
                    .map_err(|e| engine_error(&e.to_string()))?,
            ),
        };
        Ok(Compiled { translated, whole_value, cuts: Cuts::None, engine })
    }

    /// Each alternative of a top-level alternation compiled on its own, when none of them needs
    /// the backtracking engine. Exact under both rules: `\A(?:A|B)\z` matches when `\A(?:A)\z`
    /// or `\A(?:B)\z` does, and a search finds `A|B` when it finds `A` or `B`; nothing follows
    /// an alternative but the end of the pattern, so `$` means in it what it means in the whole.
    /// (An alternative that does not compile alone, such as one with a back-reference into
    /// another, leaves the whole pattern to the backtracking engine.)
    fn alternatives(node: &Node, whole_value: bool) -> Option<Vec<Compiled>> {
        let branches = guard::alternatives(node)?;
        let mut each = Vec::with_capacity(branches.len());
        for branch in branches {
            let compiled = Compiled::new(branch, whole_value).ok()?;
            if matches!(compiled.engine, Engine::Fancy(_)) {
                return None;
            }
            each.push(compiled);
        }
        Some(each)
    }

    #[inline]
    fn is_match(&self, value: &str) -> Result<bool, MatchError> {
        let cuts = self.cuts;
        match &self.engine {
            Engine::OneClass(one) => Ok(one.is_match(value, self.whole_value, cuts)),
            Engine::Sequence(seq) => Ok(seq.is_match(value, cuts)),
            Engine::Regex(re) if cuts == Cuts::None => Ok(re.is_match(value)),
            Engine::Regex(re) => Ok(cuts.prefixes(value).any(|h| re.is_match(h))),
            Engine::Guarded(guarded) => guarded.is_match(value),
            Engine::Alternatives(each) => {
                for alternative in each {
                    if alternative.is_match(value)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            Engine::Fancy(re) => re.is_match(value).map_err(|e| match e {
                fancy_regex::Error::RuntimeError(fancy_regex::RuntimeError::BacktrackLimitExceeded) => {
                    MatchError::new(format!(
                        "match could not be decided: backtracking limit of {BACKTRACK_LIMIT} steps exceeded"
                    ))
                }
                other => MatchError::new(format!("match could not be decided: {other}")),
            }),
        }
    }
}

impl Guarded {
    /// The split form of a pattern that needs backtracking as a whole, when it has look-arounds
    /// at its ends and no part of it needs backtracking.
    fn new(node: &Node, whole_value: bool) -> Result<Option<Guarded>, PatternError> {
        let Some(split) = Split::of(node, whole_value) else { return Ok(None) };
        let linear = |n: &Node, whole: bool| !tier::needs_backtracking(n, whole);
        let parts = split.prefixes.iter().chain(&split.suffixes);
        if !linear(&split.rest, whole_value)
            || !parts.clone().all(|(_, n)| linear(n, false))
            || !split.at_end.iter().all(|(_, n)| linear(n, true))
        {
            return Ok(None);
        }
        // A look-ahead at the end of the value holds when its body matches the empty string.
        for (want, body) in &split.at_end {
            if Compiled::new(body, true)?.is_match("") != Ok(*want) {
                return Ok(None);
            }
        }
        let rest = Compiled::new(&split.rest, whole_value)?;
        let checks = parts
            .map(|(want, n)| Ok((*want, Compiled::new(n, false)?)))
            .collect::<Result<_, PatternError>>()?;
        Ok(Some(Guarded { rest, checks }))
    }

    #[inline]
    fn is_match(&self, value: &str) -> Result<bool, MatchError> {
        for (want, check) in &self.checks {
            if check.is_match(value)? != *want {
                return Ok(false);
            }
        }
        self.rest.is_match(value)
    }
}

/// A compiled pattern (cheap to clone).
///
/// ```
/// use conform::{MatchRule, Pattern};
/// let p = Pattern::new("[a-z]+", MatchRule::WholeValue)?;
/// assert_eq!(p.is_match("abc")?, true);
/// assert_eq!(p.is_match("abc!")?, false);
/// let s = Pattern::new("[a-z]+", MatchRule::Search)?;
/// assert_eq!(s.is_match("!abc!")?, true);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct Pattern {
    source: Arc<str>,
    rule: MatchRule,
    compiled: Arc<Compiled>,
}

impl Pattern {
    /// Compiles `source` (Java dialect) for the given rule.
    ///
    /// # Errors
    /// A [`PatternError`] naming the construct and its offset when the pattern is not valid Java,
    /// uses a construct this engine does not implement, or is too large to compile.
    ///
    /// ```
    /// use conform::{MatchRule, Pattern};
    /// let err = Pattern::new(r"[a-z]\h{2}\X", MatchRule::WholeValue).unwrap_err();
    /// assert_eq!(err.to_string(), r"unsupported construct `\X` at offset 10");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(source: &str, rule: MatchRule) -> Result<Pattern, PatternError> {
        let parsed = parse::parse(source)?;
        let compiled = Compiled::new(&parsed.node, rule == MatchRule::WholeValue)?;
        Ok(Pattern { source: source.into(), rule, compiled: Arc::new(compiled) })
    }

    /// The pattern as written in the spec.
    ///
    /// ```
    /// let p = conform::Pattern::new(r"\d+", conform::MatchRule::Search)?;
    /// assert_eq!(p.source(), r"\d+");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The shared text of the pattern as written (cheap to clone into violations).
    ///
    /// ```
    /// let p = conform::Pattern::new("x", conform::MatchRule::Search)?;
    /// assert_eq!(&**p.source_arc(), "x");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn source_arc(&self) -> &Arc<str> {
        &self.source
    }

    /// The matching rule.
    ///
    /// ```
    /// use conform::{MatchRule, Pattern};
    /// assert_eq!(Pattern::new("x", MatchRule::Search)?.rule(), MatchRule::Search);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn rule(&self) -> MatchRule {
        self.rule
    }

    /// The Rust regex text equivalent to the pattern under its rule (for [`Tier::OneClass`] and
    /// [`Tier::Sequence`], the text that would be used if it went to the `regex` crate). Under the
    /// search rule, a Java `$` is written `\z` and the value is also tried without a final line
    /// terminator. For [`Tier::Guarded`] and [`Tier::Backtracking`] it is `fancy-regex` text with
    /// look-arounds, which spells Java's `$` exactly.
    ///
    /// ```
    /// use conform::{MatchRule, Pattern};
    /// let p = Pattern::new(r"\w+\.", MatchRule::WholeValue)?;
    /// assert_eq!(p.translated(), r"\A(?:[0-9A-Z_a-z]+\.)\z");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn translated(&self) -> &str {
        &self.compiled.translated
    }

    /// The pattern as an ECMA-262 regular expression (for JSON Schema's `pattern`, which searches)
    /// that matches exactly the values this pattern accepts under its rule: anchored as
    /// `^(?:…)$` under the whole-value rule, and with every Java meaning spelled out (ASCII `\d
    /// \w \s`, Java's `.` and `$`, POSIX classes, supplementary chars as themselves, no flags).
    /// The text reads the same to an ECMA-262 engine with the `u` flag and to the Rust `regex` /
    /// `fancy-regex` syntax; look-around and back-references need an engine that has them.
    ///
    /// ```
    /// use conform::{MatchRule, Pattern};
    /// let p = Pattern::new(r"\S{2}\.", MatchRule::WholeValue)?;
    /// assert_eq!(p.to_ecma262(), r"^(?:[^\x09-\x0D ]{2}\.)$");
    /// let s = Pattern::new(r"^[a-z]+$", MatchRule::Search)?;
    /// assert!(s.to_ecma262().starts_with("^[a-z]+(?:$|(?=\\r\\n$)"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_ecma262(&self) -> String {
        match parse::parse(&self.source) {
            Ok(parsed) => ecma::ecma262(&parsed.node, self.rule == MatchRule::WholeValue),
            // A compiled pattern parses; were it not to, nothing would match it.
            Err(_) => ecma::NOTHING.to_owned(),
        }
    }

    /// The parsed syntax tree (flags applied), for building matching strings by construction.
    /// `None` only if the source no longer parses, which cannot happen for a compiled pattern.
    #[cfg(feature = "generate")]
    pub(crate) fn ast(&self) -> Option<ast::Node> {
        parse::parse(&self.source).ok().map(|p| p.node)
    }

    /// The matcher chosen for the pattern.
    ///
    /// ```
    /// use conform::{MatchRule, Pattern, Tier};
    /// assert_eq!(Pattern::new(r"^\S{36,64}$", MatchRule::Search)?.tier(), Tier::OneClass);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn tier(&self) -> Tier {
        match self.compiled.engine {
            Engine::OneClass(_) => Tier::OneClass,
            Engine::Sequence(_) => Tier::Sequence,
            Engine::Regex(_) => Tier::Regex,
            Engine::Guarded(_) | Engine::Alternatives(_) => Tier::Guarded,
            Engine::Fancy(_) => Tier::Backtracking,
        }
    }

    /// Whether `value` satisfies the pattern under its rule.
    ///
    /// # Errors
    /// A [`MatchError`] when the backtracking engine gives up (the caller fails closed).
    ///
    /// ```
    /// use conform::{MatchRule, Pattern};
    /// let p = Pattern::new(r"^[a-z]+$", MatchRule::Search)?;
    /// assert!(p.is_match("abc\n")?); // Java's `$` also matches before a final line terminator
    /// assert!(!p.is_match("abc\n\n")?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[inline]
    pub fn is_match(&self, value: &str) -> Result<bool, MatchError> {
        self.compiled.is_match(value)
    }

    /// The one-class matcher when it decides the pattern by itself over the whole value, so a
    /// caller can test chars while it reads them ([`OneClass::count_ok`] on their count).
    #[inline]
    pub(crate) fn whole_class(&self) -> Option<&Arc<OneClass>> {
        match &self.compiled.engine {
            Engine::OneClass(one) if one.covers_whole(self.rule == MatchRule::WholeValue) => {
                Some(one)
            }
            _ => None,
        }
    }
}

fn engine_error(message: &str) -> PatternError {
    if message.contains("exceeds size limit") || message.contains("too big") {
        PatternError::too_large(format!("pattern too large to compile: {}", first_line(message)))
    } else {
        PatternError::unsupported(
            0,
            format_args!("translation rejected by the engine: {}", first_line(message)),
        )
    }
}

fn first_line(s: &str) -> &str {
    s.lines().find(|l| !l.trim().is_empty()).unwrap_or(s).trim()
}
