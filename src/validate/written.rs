//! The digits a parsed `Value`'s numbers were written with, when the text is at hand.
//!
//! serde_json (without `arbitrary_precision`) reads a fraction or an integer beyond 64 bits as
//! the nearest double, so a `Value` built from an HTTP body has lost digits that a range on a
//! bigInteger or bigDecimal needs (`18446744073709551617`, `0.30000000000000001000001`). The
//! HTTP checks hold both the body's text and its `Value`: [`WrittenNumbers::of`] reads the text
//! beside the `Value` and remembers, for each such number in the `Value`, its text, and the
//! `Value` walk asks for it where a double cannot decide (see `Scalar::Written`).
//!
//! Numbers are told apart by where they live in the parsed `Value` (it is not changed while the
//! table is used). A member given twice in one object keeps its last copy in the `Value`; the
//! text's copies are read in order, so the last one's digits are the ones kept. Nothing is
//! built for a body whose numbers all fit a double's digits (the common case): no run of 16
//! digits or more, no exponent.

use std::collections::HashMap;

use serde_json::Value;

use super::lexer::Lexer;
use super::number::NumRef;

/// The written text of the numbers in one parsed `Value` that a double may have rounded.
#[derive(Debug, Default)]
pub(crate) struct WrittenNumbers<'t> {
    by_place: HashMap<usize, &'t str>,
}

impl<'t> WrittenNumbers<'t> {
    /// The texts of `value`'s numbers as `text` writes them, when some number in `text` may hold
    /// more than a double does; `None` otherwise, or when the text and the value disagree
    /// (they cannot when `value` was parsed from `text`).
    pub(crate) fn of(text: &'t str, value: &Value) -> Option<WrittenNumbers<'t>> {
        if !may_round(text.as_bytes()) {
            return None;
        }
        let mut table = WrittenNumbers::default();
        let mut lex = Lexer::new(text);
        table.read(&mut lex, value, 0).ok()?;
        (!table.by_place.is_empty()).then_some(table)
    }

    /// Adds the text of one number read from elsewhere (an HTTP label, query value or header),
    /// where `n` stays while the table is used.
    pub(crate) fn insert(&mut self, n: &serde_json::Number, text: &'t str) {
        self.by_place.insert(place(n), text);
    }

    /// Whether some number in `text` may hold more than a double (see [`may_round`]): only then
    /// is a table worth building.
    pub(crate) fn may_round(text: &str) -> bool {
        may_round(text.as_bytes())
    }

    /// The text `n` (a number inside the `Value` the table was built for) was written with.
    #[inline]
    pub(crate) fn get(&self, n: &serde_json::Number) -> Option<&'t str> {
        self.by_place.get(&place(n)).copied()
    }

    /// Reads one value of the text beside `value`.
    fn read(&mut self, lex: &mut Lexer<'t>, value: &Value, depth: usize) -> Result<(), ()> {
        // serde_json refuses deeper text before a `Value` exists; this never recurses further.
        if depth > super::lexer::RECURSION_LIMIT {
            return Err(());
        }
        lex.ws();
        match (lex.peek(), value) {
            (Some(b'{'), Value::Object(entries)) => {
                if lex.open(b'}').map_err(drop)? {
                    loop {
                        lex.key_start().map_err(drop)?;
                        let key = lex.string().map_err(drop)?;
                        lex.colon().map_err(drop)?;
                        match entries.get(&*key) {
                            Some(v) => self.read(lex, v, depth + 1)?,
                            None => lex.skip().map_err(drop)?,
                        }
                        if !lex.next_or_end(b'}').map_err(drop)? {
                            break;
                        }
                    }
                }
            }
            (Some(b'['), Value::Array(items)) => {
                let mut items = items.iter();
                if lex.open(b']').map_err(drop)? {
                    loop {
                        let item = items.next().ok_or(())?;
                        self.read(lex, item, depth + 1)?;
                        if !lex.next_or_end(b']').map_err(drop)? {
                            break;
                        }
                    }
                }
            }
            (Some(b'-' | b'0'..=b'9'), Value::Number(n)) => {
                // A later copy of a repeated member replaces what an earlier one said here.
                match lex.number().map_err(drop)? {
                    (NumRef::F64(_), written) => self.by_place.insert(place(n), written),
                    _ => self.by_place.remove(&place(n)),
                };
            }
            _ => lex.skip().map_err(drop)?,
        }
        Ok(())
    }
}

/// Where a number lives: its address inside the parsed `Value`.
fn place(n: &serde_json::Number) -> usize {
    std::ptr::from_ref(n) as usize
}

/// Whether some number in the text may hold more than a double: a run of 16 digits or more
/// (a double keeps 15 to 17), or an exponent (`1e-30` spells any digits). A string's contents may
/// trip it too; that only costs building the table.
fn may_round(text: &[u8]) -> bool {
    let mut run = 0;
    for (i, &b) in text.iter().enumerate() {
        match b {
            b'0'..=b'9' => {
                run += 1;
                if run >= 16 {
                    return true;
                }
            }
            b'.' => {}
            b'e' | b'E' if i > 0 && text[i - 1].is_ascii_digit() => return true,
            _ => run = 0,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_digits_of_long_numbers_are_kept_for_their_place_in_the_value() {
        let text = r#"{"a": 18446744073709551617, "b": [0.30000000000000001000001, 1.5], "c": 2}"#;
        let value: Value = serde_json::from_str(text).unwrap();
        let table = WrittenNumbers::of(text, &value).unwrap();
        let num = |v: &Value| match v {
            Value::Number(n) => table.get(n),
            _ => None,
        };
        assert_eq!(num(&value["a"]), Some("18446744073709551617"));
        assert_eq!(num(&value["b"][0]), Some("0.30000000000000001000001"));
        assert_eq!(num(&value["b"][1]), Some("1.5"));
        // An integer that fits 64 bits is exact already.
        assert_eq!(num(&value["c"]), None);
    }

    #[test]
    fn a_repeated_member_keeps_the_last_copy_digits() {
        let text = r#"{"a": 0.10000000000000000001, "a": 0.10000000000000000002}"#;
        let value: Value = serde_json::from_str(text).unwrap();
        let table = WrittenNumbers::of(text, &value).unwrap();
        let Value::Number(n) = &value["a"] else { panic!("a number") };
        assert_eq!(table.get(n), Some("0.10000000000000000002"));
    }

    #[test]
    fn an_exact_last_copy_clears_an_earlier_copy_digits() {
        let text = r#"{"a": 0.10000000000000000001, "a": 5}"#;
        let value: Value = serde_json::from_str(text).unwrap();
        let Value::Number(n) = &value["a"] else { panic!("a number") };
        assert_eq!(WrittenNumbers::of(text, &value).and_then(|t| t.get(n)), None);
    }

    #[test]
    fn short_numbers_build_nothing() {
        let text = r#"{"a": 1.25, "b": [3, -4.5], "c": "x"}"#;
        let value: Value = serde_json::from_str(text).unwrap();
        assert!(WrittenNumbers::of(text, &value).is_none());
        assert!(may_round(b"1e5") && may_round(b"1234567890123456") && !may_round(b"\"e\""));
    }
}
