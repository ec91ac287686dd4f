//! The `build.rs` path across rebuilds: unchanged docs leave the output file
//! alone (same bytes, same mtime, so cargo recompiles nothing), a docs change
//! rewrites it only when the selected output changes, and cargo is told to
//! watch exactly the files that were read.
//!
//! Each test works on a private copy of the repository's `docs/`, so it can
//! edit pages and add includes without touching the tree.

mod fs_support;

use fs_support::{copy_tree, repo_docs};
use graphgen::{BuildError, Builder, Watch, OUTPUT_FILE};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// The seed action plus one list operation, as an application would pick them.
const SELECTED: [&str; 2] = [
    "intune-enrollment-importedwindowsautopilotdeviceidentity-import",
    "GET /staffMembers",
];

/// A temp folder with `docs/` (a copy of the repository's) and an empty `out/`.
fn workspace() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    copy_tree(&repo_docs(), &docs);
    let out = tmp.path().join("out");
    (tmp, docs, out)
}

fn builder(docs: &Path, out: &Path) -> Builder {
    Builder::new(docs).out_dir(out).cargo_directives(false).operations(SELECTED)
}

fn mtime(path: &Path) -> SystemTime {
    std::fs::metadata(path).unwrap().modified().unwrap()
}

/// Pretend the output was written long ago, so any rewrite shows in the mtime
/// whatever the file system's timestamp resolution.
fn age(path: &Path) -> SystemTime {
    let old = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
    std::fs::File::options().write(true).open(path).unwrap().set_modified(old).unwrap();
    assert_eq!(mtime(path), old);
    old
}

#[test]
fn unchanged_docs_do_not_rewrite_the_output() {
    let (_tmp, docs, out) = workspace();
    let first = builder(&docs, &out).generate().unwrap();
    assert!(first.written, "the first run writes the file");
    assert_eq!(first.file, out.join(OUTPUT_FILE));
    let bytes = std::fs::read(&first.file).unwrap();
    assert!(!bytes.is_empty());
    let old = age(&first.file);

    let second = builder(&docs, &out).generate().unwrap();
    assert!(!second.written, "unchanged docs: nothing is written");
    assert_eq!(mtime(&second.file), old, "the mtime cargo compares is untouched");
    assert_eq!(std::fs::read(&second.file).unwrap(), bytes);
    assert_eq!(second.inputs, first.inputs);
    assert_eq!(second.rerun_if_changed, first.rerun_if_changed);
}

#[test]
fn a_docs_change_rewrites_only_when_the_selected_output_changes() {
    let (_tmp, docs, out) = workspace();
    let first = builder(&docs, &out).generate().unwrap();
    let before = std::fs::read_to_string(&first.file).unwrap();
    let old = age(&first.file);

    // A page that is read (every page is) but outside the selection's closure:
    // the build script would rerun, yet the crate keeps its file and mtime.
    let outside = docs.join("api/reportroot-getbadgescancounts.md");
    std::fs::write(&outside, std::fs::read_to_string(&outside).unwrap() + "\nAn extra closing paragraph.\n").unwrap();
    let unrelated = builder(&docs, &out).generate().unwrap();
    assert!(unrelated.inputs.iter().any(|p| p == &outside), "the page is still an input");
    assert!(!unrelated.written);
    assert_eq!(mtime(&unrelated.file), old);

    // The seed page's description (front matter and first paragraph say the
    // same) becomes the doc comment of its request method.
    let seed = docs.join("api/intune-enrollment-importedwindowsautopilotdeviceidentity-import.md");
    let text = std::fs::read_to_string(&seed).unwrap();
    let description = text
        .lines()
        .find_map(|l| l.strip_prefix("description:"))
        .map(|v| v.trim().trim_matches('"').to_string())
        .filter(|v| !v.is_empty())
        .expect("the seed page has a front matter description");
    std::fs::write(&seed, text.replace(&description, "Bulk-import device identities (edited description).")).unwrap();
    let changed = builder(&docs, &out).generate().unwrap();
    assert!(changed.written, "a change to a selected page rewrites the file");
    let after = std::fs::read_to_string(&changed.file).unwrap();
    assert_ne!(after, before);
    assert!(after.contains("edited description"));
    assert_ne!(mtime(&changed.file), old);
}

/// Every page under the page folders, absolute, as the builder names them.
fn pages_of(docs: &Path) -> BTreeSet<PathBuf> {
    graphgen::corpus::list_pages(docs).unwrap().into_iter().map(|p| docs.join(p)).collect()
}

#[test]
fn cargo_watches_exactly_the_pages_and_includes_read() {
    let (_tmp, docs, out) = workspace();
    // An include nobody references, and a new one that a page does reference.
    std::fs::write(docs.join("includes/never-referenced.md"), "Not used by any page.\n").unwrap();
    std::fs::write(docs.join("includes/extra-note.md"), "A note shared by pages.\n").unwrap();
    let page = docs.join("api/staffmember-list.md");
    std::fs::write(&page, std::fs::read_to_string(&page).unwrap() + "\n[!INCLUDE [extra-note](../includes/extra-note.md)]\n").unwrap();

    // Watching every page (the selection's own watch list is tested in build_cache.rs).
    let built = builder(&docs, &out).watch(Watch::AllPages).generate().unwrap();
    let inputs: BTreeSet<PathBuf> = built.inputs.iter().cloned().collect();
    assert_eq!(inputs.len(), built.inputs.len(), "no input is listed twice");

    let pages = pages_of(&docs);
    assert!(pages.is_subset(&inputs), "every page is read, selected or not");
    let includes: BTreeSet<PathBuf> = inputs.difference(&pages).cloned().collect();
    assert!(includes.contains(&docs.join("includes/extra-note.md")), "{includes:?}");
    assert!(includes.contains(&docs.join("includes/beta-disclaimer.md")), "{includes:?}");
    assert!(!inputs.contains(&docs.join("includes/never-referenced.md")), "an unread include is not watched");
    assert!(!inputs.contains(&docs.join("README.md")), "files outside the page folders are not read");
    for include in &includes {
        assert!(include.starts_with(docs.join("includes")), "only includes besides pages: {}", include.display());
        assert!(include.is_file(), "{}", include.display());
        // Read because some page (or include) names it.
        let name = include.file_name().unwrap().to_str().unwrap();
        let named = inputs.iter().any(|other| other != include && std::fs::read_to_string(other).unwrap().contains(name));
        assert!(named, "{} is watched but nothing includes it", include.display());
    }

    // The directives: those inputs, then the page folders (for added pages).
    let folders = [docs.join("api"), docs.join("resources")];
    let expected: Vec<PathBuf> = built.inputs.iter().cloned().chain(folders).collect();
    assert_eq!(built.rerun_if_changed, expected);
}

#[test]
fn a_missing_docs_folder_is_an_error_not_a_panic() {
    let tmp = tempfile::tempdir().unwrap();
    let result = builder(&tmp.path().join("no-such-docs"), &tmp.path().join("out")).generate();
    assert!(matches!(result, Err(BuildError::Docs(_))), "{result:?}");
    assert!(!tmp.path().join("out").join(OUTPUT_FILE).exists());
}
