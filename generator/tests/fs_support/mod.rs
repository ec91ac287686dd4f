//! File-system and cargo helpers the integration tests share: copies of
//! `docs/` to edit, and `cargo` runs on emitted crates.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The workspace root (the parent of `generator/`).
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("generator/ has a parent").to_path_buf()
}

/// The repository's hand-written docs folder.
pub fn repo_docs() -> PathBuf {
    workspace().join("docs")
}

/// Copy a folder recursively (a private copy of `docs/` a test may edit).
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Run `cargo <args> --quiet` in `dir` with warnings as errors, in one target
/// folder every such test shares (the runtime's dependencies build once);
/// panics with cargo's output on failure.
pub fn cargo(dir: &Path, args: &[&str]) {
    let output = Command::new(env!("CARGO"))
        .args(args)
        .arg("--quiet")
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", workspace().join("target/emit-check"))
        .env("RUSTFLAGS", "-Dwarnings")
        .output()
        .expect("run cargo");
    assert!(
        output.status.success(),
        "cargo {args:?} failed in {}:\n{}",
        dir.display(),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The `graphgen-runtime` dependency of emitted crates: this workspace's runtime.
pub fn runtime_dependency() -> String {
    let runtime = workspace().join("runtime").canonicalize().expect("runtime/ exists next to generator/");
    format!("{{ path = {:?} }}", runtime.display().to_string())
}

/// Write generated files (relative path -> text) below `dir`.
pub fn write_files<T: AsRef<str>>(dir: &Path, files: &std::collections::BTreeMap<String, T>) {
    for (path, text) in files {
        let target = dir.join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, text.as_ref()).unwrap();
    }
}
