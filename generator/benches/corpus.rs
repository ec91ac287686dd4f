//! Whole-corpus generation against pulldown-cmark alone, side by side.
//!
//! `cargo bench -p graphgen --bench corpus` (corpus from GRAPHGEN_CORPUS,
//! default `../shared/graph-docs/beta`). Measures:
//! - `pulldown_cmark_only/parallel`: every page's markdown through a bare
//!   pulldown-cmark event loop, on the same rayon pool as graphgen;
//! - `graphgen/generate_to_disk`: read, parse, schema, emit, format and
//!   write the full crate into a temporary folder (the whole job; the
//!   result is freed outside the timing, as the CLI leaves it to the OS);
//! - `syn_prettyplease_only/generated_code_without_docs`: the code of that
//!   crate, as text without its doc comments, through `syn::parse_file` and
//!   `prettyplease::unparse` alone: a lower bound on `generate_to_disk`
//!   that only less output could lower;
//! - `graphgen/regenerate_one_page_changed`: a one-page edit (a sentence
//!   added under the title, which moves every line below it) then
//!   regeneration in an [`Session`] (what `generate --watch` runs), writing
//!   only the files that differ; prints how many files each edit rewrote.
//!   Timed from the start of the regeneration to the last write, each edit
//!   landing on a session idle since the last one (a short pause, untimed);
//!   That edit reaches no item of the schema: it only moves lines, and the
//!   session renumbers its last resolution (`incremental::carried`);
//! - `graphgen/regenerate_one_page_changed_back_to_back`: the same with no
//!   pause, so what a session does between generations (copying pages for
//!   the next run, freeing the last one) competes with the next one;
//! - `graphgen/regenerate_one_description_changed`: as the first, but the
//!   edit rewords a property description (`groupTag`'s, on the page of the
//!   seed operation's type; another page has the same text, and the
//!   property's source tells whose it is): the session carries the new
//!   text into its last resolution (`incremental::carried`), and remakes
//!   the files showing it;
//! - `graphgen/regenerate_one_shared_description_changed`: as the first,
//!   but the edit rewords the seed page's description (front matter), a
//!   placeholder hundreds of pages share (`Not yet documented`): which
//!   schema fields hold this page's copy is not known, so the session
//!   resolves the whole reference again.

use criterion::{criterion_group, criterion_main, Criterion};
use graphgen::emit::{EmitOptions, Layout};
use graphgen::incremental::Session;
use graphgen::{output, pipeline};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// The pause before each timed regeneration in `regenerate_one_page_changed`
/// (`--watch` polls every 300 ms, and edits come seconds apart).
const SETTLE: Duration = Duration::from_millis(400);

// The same allocator as the `graphgen` binary, so the bench measures what users run.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn corpus() -> Option<PathBuf> {
    graphgen::corpus::reference_docs(&PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/..")))
}

fn options() -> EmitOptions {
    EmitOptions {
        crate_name: "graph-beta".into(),
        runtime_dependency: "\"0.1\"".into(),
        layout: Layout::Crate,
        features: true,
        feature_map: None,
    }
}

/// The whole job; the result is freed outside the timing, as the
/// `graphgen` binary leaves it to the OS at exit.
fn generate(docs: &std::path::Path, out: &std::path::Path) -> pipeline::Generated {
    let loaded = pipeline::load(docs).expect("corpus loads");
    let generated = pipeline::generate(loaded, &options());
    output::write_tree(out, &generated.files.files).expect("write");
    generated
}

fn bench(c: &mut Criterion) {
    let Some(docs) = corpus() else { return };
    // As the `graphgen` binary runs a one-shot generation; dropped before
    // the regeneration benches, as `--watch` gives memory back.
    let one_shot = graphgen::allocator::keep_freed_memory();
    let paths = graphgen::corpus::list_pages(&docs).unwrap();
    let texts: Vec<String> = paths.iter().map(|p| std::fs::read_to_string(docs.join(p)).unwrap_or_default()).collect();

    let mut g = c.benchmark_group("pulldown_cmark_only");
    g.sample_size(20);
    g.bench_function("parallel", |b| {
        b.iter(|| {
            texts
                .par_iter()
                .map(|t| pulldown_cmark::Parser::new_ext(t, pulldown_cmark::Options::ENABLE_TABLES).into_offset_iter().count())
                .sum::<usize>()
        })
    });
    g.finish();

    let tmp = tempfile::tempdir().unwrap();
    let mut g = c.benchmark_group("graphgen");
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    let mut n = 0;
    g.bench_function("generate_to_disk", |b| {
        b.iter_with_large_drop(|| {
            let out = tmp.path().join(format!("fresh{n}"));
            n += 1;
            generate(&docs, &out)
        })
    });
    g.finish();

    // The floor under `generate_to_disk` set by its last two stages alone:
    // the generated code parsed by syn and printed by prettyplease, on the
    // same pool, starting from finished text (no markdown, no schema, no
    // token building, no write). Doc comments are removed first, because
    // graphgen splices their text in after formatting; what it parses
    // instead (one short placeholder attribute per doc line) is left out
    // too, so this is a lower bound.
    let floor_generated = generate(&docs, &tmp.path().join("floor"));
    let code: Vec<String> = floor_generated
        .files
        .files
        .iter()
        .filter(|(path, _)| path.ends_with(".rs"))
        .map(|(_, text)| without_doc_comments(text))
        .collect();
    drop(floor_generated);
    let mut g = c.benchmark_group("syn_prettyplease_only");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    g.bench_function("generated_code_without_docs", |b| {
        b.iter(|| {
            code.par_iter()
                .map(|text| prettyplease::unparse(&syn::parse_file(text).expect("generated code parses")).len())
                .sum::<usize>()
        })
    });
    g.finish();
    eprintln!(
        "syn_prettyplease_only: {} files, {:.1} MB of code without doc comments",
        code.len(),
        code.iter().map(String::len).sum::<usize>() as f64 / 1e6
    );
    drop(code);

    drop(one_shot);

    // Fewer, paused iterations: each one waits SETTLE before it is timed.
    let mut g = c.benchmark_group("graphgen");
    g.sample_size(10).measurement_time(Duration::from_secs(5));

    // A private copy of the corpus whose one page we edit between runs.
    let copy = tmp.path().join("docs");
    for p in &paths {
        let target = copy.join(p);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(docs.join(p), &target).unwrap();
    }
    // Regeneration as `graphgen generate --watch` does it: a session that
    // keeps the docs in memory, then writes only the files that differ.
    let out = tmp.path().join("incremental");
    let mut session = Session::new(&copy, options());
    output::write_tree(&out, &session.generate().expect("first generation").files.files).expect("write");
    const SEED_PAGE: &str = "api/intune-enrollment-importedwindowsautopilotdeviceidentity-import.md";
    const SEED_TYPE_PAGE: &str = "resources/intune-enrollment-importedwindowsautopilotdeviceidentity.md";
    // Each page alternates between edited and as it was: both are edits.
    let edited_now = std::cell::RefCell::new(BTreeSet::new());
    let changed_files = std::cell::RefCell::new(Vec::new());
    let edit_and_regenerate = |session: &mut Session, settle: Duration, page: &'static str, edited_text: fn(&str) -> String| {
        let original = std::fs::read_to_string(docs.join(page)).expect("the edited page");
        let edit = edited_now.borrow_mut().insert(page);
        let text = match edit {
            true => edited_text(&original),
            false => {
                edited_now.borrow_mut().remove(page);
                original
            }
        };
        std::fs::write(copy.join(page), text).unwrap();
        // What the session does between edits (copies for the next run,
        // freeing the last one) has this long to finish, as it has while a
        // maintainer edits under `--watch`.
        std::thread::sleep(settle);
        let started = Instant::now();
        let regenerated = session.generate().expect("regenerate");
        let previous = regenerated.previous.as_ref().expect("an edit is a change");
        let report = output::update_tree(&out, &previous.files, &regenerated.files.files).expect("update");
        let took = started.elapsed();
        changed_files.borrow_mut().push(report.changed.len() + report.added.len() + report.removed.len());
        took
    };
    let mut bench = |name: &str, settle: Duration, page: &'static str, edited_text: fn(&str) -> String| {
        g.bench_function(name, |b| {
            b.iter_custom(|iters| (0..iters).map(|_| edit_and_regenerate(&mut session, settle, page, edited_text)).sum())
        });
        report_rewritten(name, &changed_files, &session);
    };
    // The latency a maintainer sees: the edit lands on an idle session.
    bench("regenerate_one_page_changed", SETTLE, SEED_PAGE, with_sentence_under_title);
    // Edits with no pause between them: the session's work between
    // generations then competes with the next one.
    bench("regenerate_one_page_changed_back_to_back", Duration::ZERO, SEED_PAGE, with_sentence_under_title);
    bench("regenerate_one_description_changed", SETTLE, SEED_TYPE_PAGE, with_group_tag_reworded);
    bench("regenerate_one_shared_description_changed", SETTLE, SEED_PAGE, with_reworded_description);
    g.finish();
}

/// `text` without its `///` and `//!` lines.
fn without_doc_comments(text: &str) -> String {
    text.lines()
        .filter(|line| !matches!(line.trim_start().get(..3), Some("///" | "//!")))
        .flat_map(|line| [line, "\n"])
        .collect()
}

/// How many files the edits since the last report rewrote (nothing to say
/// when a filter skipped their benches).
fn report_rewritten(name: &str, counts: &std::cell::RefCell<Vec<usize>>, session: &Session) {
    let mut counts = counts.borrow_mut();
    counts.sort_unstable();
    if let (Some(min), Some(max)) = (counts.first(), counts.last()) {
        eprintln!("{name}: files rewritten per edit: min {min} max {max} (of {})", session.files().map_or(0, |f| f.files.len()));
    }
    counts.clear();
}

/// The page with one more sentence right under its title: lines move.
fn with_sentence_under_title(page: &str) -> String {
    match page.find("\n# ").and_then(|i| page[i + 1..].find('\n').map(|j| i + 1 + j)) {
        Some(end) => format!("{}\n\nThis sentence was added by the benchmark.\n{}", &page[..end], &page[end..]),
        None => format!("{page}\nThis sentence was added by the benchmark.\n"),
    }
}

/// The seed's type page with `groupTag`'s description reworded (a
/// sentence added at its end).
fn with_group_tag_reworded(page: &str) -> String {
    let row = page.find("\n|groupTag|").expect("the seed type page lists groupTag") + 1;
    let end = page[row..].find('\n').map_or(page.len(), |j| row + j);
    let cells = page[row..end].trim_end().trim_end_matches('|');
    format!("{}{cells} Set by the administrator.|{}", &page[..row], &page[end..])
}

/// The page with its front matter description reworded (a word added at
/// its end, inside its quotes if it has them).
fn with_reworded_description(page: &str) -> String {
    let Some(start) = page.find("\ndescription:").map(|i| i + 1) else { return format!("{page}\nReworded.\n") };
    let end = page[start..].find('\n').map_or(page.len(), |j| start + j);
    let line = page[start..end].trim_end();
    let reworded = match line.strip_suffix('"') {
        Some(open) => format!("{open} Reworded.\""),
        None => format!("{line} Reworded."),
    };
    format!("{}{reworded}{}", &page[..start], &page[end..])
}

criterion_group!(benches, bench);
criterion_main!(benches);
