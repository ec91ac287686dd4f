//! Snapshots of the code generated from `docs/`, one snapshot per generated
//! file (one file per type, one per first and per second URL segment of the
//! request builders), so a docs change to one type or operation shows up as
//! one small snapshot diff. Review with `cargo insta review` (see the
//! README). A snapshot whose file is no longer generated fails the run, so
//! a removed type or path cannot leave a stale snapshot behind.

use graphgen::emit::feature_map::{self, FeatureMap};
use graphgen::emit::{EmitOptions, Layout};
use graphgen::pipeline;
use std::path::Path;
use std::sync::Arc;

#[test]
fn generated_code_for_docs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let loaded = pipeline::load(&root.join("docs")).expect("docs/ loads");
    let options = EmitOptions {
        crate_name: "graphgen-sdk".into(),
        runtime_dependency: "{ workspace = true, features = [\"reqwest\", \"tracing\"] }".into(),
        layout: Layout::Crate,
        features: true,
        // As `generate` reads it from `generated/` (see generated_is_fresh.rs).
        feature_map: FeatureMap::read(&root.join("generated").join(feature_map::FILE)).expect("generated/'s features map reads").map(Arc::new),
    };
    let generated = pipeline::generate(loaded, &options);
    assert!(generated.files.files.len() > 10, "docs/ should generate many files");
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| {
        for (path, text) in &generated.files.files {
            // `src/models/user.rs` -> `src__models__user.rs`
            let name = path.replace('/', "__");
            insta::assert_snapshot!(name, text);
        }
    });
    let expected: Vec<String> = generated.files.files.keys().map(|p| format!("{}.snap", p.replace('/', "__"))).collect();
    let stale: Vec<String> = std::fs::read_dir(root.join("tests/snapshots"))
        .expect("tests/snapshots exists")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|name| name.ends_with(".snap") && name != "snapshots__diagnostics.snap" && !expected.contains(name))
        .collect();
    assert!(stale.is_empty(), "snapshots of files no longer generated (delete them): {stale:?}");
}

#[test]
fn diagnostics_for_docs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let loaded = pipeline::load(&root.join("docs")).expect("docs/ loads");
    let listing: String = loaded.diagnostics.items.iter().map(|d| format!("{d}\n")).collect();
    insta::assert_snapshot!("diagnostics", listing);
}
