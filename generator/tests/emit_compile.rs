//! The emitted code compiles against the real runtime with zero warnings:
//! the crate layout under all features, one workload alone and none, and the
//! single-file layout `include!`d at a crate root and inside a module.

mod emit_support;

use emit_support::{options, schema, INTUNE};
use graphgen::emit::{emit, Layout};
use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("generator/ has a parent").to_path_buf()
}

fn write(dir: &Path, files: &std::collections::BTreeMap<String, String>) {
    for (path, text) in files {
        let target = dir.join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, text).unwrap();
    }
}

fn cargo(dir: &Path, args: &[&str]) {
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

fn runtime_dependency() -> String {
    let runtime = workspace().join("runtime").canonicalize().expect("runtime/ exists next to generator/");
    format!("{{ path = {:?} }}", runtime.display().to_string())
}

#[test]
fn crate_layout_checks_under_every_feature_set() {
    let dir = tempfile::tempdir().unwrap();
    let (files, _) = emit(&schema(), &options(Layout::Crate, true, &runtime_dependency()));
    write(dir.path(), &files.files);
    cargo(dir.path(), &["check"]);
    cargo(dir.path(), &["check", "--no-default-features", "--features", INTUNE]);
    cargo(dir.path(), &["check", "--no-default-features"]);
}

#[test]
fn single_file_compiles_when_included_at_the_root_and_in_a_module() {
    let dir = tempfile::tempdir().unwrap();
    let (files, _) = emit(&schema(), &options(Layout::SingleFile, false, ""));
    let text = files.files.values().next().expect("one file");
    let cargo_toml = format!(
        "[package]\nname = \"include-check\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\ngraphgen-runtime = {}\n",
        runtime_dependency()
    );
    let lib = "include!(\"graph.rs\");\n/// The same SDK one level down.\npub mod nested {\n    include!(\"graph.rs\");\n}\n";
    let files = std::collections::BTreeMap::from([
        ("Cargo.toml".to_owned(), cargo_toml),
        ("src/lib.rs".to_owned(), lib.to_owned()),
        ("src/graph.rs".to_owned(), text.clone()),
    ]);
    write(dir.path(), &files);
    cargo(dir.path(), &["check"]);
}
