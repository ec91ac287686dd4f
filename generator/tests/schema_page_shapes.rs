//! Page shapes the readers once missed (issue 12, item 3), on small
//! hand-written pages: the rule, its limits, and its diagnostic. The
//! `docs/` pages show each shape once more end to end
//! (`docs_page_shapes.rs`).

use graphgen::diagnostics::{DiagnosticKind, Diagnostics};
use graphgen::markdown::{parse_page, NoIncludes, Page};
use graphgen::schema::*;

fn build_pages(pages: &[(&str, &str)]) -> (Schema, Diagnostics) {
    let parsed: Vec<Page> = pages.iter().map(|(p, t)| parse_page(p, t, &NoIncludes).0).collect();
    build(&parsed)
}

fn has(d: &Diagnostics, kind: DiagnosticKind, file: &str, says: &str) -> bool {
    d.items.iter().any(|x| x.kind == kind && x.file == file && x.message.contains(says))
}

fn op<'s>(s: &'s Schema, id: &str) -> &'s Operation {
    s.operations.iter().find(|o| o.id == id).unwrap_or_else(|| panic!("no {id} in {:?}", s.operations.iter().map(|o| &o.id).collect::<Vec<_>>()))
}

fn paths<'s>(s: &'s Schema, id: &str) -> Vec<&'s str> {
    op(s, id).paths.iter().map(|p| p.raw.as_str()).collect()
}

/// A type page: title, prose, a properties table (rows `name|type`), and an
/// optional annotation line before the JSON fence.
fn type_page(title: &str, prose: &str, rows: &[(&str, &str)], annotation: &str) -> String {
    let table: String = rows.iter().map(|(n, t)| format!("| {n} | {t} | About {n}. |\n")).collect();
    format!(
        "---\ntitle: \"{title}\"\ndoc_type: resourcePageType\nms.prod: \"widgets\"\n---\n\n# {title}\n\nNamespace: microsoft.graph\n\n{prose}\n\n## Properties\n| Property | Type | Description |\n|:---|:---|:---|\n{table}\n## JSON representation\n{annotation}\n```json\n{{}}\n```\n"
    )
}

/// An operation page: request lines, a request body section, a response
/// sentence and example requests (`METHOD url` lines, with an optional body).
fn api_page(title: &str, lines: &[&str], body: &str, response: &str, examples: &[(&str, &str)]) -> String {
    let mut ex = String::new();
    for (n, (line, json)) in examples.iter().enumerate() {
        ex.push_str(&format!("### Request\n<!-- {{ \"blockType\": \"request\", \"name\": \"ex{n}\" }} -->\n```http\n{line}\n"));
        if !json.is_empty() {
            ex.push_str(&format!("Content-type: application/json\n\n{json}\n"));
        }
        ex.push_str("```\n\n");
    }
    format!(
        "---\ntitle: \"{title}\"\ndoc_type: apiPageType\nms.prod: \"widgets\"\n---\n\n# {title}\n\n## HTTP request\n```http\n{}\n```\n\n## Request body\n{body}\n\n## Response\n{response}\n\n## Examples\n{ex}",
        lines.join("\n")
    )
}

// ------------------------------------------------------------ type pages

#[test]
fn type_named_by_an_at_type_annotation_or_a_loose_one() {
    let older = type_page("Frob resource", "A frob.", &[("size", "Int32")], "<!-- { \"blockType\": \"resource\", \"@type\": \"microsoft.graph.gadgetFrob\" } -->");
    // Prose between the annotation and the fence: the annotation stands alone.
    let loose = type_page(
        "widgets resource type",
        "A widget.",
        &[("size", "Int32")],
        "<!-- { \"blockType\": \"resource\", \"keyProperty\": \"id\", \"@odata.type\": \"microsoft.graph.widget\" } -->\n\nHere is a JSON representation of the widget.\n",
    );
    let (s, _) = build_pages(&[("resources/frob.md", &older), ("resources/widget.md", &loose)]);
    assert!(s.types.contains_key("microsoft.graph.gadgetFrob"), "{:?}", s.types.keys().collect::<Vec<_>>());
    assert!(!s.types.contains_key("microsoft.graph.Frob"));
    let widget = &s.types["microsoft.graph.widget"];
    assert_eq!((widget.kind, widget.key_property.as_deref()), (TypeKind::Entity, Some("id")));
    assert!(!s.types.contains_key("microsoft.graph.widgets"));
}

#[test]
fn overview_pages_are_no_types_but_empty_type_pages_are() {
    let overview = "---\ntitle: \"Working with widgets\"\ndoc_type: resourcePageType\n---\n\n# Working with widgets in the API\n\nWidgets do things.\n\n## Common use cases\n\nMany.\n";
    let empty = "---\ntitle: \"gadgetBase resource type\"\ndoc_type: resourcePageType\n---\n\n# gadgetBase resource type\n\nAn abstract base type of gadgets.\n\n## Derived types\n\nMany.\n";
    let (s, d) = build_pages(&[("resources/widgets-overview.md", overview), ("resources/gadgetbase.md", empty)]);
    assert!(!s.types.contains_key("microsoft.graph.Working"));
    assert!(has(&d, DiagnosticKind::FrontMatter, "resources/widgets-overview.md", "read as an overview"));
    // Titled like a type: kept (and abstract, by its prose).
    assert!(s.types["microsoft.graph.gadgetBase"].is_abstract);
}

#[test]
fn abstract_and_open_only_when_said_of_the_type_itself() {
    let pages = [
        ("resources/a.md", type_page("a resource type", "Entity representing the definition for an abstract complex setting.", &[("x", "String")], "")),
        ("resources/b.md", type_page("b resource type", "Inherits from the abstract base type [a](a.md). Used in the open type [c](c.md).", &[("x", "String")], "")),
        ("resources/c.md", type_page("c resource type (Open Type)", "A bag of values.", &[("x", "String")], "")),
        ("resources/d.md", type_page("d resource type", "A record.", &[("x", "String")], "<!-- { \"blockType\": \"resource\", \"abstract\": false, \"@odata.type\": \"microsoft.graph.d\" } -->\n\n> This complex type is abstract.\n")),
    ];
    let pages: Vec<(&str, &str)> = pages.iter().map(|(p, t)| (*p, t.as_str())).collect();
    let (s, d) = build_pages(&pages);
    let t = |n: &str| &s.types[&format!("microsoft.graph.{n}")];
    assert!(!t("a").is_abstract && !t("b").is_abstract && !t("b").open_type);
    assert!(t("c").open_type);
    assert_eq!(t("b").base_type.as_deref(), Some("microsoft.graph.a"));
    // `> This complex type is abstract.` after the JSON fence is not the intro;
    // the annotation's explicit `false` stands.
    assert!(!t("d").is_abstract);
    assert!(has(&d, DiagnosticKind::IncompleteAnnotation, "resources/c.md", "is an open type"));
    assert!(!d.items.iter().any(|x| x.kind == DiagnosticKind::IncompleteAnnotation && x.file != "resources/c.md"), "{d:?}");
}

#[test]
fn bases_from_inherited_from_and_never_the_page_itself() {
    let pages = [
        ("resources/record.md", type_page("record resource type", "A record.", &[("x", "String")], "")),
        ("resources/cname.md", type_page("cname resource type", "Returned for a [domain](domain.md) entity. Inherited from [record](record.md) entity.", &[("alias", "String")], "")),
        ("resources/domain.md", type_page("domain resource type", "The following types are derived from **domain**: none yet. It inherits from base policy type.", &[("name", "String")], "")),
        ("resources/policy.md", type_page("policy resource type", "A policy. It is derived from microsoft.graph.record.", &[("rule", "String")], "")),
    ];
    let pages: Vec<(&str, &str)> = pages.iter().map(|(p, t)| (*p, t.as_str())).collect();
    let (s, d) = build_pages(&pages);
    assert_eq!(s.types["microsoft.graph.cname"].base_type.as_deref(), Some("microsoft.graph.record"));
    assert_eq!(s.types["microsoft.graph.policy"].base_type.as_deref(), Some("microsoft.graph.record"));
    assert_eq!(s.types["microsoft.graph.domain"].base_type, None);
    assert!(!d.items.iter().any(|x| x.kind == DiagnosticKind::InvalidBaseType), "{d:?}");
}

#[test]
fn values_tables_are_enums_unless_they_list_a_property_s_values() {
    let values = |name: &str, members: &[&str]| {
        let rows: String = members.iter().map(|m| format!("| {m} | About {m}. |\n")).collect();
        format!("### {name} values\n\n| Value | Description |\n|:---|:---|\n{rows}\n")
    };
    let tables = [
        values("gadgetMode", &["fast", "slow"]),
        // Named after a property whose type has the same name: the enum.
        values("gadgetKind", &["round", "square"]),
        // Named after a String property, or one typed as another enum: its values.
        values("State enumeration", &["on", "off"]),
        values("phase", &["fast"]),
    ]
    .concat();
    let page = type_page(
        "gadget resource type",
        "A gadget.",
        &[("mode", "[gadgetMode](#gadgetmode-values)"), ("gadgetKind", "[gadgetKind](#gadgetkind-values)"), ("state", "String"), ("phase", "[gadgetMode](#gadgetmode-values)")],
        "",
    )
    .replace("## JSON representation", &format!("{tables}## JSON representation"));
    let (s, d) = build_pages(&[("resources/gadget.md", &page)]);
    let members = |q: &str| s.types[q].members.iter().map(|m| m.name.clone()).collect::<Vec<_>>();
    assert_eq!(members("microsoft.graph.gadgetMode"), ["fast", "slow"]);
    assert_eq!(members("microsoft.graph.gadgetKind"), ["round", "square"]);
    let g = &s.types["microsoft.graph.gadget"];
    assert_eq!(g.properties[0].ty.target, TypeTarget::Named("microsoft.graph.gadgetMode".into()));
    assert_eq!(g.properties[1].ty.target, TypeTarget::Named("microsoft.graph.gadgetKind".into()));
    // `state` stays the String its row says; no enum named after `state` or `phase`.
    assert_eq!(g.properties[2].ty.target, TypeTarget::Primitive(Primitive::String));
    let names: Vec<String> = s.types.keys().map(|k| k.to_ascii_lowercase()).collect();
    assert!(!names.iter().any(|k| k.ends_with(".state") || k.ends_with(".phase")), "{names:?}");
    assert!(!d.items.iter().any(|x| x.kind == DiagnosticKind::UnknownType), "{d:?}");
}

#[test]
fn collections_in_other_spellings() {
    let page = type_page(
        "gadget resource type",
        "A gadget.",
        &[("a", "Collection of String"), ("b", "Int32 array"), ("c", "Set of Guid"), ("d", "Collection of [part](part.md)"), ("e", "String")],
        "",
    );
    let part = type_page("part resource type", "A part.", &[("x", "String")], "");
    let (s, _) = build_pages(&[("resources/gadget.md", &page), ("resources/part.md", &part)]);
    let read: Vec<(TypeTarget, bool)> = s.types["microsoft.graph.gadget"].properties.iter().map(|p| (p.ty.target.clone(), p.ty.collection)).collect();
    assert_eq!(
        read,
        [
            (TypeTarget::Primitive(Primitive::String), true),
            (TypeTarget::Primitive(Primitive::Int32), true),
            (TypeTarget::Primitive(Primitive::Guid), true),
            (TypeTarget::Named("microsoft.graph.part".into()), true),
            (TypeTarget::Primitive(Primitive::String), false),
        ]
    );
}

// ------------------------------------------------------- operation pages

const GADGET: &str = "---\ntitle: \"gadget resource type\"\ndoc_type: resourcePageType\n---\n\n# gadget resource type\n\nA gadget.\n\n## Properties\n| Property | Type | Description |\n|:---|:---|:---|\n| id | String | Key. |\n| size | Int32 | Size. |\n| owner | String | Owner. |\n\n## JSON representation\n<!-- { \"blockType\": \"resource\", \"keyProperty\": \"id\", \"@odata.type\": \"microsoft.graph.gadget\" } -->\n```json\n{}\n```\n";

#[test]
fn actions_take_parameters_listed_under_parameters_and_sample_value_tables_are_no_types() {
    let action = api_page("gadget: polish", &["POST /gadgets/{id}/polish"], "Supply the parameters below.", "If successful, this action returns a `204 No Content` response code.", &[])
        .replace("## Response", "## Parameters\n| Parameter | Type | Description |\n|:---|:---|:---|\n| shine | Int32 | How much. Required. |\n\n## Response");
    // `Name | Value` rows holding sample values, not types: not a parameter table.
    let samples = api_page(
        "Create extension",
        &["POST /gadgets/{id}/extensions"],
        "| Name | Value |\n|:---|:---|\n| @odata.type | microsoft.graph.openExtension |\n| extensionName | %unique_string% |",
        "If successful, this method returns a `201 Created` response code.",
        &[],
    );
    let (s, d) = build_pages(&[("api/gadget-polish.md", &action), ("api/gadget-extension.md", &samples), ("resources/gadget.md", GADGET)]);
    let Some(RequestBody::Parameters { params }) = &op(&s, "gadget-polish").body else { panic!("{:?}", op(&s, "gadget-polish").body) };
    assert_eq!((params[0].name.as_str(), params[0].required), ("shine", true));
    assert_eq!(op(&s, "gadget-extension").body, None);
    assert!(!has(&d, DiagnosticKind::MalformedTable, "api/gadget-extension.md", "holds types"));
}

#[test]
fn a_body_sentence_naming_a_type_whose_properties_the_table_lists_stays_a_resource() {
    let bind = api_page(
        "Create gadget",
        &["POST /gadgets"],
        "In the request body, supply a JSON representation of a [gadget](../resources/gadget.md).\n\n| Property | Type | Description |\n|:---|:---|:---|\n| owner@odata.bind | String | The owner. |\n| size | Int32 | Size. |",
        "If successful, this method returns a `201 Created` response code and a [gadget](../resources/gadget.md) object in the response body.",
        &[],
    );
    // Rows only a derived type has: a create may send that type.
    let derived = type_page("bigGadget resource type", "Inherits from [gadget](gadget.md).", &[("weight", "Double")], "");
    let subtype = api_page(
        "Create big gadget",
        &["POST /gadgets/big"],
        "In the request body, supply a JSON representation of a [gadget](../resources/gadget.md).\n\n| Property | Type | Description |\n|:---|:---|:---|\n| weight | Double | Weight. |",
        "If successful, this method returns a `201 Created` response code.",
        &[],
    );
    let (s, d) = build_pages(&[("api/gadget-post.md", &bind), ("api/biggadget-post.md", &subtype), ("resources/gadget.md", GADGET), ("resources/biggadget.md", &derived)]);
    for id in ["gadget-post", "biggadget-post"] {
        assert!(matches!(&op(&s, id).body, Some(RequestBody::Resource { ty }) if ty.target == TypeTarget::Named("microsoft.graph.gadget".into())), "{id}: {:?}", op(&s, id).body);
    }
    assert!(!d.items.iter().any(|x| x.kind == DiagnosticKind::TypeMismatch), "{d:?}");
}

#[test]
fn api_version_first_segments_and_elisions() {
    let page = api_page(
        "Get gadget",
        &["GET /beta/gadgets/{id}", "GET /gadgets/{id}/parts/{partId}/../owner"],
        "Do not supply a request body.",
        "If successful, this method returns a `200 OK` response code and a [gadget](../resources/gadget.md) object in the response body.",
        &[("GET https://graph.microsoft.com/BETA/gadgets/7", "")],
    );
    let (s, d) = build_pages(&[("api/gadget-get.md", &page), ("resources/gadget.md", GADGET)]);
    assert_eq!(paths(&s, "gadget-get"), ["/gadgets/{id}"]);
    assert!(has(&d, DiagnosticKind::InvalidPath, "api/gadget-get.md", "starts with the API version `beta`"));
    assert!(has(&d, DiagnosticKind::InvalidPath, "api/gadget-get.md", "`..` stands for a part of the path left out"));
}

#[test]
fn a_response_sentence_may_name_the_type_in_the_plural() {
    let page = api_page(
        "Get gadgets",
        &["GET /gadgets/{id}"],
        "Do not supply a request body.",
        "If successful, this method returns a `200 OK` response code and a **gadgets** object in the response body.",
        &[],
    );
    let (s, _) = build_pages(&[("api/gadget-get.md", &page), ("resources/gadget.md", GADGET)]);
    assert_eq!(op(&s, "gadget-get").response.ty, Some(TypeRef { target: TypeTarget::Named("microsoft.graph.gadget".into()), collection: false }));
}

// ------------------------------------------------------------------ paths

/// Pages whose examples make `me` and `gadgets` documented roots.
fn rooted(id: &str, lines: &[&str], example: &str) -> (String, String) {
    let page = api_page(id, lines, "Do not supply a request body.", "If successful, this method returns a `200 OK` response code.", &[(example, "")]);
    (format!("api/{id}.md"), page)
}

fn build_rooted(pages: &[(String, String)]) -> (Schema, Diagnostics) {
    let mut all: Vec<(&str, &str)> = pages.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    all.push(("resources/gadget.md", GADGET));
    build_pages(&all)
}

#[test]
fn relative_paths_read_under_every_documented_path_that_continues_them() {
    let pages = [
        rooted("sheet-get", &["GET /me/items/{itemId}/workbook/sheets/{sheetId}", "GET /me/root:/{item-path}:/workbook/sheets/{sheetId}"], "GET https://graph.microsoft.com/beta/me/items/01A/workbook/sheets/S1"),
        // Written relative to `workbook`, without an example of its own.
        (
            "api/table-get.md".to_owned(),
            api_page("Get table", &["GET /workbook/sheets/{sheetId}/tables/{tableId}"], "Do not supply a request body.", "If successful, this method returns a `200 OK` response code.", &[]),
        ),
        // `workbook` followed by what no documented path has: dropped.
        (
            "api/chart-get.md".to_owned(),
            api_page("Get chart", &["GET /workbook/charts/{chartId}"], "Do not supply a request body.", "If successful, this method returns a `200 OK` response code.", &[]),
        ),
        // A root no example starts at and no path reaches: the docs' own root, kept.
        rooted("gizmo-list", &["GET /gizmos"], "GET https://graph.microsoft.com/beta/gizmos"),
        (
            "api/gizmo-get.md".to_owned(),
            api_page("Get gizmo", &["GET /gizmoStore/{id}"], "Do not supply a request body.", "If successful, this method returns a `200 OK` response code.", &[]),
        ),
    ];
    let (s, d) = build_rooted(&pages);
    assert_eq!(paths(&s, "table-get"), ["/me/items/{itemId}/workbook/sheets/{sheetId}/tables/{tableId}", "/me/root:/{item-path}:/workbook/sheets/{sheetId}/tables/{tableId}"]);
    assert!(has(&d, DiagnosticKind::InvalidPath, "api/table-get.md", "is relative"));
    assert!(s.operations.iter().all(|o| o.id != "chart-get"), "an operation whose every path was dropped is dropped");
    assert!(has(&d, DiagnosticKind::InvalidPath, "api/chart-get.md", "so it is dropped"));
    assert_eq!(paths(&s, "gizmo-get"), ["/gizmoStore/{id}"]);
    assert!(!d.items.iter().any(|x| x.file == "api/gizmo-get.md" && x.kind == DiagnosticKind::InvalidPath));
}

#[test]
fn relative_path_under_the_plain_prefix_its_examples_use() {
    let pages = [
        rooted("me-get", &["GET /me"], "GET https://graph.microsoft.com/beta/me"),
        rooted("settings-get", &["GET /mySettings/regional"], "GET https://graph.microsoft.com/beta/me/mySettings/regional"),
    ];
    let (s, d) = build_rooted(&pages);
    assert_eq!(paths(&s, "settings-get"), ["/me/mySettings/regional"]);
    assert!(has(&d, DiagnosticKind::InvalidPath, "api/settings-get.md", "its examples request it under `/me`"));
}

#[test]
fn concrete_ids_by_shape_and_by_place() {
    let pages = [
        rooted("gadget-get", &["GET /gadgets/{gadgetId}"], "GET https://graph.microsoft.com/beta/gadgets/7"),
        rooted(
            "gadget-misc",
            &[
                "GET /gadgets/adele@contoso.com/parts",
                "GET /gadgets/12345/owner",
                "GET /gadgets/19:abc@thread.v2/tags",
                "GET /gadgets/'Gadget1'/size",
                "GET /gadgets/microsoft.graph.bigGadget",
                "GET /gadgets/{gadgetId}/parts/rebuildPkcs12",
            ],
            "GET https://graph.microsoft.com/beta/gadgets/7/parts",
        ),
        rooted("photo-get", &["GET /gadgets/{gadgetId}/photos/{size}", "GET /gadgets/{gadgetId}/photos/48x48/data"], "GET https://graph.microsoft.com/beta/gadgets/7/photos/48x48"),
    ];
    let (s, d) = build_rooted(&pages);
    assert_eq!(
        paths(&s, "gadget-misc"),
        [
            "/gadgets/{gadgetId}/parts",
            "/gadgets/{gadgetId}/owner",
            "/gadgets/{gadgetId}/tags",
            "/gadgets/{gadgetId}/size",
            "/gadgets/microsoft.graph.bigGadget",
            "/gadgets/{gadgetId}/parts/rebuildPkcs12"
        ]
    );
    for why in ["(an email address or id)", "(a number)", "(a quoted value)"] {
        assert!(has(&d, DiagnosticKind::InvalidPath, "api/gadget-misc.md", why), "{why}: {d:?}");
    }
    // `48x48` where another path has the `{size}` key: a value by its place.
    assert_eq!(paths(&s, "photo-get"), ["/gadgets/{gadgetId}/photos/{size}", "/gadgets/{gadgetId}/photos/{size}/data"]);
    assert!(has(&d, DiagnosticKind::InvalidPath, "api/photo-get.md", "a value where other paths have a key"));
}

#[test]
fn one_spelling_per_place_most_paths_first_then_camel_case() {
    let pages = [
        rooted("a", &["GET /gadgets/{id}/partSets", "GET /gadgets/{id}/partsets/{setId}", "GET /gadgets/{id}/partSets/{setId}/items"], "GET https://graph.microsoft.com/beta/gadgets/7/partSets"),
        rooted("b", &["GET /gadgets/{id}/Labels", "GET /gadgets/{id}/labels/{labelId}"], "GET https://graph.microsoft.com/beta/gadgets/7/labels"),
    ];
    let (s, d) = build_rooted(&pages);
    assert_eq!(paths(&s, "a"), ["/gadgets/{id}/partSets", "/gadgets/{id}/partSets/{setId}", "/gadgets/{id}/partSets/{setId}/items"]);
    // One each: the lowercase-first spelling wins the tie.
    assert_eq!(paths(&s, "b"), ["/gadgets/{id}/labels", "/gadgets/{id}/labels/{labelId}"]);
    assert!(has(&d, DiagnosticKind::InvalidPath, "api/a.md", "read `partsets` as `partSets`"));
    assert!(has(&d, DiagnosticKind::InvalidPath, "api/b.md", "read `Labels` as `labels`"));
}

#[test]
fn a_request_line_its_own_example_contradicts_is_read_as_the_example() {
    const BETA: &str = "https://graph.microsoft.com/beta";
    let pages = [
        rooted("gadget-list", &["GET /gadgets"], &format!("GET {BETA}/gadgets")),
        rooted("gadget-get", &["GET /gadgets/{gadgetId}"], &format!("GET {BETA}/gadgets/7")),
        rooted("part-list", &["GET /gadgets/{gadgetId}/parts"], &format!("GET {BETA}/gadgets/7/parts")),
        rooted("part-delete", &["DELETE /gadgets/{gadgetId}/parts/{partId}"], &format!("DELETE {BETA}/gadgets/7/parts/p1")),
        rooted("child-list", &["GET /gadgets/{gadgetId}/children"], &format!("GET {BETA}/gadgets/7/children")),
        // A singular where the example and every other page write the plural.
        rooted("owner-list", &["GET /gadget/{gadgetId}/owners"], &format!("GET {BETA}/gadgets/7/owners")),
        // A literal `id` where the example and the other pages have a key.
        rooted("gadget-rebuild", &["POST /gadgets/id/rebuild"], &format!("POST {BETA}/gadgets/{{id}}/rebuild")),
        // A create written with the key of an item; its example posts to the collection.
        rooted("gadget-post", &["POST /gadgets/{gadgetId}"], &format!("POST {BETA}/gadgets")),
        // A get written without its key; its example has one (a value by its
        // shape) where other pages do.
        rooted("part-get", &["GET /gadgets/{gadgetId}/parts"], &format!("GET {BETA}/gadgets/7/parts/42")),
        // A name where a key would go is no key: the line lacks an action.
        rooted("part-add", &["POST /gadgets/{gadgetId}/parts"], &format!("POST {BETA}/gadgets/7/parts/add")),
        // Limits: an example another operation of the method takes documents
        // that operation (and a get keeps its key) ...
        rooted("gadget-get-again", &["GET /gadgets/{gadgetId}/"], &format!("GET {BETA}/gadgets")),
        // ... and a literal some example request writes is no slip.
        rooted("child-post", &["POST /gadgets/{gadgetId}/children"], &format!("POST {BETA}/gadgets/7/parts")),
    ];
    let (s, d) = build_rooted(&pages);
    assert_eq!(paths(&s, "owner-list"), ["/gadgets/{gadgetId}/owners"]);
    assert!(has(&d, DiagnosticKind::InvalidPath, "api/owner-list.md", "differs from its own example request, which writes it as other pages do (`gadget` as `gadgets`)"));
    assert_eq!(paths(&s, "gadget-rebuild"), ["/gadgets/{gadgetId}/rebuild"]);
    assert!(has(&d, DiagnosticKind::InvalidPath, "api/gadget-rebuild.md", "`id` as `{gadgetId}`"));
    assert_eq!(paths(&s, "gadget-post"), ["/gadgets"]);
    assert!(has(&d, DiagnosticKind::InvalidPath, "api/gadget-post.md", "no key `{gadgetId}` after `/gadgets`"));
    assert_eq!(paths(&s, "part-get"), ["/gadgets/{gadgetId}/parts/{partId}"]);
    assert!(has(&d, DiagnosticKind::InvalidPath, "api/part-get.md", "a key `{partId}` after `/gadgets/{gadgetId}/parts`"));
    assert_eq!(paths(&s, "gadget-get-again"), ["/gadgets/{gadgetId}"]);
    assert_eq!(paths(&s, "child-post"), ["/gadgets/{gadgetId}/children"]);
    assert_eq!(paths(&s, "part-add"), ["/gadgets/{gadgetId}/parts"]);
    for page in ["api/gadget-get-again.md", "api/child-post.md", "api/part-add.md", "api/gadget-list.md", "api/part-list.md"] {
        assert!(!d.items.iter().any(|x| x.file == page && x.kind == DiagnosticKind::InvalidPath), "{page}: {d:?}");
    }
    // Each repaired example is now reproduced by the model of the builders;
    // the three limits' examples are not.
    let model = graphgen::conformance::check_schema(&s);
    assert_eq!((model.requests_reproduced.count, model.requests_reproduced.of), (9, 12), "{:?}", model.miss_examples);
}

#[test]
fn example_requests_to_other_hosts_are_counted_apart() {
    let pages = [
        rooted("gadget-list", &["GET /gadgets"], "GET https://graph.microsoft.com/beta/gadgets"),
        // A national cloud's host and a relative URL are Graph.
        rooted("gadget-get", &["GET /gadgets/{gadgetId}"], "GET https://microsoftgraph.chinacloudapi.cn/v1.0/gadgets/7"),
        rooted("gadget-delete", &["DELETE /gadgets/{gadgetId}"], "DELETE /gadgets/7"),
        // A bot's callback on a call page: no builder makes it.
        rooted("gadget-ring", &["POST /gadgets/{gadgetId}/ring"], "POST https://bot.contoso.com:443/api/calls"),
        // A pre-authenticated upload URL.
        rooted("gadget-upload", &["PUT /gadgets/{gadgetId}/content"], "PUT https://sn3302.up.1drv.com/up/fe69874"),
    ];
    let (s, _) = build_rooted(&pages);
    let model = graphgen::conformance::check_schema(&s);
    assert_eq!(model.not_graph_requests, 2);
    assert_eq!((model.requests_reproduced.count, model.requests_reproduced.of), (3, 3), "{:?}", model.request_misses);
    let (measure, value) = model.not_graph_row().expect("a row for them");
    assert_eq!(measure, "example requests that are not a Graph request (to another host; in neither side of the figure above)");
    assert!(value.starts_with("2 (e.g. api/gadget-ring.md:") && value.ends_with("https://bot.contoso.com:443/api/calls)"), "{value}");
    // The example tests list them, with the cause, untested.
    let made = graphgen::emit::example_tests::emit(&s);
    assert_eq!(made.tested, 3);
    assert_eq!(made.skipped.iter().filter(|x| x.ends_with(": not a Graph request")).count(), 2, "{:?}", made.skipped);
}
