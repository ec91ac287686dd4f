//! The compile cost of the SDK generated from the whole reference (issue 16):
//! what a maintainer publishing it, docs.rs, and a user turning features on pay.
//!
//! `cargo bench -p graphgen --bench sdk_compile_cost` (corpus from
//! `GRAPHGEN_CORPUS`, default `../shared/graph-docs/beta`; the workloads
//! checked one at a time from `GRAPHGEN_BENCH_WORKLOADS`, comma-separated
//! cargo features, default `intune-enrollment,users`). Minutes and gigabytes:
//! not part of CI's test run (without `--bench` it returns at once). Steps:
//! 1. generate the crate, with its cargo features per workload, into a temp
//!    folder of its own workspace (same dependency versions as this one);
//! 2. build its dependencies once (`cargo check -p graphgen-runtime`): they
//!    are built once per machine, not per docs change;
//! 3. `cargo check --all-features`, then `cargo check` with one workload's
//!    feature only, then `cargo doc --all-features --no-deps` (what docs.rs
//!    runs), each of the generated crate alone, incremental compilation off;
//!    wall time and the peak memory of the largest process (`/usr/bin/time
//!    -v`, when there: rustc is a child cargo waits for, so it is counted).
//!
//! One run each: a run takes minutes, and the machine's load moves more
//! than repeated runs would tell; compare figures from the same session.
//! The temp folder (crate and target, several GB) is deleted at the end.

use graphgen::emit::{EmitOptions, Layout};
use graphgen::{output, pipeline};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// The bars (2-core machine).
const CHECK_TIME: Duration = Duration::from_secs(90);
const CHECK_PEAK_MIB: u64 = 4 * 1024;
const DOC_TIME: Duration = Duration::from_secs(15 * 60);
const DOC_PEAK_MIB: u64 = 6 * 1024;
const WORKLOAD_TIME: Duration = Duration::from_secs(5);

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn workloads() -> Vec<String> {
    let list = std::env::var("GRAPHGEN_BENCH_WORKLOADS").unwrap_or_default();
    let list = if list.trim().is_empty() { "intune-enrollment,users".to_owned() } else { list };
    list.split(',').map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect()
}

/// Generate the whole crate into `dir`; returns (files, lines, types, operations).
fn generate(docs: &Path, dir: &Path) -> (usize, usize, usize, usize) {
    let loaded = pipeline::load(docs).expect("the corpus loads");
    let (types, ops) = (loaded.schema.types.len(), loaded.schema.operations.len());
    let runtime = std::fs::canonicalize(workspace_root().join("runtime")).expect("runtime/ exists");
    let options = EmitOptions {
        crate_name: "graph-whole".into(),
        runtime_dependency: format!("{{ path = {:?}, features = [\"reqwest\"] }}", runtime.display().to_string()),
        layout: Layout::Crate,
        features: true,
        feature_map: None,
    };
    let generated = pipeline::generate(loaded, &options);
    output::write_tree(dir, &generated.files.files).expect("write the crate");
    let lines = generated.files.files.values().map(|t| t.lines().count()).sum();
    (generated.files.files.len(), lines, types, ops)
}

/// Make the crate its own workspace, resolving to this workspace's versions.
fn detach(dir: &Path) {
    let manifest = dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(&manifest, text + "\n[workspace]\n").unwrap();
    let _ = std::fs::copy(workspace_root().join("Cargo.lock"), dir.join("Cargo.lock"));
}

/// One cargo run in `dir`: wall time and, with `/usr/bin/time`, the peak
/// resident memory of the largest process in MiB.
fn cargo(dir: &Path, target: &Path, args: &[&str]) -> (Duration, Option<u64>) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let timed = Path::new("/usr/bin/time").exists();
    let mut cmd = if timed {
        let mut c = Command::new("/usr/bin/time");
        c.arg("-v").arg(&cargo);
        c
    } else {
        Command::new(&cargo)
    };
    cmd.args(args)
        .arg("--quiet")
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_INCREMENTAL", "0")
        // The bench runs inside cargo; these would leak into the inner build.
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("RUSTDOCFLAGS");
    let start = Instant::now();
    let out = cmd.output().expect("run cargo");
    let took = start.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "cargo {args:?} of the generated crate failed:\n{stderr}");
    let peak = stderr
        .lines()
        .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes):"))
        .and_then(|kb| kb.trim().parse::<u64>().ok())
        .map(|kb| kb / 1024);
    (took, peak)
}

/// The machine's load averages, to read the figures by.
fn load() -> String {
    std::fs::read_to_string("/proc/loadavg").map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" ")).unwrap_or_else(|_| "unknown".into())
}

fn report(what: &str, (took, peak): (Duration, Option<u64>), bar_time: Duration, bar_peak: Option<u64>) {
    let peak_text = peak.map_or("peak unknown (no /usr/bin/time)".to_owned(), |p| format!("peak {p} MiB"));
    let met = took <= bar_time && match (peak, bar_peak) {
        (Some(p), Some(bar)) => p <= bar,
        _ => true,
    };
    let bar = match bar_peak {
        Some(p) => format!("at most {bar_time:?} and {p} MiB"),
        None => format!("at most {bar_time:?}"),
    };
    println!("{what}: {took:.1?}, {peak_text} (load {}); target {bar}: {}", load(), if met { "met" } else { "NOT met" });
}

fn main() {
    // `cargo test --benches` runs bench binaries without `--bench`: stay quick there.
    if !std::env::args().any(|a| a == "--bench") {
        eprintln!("sdk_compile_cost: run with `cargo bench -p graphgen --bench sdk_compile_cost`");
        return;
    }
    let Some(docs) = graphgen::corpus::reference_docs(&workspace_root()) else { return };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("graph-whole");
    let target = tmp.path().join("target");

    let start = Instant::now();
    let (files, lines, types, ops) = generate(&docs, &dir);
    println!("generated the whole crate in {:.1?}: {ops} operations, {types} types, {files} files, {lines} lines", start.elapsed());
    detach(&dir);

    let (deps, _) = cargo(&dir, &target, &["check", "-p", "graphgen-runtime"]);
    println!("dependencies (built once, not measured below): {deps:.1?}");

    let check = cargo(&dir, &target, &["check", "--lib", "--all-features"]);
    report("cargo check --all-features", check, CHECK_TIME, Some(CHECK_PEAK_MIB));
    for workload in workloads() {
        let one = cargo(&dir, &target, &["check", "--lib", "--no-default-features", "--features", &workload]);
        report(&format!("cargo check --features {workload} (the whole crate, one workload on)"), one, WORKLOAD_TIME, None);
    }
    let doc = cargo(&dir, &target, &["doc", "--lib", "--all-features", "--no-deps"]);
    report("cargo doc --all-features --no-deps", doc, DOC_TIME, Some(DOC_PEAK_MIB));
    // `tmp` (crate and target) is removed here.
}
