//! Which of several pages that describe one type or endpoint is its own
//! page: the one whose word counts for what cannot be merged (a type's
//! description, base, key; an operation's id, name, kind, body, response).
//!
//! The rule follows how the reference names its files, never particular
//! names. A resource page is named after its type (`user.md` for `user`,
//! `callrecords-session.md` for `callRecords.session`). Workloads that show
//! the slice of a shared type or endpoint they use write their own copy,
//! named with the workload in front (`intune-shared-user.md`,
//! `intune-shared-user-list.md`, from front matter `ms.prod: intune` and
//! the stem's area, see [`super::workload`]). Titles do not tell them apart:
//! the copies keep the title (`# user resource type`).
//!
//! So, best first:
//! 0. (types) the file stem names the type alone: the type's name, or its
//!    namespace's last part and its name (`callrecords-session`), compared
//!    without case and separators;
//! 1. a page whose stem does not start with its own workload: a general page
//!    (for an enum: the page of a type that lists its values, `enums.md`);
//! 2. a workload's copy: the stem starts with `<workload>-`.
//!
//! Ties go to the page first in path order, as everything else does.

use super::workload;

/// Rank of a page describing the type `namespace.name` (lower is better).
pub fn type_rank(file: &str, namespace: &str, name: &str, workloads: &[String]) -> u8 {
    let stem = squash(workload::stem(file));
    let short = squash(name);
    let ns_last = squash(namespace.rsplit('.').next().unwrap_or(""));
    if stem == short || stem == format!("{ns_last}{short}") {
        0
    } else {
        1 + u8::from(is_workload_copy(file, workloads))
    }
}

/// Rank of a page describing an operation (lower is better): a general
/// page before a workload's copy.
pub fn operation_rank(file: &str, workloads: &[String]) -> u8 {
    u8::from(is_workload_copy(file, workloads))
}

/// The page's stem starts with one of its own workloads and a dash.
fn is_workload_copy(file: &str, workloads: &[String]) -> bool {
    let stem = workload::stem(file).to_ascii_lowercase();
    workloads.iter().any(|w| !w.is_empty() && stem.strip_prefix(w.as_str()).is_some_and(|rest| rest.starts_with('-')))
}

/// Lowercase letters and digits only (`call-records_Session` -> `callrecordssession`).
fn squash(s: &str) -> String {
    s.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Vec<String> {
        vec![s.to_owned()]
    }

    #[test]
    fn the_page_named_for_the_type_beats_a_general_page_beats_a_workload_copy() {
        assert_eq!(type_rank("resources/gadget.md", "microsoft.graph", "gadget", &w("widgets")), 0);
        assert_eq!(type_rank("resources/fleet-gadget.md", "microsoft.graph.fleet", "gadget", &w("fleet")), 0);
        assert_eq!(type_rank("resources/enums.md", "microsoft.graph", "gadgetMode", &w("widgets")), 1);
        assert_eq!(type_rank("resources/widgets-store-gadget.md", "microsoft.graph", "gadget", &w("widgets-store")), 2);
        // A prefix that is not the page's own workload is just a name.
        assert_eq!(type_rank("resources/store-gadget.md", "microsoft.graph", "gadget", &w("widgets")), 1);
        assert_eq!(operation_rank("api/gadget-list.md", &w("widgets")), 0);
        assert_eq!(operation_rank("api/widgets-store-gadget-list.md", &w("widgets-store")), 1);
        // `widgetsstore-...` does not start with `widgets-`.
        assert_eq!(operation_rank("api/widgetsstore-gadget-list.md", &w("widgets")), 0);
    }
}
