//! Selective generation on `docs/`: only the chosen operations, and exactly
//! the types they need.

use graphgen::pipeline;
use graphgen::select::{select, Selection};
use std::path::Path;

fn docs_schema() -> graphgen::schema::Schema {
    pipeline::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs")).unwrap().schema
}

#[test]
fn one_operation_pulls_in_its_type_closure_only() {
    let schema = docs_schema();
    let sel = Selection {
        operations: vec!["POST /deviceManagement/importedWindowsAutopilotDeviceIdentities/import".into()],
        ..Selection::default()
    };
    let picked = select(&schema, &sel);
    let ops: Vec<&str> = picked.operations.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(ops, ["intune-enrollment-importedwindowsautopilotdeviceidentity-import"]);
    let types: Vec<&str> = picked.types.keys().map(String::as_str).collect();
    for needed in [
        "microsoft.graph.importedWindowsAutopilotDeviceIdentity",
        "microsoft.graph.importedWindowsAutopilotDeviceIdentityState",
        "microsoft.graph.importedWindowsAutopilotDeviceIdentityImportStatus",
    ] {
        assert!(types.contains(&needed), "{needed} missing from {types:?}");
    }
    assert!(!types.iter().any(|t| t.contains("staffMember")), "unrelated types stay out: {types:?}");
    assert!(picked.types.len() < schema.types.len());
}

#[test]
fn a_workload_selects_its_operations_and_an_empty_selection_everything() {
    let schema = docs_schema();
    let picked = select(&schema, &Selection { workloads: vec!["intune-enrollment".into()], ..Selection::default() });
    assert!(!picked.operations.is_empty());
    assert!(picked.operations.iter().all(|o| o.workloads.iter().any(|w| w == "intune-enrollment")));
    assert_eq!(select(&schema, &Selection::default()), schema);
}
