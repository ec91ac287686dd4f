//! Byte offsets to 1-based line numbers.

/// Maps byte offsets of a text to 1-based line numbers in O(log n).
pub struct LineIndex {
    starts: Vec<usize>,
    /// Added to every line: the line of the text's first line in its file, minus one.
    base: u32,
}

impl LineIndex {
    /// `first_line` is the file line the text's first line sits on (1 for a whole file).
    pub fn new(text: &str, first_line: u32) -> Self {
        let mut starts = Vec::with_capacity(text.len() / 40 + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { starts, base: first_line.saturating_sub(1) }
    }

    pub fn line_of(&self, offset: usize) -> u32 {
        let idx = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        idx as u32 + 1 + self.base
    }

}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_offsets_to_lines() {
        let idx = LineIndex::new("a\nbc\n\nd", 1);
        assert_eq!(idx.line_of(0), 1);
        assert_eq!(idx.line_of(2), 2);
        assert_eq!(idx.line_of(3), 2);
        assert_eq!(idx.line_of(5), 3);
        assert_eq!(idx.line_of(6), 4);
        let shifted = LineIndex::new("x\ny", 10);
        assert_eq!(shifted.line_of(2), 11);
    }
}
