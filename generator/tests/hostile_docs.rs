//! A docs folder is untrusted input (issue 13): its file names, links,
//! special files and include loops cannot add cargo directives or code,
//! hang or exhaust the run, or read outside the folder. Each refusal is a
//! diagnostic that says what is wrong, printably, and the rest of the docs
//! still generates.

#![cfg(unix)]

mod fs_support;
mod hostile_support;

use graphgen::diagnostics::{Diagnostic, DiagnosticKind};
use graphgen::emit::{EmitOptions, Layout};
use graphgen::markdown::{parse_page, Block, BlockKind, IncludeLoader};
use graphgen::pipeline::{self, Loaded};
use hostile_support::{operation_page, type_page, within, Docs};
use std::collections::BTreeMap;
use std::path::Path;

fn load(docs: &Path) -> Loaded {
    pipeline::load(docs).expect("the docs folder lists pages")
}

fn crate_options() -> EmitOptions {
    EmitOptions {
        crate_name: "hostile-sdk".into(),
        runtime_dependency: fs_support::runtime_dependency(),
        layout: Layout::Crate,
        features: true,
        feature_map: None,
    }
}

fn has_type(loaded: &Loaded, name: &str) -> bool {
    loaded.schema.types.contains_key(&format!("microsoft.graph.{name}"))
}

fn property_names(loaded: &Loaded, name: &str) -> Vec<String> {
    loaded.schema.types[&format!("microsoft.graph.{name}")].properties.iter().map(|p| p.name.clone()).collect()
}

/// The diagnostics about `file` (as the diagnostic names it).
fn about<'a>(loaded: &'a Loaded, file: &str) -> Vec<&'a Diagnostic> {
    loaded.diagnostics.items.iter().filter(|d| d.file == file).collect()
}

// Item 1: a file name is data.

#[test]
fn a_file_name_cannot_add_cargo_directives() {
    let docs = Docs::new();
    let include = "n\ncargo:rustc-link-arg=-evil\n.md";
    docs.write(format!("includes/{include}"), "A note.\n");
    docs.write("resources/gadget.md", &type_page("gadget", &format!("[!INCLUDE [note](../includes/{include})]")));
    docs.write("resources/x\ncargo:rustc-env=INJECTED=1\ny.md", &type_page("injected", ""));
    let out = docs.tmp.path().join("out");
    let built = graphgen::Builder::new(&docs.root).out_dir(&out).cargo_directives(false).generate().unwrap();

    for path in &built.rerun_if_changed {
        let text = path.to_str().expect("watched paths are UTF-8");
        assert!(!text.contains(|c: char| c.is_control()), "cargo would read a second directive from {text:?}");
    }
    assert!(built.inputs.iter().any(|p| p.ends_with("resources/gadget.md")), "the rest is still read");
    let listed: Vec<String> = built.diagnostics.items.iter().map(|d| d.to_string()).collect();
    let page = listed.iter().find(|d| d.starts_with("resources/x\\u{a}cargo:rustc-env=INJECTED=1\\u{a}y.md:0: page not read"));
    assert!(page.is_some(), "the page is refused, its name shown printably: {listed:#?}");
    assert!(listed.iter().any(|d| d.contains("not followed") && d.contains("\\u{a}cargo:rustc-link-arg")), "{listed:#?}");
    let generated = std::fs::read_to_string(&built.file).unwrap();
    assert!(!generated.contains("Injected"), "a refused page generates nothing");
}

#[test]
fn a_file_name_cannot_inject_code_into_generated_files() {
    let docs = Docs::new();
    docs.write("resources/w\ncompile_error!(\"injected\");\n.md", &type_page("gadget", ""));
    let generated = pipeline::generate(load(&docs.root), &crate_options());
    for (path, text) in &generated.files.files {
        for line in text.lines() {
            assert!(!line.trim_start().starts_with("compile_error!"), "{path}: code injected through a page name:\n{line}");
        }
    }
    assert!(!generated.files.files.keys().any(|p| p.contains("gadget")), "the page with that name is not read");
    let diag = generated.loaded.diagnostics.of_kind(DiagnosticKind::Unreadable).next().expect("the refusal is reported");
    assert!(diag.message.contains("\\u{a}"), "{diag}");
}

// Item 13: odd page names are reported as what they are, printably.

#[test]
fn odd_page_names_are_reported_as_what_is_wrong_and_printably() {
    let docs = Docs::new();
    docs.write(b"resources/caf\xe9.md", &type_page("latin1", ""));
    docs.write("resources/\u{1b}[2Jclear.md", &type_page("cleared", ""));
    let loaded = load(&docs.root);

    let latin1 = about(&loaded, "resources/caf\\xe9.md");
    assert_eq!(latin1.len(), 1, "{:#?}", loaded.diagnostics.items);
    assert!(latin1[0].message.contains("not valid UTF-8"), "{}", latin1[0]);
    assert!(!latin1[0].message.contains("No such file"), "{}", latin1[0]);

    let escape = about(&loaded, "resources/\\u{1b}[2Jclear.md");
    assert_eq!(escape.len(), 1, "{:#?}", loaded.diagnostics.items);
    assert!(!escape[0].to_string().contains('\u{1b}'));
    assert!(has_type(&loaded, "widget") && !has_type(&loaded, "cleared") && !has_type(&loaded, "latin1"));
}

#[test]
fn escape_sequences_from_the_docs_never_reach_the_terminal() {
    let docs = Docs::new();
    // A name with an escape sequence, and one in an include target (a message).
    docs.write("resources/\u{1b}]0;pwned\u{7}.md", &type_page("titled", "| broken | table\n|---|\n"));
    docs.write("resources/gadget.md", &type_page("gadget", "[!INCLUDE [x](../includes/\u{1b}[31mred.md)]"));
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_graphgen"))
        .args(["schema", "--docs"])
        .arg(&docs.root)
        .output()
        .unwrap();
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.stderr.contains(&0x1b) && !output.stderr.contains(&0x07), "raw control bytes on the terminal:\n{stderr:?}");
    assert!(stderr.contains("\\u{1b}]0;pwned\\u{7}.md"), "{stderr}");
    assert!(stderr.contains("\\u{1b}[31mred.md"), "{stderr}");
}

// Item 3: include expansion is bounded.

struct Files(BTreeMap<String, String>);

impl IncludeLoader for Files {
    fn load(&self, path: &str) -> Option<String> {
        self.0.get(path).cloned()
    }
}

/// Includes followed (with text) in these blocks, at every level.
fn followed(blocks: &[Block]) -> usize {
    blocks
        .iter()
        .map(|b| match &b.kind {
            BlockKind::Include(inc) if inc.resolved_path.is_some() => 1 + followed(&inc.blocks),
            _ => 0,
        })
        .sum()
}

#[test]
fn an_include_that_includes_itself_many_times_is_bounded() {
    // Each level follows twelve copies of itself: 12 + 12² + 12³ + 12⁴ =
    // 22,620 expansions within the depth limit (a 2 KB file made 4 GB).
    let looping: String = (0..12).map(|_| "[!INCLUDE [again](loop.md)]\n\n").collect();
    let files = Files(BTreeMap::from([("includes/loop.md".to_string(), looping)]));
    let page = type_page("widget", "[!INCLUDE [loop](../includes/loop.md)]");
    let (parsed, diags) = parse_page("resources/widget.md", &page, &files);
    let count = followed(&parsed.blocks);
    assert!((1..=256).contains(&count), "{count} includes followed");
    let limit = diags.iter().find(|d| d.kind == DiagnosticKind::MissingInclude && d.message.contains("256 includes"));
    assert!(limit.is_some(), "the limit is reported: {:?}", diags.first());
    let tables = parsed.blocks.iter().filter(|b| matches!(b.kind, BlockKind::Table(_))).count();
    assert_eq!(tables, 1, "the page's own content is still read");
}

#[test]
fn included_text_is_bounded_per_page() {
    let big = "Some text of a note.\n".repeat(75_000); // 1.5 MiB
    let files = Files(BTreeMap::from([("includes/big.md".to_string(), big)]));
    let body = "[!INCLUDE [big](../includes/big.md)]\n\n".repeat(4);
    let (parsed, diags) = parse_page("resources/widget.md", &type_page("widget", &body), &files);
    assert_eq!(followed(&parsed.blocks), 2, "two fit in 4 MiB, the other two do not");
    let over: Vec<_> = diags.iter().filter(|d| d.message.contains("4 MiB")).collect();
    assert_eq!(over.len(), 2, "{diags:?}");
}

#[test]
fn an_include_loop_through_the_disk_still_generates_the_page() {
    let docs = Docs::new();
    let looping: String = (0..12).map(|_| "[!INCLUDE [again](loop.md)]\n\n").collect();
    docs.write("includes/loop.md", &looping);
    docs.write("resources/gadget.md", &type_page("gadget", "[!INCLUDE [loop](../includes/loop.md)]"));
    let root = docs.root.clone();
    let loaded = within(120, move || load(&root)).expect("the run ends");
    assert!(has_type(&loaded, "gadget"));
    assert!(loaded.diagnostics.of_kind(DiagnosticKind::MissingInclude).any(|d| d.message.contains("256 includes")));
}

// Item 4: only regular files are read, and only so much.

fn mkfifo(path: &Path) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let status = std::process::Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success());
}

#[test]
fn a_fifo_include_or_page_does_not_hang_the_run() {
    let docs = Docs::new();
    mkfifo(&docs.path("includes/fifo.md"));
    mkfifo(&docs.path("resources/fifo.md"));
    docs.write("resources/gadget.md", &type_page("gadget", "[!INCLUDE [fifo](../includes/fifo.md)]"));
    let root = docs.root.clone();
    let loaded = within(60, move || load(&root)).expect("a FIFO must not block the run");
    assert!(has_type(&loaded, "gadget"));
    let page = about(&loaded, "resources/fifo.md");
    assert!(page.iter().any(|d| d.message.contains("a FIFO, not a regular file")), "{page:?}");
    let include = about(&loaded, "resources/gadget.md");
    assert!(include.iter().any(|d| d.message.contains("not followed: it is a FIFO")), "{include:?}");
}

#[test]
fn a_link_to_a_device_is_not_read() {
    let docs = Docs::new();
    // The link leads out of the docs folder too; a device inside would be
    // refused as well, for not being a regular file.
    docs.link("includes/zero.md", Path::new("/dev/zero"));
    docs.link("resources/zero.md", Path::new("/dev/zero"));
    docs.write("resources/gadget.md", &type_page("gadget", "[!INCLUDE [zero](../includes/zero.md)]"));
    let root = docs.root.clone();
    let loaded = within(60, move || load(&root)).expect("/dev/zero must not be read");
    assert!(has_type(&loaded, "gadget"));
    assert_eq!(about(&loaded, "resources/zero.md").len(), 1);
    assert!(about(&loaded, "resources/gadget.md").iter().any(|d| d.message.contains("not followed")));
}

#[test]
fn an_oversized_file_is_not_read() {
    let docs = Docs::new();
    // 9 MiB, sparse: cheap to make, and more than a docs file may hold.
    for rel in ["includes/huge.md", "resources/huge.md"] {
        let file = std::fs::File::create(docs.path(rel).tap_parent()).unwrap();
        file.set_len(9 << 20).unwrap();
    }
    docs.write("resources/gadget.md", &type_page("gadget", "[!INCLUDE [huge](../includes/huge.md)]"));
    let loaded = load(&docs.root);
    assert!(has_type(&loaded, "gadget"));
    let page = about(&loaded, "resources/huge.md");
    assert!(page.iter().any(|d| d.message.contains("9437184 bytes, more than the 8 MiB")), "{page:?}");
    assert!(about(&loaded, "resources/gadget.md").iter().any(|d| d.message.contains("more than the 8 MiB")));
}

trait TapParent {
    fn tap_parent(self) -> Self;
}

impl TapParent for std::path::PathBuf {
    /// The path, after creating its folder.
    fn tap_parent(self) -> Self {
        std::fs::create_dir_all(self.parent().unwrap()).unwrap();
        self
    }
}

// Item 5: links out of the docs folder are refused, links inside are read.

#[test]
fn links_out_of_the_docs_folder_are_refused_and_links_inside_are_read() {
    let docs = Docs::new();
    let outside = docs.outside();
    std::fs::write(outside.join("secret.md"), type_page("secret", "")).unwrap();
    std::fs::write(outside.join("table.md"), "| Property | Type | Description |\n|:--|:--|:--|\n| stolen | String | From outside. |\n").unwrap();
    docs.link("resources/secret.md", &outside.join("secret.md"));
    docs.link("includes/table.md", &outside.join("table.md"));
    docs.link("includes/away", &outside);
    let props = "## Properties\n\n[!INCLUDE [t](../includes/table.md)]\n\n[!INCLUDE [t](../includes/away/table.md)]\n";
    docs.write("resources/gadget.md", &type_page("gadget", props));
    // A link that stays inside is an ordinary page.
    docs.write("shared/linked.md", &type_page("linked", ""));
    docs.link("resources/linked.md", Path::new("../shared/linked.md"));

    let loaded = load(&docs.root);
    assert!(!has_type(&loaded, "secret"), "a page linked from outside is not read");
    assert!(!property_names(&loaded, "gadget").contains(&"stolen".to_string()), "an include from outside is not followed");
    let secret = about(&loaded, "resources/secret.md");
    assert!(secret.iter().any(|d| d.message.contains("symbolic link") && d.message.contains("outside the docs folder")), "{secret:?}");
    let gadget = about(&loaded, "resources/gadget.md");
    assert_eq!(gadget.iter().filter(|d| d.message.contains("outside the docs folder")).count(), 2, "{gadget:?}");
    assert!(has_type(&loaded, "linked"), "a link inside the docs folder is read, not skipped");
    assert!(about(&loaded, "resources/linked.md").is_empty());
}

// Item 6: workload features never take the crate's own feature names.

#[test]
fn a_workload_named_like_a_crate_feature_keeps_the_manifest_valid() {
    let docs = Docs::new();
    for (name, workload) in [("gadget", "Default"), ("gizmo", "full")] {
        let page = type_page(name, "").replace("ms.subservice: \"widgets\"", &format!("ms.prod: \"{workload}\""));
        docs.write(format!("resources/{name}.md"), &page);
    }
    let generated = pipeline::generate(load(&docs.root), &crate_options());
    let out = docs.tmp.path().join("crate");
    fs_support::write_files(&out, &generated.files.files);
    let metadata = std::process::Command::new(env!("CARGO"))
        .args(["metadata", "--no-deps", "--offline", "--format-version", "1", "--manifest-path"])
        .arg(out.join("Cargo.toml"))
        .output()
        .unwrap();
    assert!(metadata.status.success(), "{}\n{}", String::from_utf8_lossy(&metadata.stderr), generated.files.files["Cargo.toml"]);
    let json: serde_json::Value = serde_json::from_slice(&metadata.stdout).unwrap();
    let features = &json["packages"][0]["features"];
    assert_eq!(features["default"], serde_json::json!(["full"]));
    for feature in ["default-workload", "full-workload", "widgets"] {
        assert!(features["full"].as_array().unwrap().contains(&feature.into()), "{feature} in full: {features}");
    }
}

// Item 7: duplicate rows are found in one pass (the timing is in
// `cargo bench -p graphgen --bench big_table`); every duplicate is still
// reported, and only duplicates.

#[test]
fn duplicate_rows_of_a_large_table_are_each_reported_once() {
    let rows: String = (0..5000).map(|i| format!("| p{} | String | Row {i}. |\n", if i % 1000 == 999 { i - 1 } else { i })).collect();
    let page = type_page("widget", "").replace("| size | Int32 | The size. |\n", &rows);
    let (parsed, _) = parse_page("resources/widget.md", &page, &graphgen::markdown::NoIncludes);
    let (schema, diags) = graphgen::schema::build(&[parsed]);
    let duplicates: Vec<&Diagnostic> = diags.of_kind(DiagnosticKind::Duplicate).collect();
    assert_eq!(duplicates.len(), 5, "{duplicates:?}");
    let first_row_line = page.lines().position(|l| l.starts_with("| p0 ")).unwrap() as u32 + 1;
    let lines: Vec<u32> = duplicates.iter().map(|d| d.line).collect();
    assert_eq!(lines, [999, 1999, 2999, 3999, 4999].map(|i| first_row_line + i));
    let from_table = schema.types["microsoft.graph.widget"].properties.iter().filter(|p| p.name.starts_with('p')).count();
    assert_eq!(from_table, 4995);
}

// Item 14: a path with dot segments is reported, not emitted.

#[test]
fn a_dot_segment_in_a_docs_path_is_reported_not_emitted() {
    let docs = Docs::new();
    docs.write("api/widget-get.md", &operation_page("Get widget", "GET", "/widgets/{id}"));
    docs.write("api/widget-escape.md", &operation_page("Escape widget", "GET", "/widgets/../admin/secrets"));
    let generated = pipeline::generate(load(&docs.root), &crate_options());
    for (path, text) in &generated.files.files {
        assert!(!text.contains(".segment(\"..\")"), "{path} sends `..` in a URL");
        assert!(!text.contains("\"admin\""), "{path} has a builder for the dot-segment path");
    }
    let reported = generated.loaded.diagnostics.of_kind(DiagnosticKind::InvalidPath).find(|d| d.file == "api/widget-escape.md");
    assert!(reported.is_some_and(|d| d.message.contains("`..`")), "{:#?}", generated.loaded.diagnostics.items);
    assert!(generated.files.files.values().any(|t| t.contains(".segment(\"widgets\")")), "the good path is still generated");
}
