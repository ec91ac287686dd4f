//! `graphgen check` on the real Graph beta reference against the service's
//! metadata of the same week: guards the two headline figures of issue 12.
//! Skipped (and says so) when either is absent. The metadata is found at
//! `GRAPHGEN_METADATA`, else `<workspace>/../shared/graph-metadata/beta-2021-07.xml`.

use graphgen::check;
use std::path::PathBuf;

/// Misreads over all disagreements, in percent, may not rise above this:
/// issue 12's bound (8.44% measured before its schema fixes, 3.09% after
/// the merge and the page shapes, 0.95% once bound actions and functions
/// are read by their titles and words: 39 of 4124).
const MISREAD_SHARE_CEILING: f64 = 1.0;

/// Properties of types both sides know that agree in name, type and
/// collection-ness, in percent of the metadata's properties of those types,
/// may not fall below this (93.77% measured before the schema fixes of
/// issue 12, 94.82% after them: 12606 of 13294; the target is 94.5%).
const PROPERTY_AGREEMENT_FLOOR: f64 = 94.8;

fn workspace() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

fn metadata() -> Option<PathBuf> {
    let path = std::env::var_os("GRAPHGEN_METADATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("../shared/graph-metadata/beta-2021-07.xml"));
    if path.is_file() {
        Some(path)
    } else {
        eprintln!("skipped: Graph metadata not found at {} (set GRAPHGEN_METADATA)", path.display());
        None
    }
}

#[test]
fn corpus_agrees_with_the_metadata_at_least_as_well_as_before() {
    let Some(docs) = graphgen::corpus::reference_docs(&workspace()) else { return };
    let Some(metadata) = metadata() else { return };
    let (c, _loaded) = check::run(&docs, &metadata).unwrap();
    println!("{}", c.summary());
    assert!(c.metadata_problems.is_empty(), "{:?}", c.metadata_problems);
    assert!(c.misread_share.percent <= MISREAD_SHARE_CEILING, "misread share {} above {MISREAD_SHARE_CEILING}%", c.misread_share);
    assert!(c.agreement.properties.percent >= PROPERTY_AGREEMENT_FLOOR, "property agreement {} below {PROPERTY_AGREEMENT_FLOOR}%", c.agreement.properties);
    // Both sides were really read: thousands of types and properties compared.
    assert!(c.agreement.types.of > 3000 && c.agreement.properties.of > 10000, "{:?}", c.agreement);
}
