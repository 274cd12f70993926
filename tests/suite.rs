//! The data-driven suite: every JSON file under `tests/data/` (format in `tests/data/README.md`).
//!
//! A file with `tests` validates payloads against a spec (a path into the crate, or an inline spec
//! fragment) and compares every violation's path, constraint and message, in order. A file with
//! `cases` compiles broken specs and compares the error's kind, pointer and message. A file with
//! `exports` compares the JSON Schema `conform::export::json_schema` writes for a shape, exactly,
//! and checks that conform and the `jsonschema` crate (on that schema) accept its `valid`
//! payloads and refuse its `invalid` ones.

use std::path::{Path, PathBuf};

use conform::{NullMember, Spec, Validator};
use serde_json::{Value, json};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Directories under tests/data that hold other formats (read by their own tests).
const OTHER_FORMATS: &[&str] = &["patterns", "protocol", "scale"];

fn data_files() -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![Path::new(ROOT).join("tests/data")];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for e in entries.flatten() {
            let p = e.path();
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if p.is_dir() {
                if !OTHER_FORMATS.contains(&name) {
                    stack.push(p);
                }
            } else if name.ends_with(".json") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// An inline spec fragment gets the fields a test would otherwise repeat.
fn spec_from(value: &Value) -> Result<Spec, conform::Error> {
    match value {
        Value::String(path) => Spec::from_path(Path::new(ROOT).join(path)),
        Value::Object(fragment) => {
            let mut full = json!({"conform": 1, "service": "test", "patterns": "whole-value",
                "operations": {}, "shapes": {}});
            if let Some(o) = full.as_object_mut() {
                for (k, v) in fragment {
                    o.insert(k.clone(), v.clone());
                }
            }
            Spec::from_value(full)
        }
        other => panic!("`spec` must be a path or an object, not {other}"),
    }
}

fn build(spec: &Spec, options: Option<&Value>) -> Result<Validator, conform::Error> {
    let mut b = Validator::builder();
    if let Some(o) = options {
        if let Some(n) = o.get("maxViolations").and_then(Value::as_u64) {
            b.max_violations(usize::try_from(n).unwrap());
        }
        if let Some(n) = o.get("maxDepth").and_then(Value::as_u64) {
            b.max_depth(usize::try_from(n).unwrap());
        }
        if let Some(d) = o.get("denyUnknownMembers").and_then(Value::as_bool) {
            b.deny_unknown_members(d);
        }
        match o.get("nullMembers").map(|v| v.as_str()) {
            None => {}
            Some(Some("absent")) => _ = b.null_members(NullMember::Absent),
            Some(Some("invalid")) => _ = b.null_members(NullMember::Invalid),
            Some(other) => panic!("`nullMembers` is \"absent\" or \"invalid\", not {other:?}"),
        }
    }
    b.build(spec)
}

fn run_validation_file(file: &Path, doc: &Value, failures: &mut Vec<String>) -> usize {
    let spec = spec_from(&doc["spec"]).unwrap_or_else(|e| panic!("{}: spec: {e}", file.display()));
    let validator = build(&spec, doc.get("options"))
        .unwrap_or_else(|e| panic!("{}: spec does not compile: {e}", file.display()));
    let tests = doc["tests"].as_array().expect("`tests` is an array");
    for t in tests {
        let description = t["description"].as_str().expect("every test has a description");
        let shape = if let Some(shape) = t.get("shape").and_then(Value::as_str) {
            validator.shape(shape).expect("shape exists")
        } else {
            let name = t["operation"].as_str().expect("a test names `operation` or `shape`");
            let op = validator.operation(name).expect("operation exists");
            let output = t.get("output").and_then(Value::as_bool).unwrap_or(false);
            if output { op.output() } else { op.input() }
        };
        // `payloadText`: JSON text whose numbers a parsed `Value` would round; only the bytes
        // validators see its digits.
        if let Some(text) = t.get("payloadText").and_then(Value::as_str) {
            let report = shape.validate_bytes(text.as_bytes()).expect("well-formed");
            assert_eq!(
                shape.is_valid_bytes(text.as_bytes()).expect("well-formed"),
                report.is_valid(),
                "{description}: is_valid_bytes"
            );
            compare(file, description, t, &report, failures);
            continue;
        }
        let payload = &t["payload"];
        let report = shape.validate(payload);
        // Every way of validating agrees: both verdicts and both reports.
        let bytes = serde_json::to_vec(payload).expect("serializable");
        assert_eq!(shape.is_valid(payload), report.is_valid(), "{description}: is_valid");
        assert_eq!(
            shape.is_valid_bytes(&bytes).expect("well-formed"),
            report.is_valid(),
            "{description}: is_valid_bytes"
        );
        let streamed = shape.validate_bytes(&bytes).expect("well-formed");
        if streamed != report {
            failures.push(format!(
                "{} — {description}: the bytes validator disagrees\n  value: {:?}\n  bytes: {:?}",
                file.display(),
                report,
                streamed
            ));
        }
        compare(file, description, t, &report, failures);
    }
    tests.len()
}

/// A report against the test's expected `violations` (and `truncated`, and an `xfail` mark).
fn compare(
    file: &Path,
    description: &str,
    t: &Value,
    report: &conform::Report<'_>,
    failures: &mut Vec<String>,
) {
    {
        // A map key's violation (at the map's path) names the key: `key`, compared when either
        // side has it.
        let got: Vec<Value> = report
            .violations()
            .iter()
            .map(|v| {
                let mut o = json!({"path": v.path(), "constraint": v.constraint().as_str(), "message": v.message()});
                if let Some(key) = v.details().key() {
                    o["key"] = key.into();
                }
                o
            })
            .collect();
        let want: Vec<Value> = t["violations"]
            .as_array()
            .expect("`violations` is an array")
            .iter()
            .map(|v| {
                let mut o = json!({"path": v["path"], "constraint": v["constraint"], "message": v["message"]});
                if let Some(key) = v.get("key") {
                    o["key"] = key.clone();
                }
                o
            })
            .collect();
        // A case marked `xfail` documents a known limitation: it must still fail, so that fixing it
        // is noticed (and the mark removed).
        if let Some(reason) = t.get("xfail").and_then(Value::as_str) {
            if got == want {
                failures.push(format!(
                    "{} — {description}: passes but is marked xfail ({reason})",
                    file.display()
                ));
            }
            return;
        }
        if got != want {
            failures.push(format!(
                "{} — {description}\n  want: {}\n  got:  {}",
                file.display(),
                serde_json::to_string_pretty(&want).unwrap_or_default(),
                serde_json::to_string_pretty(&got).unwrap_or_default(),
            ));
        }
        if let Some(truncated) = t.get("truncated").and_then(Value::as_bool)
            && report.is_truncated() != truncated
        {
            failures.push(format!("{} — {description}: truncated", file.display()));
        }
    }
}

fn run_http_file(file: &Path, doc: &Value, failures: &mut Vec<String>) -> usize {
    let spec = spec_from(&doc["spec"]).unwrap_or_else(|e| panic!("{}: spec: {e}", file.display()));
    let validator = build(&spec, doc.get("options"))
        .unwrap_or_else(|e| panic!("{}: spec does not compile: {e}", file.display()));
    let requests = doc["requests"].as_array().expect("`requests` is an array");
    for t in requests {
        let description = t["description"].as_str().expect("every request has a description");
        let raw = t["request"].as_str().expect("`request` is the raw HTTP text");
        let style = match t.get("style").and_then(Value::as_str) {
            None | Some("smithy") => conform::http::ErrorStyle::Smithy,
            Some("aws") => conform::http::ErrorStyle::Aws,
            Some(other) => panic!("{}: {description}: unknown style `{other}`", file.display()),
        };
        let got = match conform::http::parse_request(raw.as_bytes()).and_then(|req| {
            validator.check_request(&req).map(|c| (c.operation().name(), c.error_response(style)))
        }) {
            Err(e) => {
                let mut o = json!({"error": format!("{:?}", e.kind())});
                if t.get("message").is_some() {
                    o["message"] = e.message().into();
                }
                if t.get("status").is_some() {
                    let resp = conform::http::unknown_operation(&validator, style, &e);
                    o["status"] = resp.status.into();
                    o["errorType"] = resp.error_type.into();
                    o["body"] = resp.body;
                    if t.get("contentType").is_some() {
                        o["contentType"] = resp.content_type.into();
                    }
                }
                o
            }
            Ok((op, resp)) => {
                let mut o = json!({
                    "status": resp.as_ref().map(|r| r.status),
                    "errorType": resp.as_ref().map(|r| r.error_type),
                    "body": resp.as_ref().map(|r| r.body.clone()),
                });
                if t.get("contentType").is_some() {
                    o["contentType"] = resp.as_ref().map(|r| r.content_type).into();
                }
                if t.get("operation").is_some() {
                    o["operation"] = op.into();
                }
                o
            }
        };
        let mut want = t.as_object().cloned().unwrap_or_default();
        want.remove("description");
        want.remove("request");
        want.remove("style");
        if Value::Object(want.clone()) != got {
            failures.push(format!(
                "{} — {description}\n  want: {}\n  got:  {got}",
                file.display(),
                Value::Object(want)
            ));
        }
    }
    requests.len()
}

fn run_export_file(file: &Path, doc: &Value, failures: &mut Vec<String>) -> usize {
    let spec = spec_from(&doc["spec"]).unwrap_or_else(|e| panic!("{}: spec: {e}", file.display()));
    let validator = build(&spec, doc.get("options"))
        .unwrap_or_else(|e| panic!("{}: spec does not compile: {e}", file.display()));
    let exports = doc["exports"].as_array().expect("`exports` is an array");
    for t in exports {
        let description = t["description"].as_str().expect("every export has a description");
        let name = t["shape"].as_str().expect("an export names its `shape`");
        let shape = validator.shape(name).expect("shape exists");
        let schema = conform::export::json_schema(&shape);
        if schema != t["schema"] {
            failures.push(format!(
                "{} — {description}\n  want: {}\n  got:  {schema}",
                file.display(),
                t["schema"]
            ));
        }
        let js = match jsonschema::validator_for(&schema) {
            Ok(js) => js,
            Err(e) => {
                failures.push(format!("{} — {description}: does not compile: {e}", file.display()));
                continue;
            }
        };
        for (key, want) in [("valid", true), ("invalid", false)] {
            let payloads = t[key].as_array().map_or(&[][..], Vec::as_slice);
            for payload in payloads {
                let (ours, theirs) = (shape.is_valid(payload), js.is_valid(payload));
                if (ours, theirs) != (want, want) {
                    failures.push(format!(
                        "{} — {description}: {payload} ({key}): conform {ours}, jsonschema {theirs}",
                        file.display()
                    ));
                }
            }
        }
    }
    exports.len()
}

fn run_compile_file(file: &Path, doc: &Value, failures: &mut Vec<String>) -> usize {
    let cases = doc["cases"].as_array().expect("`cases` is an array");
    for c in cases {
        let description = c["description"].as_str().expect("every case has a description");
        let want = &c["error"];
        let result = spec_from(&c["spec"]).and_then(|s| Validator::new(&s).map(|_| ()));
        let got = match result {
            Ok(()) => json!(null),
            Err(e) => {
                let mut o = json!({"kind": format!("{:?}", e.kind()), "message": e.message()});
                if let Some(p) = e.pointer() {
                    o["pointer"] = p.into();
                }
                if let Some(l) = e.line() {
                    o["line"] = l.into();
                    o["column"] = e.column().unwrap_or(0).into();
                }
                o
            }
        };
        if &got != want {
            failures
                .push(format!("{} — {description}\n  want: {want}\n  got:  {got}", file.display()));
        }
    }
    cases.len()
}

#[test]
fn data_driven_suite() {
    let files = data_files();
    assert!(!files.is_empty(), "no test data found under tests/data");
    let mut failures = Vec::new();
    let mut count = 0;
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let doc: Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{}: not JSON: {e}", file.display()));
        count += if doc.get("tests").is_some() {
            run_validation_file(file, &doc, &mut failures)
        } else if doc.get("requests").is_some() {
            run_http_file(file, &doc, &mut failures)
        } else if doc.get("cases").is_some() {
            run_compile_file(file, &doc, &mut failures)
        } else if doc.get("exports").is_some() {
            run_export_file(file, &doc, &mut failures)
        } else {
            panic!("{}: neither `tests`, `requests`, `cases` nor `exports`", file.display());
        };
    }
    eprintln!("data-driven suite: {count} cases in {} files", files.len());
    assert!(
        failures.is_empty(),
        "{} of {count} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
