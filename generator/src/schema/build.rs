//! The schema builder's entry point: pages in, [`Schema`] and diagnostics out.
//!
//! Each page is read on its own (kind from `doc_type`, see
//! [`super::page_facts`]); then [`super::resolve`] ties the pages together.
//! Pages are processed in path order, so "first page wins" rules and the
//! output are deterministic whatever order the caller passes.

use super::body_choice;
use super::enum_pages;
use super::model::{Schema, TypeTarget};
use super::operation_pages;
use super::page_facts::{self, PageKind};
use super::path_repair;
use super::resolve;
use super::type_pages;
use super::type_ref;
use super::workload;
use crate::diagnostics::Diagnostics;
use crate::markdown::Page;
use rayon::prelude::*;

/// Build the schema of a whole docs folder.
pub fn build(pages: &[Page]) -> (Schema, Diagnostics) {
    let mut diags = Diagnostics::default();
    let mut order: Vec<&Page> = pages.iter().collect();
    order.sort_by(|a, b| a.path.cmp(&b.path));
    // Pages are read independently (in parallel), then merged in path order.
    let per_page: Vec<(resolve::PageItems, Diagnostics)> = order.par_iter().map(|page| read_one(page)).collect();
    let (items, page_diags): (Vec<_>, Vec<_>) = per_page.into_iter().unzip();
    page_diags.into_iter().for_each(|d| diags.extend(d));
    let (schema, resolve_diags) = resolve_pages(items);
    diags.extend(resolve_diags);
    diags.normalize();
    (schema, diags)
}

/// The second half of [`build`]: tie together what each page said, given
/// in page path order. Kept separate so a long-lived session
/// ([`crate::incremental`]) reads again only the pages that changed.
pub fn resolve_pages(per_page: impl IntoIterator<Item = resolve::PageItems>) -> (Schema, Diagnostics) {
    let mut diags = Diagnostics::default();
    let mut read = resolve::PageItems::default();
    for items in per_page {
        read.types.extend(items.types);
        read.enums.extend(items.enums);
        read.operations.extend(items.operations);
    }
    // What one page cannot tell alone: its paths against every other
    // page's, its body sentence against the type pages.
    let mut clock = crate::stage_times::start();
    let resolve::PageItems { types, enums, mut operations } = read;
    // The operations' paths are repaired while the types' pages are merged
    // (neither reads what the other changes); what the body choice needs
    // of the types is gathered before their pages are merged away.
    let namespaces = path_repair::namespaces(&types);
    let mut type_diags = Diagnostics::default();
    let ((), (members, merged)) = rayon::join(
        || path_repair::repair(&mut operations, &namespaces, &mut diags),
        || (body_choice::Members::gather(&types), resolve::merge_pages(types, enums, &mut type_diags)),
    );
    diags.extend(type_diags);
    crate::stage_times::lap("resolve.path_repair_and_merge_types", &mut clock);
    body_choice::choose(&mut operations, &members, &mut diags);
    crate::stage_times::lap("resolve.body_choice", &mut clock);
    let schema = resolve::resolve_merged(merged, operations, &mut diags);
    crate::stage_times::lap("resolve.rest", &mut clock);
    (schema, diags)
}

/// Everything one page says, before resolution: the first half of [`build`].
pub fn read_one(page: &Page) -> (resolve::PageItems, Diagnostics) {
    let (read, diags, _) = read_one_with_kind(page);
    (read, diags)
}

/// What a page read from disk says (`parsed`: the page, if it could be
/// read, with the reading's diagnostics): its items, and every diagnostic.
pub fn read_parsed(parsed: (Option<Page>, Vec<crate::diagnostics::Diagnostic>)) -> (resolve::PageItems, Vec<crate::diagnostics::Diagnostic>) {
    let (page, mut diagnostics) = parsed;
    let items = match page {
        Some(page) => {
            let (items, page_diags) = read_one(&page);
            diagnostics.extend(page_diags.items);
            items
        }
        None => resolve::PageItems::default(),
    };
    (items, diagnostics)
}

/// [`read_one`], and the kind the page was read as ([`page_facts::kind`]).
pub fn read_one_with_kind(page: &Page) -> (resolve::PageItems, Diagnostics, PageKind) {
    let mut diags = Diagnostics::default();
    let mut read = resolve::PageItems::default();
    let workload = workload::of_page(page).unwrap_or_else(|| "misc".to_string());
    let kind = page_facts::kind(page, &mut diags);
    match kind {
        PageKind::Operation => read.operations = operation_pages::read_page(page, &mut diags),
        PageKind::Type => {
            let mut type_diags = Diagnostics::default();
            let types = type_pages::read_page(page, &workload, &mut type_diags);
            // An enum page whose front matter calls it a resource page: no
            // properties, no base, but a members table (named by the title).
            // What the type reading said of it does not apply then.
            let shapeless = types.as_ref().is_none_or(|t| t.def.properties.is_empty() && t.base.is_none() && t.json_props.is_empty());
            if shapeless {
                let mut probe = Diagnostics::default();
                let enums = enum_pages::read_tables(page, &workload, &mut probe, true, &[]);
                if !enums.is_empty() {
                    read.enums = enums;
                    diags.extend(probe);
                    return (read, diags, kind);
                }
            }
            diags.extend(type_diags);
            // Some type pages also list the values of their own enums; a
            // values table named after a property whose type has another
            // name (`String`, or an enum named otherwise) documents that
            // property's values instead.
            let documented: Vec<&str> = types
                .iter()
                .flat_map(|t| &t.def.properties)
                .filter(|p| match &p.ty.target {
                    TypeTarget::Primitive(_) => true,
                    target => type_ref::unresolved(target).is_none_or(|(name, _)| !name.rsplit('.').next().unwrap_or(name).eq_ignore_ascii_case(&p.name)),
                })
                .map(|p| p.name.as_str())
                .collect();
            read.enums = enum_pages::read_tables(page, &workload, &mut diags, false, &documented);
            read.types.extend(types);
        }
        PageKind::Enum => read.enums = enum_pages::read_page(page, &workload, &mut diags),
        PageKind::Conceptual => {}
    }
    (read, diags, kind)
}
