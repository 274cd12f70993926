//! Exact decimal numbers for range bounds and number equality.
//!
//! Range bounds are decimals (Smithy: bigDecimal) and JSON numbers are decimals as written. A
//! `Decimal` compares them exactly: `0.1` is `0.1`, not the nearest binary double.

use std::cmp::Ordering;
use std::fmt::Write as _;

/// A finite decimal: `(-1)^negative × 0.d1d2…dn × 10^exponent`, normalised (no leading or trailing
/// zero digits; zero has no digits and is never negative).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Decimal {
    negative: bool,
    digits: Vec<u8>,
    exponent: i64,
}

/// Exponents beyond this are clamped: such values are far outside every numeric type anyway, and the
/// clamp keeps arithmetic on untrusted text from overflowing.
const EXPONENT_LIMIT: i64 = 1 << 40;

impl Decimal {
    /// Parses JSON-number-like text: `-12.5e3`, also `+1`, `.5` and `5.`.
    pub(crate) fn parse(text: &str) -> Option<Decimal> {
        let bytes = text.as_bytes();
        let mut i = 0;
        let mut negative = false;
        if let Some(&c) = bytes.first()
            && (c == b'-' || c == b'+')
        {
            negative = c == b'-';
            i = 1;
        }
        let mut digits = Vec::new();
        let mut point: Option<usize> = None;
        let mut seen_digit = false;
        while let Some(&c) = bytes.get(i) {
            match c {
                b'0'..=b'9' => {
                    digits.push(c - b'0');
                    seen_digit = true;
                }
                b'.' if point.is_none() => point = Some(digits.len()),
                _ => break,
            }
            i += 1;
        }
        if !seen_digit {
            return None;
        }
        let mut exp: i64 = 0;
        if let Some(&c) = bytes.get(i)
            && (c == b'e' || c == b'E')
        {
            i += 1;
            let mut exp_negative = false;
            if let Some(&s) = bytes.get(i)
                && (s == b'-' || s == b'+')
            {
                exp_negative = s == b'-';
                i += 1;
            }
            let start = i;
            while let Some(&d) = bytes.get(i) {
                if !d.is_ascii_digit() {
                    break;
                }
                exp = (exp * 10 + i64::from(d - b'0')).min(EXPONENT_LIMIT);
                i += 1;
            }
            if i == start {
                return None;
            }
            if exp_negative {
                exp = -exp;
            }
        }
        if i != bytes.len() {
            return None;
        }
        let int_len = point.unwrap_or(digits.len());
        let int_len = i64::try_from(int_len).unwrap_or(EXPONENT_LIMIT);
        Some(Decimal::normalise(negative, digits, int_len.saturating_add(exp)))
    }

    fn normalise(negative: bool, mut digits: Vec<u8>, mut exponent: i64) -> Decimal {
        let lead = digits.iter().take_while(|&&d| d == 0).count();
        digits.drain(..lead);
        exponent -= i64::try_from(lead).unwrap_or(0);
        while digits.last() == Some(&0) {
            digits.pop();
        }
        if digits.is_empty() {
            return Decimal { negative: false, digits, exponent: 0 };
        }
        Decimal { negative, digits, exponent: exponent.clamp(-EXPONENT_LIMIT, EXPONENT_LIMIT) }
    }

    pub(crate) fn from_i64(v: i64) -> Decimal {
        Decimal::parse(&v.to_string()).unwrap_or_else(Decimal::zero)
    }

    pub(crate) fn from_u64(v: u64) -> Decimal {
        Decimal::parse(&v.to_string()).unwrap_or_else(Decimal::zero)
    }

    /// The shortest decimal that round-trips to `v` (what the JSON text said, for up to 17
    /// significant digits). `None` for NaN and infinities.
    pub(crate) fn from_f64(v: f64) -> Option<Decimal> {
        if !v.is_finite() {
            return None;
        }
        let mut s = String::new();
        let _ = write!(s, "{v:e}");
        Decimal::parse(&s)
    }

    /// A JSON number as a decimal.
    pub(crate) fn from_number(n: &serde_json::Number) -> Option<Decimal> {
        if let Some(i) = n.as_i64() {
            Some(Decimal::from_i64(i))
        } else if let Some(u) = n.as_u64() {
            Some(Decimal::from_u64(u))
        } else {
            n.as_f64().and_then(Decimal::from_f64)
        }
    }

    fn zero() -> Decimal {
        Decimal { negative: false, digits: Vec::new(), exponent: 0 }
    }

    /// Whether the value has no fractional part.
    pub(crate) fn is_integer(&self) -> bool {
        i64::try_from(self.digits.len()).is_ok_and(|n| n <= self.exponent) || self.digits.is_empty()
    }

    /// The largest integer not above the value, saturating at the `i128` range.
    pub(crate) fn floor_i128(&self) -> i128 {
        let (int, has_fraction) = self.integer_part();
        match int {
            None if self.negative => i128::MIN,
            None => i128::MAX,
            Some(i) if self.negative => {
                if has_fraction {
                    -i - 1
                } else {
                    -i
                }
            }
            Some(i) => i,
        }
    }

    /// The smallest integer not below the value, saturating at the `i128` range.
    pub(crate) fn ceil_i128(&self) -> i128 {
        let (int, has_fraction) = self.integer_part();
        match int {
            None if self.negative => i128::MIN,
            None => i128::MAX,
            Some(i) if self.negative => -i,
            Some(i) => {
                if has_fraction {
                    i + 1
                } else {
                    i
                }
            }
        }
    }

    /// The magnitude's integer part (`None` when it does not fit 38 digits) and whether a
    /// fractional part remains.
    fn integer_part(&self) -> (Option<i128>, bool) {
        if self.exponent > 38 {
            return (None, false);
        }
        let int_digits = usize::try_from(self.exponent.max(0)).unwrap_or(0);
        let mut v: i128 = 0;
        for i in 0..int_digits {
            v = v * 10 + i128::from(self.digits.get(i).copied().unwrap_or(0));
        }
        (Some(v), self.digits.len() > int_digits)
    }

    /// The nearest `f64`.
    pub(crate) fn to_f64(&self) -> f64 {
        self.canonical().parse().unwrap_or(f64::NAN)
    }

    /// A canonical text form: equal decimals give equal text.
    pub(crate) fn canonical(&self) -> String {
        if self.digits.is_empty() {
            return "0".to_owned();
        }
        let mut s = String::with_capacity(self.digits.len() + 8);
        if self.negative {
            s.push('-');
        }
        s.push_str("0.");
        for d in &self.digits {
            s.push(char::from(b'0' + d));
        }
        let _ = write!(s, "e{}", self.exponent);
        s
    }

    fn cmp_magnitude(&self, other: &Decimal) -> Ordering {
        match (self.digits.is_empty(), other.digits.is_empty()) {
            (true, true) => return Ordering::Equal,
            (true, false) => return Ordering::Less,
            (false, true) => return Ordering::Greater,
            (false, false) => {}
        }
        self.exponent.cmp(&other.exponent).then_with(|| self.digits.cmp(&other.digits))
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Decimal) -> Ordering {
        match (self.negative, other.negative) {
            (false, true) => Ordering::Greater,
            (true, false) => Ordering::Less,
            (false, false) => self.cmp_magnitude(other),
            (true, true) => other.cmp_magnitude(self),
        }
    }
}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Decimal) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::parse(s).unwrap()
    }

    #[test]
    fn parses_and_normalises() {
        assert_eq!(d("1.50"), d("1.5"));
        assert_eq!(d("1.5e1"), d("15"));
        assert_eq!(d("-0"), d("0"));
        assert_eq!(d("0.000"), d("0"));
        assert_eq!(d("100"), d("1e2"));
        assert_eq!(d(".5"), d("0.5"));
        for bad in ["", "-", "1e", "1x", "e5", "1.2.3", "--1", "NaN"] {
            assert!(Decimal::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn orders_exactly() {
        assert!(d("0.1") < d("0.10000000000000001"));
        assert!(d("-2") < d("-1.5"));
        assert!(d("-1") < d("0"));
        assert!(d("9") < d("10"));
        assert!(d("1e400") > d("1e399"));
        assert!(d("-1e400") < d("-1e399"));
        assert_eq!(Decimal::from_f64(2.2).unwrap(), d("2.2"));
        assert_eq!(Decimal::from_u64(u64::MAX), d("18446744073709551615"));
    }

    #[test]
    fn integer_and_canonical() {
        assert!(d("10").is_integer());
        assert!(d("1.0").is_integer());
        assert!(!d("1.01").is_integer());
        assert!(d("0").is_integer());
        assert_eq!(d("1.00").canonical(), d("1").canonical());
        assert_eq!(d("-12.5").canonical(), "-0.125e2");
    }

    #[test]
    fn floor_and_ceil() {
        assert_eq!((d("2.5").floor_i128(), d("2.5").ceil_i128()), (2, 3));
        assert_eq!((d("-2.5").floor_i128(), d("-2.5").ceil_i128()), (-3, -2));
        assert_eq!((d("7").floor_i128(), d("7").ceil_i128()), (7, 7));
        assert_eq!((d("0.1").floor_i128(), d("0.1").ceil_i128()), (0, 1));
        assert_eq!(d("1e50").floor_i128(), i128::MAX);
        assert_eq!(d("-1e50").ceil_i128(), i128::MIN);
        assert_eq!(d("-0.5").ceil_i128(), 0);
        assert!((d("2.2").to_f64() - 2.2).abs() < f64::EPSILON);
    }

    #[test]
    fn huge_exponents_do_not_overflow() {
        assert!(d("1e99999999999999999999") > d("1e300"));
        assert!(d("1e-99999999999999999999") < d("1e-300"));
    }
}
