//! Arbitrary bytes → format detection, every importer, `Spec::from_json_str`, and compiling
//! whatever spec comes out. Errors are fine; panics, hangs and stack overflows are not.
#![no_main]

use conform::import::{SourceFormat, detect, from_text};
use conform::{Spec, Validator};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let detected = detect(text);
    for format in
        [SourceFormat::Conform, SourceFormat::Smithy, SourceFormat::Botocore, SourceFormat::Page]
    {
        if let Ok(spec) = from_text(text, format) {
            let built = Validator::new(&spec);
            if format == detected {
                // A spec that compiles must validate its empty inputs without panicking.
                if let Ok(v) = built {
                    for op in v.operations() {
                        let _ = op.validate_input_bytes(b"{}");
                        let _ = op.validate_input(&serde_json::json!({}));
                    }
                }
            }
        }
    }
    if let Ok(spec) = Spec::from_json_str(text) {
        let _ = Validator::new(&spec);
    }
});
