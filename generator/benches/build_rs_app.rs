//! A build-time application on the whole reference (issue 15): an app crate
//! whose `build.rs` selects six operations from the full beta reference,
//! built with `cargo build` in the default `dev` profile.
//!
//! `cargo bench -p graphgen --bench build_rs_app` (corpus from
//! `GRAPHGEN_CORPUS`, default `../shared/graph-docs/beta`, copied into a
//! temp folder so pages can be edited). Steps, each timed as the whole
//! `cargo build` and as the build script's own run (the script times
//! `Builder::generate` and appends it to a file):
//! 1. the app's dependencies are built once (not measured), then its build
//!    output is removed (`cargo clean -p`): the cache is empty;
//! 2. **cold**: `cargo build`, the build script parses every page;
//! 3. **edit a used page** (a sentence added to `api/user-get.md`), `cargo
//!    build`; repeated [`ROUNDS`] times;
//! 4. **edit an unused page** (one cargo is not told to watch), `cargo
//!    build`; repeated [`ROUNDS`] times. The script should not run and the
//!    app should not be recompiled (both are reported).
//!
//! `GRAPHGEN_BENCH_OPT=3` adds `[profile.dev.build-override] opt-level = 3`
//! to the app, to measure what that setting still gives.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const OPERATIONS: [&str; 6] = ["user-get", "user-list", "group-list", "user-list-messages", "user-list-events", "driveitem-get"];
const USED_PAGE: &str = "api/user-get.md";
const ROUNDS: usize = 5;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").canonicalize().expect("workspace root")
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The app crate: `build.rs` runs the builder on `docs` and appends its time in ms to `timings`.
fn write_app(dir: &Path, docs: &Path, timings: &Path, opt: Option<&str>) {
    let root = workspace_root();
    let profile = opt.map(|o| format!("\n[profile.dev.build-override]\nopt-level = {o}\n")).unwrap_or_default();
    let cargo_toml = format!(
        r#"[package]
name = "bench-app"
version = "0.1.0"
edition = "2021"
publish = false

[dependencies]
graphgen-runtime = {{ path = {runtime:?} }}

[build-dependencies]
graphgen = {{ path = {generator:?}, default-features = false }}

[workspace]
{profile}"#,
        runtime = root.join("runtime").display().to_string(),
        generator = root.join("generator").display().to_string(),
    );
    let ops: Vec<String> = OPERATIONS.iter().map(|o| format!("{o:?}")).collect();
    let build_rs = format!(
        r#"fn main() {{
    let started = std::time::Instant::now();
    let built = graphgen::Builder::new({docs:?}).operations([{ops}]).generate().expect("generate");
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    let mut stages: Vec<String> = built.timings.iter().map(|(stage, d)| format!("{{stage}} {{:.0}}", d.as_secs_f64() * 1000.0)).collect();
    // The script's CPU time (user + system, all threads), where Linux tells it
    // (in clock ticks, 10 ms each on Linux).
    let cpu = std::fs::read_to_string("/proc/self/stat").ok().and_then(|stat| {{
        let fields: Vec<u64> = stat.rsplit(')').next()?.split_whitespace().skip(11).take(2).filter_map(|f| f.parse().ok()).collect();
        (fields.len() == 2).then(|| (fields[0] + fields[1]) * 10)
    }});
    if let Some(cpu) = cpu {{
        stages.push(format!("cpu {{cpu}}"));
    }}
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new().create(true).append(true).open({timings:?}).unwrap();
    writeln!(f, "{{ms}}\t{{}}", stages.join(", ")).unwrap();
}}
"#,
        docs = docs.display().to_string(),
        ops = ops.join(", "),
        timings = timings.display().to_string(),
    );
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(dir.join("Cargo.toml"), cargo_toml).unwrap();
    std::fs::write(dir.join("build.rs"), build_rs).unwrap();
    std::fs::write(dir.join("src/lib.rs"), "#![allow(warnings)]\ninclude!(concat!(env!(\"OUT_DIR\"), \"/graphgen.rs\"));\n").unwrap();
    let lock = root.join("Cargo.lock");
    std::fs::copy(lock, dir.join("Cargo.lock")).unwrap();
}

struct Build {
    wall: Duration,
    /// The build script's own time, when it ran.
    script: Option<f64>,
    /// Its stages' times in ms, as `Builder` reports them (`BuildOutput::timings`).
    stages: String,
    /// Whether the app crate itself was compiled.
    app_compiled: bool,
}

fn cargo_build(app: &Path, target: &Path, timings: &Path) -> Build {
    let before = std::fs::read_to_string(timings).unwrap_or_default().lines().count();
    let started = Instant::now();
    let output = Command::new(env!("CARGO"))
        .args(["build", "--offline"])
        .current_dir(app)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output()
        .expect("run cargo");
    let wall = started.elapsed();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "cargo build failed:\n{stderr}");
    let text = std::fs::read_to_string(timings).unwrap_or_default();
    let lines: Vec<(f64, String)> =
        text.lines().filter_map(|l| l.split_once('\t')).filter_map(|(ms, stages)| Some((ms.parse().ok()?, stages.to_owned()))).collect();
    let (script, stages) = match lines.len() > before {
        true => lines.last().map(|(ms, stages)| (Some(*ms), stages.clone())).unwrap_or_default(),
        false => (None, String::new()),
    };
    Build { wall, script, stages, app_compiled: stderr.contains("Compiling bench-app") }
}

/// A page cargo was not told to watch (from the build script's recorded output).
fn unwatched_page(target: &Path, docs: &Path) -> String {
    let build = target.join("debug/build");
    let mut watched = String::new();
    for entry in std::fs::read_dir(&build).unwrap().flatten() {
        if entry.file_name().to_string_lossy().starts_with("bench-app-") {
            if let Ok(text) = std::fs::read_to_string(entry.path().join("output")) {
                watched.push_str(&text);
            }
        }
    }
    assert!(watched.contains("rerun-if-changed"), "the build script's output is recorded");
    let pages = graphgen::corpus::list_pages(docs).unwrap();
    pages
        .into_iter()
        .filter(|p| p.starts_with("api/"))
        .find(|p| !watched.contains(&format!("={}\n", docs.join(p).display())))
        .expect("some page is not watched")
}

fn append(path: &Path, text: &str) {
    let mut content = std::fs::read_to_string(path).unwrap();
    content.push_str(text);
    std::fs::write(path, content).unwrap();
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn report(name: &str, builds: &[Build]) {
    let walls: Vec<f64> = builds.iter().map(|b| b.wall.as_secs_f64()).collect();
    let scripts: Vec<f64> = builds.iter().filter_map(|b| b.script).collect();
    let script = match scripts.is_empty() {
        true => "not run".to_owned(),
        false => format!("{:.0} ms (median of {}, min {:.0})", median(scripts.clone()), scripts.len(), scripts.iter().cloned().fold(f64::MAX, f64::min)),
    };
    let compiled = builds.iter().filter(|b| b.app_compiled).count();
    // Where the median run's time went.
    let mut ran: Vec<&Build> = builds.iter().filter(|b| b.script.is_some()).collect();
    ran.sort_by(|a, b| a.script.unwrap_or_default().total_cmp(&b.script.unwrap_or_default()));
    let stages = ran.get(ran.len() / 2).map(|b| format!(" | stages (ms) {}", b.stages)).unwrap_or_default();
    println!(
        "{name:<24} cargo build {:.2} s (median of {}, min {:.2}) | build script {script} | app compiled {compiled}/{}{stages}",
        median(walls.clone()),
        walls.len(),
        walls.iter().cloned().fold(f64::MAX, f64::min),
        builds.len()
    );
}

fn main() {
    // `cargo bench` passes `--bench`; a test run (`cargo test --benches`) has nothing to do.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let Some(corpus) = graphgen::corpus::reference_docs(&workspace_root()) else { return };
    let opt = std::env::var("GRAPHGEN_BENCH_OPT").ok().filter(|v| !v.is_empty());
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("beta");
    copy_tree(&corpus, &docs);
    let timings = tmp.path().join("timings.txt");
    let app = tmp.path().join("app");
    write_app(&app, &docs, &timings, opt.as_deref());
    // Kept between bench runs: dependencies are built once per machine.
    let target = workspace_root().join("target/bench-build-rs-app").join(opt.as_deref().map_or("default".into(), |o| format!("opt{o}")));

    eprintln!("building the app's dependencies (not measured) in {}", target.display());
    cargo_build(&app, &target, &timings);
    let clean = Command::new(env!("CARGO"))
        .args(["clean", "-p", "bench-app", "--offline"])
        .current_dir(&app)
        .env("CARGO_TARGET_DIR", &target)
        .output()
        .unwrap();
    assert!(clean.status.success());

    let profile = match &opt {
        Some(o) => format!("dev profile, build-override opt-level = {o}"),
        None => "default dev profile".to_owned(),
    };
    println!("build.rs selecting {} operations from {} pages ({profile})", OPERATIONS.len(), graphgen::corpus::list_pages(&docs).unwrap().len());
    let cold = cargo_build(&app, &target, &timings);
    report("cold (empty cache)", &[cold]);

    let used: Vec<Build> = (0..ROUNDS)
        .map(|i| {
            std::thread::sleep(Duration::from_millis(50));
            append(&docs.join(USED_PAGE), &format!("\nA sentence added to a used page ({i}).\n"));
            cargo_build(&app, &target, &timings)
        })
        .collect();
    report("edit a used page", &used);

    let unused_page = unwatched_page(&target, &docs);
    let unused: Vec<Build> = (0..ROUNDS)
        .map(|i| {
            std::thread::sleep(Duration::from_millis(50));
            append(&docs.join(&unused_page), &format!("\nA sentence added to an unused page ({i}).\n"));
            cargo_build(&app, &target, &timings)
        })
        .collect();
    report(&format!("edit an unused page ({unused_page})"), &unused);
}
