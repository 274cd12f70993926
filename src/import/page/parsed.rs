//! What a page says, as the readers ([`text`](super::text), [`markdown`](super::markdown),
//! [`rst`](super::rst)) parse it and the builder reads it: the operation or data type, its request
//! and response lines, its fields with their constraint lines, and its errors. And the names pages
//! give (identifiers, PascalCase).

use std::collections::HashSet;

use crate::spec::{LengthDef, RangeDef};

/// What one page says.
#[derive(Debug, Default)]
pub(super) struct Page {
    /// The operation's or data type's name.
    pub(super) name: String,
    /// Whether the page describes a data type (a `Contents` section) rather than an operation.
    pub(super) data_type: bool,
    pub(super) title: Option<String>,
    pub(super) service: Option<String>,
    pub(super) api_version: Option<String>,
    pub(super) doc: Option<String>,
    /// Whether the page is a boto3 RST page (no HTTP binding, no constraints).
    pub(super) rst: bool,
    pub(super) request: Option<RequestLine>,
    pub(super) response: Option<ResponseLine>,
    pub(super) protocol: Option<&'static str>,
    pub(super) uri_params: Vec<Field>,
    pub(super) body: Vec<Field>,
    pub(super) output: Vec<Field>,
    pub(super) contents: Vec<Field>,
    pub(super) errors: Vec<PageError>,
    /// Sections the page has, for warnings about missing ones.
    pub(super) sections: HashSet<&'static str>,
    pub(super) warnings: Vec<String>,
}

#[derive(Debug, Default)]
pub(super) struct RequestLine {
    pub(super) method: String,
    pub(super) target: String,
    pub(super) headers: Vec<(String, String)>,
    pub(super) line: usize,
}

#[derive(Debug, Default)]
pub(super) struct ResponseLine {
    /// The status token: a code, or the name of a member bound to the status code.
    pub(super) status: String,
    pub(super) headers: Vec<(String, String)>,
}

#[derive(Debug)]
pub(super) struct PageError {
    pub(super) name: String,
    pub(super) status: Option<u16>,
    /// The members the page names under the error (without types).
    pub(super) members: Vec<String>,
    pub(super) doc: Option<String>,
    pub(super) line: usize,
}

/// One member entry with its constraint lines.
#[derive(Debug, Default, Clone, PartialEq)]
pub(super) struct Field {
    pub(super) name: String,
    pub(super) line: usize,
    pub(super) doc: Option<String>,
    pub(super) ty: Option<Ty>,
    pub(super) required: bool,
    pub(super) length: Option<LengthDef>,
    pub(super) pattern: Option<String>,
    pub(super) values: Option<Vec<String>>,
    pub(super) range: Option<RangeDef>,
    pub(super) items: Option<LengthDef>,
    pub(super) entries: Option<LengthDef>,
    pub(super) key_length: Option<LengthDef>,
    pub(super) key_pattern: Option<String>,
    pub(super) key_values: Option<Vec<String>>,
    pub(super) value_length: Option<LengthDef>,
    pub(super) value_pattern: Option<String>,
    pub(super) idempotency_token: bool,
}

/// A member's type as a page prints it.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Ty {
    String,
    Integer,
    Long,
    Boolean,
    Timestamp,
    Double,
    Float,
    Blob,
    Document,
    /// `X object`: the structure named X.
    Named(String),
    /// A structure described in place (boto3 nested dicts); the string suggests its name.
    Inline(String, Vec<Field>),
    List(Box<Ty>),
    Map(Box<Ty>, Box<Ty>),
}

/// A name a member or shape can have: letters, digits, `_ - . : @ $`, not ending in `.`.
pub(super) fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    let Some(first) = chars.next() else { return false };
    (first.is_ascii_alphabetic() || matches!(first, '_' | '$' | '@'))
        && s.len() <= 256
        && !s.ends_with('.')
        && !s.ends_with(':')
        && chars
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | ':' | '@' | '$'))
}

/// `packageName` → `PackageName`, `x-amz-acl` → `XAmzAcl`.
pub(super) fn pascal(name: &str) -> String {
    let mut out = String::new();
    let mut upper = true;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            if upper {
                out.push(c.to_ascii_uppercase());
            } else {
                out.push(c);
            }
            upper = false;
        } else {
            upper = true;
        }
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'V');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(pascal("packageName"), "PackageName");
        assert_eq!(pascal("x-amz-acl"), "XAmzAcl");
        assert_eq!(pascal("9lives"), "V9lives");
        assert!(is_identifier("domain-owner"));
        assert!(!is_identifier("Deprecated."));
        assert!(!is_identifier("two words"));
    }
}
