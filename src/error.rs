//! The crate's error type: things that stop conform from validating at all.
//!
//! Violations of constraints are not errors: they are data ([`crate::Violation`]). An [`Error`] means
//! a spec could not be read or compiled, an operation does not exist, or a payload is not even
//! well-formed JSON. [`crate::Report::into_result`] turns an invalid report into an error for code
//! that treats a bad payload as failure (`?`): kind [`ErrorKind::PayloadInvalid`], the report
//! being its [`source`](std::error::Error::source).

use std::fmt;
use std::sync::Arc;

/// What went wrong.
///
/// ```
/// let err = conform::Spec::from_json_str("{").unwrap_err();
/// assert_eq!(err.kind(), conform::ErrorKind::SpecSyntax);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A file could not be read.
    Io,
    /// A spec is not JSON, or does not have the shape of a spec (see `line`/`column`).
    SpecSyntax,
    /// A spec reads but contradicts itself or cannot be compiled (see `pointer`).
    SpecInvalid,
    /// The spec has no operation or shape of that name.
    UnknownName,
    /// A payload is not well-formed JSON (see `line`/`column`).
    PayloadSyntax,
    /// A model or page reads but cannot be turned into a spec (see `pointer` or `line`).
    Import,
    /// A raw HTTP request cannot be read.
    RequestSyntax,
    /// No operation's HTTP binding matches the request's method and path (awsJson: its
    /// `X-Amz-Target`).
    NoRoute,
    /// The spec's protocol is one whose requests conform does not read (restXml, awsQuery,
    /// ec2Query, rpcv2Cbor); the message names it.
    UnsupportedProtocol,
    /// A payload breaks constraints, and the caller asked for that as an error
    /// ([`crate::Report::into_result`]); the report is the error's source.
    PayloadInvalid,
}

impl ErrorKind {
    fn label(self) -> &'static str {
        match self {
            ErrorKind::Io => "cannot read",
            ErrorKind::SpecSyntax => "spec is not readable",
            ErrorKind::SpecInvalid => "spec is invalid",
            ErrorKind::UnknownName => "not found",
            ErrorKind::PayloadSyntax => "payload is not well-formed JSON",
            ErrorKind::Import => "cannot import",
            ErrorKind::RequestSyntax => "request is not readable",
            ErrorKind::NoRoute => "no operation matches",
            ErrorKind::UnsupportedProtocol => "protocol not served",
            ErrorKind::PayloadInvalid => "payload is invalid",
        }
    }
}

/// An error with its kind and location.
///
/// Display reads `FILE: POINTER: message` or `FILE:LINE:COLUMN: message`, with the parts that are
/// known. The error it comes from, when there is one, is its
/// [`source`](std::error::Error::source), for code that inspects it: the [`std::io::Error`] of a
/// file that cannot be read, [`serde_json::Error`] for text that is not JSON, the
/// [`crate::Report`] of an invalid payload.
///
/// ```
/// let spec = conform::Spec::from_json_str(r#"{"conform": 1, "service": "x", "patterns": "search",
///     "operations": {}, "shapes": {"S": {"type": "string", "length": {"min": 5, "max": 3}}}}"#)?;
/// let err = conform::Validator::new(&spec).unwrap_err();
/// assert_eq!(err.kind(), conform::ErrorKind::SpecInvalid);
/// assert_eq!(err.pointer(), Some("/shapes/S/length"));
/// assert_eq!(err.to_string(), "/shapes/S/length: spec is invalid: min 5 is greater than max 3");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Example: the source
///
/// ```
/// use std::error::Error as _;
/// let err = conform::Spec::from_path("no/such/spec.json").unwrap_err();
/// assert_eq!(err.kind(), conform::ErrorKind::Io);
/// let io = err.source().and_then(|s| s.downcast_ref::<std::io::Error>());
/// assert_eq!(io.map(std::io::Error::kind), Some(std::io::ErrorKind::NotFound));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(transparent)]
pub struct Error {
    inner: Box<Inner>,
}

/// The error's parts. Equal when everything but the source is (two serde_json errors cannot be
/// compared; what the message says of them can).
#[derive(Clone, Debug, thiserror::Error)]
#[error("{place}{label}: {message}", place = Place(self), label = kind.label())]
struct Inner {
    kind: ErrorKind,
    message: String,
    file: Option<String>,
    pointer: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    source: Option<Cause>,
}

impl PartialEq for Inner {
    fn eq(&self, other: &Inner) -> bool {
        (self.kind, &self.message, &self.file, &self.pointer, self.line, self.column)
            == (other.kind, &other.message, &other.file, &other.pointer, other.line, other.column)
    }
}

impl Eq for Inner {}

/// The error an [`Error`] comes from, shared so that the error stays cheap to clone.
///
/// It is not an error itself but dereferences to one, so the source an [`Error`] gives is the
/// original error (`downcast_ref` finds its type), not a wrapper.
#[derive(Clone, Debug)]
struct Cause(Arc<dyn std::error::Error + Send + Sync + 'static>);

impl std::ops::Deref for Cause {
    type Target = dyn std::error::Error + Send + Sync + 'static;

    fn deref(&self) -> &Self::Target {
        &*self.0
    }
}

/// Where an error is: `FILE:LINE:COLUMN: POINTER: `, with the parts that are known.
struct Place<'a>(&'a Inner);

impl fmt::Display for Place<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = self.0;
        if let Some(file) = &i.file {
            f.write_str(file)?;
            if let (Some(l), Some(c)) = (i.line, i.column) {
                write!(f, ":{l}:{c}")?;
            }
            f.write_str(": ")?;
        } else if let (Some(l), Some(c)) = (i.line, i.column) {
            write!(f, "line {l} column {c}: ")?;
        }
        if let Some(p) = &i.pointer {
            write!(f, "{p}: ")?;
        }
        Ok(())
    }
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error {
            inner: Box::new(Inner {
                kind,
                message: message.into(),
                file: None,
                pointer: None,
                line: None,
                column: None,
                source: None,
            }),
        }
    }

    pub(crate) fn invalid(pointer: impl Into<String>, message: impl Into<String>) -> Error {
        Error::new(ErrorKind::SpecInvalid, message).with_pointer(pointer)
    }

    /// An [`ErrorKind::Import`] error about a line of the input; the message names the line.
    pub(crate) fn import_at(line: usize, message: impl std::fmt::Display) -> Error {
        let mut e = Error::new(ErrorKind::Import, format!("line {line}: {message}"));
        e.inner.line = Some(line);
        e
    }

    pub(crate) fn io(err: std::io::Error) -> Error {
        Error::new(ErrorKind::Io, err.to_string()).with_source(err)
    }

    pub(crate) fn spec_syntax(err: serde_json::Error) -> Error {
        Error::from_json(ErrorKind::SpecSyntax, err)
    }

    pub(crate) fn payload_syntax(err: serde_json::Error) -> Error {
        Error::from_json(ErrorKind::PayloadSyntax, err)
    }

    /// An [`ErrorKind::PayloadInvalid`] error: `message` says what `report` holds (the report,
    /// the source, says the rest).
    pub(crate) fn payload_invalid(
        message: String,
        report: impl std::error::Error + Send + Sync + 'static,
    ) -> Error {
        Error::new(ErrorKind::PayloadInvalid, message).with_source(report)
    }

    fn from_json(kind: ErrorKind, err: serde_json::Error) -> Error {
        // serde_json appends " at line L column C"; keep the message without it.
        let text = err.to_string();
        let message = match text.rfind(" at line ") {
            Some(i) if err.line() > 0 => text[..i].to_owned(),
            _ => text,
        };
        let mut e = Error::new(kind, message);
        if err.line() > 0 {
            e.inner.line = Some(err.line());
            e.inner.column = Some(err.column());
        }
        e.with_source(err)
    }

    /// Keeps the error this one comes from.
    fn with_source(mut self, source: impl std::error::Error + Send + Sync + 'static) -> Error {
        self.inner.source = Some(Cause(Arc::new(source)));
        self
    }

    /// Sets the 1-based line and column.
    pub(crate) fn with_position(mut self, line: usize, column: usize) -> Error {
        self.inner.line = Some(line);
        self.inner.column = Some(column);
        self
    }

    pub(crate) fn with_pointer(mut self, pointer: impl Into<String>) -> Error {
        self.inner.pointer = Some(pointer.into());
        self
    }

    /// Names the file the error is about (used by readers of files and by the CLI).
    ///
    /// ```
    /// let err = conform::Spec::from_json_str("[").unwrap_err().with_file("specs/x.json");
    /// assert!(err.to_string().starts_with("specs/x.json:1:"));
    /// ```
    #[must_use]
    pub fn with_file(mut self, file: impl Into<String>) -> Error {
        self.inner.file = Some(file.into());
        self
    }

    /// The kind of error.
    pub fn kind(&self) -> ErrorKind {
        self.inner.kind
    }

    /// The message, without location.
    pub fn message(&self) -> &str {
        &self.inner.message
    }

    /// The file, when known.
    pub fn file(&self) -> Option<&str> {
        self.inner.file.as_deref()
    }

    /// The JSON Pointer into the spec of the field at fault, for [`ErrorKind::SpecInvalid`].
    pub fn pointer(&self) -> Option<&str> {
        self.inner.pointer.as_deref()
    }

    /// The 1-based line, for syntax errors.
    pub fn line(&self) -> Option<usize> {
        self.inner.line
    }

    /// The 1-based column, for syntax errors.
    pub fn column(&self) -> Option<usize> {
        self.inner.column
    }
}

#[cfg(test)]
mod tests {
    use std::error::Error as _;

    use super::*;

    #[test]
    fn an_error_gives_the_error_it_comes_from_as_its_source() {
        let io = Error::io(std::io::Error::new(std::io::ErrorKind::PermissionDenied, "denied"))
            .with_file("s.json");
        assert_eq!(io.to_string(), "s.json: cannot read: denied");
        let source = io.source().and_then(|s| s.downcast_ref::<std::io::Error>());
        assert_eq!(source.map(std::io::Error::kind), Some(std::io::ErrorKind::PermissionDenied));

        let json = serde_json::from_str::<serde_json::Value>("[1,").unwrap_err();
        let syntax = Error::payload_syntax(json);
        assert_eq!(
            syntax.to_string(),
            "line 1 column 3: payload is not well-formed JSON: EOF while parsing a value"
        );
        let source = syntax.source().and_then(|s| s.downcast_ref::<serde_json::Error>());
        assert_eq!(source.map(|e| (e.line(), e.column())), Some((1, 3)));
        // A clone shares the source.
        assert!(syntax.clone().source().is_some_and(|s| s.is::<serde_json::Error>()));

        let invalid = Error::invalid("/shapes/S", "empty enum");
        assert!(invalid.source().is_none());
        let built = Error::new(ErrorKind::PayloadSyntax, "malformed JSON");
        assert!(built.source().is_none());
    }

    #[test]
    fn errors_are_equal_when_they_say_the_same_whatever_their_sources() {
        let a = serde_json::from_str::<serde_json::Value>("{").unwrap_err();
        let b = serde_json::from_str::<serde_json::Value>("{").unwrap_err();
        assert_eq!(Error::spec_syntax(a), Error::spec_syntax(b));
        let c = serde_json::from_str::<serde_json::Value>("{").unwrap_err();
        let without =
            Error::new(ErrorKind::SpecSyntax, "EOF while parsing an object").with_position(1, 1);
        assert_eq!(Error::spec_syntax(c), without);
        assert_ne!(without, without.clone().with_file("x"));
    }
}
