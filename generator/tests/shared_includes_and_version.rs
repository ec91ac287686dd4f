//! Includes above the version folder (issue 15, item 6) and the API version
//! read from the docs (item 7), on hand-made references in temp folders:
//! `ref/beta/` (a copy of `docs/`) beside `ref/includes/` (shared notices).

mod fs_support;

use fs_support::{copy_tree, repo_docs};
use graphgen::diagnostics::DiagnosticKind;
use graphgen::docs_files::IncludeRoot;
use graphgen::pipeline::{self, LoadOptions};
use std::path::{Path, PathBuf};

const SHARED_NOTICE: &str = "A notice shared by every API version.";

/// `ref/<version>/` holding a copy of `docs/` whose seed page includes
/// `../../includes/shared-notice.md`, and `ref/includes/shared-notice.md`.
fn reference(version: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("ref").join(version);
    copy_tree(&repo_docs(), &docs);
    std::fs::create_dir_all(tmp.path().join("ref/includes")).unwrap();
    std::fs::write(tmp.path().join("ref/includes/shared-notice.md"), format!("{SHARED_NOTICE}\n")).unwrap();
    let page = docs.join("api/staffmember-get.md");
    let text = std::fs::read_to_string(&page).unwrap();
    let with_include = text.replacen("\n## HTTP request", "\n[!INCLUDE [shared](../../includes/shared-notice.md)]\n\n## HTTP request", 1);
    assert_ne!(text, with_include);
    std::fs::write(&page, with_include).unwrap();
    (tmp, docs)
}

fn missing_includes(loaded: &pipeline::Loaded) -> Vec<String> {
    loaded.diagnostics.of_kind(DiagnosticKind::MissingInclude).map(|d| d.to_string()).collect()
}

fn load(docs: &Path, include_root: IncludeRoot) -> std::io::Result<pipeline::Loaded> {
    pipeline::load_with(docs, &LoadOptions { include_root, api_version: None })
}

#[test]
fn shared_includes_beside_the_docs_folder_are_found_and_followed() {
    let (_tmp, docs) = reference("beta");
    let loaded = load(&docs, IncludeRoot::Find).unwrap();
    assert_eq!(missing_includes(&loaded), Vec::<String>::new());
    assert!(loaded.inputs.contains(&"../includes/shared-notice.md".to_string()), "{:?}", loaded.inputs);
    // The notice became part of the page: the operation's description or docs cite it.
    let built = graphgen::Builder::new(&docs).out_dir(docs.parent().unwrap().join("out")).cargo_directives(false).operations(["staffmember-get"]).generate().unwrap();
    assert!(built.rerun_if_changed.iter().any(|p| p.ends_with("includes/shared-notice.md")), "the shared include is watched");
}

#[test]
fn without_an_include_root_they_are_reported_not_read() {
    let (_tmp, docs) = reference("beta");
    let loaded = load(&docs, IncludeRoot::None).unwrap();
    let missing = missing_includes(&loaded);
    assert_eq!(missing.len(), 1, "{missing:?}");
    assert!(missing[0].contains("api/staffmember-get.md") && missing[0].contains("outside the docs folder"), "{}", missing[0]);
    assert!(!loaded.inputs.iter().any(|p| p.contains("shared-notice")));
}

#[test]
fn a_given_root_must_hold_the_docs_and_bounds_what_is_read() {
    let (tmp, docs) = reference("beta");
    // Given: the reference root. The shared include is followed.
    let loaded = load(&docs, IncludeRoot::Given(tmp.path().join("ref"))).unwrap();
    assert_eq!(missing_includes(&loaded), Vec::<String>::new());
    // A root that does not hold the docs folder is an error.
    let elsewhere = tempfile::tempdir().unwrap();
    let err = load(&docs, IncludeRoot::Given(elsewhere.path().to_path_buf())).err().expect("refused");
    assert!(err.to_string().contains("does not hold the docs folder"), "{err}");
    // Given the docs folder itself: nothing above it is read.
    let loaded = load(&docs, IncludeRoot::Given(docs.clone())).unwrap();
    assert_eq!(missing_includes(&loaded).len(), 1);
}

#[test]
fn found_includes_stay_inside_the_shared_folder() {
    let (tmp, docs) = reference("beta");
    // A file beside the docs folder but outside `includes/`, and a link in
    // `includes/` that leads out of it: neither is read.
    std::fs::write(tmp.path().join("ref/secret.md"), "A secret above the docs.\n").unwrap();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("elsewhere.md"), "Outside everything.\n").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(outside.path().join("elsewhere.md"), tmp.path().join("ref/includes/link.md")).unwrap();
    let page = docs.join("api/staffmember-list.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text + "\n[!INCLUDE [a](../../secret.md)]\n\n[!INCLUDE [b](../../includes/link.md)]\n\n[!INCLUDE [c](../../includes/../secret.md)]\n").unwrap();
    let loaded = load(&docs, IncludeRoot::Find).unwrap();
    let missing = missing_includes(&loaded);
    assert!(missing.iter().any(|m| m.contains("../../secret.md") && m.contains("outside the include root")), "{missing:#?}");
    #[cfg(unix)]
    assert!(missing.iter().any(|m| m.contains("../../includes/link.md") && m.contains("symbolic link")), "{missing:#?}");
    assert!(!loaded.inputs.iter().any(|p| p.contains("secret") || p.contains("link.md")), "{:?}", loaded.inputs);
    let schema_text = serde_json::to_string(&loaded.schema).unwrap();
    assert!(!schema_text.contains("A secret above the docs") && !schema_text.contains("Outside everything"));
}

/// Every absolute example URL of `docs` rewritten to `version`.
fn rewrite_examples(docs: &Path, version: &str) {
    for folder in ["api", "resources"] {
        for entry in std::fs::read_dir(docs.join(folder)).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            std::fs::write(&path, text.replace("https://graph.microsoft.com/beta/", &format!("https://graph.microsoft.com/{version}/"))).unwrap();
        }
    }
}

fn generated_lib(docs: &Path, version: Option<&str>) -> String {
    let mut builder = graphgen::Builder::new(docs).out_dir(docs.parent().unwrap().join("out-version")).cargo_directives(false);
    if let Some(v) = version {
        builder = builder.api_version(v);
    }
    std::fs::read_to_string(builder.generate().unwrap().file).unwrap()
}

#[test]
fn the_client_defaults_to_the_version_the_examples_call() {
    // The folder is named neither `beta` nor `v1.0`: the examples decide.
    let (_tmp, docs) = reference("some-checkout");
    let beta = pipeline::load(&docs).unwrap();
    assert_eq!(beta.schema.api_version.as_deref(), Some("beta"));
    assert!(generated_lib(&docs, None).contains("ApiVersion::Beta"));

    rewrite_examples(&docs, "v1.0");
    let v1 = pipeline::load(&docs).unwrap();
    assert_eq!(v1.schema.api_version.as_deref(), Some("v1.0"));
    assert_eq!(v1.diagnostics.of_kind(DiagnosticKind::ApiVersion).count(), 0);
    let lib = generated_lib(&docs, None);
    assert!(lib.contains("pub const API_VERSION: graphgen_runtime::ApiVersion = graphgen_runtime::ApiVersion::V1_0"), "{}", &lib[..2000.min(lib.len())]);
    assert!(lib.contains("pub fn client_builder()"));
    // The override wins.
    assert!(generated_lib(&docs, Some("beta")).contains("ApiVersion::Beta"));
}

#[test]
fn the_examples_outvote_the_folder_name_and_a_split_is_reported() {
    // Folder `beta`, examples calling v1.0: the examples win, with a note.
    let (_tmp, docs) = reference("beta");
    rewrite_examples(&docs, "v1.0");
    let loaded = pipeline::load(&docs).unwrap();
    assert_eq!(loaded.schema.api_version.as_deref(), Some("v1.0"));
    let notes: Vec<String> = loaded.diagnostics.of_kind(DiagnosticKind::ApiVersion).map(|d| d.to_string()).collect();
    assert!(notes.iter().any(|n| n.contains("named `beta`")), "{notes:?}");

    // Half the pages call beta, half v1.0: unclear, so no default is stated.
    let (_tmp2, split) = reference("docs");
    let pages: Vec<PathBuf> = std::fs::read_dir(split.join("api")).unwrap().map(|e| e.unwrap().path()).collect();
    for page in pages.iter().step_by(2) {
        let text = std::fs::read_to_string(page).unwrap();
        std::fs::write(page, text.replace("https://graph.microsoft.com/beta/", "https://graph.microsoft.com/v1.0/")).unwrap();
    }
    let loaded = pipeline::load(&split).unwrap();
    assert_eq!(loaded.schema.api_version, None);
    assert!(loaded.diagnostics.of_kind(DiagnosticKind::ApiVersion).any(|d| d.message.contains("unclear")));
    assert!(!generated_lib(&split, None).contains("API_VERSION"));
}

#[test]
fn without_versioned_examples_the_folder_name_decides() {
    let (_tmp, docs) = reference("v1.0");
    for folder in ["api", "resources"] {
        for entry in std::fs::read_dir(docs.join(folder)).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            std::fs::write(&path, text.replace("https://graph.microsoft.com/beta/", "/")).unwrap();
        }
    }
    assert_eq!(pipeline::load(&docs).unwrap().schema.api_version.as_deref(), Some("v1.0"));
}
