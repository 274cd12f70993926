//! A JSON number as a walker reads it, and the comparisons the number rules need.
//!
//! Both walkers read numbers the way serde_json does (with `float_roundtrip`): an integer that
//! fits an `i64` is [`NumRef::I64`], a larger one that fits a `u64` is [`NumRef::U64`], anything
//! else (a fraction, an exponent, `-0`, an integer beyond 64 bits) is the nearest double. The
//! strings `"NaN"`, `"Infinity"` and `"-Infinity"` are restJson1's spellings of the non-finite
//! floats.

use std::cmp::Ordering;

use crate::compile::ir::{Bound, IntWidth, Kind, Range};
use crate::decimal::Decimal;

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

    /// The value as a double (a count of epoch seconds, say); `None` for the specials.
    #[allow(clippy::cast_precision_loss)]
    pub(crate) fn finite_f64(self) -> Option<f64> {
        match self {
            NumRef::I64(i) => Some(i as f64),
            NumRef::U64(u) => Some(u as f64),
            NumRef::F64(f) => Some(f),
            NumRef::NaN | NumRef::PosInf | NumRef::NegInf => None,
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

    /// Whether the number is of the numeric `kind`: an integer literal within the width, a float
    /// within `f32`, the specials only for float and double; a bigInteger is integral by its
    /// `written` digits when they are at hand (`1e30` is, `10000000000000000000000.5` is not,
    /// though its double is). `None`: the kind is not numeric.
    pub(crate) fn fits(self, kind: &Kind, written: Option<&str>) -> Option<bool> {
        let int_within = |w: IntWidth| {
            let (lo, hi) = w.bounds();
            self.integer().is_some_and(|i| (i128::from(lo)..=i128::from(hi)).contains(&i))
        };
        Some(match kind {
            Kind::Int(w) => int_within(*w),
            Kind::IntEnum(_) => int_within(IntWidth::Integer),
            Kind::BigInteger => match self {
                NumRef::I64(_) | NumRef::U64(_) => true,
                NumRef::F64(f) => match written.and_then(Decimal::parse) {
                    Some(d) => d.is_integer(),
                    None => f.is_finite() && f.fract() == 0.0,
                },
                _ => false,
            },
            Kind::Float => match self {
                NumRef::F64(f) => f.abs() <= f64::from(f32::MAX),
                _ => true,
            },
            Kind::Double => true,
            Kind::BigDecimal => !matches!(self, NumRef::NaN | NumRef::PosInf | NumRef::NegInf),
            _ => return None,
        })
    }

    /// Inclusive range: NaN fails every range, +Infinity a max, -Infinity a min; finite numbers
    /// are compared exactly, as decimals: a double as the digits it was `written` with when they
    /// are at hand, else as the double itself.
    pub(crate) fn in_range(self, range: &Range, written: Option<&str>) -> bool {
        let at_least = |b: &Bound| self.compare(b, written).is_some_and(|o| o != Ordering::Less);
        let at_most = |b: &Bound| self.compare(b, written).is_some_and(|o| o != Ordering::Greater);
        range.min.as_ref().is_none_or(at_least) && range.max.as_ref().is_none_or(at_most)
    }

    /// The number compared with a bound; `None` for NaN.
    fn compare(self, b: &Bound, written: Option<&str>) -> Option<Ordering> {
        match self {
            NumRef::NaN => None,
            NumRef::PosInf => Some(Ordering::Greater),
            NumRef::NegInf => Some(Ordering::Less),
            NumRef::I64(_) | NumRef::U64(_) => Some(Self::compare_integer(self.integer()?, b)),
            NumRef::F64(f) => {
                if f != b.f64 {
                    // Rounding to the nearest double is monotonic: a value whose double differs
                    // from the bound's double is on the same side of the bound itself.
                    return f.partial_cmp(&b.f64);
                }
                // The same double: only the digits decide.
                match written.and_then(Decimal::parse) {
                    Some(d) => Some(d.cmp(&b.value)),
                    None if b.f64_exact => Some(Ordering::Equal),
                    // An integral double is that integer exactly (2^64 is 18446744073709551616,
                    // not the 18446744073709552000 its shortest spelling says).
                    #[allow(clippy::cast_possible_truncation)]
                    None if f.fract() == 0.0 && f.abs() < 1e38 => {
                        Some(Self::compare_integer(f as i128, b))
                    }
                    None => Decimal::from_f64(f).map(|d| d.cmp(&b.value)),
                }
            }
        }
    }

    /// An integer compared with a bound.
    fn compare_integer(i: i128, b: &Bound) -> Ordering {
        if i < b.ceil {
            Ordering::Less
        } else if i > b.floor {
            Ordering::Greater
        } else {
            // ceil <= i <= floor: the bound is this integer.
            Ordering::Equal
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bound(t: &str) -> Bound {
        Bound::new(t, Decimal::parse(t).unwrap())
    }

    impl NumRef {
        fn compare_plain(self, b: &Bound) -> Option<Ordering> {
            self.compare(b, None)
        }
    }

    #[test]
    fn comparisons_are_exact() {
        assert_eq!(NumRef::F64(2.2).compare_plain(&bound("2.2")), Some(Ordering::Equal));
        assert_eq!(NumRef::F64(2.1).compare_plain(&bound("2.2")), Some(Ordering::Less));
        assert_eq!(NumRef::I64(3).compare_plain(&bound("2.5")), Some(Ordering::Greater));
        assert_eq!(NumRef::I64(2).compare_plain(&bound("2.5")), Some(Ordering::Less));
        assert_eq!(NumRef::U64(u64::MAX).compare_plain(&bound("1e30")), Some(Ordering::Less));
        assert_eq!(NumRef::F64(0.1).compare_plain(&bound("0.1")), Some(Ordering::Equal));
        // A bound with more digits than a double holds falls back to decimals.
        let fine = bound("2.20000000000000000001");
        assert!(!fine.f64_exact);
        assert_eq!(NumRef::F64(2.2).compare_plain(&fine), Some(Ordering::Less));
        assert_eq!(NumRef::NaN.compare_plain(&fine), None);
    }

    #[test]
    fn written_digits_decide_where_the_double_cannot() {
        let max = bound("0.30000000000000001");
        let written = |t: &str| NumRef::F64(t.parse().unwrap()).compare(&max, Some(t));
        assert_eq!(written("0.30000000000000001000001"), Some(Ordering::Greater));
        assert_eq!(written("0.30000000000000001"), Some(Ordering::Equal));
        assert_eq!(written("0.300000000000000009"), Some(Ordering::Less));
        let two_64 = bound("18446744073709551616");
        let written = |t: &str| NumRef::F64(t.parse().unwrap()).compare(&two_64, Some(t));
        assert_eq!(written("18446744073709551616"), Some(Ordering::Equal));
        assert_eq!(written("18446744073709551617"), Some(Ordering::Greater));
        assert_eq!(written("1.8446744073709551615e19"), Some(Ordering::Less));
        let big = Kind::BigInteger;
        let half = "10000000000000000000000.5";
        assert_eq!(NumRef::F64(half.parse().unwrap()).fits(&big, Some(half)), Some(false));
        assert_eq!(NumRef::F64(1e30).fits(&big, Some("1e30")), Some(true));
        assert_eq!(NumRef::F64(15.0).fits(&big, Some("1.5e1")), Some(true));
    }

    #[test]
    fn widths_and_specials() {
        let long = Kind::Int(IntWidth::Long);
        assert_eq!(NumRef::I64(i64::MIN).fits(&long, None), Some(true));
        assert_eq!(NumRef::U64(u64::MAX).fits(&long, None), Some(false));
        assert_eq!(NumRef::F64(-0.0).fits(&long, None), Some(false));
        assert_eq!(NumRef::F64(3.0).fits(&Kind::BigInteger, None), Some(true));
        assert_eq!(NumRef::NaN.fits(&Kind::Float, None), Some(true));
        assert_eq!(NumRef::NaN.fits(&Kind::BigDecimal, None), Some(false));
        assert_eq!(NumRef::F64(1e39).fits(&Kind::Float, None), Some(false));
        assert_eq!(NumRef::I64(1).fits(&Kind::String, None), None);
    }
}
