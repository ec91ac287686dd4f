//! One type, many pages: every page that describes a type (by qualified
//! name) adds to it; none is dropped.
//!
//! Workloads describe the slice of a shared type they use on pages of their
//! own (`intune-shared-user.md` lists 8 of `user`'s properties, `user.md`
//! 113), so the first page in path order is often the smallest. The contract:
//!
//! - The readings of one qualified name are ranked ([`super::own_page`]);
//!   the first is the type's own page. It gives the description, base type,
//!   key, `name`/`namespace` and `source`. What it does not state (no
//!   description, no base, no key) is taken from the next page that does;
//!   `openType`, `abstract` and `flags` hold when any page states them.
//!   Two pages stating different bases or keys: the own page's is kept
//!   (`pages-disagree` at the other).
//! - Properties (and navigation properties) are the union, matched by name
//!   without case: the own page's in its order, then each further page's new
//!   ones. Each keeps the page and line it came from. The same property
//!   typed differently (type or collection-ness) on two pages is
//!   `pages-disagree` at the later one, naming both places; the reading of
//!   the page ranked first is kept (the own page's when it lists it).
//! - Enum members are the union the same way; two different values for one
//!   member are `pages-disagree`, the first ranked page's value is kept, a
//!   value only one page gives is used.
//! - The JSON representation of every page is kept, own page's first;
//!   [`super::resolve`] reconciles each with the merged tables (table wins).
//! - `workloads` is every reading's workload; `merged_from` the other
//!   pages' title lines, in rank order.
//! - A page that makes the name an enum while the own page makes it a
//!   structured type (or the reverse) does not merge: `pages-disagree`, and
//!   that reading is left out.
//!
//! Type references are compared as they will resolve (`same_type` is given
//! the lookup), so `[user](user.md)` and `microsoft.graph.user` agree.

use super::model::{Source, TypeDef, TypeKind, TypeRef, TypeTarget};
use super::own_page;
use super::type_pages::{JsonProp, PageType};
use super::type_ref::{self, RawRef};
use crate::diagnostics::{DiagnosticKind, Diagnostics};
use std::collections::BTreeMap;

/// The qualified name a reference resolves to, given its name, link stem
/// and the referring type's namespace (`None`: it names nothing known).
pub type Lookup<'a> = dyn Fn(&str, Option<&str>, &str) -> Option<String> + Sync + 'a;

/// One type after merging, with what resolution still has to read.
#[derive(Debug, Clone)]
pub struct MergedType {
    pub def: TypeDef,
    /// The base type as stated, and where.
    pub base: Option<(RawRef, Source)>,
    /// The JSON representation of each page that has one, own page first.
    pub json: Vec<PageJson>,
}

/// One page's JSON representation members.
#[derive(Debug, Clone)]
pub struct PageJson {
    /// The file the members' lines belong to.
    pub file: String,
    pub members: Vec<JsonProp>,
}

/// A page's reading of a type: structured (with its page extras) or an enum.
struct Reading {
    def: TypeDef,
    base: Option<(RawRef, Source)>,
    json: Option<PageJson>,
}

/// Merge every reading of each qualified name (`types` and `enums` in page
/// path order). The result is keyed by qualified name.
pub fn merge(types: Vec<PageType>, enums: Vec<TypeDef>, lookup: &Lookup<'_>, diags: &mut Diagnostics) -> BTreeMap<String, MergedType> {
    let mut groups: BTreeMap<String, Vec<Reading>> = BTreeMap::new();
    for pt in types {
        let PageType { def, base, json_props, json_file } = pt;
        let base = base.map(|(r, line)| (r, Source { file: def.source.file.clone(), line }));
        let json = (!json_props.is_empty()).then_some(PageJson { file: json_file, members: json_props });
        groups.entry(def.qualified_name()).or_default().push(Reading { def, base, json });
    }
    for def in enums {
        groups.entry(def.qualified_name()).or_default().push(Reading { def, base: None, json: None });
    }
    groups.into_iter().map(|(q, readings)| (q, merge_one(readings, lookup, diags))).collect()
}

fn merge_one(mut readings: Vec<Reading>, lookup: &Lookup<'_>, diags: &mut Diagnostics) -> MergedType {
    // Stable: equal ranks stay in path order (structured readings first).
    readings.sort_by_cached_key(|r| {
        let d = &r.def;
        (own_page::type_rank(&d.source.file, &d.namespace, &d.name, &d.workloads), d.source.file.clone(), d.kind == TypeKind::Enum)
    });
    let mut readings = readings.into_iter();
    let own = readings.next().expect("a group has a reading");
    let mut merged = MergedType { def: own.def, base: own.base, json: own.json.into_iter().collect() };
    for other in readings {
        let (mine, theirs) = (&merged.def, &other.def);
        if (mine.kind == TypeKind::Enum) != (theirs.kind == TypeKind::Enum) {
            let kind_of = |t: &TypeDef| if t.kind == TypeKind::Enum { "an enum" } else { "a structured type" };
            diags.report(
                &theirs.source.file,
                theirs.source.line,
                DiagnosticKind::PagesDisagree,
                format!(
                    "`{}` is {} here but {} at {}:{} (its own page, which is kept); this description is left out",
                    mine.qualified_name(),
                    kind_of(theirs),
                    kind_of(mine),
                    mine.source.file,
                    mine.source.line
                ),
            );
            continue;
        }
        absorb(&mut merged, other, lookup, diags);
    }
    let def = &mut merged.def;
    def.workloads.sort();
    def.workloads.dedup();
    merged
}

/// Add one more page's reading to the merged type.
fn absorb(merged: &mut MergedType, other: Reading, lookup: &Lookup<'_>, diags: &mut Diagnostics) {
    let Reading { def: theirs, base, json } = other;
    let def = &mut merged.def;
    let q = def.qualified_name();
    let own = def.source.clone();
    let here = |s: &Source| format!("{}:{}", s.file, s.line);
    if def.description.is_empty() {
        def.description = theirs.description.clone();
    }
    match (&merged.base, base) {
        (None, base) => merged.base = base,
        (Some((kept, kept_at)), Some((raw, at))) if !same_raw(kept, &raw, &def.namespace, lookup) => diags.report(
            &at.file,
            at.line,
            DiagnosticKind::PagesDisagree,
            format!("`{q}`: base type `{}` here, `{}` at {} (the type's own page), which is kept", raw.name, kept.name, here(kept_at)),
        ),
        _ => {}
    }
    match (&def.key_property, &theirs.key_property) {
        (None, Some(k)) => def.key_property = Some(k.clone()),
        (Some(kept), Some(k)) if !kept.eq_ignore_ascii_case(k) => diags.report(
            &theirs.source.file,
            theirs.source.line,
            DiagnosticKind::PagesDisagree,
            format!("`{q}`: key property `{k}` here, `{kept}` at {} (the type's own page), which is kept", here(&own)),
        ),
        _ => {}
    }
    def.open_type |= theirs.open_type;
    def.is_abstract |= theirs.is_abstract;
    def.flags |= theirs.flags;
    for p in theirs.properties {
        let Some(kept) = def.properties.iter().find(|k| k.name.eq_ignore_ascii_case(&p.name)) else {
            def.properties.push(p);
            continue;
        };
        if !same_type(&kept.ty, &p.ty, &def.namespace, lookup) || kept.name != p.name {
            let why = if kept.source.file == own.file { "the type's own page" } else { "the first ranked page that lists it; the type's own page does not" };
            diags.report(
                &p.source.file,
                p.source.line,
                DiagnosticKind::PagesDisagree,
                format!(
                    "`{}.{}` is {} here but `{}` {} at {} ({why}), which is kept",
                    def.name,
                    p.name,
                    show(&p.ty),
                    kept.name,
                    show(&kept.ty),
                    here(&kept.source)
                ),
            );
        }
    }
    for m in theirs.members {
        let Some(kept) = def.members.iter_mut().find(|k| k.name.eq_ignore_ascii_case(&m.name)) else {
            def.members.push(m);
            continue;
        };
        match (kept.value, m.value) {
            (None, Some(v)) => kept.value = Some(v),
            (Some(a), Some(b)) if a != b => diags.report(
                &m.source.file,
                m.source.line,
                DiagnosticKind::PagesDisagree,
                format!("`{}.{}` has value {b} here but {a} at {}, which is kept", def.name, m.name, here(&kept.source)),
            ),
            _ => {}
        }
    }
    def.workloads.extend(theirs.workloads);
    if theirs.source != own && !def.merged_from.contains(&theirs.source) {
        def.merged_from.push(theirs.source);
    }
    merged.json.extend(json);
}

/// Whether two property types agree once resolved: same target (both
/// primitives, or names that resolve to one type; unresolvable names
/// compared as written) and the same collection-ness. `Json` (an untyped
/// or unreadable cell) agrees with anything.
fn same_type(a: &TypeRef, b: &TypeRef, ns: &str, lookup: &Lookup<'_>) -> bool {
    use super::model::Primitive;
    let untyped = |t: &TypeRef| t.target == TypeTarget::Primitive(Primitive::Json);
    if untyped(a) || untyped(b) {
        return true;
    }
    a.collection == b.collection && target_identity(&a.target, ns, lookup) == target_identity(&b.target, ns, lookup)
}

fn same_raw(a: &RawRef, b: &RawRef, ns: &str, lookup: &Lookup<'_>) -> bool {
    target_identity(&a.to_type_ref().target, ns, lookup) == target_identity(&b.to_type_ref().target, ns, lookup)
}

/// What a target stands for: a primitive's name, the qualified name a
/// reference resolves to, else the name as written (lowercase).
fn target_identity(t: &TypeTarget, ns: &str, lookup: &Lookup<'_>) -> String {
    match type_ref::unresolved(t) {
        Some((name, stem)) => lookup(name, stem, ns).unwrap_or_else(|| format!("?{}", name.to_ascii_lowercase())),
        None => match t {
            TypeTarget::Primitive(p) => format!("{p:?}"),
            TypeTarget::Named(q) => q.clone(),
        },
    }
}

/// A property type as the docs wrote it: `String`, `user collection`.
fn show(ty: &TypeRef) -> String {
    let base = match (&ty.target, type_ref::unresolved(&ty.target)) {
        (_, Some((name, stem))) => if name.is_empty() { stem.unwrap_or("?").to_owned() } else { name.to_owned() },
        (TypeTarget::Primitive(p), None) => format!("{p:?}"),
        (TypeTarget::Named(q), None) => q.clone(),
    };
    if ty.collection {
        format!("{base} collection")
    } else {
        base
    }
}
