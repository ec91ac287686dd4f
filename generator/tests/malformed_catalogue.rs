//! A catalogue of hand-made malformed pages (tests/malformed), each with the
//! diagnostic it must produce, at the right line; and the rest of the
//! folder is still generated.

use graphgen::emit::{EmitOptions, Layout};
use graphgen::pipeline;
use std::path::Path;

#[test]
fn each_malformed_page_gives_its_diagnostic_and_the_rest_still_generates() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/malformed");
    let loaded = pipeline::load(&root).expect("loads despite the broken pages");
    let found: Vec<String> = loaded.diagnostics.items.iter().map(|d| format!("{}:{}: {}", d.file, d.line, d.kind.code())).collect();
    let expected = std::fs::read_to_string(root.join("expected.txt")).unwrap();
    for line in expected.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        assert!(found.iter().any(|f| f == line), "missing diagnostic `{line}`; found:\n{}", found.join("\n"));
    }

    let schema = &loaded.schema;
    let gadget = &schema.types["microsoft.graph.gadget"];
    let names: Vec<&str> = gadget.properties.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["id", "label", "owner", "weight"], "the broken rows are still read");
    let ops: Vec<&str> = schema.operations.iter().map(|o| o.id.as_str()).collect();
    for id in ["gadget-delete", "gadget-get", "gadget-list"] {
        assert!(ops.contains(&id), "{id} still becomes an operation: {ops:?}");
    }
    assert!(!ops.contains(&"gadget-no-request"));
    let get = schema.operations.iter().find(|o| o.id == "gadget-get").unwrap();
    assert!(get.examples.iter().any(|e| e.has_body && e.body.is_none()), "the unreadable body is kept as unreadable, not dropped");

    let options = EmitOptions { crate_name: "malformed".into(), runtime_dependency: "\"0.1\"".into(), layout: Layout::Crate, features: true, feature_map: None };
    let generated = pipeline::generate(loaded, &options);
    assert!(generated.files.files.keys().any(|k| k.ends_with("gadget.rs")));
}
