//! The constraint lines of a member entry (`Type:`, `Length Constraints:`, `Pattern:`, …) and the
//! type phrases of the `Type:` line, shared by the text and markdown forms.

use crate::spec::{LengthDef, RangeDef};

use super::parsed::{Ty, is_identifier};

/// A constraint label at the start of a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Label {
    Type,
    Length,
    Pattern,
    Required,
    ValidValues,
    ValidRange,
    ArrayMembers,
    MapEntries,
    KeyLength,
    KeyPattern,
    ValueLength,
    ValuePattern,
    ValidKeys,
    HttpStatus,
}

impl Label {
    /// The label as pages print it (`Length Constraints`).
    pub(super) fn text(self) -> &'static str {
        LABELS.iter().find(|(_, l)| *l == self).map_or("", |(t, _)| t)
    }
}

/// Longer labels first: `Key Length Constraints` before `Length Constraints`.
const LABELS: &[(&str, Label)] = &[
    ("Key Length Constraints", Label::KeyLength),
    ("Value Length Constraints", Label::ValueLength),
    ("Length Constraints", Label::Length),
    ("Key Pattern", Label::KeyPattern),
    ("Value Pattern", Label::ValuePattern),
    ("Pattern", Label::Pattern),
    ("Type", Label::Type),
    ("Required", Label::Required),
    ("Valid Values", Label::ValidValues),
    ("Valid Range", Label::ValidRange),
    ("Valid Keys", Label::ValidKeys),
    ("Array Members", Label::ArrayMembers),
    ("Map Entries", Label::MapEntries),
    ("HTTP Status Code", Label::HttpStatus),
];

/// The label a line starts with (`Type: String`, also `**Type:** String`), and the rest.
pub(super) fn label(line: &str) -> Option<(Label, &str)> {
    let line = line.trim_start();
    for (text, label) in LABELS {
        let Some(head) = line.get(..text.len()) else { continue };
        if !head.eq_ignore_ascii_case(text) {
            continue;
        }
        let rest = line.get(text.len()..).unwrap_or("");
        // `Type:`, `Type :`, and the bold markdown forms `**Type:**` / `**Type**:` (the `**` are
        // stripped before this is called, but a stray one may remain).
        let rest = rest.trim_start_matches('*').trim_start();
        if let Some(value) = rest.strip_prefix(':') {
            let value = value.trim_start_matches('*');
            return Some((*label, value.trim()));
        }
    }
    None
}

/// Positions where a label is glued to the end of a sentence (`…are common choices.Type: String`),
/// as scrapers that drop block boundaries produce. Returns byte offsets of the label starts.
pub(super) fn glued_labels(line: &str) -> Vec<usize> {
    let mut cuts = Vec::new();
    for (i, _) in line.match_indices('.') {
        let after = i + 1;
        let Some(rest) = line.get(after..) else { continue };
        if rest.starts_with(' ') || rest.is_empty() {
            continue;
        }
        if label(rest).is_some() && rest.chars().next().is_some_and(|c| c.is_ascii_uppercase()) {
            cuts.push(after);
        }
    }
    cuts
}

/// Reads `Minimum length of 1. Maximum length of 128.`, `Fixed length of 12.`, `Minimum number of 0
/// items. Maximum number of 200 items.`
pub(super) fn length(value: &str) -> Result<LengthDef, String> {
    let min = number_after(value, &["Minimum length of", "Minimum number of"])?;
    let max = number_after(value, &["Maximum length of", "Maximum number of"])?;
    let fixed = number_after(value, &["Fixed length of", "Fixed number of"])?;
    let def = match (min, max, fixed) {
        (None, None, Some(n)) => LengthDef { min: Some(n), max: Some(n) },
        (None, None, None) => return Err(format!("cannot read the bounds in `{}`", short(value))),
        (min, max, _) => LengthDef { min, max },
    };
    if let (Some(a), Some(b)) = (def.min, def.max)
        && a > b
    {
        return Err(format!("minimum {a} is greater than maximum {b} in `{}`", short(value)));
    }
    Ok(def)
}

fn number_after(value: &str, phrases: &[&str]) -> Result<Option<u64>, String> {
    for phrase in phrases {
        let Some(i) = find_ignore_case(value, phrase) else { continue };
        let rest = value.get(i + phrase.len()..).unwrap_or("").trim_start();
        let digits: String = rest
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == ',')
            .filter(|c| *c != ',')
            .collect();
        return match digits.parse::<u64>() {
            Ok(n) => Ok(Some(n)),
            Err(_) => Err(format!("cannot read the number after `{phrase}` in `{}`", short(value))),
        };
    }
    Ok(None)
}

/// Reads `Minimum value of 0. Maximum value of 100.` (decimals kept as written).
pub(super) fn range(value: &str) -> Result<RangeDef, String> {
    let min = decimal_after(value, "Minimum value of")?;
    let max = decimal_after(value, "Maximum value of")?;
    let fixed = decimal_after(value, "Fixed value of")?;
    match (min, max, fixed) {
        (None, None, Some(n)) => Ok(RangeDef { min: Some(n.clone()), max: Some(n) }),
        (None, None, None) => Err(format!("cannot read the bounds in `{}`", short(value))),
        (min, max, _) => {
            if let (Some(a), Some(b)) = (&min, &max)
                && let (Ok(x), Ok(y)) = (a.parse::<f64>(), b.parse::<f64>())
                && x > y
            {
                return Err(format!(
                    "minimum {a} is greater than maximum {b} in `{}`",
                    short(value)
                ));
            }
            Ok(RangeDef { min, max })
        }
    }
}

fn decimal_after(value: &str, phrase: &str) -> Result<Option<String>, String> {
    let Some(i) = find_ignore_case(value, phrase) else { return Ok(None) };
    let rest = value.get(i + phrase.len()..).unwrap_or("").trim_start();
    let token: String = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E'))
        .collect();
    let token = token.trim_end_matches('.');
    if is_decimal(token) {
        Ok(Some(token.trim_start_matches('+').to_owned()))
    } else {
        Err(format!("cannot read the number after `{phrase}` in `{}`", short(value)))
    }
}

/// `-12`, `0.5`, `1E+3`: what `range` bounds accept.
fn is_decimal(s: &str) -> bool {
    let s = s.strip_prefix(['-', '+']).unwrap_or(s);
    let (mantissa, exp) = match s.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e)),
        None => (s, None),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |t: &str| t.chars().all(|c| c.is_ascii_digit());
    let mantissa_ok = !int.is_empty() && digits(int) && digits(frac);
    let exp_ok = exp.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exp_ok
}

/// `A | B | C`, also with backticks around the values or around the list.
pub(super) fn values(value: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let whole = strip_code(value.trim());
    let list = if whole.contains('`') { value } else { whole };
    for v in list.split('|').map(|v| strip_code(v.trim()).trim()) {
        if !v.is_empty() && !out.iter().any(|o| o == v) {
            out.push(v.to_owned());
        }
    }
    out
}

/// `Yes` / `No`.
pub(super) fn yes(value: &str) -> Option<bool> {
    let v = value.trim().trim_end_matches('.');
    if v.eq_ignore_ascii_case("yes") || v.eq_ignore_ascii_case("true") {
        Some(true)
    } else if v.eq_ignore_ascii_case("no") || v.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// A status code: `409`.
pub(super) fn status(value: &str) -> Option<u16> {
    let digits: String = value.trim().chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok().filter(|c| (100..=599).contains(c))
}

/// A pattern as printed: the text after `Pattern:`, without markdown code marks.
pub(super) fn pattern(value: &str) -> String {
    strip_code(value.trim()).to_owned()
}

/// Removes one pair of surrounding backticks (`` `x` `` or ``` `` x `` ```).
pub(super) fn strip_code(s: &str) -> &str {
    for fence in ["``", "`"] {
        if s.len() >= 2 * fence.len()
            && let Some(inner) = s.strip_prefix(fence).and_then(|r| r.strip_suffix(fence))
        {
            return if fence == "``" { inner.trim() } else { inner };
        }
    }
    s
}

/// Deepest type nesting read (`Array of arrays of …`); deeper is read as a document.
const MAX_TYPE_DEPTH: usize = 16;

/// Reads the phrase of a `Type:` line.
pub(super) fn ty(value: &str) -> Result<Ty, String> {
    parse_ty(value, 0).ok_or_else(|| format!("unknown type `{}`", short(value)))
}

fn parse_ty(value: &str, depth: usize) -> Option<Ty> {
    if depth > MAX_TYPE_DEPTH {
        return None;
    }
    let s = strip_code(value.trim().trim_end_matches('.').trim()).trim();
    let lower = s.to_ascii_lowercase();
    if let Some(t) = scalar(&lower) {
        return Some(t);
    }
    if let Some(rest) = strip_prefix_ignore_case(s, "array of ") {
        return Some(Ty::List(Box::new(parse_plural(rest, depth + 1)?)));
    }
    if let Some(body) = strip_suffix_ignore_case(s, " map")
        && let Some(i) = find_ignore_case(body, " to ")
    {
        let key = parse_ty(body.get(..i)?, depth + 1)?;
        let value = parse_ty(body.get(i + 4..)?, depth + 1)?;
        return Some(Ty::Map(Box::new(key), Box::new(value)));
    }
    if let Some(name) = strip_suffix_ignore_case(s, " object") {
        return named(name.trim());
    }
    None
}

/// The plural item phrase of `Array of …`: `strings`, `Tag objects`, `arrays of strings`.
fn parse_plural(value: &str, depth: usize) -> Option<Ty> {
    let s = value.trim().trim_end_matches('.').trim();
    if let Some(name) = strip_suffix_ignore_case(s, " objects") {
        let lower = name.trim().to_ascii_lowercase();
        if lower == "base64-encoded binary data" {
            return Some(Ty::Blob);
        }
        return named(name.trim());
    }
    if let Some(rest) = strip_prefix_ignore_case(s, "arrays of ") {
        return Some(Ty::List(Box::new(parse_plural(rest, depth + 1)?)));
    }
    if let Some(body) = strip_suffix_ignore_case(s, " maps") {
        return parse_ty(&format!("{body} map"), depth + 1);
    }
    let lower = s.to_ascii_lowercase();
    let singular = lower.strip_suffix('s').unwrap_or(&lower);
    scalar(singular).or_else(|| parse_ty(s, depth + 1))
}

fn scalar(lower: &str) -> Option<Ty> {
    Some(match lower {
        "string" => Ty::String,
        "integer" | "int" => Ty::Integer,
        "long" => Ty::Long,
        "boolean" => Ty::Boolean,
        "timestamp" => Ty::Timestamp,
        "double" => Ty::Double,
        "float" => Ty::Float,
        "base64-encoded binary data object" | "blob" => Ty::Blob,
        "json value" | "document" => Ty::Document,
        _ => return None,
    })
}

fn named(name: &str) -> Option<Ty> {
    is_identifier(name).then(|| Ty::Named(name.to_owned()))
}

pub(super) fn find_ignore_case(haystack: &str, needle: &str) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    // Needles are ASCII: a match starts at a char boundary where the ASCII bytes agree.
    let h = haystack.as_bytes();
    let n = needle.as_bytes();
    if n.len() > h.len() {
        return None;
    }
    (0..=h.len() - n.len()).find(|&i| {
        h.get(i..i + n.len()).is_some_and(|w| w.eq_ignore_ascii_case(n))
            && haystack.is_char_boundary(i)
    })
}

fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| s.get(prefix.len()..)).flatten()
}

fn strip_suffix_ignore_case<'a>(s: &'a str, suffix: &str) -> Option<&'a str> {
    let cut = s.len().checked_sub(suffix.len())?;
    let tail = s.get(cut..)?;
    tail.eq_ignore_ascii_case(suffix).then(|| s.get(..cut)).flatten()
}

/// At most 80 characters of a value, for messages.
pub(super) fn short(s: &str) -> String {
    let mut out: String = s.chars().take(80).collect();
    if s.chars().nth(80).is_some() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        assert_eq!(label("Type: String"), Some((Label::Type, "String")));
        assert_eq!(label("Key Pattern: ^a$"), Some((Label::KeyPattern, "^a$")));
        assert_eq!(label("Pattern:"), Some((Label::Pattern, "")));
        assert_eq!(label("Typed text"), None);
        assert_eq!(glued_labels("common choices.Type: String"), vec![15]);
    }

    #[test]
    fn lengths_and_ranges() {
        assert_eq!(length("Fixed length of 12."), Ok(LengthDef { min: Some(12), max: Some(12) }));
        assert_eq!(
            length("Maximum number of 50 items."),
            Ok(LengthDef { min: None, max: Some(50) })
        );
        assert!(length("Minimum length of 5. Maximum length of 3.").is_err());
        assert!(length("Minimum length of 99999999999999999999999.").is_err());
        let r = range("Minimum value of -1. Maximum value of 0.5.").unwrap();
        assert_eq!((r.min.as_deref(), r.max.as_deref()), (Some("-1"), Some("0.5")));
    }

    #[test]
    fn valid_values() {
        assert_eq!(values("A | B | A"), ["A", "B"]);
        assert_eq!(values("`A` | `B`"), ["A", "B"]);
        // The awsdocs markdown puts the whole list in one code span, after a space.
        assert_eq!(values("` x86_64 | arm64`"), ["x86_64", "arm64"]);
    }

    #[test]
    fn types() {
        assert_eq!(ty("Array of Tag objects"), Ok(Ty::List(Box::new(Ty::Named("Tag".into())))));
        assert_eq!(
            ty("String to string map"),
            Ok(Ty::Map(Box::new(Ty::String), Box::new(Ty::String)))
        );
        assert_eq!(ty("Base64-encoded binary data object"), Ok(Ty::Blob));
        assert_eq!(
            ty("String to array of strings map"),
            Ok(Ty::Map(Box::new(Ty::String), Box::new(Ty::List(Box::new(Ty::String)))))
        );
        assert_eq!(
            ty("Array of arrays of integers"),
            Ok(Ty::List(Box::new(Ty::List(Box::new(Ty::Integer)))))
        );
        assert!(ty(&"Array of ".repeat(10_000)).is_err());
    }
}
