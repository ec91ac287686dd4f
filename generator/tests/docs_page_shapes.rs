//! The page shapes of `docs/`'s desk booking pages (issue 12, item 3), one
//! test per shape: what the schema reads, what the generated code holds,
//! and the diagnostic that says what was repaired. The pages are ours,
//! written in the Graph conventions (see `docs/README.md`).

use graphgen::diagnostics::{DiagnosticKind, Diagnostics};
use graphgen::emit::{EmitOptions, GeneratedFiles, Layout};
use graphgen::pipeline::{self, Loaded};
use graphgen::schema::*;
use std::path::Path;
use std::sync::OnceLock;

fn loaded() -> &'static (Loaded, GeneratedFiles) {
    static LOADED: OnceLock<(Loaded, GeneratedFiles)> = OnceLock::new();
    LOADED.get_or_init(|| {
        let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs");
        let options = EmitOptions {
            crate_name: "docs-shapes".into(),
            runtime_dependency: "{ path = \"../runtime\" }".into(),
            layout: Layout::Crate,
            features: true,
            feature_map: None,
        };
        let generated = pipeline::generate(pipeline::load(&docs).expect("docs/ loads"), &options);
        let reloaded = pipeline::load(&docs).expect("docs/ loads");
        (reloaded, generated.files)
    })
}

fn schema() -> &'static Schema {
    &loaded().0.schema
}

fn diags() -> &'static Diagnostics {
    &loaded().0.diagnostics
}

fn file(path: &str) -> &'static str {
    let files = &loaded().1.files;
    files.get(path).unwrap_or_else(|| panic!("no {path}; files: {:?}", files.keys().collect::<Vec<_>>()))
}

/// The one diagnostic at `file:line`, of `kind`, whose message says `says`.
fn reported(kind: DiagnosticKind, file: &str, line: u32, says: &str) {
    let found = diags().items.iter().any(|d| d.kind == kind && d.file == file && d.line == line && d.message.contains(says));
    assert!(found, "no {kind:?} at {file}:{line} saying `{says}`; diagnostics:\n{}", diags().items.iter().map(|d| format!("{d}\n")).collect::<String>());
}

fn op(id: &str) -> &'static Operation {
    schema().operations.iter().find(|o| o.id == id).unwrap_or_else(|| panic!("no operation {id}"))
}

fn raw_paths(id: &str) -> Vec<&'static str> {
    op(id).paths.iter().map(|p| p.raw.as_str()).collect()
}

/// Containment up to whitespace and trailing commas (prettyplease decides
/// line breaks).
fn squashed(text: &str) -> String {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    compact.replace(",)", ")").replace(",>", ">").replace(",}", "}")
}

fn assert_has(text: &str, needle: &str) {
    assert!(squashed(text).contains(&squashed(needle)), "expected `{needle}` in:\n{text}");
}

const DESKS: &str = "src/requests/workplace/buildings.rs";

#[test]
fn abstract_stated_in_prose_only() {
    let t = &schema().types["microsoft.graph.bookableResource"];
    assert!(t.is_abstract);
    assert!(!schema().types["microsoft.graph.desk"].is_abstract, "a derived type is not abstract");
    reported(DiagnosticKind::IncompleteAnnotation, "resources/bookableresource.md", 16, "`bookableResource` is abstract");
    assert_has(file("src/models/bookable_resource.rs"), "/// OData type: `microsoft.graph.bookableResource` (abstract)");
}

#[test]
fn open_type_stated_in_prose_and_named_by_title_words() {
    // `# Desk amenities` on `deskamenities.md`, no annotation: `deskAmenities`, not `Desk`.
    let t = &schema().types["microsoft.graph.deskAmenities"];
    assert!(t.open_type);
    assert!(!schema().types.contains_key("microsoft.graph.Desk"));
    reported(DiagnosticKind::IncompleteAnnotation, "resources/deskamenities.md", 16, "`deskAmenities` is an open type");
    assert_has(file("src/models/desk_amenities.rs"), "pub struct DeskAmenities {");
    assert_has(file("src/models/desk.rs"), "pub amenities: graphgen_runtime::Nullable<super::DeskAmenities>,");
}

#[test]
fn base_types_derived_from_and_linked_without_md() {
    let types = &schema().types;
    assert_eq!(types["microsoft.graph.desk"].base_type.as_deref(), Some("microsoft.graph.bookableResource"));
    // `Inherits from [entity](entity)`: the link has no `.md`.
    assert_eq!(types["microsoft.graph.deskReservation"].base_type.as_deref(), Some("microsoft.graph.entity"));
    // An `@type` annotation (older pages) names the type.
    assert_eq!(types["microsoft.graph.deskReservation"].kind, TypeKind::Entity);
    assert!(types["microsoft.graph.bookableResource"].derived_types.contains(&"microsoft.graph.desk".to_string()));
    let desk = file("src/models/desk.rs");
    assert_has(desk, "/// Base type: `microsoft.graph.bookableResource` (its properties are included).");
    // The base's properties are the derived type's too.
    assert_has(desk, "pub floor: graphgen_runtime::Nullable<i32>,");
}

#[test]
fn values_table_under_properties_is_an_enum() {
    let kind = &schema().types["microsoft.graph.deskKind"];
    assert_eq!(kind.kind, TypeKind::Enum);
    let members: Vec<&str> = kind.members.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(members, ["sitting", "standing", "hotDesk", "unknownFutureValue"]);
    let desk = &schema().types["microsoft.graph.desk"];
    let prop = desk.properties.iter().find(|p| p.name == "kind").unwrap();
    assert_eq!(prop.ty.target, TypeTarget::Named("microsoft.graph.deskKind".into()));
    assert!(!diags().items.iter().any(|d| d.kind == DiagnosticKind::UnknownType), "`deskKind` names a type now");
    let code = file("src/models/desk_kind.rs");
    assert_has(code, "pub enum DeskKind {");
    assert_has(code, "Self::HotDesk => \"hotDesk\",");
}

#[test]
fn tabs_in_the_delimiter_row_and_collection_of_string() {
    let desk = &schema().types["microsoft.graph.desk"];
    let names: Vec<&str> = desk.properties.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["amenities", "kind", "tags", "reservations"], "the table is read, not its JSON");
    let tags = desk.properties.iter().find(|p| p.name == "tags").unwrap();
    assert_eq!(tags.ty, TypeRef { target: TypeTarget::Primitive(Primitive::String), collection: true });
    assert_eq!(tags.source.line, 41, "typed from its table row");
    reported(DiagnosticKind::MalformedTable, "resources/desk.md", 34, "tab characters");
    assert_has(file("src/models/desk.rs"), "pub tags: graphgen_runtime::Nullable<Vec<String>>,");
}

#[test]
fn overview_page_labelled_as_a_type_page_is_no_type() {
    assert!(!schema().types.values().any(|t| t.source.file == "resources/desk-booking-overview.md"));
    assert!(!schema().types.contains_key("microsoft.graph.Use"));
    reported(DiagnosticKind::FrontMatter, "resources/desk-booking-overview.md", 7, "read as an overview");
    assert!(loaded().0.conceptual.contains("resources/desk-booking-overview.md"));
}

#[test]
fn relative_path_is_read_under_the_documented_path() {
    assert_eq!(raw_paths("desk-update"), ["/workplace/buildings/{buildingId}/desks/{deskId}"]);
    reported(DiagnosticKind::InvalidPath, "api/desk-update.md", 30, "is relative");
    // No made-up root builder: the client starts at `workplace` only.
    let root = file("src/requests/mod.rs");
    assert_has(root, "pub fn workplace(&self)");
    assert!(!squashed(root).contains("pubfndesks("), "a root builder for `desks`:\n{root}");
    assert_has(file(DESKS), "pub fn update(&self, body: &super::super::super::models::Desk)");
}

#[test]
fn concrete_ids_become_keys() {
    assert_eq!(raw_paths("desk-delete"), ["/workplace/buildings/{buildingId}/desks/{deskId}"]);
    reported(DiagnosticKind::InvalidPath, "api/desk-delete.md", 30, "(a GUID) as `{deskId}`");
    reported(DiagnosticKind::InvalidPath, "api/desk-delete.md", 31, "(a domain name) as `{buildingId}`");
    let code = squashed(file(DESKS));
    assert!(!code.contains("4f1c2a9e") && !code.contains("contoso"), "a builder named after an id:\n{}", file(DESKS));
    assert_has(file(DESKS), "pub fn delete(&self) -> graphgen_runtime::RequestBuilder<graphgen_runtime::NoContent, graphgen_runtime::query::NoOptions>");
}

#[test]
fn case_only_differences_are_one_builder() {
    assert_eq!(raw_paths("desk-get"), ["/workplace/buildings/{buildingId}/desks/{deskId}"]);
    reported(DiagnosticKind::InvalidPath, "api/desk-get.md", 30, "read `Desks` as `desks`");
    let code = file(DESKS);
    assert_eq!(squashed(code).matches("pubfndesks(").count(), 1, "one `desks()` builder:\n{code}");
    assert!(!code.contains("\"Desks\""), "{code}");
    // get, update, delete, reserve and release hang off the one item builder.
    assert_eq!(code.matches("pub struct WorkplaceBuildingsItemDesksItemRequestBuilder").count(), 1);
    for method in ["pub fn get(", "pub fn update(", "pub fn delete(", "pub fn reserve(", "pub fn release("] {
        assert_has(code, method);
    }
}

#[test]
fn elided_segments_are_dropped() {
    assert_eq!(raw_paths("desk-list"), ["/workplace/buildings/{buildingId}/desks"]);
    reported(DiagnosticKind::InvalidPath, "api/desk-list.md", 30, "`...` stands for a part of the path left out");
    assert!(!file(DESKS).contains("segment(\"...\")") && !file(DESKS).contains("wings"));
}

#[test]
fn body_table_wins_over_a_sentence_naming_another_type_and_twice_listed_rows_are_one_field() {
    let reserve = op("desk-reserve");
    assert_eq!(reserve.kind, OperationKind::Action, "a POST of parameters to a name is an action");
    let Some(RequestBody::Parameters { params }) = &reserve.body else { panic!("{:?}", reserve.body) };
    let names: Vec<&str> = params.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["reservation", "notifyStaffMember"]);
    assert_eq!(params[0].ty.target, TypeTarget::Named("microsoft.graph.deskReservation".into()));
    reported(DiagnosticKind::TypeMismatch, "api/desk-reserve.md", 48, "the body is the table's parameters");
    reported(DiagnosticKind::Duplicate, "api/desk-reserve.md", 50, "`notifyStaffMember` is listed twice");
    let code = file(DESKS);
    assert_eq!(code.matches("\"notifyStaffMember\" =>").count(), 1, "one field per JSON name:\n{code}");
    assert_has(code, "pub reservation: graphgen_runtime::Nullable<super::super::super::models::DeskReservation>,");
    // The update page's table lists the desk's own properties: its body stays a desk.
    assert!(matches!(&op("desk-update").body, Some(RequestBody::Resource { .. })));
}

#[test]
fn request_body_heading_under_http_request_with_a_name_value_table() {
    let release = op("desk-release");
    let Some(RequestBody::Parameters { params }) = &release.body else { panic!("{:?}", release.body) };
    let read: Vec<(&str, &TypeRef, bool)> = params.iter().map(|p| (p.name.as_str(), &p.ty, p.required)).collect();
    let string = TypeRef { target: TypeTarget::Primitive(Primitive::String), collection: false };
    assert_eq!(read, [("reservationId", &string, true), ("comment", &string, false)]);
    reported(DiagnosticKind::MalformedTable, "api/desk-release.md", 36, "holds types");
    assert_has(file(DESKS), "pub reservation_id: graphgen_runtime::Nullable<String>,");
}

#[test]
fn none_response_annotation_means_no_content() {
    let release = op("desk-release");
    assert_eq!(release.response.status, 200);
    assert_eq!(release.response.ty, None);
    assert!(!diags().items.iter().any(|d| d.file == "api/desk-release.md" && d.kind == DiagnosticKind::UnknownType));
    assert_has(file(DESKS), "body: &DesksReleaseRequestBody, ) -> graphgen_runtime::RequestBuilder<graphgen_runtime::NoContent, graphgen_runtime::query::NoOptions>");
}

#[test]
fn upper_case_version_in_an_example_url() {
    let update = op("desk-update");
    let example = update.examples.iter().find(|e| e.direction == ExampleDirection::Request).unwrap();
    assert!(example.url.as_deref().unwrap().contains("/V1.0/"));
    let template = &update.paths[0];
    let (path, _) = graphgen::conformance::split_url(example.url.as_deref().unwrap());
    assert_eq!(path, "/workplace/buildings/b7/desks/d12");
    assert!(graphgen::conformance::matches_template(template, &path));
}

#[test]
fn binding_colon_name_titles_a_bound_call_whatever_its_response_or_status() {
    let delta = op("desk-delta");
    assert_eq!((delta.kind, delta.name.as_str()), (OperationKind::Function, "delta"), "a collection response does not make `desk: delta` a list");
    assert!(delta.response.ty.as_ref().is_some_and(|t| t.collection));
    let duplicate = op("desk-duplicate");
    assert_eq!((duplicate.kind, duplicate.name.as_str()), (OperationKind::Action, "duplicate"), "`201 Created` does not make `desk: duplicate` a create");
    assert_eq!(duplicate.response.status, 201);
    let code = file(DESKS);
    assert_has(code, "pub fn delta(&self,) -> graphgen_runtime::RequestBuilder<graphgen_runtime::Collection<super::super::super::models::Desk>, graphgen_runtime::query::Any,>");
    assert_has(code, "self.path.segment(\"delta\")");
    assert_has(code, "pub fn duplicate(&self, body: &DesksDuplicateRequestBody,) -> graphgen_runtime::RequestBuilder<graphgen_runtime::Json<super::super::super::models::Desk>, graphgen_runtime::query::NoOptions,>");
    // The title is the docs' own convention: nothing to report.
    assert!(!diags().items.iter().any(|d| d.file == "api/desk-delta.md"), "{:?}", diags().items.iter().filter(|d| d.file == "api/desk-delta.md").collect::<Vec<_>>());
}

#[test]
fn a_page_that_calls_itself_a_function_in_words_is_one() {
    let nearby = op("desk-nearby");
    assert_eq!((nearby.kind, nearby.name.as_str()), (OperationKind::Function, "nearby"), "\"this function returns\" outweighs the title `List desks near a desk`");
    assert_has(file(DESKS), "pub fn nearby(&self,) -> graphgen_runtime::RequestBuilder<graphgen_runtime::Collection<super::super::super::models::Desk>, graphgen_runtime::query::Any,>");
    assert!(!diags().items.iter().any(|d| d.file == "api/desk-nearby.md"));
    // A list page that says "this method returns" stays a list.
    assert_eq!(op("desk-list").kind, OperationKind::List);
}

#[test]
fn body_sentence_naming_a_type_no_page_describes_yields_to_the_table() {
    let duplicate = op("desk-duplicate");
    let Some(RequestBody::Parameters { params }) = &duplicate.body else { panic!("{:?}", duplicate.body) };
    let read: Vec<(&str, &TypeRef, bool)> = params.iter().map(|p| (p.name.as_str(), &p.ty, p.required)).collect();
    let int = TypeRef { target: TypeTarget::Primitive(Primitive::Int32), collection: false };
    let string = TypeRef { target: TypeTarget::Primitive(Primitive::String), collection: false };
    assert_eq!(read, [("floor", &int, true), ("displayName", &string, false)]);
    reported(DiagnosticKind::TypeMismatch, "api/desk-duplicate.md", 44, "`deskDuplicateRequest`, which no page describes; the body is the table's parameters");
    assert!(!diags().items.iter().any(|d| d.file == "api/desk-duplicate.md" && d.kind == DiagnosticKind::UnknownType), "the sentence's type is no longer looked up");
    let code = file(DESKS);
    assert_has(code, "pub struct DesksDuplicateRequestBody {");
    assert_has(code, "pub floor: graphgen_runtime::Nullable<i32>,");
    assert_has(code, "pub display_name: graphgen_runtime::Nullable<String>,");
}

#[test]
fn a_post_to_the_plural_of_what_it_answers_creates_an_item() {
    let create = op("building-post-deskreservations");
    assert_eq!(create.kind, OperationKind::Create, "`POST .../deskReservations` answering a deskReservation adds to that collection, though no page lists it and the status is 200");
    assert_eq!(create.response.ty, Some(TypeRef { target: TypeTarget::Named("microsoft.graph.deskReservation".into()), collection: false }));
    let code = file(DESKS);
    assert_has(code, "pub fn desk_reservations(&self,) -> WorkplaceBuildingsItemDeskReservationsRequestBuilder");
    assert_has(code, "impl WorkplaceBuildingsItemDeskReservationsRequestBuilder {");
    assert_has(code, "pub fn create(");
    assert!(!diags().items.iter().any(|d| d.file == "api/building-post-deskreservations.md"));
}
