//! Edits that only move lines: a paragraph added under the title, a note, a
//! blank line, a reworded sentence graphgen does not read. The page's new
//! reading is then its last one with the line numbers renumbered, and so is
//! everything resolution made of the readings: the schema and resolution's
//! diagnostics are the last ones with that page's lines renumbered, and a
//! session ([`super::Session`]) renumbers them instead of resolving again.
//!
//! Why that holds: resolution reads a line number only to carry it (into a
//! [`Source`] or a diagnostic) and to order items by [`Source`], which
//! compares pages first. A renumbering that keeps each page's lines in
//! order (checked) leaves every decision as it was. Where resolution cites
//! a line in a message, it writes `path:line`, or `line N` for a line of
//! the diagnostic's own page; both are renumbered. A line this module
//! cannot place (one the page's reading never gave) makes the session
//! resolve afresh instead, as does any difference besides line numbers.
//! Sessions are tested against full runs after line-moving edits of every
//! page of `docs/` (`tests/incremental_regen.rs`).

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::schema::resolve::PageItems;
use crate::schema::{Operation, RequestBody, Schema, Source, TypeDef};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// How one page's lines moved: each line its reading cites, old to new.
/// Line 0 ("the whole page") stays 0.
#[derive(Debug, PartialEq)]
struct Renumbering(BTreeMap<u32, u32>);

impl Renumbering {
    /// The renumbering that makes `old` into `new`, when that is all that
    /// differs between the two readings and it keeps their lines in order.
    fn between(page: &str, old: &PageItems, new: &PageItems) -> Option<Renumbering> {
        let (old_lines, old_rest) = lines_apart(page, old)?;
        let (new_lines, new_rest) = lines_apart(page, new)?;
        if old_lines.len() != new_lines.len() || old_rest != new_rest {
            return None;
        }
        let mut map = BTreeMap::new();
        for (was, is) in old_lines.into_iter().zip(new_lines) {
            if (was == 0) != (is == 0) || *map.entry(was).or_insert(is) != is {
                return None;
            }
        }
        // Strictly increasing: one line each, and in the same order.
        let in_order = map.values().zip(map.values().skip(1)).all(|(a, b)| a < b);
        in_order.then_some(Renumbering(map))
    }

    fn is_identity(&self) -> bool {
        self.0.iter().all(|(was, is)| was == is)
    }

    /// The new number of `line`, when the reading gave it.
    fn line(&self, line: u32) -> Option<u32> {
        match line {
            0 => Some(0),
            _ => self.0.get(&line).copied(),
        }
    }
}

/// A page's reading split into its line numbers (in a fixed order) and the
/// rest (serialized, lines zeroed); `None` when it cites another file.
fn lines_apart(page: &str, items: &PageItems) -> Option<(Vec<u32>, Vec<u8>)> {
    let mut items = items.clone();
    let mut lines = Vec::new();
    let mut foreign = items.types.iter().any(|t| !t.json_props.is_empty() && t.json_file != page);
    let zero = |s: &Source| (s.line != 0).then_some(0);
    for t in &mut items.types {
        each_type_source(&mut t.def, &mut collect_into(&mut lines, &mut foreign, page));
        each_type_source(&mut t.def, &mut { zero });
        for line in t.base.iter_mut().map(|(_, line)| line).chain(t.json_props.iter_mut().map(|jp| &mut jp.line)) {
            lines.push(std::mem::take(line));
        }
    }
    for def in &mut items.enums {
        each_type_source(def, &mut collect_into(&mut lines, &mut foreign, page));
        each_type_source(def, &mut { zero });
    }
    for po in &mut items.operations {
        each_operation_source(&mut po.op, &mut collect_into(&mut lines, &mut foreign, page));
        each_operation_source(&mut po.op, &mut { zero });
        for p in po.body_alternative.iter_mut().flatten() {
            foreign |= p.source.file != page;
            lines.push(std::mem::take(&mut p.source.line));
        }
    }
    if foreign {
        return None;
    }
    Some((lines, serde_json::to_vec(&items).ok()?))
}

/// A `to` for [`each_type_source`] that collects lines, and notes a source
/// on another page than `page`.
fn collect_into<'a>(lines: &'a mut Vec<u32>, foreign: &'a mut bool, page: &'a str) -> impl FnMut(&Source) -> Option<u32> + 'a {
    move |s| {
        *foreign |= s.file != page;
        lines.push(s.line);
        None
    }
}

/// Visit every [`Source`] of a type; `to` gives a source's new line, or
/// `None` to leave it (and, when it has side effects, must always give
/// `None`: it is called once per source only then). Returns whether a
/// source changed.
fn each_type_source(t: &mut TypeDef, to: &mut impl FnMut(&Source) -> Option<u32>) -> bool {
    let mut changed = false;
    let sources = std::iter::once(&mut t.source)
        .chain(&mut t.merged_from)
        .chain(t.properties.iter_mut().map(|p| &mut p.source))
        .chain(t.members.iter_mut().map(|m| &mut m.source));
    sources.for_each(|s| set(s, to, &mut changed));
    changed
}

/// [`each_type_source`] for an operation. Its examples are shared
/// (`Arc`): copied only when one of their sources changes.
fn each_operation_source(op: &mut Operation, to: &mut impl FnMut(&Source) -> Option<u32>) -> bool {
    let mut changed = false;
    let body = match &mut op.body {
        Some(RequestBody::Parameters { params }) => params.as_mut_slice(),
        _ => &mut [],
    };
    let sources = std::iter::once(&mut op.source)
        .chain(&mut op.merged_from)
        .chain(op.paths.iter_mut().map(|p| &mut p.source))
        .chain(op.parameters.iter_mut().chain(body).map(|p| &mut p.source));
    sources.for_each(|s| set(s, to, &mut changed));
    if op.examples.iter().any(|e| to(&e.source).is_some()) {
        Arc::make_mut(&mut op.examples).iter_mut().for_each(|e| set(&mut e.source, to, &mut changed));
    }
    changed
}

fn set(source: &mut Source, to: &mut impl FnMut(&Source) -> Option<u32>, changed: &mut bool) {
    if let Some(line) = to(source) {
        *changed |= line != source.line;
        source.line = line;
    }
}

/// How the lines of the pages read again moved (pages whose reading is the
/// same, lines included, are left out).
pub struct Shifts(BTreeMap<String, Renumbering>);

/// What renumbering the last resolution gave.
pub struct Renumbered {
    /// Types and operations (indices) with a source that moved.
    pub types: BTreeSet<String>,
    pub operations: BTreeSet<usize>,
    /// Resolution's diagnostics, renumbered.
    pub said: Diagnostics,
}

impl Shifts {
    /// The shifts of pages read again (path, last reading, new reading);
    /// `None` when one of them changed more than its line numbers.
    pub fn of<'a>(pages: impl IntoIterator<Item = (&'a str, &'a PageItems, &'a PageItems)>) -> Option<Shifts> {
        let mut shifts = BTreeMap::new();
        for (page, old, new) in pages {
            let renumbering = Renumbering::between(page, old, new)?;
            if !renumbering.is_identity() {
                shifts.insert(page.to_owned(), renumbering);
            }
        }
        Some(Shifts(shifts))
    }

    /// The new line of a source, when it moved: `Err` for a line of a
    /// shifted page its reading never gave.
    fn moved(&self, s: &Source) -> Result<Option<u32>, ()> {
        match self.0.get(&s.file) {
            None => Ok(None),
            Some(r) => r.line(s.line).map(|line| (line != s.line).then_some(line)).ok_or(()),
        }
    }

    /// Renumber the last resolution: `schema` in place and its diagnostics
    /// `said`. `None`, with `schema` untouched, when one of their lines
    /// cannot be placed (then resolve afresh).
    pub fn renumber(&self, schema: &mut Schema, said: &Diagnostics) -> Option<Renumbered> {
        let said = Diagnostics { items: said.items.iter().map(|d| self.diagnostic(d)).collect::<Option<_>>()? };
        if self.0.is_empty() {
            return Some(Renumbered { types: BTreeSet::new(), operations: BTreeSet::new(), said });
        }
        // First only look (a `to` that gives nothing changes nothing)...
        fn placeable<'a>(shifts: &'a Shifts, ok: &'a mut bool) -> impl FnMut(&Source) -> Option<u32> + 'a {
            move |s| {
                *ok &= shifts.moved(s).is_ok();
                None
            }
        }
        let types_ok = schema.types.par_iter_mut().all(|(_, t)| {
            let mut ok = true;
            each_type_source(t, &mut placeable(self, &mut ok));
            ok
        });
        let operations_ok = schema.operations.par_iter_mut().all(|op| {
            let mut ok = true;
            each_operation_source(op, &mut placeable(self, &mut ok));
            ok
        });
        if !(types_ok && operations_ok) {
            return None;
        }
        // ...then renumber.
        let to = |s: &Source| self.moved(s).ok().flatten();
        let types = schema.types.par_iter_mut().filter_map(|(q, t)| each_type_source(t, &mut { to }).then(|| q.clone())).collect();
        let operations = schema
            .operations
            .par_iter_mut()
            .enumerate()
            .filter_map(|(i, op)| each_operation_source(op, &mut { to }).then_some(i))
            .collect();
        Some(Renumbered { types, operations, said })
    }

    /// A diagnostic with its line and the lines its message cites
    /// renumbered; `None` when one cannot be placed.
    fn diagnostic(&self, d: &Diagnostic) -> Option<Diagnostic> {
        let own = self.0.get(&d.file);
        let cited: Vec<(&String, &Renumbering)> = self.0.iter().filter(|(page, _)| d.message.contains(page.as_str())).collect();
        if own.is_none() && cited.is_empty() {
            return Some(d.clone());
        }
        let mut d = d.clone();
        if let Some(r) = own {
            d.line = r.line(d.line)?;
            d.message = renumber_after(&d.message, "line ", r)?;
        }
        for (page, r) in cited {
            d.message = renumber_after(&d.message, &format!("{page}:"), r)?;
        }
        Some(d)
    }
}

/// `text` with the number after each `prefix` (where the prefix starts a
/// word: not right after a letter, digit or path character) renumbered.
fn renumber_after(text: &str, prefix: &str, r: &Renumbering) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(prefix) {
        let starts_word = rest[..at].chars().next_back().is_none_or(|c| !(c.is_alphanumeric() || "/._-".contains(c)));
        let after = &rest[at + prefix.len()..];
        let digits = after.find(|c: char| !c.is_ascii_digit()).unwrap_or(after.len());
        out.push_str(&rest[..at + prefix.len()]);
        match (starts_word, after[..digits].parse::<u32>()) {
            (true, Ok(line)) => out.push_str(&r.line(line)?.to_string()),
            _ => out.push_str(&after[..digits]),
        }
        rest = &after[digits..];
    }
    out.push_str(rest);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn renumbering(pairs: &[(u32, u32)]) -> Renumbering {
        Renumbering(pairs.iter().copied().collect())
    }

    #[test]
    fn cited_lines_are_renumbered_where_a_citation_starts() {
        let r = renumbering(&[(3, 5), (12, 14)]);
        let text = "also at api/a.md:12 and xapi/a.md:3, see api/a.md:3;";
        assert_eq!(renumber_after(text, "api/a.md:", &r).as_deref(), Some("also at api/a.md:14 and xapi/a.md:3, see api/a.md:5;"));
        assert_eq!(renumber_after("spelled so in (line 12)", "line ", &r).as_deref(), Some("spelled so in (line 14)"));
        assert_eq!(renumber_after("the pipeline 12", "line ", &r).as_deref(), Some("the pipeline 12"), "not a word of its own");
        assert_eq!(renumber_after("at api/a.md:7", "api/a.md:", &r), None, "a line the reading never gave");
    }

    #[test]
    fn a_renumbering_keeps_lines_in_order() {
        let reading = |lines: &[u32]| {
            let mut items = PageItems::default();
            for (i, line) in lines.iter().enumerate() {
                let json = format!(r#"{{"name":"e{i}","namespace":"n","kind":"enum","description":"","workload":"w","source":{{"file":"api/a.md","line":{line}}}}}"#);
                items.enums.push(serde_json::from_str(&json).unwrap());
            }
            items
        };
        let moved = Renumbering::between("api/a.md", &reading(&[2, 9, 9]), &reading(&[4, 11, 11]));
        assert_eq!(moved, Some(renumbering(&[(2, 4), (9, 11)])));
        assert_eq!(Renumbering::between("api/a.md", &reading(&[2, 9]), &reading(&[11, 4])), None, "order changed");
        assert_eq!(Renumbering::between("api/a.md", &reading(&[2, 9, 9]), &reading(&[4, 11, 12])), None, "one line became two");
        assert_eq!(Renumbering::between("api/b.md", &reading(&[2]), &reading(&[4])), None, "a source on another page");
        let mut renamed = reading(&[4]);
        renamed.enums[0].description = "other".into();
        assert_eq!(Renumbering::between("api/a.md", &reading(&[2]), &renamed), None, "more than lines changed");
    }
}
