//! Writing results and ending: stdout for results, stderr for errors (a closed pipe is not an
//! error), and the exit statuses. Under `--format json` an error is also written on stdout, as one
//! JSON object, so that a program reading stdout always gets JSON.

use std::io::Write as _;
use std::process::ExitCode;

use conform::ErrorKind;
use serde_json::{Map, Value, json};

/// Exit status for "the payload is invalid".
pub(crate) const EXIT_INVALID: u8 = 1;
/// Exit status for usage errors, unreadable or broken specs, unreadable payloads.
pub(crate) const EXIT_ERROR: u8 = 2;

/// Writes `text` to stdout. A broken pipe (`conform … | head`) counts as success.
pub(crate) fn print(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

/// Reports an error on stderr and returns exit status 2.
pub(crate) fn fail(message: impl std::fmt::Display) -> ExitCode {
    let _ = writeln!(std::io::stderr().lock(), "conform: {message}");
    ExitCode::from(EXIT_ERROR)
}

/// Something that stops a command (exit status 2): a library [`conform::Error`], or one of the
/// tool's own (a usage error, an unreadable file), with its kind and location.
#[derive(Debug)]
pub(crate) struct Failure {
    kind: &'static str,
    /// The whole line, as written on stderr after `conform: `.
    text: String,
    /// The error object's location fields (`file`, `line`, `column`, `pointer`).
    location: Box<Map<String, Value>>,
    /// What to do about it, when the tool knows.
    hint: Option<String>,
}

impl Failure {
    /// A failure of `kind` (a snake_case word) with its whole text.
    pub(crate) fn new(kind: &'static str, text: impl Into<String>) -> Failure {
        Failure { kind, text: text.into(), location: Box::default(), hint: None }
    }

    /// A usage error: flags that do not go together, or a value a flag does not take.
    pub(crate) fn usage(text: impl Into<String>) -> Failure {
        Failure::new("usage", text)
    }

    /// A file that cannot be read (`what`: `payload`, `request`, …).
    pub(crate) fn unreadable(file: &str, what: &str, err: &std::io::Error) -> Failure {
        let mut f = Failure::new("io", format!("{file}: cannot read {what}: {err}"));
        f.location.insert("file".to_owned(), Value::from(file));
        f
    }

    /// Names the file the failure is about (kept when one is known already).
    pub(crate) fn in_file(mut self, file: &str) -> Failure {
        self.location.entry("file").or_insert_with(|| Value::from(file));
        self
    }

    /// Adds what to do about it (written after the message).
    pub(crate) fn with_hint(mut self, hint: impl Into<String>) -> Failure {
        self.hint = Some(hint.into());
        self
    }

    /// The kind, as the JSON error object names it.
    pub(crate) fn kind(&self) -> &'static str {
        self.kind
    }

    /// The text written on stderr after `conform: ` (with the hint).
    pub(crate) fn line(&self) -> String {
        match &self.hint {
            Some(h) => format!("{} ({h})", self.text),
            None => self.text.clone(),
        }
    }

    /// The error object: `{"kind", "message", "file"?, "line"?, "column"?, "pointer"?, "hint"?}`.
    pub(crate) fn json(&self) -> Value {
        let mut o = Map::new();
        o.insert("kind".to_owned(), Value::from(self.kind));
        o.insert("message".to_owned(), Value::from(self.text.as_str()));
        for (k, v) in self.location.iter() {
            o.insert(k.clone(), v.clone());
        }
        if let Some(h) = &self.hint {
            o.insert("hint".to_owned(), Value::from(h.as_str()));
        }
        Value::Object(o)
    }

    /// Writes the failure (stderr always; with `json`, `{"error": {...}}` on stdout too) and
    /// returns exit status 2.
    pub(crate) fn report(&self, json: bool) -> ExitCode {
        if json {
            print(&format!("{}\n", json!({ "error": self.json() })));
        }
        fail(self.line())
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.line())
    }
}

impl From<conform::Error> for Failure {
    fn from(e: conform::Error) -> Failure {
        let mut location = Map::new();
        if let Some(file) = e.file() {
            location.insert("file".to_owned(), Value::from(file));
        }
        if let Some(line) = e.line() {
            location.insert("line".to_owned(), Value::from(line));
        }
        if let Some(column) = e.column() {
            location.insert("column".to_owned(), Value::from(column));
        }
        if let Some(pointer) = e.pointer() {
            location.insert("pointer".to_owned(), Value::from(pointer));
        }
        Failure {
            kind: kind_name(e.kind()),
            text: e.to_string(),
            location: Box::new(location),
            hint: None,
        }
    }
}

/// The snake_case name of an error kind, as JSON error objects give it.
fn kind_name(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::Io => "io",
        ErrorKind::SpecSyntax => "spec_syntax",
        ErrorKind::SpecInvalid => "spec_invalid",
        ErrorKind::UnknownName => "unknown_name",
        ErrorKind::PayloadSyntax => "payload_syntax",
        ErrorKind::Import => "import",
        ErrorKind::RequestSyntax => "request_syntax",
        ErrorKind::NoRoute => "no_route",
        ErrorKind::UnsupportedProtocol => "unsupported_protocol",
        _ => "error",
    }
}
