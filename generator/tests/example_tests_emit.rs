//! The example-request tests (`emit::example_tests`): one test per example
//! the conformance model reproduces, the rest listed with the model's cause;
//! the emitted tests compile and pass against the SDK emitted from the same
//! docs, and fail where the model accepts an example the builders do not
//! reproduce (the cross-check they exist for).

mod fs_support;

use fs_support::{copy_tree, repo_docs, runtime_dependency, workspace, write_files};
use graphgen::conformance::check_schema;
use graphgen::emit::example_tests::{emit, ExampleTests};
use graphgen::emit::{EmitOptions, Layout};
use graphgen::pipeline;
use graphgen::schema::ExampleDirection;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};

fn load(docs: &Path) -> graphgen::schema::Schema {
    pipeline::load(docs).expect("docs load").schema
}

#[test]
fn one_test_per_reproduced_example_and_the_rest_listed_with_a_cause() {
    let schema = load(&repo_docs());
    let made = emit(&schema);
    let model = check_schema(&schema);
    let requests: usize = schema
        .operations
        .iter()
        .flat_map(|op| op.examples.iter())
        .filter(|e| e.direction == ExampleDirection::Request)
        .count();
    assert!(made.tested > 0, "docs/ has example requests");
    assert_eq!(made.tested, model.requests_reproduced.count, "a test for every example the model reproduces");
    assert_eq!(made.tested + made.skipped.len(), requests, "every example request is tested or listed");
    assert_eq!(made.text.matches("#[test]").count(), made.tested + made.responses_tested);
    // Every example response the model round-trips is decoded through the types.
    assert_eq!(made.responses_tested, model.responses_round_trip.count, "{:?}", made.responses_skipped);
    // Deterministic, byte for byte.
    assert_eq!(made, emit(&schema));
}

#[test]
fn the_seed_example_walks_the_builder_chain_with_its_body() {
    let made = emit(&load(&repo_docs()));
    let compact: String = made.text.split_whitespace().collect();
    assert!(
        compact.contains(".device_management().imported_windows_autopilot_device_identities().import(&body).to_request()"),
        "seed chain missing:\n{}",
        made.text
    );
    assert!(compact.contains("method:\"POST\""));
    assert!(compact.contains("path:\"/deviceManagement/importedWindowsAutopilotDeviceIdentities/import\""));
}

#[test]
fn keys_arguments_and_query_options_come_from_the_example() {
    let made = emit(&load(&repo_docs()));
    let compact: String = made.text.split_whitespace().collect();
    // A key step with the example's id, a function argument, typed options.
    assert!(compact.contains(".by_id(\""), "{}", made.text);
    assert!(compact.contains("(weeks=2)"), "{}", made.text);
    assert!(compact.contains(".select([\"id\",\"displayName\",\"jobTitle\"])"), "{}", made.text);
    assert!(compact.contains(".orderby([\"expiresDateTime\"])"), "{}", made.text);
    // `$expand` items keep their nested options whole.
    assert!(compact.contains(".expand([\"manager($select=id,displayName)\"])"), "{}", made.text);
}

/// A copy of `docs/` with `edit` applied to one page's text.
fn edited_docs(dir: &Path, page: &str, edit: impl Fn(&str) -> String) -> std::path::PathBuf {
    let docs = dir.join("docs");
    copy_tree(&repo_docs(), &docs);
    let path = docs.join(page);
    let text = std::fs::read_to_string(&path).unwrap();
    let edited = edit(&text);
    assert_ne!(edited, text, "the edit applies to {page}");
    std::fs::write(&path, edited).unwrap();
    docs
}

#[test]
fn an_example_the_model_rejects_is_listed_with_its_cause_not_tested() {
    let dir = tempfile::tempdir().unwrap();
    let page = "api/staffmember-delete.md";
    let docs = edited_docs(dir.path(), page, |t| t.replacen("DELETE https://graph.microsoft.com", "GET https://graph.microsoft.com", 1));
    let before = emit(&load(&repo_docs()));
    let after = emit(&load(&docs));
    assert_eq!(after.tested + 1, before.tested);
    let listed: Vec<&String> = after.skipped.iter().filter(|s| s.starts_with(page)).collect();
    assert_eq!(listed.len(), 1, "{:?}", after.skipped);
    assert!(listed[0].contains("method differs"), "{}", listed[0]);
    assert!(after.text.contains(page), "the module doc lists it");
}

/// The emitted SDK (one file) and the emitted example tests in a scratch crate.
fn run_examples(dir: &Path, schema: &graphgen::schema::Schema) -> (ExampleTests, Output) {
    let options = EmitOptions {
        crate_name: "examples-check".to_owned(),
        runtime_dependency: String::new(),
        layout: Layout::SingleFile,
        features: false,
        feature_map: None,
    };
    let (files, _) = graphgen::emit::emit(schema, &options);
    let sdk = files.files.values().next().expect("one file").clone();
    let examples = emit(schema);
    let cargo_toml = format!(
        "[package]\nname = \"examples-check\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\ngraphgen-runtime = {}\n",
        runtime_dependency()
    );
    let lib = "include!(\"sdk.rs\");\n#[cfg(test)]\ninclude!(\"examples.rs\");\n";
    let files = BTreeMap::from([
        ("Cargo.toml".to_owned(), cargo_toml),
        ("src/lib.rs".to_owned(), lib.to_owned()),
        ("src/sdk.rs".to_owned(), sdk.to_string()),
        ("src/examples.rs".to_owned(), examples.text.clone()),
    ]);
    write_files(dir, &files);
    let output = Command::new(env!("CARGO"))
        .args(["test", "--quiet"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", workspace().join("target/emit-check"))
        .output()
        .expect("run cargo");
    (examples, output)
}

#[test]
fn emitted_tests_pass_and_catch_an_example_the_builders_do_not_reproduce() {
    // Included at the SDK's own root: `models` and `requests` are in scope.
    let dir = tempfile::tempdir().unwrap();
    let (made, output) = run_examples(dir.path(), &load(&repo_docs()));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&output.stderr));
    assert!(stdout.contains(&format!("{} passed", made.tested + made.responses_tested)), "{stdout}");

    // The model matches a function segment by its bare name, so it accepts
    // a namespace-qualified call; the builders write the documented
    // template's spelling, and the replayed test must say so.
    let page = "api/reportroot-getdeskusagetrend.md";
    let docs = edited_docs(&dir.path().join("edited"), page, |t| {
        t.replacen("beta/reports/getDeskUsageTrend(", "beta/reports/microsoft.graph.getDeskUsageTrend(", 1)
    });
    let schema = load(&docs);
    let crate_dir = dir.path().join("edited-crate");
    let (made, output) = run_examples(&crate_dir, &schema);
    assert!(!made.skipped.iter().any(|s| s.starts_with(page)), "the model still counts it as reproduced: {:?}", made.skipped);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(!output.status.success(), "the replayed example must fail:\n{stdout}");
    assert!(stdout.contains("1 failed"), "{stdout}");
    assert!(stdout.contains(&format!("{page}:")) && stdout.contains("path"), "{stdout}");
}
