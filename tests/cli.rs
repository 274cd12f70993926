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
        args.push("--response");
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
            args.push("--response");
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
        "CreatePackage: 400 SerializationException\n  reason: Value at '/tags' failed to satisfy constraint: Member must be of type map\ninvalid: 1 violation\n  /tags  type  Value at '/tags' failed to satisfy constraint: Member must be of type map\n"
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
        "CreatePackage: 415 UnsupportedMediaTypeException\n  reason: a body must have Content-Type `application/json`, not `application/xml`\n"
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
            "error": "payload is not well-formed JSON: key must be a string", "column": 2})
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

/// A fresh temporary directory for one test.
fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("conform-cli-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

// Issue 22 item 1: finding an operation.

#[test]
fn list_prints_each_operation_with_method_uri_input_and_output() {
    let o = conform(&["list", "--spec", "specs/panorama.json"], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "DescribePackageVersion  GET   /packages/metadata/{PackageId}/versions/{PackageVersion}  DescribePackageVersionRequest  DescribePackageVersionResponse\n\
         CreatePackage           POST  /packages                                                 CreatePackageRequest           CreatePackageResponse\n"
    );
    let o = conform(&["list", "-s", "specs/panorama.json", "-f", "json", "create-package"], None);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    assert_eq!(
        v,
        serde_json::json!({"service": "panorama", "operations": [{"name": "CreatePackage",
            "method": "POST", "uri": "/packages", "code": 200, "input": "CreatePackageRequest",
            "output": "CreatePackageResponse"}]})
    );
    let o = conform(&["list", "-s", "specs/missing.json", "-f", "json"], None);
    assert_eq!(o.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON error");
    assert_eq!(v["error"]["kind"], "io");
    assert_eq!(v["error"]["file"], "specs/missing.json");
}

#[test]
fn operation_names_in_snake_or_kebab_case_and_suggestions_for_misspelt_ones() {
    for name in ["create_package", "create-package", "createpackage"] {
        let o = conform(
            &["check", "-s", "specs/iot.json", "-o", name],
            Some(r#"{"packageName": "p"}"#),
        );
        assert_eq!((o.status.code(), stdout(&o)), (Some(0), "valid\n".to_owned()), "{name}");
    }
    let o = conform(&["check", "-s", "specs/iot.json", "-o", "CreatePackge"], Some("{}"));
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "conform: specs/iot.json: not found: no operation `CreatePackge`; did you mean `CreatePackage`?\n"
    );
    let Some(shared) = crate::support::shared("the IoT model's operation suggestions") else {
        return;
    };
    let model = shared.join("aws-models/iot-2015-05-28.smithy.json").display().to_string();
    let o = conform(&["check", "-s", &model, "-o", "CreatePackge"], Some("{}"));
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        format!(
            "conform: {model}: not found: no operation `CreatePackge`; did you mean `CreatePackage`? (`conform list --spec {model}` lists its 270 operations)\n"
        )
    );
    let o = conform(&["list", "-s", &model], None);
    assert_eq!(stdout(&o).lines().count(), 270);
    assert!(stdout(&o).contains("\nCreatePackage "), "{}", stdout(&o));
}

// Issue 22 item 2: --response, and short flags.

#[test]
fn response_flag_and_short_forms_and_the_old_output_flag_is_explained() {
    let o = conform(
        &[
            "check",
            "-s",
            "specs/iot.json",
            "-o",
            "CreatePackage",
            "-r",
            "-f",
            "json",
            "examples/iot-create-package-output.json",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "{\"valid\":true,\"violations\":[],\"truncated\":false}\n");
    let o = conform(
        &["check", "--spec", "specs/iot.json", "--operation", "CreatePackage", "--output", "json"],
        Some("{}"),
    );
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "conform: `--output` is now `--response` (`-r`): validate against the operation's output shape; the output format is `--format` (`-f`); did you mean `--format json`?\n"
    );
    let o = conform(&["check", "-s", "specs/iot.json", "-o", "json"], Some("{}"));
    assert_eq!(
        stderr(&o),
        "conform: specs/iot.json: not found: no operation `json` (operations: CreatePackage) (`--format json` picks the output format)\n"
    );
    let help = conform(&["check", "--help"], None);
    for flag in ["-s, --spec <FILE>", "-o, --operation <NAME>", "-r, --response", "-f, --format"] {
        assert!(stdout(&help).contains(flag), "{flag}: {}", stdout(&help));
    }
    assert!(!stdout(&help).contains("--output"), "{}", stdout(&help));
}

// Issue 22 item 3: several payloads.

#[test]
fn several_payload_files_get_one_result_each() {
    let dir = temp_dir("several");
    let bad = dir.join("bad.json");
    std::fs::write(&bad, "{\n").expect("write");
    let bad = bad.display().to_string();
    let files = [
        "examples/iot-create-package.json",
        "examples/iot-create-package-invalid.json",
        bad.as_str(),
    ];
    let mut args = vec!["check", "-s", "specs/iot.json", "-o", "CreatePackage"];
    args.extend_from_slice(&files);
    let o = conform(&args, None);
    assert_eq!(o.status.code(), Some(2), "a payload that is not JSON is exit 2");
    let out = stdout(&o);
    assert!(out.starts_with("examples/iot-create-package.json: valid\nexamples/iot-create-package-invalid.json: invalid: 4 violations\n  /packageName  pattern"), "{out}");
    assert_eq!(
        stderr(&o),
        format!(
            "conform: {bad}:2:0: payload is not well-formed JSON: EOF while parsing an object\n"
        )
    );
    args.extend_from_slice(&["-f", "json"]);
    let o = conform(&args, None);
    let lines: Vec<serde_json::Value> =
        stdout(&o).lines().map(|l| serde_json::from_str(l).expect("JSON line")).collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["file"], files[0]);
    assert_eq!(lines[0]["valid"], true);
    assert_eq!(lines[1]["valid"], false);
    assert_eq!(lines[1]["violations"].as_array().map(Vec::len), Some(4));
    assert_eq!(lines[2]["file"], bad.as_str());
    assert_eq!(lines[2]["error"]["kind"], "payload_syntax");
    assert_eq!(lines[2]["error"]["line"], 2);
    // Valid and invalid only: exit 1.
    let o = conform(
        &["check", "-s", "specs/iot.json", "-o", "CreatePackage", files[0], files[1]],
        None,
    );
    assert_eq!(o.status.code(), Some(1));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn two_documents_on_stdin_say_to_use_ndjson() {
    let o = conform(
        &["check", "-s", "specs/iot.json", "-o", "CreatePackage"],
        Some("{\"packageName\": \"a\"}\n{\"packageName\": \"b\"}\n"),
    );
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "conform: <stdin>:2:1: payload is not well-formed JSON: trailing characters (one payload is one JSON document: for several, one per line, use --ndjson; or give each as a file)\n"
    );
}

// Issue 22 item 4: machine-readable everywhere.

#[test]
fn json_format_writes_errors_as_json_on_stdout() {
    let dir = temp_dir("json-errors");
    let spec = dir.join("broken.json");
    std::fs::write(
        &spec,
        r#"{"conform": 1, "service": "x", "patterns": "whole-value", "operations": {},
            "shapes": {"Name": {"type": "string", "length": {"min": 9, "max": 2}}}}"#,
    )
    .expect("write spec");
    let spec = spec.display().to_string();
    let o = conform(&["check", "-s", &spec, "-o", "X", "-f", "json"], Some("{}"));
    assert_eq!(o.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON error");
    assert_eq!(
        v,
        serde_json::json!({"error": {"kind": "spec_invalid",
            "message": format!("{spec}: /shapes/Name/length: spec is invalid: min 9 is greater than max 2"),
            "file": spec, "pointer": "/shapes/Name/length"}})
    );
    let o = conform(
        &["check", "-s", "specs/iot.json", "-o", "CreatePackage", "-f", "json", "nope.json"],
        None,
    );
    assert_eq!(o.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON error");
    assert_eq!(v["error"]["kind"], "io");
    assert_eq!(v["error"]["file"], "nope.json");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap_or("")
            .starts_with("nope.json: cannot read payload: "),
        "{v}"
    );
    let o = http(&["-f", "json"], "GET /elsewhere HTTP/1.1\r\n\r\n");
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stdout(&o),
        "{\"error\":{\"kind\":\"no_route\",\"message\":\"<stdin>: no operation matches: GET /elsewhere\",\"file\":\"<stdin>\"}}\n"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn smithy_format_is_refused_with_ndjson_and_several_payloads() {
    let o = conform(
        &["check", "--ndjson", "-s", "specs/iot.json", "-o", "CreatePackage", "-f", "smithy"],
        Some("{}\n"),
    );
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stdout(&o), "");
    assert_eq!(
        stderr(&o),
        "conform: `--format smithy` prints the one ValidationException body of one payload; with --ndjson or several payloads use `--format json` (one object per payload) or `text`\n"
    );
    let o = conform(
        &[
            "check",
            "-s",
            "specs/iot.json",
            "-o",
            "CreatePackage",
            "-f",
            "smithy",
            "a.json",
            "b.json",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).starts_with("conform: `--format smithy` prints"), "{}", stderr(&o));
}

#[test]
fn ndjson_text_errors_name_line_and_column_once() {
    let o = conform(
        &["check", "--ndjson", "-s", "specs/iot.json", "-o", "CreatePackage"],
        Some("{\"packageName\": \"a\"}\n\n\n{oops\n"),
    );
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stdout(&o),
        "line 4 column 2: payload is not well-formed JSON: key must be a string\n"
    );
}

#[test]
fn an_empty_payload_is_named_so() {
    let dir = temp_dir("empty");
    let empty = dir.join("empty.json");
    std::fs::write(&empty, "  \n").expect("write");
    let empty = empty.display().to_string();
    let o = conform(&["check", "-s", "specs/iot.json", "-o", "CreatePackage", &empty], None);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stderr(&o), format!("conform: {empty}: empty payload: no JSON value\n"));
    let o =
        conform(&["check", "-s", "specs/iot.json", "-o", "CreatePackage", "-f", "json"], Some(""));
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stdout(&o),
        "{\"error\":{\"kind\":\"payload_syntax\",\"message\":\"<stdin>: empty payload: no JSON value\",\"file\":\"<stdin>\"}}\n"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn max_violations_zero_means_no_limit() {
    let payload = r#"{"packageName": "bad name!", "clientToken": "short"}"#;
    let count = |n: &str| {
        let o = conform(
            &[
                "check",
                "-s",
                "specs/iot.json",
                "-o",
                "CreatePackage",
                "-f",
                "json",
                "--max-violations",
                n,
            ],
            Some(payload),
        );
        let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
        (v["violations"].as_array().map_or(0, Vec::len), v["truncated"].clone())
    };
    assert_eq!(count("0"), (3, serde_json::json!(false)));
    assert_eq!(count("1"), (1, serde_json::json!(true)));
    assert_eq!(count("3"), (3, serde_json::json!(false)));
}

#[test]
fn null_members_absent_or_invalid() {
    let payload = r#"{"packageName": null, "clientToken": null}"#;
    let check = |policy: Option<&str>| {
        let mut args = vec!["check", "-s", "specs/iot.json", "-o", "CreatePackage", "-f", "text"];
        if let Some(p) = policy {
            args.extend(["--null-members", p]);
        }
        let o = conform(&args, Some(payload));
        (o.status.code(), stdout(&o))
    };
    let absent = (
        Some(1),
        "invalid: 1 violation\n  /packageName  required  Value at '/packageName' failed to satisfy constraint: Member must not be null\n".to_owned(),
    );
    assert_eq!(check(None), absent);
    assert_eq!(check(Some("absent")), absent);
    assert_eq!(
        check(Some("invalid")),
        (
            Some(1),
            "invalid: 2 violations\n  /packageName  type  Value at '/packageName' failed to satisfy constraint: Member must be of type string\n  /clientToken  type  Value at '/clientToken' failed to satisfy constraint: Member must be of type string\n".to_owned()
        )
    );
    let o = conform(
        &["check", "-s", "specs/iot.json", "-o", "CreatePackage", "--null-members", "unset"],
        Some(payload),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("invalid value 'unset' for '--null-members <POLICY>'"),
        "{}",
        stderr(&o)
    );
    let o = http(
        &["-f", "text", "--null-members", "invalid"],
        "PUT /packages/p HTTP/1.1\r\nContent-Type: application/json\r\n\r\n{\"description\": null}",
    );
    assert_eq!(
        (o.status.code(), stdout(&o)),
        (
            Some(1),
            "CreatePackage: 400 SerializationException\n  reason: Value at '/description' failed to satisfy constraint: Member must be of type string\ninvalid: 1 violation\n  /description  type  Value at '/description' failed to satisfy constraint: Member must be of type string\n".to_owned()
        )
    );
}

#[test]
fn junit_report_has_one_case_per_payload() {
    let o = conform(
        &[
            "check",
            "-s",
            "specs/iot.json",
            "-o",
            "CreatePackage",
            "-f",
            "junit",
            "examples/iot-create-package.json",
            "examples/iot-create-package-invalid.json",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.starts_with(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"conform\" tests=\"2\" failures=\"1\" errors=\"0\">\n  <testsuite name=\"CreatePackage input\" tests=\"2\" failures=\"1\" errors=\"0\">\n    <testcase classname=\"CreatePackage.input\" name=\"examples/iot-create-package.json\"/>\n    <testcase classname=\"CreatePackage.input\" name=\"examples/iot-create-package-invalid.json\">\n      <failure type=\"invalid\" message=\"4 violations\">  /packageName  pattern  Value at &apos;/packageName&apos; failed"
    ), "{out}");
    assert!(out.ends_with("</failure>\n    </testcase>\n  </testsuite>\n</testsuites>\n"), "{out}");
    // NDJSON lines are cases too; a line that is not JSON is an error (with control characters
    // of the input kept out of the XML).
    let o = conform(
        &["check", "--ndjson", "-s", "specs/iot.json", "-o", "CreatePackage", "-f", "junit"],
        Some("{\"packageName\": \"a\"}\n{\"packageName\": \"a\u{1}b\"}\n[\n"),
    );
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("tests=\"3\" failures=\"0\" errors=\"2\""), "{out}");
    assert!(out.contains("<testcase classname=\"CreatePackage.input\" name=\"line 1\"/>"), "{out}");
    assert!(
        out.contains("<error type=\"payload_syntax\" message=\"line 3 column 1: payload is not well-formed JSON: EOF while parsing a list\"/>"),
        "{out}"
    );
    assert!(!out.chars().any(|c| c < ' ' && c != '\n'), "{out}");
    // A spec that does not load: one erroring case, so CI still gets a report.
    let o = conform(&["check", "-s", "specs/missing.json", "-o", "X", "-f", "junit"], Some("{}"));
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stdout(&o).contains("<error type=\"io\" message=\"specs/missing.json: cannot read: "),
        "{}",
        stdout(&o)
    );
}

// Issue 22 item 5: conform http.

#[test]
fn http_takes_the_validation_limits() {
    let request = "PUT /packages/p HTTP/1.1\r\nContent-Type: application/json\r\n\r\n{\"zz\": 1, \"description\": \"x\"}";
    let o = http(&["-f", "text"], request);
    assert_eq!((o.status.code(), stdout(&o)), (Some(0), "CreatePackage: valid\n".to_owned()));
    let o = http(&["-f", "text", "--deny-unknown"], request);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stdout(&o),
        "CreatePackage: 400 ValidationException\ninvalid: 1 violation\n  /zz  unknown  Value at '/zz' failed to satisfy constraint: Member must be defined in the model\n"
    );
    let o = http(
        &["-f", "json", "--max-violations", "1"],
        "PUT /packages/bad%20name?clientToken=short HTTP/1.1\r\n\r\n",
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    assert_eq!(v["violations"].as_array().map(Vec::len), Some(1));
    let o = http(
        &["-f", "json", "--max-depth", "0"],
        "PUT /packages/p HTTP/1.1\r\nContent-Type: application/json\r\n\r\n{\"tags\": {\"a\": \"b\"}}",
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    assert_eq!(v["violations"][0]["constraint"], "depth", "{v}");
    let help = stdout(&conform(&["http", "--help"], None));
    for text in [
        "-u, --deny-unknown",
        "--max-violations <N>",
        "--max-depth <N>",
        "--null-members <POLICY>",
        "the reason",
    ] {
        assert!(help.contains(text), "{text}: {help}");
    }
}

// Issue 22 item 6: conform import.

/// A reference page of the made-up service `demo` for operation `op`, whose one error has `status`.
fn demo_page(op: &str, status: u16) -> String {
    format!(
        "{op} - AWS Demo\n\n{op}\n\nDoes it.\n\nRequest Syntax\n\nPUT /things/thingName HTTP/1.1\n\n\
         URI Request Parameters\n\nthingName\n\nThe name.\n\nPattern: [a-z]+\n\nRequired: Yes\n\n\
         Errors\n\nConflictException\n\nIt conflicts.\n\nHTTP Status Code: {status}\n"
    )
}

#[test]
fn import_page_refuses_pages_of_several_services_and_words_warnings() {
    let pages = "tests/data/import/pages";
    let o = conform(
        &[
            "import",
            "page",
            &format!("{pages}/000_d272dad8ad9433ce.txt"),
            &format!("{pages}/001_568986f505da3dcc.txt"),
            &format!("{pages}/002_99e204e90faaf15d.txt"),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stdout(&o), "");
    assert_eq!(
        stderr(&o),
        "conform: cannot import: page 2 (CreatePackageGroup) is of the service `codeartifact`, page 1 (CreatePackage) of `iot`: a spec describes one service; import each service's pages on their own\n"
    );
    let dir = temp_dir("import-pages");
    let (a, b) = (dir.join("a.txt"), dir.join("b.txt"));
    std::fs::write(&a, demo_page("CreateThing", 409)).expect("write");
    std::fs::write(&b, demo_page("UpdateThing", 400)).expect("write");
    let o = conform(&["import", "page", &a.display().to_string(), &b.display().to_string()], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("the error ConflictException has HTTP status 400 here and 409 on an earlier page; the first is kept"),
        "{err}"
    );
    assert!(!err.contains("Some("), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn import_names_the_kind_of_model_it_was_given() {
    let dir = temp_dir("import-kind");
    let botocore = dir.join("demo.botocore.json");
    std::fs::write(
        &botocore,
        r#"{"version": "2.0", "metadata": {"protocol": "rest-json", "serviceId": "Demo"},
            "operations": {}, "shapes": {"A": {"type": "structure", "members": {"b": {}}}}}"#,
    )
    .expect("write");
    let botocore = botocore.display().to_string();
    let o = conform(&["import", "smithy", &botocore], None);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        format!(
            "conform: {botocore}: cannot import: this is a botocore model, not a Smithy model: use `conform import botocore`\n"
        )
    );
    let smithy = dir.join("demo.smithy.json");
    std::fs::write(&smithy, r#"{"smithy": "2.0", "shapes": {}}"#).expect("write");
    let smithy = smithy.display().to_string();
    let o = conform(&["import", "botocore", &smithy], None);
    assert_eq!(
        stderr(&o),
        format!(
            "conform: {smithy}: cannot import: this is a Smithy JSON AST model, not a botocore model: use `conform import smithy`\n"
        )
    );
    let o = conform(&["import", "page", "specs/iot.json"], None);
    assert_eq!(
        stderr(&o),
        "conform: specs/iot.json: cannot import: this is a JSON document (a conform spec?), not a reference page: every command's --spec reads a conform spec as it is\n"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

// Issue 22 item 7: shell completions.

#[test]
fn completions_for_each_shell() {
    let o = conform(&["completions", "bash"], None);
    assert_eq!(o.status.code(), Some(0));
    let script = stdout(&o);
    assert!(script.contains("_conform()"), "{script}");
    for word in ["list", "completions", "--response", "--deny-unknown", "junit"] {
        assert!(script.contains(word), "{word}");
    }
    let flags = [
        ("zsh", "'--operation=[The operation"),
        ("fish", "-s o -l operation"),
        ("powershell", "'--operation'"),
        ("elvish", "cand --operation"),
    ];
    for (shell, flag) in flags {
        let o = conform(&["completions", shell], None);
        assert_eq!(o.status.code(), Some(0), "{shell}");
        assert!(stdout(&o).contains(flag), "{shell}: {}", stdout(&o));
    }
    let o = conform(&["completions", "tcsh"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("invalid value 'tcsh'"), "{}", stderr(&o));
}
