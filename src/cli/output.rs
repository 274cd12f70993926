//! Writing results and ending: stdout for results, stderr for errors (a closed pipe is not an
//! error), and the exit statuses.

use std::io::Write as _;
use std::process::ExitCode;

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
