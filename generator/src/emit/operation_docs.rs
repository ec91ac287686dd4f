//! The docs of an operation method: what a Graph developer looks for
//! before calling it, in the order they look: what it does, the request it
//! sends, the permissions to ask for (least privileged apart from higher
//! privileged, per scenario), the function parameters, query options and
//! headers (required only where the page says so without a condition), an
//! example built from the page's example request, and the published
//! reference page.

use super::doc_text;
use super::docs::DocBuilder;
use crate::schema::{Operation, Permission, PermissionKind, RequestBody, Schema, Segment};
use proc_macro2::TokenStream;

/// The docs of the method that sends `op` by its path number `path`: the
/// request it sends (that path only: the method on each of an operation's
/// paths has these docs, so listing all of them would grow with the square
/// of the path count), then permissions, parameters, query options,
/// headers, `example` (Rust code, when the page has an example request on
/// this path) and the reference. `view` is the reference's version.
pub fn operation_docs(schema: &Schema, op: &Operation, path: usize, view: Option<&str>, example: Option<&str>) -> TokenStream {
    let page = op.source.file.as_str();
    let mut doc = DocBuilder::new();
    doc.text(&op.description);
    doc.paragraph_break();
    let template = op.paths.get(path).or(op.paths.first());
    let raw = template.map_or("", |p| p.raw.as_str());
    let others = match op.paths.len() {
        0 | 1 => String::new(),
        2 => " (the operation has one other path, with a method of its own)".to_owned(),
        n => format!(" (the operation has {} other paths, each with a method of its own)", n - 1),
    };
    doc.line(format!("HTTP: `{} {raw}`{others}", op.method.as_str()));
    if op.body == Some(RequestBody::Reference) {
        doc.paragraph_break().line(
            "Body: `{\"@odata.id\": target}`, where `target` is the URL of the entity to reference, as text \
             (e.g. `https://graph.microsoft.com/beta/directoryObjects/{id}`) or a builder's `path()` \
             (`graphgen_runtime::ReferenceTarget`).",
        );
    }
    if !op.parameters.is_empty() {
        // The call in the path takes the required parameters; say which
        // ones it leaves out, so nobody looks for them in the signature.
        let call_args = match template.and_then(|t| t.segments.last()) {
            Some(Segment::Function { args, .. }) => args.as_slice(),
            _ => &[],
        };
        doc.paragraph_break().line("Function parameters:");
        for p in &op.parameters {
            let sent = call_args.iter().any(|a| a.name.eq_ignore_ascii_case(&p.name));
            let note = if sent { "" } else { " (optional; this method does not send it)" };
            let description = p.description.split_whitespace().collect::<Vec<_>>().join(" ");
            doc.line(format!("- `{}`{note}: {}", p.name, doc_text::linked(&description, &p.links, page, view)));
        }
    }
    doc.block(permissions_section(&op.permissions));
    if let Some(line) = query_options_line(op) {
        doc.paragraph_break().line(line);
    }
    if !op.headers.is_empty() {
        doc.paragraph_break().line("# Headers").paragraph_break();
        for h in &op.headers {
            let required = if h.required { " (required)" } else { "" };
            let description = h.description.split_whitespace().collect::<Vec<_>>().join(" ");
            doc.line(format!("- `{}`{required}: {}", h.name, doc_text::escape(&description)));
        }
    }
    if let Some(code) = example {
        doc.paragraph_break().line("# Example").paragraph_break();
        doc.line("Built from the page's example request (graphgen's example tests compile and check the same chain):");
        doc.paragraph_break();
        doc.line("```rust,ignore");
        for line in code.lines() {
            doc.line(line);
        }
        doc.line("```");
    }
    if let Some(note) = super::upload_session::operation_note(schema, op) {
        doc.paragraph_break().line(note);
    }
    if let Some(url) = doc_text::reference_url(page, view) {
        doc.paragraph_break().line(format!("Reference: <{url}>"));
    }
    doc.source(&op.source, &op.merged_from);
    doc.tokens()
}

/// `# Permissions` and a table: one row per kind (and scenario, when the
/// page has several), least privileged scopes apart from higher ones.
fn permissions_section(permissions: &[Permission]) -> Vec<String> {
    let mut lines = vec!["# Permissions".to_owned(), String::new()];
    if permissions.is_empty() {
        lines.push("Not stated in these docs; see the reference page.".to_owned());
        return lines;
    }
    let scenarios = permissions.iter().any(|p| p.scenario.is_some());
    let (head, rule) = if scenarios {
        ("| Scenario | Permission type | Least privileged | Higher privileged |", "|---|---|---|---|")
    } else {
        ("| Permission type | Least privileged | Higher privileged |", "|---|---|---|")
    };
    lines.push(head.to_owned());
    lines.push(rule.to_owned());
    for p in permissions {
        let kind = match p.kind {
            PermissionKind::DelegatedWork => "Delegated (work or school account)",
            PermissionKind::DelegatedPersonal => "Delegated (personal Microsoft account)",
            PermissionKind::Application => "Application",
        };
        let least = if p.not_supported {
            "not supported".to_owned()
        } else if p.least.is_empty() && p.higher.is_empty() {
            "none needed".to_owned()
        } else {
            scopes(&p.least)
        };
        let scenario = match (&p.scenario, scenarios) {
            (Some(s), _) => format!("| {} ", doc_text::escape(s).replace('|', "\\|")),
            (None, true) => "| ".to_owned(),
            (None, false) => String::new(),
        };
        lines.push(format!("{scenario}| {kind} | {least} | {} |", scopes(&p.higher)));
    }
    lines
}

fn scopes(list: &[String]) -> String {
    list.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ")
}

/// What the builder offers of the OData query options and why; the raw
/// `.query(name, value)` reaches the others.
fn query_options_line(op: &Operation) -> Option<String> {
    use crate::schema::{query_options, QueryOptionsSaid};
    let offered = query_options::offered(op);
    let names = |list: &[String]| list.iter().map(|o| format!("`${o}`")).collect::<Vec<_>>().join(", ");
    let typed: Vec<String> = offered.iter().filter(|o| query_options::TYPED.contains(&o.as_str())).cloned().collect();
    let untyped: Vec<String> = offered.iter().filter(|o| !query_options::TYPED.contains(&o.as_str())).cloned().collect();
    let said_nothing = op.query_options_said == QueryOptionsSaid::Unstated && op.query_options_unsupported.is_empty();
    if said_nothing && offered.is_empty() {
        return None;
    }
    let mut line = match (op.query_options_said, typed.is_empty()) {
        (QueryOptionsSaid::Listed, false) => format!("Query options (those the page lists): {}.", names(&typed)),
        (QueryOptionsSaid::None, false) => format!("Query options: {} (the page says none, its examples use these).", names(&typed)),
        (QueryOptionsSaid::Unstated, false) => format!("Query options: {} (the page lists none: the default for this kind of request).", names(&typed)),
        (QueryOptionsSaid::None, true) => "Query options: none (the page says this method supports none).".to_owned(),
        (_, true) => "Query options: none with a typed method.".to_owned(),
    };
    if !untyped.is_empty() {
        line.push_str(&format!(" Also supported, without a typed method: {}.", names(&untyped)));
    }
    if !op.query_options_unsupported.is_empty() {
        line.push_str(&format!(" Not supported, says the page: {}.", names(&op.query_options_unsupported)));
    }
    line.push_str(" Any other parameter: `.query(name, value)`.");
    Some(line)
}
