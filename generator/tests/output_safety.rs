//! The writer under the conditions of issue 13: two runs at once, planted
//! markers and folders, `--out .`, and writes that fail half-way. The
//! output folder is never left partial behind a success, nothing that is
//! not graphgen's is removed, and a failed run leaves nothing behind.

#![cfg(unix)]

mod fs_support;

use graphgen::output::{update_tree, write_tree, MARKER};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

fn files(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs.iter().map(|(p, t)| (p.to_string(), t.to_string())).collect()
}

/// What lies beside the output folder `gen` in `dir`, by name, besides
/// `gen` itself and the lock file that stays there.
fn leftovers(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "gen" && n != ".gen.graphgen-lock" && n != "docs")
        .collect();
    names.sort();
    names
}

/// Every file under `dir`, relative, with its text (the marker left out).
fn tree(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.file_name().unwrap() != MARKER {
                let rel = path.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                out.insert(rel, std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    out
}

// Item 2: two runs on one folder take turns.

#[test]
fn concurrent_writes_into_one_folder_take_turns() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("gen");
    let set = |tag: &str| -> BTreeMap<String, String> {
        (0..120).map(|i| (format!("src/m{}/f{i}.rs", i % 7), format!("// {tag} {i}\n"))).collect()
    };
    let (a, b) = (set("a"), set("b"));
    for round in 0..12 {
        let barrier = std::sync::Barrier::new(2);
        let results = std::thread::scope(|s| {
            let runs: Vec<_> = [&a, &b]
                .into_iter()
                .map(|files| {
                    let (out, barrier) = (&out, &barrier);
                    s.spawn(move || {
                        barrier.wait();
                        write_tree(out, files).map(|_| ())
                    })
                })
                .collect();
            runs.into_iter().map(|r| r.join().unwrap()).collect::<Vec<_>>()
        });
        for result in results {
            result.unwrap_or_else(|e| panic!("round {round}: a run failed instead of waiting its turn: {e}"));
        }
        let written = tree(&out);
        assert!(written == a || written == b, "round {round}: {} files, a partial or mixed tree", written.len());
        assert_eq!(leftovers(tmp.path()), Vec::<String>::new(), "round {round}");
    }
}

// Item 8: a planted marker does not make a folder graphgen's.

#[test]
fn a_planted_marker_does_not_make_a_checkout_ours() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("gen");
    std::fs::create_dir_all(out.join(".git")).unwrap();
    std::fs::write(out.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    std::fs::write(out.join("precious.txt"), "keep me").unwrap();
    std::fs::write(out.join(MARKER), "planted").unwrap();
    let err = write_tree(&out, &files(&[("x.rs", "x")])).unwrap_err();
    assert!(err.to_string().contains(".git"), "{err}");
    assert_eq!(std::fs::read_to_string(out.join("precious.txt")).unwrap(), "keep me");
    assert!(out.join(".git/HEAD").is_file());
}

#[test]
fn a_marker_that_is_a_link_is_not_ours() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("gen");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("precious.txt"), "keep me").unwrap();
    std::fs::write(tmp.path().join("elsewhere"), "").unwrap();
    std::os::unix::fs::symlink(tmp.path().join("elsewhere"), out.join(MARKER)).unwrap();
    let err = write_tree(&out, &files(&[("x.rs", "x")])).unwrap_err();
    assert!(err.to_string().contains("not a regular file"), "{err}");
    assert_eq!(std::fs::read_to_string(out.join("precious.txt")).unwrap(), "keep me");
}

// Item 9: a folder beside the output that graphgen did not make stays.

#[test]
fn a_foreign_folder_under_graphgen_s_old_name_is_never_removed() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("gen");
    write_tree(&out, &files(&[("a.rs", "a")])).unwrap();
    let foreign = tmp.path().join(".gen.graphgen-old");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("notes.txt"), "mine").unwrap();
    let err = write_tree(&out, &files(&[("a.rs", "a2")])).unwrap_err();
    assert!(err.to_string().contains("was not made by graphgen"), "{err}");
    assert_eq!(std::fs::read_to_string(foreign.join("notes.txt")).unwrap(), "mine");
    assert_eq!(std::fs::read_to_string(out.join("a.rs")).unwrap(), "a", "the output is left as it was");
}

// Item 10: `--out .` writes the current folder.

fn graphgen(dir: &Path, args: &[&str]) -> std::process::Output {
    let docs = fs_support::repo_docs();
    Command::new(env!("CARGO_BIN_EXE_graphgen"))
        .current_dir(dir)
        .args(["generate", "--quiet", "--docs"])
        .arg(&docs)
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn out_dot_generates_into_the_current_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let gen = tmp.path().join("gen");
    std::fs::create_dir_all(&gen).unwrap();
    for run in 0..2 {
        let output = graphgen(&gen, &["--out", "."]);
        assert!(output.status.success(), "run {run}: {}", String::from_utf8_lossy(&output.stderr));
        assert!(gen.join(MARKER).is_file() && gen.join("Cargo.toml").is_file(), "run {run}");
        let inside: Vec<_> = std::fs::read_dir(&gen).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert!(!inside.iter().any(|n| n != MARKER && n != "graphgen-features.json" && n.to_string_lossy().contains("graphgen-")), "run {run}: {inside:?}");
        assert_eq!(leftovers(tmp.path()), Vec::<String>::new(), "run {run}");
    }
}

// Item 12: a failed write leaves nothing behind.

#[test]
fn a_write_that_fails_half_way_leaves_no_staging_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("gen");
    write_tree(&out, &files(&[("src/a.rs", "old a")])).unwrap();
    // A file and a folder of one name cannot both be written.
    let failing = files(&[("src/a.rs", "new a"), ("src/z", "file"), ("src/z/inner.rs", "dir")]);
    assert!(write_tree(&out, &failing).is_err());
    assert_eq!(leftovers(tmp.path()), Vec::<String>::new());
    assert_eq!(std::fs::read_to_string(out.join("src/a.rs")).unwrap(), "old a");
}

#[test]
fn an_update_that_fails_before_its_commit_point_leaves_no_journal() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("gen");
    let first = files(&[("src/a.rs", "a")]);
    write_tree(&out, &first).unwrap();
    let failing = files(&[("src/a.rs", "a2"), ("src/z", "file"), ("src/z/inner.rs", "dir")]);
    assert!(update_tree(&out, &first, &failing).is_err());
    assert_eq!(leftovers(tmp.path()), Vec::<String>::new());
    assert_eq!(std::fs::read_to_string(out.join("src/a.rs")).unwrap(), "a");
}

#[test]
fn a_full_disk_leaves_the_previous_output_and_nothing_else() {
    let tmp = tempfile::tempdir().unwrap();
    let gen = tmp.path().join("gen");
    let first = graphgen(tmp.path(), &["--out", "gen"]);
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    let before = tree(&gen);
    // Files may grow to 4 or 8 KiB only (`ulimit -f 8`, blocks of 512 or
    // 1024 bytes by shell: RLIMIT_FSIZE, with SIGXFSZ ignored so
    // the write fails with EFBIG as on a full disk); the generated files
    // are bigger, so the run (whose files all differ, without the feature
    // gates) fails part-way through staging its tree.
    let script = format!(
        "trap '' XFSZ; ulimit -f 8; exec \"$0\" generate --quiet --docs {:?} --out gen --no-features",
        fs_support::repo_docs()
    );
    let failed = Command::new("sh").current_dir(tmp.path()).args(["-c", &script, env!("CARGO_BIN_EXE_graphgen")]).output().unwrap();
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(!failed.status.success(), "the write was meant to fail: {stderr}");
    assert!(stderr.contains("File too large"), "{stderr}");
    assert_eq!(leftovers(tmp.path()), Vec::<String>::new(), "{stderr}");
    assert_eq!(tree(&gen), before, "the previous output is intact");
}

#[test]
fn a_foreign_folder_under_graphgen_s_journal_name_is_never_removed() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("gen");
    let first = files(&[("a.rs", "a")]);
    write_tree(&out, &first).unwrap();
    let foreign = tmp.path().join(".gen.graphgen-journal");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("notes.txt"), "mine").unwrap();
    let err = update_tree(&out, &first, &files(&[("a.rs", "a2")])).unwrap_err();
    assert!(err.to_string().contains("was not made by graphgen"), "{err}");
    assert_eq!(std::fs::read_to_string(foreign.join("notes.txt")).unwrap(), "mine");
}
