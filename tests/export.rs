//! The exported JSON Schema agrees with conform: the `jsonschema` crate, validating the schema
//! `conform::export::json_schema` writes, accepts every payload `conform::generate::valid` builds
//! and rejects every payload `conform::generate::invalid` builds (each breaks one constraint, and
//! every constraint the generators break is one JSON Schema can express), for every operation of
//! the bundled specs and for a fixed sample of botocore operations. (The schema text of each
//! construct is checked by the data-driven suite, `tests/data/export/`.)

use std::path::Path;

use conform::generate::{self, Invalid};
use conform::import::{SourceFormat, from_text};
use conform::spec::MemberDef;
use conform::{Shape, Spec, Validator};
use serde_json::Value;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Payloads of each kind per shape.
const PAYLOADS: usize = 48;

/// Every 7th botocore model (in file order) gives its first 3 operations with an input (in name
/// order); these give the features the rule may miss.
const STRIDE: usize = 7;
const PER_MODEL: usize = 3;
const NAMED: &[(&str, &str)] = &[
    // A required document member (given `null` by a `required` mutation).
    ("sso-admin", "PutApplicationAuthenticationMethod"),
    // Blobs with decoded-length bounds.
    ("kms", "Encrypt"),
    ("kinesis", "PutRecord"),
    // date-time timestamps, unions, sparse maps.
    ("bedrock-agent-runtime", "Retrieve"),
    ("dynamodb", "PutItem"),
    ("iot", "CreateJob"),
    ("lambda", "CreateFunction"),
    ("cloudwatch", "GetMetricData"),
];

/// Operations reaching a string, blob, list or map whose maximum length is above this are left
/// out, as the corpus bench leaves them out: the generator builds a value one past the maximum
/// for the "length above max" mutation (a 2 GB string for a maximum of 2,147,483,647).
const MAX_LENGTH_BOUND: u64 = 100_000;

/// The largest maximum length a shape reaches (through members, items, keys and values).
fn largest_bound(
    spec: &Spec,
    name: &str,
    member: Option<&MemberDef>,
    seen: &mut Vec<String>,
) -> u64 {
    let def = spec.shapes.get(name);
    let own = member.and_then(|m| m.length).or_else(|| def.and_then(|d| d.length));
    let mut largest = own.and_then(|l| l.max).unwrap_or(0);
    let Some(def) = def else { return largest };
    if seen.iter().any(|s| s == name) {
        return largest;
    }
    seen.push(name.to_owned());
    let members = def.members.iter().flat_map(|m| m.values());
    let parts = [&def.member, &def.key, &def.value].into_iter().flatten().map(|m| &**m);
    for m in members.chain(parts) {
        largest = largest.max(largest_bound(spec, &m.target, Some(m), seen));
    }
    largest
}

/// jsonschema's disagreements with conform on `shape`'s generated payloads, as lines.
fn disagreements(name: &str, shape: &Shape<'_>, seed: u64) -> Vec<String> {
    let schema = conform::export::json_schema(shape);
    let js = match jsonschema::validator_for(&schema) {
        Ok(v) => v,
        Err(e) => return vec![format!("{name}: the export does not compile: {e}")],
    };
    let mut out = Vec::new();
    let valid = generate::samples(generate::valid(shape), seed).take(PAYLOADS);
    for payload in valid {
        // A shape the generators cannot serve (no valid value) has nothing to compare.
        let Ok(payload) = payload else { break };
        assert!(shape.is_valid(&payload), "{name}: the generator's valid payload {payload}");
        if let Some(e) = js.iter_errors(&payload).next() {
            out.push(format!("{name}: rejects a valid payload at {}: {e}", e.instance_path()));
        }
    }
    let invalid = generate::samples(generate::invalid(shape), seed ^ 0xBAD).take(PAYLOADS);
    for bad in invalid {
        let Ok(Invalid { payload, intended, .. }) = bad else { break };
        assert!(!shape.is_valid(&payload), "{name}: the generator's invalid payload {payload}");
        if js.is_valid(&payload) {
            let text: String = payload.to_string().chars().take(200).collect();
            out.push(format!(
                "{name}: accepts a payload breaking {} at {:?}: {text}",
                intended.constraint, intended.path
            ));
        }
    }
    out
}

fn operations(validator: &Validator, service: &str, names: &[String], out: &mut Vec<String>) {
    for (i, op) in names.iter().enumerate() {
        let op = validator.operation(op).expect("operation");
        let name = format!("{service}.{}", op.name());
        out.extend(disagreements(&name, &op.input(), i as u64 + 1));
        out.extend(disagreements(&format!("{name} output"), &op.output(), i as u64 + 101));
    }
}

fn assert_none(what: &str, found: &[String]) {
    for line in found.iter().take(40) {
        eprintln!("  {line}");
    }
    assert!(found.is_empty(), "{what}: jsonschema disagrees with conform {} times", found.len());
}

#[test]
fn jsonschema_agrees_with_conform_on_the_bundled_specs() {
    let mut found = Vec::new();
    for file in ["iot.json", "codeartifact.json", "panorama.json"] {
        let spec = Spec::from_path(Path::new(ROOT).join("specs").join(file)).expect("spec");
        let validator = Validator::new(&spec).expect("compiles");
        let names: Vec<String> = validator.operations().map(|o| o.name().to_owned()).collect();
        operations(&validator, file, &names, &mut found);
    }
    assert_none("bundled specs", &found);
}

#[test]
fn jsonschema_agrees_with_conform_on_a_botocore_sample() {
    let Some(shared) = crate::support::shared("the botocore agreement sample") else { return };
    let dir = shared.join("aws-models/botocore");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("aws-models/botocore")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut found = Vec::new();
    let mut compared = 0;
    for (i, file) in files.iter().enumerate() {
        let service = file.file_stem().and_then(|s| s.to_str()).unwrap_or("?");
        let named: Vec<String> =
            NAMED.iter().filter(|(s, _)| *s == service).map(|(_, op)| (*op).to_owned()).collect();
        if i % STRIDE != 0 && named.is_empty() {
            continue;
        }
        let text = std::fs::read_to_string(file).expect("model");
        let Ok(spec) = from_text(&text, SourceFormat::Botocore) else { continue };
        let Ok(validator) = Validator::new(&spec) else { continue };
        let mut names: Vec<String> = if i % STRIDE == 0 {
            let mut with_input: Vec<String> = spec
                .operations
                .iter()
                .filter(|(_, def)| def.input.is_some())
                .map(|(name, _)| name.clone())
                .collect();
            with_input.sort();
            with_input.truncate(PER_MODEL);
            with_input
        } else {
            Vec::new()
        };
        names.extend(named.into_iter().filter(|n| spec.operations.contains_key(n)));
        names.dedup();
        names.retain(|n| {
            let def = &spec.operations[n];
            [&def.input, &def.output]
                .into_iter()
                .flatten()
                .all(|shape| largest_bound(&spec, shape, None, &mut Vec::new()) <= MAX_LENGTH_BOUND)
        });
        compared += names.len();
        operations(&validator, service, &names, &mut found);
    }
    eprintln!("botocore sample: {compared} operations compared");
    assert!(compared >= 150, "the sample has {compared} operations");
    assert_none("botocore sample", &found);
}

/// The schema is valid JSON Schema for the `jsonschema` crate's meta-schema check too.
#[test]
fn the_export_is_a_valid_schema() {
    let spec = Spec::from_path(Path::new(ROOT).join("specs/codeartifact.json")).expect("spec");
    let validator = Validator::new(&spec).expect("compiles");
    for op in validator.operations() {
        for shape in [op.input(), op.output()] {
            let schema = conform::export::json_schema(&shape);
            assert!(jsonschema::meta::is_valid(&schema), "{}: {schema}", op.name());
            assert!(matches!(schema, Value::Object(_)));
        }
    }
}
