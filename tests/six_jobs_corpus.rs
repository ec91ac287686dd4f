//! The six everyday jobs of issue 14 against the SDK generated from the real
//! beta reference: list users with `$select`/`$filter`/`$top` over every
//! page, read `/me/messages` (subject and sender, no `match`), send mail,
//! create a group and add a member by `$ref`, the Autopilot import, and a
//! 404 and a 429. The jobs are `tests/six_jobs/jobs.rs`, written as an
//! application author writes them (no `additional_properties`).
//!
//! The test generates only the workloads the jobs need (as `generate
//! --workloads users,outlook,groups,intune-enrollment`) into
//! `target/six-jobs/sdk`, writes the docs' own example responses of the six
//! operations as fixtures beside an application crate in
//! `target/six-jobs/app`, and runs that crate's test (wiremock on loopback
//! replays the fixtures). Files are written only when they change and the
//! application's target folder (`target/six-jobs/target`) is kept, so a
//! second run recompiles nothing. Skipped, with a message, when the corpus
//! is absent.

mod support;

use graphgen::emit::{EmitOptions, Layout};
use graphgen::schema::{ExampleDirection, HttpMethod, Operation, Schema};
use graphgen::select::{select, Selection};
use graphgen::{output, pipeline};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

const WORKLOADS: [&str; 4] = ["users", "outlook", "groups", "intune-enrollment"];

/// The fixtures: name, the request whose docs example response it is, and
/// the page of the example (the request's own reference page: `GET
/// /me/messages` is also described by the mail folder page, whose example
/// sends `unsubscribeData` as an array where the message page declares a
/// String).
const FIXTURES: [(&str, HttpMethod, &str, &str); 5] = [
    ("users", HttpMethod::Get, "/users", "api/user-list.md"),
    ("user", HttpMethod::Get, "/users/{id | userPrincipalName}", "api/user-get.md"),
    ("messages", HttpMethod::Get, "/me/messages", "api/user-list-messages.md"),
    ("group", HttpMethod::Post, "/groups", "api/group-post-groups.md"),
    ("import", HttpMethod::Post, "/deviceManagement/importedWindowsAutopilotDeviceIdentities/import", support::SEED_PAGE),
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The operation serving `method path` and its first example response with a
/// JSON body on `page`.
fn example_response(schema: &Schema, method: HttpMethod, raw: &str, page: &str) -> serde_json::Value {
    let op: &Operation = schema
        .operations
        .iter()
        .find(|o| o.method == method && o.paths.iter().any(|p| p.raw == raw))
        .unwrap_or_else(|| panic!("no operation for {} {raw}", method.as_str()));
    op.examples
        .iter()
        .filter(|e| e.direction == ExampleDirection::Response && e.source.file == page)
        .find_map(|e| e.body.clone())
        .unwrap_or_else(|| panic!("{}: no example response with a body", op.id))
}

fn write(dir: &Path, files: &BTreeMap<String, String>) {
    for (path, text) in files {
        let file = dir.join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        output::write_if_changed(&file, text).expect("write the scratch crate");
    }
}

/// Files under `dir` that this run does not write (an SDK file no longer
/// generated) go; the others keep their modification time, so cargo
/// recompiles only what changed.
fn remove_stale(dir: &Path, base: &Path, keep: &BTreeMap<String, String>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            remove_stale(&path, base, keep);
        } else {
            let relative = path.strip_prefix(base).unwrap().to_string_lossy().replace('\\', "/");
            if !keep.contains_key(&relative) {
                std::fs::remove_file(&path).unwrap();
            }
        }
    }
}

#[test]
fn six_jobs_run_against_the_docs_example_responses() {
    let Some(docs) = support::corpus() else { return };
    let work = root().join("target/six-jobs");
    let mut loaded = pipeline::load(&docs).expect("the corpus loads");
    let selection = Selection { workloads: WORKLOADS.iter().map(|w| w.to_string()).collect(), ..Default::default() };
    graphgen::select::check(&loaded.schema, &selection).expect("the workloads exist");
    let fixtures: BTreeMap<String, String> = FIXTURES
        .iter()
        .map(|(name, method, raw, page)| {
            let body = example_response(&loaded.schema, *method, raw, page);
            (format!("app/fixtures/{name}.json"), serde_json::to_string_pretty(&body).unwrap())
        })
        .collect();
    loaded.schema = select(&loaded.schema, &selection);

    let runtime = root().join("runtime");
    let options = EmitOptions {
        crate_name: "graph".into(),
        runtime_dependency: format!("{{ path = {:?} }}", runtime.display().to_string()),
        layout: Layout::Crate,
        features: false,
        feature_map: None,
    };
    let generated = pipeline::generate(loaded, &options);
    let sdk: BTreeMap<String, String> = generated.files.files.iter().map(|(p, t)| (format!("sdk/{p}"), t.to_string())).collect();
    remove_stale(&work.join("sdk"), &work, &sdk);
    write(&work, &sdk);
    write(&work, &fixtures);
    let app_toml = "[package]\nname = \"six-jobs\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\n\
         graph = { path = \"../sdk\" }\n\n[dev-dependencies]\n\
         tokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }\n\
         wiremock = \"0.6\"\nserde_json = \"1\"\nfutures-util = \"0.3\"\n\n[workspace]\n"
        .to_owned();
    let app = BTreeMap::from([
        ("app/Cargo.toml".to_owned(), app_toml),
        ("app/src/lib.rs".to_owned(), "//! The six jobs live in tests/jobs.rs.\n".to_owned()),
        ("app/tests/jobs.rs".to_owned(), std::fs::read_to_string(root().join("tests/six_jobs/jobs.rs")).unwrap()),
    ]);
    write(&work, &app);
    let lock = work.join("app/Cargo.lock");
    if !lock.exists() {
        std::fs::copy(root().join("Cargo.lock"), &lock).expect("seed the lock file from the workspace's");
    }

    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let run = Command::new(cargo)
        .args(["test", "--test", "jobs", "--", "--nocapture"])
        .current_dir(work.join("app"))
        .env("CARGO_TARGET_DIR", work.join("target"))
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output()
        .expect("run cargo test in the application");
    let stdout = String::from_utf8_lossy(&run.stdout);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "the six jobs failed:\n{stdout}\n{stderr}");
    assert!(stdout.contains("test six_jobs_against_the_docs_example_responses ... ok"), "{stdout}");
}
