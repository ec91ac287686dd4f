//! One page's markdown to a [`Page`], with pulldown-cmark.
//!
//! Syntax only, with three docs-specific readings that are still syntax:
//! - `# [C#](#tab/csharp)` lines are code-sample tab markers, not headings;
//!   blocks inside a tab for a language other than HTTP are other-language
//!   samples and are skipped (graphgen reads HTTP only).
//! - `<!-- { ... } -->` comments are annotations (JSON objects) and attach to
//!   the next code fence.
//! - `[!INCLUDE [label](path)]` lines are followed relative to the page.

use super::delimiter_tabs;
use super::front_matter;
use super::lines::LineIndex;
use super::page::*;
use crate::diagnostics::{Diagnostic, DiagnosticKind};
use crate::schema::json_repair::JsonOutcome;
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

/// Reads included files. Paths are relative to the docs root, `/`-separated.
pub trait IncludeLoader: Sync {
    fn load(&self, path: &str) -> Option<String>;

    /// [`IncludeLoader::load`], saying why there is no text. Loaders that
    /// refuse files (see [`crate::corpus::FsIncludes`]) tell it here.
    fn read(&self, path: &str) -> Result<String, IncludeRefusal> {
        self.load(path).ok_or(IncludeRefusal::NotFound)
    }
}

/// Why an include has no text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IncludeRefusal {
    NotFound,
    /// The file is there but is not read; the reason.
    Refused(String),
}

/// An [`IncludeLoader`] for pages parsed on their own: every include is missing.
pub struct NoIncludes;

impl IncludeLoader for NoIncludes {
    fn load(&self, _path: &str) -> Option<String> {
        None
    }
}

/// Includes nest (an include may include); deeper than this is a loop.
const MAX_INCLUDE_DEPTH: usize = 4;

/// Includes followed for one page, all levels together. An include that
/// includes itself (or another) k times is followed k⁴ times within the
/// depth limit: a 2 KB file made gigabytes. Real pages follow a handful.
const MAX_INCLUDES_PER_PAGE: usize = 256;

/// Text included into one page, all levels together: 4 MiB, some thirty
/// times the largest page of the Graph reference.
const MAX_INCLUDED_BYTES_PER_PAGE: usize = 4 << 20;

/// What one page's includes have used of the limits above.
#[derive(Default)]
struct IncludeBudget {
    followed: std::cell::Cell<usize>,
    bytes: std::cell::Cell<usize>,
}

/// Parse one page. `path` is relative to the docs root (`api/user-list.md`).
pub fn parse_page(path: &str, text: &str, includes: &dyn IncludeLoader) -> (Page, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let normalized = normalize_newlines(text);
    let fm = front_matter::split(path, &normalized, &mut diags);
    let mut page = Page { path: path.to_string(), front_matter: fm.values, ..Page::default() };
    let body = &normalized[fm.body_offset..];
    let budget = IncludeBudget::default();
    let ctx = BodyContext { path, includes, depth: 0, budget: &budget };
    let (headings, blocks) = parse_body(&ctx, body, fm.body_line, &[], &mut diags);
    page.headings = headings;
    page.blocks = blocks;
    (page, diags)
}

/// CRLF (and lone CR) to LF. Line numbers do not change.
fn normalize_newlines(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains('\r') {
        std::borrow::Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

struct BodyContext<'a> {
    path: &'a str,
    includes: &'a dyn IncludeLoader,
    depth: usize,
    budget: &'a IncludeBudget,
}

/// Text being collected for a paragraph, list item, heading or table cell.
#[derive(Default)]
struct Collector {
    text: String,
    links: Vec<Link>,
    /// Open links: (start index in `text`, target).
    open_links: Vec<(usize, String)>,
    start: usize,
    end: usize,
    is_item: bool,
}

impl Collector {
    fn push_text(&mut self, s: &str) {
        self.text.push_str(s);
    }
    fn finish(self) -> Text {
        Text { text: collapse_whitespace(&self.text), links: self.links }
    }
}

#[derive(Default)]
struct TableBuilder {
    header: Vec<Text>,
    rows: Vec<Row>,
    in_head: bool,
    current: Option<Row>,
}

/// Headings and blocks of a markdown body. `outer_context` is prepended to
/// every block's context (for included files: the include's context).
fn parse_body(
    ctx: &BodyContext<'_>,
    body: &str,
    first_line: u32,
    outer_context: &[usize],
    diags: &mut Vec<Diagnostic>,
) -> (Vec<Heading>, Vec<Block>) {
    let (body, untabbed) = delimiter_tabs::untab(body);
    let body: &str = &body;
    for line in untabbed {
        diags.push(Diagnostic::new(
            ctx.path,
            first_line + line,
            DiagnosticKind::MalformedTable,
            "table delimiter row holds tab characters; read as spaces",
        ));
    }
    let index = LineIndex::new(body, first_line);
    let mut headings: Vec<Heading> = Vec::new();
    let mut heading_stack: Vec<usize> = Vec::new();
    let mut blocks: Vec<Block> = Vec::new();
    let mut collectors: Vec<Collector> = Vec::new();
    let mut table: Option<TableBuilder> = None;
    let mut code: Option<(String, usize, String)> = None; // (lang, start offset, text)
    let mut html = String::new();
    let mut html_start = 0usize;
    let mut in_html_block = false;
    let mut pending_annotation: Option<Annotation> = None;
    // The code-sample tab we are in, if any (`http`, `csharp`, ...).
    let mut tab: Option<String> = None;
    let mut heading_level: u8 = 0;

    let context = |stack: &Vec<usize>| -> Vec<usize> {
        let mut c = outer_context.to_vec();
        c.extend(stack.iter().copied());
        c
    };

    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        let in_foreign_tab = tab.as_deref().is_some_and(|t| t != "http");
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                heading_level = level as u8;
                collectors.push(Collector { start: range.start, ..Collector::default() });
            }
            Event::End(TagEnd::Heading(_)) => {
                let Some(c) = collectors.pop() else { continue };
                if let Some(t) = tab_marker(&c) {
                    tab = Some(t);
                    continue;
                }
                tab = None;
                pending_annotation = None;
                let text = c.finish();
                let level = heading_level;
                while heading_stack.last().is_some_and(|&i| headings[i].level >= level) {
                    heading_stack.pop();
                }
                headings.push(Heading { level, text: text.text, line: index.line_of(range.start) });
                heading_stack.push(headings.len() - 1);
            }
            Event::Start(Tag::Paragraph) => {
                flush_item_text(&mut collectors, &mut blocks, &index, &context(&heading_stack), in_foreign_tab);
                collectors.push(Collector { start: range.start, end: range.end, ..Collector::default() });
            }
            Event::End(TagEnd::Paragraph) => {
                let Some(c) = collectors.pop() else { continue };
                let raw = &body[c.start..c.end.min(body.len())];
                let line = index.line_of(c.start);
                if raw.contains("[!INCLUDE") || raw.contains("[!include") {
                    if !in_foreign_tab {
                        for inc in find_includes(raw) {
                            let block = resolve_include(ctx, inc, line, &context(&heading_stack), diags);
                            blocks.push(block);
                        }
                    }
                    continue;
                }
                if looks_like_table(raw) {
                    diags.push(Diagnostic::new(
                        ctx.path,
                        line,
                        DiagnosticKind::MalformedTable,
                        "lines starting with `|` do not form a table (no `|---|` delimiter row under the header); read as text",
                    ));
                }
                if in_foreign_tab {
                    continue;
                }
                let text = c.finish();
                if !text.text.is_empty() {
                    pending_annotation = None;
                    blocks.push(Block { line, context: context(&heading_stack), kind: BlockKind::Paragraph(text) });
                }
            }
            Event::Start(Tag::Item) => {
                flush_item_text(&mut collectors, &mut blocks, &index, &context(&heading_stack), in_foreign_tab);
                collectors.push(Collector { start: range.start, is_item: true, ..Collector::default() });
            }
            Event::End(TagEnd::Item) => {
                flush_item_text(&mut collectors, &mut blocks, &index, &context(&heading_stack), in_foreign_tab);
                collectors.pop();
            }
            Event::Start(Tag::Table(_)) => {
                table = Some(TableBuilder::default());
            }
            Event::Start(Tag::TableHead) => {
                if let Some(t) = table.as_mut() {
                    t.in_head = true;
                }
                check_row_width(ctx.path, body, &range, &index, None, diags);
            }
            Event::End(TagEnd::TableHead) => {
                if let Some(t) = table.as_mut() {
                    t.in_head = false;
                }
            }
            Event::Start(Tag::TableRow) => {
                if let Some(t) = table.as_mut() {
                    t.current = Some(Row { line: index.line_of(range.start), cells: Vec::new() });
                    check_row_width(ctx.path, body, &range, &index, Some(t.header.len()), diags);
                }
            }
            Event::End(TagEnd::TableRow) => {
                if let Some(t) = table.as_mut() {
                    if let Some(row) = t.current.take() {
                        t.rows.push(row);
                    }
                }
            }
            Event::Start(Tag::TableCell) => {
                collectors.push(Collector { start: range.start, ..Collector::default() });
            }
            Event::End(TagEnd::TableCell) => {
                let Some(c) = collectors.pop() else { continue };
                let raw = &body[c.start.min(body.len())..range.end.min(body.len())];
                let line = index.line_of(c.start);
                let mut text = c.finish();
                if (raw.contains("[!INCLUDE") || raw.contains("[!include")) && !in_foreign_tab {
                    inline_includes(ctx, raw, line, &mut text, diags);
                }
                if let Some(t) = table.as_mut() {
                    match t.current.as_mut() {
                        Some(row) if !t.in_head => row.cells.push(text),
                        _ => t.header.push(text),
                    }
                }
            }
            Event::End(TagEnd::Table) => {
                if let Some(t) = table.take() {
                    pending_annotation = None;
                    if !in_foreign_tab {
                        blocks.push(Block {
                            line: index.line_of(range.start),
                            context: context(&heading_stack),
                            kind: BlockKind::Table(Table { header: t.header, rows: t.rows }),
                        });
                    }
                }
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or("").to_ascii_lowercase(),
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, range.start, String::new()));
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((lang, start, text)) = code.take() {
                    let fence_line = index.line_of(start);
                    // Fenced blocks start after the fence line; indented ones on it.
                    let fenced = body[start..].trim_start().starts_with("```") || body[start..].trim_start().starts_with("~~~");
                    let content_line = if fenced { fence_line + 1 } else { fence_line };
                    let annotation = pending_annotation.take();
                    if !in_foreign_tab {
                        blocks.push(Block {
                            line: fence_line,
                            context: context(&heading_stack),
                            kind: BlockKind::Code(CodeBlock { lang, text, content_line, annotation }),
                        });
                    }
                }
            }
            Event::Start(Tag::HtmlBlock) => {
                in_html_block = true;
                html.clear();
                html_start = range.start;
            }
            Event::End(TagEnd::HtmlBlock) => {
                in_html_block = false;
                for a in annotations_in(&html, html_start, &index) {
                    report_annotation(ctx.path, &a, diags);
                    pending_annotation = Some(a.clone());
                    blocks.push(Block { line: a.line, context: context(&heading_stack), kind: BlockKind::Annotation(a) });
                }
                html.clear();
            }
            Event::Html(s) => {
                if in_html_block {
                    html.push_str(&s);
                }
            }
            Event::InlineHtml(s) => {
                // An annotation written inline (rare): same meaning as a block one.
                if s.starts_with("<!--") && s.contains("-->") {
                    for a in annotations_in(&s, range.start, &index) {
                        report_annotation(ctx.path, &a, diags);
                        pending_annotation = Some(a.clone());
                        blocks.push(Block { line: a.line, context: context(&heading_stack), kind: BlockKind::Annotation(a) });
                    }
                } else if let Some(c) = collectors.last_mut() {
                    c.push_text(inline_html_text(&s));
                }
            }
            Event::Text(s) => {
                if let Some((_, _, text)) = code.as_mut() {
                    text.push_str(&s);
                } else if let Some(c) = collectors.last_mut() {
                    c.push_text(&s);
                }
            }
            Event::Code(s) => {
                if let Some(c) = collectors.last_mut() {
                    c.push_text(&s);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(c) = collectors.last_mut() {
                    c.push_text(" ");
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                if let Some(c) = collectors.last_mut() {
                    c.open_links.push((c.text.len(), dest_url.to_string()));
                }
            }
            Event::End(TagEnd::Link) => {
                if let Some(c) = collectors.last_mut() {
                    if let Some((start, target)) = c.open_links.pop() {
                        let text = collapse_whitespace(&c.text[start..]);
                        c.links.push(Link { text, target });
                    }
                }
            }
            Event::Rule => {
                // `---` closes a group of code-sample tabs.
                tab = None;
            }
            _ => {}
        }
    }
    (headings, blocks)
}

/// The text an inline HTML tag stands for in plain text. CommonMark reads
/// any `<word>` as HTML, but the docs write placeholders that way
/// (`Bearer <token>`): a tag that is not an HTML element is that text.
/// Line breaks are a space; formatting tags (`<b>`, `</i>`) add nothing, their
/// content is text of its own.
fn inline_html_text(html: &str) -> &str {
    let name = html.trim_start_matches('<').trim_start_matches('/');
    let name = name.split(|c: char| !c.is_ascii_alphanumeric()).next().unwrap_or("").to_ascii_lowercase();
    match name.as_str() {
        "br" | "p" | "div" | "li" | "ul" | "ol" | "hr" | "tr" | "td" => " ",
        "b" | "i" | "u" | "em" | "strong" | "code" | "sup" | "sub" | "span" | "a" | "s" | "del" | "ins" | "mark" | "small"
        | "kbd" | "var" | "img" | "font" | "pre" | "table" | "tbody" | "thead" | "th" | "nobr" => "",
        _ => html,
    }
}

/// A list item's own text (before any nested paragraph or list) becomes a paragraph block.
fn flush_item_text(
    collectors: &mut [Collector],
    blocks: &mut Vec<Block>,
    index: &LineIndex,
    context: &[usize],
    skip: bool,
) {
    if let Some(c) = collectors.last_mut() {
        if c.is_item && !c.text.trim().is_empty() {
            let taken = std::mem::take(c);
            c.is_item = true;
            c.start = taken.start;
            if !skip {
                let line = index.line_of(taken.start);
                blocks.push(Block { line, context: context.to_vec(), kind: BlockKind::Paragraph(taken.finish()) });
            }
        }
    }
}

/// `# [HTTP](#tab/http)` → `Some("http")`.
fn tab_marker(c: &Collector) -> Option<String> {
    let [link] = c.links.as_slice() else { return None };
    let tab = link.target.strip_prefix("#tab/")?;
    (collapse_whitespace(&c.text) == link.text).then(|| tab.trim().to_ascii_lowercase())
}

fn collapse_whitespace(s: &str) -> String {
    if s.is_ascii() {
        return collapse_ascii_whitespace(s);
    }
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// [`collapse_whitespace`] of ASCII text, byte by byte (most docs text is
/// ASCII, and this runs on every paragraph and table cell).
fn collapse_ascii_whitespace(s: &str) -> String {
    // The ASCII characters `char::is_whitespace` accepts (vertical tab too).
    let is_space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r');
    let mut out = Vec::with_capacity(s.len());
    let mut space_pending = false;
    for &b in s.as_bytes() {
        if is_space(b) {
            space_pending = !out.is_empty();
        } else {
            if space_pending {
                out.push(b' ');
                space_pending = false;
            }
            out.push(b);
        }
    }
    String::from_utf8(out).expect("ASCII in, ASCII out")
}

/// Every `<!-- { ... } -->` comment in an HTML chunk that starts at `base`.
fn annotations_in(html: &str, base: usize, index: &LineIndex) -> Vec<Annotation> {
    let mut out = Vec::new();
    let mut rest = html;
    let mut consumed = 0;
    while let Some(open) = rest.find("<!--") {
        let after = &rest[open + 4..];
        let Some(close) = after.find("-->") else { break };
        let inner = after[..close].trim();
        if inner.starts_with('{') {
            let line = index.line_of(base + consumed + open);
            let (value, error) = match crate::schema::json_repair::parse(inner) {
                JsonOutcome::Valid(v) if v.is_object() => (Some(v), None),
                JsonOutcome::Repaired { value, what, .. } if value.is_object() => {
                    (Some(value), Some(format!("repaired ({})", what.join(", "))))
                }
                JsonOutcome::Invalid { message, .. } => (None, Some(message)),
                _ => (None, Some("annotation is JSON but not an object".to_string())),
            };
            out.push(Annotation { line, value, error, raw: inner.to_string() });
        }
        let step = open + 4 + close + 3;
        consumed += step;
        rest = &rest[step..];
    }
    out
}

/// An annotation that needed repair, or could not be read, is said out loud.
fn report_annotation(path: &str, a: &Annotation, diags: &mut Vec<Diagnostic>) {
    let Some(error) = &a.error else { return };
    let (kind, message) = if a.value.is_some() {
        (DiagnosticKind::RepairedJson, format!("annotation JSON {error}"))
    } else {
        (DiagnosticKind::InvalidAnnotation, format!("annotation is not a JSON object ({error}); ignored"))
    };
    diags.push(Diagnostic::new(path, a.line, kind, message));
}

struct IncludeRef<'a> {
    label: &'a str,
    target: &'a str,
}

/// A table cell's `[!INCLUDE [label](target)]` references replaced by the
/// included text (its paragraphs, as plain text), or removed when the file
/// is missing (reported as for any include): the reference's own words
/// never stay in the cell.
fn inline_includes(ctx: &BodyContext<'_>, raw: &str, line: u32, text: &mut Text, diags: &mut Vec<Diagnostic>) {
    for inc in find_includes(raw) {
        let target = inc.target.trim().to_owned();
        let block = resolve_include(ctx, inc, line, &[], diags);
        let included = match &block.kind {
            BlockKind::Include(i) => i
                .blocks
                .iter()
                .filter_map(|b| match &b.kind {
                    BlockKind::Paragraph(t) => Some(t.text.as_str()),
                    _ => None,
                })
                .collect::<Vec<_>>()
                .join(" "),
            _ => String::new(),
        };
        // The plain text holds the reference as `[!INCLUDE label]`.
        let lower = text.text.to_ascii_lowercase();
        let Some(start) = lower.find("[!include") else { continue };
        let Some(end) = text.text[start..].find(']').map(|e| start + e + 1) else { continue };
        text.text.replace_range(start..end, &included);
        text.text = collapse_whitespace(&text.text);
        if let Some(at) = text.links.iter().position(|l| l.target.trim() == target) {
            text.links.remove(at);
        }
    }
}

/// `[!INCLUDE [label](target)]` occurrences in a paragraph's source.
fn find_includes(raw: &str) -> Vec<IncludeRef<'_>> {
    let mut out = Vec::new();
    let mut rest = raw;
    loop {
        let Some(pos) = rest.find("[!INCLUDE").or_else(|| rest.find("[!include")) else { break };
        let after = &rest[pos + "[!INCLUDE".len()..];
        let parsed = (|| {
            let lb = after.find('[')?;
            let rb = lb + after[lb..].find("](")?;
            let end = rb + 2 + after[rb + 2..].find(')')?;
            Some((IncludeRef { label: &after[lb + 1..rb], target: after[rb + 2..end].trim() }, end + 1))
        })();
        match parsed {
            Some((inc, used)) => {
                out.push(inc);
                rest = &after[used..];
            }
            None => break,
        }
    }
    out
}

/// `dir/of/page.md` + `../x/y.md` → `dir/x/y.md`. A target above the docs
/// root keeps its leading `..` (`api/x.md` + `../../includes/a.md` →
/// `../includes/a.md`): whether it is read is the include loader's call
/// (see [`crate::docs_files::IncludeRoot`]).
fn join_relative(page_path: &str, target: &str) -> Option<String> {
    let target = target.split(['#', '?']).next().unwrap_or(target);
    let mut parts: Vec<&str> = page_path.split('/').collect();
    parts.pop(); // the page's own file name
    for piece in target.split('/') {
        match piece {
            "" | "." => {}
            ".." => match parts.last() {
                Some(&"..") | None => parts.push(".."),
                Some(_) => {
                    parts.pop();
                }
            },
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

fn resolve_include(
    ctx: &BodyContext<'_>,
    inc: IncludeRef<'_>,
    line: u32,
    context: &[usize],
    diags: &mut Vec<Diagnostic>,
) -> Block {
    let mut include = Include {
        label: inc.label.trim().to_string(),
        target: inc.target.to_string(),
        resolved_path: None,
        blocks: Vec::new(),
    };
    let not_followed = |why: String| Diagnostic::new(ctx.path, line, DiagnosticKind::MissingInclude, why);
    let Some(path) = join_relative(ctx.path, inc.target) else {
        diags.push(not_followed(format!("include `{}` cannot be read as a relative path; not followed", inc.target)));
        return Block { line, context: context.to_vec(), kind: BlockKind::Include(include) };
    };
    let budget = ctx.budget;
    let refusal = if ctx.depth >= MAX_INCLUDE_DEPTH {
        Some(format!("include `{}` nests deeper than {MAX_INCLUDE_DEPTH} levels (a loop?); not followed", inc.target))
    } else if budget.followed.get() >= MAX_INCLUDES_PER_PAGE {
        Some(format!("include `{}` not followed: the page already follows {MAX_INCLUDES_PER_PAGE} includes (a loop?)", inc.target))
    } else {
        None
    };
    let text = match refusal {
        Some(why) => Err(why),
        None => ctx.includes.read(&path).map_err(|refusal| match refusal {
            IncludeRefusal::NotFound => format!("include `{}` not found (looked for `{path}`)", inc.target),
            IncludeRefusal::Refused(why) => format!("include `{}` not followed: {why}", inc.target),
        }),
    };
    let text = text.and_then(|text| {
        let used = budget.bytes.get() + text.len();
        if used > MAX_INCLUDED_BYTES_PER_PAGE {
            return Err(format!(
                "include `{}` not followed: the page's includes would exceed {} MiB of text (a loop?)",
                inc.target,
                MAX_INCLUDED_BYTES_PER_PAGE >> 20
            ));
        }
        budget.bytes.set(used);
        budget.followed.set(budget.followed.get() + 1);
        Ok(text)
    });
    match text {
        Ok(text) => {
            let inner = BodyContext { path: &path, includes: ctx.includes, depth: ctx.depth + 1, budget };
            let normalized = normalize_newlines(&text);
            let fm = front_matter::split(&path, &normalized, diags);
            let (_, blocks) = parse_body(&inner, &normalized[fm.body_offset..], fm.body_line, context, diags);
            include.blocks = blocks;
            include.resolved_path = Some(path);
        }
        Err(why) => diags.push(not_followed(why)),
    }
    Block { line, context: context.to_vec(), kind: BlockKind::Include(include) }
}

/// Two or more lines that start with `|`: meant as a table.
fn looks_like_table(raw: &str) -> bool {
    raw.lines().filter(|l| l.trim_start().starts_with('|')).count() >= 2
}

/// Cells in one source row, counted the way GFM splits them (unescaped `|`).
fn count_cells(line: &str) -> usize {
    let mut s = line.trim();
    if let Some(rest) = s.strip_prefix('|') {
        s = rest;
    }
    if s.ends_with('|') && !s.ends_with("\\|") {
        s = &s[..s.len() - 1];
    }
    let mut count = 1;
    let mut escaped = false;
    for ch in s.chars() {
        match ch {
            '\\' if !escaped => {
                escaped = true;
                continue;
            }
            '|' if !escaped => count += 1,
            _ => {}
        }
        escaped = false;
    }
    count
}

/// pulldown-cmark pads short rows and drops extra cells silently: say so.
fn check_row_width(
    path: &str,
    body: &str,
    range: &std::ops::Range<usize>,
    index: &LineIndex,
    expected: Option<usize>,
    diags: &mut Vec<Diagnostic>,
) {
    let Some(expected) = expected else { return };
    let line_text = body[range.start..range.end.min(body.len())].lines().next().unwrap_or("");
    let found = count_cells(line_text);
    if found != expected {
        let what = if found > expected { "extra cells are dropped" } else { "missing cells are read as empty" };
        diags.push(Diagnostic::new(
            path,
            index.line_of(range.start),
            DiagnosticKind::MalformedTable,
            format!("table row has {found} cells but the header has {expected}; {what}"),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_whitespace_collapses_as_unicode_whitespace_does() {
        let reference = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        for s in ["", "  ", "a", " a  b\t\tc\n", "x\u{0B}y\u{0C}z\r\nw", "no-spaces", "\u{1F}unit separator is not space "] {
            assert_eq!(collapse_ascii_whitespace(s), reference(s), "{s:?}");
            assert_eq!(collapse_whitespace(s), reference(s), "{s:?}");
        }
        // Non-ASCII text keeps Unicode rules (a no-break space separates words).
        assert_eq!(collapse_whitespace("a\u{A0}b  é"), "a b é");
    }

    #[test]
    fn cell_counting_follows_gfm() {
        assert_eq!(count_cells("|a|b|c|"), 3);
        assert_eq!(count_cells("a | b"), 2);
        assert_eq!(count_cells("|a \\| b|c|"), 2);
        assert_eq!(count_cells("|a||"), 2);
    }

    #[test]
    fn relative_include_paths() {
        assert_eq!(join_relative("api/x.md", "../includes/p/a.md").as_deref(), Some("includes/p/a.md"));
        assert_eq!(join_relative("api/x.md", "../../includes/a.md").as_deref(), Some("../includes/a.md"));
        assert_eq!(join_relative("../includes/a.md", "../b/c.md").as_deref(), Some("../b/c.md"));
        assert_eq!(join_relative("../includes/a.md", "../../c.md").as_deref(), Some("../../c.md"));
        // A leading `/` is read from the page's folder, as before: it stays below the root.
        assert_eq!(join_relative("api/x.md", "/etc/passwd").as_deref(), Some("api/etc/passwd"));
        assert_eq!(join_relative("api/x.md", "./b.md#frag").as_deref(), Some("api/b.md"));
    }

    #[test]
    fn finds_include_references() {
        let found = find_includes("[!INCLUDE [permissions-table](../includes/permissions/a-permissions.md)]");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].label, "permissions-table");
        assert_eq!(found[0].target, "../includes/permissions/a-permissions.md");
    }
}

