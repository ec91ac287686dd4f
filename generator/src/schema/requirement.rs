//! Whether a request header's description makes it required.
//!
//! Pages say "Required." of a header every request needs, but also
//! "Required when the request includes `$search`" or "This header and
//! `$count` are required when using advanced queries" of one only some
//! requests need. Only the first is required; the condition stays in the
//! description, which the generated docs print.

/// The text says the header is required, without a condition ("when",
/// "if", "for", ... after the word) and without "not required" or
/// "optional" in the same sentence.
pub fn says_required(description: &str) -> bool {
    let lower = description.to_ascii_lowercase();
    lower.split(['.', ';']).any(|sentence| {
        let Some(at) = sentence.find("required") else { return false };
        if sentence.contains("not required") || sentence.contains("optional") {
            return false;
        }
        let after = sentence[at + "required".len()..].trim_start();
        let first = after.split(|c: char| !c.is_ascii_alphabetic()).next().unwrap_or("");
        !CONDITIONS.contains(&first)
    })
}

/// Words that, right after "required", make the requirement conditional.
const CONDITIONS: &[&str] =
    &["when", "if", "for", "only", "in", "with", "unless", "to", "on", "by", "whenever", "where", "while", "during", "after", "before"];

#[cfg(test)]
mod tests {
    use super::says_required;

    #[test]
    fn unconditional_and_conditional_requirements() {
        assert!(says_required("Bearer {token}. Required."));
        assert!(says_required("application/json. Required"));
        assert!(says_required("This header is required."));
        assert!(!says_required("eventual. This header and $count are required when using $search, or in specific usage of $filter."));
        assert!(!says_required("eventual. Required when the request includes the $expand=manager($levels=max) parameter."));
        assert!(!says_required("Required for advanced queries."));
        assert!(!says_required("Optional. Not required for most calls."));
        assert!(!says_required("Name of the caller."));
    }
}
