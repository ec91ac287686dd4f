//! What the example responses show about property types: a third witness
//! when a type page's table and its JSON representation disagree.
//!
//! Every response example whose operation has a structured response type is
//! walked along the declared properties (into nested structured values too);
//! each non-null value records its JSON shape under the type that declares the
//! property. [`super::resolve`] keeps the table unless the JSON representation
//! and every example agree against it.

use super::model::{Operation, TypeDef, TypeKind, TypeRef, TypeTarget};
use rayon::prelude::*;
use serde_json::Value;
use std::collections::BTreeMap;

/// The JSON shape of a value: what a wire type must accept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Number,
    Bool,
    Object,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    /// `None` for an empty array: a collection, items unknown.
    pub kind: Option<Kind>,
    pub collection: bool,
}

/// Shapes seen for the properties asked about: qualified declaring type ->
/// property name -> shapes. Only asked-about properties are recorded, so a
/// walk over every example allocates nothing for the others (the walk runs
/// on each regeneration, see [`crate::incremental`]).
#[derive(Debug, Default)]
pub struct Evidence {
    seen: BTreeMap<String, BTreeMap<String, Vec<Shape>>>,
}

const MAX_DEPTH: usize = 8;

impl Evidence {
    /// Walk the example responses of `ops`, recording the shapes of the
    /// `wanted` properties (declaring type, property name).
    pub fn gather<'a>(
        ops: impl Iterator<Item = &'a Operation>,
        types: &BTreeMap<String, TypeDef>,
        wanted: impl IntoIterator<Item = (String, String)>,
    ) -> Evidence {
        let mut asked = Evidence::default();
        for (owner, prop) in wanted {
            asked.seen.entry(owner).or_default().entry(prop).or_default();
        }
        if asked.seen.is_empty() {
            return asked;
        }
        // Operations are walked in parallel, each part into its own copy of
        // the questions; the parts are merged in operation order, so the
        // shapes' order is the same as a serial walk's.
        let ops: Vec<&Operation> = ops.collect();
        let parts: Vec<Evidence> = ops
            .par_chunks(256)
            .map(|chunk| {
                let mut ev = Evidence { seen: asked.seen.clone() };
                chunk.iter().for_each(|op| ev.walk_operation(op, types));
                ev
            })
            .collect();
        for part in parts {
            for (owner, props) in part.seen {
                for (prop, shapes) in props {
                    asked.seen.entry(owner.clone()).or_default().entry(prop).or_default().extend(shapes);
                }
            }
        }
        asked
    }

    fn walk_operation(&mut self, op: &Operation, types: &BTreeMap<String, TypeDef>) {
        let Some(ty) = &op.response.ty else { return };
        let TypeTarget::Named(q) = &ty.target else { return };
        for ex in op.examples.iter().filter(|e| e.status.is_none_or(|s| s < 300)) {
            let Some(body) = &ex.body else { continue };
            match (ty.collection, body.get("value")) {
                (true, Some(Value::Array(items))) => items.iter().for_each(|v| self.walk(q, v, types, 0)),
                (false, _) => self.walk(q, body, types, 0),
                _ => {}
            }
        }
    }

    fn walk(&mut self, q: &str, value: &Value, types: &BTreeMap<String, TypeDef>, depth: usize) {
        let Value::Object(obj) = value else { return };
        if depth > MAX_DEPTH {
            return;
        }
        let concrete = obj
            .get("@odata.type")
            .and_then(Value::as_str)
            .map(|t| t.trim_start_matches('#'))
            .filter(|t| types.contains_key(*t))
            .unwrap_or(q);
        for (k, v) in obj {
            let Some((owner, declared)) = declaring(types, concrete, k) else { continue };
            let Some(shape) = shape_of(v) else { continue };
            if let Some(shapes) = self.seen.get_mut(owner).and_then(|props| props.get_mut(k.as_str())) {
                shapes.push(shape);
            }
            // Go on through values the declared type says are structured.
            if let TypeTarget::Named(inner) = &declared.target {
                if types.get(inner).is_some_and(|t| t.kind != TypeKind::Enum) {
                    match v {
                        Value::Array(items) => items.iter().for_each(|i| self.walk(inner, i, types, depth + 1)),
                        _ => self.walk(inner, v, types, depth + 1),
                    }
                }
            }
        }
    }

    /// Whether the examples show this property, and all of them with
    /// `shape` (false for a property that was not asked about).
    pub fn all_agree(&self, owner: &str, prop: &str, shape: Shape) -> bool {
        let fits = |x: &Shape| x.collection == shape.collection && (x.kind.is_none() || x.kind == shape.kind);
        self.seen.get(owner).and_then(|props| props.get(prop)).is_some_and(|s| !s.is_empty() && s.iter().all(fits))
    }
}

/// The type (walking up the bases) whose own properties declare `prop`.
fn declaring<'a>(types: &'a BTreeMap<String, TypeDef>, q: &'a str, prop: &str) -> Option<(&'a str, &'a TypeRef)> {
    let mut cursor = Some(q);
    let mut guard = 0;
    while let Some(c) = cursor {
        let t = types.get(c)?;
        if let Some(p) = t.properties.iter().find(|p| p.name == prop) {
            return Some((c, &p.ty));
        }
        guard += 1;
        if guard > 64 {
            return None;
        }
        cursor = t.base_type.as_deref();
    }
    None
}

/// The shape of a JSON value; `None` for null and mixed arrays (they say
/// nothing); an empty array is a collection of unknown items.
pub fn shape_of(v: &Value) -> Option<Shape> {
    let kind = |v: &Value| match v {
        Value::String(_) => Some(Kind::Text),
        Value::Number(_) => Some(Kind::Number),
        Value::Bool(_) => Some(Kind::Bool),
        Value::Object(_) => Some(Kind::Object),
        _ => None,
    };
    match v {
        Value::Array(items) => match items.first() {
            None => Some(Shape { kind: None, collection: true }),
            Some(first) => {
                let first = kind(first)?;
                items.iter().all(|i| kind(i) == Some(first)).then_some(Shape { kind: Some(first), collection: true })
            }
        },
        other => Some(Shape { kind: Some(kind(other)?), collection: false }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn shapes() {
        assert_eq!(shape_of(&json!("x")), Some(Shape { kind: Some(Kind::Text), collection: false }));
        assert_eq!(shape_of(&json!([true, false])), Some(Shape { kind: Some(Kind::Bool), collection: true }));
        assert_eq!(shape_of(&json!([])), Some(Shape { kind: None, collection: true }));
        assert_eq!(shape_of(&json!([1, "a"])), None);
        assert_eq!(shape_of(&json!(null)), None);
    }
}
