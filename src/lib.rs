//! The SDK generated at build time from this repository's `docs/` (see
//! `build.rs`). The same docs also generate the committed crate in
//! `generated/`; the tests check the two agree and exercise the API.

include!(concat!(env!("OUT_DIR"), "/graphgen.rs"));
