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
        // A leading space, as `///` comments have.
        let lines = lines.iter().map(|l| if l.is_empty() { String::new() } else { format!(" {l}") });
        quote!(#(#[doc = #lines])*)
    }
}

/// Docs text plus its source, the common case.
pub fn described(description: &str, source: &Source) -> TokenStream {
    DocBuilder::new().text(description).source(source).tokens()
}
