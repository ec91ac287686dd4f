//! Doc comments for generated items, as `#[doc = "..."]` attributes (so any
//! docs text is safe to embed; prettyplease prints them as `///`).
//!
//! Docs are about half the generated text, and each line would otherwise be
//! escaped into a string literal, parsed by syn, unescaped and printed by
//! prettyplease. A file formatted where it is made ([`collecting`]) instead
//! gets a short placeholder `#[doc = "\0N"]` per line, and [`splice`] puts
//! the text in after formatting. The placeholder is a doc attribute too, so
//! prettyplease lays the file out exactly as it would with the real text (a
//! `///` line is one word it never wraps); the result is byte for byte the
//! same.

use super::doc_text;
use crate::schema::{DocLink, Source};
use proc_macro2::TokenStream;
use quote::quote;
use std::cell::RefCell;

thread_local! {
    /// The doc lines of the file being made on this thread, while [`collecting`].
    static COLLECTED: RefCell<Option<Vec<String>>> = const { RefCell::new(None) };
}

/// Runs `make` with doc lines collected (see the module docs); returns its
/// tokens and the lines their placeholders stand for. `make` must make its
/// tokens on this thread (the file emitters are serial inside one file).
pub(crate) fn collecting(make: impl FnOnce() -> TokenStream) -> (TokenStream, Vec<String>) {
    struct Reset(Option<Vec<String>>);
    impl Drop for Reset {
        fn drop(&mut self) {
            COLLECTED.with(|c| *c.borrow_mut() = self.0.take());
        }
    }
    // Nested use restores the outer collection when done (and on unwind).
    let outer = COLLECTED.with(|c| c.borrow_mut().replace(Vec::new()));
    let reset = Reset(outer);
    let tokens = make();
    let lines = COLLECTED.with(|c| c.borrow_mut().take()).unwrap_or_default();
    drop(reset);
    (tokens, lines)
}

/// Formatted text with each placeholder doc line `///\0N` (or `//!\0N`)
/// made `///` + line N, trailing spaces trimmed as prettyplease trims a doc
/// line. Only placeholders carry a NUL: docs text never does (see [`doc_attr`]).
pub(crate) fn splice(formatted: &str, lines: &[String]) -> String {
    let mut out = String::with_capacity(formatted.len() + lines.iter().map(String::len).sum::<usize>());
    let mut rest = formatted;
    while let Some(at) = rest.find('\0') {
        let (before, marker) = rest.split_at(at);
        out.push_str(before);
        let digits = marker[1..].bytes().take_while(u8::is_ascii_digit).count();
        let in_doc_comment = before.ends_with("///") || before.ends_with("//!");
        let line = marker[1..1 + digits].parse::<usize>().ok().and_then(|n| lines.get(n)).filter(|_| in_doc_comment);
        match line {
            Some(line) => out.push_str(line.trim_end_matches(' ')),
            // Not a placeholder of ours: keep it as printed.
            None => out.push_str(&marker[..1 + digits]),
        }
        rest = &marker[1 + digits..];
    }
    out.push_str(rest);
    out
}

/// One `#[doc]` attribute: a placeholder while [`collecting`] (when the
/// line is one prettyplease prints as a `///` line), the text otherwise.
fn doc_attr(mut line: String) -> TokenStream {
    let dropped = |c: char| is_bidi_control(c) || c == '\0';
    if line.contains(dropped) {
        line.retain(|c| !dropped(c));
    }
    let printed_as_line_comment = !line.contains('\n') && !line.starts_with('/');
    let text = COLLECTED.with(|c| match c.borrow_mut().as_mut() {
        Some(lines) if printed_as_line_comment => {
            lines.push(line);
            format!("\0{}", lines.len() - 1)
        }
        _ => line,
    });
    quote!(#[doc = #text])
}

/// A one-line doc attribute (`line` as it follows `///`, usually with a leading space).
pub fn line(line: impl Into<String>) -> TokenStream {
    doc_attr(line.into())
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
        self.lines[..end].iter().map(|l| doc_attr(if l.is_empty() { String::new() } else { format!(" {l}") })).collect()
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

    fn formatted(tokens: TokenStream) -> String {
        prettyplease::unparse(&syn::parse2(tokens).expect("test tokens parse"))
    }

    fn sample() -> TokenStream {
        let mut struct_doc = DocBuilder::new();
        struct_doc.markdown("A widget.   \nSecond line with `code` and \"quotes\" \\ backslash.").line("/ starts with a slash");
        let struct_doc = struct_doc.tokens();
        let field_doc = line(" The size.");
        quote! {
            #struct_doc
            pub struct Widget {
                #field_doc
                pub size: i32,
            }
        }
    }

    #[test]
    fn spliced_docs_format_exactly_as_doc_attributes_do() {
        let plain = formatted(sample());
        let (tokens, lines) = collecting(sample);
        assert!(lines.len() >= 3, "doc lines are collected: {lines:?}");
        let placeholders = formatted(tokens);
        assert!(placeholders.contains("///\0"), "placeholders printed as doc lines: {placeholders}");
        assert_eq!(splice(&placeholders, &lines), plain);
        assert!(plain.contains("/// Second line with `code` and \"quotes\" \\ backslash.\n"), "{plain}");
    }

    #[test]
    fn lines_prettyplease_prints_otherwise_keep_their_text() {
        // `///` followed by `/` would be a different comment: prettyplease
        // prints such a line as a block comment, so it is not a placeholder.
        let (_, lines) = collecting(|| line("/ starts with a slash"));
        assert!(lines.is_empty());
        let (_, lines) = collecting(|| line(" two\nlines"));
        assert!(lines.is_empty());
    }

    #[test]
    fn collection_is_scoped_and_nests() {
        let (_, outer) = collecting(|| {
            let first = line(" outer one");
            let (_, inner) = collecting(|| line(" inner"));
            assert_eq!(inner, [" inner"]);
            let second = line(" outer two");
            quote!(#first #second)
        });
        assert_eq!(outer, [" outer one", " outer two"]);
        // Outside any collection the attribute holds the text itself.
        assert!(line(" free").to_string().contains("free"));
    }

    #[test]
    fn splice_leaves_what_is_not_a_placeholder_of_its_own() {
        assert_eq!(splice("///\u{0}7\nfn f() {}\n", &[" only".to_owned()]), "///\u{0}7\nfn f() {}\n");
        assert_eq!(splice("    ///\u{0}0\n", &[" trailing   ".to_owned()]), "    /// trailing\n");
        assert_eq!(splice("//!\u{0}0\n", &[" inner".to_owned()]), "//! inner\n");
        // A NUL outside a doc comment is not a placeholder.
        assert_eq!(splice("x\u{0}0\n", &[" never".to_owned()]), "x\u{0}0\n");
    }
}
