//! The constraint fields that shapes and members both carry (`length`, `range`, `pattern`, the
//! timestamp `format`), and the serde helpers the spec's types share.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::pattern::MatchRule;

/// `length`: inclusive bounds on a count.
///
/// # Example
/// ```
/// let l: conform::spec::LengthDef = serde_json::from_str(r#"{"max": 50}"#)?;
/// assert_eq!((l.min, l.max), (None, Some(50)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LengthDef {
    /// Inclusive minimum.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<u64>,
    /// Inclusive maximum.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<u64>,
}

/// `range`: inclusive decimal bounds, kept as written.
///
/// # Example
/// ```
/// let r: conform::spec::RangeDef = serde_json::from_str(r#"{"min": 1, "max": "2.50"}"#)?;
/// assert_eq!(r.min.as_deref(), Some("1"));
/// assert_eq!(r.max.as_deref(), Some("2.50"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RangeDef {
    /// Inclusive minimum, as decimal text.
    #[serde(default, with = "decimal_text", skip_serializing_if = "Option::is_none")]
    pub min: Option<String>,
    /// Inclusive maximum, as decimal text.
    #[serde(default, with = "decimal_text", skip_serializing_if = "Option::is_none")]
    pub max: Option<String>,
}

/// `pattern`: a regular expression and, optionally, its own matching rule.
///
/// # Example
/// ```
/// use conform::spec::PatternDef;
/// let p: PatternDef = serde_json::from_str(r#"{"regex": "^a", "match": "search"}"#)?;
/// assert_eq!(p.regex(), "^a");
/// assert_eq!(p.rule(), Some(conform::MatchRule::Search));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum PatternDef {
    /// The regex; the file's rule applies.
    Text(String),
    /// The regex with its own rule.
    WithRule {
        /// The regex.
        regex: String,
        /// The rule.
        #[serde(rename = "match", with = "match_rule")]
        rule: MatchRule,
    },
}

impl PatternDef {
    /// The regex as written.
    pub fn regex(&self) -> &str {
        match self {
            PatternDef::Text(s) | PatternDef::WithRule { regex: s, .. } => s,
        }
    }

    /// The pattern's own rule, if it names one.
    pub fn rule(&self) -> Option<MatchRule> {
        match self {
            PatternDef::Text(_) => None,
            PatternDef::WithRule { rule, .. } => Some(*rule),
        }
    }
}

/// Timestamp wire formats.
///
/// ```
/// use conform::spec::TimestampFormat;
/// assert_eq!(TimestampFormat::HttpDate.name(), "http-date");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum TimestampFormat {
    /// RFC 3339 with `Z`, optional fraction.
    DateTime,
    /// IMF-fixdate (RFC 9110).
    HttpDate,
    /// Seconds since the epoch, a JSON number with an optional fraction.
    EpochSeconds,
}

impl TimestampFormat {
    /// The name used in spec files and messages.
    pub fn name(self) -> &'static str {
        match self {
            TimestampFormat::DateTime => "date-time",
            TimestampFormat::HttpDate => "http-date",
            TimestampFormat::EpochSeconds => "epoch-seconds",
        }
    }
}

/// Serde: a `false` flag is left out of the file.
pub(crate) fn is_false(b: &bool) -> bool {
    !*b
}

pub(crate) mod match_rule {
    use super::*;

    pub(crate) fn serialize<S: Serializer>(rule: &MatchRule, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(rule.as_str())
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<MatchRule, D::Error> {
        let text = String::deserialize(d)?;
        match text.as_str() {
            "whole-value" => Ok(MatchRule::WholeValue),
            "search" => Ok(MatchRule::Search),
            other => Err(serde::de::Error::invalid_value(
                serde::de::Unexpected::Str(other),
                &"`whole-value` or `search`",
            )),
        }
    }
}

mod decimal_text {
    use super::*;

    pub(super) fn serialize<S: Serializer>(text: &Option<String>, s: S) -> Result<S::Ok, S::Error> {
        match text {
            // Plain integers and short decimals are written as JSON numbers when that keeps the text.
            Some(t) => match serde_json::from_str::<serde_json::Number>(t) {
                Ok(n) if n.to_string() == *t => n.serialize(s),
                _ => s.serialize_str(t),
            },
            None => s.serialize_none(),
        }
    }

    /// A JSON number keeps its digits as written (`18446744073709551616`, `0.30000000000000001`,
    /// which a double would round), read from the raw text; a string is taken as it is.
    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        use serde::de::Error as _;
        let raw = Box::<serde_json::value::RawValue>::deserialize(d)?;
        let text = raw.get().trim();
        if text.starts_with('"') {
            return serde_json::from_str::<String>(text).map(Some).map_err(D::Error::custom);
        }
        match serde_json::from_str::<serde_json::Number>(text) {
            Ok(_) => Ok(Some(text.to_owned())),
            Err(_) => {
                Err(D::Error::custom(format!("a range bound is a number or a string, not {text}")))
            }
        }
    }
}
