//! Edits that change only what resolution carries: line numbers and
//! descriptions. A paragraph or note added moves the lines below it; a
//! reworded description changes text that resolution copies but decides
//! nothing on. The page's new reading is then its last one with its lines
//! renumbered and some descriptions reworded, and so is everything
//! resolution made of the readings: a session ([`super::Session`]) applies
//! the same renumbering and rewording to its last schema and resolution
//! diagnostics instead of resolving the whole reference again.
//!
//! Why that holds:
//! - **Lines.** Resolution reads a line number only to carry it (into a
//!   [`Source`] or a diagnostic) and to order items by [`Source`], which
//!   compares pages first. A renumbering that keeps each page's lines in
//!   order (checked) leaves every decision as it was. Where resolution
//!   cites a line in a message, it writes `path:line`, or `line N` for a
//!   line of the diagnostic's own page; both are renumbered.
//! - **Descriptions.** Resolution reads of a description only its facts
//!   ([`crate::schema::resolve::description_facts`]: empty or not, the
//!   values it lists, whether it says read-only), which must be the same,
//!   and otherwise copies it whole: a property, member or parameter keeps
//!   its own source with it, while a type's or operation's own description
//!   and the headers may come from any page merged into it. A reworded
//!   text no other page's reading has is reworded wherever it stands. A
//!   text other pages have too (a placeholder, a sentence repeated) is
//!   reworded where a source says it is this page's: a field whose
//!   holder's source is an item of this page holding that text; where the
//!   holder comes from another page, it is left; where it cannot tell (a
//!   header, or a type's or operation's description from a page merged
//!   into it) nothing is reused. Any other appearance of an old text
//!   (inside a longer description or a message) means it was used
//!   otherwise: then nothing is reused either.
//!
//! A line this module cannot place (one the page's reading never gave),
//! any other difference between the readings, or a description that is
//! not the page's own makes the session resolve afresh. Sessions are
//! tested against full runs after edits of both kinds on every page of
//! `docs/` (`tests/incremental_regen.rs`) and on sampled pages of the
//! reference (`tests/incremental_corpus.rs`).

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::schema::resolve::{description_facts, PageItems};
use crate::schema::{Operation, RequestBody, Schema, Source, TypeDef};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// How one page's lines moved: each line its reading cites, old to new.
/// Line 0 ("the whole page") stays 0.
#[derive(Debug, PartialEq)]
struct Renumbering(BTreeMap<u32, u32>);

impl Renumbering {
    /// The renumbering that takes each old line of `pairs` to its new
    /// one, when it is one and keeps the lines in order.
    fn from_pairs(pairs: impl IntoIterator<Item = (u32, u32)>) -> Option<Renumbering> {
        let mut map = BTreeMap::new();
        for (was, is) in pairs {
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

/// A page's reading split into its line numbers and descriptions (each in
/// a fixed order) and the rest (serialized, lines zeroed, descriptions
/// reduced to their facts); `None` when it cites another file.
struct Apart {
    lines: Vec<u32>,
    texts: Vec<String>,
    rest: Vec<u8>,
}

/// A description where its page's reading holds it: whether the holder is
/// a type or an operation (its own description), the holder's line, and
/// the text.
type Origin = (bool, u32, String);

fn apart(page: &str, items: &PageItems) -> Option<Apart> {
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
    let texts = items
        .descriptions_mut()
        .map(|text| {
            let facts = description_facts(text);
            std::mem::replace(text, facts)
        })
        .collect();
    if foreign {
        return None;
    }
    Some(Apart { lines, texts, rest: serde_json::to_vec(&items).ok()? })
}

/// Where each description of a reading stands ([`Origin`]).
fn origins(items: &PageItems) -> BTreeSet<Origin> {
    let mut items = items.clone();
    let mut held: Vec<(Holder<'_>, &mut String)> = Vec::new();
    for t in &mut items.types {
        held.extend(type_texts(&mut t.def));
    }
    items.enums.iter_mut().for_each(|def| held.extend(type_texts(def)));
    for po in &mut items.operations {
        held.extend(operation_texts(&mut po.op));
        held.extend(po.body_alternative.iter_mut().flatten().map(|p| (Holder::Item(&p.source), &mut p.description)));
    }
    held.into_iter()
        .filter_map(|(holder, text)| match holder {
            Holder::Item(s) => Some((false, s.line, text.clone())),
            Holder::Whole(s, _) => Some((true, s.line, text.clone())),
            Holder::Header(..) => None,
        })
        .collect()
}

/// What holds a description: an item that keeps its own source with it
/// (property, member, parameter); a type or an operation (its own
/// description, which may come from a page merged into it); or a header
/// of an operation (which may come from any of its pages).
enum Holder<'a> {
    Item(&'a Source),
    Whole(&'a Source, &'a [Source]),
    Header(&'a Source, &'a [Source]),
}

/// A type's descriptions with their holders, in the order of
/// [`TypeDef::descriptions`].
fn type_texts(t: &mut TypeDef) -> Vec<(Holder<'_>, &mut String)> {
    let TypeDef { description, source, merged_from, properties, members, .. } = t;
    let mut held = vec![(Holder::Whole(source, merged_from), description)];
    held.extend(properties.iter_mut().map(|p| (Holder::Item(&p.source), &mut p.description)));
    held.extend(members.iter_mut().map(|m| (Holder::Item(&m.source), &mut m.description)));
    held
}

/// An operation's descriptions with their holders, in the order of
/// [`Operation::descriptions`].
fn operation_texts(op: &mut Operation) -> Vec<(Holder<'_>, &mut String)> {
    let Operation { description, source, merged_from, headers, parameters, body, .. } = op;
    let mut held = vec![(Holder::Whole(source, merged_from), description)];
    held.extend(headers.iter_mut().map(|h| (Holder::Header(source, merged_from), &mut h.description)));
    let body = match body {
        Some(RequestBody::Parameters { params }) => params.as_mut_slice(),
        _ => &mut [],
    };
    held.extend(parameters.iter_mut().chain(body).map(|p| (Holder::Item(&p.source), &mut p.description)));
    held
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

/// What the pages read again changed, when that is only what resolution
/// carries: how their lines moved (pages whose lines did not are left
/// out), and their reworded descriptions (old text to new).
pub struct Carried {
    lines: BTreeMap<String, Renumbering>,
    texts: BTreeMap<String, String>,
    /// The old texts other pages' readings have too: the page that
    /// reworded each, and where its reading held it ([`Origin`]).
    shared: BTreeMap<String, (String, BTreeSet<(bool, u32)>)>,
}

/// What reusing the last resolution gave.
pub struct Reused {
    /// Types and operations (indices) with a source or a description that changed.
    pub types: BTreeSet<String>,
    /// A source of a type moved (not only its descriptions changed).
    pub type_lines_moved: bool,
    pub operations: BTreeSet<usize>,
    /// Resolution's diagnostics, renumbered.
    pub said: Diagnostics,
}

impl Carried {
    /// What the pages read again (path, last reading, new reading)
    /// changed; `None` when one of them changed more than what resolution
    /// carries. `others` gives the readings of every other page (asked
    /// only when a description was reworded).
    pub fn of<'a>(
        changed: impl IntoIterator<Item = (&'a str, &'a PageItems, &'a PageItems)>,
        others: impl FnOnce() -> Vec<&'a PageItems>,
    ) -> Option<Carried> {
        let mut lines = BTreeMap::new();
        let mut texts: BTreeMap<String, String> = BTreeMap::new();
        let mut olds: Vec<(&str, &PageItems)> = Vec::new();
        for (page, old, new) in changed {
            olds.push((page, old));
            let (old, new) = (apart(page, old)?, apart(page, new)?);
            if old.rest != new.rest || old.lines.len() != new.lines.len() || old.texts.len() != new.texts.len() {
                return None;
            }
            let renumbering = Renumbering::from_pairs(old.lines.into_iter().zip(new.lines))?;
            if !renumbering.is_identity() {
                lines.insert(page.to_owned(), renumbering);
            }
            // One new text for each old one, wherever it stands.
            for (was, is) in old.texts.into_iter().zip(new.texts) {
                match texts.get(&was) {
                    Some(already) if *already != is => return None,
                    Some(_) => {}
                    None => {
                        texts.insert(was, is);
                    }
                }
            }
        }
        texts.retain(|was, is| was != is);
        let mut shared = BTreeMap::new();
        if !texts.is_empty() {
            let elsewhere: BTreeSet<&String> =
                others().par_iter().flat_map_iter(|items| items.descriptions().filter(|d| texts.contains_key(*d)).collect::<Vec<_>>()).collect();
            // Where the pages read again held their texts: asked only now.
            let origins: Vec<(&str, BTreeSet<Origin>)> = match elsewhere.is_empty() {
                true => Vec::new(),
                false => olds.into_iter().map(|(page, old)| (page, origins(old))).collect(),
            };
            for text in elsewhere {
                // Said by one of the pages read again, or the origins mix.
                let mut said_by = origins.iter().filter(|(_, o)| o.iter().any(|(_, _, t)| t == text));
                let (Some((page, o)), None) = (said_by.next(), said_by.next()) else { return None };
                let held = o.iter().filter(|(_, _, t)| t == text).map(|(whole, line, _)| (*whole, *line)).collect();
                shared.insert(text.clone(), (page.to_string(), held));
            }
        }
        Some(Carried { lines, texts, shared })
    }

    /// The new line of a source, when it moved: `Err` for a line of a
    /// renumbered page its reading never gave.
    fn moved(&self, s: &Source) -> Result<Option<u32>, ()> {
        match self.lines.get(&s.file) {
            None => Ok(None),
            Some(r) => r.line(s.line).map(|line| (line != s.line).then_some(line)).ok_or(()),
        }
    }

    /// What becomes of a description of the last resolution: `Ok(Some)`
    /// its new text, `Ok(None)` left as it is, `Err` when that cannot be
    /// told (an old text inside a longer one, or a shared one whose holder
    /// does not say whose it is).
    fn decide(&self, text: &str, holder: &Holder<'_>) -> Result<Option<&String>, ()> {
        match self.texts.get(text) {
            None if self.texts.keys().any(|old| text.contains(old.as_str())) => Err(()),
            None => Ok(None),
            Some(new) => self.whose(text, new, holder),
        }
    }

    /// For an old text `text` (to become `new`): whether this field holds
    /// the page's copy (see [`Carried::decide`]).
    fn whose<'s>(&'s self, text: &str, new: &'s String, holder: &Holder<'_>) -> Result<Option<&'s String>, ()> {
        let Some((page, held)) = self.shared.get(text) else { return Ok(Some(new)) };
        let (whole, source, merged) = match holder {
            Holder::Item(source) => (false, *source, &[][..]),
            Holder::Whole(source, merged) => (true, *source, *merged),
            Holder::Header(source, merged) => {
                let from_page = source.file == *page || merged.iter().any(|m| m.file == *page);
                return if from_page { Err(()) } else { Ok(None) };
            }
        };
        if source.file == *page {
            return if held.contains(&(whole, source.line)) { Ok(Some(new)) } else { Err(()) };
        }
        match merged.iter().any(|m| m.file == *page) {
            true => Err(()),
            false => Ok(None),
        }
    }

    /// Apply the change to the last resolution: `schema` in place and its
    /// diagnostics `said`. `None`, with `schema` untouched, when a line
    /// cannot be placed or an old description appears otherwise than whole
    /// (then resolve afresh).
    pub fn apply(&self, schema: &mut Schema, said: &Diagnostics) -> Option<Reused> {
        if said.items.iter().any(|d| self.texts.keys().any(|old| d.message.contains(old.as_str()))) {
            return None;
        }
        let said = Diagnostics { items: said.items.iter().map(|d| self.diagnostic(d)).collect::<Option<_>>()? };
        if self.lines.is_empty() && self.texts.is_empty() {
            return Some(Reused { types: BTreeSet::new(), type_lines_moved: false, operations: BTreeSet::new(), said });
        }
        // First only look (a `to` that gives nothing changes nothing)...
        fn placeable<'a>(carried: &'a Carried, ok: &'a mut bool) -> impl FnMut(&Source) -> Option<u32> + 'a {
            move |s| {
                *ok &= carried.moved(s).is_ok();
                None
            }
        }
        // Texts are looked at only when some were reworded.
        let reworded = !self.texts.is_empty();
        let decidable = |held: Vec<(Holder<'_>, &mut String)>| held.iter().all(|(holder, text)| self.decide(text, holder).is_ok());
        let types_ok = schema.types.par_iter_mut().all(|(_, t)| {
            let mut ok = !reworded || decidable(type_texts(t));
            each_type_source(t, &mut placeable(self, &mut ok));
            ok
        });
        let operations_ok = schema.operations.par_iter_mut().all(|op| {
            let mut ok = !reworded || decidable(operation_texts(op));
            each_operation_source(op, &mut placeable(self, &mut ok));
            ok
        });
        if !(types_ok && operations_ok) {
            return None;
        }
        // ...then change: texts first, decided by the sources as they were
        // (every text already found decidable).
        let to = |s: &Source| self.moved(s).ok().flatten();
        let reword = |held: Vec<(Holder<'_>, &mut String)>| {
            let mut changed = false;
            for (holder, text) in held {
                let new = self.texts.get(text.as_str()).and_then(|new| self.whose(text, new, &holder).ok().flatten());
                if let Some(new) = new {
                    *text = new.clone();
                    changed = true;
                }
            }
            changed
        };
        let changed: Vec<(String, bool)> = schema
            .types
            .par_iter_mut()
            .filter_map(|(q, t)| {
                let reworded = reworded && reword(type_texts(t));
                let moved = each_type_source(t, &mut { to });
                (moved || reworded).then(|| (q.clone(), moved))
            })
            .collect();
        let type_lines_moved = changed.iter().any(|(_, moved)| *moved);
        let types = changed.into_iter().map(|(q, _)| q).collect();
        let operations = schema
            .operations
            .par_iter_mut()
            .enumerate()
            .filter_map(|(i, op)| {
                let reworded = reworded && reword(operation_texts(op));
                (each_operation_source(op, &mut { to }) | reworded).then_some(i)
            })
            .collect();
        Some(Reused { types, type_lines_moved, operations, said })
    }

    /// A diagnostic with its line and the lines its message cites
    /// renumbered; `None` when one cannot be placed.
    fn diagnostic(&self, d: &Diagnostic) -> Option<Diagnostic> {
        let own = self.lines.get(&d.file);
        let cited: Vec<(&String, &Renumbering)> = self.lines.iter().filter(|(page, _)| d.message.contains(page.as_str())).collect();
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

    /// A page reading of enums at these lines, with these descriptions.
    fn reading(lines: &[u32], descriptions: &[&str]) -> PageItems {
        let mut items = PageItems::default();
        for (i, (line, description)) in lines.iter().zip(descriptions).enumerate() {
            let json = format!(
                r#"{{"name":"e{i}","namespace":"n","kind":"enum","description":"{description}","workload":"w","source":{{"file":"api/a.md","line":{line}}}}}"#
            );
            items.enums.push(serde_json::from_str(&json).unwrap());
        }
        items
    }

    fn carried(old: &PageItems, new: &PageItems, others: &[&PageItems]) -> Option<Carried> {
        Carried::of([("api/a.md", old, new)], || others.to_vec())
    }

    #[test]
    fn a_renumbering_keeps_lines_in_order() {
        let d = ["x", "y", "z"];
        let moved = carried(&reading(&[2, 9, 9], &d), &reading(&[4, 11, 11], &d), &[]).expect("lines moved");
        assert_eq!(moved.lines["api/a.md"], renumbering(&[(2, 4), (9, 11)]));
        assert!(carried(&reading(&[2, 9], &d), &reading(&[11, 4], &d), &[]).is_none(), "order changed");
        assert!(carried(&reading(&[2, 9, 9], &d), &reading(&[4, 11, 12], &d), &[]).is_none(), "one line became two");
        assert!(Carried::of([("api/b.md", &reading(&[2], &d), &reading(&[4], &d))], Vec::new).is_none(), "a source on another page");
        let mut renamed = reading(&[4], &d);
        renamed.enums[0].name = "other".into();
        assert!(carried(&reading(&[2], &d), &renamed, &[]).is_none(), "more than lines changed");
    }

    #[test]
    fn a_reworded_description_keeps_its_facts_and_one_new_text() {
        let reworded = carried(&reading(&[2, 3], &["Old.", "Same."]), &reading(&[2, 3], &["New.", "Same."]), &[]).expect("reworded");
        assert_eq!(reworded.texts, BTreeMap::from([("Old.".to_owned(), "New.".to_owned())]));
        assert!(reworded.shared.is_empty());
        assert!(carried(&reading(&[2, 3], &["Old.", "Old."]), &reading(&[2, 3], &["New.", "Old."]), &[]).is_none(), "one of two");
        assert!(carried(&reading(&[2], &["Old."]), &reading(&[2], &[""]), &[]).is_none(), "emptied: a fact");
        assert!(carried(&reading(&[2], &["Old."]), &reading(&[2], &["Read-only."]), &[]).is_none(), "now says read-only");
        let here = Source { file: "api/a.md".into(), line: 2 };
        assert_eq!(reworded.decide("Old.", &Holder::Item(&here)), Ok(Some(&"New.".to_owned())));
        assert_eq!(reworded.decide("Same.", &Holder::Item(&here)), Ok(None));
        assert_eq!(reworded.decide("Old. And more.", &Holder::Item(&here)), Err(()), "used inside another text");
    }

    #[test]
    fn a_shared_text_is_reworded_where_a_source_says_it_is_the_pages() {
        let elsewhere = reading(&[7], &["Old."]);
        let reworded = carried(&reading(&[2], &["Old."]), &reading(&[2], &["New."]), &[&elsewhere]).expect("reworded");
        assert_eq!(reworded.shared["Old."], ("api/a.md".to_owned(), BTreeSet::from([(true, 2)])));
        let source = |file: &str, line| Source { file: file.into(), line };
        let (ours, other_line, theirs) = (source("api/a.md", 2), source("api/a.md", 5), source("api/b.md", 2));
        let new = Ok(Some(&"New.".to_owned()));
        assert_eq!(reworded.decide("Old.", &Holder::Whole(&ours, &[])), new, "the page's own type");
        assert_eq!(reworded.decide("Old.", &Holder::Whole(&theirs, &[])), Ok(None), "another page's type");
        assert_eq!(reworded.decide("Old.", &Holder::Whole(&theirs, std::slice::from_ref(&ours))), Err(()), "filled from a merged page, maybe");
        assert_eq!(reworded.decide("Old.", &Holder::Item(&other_line)), Err(()), "a line of the page that did not hold it");
        assert_eq!(reworded.decide("Old.", &Holder::Item(&theirs)), Ok(None));
        assert_eq!(reworded.decide("Old.", &Holder::Header(&theirs, std::slice::from_ref(&ours))), Err(()), "a header of a merged page");
        assert_eq!(reworded.decide("Old.", &Holder::Header(&theirs, &[])), Ok(None));
    }

    /// The holders' lists name the same fields, in the same order, as the
    /// descriptions the readings are compared by.
    #[test]
    fn holders_cover_every_description() {
        let mut t: TypeDef = serde_json::from_str(
            r#"{"name":"t","namespace":"n","kind":"entity","description":"d","workload":"w","source":{"file":"a","line":1},
                "properties":[{"name":"p","type":{"primitive":"String"},"description":"pd","source":{"file":"a","line":2}}],
                "members":[{"name":"m","description":"md","source":{"file":"a","line":3}}]}"#,
        )
        .unwrap();
        let listed: Vec<String> = t.descriptions().cloned().collect();
        assert_eq!(type_texts(&mut t).into_iter().map(|(_, d)| d.clone()).collect::<Vec<_>>(), listed);
        assert_eq!(listed, ["d", "pd", "md"]);
        let param = |name: &str, line: u32| {
            format!(r#"{{"name":"{name}","type":{{"primitive":"String"}},"description":"{name}d","required":false,"source":{{"file":"a","line":{line}}}}}"#)
        };
        let mut op: Operation = serde_json::from_str(&format!(
            r#"{{"id":"o","name":"o","kind":"action","method":"POST","description":"od","paths":[],"response":{{"status":200}},"workloads":["w"],
                "source":{{"file":"a","line":1}},"headers":[{{"name":"h","description":"hd","required":true}}],
                "parameters":[{}],"body":{{"kind":"parameters","params":[{}]}}}}"#,
            param("f", 2),
            param("b", 3)
        ))
        .unwrap();
        let listed: Vec<String> = op.descriptions().cloned().collect();
        assert_eq!(operation_texts(&mut op).into_iter().map(|(_, d)| d.clone()).collect::<Vec<_>>(), listed);
        assert_eq!(listed, ["od", "hd", "fd", "bd"]);
    }
}
