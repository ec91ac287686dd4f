//! Permissions: every layout the docs use for an operation's permissions.
//!
//! - one table `Permission type | Permissions (from least to most
//!   privileged)`: the first scope of a row is its least privileged one,
//!   the rest are higher privileged;
//! - one table `Permission type | Least privileged permissions | Higher
//!   privileged permissions`: the columns say which is which;
//! - several such tables, one per scenario, each under its own heading
//!   ("Permissions for channel", "For applications") or after a sentence
//!   ending in a colon: every table is kept, each row with its scenario;
//! - one table with a row per resource and a column per kind
//!   (`Supported resource | Delegated (work or school account) | ... |
//!   Application`): each cell is a permission of that kind for the row's
//!   resource (the scenario).
//!
//! Rows are read by kind (`Delegated (work or school account)`, `Delegated
//! (personal Microsoft account)`, `Application`). Rows whose first cell is
//! not a kind (Intune's per-area sub-rows such as `**Policy Set**`) add
//! their scopes to the kind above them. "Not supported." / "Not
//! available." mean no scope of that kind allows the call; "None." that no
//! scope is needed.
//!
//! A `Permissions` section that yields no permission at all, with no
//! missing include to explain it, is reported: it is never silently empty.

use super::blocks::{Headings, Located};
use super::model::{Permission, PermissionKind};
use super::tables::{self, cell_text, Columns, TableRole};
use crate::diagnostics::{DiagnosticKind, Diagnostics};
use crate::markdown::{BlockKind, Page, Table};

pub fn kind_of(cell: &str) -> Option<PermissionKind> {
    let c = cell.to_ascii_lowercase();
    if c.contains("delegated") {
        if c.contains("personal") || c.contains("microsoft account") {
            Some(PermissionKind::DelegatedPersonal)
        } else {
            Some(PermissionKind::DelegatedWork)
        }
    } else if c.contains("application") {
        Some(PermissionKind::Application)
    } else {
        None
    }
}

/// Scope names in a cell, in order; none for "Not supported." / "Not available." / "None.".
pub fn scopes_in(cell: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let found = cell
        .split([',', ';', ' '])
        .map(|s| s.trim().trim_matches(|c: char| c == '`' || c == '*' || c == '.'))
        // Scope names are dotted (`User.Read.All`) or snake case (`offline_access`).
        .filter(|s| s.contains('.') || s.contains('_'))
        .filter(|s| s.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_' || c == '-'))
        .filter(|s| !is_filler(s));
    for s in found {
        if !out.iter().any(|o| o == s) {
            out.push(s.to_string());
        }
    }
    out
}

/// "Not supported." / "Not available." / "N/A": no scope of the kind allows the call.
fn says_not_supported(cell: &str) -> bool {
    let c = cell.to_ascii_lowercase();
    c.contains("not supported") || c.contains("not available") || c.trim().trim_end_matches('.') == "n/a"
}

/// Words of "Not supported.", "Not available", "None", "or", "and" that are not scopes.
fn is_filler(s: &str) -> bool {
    matches!(s.to_ascii_lowercase().as_str(), "not" | "supported" | "available" | "none" | "or" | "and" | "n/a" | "see" | "for" | "the")
}

/// One kind's cell(s) of a row: the least privileged scopes and the higher
/// ones. `higher_column` is the `Higher privileged permissions` cell when the
/// table has one; otherwise the cell is a list from least to most privileged.
fn split_privilege(main: &str, higher_column: Option<&str>) -> (Vec<String>, Vec<String>) {
    let scopes = scopes_in(main);
    match higher_column {
        Some(higher) => {
            let higher = scopes_in(higher).into_iter().filter(|s| !scopes.contains(s)).collect();
            (scopes, higher)
        }
        None => {
            let mut rest = scopes;
            let least = if rest.is_empty() { Vec::new() } else { vec![rest.remove(0)] };
            (least, rest)
        }
    }
}

/// Adds a row's scopes to `p` (its first row, a sub-row of its kind, or a
/// second row of one kind): least with least, higher with higher, each
/// scope once. Sub-rows (one per area) name each area's least privileged
/// scope, so they add to `least`.
fn merge(p: &mut Permission, least: Vec<String>, higher: Vec<String>, not_supported: bool) {
    for s in least {
        if !p.scopes().any(|x| x == s) {
            p.least.push(s);
        }
    }
    for s in higher {
        if !p.scopes().any(|x| x == s) {
            p.higher.push(s);
        }
    }
    p.not_supported = p.least.is_empty() && p.higher.is_empty() && (p.not_supported || not_supported);
}

/// Read a `Permission type | ...` table (the first two layouts). Kinds
/// appear once each, in table order, all with `scenario`.
pub fn read(table: &Table, c: &Columns, scenario: Option<&str>) -> Vec<Permission> {
    let mut out: Vec<Permission> = Vec::new();
    for row in &table.rows {
        let kind_cell = cell_text(row, c.permission_type);
        let main = cell_text(row, c.permissions);
        let higher = c.higher.map(|_| cell_text(row, c.higher));
        let (least, higher_scopes) = split_privilege(&main, higher.as_deref());
        let not_supported = says_not_supported(&main);
        let target = match kind_of(&kind_cell) {
            Some(kind) => match out.iter().position(|p| p.kind == kind) {
                Some(i) => i,
                None => {
                    out.push(Permission { kind, scenario: scenario.map(str::to_owned), least: Vec::new(), higher: Vec::new(), not_supported: false });
                    out.len() - 1
                }
            },
            // A sub-row belongs to the kind above it.
            None if !out.is_empty() => out.len() - 1,
            None => continue,
        };
        merge(&mut out[target], least, higher_scopes, not_supported);
    }
    out
}

/// Read a table with a row per resource and a column per kind (the last
/// layout): the first cell of a row names its scenario.
pub fn read_by_resource(table: &Table) -> Vec<Permission> {
    let kinds: Vec<(usize, PermissionKind)> =
        table.header.iter().enumerate().filter_map(|(i, h)| kind_of(&h.text).map(|k| (i, k))).collect();
    let mut out = Vec::new();
    for row in &table.rows {
        let scenario = cell_text(row, Some(0));
        let scenario = scenario.trim();
        if scenario.is_empty() {
            continue;
        }
        for &(i, kind) in &kinds {
            let main = cell_text(row, Some(i));
            let (least, higher) = split_privilege(&main, None);
            let not_supported = least.is_empty() && says_not_supported(&main);
            out.push(Permission { kind, scenario: Some(scenario.to_owned()), least, higher, not_supported });
        }
    }
    out
}

/// A table whose header names permission kinds as columns (and whose first
/// column is not one): the row-per-resource layout.
fn is_by_resource(table: &Table) -> bool {
    let kinds = table.header.iter().filter(|h| kind_of(&h.text).is_some()).count();
    kinds >= 1 && table.header.first().is_some_and(|h| kind_of(&h.text).is_none())
}

/// Every permission an operation page states, from every table of every
/// layout (include files' tables too). A `Permissions` section that yields
/// none, without a missing include in it, is reported at its heading.
pub fn read_page(page: &Page, hs: &Headings, flat: &[Located<'_>], diags: &mut Diagnostics) -> Vec<Permission> {
    let mut tables: Vec<(&Table, TableKind, usize)> = Vec::new();
    let mut missing_include = false;
    for (at, l) in flat.iter().enumerate() {
        let section = hs.section(l.block);
        match &l.block.kind {
            BlockKind::Table(table) => {
                let cols = tables::columns(table);
                if tables::role(&cols, section) == TableRole::Permissions {
                    tables.push((table, TableKind::ByKind(cols), at));
                } else if section.starts_with("permission") && is_by_resource(table) {
                    tables.push((table, TableKind::ByResource, at));
                }
            }
            BlockKind::Include(inc) if section.starts_with("permission") && inc.resolved_path.is_none() => missing_include = true,
            _ => {}
        }
    }
    let several = tables.len() > 1;
    let mut out: Vec<Permission> = Vec::new();
    for (n, (table, kind, at)) in tables.iter().enumerate() {
        let read = match kind {
            TableKind::ByKind(cols) => {
                let scenario = several.then(|| scenario_of(page, hs, flat, *at).unwrap_or_else(|| format!("table {}", n + 1)));
                read(table, cols, scenario.as_deref())
            }
            TableKind::ByResource => read_by_resource(table),
        };
        for p in read {
            // The same table reached twice (a page and its include) adds nothing.
            if !out.contains(&p) {
                out.push(p);
            }
        }
    }
    if out.is_empty() && !missing_include {
        if let Some(line) = hs.line_of(page, "permission") {
            diags.report(
                &page.path,
                line,
                DiagnosticKind::MissingSection,
                "the Permissions section has no permissions table graphgen can read (`Permission type | Permissions` rows, or a row per resource with a column per permission type); the operation documents no permissions",
            );
        }
    }
    out
}

enum TableKind {
    ByKind(Columns),
    ByResource,
}

/// The scenario of the permissions table at `flat[at]`: its own heading
/// when it sits below the section heading, else the sentence before it
/// when that ends in a colon ("For a chat:").
fn scenario_of(page: &Page, hs: &Headings, flat: &[Located<'_>], at: usize) -> Option<String> {
    let block = flat[at].block;
    let deeper = block.context.iter().filter(|&&i| page.headings.get(i).is_some_and(|h| h.level >= 3)).last();
    if let Some(&i) = deeper {
        if hs.section(block).starts_with("permission") {
            return Some(clean_scenario(&page.headings[i].text));
        }
    }
    let previous = flat[..at].iter().rev().take_while(|l| !matches!(l.block.kind, BlockKind::Table(_))).find_map(|l| match &l.block.kind {
        BlockKind::Paragraph(t) => Some(t.text.trim().to_owned()),
        _ => None,
    })?;
    previous.ends_with(':').then(|| clean_scenario(&previous))
}

/// "For applications:" -> "For applications".
fn clean_scenario(text: &str) -> String {
    text.trim().trim_end_matches(':').trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::{Row, Text};
    use crate::schema::tables::columns;

    fn t(s: &str) -> Text {
        Text { text: s.to_string(), links: vec![] }
    }

    fn table(header: &[&str], rows: &[&[&str]]) -> Table {
        Table {
            header: header.iter().map(|h| t(h)).collect(),
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, r)| Row { line: i as u32 + 3, cells: r.iter().map(|c| t(c)).collect() })
                .collect(),
        }
    }

    #[test]
    fn a_least_to_most_list_splits_into_least_and_higher() {
        let tb = table(
            &["Permission type", "Permissions (from least to most privileged)"],
            &[
                &["Delegated (work or school account)", "Widget.Read.All, Widget.ReadWrite.All, Directory.Read.All"],
                &["Delegated (personal Microsoft account)", "Not supported."],
                &["Application", "Widget.ReadWrite.All"],
            ],
        );
        let p = read(&tb, &columns(&tb), None);
        assert_eq!(p.len(), 3);
        assert_eq!(p[0].kind, PermissionKind::DelegatedWork);
        assert_eq!(p[0].least, ["Widget.Read.All"]);
        assert_eq!(p[0].higher, ["Widget.ReadWrite.All", "Directory.Read.All"]);
        assert_eq!(p[1].kind, PermissionKind::DelegatedPersonal);
        assert!(p[1].least.is_empty() && p[1].not_supported);
        assert_eq!((p[2].least.as_slice(), p[2].higher.is_empty()), (&["Widget.ReadWrite.All".to_owned()][..], true));
    }

    #[test]
    fn least_and_higher_columns_and_sub_rows() {
        let tb = table(
            &["Permission type", "Least privileged permissions", "Higher privileged permissions"],
            &[
                &["Delegated (work or school account)", "A.Read", "A.ReadWrite, A.Read"],
                &["Policy Set", "B.Read", ""],
                &["Application", "Not available.", "Not available."],
            ],
        );
        let p = read(&tb, &columns(&tb), None);
        assert_eq!(p[0].least, ["A.Read", "B.Read"]);
        assert_eq!(p[0].higher, ["A.ReadWrite"]);
        assert_eq!(p[1].kind, PermissionKind::Application);
        assert!(p[1].least.is_empty() && p[1].not_supported);
    }

    #[test]
    fn none_means_no_scope_is_needed_not_unsupported() {
        let tb = table(&["Permission type", "Permissions (from least to most privileged)"], &[&["Application", "None."]]);
        let p = read(&tb, &columns(&tb), None);
        assert!(p[0].least.is_empty() && !p[0].not_supported);
    }

    #[test]
    fn a_row_per_resource_gives_each_kind_per_resource() {
        let tb = table(
            &["Supported resource", "Delegated (work or school account)", "Delegated (personal Microsoft account)", "Application"],
            &[&["event", "Calendars.Read", "Calendars.Read", "Calendars.Read"], &["post", "Group.Read.All", "Not supported", "Not supported"]],
        );
        assert!(is_by_resource(&tb));
        let p = read_by_resource(&tb);
        assert_eq!(p.len(), 6);
        assert_eq!((p[0].scenario.as_deref(), p[0].kind, p[0].least.as_slice()), (Some("event"), PermissionKind::DelegatedWork, &["Calendars.Read".to_owned()][..]));
        assert!(p[4].not_supported && p[4].scenario.as_deref() == Some("post"));
    }
}
