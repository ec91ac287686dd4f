//! Walking a page's blocks with includes expanded, and naming the section a
//! block sits in. Included blocks keep the included file as their source, so
//! diagnostics about them point at the right file and line.

use crate::markdown::{Block, BlockKind, Page};

/// A block and the file its line belongs to (the page or an included file).
#[derive(Clone, Copy)]
pub struct Located<'a> {
    pub file: &'a str,
    pub block: &'a Block,
}

/// Every block of the page in document order, included files' blocks in
/// place of their `[!INCLUDE]` (the include block itself is kept too).
pub fn flatten(page: &Page) -> Vec<Located<'_>> {
    let mut out = Vec::with_capacity(page.blocks.len());
    push_all(&page.path, &page.blocks, &mut out);
    out
}

fn push_all<'a>(file: &'a str, blocks: &'a [Block], out: &mut Vec<Located<'a>>) {
    for block in blocks {
        out.push(Located { file, block });
        if let BlockKind::Include(inc) = &block.kind {
            let inner = inc.resolved_path.as_deref().unwrap_or(file);
            push_all(inner, &inc.blocks, out);
        }
    }
}

/// Lowercase, collapse whitespace, drop trailing colons: headings are
/// compared by meaning, not spelling.
pub fn normalize_heading(text: &str) -> String {
    let lower = text.trim().trim_end_matches(':').to_lowercase();
    if !lower.contains("  ") && !lower.contains(['\t', '\n']) {
        return lower;
    }
    lower.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The page's headings normalized once ([`normalize_heading`]), so that
/// asking for a block's section does not allocate.
pub struct Headings {
    norm: Vec<String>,
    levels: Vec<u8>,
}

impl Headings {
    pub fn new(page: &Page) -> Self {
        Headings {
            norm: page.headings.iter().map(|h| normalize_heading(&h.text)).collect(),
            levels: page.headings.iter().map(|h| h.level).collect(),
        }
    }

    /// The `##`-level section of a block, normalized (`"http request"`):
    /// the outermost heading below the title.
    pub fn section(&self, block: &Block) -> &str {
        block
            .context
            .iter()
            .find(|&&i| self.levels.get(i).is_some_and(|&l| l >= 2))
            .and_then(|&i| self.norm.get(i))
            .map(String::as_str)
            .unwrap_or("")
    }

    /// The innermost heading of a block, normalized.
    pub fn innermost(&self, block: &Block) -> &str {
        block.context.last().and_then(|&i| self.norm.get(i)).map(String::as_str).unwrap_or("")
    }

    /// Whether any heading around the block (any level) starts with `prefix`.
    pub fn under(&self, block: &Block, prefix: &str) -> bool {
        block.context.iter().filter_map(|&i| self.norm.get(i)).any(|h| h.starts_with(prefix))
    }

    /// Line of the first heading that starts with `prefix`.
    pub fn line_of(&self, page: &Page, prefix: &str) -> Option<u32> {
        self.norm.iter().position(|h| h.starts_with(prefix)).and_then(|i| page.headings.get(i)).map(|h| h.line)
    }
}
