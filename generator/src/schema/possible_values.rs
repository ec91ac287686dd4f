//! "Possible values are: `a`, `b`, `c`." in a description: the members of an
//! enum that has no page of its own.

/// The listed values, when the text lists at least two plain identifiers.
pub fn listed(description: &str) -> Option<Vec<String>> {
    let lower = description.to_ascii_lowercase();
    let at = lower.find("possible values")?;
    let rest = &description[at + "possible values".len()..];
    // Skip the verb: `are:`, `are`, `:`, `include:`.
    let start = rest.find(':').filter(|&i| i < 20).map(|i| i + 1).or_else(|| {
        let l = rest.to_ascii_lowercase();
        l.find(" are ").filter(|&i| i < 5).map(|i| i + 5)
    })?;
    let list = &rest[start..];
    // The list ends at the end of its sentence.
    let end = list.find(". ").or_else(|| list.find(".\n")).unwrap_or(list.len());
    let list = &list[..end];
    let mut values = Vec::new();
    for piece in list.split(',') {
        for part in piece.split(" and ").flat_map(|p| p.split(" or ")) {
            let v = part.trim().trim_matches(|c: char| c == '`' || c == '"' || c == '\'' || c == '.' || c == '*').trim();
            if v.is_empty() {
                continue;
            }
            if !v.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-') {
                return None;
            }
            if !values.iter().any(|x: &String| x == v) {
                values.push(v.to_string());
            }
        }
    }
    (values.len() >= 2).then_some(values)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists() {
        assert_eq!(listed("The state. Possible values are: a, b, c. Read-only.").unwrap(), vec!["a", "b", "c"]);
        assert_eq!(listed("Possible values are `on` and `off`.").unwrap(), vec!["on", "off"]);
        assert_eq!(listed("The possible values are: low, medium, high, unknownFutureValue").unwrap().len(), 4);
        assert_eq!(listed("Possible values are described in the table below."), None);
        assert_eq!(listed("No list here."), None);
    }
}
