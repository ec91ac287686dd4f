//! The schema builder on the real docs corpus (read at runtime, never copied):
//! the seed operation must come out exactly right, and coverage floors hold.
//! Skips with a message when the corpus is absent.

use graphgen::diagnostics::DiagnosticKind;
use graphgen::schema::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

fn corpus_root() -> Option<PathBuf> {
    graphgen::corpus::reference_docs(&PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/..")))
}

/// Page used as the seed (test data, not a rule of the builder).
const SEED_PAGE: &str = "api/intune-enrollment-importedwindowsautopilotdeviceidentity-import.md";

#[test]
fn corpus_seed_and_coverage() {
    let Some(root) = corpus_root() else { return };
    let corpus = graphgen::corpus::read_docs(&root).expect("corpus lists");
    let started = std::time::Instant::now();
    let (schema, diags) = build(&corpus.pages);
    let build_time = started.elapsed();

    // Determinism: a second build (pages in reverse order) is identical.
    let mut reversed = corpus.pages.clone();
    reversed.reverse();
    let (again, diags_again) = build(&reversed);
    assert!(again == schema, "schema differs between runs");
    assert_eq!(diags_again, diags);

    // --- the seed operation ---
    let seed = schema.operations.iter().find(|o| o.source.file == SEED_PAGE).expect("seed operation");
    assert_eq!(seed.method, HttpMethod::Post);
    assert_eq!(seed.kind, OperationKind::Action);
    assert_eq!(seed.name, "import");
    assert_eq!(seed.paths.len(), 1);
    assert_eq!(seed.paths[0].raw, "/deviceManagement/importedWindowsAutopilotDeviceIdentities/import");
    assert_eq!(seed.workloads, ["intune-enrollment"]);
    let Some(RequestBody::Parameters { params }) = &seed.body else { panic!("seed body: {:?}", seed.body) };
    assert_eq!(params.len(), 1);
    assert_eq!(params[0].name, "importedWindowsAutopilotDeviceIdentities");
    let entity_name = "microsoft.graph.importedWindowsAutopilotDeviceIdentity";
    assert_eq!(params[0].ty, TypeRef { target: TypeTarget::Named(entity_name.into()), collection: true });
    assert_eq!(seed.response.status, 200);
    assert_eq!(seed.response.ty, Some(TypeRef { target: TypeTarget::Named(entity_name.into()), collection: true }));
    let kinds: Vec<PermissionKind> = seed.permissions.iter().filter(|p| p.scopes().next().is_some()).map(|p| p.kind).collect();
    assert_eq!(kinds, vec![PermissionKind::DelegatedWork, PermissionKind::Application]);
    for p in seed.permissions.iter().filter(|p| p.scopes().next().is_some()) {
        assert_eq!(p.least, vec!["DeviceManagementServiceConfig.ReadWrite.All"]);
        assert!(p.higher.is_empty());
    }
    let req = seed.examples.iter().find(|e| e.direction == ExampleDirection::Request).expect("request example");
    assert_eq!(req.method, Some(HttpMethod::Post));
    assert!(req.body.as_ref().is_some_and(|b| b.get("importedWindowsAutopilotDeviceIdentities").is_some()));
    let resp = seed.examples.iter().find(|e| e.direction == ExampleDirection::Response).expect("response example");
    assert_eq!(resp.status, Some(200));
    assert!(resp.body.as_ref().is_some_and(|b| b.get("value").is_some_and(|v| v.is_array())));

    // --- the seed's types ---
    let entity = &schema.types[entity_name];
    assert_eq!(entity.kind, TypeKind::Entity);
    assert_eq!(entity.key_property.as_deref(), Some("id"));
    assert_eq!(entity.properties.len(), 8, "{:?}", entity.properties.iter().map(|p| &p.name).collect::<Vec<_>>());
    let prop = |t: &TypeDef, n: &str| t.properties.iter().find(|p| p.name == n).unwrap_or_else(|| panic!("{n}")).ty.clone();
    assert_eq!(prop(entity, "hardwareIdentifier").target, TypeTarget::Primitive(Primitive::Binary));
    let TypeTarget::Named(state_name) = prop(entity, "state").target else { panic!("state is not named") };
    let state = &schema.types[&state_name];
    assert_eq!(state.kind, TypeKind::Complex);
    let TypeTarget::Named(status_name) = prop(state, "deviceImportStatus").target else { panic!("status is not named") };
    let status = &schema.types[&status_name];
    assert_eq!(status.kind, TypeKind::Enum);
    assert_eq!(status.members.len(), 5);

    // --- invariants the emitter relies on ---
    let mut dangling = 0;
    let mut check = |t: &TypeRef| {
        if let TypeTarget::Named(q) = &t.target {
            if !schema.types.contains_key(q) {
                dangling += 1;
            }
        }
    };
    for t in schema.types.values() {
        t.properties.iter().for_each(|p| check(&p.ty));
    }
    for o in &schema.operations {
        assert!(!o.paths.is_empty());
        if let Some(RequestBody::Parameters { params }) = &o.body {
            params.iter().for_each(|p| check(&p.ty));
        }
        if let Some(RequestBody::Resource { ty }) = &o.body {
            check(ty);
        }
        if let Some(ty) = &o.response.ty {
            check(ty);
        }
    }
    assert_eq!(dangling, 0, "references to types not in the schema");
    for (q, t) in &schema.types {
        let mut seen = BTreeSet::new();
        let mut cur = t.base_type.clone();
        while let Some(b) = cur {
            assert!(seen.insert(b.clone()), "cycle at {q}");
            assert!(schema.types.get(&b).is_some_and(|bt| bt.kind != TypeKind::Enum), "bad base of {q}");
            cur = schema.types[&b].base_type.clone();
        }
    }

    // --- coverage ---
    let doc_type = |p: &graphgen::markdown::Page| p.doc_type().unwrap_or("").to_ascii_lowercase();
    let type_pages: Vec<&str> =
        corpus.pages.iter().filter(|p| p.path.starts_with("resources/") && doc_type(p).starts_with("resourcepage")).map(|p| p.path.as_str()).collect();
    let op_pages: Vec<&str> = corpus.pages.iter().filter(|p| doc_type(p).starts_with("apipage")).map(|p| p.path.as_str()).collect();
    // A page merged into a type or operation another page owns became it too.
    let typed_files: BTreeSet<&str> =
        schema.types.values().flat_map(|t| std::iter::once(&t.source).chain(&t.merged_from)).map(|s| s.file.as_str()).collect();
    let op_files: BTreeSet<&str> =
        schema.operations.iter().flat_map(|o| std::iter::once(&o.source).chain(&o.merged_from)).map(|s| s.file.as_str()).collect();
    let types_covered = type_pages.iter().filter(|p| typed_files.contains(*p)).count();
    // Duplicates are pages whose type another page already defined: still read.
    let duplicate_files: BTreeSet<&str> = diags.of_kind(DiagnosticKind::Duplicate).map(|d| d.file.as_str()).collect();
    let types_read = type_pages.iter().filter(|p| typed_files.contains(*p) || duplicate_files.contains(*p)).count();
    let ops_covered = op_pages.iter().filter(|p| op_files.contains(*p)).count();
    let type_ratio = types_read as f64 / type_pages.len() as f64;
    let op_ratio = ops_covered as f64 / op_pages.len() as f64;
    let mut kinds: BTreeMap<TypeKind, usize> = BTreeMap::new();
    for t in schema.types.values() {
        *kinds.entry(t.kind).or_default() += 1;
    }
    let mut op_kinds: BTreeMap<OperationKind, usize> = BTreeMap::new();
    for o in &schema.operations {
        *op_kinds.entry(o.kind).or_default() += 1;
    }
    println!("build: {:?} for {} pages", build_time, corpus.pages.len());
    println!("types: {} ({kinds:?}); type pages {} -> {} with a type ({} counting duplicates): {:.2}%", schema.types.len(), type_pages.len(), types_covered, types_read, type_ratio * 100.0);
    println!("operations: {} ({op_kinds:?}); operation pages {} -> {}: {:.2}%", schema.operations.len(), op_pages.len(), ops_covered, op_ratio * 100.0);
    println!("schema diagnostics: {}\n{}", diags.len(), diags.summary_text());
    if let Ok(out) = std::env::var("GRAPHGEN_SCHEMA_DIAGS") {
        let all: Vec<String> = diags.items.iter().map(|d| d.to_string()).collect();
        std::fs::write(out, all.join("\n")).expect("diagnostics file written");
    }
    let mut by_kind: BTreeMap<DiagnosticKind, Vec<String>> = BTreeMap::new();
    for d in &diags.items {
        let v = by_kind.entry(d.kind).or_default();
        if v.len() < 4 {
            v.push(d.to_string());
        }
    }
    for (k, samples) in by_kind {
        println!("{}:", k.code());
        for s in samples {
            println!("    {s}");
        }
    }
    for p in type_pages.iter().filter(|p| !typed_files.contains(*p) && !duplicate_files.contains(*p)).take(10) {
        println!("type page without a type: {p}");
    }
    for p in op_pages.iter().filter(|p| !op_files.contains(*p)).take(10) {
        println!("operation page without an operation: {p}");
    }
    assert!(type_ratio >= 0.99, "type coverage {type_ratio}");
    assert!(op_ratio >= 0.97, "operation coverage {op_ratio}");
}
