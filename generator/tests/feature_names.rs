//! Cargo feature names survive docs updates (issue 15, item 4).
//!
//! `tests/diff/features/` mirrors what happened to the reference: the old
//! pages name their workloads with `ms.prod` (`users`, `microsoft-teams`),
//! the new ones with `ms.subservice` (`entra-users`, `teams`), one page
//! carries both keys, one page is not migrated yet (still
//! `ms.prod: microsoft-teams`, splitting the huddle resource in the new
//! docs), and one page is new. The crate generated from the old pages
//! records what each feature compiled (`graphgen-features.json`); generated
//! again from the new pages with that record, the old names still compile
//! everything they did.

mod fs_support;

use fs_support::{cargo, runtime_dependency, write_files};
use graphgen::emit::feature_map::{FeatureMap, Members, FILE};
use graphgen::emit::{emit, EmitOptions, GeneratedFiles, Layout};
use graphgen::pipeline;
use graphgen::schema::Schema;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

fn pages(side: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diff/features").join(side)
}

fn load(dir: &Path) -> Schema {
    pipeline::load(dir).expect("the pages load").schema
}

fn generate(schema: &Schema, previous: Option<FeatureMap>) -> GeneratedFiles {
    let options = EmitOptions {
        crate_name: "renamed-sdk".into(),
        runtime_dependency: runtime_dependency(),
        layout: Layout::Crate,
        features: true,
        feature_map: previous.map(Arc::new),
    };
    emit(schema, &options).0
}

fn map_of(files: &GeneratedFiles) -> FeatureMap {
    FeatureMap::from_json(&files.files[FILE]).expect("the written map reads back")
}

/// The features a generated item is compiled under, from its `cfg` line.
fn gate_of(text: &str, item: &str) -> String {
    let at = text.find(item).unwrap_or_else(|| panic!("`{item}` is generated:\n{text}"));
    let cfg = text[..at].rfind("#[cfg(").expect("the item is gated");
    text[cfg..at].lines().next().unwrap().to_owned()
}

#[test]
fn either_front_matter_key_gives_the_same_features() {
    // The new pages with every `ms.subservice` written as `ms.prod` (and the
    // page carrying both keys keeping only the newer value).
    let dir = tempfile::tempdir().unwrap();
    for folder in ["api", "resources"] {
        std::fs::create_dir_all(dir.path().join(folder)).unwrap();
        for entry in std::fs::read_dir(pages("new").join(folder)).unwrap() {
            let entry = entry.unwrap();
            let text = std::fs::read_to_string(entry.path()).unwrap();
            let prod_only: String = if text.contains("ms.subservice:") {
                text.lines().filter(|l| !l.starts_with("ms.prod:")).map(|l| format!("{}\n", l.replace("ms.subservice:", "ms.prod:"))).collect()
            } else {
                text
            };
            std::fs::write(dir.path().join(folder).join(entry.file_name()), prod_only).unwrap();
        }
    }
    let with_subservice = FeatureMap::of_schema(&load(&pages("new")));
    let with_prod = FeatureMap::of_schema(&load(dir.path()));
    assert_eq!(with_subservice, with_prod);
    let names: BTreeSet<&str> = with_prod.features.keys().map(String::as_str).collect();
    assert_eq!(names, BTreeSet::from(["entra-users", "microsoft-teams", "non-product-specific", "teams"]));
    // The page with both keys is named by the newer one.
    assert!(with_subservice.features["entra-users"].endpoints.contains("GET /members"), "{with_subservice:#?}");
}

#[test]
fn a_renamed_workload_keeps_its_old_name() {
    let old = generate(&load(&pages("old")), None);
    let recorded = map_of(&old);
    assert!(recorded.features["users"].types.contains("microsoft.graph.member"), "{recorded:#?}");
    let new_schema = load(&pages("new"));

    // Without the record, the old names are simply gone.
    let fresh = generate(&new_schema, None);
    let manifest = &fresh.files["Cargo.toml"];
    assert!(!manifest.contains("\nusers =") && manifest.contains("\nentra-users = []"), "{manifest}");

    // With it: `users` (no longer a workload) turns on what now holds its items...
    let new = generate(&new_schema, Some(recorded.clone()));
    let manifest = &new.files["Cargo.toml"];
    assert!(manifest.contains("\nusers = [\"entra-users\"]\n"), "{manifest}");
    assert!(manifest.contains("full = [\"entra-users\", \"microsoft-teams\", \"non-product-specific\", \"teams\"]"), "{manifest}");
    // ...and `microsoft-teams` (still a workload: one page was not migrated)
    // keeps compiling the huddle type and the list, which moved to `teams`:
    // the resource is not split away from the name users enabled.
    let huddle = &new.files["src/models/huddle.rs"];
    assert_eq!(gate_of(huddle, "pub struct Huddle"), "#[cfg(any(feature = \"microsoft-teams\", feature = \"teams\"))]");
    let builders = &new.files["src/requests/huddles/mod.rs"];
    assert_eq!(gate_of(builders, "pub struct HuddlesRequestBuilder"), "#[cfg(any(feature = \"microsoft-teams\", feature = \"teams\"))]");
    // The new page's operation is under the new name only (the alias turns it on).
    let members = &new.files["src/requests/members/item.rs"];
    assert!(members.contains("pub fn delete("), "{members}");

    // The record grows: old entries stay, new ones are added.
    let grown = map_of(&new);
    assert_eq!(grown.features["users"], recorded.features["users"]);
    assert!(grown.features["entra-users"].endpoints.contains("DELETE /members/{}"));
    assert_eq!(grown.features["microsoft-teams"], recorded.features["microsoft-teams"]);

    // Generating again with the grown record changes nothing.
    assert_eq!(generate(&new_schema, Some(grown)).files, new.files);
}

#[test]
fn a_name_the_map_records_for_items_no_longer_there_stays_defined() {
    let mut recorded = map_of(&generate(&load(&pages("old")), None));
    let gone = Members { types: BTreeSet::from(["microsoft.graph.gone".to_owned()]), endpoints: BTreeSet::new() };
    recorded.features.insert("retired".into(), gone);
    let new = generate(&load(&pages("new")), Some(recorded));
    // Cargo still resolves `features = ["retired"]`; it compiles nothing.
    assert!(new.files["Cargo.toml"].contains("\nretired = []\n"), "{}", new.files["Cargo.toml"]);
}

/// Code written against the old crate, enabling only the old names.
const APP: &str = r#"
pub fn calls(client: renamed_sdk::GraphClient) {
    let _ = client.members().list();
    let _ = client.members().by_id("m-1").get();
    let _ = client.members().by_id("m-1").delete();
    let _ = client.huddles().list();
    let _ = client.huddles().by_id("h-1").get();
}

pub fn models() -> (renamed_sdk::models::Member, renamed_sdk::models::Huddle) {
    (Default::default(), Default::default())
}
"#;

#[test]
fn code_enabling_the_old_names_compiles_against_the_new_crate() {
    let old = generate(&load(&pages("old")), None);
    let new = generate(&load(&pages("new")), Some(map_of(&old)));
    let dir = tempfile::tempdir().unwrap();
    let sdk = dir.path().join("sdk");
    write_files(&sdk, &new.files);

    // Cargo reads the alias as a feature of the crate.
    let output = Command::new(env!("CARGO"))
        .args(["metadata", "--no-deps", "--format-version", "1", "--offline"])
        .current_dir(&sdk)
        .output()
        .expect("run cargo metadata");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let features = &metadata["packages"][0]["features"];
    assert_eq!(features["users"], serde_json::json!(["entra-users"]), "{features}");
    assert_eq!(features["microsoft-teams"], serde_json::json!([]), "{features}");

    let app = dir.path().join("app");
    let manifest = format!(
        "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\nrenamed-sdk = {{ path = {:?}, default-features = false, features = [\"users\", \"microsoft-teams\"] }}\n",
        sdk.display().to_string()
    );
    let files = [("Cargo.toml".to_owned(), manifest), ("src/lib.rs".to_owned(), APP.to_owned())].into_iter().collect();
    write_files(&app, &files);
    cargo(&app, &["check"]);
}

/// A watch session with a features map gives what a full run with that map
/// gives, after an edit that keeps every item in its workloads (the record
/// is reused) and after one that moves a page to another workload.
#[test]
fn a_session_with_a_features_map_matches_a_full_run() {
    let recorded = map_of(&generate(&load(&pages("old")), None));
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    fs_support::copy_tree(&pages("new"), &docs);
    let options = EmitOptions {
        crate_name: "renamed-sdk".into(),
        runtime_dependency: runtime_dependency(),
        layout: Layout::Crate,
        features: true,
        feature_map: Some(Arc::new(recorded)),
    };
    let mut session = graphgen::incremental::Session::new(&docs, options.clone());
    let mut check = |what: &str| {
        let regenerated = session.generate().unwrap().files.files.clone();
        let full = pipeline::generate(pipeline::load(&docs).unwrap(), &options).files.files;
        assert!(regenerated == full, "{what}: the session differs from a full run");
        full
    };
    check("first run");
    let edit = |page: &str, from: &str, to: &str, tick: u64| {
        let path = docs.join(page);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{page}: {from}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
        let file = std::fs::File::options().write(true).open(&path).unwrap();
        file.set_modified(std::time::SystemTime::now() + std::time::Duration::from_secs(tick)).unwrap();
    };
    edit("resources/huddle.md", "What the huddle is about.", "The subject of the huddle.", 1);
    check("a description");
    edit("api/huddle-get.md", "ms.prod: \"microsoft-teams\"", "ms.subservice: \"teams\"", 2);
    let files = check("the last page migrated");
    // `microsoft-teams` is no longer a workload: an alias of `teams`.
    assert!(files["Cargo.toml"].contains("\nmicrosoft-teams = [\"teams\"]\n"), "{}", files["Cargo.toml"]);
}
