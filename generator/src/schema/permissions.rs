//! Permissions tables: `Permission type | Permissions (from least to most
//! privileged)` or `Permission type | Least privileged permissions | Higher
//! privileged permissions`, under any heading or inside an include.
//!
//! Rows are read by kind (`Delegated (work or school account)`, `Delegated
//! (personal Microsoft account)`, `Application`). Rows whose first cell is not
//! a kind (Intune's per-area sub-rows such as `**Policy Set**`) add their
//! scopes to the kind above them. "Not supported." means no scopes.

use super::model::{Permission, PermissionKind};
use super::tables::{cell_text, Columns};
use crate::markdown::Table;

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

/// Scope names in a cell, in order; none for "Not supported." / "Not available.".
pub fn scopes_in(cell: &str) -> Vec<String> {
    cell.split([',', ';', ' '])
        .map(|s| s.trim().trim_matches(|c: char| c == '`' || c == '*' || c == '.'))
        // Scope names are dotted (`User.Read.All`) or snake case (`offline_access`).
        .filter(|s| s.contains('.') || s.contains('_'))
        .filter(|s| s.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_' || c == '-'))
        .filter(|s| !is_filler(s))
        .map(str::to_string)
        .collect()
}

/// Words of "Not supported.", "Not available", "None", "or", "and" that are not scopes.
fn is_filler(s: &str) -> bool {
    matches!(s.to_ascii_lowercase().as_str(), "not" | "supported" | "available" | "none" | "or" | "and" | "n/a" | "see" | "for" | "the")
}

/// Read a permissions table. Kinds appear once each, in table order.
pub fn read(table: &Table, c: &Columns) -> Vec<Permission> {
    let mut out: Vec<Permission> = Vec::new();
    for row in &table.rows {
        let kind_cell = cell_text(row, c.permission_type);
        let mut scopes = scopes_in(&cell_text(row, c.permissions));
        for s in scopes_in(&cell_text(row, c.higher)) {
            if !scopes.contains(&s) {
                scopes.push(s);
            }
        }
        let target = match kind_of(&kind_cell) {
            Some(kind) => match out.iter().position(|p| p.kind == kind) {
                Some(i) => i,
                None => {
                    out.push(Permission { kind, scopes: Vec::new() });
                    out.len() - 1
                }
            },
            // A sub-row belongs to the kind above it.
            None if !out.is_empty() => out.len() - 1,
            None => continue,
        };
        for s in scopes {
            if !out[target].scopes.contains(&s) {
                out[target].scopes.push(s);
            }
        }
    }
    out
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
    fn classic_table() {
        let tb = table(
            &["Permission type", "Permissions (from least to most privileged)"],
            &[
                &["Delegated (work or school account)", "Widget.Read.All, Widget.ReadWrite.All"],
                &["Delegated (personal Microsoft account)", "Not supported."],
                &["Application", "Widget.ReadWrite.All"],
            ],
        );
        let p = read(&tb, &columns(&tb));
        assert_eq!(p.len(), 3);
        assert_eq!(p[0].kind, PermissionKind::DelegatedWork);
        assert_eq!(p[0].scopes, vec!["Widget.Read.All", "Widget.ReadWrite.All"]);
        assert_eq!(p[1].kind, PermissionKind::DelegatedPersonal);
        assert!(p[1].scopes.is_empty());
        assert_eq!(p[2].scopes, vec!["Widget.ReadWrite.All"]);
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
        let p = read(&tb, &columns(&tb));
        assert_eq!(p[0].scopes, vec!["A.Read", "A.ReadWrite", "B.Read"]);
        assert_eq!(p[1].kind, PermissionKind::Application);
        assert!(p[1].scopes.is_empty());
    }
}
