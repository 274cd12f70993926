//! What the integration tests share: where the AWS corpora are, and how to run the binary.

use std::path::{Path, PathBuf};

/// The crate's root directory.
pub(crate) const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The shared data directory (`$CONFORM_SHARED`, else `../shared`), or `None` after saying that
/// `what` is skipped. With `CONFORM_REQUIRE_SHARED` set (as `.ci/run` sets it) a missing directory
/// fails the test instead.
pub(crate) fn shared(what: &str) -> Option<PathBuf> {
    let dir = std::env::var_os("CONFORM_SHARED")
        .map_or_else(|| Path::new(ROOT).join("../shared"), PathBuf::from);
    if dir.join("aws-models").is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("CONFORM_REQUIRE_SHARED").is_none(),
        "CONFORM_REQUIRE_SHARED is set but {} has no aws-models/",
        dir.display()
    );
    eprintln!("skipping {what}: {}/aws-models not found (set CONFORM_SHARED)", dir.display());
    None
}

/// The `*.json` files of a directory, sorted by name.
pub(crate) fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

/// Runs the `conform` binary from the crate root with `stdin` as its input.
#[cfg(feature = "cli")]
pub(crate) fn conform(args: &[&str], stdin: &[u8]) -> std::process::Output {
    use std::io::Write as _;
    use std::process::{Command, Stdio};

    let mut child = Command::new(env!("CARGO_BIN_EXE_conform"))
        .args(args)
        .current_dir(ROOT)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("conform runs");
    if let Some(mut input) = child.stdin.take() {
        // conform may exit before reading its input (a bad spec, say): a closed pipe is fine.
        let _ = input.write_all(stdin);
    }
    child.wait_with_output().expect("conform finishes")
}
