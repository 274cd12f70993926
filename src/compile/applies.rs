//! Which fields apply to which shape types: one table, read both when a shape's own fields are
//! checked and when a member overrides its target's constraints. And how messages name a type.

use crate::error::Error;
use crate::spec::{ShapeDef, ShapeType};

/// Whether the spec field `field` applies to a shape of type `t`. Fields the table does not name
/// (`type`, `default`, `sensitive`, `doc`, …) apply to every type.
fn applies(field: &str, t: ShapeType) -> bool {
    match field {
        "length" => matches!(
            t,
            ShapeType::String
                | ShapeType::Enum
                | ShapeType::Blob
                | ShapeType::List
                | ShapeType::Map
        ),
        "pattern" | "hostLabel" => matches!(t, ShapeType::String | ShapeType::Enum),
        "range" => t.is_number(),
        "values" => matches!(t, ShapeType::Enum | ShapeType::IntEnum),
        "uniqueItems" => t == ShapeType::List,
        "sparse" => matches!(t, ShapeType::List | ShapeType::Map),
        "format" => t == ShapeType::Timestamp,
        "mediaType" => matches!(t, ShapeType::String | ShapeType::Blob),
        "member" => t == ShapeType::List,
        "key" | "value" => t == ShapeType::Map,
        "members" => matches!(t, ShapeType::Structure | ShapeType::Union),
        "error" | "httpError" => t == ShapeType::Structure,
        _ => true,
    }
}

/// Rejects fields set on a shape that do not apply to its type, and fields that contradict each
/// other.
pub(crate) fn check_fields(def: &ShapeDef, at: &str) -> Result<(), Error> {
    let present = [
        ("length", def.length.is_some()),
        ("pattern", def.pattern.is_some()),
        ("range", def.range.is_some()),
        ("values", def.values.is_some()),
        ("uniqueItems", def.unique_items),
        ("sparse", def.sparse),
        ("format", def.format.is_some()),
        ("mediaType", def.media_type.is_some()),
        ("member", def.member.is_some()),
        ("key", def.key.is_some()),
        ("value", def.value.is_some()),
        ("members", def.members.is_some()),
        ("error", def.error.is_some()),
        ("httpError", def.http_error.is_some()),
    ];
    for (field, is_set) in present {
        if is_set {
            check(field, def.shape_type, at, "shape")?;
        }
    }
    if def.unique_items && def.sparse {
        return Err(Error::invalid(
            format!("{at}/uniqueItems"),
            "a list cannot be both uniqueItems and sparse",
        ));
    }
    Ok(())
}

/// Rejects a constraint field (`length`, `pattern`, `range`, `format`) that a member at `at` sets
/// when it does not apply to the type `t` of the member's target.
pub(crate) fn check_override(field: &str, t: ShapeType, at: &str) -> Result<(), Error> {
    check(field, t, at, "target")
}

/// An error at `{at}/{field}` unless `field` applies to type `t`; `what` names what has the type
/// (a shape, or a member's target).
fn check(field: &str, t: ShapeType, at: &str, what: &str) -> Result<(), Error> {
    if applies(field, t) {
        return Ok(());
    }
    Err(Error::invalid(
        format!("{at}/{field}"),
        format!("`{field}` does not apply to {} {what}", article(t.name())),
    ))
}

/// `a list`, `an integer`: the type name with its indefinite article, as every compile message
/// names a type.
pub(crate) fn article(name: &str) -> String {
    // "a union": the u is pronounced as a consonant.
    let vowel = name.starts_with(['a', 'e', 'i', 'o', 'u']) && !name.starts_with("uni");
    format!("{} {name}", if vowel { "an" } else { "a" })
}
