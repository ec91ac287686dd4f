//! Stage 5: generated files to disk.
