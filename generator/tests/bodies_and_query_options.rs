//! Request bodies as the docs' examples send them (member spelling from the
//! example, creates and updates taking every writable property) and query
//! options per operation (prose, negations, tables; the builder's typed
//! list), from `docs/` and small inline pages through the schema to the
//! emitted builders.

mod fs_support;

use fs_support::repo_docs;
use graphgen::diagnostics::{DiagnosticKind, Diagnostics};
use graphgen::emit::{emit, EmitOptions, Layout};
use graphgen::markdown::{parse_page, IncludeLoader, Page};
use graphgen::pipeline;
use graphgen::schema::{build, query_options, Operation, QueryOptionsSaid, RequestBody, Schema};

fn docs() -> (Schema, Diagnostics) {
    let loaded = pipeline::load(&repo_docs()).expect("docs load");
    (loaded.schema, loaded.diagnostics)
}

fn op<'s>(schema: &'s Schema, id: &str) -> &'s Operation {
    schema.operations.iter().find(|o| o.id == id).unwrap_or_else(|| panic!("no operation {id}"))
}

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

fn body_names(op: &Operation) -> Vec<String> {
    match &op.body {
        Some(RequestBody::Parameters { params }) => params.iter().map(|p| p.name.clone()).collect(),
        other => panic!("{}: not a parameter body: {other:?}", op.id),
    }
}

struct NoIncludes;
impl IncludeLoader for NoIncludes {
    fn load(&self, _: &str) -> Option<String> {
        None
    }
}

fn build_pages(pages: &[(&str, &str)]) -> (Schema, Diagnostics) {
    let parsed: Vec<Page> = pages.iter().map(|(p, t)| parse_page(p, t, &NoIncludes).0).collect();
    build(&parsed)
}

#[test]
fn query_options_from_prose_negations_and_tables_reach_the_schema() {
    let (s, _) = docs();
    // Prose: a statement listing the options.
    let list = op(&s, "staffmember-list");
    assert_eq!(list.query_options_said, QueryOptionsSaid::Listed);
    assert_eq!(list.query_options, strings(&["count", "filter", "orderby", "select", "top"]));
    // Negations next to the statement: "`$skip` isn't supported", "does not support `$search`".
    let desks = op(&s, "desk-list");
    assert_eq!(desks.query_options, strings(&["filter", "select", "top"]));
    assert_eq!(desks.query_options_unsupported, strings(&["search", "skip"]));
    // A table of options, one row "Not supported.".
    let certs = op(&s, "staffmember-list-certifications");
    assert_eq!(certs.query_options_said, QueryOptionsSaid::Listed);
    assert_eq!(certs.query_options, strings(&["filter", "orderby", "select"]));
    assert_eq!(certs.query_options_unsupported, strings(&["skip"]));
    // "This method does not support OData query parameters": none, not the GET default.
    let desk = op(&s, "desk-get");
    assert_eq!(desk.query_options_said, QueryOptionsSaid::None);
    assert!(query_options::offered(desk).is_empty());
    // Nothing specific: the kind's default.
    let autopilot_list = op(&s, "intune-enrollment-importedwindowsautopilotdeviceidentity-list");
    assert_eq!(autopilot_list.query_options_said, QueryOptionsSaid::Unstated);
    assert_eq!(query_options::offered(autopilot_list), strings(&["count", "expand", "filter", "orderby", "search", "select", "skip", "top"]));
    let autopilot_get = op(&s, "intune-enrollment-importedwindowsautopilotdeviceidentity-get");
    assert_eq!(query_options::offered(autopilot_get), strings(&["expand", "select"]));
    assert!(query_options::offered(op(&s, "desk-release")).is_empty());
}

#[test]
fn builders_offer_only_the_listed_options_as_typed_methods() {
    let options = EmitOptions { crate_name: "sdk".into(), runtime_dependency: "\"0.1\"".into(), layout: Layout::Crate, features: true, feature_map: None };
    let files = emit(&docs().0, &options).0.files;
    let flat = |path: &str| files[path].split_whitespace().collect::<String>();
    let buildings = flat("src/requests/workplace/buildings.rs");
    // The desks list: `$select`, `$filter`, `$top` in the runtime's order, nothing else.
    assert!(
        buildings.contains("graphgen_runtime::Collection<super::super::super::models::Desk>,graphgen_runtime::query::Select<graphgen_runtime::query::Filter<graphgen_runtime::query::Top>,>,>"),
        "{buildings}"
    );
    // The desk GET says it supports none.
    assert!(buildings.contains("graphgen_runtime::Json<super::super::super::models::Desk>,graphgen_runtime::query::NoOptions,>"));
    // The doc comment says what is offered, what is not, and the escape hatch.
    assert!(files["src/requests/workplace/buildings.rs"].contains(
        "Query options (those the page lists): `$filter`, `$select`, `$top`. Not supported, says the page: `$search`, `$skip`. Any other parameter: `.query(name, value)`."
    ));
    // A list whose page names none: every typed option.
    let autopilot = flat("src/requests/device_management/imported_windows_autopilot_device_identities.rs");
    assert!(autopilot.contains("graphgen_runtime::query::Any"), "{autopilot}");
}

const PAGE_WITH_NEGATION: &str = r#"---
title: "List gizmos"
description: "List the gizmos."
doc_type: apiPageType
---

# List gizmos

## HTTP request
```http
GET /gizmos
```

## Optional query parameters
This method supports the `$select` and `$top` OData query parameters. `$skip` isn't supported.

## Response
If successful, this method returns a `200 OK` response code and a collection of gizmo objects in the response body.

## Example
### Request
<!-- { "blockType": "request", "name": "list_gizmos" } -->
```http
GET https://graph.microsoft.com/beta/gizmos?$top=2&$skip=2
```
"#;

#[test]
fn an_example_using_an_option_the_page_says_is_unsupported_is_a_diagnostic() {
    let (s, d) = build_pages(&[("api/gizmo-list.md", PAGE_WITH_NEGATION)]);
    let list = op(&s, "gizmo-list");
    assert_eq!(list.query_options, strings(&["select", "top"]));
    assert_eq!(list.query_options_unsupported, strings(&["skip"]));
    let found = d.items.iter().find(|x| x.kind == DiagnosticKind::QueryOptions).expect("a query-options diagnostic");
    assert_eq!((found.file.as_str(), found.line), ("api/gizmo-list.md", 24));
    assert!(found.to_string().contains("uses `$skip`, which the page says is not supported"), "{found}");
    assert!(found.to_string().ends_with("[query-options]"));
}

#[test]
fn table_names_differing_only_in_case_take_the_examples_spelling() {
    let (s, d) = docs();
    // The table says `ReservationId` and `Comment`; the example sends `reservationId`, `comment`.
    assert_eq!(body_names(op(&s, "desk-release")), strings(&["reservationId", "comment"]));
    let said: Vec<String> = d.items.iter().filter(|x| x.kind == DiagnosticKind::MemberCase).map(|x| x.to_string()).collect();
    assert_eq!(
        said,
        [
            "api/desk-release.md:38: parameter `ReservationId` is spelled `reservationId` in the example request (line 51); the example's spelling is sent [member-case]",
            "api/desk-release.md:39: parameter `Comment` is spelled `comment` in the example request (line 51); the example's spelling is sent [member-case]",
        ]
    );
}

#[test]
fn an_update_takes_every_writable_property_of_the_resource() {
    let (s, _) = docs();
    let update = op(&s, "staffmember-update");
    let names = body_names(update);
    // The table's rows first, then the writable properties it leaves out,
    // among them those the example sends (`isExternal`, `hireDate`).
    assert_eq!(&names[..3], &strings(&["contactChannels", "displayName", "jobTitle"])[..]);
    for writable in ["isExternal", "hireDate", "employeeNumber", "userPrincipalName"] {
        assert!(names.iter().any(|n| n == writable), "{writable} missing from {names:?}");
    }
    // Not the key, nothing "Read-only", no navigation property, no instance annotation.
    for not_writable in ["id", "createdDateTime", "deletedDateTime", "sourceAnchorId", "profileUrl", "manager", "certifications", "@microsoft.graph.staffImportMode"] {
        assert!(!names.iter().any(|n| n == not_writable), "{not_writable} is not writable: {names:?}");
    }
    let Some(RequestBody::Parameters { params }) = &update.body else { unreachable!() };
    let added = params.iter().find(|p| p.name == "isExternal").unwrap();
    assert!(!added.required);
    assert_eq!(added.source.file, "resources/staffmember.md");
}

const WIDGET: &str = r#"---
title: "widget resource type"
description: "A widget."
doc_type: resourcePageType
---

# widget resource type

## Properties
|Property|Type|Description|
|:---|:---|:---|
|id|String|The identifier. Read-only.|
|displayName|String|The name.|
|color|String|The color.|
|createdDateTime|DateTimeOffset|When it was made. The value cannot be modified.|

## Relationships
|Relationship|Type|Description|
|:---|:---|:---|
|owners|[widget](widget.md) collection|The owners.|
|parts|[widget](widget.md) collection|The parts.|

## JSON representation
<!-- { "blockType": "resource", "@odata.type": "microsoft.graph.widget", "keyProperty": "id" } -->
```json
{ "id": "String", "displayName": "String", "color": "String", "createdDateTime": "String (timestamp)" }
```
"#;

const CREATE_WIDGET: &str = r#"---
title: "Create widget"
description: "Create a widget."
doc_type: apiPageType
---

# Create widget

## HTTP request
```http
POST /widgets
```

## Request body
| Property | Type | Description |
|:--|:--|:--|
| displayName | String | The name. Required. |

## Response
If successful, this method returns a `201 Created` response code and a [widget](../resources/widget.md) object in the response body.

## Example
### Request
<!-- { "blockType": "request", "name": "create_widget" } -->
```http
POST https://graph.microsoft.com/beta/widgets
Content-type: application/json

{
  "displayName": "W",
  "color": "red",
  "owners@odata.bind": ["https://graph.microsoft.com/beta/widgets/1"],
  "parts": [{ "displayName": "P" }]
}
```
"#;

#[test]
fn a_create_takes_writable_properties_and_what_its_example_binds_or_sends() {
    let (s, _) = build_pages(&[("resources/widget.md", WIDGET), ("api/widget-post-widgets.md", CREATE_WIDGET)]);
    let create = op(&s, "widget-post-widgets");
    let names = body_names(create);
    // `color` is writable; `id` (the key) and `createdDateTime` (cannot be
    // modified) are not; `parts` is a navigation property the example sends
    // inline, `owners@odata.bind` binds one; `owners` itself is not sent.
    assert_eq!(names, strings(&["displayName", "color", "parts", "owners@odata.bind"]));
    let Some(RequestBody::Parameters { params }) = &create.body else { unreachable!() };
    let bind = params.iter().find(|p| p.name == "owners@odata.bind").unwrap();
    assert!(bind.ty.collection);
}

const SEND_GIZMO: &str = r#"---
title: "gizmo: send"
description: "Send a gizmo."
doc_type: apiPageType
---

# gizmo: send

## HTTP request
```http
POST /me/sendGizmo
```

## Request body
| Parameter | Type | Description |
|:--|:--|:--|
| Gizmo | String | The gizmo. Required. |
| SaveCopy | Boolean | Keep a copy. Optional. |

## Response
If successful, this method returns a `202 Accepted` response code.

## Examples
### Request
<!-- { "blockType": "request", "name": "send_gizmo_1" } -->
```http
POST https://graph.microsoft.com/beta/me/sendGizmo

{ "gizmo": "a", "saveCopy": false }
```

### Request
<!-- { "blockType": "request", "name": "send_gizmo_2" } -->
```http
POST https://graph.microsoft.com/beta/me/sendGizmo

{ "Gizmo": "b" }
```

### Request
<!-- { "blockType": "request", "name": "send_gizmo_3" } -->
```http
POST https://graph.microsoft.com/beta/me/sendGizmo

{ "gizmo": "c" }
```
"#;

#[test]
fn examples_that_disagree_on_a_spelling_are_outvoted() {
    let (s, d) = build_pages(&[("api/gizmo-send.md", SEND_GIZMO)]);
    assert_eq!(body_names(op(&s, "gizmo-send")), strings(&["gizmo", "saveCopy"]));
    let said: Vec<String> = d.items.iter().filter(|x| x.kind == DiagnosticKind::MemberCase).map(|x| x.to_string()).collect();
    assert_eq!(
        said,
        [
            "api/gizmo-send.md:17: parameter `Gizmo` is spelled `gizmo` in 2 of the 3 example requests that send it (line 27); the examples' spelling is sent [member-case]",
            "api/gizmo-send.md:18: parameter `SaveCopy` is spelled `saveCopy` in the example request (line 27); the example's spelling is sent [member-case]",
        ]
    );
}
