//! Constraint differences between two specs of the same API.
//!
//! Specs from different sources (a reference page, a botocore model, a Smithy model) name their
//! shapes differently, so [`diff`] compares what an operation *reaches*: for every operation both
//! specs define, it walks the input and the output member by member and compares, at each member
//! path (`CreatePackage.input.tags`), the type, whether the member is required, and the `length`,
//! `pattern`, `range` and enum values in effect (a member's own constraints replace its
//! target's, as in validation).
//!
//! What counts as the same:
//!
//! - `length` `min 0` is no minimum.
//! - Ranges compare as decimals (`1` = `1.0`).
//! - Enum values compare as sets (order and `internal` marks do not matter).
//! - Patterns compare by meaning where the rules make it certain: under the whole-value rule a
//!   leading `^` and a trailing `$` change nothing, and a search pattern anchored at both ends
//!   (`^X$`, no top-level `|`) is the whole-value pattern `X`. So `^[a-z]+$` (search) and
//!   `[a-z]+` (whole-value) are the same; `[a-z]+` (search) and `[a-z]+` (whole-value) are not,
//!   because the search accepts `A-b`. Other rewrites (`.*X.*` against `X`) are reported: deciding
//!   them in general needs regex equivalence, and a reader can dismiss them at a glance.
//!
//! A list's items are at `path[]`, a map's keys and values at `path{key}` and `path{value}`. The
//! walk is breadth-first: every member it reaches is compared, but it descends into a pair of
//! shapes only once per operation input (or output), at the first (shortest) path that reaches
//! it, which keeps recursive and widely shared shapes finite.

use std::collections::{HashSet, VecDeque};
use std::fmt;

use crate::decimal::Decimal;
use crate::pattern::MatchRule;
use crate::spec::{LengthDef, MemberDef, PatternDef, RangeDef, ShapeDef, ShapeType, Spec};

/// What a [`Difference`] is about.
///
/// ```
/// assert_eq!(conform::diff::Aspect::Length.name(), "length");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Aspect {
    /// The member exists in only one spec.
    Member,
    /// The input or output exists in only one spec.
    Shape,
    /// The shape types differ.
    Type,
    /// One spec requires the member, the other does not.
    Required,
    /// The length bounds differ.
    Length,
    /// The patterns differ in meaning (or could not be shown to agree).
    Pattern,
    /// The range bounds differ.
    Range,
    /// The enum value sets differ.
    Enum,
}

impl Aspect {
    /// The aspect's name in reports.
    pub fn name(self) -> &'static str {
        match self {
            Aspect::Member => "member",
            Aspect::Shape => "shape",
            Aspect::Type => "type",
            Aspect::Required => "required",
            Aspect::Length => "length",
            Aspect::Pattern => "pattern",
            Aspect::Range => "range",
            Aspect::Enum => "enum",
        }
    }
}

/// One constraint that differs between the two specs, at a member path.
///
/// ```
/// let d = conform::diff::Difference {
///     path: "Put.input.tags".into(),
///     aspect: conform::diff::Aspect::Length,
///     a: "max 50".into(),
///     b: "min 1, max 50".into(),
/// };
/// assert_eq!(d.to_string(), "Put.input.tags: length: A max 50; B min 1, max 50");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Difference {
    /// `Operation.input.member…` (`[]` for list items, `{key}`/`{value}` for map entries).
    pub path: String,
    /// What differs.
    pub aspect: Aspect,
    /// The first spec's side, for people (`absent` when it has none).
    pub a: String,
    /// The second spec's side.
    pub b: String,
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: A {}; B {}", self.path, self.aspect.name(), self.a, self.b)
    }
}

/// The result of comparing two specs.
///
/// ```
/// let a = conform::Spec::new("x", conform::MatchRule::WholeValue);
/// let d = conform::diff(&a, &a);
/// assert!(d.is_empty());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diff {
    /// The constraint differences, by operation (in the first spec's order) and path.
    pub differences: Vec<Difference>,
    /// Operations both specs define (the ones compared).
    pub compared: Vec<String>,
    /// Operations only the first spec defines (not compared).
    pub only_in_a: Vec<String>,
    /// Operations only the second spec defines (not compared).
    pub only_in_b: Vec<String>,
}

impl Diff {
    /// No differences, and the specs share an operation (or both have none).
    pub fn is_empty(&self) -> bool {
        self.differences.is_empty()
            && (!self.compared.is_empty()
                || (self.only_in_a.is_empty() && self.only_in_b.is_empty()))
    }
}

/// Compares the constraints two specs of the same API put on each operation they share.
///
/// See the [module documentation](self) for what is compared and what counts as the same.
///
/// # Example
/// ```
/// let page = conform::Spec::from_json_str(r#"{"conform": 1, "service": "x", "patterns": "whole-value",
///   "operations": {"Put": {"input": "PutRequest"}},
///   "shapes": {"PutRequest": {"type": "structure", "members": {
///       "name": {"target": "Name", "required": true},
///       "tags": {"target": "Tags"}}},
///     "Name": {"type": "string", "pattern": "[a-z]+"},
///     "Tags": {"type": "map", "length": {"max": 50},
///       "key": {"target": "string"}, "value": {"target": "string"}}}}"#)?;
/// let model = conform::Spec::from_json_str(r#"{"conform": 1, "service": "x", "patterns": "search",
///   "operations": {"Put": {"input": "PutInput"}},
///   "shapes": {"PutInput": {"type": "structure", "members": {
///       "name": {"target": "string", "required": true, "pattern": "^[a-z]+$"},
///       "tags": {"target": "TagMap"}}},
///     "TagMap": {"type": "map", "length": {"min": 1, "max": 50},
///       "key": {"target": "string"}, "value": {"target": "string"}}}}"#)?;
/// let d = conform::diff(&page, &model);
/// assert_eq!(d.differences.len(), 1);
/// assert_eq!(d.differences[0].to_string(), "Put.input.tags: length: A max 50; B min 1, max 50");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn diff(a: &Spec, b: &Spec) -> Diff {
    let mut out = Diff::default();
    for (name, op_a) in &a.operations {
        let Some(op_b) = b.operations.get(name) else {
            out.only_in_a.push(name.clone());
            continue;
        };
        out.compared.push(name.clone());
        let walk = Walk { a, b };
        for (io, sa, sb) in [
            ("input", op_a.input.as_deref(), op_b.input.as_deref()),
            ("output", op_a.output.as_deref(), op_b.output.as_deref()),
        ] {
            let path = format!("{name}.{io}");
            match (sa, sb) {
                (Some(sa), Some(sb)) => walk.shapes(&path, sa, sb, &mut out.differences),
                (None, None) => {}
                (sa, sb) => out.differences.push(Difference {
                    path,
                    aspect: Aspect::Shape,
                    a: sa.map_or_else(|| "absent".to_owned(), |s| format!("`{s}`")),
                    b: sb.map_or_else(|| "absent".to_owned(), |s| format!("`{s}`")),
                }),
            }
        }
    }
    out.only_in_b =
        b.operations.keys().filter(|k| !a.operations.contains_key(*k)).cloned().collect();
    out
}

struct Walk<'s> {
    a: &'s Spec,
    b: &'s Spec,
}

/// A member (or an operation's input/output) to compare: its path and both sides.
struct Pair<'s> {
    path: String,
    a: Side<'s>,
    b: Side<'s>,
}

/// One side: the target's name and definition (`None` for a predefined type), and the member that
/// points at it (`None` for an operation's input/output).
#[derive(Clone, Copy)]
struct Side<'s> {
    target: &'s str,
    shape: Option<&'s ShapeDef>,
    member: Option<&'s MemberDef>,
    rule: MatchRule,
}

impl<'s> Side<'s> {
    fn new(spec: &'s Spec, target: &'s str, member: Option<&'s MemberDef>) -> Side<'s> {
        Side { target, shape: spec.shapes.get(target), member, rule: spec.patterns }
    }

    fn shape_type(&self) -> Option<ShapeType> {
        self.shape.map(|s| s.shape_type).or_else(|| ShapeType::prelude(self.target))
    }

    fn length(&self) -> Option<LengthDef> {
        self.member.and_then(|m| m.length).or_else(|| self.shape.and_then(|s| s.length))
    }

    fn pattern(&self) -> Option<&'s PatternDef> {
        self.member
            .and_then(|m| m.pattern.as_ref())
            .or_else(|| self.shape.and_then(|s| s.pattern.as_ref()))
    }

    fn range(&self) -> Option<&'s RangeDef> {
        self.member
            .and_then(|m| m.range.as_ref())
            .or_else(|| self.shape.and_then(|s| s.range.as_ref()))
    }

    fn required(&self) -> bool {
        self.member.is_some_and(|m| m.required)
    }
}

impl<'s> Walk<'s> {
    fn shapes(&self, path: &str, sa: &'s str, sb: &'s str, out: &mut Vec<Difference>) {
        let mut seen: HashSet<(&str, &str)> = HashSet::new();
        let mut queue = VecDeque::new();
        queue.push_back(Pair {
            path: path.to_owned(),
            a: Side::new(self.a, sa, None),
            b: Side::new(self.b, sb, None),
        });
        while let Some(p) = queue.pop_front() {
            self.compare(&p, out);
            if !seen.insert((p.a.target, p.b.target)) {
                continue;
            }
            self.children(&p, &mut queue, out);
        }
    }

    fn compare(&self, p: &Pair<'s>, out: &mut Vec<Difference>) {
        let mut push = |aspect: Aspect, a: String, b: String| {
            out.push(Difference { path: p.path.clone(), aspect, a, b });
        };
        if p.a.required() != p.b.required() {
            let say = |r: bool| if r { "required" } else { "optional" }.to_owned();
            push(Aspect::Required, say(p.a.required()), say(p.b.required()));
        }
        let (ta, tb) = (p.a.shape_type(), p.b.shape_type());
        if ta != tb {
            let say = |t: Option<ShapeType>| t.map_or("unknown", ShapeType::name).to_owned();
            push(Aspect::Type, say(ta), say(tb));
            return;
        }
        let (la, lb) = (p.a.length(), p.b.length());
        if norm_length(la) != norm_length(lb) {
            push(Aspect::Length, say_length(la), say_length(lb));
        }
        let (pa, pb) = (p.a.pattern(), p.b.pattern());
        let ca = pa.map(|x| canonical_pattern(x.regex(), x.rule().unwrap_or(p.a.rule)));
        let cb = pb.map(|x| canonical_pattern(x.regex(), x.rule().unwrap_or(p.b.rule)));
        if ca != cb {
            let say = |x: Option<&PatternDef>, rule: MatchRule| {
                x.map_or_else(
                    || "none".to_owned(),
                    |x| format!("{} ({})", x.regex(), x.rule().unwrap_or(rule).as_str()),
                )
            };
            push(Aspect::Pattern, say(pa, p.a.rule), say(pb, p.b.rule));
        }
        let (ra, rb) = (p.a.range(), p.b.range());
        if !same_range(ra, rb) {
            push(Aspect::Range, say_range(ra), say_range(rb));
        }
        let values = |s: &Side<'_>| -> Option<Vec<String>> {
            let mut v: Vec<String> = s
                .shape?
                .values
                .as_ref()?
                .iter()
                .map(|v| v.value.as_str().map_or_else(|| v.value.to_string(), str::to_owned))
                .collect();
            v.sort();
            v.dedup();
            Some(v)
        };
        let (va, vb) = (values(&p.a), values(&p.b));
        if va != vb {
            let (va, vb) = (va.unwrap_or_default(), vb.unwrap_or_default());
            let only = |x: &[String], y: &[String]| -> Vec<String> {
                x.iter().filter(|v| !y.contains(v)).cloned().collect()
            };
            let say = |extra: Vec<String>| {
                if extra.is_empty() {
                    "no other values".to_owned()
                } else {
                    format!("also {}", extra.join(", "))
                }
            };
            push(Aspect::Enum, say(only(&va, &vb)), say(only(&vb, &va)));
        }
    }

    fn children(&self, p: &Pair<'s>, queue: &mut VecDeque<Pair<'s>>, out: &mut Vec<Difference>) {
        let (Some(sa), Some(sb)) = (p.a.shape, p.b.shape) else { return };
        if sa.shape_type != sb.shape_type {
            return;
        }
        let child = |suffix: &str, ma: &'s MemberDef, mb: &'s MemberDef| Pair {
            path: format!("{}{suffix}", p.path),
            a: Side::new(self.a, &ma.target, Some(ma)),
            b: Side::new(self.b, &mb.target, Some(mb)),
        };
        match sa.shape_type {
            ShapeType::List => {
                if let (Some(ma), Some(mb)) = (&sa.member, &sb.member) {
                    queue.push_back(child("[]", ma, mb));
                }
            }
            ShapeType::Map => {
                if let (Some(ka), Some(kb)) = (&sa.key, &sb.key) {
                    queue.push_back(child("{key}", ka, kb));
                }
                if let (Some(va), Some(vb)) = (&sa.value, &sb.value) {
                    queue.push_back(child("{value}", va, vb));
                }
            }
            ShapeType::Structure | ShapeType::Union => {
                let (Some(ma), Some(mb)) = (&sa.members, &sb.members) else { return };
                for (name, a) in ma {
                    match mb.get(name) {
                        Some(b) => queue.push_back(child(&format!(".{name}"), a, b)),
                        None => out.push(Difference {
                            path: format!("{}.{name}", p.path),
                            aspect: Aspect::Member,
                            a: "present".to_owned(),
                            b: "absent".to_owned(),
                        }),
                    }
                }
                for name in mb.keys().filter(|n| !ma.contains_key(*n)) {
                    out.push(Difference {
                        path: format!("{}.{name}", p.path),
                        aspect: Aspect::Member,
                        a: "absent".to_owned(),
                        b: "present".to_owned(),
                    });
                }
            }
            _ => {}
        }
    }
}

fn norm_length(l: Option<LengthDef>) -> Option<(Option<u64>, Option<u64>)> {
    let l = l?;
    let min = l.min.filter(|m| *m > 0);
    (min.is_some() || l.max.is_some()).then_some((min, l.max))
}

fn say_length(l: Option<LengthDef>) -> String {
    match norm_length(l) {
        None => "none".to_owned(),
        Some((Some(a), Some(b))) => format!("min {a}, max {b}"),
        Some((Some(a), None)) => format!("min {a}"),
        Some((None, Some(b))) => format!("max {b}"),
        Some((None, None)) => "none".to_owned(),
    }
}

fn same_range(a: Option<&RangeDef>, b: Option<&RangeDef>) -> bool {
    let bound = |t: Option<&String>| t.and_then(|t| Decimal::parse(t));
    let parts = |r: Option<&RangeDef>| {
        r.map_or((None, None), |r| (bound(r.min.as_ref()), bound(r.max.as_ref())))
    };
    parts(a) == parts(b)
}

fn say_range(r: Option<&RangeDef>) -> String {
    let Some(r) = r else { return "none".to_owned() };
    match (&r.min, &r.max) {
        (Some(a), Some(b)) => format!("min {a}, max {b}"),
        (Some(a), None) => format!("min {a}"),
        (None, Some(b)) => format!("max {b}"),
        (None, None) => "none".to_owned(),
    }
}

/// A pattern reduced to a form in which equal text means equal meaning (see the module docs).
fn canonical_pattern(regex: &str, rule: MatchRule) -> (String, MatchRule) {
    if has_top_level_alternation(regex) {
        // `(^a$)|(^b$)` searched is `(^a$)|(^b$)` matched whole: every branch is anchored.
        let rule = if all_alternatives_anchored(regex) { MatchRule::WholeValue } else { rule };
        return (regex.to_owned(), rule);
    }
    let starts = regex.starts_with('^');
    let ends = ends_with_anchor(regex);
    let strip = |s: bool, e: bool| {
        let mut r = regex;
        if s {
            r = r.get(1..).unwrap_or("");
        }
        if e {
            r = r.get(..r.len().saturating_sub(1)).unwrap_or("");
        }
        r.to_owned()
    };
    match rule {
        MatchRule::WholeValue => (strip(starts, ends), MatchRule::WholeValue),
        MatchRule::Search if starts && ends => (strip(true, true), MatchRule::WholeValue),
        MatchRule::Search => (regex.to_owned(), MatchRule::Search),
    }
}

/// Whether the regex ends with an unescaped `$`.
fn ends_with_anchor(regex: &str) -> bool {
    let Some(body) = regex.strip_suffix('$') else { return false };
    let backslashes = body.chars().rev().take_while(|c| *c == '\\').count();
    backslashes % 2 == 0
}

/// Whether every top-level branch of the regex is anchored at both ends (`^a$|(^b$)`).
fn all_alternatives_anchored(regex: &str) -> bool {
    top_level_branches(regex).iter().all(|b| {
        let mut b = *b;
        while let Some(inner) = b.strip_prefix('(').and_then(|x| x.strip_suffix(')')) {
            // Only a group that spans the whole branch: `(a)(b)` is not one group.
            if top_level_branches(inner).len() != 1 || !balanced(inner) {
                break;
            }
            b = inner.strip_prefix("?:").unwrap_or(inner);
        }
        b.starts_with('^') && ends_with_anchor(b)
    })
}

/// Whether the parentheses of a regex fragment balance (outside classes and escapes).
fn balanced(regex: &str) -> bool {
    let mut depth = 0i64;
    let mut classes = 0usize;
    let mut chars = regex.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '[' => classes += 1,
            ']' if classes > 0 => classes -= 1,
            '(' if classes == 0 => depth += 1,
            ')' if classes == 0 => {
                depth -= 1;
                if depth < 0 {
                    return false;
                }
            }
            _ => {}
        }
    }
    depth == 0
}

/// The regex split at its top-level `|`s.
fn top_level_branches(regex: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut groups, mut classes, mut start) = (0usize, 0usize, 0usize);
    let mut iter = regex.char_indices();
    while let Some((i, c)) = iter.next() {
        match c {
            '\\' => {
                iter.next();
            }
            '[' => classes += 1,
            ']' if classes > 0 => classes -= 1,
            '(' if classes == 0 => groups += 1,
            ')' if classes == 0 => groups = groups.saturating_sub(1),
            '|' if classes == 0 && groups == 0 => {
                out.push(regex.get(start..i).unwrap_or(""));
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(regex.get(start..).unwrap_or(""));
    out
}

/// Whether the regex has a `|` outside every group and class.
fn has_top_level_alternation(regex: &str) -> bool {
    top_level_branches(regex).len() > 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_and_rules() {
        let w = MatchRule::WholeValue;
        let s = MatchRule::Search;
        assert_eq!(canonical_pattern("^[a-z]+$", s), canonical_pattern("[a-z]+", w));
        assert_eq!(canonical_pattern("^[a-z]+$", w), canonical_pattern("[a-z]+", w));
        assert_ne!(canonical_pattern("[a-z]+", s), canonical_pattern("[a-z]+", w));
        // A top-level alternation keeps its anchors: `^a|b$` is not `a|b`.
        assert_ne!(canonical_pattern("^a|b$", s), canonical_pattern("a|b", w));
        assert!(has_top_level_alternation("a|b"));
        assert!(!has_top_level_alternation("(a|b)"));
        assert!(!has_top_level_alternation("[|]"));
        assert!(!has_top_level_alternation("a\\|b"));
        assert!(!ends_with_anchor("a\\$"));
        assert!(ends_with_anchor("a\\\\$"));
        assert_eq!(canonical_pattern("(^a$)|(^b$)", s), canonical_pattern("(^a$)|(^b$)", w));
        assert_eq!(canonical_pattern("^a$|^b$", s), canonical_pattern("^a$|^b$", w));
        assert_ne!(canonical_pattern("(^a$)|b", s), canonical_pattern("(^a$)|b", w));
        assert_ne!(canonical_pattern("(^a)(b$)|^c$", s), canonical_pattern("(^a)(b$)|^c$", w));
    }

    #[test]
    fn length_min_zero_is_no_minimum() {
        assert_eq!(
            norm_length(Some(LengthDef { min: Some(0), max: Some(5) })),
            norm_length(Some(LengthDef { min: None, max: Some(5) }))
        );
        assert_eq!(norm_length(Some(LengthDef { min: Some(0), max: None })), None);
    }
}
