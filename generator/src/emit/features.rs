//! Cargo features: one per workload, and which items each one needs.
//!
//! The closure of a workload starts from its operations (bodies, parameters,
//! responses) and its own types, and follows properties and base types. A
//! reference through a polymorphic enum (`Any<Base>`) needs the base type
//! and the enum, but not the derived types: each derived variant is gated by
//! its own type's features ([`Features::variant_gate`]), so a workload gets
//! the variants of the derived types it reaches for other reasons (its own
//! types, its operations' bodies and responses, properties) and no others.
//!
//! Why: following every derived type made one polymorphic property pull in
//! whole hierarchies (and their properties' hierarchies), so a single
//! workload compiled most of the crate (the Intune enrollment feature: 602
//! of 3156 types, 40 s and 1.5 GB to check; now 68 items, 6 s, 0.3 GB).
//! Nothing is lost: a value whose variant is missing decodes as the base
//! struct, which keeps its `@odata.type` and every other member in
//! `odata_type` and `additional_properties`, so it encodes back as it came.
//! Since another feature can add variants, the enums are `#[non_exhaustive]`
//! (features stay additive). Struct and enum are tracked separately so that
//! a workload that only extends a base type does not compile the enum.

use super::catalog::Catalog;
use super::feature_map::{FeatureMap, Recorded};
use super::request_tree::Node;
use crate::schema::{Operation, Schema, TypeRef, TypeTarget};
use proc_macro2::TokenStream;
use quote::quote;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// The features the generated `Cargo.toml` defines besides the workloads'
/// (see `cargo_toml.rs`): `default` (cargo's own) turns on `full`, which
/// turns on every workload.
pub const OWN_FEATURES: [&str; 2] = ["default", "full"];

/// A workload name as a cargo feature name: lowercase ASCII letters, digits,
/// `-` and `_`; anything else becomes `-`. An empty workload is `other`.
/// A workload whose name is one of [`OWN_FEATURES`] (`ms.prod: Default`)
/// gets `-workload` appended: the manifest would otherwise define that key
/// twice and not parse, or make a workload the default.
pub fn feature_name(workload: &str) -> String {
    let name: String = workload
        .trim()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '_' || c == '-' { c.to_ascii_lowercase() } else { '-' })
        .collect();
    if name.is_empty() {
        "other".to_owned()
    } else if OWN_FEATURES.contains(&name.as_str()) {
        format!("{name}-workload")
    } else {
        name
    }
}

/// When an item is compiled: always (`None`), or under any of these features.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Gate(pub Option<BTreeSet<String>>);

impl Gate {
    pub fn always() -> Gate {
        Gate(None)
    }

    pub fn features(set: BTreeSet<String>) -> Gate {
        Gate(Some(set))
    }

    /// Both items' features (for a parent of gated children).
    pub fn union(&mut self, other: &Gate) {
        match (&mut self.0, &other.0) {
            (Some(mine), Some(theirs)) => mine.extend(theirs.iter().cloned()),
            (mine, _) => *mine = None,
        }
    }

    /// Whether an item with this gate is compiled whenever its enclosing
    /// item (gated by `enclosing`) is, so its own `cfg` would say nothing.
    pub fn implied_by(&self, enclosing: &Gate) -> bool {
        match (&self.0, &enclosing.0) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(mine), Some(outer)) => outer.is_subset(mine),
        }
    }

    /// The `cfg` attribute of an item inside one gated by `enclosing`:
    /// nothing when that one's already decides.
    pub fn attr_within(&self, enclosing: &Gate) -> TokenStream {
        if self.implied_by(enclosing) {
            TokenStream::new()
        } else {
            self.attr()
        }
    }

    /// `#[cfg(...)]`, or nothing when always compiled.
    /// [`Gate::attr`] as token text, made without tokens (feature names are
    /// plain ASCII, see [`feature_name`]).
    pub fn attr_text(&self) -> String {
        match &self.0 {
            None => String::new(),
            Some(set) if set.len() == 1 => format!("#[cfg(feature = {:?})]", set.iter().next().expect("one feature")),
            Some(set) => {
                let fs: Vec<String> = set.iter().map(|f| format!("feature = {f:?}")).collect();
                format!("#[cfg(any({}))]", fs.join(", "))
            }
        }
    }

    pub fn attr(&self) -> TokenStream {
        match &self.0 {
            None => TokenStream::new(),
            // A placeholder in a file formatted where it is made.
            Some(_) => super::placeholders::attribute(self.attr_text(), || self.attr_tokens()),
        }
    }

    /// [`Gate::attr`] as tokens even where placeholders are collected: for
    /// a macro body, which prettyplease prints as token text.
    pub fn attr_tokens(&self) -> TokenStream {
        match &self.0 {
            None => TokenStream::new(),
            Some(set) if set.len() == 1 => {
                let f = set.iter().next().expect("one feature");
                quote!(#[cfg(feature = #f)])
            }
            Some(set) => {
                let fs = set.iter();
                quote!(#[cfg(any(#(feature = #fs),*))])
            }
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Features {
    pub enabled: bool,
    /// All feature names, sorted.
    pub all: BTreeSet<String>,
    /// Qualified type name -> features needing the struct/enum.
    types: BTreeMap<String, BTreeSet<String>>,
    /// Qualified type name -> features needing its polymorphic enum.
    anys: BTreeMap<String, BTreeSet<String>>,
    /// What the crate's features map adds: items kept under names the docs
    /// moved them away from, aliases, and the record to write (see
    /// [`super::feature_map`]).
    pub recorded: Arc<Recorded>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Need {
    Type(String),
    Any(String),
}

impl Features {
    /// The features of `schema`'s workloads, and what `previous` (the
    /// crate's features map, when it has one) keeps of earlier names.
    /// `recorded`: what that gave for a schema with the same items in the
    /// same workloads (a regeneration), to be used as it is.
    pub fn build(
        schema: &Schema,
        catalog: &Catalog,
        enabled: bool,
        previous: Option<&FeatureMap>,
        recorded: Option<Arc<Recorded>>,
    ) -> Features {
        let mut features = Features { enabled, ..Features::default() };
        if !enabled {
            return features;
        }
        features.recorded = recorded.unwrap_or_else(|| Arc::new(Recorded::new(schema, previous)));
        let mut starts: BTreeMap<String, Vec<Need>> = BTreeMap::new();
        // A type or operation described by pages of several workloads
        // starts the closure of each of them, and so does one recorded
        // under a feature the docs have since moved it away from.
        for (qn, t) in &schema.types {
            for f in features.own_type_features(qn, &t.workloads) {
                starts.entry(f).or_default().push(Need::Type(qn.clone()));
            }
        }
        for (i, op) in schema.operations.iter().enumerate() {
            for f in features.own_operation_features(i, op) {
                let list = starts.entry(f).or_default();
                list.extend(op.type_refs().filter_map(|r| use_of(r, catalog)));
            }
        }
        // Each feature's closure on its own, one rayon task each (a few
        // features need most of the types, and as ranges of the sorted map
        // they could fall to one worker), then recorded in feature order.
        let closures: Vec<(String, BTreeSet<Need>)> = starts
            .into_iter()
            .collect::<Vec<_>>()
            .into_par_iter()
            .with_max_len(1)
            .map(|(feature, start)| {
                let mut seen: BTreeSet<Need> = BTreeSet::new();
                let mut work = start;
                while let Some(need) = work.pop() {
                    if !seen.insert(need.clone()) {
                        continue;
                    }
                    match &need {
                        Need::Type(qn) => {
                            let Some(t) = schema.types.get(qn) else { continue };
                            if let Some(base) = &t.base_type {
                                work.push(Need::Type(base.clone()));
                            }
                            for p in &t.properties {
                                work.extend(use_of(&p.ty, catalog));
                            }
                        }
                        // The enum and its base variant; derived variants come
                        // with their own types when something else needs them.
                        Need::Any(qn) => work.push(Need::Type(qn.clone())),
                    }
                }
                (feature, seen)
            })
            .collect();
        for (feature, seen) in closures {
            features.all.insert(feature.clone());
            for need in seen {
                let (map, qn) = match need {
                    Need::Type(qn) => (&mut features.types, qn),
                    Need::Any(qn) => (&mut features.anys, qn),
                };
                map.entry(qn).or_default().insert(feature.clone());
            }
        }
        features
    }

    pub fn type_gate(&self, qn: &str) -> Gate {
        self.gate(&self.types, qn)
    }

    pub fn any_gate(&self, qn: &str) -> Gate {
        self.gate(&self.anys, qn)
    }

    /// The gate of the variant for `member` in the polymorphic enum of
    /// `base`, beyond the enum's own gate: none when every feature that
    /// compiles the enum also compiles `member`, else `member`'s own gate (a
    /// feature that does not need `member` gets no variant for it, and its
    /// values decode as the base, losing nothing).
    pub fn variant_gate(&self, base: &str, member: &str) -> Gate {
        let own = self.type_gate(member);
        if own.implied_by(&self.any_gate(base)) {
            Gate::always()
        } else {
            own
        }
    }

    /// The features a type belongs to itself (before closure): its
    /// workloads' and the recorded ones.
    fn own_type_features(&self, qn: &str, workloads: &[String]) -> BTreeSet<String> {
        let mut set: BTreeSet<String> = workloads.iter().map(|w| feature_name(w)).collect();
        set.extend(self.recorded.types.get(qn).into_iter().flatten().cloned());
        set
    }

    /// The features an operation (index `i` of the schema) belongs to: its
    /// workloads' and the recorded ones.
    fn own_operation_features(&self, i: usize, op: &Operation) -> BTreeSet<String> {
        let mut set: BTreeSet<String> = op.workloads.iter().map(|w| feature_name(w)).collect();
        set.extend(self.recorded.operations.get(&i).into_iter().flatten().cloned());
        set
    }

    /// Compiled under any of these workloads' features.
    pub fn workload_gate<'w>(&self, workloads: impl IntoIterator<Item = &'w String>) -> Gate {
        if self.enabled {
            Gate::features(workloads.into_iter().map(|w| feature_name(w)).collect())
        } else {
            Gate::always()
        }
    }

    /// The gate of operation `i` (several workloads' pages may describe it;
    /// the features map may keep it under an earlier name too).
    pub fn operation_gate(&self, i: usize, op: &Operation) -> Gate {
        if self.enabled {
            Gate::features(self.own_operation_features(i, op))
        } else {
            Gate::always()
        }
    }

    /// The gate of a request-builder node: the features of every operation
    /// at or below it.
    pub fn node_gate(&self, node: &Node) -> Gate {
        let mut gate = self.workload_gate(&node.workloads);
        if let (Some(set), false) = (&mut gate.0, self.recorded.operations.is_empty()) {
            self.add_recorded_below(node, set);
        }
        gate
    }

    fn add_recorded_below(&self, node: &Node, set: &mut BTreeSet<String>) {
        for a in &node.ops {
            set.extend(self.recorded.operations.get(&a.op).into_iter().flatten().cloned());
        }
        for child in node.children.values() {
            self.add_recorded_below(child, set);
        }
    }

    /// A gate that is never on, before children are added to it.
    pub fn empty_gate(&self) -> Gate {
        if self.enabled {
            Gate::features(BTreeSet::new())
        } else {
            Gate::always()
        }
    }

    fn gate(&self, map: &BTreeMap<String, BTreeSet<String>>, qn: &str) -> Gate {
        if !self.enabled {
            return Gate::always();
        }
        Gate::features(map.get(qn).cloned().unwrap_or_default())
    }
}

fn use_of(r: &TypeRef, catalog: &Catalog) -> Option<Need> {
    match &r.target {
        TypeTarget::Named(qn) if catalog.any_name(qn).is_some() => Some(Need::Any(qn.clone())),
        TypeTarget::Named(qn) => Some(Need::Type(qn.clone())),
        TypeTarget::Primitive(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gate(features: &[&str]) -> Gate {
        Gate::features(features.iter().map(|f| f.to_string()).collect())
    }

    #[test]
    fn workloads_never_take_the_crate_s_own_feature_names() {
        assert_eq!(feature_name("Default"), "default-workload");
        assert_eq!(feature_name(" full "), "full-workload");
        assert_eq!(feature_name("Share Point"), "share-point");
        assert_eq!(feature_name(""), "other");
        for workload in ["default", "DEFAULT", "full", "Full"] {
            assert!(!OWN_FEATURES.contains(&feature_name(workload).as_str()), "{workload}");
        }
    }

    #[test]
    fn an_inner_gate_is_left_out_only_when_the_outer_one_decides() {
        let outer = gate(&["a", "b"]);
        // Compiled whenever the outer item is: no attribute.
        assert!(Gate::always().implied_by(&outer));
        assert!(gate(&["a", "b"]).implied_by(&outer));
        assert!(gate(&["a", "b", "c"]).implied_by(&outer));
        assert!(gate(&["a", "b"]).attr_within(&outer).is_empty());
        // Narrower than the outer gate, or inside an ungated item: kept.
        assert!(!gate(&["a"]).implied_by(&outer));
        assert!(!gate(&["a"]).implied_by(&Gate::always()));
        assert_eq!(gate(&["a"]).attr_within(&outer).to_string(), gate(&["a"]).attr().to_string());
    }
}
