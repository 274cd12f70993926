//! Field paths: RFC 6901 JSON Pointers built from member names, list indexes and map keys.
//!
//! While walking a payload the path is a chain of steps on the stack (`validate/trail.rs`); it
//! becomes segments only when a violation is kept, and a string only when asked for.

use std::fmt::Write as _;
use std::sync::Arc;

/// One step of a violation's path.
///
/// ```
/// # let spec = conform::Spec::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/iot.json"))?;
/// # let validator = conform::Validator::new(&spec)?;
/// let payload = serde_json::json!({"packageName": "p", "tags": {"k": 5}});
/// let report = validator.operation("CreatePackage")?
///     .validate_input(&payload);
/// use conform::PathSegment;
/// assert_eq!(report.violations()[0].segments(),
///     [PathSegment::Member("tags".into()), PathSegment::Key("k".into())]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PathSegment {
    /// A structure or union member, by member name (shared with the compiled validator).
    Member(Arc<str>),
    /// A list item, 0-based.
    Index(usize),
    /// A map entry, by key.
    Key(String),
}

/// The RFC 6901 JSON Pointer of a path.
pub(crate) fn pointer(segments: &[PathSegment]) -> String {
    let mut out = String::new();
    for s in segments {
        out.push('/');
        match s {
            PathSegment::Member(name) => push_escaped(&mut out, name),
            PathSegment::Key(key) => push_escaped(&mut out, key),
            PathSegment::Index(i) => {
                let _ = write!(out, "{i}");
            }
        }
    }
    out
}

fn push_escaped(out: &mut String, segment: &str) {
    for c in segment.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
}

/// Escapes one JSON Pointer segment (`~` → `~0`, `/` → `~1`).
pub(crate) fn escape_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    push_escaped(&mut out, segment);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_escape_per_rfc6901() {
        let path = [
            PathSegment::Member(Arc::from("tags")),
            PathSegment::Key("a/b~c".to_owned()),
            PathSegment::Index(3),
        ];
        assert_eq!(pointer(&path), "/tags/a~1b~0c/3");
        assert_eq!(pointer(&[]), "");
        assert_eq!(escape_segment("x/y"), "x~1y");
    }
}
