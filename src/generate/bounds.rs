//! What a node's length and range allow: the bounds values are generated within (and just
//! outside of, to break them).

use crate::compile::ir::{Kind, Length, Range};
use crate::decimal::Decimal;
use serde_json::Value;

/// The size budget: no generated payload is larger than this many bytes of JSON.
///
/// Values grow freely (optional members, collections past their minimum) until about 64 KiB of
/// a payload is spent; past that every further value takes its smallest valid form (required
/// members only, collections at their minimum size, the shortest strings). A payload that still
/// comes out larger than `MAX_PAYLOAD` is built again (at most 16 times), and the strategy then
/// fails with the reason.
pub const MAX_PAYLOAD: usize = 1 << 20;

/// The longest string (in characters) or blob (in bytes) an invalid payload breaks a maximum
/// length with: a "length above the maximum" mutation is built only for a maximum below this;
/// for a larger one it is skipped (see [`skipped`](super::skipped)).
pub const MAX_LENGTH: u64 = 1 << 16;

/// The same for lists (items) and maps (entries). A list or map above its maximum is also
/// skipped when it would take more than half of [`MAX_PAYLOAD`].
pub const MAX_ITEMS: u64 = 1 << 12;

/// The size of `v` written as compact JSON, in bytes (without building the text).
pub(crate) fn json_size(v: &Value) -> usize {
    struct Count(usize);
    impl std::io::Write for Count {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0 += buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut c = Count(0);
    match serde_json::to_writer(&mut c, v) {
        Ok(()) => c.0,
        Err(_) => usize::MAX,
    }
}

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
