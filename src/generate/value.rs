//! Valid values, by construction, for every kind of node.

use std::collections::HashSet;

use base64::Engine as _;
use serde_json::{Map, Number, Value};

use crate::compile::ir::Kind;
use crate::decimal::Decimal;
use crate::spec::TimestampFormat;

use super::bounds::{bounds, f64_in_range, int_bounds};
use super::model::{DEPTH, Model};
use super::rand::Rand;

/// Extra items or entries past a collection's minimum, at most.
const EXTRA_ITEMS: u64 = 3;
/// Extra bytes past a blob's minimum, at most.
const EXTRA_BYTES: u64 = 16;
/// Attempts at a distinct list item or map key.
const DISTINCT_TRIES: usize = 24;

/// Latest instant generated: 2100-01-01T00:00:00Z.
const LATEST: u64 = 4_102_444_800;

impl Model {
    /// A valid value for node `id` at nesting `depth`; `None` in the rare case a collection cannot
    /// be filled with distinct items or keys.
    pub(crate) fn valid(&self, id: usize, depth: u32, r: &mut Rand) -> Option<Value> {
        let node = self.nodes.get(id)?;
        let small = depth >= DEPTH || r.spent();
        let (lo, hi) = bounds(node.length.as_ref());
        // Scalars count a few bytes against the budget; strings and blobs their length.
        r.spend(8);
        Some(match &node.kind {
            Kind::String => {
                let fresh = if !small && r.chance(15, 16) {
                    node.strings.matching(lo, hi, r)
                } else {
                    None
                };
                let fresh = fresh.or_else(|| {
                    // Past the budget, the shortest fresh string the pattern gives.
                    let short = lo.saturating_add(8);
                    if small {
                        node.strings.matching(lo, Some(hi.map_or(short, |h| h.min(short))), r)
                    } else {
                        None
                    }
                });
                let s = fresh.or_else(|| node.witness.clone())?;
                r.spend(s.len() as u64);
                Value::String(s)
            }
            Kind::Enum(_) => Value::String(r.pick(&node.values)?.clone()),
            Kind::IntEnum(_) => Value::from(*r.pick(&node.ints)?),
            Kind::Blob => {
                let n = if small {
                    lo
                } else {
                    r.range(lo, hi.unwrap_or(u64::MAX).min(lo.saturating_add(EXTRA_BYTES)))
                };
                r.spend(n.saturating_mul(4) / 3);
                Value::String(blob(n, r))
            }
            Kind::Boolean => Value::Bool(r.chance(1, 2)),
            Kind::Int(_) | Kind::BigInteger => {
                let (a, b) = int_bounds(&node.kind, node.range.as_ref())?;
                Value::from(i64::try_from(integer(a, b, r)).ok()?)
            }
            Kind::Float | Kind::Double | Kind::BigDecimal => self.float(id, r)?,
            Kind::Timestamp(format) => {
                timestamp(format.unwrap_or(TimestampFormat::EpochSeconds), r)
            }
            Kind::Document => document(r),
            Kind::List { item, unique, sparse } => {
                let n = self.count(lo, hi, small, r);
                let mut items = Vec::new();
                let mut seen = HashSet::new();
                for _ in 0..n {
                    if *sparse && !small && r.chance(1, 8) && !*unique {
                        items.push(Value::Null);
                        continue;
                    }
                    items.push(self.distinct(*item, depth + 1, *unique, &mut seen, r)?);
                }
                Value::Array(items)
            }
            Kind::Map { key, value, sparse } => {
                let n = self.count(lo, hi, small, r);
                let mut entries = Map::new();
                let mut keys = HashSet::new();
                for _ in 0..n {
                    let k = self.distinct_key(*key, &mut keys, r)?;
                    let v = if *sparse && !small && r.chance(1, 8) {
                        Value::Null
                    } else {
                        self.valid(*value, depth + 1, r)?
                    };
                    entries.insert(k, v);
                }
                Value::Object(entries)
            }
            Kind::Structure(s) => Value::Object(self.members(*s, None, depth, r)?),
            Kind::Union(s) => {
                let members = self.structs.get(*s)?;
                let live: Vec<usize> =
                    (0..members.len()).filter(|&i| self.member_height(*s, i).is_some()).collect();
                let pick = if small {
                    live.iter().copied().min_by_key(|&i| self.member_height(*s, i))
                } else {
                    r.pick(&live).copied()
                }?;
                let m = members.get(pick)?;
                let mut o = Map::new();
                o.insert(m.name.to_string(), self.valid(m.node, depth + 1, r)?);
                Value::Object(o)
            }
        })
    }

    pub(crate) fn member_height(&self, s: usize, i: usize) -> Option<u32> {
        let m = self.structs.get(s)?.get(i)?;
        self.height_at(m.node)
    }

    /// A collection size: the minimum when small, else a few more, within the maximum.
    pub(crate) fn count(&self, lo: u64, hi: Option<u64>, small: bool, r: &mut Rand) -> u64 {
        if small {
            lo
        } else {
            r.range(lo, hi.unwrap_or(u64::MAX).min(lo.saturating_add(EXTRA_ITEMS)))
        }
    }

    /// A structure's members: required ones always, optional ones sometimes (never when deep).
    /// `skip` leaves one member out (the caller sets it).
    pub(crate) fn members(
        &self,
        s: usize,
        skip: Option<usize>,
        depth: u32,
        r: &mut Rand,
    ) -> Option<Map<String, Value>> {
        let mut o = Map::new();
        for (i, m) in self.structs.get(s)?.iter().enumerate() {
            if Some(i) == skip {
                continue;
            }
            let small = depth >= DEPTH || r.spent();
            let include =
                m.required || (!small && self.height_at(m.node).is_some() && r.chance(1, 2));
            if include {
                r.spend(m.name.len() as u64);
                o.insert(m.name.to_string(), self.valid(m.node, depth + 1, r)?);
            } else if !small && r.chance(1, 64) {
                // An explicit null for an optional member means absent.
                o.insert(m.name.to_string(), Value::Null);
            }
        }
        Some(o)
    }

    /// A valid item, distinct (by Smithy value equality) from those in `seen` when `unique`.
    pub(crate) fn distinct(
        &self,
        item: usize,
        depth: u32,
        unique: bool,
        seen: &mut HashSet<String>,
        r: &mut Rand,
    ) -> Option<Value> {
        for _ in 0..DISTINCT_TRIES {
            let v = self.valid(item, depth, r)?;
            if !unique || seen.insert(canonical(&v)) {
                return Some(v);
            }
        }
        None
    }

    /// A valid map key not already in `keys`.
    pub(crate) fn distinct_key(
        &self,
        key: usize,
        keys: &mut HashSet<String>,
        r: &mut Rand,
    ) -> Option<String> {
        for _ in 0..DISTINCT_TRIES {
            if let Some(Value::String(k)) = self.valid(key, 0, r)
                && keys.insert(k.clone())
            {
                return Some(k);
            }
        }
        None
    }

    fn float(&self, id: usize, r: &mut Rand) -> Option<Value> {
        let node = self.nodes.get(id)?;
        let range = node.range.as_ref();
        let specials = matches!(node.kind, Kind::Float | Kind::Double);
        if specials && r.chance(1, 12) {
            let no_min = range.is_none_or(|r| r.min.is_none());
            let no_max = range.is_none_or(|r| r.max.is_none());
            let options: Vec<&str> =
                [(range.is_none(), "NaN"), (no_max, "Infinity"), (no_min, "-Infinity")]
                    .into_iter()
                    .filter_map(|(ok, s)| ok.then_some(s))
                    .collect();
            if let Some(s) = r.pick(&options) {
                return Some(Value::from(*s));
            }
        }
        let lo = range.and_then(|r| r.min.as_ref()).map_or(-1_000_000, |b| b.ceil);
        let hi = range.and_then(|r| r.max.as_ref()).map_or(1_000_000, |b| b.floor);
        let lo = lo.max(-(1 << 52));
        let hi = hi.min(1 << 52);
        if lo <= hi {
            let i = integer(lo, hi, r);
            #[allow(clippy::cast_precision_loss)]
            let whole = i as f64;
            let frac = [0.0, 0.5, 0.25, 0.1, 0.75][r.index(5)];
            let v = whole + frac;
            if frac != 0.0 && f64_in_range(range, v) {
                return Number::from_f64(v).map(Value::Number);
            }
            return Some(Value::from(i64::try_from(i).ok()?));
        }
        // No integer in range: a bound itself, or the midpoint.
        let (a, b) = (
            range.and_then(|r| r.min.as_ref()).map(|b| b.f64),
            range.and_then(|r| r.max.as_ref()).map(|b| b.f64),
        );
        let candidates = [a, b, a.zip(b).map(|(x, y)| x / 2.0 + y / 2.0)];
        candidates
            .into_iter()
            .flatten()
            .find(|v| f64_in_range(range, *v) && Decimal::from_f64(*v).is_some())
            .and_then(Number::from_f64)
            .map(Value::Number)
    }
}

/// An integer in `lo..=hi`: often a bound or near zero, otherwise uniform.
pub(crate) fn integer(lo: i128, hi: i128, r: &mut Rand) -> i128 {
    match r.below(8) {
        0 => lo,
        1 => hi,
        2..=4 => {
            let (a, b) = (lo.max(-10), hi.min(100));
            if a <= b { r.range_i128(a, b) } else { r.range_i128(lo, hi) }
        }
        _ => r.range_i128(lo, hi),
    }
}

/// `n` random bytes, base64-encoded (standard alphabet, padded).
pub(crate) fn blob(n: u64, r: &mut Rand) -> String {
    let bytes: Vec<u8> = (0..n).map(|_| r.next().to_le_bytes()[0]).collect();
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// A timestamp in its wire format.
pub(crate) fn timestamp(format: TimestampFormat, r: &mut Rand) -> Value {
    let secs = r.range(0, LATEST);
    let millis = if r.chance(1, 4) { r.below(1000) } else { 0 };
    match format {
        TimestampFormat::EpochSeconds => {
            if millis == 0 {
                Value::from(secs)
            } else {
                #[allow(clippy::cast_precision_loss)]
                let v = secs as f64 + millis as f64 / 1000.0;
                Number::from_f64(v).map_or(Value::from(secs), Value::Number)
            }
        }
        TimestampFormat::DateTime => {
            let ms = i64::try_from(secs * 1000 + millis).unwrap_or(0);
            let ts = jiff::Timestamp::from_millisecond(ms).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
            Value::String(ts.to_string())
        }
        TimestampFormat::HttpDate => {
            let ts = jiff::Timestamp::from_second(i64::try_from(secs).unwrap_or(0))
                .unwrap_or(jiff::Timestamp::UNIX_EPOCH);
            Value::String(ts.strftime("%a, %d %b %Y %H:%M:%S GMT").to_string())
        }
    }
}

fn document(r: &mut Rand) -> Value {
    match r.below(5) {
        0 => Value::from("text"),
        1 => Value::from(r.below(1000)),
        2 => Value::Bool(true),
        3 => serde_json::json!([1, "two", {"three": 3}]),
        _ => serde_json::json!({"key": "value", "n": 1.5}),
    }
}

/// A key for Smithy value equality of generated values: numbers by decimal value, objects
/// regardless of key order.
pub(crate) fn canonical(v: &Value) -> String {
    match v {
        Value::Number(n) => {
            Decimal::from_number(n).map_or_else(|| n.to_string(), |d| format!("n{}", d.canonical()))
        }
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().map(canonical).collect();
            format!("[{}]", parts.join(","))
        }
        Value::Object(o) => {
            let mut parts: Vec<String> = o
                .iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| format!("{k:?}:{}", canonical(v)))
                .collect();
            parts.sort();
            format!("{{{}}}", parts.join(","))
        }
        other => other.to_string(),
    }
}
