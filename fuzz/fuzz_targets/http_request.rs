//! Arbitrary bytes → raw HTTP/1.1 request parsing, routing and checking against the seed specs,
//! and the same body as a response.
#![no_main]

use conform::http::{ErrorStyle, parse_request};
use libfuzzer_sys::fuzz_target;

#[path = "../common/seeds.rs"]
mod seeds;

use seeds::VALIDATORS;

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
