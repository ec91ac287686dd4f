//! `generated/` is exactly what `graphgen generate` makes of `docs/`: edit
//! the docs, regenerate (`cargo run -p graphgen -- generate`), commit both.

use graphgen::emit::feature_map::{self, FeatureMap};
use graphgen::emit::{EmitOptions, Layout};
use graphgen::{output, pipeline};
use std::path::Path;
use std::sync::Arc;

/// What `graphgen generate` uses for `generated/`: including the features
/// map `generated/` holds from its last generation (as the command reads it).
pub fn docs_crate_options() -> EmitOptions {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let map = FeatureMap::read(&root.join("generated").join(feature_map::FILE)).expect("generated/'s features map reads");
    EmitOptions {
        crate_name: "graphgen-sdk".into(),
        runtime_dependency: "{ workspace = true, features = [\"reqwest\", \"tracing\"] }".into(),
        layout: Layout::Crate,
        features: true,
        feature_map: map.map(Arc::new),
    }
}

#[test]
fn generated_crate_matches_docs_byte_for_byte() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let loaded = pipeline::load(&root.join("docs")).expect("docs/ loads");
    let generated = pipeline::generate(loaded, &docs_crate_options());
    let staleness = output::check(&root.join("generated"), &generated.files.files).unwrap();
    assert!(
        staleness.is_fresh(),
        "generated/ is stale; run `cargo run -p graphgen -- generate` and commit:\n{}",
        staleness.lines().join("\n")
    );
}

#[test]
fn generation_is_deterministic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let a = pipeline::generate(pipeline::load(&root.join("docs")).unwrap(), &docs_crate_options());
    let b = pipeline::generate(pipeline::load(&root.join("docs")).unwrap(), &docs_crate_options());
    assert_eq!(a.files.files, b.files.files);
    assert_eq!(a.loaded.diagnostics, b.loaded.diagnostics);
}
