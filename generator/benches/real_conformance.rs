//! Conformance through the real code on the whole reference (issue 14 item
//! 8): the figures of `graphgen report` come from a model of the builders
//! and types (`graphgen::conformance`); this compiles the SDK generated
//! from the corpus with one test per example (`emit::example_tests`: every
//! example request the model reproduces is built by the generated builders
//! and compared with the example, method, path, query and body; every
//! example response the model round-trips is decoded by its operation's
//! response type as `send` decodes it and compared once written back),
//! runs them, and prints the real figures next to the model's, with the
//! causes of the failures.
//!
//! `cargo bench -p graphgen --bench real_conformance` (corpus from
//! `GRAPHGEN_CORPUS`, default `../shared/graph-docs/beta`). Compiling the
//! whole corpus crate with its tests takes many minutes and gigabytes, so it
//! is not a CI test; `GRAPHGEN_REAL_CONFORMANCE_DIR` keeps the scratch crate
//! (default: a temporary folder), `GRAPHGEN_REAL_CONFORMANCE_TARGET` its
//! target folder (default: `target/real-conformance`, kept between runs).

use graphgen::conformance::check_schema;
use graphgen::emit::example_tests;
use graphgen::emit::{emit, EmitOptions, Layout};
use graphgen::{output, pipeline};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// What the test run said of each test: name -> the failure's first message line (None: passed).
fn outcomes(stdout: &str) -> BTreeMap<String, Option<String>> {
    let mut out: BTreeMap<String, Option<String>> = BTreeMap::new();
    for line in stdout.lines() {
        let Some(rest) = line.strip_prefix("test graphgen_examples::") else { continue };
        if let Some(name) = rest.strip_suffix(" ... ok") {
            out.insert(name.to_owned(), None);
        } else if let Some(name) = rest.strip_suffix(" ... FAILED") {
            out.insert(name.to_owned(), Some(String::new()));
        }
    }
    // `---- graphgen_examples::name stdout ----`, `thread '..' panicked at file:line:col:`,
    // then the message.
    let (mut current, mut after_panic) = (None::<String>, false);
    for line in stdout.lines() {
        if let Some(name) = line.strip_prefix("---- graphgen_examples::").and_then(|l| l.strip_suffix(" stdout ----")) {
            current = Some(name.to_owned());
            after_panic = false;
        } else if line.starts_with("thread ") && line.contains("panicked at") {
            after_panic = true;
        } else if after_panic && !line.trim().is_empty() {
            if let Some(name) = current.take() {
                out.insert(name, Some(cause_of(line)));
            }
            after_panic = false;
        }
    }
    out
}

/// A failure message without its `file:line:` origin and example-specific
/// values: the cause, to count.
fn cause_of(message: &str) -> String {
    let text = message.trim();
    // `api/x.md:12: path "/a", the example has "/b"` -> `path`
    let after_origin = text.splitn(3, ':').nth(2).map(str::trim).unwrap_or(text);
    let cut = after_origin.find(['"', '\n', '{', '[']).unwrap_or(after_origin.len());
    after_origin[..cut].trim_end_matches([' ', ',', ':']).chars().take(120).collect()
}

fn main() {
    // `cargo test --benches` runs bench binaries without `--bench`: stay quick there.
    if !std::env::args().any(|a| a == "--bench") {
        eprintln!("real_conformance: run with `cargo bench -p graphgen --bench real_conformance`");
        return;
    }
    let Some(docs) = graphgen::corpus::reference_docs(&workspace_root()) else { return };
    let loaded = pipeline::load(&docs).expect("the corpus loads");
    let schema = loaded.schema;
    let model = check_schema(&schema);
    let examples = example_tests::emit(&schema);
    let runtime = std::fs::canonicalize(workspace_root().join("runtime")).expect("runtime/ exists");
    let options = EmitOptions {
        crate_name: "graph-real-conformance".into(),
        runtime_dependency: format!("{{ path = {:?}, features = [\"reqwest\"] }}", runtime.display().to_string()),
        layout: Layout::SingleFile,
        features: false,
        feature_map: None,
    };
    let (files, _) = emit(&schema, &options);
    let sdk = files.files.values().next().expect("one file").clone();

    let tmp = tempfile::tempdir().unwrap();
    let dir = std::env::var_os("GRAPHGEN_REAL_CONFORMANCE_DIR").map(PathBuf::from).unwrap_or_else(|| tmp.path().join("crate"));
    let target = std::env::var_os("GRAPHGEN_REAL_CONFORMANCE_TARGET")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target/real-conformance"));
    let cargo_toml = format!(
        "[package]\nname = \"graph-real-conformance\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\ngraphgen-runtime = {}\n\n[workspace]\n",
        options.runtime_dependency
    );
    let crate_files = BTreeMap::from([
        ("Cargo.toml".to_owned(), cargo_toml),
        ("src/lib.rs".to_owned(), "include!(\"sdk.rs\");\n#[cfg(test)]\ninclude!(\"examples.rs\");\n".to_owned()),
        ("src/sdk.rs".to_owned(), sdk.to_string()),
        ("src/examples.rs".to_owned(), examples.text.clone()),
    ]);
    let _ = std::fs::remove_dir_all(&dir);
    for (path, text) in &crate_files {
        let file = dir.join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        output::write_if_changed(&file, text).expect("write the scratch crate");
    }
    let _ = std::fs::copy(workspace_root().join("Cargo.lock"), dir.join("Cargo.lock"));

    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let start = Instant::now();
    let run = Command::new(&cargo)
        .args(["test", "--lib", "--", "--test-threads=2"])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", &target)
        .env("CARGO_INCREMENTAL", "0")
        // Debug info of a crate this size costs gigabytes; the figures need none.
        .env("CARGO_PROFILE_TEST_DEBUG", "0")
        .env("CARGO_PROFILE_DEV_DEBUG", "0")
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output()
        .expect("run cargo test");
    let took = start.elapsed();
    let stdout = String::from_utf8_lossy(&run.stdout);
    let results = outcomes(&stdout);
    if results.is_empty() {
        eprintln!("{}", String::from_utf8_lossy(&run.stderr));
        panic!("the scratch crate's tests did not run (see cargo's output above)");
    }

    let (mut req_pass, mut resp_pass, mut causes) = (0, 0, BTreeMap::<(bool, String), usize>::new());
    for (name, failure) in &results {
        let response = name.contains("_response");
        match failure {
            None if response => resp_pass += 1,
            None => req_pass += 1,
            Some(message) => *causes.entry((response, message.clone())).or_default() += 1,
        }
    }
    let requests = model.requests_reproduced.of;
    let responses = model.responses_round_trip.of;
    let pct = |n: usize, d: usize| if d == 0 { 0.0 } else { n as f64 * 100.0 / d as f64 };
    println!("real conformance on {} ({} types, {} operations), tests compiled and run in {:.0?}", docs.display(), schema.types.len(), schema.operations.len(), took);
    println!();
    println!("| figure | through the real code | the model (`graphgen report`) |");
    println!("|---|---|---|");
    println!(
        "| example requests reproduced by the builders | {req_pass} / {requests} ({:.2}%) | {} / {requests} ({:.2}%) |",
        pct(req_pass, requests),
        model.requests_reproduced.count,
        pct(model.requests_reproduced.count, requests)
    );
    println!(
        "| parsed response bodies that decode into their type and round-trip | {resp_pass} / {responses} ({:.2}%) | {} / {responses} ({:.2}%) |",
        pct(resp_pass, responses),
        model.responses_round_trip.count,
        pct(model.responses_round_trip.count, responses)
    );
    // Requests to other hosts (bot callbacks, upload URLs) are in neither figure.
    println!("| example requests that are {} (to another host) | {} (not counted) | {} (not counted) |", graphgen::conformance::NOT_GRAPH, model.not_graph_requests, model.not_graph_requests);
    println!();
    println!(
        "tests: {} request, {} response; not tested (the model's misses and examples the builders cannot take): {} request, {} response",
        examples.tested,
        examples.responses_tested,
        examples.skipped.len(),
        examples.responses_skipped.len()
    );
    let mut rows: Vec<_> = causes.into_iter().collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    for ((response, cause), n) in rows.iter().take(40) {
        println!("  failed {n:>4} {}: {cause}", if *response { "response" } else { "request " });
    }
}
