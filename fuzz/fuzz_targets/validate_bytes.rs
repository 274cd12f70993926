//! Arbitrary bytes → every seed operation's input and output, through the bytes path; when the
//! bytes are JSON, also through the `Value` path, and the two must agree.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../common/seeds.rs"]
mod seeds;

use seeds::VALIDATORS;

fuzz_target!(|data: &[u8]| {
    // serde_json's `Value` keeps the last copy of a duplicated member while the bytes path reports
    // it, so the two paths are compared only when no object repeats a key.
    let value: Option<serde_json::Value> = serde_json::from_slice(data).ok();
    for v in VALIDATORS.iter() {
        for op in v.operations() {
            for shape in [op.input(), op.output()] {
                let bytes = shape.validate_bytes(data);
                let valid = shape.is_valid_bytes(data);
                if let (Ok(report), Ok(valid)) = (&bytes, &valid) {
                    assert_eq!(report.is_valid(), *valid, "validate_bytes vs is_valid_bytes");
                }
                if let Some(value) = &value {
                    let report =
                        bytes.as_ref().expect("serde_json parsed it, so must the bytes path");
                    let from_value = shape.validate(value);
                    let dup =
                        report.violations().iter().any(|x| x.constraint().as_str() == "duplicate");
                    if !dup {
                        assert_eq!(report, &from_value, "bytes and value paths disagree");
                        assert_eq!(shape.is_valid(value), from_value.is_valid());
                    }
                }
            }
        }
    }
});
