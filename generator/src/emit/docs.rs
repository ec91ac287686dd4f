//! Doc comments for generated items, as `#[doc = "..."]` attributes (so any
//! docs text is safe to embed; prettyplease prints them as `///`).

use crate::schema::Source;
use proc_macro2::TokenStream;
use quote::quote;

/// Collects paragraphs of an item's documentation.
#[derive(Debug, Default)]
pub struct DocBuilder {
    lines: Vec<String>,
}

impl DocBuilder {
    pub fn new() -> Self {
        DocBuilder::default()
    }

    /// A paragraph of docs text. Lines are trimmed (indented text would
    /// become a doctest) and code fences are neutralized.
    pub fn text(&mut self, text: &str) -> &mut Self {
        let cleaned: Vec<String> = text
            .lines()
            .map(|l| l.trim().replace("```", "\\`\\`\\`"))
            .filter(|l| !l.is_empty())
            .collect();
        if !cleaned.is_empty() {
            self.paragraph_break();
            self.lines.extend(cleaned);
        }
        self
    }

    /// A line of text in the current paragraph (e.g. a list item).
    pub fn line(&mut self, line: impl Into<String>) -> &mut Self {
        self.lines.push(line.into());
        self
    }

    pub fn paragraph_break(&mut self) -> &mut Self {
        if self.lines.last().is_some_and(|l| !l.is_empty()) {
            self.lines.push(String::new());
        }
        self
    }

    /// `Source: `file:line`` as the last paragraph.
    pub fn source(&mut self, source: &Source) -> &mut Self {
        self.paragraph_break();
        self.lines.push(format!("Source: `{}:{}`", source.file, source.line));
        self
    }

    pub fn tokens(&self) -> TokenStream {
        let mut lines = self.lines.clone();
        while lines.last().is_some_and(|l| l.is_empty()) {
            lines.pop();
        }
        // A leading space, as `///` comments have. Bidirectional-text
        // controls are dropped: rustc rejects them in comments (they can make
        // source read differently from what it does).
        let lines = lines.iter().map(|l| {
            let l: String = l.chars().filter(|c| !is_bidi_control(*c)).collect();
            if l.is_empty() { String::new() } else { format!(" {l}") }
        });
        quote!(#(#[doc = #lines])*)
    }
}

/// The codepoints rustc's `text_direction_codepoint_in_comment` lint rejects.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Docs text plus its source, the common case.
pub fn described(description: &str, source: &Source) -> TokenStream {
    DocBuilder::new().text(description).source(source).tokens()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bidi_controls_never_reach_doc_comments() {
        let tokens = DocBuilder::new().text("left \u{202E}right\u{2066} end").tokens().to_string();
        assert!(!tokens.contains('\u{202E}') && !tokens.contains('\u{2066}'));
        assert!(tokens.contains("left right end"));
    }
}
