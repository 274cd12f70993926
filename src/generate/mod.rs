//! Payload generators: [proptest](https://docs.rs/proptest) strategies for valid and invalid
//! values of any compiled [`Shape`] (feature `generate`, on by default).
//!
//! - [`valid`]: values that satisfy every constraint of the shape.
//! - [`invalid`]: valid values with exactly one recorded mutation ([`Invalid`]): the validator
//!   reports exactly one violation, at [`Intended::path`], of kind [`Intended::constraint`].
//! - [`samples`]: a deterministic stream of values from a strategy and a seed (what
//!   `conform generate` uses).
//!
//! Values are built by construction, not by filtering: strings from the pattern's syntax tree
//! intersected with the length bounds (counted in Unicode scalar values; unbounded lengths are
//! taken at most 64 characters past what is needed), one-class patterns from their class
//! predicate, enum and intEnum values, numbers inside their range and type width, list and map
//! sizes within their bounds (distinct items for `uniqueItems`, distinct keys), required
//! members always and optional ones sometimes, one member per union, timestamps in their wire
//! format (epoch-seconds numbers unless the member declares `date-time` or `http-date`), blobs
//! as base64. Recursive shapes are bounded: below depth 5 every value takes its smallest valid
//! form. Payloads are SDK-style (member names; label, query and header members are plain
//! members).
//!
//! Patterns with look-around or back-references (the backtracking tier) are built the same way
//! with zero-width parts left out and back-references repeating their group; each string is
//! checked with [`Pattern::is_match`](crate::Pattern::is_match) and rebuilt (a bounded number of
//! times) if it does not match. When none matches and the pattern has positive look-aheads, it is
//! built again with each look-ahead's text in place (`arn:(?=[^:]+:fsx:)…` then starts the rest
//! with text such as `x:fsx:`), checked the same way.
//!
//! Payloads stay within a size budget: see [`MAX_PAYLOAD`], [`MAX_LENGTH`] and [`MAX_ITEMS`];
//! [`skipped`] lists the mutations left out for it. [`invalid_aimed`] aims invalid payloads at one
//! constraint kind or one path.
//!
//! A shape with no valid value (a pattern and length with no string in common, a required
//! recursion, a range with no integer) gives a strategy that fails with the reason, from
//! proptest's `new_tree` and as an [`Unsatisfiable`] from [`samples`], instead of looping.
//!
//! Values do not shrink (each is a consistent payload; shrinking it freely would break the
//! constraints it was built to satisfy).
//!
//! # Example
//! ```
//! use proptest::prelude::*;
//!
//! let spec = conform::Spec::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/iot.json"))?;
//! let validator = conform::Validator::new(&spec)?;
//! let input = validator.operation("CreatePackage")?.input();
//!
//! let mut runner = proptest::test_runner::TestRunner::deterministic();
//! runner.run(&conform::generate::invalid(&input), |bad| {
//!     let report = input.validate(&bad.payload);
//!     prop_assert_eq!(report.violations().len(), 1);
//!     prop_assert_eq!(report.violations()[0].path(), bad.intended.path.as_str());
//!     prop_assert_eq!(report.violations()[0].constraint(), bad.intended.constraint);
//!     Ok(())
//! })?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod aim;
mod bounds;
mod model;
mod mutate;
mod mutation;
mod rand;
mod string;
mod value;

use std::fmt;
use std::sync::Arc;

use proptest::prelude::{BoxedStrategy, Just, Rng as _, Strategy};
use proptest::strategy::{NewTree, ValueTree};
use proptest::test_runner::{Config, Reason, RngAlgorithm, TestRng, TestRunner};
use serde_json::Value;

use crate::validator::Shape;
use crate::violation::Constraint;

use model::Model;

use bounds::json_size;
pub use bounds::{MAX_ITEMS, MAX_LENGTH, MAX_PAYLOAD};

/// Attempts at one value before the strategy reports failure (only collections that run out of
/// distinct items or keys, or a value beyond [`MAX_PAYLOAD`], can need more than one).
const ATTEMPTS: usize = 16;

/// An invalid payload and the one violation it was built to have.
///
/// ```
/// # let spec = conform::Spec::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/iot.json"))?;
/// # let validator = conform::Validator::new(&spec)?;
/// let input = validator.operation("CreatePackage")?.input();
/// for bad in conform::generate::samples(conform::generate::invalid(&input), 1).take(50) {
///     let bad = bad?;
///     let report = input.validate(&bad.payload);
///     assert_eq!(report.violations().len(), 1);
///     assert_eq!(report.violations()[0].path(), bad.intended.path);
///     assert_eq!(report.violations()[0].constraint(), bad.intended.constraint);
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// With the `serde` feature it serializes as `conform generate --invalid --explain` writes it:
///
/// ```
/// # #[cfg(feature = "serde")] {
/// # let spec = conform::Spec::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/iot.json"))?;
/// # let validator = conform::Validator::new(&spec)?;
/// let input = validator.operation("CreatePackage")?.input();
/// let bad = conform::generate::samples(conform::generate::invalid(&input), 8).next().unwrap()?;
/// assert_eq!(serde_json::to_string(&bad)?,
///     r#"{"payload":{"packageName":"AcFjLls6Uz_é"},"intended":{"path":"/packageName","constraint":"pattern"}}"#);
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct Invalid {
    /// The payload: valid everywhere except at [`Intended::path`].
    pub payload: Value,
    /// The violation the payload was built to have.
    pub intended: Intended,
}

/// Where an [`Invalid`] payload breaks a constraint, and which.
///
/// ```
/// # let spec = conform::Spec::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/iot.json"))?;
/// # let validator = conform::Validator::new(&spec)?;
/// let input = validator.operation("CreatePackage")?.input();
/// let bad = conform::generate::samples(conform::generate::invalid(&input), 3).next().unwrap()?;
/// assert!(bad.intended.path.is_empty() || bad.intended.path.starts_with('/'));
/// println!("{} at {:?}", bad.intended.constraint, bad.intended.path);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct Intended {
    /// The RFC 6901 JSON Pointer the violation is reported at (a bad map key: the map's path).
    pub path: String,
    /// The constraint broken, as the validator names it.
    pub constraint: Constraint,
}

/// A strategy could not produce a value: the shape has none (or, for [`invalid`], no constraint
/// that can be broken alone).
///
/// ```
/// let spec = conform::Spec::from_json_str(r#"{"conform": 1, "service": "x", "patterns": "whole-value",
///     "operations": {}, "shapes": {"S": {"type": "string", "length": {"min": 13}, "pattern": "[0-9]{12}"}}}"#)?;
/// let validator = conform::Validator::new(&spec)?;
/// let shape = validator.shape("S")?;
/// let err = conform::generate::samples(conform::generate::valid(&shape), 0).next().unwrap().unwrap_err();
/// assert!(err.to_string().contains("no string matches pattern `[0-9]{12}`"), "{err}");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unsatisfiable {
    reason: String,
}

impl Unsatisfiable {
    /// Why no value could be generated.
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

impl fmt::Display for Unsatisfiable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.reason)
    }
}

impl std::error::Error for Unsatisfiable {}

/// A mutation [`invalid`] does not make because the value would be beyond the size budget (a
/// length above a maximum of [`MAX_LENGTH`] characters or bytes or more, say a `max` of
/// 2147483647), from [`skipped`].
///
/// ```
/// let spec = conform::Spec::from_json_str(r#"{"conform": 1, "service": "x", "patterns": "whole-value",
///     "operations": {}, "shapes": {"S": {"type": "structure", "members": {
///         "doc": {"target": "string", "length": {"max": 2147483647}}}}}}"#)?;
/// let validator = conform::Validator::new(&spec)?;
/// let skipped = conform::generate::skipped(&validator.shape("S")?);
/// assert_eq!(skipped.len(), 1);
/// assert_eq!(skipped[0].path, "/doc");
/// assert_eq!(skipped[0].constraint, conform::Constraint::Length);
/// assert_eq!(skipped[0].reason, "a length above the maximum of 2147483647 characters: beyond \
///     the size budget of 65536 characters");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Skipped {
    /// Where the value is: a JSON Pointer to the first place it occurs in the shape (fewest
    /// levels), with `*` for any list index or map key.
    pub path: String,
    /// The constraint the skipped mutation would have broken.
    pub constraint: Constraint,
    /// Why it is skipped.
    pub reason: String,
}

/// The mutations [`invalid`] skips for `shape` because they cannot be built within the size
/// budget, each once, at the first place its value occurs (fewest levels first, then by path).
/// Empty when the shape has no valid value.
pub fn skipped(shape: &Shape<'_>) -> Vec<Skipped> {
    let mut model = Model::build(shape.ir(), shape.node(), 0);
    if !model.is_generatable() {
        return Vec::new();
    }
    model.analyse_mutations(0, None);
    let paths = model.first_paths();
    let mut out: Vec<Skipped> = Vec::new();
    for (id, skips) in model.skipped.iter().enumerate() {
        let Some(Some(path)) = paths.get(id) else { continue };
        for (constraint, reason) in skips {
            out.push(Skipped {
                path: path.clone(),
                constraint: *constraint,
                reason: reason.clone(),
            });
        }
    }
    out.sort_by(|a, b| {
        let depth = |s: &Skipped| s.path.matches('/').count();
        depth(a).cmp(&depth(b)).then_with(|| a.path.cmp(&b.path))
    });
    out
}

#[derive(Clone, Debug)]
struct Generator {
    model: Arc<Result<Model, String>>,
    invalid: bool,
}

impl Generator {
    fn new(shape: &Shape<'_>, invalid: Option<&Aim>) -> Generator {
        let mut model = Model::build(shape.ir(), shape.node(), 0);
        let model = if !model.is_generatable() {
            Err(model.reason())
        } else if let Some(aim) = invalid {
            model.analyse_mutations(0, aim.constraint);
            let which = aim.constraint.map_or_else(String::new, |c| format!("`{c}` "));
            let segments = match &aim.path {
                Some(p) => aim::segments(p).ok_or_else(|| {
                    format!("`{p}` is not a JSON Pointer (it must be empty or start with `/`)")
                }),
                None => Ok(Vec::new()),
            };
            match segments {
                Err(e) => Err(e),
                Ok(_) if model.mut_height.get(model.root).copied().flatten().is_none() => {
                    Err(format!("no {which}constraint of the shape can be broken on its own"))
                }
                Ok(segments) => match &aim.path {
                    Some(p) if !model.aim_at(segments) => {
                        Err(format!("no {which}constraint at `{p}` can be broken on its own"))
                    }
                    _ => Ok(model),
                },
            }
        } else {
            Ok(model)
        };
        Generator { model: Arc::new(model), invalid: invalid.is_some() }
    }

    fn model(&self) -> Result<&Model, Reason> {
        self.model.as_ref().as_ref().map_err(|e| Reason::from(e.clone()))
    }
}

#[derive(Clone, Debug)]
struct ValidStrategy(Generator);

impl Strategy for ValidStrategy {
    type Tree = Just<Value>;
    type Value = Value;

    fn new_tree(&self, runner: &mut TestRunner) -> NewTree<Self> {
        let model = self.0.model()?;
        let mut r = rand::Rand::new(runner.rng().next_u64());
        let mut too_large = None;
        for _ in 0..ATTEMPTS {
            r.refill();
            match model.valid(model.root, 0, &mut r) {
                Some(v) if json_size(&v) <= MAX_PAYLOAD => return Ok(Just(v)),
                Some(v) => too_large = Some(json_size(&v)),
                None => {}
            }
        }
        Err(Reason::from(match too_large {
            Some(n) => format!(
                "could not build a valid value within the size budget: {n} bytes, more than \
                 {MAX_PAYLOAD}"
            ),
            None => "could not build a valid value: a collection ran out of distinct items or keys"
                .to_owned(),
        }))
    }
}

#[derive(Clone, Debug)]
struct InvalidStrategy(Generator);

impl Strategy for InvalidStrategy {
    type Tree = Just<Invalid>;
    type Value = Invalid;

    fn new_tree(&self, runner: &mut TestRunner) -> NewTree<Self> {
        debug_assert!(self.0.invalid);
        let model = self.0.model()?;
        match model.invalid_root(runner.rng().next_u64()) {
            Some((payload, constraint, path)) => {
                Ok(Just(Invalid { payload, intended: Intended { path, constraint } }))
            }
            None => Err(Reason::from("could not build an invalid value")),
        }
    }
}

/// A strategy for valid values of `shape`.
///
/// # Example
/// ```
/// use proptest::prelude::*;
///
/// let spec = conform::Spec::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/codeartifact.json"))?;
/// let validator = conform::Validator::new(&spec)?;
/// let output = validator.operation("CreatePackageGroup")?.output();
///
/// let mut runner = proptest::test_runner::TestRunner::deterministic();
/// runner.run(&conform::generate::valid(&output), |payload| {
///     prop_assert!(output.validate(&payload).is_valid(), "{payload}");
///     Ok(())
/// })?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn valid(shape: &Shape<'_>) -> BoxedStrategy<Value> {
    ValidStrategy(Generator::new(shape, None)).boxed()
}

/// A strategy for invalid values of `shape`: each is a valid value with one mutation, and the
/// validator reports exactly one violation, the [`Intended`] one.
///
/// The mutations, each chosen only where the shape has the constraint and it can be broken alone:
/// a string, blob, list or map `length` below its minimum or above its maximum (strings still
/// matching their pattern), a string that does not match its `pattern` (with a valid length), a
/// number out of `range` (below or above), a value outside an `enum` or `intEnum`, a missing (or
/// `null`) `required` member, a value of the wrong JSON `type` (or out of its integer width), a
/// blob or timestamp not in its wire `format`, a repeated item in a `uniqueItems` list, `null` in
/// a dense list or map (`sparse`), a `union` with no member or two members set, and a map key
/// breaking the key's length, pattern or enum (reported at the map's path).
///
/// # Example
/// ```
/// let spec = conform::Spec::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/panorama.json"))?;
/// let validator = conform::Validator::new(&spec)?;
/// let input = validator.operation("DescribePackageVersion")?.input();
/// for bad in conform::generate::samples(conform::generate::invalid(&input), 42).take(100) {
///     let bad = bad?;
///     let found: Vec<_> = input.validate(&bad.payload).violations().iter()
///         .map(|v| (v.path().to_owned(), v.constraint())).collect();
///     assert_eq!(found, [(bad.intended.path, bad.intended.constraint)]);
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn invalid(shape: &Shape<'_>) -> BoxedStrategy<Invalid> {
    invalid_aimed(shape, &Aim::new())
}

/// What [`invalid_aimed`] aims at: one constraint kind, one path, or both (the default, from
/// [`Aim::new`], aims at any).
///
/// A path is a JSON Pointer, as [`Intended::path`] is, in which a segment is a member name, a list
/// index, a map key, or `*` for any of them: `/tags/*` is a value of any key of map `tags`,
/// `/items/0/name` the `name` of a list's first item. The payload's [`Intended::path`] is the path
/// with each `*` made concrete. A bad map key is reported at the map's path, a missing member at
/// the member's.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Aim {
    constraint: Option<Constraint>,
    path: Option<String>,
}

impl Aim {
    /// Aims at any constraint anywhere.
    pub fn new() -> Aim {
        Aim::default()
    }

    /// Aims at the constraint `c` only.
    pub fn constraint(mut self, c: Constraint) -> Aim {
        self.constraint = Some(c);
        self
    }

    /// Aims at the path `pointer` only.
    pub fn path(mut self, pointer: impl Into<String>) -> Aim {
        self.path = Some(pointer.into());
        self
    }
}

/// A strategy for invalid values of `shape` that break a constraint of the kind, or at the path,
/// `aim` names: each is one of [`invalid`]'s values. It fails with the reason when the shape has
/// no such constraint that can be broken on its own (or the path is not a JSON Pointer).
///
/// # Example
/// ```
/// use conform::generate::{Aim, invalid_aimed, samples};
/// use conform::Constraint;
///
/// let spec = conform::Spec::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/iot.json"))?;
/// let validator = conform::Validator::new(&spec)?;
/// let input = validator.operation("CreatePackage")?.input();
/// let aim = Aim::new().constraint(Constraint::Length);
/// for bad in samples(invalid_aimed(&input, &aim), 5).take(20) {
///     let bad = bad?;
///     assert_eq!(bad.intended.constraint, Constraint::Length);
///     let found: Vec<_> = input.validate(&bad.payload).violations().iter()
///         .map(|v| (v.path().to_owned(), v.constraint())).collect();
///     assert_eq!(found, [(bad.intended.path, bad.intended.constraint)]);
/// }
/// let at = Aim::new().path("/packageName");
/// let bad = samples(invalid_aimed(&input, &at), 5).next().unwrap()?;
/// assert_eq!(bad.intended.path, "/packageName");
/// let nowhere = Aim::new().path("/nope");
/// let err = samples(invalid_aimed(&input, &nowhere), 5).next().unwrap().unwrap_err();
/// assert_eq!(err.reason(), "no constraint at `/nope` can be broken on its own");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn invalid_aimed(shape: &Shape<'_>, aim: &Aim) -> BoxedStrategy<Invalid> {
    InvalidStrategy(Generator::new(shape, Some(aim))).boxed()
}

/// A deterministic, endless stream of values from `strategy`: the same seed gives the same
/// values. Each item is an error when the strategy cannot produce a value.
///
/// # Example
/// ```
/// # let spec = conform::Spec::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/iot.json"))?;
/// # let validator = conform::Validator::new(&spec)?;
/// let input = validator.operation("CreatePackage")?.input();
/// let a: Vec<_> = conform::generate::samples(conform::generate::valid(&input), 9).take(5).collect();
/// let b: Vec<_> = conform::generate::samples(conform::generate::valid(&input), 9).take(5).collect();
/// assert_eq!(a, b);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn samples<S: Strategy>(strategy: S, seed: u64) -> Samples<S> {
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &bytes);
    Samples { strategy, runner: TestRunner::new_with_rng(Config::default(), rng) }
}

/// The iterator returned by [`samples`].
pub struct Samples<S> {
    strategy: S,
    runner: TestRunner,
}

impl<S> fmt::Debug for Samples<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Samples").finish_non_exhaustive()
    }
}

impl<S: Strategy> Iterator for Samples<S> {
    type Item = Result<S::Value, Unsatisfiable>;

    fn next(&mut self) -> Option<Self::Item> {
        Some(
            self.strategy
                .new_tree(&mut self.runner)
                .map(|tree| tree.current())
                .map_err(|reason| Unsatisfiable { reason: reason.message().to_owned() }),
        )
    }
}
