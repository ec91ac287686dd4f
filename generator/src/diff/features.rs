//! Moves between cargo features.
//!
//! A user enables features by name (`features = ["users"]`); an item that
//! leaves a feature is no longer compiled by it, so code that named the
//! item under that feature alone breaks. Docs updates move items wholesale
//! (front matter moved from `ms.prod` to `ms.subservice`, renaming
//! workloads), so every move is reported, as breaking, and the markdown
//! groups them by where they went. A crate regenerated with its features
//! map keeps the old names working ([`crate::emit::feature_map`]): with
//! that map, a move it covers is not breaking.

use super::{line, Change, ChangeKind, Diff, FeatureMove, Item};
use crate::emit::features::feature_name;
use std::collections::{BTreeMap, BTreeSet};

/// Report `name` when its features (from its workloads) differ; `kept` says
/// whether the features map keeps it under a feature it left.
pub(super) fn moved(d: &mut Diff, item: Item, name: String, from: &[String], to: &[String], kept: impl Fn(&str) -> bool) {
    let from: BTreeSet<String> = from.iter().map(|w| feature_name(w)).collect();
    let to: BTreeSet<String> = to.iter().map(|w| feature_name(w)).collect();
    if from == to {
        return;
    }
    let left: Vec<String> = from.difference(&to).cloned().collect();
    let kept_by_map: Vec<String> = left.iter().filter(|f| kept(f)).cloned().collect();
    let show = |set: &BTreeSet<String>| set.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>().join(", ");
    let mut detail = format!("cargo features {} -> {}", show(&from), show(&to));
    if !kept_by_map.is_empty() {
        let kept: BTreeSet<String> = kept_by_map.iter().cloned().collect();
        detail.push_str(&format!(" (the features map keeps it under {})", show(&kept)));
    }
    d.changes.push(Change {
        breaking: left.len() > kept_by_map.len(),
        kind: ChangeKind::Moved,
        item,
        name,
        detail,
        wire: None,
        features: Some(FeatureMove { from: from.into_iter().collect(), to: to.into_iter().collect(), left, kept_by_map }),
    });
}

/// Moves alike: (not breaking, features left, features joined).
type MoveGroup = (bool, Vec<String>, Vec<String>);

/// The feature moves section: one entry per (features left, features
/// joined), with the items that moved so.
pub(super) fn markdown(changes: &[Change]) -> String {
    let mut groups: BTreeMap<MoveGroup, Vec<&Change>> = BTreeMap::new();
    for c in changes {
        if let Some(m) = &c.features {
            let joined: Vec<String> = m.to.iter().filter(|f| !m.from.contains(f)).cloned().collect();
            groups.entry((!c.breaking, m.left.clone(), joined)).or_default().push(c);
        }
    }
    if groups.is_empty() {
        return String::new();
    }
    let mut s = String::from(
        "\n### Cargo features\n\nAn item that leaves a feature is no longer compiled by it: code that enables that feature by name and uses the item breaks, unless the crate is regenerated with its features map (`graphgen-features.json`), which keeps the old name working.\n\n",
    );
    let names = |fs: &[String]| fs.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>().join(", ");
    for ((not_breaking, left, joined), items) in groups {
        let mark = if not_breaking { "" } else { "⚠️ " };
        let what = match (left.is_empty(), joined.is_empty()) {
            (false, false) => format!("from {} to {}", names(&left), names(&joined)),
            (false, true) => format!("out of {}", names(&left)),
            (true, _) => format!("also into {}", names(&joined)),
        };
        let count = |item: Item| items.iter().filter(|c| c.item == item).count();
        s.push_str(&format!("- {mark}moved {what}: {} type(s), {} operation(s)\n", count(Item::Type), count(Item::Operation)));
        let listing: String = items.iter().map(|c| format!("  {}", line(c))).collect();
        if items.len() <= 10 {
            s.push_str(&listing);
        } else {
            s.push_str(&format!("\n  <details><summary>{} items</summary>\n\n{listing}\n  </details>\n\n", items.len()));
        }
    }
    s
}
