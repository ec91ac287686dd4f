//! The example emitter over the real docs corpus (when present): it never
//! panics, makes valid Rust, and makes a test for every example request the
//! conformance model counts as reproduced and every example response it
//! round-trips (the rest listed by cause). Running those tests takes
//! minutes: `cargo bench -p graphgen --bench real_conformance`.

use graphgen::conformance::check_schema;
use graphgen::emit::example_tests::emit;
use graphgen::pipeline;
use graphgen::schema::ExampleDirection;
use std::path::PathBuf;

fn corpus() -> Option<PathBuf> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf();
    let path = std::env::var_os("GRAPHGEN_CORPUS").map(PathBuf::from).unwrap_or_else(|| root.join("../shared/graph-docs/beta"));
    if path.join("api").is_dir() {
        Some(path)
    } else {
        println!("skipped: corpus not found at {}", path.display());
        None
    }
}

#[test]
fn every_reproduced_corpus_example_gets_a_test_in_valid_rust() {
    let Some(docs) = corpus() else { return };
    let schema = pipeline::load(&docs).expect("corpus loads").schema;
    let made = emit(&schema);
    let model = check_schema(&schema);
    let requests = schema.operations.iter().flat_map(|o| o.examples.iter()).filter(|e| e.direction == ExampleDirection::Request).count();
    println!("example requests: {requests}; tested through the builders: {}; skipped: {}", made.tested, made.skipped.len());
    let mut causes = std::collections::BTreeMap::new();
    for s in &made.skipped {
        let cause = s.splitn(3, ':').nth(2).unwrap_or(s).trim().to_owned();
        *causes.entry(cause).or_insert(0usize) += 1;
    }
    for (cause, n) in &causes {
        println!("  skipped {n}: {cause}");
    }
    assert_eq!(made.tested + made.skipped.len(), requests);
    // Only the model's misses are skipped, plus examples whose path is
    // served by a duplicate page's builder or does not bind segment by segment.
    let beyond_model = made.tested.abs_diff(model.requests_reproduced.count);
    assert!(beyond_model * 100 <= requests, "{beyond_model} reproduced examples got no test");
    syn::parse_file(&made.text).expect("the emitted tests are valid Rust");
    // Every response the model round-trips gets a test, but for operations
    // whose paths another page's builder serves.
    let responses = schema
        .operations
        .iter()
        .flat_map(|o| o.examples.iter())
        .filter(|e| e.direction == ExampleDirection::Response && e.body.is_some())
        .count();
    println!("example responses with a body: {responses}; decoded through the types: {}", made.responses_tested);
    let mut causes = std::collections::BTreeMap::new();
    for s in &made.responses_skipped {
        let cause = s.splitn(3, ':').nth(2).unwrap_or(s).trim().to_owned();
        *causes.entry(cause).or_insert(0usize) += 1;
    }
    for (cause, n) in &causes {
        println!("  response skipped {n}: {cause}");
    }
    assert_eq!(made.responses_tested + made.responses_skipped.len(), responses);
    let beyond_model = made.responses_tested.abs_diff(model.responses_round_trip.count);
    assert!(beyond_model * 100 <= responses, "{beyond_model} round-tripped responses got no test");
    assert_eq!(made.text.matches("#[test]").count(), made.tested + made.responses_tested);
}
