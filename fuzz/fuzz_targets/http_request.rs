//! Arbitrary bytes → raw HTTP/1.1 request parsing, routing and checking against the seed specs,
//! and the same body as a response.
#![no_main]

use std::sync::LazyLock;

use conform::http::{ErrorStyle, parse_request};
use conform::{Spec, Validator};
use libfuzzer_sys::fuzz_target;

static SPECS: [&str; 3] = [
    include_str!("../../specs/iot.json"),
    include_str!("../../specs/codeartifact.json"),
    include_str!("../../specs/panorama.json"),
];

static VALIDATORS: LazyLock<Vec<Validator>> = LazyLock::new(|| {
    SPECS
        .iter()
        .map(|s| Validator::new(&Spec::from_json_str(s).expect("seed spec")).expect("seed spec"))
        .collect()
});

fuzz_target!(|data: &[u8]| {
    let Ok(req) = parse_request(data) else { return };
    for v in VALIDATORS.iter() {
        if let Ok(checked) = v.check_request(&req) {
            let _ = checked.error_response(ErrorStyle::Smithy);
            let _ = checked.error_response(ErrorStyle::Aws);
            assert_eq!(checked.is_valid(), checked.error_response(ErrorStyle::Smithy).is_none());
            let mut resp = http::Response::new(req.body().clone());
            *resp.headers_mut() = req.headers().clone();
            let out = checked.operation().check_response(&resp);
            let _ = out.error_response(ErrorStyle::Aws);
        }
    }
});
