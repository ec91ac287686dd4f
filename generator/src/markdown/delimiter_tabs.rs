//! Tabs in a table's delimiter row.
//!
//! GFM allows spaces around the dashes of a delimiter row (`| --- |:---:|`),
//! and pulldown-cmark rejects a tab there: the whole table is then read as a
//! paragraph of `|` lines. Pages edited in tab-indenting editors write rows
//! such as `| ------------- \t\t|---------------| -------------|`. A tab
//! between the pipes of a delimiter row carries no meaning, so it is read as
//! a space: one byte for one byte, so every offset and line stays where it
//! was. Lines inside code fences are left alone.

use std::borrow::Cow;

/// The text with tabs in delimiter rows turned into spaces, and the 0-based
/// index of each line that was changed (for a diagnostic each).
pub fn untab(text: &str) -> (Cow<'_, str>, Vec<u32>) {
    if !text.contains('\t') {
        return (Cow::Borrowed(text), Vec::new());
    }
    let mut changed = Vec::new();
    let mut out = String::new();
    let mut fence: Option<&str> = None;
    let mut previous_is_row = false;
    for (index, line) in text.split_inclusive('\n').enumerate() {
        let trimmed = line.trim_start();
        match fence {
            Some(marker) if trimmed.starts_with(marker) => fence = None,
            Some(_) => {}
            None if trimmed.starts_with("```") => fence = Some("```"),
            None if trimmed.starts_with("~~~") => fence = Some("~~~"),
            None => {}
        }
        if fence.is_none() && previous_is_row && line.contains('\t') && is_delimiter_row(line) {
            if changed.is_empty() {
                out.reserve(text.len());
                out.push_str(&text[..offset_of(text, line)]);
            }
            out.push_str(&line.replace('\t', " "));
            changed.push(index as u32);
        } else if !changed.is_empty() {
            out.push_str(line);
        }
        previous_is_row = fence.is_none() && trimmed.starts_with('|');
    }
    if changed.is_empty() {
        (Cow::Borrowed(text), changed)
    } else {
        (Cow::Owned(out), changed)
    }
}

/// Byte offset of `line` (a slice of `text`) inside `text`.
fn offset_of(text: &str, line: &str) -> usize {
    line.as_ptr() as usize - text.as_ptr() as usize
}

/// `| --- |:--:|` with any whitespace: only pipes, dashes, colons and blanks,
/// at least one pipe and one dash.
fn is_delimiter_row(line: &str) -> bool {
    let body = line.trim_end_matches(['\n', '\r']);
    body.contains('|')
        && body.contains('-')
        && body.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabs_in_delimiter_rows_become_spaces_one_for_one() {
        let text = "# t\n\n| a\t| b |\n| --- \t\t|---|\n| x\t| y |\n";
        let (fixed, lines) = untab(text);
        assert_eq!(fixed, "# t\n\n| a\t| b |\n| ---   |---|\n| x\t| y |\n");
        assert_eq!(fixed.len(), text.len());
        assert_eq!(lines, vec![3]);
    }

    #[test]
    fn other_lines_are_untouched() {
        for text in [
            "no tabs at all\n",
            "| a | b |\n|---|---|\n|\tx\t|\ty\t|\n",
            "text\n|---\t|---|\n",
            "```\n| a |\n|---\t|\n```\n",
        ] {
            let (fixed, lines) = untab(text);
            assert_eq!(fixed, text);
            assert!(lines.is_empty(), "{text:?}");
        }
    }
}
