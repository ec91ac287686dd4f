//! Selections that cannot miss silently (issue 15, item 2): every item that
//! matches nothing is an error naming the nearest names, from the builder
//! and from the command line; operations match whatever their placeholders
//! are called; the selection is recorded in the output folder's marker and
//! `generate --check` uses it.

mod fs_support;

use fs_support::{copy_tree, repo_docs};
use graphgen::select::{check, select, Selection};
use graphgen::{pipeline, BuildError, Builder};
use std::path::Path;
use std::process::Command;

fn schema() -> graphgen::schema::Schema {
    pipeline::load(&repo_docs()).unwrap().schema
}

fn ops(list: &[&str]) -> Selection {
    Selection { operations: list.iter().map(|s| s.to_string()).collect(), ..Selection::default() }
}

#[test]
fn each_kind_of_typo_names_the_nearest_match() {
    let schema = schema();
    let selection = Selection {
        workloads: vec!["intune-enrolment".into()],
        operations: vec!["staffmember-lst".into(), "GET /staffMember".into()],
        paths: vec!["/deviceManagment".into()],
        types: vec!["staffMembr".into()],
    };
    let err = check(&schema, &selection).unwrap_err();
    let by_item = |item: &str| err.misses.iter().find(|m| m.item == item).unwrap_or_else(|| panic!("{item} missed: {err}"));
    assert_eq!(err.misses.len(), 5, "{err}");
    assert_eq!(by_item("intune-enrolment").kind, "workload");
    assert_eq!(by_item("intune-enrolment").nearest, ["intune-enrollment"]);
    assert_eq!(by_item("staffmember-lst").nearest[0], "staffmember-list");
    assert_eq!(by_item("GET /staffMember").nearest[0], "GET /staffMembers");
    assert_eq!(by_item("/deviceManagment").nearest, ["/deviceManagement"]);
    assert_eq!(by_item("staffMembr").nearest[0], "staffMember");
    let message = err.to_string();
    assert!(message.contains("workload `intune-enrolment` matches nothing; did you mean `intune-enrollment`?"), "{message}");
}

#[test]
fn nothing_near_says_so_without_a_guess() {
    let err = check(&schema(), &ops(&["zzzz-qqqq-xxxx"])).unwrap_err();
    assert_eq!(err.misses[0].nearest, Vec::<String>::new());
    assert!(!err.to_string().contains("did you mean"));
}

#[test]
fn operations_match_whatever_the_placeholder_is_called() {
    let schema = schema();
    for written in ["GET /staffMembers/{staffMemberId}", "GET /staffMembers/{id}", "get /STAFFMEMBERS/{x}", "GET /users/{user-id}/staffProfile"] {
        check(&schema, &ops(&[written])).unwrap_or_else(|e| panic!("{written}: {e}"));
        let picked = select(&schema, &ops(&[written]));
        assert_eq!(picked.operations.len(), 1, "{written}");
        assert_eq!(picked.operations[0].id, "staffmember-get");
    }
    // A placeholder where the page has a literal is another path.
    assert!(check(&schema, &ops(&["GET /{x}/staffMembers"])).is_err());
}

#[test]
fn the_builder_refuses_a_selection_that_misses() {
    let tmp = tempfile::tempdir().unwrap();
    let result = Builder::new(repo_docs()).out_dir(tmp.path()).cargo_directives(false).workloads(["intune-enrolment"]).generate();
    let Err(BuildError::Selection(err)) = result else { panic!("{result:?}") };
    assert_eq!(err.misses[0].nearest, ["intune-enrollment"]);
    assert!(!tmp.path().join(graphgen::OUTPUT_FILE).exists(), "nothing is generated from a selection with a typo");
}

fn graphgen(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_graphgen")).args(args).output().expect("run graphgen")
}

#[test]
fn the_command_line_refuses_a_selection_that_misses() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let docs = repo_docs();
    let run = graphgen(&["generate", "--docs", docs.to_str().unwrap(), "--out", out.to_str().unwrap(), "--types", "usr,staffMembr", "-q"]);
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("type `usr` matches nothing"), "{stderr}");
    assert!(stderr.contains("type `staffMembr` matches nothing; did you mean `staffMember`"), "{stderr}");
    assert!(!out.exists());
}

#[test]
fn check_uses_the_selection_recorded_in_the_marker() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    copy_tree(&repo_docs(), &docs);
    let out = tmp.path().join("out");
    let (d, o) = (docs.to_str().unwrap(), out.to_str().unwrap());
    let made = graphgen(&["generate", "--docs", d, "--out", o, "--operation", "GET /staffMembers/{id}", "--workloads", "intune-enrollment", "-q"]);
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    let marker = std::fs::read_to_string(out.join(graphgen::output::MARKER)).unwrap();
    let recorded = Selection::from_marker(&marker).unwrap();
    assert_eq!(recorded.operations, ["GET /staffMembers/{id}"]);
    assert_eq!(recorded.workloads, ["intune-enrollment"]);

    // No selection given: the recorded one is used, and the run says so.
    let fresh = graphgen(&["generate", "--docs", d, "--out", o, "--check", "-q"]);
    let stderr = String::from_utf8_lossy(&fresh.stderr);
    assert!(fresh.status.success(), "{stderr}");
    assert!(stderr.contains("checking with the selection recorded in"), "{stderr}");
    assert!(stderr.contains("operation `GET /staffMembers/{id}`"), "{stderr}");

    // A selected page edited: stale. An unselected one: still fresh.
    let unrelated = docs.join("api/reportroot-getbadgescancounts.md");
    append(&unrelated, "\nAnother paragraph.\n");
    assert!(graphgen(&["generate", "--docs", d, "--out", o, "--check", "-q"]).status.success());
    let selected = docs.join("api/staffmember-get.md");
    let text = std::fs::read_to_string(&selected).unwrap();
    let edited: String = text
        .lines()
        .map(|l| if l.starts_with("description:") { "description: \"An edited description.\"".to_owned() } else { l.to_owned() })
        .collect::<Vec<_>>()
        .join("\n");
    assert_ne!(edited, text);
    std::fs::write(&selected, edited).unwrap();
    let stale = graphgen(&["generate", "--docs", d, "--out", o, "--check", "-q"]);
    assert_eq!(stale.status.code(), Some(1), "{}", String::from_utf8_lossy(&stale.stderr));

    // A whole-docs run records no selection.
    let whole = tmp.path().join("whole");
    assert!(graphgen(&["generate", "--docs", d, "--out", whole.to_str().unwrap(), "-q"]).status.success());
    let marker = std::fs::read_to_string(whole.join(graphgen::output::MARKER)).unwrap();
    assert_eq!(Selection::from_marker(&marker), Some(Selection::default()));
}

#[test]
fn diagnostics_are_scoped_to_what_was_generated() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    copy_tree(&repo_docs(), &docs);
    append(&docs.join("api/reportroot-getbadgescancounts.md"), "\n<!-- { \"blockType\": unrelated-broken } -->\n");
    append(&docs.join("api/staffmember-get.md"), "\n<!-- { \"blockType\": selected-broken } -->\n");
    let out = tmp.path().join("out");
    let (d, o) = (docs.to_str().unwrap(), out.to_str().unwrap());
    let run = graphgen(&["generate", "--docs", d, "--out", o, "--operation", "staffmember-get"]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(stderr.contains("staffmember-get.md"), "{stderr}");
    assert!(!stderr.contains("reportroot-getbadgescancounts.md"), "{stderr}");
    assert!(stderr.contains("more problem(s) elsewhere in the docs"), "{stderr}");
    let all = graphgen(&["generate", "--docs", d, "--out", o, "--operation", "staffmember-get", "--all-diagnostics"]);
    assert!(String::from_utf8_lossy(&all.stderr).contains("reportroot-getbadgescancounts.md"));
}

fn append(path: &Path, text: &str) {
    let content = std::fs::read_to_string(path).unwrap() + text;
    std::fs::write(path, content).unwrap();
}
