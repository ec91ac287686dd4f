//! Example requests and responses from code fences.
//!
//! A fence is an example when its annotation says `blockType: request` or
//! `response`, or (unannotated, inside an Examples section) when its content
//! says so: a first line `METHOD url` is a request, `HTTP/1.1 200 OK` a
//! response; otherwise the nearest `Request`/`Response` heading decides.
//! Requests read method, URL, headers (lines `Name: value` up to a blank
//! line) and a JSON body; responses read status, headers and body.

use super::json_repair::{self, JsonOutcome};
use super::model::{Example, ExampleDirection, HttpMethod, Source};
use crate::diagnostics::{DiagnosticKind, Diagnostics};
use crate::markdown::CodeBlock;

/// What a code block is, as far as examples go.
pub fn direction(code: &CodeBlock, in_examples: bool, heading: &str) -> Option<ExampleDirection> {
    if let Some(a) = &code.annotation {
        match a.get_str("blockType").map(|s| s.to_ascii_lowercase()).as_deref() {
            Some("request") => return Some(ExampleDirection::Request),
            Some("response") => return Some(ExampleDirection::Response),
            Some("ignored") | Some("resource") | Some("example") | Some("permissions") => return None,
            _ => {}
        }
    }
    if !in_examples {
        return None;
    }
    let first = code.text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("");
    if first.starts_with("HTTP/") {
        return Some(ExampleDirection::Response);
    }
    if request_line(first).is_some() {
        return Some(ExampleDirection::Request);
    }
    if heading.contains("response") {
        return Some(ExampleDirection::Response);
    }
    if heading.contains("request") {
        return Some(ExampleDirection::Request);
    }
    None
}

/// `GET https://...` / `POST /me/x HTTP/1.1` -> (method, url). The URL is
/// the rest of the line (less an HTTP version): examples write OData
/// queries unencoded, spaces included (`$filter=status eq 'active'`).
pub fn request_line(line: &str) -> Option<(HttpMethod, String)> {
    let line = line.trim();
    let (method, rest) = line.split_once(char::is_whitespace)?;
    let method = HttpMethod::parse(method)?;
    let mut url = rest.trim();
    if let Some((before, version)) = url.rsplit_once(char::is_whitespace) {
        if version.starts_with("HTTP/") {
            url = before.trim_end();
        }
    }
    if !(url.starts_with('/') || url.starts_with("http") || url.starts_with('{')) {
        return None;
    }
    Some((method, url.to_string()))
}

/// Read one example fence. `file` is the file the block's lines belong to.
pub fn read(code: &CodeBlock, dir: ExampleDirection, file: &str, diags: &mut Diagnostics) -> Option<Example> {
    let annotation = code.annotation.as_ref();
    let mut ex = Example {
        direction: dir,
        name: annotation.and_then(|a| a.get_str("name")).map(str::to_string),
        method: None,
        url: None,
        status: None,
        headers: Vec::new(),
        body: None,
        has_body: false,
        truncated: annotation.and_then(|a| a.get_bool("truncated")).unwrap_or(false),
        // Some pages spell the key `@type`.
        odata_type: annotation.and_then(|a| a.get_str("@odata.type").or_else(|| a.get_str("@type"))).map(str::to_string),
        is_collection: annotation.and_then(|a| a.get_bool("isCollection")),
        source: Source { file: file.to_string(), line: code.content_line },
    };
    let lines: Vec<&str> = code.text.lines().collect();
    let mut i = 0;
    while i < lines.len() && lines[i].trim().is_empty() {
        i += 1;
    }
    let first = lines.get(i).map(|l| l.trim()).unwrap_or("");
    let starts_with_json = first.starts_with('{') || first.starts_with('[');
    match dir {
        ExampleDirection::Request => match request_line(first) {
            Some((m, url)) => {
                ex.method = Some(m);
                ex.url = Some(url);
                i += 1;
            }
            None => {
                diags.report(file, code.content_line + i as u32, DiagnosticKind::UnusableExample, "example request has no `METHOD url` line");
                return None;
            }
        },
        ExampleDirection::Response => {
            if first.starts_with("HTTP/") {
                ex.status = first.split_whitespace().nth(1).and_then(|s| s.parse().ok());
                i += 1;
            } else if !starts_with_json && !first.is_empty() {
                // Not a status line and not a body: a bare header block or text.
                ex.status = None;
            }
        }
    }
    // Headers: `Name: value` lines, possibly after blank lines, up to a blank line.
    let mut j = i;
    while j < lines.len() && lines[j].trim().is_empty() {
        j += 1;
    }
    if j < lines.len() && header(lines[j]).is_some() {
        i = j;
        while i < lines.len() {
            match header(lines[i]) {
                Some(h) => ex.headers.push(h),
                None => break,
            }
            i += 1;
        }
    }
    let body_start = i.min(lines.len());
    // The body is the rest of the text: slice it rather than re-join lines.
    let offset: usize = lines[..body_start].iter().map(|l| l.len() + 1).sum::<usize>().min(code.text.len());
    let body = code.text.get(offset..).unwrap_or("");
    let trimmed = body.trim();
    if trimmed.is_empty() {
        return Some(ex);
    }
    ex.has_body = true;
    let leading_blank = body.lines().take_while(|l| l.trim().is_empty()).count();
    let body_line = code.content_line + (body_start + leading_blank) as u32;
    let looks_json = trimmed.starts_with('{') || trimmed.starts_with('[');
    if !looks_json {
        // Text or binary content (CSV, HTML, bytes): kept as "has a body".
        return Some(ex);
    }
    match json_repair::parse(trimmed) {
        JsonOutcome::Valid(v) => ex.body = Some(v),
        JsonOutcome::Repaired { value, line, what } => {
            diags.report(
                file,
                body_line + line - 1,
                DiagnosticKind::RepairedJson,
                format!("example body repaired ({})", what.join(", ")),
            );
            ex.body = Some(value);
        }
        JsonOutcome::Invalid { line, message } => {
            diags.report(file, body_line + line.max(1) - 1, DiagnosticKind::InvalidJson, format!("example body is not JSON: {message}"));
        }
    }
    Some(ex)
}

/// `Content-Type: application/json` -> (name, value); not for JSON lines.
fn header(line: &str) -> Option<(String, String)> {
    let line = line.trim();
    let (name, value) = line.split_once(':')?;
    let name = name.trim();
    if name.is_empty() || name.contains([' ', '"', '{', '}', '[']) || !name.chars().next()?.is_ascii_alphabetic() {
        return None;
    }
    Some((name.to_string(), value.trim().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::Annotation;

    fn code(text: &str, block_type: Option<&str>) -> CodeBlock {
        CodeBlock {
            lang: "http".into(),
            text: text.into(),
            content_line: 10,
            annotation: block_type.map(|b| Annotation {
                line: 8,
                value: Some(serde_json::json!({"blockType": b, "name": "n", "truncated": true})),
                error: None,
                raw: String::new(),
            }),
        }
    }

    #[test]
    fn request_line_keeps_unencoded_query_spaces_and_drops_the_http_version() {
        let line = request_line;
        assert_eq!(
            line("GET https://h/beta/things?$filter=status eq 'active'&$top=2"),
            Some((HttpMethod::Get, "https://h/beta/things?$filter=status eq 'active'&$top=2".to_string()))
        );
        assert_eq!(line("PATCH /me/things/1 HTTP/1.1"), Some((HttpMethod::Patch, "/me/things/1".to_string())));
        assert_eq!(line("GET  /things?$search=\"a b\"   HTTP/1.1  "), Some((HttpMethod::Get, "/things?$search=\"a b\"".to_string())));
        assert_eq!(line("GET"), None);
        assert_eq!(line("Content-type: application/json"), None);
    }

    #[test]
    fn request_with_blank_line_before_headers_and_body() {
        let c = code("POST https://h/beta/things/do\n\nContent-type: application/json\n\n{\"a\": 1}\n", None);
        assert_eq!(direction(&c, true, ""), Some(ExampleDirection::Request));
        let mut d = Diagnostics::default();
        let ex = read(&c, ExampleDirection::Request, "api/x.md", &mut d).unwrap();
        assert_eq!(ex.method, Some(HttpMethod::Post));
        assert_eq!(ex.url.as_deref(), Some("https://h/beta/things/do"));
        assert_eq!(ex.headers, vec![("Content-type".to_string(), "application/json".to_string())]);
        assert_eq!(ex.body, Some(serde_json::json!({"a": 1})));
        assert!(d.is_empty());
    }

    #[test]
    fn annotated_response_with_repairs_and_invalid_bodies() {
        let c = code("HTTP/1.1 200 OK\nContent-Type: application/json\n\n{\"a\": 1,}\n", Some("response"));
        assert_eq!(direction(&c, false, ""), Some(ExampleDirection::Response));
        let mut d = Diagnostics::default();
        let ex = read(&c, ExampleDirection::Response, "api/x.md", &mut d).unwrap();
        assert_eq!((ex.status, ex.truncated, ex.name.as_deref()), (Some(200), true, Some("n")));
        assert_eq!(ex.body, Some(serde_json::json!({"a": 1})));
        assert_eq!(d.items[0].kind, DiagnosticKind::RepairedJson);
        assert_eq!(d.items[0].line, 13);

        let c = code("HTTP/1.1 200 OK\n\n{\n  \"a\": 1,\n  ...\n}\n", Some("response"));
        let mut d = Diagnostics::default();
        let ex = read(&c, ExampleDirection::Response, "api/x.md", &mut d).unwrap();
        assert!(ex.has_body && ex.body.is_none());
        assert_eq!((d.items[0].kind, d.items[0].line), (DiagnosticKind::InvalidJson, 14));
    }

    #[test]
    fn recognized_by_heading_or_not_at_all() {
        let c = code("{\"a\": 1}", None);
        assert_eq!(direction(&c, true, "response"), Some(ExampleDirection::Response));
        assert_eq!(direction(&c, false, "response"), None);
        let c = code("GET /x", Some("ignored"));
        assert_eq!(direction(&c, true, "request"), None);
        let mut d = Diagnostics::default();
        assert!(read(&code("hello", None), ExampleDirection::Request, "api/x.md", &mut d).is_none());
        assert_eq!(d.items[0].kind, DiagnosticKind::UnusableExample);
    }
}
