//! `graphgen check`'s output: one line per disagreement, then a summary
//! (agreement rates, misread share, counts by kind and verdict); or all of
//! it as JSON.

use super::{Check, Disagreement, Kind, Verdict};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

/// Disagreements of one kind, by verdict.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq)]
pub struct KindCount {
    pub misread: usize,
    pub docs_differ: usize,
}

impl Check {
    /// Counts by kind (kinds without disagreements left out).
    pub fn by_kind(&self) -> BTreeMap<Kind, KindCount> {
        let mut out: BTreeMap<Kind, KindCount> = BTreeMap::new();
        for d in &self.disagreements {
            let c = out.entry(d.kind).or_default();
            match d.judgement.verdict {
                Verdict::Misread => c.misread += 1,
                Verdict::DocsDiffer => c.docs_differ += 1,
            }
        }
        out
    }

    pub fn misreads(&self) -> impl Iterator<Item = &Disagreement> {
        self.disagreements.iter().filter(|d| d.judgement.verdict == Verdict::Misread)
    }

    /// The whole check as JSON: disagreements, agreement, counts by kind.
    pub fn to_json(&self) -> serde_json::Value {
        let by_kind: BTreeMap<&str, KindCount> = self.by_kind().into_iter().map(|(k, c)| (k.code(), c)).collect();
        serde_json::json!({
            "agreement": self.agreement,
            "misreadShare": self.misread_share,
            "byKind": by_kind,
            "disagreements": self.disagreements,
            "metadataProblems": self.metadata_problems.iter().map(|(l, w)| serde_json::json!({"line": l, "problem": w})).collect::<Vec<_>>(),
        })
    }

    /// One line per disagreement: `path:line: verdict: subject: docs say X;
    /// the metadata says Y; why [kind]`. Page paths are joined to `docs`, as
    /// the user named it, so editors can jump to them.
    pub fn lines(&self, docs: &Path, metadata_file: &str) -> String {
        let mut out = String::new();
        let at = |file: &str| if file == metadata_file { file.to_string() } else { docs.join(file).display().to_string() };
        for (line, problem) in &self.metadata_problems {
            let _ = writeln!(out, "{metadata_file}:{line}: {problem} [metadata]");
        }
        for d in &self.disagreements {
            let j = &d.judgement;
            let quote = j.quote.as_ref().map(|q| format!(": {}", q)).unwrap_or_default();
            let _ = writeln!(
                out,
                "{}:{}: {}: {}: the docs say {}; the metadata says {}; {}{} [{}]",
                at(&d.file),
                d.line,
                j.verdict.as_str(),
                d.subject,
                d.docs,
                d.metadata,
                j.reason,
                quote,
                d.kind.code()
            );
        }
        out
    }

    /// The summary: agreement rates, the misread share, counts by kind.
    pub fn summary(&self) -> String {
        let mut out = String::new();
        let misreads = self.misread_share.count;
        let _ = writeln!(out, "{} disagreement(s) with the metadata: {} misread ({:.2}%), {} where the docs differ", self.disagreements.len(), misreads, self.misread_share.percent, self.disagreements.len() - misreads);
        let a = &self.agreement;
        let _ = writeln!(out, "agreement:");
        let _ = writeln!(out, "  types         {}", a.types);
        let _ = writeln!(out, "  properties    {}", a.properties);
        let _ = writeln!(out, "  enum members  {}", a.enum_members);
        let _ = writeln!(out, "  operations    {}", a.operations);
        let _ = writeln!(out, "by kind:                 misread  docs differ");
        for (kind, c) in self.by_kind() {
            let _ = writeln!(out, "  {:<22} {:>7}  {:>11}", kind.code(), c.misread, c.docs_differ);
        }
        out
    }
}
