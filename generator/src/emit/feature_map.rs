//! The features map (`graphgen-features.json`): which items each cargo
//! feature of a generated crate has compiled, kept from one generation to
//! the next so that a feature name keeps working when the docs rename it.
//!
//! Why a record and not a cleverer naming rule: a workload's name comes from
//! front matter, and front matter is renamed with no regard for the SDK (the
//! reference moved from `ms.prod: users` to `ms.subservice: entra-users`,
//! from `microsoft-teams` to `teams`). Nothing in a page says what it was
//! called before, and the API surface (URL roots) is too coarse to name
//! features by (most of Graph hangs off `/users` and `/deviceManagement`).
//! So the generated crate records, like a lock file, the items (types by
//! qualified name, operations by endpoint) each feature name has held, and
//! the next generation reads that record back:
//! - a recorded name that is still a workload also compiles every item it
//!   held before, wherever the docs have moved it since (its gate names
//!   the feature);
//! - a recorded name that is no longer a workload becomes an alias feature
//!   that turns on every feature now holding one of its items;
//! - the new record is the old one plus what each workload holds now.
//!
//! So enabling a feature by any name it ever had compiles at least what it
//! compiled before (as long as the items exist), and one resource is never
//! split away from a name by a front matter change. Entries are never
//! dropped by a regeneration (an item removed from the API simply names
//! nothing); deleting an entry from the file is how a maintainer retires a
//! name.

use super::features::{feature_name, OWN_FEATURES};
use crate::schema::merge_operations::path_key;
use crate::schema::{Operation, PathTemplate, Schema};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::Path;

/// The map's file name, at the root of the generated crate.
pub const FILE: &str = "graphgen-features.json";

/// A map larger than this is not one graphgen wrote (the whole beta
/// reference records about 1 MiB).
const MAX_BYTES: u64 = 64 << 20;

const ABOUT: &str = "Written by graphgen: the items each cargo feature of this crate has compiled. \
graphgen reads it back when it regenerates the crate, so a feature keeps compiling its items (or \
becomes an alias of the features that now do) when the docs rename a workload. Delete an entry to \
retire a name.";

/// The record: feature name -> the items it has held.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeatureMap {
    #[serde(default, skip_deserializing)]
    about: String,
    pub features: BTreeMap<String, Members>,
}

/// Items of one feature, by identities that survive page renames: types by
/// qualified name, operations by endpoint (`GET /users/{}/messages`: method
/// and path, placeholders alike, names without case, see [`endpoint`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Members {
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub types: BTreeSet<String>,
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub endpoints: BTreeSet<String>,
}

/// An endpoint's identity in the map: the method and the path with
/// placeholders alike and names without case (as pages on one endpoint are
/// matched, [`crate::schema::merge_operations`]).
pub fn endpoint(op: &Operation, path: &PathTemplate) -> String {
    format!("{} {}", op.method.as_str(), path_key(&path.segments))
}

impl FeatureMap {
    /// What each workload of `schema` holds, as the docs say (its pages'
    /// front matter), without any earlier record.
    pub fn of_schema(schema: &Schema) -> FeatureMap {
        let mut map = FeatureMap::default();
        for (qn, t) in &schema.types {
            for w in &t.workloads {
                map.entry(feature_name(w)).types.insert(qn.clone());
            }
        }
        for op in &schema.operations {
            for w in &op.workloads {
                let members = map.entry(feature_name(w));
                members.endpoints.extend(op.paths.iter().map(|p| endpoint(op, p)));
            }
        }
        map
    }

    fn entry(&mut self, feature: String) -> &mut Members {
        self.features.entry(feature).or_default()
    }

    /// Both records: every name of either, with the items of both.
    pub fn merged(mut self, other: &FeatureMap) -> FeatureMap {
        for (name, members) in &other.features {
            let mine = self.entry(name.clone());
            mine.types.extend(members.types.iter().cloned());
            mine.endpoints.extend(members.endpoints.iter().cloned());
        }
        self
    }

    /// The file's text: pretty JSON, one item per line, sorted.
    pub fn to_json(&self) -> String {
        let written = FeatureMap { about: ABOUT.to_owned(), features: self.features.clone() };
        let mut text = serde_json::to_string_pretty(&written).expect("a features map serializes");
        text.push('\n');
        text
    }

    /// Parse a map; a name that could not be a feature of the crate is an
    /// error (the file is edited by hand, and a name silently skipped would
    /// be a feature silently gone).
    pub fn from_json(text: &str) -> Result<FeatureMap, String> {
        let map: FeatureMap = serde_json::from_str(text).map_err(|e| format!("not a features map: {e}"))?;
        for name in map.features.keys() {
            let usable = feature_name(name) == *name
                && !OWN_FEATURES.contains(&name.as_str())
                && name.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_');
            if !usable {
                return Err(format!(
                    "`{}` cannot be a cargo feature of the generated crate (lowercase letters, digits, `-` and `_`, not `default` or `full`)",
                    crate::printable::printable(name)
                ));
            }
        }
        Ok(map)
    }

    /// The map at `path`: `None` when there is no file.
    pub fn read(path: &Path) -> Result<Option<FeatureMap>, String> {
        let shown = || crate::printable::printable_os(path.as_os_str());
        let file = match std::fs::File::open(path) {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(format!("{}: {e}", shown())),
        };
        let meta = file.metadata().map_err(|e| format!("{}: {e}", shown()))?;
        if !meta.is_file() {
            return Err(format!("{}: not a regular file", shown()));
        }
        if meta.len() > MAX_BYTES {
            return Err(format!("{}: larger than {} MiB, not a features map", shown(), MAX_BYTES >> 20));
        }
        let mut text = String::new();
        file.take(MAX_BYTES).read_to_string(&mut text).map_err(|e| format!("{}: {e}", shown()))?;
        FeatureMap::from_json(&text).map(Some).map_err(|e| format!("{}: {e}", shown()))
    }
}

/// What an earlier record adds to a generation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recorded {
    /// Type -> recorded features (that are still workloads) the docs no
    /// longer put it in.
    pub types: BTreeMap<String, BTreeSet<String>>,
    /// Operation (index) -> the same.
    pub operations: BTreeMap<usize, BTreeSet<String>>,
    /// Recorded names that are no longer workloads -> the features that now
    /// hold one of their items.
    pub aliases: BTreeMap<String, BTreeSet<String>>,
    /// The record to write: the earlier one plus what each workload holds now.
    pub map: FeatureMap,
}

impl Recorded {
    pub fn new(schema: &Schema, previous: Option<&FeatureMap>) -> Recorded {
        let now = FeatureMap::of_schema(schema);
        let Some(previous) = previous else {
            return Recorded { map: now, ..Recorded::default() };
        };
        let mut recorded = Recorded::default();
        let mut by_endpoint: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, op) in schema.operations.iter().enumerate() {
            for p in &op.paths {
                by_endpoint.entry(endpoint(op, p)).or_default().push(i);
            }
        }
        let docs_features = |qn: &str| -> BTreeSet<String> {
            schema.types.get(qn).map(|t| t.workloads.iter().map(|w| feature_name(w)).collect()).unwrap_or_default()
        };
        let op_features = |i: usize| -> BTreeSet<String> { schema.operations[i].workloads.iter().map(|w| feature_name(w)).collect() };
        for (name, members) in &previous.features {
            let ops = members.endpoints.iter().filter_map(|e| by_endpoint.get(e)).flatten().copied();
            let types = members.types.iter().filter(|qn| schema.types.contains_key(qn.as_str()));
            if now.features.contains_key(name) {
                for qn in types {
                    if !docs_features(qn).contains(name) {
                        recorded.types.entry(qn.clone()).or_default().insert(name.clone());
                    }
                }
                for i in ops {
                    if !op_features(i).contains(name) {
                        recorded.operations.entry(i).or_default().insert(name.clone());
                    }
                }
            } else {
                let mut targets: BTreeSet<String> = types.flat_map(|qn| docs_features(qn)).collect();
                targets.extend(ops.flat_map(op_features));
                recorded.aliases.insert(name.clone(), targets);
            }
        }
        recorded.map = now.merged(previous);
        recorded
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_cannot_be_features_are_refused() {
        for bad in ["Users", "default", "full", "-x", "a b", ""] {
            let text = format!(r#"{{"features": {{"{bad}": {{}}}}}}"#);
            assert!(FeatureMap::from_json(&text).is_err(), "{bad}");
        }
        let map = FeatureMap::from_json(r#"{"about": "x", "features": {"users": {"types": ["microsoft.graph.user"]}}}"#).unwrap();
        assert_eq!(map.features["users"].types.len(), 1);
        assert!(FeatureMap::from_json("[1]").is_err());
    }

    #[test]
    fn the_written_text_reads_back() {
        let mut map = FeatureMap::default();
        map.entry("users".into()).types.insert("microsoft.graph.user".into());
        map.entry("users".into()).endpoints.insert("GET /users".into());
        let back = FeatureMap::from_json(&map.to_json()).unwrap();
        assert_eq!(back.features, map.features);
    }
}
