//! Checks of single values shared by the `Value` and the bytes validators, so both give the same
//! verdicts. Nothing here allocates on the valid path.

use std::cmp::Ordering;

use std::ops::ControlFlow;

use crate::compile::ir::{Bound, IntWidth, Ir, Kind, Node, Range};
use crate::decimal::Decimal;
use crate::violation::Details;

/// A string's checks in order: length (Unicode scalar values), pattern, then the enum's values.
/// `emit` receives each failure and may stop the walk.
pub(crate) fn check_string(
    ir: &Ir,
    node: &Node,
    s: &str,
    mut emit: impl FnMut(Details) -> ControlFlow<()>,
) -> ControlFlow<()> {
    // A one-class pattern over the whole value tests and counts the chars in one pass, and the
    // length check reuses the count: `Some(n)` when all `n` chars are in the class.
    let class = node.class.as_deref();
    let in_class = class.map(|one| one.pred().count_if_all(s));
    if let Some(length) = &node.length
        && !length.allows_any_of_byte_len(s.len())
    {
        let n = in_class.flatten().unwrap_or_else(|| s.chars().count() as u64);
        if !length.allows(n) {
            emit(Details::Length { min: length.min, max: length.max, actual: n })?;
        }
    }
    if let Some(p) = node.pattern.and_then(|i| ir.patterns.get(i)) {
        let matched = match (class, in_class) {
            (Some(one), Some(counted)) => Ok(counted.is_some_and(|n| one.count_ok(n))),
            _ => p.is_match(s),
        };
        let undecided = match matched {
            Ok(true) => None,
            Ok(false) => Some(None),
            Err(e) => Some(Some(e.to_string())),
        };
        if let Some(undecided) = undecided {
            let (pattern, rule) = (p.source_arc().clone(), p.rule());
            emit(Details::Pattern { pattern, rule, undecided })?;
        }
    }
    if let Kind::Enum(set) = &node.kind
        && !set.contains(s)
    {
        emit(Details::Enum { allowed: set.listed.clone() })?;
    }
    ControlFlow::Continue(())
}

/// A number's checks in order: its kind (and width), range, then the intEnum's values.
pub(crate) fn check_number(
    node: &Node,
    n: NumRef,
    mut emit: impl FnMut(Details) -> ControlFlow<()>,
) -> ControlFlow<()> {
    if number_fits(&node.kind, n) != Some(true) {
        return emit(Details::Type { expected: node.kind.type_name() });
    }
    if let Some(range) = &node.range
        && !in_range(range, n)
    {
        let min = range.min.as_ref().map(|b| b.text.clone());
        let max = range.max.as_ref().map(|b| b.text.clone());
        emit(Details::Range { min, max })?;
    }
    if let Kind::IntEnum(set) = &node.kind {
        let known = matches!(n, NumRef::I64(i) if set.values.contains(&i));
        if !known {
            emit(Details::Enum { allowed: set.listed.clone() })?;
        }
    }
    ControlFlow::Continue(())
}

/// A blob's checks: base64, then decoded length.
pub(crate) fn check_blob(
    node: &Node,
    s: &str,
    mut emit: impl FnMut(Details) -> ControlFlow<()>,
) -> ControlFlow<()> {
    let Some(n) = base64_len(s) else {
        return emit(Details::Format { format: "base64" });
    };
    if let Some(length) = &node.length
        && !length.allows(n)
    {
        emit(Details::Length { min: length.min, max: length.max, actual: n })?;
    }
    ControlFlow::Continue(())
}

/// A JSON number (or float special) as read, without allocating.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum NumRef {
    I64(i64),
    U64(u64),
    F64(f64),
    NaN,
    PosInf,
    NegInf,
}

impl NumRef {
    pub(crate) fn of(n: &serde_json::Number) -> NumRef {
        if let Some(i) = n.as_i64() {
            NumRef::I64(i)
        } else if let Some(u) = n.as_u64() {
            NumRef::U64(u)
        } else {
            n.as_f64().map_or(NumRef::NaN, NumRef::F64)
        }
    }

    /// A JSON value read as a number: a JSON number, or a float special's string.
    pub(crate) fn of_value(value: &serde_json::Value) -> Option<NumRef> {
        match value {
            serde_json::Value::Number(n) => Some(NumRef::of(n)),
            serde_json::Value::String(s) => NumRef::special(s),
            _ => None,
        }
    }

    /// The float specials as the strings restJson1 uses for them.
    pub(crate) fn special(s: &str) -> Option<NumRef> {
        match s {
            "NaN" => Some(NumRef::NaN),
            "Infinity" => Some(NumRef::PosInf),
            "-Infinity" => Some(NumRef::NegInf),
            _ => None,
        }
    }

    fn integer(self) -> Option<i128> {
        match self {
            NumRef::I64(i) => Some(i128::from(i)),
            NumRef::U64(u) => Some(i128::from(u)),
            _ => None,
        }
    }

    /// The value as JSON for echoing in messages.
    pub(crate) fn to_json(self) -> serde_json::Value {
        match self {
            NumRef::I64(i) => i.into(),
            NumRef::U64(u) => u.into(),
            NumRef::F64(f) => {
                serde_json::Number::from_f64(f).map_or(serde_json::Value::Null, Into::into)
            }
            NumRef::NaN => "NaN".into(),
            NumRef::PosInf => "Infinity".into(),
            NumRef::NegInf => "-Infinity".into(),
        }
    }
}

/// Whether a number is of the node's numeric kind (integer literal in the width, float within
/// `f32`, specials only for float and double). `None`: the kind is not numeric.
pub(crate) fn number_fits(kind: &Kind, n: NumRef) -> Option<bool> {
    Some(match kind {
        Kind::Int(w) => {
            let (lo, hi) = w.bounds();
            n.integer().is_some_and(|i| (i128::from(lo)..=i128::from(hi)).contains(&i))
        }
        Kind::IntEnum(_) => {
            let (lo, hi) = IntWidth::Integer.bounds();
            n.integer().is_some_and(|i| (i128::from(lo)..=i128::from(hi)).contains(&i))
        }
        Kind::BigInteger => match n {
            NumRef::I64(_) | NumRef::U64(_) => true,
            NumRef::F64(f) => f.is_finite() && f.fract() == 0.0,
            _ => false,
        },
        Kind::Float => match n {
            NumRef::F64(f) => f.abs() <= f64::from(f32::MAX),
            _ => true,
        },
        Kind::Double => true,
        Kind::BigDecimal => !matches!(n, NumRef::NaN | NumRef::PosInf | NumRef::NegInf),
        _ => return None,
    })
}

/// Inclusive range: NaN fails every range, +Infinity a max, -Infinity a min; finite numbers are
/// compared exactly as decimals.
pub(crate) fn in_range(range: &Range, n: NumRef) -> bool {
    range.min.as_ref().is_none_or(|b| compare(n, b).is_some_and(|o| o != Ordering::Less))
        && range.max.as_ref().is_none_or(|b| compare(n, b).is_some_and(|o| o != Ordering::Greater))
}

/// `n` compared with `b`; `None` for NaN.
fn compare(n: NumRef, b: &Bound) -> Option<Ordering> {
    match n {
        NumRef::NaN => None,
        NumRef::PosInf => Some(Ordering::Greater),
        NumRef::NegInf => Some(Ordering::Less),
        NumRef::I64(_) | NumRef::U64(_) => {
            let i = n.integer()?;
            Some(if i < b.ceil {
                Ordering::Less
            } else if i > b.floor {
                Ordering::Greater
            } else {
                // ceil <= i <= floor: the bound is this integer.
                Ordering::Equal
            })
        }
        NumRef::F64(f) => {
            if b.f64_exact || f != b.f64 {
                // A double different from the bound's nearest double is on the same side of the
                // bound itself; an equal one is the bound when the bound round-trips.
                f.partial_cmp(&b.f64)
            } else {
                Decimal::from_f64(f).map(|d| d.cmp(&b.value))
            }
        }
    }
}

/// The decoded length of standard, padded base64 (RFC 4648 §4, canonical trailing bits), without
/// decoding. `None` when it is not valid base64.
pub(crate) fn base64_len(s: &str) -> Option<u64> {
    let b = s.as_bytes();
    if !b.len().is_multiple_of(4) {
        return None;
    }
    let pad = b.iter().rev().take_while(|&&c| c == b'=').count();
    if pad > 2 {
        return None;
    }
    let body = b.get(..b.len() - pad)?;
    let value = |c: u8| -> Option<u8> {
        match c {
            b'A'..=b'Z' => Some(c - b'A'),
            b'a'..=b'z' => Some(c - b'a' + 26),
            b'0'..=b'9' => Some(c - b'0' + 52),
            b'+' => Some(62),
            b'/' => Some(63),
            _ => None,
        }
    };
    for &c in body {
        value(c)?;
    }
    // The bits after the last whole byte must be zero (the canonical encoding).
    if let Some(&last) = body.last() {
        let v = value(last)?;
        let ok = match pad {
            1 => v & 0b11 == 0,
            2 => v & 0b1111 == 0,
            _ => true,
        };
        if !ok {
            return None;
        }
    }
    Some((b.len() / 4 * 3 - pad) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine as _;

    fn bound(t: &str) -> Bound {
        Bound::new(t, Decimal::parse(t).unwrap())
    }

    #[test]
    fn comparisons_are_exact() {
        assert_eq!(compare(NumRef::F64(2.2), &bound("2.2")), Some(Ordering::Equal));
        assert_eq!(compare(NumRef::F64(2.1), &bound("2.2")), Some(Ordering::Less));
        assert_eq!(compare(NumRef::I64(3), &bound("2.5")), Some(Ordering::Greater));
        assert_eq!(compare(NumRef::I64(2), &bound("2.5")), Some(Ordering::Less));
        assert_eq!(compare(NumRef::U64(u64::MAX), &bound("1e30")), Some(Ordering::Less));
        assert_eq!(compare(NumRef::F64(0.1), &bound("0.1")), Some(Ordering::Equal));
        // A bound with more digits than a double holds falls back to decimals.
        let fine = bound("2.20000000000000000001");
        assert!(!fine.f64_exact);
        assert_eq!(compare(NumRef::F64(2.2), &fine), Some(Ordering::Less));
        assert_eq!(compare(NumRef::NaN, &fine), None);
    }

    #[test]
    fn base64_len_agrees_with_the_base64_crate() {
        let engine = base64::engine::general_purpose::STANDARD;
        for s in [
            "", "YQ==", "YWI=", "YWJj", "YmxvYg=", "YmxvYg==", "Y===", "YR==", "a b=", "????", "YQ",
        ] {
            let want = engine.decode(s).ok().map(|v| v.len() as u64);
            assert_eq!(base64_len(s), want, "{s:?}");
        }
    }
}
