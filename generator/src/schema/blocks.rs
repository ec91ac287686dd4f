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

/// The `##`-level section of a block, lowercased (`"http request"`), or the
/// outermost heading below the title when the page skips levels.
pub fn section(page: &Page, block: &Block) -> String {
    block
        .context
        .iter()
        .filter_map(|&i| page.headings.get(i))
        .find(|h| h.level >= 2)
        .map(|h| normalize_heading(&h.text))
        .unwrap_or_default()
}

/// The innermost heading of a block, lowercased.
pub fn innermost(page: &Page, block: &Block) -> String {
    block.context.last().and_then(|&i| page.headings.get(i)).map(|h| normalize_heading(&h.text)).unwrap_or_default()
}

/// Lowercase, collapse whitespace, drop trailing colons: headings are
/// compared by meaning, not spelling.
pub fn normalize_heading(text: &str) -> String {
    let lower = text.trim().trim_end_matches(':').to_lowercase();
    lower.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether any heading around the block (any level) starts with `prefix`.
pub fn under(page: &Page, block: &Block, prefix: &str) -> bool {
    block.context.iter().filter_map(|&i| page.headings.get(i)).any(|h| normalize_heading(&h.text).starts_with(prefix))
}
