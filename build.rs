//! The build-time path, used for real: generate the SDK for `docs/` into
//! OUT_DIR on every build where the docs changed. `src/lib.rs` includes it
//! and `tests/` call it, so what a `build.rs` user gets is what is tested.

fn main() {
    if let Err(e) = graphgen::Builder::new("docs").generate() {
        panic!("graphgen failed on docs/: {e}");
    }
}
