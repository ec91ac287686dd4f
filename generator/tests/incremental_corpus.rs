//! Reusing the last resolution on the real reference (read at runtime,
//! copied to a temporary folder, never into the repository): after a blank
//! line is added under the title of sampled pages, and after their
//! descriptions are reworded, a session gives exactly what a full run gives.
//! `GRAPHGEN_RENUMBER_SAMPLE` sets how many pages are sampled (default 2,
//! plus the seed page). Skips with a message when the corpus is absent.

mod emit_support;
mod fs_support;

use fs_support::{copy_tree, reworded_text, with_blank_line_under_title};
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
fn corpus_pages_edited_in_what_resolution_carries_give_exactly_what_a_full_run_gives() {
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
    let (mut moved, mut reworded, mut rewordings) = (Vec::new(), 0, 0);
    let mut tick = 0;
    for page in &sampled {
        let path = docs.join(page);
        let text = std::fs::read_to_string(&path).unwrap();
        let edits = [Some(with_blank_line_under_title(&text)), reworded_text(&text, false), Some(text.clone())];
        for (n, edited) in edits.into_iter().enumerate() {
            let Some(edited) = edited else { continue };
            std::fs::write(&path, edited).unwrap();
            // A modification time no earlier write had.
            tick += 1;
            let later = SystemTime::now() + Duration::from_secs(tick);
            std::fs::File::options().write(true).open(&path).unwrap().set_modified(later).unwrap();
            let regenerated = session.generate().unwrap();
            let (diagnostics, files, reused) =
                (regenerated.diagnostics.clone(), regenerated.files.files.clone(), regenerated.reused_resolution);
            match n {
                0 if reused => moved.push(page.as_str()),
                1 => (rewordings, reworded) = (rewordings + 1, reworded + usize::from(reused)),
                // Back as it was: checked by the next edit's comparison.
                2 => continue,
                _ => {}
            }
            let full = pipeline::generate(pipeline::load(&docs).unwrap(), &options());
            assert!(session.schema() == Some(&full.loaded.schema), "{page}, edit {n}: schema differs from a full run's");
            assert_eq!(diagnostics, full.loaded.diagnostics, "{page}, edit {n}: diagnostics");
            assert!(files == full.files.files, "{page}, edit {n}: files differ from a full run's");
        }
    }
    eprintln!("lines moved: reused on {} of {} sampled pages: {moved:?}", moved.len(), sampled.len());
    eprintln!("descriptions reworded: reused on {reworded} of {rewordings} pages");
    assert!(moved.contains(&SEED_PAGE), "the seed page's blank line is renumbered, not resolved again");
}
