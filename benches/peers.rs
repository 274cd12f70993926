//! conform against its peers on the same payloads, in one process: serde_json (reading the bytes,
//! building a `Value`) and the `jsonschema` crate on the schema conform exports.
//!
//! Data: deterministic payloads for the four seed operations' inputs plus CodeArtifact's large
//! nested `PackageGroupDescription` output, a valid set and an invalid set (each payload of the
//! invalid set breaks one to three constraints). Run with `cargo bench --bench peers`; it ends with
//! a table of criterion's means (ns/payload, MB/s) and `RATIO <name> <value>` lines, value =
//! conform's time / the peer's time on the same payloads (below 1: conform is faster). Each ratio
//! is the median over paired rounds that time one pass of each side back to back, so that drift in
//! the machine's speed between criterion's separate runs does not move it.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput};
use serde_json::{Value, json};

#[path = "common/paired.rs"]
mod paired;

use paired::{ROUNDS, mean_ns, paired_ratio, shared};

/// A small deterministic generator (SplitMix64), so every run sees the same payloads.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn word(&mut self, alphabet: &[u8], min: u64, max: u64) -> String {
        let n = min + self.below(max - min + 1);
        (0..n).map(|_| alphabet[self.below(alphabet.len() as u64) as usize] as char).collect()
    }

    fn text(&mut self, min: u64, max: u64) -> String {
        const WORDS: [&str; 12] = [
            "firmware",
            "for",
            "the",
            "sensor",
            "fleet",
            "in",
            "building",
            "seven",
            "release",
            "candidate",
            "package",
            "déploiement",
        ];
        let mut s = String::new();
        let target = min + self.below(max - min + 1);
        while (s.chars().count() as u64) < target {
            if !s.is_empty() {
                s.push(' ');
            }
            s.push_str(WORDS[self.below(WORDS.len() as u64) as usize]);
        }
        s
    }

    fn uuid(&mut self) -> String {
        let h = b"0123456789abcdef";
        let mut s = self.word(h, 8, 8);
        for n in [4, 4, 4, 12] {
            s.push('-');
            s.push_str(&self.word(h, n, n));
        }
        s
    }
}

const LOWER: &[u8] = b"abcdefghijklmnopqrstuvwxyz";
const NAME: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789-_.";
const DIGITS: &[u8] = b"0123456789";

fn iot_create_package(r: &mut Rng) -> Value {
    let mut tags = serde_json::Map::new();
    for _ in 0..1 + r.below(5) {
        tags.insert(r.word(LOWER, 3, 12), Value::String(r.word(NAME, 0, 24)));
    }
    json!({"packageName": r.word(NAME, 5, 30), "clientToken": r.uuid(),
           "description": r.text(40, 160), "tags": tags})
}

fn codeartifact_create_package_group(r: &mut Rng) -> Value {
    let tags: Vec<Value> = (0..r.below(5))
        .map(|_| json!({"key": r.word(LOWER, 3, 10), "value": r.word(NAME, 0, 20)}))
        .collect();
    json!({"domain": r.word(LOWER, 4, 20), "domainOwner": r.word(DIGITS, 12, 12),
           "packageGroup": format!("/npm/{}/*", r.word(LOWER, 3, 12)),
           "contactInfo": r.text(10, 40), "description": r.text(20, 120), "tags": tags})
}

fn panorama_describe_package_version(r: &mut Rng) -> Value {
    json!({"PackageId": format!("package-{}", r.word(LOWER, 8, 16)),
           "PackageVersion": format!("{}.{}", r.below(10), r.below(100)),
           "OwnerAccount": r.word(DIGITS, 12, 12), "PatchVersion": r.word(LOWER, 8, 32)})
}

fn panorama_create_package(r: &mut Rng) -> Value {
    let mut tags = serde_json::Map::new();
    for _ in 0..r.below(6) {
        tags.insert(r.word(LOWER, 3, 12), Value::String(r.text(0, 30)));
    }
    json!({"PackageName": r.word(LOWER, 5, 30), "Tags": tags})
}

fn codeartifact_package_group_output(r: &mut Rng) -> Value {
    let arn = |r: &mut Rng| {
        format!(
            "arn:aws:codeartifact:us-west-2:{}:package-group/{}",
            r.word(DIGITS, 12, 12),
            r.word(LOWER, 4, 12)
        )
    };
    let modes = ["ALLOW", "ALLOW_SPECIFIC_REPOSITORIES", "BLOCK", "INHERIT"];
    let mut restrictions = serde_json::Map::new();
    for kind in ["EXTERNAL_UPSTREAM", "INTERNAL_UPSTREAM", "PUBLISH"] {
        restrictions.insert(
            kind.to_owned(),
            json!({"mode": modes[r.below(4) as usize], "effectiveMode": modes[r.below(4) as usize],
                   "inheritedFrom": {"arn": arn(r), "pattern": "/npm/*"},
                   "repositoriesCount": r.below(100)}),
        );
    }
    json!({"packageGroup": {
        "arn": arn(r), "pattern": format!("/npm/{}/*", r.word(LOWER, 3, 12)),
        "domainName": r.word(LOWER, 4, 20), "domainOwner": r.word(DIGITS, 12, 12),
        "createdTime": 1.7e9 + r.below(1_000_000) as f64, "contactInfo": r.text(10, 40),
        "description": r.text(20, 200), "originConfiguration": {"restrictions": restrictions},
        "parent": {"arn": arn(r), "pattern": "/npm/*"}}})
}

/// Breaks one to three constraints of a valid payload.
fn mutate(r: &mut Rng, v: &mut Value) {
    let Value::Object(o) = v else { return };
    for _ in 0..1 + r.below(3) {
        let keys: Vec<String> = o.keys().cloned().collect();
        if keys.is_empty() {
            return;
        }
        let k = &keys[r.below(keys.len() as u64) as usize];
        let new = match r.below(4) {
            0 => Value::String("x".repeat(2000)),
            1 => Value::String("bad value\u{7}!".into()),
            2 => json!(12345),
            _ => json!([1, 2]),
        };
        o.insert(k.clone(), new);
    }
}

struct Case {
    op: conform::Validator,
    operation: &'static str,
    output: bool,
    values: Vec<Value>,
    bytes: Vec<Vec<u8>>,
    schema: jsonschema::Validator,
}

fn load(spec: &str) -> conform::Validator {
    let path = format!("{}/specs/{spec}", env!("CARGO_MANIFEST_DIR"));
    let spec = conform::Spec::from_path(&path).expect("bundled spec");
    conform::Validator::new(&spec).expect("bundled spec compiles")
}

fn cases(invalid: bool) -> Vec<Case> {
    type Gen = fn(&mut Rng) -> Value;
    let plan: [(&str, &str, bool, Gen); 5] = [
        ("iot.json", "CreatePackage", false, iot_create_package),
        ("codeartifact.json", "CreatePackageGroup", false, codeartifact_create_package_group),
        ("panorama.json", "DescribePackageVersion", false, panorama_describe_package_version),
        ("panorama.json", "CreatePackage", false, panorama_create_package),
        ("codeartifact.json", "CreatePackageGroup", true, codeartifact_package_group_output),
    ];
    let mut r = Rng(if invalid { 0xBAD } else { 0x600D });
    plan.iter()
        .map(|(spec, operation, output, gen_fn)| {
            let op = load(spec);
            let values: Vec<Value> = (0..200)
                .map(|_| {
                    let mut v = gen_fn(&mut r);
                    if invalid {
                        mutate(&mut r, &mut v);
                    }
                    v
                })
                .collect();
            let bytes = values.iter().map(|v| serde_json::to_vec(v).expect("JSON")).collect();
            let o = op.operation(operation).expect("seed operation");
            let shape = if *output { o.output() } else { o.input() };
            let schema = conform::export::json_schema(&shape);
            let schema =
                jsonschema::validator_for(&schema).expect("jsonschema compiles the export");
            for v in &values {
                let want = !invalid;
                assert_eq!(shape.is_valid(v), want, "generated payload validity: {v}");
                assert_eq!(schema.is_valid(v), want, "jsonschema agrees: {v}");
            }
            Case { op, operation, output: *output, values, bytes, schema }
        })
        .collect()
}

fn total_bytes(cases: &[Case]) -> u64 {
    cases.iter().flat_map(|c| &c.bytes).map(|b| b.len() as u64).sum()
}

fn payloads(cases: &[Case]) -> usize {
    cases.iter().map(|c| c.values.len()).sum()
}

/// One pass over a payload set: what each benchmark times.
type Pass = fn(&[Case]);

fn ignored_any(cases: &[Case]) {
    for case in cases {
        for bytes in &case.bytes {
            let _: serde::de::IgnoredAny = serde_json::from_slice(black_box(bytes)).expect("JSON");
        }
    }
}

fn parse_value(cases: &[Case]) {
    for case in cases {
        for bytes in &case.bytes {
            let v: Value = serde_json::from_slice(black_box(bytes)).expect("JSON");
            black_box(v);
        }
    }
}

fn shape(case: &Case) -> conform::Shape<'_> {
    let op = case.op.operation(case.operation).expect("op");
    if case.output { op.output() } else { op.input() }
}

fn bytes_verdict(cases: &[Case]) {
    for case in cases {
        let shape = shape(case);
        for bytes in &case.bytes {
            assert!(shape.is_valid_bytes(black_box(bytes)).expect("JSON"));
        }
    }
}

fn value_verdict(cases: &[Case]) {
    for case in cases {
        let shape = shape(case);
        for v in &case.values {
            assert!(shape.is_valid(black_box(v)));
        }
    }
}

fn jsonschema_is_valid(cases: &[Case]) {
    for case in cases {
        for v in &case.values {
            assert!(case.schema.is_valid(black_box(v)));
        }
    }
}

fn parse_plus_jsonschema(cases: &[Case]) {
    for case in cases {
        for bytes in &case.bytes {
            let v: Value = serde_json::from_slice(black_box(bytes)).expect("JSON");
            assert!(case.schema.is_valid(&v));
        }
    }
}

fn all_violations(cases: &[Case]) {
    for case in cases {
        let shape = shape(case);
        for v in &case.values {
            let _ = black_box(shape.validate(black_box(v)));
        }
    }
}

fn jsonschema_iter_errors(cases: &[Case]) {
    for case in cases {
        for v in &case.values {
            black_box(case.schema.iter_errors(black_box(v)).count());
        }
    }
}

const VALID: [(&str, Pass); 6] = [
    ("serde_json_ignored_any", ignored_any),
    ("serde_json_value", parse_value),
    ("conform_bytes_verdict", bytes_verdict),
    ("conform_value_verdict", value_verdict),
    ("jsonschema_is_valid", jsonschema_is_valid),
    ("parse_plus_jsonschema", parse_plus_jsonschema),
];

const INVALID: [(&str, Pass); 2] = [
    ("conform_all_violations", all_violations),
    ("jsonschema_iter_errors", jsonschema_iter_errors),
];

fn benches(c: &mut Criterion) {
    let valid = cases(false);
    let invalid = cases(true);
    for (group, set, passes) in [("valid", &valid, &VALID[..]), ("invalid", &invalid, &INVALID[..])]
    {
        let mut g = c.benchmark_group(group);
        g.throughput(Throughput::Bytes(total_bytes(set)));
        for &(name, pass) in passes {
            g.bench_function(name, |b| b.iter(|| pass(set)));
        }
        g.finish();
    }

    if let Some(iot) = shared().map(|d| d.join("aws-models/smithy/iot.json")).filter(|p| p.exists())
    {
        let text = std::fs::read_to_string(&iot).expect("read the IoT model");
        let mut g = c.benchmark_group("compile");
        g.bench_function("iot_model_import_and_compile", |b| {
            b.iter(|| {
                let spec = conform::import::from_text(
                    black_box(&text),
                    conform::import::SourceFormat::Smithy,
                )
                .expect("imports");
                black_box(conform::Validator::new(&spec).expect("compiles"))
            });
        });
        let spec = conform::import::from_text(&text, conform::import::SourceFormat::Smithy)
            .expect("imports");
        g.bench_function("iot_model_compile", |b| {
            b.iter(|| black_box(conform::Validator::new(black_box(&spec)).expect("compiles")));
        });
        g.finish();
    } else {
        eprintln!("skipping the IoT model compile bench: ../shared not found");
    }

    summary(payloads(&valid), total_bytes(&valid), payloads(&invalid), total_bytes(&invalid));
    ratios(&valid, &invalid);
}

fn ratios(valid: &[Case], invalid: &[Case]) {
    let pairs: [(&str, &[Case], Pass, Pass); 4] = [
        ("bytes_vs_ignoredany", valid, bytes_verdict, ignored_any),
        ("bytes_vs_parse_plus_jsonschema", valid, bytes_verdict, parse_plus_jsonschema),
        ("value_vs_jsonschema", valid, value_verdict, jsonschema_is_valid),
        ("errors_vs_jsonschema_iter_errors", invalid, all_violations, jsonschema_iter_errors),
    ];
    println!();
    println!(
        "ratios: conform / peer, median of {ROUNDS} paired rounds (below 1: conform is faster)"
    );
    for (name, set, conform, peer) in pairs {
        println!("RATIO {name} {:.3}", paired_ratio(|| conform(set), || peer(set)));
    }
}

fn summary(n_valid: usize, bytes_valid: u64, n_invalid: usize, bytes_invalid: u64) {
    let rows = [
        ("valid", "serde_json_ignored_any", n_valid, bytes_valid),
        ("valid", "serde_json_value", n_valid, bytes_valid),
        ("valid", "conform_bytes_verdict", n_valid, bytes_valid),
        ("valid", "conform_value_verdict", n_valid, bytes_valid),
        ("valid", "jsonschema_is_valid", n_valid, bytes_valid),
        ("valid", "parse_plus_jsonschema", n_valid, bytes_valid),
        ("invalid", "conform_all_violations", n_invalid, bytes_invalid),
        ("invalid", "jsonschema_iter_errors", n_invalid, bytes_invalid),
    ];
    println!();
    println!("{:<34} {:>12} {:>10}", "benchmark", "ns/payload", "MB/s");
    for (group, name, n, bytes) in rows {
        if let Some(ns) = mean_ns(group, name) {
            let per = ns / n as f64;
            let mbs = bytes as f64 / (ns / 1e9) / 1e6;
            println!("{:<34} {:>12.0} {:>10.1}", format!("{group}/{name}"), per, mbs);
        }
    }
    for (name, label) in [("iot_model_import_and_compile", "ms"), ("iot_model_compile", "ms")] {
        if let Some(ns) = mean_ns("compile", name) {
            println!("{:<34} {:>12.1} {label}", format!("compile/{name}"), ns / 1e6);
        }
    }
}

fn main() {
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .sample_size(20)
        .configure_from_args();
    benches(&mut c);
    c.final_summary();
}
