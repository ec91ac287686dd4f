//! Renumbering on the real reference (read at runtime, copied to a temporary
//! folder, never into the repository): after a blank line is added under the
//! title of sampled pages, a session gives exactly what a full run gives.
//! `GRAPHGEN_RENUMBER_SAMPLE` sets how many pages are sampled (default 2,
//! plus the seed page). Skips with a message when the corpus is absent.

mod emit_support;
mod fs_support;

use fs_support::copy_tree;
use graphgen::emit::{EmitOptions, Layout};
use graphgen::incremental::Session;
use graphgen::pipeline;
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

/// Page used as the seed (test data, not a rule of the builder).
const SEED_PAGE: &str = "api/intune-enrollment-importedwindowsautopilotdeviceidentity-import.md";

fn options() -> EmitOptions {
    emit_support::options(Layout::Crate, true, "\"0.1\"")
}

#[test]
fn corpus_pages_that_gain_a_line_renumber_exactly_what_a_full_run_gives() {
    let workspace = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/.."));
    let Some(corpus) = graphgen::corpus::reference_docs(&workspace) else { return };
    let sample: usize = std::env::var("GRAPHGEN_RENUMBER_SAMPLE").ok().and_then(|n| n.parse().ok()).unwrap_or(2);
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    for folder in graphgen::corpus::PAGE_FOLDERS {
        copy_tree(&corpus.join(folder), &docs.join(folder));
    }
    let pages = graphgen::corpus::list_pages(&docs).unwrap();
    let step = (pages.len() / sample.max(1)).max(1);
    let mut sampled: Vec<&String> = pages.iter().step_by(step).take(sample).collect();
    sampled.extend(pages.iter().filter(|p| *p == SEED_PAGE));

    let mut session = Session::new(&docs, options());
    session.generate().unwrap();
    let mut renumbered = Vec::new();
    for (n, page) in sampled.iter().enumerate() {
        let path = docs.join(page);
        let text = std::fs::read_to_string(&path).unwrap();
        let at = text.find("\n# ").and_then(|i| text[i + 1..].find('\n').map(|j| i + 1 + j)).unwrap_or(0);
        std::fs::write(&path, format!("{}\n{}", &text[..at], &text[at..])).unwrap();
        // A modification time no earlier write had.
        let later = SystemTime::now() + Duration::from_secs(2 * n as u64 + 1);
        std::fs::File::options().write(true).open(&path).unwrap().set_modified(later).unwrap();

        let regenerated = session.generate().unwrap();
        let (diagnostics, files) = (regenerated.diagnostics.clone(), regenerated.files.files.clone());
        if regenerated.renumbered {
            renumbered.push(page.as_str());
        }
        let full = pipeline::generate(pipeline::load(&docs).unwrap(), &options());
        assert!(session.schema() == Some(&full.loaded.schema), "{page}: schema differs from a full run's");
        assert_eq!(diagnostics, full.loaded.diagnostics, "{page}: diagnostics");
        assert!(files == full.files.files, "{page}: files differ from a full run's");

        std::fs::write(&path, &text).unwrap();
        let later = SystemTime::now() + Duration::from_secs(2 * n as u64 + 2);
        std::fs::File::options().write(true).open(&path).unwrap().set_modified(later).unwrap();
        session.generate().unwrap();
    }
    eprintln!("renumbered {} of {} sampled pages: {renumbered:?}", renumbered.len(), sampled.len());
    assert!(renumbered.contains(&SEED_PAGE), "the seed page's blank line is renumbered, not resolved again");
}
