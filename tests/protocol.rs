//! Smithy's restJson1 malformed-request protocol tests (`smithy-aws-protocol-tests`: the
//! `malformedRequests/` and `validation/` cases, and the other `@httpMalformedRequestTests` of the
//! restJson1 model), run from the converted copy in `tests/data/protocol/restJson1/` (see the README
//! there; `tools/protocol-tests/convert.sh` regenerates it).
//!
//! The model is imported with `conform::import::smithy`; each case's request goes through
//! `Validator::check_request` and `HttpReport::error_response(ErrorStyle::Smithy)`, and the answer
//! is compared with the test's: the status code, every expected header (conform answers only
//! `x-amzn-errortype`), and the body — exact JSON equality for `contents`, the regex on `message`
//! for `messageRegex`.
//!
//! `skipped.json` lists the cases conform does not pass yet, grouped by cause. The test fails when a
//! case that is not listed fails, and when a listed case passes (so the list stays true: remove it).
//! `corrected` there replaces an expected body that is wrong upstream, with the reason.
//!
//! `CONFORM_PROTOCOL_DUMP=<file>` writes every case's expected and actual answer to that file (to
//! classify failures).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use conform::Validator;
use conform::http::ErrorStyle;
use serde_json::{Value, json};

use crate::support::ROOT;

const DIR: &str = "tests/data/protocol/restJson1";

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: cannot read: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: not JSON: {e}", path.display()))
}

/// The known failures: case id → the cause, and the corrected expectations.
struct Known {
    skipped: HashMap<String, String>,
    corrected: HashMap<String, (String, String)>,
}

fn known(doc: &Value) -> Known {
    let mut skipped = HashMap::new();
    for group in doc["skipped"].as_array().expect("`skipped` is an array of groups") {
        let reason = group["reason"].as_str().expect("a skip group has a `reason`");
        for id in group["tests"].as_array().expect("a skip group lists `tests`") {
            let id = id.as_str().expect("a test id is a string");
            let old = skipped.insert(id.to_owned(), reason.to_owned());
            assert!(old.is_none(), "skipped.json lists {id} twice");
        }
    }
    let mut corrected = HashMap::new();
    if let Some(map) = doc.get("corrected").and_then(Value::as_object) {
        for (id, c) in map {
            let reason = c["reason"].as_str().expect("a correction has a `reason`");
            let contents = c["contents"].as_str().expect("a correction has `contents`");
            corrected.insert(id.clone(), (reason.to_owned(), contents.to_owned()));
        }
    }
    Known { skipped, corrected }
}

/// Builds the test's HTTP request: `uri`, then `queryParams` joined with `&` (they are already
/// encoded as they go on the wire), `headers`, `body`, and `host` as the `Host` header.
fn request(r: &Value) -> Result<http::Request<Vec<u8>>, String> {
    let mut uri = r["uri"].as_str().ok_or("no uri")?.to_owned();
    if let Some(params) = r.get("queryParams").and_then(Value::as_array) {
        let params: Vec<&str> = params.iter().filter_map(Value::as_str).collect();
        if !params.is_empty() {
            uri.push('?');
            uri.push_str(&params.join("&"));
        }
    }
    let method = r["method"].as_str().ok_or("no method")?;
    let mut b = http::Request::builder().method(method).uri(&uri);
    if let Some(host) = r.get("host").and_then(Value::as_str) {
        b = b.header("host", host);
    }
    if let Some(headers) = r.get("headers").and_then(Value::as_object) {
        for (k, v) in headers {
            b = b.header(k.as_str(), v.as_str().unwrap_or_default());
        }
    }
    let body = r.get("body").and_then(Value::as_str).unwrap_or_default().as_bytes().to_vec();
    b.body(body).map_err(|e| format!("the request does not build: {e}"))
}

/// conform's answer: `{"status", "errorType", "body"}` (status 200 and no body when the request is
/// valid), or `{"error"}` when conform refuses the request itself (no route, say).
fn answer(validator: &Validator, req: &http::Request<Vec<u8>>) -> Value {
    match validator.check_request(req) {
        Err(e) => json!({"error": format!("{:?}: {}", e.kind(), e.message())}),
        Ok(checked) => match checked.error_response(ErrorStyle::Smithy) {
            None => json!({"status": 200, "operation": checked.operation().name()}),
            Some(r) => json!({
                "status": r.status,
                "errorType": r.error_type,
                "body": r.body,
                "operation": checked.operation().name(),
            }),
        },
    }
}

/// What differs between the expected response and conform's answer (empty: the case passes).
fn compare(operation: &str, want: &Value, got: &Value, corrected: Option<&str>) -> Vec<String> {
    let mut diffs = Vec::new();
    if let Some(e) = got.get("error") {
        diffs.push(format!("conform refused the request: {}", e.as_str().unwrap_or_default()));
        return diffs;
    }
    // The spec names an operation by its shape name (the part after `#`).
    let short = operation.rsplit_once('#').map_or(operation, |(_, name)| name);
    if got["operation"].as_str() != Some(short) {
        diffs.push(format!("routed to {}, not {short}", got["operation"]));
    }
    if want["code"] != got["status"] {
        diffs.push(format!("status: want {}, got {}", want["code"], got["status"]));
    }
    if let Some(headers) = want.get("headers").and_then(Value::as_object) {
        for (name, value) in headers {
            if name.eq_ignore_ascii_case("x-amzn-errortype") {
                if got.get("errorType") != Some(value) {
                    diffs.push(format!(
                        "x-amzn-errortype: want {value}, got {}",
                        got.get("errorType").unwrap_or(&Value::Null)
                    ));
                }
            } else {
                diffs.push(format!("header {name}: {value} expected; conform sets no such header"));
            }
        }
    }
    let Some(body) = want.get("body") else { return diffs };
    let assertion = &body["assertion"];
    let got_body = got.get("body").unwrap_or(&Value::Null);
    let json_media = body["mediaType"].as_str().is_some_and(|m| m.contains("json"));
    if let Some(contents) = corrected.or_else(|| assertion["contents"].as_str()) {
        let want_body: Value = if json_media {
            match serde_json::from_str(contents) {
                Ok(v) => v,
                Err(e) => {
                    diffs.push(format!("the expected body is not JSON ({e}): {contents}"));
                    return diffs;
                }
            }
        } else {
            Value::String(contents.to_owned())
        };
        if &want_body != got_body {
            diffs.push(format!("body:\n      want {want_body}\n      got  {got_body}"));
        }
    }
    if let Some(re) = assertion.get("messageRegex").and_then(Value::as_str) {
        let re = regex::Regex::new(re).unwrap_or_else(|e| panic!("messageRegex {re}: {e}"));
        match got_body.get("message").and_then(Value::as_str) {
            Some(m) if re.is_match(m) => {}
            other => diffs.push(format!("message: want /{re}/, got {other:?}")),
        }
    }
    diffs
}

#[test]
fn smithy_rest_json1_malformed_requests() {
    let dir = Path::new(ROOT).join(DIR);
    let (cases_path, model_path) = (dir.join("cases.json"), dir.join("model.json"));
    if !cases_path.is_file() || !model_path.is_file() {
        eprintln!(
            "skipping the Smithy protocol tests: {} has no cases.json/model.json \
             (tools/protocol-tests/convert.sh writes them)",
            dir.display()
        );
        return;
    }
    let model = std::fs::read_to_string(&model_path).expect("model.json reads");
    let spec = conform::import::smithy(&model).unwrap_or_else(|e| panic!("model.json: {e}"));
    let validator = Validator::new(&spec).unwrap_or_else(|e| panic!("model.json compiles: {e}"));
    let doc = read_json(&cases_path);
    let known = known(&read_json(&dir.join("skipped.json")));

    let mut failures = Vec::new();
    let mut seen = HashSet::new();
    // group → (cases, passed, skipped)
    let mut tally: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    let mut dump = Vec::new();
    let cases = doc["cases"].as_array().expect("`cases` is an array");
    for case in cases {
        let id = case["id"].as_str().expect("a case has an id");
        assert!(seen.insert(id.to_owned()), "two cases are called {id}");
        let group = case["group"].as_str().unwrap_or("other").to_owned();
        let entry = tally.entry(group).or_default();
        entry.0 += 1;
        let corrected = known.corrected.get(id).map(|(_, c)| c.as_str());
        let got = match request(&case["request"]) {
            Ok(req) => answer(&validator, &req),
            Err(e) => json!({"error": e}),
        };
        let operation = case["operation"].as_str().unwrap_or_default();
        let diffs = compare(operation, &case["response"], &got, corrected);
        dump.push(json!({"id": id, "file": case["file"], "request": case["request"],
            "want": case["response"], "got": got, "diffs": diffs}));
        match (known.skipped.get(id), diffs.is_empty()) {
            (None, true) => entry.1 += 1,
            (Some(_), false) => entry.2 += 1,
            (None, false) => failures.push(format!(
                "{id} ({operation}, {}):\n    {}",
                case["file"].as_str().unwrap_or_default(),
                diffs.join("\n    ")
            )),
            (Some(reason), true) => failures.push(format!(
                "{id}: passes but skipped.json lists it ({reason}): remove it from the list"
            )),
        }
    }
    for id in known.skipped.keys().chain(known.corrected.keys()) {
        if !seen.contains(id) {
            failures.push(format!("skipped.json names {id}, which is not a case"));
        }
    }
    if let Some(path) = std::env::var_os("CONFORM_PROTOCOL_DUMP") {
        let text = serde_json::to_string_pretty(&dump).expect("serializable");
        std::fs::write(&path, text).expect("the dump file writes");
    }
    let summary: Vec<String> = tally
        .iter()
        .map(|(g, (n, pass, skip))| format!("{g}: {n} cases, {pass} pass, {skip} skipped"))
        .collect();
    eprintln!("Smithy restJson1 malformed-request tests: {}", summary.join("; "));
    assert!(
        failures.is_empty(),
        "{} Smithy protocol test(s) disagree with tests/data/protocol/restJson1/skipped.json:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
