//! Selective generation: only the operations an application calls, and the
//! types they need.
//!
//! The closure of a selection follows what a caller can receive or send:
//! request bodies, parameters and responses, then the properties of those
//! types (a property typed with a base type also pulls in its derived types,
//! since the value on the wire may be any of them), and base types (for
//! inherited properties). Navigation properties (Relationships tables) are
//! followed only to types already in the closure: they are filled only on
//! `$expand`, and pulling in every related entity would turn five endpoints
//! into the whole API. A dropped navigation property is not lost on the wire:
//! the generated model keeps it in `additional_properties`.
//!
//! A selection cannot miss silently: [`check`] finds every item that matches
//! nothing and says which names come closest ("did you mean"). Operations
//! written `METHOD /path` match whatever the path's placeholders are called
//! (`/users/{id}` is `/users/{user-id}`).

use crate::schema::{Operation, Schema, TypeRef, TypeTarget};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// What to generate. Empty lists select nothing of their kind; a selection
/// with every list empty selects everything.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Selection {
    /// Workload names (cargo features of the full crate), e.g. `intune-enrollment`:
    /// every operation any of whose workloads is named.
    pub workloads: Vec<String>,
    /// Operation ids (page file stems, e.g. `user-list`) or `METHOD /path`
    /// (e.g. `POST /deviceManagement/importedWindowsAutopilotDeviceIdentities/import`).
    pub operations: Vec<String>,
    /// Path prefixes, e.g. `/users` (compared segment-wise, case-insensitively).
    pub paths: Vec<String>,
    /// Type names, qualified (`microsoft.graph.user`) or short (`user`).
    pub types: Vec<String>,
}

impl Selection {
    pub fn is_empty(&self) -> bool {
        self.workloads.is_empty() && self.operations.is_empty() && self.paths.is_empty() && self.types.is_empty()
    }

    fn selects(&self, op: &Operation) -> bool {
        self.workloads.iter().any(|w| workload_matches(w, op))
            || self.operations.iter().any(|o| operation_matches(o, op))
            || self.paths.iter().any(|prefix| op.paths.iter().any(|t| path_starts_with(&t.raw, prefix)))
    }

    /// The line an output folder's marker records the selection in
    /// (`selection: {json}`); empty for a selection of everything.
    pub fn marker_line(&self) -> String {
        match self.is_empty() {
            true => String::new(),
            false => format!("{MARKER_PREFIX}{}", serde_json::to_string(self).unwrap_or_default()),
        }
    }

    /// The selection a marker records: `Some(empty)` when it records none
    /// (the folder holds everything), `None` when the line is unreadable.
    pub fn from_marker(marker: &str) -> Option<Selection> {
        match marker.lines().find_map(|l| l.strip_prefix(MARKER_PREFIX)) {
            None => Some(Selection::default()),
            Some(json) => serde_json::from_str(json).ok(),
        }
    }

    /// Every item, as `kind value` pairs (for messages and the output marker).
    pub fn items(&self) -> impl Iterator<Item = (&'static str, &str)> {
        self.workloads
            .iter()
            .map(|v| ("workload", v.as_str()))
            .chain(self.operations.iter().map(|v| ("operation", v.as_str())))
            .chain(self.paths.iter().map(|v| ("path", v.as_str())))
            .chain(self.types.iter().map(|v| ("type", v.as_str())))
    }
}

/// How the marker line of a selection starts.
const MARKER_PREFIX: &str = "selection: ";

/// The workloads (cargo features) an operation belongs to.
fn workloads_of(op: &Operation) -> impl Iterator<Item = &str> {
    op.workloads.iter().map(String::as_str)
}

fn workload_matches(w: &str, op: &Operation) -> bool {
    workloads_of(op).any(|o| o.eq_ignore_ascii_case(w.trim()))
}

/// `o` is the operation's id, or `METHOD /path` naming one of its paths.
fn operation_matches(o: &str, op: &Operation) -> bool {
    let o = o.trim();
    o.eq_ignore_ascii_case(&op.id)
        // The id of a page merged into this operation selects it too.
        || op.merged_from.iter().any(|s| o.eq_ignore_ascii_case(crate::schema::workload::stem(&s.file)))
        || o.split_once(' ').is_some_and(|(m, p)| m.eq_ignore_ascii_case(op.method.as_str()) && op.paths.iter().any(|t| same_path(&t.raw, p)))
}

/// A path's segments as compared: lowercase, spaces dropped, every
/// placeholder `{...}` written `{}` (its name is the docs' choice, not the
/// API's), the query left out.
fn segments(path: &str) -> Vec<String> {
    path.split('?').next().unwrap_or("").split('/').filter(|s| !s.is_empty()).map(|s| without_placeholder_names(&s.replace(' ', "").to_ascii_lowercase())).collect()
}

fn without_placeholder_names(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    let mut in_placeholder = false;
    for c in segment.chars() {
        match (c, in_placeholder) {
            ('{', false) => {
                out.push('{');
                in_placeholder = true;
            }
            ('}', true) => {
                out.push('}');
                in_placeholder = false;
            }
            (_, true) => {}
            (c, false) => out.push(c),
        }
    }
    out
}

/// What identifies an endpoint whatever its placeholders are called:
/// `/Users/{user-id}/manager` → `users/{}/manager`.
pub fn endpoint_key(path: &str) -> String {
    segments(path).join("/")
}

fn same_path(a: &str, b: &str) -> bool {
    segments(a) == segments(b)
}

fn path_starts_with(path: &str, prefix: &str) -> bool {
    let (p, q) = (segments(path), segments(prefix));
    p.len() >= q.len() && p[..q.len()] == q[..]
}

fn named(ty: &TypeRef) -> Option<&str> {
    match &ty.target {
        TypeTarget::Named(n) => Some(n),
        TypeTarget::Primitive(_) => None,
    }
}

/// A selection item that matches nothing, with the nearest names there are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Miss {
    /// `workload`, `operation`, `path` or `type`.
    pub kind: &'static str,
    pub item: String,
    /// The nearest names of that kind, best first (at most [`SUGGESTIONS`]).
    pub nearest: Vec<String>,
}

/// How many nearest names a [`Miss`] offers.
pub const SUGGESTIONS: usize = 3;

/// Every selection item that matches nothing in `schema` (an error for the
/// CLI and the `build.rs` builder: a typo must not generate nothing).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelectionError {
    pub misses: Vec<Miss>,
}

impl std::fmt::Display for SelectionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} selection item(s) match nothing in the docs:", self.misses.len())?;
        for miss in &self.misses {
            let shown = crate::printable::printable(&miss.item);
            write!(f, "\n  {} `{shown}` matches nothing", miss.kind)?;
            if !miss.nearest.is_empty() {
                let names: Vec<String> = miss.nearest.iter().map(|n| format!("`{}`", crate::printable::printable(n))).collect();
                write!(f, "; did you mean {}?", names.join(" or "))?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for SelectionError {}

/// Check that every item of `selection` matches something in `schema`.
pub fn check(schema: &Schema, selection: &Selection) -> Result<(), SelectionError> {
    let mut misses = Vec::new();
    for w in &selection.workloads {
        if !schema.operations.iter().any(|op| workload_matches(w, op)) {
            let names: BTreeSet<&str> = schema.operations.iter().flat_map(workloads_of).collect();
            misses.push(Miss { kind: "workload", item: w.clone(), nearest: nearest(w, names) });
        }
    }
    for o in &selection.operations {
        if schema.operations.iter().any(|op| operation_matches(o, op)) {
            continue;
        }
        let nearest = match o.trim().split_once(' ') {
            // `METHOD /path`: the nearest request lines, placeholders as the docs write them.
            Some((_, path)) if path.trim_start().starts_with('/') => {
                let lines: BTreeSet<String> =
                    schema.operations.iter().flat_map(|op| op.paths.iter().map(move |p| format!("{} {}", op.method.as_str(), p.raw))).collect();
                let wanted = format!("{} {}", o.split_once(' ').map_or("", |(m, _)| m).to_ascii_uppercase(), segments(path).join("/"));
                nearest_by(&wanted, lines.iter().map(String::as_str), |line| {
                    let (m, p) = line.split_once(' ').unwrap_or((line, ""));
                    format!("{m} {}", segments(p).join("/"))
                })
            }
            _ => nearest(o, schema.operations.iter().map(|op| op.id.as_str())),
        };
        misses.push(Miss { kind: "operation", item: o.clone(), nearest });
    }
    for prefix in &selection.paths {
        if !schema.operations.iter().any(|op| op.paths.iter().any(|t| path_starts_with(&t.raw, prefix))) {
            // Prefixes as long as the one asked for.
            let depth = segments(prefix).len().max(1);
            let prefixes: BTreeSet<String> = schema
                .operations
                .iter()
                .flat_map(|op| op.paths.iter())
                .map(|t| format!("/{}", t.raw.split('?').next().unwrap_or("").split('/').filter(|s| !s.is_empty()).take(depth).collect::<Vec<_>>().join("/")))
                .collect();
            let wanted = segments(prefix).join("/");
            let found = nearest_by(&wanted, prefixes.iter().map(String::as_str), |p| segments(p).join("/"));
            misses.push(Miss { kind: "path", item: prefix.clone(), nearest: found });
        }
    }
    for name in &selection.types {
        if find_type(schema, name).is_none() {
            let names = schema.types.values().map(|t| t.name.as_str()).chain(schema.types.keys().map(String::as_str));
            misses.push(Miss { kind: "type", item: name.clone(), nearest: nearest(name, names) });
        }
    }
    match misses.is_empty() {
        true => Ok(()),
        false => Err(SelectionError { misses }),
    }
}

/// The qualified name of the type `name` names: qualified or short, any case.
fn find_type<'a>(schema: &'a Schema, name: &str) -> Option<&'a String> {
    let name = name.trim();
    schema.types.keys().find(|q| q.eq_ignore_ascii_case(name)).or_else(|| {
        // Of several namespaces' types of that name, the last by qualified name (as before).
        schema.types.iter().filter(|(_, t)| t.name.eq_ignore_ascii_case(name)).map(|(q, _)| q).max()
    })
}

/// The names of `candidates` nearest to `wanted` (case-insensitively).
fn nearest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    nearest_by(&wanted.trim().to_ascii_lowercase(), candidates, |c| c.to_ascii_lowercase())
}

/// The candidates whose `key` is nearest to `wanted` by edit distance:
/// within a third of the longer one's length (at least 2 edits), best
/// first, then by name; at most [`SUGGESTIONS`].
fn nearest_by<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>, key: impl Fn(&str) -> String) -> Vec<String> {
    let mut scored: Vec<(usize, &str)> = candidates
        .into_iter()
        .filter_map(|c| {
            let k = key(c);
            let limit = (wanted.chars().count().max(k.chars().count()) / 3).max(2);
            // Cheap bound first: lengths alone differ by more than the limit.
            if wanted.len().abs_diff(k.len()) > limit * 4 {
                return None;
            }
            let d = strsim::levenshtein(wanted, &k);
            (d <= limit).then_some((d, c))
        })
        .collect();
    scored.sort();
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(SUGGESTIONS).map(|(_, c)| c.to_owned()).collect()
}

/// The part of `schema` that `selection` needs (all of it for an empty selection).
pub fn select(schema: &Schema, selection: &Selection) -> Schema {
    if selection.is_empty() {
        return schema.clone();
    }
    let operations: Vec<Operation> = schema.operations.iter().filter(|op| selection.selects(op)).cloned().collect();

    // Roots: what the operations send and receive, and the named types.
    // `true` marks a type reached as a value (its derived types may arrive
    // instead of it); `false` a type reached only as a base of another.
    let mut work: Vec<(String, bool)> = Vec::new();
    let value = |name: &str, work: &mut Vec<(String, bool)>| work.push((name.to_string(), true));
    for op in &operations {
        op.type_refs().filter_map(named).for_each(|n| value(n, &mut work));
    }
    for name in &selection.types {
        if let Some(q) = find_type(schema, name) {
            value(q, &mut work);
        }
    }

    // Closure over structural properties, base types and (for values) derived types.
    let mut kept: BTreeSet<String> = BTreeSet::new();
    let mut expanded_as_value: BTreeSet<String> = BTreeSet::new();
    while let Some((name, as_value)) = work.pop() {
        let Some(ty) = schema.types.get(&name) else { continue };
        let first_visit = kept.insert(name.clone());
        if as_value && expanded_as_value.insert(name.clone()) {
            work.extend(ty.derived_types.iter().map(|d| (d.clone(), true)));
        }
        if !first_visit {
            continue;
        }
        work.extend(ty.base_type.iter().map(|b| (b.clone(), false)));
        for p in ty.properties.iter().filter(|p| !p.navigation) {
            work.extend(named(&p.ty).map(|n| (n.to_string(), true)));
        }
    }
    // Bases pulled in only for inheritance do not need their other derived
    // types, but derived types pulled in above do need their bases: both
    // are in `kept` now. Trim references to what was left out.
    let types = kept
        .iter()
        .filter_map(|name| schema.types.get(name).map(|t| (name.clone(), t.clone())))
        .map(|(name, mut t)| {
            t.derived_types.retain(|d| kept.contains(d));
            t.properties.retain(|p| named(&p.ty).is_none_or(|n| kept.contains(n)));
            (name, t)
        })
        .collect();
    Schema { types, operations, api_version: schema.api_version.clone() }
}
