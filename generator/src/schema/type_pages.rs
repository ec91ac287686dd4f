//! Entity and complex types from resource pages.
//!
//! A type is read from two places, reconciled later ([`super::resolve`]):
//! - the Properties table (and the Relationships table: navigation
//!   properties), found by their columns in sections named
//!   `Properties`/`Relationships`;
//! - the JSON representation: the fence annotated `blockType: resource`
//!   (`@odata.type`, `baseType`, `keyProperty`, `openType`, `abstract`) or
//!   the JSON fence of the `JSON representation` section. Its members give
//!   properties the table lacks, with types inferred from the sample values.
//!
//! The base type comes from the annotation's `baseType`, else from an
//! "Inherits from [x](x.md)" sentence.

use super::blocks::{self, Located};
use super::json_repair::{self, JsonOutcome};
use super::model::{DocLink, Primitive, Property, Source, TypeDef, TypeKind, TypeRef, TypeTarget};
use super::page_facts;
use super::tables::{self, cell, cell_text, Columns, TableRole};
use super::type_prose;
use super::type_ref::{self, RawRef};
use crate::diagnostics::{DiagnosticKind, Diagnostics};
use crate::markdown::{Annotation, BlockKind, CodeBlock, Page, Table};

/// A member of the JSON representation, with its inferred type.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct JsonProp {
    pub name: String,
    /// `None` when the sample says nothing about the type (`null`, `[]`).
    pub ty: Option<TypeRef>,
    pub line: u32,
}

/// A type as one page states it, before cross-page resolution.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct PageType {
    pub def: TypeDef,
    /// Base type reference and the line stating it.
    pub base: Option<(RawRef, u32)>,
    pub json_props: Vec<JsonProp>,
    /// File the JSON representation lines belong to.
    pub json_file: String,
}

/// One row of a Name | Type | Description table.
#[derive(Debug, Clone)]
pub struct TypedRow {
    pub name: String,
    pub ty: TypeRef,
    pub description: String,
    /// The links of the description cell.
    pub links: Vec<DocLink>,
    /// The Required column said yes (or no: `Some(false)`); `None` when there is none.
    pub required: Option<bool>,
    pub line: u32,
}

/// Rows of a typed table; rows without a name or type are reported.
pub fn typed_rows(table: &Table, cols: &Columns, file: &str, diags: &mut Diagnostics) -> Vec<TypedRow> {
    let name_col = cols.name.or(cols.member);
    let mut out = Vec::new();
    for row in &table.rows {
        let name = tables::name_in(&cell_text(row, name_col));
        if name.is_empty() {
            diags.report(file, row.line, DiagnosticKind::MalformedTable, "row without a name");
            continue;
        }
        // A row with nothing but its first cell is a group caption or a
        // description that spilled onto its own line, not a property.
        if cell_text(row, cols.ty).is_empty() && cell_text(row, cols.description).is_empty() {
            diags.report(file, row.line, DiagnosticKind::MalformedTable, format!("row `{}` has only one cell; skipped", cell_text(row, name_col)));
            continue;
        }
        let ty = match cell(row, cols.ty).and_then(type_ref::parse_cell) {
            Some(r) => r.to_type_ref(),
            None => {
                diags.report(file, row.line, DiagnosticKind::UnknownType, format!("`{name}` has no type; read as JSON"));
                TypeRef { target: TypeTarget::Primitive(Primitive::Json), collection: false }
            }
        };
        let required = cols.required.map(|_| {
            let t = cell_text(row, cols.required).to_ascii_lowercase();
            t.starts_with("yes") || t.starts_with("true") || t.starts_with("required") || t == "y"
        });
        let links = tables::cell_links(row, cols.description);
        out.push(TypedRow { name, ty, description: cell_text(row, cols.description), links, required, line: row.line });
    }
    out
}

/// Read a resource page's type. `None` when the page defines no type
/// (reported).
pub fn read_page(page: &Page, workload: &str, diags: &mut Diagnostics) -> Option<PageType> {
    let flat = blocks::flatten(page);
    let hs = blocks::Headings::new(page);
    let representation = find_representation(&hs, &flat);
    // The resource annotation sits on the JSON fence; when prose comes
    // between them ("Here is a JSON representation of ..."), it stands alone.
    let annotation = representation
        .and_then(|(_, c)| c.annotation.as_ref())
        .or_else(|| loose_resource_annotation(&flat))
        .filter(|a| a.value.is_some());
    let page_ns = page_facts::namespace(page);
    // Older pages write `@type` where newer ones write `@odata.type`.
    let annotated = annotation.and_then(|a| a.get_str("@odata.type").or_else(|| a.get_str("@type"))).map(|s| s.trim().trim_start_matches('#'));
    let (namespace, name) = match annotated {
        Some(q) if !q.is_empty() => match q.rsplit_once('.') {
            Some((ns, n)) => (ns.to_string(), n.to_string()),
            None => (page_ns, q.to_string()),
        },
        _ => match page_facts::type_name_from_title(page) {
            Some(n) => (page_ns, n),
            None => {
                diags.report(&page.path, 1, DiagnosticKind::MissingSection, "type page names no type (no title, no annotated JSON representation)");
                return None;
            }
        },
    };
    let mut properties: Vec<Property> = Vec::new();
    let mut saw_properties_table = false;
    let mut listed = tables::FirstUse::default();
    for located in &flat {
        let BlockKind::Table(table) = &located.block.kind else { continue };
        let section = hs.section(located.block);
        let navigation = section.contains("relationship") || section.contains("navigation");
        // "Instance attributes" rows (`@microsoft.graph.conflictBehavior`) are
        // read like properties; their `@` names make them instance annotations.
        if !(navigation || section.contains("propert") || section.contains("instance attribute")) {
            continue;
        }
        let cols = tables::columns(table);
        match tables::role(&cols, section) {
            TableRole::Typed => {}
            TableRole::Other | TableRole::Headers if cols.name.is_some() || cols.ty.is_some() => {
                diags.report(located.file, located.block.line, DiagnosticKind::MalformedTable, "properties table without Name and Type columns");
                continue;
            }
            _ => continue,
        }
        saw_properties_table = true;
        for row in typed_rows(table, &cols, located.file, diags) {
            if !listed.first(&row.name) {
                diags.report(located.file, row.line, DiagnosticKind::Duplicate, format!("property `{}` is listed twice", row.name));
                continue;
            }
            properties.push(Property {
                name: row.name,
                ty: row.ty,
                description: row.description,
                links: row.links,
                navigation,
                source: Source { file: located.file.to_string(), line: row.line },
            });
        }
    }
    let (json_props, json_file) = match representation {
        Some((file, code)) => (json_members(code, file, diags), file.to_string()),
        None => (Vec::new(), page.path.clone()),
    };
    if !saw_properties_table && representation.is_none() {
        // Nothing names a type and nothing describes one: an overview page
        // ("Use the X API to ...") that its front matter calls a resource page.
        if annotated.is_none() && !page_facts::title_names_a_type(page) {
            let line = page.front_matter.get("doc_type").map(|(_, l)| *l).unwrap_or(1);
            diags.report(&page.path, line, DiagnosticKind::FrontMatter, "`doc_type` says this is a type page, but it has no resource annotation, properties table or JSON representation; read as an overview");
            return None;
        }
        diags.report(&page.path, 1, DiagnosticKind::MissingSection, format!("type `{name}` has neither a properties table nor a JSON representation"));
    }
    let base = base_of(page, &hs, annotation, &name);
    let key_property = annotation.and_then(|a| a.get_str("keyProperty")).filter(|k| !k.trim().is_empty()).map(|k| k.trim().to_string());
    let prose = type_prose::statements(page, &hs);
    let is_abstract = stated(annotation, "abstract", "abstract", prose.is_abstract, (&page.path, &name), diags);
    let open_type = stated(annotation, "openType", "an open type", prose.is_open, (&page.path, &name), diags);
    let def = TypeDef {
        name,
        namespace,
        kind: if key_property.is_some() { TypeKind::Entity } else { TypeKind::Complex },
        description: page.front("description").unwrap_or("").trim().to_string(),
        base_type: None,
        derived_types: Vec::new(),
        key_property,
        open_type,
        is_abstract,
        properties,
        members: Vec::new(),
        flags: false,
        workloads: vec![workload.to_string()],
        source: Source { file: page.path.clone(), line: page.title().map(|h| h.line).unwrap_or(1) },
        merged_from: Vec::new(),
    };
    Some(PageType { def, base, json_props, json_file })
}

/// The JSON representation fence: annotated `blockType: resource` first,
/// else the first JSON fence of a `JSON representation` section.
fn find_representation<'a>(hs: &blocks::Headings, flat: &[Located<'a>]) -> Option<(&'a str, &'a CodeBlock)> {
    let codes = flat.iter().filter_map(|l| match &l.block.kind {
        BlockKind::Code(c) => Some((l, c)),
        _ => None,
    });
    let annotated = codes.clone().find(|(_, c)| {
        c.annotation.as_ref().and_then(|a| a.get_str("blockType")).is_some_and(|b| b.eq_ignore_ascii_case("resource"))
    });
    let chosen = annotated.or_else(|| {
        codes.clone().find(|(l, c)| hs.section(l.block).contains("json") && c.text.trim_start().starts_with('{'))
    })?;
    Some((chosen.0.file, chosen.1))
}

/// A `blockType: resource` annotation that no code block took (text stands
/// between it and the JSON fence).
fn loose_resource_annotation<'a>(flat: &[Located<'a>]) -> Option<&'a Annotation> {
    flat.iter().find_map(|l| match &l.block.kind {
        BlockKind::Annotation(a) if a.get_str("blockType").is_some_and(|b| b.eq_ignore_ascii_case("resource")) => Some(a),
        _ => None,
    })
}

/// `baseType` from the annotation, else the base the prose names
/// ([`type_prose::base`]: "Inherits from [x](x.md)", "Derived from [x]").
/// Most pages state the base only in words (generated reference pages
/// never annotate it), so this is the convention, not a repair.
fn base_of(page: &Page, hs: &blocks::Headings, annotation: Option<&Annotation>, own: &str) -> Option<(RawRef, u32)> {
    if let Some(b) = annotation.and_then(|a| a.get_str("baseType")).map(str::trim).filter(|b| !b.is_empty()) {
        return type_ref::parse_text(b).filter(|r| r.primitive.is_none()).map(|r| (r, annotation.map(|a| a.line).unwrap_or(1)));
    }
    type_prose::base(page, hs, own)
}

/// A yes/no fact the annotation states (`abstract`, `openType`) or the prose
/// states ([`type_prose::statements`]). The prose wins: an annotation that
/// leaves it out (or says no) is reported.
fn stated(annotation: Option<&Annotation>, key: &str, words: &str, prose_line: Option<u32>, (file, name): (&str, &str), diags: &mut Diagnostics) -> bool {
    let annotated = annotation.and_then(|a| a.get_bool(key));
    match (annotated, prose_line) {
        (Some(true), _) => true,
        (said, Some(line)) => {
            let annotation_says = match said {
                Some(false) => format!("says `\"{key}\": false`"),
                _ => format!("has no `{key}`"),
            };
            let what = if annotation.is_some() { format!("the resource annotation {annotation_says}") } else { "no resource annotation says so".to_owned() };
            diags.report(file, line, DiagnosticKind::IncompleteAnnotation, format!("the page says `{name}` is {words}; {what}; read as {words}"));
            true
        }
        (said, None) => said.unwrap_or(false),
    }
}

/// Top-level members of the JSON representation with inferred types.
fn json_members(code: &CodeBlock, file: &str, diags: &mut Diagnostics) -> Vec<JsonProp> {
    let value = match json_repair::parse(&code.text) {
        JsonOutcome::Valid(v) => v,
        JsonOutcome::Repaired { value, line, what } => {
            diags.report(file, code.content_line + line - 1, DiagnosticKind::RepairedJson, format!("JSON representation repaired ({})", what.join(", ")));
            value
        }
        JsonOutcome::Invalid { line, message } => {
            diags.report(file, code.content_line + line.max(1) - 1, DiagnosticKind::InvalidJson, format!("JSON representation is not JSON: {message}"));
            return Vec::new();
        }
    };
    let Some(object) = value.as_object() else { return Vec::new() };
    let lines: Vec<&str> = code.text.lines().collect();
    object
        .iter()
        .filter(|(k, _)| !k.starts_with('@') && !k.is_empty())
        .map(|(k, v)| {
            let quoted = format!("\"{k}\"");
            let offset = lines.iter().position(|l| l.trim_start().starts_with(&quoted)).unwrap_or(0);
            JsonProp { name: k.clone(), ty: infer(v), line: code.content_line + offset as u32 }
        })
        .collect()
}

/// The type a sample value stands for: `"String"`, `"String (timestamp)"`,
/// `1024`, `true`, `{"@odata.type": "x"}`, `[ ... ]`.
pub fn infer(v: &serde_json::Value) -> Option<TypeRef> {
    use serde_json::Value;
    let prim = |p| Some(TypeRef { target: TypeTarget::Primitive(p), collection: false });
    match v {
        Value::Null => None,
        Value::Bool(_) => prim(Primitive::Boolean),
        Value::Number(n) => {
            if n.is_i64() || n.is_u64() {
                prim(if n.as_i64().is_some_and(|i| i32::try_from(i).is_ok()) { Primitive::Int32 } else { Primitive::Int64 })
            } else {
                prim(Primitive::Double)
            }
        }
        Value::String(s) => {
            let lower = s.to_ascii_lowercase();
            if lower.contains("(timestamp)") {
                return prim(Primitive::DateTimeOffset);
            }
            let trimmed = s.trim().trim_start_matches('#');
            if trimmed.starts_with("microsoft.") && !trimmed.contains(' ') {
                return type_ref::parse_text(trimmed).map(|r| r.to_type_ref());
            }
            let first = trimmed.split([' ', '(', ',']).next().unwrap_or("");
            // OData may write numbers as strings (`"4.2"`): the sample is a number.
            if !first.is_empty() && first.parse::<f64>().is_ok() {
                return prim(if first.contains('.') { Primitive::Double } else { Primitive::Int64 });
            }
            prim(type_ref::primitive(first).unwrap_or(Primitive::String))
        }
        Value::Array(items) => {
            let mut t = items.iter().find_map(infer)?;
            t.collection = true;
            Some(t)
        }
        Value::Object(map) => match map.get("@odata.type").and_then(|t| t.as_str()) {
            Some(t) => type_ref::parse_text(t.trim().trim_start_matches('#')).map(|r| r.to_type_ref()),
            None => prim(Primitive::Json),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn inference_from_samples() {
        let p = |t: Option<TypeRef>| t.map(|t| (t.target, t.collection));
        assert_eq!(p(infer(&json!("String"))), Some((TypeTarget::Primitive(Primitive::String), false)));
        assert_eq!(p(infer(&json!("String (timestamp)"))), Some((TypeTarget::Primitive(Primitive::DateTimeOffset), false)));
        assert_eq!(p(infer(&json!("Int32"))), Some((TypeTarget::Primitive(Primitive::Int32), false)));
        assert_eq!(p(infer(&json!(1024))), Some((TypeTarget::Primitive(Primitive::Int32), false)));
        assert_eq!(p(infer(&json!(1.5))), Some((TypeTarget::Primitive(Primitive::Double), false)));
        assert_eq!(p(infer(&json!(true))), Some((TypeTarget::Primitive(Primitive::Boolean), false)));
        assert_eq!(p(infer(&json!(["String"]))), Some((TypeTarget::Primitive(Primitive::String), true)));
        assert_eq!(infer(&json!(null)), None);
        assert_eq!(infer(&json!([])), None);
        let t = infer(&json!({"@odata.type": "microsoft.graph.widget"})).unwrap();
        assert_eq!(type_ref::unresolved(&t.target).map(|x| x.0), Some("microsoft.graph.widget"));
        // Sample data that is not a type name is a string.
        assert_eq!(p(infer(&json!("Contoso value"))), Some((TypeTarget::Primitive(Primitive::String), false)));
    }
}
