//! Stage 1: finding and reading the pages of a docs folder.
