//! The model importers: the whole AWS corpus imports and compiles, the seed operations agree
//! across sources, and the `import` and `diff` subcommands.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

use conform::import::{SourceFormat, from_text};
use conform::{Spec, Validator};

use crate::support::json_files;
use serde_json::{Value, json};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn shared() -> Option<PathBuf> {
    crate::support::shared("the model importer tests")
}

/// Imports and compiles every file with two threads; returns (operations, failures).
fn import_all(files: &[PathBuf], format: SourceFormat) -> (usize, Vec<String>) {
    let next = Mutex::new(0usize);
    let results = Mutex::new((0usize, Vec::new()));
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                loop {
                    let i = {
                        let mut n = next.lock().unwrap();
                        *n += 1;
                        *n - 1
                    };
                    let Some(file) = files.get(i) else { break };
                    let outcome = std::fs::read_to_string(file)
                        .map_err(|e| e.to_string())
                        .and_then(|text| from_text(&text, format).map_err(|e| e.to_string()))
                        .and_then(|spec| {
                            Validator::new(&spec)
                                .map(|_| spec.operations.len())
                                .map_err(|e| format!("compile: {e}"))
                        });
                    let mut r = results.lock().unwrap();
                    match outcome {
                        Ok(ops) => r.0 += ops,
                        Err(e) => r.1.push(format!("{}: {e}", file.display())),
                    }
                }
            });
        }
    });
    let (ops, mut failures) = results.into_inner().unwrap();
    failures.sort();
    (ops, failures)
}

#[test]
fn corpus_imports_and_compiles() {
    let Some(shared) = shared() else { return };
    let mut failures = Vec::new();
    for (dir, format) in [("botocore", SourceFormat::Botocore), ("smithy", SourceFormat::Smithy)] {
        let files = json_files(&shared.join("aws-models").join(dir));
        let start = Instant::now();
        let (ops, mut failed) = import_all(&files, format);
        eprintln!(
            "{dir}: {} files, {} imported and compiled, {ops} operations, {:.1?}",
            files.len(),
            files.len() - failed.len(),
            start.elapsed()
        );
        assert!(!files.is_empty(), "no {dir} models");
        failures.append(&mut failed);
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

/// The seed services: the spec in `specs/`, and the model files' stem in `aws-models/`.
const SEEDS: &[(&str, &str)] = &[
    ("iot", "iot-2015-05-28"),
    ("codeartifact", "codeartifact-2018-09-22"),
    ("panorama", "panorama-2019-07-24"),
];

/// A payload to validate: (service, operation, output?, description, payload).
type Case = (String, String, bool, String, Value);

/// Payloads shared by all three sources: the inline set below plus every operation case of
/// `tests/data/seeds/` (whose expected violations are for `specs/`; here only agreement matters).
fn seed_cases() -> Vec<Case> {
    let mut cases: Vec<Case> = [
        ("iot", "CreatePackage", false, "valid minimal", json!({"packageName": "pkg"})),
        ("iot", "CreatePackage", false, "bad name and short token",
            json!({"packageName": "bad name!", "clientToken": "short"})),
        ("iot", "CreatePackage", false, "missing name", json!({"tags": {"k": "v"}})),
        ("iot", "CreatePackage", false, "empty tags", json!({"packageName": "p", "tags": {}})),
        ("iot", "CreatePackage", false, "tag key too long",
            json!({"packageName": "p", "tags": {"k".repeat(129): "v"}})),
        ("iot", "CreatePackage", false, "empty description", json!({"packageName": "p", "description": ""})),
        ("codeartifact", "CreatePackageGroup", false, "valid",
            json!({"domain": "my-domain", "packageGroup": "/npm/*", "tags": [{"key": "k", "value": "v"}]})),
        ("codeartifact", "CreatePackageGroup", false, "bad domain and owner",
            json!({"domain": "My_Domain", "domainOwner": "12345", "packageGroup": "/a b"})),
        ("codeartifact", "CreatePackageGroup", false, "tag missing value",
            json!({"domain": "dd", "packageGroup": "/x", "tags": [{"key": "k"}]})),
        ("panorama", "DescribePackageVersion", false, "valid",
            json!({"PackageId": "pkg-1", "PackageVersion": "1.0", "PatchVersion": "abc"})),
        ("panorama", "DescribePackageVersion", false, "bad version",
            json!({"PackageId": "pkg 1", "PackageVersion": "1.x", "OwnerAccount": "ABC"})),
        ("panorama", "DescribePackageVersion", true, "output missing members", json!({"PackageId": "p"})),
        ("panorama", "CreatePackage", false, "valid", json!({"PackageName": "n", "Tags": {"a": "b"}})),
        ("panorama", "CreatePackage", false, "bad name, empty tag key",
            json!({"PackageName": "bad name", "Tags": {"": "b"}})),
        ("panorama", "CreatePackage", true, "output without storage location", json!({"Arn": "a"})),
    ]
    .into_iter()
    .map(|(s, o, out, d, p)| (s.to_owned(), o.to_owned(), out, d.to_owned(), p))
    .collect();
    let dir = Path::new(ROOT).join("tests/data/seeds");
    let files = if dir.is_dir() { json_files(&dir) } else { Vec::new() };
    for file in files {
        let Ok(doc) = std::fs::read_to_string(&file).map(|t| serde_json::from_str::<Value>(&t))
        else {
            continue;
        };
        let Ok(doc) = doc else { continue };
        let Some(service) = doc["spec"].as_str().and_then(|s| s.strip_prefix("specs/")) else {
            continue;
        };
        let service = service.trim_end_matches(".json").to_owned();
        for t in doc["tests"].as_array().into_iter().flatten() {
            let Some(op) = t["operation"].as_str() else { continue };
            cases.push((
                service.clone(),
                op.to_owned(),
                t["output"].as_bool().unwrap_or(false),
                t["description"].as_str().unwrap_or("").to_owned(),
                t["payload"].clone(),
            ));
        }
    }
    cases
}

/// The violations as sorted (path, constraint) pairs: messages and order legitimately differ
/// between sources (pattern text, member order).
fn verdict(v: &Validator, op: &str, output: bool, payload: &Value) -> Vec<(String, String)> {
    let op = v.operation(op).unwrap_or_else(|e| panic!("{op}: {e}"));
    let shape = if output { op.output() } else { op.input() };
    let mut out: Vec<(String, String)> = shape
        .validate(payload)
        .violations()
        .iter()
        .map(|x| (x.path().to_string(), x.constraint().to_string()))
        .collect();
    out.sort();
    out
}

/// Differences between `specs/` and the models that are documented (in the specs' notes and in
/// `../shared/reference/aws-models-and-patterns.md` §1): violations only one side reports.
///
/// - IoT `TagMap`: the page (and so `specs/iot.json`) prints no minimum; both models set min 1, so
///   they also report `tags: {}` at `/tags` (length).
/// - Panorama `IsLatestPatch`: the Smithy model gives it `@default(false)` as well as `@required`,
///   and `specs/panorama.json` keeps that default, so an absent value is not missing; botocore has
///   no defaults, so its validator reports `/IsLatestPatch` (required).
/// - Smithy patterns are searches, and Java's `$` (like conform's search rule) also matches before
///   a line terminator that ends the value: `^\P{C}*$` searched accepts `"abc\n"`, which the
///   page's whole-value `\P{C}*` rejects. So the Smithy validator misses pattern violations of
///   values that end with a line terminator.
fn documented(
    source: &str,
    service: &str,
    payload: &Value,
    only_spec: &[(String, String)],
    only_model: &[(String, String)],
) -> bool {
    let all =
        |v: &[(String, String)], f: &dyn Fn(&str, &str) -> bool| v.iter().all(|(p, c)| f(p, c));
    let ends_with_newline = |p: &str| {
        payload
            .pointer(p)
            .and_then(Value::as_str)
            .is_some_and(|s| s.ends_with(['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}']))
    };
    match (service, source) {
        ("iot", _) if all(only_model, &|p, c| p == "/tags" && c == "length") => {
            only_spec.is_empty()
        }
        ("panorama", "botocore") => {
            only_spec.is_empty()
                && all(only_model, &|p, c| p == "/IsLatestPatch" && c == "required")
        }
        (_, "smithy") => {
            only_model.is_empty() && all(only_spec, &|p, c| c == "pattern" && ends_with_newline(p))
        }
        _ => false,
    }
}

#[test]
fn seed_operations_agree_across_sources() {
    let Some(shared) = shared() else { return };
    let models = shared.join("aws-models");
    let mut validators = std::collections::HashMap::new();
    for (service, stem) in SEEDS {
        let spec = Spec::from_path(Path::new(ROOT).join("specs").join(format!("{service}.json")))
            .unwrap_or_else(|e| panic!("{e}"));
        let load = |kind: &str, format| {
            let file = models.join(format!("{stem}.{kind}.json"));
            let text = std::fs::read_to_string(&file)
                .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            from_text(&text, format).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
        };
        let compiled = [
            ("spec", spec),
            ("botocore", load("botocore", SourceFormat::Botocore)),
            ("smithy", load("smithy", SourceFormat::Smithy)),
        ]
        .map(|(k, s)| (k, Validator::new(&s).unwrap_or_else(|e| panic!("{service} {k}: {e}"))));
        validators.insert(*service, compiled);
    }
    let cases = seed_cases();
    let (mut agreed, mut documented_count, mut failures) = (0, 0, Vec::new());
    for (service, op, output, description, payload) in &cases {
        let Some([(_, spec), rest @ ..]) = validators.get(service.as_str()).map(|v| v.as_slice())
        else {
            continue;
        };
        let want = verdict(spec, op, *output, payload);
        for (source, v) in rest {
            let got = verdict(v, op, *output, payload);
            if got == want {
                agreed += 1;
                continue;
            }
            let only_spec: Vec<_> = want.iter().filter(|x| !got.contains(x)).cloned().collect();
            let only_model: Vec<_> = got.iter().filter(|x| !want.contains(x)).cloned().collect();
            if documented(source, service, payload, &only_spec, &only_model) {
                documented_count += 1;
            } else {
                failures.push(format!(
                    "{service} {op} {} `{description}` ({source}): only in specs/ {only_spec:?}, only in the model {only_model:?}",
                    if *output { "output" } else { "input" }
                ));
            }
        }
    }
    eprintln!(
        "seed agreement: {} payloads, {agreed} agreements, {documented_count} documented differences",
        cases.len()
    );
    assert!(failures.is_empty(), "{} disagreements:\n{}", failures.len(), failures.join("\n"));
}

/// A small botocore model, and the same API as a Smithy model with one difference (the Smithy
/// `Tags` has no minimum) and anchored search patterns.
const SMALL_BOTOCORE: &str = r#"{"version": "2.0",
 "metadata": {"apiVersion": "2024-01-01", "protocol": "rest-json", "serviceId": "Demo", "serviceFullName": "Demo Service"},
 "operations": {"PutThing": {"name": "PutThing", "http": {"method": "PUT", "requestUri": "/things/{thingName}"},
   "input": {"shape": "PutThingRequest"}, "errors": [{"shape": "BadRequest"}]}},
 "shapes": {
   "PutThingRequest": {"type": "structure", "required": ["name"], "members": {
     "name": {"shape": "Name", "location": "uri", "locationName": "thingName"},
     "tags": {"shape": "Tags"}}},
   "Name": {"type": "string", "min": 1, "max": 8, "pattern": "[a-z]+"},
   "Tags": {"type": "map", "key": {"shape": "String"}, "value": {"shape": "String"}, "min": 1, "max": 5},
   "String": {"type": "string"},
   "BadRequest": {"type": "structure", "exception": true, "error": {"httpStatusCode": 400},
     "members": {"message": {"shape": "String"}}}}}"#;

const SMALL_SMITHY: &str = r#"{"smithy": "2.0", "shapes": {
 "demo#Demo": {"type": "service", "version": "2024-01-01", "operations": [{"target": "demo#PutThing"}],
   "traits": {"aws.api#service": {"sdkId": "Demo"}, "aws.protocols#restJson1": {}}},
 "demo#PutThing": {"type": "operation", "input": {"target": "demo#PutThingInput"},
   "output": {"target": "smithy.api#Unit"}, "errors": [{"target": "demo#BadRequest"}],
   "traits": {"smithy.api#http": {"method": "PUT", "uri": "/things/{name}"}}},
 "demo#PutThingInput": {"type": "structure", "members": {
   "name": {"target": "demo#Name", "traits": {"smithy.api#required": {}, "smithy.api#httpLabel": {}}},
   "tags": {"target": "demo#Tags"}}},
 "demo#Name": {"type": "string", "traits": {"smithy.api#length": {"min": 1, "max": 8}, "smithy.api#pattern": "^[a-z]+$"}},
 "demo#Tags": {"type": "map", "key": {"target": "smithy.api#String"}, "value": {"target": "smithy.api#String"},
   "traits": {"smithy.api#length": {"max": 5}}},
 "demo#BadRequest": {"type": "structure", "members": {"message": {"target": "smithy.api#String"}},
   "traits": {"smithy.api#error": "client", "smithy.api#httpError": 400}}}}"#;

#[test]
fn small_models_agree_except_the_tags_minimum() {
    let b = conform::import::botocore(SMALL_BOTOCORE).unwrap();
    let s = conform::import::smithy(SMALL_SMITHY).unwrap();
    let d = conform::diff(&b, &s);
    let lines: Vec<String> = d.differences.iter().map(ToString::to_string).collect();
    assert_eq!(lines, ["PutThing.input.tags: length: A min 1, max 5; B max 5"]);
    assert_eq!(d.compared, ["PutThing"]);
}

/// Every node of a model replaced in turn by each JSON type: the importers return errors or
/// specs, and never panic.
#[test]
fn importers_never_panic_on_mangled_models() {
    fn paths(v: &Value, at: String, out: &mut Vec<String>) {
        out.push(at.clone());
        match v {
            Value::Object(o) => {
                for (k, c) in o {
                    paths(c, format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")), out);
                }
            }
            Value::Array(a) => {
                for (i, c) in a.iter().enumerate() {
                    paths(c, format!("{at}/{i}"), out);
                }
            }
            _ => {}
        }
    }
    let replacements =
        [json!(null), json!(-1), json!(1.5), json!("x"), json!([]), json!({}), json!([{}])];
    for (text, format) in
        [(SMALL_BOTOCORE, SourceFormat::Botocore), (SMALL_SMITHY, SourceFormat::Smithy)]
    {
        let model: Value = serde_json::from_str(text).unwrap();
        let mut all = Vec::new();
        paths(&model, String::new(), &mut all);
        for p in &all {
            for r in &replacements {
                let mut m = model.clone();
                if let Some(slot) = m.pointer_mut(p) {
                    *slot = r.clone();
                }
                if let Ok(spec) = from_text(&m.to_string(), format) {
                    // What imports must also be a spec that conform can read back.
                    let _ = Validator::new(&spec);
                    Spec::from_json_str(&spec.to_json_pretty()).unwrap();
                }
            }
        }
        for cut in (0..text.len()).step_by(7) {
            let _ = from_text(text.get(..cut).unwrap_or(""), format);
        }
    }
}

#[cfg(feature = "cli")]
mod cli {
    use std::process::Output;

    use super::*;

    fn conform(args: &[&str]) -> Output {
        crate::support::conform(args, b"")
    }

    fn temp_file(name: &str, text: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("conform-import-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn import_botocore_prints_the_spec() {
        let file = temp_file("demo.botocore.json", SMALL_BOTOCORE);
        let o = conform(&["import", "botocore", file.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
        let expected = r#"{
  "conform": 1,
  "service": "demo",
  "title": "Demo Service",
  "apiVersion": "2024-01-01",
  "protocol": "restJson1",
  "patterns": "whole-value",
  "sources": [
    "botocore service-2.json model of Demo (2024-01-01), imported by conform"
  ],
  "operations": {
    "PutThing": {
      "http": {
        "method": "PUT",
        "uri": "/things/{name}"
      },
      "input": "PutThingRequest",
      "errors": [
        "BadRequest"
      ],
      "note": "URI labels renamed to their members: {thingName} → {name}"
    }
  },
  "shapes": {
    "PutThingRequest": {
      "type": "structure",
      "members": {
        "name": {
          "target": "Name",
          "required": true,
          "label": true
        },
        "tags": {
          "target": "Tags"
        }
      }
    },
    "Name": {
      "type": "string",
      "length": {
        "min": 1,
        "max": 8
      },
      "pattern": "[a-z]+"
    },
    "Tags": {
      "type": "map",
      "length": {
        "min": 1,
        "max": 5
      },
      "key": {
        "target": "String"
      },
      "value": {
        "target": "String"
      }
    },
    "String": {
      "type": "string"
    },
    "BadRequest": {
      "type": "structure",
      "members": {
        "message": {
          "target": "String"
        }
      },
      "error": "client",
      "httpError": 400
    }
  }
}
"#;
        assert_eq!(String::from_utf8_lossy(&o.stdout), expected);
        assert!(o.stderr.is_empty());
    }

    #[test]
    fn import_errors_exit_2_with_the_pointer() {
        let file = temp_file(
            "broken.smithy.json",
            r#"{"smithy": "2.0", "shapes": {"a#S": {"type": "structure",
            "members": {"m": {"target": "a#Missing"}}}}}"#,
        );
        let o = conform(&["import", "smithy", file.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2));
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.ends_with("broken.smithy.json: /shapes/a#S/members/m/target: cannot import: `a#Missing` is not defined in the model\n"),
            "{err}"
        );
        let o = conform(&["import", "botocore", file.to_str().unwrap(), file.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2));
    }

    #[test]
    fn diff_lists_differences_and_exits_1() {
        let a = temp_file("a.botocore.json", SMALL_BOTOCORE);
        let b = temp_file("b.smithy.json", SMALL_SMITHY);
        let o = conform(&["diff", a.to_str().unwrap(), b.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(1));
        assert_eq!(
            String::from_utf8_lossy(&o.stdout),
            format!(
                "A: {}\nB: {}\nPutThing.input.tags: length: A min 1, max 5; B max 5\n1 difference in 1 operation\n",
                a.display(),
                b.display()
            )
        );
        let o = conform(&["diff", a.to_str().unwrap(), a.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(0));
        assert!(String::from_utf8_lossy(&o.stdout).ends_with("no differences in 1 operation\n"));
        let o = conform(&["diff", a.to_str().unwrap(), "no/such/file.json"]);
        assert_eq!(o.status.code(), Some(2));
    }

    #[test]
    fn diff_of_the_iot_page_spec_and_the_models_reports_the_tag_map_minimum() {
        let Some(shared) = shared() else { return };
        for model in ["iot-2015-05-28.botocore.json", "iot-2015-05-28.smithy.json"] {
            let path = shared.join("aws-models").join(model);
            let o = conform(&["diff", "specs/iot.json", path.to_str().unwrap()]);
            assert_eq!(o.status.code(), Some(1));
            let out = String::from_utf8_lossy(&o.stdout);
            let lines: Vec<&str> = out.lines().skip(2).collect();
            assert_eq!(
                lines.first(),
                Some(&"CreatePackage.input.tags: length: A max 50; B min 1, max 50"),
                "{out}"
            );
            assert_eq!(lines.last(), Some(&"1 difference in 1 operation"), "{out}");
        }
    }
}

/// A host label is never empty: s3 `WriteGetObjectResponse`'s `RequestRoute` (a `@hostLabel`
/// string with no length of its own) refuses `""` from both models, as botocore does.
#[test]
fn host_labels_of_the_s3_models_refuse_the_empty_string() {
    let Some(shared) = shared() else { return };
    for (dir, format) in [("botocore", SourceFormat::Botocore), ("smithy", SourceFormat::Smithy)] {
        let file = shared.join("aws-models").join(dir).join("s3.json");
        let text =
            std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let spec = from_text(&text, format).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let validator = Validator::new(&spec).unwrap_or_else(|e| panic!("{dir}: {e}"));
        let op = validator.operation("WriteGetObjectResponse").expect("WriteGetObjectResponse");
        let input = op.input();
        let (good, bad) = (
            json!({"RequestRoute": "r", "RequestToken": "t"}),
            json!({"RequestRoute": "", "RequestToken": "t"}),
        );
        let ok = input.validate(&good);
        assert!(ok.is_valid(), "{dir}: {:?}", ok.violations());
        let empty = input.validate(&bad);
        let got: Vec<_> = empty.violations().iter().map(|v| v.message().to_owned()).collect();
        assert_eq!(
            got,
            [
                "Value with length 0 at '/RequestRoute' failed to satisfy constraint: Member must have length greater than or equal to 1"
            ],
            "{dir}"
        );
    }
}

/// The awsJson services of the corpus, imported from both sources, route by `X-Amz-Target` and
/// answer in their protocol: DynamoDB (awsJson1_0) and Kinesis (awsJson1_1) end to end, and every
/// botocore `json` service records the target prefix its requests need.
#[test]
fn aws_json_services_route_by_x_amz_target() {
    let Some(shared) = shared() else { return };
    let models = shared.join("aws-models");
    let read =
        |p: PathBuf| std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    for (file, protocol, prefix, content_type) in [
        ("dynamodb.json", "awsJson1_0", "DynamoDB_20120810", "application/x-amz-json-1.0"),
        ("kinesis.json", "awsJson1_1", "Kinesis_20131202", "application/x-amz-json-1.1"),
    ] {
        for (dir, format) in
            [("botocore", SourceFormat::Botocore), ("smithy", SourceFormat::Smithy)]
        {
            let spec = from_text(&read(models.join(dir).join(file)), format).expect("imports");
            let at = format!("{dir}/{file}");
            assert_eq!(spec.protocol.as_deref(), Some(protocol), "{at}");
            assert_eq!(spec.target_prefix.as_deref(), Some(prefix), "{at}");
            let v = Validator::new(&spec).expect("compiles");
            let op = if file == "dynamodb.json" { "ListTables" } else { "ListStreams" };
            let req = http::Request::post("/")
                .header("content-type", content_type)
                .header("x-amz-target", format!("{prefix}.{op}"))
                .body(br#"{"Limit": 0}"#.to_vec())
                .expect("request");
            let checked = v.check_request(&req).unwrap_or_else(|e| panic!("{at}: {e}"));
            assert_eq!(checked.operation().name(), op, "{at}");
            let resp = checked.error_response(conform::http::ErrorStyle::Smithy).expect("invalid");
            assert_eq!(
                (resp.status, resp.error_type, resp.content_type),
                (400, "ValidationException", content_type),
                "{at}"
            );
            let dunder = if protocol == "awsJson1_0" {
                "smithy.framework#ValidationException"
            } else {
                "ValidationException"
            };
            assert_eq!(resp.body["__type"], dunder, "{at}");
            assert_eq!(resp.body["fieldList"][0]["path"], "/Limit", "{at}");
        }
    }
    let mut missing = Vec::new();
    let mut json_services = 0;
    for file in json_files(&models.join("botocore")) {
        let spec = from_text(&read(file.clone()), SourceFormat::Botocore).expect("imports");
        if matches!(spec.protocol.as_deref(), Some("awsJson1_0" | "awsJson1_1")) {
            json_services += 1;
            let v = Validator::new(&spec).expect("compiles");
            if spec.target_prefix.is_none() || v.serves_requests().is_err() {
                missing.push(file.display().to_string());
            }
        }
    }
    assert!(json_services > 100, "{json_services} awsJson services");
    assert!(missing.is_empty(), "awsJson services without a target prefix: {missing:?}");
}

/// A service in a protocol conform does not read is refused with a message naming it.
#[test]
fn services_in_other_protocols_are_refused_by_name() {
    let spec = Spec::from_value(json!({"conform": 1, "service": "s3", "protocol": "restXml",
        "patterns": "whole-value", "operations": {"ListBuckets": {"http": {"method": "GET", "uri": "/"}}},
        "shapes": {}}))
    .expect("spec");
    let v = Validator::new(&spec).expect("compiles: payloads still validate");
    let req = http::Request::get("/").body(Vec::new()).expect("request");
    let e = v.check_request(&req).unwrap_err();
    assert_eq!(e.kind(), conform::ErrorKind::UnsupportedProtocol);
    assert_eq!(
        e.message(),
        "service `s3` uses the restXml protocol; conform serves restJson1, awsJson1_0 and awsJson1_1 requests"
    );
}

/// botocore ships its models gzipped (`service-2.json.gz`): `import::load` (and so every
/// `--spec`) reads a gzip file as its text; a damaged one is an I/O error naming the file.
#[test]
fn gzipped_models_load_as_their_text() {
    use std::io::Write as _;
    let plain = Path::new(ROOT).join("specs/iot.json");
    let text = std::fs::read(&plain).expect("specs/iot.json");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&text).expect("gzip");
    let gz = gz.finish().expect("gzip");
    let dir = std::env::temp_dir().join(format!("conform-gz-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("service-2.json.gz");
    std::fs::write(&file, &gz).expect("write");
    let spec = conform::import::load(&file, None).expect("a gzipped spec loads");
    assert_eq!(spec, conform::import::load(&plain, None).expect("plain"));
    let cut = dir.join("cut.json.gz");
    std::fs::write(&cut, &gz[..gz.len() / 2]).expect("write");
    let e = conform::import::load(&cut, None).unwrap_err();
    assert_eq!(e.kind(), conform::ErrorKind::Io);
    assert_eq!(e.file(), Some(cut.display().to_string().as_str()));
    std::fs::remove_dir_all(&dir).ok();
}
