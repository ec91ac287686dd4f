//! The response type of an operation whose page names none, read from its
//! path: `GET /widgets/{id}/parts` returns what the `parts` navigation
//! property of a widget holds.
//!
//! The start of the walk is what other operations say: the longest prefix of
//! the path that some GET returns a known type for (`GET /widgets/{id}`
//! returns a widget). The rest of the path is followed through navigation
//! properties (own or inherited), keys (one item of a collection) and casts.
//! Nothing is taken on a guess: a prefix two GETs disagree on is no start,
//! every path of the operation that resolves must reach the same type, and
//! none may hold a segment the walk cannot read (`$value`, a function call).
//! Runs after all types are final and only fills responses still unknown.
//!
//! The same walk gives the body of a create or update whose page describes
//! it only in words: the item the path writes.

use super::model::{HttpMethod, Operation, OperationKind, RequestBody, Segment, TypeDef, TypeKind, TypeRef, TypeTarget};
use rayon::prelude::*;
use std::collections::BTreeMap;

/// One step of a path, with what identifies it: keys are all alike.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Step {
    Name(String),
    Key,
    Cast(String),
}

/// The steps of a path, or `None` when it holds a segment a navigation walk
/// cannot follow (function calls, OneDrive item paths, `$value`...).
fn steps(segments: &[Segment]) -> Option<Vec<Step>> {
    let mut out = Vec::new();
    for seg in segments {
        out.push(match seg {
            Segment::Literal { name } if !name.starts_with('$') => Step::Name(name.to_ascii_lowercase()),
            Segment::Key { .. } => Step::Key,
            Segment::Cast { type_name } => Step::Cast(type_name.to_ascii_lowercase()),
            _ => return None,
        });
    }
    Some(out)
}

/// A structured (non-enum) type of the schema.
fn structured<'a>(types: &'a BTreeMap<String, TypeDef>, ty: &TypeRef) -> Option<&'a TypeDef> {
    match &ty.target {
        TypeTarget::Named(q) => types.get(q).filter(|t| t.kind != TypeKind::Enum),
        TypeTarget::Primitive(_) => None,
    }
}

/// What GETs with a known structured type say each path returns; `None`
/// where they disagree.
fn known_paths(ops: &[&Operation], types: &BTreeMap<String, TypeDef>) -> BTreeMap<Vec<Step>, Option<TypeRef>> {
    let mut known: BTreeMap<Vec<Step>, Option<TypeRef>> = BTreeMap::new();
    let mut note = |path: Vec<Step>, ty: TypeRef| {
        known.entry(path).and_modify(|seen| if seen.as_ref() != Some(&ty) { *seen = None }).or_insert(Some(ty));
    };
    for op in ops.iter().filter(|o| o.method == HttpMethod::Get) {
        let Some(ty) = op.response.ty.as_ref().filter(|t| structured(types, t).is_some()) else { continue };
        for path in &op.paths {
            let Some(path) = steps(&path.segments) else { continue };
            if ty.collection {
                // One item of the collection is addressed by key below it.
                let mut item = path.clone();
                item.push(Step::Key);
                note(item, TypeRef { target: ty.target.clone(), collection: false });
            }
            note(path, ty.clone());
        }
    }
    known
}

/// A property of a type or of one of its bases, by wire name.
fn navigation<'a>(types: &'a BTreeMap<String, TypeDef>, mut name: &'a str, prop: &str) -> Option<&'a TypeRef> {
    for _ in 0..64 {
        let t = types.get(name)?;
        if let Some(p) = t.properties.iter().find(|p| p.navigation && p.name.eq_ignore_ascii_case(prop)) {
            return Some(&p.ty);
        }
        name = t.base_type.as_deref()?;
    }
    None
}

/// Follow `rest` from a value of type `start`.
fn walk(types: &BTreeMap<String, TypeDef>, start: &TypeRef, rest: &[Step]) -> Option<TypeRef> {
    let mut at = start.clone();
    for step in rest {
        at = match step {
            Step::Key if at.collection => TypeRef { target: at.target.clone(), collection: false },
            Step::Name(name) if !at.collection => {
                let TypeTarget::Named(q) = &at.target else { return None };
                let next = navigation(types, q, name)?;
                structured(types, next)?;
                next.clone()
            }
            Step::Cast(cast) => {
                let q = types.keys().find(|k| k.eq_ignore_ascii_case(cast))?;
                TypeRef { target: TypeTarget::Named(q.clone()), collection: at.collection }
            }
            _ => return None,
        };
    }
    Some(at)
}

/// The type a path reaches from its longest known prefix (itself included:
/// a PATCH of what some GET returns updates that type).
fn reached(types: &BTreeMap<String, TypeDef>, known: &BTreeMap<Vec<Step>, Option<TypeRef>>, path: &[Step]) -> Option<TypeRef> {
    (1..=path.len()).rev().find_map(|n| {
        let start = known.get(&path[..n])?.as_ref()?;
        walk(types, start, &path[n..])
    })
}

/// The response type the operation's method makes of the reached type, and
/// whether the operation may have one at all: a GET returns what it
/// addresses; a PATCH/PUT the updated item; a POST to a collection the
/// created item. Writes count only when an example response shows a body.
fn response_of(op: &Operation, reached: TypeRef) -> Option<TypeRef> {
    let example_body = op.examples.iter().any(|e| e.status.is_some_and(|s| (200..300).contains(&s)) && e.body.is_some());
    match op.method {
        HttpMethod::Get => Some(reached),
        HttpMethod::Patch | HttpMethod::Put if example_body && !reached.collection => Some(reached),
        HttpMethod::Post if example_body && reached.collection => Some(TypeRef { target: reached.target, collection: false }),
        _ => None,
    }
}

/// Fill the response type of operations that have none and may have a
/// body, then the body of creates and updates that declare none.
pub fn fill(ops: &mut [&mut Operation], types: &BTreeMap<String, TypeDef>) {
    let known = {
        let all: Vec<&Operation> = ops.iter().map(|o| &**o).collect();
        known_paths(&all, types)
    };
    fill_responses(ops, types, &known);
    fill_write_bodies(ops, types, &known);
    widen_parameter_bodies(ops, types, &known);
}

/// A create or update whose body is a parameter table: also the writable
/// properties of the item it writes ([`super::writable_body`]): the
/// structured type it returns, else the one its paths address.
fn widen_parameter_bodies(ops: &mut [&mut Operation], types: &BTreeMap<String, TypeDef>, known: &BTreeMap<Vec<Step>, Option<TypeRef>>) {
    ops.par_iter_mut().for_each(|op| {
        if !super::writable_body::widens(op) {
            return;
        }
        let returned = op.response.ty.clone().filter(|t| !t.collection && structured(types, t).is_some());
        if let Some(ty) = returned.or_else(|| written_item(op, types, known)) {
            super::writable_body::widen(op, &ty, types);
        }
    });
}

/// The body of a create or update whose page describes it only in words
/// ("supply the values for relevant fields that should be updated"): the
/// entity it makes or changes, as a partial object (every model field is
/// optional). That is the structured type it returns, else the type its
/// paths address (an update: that item; a create: an item of that
/// collection) when every path that resolves agrees.
fn fill_write_bodies(ops: &mut [&mut Operation], types: &BTreeMap<String, TypeDef>, known: &BTreeMap<Vec<Step>, Option<TypeRef>>) {
    ops.par_iter_mut().for_each(|op| {
        if op.body.is_some() || !matches!(op.kind, OperationKind::Create | OperationKind::Update) {
            return;
        }
        let returned = op.response.ty.clone().filter(|t| !t.collection && structured(types, t).is_some());
        if let Some(ty) = returned.or_else(|| written_item(op, types, known)) {
            op.body = Some(RequestBody::Resource { ty });
        }
    });
}

/// The item a create or update writes, by its paths: an update writes the
/// item a path reaches, a create an item of the collection it reaches.
fn written_item(op: &Operation, types: &BTreeMap<String, TypeDef>, known: &BTreeMap<Vec<Step>, Option<TypeRef>>) -> Option<TypeRef> {
    agreed_over_paths(op, types, known, |reached| match (op.kind, reached.collection) {
        (OperationKind::Update, false) => Ok(Some(reached)),
        (OperationKind::Create, true) => Ok(Some(TypeRef { target: reached.target, collection: false })),
        _ => Err(()),
    })
}

/// The response type of operations that have none and may have a body.
fn fill_responses(ops: &mut [&mut Operation], types: &BTreeMap<String, TypeDef>, known: &BTreeMap<Vec<Step>, Option<TypeRef>>) {
    ops.par_iter_mut().for_each(|op| {
        if op.response.ty.is_some() || op.response.status == 204 || !(200..300).contains(&op.response.status) {
            return;
        }
        op.response.ty = agreed_over_paths(op, types, known, |reached| Ok(response_of(op, reached)));
    });
}

/// The one type all of `op`'s paths agree on. `of` reads the type a path
/// reaches: `Ok(Some(t))` gives `t`, `Ok(None)` says nothing, `Err(())`
/// contradicts. `None` when a path cannot be walked (`$value`, a function
/// call: it addresses something else), a path contradicts, or two disagree;
/// paths whose prefix no GET knows say nothing.
fn agreed_over_paths(
    op: &Operation,
    types: &BTreeMap<String, TypeDef>,
    known: &BTreeMap<Vec<Step>, Option<TypeRef>>,
    of: impl Fn(TypeRef) -> Result<Option<TypeRef>, ()>,
) -> Option<TypeRef> {
    let mut agreed: Option<TypeRef> = None;
    for path in &op.paths {
        let Some(reached) = reached(types, known, &steps(&path.segments)?) else { continue };
        let Some(ty) = of(reached).ok()? else { continue };
        match &agreed {
            Some(a) if *a != ty => return None,
            Some(_) => {}
            None => agreed = Some(ty),
        }
    }
    agreed
}
