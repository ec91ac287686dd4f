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
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Read;
use std::path::Path;
use std::sync::Arc;

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
        FeatureMap::of_items(&Items::of(schema))
    }

    fn of_items(items: &Items) -> FeatureMap {
        let mut types: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (qn, features) in &items.types {
            for f in features {
                types.entry(f).or_default().push(qn);
            }
        }
        let mut endpoints: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (keys, features) in &items.operations {
            for f in features {
                endpoints.entry(f).or_default().extend(keys.iter().map(String::as_str));
            }
        }
        let mut map = FeatureMap::default();
        for (f, qns) in types {
            map.entry(f.to_owned()).types = qns.into_iter().map(str::to_owned).collect();
        }
        for (f, keys) in endpoints {
            map.entry(f.to_owned()).endpoints = keys.into_iter().map(str::to_owned).collect();
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
        #[derive(Serialize)]
        struct Written<'a> {
            about: &'a str,
            features: &'a BTreeMap<String, Members>,
        }
        let written = Written { about: ABOUT, features: &self.features };
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
    /// `map` as the file's text.
    pub json: Arc<str>,
}

impl Recorded {
    pub fn new(schema: &Schema, previous: Option<&FeatureMap>) -> Recorded {
        let items = Items::of(schema);
        let now = FeatureMap::of_items(&items);
        let Some(previous) = previous else {
            return Recorded { json: now.to_json().into(), map: now, ..Recorded::default() };
        };
        let mut recorded = Recorded::default();
        let type_features: HashMap<&str, &[String]> = items.types.iter().map(|(qn, fs)| (*qn, fs.as_slice())).collect();
        let mut by_endpoint: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, (keys, _)) in items.operations.iter().enumerate() {
            for key in keys {
                by_endpoint.entry(key).or_default().push(i);
            }
        }
        for (name, members) in &previous.features {
            let types = members.types.iter().filter_map(|qn| Some((qn, *type_features.get(qn.as_str())?)));
            let ops = members.endpoints.iter().filter_map(|e| by_endpoint.get(e.as_str())).flatten().map(|&i| (i, &items.operations[i].1));
            if now.features.contains_key(name) {
                for (qn, features) in types {
                    if !features.contains(name) {
                        recorded.types.entry(qn.clone()).or_default().insert(name.clone());
                    }
                }
                for (i, features) in ops {
                    if !features.contains(name) {
                        recorded.operations.entry(i).or_default().insert(name.clone());
                    }
                }
            } else {
                let holders: Vec<&[String]> = types.map(|(_, fs)| fs).chain(ops.map(|(_, fs)| fs.as_slice())).collect();
                recorded.aliases.insert(name.clone(), fewest_covering(&holders));
            }
        }
        recorded.map = now.merged(previous);
        recorded.json = recorded.map.to_json().into();
        recorded
    }
}

/// Few features that together compile every item (each item: the features
/// that compile it), most items first: an alias turns on what its items
/// moved to, not every feature that shares one of them (a type several
/// workloads describe). Greedy, ties by name: deterministic.
fn fewest_covering(items: &[&[String]]) -> BTreeSet<String> {
    let mut chosen = BTreeSet::new();
    let mut left: Vec<&[String]> = items.iter().copied().filter(|fs| !fs.is_empty()).collect();
    while !left.is_empty() {
        let mut counts: BTreeMap<&String, usize> = BTreeMap::new();
        for fs in &left {
            for f in fs.iter() {
                *counts.entry(f).or_default() += 1;
            }
        }
        // The most items; among equals the first name (max_by_key keeps the last).
        let best = counts.iter().rev().max_by_key(|(_, n)| **n).map(|(f, _)| (*f).clone()).expect("items left have features");
        left.retain(|fs| !fs.contains(&best));
        chosen.insert(best);
    }
    chosen
}

/// Each item's identity and features, worked out once.
struct Items<'s> {
    /// Qualified name and features of each type.
    types: Vec<(&'s str, Vec<String>)>,
    /// Endpoints and features of each operation, in schema order.
    operations: Vec<(Vec<String>, Vec<String>)>,
}

impl<'s> Items<'s> {
    fn of(schema: &'s Schema) -> Items<'s> {
        let features = |workloads: &[String]| -> Vec<String> {
            let mut fs: Vec<String> = workloads.iter().map(|w| feature_name(w)).collect();
            fs.sort_unstable();
            fs.dedup();
            fs
        };
        let types = schema.types.iter().map(|(qn, t)| (qn.as_str(), features(&t.workloads))).collect();
        let operations =
            schema.operations.par_iter().map(|op| (op.paths.iter().map(|p| endpoint(op, p)).collect(), features(&op.workloads))).collect();
        Items { types, operations }
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
    fn an_alias_turns_on_few_features() {
        let f = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<Vec<_>>();
        let (a, b, c, d) = (f(&["entra-users", "groups"]), f(&["entra-users"]), f(&["entra-users", "intune-shared"]), f(&["directory"]));
        let chosen: Vec<String> = fewest_covering(&[&a, &b, &c, &d, &[]]).into_iter().collect();
        assert_eq!(chosen, ["directory", "entra-users"]);
        // Ties go to the first name.
        assert_eq!(fewest_covering(&[&f(&["b", "a"])]).into_iter().collect::<Vec<_>>(), ["a"]);
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
