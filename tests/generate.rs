//! The generators: valid payloads validate, invalid ones report exactly their intended violation,
//! and the `Value` and bytes validators agree on both; for every operation of the seed specs and
//! of the seed services' full models; and `conform generate | conform check --ndjson` end to end.

use conform::generate;
use conform::import::SourceFormat;
use conform::{Shape, Spec, Validator};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRng, TestRunner};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

const SEEDS: [(&str, &str); 4] = [
    ("iot.json", "CreatePackage"),
    ("codeartifact.json", "CreatePackageGroup"),
    ("panorama.json", "DescribePackageVersion"),
    ("panorama.json", "CreatePackage"),
];

fn seed_validator(file: &str) -> Validator {
    let spec = Spec::from_path(format!("{ROOT}/specs/{file}")).expect("spec");
    Validator::new(&spec).expect("compiles")
}

fn runner(cases: u32) -> TestRunner {
    let config = Config { cases, failure_persistence: None, ..Config::default() };
    let rng = TestRng::deterministic_rng(config.rng_algorithm);
    TestRunner::new_with_rng(config, rng)
}

/// Generated valid payloads validate, by `Value` and by bytes alike.
fn valid_property(shape: &Shape<'_>, cases: u32, what: &str) {
    runner(cases)
        .run(&generate::valid(shape), |payload| {
            let report = shape.validate(&payload);
            prop_assert!(report.is_valid(), "{what}: {payload} gave {:?}", report.violations());
            let bytes = serde_json::to_vec(&payload).expect("JSON");
            prop_assert_eq!(&shape.validate_bytes(&bytes).expect("well-formed"), &report);
            prop_assert!(shape.is_valid(&payload));
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{what}: {e}"));
}

/// Generated invalid payloads report exactly the intended violation, by `Value` and by bytes.
fn invalid_property(shape: &Shape<'_>, cases: u32, what: &str) {
    runner(cases)
        .run(&generate::invalid(shape), |bad| {
            let report = shape.validate(&bad.payload);
            let found: Vec<(&str, conform::Constraint)> =
                report.violations().iter().map(|v| (v.path(), v.constraint())).collect();
            prop_assert_eq!(
                found,
                vec![(bad.intended.path.as_str(), bad.intended.constraint)],
                "{}: {}",
                what,
                bad.payload
            );
            let bytes = serde_json::to_vec(&bad.payload).expect("JSON");
            prop_assert_eq!(&shape.validate_bytes(&bytes).expect("well-formed"), &report);
            prop_assert!(!shape.is_valid(&bad.payload));
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{what}: {e}"));
}

#[test]
fn seed_operations_valid_and_invalid() {
    for (file, op) in SEEDS {
        let validator = seed_validator(file);
        let op = validator.operation(op).expect("operation");
        for (side, shape) in [("input", op.input()), ("output", op.output())] {
            let what = format!("{file} {} {side}", op.name());
            valid_property(&shape, 300, &what);
            invalid_property(&shape, 300, &what);
        }
    }
}

#[test]
fn every_operation_of_the_seed_services_full_models() {
    let Some(shared) = crate::support::shared("the full-model generator properties") else {
        return;
    };
    let mut operations = 0;
    for service in ["iot-2015-05-28", "codeartifact-2018-09-22", "panorama-2019-07-24"] {
        for (ext, format) in
            [("smithy.json", SourceFormat::Smithy), ("botocore.json", SourceFormat::Botocore)]
        {
            let path = shared.join("aws-models").join(format!("{service}.{ext}"));
            let text = std::fs::read_to_string(&path).expect("model reads");
            let spec = conform::import::from_text(&text, format).expect("model imports");
            let validator = Validator::new(&spec).expect("model compiles");
            for op in validator.operations() {
                for (side, shape) in [("input", op.input()), ("output", op.output())] {
                    let what = format!("{service}.{ext} {} {side}", op.name());
                    valid_property(&shape, 3, &what);
                    invalid_property(&shape, 3, &what);
                }
                operations += 1;
            }
        }
    }
    assert!(operations > 400, "{operations} operations");
}

#[test]
fn samples_are_deterministic_for_a_seed() {
    let validator = seed_validator("codeartifact.json");
    let op = validator.operation("CreatePackageGroup").expect("operation");
    let take = |seed| -> Vec<serde_json::Value> {
        generate::samples(generate::valid(&op.output()), seed)
            .take(20)
            .map(|v| v.expect("value"))
            .collect()
    };
    assert_eq!(take(3), take(3));
    assert_ne!(take(3), take(4));
    let bad = |seed| -> Vec<generate::Invalid> {
        generate::samples(generate::invalid(&op.input()), seed)
            .take(20)
            .map(|v| v.expect("value"))
            .collect()
    };
    assert_eq!(bad(3), bad(3));
}

/// Every kind of mutation, on a spec that has every constraint.
#[test]
fn every_mutation_kind_is_generated_and_reported() {
    let spec = Spec::from_json_str(
        r#"{"conform": 1, "service": "x", "patterns": "whole-value", "operations": {},
        "shapes": {
          "S": {"type": "structure", "members": {
            "name": {"target": "Name", "required": true},
            "count": {"target": "integer", "range": {"min": 1, "max": 10}},
            "ratio": {"target": "double", "range": {"min": "0.5", "max": "2.5"}},
            "color": {"target": "Color"},
            "level": {"target": "Level"},
            "data": {"target": "blob", "length": {"min": 2, "max": 4}},
            "when": {"target": "timestamp", "format": "date-time"},
            "tags": {"target": "Tags"},
            "ids": {"target": "Ids"},
            "choice": {"target": "Choice"},
            "tree": {"target": "Tree"}
          }},
          "Name": {"type": "string", "length": {"min": 3, "max": 8}, "pattern": "[a-z]+[0-9]*"},
          "Color": {"type": "enum", "values": ["RED", "GREEN"]},
          "Level": {"type": "intEnum", "values": [1, 2, 3]},
          "Tags": {"type": "map", "length": {"max": 3}, "key": {"target": "string", "length": {"min": 1, "max": 5}, "pattern": "[a-z]+"},
                   "value": {"target": "string"}},
          "Ids": {"type": "list", "member": {"target": "Name"}, "uniqueItems": true, "length": {"min": 1, "max": 4}},
          "Choice": {"type": "union", "members": {"a": {"target": "string"}, "b": {"target": "integer"}}},
          "Tree": {"type": "structure", "members": {"label": {"target": "Name", "required": true},
                   "kids": {"target": "Trees"}}},
          "Trees": {"type": "list", "member": {"target": "Tree"}}
        }}"#,
    )
    .expect("spec");
    let validator = Validator::new(&spec).expect("compiles");
    let shape = validator.shape("S").expect("shape");
    valid_property(&shape, 500, "every constraint");
    invalid_property(&shape, 500, "every constraint");
    let mut seen = std::collections::BTreeSet::new();
    for bad in generate::samples(generate::invalid(&shape), 11).take(4000) {
        let bad = bad.expect("value");
        seen.insert(bad.intended.constraint.as_str());
    }
    let want = [
        "enum",
        "format",
        "length",
        "pattern",
        "range",
        "required",
        "sparse",
        "type",
        "union",
        "uniqueItems",
    ];
    assert_eq!(seen.into_iter().collect::<Vec<_>>(), want);
}

/// A map-key mutation is reported at the map's path, and the violation's details name the key
/// the generator broke (a key of the payload's map that breaks the key's constraint); the map's
/// own length mutation names none.
#[test]
fn map_key_mutations_are_reported_at_the_map_with_their_key() {
    let spec = Spec::from_json_str(
        r#"{"conform": 1, "service": "x", "patterns": "whole-value", "operations": {},
        "shapes": {
          "S": {"type": "structure", "members": {"tags": {"target": "Tags", "required": true}}},
          "Tags": {"type": "map", "length": {"min": 1, "max": 3},
                   "key": {"target": "string", "length": {"min": 2, "max": 5}, "pattern": "[a-z]+"},
                   "value": {"target": "Color"}},
          "Color": {"type": "enum", "values": ["RED", "GREEN"]}
        }}"#,
    )
    .expect("spec");
    let validator = Validator::new(&spec).expect("compiles");
    let shape = validator.shape("S").expect("shape");
    let key_shape =
        |k: &str| (2..=5).contains(&k.chars().count()) && k.bytes().all(|b| b.is_ascii_lowercase());
    let mut keyed = std::collections::BTreeSet::new();
    let mut counted = 0;
    for bad in generate::samples(generate::invalid(&shape), 5).take(400) {
        let bad = bad.expect("value");
        let report = shape.validate(&bad.payload);
        let [v] = report.violations() else { panic!("one violation: {report:?}") };
        assert_eq!(
            (v.path(), v.constraint()),
            (bad.intended.path.as_str(), bad.intended.constraint)
        );
        let tags = bad.payload["tags"].as_object();
        match v.details().key() {
            Some(key) => {
                assert_eq!(v.path(), "/tags", "{}", bad.payload);
                assert!(tags.is_some_and(|t| t.contains_key(key)), "{key:?} in {}", bad.payload);
                assert!(!key_shape(key), "{key:?} breaks the key's constraint");
                // Every other key is a valid one.
                let others = tags.into_iter().flat_map(|t| t.keys()).filter(|k| *k != key);
                assert!(others.clone().all(|k| key_shape(k)), "{}", bad.payload);
                keyed.insert(v.constraint().as_str());
            }
            None if v.path() == "/tags" && v.constraint() == conform::Constraint::Length => {
                counted += 1
            }
            None => {}
        }
    }
    assert_eq!(keyed.into_iter().collect::<Vec<_>>(), ["length", "pattern"]);
    assert!(counted > 0, "the map's own length is mutated too");
}

#[test]
fn an_empty_intersection_fails_with_its_reason() {
    let spec = Spec::from_json_str(
        r#"{"conform": 1, "service": "x", "patterns": "whole-value", "operations": {},
        "shapes": {"S": {"type": "structure", "members": {"id": {"target": "Id", "required": true}}},
                   "Id": {"type": "string", "length": {"min": 13, "max": 20}, "pattern": "[0-9]{12}"}}}"#,
    )
    .expect("spec");
    let validator = Validator::new(&spec).expect("compiles");
    let shape = validator.shape("S").expect("shape");
    let err =
        generate::samples(generate::valid(&shape), 0).next().expect("item").expect_err("no value");
    assert_eq!(
        err.reason(),
        "no valid value can be generated: at /id: no string matches pattern `[0-9]{12}` with a length of 13 to 20 (every match is 12 characters long)"
    );
    let mut runner = runner(1);
    assert!(generate::valid(&shape).new_tree(&mut runner).is_err());
}

/// Invalid payloads aimed at one constraint kind, one path, or both: every payload breaks exactly
/// what it was aimed at, and every kind the shape has is reachable alone.
#[test]
fn invalid_payloads_aimed_at_a_constraint_or_a_path() {
    use conform::Constraint;
    use generate::{Aim, invalid_aimed, samples};

    let spec = Spec::from_json_str(
        r#"{"conform": 1, "service": "x", "patterns": "whole-value", "operations": {},
        "shapes": {
          "S": {"type": "structure", "members": {
            "name": {"target": "Name", "required": true},
            "count": {"target": "integer", "range": {"min": 1, "max": 10}},
            "tags": {"target": "Tags"},
            "ids": {"target": "Ids"}
          }},
          "Name": {"type": "string", "length": {"min": 3, "max": 8}, "pattern": "[a-z]+[0-9]*"},
          "Tags": {"type": "map", "length": {"max": 3}, "key": {"target": "string", "length": {"min": 1, "max": 5}, "pattern": "[a-z]+"},
                   "value": {"target": "Name"}},
          "Ids": {"type": "list", "member": {"target": "Name"}, "uniqueItems": true, "length": {"min": 1, "max": 4}}
        }}"#,
    )
    .expect("spec");
    let validator = Validator::new(&spec).expect("compiles");
    let shape = validator.shape("S").expect("shape");
    let check = |aim: &Aim, want_c: Option<Constraint>, want_path: &dyn Fn(&str) -> bool| {
        for bad in samples(invalid_aimed(&shape, aim), 3).take(300) {
            let bad = bad.expect("value");
            let found: Vec<(String, Constraint)> = shape
                .validate(&bad.payload)
                .violations()
                .iter()
                .map(|v| (v.path().to_owned(), v.constraint()))
                .collect();
            assert_eq!(found, [(bad.intended.path.clone(), bad.intended.constraint)], "{aim:?}");
            if let Some(c) = want_c {
                assert_eq!(bad.intended.constraint, c, "{aim:?}");
            }
            assert!(want_path(&bad.intended.path), "{aim:?}: {}", bad.intended.path);
        }
    };
    for c in [
        Constraint::Length,
        Constraint::Pattern,
        Constraint::Range,
        Constraint::Required,
        Constraint::Type,
        Constraint::UniqueItems,
        Constraint::Sparse,
    ] {
        check(&Aim::new().constraint(c), Some(c), &|_| true);
    }
    check(&Aim::new().path("/name"), None, &|p| p == "/name");
    check(
        &Aim::new().path("/count").constraint(Constraint::Range),
        Some(Constraint::Range),
        &|p| p == "/count",
    );
    check(&Aim::new().path("/ids/2"), None, &|p| p == "/ids/2");
    check(
        &Aim::new().path("/tags/abc").constraint(Constraint::Pattern),
        Some(Constraint::Pattern),
        &|p| p == "/tags/abc",
    );
    check(&Aim::new().path("/tags/*"), None, &|p| {
        p.strip_prefix("/tags/").is_some_and(|k| !k.is_empty() && !k.contains('/'))
    });
    // A bad key is reported at the map's path.
    check(
        &Aim::new().path("/tags").constraint(Constraint::Length),
        Some(Constraint::Length),
        &|p| p == "/tags",
    );
    check(&Aim::new().path(""), None, &|p| p.is_empty());
    let fails = |aim: Aim| {
        samples(invalid_aimed(&shape, &aim), 0)
            .next()
            .expect("item")
            .expect_err("no value")
            .reason()
            .to_owned()
    };
    assert_eq!(
        fails(Aim::new().constraint(Constraint::Enum)),
        "no `enum` constraint of the shape can be broken on its own"
    );
    assert_eq!(
        fails(Aim::new().path("/nope")),
        "no constraint at `/nope` can be broken on its own"
    );
    // Index 4 is past the list's maximum of 4 items; key `ABC` breaks the key's own pattern.
    assert_eq!(
        fails(Aim::new().path("/ids/4")),
        "no constraint at `/ids/4` can be broken on its own"
    );
    assert_eq!(
        fails(Aim::new().path("/tags/ABC")),
        "no constraint at `/tags/ABC` can be broken on its own"
    );
    assert_eq!(
        fails(Aim::new().path("/count").constraint(Constraint::Length)),
        "no `length` constraint at `/count` can be broken on its own"
    );
    assert_eq!(
        fails(Aim::new().path("count")),
        "`count` is not a JSON Pointer (it must be empty or start with `/`)"
    );
}

/// A length above a maximum beyond the size budget is not built, and is listed as skipped; the
/// payloads stay within the budget.
#[test]
fn mutations_beyond_the_size_budget_are_skipped_and_listed() {
    use conform::Constraint;

    let spec = Spec::from_json_str(
        r#"{"conform": 1, "service": "x", "patterns": "whole-value", "operations": {},
        "shapes": {
          "S": {"type": "structure", "members": {
            "doc": {"target": "string", "length": {"max": 2147483647}},
            "data": {"target": "blob", "length": {"max": 100000000}},
            "small": {"target": "string", "length": {"max": 65535}},
            "many": {"target": "Many"},
            "few": {"target": "Few"}
          }},
          "Many": {"type": "list", "member": {"target": "string"}, "length": {"max": 4096}},
          "Few": {"type": "map", "key": {"target": "string", "length": {"max": 70000}}, "value": {"target": "string"}, "length": {"max": 4095}}
        }}"#,
    )
    .expect("spec");
    let validator = Validator::new(&spec).expect("compiles");
    let shape = validator.shape("S").expect("shape");
    let skipped: Vec<(String, Constraint, String)> =
        generate::skipped(&shape).into_iter().map(|s| (s.path, s.constraint, s.reason)).collect();
    let l = Constraint::Length;
    assert_eq!(
        skipped,
        [
            ("/data".to_owned(), l, "a length above the maximum of 100000000 bytes: beyond the size budget of 65536 bytes".to_owned()),
            ("/doc".to_owned(), l, "a length above the maximum of 2147483647 characters: beyond the size budget of 65536 characters".to_owned()),
            ("/few".to_owned(), l, "a map key with a length above the maximum of 70000 characters: beyond the size budget of 65536 characters".to_owned()),
            ("/many".to_owned(), l, "a length above the maximum of 4096 items: beyond the size budget of 4096 items".to_owned()),
        ]
    );
    let mut above = std::collections::BTreeSet::new();
    let aim = generate::Aim::new().constraint(l);
    for bad in generate::samples(generate::invalid_aimed(&shape, &aim), 1).take(400) {
        let bad = bad.expect("value");
        let size = serde_json::to_vec(&bad.payload).expect("JSON").len();
        assert!(size <= generate::MAX_PAYLOAD, "{size}");
        let v = shape.validate(&bad.payload);
        assert_eq!(v.violations().len(), 1);
        above.insert(bad.intended.path);
    }
    // Only what fits the budget is broken: the string of at most 65,535 characters, the map of
    // at most 4,095 entries.
    assert_eq!(above.into_iter().collect::<Vec<_>>(), ["/few", "/small"]);
    valid_property(&shape, 200, "budget");
}

#[cfg(feature = "cli")]
mod cli {
    use std::process::Output;

    use super::SEEDS;

    fn conform(args: &[&str], stdin: Option<&[u8]>) -> Output {
        crate::support::conform(args, stdin.unwrap_or_default())
    }

    fn lines(o: &Output) -> Vec<serde_json::Value> {
        String::from_utf8_lossy(&o.stdout)
            .lines()
            .map(|l| serde_json::from_str(l).expect("JSON line"))
            .collect()
    }

    /// `generate | check --ndjson` for every seed operation, input and output, valid and invalid:
    /// every valid line is valid, every invalid line has exactly its intended violation.
    #[test]
    fn generate_piped_into_check() {
        const COUNT: usize = 200;
        for (file, op) in SEEDS {
            let spec = format!("specs/{file}");
            for output in [false, true] {
                for invalid in [false, true] {
                    let count = COUNT.to_string();
                    let mut args = vec![
                        "generate",
                        "--spec",
                        &spec,
                        "--operation",
                        op,
                        "--count",
                        &count,
                        "--seed",
                        "7",
                    ];
                    let mut check = vec![
                        "check",
                        "--ndjson",
                        "--format",
                        "json",
                        "--spec",
                        &spec,
                        "--operation",
                        op,
                    ];
                    if output {
                        args.push("--response");
                        check.push("--response");
                    }
                    if invalid {
                        args.push("--invalid");
                    }
                    let what = format!("{spec} {op} output={output} invalid={invalid}");
                    let generated = conform(&args, None);
                    assert_eq!(generated.status.code(), Some(0), "{what}");
                    let checked = conform(&check, Some(&generated.stdout));
                    assert_eq!(checked.status.code(), Some(if invalid { 1 } else { 0 }), "{what}");
                    let results = lines(&checked);
                    assert_eq!(results.len(), COUNT, "{what}");
                    if !invalid {
                        for (i, r) in results.iter().enumerate() {
                            assert_eq!(
                                r,
                                &serde_json::json!({"line": i + 1, "valid": true, "violations": []}),
                                "{what}"
                            );
                        }
                        continue;
                    }
                    args.push("--explain");
                    let explained = lines(&conform(&args, None));
                    assert_eq!(explained.len(), COUNT, "{what}");
                    for (i, (r, e)) in results.iter().zip(&explained).enumerate() {
                        assert_eq!(r["line"], i + 1);
                        assert_eq!(r["valid"], false);
                        let found: Vec<_> = r["violations"]
                            .as_array()
                            .expect("violations")
                            .iter()
                            .map(|v| (v["path"].clone(), v["constraint"].clone()))
                            .collect();
                        let intended = &e["intended"];
                        assert_eq!(
                            found,
                            [(intended["path"].clone(), intended["constraint"].clone())],
                            "{what}: {e}"
                        );
                        let bare = String::from_utf8_lossy(&generated.stdout)
                            .lines()
                            .nth(i)
                            .map(str::to_owned);
                        assert_eq!(
                            bare.as_deref(),
                            Some(e["payload"].to_string().as_str()),
                            "--explain wraps the same payload"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn explain_on_valid_payloads_has_no_intended() {
        let o = conform(
            &[
                "generate",
                "--spec",
                "specs/iot.json",
                "--operation",
                "CreatePackage",
                "--count",
                "3",
                "--explain",
            ],
            None,
        );
        assert_eq!(o.status.code(), Some(0));
        let l = lines(&o);
        assert_eq!(l.len(), 3);
        for line in l {
            let keys: Vec<&String> = line.as_object().expect("object").keys().collect();
            assert_eq!(keys, ["payload"]);
        }
    }

    /// `--invalid=KIND` and `--at POINTER` aim the payloads; what the budget skips is noted.
    #[test]
    fn invalid_aimed_from_the_command_line() {
        let base = ["generate", "--spec", "specs/iot.json", "--operation", "CreatePackage"];
        let mut args = base.to_vec();
        args.extend(["--invalid=length", "--explain", "--count", "50", "--at", "/packageName"]);
        let o = conform(&args, None);
        assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
        let l = lines(&o);
        assert_eq!(l.len(), 50);
        for line in l {
            assert_eq!(
                line["intended"],
                serde_json::json!({"path": "/packageName", "constraint": "length"})
            );
        }
        let mut args = base.to_vec();
        args.extend(["--invalid=enum"]);
        let o = conform(&args, None);
        assert_eq!(o.status.code(), Some(2));
        assert_eq!(
            String::from_utf8_lossy(&o.stderr).trim_end(),
            "conform: CreatePackage: cannot generate an invalid (enum) input: no `enum` constraint \
             of the shape can be broken on its own"
        );
        let mut args = base.to_vec();
        args.extend(["--invalid=bogus"]);
        assert_eq!(conform(&args, None).status.code(), Some(2));
    }

    #[test]
    fn generate_errors_exit_2() {
        let o = conform(&["generate", "--spec", "specs/iot.json", "--operation", "Nope"], None);
        assert_eq!(o.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&o.stderr).contains("no operation `Nope`"));
    }
}

/// The generators on the AWS corpus: every model of `aws-models/botocore` and `aws-models/smithy`,
/// valid and invalid payloads for its operations' inputs and outputs, each checked against the
/// validator (valid ones valid; an invalid one has exactly its intended violation) and against
/// the size budget ([`generate::MAX_PAYLOAD`] bytes).
///
/// CI runs a fixed sample ([`corpus_sample`]: every model, every `SAMPLE_EVERY`th operation); the
/// whole run is the ignored [`whole_corpus`] (see `benches/README.md` for its numbers):
///
/// ```sh
/// ulimit -v 4000000; /usr/bin/time -v cargo test --release --all-features --test integration \
///     generate::corpus::whole_corpus -- --ignored --nocapture
/// ```
mod corpus {
    use std::collections::BTreeMap;
    use std::time::Instant;

    use conform::generate;
    use conform::import::SourceFormat;
    use conform::{Shape, Validator};

    use crate::support::json_files;

    /// The CI sample: operations `0, N, 2N, …` of each model (at least one per model).
    const SAMPLE_EVERY: usize = 24;
    /// Payloads of each kind per shape.
    const PER_SHAPE: usize = 2;

    #[derive(Default)]
    struct Tally {
        models: usize,
        operations: usize,
        payloads: usize,
        largest: usize,
        /// (model, operation, side, what went wrong)
        failures: Vec<(String, String, &'static str, String)>,
    }

    /// What is wrong with `shape`'s payloads, if anything: the first problem found.
    fn check_shape(shape: &Shape<'_>, seed: u64, tally: &mut Tally) -> Option<String> {
        for v in generate::samples(generate::valid(shape), seed).take(PER_SHAPE) {
            let v = match v {
                Ok(v) => v,
                Err(e) => return Some(format!("valid: {e}")),
            };
            let size = serde_json::to_vec(&v).expect("JSON").len();
            tally.payloads += 1;
            tally.largest = tally.largest.max(size);
            if size > generate::MAX_PAYLOAD {
                return Some(format!("valid: {size} bytes"));
            }
            let report = shape.validate(&v);
            if !report.is_valid() {
                return Some(format!("valid payload has violations: {:?}", report.violations()));
            }
        }
        for bad in generate::samples(generate::invalid(shape), seed).take(PER_SHAPE) {
            let bad = match bad {
                Ok(b) => b,
                Err(e) => return Some(format!("invalid: {e}")),
            };
            let size = serde_json::to_vec(&bad.payload).expect("JSON").len();
            tally.payloads += 1;
            tally.largest = tally.largest.max(size);
            if size > generate::MAX_PAYLOAD {
                return Some(format!("invalid: {size} bytes"));
            }
            let report = shape.validate(&bad.payload);
            let found: Vec<(&str, conform::Constraint)> =
                report.violations().iter().map(|v| (v.path(), v.constraint())).collect();
            if found != [(bad.intended.path.as_str(), bad.intended.constraint)] {
                return Some(format!(
                    "invalid: intended {} at {:?}, found {found:?}",
                    bad.intended.constraint, bad.intended.path
                ));
            }
        }
        None
    }

    fn run(every: usize) -> Tally {
        let shared = crate::support::shared("the generators on the AWS corpus");
        let mut tally = Tally::default();
        let Some(shared) = shared else { return tally };
        let models = shared.join("aws-models");
        for (dir, format) in
            [("botocore", SourceFormat::Botocore), ("smithy", SourceFormat::Smithy)]
        {
            for file in json_files(&models.join(dir)) {
                let name = format!("{dir}/{}", file.file_name().unwrap_or_default().display());
                let text = std::fs::read_to_string(&file).expect("model reads");
                let spec = conform::import::from_text(&text, format).expect("model imports");
                let validator = Validator::new(&spec).expect("model compiles");
                tally.models += 1;
                for (i, op) in validator.operations().enumerate() {
                    if i % every != 0 {
                        continue;
                    }
                    tally.operations += 1;
                    for (side, shape) in [("input", op.input()), ("output", op.output())] {
                        if let Some(problem) = check_shape(&shape, i as u64, &mut tally) {
                            tally.failures.push((
                                name.clone(),
                                op.name().to_owned(),
                                side,
                                problem,
                            ));
                        }
                    }
                }
            }
        }
        tally
    }

    fn report(tally: &Tally, started: Instant) {
        let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
        for (model, op, side, problem) in &tally.failures {
            eprintln!("FAIL {model} {op} {side}: {problem}");
            let key: String = problem.chars().take(60).collect();
            *reasons.entry(key).or_default() += 1;
        }
        for (reason, n) in &reasons {
            eprintln!("{n:6} {reason}");
        }
        eprintln!(
            "{} models, {} operations, {} payloads (largest {} bytes), {} failing shapes, {:.1?}",
            tally.models,
            tally.operations,
            tally.payloads,
            tally.largest,
            tally.failures.len(),
            started.elapsed()
        );
    }

    /// The failures that are not the model's own: everything but a shape proven to have no valid
    /// value (a pattern whose matches are all longer or shorter than the length allows, as App
    /// Runner's `ServiceId`: a 36-character UUID pattern with a length of exactly 32).
    fn unexplained(tally: &Tally) -> Vec<String> {
        tally
            .failures
            .iter()
            .filter(|(_, _, _, p)| {
                !(p.starts_with("valid: no valid value can be generated:")
                    && p.ends_with(" long)")
                    && p.contains("(every match is "))
            })
            .map(|(m, o, s, p)| format!("{m} {o} {s}: {p}"))
            .collect()
    }

    #[test]
    fn corpus_sample() {
        let started = Instant::now();
        let tally = run(SAMPLE_EVERY);
        report(&tally, started);
        if tally.models > 0 {
            assert_eq!(tally.models, 831);
            assert!(tally.operations > 1400, "{} operations", tally.operations);
        }
        assert_eq!(unexplained(&tally), Vec::<String>::new());
    }

    #[test]
    #[ignore = "the whole corpus: about 16 s in a release build (benches/README.md)"]
    fn whole_corpus() {
        let started = Instant::now();
        let tally = run(1);
        report(&tally, started);
        assert_eq!(unexplained(&tally), Vec::<String>::new());
    }
}
