//! What a type page's prose says about the type itself: that it is abstract
//! ("This is an abstract type", "An abstract base class for ...", "It is
//! abstract"), that it is an open type ("This resource is an open type",
//! `# x resource type (Open Type)`), and which type it derives from
//! ("Inherits from [x](x.md)", "Derived from [x](x.md).", "x derives from
//! [y]", "It is derived from microsoft.graph.y").
//!
//! Many pages state these only in words; the resource annotation
//! (`"abstract": true`, `"openType": true`, `"baseType"`) is tooling
//! metadata that is often missing. The words are read with care, since the
//! same words also describe *other* types: "Inherits from the abstract base
//! type [listener](...)" says the base is abstract, not this type, and "used
//! in the open type [assignments](...)" names another open type. A phrase
//! that is followed (or, for "abstract", preceded) by a type name is about
//! that type.

use super::blocks::Headings;
use super::type_ref::{self, RawRef};
use crate::markdown::{BlockKind, Link, Page, Text};

/// Words that name the kind of a type, as in "an abstract *base class*".
const KIND_NOUNS: &[&str] = &["type", "class", "base", "entity", "resource", "superclass", "object"];

/// A statement the prose makes, with the line that makes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Statements {
    pub is_abstract: Option<u32>,
    pub is_open: Option<u32>,
}

/// Abstract / open statements about the page's own type, in its title,
/// its front matter description, and the prose before the first `##`
/// section (where pages say what the type is).
pub fn statements(page: &Page, hs: &Headings) -> Statements {
    let mut out = Statements::default();
    let mut consider = |text: &Text, line: u32| {
        if out.is_abstract.is_none() && says_abstract(text) {
            out.is_abstract = Some(line);
        }
        if out.is_open.is_none() && says_open_type(text) {
            out.is_open = Some(line);
        }
    };
    if let Some(title) = page.title() {
        consider(&Text { text: title.text.clone(), links: Vec::new() }, title.line);
    }
    for block in &page.blocks {
        if let BlockKind::Paragraph(t) = &block.kind {
            if hs.section(block).is_empty() {
                consider(t, block.line);
            }
        }
    }
    if let Some((description, line)) = page.front_matter.get("description") {
        consider(&Text { text: description.clone(), links: Vec::new() }, *line);
    }
    out
}

/// "abstract" said of the type the sentence is about (see the module docs).
pub fn says_abstract(t: &Text) -> bool {
    let lower = t.text.to_ascii_lowercase();
    word_positions(&lower, "abstract").into_iter().any(|at| {
        let before = &t.text[..at];
        let after = &t.text[at + "abstract".len()..];
        if negated(before) || ends_with_name(before, &t.links) {
            return false;
        }
        // "It is abstract", "This superclass is abstract and ...".
        let predicate = last_words(before, 1).first().is_some_and(|w| w.eq_ignore_ascii_case("is"));
        if predicate && next_word(after).is_none_or(|w| !KIND_NOUNS.contains(&w.to_ascii_lowercase().as_str())) {
            return true;
        }
        // "an abstract base class that ...": a kind noun within two words,
        // not followed by the name of another type.
        let mut rest = after;
        for _ in 0..2 {
            let Some(word) = next_word(rest) else { return false };
            rest = &rest[rest.find(word).map(|i| i + word.len()).unwrap_or(rest.len())..];
            if KIND_NOUNS.contains(&word.to_ascii_lowercase().as_str()) {
                // "abstract base type [x]": the whole kind phrase, then a name?
                while let Some(more) = next_word(rest).filter(|w| KIND_NOUNS.contains(&w.to_ascii_lowercase().as_str())) {
                    rest = &rest[rest.find(more).map(|i| i + more.len()).unwrap_or(rest.len())..];
                }
                return !starts_with_name(rest, &t.links);
            }
        }
        false
    })
}

/// "open type" said of the type the sentence is about.
pub fn says_open_type(t: &Text) -> bool {
    let lower = t.text.to_ascii_lowercase();
    word_positions(&lower, "open type").into_iter().any(|at| {
        let after = &t.text[at + "open type".len()..];
        let plural = after.starts_with(['s', 'S']);
        !plural && !negated(&t.text[..at]) && !starts_with_name(after, &t.links)
    })
}

/// The base type the prose names: "Inherits from [x](x.md)", "Derived from
/// [x](x.md).", "derives from [x]", "is derived from microsoft.graph.x",
/// "derived from the abstract base type [x](...)". `own` (the page's type)
/// is never its own base ("the following types are derived from **x**").
/// Paragraphs in the properties, relationships and methods sections are
/// about other things.
pub fn base(page: &Page, hs: &Headings, own: &str) -> Option<(RawRef, u32)> {
    for b in &page.blocks {
        let BlockKind::Paragraph(t) = &b.kind else { continue };
        let section = hs.section(b);
        if section.contains("propert") || section.contains("relationship") || section.contains("method") {
            continue;
        }
        if let Some(r) = base_in(t, own) {
            return Some((r, b.line));
        }
    }
    None
}

/// The base named in one paragraph.
fn base_in(t: &Text, own: &str) -> Option<RawRef> {
    let lower = t.text.to_ascii_lowercase();
    for phrase in ["inherits from", "inherited from", "derived from", "derives from", "inherit from", "derive from"] {
        for at in word_positions(&lower, phrase) {
            let after = &t.text[at + phrase.len()..];
            let found = name_after(after, &t.links).or_else(|| first_page_link_after(after, &t.links));
            if let Some(r) = found.filter(|r| !r.name.eq_ignore_ascii_case(own) && !r.name.is_empty()) {
                return Some(r);
            }
        }
    }
    None
}

/// Filler between "derived from" and the name: "the abstract base type".
const FILLER: &[&str] = &["the", "a", "an", "abstract", "base", "type", "resource", "entity", "class", "complex"];

/// The type named right after a phrase (filler words skipped): a link, a
/// `[name]` whose link has no target, or a camelCase / qualified name.
fn name_after(after: &str, links: &[Link]) -> Option<RawRef> {
    let mut rest = after;
    loop {
        let trimmed = rest.trim_start();
        if let Some(link) = link_at_start(trimmed, links) {
            let name = link.text.trim().trim_matches(['`', '*']).to_string();
            return Some(RawRef { primitive: None, stem: page_stem(&link.target), name, collection: false });
        }
        if let Some(inner) = trimmed.strip_prefix('[').and_then(|r| r.split_once(']')).map(|(n, _)| n.trim()) {
            // A reference-style link without a definition: the text is a name.
            let identifier = !inner.is_empty() && inner.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_');
            return identifier.then(|| RawRef { primitive: None, name: inner.to_string(), stem: None, collection: false });
        }
        let word = next_word(trimmed)?;
        if FILLER.contains(&word.to_ascii_lowercase().as_str()) {
            rest = &trimmed[trimmed.find(word).map(|i| i + word.len())?..];
            continue;
        }
        return is_type_name(word).then(|| RawRef { primitive: None, name: word.to_string(), stem: None, collection: false });
    }
}

/// The link whose text the text starts with, as a whole word (the longest:
/// `DomainDnsRecord` is not the link `Domain`).
fn link_at_start<'l>(text: &str, links: &'l [Link]) -> Option<&'l Link> {
    links
        .iter()
        .filter(|l| {
            let visible = l.text.trim();
            !visible.is_empty()
                && text.starts_with(visible)
                && text[visible.len()..].chars().next().is_none_or(|c| !(c.is_alphanumeric() || c == '_'))
        })
        .max_by_key(|l| l.text.trim().len())
}

/// The first link after a phrase that points at a docs page ("Inherits from
/// Microsoft Graph's [entity](entity.md)").
fn first_page_link_after(after: &str, links: &[Link]) -> Option<RawRef> {
    let link = links.iter().find(|l| after.contains(l.text.as_str()) && type_ref::link_stem(&l.target).is_some())?;
    Some(RawRef { primitive: None, name: link.text.trim().trim_matches(['`', '*']).to_string(), stem: type_ref::link_stem(&link.target), collection: false })
}

/// The page a link points at: `x.md` as usual, or a docs target written
/// without its `.md` (`[x](x)`, `[x](../resources/x)`,
/// `[x](/graph/api/resources/x)`).
fn page_stem(target: &str) -> Option<String> {
    type_ref::link_stem(target).or_else(|| {
        let path = target.split(['#', '?']).next().unwrap_or("");
        let relative = !path.is_empty() && !path.contains(':');
        let file = path.rsplit('/').next().unwrap_or(path);
        (relative && !file.contains('.') && !file.is_empty()).then(|| file.to_ascii_lowercase())
    })
}

/// A camelCase identifier (`directoryObject`) or a qualified name
/// (`microsoft.graph.policyBase`): what a plain-text type name looks like,
/// unlike the English words around it.
fn is_type_name(word: &str) -> bool {
    let ident = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if word.contains('.') {
        let parts: Vec<&str> = word.split('.').collect();
        return parts.len() >= 3 && parts.iter().all(|p| ident(p));
    }
    let mut chars = word.chars();
    ident(word) && chars.next().is_some_and(|c| c.is_ascii_lowercase()) && chars.any(|c| c.is_ascii_uppercase())
}

/// The text starts (after spaces) with the name of a type: a link's text,
/// a `[name]`, or a camelCase / qualified name.
fn starts_with_name(text: &str, links: &[Link]) -> bool {
    let trimmed = text.trim_start();
    if link_at_start(trimmed, links).is_some() || trimmed.starts_with('[') {
        return true;
    }
    next_word(trimmed).is_some_and(|w| trimmed.starts_with(w) && is_type_name(w))
}

/// The text ends (before spaces) with a link's text: "[extension](...) abstract type".
fn ends_with_name(text: &str, links: &[Link]) -> bool {
    let trimmed = text.trim_end();
    links.iter().any(|l| !l.text.trim().is_empty() && trimmed.ends_with(l.text.trim()))
}

/// "not", "never" or "non" among the two words before.
fn negated(before: &str) -> bool {
    last_words(before, 2).iter().any(|w| matches!(w.to_ascii_lowercase().as_str(), "not" | "never" | "non" | "isn't"))
}

/// Byte offsets of `phrase` in `lower` as whole words.
fn word_positions(lower: &str, phrase: &str) -> Vec<usize> {
    let bytes = lower.as_bytes();
    lower
        .match_indices(phrase)
        .map(|(i, _)| i)
        .filter(|&i| {
            let before = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
            let after = bytes.get(i + phrase.len()).is_none_or(|b| !b.is_ascii_alphanumeric());
            before && after
        })
        .collect()
}

/// The next word of `text`, punctuation trimmed; `None` at the end of the
/// sentence (a `.`, `;` or `:` comes first).
fn next_word(text: &str) -> Option<&str> {
    let trimmed = text.trim_start();
    if trimmed.starts_with(['.', ';', ':', ',']) || trimmed.is_empty() {
        return None;
    }
    let word = trimmed.split_whitespace().next()?;
    let word = word.trim_matches(|c: char| !(c.is_alphanumeric() || c == '.' || c == '_' || c == '\''));
    let word = word.trim_end_matches('.');
    (!word.is_empty()).then_some(word)
}

/// The last `n` words before a position, nearest first.
fn last_words(text: &str, n: usize) -> Vec<&str> {
    text.split_whitespace().rev().take(n).map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'')).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(s: &str) -> Text {
        Text { text: s.to_string(), links: Vec::new() }
    }

    fn linked(s: &str, link: &str, target: &str) -> Text {
        Text { text: s.to_string(), links: vec![Link { text: link.to_string(), target: target.to_string() }] }
    }

    #[test]
    fn abstract_said_of_the_type_itself() {
        for s in [
            "This is an abstract type.",
            "It is an abstract type that is inherited by other scopes.",
            "An abstract base class containing properties for all apps.",
            "The gadget resource is an abstract resource that holds common properties.",
            "Abstract entity used to model the commonality between organizations.",
            "This superclass is abstract and you cannot create it.",
            "A policy rule of a role. It is abstract.",
            "An empty and abstract base.",
            "An abstract resouce type used to represent a request.",
            "Represents the abstract base type that all profile types inherit from.",
            "This complex type is abstract. Refer to the derived types.",
        ] {
            assert!(says_abstract(&plain(s)), "{s}");
        }
    }

    #[test]
    fn abstract_said_of_something_else() {
        for s in [
            "Entity representing the definition for an abstract complex setting.",
            "Represents an abstract definition for a task.",
            "This segmentation is abstracted away within the UI.",
            "Custom attributes are an abstraction over schema extensions.",
            "This type is not abstract.",
            "The value type abstractComplex holds several values.",
        ] {
            assert!(!says_abstract(&plain(s)), "{s}");
        }
        assert!(!says_abstract(&linked("Inherits from the abstract base type listener.", "listener", "listener.md")));
        assert!(!says_abstract(&linked("which is derived from the extension abstract type.", "extension", "extension.md")));
        assert!(!says_abstract(&plain("It is derived from the abstract class baseWidget.")));
    }

    #[test]
    fn open_type_said_of_the_type_itself() {
        for s in [
            "This is an open type.",
            "This resource is an open type and is part of the plan.",
            "It is an Open Type. It is part of the task details object.",
            "This is an OData open type that expects a property named value.",
            "An open type that represents a user's preferences.",
            "teamsTab resource type (Open Type)",
        ] {
            assert!(says_open_type(&plain(s)), "{s}");
        }
        for s in ["An abstract type to support the OData v4 open type openTypeExtension.", "Property names in open types cannot contain dots.", "This is not an open type."] {
            assert!(!says_open_type(&plain(s)), "{s}");
        }
        assert!(!says_open_type(&linked("This type is used in the open type assignments.", "assignments", "assignments.md")));
    }

    #[test]
    fn bases_in_words() {
        let base = |t: Text| base_in(&t, "gadget").map(|r| (r.name, r.stem));
        assert_eq!(base(linked("Derived from thing.", "thing", "thing.md")), Some(("thing".into(), Some("thing".into()))));
        assert_eq!(base(linked("Derived from thing.", "thing", "thing")), Some(("thing".into(), Some("thing".into()))));
        assert_eq!(
            base(linked("It is inherited from thing and used on failures.", "thing", "/graph/api/resources/thing")),
            Some(("thing".into(), Some("thing".into())))
        );
        assert_eq!(base(linked("A record. Inherited from Thing entity.", "Thing", "thing.md")), Some(("Thing".into(), Some("thing".into()))));
        assert_eq!(base(plain("Whether the license was inherited from a group.")), None);
        let two = Text {
            text: "Returned for a domain entity. Inherited from domainRecord entity.".into(),
            links: vec![Link { text: "domain".into(), target: "domain.md".into() }, Link { text: "domainRecord".into(), target: "domainrecord.md".into() }],
        };
        assert_eq!(base_in(&two, "gadget").map(|r| r.name), Some("domainRecord".into()));
        assert_eq!(base(plain("Derived from [thing].")), Some(("thing".into(), None)));
        assert_eq!(base(plain("It is derived from microsoft.graph.policyBase.")), Some(("microsoft.graph.policyBase".into(), None)));
        assert_eq!(base(plain("A type derived from apiAuthenticationBase which is used for keys.")), Some(("apiAuthenticationBase".into(), None)));
        assert_eq!(
            base(linked("Inherits from the abstract base type listener.", "listener", "../resources/listener.md")),
            Some(("listener".into(), Some("listener".into())))
        );
        assert_eq!(base(plain("The following types are derived from gadget:")), None);
        assert_eq!(base(plain("Values derived from a machine learning process.")), None);
        assert_eq!(base(plain("It inherits from base policy type.")), None);
        assert_eq!(base(linked("The thing resource inherits from this base type.", "thing", "thing.md")), None);
    }
}
