//! Types, their (effective) properties and enum members.
//!
//! A generated struct holds its own and its inherited properties (base
//! first), so properties are compared per type as that effective set, each
//! with the type that declares it. A change is reported once, at the type
//! that explains it: a property declared on a base and changed there is
//! reported at the base, not at every derived type; a property that moves
//! from a type to a base it inherits is reported at the type as moved (its
//! Rust field stays); one a type gains or loses because its base changed is
//! reported at the type.

use super::rust_names;
use super::{features, show, ChangeKind, Diff, Item, Renamed};
use crate::diagnostics::Diagnostics;
use crate::emit::catalog::{base_chain, Catalog};
use crate::emit::feature_map::FeatureMap;
use crate::schema::{Property, Schema, TypeDef, TypeKind};
use std::collections::{BTreeMap, BTreeSet};

/// What comparing one pair of types reads.
struct Sides<'a> {
    old: &'a Schema,
    new: &'a Schema,
    renamed: &'a Renamed,
    old_catalog: Catalog,
    new_catalog: Catalog,
}

/// Compare the types; returns the case-only renames found (references to
/// those types then compare equal everywhere).
pub(super) fn diff_types(d: &mut Diff, old: &Schema, new: &Schema, map: Option<&FeatureMap>) -> Renamed {
    let renamed = Renamed { types: case_only_matches(old.types.keys(), new.types.keys()) };
    let catalog = |s: &Schema| Catalog::build(s, &mut Diagnostics::default());
    let sides = Sides { old, new, renamed: &renamed, old_catalog: catalog(old), new_catalog: catalog(new) };
    let matched_new: BTreeSet<&str> = old.types.keys().map(|qn| renamed.name(qn)).collect();
    for (qn, t) in &old.types {
        match new.types.get(renamed.name(qn)) {
            None => d.push(true, ChangeKind::Removed, Item::Type, qn.clone(), kind_word(t.kind)),
            Some(n) => {
                diff_type(d, &sides, qn, t, n);
                let kept = |f: &str| map.and_then(|m| m.features.get(f)).is_some_and(|m| m.types.contains(qn));
                features::moved(d, Item::Type, qn.clone(), &t.workloads, &n.workloads, kept);
            }
        }
    }
    for (qn, t) in &new.types {
        if !matched_new.contains(qn.as_str()) {
            d.push(false, ChangeKind::Added, Item::Type, qn.clone(), kind_word(t.kind));
        }
    }
    renamed
}

fn kind_word(kind: TypeKind) -> String {
    format!("{kind:?}").to_lowercase()
}

/// Names without an exact match on the other side that match one name
/// there, and only one, without letter case: old -> new.
pub(super) fn case_only_matches<'a>(
    old: impl Iterator<Item = &'a String> + Clone,
    new: impl Iterator<Item = &'a String> + Clone,
) -> BTreeMap<String, String> {
    let exact_new: BTreeSet<&String> = new.clone().collect();
    let exact_old: BTreeSet<&String> = old.clone().collect();
    let by_lower = |names: Vec<&'a String>| {
        let mut m: BTreeMap<String, Vec<&'a String>> = BTreeMap::new();
        for n in names {
            m.entry(n.to_lowercase()).or_default().push(n);
        }
        m
    };
    let lone_old = by_lower(old.filter(|n| !exact_new.contains(n)).collect());
    let lone_new = by_lower(new.filter(|n| !exact_old.contains(n)).collect());
    lone_old
        .into_iter()
        .filter_map(|(lower, olds)| match (olds.as_slice(), lone_new.get(&lower).map(Vec::as_slice)) {
            ([o], Some([n])) => Some(((*o).clone(), (*n).clone())),
            _ => None,
        })
        .collect()
}

/// The Rust path of a type's struct or enum, and of the polymorphic enum its
/// use sites name when it has one.
fn rust_path(catalog: &Catalog, qn: &str) -> (String, Option<String>) {
    match catalog.types.get(qn) {
        Some(info) => {
            let module = info.module.join("::");
            (format!("{module}::{}", info.rust_name), info.any_name.as_ref().map(|a| format!("{module}::{a}")))
        }
        None => (qn.to_owned(), None),
    }
}

fn diff_type(d: &mut Diff, sides: &Sides, qn: &str, o: &TypeDef, n: &TypeDef) {
    let new_qn = n.qualified_name();
    let (old_rust, old_any) = rust_path(&sides.old_catalog, qn);
    let (new_rust, new_any) = rust_path(&sides.new_catalog, &new_qn);
    if new_qn != qn {
        let detail = format!("`{qn}` -> `{new_qn}` (letter case only): Rust type `{old_rust}` {}", same_or(&old_rust, &new_rust));
        // An enum's name is not sent (its values are).
        let wire = (n.kind != TypeKind::Enum).then(|| format!("values carry `@odata.type` `#{new_qn}` (was `#{qn}`)"));
        d.rename(Item::Type, qn.to_owned(), detail, old_rust != new_rust, wire);
    }
    if o.kind != n.kind {
        d.push(true, ChangeKind::Changed, Item::Type, qn.to_owned(), format!("kind {} -> {}", kind_word(o.kind), kind_word(n.kind)));
    }
    if o.flags != n.flags {
        let what = if n.flags { "now a flags enum (properties hold `Flags<_>`)" } else { "no longer a flags enum (properties hold one value)" };
        d.push(true, ChangeKind::Changed, Item::Type, qn.to_owned(), what.to_owned());
    }
    if old_any.is_some() != new_any.is_some() {
        let detail = match (&old_any, &new_any) {
            (None, Some(any)) => format!("use sites now name the polymorphic enum `{any}` instead of the struct (it has derived types now)"),
            (Some(any), _) => format!("use sites now name the struct instead of the polymorphic enum `{any}` (it has no derived types now)"),
            (None, None) => unreachable!("one of them is some"),
        };
        d.push(true, ChangeKind::Changed, Item::Type, qn.to_owned(), detail);
    }
    let old_ancestors: Vec<String> = ancestors(sides.old, o).into_iter().map(|a| sides.renamed.name(&a).to_owned()).collect();
    let new_ancestors = ancestors(sides.new, n);
    if o.base_type.as_deref().map(|b| sides.renamed.name(b)) != n.base_type.as_deref() {
        let show_base = |b: &Option<String>| b.as_deref().map(|b| format!("`{b}`")).unwrap_or_else(|| "none".into());
        let lost: Vec<&String> = old_ancestors.iter().filter(|a| !new_ancestors.contains(a)).collect();
        let mut detail = format!("base type {} -> {}", show_base(&o.base_type), show_base(&n.base_type));
        if lost.is_empty() {
            detail.push_str(" (every former ancestor still is one: inherited fields stay)");
        } else {
            let lost: Vec<String> = lost.iter().map(|a| format!("`{a}`")).collect();
            detail.push_str(&format!(" (no longer derives from {})", lost.join(", ")));
        }
        d.push(!lost.is_empty(), ChangeKind::Changed, Item::Type, qn.to_owned(), detail);
    }
    diff_properties(d, sides, qn, (o, n), (&old_ancestors, &new_ancestors));
    diff_members(d, qn, o, n);
}

/// Qualified names of a type's bases, nearest first.
fn ancestors(schema: &Schema, t: &TypeDef) -> Vec<String> {
    let mut chain: Vec<String> = base_chain(schema, t).iter().map(|a| a.qualified_name()).collect();
    chain.pop();
    chain.reverse();
    chain
}

fn same_or(old: &str, new: &str) -> String {
    if old == new {
        "unchanged".to_owned()
    } else {
        format!("-> `{new}`")
    }
}

/// Wire name -> (property, the qualified name of the type declaring it), as
/// the generated struct holds them: the first declaration in the base chain.
fn effective<'a>(schema: &'a Schema, t: &'a TypeDef) -> BTreeMap<&'a str, (&'a Property, String)> {
    let mut out = BTreeMap::new();
    for owner in base_chain(schema, t) {
        for p in &owner.properties {
            out.entry(p.name.as_str()).or_insert_with(|| (p, owner.qualified_name()));
        }
    }
    out
}

fn diff_properties(d: &mut Diff, sides: &Sides, qn: &str, (o, n): (&TypeDef, &TypeDef), (old_anc, new_anc): (&[String], &[String])) {
    let this = n.qualified_name();
    let old_eff = effective(sides.old, o);
    let new_eff = effective(sides.new, n);
    let old_fields = rust_names::fields(sides.old, o);
    let new_fields = rust_names::fields(sides.new, n);
    let old_names: Vec<String> = old_eff.keys().map(|k| k.to_string()).collect();
    let new_names: Vec<String> = new_eff.keys().map(|k| k.to_string()).collect();
    let case_renames = case_only_matches(old_names.iter(), new_names.iter());
    let full = |wire: &str| format!("{qn}.{wire}");
    let is_this = |declarer: &str| declarer == this;
    for (wire, (p, old_decl)) in &old_eff {
        let a = sides.renamed.name(old_decl).to_owned();
        let new_wire = case_renames.get(*wire).map(String::as_str).unwrap_or(wire);
        let Some((q, b)) = new_eff.get(new_wire) else {
            // Lost: reported here when declared here, or when the base that
            // declared it is no longer an ancestor; otherwise at that base.
            if is_this(&a) || !new_anc.contains(&a) {
                let mut detail = show(&p.ty);
                if !is_this(&a) {
                    detail.push_str(&format!(" (was inherited from `{a}`, no longer a base)"));
                }
                d.push(true, ChangeKind::Removed, Item::Property, full(wire), detail);
            }
            continue;
        };
        // Declared elsewhere on both sides: the declaring type reports it,
        // unless it is no longer an ancestor (then this type's base changed).
        let ours = is_this(&a) || is_this(b) || (&a != b && !new_anc.contains(&a));
        if !ours {
            continue;
        }
        let (old_ty, new_ty) = (sides.renamed.type_ref(&p.ty), q.ty.clone());
        let moved = (&a != b).then(|| moved_note(&a, b, &this));
        if new_wire != *wire {
            let (f_old, f_new) = (&old_fields[*wire], &new_fields[new_wire]);
            let mut detail = format!("`{wire}` -> `{new_wire}` (letter case only): Rust field `{f_old}` {}", same_or(f_old, f_new));
            if old_ty != new_ty {
                detail.push_str(&format!("; type {} -> {}", show(&old_ty), show(&new_ty)));
            }
            if let Some(m) = &moved {
                detail.push_str(&format!("; {m}"));
            }
            let wire_note = Some(format!("the JSON member is `{new_wire}` (was `{wire}`)"));
            d.rename(Item::Property, full(wire), detail, f_old != f_new || old_ty != new_ty, wire_note);
        } else if old_ty != new_ty {
            let mut detail = format!("{} -> {}", show(&old_ty), show(&new_ty));
            if let Some(m) = &moved {
                detail.push_str(&format!("; {m}"));
            }
            d.push(true, ChangeKind::Changed, Item::Property, full(wire), detail);
        } else if let Some(m) = moved {
            d.push(false, ChangeKind::Moved, Item::Property, full(wire), m);
        }
    }
    let renamed_to: BTreeSet<&String> = case_renames.values().collect();
    for (wire, (q, b)) in &new_eff {
        if old_eff.contains_key(wire) || renamed_to.contains(&wire.to_string()) {
            continue;
        }
        if is_this(b) {
            d.push(false, ChangeKind::Added, Item::Property, full(wire), show(&q.ty));
        } else if !old_anc.contains(b) {
            d.push(false, ChangeKind::Added, Item::Property, full(wire), format!("{} (inherited from the new base `{b}`)", show(&q.ty)));
        }
    }
}

/// Where a property went, from the point of view of type `this`.
fn moved_note(from: &str, to: &str, this: &str) -> String {
    if from == this {
        format!("moved to base `{to}` (inherited: the Rust field stays)")
    } else if to == this {
        format!("now declared on this type (was inherited from `{from}`: the Rust field stays)")
    } else {
        format!("now inherited from `{to}` (was from `{from}`: the Rust field stays)")
    }
}

fn diff_members(d: &mut Diff, qn: &str, o: &TypeDef, n: &TypeDef) {
    let old_names: Vec<String> = o.members.iter().map(|m| m.name.clone()).collect();
    let new_names: Vec<String> = n.members.iter().map(|m| m.name.clone()).collect();
    let (old_set, new_set): (BTreeSet<&String>, BTreeSet<&String>) = (old_names.iter().collect(), new_names.iter().collect());
    let renames = case_only_matches(old_names.iter(), new_names.iter());
    let (old_variants, new_variants) = (rust_names::variants(o), rust_names::variants(n));
    for m in old_set.difference(&new_set) {
        match renames.get(*m) {
            Some(to) => {
                let (v_old, v_new) = (&old_variants[*m], &new_variants[to]);
                let detail = format!("`{m}` -> `{to}` (letter case only): Rust variant `{v_old}` {}", same_or(v_old, v_new));
                let wire = Some(format!("the value is sent as `{to}` (was `{m}`), and `{m}` from the service decodes as `Other`"));
                d.rename(Item::EnumMember, format!("{qn}.{m}"), detail, v_old != v_new, wire);
            }
            None => d.push(true, ChangeKind::Removed, Item::EnumMember, format!("{qn}.{m}"), String::new()),
        }
    }
    let renamed_to: BTreeSet<&String> = renames.values().collect();
    for m in new_set.difference(&old_set) {
        if !renamed_to.contains(m) {
            d.push(false, ChangeKind::Added, Item::EnumMember, format!("{qn}.{m}"), String::new());
        }
    }
}
