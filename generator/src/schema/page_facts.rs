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

fn guess(page: &Page) -> PageKind {
    let flat = blocks::flatten(page);
    let has_section = |name: &str| page.headings.iter().any(|h| blocks::normalize_heading(&h.text).starts_with(name));
    if page.path.starts_with("api/") || has_section("http request") {
        return PageKind::Operation;
    }
    let has_resource_annotation = flat.iter().any(|l| match &l.block.kind {
        BlockKind::Code(c) => c.annotation.as_ref().and_then(|a| a.get_str("blockType")) == Some("resource"),
        BlockKind::Annotation(a) => a.get_str("blockType") == Some("resource"),
        _ => false,
    });
    if has_resource_annotation || has_section("properties") || has_section("json representation") {
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
        p.headings = headings.iter().enumerate().map(|(i, h)| Heading { level: 2, text: h.to_string(), line: i as u32 + 5 }).collect();
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
        assert!(d.items.iter().all(|x| x.kind == DiagnosticKind::FrontMatter));
    }

    #[test]
    fn namespace_line() {
        assert_eq!(namespace(&page("a", None, &[])), "microsoft.graph.widgets");
        assert_eq!(namespace(&Page::default()), DEFAULT_NAMESPACE);
    }
}
