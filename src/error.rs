//! The crate's error type: things that stop conform from validating at all.
//!
//! Violations of constraints are not errors: they are data ([`crate::Violation`]). An [`Error`] means
//! a spec could not be read or compiled, an operation does not exist, or a payload is not even
//! well-formed JSON.

use std::fmt;

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
        }
    }
}

/// An error with its kind and location.
///
/// Display reads `FILE: POINTER: message` or `FILE:LINE:COLUMN: message`, with the parts that are
/// known.
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
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    inner: Box<Inner>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Inner {
    kind: ErrorKind,
    message: String,
    file: Option<String>,
    pointer: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
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
        Error::new(ErrorKind::Io, err.to_string())
    }

    pub(crate) fn spec_syntax(err: serde_json::Error) -> Error {
        Error::from_json(ErrorKind::SpecSyntax, &err)
    }

    pub(crate) fn payload_syntax(err: &serde_json::Error) -> Error {
        Error::from_json(ErrorKind::PayloadSyntax, err)
    }

    fn from_json(kind: ErrorKind, err: &serde_json::Error) -> Error {
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
        e
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

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &self.inner;
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
        write!(f, "{}: {}", i.kind.label(), i.message)
    }
}

impl std::error::Error for Error {}
