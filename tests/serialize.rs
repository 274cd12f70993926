//! The `serde` feature (issue 22 item 8): reports, violations, details, constraints and the
//! generators' invalid payloads serialize, and the command line's JSON is that serialization.

use conform::{Constraint, Spec, Validator};
use serde_json::Value;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn iot() -> Validator {
    let spec = Spec::from_path(format!("{ROOT}/specs/iot.json")).expect("spec");
    Validator::new(&spec).expect("compiles")
}

fn bundled_invalid_payload() -> Value {
    let text = std::fs::read_to_string(format!("{ROOT}/examples/iot-create-package-invalid.json"))
        .expect("example");
    serde_json::from_str(&text).expect("JSON")
}

/// The JSON of the README's example: the four violations, the tag key's named.
const BUNDLED_INVALID_JSON: &str = concat!(
    r#"{"valid":false,"violations":["#,
    r#"{"path":"/packageName","constraint":"pattern","message":"Value at '/packageName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9-_.]+","pattern":"[a-zA-Z0-9-_.]+","match":"whole-value"},"#,
    r#"{"path":"/tags","constraint":"pattern","message":"Value at '/tags' failed to satisfy constraint: Member must satisfy regular expression pattern: ^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$","pattern":"^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$","match":"whole-value","key":"cost-center!"},"#,
    r#"{"path":"/clientToken","constraint":"length","message":"Value with length 5 at '/clientToken' failed to satisfy constraint: Member must have length between 36 and 64, inclusive","min":36,"max":64,"length":5},"#,
    r#"{"path":"/clientToken","constraint":"pattern","message":"Value at '/clientToken' failed to satisfy constraint: Member must satisfy regular expression pattern: \\S{36,64}","pattern":"\\S{36,64}","match":"whole-value"}"#,
    r#"],"truncated":false}"#
);

#[test]
fn a_report_serializes_to_the_json_of_render_json() {
    let validator = iot();
    let op = validator.operation("CreatePackage").expect("operation");
    let payload = bundled_invalid_payload();
    let report = op.validate_input(&payload);
    assert_eq!(serde_json::to_string(&report).expect("serializes"), BUNDLED_INVALID_JSON);
    assert_eq!(conform::render::json(&report).to_string(), BUNDLED_INVALID_JSON);
    // From bytes the report is the same, and so is its JSON.
    let bytes = serde_json::to_vec(&payload).expect("bytes");
    let owned = op.input().validate_bytes(&bytes).expect("well-formed");
    assert_eq!(serde_json::to_string(&owned).expect("serializes"), BUNDLED_INVALID_JSON);

    let tag = &report.violations()[1];
    assert_eq!(
        serde_json::to_string(tag.details()).expect("serializes"),
        r#"{"constraint":"pattern","pattern":"^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$","match":"whole-value","key":"cost-center!"}"#
    );
    assert_eq!(
        serde_json::to_string(&Constraint::UniqueItems).expect("serializes"),
        r#""uniqueItems""#
    );
    let good = serde_json::json!({"packageName": "p"});
    let valid = op.validate_input(&good);
    assert_eq!(
        serde_json::to_string(&valid).expect("serializes"),
        r#"{"valid":true,"violations":[],"truncated":false}"#
    );
}

#[cfg(feature = "generate")]
#[test]
fn an_invalid_payload_serializes_with_its_intended_violation() {
    let validator = iot();
    let input = validator.operation("CreatePackage").expect("operation").input();
    let bad = conform::generate::samples(conform::generate::invalid(&input), 8)
        .next()
        .expect("one")
        .expect("generated");
    assert_eq!(
        serde_json::to_string(&bad).expect("serializes"),
        r#"{"payload":{"packageName":"AcFjLls6Uz_é"},"intended":{"path":"/packageName","constraint":"pattern"}}"#
    );
}

#[cfg(feature = "cli")]
mod cli {
    use super::*;
    use std::process::Output;

    fn run(args: &[&str], stdin: &str) -> Output {
        crate::support::conform(args, stdin.as_bytes())
    }

    const CHECK: [&str; 6] =
        ["check", "--spec", "specs/iot.json", "--operation", "CreatePackage", "--format"];

    #[test]
    fn check_format_json_prints_the_serialized_report() {
        let o =
            run(&[&CHECK[..], &["json", "examples/iot-create-package-invalid.json"]].concat(), "");
        assert_eq!(o.status.code(), Some(1));
        assert_eq!(String::from_utf8_lossy(&o.stdout), format!("{BUNDLED_INVALID_JSON}\n"));
    }

    #[test]
    fn check_ndjson_lines_hold_the_serialized_violations() {
        let line = serde_json::to_string(&bundled_invalid_payload()).expect("line");
        let o = run(&[&CHECK[..], &["json", "--ndjson"]].concat(), &format!("{line}\n"));
        assert_eq!(o.status.code(), Some(1));
        let violations = BUNDLED_INVALID_JSON
            .strip_prefix(r#"{"valid":false,"violations":"#)
            .and_then(|s| s.strip_suffix(r#","truncated":false}"#))
            .expect("the report's violations");
        assert_eq!(
            String::from_utf8_lossy(&o.stdout),
            format!("{{\"line\":1,\"valid\":false,\"violations\":{violations}}}\n")
        );
    }

    #[test]
    fn check_text_and_help_name_a_bad_map_key() {
        let o = run(
            &[&CHECK[..], &["text", "-"]].concat(),
            r#"{"packageName": "p", "tags": {"a\"b": "v", "ok": "v"}}"#,
        );
        assert_eq!(o.status.code(), Some(1));
        assert_eq!(
            String::from_utf8_lossy(&o.stdout),
            "invalid: 1 violation\n  /tags (key \"a\\\"b\")  pattern  Value at '/tags' failed to satisfy \
             constraint: Member must satisfy regular expression pattern: ^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$\n"
        );
        let help = run(&["check", "--help"], "");
        let help = String::from_utf8_lossy(&help.stdout);
        assert!(
            help.contains(r#"- text:   Lines for people: PATH  CONSTRAINT  MESSAGE; a bad map key (reported at the map's path) as PATH (key "KEY")"#),
            "{help}"
        );
        assert!(help.contains(r#"a bad map key's violation has "key""#), "{help}");
    }

    #[test]
    fn generate_explain_lines_are_serialized_invalid_payloads() {
        let o = run(
            &[
                "generate",
                "--spec",
                "specs/iot.json",
                "--operation",
                "CreatePackage",
                "--invalid",
                "--explain",
                "--count",
                "20",
                "--seed",
                "8",
            ],
            "",
        );
        assert_eq!(o.status.code(), Some(0));
        let validator = iot();
        let input = validator.operation("CreatePackage").expect("operation").input();
        let want: String = conform::generate::samples(conform::generate::invalid(&input), 8)
            .take(20)
            .map(|bad| serde_json::to_string(&bad.expect("generated")).expect("serializes") + "\n")
            .collect();
        assert_eq!(String::from_utf8_lossy(&o.stdout), want);
    }
}
