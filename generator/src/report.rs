//! `graphgen report`: how much of a docs folder graphgen understood.
//!
//! Every number is counted from the pages and the schema built from them;
//! the example-based rates come from [`crate::conformance`], which checks
//! example bodies against the schema with the runtime's own wire types.

use crate::conformance::{self, Conformance};
use crate::diagnostics::Diagnostics;
use crate::pipeline::Loaded;
use crate::schema::{ExampleDirection, TypeKind, TypeRef, TypeTarget};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// A numerator over a denominator, with the rate in percent.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct Ratio {
    pub count: usize,
    pub of: usize,
    pub percent: f64,
}

impl Ratio {
    pub fn new(count: usize, of: usize) -> Self {
        let percent = if of == 0 { 100.0 } else { (count as f64 * 10000.0 / of as f64).round() / 100.0 };
        Ratio { count, of, percent }
    }
}

impl std::fmt::Display for Ratio {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} / {} ({:.2}%)", self.count, self.of, self.percent)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub pages_read: usize,
    pub operation_pages: usize,
    pub type_pages: usize,
    /// Type pages (resources/, conceptual overview pages excluded) that became at least one type.
    pub type_pages_to_types: Ratio,
    /// Operation pages (api/) that became at least one operation (with method and path).
    pub operation_pages_to_operations: Ratio,
    pub types: BTreeMap<String, usize>,
    pub operations: usize,
    pub properties: usize,
    pub enum_members: usize,
    /// Type references in properties, parameters, bodies and responses that
    /// name a known type (unresolved ones were reported and became JSON values).
    pub type_references_resolved: Ratio,
    pub example_request_bodies_parsed: Ratio,
    pub example_response_bodies_parsed: Ratio,
    pub conformance: Conformance,
    pub diagnostics_by_kind: BTreeMap<String, usize>,
    pub diagnostics: usize,
}

/// Count everything for a loaded docs folder.
pub fn build(loaded: &Loaded) -> Report {
    let schema = &loaded.schema;
    let pages: Vec<&String> = loaded.inputs.iter().filter(|p| crate::corpus::PAGE_FOLDERS.iter().any(|f| p.starts_with(&format!("{f}/")))).collect();
    let operation_pages = pages.iter().filter(|p| p.starts_with("api/")).count();
    // Conceptual pages (overviews) live among the type pages but define no
    // type, whether their front matter says so or only their shape does.
    let is_type_page = |p: &str| {
        p.starts_with("resources/")
            && !loaded.doc_types.get(p).and_then(|d| d.as_deref()).is_some_and(|d| d.to_ascii_lowercase().starts_with("conceptual"))
            && !loaded.conceptual.contains(p)
    };
    let type_pages = pages.iter().filter(|p| is_type_page(p)).count();

    // A page merged into a type or operation another page owns became it too.
    let type_sources: BTreeSet<&str> =
        schema.types.values().flat_map(|t| std::iter::once(&t.source).chain(&t.merged_from)).map(|s| s.file.as_str()).collect();
    let op_sources: BTreeSet<&str> = schema
        .operations
        .iter()
        .filter(|o| !o.paths.is_empty())
        .flat_map(|o| std::iter::once(&o.source).chain(&o.merged_from))
        .map(|s| s.file.as_str())
        .collect();
    let typed_type_pages = pages.iter().filter(|p| is_type_page(p) && type_sources.contains(p.as_str())).count();
    let op_pages_ok = pages.iter().filter(|p| p.starts_with("api/") && op_sources.contains(p.as_str())).count();

    let mut types = BTreeMap::new();
    for t in schema.types.values() {
        let kind = match t.kind {
            TypeKind::Entity => "entity",
            TypeKind::Complex => "complex",
            TypeKind::Enum => "enum",
        };
        *types.entry(kind.to_string()).or_insert(0) += 1;
    }

    let mut refs = Vec::<&TypeRef>::new();
    for t in schema.types.values() {
        refs.extend(t.properties.iter().map(|p| &p.ty));
    }
    for op in &schema.operations {
        refs.extend(op.type_refs());
    }
    let unresolved = loaded.diagnostics.of_kind(crate::diagnostics::DiagnosticKind::UnknownType).count();
    let resolved = refs.iter().filter(|r| !matches!(r.target, TypeTarget::Primitive(crate::schema::Primitive::Json))).count();
    let total_refs = resolved + unresolved;

    let (mut req_bodies, mut req_parsed, mut resp_bodies, mut resp_parsed) = (0, 0, 0, 0);
    for ex in schema.operations.iter().flat_map(|o| o.examples.iter()) {
        if !ex.has_body {
            continue;
        }
        let parsed = ex.body.is_some() as usize;
        match ex.direction {
            ExampleDirection::Request => {
                req_bodies += 1;
                req_parsed += parsed;
            }
            ExampleDirection::Response => {
                resp_bodies += 1;
                resp_parsed += parsed;
            }
        }
    }

    Report {
        pages_read: pages.len(),
        operation_pages,
        type_pages,
        type_pages_to_types: Ratio::new(typed_type_pages, type_pages),
        operation_pages_to_operations: Ratio::new(op_pages_ok, operation_pages),
        types,
        operations: schema.operations.len(),
        properties: schema.types.values().map(|t| t.properties.len()).sum(),
        enum_members: schema.types.values().map(|t| t.members.len()).sum(),
        type_references_resolved: Ratio::new(resolved.min(total_refs), total_refs),
        example_request_bodies_parsed: Ratio::new(req_parsed, req_bodies),
        example_response_bodies_parsed: Ratio::new(resp_parsed, resp_bodies),
        conformance: conformance::check_schema(schema),
        diagnostics_by_kind: by_kind(&loaded.diagnostics),
        diagnostics: loaded.diagnostics.len(),
    }
}

fn by_kind(d: &Diagnostics) -> BTreeMap<String, usize> {
    d.summary().into_iter().map(|(k, n)| (k.code().to_string(), n)).collect()
}

impl Report {
    /// A markdown table, ready for a pull request or a closing note.
    pub fn to_markdown(&self) -> String {
        let mut s = String::new();
        s.push_str("| measure | value |\n|---|---|\n");
        let mut row = |k: &str, v: String| s.push_str(&format!("| {k} | {v} |\n"));
        row("pages read", format!("{} ({} operation, {} type)", self.pages_read, self.operation_pages, self.type_pages));
        row("type pages that became types", self.type_pages_to_types.to_string());
        row("operation pages that became operations (method + path)", self.operation_pages_to_operations.to_string());
        row(
            "types",
            self.types.iter().map(|(k, n)| format!("{n} {k}")).collect::<Vec<_>>().join(", "),
        );
        row("operations", self.operations.to_string());
        row("properties", self.properties.to_string());
        row("enum members", self.enum_members.to_string());
        row("type references resolved", self.type_references_resolved.to_string());
        row("example request bodies that parse", self.example_request_bodies_parsed.to_string());
        row("example response bodies that parse", self.example_response_bodies_parsed.to_string());
        row(
            "parsed response bodies that decode into their type and round-trip",
            self.conformance.responses_round_trip.to_string(),
        );
        row("example requests reproduced by the builders", self.conformance.requests_reproduced.to_string());
        if let Some((measure, value)) = self.conformance.not_graph_row() {
            row(&measure, value);
        }
        row("diagnostics", self.diagnostics.to_string());
        let mut kinds: Vec<_> = self.diagnostics_by_kind.iter().collect();
        kinds.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for (k, n) in kinds {
            s.push_str(&format!("| diagnostics: {k} | {n} |\n"));
        }
        s.push_str(&self.conformance.misses_markdown());
        s
    }
}
