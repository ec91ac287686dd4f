//! The writer's promises: only inside its own folder, atomic, quiet.

use graphgen::output::{check, write_tree, OutputError, MARKER};
use std::collections::BTreeMap;
use std::path::Path;

fn files(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs.iter().map(|(p, t)| (p.to_string(), t.to_string())).collect()
}

fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap()
}

#[test]
fn creates_marks_and_rewrites_only_what_changed() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("gen");
    let r = write_tree(&out, &files(&[("src/a.rs", "a1"), ("src/b.rs", "b1")])).unwrap();
    assert_eq!(r.added, vec!["src/a.rs", "src/b.rs"]);
    assert!(out.join(MARKER).is_file());

    let before_b = std::fs::metadata(out.join("src/b.rs")).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let r = write_tree(&out, &files(&[("src/a.rs", "a2"), ("src/b.rs", "b1"), ("src/c.rs", "c1")])).unwrap();
    assert_eq!((r.added.clone(), r.changed.clone(), r.unchanged), (vec!["src/c.rs".to_string()], vec!["src/a.rs".to_string()], 1));
    assert_eq!(read(&out, "src/a.rs"), "a2");
    let after_b = std::fs::metadata(out.join("src/b.rs")).unwrap().modified().unwrap();
    assert_eq!(before_b, after_b, "an unchanged file keeps its mtime");

    let r = write_tree(&out, &files(&[("src/a.rs", "a2")])).unwrap();
    assert_eq!(r.removed, vec!["src/b.rs", "src/c.rs"]);
    assert!(!out.join("src/b.rs").exists());

    let r = write_tree(&out, &files(&[("src/a.rs", "a2")])).unwrap();
    assert!(r.is_noop());
}

#[test]
fn refuses_a_folder_it_did_not_create() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("project");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("precious.txt"), "keep me").unwrap();
    let err = write_tree(&out, &files(&[("x.rs", "x")])).unwrap_err();
    assert!(matches!(err, OutputError::NotOurs(_)), "{err}");
    assert_eq!(read(&out, "precious.txt"), "keep me");
}

#[test]
fn refuses_paths_that_leave_the_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("gen");
    for bad in ["../evil.rs", "/etc/x", "a/../../b", ""] {
        let err = write_tree(&out, &files(&[(bad, "x")])).unwrap_err();
        assert!(matches!(err, OutputError::UnsafePath(_)), "{bad}: {err}");
    }
    assert!(!tmp.path().join("evil.rs").exists());
}

#[test]
fn an_interrupted_run_leaves_the_previous_output_intact() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("gen");
    write_tree(&out, &files(&[("src/a.rs", "old a"), ("src/b.rs", "old b")])).unwrap();
    // A run that fails half-way through writing (a file and a folder of the
    // same name cannot both be written) must not touch the output.
    let failing = files(&[("src/a.rs", "new a"), ("src/z", "file"), ("src/z/inner.rs", "dir")]);
    assert!(write_tree(&out, &failing).is_err());
    assert_eq!(read(&out, "src/a.rs"), "old a");
    assert_eq!(read(&out, "src/b.rs"), "old b");
    // The next good run works despite the leftovers.
    write_tree(&out, &files(&[("src/a.rs", "new a")])).unwrap();
    assert_eq!(read(&out, "src/a.rs"), "new a");
}

#[test]
fn a_run_killed_between_the_two_renames_is_repaired() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("gen");
    write_tree(&out, &files(&[("a.rs", "old")])).unwrap();
    // Simulate the crash window: the old output moved aside, the new not yet in place.
    std::fs::rename(&out, tmp.path().join(".gen.graphgen-old")).unwrap();
    let s = check(&out, &files(&[("a.rs", "old")])).unwrap();
    assert_eq!(s.missing, vec!["a.rs"]);
    write_tree(&out, &files(&[("a.rs", "old"), ("b.rs", "b")])).unwrap();
    assert_eq!(read(&out, "a.rs"), "old");
    assert!(!tmp.path().join(".gen.graphgen-old").exists());
}

#[test]
fn check_reports_stale_missing_and_extra_files() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("gen");
    write_tree(&out, &files(&[("a.rs", "a"), ("b.rs", "b"), ("gone.rs", "g")])).unwrap();
    let s = check(&out, &files(&[("a.rs", "a"), ("b.rs", "B"), ("new.rs", "n")])).unwrap();
    assert!(!s.is_fresh());
    assert_eq!(s.changed, vec!["b.rs"]);
    assert_eq!(s.missing, vec!["new.rs"]);
    assert_eq!(s.extra, vec!["gone.rs"]);
    assert!(check(&out, &files(&[("a.rs", "a"), ("b.rs", "b"), ("gone.rs", "g")])).unwrap().is_fresh());
}
