//! `graphgen generate --check`: is the committed output what the docs give?

use super::{compare_tree, Comparison, OutputError};
use std::collections::BTreeMap;
use std::path::Path;

/// How the output on disk differs from what generation would write.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Staleness {
    /// Would be created (missing on disk).
    pub missing: Vec<String>,
    /// Differ in content.
    pub changed: Vec<String>,
    /// On disk but no longer generated.
    pub extra: Vec<String>,
}

impl Staleness {
    pub fn is_fresh(&self) -> bool {
        self.missing.is_empty() && self.changed.is_empty() && self.extra.is_empty()
    }

    /// One line per file: `missing: path`, `changed: path`, `extra: path`.
    pub fn lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        out.extend(self.missing.iter().map(|p| format!("missing: {p}")));
        out.extend(self.changed.iter().map(|p| format!("changed: {p}")));
        out.extend(self.extra.iter().map(|p| format!("extra:   {p}")));
        out
    }
}

/// Compare `files` with the tree under `out` without writing anything.
pub fn check<T: AsRef<str> + Sync>(out: &Path, files: &BTreeMap<String, T>) -> Result<Staleness, OutputError> {
    let Comparison { missing, changed, extra, .. } = compare_tree(out, files)?;
    Ok(Staleness { missing, changed, extra })
}
