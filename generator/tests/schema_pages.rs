//! The schema builder on small hand-written pages, one rule per test.

use graphgen::diagnostics::{DiagnosticKind, Diagnostics};
use graphgen::markdown::{parse_page, IncludeLoader, Page};
use graphgen::schema::*;
use std::collections::BTreeMap;

struct Files(BTreeMap<&'static str, &'static str>);

impl IncludeLoader for Files {
    fn load(&self, path: &str) -> Option<String> {
        self.0.get(path).map(|s| s.to_string())
    }
}

fn build_pages(pages: &[(&str, &str)], includes: &[(&'static str, &'static str)]) -> (Schema, Diagnostics) {
    let loader = Files(includes.iter().cloned().collect());
    let parsed: Vec<Page> = pages.iter().map(|(p, t)| parse_page(p, t, &loader).0).collect();
    build(&parsed)
}

fn named(q: &str, collection: bool) -> TypeRef {
    TypeRef { target: TypeTarget::Named(q.to_string()), collection }
}

fn prim(p: Primitive) -> TypeRef {
    TypeRef { target: TypeTarget::Primitive(p), collection: false }
}

fn has(d: &Diagnostics, kind: DiagnosticKind, file: &str, line: u32) -> bool {
    d.items.iter().any(|x| x.kind == kind && x.file == file && x.line == line)
}

const GADGET: &str = r#"---
title: "gadget resource type"
description: "A gadget."
ms.prod: "widgets"
doc_type: resourcePageType
---

# gadget resource type

Namespace: microsoft.graph

Inherits from [thing](thing.md).

## Properties
|Property|Type|Description|
|:---|:---|:---|
|id|String|Inherited from thing.|
|size|Int32|The size.|
|mode|[gadgetMode](gadgetmode.md)|The mode.|
|shape|gadgetShape|The shape. Possible values are: `round`, `square`, `unknownFutureValue`.|
|tags|String collection|Tags.|
|owner|mysteryType|Who owns it.|

## Relationships
|Relationship|Type|Description|
|:---|:---|:---|
|parts|[part](part.md) collection|Parts.|

## JSON representation
<!-- {
  "blockType": "resource",
  "@odata.type": "microsoft.graph.gadget",
  "openType": true
} -->
```json
{
  "id": "String (identifier)",
  "size": "String",
  "mode": "String",
  "tags": ["String"],
  "weight": 1.5
}
```
"#;

const THING: &str = r#"---
title: "thing resource type"
ms.prod: "widgets"
doc_type: resourcePageType
---

# thing resource type

## Properties
| Type | Property name | Description |
|:---|:---|:---|
| String | id | Identifier. |

## JSON representation
<!-- { "blockType": "resource", "keyProperty": "id", "@odata.type": "microsoft.graph.thing" } -->
```json
{ "id": "String" }
```
"#;

const PART: &str = r#"---
title: "part resource type"
doc_type: resourcePageType
---

# part resource type

## Properties
|Name|Data type|Description|
|:---|:---|:---|
|label|string|Label.|
"#;

const MODE: &str = r#"---
title: "gadgetMode enum type"
doc_type: enumPageType
---

# gadgetMode enum type

Namespace: microsoft.graph

A flags enumeration: values combine.

## Members
|Member|Value|Description|
|:---|:---|:---|
|none|0|No flags set.|
|fast|1|Fast.|
|quiet|2|Quiet.|
|cheap|4|Cheap.|
"#;

fn gadget_schema() -> (Schema, Diagnostics) {
    build_pages(
        &[
            ("resources/gadget.md", GADGET),
            ("resources/thing.md", THING),
            ("resources/part.md", PART),
            ("resources/gadgetmode.md", MODE),
        ],
        &[],
    )
}

#[test]
fn type_pages_tables_json_and_inheritance() {
    let (s, d) = gadget_schema();
    let g = &s.types["microsoft.graph.gadget"];
    // The base chain reaches a type with a key: an entity with the key inherited.
    assert_eq!(g.base_type.as_deref(), Some("microsoft.graph.thing"));
    assert_eq!(g.kind, TypeKind::Entity);
    assert_eq!(g.key_property.as_deref(), Some("id"));
    assert!(g.open_type);
    assert_eq!(g.workloads, ["widgets"]);
    assert_eq!(s.types["microsoft.graph.thing"].derived_types, vec!["microsoft.graph.gadget".to_string()]);
    // Own properties only (`id` is inherited), table order, then relationships, then JSON-only.
    let names: Vec<&str> = g.properties.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, vec!["size", "mode", "shape", "tags", "owner", "parts", "weight"]);
    let ty = |n: &str| g.properties.iter().find(|p| p.name == n).unwrap().ty.clone();
    assert_eq!(ty("size"), prim(Primitive::Int32));
    assert_eq!(ty("mode"), named("microsoft.graph.gadgetMode", false));
    assert_eq!(ty("tags"), TypeRef { target: TypeTarget::Primitive(Primitive::String), collection: true });
    assert_eq!(ty("parts"), named("microsoft.graph.part", true));
    assert!(g.properties.iter().find(|p| p.name == "parts").unwrap().navigation);
    // JSON-only member: added with the inferred type, reported.
    assert_eq!(ty("weight"), prim(Primitive::Double));
    assert!(has(&d, DiagnosticKind::TypeMismatch, "resources/gadget.md", 41));
    // Table says Int32, JSON says "String": reported at the JSON line, table kept.
    assert!(has(&d, DiagnosticKind::TypeMismatch, "resources/gadget.md", 38));
    // An enum shown as "String" in JSON is not a mismatch.
    assert!(!has(&d, DiagnosticKind::TypeMismatch, "resources/gadget.md", 39));
    // Unknown name: reported at the row, read as JSON.
    assert_eq!(ty("owner"), prim(Primitive::Json));
    assert!(has(&d, DiagnosticKind::UnknownType, "resources/gadget.md", 22));
    // Columns in another order and other spellings.
    assert_eq!(s.types["microsoft.graph.part"].properties[0].ty, prim(Primitive::String));
    assert_eq!(s.types["microsoft.graph.part"].kind, TypeKind::Complex);
}

#[test]
fn enums_from_pages_and_from_possible_values() {
    let (s, _) = gadget_schema();
    let mode = &s.types["microsoft.graph.gadgetMode"];
    assert_eq!(mode.kind, TypeKind::Enum);
    assert!(mode.flags);
    assert_eq!(mode.members.iter().map(|m| (m.name.as_str(), m.value)).collect::<Vec<_>>(), vec![
        ("none", Some(0)),
        ("fast", Some(1)),
        ("quiet", Some(2)),
        ("cheap", Some(4))
    ]);
    let shape = &s.types["microsoft.graph.gadgetShape"];
    assert_eq!(shape.kind, TypeKind::Enum);
    assert_eq!(shape.members.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(), vec!["round", "square", "unknownFutureValue"]);
    let g = &s.types["microsoft.graph.gadget"];
    assert_eq!(g.properties.iter().find(|p| p.name == "shape").unwrap().ty, named("microsoft.graph.gadgetShape", false));
}

#[test]
fn multi_enum_pages_and_members_without_values() {
    let page = r#"---
title: "Enum values"
doc_type: enumPageType
---

# Enum values

Namespace: microsoft.graph.widgets

### colorKind values

|Member|Description|
|:---|:---|
|red|Red.|
|blue|Blue.|
|unknownFutureValue|Evolvable marker.|

### sizeKind values

|Member|
|:---|
|small|
|large|
"#;
    let (s, d) = build_pages(&[("resources/enums-widgets.md", page)], &[]);
    let color = &s.types["microsoft.graph.widgets.colorKind"];
    assert_eq!(color.members.len(), 3);
    assert!(color.members.iter().all(|m| m.value.is_none()));
    assert!(!color.flags);
    assert_eq!(color.members[2].source.line, 16);
    assert_eq!(s.types["microsoft.graph.widgets.sizeKind"].members.len(), 2);
    assert!(d.is_empty(), "{d:?}");
}

#[test]
fn duplicates_cycles_and_bad_bases() {
    let a = "---\ndoc_type: resourcePageType\n---\n# a resource type\n\nInherits from [b](b.md).\n\n## Properties\n|Property|Type|Description|\n|:---|:---|:---|\n|x|String|X.|\n";
    let b = "---\ndoc_type: resourcePageType\n---\n# b resource type\n\nInherits from [a](a.md).\n\n## Properties\n|Property|Type|Description|\n|:---|:---|:---|\n|y|String|Y.|\n";
    let a_again = "---\ndoc_type: resourcePageType\n---\n# a resource type\n\n## Properties\n|Property|Type|Description|\n|:---|:---|:---|\n|z|String|Z.|\n";
    let c = "---\ndoc_type: resourcePageType\n---\n# c resource type\n\nInherits from [nowhere](nowhere.md).\n\n## Properties\n|Property|Type|Description|\n|:---|:---|:---|\n|w|String|W.|\n";
    let (s, d) = build_pages(&[("resources/z-a.md", a_again), ("resources/a.md", a), ("resources/b.md", b), ("resources/c.md", c)], &[]);
    // Both pages describe `a`: merged, the page named `a` first (its own
    // page, though `z-a.md` would come first by path), nothing dropped.
    let a_type = &s.types["microsoft.graph.a"];
    assert_eq!(a_type.properties.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["x", "z"]);
    assert_eq!(a_type.source.file, "resources/a.md");
    assert_eq!(a_type.merged_from, [Source { file: "resources/z-a.md".into(), line: 4 }]);
    assert_eq!(d.of_kind(DiagnosticKind::Duplicate).count(), 0, "{d:?}");
    // The cycle is broken: one of the two keeps its base, the other loses it.
    let bases = [s.types["microsoft.graph.a"].base_type.is_some(), s.types["microsoft.graph.b"].base_type.is_some()];
    assert_eq!(bases.iter().filter(|x| **x).count(), 1);
    assert_eq!(d.of_kind(DiagnosticKind::InvalidBaseType).count(), 2, "{d:?}");
    assert!(s.types["microsoft.graph.c"].base_type.is_none());
}

const IMPORT: &str = r#"---
title: "frob action"
ms.prod: "widgets"
doc_type: apiPageType
---

# frob action

Namespace: microsoft.graph

## Prerequisites
|Permission type|Permissions (from least to most privileged)|
|:---|:---|
|Delegated (work or school account)|Widget.Read.All, Widget.ReadWrite.All|
|Delegated (personal Microsoft account)|Not supported.|
|Application|Widget.ReadWrite.All|

## HTTP Request
<!-- { "blockType": "ignored" } -->
``` http
POST /widgets-hub/gadgets/frob
```

## Optional query parameters
This method supports the `$select` and `$top` OData query parameters.

## Request headers
|Header|Value|
|:---|:---|
|Authorization|Bearer &lt;token&gt; Required.|
|Accept|application/json|

## Request body
|Property|Type|Description|
|:---|:---|:---|
|gadgets|[gadget](../resources/gadget.md) collection|Required. The gadgets.|
|note|String|Optional note.|

## Response
If successful, this action returns a `200 OK` response code and a [gadget](../resources/gadget.md) collection in the response body.

## Example

### Request
``` http
POST https://graph.microsoft.com/beta/widgets-hub/gadgets/frob

Content-type: application/json

{
  "gadgets": [ { "size": 3, }, ],
}
```

### Response
``` http
HTTP/1.1 200 OK
Content-Type: application/json

{
  "value": [ { "size": 3 } ]
}
```
"#;

#[test]
fn action_pages() {
    let pages = [("api/gadget-frob.md", IMPORT), ("resources/gadget.md", GADGET), ("resources/thing.md", THING)];
    let (s, d) = build_pages(&pages, &[]);
    let op = &s.operations[0];
    assert_eq!((op.id.as_str(), op.name.as_str(), op.kind, op.method), ("gadget-frob", "frob", OperationKind::Action, HttpMethod::Post));
    assert_eq!(op.workloads, ["widgets"]);
    assert_eq!(op.paths[0].raw, "/widgets-hub/gadgets/frob");
    assert_eq!(op.paths[0].source.line, 21);
    assert_eq!(op.query_options, vec!["select", "top"]);
    assert_eq!(op.headers.len(), 2);
    assert!(op.headers[0].required && !op.headers[1].required);
    let Some(RequestBody::Parameters { params }) = &op.body else { panic!("{:?}", op.body) };
    assert_eq!(params[0].ty, named("microsoft.graph.gadget", true));
    assert!(params[0].required && !params[1].required);
    assert_eq!(op.response, ResponseSpec { status: 200, ty: Some(named("microsoft.graph.gadget", true)), body_on_request: false });
    assert_eq!(op.permissions.len(), 3);
    assert_eq!((op.permissions[0].least.as_slice(), op.permissions[0].higher.as_slice()), (&["Widget.Read.All".to_owned()][..], &["Widget.ReadWrite.All".to_owned()][..]));
    assert!(op.permissions[1].least.is_empty() && op.permissions[1].not_supported);
    // Unannotated examples recognized by content; the request body needed repairs.
    assert_eq!(op.examples.len(), 2);
    assert_eq!(op.examples[0].body, Some(serde_json::json!({"gadgets": [{"size": 3}]})));
    assert_eq!(op.examples[0].headers.len(), 1);
    assert_eq!(op.examples[1].status, Some(200));
    assert!(has(&d, DiagnosticKind::RepairedJson, "api/gadget-frob.md", 51));
}

#[test]
fn crud_pages_includes_and_multiple_methods() {
    let page = r#"---
title: "Manage gadgets"
ms.subservice: "widget-store"
doc_type: apiPageType
---

# Manage gadgets

## Permissions
<!-- { "blockType": "permissions", "name": "gadget_manage" } -->
[!INCLUDE [permissions-table](../includes/permissions/gadget-manage.md)]

## HTTP request
```http
GET /gadgets/{gadget-id}
GET /things/{thing-id | name}/gadget
PATCH /gadgets/{gadget-id}
```

## Request body
In the request body, supply a JSON representation of the [gadget](../resources/gadget.md) object.

## Response
If successful, this method returns a `200 OK` response code and a [gadget](../resources/gadget.md) object in the response body.
"#;
    let include = "|Permission type|Least privileged permissions|Higher privileged permissions|\n|:---|:---|:---|\n|Delegated (work or school account)|Gadget.Read|Gadget.ReadWrite|\n|Application|Gadget.Read.All|Not available.|\n";
    let create = "---\ntitle: \"Create part\"\ndoc_type: apiPageType\n---\n# Create part\n\n## HTTP request\n```http\nPOST /gadgets/{id}/parts\n```\n\n## Response\nIf successful, this method returns `200 OK`.\n";
    let delete = "---\ntitle: \"Delete gadget\"\ndoc_type: apiPageType\n---\n# Delete gadget\n\n## HTTP request\n```http\nDELETE /gadgets/{id}\n```\n\n## Response\nIf successful, this method returns a `204 No Content` response code.\n";
    let broken = "---\ntitle: \"Broken\"\ndoc_type: apiPageType\n---\n# Broken\n\n## Response\nNothing.\n";
    let (s, d) = build_pages(
        &[
            ("api/gadget-manage.md", page),
            ("api/gadget-post-parts.md", create),
            ("api/gadget-delete.md", delete),
            ("api/broken.md", broken),
            ("resources/gadget.md", GADGET),
            ("resources/thing.md", THING),
            ("resources/part.md", PART),
        ],
        &[("includes/permissions/gadget-manage.md", include)],
    );
    let ids: Vec<&str> = s.operations.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(ids, vec!["gadget-delete", "gadget-manage", "gadget-manage#2", "gadget-post-parts"]);
    let get = &s.operations[1];
    assert_eq!((get.kind, get.paths.len(), get.body.is_none()), (OperationKind::Get, 2, true));
    assert_eq!(get.workloads, ["widget-store"]);
    assert_eq!(get.paths[1].segments[1], Segment::Key { params: vec!["thing-id".into(), "name".into()], parens: false });
    assert_eq!(get.permissions[0].scopes().collect::<Vec<_>>(), vec!["Gadget.Read", "Gadget.ReadWrite"]);
    assert_eq!(get.permissions[1].scopes().collect::<Vec<_>>(), vec!["Gadget.Read.All"]);
    let patch = &s.operations[2];
    assert_eq!((patch.kind, patch.method), (OperationKind::Update, HttpMethod::Patch));
    assert_eq!(patch.body, Some(RequestBody::Resource { ty: named("microsoft.graph.gadget", false) }));
    // POST to a literal that names a collection property: creates an item.
    assert_eq!(s.operations[3].kind, OperationKind::Create);
    assert_eq!(s.operations[3].name, "Create part");
    assert_eq!(s.operations[0].response, ResponseSpec { status: 204, ty: None, body_on_request: false });
    // No HTTP request block: reported, no operation.
    assert!(d.items.iter().any(|x| x.kind == DiagnosticKind::MissingSection && x.file == "api/broken.md"));
    assert!(!s.operations.iter().any(|o| o.source.file == "api/broken.md"));
}

#[test]
fn functions_response_from_example_annotation_and_missing_doc_type() {
    let page = r#"---
title: "getStats function"
ms.prod: "reports"
---

# getStats function

## HTTP request
```http
GET /reports/getStats(period='{period}')
```

## Response
If successful, this function returns a `200 OK` response code.

## Example
<!-- { "blockType": "request", "name": "get_stats" } -->
```http
GET https://graph.microsoft.com/beta/reports/getStats(period='D7')
```

<!-- { "blockType": "response", "@odata.type": "microsoft.graph.part", "isCollection": true, "truncated": true } -->
```http
HTTP/1.1 200 OK

{"value": [ ... ]}
```
"#;
    let (s, d) = build_pages(&[("api/reports-getstats.md", page), ("resources/part.md", PART)], &[]);
    let op = &s.operations[0];
    assert_eq!((op.kind, op.name.as_str()), (OperationKind::Function, "getStats"));
    let Segment::Function { args, .. } = &op.paths[0].segments[1] else { panic!() };
    assert_eq!((args[0].param.as_deref(), args[0].quoted), (Some("period"), true));
    assert_eq!(op.response.ty, Some(named("microsoft.graph.part", true)));
    assert_eq!(op.examples[0].name.as_deref(), Some("get_stats"));
    assert!(op.examples[1].truncated && op.examples[1].has_body && op.examples[1].body.is_none());
    assert!(has(&d, DiagnosticKind::InvalidJson, "api/reports-getstats.md", 26));
    assert!(d.items.iter().any(|x| x.kind == DiagnosticKind::FrontMatter && x.file == "api/reports-getstats.md"));
}

/// A function page whose paths omit the call: the parameter table gives it
/// (required parameters only; strings and enums quoted, numbers not), and
/// the operation keeps the table. The `Function parameters` section makes a
/// GET a function even when the title does not say so.
#[test]
fn function_calls_completed_from_the_parameter_table() {
    let page = |title: &str, path: &str, heading: &str, rows: &str| {
        format!(
            "---\ntitle: \"{title}\"\nms.prod: \"reports\"\ndoc_type: apiPageType\n---\n\n# {title}\n\n\
             ## HTTP request\n```http\nGET {path}\nGET /me{path}\n```\n\n## {heading}\n\
             |Parameter|Type|Description|\n|:---|:---|:---|\n{rows}\n\n\
             ## Response\nIf successful, this function returns a `200 OK` response code and a collection of [part](../resources/part.md) objects.\n"
        )
    };
    let pages = [
        // The title does not say "function"; the section does.
        page(
            "part: findParts",
            "/parts/findParts",
            "Function parameters",
            "|kind|[partKind](../resources/partkind.md)|The kind.|\n|limit|Int32|At most this many.|\n|near|String|Optional. Close to this.|",
        ),
        // Generated reference pages list a function's parameters under Request body.
        page("countParts function", "/parts/countParts", "Request body", "|since|DateTimeOffset|Not yet documented|"),
        // Every parameter optional: the path stays as written.
        page("part: delta", "/parts/delta", "Function parameters", "|token|String|Optional. Where to resume.|"),
        // The path already has the call.
        page("rankParts function", "/parts/rankParts(by='{by}')", "Function parameters", "|by|String|The order.|"),
    ];
    let files = ["api/part-findparts.md", "api/part-countparts.md", "api/part-delta.md", "api/part-rankparts.md"];
    let mut all: Vec<(&str, &str)> = files.iter().copied().zip(pages.iter().map(String::as_str)).collect();
    all.push(("resources/part.md", PART));
    let (s, _) = build_pages(&all, &[]);
    let op = |id: &str| s.operations.iter().find(|o| o.id == id).unwrap_or_else(|| panic!("no operation {id}"));
    let raws = |id: &str| op(id).paths.iter().map(|p| p.raw.clone()).collect::<Vec<_>>();

    let find = op("part-findparts");
    assert_eq!((find.kind, find.name.as_str()), (OperationKind::Function, "findParts"));
    assert_eq!(raws("part-findparts"), ["/parts/findParts(kind='{kind}',limit={limit})", "/me/parts/findParts(kind='{kind}',limit={limit})"]);
    let Some(Segment::Function { name, args }) = find.paths[1].segments.last() else { panic!("{:?}", find.paths[1]) };
    assert_eq!(name, "findParts");
    let shape: Vec<(&str, Option<&str>, bool)> = args.iter().map(|a| (a.name.as_str(), a.param.as_deref(), a.quoted)).collect();
    assert_eq!(shape, [("kind", Some("kind"), true), ("limit", Some("limit"), false)]);
    let table: Vec<(&str, bool)> = find.parameters.iter().map(|p| (p.name.as_str(), p.required)).collect();
    assert_eq!(table, [("kind", true), ("limit", true), ("near", false)]);
    assert_eq!(find.parameters[1].ty, prim(Primitive::Int32));
    assert_eq!(find.body, None, "a function sends no body");

    assert_eq!(op("part-countparts").kind, OperationKind::Function);
    assert_eq!(raws("part-countparts")[0], "/parts/countParts(since={since})");
    assert_eq!(raws("part-delta"), ["/parts/delta", "/me/parts/delta"]);
    assert_eq!(op("part-delta").parameters.len(), 1);
    assert_eq!(raws("part-rankparts")[0], "/parts/rankParts(by='{by}')");
}

/// A `Query parameters` table lists a function's parameters only when the
/// examples call the function with every one of them; otherwise it is a
/// list of query-string parameters (`calendarView`'s `startDateTime`).
#[test]
fn query_parameter_tables_are_function_parameters_only_when_examples_call_them() {
    let page = |title: &str, path: &str, example: &str| {
        format!(
            "---\ntitle: \"{title}\"\nms.prod: \"widgets\"\ndoc_type: apiPageType\n---\n\n# {title}\n\n\
             ## HTTP request\n```http\nGET {path}\n```\n\n## Query parameters\n\
             |Parameter|Type|Description|\n|:---|:---|:---|\n|on|String|Whose parts.|\n\n\
             ## Response\nIf successful, this method returns a `200 OK` response code and a collection of [part](../resources/part.md) objects.\n\n\
             ## Example\n<!-- {{ \"blockType\": \"request\", \"name\": \"x\" }} -->\n```http\nGET https://graph.microsoft.com/beta{example}\n```\n"
        )
    };
    let called = page("part: mine", "/parts/mine", "/parts/mine(on='owner')?$top=5");
    let query = page("List parts", "/parts/window", "/parts/window?on=owner");
    let (s, _) = build_pages(&[("api/part-mine.md", &called), ("api/part-window.md", &query), ("resources/part.md", PART)], &[]);
    let op = |id: &str| s.operations.iter().find(|o| o.id == id).unwrap();
    assert_eq!((op("part-mine").kind, op("part-mine").paths[0].raw.as_str()), (OperationKind::Function, "/parts/mine(on='{on}')"));
    assert_eq!(op("part-mine").parameters.len(), 1);
    assert_eq!((op("part-window").kind, op("part-window").paths[0].raw.as_str()), (OperationKind::List, "/parts/window"));
    assert!(op("part-window").parameters.is_empty());
}

/// A write to `$ref` sends `{"@odata.id": url}`, whatever type the body
/// sentence names; a DELETE of `$ref` sends nothing.
#[test]
fn writes_to_ref_send_a_reference() {
    let page = |method: &str| {
        format!(
            "---\ntitle: \"Add part\"\nms.prod: \"widgets\"\ndoc_type: apiPageType\n---\n\n# Add part\n\n\
             ## HTTP request\n```http\n{method} /gadgets/{{id}}/parts/$ref\n```\n\n\
             ## Request body\nIn the request body, supply a JSON representation of a [part](../resources/part.md) object.\n\n\
             ## Response\nIf successful, this method returns a `204 No Content` response code.\n"
        )
    };
    let (post, delete) = (page("POST"), page("DELETE"));
    let (s, _) = build_pages(&[("api/gadget-post-parts.md", &post), ("api/gadget-delete-parts.md", &delete), ("resources/part.md", PART)], &[]);
    let body = |id: &str| s.operations.iter().find(|o| o.id == id).map(|o| o.body.clone()).unwrap();
    assert_eq!(body("gadget-post-parts"), Some(RequestBody::Reference));
    assert_eq!(body("gadget-delete-parts"), None);
}

/// A create or update whose body is described only in words sends the
/// entity it returns, else the item its path addresses (as another
/// operation's GET says); with neither it declares no body.
#[test]
fn creates_and_updates_described_in_words_send_their_entity() {
    let page = |title: &str, request: &str, response: &str| {
        format!(
            "---\ntitle: \"{title}\"\nms.prod: \"widgets\"\ndoc_type: apiPageType\n---\n\n# {title}\n\n\
             ## HTTP request\n```http\n{request}\n```\n\n\
             ## Request body\nIn the request body, supply the values for relevant fields that should be updated.\n\n\
             ## Response\n{response}\n"
        )
    };
    let returns_part = "If successful, this method returns a `200 OK` response code and an updated [part](../resources/part.md) object.";
    let pages = [
        ("api/part-update.md", page("Update part", "PATCH /parts/{id}/revision", returns_part)),
        ("api/part-post.md", page("Create part", "POST /parts", "If successful, this method returns `201 Created` and a [part](../resources/part.md) object.")),
        ("api/part-replace.md", page("Update part", "PATCH /parts/{id}/x", "If successful, this method returns a `204 No Content` response code.")),
        ("api/part-patch.md", page("Update part", "PATCH /parts/{id}", "If successful, this method returns a `204 No Content` response code.")),
        ("api/part-get.md", page("Get part", "GET /parts/{id}", returns_part)),
    ];
    let mut all: Vec<(&str, &str)> = pages.iter().map(|(p, t)| (*p, t.as_str())).collect();
    all.push(("resources/part.md", PART));
    let (s, _) = build_pages(&all, &[]);
    let body = |id: &str| s.operations.iter().find(|o| o.id == id).map(|o| o.body.clone()).unwrap();
    let part = Some(RequestBody::Resource { ty: named("microsoft.graph.part", false) });
    assert_eq!(body("part-update"), part);
    assert_eq!(body("part-post"), part);
    assert_eq!(body("part-patch"), part, "the item that GET /parts/{{id}} returns");
    assert_eq!(body("part-replace"), None);
}

#[test]
fn bad_input_never_panics() {
    let weird = [
        "",
        "---\n---\n",
        "# x\n\n## HTTP request\n```http\nPOST\nGET /a/{\nGET //\n```\n",
        "---\ndoc_type: resourcePageType\n---\n## Properties\n|Property|Type|\n|-|-|\n|a|\n||String|\n",
        "---\ndoc_type: enumPageType\n---\n# e enum type\n## Members\n|Member|Value|\n|-|-|\n|a|x|\n|a|1|\n",
        "---\ndoc_type: resourcePageType\n---\n# t\n<!-- { \"blockType\": \"resource\", \"@odata.type\": \"\" } -->\n```json\n{ \"a\": [ , }\n```\n",
    ];
    let pages: Vec<(String, &str)> = weird.iter().enumerate().map(|(i, t)| (format!("api/w{i}.md"), *t)).collect();
    let refs: Vec<(&str, &str)> = pages.iter().map(|(p, t)| (p.as_str(), *t)).collect();
    let (_, d) = build_pages(&refs, &[]);
    assert!(!d.is_empty());
}

/// An enum described by its own page and listed again on a type page: the
/// members are the union, a value the pages disagree on is reported with
/// both places and the own page's is kept, a value only one page gives is
/// used.
#[test]
fn an_enum_on_two_pages_is_the_union_of_their_members() {
    let own = "---\ndoc_type: enumPageType\nms.prod: \"widgets\"\n---\n# gadgetTone enum type\n\nNamespace: microsoft.graph\n\n## Members\n|Member|Value|Description|\n|:---|:---|:---|\n|low|0|Low.|\n|high|1|High.|\n|mid||Middle.|\n";
    let other = "---\ndoc_type: resourcePageType\nms.prod: \"widgets\"\n---\n# speaker resource type\n\nNamespace: microsoft.graph\n\n## Properties\n|Property|Type|Description|\n|:---|:---|:---|\n|tone|[gadgetTone](gadgettone.md)|The tone.|\n\n### gadgetTone values\n|Member|Value|Description|\n|:---|:---|:---|\n|low|0|Low.|\n|high|2|High.|\n|mid|3|Middle.|\n|muted|4|Muted.|\n";
    // `a-speaker.md` sorts first; `gadgettone.md` is the enum's own page.
    let (s, d) = build_pages(&[("resources/a-speaker.md", other), ("resources/gadgettone.md", own)], &[]);
    let tone = &s.types["microsoft.graph.gadgetTone"];
    assert_eq!(tone.source.file, "resources/gadgettone.md");
    assert_eq!(
        tone.members.iter().map(|m| (m.name.as_str(), m.value, m.source.file.as_str())).collect::<Vec<_>>(),
        [
            ("low", Some(0), "resources/gadgettone.md"),
            ("high", Some(1), "resources/gadgettone.md"),
            ("mid", Some(3), "resources/gadgettone.md"),
            ("muted", Some(4), "resources/a-speaker.md")
        ]
    );
    let conflicts: Vec<_> = d.of_kind(DiagnosticKind::PagesDisagree).collect();
    assert_eq!(conflicts.len(), 1, "{d:?}");
    assert_eq!((conflicts[0].file.as_str(), conflicts[0].line), ("resources/a-speaker.md", 18));
    assert!(conflicts[0].message.contains("value 2") && conflicts[0].message.contains("resources/gadgettone.md:13"), "{}", conflicts[0].message);
    assert_eq!(s.types["microsoft.graph.speaker"].properties[0].ty, named("microsoft.graph.gadgetTone", false));
}

fn api_page(title: &str, prod: &str, request: &str, body: &str, response: &str) -> String {
    format!(
        "---\ntitle: \"{title}\"\nms.prod: \"{prod}\"\ndoc_type: apiPageType\n---\n\n# {title}\n\n\
         ## Permissions\n|Permission type|Permissions (from least to most privileged)|\n|:---|:---|\n|Application|{prod}.Read.All|\n\n\
         ## HTTP request\n```http\n{request}\n```\n\n## Request body\n{body}\n\n## Response\n{response}\n"
    )
}

/// Pages of two workloads describing one action: one operation, the
/// general page primary, the union of parameters and permissions, both
/// workloads. A page that disagrees on the response keeps its own
/// operation but gives up the shared path (reported with both places).
#[test]
fn one_endpoint_on_several_pages() {
    let table = |rows: &str| format!("|Parameter|Type|Description|\n|:---|:---|:---|\n{rows}");
    let returns_part = "If successful, this action returns a `200 OK` response code and a [part](../resources/part.md) object in the response body.";
    let general = api_page("part: polish", "widgets", "POST /parts/{id}/polish", &table("|grit|Int32|Grit.|\n"), returns_part);
    let copy = api_page("part: polish", "fleet", "POST /Parts/{part-id}/polish\nPOST /depots/{depot-id}/parts/{part-id}/polish", &table("|grit|Int32|Grit.|\n|wax|Boolean|Wax too.|\n"), returns_part);
    let other = api_page(
        "part: polish",
        "widgets",
        "POST /parts/{id}/polish\nPOST /shelves/{id}/polish",
        &table("|grit|Int32|Grit.|\n"),
        "If successful, this action returns a `200 OK` response code and a String in the response body.",
    );
    let pages = [
        ("api/fleet-parts-part-polish.md", copy.as_str()),
        ("api/part-polish.md", general.as_str()),
        ("api/shelf-polish.md", other.as_str()),
        ("resources/part.md", PART),
    ];
    let (s, d) = build_pages(&pages, &[]);
    let polish = s.operations.iter().find(|o| o.id == "part-polish").expect("the general page's operation");
    assert_eq!(polish.workloads, ["fleet-parts", "widgets"]);
    assert_eq!(polish.merged_from.iter().map(|m| m.file.as_str()).collect::<Vec<_>>(), ["api/fleet-parts-part-polish.md"]);
    assert_eq!(polish.paths.iter().map(|p| p.raw.as_str()).collect::<Vec<_>>(), ["/parts/{id}/polish", "/depots/{depot-id}/parts/{part-id}/polish"]);
    let Some(RequestBody::Parameters { params }) = &polish.body else { panic!("{:?}", polish.body) };
    assert_eq!(params.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["grit", "wax"]);
    assert_eq!(polish.permissions[0].scopes().collect::<Vec<_>>(), ["widgets.Read.All", "fleet.Read.All"]);
    assert!(!s.operations.iter().any(|o| o.id == "fleet-parts-part-polish"));
    // The shelf page says the response is a String: not merged; the shared
    // path stays with the general page, its own path with its operation.
    let shelf = s.operations.iter().find(|o| o.id == "shelf-polish").expect("kept for its own path");
    assert_eq!(shelf.paths.iter().map(|p| p.raw.as_str()).collect::<Vec<_>>(), ["/shelves/{id}/polish"]);
    let reported: Vec<_> = d.of_kind(DiagnosticKind::PagesDisagree).collect();
    assert_eq!(reported.len(), 1, "{d:?}");
    assert_eq!(reported[0].file, "api/shelf-polish.md");
    assert!(reported[0].message.contains("api/part-polish.md") && reported[0].message.contains("`String`"), "{}", reported[0].message);
}

/// A type named an enum on one page and a structured type on its own page
/// does not merge: the other reading is reported and left out.
#[test]
fn a_type_that_is_an_enum_on_another_page_is_not_merged() {
    let own = "---\ndoc_type: resourcePageType\n---\n# knob resource type\n\n## Properties\n|Property|Type|Description|\n|:---|:---|:---|\n|turns|Int32|Turns.|\n";
    let elsewhere = "---\ndoc_type: resourcePageType\n---\n# panel resource type\n\n## Properties\n|Property|Type|Description|\n|:---|:---|:---|\n|size|Int32|Size.|\n\n### knob values\n|Member|Description|\n|:---|:---|\n|left|Left.|\n";
    let (s, d) = build_pages(&[("resources/knob.md", own), ("resources/panel.md", elsewhere)], &[]);
    assert_eq!(s.types["microsoft.graph.knob"].kind, TypeKind::Complex);
    assert!(s.types["microsoft.graph.knob"].members.is_empty());
    assert!(d.of_kind(DiagnosticKind::PagesDisagree).any(|x| x.file == "resources/panel.md" && x.message.contains("resources/knob.md:4")), "{d:?}");
}

/// The page of each kind of an item describes the same create on the
/// collection that holds them all: one operation that sends and returns
/// the type the collection holds (whose polymorphic form takes any kind),
/// with every page's examples; nothing to report.
#[test]
fn variants_of_a_polymorphic_endpoint_merge_into_the_base_they_share() {
    let resource = |name: &str, base: Option<&str>, rows: &str| {
        let inherits = base.map(|b| format!("Inherits from [{b}]({}.md).\n\n", b.to_lowercase())).unwrap_or_default();
        format!(
            "---\ndoc_type: resourcePageType\nms.prod: \"widgets\"\n---\n# {name} resource type\n\n{inherits}## Properties\n|Property|Type|Description|\n|:---|:---|:---|\n{rows}"
        )
    };
    let root = resource("shop", None, "|id|String|Id.|\n") + "\n## Relationships\n|Relationship|Type|Description|\n|:---|:---|:---|\n|widgets|[widget](widget.md) collection|All widgets.|\n";
    let widget = resource("widget", None, "|id|String|Id.|\n");
    let round = resource("roundWidget", Some("widget"), "|radius|Int32|Radius.|\n");
    let square = resource("squareWidget", Some("widget"), "|side|Int32|Side.|\n");
    let create = |kind: &str, row: &str| {
        api_page(
            &format!("Create {kind}"),
            "widgets",
            "POST /shop/widgets",
            &format!("|Property|Type|Description|\n|:---|:---|:---|\n{row}"),
            &format!("If successful, this method returns a `201 Created` response code and a [{kind}](../resources/{}.md) object in the response body.", kind.to_lowercase()),
        )
    };
    let (round_create, square_create) = (create("roundWidget", "|radius|Int32|Radius.|\n"), create("squareWidget", "|side|Int32|Side.|\n"));
    let pages = [
        ("api/roundwidget-create.md", round_create.as_str()),
        ("api/squarewidget-create.md", square_create.as_str()),
        ("resources/shop.md", root.as_str()),
        ("resources/widget.md", widget.as_str()),
        ("resources/roundwidget.md", round.as_str()),
        ("resources/squarewidget.md", square.as_str()),
    ];
    let (s, d) = build_pages(&pages, &[]);
    assert_eq!(s.operations.len(), 1, "{:?}", s.operations.iter().map(|o| &o.id).collect::<Vec<_>>());
    let op = &s.operations[0];
    assert_eq!((op.id.as_str(), op.kind), ("roundwidget-create", OperationKind::Create));
    assert_eq!(op.merged_from.iter().map(|m| m.file.as_str()).collect::<Vec<_>>(), ["api/squarewidget-create.md"]);
    assert_eq!(op.response.ty, Some(named("microsoft.graph.widget", false)));
    assert_eq!(op.body, Some(RequestBody::Resource { ty: named("microsoft.graph.widget", false) }));
    assert_eq!(d.of_kind(DiagnosticKind::PagesDisagree).count(), 0, "{d:?}");
}
