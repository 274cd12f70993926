//! Shape definitions: a type with its fields, enum values, error faults.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use super::constraint::{LengthDef, PatternDef, RangeDef, TimestampFormat, is_false};
use super::member::MemberDef;

/// A named shape: a type plus its constraints.
///
/// # Example
/// ```
/// let shape: conform::spec::ShapeDef = serde_json::from_str(
///     r#"{"type": "string", "length": {"min": 1, "max": 128}, "pattern": "[a-z]+"}"#)?;
/// assert_eq!(shape.shape_type, conform::spec::ShapeType::String);
/// assert_eq!(shape.length.map(|l| l.max), Some(Some(128)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ShapeDef {
    /// The type.
    #[serde(rename = "type")]
    pub shape_type: ShapeType,
    /// Length bounds (string, blob, list, map).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub length: Option<LengthDef>,
    /// Pattern (string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<PatternDef>,
    /// Range bounds (numbers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<RangeDef>,
    /// Allowed values (enum, intEnum).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<EnumValue>>,
    /// Items must be unique (list).
    #[serde(default, skip_serializing_if = "is_false")]
    pub unique_items: bool,
    /// `null` items or values are allowed (list, map).
    #[serde(default, skip_serializing_if = "is_false")]
    pub sparse: bool,
    /// The value must never be echoed.
    #[serde(default, skip_serializing_if = "is_false")]
    pub sensitive: bool,
    /// The default value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<serde_json::Value>,
    /// Timestamp wire format.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<TimestampFormat>,
    /// The media type of a string or blob (Smithy `@mediaType`, e.g. `application/json`): the
    /// `Content-Type` of a payload member that targets it; a string with a media type travels
    /// base64-encoded in a header.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_type: Option<String>,
    /// List item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member: Option<Box<MemberDef>>,
    /// Map key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<Box<MemberDef>>,
    /// Map value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Box<MemberDef>>,
    /// Structure or union members, in order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub members: Option<IndexMap<String, MemberDef>>,
    /// Marks an error structure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorFault>,
    /// The HTTP status code of an error structure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_error: Option<u16>,
    /// Documentation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// Provenance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl ShapeDef {
    /// A shape of the given type with no constraints.
    ///
    /// # Example
    /// ```
    /// use conform::spec::{ShapeDef, ShapeType};
    /// assert!(ShapeDef::new(ShapeType::Integer).range.is_none());
    /// ```
    pub fn new(shape_type: ShapeType) -> ShapeDef {
        ShapeDef {
            shape_type,
            length: None,
            pattern: None,
            range: None,
            values: None,
            unique_items: false,
            sparse: false,
            sensitive: false,
            default: None,
            format: None,
            media_type: None,
            member: None,
            key: None,
            value: None,
            members: None,
            error: None,
            http_error: None,
            doc: None,
            note: None,
        }
    }
}

/// The Smithy shape types.
///
/// # Example
/// ```
/// use conform::spec::ShapeType;
/// assert_eq!(ShapeType::from_name("bigDecimal"), Some(ShapeType::BigDecimal));
/// assert_eq!(ShapeType::BigDecimal.name(), "bigDecimal");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum ShapeType {
    /// Text.
    String,
    /// A closed set of strings.
    Enum,
    /// Bytes, base64 in JSON.
    Blob,
    /// `true` or `false`.
    Boolean,
    /// 8-bit signed integer.
    Byte,
    /// 16-bit signed integer.
    Short,
    /// 32-bit signed integer.
    Integer,
    /// 64-bit signed integer.
    Long,
    /// Arbitrary-precision integer.
    BigInteger,
    /// 32-bit float.
    Float,
    /// 64-bit float.
    Double,
    /// Arbitrary-precision decimal.
    BigDecimal,
    /// A closed set of integers.
    IntEnum,
    /// An instant.
    Timestamp,
    /// Any JSON value.
    Document,
    /// Ordered items.
    List,
    /// String keys to values.
    Map,
    /// Named members.
    Structure,
    /// Exactly one of its members.
    Union,
}

impl ShapeType {
    const ALL: [ShapeType; 19] = [
        ShapeType::String,
        ShapeType::Enum,
        ShapeType::Blob,
        ShapeType::Boolean,
        ShapeType::Byte,
        ShapeType::Short,
        ShapeType::Integer,
        ShapeType::Long,
        ShapeType::BigInteger,
        ShapeType::Float,
        ShapeType::Double,
        ShapeType::BigDecimal,
        ShapeType::IntEnum,
        ShapeType::Timestamp,
        ShapeType::Document,
        ShapeType::List,
        ShapeType::Map,
        ShapeType::Structure,
        ShapeType::Union,
    ];

    /// The name used in spec files.
    pub fn name(self) -> &'static str {
        match self {
            ShapeType::String => "string",
            ShapeType::Enum => "enum",
            ShapeType::Blob => "blob",
            ShapeType::Boolean => "boolean",
            ShapeType::Byte => "byte",
            ShapeType::Short => "short",
            ShapeType::Integer => "integer",
            ShapeType::Long => "long",
            ShapeType::BigInteger => "bigInteger",
            ShapeType::Float => "float",
            ShapeType::Double => "double",
            ShapeType::BigDecimal => "bigDecimal",
            ShapeType::IntEnum => "intEnum",
            ShapeType::Timestamp => "timestamp",
            ShapeType::Document => "document",
            ShapeType::List => "list",
            ShapeType::Map => "map",
            ShapeType::Structure => "structure",
            ShapeType::Union => "union",
        }
    }

    /// The type with this spec-file name.
    pub fn from_name(name: &str) -> Option<ShapeType> {
        ShapeType::ALL.into_iter().find(|t| t.name() == name)
    }

    /// The predefined (prelude) shape with this name: the simple types a member can target directly.
    ///
    /// ```
    /// use conform::spec::ShapeType;
    /// assert_eq!(ShapeType::prelude("string"), Some(ShapeType::String));
    /// assert_eq!(ShapeType::prelude("list"), None);
    /// ```
    pub fn prelude(name: &str) -> Option<ShapeType> {
        ShapeType::from_name(name).filter(|t| {
            !matches!(
                t,
                ShapeType::Enum
                    | ShapeType::IntEnum
                    | ShapeType::List
                    | ShapeType::Map
                    | ShapeType::Structure
                    | ShapeType::Union
            )
        })
    }

    /// Whether `range` applies.
    pub fn is_number(self) -> bool {
        matches!(
            self,
            ShapeType::Byte
                | ShapeType::Short
                | ShapeType::Integer
                | ShapeType::Long
                | ShapeType::BigInteger
                | ShapeType::Float
                | ShapeType::Double
                | ShapeType::BigDecimal
        )
    }
}

/// One allowed value of an enum or intEnum.
///
/// # Example
/// ```
/// use conform::spec::EnumValue;
/// let v: Vec<EnumValue> = serde_json::from_str(r#"["A", {"name": "B", "value": "b", "internal": true}, 3]"#)?;
/// assert_eq!(v[1].value, serde_json::json!("b"));
/// assert!(v[1].internal);
/// assert_eq!(v[2].value, serde_json::json!(3));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "EnumValueRepr", into = "EnumValueRepr")]
pub struct EnumValue {
    /// The member name, when it differs from the value.
    pub name: Option<String>,
    /// The value: a string (enum) or an integer (intEnum).
    pub value: serde_json::Value,
    /// Accepted, but not listed in messages.
    pub internal: bool,
    /// Documentation.
    pub doc: Option<String>,
}

impl EnumValue {
    /// A plain value.
    ///
    /// ```
    /// let v = conform::spec::EnumValue::new("FAILED");
    /// assert_eq!(v.value, "FAILED");
    /// ```
    pub fn new(value: impl Into<serde_json::Value>) -> EnumValue {
        EnumValue { name: None, value: value.into(), internal: false, doc: None }
    }
}

#[derive(Clone, Serialize, Deserialize)]
#[serde(untagged)]
enum EnumValueRepr {
    // `Full` first: untagged tries variants in order, and `Plain` would take objects too.
    Full {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
        value: serde_json::Value,
        #[serde(default, skip_serializing_if = "is_false")]
        internal: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        doc: Option<String>,
    },
    Plain(serde_json::Value),
}

impl From<EnumValueRepr> for EnumValue {
    fn from(repr: EnumValueRepr) -> EnumValue {
        match repr {
            EnumValueRepr::Full { name, value, internal, doc } => {
                EnumValue { name, value, internal, doc }
            }
            EnumValueRepr::Plain(value) => EnumValue::new(value),
        }
    }
}

impl From<EnumValue> for EnumValueRepr {
    fn from(v: EnumValue) -> EnumValueRepr {
        if v.name.is_none() && !v.internal && v.doc.is_none() && !v.value.is_object() {
            EnumValueRepr::Plain(v.value)
        } else {
            EnumValueRepr::Full { name: v.name, value: v.value, internal: v.internal, doc: v.doc }
        }
    }
}

/// Whether an error is the client's or the server's.
///
/// ```
/// let f: conform::spec::ErrorFault = serde_json::from_str("\"client\"")?;
/// assert_eq!(f, conform::spec::ErrorFault::Client);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum ErrorFault {
    /// 4xx.
    Client,
    /// 5xx.
    Server,
}
