//! Field paths: RFC 6901 JSON Pointers built from member names, list indexes and map keys.
//!
//! While walking a payload the path is a chain of [`Path`] links on the stack; it becomes a string
//! only when a violation is reported, so the valid path allocates nothing.

use std::fmt::Write as _;
use std::sync::Arc;

/// One step of a path.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Seg<'a> {
    /// A member the spec declares (its name is shared, not copied, into a violation's path).
    Member(&'a Arc<str>),
    /// A member the spec does not declare, by the payload's key.
    Undeclared(&'a str),
    Index(usize),
    Key(&'a str),
}

impl Seg<'_> {
    /// The owned step of a violation's path: a declared member's name is shared, keys are copied.
    #[inline]
    pub(crate) fn to_segment(self) -> PathSegment {
        match self {
            Seg::Member(m) => PathSegment::Member(Arc::clone(m)),
            Seg::Undeclared(m) => PathSegment::Member(Arc::from(m)),
            Seg::Index(i) => PathSegment::Index(i),
            Seg::Key(k) => PathSegment::Key(k.to_owned()),
        }
    }
}

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

/// A path as a stack-linked chain: the root has no segment.
#[derive(Clone, Debug)]
pub(crate) struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    seg: Option<Seg<'a>>,
}

impl<'a> Path<'a> {
    pub(crate) const ROOT: Path<'static> = Path { parent: None, seg: None };

    pub(crate) fn child(&'a self, seg: Seg<'a>) -> Path<'a> {
        Path { parent: Some(self), seg: Some(seg) }
    }

    /// The owned segments, root first.
    pub(crate) fn segments(&self) -> Vec<PathSegment> {
        let depth = std::iter::successors(Some(self), |p| p.parent).filter(|p| p.seg.is_some());
        let mut segs = Vec::with_capacity(depth.count());
        let mut at = Some(self);
        while let Some(p) = at {
            if let Some(s) = p.seg {
                segs.push(s.to_segment());
            }
            at = p.parent;
        }
        segs.reverse();
        segs
    }

    /// The JSON Pointer text (`""` for the root, `/tags/0/key` otherwise).
    #[cfg(test)]
    pub(crate) fn to_pointer(&self) -> String {
        pointer(&self.segments())
    }
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
        let root = Path::ROOT;
        let tags = Arc::from("tags");
        let a = root.child(Seg::Member(&tags));
        let b = a.child(Seg::Undeclared("a/b~c"));
        assert_eq!(b.to_pointer(), "/tags/a~1b~0c");
        let c = a.child(Seg::Index(3));
        assert_eq!(c.to_pointer(), "/tags/3");
        assert_eq!(root.to_pointer(), "");
        assert_eq!(escape_segment("x/y"), "x~1y");
    }
}
