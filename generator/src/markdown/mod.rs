//! Stage 2: markdown to the page model. See [`page`] for the contract.

pub mod page;

pub use page::*;
