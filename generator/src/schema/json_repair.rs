//! Reading example JSON, repairing only what is safe.
//!
//! Example bodies in the docs are hand-written. Some slips can be undone
//! without guessing: trailing commas before `}`/`]`, `//` and `/* */`
//! comments, raw control characters inside strings, and typographic quotes
//! used as string delimiters. Those are repaired (and reported by the
//! caller). Anything else (elisions like `...`, truncated bodies) is left
//! invalid. The repair is one scan that tracks whether it is inside a
//! string, so nothing inside a string value is ever changed except
//! escaping control characters.

use serde_json::Value;

#[derive(Debug, PartialEq)]
pub enum JsonOutcome {
    /// Parsed as written.
    Valid(Value),
    /// Parsed after repairs; `line` is the 1-based line (within the text) of
    /// the first repair, `what` names the repairs made.
    Repaired { value: Value, line: u32, what: Vec<&'static str> },
    /// Does not parse even after repairs; 1-based line of the error.
    Invalid { line: u32, message: String },
}

pub fn parse(text: &str) -> JsonOutcome {
    match serde_json::from_str::<Value>(text) {
        Ok(v) => JsonOutcome::Valid(v),
        Err(first_err) => {
            let (fixed, first_line, what) = repair(text);
            if what.is_empty() {
                return JsonOutcome::Invalid { line: first_err.line() as u32, message: first_err.to_string() };
            }
            match serde_json::from_str::<Value>(&fixed) {
                Ok(value) => JsonOutcome::Repaired { value, line: first_line, what },
                // Repairs keep line structure, so the error line is still right.
                Err(e) => JsonOutcome::Invalid { line: e.line() as u32, message: e.to_string() },
            }
        }
    }
}

/// Apply the safe repairs. Returns the new text (same line count), the line
/// of the first repair, and what was repaired.
fn repair(text: &str) -> (String, u32, Vec<&'static str>) {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut what: Vec<&'static str> = Vec::new();
    let mut first_line = 0u32;
    let mut line = 1u32;
    let note = |w: &'static str, line: u32, what: &mut Vec<&'static str>, first: &mut u32| {
        if *first == 0 {
            *first = line;
        }
        if !what.contains(&w) {
            what.push(w);
        }
    };
    let mut in_string = false;
    let mut closing_quote = '"';
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if in_string {
            match c {
                '\\' => {
                    out.push(c);
                    if let Some(&n) = chars.get(i + 1) {
                        out.push(n);
                        if n == '\n' {
                            line += 1;
                        }
                        i += 1;
                    }
                }
                c if c == closing_quote => {
                    out.push('"');
                    in_string = false;
                }
                '\n' => {
                    // A raw newline inside a string: escape it, but keep the
                    // line structure by not consuming the line break itself.
                    note("control character in string", line, &mut what, &mut first_line);
                    out.push_str("\\n");
                    // Keep lines aligned for error reporting.
                    line += 1;
                }
                c if (c as u32) < 0x20 => {
                    note("control character in string", line, &mut what, &mut first_line);
                    out.push_str(&format!("\\u{:04x}", c as u32));
                }
                c => out.push(c),
            }
            i += 1;
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                closing_quote = '"';
                out.push('"');
            }
            '\u{201c}' => {
                note("typographic quotes", line, &mut what, &mut first_line);
                in_string = true;
                closing_quote = '\u{201d}';
                out.push('"');
            }
            '/' if chars.get(i + 1) == Some(&'/') => {
                note("comment", line, &mut what, &mut first_line);
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
                continue;
            }
            '/' if chars.get(i + 1) == Some(&'*') => {
                note("comment", line, &mut what, &mut first_line);
                i += 2;
                while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                    if chars[i] == '\n' {
                        out.push('\n');
                        line += 1;
                    }
                    i += 1;
                }
                i += 2;
                continue;
            }
            ',' => {
                // Trailing comma: the next non-space, non-comment character closes.
                let mut j = i + 1;
                while j < chars.len() && chars[j].is_whitespace() {
                    j += 1;
                }
                if matches!(chars.get(j), Some('}') | Some(']')) {
                    note("trailing comma", line, &mut what, &mut first_line);
                } else {
                    out.push(',');
                }
            }
            '\n' => {
                out.push('\n');
                line += 1;
            }
            c => out.push(c),
        }
        i += 1;
    }
    (out, first_line.max(1), what)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn valid_json_is_untouched() {
        assert_eq!(parse(r#"{"a": [1, 2]}"#), JsonOutcome::Valid(json!({"a": [1, 2]})));
    }

    #[test]
    fn trailing_commas_and_comments() {
        let text = "{\n  \"a\": 1, // one\n  \"b\": [1, 2,],\n  /* gone */ \"c\": \"x // not a comment\",\n}";
        match parse(text) {
            JsonOutcome::Repaired { value, line, what } => {
                assert_eq!(value, json!({"a": 1, "b": [1, 2], "c": "x // not a comment"}));
                assert_eq!(line, 2);
                assert!(what.contains(&"comment") && what.contains(&"trailing comma"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn control_characters_and_smart_quotes() {
        match parse("{\"a\": \"x\ty\"}") {
            JsonOutcome::Repaired { value, .. } => assert_eq!(value, json!({"a": "x\ty"})),
            other => panic!("{other:?}"),
        }
        match parse("{\u{201c}a\u{201d}: 1}") {
            JsonOutcome::Repaired { value, .. } => assert_eq!(value, json!({"a": 1})),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn elisions_stay_invalid_with_line() {
        match parse("{\n  \"a\": 1,\n  ...\n}") {
            JsonOutcome::Invalid { line, .. } => assert_eq!(line, 3),
            other => panic!("{other:?}"),
        }
        match parse("{\n \"a\": [\n") {
            JsonOutcome::Invalid { .. } => {}
            other => panic!("{other:?}"),
        }
    }
}
