//! A second, independent reading of a page's raw markdown lines, for
//! `graphgen check`'s verdicts.
//!
//! The verdict on a disagreement ("did graphgen misread the page, or does the
//! page say something else?") must not trust the schema stage's reading, or
//! it could never catch what that stage misses. So this reader starts again
//! from the file's lines, with no markdown parser and none of the schema
//! stage's rules: it only finds the pieces a person would look at (the
//! title, headings, table rows split into cells, HTML-comment annotations,
//! fenced blocks with their top-level JSON members and request lines, and
//! prose paragraphs), each with its line. Deciding what they say about a
//! type is [`super::evidence`]'s job.

/// A link in a cell or paragraph: `[text](target)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub text: String,
    pub target: String,
}

/// Inline markdown reduced to plain text, links kept.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Inline {
    pub text: String,
    pub links: Vec<Link>,
}

#[derive(Debug, Clone)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    pub line: u32,
}

#[derive(Debug, Clone)]
pub struct Row {
    pub line: u32,
    pub cells: Vec<Inline>,
    /// The line as written, for quoting.
    pub raw: String,
}

#[derive(Debug, Clone)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Row>,
    /// Index into `headings` of the nearest heading above, if any.
    pub heading: Option<usize>,
}

impl Table {
    /// The first column whose header says it holds types (`Type`, `Data
    /// type`, ...), not a method's return type.
    pub fn type_column(&self) -> Option<usize> {
        self.header.iter().position(|h| {
            let h = h.to_ascii_lowercase();
            h.contains("type") && !h.contains("return") && !h.contains("permission")
        })
    }

    /// A table of enum members: its first column is headed by a member,
    /// name or value word, and no column holds types.
    pub fn lists_members(&self) -> bool {
        let first = self.header.first().map(|h| h.to_ascii_lowercase()).unwrap_or_default();
        self.type_column().is_none() && ["member", "name", "value"].iter().any(|w| first.contains(w))
    }

    /// The first column headed `Value`.
    pub fn value_column(&self) -> Option<usize> {
        self.header.iter().position(|h| h.trim().eq_ignore_ascii_case("value"))
    }
}

/// A top-level member of a JSON object in a fenced block: `"name": value`.
#[derive(Debug, Clone)]
pub struct JsonMember {
    pub name: String,
    pub line: u32,
    /// The value's text on the member's line (trimmed).
    pub value: String,
}

#[derive(Debug, Clone)]
pub struct Fence {
    pub lang: String,
    /// Line of the first content line.
    pub line: u32,
    pub lines: Vec<String>,
    /// Index into `annotations` of the annotation just above the fence.
    pub annotation: Option<usize>,
    pub heading: Option<usize>,
}

impl Fence {
    /// The top-level members of the object the block holds (depth 1 only).
    pub fn json_members(&self) -> Vec<JsonMember> {
        let mut out = Vec::new();
        let mut depth = 0i32;
        for (i, line) in self.lines.iter().enumerate() {
            let bytes: Vec<char> = line.chars().collect();
            let mut j = 0;
            while j < bytes.len() {
                match bytes[j] {
                    '{' | '[' => depth += 1,
                    '}' | ']' => depth -= 1,
                    '"' => {
                        let start = j + 1;
                        let mut k = start;
                        while k < bytes.len() && bytes[k] != '"' {
                            k += if bytes[k] == '\\' { 2 } else { 1 };
                        }
                        let end = k.min(bytes.len());
                        let name: String = bytes[start..end].iter().collect();
                        let rest: String = bytes.get(end + 1..).map(|r| r.iter().collect()).unwrap_or_default();
                        let after = rest.trim_start();
                        if depth == 1 && after.starts_with(':') {
                            out.push(JsonMember { name, line: self.line + i as u32, value: after[1..].trim().to_string() });
                        }
                        j = end;
                    }
                    _ => {}
                }
                j += 1;
            }
        }
        out
    }

    /// Request lines: `METHOD url` (method in any case), with their line.
    pub fn requests(&self) -> Vec<(String, String, u32)> {
        let mut out = Vec::new();
        for (i, line) in self.lines.iter().enumerate() {
            let mut words = line.split_whitespace();
            let (Some(method), Some(url)) = (words.next(), words.next()) else { continue };
            let method = method.to_ascii_uppercase();
            if ["GET", "POST", "PUT", "PATCH", "DELETE"].contains(&method.as_str()) {
                out.push((method, url.to_string(), self.line + i as u32));
            }
        }
        out
    }
}

#[derive(Debug, Clone)]
pub struct Annotation {
    pub line: u32,
    pub text: String,
}

impl Annotation {
    /// A string member (`"@odata.type": "x"`), found textually: annotations
    /// are often not valid JSON.
    pub fn string(&self, key: &str) -> Option<String> {
        let value = self.value_after(key)?;
        let value = value.strip_prefix('"')?;
        Some(value[..value.find('"')?].trim().trim_start_matches('#').to_string())
    }

    /// A boolean member, written `true` or `"true"`.
    pub fn boolean(&self, key: &str) -> Option<bool> {
        let value = self.value_after(key)?.trim_start_matches('"').to_ascii_lowercase();
        if value.starts_with("true") {
            Some(true)
        } else if value.starts_with("false") {
            Some(false)
        } else {
            None
        }
    }

    fn value_after(&self, key: &str) -> Option<&str> {
        let quoted = format!("\"{key}\"");
        let at = self.text.find(&quoted)? + quoted.len();
        Some(self.text[at..].trim_start().strip_prefix(':')?.trim_start())
    }
}

#[derive(Debug, Clone)]
pub struct Paragraph {
    pub line: u32,
    pub text: Inline,
    pub heading: Option<usize>,
}

#[derive(Debug, Clone, Default)]
pub struct PageText {
    pub path: String,
    pub headings: Vec<Heading>,
    pub tables: Vec<Table>,
    pub fences: Vec<Fence>,
    pub annotations: Vec<Annotation>,
    pub paragraphs: Vec<Paragraph>,
    /// `Namespace: x` as written near the title.
    pub namespace: Option<String>,
}

impl PageText {
    /// The first `#` heading.
    pub fn title(&self) -> Option<&Heading> {
        self.headings.iter().find(|h| h.level == 1)
    }

    /// The file name without `.md`, lowercase.
    pub fn stem(&self) -> String {
        let name = self.path.rsplit('/').next().unwrap_or(&self.path);
        name.strip_suffix(".md").unwrap_or(name).to_ascii_lowercase()
    }

    /// Whether something whose nearest heading is `at` lies in the section
    /// of heading `section` (under it, before the next heading of its level
    /// or above).
    pub fn in_section(&self, at: Option<usize>, section: usize) -> bool {
        let Some(at) = at else { return false };
        if at < section {
            return false;
        }
        let level = self.headings[section].level;
        !self.headings[section + 1..=at].iter().any(|h| h.level <= level)
    }

    /// Whether the nearest heading of `at`, or one above it, says `word`.
    pub fn under_heading_saying(&self, at: Option<usize>, word: &str) -> bool {
        let Some(mut i) = at else { return false };
        let mut level = u8::MAX;
        loop {
            let h = &self.headings[i];
            if h.level < level {
                if h.text.to_ascii_lowercase().contains(word) {
                    return true;
                }
                level = h.level;
            }
            if i == 0 {
                return false;
            }
            i -= 1;
        }
    }
}

/// Read a page's raw text.
pub fn read(path: &str, text: &str) -> PageText {
    let mut page = PageText { path: path.to_string(), ..Default::default() };
    let lines: Vec<&str> = text.lines().collect();
    let mut i = skip_front_matter(&lines);
    let mut pending_annotation: Option<usize> = None;
    let mut paragraph: Option<Paragraph> = None;
    let flush = |page: &mut PageText, paragraph: &mut Option<Paragraph>| {
        if let Some(p) = paragraph.take() {
            page.paragraphs.push(p);
        }
    };
    while i < lines.len() {
        let line = lines[i];
        let trimmed = line.trim();
        let number = i as u32 + 1;
        if trimmed.is_empty() {
            flush(&mut page, &mut paragraph);
            i += 1;
            continue;
        }
        if let Some(fence_chars) = fence_open(trimmed) {
            flush(&mut page, &mut paragraph);
            let lang = trimmed.trim_start_matches(fence_chars).trim().to_ascii_lowercase();
            let mut body = Vec::new();
            i += 1;
            while i < lines.len() && !lines[i].trim_start().starts_with(fence_chars) {
                body.push(lines[i].to_string());
                i += 1;
            }
            let heading = page.headings.len().checked_sub(1);
            page.fences.push(Fence { lang, line: number + 1, lines: body, annotation: pending_annotation.take(), heading });
            i += 1;
            continue;
        }
        if trimmed.starts_with("<!--") {
            flush(&mut page, &mut paragraph);
            let mut comment = String::new();
            let start = number;
            loop {
                comment.push_str(lines[i]);
                comment.push('\n');
                if lines[i].contains("-->") || i + 1 >= lines.len() {
                    break;
                }
                i += 1;
            }
            page.annotations.push(Annotation { line: start, text: comment });
            pending_annotation = Some(page.annotations.len() - 1);
            i += 1;
            continue;
        }
        if let Some(heading) = heading(trimmed, number) {
            flush(&mut page, &mut paragraph);
            // Tab headers (`# [HTTP](#tab/http)`) sit between an annotation and its fence.
            if !heading.text.is_empty() && !trimmed.contains("](#tab/") {
                page.headings.push(heading);
                pending_annotation = None;
            }
            i += 1;
            continue;
        }
        if line.contains('|') && lines.get(i + 1).is_some_and(|next| is_delimiter_row(next)) {
            flush(&mut page, &mut paragraph);
            let header = split_row(line).into_iter().map(|c| c.text).collect();
            let mut rows = Vec::new();
            i += 2;
            while i < lines.len() && lines[i].contains('|') && !lines[i].trim().is_empty() {
                rows.push(Row { line: i as u32 + 1, cells: split_row(lines[i]), raw: lines[i].trim().to_string() });
                i += 1;
            }
            page.tables.push(Table { header, rows, heading: page.headings.len().checked_sub(1) });
            pending_annotation = None;
            continue;
        }
        if page.namespace.is_none() {
            if let Some(ns) = trimmed.strip_prefix("Namespace:") {
                page.namespace = Some(ns.trim().trim_matches('`').to_string());
            }
        }
        let text = inline(trimmed.trim_start_matches(['>', '-', '*', ' ']));
        match &mut paragraph {
            Some(p) => {
                p.text.text.push(' ');
                p.text.text.push_str(&text.text);
                p.text.links.extend(text.links);
            }
            None => paragraph = Some(Paragraph { line: number, text, heading: page.headings.len().checked_sub(1) }),
        }
        pending_annotation = None;
        i += 1;
    }
    flush(&mut page, &mut paragraph);
    page
}

fn skip_front_matter(lines: &[&str]) -> usize {
    if lines.first().is_some_and(|l| l.trim() == "---") {
        if let Some(end) = lines.iter().skip(1).position(|l| l.trim() == "---") {
            return end + 2;
        }
    }
    0
}

fn fence_open(trimmed: &str) -> Option<&'static str> {
    ["```", "~~~"].into_iter().find(|f| trimmed.starts_with(f))
}

fn heading(trimmed: &str, line: u32) -> Option<Heading> {
    let hashes = trimmed.bytes().take_while(|&b| b == b'#').count();
    if hashes == 0 || hashes > 6 || !trimmed[hashes..].starts_with([' ', '\t']) {
        return None;
    }
    let text = inline(trimmed[hashes..].trim().trim_end_matches('#').trim()).text;
    Some(Heading { level: hashes as u8, text, line })
}

/// `|---|:--:|`, tabs and spaces allowed, leading/trailing pipes optional.
fn is_delimiter_row(line: &str) -> bool {
    let t = line.trim();
    if !t.contains('-') || !t.contains('|') && !t.starts_with('-') {
        return false;
    }
    let cells = t.trim_matches('|').split('|');
    let mut any = false;
    for cell in cells {
        let c = cell.trim();
        if c.is_empty() {
            continue;
        }
        let inner = c.trim_start_matches(':').trim_end_matches(':');
        if inner.is_empty() || !inner.chars().all(|ch| ch == '-') {
            return false;
        }
        any = true;
    }
    any
}

/// A table line's cells: split on pipes that are not escaped or inside code.
fn split_row(line: &str) -> Vec<Inline> {
    let t = line.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = if t.ends_with('|') && !t.ends_with("\\|") { &t[..t.len() - 1] } else { t };
    let mut cells = Vec::new();
    let mut current = String::new();
    let mut in_code = false;
    let mut chars = t.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                current.push('|');
                chars.next();
            }
            '`' => {
                in_code = !in_code;
                current.push(c);
            }
            '|' if !in_code => cells.push(std::mem::take(&mut current)),
            _ => current.push(c),
        }
    }
    cells.push(current);
    cells.iter().map(|c| inline(c.trim())).collect()
}

/// Inline markdown to plain text: links keep their text (and are listed),
/// emphasis, code ticks and HTML tags go, whitespace collapses.
pub fn inline(raw: &str) -> Inline {
    let mut out = Inline::default();
    let mut text = String::with_capacity(raw.len());
    let chars: Vec<char> = raw.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '[' {
            if let Some((label, target, next)) = link_at(&chars, i) {
                let label = inline(&label).text;
                text.push_str(&label);
                out.links.push(Link { text: label, target });
                i = next;
                continue;
            }
        }
        if c == '<' {
            if let Some(close) = chars[i..].iter().position(|&ch| ch == '>') {
                let tag: String = chars[i + 1..i + close].iter().collect();
                if tag.starts_with(|ch: char| ch.is_ascii_alphabetic() || ch == '/') {
                    text.push(' ');
                    i += close + 1;
                    continue;
                }
            }
        }
        match c {
            '*' | '`' => {}
            '\\' if i + 1 < chars.len() => {
                text.push(chars[i + 1]);
                i += 1;
            }
            _ => text.push(c),
        }
        i += 1;
    }
    let text = text.replace("&nbsp;", " ");
    out.text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    out
}

/// `[label](target)` starting at `i`: the label, the target and the index after it.
fn link_at(chars: &[char], i: usize) -> Option<(String, String, usize)> {
    let mut depth = 0;
    let mut j = i;
    while j < chars.len() {
        match chars[j] {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            _ => {}
        }
        j += 1;
    }
    if j + 1 >= chars.len() || chars[j + 1] != '(' {
        return None;
    }
    let close = chars[j + 2..].iter().position(|&c| c == ')')? + j + 2;
    let label: String = chars[i + 1..j].iter().collect();
    let target: String = chars[j + 2..close].iter().collect();
    let target = target.split_whitespace().next().unwrap_or("").to_string();
    Some((label, target, close + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "---\ntitle: x\n---\n# widget resource type\n\nNamespace: microsoft.graph\n\nInherits from [entity](entity.md).\n\nIt is\nabstract.\n\n## Properties\n\n| Property\t| Type | Description |\n|:--\t|:--|:--|\n| **name** | [thing](thing.md) collection | A \\| pipe `a|b` |\n\n<!-- {\n  \"blockType\": \"resource\",\n  \"@odata.type\": \"microsoft.graph.widget\", \"abstract\": \"true\"\n} -->\n```json\n{\n  \"name\": [{\"@odata.type\": \"microsoft.graph.thing\"}],\n  \"nested\": {\"inner\": 1}\n}\n```\n";

    #[test]
    fn reads_the_pieces_with_their_lines() {
        let p = read("resources/widget.md", PAGE);
        assert_eq!(p.title().unwrap().text, "widget resource type");
        assert_eq!(p.title().unwrap().line, 4);
        assert_eq!(p.namespace.as_deref(), Some("microsoft.graph"));
        assert_eq!(p.paragraphs[1].text.text, "Inherits from entity.");
        assert_eq!(p.paragraphs[2].text.text, "It is abstract.");
        assert_eq!(p.paragraphs[2].line, 10);
        let t = &p.tables[0];
        assert_eq!(t.header, vec!["Property", "Type", "Description"]);
        assert_eq!(t.type_column(), Some(1));
        assert_eq!(t.rows[0].line, 17);
        assert_eq!(t.rows[0].cells[0].text, "name");
        assert_eq!(t.rows[0].cells[1].links[0].target, "thing.md");
        assert_eq!(t.rows[0].cells[2].text, "A | pipe a|b");
        let a = &p.annotations[0];
        assert_eq!(a.string("@odata.type").as_deref(), Some("microsoft.graph.widget"));
        assert_eq!(a.boolean("abstract"), Some(true));
        let f = &p.fences[0];
        assert_eq!(f.annotation, Some(0));
        let members = f.json_members();
        assert_eq!(members.len(), 2);
        assert_eq!((members[0].name.as_str(), members[0].line), ("name", 25));
        assert!(members[0].value.starts_with("[{"));
    }
}
