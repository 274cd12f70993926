//! Arbitrary text → a pattern compiled under both match rules, then matched against a few
//! inputs. Compile errors and match errors (backtrack limit) are fine; panics and hangs are not.
#![no_main]

use conform::{MatchRule, Pattern};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    // The first line is the pattern, the rest (if any) one more input to match.
    let (source, extra) = text.split_once('\n').unwrap_or((text, ""));
    for rule in [MatchRule::WholeValue, MatchRule::Search] {
        let Ok(p) = Pattern::new(source, rule) else { continue };
        let _ = p.translated();
        let _ = p.tier();
        for input in ["", "a", "abc-123_X", "\u{e9}\u{1F600}\n", extra, source] {
            let _ = p.is_match(input);
        }
    }
});
