//! Timestamps between Python and SDK-style JSON, as instants in microseconds since the epoch
//! (Python's `datetime` resolution).
//!
//! Two kinds of reading: lenient, as botocore's `parse_timestamp` reads what a boto3 user passes
//! (epoch seconds, ISO 8601, RFC 822; [`from_float_seconds`], [`from_int_seconds`],
//! [`parse_text`]), and strict, as conform validates a member's wire form ([`read_wire`], for
//! turning generated payloads back into Python values).

use conform::spec::TimestampFormat;
use jiff::civil::Date;
use jiff::fmt::temporal::Pieces;
use jiff::{Span, Unit};
use serde_json::Value;

const MICROS: i64 = 1_000_000;
/// 0001-01-01T00:00:00Z, Python's `datetime.min` (and Smithy's first instant).
pub(crate) const MIN_MICROS: i64 = -62_135_596_800 * MICROS;
/// 10000-01-01T00:00:00Z, just past Python's `datetime.max` (and Smithy's last instant).
pub(crate) const END_MICROS: i64 = 253_402_300_800 * MICROS;

const MONTHS: [&str; 12] =
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
/// Day names from Sunday, as `(days + 4) % 7` counts them (1970-01-01 was a Thursday).
const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/// Whether an instant is one a Python `datetime` can hold (year 1 to 9999).
pub(crate) fn in_range(us: i64) -> bool {
    (MIN_MICROS..END_MICROS).contains(&us)
}

/// Epoch seconds as `datetime.fromtimestamp` reads a float: the fraction rounded to the
/// microsecond, half to even. `None` when not finite or beyond a `datetime`.
pub(crate) fn from_float_seconds(f: f64) -> Option<i64> {
    if !f.is_finite() || f.abs() >= 1e12 {
        return None;
    }
    let whole = f.trunc();
    let mut us = ((f - whole) * 1e6).round_ties_even();
    let mut secs = whole;
    if us >= 1e6 {
        us -= 1e6;
        secs += 1.0;
    } else if us < 0.0 {
        us += 1e6;
        secs -= 1.0;
    }
    // |secs| < 1e12 and 0 <= us < 1e6: both exact in an i64.
    #[allow(clippy::cast_possible_truncation)]
    let total = (secs as i64).checked_mul(MICROS)?.checked_add(us as i64)?;
    in_range(total).then_some(total)
}

/// Whole epoch seconds; `None` beyond a `datetime`.
pub(crate) fn from_int_seconds(secs: i64) -> Option<i64> {
    secs.checked_mul(MICROS).filter(|us| in_range(*us))
}

/// A timestamp string as botocore reads one that is not a number (the caller tries Python's
/// `float()` first, as `parse_timestamp` does): ISO 8601 (a date, or a date and time with an
/// optional fraction and an optional `Z` or offset; no offset means UTC) or RFC 822
/// (`Wed, 01 Jan 2020 00:00:00 GMT`, the day name optional and not checked, as dateutil reads
/// it). Fractions beyond the microsecond are cut, as dateutil cuts them. `None` for anything else
/// (dateutil's fuzzier forms, such as `Jan 1 2020`, are left for conform to report).
pub(crate) fn parse_text(s: &str) -> Option<i64> {
    iso_8601(s.trim()).or_else(|| rfc_822(s)).filter(|us| in_range(*us))
}

/// ISO 8601 through jiff's reader of its Temporal/RFC 9557 grammar (a time zone annotation such
/// as `[Europe/Paris]` is refused: dateutil does not read it).
fn iso_8601(s: &str) -> Option<i64> {
    let pieces = Pieces::parse(s).ok()?;
    if pieces.time_zone_annotation().is_some() {
        return None;
    }
    let (mut secs, mut us) = (epoch_days(pieces.date())? * 86_400, 0);
    if let Some(t) = pieces.time() {
        secs += i64::from(t.hour()) * 3600 + i64::from(t.minute()) * 60 + i64::from(t.second());
        us = i64::from(t.subsec_nanosecond()) / 1000;
    }
    if let Some(offset) = pieces.offset() {
        secs -= i64::from(offset.to_numeric_offset().seconds());
    }
    Some(secs * MICROS + us)
}

/// RFC 822 / RFC 2822 / IMF-fixdate: `[Www,] D Mon YYYY HH:MM[:SS] [GMT|UT|UTC|Z|±HHMM]`.
fn rfc_822(s: &str) -> Option<i64> {
    let mut words = s.split_whitespace().peekable();
    if words.peek().is_some_and(|w| w.ends_with(',')) {
        let day = words.next()?.trim_end_matches(',');
        if !DAYS.iter().any(|d| day.eq_ignore_ascii_case(d)) {
            return None;
        }
    }
    let day: i64 = digits(words.next()?, 1..=2)?;
    let month = words.next()?;
    let month = MONTHS.iter().position(|m| m.eq_ignore_ascii_case(month))? as i64 + 1;
    let year: i64 = digits(words.next()?, 4..=4)?;
    let mut clock = words.next()?.split(':');
    let hour: i64 = digits(clock.next()?, 2..=2)?;
    let minute: i64 = digits(clock.next()?, 2..=2)?;
    let second: i64 = match clock.next() {
        Some(s) => digits(s, 2..=2)?,
        None => 0,
    };
    let offset = match words.next() {
        None => 0,
        Some(z) if ["GMT", "UT", "UTC", "Z"].iter().any(|n| z.eq_ignore_ascii_case(n)) => 0,
        Some(z) => {
            let (sign, hhmm) = match z.as_bytes().first()? {
                b'+' => (1, z.get(1..)?),
                b'-' => (-1, z.get(1..)?),
                _ => return None,
            };
            let v: i64 = digits(hhmm, 4..=4)?;
            let (h, m) = (v / 100, v % 100);
            if m > 59 {
                return None;
            }
            sign * (h * 3600 + m * 60)
        }
    };
    if clock.next().is_some() || words.next().is_some() {
        return None;
    }
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let date =
        Date::new(i16::try_from(year).ok()?, i8::try_from(month).ok()?, i8::try_from(day).ok()?);
    let secs = epoch_days(date.ok()?)? * 86_400 + hour * 3600 + minute * 60 + second;
    Some((secs - offset) * MICROS)
}

/// An unsigned decimal of so many digits.
fn digits(s: &str, len: std::ops::RangeInclusive<usize>) -> Option<i64> {
    if len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse().ok()
    } else {
        None
    }
}

const EPOCH: Date = Date::constant(1970, 1, 1);

/// Days from 1970-01-01 to a date (proleptic Gregorian, as jiff counts them; civil dates, not
/// jiff's `Timestamp`, whose range stops a day short of year 10000).
fn epoch_days(date: Date) -> Option<i64> {
    let span = EPOCH.until((Unit::Day, date)).ok()?;
    Some(i64::from(span.get_days()))
}

/// The date `days` after 1970-01-01: year, month, day.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let date = Span::new().try_days(days).and_then(|span| EPOCH.checked_add(span)).unwrap_or(EPOCH);
    (i64::from(date.year()), i64::from(date.month()), i64::from(date.day()))
}

/// Writes an instant as SDK-style JSON in `wire` form: epoch seconds exact to the microsecond
/// (a JSON number), a date-time string with six fraction digits when there is a fraction (as
/// botocore writes ISO 8601), or an http-date string (whole seconds).
pub(crate) fn write(us: i64, wire: Wire, out: &mut String) {
    use std::fmt::Write as _;
    let (secs, frac) = (us.div_euclid(MICROS), us.rem_euclid(MICROS));
    let days = secs.div_euclid(86_400);
    let in_day = secs.rem_euclid(86_400);
    let (h, m, s) = (in_day / 3600, in_day % 3600 / 60, in_day % 60);
    match wire {
        Wire::EpochSeconds => {
            let sign = if us < 0 { "-" } else { "" };
            let (whole, part) = (us.unsigned_abs() / 1_000_000, us.unsigned_abs() % 1_000_000);
            if part == 0 {
                let _ = write!(out, "{sign}{whole}");
            } else {
                let part = format!("{part:06}");
                let _ = write!(out, "{sign}{whole}.{}", part.trim_end_matches('0'));
            }
        }
        Wire::DateTime => {
            let (y, mo, d) = civil_from_days(days);
            let _ = write!(out, "\"{y:04}-{mo:02}-{d:02}T{h:02}:{m:02}:{s:02}");
            if frac != 0 {
                let _ = write!(out, ".{frac:06}");
            }
            out.push_str("Z\"");
        }
        Wire::HttpDate => {
            let (y, mo, d) = civil_from_days(days);
            let day = DAYS.get(usize::try_from((days + 4).rem_euclid(7)).unwrap_or(0));
            let month = MONTHS.get(usize::try_from(mo - 1).unwrap_or(0));
            let (day, month) = (day.copied().unwrap_or("Thu"), month.copied().unwrap_or("Jan"));
            let _ = write!(out, "\"{day}, {d:02} {month} {y:04} {h:02}:{m:02}:{s:02} GMT\"");
        }
    }
}

/// A value in its wire form, read as strictly as conform validates it: an epoch-seconds number,
/// an RFC 3339 date-time in UTC (`Z`), an IMF-fixdate whose day name fits its date. `None` for
/// anything else, and for instants a `datetime` cannot hold.
pub(crate) fn read_wire(value: &Value, wire: Wire) -> Option<i64> {
    let us = match (wire, value) {
        (Wire::EpochSeconds, Value::Number(n)) => match n.as_i64() {
            Some(i) => from_int_seconds(i),
            None => from_float_seconds(n.as_f64()?),
        },
        (Wire::DateTime, Value::String(s)) => rfc_3339(s),
        (Wire::HttpDate, Value::String(s)) => imf_fixdate(s),
        _ => None,
    }?;
    in_range(us).then_some(us)
}

/// `YYYY-MM-DDTHH:MM:SS[.fraction]Z` (T and Z in either case, one to nine fraction digits).
fn rfc_3339(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    let (last, head) = b.split_last()?;
    if !matches!(last, b'Z' | b'z') || head.len() < 19 {
        return None;
    }
    let shape = |(i, c): (usize, &u8)| match i {
        4 | 7 => *c == b'-',
        10 => matches!(c, b'T' | b't'),
        13 | 16 => *c == b':',
        _ => c.is_ascii_digit(),
    };
    if !head.get(..19)?.iter().enumerate().all(shape) {
        return None;
    }
    match head.get(19..)? {
        [] => {}
        [b'.', frac @ ..]
            if (1..=9).contains(&frac.len()) && frac.iter().all(u8::is_ascii_digit) => {}
        _ => return None,
    }
    iso_8601(s)
}

/// `Www, DD Mon YYYY HH:MM:SS GMT`, the day name matching the date.
fn imf_fixdate(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 29 || b.get(3..5)? != b", " || b.get(25..)? != b" GMT" {
        return None;
    }
    let us = rfc_822(s)?;
    let days = us.div_euclid(MICROS * 86_400);
    let day = DAYS.get(usize::try_from((days + 4).rem_euclid(7)).ok()?)?;
    (s.get(..3)? == *day).then_some(us)
}

/// A timestamp's form in SDK-style JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Wire {
    /// A JSON number of seconds since the epoch.
    EpochSeconds,
    /// An RFC 3339 string in UTC (`2020-01-01T00:00:00Z`).
    DateTime,
    /// An IMF-fixdate string (`Wed, 01 Jan 2020 00:00:00 GMT`).
    HttpDate,
}

/// The form a member's timestamps take in SDK-style JSON: its declared format (the member's own,
/// else its target's), else epoch seconds, whatever the member's binding (as conform's
/// `validate_input` expects them).
pub(crate) fn wire_of(format: Option<TimestampFormat>) -> Wire {
    match format {
        Some(TimestampFormat::DateTime) => Wire::DateTime,
        Some(TimestampFormat::HttpDate) => Wire::HttpDate,
        // Epoch seconds, and any format a later conform adds (the enum is non-exhaustive).
        _ => Wire::EpochSeconds,
    }
}
