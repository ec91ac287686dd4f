//! Which OData system query options an operation supports, from what its
//! page says under `Optional query parameters` (or `Query parameters`).
//!
//! The docs say it three ways, read sentence by sentence:
//! - prose: "This method supports the `$select`, `$filter` and `$top` OData
//!   query parameters": a *statement* (it speaks of support, unconditionally)
//!   that lists options; "This method supports the following OData query
//!   parameters:" followed by a list of option names is one too;
//! - negations: "`$skip` isn't supported", "does not support `$search`",
//!   "Some operators are not supported: `$count`, `$format`": those options
//!   are unsupported; "This method does not support OData query parameters"
//!   (no option named) supports none; "The other query parameters are not
//!   supported" adds nothing to the list before it;
//! - tables: rows whose name is an option (`| $filter | string | ... |`) list
//!   the supported ones (a row whose description says "Not supported."
//!   unsupported).
//!
//! What is not a statement only adds the options it names as supported:
//! mentions ("You can use `$expand` to ..."), conditional sentences ("Some
//! queries are supported only when ... `$count`", "not supported when using
//! `$search`") and what is said of properties ("The **x** properties do not
//! support `$select`": a limit of those properties, not of the operation).
//! A generic statement ("supports the OData query parameters to help
//! customize the response", "supports some of the ...") lists nothing: what
//! is offered then is the default for the operation's kind ([`offered`]).

use super::model::{OperationKind, Operation, QueryOptionsSaid};

/// OData's system query options (lowercase, without `$`): other `$words`
/// in a sentence are path segments (`$value`, `$ref`) or noise.
const KNOWN: [&str; 13] =
    ["apply", "compute", "count", "deltatoken", "expand", "filter", "format", "orderby", "search", "select", "skip", "skiptoken", "top"];

/// Options a request builder has typed methods for (see the runtime's
/// `query` module), in the runtime's fixed order.
pub const TYPED: [&str; 8] = ["select", "expand", "filter", "search", "orderby", "top", "skip", "count"];

/// What a collection-returning GET offers when its page says nothing
/// specific: every typed option, as OData allows them on collections and
/// as the other Graph SDKs generate them.
const COLLECTION_DEFAULT: [&str; 8] = TYPED;

/// What a GET of one entity offers when its page says nothing specific.
const ENTITY_DEFAULT: [&str; 2] = ["expand", "select"];

/// What one page says, gathered over its query-parameter section.
#[derive(Debug, Clone, Default)]
pub struct PageQueryOptions {
    pub supported: Vec<String>,
    pub unsupported: Vec<String>,
    pub said: QueryOptionsSaid,
    /// The last sentence announced a list ("supports the following ...:").
    listing: bool,
}

impl PageQueryOptions {
    /// One paragraph (or list item) of the section.
    pub fn read_paragraph(&mut self, text: &str) {
        let announced = std::mem::take(&mut self.listing);
        let names = names_in(text, false);
        // A list item of the announced list: nothing but option names.
        if announced && !names.is_empty() && only_names(text) {
            self.listing = true;
            self.state(&names);
            return;
        }
        for sentence in sentences(text) {
            self.read_sentence(sentence);
        }
    }

    fn read_sentence(&mut self, sentence: &str) {
        let lower = sentence.to_ascii_lowercase();
        let speaks_of_options = lower.contains("query param") || lower.contains("query option") || lower.contains("odata");
        let names = names_in(sentence, speaks_of_options);
        let negated = NEGATIONS.iter().any(|n| lower.contains(n));
        let supports = lower.contains("support");
        let conditional = [" when ", " if ", "only with", " unless "].iter().any(|c| lower.contains(c));
        // "The **x** properties ... do not support `$select`": said of properties.
        let of_properties = lower.find("propert").is_some_and(|p| NEGATIONS.iter().filter_map(|n| lower.find(n)).any(|n| p < n));
        if negated && !conditional && !of_properties {
            // "does not support any OData query parameters (for example,
            // `$filter` ...)": the options in general come before any name.
            let general_at = ["query param", "query option", "odata"].iter().filter_map(|w| lower.find(w)).min();
            let of_all = general_at.is_some_and(|g| lower.find('$').is_none_or(|d| g < d));
            if of_all && !lower.contains("other") && self.said != QueryOptionsSaid::Listed {
                self.said = QueryOptionsSaid::None;
            }
            self.unsupported.extend(names);
        } else if supports && !negated && !conditional && !of_properties {
            if !names.is_empty() {
                self.state(&names);
            } else if sentence.trim_end().ends_with(':') {
                self.listing = true;
            }
        } else if !negated {
            self.supported.extend(names);
        }
    }

    /// A statement that lists these options as supported.
    fn state(&mut self, names: &[String]) {
        self.said = QueryOptionsSaid::Listed;
        self.supported.extend(names.iter().cloned());
    }

    /// A table row of the section: `name` is its name cell, `description` the rest.
    pub fn read_row(&mut self, name: &str, description: &str) {
        let Some(option) = option_name(name.trim().trim_matches(|c: char| c == '`' || c == '*')) else { return };
        let lower = description.to_ascii_lowercase();
        let negated = NEGATIONS.iter().any(|n| lower.contains(n));
        let conditional = [" when ", " if ", "only with", " unless "].iter().any(|c| lower.contains(c));
        if negated && !conditional {
            self.unsupported.push(option);
        } else {
            self.state(&[option]);
        }
    }

    /// Sorted and deduplicated, an option said both ways left unsupported.
    pub fn finish(mut self) -> PageQueryOptions {
        for list in [&mut self.supported, &mut self.unsupported] {
            list.sort();
            list.dedup();
        }
        let unsupported = self.unsupported.clone();
        self.supported.retain(|o| !unsupported.contains(o));
        self
    }
}

const NEGATIONS: [&str; 8] =
    ["not support", "n't support", "isn't supported", "aren't supported", "not supported", "unsupported", "not currently supported", "not allowed"];

/// `$select`-style names in a sentence (and bare `select`-style words of the
/// typed options when the sentence speaks of query parameters: "supports the
/// `select` and `expand` OData query parameters").
fn names_in(text: &str, bare_words: bool) -> Vec<String> {
    let lower = text.to_ascii_lowercase();
    let mut out: Vec<String> = Vec::new();
    for (i, _) in lower.match_indices('$') {
        let word: String = lower[i + 1..].chars().take_while(|c| c.is_ascii_alphabetic()).collect();
        if KNOWN.contains(&word.as_str()) && !out.contains(&word) {
            out.push(word);
        }
    }
    if out.is_empty() && bare_words {
        for word in lower.split(|c: char| !c.is_ascii_alphabetic()) {
            if TYPED.contains(&word) && word != "top" && word != "count" && !out.iter().any(|o| o == word) {
                out.push(word.to_owned());
            }
        }
    }
    out
}

/// Text made of option names alone (a list item `$select`, `$top (max 50)` is not).
fn only_names(text: &str) -> bool {
    text.split([',', ' ']).filter(|w| !w.is_empty() && *w != "and").all(|w| option_name(w.trim_matches(|c: char| c == '`' || c == '*' || c == '.')).is_some())
}

/// `$select` (any case) as `select`; `None` for anything else.
pub fn option_name(text: &str) -> Option<String> {
    let name = text.strip_prefix('$')?.to_ascii_lowercase();
    KNOWN.contains(&name.as_str()).then_some(name)
}

/// The sentences of a paragraph ("e.g." and such abbreviations end none).
fn sentences(text: &str) -> impl Iterator<Item = &str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, _) in text.match_indices(". ") {
        let before = &text[start..i];
        let abbreviation = before.ends_with("e.g") || before.ends_with("i.e") || before.ends_with("etc");
        if !abbreviation {
            out.push(&text[start..=i]);
            start = i + 2;
        }
    }
    out.push(&text[start..]);
    out.into_iter()
}

/// The OData system query options an example request URL passes
/// (`?$select=a&$top=5`), lowercase without `$`.
pub fn in_url(url: &str) -> Vec<String> {
    let Some((_, query)) = url.split_once('?') else { return Vec::new() };
    let mut out: Vec<String> = Vec::new();
    for pair in query.split('&') {
        let name = pair.split('=').next().unwrap_or("").trim();
        let name = name.replace("%24", "$");
        if let Some(option) = option_name(&name) {
            if !out.contains(&option) {
                out.push(option);
            }
        }
    }
    out
}

/// The options a request builder offers for `op`: those the page lists
/// (with those its examples use); none when it says none; when it says
/// nothing specific, the default of the kind (a collection GET: every
/// typed option; a GET of one entity: `$select` and `$expand`; other
/// requests: none) with those its prose or examples name, less what it says
/// is unsupported. Sorted, lowercase, without `$`.
pub fn offered(op: &Operation) -> Vec<String> {
    let mut out: Vec<String> = op.query_options.clone();
    if op.query_options_said == QueryOptionsSaid::Unstated {
        let collection = op.response.ty.as_ref().is_some_and(|t| t.collection);
        let defaults: &[&str] = match op.kind {
            OperationKind::List => &COLLECTION_DEFAULT,
            OperationKind::Function | OperationKind::Other if op.method == super::HttpMethod::Get && collection => &COLLECTION_DEFAULT,
            OperationKind::Get => &ENTITY_DEFAULT,
            _ => &[],
        };
        out.extend(defaults.iter().map(|d| d.to_string()));
    }
    out.retain(|o| !op.query_options_unsupported.contains(o));
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(paragraphs: &[&str]) -> PageQueryOptions {
        let mut q = PageQueryOptions::default();
        for p in paragraphs {
            q.read_paragraph(p);
        }
        q.finish()
    }

    #[test]
    fn statements_list_the_options() {
        let q = read(&["This method supports the $count, $expand, $filter, $orderBy, $search, $select, and $top OData query parameters to help customize the response. Some queries are supported only when you use the ConsistencyLevel header set to eventual and $count."]);
        assert_eq!(q.said, QueryOptionsSaid::Listed);
        assert_eq!(q.supported, ["count", "expand", "filter", "orderby", "search", "select", "top"]);
        let q = read(&["This method supports the select and expand OData query parameters to help customize the response."]);
        assert_eq!((q.said, q.supported), (QueryOptionsSaid::Listed, vec!["expand".to_owned(), "select".to_owned()]));
    }

    #[test]
    fn announced_lists() {
        let q = read(&["This method only supports following OData query parameters:", "$select", "$top", "Use $top with care."]);
        assert_eq!(q.said, QueryOptionsSaid::Listed);
        assert_eq!(q.supported, ["select", "top"]);
    }

    #[test]
    fn negations() {
        let q = read(&["This method supports the $filter and $top OData query parameters. $skip isn't supported."]);
        assert_eq!((q.supported.clone(), q.unsupported.clone()), (vec!["filter".to_owned(), "top".to_owned()], vec!["skip".to_owned()]));
        let q = read(&["This method supports the OData query parameters to help customize the response. Some operators are not supported: $count, $format, $search."]);
        assert_eq!(q.said, QueryOptionsSaid::Unstated);
        assert_eq!(q.unsupported, ["count", "format", "search"]);
        let q = read(&["This method does not support OData query parameters to customize the response."]);
        assert_eq!(q.said, QueryOptionsSaid::None);
        let q = read(&["This method does not support any OData query parameters (for example, $filter is not supported here)."]);
        assert_eq!((q.said, q.unsupported), (QueryOptionsSaid::None, vec!["filter".to_owned()]));
        let q = read(&["This method supports the $filter OData query parameter. This method does not support the $top filter."]);
        assert_eq!((q.said, q.supported, q.unsupported), (QueryOptionsSaid::Listed, vec!["filter".to_owned()], vec!["top".to_owned()]));
        let q = read(&["This method supports the $select query parameter. The other OData query parameters are not currently supported."]);
        assert_eq!((q.said, q.supported), (QueryOptionsSaid::Listed, vec!["select".to_owned()]));
    }

    #[test]
    fn conditions_and_properties_limit_nothing() {
        let q = read(&["This method supports the OData query parameters. The createdDateTime and lastModifiedDateTime properties do not support $select. $skip is not supported when using $search."]);
        assert_eq!(q.said, QueryOptionsSaid::Unstated);
        assert!(q.unsupported.is_empty(), "{:?}", q.unsupported);
        let q = read(&["You can use $expand to expand specific properties."]);
        assert_eq!((q.said, q.supported), (QueryOptionsSaid::Unstated, vec!["expand".to_owned()]));
    }

    #[test]
    fn rows_and_urls() {
        let mut q = PageQueryOptions::default();
        q.read_row("$filter", "Limits the response.");
        q.read_row("`$skip`", "Not supported.");
        q.read_row("startDateTime", "The start of the range.");
        let q = q.finish();
        assert_eq!((q.said, q.supported, q.unsupported), (QueryOptionsSaid::Listed, vec!["filter".to_owned()], vec!["skip".to_owned()]));
        assert_eq!(in_url("https://graph.microsoft.com/beta/users?$select=id&%24top=5&$orderBy=x&other=1"), ["select", "top", "orderby"]);
        assert!(in_url("/users/$count").is_empty());
    }
}
