//! `generate --watch` while the docs folder is replaced (a checkout, an
//! rsync): for a moment there are no pages, or a page folder is gone. That
//! is not an edit that deletes the API: the last output is kept, the watch
//! says so and goes on when the docs are back (issue 13, item 11).

mod fs_support;

use fs_support::{copy_tree, repo_docs};
use graphgen::emit::{EmitOptions, Layout};
use graphgen::incremental::Session;
use std::path::Path;
use std::time::{Duration, Instant};

fn options() -> EmitOptions {
    EmitOptions { crate_name: "watched".into(), runtime_dependency: String::new(), layout: Layout::Crate, features: true, feature_map: None }
}

#[test]
fn a_session_keeps_its_files_while_the_docs_are_gone() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    copy_tree(&repo_docs(), &docs);
    let mut session = Session::new(&docs, options());
    let first = session.generate().unwrap().files.clone();
    assert!(first.files.len() > 10);

    let away = tmp.path().join("docs.away");
    std::fs::rename(&docs, &away).unwrap();
    assert!(session.generate().is_err(), "no docs is not an empty API");
    assert_eq!(session.files(), Some(&first), "the last generation is kept");

    // Half-replaced: the operation pages are back, the type pages not yet.
    std::fs::create_dir_all(&docs).unwrap();
    std::fs::rename(away.join("api"), docs.join("api")).unwrap();
    assert!(session.generate().is_err(), "a page folder that vanished is not a deletion of its pages");
    std::fs::rename(away.join("resources"), docs.join("resources")).unwrap();
    std::fs::rename(away.join("includes"), docs.join("includes")).unwrap();

    let back = session.generate().unwrap();
    assert_eq!(back.files, &first, "the docs are back as they were");
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push((path.strip_prefix(dir).unwrap().display().to_string(), std::fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

fn wait_for(what: &str, secs: u64, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < Duration::from_secs(secs), "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Kills the watch when the test ends, however it ends.
struct Child(std::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn the_watch_keeps_the_output_while_the_docs_are_replaced() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    copy_tree(&repo_docs(), &docs);
    let out = tmp.path().join("out");
    let log = tmp.path().join("watch.log");
    let _watch = Child(
        std::process::Command::new(env!("CARGO_BIN_EXE_graphgen"))
            .args(["generate", "--watch", "--quiet", "--docs"])
            .arg(&docs)
            .arg("--out")
            .arg(&out)
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .unwrap(),
    );
    let log_says = |text: &str| std::fs::read_to_string(&log).unwrap_or_default().contains(text);
    wait_for("the first generation", 300, || log_says("page(s) read"));
    let before = snapshot(&out);

    std::fs::rename(&docs, tmp.path().join("docs.away")).unwrap();
    // Several turns of the watch (every 300 ms) with the docs gone.
    std::thread::sleep(Duration::from_millis(2000));
    assert_eq!(snapshot(&out), before, "the output is kept while the docs are gone");
    wait_for("the watch to say so", 60, || log_says("keeping the last output"));

    std::fs::rename(tmp.path().join("docs.away"), &docs).unwrap();
    wait_for("the docs to be back", 60, || log_says("are back"));
    // And it still follows edits.
    let page = docs.join("resources/staffcertification.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replace("## Properties\n", "## Properties\n\nA sentence added by an edit.\n")).unwrap();
    let lib = out.join("src/lib.rs");
    wait_for("the edit to be regenerated", 120, || std::fs::read_to_string(&log).unwrap().matches("page(s) read").count() >= 2);
    assert!(lib.is_file());
}
