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
        "no valid value can be generated: at /id: no string matches pattern `[0-9]{12}` with a length of 13 to 20"
    );
    let mut runner = runner(1);
    assert!(generate::valid(&shape).new_tree(&mut runner).is_err());
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
                        args.push("--output");
                        check.push("--output");
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

    #[test]
    fn generate_errors_exit_2() {
        let o = conform(&["generate", "--spec", "specs/iot.json", "--operation", "Nope"], None);
        assert_eq!(o.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&o.stderr).contains("no operation `Nope`"));
    }
}
