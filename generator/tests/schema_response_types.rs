//! Response-type inference on hand-written pages, one rule per test, and the
//! conformance verdicts that depend on it.

use graphgen::conformance::check_response;
use graphgen::diagnostics::{DiagnosticKind, Diagnostics};
use graphgen::markdown::{parse_page, IncludeLoader, Page};
use graphgen::schema::*;

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

fn op<'a>(s: &'a Schema, id: &str) -> &'a Operation {
    s.operations.iter().find(|o| o.id == id).unwrap_or_else(|| panic!("no operation {id}"))
}

fn named(q: &str, collection: bool) -> Option<TypeRef> {
    Some(TypeRef { target: TypeTarget::Named(q.to_string()), collection })
}

fn prim(p: Primitive, collection: bool) -> Option<TypeRef> {
    Some(TypeRef { target: TypeTarget::Primitive(p), collection })
}

const WIDGET: &str = r#"---
title: "widgets resource type"
doc_type: resourcePageType
---

# widgets resource type

Namespace: microsoft.graph

## Properties
|Property|Type|Description|
|:---|:---|:---|
|id|String|The id.|
|flag|String|A flag.|
|settingCollection|[settingCollection](settingcollection.md)|One object whose type name holds the word.|

## JSON representation
<!-- { "blockType": "resource", "keyProperty": "id", "@odata.type": "microsoft.graph.widgets" } -->
```json
{
  "id": "String",
  "flag": true,
  "settingCollection": {"@odata.type": "microsoft.graph.settingCollection"}
}
```
"#;

const SETTING_COLLECTION: &str = r#"---
title: "settingCollection resource type"
doc_type: resourcePageType
---

# settingCollection resource type

Namespace: microsoft.graph

## Properties
|Property|Type|Description|
|:---|:---|:---|
|name|String|The name.|
"#;

/// An operation page with `response` as the Response section and `example`
/// as the response fence's content.
fn op_page(title: &str, request: &str, response: &str, annotation: &str, example: &str) -> String {
    format!(
        "---\ntitle: \"{title}\"\ndoc_type: apiPageType\n---\n\n# {title}\n\nNamespace: microsoft.graph\n\n## HTTP request\n```http\n{request}\n```\n\n## Response\n{response}\n\n## Example\n### Request\n```http\n{request}\n```\n\n### Response\n<!-- {{ \"blockType\": \"response\"{annotation} }} -->\n```http\n{example}\n```\n"
    )
}

#[test]
fn plain_names_in_the_response_sentence() {
    let primitive = op_page(
        "getToken function",
        "GET /widgets/{id}/getToken()",
        "If successful, this function returns a `200 OK` response code and a String in the response body.",
        "",
        "HTTP/1.1 200 OK\n\n{\n  \"value\": \"abc\"\n}",
    );
    let strings = op_page(
        "listNames function",
        "GET /widgets/listNames()",
        "If successful, this function returns a `200 OK` response code and a String collection in the response body.",
        "",
        "HTTP/1.1 200 OK\n\n{\n  \"value\": [\"a\", \"b\"]\n}",
    );
    let bold = op_page(
        "Create widgets",
        "POST /widgets",
        "If successful, this method returns ```201 Created``` response code and a **widgets** object in the response body.",
        "",
        "HTTP/1.1 201 Created\n\n{\n  \"id\": \"1\"\n}",
    );
    let unknown = op_page(
        "Do thing",
        "POST /widgets/doThing",
        "If successful, this action returns a `200 OK` response code and a gizmo in the response body.",
        "",
        "HTTP/1.1 200 OK\n\n{\n  \"a\": 1\n}",
    );
    let (s, d) = build_pages(&[
        ("resources/widgets.md", WIDGET),
        ("resources/settingcollection.md", SETTING_COLLECTION),
        ("api/widget-gettoken.md", &primitive),
        ("api/widget-listnames.md", &strings),
        ("api/widget-create.md", &bold),
        ("api/widget-dothing.md", &unknown),
    ]);
    assert_eq!(op(&s, "widget-gettoken").response.ty, prim(Primitive::String, false));
    assert_eq!(op(&s, "widget-listnames").response.ty, prim(Primitive::String, true));
    assert_eq!(op(&s, "widget-create").response.ty, named("microsoft.graph.widgets", false));
    // A guess that names nothing is dropped silently: no unknown-type diagnostic.
    assert_eq!(op(&s, "widget-dothing").response.ty, None);
    assert!(!d.items.iter().any(|x| x.kind == DiagnosticKind::UnknownType && x.file == "api/widget-dothing.md"), "{:?}", d.items);
    // The primitive arrives in OData's envelope and round-trips through it.
    for id in ["widget-gettoken", "widget-listnames", "widget-create"] {
        let o = op(&s, id);
        let ex = o.examples.iter().find(|e| e.direction == ExampleDirection::Response).unwrap();
        assert_eq!(check_response(&s, o, ex), Ok(()), "{id}");
    }
}

#[test]
fn annotation_type_spelled_at_type_and_odata_context() {
    let at_type = op_page(
        "List widgets",
        "GET /widgets",
        "If successful, this method returns a `200 OK` response code.",
        ", \"@type\": \"Collection(microsoft.graph.widgets)\"",
        "HTTP/1.1 200 OK\n\n{\n  \"value\": [{\"id\": \"1\"}]\n}",
    );
    let context = op_page(
        "Get flags",
        "GET /widgets/{id}/flags()",
        "If successful, this function returns a `200 OK` response code.",
        "",
        "HTTP/1.1 200 OK\n\n{\n  \"@odata.context\": \"https://h/beta/$metadata#Collection(Edm.Boolean)\",\n  \"value\": [true]\n}",
    );
    let tagged = op_page(
        "Get setting",
        "GET /widgets/{id}/setting",
        "If successful, this method returns a `200 OK` response code.",
        "",
        "HTTP/1.1 200 OK\n\n{\n  \"@odata.context\": \"https://h/beta/$metadata#widgets('1')/setting/$entity\",\n  \"@odata.type\": \"#microsoft.graph.settingCollection\",\n  \"name\": \"n\"\n}",
    );
    let (s, _) = build_pages(&[
        ("resources/widgets.md", WIDGET),
        ("resources/settingcollection.md", SETTING_COLLECTION),
        ("api/widget-list.md", &at_type),
        ("api/widget-flags.md", &context),
        ("api/widget-setting.md", &tagged),
    ]);
    assert_eq!(op(&s, "widget-list").response.ty, named("microsoft.graph.widgets", true));
    assert_eq!(op(&s, "widget-flags").response.ty, prim(Primitive::Boolean, true));
    assert_eq!(op(&s, "widget-setting").response.ty, named("microsoft.graph.settingCollection", false));
}

#[test]
fn collection_is_a_word_not_part_of_a_type_name() {
    let page = op_page(
        "Get settingCollection",
        "GET /widgets/{id}/settingCollection",
        "If successful, this method returns a `200 OK` response code and a [settingCollection](../resources/settingcollection.md) object in the response body.",
        "",
        "HTTP/1.1 200 OK\n\n{\n  \"name\": \"n\"\n}",
    );
    let (s, _) = build_pages(&[("resources/widgets.md", WIDGET), ("resources/settingcollection.md", SETTING_COLLECTION), ("api/setting-get.md", &page)]);
    assert_eq!(op(&s, "setting-get").response.ty, named("microsoft.graph.settingCollection", false));
    let widget = &s.types["microsoft.graph.widgets"];
    let p = widget.properties.iter().find(|p| p.name == "settingCollection").unwrap();
    assert!(!p.ty.collection, "a Type cell naming `settingCollection` is one value");
}

#[test]
fn status_204_keeps_a_stated_body_and_a_body_sent_on_request() {
    let stated = op_page(
        "Update widgets",
        "PATCH /widgets/{id}",
        "If successful, this method returns a `204 Accepted` response code and a [widgets](../resources/widgets.md) object in the response body.",
        "",
        "HTTP/1.1 204 Accepted\n\n{\n  \"id\": \"1\"\n}",
    );
    let conditional_sentence = "If successful, this method returns `204 No Content` response and empty content. If the request specifies `Prefer` header with `return=representation` preference, then this method returns a `200 OK` response code and an updated [widgets](../resources/widgets.md) object in the response body.";
    // Each page on an endpoint of its own: pages on one endpoint would merge.
    let on_request = op_page("Update widgets", "PATCH /widgets/{id}/b", conditional_sentence, "", "HTTP/1.1 200 OK\n\n{\n  \"id\": \"1\"\n}");
    // The preference named only in the request headers table, the body in a second sentence.
    let in_headers = op_page(
        "Update widgets",
        "PATCH /widgets/{id}/c",
        "If successful, this method returns a `204 No Content` response code.\n\nIf the optional request header is used, the method returns a `200 OK` response code and the updated [widgets](../resources/widgets.md) object in the response body.",
        "",
        "HTTP/1.1 200 OK\n\n{\n  \"id\": \"1\"\n}",
    )
    .replace("## Response\n", "## Request headers\n| Name | Description |\n|:--|:--|\n| Prefer | return=representation. Optional. |\n\n## Response\n");
    // Another status with a type, but no word of how to ask for it: no body.
    let unexplained = op_page(
        "Update widgets",
        "PATCH /widgets/{id}/d",
        "If successful, this method returns a `204 No Content` response code.\n\nOtherwise it returns a `200 OK` response code and the [widgets](../resources/widgets.md) object in the response body.",
        "",
        "HTTP/1.1 200 OK\n\n{\n  \"id\": \"1\"\n}",
    );
    let (s, _) = build_pages(&[
        ("resources/widgets.md", WIDGET),
        ("api/a-update.md", &stated),
        ("api/b-update.md", &on_request),
        ("api/c-update.md", &in_headers),
        ("api/d-update.md", &unexplained),
    ]);
    let a = op(&s, "a-update");
    assert_eq!((a.response.ty.clone(), a.response.body_on_request), (named("microsoft.graph.widgets", false), false));
    for id in ["b-update", "c-update"] {
        let o = op(&s, id);
        assert_eq!(o.response.status, 204, "{id}: the default response stays 204");
        assert_eq!((o.response.ty.clone(), o.response.body_on_request), (named("microsoft.graph.widgets", false), true), "{id}");
        let ex = o.examples.iter().find(|e| e.direction == ExampleDirection::Response).unwrap();
        assert_eq!(check_response(&s, o, ex), Ok(()), "{id}");
    }
    let d = op(&s, "d-update");
    assert_eq!((d.response.ty.clone(), d.response.body_on_request), (None, false));
    let ex = d.examples.iter().find(|e| e.direction == ExampleDirection::Response).unwrap();
    let miss = check_response(&s, d, ex).unwrap_err();
    assert!(miss.cause.contains("204"), "{miss:?}");
}

#[test]
fn a_get_by_key_is_one_item_whatever_the_sentence_says() {
    let page = op_page(
        "Get widgets",
        "GET /widgets/{id}",
        "If successful, this method returns a `200 OK` response code and a collection of [widgets](../resources/widgets.md) objects in the response body.",
        "",
        "HTTP/1.1 200 OK\n\n{\n  \"id\": \"1\"\n}",
    );
    let (s, d) = build_pages(&[("resources/widgets.md", WIDGET), ("api/widget-get.md", &page)]);
    assert_eq!(op(&s, "widget-get").response.ty, named("microsoft.graph.widgets", false));
    assert!(d.items.iter().any(|x| x.kind == DiagnosticKind::UnclearResponse && x.file == "api/widget-get.md"));
}

#[test]
fn json_representation_and_examples_outvote_the_table() {
    // The table says `flag` is a String; the JSON representation and the
    // example both show a boolean.
    let page = op_page(
        "Get widgets",
        "GET /widgets/{id}",
        "If successful, this method returns a `200 OK` response code and a [widgets](../resources/widgets.md) object in the response body.",
        "",
        "HTTP/1.1 200 OK\n\n{\n  \"id\": \"1\",\n  \"flag\": false\n}",
    );
    let (s, d) = build_pages(&[("resources/widgets.md", WIDGET), ("resources/settingcollection.md", SETTING_COLLECTION), ("api/widget-get.md", &page)]);
    let widget = &s.types["microsoft.graph.widgets"];
    let flag = widget.properties.iter().find(|p| p.name == "flag").unwrap();
    assert_eq!(flag.ty.target, TypeTarget::Primitive(Primitive::Boolean));
    assert!(d.items.iter().any(|x| x.kind == DiagnosticKind::TypeMismatch && x.message.contains("examples")));

    // Without an example that agrees, the table is kept.
    let silent = op_page(
        "Get widgets",
        "GET /widgets/{id}",
        "If successful, this method returns a `200 OK` response code and a [widgets](../resources/widgets.md) object in the response body.",
        "",
        "HTTP/1.1 200 OK\n\n{\n  \"id\": \"1\",\n  \"flag\": \"yes\"\n}",
    );
    let (s, _) = build_pages(&[("resources/widgets.md", WIDGET), ("resources/settingcollection.md", SETTING_COLLECTION), ("api/widget-get.md", &silent)]);
    let flag = s.types["microsoft.graph.widgets"].properties.iter().find(|p| p.name == "flag").unwrap().ty.clone();
    assert_eq!(flag.target, TypeTarget::Primitive(Primitive::String));
}

#[test]
fn an_enum_page_that_calls_itself_a_resource_is_an_enum() {
    let page = r#"---
title: "widgetState enum type"
doc_type: resourcePageType
---

# widgetState enum type

Namespace: microsoft.graph

## Members
| Member | Value | Description |
|:---|:---|:---|
|idle|0|Idle.|
|busy|1|Busy.|
"#;
    let (s, _) = build_pages(&[("resources/widgetstate.md", page)]);
    let t = &s.types["microsoft.graph.widgetState"];
    assert_eq!(t.kind, TypeKind::Enum);
    assert_eq!(t.members.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(), ["idle", "busy"]);
}

#[test]
fn error_responses_are_read_as_graph_errors() {
    let page = op_page(
        "Validate widgets",
        "POST /widgets/validate",
        "If successful, this action returns a `204 No Content` response code.",
        "",
        "HTTP/1.1 422 Unprocessable Entity\n\n{\n  \"error\": {\"code\": \"Invalid\", \"message\": \"m\"}\n}",
    );
    let (s, _) = build_pages(&[("resources/widgets.md", WIDGET), ("api/widget-validate.md", &page)]);
    let o = op(&s, "widget-validate");
    let ex = o.examples.iter().find(|e| e.direction == ExampleDirection::Response).unwrap();
    assert_eq!(check_response(&s, o, ex), Ok(()));
}

const GADGET: &str = r#"---
title: "gadget resource type"
doc_type: resourcePageType
---

# gadget resource type

Namespace: microsoft.graph

## Properties
|Property|Type|Description|
|:---|:---|:---|
|id|String|The id.|

## Relationships
|Relationship|Type|Description|
|:---|:---|:---|
|parts|[part](part.md) collection|The parts.|
|owner|[part](part.md)|The owning part.|

## JSON representation
<!-- { "blockType": "resource", "keyProperty": "id", "@odata.type": "microsoft.graph.gadget" } -->
```json
{
  "id": "String"
}
```
"#;

const PART: &str = r#"---
title: "part resource type"
doc_type: resourcePageType
---

# part resource type

Namespace: microsoft.graph

## Properties
|Property|Type|Description|
|:---|:---|:---|
|id|String|The id.|
|label|String|The label.|

## JSON representation
<!-- { "blockType": "resource", "keyProperty": "id", "@odata.type": "microsoft.graph.part" } -->
```json
{
  "id": "String",
  "label": "String"
}
```
"#;

#[test]
fn an_unnamed_response_is_the_type_the_path_reaches_through_navigation() {
    let get_gadget = op_page(
        "Get gadget",
        "GET /gadgets/{id}",
        "If successful, this method returns a `200 OK` response code and a [gadget](../resources/gadget.md) object in the response body.",
        "",
        "HTTP/1.1 200 OK\n\n{\n  \"id\": \"1\"\n}",
    );
    let no_type = "If successful, this method returns a `200 OK` response code.";
    let item = "HTTP/1.1 200 OK\n\n{\n  \"id\": \"p\",\n  \"label\": \"l\"\n}";
    let list_parts = op_page("List parts", "GET /gadgets/{id}/parts", no_type, "", "HTTP/1.1 200 OK\n\n{\n  \"value\": [{\"id\": \"p\"}]\n}");
    let get_part = op_page("Get part", "GET /gadgets/{id}/parts/{part-id}", no_type, "", item);
    let update_owner = op_page("Update owner", "PATCH /gadgets/{id}/owner", no_type, "", item);
    let create_part = op_page("Create part", "POST /gadgets/{id}/parts", "If successful, this method returns a `201 Created` response code.", "", &item.replace("200 OK", "201 Created"));
    // A write whose example shows no body gets no type: `Json` would fail on the empty 200.
    let silent_update = op_page("Touch part", "PATCH /gadgets/{id}/parts/{part-id}", no_type, "", "HTTP/1.1 200 OK");
    // One of its paths reads the content (`$value`), not the navigation property: unclear.
    let with_content = op_page("Get owner", "GET /gadgets/{id}/owner\nGET /gadgets/{id}/owner/$value", no_type, "", item);
    // Not a navigation property of the type reached: nothing is guessed.
    let unknown = op_page("List bolts", "GET /gadgets/{id}/bolts", no_type, "", "HTTP/1.1 200 OK\n\n{\n  \"value\": []\n}");
    let (s, _) = build_pages(&[
        ("resources/gadget.md", GADGET),
        ("resources/part.md", PART),
        ("api/gadget-get.md", &get_gadget),
        ("api/gadget-list-parts.md", &list_parts),
        ("api/gadget-get-part.md", &get_part),
        ("api/gadget-update-owner.md", &update_owner),
        ("api/gadget-post-parts.md", &create_part),
        ("api/gadget-touch-owner.md", &silent_update),
        ("api/gadget-list-bolts.md", &unknown),
        ("api/gadget-get-owner.md", &with_content),
    ]);
    assert_eq!(op(&s, "gadget-get-owner").response.ty, None);
    assert_eq!(op(&s, "gadget-list-parts").response.ty, named("microsoft.graph.part", true));
    assert_eq!(op(&s, "gadget-get-part").response.ty, named("microsoft.graph.part", false));
    assert_eq!(op(&s, "gadget-update-owner").response.ty, named("microsoft.graph.part", false));
    assert_eq!(op(&s, "gadget-post-parts").response.ty, named("microsoft.graph.part", false));
    assert_eq!(op(&s, "gadget-touch-owner").response.ty, None);
    assert_eq!(op(&s, "gadget-list-bolts").response.ty, None);
    for id in ["gadget-list-parts", "gadget-get-part", "gadget-update-owner", "gadget-post-parts"] {
        let o = op(&s, id);
        let ex = o.examples.iter().find(|e| e.direction == ExampleDirection::Response).unwrap();
        assert_eq!(check_response(&s, o, ex), Ok(()), "{id}");
    }
}

#[test]
fn a_path_whose_start_two_gets_disagree_on_is_settled_before_it_is_followed() {
    let get_as = |ty: &str| {
        op_page(
            "Get gadget",
            "GET /gadgets/{id}",
            &format!("If successful, this method returns a `200 OK` response code and a [{ty}](../resources/{ty}.md) object in the response body."),
            "",
            "HTTP/1.1 200 OK\n\n{\n  \"id\": \"1\"\n}",
        )
    };
    let list_parts = op_page("List parts", "GET /gadgets/{id}/parts", "If successful, this method returns a `200 OK` response code.", "", "HTTP/1.1 200 OK\n\n{\n  \"value\": []\n}");
    let (s, d) = build_pages(&[
        ("resources/gadget.md", GADGET),
        ("resources/part.md", PART),
        ("api/a-get.md", &get_as("gadget")),
        ("api/b-get.md", &get_as("part")),
        ("api/gadget-list-parts.md", &list_parts),
    ]);
    // Two pages disagree on what `GET /gadgets/{id}` returns: the endpoint
    // goes to the page that counts first (path order here), the other is
    // reported with both places, and the walk starts from what is kept.
    assert_eq!(op(&s, "a-get").response.ty, named("microsoft.graph.gadget", false));
    assert!(!s.operations.iter().any(|o| o.id == "b-get"));
    let reported: Vec<_> = d.of_kind(DiagnosticKind::PagesDisagree).collect();
    assert_eq!(reported.len(), 1, "{d:?}");
    assert!(reported[0].file == "api/b-get.md" && reported[0].message.contains("api/a-get.md"), "{}", reported[0].message);
    assert_eq!(op(&s, "gadget-list-parts").response.ty, named("microsoft.graph.part", true));
}
