//! Cross-page resolution: the per-page readings become one consistent schema.
//!
//! - Types are keyed by qualified name; the pages that describe the same one
//!   are merged into it ([`super::merge_types`]).
//! - Enums named by a property type but with no page of their own are made
//!   from the property's "Possible values are: ..." sentence.
//! - Every reference is resolved: qualified name, then name (case-insensitive,
//!   same namespace preferred), then the link's file stem. What names
//!   nothing is reported (`unknown-type`) and becomes `Json`.
//! - Base types: unknown or non-structured bases are reported and dropped;
//!   cycles are broken (reported); `derived_types` are filled; the key
//!   property is inherited and makes a type an entity.
//! - The JSON representation is reconciled with the tables (table wins);
//!   properties inherited from a base are removed from derived types.
//! - Casts that name no type are bound actions/functions written qualified:
//!   they become literals. A POST to a literal that names a collection
//!   property of some type creates an item; otherwise it is an action.
//! - Operations that describe the same method on the same path are merged
//!   ([`super::merge_operations`]).
//! - A response type nothing names is read from the path's navigation
//!   properties ([`super::path_navigation`]).

use super::merge_operations;
use super::merge_types::{self, PageJson};
use super::model::*;
use super::operation_pages::PageOperation;
use super::example_evidence::{self, Evidence, Shape};
use super::path_navigation;
use super::possible_values;
use super::type_pages::PageType;
use super::type_ref;
use crate::diagnostics::{DiagnosticKind, Diagnostics};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// What the pages said, in path order. Serializable: a `build.rs` keeps
/// each page's items between runs ([`crate::build_cache`]).
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct PageItems {
    pub types: Vec<PageType>,
    pub enums: Vec<TypeDef>,
    pub operations: Vec<PageOperation>,
}

impl PageItems {
    /// Every description the pages' items carry, in a fixed order.
    pub fn descriptions(&self) -> impl Iterator<Item = &String> {
        let defs = self.types.iter().map(|t| &t.def).chain(&self.enums);
        let alternatives = self.operations.iter().flat_map(|po| po.body_alternative.iter().flatten().map(|p| &p.description));
        defs.flat_map(TypeDef::descriptions).chain(self.operations.iter().flat_map(|po| po.op.descriptions())).chain(alternatives)
    }

    pub fn descriptions_mut(&mut self) -> impl Iterator<Item = &mut String> {
        let defs = self.types.iter_mut().map(|t| &mut t.def).chain(&mut self.enums);
        let (ops, alternatives): (Vec<_>, Vec<_>) = self.operations.iter_mut().map(|po| (&mut po.op, &mut po.body_alternative)).unzip();
        let alternatives = alternatives.into_iter().flatten().flatten().map(|p| &mut p.description);
        defs.flat_map(TypeDef::descriptions_mut).chain(ops.into_iter().flat_map(Operation::descriptions_mut)).chain(alternatives)
    }
}

/// What resolution reads of a description (all cross-page rules ever read
/// of one): whether it is empty, the values a "Possible values are"
/// sentence lists, whether it says read-only. Descriptions with the same
/// facts lead resolution to the same decisions; it only carries the text.
pub fn description_facts(text: &str) -> String {
    let listed = super::possible_values::listed(text);
    format!("{}|{listed:?}|{}", text.is_empty(), super::writable_body::said_read_only(text))
}

/// Name lookups over all types (lookups only: never iterated for output).
#[derive(Default)]
struct Index {
    by_qualified: HashMap<String, String>,
    by_short: HashMap<String, Vec<String>>,
    by_stem: HashMap<String, String>,
}

impl Index {
    fn add(&mut self, q: &str) {
        self.by_qualified.insert(q.to_ascii_lowercase(), q.to_string());
        let short = q.rsplit('.').next().unwrap_or(q).to_ascii_lowercase();
        let list = self.by_short.entry(short).or_default();
        if !list.iter().any(|x| x == q) {
            list.push(q.to_string());
            list.sort();
        }
    }

    fn lookup(&self, name: &str, stem: Option<&str>, context_ns: &str) -> Option<String> {
        let name = name.trim().trim_start_matches('#');
        let lower = name.to_ascii_lowercase();
        if !lower.is_empty() {
            if let Some(q) = self.by_qualified.get(&lower) {
                return Some(q.clone());
            }
            let (prefix, short) = match lower.rsplit_once('.') {
                Some((p, s)) => (Some(p), s),
                None => (None, lower.as_str()),
            };
            if let Some(candidates) = self.by_short.get(short) {
                let ns_of = |q: &String| q.rsplit_once('.').map(|(n, _)| n.to_ascii_lowercase()).unwrap_or_default();
                let pick = prefix
                    .and_then(|p| candidates.iter().find(|q| ns_of(q).ends_with(p)))
                    .or_else(|| candidates.iter().find(|q| ns_of(q) == context_ns.to_ascii_lowercase()))
                    .or_else(|| candidates.iter().find(|q| ns_of(q) == "microsoft.graph"))
                    .or_else(|| candidates.first());
                if let Some(q) = pick {
                    return Some(q.clone());
                }
            }
        }
        stem.and_then(|s| self.by_stem.get(s)).cloned()
    }
}

struct Extra {
    base: Option<(type_ref::RawRef, Source)>,
    json: Vec<PageJson>,
}

/// The types of the pages, each merged from every page that describes it
/// ([`merge_types`]), with the index their names are looked up in: the
/// first half of resolution, which needs no operation (so it may run while
/// the operations' paths are repaired). [`resolve_merged`] is the second.
pub struct MergedTypes {
    index: Index,
    types: BTreeMap<String, TypeDef>,
    extras: BTreeMap<String, Extra>,
}

pub fn merge_pages(page_types: Vec<PageType>, enums: Vec<TypeDef>, diags: &mut Diagnostics) -> MergedTypes {
    // Every name any page defines, and which files define exactly one
    // (their stem names it), before pages describing one type are merged.
    let mut index = Index::default();
    let mut per_file: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for def in page_types.iter().map(|t| &t.def).chain(&enums) {
        let q = def.qualified_name();
        index.add(&q);
        per_file.entry(def.source.file.as_str()).or_default().insert(q);
    }
    for (file, defined) in &per_file {
        if let (1, Some(only)) = (defined.len(), defined.first()) {
            let stem = file.rsplit('/').next().unwrap_or(file).trim_end_matches(".md").to_ascii_lowercase();
            index.by_stem.entry(stem).or_insert_with(|| only.clone());
        }
    }
    drop(per_file);
    let merged = merge_types::merge(page_types, enums, &|name, stem, ns| index.lookup(name, stem, ns), diags);
    let mut types: BTreeMap<String, TypeDef> = BTreeMap::new();
    let mut extras: BTreeMap<String, Extra> = BTreeMap::new();
    for (q, m) in merged {
        if m.def.kind != TypeKind::Enum {
            extras.insert(q.clone(), Extra { base: m.base, json: m.json });
        }
        types.insert(q, m.def);
    }
    MergedTypes { index, types, extras }
}

/// The second half of resolution: references, bases and operations.
pub fn resolve_merged(merged: MergedTypes, mut operations: Vec<PageOperation>, diags: &mut Diagnostics) -> Schema {
    let mut clock = crate::stage_times::start();
    let MergedTypes { mut index, mut types, mut extras } = merged;

    enums_from_possible_values(&mut types, &mut operations, &mut index, diags);
    resolve_bases(&mut types, &mut extras, &index, diags);
    crate::stage_times::lap("resolve.enums_and_bases", &mut clock);

    // Resolve every reference: each item on its own (in parallel), each
    // with its own diagnostics (sorted with all the others at the end).
    let type_diags: Vec<Diagnostics> = types
        .par_iter_mut()
        .map(|(_, t)| {
            let mut local = Diagnostics::default();
            for p in &mut t.properties {
                let name = &p.name;
                resolve_ref(&mut p.ty, &index, &t.namespace, (&p.source.file, p.source.line), || format!("property `{name}`"), &mut local);
            }
            local
        })
        .collect();
    let json_diags: Vec<Diagnostics> = extras
        .par_iter_mut()
        .map(|(q, extra)| {
            let mut local = Diagnostics::default();
            let ns = q.rsplit_once('.').map(|(n, _)| n).unwrap_or_default();
            for page in &mut extra.json {
                for jp in &mut page.members {
                    if let Some(ty) = &mut jp.ty {
                        let name = &jp.name;
                        resolve_ref(ty, &index, ns, (&page.file, jp.line), || format!("JSON member `{name}`"), &mut local);
                    }
                }
            }
            local
        })
        .collect();
    let op_diags: Vec<Diagnostics> = operations
        .par_iter_mut()
        .map(|po| {
            let mut local = Diagnostics::default();
            let op = &mut po.op;
            let body_params = match &mut op.body {
                Some(RequestBody::Parameters { params }) => params.as_mut_slice(),
                _ => &mut [],
            };
            for p in body_params.iter_mut().chain(op.parameters.iter_mut()) {
                let name = &p.name;
                resolve_ref(&mut p.ty, &index, "microsoft.graph", (&p.source.file, p.source.line), || format!("parameter `{name}`"), &mut local);
            }
            if let Some(RequestBody::Resource { ty }) = &mut op.body {
                resolve_ref(ty, &index, "microsoft.graph", (&op.source.file, op.source.line), || "request body".to_owned(), &mut local);
            }
            if let Some(ty) = &mut op.response.ty {
                resolve_ref(ty, &index, "microsoft.graph", (&op.source.file, op.source.line), || "response".to_owned(), &mut local);
            }
            if op.response.ty.is_none() {
                op.response.ty = po.response_candidates.iter().find_map(|c| resolve_softly(c, &index));
            }
            local
        })
        .collect();
    type_diags.into_iter().chain(json_diags).chain(op_diags).for_each(|d| diags.extend(d));
    crate::stage_times::lap("resolve.references", &mut clock);

    reconcile_json(&mut types, &extras, operations.iter().map(|p| &p.op), diags);
    crate::stage_times::lap("resolve.reconcile_json", &mut clock);
    drop_inherited(&mut types);
    fill_derived_and_keys(&mut types);
    finish_operations(&mut operations, &types, &index);
    crate::stage_times::lap("resolve.inherited_keys_operations", &mut clock);
    // Pages describing one endpoint merge once each page's reading is
    // resolved (so their types compare), before responses are guessed.
    let mut ops = merge_operations::merge(operations.into_iter().map(|p| p.op).collect(), &types, diags);
    crate::stage_times::lap("resolve.merge_operations", &mut clock);
    // Table names in the examples' spelling, before bodies are completed.
    super::writable_body::align_member_case(&mut ops, diags);
    crate::stage_times::lap("resolve.member_case", &mut clock);
    // Last, so every other reading (and every type) is final.
    path_navigation::fill(&mut ops.iter_mut().collect::<Vec<_>>(), &types);
    crate::stage_times::lap("resolve.path_navigation", &mut clock);

    ops.sort_by(|a, b| a.id.cmp(&b.id));
    ops.dedup_by(|b, a| {
        if a.id == b.id {
            diags.report(&b.source.file, b.source.line, DiagnosticKind::Duplicate, format!("operation id `{}` is used twice", b.id));
            true
        } else {
            false
        }
    });
    Schema { types, operations: ops, api_version: None }
}

/// Resolve one reference; `what` names the referring item, for the
/// diagnostic (made only when there is one).
fn resolve_ref(ty: &mut TypeRef, index: &Index, ns: &str, (file, line): (&str, u32), what: impl FnOnce() -> String, diags: &mut Diagnostics) {
    let Some((name, stem)) = type_ref::unresolved(&ty.target) else { return };
    match index.lookup(name, stem, ns) {
        Some(q) => ty.target = TypeTarget::Named(q),
        None => {
            let shown = if name.is_empty() { stem.unwrap_or("") } else { name };
            let what = what();
            diags.report(file, line, DiagnosticKind::UnknownType, format!("{what}: type `{shown}` names no type in the docs; read as JSON"));
            ty.target = TypeTarget::Primitive(Primitive::Json);
        }
    }
}

/// A guessed reference: resolved when it names a primitive or a known type
/// by name (not by file stem: guesses carry none), else `None`, silently.
fn resolve_softly(ty: &TypeRef, index: &Index) -> Option<TypeRef> {
    match type_ref::unresolved(&ty.target) {
        None => Some(ty.clone()),
        Some((name, _)) => {
            let q = index.lookup(name, None, "microsoft.graph")?;
            Some(TypeRef { target: TypeTarget::Named(q), collection: ty.collection })
        }
    }
}

/// An enum a property's "Possible values are" sentence asks for.
struct WantedEnum {
    qualified: String,
    short: String,
    values: Vec<String>,
    /// Those of the item that names it.
    workloads: Vec<String>,
    source: Source,
}

/// Properties (and parameters) whose type names no type but whose
/// description lists the possible values: make that enum.
fn enums_from_possible_values(types: &mut BTreeMap<String, TypeDef>, ops: &mut [PageOperation], index: &mut Index, diags: &mut Diagnostics) {
    // In a deterministic order.
    let mut wanted: Vec<WantedEnum> = Vec::new();
    let mut consider = |ty: &TypeRef, description: &str, ns: &str, workloads: &[String], source: &Source, index: &Index| {
        let Some((name, stem)) = type_ref::unresolved(&ty.target) else { return };
        if name.is_empty() || index.lookup(name, stem, ns).is_some() {
            return;
        }
        let Some(values) = possible_values::listed(description) else { return };
        let (enum_ns, short) = match name.rsplit_once('.') {
            Some((n, s)) => (n.to_string(), s.to_string()),
            None => (ns.to_string(), name.to_string()),
        };
        if !short.chars().all(|c| c.is_alphanumeric() || c == '_') {
            return;
        }
        wanted.push(WantedEnum { qualified: format!("{enum_ns}.{short}"), short, values, workloads: workloads.to_vec(), source: source.clone() });
    };
    for t in types.values() {
        for p in &t.properties {
            consider(&p.ty, &p.description, &t.namespace, &t.workloads, &p.source, index);
        }
    }
    for po in ops.iter() {
        for p in po.op.parameter_tables() {
            consider(&p.ty, &p.description, "microsoft.graph", &po.op.workloads, &p.source, index);
        }
    }
    for WantedEnum { qualified: q, short, values, workloads, source } in wanted {
        if let Some(existing) = types.get(&q) {
            let same = existing.members.iter().map(|m| m.name.as_str()).eq(values.iter().map(String::as_str));
            if !same && existing.source != source {
                diags.report(
                    &source.file,
                    source.line,
                    DiagnosticKind::InvalidEnum,
                    format!("enum `{q}` is listed with other values at {}:{}; the first list is kept", existing.source.file, existing.source.line),
                );
            }
            continue;
        }
        let ns = q.rsplit_once('.').map(|(n, _)| n.to_string()).unwrap_or_default();
        let members = values
            .into_iter()
            .map(|v| EnumMember { name: v, value: None, description: String::new(), source: source.clone() })
            .collect();
        types.insert(
            q.clone(),
            TypeDef {
                name: short,
                namespace: ns,
                kind: TypeKind::Enum,
                description: String::new(),
                base_type: None,
                derived_types: Vec::new(),
                key_property: None,
                open_type: false,
                is_abstract: false,
                properties: Vec::new(),
                members,
                flags: false,
                workloads,
                source,
                merged_from: Vec::new(),
            },
        );
        index.add(&q);
    }
}

fn resolve_bases(types: &mut BTreeMap<String, TypeDef>, extras: &mut BTreeMap<String, Extra>, index: &Index, diags: &mut Diagnostics) {
    for (q, extra) in extras.iter() {
        let Some((raw, Source { file, line })) = &extra.base else { continue };
        let Some(t) = types.get(q) else { continue };
        let ns = t.namespace.clone();
        match index.lookup(&raw.name, raw.stem.as_deref(), &ns) {
            None => diags.report(file, *line, DiagnosticKind::InvalidBaseType, format!("base type `{}` of `{q}` names no type; ignored", raw.name)),
            Some(b) if &b == q => diags.report(file, *line, DiagnosticKind::InvalidBaseType, format!("`{q}` names itself as its base; ignored")),
            Some(b) if types.get(&b).is_some_and(|bt| bt.kind == TypeKind::Enum) => {
                diags.report(file, *line, DiagnosticKind::InvalidBaseType, format!("base type `{b}` of `{q}` is an enum; ignored"))
            }
            Some(b) => {
                if let Some(t) = types.get_mut(q) {
                    t.base_type = Some(b);
                }
            }
        }
    }
    // Break cycles: walk each chain; an edge back into the walk is cut.
    let keys: Vec<String> = types.keys().cloned().collect();
    for start in &keys {
        let mut seen: Vec<String> = vec![start.clone()];
        let mut current = start.clone();
        while let Some(next) = types.get(&current).and_then(|t| t.base_type.clone()) {
            if seen.contains(&next) {
                if let Some(t) = types.get_mut(&current) {
                    t.base_type = None;
                    diags.report(&t.source.file, t.source.line, DiagnosticKind::InvalidBaseType, format!("base type cycle through `{current}` -> `{next}`; the base of `{current}` is dropped"));
                }
                break;
            }
            seen.push(next.clone());
            current = next;
        }
    }
}

/// Ancestors of a type, nearest first (chains are acyclic by now).
fn ancestors(types: &BTreeMap<String, TypeDef>, q: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = types.get(q).and_then(|t| t.base_type.clone());
    while let Some(b) = current {
        if out.contains(&b) || b == q {
            break;
        }
        current = types.get(&b).and_then(|t| t.base_type.clone());
        out.push(b);
    }
    out
}

#[derive(PartialEq, Eq, Clone, Copy, Debug)]
enum Wire {
    Text,
    Number,
    Bool,
    Object,
    Any,
}

fn wire(ty: &TypeRef, types: &BTreeMap<String, TypeDef>) -> Wire {
    match &ty.target {
        TypeTarget::Primitive(p) => match p {
            Primitive::Boolean => Wire::Bool,
            Primitive::Byte | Primitive::SByte | Primitive::Int16 | Primitive::Int32 | Primitive::Int64 | Primitive::Single | Primitive::Double | Primitive::Decimal => Wire::Number,
            Primitive::Json => Wire::Any,
            _ => Wire::Text,
        },
        TypeTarget::Named(q) => match types.get(q).map(|t| t.kind) {
            Some(TypeKind::Enum) => Wire::Text,
            Some(_) => Wire::Object,
            None => Wire::Any,
        },
    }
}

fn show(ty: &TypeRef) -> String {
    let base = match &ty.target {
        TypeTarget::Primitive(p) => format!("{p:?}"),
        TypeTarget::Named(q) => q.clone(),
    };
    if ty.collection {
        format!("{base} collection")
    } else {
        base
    }
}

/// Table wins; JSON-only members are added (reported); disagreements
/// reported. The one exception: when the JSON representation and every
/// example response agree against the table, two witnesses beat one.
fn reconcile_json<'a>(
    types: &mut BTreeMap<String, TypeDef>,
    extras: &BTreeMap<String, Extra>,
    operations: impl Iterator<Item = &'a Operation>,
    diags: &mut Diagnostics,
) {
    let disagreements = json_disagreements(types, extras);
    // The examples are asked only about the disagreements.
    let wanted = disagreements.iter().filter(|d| d.json_shape.is_some()).map(|d| (d.owner.clone(), d.name.clone()));
    let evidence = Evidence::gather(operations, types, wanted);
    let mut corrections: Vec<(String, String, TypeRef)> = Vec::new();
    for d in disagreements {
        let Some(t) = types.get(&d.owner) else { continue };
        let Some(p) = t.properties.iter().find(|p| p.name == d.name) else { continue };
        if d.json_shape.is_some_and(|s| evidence.all_agree(&d.owner, &d.name, s)) {
            diags.report(
                &d.file,
                d.line,
                DiagnosticKind::TypeMismatch,
                format!("`{}.{}`: the table says {}, the JSON representation and the examples show {}; the latter is kept", t.name, d.name, show(&p.ty), show(&d.json)),
            );
            corrections.push((d.owner, d.name, d.json));
        } else {
            diags.report(
                &d.file,
                d.line,
                DiagnosticKind::TypeMismatch,
                format!("`{}.{}`: the table says {}, the JSON representation shows {}; the table is kept", t.name, d.name, show(&p.ty), show(&d.json)),
            );
        }
    }
    add_json_only(types, extras, diags);
    for (q, name, ty) in corrections {
        if let Some(p) = types.get_mut(&q).and_then(|t| t.properties.iter_mut().find(|p| p.name == name)) {
            p.ty = ty;
        }
    }
}

/// A property whose table type and JSON representation disagree.
struct Disagreement {
    owner: String,
    name: String,
    /// Where the JSON representation shows it.
    file: String,
    line: u32,
    /// The JSON representation's type.
    json: TypeRef,
    /// The shape examples must all show for the JSON representation to win.
    json_shape: Option<Shape>,
}

fn json_disagreements(types: &BTreeMap<String, TypeDef>, extras: &BTreeMap<String, Extra>) -> Vec<Disagreement> {
    let mut found = Vec::new();
    for (q, extra) in extras {
        let Some(t) = types.get(q) else { continue };
        for (page, jp) in extra.json.iter().flat_map(|page| page.members.iter().map(move |jp| (page, jp))) {
            let Some(p) = t.properties.iter().find(|p| p.name == jp.name) else { continue };
            let Some(jt) = &jp.ty else { continue };
            let (a, b) = (wire(&p.ty, types), wire(jt, types));
            let kinds_differ = a != Wire::Any && b != Wire::Any && a != b;
            let collection_differs = p.ty.collection != jt.collection && a != Wire::Any && b != Wire::Any;
            if kinds_differ || collection_differs {
                found.push(Disagreement {
                    owner: q.clone(),
                    name: jp.name.clone(),
                    file: page.file.clone(),
                    line: jp.line,
                    json: jt.clone(),
                    json_shape: shape_of_wire(b).map(|kind| Shape { kind: Some(kind), collection: jt.collection }),
                });
            }
        }
    }
    found
}

/// Members only the JSON representation has (and no base declares) are
/// added, as the JSON types them (reported).
fn add_json_only(types: &mut BTreeMap<String, TypeDef>, extras: &BTreeMap<String, Extra>, diags: &mut Diagnostics) {
    let mut additions: Vec<(String, Property)> = Vec::new();
    for (q, extra) in extras {
        let Some(t) = types.get(q) else { continue };
        let members = || extra.json.iter().flat_map(|page| page.members.iter().map(move |jp| (page.file.as_str(), jp)));
        let mut missing = members().filter(|(_, jp)| !t.properties.iter().any(|p| p.name == jp.name)).peekable();
        if missing.peek().is_none() {
            continue;
        }
        let inherited: BTreeSet<&str> = ancestors(types, q)
            .iter()
            .filter_map(|a| types.get(a))
            .flat_map(|a| a.properties.iter().map(|p| p.name.as_str()))
            .chain(
                ancestors(types, q)
                    .iter()
                    .filter_map(|a| extras.get(a))
                    .flat_map(|e| e.json.iter().flat_map(|page| page.members.iter().map(|j| j.name.as_str()))),
            )
            .collect();
        // A member several pages' JSON shows (and no table lists) is added once.
        let mut added: BTreeSet<&str> = BTreeSet::new();
        for (file, jp) in missing.filter(|(_, jp)| !inherited.contains(jp.name.as_str())) {
            if !added.insert(jp.name.as_str()) {
                continue;
            }
            let ty = jp.ty.clone().unwrap_or(TypeRef { target: TypeTarget::Primitive(Primitive::Json), collection: false });
            diags.report(
                file,
                jp.line,
                DiagnosticKind::TypeMismatch,
                format!("`{}.{}` is only in the JSON representation; added as {}", t.name, jp.name, show(&ty)),
            );
            additions.push((
                q.clone(),
                Property { name: jp.name.clone(), ty, description: String::new(), links: Vec::new(), navigation: false, source: Source { file: file.to_owned(), line: jp.line } },
            ));
        }
    }
    for (q, p) in additions {
        if let Some(t) = types.get_mut(&q) {
            t.properties.push(p);
        }
    }
}

fn shape_of_wire(w: Wire) -> Option<example_evidence::Kind> {
    use example_evidence::Kind;
    match w {
        Wire::Text => Some(Kind::Text),
        Wire::Number => Some(Kind::Number),
        Wire::Bool => Some(Kind::Bool),
        Wire::Object => Some(Kind::Object),
        Wire::Any => None,
    }
}

/// Own properties only: names an ancestor defines are removed (ancestors
/// as read, before any removal).
fn drop_inherited(types: &mut BTreeMap<String, TypeDef>) {
    let snapshot: &BTreeMap<String, TypeDef> = types;
    // Per type, the names of its properties an ancestor defines (few; the
    // ancestors' own names are only borrowed).
    let drops: Vec<(String, BTreeSet<String>)> = snapshot
        .par_iter()
        .filter_map(|(q, t)| {
            let chain = ancestors(snapshot, q);
            let inherited: BTreeSet<&str> =
                chain.iter().filter_map(|a| snapshot.get(a)).flat_map(|a| a.properties.iter().map(|p| p.name.as_str())).collect();
            let dropped: BTreeSet<String> =
                t.properties.iter().filter(|p| inherited.contains(p.name.as_str())).map(|p| p.name.clone()).collect();
            (!dropped.is_empty()).then(|| (q.clone(), dropped))
        })
        .collect();
    for (q, dropped) in drops {
        if let Some(t) = types.get_mut(&q) {
            t.properties.retain(|p| !dropped.contains(&p.name));
        }
    }
}

fn fill_derived_and_keys(types: &mut BTreeMap<String, TypeDef>) {
    let mut derived: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (q, t) in types.iter() {
        if let Some(b) = &t.base_type {
            derived.entry(b.clone()).or_default().push(q.clone());
        }
    }
    let keys: Vec<String> = types.keys().cloned().collect();
    for q in &keys {
        let inherited_key = ancestors(types, q).iter().find_map(|a| types.get(a).and_then(|t| t.key_property.clone()));
        if let Some(t) = types.get_mut(q) {
            if t.kind != TypeKind::Enum {
                if t.key_property.is_none() {
                    t.key_property = inherited_key;
                }
                t.kind = if t.key_property.is_some() { TypeKind::Entity } else { TypeKind::Complex };
            }
            if let Some(d) = derived.remove(q) {
                t.derived_types = d;
                t.derived_types.sort();
            }
        }
    }
}

fn finish_operations(ops: &mut [PageOperation], types: &BTreeMap<String, TypeDef>, index: &Index) {
    let collections: BTreeSet<&str> = types
        .values()
        .flat_map(|t| t.properties.iter())
        .filter(|p| p.ty.collection && matches!(p.ty.target, TypeTarget::Named(_)))
        .map(|p| p.name.as_str())
        .collect();
    for po in ops.iter_mut() {
        for path in &mut po.op.paths {
            for seg in &mut path.segments {
                if let Segment::Cast { type_name } = seg {
                    match index.lookup(type_name, None, "microsoft.graph").filter(|q| q.eq_ignore_ascii_case(type_name)) {
                        Some(q) => *type_name = q,
                        None => *seg = Segment::Literal { name: type_name.clone() },
                    }
                }
            }
        }
        if po.post_to_literal {
            let last = match po.op.paths[0].segments.last() {
                Some(Segment::Literal { name }) => Some(name.clone()),
                _ => None,
            };
            if last.is_some_and(|n| collections.contains(n.as_str())) {
                po.op.kind = OperationKind::Create;
                po.op.name = po.title.clone();
            }
        }
    }
}
