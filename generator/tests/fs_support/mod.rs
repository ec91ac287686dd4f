//! File-system and cargo helpers the integration tests share: copies of
//! `docs/` to edit, and `cargo` runs on emitted crates.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The workspace root (the parent of `generator/`).
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("generator/ has a parent").to_path_buf()
}

/// The repository's hand-written docs folder.
pub fn repo_docs() -> PathBuf {
    workspace().join("docs")
}

/// Copy a folder recursively (a private copy of `docs/` a test may edit).
pub fn copy_tree(from: &Path, to: &Path) {
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

/// Run `cargo <args> --quiet` in `dir` with warnings as errors, in one target
/// folder every such test shares (the runtime's dependencies build once);
/// panics with cargo's output on failure.
pub fn cargo(dir: &Path, args: &[&str]) {
    let output = Command::new(env!("CARGO"))
        .args(args)
        .arg("--quiet")
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", workspace().join("target/emit-check"))
        .env("RUSTFLAGS", "-Dwarnings")
        .output()
        .expect("run cargo");
    assert!(
        output.status.success(),
        "cargo {args:?} failed in {}:\n{}",
        dir.display(),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The `graphgen-runtime` dependency of emitted crates: this workspace's runtime.
pub fn runtime_dependency() -> String {
    let runtime = workspace().join("runtime").canonicalize().expect("runtime/ exists next to generator/");
    format!("{{ path = {:?} }}", runtime.display().to_string())
}

/// Write generated files (relative path -> text) below `dir`.
pub fn write_files<T: AsRef<str>>(dir: &Path, files: &std::collections::BTreeMap<String, T>) {
    for (path, text) in files {
        let target = dir.join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, text.as_ref()).unwrap();
    }
}

/// The page with a blank line under its title (at the top of a page
/// without one): an edit that only moves lines.
pub fn with_blank_line_under_title(page: &str) -> String {
    let at = page.find("\n# ").and_then(|i| page[i + 1..].find('\n').map(|j| i + 1 + j)).unwrap_or(0);
    format!("{}\n{}", &page[..at], &page[at..])
}

/// The page with the Description cell of each row of its property,
/// parameter and member tables (a last column so named), and of its header
/// tables too when `headers`, and its first line of prose (not a note,
/// include or namespace) reworded; `None` when it has none of them.
pub fn reworded_text(page: &str, headers: bool) -> Option<String> {
    let body = page.match_indices("---").nth(1).map_or(0, |(i, _)| i + 3);
    let (mut prose_done, mut in_table, mut described, mut changed) = (false, false, false, false);
    let mut out = page[..body].to_owned();
    for line in page[body..].split_inclusive('\n') {
        let trimmed = line.trim_end();
        let is_row = trimmed.starts_with('|') && trimmed.ends_with('|') && trimmed.len() > 1;
        let header = is_row && !in_table;
        in_table = is_row;
        if header {
            let cells: Vec<&str> = trimmed[1..trimmed.len() - 1].split('|').map(str::trim).collect();
            let first = cells.first().map(|c| c.to_ascii_lowercase()).unwrap_or_default();
            described = cells.last().is_some_and(|c| c.eq_ignore_ascii_case("description"))
                && (["property", "parameter", "member"].contains(&first.as_str()) || headers && ["name", "header"].contains(&first.as_str()));
        }
        let data_row = is_row && !header && described && !trimmed.contains("---");
        let prose = !prose_done
            && !is_row
            && trimmed.chars().next().is_some_and(char::is_alphabetic)
            && !trimmed.starts_with("Namespace:")
            && !trimmed.contains("INCLUDE");
        if data_row {
            out.push_str(&format!("{} Reworded here.|\n", trimmed[..trimmed.len() - 1].trim_end()));
            changed = true;
        } else if prose {
            prose_done = true;
            out.push_str(&format!("{trimmed} Reworded here.\n"));
            changed = true;
        } else {
            out.push_str(line);
        }
    }
    changed.then_some(out)
}
