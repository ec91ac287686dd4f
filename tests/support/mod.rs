//! Shared helpers of the root package's tests.

// Each test file compiles this module on its own and uses only some of it.
#![allow(dead_code)]

use std::path::PathBuf;

/// The real Graph beta reference, when present (GRAPHGEN_CORPUS overrides).
pub fn corpus() -> Option<PathBuf> {
    graphgen::corpus::reference_docs(&PathBuf::from(env!("CARGO_MANIFEST_DIR")))
}

pub const SEED_PAGE: &str = "api/intune-enrollment-importedwindowsautopilotdeviceidentity-import.md";

/// The seed page's operation, read from the real page with the real pipeline.
pub fn seed_operation(corpus: &std::path::Path) -> graphgen::schema::Operation {
    let text = std::fs::read_to_string(corpus.join(SEED_PAGE)).expect("seed page readable");
    let (page, _) = graphgen::markdown::parse_page(SEED_PAGE, &text, &graphgen::markdown::NoIncludes);
    let (schema, _) = graphgen::schema::build(&[page]);
    schema.operations.into_iter().next().expect("the seed page yields an operation")
}
