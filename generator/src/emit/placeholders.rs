//! Text that goes around syn and prettyplease: doc comments and member
//! tables, put into a file after it is formatted.
//!
//! Docs are about half the generated text, and each doc line would otherwise
//! be escaped into a string literal, parsed by syn, unescaped and printed by
//! prettyplease; a model's member table (one `"wire" => field,` line per
//! property, the body of a `graphgen_runtime::model!` call) is a token
//! stream syn keeps whole and prettyplease fills like a paragraph, so a
//! property added in a regenerated crate would reflow every line after it.
//! A file formatted where it is made ([`collecting`]) instead gets a short
//! placeholder for each:
//!
//! - a doc block: one attribute `#[doc = "\0N"]`, which prettyplease prints
//!   as the `///\0N` line that [`splice`] replaces with the block's lines;
//! - a macro body: one string literal `"\0VN"` alone in the macro's braces,
//!   printed as that line, which [`splice`] replaces with the body's lines;
//! - a `cfg` attribute (a feature gate): `#[doc = "\0AN"]`, printed as the
//!   `///\0AN` line that [`splice`] replaces with the attribute as
//!   prettyplease prints it at that line's indentation. Gates are a fifth
//!   of the tokens of type and request files (every gated item repeats its
//!   feature list), and a file holds few distinct ones: each is formatted
//!   once per indentation and thread ([`formatted_attr`]), not parsed and
//!   printed wherever it stands.
//!
//! The placeholder is a doc attribute (or a macro body) too, so prettyplease
//! lays the file out exactly as it would with the real text (a `///` line is
//! one word it never wraps); for docs the result is byte for byte the same.
//! An outer attribute is printed on lines of its own, laid out by its text
//! and its column alone, so a gate's lines are the same too. A macro body is
//! printed as token text: gates inside one are tokens ([`super::features::Gate::attr_tokens`]).
//! Outside a collection (token text formatted later, see
//! [`super::layout::render`]) the real text is in the tokens.

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use std::cell::RefCell;
use std::collections::HashMap;

/// What a file's placeholders stand for.
#[derive(Debug, Default)]
pub(crate) struct Collected {
    /// Doc blocks: `///\0N` is block N, one `///` line per entry.
    docs: Vec<Vec<String>>,
    /// Macro bodies: `"\0VN"` is body N, one line per entry.
    bodies: Vec<Vec<String>>,
    /// Attributes (token text): `///\0AN` is attribute N.
    attrs: Vec<String>,
    /// Each attribute's number, so a gate repeated in a file is one entry.
    attr_numbers: HashMap<String, usize>,
}

impl Collected {
    /// The number of attribute `text`, the same for each use in a file.
    fn attr_number(&mut self, text: String) -> usize {
        let next = self.attrs.len();
        *self.attr_numbers.entry(text).or_insert_with_key(|text| {
            self.attrs.push(text.clone());
            next
        })
    }
}

thread_local! {
    /// The placeholders of the file being made on this thread, while [`collecting`].
    static COLLECTED: RefCell<Option<Collected>> = const { RefCell::new(None) };
}

/// Runs `make` with placeholders collected (see the module docs); returns
/// its tokens and what their placeholders stand for. `make` must make its
/// tokens on this thread (the file emitters are serial inside one file).
pub(crate) fn collecting(make: impl FnOnce() -> TokenStream) -> (TokenStream, Collected) {
    struct Reset(Option<Collected>);
    impl Drop for Reset {
        fn drop(&mut self) {
            COLLECTED.with(|c| *c.borrow_mut() = self.0.take());
        }
    }
    // Nested use restores the outer collection when done (and on unwind).
    let outer = COLLECTED.with(|c| c.borrow_mut().replace(Collected::default()));
    let reset = Reset(outer);
    let tokens = make();
    let collected = COLLECTED.with(|c| c.borrow_mut().take()).unwrap_or_default();
    drop(reset);
    (tokens, collected)
}

/// Doc attributes for `lines` (each as it follows `///`, usually with a
/// leading space; none holds a NUL or a bidi control, see
/// [`super::docs`]): one placeholder while collecting when prettyplease
/// prints every line as a `///` line, an attribute per line otherwise.
pub(crate) fn doc_lines(lines: Vec<String>) -> TokenStream {
    // prettyplease prints `#[doc = "x"]` as `///x` unless `x` spans lines
    // or starts with `/` (`////` would be an ordinary comment).
    let printed_as_lines = !lines.is_empty() && lines.iter().all(|l| !l.contains('\n') && !l.starts_with('/'));
    let placeholder = COLLECTED.with(|c| match c.borrow_mut().as_mut() {
        Some(collected) if printed_as_lines => {
            collected.docs.push(lines.clone());
            Some(format!("\0{}", collected.docs.len() - 1))
        }
        _ => None,
    });
    match placeholder {
        Some(text) => quote!(#[doc = #text]),
        None => lines.iter().map(|text| quote!(#[doc = #text])).collect(),
    }
}

/// `path! { body }` with `body` laid out one entry per line: `lines` while
/// collecting, the tokens of `body()` (formatted as prettyplease fills a
/// macro body) otherwise. The lines must be the tokens of `body()` as text.
pub(crate) fn macro_call_by_lines(path: TokenStream, lines: Vec<String>, body: impl FnOnce() -> TokenStream) -> TokenStream {
    let placeholder = COLLECTED.with(|c| {
        c.borrow_mut().as_mut().map(|collected| {
            collected.bodies.push(lines);
            Literal::string(&format!("\0V{}", collected.bodies.len() - 1))
        })
    });
    match placeholder {
        Some(literal) => quote!(#path! { #literal }),
        None => {
            let body = body();
            quote!(#path! { #body })
        }
    }
}

/// The attribute whose token text is `text` (a `cfg`, see the module
/// docs): one placeholder while collecting, `tokens()` otherwise.
pub(crate) fn attribute(text: String, tokens: impl FnOnce() -> TokenStream) -> TokenStream {
    let placeholder = COLLECTED.with(|c| {
        c.borrow_mut().as_mut().map(|collected| format!("\0A{}", collected.attr_number(text)))
    });
    match placeholder {
        Some(text) => quote!(#[doc = #text]),
        None => tokens(),
    }
}

/// A module file's token text (see [`super::layout::render`]) whose part
/// starts with a gate as [`super::features::Gate::attr_text`] writes it
/// (`#[cfg(...)]`): the part with that gate as a placeholder, collected into
/// `collected`; `None` for any other part.
pub(crate) fn leading_gate(part: &str, collected: &mut Collected) -> Option<String> {
    let text = part.trim_start();
    let len = text.strip_prefix("#[cfg(")?.find(")]")? + "#[cfg(".len() + ")]".len();
    let (gate, rest) = text.split_at(len);
    // Feature names are plain: anything else is left as it is.
    if !gate.bytes().all(|b| b.is_ascii_alphanumeric() || b" #[]()=\",-_".contains(&b)) {
        return None;
    }
    Some(format!("#[doc = \"\\0A{}\"]{rest}", collected.attr_number(gate.to_owned())))
}

/// Formatted text with each placeholder line replaced by what it stands
/// for, at its indentation: `///\0N` (or `//!\0N`) by one `///` line per
/// line of doc block N, trailing spaces trimmed as prettyplease trims a doc
/// line; `///\0AN` by attribute N as formatted there; a line `"\0VN"` by
/// the lines of macro body N. Only placeholders
/// carry a NUL: docs text never does, and no other literal is alone on a
/// line in a macro body. Anything else is kept as printed.
pub(crate) fn splice(formatted: &str, collected: &Collected) -> String {
    let extra: usize = collected.docs.iter().chain(&collected.bodies).flatten().map(|l| l.len() + 8).sum();
    let mut out = String::with_capacity(formatted.len() + extra);
    for line in formatted.split_inclusive('\n') {
        let text = line.strip_suffix('\n').unwrap_or(line);
        let trimmed = text.trim_start_matches(' ');
        let indent = &text[..text.len() - trimmed.len()];
        if let Some((prefix, block)) = doc_placeholder(trimmed, collected) {
            for doc in block {
                out.push_str(indent);
                out.push_str(prefix);
                out.push_str(doc.trim_end_matches(' '));
                out.push('\n');
            }
        } else if let Some(attr) = attr_placeholder(trimmed, collected) {
            formatted_attr(attr, indent.len(), &mut out);
        } else if let Some(body) = body_placeholder(trimmed, collected) {
            for code in body {
                if !code.is_empty() {
                    out.push_str(indent);
                    out.push_str(code);
                }
                out.push('\n');
            }
        } else {
            out.push_str(line);
        }
    }
    out
}

/// `///\0N` or `//!\0N` (the whole line): its prefix and doc block N.
fn doc_placeholder<'a>(line: &'a str, collected: &'a Collected) -> Option<(&'a str, &'a [String])> {
    let (prefix, marker) = line.split_at_checked(3)?;
    if prefix != "///" && prefix != "//!" {
        return None;
    }
    let n = marker.strip_prefix('\0')?;
    if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((prefix, collected.docs.get(n.parse::<usize>().ok()?)?))
}

/// `///\0AN` (the whole line): attribute N.
fn attr_placeholder<'a>(line: &str, collected: &'a Collected) -> Option<&'a str> {
    let n = line.strip_prefix("///\0A")?;
    if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    collected.attrs.get(n.parse::<usize>().ok()?).map(String::as_str)
}

thread_local! {
    /// Attributes as formatted, by token text and indentation.
    static FORMATTED_ATTRS: RefCell<HashMap<String, HashMap<usize, String>>> = RefCell::new(HashMap::new());
}

/// Push the lines prettyplease prints for the outer attribute `attr` at
/// column `indent` ([`format_attr_at`]), formatted once per thread.
fn formatted_attr(attr: &str, indent: usize, out: &mut String) {
    FORMATTED_ATTRS.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some(lines) = cache.get(attr).and_then(|by_indent| by_indent.get(&indent)) {
            out.push_str(lines);
            return;
        }
        let lines = format_attr_at(attr, indent);
        out.push_str(&lines);
        cache.entry(attr.to_owned()).or_default().insert(indent, lines);
    })
}

/// The lines of `attr` formatted on an item nested in modules as deep as
/// `indent` (prettyplease indents by 4; a column between keeps the layout
/// of the one below it, shifted).
fn format_attr_at(attr: &str, indent: usize) -> String {
    const ITEM: &str = "struct GraphgenAttributeProbe;";
    let depth = indent / 4;
    let shift = " ".repeat(indent % 4);
    let source = format!("{}{attr}\n{ITEM}\n{}", "mod m {\n".repeat(depth), "}\n".repeat(depth));
    // After a line break, so the attribute's first line is found at any depth.
    let printed = syn::parse_file(&source).ok().map(|file| format!("\n{}", prettyplease::unparse(&file)));
    let pad = " ".repeat(depth * 4);
    let lines = printed.as_deref().and_then(|printed| {
        let start = printed.find(&format!("\n{pad}#"))? + 1;
        let end = start + printed[start..].find(&format!("{pad}{ITEM}"))?;
        Some(printed[start..end].to_owned())
    });
    match lines {
        Some(lines) => lines.split_inclusive('\n').map(|line| format!("{shift}{line}")).collect(),
        // Not an attribute syn reads (a gate always is): kept on one line.
        None => format!("{pad}{shift}{attr}\n"),
    }
}

/// `"\0VN"` (the whole line, as prettyplease prints the literal): body N.
fn body_placeholder<'a>(line: &str, collected: &'a Collected) -> Option<&'a [String]> {
    let n = line.strip_prefix("\"\\0V")?.strip_suffix('"')?;
    if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    collected.bodies.get(n.parse::<usize>().ok()?).map(Vec::as_slice)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn formatted(tokens: TokenStream) -> String {
        prettyplease::unparse(&syn::parse2(tokens).expect("test tokens parse"))
    }

    fn sample() -> TokenStream {
        let struct_doc = doc_lines(vec![
            " A widget.".into(),
            String::new(),
            " Second line with `code` and \"quotes\" \\ backslash.   ".into(),
        ]);
        let odd = doc_lines(vec!["/ starts with a slash".into()]);
        let field_doc = doc_lines(vec![" The size.".into()]);
        let table = macro_call_by_lines(quote!(m), vec!["Widget {".into(), "    \"size\" => size,".into(), "}".into()], || {
            quote!(Widget { "size" => size, })
        });
        quote! {
            #struct_doc
            #odd
            pub struct Widget {
                #field_doc
                pub size: i32,
            }
            mod inner {
                #table
            }
        }
    }

    #[test]
    fn spliced_docs_format_exactly_as_doc_attributes_do() {
        let plain = formatted(sample());
        let (tokens, collected) = collecting(sample);
        assert_eq!(collected.docs.len(), 2, "one placeholder per block that prints as `///` lines: {collected:?}");
        let placeholders = formatted(tokens);
        assert!(placeholders.contains("///\0"), "placeholders printed as doc lines: {placeholders}");
        let spliced = splice(&placeholders, &collected);
        let docs_of = |text: &str| text.lines().filter(|l| l.trim_start().starts_with("//")).map(str::to_owned).collect::<Vec<_>>();
        assert_eq!(docs_of(&spliced), docs_of(&plain));
        assert!(plain.contains("/// Second line with `code` and \"quotes\" \\ backslash.\n"), "{plain}");
        assert!(spliced.contains("///\n/// Second line"), "an empty doc line stays `///`: {spliced}");
    }

    #[test]
    fn a_macro_body_is_laid_out_one_line_per_entry() {
        let (tokens, collected) = collecting(sample);
        let spliced = splice(&formatted(tokens), &collected);
        assert!(spliced.contains("    m! {\n        Widget {\n            \"size\" => size,\n        }\n    }\n"), "{spliced}");
        // Outside a collection the tokens hold the body: the same code.
        let plain = formatted(sample());
        let tokens_of = |text: &str| syn::parse_file(text).unwrap().items.len();
        assert_eq!(tokens_of(&spliced), tokens_of(&plain));
        assert!(plain.contains("Widget { \"size\" => size, }"), "{plain}");
    }

    #[test]
    fn spliced_gates_format_exactly_as_cfg_attributes_do() {
        use crate::emit::features::Gate;
        let gate = |names: &[&str]| Gate::features(names.iter().map(|n| n.to_string()).collect());
        let long: Vec<String> = (0..30).map(|i| format!("feature-number-{i}")).collect();
        let long = Gate::features(long.into_iter().collect());
        let (one, two) = (gate(&["users"]), gate(&["groups", "users"]));
        let sample = || {
            let (g1, g2, gl) = (one.attr(), two.attr(), long.attr());
            let in_macro = two.attr_tokens();
            quote! {
                #gl
                pub struct Top;
                #g1
                impl Top {
                    #gl
                    pub fn method(&self, v: Choice) -> u8 {
                        match v {
                            #g2
                            Choice::A => 1,
                            #gl
                            Choice::B => 2,
                        }
                    }
                }
                pub enum Choice {
                    #g2
                    A,
                    #gl
                    B,
                }
                mod deeper {
                    mod deepest {
                        #gl
                        #g1
                        pub use super::Top;
                    }
                }
                macro_rules! pick {
                    ($v:expr) => { match $v { #in_macro Choice::A => 1, _ => 2 } };
                }
            }
        };
        let plain = formatted(sample());
        let (tokens, collected) = collecting(sample);
        assert_eq!(collected.attrs.len(), 3, "one entry per distinct gate: {:?}", collected.attrs);
        let placeholders = formatted(tokens);
        assert!(placeholders.contains("///\0A"), "{placeholders}");
        assert_eq!(splice(&placeholders, &collected), plain);
        assert!(plain.contains("    #[cfg(\n"), "the long gate is broken over lines: {plain}");
    }

    #[test]
    fn lines_prettyplease_prints_otherwise_keep_their_text() {
        // `///` followed by `/` would be a different comment: prettyplease
        // prints such a line as a block comment, so it is not a placeholder.
        let (_, collected) = collecting(|| doc_lines(vec!["/ starts with a slash".into()]));
        assert!(collected.docs.is_empty());
        let (_, collected) = collecting(|| doc_lines(vec![" two\nlines".into()]));
        assert!(collected.docs.is_empty());
    }

    #[test]
    fn collection_is_scoped_and_nests() {
        let (_, outer) = collecting(|| {
            let first = doc_lines(vec![" outer one".into()]);
            let (_, inner) = collecting(|| doc_lines(vec![" inner".into()]));
            assert_eq!(inner.docs, [[" inner"]]);
            let second = doc_lines(vec![" outer two".into()]);
            quote!(#first #second)
        });
        assert_eq!(outer.docs, [[" outer one"], [" outer two"]]);
        // Outside any collection the attribute holds the text itself.
        assert!(doc_lines(vec![" free".into()]).to_string().contains("free"));
    }

    #[test]
    fn splice_leaves_what_is_not_a_placeholder_of_its_own() {
        let one = Collected { docs: vec![vec![" only".to_owned()]], bodies: vec![vec!["x".to_owned()]], ..Default::default() };
        assert_eq!(splice("///\u{0}7\nfn f() {}\n", &one), "///\u{0}7\nfn f() {}\n");
        assert_eq!(splice("    ///\u{0}0\n", &Collected { docs: vec![vec![" trailing   ".into()]], ..Default::default() }), "    /// trailing\n");
        assert_eq!(splice("//!\u{0}0\n", &one), "//! only\n");
        // A NUL outside a doc comment, or a marker that is not the whole line, is not a placeholder.
        assert_eq!(splice("x\u{0}0\n", &one), "x\u{0}0\n");
        assert_eq!(splice("    f(\"\\0V0\");\n", &one), "    f(\"\\0V0\");\n");
        assert_eq!(splice("    \"\\0V0\"\n", &one), "    x\n");
        assert_eq!(splice("    \"\\0V1\"\n", &one), "    \"\\0V1\"\n");
    }
}
