//! Docs text to rustdoc markdown that renders as the page meant it and
//! gives rustdoc nothing to warn about.
//!
//! The schema holds descriptions as plain text (markup removed) with the
//! links of the cell beside them. Written into a doc comment as is, plain
//! text is read as markdown again: `Bearer <token>` becomes an unclosed
//! HTML tag, `["a@b.com"]` an intra-doc link, `https://...` a bare URL. So:
//! - markdown's active characters (`<`, `>`, `[`, `]`, `` ` ``, a `\`
//!   before punctuation, a leading `#`) are escaped;
//! - bare URLs become autolinks (`<https://...>`);
//! - each link of the cell is put back around its text, its target made a
//!   URL of the published reference ([`link_url`]); a target that leads
//!   nowhere published (an include, a file outside the docs) leaves the
//!   text alone. The schema keeps a link's text, not its position: the link
//!   goes around the first occurrence of that text after the previous link,
//!   which is the link itself unless the same words come earlier in the
//!   sentence.

use crate::schema::DocLink;

/// Where the published reference lives.
const REFERENCE_HOST: &str = "https://learn.microsoft.com";

/// Plain text made safe for a doc comment.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut rest = text;
    while let Some(at) = find_url(rest) {
        escape_into(&rest[..at], &mut out);
        let end = url_end(&rest[at..]);
        out.push('<');
        out.push_str(&rest[at..at + end]);
        out.push('>');
        rest = &rest[at + end..];
    }
    escape_into(rest, &mut out);
    if out.starts_with('#') {
        out.insert(0, '\\');
    }
    out
}

/// `text` with each of `links` put back around the first occurrence of its
/// text (in order, after the previous one), everything else escaped.
/// Relative targets are resolved against `page`; `view` is the reference's
/// version (`graph-rest-beta`).
pub fn linked(text: &str, links: &[DocLink], page: &str, view: Option<&str>) -> String {
    let mut out = String::with_capacity(text.len() + links.len() * 64);
    let mut rest = text;
    for link in links {
        let visible = link.text.trim();
        if visible.is_empty() {
            continue;
        }
        let Some(at) = rest.find(visible) else { continue };
        let Some(url) = link_url(page, &link.target, view) else { continue };
        out.push_str(&escape(&rest[..at]));
        if visible == link.target || visible == url {
            // `[x](x)` is what rustdoc calls a redundant link.
            out.push('<');
            out.push_str(&url);
            out.push('>');
        } else {
            out.push('[');
            escape_into(visible, &mut out);
            out.push_str("](");
            out.push_str(&url);
            out.push(')');
        }
        rest = &rest[at + visible.len()..];
    }
    out.push_str(&escape(rest));
    if out.starts_with('#') {
        out.insert(0, '\\');
    }
    out
}

/// The published page of a docs page: `api/user-get.md` is
/// `https://learn.microsoft.com/graph/api/user-get?view=graph-rest-beta`,
/// `resources/user.md` is `.../graph/api/resources/user?...`. `None` for
/// pages outside `api/` and `resources/`.
pub fn reference_url(page: &str, view: Option<&str>) -> Option<String> {
    let page = page.trim_start_matches("./");
    let (dir, file) = page.rsplit_once('/').unwrap_or(("", page));
    let stem = file.strip_suffix(".md")?;
    if !is_url_safe(stem) {
        return None;
    }
    let path = match dir {
        "api" => format!("/graph/api/{stem}"),
        "resources" => format!("/graph/api/resources/{stem}"),
        "concepts" => format!("/graph/{stem}"),
        _ => return None,
    };
    let query = view.filter(|_| dir != "concepts").map(|v| format!("?view={v}")).unwrap_or_default();
    Some(format!("{REFERENCE_HOST}{path}{query}"))
}

/// A link target as written on `page`, as a URL: absolute URLs as they
/// are, site paths (`/graph/auth/...`) on the reference's host, relative
/// `.md` targets as their published page (with `#anchor` kept), `#anchor`
/// on the page itself. `None` when the target leads nowhere published.
pub fn link_url(page: &str, target: &str, view: Option<&str>) -> Option<String> {
    let target = target.trim();
    if target.is_empty() || target.contains(char::is_whitespace) || target.contains(['<', '>', '(', ')', '"']) {
        return None;
    }
    let lower = target.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        return Some(target.to_owned());
    }
    if lower.contains(':') {
        // mailto:, javascript:, and anything else that is not a page.
        return None;
    }
    if target.starts_with('/') {
        // A site path sometimes keeps its source file's `.md`; the page has none.
        let (path, anchor) = target.split_once('#').map_or((target, String::new()), |(p, a)| (p, format!("#{a}")));
        let path = path.strip_suffix(".md").unwrap_or(path);
        return (is_url_safe(path) && is_url_safe(&anchor[anchor.len().min(1)..])).then(|| format!("{REFERENCE_HOST}{path}{anchor}"));
    }
    let (path, anchor) = target.split_once('#').unwrap_or((target, ""));
    let anchor = if anchor.is_empty() { String::new() } else if is_url_safe(anchor) { format!("#{anchor}") } else { return None };
    if path.is_empty() {
        return Some(format!("{}{anchor}", reference_url(page, view)?));
    }
    let (path, _query) = path.split_once('?').unwrap_or((path, ""));
    let joined = join(page, path)?;
    Some(format!("{}{anchor}", reference_url(&joined, view)?))
}

/// `page`'s folder joined with a relative `target`, `..` resolved; `None`
/// when it climbs out of the docs root.
fn join(page: &str, target: &str) -> Option<String> {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for part in target.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// Characters a URL path, query or anchor may hold as written.
fn is_url_safe(s: &str) -> bool {
    s.chars().all(|c| c.is_ascii_alphanumeric() || "-._~/%=&?+!$',;:@*".contains(c))
}

fn escape_into(text: &str, out: &mut String) {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '<' | '>' | '[' | ']' | '`' => {
                out.push('\\');
                out.push(c);
            }
            // A backslash escapes the punctuation after it: keep it literal.
            '\\' if chars.peek().is_some_and(|n| n.is_ascii_punctuation()) => out.push_str("\\\\"),
            _ => out.push(c),
        }
    }
}

/// The first `http://` or `https://` that starts a word.
fn find_url(text: &str) -> Option<usize> {
    let lower = text.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find("http").map(|i| i + from) {
        let starts_word = !matches!(text[..i].chars().next_back(), Some(c) if c.is_alphanumeric());
        if starts_word && (lower[i..].starts_with("https://") || lower[i..].starts_with("http://")) && url_end(&text[i..]) > "https://".len() {
            return Some(i);
        }
        from = i + 4;
    }
    None
}

/// Where a URL that starts `text` ends: at whitespace or a character an
/// autolink cannot hold, without the sentence's trailing punctuation.
fn url_end(text: &str) -> usize {
    let end = text.find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`' | '[' | ']')).unwrap_or(text.len());
    let trimmed = text[..end].trim_end_matches(['.', ',', ';', ':', ')', '!', '?', '\'', '*']);
    trimmed.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(text: &str, target: &str) -> DocLink {
        DocLink { text: text.into(), target: target.into() }
    }

    #[test]
    fn active_markdown_is_escaped_and_bare_urls_become_autolinks() {
        assert_eq!(escape("Bearer <token>. Required."), "Bearer \\<token\\>. Required.");
        assert_eq!(escape(r#"For example: ["bob@contoso.com"]"#), r#"For example: \["bob@contoso.com"\]"#);
        assert_eq!(escape("See https://www.contoso.com/app/marketing."), "See <https://www.contoso.com/app/marketing>.");
        assert_eq!(escape("# not a heading"), "\\# not a heading");
        assert_eq!(escape("domain\\user and a\\*b"), "domain\\user and a\\\\*b");
        assert_eq!(escape("httpbin or http:// alone"), "httpbin or http:// alone");
    }

    #[test]
    fn links_point_at_the_published_reference() {
        let beta = Some("graph-rest-beta");
        let page = "resources/message.md";
        assert_eq!(link_url(page, "../resources/user.md", beta).unwrap(), "https://learn.microsoft.com/graph/api/resources/user?view=graph-rest-beta");
        assert_eq!(link_url(page, "../api/user-get.md#request", beta).unwrap(), "https://learn.microsoft.com/graph/api/user-get?view=graph-rest-beta#request");
        assert_eq!(link_url("api/a.md", "user-get.md", None).unwrap(), "https://learn.microsoft.com/graph/api/user-get");
        assert_eq!(link_url(page, "/graph/auth/auth-concepts", beta).unwrap(), "https://learn.microsoft.com/graph/auth/auth-concepts");
        assert_eq!(link_url(page, "/graph/outlook-share.md#top", beta).unwrap(), "https://learn.microsoft.com/graph/outlook-share#top");
        assert_eq!(link_url(page, "#properties", beta).unwrap(), "https://learn.microsoft.com/graph/api/resources/message?view=graph-rest-beta#properties");
        assert_eq!(link_url(page, "https://aka.ms/x", beta).unwrap(), "https://aka.ms/x");
        assert_eq!(link_url(page, "../../includes/outlook-beta-id.md", beta), None, "outside the docs");
        assert_eq!(link_url(page, "../includes/x.md", beta), None, "not a published page");
        assert_eq!(link_url(page, "javascript:alert(1)", beta), None);
    }

    #[test]
    fn links_are_put_back_around_their_text() {
        let links = [link("user", "../resources/user.md"), link("[x]", "../../includes/x.md"), link("https://aka.ms/a", "https://aka.ms/a")];
        let got = linked("The [x] owner: a user. See https://aka.ms/a.", &links, "resources/group.md", None);
        assert_eq!(got, "The \\[x\\] owner: a [user](https://learn.microsoft.com/graph/api/resources/user). See <https://aka.ms/a>.");
    }
}
