//! The Rust names the emitter gives schema items, to tell whether a change
//! of a docs name changes the generated API (a case-only rename of
//! `userPrincipalName` to `UserPrincipalName` keeps the field
//! `user_principal_name`; `displayname` to `displayName` makes
//! `displayname` into `display_name`).
//!
//! These follow the emitter's rules: fields as in `models::struct_tokens`
//! (own and inherited properties, base first, in one scope beside
//! `odata_type` and `additional_properties`), variants as in
//! `models::enum_tokens`, builder methods as in `requests`
//! (`tests/diff_api.rs` checks them against generated code).

use crate::emit::catalog::base_chain;
use crate::emit::naming::{camel, snake, NameScope};
use crate::emit::requests::key_method_name;
use crate::schema::{Schema, Segment, TypeDef};
use std::collections::BTreeMap;

/// Wire name -> Rust field name of each member of `t`'s struct.
pub fn fields(schema: &Schema, t: &TypeDef) -> BTreeMap<String, String> {
    let mut scope = NameScope::new();
    scope.reserve("odata_type");
    scope.reserve("additional_properties");
    let mut out = BTreeMap::new();
    for owner in base_chain(schema, t) {
        for p in &owner.properties {
            if p.name == "@odata.type" || out.contains_key(&p.name) {
                continue;
            }
            out.insert(p.name.clone(), scope.claim(&snake(&p.name)).0);
        }
    }
    out
}

/// Wire value -> Rust variant of each member of enum `t`.
pub fn variants(t: &TypeDef) -> BTreeMap<String, String> {
    let mut scope = NameScope::new();
    scope.reserve("Other");
    let mut out = BTreeMap::new();
    for m in &t.members {
        if !out.contains_key(&m.name) {
            out.insert(m.name.clone(), scope.claim(&camel(&m.name)).0);
        }
    }
    out
}

/// The builder method names one path segment is reached by (a key: one
/// per alternative name, `by_id`, `by_user_principal_name`).
pub fn segment_methods(segment: &Segment) -> Vec<String> {
    let bare = |name: &str| name.rsplit('.').next().unwrap_or(name).to_owned();
    match segment {
        Segment::Literal { name } | Segment::Function { name, .. } => vec![snake(&bare(name))],
        Segment::Key { params, .. } if params.is_empty() => vec![key_method_name("id")],
        Segment::Key { params, .. } => {
            let mut names: Vec<String> = params.iter().map(|p| key_method_name(p)).collect();
            names.sort();
            names.dedup();
            names
        }
        Segment::Cast { type_name } => vec![format!("as_{}", snake(&bare(type_name)))],
        Segment::ItemPath { .. } => vec!["item_path".to_owned()],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn type_def(json: serde_json::Value) -> TypeDef {
        let mut full = serde_json::json!({"namespace": "ns", "kind": "complex", "description": "", "workloads": [], "source": {"file": "x.md", "line": 1}});
        full.as_object_mut().unwrap().extend(json.as_object().unwrap().clone());
        serde_json::from_value(full).unwrap()
    }

    fn props(names: &[&str]) -> serde_json::Value {
        names.iter().map(|n| serde_json::json!({"name": n, "type": {"primitive": "String"}, "description": "", "source": {"file": "x.md", "line": 2}})).collect()
    }

    #[test]
    fn variants_follow_case_and_collisions() {
        let members: Vec<serde_json::Value> = ["notStarted", "NotStarted", "other"]
            .iter()
            .map(|n| serde_json::json!({"name": n, "description": "", "source": {"file": "x.md", "line": 3}}))
            .collect();
        let t = type_def(serde_json::json!({"name": "status", "kind": "enum", "members": members}));
        let v = variants(&t);
        assert_eq!(v["notStarted"], "NotStarted");
        assert_eq!(v["NotStarted"], "NotStarted2");
        assert_eq!(v["other"], "Other2", "`Other` is the variant every enum keeps for unknown values");
    }

    #[test]
    fn fields_share_one_scope_with_inherited_ones() {
        let mut schema = Schema::default();
        let base = type_def(serde_json::json!({"name": "base", "properties": props(&["displayName"])}));
        let derived = type_def(serde_json::json!({"name": "derived", "baseType": "ns.base", "properties": props(&["display_name", "odataType"])}));
        schema.types.insert("ns.base".into(), base);
        schema.types.insert("ns.derived".into(), derived.clone());
        let f = fields(&schema, &derived);
        assert_eq!(f["displayName"], "display_name");
        assert_eq!(f["display_name"], "display_name_2");
        assert_eq!(f["odataType"], "odata_type_2");
    }

    #[test]
    fn segments_name_methods() {
        assert_eq!(segment_methods(&Segment::Literal { name: "resetPin".into() }), ["reset_pin"]);
        assert_eq!(
            segment_methods(&Segment::Key { params: vec!["user-id".into(), "userPrincipalName".into()], parens: false }),
            ["by_id", "by_user_principal_name"]
        );
        assert_eq!(segment_methods(&Segment::Cast { type_name: "microsoft.graph.group".into() }), ["as_group"]);
    }
}
