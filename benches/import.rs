//! Importer benchmarks: import and compile the largest models of each corpus (botocore and Smithy).
//!
//! Run: `cargo bench --bench import` (skipped when `../shared` is absent; `CONFORM_SHARED`
//! overrides the location).

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use conform::Validator;
use conform::import::{SourceFormat, from_text};
use criterion::{Criterion, criterion_main};

/// The `n` largest `.json` files of a directory, largest first.
fn largest(dir: &Path, n: usize) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut files: Vec<(u64, PathBuf)> = entries
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
        .filter_map(|e| Some((e.metadata().ok()?.len(), e.path())))
        .collect();
    files.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    files.into_iter().take(n).map(|(_, p)| p).collect()
}

fn import(c: &mut Criterion) {
    let root = std::env::var_os("CONFORM_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    let models = root.join("aws-models");
    if !models.is_dir() {
        eprintln!("skipping import bench: ../shared not found");
        return;
    }
    let mut group = c.benchmark_group("import+compile");
    group.sample_size(10).measurement_time(Duration::from_secs(10));
    for (dir, format) in [("botocore", SourceFormat::Botocore), ("smithy", SourceFormat::Smithy)] {
        for file in largest(&models.join(dir), 3) {
            let Ok(text) = std::fs::read_to_string(&file) else { continue };
            let name = file.file_stem().and_then(|s| s.to_str()).unwrap_or("?");
            let label = format!("{dir}/{name} ({} KiB)", text.len() / 1024);
            group.bench_function(&label, |b| {
                b.iter(|| {
                    let spec = from_text(black_box(&text), format).expect("imports");
                    black_box(Validator::new(&spec).expect("compiles"));
                });
            });
            group.bench_function(format!("{label}, import only"), |b| {
                b.iter(|| black_box(from_text(black_box(&text), format).expect("imports")));
            });
        }
    }
    group.finish();
}

/// The benchmark group (criterion's generated function carries no docs).
#[allow(missing_docs)]
mod group {
    criterion::criterion_group!(benches, super::import);
}
criterion_main!(group::benches);
