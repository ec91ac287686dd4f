//! The verdict on each disagreement: does the page text itself say what the
//! metadata says (a **misread**), or not (**docs differ**)?
//!
//! Every question is answered from the raw pages ([`super::page_text`]) of
//! every page that describes the item ([`super::page_index`]), never from
//! the schema stage's reading. The rule is the same for every kind: a
//! disagreement is a misread when some page states the metadata's answer
//! and no page states the schema's; when pages state both, the docs
//! contradict themselves and it is theirs to fix. "States" is read the way
//! the docs conventions mean it: a Properties/Relationships table row is
//! the statement about a property, the JSON representation counts only
//! where no row names the property; an annotation or an "Inherits from"
//! sentence states a base; an annotation or prose ("abstract", "open type")
//! states those flags.

use super::csdl::{MetaKind, MetaRef};
use super::page_index::{says_inherits, squash, EnumSection, PageIndex, INHERITS};
use super::page_says::{cell_says, json_says};
use super::page_text::{Fence, PageText, Row, Table};
use super::{Judgement, Quote, Verdict};
use crate::schema::TypeKind;

pub struct Evidence {
    pub index: PageIndex,
}

fn judge(verdict: Verdict, reason: impl Into<String>, quote: Option<Quote>) -> Judgement {
    Judgement { verdict, reason: reason.into(), quote }
}

fn quote_row(page: &PageText, row: &Row) -> Quote {
    Quote { file: page.path.clone(), line: row.line, text: row.raw.clone() }
}

fn quote_line(page: &PageText, line: u32, text: &str) -> Quote {
    Quote { file: page.path.clone(), line, text: text.to_string() }
}

/// A row of a type table naming a property, with its type cell.
struct PropertyRow<'a> {
    page: &'a PageText,
    table: &'a Table,
    row: &'a Row,
    type_column: usize,
}

impl PropertyRow<'_> {
    fn says(&self, ty: &MetaRef) -> bool {
        self.row.cells.get(self.type_column).is_some_and(|c| cell_says(c, ty))
    }

    /// The row is in a Relationships table.
    fn navigation(&self) -> bool {
        let first = self.table.header.first().is_some_and(|h| h.to_ascii_lowercase().contains("relationship"));
        first || self.page.under_heading_saying(self.table.heading, "relationship")
    }

    fn quote(&self) -> Quote {
        quote_row(self.page, self.row)
    }
}

/// The first word of a name cell, markup and punctuation removed.
fn first_word(text: &str) -> &str {
    text.split_whitespace().next().unwrap_or("").trim_matches(|c: char| !(c.is_alphanumeric() || c == '_' || c == '@' || c == '.'))
}

/// Which of two answers the pages state.
struct Stated {
    meta: Option<Quote>,
    schema: Option<Quote>,
    other: Option<Quote>,
}

impl Stated {
    fn new() -> Self {
        Stated { meta: None, schema: None, other: None }
    }

    fn note(&mut self, says_meta: bool, says_schema: bool, quote: impl FnOnce() -> Quote) {
        if says_meta && self.meta.is_none() {
            self.meta = Some(quote());
        } else if says_schema && self.schema.is_none() {
            self.schema = Some(quote());
        } else if !says_meta && !says_schema && self.other.is_none() {
            self.other = Some(quote());
        }
    }

    fn any(&self) -> bool {
        self.meta.is_some() || self.schema.is_some() || self.other.is_some()
    }

    /// Misread when the pages say the metadata's answer and never the schema's.
    fn judgement(self, what: &str) -> Judgement {
        match (self.meta, self.schema, self.other) {
            (Some(m), None, _) => judge(Verdict::Misread, format!("the page says {what} as the metadata does"), Some(m)),
            (Some(_), Some(s), _) => judge(Verdict::DocsDiffer, format!("the pages contradict each other on {what}"), Some(s)),
            (None, Some(s), _) => judge(Verdict::DocsDiffer, format!("the page says {what} as graphgen read it"), Some(s)),
            (None, None, Some(o)) => judge(Verdict::DocsDiffer, format!("the page says {what} otherwise"), Some(o)),
            (None, None, None) => judge(Verdict::DocsDiffer, format!("no page says {what}"), None),
        }
    }
}

impl Evidence {
    pub fn new(index: PageIndex) -> Self {
        Evidence { index }
    }

    fn page(&self, i: usize) -> &PageText {
        &self.index.pages[i]
    }

    /// The pages that describe any of these types, plus the given files.
    pub fn pages_of(&self, types: &[&str], files: &[&str]) -> Vec<usize> {
        let mut pages: Vec<usize> = types.iter().flat_map(|t| self.index.type_pages(t)).collect();
        pages.extend(files.iter().filter_map(|f| self.index.page_by_path(f)));
        pages.sort_unstable();
        pages.dedup();
        pages
    }

    fn property_rows(&self, pages: &[usize], name: &str) -> Vec<PropertyRow<'_>> {
        let mut out = Vec::new();
        for &p in pages {
            let page = self.page(p);
            for table in &page.tables {
                let Some(type_column) = table.type_column() else { continue };
                for row in &table.rows {
                    if row.cells.first().is_some_and(|c| first_word(&c.text) == name) {
                        out.push(PropertyRow { page, table, row, type_column });
                    }
                }
            }
        }
        out
    }

    /// The resource JSON representations of the pages.
    fn resource_fences<'a>(&'a self, pages: &'a [usize]) -> impl Iterator<Item = (&'a PageText, &'a Fence)> + 'a {
        pages.iter().map(|&p| self.page(p)).flat_map(|page| {
            page.fences
                .iter()
                .filter(move |f| {
                    let annotated = f.annotation.and_then(|a| page.annotations[a].string("blockType")).is_some_and(|b| b.eq_ignore_ascii_case("resource"));
                    annotated || page.under_heading_saying(f.heading, "json representation")
                })
                .map(move |f| (page, f))
        })
    }

    /// A type the metadata has and the schema lacks: misread when a page describes it.
    pub fn type_described(&self, qualified: &str, kind: MetaKind) -> Judgement {
        let pages = self.index.type_pages(qualified);
        let found = pages.iter().map(|&p| self.page(p)).find_map(|p| p.title().map(|t| quote_line(p, t.line, &t.text)));
        if let Some(q) = found {
            return judge(Verdict::Misread, "a page describes it", Some(q));
        }
        if kind == MetaKind::Enum {
            if let Some(s) = self.index.enum_sections(qualified).into_iter().find(|s| !self.members(*s).is_empty()) {
                let page = self.page(s.page);
                let heading = s.heading.or_else(|| page.headings.iter().position(|h| h.level == 1));
                let q = heading.map(|h| quote_line(page, page.headings[h].line, &page.headings[h].text));
                return judge(Verdict::Misread, "a page lists its members", q);
            }
        }
        judge(Verdict::DocsDiffer, "no page describes it", None)
    }

    /// A type the schema has and the metadata lacks: docs differ when a page
    /// names it (title, resource annotation, values heading); otherwise
    /// graphgen made the name up.
    pub fn type_invented(&self, qualified: &str) -> Judgement {
        let named = self.index.type_pages(qualified).into_iter().find(|&p| self.index.names_type(p, qualified));
        if let Some(p) = named {
            let page = self.page(p);
            let q = page.title().map(|t| quote_line(page, t.line, &t.text));
            return judge(Verdict::DocsDiffer, "a page describes a type the metadata does not have", q);
        }
        if let Some(s) = self.index.enum_sections(qualified).into_iter().find(|s| s.heading.is_some() && !self.members(*s).is_empty()) {
            let page = self.page(s.page);
            let h = &page.headings[s.heading.unwrap_or(0)];
            return judge(Verdict::DocsDiffer, "a page lists an enum the metadata does not have", Some(quote_line(page, h.line, &h.text)));
        }
        judge(Verdict::Misread, "no page's title, annotation or values heading names this type", None)
    }

    /// Entity (a `keyProperty` annotation), complex (a resource annotation
    /// without one) or enum (a members list).
    pub fn type_kind(&self, pages: &[usize], qualified: &str, meta: MetaKind, schema: TypeKind) -> Judgement {
        let mut stated = Stated::new();
        let schema = match schema {
            TypeKind::Entity => MetaKind::Entity,
            TypeKind::Complex => MetaKind::Complex,
            TypeKind::Enum => MetaKind::Enum,
        };
        for &p in pages {
            let page = self.page(p);
            for a in page.annotations.iter().filter(|a| a.string("blockType").is_some_and(|b| b.eq_ignore_ascii_case("resource"))) {
                let said = if a.string("keyProperty").is_some() { MetaKind::Entity } else { MetaKind::Complex };
                stated.note(said == meta, said == schema, || quote_line(page, a.line, a.text.trim()));
            }
        }
        if let Some(s) = self.index.enum_sections(qualified).into_iter().find(|s| !self.members(*s).is_empty()) {
            let page = self.page(s.page);
            let line = self.members(s)[0].line;
            stated.note(meta == MetaKind::Enum, schema == MetaKind::Enum, || quote_line(page, line, "a members table"));
        }
        stated.judgement("the kind")
    }

    /// Bases stated by `baseType` annotations and "Inherits from" sentences.
    pub fn base(&self, pages: &[usize], meta: Option<&str>, schema: Option<&str>) -> Judgement {
        let names = |said: &str, base: &str| {
            let short = base.rsplit('.').next().unwrap_or(base);
            squash(said.rsplit('.').next().unwrap_or(said)) == squash(short)
        };
        let mut stated = Stated::new();
        let mut note = |said: &[String], quote: Quote| {
            let says = |b: Option<&str>| b.is_some_and(|b| said.iter().any(|s| names(s, b)));
            stated.note(says(meta), says(schema), || quote);
        };
        for &p in pages {
            let page = self.page(p);
            for a in &page.annotations {
                if let Some(b) = a.string("baseType") {
                    note(&[b], quote_line(page, a.line, a.text.trim()));
                }
            }
            for para in page.paragraphs.iter().filter(|p| says_inherits(&p.text.text)) {
                if let Some(said) = stated_base(&para.text) {
                    note(&[said], quote_line(page, para.line, &para.text.text));
                }
            }
        }
        // Without a base in the metadata, silence is what the metadata says.
        if meta.is_none() && stated.meta.is_none() && stated.schema.is_none() {
            return judge(Verdict::Misread, "no page states a base type, as the metadata has none", stated.other);
        }
        stated.judgement("the base type")
    }

    /// `abstract` / `openType` in an annotation, or prose that says so.
    pub fn flag(&self, pages: &[usize], abstract_flag: bool, meta: bool) -> Judgement {
        let (key, phrase) = if abstract_flag { ("abstract", "abstract") } else { ("openType", "open type") };
        let mut said: Option<Quote> = None;
        for &p in pages {
            let page = self.page(p);
            for a in &page.annotations {
                if a.boolean(key) == Some(true) {
                    said.get_or_insert_with(|| quote_line(page, a.line, a.text.trim()));
                }
            }
            for para in &page.paragraphs {
                let lower = para.text.text.to_ascii_lowercase();
                let hit = lower.match_indices(phrase).any(|(i, _)| {
                    let before = lower[..i].trim_end();
                    let word_start = !lower[..i].ends_with(|c: char| c.is_alphanumeric());
                    let word_end = !lower[i + phrase.len()..].starts_with(|c: char| c.is_alphanumeric());
                    let of_another = names_a_type(&para.text, &para.text.text[i + phrase.len()..]);
                    word_start && word_end && !of_another && !before.ends_with("not") && !before.ends_with("not an")
                });
                if hit {
                    said.get_or_insert_with(|| quote_line(page, para.line, &para.text.text));
                }
            }
        }
        match (said, meta) {
            (Some(q), true) => judge(Verdict::Misread, format!("the page says {phrase}, as the metadata does"), Some(q)),
            (Some(q), false) => judge(Verdict::DocsDiffer, format!("the page says {phrase}; the metadata does not"), Some(q)),
            (None, true) => judge(Verdict::DocsDiffer, format!("no page says {phrase}"), None),
            (None, false) => judge(Verdict::Misread, format!("no page says {phrase}"), None),
        }
    }

    /// Whether a table row of the pages names a property `name`.
    pub fn lists_property(&self, pages: &[usize], name: &str) -> bool {
        !self.property_rows(pages, name).is_empty()
    }

    /// A property the metadata has and the schema lacks.
    pub fn property_missing(&self, pages: &[usize], name: &str) -> Judgement {
        if let Some(row) = self.property_rows(pages, name).first() {
            return judge(Verdict::Misread, "a page lists it", Some(row.quote()));
        }
        if let Some((page, m)) = self.resource_fences(pages).find_map(|(page, f)| f.json_members().into_iter().find(|m| m.name == name).map(|m| (page, m))) {
            let text = format!("\"{}\": {}", m.name, m.value);
            return judge(Verdict::Misread, "a page's JSON representation has it", Some(quote_line(page, m.line, &text)));
        }
        judge(Verdict::DocsDiffer, "no page of the type lists it", None)
    }

    /// A property the schema has and the metadata lacks.
    pub fn property_extra(&self, pages: &[usize], name: &str) -> Judgement {
        if let Some(row) = self.property_rows(pages, name).first() {
            return judge(Verdict::DocsDiffer, "a page lists it", Some(row.quote()));
        }
        if let Some((page, m)) = self.resource_fences(pages).find_map(|(page, f)| f.json_members().into_iter().find(|m| m.name == name).map(|m| (page, m))) {
            let text = format!("\"{}\": {}", m.name, m.value);
            return judge(Verdict::DocsDiffer, "a page's JSON representation has it", Some(quote_line(page, m.line, &text)));
        }
        judge(Verdict::Misread, "no page of the type lists it", None)
    }

    /// The metadata's spelling of a property's name, letter for letter.
    pub fn property_name_case(&self, pages: &[usize], meta_name: &str) -> Judgement {
        match self.property_rows(pages, meta_name).first() {
            Some(row) => judge(Verdict::Misread, "a page spells it as the metadata does", Some(row.quote())),
            None => judge(Verdict::DocsDiffer, "no page spells it as the metadata does", None),
        }
    }

    /// A property's type: the rows that name it, else the JSON representation.
    /// `meta_documented`: the metadata's type has a page (a page naming a
    /// type no page describes cannot be read into that type).
    pub fn property_type(&self, pages: &[usize], name: &str, meta: &MetaRef, schema: &MetaRef, meta_documented: bool) -> Judgement {
        let mut stated = Stated::new();
        let rows = self.property_rows(pages, name);
        for row in &rows {
            stated.note(row.says(meta), row.says(schema), || row.quote());
        }
        if rows.is_empty() {
            for (page, f) in self.resource_fences(pages) {
                for m in f.json_members().into_iter().filter(|m| m.name == name) {
                    let text = format!("\"{}\": {}", m.name, m.value);
                    stated.note(json_says(&m.value, meta), json_says(&m.value, schema), || quote_line(page, m.line, &text));
                }
            }
        }
        if stated.meta.is_some() && stated.schema.is_none() && !meta_documented {
            return judge(Verdict::DocsDiffer, format!("the page names {}, which no page describes", meta.name), stated.meta);
        }
        if !stated.any() {
            return judge(Verdict::DocsDiffer, "no page of the type lists it", None);
        }
        stated.judgement("its type")
    }

    /// Navigation (a Relationships table) or structural (a Properties table).
    pub fn navigation(&self, pages: &[usize], name: &str, meta_navigation: bool) -> Judgement {
        let mut stated = Stated::new();
        for row in self.property_rows(pages, name) {
            let nav = row.navigation();
            stated.note(nav == meta_navigation, nav != meta_navigation, || row.quote());
        }
        stated.judgement("whether it is a relationship")
    }

    /// The member rows of an enum section: first cells of its tables.
    fn members(&self, section: EnumSection) -> Vec<&Row> {
        let page = self.page(section.page);
        page.tables
            .iter()
            .filter(|t| match section.heading {
                Some(h) => page.in_section(t.heading, h),
                None => true,
            })
            .filter(|t| t.lists_members())
            .flat_map(|t| t.rows.iter())
            .collect()
    }

    fn member_rows(&self, sections: &[EnumSection], name: &str) -> Vec<(&PageText, &Row, Option<usize>)> {
        let mut out = Vec::new();
        for &s in sections {
            let page = self.page(s.page);
            for t in page.tables.iter().filter(|t| s.heading.is_none_or(|h| page.in_section(t.heading, h)) && t.lists_members()) {
                for row in &t.rows {
                    if row.cells.first().is_some_and(|c| first_word(&c.text) == name) {
                        out.push((page, row, t.value_column()));
                    }
                }
            }
        }
        out
    }

    pub fn member_missing(&self, sections: &[EnumSection], name: &str) -> Judgement {
        match self.member_rows(sections, name).first() {
            Some((page, row, _)) => judge(Verdict::Misread, "a page lists it", Some(quote_row(page, row))),
            None => judge(Verdict::DocsDiffer, "no page lists it", None),
        }
    }

    pub fn member_extra(&self, sections: &[EnumSection], name: &str) -> Judgement {
        match self.member_rows(sections, name).first() {
            Some((page, row, _)) => judge(Verdict::DocsDiffer, "a page lists it", Some(quote_row(page, row))),
            None => judge(Verdict::Misread, "no page lists it", None),
        }
    }

    pub fn member_value(&self, sections: &[EnumSection], name: &str, meta: Option<i64>, schema: Option<i64>) -> Judgement {
        let mut stated = Stated::new();
        for (page, row, column) in self.member_rows(sections, name) {
            let said = column.and_then(|c| row.cells.get(c)).and_then(|c| parse_number(first_word(&c.text)));
            stated.note(said.is_some() && said == meta, said.is_some() && said == schema, || quote_row(page, row));
        }
        stated.judgement("its value")
    }

    /// Flags: the enum's section speaks of flags or bitwise combinations.
    pub fn enum_flags(&self, sections: &[EnumSection], meta: bool) -> Judgement {
        let words = ["flag", "bitwise", "multi-valued", "multivalued", "combination of"];
        let mut said = None;
        for &s in sections {
            let page = self.page(s.page);
            let in_scope = |h: Option<usize>| s.heading.is_none_or(|sh| page.in_section(h, sh));
            for para in page.paragraphs.iter().filter(|p| in_scope(p.heading)) {
                let lower = para.text.text.to_ascii_lowercase();
                if words.iter().any(|w| lower.contains(w)) {
                    said.get_or_insert_with(|| quote_line(page, para.line, &para.text.text));
                }
            }
            for row in self.members(s) {
                let lower = row.raw.to_ascii_lowercase();
                if words.iter().any(|w| lower.contains(w)) {
                    said.get_or_insert_with(|| quote_row(page, row));
                }
            }
        }
        match (said, meta) {
            (Some(q), true) => judge(Verdict::Misread, "the page speaks of flags, and the metadata's enum is a flags enum", Some(q)),
            (Some(q), false) => judge(Verdict::DocsDiffer, "the page speaks of flags; the metadata's enum is not a flags enum", Some(q)),
            (None, true) => judge(Verdict::DocsDiffer, "no page says its values combine", None),
            (None, false) => judge(Verdict::Misread, "no page says its values combine", None),
        }
    }

    pub fn enum_sections(&self, qualified: &str) -> Vec<EnumSection> {
        self.index.enum_sections(qualified)
    }

    /// Where an operation's pages name a parameter: a table row, a member of
    /// a request body example, or an argument of a function call.
    fn parameter_mentions(&self, pages: &[usize], name: &str) -> Vec<(Quote, Option<bool>)> {
        let mut out = Vec::new();
        for &p in pages {
            let page = self.page(p);
            for table in page.tables.iter().filter(|t| !t.header.iter().any(|h| h.to_ascii_lowercase().contains("permission"))) {
                for row in table.rows.iter().filter(|r| r.cells.first().is_some_and(|c| first_word(&c.text) == name)) {
                    out.push((quote_row(page, row), table.type_column()));
                }
            }
            for f in page.fences.iter().filter(|f| page.under_heading_saying(f.heading, "request")) {
                for m in f.json_members().into_iter().filter(|m| m.name == name) {
                    out.push((quote_line(page, m.line, &format!("\"{}\": {}", m.name, m.value)), None));
                }
                for (_, url, line) in f.requests() {
                    let call = url.rsplit('/').next().unwrap_or("");
                    let args = call.split_once('(').map(|(_, a)| a).unwrap_or("");
                    if args.split([',', '(', ')']).any(|a| a.split('=').next().is_some_and(|k| k.trim() == name)) {
                        out.push((quote_line(page, line, &url), None));
                    }
                }
            }
        }
        out.into_iter().map(|(q, col)| (q, col.map(|_| true))).collect()
    }

    pub fn parameter_missing(&self, pages: &[usize], name: &str) -> Judgement {
        match self.parameter_mentions(pages, name).into_iter().next() {
            Some((q, _)) => judge(Verdict::Misread, "the page names it", Some(q)),
            None => judge(Verdict::DocsDiffer, "no page of the operation names it", None),
        }
    }

    pub fn parameter_extra(&self, pages: &[usize], name: &str) -> Judgement {
        match self.parameter_mentions(pages, name).into_iter().next() {
            Some((q, _)) => judge(Verdict::DocsDiffer, "the page names it", Some(q)),
            None => judge(Verdict::Misread, "no page of the operation names it", None),
        }
    }

    pub fn parameter_type(&self, pages: &[usize], name: &str, meta: &MetaRef, schema: &MetaRef) -> Judgement {
        let mut stated = Stated::new();
        for &p in pages {
            let page = self.page(p);
            for table in &page.tables {
                let Some(col) = table.type_column() else { continue };
                for row in table.rows.iter().filter(|r| r.cells.first().is_some_and(|c| first_word(&c.text) == name)) {
                    let cell = row.cells.get(col);
                    let says = |t: &MetaRef| cell.is_some_and(|c| cell_says(c, t));
                    stated.note(says(meta), says(schema), || quote_row(page, row));
                }
            }
        }
        stated.judgement("its type")
    }
}

/// The type an "Inherits from" sentence names: the first link after the
/// phrase, else the first word after it (articles skipped).
fn stated_base(text: &super::page_text::Inline) -> Option<String> {
    let lower = text.text.to_ascii_lowercase();
    let at = INHERITS.iter().filter_map(|w| lower.find(w).map(|i| i + w.len())).min()?;
    let rest = &text.text[at..];
    // A link's text as a whole word of the rest (`Domain` is not in `DomainDnsRecord`).
    let whole_word_at = |t: &str| {
        rest.match_indices(t).map(|(i, _)| i).find(|&i| !rest[i + t.len()..].starts_with(|c: char| c.is_alphanumeric()))
    };
    let link = text.links.iter().filter(|l| !l.text.is_empty()).filter_map(|l| whole_word_at(&l.text).map(|i| (i, l))).min_by_key(|(i, _)| *i);
    let word = rest
        .split(|c: char| !(c.is_alphanumeric() || c == '.'))
        .filter(|w| !w.is_empty() && !["the", "a", "an"].contains(&w.to_ascii_lowercase().as_str()))
        .map(|w| (rest.find(w).unwrap_or(0), w.trim_end_matches('.')))
        .next();
    match (link, word) {
        (Some((li, l)), Some((wi, _))) if li <= wi => Some(l.text.clone()),
        (_, Some((_, w))) => Some(w.to_string()),
        (Some((_, l)), None) => Some(l.text.clone()),
        (None, None) => None,
    }
}

/// Whether `rest` (a tail of `text`) starts with a type's name: a link, or
/// a camelCase identifier. "the OData v4 open type [openTypeExtension]"
/// says that type is open, not the one the page describes.
fn names_a_type(text: &super::page_text::Inline, rest: &str) -> bool {
    let word: &str = rest.split_whitespace().next().unwrap_or("");
    let word = word.trim_end_matches(|c: char| !c.is_alphanumeric());
    if word.is_empty() {
        return false;
    }
    let linked = text.links.iter().any(|l| l.text == word);
    let camel = word.starts_with(|c: char| c.is_ascii_lowercase()) && word.chars().skip(1).any(|c| c.is_ascii_uppercase());
    linked || camel
}

fn parse_number(text: &str) -> Option<i64> {
    match text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        Some(hex) => i64::from_str_radix(hex, 16).ok(),
        None => text.parse().ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::page_text::inline;

    #[test]
    fn a_flag_said_of_a_named_type_is_not_the_pages() {
        let text = inline("An abstract type to support the OData v4 open type [openTypeExtension](opentypeextension.md).");
        let at = text.text.find("open type").unwrap() + "open type".len();
        assert!(names_a_type(&text, &text.text[at..]));
        let own = inline("This resource is an open type. It has no fixed shape.");
        let at = own.text.find("open type").unwrap() + "open type".len();
        assert!(!names_a_type(&own, &own.text[at..]));
        let plain = inline("It is an open type that holds anything");
        let at = plain.text.find("open type").unwrap() + "open type".len();
        assert!(!names_a_type(&plain, &plain.text[at..]));
    }

    #[test]
    fn base_sentences_name_the_first_type_after_the_phrase() {
        let said = |s: &str| stated_base(&inline(s));
        assert_eq!(said("A [Domain](domain.md) entity may be returned instead. Inherited from [DomainDnsRecord](domaindnsrecord.md) entity.").as_deref(), Some("DomainDnsRecord"));
        assert_eq!(said("Derived from attendeeBase.").as_deref(), Some("attendeeBase"));
        assert_eq!(said("Inherits from the [entity](entity.md) type.").as_deref(), Some("entity"));
        assert_eq!(said("The directoryObject type is the base type for many other directory entity types."), None);
    }
}
