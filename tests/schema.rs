//! `specs/spec.schema.json` describes exactly what the spec reader accepts: every bundled spec
//! and every imported spec validates against it, and what the reader rejects the schema rejects.

use std::path::Path;

use conform::Spec;
use conform::import::page::page;
use conform::import::{SourceFormat, from_text};
use serde_json::Value;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn schema() -> jsonschema::Validator {
    let schema = read_json(&Path::new(ROOT).join("specs/spec.schema.json"));
    jsonschema::validator_for(&schema).expect("the spec schema compiles")
}

/// The schema's complaints about `doc`, one per line.
fn schema_errors(schema: &jsonschema::Validator, doc: &Value) -> String {
    schema
        .iter_errors(doc)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect::<Vec<_>>()
        .join("\n")
}

fn bundled_specs() -> Vec<(String, Value)> {
    let dir = Path::new(ROOT).join("specs");
    let mut specs: Vec<_> = std::fs::read_dir(&dir)
        .expect("specs/")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json") && !p.ends_with("spec.schema.json"))
        .map(|p| (p.display().to_string(), read_json(&p)))
        .collect();
    specs.sort_by(|a, b| a.0.cmp(&b.0));
    specs
}

#[test]
fn bundled_specs_validate_against_the_schema() {
    let schema = schema();
    let specs = bundled_specs();
    assert!(specs.len() >= 3, "the three seed specs are bundled");
    for (name, doc) in specs {
        assert_eq!(schema_errors(&schema, &doc), "", "{name}");
        Spec::from_json_str(&doc.to_string()).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[test]
fn imported_specs_validate_against_the_schema() {
    let schema = schema();
    let pages = Path::new(ROOT).join("tests/data/import/pages");
    for seed in ["000_d272dad8ad9433ce.txt", "001_568986f505da3dcc.txt", "002_99e204e90faaf15d.txt"]
    {
        let text = std::fs::read_to_string(pages.join(seed)).expect("seed page");
        let spec = page(&text).unwrap_or_else(|e| panic!("{seed}: {e}"));
        let doc = serde_json::to_value(&spec).expect("a spec serializes");
        assert_eq!(schema_errors(&schema, &doc), "", "{seed}");
    }
    let Some(shared) = crate::support::shared("the model half") else { return };
    let models = shared.join("aws-models");
    for stem in ["iot-2015-05-28", "codeartifact-2018-09-22", "panorama-2019-07-24"] {
        for (kind, format) in
            [("botocore", SourceFormat::Botocore), ("smithy", SourceFormat::Smithy)]
        {
            let path = models.join(format!("{stem}.{kind}.json"));
            let Ok(text) = std::fs::read_to_string(&path) else {
                panic!("{} is missing from the shared models", path.display());
            };
            let spec =
                from_text(&text, format).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let doc = serde_json::to_value(&spec).expect("a spec serializes");
            assert_eq!(schema_errors(&schema, &doc), "", "{}", path.display());
        }
    }
}

/// What a spec breaks, and how.
type Mutation = (&'static str, fn(&mut Value));

#[test]
fn what_the_reader_rejects_the_schema_rejects() {
    let schema = schema();
    let (_, iot) =
        bundled_specs().into_iter().find(|(n, _)| n.ends_with("iot.json")).expect("iot.json");
    let mutations: [Mutation; 4] = [
        ("unknown top-level field", |s| {
            s["x-note"] = "hi".into();
        }),
        ("unknown shape type", |s| {
            s["shapes"]["PackageName"]["type"] = "varchar".into();
        }),
        ("no version", |s| {
            s.as_object_mut().unwrap().remove("conform");
        }),
        ("unknown matching rule", |s| {
            s["patterns"] = "fuzzy".into();
        }),
    ];
    for (what, mutate) in mutations {
        let mut doc = iot.clone();
        mutate(&mut doc);
        assert!(!schema.is_valid(&doc), "the schema accepts a spec with an {what}");
        assert!(
            Spec::from_json_str(&doc.to_string()).is_err(),
            "the reader accepts a spec with an {what}"
        );
    }
}
