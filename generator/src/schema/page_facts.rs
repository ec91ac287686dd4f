//! Facts every page states the same way: its namespace line, its title,
//! its kind (`doc_type`, or folder and content when front matter lacks it).

use super::blocks;
use crate::diagnostics::{DiagnosticKind, Diagnostics};
use crate::markdown::{BlockKind, Page};

pub const DEFAULT_NAMESPACE: &str = "microsoft.graph";

/// The `Namespace: x` line, else `microsoft.graph`.
pub fn namespace(page: &Page) -> String {
    for b in &page.blocks {
        if let BlockKind::Paragraph(t) = &b.kind {
            if let Some(rest) = t.text.trim().strip_prefix("Namespace:") {
                let ns = rest.split_whitespace().next().unwrap_or("").trim_end_matches('.');
                if !ns.is_empty() {
                    return ns.to_string();
                }
            }
        }
    }
    DEFAULT_NAMESPACE.to_string()
}

/// The title's first word (`widget resource type` -> `widget`).
pub fn title_word(page: &Page) -> Option<String> {
    let title = page.title().map(|h| h.text.clone()).or_else(|| page.front("title").map(str::to_string))?;
    let w = title.split_whitespace().next()?.trim_matches(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'));
    if w.is_empty() {
        None
    } else {
        Some(w.to_string())
    }
}

/// The name of the type a page without an annotation describes, from its
/// title: usually the first word (`widget resource type`), but titles also
/// spell a name as words (`# System facet` for `systemFacet`). When the
/// leading words of the title, run together, are the page's file name
/// (`systemfacet.md`, or the last dash part of `area-systemfacet.md`), they
/// are the name, in lower camel case.
pub fn type_name_from_title(page: &Page) -> Option<String> {
    let first = title_word(page)?;
    let title = title(page);
    let stem = page.path.rsplit('/').next().unwrap_or(&page.path).trim_end_matches(".md");
    let stem = stem.rsplit('-').next().unwrap_or(stem).to_ascii_lowercase();
    let words: Vec<&str> = title.split_whitespace().map(|w| w.trim_matches(|c: char| !c.is_ascii_alphanumeric())).collect();
    let mut joined = String::new();
    for (i, word) in words.iter().enumerate() {
        if word.is_empty() || !word.chars().all(|c| c.is_ascii_alphanumeric()) {
            break;
        }
        joined.push_str(&word.to_ascii_lowercase());
        if i > 0 && joined == stem {
            return Some(lower_camel(&words[..=i]));
        }
        if !stem.starts_with(&joined) {
            break;
        }
    }
    Some(first)
}

/// Whether the title is a type's title: a name alone, or a name followed
/// only by kind words (`widget resource type`, `System facet`, `x complex
/// type (deprecated)`). Overview pages are titled with sentences ("Use the
/// search API to query data", "complex types JSON").
pub fn title_names_a_type(page: &Page) -> bool {
    const KIND_WORDS: &[&str] = &["resource", "resources", "resouce", "type", "complex", "entity", "object", "facet", "enum", "enumeration"];
    let title = title(page);
    let without_remarks = title.split('(').next().unwrap_or(&title);
    let mut words = without_remarks.split_whitespace();
    let Some(first) = words.next() else { return false };
    let identifier = first.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.');
    identifier && words.all(|w| KIND_WORDS.contains(&w.to_ascii_lowercase().as_str()))
}

/// `["System", "facet"]` -> `systemFacet`.
fn lower_camel(words: &[&str]) -> String {
    let mut out = String::new();
    for (i, word) in words.iter().enumerate() {
        let mut chars = word.chars();
        let Some(head) = chars.next() else { continue };
        if i == 0 {
            out.push(head.to_ascii_lowercase());
        } else {
            out.push(head.to_ascii_uppercase());
        }
        out.push_str(chars.as_str());
    }
    out
}

/// The page title text (heading, else front matter), trimmed.
pub fn title(page: &Page) -> String {
    page.title().map(|h| h.text.clone()).or_else(|| page.front("title").map(str::to_string)).unwrap_or_default().trim().to_string()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    Operation,
    Type,
    Enum,
    /// Overviews and other prose: no types, no operations.
    Conceptual,
}

/// The page's kind: `doc_type` when it says, else folder and content (with
/// a diagnostic, since the front matter should have said).
pub fn kind(page: &Page, diags: &mut Diagnostics) -> PageKind {
    let doc_type = page.doc_type().unwrap_or("").trim().to_ascii_lowercase();
    let by_doc_type = if doc_type.starts_with("apipage") {
        Some(PageKind::Operation)
    } else if doc_type.starts_with("resourcepage") {
        Some(PageKind::Type)
    } else if doc_type.starts_with("enum") {
        Some(PageKind::Enum)
    } else if doc_type.starts_with("conceptual") {
        Some(PageKind::Conceptual)
    } else {
        None
    };
    if let Some(k) = by_doc_type {
        // A page that says it is a type but is shaped like an operation page
        // (an HTTP request section, no properties or JSON representation) is
        // read as what it is.
        let has = |name: &str| page.headings.iter().any(|h| starts_with_ignore_case(h.text.trim(), name));
        if matches!(k, PageKind::Type | PageKind::Enum)
            && has("http request")
            && !has("properties")
            && !has("json representation")
            && !has("members")
        {
            let line = page.front_matter.get("doc_type").map(|(_, l)| *l).unwrap_or(1);
            diags.report(&page.path, line, DiagnosticKind::FrontMatter, format!("`doc_type: {doc_type}` on a page shaped like an operation page; read as an operation page"));
            return PageKind::Operation;
        }
        // A "type page" with nothing of a type: no resource annotation, no
        // properties or JSON representation section, and a sentence for a
        // title ("Use the X API to ..."): an overview.
        if k == PageKind::Type && !has("properties") && !has("relationships") && !has("json representation") && !has_resource_annotation(page) && !title_names_a_type(page) {
            let line = page.front_matter.get("doc_type").map(|(_, l)| *l).unwrap_or(1);
            diags.report(&page.path, line, DiagnosticKind::FrontMatter, format!("`doc_type: {doc_type}` on a page with no resource annotation, properties or JSON representation, titled like an overview; read as an overview"));
            return PageKind::Conceptual;
        }
        // And the other way round: an "API page" with no HTTP request section
        // but a properties table or JSON representation is a type page.
        if k == PageKind::Operation && !has("http request") && (has("properties") || has("json representation")) {
            let line = page.front_matter.get("doc_type").map(|(_, l)| *l).unwrap_or(1);
            diags.report(&page.path, line, DiagnosticKind::FrontMatter, format!("`doc_type: {doc_type}` on a page shaped like a type page; read as a type page"));
            return PageKind::Type;
        }
        return k;
    }
    let guessed = guess(page);
    let line = page.front_matter.get("doc_type").map(|(_, l)| *l).unwrap_or(1);
    let said = if doc_type.is_empty() { "no `doc_type`".to_string() } else { format!("unknown `doc_type: {doc_type}`") };
    diags.report(&page.path, line, DiagnosticKind::FrontMatter, format!("{said}; read as {guessed:?} page from its folder and content"));
    guessed
}

/// `text` starts with the lowercase ASCII `prefix`, ignoring case (no allocation).
fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.as_bytes().get(..prefix.len()).is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// Whether any block (includes too) is annotated `blockType: resource`.
fn has_resource_annotation(page: &Page) -> bool {
    blocks::flatten(page).iter().any(|l| match &l.block.kind {
        BlockKind::Code(c) => c.annotation.as_ref().and_then(|a| a.get_str("blockType")) == Some("resource"),
        BlockKind::Annotation(a) => a.get_str("blockType") == Some("resource"),
        _ => false,
    })
}

fn guess(page: &Page) -> PageKind {
    let has_section = |name: &str| page.headings.iter().any(|h| blocks::normalize_heading(&h.text).starts_with(name));
    if page.path.starts_with("api/") || has_section("http request") {
        return PageKind::Operation;
    }
    if has_resource_annotation(page) || has_section("properties") || has_section("json representation") {
        return PageKind::Type;
    }
    if has_section("members") || page.headings.iter().any(|h| h.text.to_ascii_lowercase().ends_with(" values")) {
        return PageKind::Enum;
    }
    PageKind::Conceptual
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::{Block, Heading, Text};

    fn page(path: &str, doc_type: Option<&str>, headings: &[&str]) -> Page {
        let mut p = Page { path: path.into(), ..Page::default() };
        if let Some(d) = doc_type {
            p.front_matter.insert("doc_type".into(), (d.into(), 3));
        }
        p.headings.push(Heading { level: 1, text: "widget resource type".into(), line: 4 });
        p.headings.extend(headings.iter().enumerate().map(|(i, h)| Heading { level: 2, text: h.to_string(), line: i as u32 + 5 }));
        p.blocks.push(Block { line: 2, context: vec![], kind: BlockKind::Paragraph(Text { text: "Namespace: microsoft.graph.widgets".into(), links: vec![] }) });
        p
    }

    #[test]
    fn kinds_from_doc_type_and_fallbacks() {
        let mut d = Diagnostics::default();
        assert_eq!(kind(&page("api/a.md", Some("apiPageType"), &[]), &mut d), PageKind::Operation);
        assert_eq!(kind(&page("resources/a.md", Some("resourcePageType_"), &[]), &mut d), PageKind::Type);
        assert_eq!(kind(&page("resources/a.md", Some("enumTypes"), &[]), &mut d), PageKind::Enum);
        assert!(d.is_empty());
        assert_eq!(kind(&page("resources/a.md", None, &["Properties"]), &mut d), PageKind::Type);
        assert_eq!(kind(&page("resources/a.md", None, &["Members"]), &mut d), PageKind::Enum);
        assert_eq!(kind(&page("resources/a.md", None, &["Overview"]), &mut d), PageKind::Conceptual);
        assert_eq!(kind(&page("api/a.md", None, &[]), &mut d), PageKind::Operation);
        assert_eq!(d.len(), 4);
        // doc_type contradicted by the page's shape.
        assert_eq!(kind(&page("resources/a.md", Some("apiPageType"), &["Properties", "JSON representation"]), &mut d), PageKind::Type);
        assert_eq!(kind(&page("api/a.md", Some("resourcePageType"), &["HTTP request", "Response"]), &mut d), PageKind::Operation);
        assert_eq!(d.len(), 6);
        // A "type page" titled with a sentence and holding nothing of a type.
        let mut overview = page("resources/a.md", Some("resourcePageType"), &["Common use cases"]);
        overview.headings[0].text = "Use the widget API to find widgets".into();
        assert_eq!(kind(&overview, &mut d), PageKind::Conceptual);
        overview.headings[1].text = "Properties".into();
        assert_eq!(kind(&overview, &mut d), PageKind::Type);
        assert_eq!(d.len(), 7);
        assert!(d.items.iter().all(|x| x.kind == DiagnosticKind::FrontMatter));
    }

    #[test]
    fn type_names_from_titles() {
        let titled = |path: &str, title: &str| {
            let mut p = Page { path: path.into(), ..Page::default() };
            p.headings.push(Heading { level: 1, text: title.into(), line: 3 });
            type_name_from_title(&p)
        };
        assert_eq!(titled("resources/widget.md", "widget resource type").as_deref(), Some("widget"));
        assert_eq!(titled("resources/systemfacet.md", "System facet").as_deref(), Some("systemFacet"));
        assert_eq!(titled("resources/area-deskfacet.md", "Desk facet resource type").as_deref(), Some("deskFacet"));
        assert_eq!(titled("resources/audio.md", "Audio facet").as_deref(), Some("Audio"));
        assert_eq!(titled("resources/x.md", "gadget resource type").as_deref(), Some("gadget"));
    }

    #[test]
    fn type_titles_and_overview_titles() {
        let names = |title: &str| {
            let mut p = Page::default();
            p.headings.push(Heading { level: 1, text: title.into(), line: 3 });
            title_names_a_type(&p)
        };
        for t in ["widget resource type", "System facet", "gadget", "thing complex type (deprecated)", "mediaSource resouce type", "gadgetKind enum type"] {
            assert!(names(t), "{t}");
        }
        for t in ["Use the widget API to find things", "Working with widgets in Microsoft Graph", "On-premises publishing profiles", "complex types JSON", ""] {
            assert!(!names(t), "{t}");
        }
    }

    #[test]
    fn namespace_line() {
        assert_eq!(namespace(&page("a", None, &[])), "microsoft.graph.widgets");
        assert_eq!(namespace(&Page::default()), DEFAULT_NAMESPACE);
    }
}
