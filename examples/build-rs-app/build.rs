//! Generate the SDK for the operations in `src/selection.rs` from the
//! repository's `docs/` into `OUT_DIR/graphgen.rs`. The builder tells cargo
//! to rerun this script only when a page or include it read changes, and
//! rewrites the file only when its content changes. Problems in the docs do
//! not stop the build: they are listed in `OUT_DIR/graphgen-diagnostics.txt`
//! and summarized as a cargo warning.

// Shared with the library, so the tests can check the selection held.
#[path = "src/selection.rs"]
mod selection;

fn main() {
    if let Err(e) = graphgen::Builder::new("../../docs").operations(selection::OPERATIONS.iter().copied()).generate() {
        panic!("graphgen failed on docs/: {e}");
    }
}
