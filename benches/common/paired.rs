//! What the benches that compare conform with its peers share: paired rounds (how a ratio is
//! measured), criterion's estimates (how a mean is read back), and where the AWS models are.

use std::path::PathBuf;
use std::time::Instant;

/// Rounds per ratio: each times one pass of conform and one of the peer.
pub(crate) const ROUNDS: usize = 201;

/// conform's time over the peer's, as the median over paired rounds: each round times one pass of
/// each over the same payloads, back to back, the order alternating. Drift in the machine's speed
/// (other tenants, clock changes) between separate runs moves both sides of a pair alike, so the
/// ratio holds still where a ratio of two means taken minutes apart does not.
pub(crate) fn paired_ratio(mut conform: impl FnMut(), mut peer: impl FnMut()) -> f64 {
    conform();
    peer();
    let mut ratios: Vec<f64> = (0..ROUNDS)
        .map(|i| {
            if i % 2 == 0 {
                let a = time(&mut conform);
                a / time(&mut peer)
            } else {
                let b = time(&mut peer);
                time(&mut conform) / b
            }
        })
        .collect();
    ratios.sort_by(f64::total_cmp);
    ratios[ROUNDS / 2]
}

/// The time of one pass.
fn time(pass: &mut impl FnMut()) -> f64 {
    let t = Instant::now();
    pass();
    t.elapsed().as_secs_f64()
}

/// The mean time of one iteration, read from criterion's estimates.
pub(crate) fn mean_ns(group: &str, name: &str) -> Option<f64> {
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(
        || PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/target")),
        PathBuf::from,
    );
    let file = target.join("criterion").join(group).join(name).join("new/estimates.json");
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(file).ok()?).ok()?;
    v["mean"]["point_estimate"].as_f64()
}

/// `../shared` beside the crate (or `CONFORM_SHARED`), if it is there.
pub(crate) fn shared() -> Option<PathBuf> {
    std::env::var_os("CONFORM_SHARED")
        .map(PathBuf::from)
        .or_else(|| Some(PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared"))))
        .filter(|p| p.exists())
}
