//! Whether a piece of page text states a given type: a table's type cell
//! (`[user](user.md) collection`, `String`, `Int32`) or a JSON
//! representation's sample value (`"String"`, `[{"@odata.type":
//! "microsoft.graph.x"}]`, `true`).
//!
//! The question is asked with the answer in hand ("does this cell say
//! `Collection(Edm.String)`?"), which is the reverse of the schema stage's
//! reading ("what does this cell say?") and shares none of its code.

use super::csdl::MetaRef;
use super::page_text::Inline;

/// The ways the docs spell each Edm primitive (lowercase words).
fn spellings(edm: &str) -> &'static [&'static str] {
    match edm {
        "Edm.String" => &["string"],
        "Edm.Boolean" => &["boolean", "bool"],
        "Edm.Int32" => &["int32", "integer", "int"],
        "Edm.Int64" => &["int64", "long"],
        "Edm.Int16" => &["int16", "short"],
        "Edm.Byte" => &["byte"],
        "Edm.SByte" => &["sbyte"],
        "Edm.Single" => &["single", "float"],
        "Edm.Double" => &["double"],
        "Edm.Decimal" => &["decimal"],
        "Edm.DateTimeOffset" => &["datetimeoffset", "datetime", "timestamp"],
        "Edm.Date" => &["date"],
        "Edm.TimeOfDay" => &["timeofday", "time"],
        "Edm.Duration" => &["duration", "timespan"],
        "Edm.Guid" => &["guid", "uuid"],
        "Edm.Binary" => &["binary", "base64", "base64url"],
        "Edm.Stream" => &["stream"],
        "Edm.Untyped" => &["json", "object", "any", "untyped"],
        _ => &[],
    }
}

/// Every primitive spelling, to tell a cell that names some primitive.
const ALL_PRIMITIVES: [&str; 18] = [
    "Edm.String",
    "Edm.Boolean",
    "Edm.Int32",
    "Edm.Int64",
    "Edm.Int16",
    "Edm.Byte",
    "Edm.SByte",
    "Edm.Single",
    "Edm.Double",
    "Edm.Decimal",
    "Edm.DateTimeOffset",
    "Edm.Date",
    "Edm.TimeOfDay",
    "Edm.Duration",
    "Edm.Guid",
    "Edm.Binary",
    "Edm.Stream",
    "Edm.Untyped",
];

/// Lowercase words of a text, dotted names kept whole and `edm.` dropped.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '.' || c == '_'))
        .map(|w| w.trim_matches('.').to_ascii_lowercase())
        .filter(|w| !w.is_empty())
        .map(|w| w.strip_prefix("edm.").map(str::to_string).unwrap_or(w))
        .collect()
}

/// Whether a text says "a collection of".
fn says_collection(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    lower.contains("collection") || lower.contains("[]") || lower.contains("array") || lower.contains("list of")
}

/// Whether a word is the type's name, short or qualified.
fn word_names(word: &str, qualified: &str) -> bool {
    let short = qualified.rsplit('.').next().unwrap_or(qualified);
    let word = word.trim_start_matches('#');
    word.eq_ignore_ascii_case(short) || word.eq_ignore_ascii_case(qualified)
}

/// Whether a type cell names the element type (primitive or named).
fn cell_names(cell: &Inline, name: &str) -> bool {
    if name.starts_with("Edm.") {
        let spelled = spellings(name);
        return words(&cell.text).iter().any(|w| spelled.contains(&w.as_str()));
    }
    let short = name.rsplit('.').next().unwrap_or(name).to_ascii_lowercase();
    let by_link = cell.links.iter().any(|l| {
        let stem = l.target.split('#').next().unwrap_or("").rsplit('/').next().unwrap_or("").trim_end_matches(".md").to_ascii_lowercase();
        let anchor = l.target.split('#').nth(1).unwrap_or("").to_ascii_lowercase();
        words(&l.text).iter().any(|w| word_names(w, name))
            || stem == short
            || stem.ends_with(&format!("-{short}"))
            || anchor.trim_end_matches("-values") == short
    });
    by_link || words(&cell.text).iter().any(|w| word_names(w, name))
}

/// Whether a table's type cell states `want` (element type and collection-ness).
pub fn cell_says(cell: &Inline, want: &MetaRef) -> bool {
    says_collection(&cell.text) == want.collection && cell_names(cell, &want.name)
}

/// Whether a type cell states some type at all (a primitive or a link).
pub fn cell_states_a_type(cell: &Inline) -> bool {
    !cell.links.is_empty() || ALL_PRIMITIVES.iter().any(|p| cell_names(cell, p))
}

/// Whether a JSON representation's sample value states `want`. Only samples
/// that name a type count: `"String"`, `"Guid"`, `"String (timestamp)"`, an
/// object's `@odata.type`, `true`/`false`; numbers and example strings say
/// nothing precise.
pub fn json_says(value: &str, want: &MetaRef) -> bool {
    let value = value.trim().trim_end_matches(',').trim();
    let (collection, inner) = match value.strip_prefix('[') {
        Some(rest) => (true, rest.trim()),
        None => (false, value),
    };
    if collection != want.collection {
        return false;
    }
    match json_sample_type(inner) {
        Some(said) => said.eq_ignore_ascii_case(&want.name) || (!want.name.starts_with("Edm.") && word_names(&said, &want.name)),
        None => false,
    }
}

/// The type a sample names: `Edm.X` or a (possibly short) type name.
fn json_sample_type(sample: &str) -> Option<String> {
    if sample.starts_with("true") || sample.starts_with("false") {
        return Some("Edm.Boolean".to_string());
    }
    if let Some(object) = sample.strip_prefix('{') {
        let at = object.find("@odata.type")?;
        let rest = object[at + "@odata.type".len()..].trim_start_matches(['"', ':', ' ']);
        let end = rest.find('"')?;
        return Some(rest[..end].trim_start_matches('#').to_string());
    }
    let text = sample.strip_prefix('"')?;
    let text = &text[..text.find('"')?];
    let said = words(text);
    // "String (timestamp)" is the docs' way to write a date-time.
    if said.iter().any(|w| w == "timestamp" || w == "datetimeoffset" || w == "datetime") {
        return Some("Edm.DateTimeOffset".to_string());
    }
    if said.len() > 3 {
        return None;
    }
    let primitive = ALL_PRIMITIVES.iter().find(|p| said.first().is_some_and(|w| spellings(p).contains(&w.as_str())));
    match primitive {
        Some(p) => Some(p.to_string()),
        None if said.len() == 1 && said[0].contains('.') => Some(said[0].clone()),
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::page_text::inline;

    fn r(name: &str, collection: bool) -> MetaRef {
        MetaRef { name: name.to_string(), collection }
    }

    #[test]
    fn cells() {
        assert!(cell_says(&inline("[user](../resources/user.md) collection"), &r("microsoft.graph.user", true)));
        assert!(!cell_says(&inline("[user](../resources/user.md) collection"), &r("microsoft.graph.user", false)));
        assert!(cell_says(&inline("String collection"), &r("Edm.String", true)));
        assert!(cell_says(&inline("Collection of String"), &r("Edm.String", true)));
        assert!(cell_says(&inline("Int32"), &r("Edm.Int32", false)));
        assert!(!cell_says(&inline("Int32"), &r("Edm.Int64", false)));
        assert!(cell_says(&inline("[session](callrecords-session.md)"), &r("microsoft.graph.callRecords.session", false)));
        assert!(cell_says(&inline("microsoft.graph.callRecords.session"), &r("microsoft.graph.callRecords.session", false)));
        assert!(cell_says(&inline("[riskLevel](enums.md#risklevel-values)"), &r("microsoft.graph.riskLevel", false)));
        assert!(!cell_says(&inline("String"), &r("microsoft.graph.riskLevel", false)));
        assert!(cell_states_a_type(&inline("DateTimeOffset")));
        assert!(!cell_states_a_type(&inline("see below")));
    }

    #[test]
    fn json_samples() {
        assert!(json_says("\"String\",", &r("Edm.String", false)));
        assert!(json_says("[\"string\"],", &r("Edm.String", true)));
        assert!(json_says("\"String (timestamp)\"", &r("Edm.DateTimeOffset", false)));
        assert!(!json_says("\"String (timestamp)\"", &r("Edm.String", false)));
        assert!(json_says("[{\"@odata.type\": \"microsoft.graph.assignedLicense\"}],", &r("microsoft.graph.assignedLicense", true)));
        assert!(json_says("true", &r("Edm.Boolean", false)));
        assert!(!json_says("1024", &r("Edm.Int64", false)));
        assert!(!json_says("\"Contoso Sales\"", &r("Edm.String", false)));
    }
}
