//! Hostile input (issue 7): malformed and invalid-UTF-8 payloads, nesting far past every limit,
//! odd numbers, duplicate members, non-finite floats, specs built to exhaust the compiler, and
//! payloads built to produce millions of violations. Each gives a clear error or an exact
//! violation; nothing panics, hangs, or overflows the stack (tests run on 2 MiB threads).
//!
//! The 100 MB payload's memory bound is in `tests/alloc.rs` (it needs the counting allocator);
//! its linear time is shown by `benches/scale.rs` (timing is never asserted here).

use conform::{ErrorKind, MatchRule, Pattern, Report, Spec, Tier, Validator};
use serde_json::{Value, json};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn iot() -> Validator {
    let spec = Spec::from_path(format!("{ROOT}/specs/iot.json")).expect("spec");
    Validator::new(&spec).expect("compiles")
}

/// A small spec: `Op` takes `Input` (a recursive `Node`, a list of `Item`s, numbers).
fn spec_text() -> String {
    json!({
        "conform": 1,
        "service": "hostile",
        "patterns": "whole-value",
        "operations": {"Op": {"input": "Input",
            "http": {"method": "POST", "uri": "/op", "code": 200}}},
        "shapes": {
            "Input": {"type": "structure", "members": {
                "node": {"target": "Node"},
                "items": {"target": "Items"},
                "count": {"target": "Count"},
                "ratio": {"target": "Ratio"},
                "big": {"target": "long"},
                "name": {"target": "Name"}
            }},
            "Node": {"type": "structure", "members": {
                "next": {"target": "Node"},
                "list": {"target": "NodeList"}
            }},
            "NodeList": {"type": "list", "member": {"target": "Node"}},
            "Items": {"type": "list", "member": {"target": "Name"}},
            "Name": {"type": "string", "length": {"min": 1, "max": 8}, "pattern": "[a-z]+"},
            "Count": {"type": "integer", "range": {"min": "0", "max": "10"}},
            "Ratio": {"type": "double", "range": {"min": "0", "max": "1"}}
        }
    })
    .to_string()
}

fn hostile() -> Validator {
    Validator::new(&Spec::from_json_str(&spec_text()).expect("spec")).expect("compiles")
}

fn found(report: &Report) -> Vec<(String, String)> {
    report
        .violations()
        .iter()
        .map(|v| (v.path().to_owned(), v.constraint().as_str().to_owned()))
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(a, b)| ((*a).to_owned(), (*b).to_owned())).collect()
}

/// Both paths: the bytes validator and `parse_payload` + the `Value` validator.
fn both(v: &Validator, payload: &str) -> Report<'static> {
    let op = v.operation("Op").or_else(|_| v.operation("CreatePackage")).expect("operation");
    let from_bytes = op.validate_input_bytes(payload.as_bytes()).expect("well-formed");
    let value = conform::parse_payload(payload).expect("well-formed");
    let from_value = op.validate_input(&value);
    assert_eq!(from_bytes, from_value, "{payload}");
    assert_eq!(
        op.input().is_valid_bytes(payload.as_bytes()).expect("well-formed"),
        from_bytes.is_valid()
    );
    assert_eq!(op.input().is_valid(&value), from_value.is_valid());
    from_bytes
}

fn nested(depth: usize, open: &str, close: &str) -> String {
    nested_around(depth, open, "", close)
}

/// `{"next":{"next":…{}…}}`: `depth` structures, then an empty one.
fn nested_next(depth: usize) -> String {
    nested_around(depth, "{\"next\":", "{}", "}")
}

fn nested_around(depth: usize, open: &str, inner: &str, close: &str) -> String {
    let mut s = String::with_capacity(depth * (open.len() + close.len()) + inner.len());
    for _ in 0..depth {
        s.push_str(open);
    }
    s.push_str(inner);
    for _ in 0..depth {
        s.push_str(close);
    }
    s
}

// ---------------------------------------------------------------------------------------------
// Malformed JSON and invalid UTF-8

#[test]
fn malformed_json_is_an_error_with_line_and_column_on_both_paths() {
    let v = iot();
    let op = v.operation("CreatePackage").expect("op");
    let cases: [(&str, (usize, usize), &str); 5] = [
        ("{\n  \"packageName\": \"p\",\n}", (3, 1), "trailing comma"),
        ("{\"packageName\": \"p\"", (1, 19), "EOF while parsing an object"),
        ("{\"packageName\": 'p'}", (1, 17), "expected value"),
        ("{\"packageName\": \"p\"} x", (1, 22), "trailing characters"),
        ("", (1, 0), "EOF while parsing a value"),
    ];
    for (payload, (line, column), message) in cases {
        let e = op.validate_input_bytes(payload.as_bytes()).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::PayloadSyntax, "{payload}");
        assert_eq!((e.line(), e.column()), (Some(line), Some(column)), "{payload}");
        assert_eq!(e.message(), message, "{payload}");
        let e2 = conform::parse_payload(payload).unwrap_err();
        assert_eq!(e2, e, "{payload}");
        assert!(op.input().is_valid_bytes(payload.as_bytes()).is_err());
    }
}

#[test]
fn invalid_utf8_is_an_error_at_the_bad_byte() {
    let v = iot();
    let op = v.operation("CreatePackage").expect("op");
    let payload = b"{\n  \"packageName\": \"p\xffq\"\n}";
    let e = op.validate_input_bytes(payload).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::PayloadSyntax);
    assert_eq!(e.message(), "invalid UTF-8");
    assert_eq!((e.line(), e.column()), (Some(2), Some(20)));
    assert_eq!(op.input().is_valid_bytes(payload).unwrap_err(), e);
    // A truncated multi-byte sequence at the very end, and an overlong encoding.
    let e = op.validate_input_bytes(b"\"\xe2\x82").unwrap_err();
    assert_eq!((e.message(), e.line(), e.column()), ("invalid UTF-8", Some(1), Some(2)));
    let e = op.validate_input_bytes(b"[\"\xc0\xaf\"]").unwrap_err();
    assert_eq!((e.message(), e.line(), e.column()), ("invalid UTF-8", Some(1), Some(3)));
    // An escaped lone surrogate is well-formed JSON text but not a string serde_json accepts.
    let e = op.validate_input_bytes(br#"{"packageName": "\ud800"}"#).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::PayloadSyntax);
    assert_eq!(e, conform::parse_payload(r#"{"packageName": "\ud800"}"#).unwrap_err());
}

#[test]
fn invalid_utf8_in_an_http_body_is_a_serialization_exception() {
    let v = iot();
    let req = conform::http::parse_request(
        b"PUT /packages/p HTTP/1.1\r\nContent-Type: application/json\r\n\r\n{\"description\": \"\xff\"}",
    )
    .expect("request");
    let checked = v.check_request(&req).expect("routes");
    let resp = checked.error_response(conform::http::ErrorStyle::Smithy).expect("rejected");
    assert_eq!((resp.status, resp.error_type), (400, "SerializationException"));
    assert!(checked.is_malformed());
}

// ---------------------------------------------------------------------------------------------
// Nesting 100,000 deep

const DEEP: usize = 100_000;

#[test]
fn nesting_100000_deep_is_a_clean_error_or_violation_on_the_bytes_and_value_paths() {
    let v = hostile();
    let op = v.operation("Op").expect("op");
    // The Value path: serde_json's parser stops at 128 levels, with the position.
    for inner in [nested(DEEP, "[", "]"), nested_next(DEEP)] {
        let text = format!("{{\"node\": {inner}}}");
        let e = conform::parse_payload(&text).unwrap_err();
        assert_eq!((e.kind(), e.message()), (ErrorKind::PayloadSyntax, "recursion limit exceeded"));
        assert_eq!(
            (e.line(), e.column()),
            (Some(1), Some(if inner.starts_with('[') { 136 } else { 1018 }))
        );
    }
    // The bytes path walks what it checks up to `max_depth` and skips the rest without
    // recursing (serde_json skips ignored values iteratively): a `depth` violation ...
    let text = format!("{{\"node\": {}}}", nested_next(DEEP));
    let report = op.validate_input_bytes(text.as_bytes()).expect("read");
    let path: String = "/node".to_owned() + &"/next".repeat(99);
    assert_eq!(found(&report), pairs(&[(&path, "depth")]));
    assert!(!op.input().is_valid_bytes(text.as_bytes()).expect("read"));
    // ... a `type` violation for a value of the wrong shape, skipped whole ...
    let text = format!("{{\"node\": {}}}", nested(DEEP, "[", "]"));
    let report = op.validate_input_bytes(text.as_bytes()).expect("read");
    assert_eq!(found(&report), pairs(&[("/node", "type")]));
    // ... nothing for an unknown member (ignored, as services ignore it) ...
    let text = format!("{{\"unknown\": {}}}", nested(DEEP, "[", "]"));
    assert!(op.validate_input_bytes(text.as_bytes()).expect("read").is_valid());
    // ... and the parser's own limit where it walks (a list of lists of structures).
    let text = format!("{{\"node\": {{\"list\": [{}]}}}}", nested(DEEP, "[", "]"));
    let report = op.validate_input_bytes(text.as_bytes()).expect("read");
    assert_eq!(found(&report), pairs(&[("/node/list/0", "type")]));
}

#[test]
fn nesting_within_the_parser_limit_is_a_depth_violation_at_max_depth() {
    // 120 levels parse (serde_json stops at 128) but pass the validator's limit (default 100).
    let v = hostile();
    let text = format!("{{\"node\": {}}}", nested_next(120));
    let report = both(&v, &text);
    let path: String = "/node".to_owned() + &"/next".repeat(99);
    assert_eq!(found(&report), pairs(&[(&path, "depth")]));
    assert_eq!(
        report.violations()[0].message(),
        format!(
            "Value at '{path}' failed to satisfy constraint: Member must not be nested more than 100 levels deep"
        )
    );
    // The limit is configurable.
    let spec = Spec::from_json_str(&spec_text()).expect("spec");
    let shallow = Validator::builder().max_depth(3).build(&spec).expect("compiles");
    let report = both(&shallow, r#"{"node": {"list": [{"next": {"next": {}}}]}}"#);
    assert_eq!(found(&report), pairs(&[("/node/list/0", "depth")]));
}

#[test]
fn nesting_100000_deep_in_an_http_body_is_a_serialization_exception() {
    let v = hostile();
    let body = format!("{{\"node\": {}}}", nested_next(DEEP));
    let req = http::Request::post("/op")
        .header("content-type", "application/json")
        .body(body.into_bytes())
        .expect("request");
    let checked = v.check_request(&req).expect("routes");
    assert!(checked.is_malformed());
    let resp = checked.error_response(conform::http::ErrorStyle::Smithy).expect("rejected");
    assert_eq!((resp.status, resp.error_type), (400, "SerializationException"));
    assert!(resp.body["message"].as_str().expect("message").contains("recursion limit exceeded"));
}

#[test]
fn nesting_100000_deep_in_a_spec_is_a_syntax_error_for_every_format() {
    use conform::import::{SourceFormat, from_text};
    let deep = nested(DEEP, "[", "]");
    // A member default is free JSON: the one place a conform spec nests without bound.
    let text = format!(
        "{{\"conform\": 1, \"service\": \"x\", \"patterns\": \"whole-value\", \"operations\": {{}},
          \"shapes\": {{\"S\": {{\"type\": \"structure\", \"members\": {{\"m\": {{\"target\": \"document\", \"default\": {deep}}}}}}}}}}}"
    );
    let e = Spec::from_json_str(&text).unwrap_err();
    assert_eq!((e.kind(), e.message()), (ErrorKind::SpecSyntax, "recursion limit exceeded"));
    assert_eq!(e.line(), Some(2));
    for (format, top) in [
        (SourceFormat::Smithy, "\"smithy\": \"2.0\""),
        (SourceFormat::Botocore, "\"metadata\": {}"),
    ] {
        let text = format!("{{{top}, \"shapes\": {deep}}}");
        let e = from_text(&text, format).unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::SpecSyntax | ErrorKind::Import), "{format:?}: {e}");
        assert!(e.message().contains("recursion limit exceeded"), "{format:?}: {e}");
    }
    // A reference page is text: deep brackets in it are only text.
    let page = format!("CreatePackage\n\nRequest Syntax\n\n{}\n", nested(DEEP, "[", "]"));
    let _ = from_text(&page, SourceFormat::Page);
}

#[test]
fn a_pattern_with_100000_nested_groups_is_a_pattern_error() {
    for src in [nested(DEEP, "(", ")"), nested(DEEP, "[", "]"), nested(DEEP, "(?:", ")+")] {
        for rule in [MatchRule::WholeValue, MatchRule::Search] {
            let e = Pattern::new(&src, rule).unwrap_err();
            assert!(e.to_string().contains("nest"), "{e}");
        }
    }
    // The same in a spec: a compile error naming the pattern's place.
    let mut spec: Value = serde_json::from_str(&spec_text()).expect("json");
    spec["shapes"]["Name"]["pattern"] = json!(nested(DEEP, "(", ")"));
    let e = Validator::new(&Spec::from_value(spec).expect("spec")).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::SpecInvalid);
    assert_eq!(e.pointer(), Some("/shapes/Name/pattern"));
}

// ---------------------------------------------------------------------------------------------
// Numbers

#[test]
fn numbers_out_of_range_negative_zero_and_2_pow_64() {
    let v = hostile();
    let op = v.operation("Op").expect("op");
    // 1e400 does not fit a double: serde_json refuses it, with its position.
    for payload in [r#"{"ratio": 1e400}"#, r#"{"count": -1e400}"#] {
        let e = op.validate_input_bytes(payload.as_bytes()).unwrap_err();
        assert_eq!((e.kind(), e.message()), (ErrorKind::PayloadSyntax, "number out of range"));
        assert_eq!(e.line(), Some(1));
        assert_eq!(conform::parse_payload(payload).unwrap_err(), e);
    }
    // serde_json reads -0 as the double -0.0: zero for a double, but not an integer (as 0.0 is
    // not), on both paths alike.
    let report = both(&v, r#"{"count": -0, "ratio": -0, "big": -0}"#);
    assert_eq!(found(&report), pairs(&[("/count", "type"), ("/big", "type")]));
    assert_eq!(
        report.violations()[0].message(),
        "Value at '/count' failed to satisfy constraint: Member must be of type integer"
    );
    assert!(both(&v, r#"{"ratio": -0.0, "big": 0, "count": 0}"#).is_valid());
    // 2^64 (read as a double) and u64::MAX do not fit: the wrong type, not a wrap-around.
    let report = both(&v, r#"{"big": 18446744073709551616, "count": 18446744073709551615}"#);
    assert_eq!(found(&report), pairs(&[("/count", "type"), ("/big", "type")]));
    // i64::MIN is a long, exactly; not an integer.
    let report = both(&v, r#"{"big": -9223372036854775808, "count": -9223372036854775808}"#);
    assert_eq!(found(&report), pairs(&[("/count", "type")]));
    // Tiny and huge but finite doubles.
    let report = both(&v, r#"{"ratio": 1e-400}"#);
    assert!(report.is_valid());
    let report = both(&v, r#"{"ratio": 1.7976931348623157e308}"#);
    assert_eq!(found(&report), pairs(&[("/ratio", "range")]));
}

/// JSON text is compared by its own digits; a parsed `Value` holds the nearest double, and an
/// integral double is that integer exactly.
#[test]
fn big_numbers_are_exact_from_text_and_as_exact_as_the_double_from_a_value() {
    let spec = json!({"conform": 1, "service": "t", "patterns": "search", "operations": {},
        "shapes": {"N": {"type": "bigInteger", "range": {"max": "18446744073709551616"}},
                   "D": {"type": "bigDecimal", "range": {"max": "0.30000000000000001"}}}});
    let v = Validator::new(&Spec::from_value(spec).expect("spec")).expect("compiles");
    let (n, d) = (v.shape("N").expect("N"), v.shape("D").expect("D"));
    let bytes = |s: &conform::Shape<'_>, t: &str| s.is_valid_bytes(t.as_bytes()).expect("JSON");
    assert!(bytes(&n, "18446744073709551616"));
    assert!(!bytes(&n, "18446744073709551617"));
    assert!(bytes(&d, "0.30000000000000001"));
    assert!(!bytes(&d, "0.30000000000000001000001"));
    // The same texts parsed: 2^64 + 1 is the double 2^64, equal to the max; the long fraction is
    // the double nearest 0.3, which the max's digits are above.
    let value = |t: &str| serde_json::from_str::<Value>(t).expect("JSON");
    assert!(n.is_valid(&value("18446744073709551616")));
    assert!(n.is_valid(&value("18446744073709551617")));
    assert!(d.is_valid(&value("0.30000000000000001000001")));
    // A bound written as a JSON number in a spec keeps its digits too.
    let spec = r#"{"conform": 1, "service": "t", "patterns": "search", "operations": {},
        "shapes": {"N": {"type": "bigInteger", "range": {"max": 18446744073709551616}}}}"#;
    let v = Validator::new(&Spec::from_json_str(spec).expect("spec")).expect("compiles");
    let n = v.shape("N").expect("N");
    assert!(bytes(&n, "18446744073709551616") && !bytes(&n, "18446744073709551617"));
}

#[test]
fn nan_and_infinity_strings_are_floats_but_not_integers() {
    let v = hostile();
    // restJson1 sends non-finite floats as these strings; a range cannot hold them.
    let report = both(&v, r#"{"ratio": "NaN"}"#);
    assert_eq!(found(&report), pairs(&[("/ratio", "range")]));
    let report = both(&v, r#"{"ratio": "Infinity"}"#);
    assert_eq!(found(&report), pairs(&[("/ratio", "range")]));
    let report = both(&v, r#"{"ratio": "-Infinity"}"#);
    assert_eq!(found(&report), pairs(&[("/ratio", "range")]));
    // Anything else, and any of them for an integer, is the wrong type.
    for s in ["nan", "inf", "+Infinity", "1.5"] {
        let report = both(&v, &format!(r#"{{"ratio": "{s}"}}"#));
        assert_eq!(found(&report), pairs(&[("/ratio", "type")]), "{s}");
    }
    let report = both(&v, r#"{"count": "NaN", "big": "Infinity"}"#);
    assert_eq!(found(&report), pairs(&[("/count", "type"), ("/big", "type")]));
    // Unconstrained doubles accept them.
    let spec = Spec::from_json_str(
        r#"{"conform": 1, "service": "x", "patterns": "whole-value", "operations": {},
            "shapes": {"D": {"type": "structure", "members": {"d": {"target": "double"}}}}}"#,
    )
    .expect("spec");
    let d = Validator::new(&spec).expect("compiles");
    let shape = d.shape("D").expect("shape");
    for s in ["NaN", "Infinity", "-Infinity"] {
        let text = format!(r#"{{"d": "{s}"}}"#);
        assert!(shape.validate_bytes(text.as_bytes()).expect("json").is_valid(), "{s}");
        assert!(shape.validate(&serde_json::from_str(&text).expect("json")).is_valid(), "{s}");
    }
}

// ---------------------------------------------------------------------------------------------
// Duplicate members

#[test]
fn duplicate_members_are_violations_unless_allowed_and_then_the_last_copy_wins() {
    let payload = br#"{"packageName": "bad name", "description": "d", "packageName": "good-name"}"#;
    let strict = iot();
    let op = strict.operation("CreatePackage").expect("op");
    let report = op.validate_input_bytes(payload).expect("json");
    // The first copy is checked as it comes, the second is reported as a duplicate.
    assert_eq!(
        found(&report),
        pairs(&[("/packageName", "pattern"), ("/packageName", "duplicate")])
    );
    assert_eq!(
        report.violations()[1].message(),
        "Value at '/packageName' failed to satisfy constraint: Member must not appear more than once"
    );
    assert!(!op.input().is_valid_bytes(payload).expect("json"));
    // Nested structures too.
    let report =
        op.validate_input_bytes(br#"{"packageName": "p", "packageName": "p"}"#).expect("json");
    assert_eq!(found(&report), pairs(&[("/packageName", "duplicate")]));

    let spec = Spec::from_path(format!("{ROOT}/specs/iot.json")).expect("spec");
    let lenient =
        Validator::builder().allow_duplicate_members(true).build(&spec).expect("compiles");
    let op = lenient.operation("CreatePackage").expect("op");
    // The last copy wins, as serde_json keeps it: valid here ...
    assert!(op.validate_input_bytes(payload).expect("json").is_valid());
    assert!(op.input().is_valid_bytes(payload).expect("json"));
    let value: Value = serde_json::from_slice(payload).expect("json");
    assert!(op.validate_input(&value).is_valid());
    // ... and invalid when the last copy is the bad one.
    let swapped = br#"{"packageName": "good-name", "packageName": "bad name"}"#;
    let report = op.validate_input_bytes(swapped).expect("json");
    assert_eq!(found(&report), pairs(&[("/packageName", "pattern")]));
    assert!(!op.input().is_valid_bytes(swapped).expect("json"));
    // Malformed JSON after the duplicate is still an error with its position.
    let e = op.validate_input_bytes(br#"{"packageName": "a", "packageName": "b",}"#).unwrap_err();
    assert_eq!((e.kind(), e.message()), (ErrorKind::PayloadSyntax, "trailing comma"));
    assert_eq!((e.line(), e.column()), (Some(1), Some(41)));
}

// ---------------------------------------------------------------------------------------------
// Hostile specs

fn compile_error(shapes: Value) -> conform::Error {
    let spec = json!({"conform": 1, "service": "x", "patterns": "whole-value",
        "operations": {}, "shapes": shapes});
    match Spec::from_value(spec) {
        Ok(spec) => Validator::new(&spec).expect_err("must not compile"),
        Err(e) => e,
    }
}

#[test]
fn patterns_that_would_compile_to_huge_programs_are_compile_errors() {
    // Beyond the compiled-program size limit (64 MiB): a compile error naming the pattern.
    for p in [r"(\p{L}{1000}){1000}", r"((\w{100}){100}){100}"] {
        let e = compile_error(json!({"S": {"type": "string", "pattern": p}}));
        assert_eq!(e.kind(), ErrorKind::SpecInvalid, "{p}: {e}");
        assert_eq!(e.pointer(), Some("/shapes/S/pattern"), "{p}");
        assert!(e.message().contains("pattern too large to compile"), "{p}: {e}");
    }
    // Counts Java itself refuses.
    let e = compile_error(json!({"S": {"type": "string", "pattern": "a{99999999999}"}}));
    assert_eq!((e.kind(), e.pointer()), (ErrorKind::SpecInvalid, Some("/shapes/S/pattern")));
    // Within the limit, large counts are fine: one class with a count needs no program at all,
    // and a counted group of literals is small.
    let spec = Spec::from_value(json!({"conform": 1, "service": "x", "patterns": "whole-value",
        "operations": {}, "shapes": {
            "W": {"type": "string", "pattern": r"[\w\-]{1,100000}"},
            "A": {"type": "string", "pattern": "(a{1000}){1000}"}}}))
    .expect("spec");
    let v = Validator::new(&spec).expect("compiles");
    let w = v.shape("W").expect("shape");
    assert!(w.validate(&json!("x".repeat(100_000))).is_valid());
    assert_eq!(found(&w.validate(&json!("x".repeat(100_001)))), pairs(&[("", "pattern")]));
    let a = v.shape("A").expect("shape");
    assert!(a.validate(&json!("a".repeat(1_000_000))).is_valid());
    assert!(!a.validate(&json!("a".repeat(999_999))).is_valid());
}

#[test]
fn long_runs_of_anchors_and_look_arounds_compile_in_linear_time() {
    // Each of these once took time quadratic in the pattern length to choose a tier or to
    // export (seconds at 40,000 nodes): the tier checks asked "is the rest zero-width?" at
    // every item of a sequence. Each answer must still be exact.
    let n = 40_000;
    let started = std::time::Instant::now();
    let cases = [
        (format!("a{}", "$".repeat(n)), Tier::Regex, "a", "a\n\n"),
        (format!("a{}", "(?<=a)".repeat(n)), Tier::Guarded, "a", "b"),
        (format!("{}a", "(?=a)".repeat(n)), Tier::Guarded, "a", "b"),
        (format!("a{}$", "(?<=a)$".repeat(n)), Tier::Guarded, "a", "ab"),
        ("[a-z]".repeat(n), Tier::Sequence, &"q".repeat(n), &"q".repeat(n - 1)),
    ];
    for (p, tier, good, bad) in &cases {
        let pattern = Pattern::new(p, MatchRule::WholeValue).expect("compiles");
        assert_eq!(pattern.tier(), *tier, "{}…", &p[..20]);
        assert_eq!(pattern.is_match(good).ok(), Some(true), "{}…", &p[..20]);
        assert_eq!(pattern.is_match(bad).ok(), Some(false), "{}…", &p[..20]);
        assert!(!pattern.to_ecma262().is_empty());
    }
    // A hang guard, not a speed target: linear work here takes well under a second.
    assert!(started.elapsed().as_secs() < 60, "took {:?}", started.elapsed());
}

#[test]
fn absurd_limits_are_compile_errors_naming_the_field() {
    let e = compile_error(json!({"S": {"type": "string", "length": {"min": 9, "max": 2}}}));
    assert_eq!((e.kind(), e.pointer()), (ErrorKind::SpecInvalid, Some("/shapes/S/length")));
    assert_eq!(e.message(), "min 9 is greater than max 2");
    // Negative or beyond 2^64-1: not a length at all.
    for bad in [json!(-1), json!(18446744073709551616u128 as f64), json!(1.5), json!("3")] {
        let e = compile_error(json!({"S": {"type": "string", "length": {"max": bad}}}));
        assert_eq!(e.kind(), ErrorKind::SpecSyntax, "{bad}: {e}");
    }
    // 2^64-1 is a (useless but honest) maximum.
    let spec = Spec::from_value(json!({"conform": 1, "service": "x", "patterns": "whole-value",
        "operations": {}, "shapes": {"S": {"type": "list", "member": {"target": "string"},
        "length": {"min": 0, "max": 18446744073709551615u64}}}}))
    .expect("spec");
    let v = Validator::new(&spec).expect("compiles");
    assert!(v.shape("S").expect("shape").validate_bytes(b"[\"a\"]").expect("json").is_valid());
    // A range whose bounds cross, or are not numbers.
    let e = compile_error(json!({"N": {"type": "integer", "range": {"min": "10", "max": "-10"}}}));
    assert_eq!(
        (e.pointer(), e.message()),
        (Some("/shapes/N/range"), "min 10 is greater than max -10")
    );
    let e = compile_error(json!({"N": {"type": "long", "range": {"min": "ten"}}}));
    assert_eq!(
        (e.pointer(), e.message()),
        (Some("/shapes/N/range/min"), "`ten` is not a decimal number")
    );
    // An absurd exponent is still a decimal: nothing is in range, nothing overflows.
    let spec = Spec::from_value(json!({"conform": 1, "service": "x", "patterns": "whole-value",
        "operations": {}, "shapes": {"N": {"type": "long", "range": {"min": "1e999999999999"}}}}))
    .expect("spec");
    let v = Validator::new(&spec).expect("compiles");
    let report = v.shape("N").expect("shape").validate_bytes(b"9223372036854775807").expect("json");
    assert_eq!(found(&report), pairs(&[("", "range")]));
    // A huge range bound is fine: it is compared as a decimal.
    let spec = Spec::from_value(json!({"conform": 1, "service": "x", "patterns": "whole-value",
        "operations": {}, "shapes": {"N": {"type": "bigInteger",
        "range": {"max": "1".to_owned() + &"0".repeat(5000)}}}}))
    .expect("spec");
    let v = Validator::new(&spec).expect("compiles");
    assert!(
        v.shape("N")
            .expect("shape")
            .validate_bytes(b"12345678901234567890")
            .expect("json")
            .is_valid()
    );
}

#[test]
fn cyclic_required_structures_are_compile_errors_naming_the_cycle() {
    // Directly ...
    let e = compile_error(json!({
        "A": {"type": "structure", "members": {"self": {"target": "A", "required": true}}}
    }));
    assert_eq!(e.kind(), ErrorKind::SpecInvalid);
    assert_eq!(e.pointer(), Some("/shapes/A/members/self/required"));
    assert_eq!(
        e.message(),
        "required members form a cycle (A.self -> A): no finite payload can satisfy it"
    );
    // ... and through a chain.
    let e = compile_error(json!({
        "Start": {"type": "structure", "members": {"a": {"target": "A"}}},
        "A": {"type": "structure", "members": {"x": {"target": "string"}, "b": {"target": "B", "required": true}}},
        "B": {"type": "structure", "members": {"c": {"target": "C", "required": true}}},
        "C": {"type": "structure", "members": {"a": {"target": "A", "required": true}}}
    }));
    assert_eq!(e.pointer(), Some("/shapes/A/members/b/required"));
    assert_eq!(
        e.message(),
        "required members form a cycle (A.b -> B.c -> C.a -> A): no finite payload can satisfy it"
    );
    // Broken by an optional member, a list, a map or a union: fine (a finite payload exists).
    for breaker in [
        json!({"A": {"type": "structure", "members": {"b": {"target": "B", "required": true}}},
               "B": {"type": "structure", "members": {"a": {"target": "A"}}}}),
        json!({"A": {"type": "structure", "members": {"l": {"target": "L", "required": true}}},
               "L": {"type": "list", "member": {"target": "A"}}}),
        json!({"A": {"type": "structure", "members": {"u": {"target": "U", "required": true}}},
               "U": {"type": "union", "members": {"a": {"target": "A"}, "s": {"target": "string"}}}}),
    ] {
        let spec = json!({"conform": 1, "service": "x", "patterns": "whole-value",
            "operations": {}, "shapes": breaker});
        Validator::new(&Spec::from_value(spec).expect("spec")).expect("compiles");
    }
    // A chain of 100,000 required structures, without a cycle: compiles (no recursion).
    let mut shapes = serde_json::Map::new();
    for i in 0..DEEP {
        shapes.insert(
            format!("S{i}"),
            json!({"type": "structure", "members": {"next": {"target": format!("S{}", i + 1), "required": true}}}),
        );
    }
    shapes.insert(format!("S{DEEP}"), json!({"type": "structure", "members": {}}));
    let spec = json!({"conform": 1, "service": "x", "patterns": "whole-value",
        "operations": {}, "shapes": shapes.clone()});
    let v = Validator::new(&Spec::from_value(spec).expect("spec")).expect("compiles");
    // Validating it stops at the depth limit.
    let report = v.shape("S0").expect("shape").validate_bytes(b"{}").expect("json");
    assert_eq!(found(&report), pairs(&[("/next", "required")]));
    // Closing that chain into a 100,001-long cycle is found without overflowing the stack.
    shapes.insert(
        format!("S{DEEP}"),
        json!({"type": "structure", "members": {"next": {"target": "S0", "required": true}}}),
    );
    let e = compile_error(Value::Object(shapes));
    assert_eq!(e.pointer(), Some("/shapes/S0/members/next/required"));
}

// ---------------------------------------------------------------------------------------------
// Violation cap

#[test]
fn a_million_bad_items_report_exactly_max_violations_and_are_truncated() {
    let v = hostile();
    let op = v.operation("Op").expect("op");
    let n = 1_000_000;
    let mut text = String::with_capacity(n * 5 + 16);
    text.push_str("{\"items\": [");
    for i in 0..n {
        if i > 0 {
            text.push(',');
        }
        text.push_str("\"A\"");
    }
    text.push_str("]}");
    let report = op.validate_input_bytes(text.as_bytes()).expect("json");
    assert_eq!(report.violations().len(), 100);
    assert!(report.is_truncated());
    // The first 100 in document order: items 0..99, a pattern violation each.
    let expected: Vec<(String, String)> =
        (0..100).map(|i| (format!("/items/{i}"), "pattern".to_owned())).collect();
    assert_eq!(found(&report), expected);
    let value = conform::parse_payload(&text).expect("json");
    let from_value = op.validate_input(&value);
    assert_eq!(from_value, report);
    assert!(!op.input().is_valid_bytes(text.as_bytes()).expect("json"));
    // The cap is configurable, and the CLI's --max-violations sets it.
    let spec = Spec::from_json_str(&spec_text()).expect("spec");
    let capped = Validator::builder().max_violations(3).build(&spec).expect("compiles");
    let report =
        capped.operation("Op").expect("op").validate_input_bytes(text.as_bytes()).expect("json");
    assert_eq!(report.violations().len(), 3);
    assert!(report.is_truncated());
}

// ---------------------------------------------------------------------------------------------
// Threads

#[test]
fn validators_are_send_and_sync_and_validate_from_many_threads() {
    fn assert_send_sync<T: Send + Sync>(_: &T) {}
    let v = iot();
    assert_send_sync(&v);
    let op = v.operation("CreatePackage").expect("op");
    let expected = op
        .validate_input_bytes(br#"{"packageName": "bad name!", "clientToken": "short"}"#)
        .expect("json");
    std::thread::scope(|s| {
        for t in 0..8 {
            let v = &v;
            let expected = &expected;
            s.spawn(move || {
                let op = v.operation("CreatePackage").expect("op");
                for i in 0..200 {
                    let good = format!(r#"{{"packageName": "pkg-{t}-{i}"}}"#);
                    assert!(op.validate_input_bytes(good.as_bytes()).expect("json").is_valid());
                    let bad = br#"{"packageName": "bad name!", "clientToken": "short"}"#;
                    assert_eq!(&op.validate_input_bytes(bad).expect("json"), expected);
                    let value: Value = serde_json::from_slice(bad).expect("json");
                    assert_eq!(&op.validate_input(&value), expected);
                }
            });
        }
    });
    // A clone shares the compiled spec and moves to another thread.
    let clone = v.clone();
    let handle = std::thread::spawn(move || {
        clone.operation("CreatePackage").expect("op").input().is_valid(&json!({"packageName": "p"}))
    });
    assert!(handle.join().expect("thread"));
}

// ---------------------------------------------------------------------------------------------
// Through the CLI

#[cfg(feature = "cli")]
mod cli {
    use std::process::Output;

    use super::{DEEP, nested};

    fn conform(args: &[&str], stdin: &[u8]) -> Output {
        crate::support::conform(args, stdin)
    }

    const CHECK: [&str; 6] =
        ["check", "--spec", "specs/iot.json", "--operation", "CreatePackage", "--format"];

    fn check(extra: &[&str], stdin: &[u8]) -> (i32, String, String) {
        let mut args = CHECK.to_vec();
        args.push("json");
        args.extend_from_slice(extra);
        let o = conform(&args, stdin);
        (
            o.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&o.stdout).into_owned(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    }

    #[test]
    fn malformed_invalid_utf8_and_deep_payloads_exit_2_with_a_position() {
        let (code, out, err) = check(&[], b"{\n  \"packageName\": \"p\",\n}");
        assert_eq!(code, 2);
        // Under --format json the error is a JSON object on stdout too.
        let v: serde_json::Value = serde_json::from_str(&out).expect("json error object");
        assert_eq!(
            v,
            serde_json::json!({"error": {"kind": "payload_syntax",
                "message": "<stdin>:3:1: payload is not well-formed JSON: trailing comma",
                "file": "<stdin>", "line": 3, "column": 1}})
        );
        assert!(
            err.contains("<stdin>:3:1: payload is not well-formed JSON: trailing comma"),
            "{err}"
        );
        let (code, _, err) = check(&[], b"{\"packageName\": \"\xff\"}");
        assert_eq!(code, 2);
        assert!(
            err.contains("<stdin>:1:18: payload is not well-formed JSON: invalid UTF-8"),
            "{err}"
        );
        // Deep where the validator walks: a depth violation; deeper than the parser goes where it
        // must build a value (a uniqueItems list, a default): an error.
        let deep = format!(r#"{{"packageName": "p", "tags": {}}}"#, nested(DEEP, "[", "]"));
        let (code, out, _) = check(&[], deep.as_bytes());
        assert_eq!(code, 1);
        let v: serde_json::Value = serde_json::from_str(&out).expect("json");
        assert_eq!(v["violations"][0]["path"], "/tags");
        assert_eq!(v["violations"][0]["constraint"], "type");
        // --max-depth sets the validator's limit.
        let payload = br#"{"packageName": "p", "tags": {"a": "b"}}"#;
        let (code, out, _) = check(&["--max-depth", "1"], payload);
        assert_eq!(code, 1);
        let v: serde_json::Value = serde_json::from_str(&out).expect("json");
        assert_eq!(v["violations"][0]["path"], "/tags");
        assert_eq!(v["violations"][0]["constraint"], "depth");
    }

    #[test]
    fn duplicates_are_reported_unless_allow_duplicates() {
        let payload = br#"{"packageName": "good-name", "packageName": "bad name"}"#;
        let (code, out, _) = check(&[], payload);
        assert_eq!(code, 1);
        let v: serde_json::Value = serde_json::from_str(&out).expect("json");
        assert_eq!(v["violations"][0]["constraint"], "duplicate");
        assert_eq!(v["violations"][0]["path"], "/packageName");
        let (code, out, _) = check(&["--allow-duplicates"], payload);
        assert_eq!(code, 1);
        let v: serde_json::Value = serde_json::from_str(&out).expect("json");
        assert_eq!(v["violations"].as_array().map(Vec::len), Some(1));
        assert_eq!(v["violations"][0]["constraint"], "pattern");
        let ok = br#"{"packageName": "bad name", "packageName": "good-name"}"#;
        let (code, _, _) = check(&["--allow-duplicates"], ok);
        assert_eq!(code, 0);
    }

    #[test]
    fn a_flood_of_violations_is_capped() {
        let mut payload = String::from(r#"{"packageName": "p", "tags": {"#);
        for i in 0..10_000 {
            if i > 0 {
                payload.push(',');
            }
            payload.push_str(&format!(r#""bad!{i}": "v""#));
        }
        payload.push_str("}}");
        let (code, out, _) = check(&["--max-violations", "7"], payload.as_bytes());
        assert_eq!(code, 1);
        let v: serde_json::Value = serde_json::from_str(&out).expect("json");
        assert_eq!(v["violations"].as_array().map(Vec::len), Some(7));
        assert_eq!(v["truncated"], true);
    }
}

// ---------------------------------------------------------------------------------------------
// Fuzz regressions (fuzz/README.md): each crashing input, as found.

fn fuzz_input(name: &str) -> Vec<u8> {
    std::fs::read(format!("{ROOT}/tests/data/hostile/{name}")).expect("fuzz input")
}

/// `validate_bytes` found that a map key given twice made the bytes path count 51 tags (a `length`
/// violation) where the `Value` path, which keeps one copy, saw 50. A repeated map key is now a
/// `duplicate` violation, as a repeated member is (or, allowed, the last copy wins).
#[test]
fn fuzz_validate_bytes_repeated_map_key() {
    let payload = fuzz_input("fuzz-validate_bytes-repeated-map-key.in");
    let v = iot();
    let op = v.operation("CreatePackage").expect("op");
    let report = op.validate_input_bytes(&payload).expect("json");
    assert_eq!(found(&report), pairs(&[("/tags", "length"), ("/tags/tag17", "duplicate")]));
    assert!(!op.input().is_valid_bytes(&payload).expect("json"));
    let value: Value = serde_json::from_slice(&payload).expect("json");
    assert!(op.validate_input(&value).is_valid());
    let spec = Spec::from_path(format!("{ROOT}/specs/iot.json")).expect("spec");
    let lenient =
        Validator::builder().allow_duplicate_members(true).build(&spec).expect("compiles");
    let op = lenient.operation("CreatePackage").expect("op");
    assert_eq!(op.validate_input_bytes(&payload).expect("json"), op.validate_input(&value));
    assert!(op.input().is_valid_bytes(&payload).expect("json"));
    // A small map: its keys are compared in place.
    let small = br#"{"packageName": "p", "tags": {"a": "x", "b": "y", "a": "z"}}"#;
    let strict = iot();
    let op = strict.operation("CreatePackage").expect("op");
    assert_eq!(
        found(&op.validate_input_bytes(small).expect("json")),
        pairs(&[("/tags/a", "duplicate")])
    );
    assert!(!op.input().is_valid_bytes(small).expect("json"));
    // Past the 16 keys compared in place, and with an escaped key.
    let mut big = String::from(r#"{"packageName": "p", "tags": {"#);
    for i in 0..20 {
        big.push_str(&format!(r#""k{i}": "v", "#));
    }
    big.push_str(r#""k\u0031\u0039": "again"}}"#);
    let report = op.validate_input_bytes(big.as_bytes()).expect("json");
    assert_eq!(found(&report), pairs(&[("/tags/k19", "duplicate")]));
}
