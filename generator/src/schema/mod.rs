//! Stage 3: pages to the intermediate schema. See [`model`] for the contract.

pub mod model;

pub use model::*;
