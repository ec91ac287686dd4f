//! The page model: what the markdown stage hands to the schema stage.
//!
//! A [`Page`] is the markdown of one docs file reduced to the pieces the
//! Graph conventions give meaning to: front matter, headings, paragraphs
//! (with their links), tables, fenced code blocks, HTML-comment annotations
//! and `[!INCLUDE]` references. Every piece keeps its 1-based source line.
//! Nothing here interprets the Graph conventions beyond syntax: deciding that
//! a table is a permissions table or that a code block is an example request
//! is the schema stage's job.

use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Page {
    /// Path relative to the docs root, `/`-separated (e.g. `api/user-list.md`).
    pub path: String,
    /// Front matter keys to values (quotes removed), with the line of each key.
    pub front_matter: BTreeMap<String, (String, u32)>,
    /// All headings in order.
    pub headings: Vec<Heading>,
    /// All blocks in document order.
    pub blocks: Vec<Block>,
}

impl Page {
    pub fn front(&self, key: &str) -> Option<&str> {
        self.front_matter.get(key).map(|(v, _)| v.as_str())
    }

    /// `doc_type` from front matter (e.g. `apiPageType`).
    pub fn doc_type(&self) -> Option<&str> {
        self.front("doc_type")
    }

    /// The first level-1 heading, if any.
    pub fn title(&self) -> Option<&Heading> {
        self.headings.iter().find(|h| h.level == 1)
    }

    /// The heading a block sits under at the given level (e.g. its `##`).
    pub fn enclosing(&self, block: &Block, level: u8) -> Option<&Heading> {
        block.context.iter().map(|&i| &self.headings[i]).find(|h| h.level == level)
    }

    /// The innermost heading a block sits under.
    pub fn nearest_heading(&self, block: &Block) -> Option<&Heading> {
        block.context.last().map(|&i| &self.headings[i])
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Heading {
    pub level: u8,
    /// Plain text of the heading (markup removed, trimmed).
    pub text: String,
    pub line: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Block {
    pub line: u32,
    /// Indices into `Page::headings` of the enclosing headings, outermost
    /// first (e.g. `[# Title, ## Examples, ### Request]`).
    pub context: Vec<usize>,
    pub kind: BlockKind,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum BlockKind {
    /// A paragraph, blockquote paragraph or list item, as plain text.
    Paragraph(Text),
    Table(Table),
    Code(CodeBlock),
    /// An HTML comment whose content is (meant to be) a JSON object:
    /// `<!-- { "blockType": "request", ... } -->`.
    Annotation(Annotation),
    /// `[!INCLUDE [label](relative/path.md)]`; `resolved` holds the blocks
    /// of the included file when it was found (parsed like a page body).
    Include(Include),
}

/// Inline text with its links kept.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Text {
    /// Plain text: markup removed, inline code kept without backticks,
    /// whitespace collapsed.
    pub text: String,
    pub links: Vec<Link>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Link {
    /// The visible text.
    pub text: String,
    /// The target as written (e.g. `../resources/user.md`).
    pub target: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    pub header: Vec<Text>,
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    pub line: u32,
    pub cells: Vec<Text>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CodeBlock {
    /// The fence's info string, lowercased and trimmed (`http`, `json`,
    /// `msgraph-interactive`, or empty).
    pub lang: String,
    /// The content, exactly as in the file (line endings normalized to `\n`).
    pub text: String,
    /// Line of the first content line (the line after the opening fence).
    pub content_line: u32,
    /// The annotation directly before this block (only blank lines, tab
    /// headers like `# [HTTP](#tab/http)` or other annotations between).
    pub annotation: Option<Annotation>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Annotation {
    pub line: u32,
    /// The parsed JSON object; `None` if it did not parse (see `error`).
    pub value: Option<serde_json::Value>,
    /// Why it did not parse, if it did not.
    pub error: Option<String>,
    /// The raw comment text.
    pub raw: String,
}

impl Annotation {
    /// A string member of the annotation, e.g. `blockType`.
    pub fn get_str(&self, key: &str) -> Option<&str> {
        self.value.as_ref()?.get(key)?.as_str()
    }
    pub fn get_bool(&self, key: &str) -> Option<bool> {
        let v = self.value.as_ref()?.get(key)?;
        v.as_bool().or_else(|| v.as_str().and_then(|s| s.parse().ok()))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Include {
    pub label: String,
    /// As written, relative to the including page.
    pub target: String,
    /// Path of the included file relative to the docs root, when it exists.
    pub resolved_path: Option<String>,
    /// The included file's blocks, when it exists (their lines are lines of
    /// `resolved_path`, their `context` is the include's own context).
    pub blocks: Vec<Block>,
}
