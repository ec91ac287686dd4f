//! Reading type references as the docs write them.
//!
//! A Type cell or sentence names a type as a link (`[user](../resources/user.md)`),
//! a plain name (`user`), a qualified name (`microsoft.graph.callRecords.session`),
//! or a primitive in any spelling (`String`, `string`, `Edm.Int32`, `int`,
//! `dateTime`, ...), optionally as a collection (`X collection`,
//! `Collection(X)`, `X[]`). Names are resolved against all pages later
//! ([`super::resolve`]); until then they are carried as *unresolved* named
//! targets (see [`unresolved`]).

use super::model::{Primitive, TypeRef, TypeTarget};
use crate::markdown::Text;

/// A type reference as read from the docs, before resolution.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RawRef {
    /// The primitive, when the text names one.
    pub primitive: Option<Primitive>,
    /// The name as written (possibly qualified), when not a primitive.
    pub name: String,
    /// File stem of the link target (`user` for `../resources/user.md`), lowercased.
    pub stem: Option<String>,
    pub collection: bool,
}

/// Marks a [`TypeTarget::Named`] that still holds a raw reference
/// (`\0name\u{1}stem`). Every one is replaced during resolution; none survive
/// into the built schema.
const UNRESOLVED: char = '\0';
const SEP: char = '\u{1}';

impl RawRef {
    /// The reference as a `TypeRef` to be resolved later.
    pub fn to_type_ref(&self) -> TypeRef {
        let target = match self.primitive {
            Some(p) => TypeTarget::Primitive(p),
            None => TypeTarget::Named(format!("{UNRESOLVED}{}{SEP}{}", self.name, self.stem.as_deref().unwrap_or(""))),
        };
        TypeRef { target, collection: self.collection }
    }
}

/// A pending reference's `(name, stem)` when `target` is unresolved.
pub fn unresolved(target: &TypeTarget) -> Option<(&str, Option<&str>)> {
    match target {
        TypeTarget::Named(s) if s.starts_with(UNRESOLVED) => {
            let body = &s[UNRESOLVED.len_utf8()..];
            let (name, stem) = body.split_once(SEP).unwrap_or((body, ""));
            Some((name, if stem.is_empty() { None } else { Some(stem) }))
        }
        _ => None,
    }
}

/// A primitive from any of the spellings the docs use (case-insensitive,
/// `Edm.` prefix optional).
pub fn primitive(word: &str) -> Option<Primitive> {
    let w = word.trim().trim_matches('`').to_ascii_lowercase();
    let w = w.strip_prefix("edm.").unwrap_or(&w);
    Some(match w {
        "string" | "str" | "text" | "url" | "uri" | "email" => Primitive::String,
        "boolean" | "bool" => Primitive::Boolean,
        "byte" => Primitive::Byte,
        "sbyte" => Primitive::SByte,
        "int16" | "short" => Primitive::Int16,
        "int32" | "int" | "integer" | "int?" => Primitive::Int32,
        "int64" | "long" => Primitive::Int64,
        "single" | "float" => Primitive::Single,
        "double" | "number" | "numeric" => Primitive::Double,
        "decimal" => Primitive::Decimal,
        "datetimeoffset" | "datetime" | "timestamp" => Primitive::DateTimeOffset,
        "date" => Primitive::Date,
        "timeofday" | "time" => Primitive::TimeOfDay,
        "duration" | "timespan" => Primitive::Duration,
        "guid" | "uuid" => Primitive::Guid,
        "binary" | "base64" | "base64binary" | "byte[]" => Primitive::Binary,
        "stream" => Primitive::Stream,
        "json" | "object" | "any" | "untyped" => Primitive::Json,
        _ => return None,
    })
}

/// Whether `word` occurs in `lower` as a whole word (not inside a longer
/// identifier such as `settingCollectionDefinition`).
pub fn has_word(lower: &str, word: &str) -> bool {
    let bytes = lower.as_bytes();
    lower.match_indices(word).any(|(i, _)| {
        let before = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
        let after = bytes.get(i + word.len()).is_none_or(|b| !b.is_ascii_alphanumeric());
        before && after
    })
}

/// File stem of a link target to a docs page (`../resources/user.md#x` -> `user`).
pub fn link_stem(target: &str) -> Option<String> {
    let path = target.split(['#', '?']).next().unwrap_or("");
    if !path.ends_with(".md") || path.starts_with("http") {
        return None;
    }
    let file = path.rsplit('/').next().unwrap_or(path);
    Some(file.trim_end_matches(".md").to_ascii_lowercase())
}

/// Read a Type cell (or any text naming one type). `None` when the text
/// names nothing (empty cell).
pub fn parse_cell(text: &Text) -> Option<RawRef> {
    let raw = text.text.trim();
    let lower = raw.to_ascii_lowercase();
    let collection = says_collection(&lower);
    // A link to a docs page names the type, its file stem is a second key.
    if let Some(link) = text.links.iter().find(|l| link_stem(&l.target).is_some()) {
        let name = core_name(&link.text);
        let stem = link_stem(&link.target);
        let primitive = primitive(&name);
        if name.is_empty() && stem.is_none() {
            return None;
        }
        return Some(RawRef { primitive, name, stem: if primitive.is_some() { None } else { stem }, collection });
    }
    // `(Boolean or String) collection`: a union the docs cannot type further.
    if raw.starts_with('(') && raw.split(')').next().is_some_and(|g| g.contains(" or ")) {
        return Some(RawRef { primitive: Some(Primitive::Json), name: String::new(), stem: None, collection });
    }
    let name = core_name(raw);
    if name.is_empty() {
        return None;
    }
    Some(RawRef { primitive: primitive(&name), name, stem: None, collection })
}

/// Whether a lowercased Type cell spells a collection: `X collection`,
/// `Collection(X)`, `Collection of X`, `X[]`, `X array`, `array of X`,
/// `list of X`, `set of X`, `Collection<X>`. Whole words only: a type named
/// `siteCollection` is not a collection (and `list` alone names a type).
fn says_collection(lower: &str) -> bool {
    let without_article = lower.trim_start_matches("a ").trim_start_matches("an ");
    has_word(lower, "collection")
        || has_word(lower, "array")
        || lower.ends_with("[]")
        || ["list of ", "set of "].iter().any(|p| without_article.starts_with(p))
}

/// Read a type name from plain text (no links).
pub fn parse_text(text: &str) -> Option<RawRef> {
    parse_cell(&Text { text: text.to_string(), links: Vec::new() })
}

/// The type name inside a cell's text: wrappers (`Collection(...)`, backticks,
/// `[x][]`) and qualifiers (`collection`, `, maximum size 20`, ` (url)`,
/// `Nullable`) removed.
fn core_name(text: &str) -> String {
    let mut t = text.trim().trim_matches('`').trim();
    // A leading remark in parentheses (`(Optional) String`) is not the name.
    while let Some(rest) = t.strip_prefix('(').and_then(|r| r.split_once(')')).map(|(_, after)| after.trim_start()) {
        if rest.is_empty() {
            break;
        }
        t = rest;
    }
    // `Collection(X)`, `Collection<X>`, `Array<X>` in any case.
    for (open, close) in [("collection(", ')'), ("collection<", '>'), ("array<", '>'), ("list<", '>')] {
        if let Some(inner) = strip_prefix_ignore_case(t, open) {
            t = inner.trim_end().trim_end_matches(close);
        }
    }
    // `Collection of X`, `a list of X`, `an array of X`, `set of X`.
    t = strip_prefix_ignore_case(t, "a ").or_else(|| strip_prefix_ignore_case(t, "an ")).filter(|r| r.contains(" of ")).unwrap_or(t);
    for prefix in ["collection of ", "array of ", "list of ", "set of "] {
        if let Some(inner) = strip_prefix_ignore_case(t, prefix) {
            t = inner.trim_start();
        }
    }
    let t = t.trim_start_matches(['[', '`', '*', '"']);
    // The name ends at the first character that cannot be part of one.
    let end = t
        .char_indices()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '.' || c == '_' || c == '-'))
        .map(|(i, _)| i)
        .unwrap_or(t.len());
    let name = t[..end].trim_end_matches(['.', '-']);
    // `Collection of strings`: a plural primitive is the primitive.
    if primitive(name).is_none() {
        if let Some(singular) = name.strip_suffix('s').filter(|s| primitive(s).is_some()) {
            return singular.to_string();
        }
    }
    // `Int32[]` style: the brackets were cut off above; nothing else to do.
    name.to_string()
}

/// `text` without `prefix` (ASCII, any case).
fn strip_prefix_ignore_case<'t>(text: &'t str, prefix: &str) -> Option<&'t str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &text[prefix.len()..])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::Link;

    fn linked(visible: &str, target: &str, full: &str) -> Text {
        Text { text: full.to_string(), links: vec![Link { text: visible.to_string(), target: target.to_string() }] }
    }

    #[test]
    fn primitives_in_any_spelling() {
        for (s, p) in [
            ("String", Primitive::String),
            ("string", Primitive::String),
            ("Edm.Int32", Primitive::Int32),
            ("int", Primitive::Int32),
            ("Integer", Primitive::Int32),
            ("bool", Primitive::Boolean),
            ("dateTime", Primitive::DateTimeOffset),
            ("DateTimeOffset", Primitive::DateTimeOffset),
            ("Date", Primitive::Date),
            ("TimeOfDay", Primitive::TimeOfDay),
            ("Duration", Primitive::Duration),
            ("GUID", Primitive::Guid),
            ("Binary", Primitive::Binary),
            ("Stream", Primitive::Stream),
            ("Double", Primitive::Double),
            ("Single", Primitive::Single),
            ("Decimal", Primitive::Decimal),
            ("Int64", Primitive::Int64),
            ("Int16", Primitive::Int16),
            ("Byte", Primitive::Byte),
            ("SByte", Primitive::SByte),
            ("Json", Primitive::Json),
        ] {
            let r = parse_text(s).unwrap();
            assert_eq!(r.primitive, Some(p), "{s}");
            assert!(!r.collection);
        }
    }

    #[test]
    fn qualifiers_and_wrappers() {
        let r = parse_text("String collection").unwrap();
        assert_eq!((r.primitive, r.collection), (Some(Primitive::String), true));
        let r = parse_text("Collection(Edm.String)").unwrap();
        assert_eq!((r.primitive, r.collection), (Some(Primitive::String), true));
        let r = parse_text("string, maximum size 20").unwrap();
        assert_eq!(r.primitive, Some(Primitive::String));
        let r = parse_text("`Edm.DateTimeOffset`").unwrap();
        assert_eq!(r.primitive, Some(Primitive::DateTimeOffset));
        let r = parse_text("microsoft.graph.callRecords.session collection").unwrap();
        assert_eq!((r.name.as_str(), r.collection, r.primitive), ("microsoft.graph.callRecords.session", true, None));
        let r = parse_text("(boolean or string) collection").unwrap();
        assert_eq!((r.primitive, r.collection), (Some(Primitive::Json), true));
        let r = parse_text("(Optional) String").unwrap();
        assert_eq!(r.primitive, Some(Primitive::String));
        let r = parse_text("siteCollection").unwrap();
        assert_eq!((r.name.as_str(), r.collection), ("siteCollection", false));
        let r = parse_text("[identitySet][]").unwrap();
        assert_eq!(r.name, "identitySet");
        assert!(parse_text("").is_none());
    }

    #[test]
    fn collections_in_other_spellings() {
        for (text, p) in [
            ("Collection of String", Primitive::String),
            ("collection of strings", Primitive::String),
            ("A collection of Int32", Primitive::Int32),
            ("String array", Primitive::String),
            ("Array of Guid", Primitive::Guid),
            ("an array of strings", Primitive::String),
            ("List of String", Primitive::String),
            ("Set of Int64", Primitive::Int64),
            ("Collection<String>", Primitive::String),
            ("COLLECTION(Edm.Boolean)", Primitive::Boolean),
            ("String (collection)", Primitive::String),
        ] {
            let r = parse_text(text).unwrap();
            assert_eq!((r.primitive, r.collection), (Some(p), true), "{text}");
        }
        let r = parse_cell(&linked("Collection of gadget", "../resources/gadget.md", "Collection of gadget")).unwrap();
        assert_eq!((r.name.as_str(), r.collection), ("gadget", true));
        let r = parse_text("Collection of gadget").unwrap();
        assert_eq!((r.name.as_str(), r.collection), ("gadget", true));
        // `list` names a type; `strings` alone is not a collection word.
        let r = parse_cell(&linked("list", "../resources/list.md", "list")).unwrap();
        assert_eq!((r.name.as_str(), r.collection), ("list", false));
        assert_eq!(parse_text("Strings").unwrap().primitive, Some(Primitive::String));
    }

    #[test]
    fn links_give_name_and_stem() {
        let r = parse_cell(&linked("widget", "../resources/widget-thing.md", "widget collection")).unwrap();
        assert_eq!(r.name, "widget");
        assert_eq!(r.stem.as_deref(), Some("widget-thing"));
        assert!(r.collection);
        let r = parse_cell(&linked("Collection(widget)", "widget.md#props", "Collection(widget)")).unwrap();
        assert_eq!((r.name.as_str(), r.collection), ("widget", true));
        // A link to somewhere that is not a page is not a type link.
        let r = parse_cell(&linked("String", "https://example.com/x", "String")).unwrap();
        assert_eq!(r.primitive, Some(Primitive::String));
    }

    #[test]
    fn unresolved_round_trip() {
        let r = parse_cell(&linked("widget", "../resources/widget.md", "widget")).unwrap();
        let t = r.to_type_ref();
        assert_eq!(unresolved(&t.target), Some(("widget", Some("widget"))));
        assert_eq!(unresolved(&TypeTarget::Named("microsoft.graph.widget".into())), None);
    }
}
