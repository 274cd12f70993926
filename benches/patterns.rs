//! Pattern engine benchmarks: compiling the AWS corpus, and match throughput per tier against
//! the plain `regex` / `fancy-regex` crates on the same strings.
//!
//! Run: `cargo bench --bench patterns` (the corpus group is skipped when `../shared` is absent;
//! `CONFORM_SHARED` overrides the location).

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use conform::{MatchRule, Pattern, Tier};
use criterion::{Criterion, Throughput, criterion_main};

fn corpus(file: &str) -> Option<Vec<String>> {
    let root = std::env::var_os("CONFORM_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    let text = std::fs::read_to_string(root.join("aws-models").join(file)).ok()?;
    let entries: Vec<serde_json::Value> = serde_json::from_str(&text).ok()?;
    Some(entries.iter().filter_map(|e| e["pattern"].as_str().map(str::to_owned)).collect())
}

fn compile_corpus(c: &mut Criterion) {
    let Some(patterns) = corpus("patterns.json") else {
        eprintln!("skipping corpus compile bench: ../shared not found");
        return;
    };
    let mut group = c.benchmark_group("compile");
    group.sample_size(10).measurement_time(Duration::from_secs(20));
    group.bench_function(format!("all {} doc patterns (whole-value)", patterns.len()), |b| {
        b.iter(|| {
            for p in &patterns {
                black_box(Pattern::new(p, MatchRule::WholeValue).ok());
            }
        });
    });
    group.finish();
}

/// (name, pattern, expected tier, inputs)
fn cases() -> Vec<(&'static str, &'static str, Tier, Vec<String>)> {
    let ascii = "The-quick_brown.fox-jumps-over-the-lazy-dog-0123456789".repeat(4);
    let token = "a8098c1a-f86e-11da-bd1a-00112444be1e-x";
    let unicode = "Grüße aus Köln – ünïcödé tëxt, 😀 ok ".repeat(4);
    vec![
        ("one-class [a-zA-Z0-9-_.]+ ascii", "[a-zA-Z0-9-_.]+", Tier::OneClass, vec![ascii.clone()]),
        ("one-class [^\\p{C}]+ ascii", "[^\\p{C}]+", Tier::OneClass, vec![ascii.clone()]),
        ("one-class [^\\p{C}]+ unicode", "[^\\p{C}]+", Tier::OneClass, vec![unicode]),
        ("one-class \\S{36,64}", "\\S{36,64}", Tier::OneClass, vec![token.to_owned()]),
        ("one-class [0-9]{12}", "[0-9]{12}", Tier::OneClass, vec!["123456789012".to_owned()]),
        ("one-class .*", ".*", Tier::OneClass, vec![ascii.clone()]),
        (
            "sequence [a-z][a-z0-9\\-]{0,48}[a-z0-9]",
            "[a-z][a-z0-9\\-]{0,48}[a-z0-9]",
            Tier::Sequence,
            vec!["my-domain-name-01".to_owned()],
        ),
        (
            "sequence ^([0-9]+)\\.([0-9]+)$",
            "^([0-9]+)\\.([0-9]+)$",
            Tier::Sequence,
            vec!["12.345".to_owned()],
        ),
        (
            "sequence arn",
            "arn:aws:iam::[0-9]{12}:role/[\\w+=,.@-]{1,64}",
            Tier::Sequence,
            vec!["arn:aws:iam::123456789012:role/my-role".to_owned()],
        ),
        (
            "regex [a-zA-Z0-9]+(-[a-zA-Z0-9]+)*",
            "[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*",
            Tier::Regex,
            vec!["my-domain-name-01".to_owned()],
        ),
        ("fancy ^(?!\\s*$).+", "^(?!\\s*$).+", Tier::Backtracking, vec![ascii]),
    ]
}

fn match_throughput(c: &mut Criterion) {
    let mut group = c.benchmark_group("match");
    group.measurement_time(Duration::from_secs(3)).warm_up_time(Duration::from_secs(1));
    for (name, source, tier, inputs) in cases() {
        let pattern = Pattern::new(source, MatchRule::WholeValue).expect("bench pattern compiles");
        assert_eq!(pattern.tier(), tier, "{source}");
        let bytes: usize = inputs.iter().map(String::len).sum();
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_function(format!("{name} / conform"), |b| {
            b.iter(|| {
                for s in &inputs {
                    black_box(pattern.is_match(black_box(s)).ok());
                }
            });
        });
        // The same translated text in the plain engine.
        if tier == Tier::Backtracking {
            let plain = fancy_regex::Regex::new(pattern.translated()).expect("translated compiles");
            group.bench_function(format!("{name} / fancy-regex"), |b| {
                b.iter(|| {
                    for s in &inputs {
                        black_box(plain.is_match(black_box(s)).ok());
                    }
                });
            });
        } else {
            let plain = regex::Regex::new(pattern.translated()).expect("translated compiles");
            group.bench_function(format!("{name} / regex"), |b| {
                b.iter(|| {
                    for s in &inputs {
                        black_box(plain.is_match(black_box(s)));
                    }
                });
            });
        }
    }
    group.finish();
}

/// The benchmark group (criterion's generated function carries no docs).
#[allow(missing_docs)]
mod group {
    criterion::criterion_group!(benches, super::compile_corpus, super::match_throughput);
}
criterion_main!(group::benches);
