//! What the generated documentation tells a Graph developer, end to end
//! from `docs/` pages through the schema to the emitted doc comments:
//! permissions in every layout the pages use (least privileged apart from
//! higher, one table per scenario, a row per resource), header
//! requirements as the page states them, instance annotations, includes
//! in table cells, links to the published reference, escaped text, and an
//! example per operation.

mod fs_support;

use fs_support::repo_docs;
use graphgen::diagnostics::DiagnosticKind;
use graphgen::emit::{emit, EmitOptions, Layout};
use graphgen::markdown::{parse_page, IncludeLoader, Page};
use graphgen::pipeline;
use graphgen::schema::{build, Operation, PermissionKind, Schema};

fn docs_schema() -> Schema {
    pipeline::load(&repo_docs()).expect("docs load").schema
}

fn op<'s>(schema: &'s Schema, id: &str) -> &'s Operation {
    schema.operations.iter().find(|o| o.id == id).unwrap_or_else(|| panic!("no operation {id}"))
}

fn generated() -> std::collections::BTreeMap<String, std::sync::Arc<str>> {
    let options = EmitOptions { crate_name: "sdk".into(), runtime_dependency: "\"0.1\"".into(), layout: Layout::Crate, features: true, feature_map: None };
    emit(&docs_schema(), &options).0.files
}

#[test]
fn permissions_of_every_layout_keep_least_and_higher_privileged_apart() {
    let s = docs_schema();
    // Least/higher columns (in an include).
    let list = op(&s, "staffmember-list");
    let work = list.permissions.iter().find(|p| p.kind == PermissionKind::DelegatedWork).unwrap();
    assert_eq!((work.least.as_slice(), work.higher.as_slice()), (&["StaffDirectory.Read.All".to_owned()][..], &["StaffDirectory.ReadWrite.All".to_owned()][..]));
    // One table per scenario: both kept, each row with its heading.
    let certs = op(&s, "staffmember-list-certifications");
    let scenarios: Vec<&str> = certs.permissions.iter().filter_map(|p| p.scenario.as_deref()).collect();
    assert_eq!(certs.permissions.len(), 6, "{:?}", certs.permissions);
    assert!(scenarios.iter().take(3).all(|s| *s == "Permissions for the signed-in member's own certifications"), "{scenarios:?}");
    assert!(scenarios.iter().skip(3).all(|s| *s == "Permissions for another member's certifications"), "{scenarios:?}");
    assert_eq!(certs.permissions[0].least, ["StaffProfile.Read"]);
    assert_eq!(certs.permissions[0].higher, ["StaffDirectory.Read.All", "StaffDirectory.ReadWrite.All"]);
    assert!(certs.permissions[2].not_supported);
    // A row per resource, a column per kind.
    let photo = op(&s, "badgephoto-get");
    assert_eq!(photo.permissions.len(), 6, "{:?}", photo.permissions);
    let any_app = photo.permissions.iter().find(|p| p.scenario.as_deref() == Some("Any staffMember") && p.kind == PermissionKind::Application).unwrap();
    assert_eq!(any_app.least, ["StaffDirectory.Read.All"]);
    assert!(photo.permissions.iter().all(|p| p.kind != PermissionKind::DelegatedPersonal || p.not_supported));
}

struct NoFiles;
impl IncludeLoader for NoFiles {
    fn load(&self, _: &str) -> Option<String> {
        None
    }
}

const UNREADABLE: &str = "---\ntitle: \"Get gizmo\"\ndoc_type: apiPageType\n---\n# Get gizmo\n\n## Permissions\n\nOne of these:\n\n+ For your own gizmos: Gizmo.Read\n+ For anyone's: Gizmo.Read.All\n\n## HTTP request\n\n```http\nGET /gizmos/{id}\n```\n\n## Request headers\n\n| Name | Description |\n|:--|:--|\n| Authorization | Bearer <token>. Required. |\n| ConsistencyLevel | eventual. Required when the request uses `$search`. |\n| Prefer | Optional. |\n";

#[test]
fn an_unreadable_permissions_section_is_a_diagnostic_and_headers_keep_their_condition() {
    let page: Page = parse_page("api/gizmo-get.md", UNREADABLE, &NoFiles).0;
    let (schema, diags) = build(&[page]);
    let get = &schema.operations[0];
    assert!(get.permissions.is_empty());
    assert!(
        diags.items.iter().any(|d| d.kind == DiagnosticKind::MissingSection && d.file == "api/gizmo-get.md" && d.line == 7 && d.message.contains("Permissions")),
        "{:?}",
        diags.items
    );
    let required: Vec<(&str, bool)> = get.headers.iter().map(|h| (h.name.as_str(), h.required)).collect();
    assert_eq!(required, [("Authorization", true), ("ConsistencyLevel", false), ("Prefer", false)]);
    let list = op(&docs_schema(), "staffmember-list").headers.clone();
    assert!(list.iter().any(|h| h.name == "ConsistencyLevel" && !h.required), "`Required for advanced queries` is a condition");
}

#[test]
fn instance_annotations_cell_includes_and_links_reach_the_schema() {
    let s = docs_schema();
    let staff = &s.types["microsoft.graph.staffMember"];
    let annotation = staff.properties.iter().find(|p| p.name == "@microsoft.graph.staffImportMode").expect("the instance attribute is read");
    assert!(annotation.is_instance_annotation());
    let title = staff.properties.iter().find(|p| p.name == "jobTitle").unwrap();
    assert!(title.description.contains("can be changed only there") && !title.description.contains("INCLUDE"), "{}", title.description);
    assert!(title.links.is_empty(), "the include's link is gone with it: {:?}", title.links);
    let upn = staff.properties.iter().find(|p| p.name == "userPrincipalName").unwrap();
    assert_eq!(upn.links.len(), 1);
    assert_eq!((upn.links[0].text.as_str(), upn.links[0].target.as_str()), ("Get staffMember", "../api/staffmember-get.md"));

    // A cell include whose file is missing leaves no trace in the text, and is reported.
    let page = "---\ndoc_type: resourcePageType\n---\n# gizmo resource type\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n| id | String | The id. [!INCLUDE [gone](../includes/gone.md)] Read-only. |\n";
    let (parsed, diags) = parse_page("resources/gizmo.md", page, &NoFiles);
    assert!(diags.iter().any(|d| d.kind == DiagnosticKind::MissingInclude && d.line == 10), "{diags:?}");
    let (schema, _) = build(&[parsed]);
    let id = &schema.types["microsoft.graph.gizmo"].properties[0];
    assert_eq!(id.description, "The id. Read-only.");
}

#[test]
fn doc_comments_link_the_reference_escape_text_and_show_permissions_headers_and_an_example() {
    let files = generated();
    let staff = &files["src/models/staff_member.rs"];
    assert!(staff.contains("/// Reference: <https://learn.microsoft.com/graph/api/resources/staffmember?view=graph-rest-beta>"), "{staff}");
    assert!(staff.contains("for example: \\[\"forklift\", \"first aid\"\\]"), "brackets are escaped");
    assert!(staff.contains("for example <https://staff.contoso.example/people/ada>"), "a bare URL is an autolink");
    assert!(staff.contains("as [Get staffMember](https://learn.microsoft.com/graph/api/staffmember-get?view=graph-rest-beta) takes it"), "{staff}");
    assert!(staff.contains("[emailContactChannel](https://learn.microsoft.com/graph/api/resources/emailcontactchannel?view=graph-rest-beta)"));
    assert!(staff.contains("/// Instance annotation `@microsoft.graph.staffImportMode`"), "{staff}");

    let certs = &files["src/requests/me/staff_profile.rs"];
    assert!(certs.contains("| Scenario | Permission type | Least privileged | Higher privileged |"), "{certs}");
    assert!(certs.contains("| Permissions for the signed-in member's own certifications | Delegated (work or school account) | `StaffProfile.Read` | `StaffDirectory.Read.All`, `StaffDirectory.ReadWrite.All` |"));
    assert!(certs.contains("`Authorization` (required): Bearer \\<token\\>. Required."), "angle brackets escaped");
    let list = &files["src/requests/staff_members/mod.rs"];
    assert!(list.contains("- `ConsistencyLevel`: eventual. Required for advanced queries"), "no `(required)`: {list}");
    assert!(list.contains("```rust,ignore\n    /// let response = graph\n    ///     .staff_members()\n    ///     .list()"), "{list}");
    assert!(list.contains("/// Reference: <https://learn.microsoft.com/graph/api/staffmember-list?view=graph-rest-beta>"));
    let lib = &files["src/lib.rs"];
    assert!(lib.contains("# Quick start") && lib.contains("```no_run") && lib.contains(".send_all().await?"), "{lib}");
}
