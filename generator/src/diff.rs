//! `graphgen diff OLD_DOCS NEW_DOCS`: what a docs update changes in the API,
//! and which changes break Rust callers.
//!
//! The diff is semantic (schema against schema), not textual, so a reworded
//! description is not an API change and a moved page is not a removal.
//! Operations are matched by method and path shape (parameter names
//! ignored), types by qualified name, properties and members by wire name.
//!
//! What breaks a caller of the generated Rust: a removed type, property,
//! enum member or operation; a property, parameter or response whose type
//! changed (including collection-ness, and a response body becoming or
//! ceasing to be sent only on request); a changed base type (inherited
//! fields move); a changed method or path. Additions do not break: models
//! are built with `..Default::default()` and enums keep an `Other` variant.

use crate::schema::{Operation, RequestBody, Schema, TypeDef, TypeRef, TypeTarget};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Item {
    Type,
    Property,
    EnumMember,
    Operation,
    Parameter,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Change {
    pub breaking: bool,
    pub kind: ChangeKind,
    pub item: Item,
    /// e.g. `microsoft.graph.user.displayName` or `POST /users/{}/sendMail`.
    pub name: String,
    pub detail: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ApiDiff {
    pub changes: Vec<Change>,
}

impl ApiDiff {
    pub fn breaking(&self) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(|c| c.breaking)
    }

    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// Markdown for a pull request description.
    pub fn to_markdown(&self) -> String {
        let breaking = self.breaking().count();
        let count = |k: ChangeKind| self.changes.iter().filter(|c| c.kind == k && !c.breaking).count();
        let mut s = String::from("## API changes\n\n");
        if self.changes.is_empty() {
            s.push_str("No API changes.\n");
            return s;
        }
        s.push_str(&format!(
            "**{breaking} breaking**, {} added, {} changed, {} removed (non-breaking)\n",
            count(ChangeKind::Added),
            count(ChangeKind::Changed),
            count(ChangeKind::Removed)
        ));
        let sections: [(&str, Box<dyn Fn(&Change) -> bool>); 4] = [
            ("Breaking", Box::new(|c: &Change| c.breaking)),
            ("Added", Box::new(|c: &Change| !c.breaking && c.kind == ChangeKind::Added)),
            ("Changed", Box::new(|c: &Change| !c.breaking && c.kind == ChangeKind::Changed)),
            ("Removed", Box::new(|c: &Change| !c.breaking && c.kind == ChangeKind::Removed)),
        ];
        for (title, keep) in sections {
            let rows: Vec<&Change> = self.changes.iter().filter(|c| keep(c)).collect();
            if rows.is_empty() {
                continue;
            }
            s.push_str(&format!("\n### {title}\n\n"));
            for c in rows {
                let mark = if c.breaking { "⚠️ " } else { "" };
                let kind = match c.kind {
                    ChangeKind::Added => "added",
                    ChangeKind::Removed => "removed",
                    ChangeKind::Changed => "changed",
                };
                let item = match c.item {
                    Item::Type => "type",
                    Item::Property => "property",
                    Item::EnumMember => "enum member",
                    Item::Operation => "operation",
                    Item::Parameter => "parameter",
                };
                let detail = if c.detail.is_empty() { String::new() } else { format!(": {}", c.detail) };
                s.push_str(&format!("- {mark}{kind} {item} `{}`{detail}\n", c.name));
            }
        }
        s
    }
}

fn show(ty: &TypeRef) -> String {
    let base = match &ty.target {
        TypeTarget::Primitive(p) => format!("Edm.{p:?}"),
        TypeTarget::Named(n) => n.clone(),
    };
    if ty.collection {
        format!("Collection({base})")
    } else {
        base
    }
}

struct Diff {
    changes: Vec<Change>,
}

impl Diff {
    fn push(&mut self, breaking: bool, kind: ChangeKind, item: Item, name: String, detail: String) {
        self.changes.push(Change { breaking, kind, item, name, detail });
    }
}

/// Compare two schemas.
pub fn diff(old: &Schema, new: &Schema) -> ApiDiff {
    let mut d = Diff { changes: Vec::new() };
    for (name, t) in &old.types {
        match new.types.get(name) {
            None => d.push(true, ChangeKind::Removed, Item::Type, name.clone(), format!("{:?}", t.kind).to_lowercase()),
            Some(n) => diff_type(&mut d, name, t, n),
        }
    }
    for (name, t) in &new.types {
        if !old.types.contains_key(name) {
            d.push(false, ChangeKind::Added, Item::Type, name.clone(), format!("{:?}", t.kind).to_lowercase());
        }
    }
    diff_operations(&mut d, old, new);
    d.changes.sort();
    d.changes.dedup();
    ApiDiff { changes: d.changes }
}

fn diff_type(d: &mut Diff, name: &str, old: &TypeDef, new: &TypeDef) {
    if old.kind != new.kind {
        d.push(true, ChangeKind::Changed, Item::Type, name.to_string(), format!("kind {:?} -> {:?}", old.kind, new.kind).to_lowercase());
    }
    if old.base_type != new.base_type {
        let show_base = |b: &Option<String>| b.clone().unwrap_or_else(|| "none".into());
        d.push(
            true,
            ChangeKind::Changed,
            Item::Type,
            name.to_string(),
            format!("base type {} -> {}", show_base(&old.base_type), show_base(&new.base_type)),
        );
    }
    let old_props: BTreeMap<&str, &TypeRef> = old.properties.iter().map(|p| (p.name.as_str(), &p.ty)).collect();
    let new_props: BTreeMap<&str, &TypeRef> = new.properties.iter().map(|p| (p.name.as_str(), &p.ty)).collect();
    for (p, ty) in &old_props {
        let full = format!("{name}.{p}");
        match new_props.get(p) {
            None => d.push(true, ChangeKind::Removed, Item::Property, full, show(ty)),
            Some(nty) if nty != ty => d.push(true, ChangeKind::Changed, Item::Property, full, format!("{} -> {}", show(ty), show(nty))),
            Some(_) => {}
        }
    }
    for (p, ty) in &new_props {
        if !old_props.contains_key(p) {
            d.push(false, ChangeKind::Added, Item::Property, format!("{name}.{p}"), show(ty));
        }
    }
    let old_members: BTreeSet<&str> = old.members.iter().map(|m| m.name.as_str()).collect();
    let new_members: BTreeSet<&str> = new.members.iter().map(|m| m.name.as_str()).collect();
    for m in old_members.difference(&new_members) {
        d.push(true, ChangeKind::Removed, Item::EnumMember, format!("{name}.{m}"), String::new());
    }
    for m in new_members.difference(&old_members) {
        d.push(false, ChangeKind::Added, Item::EnumMember, format!("{name}.{m}"), String::new());
    }
}

/// `GET /users/{id | userPrincipalName}/manager` -> `GET /users/{}/manager`.
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

/// Body members and function parameters by name.
fn body_params(op: &Operation) -> BTreeMap<String, TypeRef> {
    op.parameter_tables().map(|p| (p.name.clone(), p.ty.clone())).collect()
}

fn diff_operations(d: &mut Diff, old: &Schema, new: &Schema) {
    let index = |s: &Schema| -> BTreeMap<String, Operation> {
        let mut m = BTreeMap::new();
        for op in &s.operations {
            m.entry(op_key(op)).or_insert_with(|| op.clone());
        }
        m
    };
    let (old_ops, new_ops) = (index(old), index(new));
    for (key, o) in &old_ops {
        let Some(n) = new_ops.get(key) else {
            d.push(true, ChangeKind::Removed, Item::Operation, key.clone(), o.name.clone());
            continue;
        };
        // A body sent only on request (`Prefer: return=representation`) is
        // an `Option` in Rust: turning that on or off changes the return type.
        let response = |op: &Operation| (op.response.ty.clone(), op.response.body_on_request);
        if response(o) != response(n) {
            let show_opt = |op: &Operation| {
                let shown = op.response.ty.as_ref().map(show).unwrap_or_else(|| "no content".into());
                if op.response.body_on_request {
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
                format!("response {} -> {}", show_opt(o), show_opt(n)),
            );
        }
        let body_kind = |op: &Operation| match &op.body {
            None => "none".to_string(),
            Some(RequestBody::Parameters { .. }) => "parameters".to_string(),
            Some(RequestBody::Resource { ty }) => show(ty),
            Some(RequestBody::Binary) => "binary".to_string(),
            Some(RequestBody::Reference) => "reference".to_string(),
        };
        if body_kind(o) != body_kind(n) {
            d.push(true, ChangeKind::Changed, Item::Operation, key.clone(), format!("request body {} -> {}", body_kind(o), body_kind(n)));
        }
        let (op_params, np_params) = (body_params(o), body_params(n));
        for (p, ty) in &op_params {
            let full = format!("{key} {p}");
            match np_params.get(p) {
                None => d.push(true, ChangeKind::Removed, Item::Parameter, full, show(ty)),
                Some(nty) if nty != ty => d.push(true, ChangeKind::Changed, Item::Parameter, full, format!("{} -> {}", show(ty), show(nty))),
                Some(_) => {}
            }
        }
        for (p, ty) in &np_params {
            if !op_params.contains_key(p) {
                d.push(false, ChangeKind::Added, Item::Parameter, format!("{key} {p}"), show(ty));
            }
        }
        if o.permissions != n.permissions {
            d.push(false, ChangeKind::Changed, Item::Operation, key.clone(), "permissions changed".into());
        }
        let (opaths, npaths): (BTreeSet<&str>, BTreeSet<&str>) =
            (o.paths.iter().map(|p| p.raw.as_str()).collect(), n.paths.iter().map(|p| p.raw.as_str()).collect());
        for p in opaths.difference(&npaths) {
            d.push(true, ChangeKind::Removed, Item::Operation, key.clone(), format!("path {p}"));
        }
        for p in npaths.difference(&opaths) {
            d.push(false, ChangeKind::Added, Item::Operation, key.clone(), format!("path {p}"));
        }
    }
    for (key, n) in &new_ops {
        if !old_ops.contains_key(key) {
            d.push(false, ChangeKind::Added, Item::Operation, key.clone(), n.name.clone());
        }
    }
}
