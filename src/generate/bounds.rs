//! What a node's length and range allow: the bounds values are generated within (and just
//! outside of, to break them).

use crate::compile::ir::{Kind, Length, Range};
use crate::decimal::Decimal;

/// Length bounds as `(min, max)`.
pub(crate) fn bounds(length: Option<&Length>) -> (u64, Option<u64>) {
    (length.and_then(|l| l.min).unwrap_or(0), length.and_then(|l| l.max))
}

/// The integers a node of an integer kind may take: its width intersected with its range.
pub(crate) fn int_bounds(kind: &Kind, range: Option<&Range>) -> Option<(i128, i128)> {
    let (mut lo, mut hi) = match kind {
        Kind::Int(w) => {
            let (a, b) = w.bounds();
            (i128::from(a), i128::from(b))
        }
        Kind::IntEnum(_) => (i128::from(i32::MIN), i128::from(i32::MAX)),
        _ => (i128::from(i64::MIN), i128::from(i64::MAX)),
    };
    if let Some(r) = range {
        if let Some(b) = &r.min {
            lo = lo.max(b.ceil);
        }
        if let Some(b) = &r.max {
            hi = hi.min(b.floor);
        }
    }
    (lo <= hi).then_some((lo, hi))
}

/// Whether an intEnum value is a 32-bit integer inside the range.
pub(crate) fn int_ok(range: Option<&Range>, v: i64) -> bool {
    let v = i128::from(v);
    let in_width = (i128::from(i32::MIN)..=i128::from(i32::MAX)).contains(&v);
    in_width
        && range.is_none_or(|r| {
            r.min.as_ref().is_none_or(|b| v >= b.ceil)
                && r.max.as_ref().is_none_or(|b| v <= b.floor)
        })
}

/// Whether a double is inside the range, compared exactly as a decimal.
pub(crate) fn f64_in_range(range: Option<&Range>, v: f64) -> bool {
    let Some(range) = range else { return v.is_finite() };
    let Some(d) = Decimal::from_f64(v) else { return false };
    range.min.as_ref().is_none_or(|b| d >= b.value)
        && range.max.as_ref().is_none_or(|b| d <= b.value)
}
