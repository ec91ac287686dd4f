//! Snapshots of the code generated from `docs/`, one snapshot per generated
//! file (one file per type, one per URL root), so a docs change to one type
//! or operation shows up as one small snapshot diff. Review with
//! `cargo insta review` (see the README).

use graphgen::emit::{EmitOptions, Layout};
use graphgen::pipeline;
use std::path::Path;

#[test]
fn generated_code_for_docs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let loaded = pipeline::load(&root.join("docs")).expect("docs/ loads");
    let options = EmitOptions {
        crate_name: "graphgen-sdk".into(),
        runtime_dependency: "{ workspace = true, features = [\"reqwest\"] }".into(),
        layout: Layout::Crate,
        features: true,
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
}

#[test]
fn diagnostics_for_docs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let loaded = pipeline::load(&root.join("docs")).expect("docs/ loads");
    let listing: String = loaded.diagnostics.items.iter().map(|d| format!("{d}\n")).collect();
    insta::assert_snapshot!("diagnostics", listing);
}
