//! Docs names to Rust identifiers.
//!
//! Docs names are camelCase wire names that may start with a digit, contain
//! `@`, `.`, `-` or `$`, or be Rust keywords. Every name goes through
//! [`snake`] or [`camel`] (sanitize, then heck), and then [`ident`], which
//! turns keywords into raw identifiers (`r#type`) or, for the few keywords
//! that cannot be raw (`self`, `Self`, `super`, `crate`, `_`), appends `_`.
//! Collisions inside one scope are resolved by a [`NameScope`], in the
//! deterministic order callers feed names in.

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};
use std::collections::BTreeSet;

/// Strict, reserved and edition-dependent keywords (2015 through 2024).
const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for", "if", "impl", "in",
    "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self", "static", "struct", "super",
    "trait", "true", "type", "unsafe", "use", "where", "while", "async", "await", "dyn", "abstract", "become", "box",
    "do", "final", "macro", "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen", "union",
];

/// Keywords that `r#` cannot escape.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Replace everything that cannot appear in an identifier with `_`, and drop
/// the `$` of OData system names (`$value` -> `value`).
fn sanitize(name: &str) -> String {
    let trimmed = name.trim().trim_start_matches('$');
    trimmed.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect()
}

/// `fooBar`, `foo-bar`, `@odata.type` -> `foo_bar`, `odata_type`. Never empty;
/// a leading digit gets a `_` prefix (`1080p` -> `_1080p`).
pub fn snake(name: &str) -> String {
    let s = sanitize(name).to_snake_case();
    if s.is_empty() {
        return "unnamed".to_owned();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        return format!("_{s}");
    }
    s
}

/// `fooBar`, `foo-bar` -> `FooBar`. Never empty; a leading digit gets an `N`
/// prefix (`1080p` -> `N1080p`).
pub fn camel(name: &str) -> String {
    let s = sanitize(name).to_upper_camel_case();
    if s.is_empty() {
        return "Unnamed".to_owned();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        return format!("N{s}");
    }
    s
}

/// Make a (snake or camel) name a usable identifier string: keywords become
/// raw (`r#type`) or, where raw is impossible, get a `_` suffix.
pub fn escape(name: &str) -> String {
    if NOT_RAW.contains(&name) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name) {
        format!("r#{name}")
    } else {
        name.to_owned()
    }
}

/// An identifier token for a name already made by [`snake`]/[`camel`] (and
/// possibly de-duplicated): keywords are escaped here.
pub fn ident(name: &str) -> Ident {
    let escaped = escape(name);
    match escaped.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(&escaped, Span::call_site()),
    }
}

/// The names taken in one Rust scope (fields of a struct, variants of an
/// enum, methods of a builder, items of a module).
#[derive(Debug, Default, Clone)]
pub struct NameScope {
    taken: BTreeSet<String>,
}

impl NameScope {
    pub fn new() -> Self {
        NameScope::default()
    }

    /// Mark names as used (e.g. fields every model has).
    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(name.to_owned());
    }

    pub fn is_taken(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    /// Take `wanted`, or the first free `wanted2`, `wanted3`, ... (with a `_`
    /// before the number for snake names). Returns the name and whether it
    /// had to change.
    pub fn claim(&mut self, wanted: &str) -> (String, bool) {
        if self.taken.insert(wanted.to_owned()) {
            return (wanted.to_owned(), false);
        }
        let snake_like = wanted.chars().next().is_some_and(|c| c.is_ascii_lowercase() || c == '_');
        let mut n = 2;
        loop {
            let candidate = if snake_like { format!("{wanted}_{n}") } else { format!("{wanted}{n}") };
            if self.taken.insert(candidate.clone()) {
                return (candidate, true);
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_sanitized_and_cased() {
        assert_eq!(snake("importedWindowsAutopilotDeviceIdentities"), "imported_windows_autopilot_device_identities");
        assert_eq!(snake("@odata.type"), "odata_type");
        assert_eq!(snake("$value"), "value");
        assert_eq!(snake("1stPlace"), "_1st_place");
        assert_eq!(camel("1080p"), "N1080p");
        assert_eq!(camel("foo-bar"), "FooBar");
        assert_eq!(snake("!!"), "unnamed");
    }

    #[test]
    fn keywords_are_escaped() {
        assert_eq!(ident("type").to_string(), "r#type");
        assert_eq!(ident("gen").to_string(), "r#gen");
        assert_eq!(ident("self").to_string(), "self_");
        assert_eq!(ident("Self").to_string(), "Self_");
        assert_eq!(ident("name").to_string(), "name");
    }

    #[test]
    fn scope_suffixes_collisions() {
        let mut scope = NameScope::new();
        assert_eq!(scope.claim("foo_bar"), ("foo_bar".into(), false));
        assert_eq!(scope.claim("foo_bar"), ("foo_bar_2".into(), true));
        assert_eq!(scope.claim("Active"), ("Active".into(), false));
        assert_eq!(scope.claim("Active"), ("Active2".into(), true));
    }
}
