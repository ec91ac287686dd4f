//! Fuzzing the whole pipeline from pages: real pages, mutated, through
//! markdown → schema → emit, twice. For every input: no panic; the schema
//! survives its JSON form; every generated `.rs` file is Rust syn parses;
//! and the second run gives the same schema, diagnostics and files, byte
//! for byte (issue 13).
//!
//! Seeds are pages of the real Graph reference (`GRAPHGEN_CORPUS`, a fixed
//! sample of small pages) when it is present, else this repository's
//! `docs/` (with its includes). Mutations are what docs edits and broken
//! docs do: lines deleted, doubled, swapped or moved in from another page,
//! pieces of the conventions' syntax inserted, characters replaced,
//! truncation.
//!
//! Why proptest and not cargo-fuzz: CI runs `cargo test` on the stable
//! toolchain, and cargo-fuzz needs nightly (`-Zsanitizer`) and libFuzzer,
//! so a cargo-fuzz target would never run there. This suite runs in every
//! `cargo test`, bounded: 48 cases by default (about 3 s in a debug build); set
//! `PROPTEST_CASES` for a longer run (`PROPTEST_CASES=5000 cargo test
//! --release -p graphgen --test fuzz_pages`). A failing case is saved
//! under `proptest-regressions/` and replayed first on later runs.

mod fs_support;

use graphgen::emit::{self, EmitOptions, Layout};
use graphgen::markdown::{parse_page, IncludeLoader, Page};
use proptest::prelude::*;
use proptest::sample::Index;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// Pages to start from, and the includes they may name.
struct Seeds {
    pages: Vec<(String, String)>,
    includes: BTreeMap<String, String>,
}

/// Pages of the corpus sampled: every page under this size, at most this many.
const SEED_PAGE_BYTES: u64 = 12_000;
const SEED_PAGES: usize = 64;

fn seeds() -> &'static Seeds {
    static SEEDS: OnceLock<Seeds> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let workspace = fs_support::workspace();
        let (root, sample) = match graphgen::corpus::reference_docs(&workspace) {
            Some(corpus) => (corpus, true),
            None => (fs_support::repo_docs(), false),
        };
        let listed = graphgen::corpus::list_pages(&root).expect("the seed docs list");
        let small: Vec<String> = listed
            .into_iter()
            .filter(|p| std::fs::metadata(root.join(p)).is_ok_and(|m| m.len() <= SEED_PAGE_BYTES))
            .collect();
        // A fixed spread over the corpus (both folders, all workloads).
        let step = if sample { (small.len() / SEED_PAGES).max(1) } else { 1 };
        let pages: Vec<(String, String)> = small
            .iter()
            .step_by(step)
            .filter_map(|p| std::fs::read_to_string(root.join(p)).ok().map(|t| (p.clone(), t)))
            .collect();
        assert!(!pages.is_empty(), "no seed pages under {}", root.display());
        let mut includes = BTreeMap::new();
        let mut stack = vec![root.join("includes")];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                } else if let Ok(text) = std::fs::read_to_string(&path) {
                    let rel = path.strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/");
                    includes.insert(rel, text);
                }
            }
        }
        Seeds { pages, includes }
    })
}

struct Includes<'a>(&'a BTreeMap<String, String>);

impl IncludeLoader for Includes<'_> {
    fn load(&self, path: &str) -> Option<String> {
        self.0.get(path).cloned()
    }
}

/// Syntax of the docs conventions, inserted at random.
const PIECES: &[&str] = &[
    "---\n", "doc_type: apiPageType\n", "doc_type: resourcePageType\n", "doc_type: enumPageType\n", "ms.prod: default\n",
    "ms.subservice: full\n", "## HTTP request\n", "## Properties\n", "## Members\n", "## Relationships\n", "## Response\n",
    "## Request body\n", "### Request\n", "### Response\n", "|Property|Type|Description|\n", "|:---|:---|:---|\n",
    "|a|String|d|\n", "|a|Int32|dup|\n", "|b|[t](t.md) collection|d|\n", "|Member|Value|Description|\n", "|x|1|y|\n",
    "```http\n", "```json\n", "```\n", "GET /a/{id}/b(k='{v}')\n", "POST /a/{id | upn}/act\n", "GET /a/../b\n",
    "PATCH /a/./b/{id}\n", "GET /a/b%2F/c d\n", "HTTP/1.1 200 OK\n", "{\"value\": [ {\"a\": 1,}, ]}\n", "{ \"a\": \n",
    "<!-- { \"blockType\": \"request\", \"name\": \"n\" } -->\n", "<!-- { \"blockType\": \"resource\",\n",
    "\"@odata.type\": \"microsoft.graph.t\", \"baseType\": \"microsoft.graph.t\" } -->\n", "-->\n",
    "[!INCLUDE [p](../includes/beta-disclaimer.md)]\n", "[!INCLUDE [loop](../includes/",
    "# [HTTP](#tab/http)\n", "# [C#](#tab/csharp)\n", "---\n\n",
    "If successful, this method returns a `201 Created` response code and a [t](t.md) object.\n",
    "Possible values are: `a`, `b`, `unknownFutureValue`.\n", "Inherits from [entity](entity.md).\n", "\r\n", "\n",
];

/// Characters worth putting anywhere.
const CHARS: &[char] = &['|', '`', '{', '}', '(', ')', '/', '\n', '\r', '#', '<', '>', '"', '\'', '\\', '\0', '\u{202E}', 'é', '*', ':', '.', '$', '@', '\t'];

#[derive(Debug, Clone)]
enum Mutation {
    DeleteLine(Index),
    DoubleLine(Index),
    SwapLines(Index, Index),
    /// Lines `at..at+len` of another seed, inserted before a line.
    Splice { from: Index, at: Index, len: usize, before: Index },
    InsertPiece(Index, Index),
    ReplaceChar(Index, Index),
    Truncate(Index),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<Index>().prop_map(Mutation::DeleteLine),
        any::<Index>().prop_map(Mutation::DoubleLine),
        (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        (any::<Index>(), any::<Index>(), 1usize..12, any::<Index>())
            .prop_map(|(from, at, len, before)| Mutation::Splice { from, at, len, before }),
        (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::InsertPiece(a, b)),
        (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::ReplaceChar(a, b)),
        any::<Index>().prop_map(Mutation::Truncate),
    ]
}

/// One fuzzed page: a seed and what is done to it.
fn page() -> impl Strategy<Value = (Index, Vec<Mutation>)> {
    (any::<Index>(), prop::collection::vec(mutation(), 0..8))
}

fn lines_of(text: &str) -> Vec<String> {
    text.split_inclusive('\n').map(str::to_owned).collect()
}

fn mutate(seeds: &Seeds, text: &str, mutations: &[Mutation]) -> String {
    let mut lines = lines_of(text);
    for m in mutations {
        let n = lines.len();
        match m {
            Mutation::DeleteLine(i) if n > 0 => {
                lines.remove(i.index(n));
            }
            Mutation::DoubleLine(i) if n > 0 => {
                let line = lines[i.index(n)].clone();
                lines.insert(i.index(n), line);
            }
            Mutation::SwapLines(a, b) if n > 0 => lines.swap(a.index(n), b.index(n)),
            Mutation::Splice { from, at, len, before } => {
                let other = lines_of(&seeds.pages[from.index(seeds.pages.len())].1);
                let start = at.index(other.len().max(1)).min(other.len());
                let chunk = other[start..(start + len).min(other.len())].to_vec();
                let before = before.index(n + 1);
                lines.splice(before..before, chunk);
            }
            Mutation::InsertPiece(at, piece) => lines.insert(at.index(n + 1), PIECES[piece.index(PIECES.len())].to_owned()),
            Mutation::ReplaceChar(at, c) if n > 0 => {
                let line = &mut lines[at.index(n)];
                let chars: Vec<char> = line.chars().collect();
                if !chars.is_empty() {
                    let k = at.index(chars.len());
                    *line = chars[..k].iter().chain(std::iter::once(&CHARS[c.index(CHARS.len())])).chain(&chars[k + 1..]).collect();
                }
            }
            Mutation::Truncate(at) if n > 0 => lines.truncate(at.index(n).max(1)),
            _ => {}
        }
    }
    lines.concat()
}

/// Everything one run makes from the pages, as comparable text.
#[derive(Debug, PartialEq)]
struct Made {
    schema_json: String,
    diagnostics: Vec<String>,
    files: BTreeMap<String, std::sync::Arc<str>>,
    single_file: BTreeMap<String, std::sync::Arc<str>>,
}

fn run(pages: &[(String, String)], includes: &BTreeMap<String, String>) -> Made {
    let parsed: Vec<Page> = pages.iter().map(|(path, text)| parse_page(path, text, &Includes(includes)).0).collect();
    let (schema, mut diagnostics) = graphgen::schema::build(&parsed);
    let schema_json = serde_json::to_string(&schema).expect("the schema is JSON");
    let back: graphgen::schema::Schema = serde_json::from_str(&schema_json).expect("the schema reads back from JSON");
    assert!(back == schema, "the schema does not survive its JSON form");
    let options = |layout| EmitOptions { crate_name: "fuzzed".into(), runtime_dependency: String::new(), layout, features: true, feature_map: None };
    let (files, emit_diags) = emit::emit(&schema, &options(Layout::Crate));
    let (single, _) = emit::emit(&schema, &options(Layout::SingleFile));
    diagnostics.extend(emit_diags);
    diagnostics.normalize();
    for (path, text) in files.files.iter().chain(&single.files) {
        if path.ends_with(".rs") {
            if let Err(e) = syn::parse_file(text) {
                panic!("{path} is not Rust ({e}):\n{text}");
            }
        }
    }
    Made {
        schema_json,
        diagnostics: diagnostics.items.iter().map(|d| d.to_string()).collect(),
        files: files.files,
        single_file: single.files,
    }
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(48)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), max_shrink_iters: 200, ..ProptestConfig::default() })]

    #[test]
    fn mutated_pages_go_through_the_pipeline_deterministically(fuzzed in prop::collection::vec(page(), 1..5)) {
        let seeds = seeds();
        let pages: Vec<(String, String)> = fuzzed
            .iter()
            .enumerate()
            .map(|(i, (seed, mutations))| {
                let (path, text) = &seeds.pages[seed.index(seeds.pages.len())];
                // Distinct paths, in the seed's folder (its kind of page).
                let path = path.replacen(".md", &format!("-{i}.md"), 1);
                (path, mutate(seeds, text, mutations))
            })
            .collect();
        let first = run(&pages, &seeds.includes);
        let second = run(&pages, &seeds.includes);
        prop_assert!(first == second, "two runs on the same pages differ");
    }
}

#[test]
fn the_seed_pages_themselves_go_through() {
    let seeds = seeds();
    let made = run(&seeds.pages, &seeds.includes);
    assert!(!made.files.is_empty());
}
