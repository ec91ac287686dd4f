//! Stage 3: pages to the intermediate schema. See [`model`] for the contract
//! and [`build()`] for the entry point.

pub mod model;

mod blocks;
mod body_choice;
mod build;
pub mod enum_pages;
pub mod example_evidence;
pub mod examples;
pub mod http_request;
pub mod json_repair;
pub mod merge_operations;
pub mod merge_types;
pub mod operation_pages;
pub mod own_page;
pub mod page_facts;
pub mod path_navigation;
pub mod path_repair;
pub mod path_template;
pub mod permissions;
pub mod possible_values;
pub mod query_options;
pub mod requirement;
pub mod resolve;
pub mod response_type;
pub mod tables;
pub mod type_pages;
pub mod type_prose;
pub mod type_ref;
pub mod workload;
pub mod writable_body;

pub use build::{build, read_one, read_one_with_kind, read_parsed, resolve_pages};
pub use model::*;
