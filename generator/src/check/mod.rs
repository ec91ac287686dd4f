//! `graphgen check`: the docs' schema against the service's own metadata
//! (CSDL), in the spirit of Microsoft's ApiDoctor.
//!
//! The metadata is never an input to generation: it is an oracle to measure
//! the schema (and so the docs) against. Every disagreement is a
//! [`Disagreement`] at a page line, `path:line: ... [kind]`, saying what the
//! docs' schema says and what the metadata says, with a [`Verdict`]:
//! - **misread**: the page text itself says what the metadata says, so
//!   graphgen read it wrong;
//! - **docs differ**: the pages are silent, out of date, or say something
//!   else; a list for the docs' authors.
//!
//! The verdict comes from a second reading of the raw page lines
//! ([`page_text`], [`page_index`], [`evidence`]) that shares nothing with the
//! schema stage, so it catches what that stage misses.
//!
//! One job per file: [`csdl`] reads the metadata; [`compare_types`] and
//! [`compare_operations`] (with [`metadata_paths`]) find the disagreements;
//! [`evidence`] with [`page_says`] judges them; [`render`] prints them.

pub mod compare_operations;
pub mod compare_types;
pub mod csdl;
pub mod evidence;
pub mod metadata_paths;
pub mod page_index;
pub mod page_says;
pub mod page_text;
pub mod render;

use crate::report::Ratio;
use crate::schema::Schema;
use serde::Serialize;
use std::path::Path;

/// What kind of disagreement, grouped by what it is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// The metadata has a type the schema lacks.
    MissingType,
    /// The schema has a type the metadata lacks.
    ExtraType,
    /// Same type name, other namespace (or letter case).
    TypeName,
    /// Entity, complex or enum.
    TypeKind,
    BaseType,
    Abstract,
    OpenType,
    MissingProperty,
    ExtraProperty,
    /// The property's name differs only in letter case (a wrong wire name).
    PropertyNameCase,
    PropertyType,
    /// Same element type, one side a collection.
    PropertyCollection,
    /// A navigation property on one side, a structural one on the other.
    Navigation,
    MissingEnumMember,
    ExtraEnumMember,
    EnumValue,
    EnumFlags,
    MissingAction,
    MissingFunction,
    /// An action or function the metadata has under no binding at all.
    ExtraAction,
    ExtraFunction,
    /// The metadata has the operation, bound to another type than the path addresses.
    Binding,
    /// Action on one side, function (or a create, update...) on the other.
    OperationKind,
    MissingParameter,
    ExtraParameter,
    ParameterType,
}

impl Kind {
    pub fn code(self) -> &'static str {
        match self {
            Kind::MissingType => "missing-type",
            Kind::ExtraType => "extra-type",
            Kind::TypeName => "type-name",
            Kind::TypeKind => "type-kind",
            Kind::BaseType => "base-type",
            Kind::Abstract => "abstract",
            Kind::OpenType => "open-type",
            Kind::MissingProperty => "missing-property",
            Kind::ExtraProperty => "extra-property",
            Kind::PropertyNameCase => "property-name-case",
            Kind::PropertyType => "property-type",
            Kind::PropertyCollection => "property-collection",
            Kind::Navigation => "navigation",
            Kind::MissingEnumMember => "missing-enum-member",
            Kind::ExtraEnumMember => "extra-enum-member",
            Kind::EnumValue => "enum-value",
            Kind::EnumFlags => "enum-flags",
            Kind::MissingAction => "missing-action",
            Kind::MissingFunction => "missing-function",
            Kind::ExtraAction => "extra-action",
            Kind::ExtraFunction => "extra-function",
            Kind::Binding => "binding",
            Kind::OperationKind => "operation-kind",
            Kind::MissingParameter => "missing-parameter",
            Kind::ExtraParameter => "extra-parameter",
            Kind::ParameterType => "parameter-type",
        }
    }

    /// Every kind, in order (for summaries and tests).
    pub const ALL: [Kind; 26] = [
        Kind::MissingType,
        Kind::ExtraType,
        Kind::TypeName,
        Kind::TypeKind,
        Kind::BaseType,
        Kind::Abstract,
        Kind::OpenType,
        Kind::MissingProperty,
        Kind::ExtraProperty,
        Kind::PropertyNameCase,
        Kind::PropertyType,
        Kind::PropertyCollection,
        Kind::Navigation,
        Kind::MissingEnumMember,
        Kind::ExtraEnumMember,
        Kind::EnumValue,
        Kind::EnumFlags,
        Kind::MissingAction,
        Kind::MissingFunction,
        Kind::ExtraAction,
        Kind::ExtraFunction,
        Kind::Binding,
        Kind::OperationKind,
        Kind::MissingParameter,
        Kind::ExtraParameter,
        Kind::ParameterType,
    ];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// The page text says what the metadata says: graphgen read it wrong.
    Misread,
    /// The pages are silent or say something else.
    DocsDiffer,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Misread => "misread",
            Verdict::DocsDiffer => "docs differ",
        }
    }
}

/// A line of page text that decided a verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Quote {
    pub file: String,
    pub line: u32,
    pub text: String,
}

impl std::fmt::Display for Quote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // One line per disagreement: annotations span several lines.
        let text: String = self.text.split_whitespace().collect::<Vec<_>>().join(" ").chars().take(160).collect();
        write!(f, "{}:{}: `{}`", self.file, self.line, text)
    }
}

/// A verdict and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Judgement {
    pub verdict: Verdict,
    /// What the pages say, in words (`"resources/user.md:147 lists it as String"`).
    pub reason: String,
    /// The page line that decided, when one did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quote: Option<Quote>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Disagreement {
    /// The page (relative to the docs folder), or the metadata file when no
    /// page is involved.
    pub file: String,
    pub line: u32,
    pub kind: Kind,
    /// What it is about: `microsoft.graph.user.displayName`.
    pub subject: String,
    /// What graphgen's schema (from the docs) says.
    pub docs: String,
    /// What the metadata says, with its line.
    pub metadata: String,
    #[serde(flatten)]
    pub judgement: Judgement,
}

/// Agreement rates, each over both sides' items of one area.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Agreement {
    /// Types both know with the same name and kind, over every type either side has.
    pub types: Ratio,
    /// Properties of types both know that agree in name, type and
    /// collection-ness, over the metadata's properties of those types (the
    /// ones only the docs list are `extra-property` disagreements).
    pub properties: Ratio,
    /// Members of enums both know, with the same value where both give one,
    /// over both sides' members.
    pub enum_members: Ratio,
    /// Actions and functions (each metadata overload) found with their
    /// binding, kind and parameters, over the metadata's plus the ones only
    /// the docs have.
    pub operations: Ratio,
}

#[derive(Debug, Clone, Serialize)]
pub struct Check {
    pub disagreements: Vec<Disagreement>,
    pub agreement: Agreement,
    /// Misreads over all disagreements.
    pub misread_share: Ratio,
    /// Metadata elements that could not be read (`line: what`).
    pub metadata_problems: Vec<(u32, String)>,
}

/// Counters each comparison fills for the agreement rates.
#[derive(Debug, Default, Clone, Copy)]
pub struct Tally {
    pub agree: usize,
    pub of: usize,
}

/// Everything a comparison needs.
pub struct Inputs<'a> {
    pub schema: &'a Schema,
    pub metadata: &'a csdl::Metadata,
    /// The metadata file as the user named it (for locations).
    pub metadata_file: &'a str,
    pub evidence: &'a evidence::Evidence,
}

/// Compare a schema with the metadata, judging each disagreement by the
/// raw pages of `docs`.
pub fn check(schema: &Schema, metadata: &csdl::Metadata, metadata_file: &str, pages: Vec<page_text::PageText>) -> Check {
    let evidence = evidence::Evidence::new(page_index::PageIndex::new(pages));
    let inputs = Inputs { schema, metadata, metadata_file, evidence: &evidence };
    let mut disagreements = Vec::new();
    let types = compare_types::compare(&inputs, &mut disagreements);
    let operations = compare_operations::compare(&inputs, &types.schema_to_metadata, &mut disagreements);
    disagreements.sort_by(|a, b| (&a.file, a.line, a.kind, &a.subject).cmp(&(&b.file, b.line, b.kind, &b.subject)));
    disagreements.dedup();
    let misreads = disagreements.iter().filter(|d| d.judgement.verdict == Verdict::Misread).count();
    let ratio = |t: Tally| Ratio::new(t.agree, t.of);
    Check {
        misread_share: Ratio::new(misreads, disagreements.len()),
        agreement: Agreement {
            types: ratio(types.types),
            properties: ratio(types.properties),
            enum_members: ratio(types.enum_members),
            operations: ratio(operations),
        },
        disagreements,
        metadata_problems: metadata.problems.clone(),
    }
}

/// Read every page of a docs folder as raw text (in path order), for the verdicts.
pub fn read_pages(docs: &Path) -> std::io::Result<Vec<page_text::PageText>> {
    use rayon::prelude::*;
    let paths = crate::corpus::list_pages(docs)?;
    Ok(paths
        .par_iter()
        .filter_map(|rel| {
            // Unreadable pages were already reported by the schema stage.
            let bytes = std::fs::read(docs.join(rel)).ok()?;
            Some(page_text::read(rel, &String::from_utf8_lossy(&bytes)))
        })
        .collect())
}

/// `graphgen check` as a library call: load the docs, read the metadata, compare.
pub fn run(docs: &Path, metadata_path: &Path) -> Result<(Check, crate::pipeline::Loaded), String> {
    let loaded = crate::pipeline::load(docs).map_err(|e| format!("{}: {e}", docs.display()))?;
    let text = std::fs::read_to_string(metadata_path).map_err(|e| format!("{}: {e}", metadata_path.display()))?;
    let metadata = csdl::read(&text).map_err(|e| format!("{}: {e}", metadata_path.display()))?;
    let pages = read_pages(docs).map_err(|e| format!("{}: {e}", docs.display()))?;
    let file = metadata_path.to_string_lossy().replace('\\', "/");
    let check = check(&loaded.schema, &metadata, &file, pages);
    Ok((check, loaded))
}
