//! Inferring an operation's response type when the `## Response` sentence
//! does not link it.
//!
//! The link in the Response sentence is the docs' own statement and wins
//! (see [`super::operation_pages`]). Many pages name the type otherwise, so
//! these readings give *candidates*, resolved softly after all pages are read
//! ([`super::resolve`]): the first one that names a primitive or a known type
//! is taken, the others are dropped without a diagnostic (they are guesses,
//! not statements).
//!
//! - the sentence names it without a link: `... and a String collection in
//!   the response body`, `... and an updated **widgets** object in the
//!   response body` (markup is gone by now, so the name is the word before
//!   `object`/`collection`/... and `in the response body`);
//! - the example's `@odata.context` names it: `$metadata#Edm.String`,
//!   `$metadata#Collection(microsoft.graph.widget)`, `$metadata#microsoft.graph.widget`;
//! - the example body says `@odata.type` (on the body, or on the items of its
//!   `value` array).

use super::model::{Example, ExampleDirection};
use super::type_ref::{self, has_word, RawRef};
use serde_json::Value;

/// A sentence that speaks of many items: `collection`, `array`, `list of`
/// as words of their own (a type named `fooCollection` is one item).
pub fn says_collection(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    has_word(&lower, "collection") || has_word(&lower, "array") || lower.contains("list of ")
}

/// Words between the type name and `in the response body` that say what
/// kind of thing it is, not which.
const KIND_WORDS: &[&str] = &["object", "objects", "entity", "entities", "resource", "resources", "instance", "instances", "value", "values", "type"];

/// The type a Response sentence names without a link, e.g. `a String in
/// the response body`, `an updated customers object in the response body`,
/// `a collection of widget objects in the response body`.
pub fn named_in_sentence(text: &str) -> Option<RawRef> {
    let lower = text.to_ascii_lowercase();
    let end = ["in the response body", "in the body of the response", "in the body"].iter().find_map(|p| lower.find(p))?;
    // The clause that names the body: after the last sentence break before it.
    let clause = &text[..end];
    let clause = clause.rsplit(['.', ';', ':']).next().unwrap_or(clause);
    // "It does not return anything in the response body."
    let clause_lower = clause.to_ascii_lowercase();
    if has_word(&clause_lower, "not") || has_word(&clause_lower, "no") || has_word(&clause_lower, "empty") {
        return None;
    }
    let mut words: Vec<&str> = clause.split_whitespace().collect();
    let mut collection = false;
    while let Some(last) = words.last() {
        let w = last.to_ascii_lowercase();
        // `a Boolean value `true` in the response body`: the literal is a sample.
        let literal = matches!(w.as_str(), "true" | "false" | "null") || w.parse::<f64>().is_ok();
        if w == "collection" || w == "array" {
            collection = true;
        } else if !KIND_WORDS.contains(&w.as_str()) && !literal {
            break;
        }
        words.pop();
    }
    let raw = *words.last()?;
    // Emphasis and quotes may wrap the name; anything else means prose.
    let name = raw.trim_matches(['*', '`', '"', '\'', ',']);
    let starts_alpha = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
    if !starts_alpha || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_') {
        return None;
    }
    // `a collection of widget objects`, `an array of String`
    let before: Vec<String> = words[..words.len() - 1].iter().rev().take(3).map(|w| w.to_ascii_lowercase()).collect();
    if before.first().is_some_and(|w| w == "of") && before.get(1).is_some_and(|w| w == "collection" || w == "array" || w == "list") {
        collection = true;
    }
    let mut r = type_ref::parse_text(name)?;
    // Prose words (`text`, `url`, `any`) also spell primitives in Type
    // cells; in a sentence only the type spelling counts: `String`, `Edm.Int32`.
    if r.primitive.is_some() && !(name.starts_with(|c: char| c.is_ascii_uppercase()) || name.to_ascii_lowercase().starts_with("edm.")) {
        return None;
    }
    r.collection = collection;
    Some(r)
}

/// Candidates read from an example response: its `@odata.context`, then the
/// `@odata.type` of the body or of its items.
pub fn from_example(ex: &Example) -> Vec<RawRef> {
    let mut out = Vec::new();
    if ex.direction != ExampleDirection::Response {
        return out;
    }
    let Some(Value::Object(body)) = &ex.body else { return out };
    let items = body.get("value").and_then(Value::as_array);
    if let Some(r) = body.get("@odata.context").and_then(Value::as_str).and_then(from_context) {
        out.push(r);
    }
    let tagged = |v: &Value| v.get("@odata.type").and_then(Value::as_str).and_then(|t| type_ref::parse_text(t.trim_start_matches('#')));
    match items {
        Some(items) => {
            if let Some(mut r) = items.first().and_then(tagged) {
                r.collection = true;
                out.push(r);
            }
        }
        None => {
            if let Some(mut r) = tagged(&Value::Object(body.clone())) {
                r.collection = false;
                out.push(r);
            }
        }
    }
    out
}

/// `https://.../$metadata#Collection(microsoft.graph.widget)` and the like.
/// Entity-set contexts (`#users/$entity`) name a path, not a type: none.
fn from_context(context: &str) -> Option<RawRef> {
    let fragment = context.rsplit_once("$metadata#")?.1.trim();
    let (inner, collection) = match fragment.strip_prefix("Collection(").and_then(|r| r.strip_suffix(')')) {
        Some(inner) => (inner, true),
        None => (fragment, false),
    };
    // A type name is qualified (`Edm.String`, `microsoft.graph.widget`) and
    // has no path separators; `users/$entity` or `users` is an entity set.
    if inner.contains(['/', '(', '$']) || !inner.contains('.') {
        return None;
    }
    let mut r = type_ref::parse_text(inner)?;
    r.collection = collection;
    Some(r)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::model::{Primitive, Source};

    #[test]
    fn whole_words_only() {
        assert!(says_collection("returns a widget collection in the response body"));
        assert!(says_collection("returns an array of widgets"));
        assert!(!says_collection("returns a widgetCollectionDefinition object in the response body"));
    }

    #[test]
    fn names_without_links() {
        let r = named_in_sentence("If successful, this function returns a 200 OK response code and a String in the response body.").unwrap();
        assert_eq!((r.primitive, r.collection), (Some(Primitive::String), false));
        let r = named_in_sentence("returns a 200 OK response code and a Boolean collection in the response body.").unwrap();
        assert_eq!((r.primitive, r.collection), (Some(Primitive::Boolean), true));
        let r = named_in_sentence("returns 201 Created response code and an updated widgets object in the response body.").unwrap();
        assert_eq!((r.name.as_str(), r.collection), ("widgets", false));
        let r = named_in_sentence("returns 200 OK and a collection of gadget objects in the response body.").unwrap();
        assert_eq!((r.name.as_str(), r.collection), ("gadget", true));
        assert!(named_in_sentence("returns 200 OK. It does not return anything in the response body.").is_none());
        assert!(named_in_sentence("returns 200 OK and the url in the response body.").is_none());
        let r = named_in_sentence("returns a 200 OK response code and a Boolean value true in the response body.").unwrap();
        assert_eq!(r.primitive, Some(Primitive::Boolean));
        let r = named_in_sentence("returns 200 OK and an Edm.Int64 in the response body.").unwrap();
        assert_eq!(r.primitive, Some(Primitive::Int64));
        assert!(named_in_sentence("returns 204 No Content.").is_none());
        assert!(named_in_sentence("returns 200 OK and the (new) in the response body").is_none());
    }

    fn response(body: serde_json::Value) -> Example {
        Example {
            direction: ExampleDirection::Response,
            name: None,
            method: None,
            url: None,
            status: Some(200),
            headers: Vec::new(),
            body: Some(body),
            has_body: true,
            truncated: false,
            odata_type: None,
            is_collection: None,
            source: Source::default(),
        }
    }

    #[test]
    fn candidates_from_context_and_tags() {
        let c = from_example(&response(serde_json::json!({"@odata.context": "https://h/beta/$metadata#Edm.String", "value": "x"})));
        assert_eq!(c[0].primitive, Some(Primitive::String));
        let c = from_example(&response(serde_json::json!({"@odata.context": "https://h/beta/$metadata#Collection(ns.widget)", "value": []})));
        assert_eq!((c[0].name.as_str(), c[0].collection), ("ns.widget", true));
        let c = from_example(&response(serde_json::json!({"@odata.context": "https://h/beta/$metadata#users/$entity", "@odata.type": "#ns.user"})));
        assert_eq!(c.len(), 1);
        assert_eq!((c[0].name.as_str(), c[0].collection), ("ns.user", false));
        let c = from_example(&response(serde_json::json!({"value": [{"@odata.type": "#ns.gadget"}]})));
        assert_eq!((c[0].name.as_str(), c[0].collection), ("ns.gadget", true));
        assert!(from_example(&response(serde_json::json!({"a": 1}))).is_empty());
    }
}
