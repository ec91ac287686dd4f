//! The workload (cargo feature) of a page.
//!
//! Read from `ms.subservice` (newer pages) or `ms.prod`, normalized to
//! kebab case. Areas within a product are told apart by the file stem: a
//! stem `<prod>-<area>-<rest...>` with three or more dash parts (Intune's
//! `intune-enrollment-importedwindowsautopilotdeviceidentity-import`) puts
//! the page in `<prod>-<area>`.
//!
//! The same value names the same workload under either key. Values are
//! renamed between docs versions (`users` became `entra-users`); the
//! generated crate's features map keeps earlier names working
//! ([`crate::emit::feature_map`]), since no rule on today's pages can know
//! yesterday's names.

use crate::markdown::Page;

/// Lowercase kebab case: runs of anything but letters and digits become one `-`.
pub fn kebab(s: &str) -> String {
    let mut out = String::new();
    for c in s.trim().chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// File stem of a page path (`api/user-list.md` -> `user-list`).
pub fn stem(path: &str) -> &str {
    let file = path.rsplit('/').next().unwrap_or(path);
    file.strip_suffix(".md").unwrap_or(file)
}

/// The workload from front matter and file stem, when the page names one.
pub fn of_page(page: &Page) -> Option<String> {
    let raw = [page.front("ms.subservice"), page.front("ms.prod")]
        .into_iter()
        .flatten()
        .map(kebab)
        .find(|w| !w.is_empty())?;
    Some(refine(&raw, &stem(&page.path).to_ascii_lowercase()))
}

/// `<prod>-<area>` when the stem is `<prod>-<area>-<more>...`.
fn refine(product: &str, stem: &str) -> String {
    if let Some(rest) = stem.strip_prefix(product).and_then(|r| r.strip_prefix('-')) {
        let parts: Vec<&str> = rest.split('-').collect();
        if parts.len() >= 2 && !parts[0].is_empty() {
            return format!("{product}-{}", kebab(parts[0]));
        }
    }
    product.to_string()
}

/// Fallback for operations: the first literal of the first path.
pub fn from_path(path: &str) -> Option<String> {
    let first = path.trim_start_matches('/').split(['/', '(', '?']).next()?;
    let w = kebab(first);
    if w.is_empty() {
        None
    } else {
        Some(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str, fm: &[(&str, &str)]) -> Page {
        let mut p = Page { path: path.to_string(), ..Page::default() };
        for (k, v) in fm {
            p.front_matter.insert(k.to_string(), (v.to_string(), 1));
        }
        p
    }

    #[test]
    fn product_area_and_subservice() {
        assert_eq!(of_page(&page("api/widgets-gear-thing-get.md", &[("ms.prod", "widgets")])).as_deref(), Some("widgets-gear"));
        assert_eq!(of_page(&page("resources/widgets-gear-thing.md", &[("ms.prod", "widgets")])).as_deref(), Some("widgets-gear"));
        // Two parts after the product is not enough evidence of an area.
        assert_eq!(of_page(&page("api/widgets-get.md", &[("ms.prod", "widgets")])).as_deref(), Some("widgets"));
        assert_eq!(of_page(&page("api/thing-get.md", &[("ms.prod", "Share Point")])).as_deref(), Some("share-point"));
        assert_eq!(
            of_page(&page("api/thing-get.md", &[("ms.subservice", "entra-users"), ("ms.prod", "x")])).as_deref(),
            Some("entra-users")
        );
        assert_eq!(of_page(&page("api/thing-get.md", &[("ms.prod", "")])), None);
        // Either key, one workload (the stem refinement included).
        for key in ["ms.prod", "ms.subservice"] {
            assert_eq!(of_page(&page("api/widgets-gear-thing-get.md", &[(key, "Widgets")])).as_deref(), Some("widgets-gear"), "{key}");
        }
        assert_eq!(from_path("/deviceManagement/x").as_deref(), Some("devicemanagement"));
    }
}
