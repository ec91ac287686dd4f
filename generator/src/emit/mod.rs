//! Stage 4: schema to Rust source files.
