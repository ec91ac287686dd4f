//! Several pages describing one type or one endpoint, on the hand-written
//! pages of `docs/` (see docs/README.md): the merged schema, the generated
//! code and the diagnostics.
//!
//! - `staffMember` is described by `resources/staffmember.md` (its own
//!   page) and by `resources/facilities-access-staffmember.md`, a workload's
//!   copy that sorts first and lists a slice of it plus facts of its own.
//! - `GET /staffMembers/{id}` is described by `api/staffmember-get.md`
//!   (`entra-users`) and `api/facilities-access-staffmember-get.md`
//!   (`facilities-access`, written `/StaffMembers/{staffMember-id}`).
//! - `api/staffcertification-get.md` writes a key alternation across
//!   segments (`{staffMember-id} | employee-number/certifications/...`) and a
//!   `|` after a name that offers no key.

mod fs_support;

use fs_support::{cargo, repo_docs, runtime_dependency, write_files};
use graphgen::diagnostics::DiagnosticKind;
use graphgen::emit::{EmitOptions, Layout};
use graphgen::pipeline::{self, Generated};
use graphgen::schema::*;

const OWN_PAGE: &str = "resources/staffmember.md";
const COPY_PAGE: &str = "resources/facilities-access-staffmember.md";
const GET_PAGE: &str = "api/staffmember-get.md";
const COPY_GET_PAGE: &str = "api/facilities-access-staffmember-get.md";
const ALTERNATION_PAGE: &str = "api/staffcertification-get.md";

fn generated(runtime_dependency: String) -> Generated {
    let loaded = pipeline::load(&repo_docs()).expect("docs/ loads");
    let options = EmitOptions { crate_name: "merged-pages-check".into(), runtime_dependency, layout: Layout::Crate, features: true, feature_map: None };
    pipeline::generate(loaded, &options)
}

fn file<'a>(g: &'a Generated, path: &str) -> &'a str {
    g.files.files.get(path).unwrap_or_else(|| panic!("no {path}"))
}

/// Containment up to whitespace and trailing commas (prettyplease decides
/// line breaks).
fn assert_has(text: &str, needle: &str) {
    let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>().replace(",)", ")");
    assert!(squash(text).contains(&squash(needle)), "expected `{needle}` in:\n{text}");
}

fn prop<'a>(t: &'a TypeDef, name: &str) -> &'a Property {
    t.properties.iter().find(|p| p.name == name).unwrap_or_else(|| panic!("`{}` has no property `{name}`", t.name))
}

#[test]
fn a_type_described_by_its_own_page_and_a_workload_copy_sorting_first_is_merged() {
    let g = generated(String::new());
    let staff = &g.loaded.schema.types["microsoft.graph.staffMember"];
    // The own page gives source, description, base and key, though the
    // copy comes first in path order.
    assert_eq!(staff.source.file, OWN_PAGE);
    assert_eq!(staff.merged_from.iter().map(|s| s.file.as_str()).collect::<Vec<_>>(), [COPY_PAGE]);
    assert!(staff.description.starts_with("A person on the staff"), "{}", staff.description);
    assert_eq!(staff.base_type.as_deref(), Some("microsoft.graph.directoryItem"));
    assert_eq!(staff.key_property.as_deref(), Some("id"));
    assert_eq!(staff.workloads, ["entra-users", "facilities-access"]);
    // The union: every property of both pages, each from where it is listed.
    assert_eq!(prop(staff, "jobTitle").source.file, OWN_PAGE);
    assert_eq!(prop(staff, "badgeNumber").source.file, COPY_PAGE);
    assert_eq!(prop(staff, "accessLevel").ty, TypeRef { target: TypeTarget::Primitive(Primitive::Int32), collection: false });
    let entries = prop(staff, "entryRecords");
    assert!(entries.navigation && entries.ty.collection);
    assert_eq!(entries.ty.target, TypeTarget::Named("microsoft.graph.accessLogs.entryRecord".into()));
    // Listed by both with different types: the own page's reading is kept.
    let number = prop(staff, "employeeNumber");
    assert_eq!((number.ty.target.clone(), number.source.file.as_str()), (TypeTarget::Primitive(Primitive::Int64), OWN_PAGE));
    assert_eq!(staff.properties.iter().filter(|p| p.name == "employeeNumber").count(), 1);

    let disagreements: Vec<_> = g.loaded.diagnostics.of_kind(DiagnosticKind::PagesDisagree).filter(|d| d.file == COPY_PAGE).collect();
    assert_eq!(disagreements.len(), 1, "{disagreements:?}");
    let d = disagreements[0];
    assert_eq!(d.line, 29, "at the copy's `employeeNumber` row");
    assert!(d.message.contains("employeeNumber") && d.message.contains("String") && d.message.contains("Int64"), "{}", d.message);
    assert!(d.message.contains(&format!("{OWN_PAGE}:{}", number.source.line)) && d.message.contains("own page"), "{}", d.message);
    // The copy's JSON representation is reconciled with the merged table.
    assert!(g.loaded.diagnostics.of_kind(DiagnosticKind::TypeMismatch).any(|d| d.file == COPY_PAGE && d.message.contains("the table is kept")));
    assert_eq!(g.loaded.diagnostics.of_kind(DiagnosticKind::Duplicate).filter(|d| d.file == OWN_PAGE || d.file == COPY_PAGE).count(), 0);

    let model = file(&g, "src/models/staff_member.rs");
    assert_has(model, "pub badge_number: graphgen_runtime::Nullable<String>,");
    assert_has(model, "pub access_level: graphgen_runtime::Nullable<i32>,");
    assert_has(model, "pub entry_records: graphgen_runtime::Nullable<Vec<super::access_logs::EntryRecord>>,");
    assert_has(model, "pub employee_number: graphgen_runtime::Nullable<i64>,");
    assert_has(model, "pub job_title: graphgen_runtime::Nullable<String>,");
    assert_has(model, "/// Source: `resources/staffmember.md:10`");
    assert_has(model, "/// Also described by: `resources/facilities-access-staffmember.md:10`");
    assert_has(model, r#"#[cfg(any(feature = "entra-users", feature = "facilities-access"))]"#);
}

#[test]
fn an_endpoint_on_pages_of_two_workloads_is_one_operation_either_feature_enables() {
    let g = generated(String::new());
    let ops = &g.loaded.schema.operations;
    assert!(!ops.iter().any(|o| o.source.file == COPY_GET_PAGE), "the copy's operation is merged, not kept beside");
    let get = ops.iter().find(|o| o.id == "staffmember-get").expect("staffmember-get");
    assert_eq!(get.source.file, GET_PAGE, "the general page is the primary");
    assert_eq!(get.merged_from.iter().map(|s| s.file.as_str()).collect::<Vec<_>>(), [COPY_GET_PAGE]);
    assert_eq!(get.workloads, ["entra-users", "facilities-access"]);
    // `/StaffMembers/{staffMember-id}` is `/staffMembers/{staffMemberId}`: one path, the primary's spelling.
    let raws: Vec<&str> = get.paths.iter().map(|p| p.raw.as_str()).collect();
    assert_eq!(raws, ["/staffMembers/{staffMemberId}", "/users/{id | userPrincipalName}/staffProfile", "/me/staffProfile"]);
    // Unions: scopes per kind, headers by name; examples of both pages.
    let delegated = get.permissions.iter().find(|p| p.kind == PermissionKind::DelegatedWork).unwrap();
    // Least privileged scopes of both pages first, then the higher ones.
    assert_eq!(delegated.least, ["StaffDirectory.Read.All", "FacilitiesAccess.Read.All"]);
    assert_eq!(delegated.higher, ["StaffDirectory.ReadWrite.All"]);
    assert!(get.headers.iter().any(|h| h.name == "Badge-Site"));
    assert!(get.examples.iter().any(|e| e.source.file == COPY_GET_PAGE));
    assert!(get.examples.iter().any(|e| e.source.file == GET_PAGE));
    // Both pages say the response is a staffMember: nothing to report but
    // the copy's spelling of the path, which the path repair reads as one.
    let on_copy: Vec<_> = g.loaded.diagnostics.items.iter().filter(|d| d.file == COPY_GET_PAGE).collect();
    assert!(on_copy.iter().all(|d| d.kind == DiagnosticKind::InvalidPath && d.message.contains("`StaffMembers` as `staffMembers`")), "{on_copy:?}");
    assert_eq!(g.loaded.diagnostics.of_kind(DiagnosticKind::Duplicate).filter(|d| d.file == GET_PAGE || d.file == COPY_GET_PAGE).count(), 0);

    let item = file(&g, "src/requests/staff_members/item.rs");
    assert_has(item, "/// Also described by: `api/facilities-access-staffmember-get.md:10`");
    assert_has(item, r#"#[cfg(any(feature = "entra-users", feature = "facilities-access"))] pub fn get(&self)"#);
    assert!(!file(&g, "src/requests/mod.rs").contains("\"StaffMembers\""), "no builder for the other spelling");
}

#[test]
fn a_key_alternation_across_segments_is_read_whole_and_an_unreadable_one_reported() {
    let g = generated(String::new());
    let op = g.loaded.schema.operations.iter().find(|o| o.source.file == ALTERNATION_PAGE).expect("an operation from the page");
    let raws: Vec<&str> = op.paths.iter().map(|p| p.raw.as_str()).collect();
    // Never cut to `/staffMembers/{staffMember-id}` (a GET of a member that
    // would return a certification) nor to `/staffMembers`.
    assert_eq!(raws, ["/staffMembers/{staffMember-id | employee-number}/certifications/{staffCertification-id}"]);
    assert_eq!(op.paths[0].segments[1], Segment::Key { params: vec!["staffMember-id".into(), "employee-number".into()], parens: false });
    assert_eq!(op.response.ty, Some(TypeRef { target: TypeTarget::Named("microsoft.graph.staffCertification".into()), collection: false }));
    // The list of staff members is still the list page's.
    let list = g.loaded.schema.operations.iter().find(|o| o.method == HttpMethod::Get && o.paths.iter().any(|p| p.raw == "/staffMembers")).unwrap();
    assert_eq!(list.source.file, "api/staffmember-list.md");

    let invalid: Vec<_> = g.loaded.diagnostics.of_kind(DiagnosticKind::InvalidPath).filter(|d| d.file == ALTERNATION_PAGE).collect();
    assert_eq!(invalid.len(), 1, "{invalid:?}");
    assert_eq!((invalid[0].file.as_str(), invalid[0].line), (ALTERNATION_PAGE, 31));
    assert!(invalid[0].message.contains("/staffMembers | me/staffProfile"), "{}", invalid[0].message);

    assert_has(file(&g, "src/requests/staff_members/mod.rs"), "pub fn by_employee_number(&self, employee_number: impl std::fmt::Display)");
    let item = file(&g, "src/requests/staff_members/item.rs");
    assert_has(item, "/// HTTP: `GET /staffMembers/{staffMember-id | employee-number}/certifications/{staffCertification-id}`");
    assert_has(item, "graphgen_runtime::Json<super::super::super::models::StaffCertification>");
}

/// A crate with only the facilities workload's feature calls the endpoint
/// both workloads' pages describe and reads the merged type's fields from
/// both pages.
const ONE_FEATURE_TEST: &str = r##"
use merged_pages_check::{models, runtime, GraphClient};

#[test]
fn the_facilities_feature_alone_has_the_shared_endpoint_and_the_whole_type() {
    let graph = GraphClient::new(runtime::Client::builder().base_url("https://graph.example/beta").build().unwrap());
    let request = graph.staff_members().by_id("m-1").get().to_request().unwrap();
    assert_eq!(request.method, runtime::Method::GET);
    assert_eq!(request.url, "https://graph.example/beta/staffMembers/m-1");
    let member: models::StaffMember = runtime::serde_json::from_str(
        r#"{"id": "m-1", "jobTitle": "Porter", "employeeNumber": 204117, "badgeNumber": "B-1", "accessLevel": 3}"#,
    )
    .unwrap();
    assert_eq!(member.job_title.as_deref(), Some("Porter"));
    assert_eq!(member.employee_number.value().copied(), Some(204117));
    assert_eq!((member.badge_number.as_deref(), member.access_level.value().copied()), (Some("B-1"), Some(3)));
}
"##;

#[test]
fn one_workloads_feature_compiles_calls_to_an_endpoint_two_workloads_describe() {
    let g = generated(runtime_dependency());
    let dir = tempfile::tempdir().unwrap();
    let mut files = g.files.files.clone();
    files.insert("tests/one_feature.rs".to_owned(), ONE_FEATURE_TEST.into());
    write_files(dir.path(), &files);
    cargo(dir.path(), &["test", "--no-default-features", "--features", "facilities-access"]);
}
