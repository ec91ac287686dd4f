//! Request lines of the `## HTTP request` block(s).
//!
//! Each line is `METHOD /path` (the method may be glued to the path, as in
//! `DELETE/x`); a line that is only a path reuses the method above it. A
//! ` | ` after the path separates two paths, or after a key offers another
//! name for it with the path going on (see [`targets_of`]).
//! Comment lines, blank lines, `or`, header lines and stray code are skipped.

use super::model::HttpMethod;
use crate::diagnostics::{DiagnosticKind, Diagnostics};

#[derive(Debug, Clone, PartialEq)]
pub struct RequestLine {
    pub method: HttpMethod,
    /// The target as written (path or absolute URL).
    pub target: String,
    pub line: u32,
}

/// Read the request lines of one block starting at `first_line`.
pub fn read_block(text: &str, first_line: u32, file: &str, out: &mut Vec<RequestLine>, diags: &mut Diagnostics) {
    let mut current: Option<HttpMethod> = out.last().map(|r| r.method);
    for (i, raw) in text.lines().enumerate() {
        let line_no = first_line + i as u32;
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with("//") || line.starts_with("<!--") {
            continue;
        }
        let word_end = line.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(line.len());
        let (word, rest) = line.split_at(word_end);
        let rest = rest.trim();
        let target_like = |s: &str| s.starts_with('/') || s.starts_with("~/") || s.starts_with("http://") || s.starts_with("https://");
        // A method word followed by a path, even one missing its leading `/`.
        let method_line = !word.is_empty()
            && (target_like(rest) || (HttpMethod::parse(word).is_some() && rest.starts_with(|c: char| c.is_ascii_alphabetic() || c == '{')));
        if method_line {
            match HttpMethod::parse(word) {
                Some(m) => {
                    current = Some(m);
                    for target in targets_of(rest, file, line_no, diags) {
                        out.push(RequestLine { method: m, target, line: line_no });
                    }
                }
                None => diags.report(file, line_no, DiagnosticKind::InvalidMethod, format!("`{word}` is not an HTTP method")),
            }
        } else if HttpMethod::parse(word).is_some() && rest.len() > 1 {
            diags.report(file, line_no, DiagnosticKind::InvalidPath, format!("request line `{line}` has no path"));
        } else if target_like(line) {
            match current {
                Some(m) => {
                    for target in targets_of(line, file, line_no, diags) {
                        out.push(RequestLine { method: m, target, line: line_no });
                    }
                }
                None => diags.report(file, line_no, DiagnosticKind::InvalidMethod, "request path without a method"),
            }
        }
    }
}

/// The targets of a request line: its first word, or what a `|` after it
/// (with spaces, so the first word ends before it) means. Between two paths
/// it separates them (`/me/x | /users/{id}/x`: both). After a key it offers
/// another name for that key, and the path goes on after that name:
/// `/users/{user-id} | user-principal-name/chats` is
/// `/users/{user-id | user-principal-name}/chats`. Such a line is read
/// whole, never cut before the `|`; one whose `|` follows no key is
/// reported and skipped.
fn targets_of(s: &str, file: &str, line_no: u32, diags: &mut Diagnostics) -> Vec<String> {
    let head = first_word(s);
    let Some(after) = s[head.len()..].trim_start().strip_prefix('|') else { return vec![head] };
    let after = after.trim_start();
    if after.starts_with('/') || after.starts_with("~/") || after.starts_with("https://") || after.starts_with("http://") {
        let mut all = vec![head];
        all.extend(targets_of(after, file, line_no, diags));
        return all;
    }
    let alternative_end = after.find(|c: char| c == '/' || c.is_whitespace()).unwrap_or(after.len());
    let alternative = after[..alternative_end].trim_matches(|c| c == '{' || c == '}' || c == '<' || c == '>');
    let key_open = head.rfind('{').filter(|&i| head.ends_with('}') && !head[i..].contains('/'));
    let readable = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    match key_open {
        Some(_) if !alternative.is_empty() && alternative.chars().all(readable) => {
            let rest = &after[alternative_end..];
            let rest = if rest.starts_with('/') { first_word(rest) } else { String::new() };
            vec![format!("{} | {alternative}}}{rest}", &head[..head.len() - 1])]
        }
        _ => {
            diags.report(file, line_no, DiagnosticKind::InvalidPath, format!("request line `{}` has a `|` that offers no other name for a key; skipped", s.trim()));
            Vec::new()
        }
    }
}

/// The path up to the first whitespace (drops a trailing `HTTP/1.1`).
fn first_word(s: &str) -> String {
    // Spaces are allowed inside `{id | alt}` and inside function arguments,
    // so cut at whitespace only outside braces, parentheses and quotes.
    let (mut depth, mut quoted) = (0i32, false);
    for (i, c) in s.char_indices() {
        match c {
            '\'' => quoted = !quoted,
            '{' | '(' if !quoted => depth += 1,
            '}' | ')' if !quoted => depth -= 1,
            c if c.is_whitespace() && depth <= 0 && !quoted => return s[..i].to_string(),
            _ => {}
        }
    }
    s.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn methods_paths_and_noise() {
        let text = "GET /a/{id | upn}/b HTTP/1.1\n/c/{id}\n\n# comment\nor\nworkbook-session-id: {x}\nDELETE/d/$ref\nFROB /x\nPATCH e/{id}\n";
        let mut out = Vec::new();
        let mut d = Diagnostics::default();
        read_block(text, 5, "api/x.md", &mut out, &mut d);
        assert_eq!(
            out.iter().map(|r| (r.method, r.target.as_str(), r.line)).collect::<Vec<_>>(),
            vec![(HttpMethod::Get, "/a/{id | upn}/b", 5), (HttpMethod::Get, "/c/{id}", 6), (HttpMethod::Delete, "/d/$ref", 11), (HttpMethod::Patch, "e/{id}", 13)]
        );
        assert_eq!(d.items.len(), 1);
        assert_eq!((d.items[0].kind, d.items[0].line), (DiagnosticKind::InvalidMethod, 12));
    }

    #[test]
    fn an_alternation_across_segments_is_read_whole_or_reported() {
        let text = "GET /users/{user-id} | user-principal-name/chats/{chat-id}/members/{id}\n\
                    GET /users/{user-id} | {userPrincipalName}\n\
                    GET /users | me/chats\n\
                    GET /me/chats | /users/{id}/chats\n";
        let mut out = Vec::new();
        let mut d = Diagnostics::default();
        read_block(text, 1, "api/x.md", &mut out, &mut d);
        assert_eq!(
            out.iter().map(|r| r.target.as_str()).collect::<Vec<_>>(),
            [
                "/users/{user-id | user-principal-name}/chats/{chat-id}/members/{id}",
                "/users/{user-id | userPrincipalName}",
                "/me/chats",
                "/users/{id}/chats"
            ]
        );
        // `|` after a literal names no key: reported, never cut to `/users`.
        assert_eq!(d.items.len(), 1, "{d:?}");
        assert_eq!((d.items[0].kind, d.items[0].line), (DiagnosticKind::InvalidPath, 3));
    }
}
