//! The API version a docs folder describes (`beta`, `v1.0`): the generated
//! client's default, so an SDK generated from the v1.0 reference calls v1.0.
//!
//! The folder's name may be anything (a checkout, a temp folder), so the
//! first witness is what the pages themselves show: the example requests'
//! absolute URLs (`GET https://graph.microsoft.com/beta/me`), whose first
//! path segment is the version. The version most of them name is taken
//! when at least [`CLEAR_SHARE`] of the URLs that name one agree. Only when
//! no example names a version does the folder's name count (`beta`,
//! `v1.0`, `v2`...). Anything else (no witness, or examples split) leaves
//! the version unknown, with an `api-version` diagnostic, and the client
//! keeps the runtime's default; `--api-version` / `Builder::api_version`
//! set it whatever the docs say.

use crate::diagnostics::{DiagnosticKind, Diagnostics};
use crate::schema::{ExampleDirection, Schema, Source};
use std::collections::BTreeMap;
use std::path::Path;

/// The share of versioned example URLs that must agree: nine in ten.
pub const CLEAR_SHARE: f64 = 0.9;

/// Versions the generated client can be set to (the runtime's `ApiVersion`).
pub const KNOWN: [&str; 2] = ["beta", "v1.0"];

/// `beta`, `v1.0`, `v2`: the spellings a version segment has.
pub fn is_version(segment: &str) -> bool {
    segment.eq_ignore_ascii_case("beta")
        || segment
            .strip_prefix(['v', 'V'])
            .is_some_and(|rest| !rest.is_empty() && rest.split('.').all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())))
}

/// The version segment of an absolute example URL (`https://host/beta/me` → `beta`).
fn version_of_url(url: &str) -> Option<String> {
    let (_, rest) = url.trim().split_once("://")?;
    let first = rest.split('/').nth(1)?;
    let first = first.split(['?', '#']).next()?;
    is_version(first).then(|| first.to_ascii_lowercase())
}

/// What decided the version, for messages and tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Evidence {
    /// `agreeing` of `counted` versioned example URLs name it.
    Examples { agreeing: usize, counted: usize },
    /// The docs folder's name.
    FolderName,
    /// Set by the caller.
    Given,
}

/// The version of `schema` read from `docs`, or why it is unclear (a
/// diagnostic in `diags`).
pub fn detect(schema: &Schema, docs: &Path, diags: &mut Diagnostics) -> Option<(String, Evidence)> {
    let mut counts: BTreeMap<String, (usize, Source)> = BTreeMap::new();
    for op in &schema.operations {
        for ex in op.examples.iter().filter(|e| e.direction == ExampleDirection::Request) {
            if let Some(v) = ex.url.as_deref().and_then(version_of_url) {
                counts.entry(v).or_insert((0, ex.source.clone())).0 += 1;
            }
        }
    }
    let counted: usize = counts.values().map(|(n, _)| n).sum();
    let folder = docs
        .canonicalize()
        .ok()
        .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
        .or_else(|| docs.file_name().map(|n| n.to_string_lossy().into_owned()))
        .filter(|name| is_version(name))
        .map(|name| name.to_ascii_lowercase());
    if counted == 0 {
        return match folder {
            Some(name) => Some((name, Evidence::FolderName)),
            None => {
                diags.report(
                    "",
                    0,
                    DiagnosticKind::ApiVersion,
                    "no example request names an API version and the docs folder's name is none; the client keeps the runtime's default (set one with --api-version)",
                );
                None
            }
        };
    }
    let (top, (agreeing, _)) = counts.iter().max_by_key(|(v, (n, _))| (*n, std::cmp::Reverse(v.as_str()))).expect("counted > 0");
    let (top, agreeing) = (top.clone(), *agreeing);
    if (agreeing as f64) < CLEAR_SHARE * counted as f64 {
        let (other, (n, source)) = counts.iter().filter(|(v, _)| **v != top).max_by_key(|(_, (n, _))| *n).expect("split");
        diags.report(
            &source.file,
            source.line,
            DiagnosticKind::ApiVersion,
            format!(
                "example requests name API versions `{top}` ({agreeing}) and `{other}` ({n}) of {counted}: unclear, so the client keeps the runtime's default (set one with --api-version)"
            ),
        );
        return None;
    }
    if let Some(name) = folder.filter(|name| *name != top) {
        diags.report(
            "",
            0,
            DiagnosticKind::ApiVersion,
            format!("the docs folder is named `{name}` but {agreeing} of {counted} example requests call `{top}`; `{top}` is taken"),
        );
    }
    Some((top, Evidence::Examples { agreeing, counted }))
}

/// A version given by the user, checked: one the client can be set to.
pub fn parse_given(version: &str) -> Result<String, String> {
    let lower = version.trim().to_ascii_lowercase();
    match KNOWN.contains(&lower.as_str()) {
        true => Ok(lower),
        false => Err(format!("unknown API version `{version}`: expected one of {}", KNOWN.join(", "))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_segments() {
        for v in ["beta", "v1.0", "V2", "v1.10"] {
            assert!(is_version(v), "{v}");
        }
        for v in ["users", "v", "v1.", "version1", ""] {
            assert!(!is_version(v), "{v}");
        }
        assert_eq!(version_of_url("https://graph.microsoft.com/beta/me").as_deref(), Some("beta"));
        assert_eq!(version_of_url("https://graph.microsoft.com/v1.0/users?$top=1").as_deref(), Some("v1.0"));
        assert_eq!(version_of_url("https://graph.microsoft.com/me"), None);
        assert_eq!(version_of_url("/me"), None);
    }
}
