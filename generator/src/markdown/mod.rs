//! Stage 2: one page's markdown to the page model ([`page`] is the contract).

mod delimiter_tabs;
mod front_matter;
mod lines;
pub mod page;
mod parse;

pub use page::*;
pub use parse::{parse_page, IncludeLoader, IncludeRefusal, NoIncludes};
