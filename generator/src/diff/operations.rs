//! Operations: matched by endpoint (method and path, placeholders alike,
//! names without case), so a reordered or re-spelled path list still finds
//! its operation; then their paths, bodies, parameters and responses.

use super::rust_names::segment_methods;
use super::types::case_only_matches;
use super::{features, show, ChangeKind, Diff, Item, Renamed};
use crate::emit::feature_map::{endpoint, FeatureMap};
use crate::emit::naming::snake;
use crate::emit::requests::kind_method_name;
use crate::schema::merge_operations::path_key;
use crate::schema::{Operation, PathTemplate, RequestBody, Schema, Segment, TypeRef};
use std::collections::{BTreeMap, BTreeSet};

/// `GET /users/{id | userPrincipalName}/manager` -> `GET /users/{}/manager`:
/// how a change names its operation.
fn op_key(op: &Operation) -> String {
    let path = op.paths.first().map(|p| p.raw.as_str()).unwrap_or("");
    let mut shape = String::with_capacity(path.len());
    let mut depth = 0;
    for c in path.chars() {
        match c {
            '{' => {
                depth += 1;
                if depth == 1 {
                    shape.push_str("{}");
                }
            }
            '}' => depth -= 1,
            _ if depth > 0 => {}
            c => shape.push(c.to_ascii_lowercase()),
        }
    }
    format!("{} {}", op.method.as_str(), shape.trim_end_matches('/'))
}

pub(super) fn diff_operations(d: &mut Diff, old: &Schema, new: &Schema, renamed: &Renamed, map: Option<&FeatureMap>) {
    let mut by_endpoint: BTreeMap<String, usize> = BTreeMap::new();
    for (i, op) in new.operations.iter().enumerate() {
        for p in &op.paths {
            by_endpoint.entry(endpoint(op, p)).or_insert(i);
        }
    }
    let mut matched: BTreeSet<usize> = BTreeSet::new();
    let mut seen_keys: BTreeSet<String> = BTreeSet::new();
    for o in &old.operations {
        let key = op_key(o);
        // Docs duplicates (two pages, one endpoint) are one operation.
        if !seen_keys.insert(key.clone()) {
            continue;
        }
        let Some(i) = o.paths.iter().find_map(|p| by_endpoint.get(&endpoint(o, p)).copied()) else {
            d.push(true, ChangeKind::Removed, Item::Operation, key, o.name.clone());
            continue;
        };
        matched.insert(i);
        let n = &new.operations[i];
        diff_operation(d, &key, o, n, renamed);
        let kept = |f: &str| {
            map.and_then(|m| m.features.get(f)).is_some_and(|members| o.paths.iter().any(|p| members.endpoints.contains(&endpoint(o, p))))
        };
        features::moved(d, Item::Operation, key, &o.workloads, &n.workloads, kept);
    }
    let mut added: BTreeSet<String> = BTreeSet::new();
    for (i, n) in new.operations.iter().enumerate() {
        if !matched.contains(&i) && added.insert(op_key(n)) {
            d.push(false, ChangeKind::Added, Item::Operation, op_key(n), n.name.clone());
        }
    }
}

fn diff_operation(d: &mut Diff, key: &str, o: &Operation, n: &Operation, renamed: &Renamed) {
    let key = key.to_owned();
    if o.kind != n.kind {
        let (m_old, m_new) = (kind_method_name(o), kind_method_name(n));
        let detail = format!("kind {:?} -> {:?}", o.kind, n.kind).to_lowercase();
        let detail = if m_old == m_new { detail } else { format!("{detail}: Rust method `{m_old}` -> `{m_new}`") };
        d.push(m_old != m_new, ChangeKind::Changed, Item::Operation, key.clone(), detail);
    }
    // A body sent only on request (`Prefer: return=representation`) is
    // an `Option` in Rust: turning that on or off changes the return type.
    let response = |op: &Operation, old_side: bool| {
        let ty = op.response.ty.as_ref().map(|t| if old_side { renamed.type_ref(t) } else { t.clone() });
        (ty, op.response.body_on_request)
    };
    if response(o, true) != response(n, false) {
        let show_opt = |(ty, on_request): (Option<TypeRef>, bool)| {
            let shown = ty.as_ref().map(show).unwrap_or_else(|| "no content".into());
            if on_request {
                format!("{shown} (only with `Prefer: return=representation`)")
            } else {
                shown
            }
        };
        d.push(
            true,
            ChangeKind::Changed,
            Item::Operation,
            key.clone(),
            format!("response {} -> {}", show_opt(response(o, true)), show_opt(response(n, false))),
        );
    }
    let body_kind = |op: &Operation, old_side: bool| match &op.body {
        None => "none".to_string(),
        Some(RequestBody::Parameters { .. }) => "parameters".to_string(),
        Some(RequestBody::Resource { ty }) => show(&if old_side { renamed.type_ref(ty) } else { ty.clone() }),
        Some(RequestBody::Binary) => "binary".to_string(),
        Some(RequestBody::Reference) => "reference".to_string(),
    };
    if body_kind(o, true) != body_kind(n, false) {
        d.push(true, ChangeKind::Changed, Item::Operation, key.clone(), format!("request body {} -> {}", body_kind(o, true), body_kind(n, false)));
    }
    diff_parameters(d, &key, o, n, renamed);
    if o.permissions != n.permissions {
        d.push(false, ChangeKind::Changed, Item::Operation, key.clone(), "permissions changed".into());
    }
    diff_paths(d, &key, o, n);
}

/// Body members and function parameters by name (old types as the new
/// schema names them).
fn parameters(op: &Operation, renamed: Option<&Renamed>) -> BTreeMap<String, TypeRef> {
    op.parameter_tables().map(|p| (p.name.clone(), renamed.map(|r| r.type_ref(&p.ty)).unwrap_or_else(|| p.ty.clone()))).collect()
}

fn diff_parameters(d: &mut Diff, key: &str, o: &Operation, n: &Operation, renamed: &Renamed) {
    let (old, new) = (parameters(o, Some(renamed)), parameters(n, None));
    let renames = case_only_matches(old.keys(), new.keys());
    let in_body = |op: &Operation, name: &str| matches!(&op.body, Some(RequestBody::Parameters { params }) if params.iter().any(|p| p.name == name));
    for (p, ty) in &old {
        let full = format!("{key} {p}");
        if let Some(to) = renames.get(p) {
            let nty = &new[to];
            let (r_old, r_new) = (snake(p), snake(to));
            let mut detail = format!("`{p}` -> `{to}` (letter case only): Rust name `{r_old}` {}", if r_old == r_new { "unchanged".to_owned() } else { format!("-> `{r_new}`") });
            if nty != ty {
                detail.push_str(&format!("; type {} -> {}", show(ty), show(nty)));
            }
            let place = if in_body(n, to) { "the JSON member of the request body" } else { "the argument in the URL" };
            d.rename(Item::Parameter, full, detail, r_old != r_new || nty != ty, Some(format!("{place} is `{to}` (was `{p}`)")));
            continue;
        }
        match new.get(p) {
            None => d.push(true, ChangeKind::Removed, Item::Parameter, full, show(ty)),
            Some(nty) if nty != ty => d.push(true, ChangeKind::Changed, Item::Parameter, full, format!("{} -> {}", show(ty), show(nty))),
            Some(_) => {}
        }
    }
    let renamed_to: BTreeSet<&String> = renames.values().collect();
    for (p, ty) in &new {
        if !old.contains_key(p) && !renamed_to.contains(p) {
            d.push(false, ChangeKind::Added, Item::Parameter, format!("{key} {p}"), show(ty));
        }
    }
}

/// Paths matched by endpoint identity. A matched path written differently
/// changes the API only where a builder method's name changes (a case-only
/// rename of a segment, a key alternative gone) and the wire only where a
/// fixed part of the URL changes; placeholder names change neither.
fn diff_paths(d: &mut Diff, key: &str, o: &Operation, n: &Operation) {
    // One endpoint may be written several ways (`{list-id}`, `{list-title}`).
    let mut new_by_key: BTreeMap<String, Vec<&PathTemplate>> = BTreeMap::new();
    for q in &n.paths {
        new_by_key.entry(path_key(&q.segments)).or_default().push(q);
    }
    let old_keys: BTreeSet<String> = o.paths.iter().map(|p| path_key(&p.segments)).collect();
    for p in &o.paths {
        let Some(candidates) = new_by_key.get(&path_key(&p.segments)) else {
            d.push(true, ChangeKind::Removed, Item::Operation, key.to_owned(), format!("path {}", p.raw));
            continue;
        };
        if candidates.iter().any(|q| q.segments == p.segments) {
            continue;
        }
        let q = candidates[0];
        let mut gone = Vec::new();
        let mut now = Vec::new();
        let mut url_changes = false;
        for (s_old, s_new) in p.segments.iter().zip(&q.segments) {
            let (m_old, m_new) = (segment_methods(s_old), segment_methods(s_new));
            let lost: Vec<&String> = m_old.iter().filter(|m| !m_new.contains(m)).collect();
            if !lost.is_empty() {
                gone.extend(lost.into_iter().cloned());
                now.extend(m_new.iter().filter(|m| !m_old.contains(m)).cloned());
            }
            url_changes |= fixed_text(s_old) != fixed_text(s_new);
        }
        if gone.is_empty() && !url_changes {
            continue;
        }
        let methods = if gone.is_empty() {
            "Rust methods unchanged".to_owned()
        } else {
            let list = |ms: &[String]| ms.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", ");
            format!("Rust method {} -> {}", list(&gone), if now.is_empty() { "none".to_owned() } else { list(&now) })
        };
        let detail = format!("path `{}` -> `{}`{}: {methods}", p.raw, q.raw, if url_changes { " (letter case only)" } else { "" });
        if url_changes {
            d.rename(Item::Operation, key.to_owned(), detail, !gone.is_empty(), Some(format!("requests go to `{}`", q.raw)));
        } else {
            d.push(true, ChangeKind::Changed, Item::Operation, key.to_owned(), detail);
        }
    }
    for q in &n.paths {
        if !old_keys.contains(&path_key(&q.segments)) {
            d.push(false, ChangeKind::Added, Item::Operation, key.to_owned(), format!("path {}", q.raw));
        }
    }
}

/// The part of a segment sent as written (not a placeholder's value).
fn fixed_text(segment: &Segment) -> String {
    match segment {
        Segment::Literal { name } => name.clone(),
        Segment::Function { name, args } => {
            let args: Vec<String> = args.iter().map(|a| format!("{}={}", a.name, a.literal.clone().unwrap_or_default())).collect();
            format!("{name}({})", args.join(","))
        }
        Segment::Cast { type_name } => type_name.clone(),
        Segment::Key { parens, .. } => if *parens { "()" } else { "{}" }.to_owned(),
        Segment::ItemPath { .. } => ":{}:".to_owned(),
    }
}
