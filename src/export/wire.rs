//! The wire formats of blobs and timestamps as JSON Schema: what conform's format checks accept
//! (`validate::scalar::base64_len`, `validate::timestamp`), written as patterns and lengths.

use serde_json::{Map, Value, json};

use crate::compile::ir::Length;
use crate::spec::TimestampFormat;
use crate::validate::timestamp::{MAX_SECONDS, MIN_SECONDS};

/// Standard, padded base64 with canonical trailing bits (the bits after the last whole byte are
/// zero): the last char before `=` is one whose low two bits are zero, before `==` one whose low
/// four bits are.
pub(super) const BASE64: &str = "^(?:[A-Za-z0-9+/]{4})*\
     (?:[A-Za-z0-9+/]{2}[AEIMQUYcgkosw048]=|[A-Za-z0-9+/][AQgw]==)?$";

/// A four-digit year from 0001 to 9999 (the years Smithy allows).
const YEAR: &str = "(?:[0-9]{3}[1-9]|[0-9]{2}[1-9]0|[0-9][1-9]00|[1-9]000)";
/// A four-digit leap year from 0001 to 9999 (divisible by 4, and by 400 if by 100).
const LEAP_YEAR: &str =
    "(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)";

/// The JSON Schema of a blob (a base64 string) whose decoded length is within `length`.
///
/// A decoded length of `n` bytes is `4 * ceil(n / 3)` chars with `(3 - n % 3) % 3` padding
/// chars, so bounds on the decoded length are bounds on the encoded one plus, at the shortest
/// and the longest encoded length the bounds allow, a condition on the padding.
pub(super) fn blob(length: Option<&Length>, o: &mut Map<String, Value>) {
    o.insert("type".into(), "string".into());
    o.insert("contentEncoding".into(), "base64".into());
    o.insert("pattern".into(), BASE64.into());
    let mut all = Vec::new();
    let min = length.and_then(|l| l.min).filter(|&m| m > 0);
    if let Some((chars, pad)) = min.and_then(encoded) {
        o.insert("minLength".into(), chars.into());
        // At `chars` chars, at most `pad` of them may be padding.
        match pad {
            0 => all.push(json!({"if": {"maxLength": chars}, "then": {"not": {"pattern": "=$"}}})),
            1 => all.push(json!({"if": {"maxLength": chars}, "then": {"not": {"pattern": "==$"}}})),
            _ => {}
        }
    }
    let max = length.and_then(|l| l.max);
    if let Some((chars, pad)) = max.and_then(encoded) {
        o.insert("maxLength".into(), chars.into());
        // At `chars` chars, at least `pad` of them must be padding.
        match pad {
            1 => all.push(json!({"if": {"minLength": chars}, "then": {"pattern": "=$"}})),
            2 => all.push(json!({"if": {"minLength": chars}, "then": {"pattern": "==$"}})),
            _ => {}
        }
    }
    if !all.is_empty() {
        o.insert("allOf".into(), Value::Array(all));
    }
}

/// The encoded length of `n` decoded bytes and its padding; `None` past `u64`.
fn encoded(n: u64) -> Option<(u64, u64)> {
    let groups = n.div_ceil(3);
    Some((groups.checked_mul(4)?, groups * 3 - n))
}

/// The JSON Schema of a timestamp in `format` (in a JSON body).
pub(super) fn timestamp(format: TimestampFormat, o: &mut Map<String, Value>) {
    match format {
        TimestampFormat::EpochSeconds => {
            o.insert("type".into(), "number".into());
            // Whole numbers of seconds: the casts are exact.
            #[allow(clippy::cast_possible_truncation)]
            let (min, max) = (MIN_SECONDS as i64, MAX_SECONDS as i64);
            o.insert("minimum".into(), min.into());
            o.insert("exclusiveMaximum".into(), max.into());
        }
        TimestampFormat::DateTime => {
            o.insert("type".into(), "string".into());
            o.insert("format".into(), "date-time".into());
            o.insert("pattern".into(), date_time().into());
        }
        TimestampFormat::HttpDate => {
            o.insert("type".into(), "string".into());
            o.insert("pattern".into(), http_date().into());
        }
    }
}

/// RFC 3339 date-time in UTC, as `validate::timestamp::date_time` reads it: a calendar date of
/// years 0001 to 9999, `T`, hours 00 to 23, minutes, seconds 00 to 60, an optional fraction of one
/// to nine digits, `Z` (`T` and `Z` in either case).
pub(super) fn date_time() -> String {
    let days = |month: &str, last: &str| format!("{month}-(?:0[1-9]|{last})");
    format!(
        "^(?:{YEAR}-(?:{}|{}|{})|{LEAP_YEAR}-02-29)[Tt](?:[01][0-9]|2[0-3]):[0-5][0-9]:\
         (?:[0-5][0-9]|60)(?:\\.[0-9]{{1,9}})?[Zz]$",
        days("(?:0[13578]|1[02])", "[12][0-9]|3[01]"),
        days("(?:0[469]|11)", "[12][0-9]|30"),
        days("02", "1[0-9]|2[0-8]"),
    )
}

/// IMF-fixdate, as `validate::timestamp::http_date` reads it, except that the day name is not
/// tied to the date: a calendar date of years 0001 to 9999 and a time without fraction, in GMT.
pub(super) fn http_date() -> String {
    format!(
        "^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (?:\
         (?:0[1-9]|[12][0-9]|3[01]) (?:Jan|Mar|May|Jul|Aug|Oct|Dec) {YEAR}|\
         (?:0[1-9]|[12][0-9]|30) (?:Apr|Jun|Sep|Nov) {YEAR}|\
         (?:0[1-9]|1[0-9]|2[0-8]) Feb {YEAR}|29 Feb {LEAP_YEAR}) \
         (?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9] GMT$"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::timestamp;

    /// Every date (and impossible ones: month 0 and 13, day 0 and 32) of the years around the
    /// turns of the leap-year rule, and of the first and last years.
    fn dates() -> impl Iterator<Item = (u32, u32, u32)> {
        let turns = [0, 100, 400, 1900, 2000, 2100];
        let years =
            turns.into_iter().flat_map(|t: u32| t.saturating_sub(4)..=t + 8).chain(9990..=9999);
        years.flat_map(|y| (0..=13).flat_map(move |m| (0..=32).map(move |d| (y, m, d))))
    }

    #[test]
    fn the_date_time_pattern_is_the_date_time_check() {
        let re = regex::Regex::new(&date_time()).unwrap();
        let mut n = 0;
        for (y, m, d) in dates() {
            let s = format!("{y:04}-{m:02}-{d:02}T00:00:00Z");
            assert_eq!(re.is_match(&s), timestamp::date_time(&s).is_some(), "{s}");
            n += 1;
        }
        for h in 0..=25 {
            for m in [0, 59, 60] {
                for s in [0, 59, 60, 61] {
                    for frac in ["", ".1", ".123456789", ".1234567890", "."] {
                        for (t, z) in [('T', 'Z'), ('t', 'z'), (' ', 'Z')] {
                            let s = format!("2024-02-29{t}{h:02}:{m:02}:{s:02}{frac}{z}");
                            assert_eq!(re.is_match(&s), timestamp::date_time(&s).is_some(), "{s}");
                            n += 1;
                        }
                    }
                }
            }
        }
        for s in [
            "2024-06-01T12:00:00.1234567890Z",
            "2024-06-01T12:00:00.Z",
            "2024-06-01T12:00:00+00:00",
            "2024-06-01T12:00+05:30Z",
            "2024-06-01T12:00:00,5Z",
            " 2024-06-01T12:00:00Z",
            "2024-06-01T12:00:00Z\n",
            "２０２４-06-01T12:00:00Z",
        ] {
            assert_eq!(re.is_match(s), timestamp::date_time(s).is_some(), "{s}");
        }
        assert!(n > 30_000, "{n}");
    }

    #[test]
    fn the_http_date_pattern_is_the_http_date_check_but_for_the_day_name() {
        let re = regex::Regex::new(&http_date()).unwrap();
        const MONTHS: [&str; 14] = [
            "Jax", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
            "Dec", "jan",
        ];
        const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
        for (y, m, d) in dates() {
            let month = MONTHS[m as usize];
            let dates: Vec<String> = ["23:59:59", "24:00:60"]
                .iter()
                .map(|time| format!("{d:02} {month} {y:04} {time} GMT"))
                .collect();
            for date in dates {
                let any_day = DAYS
                    .iter()
                    .any(|day| timestamp::http_date(&format!("{day}, {date}")).is_some());
                for day in DAYS {
                    let s = format!("{day}, {date}");
                    assert_eq!(re.is_match(&s), any_day, "{s}");
                }
            }
        }
        assert!(!re.is_match("Sun, 06 Nov 1994 08:49:37.5 GMT"));
        assert!(!re.is_match("Sun, 6 Nov 1994 08:49:37 GMT"));
    }
}
