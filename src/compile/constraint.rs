//! Constraints built from their spec fields: length and range bounds, enum and intEnum value
//! sets, each checked for contradictions.

use std::collections::HashSet;

use super::applies::article;
use super::ir::{Bound, EnumSet, IntEnumSet, Length, MemberKeys, Range};
use crate::decimal::Decimal;
use crate::error::Error;
use crate::spec::{EnumValue, LengthDef, RangeDef, ShapeType};

/// The `length` bounds (`None` when the field is absent), checked: at least one bound, and
/// `min <= max`.
pub(crate) fn length(def: Option<&LengthDef>, at: &str) -> Result<Option<Length>, Error> {
    let Some(def) = def else { return Ok(None) };
    let at = format!("{at}/length");
    match (def.min, def.max) {
        (None, None) => Err(Error::invalid(at, "`length` needs `min` or `max`")),
        (Some(min), Some(max)) if min > max => {
            Err(Error::invalid(at, format!("min {min} is greater than max {max}")))
        }
        (min, max) => Ok(Some(Length { min, max })),
    }
}

/// The `range` bounds of a shape of type `t`, checked: at least one bound, each a decimal
/// number (an integer unless `t` is a float, double or bigDecimal), and `min <= max`.
pub(crate) fn range(
    def: Option<&RangeDef>,
    t: ShapeType,
    at: &str,
) -> Result<Option<Range>, Error> {
    let Some(def) = def else { return Ok(None) };
    let at = format!("{at}/range");
    let bound = |text: &Option<String>, which: &str| -> Result<Option<Bound>, Error> {
        let Some(text) = text else { return Ok(None) };
        let value = Decimal::parse(text).ok_or_else(|| {
            Error::invalid(format!("{at}/{which}"), format!("`{text}` is not a decimal number"))
        })?;
        let fractional_allowed =
            matches!(t, ShapeType::Float | ShapeType::Double | ShapeType::BigDecimal);
        if !fractional_allowed && !value.is_integer() {
            return Err(Error::invalid(
                format!("{at}/{which}"),
                format!("{} range cannot have the fractional bound {text}", article(t.name())),
            ));
        }
        Ok(Some(Bound::new(text, value)))
    };
    let min = bound(&def.min, "min")?;
    let max = bound(&def.max, "max")?;
    match (&min, &max) {
        (None, None) => Err(Error::invalid(at, "`range` needs `min` or `max`")),
        (Some(a), Some(b)) if a.value > b.value => {
            Err(Error::invalid(at, format!("min {} is greater than max {}", a.text, b.text)))
        }
        _ => Ok(Some(Range { min, max })),
    }
}

/// An enum's values, checked: at least one, each a non-empty string, no duplicates.
pub(crate) fn enum_set(values: Option<&[EnumValue]>, at: &str) -> Result<EnumSet, Error> {
    let values = values.unwrap_or_default();
    if values.is_empty() {
        return Err(Error::invalid(format!("{at}/values"), "an enum needs at least one value"));
    }
    let mut set = HashSet::new();
    let mut listed = Vec::new();
    for (i, v) in values.iter().enumerate() {
        let v_at = format!("{at}/values/{i}");
        let Some(s) = v.value.as_str() else {
            return Err(Error::invalid(v_at, "enum values are strings"));
        };
        if s.is_empty() {
            return Err(Error::invalid(v_at, "enum values cannot be empty"));
        }
        if !set.insert(s.to_owned()) {
            return Err(Error::invalid(v_at, format!("duplicate enum value `{s}`")));
        }
        if !v.internal {
            listed.push(s.to_owned());
        }
    }
    let all: Box<[String]> =
        values.iter().filter_map(|v| v.value.as_str().map(str::to_owned)).collect();
    let mut keys = MemberKeys::default();
    for v in &all {
        keys.push(v.as_str().into());
    }
    keys.finish();
    Ok(EnumSet { listed: listed.into(), all, keys })
}

/// An intEnum's values, checked: at least one, each a 32-bit integer, no duplicates.
pub(crate) fn int_enum_set(values: Option<&[EnumValue]>, at: &str) -> Result<IntEnumSet, Error> {
    let values = values.unwrap_or_default();
    if values.is_empty() {
        return Err(Error::invalid(format!("{at}/values"), "an intEnum needs at least one value"));
    }
    let mut set = HashSet::new();
    let mut listed = Vec::new();
    for (i, v) in values.iter().enumerate() {
        let v_at = format!("{at}/values/{i}");
        let Some(n) = v.value.as_i64().filter(|n| i32::try_from(*n).is_ok()) else {
            return Err(Error::invalid(v_at, "intEnum values are 32-bit integers"));
        };
        if !set.insert(n) {
            return Err(Error::invalid(v_at, format!("duplicate intEnum value {n}")));
        }
        if !v.internal {
            listed.push(n.to_string());
        }
    }
    Ok(IntEnumSet { values: set, listed: listed.into() })
}
