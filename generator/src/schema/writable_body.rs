//! Request bodies as the docs' examples send them.
//!
//! Two readings of a parameter table (`RequestBody::Parameters`) that the
//! page's own example requests correct:
//!
//! - **Spelling**: a table row whose name differs from a top-level member of
//!   an example request body only in letter case (`Message` /
//!   `SaveToSentItems` where the example sends `message` /
//!   `saveToSentItems`) takes the example's spelling: the example is what
//!   the service was sent, and JSON member names are case-sensitive. A
//!   `member-case` diagnostic names both.
//! - **Writable properties**: the table of a create (`POST` to a
//!   collection) or an update (`PATCH`) often lists only the required or the
//!   most common members, while the service takes every writable property
//!   of the resource (pages say "Specify other writable properties as
//!   necessary"). When the table describes the resource the request writes
//!   (at least one row is one of its properties), the body also takes the
//!   resource's other *writable* properties, own and inherited, as optional
//!   members. Writable means: not the key property, not a navigation
//!   property, not an instance annotation, and not said to be read-only by
//!   the type page's description (`Read-only`, `read only`, "cannot be
//!   modified/changed/updated"). Two kinds of member the example requests
//!   send are added whatever that rule says, since the docs send them: a
//!   property of the resource (a navigation property sent inline, a
//!   property whose description calls it read-only), and `x@odata.bind`
//!   binding navigation property `x` of the resource to existing objects
//!   (a URL, or a list of them when the example sends an array).
//!
//! Bodies that are the resource itself (`RequestBody::Resource`) already
//! take every property; nothing here changes them.

use super::model::{Operation, OperationKind, Parameter, Primitive, RequestBody, Source, TypeDef, TypeRef, TypeTarget};
use crate::diagnostics::{DiagnosticKind, Diagnostics};
use std::collections::BTreeMap;

/// The top-level members of the operation's example request bodies, each
/// with the example it was first seen in.
fn example_members(op: &Operation) -> Vec<(String, &Source, &serde_json::Value)> {
    let mut out: Vec<(String, &Source, &serde_json::Value)> = Vec::new();
    for ex in op.examples.iter().filter(|e| e.direction == super::model::ExampleDirection::Request) {
        let Some(serde_json::Value::Object(body)) = &ex.body else { continue };
        for (name, value) in body {
            if !out.iter().any(|(n, _, _)| n == name) {
                out.push((name.clone(), &ex.source, value));
            }
        }
    }
    out
}

/// How the example requests spell the member `name` (any case): the
/// spelling most of them use (the first seen on a tie), where it is first
/// seen, how many examples use it, and how many spell the member at all.
fn spelling_in_examples(op: &Operation, name: &str) -> Option<(String, Source, usize, usize)> {
    // (spelling, first example, examples using it), in order of first use.
    let mut spellings: Vec<(String, Source, usize)> = Vec::new();
    let mut spelling_examples = 0;
    for ex in op.examples.iter().filter(|e| e.direction == super::model::ExampleDirection::Request) {
        let Some(serde_json::Value::Object(body)) = &ex.body else { continue };
        let mut here = false;
        for key in body.keys().filter(|k| k.eq_ignore_ascii_case(name)) {
            here = true;
            match spellings.iter_mut().find(|(s, _, _)| s == key) {
                Some(seen) => seen.2 += 1,
                None => spellings.push((key.clone(), ex.source.clone(), 1)),
            }
        }
        spelling_examples += usize::from(here);
    }
    let most = spellings.iter().map(|(_, _, n)| *n).max()?;
    let (spelled, at, n) = spellings.into_iter().find(|(_, _, n)| *n == most)?;
    Some((spelled, at, n, spelling_examples))
}

/// Table names that differ from the example requests' member only in case
/// take the examples' spelling (reported); examples that disagree among
/// themselves are outvoted by the others.
pub fn align_member_case(ops: &mut [Operation], diags: &mut Diagnostics) {
    for op in ops.iter_mut() {
        let Some(RequestBody::Parameters { params }) = &op.body else { continue };
        let names: Vec<String> = params.iter().map(|p| p.name.clone()).collect();
        let respelled: Vec<Option<(String, Source, usize, usize)>> = names
            .iter()
            .map(|name| {
                // Two rows that differ only in case are two members: leave both.
                let twice = names.iter().filter(|n| n.eq_ignore_ascii_case(name)).count() > 1;
                spelling_in_examples(op, name).filter(|(spelled, ..)| spelled != name && !twice)
            })
            .collect();
        let Some(RequestBody::Parameters { params }) = &mut op.body else { continue };
        for (p, respelled) in params.iter_mut().zip(respelled) {
            let Some((spelled, at, using, spelling)) = respelled else { continue };
            let example = match at.file == p.source.file {
                true => format!("line {}", at.line),
                false => format!("{}:{}", at.file, at.line),
            };
            let (request, spelling_s) = match spelling {
                1 => ("the example request".to_owned(), "the example's spelling"),
                n => (format!("{using} of the {n} example requests that send it"), "the examples' spelling"),
            };
            diags.report(
                &p.source.file,
                p.source.line,
                DiagnosticKind::MemberCase,
                format!("parameter `{}` is spelled `{spelled}` in {request} ({example}); {spelling_s} is sent", p.name),
            );
            p.name = spelled.clone();
        }
    }
}

/// Whether a create or update's parameter table is to be completed with
/// the written resource's writable properties.
pub fn widens(op: &Operation) -> bool {
    matches!(op.kind, OperationKind::Create | OperationKind::Update) && matches!(op.body, Some(RequestBody::Parameters { .. }))
}

/// Adds to the parameter body of `op` (a create or update writing a
/// `written`) the writable properties of `written` it does not list, and
/// the members its examples send (see the module docs).
pub fn widen(op: &mut Operation, written: &TypeRef, types: &BTreeMap<String, TypeDef>) {
    let TypeTarget::Named(name) = &written.target else { return };
    let properties = all_properties(types, name);
    let key = types.get(name).and_then(|t| t.key_property.clone());
    let sent: Vec<(String, bool)> = example_members(op).into_iter().map(|(n, _, v)| (n, v.is_array())).collect();
    let Some(RequestBody::Parameters { params }) = &mut op.body else { return };
    let bare = |n: &str| n.split(['@', '/']).next().unwrap_or(n).to_ascii_lowercase();
    let describes = params.iter().any(|p| properties.iter().any(|q| q.name.eq_ignore_ascii_case(&bare(&p.name))));
    if !describes {
        return;
    }
    let listed = |params: &[Parameter], n: &str| params.iter().any(|p| p.name.eq_ignore_ascii_case(n));
    for prop in &properties {
        if listed(params, &prop.name) || prop.is_instance_annotation() {
            continue;
        }
        let is_key = key.as_deref().is_some_and(|k| k.eq_ignore_ascii_case(&prop.name));
        let writable = !prop.navigation && !is_key && !said_read_only(&prop.description);
        let sent_as_is = sent.iter().any(|(n, _)| *n == prop.name);
        if writable || sent_as_is {
            params.push(Parameter {
                name: prop.name.clone(),
                ty: prop.ty.clone(),
                description: prop.description.clone(),
                links: prop.links.clone(),
                required: false,
                source: prop.source.clone(),
            });
        }
    }
    for (member, array) in &sent {
        let Some(bound) = member.strip_suffix("@odata.bind") else { continue };
        let Some(prop) = properties.iter().find(|p| p.name == bound) else { continue };
        if listed(params, member) {
            continue;
        }
        params.push(Parameter {
            name: member.clone(),
            ty: TypeRef { target: TypeTarget::Primitive(Primitive::String), collection: *array },
            description: format!(
                "Binds **{bound}** to existing objects: their URLs (`https://graph.microsoft.com/<version>/directoryObjects/{{id}}`), sent as `{member}`."
            ),
            links: Vec::new(),
            required: false,
            source: prop.source.clone(),
        });
    }
}

/// Own and inherited properties of a type, own first (a name a derived
/// type redeclares is taken once).
fn all_properties<'t>(types: &'t BTreeMap<String, TypeDef>, name: &str) -> Vec<&'t super::model::Property> {
    let mut out: Vec<&super::model::Property> = Vec::new();
    let mut next = Some(name.to_owned());
    let mut seen = Vec::new();
    while let Some(q) = next.take() {
        if seen.contains(&q) {
            break;
        }
        let Some(t) = types.get(&q) else { break };
        for p in &t.properties {
            if !out.iter().any(|o| o.name == p.name) {
                out.push(p);
            }
        }
        seen.push(q);
        next = t.base_type.clone();
    }
    out
}

/// "Read-only", "read only", or a value that "cannot be modified".
pub(crate) fn said_read_only(description: &str) -> bool {
    let lower = description.to_ascii_lowercase();
    let read_only = (lower.contains("read-only") || lower.contains("read only")) && !lower.contains("not read-only") && !lower.contains("not read only");
    let fixed = ["cannot be modified", "can't be modified", "cannot be changed", "can't be changed", "cannot be updated", "can't be updated"]
        .iter()
        .any(|p| lower.contains(p));
    read_only || fixed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_only_phrases() {
        assert!(said_read_only("When the member was added. Read-only."));
        assert!(said_read_only("Timestamp of creation. The value cannot be modified and is automatically populated."));
        assert!(!said_read_only("Full name of the member. Supports $filter."));
        assert!(!said_read_only("Not read-only: set it on create."));
    }
}
