//! The markdown stage on hand-written pages: structure, lines, annotations,
//! tabs, includes and malformed input.

use graphgen::diagnostics::DiagnosticKind;
use graphgen::markdown::{parse_page, BlockKind, IncludeLoader, NoIncludes};
use std::collections::BTreeMap;

const PAGE: &str = r#"---
title: "frobnicate action"
doc_type: apiPageType
ms.prod: "widgets"
---

# frobnicate action

Namespace: microsoft.graph

Frobnicates a [widget](../resources/widget.md).

## Prerequisites
|Permission type|Permissions (from least to most privileged)|
|:---|:---|
|Delegated (work or school account)|Widget.ReadWrite.All|
|Application|Widget.ReadWrite.All|

## HTTP request
<!-- { "blockType": "ignored" } -->
```http
POST /widgets/{widgetId}/frobnicate
```

## Example

### Request
# [HTTP](#tab/http)
<!-- {
  "blockType": "request",
  "name": "frobnicate_widget"
}-->
```http
POST https://graph.microsoft.com/beta/widgets/1/frobnicate
Content-type: application/json

{"level": 3}
```
# [C#](#tab/csharp)
```csharp
var x = 1;
```
---

### Response
```http
HTTP/1.1 204 No Content
```
"#;

#[test]
fn reads_structure_with_lines() {
    let (page, diags) = parse_page("api/widget-frobnicate.md", PAGE, &NoIncludes);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(page.doc_type(), Some("apiPageType"));
    assert_eq!(page.front_matter["ms.prod"], ("widgets".to_string(), 4));
    let titles: Vec<_> = page.headings.iter().map(|h| (h.level, h.text.as_str(), h.line)).collect();
    assert_eq!(
        titles,
        vec![
            (1, "frobnicate action", 7),
            (2, "Prerequisites", 13),
            (2, "HTTP request", 19),
            (2, "Example", 25),
            (3, "Request", 27),
            (3, "Response", 45),
        ],
        "tab markers are not headings"
    );

    let tables: Vec<_> = page.blocks.iter().filter_map(|b| match &b.kind { BlockKind::Table(t) => Some((b, t)), _ => None }).collect();
    assert_eq!(tables.len(), 1);
    let (block, table) = tables[0];
    assert_eq!(page.enclosing(block, 2).unwrap().text, "Prerequisites");
    assert_eq!(table.header[0].text, "Permission type");
    assert_eq!(table.rows[1].line, 17);
    assert_eq!(table.rows[1].cells[1].text, "Widget.ReadWrite.All");

    let codes: Vec<_> = page.blocks.iter().filter_map(|b| match &b.kind { BlockKind::Code(c) => Some((b, c)), _ => None }).collect();
    assert_eq!(codes.len(), 3, "the C# sample is skipped: {codes:?}");
    assert_eq!(codes[0].1.annotation.as_ref().unwrap().get_str("blockType"), Some("ignored"));
    assert_eq!(codes[0].1.content_line, 22);
    assert_eq!(codes[1].1.annotation.as_ref().unwrap().get_str("name"), Some("frobnicate_widget"));
    assert_eq!(codes[1].1.annotation.as_ref().unwrap().line, 29);
    assert!(codes[1].1.text.contains("\"level\": 3"));
    assert_eq!(page.nearest_heading(codes[1].0).unwrap().text, "Request");
    assert!(codes[2].1.annotation.is_none());
    assert_eq!(page.nearest_heading(codes[2].0).unwrap().text, "Response");

    let para = page.blocks.iter().find_map(|b| match &b.kind { BlockKind::Paragraph(t) if t.text.starts_with("Frobnicates") => Some(t), _ => None }).unwrap();
    assert_eq!(para.links[0].text, "widget");
    assert_eq!(para.links[0].target, "../resources/widget.md");
}

#[test]
fn crlf_pages_read_like_lf_pages() {
    let crlf = PAGE.replace('\n', "\r\n");
    let (a, _) = parse_page("p.md", PAGE, &NoIncludes);
    let (b, _) = parse_page("p.md", &crlf, &NoIncludes);
    assert_eq!(a, b);
}

struct MapLoader(BTreeMap<String, String>);
impl IncludeLoader for MapLoader {
    fn load(&self, path: &str) -> Option<String> {
        self.0.get(path).cloned()
    }
}

#[test]
fn includes_are_followed_relative_to_the_page_and_missing_ones_reported() {
    let page = "---\ndoc_type: apiPageType\n---\n# t\n\n## Permissions\n<!-- { \"blockType\": \"permissions\", \"name\": \"t\" } -->\n[!INCLUDE [permissions-table](../includes/permissions/t-permissions.md)]\n\n[!INCLUDE [gone](../includes/gone.md)]\n";
    let mut files = BTreeMap::new();
    files.insert(
        "includes/permissions/t-permissions.md".to_string(),
        "|Permission type|Least privileged permissions|Higher privileged permissions|\n|:---|:---|:---|\n|Application|A.Read|A.Write|\n".to_string(),
    );
    let (parsed, diags) = parse_page("api/t.md", page, &MapLoader(files));
    let includes: Vec<_> = parsed.blocks.iter().filter_map(|b| match &b.kind { BlockKind::Include(i) => Some((b, i)), _ => None }).collect();
    assert_eq!(includes.len(), 2);
    let (block, inc) = includes[0];
    assert_eq!(inc.resolved_path.as_deref(), Some("includes/permissions/t-permissions.md"));
    assert_eq!(parsed.enclosing(block, 2).unwrap().text, "Permissions");
    match &inc.blocks[0].kind {
        BlockKind::Table(t) => {
            assert_eq!(t.rows[0].cells[2].text, "A.Write");
            assert_eq!(t.rows[0].line, 3, "lines of an included block are lines of the included file");
        }
        other => panic!("expected a table, got {other:?}"),
    }
    assert_eq!(inc.blocks[0].context, block.context);
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].kind, DiagnosticKind::MissingInclude);
    assert_eq!(diags[0].line, 10);
}

#[test]
fn broken_tables_and_annotations_are_reported_with_lines() {
    let page = "# t\n\n|A|B|\n|---|---|\n|1|2|3|\n|4|\n\n<!-- { \"blockType\": \"request\", } -->\n```http\nGET /x\n```\n\n|not|a\n|table|really\n";
    let (parsed, diags) = parse_page("api/t.md", page, &NoIncludes);
    let lines: Vec<_> = diags.iter().map(|d| (d.line, d.kind)).collect();
    assert_eq!(
        lines,
        vec![
            (5, DiagnosticKind::MalformedTable),
            (6, DiagnosticKind::MalformedTable),
            (8, DiagnosticKind::RepairedJson),
            (13, DiagnosticKind::MalformedTable)
        ]
    );
    let ann = parsed.blocks.iter().find_map(|b| match &b.kind { BlockKind::Annotation(a) => Some(a), _ => None }).unwrap();
    assert_eq!(ann.line, 8);
    assert_eq!(ann.get_str("blockType"), Some("request"), "a trailing comma is repaired, and reported");
    let (_, diags) = parse_page("p.md", "<!-- { \"blockType\": request } -->\n", &NoIncludes);
    assert_eq!(diags.iter().map(|d| (d.line, d.kind)).collect::<Vec<_>>(), vec![(1, DiagnosticKind::InvalidAnnotation)]);
}

#[test]
fn tabs_in_table_header_and_delimiter_rows() {
    // Front matter shifts the body: the diagnostic line is the file's line.
    let page = "---\ndoc_type: resourcePageType\n---\n# t\n\n| Property\t\t| Type\t| Description |\n| -------- \t\t|------\t| ----------- |\n| size\t| Int32 | The size. |\n";
    let (parsed, diags) = parse_page("resources/t.md", page, &NoIncludes);
    let table = parsed.blocks.iter().find_map(|b| match &b.kind { BlockKind::Table(t) => Some(t), _ => None }).expect("still a table");
    let header: Vec<&str> = table.header.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(header, ["Property", "Type", "Description"]);
    assert_eq!((table.rows[0].cells[0].text.as_str(), table.rows[0].line), ("size", 8));
    assert_eq!(diags.iter().map(|d| (d.line, d.kind)).collect::<Vec<_>>(), vec![(7, DiagnosticKind::MalformedTable)]);
}

#[test]
fn list_items_and_quotes_become_paragraphs() {
    let page = "# t\n\n- first item\n- second with [link](x.md)\n\n> **Note:** quoted\n";
    let (parsed, _) = parse_page("p.md", page, &NoIncludes);
    let texts: Vec<_> = parsed.blocks.iter().filter_map(|b| match &b.kind { BlockKind::Paragraph(t) => Some((b.line, t.text.as_str())), _ => None }).collect();
    assert_eq!(texts, vec![(3, "first item"), (4, "second with link"), (6, "Note: quoted")]);
}

#[test]
fn arbitrary_input_never_panics() {
    for text in ["", "---", "---\n---", "|", "<!--", "<!-- {", "```", "# [x](#tab/", "[!INCLUDE [", "[!INCLUDE [a](", "\r\r\n|a|\r\n|-|\r\n"] {
        let _ = parse_page("p.md", text, &NoIncludes);
    }
}
