//! Which pages describe which type, enum or operation, found from the raw
//! pages alone (never from the schema stage's choices): a type may be
//! described by several pages (`resources/user.md` and
//! `resources/intune-shared-user.md`), and the verdicts must read them all.
//!
//! A page describes a type when
//! - a `blockType: resource` annotation names it (`@odata.type`),
//! - its title names it (`# user resource type`, `# System facet` for
//!   `systemFacet`: the words before "resource type" run together),
//! - its file stem is the type's name (optionally after the last part of
//!   its namespace: `callrecords-session.md`),
//! - or a link whose text is the type's name points at it from a type
//!   column or an "inherits from" sentence, when nothing above says what
//!   the page describes.
//!
//! Enums are described by `### x values` headings (their section) and pages
//! titled `x enum type` (the whole page).
//! Operations by the request lines of fenced blocks on `api/` pages.

use super::page_text::{Link, PageText};
use std::collections::{BTreeMap, BTreeSet};

/// Where an enum is described: a page, and the heading whose section holds
/// its members (`None`: the whole page).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct EnumSection {
    pub page: usize,
    pub heading: Option<usize>,
}

/// A request line of some page.
#[derive(Debug, Clone)]
pub struct RequestLine {
    pub page: usize,
    pub method: String,
    pub url: String,
    pub line: u32,
}

pub struct PageIndex {
    pub pages: Vec<PageText>,
    /// Lowercase short name to (page, namespace the page states, if any).
    types: BTreeMap<String, BTreeSet<(usize, Option<String>)>>,
    enums: BTreeMap<String, BTreeSet<EnumSection>>,
    /// Lowercase last segment name (namespace and call removed) to the request lines.
    requests: BTreeMap<String, Vec<RequestLine>>,
}

/// Lowercase, letters and digits only: `System facet` and `systemFacet` agree.
pub fn squash(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// The type a title names: the words before a trailing "resource type",
/// "complex type", "entity type", "enum type" or "type", run together; and
/// whether such a suffix said the page is about a type.
fn title_name(title: &str) -> (String, bool) {
    let lower = title.to_ascii_lowercase();
    for suffix in [" resource type", " complex type", " entity type", " enum type", " enumeration type", " type", " resource", " object"] {
        if let Some(rest) = lower.strip_suffix(suffix) {
            return (squash(rest), true);
        }
    }
    (squash(&lower), false)
}

/// An `x values` / `x enum` / `x enumeration` heading's enum name.
fn enum_heading_name(heading: &str) -> Option<String> {
    let lower = heading.to_ascii_lowercase();
    for suffix in [" enum values", " values", " enumeration", " enum type", " enum", " members"] {
        if let Some(rest) = lower.strip_suffix(suffix) {
            return Some(squash(rest));
        }
    }
    None
}

/// The last segment's name of a request URL: query, namespace prefix and
/// call arguments removed.
pub fn last_segment_name(url: &str) -> String {
    let path = url.split(['?', '#']).next().unwrap_or(url).trim_end_matches('/');
    let last = split_path(path).pop().unwrap_or_default();
    let name = last.split('(').next().unwrap_or(&last);
    let name = name.rsplit('.').next().unwrap_or(name);
    name.to_ascii_lowercase()
}

/// A path's segments, split on `/` outside braces, parentheses and quotes.
pub fn split_path(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let (mut depth, mut quoted) = (0i32, false);
    for c in path.chars() {
        match c {
            '\'' => quoted = !quoted,
            '{' | '(' if !quoted => depth += 1,
            '}' | ')' if !quoted => depth -= 1,
            '/' if depth <= 0 && !quoted => {
                if !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// `../resources/user.md` from `resources/x.md` to `resources/user.md`.
fn resolve_link(from: &str, target: &str) -> Option<String> {
    let target = target.split('#').next()?;
    if !target.ends_with(".md") || target.contains("://") {
        return None;
    }
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for piece in target.split('/') {
        match piece {
            "." | "" => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

impl PageIndex {
    pub fn new(pages: Vec<PageText>) -> Self {
        let mut index = PageIndex { pages, types: BTreeMap::new(), enums: BTreeMap::new(), requests: BTreeMap::new() };
        let mut identified = BTreeSet::new();
        let mut links: Vec<(usize, Link)> = Vec::new();
        for (i, page) in index.pages.iter().enumerate() {
            let is_type_folder = page.path.starts_with("resources/");
            let says = |name: &str, ns: Option<String>, types: &mut BTreeMap<String, BTreeSet<(usize, Option<String>)>>| {
                types.entry(name.to_ascii_lowercase()).or_default().insert((i, ns));
            };
            for a in &page.annotations {
                let resource = a.string("blockType").is_some_and(|b| b.eq_ignore_ascii_case("resource"));
                if let (true, Some(odata)) = (resource, a.string("@odata.type")) {
                    let (ns, name) = odata.rsplit_once('.').map(|(n, s)| (Some(n.to_string()), s)).unwrap_or((None, odata.as_str()));
                    says(name, ns, &mut index.types);
                    identified.insert(i);
                }
            }
            if is_type_folder {
                if let Some(title) = page.title() {
                    let (name, typed) = title_name(&title.text);
                    if !name.is_empty() {
                        says(&name, page.namespace.clone(), &mut index.types);
                    }
                    if typed {
                        identified.insert(i);
                    }
                }
                let stem = page.stem();
                says(&stem, page.namespace.clone(), &mut index.types);
                if let Some((ns_last, name)) = stem.split_once('-') {
                    says(name, Some(format!("microsoft.graph.{ns_last}")), &mut index.types);
                }
                for t in &page.tables {
                    if let Some(col) = t.type_column() {
                        links.extend(t.rows.iter().filter_map(|r| r.cells.get(col)).flat_map(|c| c.links.iter().map(|l| (i, l.clone()))));
                    }
                }
            }
            for p in page.paragraphs.iter().filter(|p| says_inherits(&p.text.text)) {
                links.extend(p.text.links.iter().map(|l| (i, l.clone())));
            }
            for (h, heading) in page.headings.iter().enumerate() {
                let whole = heading.level == 1 && heading.text.to_ascii_lowercase().contains("enum");
                if let Some(name) = enum_heading_name(&heading.text).or_else(|| whole.then(|| title_name(&heading.text).0)) {
                    let section = EnumSection { page: i, heading: if whole { None } else { Some(h) } };
                    index.enums.entry(name).or_default().insert(section);
                }
            }
            if page.path.starts_with("api/") {
                for f in &page.fences {
                    for (method, url, line) in f.requests() {
                        let request = RequestLine { page: i, method, url: url.clone(), line };
                        index.requests.entry(last_segment_name(&url)).or_default().push(request);
                    }
                }
            }
        }
        let by_path: BTreeMap<String, usize> = index.pages.iter().enumerate().map(|(i, p)| (p.path.clone(), i)).collect();
        for (from, link) in links {
            let Some(target) = resolve_link(&index.pages[from].path, &link.target).and_then(|t| by_path.get(&t).copied()) else { continue };
            let name = squash(link.text.rsplit('.').next().unwrap_or(&link.text));
            if !identified.contains(&target) && !name.is_empty() {
                index.types.entry(name).or_default().insert((target, None));
            }
        }
        index
    }

    /// The pages that describe a type (qualified name), in path order.
    pub fn type_pages(&self, qualified: &str) -> Vec<usize> {
        let (ns, name) = qualified.rsplit_once('.').unwrap_or(("", qualified));
        let Some(found) = self.types.get(&name.to_ascii_lowercase()) else { return Vec::new() };
        let mut pages: Vec<usize> =
            found.iter().filter(|(_, n)| n.as_deref().is_none_or(|n| n.eq_ignore_ascii_case(ns))).map(|(p, _)| *p).collect();
        pages.dedup();
        pages
    }

    /// The pages whose title or resource annotation name the type (not
    /// only its stem or a link): they are about that type for sure.
    pub fn names_type(&self, page: usize, qualified: &str) -> bool {
        let p = &self.pages[page];
        let name = qualified.rsplit('.').next().unwrap_or(qualified);
        let by_annotation = p.annotations.iter().any(|a| a.string("@odata.type").is_some_and(|o| o.eq_ignore_ascii_case(qualified)));
        let by_title = p.title().is_some_and(|t| title_name(&t.text).0 == squash(name));
        by_annotation || by_title
    }

    /// The sections that describe an enum (on pages that state no other
    /// namespace than the enum's).
    pub fn enum_sections(&self, qualified: &str) -> Vec<EnumSection> {
        let (ns, name) = qualified.rsplit_once('.').unwrap_or(("", qualified));
        let Some(sections) = self.enums.get(&squash(name)) else { return Vec::new() };
        sections.iter().copied().filter(|s| self.pages[s.page].namespace.as_deref().is_none_or(|n| n.eq_ignore_ascii_case(ns))).collect()
    }

    /// Request lines whose last segment is named `name` (any case).
    pub fn requests_named(&self, name: &str) -> &[RequestLine] {
        self.requests.get(&name.to_ascii_lowercase()).map(Vec::as_slice).unwrap_or(&[])
    }

    pub fn page_by_path(&self, path: &str) -> Option<usize> {
        self.pages.binary_search_by(|p| p.path.as_str().cmp(path)).ok()
    }
}

/// The phrases that introduce a type's base in prose.
pub const INHERITS: [&str; 5] = ["inherits from", "inherited from", "derived from", "derives from", "extends"];

/// Whether a sentence states a base type.
pub fn says_inherits(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    INHERITS.iter().any(|w| lower.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::page_text;

    #[test]
    fn finds_every_page_of_a_type() {
        let pages = vec![
            page_text::read("resources/callrecords-session.md", "# session resource type\n\nNamespace: microsoft.graph.callRecords\n"),
            page_text::read("resources/intune-shared-user.md", "# user resource type\n<!-- {\"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.user\"} -->\n```json\n{}\n```\n"),
            page_text::read("resources/systemfacet.md", "# System facet\n\n|Property|Type|Description|\n|-|-|-|\n|x|[widget](widget-page.md)|y|\n"),
            page_text::read("resources/user.md", "# user resource type\n"),
            page_text::read("resources/widget-page.md", "# Widgets\n\n### color values\n\n|Member|\n|-|\n|red|\n"),
        ];
        let index = PageIndex::new(pages);
        assert_eq!(index.type_pages("microsoft.graph.user"), vec![1, 3]);
        assert_eq!(index.type_pages("microsoft.graph.callRecords.session"), vec![0]);
        assert!(index.type_pages("microsoft.graph.session").is_empty());
        assert_eq!(index.type_pages("microsoft.graph.systemFacet"), vec![2]);
        assert!(index.type_pages("microsoft.graph.system").is_empty());
        // A link's target page whose title names no type.
        assert_eq!(index.type_pages("microsoft.graph.widget"), vec![4]);
        assert_eq!(index.enum_sections("microsoft.graph.color"), vec![EnumSection { page: 4, heading: Some(1) }]);
    }

    #[test]
    fn last_segments() {
        assert_eq!(last_segment_name("/users/{id}/microsoft.graph.assignLicense"), "assignlicense");
        assert_eq!(last_segment_name("/reports/getX(period='D7')?$top=1"), "getx");
        assert_eq!(split_path("/a/{b | c/d}/f(x='1/2')"), vec!["a", "{b | c/d}", "f(x='1/2')"]);
    }
}
