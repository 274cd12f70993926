//! The bytes path allocates nothing on the valid path (payloads without uniqueItems or maps of
//! more than sixteen entries).
//!
//! This binary installs a counting global allocator, so its tests hold one lock while measuring:
//! the counts are process-wide.

use std::alloc::System;

use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Tests take this while they measure (the allocator's counts are process-wide).
static MEASURING: std::sync::Mutex<()> = std::sync::Mutex::new(());

#[test]
fn valid_payloads_are_checked_without_allocating() {
    let _measuring = MEASURING.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let cases: [(&str, &str, bool, &str); 6] = [
        (
            "iot.json",
            "CreatePackage",
            false,
            r#"{"packageName": "sensor-firmware", "clientToken": "3f2b8c1e-4d5a-4e6f-9a7b-8c9d0e1f2a3b",
             "description": "Firmware for the temperature sensors in building 7.",
             "tags": {"team": "fleet-ops", "stage": "prod"}}"#,
        ),
        (
            "iot.json",
            "CreatePackage",
            true,
            r#"{"packageName": "p", "packageArn": "arn:aws:iot:us-east-1:123456789012:package/p", "description": "d"}"#,
        ),
        (
            "codeartifact.json",
            "CreatePackageGroup",
            false,
            r#"{"domain": "my-domain", "domainOwner": "123456789012", "packageGroup": "/npm/scope/*",
             "contactInfo": "team@example.com", "description": "Packages of the web team.",
             "tags": [{"key": "team", "value": "web"}, {"key": "cost", "value": "42"}]}"#,
        ),
        (
            "codeartifact.json",
            "CreatePackageGroup",
            true,
            r#"{"packageGroup": {"arn": "arn:aws:codeartifact:us-west-2:123456789012:package-group/d/npm",
             "pattern": "/npm/*", "domainName": "my-domain", "domainOwner": "123456789012",
             "createdTime": 1700000000.5, "originConfiguration": {"restrictions": {
               "PUBLISH": {"mode": "ALLOW", "effectiveMode": "ALLOW", "repositoriesCount": 3}}},
             "parent": {"arn": "arn:aws:codeartifact:us-west-2:123456789012:package-group/d", "pattern": "/*"}}}"#,
        ),
        (
            "panorama.json",
            "DescribePackageVersion",
            false,
            r#"{"PackageId": "package-123", "PackageVersion": "1.0", "OwnerAccount": "123456789012", "PatchVersion": "abc123"}"#,
        ),
        (
            "panorama.json",
            "CreatePackage",
            false,
            r#"{"PackageName": "my_package", "Tags": {"team": "vision", "stage": "beta"}}"#,
        ),
    ];
    for (file, op, output, payload) in cases {
        let spec = conform::Spec::from_path(format!("{ROOT}/specs/{file}")).expect("spec");
        let validator = conform::Validator::new(&spec).expect("compiles");
        let op = validator.operation(op).expect("operation");
        let shape = if output { op.output() } else { op.input() };
        let bytes = payload.as_bytes();
        // Warm up: engines may build their per-thread caches on first use.
        assert!(shape.is_valid_bytes(bytes).expect("well-formed"), "{payload}");
        assert!(shape.validate_bytes(bytes).expect("well-formed").is_valid());

        // The counts are process-wide and the test harness's own threads allocate now and then
        // (reporting another test's result, say): keep the quietest of a few rounds. Code that
        // allocates does so in every round.
        let stats = (0..5)
            .map(|_| {
                let region = Region::new(GLOBAL);
                for _ in 0..100 {
                    assert!(shape.is_valid_bytes(bytes).expect("well-formed"));
                    let report = shape.validate_bytes(bytes).expect("well-formed");
                    assert!(report.is_valid());
                }
                region.change()
            })
            .min_by_key(|s| s.allocations)
            .expect("five rounds");
        assert_eq!(stats.allocations, 0, "{file} {payload}: {stats:?}");

        // The counter does count: building a violation allocates.
        let region = Region::new(GLOBAL);
        let report = shape.validate_bytes(b"42").expect("well-formed");
        assert_eq!(report.violations().len(), 1);
        assert!(region.change().allocations > 0);
    }
}

/// The spec `benches/scale.rs` times its large payloads with (a `Batch` of named items).
fn batch_validator() -> conform::Validator {
    let spec = conform::Spec::from_json_str(include_str!("data/scale/batch.json")).expect("spec");
    conform::Validator::new(&spec).expect("compiles")
}

/// A 100 MB payload is checked in bounded memory (issue 7): the bytes path allocates far less
/// than the payload, whether it is a long list of small structures or one long string without
/// escapes (read in place, never copied). Time is linear: see `benches/scale.rs`.
#[test]
fn a_100_mb_payload_is_checked_in_bounded_memory() {
    const MB100: usize = 100 << 20;
    let validator = batch_validator();
    let batch = validator.shape("Batch").expect("shape");
    // Held from here: building the payloads allocates too.
    let _measuring = MEASURING.lock().unwrap_or_else(std::sync::PoisonError::into_inner);

    let mut list = Vec::with_capacity(MB100 + 64);
    list.extend_from_slice(b"{\"items\": [");
    let item: &[u8] = b"{\"name\": \"item-42\", \"size\": 42}, ";
    let items = (MB100 - list.len()) / item.len();
    list.extend_from_slice(&item.repeat(items));
    // One bad item at the end: the whole payload is walked, and the report holds it.
    list.extend_from_slice(b"{\"name\": \"BAD\"}]}");

    let mut long = Vec::with_capacity(MB100 + 64);
    long.extend_from_slice(b"{\"note\": \"");
    long.resize(MB100, b'x');
    long.extend_from_slice(b"\", \"name\": \"BAD\"}");

    for (name, payload, path) in
        [("list", &list, format!("/items/{items}/name")), ("string", &long, "/name".to_owned())]
    {
        let region = Region::new(GLOBAL);
        let report = batch.validate_bytes(payload).expect("well-formed");
        let stats = region.change();
        let found: Vec<(&str, &str)> =
            report.violations().iter().map(|v| (v.path(), v.constraint().as_str())).collect();
        assert_eq!(found, [(path.as_str(), "pattern")], "{name}");
        // Far less than the payload: no copy of it, no per-item growth.
        assert!(stats.bytes_allocated < 64 << 10, "{name}: {stats:?}");
        assert!(stats.allocations < 100, "{name}: {stats:?}");

        let region = Region::new(GLOBAL);
        assert!(!batch.is_valid_bytes(payload).expect("well-formed"));
        let stats = region.change();
        assert!(stats.bytes_allocated < 64 << 10, "{name}: {stats:?}");
    }
}

/// A violation found in a `Value` refers to the offending value instead of copying it: a gateway
/// that rejects a 1 MB string pays for the violation, not for a second megabyte. Keeping the
/// report past the payload (`into_owned`) is what copies it.
#[test]
fn violations_in_a_value_borrow_the_offending_value() {
    const MB: usize = 1 << 20;
    let validator = batch_validator();
    let batch = validator.shape("Batch").expect("shape");
    let payload = serde_json::json!({"name": "X".repeat(MB)});
    let _measuring = MEASURING.lock().unwrap_or_else(std::sync::PoisonError::into_inner);

    let region = Region::new(GLOBAL);
    let report = batch.validate(&payload);
    let borrowed = region.change();
    let found: Vec<(&str, &str)> =
        report.violations().iter().map(|v| (v.path(), v.constraint().as_str())).collect();
    assert_eq!(found, [("/name", "length"), ("/name", "pattern")]);
    assert!(report.violations().iter().all(|v| v.value() == payload.get("name")));
    assert!(borrowed.bytes_allocated < 64 << 10, "{borrowed:?}");

    let region = Region::new(GLOBAL);
    let owned = report.into_owned();
    let copied = region.change();
    assert_eq!(owned.violations()[1].value(), payload.get("name"));
    assert!(copied.bytes_allocated >= 2 * MB, "{copied:?}");
}
