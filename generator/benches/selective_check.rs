//! Selective generation from the whole corpus, then `cargo check` of the
//! result (issue 5: the seed's import action alone must check in under 10 s).
//!
//! `cargo bench -p graphgen --bench selective_check` (corpus from
//! `GRAPHGEN_CORPUS`, default `../shared/graph-docs/beta`; the operations
//! from `GRAPHGEN_BENCH_OPERATIONS`, comma-separated page ids or
//! `METHOD /path`, default the seed action). Steps:
//! 1. load the whole corpus, select, emit a crate into a temp folder (timed:
//!    that is what a `build.rs` pays);
//! 2. `cargo check` it once to build its dependencies (the runtime and what
//!    it pulls in) into a target folder of its own: those are built once per
//!    machine, not per docs change, so they are not what is measured;
//! 3. `cargo check` it again several times with only the generated crate
//!    dirty and incremental compilation off, so each run checks all of the
//!    generated code from scratch. Min and median are reported, with the
//!    peak memory of one run when `/usr/bin/time` is there.

use graphgen::emit::{EmitOptions, Layout};
use graphgen::select::{select, Selection};
use graphgen::{output, pipeline};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant, SystemTime};

const SEED_OPERATION: &str = "intune-enrollment-importedwindowsautopilotdeviceidentity-import";
const TIMED_RUNS: usize = 5;
/// The bar for checking the selected crate.
const TARGET: Duration = Duration::from_secs(10);

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn operations() -> Vec<String> {
    match std::env::var("GRAPHGEN_BENCH_OPERATIONS") {
        Ok(list) if !list.trim().is_empty() => list.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect(),
        _ => vec![SEED_OPERATION.to_string()],
    }
}

/// Generate the selected crate into `dir`; returns (files, lines, types, operations).
fn generate(docs: &Path, dir: &Path, selection: &Selection) -> (usize, usize, usize, usize) {
    let mut loaded = pipeline::load(docs).expect("the corpus loads");
    loaded.schema = select(&loaded.schema, selection);
    let (types, ops) = (loaded.schema.types.len(), loaded.schema.operations.len());
    let runtime = std::fs::canonicalize(workspace_root().join("runtime")).expect("runtime/ exists");
    let options = EmitOptions {
        crate_name: "graph-selective".into(),
        runtime_dependency: format!("{{ path = {:?}, features = [\"reqwest\"] }}", runtime.display().to_string()),
        layout: Layout::Crate,
        features: false,
        feature_map: None,
    };
    let generated = pipeline::generate(loaded, &options);
    output::write_tree(dir, &generated.files.files).expect("write the crate");
    let lines = generated.files.files.values().map(|t| t.lines().count()).sum();
    (generated.files.files.len(), lines, types, ops)
}

/// Make the crate its own workspace (not a member of this one), resolving to
/// the same dependency versions as this workspace so nothing new is fetched.
fn detach(dir: &Path) {
    let manifest = dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(&manifest, text + "\n[workspace]\n").unwrap();
    let _ = std::fs::copy(workspace_root().join("Cargo.lock"), dir.join("Cargo.lock"));
}

fn cargo_check(dir: &Path, target: &Path, with_time: bool) -> (Duration, Option<String>) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = if with_time {
        let mut c = Command::new("/usr/bin/time");
        c.arg("-v").arg(&cargo);
        c
    } else {
        Command::new(&cargo)
    };
    cmd.args(["check", "--quiet", "--lib"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_INCREMENTAL", "0")
        // The bench runs inside cargo; these would leak into the inner build.
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS");
    let start = Instant::now();
    let out = cmd.output().expect("run cargo check");
    let took = start.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "cargo check of the generated crate failed:\n{stderr}");
    let peak = stderr
        .lines()
        .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes):"))
        .map(|kb| format!("{} MiB", kb.trim().parse::<u64>().unwrap_or(0) / 1024));
    (took, peak)
}

/// This process's peak resident set so far (Linux: `VmHWM`), if known.
fn own_peak_memory() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb: u64 = status.lines().find_map(|l| l.strip_prefix("VmHWM:"))?.trim().trim_end_matches("kB").trim().parse().ok()?;
    Some(format!("{} MiB", kb / 1024))
}

/// Mark only the generated crate dirty (its dependencies stay built).
fn touch(file: &Path) {
    std::fs::File::options().write(true).open(file).unwrap().set_modified(SystemTime::now()).unwrap();
}

fn main() {
    // `cargo test --benches` runs bench binaries without `--bench`: stay quick there.
    if !std::env::args().any(|a| a == "--bench") {
        eprintln!("selective_check: run with `cargo bench -p graphgen --bench selective_check`");
        return;
    }
    let Some(docs) = graphgen::corpus::reference_docs(&workspace_root()) else { return };
    let selection = Selection { operations: operations(), ..Selection::default() };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("graph-selective");
    let target = tmp.path().join("target");

    let start = Instant::now();
    let (files, lines, types, ops) = generate(&docs, &dir, &selection);
    let generation = start.elapsed();
    println!("selection: {:?}", selection.operations);
    println!("generation (whole corpus, select, emit, write): {generation:.2?}");
    println!("generated crate: {ops} operation(s), {types} type(s), {files} files, {lines} lines");
    if let Some(peak) = own_peak_memory() {
        println!("peak memory of the generation (this process): {peak}");
    }
    assert!(ops > 0, "the selection matched no operation");
    detach(&dir);

    let start = Instant::now();
    cargo_check(&dir, &target, false);
    println!("warm-up cargo check (builds the runtime's dependencies once): {:.2?}", start.elapsed());

    let lib = dir.join("src/lib.rs");
    let mut times = Vec::new();
    let mut peak = None;
    for run in 0..TIMED_RUNS {
        touch(&lib);
        let (took, mem) = cargo_check(&dir, &target, run == 0 && Path::new("/usr/bin/time").exists());
        peak = peak.or(mem);
        times.push(took);
    }
    times.sort();
    let (min, median) = (times[0], times[times.len() / 2]);
    println!("cargo check of the generated crate, deps warm, {TIMED_RUNS} runs: min {min:.2?}, median {median:.2?}");
    if let Some(peak) = peak {
        println!("peak memory of one cargo check: {peak}");
    }
    println!(
        "target: under {TARGET:?}: {}",
        if median < TARGET { "met" } else { "NOT met" }
    );
}
