//! Recognizing tables by their columns (heading second).
//!
//! The docs spell column headers many ways (`Property`, `Property name`,
//! `Name`, `Parameter`, `Relationship`; `Type`, `Data type`, `Value type`;
//! ...). A table's role is decided from which columns it has; the section
//! it sits in only breaks ties (e.g. a `Name|Description` table is a header
//! table under `Request headers`).

use crate::markdown::{Row, Table, Text};

/// What a header cell is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// Property / parameter / relationship / member name.
    Name,
    Type,
    Description,
    /// Enum member value.
    Value,
    /// Required / optional marker.
    Required,
    /// An enum member column (`Member`).
    Member,
    PermissionType,
    /// `Permissions (from least to most privileged)` or `Least privileged permissions`.
    Permissions,
    HigherPermissions,
    Header,
    Method,
    Other,
}

/// Classify one header cell.
pub fn column_of(header: &str) -> Column {
    let h = header.trim().trim_matches(|c: char| c == '*' || c == '`').to_lowercase();
    let h = h.trim();
    if h.contains("permission type") || h == "permission types" {
        return Column::PermissionType;
    }
    if h.contains("higher privileged") {
        return Column::HigherPermissions;
    }
    if h.starts_with("permission") || h.contains("least privileged") {
        return Column::Permissions;
    }
    if h.starts_with("member") {
        return Column::Member;
    }
    if h == "header" || h == "headers" || h == "header name" || h == "request header" {
        return Column::Header;
    }
    if h == "method" || h == "methods" {
        return Column::Method;
    }
    if h.starts_with("required") || h.starts_with("optional") || h == "mandatory" {
        return Column::Required;
    }
    if h.contains("description") || h == "notes" || h == "remarks" || h == "details" || h == "summary" {
        return Column::Description;
    }
    if h == "type" || h.ends_with(" type") || h == "datatype" || h.starts_with("type ") {
        return Column::Type;
    }
    if h == "value" || h == "values" || h == "enum value" || h == "numeric value" || h == "integer value" {
        return Column::Value;
    }
    if h.starts_with("property")
        || h.starts_with("parameter")
        || h.starts_with("name")
        || h.starts_with("relationship")
        || h == "field"
        || h == "key"
        || h == "attribute"
        || h == "element"
    {
        return Column::Name;
    }
    Column::Other
}

/// The columns of a table, by role (first occurrence wins).
#[derive(Debug, Clone, Default)]
pub struct Columns {
    pub name: Option<usize>,
    pub ty: Option<usize>,
    pub description: Option<usize>,
    pub value: Option<usize>,
    pub required: Option<usize>,
    pub member: Option<usize>,
    pub permission_type: Option<usize>,
    pub permissions: Option<usize>,
    pub higher: Option<usize>,
    pub header: Option<usize>,
    pub method: Option<usize>,
    /// Header cell texts, lowercased, for tie-breaking.
    pub raw: Vec<String>,
}

pub fn columns(table: &Table) -> Columns {
    let mut c = Columns::default();
    for (i, cell) in table.header.iter().enumerate() {
        c.raw.push(cell.text.trim().to_lowercase());
        let slot = match column_of(&cell.text) {
            Column::Name => &mut c.name,
            Column::Type => &mut c.ty,
            Column::Description => &mut c.description,
            Column::Value => &mut c.value,
            Column::Required => &mut c.required,
            Column::Member => &mut c.member,
            Column::PermissionType => &mut c.permission_type,
            Column::Permissions => &mut c.permissions,
            Column::HigherPermissions => &mut c.higher,
            Column::Header => &mut c.header,
            Column::Method => &mut c.method,
            Column::Other => continue,
        };
        if slot.is_none() {
            *slot = Some(i);
        }
    }
    c
}

/// What a table is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableRole {
    /// Name | Type | Description (properties, relationships, parameters).
    Typed,
    /// Enum members: Member (| Value) (| Description).
    Members,
    Permissions,
    /// Request headers: Header | Value / Description.
    Headers,
    /// The Methods table of a resource page, and anything else.
    Other,
}

/// Decide a table's role from its columns; `section` (lowercased heading)
/// only breaks the `Name | Description` / `Name | Value` tie.
pub fn role(c: &Columns, section: &str) -> TableRole {
    if c.permission_type.is_some() && (c.permissions.is_some() || c.higher.is_some()) {
        return TableRole::Permissions;
    }
    if c.method.is_some() {
        return TableRole::Other;
    }
    if c.header.is_some() {
        return TableRole::Headers;
    }
    if c.ty.is_some() && (c.name.is_some() || c.member.is_some()) {
        return TableRole::Typed;
    }
    if c.member.is_some() {
        return TableRole::Members;
    }
    if c.name.is_some() && section.contains("header") {
        return TableRole::Headers;
    }
    if (c.name.is_some() || c.value.is_some()) && (section.contains("member") || section.contains("value")) {
        return TableRole::Members;
    }
    TableRole::Other
}

/// The names a table's rows (or several tables' rows) have used so far:
/// whether a row's name is used for the first time, in constant time. A
/// scan of the rows before it made a 100,000-row table take 15 s.
#[derive(Debug, Default)]
pub struct FirstUse(std::collections::HashSet<String>);

impl FirstUse {
    /// `true` the first time `name` is seen, `false` after.
    pub fn first(&mut self, name: &str) -> bool {
        !self.0.contains(name) && self.0.insert(name.to_owned())
    }
}

/// The text of a cell, or an empty text when the row is short.
pub fn cell(row: &Row, index: Option<usize>) -> Option<&Text> {
    row.cells.get(index?)
}

/// Cell text, trimmed (empty when absent).
pub fn cell_text(row: &Row, index: Option<usize>) -> String {
    cell(row, index).map(|t| t.text.trim().to_string()).unwrap_or_default()
}

/// The links of a cell, in order (the schema keeps them beside its text).
pub fn cell_links(row: &Row, index: Option<usize>) -> Vec<super::model::DocLink> {
    cell(row, index)
        .map(|t| t.links.iter().map(|l| super::model::DocLink { text: l.text.clone(), target: l.target.clone() }).collect())
        .unwrap_or_default()
}

/// A property / member name from a name cell: the first word, markup
/// leftovers (`*`, `` ` ``, `:`) trimmed. Cells like `id (deprecated)` name `id`.
pub fn name_in(cell: &str) -> String {
    let first = cell.split_whitespace().next().unwrap_or("");
    first
        .trim_matches(|c: char| !(c.is_alphanumeric() || c == '_' || c == '@' || c == '$'))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(headers: &[&str]) -> Table {
        Table {
            header: headers.iter().map(|h| Text { text: h.to_string(), links: vec![] }).collect(),
            rows: vec![],
        }
    }

    #[test]
    fn typed_tables_in_any_spelling_and_order() {
        for h in [
            &["Property", "Type", "Description"][..],
            &["Type", "Property name", "Description"],
            &["Parameter", "Type", "Description", "Required"],
            &["Relationship", "Type", "Description"],
            &["Name", "Data type", "Description"],
        ] {
            let c = columns(&table(h));
            assert_eq!(role(&c, ""), TableRole::Typed, "{h:?}");
        }
        let c = columns(&table(&["Type", "Property name", "Description"]));
        assert_eq!((c.name, c.ty, c.description), (Some(1), Some(0), Some(2)));
    }

    #[test]
    fn other_roles() {
        assert_eq!(role(&columns(&table(&["Member", "Value", "Description"])), ""), TableRole::Members);
        assert_eq!(role(&columns(&table(&["Member"])), ""), TableRole::Members);
        assert_eq!(role(&columns(&table(&["Name", "Description"])), "members"), TableRole::Members);
        assert_eq!(
            role(&columns(&table(&["Permission type", "Permissions (from least to most privileged)"])), ""),
            TableRole::Permissions
        );
        assert_eq!(
            role(
                &columns(&table(&["Permission type", "Least privileged permissions", "Higher privileged permissions"])),
                ""
            ),
            TableRole::Permissions
        );
        assert_eq!(role(&columns(&table(&["Header", "Value"])), ""), TableRole::Headers);
        assert_eq!(role(&columns(&table(&["Name", "Description"])), "request headers"), TableRole::Headers);
        assert_eq!(role(&columns(&table(&["Name", "Description"])), "properties"), TableRole::Other);
        assert_eq!(role(&columns(&table(&["Method", "Return Type", "Description"])), ""), TableRole::Other);
    }

    #[test]
    fn first_use_of_each_name() {
        let mut seen = FirstUse::default();
        assert!(seen.first("id"));
        assert!(seen.first("displayName"));
        assert!(!seen.first("id"));
        assert!(seen.first("ID"), "names are compared as written");
    }

    #[test]
    fn names_from_cells() {
        assert_eq!(name_in("id"), "id");
        assert_eq!(name_in("`displayName` (deprecated)"), "displayName");
        assert_eq!(name_in("@odata.type"), "@odata.type");
        assert_eq!(name_in(""), "");
    }
}
