//! `--format junit`: a JUnit XML report, the test-report format CI systems read (GitLab, Jenkins,
//! Azure Pipelines, CircleCI, GitHub Actions through report actions). One test case per payload (a
//! file, or an NDJSON line): passed when valid, a `<failure>` listing the violations when
//! invalid, an `<error>` when it could not be checked (not JSON, unreadable).

use std::fmt::Write as _;

/// One payload's result.
pub(crate) struct Case {
    /// The payload: its file, or `line N`.
    pub(crate) name: String,
    pub(crate) outcome: Outcome,
}

pub(crate) enum Outcome {
    Valid,
    /// The violations' count and their text (one line each, as `--format text` writes them).
    Invalid {
        count: usize,
        text: String,
    },
    /// Why it could not be checked: the error's kind and its text.
    Error {
        kind: &'static str,
        text: String,
    },
}

/// The report: `<testsuites>` holding one `<testsuite>` named `suite` (the operation and side:
/// `CreatePackage input`); each case's class name is `class` (`CreatePackage.input`).
pub(crate) fn render(suite: &str, class: &str, cases: &[Case]) -> String {
    let failures = cases.iter().filter(|c| matches!(c.outcome, Outcome::Invalid { .. })).count();
    let errors = cases.iter().filter(|c| matches!(c.outcome, Outcome::Error { .. })).count();
    let counts = format!("tests=\"{}\" failures=\"{failures}\" errors=\"{errors}\"", cases.len());
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(out, "<testsuites name=\"conform\" {counts}>");
    let _ = writeln!(out, "  <testsuite name=\"{}\" {counts}>", escape(suite));
    for case in cases {
        let head =
            format!("<testcase classname=\"{}\" name=\"{}\"", escape(class), escape(&case.name));
        match &case.outcome {
            Outcome::Valid => {
                let _ = writeln!(out, "    {head}/>");
            }
            Outcome::Invalid { count, text } => {
                let s = if *count == 1 { "" } else { "s" };
                let _ = writeln!(
                    out,
                    "    {head}>\n      <failure type=\"invalid\" message=\"{count} violation{s}\">{}</failure>\n    </testcase>",
                    escape(text)
                );
            }
            Outcome::Error { kind, text } => {
                let _ = writeln!(
                    out,
                    "    {head}>\n      <error type=\"{kind}\" message=\"{}\"/>\n    </testcase>",
                    escape(text)
                );
            }
        }
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

/// Text as XML 1.0 character data or an attribute value: the five markup characters escaped, and
/// characters XML 1.0 cannot hold (controls other than tab, line feed and carriage return; U+FFFE,
/// U+FFFF) written as `\u{…}`. Line breaks stay in text, and are escaped as character references
/// so that attribute values keep them.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if (c < ' ') || c == '\u{FFFE}' || c == '\u{FFFF}' => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}
