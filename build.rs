//! The build-time path, used for real: generate the SDK for `docs/` into
//! OUT_DIR on every build where the docs changed. `src/lib.rs` includes it
//! and `tests/` call it, so what a `build.rs` user gets is what is tested.
//! The docs' example requests also become tests of the generated builders
//! (`OUT_DIR/graphgen_examples.rs`, included by `tests/docs_examples.rs`).

fn main() {
    if let Err(e) = graphgen::Builder::new("docs").example_tests(true).generate() {
        panic!("graphgen failed on docs/: {e}");
    }
}
