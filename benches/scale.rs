//! Scale: validating 1 MB, 10 MB and 100 MB payloads through the bytes path. Throughput (bytes
//! per second) should be the same at every size: time is linear in the payload (issue 7).
//!
//! Two shapes of payload: a long list of small structures (every item checked: a pattern, a
//! length, a range), and one long string with no escapes (read in place, never copied). Each
//! has one bad item at the very end, so the whole payload is walked and the report holds one
//! violation.
//!
//! Run: `cargo bench --bench scale`.

use std::hint::black_box;
use std::time::Duration;

use conform::{Spec, Validator};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_main};

/// The spec both this bench and the 100 MB memory test (`tests/alloc.rs`) use.
const SPEC: &str = include_str!("../tests/data/scale/batch.json");

/// About `size` bytes: `{"items": [{"name": "item-1", "size": 1}, …, {"name": "BAD"}]}`.
fn list_payload(size: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(size + 64);
    out.extend_from_slice(b"{\"items\": [");
    let mut i = 0u64;
    while out.len() < size {
        out.extend_from_slice(
            format!("{{\"name\": \"item-{i}\", \"size\": {}}}, ", i % 1000).as_bytes(),
        );
        i += 1;
    }
    out.extend_from_slice(b"{\"name\": \"BAD\"}]}");
    out
}

/// About `size` bytes: `{"note": "xxxx…", "name": "BAD"}`.
fn string_payload(size: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(size + 64);
    out.extend_from_slice(b"{\"note\": \"");
    out.resize(size, b'x');
    out.extend_from_slice(b"\", \"name\": \"BAD\"}");
    out
}

fn scale(c: &mut Criterion) {
    let spec = Spec::from_json_str(SPEC).expect("spec");
    let validator = Validator::new(&spec).expect("compiles");
    let batch = validator.shape("Batch").expect("shape");
    for (name, make) in [("list", list_payload as fn(usize) -> Vec<u8>), ("string", string_payload)]
    {
        let mut group = c.benchmark_group(format!("scale/{name}"));
        group.sample_size(10).measurement_time(Duration::from_secs(10));
        for mb in [1usize, 10, 100] {
            let payload = make(mb << 20);
            let report = batch.validate_bytes(&payload).expect("well-formed");
            assert_eq!(report.violations().len(), 1);
            group.throughput(Throughput::Bytes(payload.len() as u64));
            group.bench_with_input(
                BenchmarkId::from_parameter(format!("{mb} MB")),
                &payload,
                |b, p| {
                    b.iter(|| batch.validate_bytes(black_box(p)).expect("well-formed"));
                },
            );
        }
        group.finish();
    }
}

#[allow(missing_docs)]
mod group {
    criterion::criterion_group!(benches, super::scale);
}
criterion_main!(group::benches);
