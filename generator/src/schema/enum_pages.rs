//! Enum types: `Members` tables of enum pages (one enum per page, named by
//! the title `x enum type`), `### x values` sections (several enums on one
//! page), and member rows `Member | Value | Description`, `Member |
//! Description` or a lone `Member` column. `unknownFutureValue` rows are
//! members like any other.
//!
//! Flags enums are recognized by how the docs mark them: the text of the
//! enum (page prose for one-enum pages, member descriptions always) speaks
//! of flags (`No flags set`, "flags enumeration", "multi-valued", "bitwise")
//! and every value is 0 or a power of two; or, without words, the values
//! are 0/powers of two with at least three non-zero members (1, 2, 4, ...:
//! a sequence that skips 3 is not a counter).

use super::blocks;
use super::model::{EnumMember, Source, TypeDef, TypeKind};
use super::page_facts;
use super::tables::{self, cell_text, TableRole};
use crate::diagnostics::{DiagnosticKind, Diagnostics};
use crate::markdown::{BlockKind, Page, Table};

/// Read every enum of an enum page. `prose` says whether the enum's name
/// comes from the title (one-enum pages) when its heading does not name it.
pub fn read_page(page: &Page, workload: &str, diags: &mut Diagnostics) -> Vec<TypeDef> {
    let out = read_tables(page, workload, diags, true, &[]);
    if out.is_empty() {
        diags.report(&page.path, page.title().map(|h| h.line).unwrap_or(1), DiagnosticKind::InvalidEnum, "enum page without a members table");
    }
    out
}

/// Enums from members tables. With `title_fallback`, a table under a
/// generic heading (`Members`) is named by the page title. A `### x values`
/// table may sit inside another section (`## Properties`): its own heading
/// names it. `property_values` are the page's properties whose type has
/// another name: a values table named after one of them (`### state values`
/// for a String `state`) lists that property's values, not an enum.
pub fn read_tables(page: &Page, workload: &str, diags: &mut Diagnostics, title_fallback: bool, property_values: &[&str]) -> Vec<TypeDef> {
    let namespace = page_facts::namespace(page);
    let page_prose = prose_mentions_flags(page);
    let mut out: Vec<TypeDef> = Vec::new();
    let hs = blocks::Headings::new(page);
    for located in blocks::flatten(page) {
        let BlockKind::Table(table) = &located.block.kind else { continue };
        let heading = page.nearest_heading(located.block);
        let heading_text = heading.map(|h| h.text.as_str()).unwrap_or("");
        let named = enum_name_from_heading(heading_text);
        // The `x values` heading is the table's own section, whatever `##` it is under.
        let section = if named.is_some() { hs.innermost(located.block) } else { hs.section(located.block) };
        let cols = tables::columns(table);
        if tables::role(&cols, section) != TableRole::Members {
            continue;
        }
        if named.as_deref().is_some_and(|n| property_values.iter().any(|p| p.eq_ignore_ascii_case(n))) {
            continue;
        }
        let name = match named {
            Some(n) => n,
            None if title_fallback => match page_facts::title_word(page) {
                Some(n) => n,
                None => continue,
            },
            None => continue,
        };
        if out.iter().any(|t| t.name == name) {
            diags.report(located.file, located.block.line, DiagnosticKind::Duplicate, format!("a second members table for enum `{name}` on the same page is ignored"));
            continue;
        }
        let members = members(table, &cols, located.file, diags);
        if members.is_empty() {
            diags.report(located.file, located.block.line, DiagnosticKind::InvalidEnum, format!("enum `{name}` has no usable member rows"));
            continue;
        }
        let one_enum_page = title_fallback && enum_name_from_heading(heading_text).is_none();
        let flags = is_flags(&members, one_enum_page && page_prose);
        let description = if one_enum_page { page.front("description").unwrap_or("").to_string() } else { String::new() };
        out.push(TypeDef {
            name,
            namespace: namespace.clone(),
            kind: TypeKind::Enum,
            description,
            base_type: None,
            derived_types: Vec::new(),
            key_property: None,
            open_type: false,
            is_abstract: false,
            properties: Vec::new(),
            members,
            flags,
            workloads: vec![workload.to_string()],
            source: Source { file: located.file.to_string(), line: heading.map(|h| h.line).unwrap_or(located.block.line) },
            merged_from: Vec::new(),
        });
    }
    out
}

/// `x values`, `x enum`, `x enumeration`, `x enum type` -> `x`.
fn enum_name_from_heading(heading: &str) -> Option<String> {
    let lower = heading.trim().to_ascii_lowercase();
    let named = [" values", " enum", " enumeration", " enum type", " enum values", " enumeration values"]
        .iter()
        .any(|s| lower.ends_with(s));
    if !named {
        return None;
    }
    let word = heading.split_whitespace().next()?.trim_matches(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'));
    (!word.is_empty()).then(|| word.rsplit('.').next().unwrap_or(word).to_string())
}

fn members(table: &Table, cols: &tables::Columns, file: &str, diags: &mut Diagnostics) -> Vec<EnumMember> {
    let name_col = cols.member.or(cols.name).or(Some(0));
    // A lone `Value` column holds the names, not numbers.
    let value_col = cols.value.filter(|v| Some(*v) != name_col);
    let mut out: Vec<EnumMember> = Vec::new();
    let mut listed = tables::FirstUse::default();
    for row in &table.rows {
        let name = member_name(&cell_text(row, name_col));
        if name.is_empty() {
            diags.report(file, row.line, DiagnosticKind::InvalidEnum, "member row without a name");
            continue;
        }
        let value_text = cell_text(row, value_col);
        let value = parse_value(&value_text);
        if value.is_none() && !value_text.is_empty() {
            diags.report(file, row.line, DiagnosticKind::InvalidEnum, format!("member `{name}` has a value `{value_text}` that is not an integer"));
        }
        if !listed.first(&name) {
            diags.report(file, row.line, DiagnosticKind::InvalidEnum, format!("member `{name}` is listed twice"));
            continue;
        }
        out.push(EnumMember { name, value, description: cell_text(row, cols.description), source: Source { file: file.to_string(), line: row.line } });
    }
    out
}

/// A member's wire value: usually one word; values made of several plain
/// words (`JIS B4`) are kept whole.
fn member_name(cell: &str) -> String {
    let t = cell.trim().trim_matches(|c: char| c == '*' || c == '`').trim();
    if t.contains(' ') && t.chars().all(|c| c.is_alphanumeric() || c == ' ' || c == '_' || c == '-') {
        return t.to_string();
    }
    tables::name_in(t)
}

fn parse_value(s: &str) -> Option<i64> {
    let s = s.trim().trim_matches('`');
    if let Some(hex) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        return i64::from_str_radix(hex, 16).ok();
    }
    s.parse().ok()
}

/// Does a text speak of flags?
pub fn mentions_flags(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    lower.split(|c: char| !c.is_ascii_alphanumeric() && c != '-').any(|w| matches!(w, "flag" | "flags" | "bitwise" | "multi-valued"))
}

fn prose_mentions_flags(page: &Page) -> bool {
    page.blocks.iter().any(|b| matches!(&b.kind, BlockKind::Paragraph(t) if mentions_flags(&t.text)))
}

pub fn is_flags(members: &[EnumMember], prose_says_flags: bool) -> bool {
    let values: Vec<i64> = members.iter().filter_map(|m| m.value).collect();
    let all_bits = values.iter().all(|&v| v == 0 || (v > 0 && (v & (v - 1)) == 0));
    let words = prose_says_flags || members.iter().any(|m| mentions_flags(&m.description));
    let nonzero = values.iter().filter(|&&v| v != 0).count();
    let skips_counter = all_bits && nonzero >= 3 && values.len() == members.len();
    (words && all_bits && (values.is_empty() || nonzero >= 2)) || skips_counter
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(name: &str, value: Option<i64>, d: &str) -> EnumMember {
        EnumMember { name: name.into(), value, description: d.into(), source: Source::default() }
    }

    #[test]
    fn flags_detection() {
        let bits = vec![m("none", Some(0), "No flags set."), m("a", Some(1), ""), m("b", Some(2), "")];
        assert!(is_flags(&bits, false));
        let counter = vec![m("a", Some(0), ""), m("b", Some(1), ""), m("c", Some(2), ""), m("d", Some(3), "")];
        assert!(!is_flags(&counter, true));
        let silent_bits = vec![m("a", Some(1), ""), m("b", Some(2), ""), m("c", Some(4), "")];
        assert!(is_flags(&silent_bits, false));
        let small = vec![m("a", Some(0), ""), m("b", Some(1), "")];
        assert!(!is_flags(&small, false));
        let words_only = vec![m("a", None, ""), m("b", None, "")];
        assert!(is_flags(&words_only, true));
        assert!(!is_flags(&words_only, false));
        assert!(!mentions_flags("followupFlagStatus is flagged"));
    }

    #[test]
    fn heading_names() {
        assert_eq!(enum_name_from_heading("deploymentState values").as_deref(), Some("deploymentState"));
        assert_eq!(enum_name_from_heading("Members"), None);
        assert_eq!(parse_value("0x10"), Some(16));
    }
}
