//! The selection in `build.rs` held: the file it generated holds exactly the
//! selected operations and their type closure, nothing else from `docs/`.
//!
//! The check reads the generated source itself (not the compiled API), so a
//! type left out is seen to be absent rather than merely unused. Every
//! generated item cites the docs page it came from (`Source: `page:line``),
//! which ties each item back to a type or operation of the docs.

use build_rs_app::selection::OPERATIONS;
use graphgen::select::{select, Selection};
use std::path::Path;

/// What `build.rs` wrote into OUT_DIR for this very build.
const GENERATED: &str = include_str!(concat!(env!("OUT_DIR"), "/graphgen.rs"));

fn docs() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs")
}

fn cites(page: &str) -> bool {
    GENERATED.contains(&format!("Source: `{page}:"))
}

#[test]
fn only_the_selected_operations_and_their_types_are_generated() {
    let full = graphgen::pipeline::load(&docs()).unwrap().schema;
    let selection = Selection { operations: OPERATIONS.iter().map(|s| s.to_string()).collect(), ..Selection::default() };
    let picked = select(&full, &selection);
    assert_eq!(picked.operations.len(), OPERATIONS.len(), "each entry selects one operation");

    let mut left_out = 0;
    for op in &full.operations {
        let selected = picked.operations.iter().any(|p| p.id == op.id);
        assert_eq!(cites(&op.source.file), selected, "operation {} (selected: {selected})", op.id);
        left_out += usize::from(!selected);
    }
    for (name, ty) in &full.types {
        let kept = picked.types.contains_key(name);
        assert_eq!(cites(&ty.source.file), kept, "type {name} (in the closure: {kept})");
        left_out += usize::from(!kept);
    }
    assert!(left_out > 0, "docs/ has more than this selection, or the check proves nothing");
}

#[test]
fn the_build_output_is_what_the_builder_makes_for_this_selection() {
    // Same docs, same selection, a fresh folder: byte for byte the same file,
    // so the build is deterministic and used exactly `selection.rs`.
    let tmp = tempfile::tempdir().unwrap();
    let again = graphgen::Builder::new(docs())
        .out_dir(tmp.path())
        .cargo_directives(false)
        .operations(OPERATIONS.iter().copied())
        .generate()
        .unwrap();
    assert!(again.written);
    assert_eq!(std::fs::read_to_string(&again.file).unwrap(), GENERATED);
}
