//! A regeneration session gives, after every kind of docs edit, exactly the
//! files and diagnostics a fresh full run gives, while reading only the
//! pages the edit touched; and `update_tree` writes only the changed files.

mod fs_support;

use fs_support::{copy_tree, repo_docs, reworded_text, with_blank_line_under_title};
use graphgen::emit::{EmitOptions, Layout};
use graphgen::incremental::Session;
use graphgen::{output, pipeline};
use std::path::Path;
use std::time::{Duration, SystemTime};

fn options() -> EmitOptions {
    EmitOptions {
        crate_name: "incremental-check".into(),
        runtime_dependency: "\"0.1\"".into(),
        layout: Layout::Crate,
        features: true,
        feature_map: None,
    }
}

/// Write `text` to `path` with a modification time no earlier write had,
/// so the edit is visible whatever the file system's time resolution.
fn write_later(path: &Path, text: &str, tick: &mut u64) {
    std::fs::write(path, text).unwrap();
    *tick += 1;
    let file = std::fs::File::options().write(true).open(path).unwrap();
    file.set_modified(SystemTime::now() + Duration::from_secs(*tick)).unwrap();
}

fn edit(path: &Path, from: &str, to: &str, tick: &mut u64) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} does not contain {from:?}", path.display());
    write_later(path, &text.replacen(from, to, 1), tick);
}

/// What a generation said of itself: files made afresh, whether anything
/// changed, whether it handed back the previous files, and whether it
/// reused the last resolution instead of resolving.
struct Said {
    made: usize,
    changed: bool,
    previous: bool,
    reused: bool,
}

/// The session's result must equal a fresh run's: schema, files and
/// diagnostics.
fn assert_same_as_full_run(session: &mut Session, docs: &Path, expect_read: Option<usize>, what: &str) -> Said {
    let regenerated = session.generate().unwrap();
    let full = pipeline::generate(pipeline::load(docs).unwrap(), &options());
    if let Some(n) = expect_read {
        assert_eq!(regenerated.pages_read, n, "{what}: pages read again");
    }
    assert_eq!(regenerated.diagnostics, full.loaded.diagnostics, "{what}: diagnostics");
    let (a, b) = (&regenerated.files.files, &full.files.files);
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>(), "{what}: file list");
    for (path, text) in b {
        assert!(a[path] == *text, "{what}: {path} differs from a full run");
    }
    let said = Said {
        made: regenerated.files_made,
        changed: regenerated.changed,
        previous: regenerated.previous.is_some(),
        reused: regenerated.reused_resolution,
    };
    assert!(session.schema() == Some(&full.loaded.schema), "{what}: schema differs from a full run's");
    said
}

#[test]
fn every_kind_of_edit_regenerates_exactly_what_a_full_run_gives() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    copy_tree(&repo_docs(), &docs);
    let mut session = Session::new(&docs, options());
    let mut tick = 0;
    let pages = graphgen::corpus::list_pages(&docs).unwrap().len();
    let first = assert_same_as_full_run(&mut session, &docs, Some(pages), "first run");
    assert!(first.changed && !first.previous, "a first run changes everything and has no previous files");
    let all = first.made;
    let idle = assert_same_as_full_run(&mut session, &docs, Some(0), "nothing changed");
    assert_eq!((idle.made, idle.changed, idle.previous), (0, false, false), "nothing made afresh, nothing to write");

    let staff = docs.join("resources/staffmember.md");
    edit(&staff, "Payroll number assigned", "Payroll number given", &mut tick);
    let said = assert_same_as_full_run(&mut session, &docs, Some(1), "a property description");
    assert!(said.made >= 1 && said.made < all, "a description edit remakes a few files ({} of {all})", said.made);
    assert!(said.reused, "a reworded description of the page's own reuses the last resolution");

    edit(&staff, "| employeeNumber | Int64 |", "| employeeNumber | String |", &mut tick);
    assert_same_as_full_run(&mut session, &docs, Some(1), "a property type (derived and referring files)");

    edit(&staff, "Inherits from [directoryItem](directoryitem.md).", "", &mut tick);
    assert_same_as_full_run(&mut session, &docs, Some(1), "a base type");

    let update = docs.join("api/staffmember-update.md");
    let text = std::fs::read_to_string(&update).unwrap();
    let title = text.lines().find(|l| l.starts_with("# ")).expect("a title").to_owned();
    edit(&update, &title, &format!("{title}\n\nA sentence that moves every line below it."), &mut tick);
    assert_same_as_full_run(&mut session, &docs, Some(1), "lines inserted in an operation page");

    edit(&staff, "\n## Properties", "\n> A note that moves the tables below it.\n\n## Properties", &mut tick);
    let moved = assert_same_as_full_run(&mut session, &docs, Some(1), "lines inserted above a type's tables");
    assert!(moved.reused && moved.made >= 1, "the type's lines are renumbered, and the files citing them made again");
    edit(&staff, "A note that moves", "A note that shifts", &mut tick);
    let same = assert_same_as_full_run(&mut session, &docs, Some(1), "a sentence no reader reads");
    assert!(same.reused && same.made == 0 && same.changed, "nothing to make again, a page to say was read");

    let list = docs.join("api/staffmember-list.md");
    let text = std::fs::read_to_string(&list).unwrap();
    let description = text.lines().find(|l| l.starts_with("description:")).expect("front matter description").to_owned();
    edit(&list, &description, "description: \"Every staff member, a page at a time.\"", &mut tick);
    assert_same_as_full_run(&mut session, &docs, Some(1), "an operation page");

    edit(&list, "GET /staffMembers", "GET /staffMembers/all", &mut tick);
    assert_same_as_full_run(&mut session, &docs, None, "an operation's path (names may move)");

    let include = docs.join("includes/permissions/staffmember-get-permissions.md");
    let text = std::fs::read_to_string(&include).unwrap();
    write_later(&include, &format!("{text}\n"), &mut tick);
    assert_same_as_full_run(&mut session, &docs, Some(1), "an include");

    std::fs::remove_file(docs.join("api/staffmember-delete.md")).unwrap();
    let deleted = assert_same_as_full_run(&mut session, &docs, Some(0), "a deleted page");
    assert!(deleted.changed && deleted.previous, "a deletion reads no page but is a change to write");

    let copy = docs.join("resources/staffmember-copy.md");
    write_later(&copy, &std::fs::read_to_string(&staff).unwrap().replace("# staffMember", "# staffMemberCopy"), &mut tick);
    assert_same_as_full_run(&mut session, &docs, Some(1), "a new page");
}

/// Where an edit changes only what resolution carries (lines moved, a
/// description reworded), the session reuses the last resolution: after
/// such edits of each page of `docs/`, it must give what a full run gives.
/// A blank line only moves lines, so each must have been reused.
#[test]
fn edits_of_what_resolution_carries_give_exactly_what_a_full_run_gives() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    copy_tree(&repo_docs(), &docs);
    let mut session = Session::new(&docs, options());
    let mut tick = 0;
    assert_same_as_full_run(&mut session, &docs, None, "first run");
    let (mut moved, mut reworded, mut rewordings) = (0, 0, 0);
    let pages = graphgen::corpus::list_pages(&docs).unwrap();
    for page in &pages {
        let path = docs.join(page);
        let text = std::fs::read_to_string(&path).unwrap();
        write_later(&path, &with_blank_line_under_title(&text), &mut tick);
        moved += usize::from(assert_same_as_full_run(&mut session, &docs, Some(1), &format!("a blank line in {page}")).reused);
        if let Some(edited) = reworded_text(&text, false) {
            rewordings += 1;
            write_later(&path, &edited, &mut tick);
            reworded += usize::from(assert_same_as_full_run(&mut session, &docs, Some(1), &format!("rewording in {page}")).reused);
        }
        // Headers' descriptions too: mostly texts many pages share.
        if let Some(edited) = reworded_text(&text, true) {
            write_later(&path, &edited, &mut tick);
            assert_same_as_full_run(&mut session, &docs, Some(1), &format!("rewording with headers in {page}"));
        }
        write_later(&path, &text, &mut tick);
        assert_same_as_full_run(&mut session, &docs, Some(1), &format!("{page} as it was"));
    }
    assert_eq!(moved, pages.len(), "every page's blank line was renumbered, not resolved again");
    eprintln!("rewordings reused the last resolution on {reworded} of {rewordings} pages");
    assert!(reworded * 2 > rewordings, "most rewordings reuse the last resolution ({reworded} of {rewordings})");
}

#[test]
fn update_tree_writes_only_the_changed_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let file = |entries: &[(&str, &str)]| entries.iter().map(|(p, t)| (p.to_string(), t.to_string())).collect();
    let first = file(&[("src/a.rs", "a"), ("src/b.rs", "b"), ("src/old/c.rs", "c")]);
    output::write_tree(&out, &first).unwrap();
    let untouched = std::fs::metadata(out.join("src/a.rs")).unwrap().modified().unwrap();
    std::thread::sleep(Duration::from_millis(20));

    let second = file(&[("src/a.rs", "a"), ("src/b.rs", "b2"), ("src/new.rs", "n")]);
    let report = output::update_tree(&out, &first, &second).unwrap();
    assert_eq!(report.changed, vec!["src/b.rs"]);
    assert_eq!(report.added, vec!["src/new.rs"]);
    assert_eq!(report.removed, vec!["src/old/c.rs"]);
    assert_eq!(report.unchanged, 1);
    assert_eq!(std::fs::read_to_string(out.join("src/b.rs")).unwrap(), "b2");
    assert!(!out.join("src/old").exists(), "an emptied folder goes too");
    assert_eq!(std::fs::metadata(out.join("src/a.rs")).unwrap().modified().unwrap(), untouched);
    assert!(output::check(&out, &second).unwrap().is_fresh());
    assert!(out.join(output::MARKER).is_file());
}

#[test]
fn an_interrupted_update_is_dropped_before_its_commit_and_finished_after() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let journal = dir.path().join(".out.graphgen-journal");
    let files = |b: &str| [("src/a.rs".to_string(), "a".to_string()), ("src/b.rs".to_string(), b.to_string())].into();
    output::write_tree(&out, &files("b")).unwrap();

    // Killed before the commit point: the new file sits in the journal only.
    std::fs::create_dir_all(journal.join("files/src")).unwrap();
    std::fs::write(journal.join("files/src/b.rs"), "half").unwrap();
    std::fs::write(journal.join("removed"), "src/a.rs").unwrap();
    output::recover_journal(&out).unwrap();
    assert!(!journal.exists());
    assert!(output::check(&out, &files("b")).unwrap().is_fresh(), "the previous output is intact");

    // Killed after it: the next run finishes the update.
    std::fs::create_dir_all(journal.join("files/src")).unwrap();
    std::fs::write(journal.join("files/src/b.rs"), "b2").unwrap();
    std::fs::write(journal.join("removed"), "").unwrap();
    std::fs::write(journal.join("committed"), "").unwrap();
    output::write_tree(&out, &files("b2")).unwrap();
    assert!(!journal.exists());
    assert!(output::check(&out, &files("b2")).unwrap().is_fresh());
}
