//! The two validators agree: for any payload, validating the parsed `Value` and validating the
//! bytes give the same violations in the same order (property tests over the seed specs).

use conform::{Spec, Validator};
use proptest::prelude::*;
use serde_json::{Map, Value};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn validators() -> Vec<(Validator, &'static str)> {
    [
        ("iot.json", "CreatePackage"),
        ("codeartifact.json", "CreatePackageGroup"),
        ("panorama.json", "DescribePackageVersion"),
        ("panorama.json", "CreatePackage"),
    ]
    .into_iter()
    .map(|(file, op)| {
        let spec = Spec::from_path(format!("{ROOT}/specs/{file}")).expect("spec");
        (Validator::new(&spec).expect("compiles"), op)
    })
    .collect()
}

/// Member names of the seed operations, so generated objects hit real members often.
const KEYS: &[&str] = &[
    "packageName",
    "clientToken",
    "description",
    "tags",
    "domain",
    "domainOwner",
    "packageGroup",
    "contactInfo",
    "key",
    "value",
    "PackageId",
    "PackageVersion",
    "OwnerAccount",
    "PatchVersion",
    "PackageName",
    "Tags",
    "arn",
    "pattern",
    "domainName",
    "createdTime",
    "originConfiguration",
    "restrictions",
    "PUBLISH",
    "mode",
    "effectiveMode",
    "repositoriesCount",
    "parent",
];

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (-1e12f64..1e12).prop_map(Value::from),
        "[a-z0-9._/ -]{0,12}".prop_map(Value::String),
        "\\PC{0,6}".prop_map(Value::String),
        prop::sample::select(KEYS).prop_map(|s| Value::String(s.to_owned())),
        Just(Value::String("ALLOW".into())),
        Just(Value::String("1.0".into())),
    ]
}

fn json() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop_oneof![prop::sample::select(KEYS).prop_map(str::to_owned), "[a-z]{0,4}"],
                    inner
                ),
                0..6
            )
            .prop_map(|entries| Value::Object(entries.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn value_and_bytes_validators_agree(payload in json(), which in 0usize..4, output in any::<bool>()) {
        let validators = validators();
        let (validator, op) = &validators[which];
        let op = validator.operation(op).expect("operation");
        let shape = if output { op.output() } else { op.input() };
        let bytes = serde_json::to_vec(&payload).expect("JSON");
        let by_value = shape.validate(&payload);
        let by_bytes = shape.validate_bytes(&bytes).expect("well-formed");
        prop_assert_eq!(&by_value, &by_bytes);
        prop_assert_eq!(shape.is_valid(&payload), by_value.is_valid());
        prop_assert_eq!(shape.is_valid_bytes(&bytes).expect("well-formed"), by_value.is_valid());
    }

    #[test]
    fn truncated_reports_agree_too(payload in json()) {
        let spec = Spec::from_path(format!("{ROOT}/specs/codeartifact.json")).expect("spec");
        let validator = Validator::builder().max_violations(2).build(&spec).expect("compiles");
        let shape = validator.operation("CreatePackageGroup").expect("operation").output();
        let bytes = serde_json::to_vec(&payload).expect("JSON");
        prop_assert_eq!(shape.validate(&payload), shape.validate_bytes(&bytes).expect("well-formed"));
    }
}
