//! The `build.rs` cache (`graphgen::build_cache`): a run with the cache,
//! cold or warm, writes exactly what a run without it writes, and exactly
//! what a full run of the pipeline selects; a stale or corrupt cache is
//! ignored; an edit is parsed again and nothing else is.
//!
//! Also what cargo is told to watch with a selection: the pages that matter
//! to it, not every page.

mod fs_support;

use fs_support::{copy_tree, repo_docs};
use graphgen::emit::{EmitOptions, Layout};
use graphgen::select::{select, Selection};
use graphgen::{pipeline, Builder, Watch};
use std::path::{Path, PathBuf};

const SELECTED: [&str; 2] = ["intune-enrollment-importedwindowsautopilotdeviceidentity-import", "GET /staffMembers"];

fn workspace() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    copy_tree(&repo_docs(), &docs);
    let out = tmp.path().join("out");
    (tmp, docs, out)
}

fn builder(docs: &Path, out: &Path, operations: &[&str]) -> Builder {
    Builder::new(docs).out_dir(out).cargo_directives(false).operations(operations.iter().copied())
}

/// What a full run of the pipeline generates for `operations`, as `build.rs` would.
fn full_run(docs: &Path, operations: &[&str]) -> String {
    let mut loaded = pipeline::load(docs).unwrap();
    let selection = Selection { operations: operations.iter().map(|s| s.to_string()).collect(), ..Selection::default() };
    loaded.schema = select(&loaded.schema, &selection);
    let options = EmitOptions { crate_name: "graph-sdk".into(), runtime_dependency: String::new(), layout: Layout::SingleFile, features: false, feature_map: None };
    let generated = pipeline::generate(loaded, &options);
    generated.files.files.values().next().unwrap().to_string()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn cached_and_uncached_runs_write_what_a_full_run_selects() {
    let (_tmp, docs, out) = workspace();
    // CARGO_PKG_NAME is this test crate's: the full run names its crate the same.
    std::env::remove_var("CARGO_PKG_NAME");
    let cold = builder(&docs, &out, &SELECTED).generate().unwrap();
    assert_eq!(cold.pages_parsed, cold.pages_total, "a cold cache parses every page");
    let expected = full_run(&docs, &SELECTED);
    assert_eq!(read(&cold.file), expected);

    let warm = builder(&docs, &out, &SELECTED).generate().unwrap();
    assert_eq!(warm.pages_parsed, 0, "nothing changed: nothing is parsed");
    assert!(!warm.written);
    assert_eq!(read(&warm.file), expected);
    assert_eq!(warm.diagnostics, cold.diagnostics, "cached diagnostics are the parsed ones");

    let uncached_out = out.with_file_name("uncached");
    let uncached = builder(&docs, &uncached_out, &SELECTED).cache(false).generate().unwrap();
    assert_eq!(read(&uncached.file), expected);
    assert!(!uncached_out.join("graphgen-cache").exists(), "no cache is kept when it is off");
    assert_eq!(uncached.diagnostics, cold.diagnostics);
}

#[test]
fn an_edit_is_parsed_again_and_nothing_else() {
    let (_tmp, docs, out) = workspace();
    builder(&docs, &out, &SELECTED).generate().unwrap();
    let seed = docs.join("api/intune-enrollment-importedwindowsautopilotdeviceidentity-import.md");
    let text = read(&seed);
    let edited = text.replacen("\n## Prerequisites", "\nA sentence the cache has not seen.\n\n## Prerequisites", 1);
    assert_ne!(edited, text, "the seed page has a Prerequisites section");
    std::fs::write(&seed, &edited).unwrap();
    let after = builder(&docs, &out, &SELECTED).generate().unwrap();
    assert_eq!(after.pages_parsed, 1);
    assert_eq!(read(&after.file), full_run(&docs, &SELECTED));

    // Back to the first text: its entry is still there, nothing is parsed.
    std::fs::write(&seed, &text).unwrap();
    let back = builder(&docs, &out, &SELECTED).generate().unwrap();
    assert_eq!(read(&back.file), full_run(&docs, &SELECTED));
    // The entry of the first version was removed once no manifest named it.
    assert_eq!(back.pages_parsed, 1);
}

#[test]
fn an_edited_include_reparses_the_pages_that_read_it() {
    let (_tmp, docs, out) = workspace();
    let first = builder(&docs, &out, &SELECTED).generate().unwrap();
    let include = docs.join("includes/beta-disclaimer.md");
    std::fs::write(&include, read(&include) + "\nOne more sentence.\n").unwrap();
    let after = builder(&docs, &out, &SELECTED).generate().unwrap();
    let readers = std::fs::read_dir(docs.join("api"))
        .unwrap()
        .chain(std::fs::read_dir(docs.join("resources")).unwrap())
        .filter(|e| read(&e.as_ref().unwrap().path()).contains("beta-disclaimer.md"))
        .count();
    assert!(readers > 0);
    assert_eq!(after.pages_parsed, readers, "exactly the pages that include it");
    assert_eq!(first.pages_total, after.pages_total);
    assert_eq!(read(&after.file), full_run(&docs, &SELECTED));
}

#[test]
fn a_corrupt_or_stale_cache_is_ignored() {
    let (_tmp, docs, out) = workspace();
    let expected = read(&builder(&docs, &out, &SELECTED).generate().unwrap().file);
    let cache = out.join("graphgen-cache");
    // Every entry garbled: each is ignored and its page parsed again.
    let entries: Vec<PathBuf> = std::fs::read_dir(cache.join("pages")).unwrap().map(|e| e.unwrap().path()).collect();
    assert!(!entries.is_empty());
    for entry in &entries {
        std::fs::write(entry, b"{ not json").unwrap();
    }
    let garbled = builder(&docs, &out, &SELECTED).generate().unwrap();
    assert_eq!(garbled.pages_parsed, garbled.pages_total);
    assert_eq!(read(&garbled.file), expected);

    // A manifest from another graphgen version: nothing of it is trusted.
    let manifest = cache.join("manifest.json");
    let text = read(&manifest).replacen(&format!("\"graphgen\":\"{}\"", env!("CARGO_PKG_VERSION")), "\"graphgen\":\"0.0.0-other\"", 1);
    std::fs::write(&manifest, text).unwrap();
    let stale = builder(&docs, &out, &SELECTED).generate().unwrap();
    assert_eq!(read(&stale.file), expected);
    // Its entries are still keyed by this version's content hash: reused, not reparsed.
    assert_eq!(stale.pages_parsed, 0);

    // An entry of another page under this page's key is refused.
    let entries: Vec<PathBuf> = std::fs::read_dir(cache.join("pages")).unwrap().map(|e| e.unwrap().path()).collect();
    let (a, b) = (&entries[0], &entries[1]);
    std::fs::copy(a, b).unwrap();
    std::fs::write(&manifest, "truncated").unwrap();
    let swapped = builder(&docs, &out, &SELECTED).generate().unwrap();
    assert_eq!(swapped.pages_parsed, 1, "the swapped entry's page is parsed again");
    assert_eq!(read(&swapped.file), expected);
}

#[test]
fn cargo_watches_the_pages_that_matter_to_the_selection() {
    let (_tmp, docs, out) = workspace();
    let built = builder(&docs, &out, &SELECTED).generate().unwrap();
    let watched = &built.rerun_if_changed;
    let seed = docs.join("api/intune-enrollment-importedwindowsautopilotdeviceidentity-import.md");
    assert!(watched.contains(&seed));
    assert!(watched.contains(&docs.join("api/staffmember-list.md")));
    assert!(watched.contains(&docs.join("resources/staffmember.md")), "a type page of the closure");
    assert!(watched.contains(&docs.join("includes/beta-disclaimer.md")), "an include of a watched page");
    // A page nothing generated comes from, nor shares a name or endpoint with.
    let outside = docs.join("api/reportroot-getbadgescancounts.md");
    assert!(!watched.contains(&outside));
    assert!(!watched.contains(&docs.join("api")), "a folder would make cargo watch every page in it");
    assert!(built.cargo_directives.lines().all(|l| l.starts_with("cargo:")));

    // Watching everything: every input and the page folders.
    let all = builder(&docs, &out, &SELECTED).watch(Watch::AllPages).generate().unwrap();
    assert!(all.rerun_if_changed.contains(&outside));
    assert!(all.rerun_if_changed.contains(&docs.join("api")));
    assert_eq!(read(&all.file), read(&built.file));
}

#[test]
fn warnings_are_about_what_was_generated_and_bounded() {
    let (_tmp, docs, out) = workspace();
    // Problems in a selected page and in an unrelated one.
    let seed = docs.join("api/intune-enrollment-importedwindowsautopilotdeviceidentity-import.md");
    let text = read(&seed);
    let broken: String = (0..30).map(|i| format!("\n<!-- {{ \"blockType\": broken {i} }} -->\n")).collect();
    std::fs::write(&seed, text + &broken).unwrap();
    let outside = docs.join("api/reportroot-getbadgescancounts.md");
    std::fs::write(&outside, read(&outside) + "\n<!-- { \"blockType\": nope } -->\n").unwrap();

    let built = builder(&docs, &out, &SELECTED).max_warnings(5).generate().unwrap();
    let seed_rel = "api/intune-enrollment-importedwindowsautopilotdeviceidentity-import.md";
    let in_seed = built.scoped_diagnostics.items.iter().filter(|d| d.file == seed_rel).count();
    assert!(in_seed >= 30, "{:?}", built.scoped_diagnostics);
    assert!(built.scoped_diagnostics.items.iter().all(|d| d.file != "api/reportroot-getbadgescancounts.md"));
    assert!(built.diagnostics.items.iter().any(|d| d.file == "api/reportroot-getbadgescancounts.md"));
    let warnings: Vec<&str> = built.cargo_directives.lines().filter(|l| l.starts_with("cargo:warning=")).collect();
    assert_eq!(warnings.len(), 6, "five problems and one line for the rest: {warnings:#?}");
    let more = built.scoped_diagnostics.len() - 5;
    let elsewhere = built.diagnostics.len() - built.scoped_diagnostics.len();
    assert!(warnings[5].contains(&format!("and {more} more problem(s) in what was generated (and {elsewhere} elsewhere in the docs)")), "{}", warnings[5]);
    assert!(warnings[5].contains("graphgen-diagnostics.txt"));

    let listing = read(&out.join(graphgen::DIAGNOSTICS_FILE));
    for d in &built.diagnostics.items {
        assert!(listing.contains(&d.to_string()), "the listing has every problem: {d}");
    }
    assert!(listing.find(seed_rel).unwrap() < listing.find("api/reportroot-getbadgescancounts.md").unwrap(), "what was generated first");
}

/// The real reference: six operations, cold and warm, equal to a full run.
#[test]
fn on_the_reference_cached_runs_equal_a_full_run() {
    let Some(docs) = graphgen::corpus::reference_docs(&fs_support::workspace()) else { return };
    let ops = ["user-get", "user-list", "group-list", "user-list-messages", "user-list-events", "driveitem-get"];
    let tmp = tempfile::tempdir().unwrap();
    std::env::remove_var("CARGO_PKG_NAME");
    let cold = builder(&docs, tmp.path(), &ops).generate().unwrap();
    let warm = builder(&docs, tmp.path(), &ops).generate().unwrap();
    assert_eq!(warm.pages_parsed, 0);
    let expected = full_run(&docs, &ops);
    assert_eq!(read(&cold.file), expected);
    assert_eq!(read(&warm.file), expected);
    assert_eq!(warm.diagnostics, cold.diagnostics);
    assert!(cold.rerun_if_changed.len() < cold.inputs.len() / 10, "{} watched of {}", cold.rerun_if_changed.len(), cold.inputs.len());
}

/// After an edit, the entry of the page's last version goes and every other
/// entry stays; an entry no manifest names (a run killed before writing its
/// manifest leaves one) goes at the next run that finds no usable manifest.
#[test]
fn replaced_and_orphan_entries_are_removed() {
    let (_tmp, docs, out) = workspace();
    builder(&docs, &out, &SELECTED).generate().unwrap();
    let pages = out.join("graphgen-cache/pages");
    let listing = || -> std::collections::BTreeSet<String> {
        std::fs::read_dir(&pages).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect()
    };
    let before = listing();
    let seed = docs.join("api/intune-enrollment-importedwindowsautopilotdeviceidentity-import.md");
    std::fs::write(&seed, read(&seed) + "\nA sentence the cache has not seen.\n").unwrap();
    builder(&docs, &out, &SELECTED).generate().unwrap();
    let after = listing();
    assert_eq!(before.len(), after.len(), "one entry replaced by one");
    assert_eq!(before.difference(&after).count(), 1, "only the edited page's last entry went");

    let orphan = pages.join("00000000000000000000000000000000.json");
    std::fs::write(&orphan, b"{}").unwrap();
    std::fs::write(&seed, read(&seed) + "\nAnother sentence.\n").unwrap();
    builder(&docs, &out, &SELECTED).generate().unwrap();
    assert!(orphan.exists(), "a run with a manifest touches only the entries it replaced");
    std::fs::remove_file(out.join("graphgen-cache/manifest.json")).unwrap();
    let swept = builder(&docs, &out, &SELECTED).generate().unwrap();
    assert_eq!(swept.pages_parsed, 0, "the entries are reused without a manifest");
    assert!(!orphan.exists(), "without a manifest, every entry it does not name goes");
    assert_eq!(listing().len(), after.len());
}

/// What a run without any cache writes and tells cargo (the full path), in
/// its own output folder beside `out`.
fn without_cache(docs: &Path, out: &Path) -> graphgen::BuildOutput {
    builder(docs, &out.with_file_name("without-cache"), &SELECTED).cache(false).generate().unwrap()
}

/// Everything a run writes and tells cargo, bar the output folder's name.
fn assert_same_as_full_path(run: &graphgen::BuildOutput, full: &graphgen::BuildOutput) {
    assert_eq!(read(&run.file), read(&full.file), "the generated file");
    assert_eq!(run.diagnostics, full.diagnostics);
    assert_eq!(run.scoped_diagnostics, full.scoped_diagnostics);
    assert_eq!(run.rerun_if_changed, full.rerun_if_changed);
    assert_eq!(run.inputs, full.inputs);
    let listing = |o: &graphgen::BuildOutput| read(&o.file.with_file_name(graphgen::DIAGNOSTICS_FILE));
    assert_eq!(listing(run), listing(full), "the diagnostics listing");
}

const TYPE_PAGE: &str = "resources/intune-enrollment-importedwindowsautopilotdeviceidentity.md";

fn edit(docs: &Path, page: &str, from: &str, to: &str) {
    let path = docs.join(page);
    let text = read(&path);
    assert!(text.contains(from), "{page} has {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// Issue 15: an edit of a used page that changes no cross-page fact (a
/// description reworded, a sentence added) resolves only the selection's
/// pages, and writes and tells cargo exactly what a full run does; an edit
/// that changes one (a property renamed, a "Possible values" list added to
/// a description, a line added above a table) takes the full path, which
/// records the outcome the next fast run starts from.
#[test]
fn an_edit_that_changes_no_cross_page_fact_resolves_only_the_selection() {
    let (_tmp, docs, out) = workspace();
    std::env::remove_var("CARGO_PKG_NAME");
    let cold = builder(&docs, &out, &SELECTED).generate().unwrap();
    assert!(!cold.reused_outcome, "a cold run resolves everything");
    assert!(out.join("graphgen-cache/outcome.json").exists(), "the selection's subset resolves alone: its outcome is kept");

    // A description reworded: the fast path, and the new words are generated.
    edit(&docs, TYPE_PAGE, "Serial number reported by the device manufacturer.", "Serial number the manufacturer printed on the device.");
    let reworded = builder(&docs, &out, &SELECTED).generate().unwrap();
    assert!(reworded.reused_outcome, "a reworded description changes no cross-page fact");
    assert_eq!(reworded.pages_parsed, 1);
    assert!(read(&reworded.file).contains("Serial number the manufacturer printed on the device."));
    assert_same_as_full_path(&reworded, &without_cache(&docs, &out));

    // A sentence appended to the operation's page.
    let op_page = "api/intune-enrollment-importedwindowsautopilotdeviceidentity-import.md";
    std::fs::write(docs.join(op_page), read(&docs.join(op_page)) + "\nA sentence added at the end.\n").unwrap();
    let appended = builder(&docs, &out, &SELECTED).generate().unwrap();
    assert!(appended.reused_outcome);
    assert_same_as_full_path(&appended, &without_cache(&docs, &out));

    // Cross-page facts: each takes the full path, and equals it.
    let renamed = ("|productKey|String|", "|productKeyText|String|");
    let listed = ("Where the device is in the registration process.", "Where the device is in the registration process. Possible values are: `unknown`, `pending`.");
    let moved = ("## Properties\n", "## Properties\nThe properties of the record.\n\n");
    for (from, to) in [renamed, listed, moved] {
        edit(&docs, TYPE_PAGE, from, to);
        let structural = builder(&docs, &out, &SELECTED).generate().unwrap();
        assert!(!structural.reused_outcome, "{to:?} changes a cross-page fact");
        assert_same_as_full_path(&structural, &without_cache(&docs, &out));
    }
    assert!(read(&without_cache(&docs, &out).file).contains("productKeyText"), "the renamed property is generated");

    // And from the outcome the full path recorded, a reworded description is fast again.
    edit(&docs, TYPE_PAGE, "Free-form tag that administrators use", "A free-form tag administrators use");
    let again = builder(&docs, &out, &SELECTED).generate().unwrap();
    assert!(again.reused_outcome);
    assert_same_as_full_path(&again, &without_cache(&docs, &out));
}

/// A page added (or removed) takes the full path: the subset cannot say
/// whether the new page describes a selected item.
#[test]
fn a_page_added_or_removed_takes_the_full_path() {
    let (_tmp, docs, out) = workspace();
    std::env::remove_var("CARGO_PKG_NAME");
    builder(&docs, &out, &SELECTED).generate().unwrap();
    let copy = docs.join("resources/a-copy-of-the-type-page.md");
    std::fs::copy(docs.join(TYPE_PAGE), &copy).unwrap();
    let added = builder(&docs, &out, &SELECTED).generate().unwrap();
    assert!(!added.reused_outcome);
    assert_same_as_full_path(&added, &without_cache(&docs, &out));
    std::fs::remove_file(&copy).unwrap();
    let removed = builder(&docs, &out, &SELECTED).generate().unwrap();
    assert!(!removed.reused_outcome);
    assert_same_as_full_path(&removed, &without_cache(&docs, &out));
}

/// The same on the real reference, with the bench's six operations: a
/// reworded description (of an operation and of a property of a selected
/// type) and a sentence added take the fast path, a property renamed takes
/// the full one; each run writes and tells cargo what a run without the
/// cache does.
#[test]
fn on_the_reference_an_edit_of_a_used_page_equals_a_full_run() {
    let Some(corpus) = graphgen::corpus::reference_docs(&fs_support::workspace()) else { return };
    let ops = ["user-get", "user-list", "group-list", "user-list-messages", "user-list-events", "driveitem-get"];
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("beta");
    copy_tree(&corpus, &docs);
    let out = tmp.path().join("out");
    std::env::remove_var("CARGO_PKG_NAME");
    let run = |cache: bool| {
        let out = if cache { out.clone() } else { out.with_file_name("without-cache") };
        Builder::new(&docs).out_dir(out).cargo_directives(false).operations(ops).cache(cache).generate().unwrap()
    };
    assert!(!run(true).reused_outcome);
    let reworded_op = ("of user object.\n\nThis operation", "of a user object.\n\nThis operation");
    let reworded_property = ("A freeform text entry field for the user to describe themselves.", "Free text in which the user describes themselves.");
    let renamed = ("| aboutMe | String |", "| aboutMeText | String |");
    for (page, (from, to), fast) in
        [("api/user-get.md", reworded_op, true), ("resources/user.md", reworded_property, true), ("resources/user.md", renamed, false)]
    {
        edit(&docs, page, from, to);
        let cached = run(true);
        assert_eq!(cached.reused_outcome, fast, "{page}: {to:?}");
        assert_same_as_full_path(&cached, &run(false));
    }
    std::fs::write(docs.join("api/user-get.md"), read(&docs.join("api/user-get.md")) + "\nA sentence added at the end.\n").unwrap();
    let appended = run(true);
    assert!(appended.reused_outcome);
    assert_eq!(appended.pages_parsed, 1);
    assert_same_as_full_path(&appended, &run(false));
    assert!(read(&appended.file).contains("Free text in which the user describes themselves."));
}

/// Two builds sharing one cache folder: a run of the other one (without a
/// selection) after an edit moves the manifest on, so the selection's
/// outcome (which speaks for the pages before the edit) must not be used
/// after it.
#[test]
fn an_outcome_never_speaks_for_pages_newer_than_it() {
    let (_tmp, docs, out) = workspace();
    std::env::remove_var("CARGO_PKG_NAME");
    let cache = out.with_file_name("shared-cache");
    let first = |docs: &Path| builder(docs, &out, &SELECTED).cache_dir(&cache).generate().unwrap();
    first(&docs);
    edit(&docs, TYPE_PAGE, "|productKey|String|", "|productKeyText|String|");
    // Without a selection: a run that keeps no outcome of its own.
    let other = Builder::new(&docs).out_dir(out.with_file_name("other")).cargo_directives(false).cache_dir(&cache).generate().unwrap();
    assert!(!other.reused_outcome);
    let again = first(&docs);
    assert!(!again.reused_outcome, "the first selection's outcome went with the manifest it spoke for");
    assert!(read(&again.file).contains("productKeyText"));
    assert_same_as_full_path(&again, &without_cache(&docs, &out));
}
