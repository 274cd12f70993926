//! The streaming validator allocates nothing on the valid path (payloads without uniqueItems).
//!
//! This binary installs a counting global allocator, so it holds this one test only.

use std::alloc::System;

use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

#[test]
fn valid_payloads_are_checked_without_allocating() {
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

        let region = Region::new(GLOBAL);
        for _ in 0..100 {
            assert!(shape.is_valid_bytes(bytes).expect("well-formed"));
            let report = shape.validate_bytes(bytes).expect("well-formed");
            assert!(report.is_valid());
        }
        let stats = region.change();
        assert_eq!(stats.allocations, 0, "{file} {payload}: {stats:?}");

        // The counter does count: building a violation allocates.
        let region = Region::new(GLOBAL);
        let report = shape.validate_bytes(b"42").expect("well-formed");
        assert_eq!(report.violations().len(), 1);
        assert!(region.change().allocations > 0);
    }
}
