//! `graphgen diff OLD_DOCS NEW_DOCS`: what a docs update changes in the API,
//! and which changes break Rust callers.
//!
//! The diff is semantic (schema against schema), not textual, so a reworded
//! description is not an API change and a moved page is not a removal.
//! Types are matched by qualified name, properties and enum members by wire
//! name, operations by endpoint (method and path, placeholders alike); an
//! item without an exact match is matched by name without letter case and
//! reported as a rename, not as a removal and an addition.
//!
//! Properties are compared as the generated structs hold them: own and
//! inherited. A property that moves to a base type the type (still)
//! inherits is reported as moved, not removed: the Rust field stays
//! ([`types`]).
//!
//! What breaks a caller of the generated Rust: a removed type, property,
//! enum member or operation; a property, parameter or response whose type
//! changed (including collection-ness, and a response body becoming or
//! ceasing to be sent only on request); a base type that is no longer an
//! ancestor (the type leaves its polymorphic enum); use sites switching
//! between a struct and its polymorphic enum; a rename that changes a Rust
//! name (field, variant, type, builder method), found with the emitter's own
//! naming ([`rust_names`]); an operation or type leaving a cargo feature
//! ([`features`]). A case-only rename that keeps the Rust name is not
//! breaking for Rust but is for the wire: the change says what is now sent
//! (`wire`). Additions do not break: models are built with
//! `..Default::default()` and enums keep an `Other` variant.

mod features;
mod operations;
pub mod rust_names;
mod types;

use crate::emit::feature_map::FeatureMap;
use crate::schema::{Schema, TypeRef, TypeTarget};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
    /// The same item under a name that differs in letter case only.
    Renamed,
    /// A property now declared on another type of the inheritance chain, or
    /// an item in other cargo features.
    Moved,
}

impl ChangeKind {
    fn word(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
            ChangeKind::Renamed => "renamed",
            ChangeKind::Moved => "moved",
        }
    }
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

impl Item {
    fn word(self) -> &'static str {
        match self {
            Item::Type => "type",
            Item::Property => "property",
            Item::EnumMember => "enum member",
            Item::Operation => "operation",
            Item::Parameter => "parameter",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Change {
    /// Breaks Rust code that compiled against the old crate.
    pub breaking: bool,
    pub kind: ChangeKind,
    pub item: Item,
    /// e.g. `microsoft.graph.user.displayName` or `POST /users/{}/sendmail`.
    pub name: String,
    pub detail: String,
    /// For a rename: what changes on the wire (the JSON member, enum value
    /// or URL now sent), whether or not the Rust name changes too.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wire: Option<String>,
    /// For a move between cargo features: which.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub features: Option<FeatureMove>,
}

/// The cargo features an item is compiled by, before and after.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FeatureMove {
    pub from: Vec<String>,
    pub to: Vec<String>,
    /// Features that no longer compile the item (what breaks).
    pub left: Vec<String>,
    /// Of those, the ones the features map keeps compiling it (not breaking
    /// for a crate regenerated with that map).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub kept_by_map: Vec<String>,
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
        let count = |k: ChangeKind| self.changes.iter().filter(|c| c.kind == k && !c.breaking && c.features.is_none()).count();
        let mut s = String::from("## API changes\n\n");
        if self.changes.is_empty() {
            s.push_str("No API changes.\n");
            return s;
        }
        let moves = self.changes.iter().filter(|c| c.features.is_some()).count();
        s.push_str(&format!(
            "**{breaking} breaking**, {} added, {} changed, {} renamed, {} moved, {} removed (non-breaking); {moves} item(s) in other cargo features\n",
            count(ChangeKind::Added),
            count(ChangeKind::Changed),
            count(ChangeKind::Renamed),
            count(ChangeKind::Moved),
            count(ChangeKind::Removed)
        ));
        let plain = |c: &&Change| c.features.is_none();
        let mut section = |title: &str, rows: Vec<&Change>| {
            if !rows.is_empty() {
                s.push_str(&format!("\n### {title}\n\n"));
                for c in rows {
                    s.push_str(&line(c));
                }
            }
        };
        section("Breaking", self.changes.iter().filter(plain).filter(|c| c.breaking).collect());
        // Moves between features come in hundreds (a renamed workload):
        // grouped by where they went, right after the other breaking ones.
        s.push_str(&features::markdown(&self.changes));
        let mut section = |title: &str, rows: Vec<&Change>| {
            if !rows.is_empty() {
                s.push_str(&format!("\n### {title}\n\n"));
                for c in rows {
                    s.push_str(&line(c));
                }
            }
        };
        for kind in [ChangeKind::Added, ChangeKind::Changed, ChangeKind::Renamed, ChangeKind::Moved, ChangeKind::Removed] {
            let title = format!("{}{}", kind.word()[..1].to_uppercase(), &kind.word()[1..]);
            section(&title, self.changes.iter().filter(plain).filter(|c| !c.breaking && c.kind == kind).collect());
        }
        s
    }
}

/// One change as a markdown list item.
fn line(c: &Change) -> String {
    let mark = if c.breaking { "⚠️ " } else { "" };
    let detail = if c.detail.is_empty() { String::new() } else { format!(": {}", c.detail) };
    let wire = c.wire.as_ref().map(|w| format!(" (on the wire: {w})")).unwrap_or_default();
    format!("- {mark}{} {} `{}`{detail}{wire}\n", c.kind.word(), c.item.word(), c.name)
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

/// The changes as they are found.
struct Diff {
    changes: Vec<Change>,
}

impl Diff {
    fn push(&mut self, breaking: bool, kind: ChangeKind, item: Item, name: String, detail: String) {
        self.changes.push(Change { breaking, kind, item, name, detail, wire: None, features: None });
    }

    /// A rename (letter case only): breaking when a Rust name changes;
    /// `wire` says what is now sent (`None`: nothing on the wire changes).
    fn rename(&mut self, item: Item, name: String, detail: String, rust_changes: bool, wire: Option<String>) {
        self.changes.push(Change { breaking: rust_changes, kind: ChangeKind::Renamed, item, name, detail, wire, features: None });
    }
}

/// Compare two schemas.
pub fn diff(old: &Schema, new: &Schema) -> ApiDiff {
    diff_with_map(old, new, None)
}

/// Compare two schemas; a move out of a feature that `map` (the features
/// map of the crate generated from `old`) keeps compiling the item is not
/// breaking.
pub fn diff_with_map(old: &Schema, new: &Schema, map: Option<&FeatureMap>) -> ApiDiff {
    let mut d = Diff { changes: Vec::new() };
    let renamed = types::diff_types(&mut d, old, new, map);
    operations::diff_operations(&mut d, old, new, &renamed, map);
    d.changes.sort();
    d.changes.dedup();
    ApiDiff { changes: d.changes }
}

/// Old qualified name -> new, for types renamed in letter case only:
/// references to them compare equal.
#[derive(Debug, Default)]
pub(crate) struct Renamed {
    types: BTreeMap<String, String>,
}

impl Renamed {
    /// A reference of the old schema as the new one would spell it.
    fn type_ref(&self, ty: &TypeRef) -> TypeRef {
        match &ty.target {
            TypeTarget::Named(n) => match self.types.get(n) {
                Some(new) => TypeRef { target: TypeTarget::Named(new.clone()), collection: ty.collection },
                None => ty.clone(),
            },
            TypeTarget::Primitive(_) => ty.clone(),
        }
    }

    fn name<'a>(&'a self, qn: &'a str) -> &'a str {
        self.types.get(qn).map(String::as_str).unwrap_or(qn)
    }
}
