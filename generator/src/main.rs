//! The `graphgen` command line.

use clap::{Args, Parser, Subcommand};
use graphgen::diagnostics::Diagnostics;
use graphgen::emit::{EmitOptions, Layout};
use graphgen::output;
use graphgen::docs_files::IncludeRoot;
use graphgen::pipeline::{self, Loaded, LoadOptions};
use graphgen::printable::{printable, printable_os};
use graphgen::select::{select, Selection};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "graphgen", version, about = "Generate a typed Rust SDK from Microsoft Graph style API reference docs")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate the SDK crate from a docs folder.
    Generate(GenerateArgs),
    /// Print the intermediate schema as JSON (format: generator/SCHEMA.md).
    Schema(SchemaArgs),
    /// Coverage of a docs folder: what became types and operations, which
    /// examples decode and which requests the builders reproduce.
    Report(ReportArgs),
    /// The API changes between two docs folders, breaking ones flagged.
    Diff(DiffArgs),
    /// Compare the docs' schema with the service's metadata (CSDL): every
    /// disagreement, misread by graphgen or where the docs differ.
    Check(CheckArgs),
}

#[derive(Args)]
struct CheckArgs {
    /// The docs folder (with `api/` and `resources/`).
    #[arg(long, default_value = "docs")]
    docs: PathBuf,
    /// The service's metadata document (CSDL XML, `$metadata`).
    #[arg(long)]
    metadata: PathBuf,
    /// Print JSON instead of lines and a summary.
    #[arg(long)]
    json: bool,
    /// Print only the summary, not each disagreement.
    #[arg(long, short)]
    quiet: bool,
    /// Exit 1 when there is a disagreement of this verdict (`misread`, or
    /// `any`). Without it the exit status is 0 whatever was found.
    #[arg(long, value_parser = ["misread", "any"])]
    fail_on: Option<String>,
}

#[derive(Args)]
struct ReportArgs {
    #[command(flatten)]
    docs: DocsArgs,
    /// Print JSON instead of a markdown table.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
struct DiffArgs {
    /// The docs folder before the change.
    old: PathBuf,
    /// The docs folder after the change.
    new: PathBuf,
    /// Print JSON instead of markdown.
    #[arg(long)]
    json: bool,
    /// Exit 1 when a change breaks Rust callers.
    #[arg(long)]
    fail_on_breaking: bool,
    /// The features map of the crate generated from OLD
    /// (`graphgen-features.json`): moves between cargo features it keeps
    /// working are not breaking.
    #[arg(long)]
    features_map: Option<PathBuf>,
}

#[derive(Args)]
struct DocsArgs {
    /// The docs folder (with `api/` and `resources/`).
    #[arg(long, default_value = "docs")]
    docs: PathBuf,
    /// Print only the summary of problems, not each one.
    #[arg(long, short)]
    quiet: bool,
    /// Follow includes above the docs folder inside this folder (which must
    /// hold the docs folder). Default: only into an `includes` folder beside
    /// the docs folder, when there is one.
    #[arg(long)]
    include_root: Option<PathBuf>,
    /// Read no include above the docs folder.
    #[arg(long, conflicts_with = "include_root")]
    no_include_root: bool,
    /// The API version the generated client defaults to (`beta`, `v1.0`).
    /// Default: the version the docs' example requests call.
    #[arg(long)]
    api_version: Option<String>,
}

impl DocsArgs {
    fn load_options(&self) -> Result<LoadOptions, String> {
        let include_root = match (&self.include_root, self.no_include_root) {
            (Some(root), _) => IncludeRoot::Given(root.clone()),
            (None, true) => IncludeRoot::None,
            (None, false) => IncludeRoot::Find,
        };
        let api_version = self.api_version.as_deref().map(graphgen::api_version::parse_given).transpose()?;
        Ok(LoadOptions { include_root, api_version })
    }
}

#[derive(Args, Default)]
struct SelectArgs {
    /// Only these workloads (comma-separated), e.g. `intune-enrollment`.
    #[arg(long, value_delimiter = ',')]
    workloads: Vec<String>,
    /// Only these operations: page ids (`user-list`) or `METHOD /path`.
    #[arg(long = "operation")]
    operations: Vec<String>,
    /// Only operations under these path prefixes (comma-separated).
    #[arg(long, value_delimiter = ',')]
    paths: Vec<String>,
    /// Also these types (comma-separated names).
    #[arg(long, value_delimiter = ',')]
    types: Vec<String>,
}

impl SelectArgs {
    fn selection(&self) -> Selection {
        Selection {
            workloads: self.workloads.clone(),
            operations: self.operations.clone(),
            paths: self.paths.clone(),
            types: self.types.clone(),
        }
    }
}

#[derive(Args)]
struct GenerateArgs {
    #[command(flatten)]
    docs: DocsArgs,
    #[command(flatten)]
    select: SelectArgs,
    /// The output crate folder (created by graphgen; refused if it holds anything else).
    #[arg(long, default_value = "generated")]
    out: PathBuf,
    /// Write nothing; exit 1 and list the files that would change.
    #[arg(long)]
    check: bool,
    /// Package name of the generated crate.
    #[arg(long, default_value = "graphgen-sdk")]
    crate_name: String,
    /// The `graphgen-runtime` dependency as a TOML value. Default: inherited
    /// from the enclosing workspace when it declares graphgen-runtime,
    /// otherwise the runtime version matching this graphgen.
    #[arg(long)]
    runtime_dependency: Option<String>,
    /// No cargo features per workload (everything always compiled).
    #[arg(long)]
    no_features: bool,
    /// The features map of the crate's last generation (what each feature
    /// compiled, so renamed workloads keep their old names as aliases).
    /// Default: `graphgen-features.json` in the output folder, when there.
    #[arg(long, conflicts_with = "no_features")]
    features_map: Option<PathBuf>,
    /// Keep running: regenerate whenever a page or include changes, reading
    /// again only the changed pages and writing only the files that differ.
    #[arg(long, conflicts_with = "check")]
    watch: bool,
    /// With a selection, list the problems of the whole docs, not only
    /// those in the pages the generated items were read from.
    #[arg(long)]
    all_diagnostics: bool,
}

#[derive(Args)]
struct SchemaArgs {
    #[command(flatten)]
    docs: DocsArgs,
    #[command(flatten)]
    select: SelectArgs,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let watching = matches!(&cli.command, Command::Generate(args) if args.watch);
    let _kept_until_exit = (!watching).then(graphgen::allocator::keep_freed_memory);
    let result = match cli.command {
        Command::Generate(args) => run_generate(args),
        Command::Schema(args) => run_schema(args),
        Command::Report(args) => run_report(args),
        Command::Diff(args) => run_diff(args),
        Command::Check(args) => run_check(args),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn load(docs: &DocsArgs, selection: &Selection) -> Result<Loaded, String> {
    let options = docs.load_options()?;
    let mut loaded = pipeline::load_with(&docs.docs, &options).map_err(|e| format!("{}: {e}", docs.docs.display()))?;
    if !selection.is_empty() {
        graphgen::select::check(&loaded.schema, selection).map_err(|e| e.to_string())?;
        loaded.schema = select(&loaded.schema, selection);
    }
    Ok(loaded)
}

/// With a selection, the problems in the pages the generated items were
/// read from (and about the docs as a whole), and how many others there
/// are; without one, all of them.
fn scoped(diagnostics: &Diagnostics, schema: &graphgen::schema::Schema, selection: &Selection, all: bool) -> (Diagnostics, usize) {
    if selection.is_empty() || all {
        return (diagnostics.clone(), 0);
    }
    let sources: BTreeSet<String> = graphgen::source_files(schema, &Default::default());
    let items: Vec<_> = diagnostics.items.iter().filter(|d| d.file.is_empty() || sources.contains(&d.file)).cloned().collect();
    let rest = diagnostics.len() - items.len();
    (Diagnostics { items }, rest)
}

/// Every problem as `path:line: message [kind]` (paths as the user named the
/// docs folder, so editors can jump to them), then a summary by kind.
fn print_diagnostics(docs: &Path, diagnostics: &Diagnostics, quiet: bool) {
    if !quiet {
        for d in &diagnostics.items {
            // Printably: names and text from the docs may hold escape sequences.
            let file = printable_os(docs.join(&d.file).as_os_str());
            eprintln!("{file}:{}: {} [{}]", d.line, printable(&d.message), d.kind.code());
        }
    }
    if diagnostics.is_empty() {
        eprintln!("no problems found in the docs");
    } else {
        eprintln!("{} problem(s) in the docs, by kind:\n{}", diagnostics.len(), diagnostics.summary_text().trim_end());
    }
}

fn run_generate(args: GenerateArgs) -> Result<ExitCode, String> {
    let runtime_dependency = args.runtime_dependency.clone().unwrap_or_else(|| default_runtime_dependency(&args.out));
    let options = |feature_map: Option<graphgen::emit::feature_map::FeatureMap>| EmitOptions {
        crate_name: args.crate_name.clone(),
        runtime_dependency: runtime_dependency.clone(),
        layout: Layout::Crate,
        features: !args.no_features,
        feature_map: feature_map.map(std::sync::Arc::new),
    };
    if args.watch {
        if !args.select.selection().is_empty() {
            return Err("--watch regenerates the whole docs folder; it does not take a selection".into());
        }
        return run_watch(&args, options(previous_feature_map(&args)?));
    }
    let started = std::time::Instant::now();
    let mut selection = args.select.selection();
    if args.check && selection.is_empty() {
        // The folder says which selection made it: check against that one.
        match output::read_marker(&args.out).map(|m| Selection::from_marker(&m)) {
            Some(Some(recorded)) if !recorded.is_empty() => {
                let items: Vec<String> = recorded.items().map(|(k, v)| format!("{k} `{}`", printable(v))).collect();
                eprintln!("checking with the selection recorded in {}: {}", args.out.join(output::MARKER).display(), items.join(", "));
                selection = recorded;
            }
            Some(None) => return Err(format!("{}: the recorded selection cannot be read", args.out.join(output::MARKER).display())),
            _ => {}
        }
    } else if args.check {
        let recorded = output::read_marker(&args.out).and_then(|m| Selection::from_marker(&m));
        if recorded.as_ref().is_some_and(|r| *r != selection) {
            eprintln!("note: {} was generated with another selection than the one given; checking with the one given", args.out.display());
        }
    }
    // The last output's features map is read while the docs load.
    let (feature_map, loaded) = rayon::join(|| previous_feature_map(&args), || load(&args.docs, &selection));
    let options = options(feature_map?);
    let loaded = loaded?;
    let load_time = started.elapsed();
    let (types, operations) = (loaded.schema.types.len(), loaded.schema.operations.len());
    let generated = pipeline::generate(loaded, &options);
    let emit_time = started.elapsed() - load_time;
    let (shown, rest) = scoped(&generated.loaded.diagnostics, &generated.loaded.schema, &selection, args.all_diagnostics);
    print_diagnostics(&args.docs.docs, &shown, args.docs.quiet);
    if rest > 0 {
        eprintln!("{rest} more problem(s) elsewhere in the docs, in pages nothing generated comes from (--all-diagnostics lists them)");
    }
    let files = &generated.files.files;
    if args.check {
        let staleness = output::check(&args.out, files).map_err(|e| e.to_string())?;
        if staleness.is_fresh() {
            eprintln!("{} is up to date ({} files)", args.out.display(), files.len());
            return Ok(ExitCode::SUCCESS);
        }
        eprintln!("{} is stale; regenerate with `graphgen generate`:", args.out.display());
        for line in staleness.lines() {
            println!("{line}");
        }
        return Ok(ExitCode::FAILURE);
    }
    let marker = output::marker_text(&selection.marker_line());
    let report = output::write_tree_marked(&args.out, files, &marker).map_err(|e| e.to_string())?;
    let total = started.elapsed();
    eprintln!(
        "generated {types} types and {operations} operations into {}: {} added, {} changed, {} removed, {} unchanged, in {} ms (load {} ms, emit {} ms, write {} ms)",
        args.out.display(),
        report.added.len(),
        report.changed.len(),
        report.removed.len(),
        report.unchanged,
        total.as_millis(),
        load_time.as_millis(),
        emit_time.as_millis(),
        (total - load_time - emit_time).as_millis(),
    );
    // The process ends here: freeing the schema and files one allocation at
    // a time would only delay the exit (the OS takes the memory back whole).
    std::mem::forget(generated);
    Ok(ExitCode::SUCCESS)
}

/// The features map the generation builds on: `--features-map`, else the
/// one the output folder holds from its last generation.
fn previous_feature_map(args: &GenerateArgs) -> Result<Option<graphgen::emit::feature_map::FeatureMap>, String> {
    use graphgen::emit::feature_map::{FeatureMap, FILE};
    if args.no_features {
        return Ok(None);
    }
    match &args.features_map {
        Some(path) => match FeatureMap::read(path)? {
            Some(map) => Ok(Some(map)),
            None => Err(format!("{}: no such features map", printable_os(path.as_os_str()))),
        },
        None => FeatureMap::read(&args.out.join(FILE)),
    }
}

/// `generate --watch`: poll the docs folder and regenerate on change.
///
/// When the docs folder is gone or empty for a while (a checkout or an
/// rsync replacing it), the output is kept as it is and the watch waits for
/// the docs to come back, rather than replace the SDK with an empty crate.
fn run_watch(args: &GenerateArgs, options: EmitOptions) -> Result<ExitCode, String> {
    let mut session = graphgen::incremental::Session::new(&args.docs.docs, options).load_options(args.docs.load_options()?);
    let docs_error = |e: std::io::Error| format!("{}: {e}", args.docs.docs.display());
    eprintln!("watching {} (Ctrl-C to stop)", args.docs.docs.display());
    let mut first = true;
    let mut docs_missing = false;
    loop {
        let started = std::time::Instant::now();
        match session.generate() {
            // A wrong `--docs` fails at once.
            Err(e) if first => return Err(docs_error(e)),
            Err(e) => {
                if !docs_missing {
                    eprintln!("{}; keeping the last output in {} until the docs are back", docs_error(e), args.out.display());
                    docs_missing = true;
                }
            }
            Ok(regenerated) => {
                if std::mem::take(&mut docs_missing) {
                    eprintln!("the docs in {} are back", args.docs.docs.display());
                }
                // A deleted page is a change too, though no page is read.
                if regenerated.changed {
                    print_diagnostics(&args.docs.docs, &regenerated.diagnostics, args.docs.quiet);
                    let files = &regenerated.files.files;
                    // The session's previous files are what the last turn wrote.
                    let report = match &regenerated.previous {
                        Some(previous) => output::update_tree(&args.out, &previous.files, files),
                        None => output::write_tree(&args.out, files),
                    }
                    .map_err(|e| e.to_string())?;
                    let stages: Vec<String> =
                        regenerated.timings.iter().map(|(name, t)| format!("{name} {} ms", t.as_millis())).collect();
                    eprintln!(
                        "{} page(s) read, {} file(s) generated afresh, {} written, in {} ms ({})",
                        regenerated.pages_read,
                        regenerated.files_made,
                        report.added.len() + report.changed.len() + report.removed.len(),
                        started.elapsed().as_millis(),
                        stages.join(", ")
                    );
                }
            }
        }
        first = false;
        std::thread::sleep(std::time::Duration::from_millis(300));
    }
}

fn run_schema(args: SchemaArgs) -> Result<ExitCode, String> {
    let loaded = load(&args.docs, &args.select.selection())?;
    print_diagnostics(&args.docs.docs, &loaded.diagnostics, args.docs.quiet);
    let json = serde_json::to_string_pretty(&loaded.schema).map_err(|e| e.to_string())?;
    println!("{json}");
    Ok(ExitCode::SUCCESS)
}

fn run_report(args: ReportArgs) -> Result<ExitCode, String> {
    let loaded = load(&args.docs, &Selection::default())?;
    print_diagnostics(&args.docs.docs, &loaded.diagnostics, true);
    let report = graphgen::report::build(&loaded);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?);
    } else {
        print!("{}", report.to_markdown());
    }
    Ok(ExitCode::SUCCESS)
}

fn run_diff(args: DiffArgs) -> Result<ExitCode, String> {
    let read = |p: &Path| pipeline::load(p).map(|l| l.schema).map_err(|e| format!("{}: {e}", p.display()));
    let (old, new) = (read(&args.old)?, read(&args.new)?);
    let map = match &args.features_map {
        Some(path) => Some(
            graphgen::emit::feature_map::FeatureMap::read(path)?
                .ok_or_else(|| format!("{}: no such features map", printable_os(path.as_os_str())))?,
        ),
        None => None,
    };
    let diff = graphgen::diff::diff_with_map(&old, &new, map.as_ref());
    if args.json {
        println!("{}", serde_json::to_string_pretty(&diff).map_err(|e| e.to_string())?);
    } else {
        print!("{}", diff.to_markdown());
    }
    if args.fail_on_breaking && diff.breaking().next().is_some() {
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

fn run_check(args: CheckArgs) -> Result<ExitCode, String> {
    let (check, loaded) = graphgen::check::run(&args.docs, &args.metadata)?;
    let metadata_file = args.metadata.to_string_lossy().replace('\\', "/");
    if args.json {
        println!("{}", serde_json::to_string_pretty(&check.to_json()).map_err(|e| e.to_string())?);
    } else {
        if !args.quiet {
            print!("{}", check.lines(&args.docs, &metadata_file));
        }
        print!("{}", check.summary());
    }
    std::mem::forget(loaded);
    let fail = match args.fail_on.as_deref() {
        Some("misread") => check.misread_share.count > 0,
        Some(_) => !check.disagreements.is_empty(),
        None => false,
    };
    Ok(if fail { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

/// `{ workspace = true }` when the output sits in a cargo workspace that pins
/// graphgen-runtime (as this repository's does), else this version.
fn default_runtime_dependency(out: &Path) -> String {
    let start = std::path::absolute(out).unwrap_or_else(|_| out.to_path_buf());
    for dir in start.ancestors().skip(1) {
        if let Ok(text) = std::fs::read_to_string(dir.join("Cargo.toml")) {
            if text.contains("[workspace") {
                if text.contains("graphgen-runtime") {
                    return "{ workspace = true, features = [\"reqwest\", \"tracing\"] }".to_string();
                }
                break;
            }
        }
    }
    format!("\"{}\"", env!("CARGO_PKG_VERSION"))
}
