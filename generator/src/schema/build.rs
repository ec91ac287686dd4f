//! The schema builder's entry point: pages in, [`Schema`] and diagnostics out.
//!
//! Each page is read on its own (kind from `doc_type`, see
//! [`super::page_facts`]); then [`super::resolve`] ties the pages together.
//! Pages are processed in path order, so "first page wins" rules and the
//! output are deterministic whatever order the caller passes.

use super::enum_pages;
use super::model::Schema;
use super::operation_pages;
use super::page_facts::{self, PageKind};
use super::resolve;
use super::type_pages;
use super::workload;
use crate::diagnostics::Diagnostics;
use crate::markdown::Page;

/// Build the schema of a whole docs folder.
pub fn build(pages: &[Page]) -> (Schema, Diagnostics) {
    let mut diags = Diagnostics::default();
    let mut order: Vec<&Page> = pages.iter().collect();
    order.sort_by(|a, b| a.path.cmp(&b.path));
    let mut read = resolve::PageItems::default();
    for page in order {
        let workload = workload::of_page(page).unwrap_or_else(|| "misc".to_string());
        match page_facts::kind(page, &mut diags) {
            PageKind::Operation => read.operations.extend(operation_pages::read_page(page, &mut diags)),
            PageKind::Type => {
                if let Some(t) = type_pages::read_page(page, &workload, &mut diags) {
                    read.types.push(t);
                }
                // Some type pages also list the values of their own enums.
                read.enums.extend(enum_pages::read_tables(page, &workload, &mut diags, false));
            }
            PageKind::Enum => read.enums.extend(enum_pages::read_page(page, &workload, &mut diags)),
            PageKind::Conceptual => {}
        }
    }
    let schema = resolve::resolve(read, &mut diags);
    diags.normalize();
    (schema, diags)
}
