//! `$ref` writes by id: the collection a reference points into, read from
//! the docs' own example.
//!
//! A `$ref` write (add a member, set a manager) sends
//! `{"@odata.id": "<service root>/<collection>/<id>"}`. Which collection is
//! not in any table: the pages show it in the example request. When that
//! example's `@odata.id` is literal segments followed by one id, and the
//! schema has a path that is the same literal segments followed by a key
//! (so the collection really is addressable by id), the builder gets a
//! `<method>_by_id(id)` method that builds the URL under the client's base.

use crate::conformance::reference_url;
use crate::schema::path_template::{normalize, parse};
use crate::schema::{ExampleDirection, Operation, RequestBody, Schema, Segment};

/// The literal segments (as the schema's paths spell them) of the collection
/// the request examples of `op` reference, when they all agree on one.
pub(crate) fn referenced_collection<'s>(op: &Operation, schema: &'s Schema) -> Option<Vec<&'s str>> {
    if op.body != Some(RequestBody::Reference) {
        return None;
    }
    let mut found: Option<Vec<&'s str>> = None;
    for example in op.examples.iter().filter(|e| e.direction == ExampleDirection::Request) {
        let Some(url) = example.body.as_ref().and_then(reference_url) else { continue };
        let collection = collection_of(url, schema)?;
        match &found {
            Some(previous) if *previous != collection => return None,
            _ => found = Some(collection),
        }
    }
    found
}

/// `https://graph.microsoft.com/beta/users/{id}` -> `users`, when the schema
/// has a path `/users/{key}`.
fn collection_of<'s>(url: &str, schema: &'s Schema) -> Option<Vec<&'s str>> {
    let segments = parse(&normalize(url)).ok()?;
    let (last, literals) = segments.split_last()?;
    let names: Vec<&str> = literals
        .iter()
        .map(|s| match s {
            Segment::Literal { name } if !name.starts_with('$') => Some(name.as_str()),
            _ => None,
        })
        .collect::<Option<_>>()?;
    let id_like = match last {
        Segment::Literal { name } => !name.starts_with('$'),
        Segment::Key { parens, .. } => !parens,
        _ => false,
    };
    if names.is_empty() || !id_like {
        return None;
    }
    schema.operations.iter().flat_map(|op| &op.paths).find_map(|path| {
        let (key, prefix) = path.segments.split_last()?;
        if !matches!(key, Segment::Key { parens: false, .. }) || prefix.len() != names.len() {
            return None;
        }
        prefix
            .iter()
            .zip(&names)
            .map(|(segment, wanted)| match segment {
                Segment::Literal { name } if name.eq_ignore_ascii_case(wanted) => Some(name.as_str()),
                _ => None,
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::Example;
    use serde_json::json;

    /// The schema of this repository's `docs/` and the index of its one `$ref` write.
    fn docs_schema() -> (Schema, usize) {
        let docs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs");
        let schema = crate::pipeline::load(&docs).expect("docs/ loads").schema;
        let index = schema.operations.iter().position(|op| op.body == Some(RequestBody::Reference)).expect("a $ref write");
        (schema, index)
    }

    /// The `$ref` write with request examples referencing `urls`.
    fn with_references(schema: &Schema, index: usize, urls: &[&str]) -> Operation {
        let mut op = schema.operations[index].clone();
        let template = op.examples.iter().find(|e| e.direction == ExampleDirection::Request).expect("an example").clone();
        let examples: Vec<Example> =
            urls.iter().map(|url| Example { body: Some(json!({ "@odata.id": url })), ..template.clone() }).collect();
        op.examples = examples.into();
        op
    }

    #[test]
    fn the_docs_example_names_the_collection() {
        let (schema, index) = docs_schema();
        assert_eq!(referenced_collection(&schema.operations[index], &schema), Some(vec!["staffMembers"]));
        for url in ["https://graph.microsoft.com/v1.0/staffmembers/{id}", "/staffMembers/42"] {
            let op = with_references(&schema, index, &[url]);
            assert_eq!(referenced_collection(&op, &schema), Some(vec!["staffMembers"]), "{url}");
        }
    }

    #[test]
    fn no_collection_unless_the_schema_addresses_it_by_key() {
        let (schema, index) = docs_schema();
        for url in [
            // No path `/directoryObjects/{key}` in these docs.
            "https://graph.microsoft.com/beta/directoryObjects/42",
            // Not one id after literal segments.
            "https://graph.microsoft.com/beta/staffMembers('42')",
            "https://graph.microsoft.com/beta/staffMembers",
            "https://graph.microsoft.com/beta/staffMembers/42/manager",
            "https://graph.microsoft.com/beta/staffMembers/$count",
        ] {
            let op = with_references(&schema, index, &[url]);
            assert_eq!(referenced_collection(&op, &schema), None, "{url}");
        }
    }

    #[test]
    fn examples_that_disagree_name_none() {
        let (schema, index) = docs_schema();
        let op = with_references(&schema, index, &["/staffMembers/1", "/deviceManagement/importedWindowsAutopilotDeviceIdentities/2"]);
        assert_eq!(referenced_collection(&op, &schema), None);
        let op = with_references(&schema, index, &["/staffMembers/1", "/staffMembers/2"]);
        assert_eq!(referenced_collection(&op, &schema), Some(vec!["staffMembers"]));
    }
}
