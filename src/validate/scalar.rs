//! The rules of single values: which JSON types each kind takes, and the constraints of strings,
//! blobs, numbers and timestamps. Written once; both walkers call them.
//!
//! Each rule hands every failure to `report` and stops when it says so (a verdict stops at the
//! first). Nothing here allocates on the valid path.

use std::ops::ControlFlow;

use super::number::NumRef;
use super::sink::Flow;
use super::timestamp;
use crate::compile::ir::{Ir, Kind, Node};
use crate::spec::TimestampFormat;
use crate::violation::Details;

/// A JSON scalar as a walker read it.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Scalar<'s> {
    Str(&'s str),
    /// A number exactly as read.
    Num(NumRef),
    /// A number read as the nearest double, with the text it was written as: a fraction or an
    /// integer beyond 64 bits from JSON text, whose type and range are decided by its digits
    /// (`0.30000000000000001000001` is above `0.30000000000000001`; `18446744073709551617` is
    /// above 2^64), where a parsed `Value` only has the double.
    Written(NumRef, &'s str),
    Bool(bool),
}

impl Scalar<'_> {
    /// The value as JSON, for echoing in messages.
    pub(crate) fn to_json(self) -> serde_json::Value {
        match self {
            Scalar::Str(s) => serde_json::Value::String(s.to_owned()),
            Scalar::Num(n) => n.to_json(),
            // The digits as written (a double would round them).
            Scalar::Written(n, text) => {
                text.parse::<serde_json::Number>().map_or_else(|_| n.to_json(), Into::into)
            }
            Scalar::Bool(b) => serde_json::Value::Bool(b),
        }
    }
}

/// A scalar against its node: the kind must take the JSON type, then the kind's constraints hold.
pub(crate) fn check(
    ir: &Ir,
    node: &Node,
    value: Scalar<'_>,
    mut report: impl FnMut(Details) -> Flow,
) -> Flow {
    // The node's kind first (one jump), then the JSON type it needs.
    match &node.kind {
        Kind::String | Kind::Enum(_) => match value {
            Scalar::Str(s) => string_checks(ir, node, s, report),
            _ => wrong_type(node, report),
        },
        Kind::Blob => match value {
            Scalar::Str(s) => blob(node, s, report),
            _ => wrong_type(node, report),
        },
        Kind::Int(_)
        | Kind::BigInteger
        | Kind::Float
        | Kind::Double
        | Kind::BigDecimal
        | Kind::IntEnum(_) => match value {
            Scalar::Num(n) => number(node, n, None, report),
            Scalar::Written(n, text) => number(node, n, Some(text), report),
            Scalar::Str(s) => match NumRef::special(s) {
                Some(n) => number(node, n, None, report),
                None => wrong_type(node, report),
            },
            Scalar::Bool(_) => wrong_type(node, report),
        },
        Kind::Timestamp(declared) => {
            let format = timestamp::body_format(*declared);
            match timestamp(format, value) {
                Some(true) => ControlFlow::Continue(()),
                Some(false) => report(Details::Format { format: format.name() }),
                None => wrong_type(node, report),
            }
        }
        Kind::Boolean => match value {
            Scalar::Bool(_) => ControlFlow::Continue(()),
            _ => wrong_type(node, report),
        },
        Kind::Document => ControlFlow::Continue(()),
        Kind::List { .. } | Kind::Map { .. } | Kind::Structure(_) | Kind::Union(_) => {
            wrong_type(node, report)
        }
    }
}

/// A value of a JSON type the node's kind never takes.
pub(crate) fn wrong_type(node: &Node, report: impl FnOnce(Details) -> Flow) -> Flow {
    report(Details::Type { expected: node.kind.type_name() })
}

/// A string's checks in order: length (Unicode scalar values), pattern, then the enum's values.
/// (Out of line: a walk meets strings everywhere.)
#[inline(never)]
pub(crate) fn string(ir: &Ir, node: &Node, s: &str, report: impl FnMut(Details) -> Flow) -> Flow {
    string_checks(ir, node, s, report)
}

/// [`string`], where it is called.
#[inline(always)]
fn string_checks(ir: &Ir, node: &Node, s: &str, report: impl FnMut(Details) -> Flow) -> Flow {
    // A one-class pattern over the whole value tests and counts the chars in one pass.
    let counted = node.class.as_deref().map(|one| one.pred().count_if_all(s));
    string_counted(ir, node, s, counted, report)
}

/// [`string`] when the chars were already tested against the node's one-class pattern, if it has
/// one: `counted` is `Some(Some(n))` when all `n` chars are in the class, `Some(None)` when one is
/// not (the length check then counts them itself), `None` when the node has no such pattern.
#[inline(always)]
pub(crate) fn string_counted(
    ir: &Ir,
    node: &Node,
    s: &str,
    counted: Option<Option<u64>>,
    mut report: impl FnMut(Details) -> Flow,
) -> Flow {
    // Every char in the one-class pattern: the count alone settles length and pattern.
    if let (Some(one), Some(Some(n))) = (node.class.as_deref(), counted)
        && node.length.as_ref().is_none_or(|l| l.allows(n))
        && one.count_ok(n)
        && !matches!(node.kind, Kind::Enum(_))
    {
        return ControlFlow::Continue(());
    }
    if let Some(length) = &node.length
        && !length.allows_any_of_byte_len(s.len())
    {
        let n = counted.flatten().unwrap_or_else(|| s.chars().count() as u64);
        if !length.allows(n) {
            report(Details::Length { min: length.min, max: length.max, actual: n, key: None })?;
        }
    }
    if let Some(p) = node.pattern.and_then(|i| ir.patterns.get(i)) {
        let matched = match (node.class.as_deref(), counted) {
            (Some(one), Some(counted)) => Ok(counted.is_some_and(|n| one.count_ok(n))),
            _ => p.is_match(s),
        };
        if !matches!(matched, Ok(true)) {
            let undecided = matched.err().map(|e| e.to_string());
            report(Details::Pattern {
                pattern: p.source_arc().clone(),
                rule: p.rule(),
                undecided,
                key: None,
            })?;
        }
    }
    if let Kind::Enum(set) = &node.kind
        && !set.contains(s)
    {
        report(Details::Enum { allowed: set.listed.clone(), key: None })?;
    }
    ControlFlow::Continue(())
}

/// A number's checks in order: its kind (and width), range, then the intEnum's values. `written`:
/// the text when it is at hand and `n` is a double that may round it (read only where the double
/// cannot decide, so a valid payload still allocates nothing).
#[inline]
fn number(
    node: &Node,
    n: NumRef,
    written: Option<&str>,
    mut report: impl FnMut(Details) -> Flow,
) -> Flow {
    if n.fits(&node.kind, written) != Some(true) {
        return wrong_type(node, report);
    }
    if let Some(range) = &node.range
        && !n.in_range(range, written)
    {
        let min = range.min.as_ref().map(|b| b.text.clone());
        let max = range.max.as_ref().map(|b| b.text.clone());
        report(Details::Range { min, max })?;
    }
    if let Kind::IntEnum(set) = &node.kind {
        let known = matches!(n, NumRef::I64(i) if set.values.contains(&i));
        if !known {
            report(Details::Enum { allowed: set.listed.clone(), key: None })?;
        }
    }
    ControlFlow::Continue(())
}

/// A blob's checks: base64, then decoded length.
fn blob(node: &Node, s: &str, mut report: impl FnMut(Details) -> Flow) -> Flow {
    let Some(n) = base64_len(s) else {
        return report(Details::Format { format: "base64" });
    };
    if let Some(length) = &node.length
        && !length.allows(n)
    {
        report(Details::Length { min: length.min, max: length.max, actual: n, key: None })?;
    }
    ControlFlow::Continue(())
}

/// Whether a scalar is a timestamp in `format`; `None` when no timestamp format is written as
/// that JSON type (a boolean).
fn timestamp(format: TimestampFormat, value: Scalar<'_>) -> Option<bool> {
    Some(match (format, value) {
        (TimestampFormat::EpochSeconds, Scalar::Num(n) | Scalar::Written(n, _)) => {
            n.finite_f64().and_then(timestamp::epoch_seconds).is_some()
        }
        (TimestampFormat::DateTime, Scalar::Str(s)) => timestamp::date_time(s).is_some(),
        (TimestampFormat::HttpDate, Scalar::Str(s)) => timestamp::http_date(s).is_some(),
        (_, Scalar::Bool(_)) => return None,
        _ => false,
    })
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
