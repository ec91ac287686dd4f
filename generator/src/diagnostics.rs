//! Problems found in the docs. Bad input never panics and never vanishes:
//! every construct graphgen cannot use becomes a [`Diagnostic`], printed as
//! `path:line: message [kind]`, and the rest of the corpus is still generated.

use crate::printable::printable;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// What went wrong, as a stable kebab-case code. Summaries count by kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DiagnosticKind {
    /// The page could not be read as UTF-8 text or from disk.
    Unreadable,
    /// Front matter missing or malformed, or no usable `doc_type`.
    FrontMatter,
    /// A section the page type needs is absent (e.g. no `## HTTP request`).
    MissingSection,
    /// A table row with the wrong number of cells, or a table without the columns its role needs.
    MalformedTable,
    /// An HTML-comment annotation whose JSON does not parse.
    InvalidAnnotation,
    /// An example body that is not JSON and could not be safely repaired.
    InvalidJson,
    /// An example body that needed repair (trailing commas, comments, ...) to parse.
    RepairedJson,
    /// A type name that names no type in the docs.
    UnknownType,
    /// A path template that could not be read.
    InvalidPath,
    /// An HTTP request line without a recognizable method.
    InvalidMethod,
    /// Two pages define the same type, or an operation collides with another.
    Duplicate,
    /// The properties table and the JSON representation disagree.
    TypeMismatch,
    /// An `[!INCLUDE]` whose target file does not exist.
    MissingInclude,
    /// A base type cycle or a base that is not a structured type.
    InvalidBaseType,
    /// An enum page without members, or a member row that cannot be used.
    InvalidEnum,
    /// The response sentence names no status or type graphgen understands.
    UnclearResponse,
    /// A Rust name had to be changed to avoid a collision.
    NameCollision,
    /// An example that cannot be related to the operation (no method, no URL).
    UnusableExample,
    /// Two pages that describe the same type or endpoint say different
    /// things of it (a property's type, a base, an enum value, a response);
    /// the message names both places and says which is kept.
    PagesDisagree,
    /// The page's prose states what its resource annotation leaves out or
    /// contradicts (abstract, open type, base type); the prose is used.
    IncompleteAnnotation,
    /// The API version the docs describe is unclear (see [`crate::api_version`]).
    ApiVersion,
    /// A page's query options contradict each other (an example uses an
    /// option the prose says is not supported).
    QueryOptions,
    /// A parameter table spells a member differently from the page's example
    /// request only in letter case; the example's spelling is sent.
    MemberCase,
}

impl DiagnosticKind {
    pub fn code(self) -> &'static str {
        match self {
            DiagnosticKind::Unreadable => "unreadable",
            DiagnosticKind::FrontMatter => "front-matter",
            DiagnosticKind::MissingSection => "missing-section",
            DiagnosticKind::MalformedTable => "malformed-table",
            DiagnosticKind::InvalidAnnotation => "invalid-annotation",
            DiagnosticKind::InvalidJson => "invalid-json",
            DiagnosticKind::RepairedJson => "repaired-json",
            DiagnosticKind::UnknownType => "unknown-type",
            DiagnosticKind::InvalidPath => "invalid-path",
            DiagnosticKind::InvalidMethod => "invalid-method",
            DiagnosticKind::Duplicate => "duplicate",
            DiagnosticKind::TypeMismatch => "type-mismatch",
            DiagnosticKind::MissingInclude => "missing-include",
            DiagnosticKind::InvalidBaseType => "invalid-base-type",
            DiagnosticKind::InvalidEnum => "invalid-enum",
            DiagnosticKind::UnclearResponse => "unclear-response",
            DiagnosticKind::NameCollision => "name-collision",
            DiagnosticKind::UnusableExample => "unusable-example",
            DiagnosticKind::PagesDisagree => "pages-disagree",
            DiagnosticKind::IncompleteAnnotation => "incomplete-annotation",
            DiagnosticKind::ApiVersion => "api-version",
            DiagnosticKind::QueryOptions => "query-options",
            DiagnosticKind::MemberCase => "member-case",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Page path relative to the docs root, `/`-separated.
    pub file: String,
    /// 1-based line in that file (0 when the problem concerns the whole file).
    pub line: u32,
    pub kind: DiagnosticKind,
    pub message: String,
}

impl Diagnostic {
    pub fn new(file: impl Into<String>, line: u32, kind: DiagnosticKind, message: impl Into<String>) -> Self {
        Diagnostic { file: file.into(), line, kind, message: message.into() }
    }
}

/// One line, whatever the docs put in the path or message: control
/// characters (an escape sequence, a line break) are shown as escapes, so
/// a listing cannot be forged or a terminal rewritten (see [`crate::printable`]).
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (file, message) = (printable(&self.file), printable(&self.message));
        write!(f, "{file}:{}: {message} [{}]", self.line, self.kind.code())
    }
}

/// Collected diagnostics of a run. Sorted on output so runs are deterministic.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostics {
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn report(&mut self, file: &str, line: u32, kind: DiagnosticKind, message: impl Into<String>) {
        self.items.push(Diagnostic::new(file, line, kind, message));
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Sort and drop exact duplicates, for deterministic output.
    pub fn normalize(&mut self) {
        self.items.sort();
        self.items.dedup();
    }

    pub fn of_kind(&self, kind: DiagnosticKind) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(move |d| d.kind == kind)
    }

    /// Counts by kind, in kind order.
    pub fn summary(&self) -> BTreeMap<DiagnosticKind, usize> {
        let mut counts = BTreeMap::new();
        for d in &self.items {
            *counts.entry(d.kind).or_insert(0) += 1;
        }
        counts
    }

    /// The summary as text lines: `  invalid-json  12`.
    pub fn summary_text(&self) -> String {
        let mut out = String::new();
        let summary = self.summary();
        let mut rows: Vec<_> = summary.into_iter().collect();
        rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        for (kind, n) in rows {
            out.push_str(&format!("  {:<20} {:>6}\n", kind.code(), n));
        }
        out
    }
}
