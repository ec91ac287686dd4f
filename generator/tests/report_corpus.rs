//! Coverage floors on the real Graph beta reference, so a regression fails
//! CI. Skipped (and says so) when the corpus is absent.

use graphgen::pipeline;
use std::path::PathBuf;

fn corpus() -> Option<PathBuf> {
    graphgen::corpus::reference_docs(&PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/..")))
}

#[test]
fn corpus_coverage_floors_hold() {
    let Some(root) = corpus() else { return };
    let loaded = pipeline::load(&root).unwrap();
    let report = graphgen::report::build(&loaded);
    println!("{}", report.to_markdown());
    assert!(report.type_pages_to_types.percent >= 99.0, "{}", report.type_pages_to_types);
    assert!(report.operation_pages_to_operations.percent >= 97.0, "{}", report.operation_pages_to_operations);
    assert!(report.type_references_resolved.percent >= 99.0, "{}", report.type_references_resolved);
    // Target is 95%; measured 95.32% (5012 / 5258), over the example
    // requests to Graph: 60 go to other hosts (bot callbacks, upload URLs),
    // counted apart on their own line.
    assert!(report.conformance.requests_reproduced.percent >= 95.0, "{}", report.conformance.requests_reproduced);
    assert!(report.conformance.not_graph_requests > 0 && report.conformance.not_graph_requests * 50 < report.conformance.requests_reproduced.of);
    let markdown = report.to_markdown();
    assert!(markdown.contains("| example requests that are not a Graph request (to another host; in neither side of the figure above) | "), "{markdown}");
    assert!(markdown.contains("| request miss: example path matches none of the operation's paths | "), "{markdown}");
    // Target is 95%; measured 95.06% (3907 / 4110). The misses left are
    // docs errors (placeholder sample values such as "String (timestamp)",
    // "id-value" or "Date" in typed fields, bodies shown on 204 operations
    // that never say how to ask for one, single entities shown inside
    // `{"value": ...}`). The report names each cause.
    assert!(report.conformance.responses_round_trip.percent >= 95.0, "{}", report.conformance.responses_round_trip);
}
