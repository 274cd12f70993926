//! Timestamp wire formats: parsing to an instant (milliseconds since the epoch).

use jiff::civil::{Date, DateTime, Weekday};

use crate::spec::TimestampFormat;

/// The instants Smithy allows: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z.
pub(crate) const MIN_SECONDS: f64 = -62_135_596_800.0;
pub(crate) const MAX_SECONDS: f64 = 253_402_300_800.0;

/// The format of a timestamp in a JSON body: the declared one, else epoch-seconds (restJson1).
pub(crate) fn body_format(declared: Option<TimestampFormat>) -> TimestampFormat {
    declared.unwrap_or(TimestampFormat::EpochSeconds)
}

/// A timestamp value in its wire format, as milliseconds since the epoch: epoch-seconds is a JSON
/// number, date-time and http-date are strings.
pub(crate) fn millis_of(format: TimestampFormat, value: &serde_json::Value) -> Option<i64> {
    use serde_json::Value;
    match (format, value) {
        (TimestampFormat::EpochSeconds, Value::Number(n)) => n.as_f64().and_then(epoch_seconds),
        (TimestampFormat::DateTime, Value::String(s)) => date_time(s),
        (TimestampFormat::HttpDate, Value::String(s)) => http_date(s),
        _ => None,
    }
}

/// An epoch-seconds number as milliseconds, if finite and in Smithy's range.
pub(crate) fn epoch_seconds(seconds: f64) -> Option<i64> {
    if seconds.is_finite() && (MIN_SECONDS..MAX_SECONDS).contains(&seconds) {
        // In range, so the product fits an i64 comfortably.
        #[allow(clippy::cast_possible_truncation)]
        Some((seconds * 1000.0).floor() as i64)
    } else {
        None
    }
}

/// An RFC 3339 date-time in UTC, as milliseconds: `YYYY-MM-DDTHH:MM:SS`, an optional fraction of
/// one to nine digits, then `Z` (`T` and `Z` in either case; second 60, a leap second, reads as
/// 59). Offsets other than `Z` are rejected, as the restJson1 protocol tests require, and so is
/// every other ISO 8601 form (basic format, a comma before the fraction, a missing seconds field,
/// an offset or annotation before the `Z`).
pub(crate) fn date_time(text: &str) -> Option<i64> {
    let (last, head) = text.as_bytes().split_last()?;
    if !matches!(last, b'Z' | b'z') {
        return None;
    }
    let shape = |(i, c): (usize, &u8)| match i {
        4 | 7 => *c == b'-',
        10 => matches!(c, b'T' | b't'),
        13 | 16 => *c == b':',
        _ => c.is_ascii_digit(),
    };
    if head.len() < 19 || !head.get(..19)?.iter().enumerate().all(shape) {
        return None;
    }
    match head.get(19..)? {
        [] => {}
        [b'.', digits @ ..] if (1..=9).contains(&digits.len()) => {
            if !digits.iter().all(u8::is_ascii_digit) {
                return None;
            }
        }
        _ => return None,
    }
    // Read as a civil date-time (the whole of year 9999 fits; jiff's `Timestamp` stops a day
    // short of it), then count from the epoch ourselves.
    let civil: DateTime = text.get(..text.len() - 1)?.parse().ok()?;
    in_range(millis(civil))
}

/// Milliseconds since the epoch of a UTC civil date-time (sub-millisecond digits truncated).
fn millis(dt: DateTime) -> i64 {
    let days = days_from_civil(i64::from(dt.year()), i64::from(dt.month()), i64::from(dt.day()));
    let seconds = days * 86_400
        + i64::from(dt.hour()) * 3600
        + i64::from(dt.minute()) * 60
        + i64::from(dt.second());
    seconds * 1000 + i64::from(dt.subsec_nanosecond()) / 1_000_000
}

/// Days from 1970-01-01 to the proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// An IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), as milliseconds. Fractional seconds are
/// rejected, and the day name must match the date.
pub(crate) fn http_date(text: &str) -> Option<i64> {
    const DAYS: [(&str, Weekday); 7] = [
        ("Mon", Weekday::Monday),
        ("Tue", Weekday::Tuesday),
        ("Wed", Weekday::Wednesday),
        ("Thu", Weekday::Thursday),
        ("Fri", Weekday::Friday),
        ("Sat", Weekday::Saturday),
        ("Sun", Weekday::Sunday),
    ];
    const MONTHS: [&str; 12] =
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let b = text.as_bytes();
    if b.len() != 29 || &b[3..5] != b", " || b[7] != b' ' || b[11] != b' ' || b[16] != b' ' {
        return None;
    }
    if b[19] != b':' || b[22] != b':' || &b[25..] != b" GMT" {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i16> {
        let s = text.get(r)?;
        if s.bytes().all(|c| c.is_ascii_digit()) { s.parse().ok() } else { None }
    };
    let weekday = DAYS.iter().find(|(n, _)| text.get(0..3) == Some(*n))?.1;
    let month = MONTHS.iter().position(|m| text.get(8..11) == Some(*m))?;
    let month = i8::try_from(month + 1).ok()?;
    let day = i8::try_from(num(5..7)?).ok()?;
    let year = num(12..16)?;
    let (h, m, s) = (num(17..19)?, num(20..22)?, num(23..25)?);
    let date = Date::new(year, month, day).ok()?;
    if date.weekday() != weekday {
        return None;
    }
    let dt = DateTime::new(
        year,
        month,
        day,
        i8::try_from(h).ok()?,
        i8::try_from(m).ok()?,
        i8::try_from(s).ok()?,
        0,
    )
    .ok()?;
    in_range(millis(dt))
}

/// Only instants from year 1 to year 9999, as Smithy allows.
fn in_range(ms: i64) -> Option<i64> {
    #[allow(clippy::cast_precision_loss)]
    let seconds = ms as f64 / 1000.0;
    (MIN_SECONDS..MAX_SECONDS).contains(&seconds).then_some(ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_time_requires_utc_and_t() {
        assert_eq!(date_time("1970-01-01T00:00:01Z"), Some(1000));
        assert_eq!(date_time("1985-04-12T23:20:50.52Z"), date_time("1985-04-12T23:20:50.520Z"));
        assert_eq!(date_time("1996-12-19T16:39:57-08:00"), None);
        assert_eq!(date_time("1996-12-19 16:39:57Z"), None);
        assert_eq!(date_time("1515531081"), None);
        assert_eq!(date_time("2020-02-30T00:00:00Z"), None);
        assert_eq!(date_time("2024-06-01t12:00:00z"), date_time("2024-06-01T12:00:00Z"));
        assert_eq!(date_time("2024-06-01T23:59:60Z"), date_time("2024-06-01T23:59:59Z"));
        assert_eq!(date_time("2024-06-01T12:00:00.123456789Z"), Some(1_717_243_200_123));
        for other_iso_8601 in [
            "2024-06-01T12+05:30Z",
            "2024-06-01T12:00:00-00:00Z",
            "2024-06-01T12:00:00[UTC]Z",
            "2024-06-01T120000.5Z",
            "2024-06-01T12:00:00,5Z",
            "2024-06-01T12:00Z",
            "2024-06-01T12:00:00.Z",
            "2024-06-01T12:00:00.1234567890Z",
            "+002024-06-01T12:00:00Z",
        ] {
            assert_eq!(date_time(other_iso_8601), None, "{other_iso_8601}");
        }
    }

    #[test]
    fn the_whole_smithy_range_is_accepted() {
        assert_eq!(date_time("9999-12-31T23:59:59.999Z"), Some(253_402_300_799_999));
        assert_eq!(http_date("Fri, 31 Dec 9999 23:59:59 GMT"), Some(253_402_300_799_000));
        assert_eq!(date_time("0001-01-01T00:00:00Z"), Some(-62_135_596_800_000));
        assert_eq!(date_time("0000-12-31T23:59:59Z"), None);
        assert_eq!(epoch_seconds(253_402_300_799.0), Some(253_402_300_799_000));
    }

    #[test]
    fn http_date_is_strict_imf_fixdate() {
        assert_eq!(http_date("Thu, 01 Jan 1970 00:00:01 GMT"), Some(1000));
        assert_eq!(http_date("Sun, 06 Nov 1994 08:49:37 GMT"), Some(784_111_777_000));
        assert_eq!(http_date("Mon, 06 Nov 1994 08:49:37 GMT"), None, "wrong day name");
        assert_eq!(http_date("Sun, 06 Nov 1994 08:49:37.5 GMT"), None);
        assert_eq!(http_date("Sunday, 06-Nov-94 08:49:37 GMT"), None);
        assert_eq!(http_date("Sun, 06 Nov 1994 08:49:37 UTC"), None);
    }

    #[test]
    fn epoch_seconds_range() {
        assert_eq!(epoch_seconds(1.5), Some(1500));
        assert_eq!(epoch_seconds(f64::NAN), None);
        assert_eq!(epoch_seconds(1e300), None);
    }
}
