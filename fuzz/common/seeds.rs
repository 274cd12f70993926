//! The seed specs, compiled once per fuzzing process (shared by the targets that validate).

use std::sync::LazyLock;

use conform::{Spec, Validator};

static SPECS: [&str; 3] = [
    include_str!("../../specs/iot.json"),
    include_str!("../../specs/codeartifact.json"),
    include_str!("../../specs/panorama.json"),
];

/// One validator per seed spec.
pub static VALIDATORS: LazyLock<Vec<Validator>> = LazyLock::new(|| {
    SPECS
        .iter()
        .map(|s| Validator::new(&Spec::from_json_str(s).expect("seed spec")).expect("seed spec"))
        .collect()
});
