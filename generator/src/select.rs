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

use crate::schema::{Operation, Schema, TypeRef, TypeTarget};
use std::collections::{BTreeMap, BTreeSet};

/// What to generate. Empty lists select nothing of their kind; a selection
/// with every list empty selects everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
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
        self.workloads.iter().any(|w| op.workloads.iter().any(|mine| w.eq_ignore_ascii_case(mine)))
            || self.operations.iter().any(|o| {
                o.eq_ignore_ascii_case(&op.id)
                    // The id of a page merged into this operation selects it too.
                    || op.merged_from.iter().any(|s| o.eq_ignore_ascii_case(crate::schema::workload::stem(&s.file)))
                    || o.split_once(' ').is_some_and(|(m, p)| {
                        m.eq_ignore_ascii_case(op.method.as_str()) && op.paths.iter().any(|t| same_path(&t.raw, p))
                    })
            })
            || self.paths.iter().any(|prefix| op.paths.iter().any(|t| path_starts_with(&t.raw, prefix)))
    }
}

fn segments(path: &str) -> Vec<String> {
    path.split('?').next().unwrap_or("").split('/').filter(|s| !s.is_empty()).map(|s| s.replace(' ', "").to_ascii_lowercase()).collect()
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
    let by_short: BTreeMap<String, &String> =
        schema.types.iter().map(|(q, t)| (t.name.to_ascii_lowercase(), q)).collect();
    for name in &selection.types {
        let lower = name.to_ascii_lowercase();
        if let Some(q) = schema.types.keys().find(|q| q.eq_ignore_ascii_case(name)).or_else(|| by_short.get(&lower).copied()) {
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
    Schema { types, operations }
}
