//! YAML-ish front matter: the `---` delimited `key: value` block that opens
//! every docs page. The docs only use flat `key: value` pairs (values
//! optionally quoted), so a full YAML parser would add weight and no meaning.

use crate::diagnostics::{Diagnostic, DiagnosticKind};
use std::collections::BTreeMap;

pub struct FrontMatter {
    pub values: BTreeMap<String, (String, u32)>,
    /// Byte offset where the markdown body starts.
    pub body_offset: usize,
    /// 1-based line of the body's first line.
    pub body_line: u32,
}

pub fn split(path: &str, text: &str, diags: &mut Vec<Diagnostic>) -> FrontMatter {
    let mut values = BTreeMap::new();
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "---" {
        return FrontMatter { values, body_offset: 0, body_line: 1 };
    }
    let mut offset = first.len();
    let mut line_no = 1u32;
    for line in lines {
        line_no += 1;
        offset += line.len();
        let trimmed = line.trim_end();
        if trimmed == "---" {
            return FrontMatter { values, body_offset: offset, body_line: line_no + 1 };
        }
        if trimmed.trim().is_empty() || trimmed.trim_start().starts_with('#') {
            continue;
        }
        match trimmed.split_once(':') {
            Some((key, value)) if !key.trim().is_empty() && !key.starts_with(' ') => {
                values.insert(key.trim().to_string(), (unquote(value.trim()).to_string(), line_no));
            }
            // Continuation lines of multi-line YAML values (rare): not used by graphgen.
            _ if line.starts_with(' ') || line.starts_with('\t') || trimmed.starts_with('-') => {}
            _ => diags.push(Diagnostic::new(
                path,
                line_no,
                DiagnosticKind::FrontMatter,
                format!("front matter line is not `key: value`: `{}`", trimmed.trim()),
            )),
        }
    }
    diags.push(Diagnostic::new(
        path,
        1,
        DiagnosticKind::FrontMatter,
        "front matter opened with `---` is never closed; the page is read without it",
    ));
    FrontMatter { values: BTreeMap::new(), body_offset: 0, body_line: 1 }
}

fn unquote(v: &str) -> &str {
    let bytes = v.as_bytes();
    if bytes.len() >= 2
        && ((bytes[0] == b'"' && bytes[bytes.len() - 1] == b'"')
            || (bytes[0] == b'\'' && bytes[bytes.len() - 1] == b'\''))
    {
        &v[1..v.len() - 1]
    } else {
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_keys_and_body_position() {
        let text = "---\ntitle: \"x y\"\ndoc_type: apiPageType\n---\n# T\n";
        let mut d = vec![];
        let fm = split("p.md", text, &mut d);
        assert!(d.is_empty());
        assert_eq!(fm.values["title"], ("x y".to_string(), 2));
        assert_eq!(fm.values["doc_type"].0, "apiPageType");
        assert_eq!(&text[fm.body_offset..], "# T\n");
        assert_eq!(fm.body_line, 5);
    }

    #[test]
    fn unclosed_front_matter_is_reported() {
        let mut d = vec![];
        let fm = split("p.md", "---\ntitle: x\n# T\n", &mut d);
        assert_eq!(fm.body_offset, 0);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].kind, DiagnosticKind::FrontMatter);
    }

    #[test]
    fn no_front_matter_is_fine_here() {
        let mut d = vec![];
        let fm = split("p.md", "# T\n", &mut d);
        assert!(fm.values.is_empty() && d.is_empty());
    }
}
