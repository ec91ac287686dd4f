//! The generated SDK's documentation as a Graph developer reads it: the
//! crate `generated/` (made from `docs/`, whose pages hold the shapes that
//! used to give warnings: `Bearer <token>`, bare URLs, `["a", "b"]`, links,
//! an include inside a table cell) documents without one rustdoc warning,
//! and its crate-level quick start compiles as a doctest.
//!
//! One `cargo doc` and one doctest of a small crate, in the target folder
//! the other emitted-crate tests share (its dependencies are built once).

mod fs_support;

use fs_support::workspace;
use std::process::Command;

fn cargo(args: &[&str], rustdocflags: &str) -> std::process::Output {
    Command::new(env!("CARGO"))
        .args(args)
        .current_dir(workspace())
        .env("CARGO_TARGET_DIR", workspace().join("target/emit-check"))
        .env("RUSTDOCFLAGS", rustdocflags)
        .output()
        .expect("run cargo")
}

#[test]
fn generated_docs_have_no_rustdoc_warning_and_the_quick_start_compiles() {
    let doc = cargo(&["doc", "-p", "graphgen-sdk", "--no-deps", "--quiet"], "-Dwarnings");
    let stderr = String::from_utf8_lossy(&doc.stderr);
    assert!(doc.status.success() && !stderr.contains("warning"), "rustdoc warnings:\n{stderr}");

    let test = cargo(&["test", "-p", "graphgen-sdk", "--doc"], "");
    let stdout = String::from_utf8_lossy(&test.stdout);
    assert!(test.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&test.stderr));
    // The quick start runs as a compile-only doctest; the operations'
    // examples are shown as `ignore` (the example tests compile them).
    assert!(stdout.contains("src/lib.rs - (line") && stdout.contains("compile ... ok"), "{stdout}");
    assert!(stdout.contains("1 passed"), "{stdout}");
    assert!(stdout.contains(" ignored;") && !stdout.contains(" 0 ignored;"), "the operations' examples are in the docs: {stdout}");
}
