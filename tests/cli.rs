//! The `conform` binary: exit codes, output formats, error locations.

use std::process::Output;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn conform(args: &[&str], stdin: Option<&str>) -> Output {
    crate::support::conform(args, stdin.unwrap_or("").as_bytes())
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn check_json(spec: &str, op: &str, output: bool, payload: &str) -> (i32, serde_json::Value) {
    let mut args = vec!["check", "--spec", spec, "--operation", op, "--format", "json"];
    if output {
        args.push("--output");
    }
    let o = conform(&args, Some(payload));
    let v = serde_json::from_str(&stdout(&o))
        .unwrap_or_else(|e| panic!("stdout is JSON ({e}): {} / {}", stdout(&o), stderr(&o)));
    (o.status.code().unwrap_or(-1), v)
}

fn paths_and_constraints(v: &serde_json::Value) -> Vec<(String, String)> {
    v["violations"]
        .as_array()
        .expect("violations")
        .iter()
        .map(|x| {
            (
                x["path"].as_str().unwrap_or("").to_owned(),
                x["constraint"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

#[test]
fn iot_create_package_bad_name_and_short_token_exit_1() {
    let (code, v) = check_json(
        "specs/iot.json",
        "CreatePackage",
        false,
        r#"{"packageName": "bad name!", "clientToken": "short"}"#,
    );
    assert_eq!(code, 1);
    assert_eq!(v["valid"], false);
    assert_eq!(
        paths_and_constraints(&v),
        [
            ("/packageName".to_owned(), "pattern".to_owned()),
            ("/clientToken".to_owned(), "length".to_owned()),
            ("/clientToken".to_owned(), "pattern".to_owned()),
        ]
    );
    assert_eq!(
        v["violations"][1]["message"],
        "Value with length 5 at '/clientToken' failed to satisfy constraint: Member must have length between 36 and 64, inclusive"
    );
}

#[test]
fn iot_create_package_valid_exit_0() {
    let (code, v) =
        check_json("specs/iot.json", "CreatePackage", false, r#"{"packageName": "my-pkg"}"#);
    assert_eq!(code, 0);
    assert_eq!(v, serde_json::json!({"valid": true, "violations": [], "truncated": false}));
}

/// Every bundled example: `*-invalid.json` must exit 1, the others 0; `*-output*.json` are outputs.
#[test]
fn every_bundled_example_checks_as_named() {
    let cases = [
        ("specs/iot.json", "CreatePackage", "iot-create-package"),
        ("specs/codeartifact.json", "CreatePackageGroup", "codeartifact-create-package-group"),
        ("specs/panorama.json", "DescribePackageVersion", "panorama-describe-package-version"),
        ("specs/panorama.json", "CreatePackage", "panorama-create-package"),
    ];
    let mut seen = 0;
    for entry in std::fs::read_dir(format!("{ROOT}/examples")).expect("examples/") {
        let path = entry.expect("entry").path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("").to_owned();
        let Some((spec, op, _)) = cases.iter().find(|(_, _, prefix)| {
            name.strip_prefix(prefix).is_some_and(|rest| rest.starts_with(['.', '-']))
        }) else {
            continue;
        };
        let output = name.contains("-output");
        let invalid = name.contains("-invalid");
        let mut args = vec!["check", "--spec", spec, "--operation", op];
        if output {
            args.push("--output");
        }
        let file = format!("examples/{name}");
        args.push(&file);
        let o = conform(&args, None);
        let want = if invalid { 1 } else { 0 };
        assert_eq!(o.status.code(), Some(want), "{name}: {}{}", stdout(&o), stderr(&o));
        seen += 1;
    }
    assert!(seen >= 8, "expected the seed examples, found {seen}");
}

#[test]
fn smithy_format_prints_the_validation_exception_body() {
    let o = conform(
        &[
            "check",
            "--spec",
            "specs/iot.json",
            "--operation",
            "CreatePackage",
            "--format",
            "smithy",
        ],
        Some(r#"{"packageName": "bad name!", "clientToken": "short"}"#),
    );
    assert_eq!(o.status.code(), Some(1));
    let body: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON body");
    assert_eq!(
        body["message"],
        "3 validation errors at 2 paths detected. First failure: Value at '/packageName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9-_.]+"
    );
    assert_eq!(body["fieldList"].as_array().map(Vec::len), Some(3));
    assert_eq!(body["fieldList"][2]["path"], "/clientToken");

    let valid = conform(
        &[
            "check",
            "--spec",
            "specs/iot.json",
            "--operation",
            "CreatePackage",
            "--format",
            "smithy",
        ],
        Some(r#"{"packageName": "ok"}"#),
    );
    assert_eq!(valid.status.code(), Some(0));
    assert_eq!(stdout(&valid), "");
}

#[test]
fn text_format_lists_one_line_per_violation() {
    let o = conform(
        &["check", "--spec", "specs/iot.json", "--operation", "CreatePackage", "-"],
        Some(r#"{"tags": {"": "v"}}"#),
    );
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stdout(&o),
        "invalid: 2 violations\n  /packageName  required  Value at '/packageName' failed to satisfy constraint: Member must not be null\n  /tags (key \"\")  length  Value with length 0 at '/tags' failed to satisfy constraint: Member must have length between 1 and 128, inclusive\n"
    );
}

#[test]
fn malformed_payload_exits_2_with_line_and_column() {
    let o = conform(
        &["check", "--spec", "specs/iot.json", "--operation", "CreatePackage"],
        Some("{\n  \"packageName\": \"x\",\n}"),
    );
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "conform: <stdin>:3:1: payload is not well-formed JSON: trailing comma\n"
    );
    assert_eq!(stdout(&o), "");
}

#[test]
fn unknown_operation_and_missing_files_exit_2() {
    let o = conform(&["check", "--spec", "specs/iot.json", "--operation", "Nope"], Some("{}"));
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "conform: specs/iot.json: not found: no operation `Nope` (operations: CreatePackage)\n"
    );
    let o = conform(&["check", "--spec", "specs/missing.json", "--operation", "X"], Some("{}"));
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).starts_with("conform: specs/missing.json: cannot read: "), "{}", stderr(&o));
    let o = conform(
        &["check", "--spec", "specs/iot.json", "--operation", "CreatePackage", "nope.json"],
        None,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).starts_with("conform: nope.json: cannot read payload: "), "{}", stderr(&o));
}

#[test]
fn broken_spec_exits_2_with_its_pointer() {
    let dir = std::env::temp_dir().join(format!("conform-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let spec = dir.join("broken.json");
    std::fs::write(
        &spec,
        r#"{"conform": 1, "service": "x", "patterns": "whole-value", "operations": {},
            "shapes": {"Name": {"type": "string", "length": {"min": 9, "max": 2}}}}"#,
    )
    .expect("write spec");
    let spec = spec.display().to_string();
    let o = conform(&["check", "--spec", &spec, "--operation", "X"], Some("{}"));
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        format!(
            "conform: {spec}: /shapes/Name/length: spec is invalid: min 9 is greater than max 2\n"
        )
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn usage_errors_exit_2() {
    let o = conform(&["check", "--operation", "X"], Some("{}"));
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--spec <FILE>"), "{}", stderr(&o));
}

fn http(args: &[&str], request: &str) -> Output {
    let mut full = vec!["http", "--spec", "specs/iot.json"];
    full.extend_from_slice(args);
    conform(&full, Some(request))
}

#[test]
fn http_smithy_format_prints_exactly_the_server_body() {
    let o = http(&[], "PUT /packages/bad%20name HTTP/1.1\r\nHost: example\r\n\r\n");
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stdout(&o),
        "{\"message\":\"1 validation error detected. Value at '/packageName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9-_.]+\",\"fieldList\":[{\"path\":\"/packageName\",\"message\":\"Value at '/packageName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9-_.]+\"}]}\n"
    );
    let valid = http(&[], "PUT /packages/good HTTP/1.1\r\n\r\n");
    assert_eq!(valid.status.code(), Some(0));
    assert_eq!(stdout(&valid), "");
}

#[test]
fn http_aws_format_echoes_values_coral_style() {
    let o =
        http(&["--format", "aws"], "PUT /packages/bad%20name?clientToken=short HTTP/1.1\r\n\r\n");
    assert_eq!(o.status.code(), Some(1));
    let body: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    assert_eq!(
        body["message"],
        "3 validation errors detected: Value 'bad name' at 'packageName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9-_.]+; Value 'short' at 'clientToken' failed to satisfy constraint: Member must have length greater than or equal to 36; Value 'short' at 'clientToken' failed to satisfy constraint: Member must satisfy regular expression pattern: \\S{36,64}"
    );
}

#[test]
fn http_serialization_exception_and_text_format() {
    let o = http(
        &["--format", "text"],
        "PUT /packages/p HTTP/1.1\r\nContent-Type: application/json\r\n\r\n{\"tags\": []}",
    );
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stdout(&o),
        "CreatePackage: 400 SerializationException\ninvalid: 1 violation\n  /tags  type  Value at '/tags' failed to satisfy constraint: Member must be of type map\n"
    );
}

#[test]
fn http_no_route_and_unreadable_requests_exit_2() {
    let o = http(&[], "GET /elsewhere HTTP/1.1\r\n\r\n");
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stderr(&o), "conform: <stdin>: no operation matches: GET /elsewhere\n");
    let o = http(&[], "PUT /packages/p HTTP/1.1\r\nContent-Length: 10\r\n\r\n{}");
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "conform: <stdin>: request is not readable: body has 2 bytes but Content-Length says 10\n"
    );
}

#[test]
fn http_refuses_services_in_protocols_it_does_not_read() {
    let dir = std::env::temp_dir().join(format!("conform-cli-protocol-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let spec = dir.join("s3.json");
    std::fs::write(
        &spec,
        r#"{"conform": 1, "service": "s3", "protocol": "restXml", "patterns": "whole-value",
            "operations": {}, "shapes": {}}"#,
    )
    .expect("write spec");
    let o =
        conform(&["http", "--spec", &spec.display().to_string()], Some("GET / HTTP/1.1\r\n\r\n"));
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "conform: protocol not served: service `s3` uses the restXml protocol; conform serves restJson1, awsJson1_0 and awsJson1_1 requests\n"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn http_text_format_names_media_type_refusals() {
    let o = http(
        &["--format", "text"],
        "PUT /packages/p HTTP/1.1\r\nContent-Type: application/xml\r\n\r\n<x/>",
    );
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stdout(&o),
        "CreatePackage: 415 UnsupportedMediaTypeException\n  a body must have Content-Type `application/json`, not `application/xml`\n"
    );
    let o = http(&[], "PUT /packages/p HTTP/1.1\r\nAccept: text/html\r\n\r\n");
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stdout(&o),
        "{\"message\":\"the response is `application/json`, which Accept `text/html` does not allow\"}\n"
    );
}

/// Every raw request of the HTTP data files, through `conform http --format json`: the same
/// status, error type and body as the library gives (tests/suite.rs checks the library).
#[test]
fn http_data_files_through_the_cli() {
    let dir = std::env::temp_dir().join(format!("conform-cli-http-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut count = 0;
    for entry in std::fs::read_dir(format!("{ROOT}/tests/data/http")).expect("tests/data/http") {
        let path = entry.expect("entry").path();
        let doc: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("JSON");
        let spec = match &doc["spec"] {
            serde_json::Value::String(s) => format!("{ROOT}/{s}"),
            fragment => {
                let mut full = serde_json::json!({"conform": 1, "service": "test",
                    "patterns": "whole-value", "operations": {}, "shapes": {}});
                for (k, v) in fragment.as_object().expect("fragment") {
                    full[k] = v.clone();
                }
                let file = dir.join(path.file_name().expect("name"));
                std::fs::write(&file, full.to_string()).expect("write spec");
                file.display().to_string()
            }
        };
        for t in doc["requests"].as_array().expect("requests") {
            let d = t["description"].as_str().unwrap_or("");
            let o = conform(
                &["http", "--spec", &spec, "--format", "json"],
                Some(t["request"].as_str().expect("request")),
            );
            count += 1;
            if t.get("error").is_some() {
                assert_eq!(o.status.code(), Some(2), "{d}");
                continue;
            }
            assert_eq!(o.status.code(), Some(if t["status"].is_null() { 0 } else { 1 }), "{d}");
            if t["style"] == "aws" {
                let o = conform(
                    &["http", "--spec", &spec, "--format", "aws"],
                    Some(t["request"].as_str().expect("request")),
                );
                let got: serde_json::Value = serde_json::from_str(&stdout(&o))
                    .unwrap_or_else(|e| panic!("{d}: {e}: {}{}", stdout(&o), stderr(&o)));
                assert_eq!(got, t["body"], "{d}");
                continue;
            }
            let got: serde_json::Value = serde_json::from_str(&stdout(&o))
                .unwrap_or_else(|e| panic!("{d}: {e}: {}{}", stdout(&o), stderr(&o)));
            assert_eq!(got["status"], t["status"], "{d}");
            assert_eq!(got["errorType"], t["errorType"], "{d}");
            assert_eq!(got["body"], t["body"], "{d}");
            if let Some(content_type) = t.get("contentType") {
                assert_eq!(&got["contentType"], content_type, "{d}");
            }
        }
    }
    assert!(count >= 40, "expected the HTTP data files, ran {count}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn ndjson_checks_every_line_in_order_and_summarises() {
    let mut input = String::new();
    for i in 0..300 {
        input.push_str(&format!("{{\"packageName\": \"pkg-{i}\"}}\n"));
    }
    input.push_str("\n{\"packageName\": \"bad name\"}\n{oops\n");
    let o = conform(
        &[
            "check",
            "--ndjson",
            "--spec",
            "specs/iot.json",
            "--operation",
            "CreatePackage",
            "--format",
            "json",
        ],
        Some(&input),
    );
    assert_eq!(o.status.code(), Some(1));
    let lines: Vec<serde_json::Value> =
        stdout(&o).lines().map(|l| serde_json::from_str(l).expect("JSON line")).collect();
    assert_eq!(lines.len(), 302);
    assert_eq!(lines[0], serde_json::json!({"line": 1, "valid": true, "violations": []}));
    assert_eq!(lines[300]["line"], 302, "the blank line is skipped but counted");
    assert_eq!(lines[300]["violations"][0]["path"], "/packageName");
    assert_eq!(
        lines[301],
        serde_json::json!({"line": 303, "valid": false, "violations": [],
            "error": "line 1 column 2: payload is not well-formed JSON: key must be a string"})
    );
    let summary = stderr(&o);
    assert!(
        summary
            .starts_with("conform: 302 payloads, 300 valid, 2 invalid (1 not well-formed JSON); "),
        "{summary}"
    );
    let all_valid = conform(
        &["check", "--ndjson", "--spec", "specs/iot.json", "--operation", "CreatePackage"],
        Some("{\"packageName\": \"a\"}\n{\"packageName\": \"b\"}\n"),
    );
    assert_eq!(all_valid.status.code(), Some(0));
    assert_eq!(stdout(&all_valid), "");
}
