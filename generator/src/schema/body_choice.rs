//! A Request body section that says both "supply a JSON representation of
//! [x]" and lists a Name | Type | Description table: is the body an `x`, or
//! the table's parameters?
//!
//! The sentence is often boilerplate that names the type the action is
//! about (`POST .../assign`: "a JSON representation of the
//! [policyAssignment]", table: `assignments`), or the type of the one
//! member the body wraps (`PATCH .../policy`: "[registrationEnforcement]",
//! table: `registrationEnforcement`). The table is what the body holds. So
//! once every type page is read, the body is the table's parameters when
//! none of its rows is a property of `x` (a `type-mismatch` diagnostic says
//! so), and the resource `x` otherwise: a table that lists some of `x`'s
//! properties describes `x` (its other rows are the type page's omissions).
//! Properties count from `x`, its bases and the types derived from it (a
//! create may send a derived type), tables and JSON representations alike;
//! `y@odata.bind` binds property `y`, `files/fileName` is inside property
//! `files`, and `@odata.type` says nothing. A type no page defines says
//! nothing of the body's members: the table does (reported).

use super::model::RequestBody;
use super::operation_pages::PageOperation;
use super::type_pages::PageType;
use super::type_ref;
use crate::diagnostics::{DiagnosticKind, Diagnostics};
use std::collections::{BTreeMap, BTreeSet};

/// Property names, base names and derived type names of every type, by
/// short name and by page stem (lowercase): several pages may describe one
/// type, all count.
#[derive(Default)]
pub struct Members {
    by_name: BTreeMap<String, (BTreeSet<String>, Vec<String>)>,
    derived: BTreeMap<String, Vec<String>>,
    by_stem: BTreeMap<String, String>,
}

impl Members {
    pub fn gather(types: &[PageType]) -> Members {
        let mut m = Members::default();
        for t in types {
            let short = t.def.name.to_ascii_lowercase();
            let entry = m.by_name.entry(short.clone()).or_default();
            entry.0.extend(t.def.properties.iter().map(|p| p.name.to_ascii_lowercase()));
            entry.0.extend(t.json_props.iter().map(|p| p.name.to_ascii_lowercase()));
            if let Some((base, _)) = &t.base {
                let base = base.name.rsplit('.').next().unwrap_or(&base.name).to_ascii_lowercase();
                entry.1.push(base.clone());
                m.derived.entry(base).or_default().push(short.clone());
            }
            let stem = t.def.source.file.rsplit('/').next().unwrap_or("").trim_end_matches(".md").to_ascii_lowercase();
            m.by_stem.entry(stem).or_insert(short);
        }
        m
    }

    /// Every property name of a type, its bases and the types derived from
    /// it (lowercase); `None` when no page defines the type.
    fn properties(&self, name: &str, stem: Option<&str>) -> Option<BTreeSet<String>> {
        let short = name.rsplit('.').next().unwrap_or(name).to_ascii_lowercase();
        let start = if self.by_name.contains_key(&short) { short } else { self.by_stem.get(stem?)?.clone() };
        let mut out = BTreeSet::new();
        // Up the base chain, and down to every derived type.
        for (start, up) in [(start.clone(), true), (start, false)] {
            let mut seen = BTreeSet::new();
            let mut next = vec![start];
            while let Some(t) = next.pop() {
                if !seen.insert(t.clone()) {
                    continue;
                }
                if let Some((props, bases)) = self.by_name.get(&t) {
                    out.extend(props.iter().cloned());
                    if up {
                        next.extend(bases.iter().cloned());
                    }
                }
                if !up {
                    next.extend(self.derived.get(&t).into_iter().flatten().cloned());
                }
            }
        }
        Some(out)
    }
}

/// Settle each body that may be a resource or a table's parameters;
/// `members` are [`Members::gather`] of every type page.
pub fn choose(ops: &mut [PageOperation], members: &Members, diags: &mut Diagnostics) {
    for po in ops.iter_mut() {
        let (Some(rows), Some(RequestBody::Resource { ty })) = (&po.body_alternative, &po.op.body) else { continue };
        let Some((name, stem)) = type_ref::unresolved(&ty.target) else { continue };
        let named: Vec<&str> = rows.iter().map(|r| r.name.as_str()).filter(|n| !n.starts_with("@odata.")).collect();
        let shown = name.rsplit('.').next().unwrap_or(name).to_owned();
        let line = rows.first().map(|r| r.source.line).unwrap_or(po.op.source.line);
        let file = rows.first().map(|r| r.source.file.clone()).unwrap_or_else(|| po.op.source.file.clone());
        let Some(properties) = members.properties(name, stem) else {
            // The sentence names a type no page describes: the table is
            // the one statement of what the body holds.
            if !named.is_empty() {
                let message = format!("the request body is said to be a `{shown}`, which no page describes; the body is the table's parameters");
                diags.report(&file, line, DiagnosticKind::TypeMismatch, message);
                po.use_parameter_body();
            }
            continue;
        };
        let property_of = |row: &str| properties.contains(&row.split(['@', '/']).next().unwrap_or(row).to_ascii_lowercase());
        if named.is_empty() || named.iter().any(|n| property_of(n)) {
            po.body_alternative = None;
            continue;
        }
        let list = named.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
        diags.report(
            &file,
            line,
            DiagnosticKind::TypeMismatch,
            format!("the request body is said to be a `{shown}`, but the body table lists {list}, which `{shown}` does not have; the body is the table's parameters"),
        );
        po.use_parameter_body();
    }
}
