//! Where every schema type lives in the generated crate and what it is called.
//!
//! Decided once, up front, in sorted order, so every file of the output agrees
//! and the result is deterministic:
//! - the primary namespace (the one with the most types) maps to `models`,
//!   every other namespace to nested modules below it (`models::call_records`);
//! - each type gets a file module (`models/<snake>.rs`) and a Rust name,
//!   unique in its namespace module;
//! - a structured type that has derived types and is referenced anywhere
//!   (property, parameter, body, response) gets a polymorphic enum
//!   `Any<Name>`; use sites name that enum instead of the struct;
//! - struct fields that would make a type contain itself by value (directly
//!   or through other structs) are boxed.

use super::naming::{camel, snake, NameScope};
use crate::diagnostics::{DiagnosticKind, Diagnostics};
use crate::schema::{Schema, TypeDef, TypeKind, TypeRef, TypeTarget};
use std::collections::{BTreeMap, BTreeSet};

/// Names that generated code relies on from the prelude; a docs type with one
/// of these names is renamed so it cannot shadow them.
const PRELUDE: &[&str] =
    &["Option", "Some", "None", "Result", "Ok", "Err", "String", "Vec", "Box", "ToOwned", "ToString", "From", "Into"];

#[derive(Debug, Clone, PartialEq)]
pub struct TypeInfo {
    /// The namespace module, from the crate root: `["models"]`, `["models", "call_records"]`.
    pub module: Vec<String>,
    /// The file module inside `module` holding this type.
    pub file_mod: String,
    pub rust_name: String,
    /// `Some` when use sites name a polymorphic enum instead of the struct.
    pub any_name: Option<String>,
}

impl TypeInfo {
    /// The module the type's items are defined in.
    pub fn file_module(&self) -> Vec<String> {
        let mut m = self.module.clone();
        m.push(self.file_mod.clone());
        m
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Catalog {
    pub types: BTreeMap<String, TypeInfo>,
    /// Namespace module path (from the crate root) -> the namespaces' child module names.
    pub namespace_modules: BTreeMap<Vec<String>, BTreeSet<String>>,
    /// (containing type, property wire name) pairs whose field is boxed.
    pub boxed: BTreeSet<(String, String)>,
    /// The published reference's version (`graph-rest-beta`,
    /// `graph-rest-1.0`) for links into it; see [`reference_view`].
    pub reference_view: Option<String>,
}

impl Catalog {
    pub fn build(schema: &Schema, diags: &mut Diagnostics) -> Catalog {
        let mut catalog = Catalog::default();
        let primary = primary_namespace(schema);
        // Namespace modules first, so they win their names over type files.
        let mut scopes: BTreeMap<Vec<String>, NameScope> = BTreeMap::new();
        let mut ns_paths: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let namespaces: BTreeSet<&str> = schema.types.values().map(|t| t.namespace.as_str()).collect();
        for ns in namespaces {
            let rest = if ns == primary {
                ""
            } else {
                ns.strip_prefix(primary.as_str()).and_then(|r| r.strip_prefix('.')).unwrap_or(ns)
            };
            let mut path = vec!["models".to_owned()];
            for part in rest.split('.').filter(|p| !p.is_empty()) {
                let name = snake(part);
                let parent = path.clone();
                let children = catalog.namespace_modules.entry(parent.clone()).or_default();
                if !children.contains(&name) {
                    scopes.entry(parent).or_default().reserve(&name);
                    children.insert(name.clone());
                }
                path.push(name);
            }
            catalog.namespace_modules.entry(path.clone()).or_default();
            ns_paths.insert(ns.to_owned(), path);
        }
        let mut type_scopes: BTreeMap<Vec<String>, NameScope> = BTreeMap::new();
        for (qn, t) in &schema.types {
            let module = ns_paths[&t.namespace].clone();
            let (file_mod, _) = scopes.entry(module.clone()).or_default().claim(&snake(&t.name));
            let scope = type_scopes.entry(module.clone()).or_insert_with(prelude_scope);
            let wanted = camel(&t.name);
            let (rust_name, changed) = scope.claim(&wanted);
            if changed {
                diags.report(
                    &t.source.file,
                    t.source.line,
                    DiagnosticKind::NameCollision,
                    format!("type `{qn}` would be named `{wanted}` like another type in its namespace; named `{rust_name}`"),
                );
            }
            catalog.types.insert(qn.clone(), TypeInfo { module, file_mod, rust_name, any_name: None });
        }
        let referenced = referenced_types(schema);
        for (qn, t) in &schema.types {
            if t.kind != TypeKind::Enum && !t.derived_types.is_empty() && referenced.contains(qn) {
                let info = &catalog.types[qn];
                let scope = type_scopes.entry(info.module.clone()).or_insert_with(prelude_scope);
                let wanted = format!("Any{}", info.rust_name);
                let (name, changed) = scope.claim(&wanted);
                if changed {
                    diags.report(
                        &t.source.file,
                        t.source.line,
                        DiagnosticKind::NameCollision,
                        format!("polymorphic enum `{wanted}` for `{qn}` collides with a type name; named `{name}`"),
                    );
                }
                catalog.types.get_mut(qn).expect("type just inserted").any_name = Some(name);
            }
        }
        catalog.boxed = boxed_fields(schema, &catalog);
        catalog.reference_view = reference_view(schema);
        catalog
    }

    /// Whether a named type is structured and used through its polymorphic enum.
    pub fn any_name(&self, qn: &str) -> Option<&str> {
        self.types.get(qn).and_then(|i| i.any_name.as_deref())
    }
}

/// The version of the API the docs describe, as the published reference
/// names it: the version segment most of the example requests use
/// (`https://graph.microsoft.com/beta/...` -> `graph-rest-beta`, `v1.0` ->
/// `graph-rest-1.0`); `None` when no example says (links then go to the
/// reference's default view). Ties go to the first in sorted order.
pub fn reference_view(schema: &Schema) -> Option<String> {
    let mut counts: BTreeMap<&'static str, usize> = BTreeMap::new();
    let urls = schema.operations.iter().flat_map(|o| o.examples.iter()).filter_map(|e| e.url.as_deref());
    for url in urls {
        let path = url.split_once("://").map_or(url, |(_, rest)| rest.split_once('/').map_or("", |(_, p)| p));
        let version = path.trim_start_matches('/').split(['/', '?']).next().unwrap_or("");
        let view = match version.to_ascii_lowercase().as_str() {
            "beta" => "graph-rest-beta",
            "v1.0" => "graph-rest-1.0",
            _ => continue,
        };
        *counts.entry(view).or_default() += 1;
    }
    counts.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0))).map(|(v, _)| v.to_owned())
}

fn prelude_scope() -> NameScope {
    let mut scope = NameScope::new();
    for name in PRELUDE {
        scope.reserve(name);
    }
    scope
}

/// The namespace with the most types (ties: the shorter, then the smaller name).
fn primary_namespace(schema: &Schema) -> String {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for t in schema.types.values() {
        *counts.entry(t.namespace.as_str()).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.len().cmp(&a.0.len())).then(b.0.cmp(a.0)))
        .map(|(ns, _)| ns.to_owned())
        .unwrap_or_default()
}

/// Every named type some property, parameter, body or response refers to.
pub fn referenced_types(schema: &Schema) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for t in schema.types.values() {
        for p in &t.properties {
            add_named(&p.ty, &mut out);
        }
    }
    for op in &schema.operations {
        for r in op.type_refs() {
            add_named(r, &mut out);
        }
    }
    out
}

fn add_named(r: &TypeRef, out: &mut BTreeSet<String>) {
    if let TypeTarget::Named(n) = &r.target {
        out.insert(n.clone());
    }
}

/// The base chain of a type, root first, ending with the type itself. Stops
/// at a missing base or a repeated name (the builder reports cycles).
pub fn base_chain<'a>(schema: &'a Schema, t: &'a TypeDef) -> Vec<&'a TypeDef> {
    let mut chain = vec![t];
    let mut seen = BTreeSet::from([t.qualified_name()]);
    let mut current = t;
    while let Some(base) = current.base_type.as_ref().and_then(|b| schema.types.get(b)) {
        if !seen.insert(base.qualified_name()) {
            break;
        }
        chain.push(base);
        current = base;
    }
    chain.reverse();
    chain
}

/// Every type derived from `qn`, transitively, sorted by qualified name.
pub fn all_derived(schema: &Schema, qn: &str) -> Vec<String> {
    let mut out = BTreeSet::new();
    let mut stack = vec![qn.to_owned()];
    while let Some(current) = stack.pop() {
        if let Some(t) = schema.types.get(&current) {
            for d in &t.derived_types {
                if d != qn && out.insert(d.clone()) {
                    stack.push(d.clone());
                }
            }
        }
    }
    out.into_iter().collect()
}

/// A struct field is boxed when its (single, struct-typed, not polymorphic)
/// target lies on a cycle with the containing struct: only then would the
/// type have infinite size. Cycles are found as strongly connected components.
fn boxed_fields(schema: &Schema, catalog: &Catalog) -> BTreeSet<(String, String)> {
    // Edges: struct -> struct it contains by value, labelled by wire name.
    let mut edges: BTreeMap<&str, Vec<(String, &str)>> = BTreeMap::new();
    for (qn, t) in &schema.types {
        if t.kind == TypeKind::Enum {
            continue;
        }
        let list = edges.entry(qn.as_str()).or_default();
        for owner in base_chain(schema, t) {
            for p in &owner.properties {
                if let TypeTarget::Named(target) = &p.ty.target {
                    let by_value = !p.ty.collection
                        && catalog.any_name(target).is_none()
                        && schema.types.get(target).is_some_and(|t| t.kind != TypeKind::Enum);
                    if by_value {
                        list.push((p.name.clone(), target.as_str()));
                    }
                }
            }
        }
    }
    let component = strongly_connected(&edges);
    let mut boxed = BTreeSet::new();
    for (from, list) in &edges {
        for (wire, to) in list {
            if component.get(from) == component.get(to) {
                boxed.insert((from.to_string(), wire.clone()));
            }
        }
    }
    boxed
}

/// Tarjan's algorithm, iterative (hierarchies can be thousands deep in
/// principle). Returns node -> component id.
fn strongly_connected<'a>(edges: &BTreeMap<&'a str, Vec<(String, &'a str)>>) -> BTreeMap<&'a str, usize> {
    let mut index: BTreeMap<&str, usize> = BTreeMap::new();
    let mut low: BTreeMap<&str, usize> = BTreeMap::new();
    let mut on_stack: BTreeSet<&str> = BTreeSet::new();
    let mut stack: Vec<&str> = Vec::new();
    let mut component: BTreeMap<&str, usize> = BTreeMap::new();
    let mut next = 0usize;
    let empty = Vec::new();
    for &root in edges.keys() {
        if index.contains_key(root) {
            continue;
        }
        // (node, next edge to look at)
        let mut work: Vec<(&str, usize)> = vec![(root, 0)];
        index.insert(root, next);
        low.insert(root, next);
        next += 1;
        stack.push(root);
        on_stack.insert(root);
        while let Some(&mut (node, ref mut edge)) = work.last_mut() {
            let out = edges.get(node).unwrap_or(&empty);
            if *edge < out.len() {
                let to = out[*edge].1;
                *edge += 1;
                if !index.contains_key(to) {
                    index.insert(to, next);
                    low.insert(to, next);
                    next += 1;
                    stack.push(to);
                    on_stack.insert(to);
                    work.push((to, 0));
                } else if on_stack.contains(to) {
                    let l = low[node].min(index[to]);
                    low.insert(node, l);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                let l = low[parent].min(low[node]);
                low.insert(parent, l);
            }
            if low[node] == index[node] {
                let id = index[node];
                while let Some(member) = stack.pop() {
                    on_stack.remove(member);
                    component.insert(member, id);
                    if member == node {
                        break;
                    }
                }
            }
        }
    }
    component
}
