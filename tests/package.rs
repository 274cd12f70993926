//! The package as users get it (issue 22 items 11 and 16): which crates a library user compiles,
//! how the command-line tool is built, and what docs.rs and crates.io read from the manifest.

use std::path::Path;
use std::process::Command;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn read(file: &str) -> String {
    std::fs::read_to_string(Path::new(ROOT).join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// The names of the crates `cargo tree -e normal` lists for the package with `features` (cargo's
/// own arguments, such as `--no-default-features`), sorted and deduplicated.
fn normal_dependencies(features: &[&str]) -> Vec<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let out = Command::new(cargo)
        .args(["tree", "--offline", "-e", "normal", "--prefix", "none", "--format", "{p}"])
        .args(features)
        .arg("--manifest-path")
        .arg(Path::new(ROOT).join("Cargo.toml"))
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "cargo tree {features:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut names: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
        .collect();
    names.sort();
    names.dedup();
    names
}

/// The crates only the command line (with `conform proxy`) and the generators need.
const TOOL_CRATES: [&str; 5] = ["clap", "hyper", "indicatif", "proptest", "tokio"];

fn tool_crates_in(features: &[&str]) -> Vec<&'static str> {
    let deps = normal_dependencies(features);
    TOOL_CRATES.into_iter().filter(|c| deps.iter().any(|d| d == c)).collect()
}

#[test]
fn a_library_user_compiles_no_clap_indicatif_proptest_hyper_or_tokio() {
    assert_eq!(tool_crates_in(&[]), [] as [&str; 0], "default features");
    assert_eq!(tool_crates_in(&["--no-default-features"]), [] as [&str; 0]);
    assert_eq!(tool_crates_in(&["--features", "serde,tower"]), [] as [&str; 0]);
    assert_eq!(tool_crates_in(&["--features", "generate"]), ["proptest"]);
    assert_eq!(tool_crates_in(&["--features", "cli"]), TOOL_CRATES);
    // serde reads the specs, with or without the feature.
    assert!(normal_dependencies(&["--no-default-features"]).contains(&"serde".to_owned()));
}

/// The lines of a `[table]` of the manifest, up to the next table.
fn table<'a>(manifest: &'a str, header: &str) -> Vec<&'a str> {
    let mut lines = manifest.lines().skip_while(|l| l.trim() != header);
    assert!(lines.next().is_some(), "Cargo.toml has no {header}");
    lines.take_while(|l| !l.starts_with('[')).map(str::trim).filter(|l| !l.is_empty()).collect()
}

#[test]
fn the_tool_is_the_cli_feature_and_the_readme_asks_for_it() {
    let manifest = read("Cargo.toml");
    let bin = table(&manifest, "[[bin]]");
    assert!(bin.contains(&r#"name = "conform""#), "{bin:?}");
    assert!(bin.contains(&r#"required-features = ["cli"]"#), "{bin:?}");
    let features = table(&manifest, "[features]");
    assert!(features.contains(&r#"default = ["serde"]"#), "{features:?}");
    assert!(
        features.contains(
            &r#"cli = ["dep:clap", "dep:clap_complete", "dep:indicatif", "dep:hyper", "dep:hyper-util", "dep:tokio", "generate", "serde", "tower"]"#
        ),
        "{features:?}"
    );
    // The README's top: exactly two commands, the tool's asking for its feature.
    let readme = read("README.md");
    let block = readme.split("```sh\n").nth(1).and_then(|b| b.split("```").next());
    assert_eq!(
        block.map(|b| b.lines().collect::<Vec<_>>()),
        Some(vec![
            "cargo run --features cli -- check --spec specs/iot.json --operation CreatePackage examples/iot-create-package-invalid.json",
            "cargo test --all-features",
        ])
    );
}

#[test]
fn docs_rs_documents_every_feature_and_each_declared_license_has_its_text() {
    let manifest = read("Cargo.toml");
    assert_eq!(table(&manifest, "[package.metadata.docs.rs]"), ["all-features = true"]);
    let package = table(&manifest, "[package]");
    let field = |name: &str| {
        package
            .iter()
            .find_map(|l| {
                l.strip_prefix(name)?
                    .trim_start()
                    .strip_prefix('=')?
                    .trim()
                    .strip_prefix('"')?
                    .strip_suffix('"')
            })
            .unwrap_or_else(|| panic!("[package] has no {name}"))
    };
    assert!(field("repository").starts_with("https://"), "{}", field("repository"));
    assert_eq!(field("license"), "MIT OR Apache-2.0");
    let mit = read("LICENSE-MIT");
    assert!(mit.starts_with("Copyright (c) "), "{mit}");
    assert!(mit.contains("Permission is hereby granted, free of charge, to any"));
    assert!(mit.contains("THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF"));
    let apache = read("LICENSE-APACHE");
    assert!(apache.trim_start().starts_with("Apache License\n"), "{}", &apache[..80]);
    assert!(apache.contains("Version 2.0, January 2004"));
    for section in
        ["1. Definitions.", "4. Redistribution.", "9. Accepting Warranty or Additional Liability."]
    {
        assert!(apache.contains(section), "LICENSE-APACHE lacks {section}");
    }
    assert_eq!(apache.trim_end().lines().last(), Some("END OF TERMS AND CONDITIONS"));
}
