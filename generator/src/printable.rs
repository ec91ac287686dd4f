//! Text from a docs folder shown to a person or written into a line-based
//! file: made printable first.
//!
//! File names and page text are untrusted input. A control character in
//! them (an escape sequence, a newline, a carriage return) printed raw can
//! rewrite the terminal, forge a line of a diagnostics listing, or start a
//! new `cargo:` directive; a bidirectional override can make a line read
//! differently from what it says. Such characters are written as Rust
//! escapes (`\u{1b}`), bytes that are not UTF-8 as `\xff`, so the text is
//! still recognizable and nothing in it acts.

use std::borrow::Cow;

/// The bidirectional formatting codepoints (rustc's
/// `text_direction_codepoint_in_comment` list): they reorder how a line is
/// displayed.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A character that acts rather than shows: control characters (C0, DEL,
/// C1) other than a tab, and bidirectional controls.
pub fn acts(c: char) -> bool {
    (c.is_control() && c != '\t') || is_bidi_control(c)
}

/// `text` with every acting character written as its `\u{..}` escape;
/// borrowed when there is none (the usual case).
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.contains(acts) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if acts(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Bytes (a file name, which need not be UTF-8) as printable text: valid
/// UTF-8 as by [`printable`], every other byte as `\xNN`.
pub fn printable_bytes(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        out.push_str(&printable(chunk.valid()));
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02x}"));
        }
    }
    out
}

/// A file name or path (any bytes on Unix) as printable text.
pub fn printable_os(name: &std::ffi::OsStr) -> String {
    printable_bytes(name.as_encoded_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acting_characters_are_escaped_and_the_rest_kept() {
        assert!(matches!(printable("api/user-list.md\tok"), Cow::Borrowed(_)));
        assert_eq!(printable("x\ncargo:rustc-env=A=B"), "x\\u{a}cargo:rustc-env=A=B");
        assert_eq!(printable("\u{1b}[2Jred\u{9b}"), "\\u{1b}[2Jred\\u{9b}");
        assert_eq!(printable("a\u{202E}b"), "a\\u{202e}b");
        assert_eq!(printable("café"), "café");
    }

    #[test]
    fn bytes_that_are_not_utf8_are_shown_as_hex() {
        assert_eq!(printable_bytes(b"api/x\xff\xfey.md"), "api/x\\xff\\xfey.md");
        assert_eq!(printable_bytes("é\r".as_bytes()), "é\\u{d}");
    }
}
