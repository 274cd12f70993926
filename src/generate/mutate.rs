//! Invalid values: a valid value with exactly one recorded mutation.
//!
//! Each node lists the mutations it allows locally (found when the model is built: a mutation
//! is listed only if a value that breaks that constraint alone exists, e.g. a too-short string
//! that still matches the pattern). Generation walks down from the root choosing, at each level,
//! between the node's own mutations and descending into a child that has some; everything off
//! that path is generated valid. The result breaks exactly one constraint, at the recorded path.

use std::collections::HashSet;

use serde_json::{Map, Value, json};

use crate::compile::ir::Kind;
use crate::path::PathSegment;
use crate::spec::TimestampFormat;
use crate::violation::Constraint;

use super::bounds::{MAX_ITEMS, MAX_LENGTH, MAX_PAYLOAD, json_size};
use super::bounds::{bounds, int_bounds};
use super::model::{DEPTH, Model, settle};
use super::mutation::{Mutation, Repl};
use super::rand::Rand;
use super::string::SLACK;
use super::value::blob;

/// Where to go next while looking for the value to break.
#[derive(Clone, Copy, Debug)]
enum Step {
    Local(usize),
    Member(usize),
    Item,
    Value,
}

impl Model {
    /// Lists every node's local mutations, and how far each node is from one.
    /// `only`: keep only the mutations that break this constraint.
    pub(crate) fn analyse_mutations(&mut self, seed: u64, only: Option<Constraint>) {
        let mut r = Rand::new(seed ^ 0xBAD);
        let (mut muts, skipped): (Vec<Vec<Mutation>>, Vec<_>) =
            (0..self.nodes.len()).map(|id| self.local(id, &mut r)).unzip();
        if let Some(c) = only {
            for ms in &mut muts {
                ms.retain(|m| m.constraint() == c);
            }
        }
        self.muts = muts;
        self.skipped = skipped;
        settle(self.nodes.len(), |id| {
            let h = self.mut_height_of(id);
            self.mut_height.get_mut(id).is_some_and(|slot| std::mem::replace(slot, h) != h)
        });
    }

    fn mh(&self, id: usize) -> Option<u32> {
        self.mut_height.get(id).copied().flatten()
    }

    fn mut_height_of(&self, id: usize) -> Option<u32> {
        self.height_at(id)?;
        if self.muts.get(id).is_some_and(|m| !m.is_empty()) {
            return Some(0);
        }
        self.steps(id).into_iter().filter_map(|s| self.step_height(id, s)).min()
    }

    /// The descents possible from `id` (not its local mutations).
    fn steps(&self, id: usize) -> Vec<Step> {
        let Some(node) = self.nodes.get(id) else { return Vec::new() };
        let (_, hi) = bounds(node.length.as_ref());
        match &node.kind {
            Kind::Structure(s) | Kind::Union(s) => {
                (0..self.structs.get(*s).map_or(0, Vec::len)).map(Step::Member).collect()
            }
            Kind::List { .. } if hi != Some(0) => vec![Step::Item],
            Kind::Map { .. } if hi != Some(0) => vec![Step::Value],
            _ => Vec::new(),
        }
    }

    /// Whether `step` from node `id`, at depth `d` of the aimed path, stays on it and can still
    /// reach a mutation on it.
    fn step_on_aim(&self, id: usize, step: Step, d: usize) -> bool {
        let (Some(node), Some(seg)) = (self.nodes.get(id), self.seg(d)) else { return false };
        let child = match (step, &node.kind) {
            (Step::Member(i), Kind::Structure(s) | Kind::Union(s)) => {
                match self.structs.get(*s).and_then(|ms| ms.get(i)) {
                    Some(m) if Self::seg_member(seg, &m.name) => m.node,
                    _ => return false,
                }
            }
            (Step::Item, Kind::List { item, .. }) if self.seg_index(id, seg).is_some() => *item,
            (Step::Value, Kind::Map { key, value, .. }) if self.seg_key(*key, seg).is_some() => {
                *value
            }
            _ => return false,
        };
        self.reaches(child, d + 1)
    }

    /// The list index the aimed path forces at depth `d`, if any.
    fn forced_index(&self, id: usize, d: usize) -> Option<u64> {
        self.seg(d).and_then(|seg| self.seg_index(id, seg)).flatten()
    }

    /// The map key the aimed path forces at depth `d`, if any.
    fn forced_key(&self, key: usize, d: usize) -> Option<String> {
        self.seg(d).and_then(|seg| self.seg_key(key, seg)).flatten()
    }

    fn step_height(&self, id: usize, step: Step) -> Option<u32> {
        let node = self.nodes.get(id)?;
        let child = match (step, &node.kind) {
            (Step::Local(_), _) => return Some(0),
            (Step::Member(i), Kind::Structure(s) | Kind::Union(s)) => {
                self.structs.get(*s)?.get(i)?.node
            }
            (Step::Item, Kind::List { item, .. }) => *item,
            (Step::Value, Kind::Map { value, key, .. }) => {
                self.height_at(*key)?;
                *value
            }
            _ => return None,
        };
        self.mh(child).map(|h| h + 1)
    }

    /// Why a value of node `id` breaking `repl` is not built: its size would be beyond the
    /// budget (a length above a maximum of [`MAX_LENGTH`] characters or bytes or more, of
    /// [`MAX_ITEMS`] items or entries or more). `None`: it is within the budget.
    fn beyond_budget(&self, id: usize, repl: Repl) -> Option<String> {
        let node = self.nodes.get(id)?;
        let (_, hi) = bounds(node.length.as_ref());
        let max = hi?;
        if repl != Repl::LengthAbove {
            return None;
        }
        let (limit, unit) = match node.kind {
            Kind::String | Kind::Enum(_) => (MAX_LENGTH, "characters"),
            Kind::Blob => (MAX_LENGTH, "bytes"),
            Kind::List { .. } => (MAX_ITEMS, "items"),
            Kind::Map { .. } => (MAX_ITEMS, "entries"),
            _ => return None,
        };
        (max >= limit).then(|| {
            format!(
                "a length above the maximum of {max} {unit}: beyond the size budget of {limit} {unit}"
            )
        })
    }

    /// The mutations node `id` allows by itself, each checked to be possible, and those skipped
    /// (with the reason) because they cannot be built within the size budget.
    fn local(&self, id: usize, r: &mut Rand) -> (Vec<Mutation>, Vec<(Constraint, String)>) {
        let mut out = Vec::new();
        let mut skipped = Vec::new();
        let Some(node) = self.nodes.get(id) else { return (out, skipped) };
        if self.height_at(id).is_none() {
            return (out, skipped);
        }
        let (lo, hi) = bounds(node.length.as_ref());
        let repls: &[Repl] = match &node.kind {
            Kind::Document => &[],
            Kind::String | Kind::Enum(_) => {
                &[Repl::Type, Repl::LengthBelow, Repl::LengthAbove, Repl::Pattern, Repl::Enum]
            }
            Kind::Blob => &[Repl::Type, Repl::Format, Repl::LengthBelow, Repl::LengthAbove],
            Kind::Timestamp(_) => &[Repl::Type, Repl::Format],
            Kind::Int(_) | Kind::BigInteger | Kind::Float | Kind::Double | Kind::BigDecimal => {
                &[Repl::Type, Repl::RangeBelow, Repl::RangeAbove]
            }
            Kind::IntEnum(_) => &[Repl::Type, Repl::Enum],
            Kind::List { .. } | Kind::Map { .. } => {
                &[Repl::Type, Repl::LengthBelow, Repl::LengthAbove]
            }
            _ => &[Repl::Type],
        };
        for &repl in repls {
            if let Some(why) = self.beyond_budget(id, repl) {
                skipped.push((repl.constraint(), why));
                continue;
            }
            if let Some(w) = self.replacement(id, repl, r) {
                if matches!(node.kind, Kind::List { .. } | Kind::Map { .. })
                    && json_size(&w) > MAX_PAYLOAD / 2
                {
                    let why = format!(
                        "a {} of length {}: larger than half the payload budget of {MAX_PAYLOAD} bytes",
                        if matches!(node.kind, Kind::Map { .. }) { "map" } else { "list" },
                        match &w {
                            Value::Array(a) => a.len(),
                            Value::Object(o) => o.len(),
                            _ => 0,
                        }
                    );
                    skipped.push((repl.constraint(), why));
                    continue;
                }
                out.push(Mutation::Replace(repl, Some(w)));
            }
        }
        match &node.kind {
            Kind::Structure(s) => {
                for (i, m) in self.structs.get(*s).into_iter().flatten().enumerate() {
                    if m.required {
                        out.push(Mutation::Missing(i));
                    }
                }
            }
            Kind::Union(s) => {
                out.push(Mutation::UnionNone);
                let live = (0..self.structs.get(*s).map_or(0, Vec::len))
                    .filter(|&i| self.member_height(*s, i).is_some())
                    .count();
                if live >= 2 {
                    out.push(Mutation::UnionTwo);
                }
            }
            Kind::List { item, unique, sparse } => {
                let item_ok = self.height_at(*item).is_some();
                if *unique && item_ok && hi.is_none_or(|h| h >= 2) {
                    out.push(Mutation::Duplicate);
                }
                if !*sparse && hi != Some(0) && (item_ok || lo <= 1) {
                    out.push(Mutation::SparseItem);
                }
            }
            Kind::Map { key, sparse, .. } => {
                if !*sparse && hi != Some(0) {
                    out.push(Mutation::SparseValue);
                }
                for repl in [Repl::LengthBelow, Repl::LengthAbove, Repl::Pattern, Repl::Enum] {
                    if let Some(why) = self.beyond_budget(*key, repl) {
                        skipped.push((repl.constraint(), format!("a map key with {why}")));
                        continue;
                    }
                    if let Some(Value::String(k)) = self.replacement(*key, repl, r) {
                        out.push(Mutation::Key(repl, Some(k)));
                    }
                }
            }
            _ => {}
        }
        (out, skipped)
    }

    /// A value for node `id` that breaks exactly the constraint `repl` names, or `None`.
    fn replacement(&self, id: usize, repl: Repl, r: &mut Rand) -> Option<Value> {
        let node = self.nodes.get(id)?;
        let (lo, hi) = bounds(node.length.as_ref());
        let kind = &node.kind;
        match repl {
            Repl::Type => {
                let options: Vec<Value> = match kind {
                    Kind::String | Kind::Enum(_) | Kind::Blob => {
                        vec![json!(true), json!(42), json!([]), json!({})]
                    }
                    Kind::Boolean => vec![json!("true"), json!(1), json!([])],
                    Kind::Int(w) => {
                        let (_, max) = w.bounds();
                        let over = if max == i64::MAX { json!(u64::MAX) } else { json!(max + 1) };
                        vec![json!(true), json!("12"), json!(1.5), over]
                    }
                    Kind::BigInteger => vec![json!(true), json!("12"), json!(1.5)],
                    Kind::IntEnum(_) => vec![json!(true), json!("1"), json!(1.5)],
                    Kind::Float | Kind::Double => vec![json!(true), json!("12"), json!({})],
                    Kind::BigDecimal => vec![json!(true), json!("NaN"), json!([])],
                    Kind::Timestamp(_) => vec![json!(true), json!([]), json!({})],
                    Kind::List { .. } => vec![json!("x"), json!({}), json!(1)],
                    Kind::Map { .. } | Kind::Structure(_) | Kind::Union(_) => {
                        vec![json!([]), json!("x"), json!(1)]
                    }
                    Kind::Document => Vec::new(),
                };
                r.pick(&options).cloned()
            }
            Repl::Format => match kind {
                Kind::Blob => Some(json!(["!!!!", "abc", "YQ=", "Y Q=="][r.index(4)])),
                Kind::Timestamp(f) => Some(match f.unwrap_or(TimestampFormat::EpochSeconds) {
                    TimestampFormat::EpochSeconds => {
                        [json!("2020-01-01T00:00:00Z"), json!("soon"), json!(1e15)][r.index(3)]
                            .clone()
                    }
                    TimestampFormat::DateTime => [
                        json!(1_577_836_800),
                        json!("2020-01-01"),
                        json!("Wed, 01 Jan 2020 00:00:00 GMT"),
                    ][r.index(3)]
                    .clone(),
                    TimestampFormat::HttpDate => {
                        [json!("2020-01-01T00:00:00Z"), json!(1_577_836_800)][r.index(2)].clone()
                    }
                }),
                _ => None,
            },
            Repl::LengthBelow | Repl::LengthAbove => {
                let (a, b) = if repl == Repl::LengthBelow {
                    if lo == 0 {
                        return None;
                    }
                    (0, lo - 1)
                } else {
                    let h = hi?;
                    (h.checked_add(1)?, h.saturating_add(1 + SLACK / 8))
                };
                let n = r.range(a, b);
                match kind {
                    Kind::String => node.strings.matching(a, Some(b), r).map(Value::String),
                    Kind::Blob => Some(Value::String(blob(n, r))),
                    Kind::List { item, unique, .. } => {
                        let n = if repl == Repl::LengthBelow { lo - 1 } else { a };
                        let mut seen = HashSet::new();
                        let items: Option<Vec<Value>> = (0..n)
                            .map(|_| self.distinct(*item, DEPTH, *unique, &mut seen, r))
                            .collect();
                        items.map(Value::Array)
                    }
                    Kind::Map { key, value, .. } => {
                        let n = if repl == Repl::LengthBelow { lo - 1 } else { a };
                        let mut keys = HashSet::new();
                        let mut o = Map::new();
                        for _ in 0..n {
                            let k = self.distinct_key(*key, &mut keys, r)?;
                            o.insert(k, self.valid(*value, DEPTH, r)?);
                        }
                        Some(Value::Object(o))
                    }
                    _ => None,
                }
            }
            Repl::Pattern => match kind {
                Kind::String if node.strings.has_pattern() => {
                    node.strings.not_matching(lo, hi, r).map(Value::String)
                }
                _ => None,
            },
            Repl::Enum => match kind {
                Kind::Enum(set) => {
                    for _ in 0..16 {
                        let s = node.strings.matching(lo, hi, r)?;
                        if !set.contains(&s) {
                            return Some(Value::String(s));
                        }
                    }
                    ["NOT_A_VALUE", "invalid", "x", "UNKNOWN_ENUM_VALUE_X"]
                        .into_iter()
                        .find(|s| !set.contains(s) && node.strings.accepts(s, lo, hi))
                        .map(Value::from)
                }
                Kind::IntEnum(_) => {
                    let max = node.ints.iter().max().copied().unwrap_or(0);
                    let min = node.ints.iter().min().copied().unwrap_or(0);
                    let candidates = [max.checked_add(1), min.checked_sub(1)];
                    candidates
                        .into_iter()
                        .flatten()
                        .find(|v| {
                            i32::try_from(*v).is_ok()
                                && int_bounds(kind, node.range.as_ref())
                                    .is_some_and(|(a, b)| (a..=b).contains(&i128::from(*v)))
                        })
                        .map(Value::from)
                }
                _ => None,
            },
            Repl::RangeBelow | Repl::RangeAbove => {
                let range = node.range.as_ref()?;
                let v: i128 = if repl == Repl::RangeBelow {
                    range.min.as_ref()?.ceil
                        - 1
                        - i128::from(r.chance(1, 4)) * i128::from(r.below(100))
                } else {
                    range.max.as_ref()?.floor
                        + 1
                        + i128::from(r.chance(1, 4)) * i128::from(r.below(100))
                };
                let fits = match kind {
                    Kind::Int(w) => {
                        let (a, b) = w.bounds();
                        (i128::from(a)..=i128::from(b)).contains(&v)
                    }
                    Kind::Float => {
                        #[allow(clippy::cast_precision_loss)]
                        let f = v as f64;
                        f.abs() <= f64::from(f32::MAX)
                    }
                    _ => true,
                };
                if !fits {
                    return None;
                }
                i64::try_from(v).ok().map(Value::from)
            }
        }
    }

    /// An invalid value for the root and what it breaks.
    pub(crate) fn invalid_root(&self, seed: u64) -> Option<(Value, Constraint, String)> {
        let mut r = Rand::new(seed);
        for _ in 0..32 {
            r.refill();
            let mut path = Vec::new();
            if let Some((v, c, p)) = self.invalid(self.root, 0, &mut r, &mut path)
                && json_size(&v) <= MAX_PAYLOAD
                && self.on_aim(&p)
            {
                return Some((v, c, p));
            }
        }
        None
    }

    fn invalid(
        &self,
        id: usize,
        depth: u32,
        r: &mut Rand,
        path: &mut Vec<PathSegment>,
    ) -> Option<(Value, Constraint, String)> {
        let node = self.nodes.get(id)?;
        let locals = self.muts.get(id).map_or(&[][..], Vec::as_slice);
        let d = path.len();
        let mut options: Vec<(Step, u32)> = locals
            .iter()
            .enumerate()
            .filter(|(_, m)| self.local_on_aim(id, m, d))
            .map(|(i, _)| (Step::Local(i), 0))
            .collect();
        for s in self.steps(id) {
            if self.aim.is_some() && !self.step_on_aim(id, s, d) {
                continue;
            }
            if let Some(h) = self.step_height(id, s) {
                options.push((s, h));
            }
        }
        if depth >= DEPTH && self.aim.is_none() {
            let best = options.iter().map(|o| o.1).min()?;
            options.retain(|o| o.1 == best);
        }
        // Wrong JSON types are always possible; weigh them down so the other constraints show.
        let weight = |step: &Step| match step {
            Step::Local(i) => match self.muts.get(id).and_then(|m| m.get(*i)) {
                Some(Mutation::Replace(Repl::Type, _)) => 1,
                _ => 4,
            },
            _ => 4,
        };
        let total: u64 = options.iter().map(|(s, _)| weight(s)).sum();
        let mut ticket = r.below(total);
        let mut chosen = options.first()?.0;
        for (s, _) in &options {
            let w = weight(s);
            if ticket < w {
                chosen = *s;
                break;
            }
            ticket -= w;
        }
        let step = chosen;
        let (lo, hi) = bounds(node.length.as_ref());
        match step {
            Step::Local(i) => self.apply(id, self.muts.get(id)?.get(i)?, depth, r, path),
            Step::Member(i) => {
                let (s, union) = match &node.kind {
                    Kind::Structure(s) => (*s, false),
                    Kind::Union(s) => (*s, true),
                    _ => return None,
                };
                let m = self.structs.get(s)?.get(i)?;
                let mut o = if union { Map::new() } else { self.members(s, Some(i), depth, r)? };
                path.push(PathSegment::Member(m.name.clone()));
                let (v, c, p) = self.invalid(m.node, depth + 1, r, path)?;
                path.pop();
                o.insert(m.name.to_string(), v);
                // Keep the declared member order.
                let mut ordered = Map::new();
                for member in self.structs.get(s)? {
                    if let Some(v) = o.remove(&*member.name) {
                        ordered.insert(member.name.to_string(), v);
                    }
                }
                Some((Value::Object(ordered), c, p))
            }
            Step::Item => {
                let Kind::List { item, unique, .. } = &node.kind else { return None };
                let forced = self.forced_index(id, path.len());
                let least = lo.max(1).max(forced.map_or(0, |k| k + 1));
                let n = self.count(least, hi, depth >= DEPTH, r);
                let j = match forced {
                    Some(k) => usize::try_from(k).ok()?,
                    None => r.index(usize::try_from(n).ok()?),
                };
                let mut seen = HashSet::new();
                let mut items = Vec::new();
                for k in 0..usize::try_from(n).ok()? {
                    if k == j {
                        path.push(PathSegment::Index(k));
                        let bad = self.invalid(*item, depth + 1, r, path);
                        path.pop();
                        let (v, c, p) = bad?;
                        items.push(v);
                        let intended = (c, p);
                        // The rest are filled in below.
                        for _ in k + 1..usize::try_from(n).ok()? {
                            items.push(self.distinct(*item, depth + 1, *unique, &mut seen, r)?);
                        }
                        return Some((Value::Array(items), intended.0, intended.1));
                    }
                    items.push(self.distinct(*item, depth + 1, *unique, &mut seen, r)?);
                }
                None
            }
            Step::Value => {
                let Kind::Map { key, value, .. } = &node.kind else { return None };
                let n = self.count(lo.max(1), hi, depth >= DEPTH, r);
                let forced = self.forced_key(*key, path.len());
                let mut keys: HashSet<String> = forced.iter().cloned().collect();
                let mut o = Map::new();
                let j = r.below(n);
                let mut intended = None;
                for k in 0..n {
                    let key = match &forced {
                        Some(f) if k == j => f.clone(),
                        _ => self.distinct_key(*key, &mut keys, r)?,
                    };
                    if k == j {
                        path.push(PathSegment::Key(key.clone()));
                        let bad = self.invalid(*value, depth + 1, r, path);
                        path.pop();
                        let (v, c, p) = bad?;
                        intended = Some((c, p));
                        o.insert(key, v);
                    } else {
                        o.insert(key, self.valid(*value, depth + 1, r)?);
                    }
                }
                let (c, p) = intended?;
                Some((Value::Object(o), c, p))
            }
        }
    }

    /// Applies a local mutation of node `id`, whose path is `path`.
    fn apply(
        &self,
        id: usize,
        m: &Mutation,
        depth: u32,
        r: &mut Rand,
        path: &mut Vec<PathSegment>,
    ) -> Option<(Value, Constraint, String)> {
        let node = self.nodes.get(id)?;
        let (lo, hi) = bounds(node.length.as_ref());
        let here = crate::path::pointer(path);
        let c = m.constraint();
        let small = depth >= DEPTH;
        match m {
            Mutation::Replace(repl, witness) => {
                let fresh = if r.chance(7, 8) { self.replacement(id, *repl, r) } else { None };
                Some((fresh.or_else(|| witness.clone())?, c, here))
            }
            Mutation::Missing(i) => {
                let Kind::Structure(s) = &node.kind else { return None };
                let mut o = self.members(*s, Some(*i), depth, r)?;
                let name = self.structs.get(*s)?.get(*i)?.name.clone();
                if r.chance(1, 4) {
                    o.insert(name.to_string(), Value::Null);
                }
                path.push(PathSegment::Member(name));
                let p = crate::path::pointer(path);
                path.pop();
                Some((Value::Object(o), c, p))
            }
            Mutation::UnionNone => Some((json!({}), c, here)),
            Mutation::UnionTwo => {
                let Kind::Union(s) = &node.kind else { return None };
                let members = self.structs.get(*s)?;
                let live: Vec<usize> =
                    (0..members.len()).filter(|&i| self.member_height(*s, i).is_some()).collect();
                let a = r.index(live.len());
                let b = (a + 1 + r.index(live.len() - 1)) % live.len();
                let mut o = Map::new();
                for (i, m) in members.iter().enumerate() {
                    if Some(&i) == live.get(a) || Some(&i) == live.get(b) {
                        o.insert(m.name.to_string(), self.valid(m.node, depth + 1, r)?);
                    }
                }
                Some((Value::Object(o), c, here))
            }
            Mutation::Duplicate => {
                let Kind::List { item, .. } = &node.kind else { return None };
                let n = self.count(lo.max(2), hi, small, r);
                let mut seen = HashSet::new();
                let mut items = Vec::new();
                for _ in 0..n - 1 {
                    items.push(self.distinct(*item, depth + 1, true, &mut seen, r)?);
                }
                let copy = items.get(r.index(items.len()))?.clone();
                let at = r.index(items.len() + 1);
                items.insert(at, copy);
                Some((Value::Array(items), c, here))
            }
            Mutation::SparseItem => {
                let Kind::List { item, unique, .. } = &node.kind else { return None };
                let forced = self.forced_index(id, path.len());
                let n = self.count(lo.max(1).max(forced.map_or(0, |k| k + 1)), hi, small, r);
                let j = match forced {
                    Some(k) => k,
                    None => r.below(n),
                };
                let mut seen = HashSet::new();
                let mut items = Vec::new();
                for k in 0..n {
                    if k == j {
                        items.push(Value::Null);
                    } else {
                        items.push(self.distinct(*item, depth + 1, *unique, &mut seen, r)?);
                    }
                }
                path.push(PathSegment::Index(usize::try_from(j).ok()?));
                let p = crate::path::pointer(path);
                path.pop();
                Some((Value::Array(items), c, p))
            }
            Mutation::SparseValue => {
                let Kind::Map { key, value, .. } = &node.kind else { return None };
                let n = self.count(lo.max(1), hi, small, r);
                let j = r.below(n);
                let forced = self.forced_key(*key, path.len());
                let mut keys: HashSet<String> = forced.iter().cloned().collect();
                let mut o = Map::new();
                let mut p = None;
                for k in 0..n {
                    let name = match &forced {
                        Some(f) if k == j => f.clone(),
                        _ => self.distinct_key(*key, &mut keys, r)?,
                    };
                    if k == j {
                        path.push(PathSegment::Key(name.clone()));
                        p = Some(crate::path::pointer(path));
                        path.pop();
                        o.insert(name, Value::Null);
                    } else {
                        o.insert(name, self.valid(*value, depth + 1, r)?);
                    }
                }
                Some((Value::Object(o), c, p?))
            }
            Mutation::Key(repl, witness) => {
                let Kind::Map { key, value, .. } = &node.kind else { return None };
                let fresh = match self.replacement(*key, *repl, r) {
                    Some(Value::String(s)) if r.chance(7, 8) => Some(s),
                    _ => None,
                };
                let bad = fresh.or_else(|| witness.clone())?;
                let n = self.count(lo.max(1), hi, small, r);
                let mut keys = HashSet::from([bad.clone()]);
                let mut o = Map::new();
                let j = r.below(n);
                for k in 0..n {
                    let name =
                        if k == j { bad.clone() } else { self.distinct_key(*key, &mut keys, r)? };
                    o.insert(name, self.valid(*value, depth + 1, r)?);
                }
                Some((Value::Object(o), c, here))
            }
        }
    }
}
