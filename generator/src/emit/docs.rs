//! Doc comments for generated items, as `#[doc = "..."]` attributes (so any
//! docs text is safe to embed; prettyplease prints them as `///`). While a
//! file is formatted where it is made, a block of doc lines is one
//! placeholder put back after formatting ([`super::placeholders`]).

use super::doc_text;
use super::placeholders;
use crate::schema::{DocLink, Source};
use proc_macro2::TokenStream;

/// A doc line as it can be embedded: without the codepoints rustc rejects
/// in comments, or a NUL (placeholders are told apart by theirs).
fn clean(mut line: String) -> String {
    let dropped = |c: char| is_bidi_control(c) || c == '\0';
    if line.contains(dropped) {
        line.retain(|c| !dropped(c));
    }
    line
}

/// A one-line doc attribute (`line` as it follows `///`, usually with a leading space).
pub fn line(line: impl Into<String>) -> TokenStream {
    placeholders::doc_lines(vec![clean(line.into())])
}

/// Collects paragraphs of an item's documentation.
#[derive(Debug, Default)]
pub struct DocBuilder {
    lines: Vec<String>,
}

impl DocBuilder {
    pub fn new() -> Self {
        DocBuilder::default()
    }

    /// A paragraph of docs text (plain text from the pages): lines are
    /// trimmed (indented text would become a doctest) and escaped, so the
    /// text renders as written (see [`doc_text::escape`]).
    pub fn text(&mut self, text: &str) -> &mut Self {
        self.paragraph(text, doc_text::escape)
    }

    /// A paragraph of docs text with the links of its cell put back,
    /// pointing at the published reference (see [`doc_text::linked`]).
    pub fn linked(&mut self, text: &str, links: &[DocLink], page: &str, view: Option<&str>) -> &mut Self {
        if links.is_empty() {
            return self.text(text);
        }
        self.paragraph(text, |line| doc_text::linked(line, links, page, view))
    }

    /// A paragraph the generator wrote itself, in markdown (`code` spans,
    /// links): lines trimmed, nothing escaped.
    pub fn markdown(&mut self, text: &str) -> &mut Self {
        self.paragraph(text, str::to_owned)
    }

    fn paragraph(&mut self, text: &str, render: impl Fn(&str) -> String) -> &mut Self {
        let cleaned: Vec<String> = text.lines().map(str::trim).filter(|l| !l.is_empty()).map(render).collect();
        if !cleaned.is_empty() {
            self.paragraph_break();
            self.lines.extend(cleaned);
        }
        self
    }

    /// Lines kept exactly as they are (a code block, a table), as a paragraph.
    pub fn block(&mut self, lines: impl IntoIterator<Item = String>) -> &mut Self {
        self.paragraph_break();
        self.lines.extend(lines);
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

    /// `Source: `file:line`` as the last paragraph, then the other pages
    /// merged into the item (`Also described by: ...`).
    pub fn source(&mut self, source: &Source, merged_from: &[Source]) -> &mut Self {
        self.paragraph_break();
        // Printably: one doc line whatever the path holds.
        let cite = |s: &Source| format!("`{}:{}`", crate::printable::printable(&s.file), s.line);
        self.lines.push(format!("Source: {}", cite(source)));
        if !merged_from.is_empty() {
            let others: Vec<String> = merged_from.iter().map(cite).collect();
            self.lines.push(format!("Also described by: {}", others.join(", ")));
        }
        self
    }

    pub fn tokens(&self) -> TokenStream {
        let end = self.lines.iter().rposition(|l| !l.is_empty()).map_or(0, |i| i + 1);
        // A leading space, as `///` comments have.
        let lines = self.lines[..end].iter().map(|l| if l.is_empty() { String::new() } else { clean(format!(" {l}")) }).collect();
        placeholders::doc_lines(lines)
    }
}

/// The codepoints rustc's `text_direction_codepoint_in_comment` lint
/// rejects (they can make source read differently from what it does);
/// dropped from docs.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
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

    #[test]
    fn a_nul_in_the_docs_is_dropped_so_it_cannot_pose_as_a_placeholder() {
        let tokens = line(" a\0b").to_string();
        assert!(tokens.contains("ab") && !tokens.contains('\0') && !tokens.contains("\\0"), "{tokens}");
    }
}
